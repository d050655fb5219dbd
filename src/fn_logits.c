/*
 * fn_logits.c
 *		softmax, log_softmax and cross_entropy_logits: functions of logit
 *		vectors, where -Infinity marks a masked class.
 */
#include "postgres.h"

#include "miscadmin.h"

#include "losses.h"

/* softmax or log_softmax of argument 0, shaped like it. */
static Datum
softmax_function(FunctionCallInfo fcinfo, bool take_log, const char *func)
{
	XentArray	z;
	XentLse		lse;
	ArrayType  *result;
	double	   *out;

	xent_get_array(fcinfo, 0, func, "logits", &z);
	lse = xent_checked_logsumexp(&z);
	result = xent_new_array_like(&z, &out);
	for (size_t off = 0; off < (size_t) z.n; off += XENT_CHUNK)
	{
		size_t		m = Min(XENT_CHUNK, (size_t) z.n - off);

		CHECK_FOR_INTERRUPTS();
		if (take_log)
			xent_log_softmax(z.values + off, m, lse, out + off);
		else
			xent_softmax(z.values + off, m, lse, out + off);
	}
	xent_free_array(&z);
	PG_RETURN_ARRAYTYPE_P(result);
}

PG_FUNCTION_INFO_V1(softmax);
Datum
softmax(PG_FUNCTION_ARGS)
{
	return softmax_function(fcinfo, false, "softmax");
}

PG_FUNCTION_INFO_V1(log_softmax);
Datum
log_softmax(PG_FUNCTION_ARGS)
{
	return softmax_function(fcinfo, true, "log_softmax");
}

/* cross_entropy_logits(p float8[], logits float8[]) */
PG_FUNCTION_INFO_V1(cross_entropy_logits);
Datum
cross_entropy_logits(PG_FUNCTION_ARGS)
{
	XentArray	p;
	XentArray	logits;
	double		result;

	xent_get_array(fcinfo, 0, "cross_entropy_logits", "p", &p);
	xent_get_array(fcinfo, 1, "cross_entropy_logits", "logits", &logits);
	result = xent_logits_cross_entropy(&p, &logits);
	xent_free_array(&p);
	xent_free_array(&logits);
	PG_RETURN_FLOAT8(result);
}

/* cross_entropy_logits(label bigint, logits float8[]) */
PG_FUNCTION_INFO_V1(cross_entropy_logits_label);
Datum
cross_entropy_logits_label(PG_FUNCTION_ARGS)
{
	XentArray	logits;
	double		result;

	xent_get_array(fcinfo, 1, "cross_entropy_logits", "logits", &logits);
	result = xent_label_logits_cross_entropy(&logits, PG_GETARG_INT64(0));
	xent_free_array(&logits);
	PG_RETURN_FLOAT8(result);
}
