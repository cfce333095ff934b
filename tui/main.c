/* tib: command line, finding the data, and the two modes (the terminal
 * UI, or --print / --json for scripts). */
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/issue.h"
#include "../model/query.h"
#include "../model/text.h"
#include "../storage/store.h"
#include "keys.h"
#include "options.h"
#include "output.h"
#include "tui.h"

#ifndef TIB_VERSION
#define TIB_VERSION "0.1.0"
#endif
#ifndef TIB_DATADIR
#define TIB_DATADIR "/usr/local/share/tib"
#endif

#define EXIT_USAGE 2

static volatile sig_atomic_t stop_requested;
static volatile int stop_flag;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
	stop_flag = 1;
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a blocking read returns so the loop can quit cleanly */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* a closed pipe shows up as a write error, and we clean up */
	signal(SIGPIPE, SIG_IGN);
}

/* Messages on stderr quote file names, config lines and data: to a
 * terminal, each line of the message in its visible form (ESC as ^[), so
 * nothing in them can drive the terminal; to a pipe or a file, as is. */
static void stderr_write(const char *msg, size_t len)
{
	static int tty = -1, utf8;
	struct buf out = {0}, piece = {0};
	size_t i = 0;
	if (tty < 0) {
		tty = isatty(STDERR_FILENO);
		utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	}
	if (!tty) {
		fwrite(msg, 1, len, stderr);
		return;
	}
	while (i < len) {
		const char *nl = memchr(msg + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (msg + i)) : len - i;
		buf_reset(&piece);
		buf_append(&piece, msg + i, n);
		text_visible(&out, piece.data ? piece.data : "", utf8);
		if (nl)
			buf_putc(&out, '\n');
		i += n + (nl ? 1 : 0);
	}
	if (out.len)
		fwrite(out.data, 1, out.len, stderr);
	buf_free(&out);
	buf_free(&piece);
}

static void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void errorf(const char *fmt, ...)
{
	va_list ap;
	char small[512], *text = small;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(small)) {
		text = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(text, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	stderr_write(text, (size_t)n);
	if (text != small)
		free(text);
}

static const struct {
	const char *letters;
	const char *long_name;
	const char *arg;
	const char *help;
} option_docs[] = {
#define OPTION_DOC(name, letter, long_name, arg, help) {(char[]){letter, 0}, long_name, arg, help},
	TIB_OPTIONS(OPTION_DOC)
#undef OPTION_DOC
};

/* "  --opt ARG        text..." with the text wrapped at 79 columns. */
static void print_wrapped_help(FILE *out, const char *head, const char *help)
{
	const char *p = help;
	int first = 1;
	while (*p) {
		int room = 79 - 24, len = (int)strlen(p);
		if (len > room) {
			len = room;
			while (len > 0 && p[len] != ' ')
				len--;
			if (len == 0)
				len = room;
		}
		if (first && strlen(head) > 20) {
			fprintf(out, "  %s\n", head); /* a long head on its own line */
			first = 0;
		}
		fprintf(out, "  %-20s  %.*s\n", first ? head : "", len, p);
		first = 0;
		p += len;
		while (*p == ' ')
			p++;
	}
}

static void usage(FILE *out)
{
	size_t i;
	fprintf(out,
		"Usage: tib [OPTION]... [PATH]\n"
		"Browse and triage a beads issue database in the terminal.\n\n"
		"PATH is a beads SQLite database, a .jsonl export, or a directory holding\n"
		".beads/. Without PATH: $BEADS_DIR, $BEADS_DB, then .beads/ in the current\n"
		"directory or a parent, up to the git root.\n\n"
		"Options:\n");
	for (i = 0; i < sizeof(option_docs) / sizeof(option_docs[0]); i++) {
		char head[64];
		if (!option_docs[i].help)
			continue;
		if (option_docs[i].letters[0])
			snprintf(head, sizeof(head), "-%s, --%s%s%s", option_docs[i].letters, option_docs[i].long_name,
				 option_docs[i].arg ? " " : "", option_docs[i].arg ? option_docs[i].arg : "");
		else
			snprintf(head, sizeof(head), "    --%s%s%s", option_docs[i].long_name,
				 option_docs[i].arg ? " " : "", option_docs[i].arg ? option_docs[i].arg : "");
		print_wrapped_help(out, head, option_docs[i].help);
	}
	{
		size_t count;
		const struct query_field_doc *docs = query_field_docs(&count);
		fprintf(out, "\nQuery terms (--filter, and / in the browser):\n");
		for (i = 0; i < count; i++)
			print_wrapped_help(out, docs[i].syntax, docs[i].help);
	}
	fprintf(out, "\nIn the browser, press ? for the keys. See tib(1) for more.\n"
		     "Exit status: 0 ok, 1 error (no database, not a beads database, ...), 2 usage.\n");
}

/* The OPTIONS section of man/tib.1, from the same table as --help. */
static void man_options(FILE *out)
{
	size_t i;
	for (i = 0; i < sizeof(option_docs) / sizeof(option_docs[0]); i++) {
		if (!option_docs[i].help)
			continue;
		fputs(".TP\n", out);
		if (option_docs[i].letters[0] && option_docs[i].arg)
			fprintf(out, ".BR \\-%s \", \" \\-\\-%s \" \" \\fI%s\\fP\n", option_docs[i].letters,
				option_docs[i].long_name, option_docs[i].arg);
		else if (option_docs[i].letters[0])
			fprintf(out, ".BR \\-%s \", \" \\-\\-%s\n", option_docs[i].letters, option_docs[i].long_name);
		else if (option_docs[i].arg)
			fprintf(out, ".BI \\-\\-%s \" \" %s\n", option_docs[i].long_name, option_docs[i].arg);
		else
			fprintf(out, ".B \\-\\-%s\n", option_docs[i].long_name);
		man_escape(out, option_docs[i].help);
		fputc('\n', out);
	}
}

/* $TIB_NOW (RFC 3339) fixes the clock so that tests see the same ages
 * and the same deferred/ready state on every run. */
static int64_t fixed_now(void)
{
	const char *fixed = getenv("TIB_NOW");
	return fixed && *fixed ? timestamp_parse(fixed) : TIME_NONE;
}

/* Who "me" is in assignee:me and who triage writes as: $BD_ACTOR,
 * $BEADS_ACTOR (as bd), the config's actor, else the login. */
static const char *actor;

static const char *query_actor(void)
{
	/* the order triage uses for who writes (triage_actor) */
	const char *me = getenv("BD_ACTOR");
	if (!me || !*me)
		me = getenv("BEADS_ACTOR");
	if (!me || !*me)
		me = actor;
	if (!me || !*me)
		me = getenv("USER");
	return me && *me ? me : NULL;
}

/* The QUERY LANGUAGE section of man/tib.1, from the same table as the
 * help screen and --help. */
static void man_query(FILE *out)
{
	size_t count, i;
	const struct query_field_doc *docs = query_field_docs(&count);
	for (i = 0; i < count; i++) {
		fputs(".TP\n.B ", out);
		man_escape(out, docs[i].syntax);
		fputc('\n', out);
		man_escape(out, docs[i].help);
		fputs(".\n", out);
	}
}

static int file_exists(const char *path)
{
	return access(path, R_OK) == 0;
}

/* The demo database: $TIB_DEMO_DB, next to a binary run from the source
 * tree, relative to an installed binary, or the configured data dir. */
static int find_demo(char *out, size_t size)
{
	const char *env = getenv("TIB_DEMO_DB");
	char exe[PATH_MAX];
	ssize_t n;
	if (env && *env) {
		snprintf(out, size, "%s", env);
		return file_exists(out) ? 0 : -1;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		static const char *const rel[] = {"build/demo.db", "../demo.db", "../../build/demo.db",
						  "../share/tib/demo.db"};
		size_t i;
		char *slash;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			if ((size_t)snprintf(out, size, "%s/%s", exe, rel[i]) < size && file_exists(out))
				return 0;
		}
	}
	snprintf(out, size, "%s/demo.db", TIB_DATADIR);
	return file_exists(out) ? 0 : -1;
}

struct cli {
	int print, json, demo, tombstones, stat_poll, read_only, dump_config;
	const char *path;
	const char *filter;
	const char *config;
	const char *script;
	int width, height;
};

static int parse_args(int argc, char **argv, struct cli *cli)
{
	static const struct option long_options[] = {
#define OPTION_LONG(name, letter, long_name, arg, help) {long_name, arg ? required_argument : no_argument, NULL, 1000 + name},
		TIB_OPTIONS(OPTION_LONG)
#undef OPTION_LONG
		{NULL, 0, NULL, 0},
	};
	static const char short_options[] = "pjdtrVhf:c:";
	int c;
	memset(cli, 0, sizeof(*cli));
	cli->width = 80;
	cli->height = 24;
	opterr = 0;
	while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
		switch (c) {
		case 'p': case 1000 + OPT_PRINT:
			cli->print = 1;
			break;
		case 'j': case 1000 + OPT_JSON:
			cli->print = cli->json = 1;
			break;
		case 'f': case 1000 + OPT_FILTER:
			cli->filter = optarg;
			break;
		case 'c': case 1000 + OPT_CONFIG:
			cli->config = optarg;
			break;
		case 1000 + OPT_DUMP_CONFIG:
			cli->dump_config = 1;
			break;
		case 'd': case 1000 + OPT_DEMO:
			cli->demo = 1;
			break;
		case 't': case 1000 + OPT_TOMBSTONES:
			cli->tombstones = 1;
			break;
		case 'V': case 1000 + OPT_VERSION:
			printf("tib %s\n", TIB_VERSION);
			return 0;
		case 'h': case 1000 + OPT_HELP:
			usage(stdout);
			return 0;
		case 'r': case 1000 + OPT_READ_ONLY:
			cli->read_only = 1;
			break;
		case 1000 + OPT_POLL:
			cli->stat_poll = 1;
			break;
		case 1000 + OPT_SCRIPT:
			cli->script = optarg;
			break;
		case 1000 + OPT_SIZE:
			if (sscanf(optarg, "%dx%d", &cli->width, &cli->height) != 2 || cli->width < 1 ||
			    cli->height < 1 || cli->width > 1000 || cli->height > 1000) {
				errorf("tib: --size wants WIDTHxHEIGHT, like 80x24 (got '%s')\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 1000 + OPT_MAN_OPTIONS:
			man_options(stdout);
			return 0;
		case 1000 + OPT_MAN_KEYS:
			keys_write_man(stdout);
			return 0;
		case 1000 + OPT_MAN_QUERY:
			man_query(stdout);
			return 0;
		default:
			if (optopt && optopt < 1000)
				errorf("tib: unknown option -%c\n", optopt);
			else
				errorf("tib: unknown option %s\n", argv[optind - 1]);
			errorf("Try 'tib --help'.\n");
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		cli->path = argv[optind++];
	if (optind < argc) {
		errorf("tib: one PATH at most (got '%s' too)\nTry 'tib --help'.\n", argv[optind]);
		return EXIT_USAGE;
	}
	if (cli->script && cli->print) {
		errorf("tib: --script and --print do not go together\nTry 'tib --help'.\n");
		return EXIT_USAGE;
	}
	if (cli->demo && cli->path) {
		errorf("tib: --demo takes no PATH\nTry 'tib --help'.\n");
		return EXIT_USAGE;
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct cli cli;
	struct source source;
	struct tib_error err = {0};
	struct store *store = NULL;
	struct issue_set *set = NULL;
	int rc;
	int64_t now;
	struct config config;

	setlocale(LC_ALL, "");
	rc = parse_args(argc, argv, &cli);
	if (rc >= 0)
		return rc;
	install_signals();
	/* the config's warnings go to stderr before anything is drawn */
	config_init(&config);
	if (isatty(STDERR_FILENO)) {
		/* through stderr_write: the warnings quote the config's lines */
		char *warnings = NULL;
		size_t warnings_len = 0;
		FILE *warn = open_memstream(&warnings, &warnings_len);
		config_load(&config, cli.config, warn ? warn : stderr);
		if (warn) {
			fclose(warn);
			stderr_write(warnings, warnings_len);
			free(warnings);
		}
	} else {
		config_load(&config, cli.config, stderr);
	}
	if (cli.dump_config) {
		/* what the session would run with, the command line included */
		config.read_only |= cli.read_only;
		config.show_tombstones |= cli.tombstones;
		rc = config_dump(&config, stdout);
		if (rc != 0)
			errorf("tib: cannot write the configuration: %s\n", strerror(errno));
		config_free(&config);
		keys_free_user_bindings();
		return rc != 0 ? 1 : 0;
	}
	if (config.show_tombstones)
		cli.tombstones = 1;
	actor = config.actor;
	now = fixed_now() != TIME_NONE ? fixed_now() : timestamp_now();

	if (cli.demo) {
		memset(&source, 0, sizeof(source));
		source.kind = SOURCE_SQLITE;
		if (find_demo(source.path, sizeof(source.path)) != 0) {
			errorf("tib: the demo database is missing (%s); run 'make' to build it\n",
				source.path);
			config_free(&config);
			keys_free_user_bindings();
			return 1;
		}
	} else if (source_find(cli.path, &source, &err) != TIB_OK) {
		errorf("tib: %s\n", err.msg);
		config_free(&config);
		keys_free_user_bindings();
		return 1;
	}
	if (store_open(&source, &store, &err) != TIB_OK ||
	    store_load(store, now, &set, &err) != TIB_OK) {
		errorf("tib: %s\n", err.msg);
		store_close(store);
		config_free(&config);
		keys_free_user_bindings();
		return 1;
	}
	/* Lines of a JSONL source that were skipped or repaired: reported on
	 * stderr for scripts; the browser lists them with `!`. */
	if (cli.print) {
		size_t count = 0, i, total = store_problems_total(store);
		const struct load_problem *problems = store_problems(store, &count);
		for (i = 0; i < count; i++)
			if (problems[i].line) /* a JSONL line; a database has none */
				errorf("tib: %s:%zu: %s\n", store_path(store), problems[i].line, problems[i].message);
			else
				errorf("tib: %s: %s\n", store_path(store), problems[i].message);
		if (total > count)
			errorf("tib: %s: %zu more problems not listed\n", store_path(store), total - count);
	}
	if (cli.read_only || config.read_only)
		store_set_read_only(store, cli.read_only ? "--read-only"
							 : "set read-only = yes in the config");
	if (cli.tombstones) {
		set->show_tombstones = 1;
		issue_set_sort_default(set);
	}

	if (cli.print) {
		uint32_t *rows = xmalloc((set->count ? set->count : 1) * sizeof(*rows));
		size_t count = set->order_count;
		memcpy(rows, set->order, set->order_count * sizeof(*rows));
		rc = 0;
		if (cli.filter) {
			struct query_context ctx = {query_actor(), now};
			struct query_error qerr;
			struct query *q = query_compile(cli.filter, &ctx, &qerr);
			if (!q) {
				/* the caret under the error, in display columns */
				struct buf upto = {0};
				buf_append(&upto, cli.filter, qerr.pos < strlen(cli.filter) ? qerr.pos : strlen(cli.filter));
				errorf("tib: --filter: %s\n  %s\n  %*s^\n", qerr.msg, cli.filter,
					text_display_width(upto.data ? upto.data : "", 1), "");
				buf_free(&upto);
				rc = EXIT_USAGE;
			} else if (query_needs_text(q) && store_load_texts(store, set, &err) != TIB_OK) {
				errorf("tib: %s\n", err.msg);
				rc = 1;
			} else {
				count = query_run(q, set, rows);
			}
			query_free(q);
		}
		if (rc == 0) {
			if (cli.json)
				rc = output_print_json(stdout, store, set, rows, count, &stop_flag, &err);
			else
				rc = output_print_tsv(stdout, set, rows, count, &stop_flag);
			if (rc == -2)
				errorf("tib: %s\n", err.msg);
			rc = rc == -2 ? 1 : (cli.filter && count == 0) ? 1 : 0;
		}
		free(rows);
	} else {
		struct app app;
		memset(&app, 0, sizeof(app));
		app.store = store;
		app.set = set;
		app.source_label = cli.demo ? "demo" : store_path(store);
		app.now = now;
		app.fixed_now = fixed_now();
		app.loaded_at = now;
		app.stat_poll = cli.stat_poll;
		app.initial_filter = cli.filter ? cli.filter : config.default_filter;
		app.config = &config;
		{
			struct theme_color colors[AREA_COUNT];
			config_colors(&config, colors);
			theme_configure(colors);
		}
		app.stop = &stop_flag;
		if (cli.script) {
			struct script_options script = {cli.script, cli.width, cli.height};
			rc = tui_run(&app, &script);
		} else {
			rc = tui_run(&app, NULL);
		}
		set = app.set; /* a live refresh replaced the set we loaded */
		if (app.unwritten[0])
			errorf("tib: %s\n", app.unwritten);
	}
	issue_set_free(set);
	store_close(store);
	config_free(&config);
	keys_free_user_bindings();
	if (stop_requested)
		return 130;
	return rc;
}
