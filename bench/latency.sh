#!/bin/sh
# Change-to-screen latency of live refresh: another process commits a new
# title (and updated_at, as bd does)
# title for the first issue on screen (or renames a changed copy over the
# file), and tib, in script mode, waits until the title is on its screen.
# Latency = when tib saw it (its :stats now_us) - when the writer returned.
#   bench/latency.sh TIB DB RUNS
# Prints: inplace median p99 / replace median p99, in milliseconds.
set -u
tib=$1 db=$2 runs=${3:-10}
work=$(mktemp -d "${TMPDIR:-/tmp}/tib-latency.XXXXXX")
trap 'rm -rf "$work"' EXIT
# the database alone in its directory: tib's own dumps and stats beside it
# would wake its watcher and blur the measurement
mkdir "$work/db"
cp "$db" "$work/db/live.db"
sqlite3 "$work/db/live.db" 'PRAGMA journal_mode=WAL;' >/dev/null
first=$("$tib" --print "$work/db/live.db" | head -n 1 | cut -f1)
now_us() { date +%s%6N; }

measure() { # measure MODE K: one run, prints the latency in microseconds
	mode=$1 k=$2
	rm -f "$work/ready" "$work/stats"
	printf ':dump %s\n:wait-text 60000 mark-%s-%s\n:stats %s\n:q\n' "$work/ready" "$mode" "$k" "$work/stats" >"$work/keys"
	"$tib" --script "$work/keys" --size 120x40 "$work/db/live.db" >/dev/null 2>&1 &
	pid=$!
	while [ ! -e "$work/ready" ]; do sleep 0.01; done
	if [ "$mode" = inplace ]; then
		sqlite3 "$work/db/live.db" "UPDATE issues SET title = 'mark-$mode-$k', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = '$first';"
	else
		cp "$work/db/live.db" "$work/db/next.db"
		sqlite3 "$work/db/next.db" "UPDATE issues SET title = 'mark-$mode-$k', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = '$first';"
		sync "$work/db/next.db" 2>/dev/null
		mv "$work/db/next.db" "$work/db/live.db"
	fi
	t1=$(now_us)
	wait "$pid"
	seen=$(sed -n 's/^now_us=//p' "$work/stats")
	echo $((seen - t1))
}

for mode in inplace replace; do
	: >"$work/$mode.txt"
	k=0
	while [ "$k" -lt "$runs" ]; do
		measure "$mode" "$k" >>"$work/$mode.txt"
		k=$((k + 1))
	done
	sort -n "$work/$mode.txt" | awk -v mode="$mode" '{ v[NR] = $1 } END {
		med = v[int((NR + 1) / 2)]; p99 = v[int(NR * 0.99 + 0.999)];
		printf "%s median %.1f ms p99 %.1f ms (%d runs)\n", mode, med / 1000, p99 / 1000, NR }'
done
