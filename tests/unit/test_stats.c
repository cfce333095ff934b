/* The statistics view's numbers (model/stats.c) on hand-made sets: the
 * counts by field, the weekly buckets and their edges, the top lists and
 * their "others", the filter, the oldest open issues. */
#include "testutil.h"

#include "../../model/query.h"
#include "../../model/stats.h"

#define NOW (timestamp_parse("2026-11-01T00:00:00Z"))

static struct issue *add(struct issue_set *set, const char *id, const char *status)
{
	struct issue *issue = issue_set_add(set, id);
	issue_set_set_status(set, issue, status);
	issue->title = issue_set_strdup(set, id);
	return issue;
}

static struct issue *add_full(struct issue_set *set, const char *id, const char *status, const char *type,
			      int prio, const char *assignee)
{
	struct issue *issue = add(set, id, status);
	issue->issue_type = issue_set_intern(set, type);
	issue->priority = (uint8_t)prio;
	issue->assignee = issue_set_intern(set, assignee);
	return issue;
}

/* The count of a table's row named `name`, -1 when it has no such row. */
static long row_count(const struct stats_table *t, const char *name)
{
	size_t i;
	for (i = 0; i < t->count; i++)
		if (strcmp(t->rows[i].name, name) == 0)
			return (long)t->rows[i].count;
	return -1;
}

static struct query *compile(const char *text)
{
	struct query_context ctx = {"alice", NOW};
	struct query_error err;
	struct query *q = query_compile(text, &ctx, &err);
	if (!q)
		fail_msg("query '%s': %s", text, err.msg);
	return q;
}

/* Status, type and priority counts; tombstones are left out unless the
 * set shows them; statuses in lifecycle order. */
static void test_counts(void **state)
{
	struct issue_set *set = issue_set_new();
	struct issue_stats st;
	(void)state;
	add_full(set, "t-1", "open", "bug", 0, "");
	add_full(set, "t-2", "open", "task", 1, "");
	add_full(set, "t-3", "open", "task", 2, "");
	add_full(set, "t-4", "in_progress", "task", 2, "");
	add_full(set, "t-5", "closed", "feature", 4, "");
	add_full(set, "t-6", "closed", "task", 4, "");
	add_full(set, "t-7", "review", "bug", 3, "");
	add_full(set, "t-8", "deferred", "epic", 4, "");
	add_full(set, "t-9", "tombstone", "bug", 0, "");
	issue_set_finish(set, NOW);
	issue_stats_compute(&st, set, NULL, NOW);
	assert_int_equal(st.total, 8);
	assert_int_equal(st.active, 5); /* open x3, in_progress, deferred */
	assert_int_equal(st.status.count, 5);
	assert_string_equal(st.status.rows[0].name, "open");
	assert_int_equal(st.status.rows[0].count, 3);
	assert_string_equal(st.status.rows[1].name, "in_progress");
	assert_string_equal(st.status.rows[2].name, "deferred");
	assert_string_equal(st.status.rows[3].name, "review");
	assert_string_equal(st.status.rows[4].name, "closed");
	assert_int_equal(st.status.rows[4].count, 2);
	assert_int_equal(row_count(&st.status, "tombstone"), -1);
	assert_int_equal(st.status.max, 3);
	/* types by count, ties by name */
	assert_int_equal(st.type.count, 4);
	assert_string_equal(st.type.rows[0].name, "task");
	assert_int_equal(st.type.rows[0].count, 4);
	assert_string_equal(st.type.rows[1].name, "bug");
	assert_int_equal(st.type.rows[1].count, 2);
	assert_string_equal(st.type.rows[2].name, "epic");
	assert_string_equal(st.type.rows[3].name, "feature");
	assert_int_equal(st.type.other_values, 0);
	assert_int_equal(st.priority[0], 1);
	assert_int_equal(st.priority[1], 1);
	assert_int_equal(st.priority[2], 2);
	assert_int_equal(st.priority[3], 1);
	assert_int_equal(st.priority[4], 3);
	assert_int_equal(st.priority_max, 3);
	assert_int_equal(st.assignee.none, 8);
	assert_int_equal(st.assignee.count, 0);
	assert_int_equal(st.label.none, 8);
	issue_stats_free(&st);
	issue_set_free(set);

	/* shown tombstones are counted */
	set = issue_set_new();
	set->show_tombstones = 1;
	add_full(set, "t-1", "open", "bug", 0, "");
	add_full(set, "t-9", "tombstone", "bug", 0, "");
	issue_set_finish(set, NOW);
	issue_stats_compute(&st, set, NULL, NOW);
	assert_int_equal(st.total, 2);
	assert_int_equal(row_count(&st.status, "tombstone"), 1);
	assert_int_equal(st.active, 1);
	issue_stats_free(&st);
	issue_set_free(set);
}

/* Twelve weeks ending at now, each [start, end): a timestamp on a week's
 * start is in that week, one microsecond before it in the week before;
 * now itself and anything before the first week are outside. */
static void test_weeks(void **state)
{
	static const struct {
		const char *id, *created, *closed;
	} issues[] = {
		{"t-first", "2026-08-09T00:00:00Z", NULL},          /* week 0, its first instant */
		{"t-before", "2026-08-08T23:59:59.999999Z", NULL},  /* outside */
		{"t-w10-end", "2026-10-24T23:59:59.999999Z", NULL}, /* week 10, its last instant */
		{"t-w11", "2026-10-25T00:00:00Z", "2026-10-31T23:59:59.999999Z"},
		{"t-now", "2026-11-01T00:00:00Z", NULL},            /* outside: the end is open */
		{"t-future", "2027-01-01T00:00:00Z", NULL},
		{"t-old", "2025-01-01T00:00:00Z", "2026-08-09T00:00:00Z"},
		{"t-old2", "2025-01-01T00:00:00Z", "2026-10-25T00:00:00Z"},
		{"t-old3", "2025-01-01T00:00:00Z", "2026-11-01T00:00:00Z"}, /* closed at now: outside */
		{"t-nodate", NULL, NULL},
	};
	struct issue_set *set = issue_set_new();
	struct issue_stats st;
	char when[40];
	size_t i, opened = 0, closed = 0;
	(void)state;
	for (i = 0; i < ARRAY_SIZE(issues); i++) {
		struct issue *issue = add(set, issues[i].id, issues[i].closed ? "closed" : "open");
		issue->created_at = issues[i].created ? timestamp_parse(issues[i].created) : TIME_NONE;
		issue->closed_at = issues[i].closed ? timestamp_parse(issues[i].closed) : TIME_NONE;
	}
	issue_set_finish(set, NOW);
	issue_stats_compute(&st, set, NULL, NOW);
	timestamp_format(st.weeks[0].start, when, sizeof(when));
	assert_string_equal(when, "2026-08-09T00:00:00Z");
	timestamp_format(st.weeks[11].start, when, sizeof(when));
	assert_string_equal(when, "2026-10-25T00:00:00Z");
	assert_true(st.weeks[11].end == NOW);
	assert_true(st.weeks[3].end == st.weeks[4].start);
	assert_int_equal(st.weeks[0].opened, 1);
	assert_int_equal(st.weeks[10].opened, 1);
	assert_int_equal(st.weeks[11].opened, 1);
	assert_int_equal(st.weeks[0].closed, 1);
	assert_int_equal(st.weeks[11].closed, 2);
	for (i = 0; i < STATS_WEEKS; i++) {
		opened += st.weeks[i].opened;
		closed += st.weeks[i].closed;
	}
	assert_int_equal(opened, 3);
	assert_int_equal(closed, 3);
	assert_int_equal(st.week_max, 2);
	issue_stats_free(&st);
	issue_set_free(set);
}

/* Assignees and labels: the ten most frequent (ties by name), then the
 * unassigned or unlabelled issues and the others. An issue with two
 * labels beyond the ten counts once among the others. */
static void test_top_lists(void **state)
{
	struct issue_set *set = issue_set_new();
	struct issue_stats st;
	char id[32], who[32];
	int a, k, n = 0;
	(void)state;
	/* a01 has 13 issues, a02 12 ... a13 one */
	for (a = 1; a <= 13; a++) {
		snprintf(who, sizeof(who), "a%02d", a);
		for (k = 0; k < 14 - a; k++) {
			snprintf(id, sizeof(id), "t-%d", ++n);
			add_full(set, id, "open", "task", 2, who);
		}
	}
	/* two tied at 13 with a01: ordered by name before a01? "a00" < "a01" */
	for (k = 0; k < 13; k++) {
		snprintf(id, sizeof(id), "t-%d", ++n);
		add_full(set, id, "open", "task", 2, "a00");
	}
	add_full(set, "t-free1", "open", "task", 2, "");
	add_full(set, "t-free2", "open", "task", 2, "");
	/* labels: l01..l11 on t-1 .. t-11 (one each, l01 also on t-2 and
	 * t-3), and t-12 has two labels beyond the top ten */
	for (k = 1; k <= 11; k++) {
		char label[16];
		snprintf(id, sizeof(id), "t-%d", k);
		snprintf(label, sizeof(label), "l%02d", k);
		issue_set_add_label(set, id, label);
	}
	issue_set_add_label(set, "t-2", "l01");
	issue_set_add_label(set, "t-3", "l01");
	issue_set_add_label(set, "t-12", "x-one");
	issue_set_add_label(set, "t-12", "x-two");
	issue_set_finish(set, NOW);
	issue_stats_compute(&st, set, NULL, NOW);
	assert_int_equal(st.total, (size_t)n + 2);

	assert_int_equal(st.assignee.count, STATS_TOP);
	assert_string_equal(st.assignee.rows[0].name, "a00");
	assert_int_equal(st.assignee.rows[0].count, 13);
	assert_string_equal(st.assignee.rows[1].name, "a01");
	assert_int_equal(st.assignee.rows[1].count, 13);
	assert_string_equal(st.assignee.rows[2].name, "a02");
	assert_string_equal(st.assignee.rows[9].name, "a09");
	assert_int_equal(st.assignee.rows[9].count, 5);
	assert_int_equal(st.assignee.other_values, 4);       /* a10 .. a13 */
	assert_int_equal(st.assignee.other_issues, 4 + 3 + 2 + 1);
	assert_int_equal(st.assignee.none, 2);
	assert_int_equal(st.assignee.max, 13);

	assert_int_equal(st.label.count, STATS_TOP);
	assert_string_equal(st.label.rows[0].name, "l01");
	assert_int_equal(st.label.rows[0].count, 3);
	assert_string_equal(st.label.rows[1].name, "l02");
	assert_int_equal(st.label.rows[1].count, 1);
	/* ties at 1: l02..l11, x-one, x-two by name; l11 is the tenth... */
	assert_string_equal(st.label.rows[9].name, "l10");
	assert_int_equal(row_count(&st.label, "l11"), -1);
	assert_int_equal(st.label.other_values, 3);  /* l11, x-one, x-two */
	assert_int_equal(st.label.other_issues, 2);  /* t-11, and t-12 once */
	assert_int_equal(st.label.none, st.total - 12);
	assert_int_equal(st.label.max, st.total - 12);
	issue_stats_free(&st);
	issue_set_free(set);
}

/* Only what the filter matches is counted; a filter asking for deleted
 * issues counts tombstones, as the list shows them. */
static void test_filter(void **state)
{
	struct issue_set *set = issue_set_new();
	struct issue_stats st;
	struct query *q;
	(void)state;
	add_full(set, "t-1", "open", "bug", 0, "alice")->created_at = timestamp_parse("2026-10-30T00:00:00Z");
	add_full(set, "t-2", "open", "task", 1, "bob")->created_at = timestamp_parse("2026-10-30T00:00:00Z");
	add_full(set, "t-3", "closed", "bug", 2, "bob")->created_at = timestamp_parse("2026-01-01T00:00:00Z");
	add_full(set, "t-4", "tombstone", "bug", 2, "bob");
	issue_set_add_label(set, "t-2", "ui");
	issue_set_finish(set, NOW);

	q = compile("type:bug");
	issue_stats_compute(&st, set, q, NOW);
	assert_true(st.filter == q);
	assert_int_equal(st.total, 2);
	assert_int_equal(row_count(&st.type, "bug"), 2);
	assert_int_equal(row_count(&st.type, "task"), -1);
	assert_int_equal(row_count(&st.assignee, "alice"), 1);
	assert_int_equal(row_count(&st.assignee, "bob"), 1);
	assert_int_equal(st.label.count, 0);
	assert_int_equal(st.label.none, 2);
	assert_int_equal(st.weeks[11].opened, 1);
	assert_int_equal(st.oldest_count, 1);
	assert_string_equal(set->issues[st.oldest[0]].id, "t-1");
	issue_stats_free(&st);
	query_free(q);

	q = compile("status:tombstone");
	issue_stats_compute(&st, set, q, NOW);
	assert_int_equal(st.total, 1);
	assert_int_equal(row_count(&st.status, "tombstone"), 1);
	issue_stats_free(&st);
	query_free(q);

	q = compile("assignee:nobody-at-all");
	issue_stats_compute(&st, set, q, NOW);
	assert_int_equal(st.total, 0);
	assert_int_equal(st.status.count, 0);
	assert_int_equal(st.priority_max, 0);
	issue_stats_free(&st);
	query_free(q);
	issue_set_free(set);
}

/* The ten oldest active issues by creation, ties by id in natural order
 * (t-x.2 before t-x.10); closed issues and issues without a date are not
 * among them. */
static void test_oldest(void **state)
{
	static const struct {
		const char *id, *status, *created;
	} issues[] = {
		{"t-new", "open", "2026-10-01T00:00:00Z"},     {"t-x.10", "open", "2025-03-01T00:00:00Z"},
		{"t-x.2", "open", "2025-03-01T00:00:00Z"},     {"t-closed", "closed", "2020-01-01T00:00:00Z"},
		{"t-pinned", "pinned", "2020-01-01T00:00:00Z"}, {"t-nodate", "open", NULL},
		{"t-a", "in_progress", "2025-01-01T00:00:00Z"}, {"t-b", "blocked", "2025-02-01T00:00:00Z"},
		{"t-c", "deferred", "2025-04-01T00:00:00Z"},   {"t-d", "hooked", "2025-05-01T00:00:00Z"},
		{"t-e", "open", "2025-06-01T00:00:00Z"},       {"t-f", "open", "2025-07-01T00:00:00Z"},
		{"t-g", "open", "2025-08-01T00:00:00Z"},       {"t-h", "open", "2025-09-01T00:00:00Z"},
		{"t-i", "open", "2025-10-01T00:00:00Z"},
	};
	static const char *const want[] = {"t-a", "t-b", "t-x.2", "t-x.10", "t-c", "t-d", "t-e", "t-f", "t-g", "t-h"};
	struct issue_set *set = issue_set_new();
	struct issue_stats st;
	size_t i;
	(void)state;
	for (i = 0; i < ARRAY_SIZE(issues); i++)
		add(set, issues[i].id, issues[i].status)->created_at =
			issues[i].created ? timestamp_parse(issues[i].created) : TIME_NONE;
	issue_set_finish(set, NOW);
	issue_stats_compute(&st, set, NULL, NOW);
	assert_int_equal(st.oldest_count, ARRAY_SIZE(want));
	for (i = 0; i < ARRAY_SIZE(want); i++)
		if (strcmp(set->issues[st.oldest[i]].id, want[i]) != 0)
			fail_msg("oldest[%zu] is %s, want %s", i, set->issues[st.oldest[i]].id, want[i]);
	assert_int_equal(st.active, 13); /* all but closed and pinned */
	issue_stats_free(&st);
	issue_set_free(set);
}

/* Many values (the tables grow): every one is counted once. */
static void test_many_values(void **state)
{
	struct issue_set *set = issue_set_new();
	struct issue_stats st;
	char id[32], who[32];
	int i;
	(void)state;
	for (i = 0; i < 500; i++) {
		snprintf(id, sizeof(id), "t-%d", i);
		snprintf(who, sizeof(who), "user%03d", i);
		add_full(set, id, "open", "task", 2, i % 100 == 7 ? "zed" : who);
	}
	issue_set_finish(set, NOW);
	issue_stats_compute(&st, set, NULL, NOW);
	assert_string_equal(st.assignee.rows[0].name, "zed");
	assert_int_equal(st.assignee.rows[0].count, 5);
	assert_string_equal(st.assignee.rows[1].name, "user000");
	assert_string_equal(st.assignee.rows[9].name, "user009");
	assert_int_equal(st.assignee.other_values, 495 - 9);
	assert_int_equal(st.assignee.other_issues, 495 - 9);
	issue_stats_free(&st);
	issue_set_free(set);
}

/* No issues at all: every count zero, nothing allocated that leaks. */
static void test_empty(void **state)
{
	struct issue_set *set = issue_set_new();
	struct issue_stats st;
	(void)state;
	issue_set_finish(set, NOW);
	issue_stats_compute(&st, set, NULL, NOW);
	assert_int_equal(st.total, 0);
	assert_int_equal(st.status.count + st.type.count + st.assignee.count + st.label.count, 0);
	assert_int_equal(st.oldest_count, 0);
	assert_int_equal(st.week_max, 0);
	issue_stats_free(&st);
	assert_null(st.status.rows);
	issue_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts), cmocka_unit_test(test_weeks),  cmocka_unit_test(test_top_lists),
		cmocka_unit_test(test_filter), cmocka_unit_test(test_oldest), cmocka_unit_test(test_many_values),
		cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
