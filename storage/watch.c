#include "watch.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

/* A network file system may not deliver inotify events: stat every 2 s. */
#define STAT_POLL_INTERVAL_MS 2000

struct watcher {
	int fd;
	char base[NAME_MAX + 1]; /* the file's name in its directory */
};

enum tib_status watcher_open(const char *path, int force_stat_poll, struct watcher **out,
			     struct tib_error *err)
{
	struct watcher *w = xcalloc(1, sizeof(*w));
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	(void)err;
	w->fd = -1;
	if (slash) {
		size_t len = (size_t)(slash - path);
		if (len == 0)
			len = 1; /* "/file" lives in "/" */
		if (len >= sizeof(dir))
			len = sizeof(dir) - 1;
		memcpy(dir, path, len);
		dir[len] = '\0';
		STR_COPY(w->base, slash + 1);
	} else {
		STR_COPY(dir, ".");
		STR_COPY(w->base, path);
	}
	if (!force_stat_poll) {
		w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (w->fd >= 0 &&
		    inotify_add_watch(w->fd, dir,
				      IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
					      IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF) < 0) {
			close(w->fd);
			w->fd = -1;
		}
	}
	*out = w;
	return TIB_OK;
}

int watcher_fd(const struct watcher *w)
{
	return w ? w->fd : -1;
}

int watcher_poll_interval_ms(const struct watcher *w)
{
	return w && w->fd >= 0 ? -1 : STAT_POLL_INTERVAL_MS;
}

/* The source file itself, or its -wal / -journal companion. */
static int concerns_source(const struct watcher *w, const char *name)
{
	size_t n = strlen(w->base);
	if (strncmp(name, w->base, n) != 0)
		return 0;
	return name[n] == '\0' || strcmp(name + n, "-wal") == 0 || strcmp(name + n, "-journal") == 0;
}

int watcher_drain(struct watcher *w)
{
	char buf[16 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
	int relevant = 0;
	if (!w || w->fd < 0)
		return 1; /* stat-poll mode: every tick is worth a check */
	for (;;) {
		ssize_t n = read(w->fd, buf, sizeof(buf));
		char *p;
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			break; /* EAGAIN: drained */
		}
		for (p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)(void *)p;
			if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_Q_OVERFLOW | IN_IGNORED))
				relevant = 1; /* the directory itself changed, or events were lost */
			else if (ev->len && concerns_source(w, ev->name))
				relevant = 1;
			p += sizeof(*ev) + ev->len;
		}
	}
	return relevant;
}

void watcher_close(struct watcher *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	free(w);
}
