/*
 * buffered_state.h
 *		The expanded form of a loss_state inside a plain aggregate: the
 *		state's bytes, and a block of rows whose logarithms are still to be
 *		taken (pending_losses.h), so that the mean-loss aggregates take them
 *		a block at a time with the vector kernels.
 *
 * PostgreSQL keeps an expanded transition value as it is between calls
 * (expandeddatum.h) and flattens it wherever it needs the bytes: in a
 * tuple (a parallel worker's partial state, a sort), in a copy.  Flattening
 * takes the rows pending first, so every reader sees the stored format, and
 * the same state, as a row-by-row transition leaves it.  Only a plain
 * aggregate's state is expanded: a window aggregate reads its state after
 * every row, and a group of few rows would pay more for the expansion than
 * it saves.  A row is checked before it is filed: only its logarithm, and
 * the sum it enters, wait.
 */
#ifndef XENT_BUFFERED_STATE_H
#define XENT_BUFFERED_STATE_H

#include "postgres.h"

#include "fmgr.h"
#include "nodes/execnodes.h"
#include "utils/expandeddatum.h"

#include "loss_state.h"
#include "pending_losses.h"

typedef struct BufferedState
{
	ExpandedObjectHeader hdr;
	LossState  *flat;			/* the rows added so far, in hdr's context */
	const char *func;			/* the aggregate, for errors */
	StoredAlloc mem;			/* memory in hdr's context */
	PendingLosses pending;
} BufferedState;

extern const ExpandedObjectMethods buffered_state_methods;

/*
 * A state of this many rows or more is worth expanding.  A hash aggregate
 * keeps every group's state at once, in its work_mem: there a group
 * expands later, so that its buffer (a few kB) is at most a few bytes a
 * row, and many groups of a few hundred rows take no more memory (and
 * spill no sooner) than before.
 */
#define BUFFER_FROM_ROWS 64
#define BUFFER_FROM_ROWS_HASHED 1024

/* The buffered state that a loss_state argument is, or NULL. */
static inline BufferedState *
buffered_state_of(Datum arg)
{
	varatt_expanded ptr;
	ExpandedObjectHeader *eoh;

	if (!VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(arg)))
		return NULL;
	memcpy(&ptr, VARDATA_EXTERNAL(DatumGetPointer(arg)), sizeof(ptr));
	eoh = ptr.eohptr;
	return eoh->eoh_methods == &buffered_state_methods ?
		(BufferedState *) eoh : NULL;
}

/* Expand a plain aggregate's flat state argument 0; see below. */
extern BufferedState *buffered_state_expand(FunctionCallInfo fcinfo,
											const char *func, bool logits);

/*
 * The buffered state to file this transition's row in: argument 0, or
 * argument 0 expanded now; NULL where the row is to go into the flat state
 * as before (a window aggregate, a call outside an aggregate, a state of
 * few rows).  logits says which kind of rows it buffers.
 */
static pg_attribute_always_inline BufferedState *
buffered_state_for_row(FunctionCallInfo fcinfo, const char *func, bool logits)
{
	BufferedState *buffered;
	AggState   *agg;

	if (!(fcinfo->context != NULL && IsA(fcinfo->context, AggState)))
		return NULL;
	buffered = buffered_state_of(PG_GETARG_DATUM(0));
	if (likely(buffered != NULL && buffered->pending.logits == logits))
		return buffered;
	if (buffered != NULL ||
		((LossState *) PG_GETARG_POINTER(0))->n.rows < BUFFER_FROM_ROWS)
		return NULL;
	agg = (AggState *) fcinfo->context;
	if (agg->curaggcontext == agg->hashcontext &&
		((LossState *) PG_GETARG_POINTER(0))->n.rows < BUFFER_FROM_ROWS_HASHED)
		return NULL;
	return buffered_state_expand(fcinfo, func, logits);
}

/* Take the pending rows' logarithms and add their losses. */
extern void buffered_state_flush(BufferedState *buffered);

/* Add one row's loss now (a row the block does not take). */
extern void buffered_state_add_loss(BufferedState *buffered, double loss);

/* The state's bytes after a call replaced them. */
extern void buffered_state_replace(BufferedState *buffered, LossState *flat);

#endif							/* XENT_BUFFERED_STATE_H */
