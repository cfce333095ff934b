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

/* A binding from the config file (action "none" unbinds the key). 0, or
 * -1 with a message naming what is wrong. */
int keys_bind(const char *keymap, const char *keyspec, const char *action, char *err, size_t err_size);
/* The i-th user binding, for the help screen; 0 past the end. */
size_t keys_user_bindings(const char **keymap, const char **keys, enum action *action, size_t i);
void keys_free_user_bindings(void);

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
