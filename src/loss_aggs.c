/*
 * loss_aggs.c
 *		Transition functions of the mean-loss aggregates.  Each aggregate has
 *		one function for a row's loss; its forward and inverse transitions add
 *		and remove that loss, exactly, in the shared loss_state.  They are
 *		strict: a row with a NULL input is skipped both ways, as avg() skips it.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"

#include "loss_state.h"
#include "losses.h"

/* Arguments 1.. of a transition call are the aggregate's own arguments. */

static double
bce_loss(FunctionCallInfo fcinfo)
{
	return xent_checked_bce("avg_bce", PG_GETARG_FLOAT8(1),
							PG_GETARG_FLOAT8(2));
}

/* scikit-learn's log_loss clipping: prob into [eps, 1 - eps], NaN kept. */
static double
clipped_bce_loss(FunctionCallInfo fcinfo)
{
	double		label = PG_GETARG_FLOAT8(1);
	double		prob = PG_GETARG_FLOAT8(2);
	double		eps = PG_GETARG_FLOAT8(3);

	xent_check_eps("avg_bce", eps);
	/* Range-check the prob as given: clipping must not hide a bad one. */
	(void) xent_checked_bce("avg_bce", label, prob);
	if (prob < eps)
		prob = eps;
	else if (prob > 1.0 - eps)
		prob = 1.0 - eps;
	return xent_bce(label, prob);
}

static double
bce_logits_loss(FunctionCallInfo fcinfo)
{
	return xent_checked_bce_logit("avg_bce_logits", PG_GETARG_FLOAT8(1),
								  PG_GETARG_FLOAT8(2));
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
	loss = xent_divergence(kind, &p, &q, false, false);
	xent_free_array(&p);
	xent_free_array(&q);
	return loss;
}

static double
cross_entropy_loss(FunctionCallInfo fcinfo)
{
	return divergence_loss(fcinfo, XENT_CROSS_ENTROPY, "avg_cross_entropy");
}

static double
kl_div_loss(FunctionCallInfo fcinfo)
{
	return divergence_loss(fcinfo, XENT_KL, "avg_kl_div");
}

static double
label_cross_entropy_loss(FunctionCallInfo fcinfo)
{
	XentArray	q;
	double		loss;

	xent_get_array(fcinfo, 2, "avg_cross_entropy", "q", &q);
	loss = xent_label_cross_entropy(&q, PG_GETARG_INT32(1));
	xent_free_array(&q);
	return loss;
}

#define MEAN_LOSS_TRANSITIONS(name, row_loss) \
PG_FUNCTION_INFO_V1(name##_accum); \
Datum \
name##_accum(PG_FUNCTION_ARGS) \
{ \
	return loss_state_step(fcinfo, row_loss(fcinfo), false); \
} \
PG_FUNCTION_INFO_V1(name##_retract); \
Datum \
name##_retract(PG_FUNCTION_ARGS) \
{ \
	return loss_state_step(fcinfo, row_loss(fcinfo), true); \
}

MEAN_LOSS_TRANSITIONS(avg_bce, bce_loss)
MEAN_LOSS_TRANSITIONS(avg_bce_clipped, clipped_bce_loss)
MEAN_LOSS_TRANSITIONS(avg_bce_logits, bce_logits_loss)
MEAN_LOSS_TRANSITIONS(avg_cross_entropy, cross_entropy_loss)
MEAN_LOSS_TRANSITIONS(avg_cross_entropy_label, label_cross_entropy_loss)
MEAN_LOSS_TRANSITIONS(avg_kl_div, kl_div_loss)
