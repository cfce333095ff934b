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
};

struct view {
	const struct view_ops *ops;
	struct app *app;
	int height, width;
	void *private;
};

extern const struct view_ops list_view_ops;
extern const struct view_ops help_view_ops;

#endif
