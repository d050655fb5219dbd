/*
 * vlog.c
 *		Natural logarithm of a block of doubles, in place.
 */
#include <math.h>

#include "vlog.h"

void
xent_log_block(double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		x[i] = log(x[i]);
}
