/* libFuzzer target for the JSONL parser: the bytes are a whole export
 * (lines or one JSON array), loaded through jsonl_backend from memory.
 * Checks, besides what ASan and UBSan catch: the load never fails, the
 * problem list stays bounded with real line numbers, and every loaded
 * issue's detail can be read back from its remembered range.
 *   make fuzz [FUZZ_TIME=seconds] */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../storage/backend.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink; /* the detail text is read, not optimized away */

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
