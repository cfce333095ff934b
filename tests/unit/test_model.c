/* The model: blocked/ready by beads' rules on hand-made graphs, the
 * default order, labels and duplicate ids, timestamps, display text. */
#include "testutil.h"

#include <locale.h>

#include "../../model/text.h"
#include "../../storage/issue_id.h"

#define NOW (timestamp_parse("2026-06-01T00:00:00Z"))

static struct issue *add(struct issue_set *set, const char *id, const char *status, int prio)
{
	struct issue *issue = issue_set_add(set, id);
	issue_set_set_status(set, issue, status);
	issue->priority = (uint8_t)prio;
	issue->title = issue_set_strdup(set, id);
	if (issue->status_kind == STATUS_CLOSED)
		issue->closed_at = timestamp_parse("2026-05-01T00:00:00Z");
	return issue;
}

static int flags_of(struct issue_set *set, const char *id)
{
	struct issue *issue = issue_set_find(set, id);
	assert_non_null(issue);
	return issue->flags;
}

static int is_blocked(struct issue_set *set, const char *id)
{
	return (flags_of(set, id) & ISSUE_BLOCKED) != 0;
}

static int is_ready(struct issue_set *set, const char *id)
{
	return (flags_of(set, id) & ISSUE_READY) != 0;
}

/* a blocks b blocks c: only the chain's head is ready. */
static void test_chain(void **state)
{
	struct issue_set *set = issue_set_new();
	(void)state;
	add(set, "t-a", "open", 2);
	add(set, "t-b", "open", 2);
	add(set, "t-c", "in_progress", 2);
	issue_set_add_dep(set, "t-b", "t-a", "blocks");
	issue_set_add_dep(set, "t-c", "t-b", "blocks");
	issue_set_finish(set, NOW);
	assert_false(is_blocked(set, "t-a"));
	assert_true(is_ready(set, "t-a"));
	assert_true(is_blocked(set, "t-b"));
	assert_false(is_ready(set, "t-b"));
	assert_true(is_blocked(set, "t-c"));
	assert_false(is_ready(set, "t-c"));
	issue_set_free(set);
}

/* Only active blockers block: closed ones do not; hooked and deferred do. */
static void test_blocker_status(void **state)
{
	static const struct {
		const char *status;
		int blocks;
	} cases[] = {
		{"open", 1},   {"in_progress", 1}, {"blocked", 1}, {"deferred", 1}, {"hooked", 1},
		{"closed", 0}, {"tombstone", 0},   {"pinned", 0},  {"custom-x", 0},
	};
	size_t i;
	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct issue_set *set = issue_set_new();
		add(set, "t-blocker", cases[i].status, 2);
		add(set, "t-x", "open", 2);
		issue_set_add_dep(set, "t-x", "t-blocker", "blocks");
		issue_set_finish(set, NOW);
		if (is_blocked(set, "t-x") != cases[i].blocks)
			fail_msg("blocker with status %s: blocked=%d, want %d", cases[i].status,
				 is_blocked(set, "t-x"), cases[i].blocks);
		assert_int_equal(is_ready(set, "t-x"), !cases[i].blocks);
		issue_set_free(set);
	}
}

/* Informational links never block. */
static void test_non_blocking_types(void **state)
{
	struct issue_set *set = issue_set_new();
	(void)state;
	add(set, "t-a", "open", 2);
	add(set, "t-b", "open", 2);
	issue_set_add_dep(set, "t-b", "t-a", "related");
	issue_set_add_dep(set, "t-b", "t-a", "discovered-from");
	issue_set_add_dep(set, "t-b", "t-a", "duplicates");
	issue_set_finish(set, NOW);
	assert_false(is_blocked(set, "t-b"));
	assert_true(is_ready(set, "t-b"));
	assert_int_equal(issue_set_find(set, "t-b")->dep_count, 3);
	assert_int_equal(issue_set_find(set, "t-a")->rdep_count, 3);
	issue_set_free(set);
}

/* A blocked epic blocks its children and grandchildren; an open parent
 * that is not blocked does not block its children. */
static void test_parent_blocking(void **state)
{
	struct issue_set *set = issue_set_new();
	(void)state;
	add(set, "t-blocker", "open", 2);
	add(set, "t-epic", "open", 1)->issue_type = "epic";
	add(set, "t-epic.1", "open", 2);
	add(set, "t-epic.1.1", "open", 2);
	add(set, "t-free", "open", 2);
	add(set, "t-free.1", "open", 2);
	issue_set_add_dep(set, "t-epic", "t-blocker", "blocks");
	issue_set_add_dep(set, "t-epic.1", "t-epic", "parent-child");
	issue_set_add_dep(set, "t-epic.1.1", "t-epic.1", "parent-child");
	issue_set_add_dep(set, "t-free.1", "t-free", "parent-child");
	issue_set_finish(set, NOW);
	assert_true(is_blocked(set, "t-epic"));
	assert_true(is_blocked(set, "t-epic.1"));
	assert_true(is_blocked(set, "t-epic.1.1"));
	assert_false(is_ready(set, "t-epic.1.1"));
	assert_false(is_blocked(set, "t-free.1"));
	assert_true(is_ready(set, "t-free.1"));
	assert_true(is_ready(set, "t-free"));
	issue_set_free(set);
}

/* Blocking passes down at most 50 parent-child levels, as in bd. */
static void test_parent_depth_limit(void **state)
{
	struct issue_set *set = issue_set_new();
	char id[32], parent[32];
	int i;
	(void)state;
	add(set, "t-blocker", "open", 2);
	add(set, "t-n0", "open", 2);
	issue_set_add_dep(set, "t-n0", "t-blocker", "blocks");
	for (i = 1; i <= 60; i++) {
		snprintf(id, sizeof(id), "t-n%d", i);
		snprintf(parent, sizeof(parent), "t-n%d", i - 1);
		add(set, id, "open", 2);
		issue_set_add_dep(set, id, parent, "parent-child");
	}
	issue_set_finish(set, NOW);
	assert_true(is_blocked(set, "t-n50"));
	assert_false(is_blocked(set, "t-n51"));
	assert_true(is_ready(set, "t-n60"));
	issue_set_free(set);
}

/* A cycle of blocks: every member is blocked, and nothing loops. */
static void test_cycle(void **state)
{
	struct issue_set *set = issue_set_new();
	(void)state;
	add(set, "t-a", "open", 2);
	add(set, "t-b", "open", 2);
	add(set, "t-c", "open", 2);
	issue_set_add_dep(set, "t-a", "t-b", "blocks");
	issue_set_add_dep(set, "t-b", "t-c", "blocks");
	issue_set_add_dep(set, "t-c", "t-a", "blocks");
	/* and a parent-child cycle */
	issue_set_add_dep(set, "t-a", "t-c", "parent-child");
	issue_set_add_dep(set, "t-c", "t-a", "parent-child");
	issue_set_finish(set, NOW);
	assert_true(is_blocked(set, "t-a"));
	assert_true(is_blocked(set, "t-b"));
	assert_true(is_blocked(set, "t-c"));
	issue_set_free(set);
}

/* A target that is not in the set (external:...) does not block, and the
 * dependency is kept for display. A dependency of an unknown issue is
 * dropped and counted. */
static void test_external_target(void **state)
{
	struct issue_set *set = issue_set_new();
	const struct issue *x;
	(void)state;
	add(set, "t-x", "open", 2);
	issue_set_add_dep(set, "t-x", "external:other:cap", "blocks");
	issue_set_add_dep(set, "t-missing", "t-x", "blocks"); /* dropped: no such issue */
	issue_set_finish(set, NOW);
	x = issue_set_find(set, "t-x");
	assert_false(is_blocked(set, "t-x"));
	assert_int_equal(x->dep_count, 1);
	assert_int_equal(set->deps[x->dep_first].to, ISSUE_NONE);
	assert_string_equal(set->deps[x->dep_first].to_id, "external:other:cap");
	assert_int_equal(set->dropped_deps, 1);
	issue_set_free(set);
}

/* waits-for: held while any child of the target is still active. */
static void test_waits_for(void **state)
{
	struct issue_set *set = issue_set_new();
	(void)state;
	add(set, "t-spawner", "closed", 2);
	add(set, "t-spawner.1", "closed", 2);
	add(set, "t-spawner.2", "open", 2);
	add(set, "t-waiter", "open", 2);
	issue_set_add_dep(set, "t-spawner.1", "t-spawner", "parent-child");
	issue_set_add_dep(set, "t-spawner.2", "t-spawner", "parent-child");
	issue_set_add_dep(set, "t-waiter", "t-spawner", "waits-for");
	issue_set_finish(set, NOW);
	assert_true(is_blocked(set, "t-waiter"));
	issue_set_free(set);

	set = issue_set_new();
	add(set, "t-spawner", "closed", 2);
	add(set, "t-spawner.1", "closed", 2);
	add(set, "t-waiter", "open", 2);
	issue_set_add_dep(set, "t-spawner.1", "t-spawner", "parent-child");
	issue_set_add_dep(set, "t-waiter", "t-spawner", "waits-for");
	issue_set_finish(set, NOW);
	assert_false(is_blocked(set, "t-waiter"));
	issue_set_free(set);
}

/* Ready: open/in_progress, not pinned, not ephemeral, not a plumbing type,
 * not deferred to the future, not blocked. */
static void test_ready_rules(void **state)
{
	struct issue_set *set = issue_set_new();
	(void)state;
	add(set, "t-open", "open", 2);
	add(set, "t-wip", "in_progress", 2);
	add(set, "t-blocked-status", "blocked", 2);
	add(set, "t-deferred-status", "deferred", 2);
	add(set, "t-closed", "closed", 2);
	add(set, "t-pinned-status", "pinned", 2);
	add(set, "t-pinned-flag", "open", 2)->flags |= ISSUE_PINNED;
	add(set, "t-wisp", "open", 2)->flags |= ISSUE_EPHEMERAL;
	add(set, "t-gate", "open", 2)->issue_type = "gate";
	add(set, "t-message", "open", 2)->issue_type = "message";
	add(set, "t-later", "open", 2)->defer_until = timestamp_parse("2026-07-01T00:00:00Z");
	add(set, "t-past", "open", 2)->defer_until = timestamp_parse("2026-01-01T00:00:00Z");
	issue_set_finish(set, NOW);
	assert_true(is_ready(set, "t-open"));
	assert_true(is_ready(set, "t-wip"));
	assert_true(is_ready(set, "t-past"));
	assert_false(is_ready(set, "t-blocked-status"));
	assert_false(is_ready(set, "t-deferred-status"));
	assert_false(is_ready(set, "t-closed"));
	assert_false(is_ready(set, "t-pinned-status"));
	assert_false(is_ready(set, "t-pinned-flag"));
	assert_false(is_ready(set, "t-wisp"));
	assert_false(is_ready(set, "t-gate"));
	assert_false(is_ready(set, "t-message"));
	assert_false(is_ready(set, "t-later"));
	issue_set_free(set);
}

static void assert_order(struct issue_set *set, const char *const *ids, size_t count)
{
	size_t i;
	assert_int_equal(set->order_count, count);
	for (i = 0; i < count; i++)
		if (strcmp(set->issues[set->order[i]].id, ids[i]) != 0)
			fail_msg("position %zu: got %s, want %s", i, set->issues[set->order[i]].id, ids[i]);
}

/* In progress, then open by priority, then blocked/deferred, then closed
 * (latest closed first); tombstones hidden unless asked for. */
static void test_default_order(void **state)
{
	static const char *const want[] = {
		"t-wip", "t-p0", "t-p1-new", "t-p1-old", "t-p3", "t-blocked", "t-deferred",
		"t-closed-late", "t-closed-early", "t-blocker-closed",
	};
	static const char *const want_all[] = {
		"t-wip", "t-p0", "t-p1-new", "t-p1-old", "t-p3", "t-blocked", "t-deferred",
		"t-closed-late", "t-closed-early", "t-blocker-closed", "t-gone",
	};
	struct issue_set *set = issue_set_new();
	(void)state;
	add(set, "t-closed-early", "closed", 0)->closed_at = timestamp_parse("2026-01-01T00:00:00Z");
	add(set, "t-closed-late", "closed", 4)->closed_at = timestamp_parse("2026-03-01T00:00:00Z");
	add(set, "t-p3", "open", 3);
	add(set, "t-gone", "tombstone", 0);
	add(set, "t-blocked", "open", 0);
	add(set, "t-deferred", "deferred", 1);
	add(set, "t-p1-old", "open", 1)->updated_at = timestamp_parse("2026-01-01T00:00:00Z");
	add(set, "t-p1-new", "open", 1)->updated_at = timestamp_parse("2026-02-01T00:00:00Z");
	add(set, "t-p0", "open", 0);
	add(set, "t-wip", "in_progress", 4);
	add(set, "t-blocker-closed", "closed", 2)->closed_at = TIME_NONE;
	issue_set_add_dep(set, "t-blocked", "t-p3", "blocks");
	issue_set_finish(set, NOW);
	/* a closed issue without closed_at sorts after those with one */
	assert_int_equal(set->order_count, 10);
	assert_string_equal(set->issues[set->order[9]].id, "t-blocker-closed");
	assert_int_equal(set->tombstone_count, 1);
	set->issues[issue_set_index_of(set, "t-blocker-closed")].closed_at = timestamp_parse("2025-01-01T00:00:00Z");
	issue_set_sort_default(set);
	assert_order(set, want, ARRAY_SIZE(want));
	set->show_tombstones = 1;
	set->issues[issue_set_index_of(set, "t-blocker-closed")].status_kind = STATUS_TOMBSTONE;
	set->issues[issue_set_index_of(set, "t-blocker-closed")].status = "tombstone";
	issue_set_sort_default(set);
	assert_order(set, want_all, ARRAY_SIZE(want_all));
	issue_set_free(set);
}

/* Same priority and update time: ids in natural order (x.2 before x.10). */
static void test_natural_id_order(void **state)
{
	static const char *const want[] = {"t-e.1", "t-e.2", "t-e.10", "t-e.10.1"};
	struct issue_set *set = issue_set_new();
	(void)state;
	add(set, "t-e.10.1", "open", 2);
	add(set, "t-e.10", "open", 2);
	add(set, "t-e.2", "open", 2);
	add(set, "t-e.1", "open", 2);
	issue_set_finish(set, NOW);
	assert_order(set, want, ARRAY_SIZE(want));
	assert_true(id_compare_natural("a.9", "a.10") < 0);
	assert_true(id_compare_natural("a.010", "a.9") > 0);
	/* hash parts are base36 text, not numbers */
	assert_true(id_compare_natural("bd-0385z", "bd-3ljff") < 0);
	assert_true(id_compare_natural("bd-9", "bd-10") > 0);
	assert_true(id_compare_natural("x.1", "x.1.1") < 0);
	assert_true(id_compare_natural("x.2.1", "x.10") < 0);
	assert_true(id_compare_natural("abc", "abd") < 0);
	assert_true(id_compare_natural("ab", "abc") < 0);
	assert_int_equal(id_compare_natural("x.1", "x.1"), 0);
	issue_set_free(set);
}

/* The last occurrence of an id wins (bd's import rule), labels show sorted
 * and once, and the index finds every id. */
static void test_duplicates_and_labels(void **state)
{
	struct issue_set *set = issue_set_new();
	struct issue *issue;
	char id[32];
	int i;
	(void)state;
	add(set, "t-dup", "open", 1)->title = "first";
	add(set, "t-dup", "closed", 3)->title = "second";
	issue_set_add_label(set, "t-dup", "zeta");
	issue_set_add_label(set, "t-dup", "alpha");
	issue_set_add_label(set, "t-dup", "zeta");
	assert_int_equal(issue_set_add_label(set, "t-nope", "x"), -1);
	for (i = 0; i < 5000; i++) {
		snprintf(id, sizeof(id), "t-%d", i);
		add(set, id, "open", 2);
	}
	issue_set_finish(set, NOW);
	assert_int_equal(set->count, 5001);
	issue = issue_set_find(set, "t-dup");
	assert_string_equal(issue->title, "second");
	assert_int_equal(issue->status_kind, STATUS_CLOSED);
	assert_int_equal(issue->label_count, 2);
	assert_string_equal(issue->labels[0], "alpha");
	assert_string_equal(issue->labels[1], "zeta");
	for (i = 0; i < 5000; i++) {
		snprintf(id, sizeof(id), "t-%d", i);
		assert_non_null(issue_set_find(set, id));
	}
	assert_null(issue_set_find(set, "t-5000"));
	issue_set_free(set);
}

/* Dependency and label rows come in any order (a table's rowid order is
 * not the issue's): each issue gets its own, dependencies in the order
 * they were read, labels by name; a row read before its issue's row still
 * counts, one of an issue never read is dropped. */
static void test_rows_in_any_order(void **state)
{
	struct issue_set *set = issue_set_new();
	const struct issue *a, *b, *late;
	char label[16];
	int i;
	(void)state;
	add(set, "t-a", "open", 2);
	add(set, "t-b", "open", 2);
	issue_set_add_dep(set, "t-b", "t-a", "blocks");
	issue_set_add_dep(set, "t-a", "t-x1", "related");
	issue_set_add_dep(set, "t-late", "t-a", "blocks");
	issue_set_add_dep(set, "t-b", "t-x2", "related");
	issue_set_add_dep(set, "t-a", "t-x3", "related");
	issue_set_add_dep(set, "t-ghost", "t-a", "blocks");
	for (i = 40; i > 0; i--) {
		snprintf(label, sizeof(label), "l%02d", i);
		issue_set_add_label(set, i % 2 ? "t-a" : "t-b", label);
	}
	add(set, "t-late", "open", 2);
	issue_set_finish(set, NOW);
	a = issue_set_find(set, "t-a");
	b = issue_set_find(set, "t-b");
	late = issue_set_find(set, "t-late");
	assert_int_equal(a->dep_count, 2);
	assert_string_equal(set->deps[a->dep_first].to_id, "t-x1");
	assert_string_equal(set->deps[a->dep_first + 1].to_id, "t-x3");
	assert_int_equal(b->dep_count, 2);
	assert_string_equal(set->deps[b->dep_first].to_id, "t-a");
	assert_string_equal(set->deps[b->dep_first + 1].to_id, "t-x2");
	assert_int_equal(late->dep_count, 1);
	assert_true(is_blocked(set, "t-late"));
	assert_true(is_blocked(set, "t-b"));
	assert_int_equal(set->dropped_deps, 1);
	assert_int_equal(a->rdep_count, 2);
	assert_int_equal(a->label_count, 20);
	assert_int_equal(b->label_count, 20);
	for (i = 0; i < 20; i++) {
		snprintf(label, sizeof(label), "l%02d", 2 * i + 1);
		assert_string_equal(a->labels[i], label);
		snprintf(label, sizeof(label), "l%02d", 2 * i + 2);
		assert_string_equal(b->labels[i], label);
	}
	issue_set_free(set);
}

/* A 10,000-deep chain: no recursion, every link but the head blocked. */
static void test_deep_chain(void **state)
{
	struct issue_set *set = issue_set_new();
	char id[32], prev[32];
	int i;
	(void)state;
	add(set, "t-0", "open", 2);
	for (i = 1; i < 10000; i++) {
		snprintf(id, sizeof(id), "t-%d", i);
		snprintf(prev, sizeof(prev), "t-%d", i - 1);
		add(set, id, "open", 2);
		issue_set_add_dep(set, id, prev, "blocks");
		issue_set_add_dep(set, id, prev, "parent-child");
	}
	issue_set_finish(set, NOW);
	assert_true(is_ready(set, "t-0"));
	assert_true(is_blocked(set, "t-9999"));
	issue_set_free(set);
}

static void test_timestamps(void **state)
{
	int64_t base = timestamp_parse("2026-01-17T17:38:21Z");
	char text[40];
	(void)state;
	assert_int_equal(base, (int64_t)1768671501 * 1000000);
	assert_int_equal(timestamp_parse("2026-01-17 17:38:21"), base);
	assert_int_equal(timestamp_parse("2026-01-17T17:38:21.5Z"), base + 500000);
	assert_int_equal(timestamp_parse("2026-01-17T17:38:21.123456789Z"), base + 123456);
	assert_int_equal(timestamp_parse("2026-01-17T18:38:21+01:00"), base);
	assert_int_equal(timestamp_parse("2026-01-17T12:08:21-05:30"), base);
	assert_int_equal(timestamp_parse("2026-01-17 17:38:21.000 +0000 UTC"), base);
	assert_int_equal(timestamp_parse("2026-01-17"), base - (17 * 3600 + 38 * 60 + 21) * (int64_t)1000000);
	assert_int_equal(timestamp_parse(""), TIME_NONE);
	assert_int_equal(timestamp_parse(NULL), TIME_NONE);
	assert_int_equal(timestamp_parse("yesterday"), TIME_NONE);
	assert_int_equal(timestamp_parse("2026-13-01T00:00:00Z"), TIME_NONE);
	assert_int_equal(timestamp_parse("2026-01-17T17:38:21Zjunk"), TIME_NONE);
	timestamp_format(base + 999999, text, sizeof(text));
	assert_string_equal(text, "2026-01-17T17:38:21Z");
	timestamp_format(timestamp_parse("1969-12-31T23:59:59.5Z"), text, sizeof(text));
	assert_string_equal(text, "1969-12-31T23:59:59Z");
}

static void sanitized(const char *in, const char *want)
{
	struct buf out = {0};
	text_sanitize_line(&out, in);
	assert_string_equal(out.data ? out.data : "", want);
	buf_free(&out);
}

/* One-line messages: controls become spaces, invalid UTF-8 becomes U+FFFD. */
static void test_sanitize_line(void **state)
{
	(void)state;
	sanitized("plain", "plain");
	sanitized("tab\there\nnew", "tab here new");
	sanitized("\x1b]0;pwned\x07title", " ]0;pwned title");
	sanitized("c1\xc2\x9b" "31m", "c1 31m");
	sanitized("bad\xff\xfe", "bad\xef\xbf\xbd\xef\xbf\xbd");
	sanitized("overlong\xc0\xaf", "overlong\xef\xbf\xbd\xef\xbf\xbd");
	sanitized("surrogate\xed\xa0\x80", "surrogate\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	sanitized("日本語 🚀", "日本語 🚀");
}

static void visible(const char *in, int utf8, const char *want)
{
	struct buf out = {0};
	text_visible(&out, in, utf8);
	assert_string_equal(out.data ? out.data : "", want);
	buf_free(&out);
}

/* --print to a terminal and messages on stderr: escapes shown, never sent. */
static void test_visible(void **state)
{
	(void)state;
	visible("", 1, "");
	visible("plain", 1, "plain");
	visible("tab\there\nnew", 1, "tab here new");
	visible("OSC\x1b]0;PWN\x07 t", 1, "OSC^[]0;PWN^G t");
	visible("BS\x08\x08XY CR\rZZ DEL\x7f", 1, "BS^H^HXY CR^MZZ DEL^?");
	visible("C1\xc2\x9b" "6n \xc2\x85", 1, "C1<U+009B>6n <U+0085>");
	visible("BIDI\xe2\x80\xaeRLO\xe2\x80\xac", 1, "BIDI<U+202E>RLO<U+202C>");
	visible("ISO\xe2\x81\xa6x\xe2\x81\xa9 ZW\xe2\x80\x8bSP BOM\xef\xbb\xbfy", 1,
		"ISO<U+2066>x<U+2069> ZW<U+200B>SP BOM<U+FEFF>y");
	visible("bad\xff\x9b", 1, "bad\xef\xbf\xbd\xef\xbf\xbd");
	visible("日本語 🚀", 1, "日本語 🚀");
	/* a locale without UTF-8: anything not ASCII is '?', controls as above */
	visible("日本\x1b[2J\xe2\x80\xae\xff", 0, "??^[[2J<U+202E>?");
}

static void tsv_field(const char *in, const char *want)
{
	struct buf out = {0};
	text_tsv_field(&out, in);
	assert_string_equal(out.data ? out.data : "", want);
	buf_free(&out);
}

/* --print to a pipe: exact bytes but for tabs and newlines. */
static void test_tsv_field(void **state)
{
	(void)state;
	tsv_field("", "");
	tsv_field("tab\there\nnew\t\n", "tab here new  ");
	tsv_field("\x1b]0;x\x07 CR\r \xc2\x9b \xe2\x80\xae bad\xff\xc0\xaf",
		  "\x1b]0;x\x07 CR\r \xc2\x9b \xe2\x80\xae bad\xff\xc0\xaf");
}

/* Display widths in columns: CJK and emoji 2, combining marks 0,
 * controls shown as ^X, bidi overrides as <U+202E>. */
static void test_display_width(void **state)
{
	(void)state;
	assert_int_equal(text_display_width("abc", 1), 3);
	assert_int_equal(text_display_width("日本語", 1), 6);
	assert_int_equal(text_display_width("🚀", 1), 2);
	assert_int_equal(text_display_width("e\xcc\x81", 1), 1);
	assert_int_equal(text_display_width("\x1b[31m", 1), 6);
	assert_int_equal(text_display_width("\xe2\x80\xae", 1), 8);
	assert_int_equal(text_display_width("\xff", 1), 1);
	assert_int_equal(text_display_width("日本", 0), 2);
	/* a ZWJ family shows as its members side by side; modifiers dropped */
	assert_int_equal(text_display_width("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9", 1), 4);
	assert_int_equal(text_display_width("\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", 1), 2);
	/* a zero-width space is made visible */
	assert_int_equal(text_display_width("a\xe2\x80\x8b" "b", 1), 10);
}

struct wrapped {
	char lines[16][64];
	int count;
};

static void collect(void *ctx, const char *start, size_t len)
{
	struct wrapped *w = ctx;
	assert_true(w->count < 16 && len < 64);
	memcpy(w->lines[w->count], start, len);
	w->lines[w->count][len] = '\0';
	w->count++;
}

static void wrap(const char *s, int width, struct wrapped *w)
{
	memset(w, 0, sizeof(*w));
	text_wrap(s, strlen(s), width, 1, collect, w);
}

/* Detail text wraps at spaces, in display columns, and cuts a word only
 * when it is longer than the line. */
static void test_wrap(void **state)
{
	struct wrapped w;
	(void)state;
	wrap("the quick brown fox jumps", 10, &w);
	assert_int_equal(w.count, 3);
	assert_string_equal(w.lines[0], "the quick");
	assert_string_equal(w.lines[1], "brown fox");
	assert_string_equal(w.lines[2], "jumps");
	wrap("abcdefghijklmnop", 6, &w);
	assert_int_equal(w.count, 3);
	assert_string_equal(w.lines[0], "abcdef");
	assert_string_equal(w.lines[2], "mnop");
	wrap("日本語のテキスト", 6, &w); /* 2 columns each: 3 per line */
	assert_int_equal(w.count, 3);
	assert_string_equal(w.lines[0], "日本語");
	wrap("", 10, &w);
	assert_int_equal(w.count, 1);
	assert_string_equal(w.lines[0], "");
	wrap("fits exactly", 12, &w);
	assert_int_equal(w.count, 1);
	wrap("a  b", 1, &w);
	assert_int_equal(w.count, 2);
	assert_string_equal(w.lines[1], "b");
}

/* An incremental refresh puts moved issues back in place instead of
 * sorting again; the order must be exactly what a full sort gives. */
static void test_derived_order_matches_full_sort(void **state)
{
	struct issue_set *set = issue_set_new(), *next;
	char id[32];
	uint32_t *want;
	int i, round;
	(void)state;
	for (i = 0; i < 400; i++) {
		struct issue *issue;
		snprintf(id, sizeof(id), "t-%d", i);
		issue = add(set, id, i % 7 == 0 ? "closed" : i % 5 == 0 ? "in_progress" : "open", i % 5);
		issue->updated_at = timestamp_parse("2026-01-01T00:00:00Z") + (int64_t)(i * 7919 % 400) * 1000000;
		if (i % 7 == 0)
			issue->closed_at = issue->updated_at;
		if (i > 0 && i % 3 == 0) {
			char dep[32];
			snprintf(dep, sizeof(dep), "t-%d", i - 1);
			issue_set_add_dep(set, id, dep, "blocks");
		}
	}
	issue_set_finish(set, NOW);
	for (round = 0; round < 20; round++) {
		next = issue_set_derive(set);
		for (i = round; i < 400; i += 37) {
			/* re-read some issues with other values, as a refresh would */
			struct issue *issue;
			snprintf(id, sizeof(id), "t-%d", i);
			issue = issue_set_update(next, id);
			issue_set_set_status(next, issue, (i + round) % 4 == 0 ? "closed" : "open");
			issue->priority = (uint8_t)((i + round) % 5);
			issue->updated_at = timestamp_parse("2026-02-01T00:00:00Z") + (int64_t)(round * 400 + i) * 1000000;
			if (issue->status_kind == STATUS_CLOSED)
				issue->closed_at = issue->updated_at;
		}
		issue_set_refreeze(next, NOW);
		want = xmalloc(next->order_count * sizeof(*want));
		memcpy(want, next->order, next->order_count * sizeof(*want));
		issue_set_sort_default(next);
		for (i = 0; (size_t)i < next->order_count; i++)
			if (want[i] != next->order[i])
				fail_msg("round %d position %d: %s, full sort has %s", round, i, next->issues[want[i]].id,
					 next->issues[next->order[i]].id);
		free(want);
		issue_set_free(set);
		set = next;
	}
	issue_set_free(set);
}

/* Triage writes `now` in the shape the database already uses. */
static void test_timestamp_like(void **state)
{
	static const struct {
		const char *sample, *want;
	} cases[] = {
		{"2026-01-17 17:38:21", "2026-02-01 12:00:00"},               /* SQLite's CURRENT_TIMESTAMP */
		{"2026-01-17T17:38:21Z", "2026-02-01T12:00:00Z"},             /* RFC 3339, no fraction */
		{"2026-01-17T17:38:21.5Z", "2026-02-01T12:00:00.1234Z"},      /* Go's RFC3339Nano: trimmed */
		{"2025-11-02T21:17:34.123456789-08:00", "2026-02-01T12:00:00.1234+00:00"}, /* bd, local zone */
		{"2026-01-17 17:38:21+0000", "2026-02-01 12:00:00+0000"},
		{"2026-01-17 17:38:21.1 +0000 UTC", "2026-02-01 12:00:00.1234 +0000 UTC"}, /* Go's String() */
		{"", "2026-02-01T12:00:00Z"},
		{"not a time", "2026-02-01T12:00:00Z"},
	};
	int64_t now = timestamp_parse("2026-02-01T12:00:00.1234Z");
	char out[64];
	size_t i;
	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		timestamp_format_like(now, cases[i].sample, out, sizeof(out));
		assert_string_equal(out, cases[i].want);
		/* and it reads back as the same instant, to the precision kept */
		assert_true(timestamp_parse(out) / 1000000 == now / 1000000);
	}
}

/* New ids: bd's shape and bd's lengths. */
static void test_issue_ids(void **state)
{
	static const struct {
		size_t count;
		int length;
	} lengths[] = {{0, 3},	   {163, 3},	{164, 4},     {983, 4},	    {984, 5},	 {5898, 5},
		       {5899, 6},  {35389, 6},	{35390, 7},   {212339, 7},  {212340, 8}, {10000000, 8}};
	char prefix[64], a[64], b[64];
	size_t i;
	(void)state;
	for (i = 0; i < ARRAY_SIZE(lengths); i++)
		assert_int_equal(issue_id_hash_length(lengths[i].count), lengths[i].length);
	assert_true(issue_id_prefix("bd-a1b", prefix, sizeof(prefix)));
	assert_string_equal(prefix, "bd");
	assert_true(issue_id_prefix("my-proj-x9z.2.1", prefix, sizeof(prefix)));
	assert_string_equal(prefix, "my-proj");
	assert_false(issue_id_prefix("nodash", prefix, sizeof(prefix)));
	issue_id_make("tb", "A title", "alice", 1000, 5, 0, a, sizeof(a));
	issue_id_make("tb", "A title", "alice", 1000, 5, 0, b, sizeof(b));
	assert_string_equal(a, b); /* a function of its inputs, as bd's */
	assert_int_equal(strlen(a), 8);
	assert_memory_equal(a, "tb-", 3);
	for (i = 3; a[i]; i++)
		assert_true((a[i] >= '0' && a[i] <= '9') || (a[i] >= 'a' && a[i] <= 'z'));
	issue_id_make("tb", "A title", "alice", 1000, 5, 1, b, sizeof(b));
	assert_string_not_equal(a, b); /* the next attempt differs */
	{
		struct prefix_tally tally;
		memset(&tally, 0, sizeof(tally));
		prefix_tally_add(&tally, "bd-1");
		prefix_tally_add(&tally, "x-2");
		prefix_tally_add(&tally, "bd-3.1");
		assert_string_equal(prefix_tally_best(&tally), "bd");
		memset(&tally, 0, sizeof(tally));
		assert_string_equal(prefix_tally_best(&tally), "bd");
	}
}

/* Cycle check for new dependencies: iterative, through any type. */
static void test_graph_reaches(void **state)
{
	struct issue_set *set = issue_set_new();
	char id[32], prev[32];
	int i;
	(void)state;
	issue_set_add(set, "a");
	issue_set_add(set, "b");
	issue_set_add(set, "c");
	issue_set_add_dep(set, "a", "b", "blocks");
	issue_set_add_dep(set, "b", "c", "related");
	for (i = 0; i < 10000; i++) { /* a chain far deeper than any stack */
		snprintf(id, sizeof(id), "n%d", i);
		issue_set_add(set, id);
		if (i) {
			snprintf(prev, sizeof(prev), "n%d", i - 1);
			issue_set_add_dep(set, id, prev, "blocks");
		}
	}
	issue_set_finish(set, 0);
	assert_true(graph_reaches(set, issue_set_index_of(set, "a"), issue_set_index_of(set, "c")));
	assert_false(graph_reaches(set, issue_set_index_of(set, "c"), issue_set_index_of(set, "a")));
	assert_true(graph_reaches(set, issue_set_index_of(set, "n9999"), issue_set_index_of(set, "n0")));
	assert_false(graph_reaches(set, issue_set_index_of(set, "n0"), issue_set_index_of(set, "n9999")));
	issue_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_blocker_status),
		cmocka_unit_test(test_non_blocking_types),
		cmocka_unit_test(test_parent_blocking),
		cmocka_unit_test(test_parent_depth_limit),
		cmocka_unit_test(test_cycle),
		cmocka_unit_test(test_external_target),
		cmocka_unit_test(test_waits_for),
		cmocka_unit_test(test_ready_rules),
		cmocka_unit_test(test_default_order),
		cmocka_unit_test(test_natural_id_order),
		cmocka_unit_test(test_duplicates_and_labels),
		cmocka_unit_test(test_rows_in_any_order),
		cmocka_unit_test(test_deep_chain),
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_sanitize_line),
		cmocka_unit_test(test_visible),
		cmocka_unit_test(test_tsv_field),
		cmocka_unit_test(test_display_width),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_derived_order_matches_full_sort),
		cmocka_unit_test(test_timestamp_like),
		cmocka_unit_test(test_issue_ids),
		cmocka_unit_test(test_graph_reaches),
	};
	/* widths come from the C library's tables for a UTF-8 locale */
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
