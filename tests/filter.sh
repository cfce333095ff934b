#!/bin/sh
# Golden tests of `tib --print --filter QUERY DB` on the real beads data
# (../shared/data), each expected result computed independently: with jq
# over the JSONL export, or with SQL over the imported database. Set
# queries compare the sets of ids, sort: queries the order as well.
#   TIB="cmd to run tib" GEN=path/to/tib-gen tests/filter.sh
# Prints "ok - NAME" / "not ok - NAME" per case and a summary line; skips
# (counted) when ../shared/data (or $TIB_SHARED_DIR/data) is absent.
# jq programs are single-quoted on purpose; `A && ok || not_ok` as in cli.sh.
# shellcheck disable=SC2016,SC2015
set -u
: "${TIB:?}" "${GEN:?}"
SHARED=${TIB_SHARED_DIR:-../shared}
work=$(mktemp -d "${TMPDIR:-/tmp}/tib-filter.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0 failed=0 skipped=0

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; shift; for l in "$@"; do echo "    $l"; done; }
skip() { skipped=$((skipped + 1)); echo "skip - $1: $2"; }

# A fixed clock for relative dates and the deferred/ready state; days in UTC.
export TIB_NOW=2026-11-01T00:00:00Z TZ=UTC LC_ALL=C.UTF-8
unset BEADS_ACTOR
now_us=$(jq -n '"2026-11-01T00:00:00Z" | fromdateiso8601 * 1000000')

# jq helpers. inst: a timestamp as microseconds since the epoch (RFC 3339
# with 0-9 fractional digits, Z or an offset; or SQLite's "date time").
# day: its UTC day. shown: not a tombstone (hidden unless asked for).
# blocking: a dependency type that blocks. hay: the fields a free word
# searches, lower-cased (ASCII only: the test words are ASCII). long: the
# same plus the long text and the comments, for text:.
jqlib='
def inst: capture("^(?<d>[0-9]{4}-[0-9]{2}-[0-9]{2})[T ](?<t>[0-9]{2}:[0-9]{2}:[0-9]{2})(?:[.,](?<f>[0-9]+))?(?<z>Z|[+-][0-9]{2}:?[0-9]{2})?$") as $c
  | (($c.d + "T" + $c.t + "Z") | fromdateiso8601) as $s
  | ($c.z // "Z") as $z
  | (if $z == "Z" then 0 else (($z[1:3] | tonumber) * 3600 + ($z[-2:] | tonumber) * 60)
       * (if $z[0:1] == "+" then 1 else -1 end) end) as $off
  | ($s - $off) * 1000000 + ((($c.f // "") + "000000")[0:6] | tonumber);
def day: inst / 1000000 | floor | todate | .[0:10];
def shown: .status != "tombstone";
def blocking: . == "blocks" or . == "conditional-blocks" or . == "waits-for";
def hay: (.id + "\n" + .title) | ascii_downcase;
def long: [.id, .title, .description, .design, .acceptance_criteria, .notes,
           ((.comments // [])[] | "\(.author): \(.text)")] | map(. // "") | join("\n") | ascii_downcase;
def natkey: .id | split(".") | map(if test("^[0-9]+$") then [0, tonumber] else [1, .] end);
'

# tibq QUERY DB: the ids tib prints, in its order, into $work/got; sets $rc.
tibq() {
	# shellcheck disable=SC2086
	$TIB --print --filter "$1" "$2" >"$work/out" 2>"$work/err"
	rc=$?
	cut -f1 "$work/out" >"$work/got"
}

# compare NAME WANT_RC: $work/want against $work/got. A golden query
# that expects nothing proves little: each one here must match something.
compare() {
	if [ ! -s "$work/want" ]; then
		not_ok "$1" "the expected result is empty: a golden query should match something"
	elif [ "$rc" -ne "$2" ]; then
		not_ok "$1" "exit $rc, want $2" "stderr: $(head -c 400 "$work/err")"
	elif ! cmp -s "$work/want" "$work/got"; then
		not_ok "$1" "$(wc -l <"$work/want") expected, $(wc -l <"$work/got") listed" \
			"$(diff "$work/want" "$work/got" | head -n 8)"
	else
		ok "$1"
	fi
}

# want_rc: 0 when something is expected, else 1 (no match).
want_rc() { [ -s "$work/want" ] && echo 0 || echo 1; }

# set NAME JSONL DB QUERY JQ_PROGRAM: the program runs on the slurped
# array and prints the expected ids in any order.
set_case() {
	name=$1 jsonl=$2 db=$3 query=$4 prog=$5
	if ! jq -rs "$jqlib $prog" "$jsonl" >"$work/want"; then
		not_ok "$name [$query]" "jq failed"
		return
	fi
	LC_ALL=C sort -o "$work/want" "$work/want"
	tibq "$query" "$db"
	LC_ALL=C sort -o "$work/got" "$work/got"
	compare "$name [$query]" "$(want_rc)"
}

# sel NAME JSONL DB QUERY JQ_CONDITION: the shown issues that satisfy it.
sel() {
	set_case "$1" "$2" "$3" "$4" ".[] | select(shown and ($5)) | .id"
}

# order NAME JSONL DB QUERY JQ_PROGRAM: the program prints the expected
# ids in the expected order.
order_case() {
	name=$1 jsonl=$2 db=$3 query=$4 prog=$5
	if ! jq -rs "$jqlib $prog" "$jsonl" >"$work/want"; then
		not_ok "$name [$query]" "jq failed"
		return
	fi
	tibq "$query" "$db"
	compare "$name [$query]" "$(want_rc)"
}

# sql NAME DB QUERY SQL: the expected ids from SQL over the database.
sql_case() {
	name=$1 db=$2 query=$3
	if ! sqlite3 "$db" "$4" >"$work/want"; then
		not_ok "$name [$query]" "sqlite3 failed"
		return
	fi
	LC_ALL=C sort -o "$work/want" "$work/want"
	tibq "$query" "$db"
	LC_ALL=C sort -o "$work/got" "$work/got"
	compare "$name [$query]" "$(want_rc)"
}

small=$SHARED/data/beads-issues.jsonl
large=$SHARED/data/beads-issues-large.jsonl
if [ ! -r "$small" ] || [ ! -r "$large" ]; then
	skip "real beads data" "$SHARED/data is absent (only beside a developer checkout)"
	echo "filter: $passed passed, $failed failed, $skipped skipped"
	exit 0
fi
S=$work/small.db L=$work/large.db
for pair in "$small:$S" "$large:$L"; do
	if ! "$GEN" --import "${pair%%:*}" --sqlite "${pair#*:}" 2>"$work/err" >/dev/null; then
		not_ok "import ${pair%%:*}" "$(cat "$work/err")"
		echo "filter: $passed passed, $failed failed, $skipped skipped"
		exit 1
	fi
done

# --- fields
sel "status" "$small" "$S" 'status:open' '.status == "open"'
sel "status list" "$small" "$S" 'status:in_progress,hooked,pinned' \
	'.status == "in_progress" or .status == "hooked" or .status == "pinned"'
sel "is:open" "$large" "$L" 'is:open' '.status != "closed"'
sel "is:closed" "$large" "$L" 'is:closed' '.status == "closed"'
sel "type and prio below" "$small" "$S" 'type:bug prio:<2' '.issue_type == "bug" and .priority < 2'
sel "p-shorthands or'ed" "$large" "$L" 'p0 or p1' '.priority <= 1'
sel "prio range" "$large" "$L" 'prio:1..2 type:feature' '.priority >= 1 and .priority <= 2 and .issue_type == "feature"'
sel "is:TYPE" "$small" "$S" 'is:epic' '.issue_type == "epic"'
sel "assignee" "$small" "$S" 'assignee:beads/refinery' '.assignee == "beads/refinery"'
sel "assignee none" "$small" "$S" 'assignee:none status:open' '(.assignee // "") == "" and .status == "open"'
BEADS_ACTOR=beads/witness
export BEADS_ACTOR
sel "assignee me" "$small" "$S" 'assignee:me -status:closed' '.assignee == "beads/witness" and .status != "closed"'
unset BEADS_ACTOR
sel "owner" "$large" "$L" 'owner:steve.yegge@gmail.com type:bug' '.owner == "steve.yegge@gmail.com" and .issue_type == "bug"'
sel "label with a colon" "$small" "$S" 'label:gt:merge-request' '(.labels // []) | index(["gt:merge-request"]) != null'
sel "label list" "$large" "$L" 'label:workflow,template' \
	'(.labels // []) | any(. == "workflow" or . == "template")'
sel "label none" "$large" "$L" 'label:none is:open' '((.labels // []) | length == 0) and .status != "closed"'
sel "id prefix" "$small" "$S" 'id:bd-wisp-' '.id | startswith("bd-wisp-")'
sel "has:comments" "$large" "$L" 'has:comments' '(.comments // []) | length > 0'
sel "has:labels" "$small" "$S" 'has:labels' '(.labels // []) | length > 0'

# --- links: parent from the export's own parent field, blocks from the
# dependency lists
sel "parent" "$small" "$S" 'parent:bd-wisp-psxiw' '.parent == "bd-wisp-psxiw"'
set_case "blocks" "$small" "$S" 'blocks:bd-bvec' \
	'(map(select(.id == "bd-bvec"))[0].dependencies // [] | map(select(.type | blocking) | .depends_on_id)) as $t
	 | .[] | select(shown and (.id as $i | any($t[]; . == $i))) | .id'
sel "blocked-by" "$small" "$S" 'blocked-by:bd-tggf' \
	'any(.dependencies[]?; (.type | blocking) and .depends_on_id == "bd-tggf")'
sel "has:parent" "$large" "$L" 'has:parent is:closed' \
	'any(.dependencies[]?; .type == "parent-child") and .status == "closed"'
set_case "has:children" "$large" "$L" 'has:children' \
	'([.[].dependencies[]? | select(.type == "parent-child") | .depends_on_id] | unique) as $p
	 | .[] | select(shown and (.id as $i | $p | index([$i]) != null)) | .id'

# --- words, phrases, regex, full text
sel "word" "$small" "$S" 'patrol' 'hay | contains("patrol")'
sel "words and" "$small" "$S" 'witness patrol' 'hay | contains("witness") and contains("patrol")'
sel "smart case" "$small" "$S" 'Witness' '(.id + "\n" + .title) | contains("Witness")'
sel "phrase" "$large" "$L" '"bd ready"' 'hay | contains("bd ready")'
sel "regex" "$large" "$L" 're:/^(fix|add) /' '.title | test("^(fix|add) "; "i")'
sel "regex case" "$large" "$L" 're:/^Fix /' '.title | test("^Fix ")'
sel "text:" "$large" "$L" 'text:sqlite' 'long | contains("sqlite")'
sel "text: phrase" "$large" "$L" 'text:"merge conflict"' 'long | contains("merge conflict")'
sel "text: and a field" "$large" "$L" 'text:worktree is:open' '(long | contains("worktree")) and .status != "closed"'
sel "negated word" "$small" "$S" 'is:open -patrol' '.status != "closed" and (hay | contains("patrol") | not)'

# --- negation, or, parentheses
sel "not a group" "$large" "$L" 'not (type:task or type:event) is:open' \
	'(.issue_type != "task" and .issue_type != "event") and .status != "closed"'
sel "-(group)" "$large" "$L" '-(status:closed or p4) type:bug' \
	'.status != "closed" and .priority != 4 and .issue_type == "bug"'
sel "or of ands" "$large" "$L" 'type:bug p0 or type:epic p1' \
	'(.issue_type == "bug" and .priority == 0) or (.issue_type == "epic" and .priority == 1)'
sel "negated field" "$small" "$S" '-status:closed -type:epic -type:task' \
	'.status != "closed" and .issue_type != "epic" and .issue_type != "task"'

# --- dates: absolute days are inclusive UTC days; relative ages against TIB_NOW
sel "closed range" "$large" "$L" 'closed:2025-12-01..2025-12-07' \
	'.closed_at != null and (.closed_at | day) >= "2025-12-01" and (.closed_at | day) <= "2025-12-07"'
sel "created on a day" "$large" "$L" 'created:2025-11-20' '(.created_at | day) == "2025-11-20"'
sel "created before a day" "$small" "$S" 'created:<2025-12-01' '(.created_at | day) < "2025-12-01"'
sel "updated after a day" "$large" "$L" 'updated:>2026-01-10 type:bug' \
	'(.updated_at | day) > "2026-01-10" and .issue_type == "bug"'
sel "updated within (relative)" "$small" "$S" 'updated:<40w' "(.updated_at | inst) >= $now_us - 40 * 7 * 86400 * 1000000"
sel "created older than (relative)" "$large" "$L" 'created:>300d is:open' \
	"(.created_at | inst) < $now_us - 300 * 86400 * 1000000 and .status != \"closed\""

# --- tombstones: only when asked for
set_case "is:deleted" "$large" "$L" 'is:deleted' '.[] | select(.status == "tombstone") | .id'
set_case "status:tombstone,closed" "$large" "$L" 'status:tombstone,closed type:bug' \
	'.[] | select((.status == "tombstone" or .status == "closed") and .issue_type == "bug") | .id'

# --- SQL over the database: beads' blocked rule (bd's recursive CTE)
blocked_sql="
WITH RECURSIVE
 direct AS (SELECT DISTINCT d.issue_id FROM dependencies d JOIN issues b ON d.depends_on_id = b.id
  WHERE d.type = 'blocks' AND b.status IN ('open','in_progress','blocked','deferred','hooked')),
 bt(issue_id, depth) AS (SELECT issue_id, 0 FROM direct
  UNION ALL SELECT d.issue_id, bt.depth + 1 FROM bt JOIN dependencies d ON d.depends_on_id = bt.issue_id
  WHERE d.type = 'parent-child' AND bt.depth < 50)
SELECT id FROM issues WHERE status != 'tombstone' AND (status = 'blocked' OR id IN (SELECT issue_id FROM bt));"
sql_case "is:blocked (sql)" "$S" 'is:blocked' "$blocked_sql"
sql_case "prio and label (sql)" "$S" 'p2 label:gt:merge-request' \
	"SELECT DISTINCT i.id FROM issues i JOIN labels l ON l.issue_id = i.id
	 WHERE i.priority = 2 AND l.label = 'gt:merge-request' AND i.status != 'tombstone';"

# --- sort: the order too; keys chosen to make it total
order_case "sort prio, id" "$small" "$S" 'type:epic status:open sort:prio sort:id' \
	'map(select(shown and .issue_type == "epic" and .status == "open")) | sort_by([.priority, natkey]) | .[].id'
order_case "sort -updated" "$large" "$L" 'type:feature sort:-updated sort:id' \
	'map(select(shown and .issue_type == "feature")) | sort_by([-(.updated_at | inst), natkey]) | .[].id'
order_case "sort -id" "$small" "$S" 'parent:bd-wisp-5167w sort:-id' \
	'map(select(shown and .parent == "bd-wisp-5167w")) | sort_by(natkey) | reverse | .[].id'
order_case "sort title" "$small" "$S" 'label:gt:merge-request sort:title sort:id' \
	'map(select(shown and ((.labels // []) | index(["gt:merge-request"]) != null))) | sort_by([.title, natkey]) | .[].id'
order_case "sort -created" "$large" "$L" 'is:deleted type:epic sort:-created sort:id' \
	'map(select(.status == "tombstone" and .issue_type == "epic")) | sort_by([-(.created_at | inst), natkey]) | .[].id'

# --- exit codes and hostile text
tibq 'zzz-no-such-thing' "$S"
if [ "$rc" -eq 1 ] && [ ! -s "$work/out" ] && [ ! -s "$work/err" ]; then
	ok "no match: exit 1, nothing printed"
else
	not_ok "no match: exit 1, nothing printed" "exit $rc" "$(head -c 300 "$work/err")"
fi
for bad in 'stat:open|unknown field' 'prio:9|prio' 'created:2026-02-30|date' '"open|unclosed quote' \
	'(a or b|unclosed (' 'a )|unexpected )' 're:/(/|regex' '-sort:prio|sort:' 'status:|wants a value'; do
	query=${bad%|*} what=${bad##*|}
	tibq "$query" "$S"
	if [ "$rc" -eq 2 ] && [ ! -s "$work/out" ] && grep -qF -- "$what" "$work/err"; then
		ok "bad query exits 2 [$query]"
	else
		not_ok "bad query exits 2 [$query]" "exit $rc" "stderr: $(head -c 300 "$work/err")"
	fi
done
# shellcheck disable=SC2086
env -u BEADS_ACTOR -u USER $TIB --print --filter 'assignee:me' "$S" >"$work/out" 2>"$work/err"
rc=$?
[ "$rc" -eq 2 ] && grep -q "no actor" "$work/err" && ok "assignee:me without an actor exits 2" ||
	not_ok "assignee:me without an actor exits 2" "exit $rc" "$(cat "$work/err")"
sum_before=$(cksum <"$S")
count_before=$(sqlite3 "$S" 'SELECT count(*) FROM issues')
for hostile in "x'); DROP TABLE issues;--" "'; DELETE FROM issues; --" '%s%s%s%n' 'title:"; ATTACH'; do
	tibq "$hostile" "$S"
	if { [ "$rc" -eq 1 ] || [ "$rc" -eq 2 ]; } && [ "$(cksum <"$S")" = "$sum_before" ] &&
		[ "$(sqlite3 "$S" 'SELECT count(*) FROM issues')" = "$count_before" ]; then
		ok "hostile query is text, database intact [$hostile] (exit $rc)"
	else
		not_ok "hostile query is text, database intact [$hostile]" "exit $rc" "$(head -c 300 "$work/err")"
	fi
done
tibq "x'); DROP TABLE issues;--" "$S"
[ "$rc" -eq 1 ] && ok "an SQL injection attempt is just words: no match" ||
	not_ok "an SQL injection attempt is just words: no match" "exit $rc" "$(head -c 300 "$work/err")"

# --print --filter '' lists what --print lists
$TIB --print "$S" >"$work/all" 2>/dev/null
tibq '' "$S"
cmp -s "$work/all" "$work/out" && ok "empty filter is the unfiltered list" || not_ok "empty filter is the unfiltered list"
# --json --filter lists the same issues as --print --filter
$TIB --json --filter 'type:bug' "$L" 2>/dev/null | jq -r '.[].id' >"$work/want"
tibq 'type:bug' "$L"
[ -s "$work/want" ] && cmp -s "$work/want" "$work/got" && ok "--json --filter matches --print --filter" ||
	not_ok "--json --filter matches --print --filter"

echo "filter: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
