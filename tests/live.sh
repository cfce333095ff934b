#!/bin/sh
# Live refresh of the real binary in script mode, with other processes
# writing, replacing, deleting and corrupting the database meanwhile.
# No sleeps as assertions: tib waits for text on its screen (`:wait-text`)
# and acknowledges with a dump file; this script waits for those files.
#   TIB="cmd" GEN=path/to/tib-gen tests/live.sh
set -u
: "${TIB:?}" "${GEN:?}"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/tib-live.XXXXXX")
tib_pid=
cleanup() {
	[ -n "$tib_pid" ] && kill "$tib_pid" 2>/dev/null
	exec 3>&- 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; shift; for l in "$@"; do echo "    $l"; done; }
export TZ=UTC LANG=C.UTF-8 TIB_NOW=2026-11-01T00:00:00Z HOME="$work" XDG_STATE_HOME="$work/state"

# wait_file PATH SECONDS: a condition with a generous timeout
wait_file() {
	i=0
	while [ ! -e "$1" ]; do
		i=$((i + 1))
		[ "$i" -gt $(($2 * 20)) ] && return 1
		sleep 0.05
	done
	return 0
}

"$GEN" --import "$here/screen/fixture.jsonl" --sqlite "$work/base.db" 2>/dev/null || {
	echo "not ok - fixture"; echo "live: 0 passed, 1 failed"; exit 1; }
sqlite3 "$work/base.db" 'PRAGMA journal_mode=DELETE;' >/dev/null
cp "$work/base.db" "$work/base-wal.db"
sqlite3 "$work/base-wal.db" 'PRAGMA journal_mode=WAL;' >/dev/null

# --- 1. a writer commits 500 changes while tib runs (WAL and rollback journal)
for mode in wal rollback; do
	db="$work/live-$mode.db"
	if [ "$mode" = wal ]; then cp "$work/base-wal.db" "$db"; else cp "$work/base.db" "$db"; fi
	rm -f "$work/ready" "$work/stats" "$work/screen"
	printf ':dump %s\n:wait-text 30000 final-500\n:stats %s\n:dump %s\n' \
		"$work/ready" "$work/stats" "$work/screen" >"$work/writer.keys"
	# shellcheck disable=SC2086
	$TIB --script "$work/writer.keys" --size 100x30 "$db" >"$work/tib.out" 2>&1 &
	tib_pid=$!
	if ! wait_file "$work/ready" 30; then
		not_ok "$mode: tib started" "$(cat "$work/tib.out")"
		continue
	fi
	{
		i=1
		while [ $i -le 499 ]; do
			echo "UPDATE issues SET title='step-$i' WHERE id='tt-epic.2';"
			i=$((i + 1))
		done
		echo "UPDATE issues SET title='final-500' WHERE id='tt-epic.2';"
	} | sqlite3 -cmd '.timeout 5000' "$db"
	wait "$tib_pid"
	rc=$?
	tib_pid=
	if [ "$rc" -eq 0 ] && grep -q 'final-500' "$work/screen"; then
		ok "$mode: the screen shows the last of 500 commits"
	else
		not_ok "$mode: the screen shows the last of 500 commits" "exit $rc" "$(cat "$work/tib.out")"
		continue
	fi
	grep -qx 'opens=1' "$work/stats" && ok "$mode: the connection was opened once" ||
		not_ok "$mode: the connection was opened once" "$(cat "$work/stats")"
	refreshes=$(sed -n 's/^refreshes=//p' "$work/stats")
	if [ "${refreshes:-0}" -ge 1 ] && [ "$refreshes" -le 100 ]; then
		ok "$mode: 500 commits cost $refreshes refreshes (debounced)"
	else
		not_ok "$mode: 500 commits debounced" "refreshes=$refreshes"
	fi
done

# --- 2. replacements, deletions, corrupt files, through a FIFO script
db="$work/live.db"
cp "$work/base-wal.db" "$db"
mkfifo "$work/script"
# shellcheck disable=SC2086
$TIB --script "$work/script" --size 100x30 "$db" >"$work/tib.out" 2>&1 &
tib_pid=$!
exec 3>"$work/script"
step=0
# expect TEXT: tib waits until TEXT is on screen, then acknowledges
expect() {
	step=$((step + 1))
	printf ':wait-text 15000 %s\n:dump %s\n' "$1" "$work/ack-$step" >&3
	wait_file "$work/ack-$step" 20
}
# variant TITLE: a valid database whose tt-epic.2 has that title
variant() {
	cp "$work/base-wal.db" "$work/tmp.db"
	sqlite3 "$work/tmp.db" "UPDATE issues SET title='$1' WHERE id='tt-epic.2';"
}
ok_count=0 fail_note=
for k in $(seq 1 50); do
	variant "renamed-$k"
	mv "$work/tmp.db" "$db"
	if expect "renamed-$k"; then ok_count=$((ok_count + 1)); else fail_note="rename $k"; break; fi
done
[ "$ok_count" -eq 50 ] && ok "50 replacements by rename" || not_ok "50 replacements by rename" "failed at $fail_note" "$(tail -n 5 "$work/tib.out")"

ok_count=0 fail_note=
for k in $(seq 1 10); do
	rm -f "$db"
	expect "source deleted" || { fail_note="delete $k: no warning"; break; }
	variant "recreated-$k"
	cp "$work/tmp.db" "$db" # written in place, in pieces: tib must wait for a whole file
	if expect "recreated-$k"; then ok_count=$((ok_count + 1)); else fail_note="recreate $k"; break; fi
done
[ "$ok_count" -eq 10 ] && ok "10 deletions and re-creations" || not_ok "10 deletions and re-creations" "failed at $fail_note" "$(tail -n 5 "$work/tib.out")"

ok_count=0 fail_note=
for k in $(seq 1 5); do
	head -c 8192 /dev/urandom >"$work/bad.db"
	mv "$work/bad.db" "$db"
	expect "not a SQLite database" || { fail_note="corrupt $k: no warning"; break; }
	# the last good data stays on screen meanwhile
	expect "tt-epic.2" || { fail_note="corrupt $k: data lost"; break; }
	variant "recovered-$k"
	mv "$work/tmp.db" "$db"
	if expect "recovered-$k"; then ok_count=$((ok_count + 1)); else fail_note="recover $k"; break; fi
done
[ "$ok_count" -eq 5 ] && ok "5 replacements by a corrupt file, each recovered" ||
	not_ok "5 replacements by a corrupt file, each recovered" "failed at $fail_note" "$(tail -n 5 "$work/tib.out")"

printf ':stats %s\n:q\n' "$work/stats2" >&3
exec 3>&-
wait "$tib_pid"
rc=$?
tib_pid=
[ "$rc" -eq 0 ] && ok "tib exits cleanly after 65 replacements" || not_ok "tib exits cleanly after 65 replacements" "exit $rc" "$(tail -n 20 "$work/tib.out")"

# --- 3. idle: no CPU, no wake-ups (the stats go to another directory:
# files written beside the database would wake the watcher, rightly)
mkdir "$work/idle"
cp "$work/base-wal.db" "$work/idle/idle.db"
printf ':idle 100\n:stats %s\n:idle 5000\n:stats %s\n' "$work/idle1" "$work/idle2" >"$work/idle.keys"
$TIB --script "$work/idle.keys" "$work/idle/idle.db" >"$work/tib.out" 2>&1
w1=$(sed -n 's/^wakeups=//p' "$work/idle1") w2=$(sed -n 's/^wakeups=//p' "$work/idle2")
c1=$(sed -n 's/^cpu_us=//p' "$work/idle1") c2=$(sed -n 's/^cpu_us=//p' "$work/idle2")
# one wake-up: the end of the 5-second wait itself
if [ -n "$w1" ] && [ $((w2 - w1)) -le 1 ]; then
	ok "idle 5 s: $((w2 - w1)) wake-up(s), $(((c2 - c1) / 1000)) ms CPU"
else
	not_ok "idle 5 s without wake-ups" "wakeups $w1 -> $w2" "$(cat "$work/tib.out")"
fi

echo "live: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
