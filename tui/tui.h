/* The interactive front end. Owns the terminal; reads the model. */
#ifndef TIB_TUI_H
#define TIB_TUI_H

#include "../model/issue.h"
#include "../storage/store.h"
#include "config.h"

struct triage;
struct query;
struct graph_facts;

struct app {
	struct store *store;      /* the one connection, owned by main */
	struct issue_set *set;    /* the current data, owned by main */
	const char *source_label; /* shown in the status bar */
	int64_t now;              /* for ages, updated before each draw */
	int64_t fixed_now;        /* $TIB_NOW in tests, else TIME_NONE */
	int64_t loaded_at;
	int stat_poll;            /* --poll: no inotify (network file systems) */
	const char *initial_filter; /* --filter */
	const struct config *config;
	volatile const int *stop; /* set by SIGINT/SIGTERM */
	struct triage *triage;    /* marks and triage, owned by the display */
	const struct query *filter; /* the active filter (NULL: none), owned by the display */
	unsigned long set_generation; /* +1 each time `set` is replaced */
	struct graph_facts *facts;    /* of the set of facts_generation (outline.c) */
	unsigned long facts_generation;
	char unwritten[512];          /* a change tib ended without writing, for stderr; "" if none */
};

/* Script mode (tests, benchmarks): keys come from a file instead of the
 * keyboard, the screen is a virtual one of the given size, and no
 * terminal is needed. */
struct script_options {
	const char *path;
	int width, height;
};

/* Runs until the user quits or *stop is set. Returns 0, or 1 when the
 * terminal could not be set up or a script failed (message printed). */
int tui_run(struct app *app, const struct script_options *script);

#endif
