#!/bin/bash
# The manual pages: clean under mandoc's linter, and hips(5) documents
# every setting of config.ini.
. "$(dirname "$0")/lib.sh"

t_lint() {
	run mandoc -Tlint -Wwarning "$TOP"/man/*
	[ "$status" -eq 0 ] && [ -z "$out$err" ] ||
		fail "mandoc -Tlint: $out $err"
	ls "$TOP"/man/hips.1 "$TOP"/man/hips.5 >/dev/null || fail "pages missing"
}
t "mandoc -Tlint -Wwarning finds nothing" t_lint

t_config_keys() {
	local sect key
	# X("user", "name", STR, ...): every section and key.
	while read -r sect key; do
		grep -qxF ".It Ic [$sect]" "$TOP/man/hips.5" ||
			fail "hips.5 lacks the section [$sect]"
		grep -qE "^\.It Ic $key No =" "$TOP/man/hips.5" ||
			fail "hips.5 lacks the key $key"
	done < <(sed -n 's/^X("\([a-z_]*\)",[[:space:]]*"\([a-z_]*\)".*/\1 \2/p' \
	    "$TOP/src/config.def")
	[ -n "$(sed -n '/^X(/p' "$TOP/src/config.def")" ] || fail "no settings"
}
t "hips(5) documents every config.ini setting" t_config_keys

t_examples() {
	# The example config.ini is valid: its [user] signs the commit.
	mkdir -p "$CONF"
	cp "$TOP/examples/config.ini" "$CONF/config.ini"
	run hips log bridge 2x10
	expect_status 0
	[ "$(git -C "$DATA" log -1 --format='%an <%ae>')" = \
	    "Ada Lovelace <ada@example.org>" ] || fail "author"
}
t "the example config.ini is valid" t_examples

done_testing
