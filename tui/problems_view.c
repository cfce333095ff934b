/* The problems of the last load: lines of a JSONL source that were
 * skipped or repaired, with their line numbers. */
#include "view.h"

#include <stdio.h>
#include <stdlib.h>

#include "draw.h"
#include "theme.h"

struct problems_state {
	size_t top;
};

static void problems_open(struct view *view)
{
	view->private = xcalloc(1, sizeof(struct problems_state));
}

static void problems_close(struct view *view)
{
	free(view->private);
	view->private = NULL;
}

static void problems_draw(struct view *view, WINDOW *win)
{
	struct problems_state *st = view->private;
	size_t count = 0, total = store_problems_total(view->app->store), i;
	const struct load_problem *p = store_problems(view->app->store, &count);
	char head[160];
	int y = 0;
	werase(win);
	snprintf(head, sizeof(head), "%zu %s%s of %s skipped or repaired", total, p && p[0].line ? "line" : "row",
		 total == 1 ? "" : "s",
		 store_path(view->app->store));
	wmove(win, y++, 0);
	wattrset(win, theme_attr(AREA_HEADING));
	draw_text(win, head, view->width, 0);
	wattrset(win, A_NORMAL);
	if (st->top + (size_t)(view->height - 1) > count)
		st->top = count > (size_t)(view->height - 1) ? count - (size_t)(view->height - 1) : 0;
	for (i = st->top; i < count && y < view->height; i++, y++) {
		char line[32];
		if (p[i].line)
			snprintf(line, sizeof(line), "line %zu", p[i].line);
		else
			snprintf(line, sizeof(line), "row"); /* a database's rows have no line */
		wmove(win, y, 0);
		wattrset(win, theme_attr(AREA_LABEL));
		draw_text(win, line, 14, 1);
		wattrset(win, A_NORMAL);
		draw_text(win, p[i].message, view->width - 14, 0);
	}
	if (total > count && y < view->height) {
		snprintf(head, sizeof(head), "... and %zu more", total - count);
		wmove(win, y, 0);
		draw_text(win, head, view->width, 0);
	}
}

static enum action problems_request(struct view *view, enum action action)
{
	struct problems_state *st = view->private;
	size_t page = view->height > 2 ? (size_t)view->height - 1 : 1;
	switch (action) {
	case ACT_MOVE_DOWN:
		st->top++;
		return ACT_NONE;
	case ACT_PAGE_DOWN:
	case ACT_HALF_PAGE_DOWN:
		st->top += page;
		return ACT_NONE;
	case ACT_MOVE_UP:
		st->top = st->top ? st->top - 1 : 0;
		return ACT_NONE;
	case ACT_PAGE_UP:
	case ACT_HALF_PAGE_UP:
		st->top = st->top > page ? st->top - page : 0;
		return ACT_NONE;
	case ACT_MOVE_FIRST:
		st->top = 0;
		return ACT_NONE;
	case ACT_MOVE_LAST:
		st->top = (size_t)-1 / 2; /* clamped when drawn */
		return ACT_NONE;
	case ACT_BACK:
		return ACT_QUIT;
	default:
		return action;
	}
}

static void problems_status(struct view *view, char *out, size_t size)
{
	(void)view;
	snprintf(out, size, "q close");
}

static uint32_t problems_selected(struct view *view)
{
	(void)view;
	return ISSUE_NONE;
}

static int problems_select(struct view *view, uint32_t issue)
{
	(void)view;
	(void)issue;
	return -1;
}

static void problems_data_changed(struct view *view, const struct issue_set *old_set)
{
	struct problems_state *st = view->private;
	(void)old_set;
	st->top = 0;
}

const struct view_ops problems_view_ops = {
	.name = "problems",
	.keymap = "problems",
	.open = problems_open,
	.close = problems_close,
	.draw = problems_draw,
	.request = problems_request,
	.status = problems_status,
	.selected = problems_selected,
	.select = problems_select,
	.data_changed = problems_data_changed,
};
