/* libFuzzer target for the JSONL parser: the bytes are a whole export
 * (lines or one JSON array), loaded through jsonl_backend from memory.
 * Checks, besides what ASan and UBSan catch: the load never fails, the
 * problem list stays bounded with real line numbers, every loaded
 * issue's detail can be read back from its remembered range, and the
 * fast path (the listed members cut out of a record) gives the same
 * issues and problems as cJSON reading every record whole.
 *   make fuzz [FUZZ_TIME=seconds] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../model/util.h"
#include "../../storage/backend.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink; /* the detail text is read, not optimized away */

static void put_str(struct buf *out, const char *s)
{
	buf_puts(out, s ? s : "(null)");
	buf_putc(out, '\x1f');
}

/* Everything a load gives, as text to compare. */
static void describe_load(struct buf *out, const struct issue_set *set, const struct load_problem *problems,
			  size_t count, size_t total)
{
	size_t i, k;
	buf_printf(out, "%zu issues %zu deps %zu dropped %zu problems of %zu\n", set->count, set->dep_count,
		   set->dropped_deps, count, total);
	for (i = 0; i < set->count; i++) {
		const struct issue *is = &set->issues[i];
		put_str(out, is->id);
		put_str(out, is->title);
		put_str(out, is->status);
		put_str(out, is->issue_type);
		put_str(out, is->assignee);
		put_str(out, is->owner);
		put_str(out, is->created_by);
		put_str(out, is->close_reason);
		buf_printf(out, "%lld %lld %lld %lld p%u k%u f%u c%u l%u:", (long long)is->created_at,
			   (long long)is->updated_at, (long long)is->closed_at, (long long)is->defer_until,
			   is->priority, is->status_kind, is->flags, is->comment_count, is->label_count);
		for (k = 0; k < is->label_count; k++)
			put_str(out, is->labels[k]);
		for (k = is->dep_first; k < (size_t)is->dep_first + is->dep_count; k++) {
			put_str(out, set->deps[k].to_id);
			put_str(out, set->deps[k].type);
		}
		buf_putc(out, '\n');
	}
	for (i = 0; i < count; i++)
		buf_printf(out, "%zu: %s\n", problems[i].line, problems[i].message);
}

/* The same bytes loaded with the fast path off: what the load gave. */
static void load_whole_records(const uint8_t *data, size_t size, struct buf *out)
{
	void *state = jsonl_open_memory((const char *)data, size);
	struct issue_set *set = NULL;
	struct tib_error err;
	const struct load_problem *problems;
	size_t count = 0, total = 0;
	jsonl_set_fast_path(0);
	if (jsonl_backend.load(state, 0, &set, &err) != TIB_OK || !set)
		abort();
	jsonl_set_fast_path(1);
	problems = jsonl_backend.problems(state, &count, &total);
	describe_load(out, set, problems, count, total);
	issue_set_free(set);
	jsonl_backend.close(state);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *state = jsonl_open_memory((const char *)data, size);
	struct issue_set *set = NULL;
	struct tib_error err;
	const struct load_problem *problems;
	size_t count = 0, total = 0, lines = 1, i;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (jsonl_backend.load(state, 0, &set, &err) != TIB_OK || !set)
		abort(); /* bad input is reported, never a failed load */
	problems = jsonl_backend.problems(state, &count, &total);
	if (count > STORE_MAX_PROBLEMS || count > total || (count && !problems))
		abort();
	for (i = 0; i < count; i++)
		if (problems[i].line < 1 || problems[i].line > lines || !memchr(problems[i].message, '\0', 200))
			abort();
	{
		struct buf fast = {0}, whole = {0};
		describe_load(&fast, set, problems, count, total);
		load_whole_records(data, size, &whole);
		if (strcmp(fast.data, whole.data) != 0) {
			fprintf(stderr, "fast path:\n%s\nwhole records:\n%s\n", fast.data, whole.data);
			abort();
		}
		buf_free(&fast);
		buf_free(&whole);
	}
	for (i = 0; i < set->count; i++) {
		struct issue_detail detail;
		size_t k;
		if (!set->issues[i].id[0])
			abort();
		if (jsonl_backend.load_detail(state, set->issues[i].id, &detail, &err) != TIB_OK)
			abort();
		sink += strlen(detail.description) + strlen(detail.design) + strlen(detail.notes) +
		       strlen(detail.acceptance_criteria);
		for (k = 0; k < detail.comment_count; k++)
			sink += strlen(detail.comments[k].author) + strlen(detail.comments[k].text);
		issue_detail_free(&detail);
	}
	issue_set_free(set);
	jsonl_backend.close(state);
	return 0;
}
