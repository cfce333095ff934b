/* Rows of issues for the ready, tree and dependencies views (see
 * outline.h). A frame draws only the rows on screen. */
#include "outline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/text.h"
#include "draw.h"
#include "theme.h"
#include "triage.h"

void outline_clear(struct outline *o)
{
	o->count = 0;
}

void outline_free(struct outline *o)
{
	free(o->rows);
	memset(o, 0, sizeof(*o));
}

struct outline_row *outline_add(struct outline *o, uint32_t issue, uint32_t depth, uint32_t flags)
{
	struct outline_row *row;
	GROW(o->rows, o->cap, o->count + 1);
	row = &o->rows[o->count++];
	row->issue = issue;
	row->depth = depth;
	row->flags = flags;
	row->text = NULL;
	row->note[0] = '\0';
	return row;
}

static int selectable(const struct outline_row *row)
{
	return !(row->flags & ROW_HEADING);
}

void outline_settle(struct outline *o)
{
	size_t i;
	if (!o->count) {
		o->selected = o->top = 0;
		return;
	}
	if (o->selected >= o->count)
		o->selected = o->count - 1;
	if (selectable(&o->rows[o->selected]))
		return;
	for (i = o->selected; i < o->count; i++)
		if (selectable(&o->rows[i])) {
			o->selected = i;
			return;
		}
	for (i = o->selected; i-- > 0;)
		if (selectable(&o->rows[i])) {
			o->selected = i;
			return;
		}
}

/* Moves `steps` selectable rows down (or up, negative), stopping at the ends. */
static void move_rows(struct outline *o, long steps)
{
	size_t i = o->selected;
	while (steps > 0) {
		size_t j = i + 1;
		while (j < o->count && !selectable(&o->rows[j]))
			j++;
		if (j >= o->count)
			break;
		i = j;
		steps--;
	}
	while (steps < 0) {
		size_t j = i;
		int found = 0;
		while (j > 0) {
			j--;
			if (selectable(&o->rows[j])) {
				found = 1;
				break;
			}
		}
		if (!found)
			break;
		i = j;
		steps++;
	}
	o->selected = i;
}

enum action outline_request(struct outline *o, enum action action, int height)
{
	long page = height > 2 ? height - 1 : 1;
	switch (action) {
	case ACT_MOVE_DOWN:
		move_rows(o, 1);
		break;
	case ACT_MOVE_UP:
		move_rows(o, -1);
		break;
	case ACT_PAGE_DOWN:
		move_rows(o, page);
		break;
	case ACT_PAGE_UP:
		move_rows(o, -page);
		break;
	case ACT_HALF_PAGE_DOWN:
		move_rows(o, page / 2 ? page / 2 : 1);
		break;
	case ACT_HALF_PAGE_UP:
		move_rows(o, -(page / 2 ? page / 2 : 1));
		break;
	case ACT_MOVE_FIRST:
		o->selected = 0;
		outline_settle(o);
		/* a heading on top stays in view */
		o->top = 0;
		break;
	case ACT_MOVE_LAST:
		o->selected = o->count ? o->count - 1 : 0;
		outline_settle(o);
		break;
	default:
		return action;
	}
	return ACT_NONE;
}

uint32_t outline_selected(const struct outline *o)
{
	if (o->selected >= o->count)
		return ISSUE_NONE;
	return o->rows[o->selected].issue;
}

int outline_select(struct outline *o, uint32_t issue)
{
	size_t i;
	for (i = 0; i < o->count; i++)
		if (o->rows[i].issue == issue && selectable(&o->rows[i])) {
			o->selected = i;
			return 0;
		}
	return -1;
}

void outline_status(const struct outline *o, char *out, size_t size)
{
	size_t i, n = 0, at = 0;
	for (i = 0; i < o->count; i++)
		if (selectable(&o->rows[i])) {
			n++;
			if (i <= o->selected)
				at = n;
		}
	snprintf(out, size, "%zu/%zu", n ? at : 0, n);
}

void outline_bar(char *out, size_t size, uint32_t part, uint32_t whole, int cells)
{
	struct buf b = {0};
	int full = whole ? (int)(((uint64_t)part * (uint64_t)cells + whole / 2) / whole) : 0, i;
	if (part && !full)
		full = 1;
	if (full > cells)
		full = cells;
	for (i = 0; i < cells; i++)
		buf_puts(&b, i < full ? (draw_lines_utf8 ? "█" : "#") : (draw_lines_utf8 ? "░" : "."));
	str_copy(out, size, b.data ? b.data : "");
	buf_free(&b);
}

static void draw_row(struct view *view, WINDOW *win, int y, const struct outline_row *row, int selected)
{
	const struct issue_set *set = view->app->set;
	int width = view->width, x = 0, note_w = row->note[0] ? text_display_width(row->note, draw_utf8) : 0;
	attr_t base = selected ? theme_attr(view->focused ? AREA_SELECTED : AREA_SELECTED_UNFOCUSED) : A_NORMAL;
	uint32_t d;
	wmove(win, y, 0);
	if (row->flags & ROW_HEADING) {
		wattrset(win, theme_attr(AREA_HEADING));
		draw_text(win, row->text ? row->text : "", width, 0);
		wattrset(win, A_NORMAL);
		return;
	}
	if (!selected && (row->flags & ROW_DIM))
		base = theme_attr(AREA_CLOSED);
	if (row->issue != ISSUE_NONE && triage_is_marked(view->app->triage, row->issue))
		base |= A_BOLD;
	wattrset(win, base);
	/* indentation stops at 16 levels: a 60-deep chain stays readable */
	for (d = 0; d < row->depth && d < 16 && x + 2 < width; d++)
		x += draw_text(win, "  ", width - x, 0);
	if (row->depth > 16) {
		char deep[16];
		snprintf(deep, sizeof(deep), "%u ", row->depth);
		x += draw_text(win, deep, width - x, 0);
	}
	x += draw_text(win,
		       (row->flags & ROW_OPENABLE) ? ((row->flags & ROW_OPEN) ? (draw_lines_utf8 ? "▾ " : "- ")
									      : (draw_lines_utf8 ? "▸ " : "+ "))
						   : "  ",
		       width - x, 0);
	if (row->flags & ROW_GROUP) {
		x += draw_text(win, row->text ? row->text : "", width - x, 0);
	} else if (row->issue == ISSUE_NONE) {
		x += draw_text(win, draw_lines_utf8 ? "↗ " : "> ", width - x, 0);
		x += draw_text(win, row->text ? row->text : "", width - x, 0);
		x += draw_text(win, "  (external)", width - x, 0);
	} else {
		const struct issue *issue = &set->issues[row->issue];
		char prio[8];
		if (triage_is_marked(view->app->triage, row->issue))
			x += draw_text(win, "* ", width - x, 0);
		wattrset(win, selected ? base : base | theme_status_attr(issue));
		x += draw_text(win, theme_status_symbol(issue), width - x, 0);
		wattrset(win, base);
		x += draw_text(win, " ", width - x, 0);
		x += draw_text(win, issue->id, width - x, 0);
		snprintf(prio, sizeof(prio), " P%d ", issue->priority);
		wattrset(win, selected ? base : base | theme_attr(AREA_PRIO0 + (issue->priority > 4 ? 4 : issue->priority)));
		x += draw_text(win, prio, width - x, 0);
		wattrset(win, base);
		x += draw_text(win, issue->title, width - x - (note_w ? note_w + 1 : 0), 0);
	}
	while (x < width - note_w) {
		waddch(win, ' ');
		x++;
	}
	if (note_w && width - x >= note_w) {
		if (row->flags & ROW_ALERT)
			wattrset(win, base | theme_attr(AREA_WARNING));
		x += draw_text(win, row->note, width - x, 0);
	}
	wattrset(win, A_NORMAL);
}

void outline_draw(struct view *view, WINDOW *win, struct outline *o)
{
	size_t rows = view->height > 0 ? (size_t)view->height : 1, y;
	werase(win);
	if (o->selected < o->top)
		o->top = o->selected;
	if (o->selected >= o->top + rows)
		o->top = o->selected - rows + 1;
	/* a heading just above the first selectable row stays in view */
	if (o->top == 1 && o->selected < rows - 1)
		o->top = 0;
	if (o->top + rows > o->count)
		o->top = o->count > rows ? o->count - rows : 0;
	for (y = 0; y < rows && o->top + y < o->count; y++)
		draw_row(view, win, (int)y, &o->rows[o->top + y], o->top + y == o->selected);
}

enum action outline_click(struct outline *o, int y, int x, int double_click)
{
	size_t row = o->top + (size_t)(y < 0 ? 0 : y);
	int marker;
	if (y < 0 || row >= o->count || !selectable(&o->rows[row]))
		return ACT_NONE;
	o->selected = row;
	/* the marker sits after the indentation (16 levels at most) */
	marker = 2 * (int)(o->rows[row].depth < 16 ? o->rows[row].depth : 16);
	if ((o->rows[row].flags & ROW_OPENABLE) && x >= marker && x < marker + 2)
		return ACT_EXPAND;
	return double_click ? ACT_ENTER : ACT_NONE;
}

/* ---- the plumbing of the views built on an outline */

void outline_view_remember(struct view *view, const struct issue_set *set)
{
	struct outline_view *ov = view->private;
	uint32_t was = ov->built ? outline_selected(&ov->outline) : ISSUE_NONE;
	if (was != ISSUE_NONE && was < set->count)
		STR_COPY(ov->keep_id, set->issues[was].id);
	ov->built = 0;
}

void outline_view_ensure(struct view *view)
{
	struct outline_view *ov = view->private;
	if (!ov->built || ov->generation != view->app->set_generation || ov->filter != view->app->filter)
		ov->build(view);
}

void outline_view_draw(struct view *view, WINDOW *win)
{
	struct outline_view *ov = view->private;
	outline_view_ensure(view);
	outline_draw(view, win, &ov->outline);
}

void outline_view_status(struct view *view, char *out, size_t size)
{
	struct outline_view *ov = view->private;
	outline_view_ensure(view);
	outline_status(&ov->outline, out, size);
}

uint32_t outline_view_selected(struct view *view)
{
	struct outline_view *ov = view->private;
	outline_view_ensure(view);
	return outline_selected(&ov->outline);
}

int outline_view_select(struct view *view, uint32_t issue)
{
	struct outline_view *ov = view->private;
	outline_view_ensure(view);
	return outline_select(&ov->outline, issue);
}

void outline_view_filter_changed(struct view *view)
{
	outline_view_remember(view, view->app->set);
}

enum action outline_view_click(struct view *view, int y, int x, int double_click)
{
	struct outline_view *ov = view->private;
	outline_view_ensure(view);
	return outline_click(&ov->outline, y, x, double_click);
}

/* ---- the facts of the current set, shared by the views */

const struct graph_facts *view_facts(struct app *app)
{
	if (!app->facts) {
		app->facts = xcalloc(1, sizeof(*app->facts));
		app->facts_generation = app->set_generation - 1;
	}
	if (app->facts_generation != app->set_generation) {
		graph_facts_free(app->facts);
		graph_facts_compute(app->facts, app->set);
		app->facts_generation = app->set_generation;
	}
	return app->facts;
}

void view_facts_free(struct app *app)
{
	if (!app->facts)
		return;
	graph_facts_free(app->facts);
	free(app->facts);
	app->facts = NULL;
}
