/* What the ready, tree and dependencies views share: rows of issues
 * (some indented under others, some headings), a cursor that moves over
 * the issue rows only, drawing, and the graph facts of the current set
 * (computed once per set for all views). */
#ifndef TIB_OUTLINE_H
#define TIB_OUTLINE_H

#include <curses.h>

#include "../model/facts.h"
#include "view.h"

enum outline_flag {
	ROW_HEADING = 1 << 0,  /* a section title: `text`, no issue */
	ROW_OPENABLE = 1 << 1, /* has rows under it */
	ROW_OPEN = 1 << 2,     /* ... shown */
	ROW_DIM = 1 << 3,      /* shown for context (not matching the filter) */
	ROW_ALERT = 1 << 4,    /* the note is a warning (a cycle) */
	ROW_EXTERNAL = 1 << 5, /* `text` is an id outside this database */
	ROW_GROUP = 1 << 6,    /* a selectable group title: `text`, no issue */
};

struct outline_row {
	uint32_t issue;   /* ISSUE_NONE for headings and external targets */
	uint32_t depth;
	uint32_t flags;
	const char *text; /* heading or external id; owned by the view */
	char note[48];    /* right-hand note: "2/5 ██░░░", "frees 3", "(cycle)" */
};

struct outline {
	struct outline_row *rows;
	size_t count, cap;
	size_t selected; /* a row index; an issue row when there is one */
	size_t top;
};

void outline_clear(struct outline *o);
void outline_free(struct outline *o);
struct outline_row *outline_add(struct outline *o, uint32_t issue, uint32_t depth, uint32_t flags);
/* Puts the cursor on a row that can be selected (not a heading), near
 * where it was. */
void outline_settle(struct outline *o);
/* Moves for j/k/PgDn/PgUp/C-d/C-u/g/G; ACT_NONE if handled. */
enum action outline_request(struct outline *o, enum action action, int height);
uint32_t outline_selected(const struct outline *o);
/* Selects the first row of the issue; -1 if none. */
int outline_select(struct outline *o, uint32_t issue);
void outline_draw(struct view *view, WINDOW *win, struct outline *o);
/* A click on screen row y (as drawn last): selects the row; ACT_EXPAND
 * when it hit the open/close marker, ACT_ENTER on a double click. */
enum action outline_click(struct outline *o, int y, int x, int double_click);
/* "row N/M" over the issue rows. */
void outline_status(const struct outline *o, char *out, size_t size);

/* The state the ready, tree and dependencies views share: their
 * private state starts with this, and `build` fills `outline` for
 * app->set and app->filter. Rows are rebuilt lazily: a hidden view costs
 * nothing on a live refresh. */
struct outline_view {
	struct outline outline;
	unsigned long generation; /* of app->set the rows are for */
	const struct query *filter;
	int built;
	char keep_id[128];        /* the selection, across a rebuild */
	void (*build)(struct view *view);
};
/* Before the rows go stale (`set` still valid): keep the selected id. */
void outline_view_remember(struct view *view, const struct issue_set *set);
/* Builds when the set or the filter changed since the last build. */
void outline_view_ensure(struct view *view);
/* Ops for view_ops tables. */
void outline_view_draw(struct view *view, WINDOW *win);
void outline_view_status(struct view *view, char *out, size_t size);
uint32_t outline_view_selected(struct view *view);
int outline_view_select(struct view *view, uint32_t issue);
void outline_view_filter_changed(struct view *view);
enum action outline_view_click(struct view *view, int y, int x, int double_click);

/* The facts of app->set, computed on first use after each reload. */
const struct graph_facts *view_facts(struct app *app);
/* Frees them (at exit). */
void view_facts_free(struct app *app);

/* A bar of `cells` cells for part/whole: "██░░░" (ASCII: "##..."). */
void outline_bar(char *out, size_t size, uint32_t part, uint32_t whole, int cells);

#endif
