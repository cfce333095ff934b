/* The public storage API: picks the backend for a source and forwards. */
#include "backend.h"

#include <stdlib.h>

struct store {
	struct source source;
	const struct store_backend *backend;
	void *state;
	int forced_read_only; /* --read-only */
	char forced_reason[200];
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

int store_is_open(const struct store *store)
{
	return store && (!store->backend->is_open || store->backend->is_open(store->state));
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

static int nonempty(const char *s)
{
	return s && *s;
}

/* What every backend refuses alike, before anything is read or written. */
enum tib_status store_check_change(const struct issue_change *c, const char *path, struct tib_error *err)
{
	const char *id = c->id ? c->id : "(new issue)";
	/* an empty id is fine: it may be the created_id buffer of a create
	 * earlier in the same call, filled in when that one is applied */
	if (c->kind != CHANGE_CREATE && !c->id)
		return tib_fail(err, TIB_ERR_NOT_FOUND, "%s: a change without an issue id", path);
	switch (c->kind) {
	case CHANGE_STATUS:
	case CHANGE_TITLE:
	case CHANGE_TYPE:
	case CHANGE_ADD_LABEL:
	case CHANGE_REMOVE_LABEL:
	case CHANGE_ADD_DEP:
	case CHANGE_REMOVE_DEP:
		if (!nonempty(c->text))
			return tib_fail(err, TIB_ERR_UNSUPPORTED, "%s: %s: an empty value", path, id);
		return TIB_OK;
	case CHANGE_COMMENT:
		if (!nonempty(c->text))
			return tib_fail(err, TIB_ERR_UNSUPPORTED, "%s: %s: an empty comment", path, id);
		return TIB_OK;
	case CHANGE_CREATE:
		if (!nonempty(c->text))
			return tib_fail(err, TIB_ERR_UNSUPPORTED, "%s: a new issue needs a title", path);
		if (!c->created_id)
			return tib_fail(err, TIB_ERR_UNSUPPORTED, "%s: a new issue without room for its id", path);
		if (c->number < 0 || c->number > 4)
			return tib_fail(err, TIB_ERR_UNSUPPORTED, "%s: a new issue: priority %d is not 0-4", path,
					c->number);
		return TIB_OK;
	case CHANGE_PRIORITY:
		if (c->number < 0 || c->number > 4)
			return tib_fail(err, TIB_ERR_UNSUPPORTED, "%s: %s: priority %d is not 0-4", path, id, c->number);
		return TIB_OK;
	case CHANGE_ASSIGNEE:
	case CHANGE_DESCRIPTION:
	case CHANGE_DESIGN:
	case CHANGE_ACCEPTANCE:
	case CHANGE_NOTES:
	case CHANGE_DELETE:
		return TIB_OK;
	}
	return tib_fail(err, TIB_ERR_UNSUPPORTED, "%s: %s: unknown kind of change %d", path, id, (int)c->kind);
}

enum tib_status store_apply_changes(struct store *store, const struct issue_change *changes, size_t count,
				    const char *actor, int64_t now, struct tib_error *err)
{
	size_t i;
	enum tib_status status;
	if (store->forced_read_only)
		return tib_fail(err, TIB_ERR_READ_ONLY, "%s", store->forced_reason);
	for (i = 0; i < count; i++)
		if ((status = store_check_change(&changes[i], store->source.path, err)) != TIB_OK)
			return status;
	if (!store->backend->apply_changes)
		return tib_fail(err, TIB_ERR_UNSUPPORTED, "%s: writing to %s is not supported yet", store->source.path,
				store->source.kind == SOURCE_SQLITE ? "SQLite databases" : "this kind of source");
	return store->backend->apply_changes(store->state, changes, count, actor, now, err);
}

void store_set_write_wait(struct store *store, int busy_ms)
{
	if (store->backend->set_write_wait)
		store->backend->set_write_wait(store->state, busy_ms);
}

void store_set_read_only(struct store *store, const char *reason)
{
	store->forced_read_only = 1;
	STR_COPY(store->forced_reason, reason && *reason ? reason : "read-only");
}

const char *store_read_only_reason(const struct store *store)
{
	const char *why;
	if (store->forced_read_only)
		return store->forced_reason;
	if (!store->backend->apply_changes)
		return store->source.kind == SOURCE_SQLITE ? "writing to this database is not supported"
							   : "writing to this source is not supported";
	why = store->backend->read_only_reason ? store->backend->read_only_reason(store->state) : NULL;
	return why ? why : "";
}

int store_config_value(struct store *store, const char *key, char *out, size_t out_size)
{
	if (out_size)
		out[0] = '\0';
	return store->backend->config_value ? store->backend->config_value(store->state, key, out, out_size) : 0;
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
