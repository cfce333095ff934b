/* libFuzzer target for the query language: the bytes are a filter line
 * as typed (or given to --filter), compiled by query_compile and, when
 * it compiles, run on a small fixed issue set (every field, text terms
 * included). Checks, besides what ASan and UBSan catch: a failed compile
 * gives an error position inside the text and a terminated message; a
 * compiled query runs, returns each issue at most once, and matches the
 * same issues through query_run and query_match; completion and the
 * highlight words are well formed.
 *   make fuzz-query [FUZZ_SECONDS=seconds] */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../model/query.h"
#include "../../storage/backend.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Every kind of field, a parent with children, a blocker, an external
 * dependency, tombstones, comments, labels, non-ASCII text. */
static const char fixture[] =
	"{\"id\":\"fz-1\",\"title\":\"Sync engine crashes\",\"status\":\"open\",\"priority\":0,"
	"\"issue_type\":\"bug\",\"assignee\":\"alice\",\"owner\":\"bob\",\"labels\":[\"perf\",\"ui\"],"
	"\"description\":\"the sync engine\",\"created_at\":\"2026-10-01T10:00:00Z\","
	"\"updated_at\":\"2026-10-30T10:00:00Z\",\"comments\":[{\"id\":1,\"author\":\"carol\","
	"\"text\":\"seen it\",\"created_at\":\"2026-10-02T00:00:00Z\"}]}\n"
	"{\"id\":\"fz-2\",\"title\":\"Epic: offline\",\"status\":\"in_progress\",\"priority\":1,"
	"\"issue_type\":\"epic\",\"created_at\":\"2026-09-01T10:00:00Z\",\"updated_at\":\"2026-10-01T10:00:00Z\"}\n"
	"{\"id\":\"fz-2.1\",\"title\":\"Child \\u00e9t\\u00e9 \\u65e5\\u672c\",\"priority\":2,"
	"\"issue_type\":\"task\",\"created_at\":\"2026-09-02T10:00:00Z\",\"updated_at\":\"2026-09-03T10:00:00Z\","
	"\"dependencies\":[{\"issue_id\":\"fz-2.1\",\"depends_on_id\":\"fz-2\",\"type\":\"parent-child\"},"
	"{\"issue_id\":\"fz-2.1\",\"depends_on_id\":\"fz-1\",\"type\":\"blocks\"},"
	"{\"issue_id\":\"fz-2.1\",\"depends_on_id\":\"external:gh-9\",\"type\":\"blocks\"}]}\n"
	"{\"id\":\"fz-3\",\"title\":\"Closed one\",\"status\":\"closed\",\"priority\":3,"
	"\"issue_type\":\"chore\",\"created_at\":\"2025-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\","
	"\"closed_at\":\"2026-01-01T00:00:00Z\",\"close_reason\":\"done\"}\n"
	"{\"id\":\"fz-4\",\"title\":\"Deleted\",\"status\":\"tombstone\",\"priority\":4,"
	"\"created_at\":\"2025-01-01T00:00:00Z\",\"updated_at\":\"2025-01-01T00:00:00Z\"}\n"
	"{\"id\":\"fz-5\",\"title\":\"Deferred and pinned\",\"status\":\"deferred\",\"pinned\":true,"
	"\"defer_until\":\"2027-01-01T00:00:00Z\",\"priority\":2,\"issue_type\":\"feature\","
	"\"created_at\":\"2026-10-01T00:00:00Z\",\"updated_at\":\"2026-10-01T00:00:00Z\"}\n"
	"{\"id\":\"fz-6\",\"title\":\"Custom \\u001b[31m status\",\"status\":\"review\",\"priority\":2,"
	"\"issue_type\":\"decision\",\"assignee\":\"\\u5c71\\u7530\",\"created_at\":\"2026-10-01T00:00:00Z\","
	"\"updated_at\":\"2026-10-01T00:00:00Z\"}\n";

static void *state;
static struct issue_set *set;
static uint32_t *rows;
static volatile size_t sink;

static void release(void)
{
	free(rows);
	issue_set_free(set);
	jsonl_backend.close(state);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct tib_error err;
	struct issue_text *texts;
	size_t i, k;
	(void)argc;
	(void)argv;
	state = jsonl_open_memory(fixture, sizeof(fixture) - 1);
	if (jsonl_backend.load(state, timestamp_parse("2026-11-01T00:00:00Z"), &set, &err) != TIB_OK || !set ||
	    set->count < 7)
		abort();
	/* the long text of every issue, for text: terms (as store_load_texts) */
	texts = calloc(set->count, sizeof(*texts));
	if (!texts)
		abort();
	for (i = 0; i < set->count; i++) {
		struct issue_detail detail;
		struct buf comments = {0};
		if (jsonl_backend.load_detail(state, set->issues[i].id, &detail, &err) != TIB_OK)
			abort();
		texts[i].description = issue_set_strdup(set, detail.description);
		texts[i].design = issue_set_strdup(set, detail.design);
		texts[i].acceptance_criteria = issue_set_strdup(set, detail.acceptance_criteria);
		texts[i].notes = issue_set_strdup(set, detail.notes);
		for (k = 0; k < detail.comment_count; k++) {
			buf_puts(&comments, detail.comments[k].author);
			buf_puts(&comments, ": ");
			buf_puts(&comments, detail.comments[k].text);
			buf_putc(&comments, '\n');
		}
		texts[i].comments = issue_set_strdup(set, comments.data ? comments.data : "");
		buf_free(&comments);
		issue_detail_free(&detail);
	}
	set->texts = texts;
	rows = calloc(set->count, sizeof(*rows));
	if (!rows)
		abort();
	atexit(release);
	return 0;
}

static void count_candidate(void *ctx, const char *candidate)
{
	if (!candidate || !memchr(candidate, '\0', 4096))
		abort();
	++*(size_t *)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct query_context ctx = {"alice", 0};
	struct query_error err;
	struct query *q;
	const char *last;
	size_t i, n, candidates = 0;

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0'; /* a filter line is a C string: cut at the first NUL */
	ctx.now = set->now;
	memset(&err, 0x55, sizeof(err));
	q = query_compile(text, &ctx, &err);
	if (!q) {
		if (err.pos > strlen(text) || !memchr(err.msg, '\0', sizeof(err.msg)) || !err.msg[0])
			abort();
	} else {
		const char *const *words;
		size_t count = query_run(q, set, rows), w;
		unsigned char seen[64] = {0};
		if (count > set->count)
			abort();
		for (i = 0; i < count; i++) {
			if (rows[i] >= set->count || seen[rows[i]])
				abort();
			seen[rows[i]] = 1;
			if (!query_match(q, set, &set->issues[rows[i]]))
				abort();
		}
		/* query_run only adds tombstones when the query asks for them */
		for (i = 0; i < set->count; i++)
			if (!seen[i] && set->issues[i].status_kind != STATUS_TOMBSTONE &&
			    query_match(q, set, &set->issues[i]))
				abort();
		n = query_highlight_words(q, &words);
		for (w = 0; w < n; w++)
			sink += strlen(words[w]);
		sink += (size_t)query_case_sensitive(q) + (size_t)query_needs_text(q);
		query_free(q);
	}
	/* completion of the word under the cursor (the last one) */
	last = strrchr(text, ' ');
	query_complete(set, last ? last + 1 : text, count_candidate, &candidates);
	sink += candidates;
	free(text);
	return 0;
}
