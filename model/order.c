/* The default order: what to work on first. In progress, then open by
 * priority, then what is blocked or deferred, then closed (latest closed
 * first), tombstones last. Ties: priority, most recently updated, id. */
#include "issue.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int order_group(const struct issue_set *set, const struct issue *issue)
{
	switch ((enum status_kind)issue->status_kind) {
	case STATUS_TOMBSTONE:
		return 4;
	case STATUS_CLOSED:
		return 3;
	case STATUS_BLOCKED:
	case STATUS_DEFERRED:
		return 2;
	case STATUS_IN_PROGRESS:
	case STATUS_OPEN:
	case STATUS_PINNED:
	case STATUS_HOOKED:
	case STATUS_CUSTOM:
		break;
	}
	if (issue->flags & ISSUE_BLOCKED)
		return 2;
	if (issue->defer_until != TIME_NONE && issue->defer_until > set->now)
		return 2;
	return issue->status_kind == STATUS_IN_PROGRESS ? 0 : 1;
}

/* Ids compare by their dot-separated parts: an all-digit part against
 * another compares as a number (so bd-x.2 sorts before bd-x.10), any
 * other part byte by byte (hash ids are base36, not numbers). */
static size_t part_len(const char *s)
{
	const char *dot = strchr(s, '.');
	return dot ? (size_t)(dot - s) : strlen(s);
}

static int all_digits(const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return len > 0;
}

int id_compare_natural(const char *a, const char *b)
{
	for (;;) {
		size_t la = part_len(a), lb = part_len(b);
		int c;
		if (all_digits(a, la) && all_digits(b, lb)) {
			const char *na = a, *nb = b;
			size_t ma = la, mb = lb;
			while (ma > 1 && *na == '0')
				na++, ma--;
			while (mb > 1 && *nb == '0')
				nb++, mb--;
			if (ma != mb)
				return ma < mb ? -1 : 1;
			c = memcmp(na, nb, ma);
		} else {
			c = memcmp(a, b, la < lb ? la : lb);
			if (c == 0 && la != lb)
				return la < lb ? -1 : 1;
		}
		if (c)
			return c < 0 ? -1 : 1;
		a += la;
		b += lb;
		if (!*a || !*b)
			return *a ? 1 : *b ? -1 : 0;
		a++; /* both at a dot */
		b++;
	}
}

static int cmp_time_desc(int64_t a, int64_t b)
{
	/* TIME_NONE is the smallest value, so unknown times sort last */
	return a > b ? -1 : a < b;
}

int issue_compare_default(const struct issue_set *set, const struct issue *a, const struct issue *b)
{
	int ga = order_group(set, a), gb = order_group(set, b), c;
	if (ga != gb)
		return ga < gb ? -1 : 1;
	if (ga >= 3 && (c = cmp_time_desc(a->closed_at, b->closed_at)) != 0)
		return c;
	if (a->priority != b->priority)
		return a->priority < b->priority ? -1 : 1;
	if ((c = cmp_time_desc(a->updated_at, b->updated_at)) != 0)
		return c;
	return id_compare_natural(a->id, b->id);
}

/* qsort has no context argument in C11; the set being sorted is parked
 * here for the duration of one sort (the model is single-threaded). */
static const struct issue_set *sorting_set;

/* issue_compare_default's fields, side by side: a full sort compares
 * these, not issues scattered over memory, and reads ids only on ties */
struct sort_key {
	int group;
	int priority;
	int64_t closed_at; /* groups 3 and 4 only, else TIME_NONE */
	int64_t updated_at;
	uint32_t issue;
};

static int cmp_key(const void *pa, const void *pb)
{
	const struct sort_key *a = pa, *b = pb;
	int c;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if ((c = cmp_time_desc(a->closed_at, b->closed_at)) != 0)
		return c;
	if (a->priority != b->priority)
		return a->priority < b->priority ? -1 : 1;
	if ((c = cmp_time_desc(a->updated_at, b->updated_at)) != 0)
		return c;
	return id_compare_natural(sorting_set->issues[a->issue].id, sorting_set->issues[b->issue].id);
}

void issue_set_sort_default(struct issue_set *set)
{
	size_t i, n = 0;
	struct sort_key *keys = xmalloc((set->count ? set->count : 1) * sizeof(*keys));
	free(set->order);
	set->order = xmalloc((set->count ? set->count : 1) * sizeof(*set->order));
	set->tombstone_count = 0;
	for (i = 0; i < set->count; i++) {
		const struct issue *issue = &set->issues[i];
		if (issue->status_kind == STATUS_TOMBSTONE) {
			set->tombstone_count++;
			if (!set->show_tombstones)
				continue;
		}
		keys[n].group = order_group(set, issue);
		keys[n].priority = issue->priority;
		keys[n].closed_at = keys[n].group >= 3 ? issue->closed_at : TIME_NONE;
		keys[n].updated_at = issue->updated_at;
		keys[n].issue = (uint32_t)i;
		n++;
	}
	sorting_set = set;
	if (n)
		qsort(keys, n, sizeof(*keys), cmp_key);
	sorting_set = NULL;
	for (i = 0; i < n; i++)
		set->order[i] = keys[i].issue;
	set->order_count = n;
	free(keys);
}

/* After an incremental refresh: the old order, with only the issues that
 * may have moved (re-read, or whose blocked/ready state changed) taken
 * out and put back by binary search. O(n) moves and O(k log n)
 * comparisons instead of a full sort; `moved` lists issue indices, with
 * `old_order` the order before (the caller's copy). */
void issue_set_resort(struct issue_set *set, const uint32_t *old_order, size_t old_count, const uint32_t *moved,
		      size_t moved_count)
{
	unsigned char *is_moved = xcalloc(set->count ? set->count : 1, 1);
	size_t i, n = 0;
	free(set->order);
	set->order = xmalloc((set->count ? set->count : 1) * sizeof(*set->order));
	for (i = 0; i < moved_count; i++)
		is_moved[moved[i]] = 1;
	for (i = 0; i < old_count; i++)
		if (!is_moved[old_order[i]])
			set->order[n++] = old_order[i];
	set->tombstone_count = 0;
	for (i = 0; i < set->count; i++)
		if (set->issues[i].status_kind == STATUS_TOMBSTONE)
			set->tombstone_count++;
	for (i = 0; i < moved_count; i++) {
		const struct issue *issue = &set->issues[moved[i]];
		size_t lo = 0, hi = n;
		if (issue->status_kind == STATUS_TOMBSTONE && !set->show_tombstones)
			continue;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (issue_compare_default(set, &set->issues[set->order[mid]], issue) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		memmove(set->order + lo + 1, set->order + lo, (n - lo) * sizeof(*set->order));
		set->order[lo] = moved[i];
		n++;
	}
	set->order_count = n;
	free(is_moved);
}
