/* New issue ids in beads' shape: `prefix-hash`, the hash in lowercase
 * base36, 3 to 8 characters, longer as the database grows so that a
 * collision stays unlikely; children `parent.N`. */
#ifndef TIB_ISSUE_ID_H
#define TIB_ISSUE_ID_H

#include <stddef.h>
#include <stdint.h>

/* The prefix of an id: what comes before the hash ("bd" for "bd-a1b",
 * "my-proj" for "my-proj-x9z.2"). 0 when the id has no '-'. */
int issue_id_prefix(const char *id, char *out, size_t out_size);

/* Counts prefixes to find the one most ids use (for a source without a
 * configured issue_prefix). */
struct prefix_tally {
	struct {
		char prefix[64];
		size_t count;
	} top[8];
	size_t ids; /* every id seen */
};
void prefix_tally_add(struct prefix_tally *tally, const char *id);
/* The most common prefix, or "bd" when no id had one. */
const char *prefix_tally_best(const struct prefix_tally *tally);

/* The hash length for a source of `issue_count` top-level issues, as bd
 * picks it: 3..8 base36 characters, growing with the database. */
int issue_id_hash_length(size_t issue_count);

/* Makes `prefix-hash` from the title, the actor and the instant, with
 * `attempt` (0, 1, ...) mixed in so that a caller that finds the id
 * taken asks again. `out` needs at least strlen(prefix) + 10 bytes. */
void issue_id_make(const char *prefix, const char *title, const char *actor, int64_t now, int length,
		   unsigned attempt, char *out, size_t out_size);

#endif
