/*
 * logits.c
 *		Softmax, log-softmax and cross entropy against logits, stably: the
 *		largest logit is subtracted before exponentiating, and the sum of the
 *		exponentials is split as 1 (the largest's) + others, so that
 *		log1p(others) keeps its precision.
 */
#include <math.h>

#include "core.h"
#include "elementary.h"
#include "error_free.h"

size_t
xent_logits_first_invalid(const double *z, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (isnan(z[i]) || z[i] == INFINITY)
			return i;
	return n;
}

size_t
xent_argmax(const double *z, size_t n)
{
	size_t		argmax = 0;

	for (size_t i = 1; i < n; i++)
		if (z[i] > z[argmax])
			argmax = i;
	return argmax;
}

/* In the build that dispatch.c picks (exponentials.c). */
double
xent_sum_exp(const double *z, size_t n, double max)
{
	return xent_kernels()->sum_exp(z, n, max);
}

void
xent_lse_init(XentLseScan *scan)
{
	scan->argmax = 0;
	scan->max = -INFINITY;
	scan->others = 0.0;
}

void
xent_lse_max_chunk(XentLseScan *scan, const double *z, size_t off, size_t n)
{
	size_t		local = off + xent_argmax(z + off, n);

	/* Strictly larger: the first of equal maxima stays. */
	if (z[local] > scan->max)
	{
		scan->max = z[local];
		scan->argmax = local;
	}
}

/* The maximum's own exp(0) = 1 is left out of the sum, for log1p. */
void
xent_lse_sum_chunk(XentLseScan *scan, const double *z, size_t off, size_t n)
{
	size_t		end = off + n;
	size_t		argmax = scan->argmax;

	if (argmax >= off && argmax < end)
	{
		scan->others += xent_sum_exp(z + off, argmax - off, scan->max);
		scan->others += xent_sum_exp(z + argmax + 1, end - argmax - 1,
									 scan->max);
	}
	else
		scan->others += xent_sum_exp(z + off, n, scan->max);
}

XentLse
xent_lse_finish(const XentLseScan *scan)
{
	XentLse		lse;

	lse.max = scan->max;
	lse.others = scan->others;
	lse.rest = xent_log1p(scan->others);
	return lse;
}

void
xent_log_softmax(const double *z, size_t n, XentLse lse, double *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (z[i] - lse.max) - lse.rest;
}

void
xent_softmax(const double *z, size_t n, XentLse lse, double *out)
{
	xent_kernels()->softmax(z, n, lse.max, 1.0 + lse.others, out);
}

void
xent_logit_cross_entropy_terms(const double *p, const double *z, size_t n,
							   XentLse lse, XentScan *scan)
{
	double		sum = 0.0;
	double		loss = scan->loss;
	double		comp = scan->loss_comp;
	int			invalid = 0;
	int			nan = 0;

	for (size_t i = 0; i < n; i++)
	{
		/* A class with p_i = 0 adds nothing, even when masked (z_i = -Inf). */
		double		term = p[i] > 0.0 ? p[i] * ((lse.max - z[i]) + lse.rest) : 0.0;

		/*
		 * max - z_i beyond the double range (logits of +-1e308) need not
		 * make the term infinite once weighted by p_i: weigh each first.
		 */
		if (isinf(term) && isfinite(z[i]) && isfinite(p[i]))
			term = (p[i] * lse.max - p[i] * z[i]) + p[i] * lse.rest;

		/* Compensated: the error must not grow with n. */
		compensated_add(&loss, &comp, term);
		sum += p[i];
		invalid |= XENT_INVALID_PROBABILITY(p[i]);
		nan |= isnan(p[i]);
	}
	scan->loss = loss;
	scan->loss_comp = comp;
	scan->sum_p += sum;
	scan->invalid |= invalid;
	scan->nan |= nan;
}
