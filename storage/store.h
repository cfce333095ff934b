/* The storage layer: finds the beads data, owns the ONE database
 * connection of the session, and fills the model from it. Nothing outside
 * storage/ talks SQL or opens the database. */
#ifndef TIB_STORE_H
#define TIB_STORE_H

#include <limits.h>

#include "../model/issue.h"
#include "../model/util.h"

enum source_kind {
	SOURCE_SQLITE,
	SOURCE_JSONL,
};

struct source {
	enum source_kind kind;
	char path[PATH_MAX];
};

/* Finds the data to open. `arg` is the PATH given on the command line
 * (a SQLite file, a .jsonl file, or a directory), or NULL to follow beads'
 * discovery rules: $BEADS_DIR, $BEADS_DB, then .beads/ in the current
 * directory and its parents up to the git root. On failure the message
 * says where it looked. */
enum tib_status source_find(const char *arg, struct source *out, struct tib_error *err);
/* Picks the database (or JSONL export) inside one .beads directory. */
enum tib_status source_find_in_beads_dir(const char *beads_dir, struct source *out,
					 struct tib_error *err);

struct store;

/* Opens the source: checks that it is a beads database (naming the missing
 * table or column if not) and prepares every statement once. Never writes:
 * no migration, no journal-mode change. */
enum tib_status store_open(const struct source *source, struct store **out, struct tib_error *err);
/* Reads the whole issue set (list fields, labels, dependencies, comment
 * counts) in one read transaction. `now` decides what is deferred. */
enum tib_status store_load(struct store *store, int64_t now, struct issue_set **out,
			   struct tib_error *err);
/* Long text and comments of one issue, read when it is shown. */
enum tib_status store_load_detail(struct store *store, const char *id, struct issue_detail *out,
				  struct tib_error *err);

/* The long text of every issue into set->texts (for text: queries). */
enum tib_status store_load_texts(struct store *store, struct issue_set *set, struct tib_error *err);

enum store_change {
	STORE_UNCHANGED,
	STORE_DATA_CHANGED,  /* another connection committed: re-read */
	STORE_FILE_REPLACED, /* a new file at the path: reopen */
	STORE_FILE_GONE,     /* deleted: keep showing the last data */
};
/* Cheap check for new data: PRAGMA data_version on the open connection,
 * and the path's inode. */
enum store_change store_poll(struct store *store);
/* Closes the connection and opens the file now at the path, keeping the
 * old one if the new file is not a valid beads database. */
enum tib_status store_reopen(struct store *store, struct tib_error *err);
/* 0 while the store has no connection or file open (a reopen failed:
 * the UI keeps the last data); a forced reload then tries to reopen. */
int store_is_open(const struct store *store);

/* A line of a JSONL source that was skipped or repaired by the last
 * load: bad input never stops a load, it is reported here instead. */
struct load_problem {
	size_t line; /* 1-based line of the file */
	char message[200];
};
#define STORE_MAX_PROBLEMS 1000
/* The problems of the last successful load, in line order, at most
 * STORE_MAX_PROBLEMS of them; NULL with *count 0 when there were none (and
 * always for SQLite). Valid until the next successful load or close. */
const struct load_problem *store_problems(const struct store *store, size_t *count);
/* How many problems the last load found, including those beyond the
 * list (the UI says "and N more"). */
size_t store_problems_total(const struct store *store);

/* After another program's commit: the issues updated since `current`
 * was loaded are read into a new set derived from it (see
 * issue_set_derive); a full read when rows were added or removed. *out is
 * NULL when nothing visible changed. */
enum tib_status store_load_changes(struct store *store, struct issue_set *current, int64_t now,
				   struct issue_set **out, struct tib_error *err);

/* After a re-read, once the new data is on screen: a SQLite database in
 * WAL mode has its log folded into the file and emptied (see
 * sqlite_store.c for why); nothing for other sources. */
void store_fold_wal(struct store *store);

/* Writing (keyboard triage). One change of one issue. */
enum change_kind {
	CHANGE_STATUS,
	CHANGE_PRIORITY,
	CHANGE_ASSIGNEE,
	CHANGE_TITLE,
	CHANGE_TYPE,
	CHANGE_ADD_LABEL,
	CHANGE_REMOVE_LABEL,
	CHANGE_DESCRIPTION, /* text: the new field ("" empties it) */
	CHANGE_DESIGN,
	CHANGE_ACCEPTANCE,  /* acceptance_criteria */
	CHANGE_NOTES,
	CHANGE_COMMENT,     /* text: a new comment by the actor */
	CHANGE_ADD_DEP,     /* `id` depends on `text`, of type dep_type */
	CHANGE_REMOVE_DEP,  /* removes the (id, text, dep_type) dependency */
	CHANGE_CREATE,      /* a new issue: see below */
	CHANGE_DELETE,      /* removes an issue this session created (undo of CHANGE_CREATE) */
};
#define CHANGE_KIND_COUNT (CHANGE_DELETE + 1)

#define ISSUE_ID_MAX 128

struct issue_change {
	const char *id;     /* CHANGE_CREATE: NULL, or the parent for a child id */
	enum change_kind kind;
	const char *text;   /* status, assignee ("" = none), title, type, label,
			     * long text, comment, dependency target */
	int number;         /* priority 0-4 */
	const char *reason; /* CHANGE_STATUS to closed: close_reason (may be "" or NULL) */
	const char *dep_type; /* CHANGE_ADD_DEP/REMOVE_DEP: "blocks", "related", "parent-child", ... */
	const char *issue_type; /* CHANGE_CREATE: the type ("task" when NULL) */
	/* No lost update: the issue's updated_at as tib last read it. When
	 * the stored value differs (another program changed the issue since),
	 * the whole write is refused with TIB_ERR_CONFLICT. TIME_NONE: not
	 * checked (CHANGE_CREATE). */
	int64_t expect_updated_at;
	/* CHANGE_CREATE: receives the new id (`prefix-hash`, or `parent.N`
	 * with `id` set); must have ISSUE_ID_MAX bytes. */
	char *created_id;
};
/* Applies the changes (several issues, several fields, in the given
 * order) as ONE write, the way bd does it: updated_at = now on every
 * changed issue, in the format the source already uses; closing sets
 * closed_at = now and close_reason, reopening removes them. SQLite: one
 * BEGIN IMMEDIATE transaction that also records events, marks
 * dirty_issues and rebuilds blocked_issues_cache, as bd does.
 * Failures, with nothing written on any of them:
 *  - TIB_ERR_CONFLICT: an issue changed since it was read (see
 *    expect_updated_at), or the JSONL file changed under an issue without
 *    an expectation; the message names the issue. Reload.
 *  - TIB_ERR_BUSY: another program holds the write lock (SQLite waits
 *    `busy_ms` for it first). Retry later.
 *  - TIB_ERR_NOT_FOUND: an id that is not in the source.
 *  - TIB_ERR_UNSUPPORTED: a bad value, or a source that cannot be written
 *    (a JSON array).
 *  - TIB_ERR_READ_ONLY: the source is read-only.
 * `actor` is who makes the change (events, comments, created_by). The
 * caller reloads afterwards (store_load_changes). */
enum tib_status store_apply_changes(struct store *store, const struct issue_change *changes, size_t count,
				    const char *actor, int64_t now, struct tib_error *err);
/* How long a write waits for another writer's lock (default 0: fail at
 * once with TIB_ERR_BUSY, so that the UI can retry without freezing). */
void store_set_write_wait(struct store *store, int busy_ms);
/* Forces read-only (--read-only): every write fails with
 * TIB_ERR_READ_ONLY and the reason. */
void store_set_read_only(struct store *store, const char *reason);
/* Why the source is read-only ("" when it is not): --read-only, a
 * read-only file, a directory where the journal cannot be created. */
const char *store_read_only_reason(const struct store *store);
/* A value of the source's beads configuration (the SQLite config
 * table: issue_prefix, status.custom, types.custom): 1 with the value in
 * out, 0 when it has none. */
int store_config_value(struct store *store, const char *key, char *out, size_t out_size);

const char *store_path(const struct store *store);
int store_is_read_only(const struct store *store);
/* Finalizes every statement and closes the connection. NULL is fine. */
void store_close(struct store *store);

#endif
