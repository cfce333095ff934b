/* What a storage backend provides (private to storage/). store.c picks
 * the backend for a source and forwards the public store_* calls. Each
 * backend owns its state: one connection or one file, never more. */
#ifndef TIB_BACKEND_H
#define TIB_BACKEND_H

#include "store.h"

#include <sys/types.h>
#include <time.h>

struct store_backend {
	const char *name;
	enum tib_status (*open)(const struct source *source, void **state, struct tib_error *err);
	enum tib_status (*load)(void *state, int64_t now, struct issue_set **out, struct tib_error *err);
	enum tib_status (*load_detail)(void *state, const char *id, struct issue_detail *out,
				       struct tib_error *err);
	enum store_change (*poll)(void *state);
	enum tib_status (*reopen)(void *state, struct tib_error *err);
	int (*is_read_only)(const void *state);
	void (*close)(void *state);
	/* Optional: re-read only what changed since `current` was loaded;
	 * *out NULL when nothing visible changed. Default: a full load. */
	enum tib_status (*load_changes)(void *state, struct issue_set *current, int64_t now,
					struct issue_set **out, struct tib_error *err);
	/* Optional: housekeeping after a re-read, once the screen shows it. */
	void (*fold_wal)(void *state);
	/* Optional: the problems of the last load (NULL for none). */
	const struct load_problem *(*problems)(const void *state, size_t *count, size_t *total);
	/* Optional: store_apply_changes. Default: TIB_ERR_UNSUPPORTED. The
	 * backend checks its own read-only state (store.c checks --read-only). */
	enum tib_status (*apply_changes)(void *state, const struct issue_change *changes, size_t count,
					 const char *actor, int64_t now, struct tib_error *err);
	/* Optional: how long a write waits for a lock (store_set_write_wait). */
	void (*set_write_wait)(void *state, int busy_ms);
	/* Why the backend cannot write ("" or NULL: it can). */
	const char *(*read_only_reason)(const void *state);
	/* Optional: a value of the source's beads config (store_config_value). */
	int (*config_value)(void *state, const char *key, char *out, size_t out_size);
	/* Optional: 0 while no connection or file is open (after a failed
	 * reopen). Default: open. */
	int (*is_open)(const void *state);
};

/* store.c: a change that no backend can apply (an empty title, a
 * priority out of 0-4, ...): TIB_ERR_UNSUPPORTED or TIB_ERR_NOT_FOUND. */
enum tib_status store_check_change(const struct issue_change *c, const char *path, struct tib_error *err);

extern const struct store_backend sqlite_backend;
extern const struct store_backend jsonl_backend;

/* A jsonl_backend state that reads `len` bytes at `data` (not copied,
 * must outlive the state) instead of a file: for the fuzz target. */
void *jsonl_open_memory(const char *data, size_t len);
/* Tests: 0 has every record parsed whole by cJSON (see jsonl_store.c). */
void jsonl_set_fast_path(int on);

/* What identifies a file's content: a JSONL file has not changed while
 * all four are the same. */
struct jsonl_file_stamp {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

/* jsonl_write.c: removes the temp files that writes to the JSONL file at
 * `path` left when killed mid-write (none of a write still going on). */
void jsonl_remove_stale_temps(const char *path);
/* jsonl_write.c: applies the changes to the JSONL file at `path` by an
 * atomic rewrite (temp file, fsync, rename, fsync of the directory),
 * every other line byte for byte; refuses with TIB_ERR_CONFLICT unless the
 * file is still the one `loaded` describes. */
enum tib_status jsonl_write_changes(const char *path, const struct jsonl_file_stamp *loaded,
				    const struct issue_change *changes, size_t count, const char *actor,
				    int64_t now, struct tib_error *err);

#endif
