/*
 * elementary_blocks.h
 *		The elementary functions of elementary.h over a block of doubles, in
 *		place, in this build (isa.h), which its table of kernels exports too.
 *		The kernels gather the arguments of their logarithms into blocks and
 *		take them with xent_log_block; a vector too short for a block to pay
 *		takes log_lanes in registers: the same values.
 */
#ifndef XENT_ELEMENTARY_BLOCKS_H
#define XENT_ELEMENTARY_BLOCKS_H

#include <stddef.h>

#include "elementary.h"
#include "isa.h"

/* How many logarithms the kernels hand over at once. */
#define XENT_BLOCK 256

extern void ISA_SYMBOL(xent_log_block) (double *x, size_t n);
extern void ISA_SYMBOL(xent_log1p_block) (double *x, size_t n);
extern void ISA_SYMBOL(xent_exp_block) (double *x, size_t n);

#endif							/* XENT_ELEMENTARY_BLOCKS_H */
