/*
 * binary_terms.h
 *		The parts of a binary cross entropy from a logit that need no
 *		logarithm, shared by xent_bce_logit (binary.c) and the rows that a
 *		mean-loss aggregate keeps for a block of logarithms
 *		(pending_losses.h): the same arithmetic, so the same bits.
 */
#ifndef XENT_BINARY_TERMS_H
#define XENT_BINARY_TERMS_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/*
 * take ? x : y, as a mask over the bits rather than a branch: for a choice
 * that random rows make a coin toss, where a mispredicted branch costs
 * more than computing both sides.
 */
static inline double
xent_select_bits(bool take, double x, double y)
{
	uint64_t	mask = -(uint64_t) take;
	uint64_t	xb;
	uint64_t	yb;

	memcpy(&xb, &x, sizeof(xb));
	memcpy(&yb, &y, sizeof(yb));
	xb = (xb & mask) | (yb & ~mask);
	memcpy(&x, &xb, sizeof(x));
	return x;
}

/*
 * The loss of a logit z, not NaN, is w |z| + log1p(exp(-|z|)), w the
 * weight of the outcome that the logit's sign argues against (binary.c):
 * this is w |z|.  0 * |z| is 0 even for an infinite z: 0 * log 0 = 0.
 */
static inline double
xent_bce_logit_linear(double label, double logit)
{
	double		margin = fabs(logit);
	double		against = xent_select_bits(logit >= 0.0, 1.0 - label, label);

	return xent_select_bits(against != 0.0, against * margin, 0.0);
}

#endif							/* XENT_BINARY_TERMS_H */
