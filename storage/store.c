/* The public storage API: picks the backend for a source and forwards. */
#include "backend.h"

#include <stdlib.h>

struct store {
	struct source source;
	const struct store_backend *backend;
	void *state;
};

static const struct store_backend *backend_for(enum source_kind kind)
{
	switch (kind) {
	case SOURCE_SQLITE:
		return &sqlite_backend;
	case SOURCE_JSONL:
		return &jsonl_backend;
	}
	return NULL;
}

enum tib_status store_open(const struct source *source, struct store **out, struct tib_error *err)
{
	const struct store_backend *backend = backend_for(source->kind);
	struct store *store;
	void *state = NULL;
	enum tib_status status;

	*out = NULL;
	if (!backend)
		return tib_fail(err, TIB_ERR_UNSUPPORTED, "%s: unknown kind of source", source->path);
	status = backend->open(source, &state, err);
	if (status != TIB_OK)
		return status;
	store = xcalloc(1, sizeof(*store));
	store->source = *source;
	store->backend = backend;
	store->state = state;
	*out = store;
	return TIB_OK;
}

enum tib_status store_load(struct store *store, int64_t now, struct issue_set **out,
			   struct tib_error *err)
{
	return store->backend->load(store->state, now, out, err);
}

enum tib_status store_load_detail(struct store *store, const char *id, struct issue_detail *out,
				  struct tib_error *err)
{
	return store->backend->load_detail(store->state, id, out, err);
}

enum store_change store_poll(struct store *store)
{
	return store->backend->poll(store->state);
}

enum tib_status store_reopen(struct store *store, struct tib_error *err)
{
	return store->backend->reopen(store->state, err);
}

const struct load_problem *store_problems(const struct store *store, size_t *count)
{
	size_t n = 0, total = 0;
	const struct load_problem *list = NULL;
	if (store && store->backend->problems)
		list = store->backend->problems(store->state, &n, &total);
	if (count)
		*count = n;
	return n ? list : NULL;
}

size_t store_problems_total(const struct store *store)
{
	size_t count = 0, total = 0;
	if (store && store->backend->problems)
		store->backend->problems(store->state, &count, &total);
	return total;
}

enum tib_status store_load_changes(struct store *store, struct issue_set *current, int64_t now,
				   struct issue_set **out, struct tib_error *err)
{
	if (store->backend->load_changes && current)
		return store->backend->load_changes(store->state, current, now, out, err);
	return store->backend->load(store->state, now, out, err);
}

void store_fold_wal(struct store *store)
{
	if (store && store->backend->fold_wal)
		store->backend->fold_wal(store->state);
}

enum tib_status store_apply_changes(struct store *store, const struct issue_change *changes, size_t count,
				    const char *actor, int64_t now, struct tib_error *err)
{
	if (!store->backend->apply_changes)
		return tib_fail(err, TIB_ERR_UNSUPPORTED, "%s: writing to %s is not supported yet", store->source.path,
				store->source.kind == SOURCE_SQLITE ? "SQLite databases" : "this kind of source");
	return store->backend->apply_changes(store->state, changes, count, actor, now, err);
}

const char *store_path(const struct store *store)
{
	return store->source.path;
}

int store_is_read_only(const struct store *store)
{
	return store->backend->is_read_only(store->state);
}

void store_close(struct store *store)
{
	if (!store)
		return;
	store->backend->close(store->state);
	free(store);
}
