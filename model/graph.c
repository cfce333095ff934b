/* Blocked and ready, following beads' own rules (blocked_issues_cache in
 * bd v0.50): an issue is blocked when something it `blocks`-depends on is
 * still active; being blocked passes from a parent to its children along
 * parent-child edges, at most 50 levels deep. Iterative, so a 10,000-deep
 * chain or a cycle costs O(edges) and no stack. */
#include "facts.h"

#include <stdlib.h>
#include <string.h>

#define PARENT_BLOCK_MAX_DEPTH 50

/* Types that are plumbing for agents, never work to pick up. */
static int type_is_never_ready(const char *type)
{
	static const char *const types[] = {"merge-request", "gate", "molecule", "message",
					    "agent",         "role", "rig"};
	size_t i;
	for (i = 0; i < ARRAY_SIZE(types); i++)
		if (strcmp(type, types[i]) == 0)
			return 1;
	return 0;
}

/* waits-for: the waiter is held until every child of the target is done. */
static int has_active_child(const struct issue_set *set, const struct issue *target)
{
	uint32_t i;
	for (i = 0; i < target->rdep_count; i++) {
		const struct dep *d = &set->deps[set->rdeps[target->rdep_first + i]];
		if (d->kind == DEP_PARENT_CHILD && status_kind_is_active(set->issues[d->from].status_kind))
			return 1;
	}
	return 0;
}

int graph_dep_holds_up(const struct issue_set *set, const struct dep *d)
{
	const struct issue *target;
	if (d->to == ISSUE_NONE)
		return 0; /* not in this set: bd's join finds no blocker either */
	target = &set->issues[d->to];
	switch ((enum dep_kind)d->kind) {
	case DEP_BLOCKS:
	case DEP_CONDITIONAL_BLOCKS:
		return status_kind_is_active(target->status_kind);
	case DEP_WAITS_FOR:
		return has_active_child(set, target);
	case DEP_PARENT_CHILD:
	case DEP_RELATED:
	case DEP_DISCOVERED_FROM:
	case DEP_DUPLICATES:
	case DEP_OTHER:
		break;
	}
	return 0;
}

void issue_set_compute_blocked_ready(struct issue_set *set)
{
	size_t n = set->count, i, head = 0, tail = 0;
	uint8_t *depth = xmalloc(n ? n : 1);     /* 0xff = not blocked */
	uint32_t *queue = xmalloc((n ? n : 1) * sizeof(*queue));

	memset(depth, 0xff, n);
	for (i = 0; i < set->dep_count; i++) {
		const struct dep *d = &set->deps[i];
		if (depth[d->from] != 0 && graph_dep_holds_up(set, d)) {
			depth[d->from] = 0;
			queue[tail++] = d->from;
		}
	}
	/* Breadth first, so each issue gets its shortest depth from a blocked
	 * ancestor, as the recursive CTE would. */
	while (head < tail) {
		uint32_t x = queue[head++];
		const struct issue *parent = &set->issues[x];
		if (depth[x] >= PARENT_BLOCK_MAX_DEPTH)
			continue;
		for (i = 0; i < parent->rdep_count; i++) {
			const struct dep *d = &set->deps[set->rdeps[parent->rdep_first + i]];
			if (d->kind != DEP_PARENT_CHILD || depth[d->from] != 0xff)
				continue;
			depth[d->from] = (uint8_t)(depth[x] + 1);
			queue[tail++] = d->from;
		}
	}

	for (i = 0; i < n; i++) {
		struct issue *issue = &set->issues[i];
		int blocked = depth[i] != 0xff;
		int deferred = issue->defer_until != TIME_NONE && issue->defer_until > set->now;
		issue->flags &= (uint8_t)~(ISSUE_BLOCKED | ISSUE_READY);
		if (blocked && issue->status_kind != STATUS_CLOSED && issue->status_kind != STATUS_TOMBSTONE)
			issue->flags |= ISSUE_BLOCKED;
		if ((issue->status_kind == STATUS_OPEN || issue->status_kind == STATUS_IN_PROGRESS) &&
		    !(issue->flags & (ISSUE_PINNED | ISSUE_EPHEMERAL)) && !type_is_never_ready(issue->issue_type) &&
		    !deferred && !blocked)
			issue->flags |= ISSUE_READY;
	}
	free(depth);
	free(queue);
}

int graph_reaches(const struct issue_set *set, uint32_t from, uint32_t to)
{
	/* breadth first over "depends on" edges with an explicit queue: a
	 * 10,000-deep chain must not recurse */
	uint32_t *queue;
	uint8_t *seen;
	size_t head = 0, tail = 0;
	int found = 0;
	if (from >= set->count || to >= set->count)
		return 0;
	if (from == to)
		return 1;
	queue = xmalloc(set->count * sizeof(*queue));
	seen = xcalloc(set->count, 1);
	queue[tail++] = from;
	seen[from] = 1;
	while (head < tail && !found) {
		const struct issue *issue = &set->issues[queue[head++]];
		uint32_t k;
		for (k = 0; k < issue->dep_count; k++) {
			uint32_t next = set->deps[issue->dep_first + k].to;
			if (next == ISSUE_NONE || seen[next])
				continue;
			if (next == to) {
				found = 1;
				break;
			}
			seen[next] = 1;
			queue[tail++] = next;
		}
	}
	free(queue);
	free(seen);
	return found;
}
