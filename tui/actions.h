/* Every user action, once (as in tig): this list makes the action enum,
 * the names used by `bind` lines, the help screen and the KEYS section of
 * the man page. Default keys are in keys.c. */
#ifndef TIB_ACTIONS_H
#define TIB_ACTIONS_H

/* X(enum name, config name, help text) */
#define TIB_ACTIONS(X)                                                                      \
	X(ACT_MOVE_DOWN, "move-down", "Move down one line")                                 \
	X(ACT_MOVE_UP, "move-up", "Move up one line")                                       \
	X(ACT_PAGE_DOWN, "page-down", "Move down one page")                                 \
	X(ACT_PAGE_UP, "page-up", "Move up one page")                                       \
	X(ACT_HALF_PAGE_DOWN, "half-page-down", "Move down half a page")                    \
	X(ACT_HALF_PAGE_UP, "half-page-up", "Move up half a page")                          \
	X(ACT_MOVE_FIRST, "move-first", "Move to the first line")                           \
	X(ACT_MOVE_LAST, "move-last", "Move to the last line")                              \
	X(ACT_ENTER, "enter", "Open the detail of the selected issue; in the detail, jump to " \
				"the issue under the cursor")                                  \
	X(ACT_BACK, "back", "Go back to the issue shown before the last jump")              \
	X(ACT_FOCUS_NEXT, "focus-next", "Move the focus to the other pane")                 \
	X(ACT_TOGGLE_LAYOUT, "toggle-layout", "Switch between side-by-side and stacked panes") \
	X(ACT_MAXIMIZE, "maximize", "Show the detail pane alone, or both panes again")      \
	X(ACT_PROMPT, "prompt", "Open the command prompt: an issue id (or its start) jumps to it") \
	X(ACT_FILTER, "filter", "Filter the list with a query, live as you type (Tab completes, " \
				  "Up/Down recall, Enter keeps, Esc clears)")                  \
	X(ACT_CLEAR_FILTER, "clear-filter", "Show every issue again, keeping the selected one") \
	X(ACT_SEARCH, "search", "Search the list (or the help) without filtering it")       \
	X(ACT_SEARCH_NEXT, "search-next", "Move to the next match of the last search")      \
	X(ACT_SEARCH_PREV, "search-prev", "Move to the previous match of the last search")  \
	X(ACT_VIEW_0, "view-0", "Saved view 0 (built in: every issue)")                     \
	X(ACT_VIEW_1, "view-1", "Saved view 1 (built in: open issues)")                     \
	X(ACT_VIEW_2, "view-2", "Saved view 2 (built in: ready to work on, by priority)")   \
	X(ACT_VIEW_3, "view-3", "Saved view 3 (built in: blocked)")                         \
	X(ACT_VIEW_4, "view-4", "Saved view 4 (built in: in progress)")                     \
	X(ACT_VIEW_5, "view-5", "Saved view 5 (built in: closed in the last 14 days)")      \
	X(ACT_VIEW_6, "view-6", "Saved view 6 (built in: my open issues)")                  \
	X(ACT_VIEW_7, "view-7", "Saved view 7 (from the config file's view lines)")         \
	X(ACT_VIEW_8, "view-8", "Saved view 8 (from the config file's view lines)")         \
	X(ACT_VIEW_9, "view-9", "Saved view 9 (from the config file's view lines)")         \
	X(ACT_VIEW_LIST, "view-list", "Show the issue list")                               \
	X(ACT_VIEW_BOARD, "view-board", "Show the board: a column per status")             \
	X(ACT_VIEW_TREE, "view-tree", "Show the tree of epics and their children")         \
	X(ACT_VIEW_DEPS, "view-deps", "Show what blocks the selected issue and what it unblocks") \
	X(ACT_VIEW_READY, "view-ready", "Show the ready queue: what can be worked on now")  \
	X(ACT_VIEW_STATS, "view-stats", "Show counts, the weekly opened/closed chart and the longest chain") \
	X(ACT_COLUMN_LEFT, "column-left", "Board: move to the column on the left")           \
	X(ACT_COLUMN_RIGHT, "column-right", "Board: move to the column on the right")        \
	X(ACT_EXPAND, "expand", "Tree and dependencies: open or close the selected node")   \
	X(ACT_EXPAND_ALL, "expand-all", "Tree and dependencies: open every node, or close them all") \
	X(ACT_MARK, "mark", "Mark or unmark the selected issue; the triage keys then act on every " \
				"marked issue")                                                \
	X(ACT_MARK_RANGE, "mark-range", "Mark every issue from the last one marked to the selected one") \
	X(ACT_MARK_ALL, "mark-all", "Mark every issue shown, or unmark them all")          \
	X(ACT_STATUS_OPEN, "status-open", "Set the status to open (reopens a closed issue)") \
	X(ACT_STATUS_IN_PROGRESS, "status-in-progress", "Set the status to in_progress")   \
	X(ACT_STATUS_BLOCKED, "status-blocked", "Set the status to blocked")               \
	X(ACT_STATUS_DEFERRED, "status-deferred", "Set the status to deferred")            \
	X(ACT_CLOSE, "close", "Close, with a reason (Enter for none)")                     \
	X(ACT_STATUS, "status", "Pick any status, custom ones (config status.custom) included") \
	X(ACT_PRIORITY, "priority", "Pick the priority (then 0-4)")                        \
	X(ACT_TYPE, "type", "Pick the type, custom ones (config types.custom) included")   \
	X(ACT_ASSIGN, "assign", "Set the assignee (Tab completes; empty: nobody)")         \
	X(ACT_ASSIGN_ME, "assign-me", "Assign to me (the actor)")                          \
	X(ACT_LABEL_ADD, "label-add", "Add a label (Tab completes)")                       \
	X(ACT_LABEL_REMOVE, "label-remove", "Remove a label")                              \
	X(ACT_COMMENT, "comment", "Add a comment (Ctrl-E: write it in $EDITOR)")           \
	X(ACT_EDIT, "edit", "Edit the title, description, design, acceptance criteria or notes " \
			      "in $EDITOR")                                                      \
	X(ACT_NEW, "new", "Create an issue (type task, priority 2)")                        \
	X(ACT_NEW_CHILD, "new-child", "Create a child of the selected issue (id parent.N)") \
	X(ACT_DEPENDENCY, "dependency", "Add or remove a dependency of the selected issue") \
	X(ACT_UNDO, "undo", "Undo the last triage action of this session (a new write of the " \
			      "old values)")                                                     \
	X(ACT_REFRESH, "refresh", "Reload the data now (it also reloads by itself on change)") \
	X(ACT_PROBLEMS, "problems", "List the lines of a JSONL source that were skipped or repaired") \
	X(ACT_HELP, "help", "Show the keys of the focused view")                            \
	X(ACT_REDRAW, "redraw", "Redraw the screen")                                        \
	X(ACT_QUIT, "quit", "Close the help or the detail pane, or quit tib")               \
	X(ACT_QUIT_ALL, "quit-all", "Quit tib at once")

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
