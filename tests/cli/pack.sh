#!/bin/bash
# Packing: hips moves its loose objects into packs past a threshold
# (HIPS_PACK_THRESHOLD, lowered here), merges small packs, and never
# loses an object; and the index it keeps for git; checked with the real
# git.
. "$(dirname "$0")/lib.sh"

# Loose objects, in-pack objects and packs, as git counts them.
counts() {
	git -C "$DATA" count-objects -v | awk '
	    /^count:/ { c = $2 } /^in-pack:/ { i = $2 } /^packs:/ { p = $2 }
	    END { print c, i, p }'
}

# Every object reachable in git's eyes is there, each exactly once, the
# repository is sound and the work tree clean.
sound() {
	local loose inpack packs all
	git -C "$DATA" fsck --strict --no-dangling >/dev/null 2>&1 ||
		fail "git fsck: $(git -C "$DATA" fsck --strict 2>&1 | head -3)"
	[ -z "$(git -C "$DATA" status --porcelain)" ] ||
		fail "work tree not clean"
	read -r loose inpack packs <<EOF
$(counts)
EOF
	all=$(git -C "$DATA" rev-list --objects --all | wc -l)
	[ $((loose + inpack)) -ge "$all" ] ||
		fail "$loose loose + $inpack packed < $all reachable objects"
	[ "$(git -C "$DATA" count-objects -v | sed -n 's/^prune-packable: //p')" \
		-eq 0 ] || fail "loose objects left that a pack holds"
	[ "$(git -C "$DATA" count-objects -v | sed -n 's/^garbage: //p')" \
		-eq 0 ] || fail "garbage in the object directory"
}

# n entries through hips, each a distinct line.
logs() {
	local i
	for i in $(seq "$1" "$2"); do
		hips log -d 2026-11-$(printf %02d $((i % 26 + 1))) bridge \
			"3x$((i % 99 + 1))" -m "entry $i" >/dev/null 2>"$T/.err" ||
			{ err=$(cat "$T/.err"); fail "hips log $i failed"; }
		# The first write says where the data lives; nothing else.
		sed -i '/^hips: created the data repository in /d' "$T/.err"
		[ ! -s "$T/.err" ] || { err=$(cat "$T/.err"); fail "stderr $i"; }
	done
}

t_default_keeps_loose() {
	logs 1 10
	read -r loose inpack packs <<EOF
$(counts)
EOF
	[ "$packs" -eq 0 ] || fail "packed $packs times below the threshold"
	[ "$loose" -ge 40 ] || fail "only $loose loose objects"
	sound
}
t "below the default threshold objects stay loose" t_default_keeps_loose

t_packs() {
	export HIPS_PACK_THRESHOLD=24
	logs 1 8
	read -r loose inpack packs <<EOF
$(counts)
EOF
	[ "$packs" -ge 1 ] || fail "no pack after 8 entries ($loose loose)"
	[ "$loose" -lt 24 ] || fail "$loose loose objects left"
	sound
	# The history reads back whole from the packs.
	[ "$(git -C "$DATA" rev-list --count HEAD)" -eq 9 ] || fail "commits"
	for i in $(seq 1 8); do
		git -C "$DATA" log --format=%b | grep -q "# entry $i\$" ||
			fail "entry $i missing from the history"
	done
	run hips log -n 100; expect_status 0
	[ "$(printf '%s\n' "$out" | wc -l)" -eq 8 ] || fail "listing"
}
t "past the threshold loose objects go into a pack, checked by git" t_packs

t_merges() {
	local max=0 i
	export HIPS_PACK_THRESHOLD=12
	for i in $(seq 1 16); do
		logs "$i" "$i"
		read -r loose inpack packs <<EOF
$(counts)
EOF
		[ "$packs" -le "$max" ] || max=$packs
		[ "$loose" -lt 12 ] || fail "$loose loose after entry $i"
	done
	[ "$max" -ge 2 ] || fail "never more than $max pack"
	[ "$max" -lt 4 ] || fail "$max packs: small packs are not merged"
	sound
	# git's own gc agrees and loses nothing.
	git -C "$DATA" gc -q || fail "git gc"
	sound
	[ "$(git -C "$DATA" rev-list --count HEAD)" -eq 17 ] || fail "commits"
}
t "small packs are merged; git gc afterwards is fine" t_merges

t_undo_after_pack() {
	export HIPS_PACK_THRESHOLD=12
	logs 1 5
	run hips undo; expect_status 0
	expect_out_match 'entry 5'
	logs 6 8
	sound
	[ "$(grep -c . "$DATA/log/2026-11.log")" -eq 7 ] || fail "lines"
}
t "undo reads history from packs" t_undo_after_pack

t_pack_fails_softly() {
	export HIPS_PACK_THRESHOLD=12
	logs 1 2
	# A pack directory that cannot be one: packing fails, the entry stays.
	rm -rf "$DATA/.git/objects/pack"
	: >"$DATA/.git/objects/pack"
	run hips log bridge 3x10 -m "still committed"
	expect_status 0
	expect_err_match 'could not pack'
	git -C "$DATA" log -1 --format=%b | grep -q 'still committed' ||
		fail "entry not committed"
	read -r loose inpack packs <<EOF
$(counts)
EOF
	[ "$loose" -ge 12 ] || fail "loose objects deleted: $loose left"
	rm -f "$DATA/.git/objects/pack"
	mkdir "$DATA/.git/objects/pack"
	run hips log bridge 3x11; expect_status 0; expect_err_empty
	sound
	[ "$(git -C "$DATA" rev-list --count HEAD)" -eq 5 ] || fail "commits"
}
t "a failed packing warns, keeps every loose object and commits" t_pack_fails_softly

t_reflog_expire() {
	local f
	export HIPS_PACK_THRESHOLD=1000000
	logs 1 3
	# Two entries of 2001 at the head of each reflog (oldest first).
	for f in "$DATA/.git/logs/HEAD" "$DATA/.git/logs/refs/heads/main"; do
		{ head -1 "$f" | sed 's/> [0-9]* /> 1000000000 /; s/\t.*/\tcommit: old/'
		  head -1 "$f" | sed 's/> [0-9]* /> 1000000001 /; s/\t.*/\tcommit: old/'
		  cat "$f"; } >"$f.new" && mv "$f.new" "$f"
	done
	[ "$(grep -c 'commit: old' "$DATA/.git/logs/HEAD")" -eq 2 ] ||
		fail "setup"
	logs 4 4			# no packing: the reflogs stay
	grep -q 'commit: old' "$DATA/.git/logs/HEAD" || fail "expired early"
	export HIPS_PACK_THRESHOLD=12
	logs 5 5			# packs, and expires
	for f in "$DATA/.git/logs/HEAD" "$DATA/.git/logs/refs/heads/main"; do
		! grep -q 'commit: old' "$f" || fail "old entries kept in $f"
		[ "$(wc -l <"$f")" -eq 6 ] || fail "$(wc -l <"$f") entries in $f"
	done
	[ "$(git -C "$DATA" reflog | wc -l)" -eq 6 ] || fail "git reflog"
	sound
}
t "packing expires reflog entries older than 90 days, as git gc" t_reflog_expire

t_index_rebuilt() {
	logs 1 2
	hips log -d 2026-10-01 hinge 3x10 >/dev/null || fail "october"
	# As a hips killed before writing the index leaves it.
	rm -f "$DATA/.git/index"
	logs 3 3
	[ -z "$(git -C "$DATA" status --porcelain)" ] ||
		fail "status: $(git -C "$DATA" status --porcelain | head -3)"
	[ "$(git -C "$DATA" ls-files | wc -l)" -eq 3 ] || fail "ls-files"
	# git finds every entry's stat data fresh: nothing to hash again.
	git -C "$DATA" diff-files --quiet || fail "stat data"
}
t "a lost index is rebuilt by the next write, .gitattributes too" t_index_rebuilt

done_testing
