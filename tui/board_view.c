/* The board: a column per status (open, in_progress, blocked, deferred,
 * closed, then every other status the shown issues have), a card per
 * issue the filter matches, in the default order. Each column keeps its
 * own selection and scroll; the board scrolls sideways to keep the
 * selected column in sight. The columns are built once per set and
 * filter (one pass over set->order), never per frame. */
#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/query.h"
#include "../model/text.h"
#include "config.h"
#include "draw.h"
#include "theme.h"
#include "triage.h"

#define COLUMN_MIN_WIDTH 24 /* a card's width, separator not counted */
#define CARD_LINES 2        /* id and priority; the title */
#define CARD_STRIDE 3       /* a card and the blank line after it */
#define DEFAULT_COLUMNS 5   /* open .. closed: the first five status kinds */

static const char *const default_names[DEFAULT_COLUMNS] = {"open", "in_progress", "blocked", "deferred", "closed"};
/* A default column's index is its issues' status kind. */
_Static_assert(STATUS_OPEN == 0 && STATUS_IN_PROGRESS == 1 && STATUS_BLOCKED == 2 && STATUS_DEFERRED == 3 &&
		       STATUS_CLOSED == 4,
	       "the default columns follow enum status_kind");

struct board_column {
	const char *name; /* a literal, or the status as interned in the set */
	uint32_t *cards;  /* issue indices, in the default order (into board_state.cards) */
	size_t count;
	size_t selected, top;
	size_t built_as; /* while building: its index before the sort */
};

/* Where a column was before the columns were rebuilt (new data, new
 * filter), by name and issue id: copies, since the old set may be gone
 * by the time the columns are rebuilt. */
struct board_keep {
	char *status;
	char *id; /* its selected issue, NULL if the column was empty */
	size_t selected, offset;
};

struct board_state {
	const struct issue_set *set; /* the columns are for this set and filter */
	const struct query *filter;
	int dirty;
	struct board_column *cols;
	size_t col_count, col_cap;
	uint32_t *cards; /* every column's cards, one block */
	uint32_t *slots; /* column name hash: column index + 1, 0 = empty */
	size_t slot_cap;
	size_t current; /* the selected column */
	size_t left;    /* the first column shown */
	struct board_keep *keep;
	size_t keep_count;
	size_t keep_current; /* index into keep, or SIZE_MAX */
	int keep_valid;
	size_t hidden; /* issues whose status has no column (board-columns) */
};

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void hash_insert(struct board_state *st, size_t col)
{
	size_t mask = st->slot_cap - 1, i = name_hash(st->cols[col].name) & mask;
	while (st->slots[i])
		i = (i + 1) & mask;
	st->slots[i] = (uint32_t)(col + 1);
}

static void hash_rebuild(struct board_state *st)
{
	size_t i, cap = 16;
	while (cap < st->col_count * 2 + 2)
		cap *= 2;
	if (cap != st->slot_cap) {
		free(st->slots);
		st->slots = xmalloc(cap * sizeof(*st->slots));
		st->slot_cap = cap;
	}
	memset(st->slots, 0, cap * sizeof(*st->slots));
	for (i = 0; i < st->col_count; i++)
		hash_insert(st, i);
}

/* The column named `name`, or SIZE_MAX. */
static size_t column_find(const struct board_state *st, const char *name)
{
	size_t mask, i;
	if (!st->slot_cap)
		return SIZE_MAX;
	mask = st->slot_cap - 1;
	for (i = name_hash(name) & mask; st->slots[i]; i = (i + 1) & mask)
		if (strcmp(st->cols[st->slots[i] - 1].name, name) == 0)
			return st->slots[i] - 1;
	return SIZE_MAX;
}

static size_t column_add(struct board_state *st, const char *name)
{
	size_t col = st->col_count;
	GROW(st->cols, st->col_cap, st->col_count + 1);
	memset(&st->cols[col], 0, sizeof(st->cols[col]));
	st->cols[col].name = name;
	st->cols[col].built_as = col;
	st->col_count++;
	if ((st->col_count + 1) * 2 > st->slot_cap)
		hash_rebuild(st);
	else
		hash_insert(st, col);
	return col;
}

/* Pinned and hooked first, then custom statuses by name, tombstones last. */
static int extra_rank(const char *name)
{
	switch (status_kind_of(name)) {
	case STATUS_PINNED:
		return 0;
	case STATUS_HOOKED:
		return 1;
	case STATUS_TOMBSTONE:
		return 3;
	default:
		return 2;
	}
}

static int compare_extra(const void *a, const void *b)
{
	const struct board_column *x = a, *y = b;
	int rx = extra_rank(x->name), ry = extra_rank(y->name);
	if (rx != ry)
		return rx < ry ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* One pass over the shown issues: which column each goes to, then the
 * cards laid out column after column in one block. */
static void build_columns(struct board_state *st, const struct issue_set *set, const struct query *filter,
			  const struct config *config)
{
	uint32_t *where, *perm, *fill;
	const char *last_status = NULL;
	size_t last_col = 0, i, n = set ? set->order_count : 0, total = 0;
	/* `set board-columns = ...`: exactly those, in that order */
	int configured = config && config->board_column_count;

	st->col_count = 0;
	st->hidden = 0;
	if (st->slot_cap)
		memset(st->slots, 0, st->slot_cap * sizeof(*st->slots));
	if (configured)
		for (i = 0; i < config->board_column_count; i++)
			column_add(st, config->board_columns[i]);
	else
		for (i = 0; i < DEFAULT_COLUMNS; i++)
			column_add(st, default_names[i]);
	where = xmalloc((n ? n : 1) * sizeof(*where));
	for (i = 0; i < n; i++) {
		const struct issue *issue = &set->issues[set->order[i]];
		size_t col;
		if (filter && !query_match(filter, set, issue)) {
			where[i] = UINT32_MAX;
			continue;
		}
		if (configured) {
			col = column_find(st, issue->status);
			if (col == SIZE_MAX) {
				where[i] = UINT32_MAX; /* a status without a column */
				st->hidden++;
				continue;
			}
		} else if (issue->status_kind < DEFAULT_COLUMNS) {
			col = issue->status_kind; /* the kind is the exact status name */
		} else if (issue->status == last_status) {
			col = last_col;
		} else {
			col = column_find(st, issue->status);
			if (col == SIZE_MAX)
				col = column_add(st, issue->status);
			last_status = issue->status;
			last_col = col;
		}
		where[i] = (uint32_t)col;
		st->cols[col].count++;
		total++;
	}
	if (!configured && st->col_count > DEFAULT_COLUMNS) {
		qsort(st->cols + DEFAULT_COLUMNS, st->col_count - DEFAULT_COLUMNS, sizeof(*st->cols), compare_extra);
		hash_rebuild(st);
	}
	perm = xmalloc(st->col_count * sizeof(*perm));
	fill = xmalloc(st->col_count * sizeof(*fill));
	free(st->cards);
	st->cards = xmalloc((total ? total : 1) * sizeof(*st->cards));
	total = 0;
	for (i = 0; i < st->col_count; i++) {
		perm[st->cols[i].built_as] = (uint32_t)i;
		st->cols[i].cards = st->cards + total;
		fill[i] = 0;
		total += st->cols[i].count;
	}
	for (i = 0; i < n; i++) {
		if (where[i] != UINT32_MAX) {
			uint32_t col = perm[where[i]];
			st->cols[col].cards[fill[col]++] = set->order[i];
		}
	}
	free(fill);
	free(perm);
	free(where);
}

static void keep_free(struct board_state *st)
{
	size_t i;
	for (i = 0; i < st->keep_count; i++) {
		free(st->keep[i].status);
		free(st->keep[i].id);
	}
	free(st->keep);
	st->keep = NULL;
	st->keep_count = 0;
	st->keep_valid = 0;
}

/* Notes every column's place before its columns go stale (the set they
 * were built for, `set`, still valid). Once: until the columns are built
 * again, the place noted first is the one to go back to. */
static void keep_place(struct board_state *st, const struct issue_set *set)
{
	size_t i;
	if (!st->keep_valid && !st->dirty && st->set && st->set == set) {
		st->keep = xcalloc(st->col_count ? st->col_count : 1, sizeof(*st->keep));
		st->keep_count = st->col_count;
		for (i = 0; i < st->col_count; i++) {
			const struct board_column *c = &st->cols[i];
			struct board_keep *k = &st->keep[i];
			k->status = xstrdup(c->name);
			k->selected = c->selected;
			k->offset = c->selected >= c->top ? c->selected - c->top : 0;
			if (c->selected < c->count)
				k->id = xstrdup(set->issues[c->cards[c->selected]].id);
		}
		st->keep_current = st->current < st->col_count ? st->current : SIZE_MAX;
		st->keep_valid = 1;
	}
	st->dirty = 1;
}

/* The card of `issue` (an index into the current set): its column and
 * position, or -1 if it is not on the board. */
static int find_card(const struct board_state *st, const struct issue_set *set, uint32_t issue, size_t *col,
		     size_t *pos)
{
	size_t c, i;
	if (issue == ISSUE_NONE || !set || issue >= set->count)
		return -1;
	c = set->issues[issue].status_kind < DEFAULT_COLUMNS ? set->issues[issue].status_kind
							     : column_find(st, set->issues[issue].status);
	if (c == SIZE_MAX)
		return -1;
	for (i = 0; i < st->cols[c].count; i++) {
		if (st->cols[c].cards[i] == issue) {
			*col = c;
			*pos = i;
			return 0;
		}
	}
	return -1;
}

static void clamp_column(struct board_column *c)
{
	if (c->count == 0)
		c->selected = 0;
	else if (c->selected >= c->count)
		c->selected = c->count - 1;
	if (c->top > c->selected)
		c->top = c->selected;
}

/* Puts every column back where the keep notes say: the same issue if it
 * is still in the column, else the same position (its neighbour); the
 * selected column follows its issue, even into another column. */
static void restore_place(struct board_state *st, const struct issue_set *set)
{
	size_t i, col, pos;
	for (i = 0; i < st->keep_count; i++) {
		const struct board_keep *k = &st->keep[i];
		struct board_column *c;
		uint32_t issue;
		col = column_find(st, k->status);
		if (col == SIZE_MAX)
			continue;
		c = &st->cols[col];
		c->selected = k->selected;
		issue = k->id ? issue_set_index_of(set, k->id) : ISSUE_NONE;
		if (issue != ISSUE_NONE && find_card(st, set, issue, &col, &pos) == 0 && &st->cols[col] == c)
			c->selected = pos;
		clamp_column(c);
		c->top = c->selected >= k->offset ? c->selected - k->offset : 0;
	}
	st->current = 0;
	if (st->keep_current < st->keep_count) {
		const struct board_keep *k = &st->keep[st->keep_current];
		uint32_t issue = k->id ? issue_set_index_of(set, k->id) : ISSUE_NONE;
		if (issue != ISSUE_NONE && find_card(st, set, issue, &col, &pos) == 0) {
			st->current = col;
			st->cols[col].selected = pos;
		} else if ((col = column_find(st, k->status)) != SIZE_MAX) {
			st->current = col;
		}
	}
}

/* The columns for the current set and filter, rebuilt only when one of
 * them changed. */
static void ensure_columns(struct view *view)
{
	struct board_state *st = view->private;
	const struct issue_set *set = view->app->set;
	const struct query *filter = view->app->filter;
	size_t i;
	if (!st->dirty && st->set == set && st->filter == filter && st->cols)
		return;
	build_columns(st, set, filter, view->app->config);
	if (st->keep_valid) {
		restore_place(st, set);
	} else {
		for (i = 0; i < st->col_count; i++)
			clamp_column(&st->cols[i]);
		if (st->current >= st->col_count)
			st->current = 0;
	}
	keep_free(st);
	st->set = set;
	st->filter = filter;
	st->dirty = 0;
}

static struct board_column *current_column(struct view *view)
{
	struct board_state *st = view->private;
	ensure_columns(view);
	return &st->cols[st->current];
}

static void board_open(struct view *view)
{
	view->private = xcalloc(1, sizeof(struct board_state));
}

static void board_close(struct view *view)
{
	struct board_state *st = view->private;
	keep_free(st);
	free(st->cols);
	free(st->cards);
	free(st->slots);
	free(st);
	view->private = NULL;
}

/* Cards a column shows at once: the header takes the first row, and the
 * last card needs no blank line after it. */
static size_t cards_per_page(const struct view *view)
{
	int n = view->height / CARD_STRIDE;
	return n > 0 ? (size_t)n : 1;
}

/* How many columns fit side by side (a separator between two). */
static size_t columns_that_fit(const struct view *view, size_t count)
{
	size_t n = view->width >= COLUMN_MIN_WIDTH ? (size_t)(view->width + 1) / (COLUMN_MIN_WIDTH + 1) : 1;
	if (n < 1)
		n = 1;
	return n < count ? n : count;
}

/* Keeps the selected card of a column in sight, with no empty space at
 * the bottom while cards are above. */
static void scroll_column(struct board_column *c, size_t page)
{
	clamp_column(c);
	if (c->selected >= c->top + page)
		c->top = c->selected - page + 1;
	if (c->top + page > c->count)
		c->top = c->count > page ? c->count - page : 0;
}

static void draw_header(WINDOW *win, const struct board_column *c, int x, int w, int current, int more_left,
			int more_right)
{
	char count[32];
	int avail = w - 2, name_w, count_w;
	snprintf(count, sizeof(count), " (%zu)", c->count);
	count_w = (int)strlen(count);
	name_w = text_display_width(c->name, draw_utf8);
	wmove(win, 0, x);
	wattrset(win, theme_attr(AREA_TITLE_BAR));
	waddch(win, more_left ? '<' : ' ');
	wattrset(win, theme_attr(current ? AREA_HEADING : AREA_TITLE_BAR));
	if (name_w + count_w <= avail) {
		int used = draw_text(win, c->name, avail, 0);
		used += draw_text(win, count, avail - used, 0);
		draw_spaces(win, avail - used);
	} else if (avail > count_w + 1) {
		draw_text(win, c->name, avail - count_w, 1);
		draw_text(win, count, count_w, 0);
	} else if (avail > 0) {
		draw_text(win, c->name, avail, 1);
	}
	wattrset(win, theme_attr(AREA_TITLE_BAR));
	if (w > 1)
		waddch(win, more_right ? '>' : ' ');
	wattrset(win, A_NORMAL);
}

/* A card `w` columns wide: a gutter ('*' when marked), the id, "blocked"
 * when something holds it up, the priority; then the title. */
static void draw_card(struct view *view, WINDOW *win, int y, int x, int w, uint32_t idx, int selected)
{
	struct board_state *st = view->private;
	const struct issue_set *set = view->app->set;
	const struct issue *issue = &set->issues[idx];
	int marked = triage_is_marked(view->app->triage, idx);
	int blocked = (issue->flags & ISSUE_BLOCKED) != 0;
	int prio_n = issue->priority > 4 ? 4 : issue->priority;
	char prio[8];
	attr_t base = selected ? theme_attr(view->focused ? AREA_SELECTED : AREA_SELECTED_UNFOCUSED) : A_NORMAL;
	int id_w;

	if (!selected && (issue->status_kind == STATUS_CLOSED || issue->status_kind == STATUS_TOMBSTONE))
		base = theme_attr(AREA_CLOSED);
	if (marked)
		base |= A_BOLD;
	snprintf(prio, sizeof(prio), "P%u", (unsigned)issue->priority % 10u);
	id_w = w - 3 - 2 - (blocked ? 8 : 0);
	if (id_w < 4 && blocked) {
		blocked = 0;
		id_w += 8;
	}
	wmove(win, y, x);
	wattrset(win, base);
	waddch(win, marked ? '*' : ' ');
	if (id_w > 0) {
		draw_text(win, issue->id, id_w, 1);
		waddch(win, ' ');
		if (blocked) {
			wattrset(win, selected ? base : base | theme_attr(AREA_BLOCKED));
			waddstr(win, "blocked");
			wattrset(win, base);
			waddch(win, ' ');
		}
		wattrset(win, selected ? base : base | theme_attr(AREA_PRIO0 + prio_n));
		waddstr(win, prio);
		wattrset(win, base);
		waddch(win, ' ');
	} else {
		draw_spaces(win, w - 1);
	}
	if (y + 1 < view->height) {
		const char *const *words = NULL;
		const struct query *filter = st->filter;
		size_t nwords = filter ? query_highlight_words(filter, &words) : 0;
		wmove(win, y + 1, x);
		waddch(win, ' ');
		if (w > 2)
			draw_text_marked(win, issue->title, w - 2, 1, words, nwords,
					 filter && query_case_sensitive(filter), base | theme_attr(AREA_MATCH));
		if (w > 1)
			waddch(win, ' ');
	}
	wattrset(win, A_NORMAL);
}

static void draw_column(struct view *view, WINDOW *win, struct board_column *c, int x, int w, int current)
{
	size_t page = cards_per_page(view), i;
	scroll_column(c, page);
	if (c->count == 0) {
		if (view->height > 1) {
			wmove(win, 1, x + 1);
			wattrset(win, theme_attr(AREA_CLOSED));
			draw_text(win, "(none)", w - 2, 0);
			wattrset(win, A_NORMAL);
		}
		return;
	}
	for (i = 0; i < page && c->top + i < c->count; i++) {
		int y = 1 + (int)i * CARD_STRIDE;
		size_t pos = c->top + i;
		if (y >= view->height)
			break;
		draw_card(view, win, y, x, w, c->cards[pos], current && pos == c->selected);
	}
}

static void board_draw(struct view *view, WINDOW *win)
{
	struct board_state *st = view->private;
	size_t shown, i;
	int avail, base, extra, x, y;

	ensure_columns(view);
	werase(win);
	if (view->width <= 0 || view->height <= 0)
		return;
	shown = columns_that_fit(view, st->col_count);
	if (st->current < st->left)
		st->left = st->current;
	if (st->current >= st->left + shown)
		st->left = st->current - shown + 1;
	if (st->left + shown > st->col_count)
		st->left = st->col_count - shown;
	avail = view->width - (int)(shown - 1);
	base = avail / (int)shown;
	extra = avail % (int)shown;
	x = 0;
	for (i = 0; i < shown; i++) {
		size_t col = st->left + i;
		int w = base + ((int)i < extra ? 1 : 0);
		draw_header(win, &st->cols[col], x, w, col == st->current, i == 0 && st->left > 0,
			    i + 1 == shown && st->left + shown < st->col_count);
		draw_column(view, win, &st->cols[col], x, w, col == st->current);
		x += w;
		if (i + 1 < shown) {
			wattrset(win, theme_attr(AREA_CLOSED));
			for (y = 0; y < view->height; y++)
				mvwaddstr(win, y, x, draw_lines_utf8 ? "│" : "|");
			wattrset(win, A_NORMAL);
			x++;
		}
	}
}

static void move_by(struct view *view, long delta)
{
	struct board_column *c = current_column(view);
	long pos = (long)c->selected + delta;
	if (c->count == 0)
		return;
	if (pos < 0)
		pos = 0;
	if ((size_t)pos >= c->count)
		pos = (long)c->count - 1;
	c->selected = (size_t)pos;
}

static enum action board_request(struct view *view, enum action action)
{
	struct board_state *st = view->private;
	long page = (long)cards_per_page(view);
	ensure_columns(view);
	switch (action) {
	case ACT_MOVE_DOWN:
		move_by(view, 1);
		break;
	case ACT_MOVE_UP:
		move_by(view, -1);
		break;
	case ACT_PAGE_DOWN:
		move_by(view, page);
		break;
	case ACT_PAGE_UP:
		move_by(view, -page);
		break;
	case ACT_HALF_PAGE_DOWN:
		move_by(view, page / 2 ? page / 2 : 1);
		break;
	case ACT_HALF_PAGE_UP:
		move_by(view, -(page / 2 ? page / 2 : 1));
		break;
	case ACT_MOVE_FIRST:
		st->cols[st->current].selected = 0;
		break;
	case ACT_MOVE_LAST:
		move_by(view, (long)st->cols[st->current].count);
		break;
	case ACT_COLUMN_LEFT:
		if (st->current > 0)
			st->current--;
		break;
	case ACT_COLUMN_RIGHT:
		if (st->current + 1 < st->col_count)
			st->current++;
		break;
	default:
		return action;
	}
	return ACT_NONE;
}

static void board_status(struct view *view, char *out, size_t size)
{
	const struct board_column *c = current_column(view);
	size_t marked = triage_mark_count(view->app->triage);
	size_t pos = c->count ? c->selected + 1 : 0;
	const struct board_state *st = view->private;
	char hidden[48] = "";
	if (st->hidden)
		snprintf(hidden, sizeof(hidden), "  (%zu not in a column)", st->hidden);
	if (marked)
		snprintf(out, size, "%zu marked  %s %zu/%zu%s", marked, c->name, pos, c->count, hidden);
	else
		snprintf(out, size, "%s %zu/%zu%s", c->name, pos, c->count, hidden);
}

static uint32_t board_selected(struct view *view)
{
	const struct board_column *c = current_column(view);
	return c->count ? c->cards[c->selected < c->count ? c->selected : 0] : ISSUE_NONE;
}

/* O(cards in the issue's column): once per keypress. */
static int board_select(struct view *view, uint32_t issue)
{
	struct board_state *st = view->private;
	size_t col, pos;
	ensure_columns(view);
	if (find_card(st, view->app->set, issue, &col, &pos) != 0)
		return -1;
	st->current = col;
	st->cols[col].selected = pos;
	return 0;
}

static void board_data_changed(struct view *view, const struct issue_set *old_set)
{
	keep_place(view->private, old_set);
}

static void board_filter_changed(struct view *view)
{
	keep_place(view->private, view->app->set);
}

static void board_enter(struct view *view, uint32_t issue)
{
	if (issue != ISSUE_NONE)
		board_select(view, issue);
}

static const uint32_t *board_rows(struct view *view, size_t *count, size_t *selected)
{
	const struct board_column *c = current_column(view);
	*count = c->count;
	*selected = c->selected;
	return c->cards;
}

/* A click: the column under x (as drawn last), the card under y. */
static enum action board_click(struct view *view, int y, int x, int double_click)
{
	struct board_state *st = view->private;
	size_t shown, i;
	int avail, base, extra, left = 0;
	ensure_columns(view);
	if (!st->col_count || view->width <= 0)
		return ACT_NONE;
	shown = columns_that_fit(view, st->col_count);
	avail = view->width - (int)(shown - 1);
	base = avail / (int)shown;
	extra = avail % (int)shown;
	for (i = 0; i < shown; i++) {
		int w = base + ((int)i < extra ? 1 : 0);
		if (x < left + w || i + 1 == shown) {
			struct board_column *c;
			if (st->left + i >= st->col_count)
				return ACT_NONE;
			st->current = st->left + i;
			c = &st->cols[st->current];
			if (y >= 1 && c->top + (size_t)(y - 1) / CARD_STRIDE < c->count) {
				c->selected = c->top + (size_t)(y - 1) / CARD_STRIDE;
				return double_click ? ACT_ENTER : ACT_NONE;
			}
			return ACT_NONE;
		}
		left += w + 1;
	}
	return ACT_NONE;
}

const struct view_ops board_view_ops = {
	.name = "board",
	.keymap = "board",
	.open = board_open,
	.close = board_close,
	.draw = board_draw,
	.request = board_request,
	.status = board_status,
	.selected = board_selected,
	.select = board_select,
	.data_changed = board_data_changed,
	.filter_changed = board_filter_changed,
	.enter = board_enter,
	.rows = board_rows,
	.click = board_click,
};
