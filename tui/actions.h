/* Every user action, once (as in tig): this list makes the action enum,
 * the names used by `bind` lines, the help screen and the KEYS section of
 * the man page. Default keys are in keys.c. */
#ifndef TIB_ACTIONS_H
#define TIB_ACTIONS_H

/* X(enum name, config name, help text) */
#define TIB_ACTIONS(X)                                                          \
	X(ACT_MOVE_DOWN, "move-down", "Move the selection down one issue")      \
	X(ACT_MOVE_UP, "move-up", "Move the selection up one issue")            \
	X(ACT_PAGE_DOWN, "page-down", "Move down one page")                     \
	X(ACT_PAGE_UP, "page-up", "Move up one page")                           \
	X(ACT_HALF_PAGE_DOWN, "half-page-down", "Move down half a page")        \
	X(ACT_HALF_PAGE_UP, "half-page-up", "Move up half a page")              \
	X(ACT_MOVE_FIRST, "move-first", "Move to the first issue")              \
	X(ACT_MOVE_LAST, "move-last", "Move to the last issue")                 \
	X(ACT_HELP, "help", "Show the keys of this view")                       \
	X(ACT_REDRAW, "redraw", "Redraw the screen")                            \
	X(ACT_QUIT, "quit", "Close the help, or quit tib")

enum action {
	ACT_NONE,
#define ACTION_ENUM(name, config_name, help) name,
	TIB_ACTIONS(ACTION_ENUM)
#undef ACTION_ENUM
	ACT_COUNT
};

const char *action_name(enum action action);
const char *action_help(enum action action);

#endif
