/* Following the source while tib runs: decides between nothing, a
 * re-read on the one connection, and a reopen when the file itself was
 * replaced, and keeps the last good data when the source is gone or bad.
 * No curses here: the soak test drives it directly. */
#ifndef TIB_REFRESH_H
#define TIB_REFRESH_H

#include "store.h"

enum refresh_outcome {
	REFRESH_NONE,     /* nothing changed */
	REFRESH_RELOADED, /* another connection committed: *fresh holds new data */
	REFRESH_REOPENED, /* the file was replaced: reopened, *fresh holds its data */
	REFRESH_GONE,     /* the file was deleted: keep showing the last data */
	REFRESH_INVALID,  /* replaced by something that is not a beads database */
	REFRESH_BUSY,     /* locked by a writer: try again shortly */
	REFRESH_FAILED,   /* could not read: keep the last data */
};

struct refresher {
	struct store *store;
	int pending;             /* a change was seen but not loaded yet (busy) */
	unsigned long reopens;   /* connections opened after the first */
	unsigned long loads;     /* reads of the source, full or incremental */
	unsigned long checks;    /* store_poll calls */
};

/* Checks the source and, if it changed (or `force`), reads it: only what
 * changed since `current` when it can (a commit in place), all of it when
 * forced, after a reopen, or when rows were added or removed. On
 * REFRESH_RELOADED/REOPENED, *fresh is a new set the caller owns; the old
 * one stays valid until the caller frees it. Otherwise *fresh is NULL and
 * err says what is wrong (for GONE, INVALID, BUSY, FAILED). */
enum refresh_outcome refresher_run(struct refresher *r, struct issue_set *current, int64_t now, int force,
				   struct issue_set **fresh, struct tib_error *err);
/* After tib's own write through the store: re-reads what changed (the
 * incremental path when only issues were updated), since a connection's
 * own commit does not show in its data_version. */
enum refresh_outcome refresher_after_write(struct refresher *r, struct issue_set *current, int64_t now,
					   struct issue_set **fresh, struct tib_error *err);

#endif
