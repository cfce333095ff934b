/* Drawing text into curses windows safely: UTF-8 decoded, widths in
 * display columns, hostile characters shown visibly, cuts marked with '~'. */
#ifndef TIB_DRAW_H
#define TIB_DRAW_H

#include <curses.h>
#include <stddef.h>

/* Set once at start-up from the locale. */
extern int draw_utf8;
/* Frames, bars, tree markers and status symbols in Unicode (else ASCII):
 * draw_utf8, unless the config says set ascii-lines = yes. */
extern int draw_lines_utf8;

/* Draws s at the cursor in at most `cols` columns. With `pad`, fills the
 * rest with spaces. A cut is marked with '~'. Returns columns used. */
int draw_text(WINDOW *win, const char *s, int cols, int pad);
/* draw_text, with every (case-insensitive unless case_sensitive)
 * occurrence of the words drawn with `match_attr` added. */
int draw_text_marked(WINDOW *win, const char *s, int cols, int pad, const char *const *words, size_t nwords,
		     int case_sensitive, attr_t match_attr);
/* Fills `cols` columns with spaces. */
void draw_spaces(WINDOW *win, int cols);

#endif
