/*
 * fn_binary.c
 *		bce and bce_logits: binary cross entropy of one prediction, with the
 *		checks that the mean-loss aggregates share.
 */
#include "postgres.h"

#include <math.h>

#include "utils/float.h"

#include "losses.h"

/* A soft label is a probability too; NaN passes, to give NaN. */
static void
check_label(const char *func, double label)
{
	if (label < 0.0 || label > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"label\" of %s() must be between 0 and 1",
						func),
				 errdetail("It is %s.", float8out_internal(label))));
}

double
xent_checked_bce(const char *func, double label, double prob)
{
	check_label(func, label);
	if (prob < 0.0 || prob > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_ARGUMENT_FOR_LOG),
				 errmsg("argument \"prob\" of %s() must be between 0 and 1",
						func),
				 errdetail("It is %s.", float8out_internal(prob))));
	return xent_bce(label, prob);
}

double
xent_checked_bce_logit(const char *func, double label, double logit)
{
	check_label(func, label);
	return xent_bce_logit(label, logit);
}

void
xent_check_eps(const char *func, double eps)
{
	if (!(eps >= 0.0 && eps < 0.5))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"eps\" of %s() must be at least 0 and less than 0.5",
						func),
				 errdetail("It is %s.", float8out_internal(eps))));
}

PG_FUNCTION_INFO_V1(bce);
Datum
bce(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(xent_checked_bce("bce", PG_GETARG_FLOAT8(0),
									  PG_GETARG_FLOAT8(1)));
}

PG_FUNCTION_INFO_V1(bce_logits);
Datum
bce_logits(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(xent_checked_bce_logit("bce_logits", PG_GETARG_FLOAT8(0),
											PG_GETARG_FLOAT8(1)));
}

/* Boolean labels: true is 1, false is 0. */
PG_FUNCTION_INFO_V1(bce_bool);
Datum
bce_bool(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(xent_checked_bce("bce", PG_GETARG_BOOL(0) ? 1.0 : 0.0,
									  PG_GETARG_FLOAT8(1)));
}

PG_FUNCTION_INFO_V1(bce_logits_bool);
Datum
bce_logits_bool(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(xent_checked_bce_logit("bce_logits",
											PG_GETARG_BOOL(0) ? 1.0 : 0.0,
											PG_GETARG_FLOAT8(1)));
}
