/* The help screen: every key of the view it was opened from, generated
 * from the action table and the bindings, so it cannot drift. */
#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "keys.h"
#include "theme.h"

struct help_state {
	const char *keymap; /* of the view below */
	size_t top;
	size_t line_count;
};

static void help_open(struct view *view)
{
	struct help_state *st = xcalloc(1, sizeof(*st));
	st->keymap = "list";
	view->private = st;
}

static void help_close(struct view *view)
{
	free(view->private);
	view->private = NULL;
}

static void help_draw(struct view *view, WINDOW *win)
{
	struct help_state *st = view->private;
	size_t count, i, line = 0;
	const struct key_binding *b = keys_bindings(&count);
	int y = 0;
	werase(win);
	for (i = 0; i < count; i++) {
		char keys[64];
		if (strcmp(b[i].keymap, "generic") != 0 && strcmp(b[i].keymap, st->keymap) != 0)
			continue;
		if (line++ < st->top || y >= view->height)
			continue;
		snprintf(keys, sizeof(keys), "%s", b[i].keys);
		wmove(win, y, 0);
		wattrset(win, theme_attr(AREA_TITLE_BAR));
		draw_text(win, keys, 22, 1);
		wattrset(win, A_NORMAL);
		waddch(win, ' ');
		draw_text(win, action_help(b[i].action), view->width - 23, 0);
		y++;
	}
	st->line_count = line;
}

static enum action help_request(struct view *view, enum action action)
{
	struct help_state *st = view->private;
	switch (action) {
	case ACT_MOVE_DOWN:
		if (st->top + (size_t)view->height < st->line_count)
			st->top++;
		return ACT_NONE;
	case ACT_MOVE_UP:
		if (st->top)
			st->top--;
		return ACT_NONE;
	case ACT_MOVE_FIRST:
		st->top = 0;
		return ACT_NONE;
	default:
		return action;
	}
}

static void help_status(struct view *view, char *out, size_t size)
{
	(void)view;
	snprintf(out, size, "help: q to close");
}

const struct view_ops help_view_ops = {
	.name = "help",
	.keymap = "help",
	.open = help_open,
	.close = help_close,
	.draw = help_draw,
	.request = help_request,
	.status = help_status,
};
