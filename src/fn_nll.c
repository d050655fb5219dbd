/*
 * fn_nll.c
 *		nll(logprobs) and perplexity(logprobs) (xent 1.2): the token
 *		log-probabilities of a stored completion, summed exactly (nll.c).
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "miscadmin.h"
#include "utils/float.h"

#include "args.h"
#include "nll.h"

/* Scan argument 0 into *scan, chunk by chunk; an error for a bad element. */
static void
scan_logprobs(FunctionCallInfo fcinfo, const char *func, XentNllScan *scan)
{
	XentArray	logprobs;

	xent_get_array(fcinfo, 0, func, "logprobs", &logprobs);
	xent_nll_init(scan);
	for (size_t off = 0; off < (size_t) logprobs.n; off += XENT_CHUNK)
	{
		size_t		len = Min(XENT_CHUNK, (size_t) logprobs.n - off);
		size_t		i = xent_nll_chunk(scan, logprobs.values + off, len);

		if (i < len)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"logprobs\" of %s() must contain only log-probabilities, at most 0",
							func),
					 errdetail("Element logprobs[%d] is %s.",
							   logprobs.lbound + (int) (off + i),
							   float8out_internal(logprobs.values[off + i]))));
		CHECK_FOR_INTERRUPTS();
	}
	xent_free_array(&logprobs);
}

/* nll(logprobs): - sum of the log-probabilities, the exact sum rounded once. */
PG_FUNCTION_INFO_V1(nll);
Datum
nll(PG_FUNCTION_ARGS)
{
	XentNllScan scan;
	double		result;

	scan_logprobs(fcinfo, "nll", &scan);
	result = xent_nll_value(&scan);
	if (isinf(result) && !scan.zero_probability)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value of nll() out of range for type double precision"),
				 errdetail("The negated sum of the log-probabilities is beyond %s.",
						   float8out_internal(DBL_MAX))));
	PG_RETURN_FLOAT8(result);
}

/* perplexity(logprobs): exp(nll / n), +Infinity past the float8 range. */
PG_FUNCTION_INFO_V1(perplexity);
Datum
perplexity(PG_FUNCTION_ARGS)
{
	XentNllScan scan;

	scan_logprobs(fcinfo, "perplexity", &scan);
	PG_RETURN_FLOAT8(xent_perplexity_value(&scan));
}
