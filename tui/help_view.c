/* The help screen: every key of the view it was opened from, generated
 * from the action table and the bindings, so it cannot drift. `/` filters
 * it. */
#include "view.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "keys.h"
#include "theme.h"

struct help_state {
	char keymap[32]; /* of the view below */
	char filter[128];
	size_t top;
	size_t line_count;
};

static void help_open(struct view *view)
{
	struct help_state *st = xcalloc(1, sizeof(*st));
	STR_COPY(st->keymap, "list");
	view->private = st;
}

static void help_close(struct view *view)
{
	free(view->private);
	view->private = NULL;
}

void help_view_configure(struct view *view, const char *keymap, const char *filter)
{
	struct help_state *st = view->private;
	if (keymap)
		STR_COPY(st->keymap, keymap);
	if (filter)
		STR_COPY(st->filter, filter);
	st->top = 0;
}

static int contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i;
	if (!n)
		return 1;
	for (; *hay; hay++) {
		for (i = 0; i < n && hay[i]; i++)
			if (tolower((unsigned char)hay[i]) != tolower((unsigned char)needle[i]))
				break;
		if (i == n)
			return 1;
	}
	return 0;
}

static int binding_shown(const struct help_state *st, const struct key_binding *b)
{
	if (strcmp(b->keymap, "generic") != 0 && strcmp(b->keymap, st->keymap) != 0)
		return 0;
	return contains_ci(b->keys, st->filter) || contains_ci(action_help(b->action), st->filter) ||
	       contains_ci(action_name(b->action), st->filter);
}

static void help_draw(struct view *view, WINDOW *win)
{
	struct help_state *st = view->private;
	size_t count, i, line = 0;
	const struct key_binding *b = keys_bindings(&count);
	int y = 0, key_cols = view->width > 60 ? 22 : 14;
	char head[256];
	werase(win);
	snprintf(head, sizeof(head), "Keys of the %s view%s%s%s", st->keymap, st->filter[0] ? " matching \"" : "",
		 st->filter, st->filter[0] ? "\"" : "");
	wmove(win, y++, 0);
	wattrset(win, theme_attr(AREA_HEADING));
	draw_text(win, head, view->width, 0);
	wattrset(win, A_NORMAL);
	y++;
	for (i = 0; i < count; i++) {
		char name[48];
		if (!binding_shown(st, &b[i]))
			continue;
		if (line++ < st->top || y >= view->height)
			continue;
		wmove(win, y, 0);
		wattrset(win, theme_attr(AREA_LABEL));
		draw_text(win, b[i].keys, key_cols, 1);
		wattrset(win, A_NORMAL);
		waddch(win, ' ');
		snprintf(name, sizeof(name), " (%s)", action_name(b[i].action));
		{
			int used = draw_text(win, action_help(b[i].action), view->width - key_cols - 1, 0);
			wattrset(win, theme_attr(AREA_CLOSED));
			draw_text(win, name, view->width - key_cols - 1 - used, 0);
			wattrset(win, A_NORMAL);
		}
		y++;
	}
	if (line == 0) {
		wmove(win, y, 0);
		draw_text(win, "No key matches.", view->width, 0);
	}
	st->line_count = line;
}

static enum action help_request(struct view *view, enum action action)
{
	struct help_state *st = view->private;
	size_t rows = view->height > 2 ? (size_t)view->height - 2 : 1;
	switch (action) {
	case ACT_MOVE_DOWN:
	case ACT_PAGE_DOWN:
	case ACT_HALF_PAGE_DOWN:
		if (st->top + rows < st->line_count)
			st->top += action == ACT_MOVE_DOWN ? 1 : rows;
		if (st->top + rows > st->line_count)
			st->top = st->line_count > rows ? st->line_count - rows : 0;
		return ACT_NONE;
	case ACT_MOVE_UP:
	case ACT_PAGE_UP:
	case ACT_HALF_PAGE_UP: {
		size_t step = action == ACT_MOVE_UP ? 1 : rows;
		st->top = st->top > step ? st->top - step : 0;
		return ACT_NONE;
	}
	case ACT_MOVE_FIRST:
		st->top = 0;
		return ACT_NONE;
	case ACT_MOVE_LAST:
		st->top = st->line_count > rows ? st->line_count - rows : 0;
		return ACT_NONE;
	case ACT_BACK:
		return ACT_QUIT; /* back from help = close it */
	default:
		return action;
	}
}

static void help_status(struct view *view, char *out, size_t size)
{
	(void)view;
	snprintf(out, size, "/ filter, q close");
}

static uint32_t help_selected(struct view *view)
{
	(void)view;
	return ISSUE_NONE;
}

static int help_select(struct view *view, uint32_t issue)
{
	(void)view;
	(void)issue;
	return -1;
}

static void help_data_changed(struct view *view, const struct issue_set *old_set)
{
	(void)view;
	(void)old_set;
}

const struct view_ops help_view_ops = {
	.name = "help",
	.keymap = "help",
	.open = help_open,
	.close = help_close,
	.draw = help_draw,
	.request = help_request,
	.status = help_status,
	.selected = help_selected,
	.select = help_select,
	.data_changed = help_data_changed,
};
