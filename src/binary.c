/*
 * binary.c
 *		Binary cross entropy of one label against a probability or a logit.
 */
#include <math.h>

#include "core.h"

/* a * b, but 0 where a is 0 even if b is infinite: 0 * log 0 = 0. */
static inline double
weigh(double a, double b)
{
	return a == 0.0 ? 0.0 : a * b;
}

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
		return 0.0 - log(prob);
	if (label == 0.0)
		return 0.0 - log1p(-prob);
	return 0.0 - (weigh(label, log(prob)) + weigh(1.0 - label, log1p(-prob)));
}

/*
 * The same from a logit z, p = sigmoid(z), without forming p:
 * for z >= 0, (1-y) z + log1p(exp(-z)); for z < 0, -y z + log1p(exp(z)).
 * exp never overflows and no term cancels another, so logits of +-1000 are
 * exact; an infinite logit gives the limit (0 or +Infinity).
 */
double
xent_bce_logit(double label, double logit)
{
	if (isnan(label) || isnan(logit))
		return NAN;
	if (logit >= 0.0)
		return weigh(1.0 - label, logit) + log1p(exp(-logit));
	return weigh(label, -logit) + log1p(exp(logit));
}
