/* Triage writes to a beads SQLite database, the way bd v0.49-v0.50
 * writes them (internal/storage/sqlite: queries.go, labels.go,
 * dependencies.go, comments.go, blocked_cache.go), through the store's
 * one connection, so that bd and br read back exactly what they would
 * have written themselves:
 *  - one BEGIN IMMEDIATE transaction per call; nothing half-written;
 *  - updated_at (and closed_at) = now, in the shape the issue's own
 *    updated_at already has (bd binds Go times as RFC 3339 text; older
 *    rows may be SQLite's "YYYY-MM-DD HH:MM:SS");
 *  - close: status, closed_at, close_reason; reopen clears both
 *    (the CHECK constraint: closed <=> closed_at set);
 *  - an events row per change: closed (comment = reason), reopened /
 *    status_changed / updated (old_value = the old issue as JSON,
 *    new_value = the changed fields as JSON, keys sorted as Go's
 *    encoding/json sorts a map), label_added/label_removed,
 *    dependency_added/dependency_removed, commented, created;
 *  - dirty_issues marked for every issue touched, so the next
 *    `bd export` writes it;
 *  - blocked_issues_cache rebuilt when a status or a blocking
 *    dependency changed.
 * Like bd, label, dependency and comment changes leave updated_at alone.
 * content_hash is left as it is (bd's own close does the same; the hash
 * only serves bd's import de-duplication).
 * Tables and columns missing from older schemas are skipped. Statements
 * here are prepared, used and finalized within one call: writes are rare,
 * and every one has a different shape. Only bound parameters carry data. */
#include "sqlite_write.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "backend.h"
#include "issue_id.h"

/* Columns of `issues` that a write may touch or report. */
enum wcol {
	W_DESCRIPTION,
	W_DESIGN,
	W_ACCEPTANCE,
	W_NOTES,
	W_ISSUE_TYPE,
	W_ASSIGNEE,
	W_OWNER,
	W_CREATED_AT,
	W_CREATED_BY,
	W_UPDATED_AT,
	W_CLOSED_AT,
	W_CLOSE_REASON,
	W_COUNT
};
static const char *const wcol_names[W_COUNT] = {
	"description", "design", "acceptance_criteria", "notes", "issue_type", "assignee",
	"owner", "created_at", "created_by", "updated_at", "closed_at", "close_reason",
};

struct wctx {
	sqlite3 *db;
	const char *path;
	const char *actor;
	int64_t now;
	struct tib_error *err;
	int has_col[W_COUNT];
	int has_events, has_dirty, has_cache, has_counters, has_comments, has_labels, has_deps, has_config;
	int rebuild_cache;
	char **dirty;
	size_t dirty_count, dirty_cap;
	char any_sample[64]; /* an updated_at of the database, for new rows */
};

/* ---- statements */

/* Prepares `sql` and binds the arguments: `types` has one letter per
 * parameter: s = text (NULL binds NULL), i = int64, n = NULL. */
static sqlite3_stmt *prepare_bound(struct wctx *w, const char *sql, const char *types, va_list ap)
{
	sqlite3_stmt *st = NULL;
	int i;
	if (sqlite3_prepare_v2(w->db, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	for (i = 0; types[i]; i++) {
		int rc = SQLITE_OK;
		if (types[i] == 's') {
			const char *s = va_arg(ap, const char *);
			rc = s ? sqlite3_bind_text(st, i + 1, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i + 1);
		} else if (types[i] == 'i') {
			rc = sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
		} else {
			rc = sqlite3_bind_null(st, i + 1);
		}
		if (rc != SQLITE_OK) {
			sqlite3_finalize(st);
			return NULL;
		}
	}
	return st;
}

static enum tib_status fail_sql(struct wctx *w, const char *what)
{
	int rc = sqlite3_errcode(w->db) & 0xff;
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return tib_fail(w->err, TIB_ERR_BUSY, "%s: the database is locked by another program", w->path);
	if (rc == SQLITE_READONLY || rc == SQLITE_PERM || rc == SQLITE_CANTOPEN)
		return tib_fail(w->err, TIB_ERR_READ_ONLY, "%s: cannot write: %s", w->path, sqlite3_errmsg(w->db));
	if (rc == SQLITE_FULL)
		return tib_fail(w->err, TIB_ERR_IO, "%s: the disk is full: nothing was written", w->path);
	return tib_fail(w->err, TIB_ERR_SQL, "%s: %s: %s", w->path, what, sqlite3_errmsg(w->db));
}

/* Runs a statement that returns no row (or ignores its rows). Returns
 * the number of rows changed, or -1 with w->err set. */
static int run(struct wctx *w, const char *sql, const char *types, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	int rc;
	va_start(ap, types);
	st = prepare_bound(w, sql, types, ap);
	va_end(ap);
	if (!st) {
		fail_sql(w, "preparing a write");
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		fail_sql(w, "writing");
		return -1;
	}
	return sqlite3_changes(w->db);
}

/* The first column of the first row as text into out: 1 if there was a
 * row (a NULL value reads as ""), 0 if none, -1 on error. */
static int query_text(struct wctx *w, char *out, size_t out_size, const char *sql, const char *types, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	int rc, found = 0;
	va_start(ap, types);
	st = prepare_bound(w, sql, types, ap);
	va_end(ap);
	if (!st) {
		fail_sql(w, "preparing a read");
		return -1;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *s = sqlite3_column_text(st, 0);
		snprintf(out, out_size, "%s", s ? (const char *)s : "");
		found = 1;
	} else if (rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		fail_sql(w, "reading");
		return -1;
	}
	sqlite3_finalize(st);
	return found;
}

static int table_exists(struct wctx *w, const char *name)
{
	char out[8];
	return query_text(w, out, sizeof(out), "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", "s",
			  name) == 1;
}

static void find_columns(struct wctx *w)
{
	sqlite3_stmt *st = NULL;
	int i;
	if (sqlite3_prepare_v2(w->db, "SELECT name FROM pragma_table_info('issues')", -1, &st, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		for (i = 0; name && i < W_COUNT; i++)
			if (strcmp(name, wcol_names[i]) == 0)
				w->has_col[i] = 1;
	}
	sqlite3_finalize(st);
}

/* ---- time */

/* `now` in the shape of `sample` (an updated_at of the database). */
static void now_like(const struct wctx *w, const char *sample, char *out, size_t size)
{
	timestamp_format_like(w->now, sample && *sample ? sample : w->any_sample, out, size);
}

/* events.created_at and comments.created_at are SQLite's
 * CURRENT_TIMESTAMP in bd (never bound); written from `now` here so
 * that a test with a fixed clock sees a fixed value. */
static void now_sqlite(const struct wctx *w, char *out, size_t size)
{
	timestamp_format_like(w->now, "2000-01-01 00:00:00", out, size);
}

/* ---- side tables */

static void mark_dirty(struct wctx *w, const char *id)
{
	size_t i;
	if (!w->has_dirty || strncmp(id, "external:", 9) == 0)
		return;
	for (i = 0; i < w->dirty_count; i++)
		if (strcmp(w->dirty[i], id) == 0)
			return;
	GROW(w->dirty, w->dirty_cap, w->dirty_count + 1);
	w->dirty[w->dirty_count++] = xstrdup(id);
}

static int flush_dirty(struct wctx *w)
{
	char now[64];
	size_t i;
	now_like(w, NULL, now, sizeof(now));
	for (i = 0; i < w->dirty_count; i++)
		if (run(w,
			"INSERT INTO dirty_issues (issue_id, marked_at) VALUES (?, ?) "
			"ON CONFLICT (issue_id) DO UPDATE SET marked_at = excluded.marked_at",
			"ss", w->dirty[i], now) < 0)
			return -1;
	return 0;
}

static int add_event(struct wctx *w, const char *id, const char *type, const char *old_value,
		     const char *new_value, const char *comment)
{
	char now[32];
	if (!w->has_events)
		return 0;
	now_sqlite(w, now, sizeof(now));
	return run(w,
		   "INSERT INTO events (issue_id, event_type, actor, old_value, new_value, comment, created_at) "
		   "VALUES (?, ?, ?, ?, ?, ?, ?)",
		   "sssssss", id, type, w->actor, old_value, new_value, comment, now) < 0
		       ? -1
		       : 0;
}

/* bd's blocked_issues_cache rebuild (blocked_cache.go), the version
 * whose blocker statuses include hooked, as model/graph.c computes it.
 * One difference: bd stores '' as a dependency's metadata, which is not
 * JSON, and json_extract fails on it; the metadata is read only when it
 * is valid JSON (else as NULL, the default gate). */
static const char rebuild_cache_sql[] =
	"INSERT INTO blocked_issues_cache (issue_id) "
	"WITH RECURSIVE "
	"  blocked_directly AS ( "
	"    SELECT DISTINCT d.issue_id FROM dependencies d JOIN issues blocker ON d.depends_on_id = blocker.id "
	"    WHERE d.type = 'blocks' AND blocker.status IN ('open', 'in_progress', 'blocked', 'deferred', 'hooked') "
	"    UNION "
	"    SELECT DISTINCT d.issue_id FROM dependencies d JOIN issues blocker ON d.depends_on_id = blocker.id "
	"    WHERE d.type = 'conditional-blocks' AND ( "
	"      blocker.status IN ('open', 'in_progress', 'blocked', 'deferred') "
	"      OR (blocker.status = 'closed' AND NOT ( "
	"        LOWER(COALESCE(blocker.close_reason, '')) LIKE '%failed%' "
	"        OR LOWER(COALESCE(blocker.close_reason, '')) LIKE '%rejected%' "
	"        OR LOWER(COALESCE(blocker.close_reason, '')) LIKE '%wontfix%' "
	"        OR LOWER(COALESCE(blocker.close_reason, '')) LIKE '%won''t fix%' "
	"        OR LOWER(COALESCE(blocker.close_reason, '')) LIKE '%cancelled%' "
	"        OR LOWER(COALESCE(blocker.close_reason, '')) LIKE '%canceled%' "
	"        OR LOWER(COALESCE(blocker.close_reason, '')) LIKE '%abandoned%' "
	"        OR LOWER(COALESCE(blocker.close_reason, '')) LIKE '%blocked%' "
	"        OR LOWER(COALESCE(blocker.close_reason, '')) LIKE '%error%' "
	"        OR LOWER(COALESCE(blocker.close_reason, '')) LIKE '%timeout%' "
	"        OR LOWER(COALESCE(blocker.close_reason, '')) LIKE '%aborted%'))) "
	"    UNION "
	"    SELECT DISTINCT d.issue_id FROM dependencies d WHERE d.type = 'waits-for' AND ( "
	"      (COALESCE(json_extract(CASE WHEN json_valid(d.metadata) THEN d.metadata END, '$.gate'), 'all-children') = 'all-children' "
	"       AND EXISTS (SELECT 1 FROM dependencies child_dep JOIN issues child ON child_dep.issue_id = child.id "
	"                   WHERE child_dep.type = 'parent-child' "
	"                     AND child_dep.depends_on_id = COALESCE(json_extract(CASE WHEN json_valid(d.metadata) THEN d.metadata END, '$.spawner_id'), "
	"                                                            d.depends_on_id) "
	"                     AND child.status NOT IN ('closed', 'tombstone'))) "
	"      OR "
	"      (COALESCE(json_extract(CASE WHEN json_valid(d.metadata) THEN d.metadata END, '$.gate'), 'all-children') = 'any-children' "
	"       AND NOT EXISTS (SELECT 1 FROM dependencies child_dep JOIN issues child ON child_dep.issue_id = child.id "
	"                       WHERE child_dep.type = 'parent-child' "
	"                         AND child_dep.depends_on_id = COALESCE(json_extract(CASE WHEN json_valid(d.metadata) THEN d.metadata END, '$.spawner_id'), "
	"                                                                d.depends_on_id) "
	"                         AND child.status IN ('closed', 'tombstone')))) "
	"  ), "
	"  blocked_transitively AS ( "
	"    SELECT issue_id, 0 AS depth FROM blocked_directly "
	"    UNION ALL "
	"    SELECT d.issue_id, bt.depth + 1 FROM blocked_transitively bt "
	"    JOIN dependencies d ON d.depends_on_id = bt.issue_id "
	"    WHERE d.type = 'parent-child' AND bt.depth < 50 "
	"  ) "
	"SELECT DISTINCT issue_id FROM blocked_transitively";

static int rebuild_cache(struct wctx *w)
{
	if (!w->has_cache || !w->has_deps)
		return 0;
	if (run(w, "DELETE FROM blocked_issues_cache", "") < 0)
		return -1;
	return run(w, rebuild_cache_sql, "") < 0 ? -1 : 0;
}

/* ---- the old issue */

/* The issue's row as bd's json.Marshal(oldIssue) prints it: fields in
 * the order of bd's Issue struct, empty ones omitted (priority,
 * created_at and updated_at always there), labels at their place. */
struct old_issue {
	char *json;           /* old_value */
	char *status;
	char *updated_at;     /* as stored */
	char *assignee, *title, *issue_type, *close_reason;
	char *text[4];        /* description, design, acceptance_criteria, notes */
	int priority;
};

static void old_issue_free(struct old_issue *o)
{
	int i;
	free(o->json);
	free(o->status);
	free(o->updated_at);
	free(o->assignee);
	free(o->title);
	free(o->issue_type);
	free(o->close_reason);
	for (i = 0; i < 4; i++)
		free(o->text[i]);
	memset(o, 0, sizeof(*o));
}

static char *column_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return xstrdup(s ? (const char *)s : "");
}

/* Reads the issue. 1 found, 0 not found, -1 error. */
static int read_old_issue(struct wctx *w, const char *id, struct old_issue *o)
{
	/* id, title, then the optional columns in struct order */
	static const enum wcol order[] = {W_DESCRIPTION, W_DESIGN, W_ACCEPTANCE, W_NOTES};
	struct buf sql = {0};
	sqlite3_stmt *st = NULL;
	cJSON *obj;
	int rc, i, col;
	memset(o, 0, sizeof(*o));
	buf_puts(&sql, "SELECT id, title, status, priority");
	for (i = 0; i < W_COUNT; i++)
		buf_printf(&sql, ", %s", w->has_col[i] ? wcol_names[i] : "NULL");
	buf_puts(&sql, " FROM issues WHERE id = ?");
	rc = sqlite3_prepare_v2(w->db, sql.data, -1, &st, NULL);
	buf_free(&sql);
	if (rc != SQLITE_OK || sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT) != SQLITE_OK) {
		sqlite3_finalize(st);
		fail_sql(w, "reading an issue");
		return -1;
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE)
			return 0;
		fail_sql(w, "reading an issue");
		return -1;
	}
#define C(k) (4 + (k))
	o->title = column_dup(st, 1);
	o->status = column_dup(st, 2);
	o->priority = sqlite3_column_int(st, 3);
	o->issue_type = column_dup(st, C(W_ISSUE_TYPE));
	o->assignee = column_dup(st, C(W_ASSIGNEE));
	o->updated_at = column_dup(st, C(W_UPDATED_AT));
	o->close_reason = column_dup(st, C(W_CLOSE_REASON));
	for (i = 0; i < 4; i++)
		o->text[i] = column_dup(st, C(order[i]));

	obj = cJSON_CreateObject();
	cJSON_AddStringToObject(obj, "id", id);
	cJSON_AddStringToObject(obj, "title", o->title);
	for (i = 0; i < 4; i++)
		if (*o->text[i])
			cJSON_AddStringToObject(obj, wcol_names[order[i]], o->text[i]);
	if (*o->status)
		cJSON_AddStringToObject(obj, "status", o->status);
	cJSON_AddNumberToObject(obj, "priority", o->priority);
	{
		static const struct {
			enum wcol col;
			int always;
		} rest[] = {{W_ISSUE_TYPE, 0}, {W_ASSIGNEE, 0},	 {W_OWNER, 0},	   {W_CREATED_AT, 1},
			    {W_CREATED_BY, 0}, {W_UPDATED_AT, 1}, {W_CLOSED_AT, 0}, {W_CLOSE_REASON, 0}};
		size_t k;
		for (k = 0; k < ARRAY_SIZE(rest); k++) {
			col = C(rest[k].col);
			if (sqlite3_column_type(st, col) == SQLITE_NULL && !rest[k].always)
				continue;
			{
				const unsigned char *s = sqlite3_column_text(st, col);
				const char *v = s ? (const char *)s : "";
				if (*v || rest[k].always)
					cJSON_AddStringToObject(obj, wcol_names[rest[k].col], v);
			}
		}
	}
#undef C
	sqlite3_finalize(st);
	/* labels, sorted as bd's GetLabels returns them */
	if (w->has_labels &&
	    sqlite3_prepare_v2(w->db, "SELECT label FROM labels WHERE issue_id = ? ORDER BY label", -1, &st, NULL) ==
		    SQLITE_OK) {
		cJSON *labels = NULL;
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (!labels)
				labels = cJSON_AddArrayToObject(obj, "labels");
			cJSON_AddItemToArray(labels, cJSON_CreateString((const char *)sqlite3_column_text(st, 0)));
		}
		sqlite3_finalize(st);
	}
	o->json = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	if (!o->json)
		tib_die("out of memory");
	{
		/* cJSON's buffer is freed with free() like ours (default hooks) */
		char *copy = xstrdup(o->json);
		cJSON_free(o->json);
		o->json = copy;
	}
	return 1;
}

/* ---- changes */

static const char *text_column(enum change_kind kind)
{
	switch (kind) {
	case CHANGE_TITLE:
		return "title";
	case CHANGE_TYPE:
		return "issue_type";
	case CHANGE_ASSIGNEE:
		return "assignee";
	case CHANGE_DESCRIPTION:
		return "description";
	case CHANGE_DESIGN:
		return "design";
	case CHANGE_ACCEPTANCE:
		return "acceptance_criteria";
	case CHANGE_NOTES:
		return "notes";
	default:
		return NULL;
	}
}

static int column_present(const struct wctx *w, const char *name)
{
	int i;
	if (strcmp(name, "title") == 0)
		return 1;
	for (i = 0; i < W_COUNT; i++)
		if (strcmp(wcol_names[i], name) == 0)
			return w->has_col[i];
	return 0;
}

static char *json_print(cJSON *obj)
{
	char *s = cJSON_PrintUnformatted(obj), *copy;
	cJSON_Delete(obj);
	if (!s)
		tib_die("out of memory");
	copy = xstrdup(s);
	cJSON_free(s);
	return copy;
}

/* bd's UpdateIssue with one field (or the status and what follows it). */
static int update_issue(struct wctx *w, const struct issue_change *c, const struct old_issue *old)
{
	char now[64], closed_now[64];
	cJSON *changed = cJSON_CreateObject(); /* keys added in sorted order */
	char *new_json;
	const char *event = "updated";
	int rc;
	now_like(w, old->updated_at, now, sizeof(now));
	if (c->kind == CHANGE_STATUS) {
		int closing = strcmp(c->text, "closed") == 0, was_closed = strcmp(old->status, "closed") == 0;
		if (closing) {
			/* as `bd close`: one UPDATE with the reason, event
			 * "closed" with the reason as its comment */
			STR_COPY(closed_now, now);
			if (w->has_col[W_CLOSE_REASON])
				rc = run(w,
					 "UPDATE issues SET status = ?, closed_at = ?, updated_at = ?, close_reason = ? "
					 "WHERE id = ?",
					 "sssss", c->text, closed_now, now, c->reason ? c->reason : "", c->id);
			else
				rc = run(w, "UPDATE issues SET status = ?, closed_at = ?, updated_at = ? WHERE id = ?", "ssss",
					 c->text, closed_now, now, c->id);
			cJSON_Delete(changed);
			if (rc < 0)
				return -1;
			w->rebuild_cache = 1;
			mark_dirty(w, c->id);
			return add_event(w, c->id, "closed", NULL, NULL, c->reason ? c->reason : "");
		}
		if (was_closed) {
			/* reopening: bd's manageClosedAt */
			if (w->has_col[W_CLOSE_REASON])
				cJSON_AddStringToObject(changed, "close_reason", "");
			cJSON_AddNullToObject(changed, "closed_at");
			if (w->has_col[W_CLOSE_REASON])
				rc = run(w,
					 "UPDATE issues SET updated_at = ?, status = ?, closed_at = NULL, close_reason = '' "
					 "WHERE id = ?",
					 "sss", now, c->text, c->id);
			else
				rc = run(w, "UPDATE issues SET updated_at = ?, status = ?, closed_at = NULL WHERE id = ?",
					 "sss", now, c->text, c->id);
			event = "reopened";
		} else {
			rc = run(w, "UPDATE issues SET updated_at = ?, status = ? WHERE id = ?", "sss", now, c->text, c->id);
			event = "status_changed";
		}
		cJSON_AddStringToObject(changed, "status", c->text);
		w->rebuild_cache = 1;
	} else if (c->kind == CHANGE_PRIORITY) {
		rc = run(w, "UPDATE issues SET updated_at = ?, priority = ? WHERE id = ?", "sis", now, (int64_t)c->number,
			 c->id);
		cJSON_AddNumberToObject(changed, "priority", c->number);
	} else {
		const char *column = text_column(c->kind);
		char sql[128];
		if (c->kind == CHANGE_TITLE && strlen(c->text) > 500) {
			/* the schema's CHECK, said in words */
			cJSON_Delete(changed);
			tib_fail(w->err, TIB_ERR_UNSUPPORTED, "%s: %s: a title is at most 500 characters", w->path, c->id);
			return -1;
		}
		if (!column_present(w, column)) {
			cJSON_Delete(changed);
			tib_fail(w->err, TIB_ERR_UNSUPPORTED, "%s: this database has no %s column", w->path, column);
			return -1;
		}
		snprintf(sql, sizeof(sql), "UPDATE issues SET updated_at = ?, %s = ? WHERE id = ?", column);
		rc = run(w, sql, "sss", now, c->text ? c->text : "", c->id);
		cJSON_AddStringToObject(changed, column, c->text ? c->text : "");
	}
	if (rc < 0) {
		cJSON_Delete(changed);
		return -1;
	}
	new_json = json_print(changed);
	rc = add_event(w, c->id, event, old->json, new_json, NULL);
	free(new_json);
	mark_dirty(w, c->id);
	return rc;
}

static int change_label(struct wctx *w, const struct issue_change *c)
{
	char comment[600];
	int n;
	if (!w->has_labels) {
		tib_fail(w->err, TIB_ERR_UNSUPPORTED, "%s: this database has no labels table", w->path);
		return -1;
	}
	if (c->kind == CHANGE_ADD_LABEL)
		n = run(w, "INSERT OR IGNORE INTO labels (issue_id, label) VALUES (?, ?)", "ss", c->id, c->text);
	else
		n = run(w, "DELETE FROM labels WHERE issue_id = ? AND label = ?", "ss", c->id, c->text);
	if (n <= 0) /* bd: no row changed, no event */
		return n;
	snprintf(comment, sizeof(comment), "%s label: %s", c->kind == CHANGE_ADD_LABEL ? "Added" : "Removed", c->text);
	mark_dirty(w, c->id);
	return add_event(w, c->id, c->kind == CHANGE_ADD_LABEL ? "label_added" : "label_removed", NULL, NULL, comment);
}

/* bd's default dependency type */
static const char *dep_type_of(const struct issue_change *c)
{
	return c->dep_type && *c->dep_type ? c->dep_type : "blocks";
}

static int blocking_type(const char *type)
{
	return dep_kind_is_blocking(dep_kind_of(type));
}

static int add_dependency(struct wctx *w, const char *from, const char *to, const char *type, const char *sample)
{
	char now[64], comment[600], found[8];
	int n;
	if (!w->has_deps) {
		tib_fail(w->err, TIB_ERR_UNSUPPORTED, "%s: this database has no dependencies table", w->path);
		return -1;
	}
	if (strcmp(from, to) == 0) {
		tib_fail(w->err, TIB_ERR_UNSUPPORTED, "%s: %s cannot depend on itself", w->path, from);
		return -1;
	}
	if (strncmp(to, "external:", 9) != 0) {
		n = query_text(w, found, sizeof(found), "SELECT 1 FROM issues WHERE id = ?", "s", to);
		if (n <= 0) {
			if (n == 0)
				tib_fail(w->err, TIB_ERR_NOT_FOUND, "%s: no issue %s", w->path, to);
			return -1;
		}
	}
	n = query_text(w, found, sizeof(found),
		       "SELECT 1 FROM dependencies WHERE issue_id = ? AND depends_on_id = ? AND type = ?", "sss", from, to,
		       type);
	if (n != 0) {
		if (n > 0)
			tib_fail(w->err, TIB_ERR_UNSUPPORTED, "%s: %s already depends on %s (%s)", w->path, from, to, type);
		return -1;
	}
	now_like(w, sample, now, sizeof(now));
	if (run(w,
		"INSERT INTO dependencies (issue_id, depends_on_id, type, created_at, created_by, metadata, thread_id) "
		"VALUES (?, ?, ?, ?, ?, '', '')",
		"sssss", from, to, type, now, w->actor) < 0)
		return -1;
	snprintf(comment, sizeof(comment), "Added dependency: %s %s %s", from, type, to);
	mark_dirty(w, from);
	mark_dirty(w, to);
	if (blocking_type(type))
		w->rebuild_cache = 1;
	return add_event(w, from, "dependency_added", NULL, NULL, comment);
}

static int remove_dependency(struct wctx *w, const struct issue_change *c)
{
	char comment[600];
	int n;
	if (!w->has_deps) {
		tib_fail(w->err, TIB_ERR_UNSUPPORTED, "%s: this database has no dependencies table", w->path);
		return -1;
	}
	n = run(w, "DELETE FROM dependencies WHERE issue_id = ? AND depends_on_id = ? AND type = ?", "sss", c->id, c->text,
		dep_type_of(c));
	if (n < 0)
		return -1;
	if (n == 0) {
		tib_fail(w->err, TIB_ERR_CONFLICT, "%s: %s no longer depends on %s (%s); reload", w->path, c->id, c->text,
			 dep_type_of(c));
		return -1;
	}
	snprintf(comment, sizeof(comment), "Removed dependency on %s", c->text);
	mark_dirty(w, c->id);
	mark_dirty(w, c->text);
	if (blocking_type(dep_type_of(c)))
		w->rebuild_cache = 1;
	return add_event(w, c->id, "dependency_removed", NULL, NULL, comment);
}

static int add_comment(struct wctx *w, const struct issue_change *c)
{
	char now[32];
	if (!w->has_comments) {
		tib_fail(w->err, TIB_ERR_UNSUPPORTED, "%s: this database has no comments table", w->path);
		return -1;
	}
	/* as `bd comments add`: the comment row, the issue marked dirty,
	 * updated_at untouched; plus the "commented" event bd's events API
	 * records, so the issue's history shows it */
	now_sqlite(w, now, sizeof(now));
	if (run(w, "INSERT INTO comments (issue_id, author, text, created_at) VALUES (?, ?, ?, ?)", "ssss", c->id,
		w->actor, c->text, now) < 0)
		return -1;
	mark_dirty(w, c->id);
	return add_event(w, c->id, "commented", NULL, NULL, c->text);
}

/* ---- creating */

static int id_taken(struct wctx *w, const char *id)
{
	char found[8];
	return query_text(w, found, sizeof(found), "SELECT 1 FROM issues WHERE id = ?", "s", id);
}

static int new_top_level_id(struct wctx *w, const struct issue_change *c, char *out, size_t size)
{
	char prefix[128] = "", count_text[32];
	int length, n;
	unsigned attempt;
	if (w->has_config)
		n = query_text(w, prefix, sizeof(prefix), "SELECT value FROM config WHERE key = 'issue_prefix'", "");
	else
		n = 0;
	if (n < 0)
		return -1;
	if (!*prefix) {
		/* no configured prefix: the one most ids use */
		struct prefix_tally tally;
		sqlite3_stmt *st = NULL;
		memset(&tally, 0, sizeof(tally));
		if (sqlite3_prepare_v2(w->db, "SELECT id FROM issues", -1, &st, NULL) == SQLITE_OK)
			while (sqlite3_step(st) == SQLITE_ROW)
				prefix_tally_add(&tally, (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		STR_COPY(prefix, prefix_tally_best(&tally));
	}
	/* bd counts the top-level issues of the prefix */
	n = query_text(w, count_text, sizeof(count_text),
		       "SELECT COUNT(*) FROM issues WHERE id LIKE ? || '-%' AND instr(substr(id, length(?) + 2), '.') = 0",
		       "ss", prefix, prefix);
	if (n < 0)
		return -1;
	length = issue_id_hash_length((size_t)strtoull(count_text, NULL, 10));
	for (attempt = 0;; attempt++) {
		if (attempt && attempt % 10 == 0 && length < 8)
			length++; /* bd: ten tries per length, then a longer id */
		issue_id_make(prefix, c->text, w->actor, w->now, length, attempt, out, size);
		n = id_taken(w, out);
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		if (attempt > 200) {
			tib_fail(w->err, TIB_ERR_SQL, "%s: no free id found for a new issue", w->path);
			return -1;
		}
	}
}

static int new_child_id(struct wctx *w, const char *parent, char *out, size_t size)
{
	char n_text[32];
	int n, tries;
	for (tries = 0; tries < 10000; tries++) {
		if (w->has_counters) {
			n = query_text(w, n_text, sizeof(n_text),
				       "INSERT INTO child_counters (parent_id, last_child) VALUES (?, 1) "
				       "ON CONFLICT(parent_id) DO UPDATE SET last_child = last_child + 1 RETURNING last_child",
				       "s", parent);
			if (n <= 0) {
				if (n == 0)
					fail_sql(w, "numbering a child");
				return -1;
			}
		} else {
			snprintf(n_text, sizeof(n_text), "%d", tries + 1);
		}
		snprintf(out, size, "%s.%s", parent, n_text);
		/* an imported child may hold a number the counter never gave */
		n = id_taken(w, out);
		if (n <= 0)
			return n;
	}
	tib_fail(w->err, TIB_ERR_SQL, "%s: no free child number under %s", w->path, parent);
	return -1;
}

static int create_issue(struct wctx *w, const struct issue_change *c)
{
	char id[ISSUE_ID_MAX], now[64];
	const char *type = c->issue_type && *c->issue_type ? c->issue_type : "task";
	struct buf cols = {0}, vals = {0};
	cJSON *obj;
	char *json;
	int rc;

	if (!c->text || !*c->text) {
		tib_fail(w->err, TIB_ERR_UNSUPPORTED, "%s: a new issue needs a title", w->path);
		return -1;
	}
	if (strlen(c->text) > 500) {
		tib_fail(w->err, TIB_ERR_UNSUPPORTED, "%s: a title is at most 500 characters", w->path);
		return -1;
	}
	if (c->id) {
		rc = id_taken(w, c->id);
		if (rc <= 0) {
			if (rc == 0)
				tib_fail(w->err, TIB_ERR_NOT_FOUND, "%s: no issue %s", w->path, c->id);
			return -1;
		}
		if (new_child_id(w, c->id, id, sizeof(id)) < 0)
			return -1;
	} else if (new_top_level_id(w, c, id, sizeof(id)) < 0) {
		return -1;
	}
	now_like(w, NULL, now, sizeof(now));
	/* the columns this schema has, with bd's values for a new issue */
	buf_puts(&cols, "id, title, status, priority");
	buf_puts(&vals, "?1, ?2, 'open', ?3");
	if (w->has_col[W_ISSUE_TYPE]) {
		buf_puts(&cols, ", issue_type");
		buf_puts(&vals, ", ?4");
	}
	if (w->has_col[W_ASSIGNEE]) {
		buf_puts(&cols, ", assignee");
		buf_puts(&vals, ", ''");
	}
	if (w->has_col[W_CREATED_AT]) {
		buf_puts(&cols, ", created_at");
		buf_puts(&vals, ", ?5");
	}
	if (w->has_col[W_CREATED_BY]) {
		buf_puts(&cols, ", created_by");
		buf_puts(&vals, ", ?6");
	}
	if (w->has_col[W_UPDATED_AT]) {
		buf_puts(&cols, ", updated_at");
		buf_puts(&vals, ", ?5");
	}
	{
		char sql[512];
		snprintf(sql, sizeof(sql), "INSERT INTO issues (%s) VALUES (%s)", cols.data, vals.data);
		rc = run(w, sql, "ssisss", id, c->text, (int64_t)c->number, type, now, w->actor);
	}
	buf_free(&cols);
	buf_free(&vals);
	if (rc < 0)
		return -1;
	obj = cJSON_CreateObject();
	cJSON_AddStringToObject(obj, "id", id);
	cJSON_AddStringToObject(obj, "title", c->text);
	cJSON_AddStringToObject(obj, "status", "open");
	cJSON_AddNumberToObject(obj, "priority", c->number);
	cJSON_AddStringToObject(obj, "issue_type", type);
	cJSON_AddStringToObject(obj, "created_at", now);
	cJSON_AddStringToObject(obj, "created_by", w->actor);
	cJSON_AddStringToObject(obj, "updated_at", now);
	json = json_print(obj);
	rc = add_event(w, id, "created", NULL, json, NULL);
	free(json);
	if (rc < 0)
		return -1;
	mark_dirty(w, id);
	/* bd create --parent: the child's parent-child dependency */
	if (c->id && add_dependency(w, id, c->id, "parent-child", now) < 0)
		return -1;
	if (c->created_id)
		str_copy(c->created_id, ISSUE_ID_MAX, id);
	return 0;
}

/* Undo of a create: the issue and everything that refers to it. */
static int delete_issue(struct wctx *w, const struct issue_change *c)
{
	static const char *const side[] = {
		"DELETE FROM labels WHERE issue_id = ?",
		"DELETE FROM dependencies WHERE issue_id = ?",
		"DELETE FROM dependencies WHERE depends_on_id = ?",
		"DELETE FROM comments WHERE issue_id = ?",
		"DELETE FROM events WHERE issue_id = ?",
		"DELETE FROM dirty_issues WHERE issue_id = ?",
		"DELETE FROM blocked_issues_cache WHERE issue_id = ?",
		"DELETE FROM child_counters WHERE parent_id = ?",
	};
	const int present[] = {w->has_labels, w->has_deps, w->has_deps, w->has_comments,
			       w->has_events, w->has_dirty, w->has_cache, w->has_counters};
	size_t i;
	char parent[ISSUE_ID_MAX];
	const char *dot = strrchr(c->id, '.');
	for (i = 0; i < ARRAY_SIZE(side); i++)
		if (present[i] && run(w, side[i], "s", c->id) < 0)
			return -1;
	if (run(w, "DELETE FROM issues WHERE id = ?", "s", c->id) < 0)
		return -1;
	/* give the child number back if it was the last one handed out */
	if (dot && w->has_counters && (size_t)(dot - c->id) < sizeof(parent)) {
		snprintf(parent, sizeof(parent), "%.*s", (int)(dot - c->id), c->id);
		if (run(w, "UPDATE child_counters SET last_child = last_child - 1 WHERE parent_id = ? AND last_child = ?",
			"si", parent, (int64_t)strtoll(dot + 1, NULL, 10)) < 0)
			return -1;
		mark_dirty(w, parent);
	}
	w->rebuild_cache = 1;
	return 0;
}

/* ---- checking */

/* No lost update: every issue still has the updated_at tib read. */
static enum tib_status check_expectations(struct wctx *w, const struct issue_change *changes, size_t count)
{
	char stored[128];
	size_t i;
	int n;
	for (i = 0; i < count; i++) {
		const struct issue_change *c = &changes[i];
		if (c->kind == CHANGE_CREATE || !*c->id) /* !*id: an issue created by this call */
			continue;
		n = query_text(w, stored, sizeof(stored), "SELECT updated_at FROM issues WHERE id = ?", "s", c->id);
		if (n < 0)
			return w->err->status;
		if (n == 0)
			return tib_fail(w->err, TIB_ERR_NOT_FOUND, "%s: no issue %s (deleted by another program?)",
					w->path, c->id);
		if (c->expect_updated_at != TIME_NONE && w->has_col[W_UPDATED_AT] &&
		    timestamp_parse(stored) != c->expect_updated_at)
			return tib_fail(w->err, TIB_ERR_CONFLICT, "%s changed since tib read it (updated %s by another program)",
					c->id, stored);
		if (!w->any_sample[0])
			STR_COPY(w->any_sample, stored);
	}
	return TIB_OK;
}

static int apply_one(struct wctx *w, const struct issue_change *c)
{
	struct old_issue old;
	int rc;
	switch (c->kind) {
	case CHANGE_CREATE:
		return create_issue(w, c);
	case CHANGE_DELETE:
		return delete_issue(w, c);
	case CHANGE_ADD_LABEL:
	case CHANGE_REMOVE_LABEL:
		return change_label(w, c);
	case CHANGE_COMMENT:
		return add_comment(w, c);
	case CHANGE_ADD_DEP: {
		char sample[128] = "";
		if (query_text(w, sample, sizeof(sample), "SELECT updated_at FROM issues WHERE id = ?", "s", c->id) < 0)
			return -1;
		return add_dependency(w, c->id, c->text, dep_type_of(c), sample);
	}
	case CHANGE_REMOVE_DEP:
		return remove_dependency(w, c);
	default:
		break;
	}
	rc = read_old_issue(w, c->id, &old);
	if (rc <= 0) {
		if (rc == 0)
			tib_fail(w->err, TIB_ERR_NOT_FOUND, "%s: no issue %s", w->path, c->id);
		return -1;
	}
	if ((c->kind == CHANGE_STATUS && strcmp(old.status, c->text) == 0 && strcmp(c->text, "closed") != 0) ||
	    (c->kind == CHANGE_PRIORITY && old.priority == c->number)) {
		old_issue_free(&old); /* nothing to change: bd would still write; tib does not */
		return 0;
	}
	rc = update_issue(w, c, &old);
	old_issue_free(&old);
	return rc;
}

enum tib_status sqlite_write_changes(sqlite3 *db, const char *path, const struct issue_change *changes,
				     size_t count, const char *actor, int64_t now, int busy_ms, struct tib_error *err)
{
	struct wctx w;
	enum tib_status status = TIB_OK;
	size_t i;
	int rc;

	memset(&w, 0, sizeof(w));
	w.db = db;
	w.path = path;
	w.actor = actor && *actor ? actor : "tib";
	w.now = now;
	w.err = err;
	for (i = 0; i < count; i++)
		if ((status = store_check_change(&changes[i], path, err)) != TIB_OK)
			return status;
	if (count == 0)
		return TIB_OK;

	sqlite3_busy_timeout(db, busy_ms);
	rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	sqlite3_busy_timeout(db, SQLITE_WRITE_READ_BUSY_MS);
	if (rc != SQLITE_OK)
		return fail_sql(&w, "starting a write");

	find_columns(&w);
	w.has_events = table_exists(&w, "events");
	w.has_dirty = table_exists(&w, "dirty_issues");
	w.has_cache = table_exists(&w, "blocked_issues_cache");
	w.has_counters = table_exists(&w, "child_counters");
	w.has_comments = table_exists(&w, "comments");
	w.has_labels = table_exists(&w, "labels");
	w.has_deps = table_exists(&w, "dependencies");
	w.has_config = table_exists(&w, "config");

	status = check_expectations(&w, changes, count);
	if (status == TIB_OK && !w.any_sample[0] && w.has_col[W_UPDATED_AT] &&
	    query_text(&w, w.any_sample, sizeof(w.any_sample), "SELECT updated_at FROM issues LIMIT 1", "") < 0)
		status = err->status;
	if (status == TIB_OK && !w.any_sample[0]) /* an empty database: bd's shape */
		STR_COPY(w.any_sample, "2000-01-01T00:00:00.000000Z");
	for (i = 0; status == TIB_OK && i < count; i++)
		if (apply_one(&w, &changes[i]) < 0)
			status = err->status != TIB_OK ? err->status : tib_fail(err, TIB_ERR_SQL, "%s: write failed", path);
	if (status == TIB_OK && flush_dirty(&w) < 0)
		status = err->status;
	if (status == TIB_OK && w.rebuild_cache && rebuild_cache(&w) < 0)
		status = err->status;
	if (status == TIB_OK && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		status = fail_sql(&w, "committing");
	if (status != TIB_OK && !sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	for (i = 0; i < w.dirty_count; i++)
		free(w.dirty[i]);
	free(w.dirty);
	return status;
}

int sqlite_config_value(sqlite3 *db, const char *key, char *out, size_t out_size)
{
	sqlite3_stmt *st = NULL;
	int found = 0;
	if (sqlite3_prepare_v2(db, "SELECT value FROM config WHERE key = ?", -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
		snprintf(out, out_size, "%s", (const char *)sqlite3_column_text(st, 0));
		found = *out != '\0';
	}
	sqlite3_finalize(st);
	return found;
}
