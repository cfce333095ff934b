#include "draw.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "../model/text.h"

int draw_utf8 = 1;
int draw_lines_utf8 = 1;

void draw_spaces(WINDOW *win, int cols)
{
	while (cols-- > 0)
		waddch(win, ' ');
}

static void put_form(WINDOW *win, const struct display_form *form)
{
	wchar_t w[ARRAY_SIZE(form->cps) + 1];
	int i;
	for (i = 0; i < form->count; i++)
		w[i] = (wchar_t)form->cps[i];
	w[form->count] = L'\0';
	waddnwstr(win, w, form->count);
}

/* The one place text reaches the screen. `mask` (may be NULL) marks the
 * bytes drawn with match_attr added to the window's current attributes. */
static int draw_common(WINDOW *win, const char *s, int cols, int pad, const unsigned char *mask, attr_t match_attr)
{
	size_t len = strlen(s), i = 0;
	int used = 0, marked = 0;
	attr_t base = 0;
	short pair = 0;
	if (cols <= 0)
		return 0;
	wattr_get(win, &base, &pair, NULL);
	while (i < len) {
		uint32_t cp;
		struct display_form form;
		size_t n = utf8_decode(s + i, len - i, &cp);
		text_display_form(cp, draw_utf8, &form);
		if (form.count == 0 || (form.width == 0 && used == 0)) {
			/* dropped, or a combining mark with nothing to combine with */
			i += n;
			continue;
		}
		if (used + form.width > cols ||
		    (used + form.width == cols && i + n < len && text_display_width(s + i + n, draw_utf8) > 0)) {
			/* no room for this and a cut mark after it */
			wattr_set(win, base, pair, NULL);
			if (used < cols) {
				draw_spaces(win, cols - used - 1);
				waddch(win, '~');
			}
			return cols;
		}
		if (mask && mask[i] != marked) {
			/* a colour in match_attr replaces the window's pair */
			short match_pair = (short)PAIR_NUMBER(match_attr);
			marked = mask[i];
			wattr_set(win, marked ? (base & ~A_COLOR) | (match_attr & ~A_COLOR) : base,
				  marked && match_pair ? match_pair : pair, NULL);
		}
		put_form(win, &form);
		used += form.width;
		i += n;
	}
	wattr_set(win, base, pair, NULL);
	if (pad && used < cols) {
		draw_spaces(win, cols - used);
		used = cols;
	}
	return used;
}

int draw_text(WINDOW *win, const char *s, int cols, int pad)
{
	return draw_common(win, s, cols, pad, NULL, 0);
}

int draw_text_marked(WINDOW *win, const char *s, int cols, int pad, const char *const *words, size_t nwords,
		     int case_sensitive, attr_t match_attr)
{
	size_t len = strlen(s), w, i;
	unsigned char *mask;
	int used, any = 0;
	if (!nwords || !len)
		return draw_text(win, s, cols, pad);
	mask = xcalloc(len, 1);
	for (w = 0; w < nwords; w++) {
		size_t wl = strlen(words[w]);
		if (!wl || wl > len)
			continue;
		for (i = 0; i + wl <= len; i++) {
			if (case_sensitive ? memcmp(s + i, words[w], wl) != 0 : strncasecmp(s + i, words[w], wl) != 0)
				continue;
			memset(mask + i, 1, wl);
			any = 1;
		}
	}
	used = draw_common(win, s, cols, pad, any ? mask : NULL, match_attr);
	free(mask);
	return used;
}
