/*
 * fn_logits.c
 *		softmax, log_softmax and cross_entropy_logits: functions of logit
 *		vectors, where -Infinity marks a masked class.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/float.h"

#include "losses.h"

/*
 * Check a logit vector and take its log-sum-exp: no +Infinity or NaN, and
 * at least one finite element.
 */
static XentLse
checked_logsumexp(const XentArray *z)
{
	size_t		n = z->n;
	size_t		argmax = 0;
	XentLse		lse;

	for (size_t off = 0; off < n; off += XENT_CHUNK)
	{
		size_t		m = Min(XENT_CHUNK, n - off);
		size_t		bad = xent_logits_first_invalid(z->values + off, m);
		size_t		local;

		CHECK_FOR_INTERRUPTS();
		if (bad < m)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"%s\" of %s() must not contain +Infinity or NaN",
							z->name, z->func),
					 errdetail("Element %s[%d] is %s.", z->name,
							   z->lbound + (int) (off + bad),
							   float8out_internal(z->values[off + bad]))));
		local = off + xent_argmax(z->values + off, m);
		if (z->values[local] > z->values[argmax])
			argmax = local;
	}
	lse.max = z->values[argmax];
	if (lse.max == -INFINITY)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" of %s() must have a finite element",
						z->name, z->func),
				 errdetail("All %d elements are -Infinity.", z->n)));

	/* The maximum's own exp(0) = 1 is left out of the sum, for log1p. */
	lse.others = 0.0;
	for (size_t off = 0; off < n; off += XENT_CHUNK)
	{
		size_t		end = Min(off + XENT_CHUNK, n);

		CHECK_FOR_INTERRUPTS();
		if (argmax >= off && argmax < end)
		{
			lse.others += xent_sum_exp(z->values + off, argmax - off, lse.max);
			lse.others += xent_sum_exp(z->values + argmax + 1, end - argmax - 1,
									   lse.max);
		}
		else
			lse.others += xent_sum_exp(z->values + off, end - off, lse.max);
	}
	lse.rest = log1p(lse.others);
	return lse;
}

double
xent_logits_cross_entropy(const XentArray *p, const XentArray *logits)
{
	XentLse		lse;
	XentScan	scan;

	xent_check_same_length(p, logits);
	lse = checked_logsumexp(logits);
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
	xent_check_sum(p, scan.sum_p, false);
	return xent_scan_loss(&scan);
}

double
xent_label_logits_cross_entropy(const XentArray *logits, int64 label)
{
	int			index = xent_label_index(logits, label);
	XentLse		lse = checked_logsumexp(logits);

	return (lse.max - logits->values[index]) + lse.rest;
}

/* softmax or log_softmax of argument 0, shaped like it. */
static Datum
softmax_function(FunctionCallInfo fcinfo, bool take_log, const char *func)
{
	XentArray	z;
	XentLse		lse;
	ArrayType  *result;
	double	   *out;

	xent_get_array(fcinfo, 0, func, "logits", &z);
	lse = checked_logsumexp(&z);
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
