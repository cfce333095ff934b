/* Graph facts for the views (model/facts.c): on a hand-made graph with a
 * diamond, a cycle, several parents, an external target and a 60-deep
 * chain, and on a 10,000-deep one (no recursion). */
#include "testutil.h"

#include "../../model/facts.h"

static struct issue *add(struct issue_set *set, const char *id, const char *status)
{
	struct issue *issue = issue_set_add(set, id);
	issue_set_set_status(set, issue, status);
	return issue;
}

static uint32_t at_id(const struct issue_set *set, const char *id)
{
	uint32_t i = issue_set_index_of(set, id);
	assert_int_not_equal(i, ISSUE_NONE);
	return i;
}

static struct issue_set *graph(void)
{
	struct issue_set *set = issue_set_new();
	char id[16], next[16];
	int i;
	add(set, "top", "open");
	add(set, "left", "open");
	add(set, "right", "open");
	add(set, "base", "open");
	issue_set_add_dep(set, "top", "left", "blocks");
	issue_set_add_dep(set, "top", "right", "blocks");
	issue_set_add_dep(set, "left", "base", "blocks");
	issue_set_add_dep(set, "right", "base", "blocks");
	add(set, "cyc-a", "open");
	add(set, "cyc-b", "open");
	add(set, "cyc-c", "open");
	issue_set_add_dep(set, "cyc-a", "cyc-b", "blocks");
	issue_set_add_dep(set, "cyc-b", "cyc-c", "blocks");
	issue_set_add_dep(set, "cyc-c", "cyc-a", "blocks");
	add(set, "epic1", "open");
	add(set, "epic2", "open");
	add(set, "done-child", "closed");
	add(set, "shared", "open");
	issue_set_add_dep(set, "done-child", "epic1", "parent-child");
	issue_set_add_dep(set, "shared", "epic1", "parent-child");
	issue_set_add_dep(set, "shared", "epic2", "parent-child");
	add(set, "ext", "open");
	issue_set_add_dep(set, "ext", "external:other:x-1", "blocks");
	add(set, "related-a", "open");
	add(set, "related-b", "open");
	issue_set_add_dep(set, "related-a", "related-b", "related");
	issue_set_add_dep(set, "related-b", "related-a", "related");
	for (i = 1; i <= 60; i++) {
		snprintf(id, sizeof(id), "ch-%02d", i);
		add(set, id, "open");
	}
	for (i = 1; i < 60; i++) {
		snprintf(id, sizeof(id), "ch-%02d", i);
		snprintf(next, sizeof(next), "ch-%02d", i + 1);
		issue_set_add_dep(set, id, next, "blocks");
	}
	issue_set_finish(set, 0);
	return set;
}

static void test_unblocks_and_next_ready(void **state)
{
	struct issue_set *set = graph();
	struct graph_facts f;
	(void)state;
	graph_facts_compute(&f, set);
	/* base alone holds up left and right; top needs both */
	assert_int_equal(f.unblocks[at_id(set, "base")], 2);
	assert_int_equal(f.unblocks[at_id(set, "left")], 0);
	assert_int_equal(f.unblocks[at_id(set, "ch-60")], 1);
	/* the nearest ready blocker */
	assert_int_equal(f.next_ready[at_id(set, "top")], at_id(set, "base"));
	assert_int_equal(f.next_ready[at_id(set, "left")], at_id(set, "base"));
	assert_int_equal(f.next_ready[at_id(set, "ch-01")], at_id(set, "ch-60"));
	assert_int_equal(f.next_ready[at_id(set, "base")], ISSUE_NONE); /* ready itself */
	assert_int_equal(f.next_ready[at_id(set, "cyc-a")], ISSUE_NONE); /* nothing ready on a cycle */
	/* an external target holds nothing up (as in bd) */
	assert_true(set->issues[at_id(set, "ext")].flags & ISSUE_READY);
	graph_facts_free(&f);
	issue_set_free(set);
}

static void test_cycles(void **state)
{
	struct issue_set *set = graph();
	struct graph_facts f;
	(void)state;
	graph_facts_compute(&f, set);
	assert_true(f.in_cycle[at_id(set, "cyc-a")]);
	assert_true(f.in_cycle[at_id(set, "cyc-b")]);
	assert_true(f.in_cycle[at_id(set, "cyc-c")]);
	assert_false(f.in_cycle[at_id(set, "top")]); /* a diamond is no cycle */
	assert_false(f.in_cycle[at_id(set, "base")]);
	assert_false(f.in_cycle[at_id(set, "related-a")]); /* related does not count, as in bd */
	assert_int_equal(f.cycle_issues, 3);
	graph_facts_free(&f);
	issue_set_free(set);
}

static void test_longest_chain(void **state)
{
	struct issue_set *set = graph();
	struct graph_facts f;
	size_t i;
	(void)state;
	graph_facts_compute(&f, set);
	assert_int_equal(f.chain_len, 60);
	for (i = 0; i < 60; i++) {
		char id[16];
		snprintf(id, sizeof(id), "ch-%02zu", i + 1);
		assert_string_equal(set->issues[f.chain[i]].id, id);
	}
	graph_facts_free(&f);
	issue_set_free(set);
}

static void test_family(void **state)
{
	struct issue_set *set = graph();
	struct graph_facts f;
	(void)state;
	graph_facts_compute(&f, set);
	assert_int_equal(f.child_count[at_id(set, "epic1")], 2);
	assert_int_equal(f.child_closed[at_id(set, "epic1")], 1);
	assert_int_equal(f.child_count[at_id(set, "epic2")], 1);
	assert_int_equal(f.parent_count[at_id(set, "shared")], 2);
	assert_int_equal(f.parent_count[at_id(set, "epic1")], 0);
	graph_facts_free(&f);
	issue_set_free(set);
}

/* 10,000 deep, and one cycle through all of it: no stack used. */
static void test_deep(void **state)
{
	struct issue_set *set = issue_set_new();
	struct graph_facts f;
	char id[16], next[16];
	int i, n = 10000;
	(void)state;
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "d%d", i);
		add(set, id, "open");
	}
	for (i = 0; i + 1 < n; i++) {
		snprintf(id, sizeof(id), "d%d", i);
		snprintf(next, sizeof(next), "d%d", i + 1);
		issue_set_add_dep(set, id, next, "blocks");
	}
	issue_set_finish(set, 0);
	graph_facts_compute(&f, set);
	assert_int_equal(f.chain_len, (size_t)n);
	assert_int_equal(f.next_ready[at_id(set, "d0")], at_id(set, "d9999"));
	assert_int_equal(f.cycle_issues, 0);
	graph_facts_free(&f);
	issue_set_free(set);

	set = issue_set_new();
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "d%d", i);
		add(set, id, "open");
		snprintf(next, sizeof(next), "d%d", (i + 1) % n);
	}
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "d%d", i);
		snprintf(next, sizeof(next), "d%d", (i + 1) % n);
		issue_set_add_dep(set, id, next, "blocks");
	}
	issue_set_finish(set, 0);
	graph_facts_compute(&f, set);
	assert_int_equal(f.cycle_issues, (size_t)n);
	assert_int_equal(f.chain_len, (size_t)n); /* the path up to the edge that closes the loop */
	graph_facts_free(&f);
	issue_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unblocks_and_next_ready),
		cmocka_unit_test(test_cycles),
		cmocka_unit_test(test_longest_chain),
		cmocka_unit_test(test_family),
		cmocka_unit_test(test_deep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
