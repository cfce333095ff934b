/* Colours and symbols. Views ask for an area's attribute; only this file
 * knows colour pairs. The two built-in themes, `color` lines, NO_COLOR
 * and terminals of 8, 16 or 256 colours are handled here. */
#ifndef TIB_THEME_H
#define TIB_THEME_H

#include <curses.h>

#include "../model/issue.h"

/* Each area has its colour pair number in theme.c (screen tests show
 * pairs as letters); a new area also needs a name there. */
enum theme_area {
	AREA_PRIO0,
	AREA_PRIO1,
	AREA_PRIO2,
	AREA_PRIO3,
	AREA_PRIO4,
	AREA_SELECTED,
	AREA_SELECTED_UNFOCUSED,
	AREA_HEADING,
	AREA_CODE,
	AREA_LINK_ID,
	AREA_LABEL,
	AREA_MATCH,
	AREA_CLOSED,
	AREA_STATUS_BAR,
	AREA_TITLE_BAR,
	AREA_OPEN,
	AREA_IN_PROGRESS,
	AREA_BLOCKED,
	AREA_WARNING,
	AREA_STATUS_CLOSED,
	AREA_COUNT
};

enum theme_kind { THEME_DARK, THEME_LIGHT, THEME_KINDS };

/* An area's look as a color line writes it: colours of model/color.h
 * (TIB_COLOR_DEFAULT, an index, TIB_COLOR_RGB | rgb), TIB_ATTR_* bits. */
struct theme_color {
	int fg, bg;
	unsigned attrs;
};

/* The config file's names: "status-open", "prio-0", "selected", ...;
 * NULL / -1 for none. */
const char *theme_area_name(enum theme_area area);
int theme_area_parse(const char *name);
/* The i-th area in the order of the man page and --dump-config; -1
 * past the last. */
int theme_area_nth(size_t i);
const char *theme_kind_name(enum theme_kind kind);
int theme_kind_parse(const char *name);
/* An area in a built-in theme. */
struct theme_color theme_builtin(enum theme_kind kind, enum theme_area area);

/* The colours theme_init uses (AREA_COUNT of them), copied; without a
 * call, the dark theme. Call before the terminal is set up. */
void theme_configure(const struct theme_color *colors);
/* Once the terminal is set up: colour pairs, or only attributes under
 * NO_COLOR or on a terminal without colours. */
void theme_init(void);
attr_t theme_attr(enum theme_area area);
attr_t theme_status_attr(const struct issue *issue);
/* One column: ○ ◐ ● ✓ ... or ASCII when the locale is not UTF-8. */
const char *theme_status_symbol(const struct issue *issue);

#endif
