/* The write side of the JSONL backend: applies changes to a beads export
 * by rewriting the file atomically, following bd's export conventions.
 *
 * The file is read whole and split into lines; each line that is an issue
 * record has its id found by a light scan (no tree is built) and goes into
 * a hash map, the last line of an id winning as in a load. The records
 * the changes touch are parsed with cJSON, edited in order (several
 * changes to one issue see each other), and printed again in their line's
 * own separator style; new issues become new lines where the sorted-by-id
 * order puts them, deleted ones lose their line. Every other byte of the
 * file (BOM, CRLF, blank and malformed lines, a changed line's own leading
 * and trailing blanks and line ending) is copied as it was. Timestamps
 * are written in the shape the file already uses.
 *
 * No lost update: a change with expect_updated_at is checked against the
 * issue's updated_at as read here; a change without one needs the whole
 * file to be the one the last load read. The new content goes to a temp
 * file in the same directory (same mode), which is fsync'ed and renamed
 * over the original once the file is checked to still be the one read,
 * and the directory is fsync'ed. Nothing is written when any change
 * fails. */
#include "backend.h"
#include "issue_id.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#define JSON_DEPTH 1000 /* cJSON's own nesting limit */
#define ID_ATTEMPTS 1000

/* One issue: a record of the file (the last line with its id) or a new one. */
struct record {
	const char *id;              /* in the job's arena */
	size_t start, end;           /* the JSON value's bytes (trimmed) */
	size_t line_start, line_end; /* the whole line, with its line ending */
	int is_new, deleted, changed;
	cJSON *obj;                  /* parsed when first used */
	int64_t read_updated_at;     /* updated_at as read here (TIME_NONE) */
	const char *now_text;        /* now, in the shape of its updated_at */
	int colon_space, comma_space;
	char *text;                  /* printed when changed */
};

struct job {
	const char *path;
	const char *buf;
	size_t size, body;
	const char *actor;
	int64_t now;
	struct arena arena;
	struct record *recs;
	size_t nrecs, cap, nfile; /* recs[0..nfile) are the file's, in order */
	uint32_t *map; /* record index + 1, 0 = empty */
	size_t map_cap;
	int have_sample;
	char sample[64]; /* an updated_at of the file ("" for none) */
	int have_comment_id, comment_id_string;
	long long comment_id; /* the largest comment id so far */
	int have_prefix; /* and top_level */
	char prefix[64];
	size_t top_level; /* issues that are not `parent.N` */
	struct tib_error *err;
};

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int nonempty(const char *s)
{
	return s && *s;
}

static int has_bytes(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	const char *p = s, *lim;
	if (m > n)
		return 0;
	lim = s + n - m;
	for (; p <= lim && (p = memchr(p, needle[0], (size_t)(lim - p) + 1)); p++)
		if (memcmp(p, needle, m) == 0)
			return 1;
	return 0;
}

/* ---- reading the file */

static enum tib_status read_all(int fd, const char *path, size_t size, char **out, struct tib_error *err)
{
	char *buf = xmalloc(size + 1);
	size_t got = 0;
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int saved = n < 0 ? errno : 0;
			free(buf);
			if (!saved)
				return tib_fail(err, TIB_ERR_CONFLICT, "%s: changed on disk since it was read; reload",
						path);
			return tib_fail(err, TIB_ERR_IO, "%s: %s", path, strerror(saved));
		}
		got += (size_t)n;
	}
	buf[size] = '\0';
	*out = buf;
	return TIB_OK;
}

static void stamp_of(const struct stat *st, struct jsonl_file_stamp *s)
{
	s->dev = st->st_dev;
	s->ino = st->st_ino;
	s->size = st->st_size;
	s->mtime = st->st_mtim;
}

static int same_stamp(const struct stat *st, const struct jsonl_file_stamp *s)
{
	return st->st_dev == s->dev && st->st_ino == s->ino && st->st_size == s->size &&
	       st->st_mtim.tv_sec == s->mtime.tv_sec && st->st_mtim.tv_nsec == s->mtime.tv_nsec;
}

/* ---- a light JSON scan: checks a line and finds its id without
 * building a tree (most lines of a big file are never parsed) */

static const char *scan_ws(const char *p, const char *e)
{
	while (p < e && is_blank(*p))
		p++;
	return p;
}

/* p at '"': the byte after the closing quote, or NULL. */
static const char *scan_string(const char *p, const char *e, int *escaped)
{
	for (p++; p < e; p++) {
		if (*p == '"')
			return p + 1;
		if (*p == '\\') {
			*escaped = 1;
			if (++p >= e)
				return NULL;
		}
	}
	return NULL;
}

static const char *scan_value(const char *p, const char *e, int depth)
{
	int escaped = 0, digits = 0;
	if (p >= e)
		return NULL;
	switch (*p) {
	case '"':
		return scan_string(p, e, &escaped);
	case '{':
	case '[': {
		int obj = *p == '{';
		char close = obj ? '}' : ']';
		if (depth >= JSON_DEPTH)
			return NULL;
		p = scan_ws(p + 1, e);
		if (p < e && *p == close)
			return p + 1;
		for (;;) {
			if (obj) {
				if (p >= e || *p != '"' || !(p = scan_string(p, e, &escaped)))
					return NULL;
				p = scan_ws(p, e);
				if (p >= e || *p != ':')
					return NULL;
				p = scan_ws(p + 1, e);
			}
			if (!(p = scan_value(p, e, depth + 1)))
				return NULL;
			p = scan_ws(p, e);
			if (p < e && *p == ',') {
				p = scan_ws(p + 1, e);
				continue;
			}
			return p < e && *p == close ? p + 1 : NULL;
		}
	}
	case 't':
		return e - p >= 4 && memcmp(p, "true", 4) == 0 ? p + 4 : NULL;
	case 'f':
		return e - p >= 5 && memcmp(p, "false", 5) == 0 ? p + 5 : NULL;
	case 'n':
		return e - p >= 4 && memcmp(p, "null", 4) == 0 ? p + 4 : NULL;
	default:
		/* as lenient as cJSON, which hands these to strtod */
		for (; p < e && *p && strchr("0123456789+-.eE", *p); p++)
			digits |= *p >= '0' && *p <= '9';
		return digits ? p : NULL;
	}
}

/* The last member `key` of an object (what a load reads), null as none. */
static cJSON *member(const cJSON *obj, const char *key)
{
	cJSON *item, *found = NULL;
	if (!cJSON_IsObject(obj))
		return NULL;
	cJSON_ArrayForEach(item, obj)
		if (item->string && strcmp(item->string, key) == 0)
			found = item;
	return cJSON_IsNull(found) ? NULL : found;
}

/* The id of an issue record s..e (trimmed, starting with '{'), in the
 * arena; NULL for anything a load skips (invalid JSON, no string id, a
 * `_type` other than "issue"). */
static const char *record_id(struct job *j, const char *s, const char *e)
{
	const char *p = scan_ws(s + 1, e), *id = NULL, *id_end = NULL, *type = NULL, *type_end = NULL;
	int slow = 0;
	if (p < e && *p == '}') {
		p++;
	} else {
		for (;;) {
			const char *k = p, *ke, *v, *ve;
			int escaped = 0;
			if (p >= e || *p != '"' || !(ke = scan_string(p, e, &escaped)))
				return NULL;
			p = scan_ws(ke, e);
			if (p >= e || *p != ':')
				return NULL;
			v = scan_ws(p + 1, e);
			if (!(ve = scan_value(v, e, 1)))
				return NULL;
			if (escaped) {
				slow = 1; /* a key with escapes: let cJSON decode it */
			} else if (ke - k == 4 && memcmp(k, "\"id\"", 4) == 0) {
				id = v;
				id_end = ve;
			} else if (ke - k == 7 && memcmp(k, "\"_type\"", 7) == 0) {
				type = v;
				type_end = ve;
			}
			p = scan_ws(ve, e);
			if (p < e && *p == ',') {
				p = scan_ws(p + 1, e);
				continue;
			}
			if (p < e && *p == '}') {
				p++;
				break;
			}
			return NULL;
		}
	}
	if (p != e)
		return NULL;
	if (slow || (id && memchr(id, '\\', (size_t)(id_end - id))) ||
	    (type && memchr(type, '\\', (size_t)(type_end - type)))) {
		cJSON *obj = cJSON_ParseWithLength(s, (size_t)(e - s));
		const cJSON *vid = member(obj, "id"), *vtype = member(obj, "_type");
		const char *out = NULL;
		if (cJSON_IsString(vid) && vid->valuestring[0] &&
		    !(cJSON_IsString(vtype) && strcmp(vtype->valuestring, "issue") != 0))
			out = arena_strdup(&j->arena, vid->valuestring);
		cJSON_Delete(obj);
		return out;
	}
	if (type && *type == '"' && !(type_end - type == 7 && memcmp(type, "\"issue\"", 7) == 0))
		return NULL; /* newer exports mix in other records ("memory"...) */
	if (!id || *id != '"' || id_end - id <= 2)
		return NULL;
	return arena_strndup(&j->arena, id + 1, (size_t)(id_end - id) - 2);
}

/* ---- the records and their index */

static size_t map_slot(const struct job *j, const char *id)
{
	size_t mask = j->map_cap - 1, i = (size_t)hash_str(id) & mask;
	while (j->map[i] && strcmp(j->recs[j->map[i] - 1].id, id) != 0)
		i = (i + 1) & mask;
	return i;
}

static void map_put(struct job *j, size_t idx)
{
	j->map[map_slot(j, j->recs[idx].id)] = (uint32_t)(idx + 1);
}

/* The issue `id` as it stands after the changes so far; NULL if none. */
static struct record *lookup(const struct job *j, const char *id)
{
	size_t slot = map_slot(j, id);
	struct record *r;
	if (!j->map[slot])
		return NULL;
	r = &j->recs[j->map[slot] - 1];
	return r->deleted ? NULL : r;
}

static struct record *new_record(struct job *j)
{
	struct record *r;
	GROW(j->recs, j->cap, j->nrecs + 1);
	r = &j->recs[j->nrecs++];
	memset(r, 0, sizeof(*r));
	r->read_updated_at = TIME_NONE;
	return r;
}

/* Splits the body into lines and indexes the issue records. */
static void index_records(struct job *j, size_t creates)
{
	size_t pos = j->body, lines = 1, need;
	const char *p = j->buf + j->body, *lim = j->buf + j->size;
	while (p < lim && (p = memchr(p, '\n', (size_t)(lim - p)))) {
		lines++;
		p++;
	}
	need = 2 * (lines + creates) + 16;
	for (j->map_cap = 16; j->map_cap < need; j->map_cap *= 2)
		;
	j->map = xcalloc(j->map_cap, sizeof(*j->map));
	while (pos < j->size) {
		const char *nl = memchr(j->buf + pos, '\n', j->size - pos);
		size_t end = nl ? (size_t)(nl - j->buf) : j->size, s = pos, e = end;
		const char *id;
		while (s < e && is_blank(j->buf[s]))
			s++;
		while (e > s && is_blank(j->buf[e - 1]))
			e--;
		if (s < e && j->buf[s] == '{' && (id = record_id(j, j->buf + s, j->buf + e))) {
			struct record *r = new_record(j);
			r->id = id;
			r->start = s;
			r->end = e;
			r->line_start = pos;
			r->line_end = nl ? end + 1 : j->size;
			map_put(j, j->nrecs - 1);
		}
		pos = nl ? end + 1 : j->size;
	}
	j->nfile = j->nrecs;
}

/* An updated_at of the file, for the shape of new timestamps. */
static const char *file_sample(struct job *j)
{
	size_t i;
	if (j->have_sample)
		return j->sample;
	j->have_sample = 1;
	for (i = 0; i < j->nfile; i++) {
		const struct record *r = &j->recs[i];
		cJSON *obj;
		const cJSON *v;
		if (!has_bytes(j->buf + r->start, r->end - r->start, "\"updated_at\""))
			continue;
		obj = cJSON_ParseWithLength(j->buf + r->start, r->end - r->start);
		v = member(obj, "updated_at");
		if (cJSON_IsString(v) && timestamp_parse(v->valuestring) != TIME_NONE &&
		    strlen(v->valuestring) < sizeof(j->sample)) {
			snprintf(j->sample, sizeof(j->sample), "%s", v->valuestring);
			cJSON_Delete(obj);
			break;
		}
		cJSON_Delete(obj);
	}
	return j->sample;
}

static const char *now_like(struct job *j, const char *sample)
{
	char text[64];
	if (!sample || timestamp_parse(sample) == TIME_NONE)
		sample = file_sample(j);
	timestamp_format_like(j->now, sample, text, sizeof(text));
	return arena_strdup(&j->arena, text);
}

/* The separators of a line: after the first ':' and ',' outside strings,
 * is there a space? (Python's json.dumps and bd write ", " and ": ", Go
 * and cJSON ",", ":".) */
static void detect_style(const char *s, size_t len, int *colon_space, int *comma_space)
{
	int in_str = 0, seen_colon = 0, seen_comma = 0;
	size_t i;
	*colon_space = *comma_space = 0;
	for (i = 0; i < len && !(seen_colon && seen_comma); i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
		} else if (c == ':' && !seen_colon) {
			seen_colon = 1;
			*colon_space = i + 1 < len && s[i + 1] == ' ';
		} else if (c == ',' && !seen_comma) {
			seen_comma = 1;
			*comma_space = i + 1 < len && s[i + 1] == ' ';
		}
	}
	if (!seen_comma) /* one key: follow the colon */
		*comma_space = *colon_space;
}

/* Parses a file record (once) and notes what it held when read. */
static enum tib_status load_record(struct job *j, struct record *r)
{
	const cJSON *v;
	if (r->obj)
		return TIB_OK;
	r->obj = cJSON_ParseWithLength(j->buf + r->start, r->end - r->start);
	if (!cJSON_IsObject(r->obj))
		return tib_fail(j->err, TIB_ERR_IO, "%s: cannot re-read the record of %s", j->path, r->id);
	v = member(r->obj, "updated_at");
	r->read_updated_at = cJSON_IsString(v) ? timestamp_parse(v->valuestring) : TIME_NONE;
	r->now_text = now_like(j, cJSON_IsString(v) ? v->valuestring : NULL);
	detect_style(j->buf + r->start, r->end - r->start, &r->colon_space, &r->comma_space);
	return TIB_OK;
}

/* No lost update: the issue still has the updated_at the caller read. */
static enum tib_status check_expected(struct job *j, const struct record *r, const struct issue_change *c)
{
	if (c->expect_updated_at == TIME_NONE || r->read_updated_at == c->expect_updated_at)
		return TIB_OK;
	return tib_fail(j->err, TIB_ERR_CONFLICT, "%s: %s changed on disk since it was read; reload", j->path,
			r->id);
}

/* ---- editing one record */

static void set_item(cJSON *obj, const char *key, cJSON *item)
{
	if (cJSON_GetObjectItemCaseSensitive(obj, key))
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key, item);
	else
		cJSON_AddItemToObject(obj, key, item);
}

static void set_string(cJSON *obj, const char *key, const char *value)
{
	set_item(obj, key, cJSON_CreateString(value));
}

/* bd omits empty fields. */
static void set_or_remove(cJSON *obj, const char *key, const char *value)
{
	if (nonempty(value))
		set_string(obj, key, value);
	else
		cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* labels := sorted, unique (old labels + add) - remove; no key when empty. */
static void edit_labels(cJSON *obj, const char *add, const char *remove)
{
	const cJSON *labels = cJSON_GetObjectItemCaseSensitive(obj, "labels");
	const cJSON *item;
	const char **names;
	size_t n = 0, kept = 0, i;
	cJSON *arr;

	names = xcalloc((size_t)cJSON_GetArraySize(labels) + 2, sizeof(*names));
	if (cJSON_IsArray(labels))
		cJSON_ArrayForEach(item, labels)
			if (cJSON_IsString(item))
				names[n++] = item->valuestring;
	if (add)
		names[n++] = add;
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		if (remove && strcmp(names[i], remove) == 0)
			continue;
		if (kept && strcmp(names[kept - 1], names[i]) == 0)
			continue;
		names[kept++] = names[i];
	}
	if (!kept) {
		cJSON_DeleteItemFromObjectCaseSensitive(obj, "labels");
		free(names);
		return;
	}
	/* the strings still belong to the old array: copy before replacing */
	arr = cJSON_CreateArray();
	for (i = 0; i < kept; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(names[i]));
	free(names);
	set_item(obj, "labels", arr);
}

/* The array `key` of a record, created when absent; NULL when the key
 * holds something else. */
static cJSON *array_of(cJSON *obj, const char *key, int create)
{
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!arr || cJSON_IsNull(arr)) {
		if (!create)
			return NULL;
		arr = cJSON_CreateArray();
		set_item(obj, key, arr);
	}
	return cJSON_IsArray(arr) ? arr : NULL;
}

/* Comment ids are global (SQLite's AUTOINCREMENT in bd): the largest of
 * the file, integers or strings of digits. */
static void find_comment_ids(struct job *j)
{
	size_t i;
	j->have_comment_id = 1;
	for (i = 0; i < j->nfile; i++) {
		const struct record *r = &j->recs[i];
		cJSON *obj;
		const cJSON *item;
		if (!has_bytes(j->buf + r->start, r->end - r->start, "\"comments\""))
			continue;
		obj = cJSON_ParseWithLength(j->buf + r->start, r->end - r->start);
		item = member(obj, "comments");
		if (cJSON_IsArray(item))
			for (item = item->child; item; item = item->next) {
				const cJSON *id = member(item, "id");
				long long n;
				int is_string = 0;
				if (cJSON_IsNumber(id) && id->valuedouble >= 0 && id->valuedouble < 9e15) {
					n = (long long)id->valuedouble;
				} else if (cJSON_IsString(id) && id->valuestring[0] &&
					   strspn(id->valuestring, "0123456789") == strlen(id->valuestring) &&
					   strlen(id->valuestring) <= 15) {
					n = strtoll(id->valuestring, NULL, 10);
					is_string = 1;
				} else {
					continue;
				}
				if (n >= j->comment_id) {
					j->comment_id = n;
					j->comment_id_string = is_string;
				}
			}
		cJSON_Delete(obj);
	}
}

static enum tib_status add_comment(struct job *j, struct record *r, const struct issue_change *c)
{
	cJSON *arr = array_of(r->obj, "comments", 1), *item, *count;
	char num[32];
	if (!arr)
		return tib_fail(j->err, TIB_ERR_UNSUPPORTED, "%s: %s: \"comments\" is not an array", j->path, r->id);
	if (!j->have_comment_id)
		find_comment_ids(j);
	j->comment_id++;
	item = cJSON_CreateObject();
	if (j->comment_id_string) {
		snprintf(num, sizeof(num), "%lld", j->comment_id);
		cJSON_AddStringToObject(item, "id", num);
	} else {
		cJSON_AddNumberToObject(item, "id", (double)j->comment_id);
	}
	cJSON_AddStringToObject(item, "issue_id", r->id);
	cJSON_AddStringToObject(item, "author", j->actor ? j->actor : "");
	cJSON_AddStringToObject(item, "text", c->text);
	cJSON_AddStringToObject(item, "created_at", r->now_text);
	cJSON_AddItemToArray(arr, item);
	/* newer exports carry the count beside the comments */
	count = cJSON_GetObjectItemCaseSensitive(r->obj, "comment_count");
	if (cJSON_IsNumber(count))
		set_item(r->obj, "comment_count", cJSON_CreateNumber(count->valuedouble + 1));
	return TIB_OK;
}

static const char *dep_type_of(const struct issue_change *c)
{
	return nonempty(c->dep_type) ? c->dep_type : "blocks"; /* bd dep add's default */
}

static int dep_matches(const cJSON *dep, const char *target, const char *type)
{
	const cJSON *to = member(dep, "depends_on_id"), *ty = member(dep, "type");
	const char *type_name = cJSON_IsString(ty) && ty->valuestring[0] ? ty->valuestring : "blocks";
	return cJSON_IsObject(dep) && cJSON_IsString(to) && strcmp(to->valuestring, target) == 0 &&
	       strcmp(type_name, type) == 0;
}

/* A Dolt-era export names the parent in "parent" too (a load reads it). */
static int parent_key_is(const cJSON *obj, const char *target, const char *type)
{
	const cJSON *parent = member(obj, "parent");
	return strcmp(type, "parent-child") == 0 && cJSON_IsString(parent) &&
	       strcmp(parent->valuestring, target) == 0;
}

static cJSON *new_dep(const char *id, const char *target, const char *type, const char *now_text,
		      const char *actor)
{
	cJSON *dep = cJSON_CreateObject();
	cJSON_AddStringToObject(dep, "issue_id", id);
	cJSON_AddStringToObject(dep, "depends_on_id", target);
	cJSON_AddStringToObject(dep, "type", type);
	cJSON_AddStringToObject(dep, "created_at", now_text);
	if (nonempty(actor))
		cJSON_AddStringToObject(dep, "created_by", actor);
	return dep;
}

static enum tib_status add_dep(struct job *j, struct record *r, const struct issue_change *c)
{
	const char *type = dep_type_of(c);
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(r->obj, "dependencies");
	const cJSON *dep;
	if (strcmp(c->text, r->id) == 0)
		return tib_fail(j->err, TIB_ERR_UNSUPPORTED, "%s: %s cannot depend on itself", j->path, r->id);
	if (strncmp(c->text, "external:", 9) != 0 && !lookup(j, c->text))
		return tib_fail(j->err, TIB_ERR_NOT_FOUND, "%s: no issue %s (the dependency of %s)", j->path, c->text,
				r->id);
	if (arr && !cJSON_IsNull(arr) && !cJSON_IsArray(arr))
		return tib_fail(j->err, TIB_ERR_UNSUPPORTED, "%s: %s: \"dependencies\" is not an array", j->path,
				r->id);
	if (cJSON_IsArray(arr))
		cJSON_ArrayForEach(dep, arr)
			if (dep_matches(dep, c->text, type))
				goto exists;
	if (parent_key_is(r->obj, c->text, type))
		goto exists;
	cJSON_AddItemToArray(array_of(r->obj, "dependencies", 1), new_dep(r->id, c->text, type, r->now_text, j->actor));
	return TIB_OK;
exists:
	return tib_fail(j->err, TIB_ERR_UNSUPPORTED, "%s: %s already has a %s dependency on %s", j->path, r->id, type,
			c->text);
}

static enum tib_status remove_dep(struct job *j, struct record *r, const struct issue_change *c)
{
	const char *type = dep_type_of(c);
	cJSON *arr = array_of(r->obj, "dependencies", 0);
	int removed = 0, i;
	if (arr) {
		for (i = cJSON_GetArraySize(arr) - 1; i >= 0; i--)
			if (dep_matches(cJSON_GetArrayItem(arr, i), c->text, type)) {
				cJSON_DeleteItemFromArray(arr, i);
				removed++;
			}
		if (!cJSON_GetArraySize(arr))
			cJSON_DeleteItemFromObjectCaseSensitive(r->obj, "dependencies");
	}
	if (parent_key_is(r->obj, c->text, type)) {
		cJSON_DeleteItemFromObjectCaseSensitive(r->obj, "parent");
		removed++;
	}
	if (!removed)
		return tib_fail(j->err, TIB_ERR_NOT_FOUND, "%s: %s has no %s dependency on %s", j->path, r->id, type,
				c->text);
	return TIB_OK;
}

static enum tib_status apply_one(struct job *j, struct record *r, const struct issue_change *c)
{
	cJSON *obj = r->obj;
	if (!r->changed) {
		/* first, so that a new updated_at comes before a new closed_at
		 * and close_reason, as in bd's exports */
		set_string(obj, "updated_at", r->now_text);
		r->changed = 1;
	}
	switch (c->kind) {
	case CHANGE_STATUS:
		set_string(obj, "status", c->text);
		if (strcmp(c->text, "closed") == 0) {
			set_string(obj, "closed_at", r->now_text);
			set_or_remove(obj, "close_reason", c->reason);
		} else {
			cJSON_DeleteItemFromObjectCaseSensitive(obj, "closed_at");
			cJSON_DeleteItemFromObjectCaseSensitive(obj, "close_reason");
		}
		break;
	case CHANGE_PRIORITY:
		set_item(obj, "priority", cJSON_CreateNumber(c->number));
		break;
	case CHANGE_ASSIGNEE:
		set_or_remove(obj, "assignee", c->text);
		break;
	case CHANGE_TITLE:
		set_string(obj, "title", c->text);
		break;
	case CHANGE_TYPE:
		set_string(obj, "issue_type", c->text);
		break;
	case CHANGE_ADD_LABEL:
		edit_labels(obj, c->text, NULL);
		break;
	case CHANGE_REMOVE_LABEL:
		edit_labels(obj, NULL, c->text);
		break;
	case CHANGE_DESCRIPTION:
		set_or_remove(obj, "description", c->text);
		break;
	case CHANGE_DESIGN:
		set_or_remove(obj, "design", c->text);
		break;
	case CHANGE_ACCEPTANCE:
		set_or_remove(obj, "acceptance_criteria", c->text);
		break;
	case CHANGE_NOTES:
		set_or_remove(obj, "notes", c->text);
		break;
	case CHANGE_COMMENT:
		return add_comment(j, r, c);
	case CHANGE_ADD_DEP:
		return add_dep(j, r, c);
	case CHANGE_REMOVE_DEP:
		return remove_dep(j, r, c);
	case CHANGE_CREATE:
	case CHANGE_DELETE:
		break; /* not edits: see apply_change */
	}
	return TIB_OK;
}

/* ---- new issues */

/* `parent.N`? */
static int is_child_id(const char *id)
{
	const char *dot = strrchr(id, '.');
	return dot && dot[1] && strspn(dot + 1, "0123456789") == strlen(dot + 1);
}

/* The prefix most ids use, and how many top-level issues there are (bd
 * sizes new hashes by that count). */
static void count_ids(struct job *j)
{
	struct prefix_tally tally;
	size_t i;
	memset(&tally, 0, sizeof(tally));
	for (i = 0; i < j->nrecs; i++) {
		const struct record *r = &j->recs[i];
		prefix_tally_add(&tally, r->id);
		if (lookup(j, r->id) == r && !is_child_id(r->id))
			j->top_level++;
	}
	snprintf(j->prefix, sizeof(j->prefix), "%s", prefix_tally_best(&tally));
	j->have_prefix = 1;
}

/* `parent.N`, N one past the parent's largest child. */
static void child_id(const struct job *j, const char *parent, char *out, size_t out_size)
{
	size_t plen = strlen(parent), i;
	unsigned long long max = 0;
	for (i = 0; i < j->nrecs; i++) {
		const char *id = j->recs[i].id, *n = id + plen + 1;
		if (strncmp(id, parent, plen) != 0 || id[plen] != '.' || !*n || strlen(n) > 18 ||
		    strspn(n, "0123456789") != strlen(n))
			continue;
		if (strtoull(n, NULL, 10) > max)
			max = strtoull(n, NULL, 10);
	}
	snprintf(out, out_size, "%s.%llu", parent, max + 1);
}

static enum tib_status create_issue(struct job *j, const struct issue_change *c)
{
	struct record *r, *parent = NULL;
	char id[ISSUE_ID_MAX + 80];
	const char *sample = NULL;
	unsigned attempt;
	cJSON *obj;
	enum tib_status status;
	int colon_space = 0, comma_space = 0;

	if (nonempty(c->id)) {
		parent = lookup(j, c->id);
		if (!parent)
			return tib_fail(j->err, TIB_ERR_NOT_FOUND, "%s: no issue %s (the parent of the new issue)",
					j->path, c->id);
		if (!parent->is_new && (status = load_record(j, parent)) != TIB_OK)
			return status;
		if ((status = check_expected(j, parent, c)) != TIB_OK)
			return status;
		child_id(j, parent->id, id, sizeof(id));
		colon_space = parent->colon_space;
		comma_space = parent->comma_space;
		sample = parent->now_text; /* in the parent's shape */
	} else {
		if (!j->have_prefix)
			count_ids(j);
		/* the same title by the same actor at the same instant gives
		 * the same id: the next attempt another */
		for (attempt = 0;; attempt++) {
			if (attempt == ID_ATTEMPTS)
				return tib_fail(j->err, TIB_ERR_IO, "%s: no free id for a new issue", j->path);
			issue_id_make(j->prefix, c->text, j->actor, j->now, issue_id_hash_length(j->top_level), attempt,
				      id, sizeof(id));
			if (!j->map[map_slot(j, id)])
				break;
		}
		j->top_level++;
		if (j->nfile)
			detect_style(j->buf + j->recs[0].start, j->recs[0].end - j->recs[0].start, &colon_space,
				     &comma_space);
	}
	if (strlen(id) >= ISSUE_ID_MAX)
		return tib_fail(j->err, TIB_ERR_UNSUPPORTED, "%s: the new id %s is too long", j->path, id);
	str_copy(c->created_id, ISSUE_ID_MAX, id);
	r = new_record(j); /* parent may move: not used from here on */
	r->id = arena_strdup(&j->arena, id);
	r->is_new = r->changed = 1;
	r->now_text = now_like(j, sample);
	r->colon_space = colon_space;
	r->comma_space = comma_space;
	/* bd's export order */
	obj = r->obj = cJSON_CreateObject();
	cJSON_AddStringToObject(obj, "id", r->id);
	cJSON_AddStringToObject(obj, "title", c->text);
	cJSON_AddStringToObject(obj, "status", "open");
	cJSON_AddNumberToObject(obj, "priority", c->number);
	cJSON_AddStringToObject(obj, "issue_type", nonempty(c->issue_type) ? c->issue_type : "task");
	cJSON_AddStringToObject(obj, "created_at", r->now_text);
	if (nonempty(j->actor))
		cJSON_AddStringToObject(obj, "created_by", j->actor);
	cJSON_AddStringToObject(obj, "updated_at", r->now_text);
	if (nonempty(c->id))
		cJSON_AddItemToArray(array_of(obj, "dependencies", 1),
				     new_dep(r->id, c->id, "parent-child", r->now_text, j->actor));
	map_put(j, j->nrecs - 1);
	return TIB_OK;
}

static enum tib_status apply_change(struct job *j, const struct issue_change *c)
{
	struct record *r;
	enum tib_status status;
	if (c->kind == CHANGE_CREATE)
		return create_issue(j, c);
	if (!nonempty(c->id))
		return tib_fail(j->err, TIB_ERR_NOT_FOUND, "%s: a change without an issue id", j->path);
	r = lookup(j, c->id);
	if (!r)
		return tib_fail(j->err, TIB_ERR_NOT_FOUND, "%s: no issue %s", j->path, c->id);
	if ((status = load_record(j, r)) != TIB_OK || (status = check_expected(j, r, c)) != TIB_OK)
		return status;
	if (c->kind == CHANGE_DELETE) {
		r->deleted = 1;
		if (j->have_prefix && !is_child_id(r->id))
			j->top_level--;
		return TIB_OK;
	}
	return apply_one(j, r, c);
}

/* ---- checking the changes */


/* Whether a change carries its own protection against a lost update. */
static int self_checked(const struct issue_change *c)
{
	return c->kind == CHANGE_CREATE || c->expect_updated_at != TIME_NONE;
}

/* ---- the new content */

/* cJSON's compact text with a space after ':' and/or ',' outside strings. */
static char *respace(const char *compact, int colon_space, int comma_space)
{
	struct buf b = {0};
	int in_str = 0;
	const char *p;
	for (p = compact; *p; p++) {
		buf_putc(&b, *p);
		if (in_str) {
			if (*p == '\\' && p[1])
				buf_putc(&b, *++p);
			else if (*p == '"')
				in_str = 0;
		} else if (*p == '"') {
			in_str = 1;
		} else if ((*p == ':' && colon_space) || (*p == ',' && comma_space)) {
			buf_putc(&b, ' ');
		}
	}
	if (!b.data)
		buf_puts(&b, "");
	return b.data;
}

static void print_record(struct record *r)
{
	char *compact = cJSON_PrintUnformatted(r->obj);
	if (!compact)
		tib_die("out of memory");
	r->text = respace(compact, r->colon_space, r->comma_space);
	cJSON_free(compact);
}

static int cmp_record_id(const void *a, const void *b)
{
	return strcmp((*(const struct record *const *)a)->id, (*(const struct record *const *)b)->id);
}

/* The file with the changed records replaced, the deleted ones left out
 * and the new ones inserted before the first record whose id sorts after
 * theirs (the end otherwise), as a sorted export stays sorted. */
static void build_output(struct job *j, struct buf *out)
{
	const char *first_nl = memchr(j->buf + j->body, '\n', j->size - j->body);
	const char *eol = first_nl && first_nl > j->buf + j->body && first_nl[-1] == '\r' ? "\r\n" : "\n";
	const struct record **news = xcalloc(j->nrecs - j->nfile + 1, sizeof(*news));
	size_t nnew = 0, next = 0, cursor = 0, i;

	for (i = 0; i < j->nrecs; i++) {
		struct record *r = &j->recs[i];
		if (r->changed && !r->deleted)
			print_record(r);
		if (r->is_new && !r->deleted)
			news[nnew++] = r;
	}
	qsort(news, nnew, sizeof(*news), cmp_record_id);

	for (i = 0; i < j->nfile; i++) {
		const struct record *r = &j->recs[i];
		if (next < nnew && strcmp(news[next]->id, r->id) < 0) {
			buf_append(out, j->buf + cursor, r->line_start - cursor);
			cursor = r->line_start;
			for (; next < nnew && strcmp(news[next]->id, r->id) < 0; next++) {
				buf_puts(out, news[next]->text);
				buf_puts(out, eol);
			}
		}
		if (r->deleted) {
			buf_append(out, j->buf + cursor, r->line_start - cursor);
			cursor = r->line_end;
			/* the last line had no line ending: neither has the new
			 * last line (so that deleting what a create appended
			 * gives the file back byte for byte) */
			if (r->line_end == j->size && j->buf[j->size - 1] != '\n' && out->len > j->body &&
			    out->data[out->len - 1] == '\n') {
				out->len -= out->len - 1 > j->body && out->data[out->len - 2] == '\r' ? 2 : 1;
				out->data[out->len] = '\0';
			}
		} else if (r->changed) {
			buf_append(out, j->buf + cursor, r->start - cursor);
			buf_puts(out, r->text);
			cursor = r->end;
		}
	}
	buf_append(out, j->buf + cursor, j->size - cursor);
	for (; next < nnew; next++) {
		/* a last line without a newline keeps going without one */
		int open_line = out->len > j->body && out->data[out->len - 1] != '\n';
		if (open_line)
			buf_puts(out, eol);
		buf_puts(out, news[next]->text);
		if (!open_line)
			buf_puts(out, eol);
	}
	if (!out->data)
		buf_puts(out, "");
	free(news);
}

/* ---- writing */

/* A write's temp file beside `real` (a resolved path) is
 * <dir>/.<name>.tib-XXXXXX (mkstemp's six characters). Fills `dir` and
 * returns <name>. */
#define TEMP_INFIX ".tib-"
static const char *split_dir(const char *real, char *dir, size_t size)
{
	const char *slash = strrchr(real, '/');
	if (slash)
		snprintf(dir, size, "%.*s", (int)(slash == real ? 1 : slash - real), real);
	else
		snprintf(dir, size, ".");
	return slash ? slash + 1 : real;
}

/* Writes `data` to a temp file beside `real`, then renames it over `real`
 * (unless `real` is no longer the file `read` describes) and syncs the
 * directory. */
static enum tib_status replace_file(const char *real, const struct stat *st, const char *data, size_t len,
				    const struct jsonl_file_stamp *read, const char *path, struct tib_error *err)
{
	char dir[PATH_MAX], tmp[PATH_MAX];
	const char *base = split_dir(real, dir, sizeof(dir));
	struct stat now_st;
	int fd, dfd, saved;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/.%s" TEMP_INFIX "XXXXXX", dir, base) >= sizeof(tmp))
		return tib_fail(err, TIB_ERR_IO, "%s: path too long", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		saved = errno;
		return tib_fail(err, saved == EACCES || saved == EROFS ? TIB_ERR_READ_ONLY : TIB_ERR_IO,
				"%s: cannot create a temp file in %s: %s", path, dir, strerror(saved));
	}
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	/* held until the rename: a temp file nobody holds is one a killed
	 * write left (jsonl_remove_stale_temps) */
	(void)flock(fd, LOCK_EX | LOCK_NB);
	if (fchmod(fd, st->st_mode & 07777) != 0)
		goto fail;
	if (fchown(fd, st->st_uid, st->st_gid) != 0) {
		/* not the owner: the file becomes ours, as with any editor */
	}
	if (write_full(fd, data, len) != 0 || fsync(fd) != 0)
		goto fail;
	/* last check, as close to the rename as we can: still the content
	 * this call read and edited? */
	if (stat(real, &now_st) != 0 || !same_stamp(&now_st, read)) {
		unlink(tmp);
		close(fd);
		return tib_fail(err, TIB_ERR_CONFLICT, "%s: changed on disk since it was read; reload", path);
	}
	if (rename(tmp, real) != 0)
		goto fail;
	(void)close(fd); /* written and synced: a late error here changes nothing */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd); /* the rename is done: a failure here cannot be undone */
		close(dfd);
	}
	return TIB_OK;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return tib_fail(err, TIB_ERR_IO, "%s: cannot write: %s", path, strerror(saved));
}

/* Temp files of writes that never ended (tib killed between creating one
 * and renaming it: SIGKILL, a power cut) are removed when the file is
 * opened next: `.<name>.tib-XXXXXX` beside it, held by no writer, and
 * untouched for a while (a write between mkstemp and flock is fresh). */
#define STALE_TEMP_AGE_S 10

void jsonl_remove_stale_temps(const char *path)
{
	char real[PATH_MAX], dir[PATH_MAX], prefix[NAME_MAX + 8];
	const char *base;
	size_t prefix_len;
	struct dirent *entry;
	time_t now = time(NULL);
	DIR *d;

	/* where a write puts its temp file: beside the file a link points to */
	if (!realpath(path, real))
		return;
	base = split_dir(real, dir, sizeof(dir));
	if ((size_t)snprintf(prefix, sizeof(prefix), ".%s" TEMP_INFIX, base) >= sizeof(prefix))
		return;
	prefix_len = strlen(prefix);
	d = opendir(dir);
	if (!d)
		return;
	while ((entry = readdir(d)) != NULL) {
		struct stat st;
		int fd;
		if (strncmp(entry->d_name, prefix, prefix_len) != 0 || strlen(entry->d_name) != prefix_len + 6)
			continue; /* mkstemp's six characters */
		fd = openat(dirfd(d), entry->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_mtime + STALE_TEMP_AGE_S < now &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0)
			(void)unlinkat(dirfd(d), entry->d_name, 0);
		close(fd);
	}
	closedir(d);
}

static void job_free(struct job *j)
{
	size_t i;
	for (i = 0; i < j->nrecs; i++) {
		cJSON_Delete(j->recs[i].obj);
		free(j->recs[i].text);
	}
	free(j->recs);
	free(j->map);
	arena_free(&j->arena);
}

enum tib_status jsonl_write_changes(const char *path, const struct jsonl_file_stamp *loaded,
				    const struct issue_change *changes, size_t count, const char *actor,
				    int64_t now, struct tib_error *err)
{
	char real[PATH_MAX];
	struct job job;
	struct jsonl_file_stamp read_stamp;
	struct buf out = {0};
	size_t i, creates = 0, size;
	char *buf = NULL;
	struct stat st, after;
	enum tib_status status = TIB_OK;
	int fd, all_checked = 1;

	for (i = 0; i < count; i++) {
		if ((status = store_check_change(&changes[i], path, err)) != TIB_OK)
			return status;
		creates += changes[i].kind == CHANGE_CREATE;
		all_checked &= self_checked(&changes[i]);
	}
	if (count == 0)
		return TIB_OK;
	/* a symlink stays a symlink: replace what it points to */
	if (!realpath(path, real))
		return tib_fail(err, errno == ENOENT ? TIB_ERR_CONFLICT : TIB_ERR_IO, "%s: %s%s", path, strerror(errno),
				errno == ENOENT ? " (changed on disk since it was read; reload)" : "");
	fd = open(real, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return tib_fail(err, TIB_ERR_IO, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0) {
		status = tib_fail(err, TIB_ERR_IO, "%s: %s", path, strerror(errno));
		close(fd);
		return status;
	}
	/* Another program rewrote the file since the last load: the changes
	 * that check their issue's updated_at (and new issues) may go on;
	 * any other could undo what that program wrote. */
	if (!same_stamp(&st, loaded) && !all_checked) {
		close(fd);
		return tib_fail(err, TIB_ERR_CONFLICT, "%s: changed on disk since it was read; reload", path);
	}
	size = (size_t)st.st_size;
	status = read_all(fd, path, size, &buf, err);
	if (status == TIB_OK && (fstat(fd, &after) != 0 || after.st_size != st.st_size ||
				 after.st_mtim.tv_sec != st.st_mtim.tv_sec || after.st_mtim.tv_nsec != st.st_mtim.tv_nsec))
		status = tib_fail(err, TIB_ERR_CONFLICT, "%s: changed on disk while it was read; reload", path);
	close(fd);
	if (status != TIB_OK) {
		free(buf);
		return status;
	}
	stamp_of(&st, &read_stamp);

	memset(&job, 0, sizeof(job));
	job.path = path;
	job.buf = buf;
	job.size = size;
	job.actor = actor;
	job.now = now;
	job.err = err;
	if (size >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		job.body = 3;
	for (i = job.body; i < size && is_blank(buf[i]); i++)
		;
	if (i < size && buf[i] == '[') {
		free(buf);
		return tib_fail(err, TIB_ERR_UNSUPPORTED,
				"%s: a JSON array (bd list --json output) cannot be written; use the JSONL export", path);
	}

	index_records(&job, creates);
	for (i = 0; i < count && status == TIB_OK; i++)
		status = apply_change(&job, &changes[i]);
	if (status == TIB_OK) {
		build_output(&job, &out);
		status = replace_file(real, &st, out.data, out.len, &read_stamp, path, err);
	}
	buf_free(&out);
	job_free(&job);
	free(buf);
	return status;
}
