/*
 * fn_divergence.c
 *		entropy, cross_entropy, kl_div and js_div: the SQL functions over
 *		probability vectors, and the checked computation that the mean-loss
 *		aggregates share with them.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/float.h"

#include "losses.h"

/* Run one kernel over p (and q) in chunks, checking for interrupts. */
static void
run_kernel(XentDivergence kind, const XentArray *p, const XentArray *q,
		   double p_div, double q_div, XentScan *scan)
{
	for (size_t off = 0; off < (size_t) p->n; off += XENT_CHUNK)
	{
		size_t		m = Min(XENT_CHUNK, (size_t) p->n - off);
		const double *pv = p->values + off;
		const double *qv = q ? q->values + off : NULL;

		CHECK_FOR_INTERRUPTS();
		switch (kind)
		{
			case XENT_ENTROPY:
				xent_entropy_terms(pv, m, p_div, scan);
				break;
			case XENT_CROSS_ENTROPY:
				xent_cross_entropy_terms(pv, qv, m, p_div, q_div, scan);
				break;
			case XENT_KL:
				xent_kl_terms(pv, qv, m, p_div, q_div, scan);
				break;
			case XENT_JS:
				xent_js_terms(pv, qv, m, p_div, q_div, scan);
				break;
		}
	}
}

/* The sum of an array and its flags, in chunks. */
static void
scan_array(const XentArray *a, XentScan *scan)
{
	xent_scan_init(scan);
	for (size_t off = 0; off < (size_t) a->n; off += XENT_CHUNK)
	{
		CHECK_FOR_INTERRUPTS();
		xent_scan_sum(a->values + off, Min(XENT_CHUNK, (size_t) a->n - off),
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
	double		loss;

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

	loss = xent_scan_loss(&scan);
	switch (kind)
	{
		case XENT_ENTROPY:
		case XENT_CROSS_ENTROPY:
			/* 0.0 - x, not -x: a certain outcome has entropy 0, not -0. */
			return 0.0 - loss;
		case XENT_KL:
			return loss;
		case XENT_JS:
			/* Keep rounding inside [0, ln 2], so that sqrt(js_div) is defined. */
			return Min(Max(0.5 * loss, 0.0), M_LN2);
	}
	pg_unreachable();
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
	xent_check_sum(q, scan.sum_p, false);
	return 0.0 - log(q->values[index]);
}

/* A divergence of the arguments (p[, q], base, renormalize) in the base. */
static Datum
divergence_function(FunctionCallInfo fcinfo, XentDivergence kind,
					const char *func)
{
	int			nvectors = kind == XENT_ENTROPY ? 1 : 2;
	XentArray	p;
	XentArray	q;
	double		log_base;
	double		result;

	if (PG_ARGISNULL(0) || (nvectors == 2 && PG_ARGISNULL(1)))
		PG_RETURN_NULL();
	log_base = xent_get_log_base(fcinfo, nvectors, func);
	xent_get_array(fcinfo, 0, func, "p", &p);
	if (nvectors == 2)
		xent_get_array(fcinfo, 1, func, "q", &q);

	result = xent_divergence(kind, &p, nvectors == 2 ? &q : NULL,
							 xent_get_renormalize(fcinfo, nvectors + 1), true);

	xent_free_array(&p);
	if (nvectors == 2)
		xent_free_array(&q);
	PG_RETURN_FLOAT8(result / log_base);
}

PG_FUNCTION_INFO_V1(entropy);
Datum
entropy(PG_FUNCTION_ARGS)
{
	return divergence_function(fcinfo, XENT_ENTROPY, "entropy");
}

PG_FUNCTION_INFO_V1(cross_entropy);
Datum
cross_entropy(PG_FUNCTION_ARGS)
{
	return divergence_function(fcinfo, XENT_CROSS_ENTROPY, "cross_entropy");
}

PG_FUNCTION_INFO_V1(kl_div);
Datum
kl_div(PG_FUNCTION_ARGS)
{
	return divergence_function(fcinfo, XENT_KL, "kl_div");
}

PG_FUNCTION_INFO_V1(js_div);
Datum
js_div(PG_FUNCTION_ARGS)
{
	return divergence_function(fcinfo, XENT_JS, "js_div");
}

/* cross_entropy(label bigint, q float8[], base float8) */
PG_FUNCTION_INFO_V1(cross_entropy_label);
Datum
cross_entropy_label(PG_FUNCTION_ARGS)
{
	XentArray	q;
	double		log_base;
	double		result;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	log_base = xent_get_log_base(fcinfo, 2, "cross_entropy");
	xent_get_array(fcinfo, 1, "cross_entropy", "q", &q);
	result = xent_label_cross_entropy(&q, PG_GETARG_INT64(0));
	xent_free_array(&q);
	PG_RETURN_FLOAT8(result / log_base);
}
