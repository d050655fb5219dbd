/*
 * nll.c
 *		The negative log-likelihood of a sequence of tokens, and its
 *		perplexity, from an exact sum (nll.h).
 */
#include <math.h>

#include "elementary.h"
#include "nll.h"

void
xent_nll_init(XentNllScan *scan)
{
	xsum_init(&scan->loss);
	scan->count = 0;
	scan->zero_probability = false;
	scan->nan = false;
}

size_t
xent_nll_chunk(XentNllScan *scan, const double *logprobs, size_t n)
{
	for (size_t i = 0; i < n; i++)
	{
		double		x = logprobs[i];

		if (XENT_INVALID_LOGPROB(x))
			return i;
		if (isnan(x))
			scan->nan = true;
		else if (isinf(x))
			scan->zero_probability = true;
		else
			xsum_add(&scan->loss, -x);	/* -(-0) = +0: a sum of 0 is +0 */
	}
	scan->count += n;
	return n;
}

double
xent_nll_value(const XentNllScan *scan)
{
	if (scan->nan)
		return NAN;
	if (scan->zero_probability)
		return INFINITY;
	return xsum_round(&scan->loss);
}

double
xent_perplexity_value(const XentNllScan *scan)
{
	double		count = (double) scan->count;
	double		hi = xent_nll_value(scan);
	double		lo;
	double		mean;
	double		remainder;
	ExactSum	rest;

	if (!isfinite(hi))
		return xent_exp(hi);		/* NaN, or +Infinity past the range */

	/*
	 * The exact sum is hi + lo to twice double precision: the mean is
	 * hi / n corrected by the remainder of that division (exact, by fma)
	 * and lo, so that it is within an ulp of the exact quotient, nearly
	 * always the correctly rounded one.
	 */
	rest = scan->loss;
	xsum_add(&rest, -hi);
	lo = xsum_round(&rest);
	mean = hi / count;
	remainder = fma(-mean, count, hi);
	mean += (remainder + lo) / count;
	return xent_exp(mean);
}
