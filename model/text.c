#include "text.h"

#include <stdio.h>
#include <string.h>

size_t utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c = s[0], min;
	size_t need, i;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		c &= 0x07;
		min = 0x10000;
	} else {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	if (len < need + 1) {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	for (i = 1; i <= need; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = UTF8_REPLACEMENT;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	*cp = c;
	return need + 1;
}

void utf8_encode(struct buf *out, uint32_t cp)
{
	char b[4];
	if (cp < 0x80) {
		b[0] = (char)cp;
		buf_append(out, b, 1);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		buf_append(out, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		buf_append(out, b, 3);
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		buf_append(out, b, 4);
	}
}

int cp_is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

int cp_is_deceptive(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200B || cp == 0x200C || cp == 0x200E || cp == 0x200F || cp == 0x061C ||
	       cp == 0xFEFF || (cp >= 0x2060 && cp <= 0x2064) || cp == 0x00AD;
}

/* Joiners, variation selectors and skin-tone modifiers make terminals
 * disagree on how wide a sequence is (one glyph or several). Leaving them
 * out shows the parts side by side, at the width we counted. */
static int cp_is_width_ambiguous_joiner(uint32_t cp)
{
	return cp == 0x200D || cp == 0xFE0E || cp == 0xFE0F || (cp >= 0x1F3FB && cp <= 0x1F3FF);
}

void text_sanitize_line(struct buf *out, const char *s)
{
	size_t len = strlen(s), i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (cp_is_control(cp))
			buf_putc(out, ' ');
		else if (n == 1 && cp == UTF8_REPLACEMENT)
			utf8_encode(out, UTF8_REPLACEMENT);
		else
			buf_append(out, s + i, n);
		i += n;
	}
}

void text_sanitize_utf8(struct buf *out, const char *s)
{
	size_t len = strlen(s), i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (n == 1 && cp == UTF8_REPLACEMENT)
			utf8_encode(out, UTF8_REPLACEMENT);
		else
			buf_append(out, s + i, n);
		i += n;
	}
}

#include <wchar.h>

static void form_ascii(struct display_form *form, const char *s)
{
	form->count = 0;
	while (*s && form->count < (int)ARRAY_SIZE(form->cps))
		form->cps[form->count++] = (unsigned char)*s++;
	form->width = form->count;
}

void text_display_form(uint32_t cp, int utf8, struct display_form *form)
{
	char hex[16];
	int w;
	if (cp == '\t' || cp == '\n') {
		form_ascii(form, " ");
		return;
	}
	if (cp < 0x20 || cp == 0x7F) {
		hex[0] = '^';
		hex[1] = (char)(cp == 0x7F ? '?' : cp + '@');
		hex[2] = '\0';
		form_ascii(form, hex);
		return;
	}
	if (cp < 0x80) {
		form->cps[0] = cp;
		form->count = form->width = 1;
		return;
	}
	if ((cp >= 0x80 && cp <= 0x9F) || cp_is_deceptive(cp)) {
		snprintf(hex, sizeof(hex), "<U+%04X>", (unsigned)cp);
		form_ascii(form, hex);
		return;
	}
	if (!utf8) {
		form_ascii(form, "?");
		return;
	}
	if (cp_is_width_ambiguous_joiner(cp)) {
		form->count = form->width = 0;
		return;
	}
	w = wcwidth((wchar_t)cp);
	if (w < 0) {
		/* unknown to this libc: a fixed-width stand-in keeps columns aligned */
		cp = UTF8_REPLACEMENT;
		w = 1;
	}
	form->cps[0] = cp;
	form->count = 1;
	form->width = w;
}

void text_tsv_field(struct buf *out, const char *s)
{
	const char *p;
	for (p = s; *p; p++)
		buf_putc(out, *p == '\t' || *p == '\n' ? ' ' : *p);
}

void text_visible(struct buf *out, const char *s, int utf8)
{
	size_t len = strlen(s), i = 0;
	while (i < len) {
		uint32_t cp;
		struct display_form form;
		int k;
		i += utf8_decode(s + i, len - i, &cp);
		text_display_form(cp, utf8, &form);
		for (k = 0; k < form.count; k++)
			utf8_encode(out, form.cps[k]);
	}
}

size_t text_cut_utf8(const char *s, size_t len, size_t max)
{
	size_t n = len;
	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

const char *text_quote(char *out, size_t size, size_t limit, const char *s)
{
	size_t n = strlen(s);
	if (limit > size)
		limit = size;
	if (n < limit) {
		memcpy(out, s, n + 1);
		return out;
	}
	n = text_cut_utf8(s, n, limit - 4);
	memcpy(out, s, n);
	memcpy(out + n, "...", 4);
	return out;
}

int text_display_width(const char *s, int utf8)
{
	size_t len = strlen(s), i = 0;
	int width = 0;
	while (i < len) {
		uint32_t cp;
		struct display_form form;
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f) {
			i++; /* printable ASCII, most text: one column each */
			width++;
			continue;
		}
		i += utf8_decode(s + i, len - i, &cp);
		text_display_form(cp, utf8, &form);
		width += form.width;
	}
	return width;
}

void text_wrap(const char *s, size_t len, int width, int utf8, text_wrap_emit emit, void *ctx)
{
	size_t start = 0, i = 0, brk = 0; /* brk: end of the last word that fits, 0 if none */
	size_t resume = 0;                 /* where the next line starts after brk */
	int col = 0;
	if (width < 1)
		width = 1;
	if (len == 0) {
		emit(ctx, s, 0);
		return;
	}
	while (i < len) {
		uint32_t cp;
		struct display_form form;
		size_t n = utf8_decode(s + i, len - i, &cp);
		text_display_form(cp, utf8, &form);
		if (cp == ' ' || cp == '\t') {
			brk = i;
			resume = i + n;
		}
		if (col + form.width > width && i > start) {
			size_t end = i, next = i;
			if (brk > start) {
				end = brk;
				next = resume;
			}
			emit(ctx, s + start, end - start);
			/* the new line starts after the spaces at the break */
			while (next < len && (s[next] == ' ' || s[next] == '\t'))
				next++;
			start = i = next;
			brk = 0;
			col = 0;
			continue;
		}
		col += form.width;
		i += n;
	}
	if (i > start || start == 0)
		emit(ctx, s + start, len - start);
}
