/*
 * tib-gen - make beads issue databases for tib's tests and benchmarks.
 *
 *   tib-gen --count N [--seed S] [--prefix P] [--sqlite OUT.db] [--jsonl OUT.jsonl] [--now T]
 *   tib-gen --demo [--sqlite OUT.db] [--jsonl OUT.jsonl]
 *   tib-gen --import IN.jsonl --sqlite OUT.db [--prefix P]
 *   (--force replaces existing output files; without it they are never overwritten)
 *
 * Generate mode writes synthetic issues shaped like a real beads project (status and priority
 * mix, epics with nested children, blocking chains, labels, comments, markdown, CJK and emoji)
 * into a database with the exact schema of beads v0.50.3 and/or a beads JSONL export.  Import
 * mode turns any beads JSONL export into such a database, so tib can be tested against the
 * SQLite backend with real data.
 *
 * Determinism: the same arguments give byte-identical files.  Everything comes from our own
 * PRNG (xoshiro256** seeded through splitmix64), "now" is fixed unless --now is given, and no
 * libm function is used (their last bits may differ between C libraries).
 *
 * Memory: a "plan" holds one small record per issue (id, status, type, times, structure) and a
 * flat array of dependencies.  The text of an issue (title, description, comments...) is not
 * stored: it is regenerated from a PRNG seeded with (seed, issue index) whenever a writer needs
 * it.  The SQLite writer visits issues in creation order and the JSONL writer in id order; both
 * see the same text, and a million issues need only the plan in memory.
 */
#include <cJSON.h>
#include <sqlite3.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "beads_schema.h"

/* Same output under every compiler and CPU: no fused multiply-add (clang would contract
 * a * b + c into one rounding on CPUs that have FMA; gcc does not in ISO C mode). */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

#define PROG         "tib-gen"
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define PRINTF_LIKE(fmt_index, first_arg) __attribute__((format(printf, fmt_index, first_arg)))
#else
#define PRINTF_LIKE(fmt_index, first_arg)
#endif

/* Exit codes. */
enum { EXIT_OK = 0, EXIT_ERROR = 1, EXIT_USAGE = 2 };

/* ======================================================================================= */
/* Messages and memory                                                                      */
/* ======================================================================================= */

static void errorf(const char *fmt, ...) PRINTF_LIKE(1, 2);
static void errorf(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Running out of memory is not worth recovering from in a batch tool: say so and stop. */
static void die_oom(void)
{
	fputs(PROG ": out of memory\n", stderr);
	exit(EXIT_ERROR);
}

static void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

static void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

/* Grows an array of `*cap` elements of `elem_size` bytes so that it holds at least `need`. */
static void *grow_array(void *ptr, size_t *cap, size_t need, size_t elem_size)
{
	size_t new_cap = *cap ? *cap : 16;

	if (need <= *cap)
		return ptr;
	while (new_cap < need) {
		if (new_cap > SIZE_MAX / 2 / elem_size)
			die_oom();
		new_cap *= 2;
	}
	*cap = new_cap;
	return xrealloc(ptr, new_cap * elem_size);
}

/* ---- growable string ---------------------------------------------------------------- */

struct strbuf {
	char *s;
	size_t len;
	size_t cap;
};

static void sb_reserve(struct strbuf *b, size_t extra)
{
	if (b->len + extra + 1 > b->cap)
		b->s = grow_array(b->s, &b->cap, b->len + extra + 1, 1);
}

static void sb_addn(struct strbuf *b, const char *s, size_t n)
{
	sb_reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_adds(struct strbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

static void sb_addf(struct strbuf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void sb_addf(struct strbuf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		errorf("internal error: cannot format text");
		exit(EXIT_ERROR);
	}
	if ((size_t)n < sizeof small) {
		sb_addn(b, small, (size_t)n);
		return;
	}
	sb_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Appends `tmpl` with every '@' replaced by `arg` (for multi-line templates, where a printf
 * format from a table would defeat the compiler's format checking). */
static void sb_add_template(struct strbuf *b, const char *tmpl, const char *arg)
{
	const char *at;

	while ((at = strchr(tmpl, '@')) != NULL) {
		sb_addn(b, tmpl, (size_t)(at - tmpl));
		sb_adds(b, arg);
		tmpl = at + 1;
	}
	sb_adds(b, tmpl);
}

static void sb_prepend(struct strbuf *b, const char *s)
{
	size_t n = strlen(s);

	if (!b->s)
		sb_addn(b, "", 0); /* allocate and terminate */
	sb_reserve(b, n);
	memmove(b->s + n, b->s, b->len + 1);
	memcpy(b->s, s, n);
	b->len += n;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xrealloc(NULL, n), s, n);
}

static void sb_truncate(struct strbuf *b, size_t len)
{
	if (b->s && len < b->len) {
		b->len = len;
		b->s[len] = '\0';
	}
}

static void sb_clear(struct strbuf *b)
{
	sb_truncate(b, 0);
}

static const char *sb_str(const struct strbuf *b)
{
	return b->s ? b->s : "";
}

static void sb_free(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

/* ======================================================================================= */
/* Deterministic random numbers                                                             */
/* ======================================================================================= */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static uint64_t rotl64(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* Independent streams: one per (purpose, issue index), so a writer can regenerate the text of
 * issue i without generating issues 0..i-1 first. */
enum rng_stream { STREAM_STRUCTURE = 1, STREAM_ATTRIBUTES, STREAM_DEPENDENCIES, STREAM_TEXT };

static void rng_init(struct rng *r, uint64_t seed, enum rng_stream stream, uint64_t index)
{
	uint64_t x = seed;
	uint64_t h = splitmix64(&x) ^ ((uint64_t)stream * UINT64_C(0xD1B54A32D192ED03));

	x = h + index * UINT64_C(0x9E3779B97F4A7C15);
	h = splitmix64(&x);
	for (size_t k = 0; k < 4; k++)
		r->s[k] = splitmix64(&h);
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl64(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl64(s[3], 45);
	return result;
}

/* Uniform in [0, n) (multiply-shift; the bias is far below anything that matters here). */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static int rng_range(struct rng *r, int lo, int hi)
{
	return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

/* Uniform in [0, 1). */
static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static bool rng_chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}

#define PICK(r, table) ((table)[rng_below((r), (uint32_t)ARRAY_LEN(table))])

/* exp(x) by range reduction and a Taylor series: plain IEEE arithmetic, so the same on every
 * platform (and no -lm). Accurate to a few ulp for the |x| < 10 used here. */
static double exp_portable(double x)
{
	const double ln2 = 0.69314718055994530942;
	double kf = x / ln2;
	int k = (int)(kf < 0 ? kf - 0.5 : kf + 0.5);
	double r = x - k * ln2;
	double term = 1.0, sum = 1.0;

	for (int i = 1; i < 18; i++) {
		term *= r / i;
		sum += term;
	}
	for (; k > 0; k--)
		sum *= 2.0;
	for (; k < 0; k++)
		sum *= 0.5;
	return sum;
}

/* Approximately standard normal (Irwin-Hall: sum of 12 uniforms minus 6). */
static double rng_normal(struct rng *r)
{
	double sum = 0.0;

	for (int i = 0; i < 12; i++)
		sum += rng_unit(r);
	return sum - 6.0;
}

/* ======================================================================================= */
/* Time: microseconds since the Unix epoch, UTC                                             */
/* ======================================================================================= */

#define US_PER_SEC  INT64_C(1000000)
#define US_PER_MIN  (60 * US_PER_SEC)
#define US_PER_HOUR (60 * US_PER_MIN)
#define US_PER_DAY  (24 * US_PER_HOUR)
#define TS_BUF      40

/* Howard Hinnant's days_from_civil / civil_from_days: no dependence on TZ or on time_t. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static char *put_digits(char *p, int64_t value, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + value % 10);
		value /= 10;
	}
	return p + width;
}

enum ts_style {
	TS_RFC3339, /* 2026-01-17T17:38:21.123456Z (fraction omitted when zero): JSONL, bd writes */
	TS_SQLITE,  /* 2026-01-17 17:38:21: what SQLite's CURRENT_TIMESTAMP writes */
};

/* Formats a time in 0000..9999 (the options keep "now" inside that range). */
static void format_time(char out[TS_BUF], int64_t us, enum ts_style style)
{
	int64_t days = us / US_PER_DAY, rem = us % US_PER_DAY, year;
	int month, day;
	char *p = out;

	if (rem < 0) {
		rem += US_PER_DAY;
		days--;
	}
	civil_from_days(days, &year, &month, &day);
	p = put_digits(p, year, 4);
	*p++ = '-';
	p = put_digits(p, month, 2);
	*p++ = '-';
	p = put_digits(p, day, 2);
	*p++ = style == TS_SQLITE ? ' ' : 'T';
	p = put_digits(p, rem / US_PER_HOUR, 2);
	*p++ = ':';
	p = put_digits(p, rem / US_PER_MIN % 60, 2);
	*p++ = ':';
	p = put_digits(p, rem / US_PER_SEC % 60, 2);
	if (style == TS_RFC3339) {
		if (rem % US_PER_SEC != 0) {
			*p++ = '.';
			p = put_digits(p, rem % US_PER_SEC, 6);
		}
		*p++ = 'Z';
	}
	*p = '\0';
}

static bool parse_fixed_digits(const char **s, int count, int *out)
{
	int value = 0;

	for (int i = 0; i < count; i++) {
		char c = (*s)[i];
		if (c < '0' || c > '9')
			return false;
		value = value * 10 + (c - '0');
	}
	*s += count;
	*out = value;
	return true;
}

/* Parses RFC 3339 ("2026-11-01T00:00:00Z", fraction and offset optional, ' ' accepted for
 * 'T', a bare date means midnight UTC). */
static bool parse_rfc3339(const char *s, int64_t *out_us)
{
	int year, month, day, hour = 0, minute = 0, second = 0, off_h = 0, off_m = 0;
	int64_t frac_us = 0, offset_us = 0;

	if (!parse_fixed_digits(&s, 4, &year) || *s++ != '-' ||
	    !parse_fixed_digits(&s, 2, &month) || *s++ != '-' || !parse_fixed_digits(&s, 2, &day))
		return false;
	if (*s == 'T' || *s == 't' || *s == ' ') {
		s++;
		if (!parse_fixed_digits(&s, 2, &hour) || *s++ != ':' ||
		    !parse_fixed_digits(&s, 2, &minute) || *s++ != ':' ||
		    !parse_fixed_digits(&s, 2, &second))
			return false;
		if (*s == '.') {
			int64_t scale = 100000;
			s++;
			if (*s < '0' || *s > '9')
				return false;
			for (; *s >= '0' && *s <= '9'; s++) {
				frac_us += (*s - '0') * scale;
				scale /= 10;
			}
		}
		if (*s == 'Z' || *s == 'z') {
			s++;
		} else if (*s == '+' || *s == '-') {
			int sign = *s++ == '-' ? -1 : 1;
			if (!parse_fixed_digits(&s, 2, &off_h) || *s++ != ':' ||
			    !parse_fixed_digits(&s, 2, &off_m) || off_h > 23 || off_m > 59)
				return false;
			offset_us =
				sign * ((int64_t)off_h * US_PER_HOUR + (int64_t)off_m * US_PER_MIN);
		} else {
			return false;
		}
	}
	if (*s != '\0' || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
	    minute > 59 || second > 60)
		return false;
	*out_us = days_from_civil(year, month, day) * US_PER_DAY + hour * US_PER_HOUR +
		  minute * US_PER_MIN + second * US_PER_SEC + frac_us - offset_us;
	return true;
}

static int64_t truncate_to_second(int64_t us)
{
	return us - us % US_PER_SEC;
}

/* ======================================================================================= */
/* Vocabulary (our own words; nothing here is copied from a real tracker)                   */
/* ======================================================================================= */

static const char *const people[] = {"ana",   "bruno", "chen",  "dara",
				     "emeka", "freya", "goran", "hiroko"};
static const char *const people_email[] = {
	"ana@example.com",   "bruno@example.com", "chen@example.com",  "dara@example.com",
	"emeka@example.com", "freya@example.com", "goran@example.com", "hiroko@example.com",
};
/* Hooked issues are held by automated workers in real projects. */
static const char *const agents[] = {"crew/builder", "crew/reviewer", "crew/janitor"};

/* Sorted bytewise, so a label bitmask walked from bit 0 up yields sorted labels. */
static const char *const label_names[] = {
	"api",     "backend",      "build",   "cli",      "docs",      "good-first-issue",
	"infra",   "needs-triage", "perf",    "platform", "refactor",  "regression",
	"release", "security",     "storage", "sync",     "tech-debt", "testing",
	"ui",      "ux",
};

static const char *const components[] = {
	"parser",
	"scheduler",
	"sync engine",
	"exporter",
	"importer",
	"cache layer",
	"query planner",
	"dependency graph",
	"CLI",
	"TUI",
	"daemon",
	"config loader",
	"migration runner",
	"lock manager",
	"HTTP client",
	"auth middleware",
	"search index",
	"render loop",
	"keymap",
	"status bar",
	"JSONL writer",
	"SQLite backend",
	"file watcher",
	"hook runner",
	"release script",
	"CI pipeline",
	"test harness",
	"logger",
	"metrics exporter",
	"backup job",
	"merge driver",
	"compaction worker",
	"label filter",
	"tree view",
	"detail pane",
	"pager",
	"clipboard helper",
	"color theme",
	"UTF-8 decoder",
	"id allocator",
};

static const char *const bug_verbs[] = {"Fix",  "Handle",      "Guard against",
					"Stop", "Investigate", "Repair"};
static const char *const bug_objects[] = {
	"crash",          "memory leak",    "race condition",      "off-by-one error",
	"deadlock",       "slow startup",   "stale cache entries", "duplicate rows",
	"flaky test",     "timeout",        "wrong exit code",     "null pointer dereference",
	"fd leak",        "rounding error", "timezone bug",        "wrong sort order",
	"garbled output", "lost update",    "busy loop",           "double free",
};
static const char *const symptoms[] = {
	"returns stale rows",
	"hangs for several seconds",
	"crashes with SIGSEGV",
	"leaks a file descriptor",
	"prints a garbled error",
	"drops the last line",
	"double-counts closed issues",
	"ignores the configured timeout",
	"blocks the UI",
	"allocates far too much memory",
	"writes a partial file",
	"loses the scroll position",
	"sorts ids in the wrong order",
	"retries forever",
	"reports success on failure",
	"cuts wide characters in half",
	"flickers on every keypress",
	"shows deleted issues",
};
static const char *const conditions[] = {
	"when the database is locked",
	"on an empty repository",
	"after a terminal resize",
	"with more than 50k issues",
	"under heavy write load",
	"on first run",
	"when the network is down",
	"in read-only mode",
	"with very long titles",
	"after a reconnect",
	"on macOS",
	"inside tmux",
	"with CJK text",
	"during export",
	"while the WAL is checkpointed",
	"behind a proxy",
	"when two writers race",
	"if the config file is missing",
};
static const char *const causes[] = {
	"never checks the return value",
	"reads the whole file into memory",
	"holds the lock across a network call",
	"assumes one byte per column",
	"uses local time instead of UTC",
	"keeps the handle after close",
	"compares ids as numbers",
	"runs one query per row",
	"ignores EINTR",
	"skips the fsync",
	"rebuilds the cache on every call",
	"forgets to reset the statement",
};
static const char *const forbidden[] = {
	"block the UI thread", "hold a lock while sleeping", "write outside the transaction",
	"drop user data",      "print raw escape sequences", "trust the file size",
};
static const char *const actions[] = {
	"add a regression test",
	"move the work off the UI thread",
	"batch the writes in one transaction",
	"stream the rows instead of loading them",
	"cache the prepared statement",
	"validate the input up front",
	"document the behaviour",
	"add a metric for it",
	"log the failing query",
	"fall back to the old code path",
	"split the function in two",
	"measure before changing anything",
};
static const char *const features[] = {
	"fuzzy search",   "saved filters", "a dark theme",          "mouse support",
	"bulk close",     "an undo stack", "keyboard macros",       "inline editing",
	"a graph view",   "export to CSV", "desktop notifications", "a compact mode",
	"column sorting", "live reload",   "per-user config",       "a command palette",
};
static const char *const task_verbs[] = {
	"Refactor",  "Document", "Migrate", "Simplify", "Split",  "Profile",
	"Benchmark", "Rewrite",  "Harden",  "Test",     "Review", "Audit",
};
static const char *const task_objects[] = {
	"error handling",  "startup path",    "retry logic",      "config parsing",
	"schema checks",   "the public API",  "log output",       "memory usage",
	"the build flags", "signal handling", "the cleanup code", "id generation",
};
static const char *const epic_goals[] = {
	"offline-first sync",        "a faster startup",        "the v2 storage format",
	"accessibility pass",        "multi-repo support",      "plugin system",
	"observability and metrics", "the new onboarding flow", "large database performance",
	"Windows support",           "end-to-end encryption",   "the release automation",
};
static const char *const chore_deps[] = {"libsqlite3",   "cJSON",        "ncurses",
					 "the CI image", "clang-format", "valgrind"};
static const char *const chore_objects[] = {"dead code",      "old feature flags",
					    "unused headers", "compiler warnings",
					    "stale TODOs",    "test fixtures"};
static const char *const decision_questions[] = {
	"keep JSONL as the source of truth",
	"drop support for old schemas",
	"store times as integers",
	"vendor the JSON parser",
	"ship a static binary",
	"make the daemon optional",
	"use one file per view",
	"rename the config keys",
};
static const char *const technologies[] = {"io_uring",       "inotify", "SQLite FTS5",    "mmap",
					   "a B-tree index", "zstd",    "a bloom filter", "LMDB"};
static const char *const metrics[] = {"p99 latency", "peak memory", "startup time",
				      "binary size", "query count", "lock wait time"};
static const char *const idents[] = {
	"load_issues()", "sync_flush()", "--no-daemon",  "config.toml",  "issues.jsonl",
	"render_row()",  "MAX_BATCH",    "parse_time()", "db_open()",    "--json",
	"TIB_DEBUG",     "watch_loop()", "hash_id()",    "struct issue", "keymap.c",
	"errno",         "SIGWINCH",     "utf8_width()", "export_all()", "busy_timeout",
};
static const char *const function_names[] = {"store_reload", "issue_list_sort", "graph_walk",
					     "view_redraw",  "export_flush",    "watch_poll"};
static const char *const headings[] = {
	"Problem",
	"Context",
	"Background",
	"Proposal",
	"Steps to reproduce",
	"Expected behaviour",
	"Actual behaviour",
	"Design notes",
	"Open questions",
	"Plan",
	"Risks",
	"Testing",
	"Rollout",
	"Alternatives considered",
	"Benchmarks",
};
static const char *const bold_words[] = {"Important", "Note",       "Blocker",
					 "Heads up",  "Regression", "Workaround"};
static const char *const emoji_prefixes[] = {"🚀",      "🐛",   "✨", "🔥", "👨‍👩‍👧‍👦",
					     "⚠️", "🧪"};
static const char *const cjk_words[] = {"修复",   "日本語",   "数据库", "テスト",
					"한국어", "中文搜索", "絵文字"};
static const char *const cjk_sentences[] = {
	"修复数据库锁定时的崩溃问题。",
	"日本語の入力で表示が崩れる。",
	"한국어 제목이 잘리는 문제.",
	"中文搜索结果排序不正确。",
};
static const char *const close_reasons[] = {
	"Done",
	"Fixed",
	"Completed",
	"Cannot reproduce on main",
	"Works as intended",
	"Fixed by batching the writes",
	"Superseded by the new design",
	"Obsolete after the storage rewrite",
};
static const char *const delete_reasons[] = {"duplicate", "created by mistake", "batch delete",
					     "moved to another tracker", "spam"};
static const char *const external_projects[] = {"billing-service", "mobile-app", "infra",
						"design-system"};
static const char *const external_capabilities[] = {"auth-tokens", "search-api", "rate-limits",
						    "feature-flags"};
static const char *const shell_commands[] = {"tib", "tib --db big.db", "tib-gen --count 100000",
					     "tib export"};
static const char *const themes[] = {"solarized", "mono", "high-contrast", "default"};

/* Fenced code blocks: language and body; '@' is replaced by a name or value. */
static const struct code_snippet {
	const char *lang;
	const char *body;
} code_snippets[] = {
	{"c",
	 "static int @(struct store *st)\n{\n    if (st == NULL || st->db == NULL)\n        return -1;\n"
	 "    return store_flush(st);\n}"},
	{"c",
	 "for (size_t i = 0; i < list->len; i++) {\n    if (strcmp(list->items[i].id, id) == 0)\n"
	 "        return &list->items[i];\n}\nreturn NULL; /* called from @() */"},
	{"sh", "$ @ --verbose\nerror: database is locked\n$ echo $?\n1"},
	{"sql", "SELECT id, title, priority\nFROM issues\nWHERE status IN ('open', 'in_progress')\n"
		"ORDER BY priority, created_at\nLIMIT 50;  -- slow in @()"},
	{"sql", "EXPLAIN QUERY PLAN\nSELECT * FROM dependencies WHERE depends_on_id = ?;\n"
		"-- SCAN dependencies (expected: SEARCH using an index, see @())"},
	{"json", "{\n  \"id\": \"@\",\n  \"status\": \"open\",\n  \"priority\": 2\n}"},
	{"text",
	 "@ WARN  watcher: rename detected, reloading\n@ ERROR store: database is locked (attempt 3 of 5)"},
	{"toml", "[display]\ntheme = \"@\"\nwrap = true\nrefresh_ms = 250"},
};

/* The tables a phrase template can name, as in "{bug_verb} {bug_object} in the {component}". */
#define WORD_TABLE(name, table)                                 \
	{                                                       \
		name, sizeof(name) - 1, table, ARRAY_LEN(table) \
	}
static const struct word_table {
	const char *name;
	size_t name_len;
	const char *const *words;
	size_t count;
} word_tables[] = {
	WORD_TABLE("component", components),
	WORD_TABLE("bug_verb", bug_verbs),
	WORD_TABLE("bug_object", bug_objects),
	WORD_TABLE("symptom", symptoms),
	WORD_TABLE("condition", conditions),
	WORD_TABLE("cause", causes),
	WORD_TABLE("forbidden", forbidden),
	WORD_TABLE("action", actions),
	WORD_TABLE("feature", features),
	WORD_TABLE("task_verb", task_verbs),
	WORD_TABLE("task_object", task_objects),
	WORD_TABLE("epic_goal", epic_goals),
	WORD_TABLE("chore_dep", chore_deps),
	WORD_TABLE("chore_object", chore_objects),
	WORD_TABLE("decision", decision_questions),
	WORD_TABLE("tech", technologies),
	WORD_TABLE("metric", metrics),
	WORD_TABLE("ident", idents),
	WORD_TABLE("heading", headings),
	WORD_TABLE("bold", bold_words),
	WORD_TABLE("cjk", cjk_words),
	WORD_TABLE("project", external_projects),
	WORD_TABLE("capability", external_capabilities),
};

/*
 * Appends `tmpl` with each {table} replaced by a random word of that table, left to right.
 *
 * Why not sb_addf(b, "%s %s", PICK(r, x), PICK(r, y))?  The order in which a compiler evaluates
 * function arguments is unspecified (gcc goes right to left, clang left to right), so two
 * random draws in one call give different text under different compilers.  Every draw here is
 * sequenced, and so is every other draw in this file: at most one per expression.
 */
static void sb_add_phrase(struct strbuf *b, struct rng *r, const char *tmpl)
{
	const char *open;

	while ((open = strchr(tmpl, '{')) != NULL) {
		const char *close = strchr(open, '}');
		size_t len = close ? (size_t)(close - open - 1) : 0;
		const struct word_table *table = NULL;

		for (size_t k = 0; k < ARRAY_LEN(word_tables) && close; k++)
			if (word_tables[k].name_len == len &&
			    memcmp(word_tables[k].name, open + 1, len) == 0)
				table = &word_tables[k];
		if (!table) {
			errorf("internal error: bad phrase template \"%s\"", tmpl);
			exit(EXIT_ERROR);
		}
		sb_addn(b, tmpl, (size_t)(open - tmpl));
		sb_adds(b, table->words[rng_below(r, (uint32_t)table->count)]);
		tmpl = close + 1;
	}
	sb_adds(b, tmpl);
}

/* ======================================================================================= */
/* The plan: structure of every issue, built once                                           */
/* ======================================================================================= */

enum issue_status {
	ST_OPEN,
	ST_IN_PROGRESS,
	ST_BLOCKED,
	ST_DEFERRED,
	ST_CLOSED,
	ST_TOMBSTONE,
	ST_PINNED,
	ST_HOOKED,
	ST_COUNT
};
static const char *const status_names[ST_COUNT] = {
	"open", "in_progress", "blocked", "deferred", "closed", "tombstone", "pinned", "hooked",
};

/* TY_SPIKE is the custom type: beads accepts any string as a type. */
enum issue_type { TY_TASK, TY_BUG, TY_FEATURE, TY_EPIC, TY_CHORE, TY_DECISION, TY_SPIKE, TY_COUNT };
static const char *const type_names[TY_COUNT] = {"task",  "bug",      "feature", "epic",
						 "chore", "decision", "spike"};

enum dep_type { DT_BLOCKS, DT_PARENT_CHILD, DT_RELATED, DT_DISCOVERED_FROM };
static const char *const dep_type_names[] = {"blocks", "parent-child", "related",
					     "discovered-from"};

#define NO_ISSUE        UINT32_MAX
#define MAX_COUNT       10000000u
#define DESCRIPTION_MAX 8192
#define MAX_COMMENTS    4
/* Feature guarantees (every status and type, a cycle, an external dependency...) start here. */
#define GUARANTEE_MIN_COUNT 100

struct plan_issue {
	size_t id_off; /* id in the plan's string pool */
	int64_t created_us;
	int64_t updated_us;
	int64_t closed_us;   /* 0: none */
	int64_t defer_us;    /* 0: none */
	uint32_t parent;     /* NO_ISSUE for top-level issues */
	uint32_t subtree;    /* epics: number of descendants, which follow the epic directly */
	uint32_t last_child; /* epics: highest child number (child_counters.last_child) */
	uint32_t dep_start;  /* first dependency in plan.deps */
	uint32_t first_comment_id;
	uint32_t label_mask; /* bit k: label_names[k] */
	uint16_t dep_count;
	uint8_t status;
	uint8_t type;
	uint8_t priority;
	uint8_t comment_count;
	bool legacy_ts; /* times stored as SQLite CURRENT_TIMESTAMP text, whole seconds */
	bool reserved;  /* chosen for a guarantee; not to be picked again */
};

struct plan_dep {
	size_t target_off; /* depends_on_id in the string pool */
	int64_t created_us;
	uint32_t target; /* NO_ISSUE for external targets */
	uint8_t type;
	uint8_t author; /* index into people[] */
};

struct plan {
	uint64_t seed;
	int64_t now_us;
	uint32_t n;
	const char *prefix;
	struct plan_issue *issues;
	struct plan_dep *deps;
	size_t dep_len, dep_cap;
	char *pool;
	size_t pool_len, pool_cap;
	size_t label_total, comment_total;
};

static size_t pool_add(struct plan *p, const char *s, size_t n)
{
	size_t off = p->pool_len;

	p->pool = grow_array(p->pool, &p->pool_cap, p->pool_len + n + 1, 1);
	memcpy(p->pool + off, s, n);
	p->pool[off + n] = '\0';
	p->pool_len += n + 1;
	return off;
}

static const char *plan_id(const struct plan *p, uint32_t i)
{
	return p->pool + p->issues[i].id_off;
}

static void plan_free(struct plan *p)
{
	free(p->issues);
	free(p->deps);
	free(p->pool);
	memset(p, 0, sizeof *p);
}

/* ---- ids ---------------------------------------------------------------------------- */

/* Open-addressing set of the random parts of top-level ids, to keep them unique. */
struct id_set {
	uint64_t *slots;
	size_t mask;
};

static void id_set_init(struct id_set *set, size_t expected)
{
	size_t cap = 64;

	while (cap < expected * 2)
		cap *= 2;
	set->slots = xcalloc(cap, sizeof *set->slots);
	set->mask = cap - 1;
}

static bool id_set_insert(struct id_set *set, uint64_t key)
{
	uint64_t mixed = key;
	size_t h = (size_t)splitmix64(&mixed) & set->mask;

	while (set->slots[h] != 0) {
		if (set->slots[h] == key)
			return false;
		h = (h + 1) & set->mask;
	}
	set->slots[h] = key;
	return true;
}

static void id_set_free(struct id_set *set)
{
	free(set->slots);
	set->slots = NULL;
}

/* A top-level id: PREFIX-hash, hash 4-6 base36 characters (longer for big sets, like bd,
 * which grows its hashes with the database to keep collisions rare). */
static size_t make_top_level_id(struct plan *p, struct rng *r, struct id_set *ids)
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	unsigned base_len = p->n < 50000 ? 4 : p->n < 1500000 ? 5 : 6;
	char buf[128];

	for (;;) {
		uint32_t pick = rng_below(r, 100);
		unsigned len = base_len + (pick >= 70) + (pick >= 95);
		uint64_t space = 1, value;

		for (unsigned k = 0; k < len; k++)
			space *= 36;
		value = rng_next(r) % space;
		/* key: value and length (a 4-char "00ab" and a 5-char "000ab" are different ids) */
		if (!id_set_insert(ids, (value << 4) | len))
			continue;
		int n = snprintf(buf, sizeof buf, "%s-", p->prefix);
		for (unsigned k = 0; k < len; k++) {
			buf[n + (int)len - 1 - (int)k] = digits[value % 36];
			value /= 36;
		}
		return pool_add(p, buf, (size_t)n + len);
	}
}

static size_t make_child_id(struct plan *p, uint32_t parent, uint32_t child_number)
{
	char buf[160];
	int n = snprintf(buf, sizeof buf, "%s.%" PRIu32, plan_id(p, parent), child_number);
	return pool_add(p, buf, (size_t)n);
}

/* ---- pass 1: structure (ids, types, epics and their children) ------------------------ */

static uint8_t pick_leaf_type(struct rng *r, bool allow_custom)
{
	uint32_t x = rng_below(r, 100);

	if (x < 52)
		return TY_TASK;
	if (x < 72)
		return TY_BUG;
	if (x < 84)
		return TY_FEATURE;
	if (x < 92)
		return TY_CHORE;
	if (x < 96)
		return TY_DECISION;
	return allow_custom && x < 99 ? TY_SPIKE : TY_TASK;
}

static uint8_t pick_child_type(struct rng *r)
{
	uint32_t x = rng_below(r, 100);
	return x < 60 ? TY_TASK : x < 80 ? TY_BUG : x < 95 ? TY_FEATURE : TY_CHORE;
}

static void set_issue(struct plan *p, uint32_t i, uint32_t parent, size_t id_off, uint8_t type)
{
	struct plan_issue *pi = &p->issues[i];

	pi->id_off = id_off;
	pi->parent = parent;
	pi->type = type;
}

/*
 * Issues are laid out in creation order.  An epic is followed directly by its children
 * EPIC.1..EPIC.k (bd users create an epic and then its parts in one go); the first child is
 * sometimes an epic itself, with children EPIC.1.1.. (depth 2).
 */
static void plan_structure(struct plan *p)
{
	bool guarantees = p->n >= GUARANTEE_MIN_COUNT;
	struct id_set ids;
	struct rng r;
	uint32_t i = 0;

	rng_init(&r, p->seed, STREAM_STRUCTURE, 0);
	id_set_init(&ids, p->n);
	while (i < p->n) {
		uint32_t room = p->n - i, kids = 0, grandkids = 0;

		if (guarantees && i == 0) {
			kids = 4; /* the demo's first issue: an epic with a nested epic */
			grandkids = 3;
		} else if (room >= 4 && rng_chance(&r, 0.045)) {
			kids = (uint32_t)rng_range(&r, 2, 8);
			grandkids = rng_chance(&r, 0.3) ? (uint32_t)rng_range(&r, 2, 4) : 0;
		}
		if (kids + 1 > room)
			kids = room - 1;
		if (kids < 2)
			kids = 0;
		if (grandkids && 1 + kids + grandkids > room)
			grandkids = 0;

		if (kids == 0) {
			size_t id = make_top_level_id(p, &r, &ids);
			set_issue(p, i, NO_ISSUE, id, pick_leaf_type(&r, guarantees));
			i++;
			continue;
		}
		uint32_t epic = i++;
		set_issue(p, epic, NO_ISSUE, make_top_level_id(p, &r, &ids), TY_EPIC);
		for (uint32_t k = 1; k <= kids; k++) {
			uint32_t child = i++;
			if (k == 1 && grandkids) {
				set_issue(p, child, epic, make_child_id(p, epic, k), TY_EPIC);
				for (uint32_t g = 1; g <= grandkids; g++, i++)
					set_issue(p, i, child, make_child_id(p, child, g),
						  pick_child_type(&r));
				p->issues[child].last_child = grandkids;
				p->issues[child].subtree = grandkids;
			} else {
				set_issue(p, child, epic, make_child_id(p, epic, k),
					  pick_child_type(&r));
			}
		}
		p->issues[epic].last_child = kids;
		p->issues[epic].subtree = i - epic - 1;
	}
	id_set_free(&ids);
}

/* ---- pass 2: status, priority, times, labels, comment counts ------------------------- */

#define HISTORY_SPAN_US  (548 * US_PER_DAY) /* about 18 months */
#define NEWEST_MARGIN_US US_PER_HOUR        /* the newest issue is an hour old */

/* Old issues are mostly closed, recent ones mostly open.  52% on average here; with the parts
 * of closed epics (all closed) that makes about 57% closed overall. */
static uint8_t pick_status(struct rng *r, double age)
{
	double closed_p = 0.27 + 0.5 * age; /* age in [0,1] */
	double x = rng_unit(r);

	if (x < closed_p)
		return ST_CLOSED;
	x = (x - closed_p) / (1.0 - closed_p) * 43.0; /* the other 43%, in percent of all issues */
	if (x < 35.0)
		return ST_OPEN;
	if (x < 38.4)
		return ST_IN_PROGRESS;
	if (x < 40.4)
		return ST_BLOCKED;
	if (x < 41.9)
		return ST_DEFERRED;
	if (x < 42.2)
		return ST_PINNED;
	if (x < 42.5)
		return ST_HOOKED;
	return ST_TOMBSTONE;
}

static uint8_t pick_priority(struct rng *r)
{
	uint32_t x = rng_below(r, 100);
	return x < 10 ? 0 : x < 30 ? 1 : x < 75 ? 2 : x < 90 ? 3 : 4;
}

/* A duration from a minute to about three months, log-uniform (most work is short). */
static int64_t pick_duration(struct rng *r)
{
	int64_t seconds =
		(int64_t)(60.0 * exp_portable(rng_unit(r) * 17.0 * 0.69314718055994530942));
	int64_t micros = (int64_t)rng_below(r, 1000000);

	return seconds * US_PER_SEC + micros;
}

/* Sets updated/closed/defer times from created and status:
 * created < updated <= now, created <= closed <= updated. */
static void plan_times(struct plan *p, uint32_t i, struct rng *r)
{
	struct plan_issue *pi = &p->issues[i];
	int64_t created = pi->created_us, avail = p->now_us - created;

	pi->closed_us = 0;
	pi->defer_us = 0;
	if (pi->status == ST_CLOSED || pi->status == ST_TOMBSTONE) {
		int64_t life = pick_duration(r);
		if (life > avail - US_PER_SEC)
			life = (int64_t)((double)(avail - US_PER_SEC) *
					 (0.05 + 0.95 * rng_unit(r)));
		int64_t end = created + life;
		if (pi->status == ST_CLOSED) {
			pi->closed_us = end;
			/* Most issues are last touched by the close; some get a later edit. */
			if (rng_chance(r, 0.3)) {
				int64_t later = pick_duration(r) / 4;
				end = end + later < p->now_us ? end + later : p->now_us;
			}
		}
		pi->updated_us = end;
	} else {
		double u = rng_unit(r);
		pi->updated_us = created + (int64_t)((double)avail * u * u);
		if (pi->status == ST_DEFERRED || (pi->status == ST_OPEN && rng_chance(r, 0.01))) {
			int64_t days = rng_range(r, 1, 120);
			int64_t seconds = rng_below(r, 86400);
			pi->defer_us = p->now_us + days * US_PER_DAY + seconds * US_PER_SEC;
		} else if (pi->status == ST_OPEN && rng_chance(r, 0.01))
			pi->defer_us = created + (int64_t)((double)avail *
							   rng_unit(r)); /* expired deferral */
	}
	if (pi->legacy_ts) {
		pi->updated_us = truncate_to_second(pi->updated_us);
		pi->closed_us = truncate_to_second(pi->closed_us);
		pi->defer_us = truncate_to_second(pi->defer_us);
	}
	if (pi->updated_us < created + US_PER_SEC)
		pi->updated_us = created + US_PER_SEC; /* created is at least an hour before now */
	if (pi->closed_us && pi->closed_us < created)
		pi->closed_us = created;
	if (pi->closed_us > pi->updated_us)
		pi->closed_us = pi->updated_us;
}

/* A leaf top-level issue not used for another guarantee, whose current status and type both
 * occur at least twice (so that changing it cannot remove the last one of either). */
static uint32_t find_candidate(struct plan *p, struct rng *r, const uint32_t status_count[ST_COUNT],
			       const uint32_t type_count[TY_COUNT])
{
	uint32_t start = rng_below(r, p->n);

	for (uint32_t k = 0; k < p->n; k++) {
		uint32_t i = (start + k) % p->n;
		const struct plan_issue *pi = &p->issues[i];
		if (pi->parent == NO_ISSUE && pi->type != TY_EPIC && !pi->reserved &&
		    status_count[pi->status] >= 2 && type_count[pi->type] >= 2)
			return i;
	}
	return NO_ISSUE;
}

/* For N >= 100: at least one issue of every status and every type. */
static void plan_guarantees(struct plan *p, struct rng *r)
{
	uint32_t status_count[ST_COUNT] = {0}, type_count[TY_COUNT] = {0};

	for (uint32_t i = 0; i < p->n; i++) {
		status_count[p->issues[i].status]++;
		type_count[p->issues[i].type]++;
	}
	for (uint8_t s = 0; s < ST_COUNT; s++) {
		if (status_count[s] > 0)
			continue;
		uint32_t i = find_candidate(p, r, status_count, type_count);
		if (i == NO_ISSUE)
			break;
		status_count[p->issues[i].status]--;
		status_count[s]++;
		p->issues[i].status = s;
		p->issues[i].reserved = true;
		plan_times(p, i, r);
	}
	for (uint8_t t = 0; t < TY_COUNT; t++) {
		if (type_count[t] > 0 || t == TY_EPIC) /* epics come from plan_structure */
			continue;
		uint32_t i = find_candidate(p, r, status_count, type_count);
		if (i == NO_ISSUE)
			break;
		type_count[p->issues[i].type]--;
		type_count[t]++;
		p->issues[i].type = t;
		p->issues[i].reserved = true;
	}
}

/* A closed epic is closed after its last closed descendant. Walked backwards so that nested
 * epics are settled before their parent looks at them. */
static void plan_close_epics_last(struct plan *p)
{
	for (uint32_t e = p->n; e-- > 0;) {
		struct plan_issue *epic = &p->issues[e];
		int64_t latest = 0;

		if (epic->type != TY_EPIC || epic->status != ST_CLOSED)
			continue;
		for (uint32_t k = e + 1; k <= e + epic->subtree; k++)
			if (p->issues[k].status == ST_CLOSED && p->issues[k].closed_us > latest)
				latest = p->issues[k].closed_us;
		if (latest <= epic->closed_us)
			continue;
		latest += US_PER_MIN;
		if (latest > p->now_us)
			latest = p->now_us;
		if (epic->legacy_ts)
			latest = truncate_to_second(latest);
		epic->closed_us = latest;
		if (epic->updated_us < latest)
			epic->updated_us = latest;
	}
}

static void plan_attributes(struct plan *p)
{
	int64_t start = p->now_us - HISTORY_SPAN_US;
	double spread = (double)(HISTORY_SPAN_US - NEWEST_MARGIN_US);
	struct rng r;

	rng_init(&r, p->seed, STREAM_ATTRIBUTES, 0);
	for (uint32_t i = 0; i < p->n; i++) {
		struct plan_issue *pi = &p->issues[i];
		double age;

		pi->created_us =
			start + (int64_t)(spread * ((double)i + rng_unit(&r)) / (double)p->n);
		pi->legacy_ts = rng_chance(&r, 0.08);
		if (pi->legacy_ts)
			pi->created_us = truncate_to_second(pi->created_us);
		age = 1.0 - (double)i / (double)p->n;
		if (pi->parent != NO_ISSUE && p->issues[pi->parent].status == ST_CLOSED)
			pi->status = ST_CLOSED; /* the parts of a finished epic are finished */
		else
			pi->status = pick_status(&r, age);
		pi->priority = pick_priority(&r);
		if (rng_chance(&r, 0.12)) {
			int want = rng_range(&r, 1, 3);
			while (want > 0) {
				uint32_t bit = UINT32_C(1)
					       << rng_below(&r, (uint32_t)ARRAY_LEN(label_names));
				if (!(pi->label_mask & bit)) {
					pi->label_mask |= bit;
					want--;
				}
			}
		}
		pi->comment_count =
			rng_chance(&r, 0.06) ? (uint8_t)rng_range(&r, 1, MAX_COMMENTS) : 0;
		plan_times(p, i, &r);
	}
	if (p->n >= GUARANTEE_MIN_COUNT)
		plan_guarantees(p, &r);
	plan_close_epics_last(p);

	/* Comment ids follow insertion order, which is creation order. */
	uint32_t next_comment = 1;
	for (uint32_t i = 0; i < p->n; i++) {
		struct plan_issue *pi = &p->issues[i];
		pi->first_comment_id = next_comment;
		next_comment += pi->comment_count;
		for (uint32_t m = pi->label_mask; m; m &= m - 1)
			p->label_total++;
	}
	p->comment_total = next_comment - 1;
}

/* ---- pass 3: dependencies ---------------------------------------------------------------- */

static bool dep_exists(const struct plan *p, uint32_t issue, size_t target_off)
{
	for (size_t k = p->issues[issue].dep_start; k < p->dep_len; k++)
		if (p->deps[k].target_off == target_off)
			return true;
	return false;
}

static void add_dep(struct plan *p, struct rng *r, uint32_t issue, uint32_t target,
		    size_t target_off, uint8_t type)
{
	const struct plan_issue *src = &p->issues[issue];
	int64_t lo = src->created_us, hi = src->updated_us;
	struct plan_dep *d;

	if (dep_exists(p, issue, target_off))
		return;
	if (target != NO_ISSUE && p->issues[target].created_us > lo)
		lo = p->issues[target].created_us;
	if (lo > hi)
		lo = hi;
	p->deps = grow_array(p->deps, &p->dep_cap, p->dep_len + 1, sizeof *p->deps);
	d = &p->deps[p->dep_len++];
	d->target_off = target_off;
	d->target = target;
	d->type = type;
	d->author = (uint8_t)rng_below(r, (uint32_t)ARRAY_LEN(people));
	/* A parent-child link is made when the child is created; others some time later. */
	d->created_us = type == DT_PARENT_CHILD
				? src->created_us
				: lo + (int64_t)((double)(hi - lo) * 0.3 * rng_unit(r));
	if (src->legacy_ts)
		d->created_us = truncate_to_second(d->created_us);
}

static void add_issue_dep(struct plan *p, struct rng *r, uint32_t issue, uint32_t target,
			  uint8_t type)
{
	if (target != NO_ISSUE && target != issue)
		add_dep(p, r, issue, target, p->issues[target].id_off, type);
}

/* An earlier issue, usually a recent one (people link to what they just worked on).  A closed
 * issue prefers closed targets: its blockers were usually done first. */
static uint32_t pick_earlier(const struct plan *p, struct rng *r, uint32_t i)
{
	uint32_t window = i < 400 ? i : 400;
	uint32_t fallback = NO_ISSUE;

	if (i == 0)
		return NO_ISSUE;
	for (int attempt = 0; attempt < 4; attempt++) {
		double u = rng_unit(r);
		uint32_t back = 1 + (uint32_t)(u * u * (double)window);
		uint32_t j = i - (back > i ? i : back);
		if (j == p->issues[i].parent || dep_exists(p, i, p->issues[j].id_off))
			continue;
		if (p->issues[i].status != ST_CLOSED || p->issues[j].status == ST_CLOSED)
			return j;
		fallback = j;
	}
	return fallback;
}

static bool is_active(uint8_t status)
{
	return status == ST_OPEN || status == ST_IN_PROGRESS;
}

/* Plain work items: no epics, no deleted issues, not used by another guarantee. */
static bool is_plain_leaf(const struct plan_issue *pi)
{
	return pi->type != TY_EPIC && pi->status != ST_TOMBSTONE && !pi->reserved;
}

/* First issue at or after `from` that is an active plain leaf, or NO_ISSUE. */
static uint32_t find_active_leaf(struct plan *p, uint32_t from)
{
	for (uint32_t i = from; i < p->n; i++)
		if (is_plain_leaf(&p->issues[i]) && is_active(p->issues[i].status) &&
		    p->issues[i].parent == NO_ISSUE)
			return i;
	return NO_ISSUE;
}

/*
 * Dependencies, appended in issue order so each issue's are contiguous:
 * parent-child for every child; blocks for ~30% (random earlier targets plus chains of 3-6
 * issues each blocked by the previous); related and discovered-from links; for N >= 100 one
 * 3-cycle of blocks and one external target.  A "blocked" issue gets an active blocker.
 */
static void plan_dependencies(struct plan *p)
{
	bool guarantees = p->n >= GUARANTEE_MIN_COUNT;
	uint32_t cycle[3] = {NO_ISSUE, NO_ISSUE, NO_ISSUE};
	uint32_t external_at = NO_ISSUE, forced_chain_at = NO_ISSUE;
	uint32_t chain_last = NO_ISSUE, chain_left = 0;
	struct rng r;

	rng_init(&r, p->seed, STREAM_DEPENDENCIES, 0);
	if (guarantees) {
		cycle[0] = find_active_leaf(p, p->n / 3);
		cycle[1] = cycle[0] == NO_ISSUE ? NO_ISSUE : find_active_leaf(p, cycle[0] + 1);
		cycle[2] = cycle[1] == NO_ISSUE ? NO_ISSUE : find_active_leaf(p, cycle[1] + 1);
		if (cycle[2] == NO_ISSUE)
			cycle[0] = cycle[1] = NO_ISSUE;
		for (int k = 0; k < 3; k++)
			if (cycle[k] != NO_ISSUE)
				p->issues[cycle[k]].reserved = true;
		external_at = find_active_leaf(p, p->n / 2);
		forced_chain_at = p->n / 5;
	}
	for (uint32_t i = 0; i < p->n; i++) {
		struct plan_issue *pi = &p->issues[i];
		size_t blocks_before;

		pi->dep_start = (uint32_t)p->dep_len;
		if (pi->parent != NO_ISSUE)
			add_issue_dep(p, &r, i, pi->parent, DT_PARENT_CHILD);

		/* the cycle: c0 -> c2, c1 -> c0, c2 -> c1 */
		if (cycle[0] != NO_ISSUE) {
			if (i == cycle[0])
				add_issue_dep(p, &r, i, cycle[2], DT_BLOCKS);
			else if (i == cycle[1])
				add_issue_dep(p, &r, i, cycle[0], DT_BLOCKS);
			else if (i == cycle[2])
				add_issue_dep(p, &r, i, cycle[1], DT_BLOCKS);
		}
		blocks_before = p->dep_len;

		if (is_plain_leaf(pi)) {
			if (chain_left > 0) {
				add_issue_dep(p, &r, i, chain_last, DT_BLOCKS);
				chain_last = i;
				chain_left--;
			} else if (i >= forced_chain_at || rng_chance(&r, 0.03)) {
				chain_last = i;
				chain_left =
					i >= forced_chain_at ? 4 : (uint32_t)rng_range(&r, 2, 5);
				forced_chain_at = NO_ISSUE;
			}
		}
		if (pi->status != ST_TOMBSTONE && rng_chance(&r, 0.22)) {
			uint32_t x = rng_below(&r, 10);
			size_t want = x < 6 ? 1 : x < 9 ? 2 : 3;
			for (size_t have = p->dep_len - blocks_before; have < want; have++)
				add_issue_dep(p, &r, i, pick_earlier(p, &r, i), DT_BLOCKS);
		}
		if (pi->status == ST_BLOCKED) {
			bool has_active_blocker = false;
			for (size_t k = pi->dep_start; k < p->dep_len; k++)
				if (p->deps[k].type == DT_BLOCKS && p->deps[k].target != NO_ISSUE &&
				    is_active(p->issues[p->deps[k].target].status))
					has_active_blocker = true;
			for (uint32_t back = 1; !has_active_blocker && back <= 300 && back <= i;
			     back++) {
				uint32_t j = i - back;
				if (is_active(p->issues[j].status) && j != pi->parent &&
				    !dep_exists(p, i, p->issues[j].id_off)) {
					add_issue_dep(p, &r, i, j, DT_BLOCKS);
					has_active_blocker = true;
				}
			}
		}
		if (rng_chance(&r, 0.04))
			add_issue_dep(p, &r, i, pick_earlier(p, &r, i), DT_RELATED);
		if (rng_chance(&r, 0.05))
			add_issue_dep(p, &r, i, pick_earlier(p, &r, i), DT_DISCOVERED_FROM);
		if (i == external_at || (pi->status != ST_TOMBSTONE && rng_chance(&r, 0.001))) {
			struct strbuf target = {NULL, 0, 0};
			if (i == external_at)
				sb_adds(&target, "external:other-project:capability");
			else
				sb_add_phrase(&target, &r, "external:{project}:{capability}");
			add_dep(p, &r, i, NO_ISSUE, pool_add(p, target.s, target.len), DT_BLOCKS);
			sb_free(&target);
		}
		pi->dep_count = (uint16_t)(p->dep_len - pi->dep_start);
	}
}

static void plan_build(struct plan *p)
{
	p->issues = xcalloc(p->n, sizeof *p->issues);
	plan_structure(p);
	plan_attributes(p);
	plan_dependencies(p);
}

/* ======================================================================================= */
/* Text of one issue, regenerated on demand                                                 */
/* ======================================================================================= */

struct issue_text {
	struct strbuf title, description, design, acceptance, notes, close_reason, delete_reason;
	struct strbuf comment_text[MAX_COMMENTS];
	int64_t comment_us[MAX_COMMENTS];
	const char *comment_author[MAX_COMMENTS];
	const char *assignee; /* NULL: none */
	const char *owner;
	const char *created_by;
	const char *deleted_by;
	int estimated_minutes; /* 0: none */
	int64_t due_us;        /* 0: none */
};

static void issue_text_free(struct issue_text *t)
{
	sb_free(&t->title);
	sb_free(&t->description);
	sb_free(&t->design);
	sb_free(&t->acceptance);
	sb_free(&t->notes);
	sb_free(&t->close_reason);
	sb_free(&t->delete_reason);
	for (size_t k = 0; k < MAX_COMMENTS; k++)
		sb_free(&t->comment_text[k]);
}

static const char *random_other_id(const struct plan *p, struct rng *r, uint32_t i)
{
	uint32_t j = rng_below(r, p->n);
	return plan_id(p, j == i ? (j + 1) % p->n : j);
}

static size_t count_words(const char *s)
{
	size_t words = 0;
	bool in_word = false;

	for (; *s; s++) {
		bool space = *s == ' ';
		if (!space && !in_word)
			words++;
		in_word = !space;
	}
	return words;
}

/* Keeps the first `max` words. */
static void limit_words(struct strbuf *b, size_t max)
{
	size_t words = 0;
	bool in_word = false;

	for (size_t k = 0; k < b->len; k++) {
		bool space = b->s[k] == ' ';
		if (!space && !in_word && ++words > max) {
			sb_truncate(b, k > 0 ? k - 1 : 0);
			return;
		}
		in_word = !space;
	}
}

/* 3-12 words, shaped by type; 5% carry CJK or emoji. Returns whether it did. */
static bool gen_title(const struct plan *p, struct rng *r, uint32_t i, struct strbuf *t)
{
	static const char *const bug[] = {"{bug_verb} {bug_object} in the {component}",
					  "{component}: {symptom}", "The {component} {symptom}"};
	static const char *const feature[] = {"Add {feature} to the {component}",
					      "Support {feature} in the {component}",
					      "{component}: add {feature}"};
	static const char *const epic[] = {"Epic: {epic_goal}", "Deliver {epic_goal}",
					   "Milestone: {epic_goal}"};
	static const char *const chore[] = {"Bump {chore_dep} to the latest release",
					    "Clean up {chore_object} in the {component}"};
	static const char *const decision[] = {"Decide whether to {decision}",
					       "ADR: use {tech} for the {component}"};
	static const char *const spike[] = {"Spike: evaluate {tech} for the {component}",
					    "Spike: measure {metric} of the {component}"};
	static const char *const task[] = {"{task_verb} {task_object} of the {component}",
					   "{task_verb} {task_object} for the {component}"};
	bool wide = rng_chance(r, 0.05);

	switch (p->issues[i].type) {
	case TY_BUG:
		sb_add_phrase(t, r, PICK(r, bug));
		if (rng_chance(r, 0.5))
			sb_add_phrase(t, r, " {condition}");
		break;
	case TY_FEATURE:
		sb_add_phrase(t, r, PICK(r, feature));
		break;
	case TY_EPIC:
		sb_add_phrase(t, r, PICK(r, epic));
		break;
	case TY_CHORE:
		sb_add_phrase(t, r, PICK(r, chore));
		break;
	case TY_DECISION:
		sb_add_phrase(t, r, PICK(r, decision));
		break;
	case TY_SPIKE:
		sb_add_phrase(t, r, PICK(r, spike));
		break;
	default:
		sb_add_phrase(t, r, PICK(r, task));
		break;
	}
	if (wide) {
		if (rng_chance(r, 0.5)) {
			sb_prepend(t, " ");
			sb_prepend(t, PICK(r, emoji_prefixes));
		} else {
			sb_add_phrase(t, r, " {cjk}");
		}
	}
	while (count_words(sb_str(t)) < 3)
		sb_add_phrase(t, r, " in the {component}");
	limit_words(t, 12);
	return wide;
}

static void add_sentence(const struct plan *p, struct rng *r, uint32_t i, struct strbuf *b)
{
	static const char *const sentences[] = {
		"The {component} {symptom} {condition}.",
		"This happens because `{ident}` {cause}.",
		"We should {action} before the next release.",
		"**{bold}:** the {component} must never {forbidden}.",
		"See `{ident}` for the current behaviour.",
		"A simple fix would be to {action} in `{ident}`.",
		"It started when the {component} began to use `{ident}`.",
		"The {component} and the {component} disagree about `{ident}`.",
		"Nobody has hit it {condition} yet, but we will {condition}.",
		"**{bold}**: {action} first, then {action}.",
		"The `{ident}` path {cause}.",
	};
	uint32_t kind = rng_below(r, (uint32_t)ARRAY_LEN(sentences) + 2);

	if (kind == ARRAY_LEN(sentences)) {
		sb_addf(b, "Related to %s.", random_other_id(p, r, i));
	} else if (kind > ARRAY_LEN(sentences)) {
		int issues = rng_range(r, 1, 200) * 500;
		int ms = rng_range(r, 40, 4000);
		int factor = rng_range(r, 2, 30);
		sb_addf(b,
			"On a set of %d issues this takes %d ms, about %dx slower than expected.",
			issues, ms, factor);
	} else {
		sb_add_phrase(b, r, sentences[kind]);
	}
}

static void add_paragraph(const struct plan *p, struct rng *r, uint32_t i, struct strbuf *b)
{
	int sentences = rng_range(r, 1, 4);

	for (int k = 0; k < sentences; k++) {
		if (k > 0)
			sb_adds(b, " ");
		add_sentence(p, r, i, b);
	}
	sb_adds(b, "\n\n");
}

static void add_list(const struct plan *p, struct rng *r, uint32_t i, struct strbuf *b,
		     bool numbered)
{
	int items = rng_range(r, 2, 5);

	for (int k = 1; k <= items; k++) {
		if (numbered)
			sb_addf(b, "%d. ", k);
		else
			sb_adds(b, "- ");
		const char *action = PICK(r, actions);
		switch (rng_below(r, 4)) {
		case 0:
			sb_addf(b, "%c%s", action[0] - 'a' + 'A', action + 1); /* capitalised */
			break;
		case 1:
			sb_add_phrase(b, r, "`{ident}` {cause}");
			break;
		case 2:
			sb_add_phrase(b, r, "the {component} {symptom}");
			break;
		default:
			sb_addf(b, "check %s", random_other_id(p, r, i));
			break;
		}
		sb_adds(b, "\n");
	}
	sb_adds(b, "\n");
}

static void add_code_block(const struct plan *p, struct rng *r, uint32_t i, struct strbuf *b)
{
	const struct code_snippet *c = &PICK(r, code_snippets);
	const char *arg;
	char ts[TS_BUF];

	if (strcmp(c->lang, "sh") == 0) {
		arg = PICK(r, shell_commands);
	} else if (strcmp(c->lang, "json") == 0) {
		arg = random_other_id(p, r, i);
	} else if (strcmp(c->lang, "text") == 0) {
		format_time(ts, p->issues[i].created_us, TS_RFC3339);
		arg = ts;
	} else if (strcmp(c->lang, "toml") == 0) {
		arg = PICK(r, themes);
	} else {
		arg = PICK(r, function_names);
	}
	sb_addf(b, "```%s\n", c->lang);
	sb_add_template(b, c->body, arg);
	sb_adds(b, "\n```\n\n");
}

static void add_table(struct rng *r, struct strbuf *b)
{
	int rows = rng_range(r, 2, 4);

	sb_adds(b, "| metric | before | after |\n|---|---:|---:|\n");
	for (int k = 0; k < rows; k++) {
		int before = rng_range(r, 50, 5000);
		int after = before / rng_range(r, 2, 9);
		sb_add_phrase(b, r, "| {metric} |");
		sb_addf(b, " %d ms | %d ms |\n", before, after);
	}
	sb_adds(b, "\n");
}

/* Markdown of roughly `target` bytes (never above DESCRIPTION_MAX): an opening paragraph,
 * then sections mixing paragraphs, lists, fenced code, quotes and tables. */
static void gen_markdown(const struct plan *p, struct rng *r, uint32_t i, struct strbuf *b,
			 size_t target, bool wide)
{
	if (target == 0)
		return;
	add_paragraph(p, r, i, b);
	if (wide)
		sb_addf(b, "%s\n\n", PICK(r, cjk_sentences));
	while (b->len < target) {
		size_t before = b->len;
		uint32_t kind = rng_below(r, 100);

		if (rng_chance(r, 0.45))
			sb_add_phrase(b, r, "## {heading}\n\n");
		if (kind < 40) {
			add_paragraph(p, r, i, b);
		} else if (kind < 58) {
			add_list(p, r, i, b, false);
		} else if (kind < 72) {
			add_list(p, r, i, b, true);
		} else if (kind < 88) {
			add_code_block(p, r, i, b);
		} else if (kind < 95) {
			sb_adds(b, "> ");
			add_sentence(p, r, i, b);
			sb_adds(b, "\n\n");
		} else {
			add_table(r, b);
		}
		if (b->len > DESCRIPTION_MAX) {
			sb_truncate(b, before);
			break;
		}
	}
	while (b->len > 0 && b->s[b->len - 1] == '\n')
		sb_truncate(b, b->len - 1);
}

/* Description length: log-normal, median 500 bytes; 5% of non-epics have none. */
static size_t pick_description_length(const struct plan *p, struct rng *r, uint32_t i)
{
	double len;

	if (i == 0 && p->n >= GUARANTEE_MIN_COUNT)
		return 6600; /* the first epic: a long design document */
	if (p->issues[i].type != TY_EPIC && rng_chance(r, 0.05))
		return 0;
	len = 500.0 * exp_portable(0.8 * rng_normal(r));
	if (len < 60.0)
		len = 60.0;
	if (len > DESCRIPTION_MAX)
		len = DESCRIPTION_MAX;
	return (size_t)len;
}

static void issue_text_generate(const struct plan *p, uint32_t i, struct issue_text *t)
{
	const struct plan_issue *pi = &p->issues[i];
	bool closed = pi->status == ST_CLOSED || pi->status == ST_TOMBSTONE;
	bool wide;
	struct rng r;

	rng_init(&r, p->seed, STREAM_TEXT, i);
	sb_clear(&t->title);
	sb_clear(&t->description);
	sb_clear(&t->design);
	sb_clear(&t->acceptance);
	sb_clear(&t->notes);
	sb_clear(&t->close_reason);
	sb_clear(&t->delete_reason);

	wide = gen_title(p, &r, i, &t->title);
	t->created_by = rng_chance(&r, 0.6) ? PICK(&r, people) : NULL;
	t->owner = rng_chance(&r, 0.35) ? PICK(&r, people_email) : NULL;
	if (pi->status == ST_HOOKED)
		t->assignee = PICK(&r, agents);
	else if (pi->status == ST_IN_PROGRESS || rng_chance(&r, closed ? 0.5 : 0.3))
		t->assignee = PICK(&r, people);
	else
		t->assignee = NULL;

	gen_markdown(p, &r, i, &t->description, pick_description_length(p, &r, i), wide);
	if (rng_chance(&r, pi->type == TY_EPIC || pi->type == TY_DECISION ? 0.4 : 0.06)) {
		sb_adds(&t->design, "## Approach\n\n");
		gen_markdown(p, &r, i, &t->design, (size_t)rng_range(&r, 200, 1500), false);
	}
	if (rng_chance(&r, pi->type == TY_FEATURE ? 0.3 : 0.08)) {
		int items = rng_range(&r, 2, 5);
		char mark = closed ? 'x' : ' ';
		for (int k = 0; k < items; k++) {
			if (k > 0)
				sb_adds(&t->acceptance, "\n");
			sb_addf(&t->acceptance, "- [%c] ", mark);
			switch (rng_below(&r, 3)) {
			case 0:
				sb_add_phrase(&t->acceptance, &r, "`{ident}` is covered by a test");
				break;
			case 1:
				sb_add_phrase(&t->acceptance, &r,
					      "the {component} no longer {symptom}");
				break;
			default:
				sb_add_phrase(&t->acceptance, &r,
					      "the docs describe the new {component} behaviour");
				break;
			}
		}
	}
	if (rng_chance(&r, 0.07)) {
		char day[TS_BUF];
		format_time(day, pi->updated_us, TS_RFC3339);
		day[10] = '\0';
		sb_addf(&t->notes, "%s: ", day);
		add_paragraph(p, &r, i, &t->notes);
		while (t->notes.len > 0 && t->notes.s[t->notes.len - 1] == '\n')
			sb_truncate(&t->notes, t->notes.len - 1);
	}
	if (pi->status == ST_CLOSED && rng_chance(&r, 0.9)) {
		switch (rng_below(&r, 4)) {
		case 0:
			sb_addf(&t->close_reason, "Fixed in %07" PRIx32,
				(uint32_t)(rng_next(&r) >> 36));
			break;
		case 1:
			sb_addf(&t->close_reason, "Duplicate of %s", random_other_id(p, &r, i));
			break;
		default:
			sb_adds(&t->close_reason, PICK(&r, close_reasons));
			break;
		}
	}
	t->deleted_by = NULL;
	if (pi->status == ST_TOMBSTONE) {
		t->deleted_by = rng_chance(&r, 0.5) ? "batch delete" : PICK(&r, people);
		sb_adds(&t->delete_reason, PICK(&r, delete_reasons));
	}
	t->estimated_minutes = rng_chance(&r, 0.1) ? 15 * (1 << rng_range(&r, 0, 6)) : 0;
	t->due_us = 0;
	if (!closed && rng_chance(&r, 0.03))
		t->due_us = truncate_to_second(pi->created_us +
					       (int64_t)rng_range(&r, 7, 90) * US_PER_DAY);

	/* Comments: between created and updated, oldest first. */
	for (uint32_t c = 0; c < pi->comment_count; c++) {
		int64_t at = pi->created_us +
			     (int64_t)((double)(pi->updated_us - pi->created_us) * rng_unit(&r));
		uint32_t k = c;
		if (pi->legacy_ts)
			at = truncate_to_second(at);
		while (k > 0 && t->comment_us[k - 1] > at) {
			t->comment_us[k] = t->comment_us[k - 1];
			k--;
		}
		t->comment_us[k] = at;
	}
	for (uint32_t c = 0; c < pi->comment_count; c++) {
		struct strbuf *text = &t->comment_text[c];
		sb_clear(text);
		t->comment_author[c] = PICK(&r, people);
		add_paragraph(p, &r, i, text);
		if (rng_chance(&r, 0.2))
			add_code_block(p, &r, i, text);
		while (text->len > 0 && text->s[text->len - 1] == '\n')
			sb_truncate(text, text->len - 1);
	}
}

/* =======================================================================================
 */
/* SQLite helpers */
/* =======================================================================================
 */

/* `what` completes "cannot ..." in the error message. */
static int db_exec(sqlite3 *db, const char *path, const char *sql, const char *what)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		errorf("%s: cannot %s: %s", path, what, msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int db_prepare(sqlite3 *db, const char *path, const char *sql, sqlite3_stmt **stmt)
{
	if (sqlite3_prepare_v2(db, sql, -1, stmt, NULL) != SQLITE_OK) {
		errorf("%s: cannot prepare statement: %s", path, sqlite3_errmsg(db));
		*stmt = NULL;
		return -1;
	}
	return 0;
}

/* Steps a statement that returns no rows and resets it for the next use.
 * Returns SQLITE_OK or the (extended) error code. */
static int db_step(sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt); /* its result repeats the step's error, already in rc */
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* Bind calls record the first failure so a row's binds can be checked once. */
struct binder {
	sqlite3_stmt *stmt;
	int rc;
};

static void bind_textn(struct binder *b, int idx, const char *s, size_t len)
{
	if (b->rc != SQLITE_OK)
		return;
	if (len > INT32_MAX)
		b->rc = SQLITE_TOOBIG;
	else
		b->rc = s ? sqlite3_bind_text(b->stmt, idx, s, (int)len, SQLITE_STATIC)
			  : sqlite3_bind_null(b->stmt, idx);
}

/* NULL binds SQL NULL. The string must live until the statement is stepped. */
static void bind_text(struct binder *b, int idx, const char *s)
{
	bind_textn(b, idx, s, s ? strlen(s) : 0);
}

static void bind_int64(struct binder *b, int idx, int64_t v)
{
	if (b->rc == SQLITE_OK)
		b->rc = sqlite3_bind_int64(b->stmt, idx, v);
}

static void bind_null(struct binder *b, int idx)
{
	if (b->rc == SQLITE_OK)
		b->rc = sqlite3_bind_null(b->stmt, idx);
}

/* 0 binds NULL. */
static void bind_time(struct binder *b, int idx, int64_t us, enum ts_style style)
{
	char buf[TS_BUF];

	if (b->rc != SQLITE_OK)
		return;
	if (us == 0) {
		b->rc = sqlite3_bind_null(b->stmt, idx);
		return;
	}
	format_time(buf, us, style);
	b->rc = sqlite3_bind_text(b->stmt, idx, buf, -1, SQLITE_TRANSIENT);
}

static bool is_create_index(const char *sql)
{
	sql += strspn(sql, " \t\r\n");
	return sqlite3_strnicmp(sql, "CREATE INDEX", 12) == 0 ||
	       sqlite3_strnicmp(sql, "CREATE UNIQUE INDEX", 19) == 0;
}

/* Runs beads_schema_sql statement by statement.  With `deferred_indexes`, the CREATE INDEX
 * statements are collected there instead of run: building an index once over loaded rows is
 * much faster than updating it on every insert, and the stored schema text is the same. */
static int db_apply_schema(sqlite3 *db, const char *path, struct strbuf *deferred_indexes)
{
	const char *sql = beads_schema_sql;

	while (*sql) {
		sqlite3_stmt *stmt = NULL;
		const char *tail = NULL;
		int rc;

		if (sqlite3_prepare_v2(db, sql, -1, &stmt, &tail) != SQLITE_OK) {
			errorf("%s: cannot create the schema: %s", path, sqlite3_errmsg(db));
			return -1;
		}
		if (!stmt)
			break; /* only white space left */
		if (deferred_indexes && is_create_index(sqlite3_sql(stmt))) {
			sb_adds(deferred_indexes, sqlite3_sql(stmt));
			sb_adds(deferred_indexes, ";\n");
			rc = SQLITE_OK;
		} else {
			rc = db_step(stmt);
		}
		sqlite3_finalize(stmt);
		if (rc != SQLITE_OK) {
			errorf("%s: cannot create the schema: %s", path, sqlite3_errmsg(db));
			return -1;
		}
		sql = tail;
	}
	return 0;
}

/* Opens a new database for bulk loading and creates the beads schema in an open transaction
 * (see db_apply_schema for `deferred_indexes`, which may be NULL).  The rollback journal is
 * kept in memory during the load (the file is a temporary one, renamed only on success, so
 * a crash cannot leave a half-written database under the final name); db_finish() switches
 * the file to WAL like bd.  mmap spares a copy per page when the deferred indexes scan the
 * table. */
static int db_create(const char *tmp_path, const char *path, sqlite3 **out,
		     struct strbuf *deferred_indexes)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(tmp_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);

	*out = NULL;
	if (rc != SQLITE_OK) {
		errorf("cannot create %s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return -1;
	}
	sqlite3_extended_result_codes(db, 1);
	if (db_exec(db, path,
		    "PRAGMA journal_mode=MEMORY; PRAGMA cache_size=-65536; PRAGMA mmap_size=2147418112;"
		    " PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; BEGIN",
		    "set up the database") != 0 ||
	    db_apply_schema(db, path, deferred_indexes) != 0) {
		sqlite3_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

/* bd keeps blocked_issues_cache up to date; rebuild it the way the README describes (blocks
 * targets still active, passed down parent-child links to depth 50). */
static const char sql_rebuild_blocked_cache[] =
	"DELETE FROM blocked_issues_cache;"
	"INSERT INTO blocked_issues_cache (issue_id)"
	" WITH RECURSIVE"
	"  blocked_directly AS ("
	"   SELECT DISTINCT d.issue_id FROM dependencies d"
	"   JOIN issues blocker ON d.depends_on_id = blocker.id"
	"   WHERE d.type = 'blocks'"
	"     AND blocker.status IN ('open', 'in_progress', 'blocked', 'deferred', 'hooked')),"
	"  blocked_transitively AS ("
	"   SELECT issue_id, 0 AS depth FROM blocked_directly"
	"   UNION ALL"
	"   SELECT d.issue_id, bt.depth + 1 FROM blocked_transitively bt"
	"   JOIN dependencies d ON d.depends_on_id = bt.issue_id"
	"   WHERE d.type = 'parent-child' AND bt.depth < 50)"
	" SELECT DISTINCT issue_id FROM blocked_transitively"
	" WHERE issue_id IN (SELECT id FROM issues);";

/* Commits, switches to WAL and closes. Closes the database on every path. */
static int db_finish(sqlite3 *db, const char *path)
{
	sqlite3_stmt *stmt = NULL;
	int result = -1;

	if (db_exec(db, path, sql_rebuild_blocked_cache, "rebuild blocked_issues_cache") != 0 ||
	    db_exec(db, path, "COMMIT", "commit") != 0)
		goto out;
	if (db_prepare(db, path, beads_wal_sql, &stmt) != 0)
		goto out;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		errorf("%s: cannot set journal_mode=WAL: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	if (sqlite3_stricmp((const char *)sqlite3_column_text(stmt, 0), "wal") != 0) {
		errorf("%s: cannot set journal_mode=WAL (the file system may not support it)",
		       path);
		goto out;
	}
	result = 0;
out:
	sqlite3_finalize(stmt);
	if (sqlite3_close(db) != SQLITE_OK) {
		errorf("%s: cannot close database: %s", path, sqlite3_errmsg(db));
		result = -1;
	}
	return result;
}

/* =======================================================================================
 */
/* Output files: written under a temporary name, renamed into place on success */
/* =======================================================================================
 */

static char *path_with_suffix(const char *path, const char *suffix)
{
	size_t a = strlen(path), b = strlen(suffix);
	char *s = xrealloc(NULL, a + b + 1);

	memcpy(s, path, a);
	memcpy(s + a, suffix, b + 1);
	return s;
}

static char *temp_path_for(const char *path)
{
	char suffix[48];

	snprintf(suffix, sizeof suffix, ".tmp-%ld", (long)getpid());
	return path_with_suffix(path, suffix);
}

/* lstat, not stat: a symlink, device or directory is never replaced, even with --force
 * (renaming over /dev/null or a link would destroy it rather than write through it). */
static bool path_exists(const char *path, bool *is_regular, int *err)
{
	struct stat st;

	*err = 0;
	*is_regular = false;
	if (lstat(path, &st) == 0) {
		*is_regular = S_ISREG(st.st_mode);
		return true;
	}
	if (errno != ENOENT)
		*err = errno;
	return false;
}

/* Refuses to overwrite an existing file without --force. For a database also checks the
 * -wal file: a stale one next to a new database would be replayed into it by SQLite. */
static int check_output(const char *path, bool force, bool is_db)
{
	const char *suffixes[] = {"", "-wal"};

	for (size_t k = 0; k < (is_db ? 2u : 1u); k++) {
		char *p = path_with_suffix(path, suffixes[k]);
		bool is_regular;
		int err;
		bool exists = path_exists(p, &is_regular, &err);
		int result = 0;

		if (err) {
			errorf("cannot access %s: %s", p, strerror(err));
			result = -1;
		} else if (exists && !is_regular) {
			errorf("%s exists and is not a regular file; not replacing it", p);
			result = -1;
		} else if (exists && !force) {
			errorf("%s already exists (use --force to replace it)", p);
			result = -1;
		}
		free(p);
		if (result != 0)
			return result;
	}
	return 0;
}

static void remove_quietly(const char *path, const char *suffix)
{
	char *p = path_with_suffix(path, suffix);
	(void)unlink(p); /* best effort: the file usually does not exist */
	free(p);
}

static void discard_output(const char *tmp_path, bool is_db)
{
	remove_quietly(tmp_path, "");
	if (is_db) {
		remove_quietly(tmp_path, "-wal");
		remove_quietly(tmp_path, "-shm");
		remove_quietly(tmp_path, "-journal");
	}
}

static int commit_output(const char *tmp_path, const char *path, bool is_db)
{
	if (is_db) {
		/* The old database's WAL and shared-memory files must not outlive it. */
		remove_quietly(path, "-wal");
		remove_quietly(path, "-shm");
	}
	if (rename(tmp_path, path) != 0) {
		errorf("cannot rename %s to %s: %s", tmp_path, path, strerror(errno));
		return -1;
	}
	return 0;
}

/* =======================================================================================
 */
/* Generate: SQLite writer */
/* =======================================================================================
 */

enum {
	IC_ID = 1,
	IC_TITLE,
	IC_DESCRIPTION,
	IC_DESIGN,
	IC_ACCEPTANCE,
	IC_NOTES,
	IC_STATUS,
	IC_PRIORITY,
	IC_TYPE,
	IC_ASSIGNEE,
	IC_ESTIMATE,
	IC_CREATED_AT,
	IC_CREATED_BY,
	IC_OWNER,
	IC_UPDATED_AT,
	IC_CLOSED_AT,
	IC_CLOSE_REASON,
	IC_DUE_AT,
	IC_DEFER_UNTIL,
	IC_DELETED_AT,
	IC_DELETED_BY,
	IC_DELETE_REASON,
	IC_ORIGINAL_TYPE,
	IC_PINNED
};

static const char sql_insert_issue[] =
	"INSERT INTO issues (id, title, description, design, acceptance_criteria, notes, status,"
	" priority, issue_type, assignee, estimated_minutes, created_at, created_by, owner, updated_at,"
	" closed_at, close_reason, due_at, defer_until, deleted_at, deleted_by, delete_reason,"
	" original_type, pinned)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
	" ?20, ?21, ?22, ?23, ?24)";

struct sqlite_writer {
	const struct plan *plan;
	const char *path;
	sqlite3 *db;
	sqlite3_stmt *issue, *label, *dep, *comment, *counter;
};

static int write_issue_row(struct sqlite_writer *w, uint32_t i, const struct issue_text *t)
{
	const struct plan *p = w->plan;
	const struct plan_issue *pi = &p->issues[i];
	enum ts_style style = pi->legacy_ts ? TS_SQLITE : TS_RFC3339;
	bool tomb = pi->status == ST_TOMBSTONE;
	const char *id = plan_id(p, i);
	struct binder b = {w->issue, SQLITE_OK};
	int rc;

	bind_text(&b, IC_ID, id);
	bind_textn(&b, IC_TITLE, sb_str(&t->title), t->title.len);
	bind_textn(&b, IC_DESCRIPTION, sb_str(&t->description), t->description.len);
	bind_textn(&b, IC_DESIGN, sb_str(&t->design), t->design.len);
	bind_textn(&b, IC_ACCEPTANCE, sb_str(&t->acceptance), t->acceptance.len);
	bind_textn(&b, IC_NOTES, sb_str(&t->notes), t->notes.len);
	bind_text(&b, IC_STATUS, status_names[pi->status]);
	bind_int64(&b, IC_PRIORITY, pi->priority);
	bind_text(&b, IC_TYPE, type_names[pi->type]);
	bind_text(&b, IC_ASSIGNEE, t->assignee);
	if (t->estimated_minutes)
		bind_int64(&b, IC_ESTIMATE, t->estimated_minutes);
	else
		bind_null(&b, IC_ESTIMATE);
	bind_time(&b, IC_CREATED_AT, pi->created_us, style);
	bind_text(&b, IC_CREATED_BY, t->created_by ? t->created_by : "");
	bind_text(&b, IC_OWNER, t->owner ? t->owner : "");
	bind_time(&b, IC_UPDATED_AT, pi->updated_us, style);
	bind_time(&b, IC_CLOSED_AT, pi->closed_us, style);
	bind_textn(&b, IC_CLOSE_REASON, sb_str(&t->close_reason), t->close_reason.len);
	bind_time(&b, IC_DUE_AT, t->due_us, style);
	bind_time(&b, IC_DEFER_UNTIL, pi->defer_us, style);
	bind_time(&b, IC_DELETED_AT, tomb ? pi->updated_us : 0, style);
	bind_text(&b, IC_DELETED_BY, t->deleted_by ? t->deleted_by : "");
	bind_textn(&b, IC_DELETE_REASON, sb_str(&t->delete_reason), t->delete_reason.len);
	bind_text(&b, IC_ORIGINAL_TYPE, tomb ? type_names[pi->type] : "");
	bind_int64(&b, IC_PINNED, pi->status == ST_PINNED);
	rc = b.rc == SQLITE_OK ? db_step(w->issue) : b.rc;
	if (rc != SQLITE_OK) {
		errorf("%s: cannot insert issue %s: %s", w->path, id, sqlite3_errmsg(w->db));
		return -1;
	}

	for (uint32_t m = pi->label_mask, bit = 0; m; m >>= 1, bit++) {
		if (!(m & 1))
			continue;
		b = (struct binder){w->label, SQLITE_OK};
		bind_text(&b, 1, id);
		bind_text(&b, 2, label_names[bit]);
		rc = b.rc == SQLITE_OK ? db_step(w->label) : b.rc;
		if (rc != SQLITE_OK) {
			errorf("%s: cannot insert label of %s: %s", w->path, id,
			       sqlite3_errmsg(w->db));
			return -1;
		}
	}
	for (uint32_t k = pi->dep_start; k < pi->dep_start + pi->dep_count; k++) {
		const struct plan_dep *d = &p->deps[k];
		b = (struct binder){w->dep, SQLITE_OK};
		bind_text(&b, 1, id);
		bind_text(&b, 2, p->pool + d->target_off);
		bind_text(&b, 3, dep_type_names[d->type]);
		bind_time(&b, 4, d->created_us, style);
		bind_text(&b, 5, people[d->author]);
		rc = b.rc == SQLITE_OK ? db_step(w->dep) : b.rc;
		if (rc != SQLITE_OK) {
			errorf("%s: cannot insert dependency of %s: %s", w->path, id,
			       sqlite3_errmsg(w->db));
			return -1;
		}
	}
	for (uint32_t c = 0; c < pi->comment_count; c++) {
		b = (struct binder){w->comment, SQLITE_OK};
		bind_int64(&b, 1, (int64_t)pi->first_comment_id + c);
		bind_text(&b, 2, id);
		bind_text(&b, 3, t->comment_author[c]);
		bind_textn(&b, 4, sb_str(&t->comment_text[c]), t->comment_text[c].len);
		bind_time(&b, 5, t->comment_us[c], style);
		rc = b.rc == SQLITE_OK ? db_step(w->comment) : b.rc;
		if (rc != SQLITE_OK) {
			errorf("%s: cannot insert comment of %s: %s", w->path, id,
			       sqlite3_errmsg(w->db));
			return -1;
		}
	}
	if (pi->type == TY_EPIC && pi->last_child > 0) {
		b = (struct binder){w->counter, SQLITE_OK};
		bind_text(&b, 1, id);
		bind_int64(&b, 2, pi->last_child);
		rc = b.rc == SQLITE_OK ? db_step(w->counter) : b.rc;
		if (rc != SQLITE_OK) {
			errorf("%s: cannot insert child counter of %s: %s", w->path, id,
			       sqlite3_errmsg(w->db));
			return -1;
		}
	}
	return 0;
}

static int write_sqlite(const struct plan *p, const char *tmp_path, const char *path,
			struct issue_text *t)
{
	struct sqlite_writer w = {p, path, NULL, NULL, NULL, NULL, NULL, NULL};
	struct strbuf indexes = {NULL, 0, 0};
	sqlite3_stmt *prefix_stmt = NULL;
	int result = -1;

	if (db_create(tmp_path, path, &w.db, &indexes) != 0) {
		sb_free(&indexes);
		return -1;
	}
	if (db_prepare(w.db, path, sql_insert_issue, &w.issue) != 0 ||
	    db_prepare(w.db, path, "INSERT INTO labels (issue_id, label) VALUES (?1, ?2)",
		       &w.label) != 0 ||
	    db_prepare(
		    w.db, path,
		    "INSERT INTO dependencies (issue_id, depends_on_id, type, created_at, created_by)"
		    " VALUES (?1, ?2, ?3, ?4, ?5)",
		    &w.dep) != 0 ||
	    db_prepare(
		    w.db, path,
		    "INSERT INTO comments (id, issue_id, author, text, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
		    &w.comment) != 0 ||
	    db_prepare(w.db, path,
		       "INSERT INTO child_counters (parent_id, last_child) VALUES (?1, ?2)",
		       &w.counter) != 0 ||
	    db_prepare(w.db, path,
		       "INSERT OR REPLACE INTO config (key, value) VALUES ('issue_prefix', ?1)",
		       &prefix_stmt) != 0)
		goto out;

	for (uint32_t i = 0; i < p->n; i++) {
		issue_text_generate(p, i, t);
		if (write_issue_row(&w, i, t) != 0)
			goto out;
	}
	if (sqlite3_bind_text(prefix_stmt, 1, p->prefix, -1, SQLITE_STATIC) != SQLITE_OK ||
	    db_step(prefix_stmt) != SQLITE_OK) {
		errorf("%s: cannot set issue_prefix: %s", path, sqlite3_errmsg(w.db));
		goto out;
	}
	if (db_exec(w.db, path, sb_str(&indexes), "create the indexes") != 0)
		goto out;
	result = 0;
out:
	sqlite3_finalize(w.issue);
	sqlite3_finalize(w.label);
	sqlite3_finalize(w.dep);
	sqlite3_finalize(w.comment);
	sqlite3_finalize(w.counter);
	sqlite3_finalize(prefix_stmt);
	sb_free(&indexes);
	if (result == 0)
		return db_finish(w.db, path);
	sqlite3_close(w.db); /* an open transaction is rolled back; the file is discarded
				anyway */
	return -1;
}

/* =======================================================================================
 */
/* Generate: JSONL writer */
/* =======================================================================================
 */

static bool json_add_string(cJSON *obj, const char *key, const char *value)
{
	return !value || !*value || cJSON_AddStringToObject(obj, key, value) != NULL;
}

static bool json_add_time(cJSON *obj, const char *key, int64_t us)
{
	char buf[TS_BUF];

	if (us == 0)
		return true;
	format_time(buf, us, TS_RFC3339);
	return cJSON_AddStringToObject(obj, key, buf) != NULL;
}

/* One issue in bd's export shape: fields in bd's order, empty ones left out. NULL if out of
 * memory. */
static cJSON *issue_to_json(const struct plan *p, uint32_t i, const struct issue_text *t)
{
	const struct plan_issue *pi = &p->issues[i];
	const char *id = plan_id(p, i);
	cJSON *obj = cJSON_CreateObject();
	cJSON *array;
	bool ok = obj != NULL;

	ok = ok && json_add_string(obj, "id", id);
	ok = ok && json_add_string(obj, "title", sb_str(&t->title));
	ok = ok && json_add_string(obj, "description", sb_str(&t->description));
	ok = ok && json_add_string(obj, "design", sb_str(&t->design));
	ok = ok && json_add_string(obj, "acceptance_criteria", sb_str(&t->acceptance));
	ok = ok && json_add_string(obj, "notes", sb_str(&t->notes));
	ok = ok && json_add_string(obj, "status", status_names[pi->status]);
	ok = ok && cJSON_AddNumberToObject(obj, "priority", pi->priority) != NULL;
	ok = ok && json_add_string(obj, "issue_type", type_names[pi->type]);
	ok = ok && json_add_string(obj, "assignee", t->assignee);
	ok = ok && json_add_string(obj, "owner", t->owner);
	ok = ok && json_add_time(obj, "created_at", pi->created_us);
	ok = ok && json_add_string(obj, "created_by", t->created_by);
	ok = ok && json_add_time(obj, "updated_at", pi->updated_us);
	ok = ok && json_add_time(obj, "closed_at", pi->closed_us);
	ok = ok && json_add_string(obj, "close_reason", sb_str(&t->close_reason));

	if (ok && pi->label_mask) {
		ok = (array = cJSON_AddArrayToObject(obj, "labels")) != NULL;
		for (uint32_t m = pi->label_mask, bit = 0; ok && m; m >>= 1, bit++)
			if (m & 1)
				ok = cJSON_AddItemToArray(array,
							  cJSON_CreateString(label_names[bit]));
	}
	if (ok && pi->dep_count) {
		ok = (array = cJSON_AddArrayToObject(obj, "dependencies")) != NULL;
		for (uint32_t k = pi->dep_start; ok && k < pi->dep_start + pi->dep_count; k++) {
			const struct plan_dep *d = &p->deps[k];
			cJSON *dep = cJSON_CreateObject();
			ok = dep != NULL && cJSON_AddItemToArray(array, dep);
			if (!ok) {
				cJSON_Delete(dep);
				break;
			}
			ok = json_add_string(dep, "issue_id", id) &&
			     json_add_string(dep, "depends_on_id", p->pool + d->target_off) &&
			     json_add_string(dep, "type", dep_type_names[d->type]) &&
			     json_add_time(dep, "created_at", d->created_us) &&
			     json_add_string(dep, "created_by", people[d->author]);
		}
	}
	if (ok && pi->comment_count) {
		ok = (array = cJSON_AddArrayToObject(obj, "comments")) != NULL;
		for (uint32_t c = 0; ok && c < pi->comment_count; c++) {
			cJSON *comment = cJSON_CreateObject();
			ok = comment != NULL && cJSON_AddItemToArray(array, comment);
			if (!ok) {
				cJSON_Delete(comment);
				break;
			}
			ok = cJSON_AddNumberToObject(comment, "id",
						     (double)(pi->first_comment_id + c)) != NULL &&
			     json_add_string(comment, "issue_id", id) &&
			     json_add_string(comment, "author", t->comment_author[c]) &&
			     json_add_string(comment, "text", sb_str(&t->comment_text[c])) &&
			     json_add_time(comment, "created_at", t->comment_us[c]);
		}
	}
	if (ok && t->estimated_minutes)
		ok = cJSON_AddNumberToObject(obj, "estimated_minutes", t->estimated_minutes) !=
		     NULL;
	ok = ok && json_add_time(obj, "due_at", t->due_us);
	ok = ok && json_add_time(obj, "defer_until", pi->defer_us);
	if (ok && pi->status == ST_TOMBSTONE) {
		ok = json_add_time(obj, "deleted_at", pi->updated_us) &&
		     json_add_string(obj, "deleted_by", t->deleted_by) &&
		     json_add_string(obj, "delete_reason", sb_str(&t->delete_reason)) &&
		     json_add_string(obj, "original_type", type_names[pi->type]);
	}
	if (ok && pi->status == ST_PINNED)
		ok = cJSON_AddTrueToObject(obj, "pinned") != NULL;
	if (!ok) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}

struct id_order {
	const char *id;
	uint32_t index;
};

static int compare_id_order(const void *a, const void *b)
{
	return strcmp(((const struct id_order *)a)->id, ((const struct id_order *)b)->id);
}

static int write_jsonl(const struct plan *p, const char *tmp_path, const char *path,
		       struct issue_text *t)
{
	struct id_order *order = xcalloc(p->n, sizeof *order);
	FILE *f = fopen(tmp_path, "w");
	int result = -1;

	if (!f) {
		errorf("cannot create %s: %s", path, strerror(errno));
		free(order);
		return -1;
	}
	/* bd exports sorted by id, bytewise. */
	for (uint32_t i = 0; i < p->n; i++)
		order[i] = (struct id_order){plan_id(p, i), i};
	qsort(order, p->n, sizeof *order, compare_id_order);

	for (uint32_t k = 0; k < p->n; k++) {
		uint32_t i = order[k].index;
		cJSON *obj;
		char *line;

		issue_text_generate(p, i, t);
		obj = issue_to_json(p, i, t);
		if (!obj)
			die_oom();
		line = cJSON_PrintUnformatted(obj);
		cJSON_Delete(obj);
		if (!line)
			die_oom();
		bool written = fputs(line, f) != EOF && putc('\n', f) != EOF;
		cJSON_free(line);
		if (!written) {
			errorf("cannot write %s: %s", path, strerror(errno));
			goto out;
		}
	}
	result = 0;
out:
	if (fclose(f) != 0 && result == 0) {
		errorf("cannot write %s: %s", path, strerror(errno));
		result = -1;
	}
	free(order);
	return result;
}

/* =======================================================================================
 */
/* Import: a beads JSONL export into a fresh database */
/* =======================================================================================
 */

struct importer {
	const char *in_path;
	const char *db_path;
	sqlite3 *db;
	sqlite3_stmt *issue, *label, *dep, *comment, *savepoint, *release, *rollback;
	/* issues columns, in table order; `sorted` indexes them by name for lookups */
	char **col_names;
	sqlite3_value **col_defaults; /* each column's DEFAULT, evaluated once; NULL: none */
	size_t *sorted;
	const cJSON **col_values; /* per line: the JSON value found for each column */
	size_t ncols;
	size_t col_status, col_closed_at, col_updated_at, col_timeout_ns;
	sqlite3_value *now; /* CURRENT_TIMESTAMP, for dependency/comment times */
	unsigned long line_no;
	/* per line, committed to the totals only if the line is kept */
	size_t line_labels, line_deps, line_comments;
	size_t issues, labels, deps, comments, skipped, non_issues, warnings;
};

static void line_warning(struct importer *im, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void line_warning(struct importer *im, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, PROG ": %s:%lu: ", im->in_path, im->line_no);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	im->warnings++;
}

/* Data problems skip the line; anything else (disk full, I/O error...) ends the import. */
static bool is_data_error(int rc)
{
	int primary = rc & 0xff;
	return primary == SQLITE_CONSTRAINT || primary == SQLITE_MISMATCH ||
	       primary == SQLITE_TOOBIG;
}

static size_t find_column(const struct importer *im, const char *name)
{
	size_t lo = 0, hi = im->ncols;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, im->col_names[im->sorted[mid]]);
		if (c == 0)
			return im->sorted[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return SIZE_MAX;
}

struct name_ref {
	const char *name;
	size_t index;
};

static int compare_name_ref(const void *a, const void *b)
{
	return strcmp(((const struct name_ref *)a)->name, ((const struct name_ref *)b)->name);
}

/* Evaluates a column's DEFAULT expression once (e.g. CURRENT_TIMESTAMP, '{}', 2). */
static int eval_default(struct importer *im, const char *expr, sqlite3_value **out)
{
	struct strbuf sql = {NULL, 0, 0};
	sqlite3_stmt *stmt = NULL;
	int result = -1;

	*out = NULL;
	sb_addf(&sql, "SELECT %s", expr);
	if (db_prepare(im->db, im->db_path, sb_str(&sql), &stmt) == 0) {
		if (sqlite3_step(stmt) != SQLITE_ROW)
			errorf("%s: cannot evaluate default %s: %s", im->db_path, expr,
			       sqlite3_errmsg(im->db));
		else if ((*out = sqlite3_value_dup(sqlite3_column_value(stmt, 0))) == NULL)
			die_oom();
		else
			result = 0;
	}
	sqlite3_finalize(stmt);
	sb_free(&sql);
	return result;
}

/* Reads the issues table's columns and defaults, and prepares the statements. */
static int importer_prepare(struct importer *im)
{
	struct strbuf sql = {NULL, 0, 0};
	sqlite3_stmt *info = NULL;
	struct name_ref *refs = NULL;
	size_t cap = 0;
	int rc, result = -1;

	if (db_prepare(im->db, im->db_path, "PRAGMA table_info(issues)", &info) != 0)
		return -1;
	while ((rc = sqlite3_step(info)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(info, 1);
		const char *dflt = (const char *)sqlite3_column_text(info, 4);
		size_t k = im->ncols;

		if (!name)
			die_oom();
		im->col_names = grow_array(im->col_names, &cap, k + 1, sizeof *im->col_names);
		im->col_defaults = xrealloc(im->col_defaults, cap * sizeof *im->col_defaults);
		im->col_names[k] = xstrdup(name);
		im->col_defaults[k] = NULL;
		im->ncols++;
		if (dflt && eval_default(im, dflt, &im->col_defaults[k]) != 0)
			goto out;
	}
	if (rc != SQLITE_DONE) {
		errorf("%s: cannot read the issues columns: %s", im->db_path,
		       sqlite3_errmsg(im->db));
		goto out;
	}

	im->sorted = xcalloc(im->ncols, sizeof *im->sorted);
	im->col_values = xcalloc(im->ncols, sizeof *im->col_values);
	refs = xcalloc(im->ncols, sizeof *refs);
	for (size_t k = 0; k < im->ncols; k++)
		refs[k] = (struct name_ref){im->col_names[k], k};
	qsort(refs, im->ncols, sizeof *refs, compare_name_ref);
	for (size_t k = 0; k < im->ncols; k++)
		im->sorted[k] = refs[k].index;
	im->col_status = find_column(im, "status");
	im->col_closed_at = find_column(im, "closed_at");
	im->col_updated_at = find_column(im, "updated_at");
	im->col_timeout_ns = find_column(im, "timeout_ns");
	if (im->col_status == SIZE_MAX || im->col_closed_at == SIZE_MAX ||
	    im->col_updated_at == SIZE_MAX) {
		errorf("%s: the issues table lacks status, closed_at or updated_at", im->db_path);
		goto out;
	}

	sb_adds(&sql, "INSERT INTO issues (");
	for (size_t k = 0; k < im->ncols; k++)
		sb_addf(&sql, "%s\"%s\"", k ? ", " : "", im->col_names[k]);
	sb_adds(&sql, ") VALUES (");
	for (size_t k = 0; k < im->ncols; k++)
		sb_adds(&sql, k ? ", ?" : "?");
	sb_adds(&sql, ")");
	if (db_prepare(im->db, im->db_path, sb_str(&sql), &im->issue) != 0 ||
	    db_prepare(im->db, im->db_path,
		       "INSERT OR IGNORE INTO labels (issue_id, label) VALUES (?1, ?2)",
		       &im->label) != 0 ||
	    db_prepare(
		    im->db, im->db_path,
		    "INSERT OR IGNORE INTO dependencies (issue_id, depends_on_id, type, created_at, created_by,"
		    " metadata, thread_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		    &im->dep) != 0 ||
	    db_prepare(
		    im->db, im->db_path,
		    "INSERT INTO comments (id, issue_id, author, text, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
		    &im->comment) != 0 ||
	    db_prepare(im->db, im->db_path, "SAVEPOINT line", &im->savepoint) != 0 ||
	    db_prepare(im->db, im->db_path, "RELEASE line", &im->release) != 0 ||
	    db_prepare(im->db, im->db_path, "ROLLBACK TO line", &im->rollback) != 0 ||
	    eval_default(im, "CURRENT_TIMESTAMP", &im->now) != 0)
		goto out;
	result = 0;
out:
	sqlite3_finalize(info);
	free(refs);
	sb_free(&sql);
	return result;
}

static void importer_free(struct importer *im)
{
	sqlite3_finalize(im->issue);
	sqlite3_finalize(im->label);
	sqlite3_finalize(im->dep);
	sqlite3_finalize(im->comment);
	sqlite3_finalize(im->savepoint);
	sqlite3_finalize(im->release);
	sqlite3_finalize(im->rollback);
	for (size_t k = 0; k < im->ncols; k++) {
		free(im->col_names[k]);
		sqlite3_value_free(im->col_defaults[k]);
	}
	free(im->col_names);
	free(im->col_defaults);
	free(im->sorted);
	free(im->col_values);
	sqlite3_value_free(im->now);
	im->issue = im->label = im->dep = im->comment = im->savepoint = im->release = im->rollback =
		NULL;
	im->col_names = NULL;
	im->col_defaults = NULL;
	im->sorted = NULL;
	im->col_values = NULL;
	im->now = NULL;
	im->ncols = 0;
}

/* Binds a JSON value as SQL: strings as text, whole numbers as integers, booleans as 0/1,
 * objects and arrays as their JSON text.  NULL or JSON null binds `fallback` (the column's
 * default, or SQL NULL if that is NULL too). */
static int bind_json(sqlite3_stmt *stmt, int idx, const cJSON *v, const sqlite3_value *fallback)
{
	if (!v || cJSON_IsNull(v))
		return fallback ? sqlite3_bind_value(stmt, idx, fallback)
				: sqlite3_bind_null(stmt, idx);
	if (cJSON_IsString(v))
		return sqlite3_bind_text(stmt, idx, v->valuestring, -1, SQLITE_STATIC);
	if (cJSON_IsBool(v))
		return sqlite3_bind_int(stmt, idx, cJSON_IsTrue(v) ? 1 : 0);
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		if (d >= -9.2e18 && d <= 9.2e18 && d == (double)(int64_t)d)
			return sqlite3_bind_int64(stmt, idx, (int64_t)d);
		return sqlite3_bind_double(stmt, idx, d);
	}
	char *text = cJSON_PrintUnformatted(v);
	if (!text)
		die_oom();
	/* SQLite calls the destructor even when the bind fails. */
	return sqlite3_bind_text(stmt, idx, text, -1, cJSON_free);
}

static const char *json_string(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Returns SQLITE_OK, or the error of the failed statement. */
static int import_issue_row(struct importer *im, const cJSON *obj)
{
	const cJSON *item;
	const char *status;
	int rc = SQLITE_OK;

	for (size_t k = 0; k < im->ncols; k++)
		im->col_values[k] = NULL;
	cJSON_ArrayForEach (item, obj) {
		size_t col;
		if (!item->string)
			continue;
		col = find_column(im, item->string);
		if (col != SIZE_MAX)
			im->col_values[col] = item;
		else if (strcmp(item->string, "timeout") == 0 && im->col_timeout_ns != SIZE_MAX &&
			 !im->col_values[im->col_timeout_ns])
			im->col_values[im->col_timeout_ns] =
				item; /* bd's JSON name for timeout_ns */
	}
	/* The CHECK constraint: closed needs closed_at; only closed and tombstone may have
	 * it. A closed issue without closed_at was closed at its last update at the latest.
	 */
	item = im->col_values[im->col_status];
	status = cJSON_IsString(item) ? item->valuestring : "open";
	item = im->col_values[im->col_closed_at];
	bool has_closed_at = item && !cJSON_IsNull(item);
	bool closed = strcmp(status, "closed") == 0, tombstone = strcmp(status, "tombstone") == 0;
	const sqlite3_value *closed_at_fallback = im->col_defaults[im->col_closed_at];
	if (closed && !has_closed_at) {
		im->col_values[im->col_closed_at] = im->col_values[im->col_updated_at];
		closed_at_fallback = im->col_defaults[im->col_updated_at]; /* no updated_at
									      either: now */
	} else if (!closed && !tombstone && has_closed_at) {
		im->col_values[im->col_closed_at] = NULL;
	}

	for (size_t k = 0; k < im->ncols && rc == SQLITE_OK; k++)
		rc = bind_json(im->issue, (int)k + 1, im->col_values[k],
			       k == im->col_closed_at ? closed_at_fallback : im->col_defaults[k]);
	return rc == SQLITE_OK ? db_step(im->issue) : rc;
}

/* Binds a JSON value through a binder (see bind_json). */
static void bind_json_value(struct binder *b, int idx, const cJSON *v,
			    const sqlite3_value *fallback)
{
	if (b->rc == SQLITE_OK)
		b->rc = bind_json(b->stmt, idx, v, fallback);
}

/* Steps a statement whose parameters went through `b`. */
static int binder_step(const struct binder *b)
{
	return b->rc == SQLITE_OK ? db_step(b->stmt) : b->rc;
}

/* The issue's "labels", "dependencies" or "comments" array; NULL (after a warning if it is
 * something else than an array) when there is none to import. */
static const cJSON *json_array_field(struct importer *im, const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsArray(v)) {
		line_warning(im, "%s is not an array; ignored", key);
		return NULL;
	}
	return v;
}

static int import_labels(struct importer *im, const cJSON *obj, const char *id)
{
	const cJSON *labels = json_array_field(im, obj, "labels"), *label;

	cJSON_ArrayForEach (label, labels) {
		struct binder b = {im->label, SQLITE_OK};
		int rc;

		if (!cJSON_IsString(label)) {
			line_warning(im, "a label is not a string; ignored");
			continue;
		}
		bind_text(&b, 1, id);
		bind_text(&b, 2, label->valuestring);
		if ((rc = binder_step(&b)) != SQLITE_OK)
			return rc;
		im->line_labels += (size_t)sqlite3_changes(im->db); /* 0 for a repeated label */
	}
	return SQLITE_OK;
}

static int import_dependencies(struct importer *im, const cJSON *obj, const char *id)
{
	const cJSON *deps = json_array_field(im, obj, "dependencies"), *dep;

	cJSON_ArrayForEach (dep, deps) {
		const char *target = json_string(dep, "depends_on_id");
		const char *owner = json_string(dep, "issue_id");
		const char *type = json_string(dep, "type");
		const char *created_by = json_string(dep, "created_by");
		struct binder b = {im->dep, SQLITE_OK};
		int rc;

		if (!cJSON_IsObject(dep) || !target || !*target) {
			line_warning(im, "dependency without depends_on_id; ignored");
			continue;
		}
		/* An issue's export lists its own dependencies; keep them on this issue. */
		if (owner && strcmp(owner, id) != 0)
			line_warning(im,
				     "dependency issue_id %s differs from the issue %s; using %s",
				     owner, id, id);
		bind_text(&b, 1, id);
		bind_text(&b, 2, target);
		bind_text(&b, 3, type && *type ? type : "blocks");
		bind_json_value(&b, 4, cJSON_GetObjectItemCaseSensitive(dep, "created_at"),
				im->now);
		bind_text(&b, 5, created_by ? created_by : ""); /* the column is NOT NULL */
		bind_json_value(&b, 6, cJSON_GetObjectItemCaseSensitive(dep, "metadata"), NULL);
		bind_json_value(&b, 7, cJSON_GetObjectItemCaseSensitive(dep, "thread_id"), NULL);
		if ((rc = binder_step(&b)) != SQLITE_OK)
			return rc;
		im->line_deps += (size_t)sqlite3_changes(im->db); /* 0 for a repeated one */
	}
	return SQLITE_OK;
}

/* A comment id to keep: a positive whole number (newer exports use strings, which SQLite
 * replaces with ids of its own). */
static bool json_integer_id(const cJSON *v, int64_t *out)
{
	if (!cJSON_IsNumber(v) || v->valuedouble < 1 || v->valuedouble > 9.2e18 ||
	    v->valuedouble != (double)(int64_t)v->valuedouble)
		return false;
	*out = (int64_t)v->valuedouble;
	return true;
}

static int import_comments(struct importer *im, const cJSON *obj, const char *id)
{
	const cJSON *comments = json_array_field(im, obj, "comments"), *comment;

	cJSON_ArrayForEach (comment, comments) {
		const char *author = json_string(comment, "author");
		const char *text = json_string(comment, "text");
		int64_t comment_id = 0;
		bool keep_id;
		int rc;

		if (!cJSON_IsObject(comment)) {
			line_warning(im, "a comment is not an object; ignored");
			continue;
		}
		keep_id = json_integer_id(cJSON_GetObjectItemCaseSensitive(comment, "id"),
					  &comment_id);
		for (;;) {
			struct binder b = {im->comment, SQLITE_OK};

			if (keep_id)
				bind_int64(&b, 1, comment_id);
			else
				bind_null(&b, 1);
			bind_text(&b, 2, id);
			bind_text(&b, 3, author ? author : "");
			bind_text(&b, 4, text ? text : "");
			bind_json_value(&b, 5,
					cJSON_GetObjectItemCaseSensitive(comment, "created_at"),
					im->now);
			rc = binder_step(&b);
			/* The id is taken (ids are global and files get merged): SQLite
			 * picks one.
			 */
			if (rc == SQLITE_CONSTRAINT_PRIMARYKEY && keep_id) {
				keep_id = false;
				continue;
			}
			break;
		}
		if (rc != SQLITE_OK)
			return rc;
		im->line_comments++;
	}
	return SQLITE_OK;
}

/* Imports one issue (with its labels, dependencies, comments) inside a savepoint, so a line
 * that fails half-way leaves nothing behind.  Returns 0, or -1 on a fatal error. */
static int import_object(struct importer *im, const cJSON *obj)
{
	const char *id = json_string(obj, "id");
	const char *kind = json_string(obj, "_type");
	const char *step = "issue";
	int rc;

	if (kind && strcmp(kind, "issue") != 0) {
		im->non_issues++; /* newer exports mix in other records ("memory"...) */
		return 0;
	}
	if (!id || !*id) {
		line_warning(im, "no \"id\" string; line skipped");
		im->skipped++;
		return 0;
	}
	im->line_labels = im->line_deps = im->line_comments = 0;
	if ((rc = db_step(im->savepoint)) != SQLITE_OK) {
		errorf("%s: %s", im->db_path, sqlite3_errstr(rc));
		return -1;
	}
	rc = import_issue_row(im, obj);
	if (rc == SQLITE_OK) {
		step = "labels";
		rc = import_labels(im, obj, id);
	}
	if (rc == SQLITE_OK) {
		step = "dependencies";
		rc = import_dependencies(im, obj, id);
	}
	if (rc == SQLITE_OK) {
		step = "comments";
		rc = import_comments(im, obj, id);
	}

	if (rc != SQLITE_OK) {
		if (!is_data_error(rc)) {
			errorf("%s: cannot import %s: %s", im->db_path, id, sqlite3_errmsg(im->db));
			return -1;
		}
		if (strcmp(step, "issue") == 0)
			line_warning(im, "cannot import issue %s: %s; line skipped", id,
				     rc == SQLITE_CONSTRAINT_PRIMARYKEY ? "duplicate id"
									: sqlite3_errmsg(im->db));
		else
			line_warning(im, "cannot import the %s of %s: %s; line skipped", step, id,
				     sqlite3_errmsg(im->db));
		im->skipped++;
		if ((rc = db_step(im->rollback)) != SQLITE_OK) {
			errorf("%s: %s", im->db_path, sqlite3_errstr(rc));
			return -1;
		}
	} else {
		im->issues++;
		im->labels += im->line_labels;
		im->deps += im->line_deps;
		im->comments += im->line_comments;
	}
	if ((rc = db_step(im->release)) != SQLITE_OK) {
		errorf("%s: %s", im->db_path, sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

static int import_line(struct importer *im, char *line, size_t len)
{
	const char *end = NULL;
	cJSON *obj;
	int result;

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	if (im->line_no == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
		line += 3; /* a byte-order mark */
		len -= 3;
	}
	if (strspn(line, " \t") == len)
		return 0; /* blank line */
	obj = cJSON_ParseWithLengthOpts(line, len, &end, false);
	if (!obj) {
		size_t column =
			end && end >= line && end <= line + len ? (size_t)(end - line) + 1 : 1;
		line_warning(im, "invalid JSON near column %zu; line skipped", column);
		im->skipped++;
		return 0;
	}
	if (end && strspn(end, " \t") != len - (size_t)(end - line)) {
		line_warning(im, "unexpected text after the JSON object; line skipped");
		im->skipped++;
		cJSON_Delete(obj);
		return 0;
	}
	if (!cJSON_IsObject(obj)) {
		line_warning(im, "not a JSON object; line skipped");
		im->skipped++;
		cJSON_Delete(obj);
		return 0;
	}
	result = import_object(im, obj);
	cJSON_Delete(obj);
	return result;
}

/* After the issues: child_counters from the EPIC.N ids (bd allocates the next child number
 * from it), the blocked cache, and issue_prefix (given, or the most common id prefix). */
static int import_finish(struct importer *im, const char *prefix)
{
	sqlite3_stmt *stmt = NULL;
	int result = -1;

	if (db_exec(im->db, im->db_path,
		    "INSERT OR REPLACE INTO child_counters (parent_id, last_child)"
		    " SELECT d.depends_on_id, max(CAST(substr(d.issue_id, length(d.depends_on_id) + 2) AS INTEGER))"
		    " FROM dependencies d JOIN issues p ON p.id = d.depends_on_id"
		    " WHERE d.type = 'parent-child'"
		    "   AND substr(d.issue_id, 1, length(d.depends_on_id) + 1) = d.depends_on_id || '.'"
		    "   AND substr(d.issue_id, length(d.depends_on_id) + 2) NOT GLOB '*[^0-9]*'"
		    "   AND length(d.issue_id) > length(d.depends_on_id) + 1"
		    " GROUP BY d.depends_on_id",
		    "fill child_counters") != 0)
		return -1;
	if (prefix) {
		if (db_prepare(
			    im->db, im->db_path,
			    "INSERT OR REPLACE INTO config (key, value) VALUES ('issue_prefix', ?1)",
			    &stmt) != 0)
			return -1;
		if (sqlite3_bind_text(stmt, 1, prefix, -1, SQLITE_STATIC) != SQLITE_OK)
			goto fail;
	} else if (
		db_prepare(
			im->db, im->db_path,
			"INSERT OR REPLACE INTO config (key, value)"
			" SELECT 'issue_prefix', substr(id, 1, instr(id, '-') - 1) AS p FROM issues"
			" WHERE instr(id, '-') > 1 GROUP BY p ORDER BY count(*) DESC, p LIMIT 1",
			&stmt) != 0) {
		return -1;
	}
	if (db_step(stmt) != SQLITE_OK)
		goto fail;
	result = 0;
	goto out;
fail:
	errorf("%s: cannot set issue_prefix: %s", im->db_path, sqlite3_errmsg(im->db));
out:
	sqlite3_finalize(stmt);
	return result;
}

struct options {
	const char *sqlite_path, *jsonl_path, *import_path, *prefix, *now_text;
	uint64_t count, seed;
	bool count_set, seed_set, prefix_set, demo, force;
};

static int run_import(const struct options *o)
{
	struct importer im;
	char *tmp_path = NULL, *line = NULL;
	size_t line_cap = 0;
	ssize_t len;
	FILE *in = NULL;
	int result = EXIT_ERROR;
	bool db_open = false;

	memset(&im, 0, sizeof im);
	im.in_path = o->import_path;
	im.db_path = o->sqlite_path;
	im.col_status = im.col_closed_at = im.col_updated_at = im.col_timeout_ns = SIZE_MAX;
	if (check_output(o->sqlite_path, o->force, true) != 0)
		return EXIT_ERROR;
	in = fopen(o->import_path, "r");
	if (!in) {
		errorf("cannot open %s: %s", o->import_path, strerror(errno));
		return EXIT_ERROR;
	}
	tmp_path = temp_path_for(o->sqlite_path);
	if (db_create(tmp_path, o->sqlite_path, &im.db, NULL) != 0)
		goto out;
	db_open = true;
	if (importer_prepare(&im) != 0)
		goto out;

	errno = 0;
	while ((len = getline(&line, &line_cap, in)) != -1) {
		im.line_no++;
		if (import_line(&im, line, (size_t)len) != 0)
			goto out;
		errno = 0;
	}
	if (ferror(in)) {
		errorf("cannot read %s: %s", o->import_path, strerror(errno ? errno : EIO));
		goto out;
	}
	if (import_finish(&im, o->prefix_set ? o->prefix : NULL) != 0)
		goto out;
	importer_free(&im);
	db_open = false;
	if (db_finish(im.db, o->sqlite_path) != 0 ||
	    commit_output(tmp_path, o->sqlite_path, true) != 0)
		goto out;

	fprintf(stderr, PROG ": imported %zu issues, %zu labels, %zu dependencies, %zu comments",
		im.issues, im.labels, im.deps, im.comments);
	if (im.skipped)
		fprintf(stderr, "; skipped %zu line%s", im.skipped, im.skipped == 1 ? "" : "s");
	if (im.non_issues)
		fprintf(stderr, "; ignored %zu non-issue record%s", im.non_issues,
			im.non_issues == 1 ? "" : "s");
	fputc('\n', stderr);
	result = EXIT_OK;
out:
	if (db_open) {
		importer_free(&im);
		sqlite3_close(im.db);
	}
	if (result != EXIT_OK)
		discard_output(tmp_path, true);
	free(tmp_path);
	free(line);
	if (fclose(in) != 0 && result == EXIT_OK) {
		errorf("cannot read %s: %s", o->import_path, strerror(errno));
		result = EXIT_ERROR;
	}
	return result;
}

/* =======================================================================================
 */
/* Generate: driver */
/* =======================================================================================
 */

static int run_generate(const struct options *o)
{
	struct plan p;
	struct issue_text text;
	char *db_tmp = NULL, *jsonl_tmp = NULL;
	int result = EXIT_ERROR;

	memset(&p, 0, sizeof p);
	memset(&text, 0, sizeof text);
	if ((o->sqlite_path && check_output(o->sqlite_path, o->force, true) != 0) ||
	    (o->jsonl_path && check_output(o->jsonl_path, o->force, false) != 0))
		return EXIT_ERROR;
	p.seed = o->seed;
	p.n = (uint32_t)o->count;
	p.prefix = o->prefix;
	if (!parse_rfc3339(o->now_text, &p.now_us)) {
		errorf("--now: not an RFC 3339 time: %s",
		       o->now_text); /* checked in parse_options */
		return EXIT_USAGE;
	}
	plan_build(&p);

	if (o->sqlite_path) {
		db_tmp = temp_path_for(o->sqlite_path);
		if (write_sqlite(&p, db_tmp, o->sqlite_path, &text) != 0)
			goto out;
	}
	if (o->jsonl_path) {
		jsonl_tmp = temp_path_for(o->jsonl_path);
		if (write_jsonl(&p, jsonl_tmp, o->jsonl_path, &text) != 0)
			goto out;
	}
	/* Both outputs are complete: put them in place. */
	if ((db_tmp && commit_output(db_tmp, o->sqlite_path, true) != 0) ||
	    (jsonl_tmp && commit_output(jsonl_tmp, o->jsonl_path, false) != 0))
		goto out;
	fprintf(stderr,
		PROG ": generated %" PRIu32 " issues, %zu labels, %zu dependencies, %zu comments\n",
		p.n, p.label_total, p.dep_len, p.comment_total);
	result = EXIT_OK;
out:
	if (result != EXIT_OK) {
		if (db_tmp)
			discard_output(db_tmp, true);
		if (jsonl_tmp)
			discard_output(jsonl_tmp, false);
	}
	free(db_tmp);
	free(jsonl_tmp);
	issue_text_free(&text);
	plan_free(&p);
	return result;
}

/* =======================================================================================
 */
/* Command line */
/* =======================================================================================
 */

static void print_usage(FILE *out)
{
	fputs("Usage: " PROG
	      " --count N [--seed S] [--prefix P] [--now TIME] [--sqlite OUT.db] [--jsonl OUT.jsonl]\n"
	      "       " PROG " --demo [--sqlite OUT.db] [--jsonl OUT.jsonl]\n"
	      "       " PROG " --import IN.jsonl --sqlite OUT.db [--prefix P]\n"
	      "       (add --force to replace existing output files)\n"
	      "\n"
	      "Generate synthetic beads issues shaped like a real project, or import a beads JSONL\n"
	      "export, into a database with the beads v0.50.3 schema (and/or a JSONL export).\n"
	      "The same arguments always produce byte-identical files.\n"
	      "\n"
	      "  --count N         number of issues to generate (1 to 10000000)\n"
	      "  --seed S          random seed (default 1)\n"
	      "  --prefix P        issue id prefix (default \"demo\"); with --import, the\n"
	      "                    issue_prefix config value (default: the most common prefix)\n"
	      "  --now TIME        RFC 3339 time the data ends at (default 2026-11-01T00:00:00Z);\n"
	      "                    issues span the 18 months before it\n"
	      "  --sqlite OUT.db   write a SQLite database (WAL mode, like bd)\n"
	      "  --jsonl OUT.jsonl write a beads JSONL export (sorted by id)\n"
	      "  --demo            same as --count 300 --seed 42 --prefix demo: every status and\n"
	      "                    type, nested epics, blocking chains, labels, comments, CJK\n"
	      "  --import IN.jsonl import a beads JSONL export (needs --sqlite)\n"
	      "  --force           replace existing output files\n"
	      "  -h, --help        show this help\n"
	      "\n"
	      "Exit status: 0 on success, 1 on error, 2 on a usage error.\n",
	      out);
}

static int usage_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry '" PROG " --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || *s < '0' || *s > '9')
		return false; /* strtoull would accept "-1" and " 1" */
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	*out = (uint64_t)v;
	return true;
}

/* Prefixes as bd accepts them: letters, digits, '-', '.', '_', not starting or ending with
 * '-'. */
static bool valid_prefix(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > 64 || s[0] == '-' || s[len - 1] == '-')
		return false;
	for (size_t k = 0; k < len; k++) {
		char c = s[k];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '.' || c == '_'))
			return false;
	}
	return true;
}

/* Returns -1 to go on, or the exit code. */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const char *const with_value[] = {"--count", "--seed", "--prefix", "--sqlite",
						 "--jsonl", "--now",  "--import"};
	int64_t now_us;

	memset(o, 0, sizeof *o);
	o->seed = 1;
	o->prefix = "demo";
	o->now_text = "2026-11-01T00:00:00Z";
	for (int k = 1; k < argc; k++) {
		const char *arg = argv[k], *value = NULL;
		const char *eq = strchr(arg, '=');
		char name[32];
		size_t name_len =
			eq && strncmp(arg, "--", 2) == 0 ? (size_t)(eq - arg) : strlen(arg);
		bool needs_value = false;

		if (name_len >= sizeof name)
			return usage_error("unknown option: %s", arg);
		memcpy(name, arg, name_len);
		name[name_len] = '\0';
		for (size_t w = 0; w < ARRAY_LEN(with_value); w++)
			needs_value = needs_value || strcmp(name, with_value[w]) == 0;
		if (needs_value) {
			if (eq && name_len < strlen(arg))
				value = eq + 1;
			else if (k + 1 < argc)
				value = argv[++k];
			else
				return usage_error("option %s needs a value", name);
		} else if (name_len < strlen(arg)) {
			return usage_error("option %s takes no value", name);
		}

		if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0) {
			print_usage(stdout);
			return fflush(stdout) == 0 ? EXIT_OK : EXIT_ERROR;
		} else if (strcmp(name, "--count") == 0) {
			if (!parse_u64(value, &o->count) || o->count < 1 || o->count > MAX_COUNT)
				return usage_error(
					"--count: expected a number from 1 to %u, got \"%s\"",
					MAX_COUNT, value);
			o->count_set = true;
		} else if (strcmp(name, "--seed") == 0) {
			if (!parse_u64(value, &o->seed))
				return usage_error(
					"--seed: expected a non-negative integer, got \"%s\"",
					value);
			o->seed_set = true;
		} else if (strcmp(name, "--prefix") == 0) {
			if (!valid_prefix(value))
				return usage_error(
					"--prefix: \"%s\" is not a valid prefix (letters, digits, '-', '.', '_')",
					value);
			o->prefix = value;
			o->prefix_set = true;
		} else if (strcmp(name, "--sqlite") == 0) {
			o->sqlite_path = value;
		} else if (strcmp(name, "--jsonl") == 0) {
			o->jsonl_path = value;
		} else if (strcmp(name, "--import") == 0) {
			o->import_path = value;
		} else if (strcmp(name, "--now") == 0) {
			o->now_text = value;
		} else if (strcmp(name, "--demo") == 0) {
			o->demo = true;
		} else if (strcmp(name, "--force") == 0) {
			o->force = true;
		} else if (arg[0] != '-') {
			return usage_error("unexpected argument: %s", arg);
		} else {
			return usage_error("unknown option: %s", arg);
		}
	}

	if (o->import_path) {
		if (o->count_set || o->seed_set || o->demo || o->jsonl_path)
			return usage_error(
				"--import cannot be combined with --count, --seed, --demo or --jsonl");
		if (!o->sqlite_path)
			return usage_error("--import needs --sqlite OUT.db");
		return -1;
	}
	if (o->demo) {
		if (o->count_set || o->seed_set || o->prefix_set)
			return usage_error("--demo already sets --count, --seed and --prefix");
		o->count = 300;
		o->seed = 42;
		o->prefix = "demo";
	} else if (!o->count_set) {
		return usage_error("nothing to do: give --count N, --demo or --import FILE");
	}
	if (!o->sqlite_path && !o->jsonl_path)
		return usage_error(
			"give at least one output: --sqlite OUT.db and/or --jsonl OUT.jsonl");
	if (o->sqlite_path && o->jsonl_path && strcmp(o->sqlite_path, o->jsonl_path) == 0)
		return usage_error("--sqlite and --jsonl name the same file");
	if (!parse_rfc3339(o->now_text, &now_us))
		return usage_error("--now: not an RFC 3339 time: \"%s\"", o->now_text);
	/* The history starts 18 months before now and years must stay four-digit. */
	if (now_us < days_from_civil(1972, 1, 1) * US_PER_DAY ||
	    now_us >= days_from_civil(9999, 1, 1) * US_PER_DAY)
		return usage_error("--now: must be between 1972 and 9998");
	return -1;
}

int main(int argc, char **argv)
{
	struct options o;
	int rc = parse_options(argc, argv, &o);

	if (rc >= 0)
		return rc;
	return o.import_path ? run_import(&o) : run_generate(&o);
}
