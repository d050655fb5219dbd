/*
 * fn_binary.c
 *		bce and bce_logits: binary cross entropy of one prediction.
 */
#include "postgres.h"

#include "losses.h"

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
