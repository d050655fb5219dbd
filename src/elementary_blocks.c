/*
 * elementary_blocks.c
 *		The elementary functions over a block of doubles, in place, a group
 *		of lanes at a time and a last short group one by one: the same
 *		algorithm (elementary.h) in both, so that every element's value is
 *		the same in every build, wherever the block ends.
 */
#include "elementary_blocks.h"

#define DEFINE_BLOCK(name, lanes_fn, one_fn) \
void \
ISA_SYMBOL(name) (double *x, size_t n) \
{ \
	size_t		i = 0; \
\
	for (; i + XENT_LANES <= n; i += XENT_LANES) \
		store_lanes(x + i, lanes_fn(load_lanes(x + i))); \
	for (; i < n; i++) \
		x[i] = one_fn(x[i]); \
}

DEFINE_BLOCK(xent_log_block, log_lanes, xent_log)
DEFINE_BLOCK(xent_log1p_block, log1p_lanes, xent_log1p)
DEFINE_BLOCK(xent_exp_block, exp_lanes, xent_exp)
