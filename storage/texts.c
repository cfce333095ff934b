/* Loading the long text of every issue, for full-text search (text:
 * terms). Built on store_load_detail, so every backend has it; done once
 * per loaded set, and only when a query asks for it. */
#include "store.h"

#include <stdlib.h>
#include <string.h>

enum tib_status store_load_texts(struct store *store, struct issue_set *set, struct tib_error *err)
{
	struct issue_text *texts;
	struct buf comments = {0};
	size_t i, k;
	if (set->texts)
		return TIB_OK;
	texts = xcalloc(set->count ? set->count : 1, sizeof(*texts));
	for (i = 0; i < set->count; i++) {
		struct issue_detail detail;
		enum tib_status status = store_load_detail(store, set->issues[i].id, &detail, err);
		if (status != TIB_OK) {
			free(texts);
			buf_free(&comments);
			return status;
		}
		texts[i].description = issue_set_strdup(set, detail.description);
		texts[i].design = issue_set_strdup(set, detail.design);
		texts[i].acceptance_criteria = issue_set_strdup(set, detail.acceptance_criteria);
		texts[i].notes = issue_set_strdup(set, detail.notes);
		buf_reset(&comments);
		for (k = 0; k < detail.comment_count; k++) {
			buf_puts(&comments, detail.comments[k].author);
			buf_puts(&comments, ": ");
			buf_puts(&comments, detail.comments[k].text);
			buf_putc(&comments, '\n');
		}
		texts[i].comments = issue_set_strdup(set, comments.data ? comments.data : "");
		issue_detail_free(&detail);
	}
	buf_free(&comments);
	set->texts = texts;
	return TIB_OK;
}
