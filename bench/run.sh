#!/bin/sh
# shellcheck disable=SC2046 # set -- $(stats) splits on purpose
# The benchmarks of issue 9, run by `make bench` (1k, 10k, 100k issues) and
# `make bench-large` (and 1M):
#   bench/run.sh TIB TIB_GEN BENCH_DIR SIZE...
# BENCH_DIR holds the helpers built by the Makefile (timeit: timed runs;
# tibprobe.so: per-frame times and terminal bytes, by LD_PRELOAD; writer:
# the other connection of the refresh scenario), the cached datasets
# (data/, keyed by size and seed) and this run's scratch files (work/).
# Prints one table and writes bench/results.md next to this script.
#
# Environment: BENCH_SEED (dataset seed, 1), BENCH_RUNS (rounds of the
# timed runs; default by size), BENCH_KEYS (j presses, 1000; 200 at 1M),
# BENCH_PROFILE (0 skips the callgrind profile), BENCH_RESULTS (where
# results.md goes). Needs sqlite3 and jq for the baselines, tmux for the
# idle and pty scenarios, valgrind for the profile, strace for the exit
# note; whatever is missing is reported as n/a or skipped.
#
# Every figure is measured in this run; every ratio is to a baseline
# measured in this run on the same file. A missed target is reported as
# MISSING, never as a failure: the script exits 0 unless it cannot run.
set -u

if [ $# -lt 4 ]; then
	echo "usage: bench/run.sh TIB TIB_GEN BENCH_DIR SIZE..." >&2
	exit 2
fi
abspath() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd)" "$(basename "$1")"); }
here=$(cd "$(dirname "$0")" && pwd)
TIB=$(abspath "$1") GEN=$(abspath "$2")
mkdir -p "$3" || exit 1
BDIR=$(cd "$3" && pwd)
shift 3
SIZES="$*"
SEED=${BENCH_SEED:-1}
KEYS=${BENCH_KEYS:-1000}
PROFILE=${BENCH_PROFILE:-1}
RESULTS=${BENCH_RESULTS:-$here/results.md}
TIMEIT=$BDIR/timeit PROBE=$BDIR/tibprobe.so WRITER=$BDIR/writer
DATA=$BDIR/data WORK=$BDIR/work
for f in "$TIB" "$GEN" "$TIMEIT" "$PROBE" "$WRITER"; do
	[ -e "$f" ] || { echo "bench: $f is missing (run make bench)" >&2; exit 1; }
done
rm -rf "$WORK"
mkdir -p "$DATA" "$WORK" || exit 1
ROWS=$WORK/rows.tsv NOTES=$WORK/notes.txt
: >"$ROWS"
: >"$NOTES"
started=$(date +%s)
sock=tib-bench-$$ pid=
# on an interrupt: stop what this script started (its tmux server, a
# background tib), nothing else
cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
}
trap 'cleanup; exit 130' INT TERM
load_start=$(cut -d ' ' -f 1-3 /proc/loadavg)

# The same environment for every run: a fixed clock, a UTF-8 locale, and
# the terminal type whose escape sequences are counted.
export TERM=xterm-256color TIB_NOW=2026-11-01T00:00:00Z LANG=C.UTF-8 LC_ALL='' TZ=UTC
unset NO_COLOR
# tib keeps the filter history in $XDG_STATE_HOME: not the user's, here
export XDG_STATE_HOME="$WORK/state"
mkdir -p "$XDG_STATE_HOME"
GEN_NOW=2026-11-01T00:00:00Z
SIZE=120x40 COLS=120 ROWS_N=40
BASE_SQL="SELECT id,title,status,priority,issue_type,assignee,updated_at FROM issues"

log() { echo "bench: $*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

# ---- numbers

label() { # 1000 -> 1k
	awk -v n="$1" 'BEGIN { if (n >= 1000000 && n % 1000000 == 0) print n / 1000000 "M";
		else if (n >= 1000 && n % 1000 == 0) print n / 1000 "k"; else print n }'
}
fmt_ms() {
	awk -v v="$1" 'BEGIN { if (v == "") print "n/a"; else if (v < 0) printf "%.3f ms\n", v;
		else if (v < 1) printf "%.3f ms\n", v; else if (v < 10) printf "%.2f ms\n", v;
		else if (v < 1000) printf "%.1f ms\n", v; else printf "%.2f s\n", v / 1000 }'
}
fmt_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx\n", a / b; else print "—" }'; }
fmt_mb() { awk -v kb="$1" 'BEGIN { printf "%.1f MB\n", kb * 1024 / 1e6 }'; }
calc() { awk "BEGIN { printf \"%.6f\\n\", $1 }"; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }
ok() { if "$@"; then echo ok; else echo MISSING; fi; }
kv() { sed -n "s/.*\\b$2=\\([^ ]*\\).*/\\1/p" "$1"; }

# Numbers on stdin -> "count median p99 mean max" (nearest-rank p99).
stats() {
	sort -g | awk '{ v[NR] = $1; s += $1 }
	END { if (!NR) { print "0 0 0 0 0"; exit }
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		r = int(0.99 * NR); if (r < 0.99 * NR) r++; if (r < 1) r = 1
		printf "%d %.6f %.6f %.6f %.6f\n", NR, m, v[r], s / NR, v[NR] }'
}
# Field F of frames FIRST..LAST of every run in a probe file.
frames() { awk -v a="$2" -v b="$3" -v f="$4" '$1 != "run" && $1 >= a && $1 <= b { print $f }' "$1"; }

row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$ROWS"; }
note() { echo "$*" >>"$NOTES"; }

# sample NAME TIMEIT-OPTION... -- CMD...: one timed run of CMD, appended to
# $WORK/NAME.raw as "MS RSS_KB CPU_MS"; a failure is logged and kept in
# NAME.fail.
sample() {
	name=$1
	shift
	if "$TIMEIT" -n 1 -w 0 "$@" >"$WORK/$name.t" 2>"$WORK/$name.err"; then
		echo "$(kv "$WORK/$name.t" median_ms) $(kv "$WORK/$name.t" rss_kb) $(kv "$WORK/$name.t" cpu_ms)" \
			>>"$WORK/$name.raw"
	else
		log "$name failed: $(cat "$WORK/$name.t") $(head -n 3 "$WORK/$name.err")"
		cat "$WORK/$name.err" >>"$WORK/$name.fail"
		return 1
	fi
}
# summary NAME -> "RUNS MEDIAN_MS P99_MS RSS_MEDIAN_KB RSS_MAX_KB CPU_MEDIAN_MS",
# or fails when a run failed or none ran
summary() {
	[ -s "$WORK/$1.raw" ] && [ ! -e "$WORK/$1.fail" ] || return 1
	t=$(awk '{ print $1 }' "$WORK/$1.raw" | stats)
	r=$(awk '{ print $2 }' "$WORK/$1.raw" | stats)
	c=$(awk '{ print $3 }' "$WORK/$1.raw" | stats)
	echo "$t $r $c" | awk '{ print $1, $2, $3, $7, $10, $12 }'
}

runs_for() {
	if [ -n "${BENCH_RUNS:-}" ]; then echo "$BENCH_RUNS"; return; fi
	case $1 in
	1000) echo 30 ;; 10000) echo 20 ;; 100000) echo 15 ;; *) echo 5 ;;
	esac
}
key_runs_for() {
	case $1 in
	1000) echo 5 ;; 10000) echo 3 ;; 100000) echo 3 ;; *) echo 1 ;;
	esac
}

# ---- datasets, generated once per size and seed

dataset() {
	n=$1 base=$DATA/n$1-s$SEED
	if [ ! -s "$base.db" ] || [ ! -s "$base.jsonl" ]; then
		log "generating $(label "$n") issues (seed $SEED)"
		rm -f "$base.tmp.db" "$base.tmp.db-wal" "$base.tmp.db-shm" "$base.tmp.jsonl"
		if ! "$GEN" --count "$n" --seed "$SEED" --now "$GEN_NOW" --sqlite "$base.tmp.db" \
			--jsonl "$base.tmp.jsonl" --force >"$WORK/gen.log" 2>&1; then
			log "tib-gen failed: $(cat "$WORK/gen.log")"
			return 1
		fi
		mv "$base.tmp.jsonl" "$base.jsonl" && mv "$base.tmp.db" "$base.db" || return 1
	fi
}

# ---- scripts

cat >"$WORK/open.keys" <<EOF
# cold open: the first full screen, dumped, then quit
:dump $WORK/open.screen
:q
EOF
move_script() { # PRESSES FILE
	{
		echo "# $1 j presses"
		awk -v n="$1" 'BEGIN { s = ""; for (i = 0; i < n; i++) s = s "j"; print s }'
		echo ":dump $WORK/move.screen"
		echo ":q"
	} >"$2"
}
printf '<Enter>\n:dump %s\n:q\n' "$WORK/detail.screen" >"$WORK/detail.keys"
# the filter of issue 9, typed one key at a time after `/`; `<` is <LT>
FILTER='status:open prio:<2 sync'
FILTER_KEYS=$(printf '%s' "$FILTER" | wc -c | tr -d ' ')
printf '/%s\n<Enter>\n:dump %s\n:q\n' "$(printf '%s' "$FILTER" | sed 's/</<LT>/g')" "$WORK/filter.screen" \
	>"$WORK/filter.keys"

# ---- one size

bench_size() {
	n=$1 L=$(label "$1") R=$(runs_for "$1") RK=$(key_runs_for "$1")
	db=$DATA/n$n-s$SEED.db jl=$DATA/n$n-s$SEED.jsonl
	dataset "$n" || { row "dataset" "$L" "n/a" "" "" "" "" "error"; return; }
	cd "$WORK" || return
	big=0
	[ "$n" -ge 100000 ] && big=1
	open_target="—" open_limit=""
	if [ "$n" -eq 100000 ]; then open_target="≤ 150 ms, ≤ 1.5x" open_limit=150; fi
	if [ "$n" -eq 1000000 ]; then open_target="≤ 1.5 s, ≤ 1.5x" open_limit=1500; fi
	jsonl=0
	if "$TIB" --print "$jl" >/dev/null 2>"$WORK/jsonl_probe.err"; then
		jsonl=1
	else
		note "$L: JSONL not measured: tib --print on the .jsonl said: $(head -n 1 "$WORK/jsonl_probe.err")"
	fi

	# Scenarios 1, 5 and 6 in rounds: each round runs every command once,
	# baselines included, so that a load from elsewhere on the machine
	# weighs on tib and on its baselines alike. Round 0 is a warm-up.
	log "$L: cold opens, --print, detail open and baselines ($R rounds + 1 warm-up)"
	i=0
	while [ "$i" -le "$R" ]; do
		w=
		[ "$i" -eq 0 ] && w=warm_
		have sqlite3 && sample "${w}sql_$n" -- sqlite3 "$db" "$BASE_SQL"
		sample "${w}open_$n" -e "LD_PRELOAD=$PROBE" -e "TIBPROBE_OUT=$WORK/${w}open_$n.probe" -- \
			"$TIB" --script open.keys --size "$SIZE" "$db"
		sample "${w}print_$n" -- "$TIB" --print "$db"
		sample "${w}detail_$n" -e "LD_PRELOAD=$PROBE" -e "TIBPROBE_OUT=$WORK/${w}detail_$n.probe" -- \
			"$TIB" --script detail.keys --size "$SIZE" "$db"
		if [ $jsonl -eq 1 ]; then
			have jq && sample "${w}jq_$n" -- jq -c .id "$jl"
			sample "${w}jopen_$n" -e "LD_PRELOAD=$PROBE" -e "TIBPROBE_OUT=$WORK/${w}jopen_$n.probe" -- \
				"$TIB" --script open.keys --size "$SIZE" "$jl"
			sample "${w}jprint_$n" -- "$TIB" --print "$jl"
		fi
		i=$((i + 1))
	done

	# 1. cold open, SQLite
	sql_med="" open_med="" open_rss=""
	if set -- $(summary "sql_$n"); then sql_med=$2; fi
	if set -- $(summary "open_$n"); then
		open_med=$2 open_p99=$3 open_rss=$4 open_rss_max=$5 open_cpu=$6
		filled=$(grep -c . "$WORK/open.screen")
		[ "$filled" -eq "$ROWS_N" ] || note "$L: the dumped first screen has $filled non-empty rows of $ROWS_N."
		# fork -> the end of the first doupdate(), from the probe
		set -- $(frames "$WORK/open_$n.probe" 0 0 2 | stats)
		first_med=$(calc "$2 / 1e6") first_p99=$(calc "$3 / 1e6")
		st="—"
		if [ -n "$open_limit" ]; then
			if [ -n "$sql_med" ] && le "$first_med" "$open_limit" && le "$(calc "$first_med / $sql_med")" 1.5; then
				st=ok
			else
				st=MISSING
			fi
		fi
		row "1 cold open → first screen (SQLite)" "$L" "$(fmt_ms "$first_med")" "$(fmt_ms "$first_p99")" \
			"$(fmt_ms "$sql_med") sqlite3" "$(fmt_ratio "$first_med" "$sql_med")" "$open_target" "$st"
		row "1 cold open, whole run: dump, quit (SQLite)" "$L" "$(fmt_ms "$open_med")" "$(fmt_ms "$open_p99")" \
			"$(fmt_ms "$sql_med") sqlite3" "$(fmt_ratio "$open_med" "$sql_med")" "—" "—"
		note "$L: cold open (SQLite), whole run: $(fmt_ms "$open_cpu") of CPU (user + system, median) for $(fmt_ms "$open_med") of wall time."
	else
		row "1 cold open → first screen (SQLite)" "$L" "error" "" "" "" "$open_target" "error"
	fi
	if set -- $(summary "print_$n"); then
		row "1 cold open, --print (SQLite)" "$L" "$(fmt_ms "$2")" "$(fmt_ms "$3")" \
			"$(fmt_ms "$sql_med") sqlite3" "$(fmt_ratio "$2" "$sql_med")" "—" "—"
	else
		row "1 cold open, --print (SQLite)" "$L" "error" "" "" "" "—" "error"
	fi

	# 1. cold open, JSONL (when the JSONL backend reads it)
	jopen_rss=""
	if [ $jsonl -eq 1 ]; then
		jq_med=""
		if set -- $(summary "jq_$n"); then jq_med=$2; fi
		if set -- $(summary "jopen_$n"); then
			m=$2 mp99=$3 jopen_rss=$4
			set -- $(frames "$WORK/jopen_$n.probe" 0 0 2 | stats)
			f=$(calc "$2 / 1e6") fp99=$(calc "$3 / 1e6")
			st="—"
			if [ -n "$open_limit" ]; then
				if [ -n "$jq_med" ] && le "$f" "$open_limit" && le "$(calc "$f / $jq_med")" 1.5; then st=ok; else st=MISSING; fi
			fi
			row "1 cold open → first screen (JSONL)" "$L" "$(fmt_ms "$f")" "$(fmt_ms "$fp99")" \
				"$(fmt_ms "$jq_med") jq" "$(fmt_ratio "$f" "$jq_med")" "$open_target" "$st"
			row "1 cold open, whole run: dump, quit (JSONL)" "$L" "$(fmt_ms "$m")" "$(fmt_ms "$mp99")" \
				"$(fmt_ms "$jq_med") jq" "$(fmt_ratio "$m" "$jq_med")" "—" "—"
		else
			row "1 cold open → first screen (JSONL)" "$L" "error" "" "" "" "$open_target" "error"
		fi
		if set -- $(summary "jprint_$n"); then
			row "1 cold open, --print (JSONL)" "$L" "$(fmt_ms "$2")" "$(fmt_ms "$3")" \
				"$(fmt_ms "$jq_med") jq" "$(fmt_ratio "$2" "$jq_med")" "—" "—"
		else
			row "1 cold open, --print (JSONL)" "$L" "error" "" "" "" "—" "error"
		fi
	else
		row "1 cold open → first screen (JSONL)" "$L" "n/a" "" "" "" "$open_target" "n/a"
	fi

	# 3. moving: K j presses in one script; the probe times every frame
	K=$KEYS
	# at 1M, 1000 presses can take many minutes: 200 give the same figures
	[ "$n" -ge 1000000 ] && [ -z "${BENCH_KEYS:-}" ] && K=200
	move_script "$K" "$WORK/move_$n.keys"
	log "$L: $K j presses ($RK runs)"
	i=0
	while [ "$i" -lt "$RK" ]; do
		sample "move_$n" -e "LD_PRELOAD=$PROBE" -e "TIBPROBE_OUT=$WORK/move_$n.probe" -- \
			"$TIB" --script "move_$n.keys" --size "$SIZE" "$db"
		i=$((i + 1))
	done
	if set -- $(summary "move_$n"); then
		move_med=$2 move_p99=$3
		set -- $(frames "$WORK/move_$n.probe" 1 "$K" 2 | stats)
		kn=$1 kp99=$(calc "$3 / 1e6") kmax=$(calc "$5 / 1e6")
		st="—" tgt="—"
		if [ $big -eq 1 ]; then tgt="p99 ≤ 10 ms" st=$(ok le "$kp99" 10); fi
		row "3 move: j, per key (in-process)" "$L" "$(fmt_ms "$(calc "$2 / 1e6")")" "$(fmt_ms "$kp99")" \
			"—" "—" "$tgt" "$st"
		note "$L: j per key, from the probe: $kn presses over $RK runs, max $(fmt_ms "$kmax")."
		if [ -n "$open_med" ]; then
			wmed=$(calc "($move_med - $open_med) / $K")
			wp99=$(calc "($move_p99 - $open_med) / $K")
			if le "$(calc "$move_med - $open_med")" "$(calc "$open_p99 - $open_med")"; then
				# the presses took less time than the cold open varies by
				row "3 move: j, per key (wall − open)/presses" "$L" "n/a" "" "—" "—" "$tgt" "n/a"
				note "$L: j per key from wall times: n/a, the $K presses took less than the spread of the cold open (p99 − median $(fmt_ms "$(calc "$open_p99 - $open_med")"))."
			else
				st="—"
				[ $big -eq 1 ] && st=$(ok le "$wp99" 10)
				row "3 move: j, per key (wall − open)/presses" "$L" "$(fmt_ms "$wmed")" "$(fmt_ms "$wp99")" \
					"—" "—" "$tgt" "$st"
			fi
		fi
		set -- $(frames "$WORK/move_$n.probe" 1 "$K" 4 | stats)
		st="—" tgt="—"
		if [ $big -eq 1 ]; then tgt="p99 ≤ 300 B" st=$(ok le "$3" 300); fi
		row "3 move: terminal bytes per j" "$L" "$(printf '%.0f B' "$2")" "$(printf '%.0f B' "$3")" "—" "—" "$tgt" "$st"
		note "$L: bytes per j: mean $(printf '%.1f' "$4"), max $(printf '%.0f' "$5") ($K presses, ${COLS}x$ROWS_N, TERM=$TERM)."
	else
		row "3 move: j, per key (in-process)" "$L" "error" "" "" "" "" "error"
	fi

	# 2. filter: the query typed one key at a time; frames 2.. are the keys
	# (frame 1 opens the filter line)
	RF=10
	[ "$n" -ge 1000000 ] && RF=3
	log "$L: filter keystrokes ($RF runs of $FILTER_KEYS keys)"
	i=0
	while [ "$i" -lt "$RF" ]; do
		sample "filter_$n" -e "LD_PRELOAD=$PROBE" -e "TIBPROBE_OUT=$WORK/filter_$n.probe" -- \
			"$TIB" --script filter.keys --size "$SIZE" "$db"
		i=$((i + 1))
	done
	tgt="—" st="—"
	if summary "filter_$n" >/dev/null; then
		set -- $(frames "$WORK/filter_$n.probe" 2 $((FILTER_KEYS + 1)) 2 | stats)
		fmed=$(calc "$2 / 1e6") fp99=$(calc "$3 / 1e6") fn=$1 fmax=$(calc "$5 / 1e6")
		if [ $big -eq 1 ]; then tgt="p99 ≤ 10 ms" st=$(ok le "$fp99" 10); fi
		row "2 filter: per keystroke" "$L" "$(fmt_ms "$fmed")" "$(fmt_ms "$fp99")" "—" "—" "$tgt" "$st"
		matched=$(sed -n '$p' "$WORK/filter.screen" | sed 's/^\[[a-z]*\] *\([0-9]*\/[0-9]*\).*/\1/')
		note "$L: filter \`$FILTER\` typed key by key: $fn keystrokes over $RF runs, max $(fmt_ms "$fmax"); status bar after Enter: $matched."
	else
		row "2 filter: per keystroke" "$L" "error" "" "" "" "$tgt" "error"
		note "$L: filter: $(head -n 2 "$WORK/filter_$n.fail" 2>/dev/null)"
	fi

	# 5. views: the detail pane, opened with <Enter> on the first issue
	if summary "detail_$n" >/dev/null; then
		set -- $(frames "$WORK/detail_$n.probe" 1 1 2 | stats)
		row "5 view: detail pane open (Enter)" "$L" "$(fmt_ms "$(calc "$2 / 1e6")")" \
			"$(fmt_ms "$(calc "$3 / 1e6")")" "—" "—" "—" "—"
		set -- $(frames "$WORK/detail_$n.probe" 1 1 4 | stats)
		note "$L: detail open writes $(printf '%.0f' "$2") bytes to the terminal."
	else
		row "5 view: detail pane open (Enter)" "$L" "error" "" "" "" "—" "error"
	fi

	# 7. the views of issue 8: opening each (the frame after its key) and
	# moving in it (j frames); target at 100k: open ≤ 50 ms, move ≤ 5 ms.
	# The dependencies view is rooted on the issue with the most
	# transitive blockers' first hop (the head of the longest chain).
	root=""
	have sqlite3 && root=$(sqlite3 "$db" "SELECT issue_id FROM dependencies WHERE type = 'blocks'
		GROUP BY issue_id ORDER BY count(*) DESC, issue_id LIMIT 1" 2>/dev/null)
	for v in b:board T:tree x:deps r:ready '#:stats'; do
		key=${v%%:*} vname=${v#*:}
		{
			[ "$vname" = deps ] && [ -n "$root" ] && echo ":$root"
			# a script line starting with # is a comment: redraw first
			if [ "$key" = "#" ]; then printf '<C-l>#\n'; else printf '%s\n' "$key"; fi
			awk 'BEGIN { s = ""; for (i = 0; i < 200; i++) s = s "j"; print s }'
			echo ":q"
		} >"$WORK/view_$vname.keys"
		i=0
		while [ "$i" -lt "$RK" ]; do
			sample "view_${vname}_$n" -e "LD_PRELOAD=$PROBE" -e "TIBPROBE_OUT=$WORK/view_${vname}_$n.probe" -- \
				"$TIB" --script "view_$vname.keys" --size "$SIZE" "$db"
			i=$((i + 1))
		done
		if summary "view_${vname}_$n" >/dev/null; then
			first=1
			[ "$vname" = deps ] && [ -n "$root" ] && first=2
			[ "$vname" = stats ] && first=2
			set -- $(frames "$WORK/view_${vname}_$n.probe" "$first" "$first" 2 | stats)
			omed=$(calc "$2 / 1e6") op99=$(calc "$3 / 1e6")
			set -- $(frames "$WORK/view_${vname}_$n.probe" $((first + 1)) $((first + 200)) 2 | stats)
			mmed=$(calc "$2 / 1e6") mp99=$(calc "$3 / 1e6")
			st="—" tgt="—" mst="—" mtgt="—"
			if [ $big -eq 1 ]; then
				tgt="≤ 50 ms" st=$(ok le "$op99" 50)
				mtgt="p99 ≤ 5 ms" mst=$(ok le "$mp99" 5)
			fi
			row "7 view: $vname open" "$L" "$(fmt_ms "$omed")" "$(fmt_ms "$op99")" "—" "—" "$tgt" "$st"
			row "7 view: $vname, j per key" "$L" "$(fmt_ms "$mmed")" "$(fmt_ms "$mp99")" "—" "—" "$mtgt" "$mst"
		else
			row "7 view: $vname open" "$L" "error" "" "" "" "—" "error"
		fi
	done
	[ -n "$root" ] && note "$L: the dependencies view is rooted on $root (the issue with the most blocks dependencies)."

	# 6. memory: peak RSS of the cold open, against the bytes of the list
	# columns in the file (what the sqlite3 baseline reads)
	if [ -n "$open_rss" ]; then
		raw=""
		if have sqlite3; then
			raw=$(sqlite3 "$db" "SELECT sum(length(CAST(id AS BLOB)) + length(CAST(title AS BLOB)) +
				length(CAST(status AS BLOB)) + length(CAST(priority AS BLOB)) +
				length(CAST(issue_type AS BLOB)) + coalesce(length(CAST(assignee AS BLOB)), 0) +
				coalesce(length(CAST(updated_at AS BLOB)), 0)) FROM issues")
		fi
		st="—" tgt="—"
		if [ "$n" -eq 100000 ]; then tgt="≤ 100 MB" st=$(ok le "$(calc "$open_rss * 1024 / 1e6")" 100); fi
		rawkb=""
		[ -n "$raw" ] && rawkb=$(calc "$raw / 1024")
		row "6 peak RSS after load (SQLite)" "$L" "$(fmt_mb "$open_rss")" "$(fmt_mb "$open_rss_max")" \
			"$([ -n "$raw" ] && echo "$(fmt_mb "$rawkb") list cols" || echo —)" \
			"$(fmt_ratio "$open_rss" "$rawkb")" "$tgt" "$st"
		row "6 bytes per issue (SQLite)" "$L" "$(calc "$open_rss * 1024 / $n" | awk '{ printf "%.0f B", $1 }')" "" \
			"$([ -n "$raw" ] && calc "$raw / $n" | awk '{ printf "%.0f B list cols", $1 }' || echo —)" \
			"$(fmt_ratio "$(calc "$open_rss * 1024")" "${raw:-0}")" "—" "—"
		if [ -s "$WORK/rss.txt" ]; then
			set -- $(head -n 1 "$WORK/rss.txt")
			note "$L: peak RSS beyond the $(label "$1") run's: $(calc "($open_rss - $2) * 1024 / ($n - $1)" | awk '{ printf "%.0f", $1 }') bytes per added issue."
		fi
		echo "$n $open_rss" >>"$WORK/rss.txt"
		if [ -n "$jopen_rss" ]; then
			st="—"
			[ "$n" -eq 100000 ] && st=$(ok le "$(calc "$jopen_rss * 1024 / 1e6")" 100)
			row "6 peak RSS after load (JSONL)" "$L" "$(fmt_mb "$jopen_rss")" "" "—" "—" "$tgt" "$st"
		fi
	fi
	cd "$here" || return
}

# ---- 4. refresh: another connection changes one issue, or the whole
# file is replaced, while tib runs a script that waits for the change to
# show (`:wait-text`); `:stats FILE` tells us where the script is. The
# latency is from the writer's COMMIT (or rename) to the end of the first
# frame that wrote the new title (bench/tibprobe.so's mark).

wait_file() { # FILE PID: until FILE exists, or PID is gone (then fails)
	while [ ! -e "$1" ]; do
		kill -0 "$2" 2>/dev/null || [ -e "$1" ] || return 1
		sleep 0.005
	done
}

# refresh_run NAME DB COUNT MODE: MODE update (one issue) or replace (the file)
refresh_run() {
	name=$1 rdb=$2 count=$3 mode=$4
	rm -f "$WORK/$name".* "$WORK/$name"_seen_*
	{
		echo ":stats $WORK/$name.ready"
		k=0
		while [ "$k" -le "$count" ]; do
			echo ":wait-text 60000 $(refresh_mark "$k")"
			echo ":stats $WORK/${name}_seen_$k"
			k=$((k + 1))
		done
		echo ":q"
	} >"$WORK/$name.keys"
	LD_PRELOAD=$PROBE TIBPROBE_OUT=$WORK/$name.probe TIBPROBE_MARK=tibrefreshprobe \
		"$TIB" --script "$WORK/$name.keys" --size "$SIZE" "$rdb" >/dev/null 2>"$WORK/$name.err" &
	pid=$!
	wait_file "$WORK/$name.ready" $pid || { wait $pid; pid=; return 1; }
	k=0
	while [ "$k" -le "$count" ]; do
		t=
		if [ "$mode" = update ]; then
			t=$("$WRITER" update "$rdb" "$first_id" "$(refresh_mark "$k")")
		else
			# staged in another directory: the copy and its journal make no
			# events in the watched one before the rename
			mkdir -p "$WORK/stage" && cp "$db" "$WORK/stage/new.db" &&
				"$WRITER" update "$WORK/stage/new.db" "$first_id" "$(refresh_mark "$k")" >/dev/null &&
				t=$("$WRITER" rename "$WORK/stage/new.db" "$rdb")
		fi
		[ -n "$t" ] || { kill $pid; wait $pid; pid=; return 1; }
		echo "$k $t" >>"$WORK/$name.times"
		wait_file "$WORK/${name}_seen_$k" $pid || { wait $pid; pid=; return 1; }
		# let what this change set off settle (tib debounces for 50 ms)
		sleep 0.2
		k=$((k + 1))
	done
	wait $pid
	st=$? pid=
	[ $st -eq 0 ] || return 1
	# change k -> the first marked frame ending after its commit; k = 0 is a warm-up
	awk 'NR == FNR { t[$1] = $2; n = $1; next }
		$1 != "run" && $6 == 1 { e[++m] = $5 }
		END { for (k = 1; k <= n; k++) { best = ""
			for (i = 1; i <= m; i++) if (e[i] > t[k] && (best == "" || e[i] < best)) best = e[i]
			if (best != "") print (best - t[k]) / 1e6 } }' "$WORK/$name.times" "$WORK/$name.probe" >"$WORK/$name.lat"
	[ "$(wc -l <"$WORK/$name.lat")" -eq "$count" ]
}
refresh_mark() { if [ $(($1 % 2)) -eq 0 ]; then echo tibrefreshprobe; else echo TIBREFRESHPROBE; fi; }

bench_refresh() {
	n=$1 L=$(label "$1") db=$DATA/n$1-s$SEED.db
	RC=10
	[ "$n" -ge 1000000 ] && RC=3
	sql_med=""
	if set -- $(summary "sql_$n"); then sql_med=$2; fi
	first_id=$("$TIB" --print "$db" | head -n 1 | cut -f 1)
	tgt="—"
	[ "$n" -eq 100000 ] && tgt="≤ 20 ms"
	log "$L: refresh after a change by another connection ($RC changes)"
	# alone in its directory, which tib watches
	mkdir -p "$WORK/live"
	rdb=$WORK/live/copy_$n.db
	rm -f "$rdb" "$rdb-wal" "$rdb-shm"
	cp "$db" "$rdb"
	if [ -n "$first_id" ] && refresh_run "refresh_$n" "$rdb" "$RC" update; then
		set -- $(stats <"$WORK/refresh_$n.lat")
		st="—"
		[ "$tgt" != "—" ] && st=$(ok le "$3" 20)
		row "4 refresh: one issue changed → screen" "$L" "$(fmt_ms "$2")" "$(fmt_ms "$3")" \
			"$(fmt_ms "$sql_med") sqlite3" "$(fmt_ratio "$2" "$sql_med")" "$tgt" "$st"
	else
		row "4 refresh: one issue changed → screen" "$L" "error" "" "" "" "$tgt" "error"
		note "$L: refresh: $(head -n 2 "$WORK/refresh_$n.err" 2>/dev/null)"
	fi
	RR=$((RC / 2))
	[ "$RR" -lt 2 ] && RR=2
	log "$L: refresh after a whole-file replacement ($RR replacements)"
	rm -f "$rdb" "$rdb-wal" "$rdb-shm"
	cp "$db" "$rdb"
	if [ -n "$first_id" ] && refresh_run "replace_$n" "$rdb" "$RR" replace; then
		set -- $(stats <"$WORK/replace_$n.lat")
		row "4 refresh: whole file replaced → screen" "$L" "$(fmt_ms "$2")" "$(fmt_ms "$3")" \
			"$(fmt_ms "$sql_med") sqlite3" "$(fmt_ratio "$2" "$sql_med")" "—" "—"
	else
		row "4 refresh: whole file replaced → screen" "$L" "error" "" "" "" "—" "error"
		note "$L: replacement: $(head -n 2 "$WORK/replace_$n.err" 2>/dev/null)"
	fi
	rm -rf "$rdb" "$rdb-wal" "$rdb-shm" "$WORK/stage"
	# the reload itself, without the debounce: `:refresh` (the R key) RC times
	log "$L: forced reloads ($RC)"
	{
		k=0
		while [ "$k" -lt "$RC" ]; do echo ":refresh"; k=$((k + 1)); done
		echo ":q"
	} >"$WORK/reload_$n.keys"
	rm -f "$WORK/reload_$n.probe"
	if sample "reload_$n" -e "LD_PRELOAD=$PROBE" -e "TIBPROBE_OUT=$WORK/reload_$n.probe" -- \
		"$TIB" --script "$WORK/reload_$n.keys" --size "$SIZE" "$db"; then
		set -- $(frames "$WORK/reload_$n.probe" 1 "$RC" 2 | stats)
		row "4 refresh: forced reload + draw (:refresh)" "$L" "$(fmt_ms "$(calc "$2 / 1e6")")" \
			"$(fmt_ms "$(calc "$3 / 1e6")")" "$(fmt_ms "$sql_med") sqlite3" \
			"$(fmt_ratio "$(calc "$2 / 1e6")" "$sql_med")" "—" "—"
	fi
}

# ---- 7. idle CPU and bytes per j on a real terminal, in tmux

pane_text() { tmux -L "$sock" capture-pane -p -t "$1" 2>/dev/null; }
wait_for() { # SESSION REGEX SECONDS
	i=0
	while [ "$i" -lt $(($3 * 100)) ]; do
		pane_text "$1" | grep -q "$2" && return 0
		sleep 0.01
		i=$((i + 1))
	done
	return 1
}
wait_gone() {
	i=0
	while tmux -L "$sock" has-session -t "$1" 2>/dev/null && [ "$i" -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

bench_tty() {
	n=$1 L=$(label "$1") db=$DATA/n$1-s$SEED.db
	if ! have tmux; then
		row "7 idle CPU over 5 s" "$L" "n/a" "" "" "" "0 ticks" "n/a"
		note "idle CPU not measured: tmux is not installed"
		return
	fi
	log "$L: idle CPU over 5 s, in tmux"
	tmux -L "$sock" -f /dev/null new-session -d -s idle -x "$COLS" -y "$ROWS_N" \
		"exec env TERM=$TERM $TIB $db"
	pid=$(tmux -L "$sock" display -p -t idle '#{pane_pid}')
	if wait_for idle 'loaded' 120 && [ -r "/proc/$pid/stat" ]; then
		sleep 0.2
		t1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
		c1=$(awk '/^voluntary_ctxt_switches/ { print $2 }' "/proc/$pid/status")
		sleep 5
		t2=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
		c2=$(awk '/^voluntary_ctxt_switches/ { print $2 }' "/proc/$pid/status")
		ticks=$((t2 - t1))
		row "7 idle CPU over 5 s" "$L" "$ticks ticks" "" "0 ticks" "—" "0 ticks" "$(ok test "$ticks" -eq 0)"
		note "$L: idle: $((c2 - c1)) voluntary context switches in 5 s (utime+stime from /proc/PID/stat, $(getconf CLK_TCK) ticks/s)."
	else
		row "7 idle CPU over 5 s" "$L" "error" "" "" "" "0 ticks" "error"
		note "$L: idle: tib did not show its first screen in tmux: $(pane_text idle | head -n 3)"
	fi
	tmux -L "$sock" send-keys -t idle q 2>/dev/null
	wait_gone idle

	# the same j presses on a real pty: checks that script mode's byte
	# counts are what a terminal receives
	PK=100
	log "$L: $PK j presses on a pty, in tmux"
	rm -f "$WORK/pty_$n.probe"
	tmux -L "$sock" -f /dev/null new-session -d -s pty -x "$COLS" -y "$ROWS_N" \
		"exec env TERM=$TERM LD_PRELOAD=$PROBE TIBPROBE_OUT=$WORK/pty_$n.probe $TIB $db"
	if wait_for pty 'loaded' 120; then
		# one key at a time: tib draws once for all the keys waiting
		k=1
		while [ "$k" -le "$PK" ]; do
			tmux -L "$sock" send-keys -t pty j
			wait_for pty "] $((k + 1))/" 60 || break
			k=$((k + 1))
		done
		if [ "$k" -gt "$PK" ]; then
			tmux -L "$sock" send-keys -t pty q
			wait_gone pty
			set -- $(frames "$WORK/pty_$n.probe" 1 "$PK" 4 | stats)
			st="—" tgt="—"
			if [ "$n" -ge 100000 ]; then tgt="p99 ≤ 300 B" st=$(ok le "$3" 300); fi
			row "3 move: terminal bytes per j (pty)" "$L" "$(printf '%.0f B' "$2")" "$(printf '%.0f B' "$3")" \
				"—" "—" "$tgt" "$st"
			note "$L: bytes per j on a real pty (tmux ${COLS}x$ROWS_N, $PK presses): mean $(printf '%.1f' "$4")."
		else
			note "$L: pty: the selection did not reach row $((PK + 1)): $(pane_text pty | tail -n 1)"
		fi
	fi
	tmux -L "$sock" kill-server 2>/dev/null
	pid=
}

# ---- what exit costs: closing the inotify descriptor waits for the kernel

exit_cost() {
	n=$1 db=$DATA/n$1-s$SEED.db
	have strace || return
	cd "$WORK" || return
	i=0
	while [ "$i" -lt 10 ]; do
		strace -T -e trace=inotify_init1,close -o "$WORK/exit.strace" \
			"$TIB" --script open.keys --size "$SIZE" "$db" >/dev/null 2>&1
		awk '/^inotify_init1/ { fd = $(NF - 1) } fd != "" && index($0, "close(" fd ")") == 1 {
			t = $NF; gsub(/[<>]/, "", t); print t * 1000 }' "$WORK/exit.strace"
		i=$((i + 1))
	done >"$WORK/exit.ms"
	cd "$here" || return
	[ -s "$WORK/exit.ms" ] || return
	slow=$(awk '$1 > 1 { n++ } END { print n + 0 }' "$WORK/exit.ms")
	set -- $(stats <"$WORK/exit.ms")
	note "closing tib's inotify descriptor at exit (strace -T, $1 runs): median $(fmt_ms "$2"), but over 1 ms in $slow runs, up to $(fmt_ms "$5"): the kernel waits for a grace period when the last watch goes. That wait is in the *whole run* figures, not in *first screen*."
}

# ---- where the time goes: callgrind instruction counts

top_functions() { # callgrind_annotate output -> "Ir label" for every function
	awk '/^ *[0-9,]+ \( *[0-9.]+%\)  / {
		ir = $1; gsub(",", "", ir)
		rest = $0; sub(/^ *[0-9,]+ \( *[0-9.]+%\)  /, "", rest)
		if (rest ~ /PROGRAM TOTALS/) next
		obj = ""
		if (match(rest, / \[[^]]*\]$/)) { obj = substr(rest, RSTART + 2, RLENGTH - 3); rest = substr(rest, 1, RSTART - 1) }
		k = 0; for (i = length(rest); i > 0; i--) if (substr(rest, i, 1) == ":") { k = i; break }
		file = substr(rest, 1, k - 1); fn = substr(rest, k + 1)
		where = file == "???" || file == "" ? obj : file
		sub(/.*\//, "", where)
		sub(/.*\//, "", obj)
		print ir "\t" fn " (" where ")\t" obj
	}'
}

# per_key_table FN_FILE TOTAL KEYS: the functions' cost beyond the cold open's, per key
per_key_table() {
	echo "| instructions | share | function |"
	echo "| ---: | ---: | --- |"
	awk -F'\t' 'NR == FNR { open[$2] = $1; next } { d = $1 - open[$2]; if (d > 0) print d "\t" $2 }' \
		"$WORK/cg.open.fn" "$1" | sort -t '	' -k1,1nr | head -n 12 |
		awk -F'\t' -v t="$(calc "$2 - $open_total")" -v k="$3" \
			'{ printf "| %.2f M | %.1f%% | `%s` |\n", $1 / k / 1e6, 100 * $1 / t, $2 }'
}

profile() {
	n=$1 L=$(label "$1") db=$DATA/n$1-s$SEED.db
	PJ=20
	have valgrind && have callgrind_annotate || { note "profile skipped: valgrind is not installed"; return; }
	log "$L: callgrind profile of the cold open, $PJ j presses and the filter"
	cd "$WORK" || return
	{
		awk -v n="$PJ" 'BEGIN { s = ""; for (i = 0; i < n; i++) s = s "j"; print s }'
		echo ":q"
	} >prof_move.keys
	valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.open" "$TIB" --script open.keys --size "$SIZE" "$db" \
		>/dev/null 2>"$WORK/cg.open.log"
	valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.move" "$TIB" --script prof_move.keys --size "$SIZE" "$db" \
		>/dev/null 2>"$WORK/cg.move.log"
	valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.filter" "$TIB" --script filter.keys --size "$SIZE" "$db" \
		>/dev/null 2>"$WORK/cg.filter.log"
	cg_sql=""
	if have sqlite3; then
		valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.sql" sqlite3 "$db" "$BASE_SQL" >/dev/null \
			2>"$WORK/cg.sql.log"
		cg_sql=$(callgrind_annotate "$WORK/cg.sql" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
	fi
	callgrind_annotate --auto=no --threshold=100 "$WORK/cg.open" 2>/dev/null | top_functions >"$WORK/cg.open.fn"
	callgrind_annotate --auto=no --threshold=100 "$WORK/cg.move" 2>/dev/null | top_functions >"$WORK/cg.move.fn"
	callgrind_annotate --auto=no --threshold=100 "$WORK/cg.filter" 2>/dev/null | top_functions >"$WORK/cg.filter.fn"
	callgrind_annotate --auto=no --inclusive=yes --threshold=100 "$WORK/cg.open" 2>/dev/null | top_functions |
		awk -F'\t' -v exe="$(basename "$TIB")" '$3 == exe && $2 !~ /^(main|\(below main\)) /' >"$WORK/cg.open.incl"
	cd "$here" || return
	open_total=$(awk -F'\t' '{ s += $1 } END { print s }' "$WORK/cg.open.fn")
	move_total=$(awk -F'\t' '{ s += $1 } END { print s }' "$WORK/cg.move.fn")
	filter_total=$(awk -F'\t' '{ s += $1 } END { print s }' "$WORK/cg.filter.fn")
	{
		echo "### Where the time goes ($L issues, callgrind instruction counts)"
		echo
		if [ -n "$cg_sql" ]; then
			echo "Cold open: tib executes $(calc "$open_total / 1e6" | awk '{ printf "%.0f", $1 }') M instructions," \
				"the sqlite3 baseline $(calc "$cg_sql / 1e6" | awk '{ printf "%.0f", $1 }') M" \
				"($(fmt_ratio "$open_total" "$cg_sql"))."
		fi
		echo
		echo "Top functions of the cold open (self cost):"
		echo
		echo "| instructions | share | function |"
		echo "| ---: | ---: | --- |"
		sort -t '	' -k1,1nr "$WORK/cg.open.fn" | head -n 12 |
			awk -F'\t' -v t="$open_total" '{ printf "| %.1f M | %.1f%% | `%s` |\n", $1 / 1e6, 100 * $1 / t, $2 }'
		echo
		echo "The cold open's phases (inclusive cost of tib's own functions):"
		echo
		echo "| instructions | share | function |"
		echo "| ---: | ---: | --- |"
		sort -t '	' -k1,1nr "$WORK/cg.open.incl" | head -n 12 |
			awk -F'\t' -v t="$open_total" '{ printf "| %.1f M | %.1f%% | `%s` |\n", $1 / 1e6, 100 * $1 / t, $2 }'
		echo
		echo "One j press: $(calc "($move_total - $open_total) / $PJ / 1e6" | awk '{ printf "%.2f", $1 }') M instructions" \
			"(a run with $PJ presses minus the cold open, divided by $PJ). Top functions per press:"
		echo
		per_key_table "$WORK/cg.move.fn" "$move_total" "$PJ"
		if [ -s "$WORK/cg.filter.fn" ]; then
			echo
			echo "One filter keystroke: $(calc "($filter_total - $open_total) / $FILTER_KEYS / 1e6" | awk '{ printf "%.2f", $1 }') M instructions" \
				"(a run typing \`/$FILTER\` and Enter minus the cold open, divided by its $FILTER_KEYS keys). Top functions per keystroke:"
			echo
			per_key_table "$WORK/cg.filter.fn" "$filter_total" "$FILTER_KEYS"
		fi
	} >"$WORK/profile.md"
}

# ---- run

for n in $SIZES; do
	bench_size "$n"
	bench_refresh "$n"
done
idle_n=""
for n in $SIZES; do
	if [ "$n" -le 100000 ]; then idle_n=$n; fi
done
[ -n "$idle_n" ] && bench_tty "$idle_n"
exit_cost "$(echo "$SIZES" | awk '{ print $1 }')"
[ "$PROFILE" != 0 ] && [ -n "$idle_n" ] && profile "$idle_n"

# ---- report

elapsed=$(($(date +%s) - started))
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
commit=$(cd "$here/.." && git rev-parse --short HEAD 2>/dev/null)
dirty=$(cd "$here/.." && git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo " + uncommitted changes")
header="scenario	size	median	p99	baseline	ratio	target	status"
# rows grouped by scenario (in the order scenarios first appear), sizes ascending
awk -F'\t' '!($1 in first) { first[$1] = NR } { print ($1 + 0) "\t" first[$1] "\t" NR "\t" $0 }' "$ROWS" |
	sort -t '	' -k1,1n -k2,2n -k3,3n | cut -f 4- >"$ROWS.sorted" && mv "$ROWS.sorted" "$ROWS"

# the table on stdout, columns padded by display width
{ echo "$header"; cat "$ROWS"; } | LC_ALL=C awk -F'\t' '
	function w(s,   t) { t = s; gsub(/[\200-\277]/, "", t); return length(t) }
	{ for (i = 1; i <= NF; i++) { c[NR, i] = $i; if (w($i) > m[i]) m[i] = w($i) } n = NR; nf = NF }
	END { for (r = 1; r <= n; r++) { line = ""
		for (i = 1; i <= nf; i++) { s = c[r, i]; pad = m[i] - w(s); line = line s; if (i < nf) { while (pad-- > 0) line = line " "; line = line "  " } }
		print line } }'
echo
echo "bench: $(label "$(echo "$SIZES" | awk '{ print $NF }')") max, $elapsed s; results in $RESULTS"

{
	echo "# tib benchmark results"
	echo
	echo "Generated by \`make bench\` (bench/run.sh); do not edit."
	echo
	echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "- machine: $(nproc) cores, $cpu, $mem RAM, Linux $(uname -r)"
	echo "- tib: ${commit:-unknown}$dirty; $(sqlite3 --version 2>/dev/null | awk '{ print "sqlite3 " $1 }'); $(jq --version 2>/dev/null)"
	echo "- datasets: tib-gen --count N --seed $SEED (SQLite and JSONL, same content); terminal ${COLS}x$ROWS_N, TERM=$TERM"
	echo "- runs: $(for n in $SIZES; do printf '%s: %s, ' "$(label "$n")" "$(runs_for "$n")"; done | sed 's/, $//') rounds after one warm-up round (the files are in the page cache); each round runs tib and its baselines once, interleaved; j presses: $(for n in $SIZES; do printf '%s: %s runs, ' "$(label "$n")" "$(key_runs_for "$n")"; done | sed 's/, $//')"
	echo "- load average (1, 5, 15 min): $load_start at the start, $(cut -d ' ' -f 1-3 /proc/loadavg) at the end; the bench took $elapsed s"
	echo
	echo "| $(echo "$header" | sed 's/\t/ | /g') |"
	echo "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |"
	sed 's/\t/ | /g; s/^/| /; s/$/ |/' "$ROWS"
	echo
	echo "How each figure is taken:"
	echo
	echo "- Times are wall-clock, fork to exit, by bench/timeit (fork/exec/wait4), median and nearest-rank p99 over the runs."
	echo "- *cold open → first screen*: \`tib --script\` that dumps the ${COLS}x$ROWS_N screen and quits; the figure runs from the fork to the end of the first full screen's doupdate() (bench/tibprobe.so, below). *whole run* is the same run's wall time to exit, which adds the dump, freeing everything, and closing the inotify descriptor (the kernel can take 10-20 ms over that). Baselines: whole runs of" \
		"\`sqlite3 FILE \"$BASE_SQL\" > /dev/null\`, and of \`jq -c .id FILE > /dev/null\` for JSONL. Targets at 100k and 1M are judged on the median."
	echo "- *filter: per keystroke*: \`/\` then \`$FILTER\` typed one key at a time in a script, each key's frame timed as below; the filter runs on every keystroke."
	echo "- *per key (in-process)*: bench/tibprobe.so (LD_PRELOAD) times each frame, from the end of one doupdate() to the end of the next: handling the key, drawing, the terminal update. tib draws once per key."
	echo "- *per key (wall − open)/presses*: the time of a run of $KEYS j presses (200 at 1M) minus the cold open's median, divided by the presses; its p99 column is from the runs' p99, an average over the presses, not a per-key p99."
	echo "- *terminal bytes per j*: what write() sent during each key's doupdate(); script mode writes to /dev/null through the same ncurses code as a terminal, and the *pty* row checks it against a real pseudo-terminal in tmux."
	echo "- *refresh*: tib runs a script that waits for a new title to show (\`:wait-text\`) while bench/writer, another process, commits the new title of the first issue (or renames a changed copy of the file over it); the latency runs from the COMMIT (or rename) returning to the end of the first frame that wrote the title, so it includes tib's debounce; *forced reload* is the \`:refresh\` command's frame (the R key): reading and drawing, with no debounce."
	echo "- *peak RSS*: wait4's ru_maxrss (the VmHWM) of the cold open; the baseline is the byte size of the list columns of the file."
	echo "- *idle CPU*: tib started interactively in tmux; utime+stime from /proc/PID/stat before and after 5 s of no input."
	echo
	echo "Notes:"
	echo
	sed 's/^/- /' "$NOTES"
	if [ -s "$WORK/profile.md" ]; then
		echo
		cat "$WORK/profile.md"
	fi
} >"$RESULTS"
exit 0
