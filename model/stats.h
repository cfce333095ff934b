/* The numbers of the statistics view: issues by status, type, priority,
 * assignee and label, opened and closed per week, the oldest open
 * issues. One pass over the issues counted plus sorting of the small
 * tables, done once per set or filter change (never per frame). No
 * curses here. */
#ifndef TIB_STATS_H
#define TIB_STATS_H

#include "issue.h"

struct query;

#define STATS_TOP 10    /* rows kept in each table; the rest is "others" */
#define STATS_WEEKS 12  /* weeks of the opened/closed chart */
#define STATS_OLDEST 10 /* oldest open issues kept */
#define STATS_WEEK ((int64_t)7 * 86400 * 1000000)

/* One value and how many issues have it. */
struct stats_row {
	const char *name; /* owned by the set */
	size_t count;
};

/* The values of one field, most frequent first (ties by name); status
 * rows go in lifecycle order instead (open, in progress ... closed). */
struct stats_table {
	struct stats_row *rows;
	size_t count;        /* rows kept: at most STATS_TOP */
	size_t other_values; /* values beyond the kept rows */
	size_t other_issues; /* issues having one of those values */
	size_t none;         /* issues without a value (unassigned, no label) */
	size_t max;          /* the largest of the counts above: bars scale to it */
};

/* Issues created and closed in [start, end). */
struct stats_week {
	int64_t start, end;
	size_t opened, closed;
};

struct issue_stats {
	const struct issue_set *set;
	const struct query *filter;
	int64_t now;
	size_t total;  /* issues counted: shown and matching the filter */
	size_t active; /* of them, status_kind_is_active */
	struct stats_table status, type, assignee, label;
	size_t priority[5]; /* P0..P4 (above 4 counts as 4) */
	size_t priority_max;
	struct stats_week weeks[STATS_WEEKS]; /* oldest first; the last ends at now */
	size_t week_max;                      /* the largest opened or closed count */
	uint32_t oldest[STATS_OLDEST];        /* active issues by created_at, oldest first */
	size_t oldest_count;
};

/* Counts the issues shown (set->order) that `filter` matches (NULL: all;
 * tombstones too when the filter asks for them, as in the list), with
 * weeks ending at `now`. Issues without a creation date are never among
 * the oldest. Free with issue_stats_free. */
void issue_stats_compute(struct issue_stats *stats, const struct issue_set *set, const struct query *filter,
			 int64_t now);
void issue_stats_free(struct issue_stats *stats);

#endif
