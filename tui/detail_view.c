/* The detail pane: every field of one issue, its links (parent, children,
 * blockers, what it blocks) as lines the cursor can jump from, and its
 * long text as readable markdown, word-wrapped to the pane. */
#include "view.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/text.h"
#include "draw.h"
#include "theme.h"

enum line_style {
	LINE_TEXT,
	LINE_TITLE,
	LINE_FIELD,   /* label + value */
	LINE_SECTION, /* "── Description ──" */
	LINE_HEADING, /* markdown heading */
	LINE_CODE,    /* fenced code: cut, never wrapped */
	LINE_QUOTE,
	LINE_LINK,    /* an issue (or an external target) to jump to */
	LINE_DIM,
};

/* Column where field values start: " Assignee  alice". */
#define FIELD_INDENT 11

struct detail_line {
	const char *text;
	size_t len;
	const char *label;   /* LINE_FIELD */
	const char *link_id; /* LINE_LINK */
	uint32_t link;       /* LINE_LINK: issue index, ISSUE_NONE if not in the set */
	int indent;
	uint8_t style;
};

struct detail_state {
	uint32_t issue;
	const struct issue_set *built_set; /* the set the lines were built from */
	int built_width;
	struct issue_detail detail;
	int detail_loaded;
	char detail_error[256];
	struct arena arena; /* text of the lines */
	struct detail_line *lines;
	size_t count, cap;
	size_t cursor, top;
};

static void detail_open(struct view *view)
{
	struct detail_state *st = xcalloc(1, sizeof(*st));
	st->issue = ISSUE_NONE;
	view->private = st;
}

static void clear_lines(struct detail_state *st)
{
	arena_free(&st->arena);
	st->count = 0;
	st->built_set = NULL;
}

static void detail_close(struct view *view)
{
	struct detail_state *st = view->private;
	clear_lines(st);
	issue_detail_free(&st->detail);
	free(st->lines);
	free(st);
	view->private = NULL;
}

static struct detail_line *add_line(struct detail_state *st, enum line_style style, const char *text,
				    size_t len, int indent)
{
	struct detail_line *line;
	GROW(st->lines, st->cap, st->count + 1);
	line = &st->lines[st->count++];
	memset(line, 0, sizeof(*line));
	line->style = (uint8_t)style;
	line->text = arena_strndup(&st->arena, text, len);
	line->len = len;
	line->indent = indent;
	line->link = ISSUE_NONE;
	return line;
}

static void add_blank(struct detail_state *st)
{
	if (st->count && st->lines[st->count - 1].len == 0 && st->lines[st->count - 1].style == LINE_TEXT)
		return;
	add_line(st, LINE_TEXT, "", 0, 0);
}

struct wrap_ctx {
	struct detail_state *st;
	enum line_style style;
	int indent, hang; /* first line at indent, the rest at indent + hang */
	int lines;
};

static void emit_wrapped(void *ctx, const char *start, size_t len)
{
	struct wrap_ctx *w = ctx;
	add_line(w->st, w->style, start, len, w->indent + (w->lines++ ? w->hang : 0));
}

static void add_wrapped(struct detail_state *st, enum line_style style, const char *text, size_t len,
			int width, int indent, int hang)
{
	struct wrap_ctx w = {st, style, indent, hang, 0};
	/* continuation lines are narrower by the hanging indent */
	int room = width - indent;
	if (room < 8)
		room = 8;
	if (hang) {
		/* wrap to the narrower width so no line overflows */
		room -= hang;
		if (room < 8)
			room = 8;
	}
	text_wrap(text, len, room, draw_utf8, emit_wrapped, &w);
}

static void add_field(struct detail_state *st, const char *label, const char *value, int width)
{
	struct detail_line *line;
	int room = width - FIELD_INDENT;
	if (!value || !*value)
		return;
	if (room < 8)
		room = 8;
	{
		struct wrap_ctx w = {st, LINE_FIELD, FIELD_INDENT, 0, 0};
		size_t first = st->count;
		text_wrap(value, strlen(value), room, draw_utf8, emit_wrapped, &w);
		line = &st->lines[first];
		line->label = label;
	}
}

static void add_section(struct detail_state *st, const char *name)
{
	add_blank(st);
	add_line(st, LINE_SECTION, name, strlen(name), 0);
}

static void format_time(const struct app *app, int64_t t, char *out, size_t size)
{
	time_t secs;
	struct tm tm;
	char when[32], age[16];
	if (t == TIME_NONE) {
		snprintf(out, size, "-");
		return;
	}
	secs = (time_t)(t / 1000000);
	if (!localtime_r(&secs, &tm) || !strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm))
		snprintf(when, sizeof(when), "?");
	format_age(app->now, t, age, sizeof(age));
	snprintf(out, size, "%s (%s ago)", when, age);
}

static void add_link(struct detail_state *st, const struct issue_set *set, uint32_t target,
		     const char *target_id, const char *relation)
{
	struct detail_line *line = add_line(st, LINE_LINK, relation ? relation : "", relation ? strlen(relation) : 0, 2);
	line->link = target;
	line->link_id = arena_strdup(&st->arena, target_id);
	(void)set;
}

#define MENTIONS_MAX 50

static int id_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '.' || c == '_';
}

/* Issue ids written in a text ("see bd-a1b."): words that are the id of
 * an issue of the set, other than `self`, each once. */
static void find_mentions(const struct issue_set *set, const char *text, uint32_t self, uint32_t *found,
			  size_t *count)
{
	const char *p = text;
	while (p && *p && *count < MENTIONS_MAX) {
		const char *start;
		size_t len, i;
		while (*p && !id_char(*p))
			p++;
		start = p;
		while (*p && id_char(*p))
			p++;
		len = (size_t)(p - start);
		while (len && (start[len - 1] == '.' || start[len - 1] == '-' || start[len - 1] == '_'))
			len--; /* the end of a sentence */
		if (len >= 3 && len < 128 && memchr(start, '-', len)) {
			char id[128];
			uint32_t idx;
			memcpy(id, start, len);
			id[len] = '\0';
			idx = issue_set_index_of(set, id);
			if (idx == ISSUE_NONE || idx == self)
				continue;
			for (i = 0; i < *count && found[i] != idx; i++)
				;
			if (i == *count)
				found[(*count)++] = idx;
		}
	}
}

/* A paragraph (or list item, or quote) being gathered: markdown joins
 * consecutive lines, so text hard-wrapped at 72 columns in the source is
 * wrapped again to the pane instead of leaving ragged short lines. */
struct paragraph {
	struct buf text;
	enum line_style style;
	int indent, hang;
	int open;
};

static void flush_paragraph(struct detail_state *st, struct paragraph *para, int width)
{
	if (para->open)
		add_wrapped(st, para->style, para->text.data, para->text.len, width, para->indent, para->hang);
	para->open = 0;
	buf_reset(&para->text);
}

static void start_paragraph(struct detail_state *st, struct paragraph *para, int width, enum line_style style,
			    int indent, int hang, const char *prefix, const char *text, size_t len)
{
	flush_paragraph(st, para, width);
	para->open = 1;
	para->style = style;
	para->indent = indent;
	para->hang = hang;
	buf_puts(&para->text, prefix);
	buf_append(&para->text, text, len);
}

static void continue_paragraph(struct paragraph *para, const char *text, size_t len)
{
	buf_putc(&para->text, ' ');
	buf_append(&para->text, text, len);
}

/* Markdown shown readably: headings bold, paragraphs and list items
 * re-wrapped with a hanging indent, fenced code and tables cut rather
 * than wrapped, quotes marked. Inline markup is left as typed. */
static void add_markdown(struct detail_state *st, const char *text, int width)
{
	const char *p = text;
	int in_code = 0;
	struct paragraph para;
	memset(&para, 0, sizeof(para));
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		const char *q = p;
		size_t rest;
		int lead = 0, hard_break;
		if (len && p[len - 1] == '\r')
			len--;
		while ((size_t)(q - p) < len && (*q == ' ' || *q == '\t')) {
			lead += *q == '\t' ? 4 : 1;
			q++;
		}
		rest = len - (size_t)(q - p);
		hard_break = len >= 2 && p[len - 1] == ' ' && p[len - 2] == ' ';
		if (rest >= 3 && (strncmp(q, "```", 3) == 0 || strncmp(q, "~~~", 3) == 0)) {
			flush_paragraph(st, &para, width);
			in_code = !in_code;
		} else if (in_code) {
			add_line(st, LINE_CODE, p, len, 4);
		} else if (rest == 0) {
			flush_paragraph(st, &para, width);
			add_blank(st);
		} else if (*q == '#') {
			const char *h = q;
			flush_paragraph(st, &para, width);
			while (*h == '#')
				h++;
			while (*h == ' ')
				h++;
			add_wrapped(st, LINE_HEADING, h, len - (size_t)(h - p), width, 1, 0);
		} else if (*q == '|') {
			flush_paragraph(st, &para, width);
			add_line(st, LINE_TEXT, q, rest, 1 + lead); /* a table row: cut, never joined */
		} else if ((*q == '-' || *q == '*' || *q == '+') && rest > 1 && q[1] == ' ') {
			start_paragraph(st, &para, width, LINE_TEXT, 1 + lead, 2, draw_lines_utf8 ? "• " : "* ", q + 2, rest - 2);
		} else if (*q >= '0' && *q <= '9' && rest > 2) {
			const char *d = q;
			while (*d >= '0' && *d <= '9')
				d++;
			if ((*d == '.' || *d == ')') && d[1] == ' ')
				start_paragraph(st, &para, width, LINE_TEXT, 1 + lead, (int)(d - q) + 2, "", q, rest);
			else if (para.open)
				continue_paragraph(&para, q, rest);
			else
				start_paragraph(st, &para, width, LINE_TEXT, 1 + lead, 0, "", q, rest);
		} else if (*q == '>') {
			const char *b = q + 1;
			while (*b == ' ')
				b++;
			if (para.open && para.style == LINE_QUOTE)
				continue_paragraph(&para, b, len - (size_t)(b - p));
			else
				start_paragraph(st, &para, width, LINE_QUOTE, 3, 0, "", b, len - (size_t)(b - p));
		} else if (para.open && para.style != LINE_QUOTE) {
			continue_paragraph(&para, q, rest);
		} else {
			start_paragraph(st, &para, width, LINE_TEXT, 1 + lead, 0, "", q, rest);
		}
		if (hard_break)
			flush_paragraph(st, &para, width);
		if (!eol)
			break;
		p = eol + 1;
	}
	flush_paragraph(st, &para, width);
	buf_free(&para.text);
	if (in_code)
		add_line(st, LINE_DIM, "(code block not closed)", 23, 4);
}

enum link_group {
	LINKS_PARENT,     /* outgoing parent-child */
	LINKS_CHILDREN,   /* incoming parent-child */
	LINKS_BLOCKED_BY, /* outgoing blocks, conditional-blocks, waits-for */
	LINKS_BLOCKS,     /* incoming blocking */
	LINKS_RELATED,    /* outgoing informational */
	LINKS_REFERENCED, /* incoming informational */
};

static int link_group_is_outgoing(enum link_group group)
{
	return group == LINKS_PARENT || group == LINKS_BLOCKED_BY || group == LINKS_RELATED;
}

static int dep_in_group(const struct dep *d, enum link_group group)
{
	int blocking = d->kind == DEP_BLOCKS || d->kind == DEP_CONDITIONAL_BLOCKS || d->kind == DEP_WAITS_FOR;
	switch (group) {
	case LINKS_PARENT:
	case LINKS_CHILDREN:
		return d->kind == DEP_PARENT_CHILD;
	case LINKS_BLOCKED_BY:
	case LINKS_BLOCKS:
		return blocking;
	case LINKS_RELATED:
	case LINKS_REFERENCED:
		break;
	}
	return !blocking && d->kind != DEP_PARENT_CHILD;
}

static const struct dep *group_dep(const struct issue_set *set, const struct issue *issue,
				   enum link_group group, uint32_t i)
{
	return link_group_is_outgoing(group) ? &set->deps[issue->dep_first + i]
					     : &set->deps[set->rdeps[issue->rdep_first + i]];
}

/* One section of links; a dependency type other than the group's usual
 * one is shown beside the link ([waits-for], [discovered-from]). */
static void add_links(struct detail_state *st, const struct issue_set *set, const struct issue *issue,
		      enum link_group group, const char *section)
{
	int out = link_group_is_outgoing(group);
	uint32_t i, count = out ? issue->dep_count : issue->rdep_count, shown = 0, closed = 0;
	char head[96];
	for (i = 0; i < count; i++) {
		const struct dep *d = group_dep(set, issue, group, i);
		uint32_t other = out ? d->to : d->from;
		if (!dep_in_group(d, group))
			continue;
		shown++;
		if (other != ISSUE_NONE && set->issues[other].status_kind == STATUS_CLOSED)
			closed++;
	}
	if (!shown)
		return;
	if (group == LINKS_CHILDREN)
		snprintf(head, sizeof(head), "%s (%u/%u closed)", section, closed, shown);
	else
		snprintf(head, sizeof(head), "%s (%u)", section, shown);
	add_section(st, head);
	for (i = 0; i < count; i++) {
		const struct dep *d = group_dep(set, issue, group, i);
		const char *note = d->kind == DEP_BLOCKS || d->kind == DEP_PARENT_CHILD ? NULL : d->type;
		if (!dep_in_group(d, group))
			continue;
		if (out)
			add_link(st, set, d->to, d->to_id, note);
		else
			add_link(st, set, d->from, set->issues[d->from].id, note);
	}
}

static void build_lines(struct view *view)
{
	struct detail_state *st = view->private;
	const struct issue_set *set = view->app->set;
	const struct issue *issue;
	int width = view->width > 20 ? view->width : 20;
	char text[256], when[64];
	uint32_t i;

	clear_lines(st);
	st->built_set = set;
	st->built_width = view->width;
	if (st->issue == ISSUE_NONE || st->issue >= set->count) {
		add_line(st, LINE_DIM, "No issue selected.", 18, 1);
		return;
	}
	issue = &set->issues[st->issue];
	add_wrapped(st, LINE_TITLE, issue->title, strlen(issue->title), width, 1, 0);
	snprintf(text, sizeof(text), "%s %s%s", theme_status_symbol(issue), issue->status,
		 issue->status_kind != STATUS_CLOSED && (issue->flags & ISSUE_BLOCKED) ? " (blocked)"
		 : issue->flags & ISSUE_READY ? " (ready)" : "");
	add_line(st, LINE_DIM, "", 0, 0);
	add_field(st, "Id", issue->id, width);
	add_field(st, "Status", text, width);
	snprintf(text, sizeof(text), "P%d %s", issue->priority, priority_name(issue->priority));
	add_field(st, "Priority", text, width);
	add_field(st, "Type", issue->issue_type, width);
	add_field(st, "Assignee", issue->assignee, width);
	add_field(st, "Owner", issue->owner, width);
	format_time(view->app, issue->created_at, when, sizeof(when));
	if (*issue->created_by)
		snprintf(text, sizeof(text), "%s by %s", when, issue->created_by);
	else
		snprintf(text, sizeof(text), "%s", when);
	add_field(st, "Created", text, width);
	format_time(view->app, issue->updated_at, when, sizeof(when));
	add_field(st, "Updated", when, width);
	if (issue->closed_at != TIME_NONE) {
		format_time(view->app, issue->closed_at, when, sizeof(when));
		add_field(st, "Closed", when, width);
		add_field(st, "Reason", issue->close_reason, width);
	}
	if (issue->defer_until != TIME_NONE) {
		format_time(view->app, issue->defer_until, when, sizeof(when));
		add_field(st, "Deferred", when, width);
	}
	if (issue->label_count) {
		struct buf labels = {0};
		for (i = 0; i < issue->label_count; i++) {
			if (i)
				buf_puts(&labels, ", ");
			buf_puts(&labels, issue->labels[i]);
		}
		add_field(st, "Labels", labels.data, width);
		buf_free(&labels);
	}

	add_links(st, set, issue, LINKS_PARENT, "Parent");
	add_links(st, set, issue, LINKS_CHILDREN, "Children");
	add_links(st, set, issue, LINKS_BLOCKED_BY, "Blocked by");
	add_links(st, set, issue, LINKS_BLOCKS, "Blocks");
	add_links(st, set, issue, LINKS_RELATED, "Related");
	add_links(st, set, issue, LINKS_REFERENCED, "Referenced by");

	if (!st->detail_loaded) {
		struct tib_error err = {0};
		issue_detail_free(&st->detail);
		if (store_load_detail(view->app->store, issue->id, &st->detail, &err) != TIB_OK)
			STR_COPY(st->detail_error, err.msg);
		else
			st->detail_error[0] = '\0';
		st->detail_loaded = 1;
	}
	if (st->detail_error[0]) {
		add_section(st, "Text");
		add_wrapped(st, LINE_DIM, st->detail_error, strlen(st->detail_error), width, 1, 0);
	}
	if (st->detail.description && *st->detail.description) {
		add_section(st, "Description");
		add_markdown(st, st->detail.description, width);
	}
	if (st->detail.design && *st->detail.design) {
		add_section(st, "Design");
		add_markdown(st, st->detail.design, width);
	}
	if (st->detail.acceptance_criteria && *st->detail.acceptance_criteria) {
		add_section(st, "Acceptance criteria");
		add_markdown(st, st->detail.acceptance_criteria, width);
	}
	if (st->detail.notes && *st->detail.notes) {
		add_section(st, "Notes");
		add_markdown(st, st->detail.notes, width);
	}
	if (st->detail.comment_count) {
		snprintf(text, sizeof(text), "Comments (%zu)", st->detail.comment_count);
		add_section(st, text);
		for (i = 0; i < st->detail.comment_count; i++) {
			const struct comment *c = &st->detail.comments[i];
			format_time(view->app, c->created_at, when, sizeof(when));
			snprintf(text, sizeof(text), "%s, %s", *c->author ? c->author : "(unknown)", when);
			if (i)
				add_blank(st);
			add_wrapped(st, LINE_HEADING, text, strlen(text), width, 1, 0);
			add_markdown(st, c->text, width - 2);
		}
	}
	{
		/* ids written in the text: links too, so Enter jumps to them */
		uint32_t found[MENTIONS_MAX];
		size_t n = 0, k;
		uint32_t self = (uint32_t)(issue - set->issues);
		find_mentions(set, st->detail.description, self, found, &n);
		find_mentions(set, st->detail.design, self, found, &n);
		find_mentions(set, st->detail.acceptance_criteria, self, found, &n);
		find_mentions(set, st->detail.notes, self, found, &n);
		for (k = 0; k < st->detail.comment_count; k++)
			find_mentions(set, st->detail.comments[k].text, self, found, &n);
		if (n) {
			snprintf(text, sizeof(text), "Mentioned in the text (%zu)", n);
			add_section(st, text);
			for (k = 0; k < n; k++)
				add_link(st, set, found[k], set->issues[found[k]].id, NULL);
		}
	}
	while (st->count > 1 && st->lines[st->count - 1].len == 0 && st->lines[st->count - 1].style == LINE_TEXT)
		st->count--;
}

static void ensure_built(struct view *view)
{
	struct detail_state *st = view->private;
	if (st->built_set != view->app->set || st->built_width != view->width)
		build_lines(view);
	if (st->cursor >= st->count)
		st->cursor = st->count ? st->count - 1 : 0;
}

static void draw_link(struct view *view, WINDOW *win, const struct detail_line *line, int cols, attr_t base)
{
	const struct issue_set *set = view->app->set;
	int used = 0;
	char extra[64];
	if (line->link == ISSUE_NONE) {
		int external = strncmp(line->link_id, "external:", 9) == 0;
		wattrset(win, base | theme_attr(AREA_CLOSED));
		used += draw_text(win, draw_lines_utf8 ? "↗ " : "> ", cols - used, 0);
		used += draw_text(win, line->link_id, cols - used, 0);
		used += draw_text(win, external ? "  (external)" : "  (not in this database)", cols - used, 0);
	} else {
		const struct issue *t = &set->issues[line->link];
		wattrset(win, base | theme_status_attr(t));
		used += draw_text(win, theme_status_symbol(t), cols - used, 0);
		wattrset(win, base);
		used += draw_text(win, " ", cols - used, 0);
		wattrset(win, base | theme_attr(AREA_LINK_ID));
		used += draw_text(win, t->id, cols - used, 0);
		wattrset(win, base);
		snprintf(extra, sizeof(extra), "  P%d %s  ", t->priority, t->status);
		used += draw_text(win, extra, cols - used, 0);
		if (line->len) {
			snprintf(extra, sizeof(extra), "[%s] ", line->text);
			used += draw_text(win, extra, cols - used, 0);
		}
		used += draw_text(win, t->title, cols - used, 0);
	}
	(void)used;
}

static void detail_draw(struct view *view, WINDOW *win)
{
	struct detail_state *st = view->private;
	int y, rows = view->height;
	ensure_built(view);
	if (st->cursor < st->top)
		st->top = st->cursor;
	if (st->cursor >= st->top + (size_t)rows)
		st->top = st->cursor - (size_t)rows + 1;
	werase(win);
	for (y = 0; y < rows && st->top + (size_t)y < st->count; y++) {
		const struct detail_line *line = &st->lines[st->top + (size_t)y];
		int is_cursor = view->focused && st->top + (size_t)y == st->cursor;
		attr_t base = is_cursor ? theme_attr(AREA_SELECTED) : A_NORMAL;
		int cols = view->width, used = 0;
		wmove(win, y, 0);
		wattrset(win, base);
		if (line->style != LINE_FIELD) {
			draw_spaces(win, line->indent < cols ? line->indent : cols);
			used = line->indent;
		}
		switch ((enum line_style)line->style) {
		case LINE_FIELD:
			/* " Label     value": the label in the indent of the value */
			draw_spaces(win, 1);
			if (line->label) {
				wattrset(win, base | theme_attr(AREA_LABEL));
				draw_text(win, line->label, FIELD_INDENT - 2, 1);
				wattrset(win, base);
			} else {
				draw_spaces(win, FIELD_INDENT - 2);
			}
			draw_spaces(win, 1);
			used = FIELD_INDENT;
			break;
		case LINE_TITLE:
		case LINE_HEADING:
			wattrset(win, base | theme_attr(AREA_HEADING));
			break;
		case LINE_SECTION:
			wattrset(win, base | theme_attr(AREA_TITLE_BAR));
			used += draw_text(win, draw_lines_utf8 ? "── " : "-- ", cols - used, 0);
			break;
		case LINE_CODE:
			wattrset(win, base | theme_attr(AREA_CODE));
			break;
		case LINE_QUOTE:
			wattrset(win, base | theme_attr(AREA_CLOSED));
			mvwaddstr(win, y, 1, draw_lines_utf8 ? "│" : "|");
			wmove(win, y, line->indent);
			break;
		case LINE_DIM:
			wattrset(win, base | theme_attr(AREA_CLOSED));
			break;
		case LINE_LINK:
			draw_link(view, win, line, cols - used, base);
			used = cols;
			break;
		case LINE_TEXT:
			break;
		}
		if (line->style != LINE_LINK && used < cols)
			used += draw_text(win, line->text, cols - used, 0);
		if (line->style == LINE_SECTION && used + 1 < cols) {
			used += draw_text(win, " ", cols - used, 0);
			while (used < cols && used < 60) {
				waddstr(win, draw_lines_utf8 ? "─" : "-");
				used++;
			}
		}
		wattrset(win, base);
		if (is_cursor && used < cols)
			draw_spaces(win, cols - used);
		wattrset(win, A_NORMAL);
	}
}

static enum action detail_request(struct view *view, enum action action)
{
	struct detail_state *st = view->private;
	size_t page = view->height > 1 ? (size_t)view->height : 1;
	ensure_built(view);
	switch (action) {
	case ACT_MOVE_DOWN:
		if (st->cursor + 1 < st->count)
			st->cursor++;
		break;
	case ACT_MOVE_UP:
		if (st->cursor)
			st->cursor--;
		break;
	case ACT_PAGE_DOWN:
	case ACT_HALF_PAGE_DOWN: {
		size_t step = action == ACT_PAGE_DOWN ? page : (page / 2 ? page / 2 : 1);
		st->cursor = st->cursor + step < st->count ? st->cursor + step : (st->count ? st->count - 1 : 0);
		/* scroll the text, not just the cursor */
		st->top = st->top + step + page <= st->count ? st->top + step
				: (st->count > page ? st->count - page : 0);
		break;
	}
	case ACT_PAGE_UP:
	case ACT_HALF_PAGE_UP: {
		size_t step = action == ACT_PAGE_UP ? page : (page / 2 ? page / 2 : 1);
		st->cursor = st->cursor > step ? st->cursor - step : 0;
		st->top = st->top > step ? st->top - step : 0;
		break;
	}
	case ACT_MOVE_FIRST:
		st->cursor = st->top = 0;
		break;
	case ACT_MOVE_LAST:
		st->cursor = st->count ? st->count - 1 : 0;
		break;
	default:
		return action;
	}
	return ACT_NONE;
}

static void detail_status(struct view *view, char *out, size_t size)
{
	struct detail_state *st = view->private;
	ensure_built(view);
	snprintf(out, size, "line %zu/%zu", st->count ? st->cursor + 1 : 0, st->count);
}

static uint32_t detail_selected(struct view *view)
{
	struct detail_state *st = view->private;
	ensure_built(view);
	if (st->cursor < st->count && st->lines[st->cursor].style == LINE_LINK)
		return st->lines[st->cursor].link;
	return ISSUE_NONE;
}

static int detail_select(struct view *view, uint32_t issue)
{
	struct detail_state *st = view->private;
	/* st->issue always indexes the current set (data_changed maps it) */
	if (issue == st->issue)
		return 0;
	st->issue = issue;
	st->detail_loaded = 0;
	st->cursor = st->top = 0;
	st->built_set = NULL;
	return 0;
}

/* Same issue by id; its scroll position stays unless the issue itself
 * changed (then its text is read again). */
static void detail_data_changed(struct view *view, const struct issue_set *old_set)
{
	struct detail_state *st = view->private;
	const struct issue_set *set = view->app->set;
	uint32_t idx;
	st->built_set = NULL;
	if (st->issue == ISSUE_NONE || st->issue >= old_set->count)
		return;
	idx = issue_set_index_of(set, old_set->issues[st->issue].id);
	if (idx == ISSUE_NONE) {
		st->issue = ISSUE_NONE;
		return;
	}
	if (set->issues[idx].updated_at != old_set->issues[st->issue].updated_at ||
	    set->issues[idx].comment_count != old_set->issues[st->issue].comment_count) {
		st->detail_loaded = 0;
		st->cursor = st->top = 0;
	}
	st->issue = idx;
}

/* A click puts the cursor on the line; a double click on a link follows it. */
static enum action detail_click(struct view *view, int y, int x, int double_click)
{
	struct detail_state *st = view->private;
	size_t line;
	(void)x;
	ensure_built(view);
	line = st->top + (size_t)(y < 0 ? 0 : y);
	if (y < 0 || line >= st->count)
		return ACT_NONE;
	st->cursor = line;
	return double_click && st->lines[line].style == LINE_LINK ? ACT_ENTER : ACT_NONE;
}

const struct view_ops detail_view_ops = {
	.name = "detail",
	.keymap = "detail",
	.open = detail_open,
	.close = detail_close,
	.draw = detail_draw,
	.request = detail_request,
	.status = detail_status,
	.selected = detail_selected,
	.select = detail_select,
	.data_changed = detail_data_changed,
	.click = detail_click,
};
