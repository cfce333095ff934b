/* Writing to a JSONL source (store_apply_changes): the round trip on the
 * real export changes exactly one line and only the asked fields, every
 * kind of change, both separator styles, CRLF/BOM/malformed lines kept
 * byte for byte, the refusal after an outside change, unknown ids, and
 * no temp file left behind. */
#include "testutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/time.h>

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
	struct issue_change change = {0};
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
		{.id = "t-1", .kind = CHANGE_PRIORITY, .number = 0},
		{.id = "t-1", .kind = CHANGE_ASSIGNEE, .text = "ann"},
		{.id = "t-1", .kind = CHANGE_TITLE, .text = "New \"title\" \xc3\xa9"},
		{.id = "t-1", .kind = CHANGE_TYPE, .text = "bug"},
		{.id = "t-1", .kind = CHANGE_ADD_LABEL, .text = "zeta"},
		{.id = "t-1", .kind = CHANGE_ADD_LABEL, .text = "alpha"},
		{.id = "t-1", .kind = CHANGE_ADD_LABEL, .text = "alpha"},
		{.id = "t-2", .kind = CHANGE_ASSIGNEE, .text = ""},
		{.id = "t-2", .kind = CHANGE_REMOVE_LABEL, .text = "only"},
		{.id = "t-2", .kind = CHANGE_REMOVE_LABEL, .text = "not-there"},
		{.id = "t-3", .kind = CHANGE_STATUS, .text = "closed", .reason = ""},
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
		{.id = "s-1", .kind = CHANGE_STATUS, .text = "closed", .reason = "done: yes, really"},
		{.id = "s-1", .kind = CHANGE_ADD_LABEL, .text = "b"},
		{.id = "s-2", .kind = CHANGE_STATUS, .text = "open"},
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
	struct issue_change c = {.id = "d-1", .kind = CHANGE_PRIORITY, .number = 4};
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
	struct issue_change c = {.id = "r-1", .kind = CHANGE_TITLE, .text = "mine"};
	struct tib_error err = {0};
	struct timespec times[2] = {{0, UTIME_OMIT}, {12345, 0}};
	(void)state;

	/* appended to by someone else after the load */
	begin(path, SMALL);
	open_load(path);
	tu_write_file(path, SMALL "{\"id\":\"r-2\",\"title\":\"Theirs\",\"status\":\"open\",\"priority\":2}\n");
	assert_int_equal(apply(&c, 1, &err), TIB_ERR_BUSY);
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
	assert_int_equal(apply(&c, 1, &err), TIB_ERR_BUSY);
	assert_file(path, SMALL);

	/* replaced by a new file (rename over it) */
	{
		char other[PATH_MAX];
		begin(path, SMALL);
		open_load(path);
		tu_path(other, sizeof(other), g_tmp, "new.jsonl");
		tu_write_file(other, SMALL);
		assert_int_equal(rename(other, path), 0);
		assert_int_equal(apply(&c, 1, &err), TIB_ERR_BUSY);
		assert_file(path, SMALL);
		assert_no_temp();
	}

	/* a second write without a reload in between */
	begin(path, SMALL);
	open_load(path);
	apply_ok(&c, 1);
	assert_int_equal(apply(&c, 1, &err), TIB_ERR_BUSY);
	end();
}

static void unknown_id(void **state)
{
	char path[PATH_MAX];
	struct issue_change c[] = {
		{.id = "r-1", .kind = CHANGE_TITLE, .text = "mine"},
		{.id = "r-404", .kind = CHANGE_PRIORITY, .number = 1},
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
	char path[PATH_MAX], db[PATH_MAX];
	struct issue_change c = {.id = "a-1", .kind = CHANGE_TITLE, .text = "x"};
	struct tib_error err = {0};
	struct store *sql = NULL;
	struct issue_set *set;
	(void)state;
	begin(path, "[\n  {\"id\": \"a-1\", \"title\": \"in an array\", \"status\": \"open\"}\n]\n");
	open_load(path);
	assert_int_equal(g_set->count, 1);
	assert_int_equal(apply(&c, 1, &err), TIB_ERR_UNSUPPORTED);
	assert_file(path, "[\n  {\"id\": \"a-1\", \"title\": \"in an array\", \"status\": \"open\"}\n]\n");
	assert_no_temp();

	tu_path(db, sizeof(db), g_tmp, "beads.db");
	tu_make_beads_db(db, NULL);
	set = tu_load(db, &sql);
	assert_int_equal(store_apply_changes(sql, &c, 1, "tester", timestamp_now(), &err), TIB_ERR_UNSUPPORTED);
	assert_non_null(strstr(err.msg, "writing to SQLite databases is not supported yet"));
	issue_set_free(set);
	store_close(sql);
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
	};
	return cmocka_run_group_tests(tests, NULL, group_teardown);
}
