/* The SQLite store: loading a real beads v0.50.3 database, tolerating old
 * schemas, clear errors, never writing, change detection and reopen. */
#define TU_SCOPE
#include "testutil.h"

static void sqlite_source(struct source *src, const char *path)
{
	memset(src, 0, sizeof(*src));
	src->kind = SOURCE_SQLITE;
	snprintf(src->path, sizeof(src->path), "%s", path);
}

static struct store *open_ok(const char *path)
{
	struct source src;
	struct store *store = NULL;
	struct tib_error err = {0};
	enum tib_status st;
	sqlite_source(&src, path);
	st = store_open(&src, &store, &err);
	if (st != TIB_OK)
		fprintf(stderr, "store_open failed: %s\n", err.msg);
	assert_int_equal(st, TIB_OK);
	assert_non_null(store);
	track((void **)g_stores, ARRAY_SIZE(g_stores), store);
	return store;
}

static struct issue_set *load_ok(struct store *store)
{
	struct issue_set *set = NULL;
	struct tib_error err = {0};
	enum tib_status st = store_load(store, timestamp_now(), &set, &err);
	if (st != TIB_OK)
		fprintf(stderr, "store_load failed: %s\n", err.msg);
	assert_int_equal(st, TIB_OK);
	assert_non_null(set);
	track((void **)g_sets, ARRAY_SIZE(g_sets), set);
	return set;
}

static const struct issue *find(const struct issue_set *set, const char *id)
{
	const struct issue *issue = issue_set_find(set, id);
	if (!issue)
		fprintf(stderr, "issue %s not loaded\n", id);
	assert_non_null(issue);
	return issue;
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle)) {
		fprintf(stderr, "message \"%s\" does not contain \"%s\"\n", haystack, needle);
		fail();
	}
}

/* Opening `path` fails with `want` and a message containing `needle`. */
static void assert_open_fails(const char *path, enum tib_status want, const char *needle)
{
	struct source src;
	struct store *store = (struct store *)&src; /* must be reset to NULL */
	struct tib_error err = {0};
	sqlite_source(&src, path);
	assert_int_equal(store_open(&src, &store, &err), want);
	assert_null(store);
	assert_int_equal(err.status, want);
	assert_true(err.msg[0] != '\0');
	if (needle)
		assert_contains(err.msg, needle);
}

/* The whole file, or NULL with *len 0 when it does not exist. */
static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data;
	long size;
	*len = 0;
	if (!f)
		return NULL;
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size >= 0);
	assert_int_equal(fseek(f, 0, SEEK_SET), 0);
	data = malloc((size_t)size + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	*len = (size_t)size;
	return data;
}

static off_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_size : -1;
}

/* Another process's write that stays in the -wal file: no checkpoint
 * while writing, none at close. */
static void write_into_wal(const char *db_path, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA wal_autocheckpoint=0;", NULL, NULL, NULL), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "SQL failed: %s\n", msg ? msg : "?");
		sqlite3_free(msg);
		sqlite3_close(db);
		fail();
	}
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

/* ---- a real v0.50.3 database */

static const char fixture_sql[] =
	"INSERT INTO issues (id, title, description, design, acceptance_criteria, notes, status, priority,"
	"  issue_type, assignee, owner, created_by, created_at, updated_at, closed_at, close_reason) VALUES"
	" ('tb-a1', 'Fix the parser', 'The parser drops the last line.', 'Use a state machine.',"
	"  'All fixtures parse.', 'See thread.', 'open', 1, 'bug', 'alice', 'olga', 'carl',"
	"  '2026-01-17T17:38:21.123456Z', '2026-01-18 09:30:00', NULL, ''),"
	" ('tb-b2', 'Write the docs', '', '', '', '', 'in_progress', 3, 'feature', 'bob', '', '',"
	"  '2026-01-10T08:00:00+02:00', '2026-01-11T08:00:00+02:00', NULL, ''),"
	" ('tb-c3', 'Old cleanup', '', '', '', '', 'closed', 0, 'chore', NULL, '', '',"
	"  '2025-12-01 10:00:00', '2025-12-02 10:00:00', '2025-12-02 10:00:00', 'done'),"
	" ('tb-e4', 'Big epic', '', '', '', '', 'open', 2, 'epic', '', '', '',"
	"  '2025-11-01T00:00:00Z', '2025-11-01T00:00:00Z', NULL, '');"
	"INSERT INTO labels (issue_id, label) VALUES ('tb-a1', 'zeta'), ('tb-a1', 'alpha'),"
	" ('tb-a1', 'mid'), ('tb-b2', 'docs'), ('tb-ghost', 'orphan');"
	"INSERT INTO dependencies (issue_id, depends_on_id, type, created_by) VALUES"
	" ('tb-a1', 'tb-b2', 'blocks', 'x'),"
	" ('tb-a1', 'external:proj:cap', 'blocks', 'x'),"
	" ('tb-b2', 'tb-e4', 'parent-child', 'x'),"
	" ('tb-c3', 'tb-a1', 'related', 'x'),"
	" ('tb-ghost', 'tb-a1', 'blocks', 'x');"
	"INSERT INTO comments (issue_id, author, text, created_at) VALUES"
	" ('tb-a1', 'carol', 'second', '2026-01-19 12:00:00'),"
	" ('tb-a1', 'dave', 'third', '2026-01-20 08:00:00'),"
	" ('tb-a1', 'erin', 'first', '2026-01-18 10:00:00'),"
	" ('tb-b2', 'bob', 'on it', '2026-01-12 10:00:00'),"
	" ('tb-ghost', 'nobody', 'lost', '2026-01-12 10:00:00');";

static void test_load_v0503(void **state)
{
	char path[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	const struct issue *a, *b, *c, *e;
	uint32_t ia, ib, ie;
	uint32_t i;
	(void)state;
	begin();
	at(path, "beads.db");
	tu_make_beads_db(path, fixture_sql);
	store = open_ok(path);
	assert_string_equal(store_path(store), path);
	set = load_ok(store);

	assert_int_equal(set->count, 4);
	a = find(set, "tb-a1");
	b = find(set, "tb-b2");
	c = find(set, "tb-c3");
	e = find(set, "tb-e4");
	ia = issue_set_index_of(set, "tb-a1");
	ib = issue_set_index_of(set, "tb-b2");
	ie = issue_set_index_of(set, "tb-e4");
	assert_null(issue_set_find(set, "tb-ghost"));

	/* list fields */
	assert_string_equal(a->title, "Fix the parser");
	assert_string_equal(a->status, "open");
	assert_int_equal(a->status_kind, STATUS_OPEN);
	assert_int_equal(a->priority, 1);
	assert_string_equal(a->issue_type, "bug");
	assert_string_equal(a->assignee, "alice");
	assert_string_equal(a->owner, "olga");
	assert_string_equal(a->created_by, "carl");
	assert_string_equal(b->status, "in_progress");
	assert_int_equal(b->status_kind, STATUS_IN_PROGRESS);
	assert_int_equal(b->priority, 3);
	assert_string_equal(b->issue_type, "feature");
	assert_string_equal(c->status, "closed");
	assert_int_equal(c->status_kind, STATUS_CLOSED);
	assert_int_equal(c->priority, 0);
	assert_string_equal(c->issue_type, "chore");
	assert_string_equal(c->assignee, ""); /* NULL: unassigned */
	assert_string_equal(c->close_reason, "done");
	assert_string_equal(e->issue_type, "epic");

	/* timestamps, parsed the way timestamp_parse reads the same text */
	assert_true(a->created_at != TIME_NONE);
	assert_true(a->created_at == timestamp_parse("2026-01-17T17:38:21.123456Z"));
	assert_true(a->updated_at == timestamp_parse("2026-01-18 09:30:00"));
	assert_true(a->closed_at == TIME_NONE);
	assert_true(b->created_at == timestamp_parse("2026-01-10T08:00:00+02:00"));
	assert_true(b->created_at == timestamp_parse("2026-01-10T06:00:00Z"));
	assert_true(c->closed_at == timestamp_parse("2025-12-02 10:00:00"));
	assert_true(c->closed_at != TIME_NONE);

	/* labels, sorted by name; the orphan label is attached nowhere */
	assert_int_equal(a->label_count, 3);
	assert_string_equal(a->labels[0], "alpha");
	assert_string_equal(a->labels[1], "mid");
	assert_string_equal(a->labels[2], "zeta");
	assert_int_equal(b->label_count, 1);
	assert_string_equal(b->labels[0], "docs");
	assert_int_equal(c->label_count, 0);
	assert_int_equal(e->label_count, 0);

	/* dependencies: tb-a1 depends on tb-b2 and on an external issue */
	assert_int_equal(set->dep_count, 4);
	assert_int_equal(set->dropped_deps, 1); /* the row of tb-ghost */
	assert_int_equal(a->dep_count, 2);
	{
		int saw_b = 0, saw_ext = 0;
		for (i = 0; i < a->dep_count; i++) {
			const struct dep *d = &set->deps[a->dep_first + i];
			assert_int_equal(d->from, ia);
			if (strcmp(d->to_id, "tb-b2") == 0) {
				assert_int_equal(d->to, ib);
				assert_string_equal(d->type, "blocks");
				assert_int_equal(d->kind, DEP_BLOCKS);
				saw_b = 1;
			} else {
				assert_string_equal(d->to_id, "external:proj:cap");
				assert_int_equal(d->to, ISSUE_NONE);
				saw_ext = 1;
			}
		}
		assert_true(saw_b && saw_ext);
	}
	assert_int_equal(b->dep_count, 1);
	assert_int_equal(set->deps[b->dep_first].to, ie);
	assert_int_equal(set->deps[b->dep_first].kind, DEP_PARENT_CHILD);
	assert_int_equal(c->dep_count, 1);
	assert_int_equal(set->deps[c->dep_first].kind, DEP_RELATED);
	assert_int_equal(e->dep_count, 0);

	/* reverse: tb-a1 is depended on by tb-c3 (ghost's row is gone) */
	assert_int_equal(a->rdep_count, 1);
	assert_string_equal(set->issues[set->deps[set->rdeps[a->rdep_first]].from].id, "tb-c3");
	assert_int_equal(b->rdep_count, 1);
	assert_int_equal(set->deps[set->rdeps[b->rdep_first]].from, ia);
	assert_int_equal(e->rdep_count, 1);
	assert_int_equal(set->deps[set->rdeps[e->rdep_first]].from, ib);
	assert_int_equal(c->rdep_count, 0);

	/* tb-a1 waits for tb-b2, which is in progress */
	assert_true(a->flags & ISSUE_BLOCKED);
	assert_false(a->flags & ISSUE_READY);

	assert_int_equal(a->comment_count, 3);
	assert_int_equal(b->comment_count, 1);
	assert_int_equal(c->comment_count, 0);

	free_set(set);
	close_store(store);
	end();
}

static void test_load_detail(void **state)
{
	char path[PATH_MAX];
	struct store *store;
	struct tib_error err = {0};
	(void)state;
	begin();
	at(path, "beads.db");
	tu_make_beads_db(path, fixture_sql);
	store = open_ok(path);

	assert_int_equal(store_load_detail(store, "tb-a1", &g_detail, &err), TIB_OK);
	assert_string_equal(g_detail.description, "The parser drops the last line.");
	assert_string_equal(g_detail.design, "Use a state machine.");
	assert_string_equal(g_detail.acceptance_criteria, "All fixtures parse.");
	assert_string_equal(g_detail.notes, "See thread.");
	assert_int_equal(g_detail.comment_count, 3);
	/* created_at order, not insertion order */
	assert_string_equal(g_detail.comments[0].author, "erin");
	assert_string_equal(g_detail.comments[0].text, "first");
	assert_true(g_detail.comments[0].created_at == timestamp_parse("2026-01-18 10:00:00"));
	assert_string_equal(g_detail.comments[1].author, "carol");
	assert_string_equal(g_detail.comments[1].text, "second");
	assert_string_equal(g_detail.comments[2].author, "dave");
	assert_string_equal(g_detail.comments[2].text, "third");
	assert_true(g_detail.comments[2].created_at == timestamp_parse("2026-01-20 08:00:00"));
	issue_detail_free(&g_detail);

	/* empty long fields come back as "" */
	assert_int_equal(store_load_detail(store, "tb-b2", &g_detail, &err), TIB_OK);
	assert_string_equal(g_detail.description, "");
	assert_string_equal(g_detail.notes, "");
	assert_int_equal(g_detail.comment_count, 1);
	assert_string_equal(g_detail.comments[0].text, "on it");
	issue_detail_free(&g_detail);

	/* the statements are reused: a second read of tb-a1 is the same */
	assert_int_equal(store_load_detail(store, "tb-a1", &g_detail, &err), TIB_OK);
	assert_int_equal(g_detail.comment_count, 3);
	assert_string_equal(g_detail.comments[0].text, "first");
	issue_detail_free(&g_detail);

	/* an id that is not there: nothing, and no stale data from before */
	assert_int_equal(store_load_detail(store, "tb-nope", &g_detail, &err), TIB_OK);
	assert_string_equal(g_detail.description, "");
	assert_int_equal(g_detail.comment_count, 0);
	issue_detail_free(&g_detail);

	close_store(store);
	end();
}

/* ---- column tolerance */

static void test_old_minimal_schema(void **state)
{
	char path[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	struct tib_error err = {0};
	const struct issue *x;
	(void)state;
	begin();
	at(path, "old.db");
	tu_exec(path, "CREATE TABLE issues(id, title, status, priority);"
		      "INSERT INTO issues VALUES ('old-1', 'First', 'open', 1),"
		      " ('old-2', 'Second', 'closed', 3), ('old-3', 'Third', NULL, 2);");
	store = open_ok(path);
	set = load_ok(store);
	assert_int_equal(set->count, 3);
	x = find(set, "old-1");
	assert_string_equal(x->title, "First");
	assert_int_equal(x->priority, 1);
	assert_string_equal(x->issue_type, "task");
	assert_int_equal(x->label_count, 0);
	assert_int_equal(x->dep_count, 0);
	assert_int_equal(x->comment_count, 0);
	assert_true(x->created_at == TIME_NONE);
	assert_string_equal(x->assignee, "");
	x = find(set, "old-2");
	assert_int_equal(x->status_kind, STATUS_CLOSED);
	assert_int_equal(x->priority, 3);
	x = find(set, "old-3");
	assert_string_equal(x->status, "open"); /* NULL status: open */
	free_set(set);

	assert_int_equal(store_load_detail(store, "old-1", &g_detail, &err), TIB_OK);
	assert_string_equal(g_detail.description, "");
	assert_int_equal(g_detail.comment_count, 0);
	issue_detail_free(&g_detail);
	close_store(store);
	end();
}

static void test_columns_other_order_and_extra(void **state)
{
	char path[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	struct tib_error err = {0};
	const struct issue *x;
	(void)state;
	begin();
	at(path, "mixed.db");
	tu_exec(path,
		"CREATE TABLE issues(notes TEXT, frobnicate INTEGER, updated_at TEXT, priority INTEGER,"
		" status TEXT, legacy_blob BLOB, title TEXT, issue_type TEXT, id TEXT PRIMARY KEY,"
		" assignee TEXT, created_at TEXT, description TEXT, zzz_future TEXT);"
		"INSERT INTO issues(id, title, status, priority, issue_type, assignee, created_at,"
		" updated_at, notes, description, frobnicate, legacy_blob, zzz_future) VALUES"
		" ('mx-1', 'Mixed order', 'blocked', 0, 'decision', 'zoe', '2024-05-06T07:08:09Z',"
		"  '2024-05-07T07:08:09Z', 'some notes', 'a description', 42, x'00ff', 'later');"
		"CREATE TABLE labels(label TEXT, extra TEXT, issue_id TEXT);"
		"INSERT INTO labels VALUES ('b-label', 'e', 'mx-1'), ('a-label', 'e', 'mx-1');"
		"CREATE TABLE dependencies(depends_on_id TEXT, issue_id TEXT);"
		"INSERT INTO dependencies VALUES ('mx-1', 'mx-2');"
		"INSERT INTO issues(id, title, status, priority) VALUES ('mx-2', 'Second', 'open', 4);");
	store = open_ok(path);
	set = load_ok(store);
	assert_int_equal(set->count, 2);
	x = find(set, "mx-1");
	assert_string_equal(x->title, "Mixed order");
	assert_string_equal(x->status, "blocked");
	assert_int_equal(x->status_kind, STATUS_BLOCKED);
	assert_int_equal(x->priority, 0);
	assert_string_equal(x->issue_type, "decision");
	assert_string_equal(x->assignee, "zoe");
	assert_true(x->created_at == timestamp_parse("2024-05-06T07:08:09Z"));
	assert_true(x->updated_at == timestamp_parse("2024-05-07T07:08:09Z"));
	assert_int_equal(x->label_count, 2);
	assert_string_equal(x->labels[0], "a-label");
	assert_string_equal(x->labels[1], "b-label");
	x = find(set, "mx-2");
	assert_int_equal(x->priority, 4);
	/* a dependencies table without `type`: blocks */
	assert_int_equal(x->dep_count, 1);
	assert_string_equal(set->deps[x->dep_first].to_id, "mx-1");
	assert_int_equal(set->deps[x->dep_first].kind, DEP_BLOCKS);
	free_set(set);

	assert_int_equal(store_load_detail(store, "mx-1", &g_detail, &err), TIB_OK);
	assert_string_equal(g_detail.description, "a description");
	assert_string_equal(g_detail.notes, "some notes");
	assert_string_equal(g_detail.design, "");
	issue_detail_free(&g_detail);
	close_store(store);
	end();
}

static void test_priority_out_of_range(void **state)
{
	char path[PATH_MAX];
	struct issue_set *set;
	size_t i;
	(void)state;
	begin();
	at(path, "prio.db");
	tu_exec(path, "CREATE TABLE issues(id TEXT, title TEXT, status TEXT, priority);"
		      "INSERT INTO issues VALUES ('p-text', 'Text', 'open', 'high'),"
		      " ('p-nine', 'Nine', 'open', 9), ('p-neg', 'Negative', 'open', -3),"
		      " ('p-null', 'Null', 'open', NULL),"
		      " ('p-real', 'Real', 'open', 2.5), ('p-blob', 'Blob', 'open', x'01');");
	set = tu_load(path, NULL);
	track((void **)g_sets, ARRAY_SIZE(g_sets), set);
	assert_int_equal(set->count, 6);
	for (i = 0; i < set->count; i++) {
		if (set->issues[i].priority > 4)
			fprintf(stderr, "%s: priority %d\n", set->issues[i].id, set->issues[i].priority);
		assert_true(set->issues[i].priority <= 4);
		assert_string_not_equal(priority_name(set->issues[i].priority), "unknown");
	}
	/* too large: the least urgent, not wrapped round into critical */
	assert_int_equal(find(set, "p-nine")->priority, 4);
	assert_int_equal(find(set, "p-neg")->priority, 0);
	/* unreadable: beads' default, medium */
	assert_int_equal(find(set, "p-text")->priority, 2);
	assert_int_equal(find(set, "p-null")->priority, 2);
	free_set(set);
	end();
}

/* A 64-bit value is clamped like 9 is, not cut to its low 32 bits
 * (4294967296 would read as 0, critical; 4294967297 as 1, high). */
static void test_priority_beyond_32_bits(void **state)
{
	char path[PATH_MAX];
	struct issue_set *set;
	(void)state;
	begin();
	at(path, "prio64.db");
	tu_exec(path, "CREATE TABLE issues(id TEXT, title TEXT, status TEXT, priority);"
		      "INSERT INTO issues VALUES ('p-2e32', 'Huge', 'open', 4294967296),"
		      " ('p-2e32p1', 'Huge+1', 'open', 4294967297),"
		      " ('p-2e31', 'Sign bit', 'open', 2147483648),"
		      " ('p-min', 'Very negative', 'open', -4294967295);");
	set = tu_load(path, NULL);
	track((void **)g_sets, ARRAY_SIZE(g_sets), set);
	assert_int_equal(find(set, "p-2e32")->priority, 4);
	assert_int_equal(find(set, "p-2e32p1")->priority, 4);
	assert_int_equal(find(set, "p-2e31")->priority, 4);
	assert_int_equal(find(set, "p-min")->priority, 0);
	free_set(set);
	end();
}

/* ---- errors */

static void test_error_no_issues_table(void **state)
{
	char path[PATH_MAX];
	(void)state;
	begin();
	at(path, "other.db");
	tu_exec(path, "CREATE TABLE tasks(id TEXT, title TEXT);");
	assert_open_fails(path, TIB_ERR_SCHEMA, "no table 'issues'");
	end();
}

static void test_error_no_title_column(void **state)
{
	char path[PATH_MAX];
	(void)state;
	begin();
	at(path, "notitle.db");
	tu_exec(path, "CREATE TABLE issues(id TEXT, summary TEXT, status TEXT, priority INTEGER);");
	assert_open_fails(path, TIB_ERR_SCHEMA, "'title'");
	end();
}

static void test_error_text_file(void **state)
{
	char path[PATH_MAX];
	(void)state;
	begin();
	at(path, "readme.db");
	tu_write_file(path, "These are my notes, not a database at all.\n");
	assert_open_fails(path, TIB_ERR_NOT_DB, path);
	end();
}

static void test_error_empty_file(void **state)
{
	char path[PATH_MAX];
	(void)state;
	begin();
	at(path, "empty.db");
	tu_write_file(path, "");
	assert_open_fails(path, TIB_ERR_NOT_DB, "empty");
	/* and it stays empty */
	assert_int_equal(file_size(path), 0);
	end();
}

/* Opening or loading fails cleanly; returns the status that failed. */
static enum tib_status open_and_load_status(const char *path, char *msg, size_t msg_size)
{
	struct source src;
	struct store *store = NULL;
	struct issue_set *set = NULL;
	struct tib_error err = {0};
	enum tib_status st;
	sqlite_source(&src, path);
	st = store_open(&src, &store, &err);
	if (st == TIB_OK) {
		st = store_load(store, timestamp_now(), &set, &err);
		if (st == TIB_OK)
			free_set(set);
		else
			assert_null(set);
		close_store(store);
	} else {
		assert_null(store);
	}
	snprintf(msg, msg_size, "%s", err.msg);
	return st;
}

static void test_error_header_then_garbage(void **state)
{
	char path[PATH_MAX], msg[512];
	unsigned char page[4096];
	FILE *f;
	size_t i;
	uint32_t x = 12345;
	(void)state;
	begin();
	at(path, "garbage.db");
	memcpy(page, "SQLite format 3", 16);
	for (i = 16; i < sizeof(page); i++) {
		x = x * 1103515245u + 12345u;
		page[i] = (unsigned char)(x >> 16);
	}
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(page, 1, sizeof(page), f), sizeof(page));
	assert_int_equal(fwrite(page, 1, sizeof(page), f), sizeof(page));
	assert_int_equal(fclose(f), 0);
	assert_int_equal(open_and_load_status(path, msg, sizeof(msg)), TIB_ERR_NOT_DB);
	assert_contains(msg, path);
	end();
}

/* A real database cut short (a partial copy): an error, not a crash. */
static void test_error_truncated(void **state)
{
	char path[PATH_MAX], msg[512];
	struct buf sql = {0};
	enum tib_status st;
	int i;
	(void)state;
	begin();
	at(path, "beads.db");
	buf_puts(&sql, "BEGIN;");
	for (i = 0; i < 300; i++)
		buf_printf(&sql,
			   "INSERT INTO issues(id, title, description) VALUES ('tr-%d', 'Title %d',"
			   " printf('%%.*c', 2000, 'x'));",
			   i, i);
	buf_puts(&sql, "COMMIT;");
	tu_make_beads_db(path, sql.data);
	buf_free(&sql);
	assert_true(file_size(path) > 100 * 4096);
	assert_int_equal(truncate(path, 8 * 4096), 0);
	st = open_and_load_status(path, msg, sizeof(msg));
	assert_true(st == TIB_ERR_NOT_DB || st == TIB_ERR_IO);
	assert_contains(msg, path);
	end();
}

static void test_error_missing_file_not_created(void **state)
{
	char path[PATH_MAX];
	(void)state;
	begin();
	at(path, "nothing-here.db");
	assert_open_fails(path, TIB_ERR_NOT_FOUND, path);
	assert_int_equal(access(path, F_OK), -1);
	at(path, "");
	assert_open_fails(path, TIB_ERR_IO, NULL); /* a directory */
	end();
}

/* ---- never writes */

static void test_open_never_writes_wal(void **state)
{
	char path[PATH_MAX], wal[PATH_MAX];
	unsigned char *before, *after;
	size_t before_len, after_len, wal_len_before;
	struct store *store;
	struct issue_set *set;
	(void)state;
	begin();
	at(path, "beads.db");
	at(wal, "beads.db-wal");
	tu_make_beads_db(path, "INSERT INTO issues(id, title) VALUES ('w-1', 'In the main file');");
	write_into_wal(path, "INSERT INTO issues(id, title) VALUES ('w-2', 'Only in the WAL');"
			     "INSERT INTO labels(issue_id, label) VALUES ('w-2', 'fresh');"
			     "UPDATE issues SET title = 'Renamed in the WAL' WHERE id = 'w-1';");
	/* the precondition: the new rows are in the -wal file only */
	assert_true(file_size(wal) > 0);
	wal_len_before = (size_t)file_size(wal);
	before = read_all(path, &before_len);
	assert_non_null(before);

	store = open_ok(path);
	set = load_ok(store);
	assert_int_equal(set->count, 2);
	assert_string_equal(find(set, "w-1")->title, "Renamed in the WAL");
	assert_string_equal(find(set, "w-2")->title, "Only in the WAL");
	assert_int_equal(find(set, "w-2")->label_count, 1);
	free_set(set);
	close_store(store);

	after = read_all(path, &after_len);
	assert_non_null(after);
	assert_int_equal(after_len, before_len);
	assert_memory_equal(before, after, before_len);
	/* the WAL is not checkpointed into the file nor removed */
	assert_int_equal((size_t)file_size(wal), wal_len_before);
	free(before);
	free(after);
	end();
}

/* A rollback-journal database (older bd, or a copy) keeps its mode. */
static void test_open_never_writes_rollback(void **state)
{
	char path[PATH_MAX], journal[PATH_MAX];
	unsigned char *before, *after;
	size_t before_len, after_len;
	struct store *store;
	struct issue_set *set;
	struct tib_error err = {0};
	(void)state;
	begin();
	at(path, "plain.db");
	at(journal, "plain.db-journal");
	tu_exec(path, "CREATE TABLE issues(id TEXT PRIMARY KEY, title TEXT, status TEXT, priority INTEGER,"
		      " description TEXT);"
		      "INSERT INTO issues VALUES ('r-1', 'One', 'open', 2, 'text');");
	before = read_all(path, &before_len);
	store = open_ok(path);
	set = load_ok(store);
	assert_int_equal(set->count, 1);
	free_set(set);
	assert_int_equal(store_load_detail(store, "r-1", &g_detail, &err), TIB_OK);
	assert_string_equal(g_detail.description, "text");
	issue_detail_free(&g_detail);
	assert_int_equal(store_poll(store), STORE_UNCHANGED);
	close_store(store);
	after = read_all(path, &after_len);
	assert_int_equal(after_len, before_len);
	assert_memory_equal(before, after, before_len);
	assert_int_equal(access(journal, F_OK), -1);
	free(before);
	free(after);
	end();
}

static void test_read_only_file(void **state)
{
	char path[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	(void)state;
	begin();
	at(path, "beads.db");
	tu_make_beads_db(path, "INSERT INTO issues(id, title) VALUES ('ro-1', 'Read me');");
	assert_int_equal(chmod(path, 0444), 0);
	store = open_ok(path);
	set = load_ok(store);
	assert_int_equal(set->count, 1);
	assert_string_equal(find(set, "ro-1")->title, "Read me");
	free_set(set);
	/* as root the file is writable anyway, so only check as a user */
	if (geteuid() != 0)
		assert_true(store_is_read_only(store));
	close_store(store);

	assert_int_equal(chmod(path, 0644), 0);
	store = open_ok(path);
	assert_false(store_is_read_only(store));
	close_store(store);
	end();
}

/* ---- change detection */

static void test_poll_data_changed(void **state)
{
	char path[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	(void)state;
	begin();
	at(path, "beads.db");
	tu_make_beads_db(path, "INSERT INTO issues(id, title) VALUES ('pc-1', 'Before');");
	store = open_ok(path);
	set = load_ok(store);
	assert_string_equal(find(set, "pc-1")->title, "Before");
	free_set(set);
	assert_int_equal(store_poll(store), STORE_UNCHANGED);
	assert_int_equal(store_poll(store), STORE_UNCHANGED);

	/* bd's write: one transaction from another connection */
	tu_exec(path, "BEGIN IMMEDIATE; UPDATE issues SET title = 'After', updated_at = "
		      "CURRENT_TIMESTAMP WHERE id = 'pc-1'; INSERT INTO issues(id, title) VALUES"
		      " ('pc-2', 'Added'); COMMIT;");
	assert_int_equal(store_poll(store), STORE_DATA_CHANGED);
	assert_int_equal(store_poll(store), STORE_UNCHANGED);
	set = load_ok(store);
	assert_int_equal(set->count, 2);
	assert_string_equal(find(set, "pc-1")->title, "After");
	assert_string_equal(find(set, "pc-2")->title, "Added");
	free_set(set);
	assert_int_equal(store_poll(store), STORE_UNCHANGED);

	/* a change between two polls is seen by the load that follows even
	 * when nobody polled first */
	tu_exec(path, "UPDATE issues SET title = 'Again' WHERE id = 'pc-1';");
	set = load_ok(store);
	assert_string_equal(find(set, "pc-1")->title, "Again");
	free_set(set);
	assert_int_equal(store_poll(store), STORE_UNCHANGED);
	close_store(store);
	end();
}

/* The file at the path is replaced (rename over it, as `cp` + `mv` or a
 * restore would do); polling says so and reopen reads the new file. */
static void test_poll_file_replaced(void **state)
{
	char path[PATH_MAX], fresh[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	struct tib_error err = {0};
	(void)state;
	begin();
	at(path, "beads.db");
	at(fresh, "fresh.db");
	tu_make_beads_db(path, "INSERT INTO issues(id, title) VALUES ('old-1', 'Old file');");
	tu_make_beads_db(fresh, "INSERT INTO issues(id, title) VALUES ('new-1', 'New file'),"
				" ('new-2', 'Also new');");
	store = open_ok(path);
	set = load_ok(store);
	free_set(set);
	assert_int_equal(store_poll(store), STORE_UNCHANGED);

	assert_int_equal(rename(fresh, path), 0);
	assert_int_equal(store_poll(store), STORE_FILE_REPLACED);
	assert_int_equal(store_reopen(store, &err), TIB_OK);
	assert_string_equal(store_path(store), path);
	assert_int_equal(store_poll(store), STORE_UNCHANGED);
	set = load_ok(store);
	assert_int_equal(set->count, 2);
	assert_null(issue_set_find(set, "old-1"));
	assert_string_equal(find(set, "new-1")->title, "New file");
	free_set(set);

	/* and the new file's changes are seen */
	tu_exec(path, "UPDATE issues SET title = 'Edited' WHERE id = 'new-2';");
	assert_int_equal(store_poll(store), STORE_DATA_CHANGED);
	set = load_ok(store);
	assert_string_equal(find(set, "new-2")->title, "Edited");
	free_set(set);
	close_store(store);
	end();
}

/* As above, but bd had written to the old file while tib had it open, so
 * the old file's last commits were still in beads.db-wal when the new
 * file arrived. The new file's content must show, not a mix. */
static void test_poll_file_replaced_after_write(void **state)
{
	char path[PATH_MAX], fresh[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	struct tib_error err = {0};
	(void)state;
	begin();
	at(path, "beads.db");
	at(fresh, "fresh.db");
	tu_make_beads_db(path, "INSERT INTO issues(id, title) VALUES ('old-1', 'Old file');");
	tu_make_beads_db(fresh, "INSERT INTO issues(id, title) VALUES ('new-1', 'New file');");
	store = open_ok(path);
	set = load_ok(store);
	free_set(set);
	tu_exec(path, "UPDATE issues SET title = 'Old file, edited' WHERE id = 'old-1';"
		      "INSERT INTO issues(id, title) VALUES ('old-2', 'Old file, added');");
	assert_int_equal(store_poll(store), STORE_DATA_CHANGED);
	set = load_ok(store);
	assert_int_equal(set->count, 2);
	free_set(set);
	store_fold_wal(store); /* as the browser does after drawing a re-read */
	/* bd could not checkpoint at its close while tib held the database
	 * open; tib's reload did it and emptied beads.db-wal, so no stale
	 * frame of the old file is left for the new one to be read through */
	{
		char wal[PATH_MAX];
		at(wal, "beads.db-wal");
		assert_int_equal(file_size(wal), 0);
	}

	assert_int_equal(rename(fresh, path), 0);
	assert_int_equal(store_poll(store), STORE_FILE_REPLACED);
	err.msg[0] = '\0';
	if (store_reopen(store, &err) != TIB_OK) {
		fprintf(stderr, "reopen failed: %s\n", err.msg);
		fail();
	}
	set = load_ok(store);
	if (set->count != 1 || !issue_set_find(set, "new-1"))
		fprintf(stderr, "after replacing the file: %zu issues, first %s\n", set->count,
			set->count ? set->issues[0].id : "-");
	assert_int_equal(set->count, 1);
	assert_string_equal(find(set, "new-1")->title, "New file");
	free_set(set);
	close_store(store);
	end();
}

static void test_poll_file_gone(void **state)
{
	char path[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	(void)state;
	begin();
	at(path, "beads.db");
	tu_make_beads_db(path, "INSERT INTO issues(id, title) VALUES ('g-1', 'Going');");
	store = open_ok(path);
	set = load_ok(store);
	free_set(set);
	assert_int_equal(store_poll(store), STORE_UNCHANGED);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(store_poll(store), STORE_FILE_GONE);
	assert_int_equal(store_poll(store), STORE_FILE_GONE);
	close_store(store);
	end();
}

static void test_reopen_bad_then_good(void **state)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	struct tib_error err = {0};
	enum tib_status st;
	int i;
	(void)state;
	begin();
	at(path, "beads.db");
	at(tmp, "incoming.tmp");
	tu_make_beads_db(path, "INSERT INTO issues(id, title) VALUES ('b-1', 'Original');");
	store = open_ok(path);
	set = load_ok(store);
	free_set(set);

	/* a half-written or wrong file arrives */
	tu_write_file(tmp, "<<<<<<< HEAD\nmerge conflict, not a database\n");
	assert_int_equal(rename(tmp, path), 0);
	assert_int_equal(store_poll(store), STORE_FILE_REPLACED);
	st = store_reopen(store, &err);
	assert_int_not_equal(st, TIB_OK);
	assert_int_equal(err.status, st);
	assert_contains(err.msg, path);
	/* the bad file is not retried on every poll */
	for (i = 0; i < 3; i++)
		assert_int_equal(store_poll(store), STORE_UNCHANGED);
	/* asking for data now fails cleanly, it does not crash */
	set = (struct issue_set *)&err;
	assert_int_not_equal(store_load(store, timestamp_now(), &set, &err), TIB_OK);
	assert_null(set);
	assert_int_not_equal(store_load_detail(store, "b-1", &g_detail, &err), TIB_OK);
	issue_detail_free(&g_detail);

	/* then a valid database replaces it */
	tu_make_beads_db(tmp, "INSERT INTO issues(id, title) VALUES ('b-2', 'Fixed');");
	assert_int_equal(rename(tmp, path), 0);
	assert_int_equal(store_poll(store), STORE_FILE_REPLACED);
	memset(&err, 0, sizeof(err));
	st = store_reopen(store, &err);
	if (st != TIB_OK)
		fprintf(stderr, "reopen failed: %s\n", err.msg);
	assert_int_equal(st, TIB_OK);
	assert_int_equal(store_poll(store), STORE_UNCHANGED);
	set = load_ok(store);
	assert_int_equal(set->count, 1);
	assert_string_equal(find(set, "b-2")->title, "Fixed");
	free_set(set);
	close_store(store);
	end();
}

/* A non-beads SQLite file arriving is refused the same way. */
static void test_reopen_schema_mismatch(void **state)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	struct tib_error err = {0};
	(void)state;
	begin();
	at(path, "beads.db");
	at(tmp, "incoming.db");
	tu_make_beads_db(path, "INSERT INTO issues(id, title) VALUES ('s-1', 'Original');");
	store = open_ok(path);
	set = load_ok(store);
	free_set(set);
	tu_exec(tmp, "CREATE TABLE notes(x);");
	assert_int_equal(rename(tmp, path), 0);
	assert_int_equal(store_poll(store), STORE_FILE_REPLACED);
	assert_int_equal(store_reopen(store, &err), TIB_ERR_SCHEMA);
	assert_contains(err.msg, "no table 'issues'");
	assert_int_equal(store_poll(store), STORE_UNCHANGED);
	close_store(store);
	end();
}

/* ---- ids are data, never SQL */

static void test_hostile_id(void **state)
{
	static const char id[] = "x'); DROP TABLE issues;--";
	char path[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	struct tib_error err = {0};
	const struct issue *x;
	(void)state;
	begin();
	at(path, "beads.db");
	tu_make_beads_db(path,
			 "INSERT INTO issues(id, title, description) VALUES"
			 " ('x''); DROP TABLE issues;--', 'Bobby', 'little bobby tables'),"
			 " ('plain-1', 'Plain', 'plain text');"
			 "INSERT INTO labels(issue_id, label) VALUES ('x''); DROP TABLE issues;--', 'l''q');"
			 "INSERT INTO comments(issue_id, author, text) VALUES"
			 " ('x''); DROP TABLE issues;--', 'mallory', 'hi');"
			 "INSERT INTO dependencies(issue_id, depends_on_id, created_by) VALUES"
			 " ('plain-1', 'x''); DROP TABLE issues;--', 'x');");
	store = open_ok(path);
	set = load_ok(store);
	assert_int_equal(set->count, 2);
	x = find(set, id);
	assert_string_equal(x->id, id);
	assert_string_equal(x->title, "Bobby");
	assert_int_equal(x->label_count, 1);
	assert_string_equal(x->labels[0], "l'q");
	assert_int_equal(x->comment_count, 1);
	assert_int_equal(x->rdep_count, 1);
	free_set(set);

	assert_int_equal(store_load_detail(store, id, &g_detail, &err), TIB_OK);
	assert_string_equal(g_detail.description, "little bobby tables");
	assert_int_equal(g_detail.comment_count, 1);
	assert_string_equal(g_detail.comments[0].author, "mallory");
	issue_detail_free(&g_detail);
	assert_int_equal(store_load_detail(store, "plain-1", &g_detail, &err), TIB_OK);
	assert_string_equal(g_detail.description, "plain text");
	issue_detail_free(&g_detail);

	/* the table is still there */
	set = load_ok(store);
	assert_int_equal(set->count, 2);
	free_set(set);
	close_store(store);
	end();
}

/* ---- statements reused, nothing leaks (valgrind checks) */

static void test_load_many_times(void **state)
{
	char path[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	struct tib_error err = {0};
	int i;
	(void)state;
	begin();
	at(path, "beads.db");
	tu_make_beads_db(path, fixture_sql);
	store = open_ok(path);
	for (i = 0; i < 50; i++) {
		set = load_ok(store);
		assert_int_equal(set->count, 4);
		assert_int_equal(find(set, "tb-a1")->label_count, 3);
		assert_int_equal(find(set, "tb-a1")->comment_count, 3);
		assert_int_equal(set->dep_count, 4);
		free_set(set);
		assert_int_equal(store_load_detail(store, "tb-a1", &g_detail, &err), TIB_OK);
		assert_int_equal(g_detail.comment_count, 3);
		issue_detail_free(&g_detail);
		assert_int_equal(store_poll(store), STORE_UNCHANGED);
	}
	close_store(store);

	/* open and close many times: no connection or descriptor kept */
	for (i = 0; i < 20; i++) {
		store = open_ok(path);
		close_store(store);
	}
	store_close(NULL);
	end();
}

/* Values of the wrong type are reported, not shown silently as P2. */
static void test_sqlite_problems(void **state)
{
	char path[PATH_MAX];
	struct store *store = NULL;
	struct issue_set *set;
	const struct load_problem *p;
	size_t n, i;
	int seen[5] = {0};
	(void)state;
	tu_mkdtemp(path, sizeof(path));
	{
		char dir[PATH_MAX];
		snprintf(dir, sizeof(dir), "%s", path);
		tu_path(path, sizeof(path), dir, "p.db");
		tu_make_beads_db(path, "PRAGMA ignore_check_constraints = 1;"
				       "INSERT INTO issues(id, title, status, priority) VALUES"
				       " ('p-ok', 't', 'open', 1), ('p-high', 't', 'open', 'high'),"
				       " ('p-half', 't', 'open', 2.5), ('p-big', 't', 'open', 99999),"
				       " ('p-neg', 't', 'open', -5), ('p-blob', 't', 'open', X'01'),"
				       " ('', 't', 'open', 1);");
		set = tu_load(path, &store);
		assert_non_null(issue_set_find(set, "p-ok"));
		assert_int_equal(issue_set_find(set, "p-high")->priority, 2);
		assert_int_equal(issue_set_find(set, "p-big")->priority, 4);
		p = store_problems(store, &n);
		assert_int_equal(n, 6);
		assert_int_equal(store_problems_total(store), 6);
		for (i = 0; i < n; i++) {
			if (strstr(p[i].message, "issue p-high: priority 'high' is not 0-4, shown as P2"))
				seen[0] = 1;
			if (strstr(p[i].message, "issue p-half: priority 2.5"))
				seen[1] = 1;
			if (strstr(p[i].message, "issue p-big: priority 99999 is not 0-4, shown as P4"))
				seen[2] = 1;
			if (strstr(p[i].message, "issue p-blob: priority is a blob"))
				seen[3] = 1;
			if (strstr(p[i].message, "empty id skipped"))
				seen[4] = 1;
		}
		for (i = 0; i < 5; i++)
			assert_true(seen[i]);
		issue_set_free(set);
		store_close(store);
		tu_rmtree(dir);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sqlite_problems),
		cmocka_unit_test(test_load_v0503),
		cmocka_unit_test(test_load_detail),
		cmocka_unit_test(test_old_minimal_schema),
		cmocka_unit_test(test_columns_other_order_and_extra),
		cmocka_unit_test(test_priority_out_of_range),
		cmocka_unit_test(test_priority_beyond_32_bits),
		cmocka_unit_test(test_error_no_issues_table),
		cmocka_unit_test(test_error_no_title_column),
		cmocka_unit_test(test_error_text_file),
		cmocka_unit_test(test_error_empty_file),
		cmocka_unit_test(test_error_header_then_garbage),
		cmocka_unit_test(test_error_truncated),
		cmocka_unit_test(test_error_missing_file_not_created),
		cmocka_unit_test(test_open_never_writes_wal),
		cmocka_unit_test(test_open_never_writes_rollback),
		cmocka_unit_test(test_read_only_file),
		cmocka_unit_test(test_poll_data_changed),
		cmocka_unit_test(test_poll_file_replaced),
		cmocka_unit_test(test_poll_file_replaced_after_write),
		cmocka_unit_test(test_poll_file_gone),
		cmocka_unit_test(test_reopen_bad_then_good),
		cmocka_unit_test(test_reopen_schema_mismatch),
		cmocka_unit_test(test_hostile_id),
		cmocka_unit_test(test_load_many_times),
	};
	return cmocka_run_group_tests(tests, NULL, group_teardown);
}
