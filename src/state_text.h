/*
 * state_text.h
 *		Reading the text forms of stored states, "(v1,count,...,sum,...)":
 *		the steps every state type's parser takes.  Plain C.
 *
 * The reader never steps past the terminating NUL: every step looks at the
 * character it is on before moving.
 */
#ifndef XENT_STATE_TEXT_H
#define XENT_STATE_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "exact_sum.h"

extern void text_skip_space(const char **p);
/* Spaces, then the character c, stepped past; false if another is there. */
extern bool text_expect(const char **p, char c);
/* Spaces, then a non-negative int64 in decimal digits. */
extern bool text_read_count(const char **p, int64_t *value);
/* Spaces, then an exact sum in exact_sum.h's text form. */
extern bool text_read_sum(const char **p, ExactSum *sum);

#endif							/* XENT_STATE_TEXT_H */
