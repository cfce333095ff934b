/* Statistics over the issues shown (see stats.h): one pass counts every
 * field into small hash tables keyed by the value's text; only the
 * tables (a few hundred values at most) are sorted. */
#include "stats.h"

#include <stdlib.h>
#include <string.h>

#include "query.h"

struct counter_slot {
	const char *name; /* NULL: empty */
	size_t count;
	int kept;         /* among the table's rows */
};

/* Open addressing on the value's text; the values of a loaded set are
 * interned, so the pointer test usually settles a probe. */
struct counter {
	struct counter_slot *slots;
	size_t cap, used;
};

static void counter_init(struct counter *c)
{
	c->cap = 64;
	c->used = 0;
	c->slots = xcalloc(c->cap, sizeof(*c->slots));
}

static struct counter_slot *counter_find(const struct counter *c, const char *name)
{
	size_t i = hash_str(name) & (c->cap - 1);
	while (c->slots[i].name) {
		if (c->slots[i].name == name || strcmp(c->slots[i].name, name) == 0)
			return &c->slots[i];
		i = (i + 1) & (c->cap - 1);
	}
	return &c->slots[i];
}

static void counter_grow(struct counter *c)
{
	struct counter_slot *old = c->slots;
	size_t old_cap = c->cap, i;
	c->cap *= 2;
	c->slots = xcalloc(c->cap, sizeof(*c->slots));
	for (i = 0; i < old_cap; i++)
		if (old[i].name)
			*counter_find(c, old[i].name) = old[i];
	free(old);
}

static void counter_add(struct counter *c, const char *name)
{
	struct counter_slot *s = counter_find(c, name);
	if (!s->name) {
		if ((c->used + 1) * 2 > c->cap) {
			counter_grow(c);
			s = counter_find(c, name);
		}
		s->name = name;
		c->used++;
	}
	s->count++;
}

/* Where a status goes in the status table: work still to do first,
 * closed and deleted last. */
static int status_rank(const char *status)
{
	static const int rank[] = {
		[STATUS_OPEN] = 0,   [STATUS_IN_PROGRESS] = 1, [STATUS_BLOCKED] = 2,
		[STATUS_DEFERRED] = 3, [STATUS_HOOKED] = 4,    [STATUS_PINNED] = 5,
		[STATUS_CUSTOM] = 6, [STATUS_CLOSED] = 7,      [STATUS_TOMBSTONE] = 8,
	};
	return rank[status_kind_of(status)];
}

static int cmp_by_count(const void *pa, const void *pb)
{
	const struct counter_slot *a = *(const struct counter_slot *const *)pa;
	const struct counter_slot *b = *(const struct counter_slot *const *)pb;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int cmp_by_status(const void *pa, const void *pb)
{
	const struct counter_slot *a = *(const struct counter_slot *const *)pa;
	const struct counter_slot *b = *(const struct counter_slot *const *)pb;
	int ra = status_rank(a->name), rb = status_rank(b->name);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	return cmp_by_count(pa, pb);
}

/* Sorts the values, keeps the first STATS_TOP as rows and sums up the
 * rest; frees nothing (the counter may still be asked what was kept). */
static void table_fill(struct stats_table *t, struct counter *c, int by_status)
{
	struct counter_slot **all = xmalloc((c->used ? c->used : 1) * sizeof(*all));
	size_t n = 0, i;
	for (i = 0; i < c->cap; i++)
		if (c->slots[i].name)
			all[n++] = &c->slots[i];
	qsort(all, n, sizeof(*all), by_status ? cmp_by_status : cmp_by_count);
	t->count = n < STATS_TOP ? n : STATS_TOP;
	t->rows = xmalloc((t->count ? t->count : 1) * sizeof(*t->rows));
	for (i = 0; i < n; i++) {
		if (i < t->count) {
			t->rows[i].name = all[i]->name;
			t->rows[i].count = all[i]->count;
			all[i]->kept = 1;
		} else {
			t->other_values++;
			t->other_issues += all[i]->count;
		}
	}
	free(all);
}

static void table_max(struct stats_table *t)
{
	size_t i;
	t->max = t->none > t->other_issues ? t->none : t->other_issues;
	for (i = 0; i < t->count; i++)
		if (t->rows[i].count > t->max)
			t->max = t->rows[i].count;
}

/* The oldest open issues, kept sorted: created first, then by id. */
static int older(const struct issue *a, const struct issue *b)
{
	if (a->created_at != b->created_at)
		return a->created_at < b->created_at;
	return id_compare_natural(a->id, b->id) < 0;
}

static void keep_oldest(struct issue_stats *st, const struct issue_set *set, uint32_t idx)
{
	const struct issue *issue = &set->issues[idx];
	size_t pos = st->oldest_count;
	if (pos == STATS_OLDEST && !older(issue, &set->issues[st->oldest[pos - 1]]))
		return;
	if (pos == STATS_OLDEST)
		pos--;
	while (pos > 0 && older(issue, &set->issues[st->oldest[pos - 1]])) {
		st->oldest[pos] = st->oldest[pos - 1];
		pos--;
	}
	st->oldest[pos] = idx;
	if (st->oldest_count < STATS_OLDEST)
		st->oldest_count++;
}

/* The week t falls in, or -1 outside the chart (the last week ends at
 * now, which is outside). */
static int week_of(const struct issue_stats *st, int64_t t)
{
	int64_t k;
	if (t == TIME_NONE || t < st->weeks[0].start)
		return -1;
	k = (t - st->weeks[0].start) / STATS_WEEK;
	return k < STATS_WEEKS ? (int)k : -1;
}

void issue_stats_compute(struct issue_stats *st, const struct issue_set *set, const struct query *filter,
			 int64_t now)
{
	struct counter status, type, assignee, label;
	uint32_t *matched = NULL;
	const uint32_t *rows = set->order;
	size_t n = set->order_count, i, k;
	memset(st, 0, sizeof(*st));
	st->set = set;
	st->filter = filter;
	st->now = now;
	for (k = 0; k < STATS_WEEKS; k++) {
		st->weeks[k].start = now - (int64_t)(STATS_WEEKS - k) * STATS_WEEK;
		st->weeks[k].end = st->weeks[k].start + STATS_WEEK;
	}
	if (filter) {
		matched = xmalloc((set->count ? set->count : 1) * sizeof(*matched));
		n = query_run(filter, set, matched);
		rows = matched;
	}
	counter_init(&status);
	counter_init(&type);
	counter_init(&assignee);
	counter_init(&label);
	for (i = 0; i < n; i++) {
		const struct issue *issue = &set->issues[rows[i]];
		int w;
		counter_add(&status, issue->status);
		counter_add(&type, issue->issue_type);
		st->priority[issue->priority > 4 ? 4 : issue->priority]++;
		if (*issue->assignee)
			counter_add(&assignee, issue->assignee);
		else
			st->assignee.none++;
		for (k = 0; k < issue->label_count; k++)
			counter_add(&label, issue->labels[k]);
		if (!issue->label_count)
			st->label.none++;
		if ((w = week_of(st, issue->created_at)) >= 0)
			st->weeks[w].opened++;
		if ((w = week_of(st, issue->closed_at)) >= 0)
			st->weeks[w].closed++;
		if (status_kind_is_active(issue->status_kind)) {
			st->active++;
			if (issue->created_at != TIME_NONE)
				keep_oldest(st, set, rows[i]);
		}
	}
	st->total = n;
	table_fill(&st->status, &status, 1);
	table_fill(&st->type, &type, 0);
	table_fill(&st->assignee, &assignee, 0);
	table_fill(&st->label, &label, 0);
	/* an issue has several labels: "others" counts the issues that have
	 * at least one label not in the table, once each */
	if (st->label.other_values) {
		st->label.other_issues = 0;
		for (i = 0; i < n; i++) {
			const struct issue *issue = &set->issues[rows[i]];
			for (k = 0; k < issue->label_count; k++)
				if (!counter_find(&label, issue->labels[k])->kept)
					break;
			st->label.other_issues += k < issue->label_count;
		}
	}
	table_max(&st->status);
	table_max(&st->type);
	table_max(&st->assignee);
	table_max(&st->label);
	for (k = 0; k < 5; k++)
		if (st->priority[k] > st->priority_max)
			st->priority_max = st->priority[k];
	for (k = 0; k < STATS_WEEKS; k++) {
		if (st->weeks[k].opened > st->week_max)
			st->week_max = st->weeks[k].opened;
		if (st->weeks[k].closed > st->week_max)
			st->week_max = st->weeks[k].closed;
	}
	free(status.slots);
	free(type.slots);
	free(assignee.slots);
	free(label.slots);
	free(matched);
}

void issue_stats_free(struct issue_stats *st)
{
	free(st->status.rows);
	free(st->type.rows);
	free(st->assignee.rows);
	free(st->label.rows);
	memset(st, 0, sizeof(*st));
}
