/* Shared helpers for the cmocka unit tests: temporary directories,
 * fixture databases with the real beads schema, and paths to ../shared.
 * Header-only so each test file is one self-contained binary. */
#ifndef TIB_TESTUTIL_H
#define TIB_TESTUTIL_H

#define _GNU_SOURCE 1
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "../../bench/beads_schema.h"
#include "../../model/issue.h"
#include "../../model/util.h"
#include "../../storage/store.h"

/* A fresh directory under $TMPDIR; removed with tu_rmtree. */
static inline void tu_mkdtemp(char *out, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(out, size, "%s/tib-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(out));
}

static inline int tu_rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static inline void tu_rmtree(const char *path)
{
	nftw(path, tu_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static inline void tu_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

static inline void tu_path(char *out, size_t size, const char *dir, const char *name)
{
	int n = snprintf(out, size, "%s/%s", dir, name);
	assert_true(n > 0 && (size_t)n < size);
}

/* Runs SQL (several statements) on a database file; fails the test on error. */
static inline void tu_exec(const char *db_path, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "SQL failed: %s\n%s\n", msg ? msg : "?", sql);
		sqlite3_free(msg);
		sqlite3_close(db);
		fail();
	}
	sqlite3_close(db);
}

/* A database with the exact beads v0.50.3 schema, then `extra_sql`. */
static inline void tu_make_beads_db(const char *db_path, const char *extra_sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	if (beads_schema_apply(db, &msg) != SQLITE_OK) {
		fprintf(stderr, "schema failed: %s\n", msg ? msg : "?");
		sqlite3_free(msg);
		sqlite3_close(db);
		fail();
	}
	sqlite3_close(db);
	if (extra_sql)
		tu_exec(db_path, extra_sql);
}

/* Opens and loads a database; fails the test on error. */
static inline struct issue_set *tu_load(const char *db_path, struct store **store_out)
{
	struct source src;
	struct store *store = NULL;
	struct issue_set *set = NULL;
	struct tib_error err = {0};
	memset(&src, 0, sizeof(src));
	src.kind = SOURCE_SQLITE;
	snprintf(src.path, sizeof(src.path), "%s", db_path);
	if (store_open(&src, &store, &err) != TIB_OK || store_load(store, timestamp_now(), &set, &err) != TIB_OK) {
		fprintf(stderr, "load failed: %s\n", err.msg);
		store_close(store);
		fail();
	}
	if (store_out)
		*store_out = store;
	else
		store_close(store);
	return set;
}

/* ../shared/data/NAME relative to the source tree (TIB_SHARED_DIR
 * overrides); returns 0 and prints a skip reason when it is absent. */
static inline int tu_shared_file(char *out, size_t size, const char *name)
{
	const char *dir = getenv("TIB_SHARED_DIR");
	snprintf(out, size, "%s/data/%s", dir && *dir ? dir : "../shared", name);
	if (access(out, R_OK) != 0) {
		fprintf(stderr, "skip: %s is absent (../shared/ only exists beside a developer checkout)\n", out);
		return 0;
	}
	return 1;
}

#ifdef TU_SCOPE
/* One temp dir per test, and the stores, sets and details it opened, kept
 * in globals so that the next test (or the group teardown) releases them
 * even after a test failed half way: valgrind then reports only real
 * leaks. A test file that wants this defines TU_SCOPE before including. */
static char g_tmp[PATH_MAX];
static struct store *g_stores[4];
static struct issue_set *g_sets[4];
static struct issue_detail g_detail, g_detail2;

static void track(void **slots, size_t n, void *p)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!slots[i]) {
			slots[i] = p;
			return;
		}
	fail_msg("too many live objects in one test");
}

static void untrack(void **slots, size_t n, const void *p)
{
	size_t i;
	for (i = 0; p && i < n; i++)
		if (slots[i] == p)
			slots[i] = NULL;
}

static void close_store(struct store *store)
{
	untrack((void **)g_stores, ARRAY_SIZE(g_stores), store);
	store_close(store);
}

static void free_set(struct issue_set *set)
{
	untrack((void **)g_sets, ARRAY_SIZE(g_sets), set);
	issue_set_free(set);
}

static void end(void)
{
	size_t i;
	issue_detail_free(&g_detail);
	issue_detail_free(&g_detail2);
	for (i = 0; i < ARRAY_SIZE(g_sets); i++)
		free_set(g_sets[i]);
	for (i = 0; i < ARRAY_SIZE(g_stores); i++)
		close_store(g_stores[i]);
	if (g_tmp[0]) {
		tu_rmtree(g_tmp);
		g_tmp[0] = '\0';
	}
}

static void begin(void)
{
	end();
	tu_mkdtemp(g_tmp, sizeof(g_tmp));
}

static int group_teardown(void **state)
{
	(void)state;
	end();
	return 0;
}

static void at(char *out, const char *name)
{
	tu_path(out, PATH_MAX, g_tmp, name);
}
#endif

#endif
