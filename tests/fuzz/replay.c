/* The fuzz corpora as regression tests in `make check`: each fuzz target
 * (tests/fuzz/fuzz_*.c) linked with this driver instead of libFuzzer
 * becomes build/.../tests/test_fuzz_TARGET, a cmocka test with one case
 * per file of the target's corpus, every crash and timeout found so far
 * included (the crash-* and timeout-* files). A case fails when the target
 * aborts (its own checks) or crashes; under the ASan build and valgrind
 * (tests/run.sh) a memory error or leak fails it too. libFuzzer is clang
 * only; this runs with whatever compiler built the rest.
 * Run from the top of the tree: the corpora are found from there. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* defined by the targets that set something up first */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* the corpus directories of each target, as `make fuzz-TARGET` seeds it */
static const struct {
	const char *target;
	const char *dirs[3];
} corpora[] = {
	{"jsonl", {"tests/fuzz/seeds", "tests/data/bad", NULL}},
	{"query", {"tests/fuzz/corpus-query", NULL, NULL}},
	{"config", {"tests/fuzz/corpus-config", NULL, NULL}},
	{"text", {"tests/fuzz/corpus-text", NULL, NULL}},
};

static void replay_one(void **state)
{
	const char *path = *state;
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t size = 0, cap = 0, n;
	if (!f)
		fail_msg("cannot open %s", path);
	for (;;) {
		if (size == cap) {
			uint8_t *bigger;
			cap = cap ? cap * 2 : 4096;
			bigger = realloc(data, cap);
			assert_non_null(bigger);
			data = bigger;
		}
		n = fread(data + size, 1, cap - size, f);
		size += n;
		if (n == 0)
			break;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, size);
	free(data);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	const char *self = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	const char *target = strncmp(self, "test_fuzz_", 10) == 0 ? self + 10 : self;
	struct CMUnitTest *tests = NULL;
	char **paths = NULL, group[64];
	size_t count = 0, cap = 0, i, k, which;
	int failed;

	for (which = 0; which < sizeof(corpora) / sizeof(corpora[0]); which++)
		if (strcmp(corpora[which].target, target) == 0)
			break;
	if (which == sizeof(corpora) / sizeof(corpora[0])) {
		fprintf(stderr, "%s: no corpus for the target '%s'\n", self, target);
		return 1;
	}
	for (k = 0; k < 3 && corpora[which].dirs[k]; k++) {
		const char *dir = corpora[which].dirs[k];
		DIR *d = opendir(dir);
		struct dirent *e;
		if (!d) {
			fprintf(stderr, "%s: cannot open %s (run from the top of the tree)\n", self, dir);
			return 1;
		}
		while ((e = readdir(d))) {
			size_t len;
			if (e->d_name[0] == '.')
				continue;
			if (count == cap) {
				char **bigger;
				cap = cap ? cap * 2 : 64;
				bigger = realloc(paths, cap * sizeof(*paths));
				if (!bigger)
					abort();
				paths = bigger;
			}
			len = strlen(dir) + 1 + strlen(e->d_name) + 1;
			paths[count] = malloc(len);
			if (!paths[count])
				abort();
			snprintf(paths[count], len, "%s/%s", dir, e->d_name);
			count++;
		}
		closedir(d);
	}
	if (count == 0) {
		fprintf(stderr, "%s: the corpus of '%s' is empty\n", self, target);
		return 1;
	}
	qsort(paths, count, sizeof(*paths), by_name);
	tests = calloc(count, sizeof(*tests));
	if (!tests)
		abort();
	for (i = 0; i < count; i++) {
		tests[i].name = paths[i];
		tests[i].test_func = replay_one;
		tests[i].initial_state = paths[i];
	}
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	snprintf(group, sizeof(group), "fuzz corpus of %s", target);
	failed = _cmocka_run_group_tests(group, tests, count, NULL, NULL);
	for (i = 0; i < count; i++)
		free(paths[i]);
	free(paths);
	free(tests);
	return failed;
}
