#!/bin/sh
# Robustness of the real binary against hostile and broken input:
#  1. hostile text (escape sequences, BEL, backspace, CR, C1 controls as
#     UTF-8 and as raw bytes, bidi overrides, zero-width characters) in
#     every view, in the bytes written to a real terminal (tmux), in
#     --print to a terminal and to a pipe, and in messages on stderr;
#  2. invalid UTF-8, overlong forms, surrogates, ZWJ emoji, combining
#     stacks and wide characters: the list's columns stay aligned;
#  3. huge values: a 10 MB description, a 100 KB title, 10,000 labels,
#     100,000 children of one epic, a 10,000-deep dependency chain, cycles;
#  4. SQL in ids (x'); DROP TABLE issues;--, LIKE wildcards) on SQLite;
#  5. broken sources: truncated, zeros, no issues table, values of the
#     wrong type, locked, read-only, permissions removed while open;
#  6. disk full (RLIMIT_FSIZE) during a JSONL rewrite and a SQLite write;
#  7. signals to an interactive tib in tmux: TERM, HUP, INT, TSTP/CONT,
#     with and without an editor open;
#  8. terminals: tiny and huge sizes, a resize storm, TERM=dumb, an
#     unknown TERM, the C locale.
# Each case fails without the protection it checks: the visible forms
# (^[, <U+202E>) are tib's, not curses'; the alignment is measured in
# display columns with the C library's wcwidth.
#   TIB="cmd" GEN=path/to/tib-gen DEMO=path/to/demo.db tests/robust.sh
# With TIB running tests/vg.sh (valgrind) the huge cases use smaller
# sizes. Needs python3 (data and checks) and tmux (terminal cases); cases
# that need one that is missing are skipped with a message. As root, the
# permission cases run as the user nobody (setpriv), or are skipped.
# (want_* are read through eval; dash, the sh of Debian, has ulimit -s)
# shellcheck disable=SC2034,SC3045
set -u
: "${TIB:?}" "${GEN:?}" "${DEMO:?}"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/tib-robust.XXXXXX")
chmod 755 "$work"
tmux_sock="tib-robust-$$"
bg_pids=""
tmux_path=
cleanup() {
	for p in $bg_pids; do kill "$p" 2>/dev/null; done
	if [ -n "$tmux_path" ]; then
		tmux -L "$tmux_sock" kill-server 2>/dev/null
		rm -f "$tmux_path"
	fi
	chmod -R u+rwx "$work" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
passed=0 failed=0 skipped=0
inputs=0 # hostile or broken inputs tried, for the summary

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; shift; for l in "$@"; do printf '%s\n' "$l" | sed 's/^/    /'; done; }
skip() { skipped=$((skipped + 1)); echo "skip - $1: $2"; }
# check NAME COMMAND...: ok when the command succeeds; its output explains a failure
check() {
	c_name=$1
	shift
	if c_out=$("$@" 2>&1); then ok "$c_name"; else not_ok "$c_name" "$c_out"; fi
}

export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 TIB_NOW=2026-11-01T00:00:00Z USER=alice
export HOME="$work/home" XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME= TIB_CONFIG= BEADS_ACTOR= BD_ACTOR=
export EDITOR=true VISUAL= NO_COLOR=
mkdir -p "$HOME" "$XDG_STATE_HOME"
vg=0
case $TIB in *vg.sh*) vg=1 ;; esac
# a command never runs away: 60 s, then killed with its process group
T() { timeout -k 5 60 "$@"; }

have_py=1
command -v python3 >/dev/null 2>&1 || have_py=
have_tmux=
command -v tmux >/dev/null 2>&1 && have_tmux=1

# crashed RC: a signal, a timeout or valgrind's complaint (98/99)
crashed() { [ "$1" -ge 98 ] && [ "$1" -ne 130 ]; }

# run_script DB SIZE KEYFILE [ENV...]: tib in script mode from the work
# directory; the exit status in $rc, stderr in $work/err; with $stack_kb
# set, under that stack limit
stack_kb=
run_script() {
	rs_db=$1 rs_size=$2 rs_keys=$3
	shift 3
	# shellcheck disable=SC2086
	(cd "$work" && { [ -z "$stack_kb" ] || ulimit -s "$stack_kb"; } &&
		T env "$@" $TIB --script "$rs_keys" --size "$rs_size" "$rs_db" >"$work/out" 2>"$work/err")
	rc=$?
}

if [ -z "$have_py" ]; then
	skip "every case" "python3 is missing (it builds the data and measures the screens)"
	echo "robust: $passed passed, $failed failed, $skipped skipped"
	exit 0
fi

# ---------------------------------------------------------------- helpers
cat >"$work/gen.py" <<'PY'
# Test data for tests/robust.sh: python3 gen.py KIND OUT [ARGS]
import json, sys

T = "2026-10-01T10:00:00Z"
U = "2026-10-20T10:00:00Z"
ESC = "\x1b"

def iss(id, title, **kw):
    d = {"id": id, "title": title, "status": "open", "priority": 2, "issue_type": "task",
         "created_at": T, "updated_at": U}
    d.update(kw)
    return d

def dep(a, b, kind="blocks"):
    return {"issue_id": a, "depends_on_id": b, "type": kind, "created_at": T}

def write(out, issues, raw_lines=()):
    with open(out, "wb") as f:
        for i in issues:
            f.write(json.dumps(i, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n")
        for line in raw_lines:
            f.write(line + b"\n")

def hostile(out):
    # every field a view shows, with escape sequences, BEL, BS, CR, DEL, C1
    # controls (U+0080-U+009F), bidi overrides and zero-width characters
    issues = [
        iss("h-epic", "EPIC" + ESC + "]0;PWNEPIC\x07 epic", issue_type="epic", priority=0,
            assignee=ESC + "[1mASSIGNEE", owner=ESC + "]0;OWNER\x07",
            labels=[ESC + "[5mLABEL", "ok"],
            description="DESC" + ESC + "]52;c;Y2xpcA==\x07 clip " + ESC + "[2J clear",
            design="DESIGN\u009b6n", notes="NOTES\x07bell",
            acceptance_criteria="ACCEPT\u202eevil\u202c",
            comments=[{"id": 1, "issue_id": "h-epic", "author": ESC + "[7mAUTHOR",
                       "text": "COMMENT" + ESC + "]0;PWNC\x07 x", "created_at": U}]),
        iss("h-osc", "OSC" + ESC + "]0;PWNTITLE\x07 t", priority=1,
            dependencies=[dep("h-osc", "h-epic", "parent-child")]),
        iss("h-csi", "CSI" + ESC + "[31mRED", priority=1,
            dependencies=[dep("h-csi", "h-epic", "parent-child"), dep("h-csi", "h-osc"),
                          dep("h-csi", "ext:" + ESC + "]0;EXTDEP\x07")]),
        iss("h-bs", "BS\x08\x08XY CR\rZZ", priority=1, dependencies=[dep("h-bs", "h-csi")]),
        iss("h-del", "DEL\x7f NL\nTAB\tEND", priority=1),
        iss("h-c1", "C1\u009b6n \u0085NEL", priority=1),
        iss("h-bidi", "BIDI\u202eRLO\u202c ZW\u200bSP", priority=1),
        iss("h-iso", "ISO\u2066x\u2069 BOM\ufeffy", priority=1),
        iss("h-clip", "CLIP" + ESC + "]52;c;Y2xpcA==\x07", priority=1),
        iss("h-stat", "STATUS", priority=3, status=ESC + "]0;STATUS\x07st",
            issue_type=ESC + "[31mtype"),
        iss("h-" + ESC + "]0;IDX\x07z", "ID", priority=4),
        iss("h-\u202eRLO\u009bx", "BIDI-ID", priority=4),
        iss("h-closed", "CLOSED" + ESC + "]0;PWNCLOSED\x07", status="closed", priority=2,
            closed_at=U, close_reason="REASON" + ESC + "]0;PWNR\x07"),
    ]
    raw = [
        # raw C1 bytes and a raw ESC: invalid UTF-8 in a title
        b'{"id":"h-raw","title":"RAW\x9b6n \x9d0;x \x1b[2Jq","status":"open","priority":1,'
        b'"created_at":"' + T.encode() + b'","updated_at":"' + U.encode() + b'"}',
        # a problem report that quotes hostile text
        b'{"id":"h-prob","title":"PROB","priority":"\\u001b]0;PRIO\\u0007x","created_at":"'
        + T.encode() + b'","updated_at":"' + U.encode() + b'"}',
    ]
    write(out, issues, raw)

def align(out):
    # titles that are hard to measure; one assignee is wide
    titles = [
        ("a-ascii", "Plain ascii title for reference"),
        ("a-cjk", "修复日本語のタイトル表示 mixed"),
        ("a-full", "ＦＵＬＬＷＩＤＴＨ　ｆｏｒｍｓ"),
        ("a-hangul", "한국어 제목 표시 테스트"),
        ("a-zwj", "family 👨\u200d👩\u200d👧\u200d👦 and 🏳\ufe0f\u200d🌈 flag"),
        ("a-emoji", "🚀🐛🎉 ❤\ufe0f 👍🏽 🇫🇷 rocket"),
        ("a-comb", "Cafe\u0301 e" + "\u0301\u0302\u0303\u0304\u0305" * 8 + " stack"),
        ("a-zalgo", "Z" + "\u0336\u0337" * 20 + "algo text"),
        ("a-jamo", "\u1100\u1161\u11a8 jamo \u1160\u1160"),
        ("a-unassigned", "unassigned \u0378\u0379 \U000e0001 tag \U0010fffd"),
        ("a-new-emoji", "newer emoji \U0001fae8\U0001fa77 \U0001f6dc"),
        ("a-controls", "ctl\x1b[1m\x07\u009b\u202e\u200b mix"),
        ("a-width", "wide 中文 at the very end of a long title 中文中文中文中文"),
    ]
    issues = [iss(i, t, assignee=("山田太郎" if i == "a-cjk" else "bob")) for i, t in titles]
    raw = [
        b'{"id":"a-invalid","title":"bad \xff\xfe bytes \xc3( here \x80\x80","assignee":"x\xe9y",'
        b'"created_at":"' + T.encode() + b'","updated_at":"' + U.encode() + b'"}',
        b'{"id":"a-overlong","title":"overlong \xc0\xaf \xe0\x80\xaf \xf0\x80\x80\xaf slash",'
        b'"created_at":"' + T.encode() + b'","updated_at":"' + U.encode() + b'"}',
        b'{"id":"a-surrogate","title":"raw surrogate \xed\xa0\x80\xed\xb0\x80 pair",'
        b'"created_at":"' + T.encode() + b'","updated_at":"' + U.encode() + b'"}',
        b'{"id":"a-5byte","title":"five \xf8\x88\x80\x80\x80 six \xfc\x84\x80\x80\x80\x80 big \xf4\x90\x80\x80",'
        b'"created_at":"' + T.encode() + b'","updated_at":"' + U.encode() + b'"}',
        b'{"id":"a-lone-esc","title":"escaped lone surrogate \\ud800 and \\udfff here",'
        b'"created_at":"' + T.encode() + b'","updated_at":"' + U.encode() + b'"}',
        b'{"id":"a-cut","title":"cut at the end \xe4\xb8",'
        b'"created_at":"' + T.encode() + b'","updated_at":"' + U.encode() + b'"}',
    ]
    write(out, issues, raw)

def huge(out, scale):
    # scale 1: the sizes of the brief; smaller under valgrind
    children = int(100000 * scale)
    depth = int(10000 * scale)
    labels = int(10000 * scale)
    desc = int(10 * 1024 * 1024 * scale)
    title = int(100 * 1024 * scale)
    issues = [
        iss("big-desc", "Huge description", priority=0,
            description=("lorem ipsum dolor sit amet " * (desc // 27 + 1))[:desc]),
        iss("big-title", ("T" * 50 + " ") * (title // 51), priority=0),
        iss("big-labels", "Ten thousand labels", priority=0,
            labels=["label-%05d" % i for i in range(labels)]),
        iss("big-epic", "Epic with many children", issue_type="epic", priority=1),
    ]
    for i in range(children):
        issues.append(iss("big-epic.%d" % (i + 1), "child %d" % (i + 1), priority=3,
                          dependencies=[dep("big-epic.%d" % (i + 1), "big-epic", "parent-child")]))
    # chain: chain-00000 is the head (ready); each next one depends on the previous
    for i in range(depth):
        deps = [dep("chain-%05d" % i, "chain-%05d" % (i - 1))] if i else []
        issues.append(iss("chain-%05d" % i, "chain link %d" % i, priority=2, dependencies=deps))
    # cycles: a self loop, a 3-cycle of blocks, a parent-child loop, and a
    # ring as long as the chain
    issues.append(iss("cyc-self", "self loop", dependencies=[dep("cyc-self", "cyc-self")]))
    for a, b in (("cyc-a", "cyc-b"), ("cyc-b", "cyc-c"), ("cyc-c", "cyc-a")):
        issues.append(iss(a, "three cycle " + a, dependencies=[dep(a, b)]))
    issues.append(iss("cyc-p", "parent loop p", issue_type="epic", dependencies=[dep("cyc-p", "cyc-q", "parent-child")]))
    issues.append(iss("cyc-q", "parent loop q", issue_type="epic", dependencies=[dep("cyc-q", "cyc-p", "parent-child")]))
    for i in range(depth):
        nxt = "ring-%05d" % ((i + 1) % depth)
        issues.append(iss("ring-%05d" % i, "ring %d" % i, priority=4, dependencies=[dep("ring-%05d" % i, nxt)]))
    write(out, issues)

def sqlids(out):
    ids = ["x'); DROP TABLE issues;--", "x%", "x_", "x\"y", "x;--", "x\\", "x'--", "x-1", "X'); DROP"]
    issues = [iss(i, "title of " + i, priority=2, labels=["l'); DROP TABLE labels;--"],
                  description="desc of " + i,
                  comments=[{"id": n + 1, "issue_id": i, "author": "a", "text": "comment on " + i, "created_at": U}])
              for n, i in enumerate(ids)]
    issues[1]["dependencies"] = [dep("x%", "x'); DROP TABLE issues;--")]
    write(out, issues)

kind, out = sys.argv[1], sys.argv[2]
if kind == "hostile":
    hostile(out)
elif kind == "align":
    align(out)
elif kind == "huge":
    huge(out, float(sys.argv[3]))
elif kind == "sqlids":
    sqlids(out)
PY

cat >"$work/scan.py" <<'PY'
# Screen and byte-stream checks for tests/robust.sh:
#   python3 scan.py clean [--tabs] FILE...  no ESC/BEL/C0/C1/bidi, valid UTF-8
#                                      (--tabs: tabs allowed, for --print)
#   python3 scan.py has FILE TOKEN...  every token present
#   python3 scan.py ascii FILE...      only printable ASCII and newlines
#   python3 scan.py align FILE         the list's rows end at one column
#   python3 scan.py stream FILE        raw terminal output: nothing hostile
#   python3 scan.py exact JSONL OUT    --print | cat: titles exact
# Prints what is wrong and exits 1.
import ctypes, ctypes.util, json, locale, re, sys

DECEPTIVE = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | set(range(0x2060, 0x2065)) | \
    {0x200B, 0x200C, 0x200E, 0x200F, 0x061C, 0xFEFF, 0x00AD}

def bad_chars(text, allow_tabs=False):
    found = []
    for n, ch in enumerate(text):
        c = ord(ch)
        if ch == "\n" or (ch == "\t" and allow_tabs):
            continue
        if c < 0x20 or c == 0x7F or 0x80 <= c <= 0x9F or c in DECEPTIVE or 0xDC80 <= c <= 0xDCFF:
            found.append("U+%04X at %d (%r)" % (c if c < 0xDC80 or c > 0xDCFF else c - 0xDC00, n,
                                                text[max(0, n - 12):n + 12]))
    return found

def clean(files):
    bad = 0
    tabs = files[:1] == ["--tabs"]
    if tabs:
        files = files[1:]
    for f in files:
        data = open(f, "rb").read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            print("%s: invalid UTF-8: %s" % (f, e))
            bad = 1
            continue
        found = bad_chars(text, tabs)
        if found:
            print("%s: %s" % (f, "; ".join(found[:5])))
            bad = 1
    return bad

def has(f, tokens):
    text = open(f, "rb").read().decode("utf-8", "replace")
    missing = [t for t in tokens if t not in text]
    if missing:
        print("%s lacks: %s" % (f, ", ".join(missing)))
        print(text)
        return 1
    return 0

def ascii_only(files):
    bad = 0
    for f in files:
        data = open(f, "rb").read()
        for n, b in enumerate(data):
            if b != 10 and (b < 0x20 or b >= 0x7F):
                print("%s: byte 0x%02x at %d: %r" % (f, b, n, data[max(0, n - 20):n + 20]))
                bad = 1
                break
    return bad

libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.wcwidth.restype = ctypes.c_int
libc.wcwidth.argtypes = [ctypes.c_wchar]
libc.setlocale.restype = ctypes.c_char_p
libc.setlocale(6, b"C.UTF-8")  # LC_ALL

def width(s):
    w = 0
    for ch in s:
        n = libc.wcwidth(ch)
        if n < 0:
            raise ValueError("unprintable U+%04X" % ord(ch))
        w += n
    return w

def align(f):
    lines = open(f, "rb").read().decode("utf-8").split("\n")
    header = lines[0]
    if not header.startswith("ID ") or not header.rstrip().endswith("AGE"):
        print("no list header: %r" % header)
        return 1
    want = width(header.rstrip())
    title_col = width(header[:header.index("TITLE")])
    bad = 0
    rows = 0
    for n, line in enumerate(lines[1:], 2):
        if not line.strip() or line.startswith("[") or set(line.strip()) <= set("-─"):
            break
        rows += 1
        try:
            w = width(line.rstrip())
        except ValueError as e:
            print("line %d: %s: %r" % (n, e, line))
            bad = 1
            continue
        m = re.search(r"(now|\d+[smhdwy])$", line.rstrip())
        if w != want or not m:
            print("line %d ends at column %d, the header at %d: %r" % (n, w, want, line))
            bad = 1
        # everything before the title is ASCII in these rows: the title starts at one column
        if width(line[:title_col]) != title_col:
            print("line %d: the title does not start at column %d: %r" % (n, title_col, line))
            bad = 1
    if rows < 10:
        print("only %d rows" % rows)
        bad = 1
    return bad

def stream(f):
    data = open(f, "rb").read()
    text = data.decode("utf-8", "surrogateescape")
    bad = 0
    if len(data) < 2000:
        print("only %d bytes captured" % len(data))
        bad = 1
    # (raw C1 bytes are found below, after decoding: 0x9b is also a
    # continuation byte of ordinary characters)
    for needle in (b"\x1b]", b"\x07", b"\x1bP", b"\x1b^", b"\x1b_",
                   b"\x1b[31mRED", b"\x1b[2J clear", b"\x1b[5mLABEL", b"\x1b[1mASSIGNEE", b"\x1b[7mAUTHOR",
                   b"\x1b[2Jq"):
        if needle in data:
            n = data.index(needle)
            print("raw %r in the output: %r" % (needle, data[max(0, n - 30):n + 30]))
            bad = 1
    for n, ch in enumerate(text):
        c = ord(ch)
        if 0x80 <= c <= 0x9F or c in DECEPTIVE or 0xDC80 <= c <= 0xDCFF:
            print("U+%04X written raw: %r" % (c, text[max(0, n - 20):n + 20]))
            bad = 1
            break
    return bad

def exact(jsonl, out):
    # --print to a pipe: the title as stored, only tabs and newlines replaced
    want = {}
    for line in open(jsonl, "rb"):
        try:
            obj = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            continue
        if isinstance(obj.get("priority", 2), int) and obj.get("status") != "closed":
            want[obj["id"].replace("\t", " ").replace("\n", " ")] = obj["title"]
    bad = 0
    got = {}
    for line in open(out, "rb").read().decode("utf-8", "surrogateescape").split("\n"):
        if not line:
            continue
        cols = line.split("\t")
        if len(cols) != 5:
            print("not 5 columns: %r" % line)
            bad = 1
            continue
        got[cols[0]] = cols[4]
    for id, title in want.items():
        if id not in got:
            print("id %r not listed" % id)
            bad = 1
            continue
        g = got[id]
        ok = len(g) == len(title) and all(a == b or (b in "\t\n" and a == " ") for a, b in zip(g, title))
        if not ok:
            print("title of %r: got %r, want %r (tabs and newlines as spaces)" % (id, g, title))
            bad = 1
    return bad

cmd = sys.argv[1]
if cmd == "clean":
    sys.exit(clean(sys.argv[2:]))
elif cmd == "has":
    sys.exit(has(sys.argv[2], sys.argv[3:]))
elif cmd == "ascii":
    sys.exit(ascii_only(sys.argv[2:]))
elif cmd == "align":
    sys.exit(align(sys.argv[2]))
elif cmd == "stream":
    sys.exit(stream(sys.argv[2]))
elif cmd == "exact":
    sys.exit(exact(sys.argv[2], sys.argv[3]))
PY
scan() { python3 "$work/scan.py" "$@"; }
gen() { python3 "$work/gen.py" "$@"; }

# ------------------------------------------------ 1. hostile text, every view
gen hostile "$work/hostile.jsonl"
"$GEN" --import "$work/hostile.jsonl" --sqlite "$work/hostile.db" >/dev/null 2>&1
# the importer repairs invalid UTF-8; SQLite keeps any bytes: put them back raw
sqlite3 "$work/hostile.db" "UPDATE issues SET title = CAST(X'5241579B366E209D303B78201B5B324A71' AS TEXT) WHERE id = 'h-raw';"
# a config with a hostile saved view (the help lists it)
printf 'view evil = "\033]0;VIEWQ\007"\n' >"$work/hostile.tibrc"
inputs=$((inputs + 35))

# every view, the detail, the help, triage prompts and pickers, a message
cat >"$work/hostile.keys" <<KEYS
:dump $work/h-list
:h-csi
b
:dump $work/h-board
L
T
:dump $work/h-tree
L
:h-bs
x
:dump $work/h-deps
r
:dump $work/h-ready
<C-l>#
:dump $work/h-stats
L
:h-epic
<Enter>
:dump $work/h-detail
G
:dump $work/h-detail-end
<Esc>
L
:h-closed
<Enter>
:dump $work/h-detail-closed
<Esc>
L
?
G
:dump $work/h-help
q
:h-$(printf '\033')]0;IDX$(printf '\007')z
C
:dump $work/h-close
<Esc>
:h-$(printf '\342\200\256')RLO$(printf '\302\233')x
C
:dump $work/h-close-bidi
<Esc>
:h-epic
S
:dump $work/h-status
<Esc>
t
:dump $work/h-type
<Esc>
a
:dump $work/h-assign
<Esc>
d
:dump $work/h-dep-picker
<Esc>
:no-such-$(printf '\033')]0;GOTO$(printf '\007')
:dump $work/h-goto
!
:dump $work/h-problems
q
KEYS
# what each screen must show, in tib's visible forms
want_list='OSC^[]0;PWNTITLE^G t|CSI^[[31mRED|BS^H^HXY CR^MZZ|C1<U+009B>6n <U+0085>NEL|BIDI<U+202E>RLO<U+202C> ZW<U+200B>SP|ISO<U+2066>x<U+2069> BOM<U+FEFF>y|CLIP^[]52;c;Y2xpcA==^G|RAW�6n �0;x ^[[2Jq|DEL^? NL TAB END|h-^[]0;IDX^Gz'
want_board='OSC^[]0;PWNTITLE^G t|CSI^[[31mRED'
want_tree='EPIC^[]0;PWNEPIC^G epic|OSC^[]0;PWNTITLE^G t|CSI^[[31mRED'
want_deps='BS^H^HXY CR^MZZ|CSI^[[31mRED|OSC^[]0;PWNTITLE^G t|ext:^[]0;EXTDEP^G'
want_ready='OSC^[]0;PWNTITLE^G t|C1<U+009B>6n'
want_stats='^[]0;STATUS^G|^[[31mtype|^[[1mASSIGNEE|^[[5mLABEL'
want_detail='EPIC^[]0;PWNEPIC^G epic|^[[1mASSIGNEE|^[[5mLABEL|DESC^[]52;c;Y2xpcA==^G clip ^[[2J clear|DESIGN<U+009B>6n|NOTES^Gbell|ACCEPT<U+202E>evil<U+202C>'
want_detail_end='^[[7mAUTHOR|COMMENT^[]0;PWNC^G x'
want_detail_closed='CLOSED^[]0;PWNCLOSED^G|REASON^[]0;PWNR^G'
want_help='^[]0;VIEWQ^G'
want_close='close h-^[]0;IDX^Gz'
want_close_bidi='close h-<U+202E>RLO<U+009B>x'
want_status='^[]0;STATUS^Gst'
want_type='^[[31mtype'
want_assign='^[[1mASSIGNEE'
want_goto='^[]0;GOTO^G'
want_problems='^[]0;PRIO^G'

# hostile_views SOURCE LABEL: the script on one source, every dump checked
hostile_views() {
	hv_src=$1 hv_label=$2
	rm -f "$work"/h-*
	run_script "$hv_src" 130x50 "$work/hostile.keys" TIB_CONFIG="$work/hostile.tibrc"
	if [ "$rc" -ne 0 ]; then
		not_ok "$hv_label: hostile text in every view: tib runs" "exit $rc" "$(head -c 600 "$work/err")"
		return
	fi
	for hv_view in list board tree deps ready stats detail detail-end detail-closed help close close-bidi status type assign \
		dep-picker goto problems; do
		f="$work/h-$hv_view"
		if [ ! -s "$f" ]; then
			not_ok "$hv_label: $hv_view: screen dumped" "no $f"
			continue
		fi
		hv_var=$(echo "want_$hv_view" | tr - _)
		eval "hv_want=\${$hv_var:-}"
		# the problems list is the JSONL loader's; the SQLite import skipped that line
		[ "$hv_view" = problems ] && [ "$hv_label" = sqlite ] && hv_want=""
		if ! c_out=$(scan clean "$f"); then
			not_ok "$hv_label: $hv_view: no ESC, BEL, C0/C1 control or bidi character on screen" "$c_out"
		elif [ -n "$hv_want" ] && ! c_out=$(IFS='|'; set -f; scan has "$f" $hv_want); then
			not_ok "$hv_label: $hv_view: hostile text shown in visible form" "$c_out"
		else
			ok "$hv_label: $hv_view: hostile text shown visibly, nothing raw"
		fi
	done
}
hostile_views hostile.jsonl jsonl
hostile_views hostile.db sqlite

# --- a real terminal: tmux, an interactive shell in one pane
tm() { tmux -L "$tmux_sock" -f /dev/null "$@"; }
# wait_for SECONDS COMMAND...: until the command succeeds
wait_for() {
	wf_n=$(($1 * 20))
	shift
	while ! "$@" 2>/dev/null; do
		wf_n=$((wf_n - 1))
		[ "$wf_n" -le 0 ] && return 1
		sleep 0.05
	done
	return 0
}
pane_has() { tm capture-pane -p -t robust | grep -qF -- "$1"; }
# launch NAME ARGS...: types a command in the pane that runs tib (from the
# work directory) and records the launcher's pid and tib's exit status
cat >"$work/launch.sh" <<LAUNCH
#!/bin/sh
# C-c is tib's: the launcher (and tests/vg.sh under it) must outlive it
trap '' INT
name=\$1
shift
echo \$\$ >"$work/\$name.launcher"
cd "$work" || exit 1
# LAUNCH_ERR=FILE: tib's stderr to that file, to read what it said last
if [ -n "\${LAUNCH_ERR:-}" ]; then $TIB "\$@" 2>"\$LAUNCH_ERR"; else $TIB "\$@"; fi
echo \$? >"$work/\$name.rc"
LAUNCH
chmod +x "$work/launch.sh"
launch_env=
# preload_env SHIM: launch_env words that preload SHIM into tib (ASan
# wants its runtime first in the library list: told not to check)
preload_env() {
	echo "LD_PRELOAD='$1' ASAN_OPTIONS='${ASAN_OPTIONS:-}:verify_asan_link_order=0'"
}
launch() {
	rm -f "$work/$1.rc" "$work/$1.launcher"
	tm send-keys -t robust -l "clear; $launch_env $(printf '%s ' "$work/launch.sh" "$@")"
	tm send-keys -t robust Enter
}
# tib_pid NAME: the tib process under the launcher (through vg.sh and
# valgrind when they run it)
tib_pid() {
	tp=$(cat "$work/$1.launcher" 2>/dev/null) || return 1
	for _ in 1 2 3 4 5; do
		tc=$(ps -o pid= --ppid "$tp" | head -n 1 | tr -d ' ')
		[ -z "$tc" ] && break
		tp=$tc
		case $(ps -o comm= -p "$tp") in vg.sh | sh | dash | bash | timeout) ;; *) break ;; esac
	done
	echo "$tp"
}
tmux_up=
start_tmux() {
	[ -n "$tmux_up" ] && return 0
	[ -n "$have_tmux" ] || return 1
	tm new-session -d -s robust -x 120 -y 40 \
		"env PS1='READY\$ ' HISTFILE=/dev/null bash --norc --noprofile -i" || return 1
	tmux_up=1
	tmux_path=$(tm display -p '#{socket_path}')
	wait_for 10 pane_has 'READY$'
}

# the bytes tib writes to a real terminal, through every view
if start_tmux; then
	rm -f "$work/raw.out"
	tm send-keys -t robust 'clear' Enter
	sleep 0.3
	tm pipe-pane -t robust -o "cat >>'$work/raw.out'"
	launch stream --config "$work/hostile.tibrc" hostile.jsonl
	st_ok=1
	if ! wait_for 30 pane_has '[list]'; then
		st_ok=0
	else
		for step in '<Enter>:[detail]' 'G:[detail]' 'L:[list]' 'b:[board]' 'T:[tree]' 'x:[deps]' 'r:[ready]' \
			'#:[stats]' '?:[help]' 'G:[help]' 'q:[stats]' 'L:[list]' '!:[problems]' 'q:[list]' 'S:status of' \
			'<Esc>:[list]' 'C:reason' '<Esc>:[list]'; do
			st_key=${step%%:*} st_want=${step#*:}
			case $st_key in
			'<Enter>') tm send-keys -t robust Enter ;;
			'<Esc>') tm send-keys -t robust Escape ;;
			*) tm send-keys -t robust -l "$st_key" ;;
			esac
			if ! wait_for 20 pane_has "$st_want"; then
				st_ok=0
				break
			fi
		done
		tm send-keys -t robust q
	fi
	wait_for 30 test -e "$work/stream.rc"
	tm pipe-pane -t robust
	if [ "$st_ok" -eq 1 ] && [ "$(cat "$work/stream.rc" 2>/dev/null)" = 0 ]; then
		check "terminal: the bytes written through every view hold no OSC, BEL, C1 or bidi character and no hostile escape" \
			scan stream "$work/raw.out"
	else
		not_ok "terminal: tib through every view in tmux" "stuck at '$st_key' (waiting for '$st_want'), exit $(cat "$work/stream.rc" 2>/dev/null)" \
			"$(tm capture-pane -p -t robust | grep -v '^ *$' | tail -n 8)"
	fi
else
	skip "terminal: the bytes written through every view" "tmux is missing"
fi

# --print: to a terminal, escapes are shown (^[, <U+202E>), never sent;
# to a pipe, each field is exact but for tabs and newlines
if command -v script >/dev/null 2>&1; then
	(cd "$work" && T script -qec "$TIB --print hostile.jsonl" /dev/null </dev/null >"$work/print.tty" 2>&1)
	tr -d '\r' <"$work/print.tty" | grep -v '^tib: ' >"$work/print.tty.txt"
	if ! c_out=$(scan clean --tabs "$work/print.tty.txt"); then
		not_ok "--print to a terminal: no ESC, BEL, C1 or bidi character written" "$c_out"
	else
		ok "--print to a terminal: no ESC, BEL, C1 or bidi character written"
	fi
	check "--print to a terminal: escapes shown visibly (^[, ^G, <U+202E>, <U+009B>)" \
		scan has "$work/print.tty.txt" 'OSC^[]0;PWNTITLE^G t' 'BIDI<U+202E>RLO<U+202C>' 'C1<U+009B>6n' 'BS^H^HXY CR^MZZ'
else
	skip "--print to a terminal" "script (util-linux) is missing"
fi
(cd "$work" && T $TIB --print hostile.jsonl 2>/dev/null | cat >"$work/print.pipe")
check "--print | cat: titles exact but for tabs and newlines" scan exact "$work/hostile.jsonl" "$work/print.pipe"

# messages on stderr quote file names and config lines: to a terminal,
# never raw escapes
if command -v script >/dev/null 2>&1; then
	printf '\033]0;CFGPWN\007 x\nset layout = \033[2Jzz\n' >"$work/evil-msg.tibrc"
	evil_path=$(printf 'missing-\033]0;PATHPWN\007.jsonl')
	(cd "$work" && T script -qec "$TIB --config evil-msg.tibrc --print '$evil_path'" /dev/null </dev/null >"$work/stderr.tty" 2>&1)
	tr -d '\r' <"$work/stderr.tty" >"$work/stderr.txt"
	inputs=$((inputs + 3))
	if grep -q 'CFGPWN' "$work/stderr.txt" && grep -q 'PATHPWN' "$work/stderr.txt"; then
		check "stderr to a terminal: config lines and file names in messages hold no raw escape" scan clean "$work/stderr.txt"
	else
		not_ok "stderr to a terminal: config lines and file names in messages" "$(cat -v "$work/stderr.txt")"
	fi
fi

# ------------------------------------ 2. hard-to-measure text: columns aligned
gen align "$work/align.jsonl"
"$GEN" --import "$work/align.jsonl" --sqlite "$work/align.db" >/dev/null 2>&1
# SQLite keeps raw bytes: the invalid ones again, past the importer's repair
sqlite3 "$work/align.db" "UPDATE issues SET title = CAST(X'62616420FFFE20627974657320C3282068657265208080' AS TEXT) WHERE id = 'a-invalid';
	UPDATE issues SET title = CAST(X'6F7665726C6F6E6720C0AF20E080AF20F08080AF20736C617368' AS TEXT) WHERE id = 'a-overlong';
	UPDATE issues SET title = CAST(X'72617720737572726F6761746520EDA080EDB0802070616972' AS TEXT) WHERE id = 'a-surrogate';
	UPDATE issues SET assignee = CAST(X'78E979' AS TEXT) WHERE id = 'a-invalid';"
inputs=$((inputs + 19))
for src in align.jsonl align.db; do
	for size in 80x30 120x30 100x30; do
		printf ':dump %s\n' "$work/align.screen" >"$work/align.keys"
		rm -f "$work/align.screen"
		run_script "$src" "$size" "$work/align.keys"
		if [ "$rc" -ne 0 ]; then
			not_ok "$src at $size: columns aligned" "exit $rc" "$(head -c 400 "$work/err")"
			continue
		fi
		check "$src at $size: every list row ends at the header's column, titles start at one column" \
			scan align "$work/align.screen"
	done
done

# ------------------------------------------------------------- 3. huge values
# the brief's sizes plain; a twentieth under valgrind
if [ "$vg" -eq 1 ]; then scale=0.05; else scale=1; fi
gen huge "$work/huge.jsonl" "$scale"
depth=$(python3 -c "print(int(10000 * $scale))")
total=$(grep -c . "$work/huge.jsonl")
inputs=$((inputs + 9))
"$GEN" --import "$work/huge.jsonl" --sqlite "$work/huge.db" >/dev/null 2>"$work/gen.err"
# bd's schema caps titles at 500 characters; a database written by
# something else need not: the huge title goes in anyway
python3 - "$work/huge.jsonl" "$work/huge.db" <<'PY'
import json, sqlite3, sys
title = next(json.loads(l)["title"] for l in open(sys.argv[1]) if '"big-title"' in l)
db = sqlite3.connect(sys.argv[2])
db.execute("PRAGMA ignore_check_constraints = 1")
db.execute("INSERT INTO issues (id, title, status, priority, issue_type, created_at, updated_at) "
           "VALUES ('big-title', ?, 'open', 0, 'task', '2026-10-01T10:00:00Z', '2026-10-20T10:00:00Z')", (title,))
db.commit()
PY
cat >"$work/huge.keys" <<KEYS
:dump $work/hu-list
:big-desc
<Enter>
:dump $work/hu-desc
G
:dump $work/hu-desc-end
L
:big-title
<Enter>
G
:dump $work/hu-title
L
:big-labels
<Enter>
G
:dump $work/hu-labels
L
:big-epic
T
:dump $work/hu-tree
O
G
:dump $work/hu-tree-end
L
:chain-00000
x
:dump $work/hu-deps-head
L
:chain-$(printf '%05d' $((depth - 1)))
x
:dump $work/hu-deps-tail
G
:dump $work/hu-deps-tail-end
L
:ring-00000
x
G
:dump $work/hu-ring
L
:cyc-p
x
:dump $work/hu-cycle
L
:chain-00000
dbchain-$(printf '%05d' $((depth - 1)))<Enter>
:dump $work/hu-cycle-refused
r
G
:dump $work/hu-ready
<C-l>#
G
:dump $work/hu-stats
KEYS
last=$(printf 'chain-%05d' $((depth - 1)))
for src in huge.jsonl huge.db; do
	rm -f "$work"/hu-*
	# a 256 KB stack: a walk that recursed once per level of the
	# 10,000-deep chain (or ring), even with a lean frame of 80 bytes,
	# would overflow it and crash
	stack_kb=256
	run_script "$src" 120x40 "$work/huge.keys"
	stack_kb=
	if [ "$rc" -ne 0 ]; then
		not_ok "$src: huge values: tib runs through every view" "exit $rc" "$(head -c 600 "$work/err")"
		continue
	fi
	ok "$src: huge values: tib runs through every view ($total issues)"
	hu_fail=""
	# each screen: what must be on it
	for spec in "list:[list] 1/$total" "desc:[detail] line 1/" "desc-end:lorem ipsum" "title:TTTTTTTTTT" \
		"labels:label-$(printf '%05d' $((depth - 1)))" "tree:big-epic.1 " "tree-end:[tree]" \
		"deps-head:Waiting on it ($((depth - 1)))" "deps-tail:Held up by ($((depth - 1)))" \
		"deps-tail-end:chain-00000" "ring:cycle" "cycle:cycle!" "ready:[ready]" \
		"cycle-refused:would make a cycle: not added" \
		"stats:$depth $last" "stats:$((depth + 6)) issues are on dependency cycles"; do
		f=${spec%%:*} want=${spec#*:}
		if ! grep -qF -- "$want" "$work/hu-$f" 2>/dev/null; then
			hu_fail="$hu_fail
hu-$f lacks '$want':
$(head -n 12 "$work/hu-$f" 2>/dev/null | cut -c 1-120)"
		fi
	done
	# the detail of the huge description reached its end
	end_line=$(sed -n 's/.*\[detail\] line \([0-9]*\)\/\([0-9]*\).*/\1 \2/p' "$work/hu-desc-end")
	case $end_line in "") hu_fail="$hu_fail
no line count in the detail's status bar" ;; *)
		set -- $end_line
		[ "$1" = "$2" ] || hu_fail="$hu_fail
G in the detail of a huge description stops at line $1 of $2" ;;
	esac
	if [ -z "$hu_fail" ]; then
		ok "$src: huge values: every screen sane (a ${depth}-deep chain and a ring, $((total - depth * 2 - 10)) children)"
	else
		not_ok "$src: huge values: every screen sane" "$hu_fail"
	fi
	(cd "$work" && ulimit -s 256 && T $TIB --print "$src" >"$work/huge.print" 2>"$work/err")
	rc=$?
	n=$(wc -l <"$work/huge.print")
	if [ "$rc" -eq 0 ] && [ "$n" -eq "$total" ]; then
		ok "$src: huge values: --print lists all $total issues"
	else
		not_ok "$src: huge values: --print lists all $total issues" "exit $rc, $n lines" "$(head -c 300 "$work/err")"
	fi
	(cd "$work" && T $TIB --json "$src" >"$work/huge.json" 2>"$work/err")
	rc=$?
	if [ "$rc" -eq 0 ] && jq -e "length == $total and (map(select(.id == \"big-desc\"))[0].description | length) > 1000" \
		"$work/huge.json" >/dev/null 2>&1; then
		ok "$src: huge values: --json holds every issue and the huge description"
	else
		not_ok "$src: huge values: --json holds every issue and the huge description" "exit $rc" "$(head -c 300 "$work/err")"
	fi
done

# ------------------------------------------------------ 4. SQL in issue ids
gen sqlids "$work/sqlids.jsonl"
inputs=$((inputs + 10))
evil_id="x'); DROP TABLE issues;--"
sql_setup() {
	rm -f "$work/sql.db" "$work/sql.db-wal" "$work/sql.db-shm"
	"$GEN" --import "$work/sqlids.jsonl" --sqlite "$work/sql.db" >/dev/null 2>"$work/gen.err"
}
sql_setup
# every row as it was, but the one triage changed
sqlite3 "$work/sql.db" "SELECT id, priority, status, title FROM issues ORDER BY id" >"$work/sql.before"
(cd "$work" && T $TIB --print sql.db >"$work/sql.print" 2>"$work/err")
rc=$?
if [ "$rc" -eq 0 ] && grep -qF "$evil_id	P2	open	task	title of $evil_id" "$work/sql.print" &&
	[ "$(wc -l <"$work/sql.print")" -eq 9 ]; then
	ok "sql ids: --print lists all 9 ids, x'); DROP TABLE issues;-- among them"
else
	not_ok "sql ids: --print lists all 9 ids" "exit $rc" "$(cat "$work/sql.print" "$work/err")"
fi
# the list shows it, :ID jumps to it, p1 changes it and only it
printf '%s\n' ":dump $work/sql-list" ":$evil_id" "<Enter>" ":dump $work/sql-detail" "p1" ":dump $work/sql-after" \
	":x%" "p3" ":dump $work/sql-after2" "+l2'); DROP TABLE labels;--<Enter>" ":dump $work/sql-after3" >"$work/sql.keys"
run_script sql.db 120x60 "$work/sql.keys"
if [ "$rc" -ne 0 ]; then
	not_ok "sql ids: tib runs" "exit $rc" "$(head -c 400 "$work/err")"
else
	grep -qF "$evil_id" "$work/sql-list" && ok "sql ids: the list shows x'); DROP TABLE issues;--" ||
		not_ok "sql ids: the list shows x'); DROP TABLE issues;--" "$(cat "$work/sql-list")"
	grep -qF " Id        $evil_id" "$work/sql-detail" && grep -qF "desc of $evil_id" "$work/sql-detail" &&
		grep -qF "comment on $evil_id" "$work/sql-detail" &&
		ok "sql ids: :ID jumps to it (the detail shows it, its description and its comment)" ||
		not_ok "sql ids: :ID jumps to it (the detail shows it, its description and its comment)" "$(cat "$work/sql-detail")"
	sqlite3 "$work/sql.db" "SELECT id, priority, status, title FROM issues ORDER BY id" >"$work/sql.after" 2>&1
	python3 - "$work/sql.before" "$work/sql.after" "$evil_id" >"$work/sql.diff" <<'PY'
import sys
before = dict(l.split("|", 1) for l in open(sys.argv[1]).read().splitlines())
after = dict(l.split("|", 1) for l in open(sys.argv[2]).read().splitlines())
evil = sys.argv[3]
want = dict(before)
want[evil] = want[evil].replace("2|", "1|", 1)
want["x%"] = want["x%"].replace("2|", "3|", 1)
for k in sorted(set(want) | set(after)):
    if want.get(k) != after.get(k):
        print("%r: want %r, got %r" % (k, want.get(k), after.get(k)))
PY
	if [ ! -s "$work/sql.diff" ]; then
		ok "sql ids: p1 on it and p3 on x% change those two rows only (not x_, X'); DROP ...)"
	else
		not_ok "sql ids: p1 on it and p3 on x% change those two rows only" "$(cat "$work/sql.diff")" "status: $(tail -n 1 "$work/sql-after")"
	fi
	ev=$(sqlite3 "$work/sql.db" "SELECT issue_id FROM events ORDER BY id; SELECT '|'; SELECT issue_id FROM dirty_issues ORDER BY issue_id" | tr '\n' ' ')
	[ "$ev" = "$evil_id x% x% | x% $evil_id " ] && ok "sql ids: events and dirty_issues name exactly those ids" ||
		not_ok "sql ids: events and dirty_issues name exactly those ids" "got: $ev"
	tables=$(sqlite3 "$work/sql.db" "SELECT count(*) FROM issues; SELECT count(*) FROM labels WHERE label = 'l2''); DROP TABLE labels;--' AND issue_id = 'x%'" | tr '\n' ' ')
	[ "$tables" = "9 1 " ] && ok "sql ids: the issues and labels tables still exist; the label with SQL in it was added" ||
		not_ok "sql ids: the issues and labels tables still exist" "got: $tables" "$(sqlite3 "$work/sql.db" .tables 2>&1)"
	check "sql ids: the database passes integrity_check" sh -c "[ \"\$(sqlite3 '$work/sql.db' 'PRAGMA integrity_check')\" = ok ]"
fi
# the same on the JSONL export
cp "$work/sqlids.jsonl" "$work/sql.jsonl"
printf '%s\n' ":$evil_id" "p1" ":dump $work/sql-jl" >"$work/sqlj.keys"
run_script sql.jsonl 120x30 "$work/sqlj.keys"
got=$(jq -r '"\(.id) \(.priority)"' "$work/sql.jsonl" 2>&1 | tr '\n' '|')
want=$(jq -r '"\(.id) \(if .id == "x'"'"'); DROP TABLE issues;--" then 1 else .priority end)"' "$work/sqlids.jsonl" | tr '\n' '|')
[ "$rc" -eq 0 ] && [ "$got" = "$want" ] && ok "sql ids: p1 on the JSONL export changes that issue only" ||
	not_ok "sql ids: p1 on the JSONL export changes that issue only" "exit $rc" "got  $got" "want $want"

# ---------------------------------------------------------- 5. broken sources
# broken NAME FILE: --print and the browser on a broken source: never a
# crash; exit 0, or exit 1 with one message naming the file
broken() {
	b_name=$1 b_file=$2
	inputs=$((inputs + 1))
	(cd "$work" && T $TIB --print "$b_file" >"$work/out" 2>"$work/err")
	b_rc=$?
	printf ':dump %s\n' "$work/broken.screen" >"$work/broken.keys"
	rm -f "$work/broken.screen"
	run_script "$b_file" 100x30 "$work/broken.keys"
	if crashed "$b_rc" || crashed "$rc"; then
		not_ok "$b_name: no crash" "--print exit $b_rc, browser exit $rc" "$(head -c 800 "$work/err")"
	elif [ "$b_rc" -ne 0 ] && [ "$b_rc" -ne 1 ]; then
		not_ok "$b_name: exit 0 or 1" "--print exit $b_rc"
	elif [ "$b_rc" -eq 1 ] && ! grep -qF "tib: $b_file" "$work/err"; then
		not_ok "$b_name: a message naming the file" "$(head -c 400 "$work/err")"
	elif [ "$rc" -eq 0 ] && ! grep -q '^\[list\]' "$work/broken.screen" 2>/dev/null; then
		not_ok "$b_name: the browser draws a list" "$(cat "$work/broken.screen" 2>/dev/null)"
	else
		b_msg=$(head -n 1 "$work/err")
		ok "$b_name: exit $b_rc${b_msg:+ ($b_msg)}"
	fi
}
"$GEN" --count 3000 --seed 3 --sqlite "$work/g.db" >/dev/null 2>&1
sqlite3 "$work/g.db" 'PRAGMA journal_mode=DELETE;' >/dev/null
g_size=$(wc -c <"$work/g.db")
for pct in 1 10 50 90 99; do
	head -c $((g_size * pct / 100)) "$work/g.db" >"$work/trunc-$pct.db"
	broken "truncated SQLite file ($pct% of it)" "trunc-$pct.db"
done
cp "$work/g.db" "$work/garbled.db"
python3 - "$work/garbled.db" <<'PY'
import os, random, sys
random.seed(5)
size = os.path.getsize(sys.argv[1])
with open(sys.argv[1], "r+b") as f:
    for _ in range(40):  # 40 pages of garbage past the first, schema-holding ones
        f.seek(random.randrange(8, size // 4096) * 4096)
        f.write(bytes(random.randrange(256) for _ in range(4096)))
PY
broken "SQLite file with 40 garbage pages" garbled.db
head -c 65536 /dev/zero >"$work/zeros.db"
broken "a file of 64 KB of zeros" zeros.db
head -c 100 /dev/zero >"$work/zeros.jsonl"
broken "a JSONL file of NUL bytes" zeros.jsonl
head -c 16 "$work/g.db" >"$work/header-only.db"
broken "only the SQLite header" header-only.db
cp "$DEMO" "$work/noissues.db"
sqlite3 "$work/noissues.db" 'PRAGMA foreign_keys=OFF; DROP VIEW IF EXISTS ready_issues; DROP VIEW IF EXISTS blocked_issues; DROP TABLE issues;' 2>/dev/null
broken "the beads schema without the issues table" noissues.db
grep -q "no table 'issues'" "$work/err" && ok "no issues table: says so" || not_ok "no issues table: says so" "$(cat "$work/err")"
cp "$DEMO" "$work/wal-junk.db"
sqlite3 "$work/wal-junk.db" 'PRAGMA journal_mode=WAL;' >/dev/null
head -c 20000 /dev/urandom >"$work/wal-junk.db-wal"
broken "a WAL file of garbage beside the database" wal-junk.db

# values of another type than the schema says
cp "$DEMO" "$work/types.db"
sqlite3 "$work/types.db" "PRAGMA ignore_check_constraints = 1;
	UPDATE issues SET priority = 'high' WHERE rowid % 3 = 0;
	UPDATE issues SET priority = 2.5 WHERE rowid % 31 = 0;
	UPDATE issues SET priority = 99999 WHERE rowid % 17 = 0;
	UPDATE issues SET priority = -5 WHERE rowid % 19 = 0;
	UPDATE issues SET priority = X'01' WHERE rowid % 37 = 0;
	UPDATE issues SET created_at = 'garbage' WHERE rowid % 5 = 0;
	UPDATE issues SET updated_at = 12345 WHERE rowid % 23 = 0;
	UPDATE issues SET title = X'00414243' WHERE rowid % 13 = 0;
	UPDATE issues SET issue_type = X'FF00' WHERE rowid % 29 = 0;
	UPDATE issues SET status = 42 WHERE rowid % 41 = 0;"
inputs=$((inputs + 9))
broken "columns holding other types (priority 'high', 2.5, 99999, -5, a blob; dates 'garbage', 12345; blobs)" types.db
(cd "$work" && T $TIB --print types.db >/dev/null 2>"$work/err")
rc=$?
if [ "$rc" -eq 1 ] && grep -q "priority" "$work/err"; then
	ok "priority 'high' in SQLite: exit 1 naming the column"
elif [ "$rc" -eq 0 ] && grep -q "types.db.*priority" "$work/err"; then
	ok "priority 'high' in SQLite: loaded, and a warning names the column (as the JSONL loader does)"
else
	not_ok "priority 'high' in SQLite: a message names the issue and the column (as the JSONL loader's \"priority\" is the string \"high\")" \
		"exit $rc, stderr: '$(head -c 300 "$work/err")'" \
		"rows with priority 'high' are listed as P2 without a word: $(sqlite3 "$work/types.db" "SELECT count(*) FROM issues WHERE typeof(priority) != 'integer'") of them"
fi
sqlite3 "$work/loose.db" "CREATE TABLE issues(id TEXT, title TEXT, status TEXT, priority TEXT, issue_type TEXT,
	created_at TEXT, updated_at TEXT, assignee BLOB, closed_at INTEGER);
INSERT INTO issues VALUES ('w-1', 'high prio', 'open', 'high', 'task', '2026-10-01T00:00:00Z', '2026-10-01T00:00:00Z', NULL, NULL);
INSERT INTO issues VALUES ('w-2', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO issues VALUES (NULL, 'null id', 'open', '1', 'bug', 'x', 'y', NULL, NULL);
INSERT INTO issues VALUES (42, 'int id', 'open', 2.5, 'bug', 12345, 67890, X'FF00FF', 7);
INSERT INTO issues VALUES (X'6869', 'blob id', 'open', -3, 'bug', '2026-10-01', '2026-10-01', NULL, NULL);
INSERT INTO issues VALUES ('w-dup', 'first', 'open', 1, 'bug', '2026-10-01', '2026-10-01', NULL, NULL);
INSERT INTO issues VALUES ('w-dup', 'second', 'closed', 9999999999, 'bug', '2026-10-01', '2026-10-01', NULL, '2026-10-01');
INSERT INTO issues VALUES ('', 'empty id', 'open', 2, 'bug', '2026-10-01', '2026-10-01', NULL, NULL);
CREATE TABLE dependencies(issue_id TEXT, depends_on_id TEXT, type TEXT);
INSERT INTO dependencies VALUES ('w-1', 'w-1', 'blocks'), (NULL, NULL, NULL), ('w-1', NULL, 'blocks'), ('w-2', 'w-1', NULL), (1, 2, 3);
CREATE TABLE labels(issue_id TEXT, label TEXT);
INSERT INTO labels VALUES ('w-1', NULL), (NULL, 'x'), ('w-1', X'00'), ('nope', 'y');"
inputs=$((inputs + 12))
broken "a loose schema: TEXT priority, NULL and integer and blob ids, duplicate ids, NULL deps and labels" loose.db
printf '%s\n' ":w-1" "<Enter>" "x" ":dump $work/loose-deps" "T" ":dump $work/loose-tree" "r" "<C-l>#" ":dump $work/loose-stats" >"$work/loose.keys"
run_script loose.db 100x30 "$work/loose.keys"
[ "$rc" -eq 0 ] && grep -q '^\[stats\]' "$work/loose-stats" && ok "loose schema: every view opens" ||
	not_ok "loose schema: every view opens" "exit $rc" "$(head -c 400 "$work/err")"

# locked exclusively by another process at start-up: a sqlite3 shell
# holds BEGIN EXCLUSIVE until the test sends COMMIT
cp "$DEMO" "$work/locked.db"
rm -f "$work/lock.flag" "$work/lock.fifo"
mkfifo "$work/lock.fifo"
sqlite3 "$work/locked.db" <"$work/lock.fifo" >/dev/null 2>&1 &
lock_pid=$!
bg_pids="$bg_pids $lock_pid"
exec 4<>"$work/lock.fifo"
printf "BEGIN EXCLUSIVE;\n.output %s\nSELECT 'locked';\n.output stdout\n" "$work/lock.flag" >&4
inputs=$((inputs + 1))
if wait_for 10 test -s "$work/lock.flag"; then
	(cd "$work" && T $TIB --print locked.db >"$work/out" 2>"$work/err")
	rc=$?
	if [ "$rc" -eq 1 ] && grep -qF "tib: locked.db: the database is locked" "$work/err"; then
		ok "locked exclusively at start-up: --print exits 1, saying the file is locked"
	elif [ "$rc" -eq 0 ] && [ "$(wc -l <"$work/out")" -ge 200 ]; then
		ok "locked exclusively at start-up: --print waited for the lock"
	else
		not_ok "locked exclusively at start-up: --print" "exit $rc" "$(head -c 300 "$work/err")"
	fi
	printf ':dump %s\n' "$work/locked.screen" >"$work/locked.keys"
	run_script locked.db 100x30 "$work/locked.keys"
	if [ "$rc" -eq 1 ] && grep -qF "tib: locked.db: the database is locked" "$work/err"; then
		ok "locked exclusively at start-up: the browser exits 1, saying the file is locked"
	elif [ "$rc" -eq 0 ] && grep -q '^\[list\]' "$work/locked.screen"; then
		ok "locked exclusively at start-up: the browser waited for the lock"
	else
		not_ok "locked exclusively at start-up: the browser" "exit $rc" "$(head -c 300 "$work/err")"
	fi
else
	not_ok "locked exclusively at start-up" "the sqlite3 shell did not take the lock"
fi
printf 'COMMIT;\n.quit\n' >&4
exec 4>&-
wait "$lock_pid" 2>/dev/null
(cd "$work" && T $TIB --print locked.db >"$work/out" 2>"$work/err")
[ $? -eq 0 ] && ok "locked: once released, the database opens" || not_ok "locked: once released, the database opens" "$(cat "$work/err")"

# locked exclusively for 10 s while tib runs: the status bar says so, the
# last good data stays on the screen, and the change made under the lock
# shows by itself once it is released
cp "$DEMO" "$work/held.db"
held_id=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT id FROM issues ORDER BY id LIMIT 1').fetchone()[0])" "$work/held.db")
held_title=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT title FROM issues WHERE id = ?', (sys.argv[2],)).fetchone()[0][:30])" "$work/held.db" "$held_id")
cat >"$work/hold.py" <<'PY'
# python3 hold.py DB ID START READY SECONDS: once START exists, holds an
# exclusive lock on DB for SECONDS with ID retitled (committed at the end)
import os, sqlite3, sys, time
db, issue, start, ready, secs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
for _ in range(1200):
    if os.path.exists(start):
        break
    time.sleep(0.05)
con = sqlite3.connect(db, timeout=20, isolation_level=None)
con.execute("BEGIN EXCLUSIVE")
con.execute("UPDATE issues SET title = 'LOCK-2 held for 10 s' WHERE id = ?", (issue,))
open(ready, "w").close()
time.sleep(secs)
con.execute("COMMIT")
PY
rm -f "$work/held-0" "$work/held.ready"
printf '%s\n' ":$held_id" ":dump $work/held-0" ":idle 2500" ":refresh" ":wait-text 30000 locked by another process" \
	":dump $work/held-1" ":wait-text 60000 LOCK-2" ":dump $work/held-2" >"$work/held.keys"
python3 "$work/hold.py" "$work/held.db" "$held_id" "$work/held-0" "$work/held.ready" 10 &
hold_pid=$!
bg_pids="$bg_pids $hold_pid"
inputs=$((inputs + 1))
run_script held.db 120x30 "$work/held.keys"
wait "$hold_pid" 2>/dev/null
if [ "$rc" -eq 0 ] && [ -e "$work/held.ready" ] && grep -q 'locked by another process' "$work/held-1" &&
	grep -qF -- "$held_title" "$work/held-1" && ! grep -q 'LOCK-2' "$work/held-1"; then
	ok "locked exclusively for 10 s while open: the status bar says so, the last good data stays"
else
	not_ok "locked exclusively for 10 s while open: the status bar says so, the last good data stays" "exit $rc" \
		"$(head -c 300 "$work/err")" "$(tail -n 2 "$work/held-1" 2>/dev/null)"
fi
if [ "$rc" -eq 0 ] && grep -q 'LOCK-2' "$work/held-2" && ! grep -q 'locked by another process' "$work/held-2"; then
	ok "locked exclusively for 10 s while open: released, the change shows by itself and the warning goes"
else
	not_ok "locked exclusively for 10 s while open: released, the change shows by itself" "exit $rc" \
		"$(tail -n 2 "$work/held-2" 2>/dev/null)"
fi

# permissions: as root, as the user nobody (setpriv), else skipped
perm=
if [ "$(id -u)" -ne 0 ]; then
	perm=self
elif command -v setpriv >/dev/null 2>&1 && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	perm=nobody
fi
pdir="$work/perm"
mkdir -p "$pdir/home" "$pdir/state"
# asuser CMD...: the command (with T's time limit) as the user the
# permission cases run as
asuser() {
	if [ "$perm" = nobody ]; then
		T setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$pdir/home" XDG_STATE_HOME="$pdir/state" "$@"
	else
		T "$@"
	fi
}
# pscript FILE KEYS: tib in script mode on a file of $pdir, as that user
pscript() {
	printf '%s\n' "$@" >"$pdir/keys"
	shift
	# shellcheck disable=SC2086
	(cd "$pdir" && asuser $TIB --script keys --size 100x30 "$ps_file" >"$pdir/out" 2>"$pdir/err")
	rc=$?
}
if [ -z "$perm" ]; then
	skip "permissions (read-only file and directory, chmod 000)" "running as root without setpriv: root ignores file permissions"
else
	[ "$perm" = nobody ] && echo "# running as root: the permission cases run as the user nobody (setpriv)"
	cp "$DEMO" "$pdir/ro.db"
	cp "$work/hostile.jsonl" "$pdir/ro.jsonl"
	mkdir -p "$pdir/rodir" "$pdir/rodir-wal" "$pdir/rodir-jsonl"
	cp "$DEMO" "$pdir/rodir/r.db"
	cp "$DEMO" "$pdir/rodir-wal/w.db"
	sqlite3 "$pdir/rodir-wal/w.db" 'PRAGMA journal_mode=WAL;' >/dev/null
	cp "$work/hostile.jsonl" "$pdir/rodir-jsonl/j.jsonl"
	cp "$DEMO" "$pdir/none.db"
	[ "$perm" = nobody ] && chown -R 65534 "$pdir"
	chmod 444 "$pdir/ro.db" "$pdir/ro.jsonl"
	chmod 555 "$pdir/rodir" "$pdir/rodir-wal" "$pdir/rodir-jsonl"
	chmod 000 "$pdir/none.db"
	inputs=$((inputs + 6))
	for spec in "ro.db:ro.db is read-only" "ro.jsonl:read-only" "rodir/r.db:the directory rodir is read-only" \
		"rodir-jsonl/j.jsonl:read-only (the directory" "rodir-wal/w.db:read-only"; do
		ps_file=${spec%%:*} want=${spec#*:}
		sum=$(cksum <"$pdir/$ps_file")
		# `p` asks for the priority: on a read-only source it says why it cannot
		rm -f "$pdir/screen"
		pscript "p" ":dump $pdir/screen"
		status=$(tail -n 1 "$pdir/screen" 2>/dev/null)
		if [ "$rc" -eq 0 ] && echo "$status" | grep -qF "$want" && [ "$(cksum <"$pdir/$ps_file")" = "$sum" ]; then
			ok "read-only: $ps_file opens, the triage keys say why they do nothing, the file is unchanged"
		else
			not_ok "read-only: $ps_file opens, the triage keys say why they do nothing, the file is unchanged" \
				"exit $rc, status bar: $status" "stderr: $(head -c 300 "$pdir/err")"
		fi
		ls -a "$pdir/$(dirname "$ps_file")" | grep -q '\.tib-' && not_ok "read-only: $ps_file: a temp file was left"
	done
	ps_file=none.db
	pscript ":dump $pdir/screen"
	if [ "$rc" -eq 1 ] && grep -qF "tib: none.db: cannot read: Permission denied" "$pdir/err"; then
		ok "chmod 000 at start-up: exit 1, 'none.db: cannot read: Permission denied'"
	else
		not_ok "chmod 000 at start-up: exit 1 with a message" "exit $rc" "$(head -c 300 "$pdir/err")"
	fi
	(cd "$pdir" && asuser $TIB --print none.db >/dev/null 2>"$pdir/err")
	rc=$?
	[ "$rc" -eq 1 ] && grep -qF "none.db" "$pdir/err" && ok "chmod 000 at start-up: --print exits 1 naming the file" ||
		not_ok "chmod 000 at start-up: --print exits 1 naming the file" "exit $rc" "$(cat "$pdir/err")"

	# permissions removed while tib runs (a FIFO feeds the keys): in place
	# (tib still reads through the descriptor it holds) and by a new file
	# that tib must open (a status-bar warning, then recovery)
	"$GEN" --import "$here/screen/fixture.jsonl" --sqlite "$work/fixture.db" >/dev/null 2>&1
	sqlite3 "$work/fixture.db" 'PRAGMA journal_mode=DELETE;' >/dev/null
	for src in live.jsonl live.db; do
		if [ "$src" = live.db ]; then cp "$work/fixture.db" "$pdir/$src"; else cp "$here/screen/fixture.jsonl" "$pdir/$src"; fi
		[ "$perm" = nobody ] && chown 65534 "$pdir/$src"
		chmod 644 "$pdir/$src"
		rm -f "$pdir/fifo" "$pdir"/ack-*
		mkfifo "$pdir/fifo"
		chmod 666 "$pdir/fifo"
		(cd "$pdir" && asuser $TIB --script fifo --size 100x30 "$src" >"$pdir/out" 2>"$pdir/err") &
		live_pid=$!
		# read-write: never blocks, even when tib failed to start
		exec 3<>"$pdir/fifo"
		printf ':dump %s\n' "$pdir/ack-1" >&3
		wait_for 30 test -e "$pdir/ack-1"
		sum=$(cksum <"$pdir/$src")
		chmod 000 "$pdir/$src"
		# idle with the file unreadable, a forced reload, a triage key
		printf ':idle 300\n:refresh\n:dump %s\n:tt-full\np\n:dump %s\n<Esc>\n' "$pdir/ack-2" "$pdir/ack-3" >&3
		wait_for 30 test -e "$pdir/ack-3"
		sum_after=$(cksum <"$pdir/$src")
		# a new file in its place, unreadable: tib must open it
		if [ "$src" = live.db ]; then
			cp "$work/fixture.db" "$pdir/new.tmp"
			sqlite3 "$pdir/new.tmp" "UPDATE issues SET title = 'replaced-title' WHERE id = 'tt-epic.2';"
		else
			sed 's/Replay the queue on reconnect/replaced-title/' "$here/screen/fixture.jsonl" >"$pdir/new.tmp"
		fi
		[ "$perm" = nobody ] && chown 65534 "$pdir/new.tmp"
		chmod 000 "$pdir/new.tmp"
		mv "$pdir/new.tmp" "$pdir/$src"
		printf ':wait-text 10000 ermission\n:dump %s\n' "$pdir/ack-4" >&3
		wait_for 30 test -e "$pdir/ack-4"
		chmod 644 "$pdir/$src"
		# readable again: tib should notice (the chmod is an inotify
		# event), else at least a forced reload (R, :refresh) reads it
		printf ':idle 1000\n:dump %s\n:refresh\n:dump %s\n:q\n' "$pdir/ack-5" "$pdir/ack-6" >&3
		wait_for 30 test -e "$pdir/ack-6"
		exec 3>&-
		wait "$live_pid"
		rc=$?
		inputs=$((inputs + 2))
		if crashed "$rc"; then
			not_ok "chmod 000 while open ($src): no crash" "exit $rc" "$(head -c 600 "$pdir/err")"
			continue
		fi
		ok "chmod 000 while open ($src): idle, reload, triage key, replaced by an unreadable file: no crash"
		if grep -q 'tt-epic.2' "$pdir/ack-2" && grep -q '^\[list\]' "$pdir/ack-3" && [ "$(tail -n 1 "$pdir/ack-2" | grep -c ermission)" -eq 0 ] &&
			[ "$sum_after" = "$sum" ]; then
			ok "chmod 000 in place ($src): the data stays, the file unchanged (read through the open descriptor): $(tail -n 1 "$pdir/ack-3" | sed 's/  */ /g')"
		else
			not_ok "chmod 000 in place ($src): the data stays, the file unchanged" "$(tail -n 1 "$pdir/ack-2")" "$(tail -n 1 "$pdir/ack-3")" \
				"$([ "$sum_after" = "$sum" ] || echo "the file changed")"
		fi
		status=$(tail -n 1 "$pdir/ack-4" 2>/dev/null)
		if echo "$status" | grep -q "ermission denied" && echo "$status" | grep -qF "$src" && grep -q 'Replay the queue' "$pdir/ack-4"; then
			ok "replaced by an unreadable file ($src): the status bar names the file and the reason, the last data stays"
		else
			not_ok "replaced by an unreadable file ($src): the status bar names the file and the reason, the last data stays" \
				"status bar: $status" "$(head -n 4 "$pdir/ack-4" 2>/dev/null)"
		fi
		if [ "$rc" -eq 0 ] && grep -q 'replaced-title' "$pdir/ack-5" 2>/dev/null; then
			ok "replaced by an unreadable file ($src): readable again (chmod 644), tib shows the new data by itself"
		else
			not_ok "replaced by an unreadable file ($src): readable again (chmod 644), tib shows the new data by itself" \
				"exit $rc" "$(head -c 300 "$pdir/err")" "status bar 1 s after the chmod: $(tail -n 1 "$pdir/ack-5" 2>/dev/null)"
		fi
		if [ "$rc" -eq 0 ] && grep -q 'replaced-title' "$pdir/ack-6" 2>/dev/null; then
			ok "replaced by an unreadable file ($src): readable again, a forced reload (:refresh) shows the new data"
		else
			not_ok "replaced by an unreadable file ($src): readable again, a forced reload (:refresh) shows the new data" \
				"exit $rc" "status bar after :refresh: $(tail -n 1 "$pdir/ack-6" 2>/dev/null)"
		fi
	done
fi

# ------------------------------------------------------------- 6. disk full
# RLIMIT_FSIZE (SIGXFSZ ignored) makes writes past a size fail with EFBIG,
# as a full disk makes them fail with ENOSPC
mkdir -p "$work/full"
"$GEN" --count 1500 --seed 11 --jsonl "$work/full/big.jsonl" >/dev/null 2>&1
first_id=$(head -n 1 "$work/full/big.jsonl" | jq -r .id)
first_prio=$(head -n 1 "$work/full/big.jsonl" | jq -r '.priority // 2')
new_prio=$(((first_prio + 1) % 5))
cp "$work/full/big.jsonl" "$work/full/big.orig"
# 100 blocks: 50 KB for dash (512-byte blocks), 100 KB for bash; the file is bigger
printf '%s\n' ":$first_id" "p$new_prio" ":dump $work/full.screen" >"$work/full.keys"
(cd "$work/full" && trap '' XFSZ && ulimit -f 100 && exec timeout -k 5 60 $TIB --script "$work/full.keys" --size 120x30 big.jsonl \
	>"$work/out" 2>"$work/err")
rc=$?
inputs=$((inputs + 2))
status=$(tail -n 1 "$work/full.screen" 2>/dev/null)
if crashed "$rc" || [ "$rc" -ne 0 ]; then
	not_ok "disk full during a JSONL rewrite: no crash" "exit $rc" "$(head -c 400 "$work/err")"
else
	ok "disk full during a JSONL rewrite: no crash, exit 0"
	cmp -s "$work/full/big.jsonl" "$work/full/big.orig" && ok "disk full during a JSONL rewrite: the file is byte-identical" ||
		not_ok "disk full during a JSONL rewrite: the file is byte-identical"
	echo "$status" | grep -q "cannot write.*File too large" &&
		ok "disk full during a JSONL rewrite: the status bar says the write failed ($(echo "$status" | sed 's/  */ /g'))" ||
		not_ok "disk full during a JSONL rewrite: the status bar says the write failed" "status bar: $status"
	left=$(ls -A "$work/full" | grep -v '^big\.\(jsonl\|orig\)$')
	[ -z "$left" ] && ok "disk full during a JSONL rewrite: no temp file left in the directory" ||
		not_ok "disk full during a JSONL rewrite: no temp file left in the directory" "left: $left"
fi
# the same on SQLite: the transaction fails, the database is as it was
mkdir -p "$work/fullsql"
cp "$DEMO" "$work/fullsql/d.db"
sqlite3 "$work/fullsql/d.db" 'PRAGMA journal_mode=DELETE;' >/dev/null
sqlite3 "$work/fullsql/d.db" .dump >"$work/fullsql.before"
last_id=$(sqlite3 "$work/fullsql/d.db" "SELECT id FROM issues WHERE status = 'open' ORDER BY rowid DESC LIMIT 1")
last_prio=$(sqlite3 "$work/fullsql/d.db" "SELECT priority FROM issues WHERE id = '$last_id'")
printf '%s\n' ":$last_id" "p$(((last_prio + 1) % 5))" ":dump $work/fullsql.screen" >"$work/fullsql.keys"
(cd "$work/fullsql" && trap '' XFSZ && ulimit -f 100 && exec timeout -k 5 60 $TIB --script "$work/fullsql.keys" --size 120x30 d.db \
	>"$work/out" 2>"$work/err")
rc=$?
status=$(tail -n 1 "$work/fullsql.screen" 2>/dev/null)
if crashed "$rc" || [ "$rc" -ne 0 ]; then
	not_ok "disk full during a SQLite write: no crash" "exit $rc" "$(head -c 400 "$work/err")"
else
	ok "disk full during a SQLite write: no crash, exit 0"
	# an unrestricted reader rolls back whatever journal is left
	sqlite3 "$work/fullsql/d.db" .dump >"$work/fullsql.after" 2>&1
	cmp -s "$work/fullsql.before" "$work/fullsql.after" && [ "$(sqlite3 "$work/fullsql/d.db" 'PRAGMA integrity_check')" = ok ] &&
		ok "disk full during a SQLite write: the database is as it was, integrity ok" ||
		not_ok "disk full during a SQLite write: the database is as it was" "$(diff "$work/fullsql.before" "$work/fullsql.after" | head -n 5)"
	echo "$status" | grep -qi "not done.*\(full\|too large\|cannot write\|I/O error\)" &&
		ok "disk full during a SQLite write: the status bar says the write failed ($(echo "$status" | sed 's/  */ /g'))" ||
		not_ok "disk full during a SQLite write: the status bar says the write failed" "status bar: $status"
fi

# ---------------------------------------------------------------- 7. signals
# tib in a tmux pane (a real terminal, an interactive shell with job
# control): after each signal the pane is back at the shell prompt, the
# alternate screen off, the cursor shown, the keypad mode as before, the
# tty sane; an editor's temp file is removed
if start_tmux; then
	"$GEN" --import "$here/screen/fixture.jsonl" --sqlite "$work/sig.db" >/dev/null 2>&1
	mkdir -p "$work/edtmp"
	cat >"$work/wait-editor.sh" <<EDITOR
#!/bin/sh
# an editor that stays open until the test lets it go
echo "\$\$ \$1" >"$work/editor.info"
i=0
while [ ! -e "$work/editor.release" ] && [ \$i -lt 600 ]; do sleep 0.1; i=\$((i + 1)); done
exit 0
EDITOR
	chmod +x "$work/wait-editor.sh"
	tm send-keys -t robust 'clear' Enter
	sleep 0.3
	term_state() { tm display -p -t robust '#{alternate_on} #{cursor_flag} #{keypad_cursor_flag} #{keypad_flag}'; }
	base_state=$(term_state)
	# back_at_prompt NAME: exit status, terminal state and tty modes after tib
	back_at_prompt() {
		bp_name=$1 bp_want_rc=$2
		if ! wait_for 30 test -e "$work/$bp_name.rc"; then
			not_ok "$bp_name: tib exits" "$(tm capture-pane -p -t robust | grep -v '^ *$' | tail -n 5)"
			return 1
		fi
		bp_rc=$(cat "$work/$bp_name.rc")
		wait_for 10 pane_has 'READY$'
		tm send-keys -t robust -l "stty -a >'$work/$bp_name.stty'"
		tm send-keys -t robust Enter
		wait_for 10 test -s "$work/$bp_name.stty"
		bp_state=$(term_state)
		if [ "$bp_rc" = "$bp_want_rc" ] && [ "$bp_state" = "$base_state" ] &&
			grep -q ' icanon' "$work/$bp_name.stty" && grep -q ' echo ' "$work/$bp_name.stty" &&
			tm capture-pane -p -t robust | grep -v '^ *$' | tail -n 1 | grep -q '^READY\$'; then
			ok "$bp_name: tib exits $bp_rc, the terminal is restored (prompt, main screen, cursor, keypad, icanon echo)"
		else
			not_ok "$bp_name: tib exits $bp_want_rc, the terminal is restored" "exit $bp_rc" \
				"alternate/cursor/keypad flags: $bp_state (before tib: $base_state)" \
				"tty: $(grep -o -- '-\?icanon\|-\?echo ' "$work/$bp_name.stty" | tr '\n' ' ')" \
				"$(tm capture-pane -p -t robust | grep -v '^ *$' | tail -n 4)"
		fi
		tm send-keys -t robust 'clear' Enter
		sleep 0.2
	}
	# wait_idle PID: tib is waiting in poll() for input (twice, 0.2 s
	# apart), so that a signal finds it idle; a signal during a draw is
	# the case after these
	in_poll() { grep -q poll "/proc/$1/wchan" 2>/dev/null; }
	wait_idle() { wait_for 20 in_poll "$1" && sleep 0.2 && wait_for 20 in_poll "$1"; }
	# launch_idle NAME ENV ARGS...: launches tib with ENV (launch_env's
	# words) and waits for its list and for it to be idle, with its pid in
	# t_pid; fails, with a "not ok", when tib does not start
	launch_idle() {
		li_name=$1
		launch_env=$2
		shift 2
		launch "$li_name" "$@"
		launch_env=
		if ! wait_for 30 pane_has '[list]'; then
			not_ok "$li_name: tib starts in tmux" "$(tm capture-pane -p -t robust | tail -n 5)"
			return 1
		fi
		t_pid=$(tib_pid "$li_name")
		wait_idle "$t_pid"
	}
	for sig in TERM HUP INT; do
		name=sig-$sig
		launch_idle "$name" "" sig.db || continue
		if [ "$sig" = INT ]; then
			tm send-keys -t robust C-c # the terminal sends it to the foreground job
		else
			kill -"$sig" "$t_pid"
		fi
		back_at_prompt "$name" 130
	done
	# a signal while tib draws: doupdate() made slow (500 ms, by an
	# LD_PRELOAD shim, while a flag file exists) so that SIGTERM lands in
	# it; tib must still exit at once, not at the next key
	if command -v cc >/dev/null 2>&1; then
		mkdir -p "$work/shim"
		cat >"$work/shim/slow.c" <<'SHIM'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>
/* doupdate() that first sleeps 500 ms while the file $SLOW_DRAW exists */
int doupdate(void);
int doupdate(void)
{
	static int (*real)(void);
	const char *flag = getenv("SLOW_DRAW");
	if (!real)
		real = (int (*)(void))dlsym(RTLD_NEXT, "doupdate");
	if (flag && access(flag, F_OK) == 0)
		usleep(500000);
	return real();
}
SHIM
		cc -shared -fPIC -o "$work/shim/slow.so" "$work/shim/slow.c" -ldl 2>"$work/shim/cc.err"
	fi
	if [ -s "$work/shim/slow.so" ]; then
		for sig in TERM INT; do
			name=draw-$sig
			# the flag lives outside the work directory: tib watches that
			# one, and an event there would wake it and hide the bug
			rm -f "$work/shim/flag"
			launch_idle "$name" "$(preload_env "$work/shim/slow.so") SLOW_DRAW='$work/shim/flag'" sig.db || continue
			touch "$work/shim/flag"
			tm send-keys -t robust j # a draw, slowed down
			sleep 0.2
			if [ "$sig" = INT ]; then tm send-keys -t robust C-c; else kill -TERM "$t_pid"; fi
			if wait_for 3 test -e "$work/$name.rc"; then
				back_at_prompt "$name" 130
			else
				not_ok "$name: SIG$sig during a draw: tib exits (not only at the next key)" \
					"still running 3 s after the signal; the screen:" "$(tm capture-pane -p -t robust | grep -v '^ *$' | tail -n 2)"
				rm -f "$work/shim/flag"
				tm send-keys -t robust j # the next key wakes it: it quits then
				back_at_prompt "$name" 130
			fi
		done
		# a resize while tib draws: the new size is laid out at once,
		# not at the next key (SIGWINCH let in only while tib waits)
		name=draw-WINCH
		inputs=$((inputs + 1))
		rm -f "$work/shim/flag"
		if launch_idle "$name" "$(preload_env "$work/shim/slow.so") SLOW_DRAW='$work/shim/flag'" sig.db; then
			touch "$work/shim/flag"
			tm send-keys -t robust j # a draw, slowed down
			sleep 0.2
			tm resize-window -t robust -x 60 -y 15
			rm -f "$work/shim/flag"
			draw_winch_laid_out() {
				tm capture-pane -p -t robust >"$work/draw-winch.screen"
				[ "$(wc -l <"$work/draw-winch.screen")" -eq 15 ] && head -n 1 "$work/draw-winch.screen" | grep -q '^ID ' &&
					tail -n 1 "$work/draw-winch.screen" | grep -q '^\[list\] 2/'
			}
			if wait_for 5 draw_winch_laid_out; then
				ok "$name: a resize during a draw: the list is laid out at 60x15 at once (not at the next key)"
			else
				not_ok "$name: a resize during a draw: the list is laid out at 60x15 at once (not at the next key)" \
					"5 s after the resize, the screen:" "$(cat "$work/draw-winch.screen")"
			fi
			tm resize-window -t robust -x 120 -y 40
			tm send-keys -t robust q
			back_at_prompt "$name" 0
		fi
	else
		skip "signals during a draw" "no C compiler for the LD_PRELOAD shim: $(head -n 1 "$work/shim/cc.err" 2>/dev/null)"
	fi

	# signals while an editor is open (e then d: the description)
	for sig in TERM HUP INT; do
		name=editor-$sig
		rm -f "$work/editor.info" "$work/editor.release"
		launch_idle "$name" "EDITOR='$work/wait-editor.sh' TMPDIR='$work/edtmp'" sig.db || continue
		tm send-keys -t robust -l ":tt-full"
		tm send-keys -t robust Enter
		tm send-keys -t robust -l "ed"
		if ! wait_for 30 test -s "$work/editor.info"; then
			not_ok "$name: the editor starts" "$(tm capture-pane -p -t robust | grep -v '^ *$' | tail -n 5)"
			touch "$work/editor.release"
			continue
		fi
		read -r ed_pid ed_file <"$work/editor.info"
		case $sig in
		TERM)
			# to tib alone: it waits for the editor, then exits
			kill -TERM "$t_pid"
			sleep 0.5
			touch "$work/editor.release"
			back_at_prompt "$name" 130
			;;
		HUP)
			# a hangup reaches the whole foreground job: tib and the editor
			kill -HUP "$t_pid" "$ed_pid"
			back_at_prompt "$name" 130
			;;
		INT)
			# Ctrl-C is the editor's: it ends the editor, tib stays
			tm send-keys -t robust C-c
			if wait_for 20 pane_has 'editor' && kill -0 "$t_pid" 2>/dev/null; then
				ok "$name: Ctrl-C ends the editor, tib stays and says so"
			else
				not_ok "$name: Ctrl-C ends the editor, tib stays and says so" "$(tm capture-pane -p -t robust | grep -v '^ *$' | tail -n 3)"
			fi
			touch "$work/editor.release"
			tm send-keys -t robust q
			back_at_prompt "$name" 0
			;;
		esac
		if [ -e "$ed_file" ] || ls "$work/edtmp" | grep -q '^tib-edit-'; then
			not_ok "$name: the editor's temp file is removed" "left: $(ls "$work/edtmp")"
		else
			ok "$name: the editor's temp file is removed"
		fi
	done
	# Ctrl-Z, then fg: stopped with the terminal given back, redrawn as it was
	# (valgrind does not stop a program that raises SIGTSTP with its
	# default action, as curses does after leaving the screen: the program
	# runs on in the background, so this case runs plain only)
	name=tstp
	if [ "$vg" -eq 1 ]; then
		skip "tstp: Ctrl-Z and fg" "valgrind does not emulate the stop of SIGTSTP's default action; run plain"
	else
		launch "$name" sig.db
	fi
	if [ "$vg" -eq 1 ]; then
		:
	elif wait_for 30 pane_has '[list]'; then
		tm send-keys -t robust -l "jjj"
		sleep 0.5
		tm capture-pane -p -t robust >"$work/tstp.before"
		t_pid=$(tib_pid "$name")
		tm send-keys -t robust C-z
		# (the shell's "Stopped" may be printed before tib has left the
		# alternate screen, since the launcher stops first: Enter shows
		# the prompt again)
		if wait_for 20 sh -c "[ \"\$(ps -o stat= -p $t_pid | cut -c1)\" = T ]" && sleep 0.3 &&
			tm send-keys -t robust Enter && wait_for 10 pane_has 'READY$' &&
			[ "$(term_state)" = "$base_state" ]; then
			ok "tstp: Ctrl-Z stops tib and gives the terminal back (main screen, cursor, keypad)"
		else
			not_ok "tstp: Ctrl-Z stops tib and gives the terminal back" "flags: $(term_state) (before: $base_state)" \
				"$(tm capture-pane -p -t robust | grep -v '^ *$' | tail -n 3)"
		fi
		tm send-keys -t robust 'fg' Enter
		if wait_for 20 pane_has '[list]' && sleep 0.5 && tm capture-pane -p -t robust >"$work/tstp.after" &&
			cmp -s "$work/tstp.before" "$work/tstp.after"; then
			ok "tstp: after fg the screen is redrawn as it was"
		else
			not_ok "tstp: after fg the screen is redrawn as it was" "$(diff "$work/tstp.before" "$work/tstp.after" | head -n 10)"
		fi
		tm send-keys -t robust q
		back_at_prompt "$name" 0
	else
		not_ok "tstp: tib starts in tmux" "$(tm capture-pane -p -t robust | tail -n 5)"
	fi

	# a write under way when the signal comes: fsync made slow (800 ms,
	# by an LD_PRELOAD shim, while a flag file exists; it leaves FLAG.hit
	# when a slow fsync begins) so that SIGTERM lands in the middle of
	# the JSONL rewrite (temp file, fsync, rename) or of the SQLite
	# transaction; tib finishes the write, then exits: the change is all
	# there or not at all, no temp file is left, the terminal restored
	if command -v cc >/dev/null 2>&1; then
		mkdir -p "$work/shim"
		cat >"$work/shim/slowsync.c" <<'SHIM'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
/* fsync() and fdatasync() that first sleep 800 ms while $SLOW_SYNC exists */
int fsync(int fd);
int fdatasync(int fd);
static void slow(void)
{
	const char *flag = getenv("SLOW_SYNC");
	char hit[4096];
	int fd;
	if (!flag || access(flag, F_OK) != 0)
		return;
	snprintf(hit, sizeof(hit), "%s.hit", flag);
	fd = open(hit, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0) {
		dprintf(fd, "%d\n", (int)getpid()); /* for a test that kills it there */
		close(fd);
	}
	usleep(800000);
}
int fsync(int fd)
{
	static int (*real)(int);
	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	slow();
	return real(fd);
}
int fdatasync(int fd)
{
	static int (*real)(int);
	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
	slow();
	return real(fd);
}
SHIM
		cc -shared -fPIC -o "$work/shim/slowsync.so" "$work/shim/slowsync.c" -ldl 2>"$work/shim/cc-sync.err"
	fi
	cat >"$work/writecheck.py" <<'PY'
# python3 writecheck.py jsonl|sqlite PATH ORIGINAL_COUNT WANT: the source
# holds ORIGINAL_COUNT issues, tt-full's status is WANT (closed: with its
# reason and, in SQLite, one "closed" event), the file is whole
import json, sqlite3, sys
kind, path, count, want = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
if kind == "jsonl":
    rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    full = [r for r in rows if r["id"] == "tt-full"]
    status, reason, events = full[0]["status"], full[0].get("close_reason") or "", None
else:
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity_check fails"
    rows = db.execute("SELECT id FROM issues").fetchall()
    status, reason = db.execute("SELECT status, close_reason FROM issues WHERE id = 'tt-full'").fetchone()
    events = db.execute("SELECT count(*) FROM events WHERE issue_id = 'tt-full' AND event_type = 'closed'").fetchone()[0]
assert len(rows) == count, "%d issues, want %d" % (len(rows), count)
assert status == want, "tt-full is %s, want %s" % (status, want)
if want == "closed":
    assert reason == "gone", "close reason %r" % reason
    assert events in (None, 1), "%d closed events" % events
elif events not in (None, 0):
    raise SystemExit("%d closed events, but tt-full is not closed" % events)
PY
	issue_total=$(grep -c . "$here/screen/fixture.jsonl")
	# close_tt_full: C on tt-full, with the reason "gone"
	close_tt_full() {
		tm send-keys -t robust -l ":tt-full"
		tm send-keys -t robust Enter
		tm send-keys -t robust -l "C"
		wait_for 20 pane_has 'reason' || return 1
		tm send-keys -t robust -l "gone"
		tm send-keys -t robust Enter
	}
	# no_leftovers DIR FILE...: DIR holds these files and nothing else
	no_leftovers() {
		nl_dir=$1
		shift
		nl_have=$(cd "$nl_dir" && ls -A | sort | tr '\n' ' ')
		nl_want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
		[ "$nl_have" = "$nl_want" ] || { echo "left in the directory: $nl_have (want: $nl_want)"; return 1; }
	}
	if [ -s "$work/shim/slowsync.so" ]; then
		inputs=$((inputs + 2))
		for kind in jsonl sqlite; do
			name=write-$kind
			rm -rf "$work/$name" "$work/shim/sync" "$work/shim/sync.hit"
			mkdir -p "$work/$name"
			if [ "$kind" = jsonl ]; then
				src=issues.jsonl
				cp "$here/screen/fixture.jsonl" "$work/$name/$src"
			else
				src=beads.db
				cp "$work/sig.db" "$work/$name/$src"
			fi
			launch_idle "$name" "$(preload_env "$work/shim/slowsync.so") SLOW_SYNC='$work/shim/sync'" "$name/$src" || continue
			touch "$work/shim/sync"
			if ! close_tt_full || ! wait_for 60 test -e "$work/shim/sync.hit"; then
				not_ok "$name: the write starts (a slow fsync)" "$(tm capture-pane -p -t robust | grep -v '^ *$' | tail -n 3)"
				rm -f "$work/shim/sync"
				tm send-keys -t robust Escape q
				back_at_prompt "$name" 0
				continue
			fi
			kill -TERM "$t_pid"
			back_at_prompt "$name" 130
			rm -f "$work/shim/sync"
			check "$name: SIGTERM in the middle of the $kind write: the write is finished whole (tt-full closed, $issue_total issues)" \
				python3 "$work/writecheck.py" "$kind" "$work/$name/$src" "$issue_total" closed
			check "$name: no temp file or journal is left beside the $kind source" no_leftovers "$work/$name" "$src"
		done
	else
		skip "writes interrupted by a signal" "no C compiler for the LD_PRELOAD shim: $(head -n 1 "$work/shim/cc-sync.err" 2>/dev/null)"
	fi

	# a write killed outright between its temp file and the rename
	# (SIGKILL; a power cut) leaves .issues.jsonl.tib-XXXXXX behind: the
	# next start removes it, but neither the temp file of a write still
	# going on (it holds a lock) nor one just made (not locked yet)
	if [ -s "$work/shim/slowsync.so" ]; then
		name=kill-temp
		inputs=$((inputs + 1))
		rm -rf "$work/$name" "$work/shim/sync" "$work/shim/sync.hit"
		mkdir -p "$work/$name"
		cp "$here/screen/fixture.jsonl" "$work/$name/issues.jsonl"
		printf ':tt-full\nCgone<Enter>\n:q\n' >"$work/$name.keys"
		touch "$work/shim/sync"
		(cd "$work/$name" && T env LD_PRELOAD="$work/shim/slowsync.so" \
			ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" SLOW_SYNC="$work/shim/sync" \
			$TIB --script "$work/$name.keys" --size 80x24 issues.jsonl >/dev/null 2>&1) &
		kt_job=$!
		if wait_for 60 test -s "$work/shim/sync.hit"; then
			kill -KILL "$(cat "$work/shim/sync.hit")" 2>/dev/null
		fi
		wait "$kt_job" 2>/dev/null
		rm -f "$work/shim/sync"
		kt_left=$(cd "$work/$name" && ls -A | grep '^\.issues\.jsonl\.tib-' | head -n 1)
		if [ -z "$kt_left" ]; then
			not_ok "$name: SIGKILL in the middle of a JSONL write leaves its temp file (the case to clean up)" \
				"left: $(ls -A "$work/$name" | tr '\n' ' ')"
		else
			touch -d '1 minute ago' "$work/$name/$kt_left"
			: >"$work/$name/.issues.jsonl.tib-fresh1"
			: >"$work/$name/.issues.jsonl.tib-held01"
			touch -d '1 minute ago' "$work/$name/.issues.jsonl.tib-held01"
			python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "a")
fcntl.flock(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(60)' "$work/$name/.issues.jsonl.tib-held01" "$work/$name.held" &
			kt_holder=$!
			wait_for 20 test -e "$work/$name.held"
			(cd "$work/$name" && T $TIB --print issues.jsonl >/dev/null 2>"$work/$name.err")
			kt_rc=$?
			kill "$kt_holder" 2>/dev/null
			wait "$kt_holder" 2>/dev/null
			check "$name: the next start removes the temp file a killed write left, not a locked or a fresh one" \
				no_leftovers "$work/$name" issues.jsonl .issues.jsonl.tib-fresh1 .issues.jsonl.tib-held01
			if [ "$kt_rc" -eq 0 ] && [ ! -s "$work/$name.err" ]; then
				check "$name: the file is as it was before the killed write (tt-full still open, $issue_total issues)" \
					python3 "$work/writecheck.py" jsonl "$work/$name/issues.jsonl" "$issue_total" open
			else
				not_ok "$name: tib --print after the killed write" "exit $kt_rc" "$(head -c 300 "$work/$name.err")"
			fi
		fi
	fi

	# a write waiting for another program's lock when tib is told to end:
	# one last wait of up to 3 s; the change is written if the lock goes
	# in time, else tib says on stderr what it did not write
	cat >"$work/locker.py" <<'PY'
# python3 locker.py DB READY RELEASE: holds the write lock of DB (BEGIN
# IMMEDIATE, nothing written) from creating READY until RELEASE exists
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
for _ in range(600):
    if os.path.exists(sys.argv[3]):
        break
    time.sleep(0.05)
db.execute("ROLLBACK")
PY
	inputs=$((inputs + 3))
	for how in term-released term-held quit-released; do
		name=lock-$how
		rm -rf "$work/$name"
		mkdir -p "$work/$name"
		cp "$work/sig.db" "$work/$name/beads.db"
		rm -f "$work/$name.err"
		launch_idle "$name" "LAUNCH_ERR='$work/$name.err'" "$name/beads.db" || continue
		python3 "$work/locker.py" "$work/$name/beads.db" "$work/$name.locked" "$work/$name.release" &
		locker=$!
		if ! wait_for 40 test -e "$work/$name.locked" || ! close_tt_full ||
			! wait_for 40 pane_has 'waiting for another'; then
			not_ok "$name: the close waits for the lock" "$(tm capture-pane -p -t robust | grep -v '^ *$' | tail -n 3)"
			touch "$work/$name.release"
			wait "$locker"
			tm send-keys -t robust Escape q
			back_at_prompt "$name" 0
			continue
		fi
		case $how in
		term-released)
			kill -TERM "$t_pid"
			sleep 0.5
			touch "$work/$name.release"
			back_at_prompt "$name" 130
			want=closed
			;;
		term-held)
			kill -TERM "$t_pid"
			back_at_prompt "$name" 130
			touch "$work/$name.release"
			want=open
			;;
		quit-released)
			tm send-keys -t robust q
			sleep 0.5
			touch "$work/$name.release"
			back_at_prompt "$name" 0
			want=closed
			;;
		esac
		wait "$locker"
		check "$name: the change waiting for the lock is $( [ "$want" = closed ] && echo "written before tib ends" || echo "not half-written: tt-full still open")" \
			python3 "$work/writecheck.py" sqlite "$work/$name/beads.db" "$issue_total" "$want"
		if [ "$want" = closed ]; then
			check "$name: nothing on stderr" sh -c "test -e '$work/$name.err' && test ! -s '$work/$name.err'"
		elif grep -q '^tib: not written: close tt-full.*locked by another program' "$work/$name.err"; then
			ok "$name: stderr says what was not written and why"
		else
			not_ok "$name: stderr says what was not written and why" "stderr: $(cat "$work/$name.err")"
		fi
	done

	# the terminal goes away under tib (its window closed: here the whole
	# tmux server is killed): tib exits instead of spinning on a terminal
	# that reads as ready and empty forever
	hup_sock="tib-robust-hup-$$"
	inputs=$((inputs + 1))
	if tmux -L "$hup_sock" new-session -d -s hup -x 80 -y 24 "cd '$work' && exec env TERM=xterm-256color $TIB sig.db" &&
		wait_for 200 sh -c "tmux -L '$hup_sock' capture-pane -p -t hup | grep -qF '[list]'"; then
		hup_pid=$(tmux -L "$hup_sock" display -p -t hup '#{pane_pid}')
		tmux -L "$hup_sock" kill-server
		if wait_for 200 sh -c "! kill -0 $hup_pid"; then
			ok "hangup: the terminal closed under tib: it exits"
		else
			not_ok "hangup: the terminal closed under tib: it exits" \
				"still running 10 s later: $(ps -o pid=,stat=,pcpu=,args= --ppid "$hup_pid" -p "$hup_pid")"
			pkill -9 -P "$hup_pid" 2>/dev/null
			kill -9 "$hup_pid" 2>/dev/null
		fi
	else
		not_ok "hangup: tib starts in its own tmux server" "$(tmux -L "$hup_sock" capture-pane -p -t hup 2>&1 | tail -n 3)"
		tmux -L "$hup_sock" kill-server 2>/dev/null
	fi
else
	skip "signals" "tmux is missing"
fi

# -------------------------------------------------------------- 8. terminals
"$GEN" --import "$here/screen/fixture.jsonl" --sqlite "$work/term.db" >/dev/null 2>&1
# every view, the detail, help, prompts, pickers at one size
sizes_keys() {
	printf '%s\n' ":dump $work/sz-list" "j" "<Enter>" ":dump $work/sz-detail" "b" ":dump $work/sz-board" "T" \
		":dump $work/sz-tree" "O" "x" ":dump $work/sz-deps" "r" ":dump $work/sz-ready" "<C-l>#" ":dump $work/sz-stats" \
		"?" ":dump $work/sz-help" "q" "L" "/open<Enter>" "C" ":dump $work/sz-close" "<Esc>" "S" ":dump $work/sz-status" \
		"<Esc>" "d" "<Esc>" "!" "q" ":nope" "G" ":dump $work/sz-last"
}
for size in 1x1 2x2 20x6 500x200; do
	w=${size%x*} h=${size#*x}
	rm -f "$work"/sz-*
	sizes_keys >"$work/sizes.keys"
	run_script term.db "$size" "$work/sizes.keys"
	inputs=$((inputs + 1))
	if [ "$rc" -ne 0 ]; then
		not_ok "--size $size: every view, no crash" "exit $rc" "$(head -c 400 "$work/err")"
		continue
	fi
	# each dump: exactly the screen's rows, none wider than the screen
	bad=$(for f in "$work"/sz-*; do
		python3 -c "
import sys, ctypes, ctypes.util
libc = ctypes.CDLL(ctypes.util.find_library('c')); libc.setlocale(6, b'C.UTF-8')
lines = open(sys.argv[1], 'rb').read().decode('utf-8').split('\n')[:-1]
w = max((sum(max(libc.wcwidth(ctypes.c_wchar(c)), 0) for c in l) for l in lines), default=0)
if len(lines) != $h or w > $w: print(sys.argv[1], len(lines), 'rows, widest', w)" "$f"
	done)
	if [ -n "$bad" ]; then
		not_ok "--size $size: every view, no crash, each screen $h rows of at most $w columns" "$bad"
	else
		ok "--size $size: every view, no crash, each screen $h rows of at most $w columns"
	fi
	case $size in
	20x6)
		if grep -q "too small" "$work/sz-list" || grep -q '^\[list\]' "$work/sz-list"; then
			ok "--size 20x6: says the terminal is too small, or draws the list"
		else
			not_ok "--size 20x6: says the terminal is too small, or draws the list" "$(cat "$work/sz-list")"
		fi
		;;
	500x200)
		if head -n 1 "$work/sz-list" | grep -q '^ID ' && tail -n 1 "$work/sz-list" | grep -q '^\[list\]' &&
			tail -n 1 "$work/sz-stats" | grep -q '^\[stats\]' && tail -n 1 "$work/sz-board" | grep -q '^\[board\]'; then
			ok "--size 500x200: the list, board and stats drawn whole"
		else
			not_ok "--size 500x200: the list, board and stats drawn whole" "$(head -n 2 "$work/sz-list")" "$(tail -n 1 "$work/sz-list")"
		fi
		;;
	esac
done

# a resize storm: 100 random sizes between keys, then back to 100x30; the
# screen is then the one drawn without the storm
storm_keys='j k b T O x r L <Enter> h G g <C-l># ?q L /tt<Enter> <Esc> S<Esc> L jj'
awk -v keys="$storm_keys" -v with=1 -v seed=42 -f - >"$work/storm.keys" <<'AWK'
BEGIN {
	srand(seed)
	n = split(keys, k, " ")
	for (i = 1; i <= 100; i++) {
		if (with) printf ":resize %dx%d\n", 1 + int(rand() * 300), 1 + int(rand() * 120)
		print k[(i - 1) % n + 1]
	}
	if (with) print ":resize 100x30"
	print "L"
	print "g"
}
AWK
awk -v keys="$storm_keys" -v with=0 -v seed=42 -f - >"$work/calm.keys" <<'AWK'
BEGIN {
	srand(seed)
	n = split(keys, k, " ")
	for (i = 1; i <= 100; i++) print k[(i - 1) % n + 1]
	print "L"
	print "g"
}
AWK
echo ":dump $work/storm.screen" >>"$work/storm.keys"
echo ":dump $work/calm.screen" >>"$work/calm.keys"
inputs=$((inputs + 1)) # one storm of 100 random sizes
run_script term.db 100x30 "$work/storm.keys"
storm_rc=$rc
run_script term.db 100x30 "$work/calm.keys"
if [ "$storm_rc" -ne 0 ]; then
	not_ok "resize storm: 100 random sizes between keys, no crash" "exit $storm_rc" "$(head -c 400 "$work/err")"
elif cmp -s "$work/storm.screen" "$work/calm.screen"; then
	ok "resize storm: 100 random sizes between keys, no crash, then the same screen as without the storm"
else
	not_ok "resize storm: back at 100x30, the same screen as without the storm" "$(diff "$work/calm.screen" "$work/storm.screen" | head -n 20)"
fi

# TERM=dumb and an unknown TERM on a real terminal: a clear error (exit 1,
# as the man page's EXIT STATUS says) or a plain fallback that can be read
if start_tmux; then
	for t in dumb nonexistent-term; do
		name=term-$t
		inputs=$((inputs + 1))
		tm send-keys -t robust 'clear' Enter
		sleep 0.2
		launch_env="TERM=$t"
		launch "$name" term.db
		launch_env=
		# it exits, or it draws
		wait_for 30 sh -c "test -e '$work/$name.rc' || tmux -L '$tmux_sock' capture-pane -p -t robust | grep -qF '[list]'"
		if sleep 0.5 && [ -e "$work/$name.rc" ]; then
			t_rc=$(cat "$work/$name.rc")
			case $t in
			dumb) t_says="TERM=dumb cannot move the cursor" ;;
			*) t_says="unknown terminal type TERM=$t" ;;
			esac
			if [ "$t_rc" = 1 ] && pane_has "$t_says"; then
				ok "TERM=$t: exit 1 with a clear error ($(tm capture-pane -p -t robust | grep "TERM=$t" | head -n 1))"
			else
				not_ok "TERM=$t: exit 1 with a clear error" "exit $t_rc" "$(tm capture-pane -p -t robust | grep -v '^ *$' | tail -n 4)"
			fi
		else
			# still running: what a reader sees must be the issues
			tm capture-pane -p -t robust >"$work/$name.pane"
			if grep -q '^ID ' "$work/$name.pane" && grep -q 'tt-epic.2' "$work/$name.pane" && grep -q '\[list\]' "$work/$name.pane"; then
				ok "TERM=$t: a plain fallback shows the list"
			else
				not_ok "TERM=$t: a clear error (exit 1) or a plain fallback that shows the list" \
					"tib runs on a terminal without cursor addressing; the pane shows:" \
					"$(grep -v '^ *$' "$work/$name.pane" | head -n 6)"
			fi
			tm send-keys -t robust q
			wait_for 20 test -e "$work/$name.rc" || { kill "$(tib_pid "$name")" 2>/dev/null; wait_for 10 test -e "$work/$name.rc"; }
			t_rc=$(cat "$work/$name.rc" 2>/dev/null)
			[ "$t_rc" = 0 ] && ok "TERM=$t: q quits, exit 0" || not_ok "TERM=$t: q quits, exit 0" "exit $t_rc"
		fi
	done
else
	skip "TERM=dumb and an unknown TERM" "tmux is missing"
fi

# a real resize: the terminal (tmux's window) changes size under tib, which
# learns of it by SIGWINCH; the screen is laid out again at the new size,
# also after a storm of 60 resizes, and is as it was once the size is back
if start_tmux; then
	name=winch
	inputs=$((inputs + 1))
	tm send-keys -t robust 'clear' Enter
	sleep 0.2
	if launch_idle "$name" "" term.db; then
		tm send-keys -t robust -l "jjj"
		sleep 0.5
		tm capture-pane -p -t robust >"$work/winch.before"
		tm resize-window -t robust -x 60 -y 15
		winch_small() {
			tm capture-pane -p -t robust >"$work/winch.small"
			[ "$(wc -l <"$work/winch.small")" -eq 15 ] && head -n 1 "$work/winch.small" | grep -q '^ID ' &&
				tail -n 1 "$work/winch.small" | grep -q '^\[list\] 4/'
		}
		if wait_for 200 winch_small; then
			ok "winch: the terminal resized to 60x15: tib lays the list out again (header on top, status bar at the bottom)"
		else
			not_ok "winch: the terminal resized to 60x15: tib lays the list out again" "$(cat "$work/winch.small")"
		fi
		i=0
		while [ "$i" -lt 60 ]; do
			tm resize-window -t robust -x $((20 + (i * 37) % 180)) -y $((5 + (i * 13) % 60))
			i=$((i + 1))
		done
		tm resize-window -t robust -x 120 -y 40
		winch_back() {
			tm capture-pane -p -t robust >"$work/winch.after"
			cmp -s "$work/winch.before" "$work/winch.after"
		}
		if wait_for 200 winch_back; then
			ok "winch: after a storm of 60 real resizes and back to 120x40, the screen is as it was"
		else
			not_ok "winch: after a storm of 60 real resizes and back to 120x40, the screen is as it was" \
				"$(diff "$work/winch.before" "$work/winch.after" | head -n 10)"
		fi
		tm send-keys -t robust q
		back_at_prompt "$name" 0
	fi
	tm resize-window -t robust -x 120 -y 40
fi

# the C locale: every screen is ASCII; the data's own text shows as ? or
# in escaped form, and the columns stay aligned
for src in hostile.jsonl hostile.db; do
	rm -f "$work"/h-*
	run_script "$src" 130x50 "$work/hostile.keys" LANG=C LC_ALL=C TIB_CONFIG="$work/hostile.tibrc"
	if [ "$rc" -ne 0 ]; then
		not_ok "LC_ALL=C: $src: every view" "exit $rc" "$(head -c 400 "$work/err")"
		continue
	fi
	check "LC_ALL=C: $src: every view, detail, help, prompt and picker is ASCII only" scan ascii "$work"/h-*
	check "LC_ALL=C: $src: escapes still shown as ^[ and <U+202E>" scan has "$work/h-list" 'OSC^[]0;PWNTITLE^G t' 'BIDI<U+202E>RLO<U+202C>'
done
for src in align.jsonl align.db; do
	printf ':dump %s\n' "$work/align.screen" >"$work/align.keys"
	run_script "$src" 100x30 "$work/align.keys" LANG=C LC_ALL=C
	if [ "$rc" -ne 0 ]; then
		not_ok "LC_ALL=C: $src: columns aligned" "exit $rc"
		continue
	fi
	if c_out=$(scan ascii "$work/align.screen") && c_out=$(scan align "$work/align.screen"); then
		ok "LC_ALL=C: $src: ASCII only, every list row ends at the header's column"
	else
		not_ok "LC_ALL=C: $src: ASCII only, every list row ends at the header's column" "$c_out"
	fi
done

echo "# $inputs hostile or broken inputs tried"
echo "robust: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
