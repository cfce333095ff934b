/* The display core: terminal set-up, layout, the view stack, the input
 * loop. One doupdate() per pass, right before waiting for a key. */
#include "tui.h"

#include <errno.h>
#include <stdlib.h>
#include <langinfo.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "draw.h"
#include "keys.h"
#include "theme.h"
#include "view.h"

#define MIN_COLS 40
#define MIN_LINES 8
#define MAX_VIEWS 8

struct display {
	struct app *app;
	SCREEN *screen;
	WINDOW *body, *status_bar;
	struct view views[MAX_VIEWS];
	int view_count;
	int too_small;
};

static struct display *active_display;

/* Restores the terminal before a fatal error message is printed. */
static void restore_terminal(void)
{
	if (active_display && active_display->screen)
		endwin();
}

static void push_view(struct display *d, const struct view_ops *ops)
{
	struct view *v;
	if (d->view_count >= MAX_VIEWS)
		return;
	v = &d->views[d->view_count++];
	memset(v, 0, sizeof(*v));
	v->ops = ops;
	v->app = d->app;
	v->height = d->body ? getmaxy(d->body) : 0;
	v->width = d->body ? getmaxx(d->body) : 0;
	ops->open(v);
}

static void pop_view(struct display *d)
{
	struct view *v = &d->views[--d->view_count];
	v->ops->close(v);
}

static void layout(struct display *d)
{
	int i;
	if (d->body)
		delwin(d->body);
	if (d->status_bar)
		delwin(d->status_bar);
	d->body = d->status_bar = NULL;
	d->too_small = COLS < MIN_COLS || LINES < MIN_LINES;
	if (d->too_small)
		return;
	d->body = newwin(LINES - 1, COLS, 0, 0);
	d->status_bar = newwin(1, COLS, LINES - 1, 0);
	if (!d->body || !d->status_bar)
		tib_die("cannot create windows");
	keypad(d->body, TRUE);
	for (i = 0; i < d->view_count; i++) {
		d->views[i].height = LINES - 1;
		d->views[i].width = COLS;
	}
}

static void draw_status_bar(struct display *d, struct view *v)
{
	char position[64], right[96];
	int64_t age = (timestamp_now() - d->app->loaded_at) / 1000000;
	int width = getmaxx(d->status_bar), right_width;
	v->ops->status(v, position, sizeof(position));
	if (age < 60)
		snprintf(right, sizeof(right), "loaded %llds ago", (long long)age);
	else
		snprintf(right, sizeof(right), "loaded %lldm ago", (long long)(age / 60));
	werase(d->status_bar);
	wbkgdset(d->status_bar, ' ' | theme_attr(AREA_STATUS_BAR));
	wattrset(d->status_bar, theme_attr(AREA_STATUS_BAR));
	wmove(d->status_bar, 0, 0);
	draw_spaces(d->status_bar, width);
	wmove(d->status_bar, 0, 0);
	right_width = (int)strlen(right);
	{
		int used = draw_text(d->status_bar, "[", width, 0);
		used += draw_text(d->status_bar, v->ops->name, width - used, 0);
		used += draw_text(d->status_bar, "] ", width - used, 0);
		used += draw_text(d->status_bar, d->app->source_label, width - used - right_width - 12, 0);
		(void)used;
	}
	if (width > right_width + 12) {
		int pos_width = (int)strlen(position);
		mvwaddstr(d->status_bar, 0, width - right_width - pos_width - 3, position);
		mvwaddstr(d->status_bar, 0, width - right_width - 1, right);
	}
	wattrset(d->status_bar, A_NORMAL);
}

static void draw_too_small(void)
{
	static const char msg[] = "terminal too small";
	int y = LINES / 2, x = COLS > (int)sizeof(msg) ? (COLS - (int)sizeof(msg) + 1) / 2 : 0;
	erase();
	mvaddnstr(y > 0 ? y : 0, x, msg, COLS > 0 ? COLS : 0);
	wnoutrefresh(stdscr);
}

static void draw(struct display *d)
{
	struct view *v = &d->views[d->view_count - 1];
	if (d->too_small) {
		draw_too_small();
		return;
	}
	v->ops->draw(v, d->body);
	draw_status_bar(d, v);
	wnoutrefresh(d->body);
	wnoutrefresh(d->status_bar);
}

/* Returns 1 when the user asked to quit. */
static int handle_action(struct display *d, enum action action)
{
	switch (action) {
	case ACT_QUIT:
		if (d->view_count > 1) {
			pop_view(d);
			return 0;
		}
		return 1;
	case ACT_HELP:
		if (d->views[d->view_count - 1].ops != &help_view_ops)
			push_view(d, &help_view_ops);
		return 0;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		return 0;
	default:
		return 0;
	}
}

static int read_key(struct display *d, struct key *key)
{
	wint_t wch;
	int rc = wget_wch(d->body ? d->body : stdscr, &wch);
	if (rc == ERR)
		return -1;
	key->code = (int)wch;
	key->is_function = rc == KEY_CODE_YES;
	return 0;
}

int tui_run(struct app *app)
{
	struct display d;
	int quit = 0;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "tib: not a terminal (use --print for a listing)\n");
		return 1;
	}
	memset(&d, 0, sizeof(d));
	d.app = app;
	draw_utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	d.screen = newterm(NULL, stdout, stdin);
	if (!d.screen) {
		fprintf(stderr, "tib: cannot set up the terminal (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "");
		return 1;
	}
	active_display = &d;
	tib_set_fatal_hook(restore_terminal);
	cbreak();
	noecho();
	nonl();
	curs_set(0);
	keypad(stdscr, TRUE);
	set_escdelay(25);
	theme_init();
	layout(&d);
	push_view(&d, &list_view_ops);

	while (!quit && !*app->stop) {
		struct key key;
		enum action action;
		struct view *v;
		draw(&d);
		doupdate();
		if (read_key(&d, &key) != 0)
			continue; /* interrupted by a signal: the loop checks stop */
		if (key.is_function && key.code == KEY_RESIZE) {
			layout(&d);
			continue;
		}
		if (d.too_small) {
			if (keys_resolve("generic", key) == ACT_QUIT)
				quit = 1;
			continue;
		}
		v = &d.views[d.view_count - 1];
		action = keys_resolve(v->ops->keymap, key);
		if (action == ACT_NONE)
			continue;
		action = v->ops->request(v, action);
		quit = handle_action(&d, action);
	}

	while (d.view_count)
		pop_view(&d);
	if (d.body)
		delwin(d.body);
	if (d.status_bar)
		delwin(d.status_bar);
	endwin();
	delscreen(d.screen);
	tib_set_fatal_hook(NULL);
	active_display = NULL;
	return 0;
}
