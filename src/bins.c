/*
 * bins.c
 *		Histogram bins over a list of bounds, as PostgreSQL's
 *		width_bucket(value, thresholds) places a value.
 */
#include <math.h>

#include "core.h"

size_t
xent_bounds_first_unordered(const double *bounds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (isnan(bounds[i]) || (i > 0 && bounds[i] < bounds[i - 1]))
			return i;
	return n;
}

/*
 * The same binary search as width_bucket_array_float8: the first bound
 * above the value, so that a value on a bound (or on a run of equal bounds)
 * lands past it, and NaN, which float8 ordering puts above every number,
 * lands in the last bin.
 */
size_t
xent_bin(const double *bounds, size_t n, double value)
{
	size_t		left = 0;
	size_t		right = n;

	while (left < right)
	{
		size_t		mid = left + (right - left) / 2;

		if (isnan(bounds[mid]) || value < bounds[mid])
			right = mid;
		else
			left = mid + 1;
	}
	return left;
}
