#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../model/color.h"
#include "../model/util.h"
#include "keys.h"

#define MAX_SOURCE_DEPTH 8

static const struct {
	const char *name, *query;
} builtin_views[] = {
	{"all", ""},
	{"open", "is:open"},
	{"ready", "is:ready sort:prio"},
	{"blocked", "is:blocked"},
	{"in-progress", "status:in_progress"},
	{"recently-closed", "is:closed closed:<14d sort:-closed"},
	{"mine", "assignee:me is:open"},
};

void config_init(struct config *config)
{
	size_t i;
	memset(config, 0, sizeof(*config));
	config->split_columns = 140;
	config->confirm_bulk = 10;
	config->refresh_debounce_ms = 50;
	STR_COPY(config->list_columns, "ipsytwa");
	for (i = 0; i < ARRAY_SIZE(builtin_views); i++) {
		config->views[i].name = xstrdup(builtin_views[i].name);
		config->views[i].query = xstrdup(builtin_views[i].query);
	}
}

void config_free(struct config *config)
{
	size_t i;
	free(config->default_view);
	free(config->default_filter);
	for (i = 0; i < config->board_column_count; i++)
		free(config->board_columns[i]);
	free(config->board_columns);
	for (i = 0; i < SAVED_VIEWS; i++) {
		free(config->views[i].name);
		free(config->views[i].query);
	}
	free(config->actor);
	free(config->path);
	memset(config, 0, sizeof(*config));
}

int config_find_view(const struct config *config, const char *name)
{
	int i;
	for (i = 0; i < SAVED_VIEWS; i++)
		if (config->views[i].name && strcmp(config->views[i].name, name) == 0)
			return i;
	return -1;
}

static void warn_at(struct config *config, FILE *warn, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void warn_at(struct config *config, FILE *warn, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	config->warnings++;
	if (!warn)
		return;
	fprintf(warn, "tib: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(warn, fmt, ap);
	va_end(ap);
	fputc('\n', warn);
}

static char *trim(char *s)
{
	char *end;
	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int parse_bool(const char *v, int *out)
{
	if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcmp(v, "1") || !strcasecmp(v, "on"))
		*out = 1;
	else if (!strcasecmp(v, "no") || !strcasecmp(v, "false") || !strcmp(v, "0") || !strcasecmp(v, "off"))
		*out = 0;
	else
		return -1;
	return 0;
}

static void do_set(struct config *config, FILE *warn, const char *file, int line, char *rest)
{
	char *eq = strchr(rest, '='), *name, *value;
	if (!eq) {
		warn_at(config, warn, file, line, "set wants NAME = VALUE");
		return;
	}
	*eq = '\0';
	name = trim(rest);
	value = trim(eq + 1);
	if (!strcmp(name, "actor")) {
		free(config->actor);
		config->actor = *value ? xstrdup(value) : NULL;
	} else if (!strcmp(name, "layout")) {
		if (!strcmp(value, "auto"))
			config->layout = LAYOUT_SETTING_AUTO;
		else if (!strcmp(value, "side"))
			config->layout = LAYOUT_SETTING_SIDE;
		else if (!strcmp(value, "stacked"))
			config->layout = LAYOUT_SETTING_STACKED;
		else
			warn_at(config, warn, file, line, "layout wants auto, side or stacked, not '%s'", value);
	} else if (!strcmp(name, "split-columns")) {
		char *end;
		long n = strtol(value, &end, 10);
		if (*end || end == value || n < 40 || n > 1000)
			warn_at(config, warn, file, line, "split-columns wants a width from 40 to 1000, not '%s'", value);
		else
			config->split_columns = (int)n;
	} else if (!strcmp(name, "confirm-bulk")) {
		char *end;
		long n = strtol(value, &end, 10);
		if (*end || end == value || n < 2 || n > 1000000)
			warn_at(config, warn, file, line, "confirm-bulk wants a number of issues from 2, not '%s'", value);
		else
			config->confirm_bulk = (int)n;
	} else if (!strcmp(name, "ascii-lines")) {
		if (parse_bool(value, &config->ascii_lines) != 0)
			warn_at(config, warn, file, line, "ascii-lines wants yes or no, not '%s'", value);
	} else if (!strcmp(name, "date-format")) {
		if (!strcmp(value, "relative") || !strcmp(value, "absolute"))
			config->absolute_dates = !strcmp(value, "absolute");
		else
			warn_at(config, warn, file, line, "date-format wants relative or absolute, not '%s'", value);
	} else if (!strcmp(name, "default-view")) {
		static const char *const views[] = {"list", "board", "tree", "deps", "ready", "stats"};
		size_t i;
		for (i = 0; i < ARRAY_SIZE(views) && strcmp(value, views[i]) != 0; i++)
			;
		if (i == ARRAY_SIZE(views)) {
			warn_at(config, warn, file, line, "default-view wants list, board, tree, deps, ready or stats, not '%s'",
				value);
		} else {
			free(config->default_view);
			config->default_view = xstrdup(value);
		}
	} else if (!strcmp(name, "filter")) {
		free(config->default_filter);
		config->default_filter = *value ? xstrdup(value) : NULL;
	} else if (!strcmp(name, "refresh-debounce")) {
		char *end;
		long n = strtol(value, &end, 10);
		if (*end || end == value || n < 0 || n > 10000)
			warn_at(config, warn, file, line, "refresh-debounce wants milliseconds from 0 to 10000, not '%s'",
				value);
		else
			config->refresh_debounce_ms = (int)n;
	} else if (!strcmp(name, "list-columns")) {
		static const struct {
			const char *name;
			char letter;
		} cols[] = {{"id", 'i'},    {"prio", 'p'},     {"status", 's'}, {"type", 'y'},
			    {"title", 't'}, {"assignee", 'w'}, {"age", 'a'}};
		char letters[sizeof(config->list_columns)] = "", *copy = xstrdup(value), *p, *save = NULL;
		size_t n = 0, i;
		int bad = 0;
		for (p = strtok_r(copy, ", ", &save); p && !bad; p = strtok_r(NULL, ", ", &save)) {
			for (i = 0; i < ARRAY_SIZE(cols) && strcmp(p, cols[i].name) != 0; i++)
				;
			if (i == ARRAY_SIZE(cols) || strchr(letters, cols[i].letter) || n + 1 >= sizeof(letters)) {
				warn_at(config, warn, file, line,
					"list-columns wants each of id, prio, status, type, title, assignee, age at most once, not '%s'",
					p);
				bad = 1;
			} else {
				letters[n++] = cols[i].letter;
				letters[n] = '\0';
			}
		}
		free(copy);
		if (!bad && !strchr(letters, 'i'))
			warn_at(config, warn, file, line, "list-columns: the id column cannot be left out");
		else if (!bad)
			STR_COPY(config->list_columns, letters);
	} else if (!strcmp(name, "board-columns")) {
		char *copy = xstrdup(value), *p, *save = NULL;
		size_t i;
		for (i = 0; i < config->board_column_count; i++)
			free(config->board_columns[i]);
		free(config->board_columns);
		config->board_columns = NULL;
		config->board_column_count = 0;
		if (!strcmp(value, "auto")) {
			free(copy); /* the built-in columns */
			return;
		}
		for (p = strtok_r(copy, ", \t\n\v\f\r", &save); p; p = strtok_r(NULL, ", \t\n\v\f\r", &save)) {
			if (*p == '#') {
				warn_at(config, warn, file, line, "board-columns: a status cannot start with '#' ('%s')", p);
				continue;
			}
			config->board_columns = xrealloc(config->board_columns,
							 (config->board_column_count + 1) * sizeof(char *));
			config->board_columns[config->board_column_count++] = xstrdup(p);
		}
		free(copy);
		if (!config->board_column_count)
			warn_at(config, warn, file, line, "board-columns wants statuses separated by commas");
	} else if (!strcmp(name, "read-only")) {
		if (parse_bool(value, &config->read_only) != 0)
			warn_at(config, warn, file, line, "read-only wants yes or no, not '%s'", value);
	} else if (!strcmp(name, "mouse")) {
		if (parse_bool(value, &config->mouse) != 0)
			warn_at(config, warn, file, line, "mouse wants yes or no, not '%s'", value);
	} else if (!strcmp(name, "show-tombstones")) {
		if (parse_bool(value, &config->show_tombstones) != 0)
			warn_at(config, warn, file, line, "show-tombstones wants yes or no, not '%s'", value);
	} else if (!strcmp(name, "theme")) {
		int kind = theme_kind_parse(value);
		if (kind < 0)
			warn_at(config, warn, file, line, "theme wants dark or light, not '%s'", value);
		else
			config->theme = (enum theme_kind)kind;
	} else {
		warn_at(config, warn, file, line, "unknown setting '%s'", name);
	}
}

static void do_view(struct config *config, FILE *warn, const char *file, int line, char *rest)
{
	char *eq = strchr(rest, '='), *name, *query;
	int slot, i;
	if (!eq) {
		warn_at(config, warn, file, line, "view wants NAME = QUERY");
		return;
	}
	*eq = '\0';
	name = trim(rest);
	query = trim(eq + 1);
	if (!*name || strchr(name, ' ') || strchr(name, '\t') || name[0] == '#') {
		warn_at(config, warn, file, line, "view wants a one-word NAME, not '%s'", name);
		return;
	}
	slot = config_find_view(config, name);
	for (i = 7; slot < 0 && i < SAVED_VIEWS; i++)
		if (!config->views[i].name)
			slot = i;
	if (slot < 0) {
		warn_at(config, warn, file, line, "no number key left for view '%s' (use :view NAME)", name);
		return;
	}
	free(config->views[slot].name);
	free(config->views[slot].query);
	config->views[slot].name = xstrdup(name);
	config->views[slot].query = xstrdup(query);
}

/* color AREA FG BG [ATTRS...]: all of it, or (with a warning) none. */
static void do_color(struct config *config, FILE *warn, const char *file, int line, char *rest)
{
	char *save = NULL, *area_name = strtok_r(rest, " \t", &save), *fg_name = strtok_r(NULL, " \t", &save),
	     *bg_name = strtok_r(NULL, " \t", &save), *attr;
	struct theme_color c = {TIB_COLOR_DEFAULT, TIB_COLOR_DEFAULT, 0};
	int area;
	if (!area_name || !fg_name || !bg_name) {
		warn_at(config, warn, file, line, "color wants AREA FG BG [ATTRS]");
		return;
	}
	if ((area = theme_area_parse(area_name)) < 0) {
		warn_at(config, warn, file, line,
			"unknown color area '%s' (like status-open, prio-0, selected, heading: see tib(1))", area_name);
		return;
	}
	if (color_parse(fg_name, &c.fg) != 0 || color_parse(bg_name, &c.bg) != 0) {
		warn_at(config, warn, file, line, "bad color '%s' (default, red, bright-red, color0 to color255, #rrggbb)",
			color_parse(fg_name, &c.fg) != 0 ? fg_name : bg_name);
		return;
	}
	while ((attr = strtok_r(NULL, " \t", &save)) != NULL) {
		if (color_attr_parse(attr, &c.attrs) != 0) {
			warn_at(config, warn, file, line,
				"unknown attribute '%s' (bold, dim, underline, reverse, italic, standout, blink, normal)",
				attr);
			return;
		}
	}
	config->colors[area] = c;
	config->color_set[area] = 1;
}

static void do_bind(struct config *config, FILE *warn, const char *file, int line, char *rest)
{
	char *keymap = strtok(rest, " \t"), *key = strtok(NULL, " \t"), *action = strtok(NULL, " \t");
	char msg[160];
	if (!keymap || !key || !action || strtok(NULL, " \t")) {
		warn_at(config, warn, file, line, "bind wants KEYMAP KEY ACTION");
		return;
	}
	if (keys_bind(keymap, key, action, msg, sizeof(msg)) != 0)
		warn_at(config, warn, file, line, "%s", msg);
}

static void load_file(struct config *config, const char *path, FILE *warn, int depth, int must_exist);

/* The files being read, outermost first (a file that sources one of them
 * again is a loop), and how many `source` lines were followed in all. */
#define MAX_SOURCES 64
static char *source_stack[MAX_SOURCE_DEPTH + 2];
static int source_stack_count;
static int sources_followed;

static void do_source(struct config *config, FILE *warn, const char *file, int line, char *rest, int depth)
{
	char path[PATH_MAX], real[PATH_MAX];
	int i;
	const char *name = trim(rest), *slash = strrchr(file, '/');
	if (!*name) {
		warn_at(config, warn, file, line, "source wants a FILE");
		return;
	}
	if (depth >= MAX_SOURCE_DEPTH) {
		warn_at(config, warn, file, line, "source nested too deep at '%s'", name);
		return;
	}
	if (name[0] == '/' || !slash)
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - file), file, name);
	if (realpath(path, real)) {
		for (i = 0; i < source_stack_count; i++)
			if (strcmp(source_stack[i], real) == 0) {
				warn_at(config, warn, file, line, "source loop: '%s' is already being read", name);
				return;
			}
	}
	if (++sources_followed > MAX_SOURCES) {
		if (sources_followed == MAX_SOURCES + 1)
			warn_at(config, warn, file, line, "more than %d source lines: the rest are not read", MAX_SOURCES);
		return;
	}
	load_file(config, path, warn, depth + 1, 1);
}

static void load_file(struct config *config, const char *path, FILE *warn, int depth, int must_exist)
{
	char real[PATH_MAX];
	int pushed = 0;
	FILE *f = fopen(path, "r");
	if (depth == 0) {
		sources_followed = 0;
		source_stack_count = 0;
	}
	if (f && realpath(path, real) && source_stack_count < (int)ARRAY_SIZE(source_stack)) {
		source_stack[source_stack_count++] = xstrdup(real);
		pushed = 1;
	}
	char *buf = NULL;
	size_t cap = 0;
	int lineno = 0;
	if (!f) {
		if (must_exist) {
			config->warnings++;
			if (warn)
				fprintf(warn, "tib: cannot read config %s: %s\n", path, strerror(errno));
		}
		return;
	}
	if (depth == 0) {
		free(config->path);
		config->path = xstrdup(path);
	}
	while (getline(&buf, &cap, f) != -1) {
		char *line, *cmd, *rest, *hash;
		/* a comment: `#` at the start, or after a blank and before one
		 * (so that `#ff5f5f` stays a colour) */
		for (hash = buf; (hash = strchr(hash, '#')) != NULL; hash++)
			if (hash > buf && (hash[-1] == ' ' || hash[-1] == '\t') &&
			    (hash[1] == ' ' || hash[1] == '\t' || hash[1] == '\n' || hash[1] == '\r' || !hash[1])) {
				*hash = '\0';
				break;
			}
		line = trim(buf);
		lineno++;
		if (!*line || *line == '#')
			continue;
		cmd = line;
		rest = line;
		while (*rest && !isspace((unsigned char)*rest))
			rest++;
		if (*rest)
			*rest++ = '\0';
		if (!strcmp(cmd, "set"))
			do_set(config, warn, path, lineno, rest);
		else if (!strcmp(cmd, "color"))
			do_color(config, warn, path, lineno, rest);
		else if (!strcmp(cmd, "view"))
			do_view(config, warn, path, lineno, rest);
		else if (!strcmp(cmd, "bind"))
			do_bind(config, warn, path, lineno, rest);
		else if (!strcmp(cmd, "source"))
			do_source(config, warn, path, lineno, rest, depth);
		else
			warn_at(config, warn, path, lineno, "unknown command '%s' (set, color, view, bind, source)", cmd);
	}
	free(buf);
	fclose(f);
	if (pushed)
		free(source_stack[--source_stack_count]);
}

void config_load(struct config *config, const char *explicit_path, FILE *warn)
{
	char path[PATH_MAX];
	const char *env = getenv("TIB_CONFIG"), *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (explicit_path) {
		load_file(config, explicit_path, warn, 0, 1);
		return;
	}
	if (env && *env) {
		load_file(config, env, warn, 0, 1);
		return;
	}
	if (xdg && *xdg)
		snprintf(path, sizeof(path), "%s/tib/config", xdg);
	else if (home && *home)
		snprintf(path, sizeof(path), "%s/.config/tib/config", home);
	else
		path[0] = '\0';
	if (path[0] && access(path, R_OK) == 0) {
		load_file(config, path, warn, 0, 0);
		return;
	}
	if (home && *home) {
		snprintf(path, sizeof(path), "%s/.tibrc", home);
		load_file(config, path, warn, 0, 0);
	}
}

void config_colors(const struct config *config, struct theme_color *colors)
{
	int i;
	for (i = 0; i < AREA_COUNT; i++)
		colors[i] = config->color_set[i] ? config->colors[i] : theme_builtin(config->theme, (enum theme_area)i);
}

/* ---- --dump-config */

struct keymap_keys {
	const char *keymap;
	struct key *keys; /* those written already */
	size_t count, cap;
};

static int key_written(const struct keymap_keys *k, struct key key)
{
	size_t i;
	for (i = 0; i < k->count; i++)
		if (k->keys[i].code == key.code && k->keys[i].is_function == key.is_function)
			return 1;
	return 0;
}

/* "bind KEYMAP KEY ACTION" with the action the key has now in that
 * keymap (a user binding, else the keymap's default, else generic's),
 * once per key. */
static void dump_binding(FILE *out, struct keymap_keys *k, const char *name)
{
	const char *p = name;
	struct key key;
	if (key_parse(&p, &key) != 0 || *p || key_written(k, key))
		return;
	GROW(k->keys, k->cap, k->count + 1);
	k->keys[k->count++] = key;
	/* `#` would start a comment: written as <Hash> */
	fprintf(out, "bind %s %s %s\n", k->keymap, strcmp(name, "#") == 0 ? "<Hash>" : name,
		action_name(keys_resolve(k->keymap, key)));
}

/* Each keymap with a default or a user binding, in the order of the
 * defaults then of the user's lines; in each, the default keys, then the
 * user's other keys. Reading this back gives every key the same action,
 * so the next dump is the same. */
static void dump_bindings(FILE *out)
{
	size_t default_count, i, j, user_count = 0, keymap_count = 0;
	const struct key_binding *defaults = keys_bindings(&default_count);
	const char *keymap, *keys;
	enum action action;
	struct keymap_keys *maps = NULL;
	size_t maps_cap = 0;

	while (keys_user_bindings(&keymap, &keys, &action, user_count))
		user_count++;
	for (i = 0; i < default_count + user_count; i++) {
		if (i < default_count)
			keymap = defaults[i].keymap;
		else
			keys_user_bindings(&keymap, &keys, &action, i - default_count);
		for (j = 0; j < keymap_count && strcmp(maps[j].keymap, keymap) != 0; j++)
			;
		if (j == keymap_count) {
			GROW(maps, maps_cap, keymap_count + 1);
			memset(&maps[keymap_count], 0, sizeof(*maps));
			maps[keymap_count++].keymap = keymap;
		}
	}
	for (j = 0; j < keymap_count; j++) {
		for (i = 0; i < default_count; i++) {
			const char *p = defaults[i].keys;
			if (strcmp(defaults[i].keymap, maps[j].keymap) != 0)
				continue;
			while (*p) {
				char name[32];
				size_t len = strcspn(p, " ");
				if (len && len < sizeof(name)) {
					memcpy(name, p, len);
					name[len] = '\0';
					dump_binding(out, &maps[j], name);
				}
				p += len;
				p += strspn(p, " ");
			}
		}
		for (i = 0; i < user_count; i++) {
			keys_user_bindings(&keymap, &keys, &action, i);
			if (!strcmp(keymap, maps[j].keymap))
				dump_binding(out, &maps[j], keys);
		}
		free(maps[j].keys);
	}
	free(maps);
}

int config_dump(const struct config *config, FILE *out)
{
	static const char *const layouts[] = {"auto", "side", "stacked"};
	struct theme_color colors[AREA_COUNT];
	size_t i;

	fputs("# tib --dump-config: the effective configuration, defaults included.\n"
	      "# A config file itself: see CONFIGURATION in tib(1).\n\n",
	      out);
	/* a value starting with '#' is written right after '=': after a
	 * blank, a lone '#' would read back as a comment */
	fprintf(out, "set actor =%s%s\n", config->actor && config->actor[0] != '#' ? " " : "",
		config->actor ? config->actor : "");
	fprintf(out, "set layout = %s\n", layouts[config->layout <= LAYOUT_SETTING_STACKED ? config->layout : 0]);
	fprintf(out, "set split-columns = %d\n", config->split_columns);
	fprintf(out, "set show-tombstones = %s\n", config->show_tombstones ? "yes" : "no");
	fprintf(out, "set mouse = %s\n", config->mouse ? "yes" : "no");
	fprintf(out, "set ascii-lines = %s\n", config->ascii_lines ? "yes" : "no");
	fprintf(out, "set date-format = %s\n", config->absolute_dates ? "absolute" : "relative");
	fprintf(out, "set default-view = %s\n", config->default_view ? config->default_view : "list");
	fprintf(out, "set filter =%s%s\n", config->default_filter && config->default_filter[0] != '#' ? " " : "",
		config->default_filter ? config->default_filter : "");
	fprintf(out, "set refresh-debounce = %d\n", config->refresh_debounce_ms);
	{
		static const char *const names[] = {"id", "prio", "status", "type", "title", "assignee", "age"};
		static const char letters[] = "ipsytwa";
		const char *c;
		fputs("set list-columns =", out);
		for (c = config->list_columns; *c; c++)
			fprintf(out, "%s %s", c == config->list_columns ? "" : ",",
				names[strchr(letters, *c) - letters]);
		fputc('\n', out);
	}
	fprintf(out, "set confirm-bulk = %d\n", config->confirm_bulk);
	fprintf(out, "set read-only = %s\n", config->read_only ? "yes" : "no");
	fputs("set board-columns =", out);
	if (!config->board_column_count)
		fputs(" auto", out);
	for (i = 0; i < config->board_column_count; i++)
		fprintf(out, "%s%s", i ? ", " : " ", config->board_columns[i]);
	fputc('\n', out);
	fprintf(out, "set theme = %s\n", theme_kind_name(config->theme));

	fputs("\n# color AREA FG BG [ATTRS]\n", out);
	config_colors(config, colors);
	for (i = 0; theme_area_nth(i) >= 0; i++) {
		enum theme_area area = (enum theme_area)theme_area_nth(i);
		char fg[16], bg[16], attrs[80];
		color_format(colors[area].fg, fg, sizeof(fg));
		color_format(colors[area].bg, bg, sizeof(bg));
		color_attrs_format(colors[area].attrs, attrs, sizeof(attrs));
		fprintf(out, "color %s %s %s%s%s\n", theme_area_name(area), fg, bg, attrs[0] ? " " : "", attrs);
	}

	fputs("\n# view NAME = QUERY, on the number keys 0-9\n", out);
	for (i = 0; i < SAVED_VIEWS; i++)
		if (config->views[i].name)
			fprintf(out, "view %s =%s%s\n", config->views[i].name,
				config->views[i].query[0] && config->views[i].query[0] != '#' ? " " : "",
				config->views[i].query);

	fputs("\n# bind KEYMAP KEY ACTION\n", out);
	dump_bindings(out);
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
