/* Keyboard triage: turns a triage action on the selected issue, or on
 * the marked ones, into store changes (storage/store.h), asks for what
 * it needs (a choice, a line of text, a confirmation, an editor) through
 * the display, writes them as one transaction, and keeps the marks and
 * the undo stack of the session. No curses here: the display shows the
 * questions and passes the answers back. */
#ifndef TIB_TRIAGE_H
#define TIB_TRIAGE_H

#include <stddef.h>
#include <stdint.h>

#include "../model/util.h"
#include "../storage/store.h"
#include "actions.h"
#include "tui.h"

enum triage_ask_kind {
	ASK_NONE,
	ASK_TEXT,    /* a line of text in the prompt */
	ASK_PICK,    /* one of `items` */
	ASK_CONFIRM, /* y or n */
	ASK_EDITOR,  /* `text` edited in $EDITOR */
};

enum triage_complete {
	COMPLETE_NONE,
	COMPLETE_ASSIGNEE, /* the assignees in the data */
	COMPLETE_LABEL,    /* the labels in the data */
	COMPLETE_ISSUE_ID, /* the ids in the data */
};

struct triage_ask {
	enum triage_ask_kind kind;
	char title[200];      /* the prompt, or the picker's heading */
	char **items;         /* ASK_PICK: the choices, as shown */
	char *hotkeys;        /* ASK_PICK: a key that picks item i at once, or 0 */
	size_t item_count;
	size_t selected;      /* ASK_PICK: the choice highlighted first */
	struct buf text;      /* ASK_TEXT: the text to start from; ASK_EDITOR: the file */
	enum triage_complete complete;
	int editor_allowed;   /* ASK_TEXT: Ctrl-E continues the text in $EDITOR */
};

/* What came of a step, for the display. */
struct triage_outcome {
	int asking;                 /* triage_asking() has a question */
	int waiting;                /* the database is locked: call triage_retry soon */
	int reload;                 /* something was written or refused: reload now */
	int is_error;
	char message[400];          /* for the status bar; "" for none */
	char select_id[ISSUE_ID_MAX]; /* an issue to select after the reload */
};

struct triage;

struct triage *triage_new(struct app *app);
void triage_free(struct triage *triage);

/* ---- marks (multi-select), kept by issue id across reloads */
int triage_is_marked(const struct triage *triage, uint32_t issue);
void triage_toggle_mark(struct triage *triage, uint32_t issue);
/* Marks every issue of rows[from..to] (either order). */
void triage_mark_rows(struct triage *triage, const uint32_t *rows, size_t from, size_t to);
/* Marks all of rows, or unmarks them all when all are marked already. */
void triage_toggle_all(struct triage *triage, const uint32_t *rows, size_t count);
size_t triage_mark_count(const struct triage *triage);
void triage_clear_marks(struct triage *triage);
/* The mark of the last toggle (for ranges), ISSUE_NONE if none. */
uint32_t triage_last_marked(const struct triage *triage);
/* app->set was replaced (old_set still valid): marks follow their ids,
 * the undo stack learns what was written. */
void triage_data_changed(struct triage *triage, const struct issue_set *old_set);

/* ---- actions */
/* Is this one of the triage actions? */
int triage_handles(enum action action);
/* Starts `action` on the marked issues (if any, for actions that apply
 * to several) or else on `current` (ISSUE_NONE: none selected). */
void triage_start(struct triage *triage, enum action action, uint32_t current,
		  struct triage_outcome *out);
/* The question being asked, or NULL. */
const struct triage_ask *triage_asking(const struct triage *triage);
/* Answers: the text (ASK_TEXT, ASK_EDITOR), the choice (ASK_PICK), y/n
 * (ASK_CONFIRM). Each may ask again (out->asking). */
void triage_answer_text(struct triage *triage, const char *text, struct triage_outcome *out);
void triage_answer_pick(struct triage *triage, size_t index, struct triage_outcome *out);
void triage_answer_confirm(struct triage *triage, int yes, struct triage_outcome *out);
/* Ctrl-E in a text prompt: the same question, answered in $EDITOR. */
void triage_to_editor(struct triage *triage, const char *text_so_far);
/* Esc: forgets the action (and a write waiting for the lock). */
void triage_cancel(struct triage *triage, struct triage_outcome *out);
/* A write that found the database locked: tries again. */
void triage_retry(struct triage *triage, struct triage_outcome *out);

/* tib is ending (q, a stop signal) with a write still waiting for the
 * lock: one last try, waiting up to wait_ms for it. Returns 0 when
 * nothing is left unwritten, else 1 with `message` saying what was not
 * written and why (for stderr, after the screen is gone). */
int triage_finish(struct triage *triage, int wait_ms, char *message, size_t size);

/* Completion for a text question: calls `add` for each candidate that
 * starts with `word`. */
void triage_complete(const struct triage *triage, const char *word, void (*add)(void *ctx, const char *candidate),
		     void *ctx);

/* Why nothing can be written ("" when writing works). */
const char *triage_read_only_reason(const struct triage *triage);

/* Who the changes are by: the config's actor, $BEADS_ACTOR, $USER. */
const char *triage_actor(const struct app *app);

#endif
