#!/bin/sh
# Runs every suite and prints one closing line "N passed, N failed".
#   tests/run.sh BUILD_DIR [ASAN_BUILD_DIR]
# Suites: the cmocka unit tests, the command-line tests (cli.sh), the
# screen tests (screen/run.sh), the --filter golden tests (filter.sh), the
# triage tests (triage.sh), the live-refresh tests (live.sh) and the
# hostile/broken input tests (robust.sh): each plain, under valgrind (leaks
# and open file descriptors fail), and built with AddressSanitizer + UBSan
# (a report exits 99, which no test takes for an expected exit status).
set -u
build=${1:-build/default}
asan=${2:-}
passed=0 failed=0 skipped=0
failures=""

# Descriptors inherited from make (its job server) would look like leaks.
for fd in 3 4 5 6 7 8 9; do eval "exec $fd>&-"; done

export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
# The developer's own config, history and actor stay out of the tests.
test_home=$(mktemp -d "${TMPDIR:-/tmp}/tib-home.XXXXXX")
trap 'rm -rf "$test_home"' EXIT
export HOME="$test_home" XDG_CONFIG_HOME= XDG_STATE_HOME= TIB_CONFIG= BEADS_ACTOR=
[ -d ../shared ] || echo "note: ../shared is absent: tests on real beads data are skipped"

add_failure() { failures="$failures
  $1"; }

# unit SUITE_NAME WRAPPER BINARY: runs one cmocka binary, adds its counts.
unit() {
	suite=$1 wrap=$2 bin=$3
	out=$(mktemp "${TMPDIR:-/tmp}/tib-run.XXXXXX")
	# (a hang, e.g. a config source loop replayed from the fuzz corpus,
	# fails after 20 minutes instead of stopping the run)
	# shellcheck disable=SC2086
	timeout -k 10 1200 $wrap "$bin" >"$out" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
	s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
	p=${p:-0} f=${f:-0} s=${s:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed, leaked or left a descriptor open
	fi
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	printf '%-10s %-28s %3d passed, %d failed\n' "$suite" "$(basename "$bin")" "$p" "$f"
	if [ "$f" -ne 0 ]; then
		add_failure "$suite $(basename "$bin")"
		grep -v '^\[ \(RUN\|  OK\) ' "$out" | tail -n 60
	fi
	rm -f "$out"
}

# run_suite LABEL FILE TIB_COMMAND: runs one of the shell suites
# (tests/cli.sh, screen/run.sh, filter.sh, live.sh); each ends with a line
# "NAME: N passed, N failed[, N skipped]". (sh has no local variables:
# the names here are the function's own.)
run_suite() {
	rs_label=$1 rs_file=$2 rs_tib=$3
	rs_out=$(mktemp "${TMPDIR:-/tmp}/tib-run.XXXXXX")
	TIB="$rs_tib" GEN="$top/$build/tib-gen" DEMO="$top/build/demo.db" "tests/$rs_file" >"$rs_out" 2>&1
	rc=$?
	line=$(grep -E '^[a-z]+: [0-9]+ passed' "$rs_out" | tail -n 1)
	p=$(echo "$line" | sed -n 's/.* \([0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	s=$(echo "$line" | sed -n 's/.* \([0-9]*\) skipped.*/\1/p')
	p=${p:-0} f=${f:-0} s=${s:-0}
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	printf '%-10s %-28s %3d passed, %d failed, %d skipped\n' "$rs_label" "$rs_file" "$p" "$f" "$s"
	if [ "$f" -ne 0 ]; then
		add_failure "$rs_label $rs_file"
		grep -v '^ok - ' "$rs_out" | tail -n 80
	fi
	grep '^skip - ' "$rs_out" | sed 's/^/           /'
	rm -f "$rs_out"
}

for bin in "$build"/tests/test_*; do
	[ -x "$bin" ] || continue
	unit unit "" "$bin"
done
# the refresh soak: 10,000 cycles plain, fewer under the memory checkers
export TIB_SOAK_CYCLES=300 TIB_SOAK_SKIP_RSS=1
for bin in "$build"/tests/test_*; do
	[ -x "$bin" ] || continue
	unit valgrind tests/vg.sh "$bin"
done
unset TIB_SOAK_CYCLES TIB_SOAK_SKIP_RSS

# absolute, since some cases run tib from other directories
top=$(pwd)
for shell_suite in cli.sh screen/run.sh filter.sh live.sh triage.sh robust.sh; do
	run_suite plain "$shell_suite" "$top/$build/tib"
	run_suite valgrind "$shell_suite" "$top/tests/vg.sh $top/$build/tib"
done
if [ -n "$asan" ]; then
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99
	export TIB_SOAK_CYCLES=2000 TIB_SOAK_SKIP_RSS=1
	for bin in "$asan"/tests/test_*; do
		[ -x "$bin" ] || continue
		unit asan "" "$bin"
	done
	unset TIB_SOAK_CYCLES TIB_SOAK_SKIP_RSS
	for shell_suite in cli.sh screen/run.sh filter.sh live.sh triage.sh robust.sh; do
		run_suite asan "$shell_suite" "$top/$asan/tib"
	done
fi

if [ -n "$failures" ]; then
	echo "failed:$failures"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
