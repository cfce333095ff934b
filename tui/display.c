/* The display core: terminal set-up, pane layout, focus, the back
 * history, the prompt, and the input loop, interactive or from a script.
 * One doupdate() per key, right before waiting for the next one. */
#include "tui.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/resource.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "../model/query.h"
#include "../model/text.h"
#include "../storage/refresh.h"
#include "../storage/watch.h"
#include "draw.h"
#include "editor.h"
#include "history.h"
#include "keys.h"
#include "outline.h"
#include "picker.h"
#include "termcheck.h"
#include "theme.h"
#include "triage.h"
#include "view.h"

#define MIN_COLS 40
#define MIN_LINES 8
#define BACK_MAX 128
/* A burst of commits is read once: the first change starts a short wait,
 * later ones extend it, but never beyond the cap. */
#define LEADING_DELAY_US 3000
#define DEBOUNCE_US (d->debounce_us)            /* set refresh-debounce, 50 ms */
#define DEBOUNCE_CAP_US (5 * d->debounce_us)
#define BUSY_RETRY_US 100000
#define BUSY_WARN_US 1000000 /* a lock held this long is worth a warning */

enum layout_pref { LAYOUT_AUTO, LAYOUT_SIDE, LAYOUT_STACKED };
enum prompt_kind {
	PROMPT_NONE,
	PROMPT_COMMAND,
	PROMPT_HELP_FILTER,
	PROMPT_FILTER,
	PROMPT_SEARCH,
	PROMPT_TRIAGE,  /* a line of text for a triage question */
	PROMPT_CONFIRM, /* y/n for a triage question */
};
#define TRIAGE_RETRY_US 100000 /* a write that found the database locked */
#define EXIT_WRITE_WAIT_MS 3000 /* at the end, the last wait for the lock */

enum mouse_kind { MOUSE_CLICK, MOUSE_DOUBLE, MOUSE_WHEEL_UP, MOUSE_WHEEL_DOWN };

/* The views that can fill the main pane, in the order of their keys;
 * a new one is one line here (and its ops table in its own file). */
static const struct view_ops *const main_view_ops[] = {
	&list_view_ops, &board_view_ops, &tree_view_ops, &deps_view_ops, &ready_view_ops, &stats_view_ops,
};
#define MAIN_VIEWS (sizeof(main_view_ops) / sizeof(main_view_ops[0]))
#define LIST(d) (&(d)->mains[0])

struct display {
	struct app *app;
	SCREEN *screen;
	FILE *null_out, *null_in; /* script mode: a virtual terminal */
	int scripted;
	WINDOW *list_win, *detail_win, *sep_win, *help_win, *status_win;
	struct view mains[MAIN_VIEWS]; /* list, board, tree, ...: one fills the main pane */
	struct view *main;             /* the one shown */
	struct view detail, help, problems;
	struct view *overlay; /* help or problems, drawn over the panes; NULL if none */
	int detail_shown, maximized, focus_detail;
	int detail_explicit;     /* the user opened or closed the detail pane */
	uint32_t detail_pinned;  /* shown in the detail though not in the list */
	enum layout_pref layout_pref;
	int side_by_side, too_small;
	enum prompt_kind prompt;
	struct buf prompt_text;
	char message[256];
	int message_is_error;
	char *back[BACK_MAX]; /* issue ids jumped from, so they survive a reload */
	int back_view[BACK_MAX]; /* ... and the main view each was in */
	int back_count;
	int quit;
	/* live refresh */
	struct refresher refresher;
	struct watcher *watcher;
	int64_t refresh_due, refresh_first; /* monotonic µs; 0 = none pending */
	int64_t next_stat_poll;
	int64_t last_refresh_at;            /* monotonic µs of the last re-read */
	int fold_pending;                   /* store_fold_wal after the next draw */
	int refresh_leading;                /* the pending check is the quick one */
	int64_t busy_since;          /* monotonic µs of the first refresh that found the lock; 0: none */
	char warning[600];                  /* about the source, until it recovers */
	unsigned long wakeups, refreshes;
	int script_failed;
	/* filter and search */
	struct query *filter;        /* active, shown by the list; NULL: all */
	char *filter_text;
	int filter_dirty;            /* the prompt text changed: compile before drawing */
	struct query_error filter_error;
	int filter_has_error;
	struct query *search;        /* last search, for n/N */
	uint32_t search_origin;      /* selection when the search prompt opened */
	struct history history;
	char completions[256];       /* candidates shown under the prompt */
	/* triage */
	struct triage *triage;
	struct picker picker;
	int picking;                 /* the picker box is up */
	int64_t triage_retry_at;     /* monotonic µs; 0 = no write waiting */
	int64_t debounce_us;         /* a burst of changes is read once it pauses this long */
	sigset_t wait_mask;          /* the mask while waiting: waited_signals let in */
	int signals_blocked;         /* waited_signals blocked outside the wait */
};

static struct display *active_display;

/* Restores the terminal before a fatal error message is printed. */
static void restore_terminal(void)
{
	if (active_display && active_display->screen && !active_display->scripted)
		endwin();
}

static void set_message(struct display *d, int is_error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_message(struct display *d, int is_error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->message, sizeof(d->message), fmt, ap);
	va_end(ap);
	d->message_is_error = is_error;
}

static void delete_windows(struct display *d)
{
	WINDOW **wins[] = {&d->list_win, &d->detail_win, &d->sep_win, &d->help_win, &d->status_win};
	size_t i;
	for (i = 0; i < ARRAY_SIZE(wins); i++) {
		if (*wins[i])
			delwin(*wins[i]);
		*wins[i] = NULL;
	}
}

static WINDOW *make_window(int h, int w, int y, int x)
{
	WINDOW *win = newwin(h, w, y, x);
	if (!win)
		tib_die("cannot create a %dx%d window", w, h);
	return win;
}

static void size_view(struct view *v, WINDOW *win)
{
	v->height = win ? getmaxy(win) : 0;
	v->width = win ? getmaxx(win) : 0;
}

/* Recreates the windows for the current size and pane state. Cheap, and
 * only called when something about the layout changed. */
static void layout(struct display *d)
{
	int body = LINES - 1;
	delete_windows(d);
	d->too_small = COLS < MIN_COLS || LINES < MIN_LINES;
	if (d->too_small)
		return;
	d->side_by_side = d->layout_pref == LAYOUT_SIDE ||
			  (d->layout_pref == LAYOUT_AUTO && COLS >= d->app->config->split_columns);
	/* Until the user opens or closes it, the detail pane shows whenever
	 * there is room beside the list. */
	if (!d->detail_explicit)
		d->detail_shown = d->side_by_side;
	d->status_win = make_window(1, COLS, LINES - 1, 0);
	keypad(d->status_win, TRUE);
	wtimeout(d->status_win, 0); /* keys are read after poll() says so */
	if (d->overlay)
		d->help_win = make_window(body, COLS, 0, 0);
	if (!d->detail_shown) {
		d->list_win = make_window(body, COLS, 0, 0);
	} else if (d->maximized) {
		d->detail_win = make_window(body, COLS, 0, 0);
	} else if (d->side_by_side) {
		int list_w = COLS * 11 / 20;
		d->list_win = make_window(body, list_w, 0, 0);
		d->sep_win = make_window(body, 1, 0, list_w);
		d->detail_win = make_window(body, COLS - list_w - 1, 0, list_w + 1);
	} else {
		int list_h = body * 2 / 5 < 3 ? 3 : body * 2 / 5;
		d->list_win = make_window(list_h, COLS, 0, 0);
		d->sep_win = make_window(1, COLS, list_h, 0);
		d->detail_win = make_window(body - list_h - 1, COLS, list_h + 1, 0);
	}
	{
		size_t i;
		for (i = 0; i < MAIN_VIEWS; i++)
			size_view(&d->mains[i], d->list_win);
	}
	size_view(&d->detail, d->detail_win);
	size_view(&d->help, d->help_win);
	size_view(&d->problems, d->help_win);
}

static struct view *focused_view(struct display *d)
{
	if (d->overlay)
		return d->overlay;
	if (d->detail_shown && (d->focus_detail || d->maximized))
		return &d->detail;
	return d->main;
}

static void sync_detail(struct display *d)
{
	if (d->detail_shown)
		d->detail.ops->select(&d->detail, d->detail_pinned != ISSUE_NONE ? d->detail_pinned
										 : d->main->ops->selected(d->main));
	d->main->focused = focused_view(d) == d->main;
	d->detail.focused = focused_view(d) == &d->detail;
}

static void draw_separator(struct display *d)
{
	int i, n;
	if (!d->sep_win)
		return;
	werase(d->sep_win);
	wattrset(d->sep_win, theme_attr(AREA_CLOSED));
	n = d->side_by_side ? getmaxy(d->sep_win) : getmaxx(d->sep_win);
	for (i = 0; i < n; i++) {
		if (d->side_by_side)
			mvwaddstr(d->sep_win, i, 0, draw_lines_utf8 ? "│" : "|");
		else
			mvwaddstr(d->sep_win, 0, i, draw_lines_utf8 ? "─" : "-");
	}
	wattrset(d->sep_win, A_NORMAL);
	wnoutrefresh(d->sep_win);
}

static void draw_status_bar(struct display *d)
{
	struct view *v = focused_view(d);
	WINDOW *w = d->status_win;
	char position[64], right[64];
	int width = getmaxx(w), used = 0, right_width;
	int64_t age = (d->app->now - d->app->loaded_at) / 1000000;

	werase(w);
	wbkgdset(w, ' ' | theme_attr(AREA_STATUS_BAR));
	wattrset(w, theme_attr(AREA_STATUS_BAR));
	wmove(w, 0, 0);
	draw_spaces(w, width);
	wmove(w, 0, 0);
	if (d->prompt != PROMPT_NONE) {
		const struct triage_ask *ask = triage_asking(d->triage);
		const char *label = d->prompt == PROMPT_COMMAND ? ":"
				    : d->prompt == PROMPT_FILTER ? "filter: "
				    : d->prompt == PROMPT_SEARCH ? "search: "
				    : (d->prompt == PROMPT_TRIAGE || d->prompt == PROMPT_CONFIRM) && ask ? ask->title
													  : "search help: ";
		wattrset(w, A_NORMAL);
		wbkgdset(w, ' ');
		wmove(w, 0, 0);
		draw_spaces(w, width);
		wmove(w, 0, 0);
		used = draw_text(w, label, width, 0);
		/* keep the end of a long input in view */
		{
			const char *text = d->prompt_text.data ? d->prompt_text.data : "";
			while (*text && text_display_width(text, draw_utf8) > width - used - 1)
				text++;
			used += draw_text(w, text, width - used - 1, 0);
		}
		wmove(w, 0, used);
		return;
	}
	v->ops->status(v, position, sizeof(position));
	if (age < 0)
		age = 0;
	if (age < 60)
		snprintf(right, sizeof(right), "loaded %llds ago", (long long)age);
	else if (age < 3600)
		snprintf(right, sizeof(right), "loaded %lldm ago", (long long)(age / 60));
	else
		snprintf(right, sizeof(right), "loaded %lldh ago", (long long)(age / 3600));
	right_width = (int)strlen(right);
	used += draw_text(w, "[", width - used, 0);
	used += draw_text(w, v->ops->name, width - used, 0);
	used += draw_text(w, "] ", width - used, 0);
	used += draw_text(w, position, width - used, 0);
	used += draw_text(w, "  ", width - used, 0);
	if (d->filter_text && v == d->main) {
		used += draw_text(w, "filter: ", width - used, 0);
		used += draw_text(w, d->filter_text, (width - used) / 2, 0);
		used += draw_text(w, "  ", width - used, 0);
	}
	if (d->message[0] || d->warning[0]) {
		if (d->message_is_error || !d->message[0])
			wattrset(w, theme_attr(AREA_STATUS_BAR) | theme_attr(AREA_WARNING));
		draw_text(w, d->message[0] ? d->message : d->warning, width - used, 0);
	} else if (width - used > right_width + 2) {
		draw_text(w, d->app->source_label, width - used - right_width - 2, 0);
		mvwaddstr(w, 0, width - right_width - 1, right);
	}
	wattrset(w, A_NORMAL);
}

static void draw_too_small(void)
{
	static const char msg[] = "terminal too small";
	int len = (int)sizeof(msg) - 1;
	erase();
	if (COLS > 0 && LINES > 0)
		mvaddnstr(LINES / 2, COLS > len ? (COLS - len) / 2 : 0, msg, COLS);
	wnoutrefresh(stdscr);
}

static int64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t app_clock(const struct app *app)
{
	return app->fixed_now != TIME_NONE ? app->fixed_now : timestamp_now();
}

static void apply_filter_text(struct display *d);

/* The line above the status bar while typing a query: the error under
 * its position in the text, or the completion candidates. */
static void draw_prompt_note(struct display *d)
{
	WINDOW *w;
	int col;
	if (d->prompt != PROMPT_FILTER && d->prompt != PROMPT_SEARCH && d->prompt != PROMPT_TRIAGE)
		return;
	if (!d->filter_has_error && !d->completions[0])
		return;
	w = newwin(1, COLS, LINES - 2, 0);
	if (!w)
		return;
	wattrset(w, theme_attr(AREA_WARNING));
	if (d->filter_has_error && !d->completions[0]) {
		/* the caret under the offending byte: "filter: " is 8 columns */
		const char *text = d->prompt_text.data ? d->prompt_text.data : "";
		struct buf upto = {0};
		buf_append(&upto, text, d->filter_error.pos < strlen(text) ? d->filter_error.pos : strlen(text));
		col = 8 + text_display_width(upto.data ? upto.data : "", draw_utf8);
		buf_free(&upto);
		if (col > COLS - 10)
			col = COLS - 10 > 0 ? COLS - 10 : 0;
		wmove(w, 0, col);
		waddch(w, '^');
		waddch(w, ' ');
		draw_text(w, d->filter_error.msg, COLS - col - 2, 0);
	} else {
		draw_text(w, d->completions, COLS, 0);
	}
	wnoutrefresh(w);
	delwin(w);
}

static void draw(struct display *d)
{
	d->app->now = app_clock(d->app);
	if (d->filter_dirty)
		apply_filter_text(d);
	if (d->too_small) {
		draw_too_small();
		return;
	}
	sync_detail(d);
	if (d->overlay) {
		d->overlay->ops->draw(d->overlay, d->help_win);
		wnoutrefresh(d->help_win);
	} else {
		if (d->list_win) {
			d->main->ops->draw(d->main, d->list_win);
			wnoutrefresh(d->list_win);
		}
		if (d->detail_win) {
			d->detail.ops->draw(&d->detail, d->detail_win);
			wnoutrefresh(d->detail_win);
		}
		draw_separator(d);
	}
	if (d->picking && triage_asking(d->triage))
		picker_draw(&d->picker, triage_asking(d->triage), LINES, COLS);
	draw_prompt_note(d);
	draw_status_bar(d);
	curs_set(d->prompt != PROMPT_NONE ? 1 : 0);
	wnoutrefresh(d->status_win);
}

/* ---- the issues jumped from, for `back` */

/* `issue` may be ISSUE_NONE when only the view is to be remembered. */
static void back_push(struct display *d, uint32_t issue)
{
	if (d->back_count == BACK_MAX) {
		free(d->back[0]);
		memmove(d->back, d->back + 1, sizeof(d->back[0]) * (BACK_MAX - 1));
		memmove(d->back_view, d->back_view + 1, sizeof(d->back_view[0]) * (BACK_MAX - 1));
		d->back_count--;
	}
	d->back_view[d->back_count] = (int)(d->main - d->mains);
	d->back[d->back_count++] = issue == ISSUE_NONE ? NULL : xstrdup(d->app->set->issues[issue].id);
}

static void back_clear(struct display *d)
{
	while (d->back_count)
		free(d->back[--d->back_count]);
}

/* Shows an issue: selected in the main view when it is there, in the
 * detail pane in any case. */
static void show_issue(struct display *d, uint32_t issue)
{
	d->detail_pinned = ISSUE_NONE;
	if (d->main->ops->select(d->main, issue) != 0) {
		/* not in the view (a tombstone, or filtered out): the detail
		 * shows it until the view's selection moves */
		d->detail_pinned = issue;
		d->detail_shown = d->detail_explicit = 1;
		d->focus_detail = 1;
		layout(d);
		set_message(d, 0, "%s is not in the %s (%s)", d->app->set->issues[issue].id, d->main->ops->name,
			    d->app->set->issues[issue].status_kind == STATUS_TOMBSTONE ? "deleted" : "hidden");
	}
	sync_detail(d);
}

static void jump_to(struct display *d, uint32_t target)
{
	uint32_t from = d->detail_pinned != ISSUE_NONE ? d->detail_pinned : d->main->ops->selected(d->main);
	if (target == from)
		return;
	if (from != ISSUE_NONE)
		back_push(d, from);
	show_issue(d, target);
}

/* Shows another main view, remembering where we were for `back`; the
 * view starts from the issue selected now. */
static void switch_view(struct display *d, size_t index)
{
	uint32_t current = d->detail_pinned != ISSUE_NONE ? d->detail_pinned : d->main->ops->selected(d->main);
	struct view *next = &d->mains[index];
	if (next != d->main) {
		back_push(d, current);
		d->main = next;
	}
	if (d->overlay) {
		d->overlay = NULL;
	}
	d->focus_detail = 0;
	d->maximized = 0;
	d->detail_pinned = ISSUE_NONE;
	if (next->ops->enter)
		next->ops->enter(next, current);
	layout(d);
	sync_detail(d);
}

static void go_back(struct display *d)
{
	uint32_t issue;
	if (d->back_count == 0) {
		if (d->detail_shown && d->focus_detail) {
			d->focus_detail = 0;
			if (d->maximized) {
				d->maximized = 0;
				layout(d);
			}
			return;
		}
		set_message(d, 0, "nothing to go back to");
		return;
	}
	d->back_count--;
	if (&d->mains[d->back_view[d->back_count]] != d->main) {
		/* back to the view it was in, its own place kept */
		d->main = &d->mains[d->back_view[d->back_count]];
		d->focus_detail = 0;
		d->detail_pinned = ISSUE_NONE;
		layout(d);
	}
	if (d->back[d->back_count]) {
		issue = issue_set_index_of(d->app->set, d->back[d->back_count]);
		if (issue == ISSUE_NONE)
			set_message(d, 1, "%s is gone", d->back[d->back_count]);
		else
			show_issue(d, issue);
	}
	free(d->back[d->back_count]);
}

/* ---- goto by id */

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Exact id, else ids starting with the text, else ids whose hash (after
 * the prefix's '-') starts with it. The first match in list order wins. */
static void goto_id(struct display *d, const char *text)
{
	const struct issue_set *set = d->app->set;
	uint32_t exact = issue_set_index_of(set, text), first = ISSUE_NONE;
	size_t i, matches = 0;
	int pass;
	if (exact != ISSUE_NONE) {
		jump_to(d, exact);
		return;
	}
	for (pass = 0; pass < 2 && !matches; pass++) {
		for (i = 0; i < set->order_count; i++) {
			const struct issue *issue = &set->issues[set->order[i]];
			const char *dash = strrchr(issue->id, '-');
			int hit = pass == 0 ? starts_with(issue->id, text) : dash && starts_with(dash + 1, text);
			if (!hit)
				continue;
			if (!matches++)
				first = set->order[i];
		}
	}
	if (!matches) {
		set_message(d, 1, "no issue id matches '%s'", text);
		return;
	}
	jump_to(d, first);
	if (matches > 1)
		set_message(d, 0, "%zu ids match '%s'; showing the first", matches, text);
}

/* ---- the screen as text, for tests */

/* One letter per cell for `:dump-attrs`: R reverse (the selection),
 * a-z a colour pair (upper case when bold), B bold, D dim, U underline,
 * . plain. Enough to test highlighting, dimming and NO_COLOR. */
static char attr_letter(attr_t attrs, short pair)
{
	if (attrs & A_REVERSE)
		return 'R';
	if (pair > 0 && pair <= 26)
		return (char)((attrs & A_BOLD ? 'A' : 'a') + pair - 1);
	if (attrs & A_BOLD)
		return 'B';
	if (attrs & A_DIM)
		return 'D';
	if (attrs & A_UNDERLINE)
		return 'U';
	return '.';
}

static void trim_right(struct buf *line, char pad)
{
	while (line->len && line->data[line->len - 1] == pad)
		line->data[--line->len] = '\0';
}

/* Writes the screen as text, each row followed by its attribute row
 * when `with_attrs` is set. */
static int dump_screen(const char *path, int with_attrs)
{
	FILE *f = fopen(path, "w");
	int y, x;
	struct buf line = {0}, attr_line = {0};
	if (!f)
		return -1;
	for (y = 0; y < LINES; y++) {
		buf_reset(&line);
		buf_reset(&attr_line);
		for (x = 0; x < COLS; x++) {
			cchar_t cell;
			wchar_t wch[CCHARW_MAX + 1];
			attr_t attrs = 0;
			short pair = 0;
			int i, w;
			if (mvwin_wch(curscr, y, x, &cell) == ERR)
				break;
			if (getcchar(&cell, wch, &attrs, &pair, NULL) == ERR || !wch[0])
				wch[0] = L' ', wch[1] = 0;
			for (i = 0; wch[i]; i++)
				utf8_encode(&line, (uint32_t)wch[i]);
			w = wcwidth(wch[0]);
			buf_putc(&attr_line, attr_letter(attrs, pair));
			if (w > 1) {
				x += w - 1; /* the next cell continues this character */
				buf_putc(&attr_line, attr_letter(attrs, pair));
			}
		}
		trim_right(&line, ' ');
		trim_right(&attr_line, '.');
		fprintf(f, "%s\n", line.data ? line.data : "");
		if (with_attrs)
			fprintf(f, "%s\n", attr_line.data ? attr_line.data : "");
	}
	buf_free(&line);
	buf_free(&attr_line);
	return fclose(f) == 0 ? 0 : -1;
}

/* ---- the screen as an image, for the README's screenshots */

/* xterm's palette: the 16 basic colours, the 6x6x6 cube, the greys */
static void palette_rgb(int color, int *r, int *g, int *b)
{
	static const int basic[16][3] = {
		{0x1c, 0x1c, 0x1c}, {0xcd, 0x31, 0x31}, {0x0d, 0xbc, 0x79}, {0xe5, 0xe5, 0x10},
		{0x24, 0x72, 0xc8}, {0xbc, 0x3f, 0xbc}, {0x11, 0xa8, 0xcd}, {0xd0, 0xd0, 0xd0},
		{0x66, 0x66, 0x66}, {0xf1, 0x4c, 0x4c}, {0x23, 0xd1, 0x8b}, {0xf5, 0xf5, 0x43},
		{0x3b, 0x8e, 0xea}, {0xd6, 0x70, 0xd6}, {0x29, 0xb8, 0xdb}, {0xf5, 0xf5, 0xf5},
	};
	if (color < 0)
		color = 7;
	if (color < 16) {
		*r = basic[color][0], *g = basic[color][1], *b = basic[color][2];
	} else if (color < 232) {
		static const int level[6] = {0, 95, 135, 175, 215, 255};
		color -= 16;
		*r = level[color / 36], *g = level[(color / 6) % 6], *b = level[color % 6];
	} else {
		*r = *g = *b = 8 + (color - 232) * 10;
	}
}

static void svg_escape(struct buf *out, uint32_t c)
{
	if (c == '<')
		buf_puts(out, "&lt;");
	else if (c == '>')
		buf_puts(out, "&gt;");
	else if (c == '&')
		buf_puts(out, "&amp;");
	else
		utf8_encode(out, c);
}

/* `:dump-svg FILE`: the screen as an SVG picture (cell by cell, the
 * curses colours of each), which rsvg-convert turns into a PNG. */
static int dump_svg(const char *path)
{
	const int cw = 9, ch = 18; /* pixels per cell, for a 15px monospace font */
	FILE *f = fopen(path, "w");
	int y, x;
	if (!f)
		return -1;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		   "font-family=\"DejaVu Sans Mono, monospace\" font-size=\"15\">\n",
		COLS * cw, LINES * ch);
	fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"#1c1c1c\"/>\n");
	for (y = 0; y < LINES; y++) {
		for (x = 0; x < COLS; x++) {
			cchar_t cell;
			wchar_t wch[CCHARW_MAX + 1];
			attr_t attrs = 0;
			short pair = 0, fg = -1, bg = -1;
			int w, fr, fgc, fb, br, bgc, bb;
			struct buf text = {0};
			if (mvwin_wch(curscr, y, x, &cell) == ERR)
				break;
			if (getcchar(&cell, wch, &attrs, &pair, NULL) == ERR || !wch[0])
				wch[0] = L' ', wch[1] = 0;
			w = wcwidth(wch[0]);
			if (w < 1)
				w = 1;
			if (pair > 0)
				pair_content(pair, &fg, &bg);
			if (attrs & A_REVERSE) {
				short t = fg;
				fg = bg < 0 ? 0 : bg;
				bg = t < 0 ? 7 : t;
			}
			palette_rgb(fg < 0 ? 7 : fg, &fr, &fgc, &fb);
			/* bold brightens a colour of its own, not the background
			 * that reverse video made the text colour */
			if ((attrs & A_BOLD) && !(attrs & A_REVERSE) && fg >= 0 && fg < 8)
				palette_rgb(fg + 8, &fr, &fgc, &fb);
			if (bg >= 0) {
				palette_rgb(bg, &br, &bgc, &bb);
				fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#%02x%02x%02x\"/>\n",
					x * cw, y * ch, w * cw, ch, br, bgc, bb);
			}
			if (wch[0] != L' ') {
				int i;
				for (i = 0; wch[i]; i++)
					svg_escape(&text, (uint32_t)wch[i]);
				fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"#%02x%02x%02x\"%s%s%s>%s</text>\n", x * cw,
					y * ch + 14, fr, fgc, fb, attrs & A_BOLD ? " font-weight=\"bold\"" : "",
					attrs & A_DIM ? " opacity=\"0.6\"" : "",
					attrs & A_UNDERLINE ? " text-decoration=\"underline\"" : "", text.data);
			}
			buf_free(&text);
			x += w - 1;
		}
	}
	fprintf(f, "</svg>\n");
	return fclose(f) == 0 ? 0 : -1;
}

/* ---- live refresh */

/* Lines of the source that were skipped or repaired stay announced in the
 * status bar until a load without them. */
static void note_problems(struct display *d)
{
	size_t total = store_problems_total(d->app->store);
	if (total)
		snprintf(d->warning, sizeof(d->warning), "%zu line%s of the source skipped or repaired (! lists them)",
			 total, total == 1 ? "" : "s");
	else if (strstr(d->warning, "(! lists them)"))
		d->warning[0] = '\0';
}

/* Swaps in a freshly loaded set; every view keeps its place by id. */
static void adopt_set(struct display *d, struct issue_set *fresh)
{
	struct issue_set *old = d->app->set;
	uint32_t pinned = d->detail_pinned;
	d->app->set = fresh;
	d->app->set_generation++;
	d->app->loaded_at = app_clock(d->app);
	{
		size_t i;
		for (i = 0; i < MAIN_VIEWS; i++)
			d->mains[i].ops->data_changed(&d->mains[i], old);
	}
	d->detail.ops->data_changed(&d->detail, old);
	d->help.ops->data_changed(&d->help, old);
	d->problems.ops->data_changed(&d->problems, old);
	triage_data_changed(d->triage, old);
	note_problems(d);
	if (pinned != ISSUE_NONE)
		d->detail_pinned = pinned < old->count ? issue_set_index_of(fresh, old->issues[pinned].id)
						       : ISSUE_NONE;
	issue_set_free(old);
	d->refreshes++;
	sync_detail(d);
}

/* Work that may wait until the screen shows the new data. */
static void after_update(struct display *d)
{
	if (d->fold_pending) {
		d->fold_pending = 0;
		store_fold_wal(d->app->store);
	}
}

/* force: 0 when a change was noticed, 1 when asked for (R), 2 after a
 * triage write of ours */
static void refresh_data(struct display *d, int force)
{
	struct issue_set *fresh = NULL;
	struct tib_error err = {0};
	enum refresh_outcome outcome =
		force == 2 ? refresher_after_write(&d->refresher, d->app->set, app_clock(d->app), &fresh, &err)
			   : refresher_run(&d->refresher, d->app->set, app_clock(d->app), force, &fresh, &err);
	switch (outcome) {
	case REFRESH_NONE:
		d->busy_since = 0;
		if (force)
			set_message(d, 0, "no change");
		break;
	case REFRESH_RELOADED:
	case REFRESH_REOPENED:
		/* only a real re-read starts a debounce window: a check that
		 * found the commit not done yet leaves the next event quick */
		d->last_refresh_at = mono_us();
		d->fold_pending = 1;
		d->warning[0] = '\0';
		adopt_set(d, fresh);
		d->busy_since = 0;
		if (force)
			set_message(d, 0, "reloaded");
		break;
	case REFRESH_BUSY:
		/* a writer holds the lock: try again soon, say so only if it lasts */
		if (!d->busy_since)
			d->busy_since = mono_us();
		else if (mono_us() - d->busy_since >= BUSY_WARN_US)
			STR_COPY(d->warning, "database locked by another process; retrying");
		d->refresh_due = mono_us() + BUSY_RETRY_US;
		d->refresh_first = d->refresh_due;
		break;
	case REFRESH_GONE:
	case REFRESH_INVALID:
	case REFRESH_FAILED:
		snprintf(d->warning, sizeof(d->warning), "%s%s", outcome == REFRESH_GONE ? "" : "showing the last data: ",
			 err.msg);
		break;
	}
}

/* Notes a change of the source. The first change after a quiet spell is
 * read almost at once (a few ms, so that the writer's commit and its WAL
 * write come as one); changes in a burst after it are read together, once
 * the burst pauses, and at least every DEBOUNCE_CAP_US. */
static void schedule_refresh(struct display *d)
{
	int64_t now = mono_us();
	if (!d->refresh_due && now - d->last_refresh_at > DEBOUNCE_US) {
		d->refresh_first = now;
		d->refresh_due = now + LEADING_DELAY_US;
		d->refresh_leading = 1;
	} else if (d->refresh_leading) {
		/* a quick check is coming anyway; it sees these changes too */
	} else if (!d->refresh_due) {
		d->refresh_first = now;
		d->refresh_due = now + DEBOUNCE_US;
	} else if (now + DEBOUNCE_US <= d->refresh_first + DEBOUNCE_CAP_US) {
		d->refresh_due = now + DEBOUNCE_US;
	} else {
		d->refresh_due = d->refresh_first + DEBOUNCE_CAP_US;
	}
}

/* Sleeps in one poll() on the keyboard (if `keys`) and the watcher, up to
 * timeout_ms (-1: no limit), runs a due refresh, and returns 1 when a key
 * is waiting. Idle, with nothing pending, it sleeps without a timeout:
 * no periodic wake-ups. */
static void triage_outcome(struct display *d, const struct triage_outcome *out);

/* poll() for the event loop. The stop signals (SIGINT, SIGTERM, SIGHUP)
 * are blocked everywhere but here, and let in by pselect's atomic swap of
 * the mask: one that arrives while tib draws is pending, ends this wait at
 * once, and the loop sees the stop flag; with a plain poll() it would
 * wait for the next key. */
/* Blocked outside the wait and let in only inside it: the stop signals
 * end tib between two steps, never inside a write or a draw; SIGWINCH,
 * let in at any moment, set curses' flag unseen between the last key
 * read and the wait, and the new size waited for the next key. */
static const int waited_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGWINCH};

static int wait_fds(struct display *d, struct pollfd *fds, nfds_t n, int timeout_ms)
{
	fd_set in;
	int maxfd = -1, rc;
	nfds_t i;
	struct timespec ts, *tsp = NULL;
	if (!d->signals_blocked)
		return poll(fds, n, timeout_ms);
	if (*d->app->stop)
		return -1;
	FD_ZERO(&in);
	for (i = 0; i < n; i++) {
		fds[i].revents = 0;
		if (fds[i].fd >= 0 && fds[i].fd < FD_SETSIZE) {
			FD_SET(fds[i].fd, &in);
			if (fds[i].fd > maxfd)
				maxfd = fds[i].fd;
		}
	}
	if (timeout_ms >= 0) {
		ts.tv_sec = timeout_ms / 1000;
		ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
		tsp = &ts;
	}
	rc = pselect(maxfd + 1, &in, NULL, NULL, tsp, &d->wait_mask);
	if (rc > 0) {
		/* Linux delivers a stop signal inside pselect only when it
		 * interrupts the wait: one that came while an fd was already
		 * ready (keys streaming in, a terminal hung up) stays pending
		 * and blocked, so it is let in here */
		sigset_t pending;
		size_t k;
		int any = 0;
		if (sigpending(&pending) == 0)
			for (k = 0; k < ARRAY_SIZE(waited_signals); k++)
				any |= sigismember(&pending, waited_signals[k]) == 1;
		if (any) {
			sigset_t blocked;
			sigprocmask(SIG_SETMASK, &d->wait_mask, &blocked);
			sigprocmask(SIG_SETMASK, &blocked, NULL);
		}
	}
	if (rc > 0)
		for (i = 0; i < n; i++)
			if (fds[i].fd >= 0 && fds[i].fd < FD_SETSIZE && FD_ISSET(fds[i].fd, &in))
				fds[i].revents = POLLIN;
	return rc;
}

/* Waits for a key (with KEYS), a change to the data, a due refresh or
 * retry, or a signal, up to TIMEOUT_MS (-1: no limit), and does what is
 * due; the caller reads keys after it, whatever woke it. */
static void wait_for_event(struct display *d, int timeout_ms, int keys)
{
	struct pollfd fds[2];
	nfds_t n = 0;
	int watch_slot = -1, rc, timeout = timeout_ms;
	int64_t now = mono_us();
	int interval = watcher_poll_interval_ms(d->watcher);

	if (keys) {
		fds[n].fd = STDIN_FILENO;
		fds[n].events = POLLIN;
		n++;
	}
	if (watcher_fd(d->watcher) >= 0) {
		fds[n].fd = watcher_fd(d->watcher);
		fds[n].events = POLLIN;
		watch_slot = (int)n++;
	}
	if (d->triage_retry_at) {
		int64_t left = (d->triage_retry_at - now + 999) / 1000;
		if (left < 0)
			left = 0;
		if (timeout < 0 || left < timeout)
			timeout = (int)left;
	}
	if (d->refresh_due) {
		int64_t left = (d->refresh_due - now + 999) / 1000;
		if (left < 0)
			left = 0;
		if (timeout < 0 || left < timeout)
			timeout = (int)left;
	}
	if (interval >= 0) {
		int64_t left;
		if (!d->next_stat_poll)
			d->next_stat_poll = now + (int64_t)interval * 1000;
		left = (d->next_stat_poll - now + 999) / 1000;
		if (left < 0)
			left = 0;
		if (timeout < 0 || left < timeout)
			timeout = (int)left;
	}
	rc = wait_fds(d, fds, n, timeout);
	d->wakeups++;
	now = mono_us();
	if (rc > 0 && watch_slot >= 0 && (fds[watch_slot].revents & POLLIN) && watcher_drain(d->watcher))
		schedule_refresh(d);
	if (interval >= 0 && now >= d->next_stat_poll) {
		d->next_stat_poll = now + (int64_t)interval * 1000;
		refresh_data(d, 0);
	}
	if (d->refresh_due && now >= d->refresh_due) {
		d->refresh_due = d->refresh_first = 0;
		d->refresh_leading = 0;
		refresh_data(d, 0);
	}
	if (d->triage_retry_at && now >= d->triage_retry_at) {
		struct triage_outcome out;
		d->triage_retry_at = 0;
		triage_retry(d->triage, &out);
		triage_outcome(d, &out);
	}
}

/* The screen as one string, to wait for text to appear in script mode. */
static int screen_contains(const char *text)
{
	struct buf all = {0};
	int y, x, found;
	for (y = 0; y < LINES; y++) {
		for (x = 0; x < COLS; x++) {
			cchar_t cell;
			wchar_t wch[CCHARW_MAX + 1];
			attr_t attrs;
			short pair;
			int i;
			if (mvwin_wch(curscr, y, x, &cell) == ERR || getcchar(&cell, wch, &attrs, &pair, NULL) == ERR)
				continue;
			for (i = 0; wch[i]; i++)
				utf8_encode(&all, (uint32_t)wch[i]);
		}
		buf_putc(&all, '\n');
	}
	found = strstr(all.data, text) != NULL;
	buf_free(&all);
	return found;
}

static long count_open_fds(void)
{
	long count = 0;
	int fd;
	for (fd = 0; fd < 1024; fd++)
		if (fcntl(fd, F_GETFD) != -1)
			count++;
	return count;
}

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* Counters for tests and benchmarks: `:stats FILE`. */
static int write_stats(struct display *d, const char *path)
{
	struct rusage ru;
	FILE *f = fopen(path, "w");
	long cpu_us;
	if (!f)
		return -1;
	getrusage(RUSAGE_SELF, &ru);
	cpu_us = (long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000L + ru.ru_utime.tv_usec +
		 ru.ru_stime.tv_usec;
	fprintf(f, "opens=%lu\nreopens=%lu\nloads=%lu\nrefreshes=%lu\nwakeups=%lu\ncpu_us=%ld\nrss_kb=%ld\nfds=%ld\nissues=%zu\n"
		   "now_us=%lld\nderived=%u\n",
		1 + d->refresher.reopens, d->refresher.reopens, 1 + d->refresher.loads, d->refreshes, d->wakeups,
		cpu_us, rss_kb(), count_open_fds(), d->app->set->order_count, (long long)timestamp_now(), d->app->set->derived);
	return fclose(f) == 0 ? 0 : -1;
}

/* ---- filter and search */

static struct query_context query_ctx(const struct display *d)
{
	struct query_context ctx;
	ctx.me = triage_actor(d->app);
	ctx.now = app_clock(d->app);
	return ctx;
}

/* Full-text terms need every issue's long text; read once per set. */
static int ensure_texts(struct display *d, const struct query *q)
{
	struct tib_error err = {0};
	if (!query_needs_text(q) || d->app->set->texts)
		return 0;
	if (store_load_texts(d->app->store, d->app->set, &err) != TIB_OK) {
		set_message(d, 1, "%s", err.msg);
		return -1;
	}
	return 0;
}

/* Every main view shows what the filter matches. */
static void publish_filter(struct display *d, const struct query *q)
{
	size_t i;
	d->app->filter = q;
	for (i = 0; i < MAIN_VIEWS; i++)
		if (d->mains[i].ops->filter_changed)
			d->mains[i].ops->filter_changed(&d->mains[i]);
}

/* Makes `text` the active filter (NULL or blank: none). On a bad query
 * the last good filter stays and the error is kept for display. */
static int set_filter(struct display *d, const char *text)
{
	struct query_context ctx = query_ctx(d);
	struct query *q;
	const char *p = text;
	while (p && (*p == ' ' || *p == '\t'))
		p++;
	d->filter_has_error = 0;
	if (!p || !*p) {
		publish_filter(d, NULL);
		query_free(d->filter);
		free(d->filter_text);
		d->filter = NULL;
		d->filter_text = NULL;
		return 0;
	}
	q = query_compile(text, &ctx, &d->filter_error);
	if (!q) {
		d->filter_has_error = 1;
		return -1;
	}
	if (ensure_texts(d, q) != 0) {
		query_free(q);
		return -1;
	}
	publish_filter(d, q);
	query_free(d->filter);
	free(d->filter_text);
	d->filter = q;
	d->filter_text = xstrdup(text);
	return 0;
}

/* The search prompt moves to the first match from where it opened. */
static void apply_search_text(struct display *d, const char *text)
{
	struct query_context ctx = query_ctx(d);
	struct query *q;
	d->filter_has_error = 0;
	if (!text || !*text)
		return;
	q = query_compile(text, &ctx, &d->filter_error);
	if (!q) {
		d->filter_has_error = 1;
		return;
	}
	if (ensure_texts(d, q) != 0) {
		query_free(q);
		return;
	}
	query_free(d->search);
	d->search = q;
	if (d->search_origin != ISSUE_NONE)
		LIST(d)->ops->select(LIST(d), d->search_origin);
	if (LIST(d)->ops->selected(LIST(d)) == ISSUE_NONE ||
	    (!query_match(q, d->app->set, &d->app->set->issues[LIST(d)->ops->selected(LIST(d))]) &&
	     list_view_search(LIST(d), q, 0) < 0))
		set_message(d, 1, "no match for '%s'", text);
}

static void apply_filter_text(struct display *d)
{
	const char *text = d->prompt_text.data ? d->prompt_text.data : "";
	d->filter_dirty = 0;
	if (d->prompt == PROMPT_FILTER)
		set_filter(d, text);
	else if (d->prompt == PROMPT_SEARCH)
		apply_search_text(d, text);
	d->detail_pinned = ISSUE_NONE;
}

static void search_step(struct display *d, int backward)
{
	int rc;
	if (!d->search) {
		set_message(d, 0, "no search yet (s to search)");
		return;
	}
	if (d->main != LIST(d)) {
		set_message(d, 0, "search works in the list (L)");
		return;
	}
	rc = list_view_search(LIST(d), d->search, backward);
	if (rc < 0)
		set_message(d, 1, "no match");
	else if (rc > 0)
		set_message(d, 0, "search wrapped around");
	d->detail_pinned = ISSUE_NONE;
}

struct completion {
	const char *word;     /* what is typed */
	char common[128];     /* longest common prefix of the candidates */
	size_t count;
	struct buf shown;
};

static void collect_completion(void *ctx, const char *candidate)
{
	struct completion *c = ctx;
	size_t i;
	if (c->count++ == 0) {
		STR_COPY(c->common, candidate);
	} else {
		for (i = 0; c->common[i] && c->common[i] == candidate[i]; i++)
			;
		c->common[i] = '\0';
	}
	if (c->shown.len < 200) {
		if (c->shown.len)
			buf_puts(&c->shown, "  ");
		buf_puts(&c->shown, candidate);
	}
}

/* Tab: completes the word being typed to the longest common prefix of
 * the field names or values that fit, and lists them. */
static void complete_prompt(struct display *d)
{
	struct buf *t = &d->prompt_text;
	const char *text = t->data ? t->data : "", *word = strrchr(text, ' ');
	struct completion c;
	size_t start;
	word = word ? word + 1 : text;
	start = (size_t)(word - text);
	memset(&c, 0, sizeof(c));
	c.word = word;
	{
		int negated = *word == '-';
		query_complete(d->app->set, word, collect_completion, &c);
		d->completions[0] = '\0';
		if (c.count == 0) {
			set_message(d, 0, "no completion");
		} else if (strlen(c.common) > strlen(word + negated)) {
			struct buf next = {0};
			buf_append(&next, text, start + (size_t)negated);
			buf_puts(&next, c.common);
			if (c.count == 1 && c.common[strlen(c.common) - 1] != ':' && c.common[strlen(c.common) - 1] != '/')
				buf_putc(&next, ' ');
			buf_reset(t);
			buf_append(t, next.data, next.len);
			buf_free(&next);
			d->filter_dirty = 1;
		}
		if (c.count > 1)
			STR_COPY(d->completions, c.shown.data);
	}
	buf_free(&c.shown);
}

/* Tab in a triage prompt: the whole text is the word (an assignee, a
 * label, an issue id). */
static void complete_triage(struct display *d)
{
	struct buf *t = &d->prompt_text;
	struct completion c;
	memset(&c, 0, sizeof(c));
	c.word = t->data ? t->data : "";
	triage_complete(d->triage, c.word, collect_completion, &c);
	if (c.count == 0) {
		set_message(d, 0, "no completion");
	} else if (strlen(c.common) > strlen(c.word)) {
		char common[sizeof(c.common)];
		STR_COPY(common, c.common);
		buf_reset(t);
		buf_puts(t, common);
	}
	if (c.count > 1)
		STR_COPY(d->completions, c.shown.data);
	buf_free(&c.shown);
}

/* A saved view: its query becomes the filter. */
static void apply_view(struct display *d, int slot)
{
	const struct saved_view *v = &d->app->config->views[slot];
	if (!v->name) {
		set_message(d, 0, "no saved view on %d (config: view NAME = QUERY)", slot);
		return;
	}
	if (set_filter(d, v->query) != 0) {
		set_message(d, 1, "view %s: %s", v->name, d->filter_error.msg);
		d->filter_has_error = 0;
		return;
	}
	history_add(&d->history, v->query);
	set_message(d, 0, "view %s", v->name);
}

/* ---- prompt commands: `:ID`, `:dump FILE`, `:resize WxH`, `:q` */

static void mouse_event(struct display *d, int y, int x, enum mouse_kind kind);

static void run_command(struct display *d, const char *cmd)
{
	while (*cmd == ' ')
		cmd++;
	/* a dump shows the screen as it is, message included */
	if (strncmp(cmd, "dump", 4) != 0)
		d->message[0] = '\0';
	if (!*cmd)
		return;
	if (strcmp(cmd, "q") == 0 || strcmp(cmd, "quit") == 0) {
		d->quit = 1;
	} else if (strcmp(cmd, "help") == 0) {
		help_view_configure(&d->help, focused_view(d)->ops->keymap, "");
		d->overlay = &d->help;
		layout(d);
	} else if (strncmp(cmd, "dump-svg ", 9) == 0) {
		draw(d);
		doupdate();
		if (dump_svg(cmd + 9) != 0)
			set_message(d, 1, "cannot write %s: %s", cmd + 9, strerror(errno));
	} else if (strncmp(cmd, "dump ", 5) == 0 || strncmp(cmd, "dump-attrs ", 11) == 0) {
		int with_attrs = cmd[4] == '-';
		const char *path = cmd + (with_attrs ? 11 : 5);
		draw(d);
		doupdate();
		if (dump_screen(path, with_attrs) != 0)
			set_message(d, 1, "cannot write %s: %s", path, strerror(errno));
	} else if (strncmp(cmd, "resize ", 7) == 0) {
		int w, h;
		if (sscanf(cmd + 7, "%dx%d", &w, &h) == 2 && w > 0 && h > 0 && w < 1000 && h < 1000) {
			resizeterm(h, w);
			layout(d);
		} else {
			set_message(d, 1, "resize: want WIDTHxHEIGHT");
		}
	} else if (strcmp(cmd, "refresh") == 0) {
		refresh_data(d, 1);
	} else if (strncmp(cmd, "wait-text ", 10) == 0) {
		/* `:wait-text MS TEXT`: follow the source until TEXT is on the
		 * screen, or fail the script after MS milliseconds */
		int ms = 0, pos = 0;
		if (sscanf(cmd + 10, "%d %n", &ms, &pos) < 1 || !pos || !cmd[10 + pos]) {
			set_message(d, 1, "wait-text: want MILLISECONDS TEXT");
			d->script_failed = 1;
		} else {
			const char *text = cmd + 10 + pos;
			int64_t deadline = mono_us() + (int64_t)ms * 1000;
			for (;;) {
				int64_t left;
				draw(d);
				doupdate();
				after_update(d);
				if (screen_contains(text))
					break;
				left = (deadline - mono_us()) / 1000;
				if (left <= 0 || *d->app->stop) {
					fprintf(stderr, "tib: timed out after %d ms waiting for '%s'\n", ms, text);
					d->script_failed = 1;
					break;
				}
				wait_for_event(d, (int)left, 0);
			}
		}
	} else if (strncmp(cmd, "idle ", 5) == 0) {
		/* `:idle MS`: run the event loop for MS milliseconds */
		int64_t deadline = mono_us() + (int64_t)atoi(cmd + 5) * 1000;
		int64_t left;
		while ((left = (deadline - mono_us()) / 1000) > 0 && !*d->app->stop) {
			wait_for_event(d, (int)left, 0);
			draw(d);
			doupdate();
			after_update(d);
		}
	} else if (strncmp(cmd, "stats ", 6) == 0) {
		if (write_stats(d, cmd + 6) != 0)
			set_message(d, 1, "cannot write %s: %s", cmd + 6, strerror(errno));
	} else if (strncmp(cmd, "view ", 5) == 0) {
		int slot = config_find_view(d->app->config, cmd + 5);
		if (slot < 0)
			set_message(d, 1, "no saved view '%s'", cmd + 5);
		else
			apply_view(d, slot);
	} else if (strncmp(cmd, "click ", 6) == 0 || strncmp(cmd, "double-click ", 13) == 0 ||
		   strncmp(cmd, "wheel-up ", 9) == 0 || strncmp(cmd, "wheel-down ", 11) == 0) {
		/* `:click Y X` and the others: the mouse, for tests */
		const char *args = strchr(cmd, ' ') + 1;
		int y, x;
		enum mouse_kind kind = cmd[0] == 'c' ? MOUSE_CLICK : cmd[0] == 'd' ? MOUSE_DOUBLE
					: cmd[6] == 'u'	  ? MOUSE_WHEEL_UP
								  : MOUSE_WHEEL_DOWN;
		if (!d->app->config->mouse)
			set_message(d, 1, "the mouse is off (set mouse = yes)");
		else if (sscanf(args, "%d %d", &y, &x) != 2)
			set_message(d, 1, "%.*s: want ROW COLUMN", (int)(args - cmd - 1), cmd);
		else
			mouse_event(d, y, x, kind);
	} else if (strncmp(cmd, "goto ", 5) == 0) {
		goto_id(d, cmd + 5);
	} else {
		goto_id(d, cmd);
	}
}

/* ---- triage: the display side of triage.c's questions */

static void show_issue(struct display *d, uint32_t issue);
static void complete_triage(struct display *d);

/* The issue a triage key acts on: the one the detail shows when it has
 * the focus (it may be one jumped to), else the list's selection. */
static uint32_t triage_current(struct display *d)
{
	if (d->detail_pinned != ISSUE_NONE && focused_view(d) == &d->detail)
		return d->detail_pinned;
	return d->main->ops->selected(d->main);
}

static void triage_ask_user(struct display *d);

static void triage_outcome(struct display *d, const struct triage_outcome *out)
{
	if (out->message[0])
		set_message(d, out->is_error, "%s", out->message);
	d->triage_retry_at = out->waiting ? mono_us() + TRIAGE_RETRY_US : 0;
	if (out->reload) {
		char message[sizeof(d->message)];
		int is_error = d->message_is_error;
		size_t row, top;
		if (d->main == LIST(d))
			list_view_get_place(LIST(d), &row, &top);
		STR_COPY(message, d->message);
		refresh_data(d, 2);
		set_message(d, is_error, "%s", message);
		/* triage goes down the list: the selection stays on its row,
		 * now the next issue if the changed one sorted elsewhere */
		if (d->detail_pinned == ISSUE_NONE && d->main == LIST(d))
			list_view_set_place(LIST(d), row, top);
		if (out->select_id[0]) {
			uint32_t idx = issue_set_index_of(d->app->set, out->select_id);
			if (idx != ISSUE_NONE)
				show_issue(d, idx);
		}
	}
	if (out->asking)
		triage_ask_user(d);
}

static void triage_run_editor(struct display *d)
{
	const struct triage_ask *ask = triage_asking(d->triage);
	struct triage_outcome out;
	struct buf text = {0};
	char err[300];
	int rc;
	if (!ask)
		return;
	if (!d->scripted) {
		def_prog_mode();
		endwin();
	}
	rc = editor_edit(ask->text.data ? ask->text.data : "", ".md", &text, err, sizeof(err));
	if (!d->scripted) {
		reset_prog_mode();
		clearok(curscr, TRUE);
	}
	if (rc != 0) {
		triage_cancel(d->triage, &out);
		set_message(d, 1, "%s", err);
	} else {
		triage_answer_text(d->triage, text.data, &out);
		triage_outcome(d, &out);
	}
	buf_free(&text);
}

static void triage_ask_user(struct display *d)
{
	const struct triage_ask *ask = triage_asking(d->triage);
	if (!ask)
		return;
	switch (ask->kind) {
	case ASK_TEXT:
	case ASK_CONFIRM:
		d->prompt = ask->kind == ASK_TEXT ? PROMPT_TRIAGE : PROMPT_CONFIRM;
		buf_reset(&d->prompt_text);
		buf_puts(&d->prompt_text, ask->kind == ASK_TEXT && ask->text.data ? ask->text.data : "");
		d->completions[0] = '\0';
		break;
	case ASK_PICK:
		d->picking = 1;
		picker_reset(&d->picker, ask);
		break;
	case ASK_EDITOR:
		triage_run_editor(d);
		break;
	case ASK_NONE:
		break;
	}
}

static void triage_action(struct display *d, enum action action)
{
	struct triage_outcome out;
	triage_start(d->triage, action, triage_current(d), &out);
	triage_outcome(d, &out);
}

/* Keys while the triage prompt or the y/n question is up; 1 if used. */
static int triage_prompt_key(struct display *d, struct key key)
{
	struct triage_outcome out;
	const struct triage_ask *ask = triage_asking(d->triage);
	int is_esc = !key.is_function && key.code == 27;
	int is_enter = !key.is_function && (key.code == '\n' || key.code == '\r');
	if (d->prompt == PROMPT_CONFIRM) {
		d->prompt = PROMPT_NONE;
		triage_answer_confirm(d->triage, !key.is_function && (key.code == 'y' || key.code == 'Y'), &out);
		triage_outcome(d, &out);
		return 1;
	}
	if (is_esc) {
		d->prompt = PROMPT_NONE;
		triage_cancel(d->triage, &out);
		triage_outcome(d, &out);
		return 1;
	}
	if (is_enter) {
		char *text = xstrdup(d->prompt_text.data ? d->prompt_text.data : "");
		d->prompt = PROMPT_NONE;
		triage_answer_text(d->triage, text, &out);
		free(text);
		triage_outcome(d, &out);
		return 1;
	}
	if (!key.is_function && key.code == '\t') {
		complete_triage(d);
		return 1;
	}
	if (!key.is_function && key.code == 5 && ask && ask->editor_allowed) { /* Ctrl-E */
		d->prompt = PROMPT_NONE;
		triage_to_editor(d->triage, d->prompt_text.data);
		triage_run_editor(d);
		return 1;
	}
	return 0;
}

static void picker_key_pressed(struct display *d, struct key key)
{
	const struct triage_ask *ask = triage_asking(d->triage);
	struct triage_outcome out;
	size_t chosen = 0;
	int r = ask ? picker_key(&d->picker, ask, key, &chosen) : -1;
	if (r == 0)
		return;
	d->picking = 0;
	if (r > 0)
		triage_answer_pick(d->triage, chosen, &out);
	else
		triage_cancel(d->triage, &out);
	triage_outcome(d, &out);
}

static void mark_action(struct display *d, enum action action)
{
	size_t count = 0, selected = 0, i;
	const uint32_t *rows = d->main->ops->rows ? d->main->ops->rows(d->main, &count, &selected) : NULL;
	if (action == ACT_MARK) {
		uint32_t issue = d->main->ops->selected(d->main);
		if (issue == ISSUE_NONE)
			return;
		triage_toggle_mark(d->triage, issue);
		d->main->ops->request(d->main, ACT_MOVE_DOWN);
		d->detail_pinned = ISSUE_NONE;
		return;
	}
	if (!rows) {
		set_message(d, 0, "the %s has no order to mark a range in (Space marks one)", d->main->ops->name);
		return;
	}
	if (!count)
		return;
	if (action == ACT_MARK_ALL) {
		triage_toggle_all(d->triage, rows, count); /* the status bar counts them */
	} else {
		uint32_t last = triage_last_marked(d->triage);
		for (i = 0; i < count && rows[i] != last; i++)
			;
		if (last == ISSUE_NONE || i == count) {
			set_message(d, 0, "mark a first issue with Space, then mark-range marks up to here");
			return;
		}
		triage_mark_rows(d->triage, rows, i, selected);
	}
}

static void prompt_start(struct display *d, enum prompt_kind kind)
{
	d->prompt = kind;
	buf_reset(&d->prompt_text);
	buf_puts(&d->prompt_text, "");
	d->filter_has_error = 0;
	d->completions[0] = '\0';
	history_reset_cursor(&d->history);
	if (kind == PROMPT_FILTER && d->filter_text)
		buf_puts(&d->prompt_text, d->filter_text); /* edit the active filter */
	if (kind == PROMPT_SEARCH)
		d->search_origin = LIST(d)->ops->selected(LIST(d));
}

static void prompt_key(struct display *d, struct key key)
{
	struct buf *t = &d->prompt_text;
	enum prompt_kind kind = d->prompt;
	int is_query = kind == PROMPT_FILTER || kind == PROMPT_SEARCH;
	d->completions[0] = '\0';
	if ((kind == PROMPT_TRIAGE || kind == PROMPT_CONFIRM) && triage_prompt_key(d, key))
		return;
	if (!key.is_function && key.code == 27) {
		d->prompt = PROMPT_NONE;
		d->filter_has_error = 0;
		if (kind == PROMPT_HELP_FILTER)
			help_view_configure(&d->help, NULL, "");
		else if (kind == PROMPT_FILTER)
			set_filter(d, NULL); /* the unfiltered list, same issue selected */
		else if (kind == PROMPT_SEARCH && d->search_origin != ISSUE_NONE)
			LIST(d)->ops->select(LIST(d), d->search_origin);
		return;
	}
	if (!key.is_function && (key.code == '\n' || key.code == '\r')) {
		if (is_query && d->filter_dirty)
			apply_filter_text(d);
		if (is_query && d->filter_has_error)
			return; /* the error stays under the text until it is fixed */
		d->prompt = PROMPT_NONE;
		if (kind == PROMPT_COMMAND)
			run_command(d, t->data);
		if (is_query)
			history_add(&d->history, t->data);
		return;
	}
	if (is_query && key.is_function && (key.code == KEY_UP || key.code == KEY_DOWN)) {
		const char *line = history_step(&d->history, key.code == KEY_UP ? -1 : 1);
		buf_reset(t);
		buf_puts(t, line ? line : "");
		d->filter_dirty = 1;
		return;
	}
	if (is_query && !key.is_function && key.code == '\t') {
		complete_prompt(d);
		return;
	}
	if ((key.is_function && key.code == KEY_BACKSPACE) || (!key.is_function && (key.code == 127 || key.code == 8))) {
		/* drop one whole UTF-8 character */
		while (t->len && (t->data[t->len - 1] & 0xC0) == 0x80)
			t->len--;
		if (t->len)
			t->len--;
		t->data[t->len] = '\0';
	} else if (!key.is_function && key.code == 21) { /* Ctrl-U */
		buf_reset(t);
	} else if (!key.is_function && key.code >= 0x20 && key.code != 0x7F) {
		utf8_encode(t, (uint32_t)key.code);
	} else {
		return;
	}
	if (kind == PROMPT_HELP_FILTER)
		help_view_configure(&d->help, NULL, t->data);
	else if (is_query)
		d->filter_dirty = 1; /* applied once before the next draw */
}

/* ---- actions */

static void handle_action(struct display *d, enum action action)
{
	switch (action) {
	case ACT_ENTER:
		if (!d->detail_shown || !d->focus_detail) {
			d->detail_explicit = 1;
			if (!d->detail_shown) {
				d->detail_shown = 1;
				layout(d);
			}
			d->focus_detail = 1;
		} else {
			uint32_t target = d->detail.ops->selected(&d->detail);
			if (target != ISSUE_NONE)
				jump_to(d, target);
		}
		break;
	case ACT_BACK:
		go_back(d);
		break;
	case ACT_FOCUS_NEXT:
		if (!d->detail_shown) {
			d->detail_shown = d->detail_explicit = 1;
			layout(d);
			d->focus_detail = 1;
		} else if (!d->maximized) {
			d->focus_detail = !d->focus_detail;
		}
		break;
	case ACT_TOGGLE_LAYOUT:
		d->layout_pref = d->side_by_side ? LAYOUT_STACKED : LAYOUT_SIDE;
		d->detail_shown = d->detail_explicit = 1;
		d->maximized = 0;
		layout(d);
		set_message(d, 0, "%s layout", d->side_by_side ? "side-by-side" : "stacked");
		break;
	case ACT_MAXIMIZE:
		d->detail_shown = d->detail_explicit = 1;
		d->maximized = !d->maximized;
		d->focus_detail = 1;
		layout(d);
		break;
	case ACT_PROMPT:
		prompt_start(d, PROMPT_COMMAND);
		break;
	case ACT_SEARCH:
		prompt_start(d, d->overlay == &d->help ? PROMPT_HELP_FILTER : PROMPT_SEARCH);
		break;
	case ACT_FILTER:
		if (d->overlay == &d->help)
			prompt_start(d, PROMPT_HELP_FILTER);
		else
			prompt_start(d, PROMPT_FILTER);
		break;
	case ACT_CLEAR_FILTER:
		if (d->filter) {
			set_filter(d, NULL);
		} else if (triage_mark_count(d->triage)) {
			triage_clear_marks(d->triage);
			set_message(d, 0, "marks cleared");
		}
		break;
	case ACT_MARK:
	case ACT_MARK_RANGE:
	case ACT_MARK_ALL:
		mark_action(d, action);
		break;
	case ACT_VIEW_LIST:
	case ACT_VIEW_BOARD:
	case ACT_VIEW_TREE:
	case ACT_VIEW_DEPS:
	case ACT_VIEW_READY:
	case ACT_VIEW_STATS:
		switch_view(d, (size_t)(action - ACT_VIEW_LIST));
		break;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		search_step(d, action == ACT_SEARCH_PREV);
		break;
	case ACT_VIEW_0:
	case ACT_VIEW_1:
	case ACT_VIEW_2:
	case ACT_VIEW_3:
	case ACT_VIEW_4:
	case ACT_VIEW_5:
	case ACT_VIEW_6:
	case ACT_VIEW_7:
	case ACT_VIEW_8:
	case ACT_VIEW_9:
		apply_view(d, (int)(action - ACT_VIEW_0));
		break;
	case ACT_HELP:
		if (d->overlay != &d->help) {
			help_view_configure(&d->help, focused_view(d)->ops->keymap, "");
			d->overlay = &d->help;
			layout(d);
		}
		break;
	case ACT_PROBLEMS:
		if (store_problems_total(d->app->store) == 0) {
			set_message(d, 0, "no problems: every line of the source was read");
		} else if (d->overlay != &d->problems) {
			d->overlay = &d->problems;
			layout(d);
		}
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACT_REFRESH:
		refresh_data(d, 1);
		break;
	case ACT_QUIT:
		if (d->overlay) {
			d->overlay = NULL;
			layout(d);
		} else if (d->detail_shown && (d->focus_detail || d->maximized)) {
			d->detail_shown = d->maximized = d->focus_detail = 0;
			d->detail_explicit = 1;
			d->detail_pinned = ISSUE_NONE;
			layout(d);
		} else {
			d->quit = 1;
		}
		break;
	case ACT_QUIT_ALL:
		d->quit = 1;
		break;
	default:
		if (triage_handles(action))
			triage_action(d, action);
		break;
	}
}

/* ---- the mouse (set mouse = yes) */

/* A click selects what is under the pointer (and focuses its pane), a
 * double click opens it, the wheel scrolls the pane under the pointer.
 * y and x are screen coordinates. */
static void mouse_event(struct display *d, int y, int x, enum mouse_kind kind)
{
	struct view *v = NULL;
	WINDOW *w = NULL;
	int i;
	if (d->prompt != PROMPT_NONE || d->picking || d->too_small)
		return;
	if (d->overlay) {
		v = d->overlay;
		w = d->help_win;
	} else if (d->list_win && wenclose(d->list_win, y, x)) {
		v = d->main;
		w = d->list_win;
	} else if (d->detail_win && wenclose(d->detail_win, y, x)) {
		v = &d->detail;
		w = d->detail_win;
	}
	if (!v || !wmouse_trafo(w, &y, &x, FALSE))
		return;
	if (kind == MOUSE_WHEEL_UP || kind == MOUSE_WHEEL_DOWN) {
		for (i = 0; i < 3; i++)
			v->ops->request(v, kind == MOUSE_WHEEL_UP ? ACT_MOVE_UP : ACT_MOVE_DOWN);
		if (v == d->main)
			d->detail_pinned = ISSUE_NONE;
		sync_detail(d);
		return;
	}
	if (v == &d->detail) {
		d->focus_detail = 1;
	} else if (v == d->main) {
		d->focus_detail = 0;
		d->detail_pinned = ISSUE_NONE;
	}
	if (v->ops->click) {
		enum action a = v->ops->click(v, y, x, kind == MOUSE_DOUBLE);
		if (a == ACT_EXPAND)
			v->ops->request(v, ACT_EXPAND);
		else if (a == ACT_ENTER)
			handle_action(d, ACT_ENTER);
	}
	sync_detail(d);
}

static void handle_key(struct display *d, struct key key)
{
	struct view *v;
	enum action action;
	d->message[0] = '\0';
	if (key.is_function && key.code == KEY_RESIZE) {
		layout(d);
		return;
	}
	if (key.is_function && key.code == KEY_MOUSE) {
		MEVENT ev;
		if (getmouse(&ev) == OK) {
			if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
				mouse_event(d, ev.y, ev.x, MOUSE_DOUBLE);
			else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
				mouse_event(d, ev.y, ev.x, MOUSE_CLICK);
			else if (ev.bstate & BUTTON4_PRESSED)
				mouse_event(d, ev.y, ev.x, MOUSE_WHEEL_UP);
#ifdef BUTTON5_PRESSED
			else if (ev.bstate & BUTTON5_PRESSED)
				mouse_event(d, ev.y, ev.x, MOUSE_WHEEL_DOWN);
#endif
		}
		return;
	}
	if (d->prompt != PROMPT_NONE) {
		prompt_key(d, key);
		return;
	}
	if (d->picking) {
		picker_key_pressed(d, key);
		return;
	}
	if (d->triage_retry_at && !key.is_function && key.code == 27) {
		struct triage_outcome out;
		triage_cancel(d->triage, &out);
		triage_outcome(d, &out);
		return;
	}
	if (d->too_small) {
		action = keys_resolve("generic", key);
		if (action == ACT_QUIT || action == ACT_QUIT_ALL)
			d->quit = 1;
		return;
	}
	v = focused_view(d);
	action = keys_resolve(v->ops->keymap, key);
	if (action == ACT_NONE) {
		char name[32];
		key_format(key, name, sizeof(name));
		set_message(d, 0, "%s: no action (? for help)", name);
		return;
	}
	action = v->ops->request(v, action);
	if (action == ACT_NONE && v == d->main)
		d->detail_pinned = ISSUE_NONE; /* the list moved: the detail follows it */
	handle_action(d, action);
}

/* ---- set-up, the loop, the script */

static int setup_terminal(struct display *d, const struct script_options *script)
{
	const char *term = getenv("TERM");
	if (script) {
		d->scripted = 1;
		d->null_out = fopen("/dev/null", "w");
		d->null_in = fopen("/dev/null", "r");
		if (!d->null_out || !d->null_in) {
			fprintf(stderr, "tib: cannot open /dev/null\n");
			return -1;
		}
		d->screen = newterm(term && *term ? term : "xterm-256color", d->null_out, d->null_in);
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			fprintf(stderr, "tib: not a terminal (use --print for a listing)\n");
			return -1;
		}
		if (terminal_check(term, STDOUT_FILENO) != 0)
			return -1;
		d->screen = newterm(NULL, stdout, stdin);
	}
	if (!d->screen) {
		fprintf(stderr, "tib: cannot set up the terminal (TERM=%s)\n", term ? term : "");
		return -1;
	}
	if (script)
		resizeterm(script->height, script->width);
	cbreak();
	noecho();
	nonl();
	curs_set(0);
	keypad(stdscr, TRUE);
	wtimeout(stdscr, 0);
	set_escdelay(25);
	if (d->app->config->mouse) {
		mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
				  | BUTTON5_PRESSED
#endif
			  ,
			  NULL);
		mouseinterval(250);
	}
	theme_init();
	return 0;
}

static void teardown(struct display *d)
{
	{
		size_t i;
		for (i = 0; i < MAIN_VIEWS; i++)
			if (d->mains[i].ops)
				d->mains[i].ops->close(&d->mains[i]);
	}
	d->detail.ops->close(&d->detail);
	d->help.ops->close(&d->help);
	d->problems.ops->close(&d->problems);
	delete_windows(d);
	back_clear(d);
	buf_free(&d->prompt_text);
	watcher_close(d->watcher);
	query_free(d->filter);
	query_free(d->search);
	free(d->filter_text);
	history_save(&d->history);
	history_free(&d->history);
	d->app->triage = NULL;
	triage_free(d->triage);
	view_facts_free(d->app);
	picker_free(&d->picker);
	if (d->screen) {
		endwin();
		delscreen(d->screen);
	}
	if (d->null_out)
		fclose(d->null_out);
	if (d->null_in)
		fclose(d->null_in);
}

/* Input says ready but gives nothing: a hang-up or an error on it. */
static int terminal_hung_up(void)
{
	struct pollfd fd = {STDIN_FILENO, POLLIN, 0};
	return poll(&fd, 1, 0) == 1 && (fd.revents & (POLLHUP | POLLERR | POLLNVAL));
}

static int read_key(struct display *d, struct key *key)
{
	wint_t wch;
	int rc = wget_wch(d->status_win ? d->status_win : stdscr, &wch);
	if (rc == ERR)
		return -1;
	key->code = (int)wch;
	key->is_function = rc == KEY_CODE_YES;
	return 0;
}

/* Handles every key that has arrived (a KEY_RESIZE too), then one draw
 * follows; the number handled. */
static int handle_waiting_keys(struct display *d)
{
	struct key key;
	int keys_read = 0;
	while (!d->quit && read_key(d, &key) == 0) {
		handle_key(d, key);
		keys_read++;
	}
	return keys_read;
}

/* Reads keys from a script file: each line is keys in bind syntax
 * (`jj<Enter>`), or a prompt command (`:dump screen.txt`); `#` starts a
 * comment line. Every key is fully handled before the next. */
static int run_script(struct display *d, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0, rc = 0;
	if (!f) {
		fprintf(stderr, "tib: cannot read script %s: %s\n", path, strerror(errno));
		return 1;
	}
	draw(d);
	doupdate();
	while (!d->quit && !*d->app->stop && (n = getline(&line, &cap, f)) != -1) {
		const char *p = line;
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!*p || *p == '#')
			continue;
		if (*p == ':') {
			run_command(d, p + 1);
			draw(d);
			doupdate();
			if (d->script_failed) {
				fprintf(stderr, "tib: %s:%d: %s\n", path, lineno, d->message[0] ? d->message : "failed");
				rc = 1;
				break;
			}
			continue;
		}
		while (*p && !d->quit) {
			struct key key;
			if (key_parse(&p, &key) != 0) {
				fprintf(stderr, "tib: %s:%d: bad key name at '%s'\n", path, lineno, p);
				rc = 1;
				break;
			}
			handle_key(d, key);
			draw(d);
			doupdate();
		}
		if (rc)
			break;
	}
	free(line);
	fclose(f);
	return rc;
}

int tui_run(struct app *app, const struct script_options *script)
{
	struct display d;
	int rc = 0;

	memset(&d, 0, sizeof(d));
	d.app = app;
	{
		size_t i;
		for (i = 0; i < MAIN_VIEWS; i++) {
			d.mains[i].ops = main_view_ops[i];
			d.mains[i].app = app;
		}
	}
	d.main = LIST(&d);
	d.detail.ops = &detail_view_ops;
	d.help.ops = &help_view_ops;
	d.problems.ops = &problems_view_ops;
	d.detail.app = d.help.app = d.problems.app = app;
	draw_utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	draw_lines_utf8 = draw_utf8 && !app->config->ascii_lines;
	d.triage = triage_new(app);
	app->triage = d.triage;
	{
		size_t i;
		for (i = 0; i < MAIN_VIEWS; i++)
			d.mains[i].ops->open(&d.mains[i]);
	}
	d.detail.ops->open(&d.detail);
	d.help.ops->open(&d.help);
	d.problems.ops->open(&d.problems);
	if (setup_terminal(&d, script) != 0) {
		teardown(&d);
		return 1;
	}
	{
		sigset_t waited;
		size_t k;
		sigemptyset(&waited);
		for (k = 0; k < ARRAY_SIZE(waited_signals); k++)
			sigaddset(&waited, waited_signals[k]);
		if (sigprocmask(SIG_BLOCK, &waited, &d.wait_mask) == 0) {
			for (k = 0; k < ARRAY_SIZE(waited_signals); k++)
				sigdelset(&d.wait_mask, waited_signals[k]);
			d.signals_blocked = 1;
		}
	}
	active_display = &d;
	tib_set_fatal_hook(restore_terminal);
	d.detail_pinned = ISSUE_NONE;
	d.search_origin = ISSUE_NONE;
	d.debounce_us = (int64_t)app->config->refresh_debounce_ms * 1000;
	d.layout_pref = app->config->layout == LAYOUT_SETTING_SIDE	? LAYOUT_SIDE
			: app->config->layout == LAYOUT_SETTING_STACKED ? LAYOUT_STACKED
									: LAYOUT_AUTO;
	history_load(&d.history);
	layout(&d);
	note_problems(&d);
	if (app->config->default_view) {
		/* set default-view: the view tib opens in (nothing to go back to) */
		size_t i;
		for (i = 0; i < MAIN_VIEWS; i++)
			if (strcmp(main_view_ops[i]->name, app->config->default_view) == 0) {
				d.main = &d.mains[i];
				if (d.main->ops->enter)
					d.main->ops->enter(d.main, LIST(&d)->ops->selected(LIST(&d)));
				layout(&d);
			}
	}
	if (app->initial_filter && set_filter(&d, app->initial_filter) != 0)
		set_message(&d, 1, "--filter: %s", d.filter_error.msg);

	d.refresher.store = app->store;
	{
		struct tib_error err = {0};
		watcher_open(store_path(app->store), app->stat_poll, &d.watcher, &err);
	}
	if (script) {
		rc = run_script(&d, script->path);
	} else {
		while (!d.quit && !*app->stop) {
			draw(&d);
			doupdate();
			after_update(&d);
			/* doupdate() itself takes in a resize that came since the
			 * last key read (curses' SIGWINCH flag) and queues
			 * KEY_RESIZE: nothing on stdin says so, so it is read
			 * before waiting, or the new size waits for a key */
			if (handle_waiting_keys(&d))
				continue;
			/* keys, a refresh, a signal; keys are read whatever woke
			 * tib: a SIGWINCH let in reads as KEY_RESIZE */
			wait_for_event(&d, -1, 1);
			if (!handle_waiting_keys(&d) && terminal_hung_up()) {
				/* the terminal is gone (closed window, killed tmux):
				 * reading it would return at once forever */
				d.quit = 1;
				rc = 1;
			}
		}
	}
	if (d.triage_retry_at) {
		/* ending (q, SIGTERM, SIGHUP) with a change waiting for the lock:
		 * one last wait for it rather than dropping it unsaid */
		set_message(&d, 0, "waiting up to %d s for the lock to write before quitting", EXIT_WRITE_WAIT_MS / 1000);
		draw(&d);
		doupdate();
		if (triage_finish(d.triage, EXIT_WRITE_WAIT_MS, app->unwritten, sizeof(app->unwritten)))
			rc = 1;
		d.triage_retry_at = 0;
	}
	teardown(&d);
	if (d.signals_blocked)
		sigprocmask(SIG_SETMASK, &d.wait_mask, NULL);
	tib_set_fatal_hook(NULL);
	active_display = NULL;
	return rc;
}
