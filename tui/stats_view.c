/* The statistics view: counts by status, type, priority, assignee and
 * label with bars, opened and closed per week, the oldest open issues,
 * the longest blocking chain and the issues on dependency cycles. One
 * scrolling text with a line cursor; the lines that name an issue select
 * it. The numbers are computed once per set or filter (model/stats.c,
 * model/facts.c), the lines once more per change of layout; a frame
 * draws only the lines on screen. */
#include "view.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/facts.h"
#include "../model/stats.h"
#include "../model/text.h"
#include "draw.h"
#include "outline.h"
#include "theme.h"

#define TWO_COLUMNS_WIDTH 120 /* side by side from this pane width on */
#define COLUMN_GAP 3
#define RECOUNT_AFTER ((int64_t)3600 * 1000000) /* the week chart follows the clock */

enum cell_kind {
	CELL_BLANK,
	CELL_HEADING, /* a section title */
	CELL_TEXT,
	CELL_HEADER,  /* column titles of a table */
	CELL_COUNT,   /* name, count, share of the issues, bar */
	CELL_WEEK,    /* start date, opened, closed, two bars */
	CELL_ISSUE,   /* [position] id [age] status title */
};

struct cell {
	enum cell_kind kind;
	int area;           /* colour of a count's name; -1: none */
	const char *text;   /* heading, text, a count's name: the set's or st->strings' */
	size_t count, max;  /* CELL_COUNT: its count and the bar's full scale */
	size_t week;        /* CELL_WEEK: index in stats.weeks */
	uint32_t issue;     /* CELL_ISSUE */
	int number;         /* CELL_ISSUE: position in the chain, 0: none */
	int number_width;
	int id_width;
	int age;            /* CELL_ISSUE: show the age since creation */
};

/* A line of the text: one cell, or two side by side. */
struct line {
	struct cell left, right;
};

struct cells {
	struct cell *items;
	size_t count, cap;
};

struct stats_state {
	struct issue_stats stats; /* stats.set NULL: to compute */
	int stats_dirty;          /* the filter changed */
	const struct graph_facts *facts; /* shared by the views (outline.c), of app->set */
	struct line *lines;       /* NULL: to build from stats and facts */
	size_t line_count;
	int two_columns;          /* the lines are laid out side by side */
	struct arena strings;     /* texts made for the lines */
	size_t cursor, top;
	uint32_t keep_issue;      /* keep the cursor on it when the lines are rebuilt */
};

static void stats_open(struct view *view)
{
	struct stats_state *st = xcalloc(1, sizeof(*st));
	st->keep_issue = ISSUE_NONE;
	view->private = st;
}

static void drop_lines(struct stats_state *st)
{
	free(st->lines);
	st->lines = NULL;
	st->line_count = 0;
	arena_free(&st->strings);
}

static void stats_close(struct view *view)
{
	struct stats_state *st = view->private;
	drop_lines(st);
	issue_stats_free(&st->stats);
	free(st);
	view->private = NULL;
}

/* ---- building the lines */

static struct cell *add_cell(struct cells *c, enum cell_kind kind, const char *text)
{
	struct cell *cell;
	GROW(c->items, c->cap, c->count + 1);
	cell = &c->items[c->count++];
	memset(cell, 0, sizeof(*cell));
	cell->kind = kind;
	cell->area = -1;
	cell->text = text ? text : "";
	cell->issue = ISSUE_NONE;
	return cell;
}

static const char *format_text(struct stats_state *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *format_text(struct stats_state *st, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return arena_strdup(&st->strings, buf);
}

static void add_heading(struct cells *c, const char *text)
{
	if (c->count)
		add_cell(c, CELL_BLANK, NULL);
	add_cell(c, CELL_HEADING, text);
}

static void add_count(struct cells *c, const char *name, size_t count, size_t max, int area)
{
	struct cell *cell = add_cell(c, CELL_COUNT, name);
	cell->count = count;
	cell->max = max;
	cell->area = area;
}

static void add_table(struct stats_state *st, struct cells *c, const char *title, const struct stats_table *t,
		      const char *none_name)
{
	size_t i;
	add_heading(c, title);
	for (i = 0; i < t->count; i++)
		add_count(c, t->rows[i].name, t->rows[i].count, t->max, -1);
	if (none_name && t->none)
		add_count(c, none_name, t->none, t->max, -1);
	if (t->other_values)
		add_count(c, format_text(st, "(%zu other%s)", t->other_values, t->other_values == 1 ? "" : "s"),
			  t->other_issues, t->max, -1);
	if (!t->count && !(none_name && t->none))
		add_cell(c, CELL_TEXT, "None.");
}

/* The widest id of a list of issues, at most 20 columns. */
static int ids_width(const struct issue_set *set, const uint32_t *issues, size_t count)
{
	int width = 2;
	size_t i;
	for (i = 0; i < count; i++) {
		int w = text_display_width(set->issues[issues[i]].id, draw_utf8);
		if (w > width)
			width = w;
	}
	return width > 20 ? 20 : width;
}

static void add_counts(struct stats_state *st, struct cells *c, const struct issue_set *set, int filtered)
{
	const struct issue_stats *s = &st->stats;
	int p;
	add_heading(c, "Issues");
	if (filtered)
		add_cell(c, CELL_TEXT,
			 format_text(st, "%zu of %zu match the filter, %zu of them active", s->total, set->order_count,
				     s->active));
	else
		add_cell(c, CELL_TEXT, format_text(st, "%zu shown, %zu of them active", s->total, s->active));
	add_table(st, c, "By status", &s->status, NULL);
	add_table(st, c, "By type", &s->type, NULL);
	add_heading(c, "By priority");
	for (p = 0; p < 5; p++)
		add_count(c, format_text(st, "P%d %s", p, priority_name(p)), s->priority[p], s->priority_max,
			  AREA_PRIO0 + p);
	add_table(st, c, "By assignee", &s->assignee, "(unassigned)");
	add_table(st, c, "By label", &s->label, "(no label)");
}

static void add_weeks(struct stats_state *st, struct cells *c)
{
	size_t k;
	add_heading(c, format_text(st, "Opened and closed, last %d weeks", STATS_WEEKS));
	add_cell(c, CELL_HEADER, format_text(st, "%-10s %6s %6s", "week of", "opened", "closed"));
	for (k = 0; k < STATS_WEEKS; k++)
		add_cell(c, CELL_WEEK, NULL)->week = k;
}

static void add_oldest(struct stats_state *st, struct cells *c, const struct issue_set *set)
{
	const struct issue_stats *s = &st->stats;
	int width = ids_width(set, s->oldest, s->oldest_count);
	size_t i;
	add_heading(c, "Oldest open issues");
	for (i = 0; i < s->oldest_count; i++) {
		struct cell *cell = add_cell(c, CELL_ISSUE, NULL);
		cell->issue = s->oldest[i];
		cell->id_width = width;
		cell->age = 1;
	}
	if (!s->oldest_count)
		add_cell(c, CELL_TEXT, "None.");
}

/* The chain from what to do first (its last issue) to the most blocked
 * one (chain[0]); the facts are for the whole set, whatever the filter. */
static void add_dependencies(struct stats_state *st, struct cells *c, const struct issue_set *set, int filtered)
{
	const struct graph_facts *f = st->facts;
	const char *all = filtered ? " (all issues)" : "";
	size_t i;
	add_heading(c, format_text(st, "Longest blocking chain%s", all));
	if (f->chain_len) {
		int width = ids_width(set, f->chain, f->chain_len), digits = 1;
		size_t n;
		for (n = f->chain_len; n >= 10; n /= 10)
			digits++;
		add_cell(c, CELL_TEXT, format_text(st, "%zu issues, the first to do at the top:", f->chain_len));
		for (i = 0; i < f->chain_len; i++) {
			struct cell *cell = add_cell(c, CELL_ISSUE, NULL);
			cell->issue = f->chain[f->chain_len - 1 - i];
			cell->number = (int)i + 1;
			cell->number_width = digits;
			cell->id_width = width;
		}
	} else {
		add_cell(c, CELL_TEXT, "No active issue blocks another.");
	}
	add_heading(c, format_text(st, "Dependency cycles%s", all));
	if (f->cycle_issues)
		add_cell(c, CELL_TEXT,
			 format_text(st, "%zu issue%s on dependency cycles", f->cycle_issues,
				     f->cycle_issues == 1 ? " is" : "s are"));
	else
		add_cell(c, CELL_TEXT, "None.");
}

static int line_names(const struct line *line, uint32_t issue)
{
	return (line->left.kind == CELL_ISSUE && line->left.issue == issue) ||
	       (line->right.kind == CELL_ISSUE && line->right.issue == issue);
}

static int find_issue(const struct stats_state *st, uint32_t issue, size_t *line)
{
	size_t i;
	for (i = 0; issue != ISSUE_NONE && i < st->line_count; i++) {
		if (line_names(&st->lines[i], issue)) {
			*line = i;
			return 0;
		}
	}
	return -1;
}

/* The issue on the cursor's line, without computing anything. */
static uint32_t cursor_issue(const struct stats_state *st)
{
	const struct line *line;
	if (!st->lines || st->cursor >= st->line_count)
		return ISSUE_NONE;
	line = &st->lines[st->cursor];
	if (line->left.kind == CELL_ISSUE)
		return line->left.issue;
	return line->right.kind == CELL_ISSUE ? line->right.issue : ISSUE_NONE;
}

/* The counts on the left, the weeks, the oldest and the chain on the
 * right; stacked when narrow. */
static void build_lines(struct view *view, int two_columns)
{
	struct stats_state *st = view->private;
	const struct issue_set *set = view->app->set;
	int filtered = st->stats.filter != NULL;
	struct cells left = {0}, right = {0};
	size_t i;
	drop_lines(st);
	add_counts(st, &left, set, filtered);
	add_weeks(st, two_columns ? &right : &left);
	add_oldest(st, two_columns ? &right : &left, set);
	add_dependencies(st, two_columns ? &right : &left, set, filtered);
	st->line_count = left.count > right.count ? left.count : right.count;
	st->lines = xcalloc(st->line_count ? st->line_count : 1, sizeof(*st->lines));
	for (i = 0; i < st->line_count; i++) {
		st->lines[i].left.kind = st->lines[i].right.kind = CELL_BLANK;
		if (i < left.count)
			st->lines[i].left = left.items[i];
		if (i < right.count)
			st->lines[i].right = right.items[i];
	}
	free(left.items);
	free(right.items);
	st->two_columns = two_columns;
	/* the same line if it still names the issue, else its first line */
	if (st->keep_issue != ISSUE_NONE) {
		size_t line;
		if ((st->cursor >= st->line_count || !line_names(&st->lines[st->cursor], st->keep_issue)) &&
		    find_issue(st, st->keep_issue, &line) == 0)
			st->cursor = line;
		st->keep_issue = ISSUE_NONE;
	}
	if (st->cursor >= st->line_count)
		st->cursor = st->line_count ? st->line_count - 1 : 0;
}

/* Computes what is missing: the graph facts once per set, the counts
 * once per set or filter (or hour), the lines once per layout. */
static void ensure(struct view *view)
{
	struct stats_state *st = view->private;
	struct app *app = view->app;
	int two_columns = view->width >= TWO_COLUMNS_WIDTH, changed = 0;
	if (st->facts != view_facts(app) || !st->lines) {
		st->facts = view_facts(app);
		changed = 1;
	}
	if (st->stats.set != app->set || st->stats.filter != app->filter || st->stats_dirty ||
	    app->now - st->stats.now >= RECOUNT_AFTER || app->now < st->stats.now) {
		issue_stats_free(&st->stats);
		issue_stats_compute(&st->stats, app->set, app->filter, app->now);
		st->stats_dirty = 0;
		changed = 1;
	}
	if (changed || !st->lines || two_columns != st->two_columns) {
		/* lines still there are for this set: keep the cursor's issue */
		if (st->keep_issue == ISSUE_NONE)
			st->keep_issue = cursor_issue(st);
		build_lines(view, two_columns);
	}
}

/* ---- drawing */

static void draw_bar(WINDOW *win, size_t count, size_t max, int cols, attr_t attr, attr_t base)
{
	int n = 0, i;
	if (cols <= 0)
		return;
	if (max && count)
		n = (int)(((unsigned long long)count * (unsigned)cols + max / 2) / max);
	if (count && n == 0)
		n = 1;
	if (n > cols)
		n = cols;
	wattrset(win, attr);
	for (i = 0; i < n; i++)
		waddstr(win, draw_lines_utf8 ? "█" : "#");
	wattrset(win, base);
	draw_spaces(win, cols - n);
}

/* Draws a short text (a number, an age) right-aligned in `cols`
 * columns, then a space when `gap`; returns the columns used. */
static int draw_right(WINDOW *win, const char *text, int cols, int gap)
{
	int pad = cols - text_display_width(text, draw_utf8);
	if (pad > 0)
		draw_spaces(win, pad);
	draw_text(win, text, pad > 0 ? cols - pad : cols, 1);
	if (gap)
		waddch(win, ' ');
	return cols + gap;
}

static void draw_count(struct view *view, WINDOW *win, const struct cell *c, int cols, attr_t base, int plain)
{
	struct stats_state *st = view->private;
	int name_cols = cols >= 70 ? 20 : cols >= 40 ? 14 : cols / 3, rest = cols;
	char num[32];
	wattrset(win, plain || c->area < 0 ? base : base | theme_attr((enum theme_area)c->area));
	rest -= draw_text(win, c->text, name_cols, 1);
	wattrset(win, base);
	if (rest > 0) {
		waddch(win, ' ');
		rest--;
	}
	snprintf(num, sizeof(num), "%zu", c->count);
	if (rest >= 7)
		rest -= draw_right(win, num, 6, 1);
	if (rest >= 5 && st->stats.total) {
		int pct = (int)(((unsigned long long)c->count * 100 + st->stats.total / 2) / st->stats.total);
		if (pct == 0 && c->count)
			snprintf(num, sizeof(num), "<1%%");
		else
			snprintf(num, sizeof(num), "%d%%", pct);
		rest -= draw_right(win, num, 4, 1);
	}
	draw_bar(win, c->count, c->max, rest, plain ? base : base | theme_attr(AREA_CODE), base);
}

static void draw_week(struct view *view, WINDOW *win, const struct cell *c, int cols, attr_t base, int plain)
{
	struct stats_state *st = view->private;
	const struct stats_week *w = &st->stats.weeks[c->week];
	char date[32], num[32];
	int rest = cols, bar;
	timestamp_format(w->start, date, sizeof(date));
	date[10] = '\0';
	rest -= draw_text(win, date, rest < 11 ? rest : 11, 1);
	snprintf(num, sizeof(num), "%zu", w->opened);
	if (rest >= 7)
		rest -= draw_right(win, num, 6, 1);
	snprintf(num, sizeof(num), "%zu", w->closed);
	if (rest >= 7)
		rest -= draw_right(win, num, 6, 1);
	bar = (rest - 2) / 2;
	if (bar <= 0) {
		draw_spaces(win, rest);
		return;
	}
	draw_spaces(win, 1);
	draw_bar(win, w->opened, st->stats.week_max, bar, plain ? base : base | theme_attr(AREA_WARNING), base);
	draw_spaces(win, 1);
	draw_bar(win, w->closed, st->stats.week_max, rest - 2 - bar, plain ? base : base | theme_attr(AREA_OPEN),
		 base);
}

static void draw_issue(struct view *view, WINDOW *win, const struct cell *c, int cols, attr_t base, int plain)
{
	const struct issue *issue = &view->app->set->issues[c->issue];
	int rest = cols;
	char buf[64];
	if (c->number) {
		snprintf(buf, sizeof(buf), "%d", c->number);
		if (rest >= c->number_width + 1)
			rest -= draw_right(win, buf, c->number_width, 1);
	}
	wattrset(win, plain ? base : base | theme_attr(AREA_LINK_ID));
	rest -= draw_text(win, issue->id, rest < c->id_width ? rest : c->id_width, 1);
	wattrset(win, base);
	if (rest > 0) {
		waddch(win, ' ');
		rest--;
	}
	if (c->age && rest >= 5) {
		format_age(view->app->now, issue->created_at, buf, sizeof(buf));
		rest -= draw_right(win, buf, 4, 1);
	}
	if (rest >= 2) {
		wattrset(win, plain ? base : base | theme_status_attr(issue));
		rest -= draw_text(win, theme_status_symbol(issue), 1, 1);
		wattrset(win, base);
		waddch(win, ' ');
		rest--;
	}
	draw_text(win, issue->title, rest, 1);
}

/* Draws a cell in exactly `cols` columns. */
static void draw_cell(struct view *view, WINDOW *win, const struct cell *c, int cols, attr_t base, int plain)
{
	if (cols <= 0)
		return;
	wattrset(win, base);
	switch (c->kind) {
	case CELL_HEADING:
		wattrset(win, plain ? base : base | theme_attr(AREA_HEADING));
		draw_text(win, c->text, cols, 1);
		break;
	case CELL_HEADER:
		wattrset(win, plain ? base : base | theme_attr(AREA_TITLE_BAR));
		draw_text(win, c->text, cols, 1);
		break;
	case CELL_TEXT:
		draw_text(win, c->text, cols, 1);
		break;
	case CELL_COUNT:
		draw_count(view, win, c, cols, base, plain);
		break;
	case CELL_WEEK:
		draw_week(view, win, c, cols, base, plain);
		break;
	case CELL_ISSUE:
		draw_issue(view, win, c, cols, base, plain);
		break;
	case CELL_BLANK:
		draw_spaces(win, cols);
		break;
	}
	wattrset(win, base);
}

static void draw_line(struct view *view, WINDOW *win, int y, const struct line *line, int selected)
{
	struct stats_state *st = view->private;
	attr_t base = selected ? theme_attr(view->focused ? AREA_SELECTED : AREA_SELECTED_UNFOCUSED) : A_NORMAL;
	wmove(win, y, 0);
	if (st->two_columns) {
		int left = (view->width - COLUMN_GAP) / 2;
		draw_cell(view, win, &line->left, left, base, selected);
		wattrset(win, base);
		draw_spaces(win, COLUMN_GAP);
		draw_cell(view, win, &line->right, view->width - left - COLUMN_GAP, base, selected);
	} else {
		draw_cell(view, win, &line->left, view->width, base, selected);
	}
	wattrset(win, A_NORMAL);
}

static void stats_draw(struct view *view, WINDOW *win)
{
	struct stats_state *st = view->private;
	size_t rows = view->height > 0 ? (size_t)view->height : 1;
	int y;
	ensure(view);
	werase(win);
	if (st->cursor < st->top)
		st->top = st->cursor;
	if (st->cursor >= st->top + rows)
		st->top = st->cursor - rows + 1;
	if (st->top + rows > st->line_count)
		st->top = st->line_count > rows ? st->line_count - rows : 0;
	for (y = 0; y < view->height && st->top + (size_t)y < st->line_count; y++)
		draw_line(view, win, y, &st->lines[st->top + (size_t)y], st->top + (size_t)y == st->cursor);
}

/* ---- the other operations */

static void move_by(struct view *view, long delta)
{
	struct stats_state *st = view->private;
	long pos;
	ensure(view);
	if (!st->line_count)
		return;
	pos = (long)st->cursor + delta;
	if (pos < 0)
		pos = 0;
	if ((size_t)pos >= st->line_count)
		pos = (long)st->line_count - 1;
	st->cursor = (size_t)pos;
}

static enum action stats_request(struct view *view, enum action action)
{
	long page = view->height > 1 ? view->height : 1;
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
		move_by(view, -(long)((struct stats_state *)view->private)->cursor);
		break;
	case ACT_MOVE_LAST:
		ensure(view);
		move_by(view, (long)((struct stats_state *)view->private)->line_count);
		break;
	default:
		return action;
	}
	return ACT_NONE;
}

static void stats_status(struct view *view, char *out, size_t size)
{
	struct stats_state *st = view->private;
	ensure(view);
	snprintf(out, size, "line %zu/%zu", st->line_count ? st->cursor + 1 : 0, st->line_count);
}

static uint32_t stats_selected(struct view *view)
{
	ensure(view);
	return cursor_issue(view->private);
}

static int stats_select(struct view *view, uint32_t issue)
{
	struct stats_state *st = view->private;
	size_t line;
	ensure(view);
	if (find_issue(st, issue, &line) != 0)
		return -1;
	st->cursor = line;
	return 0;
}

/* New data: everything is counted again (when next shown); the cursor
 * stays on the issue it was on if that is still listed. */
static void stats_data_changed(struct view *view, const struct issue_set *old_set)
{
	struct stats_state *st = view->private;
	uint32_t old_issue = st->stats.set == old_set ? cursor_issue(st) : ISSUE_NONE;
	st->keep_issue = old_issue == ISSUE_NONE ? ISSUE_NONE
						 : issue_set_index_of(view->app->set, old_set->issues[old_issue].id);
	drop_lines(st);
	issue_stats_free(&st->stats);
	st->facts = NULL;
}

static void stats_filter_changed(struct view *view)
{
	struct stats_state *st = view->private;
	st->stats_dirty = 1;
}

const struct view_ops stats_view_ops = {
	.name = "stats",
	.keymap = "stats",
	.open = stats_open,
	.close = stats_close,
	.draw = stats_draw,
	.request = stats_request,
	.status = stats_status,
	.selected = stats_selected,
	.select = stats_select,
	.data_changed = stats_data_changed,
	.filter_changed = stats_filter_changed,
};
