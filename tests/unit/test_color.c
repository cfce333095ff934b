/* Colours of `color` lines (model/color.c): names and #rrggbb parsed and
 * written back, and mapped to what a terminal of 8, 16 or 256 colours
 * has (the nearest of its palette by squared RGB distance; among the
 * basic colours a grey to a grey, a hue to a hue). */
#include "testutil.h"

#include "../../model/color.h"

static int parsed(const char *name)
{
	int color = 12345;
	assert_int_equal(color_parse(name, &color), 0);
	return color;
}

static void assert_bad(const char *name)
{
	int color = 12345;
	assert_int_equal(color_parse(name, &color), -1);
	assert_int_equal(color, 12345);
}

static void assert_canonical(const char *name, const char *want)
{
	char out[32];
	color_format(parsed(name), out, sizeof(out));
	assert_string_equal(out, want);
}

static void test_parse(void **state)
{
	(void)state;
	assert_int_equal(parsed("default"), TIB_COLOR_DEFAULT);
	assert_int_equal(parsed("black"), 0);
	assert_int_equal(parsed("white"), 7);
	assert_int_equal(parsed("Red"), 1);
	assert_int_equal(parsed("bright-black"), 8);
	assert_int_equal(parsed("bright-white"), 15);
	assert_int_equal(parsed("color0"), 0);
	assert_int_equal(parsed("color255"), 255);
	assert_int_equal(parsed("17"), 17);
	assert_int_equal(parsed("#ff8800"), TIB_COLOR_RGB | 0xff8800);
	assert_int_equal(parsed("#FFffFF"), TIB_COLOR_RGB | 0xffffff);
	assert_int_equal(parsed("#000000"), TIB_COLOR_RGB);
	assert_bad("");
	assert_bad("purple");
	assert_bad("bright-");
	assert_bad("bright-default");
	assert_bad("color");
	assert_bad("color256");
	assert_bad("color-1");
	assert_bad("-1");
	assert_bad("color007");
	assert_bad("#fff");
	assert_bad("#ff88001");
	assert_bad("#gg0000");
	assert_bad("#");
}

/* One spelling per colour, read back as the same colour. */
static void test_format(void **state)
{
	int c;
	(void)state;
	assert_canonical("DEFAULT", "default");
	assert_canonical("color1", "red");
	assert_canonical("9", "bright-red");
	assert_canonical("color16", "color16");
	assert_canonical("#FF8800", "#ff8800");
	assert_canonical("#000000", "#000000");
	for (c = -1; c < 256; c++) {
		char out[32];
		color_format(c, out, sizeof(out));
		assert_int_equal(parsed(out), c);
	}
}

static void test_attrs(void **state)
{
	unsigned attrs = 0;
	char out[80];
	(void)state;
	assert_int_equal(color_attr_parse("bold", &attrs), 0);
	assert_int_equal(color_attr_parse("Underline", &attrs), 0);
	assert_int_equal(color_attr_parse("normal", &attrs), 0);
	assert_int_equal(attrs, TIB_ATTR_BOLD | TIB_ATTR_UNDERLINE);
	assert_int_equal(color_attr_parse("sparkly", &attrs), -1);
	assert_int_equal(attrs, TIB_ATTR_BOLD | TIB_ATTR_UNDERLINE);
	color_attrs_format(attrs, out, sizeof(out));
	assert_string_equal(out, "bold underline");
	color_attrs_format(0, out, sizeof(out));
	assert_string_equal(out, "");
	attrs = 0;
	assert_int_equal(color_attr_parse("blink", &attrs), 0);
	assert_int_equal(color_attr_parse("standout", &attrs), 0);
	assert_int_equal(color_attr_parse("italic", &attrs), 0);
	assert_int_equal(color_attr_parse("reverse", &attrs), 0);
	assert_int_equal(color_attr_parse("dim", &attrs), 0);
	color_attrs_format(attrs, out, sizeof(out));
	assert_string_equal(out, "dim reverse italic standout blink");
	/* too small a buffer: cut, still terminated */
	color_attrs_format(attrs, out, 6);
	assert_string_equal(out, "dim r");
}

/* The xterm palette: the cube levels 0, 95, 135, 175, 215, 255, then 24
 * greys from 8 to 238. */
static void test_palette(void **state)
{
	int r, g, b;
	(void)state;
	color_rgb(16, &r, &g, &b);
	assert_true(r == 0 && g == 0 && b == 0);
	color_rgb(196, &r, &g, &b);
	assert_true(r == 255 && g == 0 && b == 0);
	color_rgb(110, &r, &g, &b);
	assert_true(r == 0x87 && g == 0xaf && b == 0xd7);
	color_rgb(231, &r, &g, &b);
	assert_true(r == 255 && g == 255 && b == 255);
	color_rgb(232, &r, &g, &b);
	assert_true(r == 8 && g == 8 && b == 8);
	color_rgb(255, &r, &g, &b);
	assert_true(r == 238 && g == 238 && b == 238);
	color_rgb(9, &r, &g, &b);
	assert_true(r == 255 && g == 0 && b == 0);
}

static void test_nearest_256(void **state)
{
	int i;
	(void)state;
	/* exact: the cube and the greys, never the 16 basic ones (their
	 * RGB is the terminal's choice) */
	assert_int_equal(color_nearest(255, 0, 0, 256), 196);
	assert_int_equal(color_nearest(0, 0, 0, 256), 16);
	assert_int_equal(color_nearest(255, 255, 255, 256), 231);
	assert_int_equal(color_nearest(0x87, 0xaf, 0xd7, 256), 110);
	assert_int_equal(color_nearest(128, 128, 128, 256), 244);
	assert_int_equal(color_nearest(18, 18, 18, 256), 233);
	/* between: the nearest by squared distance */
	assert_int_equal(color_nearest(0xff, 0x88, 0x00, 256), 208); /* 255,135,0 */
	assert_int_equal(color_nearest(0x30, 0x30, 0x30, 256), 236); /* grey 48 */
	assert_int_equal(color_nearest(0x80, 0x00, 0x00, 256), 88);  /* 135,0,0 */
	assert_int_equal(color_nearest(250, 250, 250, 256), 231);     /* white, not grey 238 */
	assert_int_equal(color_nearest(100, 20, 200, 256), 56);       /* 95,0,215 */
	/* every palette colour from 16 maps to itself */
	for (i = 16; i < 256; i++) {
		int r, g, b;
		color_rgb(i, &r, &g, &b);
		assert_int_equal(color_nearest(r, g, b, 256), i);
	}
}

static void test_nearest_8_16(void **state)
{
	(void)state;
	assert_int_equal(color_nearest(255, 0, 0, 8), 1);
	assert_int_equal(color_nearest(255, 0, 0, 16), 9);
	assert_int_equal(color_nearest(0xff, 0x88, 0x00, 8), 3); /* orange: yellow, not red */
	assert_int_equal(color_nearest(0x00, 0x87, 0xff, 8), 6); /* cyan */
	/* a grey stays a grey (by distance alone these would be yellow) */
	assert_int_equal(color_nearest(0x6c, 0x6c, 0x6c, 8), 0);
	assert_int_equal(color_nearest(0x80, 0x80, 0x80, 8), 7);
	assert_int_equal(color_nearest(0x80, 0x80, 0x80, 16), 8);
	assert_int_equal(color_nearest(0x30, 0x30, 0x30, 16), 0);
	assert_int_equal(color_nearest(0xe0, 0xe0, 0xd0, 16), 7);
	/* a hue stays a hue, however dark (by distance: black) */
	assert_int_equal(color_nearest(0x5f, 0x00, 0x00, 8), 1);
	assert_int_equal(color_nearest(0x00, 0x00, 0x5f, 16), 4);
	assert_int_equal(color_nearest(255, 255, 255, 16), 15);
	assert_int_equal(color_nearest(255, 255, 255, 8), 7);
	assert_int_equal(color_nearest(20, 20, 250, 8), 4);
	assert_int_equal(color_nearest(20, 20, 250, 88), 4); /* 16 to 255 colours: the 16 */
}

static void test_for_terminal(void **state)
{
	(void)state;
	assert_int_equal(color_for_terminal(TIB_COLOR_DEFAULT, 256), TIB_COLOR_DEFAULT);
	assert_int_equal(color_for_terminal(TIB_COLOR_DEFAULT, 8), TIB_COLOR_DEFAULT);
	/* an index the terminal has is used as it is */
	assert_int_equal(color_for_terminal(3, 8), 3);
	assert_int_equal(color_for_terminal(12, 16), 12);
	assert_int_equal(color_for_terminal(196, 256), 196);
	/* beyond COLORS: down to the nearest basic one */
	assert_int_equal(color_for_terminal(196, 8), 1);
	assert_int_equal(color_for_terminal(196, 16), 9);
	assert_int_equal(color_for_terminal(9, 8), 1);  /* bright-red */
	assert_int_equal(color_for_terminal(12, 8), 4); /* bright-blue */
	assert_int_equal(color_for_terminal(15, 8), 7);
	assert_int_equal(color_for_terminal(231, 8), 7);
	assert_int_equal(color_for_terminal(16, 8), 0);
	/* #rrggbb: the nearest on any terminal */
	assert_int_equal(color_for_terminal(TIB_COLOR_RGB | 0xff0000, 256), 196);
	assert_int_equal(color_for_terminal(TIB_COLOR_RGB | 0xff0000, 16), 9);
	assert_int_equal(color_for_terminal(TIB_COLOR_RGB | 0xff0000, 8), 1);
	assert_int_equal(color_for_terminal(TIB_COLOR_RGB | 0x000000, 256), 16);
	/* direct colour (COLORS 2^24): only 0-7 are a palette there */
	assert_int_equal(color_for_terminal(3, 0x1000000), 3);
	assert_int_equal(color_for_terminal(196, 0x1000000), 1);
	assert_int_equal(color_for_terminal(TIB_COLOR_RGB | 0x00ff00, 0x1000000), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),	    cmocka_unit_test(test_format),
		cmocka_unit_test(test_attrs),	    cmocka_unit_test(test_palette),
		cmocka_unit_test(test_nearest_256), cmocka_unit_test(test_nearest_8_16),
		cmocka_unit_test(test_for_terminal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
