/* The JSONL backend: a beads export (`.beads/issues.jsonl`, `bd export`,
 * or the JSON array `bd list --json` prints) read straight into the model.
 *
 * One file descriptor for the whole session, like the SQLite backend's one
 * connection. A load streams the file through one reusable buffer, parses
 * each record with cJSON and hands the list fields to the model's builder;
 * the long text (description, design, acceptance criteria, notes, comments)
 * is not kept: each issue's byte range is remembered, and load_detail
 * re-reads and re-parses that one record with pread().
 *
 * Bad input never stops a load. A record that cannot be an issue is
 * skipped, a wrong field is repaired or ignored, and either is reported
 * with its line number (store_problems). Duplicate ids: the last record
 * wins, as in bd's import. */
#include "backend.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "../model/text.h"

#define JSONL_CHUNK (256u * 1024)           /* bytes read at a time */
#define JSONL_MAX_RECORD (64u * 1024 * 1024) /* longer records are skipped */
#define JSONL_LOAD_TRIES 3                  /* reads of a file that keeps changing */
#define NO_POS SIZE_MAX

/* What identifies the file's content for change detection. */
struct file_id {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	mode_t mode;           /* only to notice a bad file made readable */
	struct timespec ctime; /* (chmod changes these two alone) */
};

/* Where the record of one issue is, for load_detail. Open addressing by
 * the id's hash; the id itself is checked in the re-read record, so the
 * index keeps no strings and outlives the set it was built for. */
struct detail_slot {
	uint64_t hash; /* 0: empty */
	uint64_t offset;
	uint32_t length;
};

struct problem_list {
	struct load_problem *items;
	size_t count, cap, total;
};

struct jsonl_store {
	struct source source;
	int fd;          /* -1 after a failed reopen: the UI keeps the last data */
	const char *mem; /* a memory source instead of fd (fuzzing) */
	size_t mem_len;
	int read_only;
	struct file_id opened; /* the file fd reads (or the bad file we tried) */
	struct file_id loaded; /* as the last load read it */
	struct file_id seen;   /* as the last poll saw it */
	int have_index;
	struct detail_slot *index;
	size_t index_cap;
	struct problem_list problems; /* of the last successful load */
};

/* ---- reading */

static ssize_t src_pread(struct jsonl_store *store, char *buf, size_t len, uint64_t offset)
{
	ssize_t n;
	if (store->mem) {
		if (offset >= store->mem_len)
			return 0;
		if (len > store->mem_len - offset)
			len = store->mem_len - (size_t)offset;
		memcpy(buf, store->mem + offset, len);
		return (ssize_t)len;
	}
	do
		n = pread(store->fd, buf, len, (off_t)offset);
	while (n < 0 && errno == EINTR);
	return n;
}

static void file_id_of(const struct stat *st, struct file_id *out)
{
	memset(out, 0, sizeof(*out));
	out->dev = st->st_dev;
	out->ino = st->st_ino;
	out->size = st->st_size;
	out->mtime = st->st_mtim;
	out->mode = st->st_mode;
	out->ctime = st->st_ctim;
}

static int same_content(const struct file_id *a, const struct file_id *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

/* The identity of what fd reads now; 0 on failure. A memory source never
 * changes. */
static int current_id(struct jsonl_store *store, struct file_id *out)
{
	struct stat st;
	if (store->mem) {
		memset(out, 0, sizeof(*out));
		out->size = (off_t)store->mem_len;
		return 1;
	}
	if (fstat(store->fd, &st) != 0)
		return 0;
	file_id_of(&st, out);
	return 1;
}

/* Streams the source through one buffer: buf[start..end) is read and not
 * consumed yet, buf[0] is at file offset `base`. */
struct reader {
	struct jsonl_store *store;
	char *buf;
	size_t cap, start, end;
	uint64_t base;
	int eof;
};

/* Keeps buf[start..end), moved to the front, and reads more behind it.
 * Indices into buf shift down by the old `start`. Returns 1 when bytes
 * were added, 0 at the end of the file, -1 on a read error (errno). */
static int reader_fill(struct reader *r)
{
	ssize_t n;
	if (r->eof)
		return 0;
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->base += r->start;
		r->end -= r->start;
		r->start = 0;
	}
	if (r->end == r->cap) {
		r->cap = r->cap ? r->cap * 2 : JSONL_CHUNK;
		r->buf = xrealloc(r->buf, r->cap);
	}
	n = src_pread(r->store, r->buf + r->end, r->cap - r->end, r->base + r->end);
	if (n < 0)
		return -1;
	if (n == 0) {
		r->eof = 1;
		return 0;
	}
	r->end += (size_t)n;
	return 1;
}

/* ---- problems */

/* a record's members tib reads, the same given twice included */
#define LISTED_MAX 64

/* Everything of one load pass. */
struct load_ctx {
	struct jsonl_store *store;
	struct issue_set *set;
	struct problem_list *problems; /* NULL in a second pass: already reported */
	/* per issue index: where its (last) record is */
	struct issue_loc {
		uint64_t offset;
		uint32_t length;
		uint32_t line;
	} *locs;
	size_t locs_cap;
	/* first pass: offsets of records a later duplicate replaced */
	uint64_t *superseded;
	size_t superseded_count, superseded_cap;
	/* second pass: the records to leave out (sorted) */
	const uint64_t *skip;
	size_t skip_count;
	int seen_content; /* a non-blank line was seen */
	/* the fast path's values of the record being read */
	struct listed {
		cJSON nodes[LISTED_MAX]; /* plain values, made here */
		size_t node_count;
		cJSON *trees[LISTED_MAX]; /* values cJSON parsed alone */
		size_t tree_count;
		char *strings; /* the plain strings, each NUL-terminated */
		size_t strings_len, strings_cap;
	} listed;
};

static void problem_add(struct problem_list *list, size_t line, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
static void problem_add(struct problem_list *list, size_t line, const char *fmt, va_list ap)
{
	struct load_problem *p;
	char text[2 * sizeof(p->message)];
	size_t n;
	list->total++;
	if (list->count >= STORE_MAX_PROBLEMS)
		return;
	GROW(list->items, list->cap, list->count + 1);
	p = &list->items[list->count++];
	p->line = line;
	vsnprintf(text, sizeof(text), fmt, ap);
	/* too long: cut at a character boundary, so it stays valid UTF-8 */
	n = text_cut_utf8(text, strlen(text), sizeof(p->message) - 1);
	memcpy(p->message, text, n);
	p->message[n] = '\0';
}

static void problem(struct load_ctx *ctx, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void problem(struct load_ctx *ctx, size_t line, const char *fmt, ...)
{
	va_list ap;
	if (!ctx->problems)
		return;
	va_start(ap, fmt);
	problem_add(ctx->problems, line, fmt, ap);
	va_end(ap);
}

static void problem_list_free(struct problem_list *list)
{
	free(list->items);
	memset(list, 0, sizeof(*list));
}

/* Data quoted in a message, its characters as they are (control and
 * escape characters included: whoever shows the message shows those
 * visibly, so that hostile text is seen for what it is): at most 63 bytes
 * and `size` - 1, cut at a UTF-8 character boundary, with "..." when cut. */
#define QUOTE_MAX 64
static const char *quote(char *out, size_t size, const char *s)
{
	if (size < 5) {
		if (size)
			out[0] = '\0';
		return out;
	}
	return text_quote(out, size, QUOTE_MAX, s);
}

/* ---- one record */

enum field {
	F_ID,
	F_TYPE_TAG,
	F_TITLE,
	F_STATUS,
	F_PRIORITY,
	F_ISSUE_TYPE,
	F_ASSIGNEE,
	F_OWNER,
	F_CREATED_BY,
	F_CLOSE_REASON,
	F_CREATED_AT,
	F_UPDATED_AT,
	F_CLOSED_AT,
	F_DEFER_UNTIL,
	F_PINNED,
	F_EPHEMERAL,
	F_IS_TEMPLATE,
	F_LABELS,
	F_DEPENDENCIES,
	F_PARENT,
	F_COMMENTS,
	F_COMMENT_COUNT,
	F_COUNT
};

static const char *const field_names[F_COUNT] = {
	[F_ID] = "id",
	[F_TYPE_TAG] = "_type",
	[F_TITLE] = "title",
	[F_STATUS] = "status",
	[F_PRIORITY] = "priority",
	[F_ISSUE_TYPE] = "issue_type",
	[F_ASSIGNEE] = "assignee",
	[F_OWNER] = "owner",
	[F_CREATED_BY] = "created_by",
	[F_CLOSE_REASON] = "close_reason",
	[F_CREATED_AT] = "created_at",
	[F_UPDATED_AT] = "updated_at",
	[F_CLOSED_AT] = "closed_at",
	[F_DEFER_UNTIL] = "defer_until",
	[F_PINNED] = "pinned",
	[F_EPHEMERAL] = "ephemeral",
	[F_IS_TEMPLATE] = "is_template",
	[F_LABELS] = "labels",
	[F_DEPENDENCIES] = "dependencies",
	[F_PARENT] = "parent",
	[F_COMMENTS] = "comments",
	[F_COMMENT_COUNT] = "comment_count",
};

/* One pass over the object's members; unknown members are ignored, and
 * of a member given twice the last one counts, as in Go's decoder. */
static void collect_fields(const cJSON *obj, const cJSON *fields[F_COUNT])
{
	const cJSON *item;
	size_t i;
	memset(fields, 0, F_COUNT * sizeof(*fields));
	cJSON_ArrayForEach(item, obj)
	{
		const char *key = item->string;
		if (!key)
			continue;
		for (i = 0; i < F_COUNT; i++)
			if (key[0] == field_names[i][0] && strcmp(key, field_names[i]) == 0) {
				fields[i] = cJSON_IsNull(item) ? NULL : item;
				break;
			}
	}
}

/* A member by name; the last one when it is given twice. */
static const cJSON *member(const cJSON *obj, const char *key)
{
	const cJSON *item, *found = NULL;
	if (!cJSON_IsObject(obj))
		return NULL;
	cJSON_ArrayForEach(item, obj)
	{
		if (item->string && strcmp(item->string, key) == 0)
			found = item;
	}
	return found;
}

static const char *json_type_name(const cJSON *v)
{
	if (cJSON_IsArray(v))
		return "an array";
	if (cJSON_IsObject(v))
		return "an object";
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsBool(v))
		return "a boolean";
	if (cJSON_IsNull(v))
		return "null";
	return "not JSON";
}

/* A string member, or NULL when absent, null or of another type (which
 * is reported). */
static const char *string_field(struct load_ctx *ctx, const cJSON *v, const char *name, size_t line)
{
	if (!v)
		return NULL;
	if (cJSON_IsString(v))
		return v->valuestring;
	problem(ctx, line, "\"%s\" is %s, not a string; ignored", name, json_type_name(v));
	return NULL;
}

static int64_t time_field(struct load_ctx *ctx, const cJSON *v, const char *name, size_t line)
{
	const char *s = string_field(ctx, v, name, line);
	int64_t t;
	char q[48];
	if (!s || !*s)
		return TIME_NONE;
	t = timestamp_parse(s);
	if (t == TIME_NONE)
		problem(ctx, line, "\"%s\" is not a timestamp (\"%s\"); ignored", name, quote(q, sizeof(q), s));
	return t;
}

static int flag_field(struct load_ctx *ctx, const cJSON *v, const char *name, size_t line)
{
	if (!v)
		return 0;
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v);
	if (cJSON_IsNumber(v))
		return v->valuedouble != 0;
	problem(ctx, line, "\"%s\" is %s, not a boolean; ignored", name, json_type_name(v));
	return 0;
}

/* A whole number within int64, else 0. */
static int whole_number(double d, int64_t *out)
{
	if (!(d >= -9.2e18 && d <= 9.2e18) || d != (double)(int64_t)d)
		return 0;
	*out = (int64_t)d;
	return 1;
}

/* "1", " 3 " */
static int parse_int_string(const char *s, int64_t *out)
{
	char *end;
	long long v;
	while (*s == ' ')
		s++;
	if (!*s || !(*s == '-' || *s == '+' || (*s >= '0' && *s <= '9')))
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	while (*end == ' ')
		end++;
	if (errno || *end)
		return 0;
	*out = v;
	return 1;
}

static void read_priority(struct load_ctx *ctx, struct issue *issue, const cJSON *v, size_t line)
{
	int64_t p;
	char q[48];
	if (!v)
		return;
	if (cJSON_IsNumber(v)) {
		if (!whole_number(v->valuedouble, &p)) {
			problem(ctx, line, "\"priority\" %g is not a whole number; using 2 (medium)", v->valuedouble);
			return;
		}
	} else if (cJSON_IsString(v)) {
		if (!parse_int_string(v->valuestring, &p)) {
			problem(ctx, line, "\"priority\" is the string \"%s\", not a number; using 2 (medium)",
				quote(q, sizeof(q), v->valuestring));
			return;
		}
		problem(ctx, line, "\"priority\" is a string, not a number; read as %lld", (long long)p);
	} else {
		problem(ctx, line, "\"priority\" is %s, not a number; using 2 (medium)", json_type_name(v));
		return;
	}
	if (p < 0 || p > 4) {
		problem(ctx, line, "\"priority\" %lld is out of range 0-4; using %d", (long long)p, p < 0 ? 0 : 4);
		p = p < 0 ? 0 : 4;
	}
	issue->priority = (uint8_t)p;
}

static void read_labels(struct load_ctx *ctx, const char *id, const cJSON *v, size_t line)
{
	const cJSON *item;
	size_t bad = 0;
	if (!v)
		return;
	if (!cJSON_IsArray(v)) {
		problem(ctx, line, "\"labels\" is %s, not an array; ignored", json_type_name(v));
		return;
	}
	cJSON_ArrayForEach(item, v)
	{
		if (cJSON_IsString(item))
			issue_set_add_label(ctx->set, id, item->valuestring);
		else
			bad++;
	}
	if (bad)
		problem(ctx, line, "%zu label%s not a string; ignored", bad, bad == 1 ? " is" : "s are");
}

/* Returns whether a parent-child dependency on `parent` was listed. */
static int read_dependencies(struct load_ctx *ctx, const char *id, const char *parent, const cJSON *v,
			     size_t line)
{
	const cJSON *dep;
	size_t bad = 0;
	int has_parent = 0;
	char q1[48], q2[48];
	if (!v)
		return 0;
	if (!cJSON_IsArray(v)) {
		problem(ctx, line, "\"dependencies\" is %s, not an array; ignored", json_type_name(v));
		return 0;
	}
	cJSON_ArrayForEach(dep, v)
	{
		const cJSON *target = member(dep, "depends_on_id");
		const cJSON *owner = member(dep, "issue_id");
		const cJSON *type = member(dep, "type");
		const char *type_name = cJSON_IsString(type) && type->valuestring[0] ? type->valuestring : "blocks";
		if (!cJSON_IsObject(dep) || !cJSON_IsString(target) || !target->valuestring[0]) {
			bad++;
			continue;
		}
		/* An issue's record lists its own dependencies: issue_id is the
		 * record's id (when given at all), as bd's import assumes. */
		if (cJSON_IsString(owner) && strcmp(owner->valuestring, id) != 0)
			problem(ctx, line, "a dependency's \"issue_id\" \"%s\" is not the issue's id \"%s\"; using \"%s\"",
				quote(q1, sizeof(q1), owner->valuestring), quote(q2, sizeof(q2), id), q2);
		if (parent && strcmp(type_name, "parent-child") == 0 && strcmp(target->valuestring, parent) == 0)
			has_parent = 1;
		issue_set_add_dep(ctx->set, id, target->valuestring, type_name);
	}
	if (bad)
		problem(ctx, line, "%zu dependenc%s no \"depends_on_id\"; ignored", bad, bad == 1 ? "y has" : "ies have");
	return has_parent;
}

static void read_comment_count(struct load_ctx *ctx, const char *id, const cJSON *comments,
			       const cJSON *count, size_t line)
{
	const cJSON *item;
	uint32_t n = 0;
	size_t bad = 0;
	int64_t c;
	if (comments && cJSON_IsArray(comments)) {
		cJSON_ArrayForEach(item, comments)
		{
			if (cJSON_IsObject(item))
				n++;
			else
				bad++;
		}
		if (bad)
			problem(ctx, line, "%zu comment%s not an object; ignored", bad, bad == 1 ? " is" : "s are");
	} else if (comments) {
		problem(ctx, line, "\"comments\" is %s, not an array; ignored", json_type_name(comments));
	} else if (count) {
		/* newer exports give the count and leave the comments out */
		if (cJSON_IsNumber(count) && whole_number(count->valuedouble, &c) && c >= 0)
			n = c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
		else
			problem(ctx, line, "\"comment_count\" is not a count; ignored");
	}
	if (n)
		issue_set_add_comment_count(ctx->set, id, n);
}

/* Whether s[0..len) is valid UTF-8 (ASCII fast path, 8 bytes at a time). */
static int utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint64_t w;
		uint32_t cp;
		size_t n;
		if (i + 8 <= len) {
			memcpy(&w, s + i, 8);
			if (!(w & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		if (!((unsigned char)s[i] & 0x80)) {
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (n == 1 && cp == UTF8_REPLACEMENT)
			return 0;
		i += n;
	}
	return 1;
}

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
	return a < b ? -1 : a > b;
}

static int is_skipped(const struct load_ctx *ctx, uint64_t offset)
{
	return ctx->skip_count &&
	       bsearch(&offset, ctx->skip, ctx->skip_count, sizeof(*ctx->skip), cmp_u64) != NULL;
}

/* Parses one JSON value; on failure reports where, counting the lines of
 * a multi-line record (a pretty-printed array element). */
static cJSON *parse_record(struct load_ctx *ctx, const char *text, size_t len, size_t line)
{
	const char *end = NULL;
	cJSON *value = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	const char *p, *line_start = text;
	size_t at;
	int trailing = value != NULL;
	if (value) {
		for (p = end; p && p < text + len; p++)
			if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
				break;
		if (!end || p == text + len)
			return value;
		cJSON_Delete(value);
		at = (size_t)(p - text);
	} else {
		at = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
	}
	for (p = text; p < text + at; p++)
		if (*p == '\n') {
			line++;
			line_start = p + 1;
		}
	problem(ctx, line, trailing ? "unexpected text after the JSON value at column %zu; line skipped"
				 : "invalid JSON at column %zu; line skipped",
		(size_t)(text + at - line_start) + 1);
	return NULL;
}

/* ---- the fast path: the members tib lists, cut out of a record
 *
 * cJSON makes a node, and a copy of the string, for every member of a
 * record, and most of a record's bytes are long text (description,
 * design, notes) that the list never shows: that was two thirds of a
 * load. So each record is scanned here first. The members tib reads
 * become cJSON items directly when plain (a string without escapes, an
 * integer, true, false, null) or are parsed by cJSON alone (labels,
 * dependencies, comments, escaped strings); the others are checked and
 * stepped over. Whatever this scan is not certain cJSON reads the same
 * way (a \u escape or a nested value in a skipped member, a number that
 * is not plain digits, a byte order mark, an escape or a NUL in a key,
 * anything malformed) sends the whole record to cJSON as before, so the
 * issues and the problems reported are the same either way: the fuzz
 * target loads every input both ways and compares. */

static int fast_path = 1;

void jsonl_set_fast_path(int on)
{
	fast_path = on;
}

/* cJSON's whitespace: every byte up to the space, NUL included */
static const char *skip_json_space(const char *p, const char *end)
{
	while (p < end && (unsigned char)*p <= 32)
		p++;
	return p;
}

/* p at a string's opening quote: past its closing quote. With `strict`,
 * only escapes cJSON takes without question (not \u, whose surrogate
 * rules are cJSON's to apply); else any escaped byte is stepped over, as
 * cJSON finds a string's end. NULL when in doubt. */
static const char *skip_json_string(const char *p, const char *end, int strict)
{
	const char *quote;
	p++;
	quote = memchr(p, '"', (size_t)(end - p));
	for (;;) {
		const char *escape;
		if (!quote)
			return NULL;
		escape = memchr(p, '\\', (size_t)(quote - p));
		if (!escape)
			return quote + 1;
		if (escape + 1 >= end)
			return NULL;
		if (strict && (!escape[1] || !strchr("\"\\/bfnrt", escape[1])))
			return NULL; /* \u, or an escape cJSON refuses */
		p = escape + 2;
		if (p > quote) /* that quote was escaped: the next one */
			quote = memchr(p, '"', (size_t)(end - p));
	}
}

/* A skipped member's value that cJSON is sure to accept: a string
 * without \u, a plain integer, true, false or null. NULL otherwise. */
static const char *skip_plain_value(const char *p, const char *end)
{
	size_t left = (size_t)(end - p);
	if (p >= end)
		return NULL;
	if (*p == '"')
		return skip_json_string(p, end, 1);
	if (*p == '-' || (*p >= '0' && *p <= '9')) {
		const char *q = p + (*p == '-');
		const char *digits = q;
		while (q < end && *q >= '0' && *q <= '9' && q - digits < 18)
			q++;
		if (q == digits || (q < end && *q && strchr("0123456789+-eE.", *q)))
			return NULL; /* a fraction, an exponent, a long number */
		return q;
	}
	if (left >= 4 && memcmp(p, "null", 4) == 0)
		return p + 4;
	if (left >= 4 && memcmp(p, "true", 4) == 0)
		return p + 4;
	if (left >= 5 && memcmp(p, "false", 5) == 0)
		return p + 5;
	return NULL;
}

/* A listed member's value: where it ends, for listed_value() (and cJSON
 * when the value is not plain) to read and judge. Strings and nested
 * values end at their closing quote or bracket, as cJSON finds them. */
static const char *skip_any_value(const char *p, const char *end)
{
	int depth = 0;
	if (p >= end)
		return NULL;
	if (*p == '"')
		return skip_json_string(p, end, 0);
	if (*p != '[' && *p != '{') {
		while (p < end && (unsigned char)*p > 32 && *p != ',' && *p != '}' && *p != ']')
			p++;
		return p;
	}
	while (p < end) {
		if (*p == '"') {
			p = skip_json_string(p, end, 0);
			if (!p)
				return NULL;
			continue;
		}
		if (*p == '[' || *p == '{') {
			if (++depth > 64)
				return NULL;
		} else if (*p == ']' || *p == '}') {
			if (--depth == 0)
				return p + 1;
		}
		p++;
	}
	return NULL;
}

/* The index of a member tib reads, or -1. */
static int listed_field(const char *key, size_t len)
{
	int i;
	for (i = 0; i < F_COUNT; i++)
		if (key[0] == field_names[i][0] && strlen(field_names[i]) == len && memcmp(key, field_names[i], len) == 0)
			return i;
	return -1;
}

/* A plain integer as cJSON reads it: -?[0-9]{1,15}, nothing more. */
static int plain_integer(const char *p, size_t n, double *out)
{
	size_t i = *p == '-';
	int64_t v = 0;
	if (i == n || n - i > 15)
		return 0;
	for (; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		v = v * 10 + (p[i] - '0');
	}
	*out = *p == '-' ? -(double)v : (double)v;
	return 1;
}

static cJSON *listed_node(struct listed *l, int type)
{
	cJSON *node = &l->nodes[l->node_count++];
	memset(node, 0, sizeof(*node));
	node->type = type;
	return node;
}

/* A listed member's value as a cJSON item: made here when it is plain (a
 * string without escapes, an integer, true, false), else parsed by cJSON
 * alone. NULL when cJSON would not read it: the record goes whole. */
static const cJSON *listed_value(struct listed *l, const char *value, const char *value_end)
{
	size_t n = (size_t)(value_end - value);
	const char *end = NULL;
	cJSON *node;
	double d;
	if (l->node_count == LISTED_MAX || l->tree_count == LISTED_MAX)
		return NULL;
	if (*value == '"' && n >= 2 && !memchr(value, '\\', n)) {
		node = listed_node(l, cJSON_String);
		node->valuestring = l->strings + l->strings_len;
		memcpy(node->valuestring, value + 1, n - 2);
		l->strings_len += n - 2;
		l->strings[l->strings_len++] = '\0';
		return node;
	}
	if (plain_integer(value, n, &d)) {
		node = listed_node(l, cJSON_Number);
		node->valuedouble = d;
		/* as cJSON: saturated at the ends of int */
		if (d >= 2147483647.0)
			node->valueint = 2147483647;
		else if (d <= -2147483648.0)
			node->valueint = -2147483647 - 1;
		else
			node->valueint = (int)d;
		return node;
	}
	if (n == 4 && memcmp(value, "true", 4) == 0)
		return listed_node(l, cJSON_True);
	if (n == 5 && memcmp(value, "false", 5) == 0)
		return listed_node(l, cJSON_False);
	/* what starts a value in a record; alone, cJSON would also step over
	 * a byte order mark here */
	if (!*value || !strchr("\"-0123456789[{ntf", *value))
		return NULL;
	node = cJSON_ParseWithLengthOpts(value, n, &end, 0);
	if (node && end != value_end) {
		cJSON_Delete(node);
		node = NULL;
	}
	if (node)
		l->trees[l->tree_count++] = node;
	return node;
}

static void listed_release(struct listed *l)
{
	while (l->tree_count)
		cJSON_Delete(l->trees[--l->tree_count]);
	l->node_count = 0;
	l->strings_len = 0;
}

/* The members tib reads, into f as collect_fields() fills it, without
 * cJSON reading the rest; 0 when the record must go to cJSON whole. */
static int cut_listed_fields(struct load_ctx *ctx, const char *text, size_t len, const cJSON *f[F_COUNT])
{
	struct listed *l = &ctx->listed;
	const char *p = text, *end = text + len;
	memset(f, 0, F_COUNT * sizeof(*f));
	if (l->strings_cap < len + 1) {
		free(l->strings);
		l->strings_cap = len + 1 > 4096 ? len + 1 : 4096;
		l->strings = xmalloc(l->strings_cap);
	}
	p = skip_json_space(p, end);
	if (p >= end || *p != '{')
		return 0;
	p = skip_json_space(p + 1, end);
	if (p < end && *p == '}') {
		p++;
	} else {
		for (;;) {
			const char *key, *key_end, *value, *value_end;
			int field;
			if (p >= end || *p != '"')
				return 0;
			key = p + 1;
			key_end = skip_json_string(p, end, 1);
			/* an escape, or a NUL (cJSON's key ends there): cJSON decides */
			if (!key_end || memchr(key, '\\', (size_t)(key_end - 1 - key)) ||
			    memchr(key, '\0', (size_t)(key_end - 1 - key)))
				return 0;
			p = skip_json_space(key_end, end);
			if (p >= end || *p != ':')
				return 0;
			value = skip_json_space(p + 1, end);
			field = key_end - 1 > key ? listed_field(key, (size_t)(key_end - 1 - key)) : -1;
			if (field >= 0) {
				value_end = skip_any_value(value, end);
				if (!value_end || value_end == value)
					return 0;
				if (value_end - value == 4 && memcmp(value, "null", 4) == 0) {
					f[field] = NULL; /* as collect_fields: a null is no value */
				} else if (!(f[field] = listed_value(l, value, value_end))) {
					return 0;
				}
			} else {
				value_end = skip_plain_value(value, end);
				if (!value_end)
					return 0;
			}
			p = skip_json_space(value_end, end);
			if (p < end && *p == ',') {
				p = skip_json_space(p + 1, end);
				continue;
			}
			if (p < end && *p == '}') {
				p++;
				break;
			}
			return 0;
		}
	}
	for (; p < end; p++) /* what parse_record allows after the value */
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			return 0;
	return 1;
}

static void process_record(struct load_ctx *ctx, const char *text, size_t len, uint64_t offset, size_t line)
{
	const cJSON *f[F_COUNT];
	cJSON *obj = NULL;
	struct issue *issue;
	struct issue_loc *loc;
	const char *id, *s, *parent;
	uint32_t idx;
	char q[48];

	if (is_skipped(ctx, offset))
		return;
	if (!fast_path || !cut_listed_fields(ctx, text, len, f)) {
		listed_release(&ctx->listed);
		obj = parse_record(ctx, text, len, line);
		if (!obj)
			return;
		if (!cJSON_IsObject(obj)) {
			problem(ctx, line, "expected a JSON object, found %s; line skipped", json_type_name(obj));
			goto out;
		}
		collect_fields(obj, f);
	}
	if (f[F_TYPE_TAG]) {
		if (!cJSON_IsString(f[F_TYPE_TAG]))
			problem(ctx, line, "\"_type\" is %s, not a string; read as an issue", json_type_name(f[F_TYPE_TAG]));
		else if (strcmp(f[F_TYPE_TAG]->valuestring, "issue") != 0)
			goto out; /* newer exports mix in other records ("memory"...) */
	}
	if (!f[F_ID]) {
		problem(ctx, line, "no \"id\"; line skipped");
		goto out;
	}
	if (!cJSON_IsString(f[F_ID])) {
		problem(ctx, line, "\"id\" is %s, not a string; line skipped", json_type_name(f[F_ID]));
		goto out;
	}
	id = f[F_ID]->valuestring;
	if (!*id) {
		problem(ctx, line, "\"id\" is empty; line skipped");
		goto out;
	}
	if (!utf8_valid(text, len))
		problem(ctx, line, "invalid UTF-8; kept, shown as U+FFFD");
	if (memchr(text, '\0', len))
		problem(ctx, line, "a NUL byte; a string ends there");

	idx = issue_set_index_of(ctx->set, id);
	if (idx != ISSUE_NONE && ctx->problems) {
		/* the last one wins: a second pass leaves the earlier ones out */
		problem(ctx, line, "duplicate id \"%s\" (also on line %u); the last one wins",
			quote(q, sizeof(q), id), ctx->locs[idx].line);
		GROW(ctx->superseded, ctx->superseded_cap, ctx->superseded_count + 1);
		ctx->superseded[ctx->superseded_count++] = ctx->locs[idx].offset;
	}
	issue = issue_set_add(ctx->set, id);
	idx = (uint32_t)(issue - ctx->set->issues);
	GROW(ctx->locs, ctx->locs_cap, (size_t)idx + 1);
	loc = &ctx->locs[idx];
	loc->offset = offset;
	loc->length = (uint32_t)len;
	loc->line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;

	issue->title = issue_set_strdup(ctx->set, string_field(ctx, f[F_TITLE], "title", line));
	issue_set_set_status(ctx->set, issue, string_field(ctx, f[F_STATUS], "status", line));
	read_priority(ctx, issue, f[F_PRIORITY], line);
	s = string_field(ctx, f[F_ISSUE_TYPE], "issue_type", line);
	if (s && *s)
		issue->issue_type = issue_set_intern(ctx->set, s);
	issue->assignee = issue_set_intern(ctx->set, string_field(ctx, f[F_ASSIGNEE], "assignee", line));
	issue->owner = issue_set_intern(ctx->set, string_field(ctx, f[F_OWNER], "owner", line));
	issue->created_by = issue_set_intern(ctx->set, string_field(ctx, f[F_CREATED_BY], "created_by", line));
	issue->close_reason =
		issue_set_intern(ctx->set, string_field(ctx, f[F_CLOSE_REASON], "close_reason", line));
	issue->created_at = time_field(ctx, f[F_CREATED_AT], "created_at", line);
	issue->updated_at = time_field(ctx, f[F_UPDATED_AT], "updated_at", line);
	issue->closed_at = time_field(ctx, f[F_CLOSED_AT], "closed_at", line);
	issue->defer_until = time_field(ctx, f[F_DEFER_UNTIL], "defer_until", line);
	/* As bd's schema has it (CHECK on closed_at): a closed issue without
	 * closed_at was closed at its last update at the latest; only closed
	 * and deleted issues have one. */
	if (issue->status_kind == STATUS_CLOSED && !f[F_CLOSED_AT])
		issue->closed_at = issue->updated_at;
	else if (issue->status_kind != STATUS_CLOSED && issue->status_kind != STATUS_TOMBSTONE)
		issue->closed_at = TIME_NONE;
	if (flag_field(ctx, f[F_PINNED], "pinned", line))
		issue->flags |= ISSUE_PINNED;
	if (flag_field(ctx, f[F_EPHEMERAL], "ephemeral", line))
		issue->flags |= ISSUE_EPHEMERAL;
	if (flag_field(ctx, f[F_IS_TEMPLATE], "is_template", line))
		issue->flags |= ISSUE_TEMPLATE;

	read_labels(ctx, id, f[F_LABELS], line);
	parent = string_field(ctx, f[F_PARENT], "parent", line);
	if (parent && !*parent)
		parent = NULL;
	if (!read_dependencies(ctx, id, parent, f[F_DEPENDENCIES], line) && parent)
		issue_set_add_dep(ctx->set, id, parent, "parent-child");
	read_comment_count(ctx, id, f[F_COMMENTS], f[F_COMMENT_COUNT], line);
out:
	cJSON_Delete(obj);
	listed_release(&ctx->listed);
}

/* ---- splitting the file into records */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A record with blanks trimmed; nothing for a blank line. */
static void handle_record(struct load_ctx *ctx, const struct reader *r, size_t from, size_t to, size_t line)
{
	while (from < to && is_space(r->buf[from]))
		from++;
	while (to > from && is_space(r->buf[to - 1]))
		to--;
	if (from == to)
		return;
	ctx->seen_content = 1;
	process_record(ctx, r->buf + from, to - from, r->base + from, line);
}

static enum tib_status read_fail(struct load_ctx *ctx, struct tib_error *err)
{
	return tib_fail(err, TIB_ERR_IO, "%s: cannot read: %s", ctx->store->source.path, strerror(errno));
}

/* The elements of a JSON array (`bd list --json`), each a record; r->start
 * is at the '['. Streams like the line reader: only the element being
 * scanned is kept. Returns with r->start after the closing ']' (the rest
 * of the file is read as lines again) or at the end of the file. */
static enum tib_status scan_array(struct load_ctx *ctx, struct reader *r, size_t *line,
				  struct tib_error *err)
{
	size_t pos = r->start + 1, elem = NO_POS, elem_line = 0;
	int depth = 0, in_string = 0, escaped = 0, scalar = 0, skipping = 0, after_newline = 0;
	for (;;) {
		char c;
		if (pos == r->end) {
			size_t shift;
			int rc;
			if (elem != NO_POS && pos - elem >= JSONL_MAX_RECORD) {
				problem(ctx, elem_line, "array element longer than %u MiB; skipped",
					JSONL_MAX_RECORD >> 20);
				elem = NO_POS;
				skipping = 1;
			}
			r->start = elem != NO_POS ? elem : pos;
			shift = r->start;
			if ((rc = reader_fill(r)) < 0)
				return read_fail(ctx, err);
			pos -= shift;
			if (elem != NO_POS)
				elem -= shift;
			if (rc == 0) {
				if (elem != NO_POS)
					handle_record(ctx, r, elem, pos, elem_line);
				/* on the last line that has text */
				problem(ctx, *line - (size_t)after_newline,
					"the JSON array is not closed (the file is cut short?)");
				r->start = r->end;
				return TIB_OK;
			}
			continue;
		}
		c = r->buf[pos];
		if (in_string) {
			if (escaped)
				escaped = 0;
			else if (c == '\\')
				escaped = 1;
			else if (c == '"')
				in_string = 0;
		} else if (elem == NO_POS && !skipping) {
			if (c == ']') {
				r->start = pos + 1;
				return TIB_OK;
			}
			if (!is_space(c) && c != ',') {
				elem = pos;
				elem_line = *line;
				depth = 0;
				scalar = c != '{' && c != '[';
				continue; /* scan it as part of the element */
			}
		} else if (scalar && depth == 0 && (c == ',' || c == ']' || is_space(c))) {
			if (!skipping)
				handle_record(ctx, r, elem, pos, elem_line);
			elem = NO_POS;
			skipping = 0;
			continue; /* the delimiter again, outside any element */
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if ((c == '}' || c == ']') && depth > 0 && --depth == 0 && !scalar) {
			if (!skipping)
				handle_record(ctx, r, elem, pos + 1, elem_line);
			elem = NO_POS;
			skipping = 0;
		}
		after_newline = c == '\n';
		if (after_newline)
			(*line)++;
		pos++;
	}
}

/* The whole source: one record per line, or one JSON array. */
static enum tib_status scan(struct load_ctx *ctx, struct reader *r, struct tib_error *err)
{
	size_t line = 1, searched = 0;
	int rc = 0, discarding = 0;

	while (r->end - r->start < 3 && (rc = reader_fill(r)) > 0)
		;
	if (rc < 0)
		return read_fail(ctx, err);
	if (r->end - r->start >= 3 && memcmp(r->buf + r->start, "\xEF\xBB\xBF", 3) == 0)
		r->start += 3; /* a byte-order mark */
	for (;;) {
		char *nl = memchr(r->buf + r->start + searched, '\n', r->end - r->start - searched);
		size_t line_end;
		if (!nl) {
			size_t have = r->end - r->start;
			if (!discarding && have >= JSONL_MAX_RECORD) {
				problem(ctx, line, "line longer than %u MiB; skipped", JSONL_MAX_RECORD >> 20);
				discarding = 1;
			}
			if (discarding) {
				r->start = r->end;
				have = 0;
			}
			searched = have;
			if ((rc = reader_fill(r)) < 0)
				return read_fail(ctx, err);
			if (rc > 0)
				continue;
			if (discarding || r->start == r->end)
				return TIB_OK;
			line_end = r->end; /* the last line, without a newline */
		} else {
			line_end = (size_t)(nl - r->buf);
		}
		searched = 0;
		if (discarding) {
			discarding = 0;
		} else if (!ctx->seen_content) {
			/* a file that is one JSON array */
			size_t p = r->start;
			while (p < line_end && is_space(r->buf[p]))
				p++;
			if (p < line_end && r->buf[p] == '[') {
				enum tib_status status;
				ctx->seen_content = 1;
				r->start = p;
				if ((status = scan_array(ctx, r, &line, err)) != TIB_OK)
					return status;
				continue; /* the rest of the line where the array ended */
			}
			handle_record(ctx, r, r->start, line_end, line);
		} else {
			handle_record(ctx, r, r->start, line_end, line);
		}
		if (line_end == r->end) {
			r->start = r->end;
			return TIB_OK;
		}
		r->start = line_end + 1;
		line++;
	}
}

/* ---- the detail index */

static uint64_t id_hash(const char *id)
{
	uint64_t h = hash_str(id);
	return h ? h : 1;
}

static void build_index(struct jsonl_store *store, const struct issue_set *set, const struct issue_loc *locs)
{
	size_t cap = 16, i;
	while (cap < set->count * 2)
		cap *= 2;
	free(store->index);
	store->index = xcalloc(cap, sizeof(*store->index));
	store->index_cap = cap;
	for (i = 0; i < set->count; i++) {
		uint64_t h = id_hash(set->issues[i].id);
		size_t slot = h & (cap - 1);
		while (store->index[slot].hash)
			slot = (slot + 1) & (cap - 1);
		store->index[slot].hash = h;
		store->index[slot].offset = locs[i].offset;
		store->index[slot].length = locs[i].length;
	}
	store->have_index = 1;
}

/* ---- the backend */

static void ctx_free(struct load_ctx *ctx)
{
	free(ctx->locs);
	free(ctx->superseded);
	listed_release(&ctx->listed);
	free(ctx->listed.strings);
	ctx->listed.strings = NULL;
	ctx->listed.strings_cap = 0;
	ctx->locs = NULL;
	ctx->superseded = NULL;
	ctx->locs_cap = ctx->superseded_cap = ctx->superseded_count = 0;
}

/* One pass over the source into a new set. */
static enum tib_status load_pass(struct jsonl_store *store, struct load_ctx *ctx, struct tib_error *err)
{
	struct reader r;
	enum tib_status status;
	memset(&r, 0, sizeof(r));
	r.store = store;
	ctx->store = store;
	ctx->set = issue_set_new();
	ctx->seen_content = 0;
	status = scan(ctx, &r, err);
	free(r.buf);
	if (status != TIB_OK) {
		issue_set_free(ctx->set);
		ctx->set = NULL;
	}
	return status;
}

/* Reads the source once, or twice when ids repeat: the second pass leaves
 * out the records a later one replaced (the model merges the labels and
 * dependencies of an id given twice, so they must never reach it). */
static enum tib_status load_once(struct jsonl_store *store, struct load_ctx *ctx, struct problem_list *problems,
				 struct tib_error *err)
{
	enum tib_status status;
	memset(ctx, 0, sizeof(*ctx));
	ctx->problems = problems;
	if ((status = load_pass(store, ctx, err)) != TIB_OK || !ctx->superseded_count)
		return status;
	issue_set_free(ctx->set);
	qsort(ctx->superseded, ctx->superseded_count, sizeof(*ctx->superseded), cmp_u64);
	ctx->skip = ctx->superseded;
	ctx->skip_count = ctx->superseded_count;
	ctx->problems = NULL;
	return load_pass(store, ctx, err);
}

static enum tib_status jsonl_load(void *state, int64_t now, struct issue_set **out, struct tib_error *err)
{
	struct jsonl_store *store = state;
	int attempt;

	*out = NULL;
	if (store->fd < 0 && !store->mem)
		return tib_fail(err, TIB_ERR_IO, "%s: no valid file open", store->source.path);
	for (attempt = 0; attempt < JSONL_LOAD_TRIES; attempt++) {
		struct problem_list problems = {0};
		struct file_id before, after;
		struct load_ctx ctx;
		enum tib_status status;
		if (!current_id(store, &before))
			return tib_fail(err, TIB_ERR_IO, "%s: %s", store->source.path, strerror(errno));
		status = load_once(store, &ctx, &problems, err);
		if (status != TIB_OK) {
			ctx_free(&ctx);
			problem_list_free(&problems);
			return status;
		}
		if (!current_id(store, &after) || !same_content(&before, &after)) {
			/* written in place while we read: read again */
			issue_set_free(ctx.set);
			ctx_free(&ctx);
			problem_list_free(&problems);
			continue;
		}
		build_index(store, ctx.set, ctx.locs);
		ctx_free(&ctx);
		problem_list_free(&store->problems);
		store->problems = problems;
		store->loaded = store->seen = after;
		issue_set_finish(ctx.set, now);
		*out = ctx.set;
		return TIB_OK;
	}
	return tib_fail(err, TIB_ERR_BUSY, "%s: the file keeps changing while it is read; try again",
			store->source.path);
}

static const struct load_problem *jsonl_problems(const void *state, size_t *count, size_t *total)
{
	const struct jsonl_store *store = state;
	*count = store->problems.count;
	*total = store->problems.total;
	return store->problems.items;
}

/* ---- detail */

static const char *detail_string(struct issue_detail *detail, const cJSON *obj, const char *key)
{
	const cJSON *v = member(obj, key);
	return cJSON_IsString(v) && v->valuestring[0] ? arena_strdup(&detail->arena, v->valuestring) : "";
}

/* By instant; stable, so equal times keep the file's order. */
static void sort_comments(struct comment *c, size_t n)
{
	size_t i, j;
	for (i = 1; i < n; i++) {
		struct comment tmp = c[i];
		for (j = i; j > 0 && c[j - 1].created_at > tmp.created_at; j--)
			c[j] = c[j - 1];
		c[j] = tmp;
	}
}

/* Fills `out` from a record if it is the issue `id`: 1 if so, 0 if not. */
static int parse_detail(const char *text, size_t len, const char *id, struct issue_detail *out)
{
	cJSON *obj = cJSON_ParseWithLength(text, len);
	const cJSON *v, *item;
	size_t cap = 0;
	if (!cJSON_IsObject(obj) || !cJSON_IsString(v = member(obj, "id")) ||
	    strcmp(v->valuestring, id) != 0) {
		cJSON_Delete(obj);
		return 0;
	}
	out->description = detail_string(out, obj, "description");
	out->design = detail_string(out, obj, "design");
	out->acceptance_criteria = detail_string(out, obj, "acceptance_criteria");
	out->notes = detail_string(out, obj, "notes");
	v = member(obj, "comments");
	if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(item, v)
		{
			struct comment *c;
			const cJSON *at;
			if (!cJSON_IsObject(item))
				continue;
			GROW(out->comments, cap, out->comment_count + 1);
			c = &out->comments[out->comment_count++];
			c->author = detail_string(out, item, "author");
			c->text = detail_string(out, item, "text");
			at = member(item, "created_at");
			c->created_at = cJSON_IsString(at) ? timestamp_parse(at->valuestring) : TIME_NONE;
		}
		sort_comments(out->comments, out->comment_count);
	}
	cJSON_Delete(obj);
	return 1;
}

static enum tib_status jsonl_load_detail(void *state, const char *id, struct issue_detail *out,
					 struct tib_error *err)
{
	struct jsonl_store *store = state;
	struct file_id now;
	uint64_t h = id_hash(id);
	size_t slot;
	int tried = 0;

	memset(out, 0, sizeof(*out));
	out->description = out->design = out->acceptance_criteria = out->notes = "";
	if (store->fd < 0 && !store->mem)
		return tib_fail(err, TIB_ERR_IO, "%s: no valid file open", store->source.path);
	if (!store->have_index)
		return tib_fail(err, TIB_ERR_BUSY, "%s: not read since it was opened; reload", store->source.path);
	/* fd still reads the loaded file even after a rename over the path;
	 * only a write into that same file can make the ranges wrong */
	if (!current_id(store, &now) || !same_content(&now, &store->loaded))
		return tib_fail(err, TIB_ERR_BUSY, "%s: the file changed since it was read; reload",
				store->source.path);
	for (slot = h & (store->index_cap - 1); store->index[slot].hash; slot = (slot + 1) & (store->index_cap - 1)) {
		const struct detail_slot *e = &store->index[slot];
		char *text;
		ssize_t n;
		int found;
		if (e->hash != h)
			continue;
		tried = 1;
		text = xmalloc(e->length ? e->length : 1);
		n = src_pread(store, text, e->length, e->offset);
		if (n < 0) {
			int saved = errno;
			free(text);
			return tib_fail(err, TIB_ERR_IO, "%s: cannot read: %s", store->source.path, strerror(saved));
		}
		found = (size_t)n == e->length && parse_detail(text, e->length, id, out);
		free(text);
		if (found)
			return TIB_OK;
	}
	if (tried) /* the id's record is no longer where it was */
		return tib_fail(err, TIB_ERR_BUSY, "%s: the file changed since it was read; reload",
				store->source.path);
	return TIB_OK; /* not an issue of the last load: nothing to show */
}

/* ---- open, change detection, reopen, close */

static enum tib_status open_file(struct jsonl_store *store, struct tib_error *err)
{
	static const char sqlite_magic[16] = "SQLite format 3";
	const char *path = store->source.path;
	char head[16];
	struct stat st;
	ssize_t n;

	store->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (store->fd < 0)
		return tib_fail(err, errno == ENOENT ? TIB_ERR_NOT_FOUND : TIB_ERR_IO, "%s: %s", path,
				strerror(errno));
	if (fstat(store->fd, &st) != 0) {
		int saved = errno;
		close(store->fd);
		store->fd = -1;
		return tib_fail(err, TIB_ERR_IO, "%s: %s", path, strerror(saved));
	}
	file_id_of(&st, &store->opened);
	store->seen = store->opened;
	if (!S_ISREG(st.st_mode)) {
		close(store->fd);
		store->fd = -1;
		return tib_fail(err, TIB_ERR_IO, "%s: %s", path,
				S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
	}
	n = src_pread(store, head, sizeof(head), 0);
	if (n == (ssize_t)sizeof(head) && memcmp(head, sqlite_magic, sizeof(sqlite_magic)) == 0) {
		close(store->fd);
		store->fd = -1;
		return tib_fail(err, TIB_ERR_UNSUPPORTED, "%s: a SQLite database, not a JSONL file", path);
	}
	store->read_only = access(path, W_OK) != 0;
	return TIB_OK;
}

static enum tib_status jsonl_open(const struct source *source, void **state, struct tib_error *err)
{
	struct jsonl_store *store = xcalloc(1, sizeof(*store));
	enum tib_status status;
	store->source = *source;
	status = open_file(store, err);
	if (status != TIB_OK) {
		free(store);
		return status;
	}
	jsonl_remove_stale_temps(store->source.path);
	*state = store;
	return TIB_OK;
}

void *jsonl_open_memory(const char *data, size_t len)
{
	struct jsonl_store *store = xcalloc(1, sizeof(*store));
	store->fd = -1;
	store->mem = data ? data : "";
	store->mem_len = data ? len : 0;
	store->read_only = 1;
	STR_COPY(store->source.path, "(memory)");
	return store;
}

static enum store_change jsonl_poll(void *state)
{
	struct jsonl_store *store = state;
	struct file_id id;
	struct stat st;
	if (store->mem)
		return STORE_UNCHANGED;
	if (stat(store->source.path, &st) != 0)
		return STORE_FILE_GONE;
	file_id_of(&st, &id);
	if (id.dev != store->opened.dev || id.ino != store->opened.ino)
		return STORE_FILE_REPLACED;
	if (store->fd < 0) {
		/* a bad file (or one we could not open): try it again once it
		 * is rewritten or made readable, else wait for a replacement */
		if (!same_content(&id, &store->opened) || id.mode != store->opened.mode ||
		    id.ctime.tv_sec != store->opened.ctime.tv_sec || id.ctime.tv_nsec != store->opened.ctime.tv_nsec)
			return STORE_FILE_REPLACED;
		return STORE_UNCHANGED;
	}
	if (!same_content(&id, &store->seen)) {
		store->seen = id;
		return STORE_DATA_CHANGED;
	}
	return STORE_UNCHANGED;
}

static enum tib_status jsonl_reopen(void *state, struct tib_error *err)
{
	struct jsonl_store *store = state;
	struct stat st;
	if (store->mem)
		return TIB_OK;
	if (store->fd >= 0)
		close(store->fd);
	store->fd = -1;
	/* the old ranges mean nothing in the new file */
	store->have_index = 0;
	/* Remember the file we tried, so a bad replacement is not retried
	 * until it changes again. */
	if (stat(store->source.path, &st) == 0)
		file_id_of(&st, &store->opened);
	return open_file(store, err);
}

/* ---- writing (jsonl_write.c does the rewrite) */

/* Why the file cannot be written ("" when it can): the file itself, or
 * its directory, where the temp file is created and renamed. A file
 * without any write permission bit counts as read-only even for root. */
static const char *jsonl_read_only_reason(const void *state)
{
	const struct jsonl_store *store = state;
	static char reason[PATH_MAX + 96];
	char real[PATH_MAX], dir[PATH_MAX];
	const char *slash;
	struct stat st;
	if (store->mem)
		return "the data is in memory";
	if (!realpath(store->source.path, real) || stat(real, &st) != 0)
		return ""; /* gone: the write says so */
	if (!(st.st_mode & 0222))
		return "the file is read-only";
	if (access(real, W_OK) != 0)
		return errno == EROFS ? "the file system is read-only" : "the file is read-only";
	slash = strrchr(real, '/');
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash == real ? 1 : slash - real) : 1, slash ? real : ".");
	if (access(dir, W_OK | X_OK) != 0) {
		snprintf(reason, sizeof(reason), "%s %s%s is read-only (tib writes by an atomic rename)",
			 errno == EROFS ? "the file system of" : "the directory", dir, strcmp(dir, "/") == 0 ? "" : "/");
		return reason;
	}
	return "";
}

static enum tib_status jsonl_apply_changes(void *state, const struct issue_change *changes, size_t count,
					   const char *actor, int64_t now, struct tib_error *err)
{
	struct jsonl_store *store = state;
	struct jsonl_file_stamp stamp;
	struct tib_error reopen_err = {0};
	enum tib_status status;
	const char *reason;

	if (store->mem)
		return tib_fail(err, TIB_ERR_UNSUPPORTED, "%s: cannot write to memory", store->source.path);
	if (store->fd < 0)
		return tib_fail(err, TIB_ERR_IO, "%s: no valid file open", store->source.path);
	reason = jsonl_read_only_reason(store);
	if (*reason)
		return tib_fail(err, TIB_ERR_READ_ONLY, "%s: %s", store->source.path, reason);
	if (!store->have_index)
		return tib_fail(err, TIB_ERR_CONFLICT, "%s: not read since it was opened; reload", store->source.path);
	stamp.dev = store->loaded.dev;
	stamp.ino = store->loaded.ino;
	stamp.size = store->loaded.size;
	stamp.mtime = store->loaded.mtime;
	status = jsonl_write_changes(store->source.path, &stamp, changes, count, actor, now, err);
	if (status != TIB_OK || count == 0)
		return status;
	/* fd still reads the file that was replaced: read the new one from
	 * now on (the caller reloads). If that fails, fd stays -1 and the next
	 * poll reports the replaced file, as after any other writer. */
	close(store->fd);
	store->fd = -1;
	store->have_index = 0;
	(void)open_file(store, &reopen_err);
	return TIB_OK;
}

static int jsonl_is_read_only(const void *state)
{
	const struct jsonl_store *store = state;
	return store->read_only;
}

static void jsonl_close(void *state)
{
	struct jsonl_store *store = state;
	if (!store)
		return;
	if (store->fd >= 0)
		close(store->fd);
	free(store->index);
	problem_list_free(&store->problems);
	free(store);
}

static int jsonl_is_open(const void *state)
{
	const struct jsonl_store *store = state;
	return store->mem || store->fd >= 0;
}

const struct store_backend jsonl_backend = {
	.name = "jsonl",
	.open = jsonl_open,
	.load = jsonl_load,
	.load_detail = jsonl_load_detail,
	.poll = jsonl_poll,
	.reopen = jsonl_reopen,
	.is_read_only = jsonl_is_read_only,
	.close = jsonl_close,
	.problems = jsonl_problems,
	.apply_changes = jsonl_apply_changes,
	.read_only_reason = jsonl_read_only_reason,
	.is_open = jsonl_is_open,
};
