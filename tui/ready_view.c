/* The ready queue: what can be worked on now (beads' ready rule), by
 * priority then age, each with how many issues closing it frees; then
 * the blocked issues, each with the nearest ready issue that holds it up
 * (the next blocker to work on). Honours the filter. */
#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/query.h"
#include "outline.h"

struct ready_state {
	struct outline_view ov; /* first: the outline_view_* ops use it */
	char ready_heading[64], blocked_heading[64];
	uint32_t *rows; /* ready_rows */
	size_t rows_cap;
};

static const struct issue_set *sort_set;

/* priority, then the oldest first, then the id */
static int by_priority_age(const void *a, const void *b)
{
	const struct issue *x = &sort_set->issues[*(const uint32_t *)a], *y = &sort_set->issues[*(const uint32_t *)b];
	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	if (x->created_at != y->created_at)
		return x->created_at < y->created_at ? -1 : 1;
	return id_compare_natural(x->id, y->id);
}

static void build(struct view *view)
{
	struct ready_state *st = view->private;
	struct app *app = view->app;
	const struct issue_set *set = app->set;
	const struct graph_facts *facts = view_facts(app);
	uint32_t *ready = xmalloc((set->order_count ? set->order_count : 1) * sizeof(*ready));
	uint32_t *blocked = xmalloc((set->order_count ? set->order_count : 1) * sizeof(*blocked));
	size_t nready = 0, nblocked = 0, i;
	uint32_t keep = st->ov.keep_id[0] ? issue_set_index_of(set, st->ov.keep_id) : ISSUE_NONE;
	struct outline_row *row;

	for (i = 0; i < set->order_count; i++) {
		uint32_t idx = set->order[i];
		const struct issue *issue = &set->issues[idx];
		if (app->filter && !query_match(app->filter, set, issue))
			continue;
		if (issue->flags & ISSUE_READY)
			ready[nready++] = idx;
		else if (((issue->flags & ISSUE_BLOCKED) && status_kind_is_active(issue->status_kind)) ||
			 issue->status_kind == STATUS_BLOCKED)
			blocked[nblocked++] = idx;
	}
	sort_set = set;
	qsort(ready, nready, sizeof(*ready), by_priority_age);
	qsort(blocked, nblocked, sizeof(*blocked), by_priority_age);
	sort_set = NULL;

	outline_clear(&st->ov.outline);
	snprintf(st->ready_heading, sizeof(st->ready_heading), "Ready to work on (%zu)", nready);
	row = outline_add(&st->ov.outline, ISSUE_NONE, 0, ROW_HEADING);
	row->text = st->ready_heading;
	for (i = 0; i < nready; i++) {
		row = outline_add(&st->ov.outline, ready[i], 0, 0);
		if (facts->unblocks[ready[i]])
			snprintf(row->note, sizeof(row->note), "frees %u", facts->unblocks[ready[i]]);
	}
	snprintf(st->blocked_heading, sizeof(st->blocked_heading), "Blocked (%zu): the next blocker to work on",
		 nblocked);
	row = outline_add(&st->ov.outline, ISSUE_NONE, 0, ROW_HEADING);
	row->text = st->blocked_heading;
	for (i = 0; i < nblocked; i++) {
		uint32_t next = facts->next_ready[blocked[i]];
		row = outline_add(&st->ov.outline, blocked[i], 0, 0);
		if (facts->in_cycle[blocked[i]]) {
			snprintf(row->note, sizeof(row->note), "on a cycle");
			row->flags |= ROW_ALERT;
		} else if (next != ISSUE_NONE) {
			snprintf(row->note, sizeof(row->note), "next: %s", set->issues[next].id);
		} else if (!(set->issues[blocked[i]].flags & ISSUE_BLOCKED)) {
			snprintf(row->note, sizeof(row->note), "status set by hand");
		} else {
			snprintf(row->note, sizeof(row->note), "no ready blocker");
		}
	}
	free(ready);
	free(blocked);
	st->ov.generation = app->set_generation;
	st->ov.filter = app->filter;
	st->ov.built = 1;
	if (keep == ISSUE_NONE || outline_select(&st->ov.outline, keep) != 0)
		outline_settle(&st->ov.outline);
}

static void ready_open(struct view *view)
{
	struct ready_state *st = xcalloc(1, sizeof(*st));
	st->ov.build = build;
	view->private = st;
}

static void ready_close(struct view *view)
{
	struct ready_state *st = view->private;
	outline_free(&st->ov.outline);
	free(st->rows);
	free(st);
	view->private = NULL;
}

static enum action ready_request(struct view *view, enum action action)
{
	struct ready_state *st = view->private;
	outline_view_ensure(view);
	return outline_request(&st->ov.outline, action, view->height);
}

/* Rebuilt when next shown, not now: a hidden view costs nothing on a
 * live refresh. */
static void ready_data_changed(struct view *view, const struct issue_set *old_set)
{
	outline_view_remember(view, old_set);
}

static void ready_enter(struct view *view, uint32_t issue)
{
	struct ready_state *st = view->private;
	outline_view_ensure(view);
	if (issue == ISSUE_NONE || outline_select(&st->ov.outline, issue) != 0)
		outline_settle(&st->ov.outline);
}

/* The issue rows in order, for marking a range: the outline's rows with
 * the headings left out. */
static const uint32_t *ready_rows(struct view *view, size_t *count, size_t *selected)
{
	struct ready_state *st = view->private;
	size_t i, n = 0;
	uint32_t *rows;
	outline_view_ensure(view);
	GROW(st->rows, st->rows_cap, st->ov.outline.count + 1);
	rows = st->rows;
	*selected = 0;
	for (i = 0; i < st->ov.outline.count; i++) {
		if (st->ov.outline.rows[i].flags & ROW_HEADING)
			continue;
		if (i == st->ov.outline.selected)
			*selected = n;
		rows[n++] = st->ov.outline.rows[i].issue;
	}
	*count = n;
	return rows;
}

const struct view_ops ready_view_ops = {
	.name = "ready",
	.keymap = "ready",
	.open = ready_open,
	.close = ready_close,
	.draw = outline_view_draw,
	.request = ready_request,
	.status = outline_view_status,
	.selected = outline_view_selected,
	.select = outline_view_select,
	.data_changed = ready_data_changed,
	.filter_changed = outline_view_filter_changed,
	.enter = ready_enter,
	.click = outline_view_click,
	.rows = ready_rows,
};
