/* The SQLite backend. One connection for the whole session; every
 * statement prepared once at open and reset after each use; all of them
 * finalized in store_close(). Columns are read by name so that databases
 * from older bd migrations (fewer columns, other order) load too. */
#include "backend.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../model/text.h"
#include "sqlite_write.h"

/* How long a read waits for a writer's lock before giving up for now. */
#define STORE_BUSY_TIMEOUT_MS SQLITE_WRITE_READ_BUSY_MS

enum issue_column {
	COL_ID,
	COL_TITLE,
	COL_STATUS,
	COL_PRIORITY,
	COL_TYPE,
	COL_ASSIGNEE,
	COL_OWNER,
	COL_CREATED_BY,
	COL_CREATED_AT,
	COL_UPDATED_AT,
	COL_CLOSED_AT,
	COL_CLOSE_REASON,
	COL_DEFER_UNTIL,
	COL_PINNED,
	COL_EPHEMERAL,
	COL_IS_TEMPLATE,
	COL_COUNT
};

/* Required columns exist in every beads schema since the first release. */
static const struct {
	const char *name;
	int required;
} issue_columns[COL_COUNT] = {
	[COL_ID] = {"id", 1},
	[COL_TITLE] = {"title", 1},
	[COL_STATUS] = {"status", 1},
	[COL_PRIORITY] = {"priority", 1},
	[COL_TYPE] = {"issue_type", 0},
	[COL_ASSIGNEE] = {"assignee", 0},
	[COL_OWNER] = {"owner", 0},
	[COL_CREATED_BY] = {"created_by", 0},
	[COL_CREATED_AT] = {"created_at", 0},
	[COL_UPDATED_AT] = {"updated_at", 0},
	[COL_CLOSED_AT] = {"closed_at", 0},
	[COL_CLOSE_REASON] = {"close_reason", 0},
	[COL_DEFER_UNTIL] = {"defer_until", 0},
	[COL_PINNED] = {"pinned", 0},
	[COL_EPHEMERAL] = {"ephemeral", 0},
	[COL_IS_TEMPLATE] = {"is_template", 0},
};

static const char *const detail_columns[] = {"description", "design", "acceptance_criteria", "notes"};

struct sqlite_store {
	struct source source;
	sqlite3 *db; /* NULL after a failed reopen: the UI keeps the last data */
	int read_only;
	char read_only_reason[PATH_MAX + 100]; /* why, when read_only */
	int write_wait_ms;          /* a write waits this long for the lock */
	dev_t dev;
	ino_t ino;
	off_t size;                 /* of a file that failed to open, to notice */
	struct timespec mtime;      /* it being fixed in place (or made */
	mode_t mode;                /* readable again: chmod changes only */
	struct timespec ctime;      /* the mode and ctime) */
	int immutable;              /* opened with immutable=1 (see open_connection) */
	int64_t data_version;
	unsigned long loads;        /* on this connection */
	int fold_due;               /* a re-read happened: fold the WAL (see below) */
	int col_index[COL_COUNT];                   /* result column, or -1 */
	int detail_index[ARRAY_SIZE(detail_columns)]; /* result column, or -1 */
	sqlite3_stmt *st_begin, *st_commit, *st_rollback, *st_data_version;
	sqlite3_stmt *st_issues, *st_labels, *st_deps, *st_comment_counts;
	/* incremental refresh: what the tables looked like at the last read,
	 * and the rows updated since */
	/* per table (issues, labels, dependencies, comments): a bare count(*),
	 * which SQLite answers from b-tree page counts, and max(rowid), one
	 * descent: no row is read. And the newest updated_at, from its index. */
	sqlite3_stmt *st_fp_count[4], *st_fp_maxrow[4], *st_fp_updated, *st_changed;
	struct fingerprint {
		sqlite3_int64 counts[4];
		sqlite3_int64 max_rowids[4]; /* an insert after a delete moves it */
		char max_updated[64];
	} fp;
	int fp_valid;
	int update_mode;    /* read_issue_row updates existing issues only */
	int update_missed;  /* ... and met an id that is not in the set */
	int64_t update_since; /* the newest updated_at of the last read */
	size_t newer_rows;    /* rows read that are newer than that */
	sqlite3_stmt *st_detail, *st_comments;
	/* values tib cannot show as they are (a priority 'high', a NULL id):
	 * collected by a full read, kept from the last successful one */
	struct sqlite_problems {
		struct load_problem *items;
		size_t count, cap, total;
	} problems, pending;
	int collect; /* a full read is filling `pending` */
};

static void problems_free(struct sqlite_problems *list)
{
	free(list->items);
	memset(list, 0, sizeof(*list));
}

/* Data quoted in a message: at most 47 bytes, cut at a UTF-8 boundary. */
static const char *quote_value(char *out, size_t size, const char *s)
{
	return text_quote(out, size, size, s);
}

static void problem(struct sqlite_store *store, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct sqlite_store *store, const char *fmt, ...)
{
	struct sqlite_problems *list = &store->pending;
	struct load_problem *p;
	char text[2 * sizeof(p->message)];
	va_list ap;
	size_t n;
	if (!store->collect)
		return;
	list->total++;
	if (list->count >= STORE_MAX_PROBLEMS)
		return;
	GROW(list->items, list->cap, list->count + 1);
	p = &list->items[list->count++];
	p->line = 0; /* a database has no lines: the message names the issue */
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	/* too long: cut at a character boundary, so it stays valid UTF-8 */
	n = text_cut_utf8(text, strlen(text), sizeof(p->message) - 1);
	memcpy(p->message, text, n);
	p->message[n] = '\0';
}

static enum tib_status sql_fail(struct sqlite_store *store, struct tib_error *err, int rc, const char *what)
{
	const char *path = store->source.path;
	const char *msg = store->db ? sqlite3_errmsg(store->db) : sqlite3_errstr(rc);
	switch (rc & 0xff) {
	case SQLITE_NOTADB:
		return tib_fail(err, TIB_ERR_NOT_DB, "%s: not a SQLite database", path);
	case SQLITE_CORRUPT:
		return tib_fail(err, TIB_ERR_NOT_DB, "%s: the database is corrupt (%s)", path, msg);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return tib_fail(err, TIB_ERR_BUSY, "%s: the database is locked by another process", path);
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_AUTH:
	case SQLITE_IOERR:
		return tib_fail(err, TIB_ERR_IO, "%s: cannot read: %s", path, msg);
	default:
		return tib_fail(err, TIB_ERR_SQL, "%s: %s: %s", path, what, msg);
	}
}

static void finalize_all(struct sqlite_store *store)
{
	sqlite3_stmt **stmts[] = {&store->st_begin,         &store->st_commit, &store->st_rollback,
				  &store->st_data_version,  &store->st_issues, &store->st_labels,
				  &store->st_deps,          &store->st_comment_counts,
				  &store->st_detail,        &store->st_comments,
				  &store->st_fp_count[0],   &store->st_fp_count[1],
				  &store->st_fp_count[2],   &store->st_fp_count[3],
				  &store->st_fp_maxrow[0],  &store->st_fp_maxrow[1],
				  &store->st_fp_maxrow[2],  &store->st_fp_maxrow[3],
				  &store->st_fp_updated,    &store->st_changed};
	size_t i;
	for (i = 0; i < ARRAY_SIZE(stmts); i++) {
		sqlite3_finalize(*stmts[i]);
		*stmts[i] = NULL;
	}
}

static void close_connection(struct sqlite_store *store)
{
	finalize_all(store);
	if (store->db) {
		/* every statement is finalized above, so close cannot be busy */
		sqlite3_close(store->db);
		store->db = NULL;
	}
}

static int prepare(struct sqlite_store *store, const char *sql, sqlite3_stmt **out)
{
	return sqlite3_prepare_v3(store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
}

/* Column names of a table; count 0 when the table does not exist. */
struct column_list {
	char **names;
	size_t count, cap;
};

static void column_list_free(struct column_list *list)
{
	size_t i;
	for (i = 0; i < list->count; i++)
		free(list->names[i]);
	free(list->names);
	memset(list, 0, sizeof(*list));
}

static int column_list_has(const struct column_list *list, const char *name)
{
	size_t i;
	for (i = 0; i < list->count; i++)
		if (strcmp(list->names[i], name) == 0)
			return 1;
	return 0;
}

static int read_columns(struct sqlite_store *store, const char *table, struct column_list *out)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(store, "SELECT name FROM pragma_table_info(?1)", &st);
	memset(out, 0, sizeof(*out));
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		if (!name)
			continue;
		GROW(out->names, out->cap, out->count + 1);
		out->names[out->count++] = xstrdup(name);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Column names come from our own fixed lists, never from the data; they
 * are quoted anyway. */
static void append_column(struct buf *sql, int *first, const char *name)
{
	buf_printf(sql, "%s\"%s\"", *first ? "" : ", ", name);
	*first = 0;
}

static enum tib_status prepare_issue_queries(struct sqlite_store *store, struct tib_error *err)
{
	struct column_list cols;
	struct buf sql = {0};
	int rc, first = 1, next = 0;
	size_t i;
	enum tib_status status = TIB_OK;

	rc = read_columns(store, "issues", &cols);
	if (rc != SQLITE_OK)
		return sql_fail(store, err, rc, "reading the schema");
	if (cols.count == 0) {
		column_list_free(&cols);
		return tib_fail(err, TIB_ERR_SCHEMA, "%s: not a beads database (no table 'issues')",
				store->source.path);
	}
	buf_puts(&sql, "SELECT ");
	for (i = 0; i < COL_COUNT; i++) {
		store->col_index[i] = -1;
		if (!column_list_has(&cols, issue_columns[i].name)) {
			if (issue_columns[i].required && status == TIB_OK)
				status = tib_fail(err, TIB_ERR_SCHEMA,
						  "%s: not a beads database (table 'issues' has no column '%s')",
						  store->source.path, issue_columns[i].name);
			continue;
		}
		append_column(&sql, &first, issue_columns[i].name);
		store->col_index[i] = next++;
	}
	buf_puts(&sql, " FROM issues");
	if (status == TIB_OK && (rc = prepare(store, sql.data, &store->st_issues)) != SQLITE_OK)
		status = sql_fail(store, err, rc, "preparing the issue query");
	/* The rows changed since the last read, for an incremental refresh:
	 * bd sets updated_at on every change it makes to an issue. Without
	 * that column, or if these do not prepare, every refresh is full. */
	if (status == TIB_OK && store->col_index[COL_UPDATED_AT] >= 0) {
		buf_puts(&sql, " WHERE updated_at >= ?1");
		if (prepare(store, sql.data, &store->st_changed) != SQLITE_OK ||
		    prepare(store, "SELECT count(*) FROM issues", &store->st_fp_count[0]) != SQLITE_OK ||
		    prepare(store, "SELECT max(rowid) FROM issues", &store->st_fp_maxrow[0]) != SQLITE_OK ||
		    prepare(store, "SELECT max(updated_at) FROM issues", &store->st_fp_updated) != SQLITE_OK) {
			sqlite3_finalize(store->st_changed);
			sqlite3_finalize(store->st_fp_count[0]);
			sqlite3_finalize(store->st_fp_maxrow[0]);
			sqlite3_finalize(store->st_fp_updated);
			store->st_changed = store->st_fp_count[0] = store->st_fp_maxrow[0] = store->st_fp_updated = NULL;
		}
	}

	/* Long text, for the detail of one issue. */
	buf_reset(&sql);
	buf_puts(&sql, "SELECT ");
	first = 1;
	next = 0;
	for (i = 0; i < ARRAY_SIZE(detail_columns); i++) {
		store->detail_index[i] = -1;
		if (!column_list_has(&cols, detail_columns[i]))
			continue;
		append_column(&sql, &first, detail_columns[i]);
		store->detail_index[i] = next++;
	}
	if (first)
		append_column(&sql, &first, "id");
	buf_puts(&sql, " FROM issues WHERE id = ?1");
	if (status == TIB_OK && (rc = prepare(store, sql.data, &store->st_detail)) != SQLITE_OK)
		status = sql_fail(store, err, rc, "preparing the detail query");
	buf_free(&sql);
	column_list_free(&cols);
	return status;
}

/* labels, dependencies and comments are optional: very old databases or
 * trimmed copies may lack them, and the list still works without. */
static enum tib_status prepare_related_queries(struct sqlite_store *store, struct tib_error *err)
{
	struct column_list cols;
	int rc;

	if ((rc = read_columns(store, "labels", &cols)) != SQLITE_OK)
		return sql_fail(store, err, rc, "reading the schema");
	if (column_list_has(&cols, "issue_id") && column_list_has(&cols, "label"))
		rc = prepare(store, "SELECT issue_id, label FROM labels", &store->st_labels);
	column_list_free(&cols);
	if (rc != SQLITE_OK)
		return sql_fail(store, err, rc, "preparing the label query");

	if ((rc = read_columns(store, "dependencies", &cols)) != SQLITE_OK)
		return sql_fail(store, err, rc, "reading the schema");
	if (column_list_has(&cols, "issue_id") && column_list_has(&cols, "depends_on_id"))
		rc = prepare(store,
			     column_list_has(&cols, "type")
				     ? "SELECT issue_id, depends_on_id, type FROM dependencies"
				     : "SELECT issue_id, depends_on_id, 'blocks' FROM dependencies",
			     &store->st_deps);
	column_list_free(&cols);
	if (rc != SQLITE_OK)
		return sql_fail(store, err, rc, "preparing the dependency query");

	if ((rc = read_columns(store, "comments", &cols)) != SQLITE_OK)
		return sql_fail(store, err, rc, "reading the schema");
	if (column_list_has(&cols, "issue_id") && column_list_has(&cols, "text")) {
		rc = prepare(store, "SELECT issue_id, count(*) FROM comments GROUP BY issue_id",
			     &store->st_comment_counts);
		if (rc == SQLITE_OK)
			rc = prepare(store,
				     column_list_has(&cols, "author") && column_list_has(&cols, "created_at")
					     ? "SELECT author, text, created_at FROM comments WHERE issue_id = ?1 "
					       "ORDER BY created_at, rowid"
					     : "SELECT '', text, NULL FROM comments WHERE issue_id = ?1 ORDER BY rowid",
				     &store->st_comments);
	}
	column_list_free(&cols);
	if (rc != SQLITE_OK)
		return sql_fail(store, err, rc, "preparing the comment query");
	/* optional: a failure only means full refreshes */
	if (store->st_labels) {
		prepare(store, "SELECT count(*) FROM labels", &store->st_fp_count[1]);
		prepare(store, "SELECT max(rowid) FROM labels", &store->st_fp_maxrow[1]);
	}
	if (store->st_deps) {
		prepare(store, "SELECT count(*) FROM dependencies", &store->st_fp_count[2]);
		prepare(store, "SELECT max(rowid) FROM dependencies", &store->st_fp_maxrow[2]);
	}
	if (store->st_comment_counts) {
		prepare(store, "SELECT count(*) FROM comments", &store->st_fp_count[3]);
		prepare(store, "SELECT max(rowid) FROM comments", &store->st_fp_maxrow[3]);
	}
	return TIB_OK;
}

static int step_data_version(struct sqlite_store *store, int64_t *out)
{
	int rc = sqlite3_step(store->st_data_version);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(store->st_data_version, 0);
	sqlite3_reset(store->st_data_version);
	return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static enum tib_status check_file(const struct source *source, struct stat *st, struct tib_error *err)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	size_t n;
	FILE *f;
	if (stat(source->path, st) != 0)
		return tib_fail(err, errno == ENOENT ? TIB_ERR_NOT_FOUND : TIB_ERR_IO, "%s: %s",
				source->path, strerror(errno));
	if (S_ISDIR(st->st_mode))
		return tib_fail(err, TIB_ERR_IO, "%s: is a directory", source->path);
	f = fopen(source->path, "rb");
	if (!f)
		return tib_fail(err, TIB_ERR_IO, "%s: cannot read: %s", source->path, strerror(errno));
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	if (n == 0)
		return tib_fail(err, TIB_ERR_NOT_DB, "%s: empty file, not a SQLite database", source->path);
	if (n < sizeof(head) || memcmp(head, magic, sizeof(magic)) != 0)
		return tib_fail(err, TIB_ERR_NOT_DB, "%s: not a SQLite database", source->path);
	return TIB_OK;
}

/* "file:" URI of a path for sqlite3_open_v2 with SQLITE_OPEN_URI: every
 * byte but unreserved ones and '/' percent-encoded ('?', '#', '%', ...);
 * an absolute path gets an empty authority ("file:///..."). 0 when it
 * does not fit. */
static int path_uri(const char *path, const char *query, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;
	const unsigned char *p;
	int w = snprintf(out, size, "file:%s", path[0] == '/' ? "//" : "");
	if (w < 0 || (size_t)w >= size)
		return 0;
	n = (size_t)w;
	for (p = (const unsigned char *)path; *p; p++) {
		if (n + 4 >= size)
			return 0;
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '/' || *p == '.' || *p == '-' || *p == '_' || *p == '~') {
			out[n++] = (char)*p;
		} else {
			out[n++] = '%';
			out[n++] = hex[*p >> 4];
			out[n++] = hex[*p & 15];
		}
	}
	w = snprintf(out + n, size - n, "%s", query);
	return w >= 0 && (size_t)w < size - n;
}

/* Opens `name` (a path, or a URI with SQLITE_OPEN_URI in flags) and
 * prepares everything; on failure the store holds no connection and no
 * statement. */
static enum tib_status connect_and_prepare(struct sqlite_store *store, const char *name, int flags,
					   struct tib_error *err)
{
	enum tib_status status;
	int rc = sqlite3_open_v2(name, &store->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		status = sql_fail(store, err, rc, "opening");
		close_connection(store);
		return status;
	}
	sqlite3_extended_result_codes(store->db, 1);
	/* A checkpoint at close would write the main file: reading must not. */
	sqlite3_db_config(store->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)NULL);
	sqlite3_busy_timeout(store->db, STORE_BUSY_TIMEOUT_MS);

	if ((rc = prepare(store, "BEGIN", &store->st_begin)) != SQLITE_OK ||
	    (rc = prepare(store, "COMMIT", &store->st_commit)) != SQLITE_OK ||
	    (rc = prepare(store, "ROLLBACK", &store->st_rollback)) != SQLITE_OK ||
	    (rc = prepare(store, "PRAGMA data_version", &store->st_data_version)) != SQLITE_OK) {
		status = sql_fail(store, err, rc, "preparing");
	} else if ((status = prepare_issue_queries(store, err)) == TIB_OK &&
		   (status = prepare_related_queries(store, err)) == TIB_OK) {
		if ((rc = step_data_version(store, &store->data_version)) != SQLITE_OK)
			status = sql_fail(store, err, rc, "reading data_version");
	}
	if (status != TIB_OK)
		close_connection(store);
	return status;
}

/* Opens the connection and prepares everything; on failure the store
 * holds no connection and no statement. */
static enum tib_status open_connection(struct sqlite_store *store, struct tib_error *err)
{
	struct stat st;
	enum tib_status status;
	int dir_read_only = 0;

	if ((status = check_file(&store->source, &st, err)) != TIB_OK)
		return status;
	store->dev = st.st_dev;
	store->ino = st.st_ino;
	store->size = st.st_size;
	store->mtime = st.st_mtim;
	store->mode = st.st_mode;
	store->ctime = st.st_ctim;
	store->immutable = 0;
	store->loads = 0; /* a new connection: its first read writes nothing */
	/* Read-write only so that triage can write later through this same
	 * connection; nothing is written until then. */
	store->read_only = access(store->source.path, W_OK) != 0;
	store->read_only_reason[0] = '\0';
	{
		/* a write creates the journal (or -wal, -shm) beside the file */
		char dir[PATH_MAX];
		const char *slash = strrchr(store->source.path, '/');
		if (slash)
			snprintf(dir, sizeof(dir), "%.*s", (int)(slash == store->source.path ? 1 : slash - store->source.path),
				 store->source.path);
		else
			snprintf(dir, sizeof(dir), ".");
		dir_read_only = access(dir, W_OK) != 0;
		if (store->read_only) {
			snprintf(store->read_only_reason, sizeof(store->read_only_reason), "%s is read-only",
				 store->source.path);
		} else if (dir_read_only) {
			store->read_only = 1;
			snprintf(store->read_only_reason, sizeof(store->read_only_reason),
				 "the directory %s is read-only (SQLite writes its journal there)", dir);
		}
	}
	status = connect_and_prepare(store, store->source.path,
				     store->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, err);
	if (status != TIB_OK && status != TIB_ERR_NOT_DB && status != TIB_ERR_SCHEMA && dir_read_only) {
		/* A WAL database needs its -shm file even to read, and cannot
		 * create it in a read-only directory ("attempt to write a
		 * readonly database"). Read it as immutable instead: SQLite then
		 * takes no lock and ignores any -wal, so live refresh cannot see
		 * other writers' commits (data_version never moves); poll only
		 * notices the file being replaced (inode) or rewritten (size,
		 * mtime) and reopens it. */
		char uri[3 * PATH_MAX + 32];
		struct tib_error retry_err = {0};
		if (path_uri(store->source.path, "?immutable=1", uri, sizeof(uri)) &&
		    connect_and_prepare(store, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, &retry_err) == TIB_OK) {
			size_t len = strlen(store->read_only_reason);
			store->immutable = 1;
			store->read_only = 1;
			if (!len) {
				snprintf(store->read_only_reason, sizeof(store->read_only_reason), "%s is read-only",
					 store->source.path);
				len = strlen(store->read_only_reason);
			}
			snprintf(store->read_only_reason + len, sizeof(store->read_only_reason) - len,
				 "; opened immutable: changes by other programs are not seen");
			return TIB_OK;
		}
	}
	return status;
}

static enum tib_status sqlite_open(const struct source *source, void **state, struct tib_error *err)
{
	struct sqlite_store *store = xcalloc(1, sizeof(*store));
	enum tib_status status;
	store->source = *source;
	status = open_connection(store, err);
	if (status != TIB_OK) {
		free(store);
		return status;
	}
	*state = store;
	return TIB_OK;
}

static void sqlite_close(void *state)
{
	struct sqlite_store *store = state;
	if (!store)
		return;
	close_connection(store);
	problems_free(&store->problems);
	problems_free(&store->pending);
	free(store);
}

static int sqlite_is_read_only(const void *state)
{
	const struct sqlite_store *store = state;
	return store->read_only;
}

static const char *column_text(sqlite3_stmt *st, int col)
{
	const unsigned char *text;
	if (col < 0)
		return NULL;
	text = sqlite3_column_text(st, col);
	return text ? (const char *)text : NULL;
}

static int64_t column_time(sqlite3_stmt *st, int col)
{
	return timestamp_parse(column_text(st, col));
}

static int column_flag(sqlite3_stmt *st, int col)
{
	return col >= 0 && sqlite3_column_int(st, col) != 0;
}

/* A priority that is not an integer 0-4 is reported (the issue is shown
 * as P2, or clamped to 0/4 when out of range); a text '0'-'4' (a loose
 * schema's TEXT column) is read as the number. */
static void read_priority(struct sqlite_store *store, struct issue *issue, sqlite3_stmt *st, int col,
			  const char *id)
{
	char qid[48], qv[48];
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_INTEGER: {
		/* 64 bits, so 4294967296 clamps to 4 instead of wrapping to 0 */
		sqlite3_int64 p = sqlite3_column_int64(st, col);
		if (p < 0 || p > 4)
			problem(store, "issue %s: priority %lld is not 0-4, shown as P%d", quote_value(qid, sizeof(qid), id),
				(long long)p, p < 0 ? 0 : 4);
		issue->priority = (uint8_t)(p < 0 ? 0 : p > 4 ? 4 : p);
		return;
	}
	case SQLITE_TEXT: {
		const char *t = (const char *)sqlite3_column_text(st, col);
		if (t && t[0] >= '0' && t[0] <= '4' && t[1] == '\0') {
			issue->priority = (uint8_t)(t[0] - '0');
			return;
		}
		problem(store, "issue %s: priority '%s' is not 0-4, shown as P%d", quote_value(qid, sizeof(qid), id),
			quote_value(qv, sizeof(qv), t ? t : ""), issue->priority);
		return;
	}
	case SQLITE_FLOAT:
		problem(store, "issue %s: priority %g is not 0-4, shown as P%d", quote_value(qid, sizeof(qid), id),
			sqlite3_column_double(st, col), issue->priority);
		return;
	case SQLITE_BLOB:
		problem(store, "issue %s: priority is a blob, not 0-4, shown as P%d", quote_value(qid, sizeof(qid), id),
			issue->priority);
		return;
	default: /* NULL: the default, as bd does */
		return;
	}
}

static void read_issue_row(struct sqlite_store *store, struct issue_set *set, sqlite3_stmt *st)
{
	const int *ix = store->col_index;
	const char *id = column_text(st, ix[COL_ID]);
	struct issue *issue;
	if (!id || !*id) {
		problem(store, "a row of issues with %s id skipped", id ? "an empty" : "a NULL");
		return;
	}
	if (store->update_mode) {
		issue = issue_set_update(set, id);
		if (!issue) {
			store->update_missed = 1;
			return;
		}
	} else {
		issue = issue_set_add(set, id);
	}
	issue->title = issue_set_strdup(set, column_text(st, ix[COL_TITLE]));
	issue_set_set_status(set, issue, column_text(st, ix[COL_STATUS]));
	read_priority(store, issue, st, ix[COL_PRIORITY], id);
	{
		const char *type = column_text(st, ix[COL_TYPE]);
		if (type && *type)
			issue->issue_type = issue_set_intern(set, type);
	}
	issue->assignee = issue_set_intern(set, column_text(st, ix[COL_ASSIGNEE]));
	issue->owner = issue_set_intern(set, column_text(st, ix[COL_OWNER]));
	issue->created_by = issue_set_intern(set, column_text(st, ix[COL_CREATED_BY]));
	issue->close_reason = issue_set_intern(set, column_text(st, ix[COL_CLOSE_REASON]));
	issue->created_at = column_time(st, ix[COL_CREATED_AT]);
	issue->updated_at = column_time(st, ix[COL_UPDATED_AT]);
	issue->closed_at = column_time(st, ix[COL_CLOSED_AT]);
	issue->defer_until = column_time(st, ix[COL_DEFER_UNTIL]);
	if (store->update_mode && issue->updated_at > store->update_since)
		store->newer_rows++;
	if (column_flag(st, ix[COL_PINNED]))
		issue->flags |= ISSUE_PINNED;
	if (column_flag(st, ix[COL_EPHEMERAL]))
		issue->flags |= ISSUE_EPHEMERAL;
	if (column_flag(st, ix[COL_IS_TEMPLATE]))
		issue->flags |= ISSUE_TEMPLATE;
}

/* Steps a statement to the end, handing each row to fn. */
static int run_rows(struct sqlite_store *store, struct issue_set *set, sqlite3_stmt *st,
		    void (*fn)(struct sqlite_store *, struct issue_set *, sqlite3_stmt *))
{
	int rc;
	if (!st)
		return SQLITE_OK;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(store, set, st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void read_label_row(struct sqlite_store *store, struct issue_set *set, sqlite3_stmt *st)
{
	(void)store;
	issue_set_add_label(set, column_text(st, 0), column_text(st, 1));
}

static void read_dep_row(struct sqlite_store *store, struct issue_set *set, sqlite3_stmt *st)
{
	(void)store;
	issue_set_add_dep(set, column_text(st, 0), column_text(st, 1), column_text(st, 2));
}

static void read_comment_count_row(struct sqlite_store *store, struct issue_set *set, sqlite3_stmt *st)
{
	int n = sqlite3_column_int(st, 1);
	(void)store;
	issue_set_add_comment_count(set, column_text(st, 0), n > 0 ? (uint32_t)n : 0);
}

static int step_once(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int read_fingerprint(struct sqlite_store *store, struct fingerprint *fp);

static enum tib_status sqlite_load(void *state, int64_t now, struct issue_set **out,
				   struct tib_error *err)
{
	struct sqlite_store *store = state;
	struct issue_set *set;
	int rc;

	*out = NULL;
	if (!store->db)
		return tib_fail(err, TIB_ERR_IO, "%s: no valid database open", store->source.path);
	/* One read transaction: issues, labels and dependencies of the same
	 * instant, even while bd writes. */
	if ((rc = step_once(store->st_begin)) != SQLITE_OK)
		return sql_fail(store, err, rc, "starting a read");
	set = issue_set_new();
	problems_free(&store->pending);
	store->collect = 1;
	rc = run_rows(store, set, store->st_issues, read_issue_row);
	store->collect = 0;
	if (rc == SQLITE_OK &&
	    (rc = run_rows(store, set, store->st_labels, read_label_row)) == SQLITE_OK &&
	    (rc = run_rows(store, set, store->st_deps, read_dep_row)) == SQLITE_OK &&
	    (rc = run_rows(store, set, store->st_comment_counts, read_comment_count_row)) == SQLITE_OK &&
	    (rc = step_data_version(store, &store->data_version)) == SQLITE_OK)
		store->fp_valid = store->st_fp_count[0] && read_fingerprint(store, &store->fp) == SQLITE_OK;
	if (rc != SQLITE_OK) {
		enum tib_status status = sql_fail(store, err, rc, "reading issues");
		step_once(store->st_rollback);
		issue_set_free(set);
		problems_free(&store->pending);
		return status;
	}
	step_once(store->st_commit);
	problems_free(&store->problems);
	store->problems = store->pending;
	memset(&store->pending, 0, sizeof(store->pending));
	issue_set_finish(set, now);
	*out = set;
	/* the first read of a connection writes nothing; after a re-read,
	 * sqlite_fold_wal has work to do */
	store->fold_due = store->loads++ > 0 && !store->read_only;
	return TIB_OK;
}

/* Row counts and highest rowids of the tables, and the newest
 * updated_at: cheap (page counts and index descents, no row read) and
 * enough to tell "some issues were updated" from "rows were added or
 * removed somewhere". Returns an SQLite code. */
static int step_int64(sqlite3_stmt *st, sqlite3_int64 *out)
{
	int rc;
	*out = 0;
	if (!st)
		return SQLITE_OK;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_reset(st);
	return rc;
}

static int read_fingerprint(struct sqlite_store *store, struct fingerprint *fp)
{
	size_t i;
	int rc = SQLITE_OK;
	memset(fp, 0, sizeof(*fp));
	for (i = 0; i < ARRAY_SIZE(fp->counts) && rc == SQLITE_OK; i++) {
		rc = step_int64(store->st_fp_count[i], &fp->counts[i]);
		if (rc == SQLITE_OK)
			rc = step_int64(store->st_fp_maxrow[i], &fp->max_rowids[i]);
	}
	if (rc == SQLITE_OK && store->st_fp_updated) {
		rc = sqlite3_step(store->st_fp_updated);
		if (rc == SQLITE_ROW) {
			if (sqlite3_column_text(store->st_fp_updated, 0))
				STR_COPY(fp->max_updated, (const char *)sqlite3_column_text(store->st_fp_updated, 0));
			rc = SQLITE_OK;
		}
		sqlite3_reset(store->st_fp_updated);
	}
	return rc;
}

static int same_shape(const struct fingerprint *a, const struct fingerprint *b)
{
	size_t i;
	for (i = 0; i < ARRAY_SIZE(a->counts); i++)
		if (a->counts[i] != b->counts[i] || a->max_rowids[i] != b->max_rowids[i])
			return 0;
	return 1;
}

/* Full refreshes now and then keep the string arena from growing: each
 * incremental one adds the changed rows' text to it. */
#define MAX_DERIVED_SETS 64

/* A refresh that reads only the issues updated since the last read, when
 * nothing was added or removed (bd update, bd close: the common case).
 * Falls back to a full read otherwise. *out is NULL when nothing visible
 * changed (a commit to other tables, such as events). */
static enum tib_status sqlite_load_changes(void *state, struct issue_set *current, int64_t now,
					   struct issue_set **out, struct tib_error *err)
{
	struct sqlite_store *store = state;
	struct fingerprint fp;
	struct issue_set *fresh = NULL;
	int rc;

	*out = NULL;
	if (!store->db || !store->st_changed || !store->fp_valid || current->derived >= MAX_DERIVED_SETS)
		return sqlite_load(state, now, out, err);
	if ((rc = step_once(store->st_begin)) != SQLITE_OK)
		return sql_fail(store, err, rc, "starting a read");
	if ((rc = read_fingerprint(store, &fp)) != SQLITE_OK) {
		step_once(store->st_rollback);
		return sql_fail(store, err, rc, "reading the tables' sizes");
	}
	if (!same_shape(&fp, &store->fp)) {
		step_once(store->st_commit);
		return sqlite_load(state, now, out, err);
	}
	/* >= : an update within the same second as the last one counts too */
	sqlite3_bind_text(store->st_changed, 1, store->fp.max_updated, -1, SQLITE_TRANSIENT);
	fresh = issue_set_derive(current);
	store->update_mode = 1;
	store->update_missed = 0;
	store->newer_rows = 0;
	store->update_since = timestamp_parse(store->fp.max_updated);
	rc = run_rows(store, fresh, store->st_changed, read_issue_row);
	store->update_mode = 0;
	sqlite3_clear_bindings(store->st_changed);
	if (rc == SQLITE_OK)
		rc = step_data_version(store, &store->data_version);
	if (rc != SQLITE_OK || store->update_missed) {
		/* give the strings back before dropping the derived set */
		current->arena = fresh->arena;
		memset(&fresh->arena, 0, sizeof(fresh->arena));
		issue_set_free(fresh);
		step_once(store->st_rollback);
		if (rc != SQLITE_OK)
			return sql_fail(store, err, rc, "reading changed issues");
		return sqlite_load(state, now, out, err);
	}
	if (store->newer_rows == 0) {
		/* A commit that changed no updated_at: events only (bd), or a
		 * writer that does not keep updated_at. Read everything. */
		current->arena = fresh->arena;
		memset(&fresh->arena, 0, sizeof(fresh->arena));
		issue_set_free(fresh);
		step_once(store->st_commit);
		return sqlite_load(state, now, out, err);
	}
	step_once(store->st_commit);
	issue_set_refreeze(fresh, now);
	store->fp = fp;
	*out = fresh;
	store->fold_due = store->loads++ > 0 && !store->read_only;
	return TIB_OK;
}

static const char *detail_text(struct issue_detail *detail, sqlite3_stmt *st, int col)
{
	const char *text = column_text(st, col);
	return text && *text ? arena_strdup(&detail->arena, text) : "";
}

/* SQL orders comments by the created_at text, which is wrong across
 * formats and offsets; this orders by the instant. Insertion sort: the
 * rows arrive nearly sorted, and it keeps equal times in rowid order. */
static void sort_comments(struct comment *c, size_t n)
{
	size_t i, j;
	for (i = 1; i < n; i++) {
		struct comment tmp = c[i];
		for (j = i; j > 0 && c[j - 1].created_at > tmp.created_at; j--)
			c[j] = c[j - 1];
		c[j] = tmp;
	}
}

static enum tib_status sqlite_load_detail(void *state, const char *id, struct issue_detail *out,
					  struct tib_error *err)
{
	struct sqlite_store *store = state;
	const char **fields[ARRAY_SIZE(detail_columns)];
	size_t i, cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	fields[0] = &out->description;
	fields[1] = &out->design;
	fields[2] = &out->acceptance_criteria;
	fields[3] = &out->notes;
	for (i = 0; i < ARRAY_SIZE(fields); i++)
		*fields[i] = "";
	if (!store->db)
		return tib_fail(err, TIB_ERR_IO, "%s: no valid database open", store->source.path);

	sqlite3_bind_text(store->st_detail, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(store->st_detail);
	if (rc == SQLITE_ROW)
		for (i = 0; i < ARRAY_SIZE(fields); i++)
			if (store->detail_index[i] >= 0)
				*fields[i] = detail_text(out, store->st_detail, store->detail_index[i]);
	sqlite3_reset(store->st_detail);
	sqlite3_clear_bindings(store->st_detail);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sql_fail(store, err, rc, "reading an issue");

	if (!store->st_comments)
		return TIB_OK;
	sqlite3_bind_text(store->st_comments, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(store->st_comments)) == SQLITE_ROW) {
		struct comment *c;
		GROW(out->comments, cap, out->comment_count + 1);
		c = &out->comments[out->comment_count++];
		c->author = detail_text(out, store->st_comments, 0);
		c->text = detail_text(out, store->st_comments, 1);
		c->created_at = column_time(store->st_comments, 2);
	}
	sqlite3_reset(store->st_comments);
	sqlite3_clear_bindings(store->st_comments);
	sort_comments(out->comments, out->comment_count);
	if (rc != SQLITE_DONE) {
		enum tib_status status = sql_fail(store, err, rc, "reading comments");
		issue_detail_free(out);
		return status;
	}
	return TIB_OK;
}

static enum store_change sqlite_poll(void *state)
{
	struct sqlite_store *store = state;
	struct stat st;
	int64_t version = 0;
	if (stat(store->source.path, &st) != 0)
		return STORE_FILE_GONE;
	if (st.st_dev != store->dev || st.st_ino != store->ino)
		return STORE_FILE_REPLACED;
	if (!store->db || store->immutable) {
		/* a bad file: try again once it is replaced, rewritten or made
		 * readable (chmod changes the mode and ctime only). Immutable:
		 * data_version never moves, so a rewrite in place is a reopen. */
		if (st.st_size != store->size || st.st_mtim.tv_sec != store->mtime.tv_sec ||
		    st.st_mtim.tv_nsec != store->mtime.tv_nsec || st.st_mode != store->mode ||
		    (!store->immutable && (st.st_ctim.tv_sec != store->ctime.tv_sec ||
					   st.st_ctim.tv_nsec != store->ctime.tv_nsec)))
			return STORE_FILE_REPLACED;
		if (!store->db)
			return STORE_UNCHANGED;
	}
	if (step_data_version(store, &version) != SQLITE_OK)
		return STORE_UNCHANGED; /* locked right now: try again next time */
	if (version != store->data_version) {
		store->data_version = version;
		return STORE_DATA_CHANGED;
	}
	return STORE_UNCHANGED;
}

static enum tib_status sqlite_reopen(void *state, struct tib_error *err)
{
	struct sqlite_store *store = state;
	struct stat st;
	/* No checkpoint here: the -wal file is found by name, and by now it
	 * may hold commits a writer made to the NEW file; folding it into the
	 * old one would lose them. Frames of the old file were folded in after
	 * each reload (see sqlite_load). */
	close_connection(store);
	/* Remember the file we tried, so a bad replacement is not retried
	 * until it changes again. */
	if (stat(store->source.path, &st) == 0) {
		store->dev = st.st_dev;
		store->ino = st.st_ino;
		store->size = st.st_size;
		store->mtime = st.st_mtim;
		store->mode = st.st_mode;
		store->ctime = st.st_ctim;
	}
	return open_connection(store, err);
}

/* After a re-read caused by another program's commit, fold the WAL into
 * the database file and empty it (a TRUNCATE checkpoint), as that
 * program's own close would have done had our open connection not held it
 * back. Left undone, a later replacement of the file (git checkout,
 * re-import by rename) would be read through this file's stale WAL frames,
 * and the next checkpoint would write them into the new file. Never waits:
 * if a writer is busy, the next re-read does it. Called after the screen
 * shows the new data, since it costs an fsync. */
static void sqlite_fold_wal(void *state)
{
	struct sqlite_store *store = state;
	if (!store->db || !store->fold_due)
		return;
	store->fold_due = 0;
	sqlite3_busy_timeout(store->db, 0);
	sqlite3_wal_checkpoint_v2(store->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	sqlite3_busy_timeout(store->db, STORE_BUSY_TIMEOUT_MS);
}

static enum tib_status sqlite_apply_changes(void *state, const struct issue_change *changes, size_t count,
					    const char *actor, int64_t now, struct tib_error *err)
{
	struct sqlite_store *store = state;
	if (!store->db)
		return tib_fail(err, TIB_ERR_IO, "%s: no valid database open", store->source.path);
	if (store->read_only)
		return tib_fail(err, TIB_ERR_READ_ONLY, "%s", store->read_only_reason);
	return sqlite_write_changes(store->db, store->source.path, changes, count, actor, now, store->write_wait_ms,
				    err);
}

static void sqlite_set_write_wait(void *state, int busy_ms)
{
	struct sqlite_store *store = state;
	store->write_wait_ms = busy_ms;
}

static const char *sqlite_read_only_reason(const void *state)
{
	const struct sqlite_store *store = state;
	return store->read_only ? store->read_only_reason : "";
}

static int sqlite_get_config(void *state, const char *key, char *out, size_t out_size)
{
	struct sqlite_store *store = state;
	return store->db ? sqlite_config_value(store->db, key, out, out_size) : 0;
}

static const struct load_problem *sqlite_problems(const void *state, size_t *count, size_t *total)
{
	const struct sqlite_store *store = state;
	*count = store->problems.count;
	*total = store->problems.total;
	return store->problems.count ? store->problems.items : NULL;
}

static int sqlite_is_open(const void *state)
{
	const struct sqlite_store *store = state;
	return store->db != NULL;
}

const struct store_backend sqlite_backend = {
	.name = "sqlite",
	.open = sqlite_open,
	.load = sqlite_load,
	.load_detail = sqlite_load_detail,
	.poll = sqlite_poll,
	.reopen = sqlite_reopen,
	.is_read_only = sqlite_is_read_only,
	.close = sqlite_close,
	.fold_wal = sqlite_fold_wal,
	.load_changes = sqlite_load_changes,
	.apply_changes = sqlite_apply_changes,
	.set_write_wait = sqlite_set_write_wait,
	.read_only_reason = sqlite_read_only_reason,
	.config_value = sqlite_get_config,
	.is_open = sqlite_is_open,
	.problems = sqlite_problems,
};
