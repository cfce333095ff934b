/* The query language: a small recursive-descent parser over whitespace
 * separated terms, compiled into a tree that is evaluated per issue. */
#include "query.h"

#include <ctype.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "text.h"

enum node_kind {
	N_TRUE,
	N_AND,
	N_OR,
	N_NOT,
	N_WORD,       /* free word or phrase: id and title (and long text with text:) */
	N_REGEX,
	N_STATUS,     /* values: status names */
	N_TYPE,
	N_ASSIGNEE,   /* values, "" for none */
	N_OWNER,
	N_LABEL,      /* values, "" for none */
	N_ID,         /* id prefixes */
	N_PRIO,       /* lo..hi */
	N_IS,         /* is_kind */
	N_PARENT,     /* children of the values */
	N_BLOCKS,     /* issues that block a value */
	N_BLOCKED_BY, /* issues blocked by a value */
	N_DATE,       /* field in [lo, hi) */
	N_HAS,
};

enum is_kind { IS_OPEN, IS_CLOSED, IS_READY, IS_BLOCKED, IS_DEFERRED, IS_PINNED, IS_EPHEMERAL,
	       IS_TEMPLATE, IS_DELETED, IS_IN_PROGRESS };
enum has_kind { HAS_COMMENTS, HAS_DEPS, HAS_LABELS, HAS_ASSIGNEE, HAS_PARENT, HAS_CHILDREN,
		HAS_BLOCKERS };
enum date_field { DATE_CREATED, DATE_UPDATED, DATE_CLOSED };

struct node {
	enum node_kind kind;
	struct node *a, *b;  /* AND/OR operands, NOT operand in a */
	char **values;       /* set terms; for N_WORD: [0] the word as typed */
	size_t value_count;
	char *folded;        /* N_WORD: the word lower-cased (when not case-sensitive) */
	size_t folded_len;
	int folded_ascii;    /* the folded word is all ASCII: the fast search */
	int folded_ik;       /* ... and holds an i or a k */
	uint32_t *folded_cps; /* the folded word as code points */
	size_t folded_cp_count;
	int text;            /* N_WORD: search the long text too (text:) */
	int case_sensitive;  /* N_WORD/N_REGEX */
	regex_t regex;
	int has_regex;
	int lo, hi;          /* N_PRIO */
	int is;              /* N_IS / N_HAS */
	int date_field;
	int64_t date_lo, date_hi;
};

enum sort_key { SORT_PRIO, SORT_UPDATED, SORT_CREATED, SORT_CLOSED, SORT_ID, SORT_TITLE, SORT_STATUS,
		SORT_TYPE, SORT_ASSIGNEE };

struct sort_term {
	enum sort_key key;
	int descending;
};

struct query {
	struct node *root;
	struct sort_term sorts[8];
	size_t sort_count;
	int needs_text;
	int wants_tombstones;
	const char **words; /* for highlighting */
	size_t word_count;
	int case_sensitive;
};

/* ---- tokens */

enum token_kind { T_WORD, T_PHRASE, T_LPAREN, T_RPAREN, T_END };

struct token {
	enum token_kind kind;
	char *text;   /* T_WORD / T_PHRASE, unquoted */
	size_t pos;
	int negated;  /* a leading '-' */
};

struct parser {
	const char *src;
	struct token *tokens;
	size_t count, cap, at;
	struct query *q;
	const struct query_context *ctx;
	struct query_error *err;
	int failed;
	int depth; /* nested groups and nots being parsed */
};

static int fail_at(struct parser *p, size_t pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail_at(struct parser *p, size_t pos, const char *fmt, ...)
{
	if (!p->failed) {
		va_list ap;
		p->failed = 1;
		p->err->pos = pos;
		va_start(ap, fmt);
		vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void add_token(struct parser *p, enum token_kind kind, const char *text, size_t len, size_t pos,
		      int negated)
{
	struct token *t;
	GROW(p->tokens, p->cap, p->count + 1);
	t = &p->tokens[p->count++];
	t->kind = kind;
	t->text = text ? xstrndup(text, len) : NULL;
	t->pos = pos;
	t->negated = negated;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Splits on blanks; "quoted phrases" and field:"quoted values" keep their
 * blanks; a ( or ) that stands at the start of a token groups, and a
 * leading - negates (a term or a group). Inside a word, parentheses are
 * text: a ) ends the word only when it closes a group that is open, so
 * `fn(x)` and `x');` stay words and `(a or b)` still groups. */
static int tokenize(struct parser *p)
{
	const char *s = p->src, *c = s;
	size_t depth = 0; /* groups opened and not yet closed */
	while (*c) {
		size_t start, word_parens = 0;
		int negated = 0;
		struct buf word = {0};
		int quoted = 0;
		if (is_blank(*c)) {
			c++;
			continue;
		}
		if (*c == ')') {
			add_token(p, T_RPAREN, NULL, 0, (size_t)(c - s), 0);
			if (depth)
				depth--;
			c++;
			continue;
		}
		start = (size_t)(c - s);
		if (*c == '-' && c[1] && !is_blank(c[1]) && c[1] != '-' && c[1] != ')') {
			negated = 1;
			c++;
		}
		if (*c == '(') {
			add_token(p, T_LPAREN, NULL, 0, start, negated);
			depth++;
			c++;
			continue;
		}
		buf_puts(&word, "");
		while (*c && !is_blank(*c)) {
			if (*c == ')') {
				if (word_parens) {
					word_parens--;
				} else if (depth) {
					break;
				}
			} else if (*c == '(') {
				word_parens++;
			}
			if (*c == '"') {
				const char *close = strchr(c + 1, '"');
				if (!close) {
					buf_free(&word);
					return fail_at(p, (size_t)(c - s), "unclosed quote");
				}
				buf_append(&word, c + 1, (size_t)(close - c - 1));
				quoted = 1;
				c = close + 1;
				continue;
			}
			if (*c == 'r' && strncmp(c, "re:/", 4) == 0 && word.len == 0) {
				/* re:/regex/ may hold blanks and parentheses, and is a
				 * token of its own */
				const char *close = strchr(c + 4, '/');
				while (close && close[-1] == '\\')
					close = strchr(close + 1, '/');
				if (!close) {
					buf_free(&word);
					return fail_at(p, (size_t)(c - s), "re:/ has no closing /");
				}
				buf_append(&word, c, (size_t)(close - c + 1));
				c = close + 1;
				if (*c && !is_blank(*c) && *c != ')') {
					buf_free(&word);
					return fail_at(p, (size_t)(c - s), "unexpected text after re:/.../");
				}
				break;
			}
			buf_putc(&word, *c++);
		}
		if (quoted && !word.len && p->src[start + (size_t)negated] == '"') {
			buf_free(&word);
			return fail_at(p, start + (size_t)negated, "empty phrase");
		}
		add_token(p, quoted && !strchr(word.data, ':') ? T_PHRASE : T_WORD, word.data, word.len, start, negated);
		if (quoted && strchr(word.data, ':')) {
			/* field:"value with blanks": a field term, not a phrase, unless
			 * the quotes were the whole token */
			if (p->src[start + (size_t)negated] == '"')
				p->tokens[p->count - 1].kind = T_PHRASE;
		}
		buf_free(&word);
	}
	add_token(p, T_END, NULL, 0, strlen(s), 0);
	return 0;
}

/* ---- nodes */

static struct node *new_node(enum node_kind kind)
{
	struct node *n = xcalloc(1, sizeof(*n));
	n->kind = kind;
	return n;
}

static void free_node(struct node *n)
{
	while (n) {
		struct node *next = n->b; /* AND/OR chains lean right: no recursion */
		size_t i;
		free_node(n->a);
		for (i = 0; i < n->value_count; i++)
			free(n->values[i]);
		free(n->values);
		free(n->folded);
		free(n->folded_cps);
		if (n->has_regex)
			regfree(&n->regex);
		free(n);
		n = next;
	}
}

static void add_value(struct node *n, const char *v, size_t len)
{
	n->values = xrealloc(n->values, (n->value_count + 1) * sizeof(*n->values));
	n->values[n->value_count++] = xstrndup(v, len);
}

enum { LIST_PLAIN, LIST_NONE = 1, LIST_ME = 2 };

/* A comma list of values (comma = or) at byte `pos` of the query. With
 * LIST_NONE, "none" stands for the empty value; with LIST_ME, "me" for
 * the actor: also inside a list, as in assignee:me,bob. Empty items are
 * skipped; an empty list is an error. */
static int add_list(struct parser *p, struct node *n, const char *field, const char *list, size_t pos, int special)
{
	const char *c = list;
	for (;;) {
		const char *comma = strchr(c, ',');
		size_t len = comma ? (size_t)(comma - c) : strlen(c);
		if ((special & LIST_NONE) && len == 4 && !strncmp(c, "none", 4)) {
			add_value(n, "", 0);
		} else if ((special & LIST_ME) && len == 2 && !strncmp(c, "me", 2)) {
			if (!p->ctx->me || !*p->ctx->me)
				return fail_at(p, pos + (size_t)(c - list), "%s:me: no actor known (set BEADS_ACTOR or USER)",
					       field);
			add_value(n, p->ctx->me, strlen(p->ctx->me));
		} else if (len) {
			add_value(n, c, len);
		}
		if (!comma)
			break;
		c = comma + 1;
	}
	if (!n->value_count)
		return fail_at(p, pos, "%s: wants a value", field);
	return 0;
}

/* One code point lower-cased (Unicode simple case folding through
 * towlower, so É/é and Ä/ä match as well as A/a). */
static uint32_t fold_cp(uint32_t cp)
{
	return cp < 0x80 ? (uint32_t)tolower((int)cp) : (uint32_t)towlower((wint_t)cp);
}

/* Lower-cases UTF-8, code point by code point. */
static char *fold(const char *s)
{
	struct buf out = {0};
	size_t len = strlen(s), i = 0;
	buf_puts(&out, "");
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (cp < 0x80)
			buf_putc(&out, (char)fold_cp(cp));
		else
			utf8_encode(&out, fold_cp(cp));
		i += n;
	}
	return out.data;
}

static int has_upper(const char *s)
{
	size_t len = strlen(s), i = 0;
	while (i < len) {
		uint32_t cp;
		i += utf8_decode(s + i, len - i, &cp);
		if (cp < 0x80 ? isupper((int)cp) : iswupper((wint_t)cp))
			return 1;
	}
	return 0;
}

static struct node *word_node(struct parser *p, const char *word, int text)
{
	struct node *n = new_node(N_WORD);
	add_value(n, word, strlen(word));
	n->text = text;
	n->case_sensitive = has_upper(word);
	if (!n->case_sensitive) {
		const char *c;
		n->folded = fold(word);
		n->folded_len = strlen(n->folded);
		n->folded_ascii = 1;
		for (c = n->folded; *c; c++)
			if ((unsigned char)*c >= 0x80)
				n->folded_ascii = 0;
		n->folded_ik = strchr(n->folded, 'i') || strchr(n->folded, 'k');
		n->folded_cps = xmalloc((n->folded_len + 1) * sizeof(*n->folded_cps));
		for (c = n->folded; *c;) {
			c += utf8_decode(c, strlen(c), &n->folded_cps[n->folded_cp_count]);
			n->folded_cp_count++;
		}
	}
	if (text)
		p->q->needs_text = 1;
	p->q->words = xrealloc(p->q->words, (p->q->word_count + 1) * sizeof(*p->q->words));
	p->q->words[p->q->word_count++] = n->values[0];
	if (n->case_sensitive)
		p->q->case_sensitive = 1;
	return n;
}

/* "7d", "2w", "12h", "3m" (30 days), "1y": a duration in microseconds. */
static int parse_duration(const char *s, int64_t *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	int64_t unit;
	if (end == s || v < 0 || !end[0] || end[1])
		return -1;
	switch (*end) {
	case 'h': unit = 3600; break;
	case 'd': unit = 86400; break;
	case 'w': unit = 7 * 86400; break;
	case 'm': unit = 30 * 86400; break;
	case 'y': unit = 365 * 86400; break;
	default: return -1;
	}
	/* strtol saturates and the product could overflow: cap it (and
	 * leave room for now - d) */
	if (v > INT64_MAX / 4 / (unit * 1000000))
		return -1;
	*out = (int64_t)v * unit * 1000000;
	return 0;
}

static int days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

/* A date (YYYY-MM-DD, whole day) as [start, end). timestamp_parse takes
 * any day up to 31 (bd never writes a bad one); a typed 2026-02-30 is a
 * mistake, not March 2. */
static int parse_day(const char *s, int64_t *start, int64_t *end)
{
	char day[16];
	size_t len = strlen(s);
	if (len != 10)
		return -1;
	memcpy(day, s, len + 1);
	*start = timestamp_parse(day);
	if (*start == TIME_NONE || atoi(day + 8) > days_in_month(atoi(day), atoi(day + 5)))
		return -1;
	*end = *start + (int64_t)86400 * 1000000;
	return 0;
}

/* created:<7d (within 7 days), created:>2w (older than 2 weeks),
 * created:2026-01-01 (that day), created:<2026-01-01, created:>2026-01-01,
 * created:2026-01-01..2026-02-01 (both days included). */
static int parse_date_term(struct parser *p, struct node *n, const char *v, size_t pos)
{
	int64_t a, b, d;
	const char *dots = strstr(v, "..");
	n->date_lo = INT64_MIN + 1;
	n->date_hi = INT64_MAX;
	if (dots) {
		char left[32];
		size_t len = (size_t)(dots - v);
		if (len >= sizeof(left))
			return fail_at(p, pos, "bad date range");
		memcpy(left, v, len);
		left[len] = '\0';
		if (parse_day(left, &n->date_lo, &a) || parse_day(dots + 2, &b, &n->date_hi))
			return fail_at(p, pos, "date range wants YYYY-MM-DD..YYYY-MM-DD");
		if (n->date_hi <= n->date_lo)
			return fail_at(p, pos, "date range ends before it starts");
		return 0;
	}
	if (*v == '<' || *v == '>') {
		int less = *v == '<';
		const char *rest = v + 1;
		if (*rest == '=')
			rest++;
		if (parse_duration(rest, &d) == 0) {
			/* relative: "<7d" is newer than 7 days ago */
			if (p->ctx->now == TIME_NONE)
				return fail_at(p, pos, "relative dates need the current time");
			if (less)
				n->date_lo = p->ctx->now - d;
			else
				n->date_hi = p->ctx->now - d;
			return 0;
		}
		if (parse_day(rest, &a, &b) == 0) {
			if (less)
				n->date_hi = rest[-1] == '=' ? b : a;
			else
				n->date_lo = rest[-1] == '=' ? a : b;
			return 0;
		}
		return fail_at(p, pos, "date wants <7d, >2w, YYYY-MM-DD or A..B");
	}
	if (parse_day(v, &n->date_lo, &n->date_hi) == 0)
		return 0;
	if (parse_duration(v, &d) == 0) {
		if (p->ctx->now == TIME_NONE)
			return fail_at(p, pos, "relative dates need the current time");
		n->date_lo = p->ctx->now - d;
		return 0;
	}
	return fail_at(p, pos, "date wants <7d, >2w, YYYY-MM-DD or A..B");
}

/* One priority digit, 0-4, as the whole of s up to `stop` (strtol would
 * take "+1", " 1" and wrap 4294967297 round to 1). */
static int prio_digit(const char *s, const char *stop)
{
	return stop == s + 1 && *s >= '0' && *s <= '4' ? *s - '0' : -1;
}

static int parse_prio(struct parser *p, struct node *n, const char *v, size_t pos)
{
	const char *dots = strstr(v, "..");
	const char *end = v + strlen(v);
	int lo = 0, hi = 4, x;
	if (dots) {
		lo = prio_digit(v, dots);
		hi = prio_digit(dots + 2, end);
		if (lo < 0 || hi < 0 || hi < lo)
			return fail_at(p, pos, "prio range wants A..B with 0 <= A <= B <= 4");
	} else if (*v == '<' || *v == '>') {
		int eq = v[1] == '=';
		x = prio_digit(v + 1 + eq, end);
		if (x < 0)
			return fail_at(p, pos, "prio wants 0-4 after %.*s", 1 + eq, v);
		if (*v == '<')
			hi = eq ? x : x - 1;
		else
			lo = eq ? x : x + 1;
	} else {
		const char *d = (*v == 'p' || *v == 'P') ? v + 1 : v;
		x = prio_digit(d, end);
		if (x < 0)
			return fail_at(p, pos, "prio wants 0-4, <N, >N or A..B");
		lo = hi = x;
	}
	n->lo = lo;
	n->hi = hi;
	return 0;
}

static const struct {
	const char *name;
	int kind;
} is_names[] = {
	{"open", IS_OPEN},         {"closed", IS_CLOSED},       {"ready", IS_READY},
	{"blocked", IS_BLOCKED},   {"deferred", IS_DEFERRED},   {"pinned", IS_PINNED},
	{"ephemeral", IS_EPHEMERAL}, {"template", IS_TEMPLATE}, {"deleted", IS_DELETED},
	{"tombstone", IS_DELETED}, {"in_progress", IS_IN_PROGRESS}, {"wip", IS_IN_PROGRESS},
}, has_names[] = {
	{"comments", HAS_COMMENTS}, {"deps", HAS_DEPS},       {"labels", HAS_LABELS},
	{"assignee", HAS_ASSIGNEE}, {"parent", HAS_PARENT},   {"children", HAS_CHILDREN},
	{"blockers", HAS_BLOCKERS},
};

static const struct {
	const char *name;
	enum sort_key key;
} sort_names[] = {
	{"prio", SORT_PRIO},         {"priority", SORT_PRIO},  {"updated", SORT_UPDATED},
	{"created", SORT_CREATED},   {"closed", SORT_CLOSED},  {"id", SORT_ID},
	{"title", SORT_TITLE},       {"status", SORT_STATUS},  {"type", SORT_TYPE},
	{"assignee", SORT_ASSIGNEE},
};

/* v: what follows "sort:" in the token at byte `pos`. */
static int add_sort(struct parser *p, const char *v, size_t pos)
{
	size_t i;
	int desc = *v == '-';
	if (desc)
		v++;
	if (!*v)
		return fail_at(p, pos + 5, "sort: wants a value");
	for (i = 0; i < ARRAY_SIZE(sort_names); i++) {
		if (strcmp(v, sort_names[i].name) != 0)
			continue;
		if (p->q->sort_count == ARRAY_SIZE(p->q->sorts))
			return fail_at(p, pos, "too many sort: terms");
		p->q->sorts[p->q->sort_count].key = sort_names[i].key;
		p->q->sorts[p->q->sort_count].descending = desc;
		p->q->sort_count++;
		return 0;
	}
	return fail_at(p, pos + 5, "unknown sort key '%s' (prio, updated, created, closed, id, title, status, type, assignee)",
		       v);
}

/* The fields that take a comma list of values. */
static const struct {
	const char *field;
	enum node_kind kind;
	int special;
} list_fields[] = {
	{"status", N_STATUS, LIST_PLAIN},
	{"type", N_TYPE, LIST_PLAIN},
	{"assignee", N_ASSIGNEE, LIST_NONE | LIST_ME},
	{"owner", N_OWNER, LIST_NONE | LIST_ME},
	{"label", N_LABEL, LIST_NONE},
	{"id", N_ID, LIST_PLAIN},
	{"parent", N_PARENT, LIST_PLAIN},
	{"blocks", N_BLOCKS, LIST_PLAIN},
	{"blocked-by", N_BLOCKED_BY, LIST_PLAIN},
};

/* One term: a field:value, a p0..p4 shorthand, a regex, or a word. */
static struct node *parse_term(struct parser *p, const struct token *t)
{
	const char *colon = t->kind == T_WORD ? strchr(t->text, ':') : NULL;
	struct node *n;
	char field[32];
	const char *v;
	size_t i, vpos;

	if (t->kind == T_PHRASE)
		return word_node(p, t->text, 0);
	if (strncmp(t->text, "re:/", 4) == 0) {
		size_t len = strlen(t->text);
		char *pattern;
		int rc;
		/* the tokenizer cut it at the closing / (a quoted re:"/x" is not) */
		if (len < 6 || t->text[len - 1] != '/') {
			fail_at(p, t->pos + (size_t)t->negated, "re:/ wants a pattern and a closing /");
			return NULL;
		}
		pattern = xstrndup(t->text + 4, len - 5);
		n = new_node(N_REGEX);
		n->case_sensitive = has_upper(pattern);
		rc = regcomp(&n->regex, pattern, REG_EXTENDED | REG_NOSUB | (n->case_sensitive ? 0 : REG_ICASE));
		free(pattern);
		if (rc != 0) {
			char msg[120];
			regerror(rc, &n->regex, msg, sizeof(msg));
			free_node(n);
			fail_at(p, t->pos, "bad regex: %s", msg);
			return NULL;
		}
		n->has_regex = 1;
		return n;
	}
	if ((t->text[0] == 'p' || t->text[0] == 'P') && t->text[1] >= '0' && t->text[1] <= '4' && !t->text[2]) {
		n = new_node(N_PRIO);
		n->lo = n->hi = t->text[1] - '0';
		return n;
	}
	/* a URL (https://...) is a word, not a field */
	if (!colon || colon == t->text || !strncmp(colon, "://", 3))
		return word_node(p, t->text, 0);
	if ((size_t)(colon - t->text) >= sizeof(field)) {
		fail_at(p, t->pos + (size_t)t->negated, "unknown field");
		return NULL;
	}
	memcpy(field, t->text, (size_t)(colon - t->text));
	field[colon - t->text] = '\0';
	v = colon + 1;
	vpos = t->pos + (size_t)t->negated + (size_t)(v - t->text);
	if (!*v) {
		fail_at(p, vpos, "%s: wants a value", field);
		return NULL;
	}

	for (i = 0; i < ARRAY_SIZE(list_fields); i++) {
		if (strcmp(field, list_fields[i].field) != 0)
			continue;
		n = new_node(list_fields[i].kind);
		if (add_list(p, n, field, v, vpos, list_fields[i].special)) {
			free_node(n);
			return NULL;
		}
		if (n->kind == N_STATUS)
			for (i = 0; i < n->value_count; i++)
				if (!strcmp(n->values[i], "tombstone"))
					p->q->wants_tombstones = 1;
		return n;
	}
	if (!strcmp(field, "prio") || !strcmp(field, "priority")) {
		n = new_node(N_PRIO);
		if (parse_prio(p, n, v, vpos)) {
			free_node(n);
			return NULL;
		}
		return n;
	}
	if (!strcmp(field, "created") || !strcmp(field, "updated") || !strcmp(field, "closed")) {
		n = new_node(N_DATE);
		n->date_field = field[0] == 'c' ? (field[1] == 'r' ? DATE_CREATED : DATE_CLOSED) : DATE_UPDATED;
		if (parse_date_term(p, n, v, vpos)) {
			free_node(n);
			return NULL;
		}
		return n;
	}
	if (!strcmp(field, "is")) {
		for (i = 0; i < ARRAY_SIZE(is_names); i++) {
			if (!strcmp(v, is_names[i].name)) {
				n = new_node(N_IS);
				n->is = is_names[i].kind;
				if (n->is == IS_DELETED)
					p->q->wants_tombstones = 1;
				return n;
			}
		}
		/* is:epic, is:bug ...: the type */
		n = new_node(N_TYPE);
		add_value(n, v, strlen(v));
		return n;
	}
	if (!strcmp(field, "has")) {
		for (i = 0; i < ARRAY_SIZE(has_names); i++) {
			if (!strcmp(v, has_names[i].name)) {
				n = new_node(N_HAS);
				n->is = has_names[i].kind;
				return n;
			}
		}
		fail_at(p, vpos, "has: wants comments, deps, labels, assignee, parent, children or blockers");
		return NULL;
	}
	if (!strcmp(field, "text"))
		return word_node(p, v, 1);
	if (!strcmp(field, "sort")) {
		fail_at(p, t->pos, "sort: cannot be negated");
		return NULL;
	}
	fail_at(p, t->pos + (size_t)t->negated, "unknown field '%s'", field);
	return NULL;
}

static struct node *parse_or(struct parser *p);

static const struct token *peek(struct parser *p)
{
	return &p->tokens[p->at];
}

static int is_keyword(const struct token *t, const char *kw)
{
	return t->kind == T_WORD && !t->negated && strcmp(t->text, kw) == 0;
}

/* Deeper than any hand-typed query; the parser and the evaluator
 * recurse, and a pasted wall of ( must not run out of stack. */
#define MAX_DEPTH 64

static struct node *negate(struct node *n)
{
	struct node *neg = new_node(N_NOT);
	neg->a = n;
	return neg;
}

static struct node *parse_unary(struct parser *p)
{
	const struct token *t = peek(p);
	struct node *n;
	if (t->kind == T_END) {
		fail_at(p, t->pos, "expected a term");
		return NULL;
	}
	if ((is_keyword(t, "not") || t->kind == T_LPAREN) && p->depth >= MAX_DEPTH) {
		fail_at(p, t->pos, "nested too deeply (%d levels at most)", MAX_DEPTH);
		return NULL;
	}
	if (is_keyword(t, "not")) {
		p->at++;
		p->depth++;
		n = parse_unary(p);
		p->depth--;
		return n ? negate(n) : NULL;
	}
	if (t->kind == T_LPAREN) {
		p->at++;
		p->depth++;
		n = parse_or(p);
		p->depth--;
		if (!n)
			return NULL;
		if (peek(p)->kind != T_RPAREN) {
			/* parse_or stops only at ) or the end: point at the ( */
			free_node(n);
			fail_at(p, t->pos, "unclosed (");
			return NULL;
		}
		p->at++;
		return t->negated ? negate(n) : n;
	}
	if (t->kind == T_RPAREN) {
		fail_at(p, t->pos, "unexpected )");
		return NULL;
	}
	p->at++;
	n = parse_term(p, t);
	return n && t->negated ? negate(n) : n;
}

/* a b c becomes AND(a, AND(b, c)): the chain leans right, so that eval
 * and free_node walk it in a loop however many terms a pasted query has,
 * and a is still tested first. */
static struct node *chain(struct node **tail, enum node_kind kind, struct node *right)
{
	struct node *both = new_node(kind);
	both->a = *tail;
	both->b = right;
	*tail = both;
	return both;
}

static struct node *parse_and(struct parser *p)
{
	struct node *first = parse_unary(p), **tail = &first;
	while (first) {
		const struct token *t = peek(p);
		struct node *right;
		if (t->kind == T_END || t->kind == T_RPAREN || is_keyword(t, "or"))
			break;
		if (is_keyword(t, "and"))
			p->at++;
		right = parse_unary(p);
		if (!right) {
			free_node(first);
			return NULL;
		}
		tail = &chain(tail, N_AND, right)->b;
	}
	return first;
}

static struct node *parse_or(struct parser *p)
{
	struct node *first = parse_and(p), **tail = &first;
	while (first && is_keyword(peek(p), "or")) {
		struct node *right;
		p->at++;
		right = parse_and(p);
		if (!right) {
			free_node(first);
			return NULL;
		}
		tail = &chain(tail, N_OR, right)->b;
	}
	return first;
}

struct query *query_compile(const char *text, const struct query_context *ctx, struct query_error *err)
{
	/* no context: no actor and no clock, so assignee:me and created:<7d
	 * fail with a message instead of crashing */
	static const struct query_context no_context = {NULL, TIME_NONE};
	struct query_error ignored;
	struct parser p;
	struct query *q = xcalloc(1, sizeof(*q));
	size_t i, w;
	memset(&p, 0, sizeof(p));
	p.src = text ? text : "";
	p.q = q;
	p.ctx = ctx ? ctx : &no_context;
	p.err = err = err ? err : &ignored;
	err->pos = 0;
	err->msg[0] = '\0';
	if (tokenize(&p) == 0) {
		/* sort: terms apply to the whole query: take them out first */
		for (i = 0, w = 0; i < p.count; i++) {
			struct token *t = &p.tokens[i];
			if (t->kind == T_WORD && !t->negated && !strncmp(t->text, "sort:", 5)) {
				add_sort(&p, t->text + 5, t->pos);
				free(t->text);
				continue;
			}
			p.tokens[w++] = *t;
		}
		p.count = w;
		if (!p.failed)
			q->root = p.tokens[0].kind == T_END ? new_node(N_TRUE) : parse_or(&p);
		if (!p.failed && peek(&p)->kind != T_END)
			fail_at(&p, peek(&p)->pos, "unexpected )");
	}
	for (i = 0; i < p.count; i++)
		free(p.tokens[i].text);
	free(p.tokens);
	if (p.failed || !q->root) {
		if (!p.failed)
			fail_at(&p, 0, "bad query");
		query_free(q);
		return NULL;
	}
	return q;
}

void query_free(struct query *q)
{
	if (!q)
		return;
	free_node(q->root);
	free(q->words);
	free(q);
}

int query_needs_text(const struct query *q)
{
	return q->needs_text;
}

size_t query_highlight_words(const struct query *q, const char *const **words)
{
	*words = q->words;
	return q->word_count;
}

int query_case_sensitive(const struct query *q)
{
	return q->case_sensitive;
}

/* ---- evaluation */

static int in_values(const struct node *n, const char *s)
{
	size_t i;
	for (i = 0; i < n->value_count; i++)
		if (!strcmp(n->values[i], s))
			return 1;
	return 0;
}

static int lower_ascii(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int match_here(const unsigned char *h, const char *needle, size_t len)
{
	size_t k;
	for (k = 0; k < len; k++)
		if (lower_ascii(h[k]) != (unsigned char)needle[k])
			return 0;
	return 1;
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* The bytes of a 64-bit word that are zero get their high bit set (and
 * maybe some above a zero byte; never a zero byte missed). */
static uint64_t zero_bytes(uint64_t x)
{
	return (x - ONES) & ~x & HIGHS;
}

/* The bytes of the word at h that equal c, in either case when c is a
 * lower-case letter (OR 0x20 makes both cases one byte; other bytes it
 * confuses are sorted out by match_here). */
static uint64_t bytes_like(const unsigned char *h, unsigned char c)
{
	uint64_t w, case_bits = c >= 'a' && c <= 'z' ? ONES * 0x20 : 0;
	memcpy(&w, h, sizeof(w));
	return zero_bytes((w | case_bits) ^ (ONES * c));
}

/* An ASCII needle (folded) in any haystack, ignoring ASCII case: no
 * folding, no allocation, no locale call per byte, and eight start
 * positions a step, skipping words where the needle's first two bytes do
 * not both appear at the same offset (one common letter alone is in most
 * words of English text): text: reads every description of the set on
 * each keystroke. Bytes >= 0x80 are parts of UTF-8 sequences and never
 * match an ASCII byte. */
static int contains_ascii_nocase(const char *hay, const char *needle, size_t len)
{
	const unsigned char *h = (const unsigned char *)hay;
	const unsigned char *n = (const unsigned char *)needle;
	size_t starts = strlen(hay), i = 0, k;
	if (starts < len)
		return 0;
	/* the positions a match can start at; with len >= 2 the second load,
	 * at i + 1, ends at i + 9 <= starts + 1 <= the length: in the string */
	starts -= len - 1;
	for (; i + 8 <= starts; i += 8) {
		uint64_t candidates = bytes_like(h + i, n[0]);
		if (candidates && len > 1)
			candidates &= bytes_like(h + i + 1, n[1]);
		if (!candidates)
			continue;
		for (k = 0; k < 8; k++)
			if (match_here(h + i + k, needle, len))
				return 1;
	}
	for (; i < starts; i++)
		if (match_here(h + i, needle, len))
			return 1;
	return 0;
}

/* Decodes the character at s[i] (ASCII without a call) and folds it. */
static size_t folded_at(const char *s, size_t i, size_t len, uint32_t *cp)
{
	size_t step;
	if ((unsigned char)s[i] < 0x80) {
		*cp = (uint32_t)lower_ascii((unsigned char)s[i]);
		return 1;
	}
	step = utf8_decode(s + i, len - i, cp);
	*cp = fold_cp(*cp);
	return step;
}

/* A needle with characters outside ASCII: compare folded code points as
 * the haystack is decoded, with no folded copy of it. No ASCII character
 * folds out of ASCII, so when the needle starts outside ASCII the ASCII
 * bytes of the haystack are stepped over without decoding. */
static int contains_folded_cps(const char *hay, const uint32_t *cps, size_t count)
{
	size_t len = strlen(hay), i = 0;
	while (i < len) {
		uint32_t cp;
		size_t step, j, k;
		if (cps[0] >= 0x80 && (unsigned char)hay[i] < 0x80) {
			i++;
			continue;
		}
		step = folded_at(hay, i, len, &cp);
		if (cp == cps[0]) {
			for (j = i + step, k = 1; k < count && j < len; k++) {
				j += folded_at(hay, j, len, &cp);
				if (cp != cps[k])
					break;
			}
			if (k == count)
				return 1;
		}
		i += step;
	}
	return 0;
}

/* Case-insensitive substring of a folded needle: the byte search for an
 * ASCII needle (nearly always), else by code points. Only two characters
 * outside ASCII fold into it (towlower: U+0130 to i, U+212A KELVIN SIGN
 * to k), so an ASCII needle needs the code points only when it has an i
 * or a k and the haystack one of those. */
static int contains_folded(const struct node *n, const char *hay)
{
	if (!n->folded_cp_count)
		return 1;
	if (n->folded_ascii) {
		if (contains_ascii_nocase(hay, n->folded, n->folded_len))
			return 1;
		if (!n->folded_ik || (!strstr(hay, "\xc4\xb0") && !strstr(hay, "\xe2\x84\xaa")))
			return 0;
	}
	return contains_folded_cps(hay, n->folded_cps, n->folded_cp_count);
}

static int word_in(const struct node *n, const char *s)
{
	if (!s || !*s)
		return 0;
	return n->case_sensitive ? strstr(s, n->values[0]) != NULL : contains_folded(n, s);
}

static int match_word(const struct node *n, const struct issue_set *set, const struct issue *issue)
{
	const struct issue_text *t;
	if (word_in(n, issue->id) || word_in(n, issue->title))
		return 1;
	if (!n->text || !set->texts)
		return 0;
	t = &set->texts[issue - set->issues];
	return word_in(n, t->description) || word_in(n, t->design) || word_in(n, t->acceptance_criteria) ||
	       word_in(n, t->notes) || word_in(n, t->comments);
}

/* Does the issue have a dependency of the group on an issue whose id is
 * in the node's values? `outgoing`: issue depends on it. */
static int linked_to(const struct node *n, const struct issue_set *set, const struct issue *issue, int outgoing,
		     int parent_child)
{
	uint32_t i, count = outgoing ? issue->dep_count : issue->rdep_count;
	for (i = 0; i < count; i++) {
		const struct dep *d = outgoing ? &set->deps[issue->dep_first + i]
					       : &set->deps[set->rdeps[issue->rdep_first + i]];
		int blocking = d->kind == DEP_BLOCKS || d->kind == DEP_CONDITIONAL_BLOCKS || d->kind == DEP_WAITS_FOR;
		const char *other = outgoing ? d->to_id : set->issues[d->from].id;
		if (parent_child ? d->kind != DEP_PARENT_CHILD : !blocking)
			continue;
		if (in_values(n, other))
			return 1;
	}
	return 0;
}

static int has_dep_kind(const struct issue_set *set, const struct issue *issue, int outgoing, int parent_child)
{
	uint32_t i, count = outgoing ? issue->dep_count : issue->rdep_count;
	for (i = 0; i < count; i++) {
		const struct dep *d = outgoing ? &set->deps[issue->dep_first + i]
					       : &set->deps[set->rdeps[issue->rdep_first + i]];
		if (parent_child ? d->kind == DEP_PARENT_CHILD
				 : d->kind == DEP_BLOCKS || d->kind == DEP_CONDITIONAL_BLOCKS || d->kind == DEP_WAITS_FOR)
			return 1;
	}
	return 0;
}

static int match_is(int kind, const struct issue_set *set, const struct issue *issue)
{
	enum status_kind s = (enum status_kind)issue->status_kind;
	switch ((enum is_kind)kind) {
	case IS_OPEN:
		return s != STATUS_CLOSED && s != STATUS_TOMBSTONE;
	case IS_CLOSED:
		return s == STATUS_CLOSED;
	case IS_READY:
		return (issue->flags & ISSUE_READY) != 0;
	case IS_BLOCKED:
		return (issue->flags & ISSUE_BLOCKED) || s == STATUS_BLOCKED;
	case IS_DEFERRED:
		return s == STATUS_DEFERRED || (issue->defer_until != TIME_NONE && issue->defer_until > set->now);
	case IS_PINNED:
		return (issue->flags & ISSUE_PINNED) != 0;
	case IS_EPHEMERAL:
		return (issue->flags & ISSUE_EPHEMERAL) != 0;
	case IS_TEMPLATE:
		return (issue->flags & ISSUE_TEMPLATE) != 0;
	case IS_DELETED:
		return s == STATUS_TOMBSTONE;
	case IS_IN_PROGRESS:
		return s == STATUS_IN_PROGRESS;
	}
	return 0;
}

static int match_has(int kind, const struct issue_set *set, const struct issue *issue)
{
	switch ((enum has_kind)kind) {
	case HAS_COMMENTS:
		return issue->comment_count > 0;
	case HAS_DEPS:
		return issue->dep_count > 0;
	case HAS_LABELS:
		return issue->label_count > 0;
	case HAS_ASSIGNEE:
		return *issue->assignee != '\0';
	case HAS_PARENT:
		return has_dep_kind(set, issue, 1, 1);
	case HAS_CHILDREN:
		return has_dep_kind(set, issue, 0, 1);
	case HAS_BLOCKERS:
		return has_dep_kind(set, issue, 1, 0);
	}
	return 0;
}

static int eval(const struct node *n, const struct issue_set *set, const struct issue *issue)
{
	size_t i;
	/* down the right-leaning AND/OR chains in a loop */
	while (n->kind == N_AND || n->kind == N_OR) {
		if (eval(n->a, set, issue) != (n->kind == N_AND))
			return n->kind == N_OR;
		n = n->b;
	}
	switch (n->kind) {
	case N_TRUE:
		return 1;
	case N_AND:
	case N_OR:
		return 0; /* handled above */
	case N_NOT:
		return !eval(n->a, set, issue);
	case N_WORD:
		return match_word(n, set, issue);
	case N_REGEX:
		return regexec(&n->regex, issue->title, 0, NULL, 0) == 0 ||
		       regexec(&n->regex, issue->id, 0, NULL, 0) == 0;
	case N_STATUS:
		return in_values(n, issue->status);
	case N_TYPE:
		return in_values(n, issue->issue_type);
	case N_ASSIGNEE:
		return in_values(n, issue->assignee);
	case N_OWNER:
		return in_values(n, issue->owner);
	case N_LABEL:
		if (!issue->label_count)
			return in_values(n, ""); /* label:none */
		for (i = 0; i < issue->label_count; i++)
			if (in_values(n, issue->labels[i]))
				return 1;
		return 0;
	case N_ID:
		for (i = 0; i < n->value_count; i++)
			if (!strncmp(issue->id, n->values[i], strlen(n->values[i])))
				return 1;
		return 0;
	case N_PRIO:
		return issue->priority >= n->lo && issue->priority <= n->hi;
	case N_IS:
		return match_is(n->is, set, issue);
	case N_HAS:
		return match_has(n->is, set, issue);
	case N_PARENT:
		return linked_to(n, set, issue, 1, 1);
	case N_BLOCKS:
		/* issues that block a value: the value depends on them */
		return linked_to(n, set, issue, 0, 0);
	case N_BLOCKED_BY:
		return linked_to(n, set, issue, 1, 0);
	case N_DATE: {
		int64_t t = n->date_field == DATE_CREATED ? issue->created_at
			  : n->date_field == DATE_UPDATED ? issue->updated_at : issue->closed_at;
		return t != TIME_NONE && t >= n->date_lo && t < n->date_hi;
	}
	}
	return 0;
}

int query_match(const struct query *q, const struct issue_set *set, const struct issue *issue)
{
	return eval(q->root, set, issue);
}

/* ---- order */

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* The sort: keys, or with none the default order. */
static int cmp_rows(const struct query *q, const struct issue_set *set, uint32_t ia, uint32_t ib)
{
	const struct issue *a = &set->issues[ia], *b = &set->issues[ib];
	size_t i;
	if (!q)
		return issue_compare_default(set, a, b);
	for (i = 0; i < q->sort_count; i++) {
		int c = 0;
		switch (q->sorts[i].key) {
		case SORT_PRIO: c = a->priority - b->priority; break;
		case SORT_UPDATED: c = cmp_i64(a->updated_at, b->updated_at); break;
		case SORT_CREATED: c = cmp_i64(a->created_at, b->created_at); break;
		case SORT_CLOSED: c = cmp_i64(a->closed_at, b->closed_at); break;
		case SORT_ID: c = id_compare_natural(a->id, b->id); break;
		case SORT_TITLE: c = strcmp(a->title, b->title); break;
		case SORT_STATUS: c = strcmp(a->status, b->status); break;
		case SORT_TYPE: c = strcmp(a->issue_type, b->issue_type); break;
		case SORT_ASSIGNEE: c = strcmp(a->assignee, b->assignee); break;
		}
		if (c)
			return q->sorts[i].descending ? (c < 0 ? 1 : -1) : (c < 0 ? -1 : 1);
	}
	return 0;
}

/* A bottom-up merge sort of issue indices. Stable, so rows that tie on
 * every sort: key keep the default order they arrive in; and it takes
 * its context as arguments: qsort has none (a static one would race when
 * two filters run at once, say a worker thread and a search) and
 * qsort_r's signature differs between glibc and the BSDs. */
static void sort_rows(uint32_t *rows, size_t n, const struct query *q, const struct issue_set *set)
{
	uint32_t *tmp, *src = rows, *dst, *swap;
	size_t width, lo;
	if (n < 2)
		return;
	dst = tmp = xmalloc(n * sizeof(*tmp));
	for (width = 1; width < n; width *= 2) {
		for (lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;
			/* the right run goes first only when strictly smaller */
			while (i < mid && j < hi)
				dst[k++] = cmp_rows(q, set, src[j], src[i]) < 0 ? src[j++] : src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		swap = src;
		src = dst;
		dst = swap;
	}
	if (src != rows)
		memcpy(rows, src, n * sizeof(*rows));
	free(tmp);
}

size_t query_run(const struct query *q, const struct issue_set *set, uint32_t *out)
{
	size_t n = 0, i;
	if (q->wants_tombstones && !set->show_tombstones) {
		/* set->order leaves tombstones out: every issue, then the
		 * default order with tombstones included */
		for (i = 0; i < set->count; i++)
			if (eval(q->root, set, &set->issues[i]))
				out[n++] = (uint32_t)i;
		sort_rows(out, n, NULL, set);
	} else if (set->order_count) {
		/* Test the shown issues in memory order, not in set->order: the
		 * issues and their strings lie in the arena in load order, and
		 * jumping about them the way the default order does costs a
		 * cache miss or three per issue, most of the time of a simple
		 * query at 100,000 issues. Then pick the matches up in order. */
		unsigned char *state = xcalloc(set->count, 1); /* 1 shown, 3 shown and matching */
		for (i = 0; i < set->order_count; i++)
			state[set->order[i]] = 1;
		for (i = 0; i < set->count; i++)
			if (state[i] && eval(q->root, set, &set->issues[i]))
				state[i] = 3;
		for (i = 0; i < set->order_count; i++)
			if (state[set->order[i]] == 3)
				out[n++] = set->order[i];
		free(state);
	}
	if (q->sort_count)
		sort_rows(out, n, q, set);
	return n;
}

/* ---- completion and documentation */

static const char *const field_names[] = {
	"status:", "is:", "type:", "prio:", "assignee:", "owner:", "label:", "id:", "parent:",
	"blocks:", "blocked-by:", "created:", "updated:", "closed:", "has:", "text:", "sort:", "re:/",
};

/* One completion in progress: the text kept in front of the value being
 * typed (a leading -, the field, the values before the last comma), so
 * that every candidate starts with the whole word under the cursor. */
struct completion {
	const char *head;   /* the word typed, up to the value being typed */
	size_t head_len;
	const char *list;   /* the values already typed, before the last comma */
	size_t list_len;
	const char *typed;  /* the start of the value being typed */
	const char **seen;  /* distinct values offered so far */
	size_t seen_count, seen_cap;
	struct buf cand;
	void (*emit)(void *ctx, const char *candidate);
	void *ctx;
};

/* Whether v is already one of the comma-separated values in list. */
static int in_typed_list(const char *list, size_t len, const char *v)
{
	size_t vl = strlen(v);
	const char *c = list, *end = list + len;
	while (c < end) {
		const char *comma = memchr(c, ',', (size_t)(end - c));
		size_t item = comma ? (size_t)(comma - c) : (size_t)(end - c);
		if (item == vl && !memcmp(c, v, vl))
			return 1;
		c += item + 1;
	}
	return 0;
}

/* Offers v once, when it extends what is typed and is not in the list
 * yet; distinct values in first-seen order (a linear check: completion
 * stops at 200 values, which is all a popup can show). */
static void offer(struct completion *c, const char *v)
{
	size_t k;
	if (!*v || strncmp(v, c->typed, strlen(c->typed)) != 0 || c->seen_count >= 200)
		return;
	if (in_typed_list(c->list, c->list_len, v))
		return;
	for (k = 0; k < c->seen_count; k++)
		if (c->seen[k] == v || !strcmp(c->seen[k], v))
			return;
	GROW(c->seen, c->seen_cap, c->seen_count + 1);
	c->seen[c->seen_count++] = v;
	buf_reset(&c->cand);
	buf_append(&c->cand, c->head, c->head_len);
	buf_puts(&c->cand, v);
	c->emit(c->ctx, c->cand.data);
}

static void complete_values(struct completion *c, const char *field, const struct issue_set *set)
{
	size_t i, j;
	if (!strcmp(field, "is")) {
		for (i = 0; i < ARRAY_SIZE(is_names); i++)
			offer(c, is_names[i].name);
		for (i = 0; i < set->count; i++) /* is:epic, is:bug ... */
			offer(c, set->issues[i].issue_type);
	} else if (!strcmp(field, "has")) {
		for (i = 0; i < ARRAY_SIZE(has_names); i++)
			offer(c, has_names[i].name);
	} else if (!strcmp(field, "sort")) {
		for (i = 0; i < ARRAY_SIZE(sort_names); i++)
			offer(c, sort_names[i].name);
	} else if (!strcmp(field, "prio") || !strcmp(field, "priority")) {
		static const char *const prios[] = {"0", "1", "2", "3", "4"};
		for (i = 0; i < ARRAY_SIZE(prios); i++)
			offer(c, prios[i]);
	} else {
		for (i = 0; i < set->count; i++) {
			const struct issue *issue = &set->issues[i];
			if (!strcmp(field, "status"))
				offer(c, issue->status);
			else if (!strcmp(field, "type"))
				offer(c, issue->issue_type);
			else if (!strcmp(field, "assignee"))
				offer(c, issue->assignee);
			else if (!strcmp(field, "owner"))
				offer(c, issue->owner);
			else if (!strcmp(field, "label"))
				for (j = 0; j < issue->label_count; j++)
					offer(c, issue->labels[j]);
		}
		if (!strcmp(field, "assignee") || !strcmp(field, "owner") || !strcmp(field, "label"))
			offer(c, "none");
		if (!strcmp(field, "assignee") || !strcmp(field, "owner"))
			offer(c, "me");
	}
}

void query_complete(const struct issue_set *set, const char *prefix, void (*emit)(void *ctx, const char *candidate),
		    void *ctx)
{
	const char *word = *prefix == '-' ? prefix + 1 : prefix; /* -status: completes as -status:... */
	const char *colon = strchr(word, ':');
	struct completion c;
	char field[32];
	size_t i, len;
	memset(&c, 0, sizeof(c));
	c.emit = emit;
	c.ctx = ctx;
	if (!colon) {
		c.head = prefix;
		c.head_len = (size_t)(word - prefix);
		c.typed = word;
		c.list = "";
		for (i = 0; i < ARRAY_SIZE(field_names); i++)
			offer(&c, field_names[i]);
	} else if ((len = (size_t)(colon - word)) < sizeof(field)) {
		const char *comma = strrchr(colon + 1, ',');
		memcpy(field, word, len);
		field[len] = '\0';
		/* after a comma, complete the last value of the list */
		c.typed = comma ? comma + 1 : colon + 1;
		c.list = colon + 1;
		c.list_len = comma ? (size_t)(comma - c.list) : 0;
		if (!strcmp(field, "sort") && *c.typed == '-')
			c.typed++; /* sort:-up completes as sort:-updated */
		c.head = prefix;
		c.head_len = (size_t)(c.typed - prefix);
		complete_values(&c, field, set);
	}
	free(c.seen);
	buf_free(&c.cand);
}

static const struct query_field_doc field_docs[] = {
	{"word, \"a phrase\"", "id or title contains it (any case; an upper-case letter makes it exact)"},
	{"re:/regex/", "title or id matches the extended regular expression"},
	{"text:word", "the description, design, acceptance criteria, notes or comments contain it too"},
	{"status:open,in_progress", "status is one of these (a comma means or)"},
	{"is:open", "not closed or deleted; also is:closed, is:ready, is:blocked, is:deferred, is:in_progress, "
		    "is:pinned, is:ephemeral, is:template, is:deleted, and is:TYPE (is:epic)"},
	{"type:bug,feature", "type is one of these"},
	{"prio:1 prio:<2 prio:1..3 p0..p4", "priority is, is below, is in the range"},
	{"assignee:alice assignee:none assignee:me", "assigned to (me: the config's set actor, else $BEADS_ACTOR, else $USER)"},
	{"owner:bob", "owned by"},
	{"label:perf label:none", "has one of these labels, or none"},
	{"id:bd-1", "id starts with"},
	{"parent:bd-x", "children of bd-x"},
	{"blocks:bd-x", "issues that block bd-x"},
	{"blocked-by:bd-x", "issues that bd-x blocks"},
	{"created:<7d updated:>2w closed:2026-01-01..2026-02-01",
	 "newer than, older than (h, d, w, m, y), on a day, before/after a day (<DATE >DATE), between days"},
	{"has:comments", "has comments; also has:deps, has:labels, has:assignee, has:parent, has:children, has:blockers"},
	{"-term, not term", "negation"},
	{"a b, a and b, a or b, ( )", "terms AND by default; or and parentheses for the rest"},
	{"sort:prio sort:-updated", "order by prio, updated, created, closed, id, title, status, type or assignee "
				    "(- for descending; several allowed; ties keep the default order)"},
};

const struct query_field_doc *query_field_docs(size_t *count)
{
	*count = ARRAY_SIZE(field_docs);
	return field_docs;
}
