#!/bin/sh
# Command-line behaviour of the real binary: exit codes, error messages,
# --print and --json on the demo and on real beads data.
#   TIB="cmd to run tib" GEN=path/to/tib-gen DEMO=path/to/demo.db tests/cli.sh
# Prints "ok - NAME" / "not ok - NAME" per case and a summary line.
set -u
: "${TIB:?}" "${GEN:?}" "${DEMO:?}"
SHARED=${TIB_SHARED_DIR:-../shared}
work=$(mktemp -d "${TMPDIR:-/tmp}/tib-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0 failed=0 skipped=0

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; shift; for l in "$@"; do echo "    $l"; done; }
skip() { skipped=$((skipped + 1)); echo "skip - $1: $2"; }

# run NAME EXPECTED_RC STDERR_SUBSTRING ARGS...: runs tib, checks the exit
# status and that stderr contains the substring.
run() {
	name=$1 want_rc=$2 want_err=$3
	shift 3
	# shellcheck disable=SC2086
	$TIB "$@" >"$work/out" 2>"$work/err"
	rc=$?
	if [ "$rc" -ne "$want_rc" ]; then
		not_ok "$name" "exit $rc, want $want_rc" "stderr: $(head -c 600 "$work/err")"
	elif [ -n "$want_err" ] && ! grep -qF -- "$want_err" "$work/err"; then
		not_ok "$name" "stderr lacks '$want_err'" "stderr: $(head -c 600 "$work/err")"
	else
		ok "$name"
	fi
}

# --- usage and help
run "help exits 0" 0 "" --help
grep -q -- "--print" "$work/out" && grep -q -- "--demo" "$work/out" && ok "help lists options" ||
	not_ok "help lists options" "$(cat "$work/out")"
run "version" 0 "" --version
grep -q "^tib [0-9]" "$work/out" && ok "version prints a version" || not_ok "version prints a version"
run "unknown option is a usage error" 2 "unknown option" --frobnicate
run "two paths is a usage error" 2 "one PATH" a b
run "demo with a path is a usage error" 2 "--demo takes no PATH" --demo x

# The man page's OPTIONS and KEYS come from the same tables as --help and
# the help screen; a stale man/tib.1 (forgot `make man`) fails here.
for section in options keys query; do
	$TIB --man-$section >"$work/man.$section" 2>/dev/null
	if [ -s "$work/man.$section" ] && ! grep -vxF -f man/tib.1 "$work/man.$section" >"$work/stale"; then
		ok "man page $section section is up to date"
	else
		not_ok "man page $section section is up to date" "run 'make man'; missing: $(head -n 3 "$work/stale")"
	fi
done

# --- errors: one clear line, exit 1
run "missing path" 1 "$work/nope.db: No such file or directory" --print "$work/nope.db"
printf 'hello\n' >"$work/text.db"
run "text file" 1 "not a SQLite database" --print "$work/text.db"
: >"$work/empty.db"
run "empty file" 1 "empty file, not a SQLite database" --print "$work/empty.db"
sqlite3 "$work/other.db" "CREATE TABLE t(x);"
run "not a beads schema" 1 "no table 'issues'" --print "$work/other.db"
sqlite3 "$work/notitle.db" "CREATE TABLE issues(id TEXT, status TEXT, priority INT);"
run "missing column named" 1 "has no column 'title'" --print "$work/notitle.db"

# --- JSONL exports (issue 5)
printf '{"id":"x-1","title":"t"}\n' >"$work/issues.jsonl"
run "jsonl prints" 0 "" --print "$work/issues.jsonl"
[ "$(cat "$work/out")" = "$(printf 'x-1\tP2\topen\ttask\tt')" ] && [ ! -s "$work/err" ] &&
	ok "jsonl line printed, nothing on stderr" || not_ok "jsonl line printed, nothing on stderr" "$(cat "$work/out" "$work/err")"
printf '\357\273\277{"id": "x-1", "title": "one"}\r\n\r\n{broken\r\n{"id":"x-3","priority":"high"}\r\n{"title":"no id"}' >"$work/bad.jsonl"
run "malformed jsonl lines do not stop the load" 0 "" --print "$work/bad.jsonl"
[ "$(cut -f1 "$work/out" | tr '\n' ' ')" = "x-1 x-3 " ] && ok "malformed jsonl: good lines listed" ||
	not_ok "malformed jsonl: good lines listed" "$(cat "$work/out")"
if grep -qF "tib: $work/bad.jsonl:3: invalid JSON" "$work/err" &&
	grep -qF "tib: $work/bad.jsonl:4: \"priority\" is the string \"high\"" "$work/err" &&
	grep -qF "tib: $work/bad.jsonl:5: no \"id\"" "$work/err"; then
	ok "malformed jsonl lines reported as FILE:LINE: message"
else
	not_ok "malformed jsonl lines reported as FILE:LINE: message" "stderr: $(head -c 600 "$work/err")"
fi
printf '[\n  {\n    "id": "x-1",\n    "title": "from bd list --json"\n  }\n]\n' >"$work/list.json"
run "a JSON array (bd list --json)" 0 "" --print "$work/list.json"
grep -q "^x-1	P2	open	task	from bd list --json$" "$work/out" && ok "JSON array listed" || not_ok "JSON array listed" "$(cat "$work/out")"
sqlite3 "$work/db.jsonl" "CREATE TABLE t(x);"
run "a SQLite file named .jsonl" 1 "not a JSONL file" --print "$work/db.jsonl"
# Every file of the malformed corpus loads: exit 0, each problem on its own line.
bad_ok=1
for f in tests/data/bad/*.json*; do
	$TIB --print "$f" >"$work/out" 2>"$work/err"
	rc=$?
	if [ "$rc" -ne 0 ] || grep -v "^tib: $f:[1-9][0-9]*: " "$work/err" | grep -q .; then
		bad_ok=0
		not_ok "malformed corpus: $f" "exit $rc" "stderr: $(head -c 300 "$work/err")"
	fi
done
[ "$bad_ok" -eq 1 ] && ok "malformed corpus: every file loads, problems as FILE:LINE"
# The generator's JSONL and SQLite outputs of the same data list the same.
if "$GEN" --count 500 --seed 7 --jsonl "$work/gen.jsonl" --sqlite "$work/gen.db" 2>"$work/err"; then
	$TIB --print "$work/gen.jsonl" >"$work/gen.jsonl.out" 2>"$work/err"
	$TIB --print "$work/gen.db" >"$work/gen.db.out" 2>/dev/null
	[ -s "$work/gen.jsonl.out" ] && [ ! -s "$work/err" ] && cmp -s "$work/gen.jsonl.out" "$work/gen.db.out" &&
		ok "generated jsonl lists like its database" ||
		not_ok "generated jsonl lists like its database" "$(diff "$work/gen.db.out" "$work/gen.jsonl.out" | head -n 5)" "$(cat "$work/err")"
else
	not_ok "generate jsonl" "$(cat "$work/err")"
fi
# Discovery falls back to .beads/issues.jsonl when there is no database.
mkdir -p "$work/jproj/.git" "$work/jproj/.beads/sub"
cp "$work/gen.jsonl" "$work/jproj/.beads/issues.jsonl"
(cd "$work/jproj" && env -u BEADS_DIR -u BEADS_DB $TIB --print >"$work/walk.out" 2>"$work/err")
cmp -s "$work/walk.out" "$work/gen.jsonl.out" && ok "finds .beads/issues.jsonl" ||
	not_ok "finds .beads/issues.jsonl" "$(cat "$work/err")"

head -c 3000 "$DEMO" >"$work/truncated.db"
run "truncated database" 1 "truncated.db" --print "$work/truncated.db"
mkdir -p "$work/repo/.git" "$work/repo/sub"
(cd "$work/repo/sub" && env -u BEADS_DIR -u BEADS_DB $TIB --print >"$work/out" 2>"$work/err")
rc=$?
if [ "$rc" -eq 1 ] && grep -q "looked in $work/repo/sub/.beads, $work/repo/.beads" "$work/err"; then
	ok "no database found says where it looked"
else
	not_ok "no database found says where it looked" "exit $rc" "$(cat "$work/err")"
fi

# --- discovery from the environment and the directory tree
mkdir -p "$work/proj/.git" "$work/proj/.beads" "$work/proj/a/b"
cp "$DEMO" "$work/proj/.beads/beads.db"
(cd "$work/proj/a/b" && env -u BEADS_DIR -u BEADS_DB $TIB --print >"$work/walk.out" 2>"$work/err")
rc=$?
$TIB --print "$DEMO" >"$work/demo.out" 2>/dev/null
if [ "$rc" -eq 0 ] && [ -s "$work/walk.out" ] && cmp -s "$work/walk.out" "$work/demo.out"; then
	ok "finds .beads/beads.db from a subdirectory"
else
	not_ok "finds .beads/beads.db from a subdirectory" "exit $rc" "$(cat "$work/err")"
fi
(cd / && BEADS_DIR="$work/proj/.beads" $TIB --print >"$work/env.out" 2>"$work/err")
cmp -s "$work/env.out" "$work/demo.out" && ok "BEADS_DIR" || not_ok "BEADS_DIR" "$(cat "$work/err")"
(cd / && env -u BEADS_DIR BEADS_DB="$work/proj/.beads/beads.db" $TIB --print >"$work/env.out" 2>"$work/err")
cmp -s "$work/env.out" "$work/demo.out" && ok "BEADS_DB" || not_ok "BEADS_DB" "$(cat "$work/err")"

# --- the config file: a bad line is a warning with file:line, loading goes on
cat >"$work/bad.tibrc" <<'CFG'
# comment
set actor = goran
set layout = diagonal
frobnicate now
view = no name
bind list <Nope> move-down
bind list j fly-away
set show-tombstones = yes
CFG
run "config warnings do not stop tib" 0 "bad.tibrc:3: layout wants auto, side or stacked, not 'diagonal'" --config "$work/bad.tibrc" --demo --print
for want in "bad.tibrc:4: unknown command 'frobnicate'" "bad.tibrc:5: view wants a one-word NAME" \
	"bad.tibrc:6: bad key '<Nope>'" "bad.tibrc:7: unknown action 'fly-away'"; do
	grep -qF "$want" "$work/err" && ok "config warning: $want" || not_ok "config warning: $want" "$(cat "$work/err")"
done
cut -f3 "$work/out" | grep -qx tombstone && ok "config show-tombstones applies" || not_ok "config show-tombstones applies"
run "config actor is assignee:me" 0 "" --config "$work/bad.tibrc" --demo --print --filter 'assignee:me'
[ -s "$work/out" ] && ok "assignee:me lists the actor's issues" || not_ok "assignee:me lists the actor's issues"
$TIB --demo --json --filter 'assignee:goran' 2>/dev/null | jq -r '.[].id' | sort >"$work/goran.ids"
cut -f1 "$work/out" | sort >"$work/me.ids"
cmp -s "$work/goran.ids" "$work/me.ids" && ok "assignee:me = assignee:goran with set actor = goran" ||
	not_ok "assignee:me = assignee:goran with set actor = goran"
run "a missing --config file is reported" 0 "cannot read config $work/nope.tibrc" --config "$work/nope.tibrc" --demo --print
TIB_CONFIG="$work/bad.tibrc" $TIB --demo --print >/dev/null 2>"$work/err"
grep -qF "bad.tibrc:3:" "$work/err" && ok "TIB_CONFIG is read" || not_ok "TIB_CONFIG is read"

# --- the demo
run "demo prints" 0 "" --demo --print
lines=$(wc -l <"$work/out")
[ "$lines" -ge 200 ] && ok "demo has a few hundred issues ($lines)" || not_ok "demo has a few hundred issues" "$lines lines"
for s in open in_progress blocked deferred closed pinned hooked; do
	if ! cut -f3 "$work/out" | grep -qx "$s"; then
		not_ok "demo shows status $s"
		continue
	fi
	ok "demo shows status $s"
done
awk -F '\t' 'NF != 5 || $2 !~ /^P[0-4]$/ { bad = 1 } END { exit bad }' "$work/out" &&
	ok "print lines are id, P<prio>, status, type, title" || not_ok "print lines are id, P<prio>, status, type, title"
if cut -f3 "$work/out" | grep -qx tombstone; then
	not_ok "tombstones hidden by default"
else
	ok "tombstones hidden by default"
fi
run "tombstones shown on request" 0 "" --demo --print --tombstones
cut -f3 "$work/out" | grep -qx tombstone && ok "--tombstones lists them" || not_ok "--tombstones lists them"
run "demo json" 0 "" --demo --json
if jq -e 'length > 200 and all(.[]; has("id") and has("title") and has("priority") and has("ready"))' "$work/out" >/dev/null; then
	ok "json is an array of issues with fields"
else
	not_ok "json is an array of issues with fields" "$(head -c 300 "$work/out")"
fi
jq -e '[.[] | select(has("description"))] | length > 100' "$work/out" >/dev/null &&
	ok "json includes long text" || not_ok "json includes long text"
$TIB --demo --print >"$work/p.out" 2>/dev/null
if [ "$(jq -r '.[].id' "$work/out")" = "$(cut -f1 "$work/p.out")" ]; then
	ok "json and print list the same issues in the same order"
else
	not_ok "json and print list the same issues in the same order"
fi

# A closed pipe ends the listing quietly.
$TIB --demo --print 2>"$work/err" | head -n 1 >/dev/null
[ ! -s "$work/err" ] && ok "closed pipe is quiet" || not_ok "closed pipe is quiet" "$(cat "$work/err")"

# Reading never writes the database file.
cp "$DEMO" "$work/ro.db"
sum_before=$(cksum <"$work/ro.db")
$TIB --print "$work/ro.db" >/dev/null 2>&1
$TIB --json "$work/ro.db" >/dev/null 2>&1
[ "$(cksum <"$work/ro.db")" = "$sum_before" ] && ok "reading leaves the file unchanged" ||
	not_ok "reading leaves the file unchanged"

# --- real beads data (../shared), imported by our own importer
# Expected order computed independently with SQL, from beads' own blocked
# rule (the recursive CTE of bd's ready_issues view, plus 'hooked').
# Times compare as instants to the microsecond (julianday() rounds to the
# millisecond, too coarse for bd's timestamps); child ids compare their
# numeric parts as numbers (x.2 before x.10).
frac6() { # the fractional digits of an RFC 3339 column, padded to 6
	echo "substr((CASE WHEN substr($1, 20, 1) = '.' THEN substr(substr($1, 21), 1,
	  min(coalesce(nullif(instr(substr($1, 21), 'Z'), 0), 99),
	      coalesce(nullif(instr(substr($1, 21), '+'), 0), 99),
	      coalesce(nullif(instr(substr($1, 21), '-'), 0), 99)) - 1) ELSE '' END) || '000000', 1, 6)"
}
expected_order_sql="
WITH RECURSIVE
 blocked_directly AS (
  SELECT DISTINCT d.issue_id FROM dependencies d JOIN issues b ON d.depends_on_id = b.id
  WHERE d.type = 'blocks' AND b.status IN ('open','in_progress','blocked','deferred','hooked')),
 bt(issue_id, depth) AS (
  SELECT issue_id, 0 FROM blocked_directly
  UNION ALL SELECT d.issue_id, bt.depth + 1 FROM bt JOIN dependencies d ON d.depends_on_id = bt.issue_id
  WHERE d.type = 'parent-child' AND bt.depth < 50),
 blocked AS (SELECT DISTINCT issue_id FROM bt),
 keyed AS (
  SELECT id, status, priority,
   CASE WHEN status = 'closed' THEN 3
        WHEN status IN ('blocked','deferred') OR id IN blocked
             OR (defer_until IS NOT NULL AND julianday(defer_until) > julianday('now')) THEN 2
        WHEN status = 'in_progress' THEN 0 ELSE 1 END AS grp,
   CAST(strftime('%s', closed_at) AS INTEGER) AS closed_s, $(frac6 closed_at) AS closed_f,
   CAST(strftime('%s', updated_at) AS INTEGER) AS updated_s, $(frac6 updated_at) AS updated_f,
   CASE WHEN instr(id, '.') THEN substr(id, 1, instr(id, '.') - 1) ELSE id END AS base,
   CASE WHEN instr(id, '.') THEN substr(id, instr(id, '.') + 1) END AS rest
  FROM issues WHERE status != 'tombstone')
SELECT id FROM keyed
ORDER BY grp,
         CASE WHEN grp = 3 THEN closed_s END DESC, CASE WHEN grp = 3 THEN closed_f END DESC,
         priority, updated_s DESC, updated_f DESC,
         base, CAST(rest AS INTEGER),
         CAST(CASE WHEN instr(rest, '.') THEN substr(rest, instr(rest, '.') + 1) END AS INTEGER), id;"

for spec in "beads-issues.jsonl:704" "beads-issues-large.jsonl:2657"; do
	file=${spec%%:*} want=${spec##*:}
	if [ ! -r "$SHARED/data/$file" ]; then
		skip "real data $file" "$SHARED/data/$file is absent (only beside a developer checkout)"
		continue
	fi
	db="$work/${file%.jsonl}.db"
	if ! "$GEN" --import "$SHARED/data/$file" --sqlite "$db" 2>"$work/err"; then
		not_ok "import $file" "$(cat "$work/err")"
		continue
	fi
	run "print $file" 0 "" --print "$db"
	got=$(wc -l <"$work/out")
	[ "$got" -eq "$want" ] && ok "$file: $want issues listed" || not_ok "$file: $want issues listed" "got $got"
	cut -f1 "$work/out" >"$work/got.ids"
	sqlite3 "$db" "$expected_order_sql" >"$work/want.ids"
	if cmp -s "$work/got.ids" "$work/want.ids"; then
		ok "$file: default order matches beads' rules"
	else
		not_ok "$file: default order matches beads' rules" "$(diff "$work/want.ids" "$work/got.ids" | head -n 10)"
	fi
	jq -r .status "$SHARED/data/$file" | grep -vx tombstone | sort | uniq -c >"$work/want.counts"
	cut -f3 "$work/out" | sort | uniq -c >"$work/got.counts"
	cmp -s "$work/want.counts" "$work/got.counts" && ok "$file: counts per status" ||
		not_ok "$file: counts per status" "$(diff "$work/want.counts" "$work/got.counts")"
	run "json $file" 0 "" --json "$db"
	jq -e "length == $want" "$work/out" >/dev/null && ok "$file: json has $want issues" ||
		not_ok "$file: json has $want issues"
	# the export itself, read directly, lists exactly what its import lists
	run "print $file directly" 0 "" --print "$SHARED/data/$file"
	$TIB --print "$db" >"$work/db.out" 2>/dev/null
	if cmp -s "$work/out" "$work/db.out" && [ ! -s "$work/err" ]; then
		ok "$file: read directly, the same listing as its import and no problems"
	else
		not_ok "$file: read directly, the same listing as its import and no problems" \
			"$(diff "$work/db.out" "$work/out" | head -n 5)" "stderr: $(head -c 300 "$work/err")"
	fi
	run "json $file directly" 0 "" --json "$SHARED/data/$file"
	jq -e "length == $want" "$work/out" >/dev/null && ok "$file: json read directly has $want issues" ||
		not_ok "$file: json read directly has $want issues"
done

# --- colours and --dump-config: color lines, set theme, the effective
# configuration as a config file that reads back the same
run "dump-config of the defaults" 0 "" --config /dev/null --dump-config
cp "$work/out" "$work/dump.defaults"
for want in "set theme = dark" "set actor =" "set board-columns = auto" "set split-columns = 140" "set mouse = no" \
	"color prio-0 red default bold" "color selected default default reverse" "color prio-2 default default" \
	"view all =" "view ready = is:ready sort:prio" "bind generic j move-down" "bind generic <Down> move-down" \
	"bind generic <Hash> view-stats" "bind help s search" "bind board h column-left" "bind tree o expand"; do
	grep -qxF "$want" "$work/dump.defaults" && ok "dump-config default: $want" ||
		not_ok "dump-config default: $want" "$(head -n 20 "$work/dump.defaults")"
done
[ "$(grep -c '^color ' "$work/dump.defaults")" -eq 20 ] && ok "dump-config: a color line per area" ||
	not_ok "dump-config: a color line per area" "$(grep '^color ' "$work/dump.defaults")"
[ ! -s "$work/err" ] && ok "dump-config of the defaults: nothing on stderr" ||
	not_ok "dump-config of the defaults: nothing on stderr" "$(cat "$work/err")"
# tib --config <(tib --dump-config) --dump-config prints the same text
$TIB --config /dev/null --dump-config | $TIB --config /dev/stdin --dump-config >"$work/dump.again" 2>"$work/err"
cmp -s "$work/dump.defaults" "$work/dump.again" && [ ! -s "$work/err" ] && ok "dump-config reads back the same (defaults)" ||
	not_ok "dump-config reads back the same (defaults)" "$(diff "$work/dump.defaults" "$work/dump.again" | head -n 10)" "$(cat "$work/err")"
# source: a file that sources itself, two that source each other, one
# with 70 source lines, a chain 12 deep: each loop refused once with a
# warning naming the line, sources after the 64th or deeper than 8 not
# read (one warning), the settings read so far still applied
mkdir -p "$work/src"
printf 'set actor = self\nsource self.tibrc\nsource self.tibrc\n' >"$work/src/self.tibrc"
printf 'set actor = ping\nsource pong.tibrc\n' >"$work/src/ping.tibrc"
printf 'set mouse = yes\nsource ping.tibrc\n' >"$work/src/pong.tibrc"
i=0
: >"$work/src/wide.tibrc"
while [ "$i" -lt 70 ]; do
	printf 'source leaf-%d.tibrc\n' "$i" >>"$work/src/wide.tibrc"
	printf 'set actor = leaf-%d\n' "$i" >"$work/src/leaf-$i.tibrc"
	[ "$i" -lt 12 ] && printf 'set actor = chain-%d\nsource chain-%d.tibrc\n' "$i" $((i + 1)) >"$work/src/chain-$i.tibrc"
	i=$((i + 1))
done
# source_case NAME FILE ERR_LINES CHECK...: tib --config src/FILE
# --dump-config exits 0, writes ERR_LINES lines to stderr, and each CHECK
# (a command, run by eval on $work/out and $work/err) holds
source_case() {
	sc_name=$1 sc_file=$2 sc_lines=$3
	shift 3
	timeout 20 $TIB --config "$work/src/$sc_file" --dump-config >"$work/out" 2>"$work/err"
	sc_rc=$?
	sc_ok=1
	[ "$sc_rc" -eq 0 ] && [ "$(wc -l <"$work/err")" -eq "$sc_lines" ] || sc_ok=0
	for sc_check in "$@"; do
		eval "$sc_check" || sc_ok=0
	done
	if [ "$sc_ok" -eq 1 ]; then
		ok "config: $sc_name"
	else
		not_ok "config: $sc_name" "exit $sc_rc" "$(head -n 5 "$work/err")" \
			"($(wc -l <"$work/err") lines on stderr)" "$(grep -e actor -e mouse "$work/out")"
	fi
}
# (the quotes around file names in the warnings are matched by '.')
source_case "a file that sources itself: each such line refused once, with a warning" self.tibrc 2 \
	'grep -qx "set actor = self" "$work/out"' \
	'[ "$(grep -c "self.tibrc:2: source loop: .self.tibrc. is already being read" "$work/err")" -eq 1 ]' \
	'[ "$(grep -c "self.tibrc:3: source loop: .self.tibrc. is already being read" "$work/err")" -eq 1 ]'
source_case "two files that source each other: read once each, the loop refused with a warning" ping.tibrc 1 \
	'grep -qx "set actor = ping" "$work/out"' 'grep -qx "set mouse = yes" "$work/out"' \
	'grep -q "pong.tibrc:2: source loop: .ping.tibrc. is already being read" "$work/err"'
source_case "70 source lines: the first 64 followed, then one warning" wide.tibrc 1 \
	'grep -q "wide.tibrc:65: more than 64 source lines: the rest are not read" "$work/err"' \
	'grep -qx "set actor = leaf-63" "$work/out"'
source_case "sources nested 12 deep: 8 levels read, then one warning" chain-0.tibrc 1 \
	'grep -q "chain-8.tibrc:2: source nested too deep at .chain-9.tibrc." "$work/err"' \
	'grep -qx "set actor = chain-8" "$work/out"'
cat >"$work/colors.tibrc" <<'CFG'
set theme = light
set actor = carol
set board-columns = open, review, closed
color prio-2 #FF8800 default underline bold
color Selected white blue
color closed 244 default normal
color status-bar bright-white color17 italic standout blink dim reverse
view chains = chain sort:title
view ready = is:ready type:bug
bind list J move-last
bind generic x view-7
bind list k none
bind generic <C-d> none
bind board h move-first
CFG
run "dump-config of a config" 0 "" --config "$work/colors.tibrc" --dump-config
cp "$work/out" "$work/dump.colors"
for want in "set theme = light" "set actor = carol" "set board-columns = open, review, closed" \
	"color status-open color28 default" "color prio-0 color160 default bold" \
	"color prio-2 #ff8800 default bold underline" "color selected white blue" "color closed color244 default" \
	"color status-bar bright-white color17 dim reverse italic standout blink" \
	"view chains = chain sort:title" "view ready = is:ready type:bug" "bind list J move-last" \
	"bind generic x view-7" "bind list k none" "bind generic <C-d> none" "bind board h move-first" \
	"bind board l column-right" "bind generic h back"; do
	grep -qxF "$want" "$work/dump.colors" && ok "dump-config: $want" || not_ok "dump-config: $want" "$(cat "$work/dump.colors")"
done
grep -q "^view chains" "$work/dump.colors" && [ "$(grep '^view ' "$work/dump.colors" | sed -n 8p)" = "view chains = chain sort:title" ] &&
	ok "dump-config: a config view after the built-in ones" || not_ok "dump-config: a config view after the built-in ones"
$TIB --config "$work/colors.tibrc" --dump-config | $TIB --config /dev/stdin --dump-config >"$work/dump.again" 2>"$work/err"
cmp -s "$work/dump.colors" "$work/dump.again" && [ ! -s "$work/err" ] && ok "dump-config reads back the same (a config)" ||
	not_ok "dump-config reads back the same (a config)" "$(diff "$work/dump.colors" "$work/dump.again" | head -n 10)" "$(cat "$work/err")"
run "dump-config with --read-only --tombstones" 0 "" --config /dev/null --read-only --tombstones --dump-config
grep -qx "set read-only = yes" "$work/out" && grep -qx "set show-tombstones = yes" "$work/out" &&
	ok "dump-config applies --read-only and --tombstones" || not_ok "dump-config applies --read-only and --tombstones"
TIB_CONFIG="$work/colors.tibrc" $TIB --dump-config >"$work/out" 2>/dev/null
cmp -s "$work/out" "$work/dump.colors" && ok "dump-config reads TIB_CONFIG" || not_ok "dump-config reads TIB_CONFIG"
cat >"$work/badcolor.tibrc" <<'CFG'
color prio-0 red
color nowhere red default
color prio-0 purple default
color prio-0 red #12345
color prio-0 red default sparkly
set theme = sepia
color prio-1 magenta default
color prio-3 default #ABCDEF
CFG
run "bad color lines warn, loading goes on" 0 "badcolor.tibrc:1: color wants AREA FG BG [ATTRS]" \
	--config "$work/badcolor.tibrc" --dump-config
for want in "badcolor.tibrc:2: unknown color area 'nowhere'" "badcolor.tibrc:3: bad color 'purple'" \
	"badcolor.tibrc:4: bad color '#12345'" "badcolor.tibrc:5: unknown attribute 'sparkly'" \
	"badcolor.tibrc:6: theme wants dark or light, not 'sepia'"; do
	grep -qF "tib: $work/$want" "$work/err" && ok "color warning: $want" || not_ok "color warning: $want" "$(cat "$work/err")"
done
[ "$(wc -l <"$work/err")" -eq 6 ] && ok "color warnings: one line each" || not_ok "color warnings: one line each" "$(cat "$work/err")"
grep -qx "color prio-0 red default bold" "$work/out" && grep -qx "color prio-1 magenta default" "$work/out" &&
	grep -qx "color prio-3 default #abcdef" "$work/out" && grep -qx "set theme = dark" "$work/out" &&
	ok "a bad color line changes nothing, the good ones apply" ||
	not_ok "a bad color line changes nothing, the good ones apply" "$(grep -e '^color prio' -e '^set theme' "$work/out")"
run "help lists --dump-config" 0 "" --help
grep -q -- "--dump-config" "$work/out" && ok "help lists --dump-config" || not_ok "help lists --dump-config"

# The README's screenshots show what tib draws today: each picture's SVG
# (what rsvg-convert turned into the PNG) hashes to what `make screenshots`
# recorded beside it.
for keys in screenshots/*.keys; do
	[ -e "$keys" ] || continue
	name=$(basename "$keys" .keys)
	size=$(sed -n 's/^# size: *\([0-9]*x[0-9]*\) *$/\1/p' "$keys" | head -n 1)
	dir="$work/shot-$name"
	mkdir -p "$dir/home"
	cp "$DEMO" "$dir/demo.db"
	{ cat "$keys"; printf ':dump-svg %s\n' "$dir/$name.svg"; } >"$dir/$name.keys"
	# shellcheck disable=SC2086
	env -i PATH="$PATH" TERM=xterm-256color LANG=C.UTF-8 TZ=UTC TIB_NOW=2026-11-01T00:00:00Z TIB_CONFIG= \
		XDG_CONFIG_HOME= HOME="$dir/home" XDG_STATE_HOME="$dir/home/state" TIB_DEMO_DB="$dir/demo.db" \
		$TIB --script "$dir/$name.keys" --size "$size" --demo >/dev/null 2>"$dir/err"
	want=$(cat "screenshots/$name.svg.sha256" 2>/dev/null)
	got=$(sha256sum <"$dir/$name.svg" 2>/dev/null | cut -d ' ' -f 1)
	if [ -n "$want" ] && [ "$want" = "$got" ]; then
		ok "screenshot $name matches what tib draws"
	else
		not_ok "screenshot $name matches what tib draws" "run 'make screenshots' (want $want, got $got)" \
			"$(head -n 3 "$dir/err")"
	fi
done

# The README's config example loads without a warning (trailing comments
# too, and `#rrggbb` colours are not comments) and does what it says.
sed -n '/^set actor = alice/,/^bind list J/p' README.md >"$work/readme.tibrc"
$TIB --config "$work/readme.tibrc" --dump-config >"$work/readme.dump" 2>"$work/readme.err"
if [ -s "$work/readme.tibrc" ] && [ ! -s "$work/readme.err" ] && grep -qx 'set actor = alice' "$work/readme.dump" &&
	grep -qx 'set mouse = yes' "$work/readme.dump" && grep -q '^color prio-0 #ff5f5f default bold' "$work/readme.dump"; then
	ok "the README's config example loads without a warning"
else
	not_ok "the README's config example loads without a warning" "$(head -n 3 "$work/readme.err")"
fi

# The man page renders without a warning (groff -ww: all of them).
if command -v groff >/dev/null 2>&1; then
	if groff -man -ww -z man/tib.1 >"$work/groff.out" 2>&1 && [ ! -s "$work/groff.out" ]; then
		ok "man/tib.1 renders without warnings (groff -man -ww)"
	else
		not_ok "man/tib.1 renders without warnings (groff -man -ww)"
		head -n 10 "$work/groff.out"
	fi
else
	skipped=$((skipped + 1))
	echo "skip - man/tib.1 lint: groff is not installed (make deps installs groff-base)"
fi

echo "cli: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
