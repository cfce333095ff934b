#include "output.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "../model/text.h"

/* To a terminal, every field in its visible form (^[, <U+202E>): the
 * data never drives the terminal. To a pipe or a file, the text exact,
 * byte for byte, but for the tabs and newlines that would break the
 * one-line, five-field shape. */
static void tsv_field(struct buf *line, const char *s, int tty, int utf8)
{
	if (tty)
		text_visible(line, s, utf8);
	else
		text_tsv_field(line, s);
}

int output_print_tsv(FILE *out, const struct issue_set *set, const uint32_t *rows, size_t count,
		     volatile const int *stop)
{
	struct buf line = {0};
	size_t i;
	int rc = 0;
	int tty = isatty(fileno(out));
	int utf8 = tty && strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	for (i = 0; i < count && !*stop; i++) {
		const struct issue *issue = &set->issues[rows[i]];
		buf_reset(&line);
		tsv_field(&line, issue->id, tty, utf8);
		buf_printf(&line, "\tP%d\t", issue->priority);
		tsv_field(&line, issue->status, tty, utf8);
		buf_putc(&line, '\t');
		tsv_field(&line, issue->issue_type, tty, utf8);
		buf_putc(&line, '\t');
		tsv_field(&line, issue->title, tty, utf8);
		buf_putc(&line, '\n');
		if (fwrite(line.data, 1, line.len, out) != line.len) {
			rc = -1;
			break;
		}
	}
	buf_free(&line);
	if (fflush(out) != 0)
		rc = -1;
	return rc;
}

/* Empty fields are left out, as bd's own export does. */
static void add_string(cJSON *obj, const char *key, const char *value, struct buf *tmp)
{
	if (!value || !*value)
		return;
	buf_reset(tmp);
	text_sanitize_utf8(tmp, value);
	cJSON_AddStringToObject(obj, key, tmp->data);
}

static void add_time(cJSON *obj, const char *key, int64_t t)
{
	char text[40];
	if (t == TIME_NONE)
		return;
	timestamp_format(t, text, sizeof(text));
	cJSON_AddStringToObject(obj, key, text);
}

static cJSON *issue_to_json(const struct issue_set *set, const struct issue *issue,
			    const struct issue_detail *detail, struct buf *tmp)
{
	cJSON *obj = cJSON_CreateObject();
	uint32_t i;
	add_string(obj, "id", issue->id, tmp);
	add_string(obj, "title", issue->title, tmp);
	if (detail) {
		add_string(obj, "description", detail->description, tmp);
		add_string(obj, "design", detail->design, tmp);
		add_string(obj, "acceptance_criteria", detail->acceptance_criteria, tmp);
		add_string(obj, "notes", detail->notes, tmp);
	}
	add_string(obj, "status", issue->status, tmp);
	cJSON_AddNumberToObject(obj, "priority", issue->priority);
	add_string(obj, "issue_type", issue->issue_type, tmp);
	add_string(obj, "assignee", issue->assignee, tmp);
	add_string(obj, "owner", issue->owner, tmp);
	add_time(obj, "created_at", issue->created_at);
	add_string(obj, "created_by", issue->created_by, tmp);
	add_time(obj, "updated_at", issue->updated_at);
	add_time(obj, "closed_at", issue->closed_at);
	add_string(obj, "close_reason", issue->close_reason, tmp);
	add_time(obj, "defer_until", issue->defer_until);
	if (issue->flags & ISSUE_PINNED)
		cJSON_AddBoolToObject(obj, "pinned", 1);
	if (issue->flags & ISSUE_EPHEMERAL)
		cJSON_AddBoolToObject(obj, "ephemeral", 1);
	cJSON_AddBoolToObject(obj, "blocked", (issue->flags & ISSUE_BLOCKED) != 0);
	cJSON_AddBoolToObject(obj, "ready", (issue->flags & ISSUE_READY) != 0);
	if (issue->label_count) {
		cJSON *labels = cJSON_AddArrayToObject(obj, "labels");
		for (i = 0; i < issue->label_count; i++) {
			buf_reset(tmp);
			text_sanitize_utf8(tmp, issue->labels[i]);
			cJSON_AddItemToArray(labels, cJSON_CreateString(tmp->data));
		}
	}
	if (issue->dep_count) {
		cJSON *deps = cJSON_AddArrayToObject(obj, "dependencies");
		for (i = 0; i < issue->dep_count; i++) {
			const struct dep *d = &set->deps[issue->dep_first + i];
			cJSON *dep = cJSON_CreateObject();
			add_string(dep, "depends_on_id", d->to_id, tmp);
			add_string(dep, "type", d->type, tmp);
			if (d->to == ISSUE_NONE)
				cJSON_AddBoolToObject(dep, "external", 1);
			cJSON_AddItemToArray(deps, dep);
		}
	}
	cJSON_AddNumberToObject(obj, "dependent_count", issue->rdep_count);
	cJSON_AddNumberToObject(obj, "comment_count", issue->comment_count);
	if (detail && detail->comment_count) {
		cJSON *comments = cJSON_AddArrayToObject(obj, "comments");
		size_t k;
		for (k = 0; k < detail->comment_count; k++) {
			cJSON *c = cJSON_CreateObject();
			add_string(c, "author", detail->comments[k].author, tmp);
			add_string(c, "text", detail->comments[k].text, tmp);
			add_time(c, "created_at", detail->comments[k].created_at);
			cJSON_AddItemToArray(comments, c);
		}
	}
	return obj;
}

/* One object at a time: the array never exists whole in memory. */
int output_print_json(FILE *out, struct store *store, const struct issue_set *set, const uint32_t *rows,
		      size_t count, volatile const int *stop, struct tib_error *err)
{
	struct buf tmp = {0};
	size_t i;
	int rc = 0;
	if (fputs("[\n", out) == EOF)
		return -1;
	for (i = 0; i < count && !*stop && rc == 0; i++) {
		const struct issue *issue = &set->issues[rows[i]];
		struct issue_detail detail;
		cJSON *obj;
		char *text;
		if (store_load_detail(store, issue->id, &detail, err) != TIB_OK) {
			rc = -2;
			break;
		}
		obj = issue_to_json(set, issue, &detail, &tmp);
		text = cJSON_PrintUnformatted(obj);
		if (!text)
			tib_die("out of memory formatting JSON");
		if (fprintf(out, "%s%s", i ? ",\n" : "", text) < 0)
			rc = -1;
		free(text);
		cJSON_Delete(obj);
		issue_detail_free(&detail);
	}
	buf_free(&tmp);
	if (rc == 0 && fputs("\n]\n", out) == EOF)
		rc = -1;
	if (fflush(out) != 0 && rc == 0)
		rc = -1;
	return rc;
}
