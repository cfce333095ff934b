/* The query language: a small recursive-descent parser over whitespace
 * separated terms, compiled into a tree that is evaluated per issue. */
#include "query.h"

#include <ctype.h>
#include <regex.h>
#include <stdarg.h>
#include <strings.h>
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

/* Splits on blanks; "quoted phrases" and field:"quoted values" keep their
 * blanks; ( and ) stand alone; a leading - negates. */
static int tokenize(struct parser *p)
{
	const char *s = p->src, *c = s;
	while (*c) {
		size_t start;
		int negated = 0;
		struct buf word = {0};
		int quoted = 0;
		if (*c == ' ' || *c == '\t' || *c == '\n') {
			c++;
			continue;
		}
		if (*c == '(' || *c == ')') {
			add_token(p, *c == '(' ? T_LPAREN : T_RPAREN, NULL, 0, (size_t)(c - s), 0);
			c++;
			continue;
		}
		start = (size_t)(c - s);
		if (*c == '-' && c[1] && c[1] != ' ' && c[1] != '-') {
			negated = 1;
			c++;
		}
		buf_puts(&word, "");
		while (*c && *c != ' ' && *c != '\t' && *c != '\n' && *c != ')' && (*c != '(' || word.len)) {
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
				/* re:/regex/ may hold blanks and parentheses */
				const char *close = strchr(c + 4, '/');
				while (close && close[-1] == '\\')
					close = strchr(close + 1, '/');
				if (!close) {
					buf_free(&word);
					return fail_at(p, (size_t)(c - s), "re:/ has no closing /");
				}
				buf_append(&word, c, (size_t)(close - c + 1));
				c = close + 1;
				continue;
			}
			buf_putc(&word, *c++);
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
	size_t i;
	if (!n)
		return;
	free_node(n->a);
	free_node(n->b);
	for (i = 0; i < n->value_count; i++)
		free(n->values[i]);
	free(n->values);
	free(n->folded);
	if (n->has_regex)
		regfree(&n->regex);
	free(n);
}

static void add_value(struct node *n, const char *v, size_t len)
{
	n->values = xrealloc(n->values, (n->value_count + 1) * sizeof(*n->values));
	n->values[n->value_count++] = xstrndup(v, len);
}

/* comma = or */
static void add_values(struct node *n, const char *list)
{
	const char *c = list;
	for (;;) {
		const char *comma = strchr(c, ',');
		size_t len = comma ? (size_t)(comma - c) : strlen(c);
		if (len)
			add_value(n, c, len);
		if (!comma)
			break;
		c = comma + 1;
	}
}

/* Lower-cases UTF-8 (Unicode simple case folding through towlower, so
 * É/é and Ä/ä match as well as A/a). */
static char *fold(const char *s)
{
	struct buf out = {0};
	size_t len = strlen(s), i = 0;
	buf_puts(&out, "");
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (cp < 0x80)
			buf_putc(&out, (char)tolower((int)cp));
		else
			utf8_encode(&out, (uint32_t)towlower((wint_t)cp));
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
	if (!n->case_sensitive)
		n->folded = fold(word);
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
	*out = (int64_t)v * unit * 1000000;
	return 0;
}

/* A date (YYYY-MM-DD, whole day) as [start, end). */
static int parse_day(const char *s, int64_t *start, int64_t *end)
{
	char day[16];
	size_t len = strlen(s);
	if (len != 10)
		return -1;
	memcpy(day, s, len + 1);
	*start = timestamp_parse(day);
	if (*start == TIME_NONE)
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
		return 0;
	}
	if (*v == '<' || *v == '>') {
		int less = *v == '<';
		const char *rest = v + 1;
		if (*rest == '=')
			rest++;
		if (parse_duration(rest, &d) == 0) {
			/* relative: "<7d" is newer than 7 days ago */
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
		n->date_lo = p->ctx->now - d;
		return 0;
	}
	return fail_at(p, pos, "date wants <7d, >2w, YYYY-MM-DD or A..B");
}

static int parse_prio(struct parser *p, struct node *n, const char *v, size_t pos)
{
	const char *dots = strstr(v, "..");
	int lo = 0, hi = 4, x;
	char *end;
	if (dots) {
		lo = (int)strtol(v, &end, 10);
		if (end != dots || lo < 0 || lo > 4)
			return fail_at(p, pos, "prio wants 0-4");
		hi = (int)strtol(dots + 2, &end, 10);
		if (*end || end == dots + 2 || hi < 0 || hi > 4 || hi < lo)
			return fail_at(p, pos, "prio wants 0-4");
	} else if (*v == '<' || *v == '>') {
		int eq = v[1] == '=';
		x = (int)strtol(v + 1 + eq, &end, 10);
		if (*end || end == v + 1 + eq || x < 0 || x > 4)
			return fail_at(p, pos, "prio wants 0-4");
		if (*v == '<')
			hi = eq ? x : x - 1;
		else
			lo = eq ? x : x + 1;
	} else {
		const char *d = (*v == 'p' || *v == 'P') ? v + 1 : v;
		x = (int)strtol(d, &end, 10);
		if (*end || end == d || x < 0 || x > 4)
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

static int add_sort(struct parser *p, const char *v, size_t pos)
{
	size_t i;
	int desc = *v == '-';
	if (desc)
		v++;
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
	return fail_at(p, pos, "unknown sort key '%s' (prio, updated, created, closed, id, title, status, type, assignee)", v);
}

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
		char *pattern = xstrndup(t->text + 4, len - 5);
		int rc;
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
	if (!colon || colon == t->text)
		return word_node(p, t->text, 0);
	if ((size_t)(colon - t->text) >= sizeof(field)) {
		fail_at(p, t->pos, "unknown field");
		return NULL;
	}
	memcpy(field, t->text, (size_t)(colon - t->text));
	field[colon - t->text] = '\0';
	v = colon + 1;
	vpos = t->pos + (size_t)t->negated + (size_t)(v - t->text);
	if (!*v && strcmp(field, "http") && strcmp(field, "https")) {
		fail_at(p, vpos, "%s: wants a value", field);
		return NULL;
	}

	if (!strcmp(field, "status")) {
		n = new_node(N_STATUS);
		add_values(n, v);
		for (i = 0; i < n->value_count; i++)
			if (!strcmp(n->values[i], "tombstone"))
				p->q->wants_tombstones = 1;
		return n;
	}
	if (!strcmp(field, "type")) {
		n = new_node(N_TYPE);
		add_values(n, v);
		return n;
	}
	if (!strcmp(field, "assignee") || !strcmp(field, "owner")) {
		n = new_node(field[0] == 'a' ? N_ASSIGNEE : N_OWNER);
		if (!strcmp(v, "none")) {
			add_value(n, "", 0);
		} else if (!strcmp(v, "me")) {
			if (!p->ctx->me || !*p->ctx->me) {
				free_node(n);
				fail_at(p, vpos, "%s:me: no actor known (set BEADS_ACTOR or USER)", field);
				return NULL;
			}
			add_value(n, p->ctx->me, strlen(p->ctx->me));
		} else {
			add_values(n, v);
		}
		return n;
	}
	if (!strcmp(field, "label")) {
		n = new_node(N_LABEL);
		if (!strcmp(v, "none"))
			add_value(n, "", 0);
		else
			add_values(n, v);
		return n;
	}
	if (!strcmp(field, "id") || !strcmp(field, "parent") || !strcmp(field, "blocks") ||
	    !strcmp(field, "blocked-by")) {
		n = new_node(!strcmp(field, "id") ? N_ID : !strcmp(field, "parent") ? N_PARENT
						: !strcmp(field, "blocks") ? N_BLOCKS : N_BLOCKED_BY);
		add_values(n, v);
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
		fail_at(p, t->pos, "sort: cannot be negated or grouped");
		return NULL;
	}
	fail_at(p, t->pos, "unknown field '%s'", field);
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

static struct node *parse_unary(struct parser *p)
{
	const struct token *t = peek(p);
	struct node *n;
	if (t->kind == T_END) {
		fail_at(p, t->pos, "expected a term");
		return NULL;
	}
	if (is_keyword(t, "not")) {
		p->at++;
		n = new_node(N_NOT);
		n->a = parse_unary(p);
		if (!n->a) {
			free_node(n);
			return NULL;
		}
		return n;
	}
	if (t->kind == T_LPAREN) {
		p->at++;
		n = parse_or(p);
		if (!n)
			return NULL;
		if (peek(p)->kind != T_RPAREN) {
			free_node(n);
			fail_at(p, peek(p)->pos, "expected )");
			return NULL;
		}
		p->at++;
		return n;
	}
	if (t->kind == T_RPAREN) {
		fail_at(p, t->pos, "unexpected )");
		return NULL;
	}
	p->at++;
	n = parse_term(p, t);
	if (n && t->negated) {
		struct node *neg = new_node(N_NOT);
		neg->a = n;
		n = neg;
	}
	return n;
}

static struct node *parse_and(struct parser *p)
{
	struct node *left = parse_unary(p);
	while (left) {
		const struct token *t = peek(p);
		struct node *right, *both;
		if (t->kind == T_END || t->kind == T_RPAREN || is_keyword(t, "or"))
			break;
		if (is_keyword(t, "and"))
			p->at++;
		right = parse_unary(p);
		if (!right) {
			free_node(left);
			return NULL;
		}
		both = new_node(N_AND);
		both->a = left;
		both->b = right;
		left = both;
	}
	return left;
}

static struct node *parse_or(struct parser *p)
{
	struct node *left = parse_and(p);
	while (left && is_keyword(peek(p), "or")) {
		struct node *right, *either;
		p->at++;
		right = parse_and(p);
		if (!right) {
			free_node(left);
			return NULL;
		}
		either = new_node(N_OR);
		either->a = left;
		either->b = right;
		left = either;
	}
	return left;
}

struct query *query_compile(const char *text, const struct query_context *ctx, struct query_error *err)
{
	struct parser p;
	struct query *q = xcalloc(1, sizeof(*q));
	size_t i, w;
	memset(&p, 0, sizeof(p));
	p.src = text ? text : "";
	p.q = q;
	p.ctx = ctx;
	p.err = err;
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

/* Case-insensitive substring: folds the haystack on the fly; ASCII-only
 * text (the common case) takes the fast path without allocating. */
static int contains_folded(const char *hay, const char *needle_folded)
{
	const unsigned char *h;
	int ascii = 1;
	char *folded;
	int found;
	if (!*needle_folded)
		return 1;
	for (h = (const unsigned char *)hay; *h; h++)
		if (*h >= 0x80) {
			ascii = 0;
			break;
		}
	if (ascii) {
		size_t n = strlen(needle_folded);
		int first = (unsigned char)needle_folded[0];
		for (h = (const unsigned char *)hay; *h; h++)
			if (tolower(*h) == first && strncasecmp((const char *)h, needle_folded, n) == 0)
				return 1;
		return 0;
	}
	folded = fold(hay);
	found = strstr(folded, needle_folded) != NULL;
	free(folded);
	return found;
}

static int word_in(const struct node *n, const char *s)
{
	if (!s || !*s)
		return 0;
	return n->case_sensitive ? strstr(s, n->values[0]) != NULL : contains_folded(s, n->folded);
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
	switch (n->kind) {
	case N_TRUE:
		return 1;
	case N_AND:
		return eval(n->a, set, issue) && eval(n->b, set, issue);
	case N_OR:
		return eval(n->a, set, issue) || eval(n->b, set, issue);
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
		if (n->value_count == 1 && !n->values[0][0])
			return issue->label_count == 0;
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

static const struct query *sorting_query;
static const struct issue_set *sorting_set;
static uint32_t *sorting_rank; /* default-order position of each issue */

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_by_query(const void *pa, const void *pb)
{
	const struct issue *a = &sorting_set->issues[*(const uint32_t *)pa];
	const struct issue *b = &sorting_set->issues[*(const uint32_t *)pb];
	size_t i;
	for (i = 0; i < sorting_query->sort_count; i++) {
		int c = 0;
		switch (sorting_query->sorts[i].key) {
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
			return sorting_query->sorts[i].descending ? (c < 0 ? 1 : -1) : (c < 0 ? -1 : 1);
	}
	/* ties keep the default order */
	return cmp_i64(sorting_rank[a - sorting_set->issues], sorting_rank[b - sorting_set->issues]);
}

static int cmp_default(const void *pa, const void *pb)
{
	return issue_compare_default(sorting_set, &sorting_set->issues[*(const uint32_t *)pa],
				     &sorting_set->issues[*(const uint32_t *)pb]);
}

size_t query_run(const struct query *q, const struct issue_set *set, uint32_t *out)
{
	size_t n = 0, i;
	if (q->wants_tombstones && !set->show_tombstones) {
		/* every issue, in the default order with tombstones included */
		for (i = 0; i < set->count; i++)
			if (eval(q->root, set, &set->issues[i]))
				out[n++] = (uint32_t)i;
		sorting_set = set;
		if (n)
			qsort(out, n, sizeof(*out), cmp_default);
	} else {
		for (i = 0; i < set->order_count; i++)
			if (eval(q->root, set, &set->issues[set->order[i]]))
				out[n++] = set->order[i];
	}
	if (q->sort_count && n) {
		sorting_rank = xmalloc(set->count * sizeof(*sorting_rank));
		for (i = 0; i < n; i++)
			sorting_rank[out[i]] = (uint32_t)i;
		sorting_query = q;
		sorting_set = set;
		qsort(out, n, sizeof(*out), cmp_by_query);
		free(sorting_rank);
		sorting_rank = NULL;
	}
	sorting_set = NULL;
	sorting_query = NULL;
	return n;
}

/* ---- completion and documentation */

static const char *const field_names[] = {
	"status:", "is:", "type:", "prio:", "assignee:", "owner:", "label:", "id:", "parent:",
	"blocks:", "blocked-by:", "created:", "updated:", "closed:", "has:", "text:", "sort:", "re:/",
};

static void complete_values(const char *field, const char *typed, const struct issue_set *set,
			    void (*emit)(void *, const char *), void *ctx)
{
	size_t i, j, tl = strlen(typed);
	char cand[256];
	/* distinct values, in first-seen order; small sets, so a linear check */
	const char **seen = NULL;
	size_t seen_count = 0, seen_cap = 0;
#define OFFER(value)                                                                               \
	do {                                                                                       \
		const char *v_ = (value);                                                          \
		size_t k_;                                                                         \
		int dup_ = 0;                                                                      \
		if (!*v_ || strncmp(v_, typed, tl) != 0)                                           \
			break;                                                                     \
		for (k_ = 0; k_ < seen_count && !dup_; k_++)                                       \
			dup_ = seen[k_] == v_ || !strcmp(seen[k_], v_);                            \
		if (dup_ || seen_count >= 200)                                                     \
			break;                                                                     \
		GROW(seen, seen_cap, seen_count + 1);                                              \
		seen[seen_count++] = v_;                                                           \
		snprintf(cand, sizeof(cand), "%s:%s", field, v_);                                  \
		emit(ctx, cand);                                                                   \
	} while (0)
	if (!strcmp(field, "is")) {
		for (i = 0; i < ARRAY_SIZE(is_names); i++)
			OFFER(is_names[i].name);
	} else if (!strcmp(field, "has")) {
		for (i = 0; i < ARRAY_SIZE(has_names); i++)
			OFFER(has_names[i].name);
	} else if (!strcmp(field, "sort")) {
		for (i = 0; i < ARRAY_SIZE(sort_names); i++)
			OFFER(sort_names[i].name);
	} else if (!strcmp(field, "prio")) {
		static const char *const prios[] = {"0", "1", "2", "3", "4"};
		for (i = 0; i < ARRAY_SIZE(prios); i++)
			OFFER(prios[i]);
	} else {
		for (i = 0; i < set->count; i++) {
			const struct issue *issue = &set->issues[i];
			if (!strcmp(field, "status"))
				OFFER(issue->status);
			else if (!strcmp(field, "type"))
				OFFER(issue->issue_type);
			else if (!strcmp(field, "assignee"))
				OFFER(issue->assignee);
			else if (!strcmp(field, "owner"))
				OFFER(issue->owner);
			else if (!strcmp(field, "label"))
				for (j = 0; j < issue->label_count; j++)
					OFFER(issue->labels[j]);
		}
		if (!strcmp(field, "assignee") || !strcmp(field, "label")) {
			OFFER("none");
			if (field[0] == 'a')
				OFFER("me");
		}
	}
#undef OFFER
	free(seen);
}

void query_complete(const struct issue_set *set, const char *prefix, void (*emit)(void *ctx, const char *candidate),
		    void *ctx)
{
	const char *colon = strchr(prefix, ':');
	size_t i;
	if (*prefix == '-')
		prefix++;
	colon = strchr(prefix, ':');
	if (!colon) {
		for (i = 0; i < ARRAY_SIZE(field_names); i++)
			if (!strncmp(field_names[i], prefix, strlen(prefix)))
				emit(ctx, field_names[i]);
		return;
	}
	{
		char field[32];
		const char *typed = colon + 1, *comma = strrchr(typed, ',');
		size_t len = (size_t)(colon - prefix);
		if (len >= sizeof(field))
			return;
		memcpy(field, prefix, len);
		field[len] = '\0';
		/* after a comma, complete the last value of the list */
		if (comma)
			typed = comma + 1;
		complete_values(field, typed, set, emit, ctx);
	}
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
	{"assignee:alice assignee:none assignee:me", "assigned to (me: $BEADS_ACTOR, else $USER)"},
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
