/* The dependencies of one issue (the one selected when the view was
 * opened, or `x` again on another): what holds it up, transitively, as a
 * tree (each blocker's status, whether it is ready, done ones dimmed), and
 * what closing it would free, transitively. A blocker met a second time
 * (a diamond) is shown once more but not opened again ("see above"); one
 * already on the path is a cycle, marked and never followed; targets
 * outside the database are shown as such. Linear in the edges reached.
 * Space/o open and close a node, O all. */
#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/query.h"
#include "outline.h"

enum { NODE_DEFAULT, NODE_OPEN, NODE_CLOSED };

struct deps_state {
	struct outline_view ov; /* first: the outline_view_* ops use it */
	char root_id[128];
	uint8_t *open; /* per issue: NODE_* */
	size_t open_cap;
	char title[300], up_heading[64], down_heading[64], none[64];
};

static int holds_up_kind(const struct dep *d)
{
	return d->kind == DEP_BLOCKS || d->kind == DEP_CONDITIONAL_BLOCKS || d->kind == DEP_WAITS_FOR ||
	       d->kind == DEP_PARENT_CHILD;
}

/* The edges out of `issue` in one direction: up = what it depends on
 * (blockers and its parent), down = what depends on it (and its
 * children). */
static uint32_t edge_count(const struct issue_set *set, uint32_t issue, int up)
{
	return up ? set->issues[issue].dep_count : set->issues[issue].rdep_count;
}

static const struct dep *edge_at(const struct issue_set *set, uint32_t issue, int up, uint32_t k)
{
	const struct issue *it = &set->issues[issue];
	return up ? &set->deps[it->dep_first + k] : &set->deps[set->rdeps[it->rdep_first + k]];
}

/* How many active blockers the issue has (for "would be ready"). */
static int active_holders(const struct issue_set *set, uint32_t issue)
{
	const struct issue *it = &set->issues[issue];
	uint32_t k;
	int n = 0;
	for (k = 0; k < it->dep_count && n < 2; k++)
		if (graph_dep_holds_up(set, &set->deps[it->dep_first + k]))
			n++;
	return n;
}

struct frame {
	uint32_t issue;
	uint32_t next;
};

static void note_for(struct outline_row *row, const struct issue_set *set, const struct dep *d, int up,
		     int cycle, int repeat, uint32_t root)
{
	const char *kind = d->kind == DEP_PARENT_CHILD ? (up ? "parent" : "child") : d->type;
	uint32_t other = up ? d->to : d->from;
	if (cycle) {
		snprintf(row->note, sizeof(row->note), "%s, cycle!", kind);
		row->flags |= ROW_ALERT;
		return;
	}
	if (other == ISSUE_NONE) {
		snprintf(row->note, sizeof(row->note), "%s", kind);
		return;
	}
	if (repeat) {
		snprintf(row->note, sizeof(row->note), "%s, see above", kind);
		return;
	}
	if (up) {
		const struct issue *it = &set->issues[other];
		if (!graph_dep_holds_up(set, d) && d->kind != DEP_PARENT_CHILD)
			snprintf(row->note, sizeof(row->note), "%s, done", kind);
		else if (it->flags & ISSUE_READY)
			snprintf(row->note, sizeof(row->note), "%s, ready", kind);
		else
			snprintf(row->note, sizeof(row->note), "%s", kind);
	} else {
		/* what closing the root does to it */
		if (d->to == root && graph_dep_holds_up(set, d) && active_holders(set, other) == 1)
			snprintf(row->note, sizeof(row->note), "%s, would be ready", kind);
		else
			snprintf(row->note, sizeof(row->note), "%s", kind);
	}
}

/* One direction from the root, depth first with an explicit stack. */
static void add_direction(struct deps_state *st, const struct issue_set *set, uint32_t root, int up,
			  struct frame *stack, uint8_t *on_path, uint8_t *seen)
{
	size_t sp = 0;
	stack[sp].issue = root;
	stack[sp++].next = 0;
	on_path[root] = 1;
	while (sp) {
		struct frame *f = &stack[sp - 1];
		const struct dep *d = NULL;
		struct outline_row *row;
		uint32_t other, flags = 0;
		int cycle, repeat;
		while (f->next < edge_count(set, f->issue, up)) {
			const struct dep *c = edge_at(set, f->issue, up, f->next++);
			if (holds_up_kind(c)) {
				d = c;
				break;
			}
		}
		if (!d) {
			on_path[f->issue] = 0;
			sp--;
			continue;
		}
		other = up ? d->to : d->from;
		if (other == ISSUE_NONE) {
			row = outline_add(&st->ov.outline, ISSUE_NONE, (uint32_t)sp - 1, ROW_EXTERNAL);
			row->text = d->to_id;
			note_for(row, set, d, up, 0, 0, root);
			continue;
		}
		cycle = on_path[other];
		repeat = !cycle && seen[other];
		if (edge_count(set, other, up) && !cycle && !repeat)
			flags |= ROW_OPENABLE;
		if ((flags & ROW_OPENABLE) && (other >= st->open_cap || st->open[other] != NODE_CLOSED))
			flags |= ROW_OPEN;
		if (st->ov.filter && !query_match(st->ov.filter, set, &set->issues[other]))
			flags |= ROW_DIM;
		if (up && !graph_dep_holds_up(set, d) && d->kind != DEP_PARENT_CHILD)
			flags |= ROW_DIM;
		row = outline_add(&st->ov.outline, other, (uint32_t)sp - 1, flags);
		note_for(row, set, d, up, cycle, repeat, root);
		if (cycle || repeat)
			continue;
		seen[other] = 1;
		if (!(flags & ROW_OPEN))
			continue;
		stack[sp].issue = other;
		stack[sp++].next = 0;
		on_path[other] = 1;
	}
}

static void build(struct view *view)
{
	struct deps_state *st = view->private;
	struct app *app = view->app;
	const struct issue_set *set = app->set;
	uint32_t root = st->root_id[0] ? issue_set_index_of(set, st->root_id) : ISSUE_NONE;
	uint32_t keep = st->ov.keep_id[0] ? issue_set_index_of(set, st->ov.keep_id) : ISSUE_NONE;
	struct outline_row *row;
	size_t before;

	if (st->open_cap < set->count) {
		st->open = xrealloc(st->open, set->count);
		memset(st->open + st->open_cap, 0, set->count - st->open_cap);
		st->open_cap = set->count;
	}
	st->ov.filter = app->filter;
	outline_clear(&st->ov.outline);
	if (root == ISSUE_NONE) {
		snprintf(st->title, sizeof(st->title), "%s",
			 st->root_id[0] ? "The issue is gone." : "Select an issue and press x to see its dependencies.");
		row = outline_add(&st->ov.outline, ISSUE_NONE, 0, ROW_HEADING);
		row->text = st->title;
	} else {
		struct frame *stack = xmalloc((set->count + 1) * sizeof(*stack));
		uint8_t *on_path = xcalloc(set->count, 1), *seen = xcalloc(set->count, 1);
		const struct issue *it = &set->issues[root];
		row = outline_add(&st->ov.outline, root, 0, 0);
		snprintf(row->note, sizeof(row->note), "%s",
			 (it->flags & ISSUE_READY)	   ? "ready"
			 : (it->flags & ISSUE_BLOCKED)	   ? "blocked"
			 : view_facts(app)->in_cycle[root] ? "on a cycle"
							   : "");
		row = outline_add(&st->ov.outline, ISSUE_NONE, 0, ROW_HEADING);
		row->text = st->up_heading;
		before = st->ov.outline.count;
		seen[root] = 1;
		add_direction(st, set, root, 1, stack, on_path, seen);
		snprintf(st->up_heading, sizeof(st->up_heading), "Held up by (%zu)", st->ov.outline.count - before);
		if (st->ov.outline.count == before) {
			row = outline_add(&st->ov.outline, ISSUE_NONE, 1, ROW_HEADING);
			snprintf(st->none, sizeof(st->none), "  nothing");
			row->text = st->none;
		}
		row = outline_add(&st->ov.outline, ISSUE_NONE, 0, ROW_HEADING);
		row->text = st->down_heading;
		before = st->ov.outline.count;
		memset(seen, 0, set->count);
		seen[root] = 1;
		add_direction(st, set, root, 0, stack, on_path, seen);
		snprintf(st->down_heading, sizeof(st->down_heading), "Waiting on it (%zu)", st->ov.outline.count - before);
		if (st->ov.outline.count == before) {
			row = outline_add(&st->ov.outline, ISSUE_NONE, 1, ROW_HEADING);
			row->text = st->none;
			snprintf(st->none, sizeof(st->none), "  nothing");
		}
		free(stack);
		free(on_path);
		free(seen);
	}
	st->ov.generation = app->set_generation;
	st->ov.built = 1;
	if (keep == ISSUE_NONE || outline_select(&st->ov.outline, keep) != 0)
		outline_settle(&st->ov.outline);
}

static void deps_open(struct view *view)
{
	struct deps_state *st = xcalloc(1, sizeof(*st));
	st->ov.build = build;
	view->private = st;
}

static void deps_close(struct view *view)
{
	struct deps_state *st = view->private;
	outline_free(&st->ov.outline);
	free(st->open);
	free(st);
	view->private = NULL;
}

static enum action deps_request(struct view *view, enum action action)
{
	struct deps_state *st = view->private;
	const struct outline_row *row;
	size_t i;
	int any_open = 0;
	outline_view_ensure(view);
	switch (action) {
	case ACT_EXPAND:
		if (st->ov.outline.selected >= st->ov.outline.count)
			return ACT_NONE;
		row = &st->ov.outline.rows[st->ov.outline.selected];
		if (row->issue != ISSUE_NONE && (row->flags & ROW_OPENABLE) && row->issue < st->open_cap) {
			st->open[row->issue] = (row->flags & ROW_OPEN) ? NODE_CLOSED : NODE_OPEN;
			outline_view_remember(view, view->app->set);
		}
		return ACT_NONE;
	case ACT_EXPAND_ALL:
		for (i = 0; i < st->ov.outline.count; i++)
			if ((st->ov.outline.rows[i].flags & ROW_OPEN) && st->ov.outline.rows[i].depth == 0)
				any_open = 1;
		memset(st->open, any_open ? NODE_CLOSED : NODE_OPEN, st->open_cap);
		outline_view_remember(view, view->app->set);
		return ACT_NONE;
	default:
		return outline_request(&st->ov.outline, action, view->height);
	}
}

static void deps_status(struct view *view, char *out, size_t size)
{
	struct deps_state *st = view->private;
	char pos[32];
	outline_view_ensure(view);
	outline_status(&st->ov.outline, pos, sizeof(pos));
	snprintf(out, size, "%s %s", st->root_id[0] ? st->root_id : "-", pos);
}

static void deps_data_changed(struct view *view, const struct issue_set *old_set)
{
	struct deps_state *st = view->private;
	const struct issue_set *set = view->app->set;
	size_t i;
	outline_view_remember(view, old_set);
	if (st->open) {
		uint8_t *open = xcalloc(set->count ? set->count : 1, 1);
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

/* x on an issue: it becomes the root (x again in this view re-roots on
 * the selected one). */
static void deps_enter(struct view *view, uint32_t issue)
{
	struct deps_state *st = view->private;
	const struct issue_set *set = view->app->set;
	if (issue == ISSUE_NONE || issue >= set->count)
		return;
	STR_COPY(st->root_id, set->issues[issue].id);
	STR_COPY(st->ov.keep_id, set->issues[issue].id);
	if (st->open)
		memset(st->open, NODE_DEFAULT, st->open_cap);
	st->ov.built = 0;
	outline_view_ensure(view);
	st->ov.outline.selected = 0;
	st->ov.outline.top = 0;
}

const struct view_ops deps_view_ops = {
	.name = "deps",
	.keymap = "deps",
	.open = deps_open,
	.close = deps_close,
	.draw = outline_view_draw,
	.request = deps_request,
	.status = deps_status,
	.selected = outline_view_selected,
	.select = outline_view_select,
	.data_changed = deps_data_changed,
	.filter_changed = outline_view_filter_changed,
	.enter = deps_enter,
	.click = outline_view_click,
};
