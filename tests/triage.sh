#!/bin/sh
# Triage end to end: keys typed in tib (script mode), then the data that
# bd would read, checked with sqlite3 on a SQLite database and with jq on
# a JSONL export. The exact rows of every kind of write are in
# tests/unit/test_sqlite_write.c and test_jsonl_write.c; these cases
# prove the keys reach them, and cover what only a running tib can show:
# a change by another program in between (refused), a lock held by
# another writer (waited for, the screen still answering), undo, marks.
#   TIB="cmd" GEN=path/to/tib-gen tests/triage.sh
set -u
: "${TIB:?}" "${GEN:?}"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/tib-triage.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

if ! "$GEN" --import "$here/screen/fixture.jsonl" --sqlite "$work/base.db" 2>"$work/gen.err"; then
	echo "not ok - building the fixture database"; cat "$work/gen.err"
	echo "triage: 0 passed, 1 failed"
	exit 1
fi
cp "$here/screen/fixture.jsonl" "$work/base.jsonl"

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; }

# keys SOURCE [TIB_OPTION...] -- KEY_LINE...: runs tib on SOURCE (in the
# work dir) with the key lines; its status bar is left in $work/status.
keys() {
	k_src=$1 k_opts=""
	shift
	while [ "$1" != "--" ]; do k_opts="$k_opts $1"; shift; done
	shift
	printf '%s\n' "$@" >"$work/keys"
	echo ":dump $work/screen" >>"$work/keys"
	rm -f "$work/screen" # a failed run must not leave the last case's screen
	# shellcheck disable=SC2086
	(cd "$work" && env TZ=UTC TIB_NOW=2026-11-01T00:00:00Z USER=alice BEADS_ACTOR= BD_ACTOR= TIB_CONFIG= \
		EDITOR="$here/screen/fake-editor.sh" VISUAL= $TIB --script keys --size 100x30 $k_opts "$k_src" \
		>"$work/out" 2>"$work/err")
	k_rc=$?
	tail -n 1 "$work/screen" >"$work/status" 2>/dev/null
	if [ "$k_rc" -ne 0 ]; then
		echo "    tib exited $k_rc"; head -n 5 "$work/err"
	fi
	return "$k_rc"
}

# expect NAME ACTUAL EXPECTED
expect() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		printf '    want: %s\n    got:  %s\n' "$3" "$2"
		sed 's/^/    status: /' "$work/status" 2>/dev/null
	fi
}

db() { cp "$work/base.db" "$work/t.db"; rm -f "$work/t.db-wal" "$work/t.db-shm"; }
q() { sqlite3 "$work/t.db" "$1"; }
jl() { cp "$work/base.jsonl" "$work/t.jsonl"; }
# j ID JQ: the jq expression on the issue ID of t.jsonl
j() { jq -c --arg id "$1" "select(.id == \$id) | $2" "$work/t.jsonl"; }

N=2026-11-01T00:00:00Z

# ---- SQLite, one case per action

db; keys t.db -- ":tt-full" "Cfixed it<Enter>"
expect "sqlite close" "$(q "select status, closed_at, close_reason, updated_at from issues where id = 'tt-full';
	select event_type, actor, comment from events; select issue_id from dirty_issues")" \
	"closed|$N|fixed it|$N
closed|alice|fixed it
tt-full"

db; keys t.db -- ":tt-closed2" "O"
expect "sqlite reopen" "$(q "select status, quote(closed_at), close_reason from issues where id = 'tt-closed2';
	select event_type, new_value from events")" \
	"open|NULL|
reopened|{\"close_reason\":\"\",\"closed_at\":null,\"status\":\"open\"}"

db; keys t.db -- ":tt-full" "P" ":tt-long" "B" ":tt-chain1" "D"
expect "sqlite in_progress, blocked, deferred" \
	"$(q "select id, status from issues where id in ('tt-full', 'tt-long', 'tt-chain1') order by id;
	select count(*) from events where event_type = 'status_changed'")" \
	"tt-chain1|deferred
tt-full|in_progress
tt-long|blocked
3"

db; keys t.db -- ":tt-full" "Srev<Enter>"
expect "sqlite status picker (custom status from the data)" "$(q "select status from issues where id = 'tt-full'")" "review"

db; keys t.db -- ":tt-full" "Sc" "picked closed<Enter>"
expect "sqlite status picker: closed asks the reason" \
	"$(q "select status, close_reason from issues where id = 'tt-full'")" "closed|picked closed"

db; keys t.db -- ":tt-full" "p4"
expect "sqlite priority" "$(q "select priority from issues where id = 'tt-full'; select new_value from events")" \
	"4
{\"priority\":4}"

db; keys t.db -- ":tt-full" "tepi<Enter>"
expect "sqlite type picker" "$(q "select issue_type from issues where id = 'tt-full'")" "epic"

db; keys t.db -- ":tt-full" "ab<Tab><Enter>" ":tt-long" "A"
expect "sqlite assign (completed) and assign to me" \
	"$(q "select id, assignee from issues where id in ('tt-full', 'tt-long') order by id")" "tt-full|bob
tt-long|alice"

db; keys t.db -- ":tt-full" "a<Enter>"
expect "sqlite unassign" "$(q "select quote(assignee) from issues where id = 'tt-full'")" "''"

db; keys t.db -- ":tt-full" "+needs-docs<Enter>" "-" "ui<Enter>"
expect "sqlite labels add and remove" \
	"$(q "select group_concat(label, ',') from (select label from labels where issue_id = 'tt-full' order by label);
	select event_type, comment from events order by id")" \
	"detail,needs-docs,p0-candidate
label_added|Added label: needs-docs
label_removed|Removed label: ui"

db; keys t.db -- ":tt-full" "cLooks good<Enter>"
expect "sqlite comment" "$(q "select author, text, created_at from comments where issue_id = 'tt-full' order by id desc limit 1;
	select event_type, comment from events")" \
	"alice|Looks good|2026-11-01 00:00:00
commented|Looks good"

db; FAKE_EDIT=append FAKE_TEXT="from the editor" keys t.db -- ":tt-full" "cfirst<C-e>"
expect "sqlite comment continued in \$EDITOR" \
	"$(q "select text from comments where issue_id = 'tt-full' order by id desc limit 1")" "first
from the editor"

db; FAKE_EDIT=replace FAKE_TEXT="Renamed in the editor" keys t.db -- ":tt-full" "et"
expect "sqlite edit title" "$(q "select title from issues where id = 'tt-full'")" "Renamed in the editor"

for field in d:description g:design a:acceptance_criteria n:notes; do
	db; FAKE_EDIT=replace FAKE_TEXT="New $field text" keys t.db -- ":tt-full" "e${field%%:*}"
	expect "sqlite edit ${field#*:}" "$(q "select ${field#*:} from issues where id = 'tt-full'")" "New $field text"
done

db; FAKE_EDIT=keep keys t.db -- ":tt-full" "ed"
expect "sqlite edit left unchanged writes nothing" "$(q "select count(*) from events")" "0"

db; FAKE_EDIT=fail keys t.db -- ":tt-full" "ed"
expect "sqlite editor failing writes nothing" "$(q "select count(*) from events")|$(cat "$work/status")" \
	"0|[list] 3/24  the editor exited with status 1: nothing changed"

db; keys t.db -- "iShip the release<Enter>"
expect "sqlite new issue" "$(q "select count(*), min(id) glob 'tt-???' from issues where title = 'Ship the release';
	select status, priority, issue_type, created_by, created_at from issues where title = 'Ship the release';
	select event_type from events")" \
	"1|1
open|2|task|alice|$N
created"

db; keys t.db -- ":tt-epic" "IPlan the rollout<Enter>"
expect "sqlite new child" "$(q "select id from issues where title = 'Plan the rollout';
	select type from dependencies where issue_id = 'tt-epic.11' and depends_on_id = 'tt-epic';
	select last_child from child_counters where parent_id = 'tt-epic'")" \
	"tt-epic.11
parent-child
11"

db; keys t.db -- ":tt-wip" "dbtt-long<Enter>"
expect "sqlite add a blocker" "$(q "select type, created_by from dependencies where issue_id = 'tt-wip' and depends_on_id = 'tt-long';
	select issue_id from blocked_issues_cache where issue_id = 'tt-wip'")" \
	"blocks|alice
tt-wip"

db; keys t.db -- ":tt-long" "dBtt-wip<Enter>"
expect "sqlite add: blocks (the other depends on it)" \
	"$(q "select count(*) from dependencies where issue_id = 'tt-wip' and depends_on_id = 'tt-long' and type = 'blocks'")" "1"

db; keys t.db -- ":tt-chain2" "d1"
expect "sqlite remove a dependency" \
	"$(q "select count(*) from dependencies where issue_id = 'tt-chain2' and depends_on_id = 'tt-chain1';
	select comment from events")" "0
Removed dependency on tt-chain1"

db; keys t.db -- ":tt-chain1" "dbtt-chain3<Enter>"
expect "sqlite cycle refused" "$(q "select count(*) from dependencies where issue_id = 'tt-chain1'")" "0"

db; keys t.db -- ":tt-full" "p4" "u"
expect "sqlite undo" "$(q "select priority from issues where id = 'tt-full'; select new_value from events order by id")" \
	"0
{\"priority\":4}
{\"priority\":0}"

db; keys t.db -- ":tt-full" "Cdone<Enter>" "u"
expect "sqlite undo of a close" "$(q "select status, quote(closed_at), close_reason from issues where id = 'tt-full'")" \
	"open|NULL|"

db; keys t.db -- "iTemporary<Enter>" "u"
expect "sqlite undo of a create" "$(q "select count(*) from issues where title = 'Temporary'; select count(*) from events")" \
	"0
0"

db; keys t.db -- "<Space><Space><Space>Cbulk<Enter>"
expect "sqlite bulk close of the marked issues" \
	"$(q "select count(*) from issues where close_reason = 'bulk'; select count(*) from events where event_type = 'closed'")" \
	"3
3"

db; keys t.db -- "*Cbulk<Enter>y" "u"
expect "sqlite bulk close of every issue (confirmed), then undo" \
	"$(q "select count(*) from issues where status = 'closed'; select count(*) from events where event_type = 'closed'")" \
	"4
20"

db; keys t.db -- "*Cbulk<Enter>n"
expect "sqlite bulk close refused at the confirmation" "$(q "select count(*) from events")" "0"

db; keys t.db --read-only -- ":tt-full" "C" "p" "a"
expect "sqlite --read-only" "$(q "select count(*) from events")|$(cat "$work/status")" \
	"0|[list] 3/24  assign: read-only (--read-only)"

# Another program changes the issue after tib read it (--poll: tib does
# not notice for 2 s), then the key: refused, theirs kept, reloaded.
db
rm -f "$work/ready"
(
	# once tib has read the data (it writes :stats), bd changes the issue
	i=0
	while [ ! -s "$work/ready" ] && [ $i -lt 300 ]; do sleep 0.05; i=$((i + 1)); done
	sqlite3 "$work/t.db" "UPDATE issues SET title = 'theirs', updated_at = '2026-11-01T00:00:05Z' WHERE id = 'tt-full'"
) &
keys t.db --poll -- ":tt-full" ":stats $work/ready" ":idle 1200" "Cmine<Enter>"
wait
expect "sqlite a change in between is not overwritten" \
	"$(q "select title, status from issues where id = 'tt-full'; select count(*) from events")" "theirs|open
0"
case $(cat "$work/status") in
*"tt-full changed since tib read it"*) ok "sqlite the refusal is explained" ;;
*) not_ok "sqlite the refusal is explained"; sed 's/^/    /' "$work/status" ;;
esac

# Another writer holds the lock for 3 s: the write waits, the screen
# answers keys meanwhile, and the write lands after the lock is gone.
db
rm -f "$work/locked"
(
	echo "BEGIN IMMEDIATE; UPDATE issues SET notes = 'theirs' WHERE id = 'tt-long';"
	printf '.output %s\nSELECT 1;\n.output stdout\n' "$work/locked"
	sleep 3
	echo "COMMIT;"
) | sqlite3 "$work/t.db" &
# tib starts once the lock is held (a loaded machine may start sqlite3 late)
i=0
while [ ! -s "$work/locked" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
keys t.db -- ":tt-full" "Cwaited<Enter>" ":dump $work/waiting" "j" ":dump $work/moved" ":wait-text 6000 close tt-full: done"
wait
expect "sqlite a locked database: waited for, then written" \
	"$(q "select status, close_reason from issues where id = 'tt-full'; select notes from issues where id = 'tt-long'")" \
	"closed|waited
theirs"
expect "sqlite while waiting the status bar says so" "$(tail -n 1 "$work/waiting")" \
	"[list] 3/24  close tt-full: waiting for another program's write to finish (Esc gives up)"
expect "sqlite while waiting keys still move" "$(tail -n 1 "$work/moved" | cut -c1-13)" "[list] 4/24  "

# 1,000 issues marked (*), closed in one transaction after the
# confirmation, then all restored by one undo.
"$GEN" --count 1000 --seed 7 --sqlite "$work/big.db" >/dev/null 2>&1
cp "$work/big.db" "$work/t.db"; rm -f "$work/t.db-wal" "$work/t.db-shm"
open_before=$(q "select count(*) from issues where status <> 'closed' and status <> 'tombstone'")
keys t.db -- "*Cbulk<Enter>y" ":dump $work/after-close" "u"
expect "sqlite 1,000 issues: closed in one write" \
	"$(q "select count(*) from events where event_type = 'closed' and comment = 'bulk'")|$(tail -n 1 "$work/after-close" | sed 's/.*  //')" \
	"$open_before|close $open_before issues: done"
expect "sqlite 1,000 issues: one undo restores them all" \
	"$(q "select count(*) from issues where status <> 'closed' and status <> 'tombstone'; select count(*) from issues where close_reason = 'bulk'")" \
	"$open_before
0"

# ---- JSONL, the same keys

jl; keys t.jsonl -- ":tt-full" "Cfixed it<Enter>"
expect "jsonl close" "$(j tt-full '[.status, .closed_at, .close_reason, .updated_at]')" \
	"[\"closed\",\"$N\",\"fixed it\",\"$N\"]"

jl; keys t.jsonl -- ":tt-closed2" "O"
expect "jsonl reopen" "$(j tt-closed2 '[.status, .closed_at, .close_reason]')" '["open",null,null]'

jl; keys t.jsonl -- ":tt-full" "p4" ":tt-full" "ab<Tab><Enter>" ":tt-full" "tepi<Enter>" ":tt-full" "+needs-docs<Enter>" \
	":tt-full" "-" "ui<Enter>"
expect "jsonl priority, assignee, type, labels" "$(j tt-full '[.priority, .assignee, .issue_type, .labels]')" \
	'[4,"bob","epic",["detail","needs-docs","p0-candidate"]]'

jl; keys t.jsonl -- ":tt-full" "cLooks good<Enter>"
expect "jsonl comment" "$(j tt-full '.comments[-1] | [.author, .text, .created_at]')" \
	"[\"alice\",\"Looks good\",\"$N\"]"

jl; FAKE_EDIT=replace FAKE_TEXT="New description" keys t.jsonl -- ":tt-full" "ed"
expect "jsonl edit description" "$(j tt-full '.description')" '"New description"'

jl; keys t.jsonl -- "iShip the release<Enter>" ":tt-epic" "IPlan the rollout<Enter>"
expect "jsonl new issue and child" \
	"$(jq -c 'select(.title == "Ship the release" or .title == "Plan the rollout") | [(.id | test("^tt-[0-9a-z]{3}$|^tt-epic[.]11$")), .status, .created_by]' "$work/t.jsonl")" \
	'[true,"open","alice"]
[true,"open","alice"]'

jl; keys t.jsonl -- ":tt-wip" "dbtt-long<Enter>" ":tt-chain2" "d1"
expect "jsonl dependency add and remove" \
	"$(j tt-wip '[.dependencies[] | select(.depends_on_id == "tt-long") | .type]')|$(j tt-chain2 '.dependencies // [] | length')" \
	'["blocks"]|0'

jl; keys t.jsonl -- ":tt-full" "p4" "u"
expect "jsonl undo" "$(j tt-full '.priority')" "0"

jl; keys t.jsonl -- "<Space><Space><Space>Cbulk<Enter>"
expect "jsonl bulk close" "$(jq -c 'select(.close_reason == "bulk") | .id' "$work/t.jsonl" | wc -l | tr -d ' ')" "3"

echo "triage: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
