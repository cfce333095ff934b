/* Long text in the user's editor: $VISUAL, else $EDITOR, else vi. */
#ifndef TIB_EDITOR_H
#define TIB_EDITOR_H

#include <stddef.h>

#include "../model/util.h"

/* Writes `initial` to a temp file (mode 0600, removed afterwards), runs
 * the editor on it and reads it back into `out`. The caller suspends
 * and restores curses around the call. Returns 0, or -1 with a message
 * in err (the editor failed, or exited non-zero: the text is then not
 * used). */
int editor_edit(const char *initial, const char *suffix, struct buf *out, char *err, size_t err_size);

#endif
