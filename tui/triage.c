/* Keyboard triage (see triage.h). An action goes through a few steps:
 * targets (the marked issues, or the selected one) -> questions (a
 * choice, a line of text, an editor) -> maybe a confirmation -> one
 * store_apply_changes for all of it. Before writing, the old values are
 * kept as the changes that restore them: `u` applies those, as a new
 * write with the same no-lost-update check. */
#include "triage.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/issue.h"

#define UNDO_MAX 100
#define LOCK_WAIT_US 30000000 /* as bd's busy_timeout: 30 s */

enum step {
	STEP_NONE,
	STEP_STATUS_PICK,
	STEP_CLOSE_REASON,
	STEP_PRIORITY_PICK,
	STEP_TYPE_PICK,
	STEP_ASSIGNEE,
	STEP_LABEL_ADD,
	STEP_LABEL_REMOVE_PICK,
	STEP_COMMENT,
	STEP_EDIT_FIELD_PICK,
	STEP_EDIT_TEXT,
	STEP_NEW_TITLE,
	STEP_DEP_PICK,
	STEP_DEP_TARGET,
	STEP_CONFIRM,
};

/* A set of changes with the strings they point to. */
struct change_list {
	struct arena arena;
	struct issue_change *items;
	size_t count, cap;
	char what[160]; /* "close 3 issues", for messages and undo */
};

struct undo_record {
	struct change_list changes; /* restores the old values */
	int filled;                 /* expect_updated_at taken from the reload */
	int64_t written_at;
};

struct triage {
	struct app *app;
	/* marks, by issue index of app->set */
	uint8_t *marked;
	size_t marked_cap, mark_count;
	uint32_t last_marked;
	/* the action under way */
	enum action action;
	enum step step;
	uint32_t *targets;
	size_t target_count;
	int targets_marked;       /* the targets are the marked issues */
	struct triage_ask ask;
	int edit_field;           /* STEP_EDIT_TEXT: which change kind */
	char dep_type[32];        /* STEP_DEP_TARGET */
	int dep_reverse;          /* the target depends on the issue instead */
	char **dep_remove_from;   /* STEP_DEP_PICK: items past the adds remove deps */
	char **dep_remove_ids;
	char **dep_remove_types;
	size_t dep_add_count;
	struct change_list pending; /* built, waiting for a confirm or the lock */
	struct change_list pending_undo;
	int pending_undoable;
	int pending_is_undo;
	int64_t wait_started;     /* monotonic-ish: timestamp_now() µs */
	/* undo */
	struct undo_record *undo[UNDO_MAX];
	size_t undo_count;
};

static const char *const common_statuses[] = {"open", "in_progress", "blocked", "deferred", "closed",
					      "pinned", "hooked"};
static const char *const common_types[] = {"bug", "feature", "task", "epic", "chore", "decision"};

/* ---- change lists */

static void changes_init(struct change_list *l)
{
	memset(l, 0, sizeof(*l));
}

static void changes_free(struct change_list *l)
{
	arena_free(&l->arena);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static const char *keep(struct change_list *l, const char *s)
{
	return s ? arena_strdup(&l->arena, s) : NULL;
}

static struct issue_change *change_add(struct change_list *l, const struct issue *issue, enum change_kind kind)
{
	struct issue_change *c;
	GROW(l->items, l->cap, l->count + 1);
	c = &l->items[l->count++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->id = issue ? keep(l, issue->id) : NULL;
	c->expect_updated_at = issue ? issue->updated_at : TIME_NONE;
	return c;
}

/* ---- lifetime */

struct triage *triage_new(struct app *app)
{
	struct triage *t = xcalloc(1, sizeof(*t));
	t->app = app;
	t->last_marked = ISSUE_NONE;
	changes_init(&t->pending);
	changes_init(&t->pending_undo);
	return t;
}

static void ask_clear(struct triage_ask *ask)
{
	size_t i;
	for (i = 0; i < ask->item_count; i++)
		free(ask->items[i]);
	free(ask->items);
	free(ask->hotkeys);
	buf_free(&ask->text);
	memset(ask, 0, sizeof(*ask));
}

static void free_dep_choices(struct triage *t)
{
	size_t i, n = t->ask.item_count > t->dep_add_count ? t->ask.item_count - t->dep_add_count : 0;
	if (t->dep_remove_ids)
		for (i = 0; i < n; i++) {
			free(t->dep_remove_from[i]);
			free(t->dep_remove_ids[i]);
			free(t->dep_remove_types[i]);
		}
	free(t->dep_remove_from);
	free(t->dep_remove_ids);
	free(t->dep_remove_types);
	t->dep_remove_from = t->dep_remove_ids = t->dep_remove_types = NULL;
	t->dep_add_count = 0;
}

/* Forgets the action under way. */
static void reset_action(struct triage *t)
{
	if (t->step == STEP_DEP_PICK)
		free_dep_choices(t);
	ask_clear(&t->ask);
	free(t->targets);
	t->targets = NULL;
	t->target_count = 0;
	t->step = STEP_NONE;
	t->action = ACT_NONE;
	changes_free(&t->pending);
	changes_free(&t->pending_undo);
	t->pending_undoable = t->pending_is_undo = 0;
	t->wait_started = 0;
}

static void undo_free(struct undo_record *r)
{
	if (!r)
		return;
	changes_free(&r->changes);
	free(r);
}

void triage_free(struct triage *t)
{
	size_t i;
	if (!t)
		return;
	reset_action(t);
	for (i = 0; i < t->undo_count; i++)
		undo_free(t->undo[i]);
	free(t->marked);
	free(t);
}

/* ---- marks */

static void ensure_marks(struct triage *t)
{
	size_t need = t->app->set->count ? t->app->set->count : 1;
	if (t->marked_cap < need) {
		t->marked = xrealloc(t->marked, need);
		memset(t->marked + t->marked_cap, 0, need - t->marked_cap);
		t->marked_cap = need;
	}
}

int triage_is_marked(const struct triage *t, uint32_t issue)
{
	return t && t->mark_count && issue < t->marked_cap && t->marked[issue];
}

static void set_mark(struct triage *t, uint32_t issue, int on)
{
	ensure_marks(t);
	if (issue >= t->app->set->count || !t->marked[issue] == !on)
		return;
	t->marked[issue] = (uint8_t)(on != 0);
	t->mark_count += on ? 1 : (size_t)-1;
}

void triage_toggle_mark(struct triage *t, uint32_t issue)
{
	if (issue == ISSUE_NONE)
		return;
	set_mark(t, issue, !triage_is_marked(t, issue));
	t->last_marked = issue;
}

void triage_mark_rows(struct triage *t, const uint32_t *rows, size_t from, size_t to)
{
	size_t i;
	if (from > to) {
		size_t s = from;
		from = to;
		to = s;
	}
	for (i = from; i <= to; i++)
		set_mark(t, rows[i], 1);
}

void triage_toggle_all(struct triage *t, const uint32_t *rows, size_t count)
{
	size_t i, marked = 0;
	for (i = 0; i < count; i++)
		marked += (size_t)triage_is_marked(t, rows[i]);
	for (i = 0; i < count; i++)
		set_mark(t, rows[i], marked < count);
}

size_t triage_mark_count(const struct triage *t)
{
	return t ? t->mark_count : 0;
}

void triage_clear_marks(struct triage *t)
{
	if (t->marked)
		memset(t->marked, 0, t->marked_cap);
	t->mark_count = 0;
}

uint32_t triage_last_marked(const struct triage *t)
{
	return t->last_marked;
}

static uint32_t remap(const struct issue_set *old_set, const struct issue_set *set, uint32_t i)
{
	if (i == ISSUE_NONE || i >= old_set->count)
		return ISSUE_NONE;
	return issue_set_index_of(set, old_set->issues[i].id);
}

void triage_data_changed(struct triage *t, const struct issue_set *old_set)
{
	const struct issue_set *set = t->app->set;
	size_t i, j;
	/* marks and targets follow their ids into the new set */
	if (t->mark_count) {
		uint8_t *old = t->marked;
		size_t old_cap = t->marked_cap;
		t->marked = NULL;
		t->marked_cap = 0;
		t->mark_count = 0;
		ensure_marks(t);
		for (i = 0; i < old_cap && i < old_set->count; i++)
			if (old[i]) {
				uint32_t n = remap(old_set, set, (uint32_t)i);
				if (n != ISSUE_NONE)
					set_mark(t, n, 1);
			}
		free(old);
	}
	t->last_marked = remap(old_set, set, t->last_marked);
	for (i = j = 0; i < t->target_count; i++) {
		uint32_t n = remap(old_set, set, t->targets[i]);
		if (n != ISSUE_NONE)
			t->targets[j++] = n;
	}
	t->target_count = j;
	/* the undo record just written learns the updated_at it must find */
	for (i = 0; i < t->undo_count; i++) {
		struct undo_record *r = t->undo[i];
		if (r->filled)
			continue;
		for (j = 0; j < r->changes.count; j++) {
			struct issue_change *c = &r->changes.items[j];
			const struct issue *issue = c->id ? issue_set_find(set, c->id) : NULL;
			if (issue)
				c->expect_updated_at = issue->updated_at;
		}
		r->filled = 1;
	}
}

/* ---- helpers */

const char *triage_actor(const struct app *app)
{
	/* bd's order (BD_ACTOR, BEADS_ACTOR), then tib's config, then the login */
	const char *me = getenv("BD_ACTOR");
	if (!me || !*me)
		me = getenv("BEADS_ACTOR");
	if ((!me || !*me) && app->config)
		me = app->config->actor;
	if (!me || !*me)
		me = getenv("USER");
	return me && *me ? me : "tib";
}

const char *triage_read_only_reason(const struct triage *t)
{
	return store_read_only_reason(t->app->store);
}

static void say(struct triage_outcome *out, int is_error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void say(struct triage_outcome *out, int is_error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out->message, sizeof(out->message), fmt, ap);
	va_end(ap);
	out->is_error = is_error;
}

static const struct issue *target(const struct triage *t, size_t i)
{
	return &t->app->set->issues[t->targets[i]];
}

/* "bd-a1b" or "3 issues" */
static void describe_targets(const struct triage *t, char *out, size_t size)
{
	if (t->target_count == 1)
		snprintf(out, size, "%s", target(t, 0)->id);
	else
		snprintf(out, size, "%zu issues", t->target_count);
}

/* The same, counting only the issues a change list really changes (an
 * issue that already has the value is left out of it). */
static void describe_changed(const struct triage *t, char *out, size_t size)
{
	if (t->pending.count == 1)
		snprintf(out, size, "%s", t->pending.items[0].id);
	else if (t->pending.count > 1)
		snprintf(out, size, "%zu issues", t->pending.count);
	else
		describe_targets(t, out, size);
}

static int applies_to_marks(enum action a)
{
	switch (a) {
	case ACT_STATUS_OPEN:
	case ACT_STATUS_IN_PROGRESS:
	case ACT_STATUS_BLOCKED:
	case ACT_STATUS_DEFERRED:
	case ACT_CLOSE:
	case ACT_STATUS:
	case ACT_PRIORITY:
	case ACT_TYPE:
	case ACT_ASSIGN:
	case ACT_ASSIGN_ME:
	case ACT_LABEL_ADD:
	case ACT_LABEL_REMOVE:
		return 1;
	default:
		return 0;
	}
}

int triage_handles(enum action a)
{
	switch (a) {
	case ACT_COMMENT:
	case ACT_EDIT:
	case ACT_NEW:
	case ACT_NEW_CHILD:
	case ACT_DEPENDENCY:
	case ACT_UNDO:
		return 1;
	default:
		return applies_to_marks(a);
	}
}

static void collect_targets(struct triage *t, uint32_t current)
{
	const struct issue_set *set = t->app->set;
	size_t i;
	free(t->targets);
	t->targets = NULL;
	t->target_count = 0;
	t->targets_marked = 0;
	if (t->mark_count && applies_to_marks(t->action)) {
		t->targets_marked = 1;
		t->targets = xmalloc(t->mark_count * sizeof(*t->targets));
		/* in the list's default order, so messages and undo read naturally */
		for (i = 0; i < set->order_count; i++)
			if (triage_is_marked(t, set->order[i]))
				t->targets[t->target_count++] = set->order[i];
		for (i = 0; i < set->count && t->target_count < t->mark_count; i++)
			if (triage_is_marked(t, (uint32_t)i)) {
				size_t j;
				for (j = 0; j < t->target_count && t->targets[j] != i; j++)
					;
				if (j == t->target_count)
					t->targets[t->target_count++] = (uint32_t)i;
			}
		return;
	}
	if (current != ISSUE_NONE && current < set->count) {
		t->targets = xmalloc(sizeof(*t->targets));
		t->targets[0] = current;
		t->target_count = 1;
	}
}

static void ask_begin(struct triage *t, enum triage_ask_kind kind, enum step step, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void ask_begin(struct triage *t, enum triage_ask_kind kind, enum step step, const char *fmt, ...)
{
	va_list ap;
	ask_clear(&t->ask);
	t->ask.kind = kind;
	t->step = step;
	va_start(ap, fmt);
	vsnprintf(t->ask.title, sizeof(t->ask.title), fmt, ap);
	va_end(ap);
	buf_puts(&t->ask.text, "");
}

static void ask_item(struct triage *t, char hotkey, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void ask_item(struct triage *t, char hotkey, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;
	char text[600];
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	buf_puts(&b, text);
	t->ask.items = xrealloc(t->ask.items, (t->ask.item_count + 1) * sizeof(*t->ask.items));
	t->ask.hotkeys = xrealloc(t->ask.hotkeys, t->ask.item_count + 1);
	t->ask.items[t->ask.item_count] = b.data;
	t->ask.hotkeys[t->ask.item_count] = hotkey;
	t->ask.item_count++;
}

static int has_item(const struct triage *t, const char *s)
{
	size_t i;
	for (i = 0; i < t->ask.item_count; i++)
		if (strcmp(t->ask.items[i], s) == 0)
			return 1;
	return 0;
}

/* The comma-separated values of a beads config key (status.custom). */
static void add_custom(struct triage *t, const char *key)
{
	char value[1024];
	char *p, *save = NULL;
	if (!store_config_value(t->app->store, key, value, sizeof(value)))
		return;
	for (p = strtok_r(value, ", ", &save); p; p = strtok_r(NULL, ", ", &save))
		if (*p && !has_item(t, p))
			ask_item(t, 0, "%s", p);
}

/* ---- writing */

static void push_undo(struct triage *t, struct change_list *restore)
{
	struct undo_record *r = xcalloc(1, sizeof(*r));
	r->changes = *restore;
	changes_init(restore);
	if (t->undo_count == UNDO_MAX) {
		undo_free(t->undo[0]);
		memmove(t->undo, t->undo + 1, (UNDO_MAX - 1) * sizeof(*t->undo));
		t->undo_count--;
	}
	t->undo[t->undo_count++] = r;
}

/* Writes t->pending. On a locked database the changes stay pending and
 * the display calls triage_retry until LOCK_WAIT_US have passed. */
static void write_pending(struct triage *t, struct triage_outcome *out)
{
	struct tib_error err = {0};
	enum tib_status status;
	int64_t now = t->app->fixed_now != TIME_NONE ? t->app->fixed_now : timestamp_now();
	size_t i;

	status = store_apply_changes(t->app->store, t->pending.items, t->pending.count, triage_actor(t->app),
				     now, &err);
	if (status == TIB_ERR_BUSY) {
		int64_t mono = timestamp_now();
		if (!t->wait_started)
			t->wait_started = mono;
		if (mono - t->wait_started < LOCK_WAIT_US) {
			out->waiting = 1;
			say(out, 0, "%s: waiting for another program's write to finish (Esc gives up)",
			    t->pending.what);
			return;
		}
		say(out, 1, "%s: not done, the database stayed locked by another program for %d s; try again",
		    t->pending.what, LOCK_WAIT_US / 1000000);
		reset_action(t);
		return;
	}
	if (status == TIB_ERR_CONFLICT) {
		say(out, 1, "%s: not done: %s (reloaded; nothing was overwritten)", t->pending.what, err.msg);
		out->reload = 1;
		reset_action(t);
		return;
	}
	if (status != TIB_OK) {
		say(out, 1, "%s: not done: %s", t->pending.what, err.msg);
		out->reload = status == TIB_ERR_NOT_FOUND;
		reset_action(t);
		return;
	}
	out->reload = 1;
	for (i = 0; i < t->pending.count; i++)
		if (t->pending.items[i].kind == CHANGE_CREATE && t->pending.items[i].created_id)
			STR_COPY(out->select_id, t->pending.items[i].created_id);
	if (t->targets_marked) {
		/* done with them: the next key acts on the selection again */
		triage_clear_marks(t);
	}
	if (t->pending_is_undo) {
		say(out, 0, "undone: %s", t->pending.what);
	} else if (out->select_id[0]) {
		say(out, 0, "created %s", out->select_id);
	} else {
		say(out, 0, "%s: done", t->pending.what);
	}
	if (t->pending_undoable) {
		/* the undo of a create deletes the new issue: it needs the id */
		for (i = 0; i < t->pending_undo.count; i++)
			if (t->pending_undo.items[i].kind == CHANGE_DELETE && !t->pending_undo.items[i].id)
				t->pending_undo.items[i].id = keep(&t->pending_undo, out->select_id);
		STR_COPY(t->pending_undo.what, t->pending.what);
		push_undo(t, &t->pending_undo);
	}
	reset_action(t);
}

void triage_retry(struct triage *t, struct triage_outcome *out)
{
	memset(out, 0, sizeof(*out));
	if (t->pending.count && t->wait_started)
		write_pending(t, out);
}

int triage_finish(struct triage *t, int wait_ms, char *message, size_t size)
{
	struct tib_error err = {0};
	enum tib_status status;
	int64_t now;
	if (!(t->pending.count && t->wait_started))
		return 0;
	now = t->app->fixed_now != TIME_NONE ? t->app->fixed_now : timestamp_now();
	store_set_write_wait(t->app->store, wait_ms);
	status = store_apply_changes(t->app->store, t->pending.items, t->pending.count, triage_actor(t->app),
				     now, &err);
	store_set_write_wait(t->app->store, 0);
	if (status == TIB_OK) {
		reset_action(t);
		return 0;
	}
	if (status == TIB_ERR_BUSY)
		snprintf(message, size, "not written: %s: the database stayed locked by another program", t->pending.what);
	else
		snprintf(message, size, "not written: %s: %s", t->pending.what, err.msg);
	reset_action(t);
	return 1;
}

/* Above this many issues, a bulk change asks first. */
static size_t confirm_threshold(const struct triage *t)
{
	int n = t->app->config ? t->app->config->confirm_bulk : 10;
	return n > 0 ? (size_t)n : 10;
}

static void commit_or_confirm(struct triage *t, struct triage_outcome *out)
{
	if (!t->pending.count) {
		say(out, 0, "%s: nothing to change", t->pending.what);
		reset_action(t);
		return;
	}
	if (t->target_count >= confirm_threshold(t) && t->target_count > 1) {
		ask_begin(t, ASK_CONFIRM, STEP_CONFIRM, "%s? (y/n)", t->pending.what);
		out->asking = 1;
		return;
	}
	write_pending(t, out);
}

/* ---- the old values, as changes that restore them */

static void restore_status(struct change_list *u, const struct issue *issue)
{
	struct issue_change *c = change_add(u, issue, CHANGE_STATUS);
	c->text = keep(u, issue->status);
	c->reason = keep(u, issue->close_reason ? issue->close_reason : "");
}

static void build_status(struct triage *t, const char *status, const char *reason)
{
	size_t i;
	char who[64];
	for (i = 0; i < t->target_count; i++) {
		const struct issue *issue = target(t, i);
		struct issue_change *c;
		if (strcmp(issue->status, status) == 0)
			continue; /* a closed issue keeps its close reason */
		c = change_add(&t->pending, issue, CHANGE_STATUS);
		c->text = keep(&t->pending, status);
		c->reason = keep(&t->pending, reason);
		restore_status(&t->pending_undo, issue);
	}
	describe_changed(t, who, sizeof(who));
	if (strcmp(status, "closed") == 0)
		snprintf(t->pending.what, sizeof(t->pending.what), "close %s", who);
	else if (strcmp(status, "open") == 0)
		snprintf(t->pending.what, sizeof(t->pending.what), "reopen %s", who);
	else
		snprintf(t->pending.what, sizeof(t->pending.what), "%s: status %s", who, status);
	t->pending_undoable = 1;
}

static void build_priority(struct triage *t, int prio)
{
	size_t i;
	char who[64];
	for (i = 0; i < t->target_count; i++) {
		const struct issue *issue = target(t, i);
		struct issue_change *c;
		if (issue->priority == prio)
			continue;
		c = change_add(&t->pending, issue, CHANGE_PRIORITY);
		c->number = prio;
		c = change_add(&t->pending_undo, issue, CHANGE_PRIORITY);
		c->number = issue->priority;
	}
	describe_changed(t, who, sizeof(who));
	snprintf(t->pending.what, sizeof(t->pending.what), "%s: priority P%d", who, prio);
	t->pending_undoable = 1;
}

static void build_field(struct triage *t, enum change_kind kind, const char *value, const char *label)
{
	size_t i;
	char who[64];
	for (i = 0; i < t->target_count; i++) {
		const struct issue *issue = target(t, i);
		const char *old = kind == CHANGE_TYPE ? issue->issue_type : kind == CHANGE_ASSIGNEE ? issue->assignee
											    : issue->title;
		struct issue_change *c;
		if (!old)
			old = "";
		if (strcmp(old, value) == 0)
			continue;
		c = change_add(&t->pending, issue, kind);
		c->text = keep(&t->pending, value);
		c = change_add(&t->pending_undo, issue, kind);
		c->text = keep(&t->pending_undo, old);
	}
	describe_changed(t, who, sizeof(who));
	if (kind == CHANGE_ASSIGNEE && !*value)
		snprintf(t->pending.what, sizeof(t->pending.what), "%s: unassigned", who);
	else
		snprintf(t->pending.what, sizeof(t->pending.what), "%s: %s %s", who, label, value);
	t->pending_undoable = 1;
}

static int has_label(const struct issue *issue, const char *label)
{
	uint32_t i;
	for (i = 0; i < issue->label_count; i++)
		if (strcmp(issue->labels[i], label) == 0)
			return 1;
	return 0;
}

static void build_label(struct triage *t, const char *label, int add)
{
	size_t i;
	char who[64];
	for (i = 0; i < t->target_count; i++) {
		const struct issue *issue = target(t, i);
		struct issue_change *c;
		if (has_label(issue, label) == add)
			continue;
		c = change_add(&t->pending, issue, add ? CHANGE_ADD_LABEL : CHANGE_REMOVE_LABEL);
		c->text = keep(&t->pending, label);
		c = change_add(&t->pending_undo, issue, add ? CHANGE_REMOVE_LABEL : CHANGE_ADD_LABEL);
		c->text = keep(&t->pending_undo, label);
	}
	describe_changed(t, who, sizeof(who));
	snprintf(t->pending.what, sizeof(t->pending.what), "%s: label %s%s", who, add ? "+" : "-", label);
	t->pending_undoable = 1;
}

/* ---- starting */

static int needs_target(enum action a)
{
	return a != ACT_NEW && a != ACT_UNDO;
}

static void start_undo(struct triage *t, struct triage_outcome *out)
{
	struct undo_record *r;
	if (!t->undo_count) {
		say(out, 0, "nothing to undo (this session made no change)");
		return;
	}
	r = t->undo[--t->undo_count];
	t->pending = r->changes;
	changes_init(&r->changes);
	free(r);
	t->pending_is_undo = 1;
	t->pending_undoable = 0;
	if (!t->pending.count) {
		say(out, 0, "undone: %s (it changed nothing)", t->pending.what);
		reset_action(t);
		return;
	}
	write_pending(t, out);
}

static void start_status_pick(struct triage *t)
{
	const struct issue_set *set = t->app->set;
	size_t i;
	ask_begin(t, ASK_PICK, STEP_STATUS_PICK, "status of %s", "");
	describe_targets(t, t->ask.title + strlen(t->ask.title), sizeof(t->ask.title) - strlen(t->ask.title));
	for (i = 0; i < ARRAY_SIZE(common_statuses); i++)
		ask_item(t, (char)(i < 5 ? "oibdc"[i] : 0), "%s", common_statuses[i]);
	add_custom(t, "status.custom");
	for (i = 0; i < set->pool_count; i++) {
		/* statuses in the data that are not built in (custom ones) */
		(void)i;
	}
	for (i = 0; i < set->count; i++) {
		const struct issue *issue = &set->issues[i];
		if (issue->status_kind == STATUS_CUSTOM && !has_item(t, issue->status) && t->ask.item_count < 64)
			ask_item(t, 0, "%s", issue->status);
	}
	for (i = 0; i < t->ask.item_count; i++)
		if (t->target_count == 1 && strcmp(t->ask.items[i], target(t, 0)->status) == 0)
			t->ask.selected = i;
}

static void start_type_pick(struct triage *t)
{
	const struct issue_set *set = t->app->set;
	size_t i;
	ask_begin(t, ASK_PICK, STEP_TYPE_PICK, "type of %s", "");
	describe_targets(t, t->ask.title + strlen(t->ask.title), sizeof(t->ask.title) - strlen(t->ask.title));
	for (i = 0; i < ARRAY_SIZE(common_types); i++)
		ask_item(t, 0, "%s", common_types[i]);
	add_custom(t, "types.custom");
	for (i = 0; i < set->count && t->ask.item_count < 64; i++) {
		const char *type = set->issues[i].issue_type;
		if (type && *type && !has_item(t, type))
			ask_item(t, 0, "%s", type);
	}
	for (i = 0; i < t->ask.item_count; i++)
		if (t->target_count == 1 && strcmp(t->ask.items[i], target(t, 0)->issue_type) == 0)
			t->ask.selected = i;
}

static const struct {
	enum change_kind kind;
	const char *name;
	char key;
} edit_fields[] = {
	{CHANGE_TITLE, "title", 't'},
	{CHANGE_DESCRIPTION, "description", 'd'},
	{CHANGE_DESIGN, "design", 'g'},
	{CHANGE_ACCEPTANCE, "acceptance criteria", 'a'},
	{CHANGE_NOTES, "notes", 'n'},
};

static const struct {
	const char *type;
	int reverse;
	const char *label;
	char key;
} dep_adds[] = {
	{"blocks", 0, "depends on (blocks) ...", 'b'},
	{"blocks", 1, "blocks ... (it depends on this one)", 'B'},
	{"parent-child", 0, "child of (parent-child) ...", 'p'},
	{"related", 0, "related to ...", 'r'},
	{"discovered-from", 0, "discovered from ...", 'f'},
};

static void start_dep_pick(struct triage *t)
{
	const struct issue_set *set = t->app->set;
	const struct issue *issue = target(t, 0);
	size_t i, n;
	uint32_t k;
	ask_begin(t, ASK_PICK, STEP_DEP_PICK, "dependencies of %s", issue->id);
	for (i = 0; i < ARRAY_SIZE(dep_adds); i++)
		ask_item(t, dep_adds[i].key, "add: %s", dep_adds[i].label);
	t->dep_add_count = t->ask.item_count;
	n = (size_t)issue->dep_count + issue->rdep_count + 1;
	t->dep_remove_from = xcalloc(n, sizeof(char *));
	t->dep_remove_ids = xcalloc(n, sizeof(char *));
	t->dep_remove_types = xcalloc(n, sizeof(char *));
	n = 0;
	for (k = 0; k < issue->dep_count; k++) {
		const struct dep *dep = &set->deps[issue->dep_first + k];
		ask_item(t, n < 9 ? (char)('1' + n) : 0, "remove: depends on %s (%s)", dep->to_id, dep->type);
		t->dep_remove_from[n] = xstrdup(issue->id);
		t->dep_remove_ids[n] = xstrdup(dep->to_id);
		t->dep_remove_types[n++] = xstrdup(dep->type);
	}
	for (k = 0; k < issue->rdep_count; k++) {
		const struct dep *dep = &set->deps[set->rdeps[issue->rdep_first + k]];
		const char *from = set->issues[dep->from].id;
		ask_item(t, n < 9 ? (char)('1' + n) : 0, "remove: %s depends on it (%s)", from, dep->type);
		t->dep_remove_from[n] = xstrdup(from);
		t->dep_remove_ids[n] = xstrdup(issue->id);
		t->dep_remove_types[n++] = xstrdup(dep->type);
	}
}

void triage_start(struct triage *t, enum action action, uint32_t current, struct triage_outcome *out)
{
	const char *why;
	memset(out, 0, sizeof(*out));
	if (t->wait_started) {
		/* one write at a time: the waiting one is not dropped silently */
		out->waiting = 1;
		say(out, 1, "%s: still waiting for the lock (Esc gives up)", t->pending.what);
		return;
	}
	if (t->step != STEP_NONE || t->pending.count)
		reset_action(t);
	why = triage_read_only_reason(t);
	if (why && *why && action != ACT_NONE) {
		say(out, 1, "%s: read-only (%s)", action_name(action), why);
		return;
	}
	t->action = action;
	collect_targets(t, current);
	if (needs_target(action) && !t->target_count) {
		say(out, 1, "no issue selected");
		reset_action(t);
		return;
	}
	switch (action) {
	case ACT_STATUS_OPEN:
	case ACT_STATUS_IN_PROGRESS:
	case ACT_STATUS_BLOCKED:
	case ACT_STATUS_DEFERRED:
		build_status(t, action == ACT_STATUS_OPEN ? "open" : action == ACT_STATUS_IN_PROGRESS ? "in_progress"
							    : action == ACT_STATUS_BLOCKED  ? "blocked"
											    : "deferred",
			     NULL);
		commit_or_confirm(t, out);
		return;
	case ACT_CLOSE:
		ask_begin(t, ASK_TEXT, STEP_CLOSE_REASON, "close %s, reason: ", "");
		{
			char who[64];
			describe_targets(t, who, sizeof(who));
			snprintf(t->ask.title, sizeof(t->ask.title), "close %s, reason (Enter: none): ", who);
		}
		out->asking = 1;
		return;
	case ACT_STATUS:
		start_status_pick(t);
		out->asking = 1;
		return;
	case ACT_PRIORITY: {
		size_t i;
		char who[64];
		describe_targets(t, who, sizeof(who));
		ask_begin(t, ASK_PICK, STEP_PRIORITY_PICK, "priority of %s", who);
		for (i = 0; i < 5; i++)
			ask_item(t, (char)('0' + i), "P%zu %s", i, priority_name((int)i));
		t->ask.selected = t->target_count == 1 ? target(t, 0)->priority : 2;
		out->asking = 1;
		return;
	}
	case ACT_TYPE:
		start_type_pick(t);
		out->asking = 1;
		return;
	case ACT_ASSIGN: {
		char who[64];
		describe_targets(t, who, sizeof(who));
		if (t->target_count == 1 && target(t, 0)->assignee && *target(t, 0)->assignee)
			ask_begin(t, ASK_TEXT, STEP_ASSIGNEE, "assign %s (now %s) to (Tab completes, empty: nobody): ",
				  who, target(t, 0)->assignee);
		else
			ask_begin(t, ASK_TEXT, STEP_ASSIGNEE, "assign %s to (Tab completes, empty: nobody): ", who);
		t->ask.complete = COMPLETE_ASSIGNEE;
		out->asking = 1;
		return;
	}
	case ACT_ASSIGN_ME:
		build_field(t, CHANGE_ASSIGNEE, triage_actor(t->app), "assignee");
		commit_or_confirm(t, out);
		return;
	case ACT_LABEL_ADD: {
		char who[64];
		describe_targets(t, who, sizeof(who));
		ask_begin(t, ASK_TEXT, STEP_LABEL_ADD, "add a label to %s (Tab completes): ", who);
		t->ask.complete = COMPLETE_LABEL;
		out->asking = 1;
		return;
	}
	case ACT_LABEL_REMOVE: {
		size_t i;
		uint32_t k;
		char who[64];
		describe_targets(t, who, sizeof(who));
		ask_begin(t, ASK_PICK, STEP_LABEL_REMOVE_PICK, "remove a label from %s", who);
		for (i = 0; i < t->target_count; i++)
			for (k = 0; k < target(t, i)->label_count; k++)
				if (!has_item(t, target(t, i)->labels[k]))
					ask_item(t, 0, "%s", target(t, i)->labels[k]);
		if (!t->ask.item_count) {
			say(out, 0, "%s: no label to remove", who);
			reset_action(t);
			return;
		}
		out->asking = 1;
		return;
	}
	case ACT_COMMENT:
		ask_begin(t, ASK_TEXT, STEP_COMMENT, "comment on %s (Ctrl-E: in $EDITOR): ", target(t, 0)->id);
		t->ask.editor_allowed = 1;
		out->asking = 1;
		return;
	case ACT_EDIT: {
		size_t i;
		ask_begin(t, ASK_PICK, STEP_EDIT_FIELD_PICK, "edit %s in $EDITOR", target(t, 0)->id);
		for (i = 0; i < ARRAY_SIZE(edit_fields); i++)
			ask_item(t, edit_fields[i].key, "%s", edit_fields[i].name);
		t->ask.selected = 1;
		out->asking = 1;
		return;
	}
	case ACT_NEW:
		ask_begin(t, ASK_TEXT, STEP_NEW_TITLE, "new issue, title: ");
		out->asking = 1;
		return;
	case ACT_NEW_CHILD:
		ask_begin(t, ASK_TEXT, STEP_NEW_TITLE, "new child of %s, title: ", target(t, 0)->id);
		out->asking = 1;
		return;
	case ACT_DEPENDENCY:
		start_dep_pick(t);
		out->asking = 1;
		return;
	case ACT_UNDO:
		start_undo(t, out);
		return;
	default:
		reset_action(t);
		return;
	}
}

const struct triage_ask *triage_asking(const struct triage *t)
{
	return t->step != STEP_NONE ? &t->ask : NULL;
}

void triage_cancel(struct triage *t, struct triage_outcome *out)
{
	memset(out, 0, sizeof(*out));
	if (t->wait_started)
		say(out, 0, "%s: given up, nothing was written", t->pending.what);
	reset_action(t);
}

/* ---- answers */

static char *trimmed(const char *s)
{
	size_t n;
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return xstrndup(s, n);
}

static void answer_new(struct triage *t, const char *text, struct triage_outcome *out)
{
	char *title = trimmed(text);
	struct issue_change *c;
	if (!*title) {
		say(out, 0, "no title: nothing created");
		free(title);
		reset_action(t);
		return;
	}
	if (strchr(title, '\n'))
		*strchr(title, '\n') = '\0';
	c = change_add(&t->pending, NULL, CHANGE_CREATE);
	c->text = keep(&t->pending, title);
	c->number = 2;
	c->issue_type = "task";
	c->created_id = arena_alloc(&t->pending.arena, ISSUE_ID_MAX, 1);
	c->created_id[0] = '\0';
	if (t->action == ACT_NEW_CHILD) {
		c->id = keep(&t->pending, target(t, 0)->id);
		snprintf(t->pending.what, sizeof(t->pending.what), "create a child of %s", c->id);
	} else {
		snprintf(t->pending.what, sizeof(t->pending.what), "create an issue");
	}
	/* undone by deleting it: the id is filled in once known */
	change_add(&t->pending_undo, NULL, CHANGE_DELETE);
	t->pending_undoable = 1;
	free(title);
	write_pending(t, out);
}

/* Would `from` depending on `to` close a loop of dependencies? */
static int would_cycle(const struct issue_set *set, uint32_t from, uint32_t to)
{
	return from == to || graph_reaches(set, to, from);
}

static void answer_dep_target(struct triage *t, const char *text, struct triage_outcome *out)
{
	const struct issue_set *set = t->app->set;
	const struct issue *issue = target(t, 0);
	char *id = trimmed(text);
	const struct issue *other;
	const struct issue *from, *to;
	struct issue_change *c;
	if (!*id) {
		free(id);
		reset_action(t);
		return;
	}
	other = issue_set_find(set, id);
	if (!other && strncmp(id, "external:", 9) != 0) {
		say(out, 1, "no issue %s (an external target starts with external:)", id);
		free(id);
		reset_action(t);
		return;
	}
	from = t->dep_reverse ? other : issue;
	to = t->dep_reverse ? issue : other;
	if (!from) {
		say(out, 1, "an external issue cannot depend on %s", issue->id);
		free(id);
		reset_action(t);
		return;
	}
	/* bd checks every type but related for cycles */
	if (to && strcmp(t->dep_type, "related") != 0 && strcmp(t->dep_type, "relates-to") != 0 &&
	    would_cycle(set, (uint32_t)(from - set->issues), (uint32_t)(to - set->issues))) {
		say(out, 1, "%s depending on %s would make a cycle: not added", from->id, to->id);
		free(id);
		reset_action(t);
		return;
	}
	c = change_add(&t->pending, from, CHANGE_ADD_DEP);
	c->text = keep(&t->pending, to ? to->id : id);
	c->dep_type = keep(&t->pending, t->dep_type);
	c = change_add(&t->pending_undo, from, CHANGE_REMOVE_DEP);
	c->text = keep(&t->pending_undo, to ? to->id : id);
	c->dep_type = keep(&t->pending_undo, t->dep_type);
	snprintf(t->pending.what, sizeof(t->pending.what), "%s depends on %s (%s)", from->id, to ? to->id : id,
		 t->dep_type);
	t->pending_undoable = 1;
	free(id);
	write_pending(t, out);
}

void triage_answer_text(struct triage *t, const char *text, struct triage_outcome *out)
{
	memset(out, 0, sizeof(*out));
	switch (t->step) {
	case STEP_CLOSE_REASON: {
		char *reason = trimmed(text);
		build_status(t, "closed", reason);
		free(reason);
		commit_or_confirm(t, out);
		return;
	}
	case STEP_ASSIGNEE: {
		char *who = trimmed(text);
		build_field(t, CHANGE_ASSIGNEE, who, "assignee");
		free(who);
		commit_or_confirm(t, out);
		return;
	}
	case STEP_LABEL_ADD: {
		char *label = trimmed(text);
		if (!*label || strchr(label, ',')) {
			say(out, 1, *label ? "a label cannot contain ','" : "no label: nothing added");
			free(label);
			reset_action(t);
			return;
		}
		build_label(t, label, 1);
		free(label);
		commit_or_confirm(t, out);
		return;
	}
	case STEP_COMMENT: {
		char *body = trimmed(text);
		struct issue_change *c;
		if (!*body) {
			say(out, 0, "empty comment: nothing added");
			free(body);
			reset_action(t);
			return;
		}
		c = change_add(&t->pending, target(t, 0), CHANGE_COMMENT);
		c->text = keep(&t->pending, body);
		snprintf(t->pending.what, sizeof(t->pending.what), "comment on %s", target(t, 0)->id);
		/* bd has no way to delete a comment: there is no undo for one */
		t->pending_undoable = 0;
		free(body);
		write_pending(t, out);
		return;
	}
	case STEP_EDIT_TEXT: {
		const struct issue *issue = target(t, 0);
		enum change_kind kind = (enum change_kind)t->edit_field;
		struct issue_change *c;
		struct buf value = {0};
		size_t len;
		/* an editor adds a final newline: the field does not keep it */
		buf_puts(&value, text);
		len = value.len;
		while (len && (value.data[len - 1] == '\n' || value.data[len - 1] == '\r'))
			len--;
		value.data[len] = '\0';
		value.len = len;
		if (kind == CHANGE_TITLE) {
			char *title = trimmed(value.data);
			if (strchr(title, '\n'))
				*strchr(title, '\n') = '\0';
			buf_reset(&value);
			buf_puts(&value, title);
			free(title);
			if (!value.len) {
				say(out, 1, "a title cannot be empty: not changed");
				buf_free(&value);
				reset_action(t);
				return;
			}
		}
		if (strcmp(value.data, t->ask.text.data ? t->ask.text.data : "") == 0) {
			say(out, 0, "%s: unchanged", issue->id);
			buf_free(&value);
			reset_action(t);
			return;
		}
		c = change_add(&t->pending, issue, kind);
		c->text = keep(&t->pending, value.data);
		c = change_add(&t->pending_undo, issue, kind);
		c->text = keep(&t->pending_undo, t->ask.text.data ? t->ask.text.data : "");
		snprintf(t->pending.what, sizeof(t->pending.what), "%s: %s edited", issue->id,
			 kind == CHANGE_TITLE ? "title" : kind == CHANGE_DESCRIPTION ? "description"
						  : kind == CHANGE_DESIGN	 ? "design"
						  : kind == CHANGE_ACCEPTANCE	 ? "acceptance criteria"
										 : "notes");
		t->pending_undoable = 1;
		buf_free(&value);
		write_pending(t, out);
		return;
	}
	case STEP_NEW_TITLE:
		answer_new(t, text, out);
		return;
	case STEP_DEP_TARGET:
		answer_dep_target(t, text, out);
		return;
	default:
		reset_action(t);
		return;
	}
}

static void start_edit_text(struct triage *t, enum change_kind kind, struct triage_outcome *out)
{
	const struct issue *issue = target(t, 0);
	struct issue_detail detail;
	struct tib_error err = {0};
	const char *value = "";
	if (store_load_detail(t->app->store, issue->id, &detail, &err) != TIB_OK) {
		say(out, 1, "%s: cannot read its text: %s", issue->id, err.msg);
		reset_action(t);
		return;
	}
	switch (kind) {
	case CHANGE_TITLE:
		value = issue->title;
		break;
	case CHANGE_DESCRIPTION:
		value = detail.description;
		break;
	case CHANGE_DESIGN:
		value = detail.design;
		break;
	case CHANGE_ACCEPTANCE:
		value = detail.acceptance_criteria;
		break;
	default:
		value = detail.notes;
		break;
	}
	ask_begin(t, ASK_EDITOR, STEP_EDIT_TEXT, "%s of %s", "text", issue->id);
	buf_puts(&t->ask.text, value ? value : "");
	issue_detail_free(&detail);
	t->edit_field = (int)kind;
	out->asking = 1;
}

void triage_answer_pick(struct triage *t, size_t index, struct triage_outcome *out)
{
	memset(out, 0, sizeof(*out));
	if (index >= t->ask.item_count) {
		reset_action(t);
		return;
	}
	switch (t->step) {
	case STEP_STATUS_PICK: {
		char *status = xstrdup(t->ask.items[index]);
		if (strcmp(status, "closed") == 0) {
			char who[64];
			describe_targets(t, who, sizeof(who));
			ask_begin(t, ASK_TEXT, STEP_CLOSE_REASON, "close %s, reason (Enter: none): ", who);
			out->asking = 1;
		} else {
			ask_clear(&t->ask);
			t->step = STEP_NONE;
			build_status(t, status, NULL);
			commit_or_confirm(t, out);
		}
		free(status);
		return;
	}
	case STEP_PRIORITY_PICK:
		ask_clear(&t->ask);
		t->step = STEP_NONE;
		build_priority(t, (int)index);
		commit_or_confirm(t, out);
		return;
	case STEP_TYPE_PICK:
	case STEP_LABEL_REMOVE_PICK: {
		char *value = xstrdup(t->ask.items[index]);
		enum step step = t->step;
		ask_clear(&t->ask);
		t->step = STEP_NONE;
		if (step == STEP_TYPE_PICK)
			build_field(t, CHANGE_TYPE, value, "type");
		else
			build_label(t, value, 0);
		free(value);
		commit_or_confirm(t, out);
		return;
	}
	case STEP_EDIT_FIELD_PICK:
		start_edit_text(t, edit_fields[index].kind, out);
		return;
	case STEP_DEP_PICK:
		if (index < t->dep_add_count) {
			const struct issue *issue = target(t, 0);
			free_dep_choices(t);
			STR_COPY(t->dep_type, dep_adds[index].type);
			t->dep_reverse = dep_adds[index].reverse;
			if (dep_adds[index].reverse)
				ask_begin(t, ASK_TEXT, STEP_DEP_TARGET, "which issue depends on %s (blocks)? ",
					  issue->id);
			else
				ask_begin(t, ASK_TEXT, STEP_DEP_TARGET, "%s %s which issue? ", issue->id,
					  strcmp(t->dep_type, "parent-child") == 0 ? "is a child of"
					  : strcmp(t->dep_type, "blocks") == 0	 ? "depends on"
					  : strcmp(t->dep_type, "related") == 0	 ? "is related to"
										 : "was discovered from");
			t->ask.complete = COMPLETE_ISSUE_ID;
			out->asking = 1;
		} else {
			size_t k = index - t->dep_add_count;
			const struct issue *from = issue_set_find(t->app->set, t->dep_remove_from[k]);
			struct issue_change *c;
			if (!from) {
				reset_action(t);
				return;
			}
			c = change_add(&t->pending, from, CHANGE_REMOVE_DEP);
			c->text = keep(&t->pending, t->dep_remove_ids[k]);
			c->dep_type = keep(&t->pending, t->dep_remove_types[k]);
			c = change_add(&t->pending_undo, from, CHANGE_ADD_DEP);
			c->text = keep(&t->pending_undo, t->dep_remove_ids[k]);
			c->dep_type = keep(&t->pending_undo, t->dep_remove_types[k]);
			snprintf(t->pending.what, sizeof(t->pending.what), "%s no longer depends on %s (%s)", from->id,
				 t->dep_remove_ids[k], t->dep_remove_types[k]);
			t->pending_undoable = 1;
			free_dep_choices(t);
			ask_clear(&t->ask);
			t->step = STEP_NONE;
			write_pending(t, out);
		}
		return;
	default:
		reset_action(t);
		return;
	}
}

void triage_answer_confirm(struct triage *t, int yes, struct triage_outcome *out)
{
	memset(out, 0, sizeof(*out));
	if (t->step != STEP_CONFIRM)
		return;
	if (!yes) {
		say(out, 0, "%s: cancelled, nothing written", t->pending.what);
		reset_action(t);
		return;
	}
	ask_clear(&t->ask);
	t->step = STEP_NONE;
	write_pending(t, out);
}

void triage_to_editor(struct triage *t, const char *text_so_far)
{
	if (t->step != STEP_COMMENT)
		return;
	t->ask.kind = ASK_EDITOR;
	buf_reset(&t->ask.text);
	buf_puts(&t->ask.text, text_so_far ? text_so_far : "");
}

/* ---- completion */

void triage_complete(const struct triage *t, const char *word, void (*add)(void *ctx, const char *candidate),
		     void *ctx)
{
	const struct issue_set *set = t->app->set;
	size_t i, len = strlen(word), cap = 64, used = 0;
	/* the distinct values met, in an open-addressing table: a linear
	 * scan per value would be quadratic at 100,000 issues */
	const char **seen = xcalloc(cap, sizeof(*seen));
	for (i = 0; i < set->count; i++) {
		const struct issue *issue = &set->issues[i];
		const char *values[1];
		const char *const *list = values;
		size_t n = 0, k;
		switch (t->ask.complete) {
		case COMPLETE_ASSIGNEE:
			values[0] = issue->assignee;
			n = issue->assignee && *issue->assignee;
			break;
		case COMPLETE_LABEL:
			list = issue->labels;
			n = issue->label_count;
			break;
		case COMPLETE_ISSUE_ID:
			values[0] = issue->id;
			n = 1;
			break;
		default:
			break;
		}
		for (k = 0; k < n; k++) {
			size_t slot;
			if (strncmp(list[k], word, len) != 0)
				continue;
			if (t->ask.complete != COMPLETE_ISSUE_ID) {
				if ((used + 1) * 2 > cap) {
					const char **bigger = xcalloc(cap * 2, sizeof(*bigger));
					size_t j;
					for (j = 0; j < cap; j++)
						if (seen[j]) {
							slot = hash_str(seen[j]) & (cap * 2 - 1);
							while (bigger[slot])
								slot = (slot + 1) & (cap * 2 - 1);
							bigger[slot] = seen[j];
						}
					free(seen);
					seen = bigger;
					cap *= 2;
				}
				slot = hash_str(list[k]) & (cap - 1);
				while (seen[slot] && strcmp(seen[slot], list[k]) != 0)
					slot = (slot + 1) & (cap - 1);
				if (seen[slot])
					continue;
				seen[slot] = list[k];
				used++;
			}
			add(ctx, list[k]);
		}
	}
	free(seen);
}
