/* UTF-8 and display-safety helpers. Issue text is hostile: it may hold
 * invalid UTF-8, escape sequences, C1 controls or bidi overrides. Nothing
 * from the data reaches a terminal without passing through here. */
#ifndef TIB_TEXT_H
#define TIB_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define UTF8_REPLACEMENT 0xFFFDu

/* Decodes one code point from s (len bytes available, len > 0). Invalid,
 * overlong, surrogate or truncated sequences give U+FFFD and consume one
 * byte. Returns the number of bytes consumed. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Appends the UTF-8 encoding of cp. */
void utf8_encode(struct buf *out, uint32_t cp);

/* C0 controls, DEL and C1 controls (U+0080..U+009F). */
int cp_is_control(uint32_t cp);
/* Bidi overrides/isolates and invisible format characters that can make
 * text display differently from what it is. */
int cp_is_deceptive(uint32_t cp);

/* One line for a tab-separated listing: valid UTF-8, every control
 * character (tab, newline, ESC, C1 ...) replaced by a space. */
void text_sanitize_line(struct buf *out, const char *s);
/* Valid UTF-8 with everything else exact (for JSON output). */
void text_sanitize_utf8(struct buf *out, const char *s);
/* One field of a tab-separated line for a pipe or a file: the bytes exact
 * (invalid UTF-8 and escapes included) but for tabs and newlines, which
 * become spaces so the line keeps its shape. */
void text_tsv_field(struct buf *out, const char *s);
/* What a terminal may be sent: each code point in its visible form
 * (text_display_form: ESC as ^[, U+202E as <U+202E>, tabs and newlines as
 * a space, invalid UTF-8 as U+FFFD, or '?' for anything not ASCII when
 * `utf8` is 0). The result holds no control, C1 or bidi character. */
void text_visible(struct buf *out, const char *s, int utf8);

#endif

/* How one code point is shown on a terminal: the code points to draw (at
 * most 10) and the columns they take. Controls become ^X or <U+XXXX>,
 * bidi overrides <U+202E>, tabs and newlines a space; when `utf8` is 0
 * (the locale cannot show Unicode) anything not ASCII becomes '?'. */
struct display_form {
	uint32_t cps[10];
	int count;
	int width; /* 0 for combining marks, 2 for wide characters */
};
void text_display_form(uint32_t cp, int utf8, struct display_form *form);
/* Display columns of a string as it would be drawn. */
int text_display_width(const char *s, int utf8);

/* Copies s into out (size >= 5): whole when it fits in limit - 1 bytes
 * (limit <= size), else cut at a UTF-8 character boundary with "...".
 * Returns out. For data quoted in messages. */
const char *text_quote(char *out, size_t size, size_t limit, const char *s);
/* The length of s cut to at most max bytes without splitting a UTF-8
 * character. */
size_t text_cut_utf8(const char *s, size_t len, size_t max);

/* Splits one paragraph (no newline in it) into lines of at most `width`
 * display columns, breaking after spaces where it can and inside a word
 * only when a word is wider than the line. Calls emit(ctx, start, len) for
 * each line, leading spaces of continuation lines dropped. */
typedef void (*text_wrap_emit)(void *ctx, const char *start, size_t len);
void text_wrap(const char *s, size_t len, int width, int utf8, text_wrap_emit emit, void *ctx);
