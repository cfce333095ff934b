/* Every command-line option, once. The same list makes the getopt table,
 * --help and the OPTIONS section of man/tib.1 (tib --man-options). */
#ifndef TIB_OPTIONS_H
#define TIB_OPTIONS_H

/* X(enum name, short letter or 0, long name, argument name or NULL, help) */
#define TIB_OPTIONS(X)                                                                         \
	X(OPT_PRINT, 'p', "print", NULL,                                                          \
	  "Print the issues in the default order, one per line, tab-separated (id, P<priority>, " \
	  "status, type, title), and exit.")                                                      \
	X(OPT_JSON, 'j', "json", NULL,                                                            \
	  "Print the issues as a JSON array with every loaded field (implies --print).")          \
	X(OPT_FILTER, 'f', "filter", "QUERY",                                                     \
	  "Show only the issues matching QUERY (see QUERY LANGUAGE in tib(1)); with --print, "    \
	  "exit 1 when none match and 2 when the query is bad.")                                  \
	X(OPT_DEMO, 'd', "demo", NULL, "Open the bundled demo database instead of PATH.")         \
	X(OPT_CONFIG, 'c', "config", "FILE",                                                      \
	  "Read this config file instead of $TIB_CONFIG, $XDG_CONFIG_HOME/tib/config or "         \
	  "~/.tibrc (see CONFIGURATION in tib(1)).")                                              \
	X(OPT_DUMP_CONFIG, 0, "dump-config", NULL,                                               \
	  "Print the effective configuration and exit: every setting, color, saved view and key " \
	  "binding, the defaults included, as a config file (with --read-only and --tombstones " \
	  "applied). The config file's warnings go to standard error.")                          \
	X(OPT_TOMBSTONES, 't', "tombstones", NULL,                                                \
	  "Also show deleted (tombstone) issues, which are hidden by default.")                   \
	X(OPT_READ_ONLY, 'r', "read-only", NULL,                                                 \
	  "Never write: the triage keys say why they do nothing (also set read-only = yes in " \
	  "the config; a read-only file or directory is read-only by itself).")                  \
	X(OPT_POLL, 0, "poll", NULL,                                                              \
	  "Check the source for changes every 2 seconds instead of waiting for inotify events "   \
	  "(for network file systems, where inotify sees no remote writes).")                     \
	X(OPT_SCRIPT, 0, "script", "FILE",                                                        \
	  "Read keys from FILE instead of the keyboard and draw on a virtual screen (no terminal " \
	  "needed): for tests and benchmarks. Lines hold keys as in bind lines (j, <Enter>, "     \
	  "<C-d>) or prompt commands (:ID, :goto ID, :view NAME, :help, :dump FILE, "           \
	  ":dump-attrs FILE, :dump-svg FILE, :resize WxH, :refresh, :wait-text MS TEXT, :idle MS, :stats FILE, " \
	  ":q).")                        \
	X(OPT_SIZE, 0, "size", "WxH", "With --script: the virtual screen size (default 80x24).")  \
	X(OPT_VERSION, 'V', "version", NULL, "Print the version and exit.")                       \
	X(OPT_HELP, 'h', "help", NULL, "Show this help and exit.")                                \
	X(OPT_MAN_OPTIONS, 0, "man-options", NULL, NULL)                                         \
	X(OPT_MAN_KEYS, 0, "man-keys", NULL, NULL)                                               \
	X(OPT_MAN_QUERY, 0, "man-query", NULL, NULL)

enum tib_option {
#define OPTION_ENUM(name, letter, long_name, arg, help) name,
	TIB_OPTIONS(OPTION_ENUM)
#undef OPTION_ENUM
	OPT_COUNT
};

#endif
