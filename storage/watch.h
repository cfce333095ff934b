/* Watching the data source for changes without polling: one inotify
 * descriptor on the source's directory (which also sees renames over the
 * file, deletion and re-creation, and the -wal/-journal files), to be
 * multiplexed with keyboard input in one poll(). */
#ifndef TIB_WATCH_H
#define TIB_WATCH_H

#include "../model/util.h"

struct watcher;

/* Starts watching `path`. With `force_stat_poll`, or where inotify is
 * unavailable, the watcher has no descriptor and the caller falls back to
 * checking every watcher_poll_interval_ms(). */
enum tib_status watcher_open(const char *path, int force_stat_poll, struct watcher **out,
			     struct tib_error *err);
/* The descriptor to poll for POLLIN, or -1 in stat-poll mode. */
int watcher_fd(const struct watcher *w);
/* How long to sleep between checks in stat-poll mode; -1 with inotify. */
int watcher_poll_interval_ms(const struct watcher *w);
/* Reads the pending events; returns 1 if any concerns the source (the
 * file, its -wal or -journal, or a rename/delete in its directory). Our
 * own reads touch only -shm, which is ignored, so reading never wakes us. */
int watcher_drain(struct watcher *w);
void watcher_close(struct watcher *w);

#endif
