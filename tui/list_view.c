/* The issue list: one issue a row, in the default order. */
#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/text.h"
#include "draw.h"
#include "theme.h"

struct list_state {
	size_t selected;
	size_t top;
	const struct issue_set *id_width_set; /* id_width is for this set */
	int id_width;
};

static void list_open(struct view *view)
{
	view->private = xcalloc(1, sizeof(struct list_state));
}

static void list_close(struct view *view)
{
	free(view->private);
	view->private = NULL;
}

/* "3d", "5w": the age of the last update, in at most 4 columns. */
void format_age(int64_t now, int64_t t, char *out, size_t size)
{
	int64_t s;
	if (t == TIME_NONE) {
		snprintf(out, size, "-");
		return;
	}
	s = (now - t) / 1000000;
	if (s < 0)
		s = 0;
	if (s < 3600)
		snprintf(out, size, "%dm", (int)(s / 60));
	else if (s < 86400)
		snprintf(out, size, "%dh", (int)(s / 3600));
	else if (s < 14 * 86400)
		snprintf(out, size, "%dd", (int)(s / 86400));
	else if (s < 365 * 86400)
		snprintf(out, size, "%dw", (int)(s / (7 * 86400)));
	else
		snprintf(out, size, "%dy", (int)(s / (365 * 86400)));
}

/* Column widths for a terminal `width` wide: the title takes the rest;
 * assignee, then age, then type drop out first as the terminal narrows. */
struct list_columns {
	int id, prio, status, type, assignee, age, title;
};

/* The widest id, at most 20 columns: measured once per loaded set, not
 * per frame (a frame must not cost O(issues)). */
static int id_column_width(struct list_state *st, const struct issue_set *set)
{
	size_t i;
	int id = 4;
	if (st->id_width_set == set)
		return st->id_width;
	for (i = 0; i < set->order_count && id < 20; i++) {
		int w = text_display_width(set->issues[set->order[i]].id, draw_utf8);
		if (w > id)
			id = w > 20 ? 20 : w;
	}
	st->id_width_set = set;
	st->id_width = id;
	return id;
}

static void layout_columns(struct list_state *st, const struct issue_set *set, int width,
			   struct list_columns *c)
{
	int rest;
	c->id = id_column_width(st, set);
	c->prio = 2;
	c->status = 13;
	c->type = 8;
	c->assignee = 12;
	c->age = 4;
	rest = width - (c->id + 1 + c->prio + 1 + c->status + 1);
	if (rest - (c->type + 1 + c->assignee + 1 + c->age + 1) < 30)
		c->assignee = 0;
	if (rest - (c->type + 1 + (c->assignee ? c->assignee + 1 : 0) + c->age + 1) < 24)
		c->age = 0;
	if (rest - (c->type + 1 + (c->age ? c->age + 1 : 0)) < 20)
		c->type = 0;
	rest -= (c->type ? c->type + 1 : 0) + (c->assignee ? c->assignee + 1 : 0) + (c->age ? c->age + 1 : 0);
	c->title = rest > 0 ? rest : 0;
}

static void draw_cell(WINDOW *win, const char *text, int cols, int gap)
{
	if (cols <= 0)
		return;
	draw_text(win, text, cols, 1);
	if (gap)
		waddch(win, ' ');
}

static void draw_row(struct view *view, WINDOW *win, int y, const struct issue *issue,
		     const struct list_columns *c, int selected)
{
	char prio[8], status[64], age[16];
	attr_t base = selected ? theme_attr(view->focused ? AREA_SELECTED : AREA_SELECTED_UNFOCUSED) : A_NORMAL;
	if (!selected && (issue->status_kind == STATUS_CLOSED || issue->status_kind == STATUS_TOMBSTONE))
		base = theme_attr(AREA_CLOSED);
	wmove(win, y, 0);
	wattrset(win, base);
	draw_cell(win, issue->id, c->id, 1);
	snprintf(prio, sizeof(prio), "P%d", issue->priority);
	wattrset(win, selected ? base : base | theme_attr(AREA_PRIO0 + (issue->priority > 4 ? 4 : issue->priority)));
	draw_cell(win, prio, c->prio, 0);
	wattrset(win, base);
	waddch(win, ' ');
	snprintf(status, sizeof(status), "%s %s", theme_status_symbol(issue), issue->status);
	wattrset(win, selected ? base : base | theme_status_attr(issue));
	draw_cell(win, status, c->status, 0);
	wattrset(win, base);
	waddch(win, ' ');
	draw_cell(win, issue->issue_type, c->type, 1);
	draw_cell(win, issue->title, c->title, c->assignee || c->age);
	draw_cell(win, issue->assignee, c->assignee, c->age != 0);
	format_age(view->app->loaded_at, issue->updated_at, age, sizeof(age));
	if (c->age)
		wprintw(win, "%*s", c->age, age);
	wattrset(win, A_NORMAL);
}

/* Rows for issues: the first row of the pane is the column header. */
static int list_rows(const struct view *view)
{
	return view->height > 1 ? view->height - 1 : 1;
}

static void draw_header(WINDOW *win, const struct list_columns *c)
{
	wmove(win, 0, 0);
	wattrset(win, theme_attr(AREA_TITLE_BAR));
	draw_cell(win, "ID", c->id, 1);
	draw_cell(win, "P", c->prio, 1);
	draw_cell(win, "STATUS", c->status, 1);
	draw_cell(win, "TYPE", c->type, 1);
	draw_cell(win, "TITLE", c->title, c->assignee || c->age);
	draw_cell(win, "ASSIGNEE", c->assignee, c->age != 0);
	if (c->age)
		wprintw(win, "%*s", c->age, "AGE");
	wattrset(win, A_NORMAL);
}

static void list_draw(struct view *view, WINDOW *win)
{
	struct list_state *st = view->private;
	const struct issue_set *set = view->app->set;
	struct list_columns cols;
	size_t rows = (size_t)list_rows(view);
	int y;
	werase(win);
	if (set->order_count == 0) {
		wmove(win, 0, 0);
		draw_text(win, "No issues.", view->width, 0);
		return;
	}
	if (st->selected >= set->order_count)
		st->selected = set->order_count - 1;
	if (st->selected < st->top)
		st->top = st->selected;
	if (st->selected >= st->top + rows)
		st->top = st->selected - rows + 1;
	/* no empty rows at the bottom while there are issues above */
	if (st->top + rows > set->order_count)
		st->top = set->order_count > rows ? set->order_count - rows : 0;
	layout_columns(st, set, view->width, &cols);
	draw_header(win, &cols);
	for (y = 0; (size_t)y < rows && st->top + (size_t)y < set->order_count; y++) {
		size_t row = st->top + (size_t)y;
		draw_row(view, win, y + 1, &set->issues[set->order[row]], &cols, row == st->selected);
	}
}

static void move_by(struct view *view, long delta)
{
	struct list_state *st = view->private;
	size_t count = view->app->set->order_count;
	long pos = (long)st->selected + delta;
	if (count == 0)
		return;
	if (pos < 0)
		pos = 0;
	if ((size_t)pos >= count)
		pos = (long)count - 1;
	st->selected = (size_t)pos;
}

static enum action list_request(struct view *view, enum action action)
{
	struct list_state *st = view->private;
	long page = list_rows(view);
	switch (action) {
	case ACT_MOVE_DOWN:
		move_by(view, 1);
		break;
	case ACT_MOVE_UP:
		move_by(view, -1);
		break;
	case ACT_PAGE_DOWN:
		move_by(view, page);
		break;
	case ACT_PAGE_UP:
		move_by(view, -page);
		break;
	case ACT_HALF_PAGE_DOWN:
		move_by(view, page / 2 ? page / 2 : 1);
		break;
	case ACT_HALF_PAGE_UP:
		move_by(view, -(page / 2 ? page / 2 : 1));
		break;
	case ACT_MOVE_FIRST:
		st->selected = 0;
		break;
	case ACT_MOVE_LAST:
		move_by(view, (long)view->app->set->order_count);
		break;
	default:
		return action;
	}
	return ACT_NONE;
}

static uint32_t list_selected(struct view *view)
{
	struct list_state *st = view->private;
	const struct issue_set *set = view->app->set;
	return set->order_count ? set->order[st->selected < set->order_count ? st->selected : 0] : ISSUE_NONE;
}

/* Linear: a jump happens once per keypress, and order_count rows is what
 * one full redraw costs anyway. */
static int list_select(struct view *view, uint32_t issue)
{
	struct list_state *st = view->private;
	const struct issue_set *set = view->app->set;
	size_t i;
	for (i = 0; i < set->order_count; i++) {
		if (set->order[i] == issue) {
			st->selected = i;
			return 0;
		}
	}
	return -1;
}

/* Same issue by id after a reload; if it is gone, the issue now at its
 * old position (its neighbour). The selected row stays where it was on
 * the screen. */
static void list_data_changed(struct view *view, const struct issue_set *old_set)
{
	struct list_state *st = view->private;
	const struct issue_set *set = view->app->set;
	size_t offset = st->selected >= st->top ? st->selected - st->top : 0;
	uint32_t idx = ISSUE_NONE;
	if (st->selected < old_set->order_count)
		idx = issue_set_index_of(set, old_set->issues[old_set->order[st->selected]].id);
	if (idx == ISSUE_NONE || list_select(view, idx) != 0) {
		if (set->order_count == 0)
			st->selected = 0;
		else if (st->selected >= set->order_count)
			st->selected = set->order_count - 1;
	}
	st->top = st->selected >= offset ? st->selected - offset : 0;
}

static void list_status(struct view *view, char *out, size_t size)
{
	struct list_state *st = view->private;
	size_t count = view->app->set->order_count;
	snprintf(out, size, "%zu/%zu", count ? st->selected + 1 : 0, count);
}

const struct view_ops list_view_ops = {
	.name = "list",
	.keymap = "list",
	.open = list_open,
	.close = list_close,
	.draw = list_draw,
	.request = list_request,
	.status = list_status,
	.selected = list_selected,
	.select = list_select,
	.data_changed = list_data_changed,
};
