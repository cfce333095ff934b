/* The interactive front end. Owns the terminal; reads the model. */
#ifndef TIB_TUI_H
#define TIB_TUI_H

#include "../model/issue.h"
#include "../storage/store.h"

struct app {
	struct store *store;    /* the one connection, owned by main */
	struct issue_set *set;  /* the current data, owned by main */
	const char *source_label;
	int64_t loaded_at;
	volatile const int *stop; /* set by SIGINT/SIGTERM */
};

/* Runs until the user quits or *stop is set. Returns 0, or 1 if the
 * terminal could not be set up (message printed). */
int tui_run(struct app *app);

#endif
