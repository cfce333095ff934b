/* libFuzzer target for the display-safety helpers of model/text.h: the
 * bytes are a field of an issue (anything: invalid UTF-8, escapes, C1
 * controls, bidi overrides, wide and combining characters). Checks,
 * besides what ASan and UBSan catch:
 *  - utf8_decode consumes 1-4 bytes and never yields a surrogate, an
 *    overlong form or a value past U+10FFFF; re-encoding what it decoded
 *    gives the same bytes (or it reported U+FFFD for one byte);
 *  - text_sanitize_line: valid UTF-8 without any control character;
 *  - text_sanitize_utf8: valid UTF-8, the input's valid parts unchanged;
 *  - text_display_form: what is drawn holds no control and no bidi or
 *    invisible format character, widths 0-2, ASCII only without UTF-8;
 *  - text_display_width is the sum of the forms' widths, and the same for
 *    the sanitized text;
 *  - text_wrap: the lines cover the text in order, each within the width
 *    (unless one character is wider than the line).
 *   make fuzz-text [FUZZ_SECONDS=seconds] */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../model/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* wcwidth() as in the browser; C.UTF-8 is always there on glibc */
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		abort();
	return 0;
}

/* valid UTF-8 by our own decoder: each code point decodes to itself */
static void check_valid(const char *s, size_t len, int allow_controls)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (n == 1 && cp == UTF8_REPLACEMENT && (unsigned char)s[i] >= 0x80)
			abort(); /* an invalid byte got through */
		if (!allow_controls && cp_is_control(cp))
			abort();
		i += n;
	}
}

static void check_form(const struct display_form *form, uint32_t cp, int utf8)
{
	int k;
	if (form->count < 0 || form->count > 10 || form->width < 0 || form->width > 10)
		abort();
	if (form->count == 0 && form->width != 0)
		abort();
	for (k = 0; k < form->count; k++) {
		uint32_t c = form->cps[k];
		if (cp_is_control(c) || cp_is_deceptive(c) || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			abort();
		if (!utf8 && c >= 0x80)
			abort();
	}
	/* a single drawn character is at most two columns wide */
	if (form->count == 1 && form->width > 2)
		abort();
	/* a control or bidi character is always shown as something visible */
	if ((cp_is_control(cp) || cp_is_deceptive(cp)) && form->width < 1)
		abort();
}

struct wrap_check {
	const char *base;
	size_t len, next;
	int width, utf8, lines;
};

static void on_line(void *ctx, const char *start, size_t len)
{
	struct wrap_check *w = ctx;
	size_t i = 0;
	int col = 0, chars = 0;
	if (start < w->base + w->next || start + len > w->base + w->len)
		abort(); /* lines go forward and stay inside the text */
	/* only spaces and tabs are skipped between lines */
	for (i = w->next; i < (size_t)(start - w->base); i++)
		if (w->base[i] != ' ' && w->base[i] != '\t')
			abort();
	for (i = 0; i < len;) {
		uint32_t cp;
		struct display_form form;
		i += utf8_decode(start + i, len - i, &cp);
		text_display_form(cp, w->utf8, &form);
		col += form.width;
		chars++;
	}
	if (col > w->width && chars != 1)
		abort(); /* too wide, and not one character wider than the line */
	w->next = (size_t)(start - w->base) + len;
	w->lines++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	struct buf line = {0}, exact = {0}, enc = {0};
	size_t i, len;
	int utf8, width_sum[2] = {0, 0};

	if (size < 1)
		return 0;
	s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	len = strlen(s);

	for (i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		struct display_form form;
		if (n < 1 || n > 4 || n > len - i)
			abort();
		if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			abort();
		if (!(n == 1 && cp == UTF8_REPLACEMENT)) {
			buf_reset(&enc);
			utf8_encode(&enc, cp);
			if (enc.len != n || memcmp(enc.data, s + i, n) != 0)
				abort(); /* overlong or otherwise non-canonical input accepted */
		}
		for (utf8 = 0; utf8 < 2; utf8++) {
			text_display_form(cp, utf8, &form);
			check_form(&form, cp, utf8);
			width_sum[utf8] += form.width;
		}
		i += n;
	}
	for (utf8 = 0; utf8 < 2; utf8++)
		if (text_display_width(s, utf8) != width_sum[utf8])
			abort();

	text_sanitize_line(&line, s);
	check_valid(line.data ? line.data : "", line.len, 0);
	text_sanitize_utf8(&exact, s);
	check_valid(exact.data ? exact.data : "", exact.len, 1);
	/* valid input comes out unchanged */
	{
		int valid = 1;
		for (i = 0; i < len && valid;) {
			uint32_t cp;
			size_t n = utf8_decode(s + i, len - i, &cp);
			if (n == 1 && cp == UTF8_REPLACEMENT && (unsigned char)s[i] >= 0x80)
				valid = 0;
			i += n;
		}
		if (valid && (exact.len != len || memcmp(exact.data ? exact.data : "", s, len) != 0))
			abort();
	}
	/* sanitizing for JSON does not change how the text is drawn */
	for (utf8 = 0; utf8 < 2; utf8++)
		if (text_display_width(exact.data ? exact.data : "", utf8) != width_sum[utf8])
			abort();

	/* wrapping at a width taken from the first byte; up to the first
	 * newline, since text_wrap takes one paragraph */
	{
		struct wrap_check w;
		const char *nl = memchr(s, '\n', len);
		memset(&w, 0, sizeof(w));
		w.base = s;
		w.len = nl ? (size_t)(nl - s) : len;
		w.width = 1 + (unsigned char)data[0] % 40;
		for (utf8 = 0; utf8 < 2; utf8++) {
			w.next = 0;
			w.lines = 0;
			w.utf8 = utf8;
			text_wrap(s, w.len, w.width, utf8, on_line, &w);
			if (w.lines < 1)
				abort();
		}
	}
	buf_free(&line);
	buf_free(&exact);
	buf_free(&enc);
	free(s);
	return 0;
}
