/*
 * fuzz_state.h
 *		What the fuzz targets of stored states share: memory for states as
 *		the extension's allocator gives it, and exact sums compared by value.
 */
#ifndef XENT_FUZZ_STATE_H
#define XENT_FUZZ_STATE_H

#include "fuzz_common.h"

#include "exact_sum.h"
#include "stored_state.h"

/*
 * Memory as the extension's allocator gives it, but filled with a pattern
 * first: the core must write every byte after the host's length word.
 */
static void *
fuzz_alloc(size_t size, void *arg)
{
	char	   *state = malloc(size);
	int32_t		length = (int32_t) size;

	(void) arg;
	memset(state, 0xa5, size);
	memcpy(state, &length, sizeof(length));
	return state;
}

static const StoredAlloc fuzz_memory = {fuzz_alloc, NULL};

/* Do two exact sums hold the same value, however their limbs carry? */
static bool
same_sum(const ExactSum *a, const ExactSum *b)
{
	ExactSum	x = *a;
	ExactSum	y = *b;

	xsum_normalize(&x);
	xsum_normalize(&y);
	return memcmp(x.limb, y.limb, sizeof(x.limb)) == 0;
}

#endif							/* XENT_FUZZ_STATE_H */
