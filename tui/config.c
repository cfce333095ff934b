#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

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
	for (i = 0; i < ARRAY_SIZE(builtin_views); i++) {
		config->views[i].name = xstrdup(builtin_views[i].name);
		config->views[i].query = xstrdup(builtin_views[i].query);
	}
}

void config_free(struct config *config)
{
	size_t i;
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
	} else if (!strcmp(name, "board-columns")) {
		char *copy = xstrdup(value), *p, *save = NULL;
		size_t i;
		for (i = 0; i < config->board_column_count; i++)
			free(config->board_columns[i]);
		free(config->board_columns);
		config->board_columns = NULL;
		config->board_column_count = 0;
		for (p = strtok_r(copy, ", ", &save); p; p = strtok_r(NULL, ", ", &save)) {
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
	} else if (!strcmp(name, "show-tombstones")) {
		if (parse_bool(value, &config->show_tombstones) != 0)
			warn_at(config, warn, file, line, "show-tombstones wants yes or no, not '%s'", value);
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
	if (!*name || strchr(name, ' ')) {
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

static void do_source(struct config *config, FILE *warn, const char *file, int line, char *rest, int depth)
{
	char path[PATH_MAX];
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
	load_file(config, path, warn, depth + 1, 1);
}

static void load_file(struct config *config, const char *path, FILE *warn, int depth, int must_exist)
{
	FILE *f = fopen(path, "r");
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
		char *line = trim(buf), *cmd, *rest;
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
		else if (!strcmp(cmd, "view"))
			do_view(config, warn, path, lineno, rest);
		else if (!strcmp(cmd, "bind"))
			do_bind(config, warn, path, lineno, rest);
		else if (!strcmp(cmd, "source"))
			do_source(config, warn, path, lineno, rest, depth);
		else
			warn_at(config, warn, path, lineno, "unknown command '%s' (set, view, bind, source)", cmd);
	}
	free(buf);
	fclose(f);
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
