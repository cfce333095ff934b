/* Colours and symbols. Views ask for an area's attribute; only this file
 * knows colour pairs. NO_COLOR and 8-colour terminals are handled here. */
#ifndef TIB_THEME_H
#define TIB_THEME_H

#include <curses.h>

#include "../model/issue.h"

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
	AREA_COUNT
};

void theme_init(void);
attr_t theme_attr(enum theme_area area);
attr_t theme_status_attr(const struct issue *issue);
/* One column: ○ ◐ ● ✓ ... or ASCII when the locale is not UTF-8. */
const char *theme_status_symbol(const struct issue *issue);

#endif
