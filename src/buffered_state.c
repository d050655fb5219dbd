/*
 * buffered_state.c
 *		The expanded loss_state of a plain aggregate: see buffered_state.h.
 */
#include "postgres.h"

#include "utils/memutils.h"

#include "buffered_state.h"

static void *
alloc_in_context(size_t size, void *arg)
{
	void	   *state = MemoryContextAlloc((MemoryContext) arg, size);

	SET_VARSIZE(state, size);
	return state;
}

/* Flattening takes the pending rows first: the bytes are then the state. */
static Size
get_flat_size(ExpandedObjectHeader *eoh)
{
	BufferedState *buffered = (BufferedState *) eoh;

	buffered_state_flush(buffered);
	return VARSIZE(buffered->flat);
}

static void
flatten_into(ExpandedObjectHeader *eoh, void *result, Size allocated_size)
{
	BufferedState *buffered = (BufferedState *) eoh;

	memcpy(result, buffered->flat, allocated_size);
}

const ExpandedObjectMethods buffered_state_methods = {
	get_flat_size,
	flatten_into
};

/*
 * The expanded object lives in a context of its own under the aggregate's,
 * which PostgreSQL then keeps it in (and deletes with it); argument 0, the
 * flat state, stays the aggregate's to free.
 */
BufferedState *
buffered_state_expand(FunctionCallInfo fcinfo, const char *func, bool logits)
{
	LossState  *flat = (LossState *) PG_GETARG_POINTER(0);
	MemoryContext aggcontext;
	MemoryContext context;
	BufferedState *buffered;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		return NULL;
	context = AllocSetContextCreate(aggcontext, "loss_state rows",
									ALLOCSET_SMALL_SIZES);
	buffered = MemoryContextAlloc(context, sizeof(BufferedState));
	EOH_init_header(&buffered->hdr, &buffered_state_methods, context);
	buffered->flat = MemoryContextAlloc(context, VARSIZE(flat));
	memcpy(buffered->flat, flat, VARSIZE(flat));
	buffered->func = func;
	buffered->mem.alloc = alloc_in_context;
	buffered->mem.arg = context;
	pending_losses_init(&buffered->pending, logits);
	return buffered;
}

void
buffered_state_replace(BufferedState *buffered, LossState *flat)
{
	if (flat != buffered->flat)
	{
		pfree(buffered->flat);
		buffered->flat = flat;
	}
}

/* A row's loss the fast path below does not take: the general path. */
static pg_noinline void
add_loss_widening(BufferedState *buffered, double loss)
{
	LossState  *state = buffered->flat;
	SummaryStatus status = summary_state_add_row(&state, loss, 1.0, false, 1,
												 &buffered->mem);

	buffered_state_replace(buffered, state);
	xent_report_state_status(status, "loss_state", buffered->func, "row",
							 loss, 1.0);
}

/* loss_state_add_plain_row()'s fast path, on the bytes kept here. */
static pg_attribute_always_inline void
add_loss(BufferedState *buffered, double loss)
{
	LossState  *state = buffered->flat;

	if (likely(state->version == SUMMARY_V1 &&
			   summary_spans_add_plain(&state->n, &state->loss,
									   summary_loss_limbs(state), loss, 1)))
		return;
	add_loss_widening(buffered, loss);
}

void
buffered_state_add_loss(BufferedState *buffered, double loss)
{
	add_loss(buffered, loss);
}

void
buffered_state_flush(BufferedState *buffered)
{
	double		loss[PENDING_ROWS];
	int			n;

	if (buffered->pending.n_front + buffered->pending.n_back == 0)
		return;
	n = pending_losses_take(&buffered->pending, xent_kernels(), loss);
	for (int i = 0; i < n; i++)
		add_loss(buffered, loss[i]);
}
