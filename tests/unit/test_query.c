/* The query language: every term of the filter line on small hand-made
 * issue sets, negation, or, parentheses, sort: orders, errors with their
 * byte positions, smart case, Unicode case folding, completion. */
#include "testutil.h"

#include <locale.h>

#include "../../model/query.h"

#define NOW (timestamp_parse("2026-06-01T00:00:00Z"))

static int64_t at(const char *when)
{
	int64_t t = timestamp_parse(when);
	assert_true(t != TIME_NONE);
	return t;
}

static struct issue *add(struct issue_set *set, const char *id, const char *status, int prio, const char *type,
			 const char *title)
{
	struct issue *issue = issue_set_add(set, id);
	issue_set_set_status(set, issue, status);
	issue->priority = (uint8_t)prio;
	issue->issue_type = issue_set_intern(set, type);
	issue->title = issue_set_strdup(set, title);
	issue->created_at = issue->updated_at = at("2026-01-10T08:00:00Z");
	if (issue->status_kind == STATUS_CLOSED)
		issue->closed_at = at("2026-02-01T00:00:00Z");
	return issue;
}

/* The fixture most tests share (NOW is 2026-06-01):
 *   t-1    open p0 bug      alice/olga  perf,backend  created 05-30, updated 05-31, 3 comments
 *   t-2    in_progress p1   bob         cli           created 05-01, updated 05-20
 *   t-3    open p2 task     -           -             Latin-1 letters in the title
 *   t-4    closed p3 chore  alice       perf          closed 2026-03-15 12:00
 *   t-5    open p1 epic     parent of t-5.1 and t-5.2
 *   t-5.1  open p2 task     child
 *   t-5.2  open p2 task     child, blocked by t-1 (blocks), related to t-3
 *   t-6    deferred p4 feature
 *   t-7    pinned p2 task
 *   t-8    tombstone p0 bug
 *   t-9    open p3 task     defer_until in the future
 *   T-10   open p4 decision upper-case id, owner bob, a URL in the title */
static struct issue_set *fixture(void)
{
	struct issue_set *set = issue_set_new();
	struct issue *i;

	i = add(set, "t-1", "open", 0, "bug", "Sync engine crashes on start");
	i->assignee = issue_set_intern(set, "alice");
	i->owner = issue_set_intern(set, "olga");
	i->created_at = at("2026-05-30T10:00:00Z");
	i->updated_at = at("2026-05-31T10:00:00Z");
	i = add(set, "t-2", "in_progress", 1, "feature", "Add export command (json)");
	i->assignee = issue_set_intern(set, "bob");
	i->created_at = at("2026-05-01T00:00:00Z");
	i->updated_at = at("2026-05-20T00:00:00Z");
	add(set, "t-3", "open", 2, "task", "\xc3\x89p\xc3\xa9" "e and \xc3\x84rger in the title");
	i = add(set, "t-4", "closed", 3, "chore", "Closed thing about sync");
	i->assignee = issue_set_intern(set, "alice");
	i->created_at = at("2026-03-01T00:00:00Z");
	i->updated_at = at("2026-03-15T12:00:00Z");
	i->closed_at = at("2026-03-15T12:00:00Z");
	add(set, "t-5", "open", 1, "epic", "Epic: the big plan");
	add(set, "t-5.1", "open", 2, "task", "First step of the plan");
	add(set, "t-5.2", "open", 2, "task", "Second step: SYNC the plan");
	add(set, "t-6", "deferred", 4, "feature", "Deferred work");
	add(set, "t-7", "pinned", 2, "task", "Pinned note");
	add(set, "t-8", "tombstone", 0, "bug", "Gone sync issue");
	add(set, "t-9", "open", 3, "task", "Waits until summer")->defer_until = at("2026-07-01T00:00:00Z");
	add(set, "T-10", "open", 4, "decision", "Upper-case id, see https://example.com/x")->owner = issue_set_intern(set, "bob");

	issue_set_add_label(set, "t-1", "perf");
	issue_set_add_label(set, "t-1", "backend");
	issue_set_add_label(set, "t-2", "cli");
	issue_set_add_label(set, "t-4", "perf");
	issue_set_add_dep(set, "t-5.1", "t-5", "parent-child");
	issue_set_add_dep(set, "t-5.2", "t-5", "parent-child");
	issue_set_add_dep(set, "t-5.2", "t-1", "blocks");
	issue_set_add_dep(set, "t-5.2", "t-3", "related");
	issue_set_add_comment_count(set, "t-1", 3);
	issue_set_finish(set, NOW);
	return set;
}

static const struct query_context ctx_alice = {"alice", 0};

static struct query_context context(void)
{
	struct query_context c = ctx_alice;
	c.now = NOW;
	return c;
}

/* The ids query_run returns, space separated, in its order. */
static void run_ids(const struct issue_set *set, const struct query_context *ctx, const char *text, char *out,
		    size_t size)
{
	struct query_error err;
	struct query *q = query_compile(text, ctx, &err);
	uint32_t *rows = xmalloc((set->count ? set->count : 1) * sizeof(*rows));
	size_t n, i, len = 0;
	if (!q)
		fail_msg("query '%s' did not compile: %s at %zu", text, err.msg, err.pos);
	n = query_run(q, set, rows);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		int w = snprintf(out + len, size - len, "%s%s", i ? " " : "", set->issues[rows[i]].id);
		assert_true(w > 0 && (size_t)w < size - len);
		len += (size_t)w;
	}
	/* query_match agrees with query_run on every shown issue */
	for (i = 0; i < n; i++)
		assert_true(query_match(q, set, &set->issues[rows[i]]));
	free(rows);
	query_free(q);
}

static int cmp_id_ptr(const void *a, const void *b)
{
	return id_compare_natural(*(const char *const *)a, *(const char *const *)b);
}

/* The same, as a set: sorted ids, so that expectations do not depend on
 * the default order. */
static void set_ids(const struct issue_set *set, const struct query_context *ctx, const char *text, char *out,
		    size_t size)
{
	char ordered[1024], *words[64], *tok, *save = NULL;
	size_t n = 0, i, len = 0;
	run_ids(set, ctx, text, ordered, sizeof(ordered));
	for (tok = strtok_r(ordered, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		assert_true(n < ARRAY_SIZE(words));
		words[n++] = tok;
	}
	qsort(words, n, sizeof(*words), cmp_id_ptr);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		int w = snprintf(out + len, size - len, "%s%s", i ? " " : "", words[i]);
		assert_true(w > 0 && (size_t)w < size - len);
		len += (size_t)w;
	}
}

#define EXPECT_SET(set, ctx, text, want)                                                                    \
	do {                                                                                               \
		char got_[1024];                                                                           \
		set_ids((set), (ctx), (text), got_, sizeof(got_));                                         \
		if (strcmp(got_, (want)) != 0)                                                             \
			fail_msg("query '%s': got [%s], want [%s]", (text), got_, (want));                 \
	} while (0)

#define EXPECT_ORDER(set, ctx, text, want)                                                                  \
	do {                                                                                               \
		char got_[1024];                                                                           \
		run_ids((set), (ctx), (text), got_, sizeof(got_));                                         \
		if (strcmp(got_, (want)) != 0)                                                             \
			fail_msg("query '%s': got order [%s], want [%s]", (text), got_, (want));           \
	} while (0)

/* A bad query: NULL, the error at byte `pos`, a message holding `what`. */
static void expect_error(const struct query_context *ctx, const char *text, size_t pos, const char *what)
{
	struct query_error err;
	struct query *q = query_compile(text, ctx, &err);
	if (q) {
		query_free(q);
		fail_msg("query '%s' compiled, want the error '%s' at %zu", text, what, pos);
	}
	if (!strstr(err.msg, what) || err.pos != pos)
		fail_msg("query '%s': error '%s' at %zu, want '%s' at %zu", text, err.msg, err.pos, what, pos);
}

#define ALL_SHOWN "T-10 t-1 t-2 t-3 t-4 t-5 t-5.1 t-5.2 t-6 t-7 t-9"
#define ALL_SHOWN_BUT_T10 "t-1 t-2 t-3 t-4 t-5 t-5.1 t-5.2 t-6 t-7 t-9"

/* Empty and blank queries match everything but tombstones, in the
 * default order. */
static void test_empty_query(void **state)
{
	struct issue_set *set = fixture();
	struct query_context ctx = context();
	char got[1024], want[1024];
	size_t i, len = 0;
	(void)state;
	EXPECT_SET(set, &ctx, "", ALL_SHOWN);
	EXPECT_SET(set, &ctx, "  \t ", ALL_SHOWN);
	want[0] = '\0';
	for (i = 0; i < set->order_count; i++)
		len += (size_t)snprintf(want + len, sizeof(want) - len, "%s%s", i ? " " : "", set->issues[set->order[i]].id);
	run_ids(set, &ctx, "", got, sizeof(got));
	assert_string_equal(got, want);
	issue_set_free(set);
}

/* Free words: id and title, any case, all words must match. */
static void test_words(void **state)
{
	struct issue_set *set = fixture();
	struct query_context ctx = context();
	(void)state;
	EXPECT_SET(set, &ctx, "sync", "t-1 t-4 t-5.2");
	EXPECT_SET(set, &ctx, "plan", "t-5 t-5.1 t-5.2");
	EXPECT_SET(set, &ctx, "plan step", "t-5.1 t-5.2");
	EXPECT_SET(set, &ctx, "plan and step", "t-5.1 t-5.2");
	EXPECT_SET(set, &ctx, "t-5", "t-5 t-5.1 t-5.2");
	EXPECT_SET(set, &ctx, "5.1", "t-5.1");
	EXPECT_SET(set, &ctx, "t-10", "T-10");
	EXPECT_SET(set, &ctx, "nothing-like-this", "");
	/* a phrase keeps its blanks and its order */
	EXPECT_SET(set, &ctx, "\"the plan\"", "t-5.1 t-5.2");
	EXPECT_SET(set, &ctx, "\"step of\"", "t-5.1");
	EXPECT_SET(set, &ctx, "\"of step\"", "");
	EXPECT_SET(set, &ctx, "\"step: sync\"", "t-5.2");
	/* parentheses inside a word are text, not a group */
	EXPECT_SET(set, &ctx, "(json)", "t-2");
	EXPECT_SET(set, &ctx, "command(json)", "");
	EXPECT_SET(set, &ctx, "\"command (json)\"", "t-2");
	/* so is a ) that closes no group */
	EXPECT_SET(set, &ctx, "json)", "t-2");
	EXPECT_SET(set, &ctx, "step)", "");
	/* a URL is a word, not a field */
	EXPECT_SET(set, &ctx, "https://example.com", "T-10");
	EXPECT_SET(set, &ctx, "-https://example.com", ALL_SHOWN_BUT_T10);
	EXPECT_SET(set, &ctx, "http://example.com", "");
	issue_set_free(set);
}

/* Smart case: lower case matches any case; an upper-case letter makes
 * that word exact. */
static void test_smart_case(void **state)
{
	struct issue_set *set = fixture();
	struct query_context ctx = context();
	struct query_error err;
	struct query *q;
	(void)state;
	EXPECT_SET(set, &ctx, "sync", "t-1 t-4 t-5.2");
	EXPECT_SET(set, &ctx, "Sync", "t-1");
	EXPECT_SET(set, &ctx, "SYNC", "t-5.2");
	EXPECT_SET(set, &ctx, "sYnc", "");
	EXPECT_SET(set, &ctx, "T-", "T-10");
	/* per word: "Sync" exact, "ENGINE" exact and absent */
	EXPECT_SET(set, &ctx, "Sync engine", "t-1");
	EXPECT_SET(set, &ctx, "Sync ENGINE", "");
	q = query_compile("sync plan", &ctx, &err);
	assert_non_null(q);
	assert_false(query_case_sensitive(q));
	query_free(q);
	q = query_compile("sync Plan", &ctx, &err);
	assert_non_null(q);
	assert_true(query_case_sensitive(q));
	query_free(q);
	issue_set_free(set);
}

/* Latin letters fold through Unicode case mapping: É matches é, Ä ä. */
static void test_unicode_folding(void **state)
{
	struct issue_set *set = fixture();
	struct query_context ctx = context();
	(void)state;
	EXPECT_SET(set, &ctx, "\xc3\xa9p\xc3\xa9" "e", "t-3");          /* épée */
	EXPECT_SET(set, &ctx, "\xc3\xa4rger", "t-3");                    /* ärger */
	EXPECT_SET(set, &ctx, "\"\xc3\xa9p\xc3\xa9" "e and \xc3\xa4" "\"", "t-3");
	EXPECT_SET(set, &ctx, "epee", "");                               /* no accent stripping */
	/* upper case is exact, also outside ASCII */
	EXPECT_SET(set, &ctx, "\xc3\x84rger", "t-3");                    /* Ärger */
	EXPECT_SET(set, &ctx, "\xc3\x89P\xc3\x89" "E", "");              /* ÉPÉE */
	issue_set_free(set);
	/* and the other way: a lower-case title, an accented word */
	set = issue_set_new();
	add(set, "u-1", "open", 2, "task", "caf\xc3\xa9 \xc3\xb6l");
	add(set, "u-2", "open", 2, "task", "CAF\xc3\x89 \xc3\x96L");
	add(set, "u-3", "open", 2, "task", "cafe ol");
	/* the two letters outside ASCII that fold into it: KELVIN SIGN to k,
	 * capital I with a dot to i */
	add(set, "u-4", "open", 2, "task", "300 \xe2\x84\xaa" "elvin \xe2\x80\x94 \xc4\xb0stanbul");
	add(set, "u-5", "open", 2, "task", "Kelvin \xe2\x80\x94 dash");
	add(set, "u-6", "open", 2, "task", "Box \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e! \xff");
	issue_set_finish(set, NOW);
	EXPECT_SET(set, &ctx, "kelvin", "u-4 u-5");
	EXPECT_SET(set, &ctx, "istanbul", "u-4");
	EXPECT_SET(set, &ctx, "\"\xe2\x80\x94 d\"", "u-5");
	EXPECT_SET(set, &ctx, "0 kel", "u-4");
	/* needles outside ASCII, at the start or after ASCII, and bad UTF-8 */
	EXPECT_SET(set, &ctx, "\xe6\x97\xa5\xe6\x9c\xac", "u-6");          /* 日本 */
	EXPECT_SET(set, &ctx, "x \xe6\x97\xa5", "u-6");
	EXPECT_SET(set, &ctx, "\"x \xe6\x97\xa5\"", "u-6");
	EXPECT_SET(set, &ctx, "\"o \xe6\x97\xa5\"", "");
	EXPECT_SET(set, &ctx, "\"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e!\"", "u-6");
	EXPECT_SET(set, &ctx, "\xe8\xaa\x9e\xe6\x97\xa5", "");
	EXPECT_SET(set, &ctx, "fe\xc3\xb6l", "");
	EXPECT_SET(set, &ctx, "\"\xc3\xa9 \xc3\xb6\"", "u-1 u-2");
	EXPECT_SET(set, &ctx, "\xff", "u-6");
	EXPECT_SET(set, &ctx, "caf\xc3\xa9", "u-1 u-2");
	EXPECT_SET(set, &ctx, "\xc3\xb6l", "u-1 u-2");
	EXPECT_SET(set, &ctx, "CAF\xc3\x89", "u-2");
	EXPECT_SET(set, &ctx, "re:/caf\xc3\xa9/", "u-1 u-2");
	issue_set_free(set);
}

/* re:/ERE/ on id and title, smart case, blanks and parentheses inside. */
static void test_regex(void **state)
{
	struct issue_set *set = fixture();
	struct query_context ctx = context();
	(void)state;
	EXPECT_SET(set, &ctx, "re:/^sync/", "t-1");
	EXPECT_SET(set, &ctx, "re:/^Sync/", "t-1");
	EXPECT_SET(set, &ctx, "re:/sync$/", "t-4");
	EXPECT_SET(set, &ctx, "re:/(first|second) step/", "t-5.1 t-5.2");
	EXPECT_SET(set, &ctx, "re:/SYNC/", "t-5.2");
	EXPECT_SET(set, &ctx, "re:/^t-5\\.[0-9]+$/", "t-5.1 t-5.2");
	EXPECT_SET(set, &ctx, "re:/t-[0-9]{2}/", "T-10");
	EXPECT_SET(set, &ctx, "-re:/t-/", "");
	EXPECT_SET(set, &ctx, "re:/plan/ re:/first/", "t-5.1");
	EXPECT_SET(set, &ctx, "(re:/crash/)", "t-1");
	issue_set_free(set);
}

/* status:, is:, type: and p0..p4 / prio: ranges. */
static void test_fields(void **state)
{
	struct issue_set *set = fixture();
	struct query_context ctx = context();
	(void)state;
	EXPECT_SET(set, &ctx, "status:open", "T-10 t-1 t-3 t-5 t-5.1 t-5.2 t-9");
	EXPECT_SET(set, &ctx, "status:in_progress,closed", "t-2 t-4");
	EXPECT_SET(set, &ctx, "status:closed,in_progress", "t-2 t-4");
	EXPECT_SET(set, &ctx, "status:pinned", "t-7");
	EXPECT_SET(set, &ctx, "status:nope", "");
	EXPECT_SET(set, &ctx, "is:open", "T-10 t-1 t-2 t-3 t-5 t-5.1 t-5.2 t-6 t-7 t-9");
	EXPECT_SET(set, &ctx, "is:closed", "t-4");
	EXPECT_SET(set, &ctx, "is:ready", "T-10 t-1 t-2 t-3 t-5 t-5.1");
	EXPECT_SET(set, &ctx, "is:blocked", "t-5.2");
	EXPECT_SET(set, &ctx, "is:deferred", "t-6 t-9");
	EXPECT_SET(set, &ctx, "is:in_progress", "t-2");
	EXPECT_SET(set, &ctx, "is:wip", "t-2");
	EXPECT_SET(set, &ctx, "is:pinned", "t-7");
	EXPECT_SET(set, &ctx, "is:epic", "t-5");
	EXPECT_SET(set, &ctx, "is:bug", "t-1");
	EXPECT_SET(set, &ctx, "type:task", "t-3 t-5.1 t-5.2 t-7 t-9");
	EXPECT_SET(set, &ctx, "type:bug,feature", "t-1 t-2 t-6");
	EXPECT_SET(set, &ctx, "type:decision", "T-10");
	EXPECT_SET(set, &ctx, "prio:0", "t-1");
	EXPECT_SET(set, &ctx, "priority:0", "t-1");
	EXPECT_SET(set, &ctx, "p0", "t-1");
	EXPECT_SET(set, &ctx, "P1", "t-2 t-5");
	EXPECT_SET(set, &ctx, "p2", "t-3 t-5.1 t-5.2 t-7");
	EXPECT_SET(set, &ctx, "p3", "t-4 t-9");
	EXPECT_SET(set, &ctx, "p4", "T-10 t-6");
	EXPECT_SET(set, &ctx, "prio:p4", "T-10 t-6");
	EXPECT_SET(set, &ctx, "prio:<2", "t-1 t-2 t-5");
	EXPECT_SET(set, &ctx, "prio:<=1", "t-1 t-2 t-5");
	EXPECT_SET(set, &ctx, "prio:<=2", "t-1 t-2 t-3 t-5 t-5.1 t-5.2 t-7");
	EXPECT_SET(set, &ctx, "prio:>2", "T-10 t-4 t-6 t-9");
	EXPECT_SET(set, &ctx, "prio:>=3", "T-10 t-4 t-6 t-9");
	EXPECT_SET(set, &ctx, "prio:1..2", "t-2 t-3 t-5 t-5.1 t-5.2 t-7");
	EXPECT_SET(set, &ctx, "prio:3..3", "t-4 t-9");
	EXPECT_SET(set, &ctx, "prio:<0", "");
	/* a word that only looks like the shorthand */
	EXPECT_SET(set, &ctx, "p5", "");
	issue_set_free(set);
}

/* assignee:, owner:, label:, id:. */
static void test_people_labels_ids(void **state)
{
	struct issue_set *set = fixture();
	struct query_context ctx = context();
	struct query_context bob = {"bob", 0};
	(void)state;
	EXPECT_SET(set, &ctx, "assignee:alice", "t-1 t-4");
	EXPECT_SET(set, &ctx, "assignee:alice,bob", "t-1 t-2 t-4");
	EXPECT_SET(set, &ctx, "assignee:none", "T-10 t-3 t-5 t-5.1 t-5.2 t-6 t-7 t-9");
	EXPECT_SET(set, &ctx, "assignee:me", "t-1 t-4");
	bob.now = NOW;
	EXPECT_SET(set, &bob, "assignee:me", "t-2");
	/* the special values also inside a list */
	EXPECT_SET(set, &bob, "assignee:me,alice", "t-1 t-2 t-4");
	EXPECT_SET(set, &ctx, "assignee:none,bob", "T-10 t-2 t-3 t-5 t-5.1 t-5.2 t-6 t-7 t-9");
	EXPECT_SET(set, &ctx, "assignee:Alice", "");
	EXPECT_SET(set, &ctx, "owner:olga", "t-1");
	EXPECT_SET(set, &ctx, "owner:bob", "T-10");
	EXPECT_SET(set, &ctx, "owner:none", "t-2 t-3 t-4 t-5 t-5.1 t-5.2 t-6 t-7 t-9");
	EXPECT_SET(set, &ctx, "label:perf", "t-1 t-4");
	EXPECT_SET(set, &ctx, "label:backend", "t-1");
	EXPECT_SET(set, &ctx, "label:cli,backend", "t-1 t-2");
	EXPECT_SET(set, &ctx, "label:none", "T-10 t-3 t-5 t-5.1 t-5.2 t-6 t-7 t-9");
	EXPECT_SET(set, &ctx, "label:none,cli", "T-10 t-2 t-3 t-5 t-5.1 t-5.2 t-6 t-7 t-9");
	EXPECT_SET(set, &ctx, "label:perf label:backend", "t-1");
	EXPECT_SET(set, &ctx, "label:\"perf\"", "t-1 t-4");
	EXPECT_SET(set, &ctx, "label:per", "");
	EXPECT_SET(set, &ctx, "id:t-5", "t-5 t-5.1 t-5.2");
	EXPECT_SET(set, &ctx, "id:t-5.", "t-5.1 t-5.2");
	EXPECT_SET(set, &ctx, "id:t-1", "t-1");
	EXPECT_SET(set, &ctx, "id:T-", "T-10");
	EXPECT_SET(set, &ctx, "id:t-2,t-3", "t-2 t-3");
	EXPECT_SET(set, &ctx, "id:5", "");
	issue_set_free(set);
}

/* parent:, blocks:, blocked-by: and has:. */
static void test_links(void **state)
{
	struct issue_set *set = fixture();
	struct query_context ctx = context();
	(void)state;
	EXPECT_SET(set, &ctx, "parent:t-5", "t-5.1 t-5.2");
	EXPECT_SET(set, &ctx, "parent:t-5.1", "");
	EXPECT_SET(set, &ctx, "parent:t-", "");
	/* t-1 blocks t-5.2: blocks: lists the blockers, blocked-by: what they hold */
	EXPECT_SET(set, &ctx, "blocks:t-5.2", "t-1");
	EXPECT_SET(set, &ctx, "blocked-by:t-1", "t-5.2");
	EXPECT_SET(set, &ctx, "blocks:t-1", "");
	EXPECT_SET(set, &ctx, "blocked-by:t-5.2", "");
	/* related links are not blocking, parent-child is not "blocks" */
	EXPECT_SET(set, &ctx, "blocked-by:t-3", "");
	EXPECT_SET(set, &ctx, "blocked-by:t-5", "");
	EXPECT_SET(set, &ctx, "has:comments", "t-1");
	EXPECT_SET(set, &ctx, "has:deps", "t-5.1 t-5.2");
	EXPECT_SET(set, &ctx, "has:labels", "t-1 t-2 t-4");
	EXPECT_SET(set, &ctx, "has:assignee", "t-1 t-2 t-4");
	EXPECT_SET(set, &ctx, "has:parent", "t-5.1 t-5.2");
	EXPECT_SET(set, &ctx, "has:children", "t-5");
	EXPECT_SET(set, &ctx, "has:blockers", "t-5.2");
	EXPECT_SET(set, &ctx, "-has:deps is:open", "T-10 t-1 t-2 t-3 t-5 t-6 t-7 t-9");
	issue_set_free(set);
}

/* created:, updated:, closed: with relative ages, days, and day ranges
 * (both ends included). */
static void test_dates(void **state)
{
	struct issue_set *set = fixture();
	struct query_context ctx = context();
	struct query_context later = context();
	(void)state;
	/* created 05-30 (t-1), 05-01 (t-2), 03-01 (t-4), 01-10 (the rest) */
	EXPECT_SET(set, &ctx, "created:<7d", "t-1");
	EXPECT_SET(set, &ctx, "created:<=7d", "t-1");
	EXPECT_SET(set, &ctx, "created:<1m", "t-1");
	EXPECT_SET(set, &ctx, "created:<5w", "t-1 t-2");
	EXPECT_SET(set, &ctx, "created:<48h", "t-1");
	EXPECT_SET(set, &ctx, "created:<37h", "");
	EXPECT_SET(set, &ctx, "created:7d", "t-1");
	EXPECT_SET(set, &ctx, "created:>1y", "");
	/* updated 05-31 (t-1), 05-20 (t-2), 03-15 (t-4), 01-10 (the rest) */
	EXPECT_SET(set, &ctx, "updated:>2w", "T-10 t-3 t-4 t-5 t-5.1 t-5.2 t-6 t-7 t-9");
	EXPECT_SET(set, &ctx, "updated:>1w", "T-10 t-2 t-3 t-4 t-5 t-5.1 t-5.2 t-6 t-7 t-9");
	EXPECT_SET(set, &ctx, "updated:<2w", "t-1 t-2");
	/* t-4 closed 2026-03-15 12:00 */
	EXPECT_SET(set, &ctx, "closed:2026-03-15..2026-03-15", "t-4");
	EXPECT_SET(set, &ctx, "closed:2026-03-01..2026-03-15", "t-4");
	EXPECT_SET(set, &ctx, "closed:2026-03-15..2026-04-01", "t-4");
	EXPECT_SET(set, &ctx, "closed:2026-03-01..2026-03-14", "");
	EXPECT_SET(set, &ctx, "closed:2026-03-16..2026-04-01", "");
	EXPECT_SET(set, &ctx, "closed:2026-03-15", "t-4");
	EXPECT_SET(set, &ctx, "closed:<7d", "");
	EXPECT_SET(set, &ctx, "created:2026-05-30", "t-1");
	EXPECT_SET(set, &ctx, "created:2026-05-29", "");
	EXPECT_SET(set, &ctx, "created:<2026-05-01", "T-10 t-3 t-4 t-5 t-5.1 t-5.2 t-6 t-7 t-9");
	EXPECT_SET(set, &ctx, "created:<=2026-05-01", "T-10 t-2 t-3 t-4 t-5 t-5.1 t-5.2 t-6 t-7 t-9");
	EXPECT_SET(set, &ctx, "created:>2026-05-01", "t-1");
	EXPECT_SET(set, &ctx, "created:>=2026-05-01", "t-1 t-2");
	EXPECT_SET(set, &ctx, "created:2026-01-01..2026-03-01", "T-10 t-3 t-4 t-5 t-5.1 t-5.2 t-6 t-7 t-9");
	/* relative ages move with ctx.now */
	later.now = at("2026-06-10T00:00:00Z");
	EXPECT_SET(set, &later, "created:<7d", "");
	EXPECT_SET(set, &later, "created:<2w", "t-1");
	issue_set_free(set);
}

/* text: searches the long text too (set->texts), and id and title. */
static void test_text(void **state)
{
	struct issue_set *set = fixture();
	struct query_context ctx = context();
	struct query_error err;
	struct query *q;
	struct issue_text *texts;
	(void)state;
	/* without texts loaded, text: still looks at id and title */
	EXPECT_SET(set, &ctx, "text:crashes", "t-1");
	EXPECT_SET(set, &ctx, "text:mutex", "");
	texts = xcalloc(set->count, sizeof(*texts));
	for (size_t i = 0; i < set->count; i++)
		texts[i].description = texts[i].design = texts[i].acceptance_criteria = texts[i].notes =
			texts[i].comments = "";
	texts[issue_set_index_of(set, "t-2")].description = "Needs a Mutex around the writer.";
	texts[issue_set_index_of(set, "t-3")].design = "a mutex-free design";
	texts[issue_set_index_of(set, "t-4")].acceptance_criteria = "No deadlock in the mutex";
	texts[issue_set_index_of(set, "t-5")].notes = "see the wiki page";
	texts[issue_set_index_of(set, "t-6")].comments = "carol: try a wiki\n";
	texts[issue_set_index_of(set, "t-7")].comments = "dave: \xc3\x89tude needed\n";
	texts[issue_set_index_of(set, "t-8")].description = "mutex in a tombstone";
	set->texts = texts;
	EXPECT_SET(set, &ctx, "text:mutex", "t-2 t-3 t-4");
	EXPECT_SET(set, &ctx, "text:Mutex", "t-2");
	EXPECT_SET(set, &ctx, "text:wiki", "t-5 t-6");
	EXPECT_SET(set, &ctx, "text:carol", "t-6");
	EXPECT_SET(set, &ctx, "text:\"the writer\"", "t-2");
	EXPECT_SET(set, &ctx, "text:\xc3\xa9tude", "t-7");
	EXPECT_SET(set, &ctx, "text:crashes", "t-1");
	EXPECT_SET(set, &ctx, "text:mutex -text:deadlock", "t-2 t-3");
	EXPECT_SET(set, &ctx, "text:mutex status:tombstone", "t-8");
	/* a plain word does not look at the long text */
	EXPECT_SET(set, &ctx, "mutex", "");
	q = query_compile("text:mutex", &ctx, &err);
	assert_non_null(q);
	assert_true(query_needs_text(q));
	query_free(q);
	q = query_compile("mutex status:open", &ctx, &err);
	assert_non_null(q);
	assert_false(query_needs_text(q));
	query_free(q);
	issue_set_free(set);
}

/* -term, not term, and, or, parentheses and their precedence. */
static void test_boolean(void **state)
{
	struct issue_set *set = fixture();
	struct query_context ctx = context();
	(void)state;
	EXPECT_SET(set, &ctx, "-sync", "T-10 t-2 t-3 t-5 t-5.1 t-6 t-7 t-9");
	EXPECT_SET(set, &ctx, "not sync", "T-10 t-2 t-3 t-5 t-5.1 t-6 t-7 t-9");
	EXPECT_SET(set, &ctx, "not not sync", "t-1 t-4 t-5.2");
	EXPECT_SET(set, &ctx, "plan -step", "t-5");
	EXPECT_SET(set, &ctx, "plan not step", "t-5");
	EXPECT_SET(set, &ctx, "-status:open -is:closed", "t-2 t-6 t-7");
	EXPECT_SET(set, &ctx, "-p2 -p4 -p3", "t-1 t-2 t-5");
	EXPECT_SET(set, &ctx, "-\"the plan\"", "T-10 t-1 t-2 t-3 t-4 t-5 t-6 t-7 t-9");
	EXPECT_SET(set, &ctx, "p0 or p1", "t-1 t-2 t-5");
	EXPECT_SET(set, &ctx, "p0 or p1 or is:closed", "t-1 t-2 t-4 t-5");
	/* and binds tighter than or */
	EXPECT_SET(set, &ctx, "p1 is:epic or p0", "t-1 t-5");
	EXPECT_SET(set, &ctx, "p1 and is:epic or p0", "t-1 t-5");
	EXPECT_SET(set, &ctx, "p0 or p1 is:epic", "t-1 t-5");
	EXPECT_SET(set, &ctx, "(p0 or p1) is:epic", "t-5");
	EXPECT_SET(set, &ctx, "(p0 or p1) and -is:epic", "t-1 t-2");
	EXPECT_SET(set, &ctx, "not (p0 or p1 or p2)", "T-10 t-4 t-6 t-9");
	EXPECT_SET(set, &ctx, "-(p0 or p1 or p2)", "T-10 t-4 t-6 t-9");
	EXPECT_SET(set, &ctx, "-(p0 or p1) -(p2 or p4)", "t-4 t-9");
	EXPECT_SET(set, &ctx, "((p0))", "t-1");
	EXPECT_SET(set, &ctx, "( p0 or ( p1 is:epic ) ) label:perf", "t-1");
	EXPECT_SET(set, &ctx, "(plan)(step)", "t-5.1 t-5.2");
	/* "or" and "and" are words where no operator can stand */
	EXPECT_SET(set, &ctx, "\"or\"", "t-2 t-6");
	EXPECT_SET(set, &ctx, "-not", "T-10 t-1 t-2 t-3 t-4 t-5 t-5.1 t-5.2 t-6 t-9");
	issue_set_free(set);
}

/* Tombstones only when the query asks for them. */
static void test_tombstones(void **state)
{
	struct issue_set *set = fixture();
	struct query_context ctx = context();
	(void)state;
	EXPECT_SET(set, &ctx, "gone", "");
	EXPECT_SET(set, &ctx, "p0", "t-1");
	EXPECT_SET(set, &ctx, "type:bug", "t-1");
	EXPECT_SET(set, &ctx, "status:tombstone", "t-8");
	EXPECT_SET(set, &ctx, "is:deleted", "t-8");
	EXPECT_SET(set, &ctx, "is:deleted gone", "t-8");
	EXPECT_SET(set, &ctx, "status:tombstone,closed", "t-4 t-8");
	EXPECT_SET(set, &ctx, "p0 or is:deleted", "t-1 t-8");
	EXPECT_SET(set, &ctx, "sync", "t-1 t-4 t-5.2");
	EXPECT_ORDER(set, &ctx, "status:tombstone,closed", "t-4 t-8");
	EXPECT_ORDER(set, &ctx, "is:deleted or p0 sort:-prio", "t-1 t-8");
	/* --tombstones shows them for every query */
	set->show_tombstones = 1;
	issue_set_sort_default(set);
	EXPECT_SET(set, &ctx, "gone", "t-8");
	EXPECT_SET(set, &ctx, "p0", "t-1 t-8");
	issue_set_free(set);
}

/* sort: keys, descending, several, ties in the default order. */
static void test_sort(void **state)
{
	struct issue_set *set = fixture();
	struct query_context ctx = context();
	char plain[1024], sorted[1024];
	(void)state;
	/* the default order, for reference */
	EXPECT_ORDER(set, &ctx, "", "t-2 t-1 t-5 t-3 t-5.1 t-7 T-10 t-5.2 t-9 t-6 t-4");
	EXPECT_ORDER(set, &ctx, "sort:prio", "t-1 t-2 t-5 t-3 t-5.1 t-7 t-5.2 t-9 t-4 T-10 t-6");
	EXPECT_ORDER(set, &ctx, "sort:priority", "t-1 t-2 t-5 t-3 t-5.1 t-7 t-5.2 t-9 t-4 T-10 t-6");
	/* descending keeps ties in the default order, not reversed */
	EXPECT_ORDER(set, &ctx, "sort:-prio", "T-10 t-6 t-9 t-4 t-3 t-5.1 t-7 t-5.2 t-2 t-5 t-1");
	EXPECT_ORDER(set, &ctx, "sort:-updated p0 or p1 or p3", "t-1 t-2 t-4 t-5 t-9");
	EXPECT_ORDER(set, &ctx, "sort:updated p0 or p1 or p3", "t-5 t-9 t-4 t-2 t-1");
	EXPECT_ORDER(set, &ctx, "sort:created id:t-", "t-5 t-3 t-5.1 t-7 t-5.2 t-9 t-6 t-4 t-2 t-1");
	EXPECT_ORDER(set, &ctx, "sort:-created id:t-", "t-1 t-2 t-4 t-5 t-3 t-5.1 t-7 t-5.2 t-9 t-6");
	EXPECT_ORDER(set, &ctx, "sort:id", "T-10 t-1 t-2 t-3 t-4 t-5 t-5.1 t-5.2 t-6 t-7 t-9");
	EXPECT_ORDER(set, &ctx, "sort:-id plan", "t-5.2 t-5.1 t-5");
	EXPECT_ORDER(set, &ctx, "sort:title plan", "t-5 t-5.1 t-5.2");
	EXPECT_ORDER(set, &ctx, "sort:status p2", "t-3 t-5.1 t-5.2 t-7");
	EXPECT_ORDER(set, &ctx, "sort:type p1 or p0", "t-1 t-5 t-2");
	EXPECT_ORDER(set, &ctx, "sort:assignee has:assignee", "t-1 t-4 t-2");
	EXPECT_ORDER(set, &ctx, "sort:-assignee has:assignee", "t-2 t-1 t-4");
	/* several keys: the second breaks ties of the first */
	EXPECT_ORDER(set, &ctx, "sort:type sort:-prio p1 or p0 or type:task",
		     "t-1 t-5 t-2 t-9 t-3 t-5.1 t-7 t-5.2");
	EXPECT_ORDER(set, &ctx, "sort:type sort:prio p1 or p0 or type:task",
		     "t-1 t-5 t-2 t-3 t-5.1 t-7 t-5.2 t-9");
	/* a sort: term may stand anywhere and does not change the set */
	run_ids(set, &ctx, "p2 or plan", plain, sizeof(plain));
	run_ids(set, &ctx, "p2 sort:id or plan", sorted, sizeof(sorted));
	assert_string_equal(sorted, "t-3 t-5 t-5.1 t-5.2 t-7");
	EXPECT_SET(set, &ctx, "p2 or plan", "t-3 t-5 t-5.1 t-5.2 t-7");
	(void)plain;
	/* sort:closed: unclosed issues have no date and come first */
	EXPECT_ORDER(set, &ctx, "sort:-closed p3", "t-4 t-9");
	EXPECT_ORDER(set, &ctx, "sort:closed p3", "t-9 t-4");
	issue_set_free(set);
}

/* On a larger set, sort: is a stable partition of the default order:
 * every tie keeps its place, in many merge passes. */
static void test_sort_stable(void **state)
{
	struct issue_set *set = issue_set_new();
	struct query_context ctx = context();
	struct query_error err;
	struct query *q;
	uint32_t *rows, *want;
	size_t n, i, k = 0;
	int p, desc;
	char id[32];
	(void)state;
	for (i = 0; i < 1000; i++) {
		struct issue *issue;
		snprintf(id, sizeof(id), "s-%zu", i);
		issue = add(set, id, i % 7 ? "open" : "closed", (int)(i * 7 % 5), "task", id);
		issue->updated_at = at("2026-01-01T00:00:00Z") + (int64_t)(i * 7919 % 1000) * 1000000;
	}
	issue_set_finish(set, NOW);
	rows = xmalloc(set->count * sizeof(*rows));
	want = xmalloc(set->count * sizeof(*want));
	for (desc = 0; desc <= 1; desc++) {
		q = query_compile(desc ? "sort:-prio" : "sort:prio", &ctx, &err);
		assert_non_null(q);
		n = query_run(q, set, rows);
		assert_int_equal(n, set->order_count);
		k = 0;
		for (p = desc ? 4 : 0; desc ? p >= 0 : p <= 4; p += desc ? -1 : 1)
			for (i = 0; i < set->order_count; i++)
				if (set->issues[set->order[i]].priority == p)
					want[k++] = set->order[i];
		assert_int_equal(k, n);
		for (i = 0; i < n; i++)
			if (rows[i] != want[i])
				fail_msg("sort:%sprio row %zu: %s, want %s", desc ? "-" : "", i, set->issues[rows[i]].id,
					 set->issues[want[i]].id);
		query_free(q);
	}
	free(rows);
	free(want);
	issue_set_free(set);
}

/* Bad queries: NULL, the byte where the problem is, a message that names it. */
static void test_errors(void **state)
{
	struct query_context ctx = context();
	struct query_context nobody = {NULL, 0};
	struct query_context noclock = {"alice", TIME_NONE};
	struct query_context empty = {"", 0};
	(void)state;
	expect_error(&ctx, "stat:open", 0, "unknown field 'stat'");
	expect_error(&ctx, "sync frob:x", 5, "unknown field 'frob'");
	expect_error(&ctx, "sync -frob:x", 6, "unknown field 'frob'");
	expect_error(&ctx, "prio:7", 5, "prio");
	expect_error(&ctx, "a prio:x", 7, "prio");
	expect_error(&ctx, "prio:<9", 5, "prio");
	expect_error(&ctx, "prio:3..1", 5, "prio");
	expect_error(&ctx, "prio:1..", 5, "prio");
	expect_error(&ctx, "prio:4294967297", 5, "prio");
	expect_error(&ctx, "prio:-1", 5, "prio");
	expect_error(&ctx, "prio:..2", 5, "prio");
	expect_error(&ctx, "prio:+1", 5, "prio");
	expect_error(&ctx, "prio:12", 5, "prio");
	expect_error(&ctx, "created:yesterday", 8, "date");
	expect_error(&ctx, "created:2026-13-01", 8, "date");
	expect_error(&ctx, "created:2026-02-30", 8, "date");
	expect_error(&ctx, "closed:2026-01-01..", 7, "date");
	expect_error(&ctx, "closed:2026-01-01..2026-02-3x", 7, "date");
	expect_error(&ctx, "updated:<7x", 8, "date");
	expect_error(&ctx, "updated:>99999999999999y", 8, "date");
	expect_error(&ctx, "closed:2026-03-01..2026-02-01", 7, "ends before it starts");
	expect_error(&noclock, "created:<7d", 8, "current time");
	expect_error(&noclock, "updated:2w", 8, "current time");
	expect_error(&ctx, "a \"unclosed phrase", 2, "unclosed quote");
	expect_error(&ctx, "label:\"x", 6, "unclosed quote");
	expect_error(&ctx, "(a or b", 0, "unclosed (");
	expect_error(&ctx, "x (a (b)", 2, "unclosed (");
	expect_error(&ctx, "a )", 2, "unexpected )");
	expect_error(&ctx, ")", 0, "unexpected )");
	expect_error(&ctx, "(a) )", 4, "unexpected )");
	expect_error(&ctx, "()", 1, "unexpected )");
	expect_error(&ctx, "re:/(a/", 0, "regex");
	expect_error(&ctx, "x re:/abc", 2, "re:/");
	expect_error(&ctx, "re://", 0, "re:/");
	expect_error(&ctx, "re:/a/b", 6, "after re:/");
	expect_error(&ctx, "-sort:prio", 0, "sort:");
	expect_error(&ctx, "sort:bogus", 5, "unknown sort key 'bogus'");
	expect_error(&ctx, "a sort:", 7, "sort: wants a value");
	expect_error(&nobody, "assignee:me", 9, "no actor");
	expect_error(&empty, "x assignee:me", 11, "no actor");
	expect_error(&nobody, "owner:me", 6, "no actor");
	expect_error(&ctx, "status:", 7, "status: wants a value");
	expect_error(&ctx, "a label:", 8, "label: wants a value");
	expect_error(&ctx, "type:,", 5, "type: wants a value");
	expect_error(&ctx, "text:", 5, "text: wants a value");
	expect_error(&ctx, "has:stuff", 4, "has:");
	expect_error(&ctx, "a not", 5, "expected a term");
	expect_error(&ctx, "a or", 4, "expected a term");
	expect_error(&ctx, "a and", 5, "expected a term");
	expect_error(&ctx, "\"\"", 0, "empty phrase");
	/* the error struct is reset by a good compile */
	{
		struct query_error err = {42, "stale"};
		struct query *q = query_compile("sync", &ctx, &err);
		assert_non_null(q);
		assert_int_equal(err.pos, 0);
		assert_string_equal(err.msg, "");
		query_free(q);
	}
	/* no context at all: fine until a term needs one */
	{
		struct query_error err;
		struct query *q = query_compile("sync p1", NULL, &err);
		assert_non_null(q);
		query_free(q);
		assert_null(query_compile("assignee:me", NULL, &err));
		assert_non_null(strstr(err.msg, "no actor"));
	}
}

/* A query is text to match, never code: SQL, format strings, long and
 * odd input compile or fail cleanly. */
static void test_hostile(void **state)
{
	struct issue_set *set = fixture();
	struct query_context ctx = context();
	struct query_error err;
	char big[20000];
	struct query *q;
	size_t i;
	(void)state;
	EXPECT_SET(set, &ctx, "x'); DROP TABLE issues;--", "");
	EXPECT_SET(set, &ctx, "%s%n%s%n", "");
	EXPECT_SET(set, &ctx, "-", ALL_SHOWN);
	EXPECT_SET(set, &ctx, "--", "");
	EXPECT_SET(set, &ctx, "\xff\xfe", "");
	for (i = 0; i + 2 < sizeof(big); i += 2) {
		big[i] = '(';
		big[i + 1] = ' ';
	}
	big[sizeof(big) - 2] = 'x';
	big[sizeof(big) - 1] = '\0';
	/* deep nesting is refused before it can exhaust the stack */
	assert_null(query_compile(big, &ctx, &err));
	assert_non_null(strstr(err.msg, "nested"));
	/* a sane depth is fine */
	EXPECT_SET(set, &ctx, "((((((((((((((((((((p0))))))))))))))))))))", "t-1");
	memset(big, 'a', sizeof(big) - 1);
	memcpy(big, "status:", 7);
	q = query_compile(big, &ctx, &err);
	assert_non_null(q);
	query_free(q);
	/* 200,000 terms: and/or chains are walked in loops, not recursion */
	{
		size_t terms = 200000, len;
		char *huge = xmalloc(terms * 6 + 1);
		for (i = 0, len = 0; i < terms; i++)
			len += (size_t)sprintf(huge + len, "%s", i % 2 ? "or p0 " : "p0 ");
		EXPECT_SET(set, &ctx, huge, "t-1");
		for (i = 0, len = 0; i < terms; i++)
			len += (size_t)sprintf(huge + len, "%s", "-p3 ");
		EXPECT_SET(set, &ctx, huge, "T-10 t-1 t-2 t-3 t-5 t-5.1 t-5.2 t-6 t-7");
		free(huge);
	}
	memset(big, 'x', sizeof(big) - 1);
	big[100] = ':';
	assert_null(query_compile(big, &ctx, &err));
	assert_int_equal(err.pos, 0);
	issue_set_free(set);
}

/* The words and phrases to highlight, as typed. */
static void test_highlight_words(void **state)
{
	struct query_context ctx = context();
	struct query_error err;
	const char *const *words;
	struct query *q = query_compile("sync \"the plan\" p1 status:open text:Mutex re:/x/ (a or b)", &ctx, &err);
	(void)state;
	assert_non_null(q);
	assert_int_equal(query_highlight_words(q, &words), 5);
	assert_string_equal(words[0], "sync");
	assert_string_equal(words[1], "the plan");
	assert_string_equal(words[2], "Mutex");
	assert_string_equal(words[3], "a");
	assert_string_equal(words[4], "b");
	assert_true(query_case_sensitive(q));
	query_free(q);
	q = query_compile("status:open sort:prio", &ctx, &err);
	assert_non_null(q);
	assert_int_equal(query_highlight_words(q, &words), 0);
	query_free(q);
}

struct candidates {
	char list[64][64];
	size_t count;
};

static void collect(void *ctx, const char *candidate)
{
	struct candidates *c = ctx;
	assert_true(c->count < ARRAY_SIZE(c->list));
	assert_true(strlen(candidate) < sizeof(c->list[0]));
	strcpy(c->list[c->count++], candidate);
}

static void complete(const struct issue_set *set, const char *prefix, struct candidates *c)
{
	memset(c, 0, sizeof(*c));
	query_complete(set, prefix, collect, c);
}

static int offered(const struct candidates *c, const char *s)
{
	size_t i;
	for (i = 0; i < c->count; i++)
		if (!strcmp(c->list[i], s))
			return 1;
	return 0;
}

static void expect_candidates(const struct issue_set *set, const char *prefix, const char *want)
{
	struct candidates c;
	char got[2048];
	size_t i, len = 0;
	complete(set, prefix, &c);
	got[0] = '\0';
	for (i = 0; i < c.count; i++)
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s", i ? " " : "", c.list[i]);
	if (strcmp(got, want) != 0)
		fail_msg("complete '%s': got [%s], want [%s]", prefix, got, want);
}

/* Field names, then values seen in the data; every candidate starts with
 * the word typed, so it can replace it. */
static void test_complete(void **state)
{
	struct issue_set *set = fixture();
	struct candidates c;
	size_t i;
	(void)state;
	complete(set, "", &c);
	assert_true(c.count >= 17);
	assert_true(offered(&c, "status:") && offered(&c, "is:") && offered(&c, "blocked-by:") && offered(&c, "text:"));
	expect_candidates(set, "st", "status:");
	expect_candidates(set, "b", "blocks: blocked-by:");
	expect_candidates(set, "pa", "parent:");
	expect_candidates(set, "zz", "");
	expect_candidates(set, "-st", "-status:");
	expect_candidates(set, "-lab", "-label:");
	/* statuses seen, in first-seen order */
	expect_candidates(set, "status:", "status:open status:in_progress status:closed status:deferred status:pinned status:tombstone");
	expect_candidates(set, "status:in", "status:in_progress");
	expect_candidates(set, "status:x", "");
	expect_candidates(set, "-status:c", "-status:closed");
	/* after a comma, the last value; the earlier ones are kept */
	expect_candidates(set, "status:open,in", "status:open,in_progress");
	expect_candidates(set, "status:open,", "status:open,in_progress status:open,closed status:open,deferred status:open,pinned status:open,tombstone");
	expect_candidates(set, "label:perf,", "label:perf,backend label:perf,cli label:perf,none");
	expect_candidates(set, "type:", "type:bug type:feature type:task type:chore type:epic type:decision");
	expect_candidates(set, "type:task,e", "type:task,epic");
	expect_candidates(set, "label:", "label:backend label:perf label:cli label:none");
	expect_candidates(set, "label:b", "label:backend");
	expect_candidates(set, "assignee:", "assignee:alice assignee:bob assignee:none assignee:me");
	expect_candidates(set, "assignee:b", "assignee:bob");
	expect_candidates(set, "owner:", "owner:olga owner:bob owner:none owner:me");
	expect_candidates(set, "is:in", "is:in_progress");
	expect_candidates(set, "has:c", "has:comments has:children");
	expect_candidates(set, "sort:pr", "sort:prio sort:priority");
	expect_candidates(set, "sort:-up", "sort:-updated");
	expect_candidates(set, "prio:", "prio:0 prio:1 prio:2 prio:3 prio:4");
	expect_candidates(set, "bogus:", "");
	complete(set, "is:", &c);
	for (i = 0; i < c.count; i++)
		assert_int_equal(strncmp(c.list[i], "is:", 3), 0);
	assert_true(offered(&c, "is:open") && offered(&c, "is:ready") && offered(&c, "is:deleted"));
	/* and the types seen, for is:epic */
	assert_true(offered(&c, "is:epic") && offered(&c, "is:decision"));
	issue_set_free(set);
}

/* The documentation table names every field the parser knows. */
static void test_field_docs(void **state)
{
	static const char *const fields[] = {"status:", "is:", "type:", "prio:", "assignee:", "owner:", "label:",
					     "id:", "parent:", "blocks:", "blocked-by:", "created:", "updated:",
					     "closed:", "has:", "text:", "sort:", "re:/", "not", "or"};
	size_t count, i, k;
	const struct query_field_doc *docs = query_field_docs(&count);
	(void)state;
	assert_true(count >= 10);
	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		int found = 0;
		for (k = 0; k < count && !found; k++)
			found = strstr(docs[k].syntax, fields[i]) != NULL;
		if (!found)
			fail_msg("field %s is not documented", fields[i]);
	}
}

/* An empty set, and a set without a single match. */
static void test_empty_set(void **state)
{
	struct issue_set *set = issue_set_new();
	struct query_context ctx = context();
	struct candidates c;
	(void)state;
	issue_set_finish(set, NOW);
	EXPECT_SET(set, &ctx, "", "");
	EXPECT_SET(set, &ctx, "sort:prio is:deleted", "");
	complete(set, "label:", &c);
	assert_true(offered(&c, "label:none"));
	issue_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_query),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_smart_case),
		cmocka_unit_test(test_unicode_folding),
		cmocka_unit_test(test_regex),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_people_labels_ids),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_boolean),
		cmocka_unit_test(test_tombstones),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_sort_stable),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_highlight_words),
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_field_docs),
		cmocka_unit_test(test_empty_set),
	};
	/* case folding beyond ASCII comes from the C library's tables */
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
