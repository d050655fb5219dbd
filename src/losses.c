/*
 * losses.c
 *		The checked losses of losses.h: arguments checked, the core's kernels
 *		run over them chunk by chunk, and what the kernels flag turned into
 *		errors that name the calling SQL function.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/float.h"

#include "elementary.h"
#include "losses.h"

/* Run one divergence's kernel over p (and q) in chunks, checking for interrupts. */
static void
run_kernel(XentDivergence kind, const XentArray *p, const XentArray *q,
		   double p_div, double q_div, XentScan *scan)
{
	XentTermsKernel terms = xent_kernels()->terms[kind];

	for (size_t off = 0; off < (size_t) p->n; off += XENT_CHUNK)
	{
		CHECK_FOR_INTERRUPTS();
		terms(p->values + off, q ? q->values + off : NULL,
			  Min(XENT_CHUNK, (size_t) p->n - off), p_div, q_div, scan);
	}
}

/* The sum of an array and its flags, in chunks. */
static void
scan_array(const XentArray *a, XentScan *scan)
{
	const XentKernels *kernels = xent_kernels();

	xent_scan_init(scan);
	for (size_t off = 0; off < (size_t) a->n; off += XENT_CHUNK)
	{
		CHECK_FOR_INTERRUPTS();
		kernels->scan_sum(a->values + off, Min(XENT_CHUNK, (size_t) a->n - off),
						  scan);
	}
}

double
xent_divergence(XentDivergence kind, const XentArray *p, const XentArray *q,
				bool renormalize, bool can_renormalize)
{
	double		p_div = 1.0;
	double		q_div = 1.0;
	XentScan	scan;

	if (q)
		xent_check_same_length(p, q);

	/* Renormalising needs each sum before the first term: a pass of its own. */
	if (renormalize)
	{
		XentScan	p_scan;
		XentScan	q_scan;

		scan_array(p, &p_scan);
		if (p_scan.invalid)
			xent_report_invalid(p);
		if (q)
		{
			scan_array(q, &q_scan);
			if (q_scan.invalid)
				xent_report_invalid(q);
		}
		if (p_scan.nan || (q && q_scan.nan))
			return get_float8_nan();
		xent_check_divisor(p, p_scan.sum_p);
		p_div = p_scan.sum_p;
		if (q)
		{
			xent_check_divisor(q, q_scan.sum_p);
			q_div = q_scan.sum_p;
		}
	}

	xent_scan_init(&scan);
	run_kernel(kind, p, q, p_div, q_div, &scan);
	if (scan.invalid)
	{
		if (q)
			xent_report_invalid_pair(p, q);
		xent_report_invalid(p);
	}
	if (scan.nan)
		return get_float8_nan();
	if (!renormalize)
	{
		xent_check_sum(p, scan.sum_p, can_renormalize);
		if (q)
			xent_check_sum(q, scan.sum_q, can_renormalize);
	}
	return xent_divergence_value(kind, &scan);
}

double
xent_label_cross_entropy(const XentArray *q, int64 label)
{
	int			index = xent_label_index(q, label);
	XentScan	scan;

	scan_array(q, &scan);
	if (scan.invalid)
		xent_report_invalid(q);
	if (scan.nan)
		return get_float8_nan();
	xent_check_sum(q, scan.sum_p, XENT_NO_RENORMALIZE_ARG);
	return 0.0 - xent_log(q->values[index]);
}

XentLse
xent_checked_logsumexp(const XentArray *z)
{
	size_t		n = z->n;
	XentLseScan scan;

	xent_lse_init(&scan);
	for (size_t off = 0; off < n; off += XENT_CHUNK)
	{
		size_t		m = Min(XENT_CHUNK, n - off);
		size_t		bad = xent_logits_first_invalid(z->values + off, m);

		CHECK_FOR_INTERRUPTS();
		if (bad < m)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"%s\" of %s() must not contain +Infinity or NaN",
							z->name, z->func),
					 errdetail("Element %s[%d] is %s.", z->name,
							   z->lbound + (int) (off + bad),
							   float8out_internal(z->values[off + bad]))));
		xent_lse_max_chunk(&scan, z->values, off, m);
	}
	if (scan.max == -INFINITY)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" of %s() must have a finite element",
						z->name, z->func),
				 errdetail("All %d elements are -Infinity.", z->n)));
	for (size_t off = 0; off < n; off += XENT_CHUNK)
	{
		CHECK_FOR_INTERRUPTS();
		xent_lse_sum_chunk(&scan, z->values, off, Min(XENT_CHUNK, n - off));
	}
	return xent_lse_finish(&scan);
}

double
xent_logits_cross_entropy(const XentArray *p, const XentArray *logits)
{
	XentLse		lse;
	XentScan	scan;

	xent_check_same_length(p, logits);
	lse = xent_checked_logsumexp(logits);
	xent_scan_init(&scan);
	for (size_t off = 0; off < (size_t) p->n; off += XENT_CHUNK)
	{
		CHECK_FOR_INTERRUPTS();
		xent_logit_cross_entropy_terms(p->values + off, logits->values + off,
									   Min(XENT_CHUNK, (size_t) p->n - off),
									   lse, &scan);
	}
	if (scan.invalid)
		xent_report_invalid(p);
	if (scan.nan)
		return get_float8_nan();
	xent_check_sum(p, scan.sum_p, XENT_NO_RENORMALIZE_ARG);
	return xent_scan_loss(&scan);
}

double
xent_label_logits_cross_entropy(const XentArray *logits, int64 label)
{
	int			index = xent_label_index(logits, label);
	XentLse		lse = xent_checked_logsumexp(logits);

	return (lse.max - logits->values[index]) + lse.rest;
}

void
xent_report_bad_label(const char *func, double label)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("argument \"label\" of %s() must be between 0 and 1",
					func),
			 errdetail("It is %s.", float8out_internal(label))));
}

void
xent_report_bad_prob(const char *func, double prob)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_ARGUMENT_FOR_LOG),
			 errmsg("argument \"prob\" of %s() must be between 0 and 1",
					func),
			 errdetail("It is %s.", float8out_internal(prob))));
}

void
xent_report_bad_eps(const char *func, double eps)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("argument \"eps\" of %s() must be at least 0 and less than 0.5",
					func),
			 errdetail("It is %s.", float8out_internal(eps))));
}
