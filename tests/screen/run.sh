#!/bin/sh
# Screen tests: each case is a key script (cases/NAME.keys) run by
# `tib --script` on a virtual screen, and the full screen text expected at
# the end (cases/NAME.screen). Header lines of a script set the size
# (`# size 80x24`), the database (`# db demo`, default: the fixture) and
# environment (`# env LANG=C`); `# attrs` adds a row of attribute
# letters under each text row (R reverse, a-z colour pairs, D dim ...).
# `# writes` runs the case on its own copy of the data (triage keys
# write to it). $EDITOR is tests/screen/fake-editor.sh, which does what
# FAKE_EDIT says (`# env FAKE_EDIT=append`).
#   TIB="cmd" GEN=path/to/tib-gen DEMO=path/to/demo.db tests/screen/run.sh [NAME...]
# UPDATE=1 rewrites the expected screens from what tib draws now (review
# the diff before committing).
set -u
: "${TIB:?}" "${GEN:?}" "${DEMO:?}"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/tib-screen.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

if ! "$GEN" --import "$here/fixture.jsonl" --sqlite "$work/fixture.db" 2>"$work/gen.err"; then
	echo "not ok - building the fixture database"; cat "$work/gen.err"
	echo "screen: 0 passed, 1 failed"
	exit 1
fi
sqlite3 "$work/fixture.db" <"$here/fixture.sql"
cp "$DEMO" "$work/demo.db"
cp "$here/fixture-bad.jsonl" "$work/bad.jsonl"
cp "$here/fixture.tibrc" "$work/fixture.tibrc"
cp "$here/color.tibrc" "$work/color.tibrc"
cp "$here/light.tibrc" "$work/light.tibrc"
cp "$here/fixture.jsonl" "$work/fixture.jsonl"
cp "$here/graph.jsonl" "$work/graph.jsonl"
printf 'set read-only = yes\n' >"$work/read-only.tibrc"
printf 'set board-columns = open, review, in_progress, closed\n' >"$work/board-columns.tibrc"
printf 'set mouse = yes\n' >"$work/mouse.tibrc"
printf 'set list-columns = id, title, status, age\nset date-format = absolute\n' >"$work/columns.tibrc"
printf 'set ascii-lines = yes\n' >"$work/ascii.tibrc"
printf 'set default-view = ready\nset filter = prio:0..1\n' >"$work/start.tibrc"

if [ $# -gt 0 ]; then cases="$*"; else cases=$(cd "$here/cases" && ls *.keys | sed 's/\.keys$//'); fi
for name in $cases; do
	keys="$here/cases/$name.keys" want="$here/cases/$name.screen"
	size=$(sed -n 's/^# size \([0-9]*x[0-9]*\).*/\1/p' "$keys" | head -n 1)
	db=$(sed -n 's/^# db \([a-z.]*\).*/\1/p' "$keys" | head -n 1)
	db=${db:-fixture}
	[ -e "$work/$db.db" ] && db="$db.db"
	envs=$(sed -n 's/^# env //p' "$keys" | tr '\n' ' ')
	dump=dump
	grep -q '^# attrs' "$keys" && dump=dump-attrs
	{ cat "$keys"; echo ":$dump $work/$name.out"; } >"$work/$name.keys"
	# run from the work dir so the status bar shows a stable relative path
	rundir=$work
	if grep -q '^# writes' "$keys"; then
		rundir="$work/w-$name"
		mkdir -p "$rundir"
		cp "$work"/*.db "$work"/*.jsonl "$work"/*.tibrc "$rundir/"
		cp "$work/$name.keys" "$rundir/"
	fi
	# shellcheck disable=SC2086
	(cd "$rundir" && env EDITOR="$here/fake-editor.sh" VISUAL= TZ=UTC LANG=C.UTF-8 LC_ALL= TERM=xterm-256color TIB_NOW=2026-11-01T00:00:00Z \
		HOME="$work" XDG_STATE_HOME="$work/state-$name" XDG_CONFIG_HOME= TIB_CONFIG= USER=alice BEADS_ACTOR= $envs \
		$TIB --script "$name.keys" --size "${size:-80x24}" "$db" >"$work/$name.stdout" 2>"$work/$name.stderr")
	rc=$?
	if [ "$rc" -ne 0 ]; then
		failed=$((failed + 1))
		echo "not ok - $name: exit $rc"; head -n 20 "$work/$name.stderr"
		continue
	fi
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$work/$name.out" "$want"
	fi
	if [ -f "$want" ] && cmp -s "$want" "$work/$name.out"; then
		passed=$((passed + 1))
		echo "ok - $name"
	else
		failed=$((failed + 1))
		echo "not ok - $name"
		if [ -f "$want" ]; then diff -u "$want" "$work/$name.out" | head -n 40; else echo "    no $want"; cat "$work/$name.out"; fi
	fi
done
echo "screen: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
