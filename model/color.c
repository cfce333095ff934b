#include "color.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static const char *const basic_names[8] = {"black", "red",     "green", "yellow",
					   "blue",  "magenta", "cyan",  "white"};

static const struct {
	const char *name;
	unsigned bit;
} attr_names[] = {
	{"bold", TIB_ATTR_BOLD},	 {"dim", TIB_ATTR_DIM},		  {"underline", TIB_ATTR_UNDERLINE},
	{"reverse", TIB_ATTR_REVERSE},	 {"italic", TIB_ATTR_ITALIC},	  {"standout", TIB_ATTR_STANDOUT},
	{"blink", TIB_ATTR_BLINK},
};

/* A decimal 0-255 with nothing after it, or -1. */
static int parse_index(const char *s)
{
	int n = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		n = n * 10 + (*s - '0');
		if (n > 255)
			return -1;
	}
	return n;
}

int color_parse(const char *name, int *color)
{
	int i;
	if (!strcasecmp(name, "default")) {
		*color = TIB_COLOR_DEFAULT;
		return 0;
	}
	for (i = 0; i < 8; i++) {
		if (!strcasecmp(name, basic_names[i])) {
			*color = i;
			return 0;
		}
		if (!strncasecmp(name, "bright-", 7) && !strcasecmp(name + 7, basic_names[i])) {
			*color = 8 + i;
			return 0;
		}
	}
	if (name[0] == '#') {
		unsigned rgb = 0;
		for (i = 1; i <= 6; i++) {
			if (!isxdigit((unsigned char)name[i]))
				return -1;
			rgb = rgb * 16 + (unsigned)(isdigit((unsigned char)name[i]) ? name[i] - '0'
							  : tolower((unsigned char)name[i]) - 'a' + 10);
		}
		if (name[7])
			return -1;
		*color = TIB_COLOR_RGB | (int)rgb;
		return 0;
	}
	if (!strncasecmp(name, "color", 5))
		name += 5;
	/* "color007" is not a name anyone writes: one spelling per index */
	if ((i = parse_index(name)) < 0 || (name[0] == '0' && name[1]))
		return -1;
	*color = i;
	return 0;
}

void color_format(int color, char *out, size_t size)
{
	if (color < 0)
		snprintf(out, size, "default");
	else if (color & TIB_COLOR_RGB)
		snprintf(out, size, "#%06x", (unsigned)color & 0xffffffu);
	else if (color < 8)
		snprintf(out, size, "%s", basic_names[color]);
	else if (color < 16)
		snprintf(out, size, "bright-%s", basic_names[color - 8]);
	else
		snprintf(out, size, "color%d", color);
}

int color_attr_parse(const char *name, unsigned *attrs)
{
	size_t i;
	if (!strcasecmp(name, "normal"))
		return 0;
	for (i = 0; i < ARRAY_SIZE(attr_names); i++) {
		if (!strcasecmp(name, attr_names[i].name)) {
			*attrs |= attr_names[i].bit;
			return 0;
		}
	}
	return -1;
}

void color_attrs_format(unsigned attrs, char *out, size_t size)
{
	size_t i, used = 0;
	if (size)
		out[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(attr_names); i++) {
		if (!(attrs & attr_names[i].bit))
			continue;
		used += (size_t)snprintf(out + (used < size ? used : size), used < size ? size - used : 0, "%s%s",
					 used ? " " : "", attr_names[i].name);
	}
}

/* xterm's defaults for the 16 basic colours */
static const unsigned char basic_rgb[16][3] = {
	{0, 0, 0},	 {205, 0, 0},	  {0, 205, 0},	 {205, 205, 0}, {0, 0, 238},	 {205, 0, 205},
	{0, 205, 205},	 {229, 229, 229}, {127, 127, 127}, {255, 0, 0},	 {0, 255, 0},	 {255, 255, 0},
	{92, 92, 255},	 {255, 0, 255},	  {0, 255, 255},   {255, 255, 255},
};

void color_rgb(int index, int *r, int *g, int *b)
{
	static const int level[6] = {0, 95, 135, 175, 215, 255};
	if (index < 0 || index > 255)
		index = 0;
	if (index < 16) {
		*r = basic_rgb[index][0];
		*g = basic_rgb[index][1];
		*b = basic_rgb[index][2];
	} else if (index < 232) {
		index -= 16;
		*r = level[index / 36];
		*g = level[index / 6 % 6];
		*b = level[index % 6];
	} else {
		*r = *g = *b = 8 + 10 * (index - 232);
	}
}

/* The index in list[] of the colour nearest to r,g,b by squared distance;
 * the first one on a tie. */
static int nearest_of(int r, int g, int b, const int *list, int count)
{
	int i, best = list[0];
	long best_d = -1;
	for (i = 0; i < count; i++) {
		int pr, pg, pb;
		long d;
		color_rgb(list[i], &pr, &pg, &pb);
		d = (long)(r - pr) * (r - pr) + (long)(g - pg) * (g - pg) + (long)(b - pb) * (b - pb);
		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = list[i];
		}
	}
	return best;
}

int color_nearest(int r, int g, int b, int colors)
{
	static const int greys8[] = {0, 7}, hues8[] = {1, 2, 3, 4, 5, 6};
	static const int greys16[] = {0, 8, 7, 15}, hues16[] = {1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14};
	int max = r > g ? (r > b ? r : b) : (g > b ? g : b), min = r < g ? (r < b ? r : b) : (g < b ? g : b);
	if (colors >= 256) {
		int palette[240], i;
		for (i = 0; i < 240; i++)
			palette[i] = 16 + i;
		return nearest_of(r, g, b, palette, 240);
	}
	/* The basic colours are far apart: by distance alone a mid grey
	 * would be yellow. So a grey stays a grey, a hue a hue. */
	if (max - min < 48) {
		if (colors >= 16)
			return nearest_of(r, g, b, greys16, (int)ARRAY_SIZE(greys16));
		return nearest_of(r, g, b, greys8, (int)ARRAY_SIZE(greys8));
	}
	if (colors >= 16)
		return nearest_of(r, g, b, hues16, (int)ARRAY_SIZE(hues16));
	return nearest_of(r, g, b, hues8, (int)ARRAY_SIZE(hues8));
}

int color_for_terminal(int color, int colors)
{
	int r, g, b;
	if (color < 0)
		return TIB_COLOR_DEFAULT;
	if (colors > 256)
		colors = 8;
	if (colors < 8)
		return color < colors ? color : TIB_COLOR_DEFAULT;
	if (color & TIB_COLOR_RGB) {
		r = (color >> 16) & 0xff;
		g = (color >> 8) & 0xff;
		b = color & 0xff;
	} else if (color < colors) {
		return color;
	} else {
		color_rgb(color, &r, &g, &b);
	}
	return color_nearest(r, g, b, colors);
}
