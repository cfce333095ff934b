/* Live refresh without a terminal: the refresher decides between a
 * re-read and a reopen, keeps the last data when the source is bad, and
 * over thousands of cycles neither memory nor open descriptors grow. */
#include "testutil.h"

#include <dirent.h>

#include "../../storage/refresh.h"

static char g_dir[PATH_MAX];

static int setup(void **state)
{
	(void)state;
	tu_mkdtemp(g_dir, sizeof(g_dir));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmtree(g_dir);
	return 0;
}

static const char fixture_sql[] =
	"INSERT INTO issues(id, title, status, priority, issue_type, created_at, updated_at) VALUES"
	" ('r-1', 'first', 'open', 1, 'task', '2026-01-01 00:00:00', '2026-01-01 00:00:00'),"
	" ('r-2', 'second', 'open', 2, 'task', '2026-01-01 00:00:00', '2026-01-02 00:00:00');"
	"INSERT INTO dependencies(issue_id, depends_on_id, type, created_by) VALUES ('r-2', 'r-1', 'blocks', 't');"
	"INSERT INTO labels(issue_id, label) VALUES ('r-1', 'x');";

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1; /* the directory stream itself */
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[65536];
	size_t n;
	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

static void exec_sql(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "SQL failed: %s\n", msg);
		sqlite3_free(msg);
		fail();
	}
}

static struct store *open_store(const char *path)
{
	struct source src;
	struct store *store = NULL;
	struct tib_error err = {0};
	memset(&src, 0, sizeof(src));
	src.kind = SOURCE_SQLITE;
	snprintf(src.path, sizeof(src.path), "%s", path);
	assert_int_equal(store_open(&src, &store, &err), TIB_OK);
	return store;
}

/* In place, replaced, deleted, corrupt, back again: each outcome right,
 * and the last good data is what the caller keeps meanwhile. */
static void test_outcomes(void **state)
{
	char path[PATH_MAX], other[PATH_MAX], bad[PATH_MAX];
	struct refresher r;
	struct issue_set *set, *fresh = NULL;
	struct tib_error err = {0};
	sqlite3 *writer;
	(void)state;
	tu_path(path, sizeof(path), g_dir, "o.db");
	tu_path(other, sizeof(other), g_dir, "o2.db");
	tu_path(bad, sizeof(bad), g_dir, "bad.db");
	tu_make_beads_db(path, fixture_sql);
	memset(&r, 0, sizeof(r));
	r.store = open_store(path);
	assert_int_equal(store_load(r.store, timestamp_now(), &set, &err), TIB_OK);

	assert_int_equal(refresher_run(&r, set, timestamp_now(), 0, &fresh, &err), REFRESH_NONE);
	assert_null(fresh);
	assert_int_equal(refresher_run(&r, set, timestamp_now(), 1, &fresh, &err), REFRESH_RELOADED);
	issue_set_free(set);
	set = fresh;

	assert_int_equal(sqlite3_open(path, &writer), SQLITE_OK);
	/* as bd does it: updated_at moves with every change */
	exec_sql(writer, "UPDATE issues SET status = 'closed', closed_at = '2026-02-01 00:00:00', "
			 "updated_at = '2026-02-01 00:00:00' WHERE id = 'r-1'");
	assert_int_equal(refresher_run(&r, set, timestamp_now(), 0, &fresh, &err), REFRESH_RELOADED);
	/* read incrementally: a set derived from the last one */
	assert_int_equal(fresh->derived, 1);
	store_fold_wal(r.store);
	/* r-2 was blocked by r-1; closing r-1 makes it ready */
	assert_true(issue_set_find(set, "r-2")->flags & ISSUE_BLOCKED);
	assert_true(issue_set_find(fresh, "r-2")->flags & ISSUE_READY);
	issue_set_free(set);
	set = fresh;

	/* a writer that leaves updated_at alone is still seen, by a full read */
	exec_sql(writer, "UPDATE issues SET title = 'renamed quietly' WHERE id = 'r-2'");
	assert_int_equal(refresher_run(&r, set, timestamp_now(), 0, &fresh, &err), REFRESH_RELOADED);
	assert_string_equal(issue_set_find(fresh, "r-2")->title, "renamed quietly");
	assert_int_equal(fresh->derived, 0);
	store_fold_wal(r.store);
	issue_set_free(set);
	set = fresh;

	/* a new issue (rows added): a full read */
	exec_sql(writer, "INSERT INTO issues(id, title, status, priority, updated_at) VALUES "
			 "('r-3', 'third', 'open', 2, '2026-03-01 00:00:00')");
	assert_int_equal(refresher_run(&r, set, timestamp_now(), 0, &fresh, &err), REFRESH_RELOADED);
	assert_non_null(issue_set_find(fresh, "r-3"));
	assert_int_equal(fresh->derived, 0);
	store_fold_wal(r.store);
	issue_set_free(set);
	set = fresh;

	/* a commit that touches no issue (bd's events table): nothing to show */
	exec_sql(writer, "INSERT INTO events(issue_id, event_type, actor) VALUES ('r-1', 'commented', 't')");
	assert_int_equal(refresher_run(&r, set, timestamp_now(), 0, &fresh, &err), REFRESH_RELOADED);
	store_fold_wal(r.store);
	issue_set_free(set);
	set = fresh;
	sqlite3_close(writer);

	tu_make_beads_db(other, "INSERT INTO issues(id, title, status, priority) VALUES ('n-1', 'new file', 'open', 2);");
	assert_int_equal(rename(other, path), 0);
	assert_int_equal(refresher_run(&r, set, timestamp_now(), 0, &fresh, &err), REFRESH_REOPENED);
	assert_non_null(issue_set_find(fresh, "n-1"));
	assert_null(issue_set_find(fresh, "r-1"));
	issue_set_free(set);
	set = fresh;

	assert_int_equal(unlink(path), 0);
	assert_int_equal(refresher_run(&r, set, timestamp_now(), 0, &fresh, &err), REFRESH_GONE);
	assert_non_null(strstr(err.msg, "deleted"));
	assert_null(fresh);

	tu_write_file(bad, "this is not a database, it is a note\n");
	assert_int_equal(rename(bad, path), 0);
	assert_int_equal(refresher_run(&r, set, timestamp_now(), 0, &fresh, &err), REFRESH_INVALID);
	assert_non_null(strstr(err.msg, "not a SQLite database"));
	/* nothing changed since: no retry, no noise */
	assert_int_equal(refresher_run(&r, set, timestamp_now(), 0, &fresh, &err), REFRESH_NONE);

	tu_make_beads_db(other, fixture_sql);
	assert_int_equal(rename(other, path), 0);
	assert_int_equal(refresher_run(&r, set, timestamp_now(), 0, &fresh, &err), REFRESH_REOPENED);
	assert_non_null(issue_set_find(fresh, "r-1"));
	issue_set_free(set);
	issue_set_free(fresh);
	store_close(r.store);
}

static struct store *open_kind(const char *path, enum source_kind kind)
{
	struct source src;
	struct store *store = NULL;
	struct tib_error err = {0};
	memset(&src, 0, sizeof(src));
	src.kind = kind;
	snprintf(src.path, sizeof(src.path), "%s", path);
	assert_int_equal(store_open(&src, &store, &err), TIB_OK);
	return store;
}

static const char jsonl_good[] = "{\"id\":\"j-1\",\"title\":\"first\",\"status\":\"open\",\"priority\":1}\n";
static const char jsonl_fixed[] = "{\"id\":\"j-1\",\"title\":\"fixed\",\"status\":\"open\",\"priority\":1}\n";

/* Rewrites `path` in place (same inode) with a good source. */
static void fix_in_place(const char *path, const char *good_db, enum source_kind kind)
{
	struct stat before, after;
	assert_int_equal(stat(path, &before), 0);
	if (kind == SOURCE_SQLITE)
		copy_file(good_db, path);
	else
		tu_write_file(path, jsonl_fixed);
	assert_int_equal(stat(path, &after), 0);
	assert_true(before.st_ino == after.st_ino);
}

/* A replacement tib cannot open (not a database / a SQLite file where
 * JSONL is expected; unreadable when not root), then the same file made
 * good: a forced reload tries it again at once, and poll notices it being
 * fixed in place or made readable (chmod) by itself. */
static void recover(enum source_kind kind)
{
	char path[PATH_MAX], bad[PATH_MAX], good[PATH_MAX];
	struct refresher r;
	struct issue_set *set, *fresh = NULL;
	struct tib_error err = {0};
	unsigned long reopens;
	const char *id = kind == SOURCE_SQLITE ? "r-1" : "j-1";
	tu_path(path, sizeof(path), g_dir, kind == SOURCE_SQLITE ? "u.db" : "u.jsonl");
	tu_path(bad, sizeof(bad), g_dir, "bad.tmp");
	tu_path(good, sizeof(good), g_dir, "good.db");
	if (kind == SOURCE_SQLITE) {
		tu_make_beads_db(path, fixture_sql);
		tu_make_beads_db(good, "INSERT INTO issues(id, title, status, priority) VALUES ('r-1', 'fixed', 'open', 2);");
	} else {
		tu_write_file(path, jsonl_good);
	}
	memset(&r, 0, sizeof(r));
	r.store = open_kind(path, kind);
	assert_int_equal(store_load(r.store, timestamp_now(), &set, &err), TIB_OK);
	assert_true(store_is_open(r.store));

	/* garbage by rename: INVALID, the last data stays */
	if (kind == SOURCE_SQLITE)
		tu_write_file(bad, "not a database\n");
	else
		tu_make_beads_db(bad, NULL); /* a SQLite file where JSONL is expected */
	assert_int_equal(rename(bad, path), 0);
	assert_int_equal(refresher_run(&r, set, timestamp_now(), 0, &fresh, &err), REFRESH_INVALID);
	assert_null(fresh);
	assert_false(store_is_open(r.store));
	assert_int_equal(refresher_run(&r, set, timestamp_now(), 0, &fresh, &err), REFRESH_NONE);
	/* a forced reload with nothing open tries the file again (a reopen,
	 * not a load of a closed store) */
	reopens = r.reopens;
	assert_int_equal(refresher_run(&r, set, timestamp_now(), 1, &fresh, &err), REFRESH_INVALID);
	assert_int_equal(r.reopens, reopens + 1);
	assert_null(fresh);
	/* fixed in place: poll sees it */
	fix_in_place(path, good, kind);
	assert_int_equal(refresher_run(&r, set, timestamp_now(), 0, &fresh, &err), REFRESH_REOPENED);
	assert_true(store_is_open(r.store));
	assert_string_equal(issue_set_find(fresh, id)->title, "fixed");
	issue_set_free(set);
	set = fresh;

	if (geteuid() != 0) {
		/* an unreadable replacement, then chmod 644: mode and ctime only */
		if (kind == SOURCE_SQLITE)
			copy_file(good, bad);
		else
			tu_write_file(bad, jsonl_good);
		assert_int_equal(chmod(bad, 0), 0);
		assert_int_equal(rename(bad, path), 0);
		assert_int_equal(refresher_run(&r, set, timestamp_now(), 0, &fresh, &err), REFRESH_INVALID);
		assert_non_null(strstr(err.msg, "ermission denied"));
		assert_int_equal(refresher_run(&r, set, timestamp_now(), 0, &fresh, &err), REFRESH_NONE);
		assert_int_equal(chmod(path, 0644), 0);
		assert_int_equal(refresher_run(&r, set, timestamp_now(), 0, &fresh, &err), REFRESH_REOPENED);
		assert_non_null(issue_set_find(fresh, id));
		issue_set_free(set);
		set = fresh;
		/* the same, recovered by a forced reload */
		if (kind == SOURCE_SQLITE)
			copy_file(good, bad);
		else
			tu_write_file(bad, jsonl_good);
		assert_int_equal(chmod(bad, 0), 0);
		assert_int_equal(rename(bad, path), 0);
		assert_int_equal(refresher_run(&r, set, timestamp_now(), 0, &fresh, &err), REFRESH_INVALID);
		assert_int_equal(chmod(path, 0644), 0);
		assert_int_equal(refresher_run(&r, set, timestamp_now(), 1, &fresh, &err), REFRESH_REOPENED);
		issue_set_free(set);
		set = fresh;
	} else {
		fprintf(stderr, "recover: running as root, the chmod 000 part is skipped\n");
	}
	issue_set_free(set);
	store_close(r.store);
}

static void test_recover_sqlite(void **state)
{
	(void)state;
	recover(SOURCE_SQLITE);
}

static void test_recover_jsonl(void **state)
{
	(void)state;
	recover(SOURCE_JSONL);
}

/* The leak soak: many refresh cycles, in place and by replacement, in one
 * process. Memory and descriptors must stay flat. TIB_SOAK_CYCLES sets
 * the count (fewer under valgrind), TIB_SOAK_SKIP_RSS skips the RSS check
 * under memory checkers. */
static void test_soak(void **state)
{
	char path[PATH_MAX], spare[PATH_MAX], tmp[PATH_MAX], title[64];
	const char *env = getenv("TIB_SOAK_CYCLES");
	long cycles = env && *env ? atol(env) : 10000, i, rss_start = 0, rss_end;
	int fds_start = 0, fds_end;
	struct refresher r;
	struct issue_set *set, *fresh = NULL;
	struct tib_error err = {0};
	sqlite3 *writer;
	unsigned long replaced = 0;
	(void)state;
	if (cycles < 20)
		cycles = 20;
	tu_path(path, sizeof(path), g_dir, "soak.db");
	tu_path(spare, sizeof(spare), g_dir, "spare.db");
	tu_path(tmp, sizeof(tmp), g_dir, "tmp.db");
	tu_make_beads_db(path, fixture_sql);
	tu_make_beads_db(spare, fixture_sql);
	memset(&r, 0, sizeof(r));
	r.store = open_store(path);
	assert_int_equal(store_load(r.store, timestamp_now(), &set, &err), TIB_OK);
	assert_int_equal(sqlite3_open(path, &writer), SQLITE_OK);

	for (i = 0; i < cycles; i++) {
		enum refresh_outcome outcome;
		if (i == cycles / 10) {
			/* measured after warm-up: caches and arenas at their size */
			rss_start = rss_kb();
			fds_start = open_fds();
		}
		snprintf(title, sizeof(title), "cycle-%ld", i);
		if (i % 10 == 9) {
			/* a re-import: a new file renamed over the old one */
			sqlite3_close(writer);
			copy_file(spare, tmp);
			assert_int_equal(rename(tmp, path), 0);
			assert_int_equal(sqlite3_open(path, &writer), SQLITE_OK);
			replaced++;
		}
		{
			char sql[256];
			/* as bd does: updated_at moves, so most cycles are incremental */
			snprintf(sql, sizeof(sql),
				 "UPDATE issues SET title = '%s', updated_at = strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now', '+%ld seconds') "
				 "WHERE id = 'r-1'", title, i);
			exec_sql(writer, sql);
		}
		outcome = refresher_run(&r, set, timestamp_now(), 0, &fresh, &err);
		if (outcome != REFRESH_RELOADED && outcome != REFRESH_REOPENED)
			fail_msg("cycle %ld: outcome %d (%s)", i, outcome, err.msg);
		assert_string_equal(issue_set_find(fresh, "r-1")->title, title);
		store_fold_wal(r.store); /* as the browser does once it has drawn */
		issue_set_free(set);
		set = fresh;
	}
	rss_end = rss_kb();
	fds_end = open_fds();
	sqlite3_close(writer);
	issue_set_free(set);
	store_close(r.store);
	fprintf(stderr, "soak: %ld cycles (%lu replacements, %lu reopens): RSS %ld -> %ld kB, fds %d -> %d\n",
		cycles, replaced, r.reopens, rss_start, rss_end, fds_start, fds_end);
	assert_int_equal(r.reopens, replaced);
	/* valgrind and ASan hold freed memory in quarantine: RSS means
	 * nothing there (they check leaks themselves) */
	if (getenv("TIB_SOAK_SKIP_RSS"))
		fprintf(stderr, "soak: RSS not checked under a memory checker\n");
	else
		assert_true(rss_end - rss_start < 1024);
	assert_int_equal(fds_end, fds_start);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_outcomes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_soak, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recover_sqlite, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recover_jsonl, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
