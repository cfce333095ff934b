/* Whether the terminal can run a full-screen program, checked before
 * curses takes it over: kept apart because <term.h> defines macros
 * (lines, columns, ...) that would clash with names elsewhere. */
#include "termcheck.h"

#include <stdio.h>

#include <curses.h>
#include <term.h>

int terminal_check(const char *term, int fd)
{
	int err = 0;
	const char *cup;
	TERMINAL *saved = cur_term;
	if (!term || !*term) {
		fprintf(stderr, "tib: TERM is not set: set it to your terminal (e.g. TERM=xterm-256color), "
				"or use tib --print\n");
		return -1;
	}
	/* setupterm on a name ncurses does not know leaks nothing, where a
	 * failing newterm would */
	if (setupterm(term, fd, &err) != OK) {
		fprintf(stderr, "tib: unknown terminal type TERM=%s: set TERM to your terminal (e.g. "
				"TERM=xterm-256color), or use tib --print\n", term);
		return -1;
	}
	cup = tigetstr("cup");
	if (!cup || cup == (char *)-1) {
		del_curterm(cur_term);
		set_curterm(saved);
		fprintf(stderr, "tib: the terminal TERM=%s cannot move the cursor, which a full-screen "
				"program needs: use tib --print, or another terminal\n", term);
		return -1;
	}
	del_curterm(cur_term);
	set_curterm(saved);
	return 0;
}
