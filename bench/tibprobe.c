/* tibprobe.so: an LD_PRELOAD probe that times each frame tib draws and
 * counts the bytes each frame writes to the terminal, without touching
 * tib. tib calls doupdate() exactly once per key (display.c), so:
 *
 *   frame i's time  = from the end of doupdate() i-1 to the end of
 *                     doupdate() i: handling the key, drawing, and the
 *                     terminal update (frame 0: from BENCH_T0, the fork
 *                     in timeit, to the first full screen)
 *   frame i's bytes = what write() sent while doupdate() i ran
 *
 * With TIBPROBE_OUT=FILE set, appends at exit one line per frame:
 *   FRAME_INDEX TIME_NS UPDATE_NS BYTES END_NS MARK
 * after a line "run PID". END_NS is CLOCK_MONOTONIC at the end of the
 * frame; MARK is 1 when the frame wrote $TIBPROBE_MARK (ignoring case)
 * within one write(), else 0. Without TIBPROBE_OUT, does nothing but pass
 * through. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_FRAMES 200000

struct frame {
	int64_t time_ns, update_ns, end_ns;
	int64_t bytes;
	int mark;
};

int doupdate(void);
ssize_t write(int fd, const void *buf, size_t count);

static struct frame *frames;
static size_t frame_count;
static int64_t last_end;
static int in_update;
static int64_t update_bytes;
static int update_mark;
static const char *mark;
static size_t mark_len;
static int (*real_doupdate)(void);
static ssize_t (*real_write)(int, const void *, size_t);

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

__attribute__((constructor)) static void probe_init(void)
{
	const char *t0 = getenv("BENCH_T0");
	last_end = t0 && *t0 ? strtoll(t0, NULL, 10) : now_ns();
	if (getenv("TIBPROBE_OUT"))
		frames = calloc(MAX_FRAMES, sizeof(*frames));
	mark = getenv("TIBPROBE_MARK");
	mark_len = mark ? strlen(mark) : 0;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int contains_mark(const char *buf, size_t len)
{
	size_t i, j;
	if (!mark_len || len < mark_len)
		return 0;
	for (i = 0; i + mark_len <= len; i++) {
		for (j = 0; j < mark_len && lower((unsigned char)buf[i + j]) == lower((unsigned char)mark[j]); j++)
			;
		if (j == mark_len)
			return 1;
	}
	return 0;
}

ssize_t write(int fd, const void *buf, size_t count)
{
	ssize_t n;
	if (!real_write)
		*(void **)&real_write = dlsym(RTLD_NEXT, "write");
	n = real_write(fd, buf, count);
	if (in_update && n > 0 && fd != 2) {
		update_bytes += n;
		if (!update_mark && contains_mark(buf, (size_t)n))
			update_mark = 1;
	}
	return n;
}

int doupdate(void)
{
	int rc;
	int64_t start, end;
	if (!real_doupdate)
		*(void **)&real_doupdate = dlsym(RTLD_NEXT, "doupdate");
	start = now_ns();
	in_update = 1;
	update_bytes = 0;
	update_mark = 0;
	rc = real_doupdate();
	in_update = 0;
	end = now_ns();
	if (frames && frame_count < MAX_FRAMES) {
		frames[frame_count].time_ns = end - last_end;
		frames[frame_count].update_ns = end - start;
		frames[frame_count].bytes = update_bytes;
		frames[frame_count].end_ns = end;
		frames[frame_count].mark = update_mark;
		frame_count++;
	}
	last_end = end;
	return rc;
}

__attribute__((destructor)) static void probe_fini(void)
{
	const char *path = getenv("TIBPROBE_OUT");
	FILE *f;
	size_t i;
	if (!frames || !path)
		return;
	f = fopen(path, "a");
	if (f) {
		fprintf(f, "run %ld\n", (long)getpid());
		for (i = 0; i < frame_count; i++)
			fprintf(f, "%zu %lld %lld %lld %lld %d\n", i, (long long)frames[i].time_ns,
				(long long)frames[i].update_ns, (long long)frames[i].bytes,
				(long long)frames[i].end_ns, frames[i].mark);
		fclose(f);
	}
	free(frames);
	frames = NULL;
}
