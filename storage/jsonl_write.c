/* The write side of the JSONL backend: applies triage changes to a beads
 * export by rewriting the file atomically.
 *
 * The file is read whole, checked against what the last load read (no
 * lost update), and each changed issue's line (the last line with its id,
 * the one a load shows: duplicate ids, last wins) is parsed with cJSON,
 * edited in place and printed again in the line's own separator style.
 * Every other byte of the file (BOM, CRLF, blank and malformed lines, the
 * changed line's own leading/trailing blanks and line ending) is copied
 * as it was. The new content goes to a temp file in the same directory
 * (same mode), which is fsync'ed and renamed over the original, and the
 * directory is fsync'ed. */
#include "backend.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

/* One issue to change: its id, its line, and its new text. */
struct target {
	const char *id;
	size_t line_start, line_end; /* the JSON value's bytes (trimmed) */
	int found;
	char *text; /* the printed new value */
};

struct out_buf {
	char *data;
	size_t len, cap;
};

static void out_put(struct out_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
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
				return tib_fail(err, TIB_ERR_BUSY, "%s: changed on disk since it was read; reload",
						path);
			return tib_fail(err, TIB_ERR_IO, "%s: %s", path, strerror(saved));
		}
		got += (size_t)n;
	}
	buf[size] = '\0';
	*out = buf;
	return TIB_OK;
}

static int same_stamp(const struct stat *st, const struct jsonl_file_stamp *s)
{
	return st->st_dev == s->dev && st->st_ino == s->ino && st->st_size == s->size &&
	       st->st_mtim.tv_sec == s->mtime.tv_sec && st->st_mtim.tv_nsec == s->mtime.tv_nsec;
}

/* Whether the raw id can only appear verbatim in a line that has it (no
 * character a JSON writer might escape): then lines without it are not
 * parsed at all. */
static int id_is_plain(const char *id)
{
	for (; *id; id++)
		if ((unsigned char)*id < 0x20 || (unsigned char)*id >= 0x7f || *id == '"' || *id == '\\' ||
		    *id == '/' || *id == '<' || *id == '>' || *id == '&')
			return 0;
	return 1;
}

/* Finds the last line of each target's id. */
static void find_lines(const char *buf, size_t size, size_t body, struct target *targets, size_t ntargets)
{
	size_t pos = body;
	while (pos < size) {
		const char *nl = memchr(buf + pos, '\n', size - pos);
		size_t end = nl ? (size_t)(nl - buf) : size;
		size_t s = pos, e = end, t;
		int want = 0;
		while (s < e && is_blank(buf[s]))
			s++;
		while (e > s && is_blank(buf[e - 1]))
			e--;
		if (s < e && buf[s] == '{') {
			for (t = 0; t < ntargets && !want; t++) {
				size_t idlen = strlen(targets[t].id);
				if (!id_is_plain(targets[t].id))
					want = 1;
				else if (idlen <= e - s) {
					const char *p = buf + s, *lim = buf + e - idlen;
					for (; p <= lim && (p = memchr(p, targets[t].id[0], (size_t)(lim - p) + 1)); p++)
						if (memcmp(p, targets[t].id, idlen) == 0) {
							want = 1;
							break;
						}
				}
			}
		}
		if (want) {
			const char *parse_end = NULL;
			cJSON *obj = cJSON_ParseWithLengthOpts(buf + s, e - s, &parse_end, 0);
			const cJSON *id = cJSON_GetObjectItemCaseSensitive(obj, "id");
			if (cJSON_IsObject(obj) && parse_end == buf + e && cJSON_IsString(id)) {
				for (t = 0; t < ntargets; t++)
					if (strcmp(targets[t].id, id->valuestring) == 0) {
						targets[t].found = 1;
						targets[t].line_start = s;
						targets[t].line_end = e;
					}
			}
			cJSON_Delete(obj);
		}
		pos = nl ? end + 1 : size;
	}
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

static void apply_one(cJSON *obj, const struct issue_change *c, const char *now)
{
	switch (c->kind) {
	case CHANGE_STATUS:
		set_string(obj, "status", c->text);
		if (strcmp(c->text, "closed") == 0) {
			set_string(obj, "closed_at", now);
			if (c->reason && *c->reason)
				set_string(obj, "close_reason", c->reason);
			else
				cJSON_DeleteItemFromObjectCaseSensitive(obj, "close_reason");
		} else {
			cJSON_DeleteItemFromObjectCaseSensitive(obj, "closed_at");
			cJSON_DeleteItemFromObjectCaseSensitive(obj, "close_reason");
		}
		break;
	case CHANGE_PRIORITY:
		set_item(obj, "priority", cJSON_CreateNumber(c->number));
		break;
	case CHANGE_ASSIGNEE:
		if (c->text && *c->text)
			set_string(obj, "assignee", c->text);
		else
			cJSON_DeleteItemFromObjectCaseSensitive(obj, "assignee");
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
	}
}

/* The separators of the original line: after the first ':' and ','
 * outside strings, is there a space? (Python's json.dumps writes ", "
 * and ": ", Go and cJSON ",", ":".) */
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

/* cJSON's compact text with a space after ':' and/or ',' outside strings. */
static char *respace(const char *compact, int colon_space, int comma_space)
{
	struct out_buf b = {0};
	int in_str = 0;
	const char *p;
	for (p = compact; *p; p++) {
		out_put(&b, p, 1);
		if (in_str) {
			if (*p == '\\' && p[1])
				out_put(&b, ++p, 1);
			else if (*p == '"')
				in_str = 0;
		} else if (*p == '"') {
			in_str = 1;
		} else if ((*p == ':' && colon_space) || (*p == ',' && comma_space)) {
			out_put(&b, " ", 1);
		}
	}
	if (!b.data)
		out_put(&b, "", 0);
	return b.data;
}

static enum tib_status edit_target(const char *buf, struct target *t, const struct issue_change *changes,
				   size_t count, const char *now, const char *path, struct tib_error *err)
{
	cJSON *obj = cJSON_ParseWithLength(buf + t->line_start, t->line_end - t->line_start);
	char *compact;
	int colon_space, comma_space;
	size_t i;
	if (!obj)
		return tib_fail(err, TIB_ERR_IO, "%s: cannot re-read the record of %s", path, t->id);
	/* first, so that a new updated_at comes before a new closed_at and
	 * close_reason, as in bd's exports */
	set_string(obj, "updated_at", now);
	for (i = 0; i < count; i++)
		if (strcmp(changes[i].id, t->id) == 0)
			apply_one(obj, &changes[i], now);
	compact = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	if (!compact)
		tib_die("out of memory");
	detect_style(buf + t->line_start, t->line_end - t->line_start, &colon_space, &comma_space);
	if (colon_space || comma_space) {
		t->text = respace(compact, colon_space, comma_space);
		cJSON_free(compact);
	} else {
		t->text = xstrdup(compact);
		cJSON_free(compact);
	}
	return TIB_OK;
}

/* ---- checking the changes */

static int nonempty(const char *s)
{
	return s && *s;
}

static enum tib_status check_change(const struct issue_change *c, const char *path, struct tib_error *err)
{
	if (!nonempty(c->id))
		return tib_fail(err, TIB_ERR_NOT_FOUND, "%s: a change without an issue id", path);
	switch (c->kind) {
	case CHANGE_STATUS:
	case CHANGE_TITLE:
	case CHANGE_TYPE:
	case CHANGE_ADD_LABEL:
	case CHANGE_REMOVE_LABEL:
		if (!nonempty(c->text))
			return tib_fail(err, TIB_ERR_UNSUPPORTED, "%s: %s: an empty value", path, c->id);
		return TIB_OK;
	case CHANGE_PRIORITY:
		if (c->number < 0 || c->number > 4)
			return tib_fail(err, TIB_ERR_UNSUPPORTED, "%s: %s: priority %d is not 0-4", path, c->id,
					c->number);
		return TIB_OK;
	case CHANGE_ASSIGNEE:
		return TIB_OK;
	}
	return tib_fail(err, TIB_ERR_UNSUPPORTED, "%s: %s: unknown kind of change %d", path, c->id, (int)c->kind);
}

/* ---- writing */

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static int cmp_target_pos(const void *a, const void *b)
{
	const struct target *x = a, *y = b;
	return x->line_start < y->line_start ? -1 : x->line_start > y->line_start;
}

/* Writes buf with the targets' lines replaced to a temp file beside
 * `real`, then renames it over `real` and syncs the directory. */
static enum tib_status replace_file(const char *real, const struct stat *st, const char *buf, size_t size,
				    struct target *targets, size_t ntargets,
				    const struct jsonl_file_stamp *loaded, const char *path, struct tib_error *err)
{
	char dir[PATH_MAX], tmp[PATH_MAX];
	const char *slash = strrchr(real, '/'), *base = slash ? slash + 1 : real;
	struct stat now_st;
	size_t pos = 0, i;
	int fd, dfd, saved;

	if (slash)
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash == real ? 1 : slash - real), real);
	else
		snprintf(dir, sizeof(dir), ".");
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.tib-XXXXXX", dir, base) >= sizeof(tmp))
		return tib_fail(err, TIB_ERR_IO, "%s: path too long", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return tib_fail(err, TIB_ERR_IO, "%s: cannot create a temp file in %s: %s", path, dir,
				strerror(errno));
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	qsort(targets, ntargets, sizeof(*targets), cmp_target_pos);
	if (fchmod(fd, st->st_mode & 07777) != 0)
		goto fail;
	if (fchown(fd, st->st_uid, st->st_gid) != 0) {
		/* not the owner: the file becomes ours, as with any editor */
	}
	for (i = 0; i < ntargets; i++) {
		if (write_all(fd, buf + pos, targets[i].line_start - pos) != 0 ||
		    write_all(fd, targets[i].text, strlen(targets[i].text)) != 0)
			goto fail;
		pos = targets[i].line_end;
	}
	if (write_all(fd, buf + pos, size - pos) != 0 || fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	/* last check, as close to the rename as we can */
	if (stat(real, &now_st) != 0 || !same_stamp(&now_st, loaded)) {
		unlink(tmp);
		return tib_fail(err, TIB_ERR_BUSY, "%s: changed on disk since it was read; reload", path);
	}
	if (rename(tmp, real) != 0)
		goto fail;
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

enum tib_status jsonl_write_changes(const char *path, const struct jsonl_file_stamp *loaded,
				    const struct issue_change *changes, size_t count, int64_t now,
				    struct tib_error *err)
{
	char real[PATH_MAX], now_text[40];
	struct target *targets = NULL;
	size_t ntargets = 0, i, j, body = 0, size;
	char *buf = NULL;
	struct stat st;
	enum tib_status status = TIB_OK;
	int fd;

	for (i = 0; i < count; i++)
		if ((status = check_change(&changes[i], path, err)) != TIB_OK)
			return status;
	if (count == 0)
		return TIB_OK;
	/* a symlink stays a symlink: replace what it points to */
	if (!realpath(path, real))
		return tib_fail(err, errno == ENOENT ? TIB_ERR_BUSY : TIB_ERR_IO, "%s: %s%s", path, strerror(errno),
				errno == ENOENT ? " (changed on disk since it was read; reload)" : "");
	fd = open(real, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return tib_fail(err, TIB_ERR_IO, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0) {
		status = tib_fail(err, TIB_ERR_IO, "%s: %s", path, strerror(errno));
		close(fd);
		return status;
	}
	if (!same_stamp(&st, loaded)) {
		close(fd);
		return tib_fail(err, TIB_ERR_BUSY, "%s: changed on disk since it was read; reload", path);
	}
	size = (size_t)st.st_size;
	status = read_all(fd, path, size, &buf, err);
	close(fd);
	if (status != TIB_OK)
		return status;

	if (size >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		body = 3;
	for (i = body; i < size && is_blank(buf[i]); i++)
		;
	if (i < size && buf[i] == '[') {
		free(buf);
		return tib_fail(err, TIB_ERR_UNSUPPORTED,
				"%s: a JSON array (bd list --json output) cannot be written; use the JSONL export", path);
	}

	/* one target per distinct id, in the order of the changes */
	targets = xcalloc(count, sizeof(*targets));
	for (i = 0; i < count; i++) {
		for (j = 0; j < ntargets && strcmp(targets[j].id, changes[i].id) != 0; j++)
			;
		if (j == ntargets)
			targets[ntargets++].id = changes[i].id;
	}
	find_lines(buf, size, body, targets, ntargets);
	for (i = 0; i < ntargets; i++)
		if (!targets[i].found) {
			status = tib_fail(err, TIB_ERR_NOT_FOUND, "%s: no issue %s", path, targets[i].id);
			goto out;
		}
	timestamp_format(now, now_text, sizeof(now_text));
	for (i = 0; i < ntargets && status == TIB_OK; i++)
		status = edit_target(buf, &targets[i], changes, count, now_text, path, err);
	if (status == TIB_OK)
		status = replace_file(real, &st, buf, size, targets, ntargets, loaded, path, err);
out:
	for (i = 0; i < ntargets; i++)
		free(targets[i].text);
	free(targets);
	free(buf);
	return status;
}
