#include "theme.h"

#include <stdlib.h>

#include "draw.h"

static attr_t area_attrs[AREA_COUNT];

void theme_init(void)
{
	static const struct {
		enum theme_area area;
		short fg, bg;
		attr_t extra;
	} colours[] = {
		{AREA_PRIO0, COLOR_RED, -1, A_BOLD},     {AREA_PRIO1, COLOR_YELLOW, -1, 0},
		{AREA_PRIO2, -1, -1, 0},                 {AREA_PRIO3, COLOR_CYAN, -1, 0},
		{AREA_PRIO4, COLOR_BLUE, -1, 0},         {AREA_OPEN, COLOR_GREEN, -1, 0},
		{AREA_IN_PROGRESS, COLOR_YELLOW, -1, A_BOLD}, {AREA_BLOCKED, COLOR_RED, -1, 0},
		{AREA_WARNING, COLOR_YELLOW, -1, A_BOLD},
		{AREA_HEADING, COLOR_MAGENTA, -1, A_BOLD}, {AREA_CODE, COLOR_CYAN, -1, 0},
		{AREA_LABEL, COLOR_BLUE, -1, A_BOLD},
		{AREA_MATCH, COLOR_YELLOW, -1, A_BOLD | A_UNDERLINE},
	};
	const char *no_color = getenv("NO_COLOR");
	size_t i;
	int use_colour = has_colors() && !(no_color && *no_color);

	area_attrs[AREA_SELECTED] = A_REVERSE;
	area_attrs[AREA_SELECTED_UNFOCUSED] = A_UNDERLINE;
	area_attrs[AREA_HEADING] = A_BOLD;
	area_attrs[AREA_LINK_ID] = A_BOLD;
	area_attrs[AREA_MATCH] = A_UNDERLINE | A_BOLD;
	area_attrs[AREA_CLOSED] = A_DIM;
	area_attrs[AREA_STATUS_BAR] = A_REVERSE;
	area_attrs[AREA_TITLE_BAR] = A_BOLD;
	area_attrs[AREA_PRIO0] = A_BOLD;
	area_attrs[AREA_IN_PROGRESS] = A_BOLD;
	area_attrs[AREA_WARNING] = A_BOLD;
	if (!use_colour || start_color() == ERR)
		return;
	use_default_colors();
	for (i = 0; i < sizeof(colours) / sizeof(colours[0]); i++) {
		short pair = (short)(i + 1);
		if (colours[i].fg == -1) {
			area_attrs[colours[i].area] = colours[i].extra;
			continue;
		}
		init_pair(pair, colours[i].fg, colours[i].bg);
		area_attrs[colours[i].area] = COLOR_PAIR(pair) | colours[i].extra;
	}
}

attr_t theme_attr(enum theme_area area)
{
	return area < AREA_COUNT ? area_attrs[area] : A_NORMAL;
}

attr_t theme_status_attr(const struct issue *issue)
{
	if (issue->status_kind == STATUS_IN_PROGRESS)
		return area_attrs[AREA_IN_PROGRESS];
	if (issue->status_kind == STATUS_BLOCKED || (issue->flags & ISSUE_BLOCKED))
		return area_attrs[AREA_BLOCKED];
	if (issue->status_kind == STATUS_OPEN)
		return area_attrs[AREA_OPEN];
	return A_NORMAL;
}

const char *theme_status_symbol(const struct issue *issue)
{
	static const char *const utf8[] = {
		[STATUS_OPEN] = "○",     [STATUS_IN_PROGRESS] = "◐", [STATUS_BLOCKED] = "●",
		[STATUS_DEFERRED] = "❄", [STATUS_CLOSED] = "✓",      [STATUS_TOMBSTONE] = "✗",
		[STATUS_PINNED] = "★",   [STATUS_HOOKED] = "↪",     [STATUS_CUSTOM] = "◇",
	};
	static const char *const ascii[] = {
		[STATUS_OPEN] = "o",     [STATUS_IN_PROGRESS] = ">", [STATUS_BLOCKED] = "x",
		[STATUS_DEFERRED] = "z", [STATUS_CLOSED] = "v",      [STATUS_TOMBSTONE] = "-",
		[STATUS_PINNED] = "*",   [STATUS_HOOKED] = "&",      [STATUS_CUSTOM] = "?",
	};
	unsigned kind = issue->status_kind <= STATUS_CUSTOM ? issue->status_kind : STATUS_CUSTOM;
	if (kind == STATUS_OPEN && (issue->flags & ISSUE_BLOCKED))
		kind = STATUS_BLOCKED;
	return draw_utf8 ? utf8[kind] : ascii[kind];
}
