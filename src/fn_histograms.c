/*
 * fn_histograms.c
 *		The SQL functions comparing two histograms of counts (xent 1.2):
 *		auc, ks, wasserstein, chi2, empty_bins and smooth; the core is in
 *		histograms.c.  Counts are checked as kl_div checks probabilities:
 *		finite and >= 0, paired by position, of the same length.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/float.h"

#include "args.h"
#include "histograms.h"

/*
 * Check one array of counts chunk by chunk (an error for a negative or
 * infinite one); true if a count is NaN.
 */
static bool
check_counts(const XentArray *counts)
{
	bool		nan = false;

	for (size_t off = 0; off < (size_t) counts->n; off += XENT_CHUNK)
	{
		size_t		len = Min(XENT_CHUNK, (size_t) counts->n - off);

		CHECK_FOR_INTERRUPTS();
		if (xent_first_invalid(counts->values + off, len) < len)
			xent_report_invalid(counts);
		for (size_t i = 0; i < len; i++)
			nan |= isnan(counts->values[off + i]);
	}
	return nan;
}

/* Read and check the two histograms of arguments 0 and 1; true if NaN is in them. */
static bool
get_histograms(FunctionCallInfo fcinfo, const char *func, const char *p_name,
			   const char *q_name, XentArray *p, XentArray *q)
{
	bool		nan;

	xent_get_array(fcinfo, 0, func, p_name, p);
	xent_get_array(fcinfo, 1, func, q_name, q);
	xent_check_same_length(p, q);
	nan = check_counts(p);
	nan |= check_counts(q);
	return nan;
}

/* Both passes of the core over p and q, chunk by chunk. */
static Datum
histogram_stat(FunctionCallInfo fcinfo, XentHistogramStat stat,
			   const XentArray *p, const XentArray *q, const XentArray *bounds)
{
	/*
	 * On the stack: at 7 kB, palloc'd it takes a new block of the per-row
	 * memory context, a malloc and a free for every row, which cost more than
	 * the fast path's arithmetic on a short histogram.
	 */
	XentHistogramScan scan_space;
	XentHistogramScan *scan = &scan_space;
	size_t		n = p->n;
	double		result;

	xent_histogram_init(scan, stat, bounds ? bounds->values : NULL,
						bounds ? bounds->n : 0);
	for (size_t off = 0; off < n; off += XENT_CHUNK)
	{
		CHECK_FOR_INTERRUPTS();
		xent_histogram_total(scan, p->values + off, q->values + off,
							 Min(XENT_CHUNK, n - off));
	}
	if (!xent_histogram_begin(scan))
		PG_RETURN_NULL();
	/* Each count costs products of exact sums: smaller chunks. */
	for (size_t off = 0; off < n; off += XENT_CHUNK / 64)
	{
		CHECK_FOR_INTERRUPTS();
		xent_histogram_chunk(scan, p->values + off, q->values + off,
							 Min(XENT_CHUNK / 64, n - off));
	}
	result = xent_histogram_finish(scan);
	PG_RETURN_FLOAT8(result);
}

static Datum
two_histograms_stat(FunctionCallInfo fcinfo, XentHistogramStat stat,
					const char *func, const char *p_name, const char *q_name)
{
	XentArray	p;
	XentArray	q;
	Datum		result;

	if (get_histograms(fcinfo, func, p_name, q_name, &p, &q))
		PG_RETURN_FLOAT8(NAN);
	result = histogram_stat(fcinfo, stat, &p, &q, NULL);
	xent_free_array(&p);
	xent_free_array(&q);
	return result;
}

/* auc(positives, negatives): binned ROC AUC, a tie inside a bin counting 1/2. */
PG_FUNCTION_INFO_V1(auc);
Datum
auc(PG_FUNCTION_ARGS)
{
	return two_histograms_stat(fcinfo, XENT_AUC, "auc", "positives", "negatives");
}

/* ks(p, q): the largest gap between the cumulative shares. */
PG_FUNCTION_INFO_V1(ks);
Datum
ks(PG_FUNCTION_ARGS)
{
	return two_histograms_stat(fcinfo, XENT_KS, "ks", "p", "q");
}

/* chi2(p, q): Pearson's statistic of the 2 x k table, without correction. */
PG_FUNCTION_INFO_V1(chi2);
Datum
chi2(PG_FUNCTION_ARGS)
{
	return two_histograms_stat(fcinfo, XENT_CHI2, "chi2", "p", "q");
}

/*
 * wasserstein(p, q, bounds): each interior bin's mass at its midpoint, the
 * outer bins' at the outer bounds; p and q of n + 1 counts for n bounds.
 */
PG_FUNCTION_INFO_V1(wasserstein);
Datum
wasserstein(PG_FUNCTION_ARGS)
{
	XentArray	p;
	XentArray	q;
	XentArray	bounds;
	Datum		result;
	bool		nan;

	xent_get_array(fcinfo, 2, "wasserstein", "bounds", &bounds);
	xent_check_bounds(&bounds);
	nan = get_histograms(fcinfo, "wasserstein", "p", "q", &p, &q);
	if (p.n != bounds.n + 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("arguments \"p\" and \"q\" of wasserstein() must have one count more than \"bounds\" has bounds"),
				 errdetail("\"bounds\" has %d elements and \"p\" and \"q\" have %d.",
						   bounds.n, p.n)));
	if (nan)
		PG_RETURN_FLOAT8(NAN);
	result = histogram_stat(fcinfo, XENT_WASSERSTEIN, &p, &q, &bounds);
	xent_free_array(&p);
	xent_free_array(&q);
	xent_free_array(&bounds);
	return result;
}

/* empty_bins(p, q): bins empty on exactly one side, a finite alarm. */
PG_FUNCTION_INFO_V1(empty_bins);
Datum
empty_bins(PG_FUNCTION_ARGS)
{
	XentArray	p;
	XentArray	q;
	size_t		count = 0;

	get_histograms(fcinfo, "empty_bins", "p", "q", &p, &q);
	for (size_t off = 0; off < (size_t) p.n; off += XENT_CHUNK)
	{
		CHECK_FOR_INTERRUPTS();
		count += xent_empty_bins(p.values + off, q.values + off,
								 Min(XENT_CHUNK, (size_t) p.n - off));
	}
	xent_free_array(&p);
	xent_free_array(&q);
	PG_RETURN_INT32((int32) count);
}

/* smooth(counts, pseudocount): pseudocount added to every count. */
PG_FUNCTION_INFO_V1(smooth);
Datum
smooth(PG_FUNCTION_ARGS)
{
	double		pseudocount = PG_GETARG_FLOAT8(1);
	XentArray	counts;
	ArrayType  *result;
	double	   *out;

	if (!(pseudocount >= 0.0 && isfinite(pseudocount)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"pseudocount\" of smooth() must be finite and non-negative"),
				 errdetail("It is %s.", float8out_internal(pseudocount))));
	xent_get_array(fcinfo, 0, "smooth", "counts", &counts);
	check_counts(&counts);
	result = xent_new_array_like(&counts, &out);
	for (int i = 0; i < counts.n; i++)
	{
		out[i] = counts.values[i] + pseudocount;
		if (isinf(out[i]))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("smoothed count out of range in smooth()"),
					 errdetail("Element counts[%d] is %s.", counts.lbound + i,
							   float8out_internal(counts.values[i]))));
	}
	xent_free_array(&counts);
	PG_RETURN_ARRAYTYPE_P(result);
}
