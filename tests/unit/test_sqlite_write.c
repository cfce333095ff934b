/* Triage writes to SQLite: for each kind of change, the rows of every
 * table it touches afterwards are compared with what bd v0.50 writes for
 * the same command (see storage/sqlite_write.c for the rules): issues,
 * events, dirty_issues, blocked_issues_cache, labels, dependencies,
 * comments, child_counters. The expected rows are written out by hand. */
#define TU_SCOPE
#include "testutil.h"

#include <pthread.h>

#define NOW_TEXT "2026-02-01T12:00:00.123456Z"
#define ACTOR "tester"

/* Four issues: a1 (RFC 3339 with a fraction, as bd writes), b2 (closed,
 * SQLite-style timestamps), c3 blocked by a1, d4 open; a label on a1. */
static const char fixture_sql[] =
	"DELETE FROM config WHERE key = 'issue_prefix';"
	"INSERT INTO config (key, value) VALUES ('issue_prefix', 'tb');"
	"INSERT INTO issues (id, title, description, status, priority, issue_type, assignee, created_at, created_by,"
	" updated_at, closed_at, close_reason) VALUES"
	" ('tb-a1', 'First', 'the first', 'open', 2, 'task', '', '2026-01-10T10:00:00.5Z', 'alice',"
	"  '2026-01-10T10:00:00.5Z', NULL, ''),"
	" ('tb-b2', 'Second', '', 'closed', 1, 'bug', 'bob', '2026-01-11 09:00:00', 'bob', '2026-01-11 09:00:00',"
	"  '2026-01-11 09:00:00', 'done'),"
	" ('tb-c3', 'Third', '', 'open', 3, 'feature', '', '2026-01-12T08:00:00Z', 'alice', '2026-01-12T08:00:00Z',"
	"  NULL, ''),"
	" ('tb-d4', 'Fourth', '', 'open', 2, 'task', '', '2026-01-13T08:00:00Z', 'alice', '2026-01-13T08:00:00Z',"
	"  NULL, '');"
	"INSERT INTO dependencies (issue_id, depends_on_id, type, created_at, created_by, metadata, thread_id)"
	" VALUES ('tb-c3', 'tb-a1', 'blocks', '2026-01-12T08:00:00Z', 'alice', '', '');"
	"INSERT INTO labels (issue_id, label) VALUES ('tb-a1', 'ui');"
	"INSERT INTO blocked_issues_cache (issue_id) VALUES ('tb-c3');";

static char g_db[PATH_MAX];

static void setup_db(void)
{
	begin();
	at(g_db, "beads.db");
	tu_make_beads_db(g_db, fixture_sql);
}

static int64_t now_us(void)
{
	return timestamp_parse(NOW_TEXT);
}

static struct store *open_store(void)
{
	struct source src;
	struct store *store = NULL;
	struct tib_error err = {0};
	memset(&src, 0, sizeof(src));
	src.kind = SOURCE_SQLITE;
	snprintf(src.path, sizeof(src.path), "%s", g_db);
	if (store_open(&src, &store, &err) != TIB_OK)
		fail_msg("open: %s", err.msg);
	track((void **)g_stores, ARRAY_SIZE(g_stores), store);
	return store;
}

/* The rows of a query, one line each, columns joined by '|', NULL as
 * "NULL". */
static char *rows(const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	struct buf out = {0};
	int i, n;
	assert_int_equal(sqlite3_open_v2(g_db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("bad test query %s: %s", sql, sqlite3_errmsg(db));
	buf_puts(&out, "");
	while (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_count(st);
		for (i = 0; i < n; i++) {
			const unsigned char *v = sqlite3_column_text(st, i);
			if (i)
				buf_putc(&out, '|');
			buf_puts(&out, sqlite3_column_type(st, i) == SQLITE_NULL ? "NULL" : (const char *)v);
		}
		buf_putc(&out, '\n');
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out.data;
}

static void expect_rows(const char *sql, const char *want)
{
	char *got = rows(sql);
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "query: %s\nwant:\n%s\ngot:\n%s\n", sql, want, got);
		free(got);
		fail();
	}
	free(got);
}

#define ISSUE_ROW(id)                                                                                        \
	"SELECT id, title, status, priority, issue_type, assignee, updated_at, closed_at, close_reason FROM issues " \
	"WHERE id = '" id "'"
#define EVENTS "SELECT issue_id, event_type, actor, old_value, new_value, comment, created_at FROM events ORDER BY id"
#define DIRTY "SELECT issue_id, marked_at FROM dirty_issues ORDER BY issue_id"
#define CACHE "SELECT issue_id FROM blocked_issues_cache ORDER BY issue_id"

/* What json.Marshal(oldIssue) gives for the fixture's issues. */
#define OLD_A1                                                                                              \
	"{\"id\":\"tb-a1\",\"title\":\"First\",\"description\":\"the first\",\"status\":\"open\",\"priority\":2," \
	"\"issue_type\":\"task\",\"created_at\":\"2026-01-10T10:00:00.5Z\",\"created_by\":\"alice\","          \
	"\"updated_at\":\"2026-01-10T10:00:00.5Z\",\"labels\":[\"ui\"]}"
#define OLD_B2                                                                                              \
	"{\"id\":\"tb-b2\",\"title\":\"Second\",\"status\":\"closed\",\"priority\":1,\"issue_type\":\"bug\","   \
	"\"assignee\":\"bob\",\"created_at\":\"2026-01-11 09:00:00\",\"created_by\":\"bob\","                  \
	"\"updated_at\":\"2026-01-11 09:00:00\",\"closed_at\":\"2026-01-11 09:00:00\",\"close_reason\":\"done\"}"

static enum tib_status apply(struct store *store, struct issue_change *changes, size_t n, struct tib_error *err)
{
	return store_apply_changes(store, changes, n, ACTOR, now_us(), err);
}

static void apply_ok(struct issue_change *changes, size_t n)
{
	struct store *store = open_store();
	struct tib_error err = {0};
	if (apply(store, changes, n, &err) != TIB_OK)
		fail_msg("write failed: %s", err.msg);
	close_store(store);
}

static struct issue_change change(const char *id, enum change_kind kind, const char *text)
{
	struct issue_change c;
	memset(&c, 0, sizeof(c));
	c.id = id;
	c.kind = kind;
	c.text = text;
	c.expect_updated_at = TIME_NONE;
	return c;
}

/* bd close tb-a1 --reason fixed */
static void test_close(void **state)
{
	struct issue_change c;
	(void)state;
	setup_db();
	c = change("tb-a1", CHANGE_STATUS, "closed");
	c.reason = "fixed";
	c.expect_updated_at = timestamp_parse("2026-01-10T10:00:00.5Z");
	apply_ok(&c, 1);
	expect_rows(ISSUE_ROW("tb-a1"), "tb-a1|First|closed|2|task||" NOW_TEXT "|" NOW_TEXT "|fixed\n");
	expect_rows(EVENTS, "tb-a1|closed|tester|NULL|NULL|fixed|2026-02-01 12:00:00\n");
	expect_rows(DIRTY, "tb-a1|" NOW_TEXT "\n");
	/* a1 closed: c3 is no longer blocked */
	expect_rows(CACHE, "");
	/* the other issues are untouched */
	expect_rows(ISSUE_ROW("tb-c3"), "tb-c3|Third|open|3|feature||2026-01-12T08:00:00Z|NULL|\n");
	end();
}

/* bd reopen tb-b2 (UpdateIssue status=open): closed_at NULL,
 * close_reason '', event "reopened" with the old issue and the changes */
static void test_reopen(void **state)
{
	struct issue_change c;
	(void)state;
	setup_db();
	c = change("tb-b2", CHANGE_STATUS, "open");
	c.expect_updated_at = timestamp_parse("2026-01-11 09:00:00");
	apply_ok(&c, 1);
	/* b2's own timestamps have no T, fraction or zone: neither has now */
	expect_rows(ISSUE_ROW("tb-b2"), "tb-b2|Second|open|1|bug|bob|2026-02-01 12:00:00|NULL|\n");
	expect_rows(EVENTS, "tb-b2|reopened|tester|" OLD_B2
			    "|{\"close_reason\":\"\",\"closed_at\":null,\"status\":\"open\"}|NULL|2026-02-01 12:00:00\n");
	expect_rows(DIRTY, "tb-b2|2026-02-01 12:00:00\n");
	expect_rows(CACHE, "tb-c3\n");
	end();
}

static void test_status_changed(void **state)
{
	struct issue_change c;
	(void)state;
	setup_db();
	c = change("tb-a1", CHANGE_STATUS, "in_progress");
	apply_ok(&c, 1);
	expect_rows(ISSUE_ROW("tb-a1"), "tb-a1|First|in_progress|2|task||" NOW_TEXT "|NULL|\n");
	expect_rows(EVENTS, "tb-a1|status_changed|tester|" OLD_A1 "|{\"status\":\"in_progress\"}|NULL|2026-02-01 12:00:00\n");
	expect_rows(DIRTY, "tb-a1|" NOW_TEXT "\n");
	expect_rows(CACHE, "tb-c3\n"); /* in_progress still blocks */
	c = change("tb-a1", CHANGE_STATUS, "deferred");
	apply_ok(&c, 1);
	expect_rows("SELECT status FROM issues WHERE id = 'tb-a1'", "deferred\n");
	end();
}

/* bd update --priority / --assignee / --title / --type / -d / --design /
 * --acceptance / --notes: one "updated" event each */
static void test_fields(void **state)
{
	static const struct {
		enum change_kind kind;
		const char *value;
		const char *column;
		const char *new_json;
	} cases[] = {
		{CHANGE_ASSIGNEE, "carol", "assignee", "{\"assignee\":\"carol\"}"},
		{CHANGE_TITLE, "First, renamed", "title", "{\"title\":\"First, renamed\"}"},
		{CHANGE_TYPE, "bug", "issue_type", "{\"issue_type\":\"bug\"}"},
		{CHANGE_DESCRIPTION, "new <b>text</b>\nline 2", "description",
		 "{\"description\":\"new <b>text</b>\\nline 2\"}"},
		{CHANGE_DESIGN, "the design", "design", "{\"design\":\"the design\"}"},
		{CHANGE_ACCEPTANCE, "it works", "acceptance_criteria", "{\"acceptance_criteria\":\"it works\"}"},
		{CHANGE_NOTES, "a note", "notes", "{\"notes\":\"a note\"}"},
		{CHANGE_DESCRIPTION, "", "description", "{\"description\":\"\"}"},
	};
	size_t i;
	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct issue_change c = change("tb-a1", cases[i].kind, cases[i].value);
		char sql[200];
		struct buf want = {0};
		setup_db();
		apply_ok(&c, 1);
		snprintf(sql, sizeof(sql), "SELECT %s, updated_at FROM issues WHERE id = 'tb-a1'", cases[i].column);
		buf_printf(&want, "%s|%s\n", cases[i].value, NOW_TEXT);
		expect_rows(sql, want.data);
		buf_reset(&want);
		buf_printf(&want, "tb-a1|updated|tester|%s|%s|NULL|2026-02-01 12:00:00\n", OLD_A1, cases[i].new_json);
		expect_rows(EVENTS, want.data);
		buf_free(&want);
		expect_rows(DIRTY, "tb-a1|" NOW_TEXT "\n");
		end();
	}
}

static void test_priority(void **state)
{
	struct issue_change c;
	(void)state;
	setup_db();
	c = change("tb-a1", CHANGE_PRIORITY, NULL);
	c.number = 0;
	apply_ok(&c, 1);
	expect_rows(ISSUE_ROW("tb-a1"), "tb-a1|First|open|0|task||" NOW_TEXT "|NULL|\n");
	expect_rows(EVENTS, "tb-a1|updated|tester|" OLD_A1 "|{\"priority\":0}|NULL|2026-02-01 12:00:00\n");
	expect_rows(CACHE, "tb-c3\n");
	end();
}

/* bd label add / remove: the row, an event, dirty; updated_at untouched */
static void test_labels(void **state)
{
	struct issue_change c[3];
	(void)state;
	setup_db();
	c[0] = change("tb-a1", CHANGE_ADD_LABEL, "backend");
	c[1] = change("tb-a1", CHANGE_ADD_LABEL, "ui"); /* already there: nothing */
	c[2] = change("tb-a1", CHANGE_REMOVE_LABEL, "ui");
	apply_ok(c, 3);
	expect_rows("SELECT issue_id, label FROM labels ORDER BY label", "tb-a1|backend\n");
	expect_rows(EVENTS, "tb-a1|label_added|tester|NULL|NULL|Added label: backend|2026-02-01 12:00:00\n"
			    "tb-a1|label_removed|tester|NULL|NULL|Removed label: ui|2026-02-01 12:00:00\n");
	expect_rows(DIRTY, "tb-a1|" NOW_TEXT "\n");
	expect_rows("SELECT updated_at FROM issues WHERE id = 'tb-a1'", "2026-01-10T10:00:00.5Z\n");
	end();
}

/* bd comments add: the comment row, dirty; tib adds the "commented"
 * event bd's events API writes */
static void test_comment(void **state)
{
	struct issue_change c;
	(void)state;
	setup_db();
	c = change("tb-a1", CHANGE_COMMENT, "looks good; see \"x\"");
	apply_ok(&c, 1);
	expect_rows("SELECT issue_id, author, text, created_at FROM comments",
		    "tb-a1|tester|looks good; see \"x\"|2026-02-01 12:00:00\n");
	expect_rows(EVENTS, "tb-a1|commented|tester|NULL|NULL|looks good; see \"x\"|2026-02-01 12:00:00\n");
	expect_rows(DIRTY, "tb-a1|" NOW_TEXT "\n");
	expect_rows("SELECT updated_at FROM issues WHERE id = 'tb-a1'", "2026-01-10T10:00:00.5Z\n");
	end();
}

/* bd dep add tb-d4 tb-a1 (blocks); bd dep remove tb-c3 tb-a1 */
static void test_dependencies(void **state)
{
	struct issue_change c;
	(void)state;
	setup_db();
	c = change("tb-d4", CHANGE_ADD_DEP, "tb-a1");
	c.dep_type = "blocks";
	apply_ok(&c, 1);
	expect_rows("SELECT issue_id, depends_on_id, type, created_at, created_by, metadata, thread_id FROM dependencies"
		    " ORDER BY issue_id",
		    "tb-c3|tb-a1|blocks|2026-01-12T08:00:00Z|alice||\n"
		    "tb-d4|tb-a1|blocks|2026-02-01T12:00:00Z|tester||\n"); /* d4's shape: no fraction */
	expect_rows(EVENTS, "tb-d4|dependency_added|tester|NULL|NULL|Added dependency: tb-d4 blocks tb-a1|2026-02-01 12:00:00\n");
	expect_rows(DIRTY, "tb-a1|2026-02-01T12:00:00Z\ntb-d4|2026-02-01T12:00:00Z\n");
	expect_rows(CACHE, "tb-c3\ntb-d4\n");
	expect_rows("SELECT updated_at FROM issues WHERE id = 'tb-d4'", "2026-01-13T08:00:00Z\n");
	end();

	setup_db();
	c = change("tb-c3", CHANGE_REMOVE_DEP, "tb-a1");
	c.dep_type = "blocks";
	apply_ok(&c, 1);
	expect_rows("SELECT count(*) FROM dependencies", "0\n");
	expect_rows(EVENTS, "tb-c3|dependency_removed|tester|NULL|NULL|Removed dependency on tb-a1|2026-02-01 12:00:00\n");
	expect_rows(DIRTY, "tb-a1|2026-02-01T12:00:00Z\ntb-c3|2026-02-01T12:00:00Z\n");
	expect_rows(CACHE, "");
	end();
}

static void test_dependency_refusals(void **state)
{
	struct store *store;
	struct tib_error err = {0};
	struct issue_change c;
	char *before;
	(void)state;
	setup_db();
	before = rows("SELECT * FROM dependencies");
	store = open_store();
	c = change("tb-c3", CHANGE_ADD_DEP, "tb-a1");
	c.dep_type = "blocks";
	assert_int_equal(apply(store, &c, 1, &err), TIB_ERR_UNSUPPORTED);
	assert_non_null(strstr(err.msg, "already depends on tb-a1"));
	c = change("tb-c3", CHANGE_ADD_DEP, "tb-zz");
	c.dep_type = "related";
	assert_int_equal(apply(store, &c, 1, &err), TIB_ERR_NOT_FOUND);
	c = change("tb-c3", CHANGE_ADD_DEP, "tb-c3");
	c.dep_type = "related";
	assert_int_equal(apply(store, &c, 1, &err), TIB_ERR_UNSUPPORTED);
	c = change("tb-d4", CHANGE_REMOVE_DEP, "tb-a1");
	c.dep_type = "blocks";
	assert_int_equal(apply(store, &c, 1, &err), TIB_ERR_CONFLICT);
	close_store(store);
	expect_rows("SELECT * FROM dependencies", before);
	expect_rows(EVENTS, "");
	free(before);
	/* an external target needs no issue */
	c = change("tb-d4", CHANGE_ADD_DEP, "external:other:x-1");
	c.dep_type = "blocks";
	apply_ok(&c, 1);
	expect_rows(DIRTY, "tb-d4|2026-02-01T12:00:00Z\n"); /* the external one is not marked */
	end();
}

static int is_base36(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z')))
			return 0;
	return s[n] == '\0';
}

/* bd create "A new one": prefix-hash id (3 characters below 164 issues),
 * event created, dirty; then bd create --parent tb-a1 */
static void test_create(void **state)
{
	struct issue_change c;
	char id[ISSUE_ID_MAX], child[ISSUE_ID_MAX], sql[300];
	struct buf want = {0};
	(void)state;
	setup_db();
	c = change(NULL, CHANGE_CREATE, "A new one");
	c.number = 1;
	c.issue_type = "bug";
	c.created_id = id;
	apply_ok(&c, 1);
	assert_int_equal(strlen(id), 6);
	assert_memory_equal(id, "tb-", 3);
	assert_true(is_base36(id + 3, 3));
	snprintf(sql, sizeof(sql),
		 "SELECT id, title, status, priority, issue_type, assignee, created_at, created_by, updated_at,"
		 " closed_at, description FROM issues WHERE id = '%s'",
		 id);
	buf_printf(&want, "%s|A new one|open|1|bug||%s|tester|%s|NULL|\n", id, NOW_TEXT, NOW_TEXT);
	expect_rows(sql, want.data);
	buf_reset(&want);
	buf_printf(&want,
		   "%s|created|tester|NULL|{\"id\":\"%s\",\"title\":\"A new one\",\"status\":\"open\",\"priority\":1,"
		   "\"issue_type\":\"bug\",\"created_at\":\"%s\",\"created_by\":\"tester\",\"updated_at\":\"%s\"}|NULL|"
		   "2026-02-01 12:00:00\n",
		   id, id, NOW_TEXT, NOW_TEXT);
	expect_rows(EVENTS, want.data);
	buf_reset(&want);
	buf_printf(&want, "%s|%s\n", id, NOW_TEXT);
	expect_rows(DIRTY, want.data);

	/* a child: parent.N from child_counters, and its parent-child dependency */
	tu_exec(g_db, "DELETE FROM events; DELETE FROM dirty_issues;"
		      "INSERT INTO issues (id, title, created_at, updated_at) VALUES ('tb-a1.1', 'imported child',"
		      " '2026-01-10T10:00:00Z', '2026-01-10T10:00:00Z')");
	c = change("tb-a1", CHANGE_CREATE, "Child");
	c.number = 2;
	c.created_id = child;
	apply_ok(&c, 1);
	/* the counter said 1, but tb-a1.1 exists already (imported) */
	assert_string_equal(child, "tb-a1.2");
	expect_rows("SELECT parent_id, last_child FROM child_counters", "tb-a1|2\n");
	expect_rows("SELECT issue_id, depends_on_id, type, created_by FROM dependencies WHERE issue_id = 'tb-a1.2'",
		    "tb-a1.2|tb-a1|parent-child|tester\n");
	expect_rows("SELECT issue_id, event_type, comment FROM events ORDER BY id",
		    "tb-a1.2|created|NULL\ntb-a1.2|dependency_added|Added dependency: tb-a1.2 parent-child tb-a1\n");
	expect_rows(DIRTY, "tb-a1|" NOW_TEXT "\ntb-a1.2|" NOW_TEXT "\n");

	/* undo of the create: gone from every table */
	c = change("tb-a1.2", CHANGE_DELETE, NULL);
	c.expect_updated_at = now_us();
	apply_ok(&c, 1);
	expect_rows("SELECT count(*) FROM issues WHERE id = 'tb-a1.2'", "0\n");
	expect_rows("SELECT count(*) FROM dependencies WHERE issue_id = 'tb-a1.2'", "0\n");
	expect_rows("SELECT count(*) FROM events WHERE issue_id = 'tb-a1.2'", "0\n");
	expect_rows("SELECT parent_id, last_child FROM child_counters", "tb-a1|1\n");
	buf_free(&want);
	end();
}

/* Another program changed the issue after tib read it: refused, and
 * nothing of the write is left, not even the changes to other issues. */
static void test_lost_update_refused(void **state)
{
	struct store *store;
	struct tib_error err = {0};
	struct issue_change c[2];
	char *before;
	(void)state;
	setup_db();
	store = open_store();
	c[0] = change("tb-d4", CHANGE_PRIORITY, NULL);
	c[0].number = 0;
	c[0].expect_updated_at = timestamp_parse("2026-01-13T08:00:00Z");
	c[1] = change("tb-a1", CHANGE_STATUS, "closed");
	c[1].expect_updated_at = timestamp_parse("2026-01-10T10:00:00.5Z");
	/* bd writes a1 in between */
	tu_exec(g_db, "UPDATE issues SET title = 'theirs', updated_at = '2026-01-20T10:00:00Z' WHERE id = 'tb-a1'");
	before = rows("SELECT * FROM issues ORDER BY id");
	assert_int_equal(apply(store, c, 2, &err), TIB_ERR_CONFLICT);
	assert_non_null(strstr(err.msg, "tb-a1 changed since tib read it"));
	expect_rows("SELECT * FROM issues ORDER BY id", before);
	expect_rows(EVENTS, "");
	expect_rows(DIRTY, "");
	free(before);
	/* with the right expectation it goes through */
	c[1].expect_updated_at = timestamp_parse("2026-01-20T10:00:00Z");
	assert_int_equal(apply(store, c, 2, &err), TIB_OK);
	expect_rows("SELECT title, status FROM issues WHERE id = 'tb-a1'", "theirs|closed\n");
	close_store(store);
	end();
}

/* One failing change: nothing of the others is written. */
static void test_all_or_nothing(void **state)
{
	struct store *store;
	struct tib_error err = {0};
	struct issue_change c[2];
	char *before;
	(void)state;
	setup_db();
	before = rows("SELECT * FROM issues ORDER BY id");
	store = open_store();
	c[0] = change("tb-a1", CHANGE_ASSIGNEE, "carol");
	c[1] = change("tb-nope", CHANGE_ASSIGNEE, "carol");
	assert_int_equal(apply(store, c, 2, &err), TIB_ERR_NOT_FOUND);
	assert_non_null(strstr(err.msg, "tb-nope"));
	c[1] = change("tb-b2", CHANGE_PRIORITY, NULL);
	c[1].number = 7;
	assert_int_equal(apply(store, c, 2, &err), TIB_ERR_UNSUPPORTED);
	close_store(store);
	expect_rows("SELECT * FROM issues ORDER BY id", before);
	expect_rows(EVENTS, "");
	free(before);
	end();
}

struct lock_holder {
	int hold_ms;
	int locked; /* set once the lock is held */
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *hold_lock(void *arg)
{
	struct lock_holder *h = arg;
	sqlite3 *db = NULL;
	sqlite3_open(g_db, &db);
	sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	pthread_mutex_lock(&h->mu);
	h->locked = 1;
	pthread_cond_signal(&h->cv);
	pthread_mutex_unlock(&h->mu);
	usleep((useconds_t)h->hold_ms * 1000);
	sqlite3_exec(db, "UPDATE issues SET notes = 'theirs' WHERE id = 'tb-d4'; COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
	return NULL;
}

/* Another writer holds the lock: without waiting, TIB_ERR_BUSY and
 * nothing written; waiting longer than it holds it, the write succeeds
 * after it, keeping its change. */
static void test_locked(void **state)
{
	struct store *store;
	struct tib_error err = {0};
	struct issue_change c;
	struct lock_holder h = {.hold_ms = 600};
	pthread_t th;
	(void)state;
	setup_db();
	store = open_store();
	pthread_mutex_init(&h.mu, NULL);
	pthread_cond_init(&h.cv, NULL);
	pthread_create(&th, NULL, hold_lock, &h);
	pthread_mutex_lock(&h.mu);
	while (!h.locked)
		pthread_cond_wait(&h.cv, &h.mu);
	pthread_mutex_unlock(&h.mu);
	c = change("tb-a1", CHANGE_STATUS, "closed");
	assert_int_equal(apply(store, &c, 1, &err), TIB_ERR_BUSY);
	assert_non_null(strstr(err.msg, "locked"));
	store_set_write_wait(store, 5000);
	assert_int_equal(apply(store, &c, 1, &err), TIB_OK);
	pthread_join(th, NULL);
	pthread_mutex_destroy(&h.mu);
	pthread_cond_destroy(&h.cv);
	close_store(store);
	expect_rows("SELECT id, status, notes FROM issues WHERE id IN ('tb-a1', 'tb-d4') ORDER BY id",
		    "tb-a1|closed|\ntb-d4|open|theirs\n");
	end();
}

static void test_read_only(void **state)
{
	struct store *store;
	struct tib_error err = {0};
	struct issue_change c;
	(void)state;
	setup_db();
	store = open_store();
	store_set_read_only(store, "--read-only");
	c = change("tb-a1", CHANGE_STATUS, "closed");
	assert_int_equal(apply(store, &c, 1, &err), TIB_ERR_READ_ONLY);
	assert_string_equal(store_read_only_reason(store), "--read-only");
	close_store(store);
	if (geteuid() != 0) {
		chmod(g_db, 0444);
		store = open_store();
		assert_non_null(strstr(store_read_only_reason(store), "read-only"));
		assert_int_equal(apply(store, &c, 1, &err), TIB_ERR_READ_ONLY);
		close_store(store);
		chmod(g_db, 0644);
	}
	expect_rows("SELECT status FROM issues WHERE id = 'tb-a1'", "open\n");
	end();
}

/* 1,000 issues closed in one transaction, then all reopened. */
static void test_bulk(void **state)
{
	struct buf sql = {0};
	struct issue_change *c;
	size_t i;
	char (*ids)[16];
	(void)state;
	setup_db();
	buf_puts(&sql, "BEGIN;");
	for (i = 0; i < 1000; i++)
		buf_printf(&sql,
			   "INSERT INTO issues (id, title, created_at, updated_at) VALUES ('bk-%zu', 'bulk %zu',"
			   " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');",
			   i, i);
	buf_puts(&sql, "COMMIT;");
	tu_exec(g_db, sql.data);
	buf_free(&sql);
	c = xcalloc(1000, sizeof(*c));
	ids = xcalloc(1000, sizeof(*ids));
	for (i = 0; i < 1000; i++) {
		snprintf(ids[i], sizeof(ids[i]), "bk-%zu", i);
		c[i] = change(ids[i], CHANGE_STATUS, "closed");
		c[i].expect_updated_at = timestamp_parse("2026-01-01T00:00:00Z");
	}
	apply_ok(c, 1000);
	expect_rows("SELECT status, count(*), min(closed_at), max(closed_at) FROM issues WHERE id LIKE 'bk-%' GROUP BY 1",
		    "closed|1000|2026-02-01T12:00:00Z|2026-02-01T12:00:00Z\n");
	expect_rows("SELECT event_type, count(*) FROM events GROUP BY 1", "closed|1000\n");
	expect_rows("SELECT count(*) FROM dirty_issues", "1000\n");
	for (i = 0; i < 1000; i++) {
		c[i] = change(ids[i], CHANGE_STATUS, "open");
		c[i].expect_updated_at = now_us() / 1000000 * 1000000; /* stored without a fraction */
	}
	apply_ok(c, 1000);
	expect_rows("SELECT status, count(*), count(closed_at) FROM issues WHERE id LIKE 'bk-%' GROUP BY 1", "open|1000|0\n");
	expect_rows("SELECT event_type, count(*) FROM events GROUP BY 1 ORDER BY 1", "closed|1000\nreopened|1000\n");
	free(c);
	free(ids);
	end();
}

/* A database from an old bd: no events, dirty_issues or cache tables,
 * few columns. The write still happens; what is missing is skipped. */
static void test_old_schema(void **state)
{
	struct issue_change c[2];
	(void)state;
	begin();
	at(g_db, "old.db");
	tu_exec(g_db, "CREATE TABLE issues (id TEXT PRIMARY KEY, title TEXT, status TEXT, priority INTEGER,"
		      " updated_at TEXT, closed_at TEXT);"
		      "INSERT INTO issues VALUES ('o-1', 'old', 'open', 2, '2025-01-01 00:00:00', NULL);");
	c[0] = change("o-1", CHANGE_STATUS, "closed");
	c[1] = change("o-1", CHANGE_PRIORITY, NULL);
	c[1].number = 1;
	apply_ok(c, 2);
	expect_rows("SELECT * FROM issues", "o-1|old|closed|1|2026-02-01 12:00:00|2026-02-01 12:00:00\n");
	end();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_close),
		cmocka_unit_test(test_reopen),
		cmocka_unit_test(test_status_changed),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_priority),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_comment),
		cmocka_unit_test(test_dependencies),
		cmocka_unit_test(test_dependency_refusals),
		cmocka_unit_test(test_create),
		cmocka_unit_test(test_lost_update_refused),
		cmocka_unit_test(test_all_or_nothing),
		cmocka_unit_test(test_locked),
		cmocka_unit_test(test_read_only),
		cmocka_unit_test(test_bulk),
		cmocka_unit_test(test_old_schema),
	};
	return cmocka_run_group_tests(tests, NULL, group_teardown);
}
