#include "theme.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../model/color.h"
#include "../model/util.h"
#include "draw.h"

#define D TIB_COLOR_DEFAULT
#define BOLD TIB_ATTR_BOLD
#define DIM TIB_ATTR_DIM
#define UNDERLINE TIB_ATTR_UNDERLINE
#define REVERSE TIB_ATTR_REVERSE

/* Each area: its name in color lines, then its look in the dark theme
 * (what tib always had: the 8 basic colours on the terminal's own
 * background) and in the light one (darker 256-palette colours that read
 * on white; 8-colour terminals get the nearest basic ones). In the order
 * of the man page and of --dump-config. */
static const struct {
	enum theme_area area;
	const char *name;
	struct theme_color look[THEME_KINDS];
} areas[] = {
	{AREA_OPEN, "status-open", {{2, D, 0}, {28, D, 0}}},
	{AREA_IN_PROGRESS, "status-in-progress", {{3, D, BOLD}, {127, D, BOLD}}},
	{AREA_BLOCKED, "status-blocked", {{1, D, 0}, {160, D, 0}}},
	{AREA_STATUS_CLOSED, "status-closed", {{D, D, 0}, {D, D, 0}}},
	{AREA_PRIO0, "prio-0", {{1, D, BOLD}, {160, D, BOLD}}},
	{AREA_PRIO1, "prio-1", {{3, D, 0}, {130, D, 0}}},
	{AREA_PRIO2, "prio-2", {{D, D, 0}, {D, D, 0}}},
	{AREA_PRIO3, "prio-3", {{6, D, 0}, {25, D, 0}}},
	{AREA_PRIO4, "prio-4", {{4, D, 0}, {240, D, 0}}},
	{AREA_SELECTED, "selected", {{D, D, REVERSE}, {D, D, REVERSE}}},
	{AREA_SELECTED_UNFOCUSED, "selected-unfocused", {{D, D, UNDERLINE}, {D, D, UNDERLINE}}},
	{AREA_HEADING, "heading", {{5, D, BOLD}, {90, D, BOLD}}},
	{AREA_CODE, "code", {{6, D, 0}, {23, D, 0}}},
	{AREA_LINK_ID, "link-id", {{D, D, BOLD}, {D, D, BOLD}}},
	{AREA_LABEL, "label", {{4, D, BOLD}, {19, D, BOLD}}},
	{AREA_MATCH, "match", {{3, D, BOLD | UNDERLINE}, {166, D, BOLD | UNDERLINE}}},
	{AREA_CLOSED, "closed", {{D, D, DIM}, {D, D, DIM}}},
	{AREA_STATUS_BAR, "status-bar", {{D, D, REVERSE}, {D, D, REVERSE}}},
	{AREA_TITLE_BAR, "title-bar", {{D, D, BOLD}, {D, D, BOLD}}},
	{AREA_WARNING, "warning", {{3, D, BOLD}, {130, D, BOLD}}},
};

#undef D
#undef BOLD
#undef DIM
#undef UNDERLINE
#undef REVERSE

static const char *const kind_names[THEME_KINDS] = {"dark", "light"};

/* Colour pairs. Views combine an area with a "base" one by ORing the
 * attributes (`base | theme_attr(AREA_LABEL)` on the selected line),
 * which ORs the pair numbers too. So the areas drawn on their own or
 * over a base get 1-16 (bits 0-4; the first 13 in their historical
 * order, which screen tests show as letters) and the base areas get the
 * bits above: selected 32, closed 64, selected-unfocused 128, status-bar
 * 32|128 (the selections and the status bar never meet). theme_init sets
 * up every OR that can happen as a pair of its own, its colours merged.
 * A terminal of 64 pairs (the 8-colour ones) has room for the selected
 * ones only: there closed, selected-unfocused and status-bar keep their
 * attributes but not their colours. */
static const short fg_pair[AREA_COUNT] = {
	[AREA_PRIO0] = 1,    [AREA_PRIO1] = 2,	 [AREA_PRIO2] = 3,	[AREA_PRIO3] = 4,
	[AREA_PRIO4] = 5,    [AREA_OPEN] = 6,	 [AREA_IN_PROGRESS] = 7, [AREA_BLOCKED] = 8,
	[AREA_WARNING] = 9,  [AREA_HEADING] = 10, [AREA_CODE] = 11,	[AREA_LABEL] = 12,
	[AREA_MATCH] = 13,   [AREA_LINK_ID] = 14, [AREA_TITLE_BAR] = 15, [AREA_STATUS_CLOSED] = 16,
};
#define FG_BITS 31
#define BASE_SELECTED 32
#define BASE_CLOSED 64
#define BASE_UNFOCUSED 128
#define BASE_STATUS_BAR (BASE_SELECTED | BASE_UNFOCUSED)

static struct theme_color configured[AREA_COUNT];
static int have_configured;
static attr_t area_attrs[AREA_COUNT];

const char *theme_area_name(enum theme_area area)
{
	size_t i;
	for (i = 0; i < ARRAY_SIZE(areas); i++)
		if (areas[i].area == area)
			return areas[i].name;
	return NULL;
}

int theme_area_parse(const char *name)
{
	size_t i;
	for (i = 0; i < ARRAY_SIZE(areas); i++)
		if (!strcasecmp(areas[i].name, name))
			return (int)areas[i].area;
	return -1;
}

int theme_area_nth(size_t i)
{
	return i < ARRAY_SIZE(areas) ? (int)areas[i].area : -1;
}

const char *theme_kind_name(enum theme_kind kind)
{
	return kind < THEME_KINDS ? kind_names[kind] : NULL;
}

int theme_kind_parse(const char *name)
{
	int i;
	for (i = 0; i < THEME_KINDS; i++)
		if (!strcasecmp(kind_names[i], name))
			return i;
	return -1;
}

struct theme_color theme_builtin(enum theme_kind kind, enum theme_area area)
{
	static const struct theme_color none = {TIB_COLOR_DEFAULT, TIB_COLOR_DEFAULT, 0};
	size_t i;
	for (i = 0; i < ARRAY_SIZE(areas); i++)
		if (areas[i].area == area)
			return areas[i].look[kind < THEME_KINDS ? kind : THEME_DARK];
	return none;
}

void theme_configure(const struct theme_color *colors)
{
	memcpy(configured, colors, sizeof(configured));
	have_configured = 1;
}

static attr_t curses_attrs(unsigned attrs)
{
	attr_t a = A_NORMAL;
	if (attrs & TIB_ATTR_BOLD)
		a |= A_BOLD;
	if (attrs & TIB_ATTR_DIM)
		a |= A_DIM;
	if (attrs & TIB_ATTR_UNDERLINE)
		a |= A_UNDERLINE;
	if (attrs & TIB_ATTR_REVERSE)
		a |= A_REVERSE;
	if (attrs & TIB_ATTR_ITALIC)
		a |= A_ITALIC;
	if (attrs & TIB_ATTR_STANDOUT)
		a |= A_STANDOUT;
	if (attrs & TIB_ATTR_BLINK)
		a |= A_BLINK;
	return a;
}

static int coloured(const struct theme_color *c)
{
	return c->fg != TIB_COLOR_DEFAULT || c->bg != TIB_COLOR_DEFAULT;
}

/* The selection (or status bar) area of a pair's bits, or -1. */
static int selection_area(int bits)
{
	switch (bits & (BASE_SELECTED | BASE_UNFOCUSED)) {
	case BASE_SELECTED:
		return AREA_SELECTED;
	case BASE_UNFOCUSED:
		return AREA_SELECTED_UNFOCUSED;
	case BASE_STATUS_BAR:
		return AREA_STATUS_BAR;
	default:
		return -1;
	}
}

/* Pair n: the colours of its areas merged, the first one set winning:
 * the selection's, then closed (a closed row stays grey), then the area
 * drawn, then the status bar's (a warning keeps its colour in the bar).
 * 0 when n is no combination of coloured areas. */
static int pair_colours(int n, const struct theme_color *look, int *fg, int *bg)
{
	int order[4], count = 0, i, f = n & FG_BITS, sel = selection_area(n), fg_area = -1;
	for (i = 0; i < AREA_COUNT && f; i++)
		if (fg_pair[i] == f)
			fg_area = i;
	if (f && fg_area < 0)
		return 0;
	if (sel >= 0 && sel != AREA_STATUS_BAR)
		order[count++] = sel;
	if (n & BASE_CLOSED)
		order[count++] = AREA_CLOSED;
	if (fg_area >= 0)
		order[count++] = fg_area;
	if (sel == AREA_STATUS_BAR)
		order[count++] = AREA_STATUS_BAR;
	*fg = *bg = TIB_COLOR_DEFAULT;
	for (i = 0; i < count; i++) {
		if (!coloured(&look[order[i]]))
			return 0; /* an area without colour adds no bits */
		if (*fg == TIB_COLOR_DEFAULT)
			*fg = look[order[i]].fg;
		if (*bg == TIB_COLOR_DEFAULT)
			*bg = look[order[i]].bg;
	}
	return count > 0;
}

static short pair_bits(enum theme_area area)
{
	switch (area) {
	case AREA_CLOSED:
		return BASE_CLOSED;
	case AREA_SELECTED:
		return BASE_SELECTED;
	case AREA_SELECTED_UNFOCUSED:
		return BASE_UNFOCUSED;
	case AREA_STATUS_BAR:
		return BASE_STATUS_BAR;
	default:
		return fg_pair[area];
	}
}

void theme_init(void)
{
	const char *no_color = getenv("NO_COLOR");
	const struct theme_color *look = configured;
	struct theme_color dark[AREA_COUNT];
	int use_colour = has_colors() && !(no_color && *no_color), own_default, n, i;

	if (!have_configured) {
		for (i = 0; i < AREA_COUNT; i++)
			dark[i] = theme_builtin(THEME_DARK, (enum theme_area)i);
		look = dark;
	}
	/* attributes stay without colours (NO_COLOR: the selection, bold) */
	for (i = 0; i < AREA_COUNT; i++)
		area_attrs[i] = curses_attrs(look[i].attrs);
	if (!use_colour || start_color() == ERR)
		return;
	own_default = use_default_colors() != ERR;
	for (n = 1; n < COLOR_PAIRS && n < 256; n++) {
		int fg, bg;
		if (!pair_colours(n, look, &fg, &bg))
			continue;
		fg = color_for_terminal(fg, COLORS);
		bg = color_for_terminal(bg, COLORS);
		if (!own_default) {
			/* no "default" colour on this terminal: white on black */
			fg = fg < 0 ? COLOR_WHITE : fg;
			bg = bg < 0 ? COLOR_BLACK : bg;
		}
		init_pair((short)n, (short)fg, (short)bg);
	}
	for (i = 0; i < AREA_COUNT; i++) {
		short bits = pair_bits((enum theme_area)i);
		if (coloured(&look[i]) && bits < COLOR_PAIRS)
			area_attrs[i] |= COLOR_PAIR(bits);
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
	if (issue->status_kind == STATUS_CLOSED)
		return area_attrs[AREA_STATUS_CLOSED];
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
	return draw_lines_utf8 ? utf8[kind] : ascii[kind];
}
