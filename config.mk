# hips build settings: edit here or override on the command line
# (make PREFIX=/usr DESTDIR=/tmp/pkg install).

VERSION = 0.1.0

PREFIX = /usr/local
BINDIR = $(PREFIX)/bin
LIBDIR = $(PREFIX)/lib
PLUGINDIR = $(LIBDIR)/hips
MANPREFIX = $(PREFIX)/share/man
DOCDIR = $(PREFIX)/share/doc/hips
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR = $(PREFIX)/share/fish/vendor_completions.d

CC = cc
CFLAGS = -O2 -g
WARNINGS = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wwrite-strings -Wno-missing-field-initializers
PKG_CONFIG = pkg-config

# Two tricks for the libgit2 of Debian 12 and 13 (see the Makefile), each
# used where the libraries found call for it (auto), or never (no).
DEFER_INIT = auto
CRYPTO_FIRST = auto

# make check SANITIZE=address,undefined
SANITIZE =
