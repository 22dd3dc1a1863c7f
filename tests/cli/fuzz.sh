#!/bin/bash
# The fuzz targets' seed corpora, replayed under ASan and UBSan by the
# plain driver (make check builds build/fuzzsan/replay_TARGET with gcc).
. "$(dirname "$0")/lib.sh"

for dir in "$TOP"/tests/fuzz/corpus/*/; do
	target=$(basename "$dir")
	bin="$TOP/build/fuzzsan/replay_$target"
	TAP_N=$((TAP_N + 1))
	if [ ! -x "$bin" ]; then
		echo "ok $TAP_N # skip fuzz corpus $target: no $bin (make check builds it)"
		continue
	fi
	if res=$(ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$bin" "$dir" 2>&1); then
		echo "ok $TAP_N - fuzz corpus $target: $(printf '%s\n' "$res" | tail -1), no finding"
	else
		echo "not ok $TAP_N - fuzz corpus $target"
		printf '%s\n' "$res" | tail -30 | sed 's/^/#   /'
		TAP_FAIL=$((TAP_FAIL + 1))
	fi
done

done_testing
