/*
 * loss_state.h
 *		The running state of every mean-loss aggregate: how many rows, the
 *		exact sum of their finite losses, and the +Infinity and NaN losses
 *		counted apart, so that one that leaves a window frame leaves no trace.
 *
 * It is a fixed-size SQL type of its own (loss_state), not internal: a
 * parallel or distributed plan can combine it without serialisation, Citus
 * can ship it as text, and a stored state can be rolled up later.
 */
#ifndef XENT_LOSS_STATE_H
#define XENT_LOSS_STATE_H

#include "postgres.h"

#include "fmgr.h"

#include "exact_sum.h"

typedef struct LossState
{
	int64		count;			/* rows, NaN and +Infinity losses included */
	int64		n_posinf;		/* rows whose loss is +Infinity */
	int64		n_nan;			/* rows whose loss is NaN */
	ExactSum	sum;			/* exact sum of the finite losses */
} LossState;

/* The size the SQL type declares as INTERNALLENGTH. */
#define LOSS_STATE_SIZE 576

/*
 * Add (or, retracting, remove) one row's loss to the state argument 0 and
 * return it: updated in place inside an aggregate, copied otherwise.
 */
extern Datum loss_state_step(FunctionCallInfo fcinfo, double loss,
							 bool retract);

#endif							/* XENT_LOSS_STATE_H */
