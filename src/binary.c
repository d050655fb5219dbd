/*
 * binary.c
 *		Binary cross entropy of one label against a probability or a logit.
 */
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
