/* Keys: names in the syntax of test scripts and (later) the config file
 * (`j`, `<Down>`, `<C-d>`, `<Enter>`), default bindings, and resolution
 * through the view's keymap, then the generic one. */
#ifndef TIB_KEYS_H
#define TIB_KEYS_H

#include <stddef.h>
#include <stdio.h>

#include "actions.h"

/* A key as curses delivers it: a character, or a KEY_* code when
 * is_function is set. */
struct key {
	int code;
	int is_function;
};

/* Parses one key name at *s, advancing past it. Returns 0 or -1. */
int key_parse(const char **s, struct key *key);
/* Writes a key's name ("j", "<C-d>", "<PgDn>"). */
void key_format(struct key key, char *out, size_t out_size);

enum action keys_resolve(const char *keymap, struct key key);

/* For the help screen and man page: the default bindings in order. */
struct key_binding {
	const char *keymap;
	const char *keys; /* space-separated key names */
	enum action action;
};
const struct key_binding *keys_bindings(size_t *count);
/* The KEYS section of man/tib.1, from the same table as the help screen. */
void keys_write_man(FILE *out);
/* Writes text for roff: backslashes and hyphens escaped. */
void man_escape(FILE *out, const char *s);

#endif
