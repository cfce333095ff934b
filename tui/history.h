/* The filter line's history, kept across sessions in
 * $XDG_STATE_HOME/tib/history (else ~/.local/state/tib/history), one query
 * a line, newest last, at most HISTORY_KEEP lines. */
#ifndef TIB_HISTORY_H
#define TIB_HISTORY_H

#include <stddef.h>

#define HISTORY_KEEP 200

struct history {
	char **lines;
	size_t count, cap;
	size_t cursor; /* while browsing with Up/Down: count = past the newest */
	int dirty;
};

void history_load(struct history *h);
/* Adds a query (not twice in a row), and moves the cursor past it. */
void history_add(struct history *h, const char *line);
/* Older (-1) or newer (+1) entry, or NULL past either end. */
const char *history_step(struct history *h, int direction);
void history_reset_cursor(struct history *h);
/* Saves if changed (temp file + rename); errors are not fatal. */
void history_save(struct history *h);
void history_free(struct history *h);

#endif
