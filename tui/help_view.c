/* The help screen: every key of the view it was opened from, generated
 * from the action table and the bindings, so it cannot drift. `/` filters
 * it. */
#include "view.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/query.h"
#include "../model/text.h"
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

/* One line of the help: a key column (or a section title) and text. */
struct help_line {
	const char *keys;  /* NULL on continuation lines */
	char text[256];
	int section;       /* a heading */
};

struct help_lines {
	struct help_line *lines;
	size_t count, cap;
	int text_cols;
};

static void add_help_line(struct help_lines *h, const char *keys, const char *text, size_t len, int section)
{
	struct help_line *l;
	GROW(h->lines, h->cap, h->count + 1);
	l = &h->lines[h->count++];
	l->keys = keys;
	l->section = section;
	if (len >= sizeof(l->text))
		len = sizeof(l->text) - 1;
	memcpy(l->text, text, len);
	l->text[len] = '\0';
}

struct wrap_target {
	struct help_lines *h;
	const char *keys;
};

static void emit_help_text(void *ctx, const char *start, size_t len)
{
	struct wrap_target *t = ctx;
	add_help_line(t->h, t->keys, start, len, 0);
	t->keys = NULL;
}

/* A key (or query term) and its description, wrapped to the pane. */
static void add_entry(struct help_lines *h, const char *keys, const char *text)
{
	struct wrap_target t = {h, keys};
	text_wrap(text, strlen(text), h->text_cols, draw_utf8, emit_help_text, &t);
}

static const char *const key_labels[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

static void build_help(const struct help_state *st, struct help_lines *h, const struct config *view_config)
{
	size_t count, i, shown = 0;
	const struct key_binding *b = keys_bindings(&count);
	const struct query_field_doc *docs = query_field_docs(&count);
	char text[320];
	b = keys_bindings(&count);
	for (i = 0; i < count; i++) {
		if (!binding_shown(st, &b[i]))
			continue;
		if (!shown++) {
			snprintf(text, sizeof(text), "Keys of the %s view", st->keymap);
			add_help_line(h, NULL, text, strlen(text), 1);
		}
		snprintf(text, sizeof(text), "%s (%s)", action_help(b[i].action), action_name(b[i].action));
		add_entry(h, b[i].keys, text);
	}
	/* the saved views and the user's own bindings, from the config */
	shown = 0;
	for (i = 0; i < SAVED_VIEWS; i++) {
		const struct saved_view *v = &view_config->views[i];
		char key[8];
		if (!v->name || (!contains_ci(v->name, st->filter) && !contains_ci(v->query, st->filter)))
			continue;
		if (!shown++) {
			add_help_line(h, NULL, "", 0, 0);
			add_help_line(h, NULL, "Saved views (number keys; :view NAME)", 37, 1);
		}
		snprintf(key, sizeof(key), "%zu", i);
		snprintf(text, sizeof(text), "%s: %s", v->name, *v->query ? v->query : "(no filter)");
		add_entry(h, i < 10 ? key_labels[i] : "", text);
	}
	{
		const char *keymap, *keys;
		enum action action;
		shown = 0;
		for (i = 0; keys_user_bindings(&keymap, &keys, &action, i); i++) {
			if (!contains_ci(keys, st->filter) && !contains_ci(action_name(action), st->filter))
				continue;
			if (!shown++) {
				add_help_line(h, NULL, "", 0, 0);
				add_help_line(h, NULL, "Your bindings (config file)", 27, 1);
			}
			snprintf(text, sizeof(text), "%s: %s", keymap, action == ACT_NONE ? "(unbound)" : action_name(action));
			add_entry(h, keys, text);
		}
	}
	docs = query_field_docs(&count);
	shown = 0;
	for (i = 0; i < count; i++) {
		if (!contains_ci(docs[i].syntax, st->filter) && !contains_ci(docs[i].help, st->filter))
			continue;
		if (!shown++) {
			if (h->count)
				add_help_line(h, NULL, "", 0, 0);
			add_help_line(h, NULL, "Query terms (/ to filter, s to search)", 38, 1);
		}
		add_entry(h, docs[i].syntax, docs[i].help);
	}
	if (h->count == 0) {
		snprintf(text, sizeof(text), "Nothing matches \"%s\".", st->filter);
		add_help_line(h, NULL, text, strlen(text), 0);
	}
}

static void help_draw(struct view *view, WINDOW *win)
{
	struct help_state *st = view->private;
	struct help_lines h;
	int key_cols = view->width > 90 ? 30 : view->width > 60 ? 22 : 14, y;
	memset(&h, 0, sizeof(h));
	h.text_cols = view->width - key_cols - 1 > 10 ? view->width - key_cols - 1 : 10;
	build_help(st, &h, view->app->config);
	st->line_count = h.count;
	if (st->top + (size_t)view->height > h.count)
		st->top = h.count > (size_t)view->height ? h.count - (size_t)view->height : 0;
	werase(win);
	for (y = 0; y < view->height && st->top + (size_t)y < h.count; y++) {
		const struct help_line *l = &h.lines[st->top + (size_t)y];
		wmove(win, y, 0);
		if (l->section) {
			wattrset(win, theme_attr(AREA_HEADING));
			draw_text(win, l->text, view->width, 0);
			wattrset(win, A_NORMAL);
			continue;
		}
		wattrset(win, theme_attr(AREA_LABEL));
		draw_text(win, l->keys ? l->keys : "", key_cols, 1);
		wattrset(win, A_NORMAL);
		waddch(win, ' ');
		draw_text(win, l->text, view->width - key_cols - 1, 0);
	}
	free(h.lines);
}

static enum action help_request(struct view *view, enum action action)
{
	struct help_state *st = view->private;
	size_t rows = view->height > 1 ? (size_t)view->height : 1;
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
	snprintf(out, size, "/ filter, j/k scroll, q close");
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
