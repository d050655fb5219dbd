/*
 * nll_agg.c
 *		nll_agg(logprobs float8[] [, units float8]): one row per completion,
 *		its negative log-likelihood (the exact negative sum of its tokens'
 *		log-probabilities) added to a loss_state's loss sum and its units
 *		(by default its number of tokens) to the weight, so that mean() is
 *		sum nll / sum units, exactly.  The rows keep no second moment.
 *		Strict: a NULL array or units skips the row.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/float.h"

#include "args.h"
#include "loss_state.h"

/*
 * The row of argument 1's array and the units (argument 2 where given):
 * an empty array is a row too (of 0 units by default), unlike the array
 * functions' arguments, so it is read here rather than by xent_get_array().
 */
static void
nll_row(FunctionCallInfo fcinfo, LossSummary *row, double *units)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(1);
	int			n = ARR_NDIM(a) == 0 ? 0 : ARR_DIMS(a)[0];
	const double *logprob = (const double *) ARR_DATA_PTR(a);
	NllScan		scan;
	SummaryStatus status;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"%s\" of %s() must be a one-dimensional array",
						"logprobs", "nll_agg"),
				 errdetail("It has %d dimensions.", ARR_NDIM(a))));
	if (ARR_HASNULL(a))
		for (int i = 0; i < n; i++)
			if (!(ARR_NULLBITMAP(a)[i / 8] & (1 << (i % 8))))
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("argument \"%s\" of %s() must not contain nulls",
								"logprobs", "nll_agg"),
						 errdetail("Element %s[%d] is null.", "logprobs",
								   ARR_LBOUND(a)[0] + i)));

	nll_scan_init(&scan);
	for (int start = 0; start < n; start += XENT_CHUNK)
	{
		int			len = Min(XENT_CHUNK, n - start);
		size_t		bad = nll_scan_add(&scan, logprob + start, len);

		if (bad < (size_t) len)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"%s\" of %s() must contain only log-probabilities, at most 0",
							"logprobs", "nll_agg"),
					 errdetail("Element %s[%d] is %s.", "logprobs",
							   ARR_LBOUND(a)[0] + start + (int) bad,
							   float8out_internal(logprob[start + bad]))));
		CHECK_FOR_INTERRUPTS();
	}

	*units = PG_NARGS() > 2 ? PG_GETARG_FLOAT8(2) : (double) n;
	status = summary_nll_row(&scan, *units, row);
	if (status == SUMMARY_BAD_WEIGHT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"units\" of nll_agg() must be finite and not negative"),
				 errdetail("It is %s.", float8out_internal(*units))));
	if (status == SUMMARY_OUT_OF_RANGE)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value out of range: overflow"),
				 errdetail("The negative log-likelihood of a row of nll_agg() is beyond the range of type double precision.")));
}

static Datum
nll_agg_transition(FunctionCallInfo fcinfo, int sign)
{
	LossSummary row;
	double		units;

	nll_row(fcinfo, &row, &units);
	return loss_state_merge_rows(fcinfo, &row, sign, "nll_agg", 0.0, units);
}

PG_FUNCTION_INFO_V1(nll_agg_accum);
Datum
nll_agg_accum(PG_FUNCTION_ARGS)
{
	return nll_agg_transition(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(nll_agg_retract);
Datum
nll_agg_retract(PG_FUNCTION_ARGS)
{
	return nll_agg_transition(fcinfo, -1);
}
