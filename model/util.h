/* Small helpers shared by every layer: checked allocation, error values,
 * a growable byte buffer and a bump arena for strings. No curses, no SQL. */
#ifndef TIB_UTIL_H
#define TIB_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Status codes returned by every fallible function; the message says what
 * went wrong in words a user can act on. */
enum tib_status {
	TIB_OK = 0,
	TIB_ERR_NOT_FOUND,   /* no database where we looked */
	TIB_ERR_NOT_DB,      /* file is not a SQLite database */
	TIB_ERR_SCHEMA,      /* SQLite, but not a beads schema */
	TIB_ERR_IO,          /* cannot read a file */
	TIB_ERR_BUSY,        /* locked by another writer */
	TIB_ERR_UNSUPPORTED, /* known format we cannot open yet */
	TIB_ERR_SQL,         /* unexpected SQLite failure */
	TIB_ERR_CONFLICT,    /* a write refused: the data changed since it was read */
	TIB_ERR_READ_ONLY,   /* a write refused: the source is read-only */
};

struct tib_error {
	enum tib_status status;
	char msg[512];
};

/* Sets err (if not NULL) and returns status, so callers can
 * `return tib_fail(err, TIB_ERR_IO, "cannot read %s", path);`. */
enum tib_status tib_fail(struct tib_error *err, enum tib_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Called when memory runs out. The TUI installs a hook that restores the
 * terminal before the process exits. */
typedef void (*tib_fatal_hook)(void);
void tib_set_fatal_hook(tib_fatal_hook hook);
_Noreturn void tib_die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);
/* Grow *arr (of *cap elements of elem_size) so that it holds at least need. */
void grow_array(void **arr, size_t *cap, size_t need, size_t elem_size);
#define GROW(arr, cap, need) grow_array((void **)&(arr), &(cap), (need), sizeof(*(arr)))

/* Copies src into a fixed buffer, always NUL-terminated, truncating. */
size_t str_copy(char *dst, size_t dst_size, const char *src);
#define STR_COPY(dst, src) str_copy((dst), sizeof(dst), (src))
int str_has_suffix(const char *s, const char *suffix);

/* write(2) until all of it is written (EINTR retried): 0, or -1 with
 * errno set. */
int write_full(int fd, const void *data, size_t len);

/* Growable byte buffer, always NUL-terminated. */
struct buf {
	char *data;
	size_t len, cap;
};
void buf_append(struct buf *b, const char *s, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

/* Bump allocator: many small strings freed at once. One per loaded
 * issue set, so a refresh frees everything of the old set in one call. */
struct arena_block;
struct arena {
	struct arena_block *head;
	size_t total;
};
void *arena_alloc(struct arena *a, size_t size, size_t align);
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
void arena_free(struct arena *a);

uint64_t hash_bytes(const void *data, size_t len);
static inline uint64_t hash_str(const char *s);

#include <string.h>
static inline uint64_t hash_str(const char *s)
{
	return hash_bytes(s, strlen(s));
}

#endif
