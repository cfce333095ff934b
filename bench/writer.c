/* writer: the "other connection" of the refresh benchmark.
 *
 *   writer update DB ID TITLE   sets one issue's title (and updated_at, to now)
 *                               in one transaction
 *   writer rename SRC DST       replaces DST by SRC (a whole-file replacement)
 *
 * Prints the CLOCK_MONOTONIC nanoseconds right after the COMMIT returned
 * (or the rename), to compare with the frame times of bench/tibprobe.so.
 * Exits 1 on an error. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int update(const char *path, const char *id, const char *title)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long t = 0;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, 5000);
		rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	}
	if (rc == SQLITE_OK)
		/* and updated_at, as bd does */
		rc = sqlite3_prepare_v2(db,
					"UPDATE issues SET title = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
					"WHERE id = ?1",
					-1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		if (rc == SQLITE_OK && sqlite3_changes(db) != 1) {
			fprintf(stderr, "writer: %s: no issue %s\n", path, id);
			rc = SQLITE_ERROR;
		}
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_OK) {
		rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		t = now_ns();
	}
	if (rc != SQLITE_OK)
		fprintf(stderr, "writer: %s: %s\n", path, db ? sqlite3_errmsg(db) : "cannot open");
	sqlite3_close(db);
	if (rc != SQLITE_OK)
		return 1;
	printf("%lld\n", t);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "update") == 0)
		return update(argv[2], argv[3], argv[4]);
	if (argc == 4 && strcmp(argv[1], "rename") == 0) {
		if (rename(argv[2], argv[3]) != 0) {
			perror("writer: rename");
			return 1;
		}
		printf("%lld\n", now_ns());
		return 0;
	}
	fprintf(stderr, "usage: writer update DB ID TITLE | writer rename SRC DST\n");
	return 2;
}
