/*
 * nll.h
 *		Token log-likelihood (xent 1.2): the plain-C core of nll and
 *		perplexity, knowing nothing of PostgreSQL.  The negated
 *		log-probabilities are summed exactly, chunk by chunk (the caller
 *		checks for interrupts between chunks), and rounded once.
 */
#ifndef XENT_NLL_H
#define XENT_NLL_H

#include <stdbool.h>
#include <stddef.h>

#include "exact_sum.h"

typedef struct XentNllScan
{
	ExactSum	loss;			/* - sum of the finite log-probabilities */
	size_t		count;			/* log-probabilities seen */
	bool		zero_probability;	/* a -Infinity was seen */
	bool		nan;			/* a NaN was seen */
} XentNllScan;

/* What no log-probability may be: above 0, or +Infinity. */
#define XENT_INVALID_LOGPROB(x) ((x) > 0.0)

extern void xent_nll_init(XentNllScan *scan);
/*
 * Add a chunk; returns the index in it of the first log-probability above
 * 0 or +Infinity (the scan is then incomplete), or n.
 */
extern size_t xent_nll_chunk(XentNllScan *scan, const double *logprobs,
							 size_t n);
/* - sum of the log-probabilities, rounded once: NaN, +Infinity past the range. */
extern double xent_nll_value(const XentNllScan *scan);
/*
 * exp(nll / n), n the log-probabilities seen (> 0), with nll / n the
 * exact sum divided by n and rounded faithfully (within an ulp, nearly
 * always correctly).
 */
extern double xent_perplexity_value(const XentNllScan *scan);

#endif							/* XENT_NLL_H */
