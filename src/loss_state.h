/*
 * loss_state.h
 *		The loss_state type: an exact loss summary (summary.h) as a SQL value.
 *		It is the running state of every mean-loss aggregate, what loss_agg
 *		returns and rollup merges, and what users store per hour.
 *
 * It is a type of its own, not internal: a parallel or distributed plan can
 * combine it without serialisation, Citus can ship it as text, and a stored
 * state can be rolled up later.  Its bytes are the core's (LossStateBytes,
 * in the layout of stored_state.h): only the limbs of each exact sum that
 * are in use, so a state of losses of one magnitude takes about a hundred
 * bytes, not a whole long accumulator; a transition adds a row in place
 * while it lands inside the spans, and widens them otherwise.
 */
#ifndef XENT_LOSS_STATE_H
#define XENT_LOSS_STATE_H

#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "nodes/nodes.h"

#include "summary.h"
#include "sum_wire.h"

typedef LossStateBytes LossState;

/*
 * Memory for states of every type: the current context's, with the varlena
 * length set.
 */
extern const StoredAlloc xent_state_memory;

/*
 * What every state type's fmgr layer shares.  A stored state's layout
 * checked: kind is the kind its version byte names, or NULL for a version
 * this code does not read (an error naming last_version, the newest).
 */
extern void xent_check_state_layout(const char *type, const void *state,
									const StoredKind *kind, int last_version);
/*
 * State argument 0, writable: in place inside an aggregate, where the
 * state is always one this code made, else a copy that check accepts.
 */
extern void *xent_writable_state(FunctionCallInfo fcinfo,
								 void (*check) (const void *));
/*
 * Raise the error of a core status: func names the SQL function, what the
 * "row" or "state" a removal did not find, loss and weight the row.
 */
extern void xent_report_state_status(SummaryStatus status, const char *type,
									 const char *func, const char *what,
									 double loss, double weight);

/*
 * Add (sign 1) or remove (sign -1) one row to the state argument 0 and
 * return the state: updated in place inside an aggregate, copied otherwise.
 * func names the aggregate in errors.  weight is ignored unless weighted.
 */
extern Datum loss_state_add_row(FunctionCallInfo fcinfo, const char *func,
								double loss, double weight, bool weighted,
								int sign);
/* The same for a row that keeps its second moment (loss_agg's). */
extern Datum loss_state_add_moment_row(FunctionCallInfo fcinfo,
									   const char *func, double loss,
									   double weight, bool weighted, int sign);
/*
 * Merge a summary of rows into (sign 1) or out of (sign -1) the state
 * argument 0 (nll_agg's rows); loss and weight name the row in errors.
 */
extern Datum loss_state_merge_rows(FunctionCallInfo fcinfo,
								   const LossSummary *rows, int sign,
								   const char *func, double loss,
								   double weight);

/*
 * Is this call the transition of an aggregate or a window aggregate, so
 * that the state argument is the aggregate's own, to update in place?
 * AggCheckCallContext()'s test, inline: the call cost a row's transition
 * 13 of its 120 instructions.  Only the fast paths below trust it; where it
 * says no, the general path asks AggCheckCallContext() itself.
 */
static inline bool
loss_state_in_aggregate(FunctionCallInfo fcinfo)
{
	return fcinfo->context != NULL &&
		(IsA(fcinfo->context, AggState) ||
		 IsA(fcinfo->context, WindowAggState));
}

/*
 * loss_state_add_row(fcinfo, func, loss, 1.0, false, 1): the forward
 * transition of every unweighted aggregate, so its common case is inline.
 * Inside an aggregate, a finite loss that lands inside the loss span is
 * added here in place; any other row, a buffered state (buffered_state.h),
 * or a call from outside an aggregate, takes the general way, to the same
 * state.
 */
static pg_attribute_always_inline Datum
loss_state_add_plain_row(FunctionCallInfo fcinfo, const char *func,
						 double loss)
{
	if (likely(loss_state_in_aggregate(fcinfo)))
	{
		LossState  *state = (LossState *) PG_GETARG_POINTER(0);

		if (likely(!VARATT_IS_EXTERNAL(state) &&
				   state->version == SUMMARY_V1 &&
				   summary_spans_add_plain(&state->n, &state->loss,
										   summary_loss_limbs(state),
										   loss, 1)))
			PG_RETURN_POINTER(state);
	}
	return loss_state_add_row(fcinfo, func, loss, 1.0, false, 1);
}

/*
 * loss_state_add_moment_row(fcinfo, func, loss, weight, true, 1), the
 * forward transition of loss_agg(loss, weight), its common case inline in
 * v2 bytes (the first row makes them v2).
 */
static pg_attribute_always_inline Datum
loss_state_add_weighted_row(FunctionCallInfo fcinfo, const char *func,
							double loss, double weight)
{
	if (likely(loss_state_in_aggregate(fcinfo)))
	{
		LossState  *state = (LossState *) PG_GETARG_POINTER(0);

		if (likely(state->version == SUMMARY_FORMAT_VERSION &&
				   summary2_spans_add_weighted((LossStateBytes2 *) state,
											   loss, weight)))
			PG_RETURN_POINTER(state);
	}
	return loss_state_add_moment_row(fcinfo, func, loss, weight, true, 1);
}

/*
 * The forward transition of loss_agg(loss): a row that keeps its moment,
 * its common case inline in v2 bytes (the first row makes them v2).
 */
static pg_attribute_always_inline Datum
loss_state_add_plain_moment_row(FunctionCallInfo fcinfo, const char *func,
								double loss)
{
	if (likely(loss_state_in_aggregate(fcinfo)))
	{
		LossState  *state = (LossState *) PG_GETARG_POINTER(0);

		if (likely(state->version == SUMMARY_FORMAT_VERSION &&
				   summary2_spans_add_plain((LossStateBytes2 *) state, loss)))
			PG_RETURN_POINTER(state);
	}
	return loss_state_add_moment_row(fcinfo, func, loss, 1.0, false, 1);
}

#endif							/* XENT_LOSS_STATE_H */
