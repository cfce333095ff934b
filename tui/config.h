/* The config file, in the style of tigrc: line commands, a bad line is a
 * warning "file:line: message" and loading goes on.
 *   set actor = alice          (who assignee:me is)
 *   set layout = auto|side|stacked
 *   set split-columns = 140    (side by side from this width)
 *   set show-tombstones = yes|no
 *   set ascii-lines = yes|no   (frames, bars and tree markers in ASCII)
 *   set date-format = relative|absolute
 *   set default-view = list|board|tree|deps|ready|stats
 *   set filter = QUERY         (the filter tib opens with; --filter wins)
 *   set refresh-debounce = MS  (changes in a burst are read together)
 *   set list-columns = id, prio, status, type, title, assignee, age
 *   set mouse = yes|no         (clicks and the wheel; off by default so
 *                               that the terminal's own selection works)
 *   set confirm-bulk = 10      (a triage change of this many marked
 *                               issues asks first)
 *   set read-only = yes|no     (triage keys do nothing)
 *   set board-columns = open, in_progress, review, closed
 *                              (the board's columns, in order; auto:
 *                               the built-in order)
 *   set theme = dark|light     (the built-in colours)
 *   color AREA FG BG [ATTRS]   (an area's look, over the theme's)
 *   view NAME = QUERY          (a saved view; replaces a built-in one of
 *                               that name, else takes the next free
 *                               number key, 7 to 9)
 *   bind KEYMAP KEY ACTION     (KEYMAP generic, list, detail, help;
 *                               ACTION a name from the help, or none)
 *   source FILE                (relative to the including file)
 * Looked for in --config FILE, $TIB_CONFIG, $XDG_CONFIG_HOME/tib/config,
 * then ~/.tibrc. */
#ifndef TIB_CONFIG_H
#define TIB_CONFIG_H

#include <stdio.h>

#include "theme.h"

#define SAVED_VIEWS 10 /* on the number keys 0-9 */

struct saved_view {
	char *name;  /* NULL: free slot */
	char *query;
};

enum layout_setting { LAYOUT_SETTING_AUTO, LAYOUT_SETTING_SIDE, LAYOUT_SETTING_STACKED };

struct config {
	char *actor;
	enum layout_setting layout;
	int split_columns;
	int show_tombstones;
	int mouse; /* set mouse = yes: clicks and the wheel */
	int confirm_bulk;
	int read_only;
	char **board_columns; /* NULL: the default columns */
	size_t board_column_count;
	int ascii_lines;          /* set ascii-lines = yes: + - | for the frames, bars and markers */
	int absolute_dates;       /* set date-format = absolute: dates instead of ages */
	char *default_view;       /* set default-view = board: the view tib opens in */
	char *default_filter;     /* set filter = QUERY: the filter tib opens with */
	int refresh_debounce_ms;  /* set refresh-debounce = 50 */
	char list_columns[8];     /* set list-columns: letters of enum list_column, in order */
	struct saved_view views[SAVED_VIEWS];
	enum theme_kind theme;
	struct theme_color colors[AREA_COUNT]; /* color lines, where color_set */
	unsigned char color_set[AREA_COUNT];
	char *path;    /* the file read, or NULL */
	int warnings;
};

/* Built-in defaults (the saved views 0-6 included). */
void config_init(struct config *config);
/* Reads the config file: `explicit_path` (--config) must exist; the
 * others are optional. Warnings go to `warn`. */
void config_load(struct config *config, const char *explicit_path, FILE *warn);
void config_free(struct config *config);
/* The saved view called `name`, or -1. */
int config_find_view(const struct config *config, const char *name);
/* Each area's look: its color line, else the theme's (AREA_COUNT). */
void config_colors(const struct config *config, struct theme_color *colors);
/* The effective configuration as a config file that reads back the same
 * (--dump-config): every setting, color, saved view and binding, the
 * defaults included. Returns 0, or -1 on a write error. */
int config_dump(const struct config *config, FILE *out);

#endif
