#include "issue.h"

#include <stdlib.h>
#include <string.h>

struct pending_label {
	uint32_t issue;
	const char *label;
};

struct pending_dep {
	uint32_t from;
	const char *from_id; /* in the pending arena, until issue_set_finish */
	const char *to_id;
	const char *type;
};

struct issue_set_pending {
	struct pending_label *labels;
	size_t label_count, label_cap;
	struct pending_dep *deps;
	size_t dep_count, dep_cap;
	struct arena strings; /* what is needed only until issue_set_finish */
};

struct issue_set *issue_set_new(void)
{
	struct issue_set *set = xcalloc(1, sizeof(*set));
	set->pending = xcalloc(1, sizeof(*set->pending));
	set->now = TIME_NONE;
	return set;
}

static void pending_free(struct issue_set_pending *p)
{
	if (!p)
		return;
	free(p->labels);
	free(p->deps);
	arena_free(&p->strings);
	free(p);
}

void issue_set_free(struct issue_set *set)
{
	if (!set)
		return;
	pending_free(set->pending);
	arena_free(&set->arena);
	free(set->issues);
	free(set->deps);
	free(set->rdeps);
	free(set->label_slots);
	free(set->id_index);
	free(set->pool);
	free(set->order);
	free(set->texts);
	free(set->updated);
	free(set);
}

void issue_detail_free(struct issue_detail *detail)
{
	if (!detail)
		return;
	arena_free(&detail->arena);
	free(detail->comments);
	memset(detail, 0, sizeof(*detail));
}

/* ---- interning: status, type, assignee and label values repeat a lot */

static void pool_rehash(struct issue_set *set, size_t new_cap)
{
	const char **old = set->pool;
	size_t old_cap = set->pool_cap, i;
	set->pool = xcalloc(new_cap, sizeof(*set->pool));
	set->pool_cap = new_cap;
	for (i = 0; i < old_cap; i++) {
		size_t slot;
		if (!old[i])
			continue;
		slot = hash_str(old[i]) & (new_cap - 1);
		while (set->pool[slot])
			slot = (slot + 1) & (new_cap - 1);
		set->pool[slot] = old[i];
	}
	free(old);
}

const char *issue_set_intern(struct issue_set *set, const char *s)
{
	size_t slot;
	if (!s || !*s)
		return "";
	if ((set->pool_count + 1) * 2 > set->pool_cap)
		pool_rehash(set, set->pool_cap ? set->pool_cap * 2 : 64);
	slot = hash_str(s) & (set->pool_cap - 1);
	while (set->pool[slot]) {
		if (strcmp(set->pool[slot], s) == 0)
			return set->pool[slot];
		slot = (slot + 1) & (set->pool_cap - 1);
	}
	set->pool[slot] = arena_strdup(&set->arena, s);
	set->pool_count++;
	return set->pool[slot];
}

const char *issue_set_strdup(struct issue_set *set, const char *s)
{
	if (!s || !*s)
		return "";
	return arena_strdup(&set->arena, s);
}

/* ---- id index */

/* A slot holds (tag << 32) | (issue index + 1), 0 when empty; the tag is
 * the high half of the id's hash and picks the slot by its low bits, so
 * most mismatches are settled without reading an id (a cache miss each),
 * and growing the table never hashes an id again. */
static uint32_t id_tag(const char *id)
{
	return (uint32_t)(hash_str(id) >> 32);
}

static void index_put(uint64_t *index, size_t cap, uint32_t tag, uint32_t idx)
{
	size_t slot = tag & (cap - 1);
	while (index[slot])
		slot = (slot + 1) & (cap - 1);
	index[slot] = (uint64_t)tag << 32 | (idx + 1);
}

static void index_grow(struct issue_set *set)
{
	size_t cap = set->id_index_cap ? set->id_index_cap * 2 : 1024, i;
	uint64_t *old = set->id_index;
	set->id_index = xcalloc(cap, sizeof(*set->id_index));
	for (i = 0; i < set->id_index_cap; i++)
		if (old[i])
			index_put(set->id_index, cap, (uint32_t)(old[i] >> 32), (uint32_t)old[i] - 1);
	set->id_index_cap = cap;
	free(old);
}

static uint32_t index_find(const struct issue_set *set, const char *id, uint32_t tag)
{
	size_t slot;
	uint64_t entry;
	if (!set->id_index_cap)
		return ISSUE_NONE;
	slot = tag & (set->id_index_cap - 1);
	while ((entry = set->id_index[slot])) {
		if ((uint32_t)(entry >> 32) == tag && strcmp(set->issues[(uint32_t)entry - 1].id, id) == 0)
			return (uint32_t)entry - 1;
		slot = (slot + 1) & (set->id_index_cap - 1);
	}
	return ISSUE_NONE;
}

/* Bulk lookups: the slot of a lookup LOOKAHEAD ahead is fetched into the
 * cache while this one waits for its own. */
#define LOOKAHEAD 8
static void index_prefetch(const struct issue_set *set, uint32_t tag)
{
	if (set->id_index_cap)
		__builtin_prefetch(&set->id_index[tag & (set->id_index_cap - 1)]);
}

uint32_t issue_set_index_of(const struct issue_set *set, const char *id)
{
	if (!id)
		return ISSUE_NONE;
	return index_find(set, id, id_tag(id));
}

struct issue *issue_set_find(const struct issue_set *set, const char *id)
{
	uint32_t idx = issue_set_index_of(set, id);
	return idx == ISSUE_NONE ? NULL : &set->issues[idx];
}

static void issue_init(struct issue *issue, const char *id)
{
	memset(issue, 0, sizeof(*issue));
	issue->id = id;
	issue->title = "";
	issue->status = "open";
	issue->issue_type = "task";
	issue->assignee = issue->owner = issue->created_by = issue->close_reason = "";
	issue->created_at = issue->updated_at = issue->closed_at = issue->defer_until = TIME_NONE;
	issue->priority = 2;
	issue->status_kind = STATUS_OPEN;
}

struct issue *issue_set_add(struct issue_set *set, const char *id)
{
	uint32_t tag = id_tag(id);
	uint32_t idx = index_find(set, id, tag);
	if (idx != ISSUE_NONE) {
		issue_init(&set->issues[idx], set->issues[idx].id);
		return &set->issues[idx];
	}
	if (set->count >= UINT32_MAX - 1)
		tib_die("too many issues");
	GROW(set->issues, set->cap, set->count + 1);
	idx = (uint32_t)set->count++;
	issue_init(&set->issues[idx], arena_strdup(&set->arena, id));
	if (set->count * 2 > set->id_index_cap)
		index_grow(set);
	index_put(set->id_index, set->id_index_cap, tag, idx);
	return &set->issues[idx];
}

void issue_set_set_status(struct issue_set *set, struct issue *issue, const char *status)
{
	if (!status || !*status)
		status = "open";
	issue->status = issue_set_intern(set, status);
	issue->status_kind = (uint8_t)status_kind_of(status);
}

int issue_set_add_label(struct issue_set *set, const char *issue_id, const char *label)
{
	struct issue_set_pending *p = set->pending;
	uint32_t idx = issue_set_index_of(set, issue_id);
	if (idx == ISSUE_NONE || !label || !*label)
		return -1;
	GROW(p->labels, p->label_cap, p->label_count + 1);
	p->labels[p->label_count].issue = idx;
	p->labels[p->label_count].label = issue_set_intern(set, label);
	p->label_count++;
	return 0;
}

int issue_set_add_dep(struct issue_set *set, const char *issue_id, const char *depends_on_id,
		      const char *type)
{
	struct issue_set_pending *p = set->pending;
	if (!issue_id || !*issue_id || !depends_on_id || !*depends_on_id) {
		set->dropped_deps++;
		return -1;
	}
	/* the issue is looked up at issue_set_finish, all in one pass */
	GROW(p->deps, p->dep_cap, p->dep_count + 1);
	p->deps[p->dep_count].from_id = arena_strdup(&p->strings, issue_id);
	p->deps[p->dep_count].to_id = issue_set_strdup(set, depends_on_id);
	p->deps[p->dep_count].type = issue_set_intern(set, type && *type ? type : "blocks");
	p->dep_count++;
	return 0;
}

int issue_set_add_comment_count(struct issue_set *set, const char *issue_id, uint32_t count)
{
	struct issue *issue = issue_set_find(set, issue_id);
	if (!issue)
		return -1;
	issue->comment_count += count;
	return 0;
}

/* Labels show sorted by name, as bd prints them; sorting also brings
 * duplicates together so they show once. */
static int cmp_pending_label(const void *pa, const void *pb)
{
	const struct pending_label *a = pa, *b = pb;
	if (a->issue != b->issue)
		return a->issue < b->issue ? -1 : 1;
	return strcmp(a->label, b->label);
}

/* Stable counting sort of `n` records of `size` bytes by the issue index
 * that key(record) gives: O(n + issues), where a comparison sort of
 * 100,000 records was a tenth of a load. */
static void sort_by_issue(void *records, size_t n, size_t size, size_t issue_count,
			  uint32_t (*key)(const void *record))
{
	size_t *start, i;
	char *sorted;
	const char *in = records;
	if (n == 0)
		return; /* and records may be NULL */
	start = xcalloc(issue_count + 1, sizeof(*start));
	sorted = xmalloc(n * size);
	for (i = 0; i < n; i++)
		start[key(in + i * size) + 1]++;
	for (i = 0; i < issue_count; i++)
		start[i + 1] += start[i];
	for (i = 0; i < n; i++)
		memcpy(sorted + start[key(in + i * size)]++ * size, in + i * size, size);
	memcpy(records, sorted, n * size);
	free(sorted);
	free(start);
}

static uint32_t label_issue(const void *record)
{
	return ((const struct pending_label *)record)->issue;
}

static uint32_t dep_issue(const void *record)
{
	return ((const struct pending_dep *)record)->from;
}

static void finish_labels(struct issue_set *set)
{
	struct issue_set_pending *p = set->pending;
	size_t i, w = 0, run;
	/* by issue, then each issue's labels by name (a few each, mostly) */
	sort_by_issue(p->labels, p->label_count, sizeof(*p->labels), set->count, label_issue);
	for (i = 0; i < p->label_count; i += run) {
		for (run = 1; i + run < p->label_count && p->labels[i + run].issue == p->labels[i].issue; run++)
			;
		if (run > 1)
			qsort(p->labels + i, run, sizeof(*p->labels), cmp_pending_label);
	}
	set->label_slots = xmalloc(p->label_count * sizeof(*set->label_slots));
	for (i = 0; i < p->label_count; i++) {
		struct issue *issue = &set->issues[p->labels[i].issue];
		const char *label = p->labels[i].label;
		/* interned, so equal labels are the same pointer */
		if (issue->label_count && issue->labels[issue->label_count - 1] == label)
			continue;
		if (!issue->label_count)
			issue->labels = &set->label_slots[w];
		set->label_slots[w++] = label;
		issue->label_count++;
	}
	set->label_slot_count = w;
}

static void finish_deps(struct issue_set *set)
{
	struct issue_set_pending *p = set->pending;
	size_t i, n = p->dep_count;
	uint32_t *fill, *tags, last = ISSUE_NONE;
	size_t kept = 0;
	/* the issues and the targets by id, each lookup a cache miss or two
	 * in a big set: the slots are fetched a few dependencies ahead */
	tags = xmalloc((n ? n : 1) * sizeof(*tags));
	for (i = 0; i < n; i++)
		tags[i] = id_tag(p->deps[i].from_id);
	for (i = 0; i < n; i++) {
		if (i + LOOKAHEAD < n)
			index_prefetch(set, tags[i + LOOKAHEAD]);
		/* rows often come grouped by issue: then the last one matches */
		if (last == ISSUE_NONE || strcmp(set->issues[last].id, p->deps[i].from_id) != 0)
			last = index_find(set, p->deps[i].from_id, tags[i]);
		if (last == ISSUE_NONE) {
			set->dropped_deps++;
			continue;
		}
		p->deps[kept] = p->deps[i];
		p->deps[kept++].from = last;
	}
	n = kept;
	/* by issue, in the order they were added (stable) */
	sort_by_issue(p->deps, n, sizeof(*p->deps), set->count, dep_issue);
	set->deps = xmalloc(n * sizeof(*set->deps));
	set->rdeps = xmalloc(n * sizeof(*set->rdeps));
	set->dep_count = 0;
	for (i = 0; i < n; i++)
		tags[i] = id_tag(p->deps[i].to_id);
	for (i = 0; i < n; i++) {
		struct dep *d = &set->deps[set->dep_count];
		struct issue *from = &set->issues[p->deps[i].from];
		if (i + LOOKAHEAD < n)
			index_prefetch(set, tags[i + LOOKAHEAD]);
		d->from = p->deps[i].from;
		d->to_id = p->deps[i].to_id;
		d->type = p->deps[i].type;
		d->kind = (uint8_t)dep_kind_of(d->type);
		d->to = index_find(set, d->to_id, tags[i]);
		if (!from->dep_count)
			from->dep_first = (uint32_t)set->dep_count;
		from->dep_count++;
		set->dep_count++;
	}
	/* Incoming edges: counting sort by target keeps the order stable. */
	for (i = 0; i < set->dep_count; i++)
		if (set->deps[i].to != ISSUE_NONE)
			set->issues[set->deps[i].to].rdep_count++;
	{
		uint32_t acc = 0;
		for (i = 0; i < set->count; i++) {
			set->issues[i].rdep_first = acc;
			acc += set->issues[i].rdep_count;
		}
	}
	fill = xcalloc(set->count, sizeof(*fill));
	for (i = 0; i < set->dep_count; i++) {
		uint32_t to = set->deps[i].to;
		if (to == ISSUE_NONE)
			continue;
		set->rdeps[set->issues[to].rdep_first + fill[to]++] = (uint32_t)i;
	}
	free(fill);
	free(tags);
}

void issue_set_finish(struct issue_set *set, int64_t now)
{
	size_t i;
	set->now = now;
	for (i = 0; i < set->count; i++) {
		struct issue *issue = &set->issues[i];
		issue->labels = NULL;
		issue->label_count = issue->dep_count = issue->rdep_count = 0;
		if (issue->status_kind == STATUS_PINNED)
			issue->flags |= ISSUE_PINNED;
	}
	finish_labels(set);
	finish_deps(set);
	pending_free(set->pending);
	set->pending = NULL;
	issue_set_compute_blocked_ready(set);
	issue_set_sort_default(set);
}

/* ---- names */

static const struct {
	const char *name;
	enum status_kind kind;
} status_names[] = {
	{"open", STATUS_OPEN},         {"in_progress", STATUS_IN_PROGRESS},
	{"blocked", STATUS_BLOCKED},   {"deferred", STATUS_DEFERRED},
	{"closed", STATUS_CLOSED},     {"tombstone", STATUS_TOMBSTONE},
	{"pinned", STATUS_PINNED},     {"hooked", STATUS_HOOKED},
};

enum status_kind status_kind_of(const char *status)
{
	size_t i;
	for (i = 0; i < ARRAY_SIZE(status_names); i++)
		if (strcmp(status, status_names[i].name) == 0)
			return status_names[i].kind;
	return STATUS_CUSTOM;
}

int status_kind_is_active(enum status_kind kind)
{
	return kind == STATUS_OPEN || kind == STATUS_IN_PROGRESS || kind == STATUS_BLOCKED ||
	       kind == STATUS_DEFERRED || kind == STATUS_HOOKED;
}

static const struct {
	const char *name;
	enum dep_kind kind;
} dep_names[] = {
	{"blocks", DEP_BLOCKS},
	{"parent-child", DEP_PARENT_CHILD},
	{"conditional-blocks", DEP_CONDITIONAL_BLOCKS},
	{"waits-for", DEP_WAITS_FOR},
	{"related", DEP_RELATED},
	{"discovered-from", DEP_DISCOVERED_FROM},
	{"duplicates", DEP_DUPLICATES},
};

enum dep_kind dep_kind_of(const char *type)
{
	size_t i;
	for (i = 0; i < ARRAY_SIZE(dep_names); i++)
		if (strcmp(type, dep_names[i].name) == 0)
			return dep_names[i].kind;
	return DEP_OTHER;
}

int dep_kind_is_blocking(enum dep_kind kind)
{
	return kind == DEP_BLOCKS || kind == DEP_PARENT_CHILD || kind == DEP_CONDITIONAL_BLOCKS ||
	       kind == DEP_WAITS_FOR;
}

const char *priority_name(int priority)
{
	static const char *const names[] = {"critical", "high", "medium", "low", "backlog"};
	return priority >= 0 && priority <= 4 ? names[priority] : "unknown";
}

static void *memdup(const void *p, size_t size)
{
	void *q = xmalloc(size ? size : 1);
	if (size)
		memcpy(q, p, size);
	return q;
}

struct issue_set *issue_set_derive(struct issue_set *old)
{
	struct issue_set *set = xcalloc(1, sizeof(*set));
	size_t i;
	/* the strings move; old's pointers into them stay good */
	set->arena = old->arena;
	memset(&old->arena, 0, sizeof(old->arena));
	set->issues = memdup(old->issues, old->count * sizeof(*set->issues));
	set->count = set->cap = old->count;
	set->deps = memdup(old->deps, old->dep_count * sizeof(*set->deps));
	set->dep_count = old->dep_count;
	set->rdeps = memdup(old->rdeps, old->dep_count * sizeof(*set->rdeps));
	set->label_slots = memdup(old->label_slots, old->label_slot_count * sizeof(*set->label_slots));
	set->label_slot_count = old->label_slot_count;
	for (i = 0; i < set->count; i++)
		if (set->issues[i].label_count)
			set->issues[i].labels = set->label_slots + (old->issues[i].labels - old->label_slots);
	set->id_index = memdup(old->id_index, old->id_index_cap * sizeof(*set->id_index));
	set->id_index_cap = old->id_index_cap;
	set->pool = memdup(old->pool, old->pool_cap * sizeof(*set->pool));
	set->pool_cap = old->pool_cap;
	set->pool_count = old->pool_count;
	set->dropped_deps = old->dropped_deps;
	set->show_tombstones = old->show_tombstones;
	set->derived = old->derived + 1;
	set->now = old->now;
	/* the old order, to be adjusted rather than redone (issue_set_refreeze) */
	set->order = memdup(old->order, old->order_count * sizeof(*set->order));
	set->order_count = old->order_count;
	return set;
}

struct issue *issue_set_update(struct issue_set *set, const char *id)
{
	uint32_t idx = issue_set_index_of(set, id);
	struct issue keep, *issue;
	if (idx == ISSUE_NONE)
		return NULL;
	issue = &set->issues[idx];
	keep = *issue;
	GROW(set->updated, set->updated_cap, set->updated_count + 1);
	set->updated[set->updated_count++] = idx;
	issue_init(issue, keep.id);
	issue->labels = keep.labels;
	issue->label_count = keep.label_count;
	issue->dep_first = keep.dep_first;
	issue->dep_count = keep.dep_count;
	issue->rdep_first = keep.rdep_first;
	issue->rdep_count = keep.rdep_count;
	issue->comment_count = keep.comment_count;
	return issue;
}

void issue_set_refreeze(struct issue_set *set, int64_t now)
{
	size_t i, moved_count = 0;
	uint8_t *old_flags = xmalloc(set->count ? set->count : 1);
	uint32_t *moved, *old_order = set->order;
	size_t old_count = set->order_count;
	unsigned char *seen;
	int64_t old_now = set->now;
	set->now = now;
	for (i = 0; i < set->count; i++) {
		old_flags[i] = set->issues[i].flags;
		if (set->issues[i].status_kind == STATUS_PINNED)
			set->issues[i].flags |= ISSUE_PINNED;
	}
	issue_set_compute_blocked_ready(set);
	/* what may have moved: the re-read issues, and any whose blocked or
	 * ready state changed because of them (a closed blocker frees its
	 * dependents) */
	moved = xmalloc((set->count ? set->count : 1) * sizeof(*moved));
	seen = xcalloc(set->count ? set->count : 1, 1);
	for (i = 0; i < set->updated_count; i++) {
		uint32_t idx = set->updated[i];
		if (!seen[idx]) {
			seen[idx] = 1;
			moved[moved_count++] = idx;
		}
	}
	for (i = 0; i < set->count; i++) {
		const struct issue *issue = &set->issues[i];
		uint8_t changed = (uint8_t)((old_flags[i] ^ issue->flags) & (ISSUE_BLOCKED | ISSUE_READY));
		/* a defer_until date that passed since moves the issue too */
		int undeferred = issue->defer_until != TIME_NONE &&
				 (issue->defer_until > old_now) != (issue->defer_until > now);
		if ((changed || undeferred) && !seen[i]) {
			seen[i] = 1;
			moved[moved_count++] = (uint32_t)i;
		}
	}
	if (old_order && moved_count < set->count / 8 + 16) {
		set->order = NULL;
		issue_set_resort(set, old_order, old_count, moved, moved_count);
		free(old_order);
	} else {
		issue_set_sort_default(set);
	}
	set->updated_count = 0;
	free(moved);
	free(seen);
	free(old_flags);
}
