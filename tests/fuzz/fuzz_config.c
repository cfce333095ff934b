/* libFuzzer target for the config file parser (tui/config.c, with the
 * key names of tui/keys.c): the bytes are a whole config file, written to
 * a temp file and read by config_load as if given with --config. Checks,
 * besides what ASan and UBSan catch: loading always finishes, every
 * setting stays in its documented range, the saved views keep their
 * built-in names or one-word names with a query, nothing leaks
 * (config_free and keys_free_user_bindings release everything), and
 * --dump-config round-trips: what config_dump writes loads without a
 * warning and dumps again to the same text.
 * `source` lines are relative to the temp file's directory, an empty one
 * made for the run in $TMPDIR (`make fuzz-config` points it at
 * build/fuzz/tmp, where a crashed run's directory is left): a sourced
 * file is the input itself.
 *   make fuzz-config [FUZZ_SECONDS=seconds] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../tui/config.h"
#include "../../tui/keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char dir[4096];
static char path[sizeof(dir) + 16], dump_path[sizeof(dir) + 16];
static FILE *devnull;

static void cleanup(void)
{
	unlink(path);
	unlink(dump_path);
	rmdir(dir);
	if (devnull)
		fclose(devnull);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "%s/tib-fuzz-config.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/config", dir);
	snprintf(dump_path, sizeof(dump_path), "%s/dumped", dir);
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	atexit(cleanup);
	return 0;
}

/* config_dump's text, malloc'ed */
static char *dump_text(const struct config *config, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	if (!f || config_dump(config, f) != 0 || fclose(f) != 0)
		abort();
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config config;
	char *first, *second;
	size_t first_len, second_len;
	FILE *f = fopen(path, "wb");
	size_t i;
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	config_init(&config);
	config_load(&config, path, devnull);
	if (config.layout != LAYOUT_SETTING_AUTO && config.layout != LAYOUT_SETTING_SIDE &&
	    config.layout != LAYOUT_SETTING_STACKED)
		abort();
	if (config.split_columns < 40 || config.split_columns > 1000)
		abort();
	if (config.confirm_bulk < 2 || config.confirm_bulk > 1000000)
		abort();
	if ((config.read_only != 0 && config.read_only != 1) ||
	    (config.show_tombstones != 0 && config.show_tombstones != 1))
		abort();
	if (config.actor && !config.actor[0])
		abort();
	if (config.board_column_count && !config.board_columns)
		abort();
	for (i = 0; i < config.board_column_count; i++)
		if (!config.board_columns[i] || !config.board_columns[i][0] ||
		    strpbrk(config.board_columns[i], ", "))
			abort();
	for (i = 0; i < SAVED_VIEWS; i++) {
		const struct saved_view *v = &config.views[i];
		if (!v->name != !v->query)
			abort();
		if (v->name && (!v->name[0] || strchr(v->name, ' ')))
			abort();
		if (v->name && config_find_view(&config, v->name) != (int)i)
			abort(); /* two slots with one name */
	}
	if (!config.path || strcmp(config.path, path) != 0)
		abort();
	/* the user bindings the help screen lists are well formed */
	for (i = 0;; i++) {
		const char *keymap, *keys;
		enum action action;
		if (!keys_user_bindings(&keymap, &keys, &action, i))
			break;
		if (!keymap || !keys || !keys[0])
			abort();
	}
	/* the dump loads without a warning and dumps to the same text */
	first = dump_text(&config, &first_len);
	config_free(&config);
	keys_free_user_bindings();
	f = fopen(dump_path, "wb");
	if (!f || fwrite(first, 1, first_len, f) != first_len || fclose(f) != 0)
		abort();
	config_init(&config);
	config_load(&config, dump_path, devnull);
	if (config.warnings)
		abort();
	second = dump_text(&config, &second_len);
	if (first_len != second_len || memcmp(first, second, first_len) != 0)
		abort();
	free(first);
	free(second);
	config_free(&config);
	keys_free_user_bindings();
	return 0;
}
