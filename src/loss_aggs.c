/*
 * loss_aggs.c
 *		Transition functions of the aggregates that summarise losses: the
 *		mean-loss aggregates (avg_bce, ...) and loss_agg.  Each aggregate has
 *		one function for a row's loss; its forward and inverse transitions add
 *		and remove that row, exactly, in the shared loss_state.  They are
 *		strict: a row with a NULL input is skipped both ways, as avg() skips it.
 *		The binary cross entropies' rows wait for their logarithms in a
 *		buffered state (buffered_state.h), to take them a block at a time.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "nodes/primnodes.h"
#include "optimizer/optimizer.h"
#include "utils/float.h"

#include "buffered_state.h"
#include "loss_state.h"
#include "losses.h"

/* Arguments 1.. of a transition call are the aggregate's own arguments. */

/* avg_bce's prob, checked against its label. */
static inline double
checked_prob(FunctionCallInfo fcinfo, double label)
{
	double		prob = PG_GETARG_FLOAT8(2);

	xent_check_bce_args("avg_bce", label, prob);
	return prob;
}

static pg_attribute_noreturn() void
report_varying_eps(double first_eps, double eps)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("argument \"eps\" of avg_bce() must be the same in every row"),
			 errdetail("The first row's eps was %s; this row's is %s.",
					   float8out_internal(first_eps), float8out_internal(eps)),
			 errhint("eps clips prob and is not a weight: for sample weights, use loss_agg(loss, weight), as in mean(loss_agg(bce(label, prob), weight)).")));
}

/*
 * What an aggregate keeps of its eps, in the transition's FmgrInfo: the
 * state's format has no room for it.
 */
typedef struct EpsRule
{
	bool		per_row;		/* can eps differ between the rows of one run? */
	double		eps;			/* the first row's, or the last one checked */
} EpsRule;

/*
 * Can the eps argument of this call's aggregate differ from row to row
 * within one run of it?  Only if it reads a column of the aggregated rows or
 * calls a volatile function.  A constant, a parameter or an outer query's
 * column is one value per run: such an eps is only range-checked, so that a
 * correlated subquery or a LATERAL join may pass each run its own eps.  A
 * window aggregate cannot see its call (AggGetAggref() gives NULL there), so
 * its eps is taken to vary.
 */
static bool
eps_varies_per_row(FunctionCallInfo fcinfo)
{
	Aggref	   *aggref = AggGetAggref(fcinfo);
	TargetEntry *eps_arg;

	if (aggref == NULL || list_length(aggref->args) < 3)
		return true;
	eps_arg = (TargetEntry *) lthird(aggref->args);
	return contain_vars_of_level((Node *) eps_arg->expr, 0) ||
		contain_volatile_functions((Node *) eps_arg->expr);
}

/*
 * eps must be at least 0 and below 0.5, and it is one constant per
 * aggregate: a column of weights passed there by mistake must raise an
 * error, not give a mean clipped row by row.  Where eps can vary per row,
 * the first row's, checked, is kept in the transition's FmgrInfo, which
 * lives as long as the query and which every group and window partition of
 * this aggregate shares (the inverse transition has one of its own; a
 * parallel worker too, so rows that different workers aggregate are
 * compared only within each worker); a later row's eps need only equal it.
 * A call from outside an aggregate has one row: its eps is only checked.
 */
static inline void
check_eps(FunctionCallInfo fcinfo, double eps)
{
	FmgrInfo   *flinfo = fcinfo->flinfo;
	EpsRule    *rule = (EpsRule *) flinfo->fn_extra;

	/* Only an aggregate's transition keeps a rule, so rule says we are in one. */
	if (likely(rule != NULL))
	{
		if (likely(rule->eps == eps))
			return;
		if (rule->per_row)
			report_varying_eps(rule->eps, eps);
	}
	xent_check_eps("avg_bce", eps);
	if (rule == NULL && loss_state_in_aggregate(fcinfo))
	{
		rule = MemoryContextAlloc(flinfo->fn_mcxt, sizeof(EpsRule));
		rule->per_row = eps_varies_per_row(fcinfo);
		flinfo->fn_extra = rule;
	}
	/* The first row's eps, or a new run's where eps is one value per run. */
	if (rule != NULL)
		rule->eps = eps;
}

/* scikit-learn's log_loss clipping: prob into [eps, 1 - eps], NaN kept. */
static inline double
clipped_prob(FunctionCallInfo fcinfo, double label)
{
	double		prob = PG_GETARG_FLOAT8(2);
	double		eps = PG_GETARG_FLOAT8(3);

	check_eps(fcinfo, eps);
	/* Range-check the prob as given: clipping must not hide a bad one. */
	xent_check_bce_args("avg_bce", label, prob);
	if (prob < eps)
		prob = eps;
	else if (prob > 1.0 - eps)
		prob = 1.0 - eps;
	return prob;
}

/* avg_bce_logits' logit, its label checked. */
static inline double
checked_logit(FunctionCallInfo fcinfo, double label)
{
	xent_check_label("avg_bce_logits", label);
	return PG_GETARG_FLOAT8(2);
}

/*
 * avg_bce's forward transition of a checked row.  In a buffered state
 * (buffered_state.h) a row of hard label waits for its logarithm, which a
 * block of such rows takes together; any other row adds its loss now.
 */
static pg_attribute_always_inline Datum
bce_row(FunctionCallInfo fcinfo, double label, double prob)
{
	BufferedState *buffered = buffered_state_for_row(fcinfo, "avg_bce", false);

	if (buffered == NULL)
		return loss_state_add_plain_row(fcinfo, "avg_bce",
										xent_bce(label, prob));
	if ((label == 0.0 || label == 1.0) && !isnan(prob))
	{
		pending_losses_add_prob(&buffered->pending, label == 1.0, prob);
		if (pending_losses_full(&buffered->pending))
			buffered_state_flush(buffered);
	}
	else
		buffered_state_add_loss(buffered, xent_bce(label, prob));
	return EOHPGetRWDatum(&buffered->hdr);
}

/* The same for avg_bce_logits, whose rows wait unless one is NaN. */
static pg_attribute_always_inline Datum
bce_logit_row(FunctionCallInfo fcinfo, double label, double logit)
{
	BufferedState *buffered = buffered_state_for_row(fcinfo, "avg_bce_logits",
													 true);

	if (buffered == NULL)
		return loss_state_add_plain_row(fcinfo, "avg_bce_logits",
										xent_bce_logit(label, logit));
	if (!isnan(label) && !isnan(logit))
	{
		pending_losses_add_logit(&buffered->pending, label, logit);
		if (pending_losses_full(&buffered->pending))
			buffered_state_flush(buffered);
	}
	else
		buffered_state_add_loss(buffered, xent_bce_logit(label, logit));
	return EOHPGetRWDatum(&buffered->hdr);
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
	loss = xent_divergence(kind, &p, &q, XENT_AS_GIVEN, XENT_NO_RENORMALIZE_ARG);
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

/*
 * The same for the binary cross entropies: get_label reads the label,
 * checked_arg checks the row and gives the argument that row takes with
 * the label, to a prob or a logit; loss is the core's function of the two.
 */
#define BCE_TRANSITIONS(name, func, get_label, checked_arg, row, loss) \
PG_FUNCTION_INFO_V1(name##_accum); \
Datum \
name##_accum(PG_FUNCTION_ARGS) \
{ \
	double		label = get_label(fcinfo); \
\
	return row(fcinfo, label, checked_arg(fcinfo, label)); \
} \
PG_FUNCTION_INFO_V1(name##_retract); \
Datum \
name##_retract(PG_FUNCTION_ARGS) \
{ \
	double		label = get_label(fcinfo); \
\
	return loss_state_add_row(fcinfo, func, \
							  loss(label, checked_arg(fcinfo, label)), \
							  1.0, false, -1); \
}

BCE_TRANSITIONS(avg_bce, "avg_bce", xent_float8_label, checked_prob,
				bce_row, xent_bce)
BCE_TRANSITIONS(avg_bce_bool, "avg_bce", xent_bool_label, checked_prob,
				bce_row, xent_bce)
BCE_TRANSITIONS(avg_bce_clipped, "avg_bce", xent_float8_label, clipped_prob,
				bce_row, xent_bce)
BCE_TRANSITIONS(avg_bce_clipped_bool, "avg_bce", xent_bool_label,
				clipped_prob, bce_row, xent_bce)
BCE_TRANSITIONS(avg_bce_logits, "avg_bce_logits", xent_float8_label,
				checked_logit, bce_logit_row, xent_bce_logit)
BCE_TRANSITIONS(avg_bce_logits_bool, "avg_bce_logits", xent_bool_label,
				checked_logit, bce_logit_row, xent_bce_logit)
LOSS_TRANSITIONS(avg_cross_entropy, "avg_cross_entropy",
				 divergence_loss(fcinfo, XENT_CROSS_ENTROPY, "avg_cross_entropy"))
LOSS_TRANSITIONS(avg_cross_entropy_label, "avg_cross_entropy",
				 label_cross_entropy_loss(fcinfo))
LOSS_TRANSITIONS(avg_kl_div, "avg_kl_div",
				 divergence_loss(fcinfo, XENT_KL, "avg_kl_div"))

/* loss_agg(loss): its rows keep their second moments. */
PG_FUNCTION_INFO_V1(loss_agg_accum);
Datum
loss_agg_accum(PG_FUNCTION_ARGS)
{
	return loss_state_add_plain_moment_row(fcinfo, "loss_agg",
										   PG_GETARG_FLOAT8(1));
}

PG_FUNCTION_INFO_V1(loss_agg_retract);
Datum
loss_agg_retract(PG_FUNCTION_ARGS)
{
	return loss_state_add_moment_row(fcinfo, "loss_agg", PG_GETARG_FLOAT8(1),
									 1.0, false, -1);
}

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
	return loss_state_add_moment_row(fcinfo, "loss_agg", PG_GETARG_FLOAT8(1),
									 PG_GETARG_FLOAT8(2), true, -1);
}
