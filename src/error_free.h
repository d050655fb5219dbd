/*
 * error_free.h
 *		Error-free transformations of a sum, and the compensated addition
 *		built on them, for the core's scalar code; lanes.h has their vector
 *		forms.  They need every operation rounded as written: the core is
 *		built with -ffp-contract=off, and never with -ffast-math or
 *		-fassociative-math.
 */
#ifndef XENT_ERROR_FREE_H
#define XENT_ERROR_FREE_H

#include <math.h>

/* The rounding error of s = a + b, exactly (Knuth's two-sum): a + b = s + e. */
static inline double
two_sum_error(double a, double b, double s)
{
	double		b_virtual = s - a;

	return (a - (s - b_virtual)) + (b - b_virtual);
}

/*
 * Add term to the sum *sum whose running compensation is *comp (Neumaier's
 * variant of Kahan's summation): the error of each addition, which Fast2Sum
 * gives exactly once the larger operand comes first, is kept apart, so the
 * error of a long sum does not grow with its length.  *sum + *comp is the
 * compensated sum.
 */
static inline void
compensated_add(double *sum, double *comp, double term)
{
	double		t = *sum + term;

	if (fabs(*sum) >= fabs(term))
		*comp += (*sum - t) + term;
	else
		*comp += (term - t) + *sum;
	*sum = t;
}

#endif							/* XENT_ERROR_FREE_H */
