/* Graph facts for the views (see facts.h). Every pass is over the
 * issues and the dependency arrays once or twice, with explicit stacks
 * and queues. */
#include "facts.h"

#include <stdlib.h>
#include <string.h>

static int counts_for_cycles(const struct dep *d)
{
	/* bd's own cycle check skips only relates-to */
	return d->to != ISSUE_NONE && d->kind != DEP_RELATED;
}

/* Tarjan's strongly connected components, iteratively: an issue is on a
 * cycle when its component has more than one issue (or it depends on
 * itself). */
static void find_cycles(struct graph_facts *f, const struct issue_set *set)
{
	size_t n = set->count, top = 0, sp = 0;
	uint32_t *index = xmalloc(n * sizeof(*index)), *low = xmalloc(n * sizeof(*low));
	uint32_t *stack = xmalloc(n * sizeof(*stack)), *call = xmalloc(n * sizeof(*call));
	uint32_t *edge = xmalloc(n * sizeof(*edge));
	uint8_t *on_stack = xcalloc(n, 1);
	uint32_t next_index = 1, v, root;
	memset(index, 0, n * sizeof(*index));
	for (root = 0; root < n; root++) {
		if (index[root])
			continue;
		call[sp++] = root;
		index[root] = low[root] = next_index++;
		edge[root] = 0;
		stack[top++] = root;
		on_stack[root] = 1;
		while (sp) {
			const struct issue *issue;
			v = call[sp - 1];
			issue = &set->issues[v];
			if (edge[v] < issue->dep_count) {
				const struct dep *d = &set->deps[issue->dep_first + edge[v]++];
				uint32_t w = d->to;
				if (!counts_for_cycles(d))
					continue;
				if (w == v) {
					f->in_cycle[v] = 1;
				} else if (!index[w]) {
					index[w] = low[w] = next_index++;
					edge[w] = 0;
					stack[top++] = w;
					on_stack[w] = 1;
					call[sp++] = w;
				} else if (on_stack[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			/* v is done: close its component, then return to the caller */
			if (low[v] == index[v]) {
				size_t first = top;
				do {
					first--;
				} while (stack[first] != v);
				if (top - first > 1)
					for (size_t k = first; k < top; k++)
						f->in_cycle[stack[k]] = 1;
				for (size_t k = first; k < top; k++)
					on_stack[stack[k]] = 0;
				top = first;
			}
			sp--;
			if (sp && low[v] < low[call[sp - 1]])
				low[call[sp - 1]] = low[v];
		}
	}
	for (v = 0; v < n; v++)
		f->cycle_issues += f->in_cycle[v];
	free(index);
	free(low);
	free(stack);
	free(call);
	free(edge);
	free(on_stack);
}

/* How many open issues each one alone holds up. */
static void count_unblocks(struct graph_facts *f, const struct issue_set *set)
{
	size_t i;
	for (i = 0; i < set->count; i++) {
		const struct issue *issue = &set->issues[i];
		uint32_t k, only = ISSUE_NONE, holders = 0;
		if (!status_kind_is_active(issue->status_kind) && issue->status_kind != STATUS_PINNED)
			continue;
		for (k = 0; k < issue->dep_count && holders < 2; k++) {
			const struct dep *d = &set->deps[issue->dep_first + k];
			if (graph_dep_holds_up(set, d) && d->to != only) {
				only = d->to;
				holders++;
			}
		}
		if (holders == 1)
			f->unblocks[only]++;
	}
}

/* Breadth first from every ready issue to what it holds up (and from a
 * blocked parent to its children): each blocked issue meets the nearest
 * ready one first. */
static void find_next_ready(struct graph_facts *f, const struct issue_set *set)
{
	size_t n = set->count, head = 0, tail = 0, i;
	uint32_t *queue = xmalloc((n ? n : 1) * sizeof(*queue));
	for (i = 0; i < n; i++) {
		f->next_ready[i] = ISSUE_NONE;
		if (set->issues[i].flags & ISSUE_READY) {
			f->next_ready[i] = (uint32_t)i;
			queue[tail++] = (uint32_t)i;
		}
	}
	while (head < tail) {
		uint32_t v = queue[head++];
		const struct issue *issue = &set->issues[v];
		uint32_t k;
		for (k = 0; k < issue->rdep_count; k++) {
			const struct dep *d = &set->deps[set->rdeps[issue->rdep_first + k]];
			uint32_t w = d->from;
			int passes = d->kind == DEP_PARENT_CHILD ? (issue->flags & ISSUE_BLOCKED) != 0
								  : graph_dep_holds_up(set, d);
			if (!passes || f->next_ready[w] != ISSUE_NONE || !(set->issues[w].flags & ISSUE_BLOCKED))
				continue;
			f->next_ready[w] = f->next_ready[v];
			queue[tail++] = w;
		}
	}
	/* a ready issue is its own next step: only blocked ones get a hint */
	for (i = 0; i < n; i++)
		if (f->next_ready[i] == i)
			f->next_ready[i] = ISSUE_NONE;
	free(queue);
}

/* The longest path of active blocking dependencies, by depth-first
 * post-order; an edge back into the path (a cycle) is not followed. */
static void find_longest_chain(struct graph_facts *f, const struct issue_set *set)
{
	size_t n = set->count, sp = 0;
	uint32_t *len = xcalloc(n ? n : 1, sizeof(*len)), *next = xmalloc((n ? n : 1) * sizeof(*next));
	uint32_t *call = xmalloc((n ? n : 1) * sizeof(*call)), *edge = xmalloc((n ? n : 1) * sizeof(*edge));
	uint8_t *state = xcalloc(n ? n : 1, 1); /* 0 new, 1 on the path, 2 done */
	uint32_t best = ISSUE_NONE, root;
	for (root = 0; root < n; root++) {
		/* a chain of work still to do: closed issues take no part */
		if (state[root] || !status_kind_is_active(set->issues[root].status_kind))
			continue;
		call[sp++] = root;
		state[root] = 1;
		edge[root] = 0;
		len[root] = 1;
		next[root] = ISSUE_NONE;
		while (sp) {
			uint32_t v = call[sp - 1];
			const struct issue *issue = &set->issues[v];
			if (edge[v] < issue->dep_count) {
				const struct dep *d = &set->deps[issue->dep_first + edge[v]++];
				uint32_t w = d->to;
				if (!graph_dep_holds_up(set, d) || state[w] == 1 ||
				    !status_kind_is_active(set->issues[w].status_kind))
					continue;
				if (state[w] == 0) {
					state[w] = 1;
					edge[w] = 0;
					len[w] = 1;
					next[w] = ISSUE_NONE;
					call[sp++] = w;
					continue;
				}
				if (len[w] + 1 > len[v]) {
					len[v] = len[w] + 1;
					next[v] = w;
				}
				continue;
			}
			state[v] = 2;
			sp--;
			if (sp) {
				uint32_t u = call[sp - 1];
				if (len[v] + 1 > len[u]) {
					len[u] = len[v] + 1;
					next[u] = v;
				}
			}
			if (best == ISSUE_NONE || len[v] > len[best])
				best = v;
		}
	}
	if (best != ISSUE_NONE && len[best] > 1) {
		size_t cap = len[best];
		uint32_t v;
		f->chain = xmalloc(cap * sizeof(*f->chain));
		for (v = best; v != ISSUE_NONE && f->chain_len < cap; v = next[v])
			f->chain[f->chain_len++] = v;
	}
	free(len);
	free(next);
	free(call);
	free(edge);
	free(state);
}

static void count_family(struct graph_facts *f, const struct issue_set *set)
{
	size_t i;
	for (i = 0; i < set->dep_count; i++) {
		const struct dep *d = &set->deps[i];
		if (d->kind != DEP_PARENT_CHILD || d->to == ISSUE_NONE || d->to == d->from)
			continue;
		f->parent_count[d->from]++;
		f->child_count[d->to]++;
		if (set->issues[d->from].status_kind == STATUS_CLOSED)
			f->child_closed[d->to]++;
	}
}

void graph_facts_compute(struct graph_facts *f, const struct issue_set *set)
{
	size_t n = set->count ? set->count : 1;
	memset(f, 0, sizeof(*f));
	f->set = set;
	f->unblocks = xcalloc(n, sizeof(*f->unblocks));
	f->next_ready = xmalloc(n * sizeof(*f->next_ready));
	f->in_cycle = xcalloc(n, 1);
	f->child_count = xcalloc(n, sizeof(*f->child_count));
	f->child_closed = xcalloc(n, sizeof(*f->child_closed));
	f->parent_count = xcalloc(n, sizeof(*f->parent_count));
	if (!set->count)
		return;
	find_cycles(f, set);
	count_unblocks(f, set);
	find_next_ready(f, set);
	find_longest_chain(f, set);
	count_family(f, set);
}

void graph_facts_free(struct graph_facts *f)
{
	free(f->unblocks);
	free(f->next_ready);
	free(f->in_cycle);
	free(f->chain);
	free(f->child_count);
	free(f->child_closed);
	free(f->parent_count);
	memset(f, 0, sizeof(*f));
}
