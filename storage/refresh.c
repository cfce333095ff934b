#include "refresh.h"

#include <string.h>

static enum refresh_outcome load(struct refresher *r, struct issue_set *current, int64_t now, int reopened,
				 struct issue_set **fresh, struct tib_error *err)
{
	enum tib_status status = current ? store_load_changes(r->store, current, now, fresh, err)
					 : store_load(r->store, now, fresh, err);
	r->loads++;
	if (status == TIB_ERR_BUSY) {
		r->pending = 1; /* poll has consumed the change: remember it */
		return REFRESH_BUSY;
	}
	if (status != TIB_OK) {
		r->pending = 1;
		return REFRESH_FAILED;
	}
	r->pending = 0;
	if (!*fresh)
		return REFRESH_NONE; /* a commit to tables we do not show */
	return reopened ? REFRESH_REOPENED : REFRESH_RELOADED;
}

/* The file itself: gone, replaced (reopened and read whole), or still
 * there. Returns -1 when it is still there, else the outcome. */
static int file_step(struct refresher *r, enum store_change change, int64_t now, struct issue_set **fresh,
		     struct tib_error *err)
{
	switch (change) {
	case STORE_FILE_GONE:
		tib_fail(err, TIB_ERR_NOT_FOUND, "source deleted; showing the last data");
		return REFRESH_GONE;
	case STORE_FILE_REPLACED:
		/* a new file at the path: the old connection is closed and its
		 * statements finalized before the new one is opened */
		r->reopens++;
		if (store_reopen(r->store, err) != TIB_OK) {
			r->pending = 0;
			return REFRESH_INVALID;
		}
		return (int)load(r, NULL, now, 1, fresh, err);
	case STORE_DATA_CHANGED:
	case STORE_UNCHANGED:
		break;
	}
	return -1;
}

enum refresh_outcome refresher_run(struct refresher *r, struct issue_set *current, int64_t now, int force,
				   struct issue_set **fresh, struct tib_error *err)
{
	enum store_change change;
	int outcome;
	*fresh = NULL;
	r->checks++;
	change = store_poll(r->store);
	/* Nothing open (the last reopen failed, e.g. an unreadable
	 * replacement): a forced reload tries the file at the path again,
	 * even if poll saw no change in it. */
	if (force && !store_is_open(r->store) && (change == STORE_UNCHANGED || change == STORE_DATA_CHANGED))
		change = STORE_FILE_REPLACED;
	if ((outcome = file_step(r, change, now, fresh, err)) >= 0)
		return (enum refresh_outcome)outcome;
	if (change == STORE_DATA_CHANGED)
		return load(r, r->pending ? NULL : current, now, 0, fresh, err);
	if (force || r->pending)
		return load(r, NULL, now, 0, fresh, err);
	return REFRESH_NONE;
}

enum refresh_outcome refresher_after_write(struct refresher *r, struct issue_set *current, int64_t now,
					   struct issue_set **fresh, struct tib_error *err)
{
	int outcome;
	*fresh = NULL;
	r->checks++;
	if ((outcome = file_step(r, store_poll(r->store), now, fresh, err)) >= 0)
		return (enum refresh_outcome)outcome;
	/* our own commit leaves data_version alone: read what changed */
	return load(r, r->pending ? NULL : current, now, 0, fresh, err);
}
