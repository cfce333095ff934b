/* Non-interactive output: --print and --json. */
#ifndef TIB_OUTPUT_H
#define TIB_OUTPUT_H

#include <stdio.h>

#include "../model/issue.h"
#include "../storage/store.h"

/* Both return 0, or -1 when the output could not be written (a closed
 * pipe is not an error worth a message). `stop` is polled between issues
 * so that a signal ends the listing cleanly. */
/* `rows` are issue indices in the order to print. */
int output_print_tsv(FILE *out, const struct issue_set *set, const uint32_t *rows, size_t count,
		     volatile const int *stop);
int output_print_json(FILE *out, struct store *store, const struct issue_set *set, const uint32_t *rows,
		      size_t count, volatile const int *stop, struct tib_error *err);

#endif
