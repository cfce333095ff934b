/* The tree of epics: every issue that has children (parent-child) or is
 * an epic, with no parent of its own, at the top; its children under it,
 * any depth; an issue with several parents under each of them, marked;
 * the issues with neither parent nor child grouped at the end. Space or
 * o opens and closes a node, O opens all or closes all. Each parent shows
 * its progress: closed children of all, with a small bar. With a filter,
 * the issues that match are shown with the parents that lead to them
 * (dimmed when they do not match themselves). */
#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/query.h"
#include "outline.h"

#define TREE_MAX_DEPTH 1000 /* deeper nesting is cut (and said) */

/* per issue, in `open`: */
enum { NODE_DEFAULT, NODE_OPEN, NODE_CLOSED };

struct tree_state {
	struct outline_view ov; /* first: the outline_view_* ops use it */
	uint8_t *open;    /* per issue of the set: NODE_* */
	size_t open_cap;
	int orphans_open;
	uint8_t *keep;    /* per issue: matches the filter, or leads to one that does */
	char orphan_heading[64];
};

static int is_parent_child(const struct dep *d)
{
	return d->kind == DEP_PARENT_CHILD && d->to != ISSUE_NONE && d->to != d->from;
}

static int node_is_open(const struct tree_state *st, uint32_t issue, uint32_t depth)
{
	uint8_t s = issue < st->open_cap ? st->open[issue] : NODE_DEFAULT;
	return s == NODE_OPEN || (s == NODE_DEFAULT && depth == 0);
}

/* With a filter: an issue stays if it matches or a descendant does;
 * marked by walking up from each match (visited once). */
static void mark_kept(struct tree_state *st, const struct issue_set *set, const struct query *filter)
{
	uint32_t *queue = xmalloc((set->count ? set->count : 1) * sizeof(*queue));
	size_t head = 0, tail = 0, i;
	free(st->keep);
	st->keep = xcalloc(set->count ? set->count : 1, 1);
	for (i = 0; i < set->order_count; i++) {
		uint32_t idx = set->order[i];
		if (!filter || query_match(filter, set, &set->issues[idx])) {
			st->keep[idx] = 2; /* matches */
			queue[tail++] = idx;
		}
	}
	while (head < tail) {
		const struct issue *issue = &set->issues[queue[head++]];
		uint32_t k;
		for (k = 0; k < issue->dep_count; k++) {
			const struct dep *d = &set->deps[issue->dep_first + k];
			if (is_parent_child(d) && !st->keep[d->to]) {
				st->keep[d->to] = 1; /* context */
				queue[tail++] = d->to;
			}
		}
	}
	free(queue);
}

static int shown_in_set(const struct issue_set *set, const struct issue *issue)
{
	return issue->status_kind != STATUS_TOMBSTONE || set->show_tombstones;
}

/* A node and, when open, what is under it: depth first with an explicit
 * stack; a child already on the path (a parent-child cycle) is shown
 * once more, marked, and not opened. */
struct frame {
	uint32_t issue;
	uint32_t next_rdep; /* the next incoming dependency to look at */
};

static void add_node(struct tree_state *st, const struct graph_facts *facts, uint32_t issue, uint32_t depth,
		     int cycle)
{
	struct outline_row *row;
	uint32_t flags = 0;
	if (facts->child_count[issue])
		flags |= ROW_OPENABLE;
	if ((flags & ROW_OPENABLE) && !cycle && depth < TREE_MAX_DEPTH && node_is_open(st, issue, depth))
		flags |= ROW_OPEN;
	if (st->keep[issue] == 1)
		flags |= ROW_DIM;
	row = outline_add(&st->ov.outline, issue, depth, flags);
	if (cycle) {
		snprintf(row->note, sizeof(row->note), "(cycle)");
		row->flags |= ROW_ALERT;
	} else if (facts->child_count[issue]) {
		char bar[32];
		outline_bar(bar, sizeof(bar), facts->child_closed[issue], facts->child_count[issue], 5);
		snprintf(row->note, sizeof(row->note), "%u/%u %s", facts->child_closed[issue], facts->child_count[issue],
			 bar);
	}
	if (facts->parent_count[issue] > 1 && !row->note[0])
		snprintf(row->note, sizeof(row->note), "(%u parents)", facts->parent_count[issue]);
	else if (facts->parent_count[issue] > 1 && strlen(row->note) + 14 < sizeof(row->note))
		snprintf(row->note + strlen(row->note), sizeof(row->note) - strlen(row->note), " (%u parents)",
			 facts->parent_count[issue]);
}

static void add_subtree(struct tree_state *st, const struct issue_set *set, const struct graph_facts *facts,
			uint32_t root, struct frame *stack, uint8_t *on_path)
{
	size_t sp = 0;
	add_node(st, facts, root, 0, 0);
	if (!(st->ov.outline.rows[st->ov.outline.count - 1].flags & ROW_OPEN))
		return;
	stack[sp].issue = root;
	stack[sp++].next_rdep = 0;
	on_path[root] = 1;
	while (sp) {
		struct frame *f = &stack[sp - 1];
		const struct issue *issue = &set->issues[f->issue];
		const struct dep *d = NULL;
		uint32_t child;
		while (f->next_rdep < issue->rdep_count) {
			const struct dep *c = &set->deps[set->rdeps[issue->rdep_first + f->next_rdep++]];
			if (is_parent_child(c) && st->keep[c->from] && shown_in_set(set, &set->issues[c->from])) {
				d = c;
				break;
			}
		}
		if (!d) {
			on_path[f->issue] = 0;
			sp--;
			continue;
		}
		child = d->from;
		add_node(st, facts, child, (uint32_t)sp, on_path[child]);
		if (on_path[child] || !(st->ov.outline.rows[st->ov.outline.count - 1].flags & ROW_OPEN))
			continue;
		stack[sp].issue = child;
		stack[sp++].next_rdep = 0;
		on_path[child] = 1;
	}
}

static void build(struct view *view)
{
	struct tree_state *st = view->private;
	struct app *app = view->app;
	const struct issue_set *set = app->set;
	const struct graph_facts *facts = view_facts(app);
	struct frame *stack = xmalloc((set->count + 1) * sizeof(*stack));
	uint8_t *on_path = xcalloc(set->count ? set->count : 1, 1);
	uint32_t keep = st->ov.keep_id[0] ? issue_set_index_of(set, st->ov.keep_id) : ISSUE_NONE;
	size_t i, orphans = 0;
	struct outline_row *row;

	if (st->open_cap < set->count) {
		st->open = xrealloc(st->open, set->count);
		memset(st->open + st->open_cap, 0, set->count - st->open_cap);
		st->open_cap = set->count;
	}
	mark_kept(st, set, app->filter);
	outline_clear(&st->ov.outline);
	/* the tops: no parent in the set, and children or an epic */
	for (i = 0; i < set->order_count; i++) {
		uint32_t idx = set->order[i];
		if (!st->keep[idx] || facts->parent_count[idx])
			continue;
		if (facts->child_count[idx] || strcmp(set->issues[idx].issue_type, "epic") == 0)
			add_subtree(st, set, facts, idx, stack, on_path);
		else
			orphans++;
	}
	/* a parent-child loop with no way in from a top: show it too */
	for (i = 0; i < set->order_count; i++) {
		uint32_t idx = set->order[i];
		size_t r;
		int placed = 0;
		if (!st->keep[idx] || !facts->parent_count[idx] || !facts->in_cycle[idx])
			continue;
		for (r = 0; r < st->ov.outline.count && !placed; r++)
			placed = st->ov.outline.rows[r].issue == idx;
		if (!placed)
			add_subtree(st, set, facts, idx, stack, on_path);
	}
	if (orphans) {
		snprintf(st->orphan_heading, sizeof(st->orphan_heading), "No parent, no children (%zu)", orphans);
		row = outline_add(&st->ov.outline, ISSUE_NONE, 0, ROW_GROUP | ROW_OPENABLE | (st->orphans_open ? ROW_OPEN : 0));
		row->text = st->orphan_heading;
		if (st->orphans_open)
			for (i = 0; i < set->order_count; i++) {
				uint32_t idx = set->order[i];
				if (st->keep[idx] && !facts->parent_count[idx] && !facts->child_count[idx] &&
				    strcmp(set->issues[idx].issue_type, "epic") != 0)
					outline_add(&st->ov.outline, idx, 1, st->keep[idx] == 1 ? ROW_DIM : 0);
			}
	}
	free(stack);
	free(on_path);
	st->ov.generation = app->set_generation;
	st->ov.filter = app->filter;
	st->ov.built = 1;
	if (keep == ISSUE_NONE || outline_select(&st->ov.outline, keep) != 0)
		outline_settle(&st->ov.outline);
}

static void tree_open(struct view *view)
{
	struct tree_state *st = xcalloc(1, sizeof(*st));
	st->ov.build = build;
	view->private = st;
}

static void tree_close(struct view *view)
{
	struct tree_state *st = view->private;
	outline_free(&st->ov.outline);
	free(st->open);
	free(st->keep);
	free(st);
	view->private = NULL;
}

static void toggle(struct view *view)
{
	struct tree_state *st = view->private;
	const struct outline_row *row;
	if (st->ov.outline.selected >= st->ov.outline.count)
		return;
	row = &st->ov.outline.rows[st->ov.outline.selected];
	if (row->issue == ISSUE_NONE || !(row->flags & ROW_OPENABLE))
		return;
	st->open[row->issue] = (row->flags & ROW_OPEN) ? NODE_CLOSED : NODE_OPEN;
	outline_view_remember(view, view->app->set);
}

static void toggle_all(struct view *view)
{
	struct tree_state *st = view->private;
	size_t i, open = 0;
	for (i = 0; i < st->ov.outline.count; i++)
		open += (st->ov.outline.rows[i].flags & ROW_OPEN) && st->ov.outline.rows[i].depth > 0;
	/* some opened below the tops: close everything; else open everything */
	memset(st->open, open ? NODE_CLOSED : NODE_OPEN, st->open_cap);
	st->orphans_open = !open;
	outline_view_remember(view, view->app->set);
}

static enum action tree_request(struct view *view, enum action action)
{
	struct tree_state *st = view->private;
	outline_view_ensure(view);
	switch (action) {
	case ACT_EXPAND:
		if (st->ov.outline.selected < st->ov.outline.count &&
		    (st->ov.outline.rows[st->ov.outline.selected].flags & ROW_GROUP)) {
			st->orphans_open = !st->orphans_open;
			outline_view_remember(view, view->app->set);
		} else {
			toggle(view);
		}
		return ACT_NONE;
	case ACT_EXPAND_ALL:
		toggle_all(view);
		return ACT_NONE;
	default:
		break;
	}
	return outline_request(&st->ov.outline, action, view->height);
}

/* Selects the issue, opening the nodes above it if it is hidden in a
 * closed one. */
static int tree_select(struct view *view, uint32_t issue)
{
	struct tree_state *st = view->private;
	const struct issue_set *set = view->app->set;
	uint32_t cur = issue;
	int guard = 0;
	outline_view_ensure(view);
	if (outline_select(&st->ov.outline, issue) == 0)
		return 0;
	if (issue == ISSUE_NONE || issue >= set->count)
		return -1;
	/* open the first parent chain up to a top */
	while (guard++ < TREE_MAX_DEPTH) {
		const struct issue *it = &set->issues[cur];
		uint32_t k, parent = ISSUE_NONE;
		for (k = 0; k < it->dep_count && parent == ISSUE_NONE; k++)
			if (is_parent_child(&set->deps[it->dep_first + k]))
				parent = set->deps[it->dep_first + k].to;
		if (parent == ISSUE_NONE)
			break;
		st->open[parent] = NODE_OPEN;
		cur = parent;
	}
	{
		const struct graph_facts *facts = view_facts(view->app);
		if (!facts->parent_count[issue] && !facts->child_count[issue])
			st->orphans_open = 1;
	}
	STR_COPY(st->ov.keep_id, set->issues[issue].id);
	st->ov.built = 0;
	outline_view_ensure(view);
	return outline_select(&st->ov.outline, issue);
}

static void tree_data_changed(struct view *view, const struct issue_set *old_set)
{
	struct tree_state *st = view->private;
	const struct issue_set *set = view->app->set;
	uint8_t *open = NULL;
	size_t i;
	outline_view_remember(view, old_set);
	/* the open nodes follow their ids */
	if (st->open) {
		open = xcalloc(set->count ? set->count : 1, 1);
		for (i = 0; i < st->open_cap && i < old_set->count; i++)
			if (st->open[i]) {
				uint32_t now = issue_set_index_of(set, old_set->issues[i].id);
				if (now != ISSUE_NONE)
					open[now] = st->open[i];
			}
		free(st->open);
		st->open = open;
		st->open_cap = set->count ? set->count : 1;
	}
}

static void tree_enter(struct view *view, uint32_t issue)
{
	struct tree_state *st = view->private;
	if (issue == ISSUE_NONE || tree_select(view, issue) != 0)
		outline_settle(&st->ov.outline);
}

const struct view_ops tree_view_ops = {
	.name = "tree",
	.keymap = "tree",
	.open = tree_open,
	.close = tree_close,
	.draw = outline_view_draw,
	.request = tree_request,
	.status = outline_view_status,
	.selected = outline_view_selected,
	.select = tree_select,
	.data_changed = tree_data_changed,
	.filter_changed = outline_view_filter_changed,
	.enter = tree_enter,
	.click = outline_view_click,
};
