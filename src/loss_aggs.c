/*
 * loss_aggs.c
 *		Transition functions of the aggregates that summarise losses: the
 *		mean-loss aggregates (avg_bce, ...) and loss_agg.  Each aggregate has
 *		one function for a row's loss; its forward and inverse transitions add
 *		and remove that row, exactly, in the shared loss_state.  They are
 *		strict: a row with a NULL input is skipped both ways, as avg() skips it.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"

#include "loss_state.h"
#include "losses.h"

/* Arguments 1.. of a transition call are the aggregate's own arguments. */

static double
bce_loss(FunctionCallInfo fcinfo, double label)
{
	return xent_checked_bce("avg_bce", label, PG_GETARG_FLOAT8(2));
}

/* scikit-learn's log_loss clipping: prob into [eps, 1 - eps], NaN kept. */
static double
clipped_bce_loss(FunctionCallInfo fcinfo, double label)
{
	double		prob = PG_GETARG_FLOAT8(2);
	double		eps = PG_GETARG_FLOAT8(3);

	xent_check_eps("avg_bce", eps);
	/* Range-check the prob as given: clipping must not hide a bad one. */
	xent_check_bce_args("avg_bce", label, prob);
	if (prob < eps)
		prob = eps;
	else if (prob > 1.0 - eps)
		prob = 1.0 - eps;
	return xent_bce(label, prob);
}

static double
bce_logits_loss(FunctionCallInfo fcinfo, double label)
{
	return xent_checked_bce_logit("avg_bce_logits", label, PG_GETARG_FLOAT8(2));
}

/* A binary label: float8 in [0,1], or boolean (true = 1). */
static inline double
float8_label(FunctionCallInfo fcinfo)
{
	return PG_GETARG_FLOAT8(1);
}

static inline double
bool_label(FunctionCallInfo fcinfo)
{
	return PG_GETARG_BOOL(1) ? 1.0 : 0.0;
}

static double
divergence_loss(FunctionCallInfo fcinfo, XentDivergence kind,
				const char *func)
{
	XentArray	p;
	XentArray	q;
	double		loss;

	xent_get_array(fcinfo, 1, func, "p", &p);
	xent_get_array(fcinfo, 2, func, "q", &q);
	loss = xent_divergence(kind, &p, &q, XENT_AS_GIVEN,
						   XENT_NO_RENORMALIZE_ARG);
	xent_free_array(&p);
	xent_free_array(&q);
	return loss;
}

static double
label_cross_entropy_loss(FunctionCallInfo fcinfo)
{
	XentArray	q;
	double		loss;

	xent_get_array(fcinfo, 2, "avg_cross_entropy", "q", &q);
	loss = xent_label_cross_entropy(&q, PG_GETARG_INT64(1));
	xent_free_array(&q);
	return loss;
}

/* A forward and an inverse transition of an unweighted aggregate. */
#define LOSS_TRANSITIONS(name, func, row_loss) \
PG_FUNCTION_INFO_V1(name##_accum); \
Datum \
name##_accum(PG_FUNCTION_ARGS) \
{ \
	return loss_state_add_plain_row(fcinfo, func, row_loss); \
} \
PG_FUNCTION_INFO_V1(name##_retract); \
Datum \
name##_retract(PG_FUNCTION_ARGS) \
{ \
	return loss_state_add_row(fcinfo, func, row_loss, 1.0, false, -1); \
}

LOSS_TRANSITIONS(avg_bce, "avg_bce", bce_loss(fcinfo, float8_label(fcinfo)))
LOSS_TRANSITIONS(avg_bce_bool, "avg_bce", bce_loss(fcinfo, bool_label(fcinfo)))
LOSS_TRANSITIONS(avg_bce_clipped, "avg_bce",
				 clipped_bce_loss(fcinfo, float8_label(fcinfo)))
LOSS_TRANSITIONS(avg_bce_clipped_bool, "avg_bce",
				 clipped_bce_loss(fcinfo, bool_label(fcinfo)))
LOSS_TRANSITIONS(avg_bce_logits, "avg_bce_logits",
				 bce_logits_loss(fcinfo, float8_label(fcinfo)))
LOSS_TRANSITIONS(avg_bce_logits_bool, "avg_bce_logits",
				 bce_logits_loss(fcinfo, bool_label(fcinfo)))
LOSS_TRANSITIONS(avg_cross_entropy, "avg_cross_entropy",
				 divergence_loss(fcinfo, XENT_CROSS_ENTROPY, "avg_cross_entropy"))
LOSS_TRANSITIONS(avg_cross_entropy_label, "avg_cross_entropy",
				 label_cross_entropy_loss(fcinfo))
LOSS_TRANSITIONS(avg_kl_div, "avg_kl_div",
				 divergence_loss(fcinfo, XENT_KL, "avg_kl_div"))
LOSS_TRANSITIONS(loss_agg, "loss_agg", PG_GETARG_FLOAT8(1))

/* loss_agg(loss, weight): sample weights. */
PG_FUNCTION_INFO_V1(loss_agg_weighted_accum);
Datum
loss_agg_weighted_accum(PG_FUNCTION_ARGS)
{
	return loss_state_add_weighted_row(fcinfo, "loss_agg", PG_GETARG_FLOAT8(1),
									   PG_GETARG_FLOAT8(2));
}

PG_FUNCTION_INFO_V1(loss_agg_weighted_retract);
Datum
loss_agg_weighted_retract(PG_FUNCTION_ARGS)
{
	return loss_state_add_row(fcinfo, "loss_agg", PG_GETARG_FLOAT8(1),
							  PG_GETARG_FLOAT8(2), true, -1);
}
