/* Finding the beads data the way bd does (see shared/README.md). */
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int join_path(char *out, size_t size, const char *dir, const char *name)
{
	size_t len = strlen(dir);
	int n = snprintf(out, size, "%s%s%s", dir, len && dir[len - 1] == '/' ? "" : "/", name);
	return n >= 0 && (size_t)n < size ? 0 : -1;
}

/* Reads a small text file whole; NULL if it cannot be read. */
static char *read_small_file(const char *path, size_t max)
{
	FILE *f = fopen(path, "rb");
	char *data;
	size_t n;
	if (!f)
		return NULL;
	data = xmalloc(max + 1);
	n = fread(data, 1, max, f);
	fclose(f);
	data[n] = '\0';
	return data;
}

/* "/p/proj/.beads/" and "/p/proj/.beads" name the same directory. */
static void strip_trailing_slashes(char *path)
{
	size_t len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		path[--len] = '\0';
}

/* 16 bytes every SQLite 3 database starts with. */
static int has_sqlite_header(const char *path)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	size_t n;
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	return n == sizeof(head) && memcmp(head, magic, sizeof(magic)) == 0;
}

static int looks_like_json(const char *path)
{
	char head[64];
	size_t n, i;
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	i = n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0; /* UTF-8 BOM */
	while (i < n && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t'))
		i++;
	return i < n && (head[i] == '{' || head[i] == '[');
}

static enum tib_status source_from_file(const char *path, struct source *out, struct tib_error *err)
{
	if (strlen(path) >= sizeof(out->path))
		return tib_fail(err, TIB_ERR_IO, "%s: path too long", path);
	STR_COPY(out->path, path);
	if (str_has_suffix(path, ".jsonl") || str_has_suffix(path, ".json")) {
		out->kind = SOURCE_JSONL;
		return TIB_OK;
	}
	/* A JSON export under another name is still JSONL; anything else is
	 * handed to the SQLite backend, which says what is wrong with it. */
	out->kind = !has_sqlite_header(path) && looks_like_json(path) ? SOURCE_JSONL : SOURCE_SQLITE;
	return TIB_OK;
}

/* metadata.json may name the database and the JSONL file. */
static char *metadata_string(const char *beads_dir, const char *key)
{
	char path[PATH_MAX];
	char *text, *value = NULL;
	cJSON *root, *item;
	if (join_path(path, sizeof(path), beads_dir, "metadata.json"))
		return NULL;
	text = read_small_file(path, 64 * 1024);
	if (!text)
		return NULL;
	root = cJSON_Parse(text);
	free(text);
	item = cJSON_GetObjectItemCaseSensitive(root, key);
	if (cJSON_IsString(item) && item->valuestring[0] && !strchr(item->valuestring, '/'))
		value = xstrdup(item->valuestring);
	cJSON_Delete(root);
	return value;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Any *.db but backups and vc.db, first by name so the choice is stable. */
static int find_other_db(const char *beads_dir, char *out, size_t out_size)
{
	DIR *dir = opendir(beads_dir);
	struct dirent *ent;
	char **names = NULL;
	size_t count = 0, cap = 0, i;
	int found = -1;
	if (!dir)
		return -1;
	while ((ent = readdir(dir)) != NULL) {
		const char *name = ent->d_name;
		if (!str_has_suffix(name, ".db") || strstr(name, ".backup") || strcmp(name, "vc.db") == 0)
			continue;
		GROW(names, cap, count + 1);
		names[count++] = xstrdup(name);
	}
	closedir(dir);
	if (count)
		qsort(names, count, sizeof(*names), cmp_str);
	for (i = 0; i < count && found; i++) {
		char path[PATH_MAX];
		if (!join_path(path, sizeof(path), beads_dir, names[i]) && is_file(path)) {
			str_copy(out, out_size, path);
			found = 0;
		}
	}
	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return found;
}

enum tib_status source_find_in_beads_dir(const char *beads_dir, struct source *out,
					 struct tib_error *err)
{
	static const char *const jsonl_names[] = {"issues.jsonl", "beads.jsonl"};
	char path[PATH_MAX];
	char *name;
	size_t i;

	name = metadata_string(beads_dir, "database");
	if (name) {
		int ok = !join_path(path, sizeof(path), beads_dir, name) && is_file(path);
		free(name);
		if (ok)
			return source_from_file(path, out, err);
	}
	if (!join_path(path, sizeof(path), beads_dir, "beads.db") && is_file(path))
		return source_from_file(path, out, err);
	if (!find_other_db(beads_dir, path, sizeof(path)))
		return source_from_file(path, out, err);

	name = metadata_string(beads_dir, "jsonl_export");
	if (name) {
		int ok = !join_path(path, sizeof(path), beads_dir, name) && is_file(path);
		free(name);
		if (ok)
			return source_from_file(path, out, err);
	}
	for (i = 0; i < ARRAY_SIZE(jsonl_names); i++)
		if (!join_path(path, sizeof(path), beads_dir, jsonl_names[i]) && is_file(path))
			return source_from_file(path, out, err);
	return tib_fail(err, TIB_ERR_NOT_FOUND,
			"no beads database found in %s (looked for metadata.json's database, beads.db, "
			"*.db, issues.jsonl, beads.jsonl)",
			beads_dir);
}

/* .beads/redirect names the real .beads directory, relative to the
 * project root (the redirecting .beads directory's parent). One level only. */
static void follow_redirect(const char *beads_dir, char *out, size_t out_size)
{
	char path[PATH_MAX];
	char *text, *line, *end;
	str_copy(out, out_size, beads_dir);
	if (join_path(path, sizeof(path), beads_dir, "redirect"))
		return;
	text = read_small_file(path, PATH_MAX);
	if (!text)
		return;
	/* first line that is not blank or a # comment */
	for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		while (*line == ' ' || *line == '\t')
			line++;
		end = line + strlen(line);
		while (end > line && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
			*--end = '\0';
		if (*line && *line != '#')
			break;
	}
	if (line && *line) {
		if (line[0] == '/') {
			str_copy(out, out_size, line);
		} else {
			char parent[PATH_MAX];
			char *slash;
			str_copy(parent, sizeof(parent), beads_dir);
			strip_trailing_slashes(parent);
			slash = strrchr(parent, '/');
			if (slash && slash != parent)
				*slash = '\0';
			else
				str_copy(parent, sizeof(parent), slash ? "/" : ".");
			if (join_path(out, out_size, parent, line))
				str_copy(out, out_size, beads_dir);
		}
		if (!is_dir(out))
			str_copy(out, out_size, beads_dir);
	}
	free(text);
}

static enum tib_status find_in_beads_dir_redirected(const char *beads_dir, struct source *out,
						    struct tib_error *err)
{
	char target[PATH_MAX];
	follow_redirect(beads_dir, target, sizeof(target));
	return source_find_in_beads_dir(target, out, err);
}

static enum tib_status find_from_arg(const char *arg, struct source *out, struct tib_error *err)
{
	struct stat st;
	char beads_dir[PATH_MAX];
	if (stat(arg, &st) != 0)
		return tib_fail(err, errno == ENOENT ? TIB_ERR_NOT_FOUND : TIB_ERR_IO, "%s: %s", arg,
				strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return source_from_file(arg, out, err);
	/* A project directory holds .beads/; otherwise the directory is
	 * taken to be the .beads directory itself. */
	if (!join_path(beads_dir, sizeof(beads_dir), arg, ".beads") && is_dir(beads_dir))
		return find_in_beads_dir_redirected(beads_dir, out, err);
	return find_in_beads_dir_redirected(arg, out, err);
}

enum tib_status source_find(const char *arg, struct source *out, struct tib_error *err)
{
	const char *env;
	char dir[PATH_MAX], candidate[PATH_MAX];
	struct buf looked = {0};
	enum tib_status status;

	memset(out, 0, sizeof(*out));
	if (arg)
		return find_from_arg(arg, out, err);

	env = getenv("BEADS_DIR");
	if (env && *env) {
		if (!is_dir(env))
			return tib_fail(err, TIB_ERR_NOT_FOUND, "BEADS_DIR=%s is not a directory", env);
		return find_in_beads_dir_redirected(env, out, err);
	}
	env = getenv("BEADS_DB");
	if (env && *env) {
		if (!is_file(env))
			return tib_fail(err, TIB_ERR_NOT_FOUND, "BEADS_DB=%s: no such file", env);
		return source_from_file(env, out, err);
	}

	if (!getcwd(dir, sizeof(dir)))
		return tib_fail(err, TIB_ERR_IO, "cannot get the current directory: %s", strerror(errno));
	for (;;) {
		char *slash;
		if (!join_path(candidate, sizeof(candidate), dir, ".beads")) {
			if (looked.len)
				buf_puts(&looked, ", ");
			buf_puts(&looked, candidate);
			if (is_dir(candidate)) {
				status = find_in_beads_dir_redirected(candidate, out, err);
				if (status != TIB_ERR_NOT_FOUND) {
					buf_free(&looked);
					return status;
				}
			}
		}
		/* the git root is as far as beads looks */
		if (!join_path(candidate, sizeof(candidate), dir, ".git") &&
		    access(candidate, F_OK) == 0)
			break;
		slash = strrchr(dir, '/');
		if (!slash || slash == dir) {
			if (strcmp(dir, "/") == 0)
				break;
			str_copy(dir, sizeof(dir), "/");
			continue;
		}
		*slash = '\0';
	}
	status = tib_fail(err, TIB_ERR_NOT_FOUND,
			  "no beads database found (BEADS_DIR and BEADS_DB unset; looked in %s)",
			  looked.data ? looked.data : dir);
	buf_free(&looked);
	return status;
}
