#include "keys.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curses.h>

#include "../model/text.h"
#include "../model/util.h"

static const char *const action_names[] = {
	"none",
#define ACTION_NAME(name, config_name, help) config_name,
	TIB_ACTIONS(ACTION_NAME)
#undef ACTION_NAME
};

static const char *const action_helps[] = {
	"",
#define ACTION_HELP(name, config_name, help) help,
	TIB_ACTIONS(ACTION_HELP)
#undef ACTION_HELP
};

const char *action_name(enum action action)
{
	return action < ACT_COUNT ? action_names[action] : "none";
}

const char *action_help(enum action action)
{
	return action < ACT_COUNT ? action_helps[action] : "";
}

/* The vim keys and the usual ones both. A view's keymap is searched
 * first, then "generic". */
static const struct key_binding default_bindings[] = {
	{"generic", "j <Down>", ACT_MOVE_DOWN},
	{"generic", "k <Up>", ACT_MOVE_UP},
	{"generic", "<PgDn> <C-f>", ACT_PAGE_DOWN},
	{"generic", "<PgUp> <C-b>", ACT_PAGE_UP},
	{"generic", "<C-d>", ACT_HALF_PAGE_DOWN},
	{"generic", "<C-u>", ACT_HALF_PAGE_UP},
	{"generic", "g <Home>", ACT_MOVE_FIRST},
	{"generic", "G <End>", ACT_MOVE_LAST},
	{"generic", "<Enter> l <Right>", ACT_ENTER},
	{"generic", "<Backspace> h <Left>", ACT_BACK},
	{"generic", "<Tab>", ACT_FOCUS_NEXT},
	{"generic", "v", ACT_TOGGLE_LAYOUT},
	{"generic", "m", ACT_MAXIMIZE},
	{"generic", ":", ACT_PROMPT},
	{"generic", "/ f", ACT_FILTER},
	{"generic", "<Esc>", ACT_CLEAR_FILTER},
	{"generic", "s", ACT_SEARCH},
	{"generic", "n", ACT_SEARCH_NEXT},
	{"generic", "N", ACT_SEARCH_PREV},
	{"generic", "0", ACT_VIEW_0},
	{"generic", "1", ACT_VIEW_1},
	{"generic", "2", ACT_VIEW_2},
	{"generic", "3", ACT_VIEW_3},
	{"generic", "4", ACT_VIEW_4},
	{"generic", "5", ACT_VIEW_5},
	{"generic", "6", ACT_VIEW_6},
	{"generic", "7", ACT_VIEW_7},
	{"generic", "8", ACT_VIEW_8},
	{"generic", "9", ACT_VIEW_9},
	{"generic", "L", ACT_VIEW_LIST},
	{"generic", "b", ACT_VIEW_BOARD},
	{"generic", "T", ACT_VIEW_TREE},
	{"generic", "x", ACT_VIEW_DEPS},
	{"generic", "r", ACT_VIEW_READY},
	{"generic", "#", ACT_VIEW_STATS},
	{"generic", "<Space>", ACT_MARK},
	{"generic", "V", ACT_MARK_RANGE},
	{"generic", "*", ACT_MARK_ALL},
	{"generic", "O", ACT_STATUS_OPEN},
	{"generic", "P", ACT_STATUS_IN_PROGRESS},
	{"generic", "B", ACT_STATUS_BLOCKED},
	{"generic", "D", ACT_STATUS_DEFERRED},
	{"generic", "C", ACT_CLOSE},
	{"generic", "S", ACT_STATUS},
	{"generic", "p", ACT_PRIORITY},
	{"generic", "t", ACT_TYPE},
	{"generic", "a", ACT_ASSIGN},
	{"generic", "A", ACT_ASSIGN_ME},
	{"generic", "+", ACT_LABEL_ADD},
	{"generic", "-", ACT_LABEL_REMOVE},
	{"generic", "c", ACT_COMMENT},
	{"generic", "e", ACT_EDIT},
	{"generic", "i", ACT_NEW},
	{"generic", "I", ACT_NEW_CHILD},
	{"generic", "d", ACT_DEPENDENCY},
	{"generic", "u", ACT_UNDO},
	{"generic", "R <F5>", ACT_REFRESH},
	{"generic", "!", ACT_PROBLEMS},
	{"generic", "? <F1>", ACT_HELP},
	{"generic", "<C-l>", ACT_REDRAW},
	{"generic", "q", ACT_QUIT},
	{"generic", "Q", ACT_QUIT_ALL},
	{"help", "/ f s", ACT_SEARCH},
	{"board", "h <Left>", ACT_COLUMN_LEFT},
	{"board", "l <Right>", ACT_COLUMN_RIGHT},
	{"tree", "<Space> o", ACT_EXPAND},
	{"tree", "O", ACT_EXPAND_ALL},
	{"deps", "<Space> o", ACT_EXPAND},
	{"deps", "O", ACT_EXPAND_ALL},
};

const struct key_binding *keys_bindings(size_t *count)
{
	*count = ARRAY_SIZE(default_bindings);
	return default_bindings;
}

static const struct {
	const char *name;
	int code;
	int is_function;
} named_keys[] = {
	{"Enter", '\n', 0},        {"Tab", '\t', 0},          {"Esc", 27, 0},
	{"Space", ' ', 0},         {"Backspace", KEY_BACKSPACE, 1},
	{"Up", KEY_UP, 1},         {"Down", KEY_DOWN, 1},     {"Left", KEY_LEFT, 1},
	{"Right", KEY_RIGHT, 1},   {"PgUp", KEY_PPAGE, 1},    {"PgDn", KEY_NPAGE, 1},
	{"Home", KEY_HOME, 1},     {"End", KEY_END, 1},       {"Del", KEY_DC, 1},
	{"Ins", KEY_IC, 1},        {"BackTab", KEY_BTAB, 1},  {"Resize", KEY_RESIZE, 1},
	{"LT", '<', 0},            {"Hash", '#', 0}, /* a config or script line starting # is a comment */
};

int key_parse(const char **s, struct key *key)
{
	const char *p = *s, *end;
	char name[32];
	size_t len, i;
	key->is_function = 0;
	if (!*p)
		return -1;
	if (*p != '<' || !(end = strchr(p, '>')) || end == p + 1) {
		/* a plain character, possibly multibyte: its code point, as
		 * wget_wch delivers it */
		uint32_t cp;
		size_t n = utf8_decode(p, strlen(p), &cp);
		key->code = (int)cp;
		*s = p + n;
		return 0;
	}
	len = (size_t)(end - p - 1);
	if (len >= sizeof(name))
		return -1;
	memcpy(name, p + 1, len);
	name[len] = '\0';
	*s = end + 1;
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3]) {
		key->code = tolower((unsigned char)name[2]) & 0x1f;
		return 0;
	}
	if ((name[0] == 'F' || name[0] == 'f') && isdigit((unsigned char)name[1])) {
		int n = 0;
		for (i = 1; isdigit((unsigned char)name[i]); i++)
			n = n * 10 + (name[i] - '0');
		if (name[i] || n < 1 || n > 63)
			return -1;
		key->code = KEY_F(n);
		key->is_function = 1;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(named_keys); i++) {
		if (strcasecmp(name, named_keys[i].name) == 0) {
			key->code = named_keys[i].code;
			key->is_function = named_keys[i].is_function;
			return 0;
		}
	}
	return -1;
}

void key_format(struct key key, char *out, size_t out_size)
{
	size_t i;
	for (i = 0; i < ARRAY_SIZE(named_keys); i++) {
		if (named_keys[i].code == key.code && named_keys[i].is_function == key.is_function &&
		    strcmp(named_keys[i].name, "LT") != 0 && strcmp(named_keys[i].name, "Hash") != 0) {
			snprintf(out, out_size, "<%s>", named_keys[i].name);
			return;
		}
	}
	if (key.is_function && key.code >= KEY_F(1) && key.code <= KEY_F(63))
		snprintf(out, out_size, "<F%d>", key.code - KEY_F(0));
	else if (!key.is_function && key.code > 0 && key.code < 0x20)
		snprintf(out, out_size, "<C-%c>", key.code + 'a' - 1);
	else if (!key.is_function && key.code >= 0x20 && key.code < 0x7f)
		snprintf(out, out_size, "%c", key.code);
	else
		snprintf(out, out_size, "<%d>", key.code);
}

/* Bindings from the config file, searched before the defaults. */
struct user_binding {
	char keymap[16];
	struct key key;
	char keys[32];
	enum action action; /* ACT_NONE: unbound */
};
static struct user_binding *user_bindings;
static size_t user_binding_count, user_binding_cap;

static const char *const keymaps[] = {"generic", "list",  "board", "tree",	    "deps",
				      "ready",	 "stats", "detail", "help", "problems"};

int keys_bind(const char *keymap, const char *keyspec, const char *action_text, char *err, size_t err_size)
{
	const char *p = keyspec;
	struct key key;
	enum action action = ACT_NONE;
	size_t i;
	int known = 0;
	for (i = 0; i < ARRAY_SIZE(keymaps); i++)
		known |= strcmp(keymap, keymaps[i]) == 0;
	if (!known) {
		snprintf(err, err_size, "unknown keymap '%s' (generic, list, detail, help, problems)", keymap);
		return -1;
	}
	if (key_parse(&p, &key) != 0 || *p) {
		snprintf(err, err_size, "bad key '%s' (like j, <C-d>, <Enter>, <F5>)", keyspec);
		return -1;
	}
	if (strcmp(action_text, "none") != 0) {
		for (i = 1; i < ACT_COUNT; i++)
			if (strcmp(action_names[i], action_text) == 0)
				action = (enum action)i;
		if (action == ACT_NONE) {
			snprintf(err, err_size, "unknown action '%s' (see the help for the names)", action_text);
			return -1;
		}
	}
	GROW(user_bindings, user_binding_cap, user_binding_count + 1);
	memset(&user_bindings[user_binding_count], 0, sizeof(*user_bindings));
	STR_COPY(user_bindings[user_binding_count].keymap, keymap);
	STR_COPY(user_bindings[user_binding_count].keys, keyspec);
	user_bindings[user_binding_count].key = key;
	user_bindings[user_binding_count].action = action;
	user_binding_count++;
	return 0;
}

void keys_free_user_bindings(void)
{
	free(user_bindings);
	user_bindings = NULL;
	user_binding_count = user_binding_cap = 0;
}

size_t keys_user_bindings(const char **keymap, const char **keys, enum action *action, size_t i)
{
	if (i >= user_binding_count)
		return 0;
	*keymap = user_bindings[i].keymap;
	*keys = user_bindings[i].keys;
	*action = user_bindings[i].action;
	return 1;
}

/* The last user binding of this key in this keymap, if any. */
static const struct user_binding *user_binding_for(const char *keymap, struct key key)
{
	size_t i = user_binding_count;
	while (i-- > 0)
		if (strcmp(user_bindings[i].keymap, keymap) == 0 && user_bindings[i].key.code == key.code &&
		    user_bindings[i].key.is_function == key.is_function)
			return &user_bindings[i];
	return NULL;
}

static int binding_has_key(const struct key_binding *b, struct key key)
{
	const char *p = b->keys;
	while (*p) {
		struct key k;
		while (*p == ' ')
			p++;
		if (!*p || key_parse(&p, &k) != 0)
			break;
		if (k.code == key.code && k.is_function == key.is_function)
			return 1;
	}
	return 0;
}

enum action keys_resolve(const char *keymap, struct key key)
{
	size_t i;
	/* Backspace arrives as KEY_BACKSPACE, DEL or ^H depending on the terminal. */
	if (!key.is_function && (key.code == 127 || key.code == 8)) {
		key.code = KEY_BACKSPACE;
		key.is_function = 1;
	}
	if (!key.is_function && key.code == '\r')
		key.code = '\n';
	{
		const struct user_binding *u = user_binding_for(keymap, key);
		if (!u)
			u = user_binding_for("generic", key);
		if (u)
			return u->action;
	}
	for (i = 0; i < ARRAY_SIZE(default_bindings); i++)
		if (strcmp(default_bindings[i].keymap, keymap) == 0 &&
		    binding_has_key(&default_bindings[i], key))
			return default_bindings[i].action;
	for (i = 0; i < ARRAY_SIZE(default_bindings); i++)
		if (strcmp(default_bindings[i].keymap, "generic") == 0 &&
		    binding_has_key(&default_bindings[i], key))
			return default_bindings[i].action;
	return ACT_NONE;
}

void man_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", out);
		else if (*s == '-')
			fputs("\\-", out);
		else
			fputc(*s, out);
	}
}

void keys_write_man(FILE *out)
{
	size_t i;
	const char *keymap = "";
	for (i = 0; i < ARRAY_SIZE(default_bindings); i++) {
		const struct key_binding *b = &default_bindings[i];
		if (strcmp(keymap, b->keymap) != 0) {
			keymap = b->keymap;
			fprintf(out, ".SS %s keys\n", keymap);
		}
		fputs(".TP\n.B ", out);
		man_escape(out, b->keys);
		fputc('\n', out);
		man_escape(out, action_help(b->action));
		fprintf(out, " (\\fI");
		man_escape(out, action_name(b->action));
		fprintf(out, "\\fP).\n");
	}
}
