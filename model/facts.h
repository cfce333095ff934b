/* Facts about the dependency graph that the views show: what each issue
 * unblocks, the nearest ready issue behind a blocked one, dependency
 * cycles, the longest blocking chain, epics' progress. Computed once
 * per loaded set, in time linear in issues plus edges, with no recursion
 * (a 10,000-deep chain costs no stack); the views keep the result until
 * the data changes. No curses here. */
#ifndef TIB_FACTS_H
#define TIB_FACTS_H

#include "issue.h"

struct graph_facts {
	const struct issue_set *set;
	/* per issue: how many open issues it alone holds up (closing it
	 * frees them) */
	uint32_t *unblocks;
	/* per issue: the nearest ready issue that holds it up, directly or
	 * through others (or through a blocked parent); ISSUE_NONE if none
	 * is ready (a cycle, or only non-ready blockers) */
	uint32_t *next_ready;
	/* per issue: on a cycle of dependencies (any type but related) */
	uint8_t *in_cycle;
	size_t cycle_issues;
	/* the longest chain of active blocking dependencies: chain[0]
	 * depends on chain[1], which depends on chain[2] ...; the last one
	 * is what to do first */
	uint32_t *chain;
	size_t chain_len;
	/* per issue: children (parent-child) in the set, and how many are closed */
	uint32_t *child_count, *child_closed;
	/* per issue: parents in the set */
	uint32_t *parent_count;
};

void graph_facts_compute(struct graph_facts *facts, const struct issue_set *set);
void graph_facts_free(struct graph_facts *facts);

/* The issue's dependency on its blocker holds it up right now (beads'
 * rule: a blocks target still active, a waits-for target with an open
 * child, ...). */
int graph_dep_holds_up(const struct issue_set *set, const struct dep *d);

#endif
