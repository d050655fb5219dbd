/*
 * loss_state.c
 *		The loss_state type: input and output, binary send and receive, and
 *		the aggregate support shared by every mean loss (combine and final).
 */
#include "postgres.h"

#include <ctype.h>
#include <math.h>

#include "common/int.h"
#include "libpq/pqformat.h"
#include "utils/float.h"

#include "loss_state.h"

StaticAssertDecl(sizeof(LossState) == LOSS_STATE_SIZE,
				 "LossState must match the INTERNALLENGTH of loss_state");

static void
loss_state_init(LossState *state)
{
	state->count = 0;
	state->n_posinf = 0;
	state->n_nan = 0;
	xsum_init(&state->sum);
}

/*
 * The counts and the sum must be possible together: no more special rows
 * than rows, no finite sum without a finite row, and no sum larger than its
 * finite rows could reach.
 */
static bool
counts_consistent(const LossState *state)
{
	ExactSum	zero;
	int64		finite;

	if (state->count < 0 || state->n_posinf < 0 || state->n_nan < 0 ||
		state->n_posinf > state->count - state->n_nan)
		return false;
	finite = state->count - state->n_posinf - state->n_nan;
	if (finite == 0)
	{
		xsum_init(&zero);
		return memcmp(state->sum.chunk, zero.chunk, sizeof(zero.chunk)) == 0;
	}
	/* Each finite loss is below 2^1024: the sum of `finite` of them too. */
	return xsum_bit_length(&state->sum) <=
		1074 + 1024 + (64 - __builtin_clzll((uint64) finite));
}

static void
skip_space(const char **p)
{
	while (isspace((unsigned char) **p))
		(*p)++;
}

/* Read "<int64>," at *p. */
static bool
read_count(const char **p, int64 *value)
{
	char	   *end;

	skip_space(p);
	if (!isdigit((unsigned char) **p))
		return false;
	errno = 0;
	*value = strtoll(*p, &end, 10);
	if (errno != 0)
		return false;
	*p = end;
	skip_space(p);
	if (**p != ',')
		return false;
	(*p)++;
	return true;
}

/* Text form: (count,+Infinity count,NaN count,exact sum), see exact_sum.h. */
PG_FUNCTION_INFO_V1(loss_state_in);
Datum
loss_state_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	const char *p = text;
	LossState  *state = palloc(sizeof(LossState));
	bool		ok;

	skip_space(&p);
	ok = *p++ == '(' &&
		read_count(&p, &state->count) &&
		read_count(&p, &state->n_posinf) &&
		read_count(&p, &state->n_nan);
	if (ok)
	{
		skip_space(&p);
		ok = xsum_parse(p, &p, &state->sum);
	}
	if (ok)
	{
		skip_space(&p);
		ok = *p++ == ')';
		skip_space(&p);
		ok = ok && *p == '\0';
	}
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"loss_state", text),
				 errdetail("A loss_state reads (count,infinities,NaNs,sum), the sum as 0 or as hexadecimal digits times a power of 2, such as 0x1ap-3.")));
	if (!counts_consistent(state))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"loss_state", text),
				 errdetail("The counts of infinities and NaNs exceed the count of rows, or the sum is more than its finite rows can add up to.")));
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(loss_state_out);
Datum
loss_state_out(PG_FUNCTION_ARGS)
{
	LossState  *state = (LossState *) PG_GETARG_POINTER(0);
	char		sum[XSUM_TEXT_MAX];

	xsum_format(&state->sum, sum);
	PG_RETURN_CSTRING(psprintf("(" INT64_FORMAT "," INT64_FORMAT ","
							   INT64_FORMAT ",%s)",
							   state->count, state->n_posinf, state->n_nan,
							   sum));
}

/* Binary form: the three counts, then the normalised chunks, all int8. */
PG_FUNCTION_INFO_V1(loss_state_send);
Datum
loss_state_send(PG_FUNCTION_ARGS)
{
	LossState  *state = (LossState *) PG_GETARG_POINTER(0);
	ExactSum	sum = state->sum;
	StringInfoData buf;

	xsum_normalize(&sum);
	pq_begintypsend(&buf);
	pq_sendint64(&buf, state->count);
	pq_sendint64(&buf, state->n_posinf);
	pq_sendint64(&buf, state->n_nan);
	for (int i = 0; i < XSUM_CHUNKS; i++)
		pq_sendint64(&buf, sum.chunk[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(loss_state_recv);
Datum
loss_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	LossState  *state = palloc(sizeof(LossState));

	loss_state_init(state);
	state->count = pq_getmsgint64(buf);
	state->n_posinf = pq_getmsgint64(buf);
	state->n_nan = pq_getmsgint64(buf);
	for (int i = 0; i < XSUM_CHUNKS; i++)
		state->sum.chunk[i] = pq_getmsgint64(buf);
	if (!xsum_is_normalized(&state->sum) || !counts_consistent(state))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external loss_state value")));
	PG_RETURN_POINTER(state);
}

/* State argument 0, writable: in place inside an aggregate, else a copy. */
static LossState *
writable_state(FunctionCallInfo fcinfo)
{
	LossState  *state = (LossState *) PG_GETARG_POINTER(0);

	if (AggCheckCallContext(fcinfo, NULL))
		return state;
	return (LossState *) memcpy(palloc(sizeof(LossState)), state,
								sizeof(LossState));
}

Datum
loss_state_step(FunctionCallInfo fcinfo, double loss, bool retract)
{
	LossState  *state = writable_state(fcinfo);
	int64		step = retract ? -1 : 1;

	state->count += step;
	if (isnan(loss))
		state->n_nan += step;
	else if (loss == INFINITY)
		state->n_posinf += step;
	else if (loss == -INFINITY)
		elog(ERROR, "a loss of -Infinity cannot be averaged");
	else
		xsum_add(&state->sum, retract ? -loss : loss);

	/* An inverse transition for a row never added is a bug in the caller. */
	if (state->count < 0 || state->n_nan < 0 || state->n_posinf < 0)
		elog(ERROR, "loss_state retracted a row it did not hold");
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(loss_state_combine);
Datum
loss_state_combine(PG_FUNCTION_ARGS)
{
	LossState  *state = writable_state(fcinfo);
	LossState  *other = (LossState *) PG_GETARG_POINTER(1);

	if (pg_add_s64_overflow(state->count, other->count, &state->count))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("loss_state row count out of range")));
	/* Each is at most its count, so neither can overflow now. */
	state->n_posinf += other->n_posinf;
	state->n_nan += other->n_nan;
	xsum_add_sum(&state->sum, &other->sum);
	PG_RETURN_POINTER(state);
}

/*
 * The mean: the exact sum rounded once, divided by the count; NULL for no
 * rows, NaN if any loss was NaN, else +Infinity if any was.
 */
PG_FUNCTION_INFO_V1(loss_state_mean);
Datum
loss_state_mean(PG_FUNCTION_ARGS)
{
	LossState  *state = (LossState *) PG_GETARG_POINTER(0);

	if (state->count == 0)
		PG_RETURN_NULL();
	if (state->n_nan > 0)
		PG_RETURN_FLOAT8(get_float8_nan());
	if (state->n_posinf > 0)
		PG_RETURN_FLOAT8(get_float8_infinity());
	PG_RETURN_FLOAT8(xsum_round(&state->sum) / (double) state->count);
}
