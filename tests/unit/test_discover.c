/* Finding the beads data: explicit PATH, a .beads directory's contents,
 * $BEADS_DIR / $BEADS_DB, .beads/redirect, and the walk up to the git root. */
#include "testutil.h"

/* One temp dir per test. Kept in globals so that the next test (or the
 * group teardown) cleans up after a test that failed half way, and the
 * working directory is always put back. */
static char g_tmp[PATH_MAX];
static char g_cwd[PATH_MAX];

static void env_clear(void)
{
	unsetenv("BEADS_DIR");
	unsetenv("BEADS_DB");
}

static void end(void)
{
	if (g_cwd[0]) {
		assert_int_equal(chdir(g_cwd), 0);
		g_cwd[0] = '\0';
	}
	env_clear();
	if (g_tmp[0]) {
		tu_rmtree(g_tmp);
		g_tmp[0] = '\0';
	}
}

/* Starts a test: a fresh temp dir (its real path, as getcwd reports it),
 * no BEADS_* variables, and the current directory saved. */
static void begin(void)
{
	char raw[PATH_MAX];
	end();
	env_clear();
	assert_non_null(getcwd(g_cwd, sizeof(g_cwd)));
	tu_mkdtemp(raw, sizeof(raw));
	assert_non_null(realpath(raw, g_tmp));
}

static int group_teardown(void **state)
{
	(void)state;
	end();
	return 0;
}

/* g_tmp/rel, created with its parents. */
static void mkdirs(const char *rel)
{
	char path[PATH_MAX];
	char *p;
	tu_path(path, sizeof(path), g_tmp, rel);
	for (p = path + strlen(g_tmp) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
		*p = '/';
	}
	assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
}

static void at(char *out, const char *rel)
{
	tu_path(out, PATH_MAX, g_tmp, rel);
}

static void write_at(const char *rel, const char *text)
{
	char path[PATH_MAX];
	at(path, rel);
	tu_write_file(path, text);
}

/* A real (tiny) SQLite database at g_tmp/rel. */
static void make_db(const char *rel)
{
	char path[PATH_MAX];
	at(path, rel);
	tu_exec(path, "CREATE TABLE issues(id TEXT PRIMARY KEY, title TEXT, status TEXT, priority INTEGER);");
}

static void cd_to(const char *rel)
{
	char path[PATH_MAX];
	at(path, rel);
	assert_int_equal(chdir(path), 0);
}

/* Same file on disk (paths found through redirects contain ".."). */
static void assert_same_file(const char *got, const char *rel)
{
	char want[PATH_MAX];
	struct stat a, b;
	at(want, rel);
	if (stat(got, &a) != 0 || stat(want, &b) != 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
		fprintf(stderr, "found %s, expected %s\n", got, want);
		fail();
	}
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle)) {
		fprintf(stderr, "message \"%s\" does not contain \"%s\"\n", haystack, needle);
		fail();
	}
}

static void assert_found(const char *arg, enum source_kind kind, const char *rel)
{
	struct source src;
	struct tib_error err = {0};
	enum tib_status st = source_find(arg, &src, &err);
	if (st != TIB_OK)
		fprintf(stderr, "source_find failed: %s\n", err.msg);
	assert_int_equal(st, TIB_OK);
	assert_int_equal(src.kind, kind);
	assert_same_file(src.path, rel);
}

static void assert_found_in(const char *beads_rel, enum source_kind kind, const char *rel)
{
	char dir[PATH_MAX];
	char want[PATH_MAX];
	struct source src;
	struct tib_error err = {0};
	enum tib_status st;
	at(dir, beads_rel);
	at(want, rel);
	memset(&src, 0, sizeof(src));
	st = source_find_in_beads_dir(dir, &src, &err);
	if (st != TIB_OK)
		fprintf(stderr, "source_find_in_beads_dir failed: %s\n", err.msg);
	assert_int_equal(st, TIB_OK);
	assert_int_equal(src.kind, kind);
	assert_string_equal(src.path, want);
}

/* ---- explicit PATH */

static void test_arg_sqlite_file(void **state)
{
	char path[PATH_MAX];
	(void)state;
	begin();
	make_db("my-issues.sqlite");
	at(path, "my-issues.sqlite");
	assert_found(path, SOURCE_SQLITE, "my-issues.sqlite");
	end();
}

static void test_arg_jsonl_file(void **state)
{
	char path[PATH_MAX];
	struct source src;
	struct tib_error err = {0};
	(void)state;
	begin();
	write_at("export.jsonl", "{\"id\":\"a-1\",\"title\":\"x\"}\n");
	at(path, "export.jsonl");
	assert_int_equal(source_find(path, &src, &err), TIB_OK);
	assert_int_equal(src.kind, SOURCE_JSONL);
	assert_string_equal(src.path, path);
	end();
}

static void test_arg_json_content_other_name(void **state)
{
	char path[PATH_MAX];
	(void)state;
	begin();
	write_at("x.data", "{\"id\":\"a-1\",\"title\":\"x\",\"priority\":2}\n");
	at(path, "x.data");
	assert_found(path, SOURCE_JSONL, "x.data");
	end();
}

static void test_arg_project_dir(void **state)
{
	char path[PATH_MAX];
	(void)state;
	begin();
	mkdirs("proj/.beads");
	make_db("proj/.beads/beads.db");
	write_at("proj/.beads/issues.jsonl", "{}\n");
	at(path, "proj");
	assert_found(path, SOURCE_SQLITE, "proj/.beads/beads.db");
	/* a trailing slash is the same directory */
	at(path, "proj/");
	assert_found(path, SOURCE_SQLITE, "proj/.beads/beads.db");
	end();
}

static void test_arg_beads_dir_itself(void **state)
{
	char path[PATH_MAX];
	(void)state;
	begin();
	mkdirs("proj/.beads");
	make_db("proj/.beads/beads.db");
	at(path, "proj/.beads");
	assert_found(path, SOURCE_SQLITE, "proj/.beads/beads.db");
	end();
}

static void test_arg_relative_path(void **state)
{
	(void)state;
	begin();
	mkdirs("proj/.beads");
	make_db("proj/.beads/beads.db");
	cd_to("proj");
	assert_found(".", SOURCE_SQLITE, "proj/.beads/beads.db");
	assert_found(".beads", SOURCE_SQLITE, "proj/.beads/beads.db");
	end();
}

static void test_arg_missing(void **state)
{
	char path[PATH_MAX];
	struct source src;
	struct tib_error err = {0};
	(void)state;
	begin();
	at(path, "no-such-file.db");
	assert_int_equal(source_find(path, &src, &err), TIB_ERR_NOT_FOUND);
	assert_int_equal(err.status, TIB_ERR_NOT_FOUND);
	assert_contains(err.msg, path);
	end();
}

/* An explicit PATH wins over the environment. */
static void test_arg_beats_env(void **state)
{
	char path[PATH_MAX], other[PATH_MAX];
	(void)state;
	begin();
	mkdirs("a/.beads");
	mkdirs("b/.beads");
	make_db("a/.beads/beads.db");
	make_db("b/.beads/beads.db");
	at(other, "b/.beads");
	setenv("BEADS_DIR", other, 1);
	at(path, "a");
	assert_found(path, SOURCE_SQLITE, "a/.beads/beads.db");
	end();
}

/* ---- inside one .beads directory */

static void test_dir_metadata_database_wins(void **state)
{
	(void)state;
	begin();
	mkdirs(".beads");
	make_db(".beads/beads.db");
	make_db(".beads/custom.db");
	make_db(".beads/aaa.db");
	write_at(".beads/metadata.json", "{\"database\": \"custom.db\", \"jsonl_export\": \"issues.jsonl\"}\n");
	assert_found_in(".beads", SOURCE_SQLITE, ".beads/custom.db");
	end();
}

/* metadata.json naming a file that is not there: fall back to beads.db. */
static void test_dir_metadata_database_missing(void **state)
{
	(void)state;
	begin();
	mkdirs(".beads");
	make_db(".beads/beads.db");
	write_at(".beads/metadata.json", "{\"database\": \"gone.db\"}\n");
	assert_found_in(".beads", SOURCE_SQLITE, ".beads/beads.db");
	end();
}

static void test_dir_beads_db_beats_other(void **state)
{
	(void)state;
	begin();
	mkdirs(".beads");
	make_db(".beads/aaa.db");
	make_db(".beads/beads.db");
	make_db(".beads/other.db");
	assert_found_in(".beads", SOURCE_SQLITE, ".beads/beads.db");
	end();
}

static void test_dir_other_db_skips_backup_and_vc(void **state)
{
	(void)state;
	begin();
	mkdirs(".beads");
	make_db(".beads/beads.backup.db");
	make_db(".beads/a.backup.db");
	make_db(".beads/vc.db");
	make_db(".beads/zz.db");
	make_db(".beads/zeta.db");
	make_db(".beads/yak.db");
	make_db(".beads/xray.db");
	make_db(".beads/wolf.db");
	make_db(".beads/wasp.db");
	write_at(".beads/issues.jsonl", "{}\n");
	/* the first by name of the rest (vc.db sorts before them), whatever
	 * order the directory lists them in */
	assert_found_in(".beads", SOURCE_SQLITE, ".beads/wasp.db");
	end();
}

static void test_dir_only_skipped_dbs_falls_to_jsonl(void **state)
{
	(void)state;
	begin();
	mkdirs(".beads");
	make_db(".beads/beads.backup.db");
	make_db(".beads/vc.db");
	write_at(".beads/issues.jsonl", "{}\n");
	assert_found_in(".beads", SOURCE_JSONL, ".beads/issues.jsonl");
	end();
}

static void test_dir_jsonl_export_from_metadata(void **state)
{
	(void)state;
	begin();
	mkdirs(".beads");
	write_at(".beads/metadata.json", "{\"database\": \"beads.db\", \"jsonl_export\": \"export.jsonl\"}");
	write_at(".beads/export.jsonl", "{}\n");
	write_at(".beads/issues.jsonl", "{}\n");
	write_at(".beads/beads.jsonl", "{}\n");
	assert_found_in(".beads", SOURCE_JSONL, ".beads/export.jsonl");
	end();
}

static void test_dir_issues_jsonl_beats_beads_jsonl(void **state)
{
	(void)state;
	begin();
	mkdirs(".beads");
	write_at(".beads/issues.jsonl", "{}\n");
	write_at(".beads/beads.jsonl", "{}\n");
	assert_found_in(".beads", SOURCE_JSONL, ".beads/issues.jsonl");
	end();
}

static void test_dir_beads_jsonl(void **state)
{
	(void)state;
	begin();
	mkdirs(".beads");
	write_at(".beads/beads.jsonl", "{}\n");
	write_at(".beads/notes.txt", "not data\n");
	assert_found_in(".beads", SOURCE_JSONL, ".beads/beads.jsonl");
	end();
}

static void test_dir_nothing(void **state)
{
	char dir[PATH_MAX];
	struct source src;
	struct tib_error err = {0};
	(void)state;
	begin();
	mkdirs(".beads");
	write_at(".beads/config.yaml", "prefix: x\n");
	at(dir, ".beads");
	assert_int_equal(source_find_in_beads_dir(dir, &src, &err), TIB_ERR_NOT_FOUND);
	assert_int_equal(err.status, TIB_ERR_NOT_FOUND);
	assert_contains(err.msg, dir);
	end();
}

/* ---- environment */

static void test_env_beads_dir_wins(void **state)
{
	char dir[PATH_MAX], db[PATH_MAX];
	(void)state;
	begin();
	mkdirs("envdir");
	make_db("envdir/beads.db");
	make_db("envdb.db");
	mkdirs("cwd/.beads");
	mkdirs("cwd/.git");
	make_db("cwd/.beads/beads.db");
	at(dir, "envdir");
	at(db, "envdb.db");
	setenv("BEADS_DIR", dir, 1);
	setenv("BEADS_DB", db, 1);
	cd_to("cwd");
	assert_found(NULL, SOURCE_SQLITE, "envdir/beads.db");
	/* without BEADS_DIR, BEADS_DB wins over the walk */
	unsetenv("BEADS_DIR");
	assert_found(NULL, SOURCE_SQLITE, "envdb.db");
	/* and without either, the walk finds cwd/.beads */
	unsetenv("BEADS_DB");
	assert_found(NULL, SOURCE_SQLITE, "cwd/.beads/beads.db");
	end();
}

/* An empty variable counts as unset. */
static void test_env_empty_is_unset(void **state)
{
	(void)state;
	begin();
	mkdirs("cwd/.beads");
	mkdirs("cwd/.git");
	make_db("cwd/.beads/beads.db");
	setenv("BEADS_DIR", "", 1);
	setenv("BEADS_DB", "", 1);
	cd_to("cwd");
	assert_found(NULL, SOURCE_SQLITE, "cwd/.beads/beads.db");
	end();
}

static void test_env_redirect_relative(void **state)
{
	char dir[PATH_MAX];
	(void)state;
	begin();
	mkdirs("proj/.beads");
	mkdirs("shared/.beads");
	make_db("shared/.beads/beads.db");
	/* resolved against proj/ (the parent of the redirecting .beads) */
	write_at("proj/.beads/redirect", "# where the real data lives\n\n   \n../shared/.beads\n");
	at(dir, "proj/.beads");
	setenv("BEADS_DIR", dir, 1);
	assert_found(NULL, SOURCE_SQLITE, "shared/.beads/beads.db");
	end();
}

/* `BEADS_DIR=proj/.beads/` (tab completion adds the slash) names the same
 * .beads directory, so the redirect resolves the same way. */
static void test_env_redirect_trailing_slash(void **state)
{
	char dir[PATH_MAX];
	(void)state;
	begin();
	mkdirs("proj/.beads");
	mkdirs("shared/.beads");
	make_db("shared/.beads/beads.db");
	write_at("proj/.beads/redirect", "../shared/.beads\n");
	at(dir, "proj/.beads/");
	setenv("BEADS_DIR", dir, 1);
	assert_found(NULL, SOURCE_SQLITE, "shared/.beads/beads.db");
	end();
}

static void test_env_redirect_one_level_only(void **state)
{
	char dir[PATH_MAX];
	(void)state;
	begin();
	mkdirs("proj/.beads");
	mkdirs("second/.beads");
	mkdirs("third/.beads");
	make_db("second/.beads/beads.db");
	make_db("third/.beads/beads.db");
	write_at("proj/.beads/redirect", "../second/.beads\n");
	write_at("second/.beads/redirect", "../third/.beads\n");
	at(dir, "proj/.beads");
	setenv("BEADS_DIR", dir, 1);
	assert_found(NULL, SOURCE_SQLITE, "second/.beads/beads.db");
	end();
}

static void test_env_redirect_absolute(void **state)
{
	char dir[PATH_MAX], target[PATH_MAX], text[PATH_MAX + 16];
	(void)state;
	begin();
	mkdirs("proj/.beads");
	mkdirs("elsewhere/data");
	make_db("proj/.beads/beads.db");
	make_db("elsewhere/data/beads.db");
	at(target, "elsewhere/data");
	snprintf(text, sizeof(text), "%s\r\n", target);
	write_at("proj/.beads/redirect", text);
	at(dir, "proj/.beads");
	setenv("BEADS_DIR", dir, 1);
	assert_found(NULL, SOURCE_SQLITE, "elsewhere/data/beads.db");
	end();
}

/* The redirect is followed from the cwd walk too. */
static void test_walk_follows_redirect(void **state)
{
	(void)state;
	begin();
	mkdirs("proj/.git");
	mkdirs("proj/.beads");
	mkdirs("proj/src");
	mkdirs("shared/.beads");
	make_db("shared/.beads/beads.db");
	write_at("proj/.beads/redirect", "../shared/.beads\n");
	cd_to("proj/src");
	assert_found(NULL, SOURCE_SQLITE, "shared/.beads/beads.db");
	end();
}

static void test_env_beads_dir_not_a_dir(void **state)
{
	char path[PATH_MAX];
	struct source src;
	struct tib_error err = {0};
	(void)state;
	begin();
	make_db("file.db");
	at(path, "file.db");
	setenv("BEADS_DIR", path, 1);
	assert_int_not_equal(source_find(NULL, &src, &err), TIB_OK);
	assert_int_not_equal(err.status, TIB_OK);
	assert_contains(err.msg, path);
	assert_contains(err.msg, "BEADS_DIR");

	at(path, "missing-dir");
	setenv("BEADS_DIR", path, 1);
	memset(&err, 0, sizeof(err));
	assert_int_equal(source_find(NULL, &src, &err), TIB_ERR_NOT_FOUND);
	assert_contains(err.msg, path);
	end();
}

static void test_env_beads_dir_empty_dir(void **state)
{
	char dir[PATH_MAX];
	struct source src;
	struct tib_error err = {0};
	(void)state;
	begin();
	mkdirs("empty");
	mkdirs("cwd/.beads");
	mkdirs("cwd/.git");
	make_db("cwd/.beads/beads.db");
	at(dir, "empty");
	setenv("BEADS_DIR", dir, 1);
	cd_to("cwd");
	/* BEADS_DIR is authoritative: no silent fallback to the walk */
	assert_int_equal(source_find(NULL, &src, &err), TIB_ERR_NOT_FOUND);
	assert_contains(err.msg, dir);
	end();
}

static void test_env_beads_db_file(void **state)
{
	char path[PATH_MAX];
	(void)state;
	begin();
	make_db("custom-name.db");
	at(path, "custom-name.db");
	setenv("BEADS_DB", path, 1);
	assert_found(NULL, SOURCE_SQLITE, "custom-name.db");
	end();
}

static void test_env_beads_db_missing(void **state)
{
	char path[PATH_MAX];
	struct source src;
	struct tib_error err = {0};
	(void)state;
	begin();
	mkdirs("cwd/.beads");
	mkdirs("cwd/.git");
	make_db("cwd/.beads/beads.db");
	at(path, "missing.db");
	setenv("BEADS_DB", path, 1);
	cd_to("cwd");
	assert_int_equal(source_find(NULL, &src, &err), TIB_ERR_NOT_FOUND);
	assert_contains(err.msg, path);
	end();
}

/* ---- walking up from the current directory */

static void test_walk_finds_ancestor(void **state)
{
	(void)state;
	begin();
	mkdirs("repo/.git");
	mkdirs("repo/.beads");
	mkdirs("repo/a/b/c");
	make_db("repo/.beads/beads.db");
	cd_to("repo/a/b/c");
	assert_found(NULL, SOURCE_SQLITE, "repo/.beads/beads.db");
	end();
}

/* The nearest .beads wins over one further up. */
static void test_walk_nearest_wins(void **state)
{
	(void)state;
	begin();
	mkdirs("repo/.git");
	mkdirs("repo/.beads");
	mkdirs("repo/sub/.beads");
	mkdirs("repo/sub/deeper");
	make_db("repo/.beads/beads.db");
	make_db("repo/sub/.beads/beads.db");
	cd_to("repo/sub/deeper");
	assert_found(NULL, SOURCE_SQLITE, "repo/sub/.beads/beads.db");
	end();
}

/* A .beads with no data in it does not end the walk. */
static void test_walk_skips_empty_beads(void **state)
{
	(void)state;
	begin();
	mkdirs("repo/.git");
	mkdirs("repo/.beads");
	mkdirs("repo/sub/.beads");
	make_db("repo/.beads/beads.db");
	cd_to("repo/sub");
	assert_found(NULL, SOURCE_SQLITE, "repo/.beads/beads.db");
	end();
}

static void test_walk_stops_at_git_root(void **state)
{
	char sub[PATH_MAX], root[PATH_MAX];
	struct source src;
	struct tib_error err = {0};
	(void)state;
	begin();
	mkdirs(".beads");
	make_db(".beads/beads.db");
	mkdirs("repo/.git");
	mkdirs("repo/sub");
	cd_to("repo/sub");
	assert_int_equal(source_find(NULL, &src, &err), TIB_ERR_NOT_FOUND);
	assert_int_equal(err.status, TIB_ERR_NOT_FOUND);
	at(sub, "repo/sub/.beads");
	at(root, "repo/.beads");
	assert_contains(err.msg, sub);
	assert_contains(err.msg, root);
	{
		/* every listed place is inside repo/: the .beads above the
		 * git root was not looked at */
		char repo[PATH_MAX];
		const char *p = err.msg;
		int count = 0;
		at(repo, "repo/");
		while ((p = strstr(p, g_tmp)) != NULL) {
			assert_memory_equal(p, repo, strlen(repo));
			p += strlen(g_tmp);
			count++;
		}
		assert_int_equal(count, 2);
	}
	end();
}

/* In a git worktree or submodule .git is a file; it still ends the walk. */
static void test_walk_stops_at_git_file(void **state)
{
	struct source src;
	struct tib_error err = {0};
	(void)state;
	begin();
	mkdirs(".beads");
	make_db(".beads/beads.db");
	mkdirs("wt/sub");
	write_at("wt/.git", "gitdir: /somewhere/else\n");
	cd_to("wt/sub");
	assert_int_equal(source_find(NULL, &src, &err), TIB_ERR_NOT_FOUND);
	end();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arg_sqlite_file),
		cmocka_unit_test(test_arg_jsonl_file),
		cmocka_unit_test(test_arg_json_content_other_name),
		cmocka_unit_test(test_arg_project_dir),
		cmocka_unit_test(test_arg_beads_dir_itself),
		cmocka_unit_test(test_arg_relative_path),
		cmocka_unit_test(test_arg_missing),
		cmocka_unit_test(test_arg_beats_env),
		cmocka_unit_test(test_dir_metadata_database_wins),
		cmocka_unit_test(test_dir_metadata_database_missing),
		cmocka_unit_test(test_dir_beads_db_beats_other),
		cmocka_unit_test(test_dir_other_db_skips_backup_and_vc),
		cmocka_unit_test(test_dir_only_skipped_dbs_falls_to_jsonl),
		cmocka_unit_test(test_dir_jsonl_export_from_metadata),
		cmocka_unit_test(test_dir_issues_jsonl_beats_beads_jsonl),
		cmocka_unit_test(test_dir_beads_jsonl),
		cmocka_unit_test(test_dir_nothing),
		cmocka_unit_test(test_env_beads_dir_wins),
		cmocka_unit_test(test_env_empty_is_unset),
		cmocka_unit_test(test_env_redirect_relative),
		cmocka_unit_test(test_env_redirect_trailing_slash),
		cmocka_unit_test(test_env_redirect_one_level_only),
		cmocka_unit_test(test_env_redirect_absolute),
		cmocka_unit_test(test_walk_follows_redirect),
		cmocka_unit_test(test_env_beads_dir_not_a_dir),
		cmocka_unit_test(test_env_beads_dir_empty_dir),
		cmocka_unit_test(test_env_beads_db_file),
		cmocka_unit_test(test_env_beads_db_missing),
		cmocka_unit_test(test_walk_finds_ancestor),
		cmocka_unit_test(test_walk_nearest_wins),
		cmocka_unit_test(test_walk_skips_empty_beads),
		cmocka_unit_test(test_walk_stops_at_git_root),
		cmocka_unit_test(test_walk_stops_at_git_file),
	};
	return cmocka_run_group_tests(tests, NULL, group_teardown);
}
