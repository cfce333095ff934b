#include "history.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/util.h"

static int history_path(char *out, size_t size, int create_dir)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char dir[PATH_MAX];
	int n;
	if (state && *state)
		n = snprintf(dir, sizeof(dir), "%s/tib", state);
	else if (home && *home)
		n = snprintf(dir, sizeof(dir), "%s/.local/state/tib", home);
	else
		return -1;
	if (n < 0 || (size_t)n >= sizeof(dir))
		return -1;
	if (create_dir) {
		/* mkdir -p, quietly: no history is better than an error */
		char *p;
		for (p = dir + 1; *p; p++) {
			if (*p != '/')
				continue;
			*p = '\0';
			mkdir(dir, 0700);
			*p = '/';
		}
		mkdir(dir, 0700);
	}
	n = snprintf(out, size, "%s/history", dir);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static void push(struct history *h, const char *line)
{
	if (h->count == HISTORY_KEEP) {
		free(h->lines[0]);
		memmove(h->lines, h->lines + 1, (h->count - 1) * sizeof(*h->lines));
		h->count--;
	}
	GROW(h->lines, h->cap, h->count + 1);
	h->lines[h->count++] = xstrdup(line);
}

void history_load(struct history *h)
{
	char path[PATH_MAX], *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;
	memset(h, 0, sizeof(*h));
	if (history_path(path, sizeof(path), 0) != 0 || !(f = fopen(path, "r")))
		return;
	while ((n = getline(&line, &cap, f)) != -1) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n > 0)
			push(h, line);
	}
	free(line);
	fclose(f);
	h->cursor = h->count;
}

void history_add(struct history *h, const char *line)
{
	if (!line || !*line || strchr(line, '\n'))
		return;
	if (!h->count || strcmp(h->lines[h->count - 1], line) != 0) {
		push(h, line);
		h->dirty = 1;
	}
	h->cursor = h->count;
}

const char *history_step(struct history *h, int direction)
{
	if (direction < 0) {
		if (h->cursor == 0)
			return NULL;
		h->cursor--;
	} else {
		if (h->cursor >= h->count)
			return NULL;
		h->cursor++;
		if (h->cursor == h->count)
			return NULL;
	}
	return h->lines[h->cursor];
}

void history_reset_cursor(struct history *h)
{
	h->cursor = h->count;
}

void history_save(struct history *h)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	FILE *f;
	size_t i;
	int ok;
	if (!h->dirty || history_path(path, sizeof(path), 1) != 0)
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return;
	for (i = 0; i < h->count; i++)
		fprintf(f, "%s\n", h->lines[i]);
	ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	if (fclose(f) != 0 || !ok || rename(tmp, path) != 0)
		unlink(tmp);
	h->dirty = 0;
}

void history_free(struct history *h)
{
	size_t i;
	for (i = 0; i < h->count; i++)
		free(h->lines[i]);
	free(h->lines);
	memset(h, 0, sizeof(*h));
}
