/* The issue list: one issue a row, in the default order or the filter's
 * sort: order, showing only what the filter matches. */
#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/query.h"
#include "../model/text.h"
#include "config.h"
#include "draw.h"
#include "theme.h"
#include "triage.h"

struct list_state {
	size_t selected;
	size_t top;
	const struct issue_set *id_width_set; /* id_width is for this set */
	int id_width;
	const struct query *filter;           /* owned by the display; NULL: all */
	const struct issue_set *rows_set;     /* rows are for this set and filter */
	const struct query *rows_filter;
	int rows_dirty;
	uint32_t *rows;                       /* issue indices shown, in order */
	size_t row_count;
};

/* The rows for the current set and filter, recomputed only when one of
 * them changed: a frame costs O(rows on screen), a keystroke in the
 * filter one pass over the set. */
static void ensure_rows(struct list_state *st, const struct issue_set *set)
{
	if (st->rows_set == set && st->rows_filter == st->filter && !st->rows_dirty)
		return;
	free(st->rows);
	st->rows = xmalloc((set->count ? set->count : 1) * sizeof(*st->rows));
	if (st->filter) {
		st->row_count = query_run(st->filter, set, st->rows);
	} else {
		memcpy(st->rows, set->order, set->order_count * sizeof(*st->rows));
		st->row_count = set->order_count;
	}
	st->rows_set = set;
	st->rows_filter = st->filter;
	st->rows_dirty = 0;
}

static void list_open(struct view *view)
{
	view->private = xcalloc(1, sizeof(struct list_state));
}

static void list_close(struct view *view)
{
	struct list_state *st = view->private;
	free(st->rows);
	free(st);
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
 * assignee, then age, then type drop out first as the terminal narrows.
 * `order` (set list-columns) says which are shown, and in what order: the
 * letters i(d), p(rio), s(tatus), (t)y(pe), t(itle), (w)ho, a(ge). */
struct list_columns {
	int mark; /* "* " before marked rows, while any issue is marked */
	int id, prio, status, type, assignee, age, title;
	const char *order;
	int absolute; /* the date of the last update instead of its age */
};

/* The widest id, at most 20 columns: measured once per loaded set, not
 * per frame (a frame must not cost O(issues)). */
static int id_column_width(struct list_state *st, const struct issue_set *set)
{
	size_t i;
	int id = 4;
	if (st->id_width_set == set)
		return st->id_width;
	/* the issues in memory order (what `order` holds, but read in
	 * sequence rather than scattered) */
	for (i = 0; i < set->count && id < 20; i++) {
		int w;
		if (set->issues[i].status_kind == STATUS_TOMBSTONE && !set->show_tombstones)
			continue;
		w = text_display_width(set->issues[i].id, draw_utf8);
		if (w > id)
			id = w > 20 ? 20 : w;
	}
	st->id_width_set = set;
	st->id_width = id;
	return id;
}

static void layout_columns(struct list_state *st, const struct view *view, int width, struct list_columns *c)
{
	const struct config *config = view->app->config;
	const char *order = config && config->list_columns[0] ? config->list_columns : "ipsytwa";
	int rest;
	c->order = order;
	c->absolute = config && config->absolute_dates;
	c->mark = 0;
	c->id = id_column_width(st, view->app->set);
	c->prio = strchr(order, 'p') ? 2 : 0;
	c->status = strchr(order, 's') ? 13 : 0;
	c->type = strchr(order, 'y') ? 8 : 0;
	c->assignee = strchr(order, 'w') ? 12 : 0;
	c->age = strchr(order, 'a') ? (c->absolute ? 10 : 4) : 0;
	rest = width - (c->id + 1 + (c->prio ? c->prio + 1 : 0) + (c->status ? c->status + 1 : 0));
	if (c->assignee && rest - ((c->type ? c->type + 1 : 0) + c->assignee + 1 + (c->age ? c->age + 1 : 0)) < 30)
		c->assignee = 0;
	if (c->age && rest - ((c->type ? c->type + 1 : 0) + (c->assignee ? c->assignee + 1 : 0) + c->age + 1) < 24)
		c->age = 0;
	if (c->type && rest - (c->type + 1 + (c->age ? c->age + 1 : 0)) < 20)
		c->type = 0;
	rest -= (c->type ? c->type + 1 : 0) + (c->assignee ? c->assignee + 1 : 0) + (c->age ? c->age + 1 : 0);
	c->title = strchr(order, 't') && rest > 0 ? rest : 0;
}

static int column_width(const struct list_columns *c, char kind)
{
	switch (kind) {
	case 'i':
		return c->id;
	case 'p':
		return c->prio;
	case 's':
		return c->status;
	case 'y':
		return c->type;
	case 't':
		return c->title;
	case 'w':
		return c->assignee;
	case 'a':
		return c->age;
	default:
		return 0;
	}
}

static void draw_cell(WINDOW *win, const char *text, int cols, int gap)
{
	if (cols <= 0)
		return;
	draw_text(win, text, cols, 1);
	if (gap)
		waddch(win, ' ');
}

static void format_updated(const struct view *view, const struct list_columns *c, int64_t t, char *out, size_t size)
{
	if (c->absolute) {
		time_t secs = (time_t)(t / 1000000);
		struct tm tm;
		if (t == TIME_NONE || !localtime_r(&secs, &tm) || !strftime(out, size, "%Y-%m-%d", &tm))
			snprintf(out, size, "-");
	} else {
		format_age(view->app->loaded_at, t, out, size);
	}
}

static void draw_row(struct view *view, WINDOW *win, int y, const struct issue *issue,
		     const struct list_columns *c, int selected)
{
	struct list_state *st = view->private;
	char text[64];
	attr_t base = selected ? theme_attr(view->focused ? AREA_SELECTED : AREA_SELECTED_UNFOCUSED) : A_NORMAL;
	int marked = c->mark && triage_is_marked(view->app->triage, (uint32_t)(issue - view->app->set->issues));
	int first = 1;
	const char *k;
	if (!selected && (issue->status_kind == STATUS_CLOSED || issue->status_kind == STATUS_TOMBSTONE))
		base = theme_attr(AREA_CLOSED);
	if (marked)
		base |= A_BOLD;
	wmove(win, y, 0);
	wattrset(win, base);
	if (c->mark)
		draw_cell(win, marked ? "*" : " ", 1, 1);
	for (k = c->order; *k; k++) {
		int w = column_width(c, *k);
		if (w <= 0)
			continue;
		if (!first) {
			wattrset(win, base);
			waddch(win, ' ');
		}
		first = 0;
		switch (*k) {
		case 'i':
			draw_text(win, issue->id, w, 1);
			break;
		case 'p':
			snprintf(text, sizeof(text), "P%d", issue->priority);
			wattrset(win,
				 selected ? base : base | theme_attr(AREA_PRIO0 + (issue->priority > 4 ? 4 : issue->priority)));
			draw_text(win, text, w, 1);
			break;
		case 's':
			snprintf(text, sizeof(text), "%s %s", theme_status_symbol(issue), issue->status);
			wattrset(win, selected ? base : base | theme_status_attr(issue));
			draw_text(win, text, w, 1);
			break;
		case 'y':
			draw_text(win, issue->issue_type, w, 1);
			break;
		case 't': {
			const char *const *words = NULL;
			size_t nwords = st->filter ? query_highlight_words(st->filter, &words) : 0;
			draw_text_marked(win, issue->title, w, 1, words, nwords,
					 st->filter && query_case_sensitive(st->filter), base | theme_attr(AREA_MATCH));
			break;
		}
		case 'w':
			draw_text(win, issue->assignee, w, 1);
			break;
		case 'a':
			format_updated(view, c, issue->updated_at, text, sizeof(text));
			wprintw(win, "%*s", w, text);
			break;
		default:
			break;
		}
	}
	wattrset(win, A_NORMAL);
}

/* Rows for issues: the first row of the pane is the column header. */
static int list_rows(const struct view *view)
{
	return view->height > 1 ? view->height - 1 : 1;
}

static void draw_header(WINDOW *win, const struct list_columns *c)
{
	int first = 1;
	const char *k;
	wmove(win, 0, 0);
	wattrset(win, theme_attr(AREA_TITLE_BAR));
	if (c->mark)
		draw_cell(win, " ", 1, 1);
	for (k = c->order; *k; k++) {
		int w = column_width(c, *k);
		const char *name = *k == 'i'	 ? "ID"
				   : *k == 'p' ? "P"
				   : *k == 's' ? "STATUS"
				   : *k == 'y' ? "TYPE"
				   : *k == 't' ? "TITLE"
				   : *k == 'w' ? "ASSIGNEE"
					       : (c->absolute ? "UPDATED" : "AGE");
		if (w <= 0)
			continue;
		if (!first)
			waddch(win, ' ');
		first = 0;
		if (*k == 'a')
			wprintw(win, "%*s", w, name);
		else
			draw_text(win, name, w, 1);
	}
	wattrset(win, A_NORMAL);
}

static void list_draw(struct view *view, WINDOW *win)
{
	struct list_state *st = view->private;
	const struct issue_set *set = view->app->set;
	struct list_columns cols;
	size_t rows = (size_t)list_rows(view);
	int y;
	ensure_rows(st, set);
	werase(win);
	layout_columns(st, view, view->width - (triage_mark_count(view->app->triage) ? 2 : 0), &cols);
	cols.mark = triage_mark_count(view->app->triage) != 0;
	draw_header(win, &cols);
	if (st->row_count == 0) {
		wmove(win, 1, 0);
		draw_text(win, st->filter ? "No issue matches the filter." : "No issues.", view->width, 0);
		return;
	}
	if (st->selected >= st->row_count)
		st->selected = st->row_count - 1;
	if (st->selected < st->top)
		st->top = st->selected;
	if (st->selected >= st->top + rows)
		st->top = st->selected - rows + 1;
	/* no empty rows at the bottom while there are issues above */
	if (st->top + rows > st->row_count)
		st->top = st->row_count > rows ? st->row_count - rows : 0;
	for (y = 0; (size_t)y < rows && st->top + (size_t)y < st->row_count; y++) {
		size_t row = st->top + (size_t)y;
		draw_row(view, win, y + 1, &set->issues[st->rows[row]], &cols, row == st->selected);
	}
}

static void move_by(struct view *view, long delta)
{
	struct list_state *st = view->private;
	size_t count;
	ensure_rows(st, view->app->set);
	count = st->row_count;
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
		move_by(view, (long)st->row_count);
		break;
	default:
		return action;
	}
	return ACT_NONE;
}

static uint32_t list_selected(struct view *view)
{
	struct list_state *st = view->private;
	ensure_rows(st, view->app->set);
	return st->row_count ? st->rows[st->selected < st->row_count ? st->selected : 0] : ISSUE_NONE;
}

/* Linear: a jump happens once per keypress, and a pass over the rows is
 * what one filter keystroke costs anyway. */
static int list_select(struct view *view, uint32_t issue)
{
	struct list_state *st = view->private;
	size_t i;
	ensure_rows(st, view->app->set);
	for (i = 0; i < st->row_count; i++) {
		if (st->rows[i] == issue) {
			st->selected = i;
			return 0;
		}
	}
	return -1;
}

/* Keeps the selected issue across a change of rows (new data, new
 * filter): by id if it is still shown, else the row at its old position
 * (its neighbour). The selected row stays where it was on the screen. */
static void reselect(struct view *view, const struct issue_set *old_set, uint32_t old_issue)
{
	struct list_state *st = view->private;
	const struct issue_set *set = view->app->set;
	size_t offset = st->selected >= st->top ? st->selected - st->top : 0;
	uint32_t idx = old_issue == ISSUE_NONE ? ISSUE_NONE : issue_set_index_of(set, old_set->issues[old_issue].id);
	ensure_rows(st, set);
	if (idx == ISSUE_NONE || list_select(view, idx) != 0) {
		if (st->row_count == 0)
			st->selected = 0;
		else if (st->selected >= st->row_count)
			st->selected = st->row_count - 1;
	}
	st->top = st->selected >= offset ? st->selected - offset : 0;
}

static void list_data_changed(struct view *view, const struct issue_set *old_set)
{
	struct list_state *st = view->private;
	uint32_t old_issue =
		st->selected < st->row_count && st->rows_set == old_set ? st->rows[st->selected] : ISSUE_NONE;
	st->rows_dirty = 1;
	/* a set derived by an incremental refresh has the same ids: the id
	 * column keeps its width instead of measuring every id again */
	st->id_width_set = view->app->set->derived && st->id_width_set == old_set ? view->app->set : NULL;
	reselect(view, old_set, old_issue);
}

void list_view_set_filter(struct view *view, const struct query *filter)
{
	struct list_state *st = view->private;
	const struct issue_set *set = view->app->set;
	uint32_t old_issue;
	ensure_rows(st, set);
	old_issue = st->selected < st->row_count ? st->rows[st->selected] : ISSUE_NONE;
	st->filter = filter;
	st->rows_dirty = 1;
	reselect(view, set, old_issue);
}

size_t list_view_row_count(struct view *view)
{
	struct list_state *st = view->private;
	ensure_rows(st, view->app->set);
	return st->row_count;
}

int list_view_search(struct view *view, const struct query *q, int backward)
{
	struct list_state *st = view->private;
	const struct issue_set *set = view->app->set;
	size_t i, n;
	ensure_rows(st, set);
	n = st->row_count;
	for (i = 1; i <= n; i++) {
		size_t row = backward ? (st->selected + n - i) % n : (st->selected + i) % n;
		if (query_match(q, set, &set->issues[st->rows[row]])) {
			int wrapped = backward ? row > st->selected : row < st->selected;
			st->selected = row;
			return wrapped ? 1 : 0;
		}
	}
	return -1;
}

static void list_status(struct view *view, char *out, size_t size)
{
	struct list_state *st = view->private;
	size_t count, marked = triage_mark_count(view->app->triage);
	ensure_rows(st, view->app->set);
	count = st->row_count;
	if (marked)
		snprintf(out, size, "%zu marked  %zu/%zu", marked, count ? st->selected + 1 : 0, count);
	else
		snprintf(out, size, "%zu/%zu", count ? st->selected + 1 : 0, count);
}

void list_view_get_place(struct view *view, size_t *row, size_t *top)
{
	struct list_state *st = view->private;
	ensure_rows(st, view->app->set);
	*row = st->selected;
	*top = st->top;
}

void list_view_set_place(struct view *view, size_t row, size_t top)
{
	struct list_state *st = view->private;
	ensure_rows(st, view->app->set);
	if (!st->row_count)
		return;
	st->selected = row < st->row_count ? row : st->row_count - 1;
	st->top = top <= st->selected ? top : st->selected;
}

const uint32_t *list_view_rows(struct view *view, size_t *count, size_t *selected)
{
	struct list_state *st = view->private;
	ensure_rows(st, view->app->set);
	*count = st->row_count;
	*selected = st->selected;
	return st->rows;
}

static void list_filter_changed(struct view *view)
{
	list_view_set_filter(view, view->app->filter);
}

static void list_enter(struct view *view, uint32_t issue)
{
	if (issue != ISSUE_NONE)
		list_select(view, issue);
}

/* A click on a row (the first row is the column header). */
static enum action list_click(struct view *view, int y, int x, int double_click)
{
	struct list_state *st = view->private;
	size_t row;
	(void)x;
	ensure_rows(st, view->app->set);
	if (y < 1)
		return ACT_NONE;
	row = st->top + (size_t)(y - 1);
	if (row >= st->row_count)
		return ACT_NONE;
	st->selected = row;
	return double_click ? ACT_ENTER : ACT_NONE;
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
	.filter_changed = list_filter_changed,
	.enter = list_enter,
	.rows = list_view_rows,
	.click = list_click,
};
