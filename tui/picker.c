/* The picker: a box over the panes listing the choices of a triage
 * question. j/k or the arrows move, Enter picks, a choice's own key
 * (shown in brackets) picks at once, typing other letters narrows the
 * list, Backspace widens it again, Esc cancels. */
#include "picker.h"

#include <string.h>
#include <strings.h>

#include "../model/text.h"
#include "draw.h"
#include "theme.h"

void picker_reset(struct picker *p, const struct triage_ask *ask)
{
	buf_reset(&p->filter);
	buf_puts(&p->filter, "");
	p->selected = ask ? ask->selected : 0;
	p->top = 0;
}

void picker_free(struct picker *p)
{
	buf_free(&p->filter);
}

static int shown(const struct picker *p, const struct triage_ask *ask, size_t i)
{
	const char *f = p->filter.data ? p->filter.data : "";
	const char *item = ask->items[i];
	size_t n = strlen(f), k;
	if (!n)
		return 1;
	for (k = 0; item[k]; k++)
		if (strncasecmp(item + k, f, n) == 0)
			return 1;
	return 0;
}

/* The shown choice after (dir 1) or before (dir -1) `from`, or `from`. */
static size_t step(const struct picker *p, const struct triage_ask *ask, size_t from, int dir)
{
	size_t i = from;
	while (dir > 0 ? i + 1 < ask->item_count : i > 0) {
		i = dir > 0 ? i + 1 : i - 1;
		if (shown(p, ask, i))
			return i;
	}
	return from;
}

static void select_first_shown(struct picker *p, const struct triage_ask *ask)
{
	size_t i;
	if (p->selected < ask->item_count && shown(p, ask, p->selected))
		return;
	for (i = 0; i < ask->item_count; i++)
		if (shown(p, ask, i)) {
			p->selected = i;
			return;
		}
}

int picker_key(struct picker *p, const struct triage_ask *ask, struct key key, size_t *chosen)
{
	size_t i;
	if (!key.is_function && key.code == 27)
		return -1;
	if ((!key.is_function && (key.code == '\n' || key.code == '\r')) ||
	    (key.is_function && key.code == KEY_ENTER)) {
		if (p->selected < ask->item_count && shown(p, ask, p->selected)) {
			*chosen = p->selected;
			return 1;
		}
		return 0;
	}
	if ((key.is_function && key.code == KEY_DOWN) || (!key.is_function && key.code == 14)) { /* C-n */
		p->selected = step(p, ask, p->selected, 1);
		return 0;
	}
	if ((key.is_function && key.code == KEY_UP) || (!key.is_function && key.code == 16)) { /* C-p */
		p->selected = step(p, ask, p->selected, -1);
		return 0;
	}
	if ((key.is_function && key.code == KEY_BACKSPACE) || (!key.is_function && (key.code == 127 || key.code == 8))) {
		while (p->filter.len && (p->filter.data[p->filter.len - 1] & 0xC0) == 0x80)
			p->filter.len--;
		if (p->filter.len)
			p->filter.data[--p->filter.len] = '\0';
		select_first_shown(p, ask);
		return 0;
	}
	if (key.is_function || key.code < 0x20 || key.code == 0x7F)
		return 0;
	/* a choice's own key, when nothing is typed yet */
	if (!p->filter.len && ask->hotkeys)
		for (i = 0; i < ask->item_count; i++)
			if (ask->hotkeys[i] && ask->hotkeys[i] == key.code) {
				*chosen = i;
				return 1;
			}
	if (!p->filter.len && (key.code == 'j' || key.code == 'k')) {
		p->selected = step(p, ask, p->selected, key.code == 'j' ? 1 : -1);
		return 0;
	}
	utf8_encode(&p->filter, (uint32_t)key.code);
	select_first_shown(p, ask);
	return 0;
}

/* A frame in box-drawing characters (ASCII without a UTF-8 locale), as
 * the pane separator is drawn: no alternate character set. */
static void draw_frame(WINDOW *win, int height, int width)
{
	const char *h = draw_lines_utf8 ? "─" : "-", *v = draw_lines_utf8 ? "│" : "|";
	int i;
	mvwaddstr(win, 0, 0, draw_lines_utf8 ? "┌" : "+");
	mvwaddstr(win, 0, width - 1, draw_lines_utf8 ? "┐" : "+");
	mvwaddstr(win, height - 1, 0, draw_lines_utf8 ? "└" : "+");
	mvwaddstr(win, height - 1, width - 1, draw_lines_utf8 ? "┘" : "+");
	for (i = 1; i < width - 1; i++) {
		mvwaddstr(win, 0, i, h);
		mvwaddstr(win, height - 1, i, h);
	}
	for (i = 1; i < height - 1; i++) {
		mvwaddstr(win, i, 0, v);
		mvwaddstr(win, i, width - 1, v);
	}
}

void picker_draw(struct picker *p, const struct triage_ask *ask, int lines, int cols)
{
	size_t i, count = 0, row_of_selected = 0;
	int width = 0, height, y, x, rows, w;
	WINDOW *win;
	for (i = 0; i < ask->item_count; i++) {
		int iw = text_display_width(ask->items[i], draw_utf8) + 7; /* frame, key, spaces */
		if (!shown(p, ask, i))
			continue;
		if (i == p->selected)
			row_of_selected = count;
		count++;
		if (iw > width)
			width = iw;
	}
	w = text_display_width(ask->title, draw_utf8) + 4;
	if (w > width)
		width = w;
	if (width < 30)
		width = 30;
	if (width > cols - 2)
		width = cols - 2;
	height = (int)count + 3;
	if (height > lines - 2)
		height = lines - 2;
	if (width < 4 || height < 3)
		return;
	rows = height - 3;
	if (rows < 1)
		rows = 1;
	if (row_of_selected < p->top)
		p->top = row_of_selected;
	if (row_of_selected >= p->top + (size_t)rows)
		p->top = row_of_selected - (size_t)rows + 1;
	win = newwin(height, width, (lines - 1 - height) / 2, (cols - width) / 2);
	if (!win)
		return;
	werase(win);
	draw_frame(win, height, width);
	wattrset(win, theme_attr(AREA_HEADING));
	wmove(win, 0, 2);
	draw_text(win, ask->title, width - 4, 0);
	wattrset(win, A_NORMAL);
	y = 1;
	for (i = 0, count = 0; i < ask->item_count && y < height - 2; i++) {
		char key[8] = "   ";
		if (!shown(p, ask, i))
			continue;
		if (count++ < p->top)
			continue;
		if (ask->hotkeys && ask->hotkeys[i])
			snprintf(key, sizeof(key), "[%c]", ask->hotkeys[i]);
		wattrset(win, i == p->selected ? theme_attr(AREA_SELECTED) : A_NORMAL);
		wmove(win, y, 1);
		x = draw_text(win, " ", width - 2, 0);
		x += draw_text(win, key, width - 2 - x, 0);
		x += draw_text(win, " ", width - 2 - x, 0);
		x += draw_text(win, ask->items[i], width - 2 - x, 0);
		while (x < width - 2) {
			waddch(win, ' ');
			x++;
		}
		y++;
	}
	wattrset(win, theme_attr(AREA_CLOSED));
	wmove(win, height - 2, 2);
	if (p->filter.len) {
		x = draw_text(win, "narrowed to: ", width - 4, 0);
		draw_text(win, p->filter.data, width - 4 - x, 0);
	} else {
		draw_text(win, "Enter: pick  Esc: cancel", width - 4, 0);
	}
	wattrset(win, A_NORMAL);
	wnoutrefresh(win);
	delwin(win);
}
