/*
 * loss_state.h
 *		The loss_state type: an exact loss summary (summary.h) as a SQL value.
 *		It is the running state of every mean-loss aggregate, what loss_agg
 *		returns and rollup merges, and what users store per hour.
 *
 * It is a type of its own, not internal: a parallel or distributed plan can
 * combine it without serialisation, Citus can ship it as text, and a stored
 * state can be rolled up later.  It is a varlena holding only the chunks of
 * each exact sum that are in use (spans), so a state of losses of one
 * magnitude takes about a hundred bytes, not a whole long accumulator; a
 * transition adds a row in place while it lands inside the spans, and
 * widens them otherwise.
 */
#ifndef XENT_LOSS_STATE_H
#define XENT_LOSS_STATE_H

#include "postgres.h"

#include "fmgr.h"

#include "summary.h"

typedef struct LossState
{
	int32		vl_len_;		/* varlena header (do not touch directly!) */
	uint8		version;		/* SUMMARY_FORMAT_VERSION of this layout */
	uint8		reserved[3];
	LossCounts	n;
	XsumSpan	weight;
	XsumSpan	loss;
	int64		chunk[FLEXIBLE_ARRAY_MEMBER];	/* weight.n chunks, then loss.n */
} LossState;

/*
 * Add (sign 1) or remove (sign -1) one row to the state argument 0 and
 * return the state: updated in place inside an aggregate, copied otherwise.
 * func names the aggregate in errors.  weight is ignored unless weighted.
 */
extern Datum loss_state_add_row(FunctionCallInfo fcinfo, const char *func,
								double loss, double weight, bool weighted,
								int sign);

#endif							/* XENT_LOSS_STATE_H */
