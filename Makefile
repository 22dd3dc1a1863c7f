# hips: see README.md.  `make` builds ./hips and its git plugin,
# `make check` runs every test, `make bench` measures.

include config.mk

# Objects of each build flavour live apart, so a sanitizer build never
# mixes with a plain one.
FLAVOUR = $(if $(SANITIZE),san,std)
B = build/$(FLAVOUR)

SANFLAGS = $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-omit-frame-pointer \
	-fno-sanitize-recover=all,)
HIPS_CPPFLAGS = -D_GNU_SOURCE -DHIPS_VERSION='"$(VERSION)"' \
	-DHIPS_PLUGINDIR='"$(PLUGINDIR)"' -DHIPS_BINDIR='"$(BINDIR)"'
ALL_CFLAGS = -std=c11 $(WARNINGS) $(HIPS_CPPFLAGS) $(CPPFLAGS) $(CFLAGS) \
	$(SANFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)

INIH_CFLAGS = $(shell $(PKG_CONFIG) --cflags inih 2>/dev/null)
INIH_LIBS = $(shell $(PKG_CONFIG) --libs inih 2>/dev/null || echo -linih)
GIT2_CFLAGS = $(shell $(PKG_CONFIG) --cflags libgit2 2>/dev/null)
GIT2_LIBS = $(shell $(PKG_CONFIG) --libs libgit2 2>/dev/null || echo -lgit2)
GIT2_LIBDIR = $(shell $(PKG_CONFIG) --variable=libdir libgit2 2>/dev/null)
# The hips binary takes inih from its static archive when there is one:
# a shared library fewer to map and relocate on every shell prompt.
INIH_A = $(shell $(PKG_CONFIG) --variable=libdir inih 2>/dev/null)/libinih.a
INIH_MAIN = $(if $(wildcard $(INIH_A)),$(INIH_A),$(INIH_LIBS))
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

# The core: every module but the commands, the write path and the git
# plugin.  Unit tests link it whole; none of it touches libgit2.
WRITE_SRC = $(filter-out $(WRITE_PURE_SRC),$(wildcard src/write/*.c))
CMD_SRC = src/main.c src/cmd.c $(WRITE_SRC) $(wildcard src/cmd/*.c)
# The write path's pure modules (src/write/) are part of the core.
WRITE_PURE_SRC = src/write/gitfiles.c src/write/torn.c
CORE_SRC = $(filter-out $(CMD_SRC),$(wildcard src/*.c)) \
	$(wildcard src/lib/*.c src/cache/*.c) $(WRITE_PURE_SRC)
# Sources include headers by bare name, wherever they live.
SRC_INC = -Isrc -Isrc/lib -Isrc/cache -Isrc/write
SRC_H = $(wildcard src/*.h src/lib/*.h src/cache/*.h src/write/*.h src/cmd/*.h)
CORE_OBJ = $(CORE_SRC:src/%.c=$(B)/%.o)
CMD_OBJ = $(CMD_SRC:src/%.c=$(B)/%.o)

UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
# The fault-injection shim (tests/cli/faults.sh); never sanitized, as it
# is preloaded before everything.
FAULT_SO = $(B)/tests/faultinject.so

# Fuzz targets (tests/fuzz/fuzz_*.c): `make fuzz` runs each under
# libFuzzer (clang) for FUZZ_SECONDS; `make check` replays their seed
# corpora with a plain driver built with gcc's ASan and UBSan.
FUZZ_TARGETS = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SECONDS = 60
FUZZ_CC = clang
FZ = build/fuzzsan
FZ_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
FZ_CORE_OBJ = $(CORE_SRC:src/%.c=$(FZ)/%.o)
FUZZ_REPLAY = $(FUZZ_TARGETS:%=$(FZ)/replay_%)
.SECONDARY: $(FZ_CORE_OBJ)

all: hips hips-git.so

# The only target that installs packages (the README's first command runs
# the script itself, as a bare system has no make).
deps:
	@sh scripts/deps.sh

check-deps:
	@sh scripts/deps.sh --check

# What the libraries found here call for (scripts/configure.sh), probed
# once and again only when the script, the settings or libgit2 change:
# build/configure.h for the plugin's sources, build/configure.link for
# its link.  DEFER_INIT and CRYPTO_FIRST (config.mk) set to no turn the
# two tricks for Debian's libgit2 off; auto uses each where it applies:
#
# - DEFER_INIT: the plugin stands in for the TLS and SSH set-up calls
#   libgit2 makes in git_libgit2_init(), and makes them on first use
#   (src/store/tls.c), when libgit2 calls mbedTLS's and libssh2's.
# - CRYPTO_FIRST: libgit2 brings OpenSSL's libcrypto (through libssh2),
#   which binds all its 4,200 symbols at load (BIND_NOW): 70% of the
#   lookups that loading the plugin costs.  In the breadth-first order of
#   the dependencies it comes 15th, and each lookup of one of its own
#   symbols first tries the 14 libraries before it; named first by the
#   plugin, it comes right after it: 2.2 M instructions less per write
#   (8.0 M to 5.8 M).  None of these libraries defines a symbol another
#   one does, so nothing binds to anything else.  Only when the libgit2
#   found does load a libcrypto.
CONFIGURE_ENV = CC='$(CC)' CFLAGS='$(CFLAGS)' GIT2_CFLAGS='$(GIT2_CFLAGS)' \
	GIT2_LIBDIR='$(GIT2_LIBDIR)' DEFER_INIT='$(DEFER_INIT)' \
	CRYPTO_FIRST='$(CRYPTO_FIRST)'
build/configure.env: FORCE | build
	@echo "$(CONFIGURE_ENV)" | cmp -s - $@ || echo "$(CONFIGURE_ENV)" > $@

build/configure.h: scripts/configure.sh build/configure.env \
		$(wildcard $(GIT2_LIBDIR)/libgit2.so $(GIT2_LIBDIR)/pkgconfig/libgit2.pc)
	@$(CONFIGURE_ENV) sh scripts/configure.sh build

# Relink when the flavour changes (./hips is shared by both).
build/last: FORCE | build
	@echo $(FLAVOUR) $(SANITIZE) | cmp -s - $@ || echo $(FLAVOUR) $(SANITIZE) > $@

hips: $(CORE_OBJ) $(CMD_OBJ) build/last
	$(CC) -o $@ $(CORE_OBJ) $(CMD_OBJ) $(ALL_LDFLAGS) $(INIH_MAIN) -ldl

# The git plugin: src/store/, the only sources that include <git2.h>,
# and the pure modules it shares with hips.  Its objects are built
# position-independent, apart from the core's; the unit tests of
# tests/unit/store/ link them too.
STORE_SRC = $(wildcard src/store/*.c)
PLUGIN_SRC = $(STORE_SRC) src/sshauth.c src/credhelper.c src/lib/sha1.c \
	src/lib/linemerge.c src/lib/hash.c src/lib/fileio.c src/lib/buf.c \
	src/lib/errput.c \
	src/write/gitfiles.c
PLUGIN_OBJ = $(PLUGIN_SRC:src/%.c=$(B)/plugin/%.o)
PLUGIN_CFLAGS = -fPIC -pthread $(ALL_CFLAGS) -Ibuild $(SRC_INC) -Isrc/store \
	$(GIT2_CFLAGS)
hips-git.so: $(PLUGIN_OBJ) build/configure.h build/last
	$(CC) -shared -fPIC -pthread -Wl,-z,now -o $@ $(PLUGIN_OBJ) \
		$(ALL_LDFLAGS) $(shell cat build/configure.link) $(GIT2_LIBS)

$(B)/plugin/%.o: src/%.c $(SRC_H) src/store/*.h build/configure.h \
		$(B)/cflags
	@mkdir -p $(@D)
	$(CC) -c -o $@ $(PLUGIN_CFLAGS) $<

STORE_UNIT_SRC = $(wildcard tests/unit/store/test_*.c)
STORE_UNIT_BIN = $(STORE_UNIT_SRC:tests/unit/store/%.c=$(B)/tests/store/%)
$(B)/tests/store/%: tests/unit/store/%.c tests/unit/store/*.h \
		$(PLUGIN_OBJ) | check-deps $(B)
	@mkdir -p $(@D)
	$(CC) -o $@ $(PLUGIN_CFLAGS) -Wno-missing-prototypes $< \
		$(PLUGIN_OBJ) $(ALL_LDFLAGS) $(CMOCKA_LIBS) $(GIT2_LIBS)

# Recompile when the flags change (make PREFIX=/usr install after make).
$(B)/cflags: FORCE | $(B)
	@echo '$(ALL_CFLAGS)' | cmp -s - $@ || echo '$(ALL_CFLAGS)' > $@

$(B)/%.o: src/%.c $(SRC_H) src/lib/config.def $(B)/cflags | $(B) \
		build/configure.h
	@mkdir -p $(@D)
	$(CC) -c -o $@ $(ALL_CFLAGS) -Ibuild $(SRC_INC) $(INIH_CFLAGS) $<

# The built-in cue set: src/lib/cues_builtin.ini as a C string literal
# (backslashes, quotes and '?', against trigraphs, escaped), so that the
# INI text stays the one source and --dump prints it byte for byte.
build/cues_builtin.inc: src/lib/cues_builtin.ini | build
	sed -e 's/[\\"?]/\\&/g' -e 's/^/"/' -e 's/$$/\\n"/' \
		src/lib/cues_builtin.ini >$@.tmp && mv $@.tmp $@

$(B)/lib/cues.o: build/cues_builtin.inc

# The built-in program is examples/program.ini, made a string the same
# way: the example a user copies is the program hips runs.
build/program_builtin.inc: examples/program.ini | build
	sed -e 's/[\\"?]/\\&/g' -e 's/^/"/' -e 's/$$/\\n"/' \
		examples/program.ini >$@.tmp && mv $@.tmp $@

$(B)/lib/program.o: build/program_builtin.inc

$(B) build:
	@mkdir -p $@ $(B)/tests

$(B)/tests/%: tests/unit/%.c $(CORE_OBJ) | check-deps $(B)
	$(CC) -o $@ $(ALL_CFLAGS) -Wno-missing-prototypes $(SRC_INC) \
		$(INIH_CFLAGS) $< $(CORE_OBJ) $(ALL_LDFLAGS) $(CMOCKA_LIBS) \
		$(INIH_LIBS)

$(FAULT_SO): tests/faultinject.c | $(B)
	$(CC) -shared -fPIC -o $@ -std=c11 $(WARNINGS) -Wno-missing-prototypes \
		$(CFLAGS) $< -ldl

$(FZ):
	@mkdir -p $@

$(FZ)/%.o: src/%.c $(SRC_H) src/lib/config.def | $(FZ) build/configure.h
	@mkdir -p $(@D)
	$(CC) -c -o $@ -std=c11 $(WARNINGS) $(HIPS_CPPFLAGS) $(CPPFLAGS) \
		$(CFLAGS) $(FZ_FLAGS) -Ibuild $(SRC_INC) $(INIH_CFLAGS) $<

$(FZ)/lib/cues.o: build/cues_builtin.inc
$(FZ)/lib/program.o: build/program_builtin.inc

$(FZ)/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/driver.c tests/fuzz/fuzz.h \
		$(FZ_CORE_OBJ)
	$(CC) -o $@ -std=c11 $(WARNINGS) -Wno-missing-prototypes \
		$(HIPS_CPPFLAGS) $(CFLAGS) $(FZ_FLAGS) $(SRC_INC) $(INIH_CFLAGS) \
		tests/fuzz/fuzz_$*.c tests/fuzz/driver.c $(FZ_CORE_OBJ) \
		$(LDFLAGS) $(INIH_LIBS)

# libFuzzer builds: clang compiles the core with the target in one go.
fuzz-deps:
	@command -v $(FUZZ_CC) >/dev/null 2>&1 || { echo "hips: make fuzz" \
		"needs $(FUZZ_CC) with libFuzzer (apt-get install clang)" >&2; \
		exit 1; }

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(CORE_SRC) \
		$(SRC_H) build/cues_builtin.inc build/program_builtin.inc | \
		fuzz-deps
	@mkdir -p build/fuzz
	$(FUZZ_CC) -o $@ -g -O1 -std=c11 $(HIPS_CPPFLAGS) -Ibuild $(SRC_INC) \
		-fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all $(INIH_CFLAGS) \
		tests/fuzz/fuzz_$*.c $(CORE_SRC) $(INIH_LIBS)

# Each target for FUZZ_SECONDS, from its seeds (the tree's corpus is
# read, new inputs go to build/fuzz/corpus_TARGET).
fuzz: $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p build/fuzz/corpus_$$t; \
		echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
		./build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
			-max_len=8192 -print_final_stats=1 \
			-artifact_prefix=build/fuzz/crash_$${t}_ \
			build/fuzz/corpus_$$t tests/fuzz/corpus/$$t \
			2>build/fuzz/log_$$t || { tail -30 build/fuzz/log_$$t; \
			exit 1; }; \
		grep -E '^(Done|stat::number_of_executed_units)' \
			build/fuzz/log_$$t; \
	done

# make check VALGRIND=1: every hips of the CLI tests under memcheck; an
# error or a leak makes hips exit 99, which fails the test.
VALGRIND =
VG_WRAP = valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect \
	--show-leak-kinds=definite,indirect \
	--suppressions=$(CURDIR)/tests/valgrind.supp

check: check-deps all $(UNIT_BIN) $(STORE_UNIT_BIN) $(FAULT_SO) \
		$(FUZZ_REPLAY)
	@HIPS_BUILD=$(B) $(if $(VALGRIND),HIPS_WRAP="$(VG_WRAP)") \
		sh tests/run.sh $(UNIT_BIN) $(STORE_UNIT_BIN)

# The stress tests alone, with many more writers killed.
STRESS_KILLS = 1000
stress: all
	@STRESS_KILLS=$(STRESS_KILLS) TESTS=stress sh tests/run.sh

bench: all
	@sh scripts/bench.sh

# The README's two commands on a minimal Debian SUITE, as root and as a
# user (scripts/distro-check.sh; needs root, and the Debian archive).
SUITE = trixie
distro-check:
	@sh scripts/distro-check.sh $(SUITE)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(PLUGINDIR) \
		$(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man5 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DESTDIR)$(FISHCOMPDIR) $(DESTDIR)$(DOCDIR)
	install -m 755 hips $(DESTDIR)$(BINDIR)/hips
	install -m 644 hips-git.so $(DESTDIR)$(PLUGINDIR)/hips-git.so
	for f in man/*.1; do [ -e "$$f" ] && install -m 644 "$$f" \
		$(DESTDIR)$(MANPREFIX)/man1/; done; true
	for f in man/*.5; do [ -e "$$f" ] && install -m 644 "$$f" \
		$(DESTDIR)$(MANPREFIX)/man5/; done; true
	[ ! -e completions/hips.bash ] || install -m 644 completions/hips.bash \
		$(DESTDIR)$(BASHCOMPDIR)/hips
	[ ! -e completions/_hips ] || install -m 644 completions/_hips \
		$(DESTDIR)$(ZSHCOMPDIR)/_hips
	[ ! -e completions/hips.fish ] || install -m 644 completions/hips.fish \
		$(DESTDIR)$(FISHCOMPDIR)/hips.fish
	install -m 644 README.md $(DESTDIR)$(DOCDIR)/README.md
	for f in examples/*.ini; do [ -e "$$f" ] && install -m 644 "$$f" \
		$(DESTDIR)$(DOCDIR)/; done; true

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/hips $(DESTDIR)$(PLUGINDIR)/hips-git.so \
		$(DESTDIR)$(BASHCOMPDIR)/hips $(DESTDIR)$(ZSHCOMPDIR)/_hips \
		$(DESTDIR)$(FISHCOMPDIR)/hips.fish
	for f in man/*.1; do rm -f $(DESTDIR)$(MANPREFIX)/man1/$${f#man/}; done
	for f in man/*.5; do rm -f $(DESTDIR)$(MANPREFIX)/man5/$${f#man/}; done
	rm -rf $(DESTDIR)$(DOCDIR)
	-rmdir $(DESTDIR)$(PLUGINDIR) 2>/dev/null

# Keeps the cached Debian systems of distro-check (build/distro).
clean:
	rm -rf $(filter-out build/distro,$(wildcard build/*)) hips hips-git.so

FORCE:

.PHONY: all deps check-deps check fuzz fuzz-deps stress bench distro-check \
	install uninstall clean FORCE
