/* Writing to a JSONL source (store_apply_changes): the round trip on the
 * real export changes exactly one line and only the asked fields; every
 * kind of change with the exact lines it writes (long text set and
 * emptied, comments with global ids, dependencies added and removed and
 * their refusals, new issues and children where the sorted order puts
 * them, deletion); both separator styles, CRLF/BOM/malformed lines kept
 * byte for byte, timestamps in the file's own shape; no lost update per
 * issue and for the whole file; read-only files and directories; 1,000
 * changes in one call; unknown ids, and no temp file left behind. */
#include "testutil.h"

#include "../../storage/backend.h"
#include "../../storage/issue_id.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/time.h>
#include <time.h>

#include <cJSON.h>

static char g_tmp[PATH_MAX];
static struct store *g_store;
static struct issue_set *g_set;
static char *g_bufs[4];

static void drop_set(void)
{
	issue_set_free(g_set);
	g_set = NULL;
}

static void end(void)
{
	size_t i;
	drop_set();
	store_close(g_store);
	g_store = NULL;
	for (i = 0; i < ARRAY_SIZE(g_bufs); i++) {
		free(g_bufs[i]);
		g_bufs[i] = NULL;
	}
	if (g_tmp[0]) {
		tu_rmtree(g_tmp);
		g_tmp[0] = '\0';
	}
}

static void begin(char *path, const char *content)
{
	end();
	tu_mkdtemp(g_tmp, sizeof(g_tmp));
	tu_path(path, PATH_MAX, g_tmp, "issues.jsonl");
	if (content)
		tu_write_file(path, content);
}

static int group_teardown(void **state)
{
	(void)state;
	end();
	return 0;
}

/* Reads a whole file into a slot of g_bufs (freed by end()). */
static char *slurp(const char *path, size_t *len, int slot)
{
	FILE *f = fopen(path, "rb");
	long n;
	char *buf;
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	free(g_bufs[slot]);
	g_bufs[slot] = buf;
	if (len)
		*len = (size_t)n;
	return buf;
}

static void open_load(const char *path)
{
	struct source src;
	struct tib_error err = {0};
	memset(&src, 0, sizeof(src));
	src.kind = SOURCE_JSONL;
	snprintf(src.path, sizeof(src.path), "%s", path);
	if (!g_store)
		assert_int_equal(store_open(&src, &g_store, &err), TIB_OK);
	drop_set();
	if (store_load(g_store, timestamp_now(), &g_set, &err) != TIB_OK)
		fail_msg("load: %s", err.msg);
}

static int64_t T(const char *s)
{
	int64_t t = timestamp_parse(s);
	assert_true(t != TIME_NONE);
	return t;
}

#define NOW_TEXT "2026-11-28T23:16:04Z"
/* A change checked against the whole file's stamp, not its issue's
 * updated_at (0 is an expectation: the epoch). */
#define NX .expect_updated_at = TIME_NONE

static enum tib_status apply(const struct issue_change *c, size_t n, struct tib_error *err)
{
	return store_apply_changes(g_store, c, n, "tester", T(NOW_TEXT), err);
}

static void apply_ok(const struct issue_change *c, size_t n)
{
	struct tib_error err = {0};
	if (apply(c, n, &err) != TIB_OK)
		fail_msg("apply: %s", err.msg);
}

/* Only the data file is in the directory. */
static void assert_no_temp(void)
{
	DIR *d = opendir(g_tmp);
	struct dirent *e;
	int files = 0;
	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			if (strcmp(e->d_name, "issues.jsonl") != 0)
				fail_msg("left behind: %s", e->d_name);
			files++;
		}
	closedir(d);
	assert_int_equal(files, 1);
}

static void assert_file(const char *path, const char *want)
{
	size_t len;
	const char *got = slurp(path, &len, 3);
	if (len != strlen(want) || memcmp(got, want, len) != 0)
		fail_msg("file differs:\n--- got\n%s\n--- want\n%s", got, want);
}

/* ---- the round trip on the real export */

/* The lines of buf (without their '\n'), in a fresh array. */
static size_t split_lines(char *buf, size_t len, char ***out)
{
	size_t n = 0, cap = 1024;
	char **lines = malloc(cap * sizeof(*lines));
	char *p = buf, *lim = buf + len;
	assert_non_null(lines);
	while (p < lim) {
		char *nl = memchr(p, '\n', (size_t)(lim - p));
		if (n == cap) {
			cap *= 2;
			lines = realloc(lines, cap * sizeof(*lines));
			assert_non_null(lines);
		}
		lines[n++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	*out = lines;
	return n;
}

static int is_any(const char *key, const char *const *keys)
{
	for (; *keys; keys++)
		if (strcmp(key, *keys) == 0)
			return 1;
	return 0;
}

/* b is a with only `changed` keys different: the keys of a in their
 * order (minus removed ones), then the new ones. */
static void assert_only_changed(const cJSON *a, const cJSON *b, const char *const *changed)
{
	const cJSON *ia = a->child, *ib = b->child;
	while (ia) {
		if (!cJSON_GetObjectItemCaseSensitive(b, ia->string)) {
			assert_true(is_any(ia->string, changed));
			ia = ia->next;
			continue;
		}
		assert_non_null(ib);
		assert_string_equal(ia->string, ib->string);
		if (!is_any(ia->string, changed) && !cJSON_Compare(ia, ib, 1))
			fail_msg("%s changed", ia->string);
		ia = ia->next;
		ib = ib->next;
	}
	for (; ib; ib = ib->next) /* added at the end */
		assert_true(is_any(ib->string, changed));
}

static void real_round_trip(void **state)
{
	static const char *const close_keys[] = {"status", "updated_at", "closed_at", "close_reason", NULL};
	static const char *const reopen_keys[] = {"updated_at", NULL};
	char src[PATH_MAX], path[PATH_MAX];
	char *orig, *after, **la = NULL, **lb = NULL;
	size_t olen, alen, na, nb, i, diff = 0, changed_line = 0;
	char id[128] = "";
	cJSON *a, *b;
	const cJSON *v;
	struct issue_change change = {NX};
	const struct issue *issue;
	(void)state;

	if (!tu_shared_file(src, sizeof(src), "beads-issues.jsonl")) {
		skip();
		return;
	}
	begin(path, NULL);
	orig = slurp(src, &olen, 0);
	{
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(orig, 1, olen, f), olen);
		assert_int_equal(fclose(f), 0);
	}
	open_load(path);
	assert_int_equal(g_set->count, 704);
	for (i = 0; i < g_set->count && !id[0]; i++)
		if (strcmp(g_set->issues[i].status, "open") == 0)
			snprintf(id, sizeof(id), "%s", g_set->issues[i].id);
	assert_true(id[0] != '\0');

	/* close it */
	change.id = id;
	change.kind = CHANGE_STATUS;
	change.text = "closed";
	change.reason = "Fixed in the round trip test";
	apply_ok(&change, 1);
	assert_no_temp();
	after = slurp(path, &alen, 1);
	na = split_lines(orig, olen, &la);
	nb = split_lines(after, alen, &lb);
	assert_int_equal(na, nb);
	for (i = 0; i < na; i++)
		if (strcmp(la[i], lb[i]) != 0) {
			diff++;
			changed_line = i;
		}
	assert_int_equal(diff, 1);
	a = cJSON_Parse(la[changed_line]);
	b = cJSON_Parse(lb[changed_line]);
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(cJSON_GetObjectItem(a, "id")->valuestring, id);
	assert_only_changed(a, b, close_keys);
	assert_string_equal(cJSON_GetObjectItem(b, "status")->valuestring, "closed");
	assert_string_equal(cJSON_GetObjectItem(b, "closed_at")->valuestring, NOW_TEXT);
	assert_string_equal(cJSON_GetObjectItem(b, "updated_at")->valuestring, NOW_TEXT);
	assert_string_equal(cJSON_GetObjectItem(b, "close_reason")->valuestring, change.reason);
	/* the same separator style as the export (", " and ": ") */
	assert_non_null(strstr(lb[changed_line], "\"status\": \"closed\""));
	cJSON_Delete(b);
	free(lb);
	lb = NULL;

	/* a load shows it */
	open_load(path);
	assert_int_equal(g_set->count, 704);
	issue = issue_set_find(g_set, id);
	assert_non_null(issue);
	assert_string_equal(issue->status, "closed");
	assert_string_equal(issue->close_reason, change.reason);
	assert_true(issue->closed_at == T(NOW_TEXT));

	/* reopen: closed_at and close_reason are gone again */
	change.text = "open";
	change.reason = NULL;
	apply_ok(&change, 1);
	assert_no_temp();
	after = slurp(path, &alen, 1);
	nb = split_lines(after, alen, &lb);
	assert_int_equal(na, nb);
	for (i = 0; i < na; i++)
		if (i != changed_line)
			assert_string_equal(la[i], lb[i]);
	b = cJSON_Parse(lb[changed_line]);
	assert_non_null(b);
	assert_only_changed(a, b, reopen_keys);
	v = cJSON_GetObjectItem(b, "closed_at");
	assert_null(v);
	assert_null(cJSON_GetObjectItem(b, "close_reason"));
	assert_string_equal(cJSON_GetObjectItem(b, "status")->valuestring, "open");
	cJSON_Delete(a);
	cJSON_Delete(b);
	free(la);
	free(lb);
	open_load(path);
	issue = issue_set_find(g_set, id);
	assert_non_null(issue);
	assert_string_equal(issue->status, "open");
	assert_true(issue->closed_at == TIME_NONE);
	end();
}

/* ---- each kind of change, on small files */

static void each_kind_compact(void **state)
{
	char path[PATH_MAX];
	struct issue_change c[] = {
		{.id = "t-1", .kind = CHANGE_PRIORITY, .number = 0, NX},
		{.id = "t-1", .kind = CHANGE_ASSIGNEE, .text = "ann", NX},
		{.id = "t-1", .kind = CHANGE_TITLE, .text = "New \"title\" \xc3\xa9", NX},
		{.id = "t-1", .kind = CHANGE_TYPE, .text = "bug", NX},
		{.id = "t-1", .kind = CHANGE_ADD_LABEL, .text = "zeta", NX},
		{.id = "t-1", .kind = CHANGE_ADD_LABEL, .text = "alpha", NX},
		{.id = "t-1", .kind = CHANGE_ADD_LABEL, .text = "alpha", NX},
		{.id = "t-2", .kind = CHANGE_ASSIGNEE, .text = "", NX},
		{.id = "t-2", .kind = CHANGE_REMOVE_LABEL, .text = "only", NX},
		{.id = "t-2", .kind = CHANGE_REMOVE_LABEL, .text = "not-there", NX},
		{.id = "t-3", .kind = CHANGE_STATUS, .text = "closed", .reason = "", NX},
	};
	(void)state;
	begin(path, "{\"id\":\"t-1\",\"x_unknown\":{\"a\":[1,2]},\"title\":\"One\",\"status\":\"open\","
		    "\"priority\":2,\"issue_type\":\"task\",\"labels\":[\"mid\"],\"updated_at\":\"2025-01-01T00:00:00Z\"}\n"
		    "{\"id\":\"t-2\",\"title\":\"Two\",\"status\":\"open\",\"priority\":1,\"assignee\":\"bob\","
		    "\"labels\":[\"only\"],\"issue_type\":\"task\"}\n"
		    "{\"id\":\"t-3\",\"title\":\"Three\",\"status\":\"in_progress\",\"priority\":3,"
		    "\"issue_type\":\"task\",\"close_reason\":\"stale\"}\n");
	open_load(path);
	apply_ok(c, ARRAY_SIZE(c));
	assert_file(path,
		    "{\"id\":\"t-1\",\"x_unknown\":{\"a\":[1,2]},\"title\":\"New \\\"title\\\" \xc3\xa9\",\"status\":\"open\","
		    "\"priority\":0,\"issue_type\":\"bug\",\"labels\":[\"alpha\",\"mid\",\"zeta\"],"
		    "\"updated_at\":\"" NOW_TEXT "\",\"assignee\":\"ann\"}\n"
		    "{\"id\":\"t-2\",\"title\":\"Two\",\"status\":\"open\",\"priority\":1,"
		    "\"issue_type\":\"task\",\"updated_at\":\"" NOW_TEXT "\"}\n"
		    "{\"id\":\"t-3\",\"title\":\"Three\",\"status\":\"closed\",\"priority\":3,"
		    "\"issue_type\":\"task\",\"updated_at\":\"" NOW_TEXT "\",\"closed_at\":\"" NOW_TEXT "\"}\n");
	assert_no_temp();
	open_load(path);
	assert_int_equal(issue_set_find(g_set, "t-1")->priority, 0);
	assert_string_equal(issue_set_find(g_set, "t-1")->assignee, "ann");
	assert_int_equal(issue_set_find(g_set, "t-1")->label_count, 3);
	assert_int_equal(issue_set_find(g_set, "t-2")->label_count, 0);
	assert_string_equal(issue_set_find(g_set, "t-3")->status, "closed");
	end();
}

static void spaced_style(void **state)
{
	char path[PATH_MAX];
	struct issue_change c[] = {
		{.id = "s-1", .kind = CHANGE_STATUS, .text = "closed", .reason = "done: yes, really", NX},
		{.id = "s-1", .kind = CHANGE_ADD_LABEL, .text = "b", NX},
		{.id = "s-2", .kind = CHANGE_STATUS, .text = "open", NX},
	};
	(void)state;
	begin(path, "{\"id\": \"s-1\", \"title\": \"a, b: c\", \"status\": \"open\", \"labels\": [\"a\", \"c\"], "
		    "\"meta\": {\"k\": [1, {\"z\": null}]}, \"updated_at\": \"2025-01-01T00:00:00Z\"}\n"
		    "{\"id\": \"s-2\", \"title\": \"x\", \"status\": \"closed\", \"closed_at\": \"2025-02-02T00:00:00Z\", "
		    "\"close_reason\": \"old\", \"priority\": 1}\n");
	open_load(path);
	apply_ok(c, ARRAY_SIZE(c));
	assert_file(path, "{\"id\": \"s-1\", \"title\": \"a, b: c\", \"status\": \"closed\", "
			  "\"labels\": [\"a\", \"b\", \"c\"], \"meta\": {\"k\": [1, {\"z\": null}]}, "
			  "\"updated_at\": \"" NOW_TEXT "\", \"closed_at\": \"" NOW_TEXT "\", "
			  "\"close_reason\": \"done: yes, really\"}\n"
			  "{\"id\": \"s-2\", \"title\": \"x\", \"status\": \"open\", \"priority\": 1, "
			  "\"updated_at\": \"" NOW_TEXT "\"}\n");
	assert_no_temp();
	end();
}

/* BOM, CRLF, blank, malformed and non-issue lines, a duplicate id (the
 * last line wins, as in a load), no final newline, blanks around the
 * record: all kept but the one changed record. */
static void bytes_kept(void **state)
{
	char path[PATH_MAX];
	struct issue_change c = {.id = "d-1", .kind = CHANGE_PRIORITY, .number = 4, NX};
	struct stat st;
	(void)state;
	begin(path, "\xEF\xBB\xBF{\"id\":\"d-1\",\"title\":\"first copy\",\"status\":\"open\",\"priority\":1}\r\n"
		    "\r\n"
		    "not json at all d-1\r\n"
		    "{\"id\":\"d-1\",\"title\":\"broken\r\n"
		    "   \t\r\n"
		    "[1,2,3]\r\n"
		    "  {\"id\":\"d-1\",\"title\":\"last copy\",\"status\":\"open\",\"priority\":1}  \r\n"
		    "{\"id\":\"d-2\",\"title\":\"tail\",\"status\":\"open\",\"priority\":1.50}");
	assert_int_equal(chmod(path, 0640), 0);
	open_load(path);
	apply_ok(&c, 1);
	assert_file(path, "\xEF\xBB\xBF{\"id\":\"d-1\",\"title\":\"first copy\",\"status\":\"open\",\"priority\":1}\r\n"
			  "\r\n"
			  "not json at all d-1\r\n"
			  "{\"id\":\"d-1\",\"title\":\"broken\r\n"
			  "   \t\r\n"
			  "[1,2,3]\r\n"
			  "  {\"id\":\"d-1\",\"title\":\"last copy\",\"status\":\"open\",\"priority\":4,"
			  "\"updated_at\":\"" NOW_TEXT "\"}  \r\n"
			  "{\"id\":\"d-2\",\"title\":\"tail\",\"status\":\"open\",\"priority\":1.50}");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_no_temp();
	/* and the last line, which has no newline */
	c.id = "d-2";
	c.number = 0;
	open_load(path);
	apply_ok(&c, 1);
	assert_file(path, "\xEF\xBB\xBF{\"id\":\"d-1\",\"title\":\"first copy\",\"status\":\"open\",\"priority\":1}\r\n"
			  "\r\n"
			  "not json at all d-1\r\n"
			  "{\"id\":\"d-1\",\"title\":\"broken\r\n"
			  "   \t\r\n"
			  "[1,2,3]\r\n"
			  "  {\"id\":\"d-1\",\"title\":\"last copy\",\"status\":\"open\",\"priority\":4,"
			  "\"updated_at\":\"" NOW_TEXT "\"}  \r\n"
			  "{\"id\":\"d-2\",\"title\":\"tail\",\"status\":\"open\",\"priority\":0,"
			  "\"updated_at\":\"" NOW_TEXT "\"}");
	end();
}

/* ---- refusals: nothing written, nothing left behind */

#define SMALL "{\"id\":\"r-1\",\"title\":\"One\",\"status\":\"open\",\"priority\":2}\n"

static void changed_on_disk(void **state)
{
	char path[PATH_MAX];
	struct issue_change c = {.id = "r-1", .kind = CHANGE_TITLE, .text = "mine", NX};
	struct tib_error err = {0};
	struct timespec times[2] = {{0, UTIME_OMIT}, {12345, 0}};
	(void)state;

	/* appended to by someone else after the load */
	begin(path, SMALL);
	open_load(path);
	tu_write_file(path, SMALL "{\"id\":\"r-2\",\"title\":\"Theirs\",\"status\":\"open\",\"priority\":2}\n");
	assert_int_equal(apply(&c, 1, &err), TIB_ERR_CONFLICT);
	assert_non_null(strstr(err.msg, "changed on disk since it was read; reload"));
	assert_file(path, SMALL "{\"id\":\"r-2\",\"title\":\"Theirs\",\"status\":\"open\",\"priority\":2}\n");
	assert_no_temp();
	/* after a reload it works */
	open_load(path);
	apply_ok(&c, 1);
	assert_non_null(strstr(slurp(path, NULL, 2), "\"title\":\"mine\""));

	/* same size, only the mtime moved */
	begin(path, SMALL);
	open_load(path);
	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
	assert_int_equal(apply(&c, 1, &err), TIB_ERR_CONFLICT);
	assert_file(path, SMALL);

	/* replaced by a new file (rename over it) */
	{
		char other[PATH_MAX];
		begin(path, SMALL);
		open_load(path);
		tu_path(other, sizeof(other), g_tmp, "new.jsonl");
		tu_write_file(other, SMALL);
		assert_int_equal(rename(other, path), 0);
		assert_int_equal(apply(&c, 1, &err), TIB_ERR_CONFLICT);
		assert_file(path, SMALL);
		assert_no_temp();
	}

	/* a second write without a reload in between */
	begin(path, SMALL);
	open_load(path);
	apply_ok(&c, 1);
	assert_int_equal(apply(&c, 1, &err), TIB_ERR_CONFLICT);
	end();
}

static void unknown_id(void **state)
{
	char path[PATH_MAX];
	struct issue_change c[] = {
		{.id = "r-1", .kind = CHANGE_TITLE, .text = "mine", NX},
		{.id = "r-404", .kind = CHANGE_PRIORITY, .number = 1, NX},
	};
	struct tib_error err = {0};
	struct stat before, after;
	(void)state;
	begin(path, SMALL "{\"id\":\"r-404x\",\"title\":\"near miss\",\"status\":\"open\"}\nr-404\n");
	open_load(path);
	assert_int_equal(stat(path, &before), 0);
	assert_int_equal(apply(c, 2, &err), TIB_ERR_NOT_FOUND);
	assert_non_null(strstr(err.msg, "r-404"));
	assert_int_equal(stat(path, &after), 0);
	assert_true(before.st_ino == after.st_ino);
	assert_true(before.st_mtim.tv_nsec == after.st_mtim.tv_nsec && before.st_mtim.tv_sec == after.st_mtim.tv_sec);
	assert_file(path, SMALL "{\"id\":\"r-404x\",\"title\":\"near miss\",\"status\":\"open\"}\nr-404\n");
	assert_no_temp();
	/* a bad value: nothing written either */
	c[1].id = "r-1";
	c[1].number = 7;
	assert_int_equal(apply(c, 2, &err), TIB_ERR_UNSUPPORTED);
	assert_file(path, SMALL "{\"id\":\"r-404x\",\"title\":\"near miss\",\"status\":\"open\"}\nr-404\n");
	/* still writable after the refusals */
	apply_ok(c, 1);
	assert_no_temp();
	end();
}

static void unsupported_sources(void **state)
{
	char path[PATH_MAX];
	struct issue_change c = {.id = "a-1", .kind = CHANGE_TITLE, .text = "x", NX};
	struct tib_error err = {0};
	(void)state;
	begin(path, "[\n  {\"id\": \"a-1\", \"title\": \"in an array\", \"status\": \"open\"}\n]\n");
	open_load(path);
	assert_int_equal(g_set->count, 1);
	assert_int_equal(apply(&c, 1, &err), TIB_ERR_UNSUPPORTED);
	assert_file(path, "[\n  {\"id\": \"a-1\", \"title\": \"in an array\", \"status\": \"open\"}\n]\n");
	assert_no_temp();
	end();
}

/* ---- the long text fields, comments, dependencies */

/* A change of `kind` to `id`, checked against the whole file only. */
static struct issue_change chg(const char *id, enum change_kind kind, const char *text)
{
	struct issue_change c = {.id = id, .kind = kind, .text = text, NX};
	return c;
}

static void refused(const struct issue_change *c, size_t n, enum tib_status want, const char *path,
		    const char *content, const char *msg_part)
{
	struct tib_error err = {0};
	enum tib_status got = apply(c, n, &err);
	if (got != want)
		fail_msg("status %d, want %d (%s)", (int)got, (int)want, err.msg);
	if (msg_part && !strstr(err.msg, msg_part))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, msg_part);
	assert_file(path, content);
	assert_no_temp();
}

static void long_text_fields(void **state)
{
	char path[PATH_MAX];
	struct issue_change c[] = {
		chg("l-1", CHANGE_DESCRIPTION, "What it is.\nLine two \"quoted\""),
		chg("l-1", CHANGE_DESIGN, "How: a, b"),
		chg("l-1", CHANGE_ACCEPTANCE, "It works"),
		chg("l-1", CHANGE_NOTES, "n"),
		chg("l-1", CHANGE_NOTES, "notes, replaced"),
		chg("l-2", CHANGE_DESCRIPTION, ""),
		chg("l-2", CHANGE_DESIGN, NULL),
		chg("l-2", CHANGE_ACCEPTANCE, ""),
		chg("l-2", CHANGE_NOTES, ""),
	};
	(void)state;
	begin(path, "{\"id\":\"l-1\",\"title\":\"One\",\"status\":\"open\",\"priority\":2,"
		    "\"updated_at\":\"2025-01-01T00:00:00Z\"}\n"
		    "{\"id\":\"l-2\",\"title\":\"Two\",\"description\":\"old d\",\"design\":\"old g\","
		    "\"acceptance_criteria\":\"old a\",\"notes\":\"old n\",\"status\":\"open\",\"priority\":2,"
		    "\"updated_at\":\"2025-01-01T00:00:00Z\"}\n");
	open_load(path);
	apply_ok(c, ARRAY_SIZE(c));
	assert_file(path, "{\"id\":\"l-1\",\"title\":\"One\",\"status\":\"open\",\"priority\":2,"
			  "\"updated_at\":\"" NOW_TEXT "\",\"description\":\"What it is.\\nLine two \\\"quoted\\\"\","
			  "\"design\":\"How: a, b\",\"acceptance_criteria\":\"It works\",\"notes\":\"notes, replaced\"}\n"
			  "{\"id\":\"l-2\",\"title\":\"Two\",\"status\":\"open\",\"priority\":2,"
			  "\"updated_at\":\"" NOW_TEXT "\"}\n");
	assert_no_temp();
	end();
}

#define CFILE                                                                                                  \
	"{\"id\":\"c-1\",\"title\":\"Has\",\"status\":\"open\",\"priority\":2,\"updated_at\":\"2025-01-01T00:00:00Z\","  \
	"\"comments\":[{\"id\":7,\"issue_id\":\"c-1\",\"author\":\"ann\",\"text\":\"x\",\"created_at\":\"2025-01-01T00:00:00Z\"}]}\n" \
	"{\"id\":\"c-2\",\"title\":\"None\",\"status\":\"open\",\"priority\":2,\"updated_at\":\"2025-01-01T00:00:00Z\"}\n" \
	"{\"id\":\"c-3\",\"title\":\"Max\",\"status\":\"closed\",\"priority\":2,\"updated_at\":\"2025-01-01T00:00:00Z\","     \
	"\"comments\":[{\"id\":12,\"issue_id\":\"c-3\",\"author\":\"bob\",\"text\":\"y\",\"created_at\":\"2025-01-01T00:00:00Z\"},"  \
	"{\"id\":3,\"issue_id\":\"c-3\",\"author\":\"bob\",\"text\":\"z\",\"created_at\":\"2025-01-01T00:00:00Z\"}]}\n"

static void comment_integer_ids(void **state)
{
	char path[PATH_MAX];
	struct issue_change c[] = {
		chg("c-2", CHANGE_COMMENT, "first, \"one\""),
		chg("c-1", CHANGE_COMMENT, "second"),
		chg("c-2", CHANGE_COMMENT, "third"),
	};
	(void)state;
	begin(path, CFILE);
	open_load(path);
	/* an empty comment is refused, and nothing of the batch written */
	c[1].text = "";
	refused(c, 2, TIB_ERR_UNSUPPORTED, path, CFILE, "empty comment");
	c[1].text = NULL;
	refused(c, 2, TIB_ERR_UNSUPPORTED, path, CFILE, "empty comment");
	c[1].text = "second";
	apply_ok(c, ARRAY_SIZE(c));
	/* ids are global: one past the largest of the file (12, on c-3) */
	assert_file(path,
		    "{\"id\":\"c-1\",\"title\":\"Has\",\"status\":\"open\",\"priority\":2,\"updated_at\":\"" NOW_TEXT "\","
		    "\"comments\":[{\"id\":7,\"issue_id\":\"c-1\",\"author\":\"ann\",\"text\":\"x\",\"created_at\":\"2025-01-01T00:00:00Z\"},"
		    "{\"id\":14,\"issue_id\":\"c-1\",\"author\":\"tester\",\"text\":\"second\",\"created_at\":\"" NOW_TEXT "\"}]}\n"
		    "{\"id\":\"c-2\",\"title\":\"None\",\"status\":\"open\",\"priority\":2,\"updated_at\":\"" NOW_TEXT "\","
		    "\"comments\":[{\"id\":13,\"issue_id\":\"c-2\",\"author\":\"tester\",\"text\":\"first, \\\"one\\\"\",\"created_at\":\"" NOW_TEXT "\"},"
		    "{\"id\":15,\"issue_id\":\"c-2\",\"author\":\"tester\",\"text\":\"third\",\"created_at\":\"" NOW_TEXT "\"}]}\n"
		    "{\"id\":\"c-3\",\"title\":\"Max\",\"status\":\"closed\",\"priority\":2,\"updated_at\":\"2025-01-01T00:00:00Z\","
		    "\"comments\":[{\"id\":12,\"issue_id\":\"c-3\",\"author\":\"bob\",\"text\":\"y\",\"created_at\":\"2025-01-01T00:00:00Z\"},"
		    "{\"id\":3,\"issue_id\":\"c-3\",\"author\":\"bob\",\"text\":\"z\",\"created_at\":\"2025-01-01T00:00:00Z\"}]}\n");
	assert_no_temp();
	open_load(path);
	assert_int_equal(issue_set_find(g_set, "c-2")->comment_count, 2);
	assert_int_equal(issue_set_find(g_set, "c-1")->comment_count, 2);
	end();
}

/* Newer exports: string ids, and a comment_count beside the comments. */
static void comment_string_ids(void **state)
{
	char path[PATH_MAX];
	struct issue_change c = chg("s-2", CHANGE_COMMENT, "new");
	(void)state;
	begin(path, "{\"id\": \"s-1\", \"title\": \"A\", \"updated_at\": \"2025-01-01T00:00:00Z\", \"comments\": "
		    "[{\"id\": \"9\", \"text\": \"a\"}, {\"id\": \"10\", \"text\": \"b\"}, {\"id\": \"c0ffee\", \"text\": \"c\"}]}\n"
		    "{\"id\": \"s-2\", \"title\": \"B\", \"updated_at\": \"2025-01-01T00:00:00Z\", \"comment_count\": 0}\n");
	open_load(path);
	apply_ok(&c, 1);
	assert_file(path, "{\"id\": \"s-1\", \"title\": \"A\", \"updated_at\": \"2025-01-01T00:00:00Z\", \"comments\": "
			  "[{\"id\": \"9\", \"text\": \"a\"}, {\"id\": \"10\", \"text\": \"b\"}, {\"id\": \"c0ffee\", \"text\": \"c\"}]}\n"
			  "{\"id\": \"s-2\", \"title\": \"B\", \"updated_at\": \"" NOW_TEXT "\", \"comment_count\": 1, "
			  "\"comments\": [{\"id\": \"11\", \"issue_id\": \"s-2\", \"author\": \"tester\", \"text\": \"new\", "
			  "\"created_at\": \"" NOW_TEXT "\"}]}\n");
	end();
}

#define DFILE                                                                                                   \
	"{\"id\":\"d-1\",\"title\":\"One\",\"status\":\"open\",\"priority\":2,\"updated_at\":\"2025-01-01T00:00:00Z\"}\n"  \
	"{\"id\":\"d-2\",\"title\":\"Two\",\"status\":\"open\",\"priority\":2,\"updated_at\":\"2025-01-01T00:00:00Z\","   \
	"\"dependencies\":[{\"issue_id\":\"d-2\",\"depends_on_id\":\"d-1\",\"type\":\"blocks\",\"created_at\":\"2025-01-01T00:00:00Z\"}]}\n" \
	"{\"_type\":\"memory\",\"id\":\"d-mem\",\"text\":\"not an issue\"}\n"                                   \
	"{\"id\":\"d-3\",\"title\":\"Three\",\"status\":\"open\",\"priority\":2,\"updated_at\":\"2025-01-01T00:00:00Z\"}\n"

static void add_dependency(void **state)
{
	char path[PATH_MAX];
	struct issue_change c[] = {
		chg("d-1", CHANGE_ADD_DEP, "d-3"),
		chg("d-2", CHANGE_ADD_DEP, "d-3"),
		chg("d-2", CHANGE_ADD_DEP, "external:other:x-1"),
		chg("d-1", CHANGE_ADD_DEP, "d-2"),
	};
	(void)state;
	c[1].dep_type = "related";
	c[2].dep_type = "blocks";
	c[3].dep_type = "related";
	begin(path, DFILE);
	open_load(path);
	apply_ok(c, ARRAY_SIZE(c));
	assert_file(path,
		    "{\"id\":\"d-1\",\"title\":\"One\",\"status\":\"open\",\"priority\":2,\"updated_at\":\"" NOW_TEXT "\","
		    "\"dependencies\":[{\"issue_id\":\"d-1\",\"depends_on_id\":\"d-3\",\"type\":\"blocks\",\"created_at\":\"" NOW_TEXT "\",\"created_by\":\"tester\"},"
		    "{\"issue_id\":\"d-1\",\"depends_on_id\":\"d-2\",\"type\":\"related\",\"created_at\":\"" NOW_TEXT "\",\"created_by\":\"tester\"}]}\n"
		    "{\"id\":\"d-2\",\"title\":\"Two\",\"status\":\"open\",\"priority\":2,\"updated_at\":\"" NOW_TEXT "\","
		    "\"dependencies\":[{\"issue_id\":\"d-2\",\"depends_on_id\":\"d-1\",\"type\":\"blocks\",\"created_at\":\"2025-01-01T00:00:00Z\"},"
		    "{\"issue_id\":\"d-2\",\"depends_on_id\":\"d-3\",\"type\":\"related\",\"created_at\":\"" NOW_TEXT "\",\"created_by\":\"tester\"},"
		    "{\"issue_id\":\"d-2\",\"depends_on_id\":\"external:other:x-1\",\"type\":\"blocks\",\"created_at\":\"" NOW_TEXT "\",\"created_by\":\"tester\"}]}\n"
		    "{\"_type\":\"memory\",\"id\":\"d-mem\",\"text\":\"not an issue\"}\n"
		    "{\"id\":\"d-3\",\"title\":\"Three\",\"status\":\"open\",\"priority\":2,\"updated_at\":\"2025-01-01T00:00:00Z\"}\n");
	open_load(path);
	assert_int_equal(issue_set_find(g_set, "d-1")->dep_count, 2);
	assert_int_equal(issue_set_find(g_set, "d-2")->dep_count, 3);
	assert_true(issue_set_find(g_set, "d-1")->flags & ISSUE_BLOCKED);
	end();
}

static void add_dependency_refused(void **state)
{
	char path[PATH_MAX];
	struct issue_change c[] = {
		chg("d-3", CHANGE_TITLE, "would be lost with the batch"),
		chg("d-2", CHANGE_ADD_DEP, "d-1"),
	};
	(void)state;
	begin(path, DFILE);
	open_load(path);
	/* the same (target, type) again: refused, and the whole batch with it */
	refused(c, 2, TIB_ERR_UNSUPPORTED, path, DFILE, "already has a blocks dependency on d-1");
	c[1].dep_type = "blocks";
	refused(c, 2, TIB_ERR_UNSUPPORTED, path, DFILE, "already");
	/* on itself */
	c[1].text = "d-2";
	c[1].dep_type = "related";
	refused(c, 2, TIB_ERR_UNSUPPORTED, path, DFILE, "itself");
	/* not an issue of the file (a memory record is none) */
	c[1].text = "d-404";
	refused(c, 2, TIB_ERR_NOT_FOUND, path, DFILE, "d-404");
	c[1].text = "d-mem";
	refused(c, 2, TIB_ERR_NOT_FOUND, path, DFILE, "d-mem");
	c[1].text = "";
	refused(c, 2, TIB_ERR_UNSUPPORTED, path, DFILE, NULL);
	/* a different type on the same target is fine */
	c[1].text = "d-1";
	c[1].dep_type = "related";
	apply_ok(c, 2);
	end();
}

static void remove_dependency(void **state)
{
	char path[PATH_MAX];
	struct issue_change c[] = {
		chg("d-2", CHANGE_REMOVE_DEP, "d-1"),
		chg("d-3", CHANGE_REMOVE_DEP, "d-1"),
		chg("d-4", CHANGE_REMOVE_DEP, "d-1"),
	};
	const char *content =
		"{\"id\":\"d-1\",\"title\":\"One\",\"updated_at\":\"2025-01-01T00:00:00Z\"}\n"
		"{\"id\":\"d-2\",\"title\":\"Two\",\"updated_at\":\"2025-01-01T00:00:00Z\","
		"\"dependencies\":[{\"issue_id\":\"d-2\",\"depends_on_id\":\"d-1\",\"type\":\"blocks\"}],\"labels\":[\"x\"]}\n"
		"{\"id\":\"d-3\",\"title\":\"Three\",\"updated_at\":\"2025-01-01T00:00:00Z\","
		"\"dependencies\":[{\"issue_id\":\"d-3\",\"depends_on_id\":\"d-1\",\"type\":\"related\"},"
		"{\"issue_id\":\"d-3\",\"depends_on_id\":\"d-1\",\"type\":\"parent-child\"},"
		"{\"issue_id\":\"d-3\",\"depends_on_id\":\"d-2\",\"type\":\"blocks\"}]}\n"
		"{\"id\":\"d-4\",\"title\":\"Dolt child\",\"updated_at\":\"2025-01-01T00:00:00Z\",\"parent\":\"d-1\"}\n";
	(void)state;
	c[1].dep_type = "parent-child";
	c[2].dep_type = "parent-child";
	begin(path, content);
	open_load(path);
	assert_int_equal(issue_set_find(g_set, "d-4")->dep_count, 1);
	/* none of that type: refused, nothing written */
	c[0].dep_type = "related";
	refused(c, 3, TIB_ERR_NOT_FOUND, path, content, "d-2 has no related dependency on d-1");
	c[0].dep_type = NULL; /* bd's default type: blocks */
	apply_ok(c, 3);
	assert_file(path, "{\"id\":\"d-1\",\"title\":\"One\",\"updated_at\":\"2025-01-01T00:00:00Z\"}\n"
			  "{\"id\":\"d-2\",\"title\":\"Two\",\"updated_at\":\"" NOW_TEXT "\",\"labels\":[\"x\"]}\n"
			  "{\"id\":\"d-3\",\"title\":\"Three\",\"updated_at\":\"" NOW_TEXT "\","
			  "\"dependencies\":[{\"issue_id\":\"d-3\",\"depends_on_id\":\"d-1\",\"type\":\"related\"},"
			  "{\"issue_id\":\"d-3\",\"depends_on_id\":\"d-2\",\"type\":\"blocks\"}]}\n"
			  "{\"id\":\"d-4\",\"title\":\"Dolt child\",\"updated_at\":\"" NOW_TEXT "\"}\n");
	open_load(path);
	assert_int_equal(issue_set_find(g_set, "d-2")->dep_count, 0);
	assert_int_equal(issue_set_find(g_set, "d-3")->dep_count, 2);
	assert_int_equal(issue_set_find(g_set, "d-4")->dep_count, 0);
	end();
}

/* ---- new issues and their removal */

/* The text of `content` with `line` and `eol` inserted before the first
 * line whose id sorts after `id` (the end otherwise). */
static void expect_inserted_eol(char *out, size_t size, const char *content, const char *id, const char *line,
				const char *eol)
{
	const char *p = content;
	size_t n;
	while (*p) {
		const char *q = strstr(p, "\"id\":");
		char other[128];
		assert_non_null(q);
		q += 5;
		while (*q == ' ')
			q++;
		assert_int_equal(sscanf(q, "\"%127[^\"]\"", other), 1);
		if (strcmp(other, id) > 0)
			break;
		p = strchr(p, '\n');
		assert_non_null(p);
		p++;
	}
	n = (size_t)(p - content);
	assert_true((size_t)snprintf(out, size, "%.*s%s%s%s", (int)n, content, line, eol, p) < size);
}

static void expect_inserted(char *out, size_t size, const char *content, const char *id, const char *line)
{
	expect_inserted_eol(out, size, content, id, line, "\n");
}

static void assert_hash_id(const char *id, const char *prefix, size_t hash_len)
{
	size_t i, plen = strlen(prefix);
	if (strncmp(id, prefix, plen) != 0 || id[plen] != '-' || strlen(id) != plen + 1 + hash_len)
		fail_msg("id %s is not %s-<%zu base36 characters>", id, prefix, hash_len);
	for (i = plen + 1; id[i]; i++)
		if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'z')))
			fail_msg("id %s: '%c' is not base36", id, id[i]);
}

#define PFILE                                                                                          \
	"{\"id\":\"pj-a1\",\"title\":\"A\",\"status\":\"open\",\"priority\":2,\"updated_at\":\"2025-01-01T00:00:00Z\"}\n" \
	"{\"id\":\"pj-m2\",\"title\":\"M\",\"status\":\"open\",\"priority\":2,\"updated_at\":\"2025-01-01T00:00:00Z\"}\n" \
	"{\"id\":\"zz-m3\",\"title\":\"Z\",\"status\":\"open\",\"priority\":2,\"updated_at\":\"2025-01-01T00:00:00Z\"}\n"

static void create_top_level(void **state)
{
	char path[PATH_MAX], id[ISSUE_ID_MAX] = "", line[512], want[4096];
	struct issue_change c = {.kind = CHANGE_CREATE, .text = "New \"thing\"", .number = 1, .created_id = id, NX};
	const struct issue *issue;
	(void)state;
	begin(path, PFILE);
	open_load(path);
	apply_ok(&c, 1);
	/* the file's most common prefix, 3 characters for 3 issues */
	assert_hash_id(id, "pj", 3);
	snprintf(line, sizeof(line),
		 "{\"id\":\"%s\",\"title\":\"New \\\"thing\\\"\",\"status\":\"open\",\"priority\":1,\"issue_type\":\"task\","
		 "\"created_at\":\"" NOW_TEXT "\",\"created_by\":\"tester\",\"updated_at\":\"" NOW_TEXT "\"}",
		 id);
	expect_inserted(want, sizeof(want), PFILE, id, line);
	assert_file(path, want);
	assert_no_temp();
	open_load(path);
	assert_int_equal(g_set->count, 4);
	issue = issue_set_find(g_set, id);
	assert_non_null(issue);
	assert_string_equal(issue->title, "New \"thing\"");
	assert_string_equal(issue->created_by, "tester");
	assert_int_equal(issue->priority, 1);

	/* a given type, no actor, CRLF; the prefix "b" sorts the new id
	 * between the two lines, whatever its hash */
	begin(path, "{\"id\":\"a-1\",\"title\":\"A\"}\r\n{\"id\":\"b-1\",\"title\":\"B\"}\r\n"
		    "{\"id\":\"b-2\",\"title\":\"B\"}\r\n{\"id\":\"c-1\",\"title\":\"C\"}\r\n");
	open_load(path);
	c.issue_type = "bug";
	assert_int_equal(store_apply_changes(g_store, &c, 1, NULL, T(NOW_TEXT), NULL), TIB_OK);
	assert_hash_id(id, "b", 3);
	snprintf(line, sizeof(line),
		 "{\"id\":\"%s\",\"title\":\"New \\\"thing\\\"\",\"status\":\"open\",\"priority\":1,\"issue_type\":\"bug\","
		 "\"created_at\":\"" NOW_TEXT "\",\"updated_at\":\"" NOW_TEXT "\"}",
		 id);
	expect_inserted_eol(want, sizeof(want),
			    "{\"id\":\"a-1\",\"title\":\"A\"}\r\n{\"id\":\"b-1\",\"title\":\"B\"}\r\n"
			    "{\"id\":\"b-2\",\"title\":\"B\"}\r\n{\"id\":\"c-1\",\"title\":\"C\"}\r\n",
			    id, line, "\r\n");
	assert_true(strncmp(want, "{\"id\":\"a-1\"", 11) == 0);
	assert_true(str_has_suffix(want, "{\"id\":\"c-1\",\"title\":\"C\"}\r\n"));
	assert_file(path, want);

	/* an empty file, and one whose last line has no newline */
	begin(path, "");
	open_load(path);
	apply_ok(&c, 1);
	assert_hash_id(id, "bd", 3);
	snprintf(want, sizeof(want),
		 "{\"id\":\"%s\",\"title\":\"New \\\"thing\\\"\",\"status\":\"open\",\"priority\":1,\"issue_type\":\"bug\","
		 "\"created_at\":\"" NOW_TEXT "\",\"created_by\":\"tester\",\"updated_at\":\"" NOW_TEXT "\"}\n",
		 id);
	assert_file(path, want);
	begin(path, "{\"id\":\"a\",\"title\":\"A\"}"); /* no prefix: "bd", after "a" */
	open_load(path);
	apply_ok(&c, 1);
	assert_hash_id(id, "bd", 3);
	snprintf(want, sizeof(want),
		 "{\"id\":\"a\",\"title\":\"A\"}\n"
		 "{\"id\":\"%s\",\"title\":\"New \\\"thing\\\"\",\"status\":\"open\",\"priority\":1,\"issue_type\":\"bug\","
		 "\"created_at\":\"" NOW_TEXT "\",\"created_by\":\"tester\",\"updated_at\":\"" NOW_TEXT "\"}",
		 id);
	assert_file(path, want);

	/* refusals */
	open_load(path);
	c.text = "";
	refused(&c, 1, TIB_ERR_UNSUPPORTED, path, want, "title");
	c.text = "x";
	c.number = 5;
	refused(&c, 1, TIB_ERR_UNSUPPORTED, path, want, "priority");
	c.number = 2;
	c.created_id = NULL;
	refused(&c, 1, TIB_ERR_UNSUPPORTED, path, want, NULL);
	end();
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Many new issues in one call: distinct ids of the grown length, the
 * file sorted by id, every other line kept. */
static void create_many_sorted(void **state)
{
	enum { OLD = 50, NEW = 40 };
	char path[PATH_MAX], ids[NEW][ISSUE_ID_MAX], *lines_buf, **lines, *sorted[OLD + NEW];
	struct issue_change c[NEW];
	struct buf content = {0};
	size_t len, n, i, old_seen = 0;
	(void)state;
	for (i = 0; i < OLD; i++)
		buf_printf(&content, "{\"id\":\"big-%03zu\",\"title\":\"t%zu\",\"updated_at\":\"2025-01-01T00:00:00Z\"}\n",
			   i * 20, i);
	buf_puts(&content, "{\"id\":\"other-1\",\"title\":\"minority prefix\"}\n");
	begin(path, content.data);
	open_load(path);
	for (i = 0; i < NEW; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		c[i].kind = CHANGE_CREATE;
		c[i].text = "same title";
		c[i].number = 2;
		c[i].created_id = ids[i];
		c[i].expect_updated_at = TIME_NONE;
	}
	apply_ok(c, NEW);
	/* the same title, actor and instant: the next attempt each time;
	 * the length follows the growing count */
	for (i = 0; i < NEW; i++)
		assert_hash_id(ids[i], "big", (size_t)issue_id_hash_length(OLD + 1 + i));
	lines_buf = slurp(path, &len, 0);
	n = split_lines(lines_buf, len, &lines);
	assert_int_equal(n, OLD + 1 + NEW);
	for (i = 0; i + 1 < n; i++) {
		char a[128], b[128];
		assert_int_equal(sscanf(lines[i], "{\"id\":\"%127[^\"]\"", a), 1);
		assert_int_equal(sscanf(lines[i + 1], "{\"id\":\"%127[^\"]\"", b), 1);
		if (strcmp(a, b) >= 0 && strcmp(a, "other-1") != 0)
			fail_msg("line %zu: %s before %s", i + 1, a, b);
		if (strncmp(lines[i], "{\"id\":\"big-", 11) == 0 && strstr(lines[i], "\"title\":\"t"))
			old_seen++;
	}
	assert_int_equal(old_seen, OLD);
	assert_string_equal(lines[n - 1], "{\"id\":\"other-1\",\"title\":\"minority prefix\"}");
	for (i = 0; i < NEW; i++)
		sorted[i] = ids[i];
	qsort(sorted, NEW, sizeof(sorted[0]), cmp_cstr);
	for (i = 1; i < NEW; i++)
		assert_string_not_equal(sorted[i - 1], sorted[i]);
	free(lines);
	buf_free(&content);
	open_load(path);
	assert_int_equal(g_set->count, OLD + 1 + NEW);
	end();
}

/* The hash length follows the count of top-level issues (children
 * `parent.N` do not count), as bd's: at the count where it grows. */
static void create_id_length(void **state)
{
	char path[PATH_MAX], id[ISSUE_ID_MAX], id1[ISSUE_ID_MAX], id2[ISSUE_ID_MAX], id3[ISSUE_ID_MAX];
	char id4[ISSUE_ID_MAX], id5[ISSUE_ID_MAX], child[ISSUE_ID_MAX];
	struct issue_change c = {.kind = CHANGE_CREATE, .text = "t", .number = 2, .created_id = id, NX};
	struct buf content = {0};
	size_t grow, i;
	int before;
	(void)state;
	for (grow = 2; grow < 100000 && issue_id_hash_length(grow) == issue_id_hash_length(grow - 1); grow++)
		;
	assert_true(grow < 100000);
	before = issue_id_hash_length(grow - 1);
	/* grow - 1 top-level issues and 5 children */
	for (i = 0; i + 1 < grow; i++)
		buf_printf(&content, "{\"id\":\"len-%06zu\",\"title\":\"t\"}\n", i);
	for (i = 1; i <= 5; i++)
		buf_printf(&content, "{\"id\":\"len-000000.%zu\",\"title\":\"child\"}\n", i);
	begin(path, content.data);
	buf_free(&content);
	open_load(path);
	apply_ok(&c, 1);
	assert_hash_id(id, "len", (size_t)before);
	snprintf(id1, sizeof(id1), "%s", id);
	/* one more top-level issue: the next is longer */
	open_load(path);
	apply_ok(&c, 1);
	assert_hash_id(id, "len", (size_t)before + 1);
	snprintf(id2, sizeof(id2), "%s", id);
	/* deletions count, children do not: from grow + 1 top-level back to
	 * grow - 1 */
	open_load(path);
	{
		struct issue_change three[] = {
			{.id = id1, .kind = CHANGE_DELETE, NX},
			{.id = id2, .kind = CHANGE_DELETE, NX},
			{.id = "len-000001", .kind = CHANGE_CREATE, .text = "c", .number = 2, .created_id = child, NX},
			{.kind = CHANGE_CREATE, .text = "t", .number = 2, .created_id = id3, NX},
		};
		apply_ok(three, ARRAY_SIZE(three));
		assert_string_equal(child, "len-000001.1");
		assert_hash_id(id3, "len", (size_t)before);
	}
	/* and so do those after a create in the same call (grow, + 1, - 2) */
	open_load(path);
	{
		struct issue_change four[] = {
			{.kind = CHANGE_CREATE, .text = "t", .number = 2, .created_id = id4, NX},
			{.id = id4, .kind = CHANGE_DELETE, NX},
			{.id = id3, .kind = CHANGE_DELETE, NX},
			{.kind = CHANGE_CREATE, .text = "t", .number = 2, .created_id = id5, NX},
		};
		apply_ok(four, ARRAY_SIZE(four));
		assert_hash_id(id4, "len", (size_t)before + 1);
		assert_hash_id(id5, "len", (size_t)before);
	}
	/* back to grow - 1 top-level: a new one, then the count has grown */
	open_load(path);
	assert_int_equal(g_set->count, grow + 6);
	{
		struct issue_change five[] = {
			{.id = id5, .kind = CHANGE_DELETE, NX},
			{.kind = CHANGE_CREATE, .text = "t", .number = 2, .created_id = id4, NX},
			{.kind = CHANGE_CREATE, .text = "t", .number = 2, .created_id = id3, NX},
		};
		apply_ok(five, ARRAY_SIZE(five));
		assert_hash_id(id4, "len", (size_t)before);
		assert_hash_id(id3, "len", (size_t)before + 1);
	}
	open_load(path);
	assert_int_equal(g_set->count, grow + 1 + 6); /* grow + 1 top-level, 6 children */
	end();
}

#define KFILE                                                                                                \
	"{\"id\": \"k-1\", \"title\": \"Parent\", \"updated_at\": \"2025-01-01T00:00:00Z\"}\n"                     \
	"{\"id\": \"k-1.1\", \"title\": \"c1\"}\n"                                                                 \
	"{\"id\": \"k-1.10\", \"title\": \"c10\"}\n"                                                               \
	"{\"id\": \"k-1.2.7\", \"title\": \"grandchild\"}\n"                                                       \
	"{\"id\": \"k-1.3\", \"title\": \"c3\"}\n"                                                                 \
	"{\"id\": \"k-1.x\", \"title\": \"not a number\"}\n"                                                       \
	"{\"id\": \"k-10.99\", \"title\": \"another parent\"}\n"

static void create_child(void **state)
{
	char path[PATH_MAX], id1[ISSUE_ID_MAX], id2[ISSUE_ID_MAX];
	struct issue_change c[] = {
		{.id = "k-1", .kind = CHANGE_CREATE, .text = "child", .number = 3, .issue_type = "epic", .created_id = id1, NX},
		{.id = "k-1", .kind = CHANGE_CREATE, .text = "child 2", .number = 4, .created_id = id2, NX},
		{.id = id2, .kind = CHANGE_DESCRIPTION, .text = "made in the same call", NX},
	};
	const struct issue *issue;
	(void)state;
	begin(path, KFILE);
	open_load(path);
	apply_ok(c, ARRAY_SIZE(c));
	assert_string_equal(id1, "k-1.11");
	assert_string_equal(id2, "k-1.12");
	assert_file(path,
		    "{\"id\": \"k-1\", \"title\": \"Parent\", \"updated_at\": \"2025-01-01T00:00:00Z\"}\n"
		    "{\"id\": \"k-1.1\", \"title\": \"c1\"}\n"
		    "{\"id\": \"k-1.10\", \"title\": \"c10\"}\n"
		    "{\"id\": \"k-1.11\", \"title\": \"child\", \"status\": \"open\", \"priority\": 3, \"issue_type\": \"epic\", "
		    "\"created_at\": \"" NOW_TEXT "\", \"created_by\": \"tester\", \"updated_at\": \"" NOW_TEXT "\", "
		    "\"dependencies\": [{\"issue_id\": \"k-1.11\", \"depends_on_id\": \"k-1\", \"type\": \"parent-child\", "
		    "\"created_at\": \"" NOW_TEXT "\", \"created_by\": \"tester\"}]}\n"
		    "{\"id\": \"k-1.12\", \"title\": \"child 2\", \"status\": \"open\", \"priority\": 4, \"issue_type\": \"task\", "
		    "\"created_at\": \"" NOW_TEXT "\", \"created_by\": \"tester\", \"updated_at\": \"" NOW_TEXT "\", "
		    "\"dependencies\": [{\"issue_id\": \"k-1.12\", \"depends_on_id\": \"k-1\", \"type\": \"parent-child\", "
		    "\"created_at\": \"" NOW_TEXT "\", \"created_by\": \"tester\"}], \"description\": \"made in the same call\"}\n"
		    "{\"id\": \"k-1.2.7\", \"title\": \"grandchild\"}\n"
		    "{\"id\": \"k-1.3\", \"title\": \"c3\"}\n"
		    "{\"id\": \"k-1.x\", \"title\": \"not a number\"}\n"
		    "{\"id\": \"k-10.99\", \"title\": \"another parent\"}\n");
	open_load(path);
	issue = issue_set_find(g_set, "k-1.11");
	assert_non_null(issue);
	assert_int_equal(issue->dep_count, 1);
	assert_string_equal(g_set->deps[issue->dep_first].to_id, "k-1");
	assert_string_equal(g_set->deps[issue->dep_first].type, "parent-child");

	/* a child of a child; an unknown parent */
	c[0].id = "k-1.2.7";
	apply_ok(c, 1);
	assert_string_equal(id1, "k-1.2.7.1");
	open_load(path);
	c[0].id = "k-404";
	refused(c, 1, TIB_ERR_NOT_FOUND, path, slurp(path, NULL, 2), "k-404");
	end();
}

static void delete_issue(void **state)
{
	char path[PATH_MAX], id[ISSUE_ID_MAX];
	struct issue_change c = {.kind = CHANGE_CREATE, .text = "oops", .number = 2, .created_id = id, NX};
	struct issue_change del = {.id = id, .kind = CHANGE_DELETE, NX};
	const char *content = "\xEF\xBB\xBF{\"id\":\"e-1\",\"title\":\"A\"}\r\n"
			      "{\"id\":\"e-2\",\"title\":\"B\"}\r\n"
			      "not json\r\n"
			      "{\"id\":\"e-3\",\"title\":\"C\"}";
	(void)state;
	begin(path, content);
	open_load(path);
	/* the undo of a create gives the file back byte for byte */
	apply_ok(&c, 1);
	open_load(path);
	assert_int_equal(g_set->count, 4);
	apply_ok(&del, 1);
	assert_file(path, content);
	open_load(path);
	assert_int_equal(g_set->count, 3);
	/* a line with its line ending; the last line without one */
	del.id = "e-2";
	apply_ok(&del, 1);
	assert_file(path, "\xEF\xBB\xBF{\"id\":\"e-1\",\"title\":\"A\"}\r\nnot json\r\n{\"id\":\"e-3\",\"title\":\"C\"}");
	open_load(path);
	/* the new last line has no line ending either */
	del.id = "e-3";
	apply_ok(&del, 1);
	assert_file(path, "\xEF\xBB\xBF{\"id\":\"e-1\",\"title\":\"A\"}\r\nnot json");
	open_load(path);
	/* gone, or never there */
	refused(&del, 1, TIB_ERR_NOT_FOUND, path, "\xEF\xBB\xBF{\"id\":\"e-1\",\"title\":\"A\"}\r\nnot json", "e-3");
	/* then a change to a deleted issue, in the same call */
	{
		struct issue_change two[] = {{.id = "e-1", .kind = CHANGE_DELETE, NX},
					     {.id = "e-1", .kind = CHANGE_TITLE, .text = "x", NX}};
		refused(two, 2, TIB_ERR_NOT_FOUND, path, "\xEF\xBB\xBF{\"id\":\"e-1\",\"title\":\"A\"}\r\nnot json",
			"e-1");
		/* the only issue: the file keeps its BOM and other lines */
		apply_ok(two, 1);
		assert_file(path, "\xEF\xBB\xBFnot json");
	}
	/* a middle line of a file with a final newline */
	begin(path, "{\"id\":\"e-1\"}\n{\"id\":\"e-2\"}\n{\"id\":\"e-3\"}\n");
	open_load(path);
	del.id = "e-3";
	apply_ok(&del, 1);
	assert_file(path, "{\"id\":\"e-1\"}\n{\"id\":\"e-2\"}\n");
	open_load(path);
	del.id = "e-1";
	apply_ok(&del, 1);
	assert_file(path, "{\"id\":\"e-2\"}\n");
	end();
}

/* ---- timestamps in the file's own shape */

static void timestamp_shape(void **state)
{
	char path[PATH_MAX], id[ISSUE_ID_MAX], want[2048], old[2048], line[512], z[64], off[64];
	struct issue_change c[] = {
		chg("q-1", CHANGE_STATUS, "closed"),
		chg("q-1", CHANGE_COMMENT, "hi"),
		chg("q-2", CHANGE_ADD_DEP, "q-1"),
		{.kind = CHANGE_CREATE, .text = "new", .number = 2, .created_id = id, NX},
	};
	struct tib_error err = {0};
	int64_t now = T("2026-11-28T23:16:04.5Z"); /* no fraction in the file: none written */
	(void)state;

	/* SQLite's CURRENT_TIMESTAMP, in a Python-spaced file */
	begin(path, "{\"id\": \"q-1\", \"title\": \"A\", \"updated_at\": \"2026-01-17 17:38:21\"}\n"
		    "{\"id\": \"q-2\", \"title\": \"B\"}\n");
	open_load(path);
	if (store_apply_changes(g_store, c, ARRAY_SIZE(c), "tester", now, &err) != TIB_OK)
		fail_msg("%s", err.msg);
	snprintf(old, sizeof(old),
		 "{\"id\": \"q-1\", \"title\": \"A\", \"updated_at\": \"2026-11-28 23:16:04\", \"status\": \"closed\", "
		 "\"closed_at\": \"2026-11-28 23:16:04\", \"comments\": [{\"id\": 1, \"issue_id\": \"q-1\", "
		 "\"author\": \"tester\", \"text\": \"hi\", \"created_at\": \"2026-11-28 23:16:04\"}]}\n"
		 "{\"id\": \"q-2\", \"title\": \"B\", \"updated_at\": \"2026-11-28 23:16:04\", \"dependencies\": "
		 "[{\"issue_id\": \"q-2\", \"depends_on_id\": \"q-1\", \"type\": \"blocks\", \"created_at\": "
		 "\"2026-11-28 23:16:04\", \"created_by\": \"tester\"}]}\n");
	snprintf(line, sizeof(line),
		 "{\"id\": \"%s\", \"title\": \"new\", \"status\": \"open\", \"priority\": 2, \"issue_type\": \"task\", "
		 "\"created_at\": \"2026-11-28 23:16:04\", \"created_by\": \"tester\", \"updated_at\": \"2026-11-28 23:16:04\"}",
		 id);
	expect_inserted(want, sizeof(want), old, id, line);
	assert_file(path, want);
	open_load(path);
	assert_true(issue_set_find(g_set, "q-1")->closed_at == T("2026-11-28T23:16:04Z"));

	/* RFC 3339 with a fraction and Z, and with an offset: each record
	 * in its own shape, new ones in the file's (the first updated_at) */
	begin(path, "{\"id\":\"q-1\",\"title\":\"A\",\"updated_at\":\"2026-01-17T17:38:21.123456Z\"}\n"
		    "{\"id\":\"q-2\",\"title\":\"B\",\"updated_at\":\"2026-01-17T17:38:21.123-08:00\"}\n");
	open_load(path);
	now = T("2026-11-28T23:16:04.654321Z");
	if (store_apply_changes(g_store, c, ARRAY_SIZE(c), "tester", now, &err) != TIB_OK)
		fail_msg("%s", err.msg);
	timestamp_format_like(now, "2026-01-17T17:38:21.123456Z", z, sizeof(z));
	timestamp_format_like(now, "2026-01-17T17:38:21.123-08:00", off, sizeof(off));
	assert_non_null(strstr(z, "2026-11-28T23:16:04.654"));
	assert_true(str_has_suffix(z, "Z"));
	assert_non_null(strstr(off, "2026-11-28T23:16:04.654"));
	assert_true(str_has_suffix(off, "+00:00"));
	snprintf(old, sizeof(old),
		 "{\"id\":\"q-1\",\"title\":\"A\",\"updated_at\":\"%s\",\"status\":\"closed\","
		 "\"closed_at\":\"%s\",\"comments\":[{\"id\":1,\"issue_id\":\"q-1\","
		 "\"author\":\"tester\",\"text\":\"hi\",\"created_at\":\"%s\"}]}\n"
		 "{\"id\":\"q-2\",\"title\":\"B\",\"updated_at\":\"%s\",\"dependencies\":"
		 "[{\"issue_id\":\"q-2\",\"depends_on_id\":\"q-1\",\"type\":\"blocks\",\"created_at\":"
		 "\"%s\",\"created_by\":\"tester\"}]}\n",
		 z, z, z, off, off);
	snprintf(line, sizeof(line),
		 "{\"id\":\"%s\",\"title\":\"new\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\","
		 "\"created_at\":\"%s\",\"created_by\":\"tester\",\"updated_at\":\"%s\"}",
		 id, z, z);
	expect_inserted(want, sizeof(want), old, id, line);
	assert_file(path, want);
	open_load(path);
	assert_true(issue_set_find(g_set, "q-1")->updated_at == now);
	assert_true(issue_set_find(g_set, "q-2")->updated_at == now);
	end();
}

/* ---- no lost update, per issue */

#define WFILE_A "{\"id\":\"w-1\",\"title\":\"A\",\"updated_at\":\"2025-01-01T00:00:00Z\"}\n"
#define WFILE_B "{\"id\":\"w-2\",\"title\":\"B\",\"updated_at\":\"2025-01-01T00:00:00Z\"}\n"
#define WFILE_B2 "{\"id\":\"w-2\",\"title\":\"B by bd\",\"updated_at\":\"2025-06-01T00:00:00Z\"}\n"
#define WFILE_A2 "{\"id\":\"w-1\",\"title\":\"A by bd\",\"updated_at\":\"2025-06-01T00:00:00Z\"}\n"

static void conflict_per_issue(void **state)
{
	char path[PATH_MAX], id[ISSUE_ID_MAX];
	struct issue_change c[3];
	struct tib_error err = {0};
	int64_t seen;
	(void)state;
	memset(c, 0, sizeof(c));

	/* another writer changed w-2: our change of w-1 still goes in, and
	 * theirs stays */
	begin(path, WFILE_A WFILE_B);
	open_load(path);
	seen = issue_set_find(g_set, "w-1")->updated_at;
	assert_true(seen == T("2025-01-01T00:00:00Z"));
	tu_write_file(path, WFILE_A WFILE_B2);
	c[0] = chg("w-1", CHANGE_TITLE, "mine");
	c[0].expect_updated_at = seen;
	c[1] = chg("w-1", CHANGE_PRIORITY, NULL); /* the same issue twice */
	c[1].number = 0;
	c[1].expect_updated_at = seen;
	c[2] = (struct issue_change){.kind = CHANGE_CREATE, .text = "new", .number = 2, .created_id = id, NX};
	apply_ok(c, 3);
	{
		char want[1024], line[512];
		snprintf(line, sizeof(line),
			 "{\"id\":\"%s\",\"title\":\"new\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\","
			 "\"created_at\":\"" NOW_TEXT "\",\"created_by\":\"tester\",\"updated_at\":\"" NOW_TEXT "\"}",
			 id);
		expect_inserted(want, sizeof(want),
				"{\"id\":\"w-1\",\"title\":\"mine\",\"updated_at\":\"" NOW_TEXT "\",\"priority\":0}\n" WFILE_B2,
				id, line);
		assert_file(path, want);
	}

	/* another writer changed w-1 itself: refused, naming it */
	begin(path, WFILE_A WFILE_B);
	open_load(path);
	tu_write_file(path, WFILE_A2 WFILE_B);
	c[0].expect_updated_at = seen;
	refused(c, 1, TIB_ERR_CONFLICT, path, WFILE_A2 WFILE_B, "w-1 changed on disk since it was read; reload");
	/* even when the file's stamp is the one loaded */
	begin(path, WFILE_A2 WFILE_B);
	open_load(path);
	refused(c, 1, TIB_ERR_CONFLICT, path, WFILE_A2 WFILE_B, "w-1 changed on disk");
	/* and a batch with one unchecked change after an outside rewrite:
	 * the whole file is refused */
	tu_write_file(path, WFILE_A2 WFILE_B2);
	c[0].expect_updated_at = T("2025-06-01T00:00:00Z");
	c[1] = chg("w-2", CHANGE_TITLE, "unchecked");
	refused(c, 2, TIB_ERR_CONFLICT, path, WFILE_A2 WFILE_B2, "changed on disk since it was read; reload");
	/* the checked one alone goes in */
	apply_ok(c, 1);
	assert_file(path, "{\"id\":\"w-1\",\"title\":\"mine\",\"updated_at\":\"" NOW_TEXT "\"}\n" WFILE_B2);

	/* an issue without updated_at only matches "not checked" */
	begin(path, "{\"id\":\"w-3\",\"title\":\"no stamp\"}\n");
	open_load(path);
	c[0] = chg("w-3", CHANGE_TITLE, "t");
	c[0].expect_updated_at = 0;
	assert_int_equal(apply(c, 1, &err), TIB_ERR_CONFLICT);
	c[0].expect_updated_at = TIME_NONE;
	apply_ok(c, 1);
	end();
}

/* ---- read-only sources */

static const char *backend_reason(const char *path)
{
	static char reason[600];
	struct source src;
	void *st = NULL;
	struct tib_error err = {0};
	memset(&src, 0, sizeof(src));
	src.kind = SOURCE_JSONL;
	snprintf(src.path, sizeof(src.path), "%s", path);
	assert_int_equal(jsonl_backend.open(&src, &st, &err), TIB_OK);
	assert_non_null(jsonl_backend.read_only_reason);
	snprintf(reason, sizeof(reason), "%s", jsonl_backend.read_only_reason(st));
	jsonl_backend.close(st);
	return reason;
}

static void read_only_file(void **state)
{
	char path[PATH_MAX];
	struct issue_change c = chg("r-1", CHANGE_TITLE, "mine");
	(void)state;
	begin(path, SMALL);
	open_load(path);
	assert_string_equal(backend_reason(path), "");
	/* no write bit: read-only even for root */
	assert_int_equal(chmod(path, 0444), 0);
	assert_string_equal(backend_reason(path), "the file is read-only");
	refused(&c, 1, TIB_ERR_READ_ONLY, path, SMALL, "the file is read-only");
	assert_int_equal(chmod(path, 0644), 0);
	apply_ok(&c, 1);
	end();
}

static void read_only_dir(void **state)
{
	char path[PATH_MAX], want[PATH_MAX + 100];
	struct issue_change c = chg("r-1", CHANGE_TITLE, "mine");
	(void)state;
	if (geteuid() == 0) {
		fprintf(stderr, "skip: root writes to any directory\n");
		skip();
		return;
	}
	begin(path, SMALL);
	open_load(path);
	assert_int_equal(chmod(g_tmp, 0555), 0);
	snprintf(want, sizeof(want), "the directory %s/ is read-only (tib writes by an atomic rename)", g_tmp);
	assert_string_equal(backend_reason(path), want);
	{
		struct tib_error err = {0};
		enum tib_status got = apply(&c, 1, &err);
		assert_int_equal(chmod(g_tmp, 0755), 0);
		assert_int_equal(got, TIB_ERR_READ_ONLY);
		assert_non_null(strstr(err.msg, want));
	}
	assert_file(path, SMALL);
	assert_no_temp();
	apply_ok(&c, 1);
	end();
}

/* ---- many changes in one call */

static void bulk_close_reopen(void **state)
{
	enum { N = 1000 };
	char path[PATH_MAX], ids[N][16], *text, **lines;
	struct issue_change *c = calloc(N, sizeof(*c));
	struct buf content = {0};
	size_t i, len, n;
	(void)state;
	assert_non_null(c);
	for (i = 0; i < N; i++) {
		snprintf(ids[i], sizeof(ids[i]), "bk-%04zu", i);
		buf_printf(&content,
			   "{\"id\": \"%s\", \"title\": \"Issue %zu\", \"status\": \"open\", \"priority\": 2, "
			   "\"issue_type\": \"task\", \"created_at\": \"2025-01-01T00:00:00Z\", "
			   "\"updated_at\": \"2025-01-01T00:00:%02zuZ\"}\n",
			   ids[i], i, i % 60);
	}
	begin(path, content.data);
	open_load(path);
	for (i = 0; i < N; i++) {
		c[i].id = ids[i];
		c[i].kind = CHANGE_STATUS;
		c[i].text = "closed";
		c[i].reason = "bulk";
		c[i].expect_updated_at = issue_set_find(g_set, ids[i])->updated_at;
	}
	apply_ok(c, N);
	text = slurp(path, &len, 0);
	n = split_lines(text, len, &lines);
	assert_int_equal(n, N);
	for (i = 0; i < N; i++) {
		char want[512];
		snprintf(want, sizeof(want),
			 "{\"id\": \"%.15s\", \"title\": \"Issue %zu\", \"status\": \"closed\", \"priority\": 2, "
			 "\"issue_type\": \"task\", \"created_at\": \"2025-01-01T00:00:00Z\", "
			 "\"updated_at\": \"" NOW_TEXT "\", \"closed_at\": \"" NOW_TEXT "\", \"close_reason\": \"bulk\"}",
			 ids[i], i);
		assert_string_equal(lines[i], want);
	}
	free(lines);
	open_load(path);
	for (i = 0; i < N; i++) {
		assert_string_equal(issue_set_find(g_set, ids[i])->status, "closed");
		c[i].text = "open";
		c[i].reason = NULL;
		c[i].expect_updated_at = issue_set_find(g_set, ids[i])->updated_at;
	}
	apply_ok(c, N);
	text = slurp(path, &len, 0);
	n = split_lines(text, len, &lines);
	assert_int_equal(n, N);
	for (i = 0; i < N; i++) {
		char want[512];
		snprintf(want, sizeof(want),
			 "{\"id\": \"%.15s\", \"title\": \"Issue %zu\", \"status\": \"open\", \"priority\": 2, "
			 "\"issue_type\": \"task\", \"created_at\": \"2025-01-01T00:00:00Z\", "
			 "\"updated_at\": \"" NOW_TEXT "\"}",
			 ids[i], i);
		assert_string_equal(lines[i], want);
	}
	free(lines);
	free(c);
	buf_free(&content);
	end();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_round_trip),
		cmocka_unit_test(each_kind_compact),
		cmocka_unit_test(spaced_style),
		cmocka_unit_test(bytes_kept),
		cmocka_unit_test(changed_on_disk),
		cmocka_unit_test(unknown_id),
		cmocka_unit_test(unsupported_sources),
		cmocka_unit_test(long_text_fields),
		cmocka_unit_test(comment_integer_ids),
		cmocka_unit_test(comment_string_ids),
		cmocka_unit_test(add_dependency),
		cmocka_unit_test(add_dependency_refused),
		cmocka_unit_test(remove_dependency),
		cmocka_unit_test(create_top_level),
		cmocka_unit_test(create_many_sorted),
		cmocka_unit_test(create_id_length),
		cmocka_unit_test(create_child),
		cmocka_unit_test(delete_issue),
		cmocka_unit_test(timestamp_shape),
		cmocka_unit_test(conflict_per_issue),
		cmocka_unit_test(read_only_file),
		cmocka_unit_test(read_only_dir),
		cmocka_unit_test(bulk_close_reopen),
	};
	return cmocka_run_group_tests(tests, NULL, group_teardown);
}
