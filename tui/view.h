/* A view is a static table of operations (as in tig); the display core
 * owns the window and the view's private state. */
#ifndef TIB_VIEW_H
#define TIB_VIEW_H

#include <curses.h>

#include "actions.h"
#include "tui.h"

struct view;

struct view_ops {
	const char *name;
	const char *keymap;
	void (*open)(struct view *view);
	void (*close)(struct view *view);
	/* Fills the window from the model. */
	void (*draw)(struct view *view, WINDOW *win);
	/* Handles an action; returns ACT_NONE if handled, or the action for
	 * the core to handle. */
	enum action (*request)(struct view *view, enum action action);
	/* One line for the status bar (position, counts). */
	void (*status)(struct view *view, char *out, size_t out_size);
	/* The issue the view points at (list: the selected one; detail: the
	 * link under the cursor), ISSUE_NONE if none. */
	uint32_t (*selected)(struct view *view);
	/* Makes the view show/select an issue; -1 if it cannot. */
	int (*select)(struct view *view, uint32_t issue);
	/* The data was reloaded: app->set is new, old_set still valid. The
	 * view keeps its place by issue id. */
	void (*data_changed)(struct view *view, const struct issue_set *old_set);
	/* Optional, for the views that can fill the main pane: */
	/* app->filter changed: show only what it matches. */
	void (*filter_changed)(struct view *view);
	/* The view is switched to, with `issue` selected before (the
	 * dependencies view takes it as its root). */
	void (*enter)(struct view *view, uint32_t issue);
	/* The issues shown in order and the selected position (for marking
	 * a range or all); NULL if the view has no such order. */
	const uint32_t *(*rows)(struct view *view, size_t *count, size_t *selected);
	/* A click at (y, x) in the view's window: selects what is there;
	 * returns the action the click means beyond that (ACT_ENTER for a
	 * double click, ACT_EXPAND on a tree node's marker), ACT_NONE. */
	enum action (*click)(struct view *view, int y, int x, int double_click);
};

struct view {
	const struct view_ops *ops;
	struct app *app;
	int height, width;
	int focused;
	void *private;
};

extern const struct view_ops list_view_ops;
extern const struct view_ops board_view_ops;
extern const struct view_ops tree_view_ops;
extern const struct view_ops deps_view_ops;
extern const struct view_ops ready_view_ops;
extern const struct view_ops stats_view_ops;
extern const struct view_ops detail_view_ops;
extern const struct view_ops help_view_ops;
extern const struct view_ops problems_view_ops;

struct query;
/* list_view.c: show only what `filter` matches (NULL: everything); the
 * selected issue stays selected if it is still shown. */
void list_view_set_filter(struct view *view, const struct query *filter);
size_t list_view_row_count(struct view *view);
/* The issues shown, in order, and the selected row. */
const uint32_t *list_view_rows(struct view *view, size_t *count, size_t *selected);
/* The selected row and the first row shown; and setting them back (the
 * last row if beyond the end). */
void list_view_get_place(struct view *view, size_t *row, size_t *top);
void list_view_set_place(struct view *view, size_t row, size_t top);
/* Moves to the next (or previous) row matching q: 0, 1 when it wrapped
 * around, -1 when nothing matches. */
int list_view_search(struct view *view, const struct query *q, int backward);

/* help_view.c: which keymap to describe, and the filter text. */
void help_view_configure(struct view *view, const char *keymap, const char *filter);

/* Shared by views: "3d", "5w", "2y" for how long ago t was. */
void format_age(int64_t now, int64_t t, char *out, size_t size);

#endif
