#!/bin/bash
# make install and make uninstall, with PREFIX and DESTDIR, from a copy of
# the source tree (so the build here is left alone).
. "$(dirname "$0")/lib.sh"

# The source tree, copied once for every test of this file.
SRC=$ROOT/src
mkdir -p "$SRC"
cp -R "$TOP/Makefile" "$TOP/config.mk" "$TOP/README.md" "$TOP/src" \
    "$TOP/scripts" "$TOP/man" "$TOP/completions" "$TOP/examples" "$SRC/"

mk() {
	make -s -C "$SRC" "$@" >"$T/.make" 2>&1 ||
		fail "make $*: $(tail -5 "$T/.make")"
}

# Every file under a directory, relative to it, sorted.
files() {
	(cd "$1" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort)
}

t_layout() {
	local d=$T/dest want
	mk PREFIX=/usr DESTDIR="$d" install
	want=$(
		printf '%s\n' usr/bin/hips usr/lib/hips/hips-git.so \
		    usr/share/man/man1/hips.1 usr/share/man/man5/hips.5 \
		    usr/share/bash-completion/completions/hips \
		    usr/share/zsh/site-functions/_hips \
		    usr/share/fish/vendor_completions.d/hips.fish \
		    usr/share/doc/hips/README.md
		for f in "$SRC"/examples/*.ini; do
			echo "usr/share/doc/hips/${f##*/}"
		done | LC_ALL=C sort
	)
	[ "$(files "$d")" = "$(printf '%s\n' "$want" | LC_ALL=C sort)" ] ||
		fail "installed: $(files "$d" | tr '\n' ' ')"
	ls "$d"/usr/share/doc/hips/config.ini "$d"/usr/share/doc/hips/program.ini \
	    "$d"/usr/share/doc/hips/cues.ini >/dev/null || fail "example INI files"
	[ -x "$d/usr/bin/hips" ] || fail "hips is not executable"
	[ "$(stat -c %a "$d/usr/share/man/man1/hips.1")" = 644 ] ||
		fail "man page mode"
	cmp -s "$SRC/completions/_hips" "$d/usr/share/zsh/site-functions/_hips" ||
		fail "zsh completion differs"

	mk PREFIX=/usr DESTDIR="$d" uninstall
	[ -z "$(files "$d")" ] || fail "left after uninstall: $(files "$d")"
	[ ! -e "$d/usr/lib/hips" ] || fail "lib/hips left"
	[ ! -e "$d/usr/share/doc/hips" ] || fail "share/doc/hips left"
}
t "install puts every file in place, uninstall removes them all" t_layout

t_installed_runs() {
	local d=$T/dest hips=$T/dest/usr/bin/hips
	mk PREFIX=/usr DESTDIR="$d" install
	run "$hips" --version
	expect_status 0
	expect_out_match '^hips [0-9]+\.[0-9]+\.[0-9]+$'
	# The plugin is found in DESTDIR, though hips was built for /usr.
	run env LD_DEBUG=files "$hips" log bridge 2x10
	expect_status 0
	expect_err_match "file=$d/usr/bin/\.\./lib/hips/hips-git\.so"
	[ "$(git -C "$DATA" log -1 --format=%s)" = "log: bridge 2x10" ] ||
		fail "not committed"
	# And still after the whole tree moved elsewhere.
	mv "$d/usr" "$T/moved"
	run "$T/moved/bin/hips" log clamshell 2x10/side
	expect_status 0
	[ "$(git -C "$DATA" log -1 --format=%s)" = \
	    "log: clamshell 2x10/side" ] || fail "not committed after the move"
	run "$T/moved/bin/hips" log -n 1
	expect_out_match 'clamshell 2x10/side'
}
t "the installed hips runs and finds its git plugin" t_installed_runs

done_testing
