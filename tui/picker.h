/* The picker box for triage questions with choices (see picker.c). */
#ifndef TIB_PICKER_H
#define TIB_PICKER_H

#include <curses.h>

#include "keys.h"
#include "triage.h"

struct picker {
	size_t selected; /* index into ask->items */
	size_t top;      /* first shown row */
	struct buf filter;
};

void picker_reset(struct picker *picker, const struct triage_ask *ask);
void picker_free(struct picker *picker);
/* 1: *chosen picked; -1: cancelled; 0: keep asking. */
int picker_key(struct picker *picker, const struct triage_ask *ask, struct key key, size_t *chosen);
/* Draws the box centred on a lines x cols screen (wnoutrefresh only). */
void picker_draw(struct picker *picker, const struct triage_ask *ask, int lines, int cols);

#endif
