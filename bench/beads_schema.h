/*
 * beads_schema.h - the SQLite schema of beads v0.50.3, the last SQLite release of bd.
 *
 * Kept in the repository (not read from ../shared at run time) because a fresh clone has no
 * ../shared, and tib's tests and bench tools must still be able to build a database exactly like
 * the one `bd init` writes.
 */
#ifndef TIB_BENCH_BEADS_SCHEMA_H
#define TIB_BENCH_BEADS_SCHEMA_H

#include <sqlite3.h>

/*
 * Every CREATE TABLE / CREATE INDEX / CREATE VIEW of beads v0.50.3, written so that
 * sqlite_master.sql is byte for byte that of a database created by bd v0.50.3, followed by the
 * INSERTs of the config defaults that `bd init` writes.  The one statement left out is
 * `CREATE TABLE sqlite_sequence(name,seq)`: SQLite creates that table itself for AUTOINCREMENT
 * tables and refuses to let anyone else create it.
 *
 * Safe to run inside a transaction.  Does not change the journal mode: see beads_wal_sql.
 */
extern const char beads_schema_sql[];

/* Only the config defaults (already part of beads_schema_sql). */
extern const char beads_config_defaults_sql[];

/*
 * "PRAGMA journal_mode=WAL;" - bd opens every database in WAL mode and the mode is stored in
 * the file.  Must run outside a transaction (SQLite refuses to change into WAL inside one).
 */
extern const char beads_wal_sql[];

/*
 * Make an empty database look like a fresh `bd init` database: switch it to WAL, then create
 * the schema and config defaults in one transaction.  Returns SQLITE_OK or an SQLite error
 * code; on error *errmsg (if errmsg is not NULL) receives a message to free with sqlite3_free().
 */
int beads_schema_apply(sqlite3 *db, char **errmsg);

#endif /* TIB_BENCH_BEADS_SCHEMA_H */
