/* The query language of the filter line and `--print --filter`: free
 * words, quoted phrases, re:/regex/, field terms (status:, is:, type:,
 * prio:, p0..p4, assignee:, label:, owner:, id:, parent:, blocks:,
 * blocked-by:, created:, updated:, closed:, has:, text:), negation
 * (-term, not term), `or`, parentheses, and sort: terms. Compiled once
 * per keystroke, evaluated in the model: never SQL. */
#ifndef TIB_QUERY_H
#define TIB_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "issue.h"

struct query;

struct query_context {
	const char *me; /* assignee:me; NULL or "" when unknown */
	int64_t now;    /* for relative dates: created:<7d */
};

struct query_error {
	size_t pos;     /* byte offset in the query text where the problem is */
	char msg[160];  /* "unknown field 'stat'", "prio wants 0-4" ... */
};

/* Compiles `text`. On a bad query returns NULL and fills *err. An empty
 * or all-blank text compiles to a query that matches everything. */
struct query *query_compile(const char *text, const struct query_context *ctx, struct query_error *err);
void query_free(struct query *q);

/* Whether the query has text: terms (or the full-text toggle), which
 * need set->texts (the long text of every issue) to be loaded first. */
int query_needs_text(const struct query *q);

/* Whether one issue matches. */
int query_match(const struct query *q, const struct issue_set *set, const struct issue *issue);

/* The matching issues, in the query's sort: order, else the default
 * order; tombstones only when the query asks for them (status:tombstone
 * or is:deleted). `out` must hold set->count entries. Returns the count. */
size_t query_run(const struct query *q, const struct issue_set *set, uint32_t *out);

/* The free words and phrases of the query, for highlighting matches in
 * titles: sets *words to an array of `count` strings owned by the query. */
size_t query_highlight_words(const struct query *q, const char *const **words);
/* Smart case: 1 when the query's words hold an upper-case letter. */
int query_case_sensitive(const struct query *q);

/* Completion for the filter line: field names ("status:", "is:" ...) and,
 * after a field, the values seen in the data. Calls emit for each
 * candidate that starts with `prefix` (the word under the cursor). */
void query_complete(const struct issue_set *set, const char *prefix,
		    void (*emit)(void *ctx, const char *candidate), void *ctx);

/* Every field term, for --help, the help screen and the man page. */
struct query_field_doc {
	const char *syntax;  /* "status:open,in_progress" */
	const char *help;    /* "status is one of these (comma = or)" */
};
const struct query_field_doc *query_field_docs(size_t *count);

#endif
