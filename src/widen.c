/*
 * widen.c
 *		float4 elements as doubles: how the kernels, which read double, take
 *		a real[] argument.  Every float is exactly a double, so the kernels
 *		then compute what they would from the same array cast to float8[].
 */
#include "core.h"

void
xent_widen_float4(const float *x, size_t n, double *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = x[i];
}
