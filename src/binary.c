/*
 * binary.c
 *		Binary cross entropy of one label against a probability or a logit.
 */
#include <float.h>
#include <math.h>

#include "binary_terms.h"
#include "core.h"
#include "elementary.h"

/*
 * -(y log p + (1-y) log(1-p)).  log1p(-p) keeps log(1-p) exact for tiny p,
 * and 1 - p is exact for p near 1 anyway (Sterbenz), so both ends of the
 * unit interval keep full precision.  Hard labels, the common case, take one
 * logarithm, not two.
 */
double
xent_bce(double label, double prob)
{
	if (isnan(label) || isnan(prob))
		return NAN;
	/* 0.0 - x, not -x: a right certain prediction costs 0, not -0. */
	if (label == 1.0)
		return 0.0 - xent_log(prob);
	if (label == 0.0)
		return 0.0 - xent_log1p(-prob);
	/* Neither weight is 0 (the label is neither 0 nor 1): no 0 * log 0. */
	return 0.0 - (label * xent_log(prob) + (1.0 - label) * xent_log1p(-prob));
}

/*
 * The same from a logit z, p = sigmoid(z), without forming p:
 * for z >= 0, (1-y) z + log1p(exp(-z)); for z < 0, -y z + log1p(exp(z)).
 * exp never overflows and no term cancels another, so logits of +-1000 are
 * exact; an infinite logit gives the limit (0 or +Infinity).
 *
 * Both cases are w |z| + log1p(exp(-|z|)), w the weight of the outcome the
 * logit's sign argues against, and are computed so, without branching on
 * the sign, which the logits of a real classifier make a coin toss.
 */
double
xent_bce_logit(double label, double logit)
{
	if (isnan(label) || isnan(logit))
		return NAN;
	return xent_bce_logit_linear(label, logit) +
		xent_log1p(xent_exp(-fabs(logit)));
}

/*
 * In a format with at least 64 bits of mantissa (x86's long double, or a
 * wider one), exp(-|z|) and the quotient each carry a relative error below
 * 2^-63, so the value is within 2^-61 of the logistic before its one
 * rounding to a double: within half a unit in the last place and a sliver,
 * faithful.  (In double alone, exp's own error of half a unit would pass
 * through the quotient unchanged, and the rounding would add another half.)
 * |z| keeps exp below 1, so nothing overflows; exp(-|z|) below the double
 * range is no trouble for the wider format, and the quotient for z < 0
 * then rounds to a subnormal or 0.
 */
#if LDBL_MANT_DIG >= 64
typedef long double wide_float;
#define wide_exp expl
#else
/* A long double no wider than a double (32-bit ARM): within 1.5 units. */
typedef double wide_float;
#define wide_exp exp
#endif

double
xent_logistic(double logit)
{
	wide_float	t = wide_exp(-(wide_float) fabs(logit));

	if (isnan(logit))
		return logit;
	/* z >= 0: 1 / (1 + exp(-z)); z < 0: exp(z) / (1 + exp(z)). */
	return (double) ((logit >= 0.0 ? (wide_float) 1 : t) / (1 + t));
}
