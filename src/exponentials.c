/*
 * exponentials.c
 *		The logit functions' loops of exponentials, a group of lanes at a
 *		time (elementary.h), built once per instruction set (isa.h) like the
 *		divergence kernels, whose table exports them: logits.c calls the
 *		build that dispatch.c picks.  One sum per lane, the lanes summed in a
 *		fixed order: the same bits in every build and on every CPU.
 */
#include "exponentials.h"

/*
 * The sum of exp(z_i - max).  The zero padding of the last group would add
 * exp(-max): its lanes are masked out.
 */
double
ISA_SYMBOL(xent_sum_exp_lanes) (const double *z, size_t n, double max)
{
	vdouble		sum = {0};

	for (size_t i = 0; i < n; i += XENT_LANES)
	{
		vdouble		e = exp_lanes(load_group(z + i, n - i) - max);

		sum += masked(lanes_below(n - i), e);
	}
	return sum_lanes(sum);
}

/* out_i = exp(z_i - max) / denominator; a last short group one by one. */
void
ISA_SYMBOL(xent_softmax_lanes) (const double *z, size_t n, double max,
								double denominator, double *out)
{
	size_t		i = 0;

	for (; i + XENT_LANES <= n; i += XENT_LANES)
		store_lanes(out + i, exp_lanes(load_lanes(z + i) - max) / denominator);
	for (; i < n; i++)
		out[i] = xent_exp(z[i] - max) / denominator;
}
