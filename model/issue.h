/* The in-memory issue set: what every view reads. Filled by a storage
 * backend through the builder calls, then frozen by issue_set_finish(),
 * which resolves dependencies, computes blocked/ready and the default
 * order. One arena owns every string of a set, so dropping a set after a
 * refresh is one call. No curses and no SQL here. */
#ifndef TIB_ISSUE_H
#define TIB_ISSUE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define ISSUE_NONE UINT32_MAX
#define TIME_NONE INT64_MIN /* timestamps are microseconds since the epoch */

enum status_kind {
	STATUS_OPEN,
	STATUS_IN_PROGRESS,
	STATUS_BLOCKED,
	STATUS_DEFERRED,
	STATUS_CLOSED,
	STATUS_TOMBSTONE,
	STATUS_PINNED,
	STATUS_HOOKED,
	STATUS_CUSTOM, /* config status.custom or anything else */
};

enum dep_kind {
	DEP_BLOCKS,
	DEP_PARENT_CHILD,
	DEP_CONDITIONAL_BLOCKS,
	DEP_WAITS_FOR,
	DEP_RELATED,
	DEP_DISCOVERED_FROM,
	DEP_DUPLICATES,
	DEP_OTHER,
};

enum issue_flag {
	ISSUE_PINNED = 1 << 0,    /* pinned column, or status pinned */
	ISSUE_EPHEMERAL = 1 << 1, /* wisps: never ready */
	ISSUE_BLOCKED = 1 << 2,   /* computed: an active blocker, maybe via a parent */
	ISSUE_READY = 1 << 3,     /* computed: beads' ready rule */
	ISSUE_TEMPLATE = 1 << 4,
};

/* `from` depends on `to` (for parent-child: from is the child). */
struct dep {
	uint32_t from;
	uint32_t to;        /* ISSUE_NONE: target not in the set (external) */
	const char *to_id;
	const char *type;   /* as stored, interned */
	uint8_t kind;       /* enum dep_kind */
};

struct issue {
	const char *id;
	const char *title;
	const char *status;     /* as stored, interned */
	const char *issue_type; /* interned */
	const char *assignee;   /* "" when unassigned */
	const char *owner;
	const char *created_by;
	const char *close_reason;
	int64_t created_at, updated_at, closed_at, defer_until;
	const char **labels;
	uint32_t label_count;
	uint32_t dep_first, dep_count;   /* outgoing: set->deps[dep_first..] */
	uint32_t rdep_first, rdep_count; /* incoming: set->rdeps[..] index deps */
	uint32_t comment_count;
	uint8_t priority;    /* 0..4 */
	uint8_t status_kind; /* enum status_kind */
	uint8_t flags;       /* enum issue_flag */
};

struct issue_set_pending; /* labels and deps collected before finish */

/* The long text of one issue, for full-text search (text: terms). Loaded
 * for the whole set only when a query asks for it. */
struct issue_text {
	const char *description, *design, *acceptance_criteria, *notes;
	const char *comments; /* every comment's author and text, one per line */
};

struct issue_set {
	struct arena arena;
	struct issue *issues;
	size_t count, cap;
	struct dep *deps;
	size_t dep_count;
	uint32_t *rdeps;            /* indices into deps, grouped by target */
	const char **label_slots;   /* issue->labels points in here */
	size_t label_slot_count;
	unsigned derived;           /* how many issue_set_derive steps since a full load */
	uint32_t *updated;          /* derived sets: the issues re-read (issue_set_update) */
	size_t updated_count, updated_cap;
	uint64_t *id_index;         /* open addressing: hash tag << 32 | issue index + 1, 0 = empty */
	size_t id_index_cap;
	const char **pool;          /* interned strings (status, type, ...) */
	size_t pool_cap, pool_count;
	uint32_t *order;            /* default order of the shown issues */
	size_t order_count;
	size_t tombstone_count;
	size_t dropped_deps;        /* deps whose issue_id is not in the set */
	int64_t now;                /* the instant ready/deferred were computed at */
	int show_tombstones;
	struct issue_text *texts;   /* NULL until loaded; one per issue, in the arena */
	struct issue_set_pending *pending;
};

/* A long field or comment, loaded on demand when an issue is shown. */
struct comment {
	const char *author;
	const char *text;
	int64_t created_at;
};

struct issue_detail {
	struct arena arena;
	const char *description, *design, *acceptance_criteria, *notes;
	struct comment *comments;
	size_t comment_count;
};
void issue_detail_free(struct issue_detail *detail);

/* Building. Strings passed in are copied. */
struct issue_set *issue_set_new(void);
/* Adds an issue, or returns the existing one with that id reset (the last
 * occurrence wins, as in bd's import). Fields default to beads' defaults. */
struct issue *issue_set_add(struct issue_set *set, const char *id);
const char *issue_set_intern(struct issue_set *set, const char *s);
const char *issue_set_strdup(struct issue_set *set, const char *s);
void issue_set_set_status(struct issue_set *set, struct issue *issue, const char *status);
/* Returns 0, or -1 when issue_id is not in the set (the row is dropped). */
int issue_set_add_label(struct issue_set *set, const char *issue_id, const char *label);
/* Returns -1 when an id is missing or empty; a dependency whose issue_id
 * is not in the set is dropped at issue_set_finish (dropped_deps). */
int issue_set_add_dep(struct issue_set *set, const char *issue_id, const char *depends_on_id,
		      const char *type);
int issue_set_add_comment_count(struct issue_set *set, const char *issue_id, uint32_t count);
/* Freezes the set; `now` decides which defer_until dates have passed. */
void issue_set_finish(struct issue_set *set, int64_t now);
void issue_set_free(struct issue_set *set);

/* An incremental refresh: a new set with the same issues, labels and
 * dependencies as `old`, taking over old's string arena (old stays valid
 * until it is freed, which must happen before the new set is). Change
 * issues with issue_set_update, then issue_set_refreeze. */
struct issue_set *issue_set_derive(struct issue_set *old);
/* Resets an existing issue's own fields to the defaults for re-reading,
 * keeping its labels, dependencies and comment count; NULL if the id is
 * not in the set. */
struct issue *issue_set_update(struct issue_set *set, const char *id);
/* Recomputes blocked/ready and the order after issue_set_update. */
void issue_set_refreeze(struct issue_set *set, int64_t now);

/* Lookup. */
struct issue *issue_set_find(const struct issue_set *set, const char *id);
uint32_t issue_set_index_of(const struct issue_set *set, const char *id);

/* Names and classification. */
enum status_kind status_kind_of(const char *status);
enum dep_kind dep_kind_of(const char *type);
int dep_kind_is_blocking(enum dep_kind kind);
const char *priority_name(int priority); /* "critical", ... */
/* A status that holds up what depends on it (beads' blocker rule). */
int status_kind_is_active(enum status_kind kind);

/* Graph (graph.c): fills ISSUE_BLOCKED and ISSUE_READY. */
void issue_set_compute_blocked_ready(struct issue_set *set);
/* Does `from` depend on `to`, directly or through other issues (any
 * dependency type)? Linear in the edges; no recursion. */
int graph_reaches(const struct issue_set *set, uint32_t from, uint32_t to);
/* Order (order.c). */
int issue_compare_default(const struct issue_set *set, const struct issue *a, const struct issue *b);
void issue_set_sort_default(struct issue_set *set);
void issue_set_resort(struct issue_set *set, const uint32_t *old_order, size_t old_count, const uint32_t *moved,
		      size_t moved_count);
int id_compare_natural(const char *a, const char *b);

/* Timestamps (timestamp.c): RFC 3339 with 0-9 fractional digits and Z or
 * an offset, SQLite's "YYYY-MM-DD HH:MM:SS", or a plain date. Returns
 * TIME_NONE for an empty or unparsable string. */
int64_t timestamp_parse(const char *s);
/* Formats as RFC 3339 UTC with seconds: "2026-01-17T17:38:21Z". */
void timestamp_format(int64_t t, char *out, size_t out_size);
int64_t timestamp_now(void);
/* Formats `t` (in UTC) in the shape of `sample`, a timestamp the source
 * already holds: 'T' or ' ' between date and time, a fraction (the
 * microseconds, trailing zeros trimmed, as Go's RFC3339Nano) only if the
 * sample has one, and "Z", an offset ("+00:00", "+0000") or no zone,
 * so that what tib writes sorts and parses like what bd wrote. Falls
 * back to timestamp_format for an empty or unparsable sample. */
void timestamp_format_like(int64_t t, const char *sample, char *out, size_t out_size);

#endif
