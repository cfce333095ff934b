/* The write side of the SQLite backend (private to storage/). */
#ifndef TIB_SQLITE_WRITE_H
#define TIB_SQLITE_WRITE_H

#include <sqlite3.h>

#include "store.h"

/* The busy timeout reads use, restored after a write's BEGIN. */
#define SQLITE_WRITE_READ_BUSY_MS 250

/* store_apply_changes for a SQLite connection: one BEGIN IMMEDIATE
 * transaction (waiting busy_ms for the lock), as bd writes. */
enum tib_status sqlite_write_changes(sqlite3 *db, const char *path, const struct issue_change *changes,
				     size_t count, const char *actor, int64_t now, int busy_ms, struct tib_error *err);

/* A value of the database's config table (issue_prefix, status.custom):
 * 1 and the value in out, or 0 when absent or empty. */
int sqlite_config_value(sqlite3 *db, const char *key, char *out, size_t out_size);

#endif
