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

/* Digit runs compare as numbers, so bd-x.2 sorts before bd-x.10. */
int id_compare_natural(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			const char *ea, *eb;
			size_t la, lb;
			int c;
			while (*a == '0' && isdigit((unsigned char)a[1]))
				a++;
			while (*b == '0' && isdigit((unsigned char)b[1]))
				b++;
			for (ea = a; isdigit((unsigned char)*ea); ea++)
				;
			for (eb = b; isdigit((unsigned char)*eb); eb++)
				;
			la = (size_t)(ea - a);
			lb = (size_t)(eb - b);
			if (la != lb)
				return la < lb ? -1 : 1;
			c = memcmp(a, b, la);
			if (c)
				return c < 0 ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	if (*a || *b)
		return *a ? 1 : -1;
	return 0;
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

static int cmp_order(const void *pa, const void *pb)
{
	const uint32_t *a = pa, *b = pb;
	return issue_compare_default(sorting_set, &sorting_set->issues[*a], &sorting_set->issues[*b]);
}

void issue_set_sort_default(struct issue_set *set)
{
	size_t i;
	free(set->order);
	set->order = xmalloc((set->count ? set->count : 1) * sizeof(*set->order));
	set->order_count = 0;
	set->tombstone_count = 0;
	for (i = 0; i < set->count; i++) {
		if (set->issues[i].status_kind == STATUS_TOMBSTONE) {
			set->tombstone_count++;
			if (!set->show_tombstones)
				continue;
		}
		set->order[set->order_count++] = (uint32_t)i;
	}
	sorting_set = set;
	if (set->order_count)
		qsort(set->order, set->order_count, sizeof(*set->order), cmp_order);
	sorting_set = NULL;
}
