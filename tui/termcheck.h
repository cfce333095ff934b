#ifndef TIB_TERMCHECK_H
#define TIB_TERMCHECK_H

/* 0 when TERM names a terminal ncurses knows and can address the cursor
 * of; else -1, with a message naming TERM on stderr. */
int terminal_check(const char *term, int fd);

#endif
