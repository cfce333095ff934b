/* Colours as the config file writes them (`color AREA FG BG ATTRS`), and
 * mapping them to what a terminal has: the xterm palette, the nearest
 * colour by squared RGB distance. No curses here: tui/theme.c turns the
 * results into colour pairs. */
#ifndef TIB_COLOR_H
#define TIB_COLOR_H

#include <stddef.h>

/* A colour is an int: TIB_COLOR_DEFAULT (the terminal's own), a palette
 * index 0-255, or TIB_COLOR_RGB | 0xrrggbb. */
#define TIB_COLOR_DEFAULT (-1)
#define TIB_COLOR_RGB 0x1000000

/* Attributes of a color line, as bits (theme.c maps them to curses'). */
enum {
	TIB_ATTR_BOLD = 1 << 0,
	TIB_ATTR_DIM = 1 << 1,
	TIB_ATTR_UNDERLINE = 1 << 2,
	TIB_ATTR_REVERSE = 1 << 3,
	TIB_ATTR_ITALIC = 1 << 4,
	TIB_ATTR_STANDOUT = 1 << 5,
	TIB_ATTR_BLINK = 1 << 6,
};

/* "default", "red", "bright-red", "color17" (or "17"), "#rrggbb";
 * case-insensitive. 0, or -1 when it is none of those. */
int color_parse(const char *name, int *color);
/* The canonical name: default, red, bright-red, color17, #rrggbb. */
void color_format(int color, char *out, size_t size);
/* One attribute word ("bold", ... "normal"), ORed into *attrs. 0 or -1. */
int color_attr_parse(const char *name, unsigned *attrs);
/* "bold underline", in a fixed order; "" when there is none. */
void color_attrs_format(unsigned attrs, char *out, size_t size);

/* The RGB of an xterm palette index 0-255. */
void color_rgb(int index, int *r, int *g, int *b);
/* The palette index nearest to r,g,b (by squared distance) on a
 * terminal with `colors` colours: with 256, among the 6x6x6 cube and the
 * grey ramp (16-255); with 16 to 255, among the 16 basic colours; else
 * among the 8. Among the basic ones a grey (the largest and smallest of
 * r,g,b less than 48 apart) maps to a grey (black, white and, with 16,
 * bright-black and bright-white), any other colour to a hue. */
int color_nearest(int r, int g, int b, int colors);
/* A colour as a terminal with `colors` colours can show it: -1 for the
 * default, an index below `colors` as it is, anything else the nearest
 * one (a terminal with more than 256, direct colour, gets the 8 basic
 * ones, the only indices such a terminal takes as a palette). */
int color_for_terminal(int color, int colors);

#endif
