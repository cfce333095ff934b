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

/* Writing (keyboard triage). One change of one field of one issue. */
enum change_kind {
	CHANGE_STATUS,
	CHANGE_PRIORITY,
	CHANGE_ASSIGNEE,
	CHANGE_TITLE,
	CHANGE_TYPE,
	CHANGE_ADD_LABEL,
	CHANGE_REMOVE_LABEL,
};
struct issue_change {
	const char *id;
	enum change_kind kind;
	const char *text;   /* status, assignee ("" = none), title, type, label */
	int number;         /* priority 0-4 */
	const char *reason; /* CHANGE_STATUS to closed: close_reason (may be "" or NULL) */
};
/* Applies the changes (several issues, several fields, in the given
 * order) as ONE write, the way bd does it: updated_at = now on every
 * changed issue; closing sets closed_at = now and close_reason, reopening
 * removes them. Refuses with TIB_ERR_BUSY ("... changed on disk since it
 * was read; reload") when the source changed since the last load: no lost
 * update. An id that is not in the source: TIB_ERR_NOT_FOUND naming it,
 * nothing written. A source that cannot be written (SQLite for now, a
 * JSON array): TIB_ERR_UNSUPPORTED. Nothing is written on any failure.
 * `actor` is who makes the change (for sources that record events). The
 * caller reloads afterwards (store_load). */
enum tib_status store_apply_changes(struct store *store, const struct issue_change *changes, size_t count,
				    const char *actor, int64_t now, struct tib_error *err);

const char *store_path(const struct store *store);
int store_is_read_only(const struct store *store);
/* Finalizes every statement and closes the connection. NULL is fine. */
void store_close(struct store *store);

#endif
