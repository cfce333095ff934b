#include "draw.h"

#include <string.h>
#include <wchar.h>

#include "../model/text.h"

int draw_utf8 = 1;

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

int draw_text(WINDOW *win, const char *s, int cols, int pad)
{
	size_t len = strlen(s), i = 0;
	int used = 0;
	if (cols <= 0)
		return 0;
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
			if (used < cols) {
				draw_spaces(win, cols - used - 1);
				waddch(win, '~');
			}
			return cols;
		}
		put_form(win, &form);
		used += form.width;
		i += n;
	}
	if (pad && used < cols) {
		draw_spaces(win, cols - used);
		used = cols;
	}
	return used;
}
