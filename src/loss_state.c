/*
 * loss_state.c
 *		The loss_state type: its layout, input and output, binary send and
 *		receive, the transitions every summarising aggregate shares (a row in,
 *		a row out, a state merged in or taken out), and the accessors.
 */
#include "postgres.h"

#include <math.h>

#include "libpq/pqformat.h"
#include "utils/float.h"

#include "args.h"
#include "loss_state.h"

#define LOSS_STATE_HEADER offsetof(LossState, chunk)

/* Spans widened by this many chunks each way leave room for nearby magnitudes. */
#define GROWTH_MARGIN 1

/* A new state holding s, its spans widened by margin chunks. */
static LossState *
pack(const LossSummary *s, int margin)
{
	XsumSpan	weight = xsum_span_of(&s->weight, margin);
	XsumSpan	loss = xsum_span_of(&s->loss, margin);
	Size		size = LOSS_STATE_HEADER + (weight.n + loss.n) * sizeof(int64);
	LossState  *state = palloc0(size);

	SET_VARSIZE(state, size);
	state->version = SUMMARY_FORMAT_VERSION;
	state->n = s->n;
	state->weight = weight;
	state->loss = loss;
	xsum_to_span(&s->weight, weight, loss_state_weight_chunks(state));
	xsum_to_span(&s->loss, loss, loss_state_loss_chunks(state));
	return state;
}

static void
unpack(LossState *state, LossSummary *s)
{
	summary_init(s);
	s->n = state->n;
	xsum_add_span(&s->weight, &state->weight,
				  loss_state_weight_chunks(state), 1);
	xsum_add_span(&s->loss, &state->loss, loss_state_loss_chunks(state), 1);
}

/*
 * Stored states were written by this code; a layout it does not know is a
 * later version's or a damaged one, and must not be read as this one.
 */
static void
check_layout(const LossState *state)
{
	Size		size = VARSIZE(state);

	if (size >= LOSS_STATE_HEADER && state->version != SUMMARY_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("loss_state of format version %d is not supported",
						state->version),
				 errdetail("This version of xent reads format version %d.",
						   SUMMARY_FORMAT_VERSION)));
	if (size < LOSS_STATE_HEADER ||
		state->weight.n < 0 || state->loss.n < 0 ||
		state->weight.lo < 0 || state->loss.lo < 0 ||
		state->weight.lo + state->weight.n > XSUM_CHUNKS ||
		state->loss.lo + state->loss.n > XSUM_CHUNKS ||
		size != LOSS_STATE_HEADER + (state->weight.n + state->loss.n) * sizeof(int64))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid loss_state layout")));
}

static LossState *
state_arg(FunctionCallInfo fcinfo, int argno)
{
	LossState  *state = (LossState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));

	check_layout(state);
	return state;
}

/*
 * State argument 0, writable: in place inside an aggregate, where the state
 * is always one this code made (from INITCOND or a transition), else a
 * checked copy.
 */
static LossState *
writable_state(FunctionCallInfo fcinfo)
{
	LossState  *state;

	if (AggCheckCallContext(fcinfo, NULL))
		return (LossState *) PG_GETARG_POINTER(0);
	state = (LossState *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
	check_layout(state);
	return state;
}

static void
report_too_many_rows(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("loss_state row count out of range"),
			 errdetail("A loss_state counts at most " INT64_FORMAT " rows.",
					   PG_INT64_MAX)));
}

static void
report_not_held(const char *func, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("loss_state does not hold the %s to be removed", what),
			 errdetail("%s() can remove only what was added to the state.",
					   func)));
}

static void
report_row_status(SummaryStatus status, const char *func, double loss,
				  double weight)
{
	switch (status)
	{
		case SUMMARY_OK:
			return;
		case SUMMARY_BAD_WEIGHT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"weight\" of %s() must be finite and not negative",
							func),
					 errdetail("It is %s.", float8out_internal(weight))));
			break;
		case SUMMARY_PRODUCT_OVERFLOW:
		case SUMMARY_OUT_OF_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("weighted loss is out of range for type double precision"),
					 errdetail("In %s(), weight %s times loss %s overflows.",
							   func, float8out_internal(weight),
							   float8out_internal(loss))));
			break;
		case SUMMARY_TOO_MANY_ROWS:
			report_too_many_rows();
			break;
		case SUMMARY_NOT_HELD:
			report_not_held(func, "row");
			break;
	}
}

/* After a removal: only what rows can produce may leave a public function. */
static void
check_still_possible(LossState *state, const char *func, const char *what)
{
	LossSummary s;

	if (summary_spans_surely_possible(&state->n, &state->weight, &state->loss))
		return;
	unpack(state, &s);
	if (!summary_is_possible(&s))
		report_not_held(func, what);
}

/* A copy of state with wider spans, its chunks moved into them. */
static LossState *
widen(LossState *state, XsumSpan weight, XsumSpan loss)
{
	Size		size = LOSS_STATE_HEADER + (weight.n + loss.n) * sizeof(int64);
	LossState  *wide = palloc(size);

	memcpy(wide, state, LOSS_STATE_HEADER);
	SET_VARSIZE(wide, size);
	wide->weight = weight;
	wide->loss = loss;
	xsum_span_move(&state->weight, loss_state_weight_chunks(state),
				   &wide->weight, loss_state_weight_chunks(wide));
	xsum_span_move(&state->loss, loss_state_loss_chunks(state),
				   &wide->loss, loss_state_loss_chunks(wide));
	return wide;
}

Datum
loss_state_add_row(FunctionCallInfo fcinfo, const char *func, double loss,
				   double weight, bool weighted, int sign)
{
	RowTerms	terms;
	PlacedTerms placed;
	LossState  *state;
	XsumSpan	weight_span;
	XsumSpan	loss_span;
	SpanFit		fit;

	state = writable_state(fcinfo);
	report_row_status(summary_row_terms(loss, weight, weighted, &terms),
					  func, loss, weight);
	report_row_status(counts_add_row(&state->n, &terms, sign),
					  func, loss, weight);

	summary_place_terms(&terms, &placed);
	weight_span = state->weight;
	loss_span = state->loss;
	fit = summary_spans_fit(&placed, &weight_span, &loss_span, GROWTH_MARGIN);
	if (fit == SPANS_FULL)
	{
		LossSummary s;

		/* Carries are due: normalise through the whole accumulator. */
		unpack(state, &s);
		summary_add_terms(&s, &terms, sign);
		state = pack(&s, GROWTH_MARGIN);
	}
	else
	{
		/* A wider state is new memory, which the aggregate adopts. */
		if (fit == SPANS_WIDEN)
			state = widen(state, weight_span, loss_span);
		summary_spans_add(&placed,
						  &state->weight, loss_state_weight_chunks(state),
						  &state->loss, loss_state_loss_chunks(state), sign);
	}
	if (sign < 0)
		check_still_possible(state, func, "row");
	PG_RETURN_POINTER(state);
}

/* Argument 0 plus (or minus) argument 1, both states. */
static Datum
merge_states(FunctionCallInfo fcinfo, int sign, const char *func)
{
	LossState  *state = writable_state(fcinfo);
	LossState  *other = state_arg(fcinfo, 1);
	SummaryStatus status = counts_add(&state->n, &other->n, sign);

	if (status == SUMMARY_TOO_MANY_ROWS)
		report_too_many_rows();
	if (status == SUMMARY_NOT_HELD)
		report_not_held(func, "state");

	if (xsum_span_can_merge(&state->weight, &other->weight) &&
		xsum_span_can_merge(&state->loss, &other->loss))
	{
		xsum_span_merge(&state->weight, loss_state_weight_chunks(state),
						&other->weight, loss_state_weight_chunks(other), sign);
		xsum_span_merge(&state->loss, loss_state_loss_chunks(state),
						&other->loss, loss_state_loss_chunks(other), sign);
	}
	else
	{
		LossSummary s;
		LossSummary o;

		unpack(state, &s);
		unpack(other, &o);
		if (sign > 0)
		{
			xsum_add_sum(&s.weight, &o.weight);
			xsum_add_sum(&s.loss, &o.loss);
		}
		else
		{
			xsum_sub_sum(&s.weight, &o.weight);
			xsum_sub_sum(&s.loss, &o.loss);
		}
		state = pack(&s, GROWTH_MARGIN);
	}
	if (sign < 0)
		check_still_possible(state, func, "state");
	PG_RETURN_POINTER(state);
}

/* Merge two states exactly: the combine function, and rollup's transition. */
PG_FUNCTION_INFO_V1(loss_state_combine);
Datum
loss_state_combine(PG_FUNCTION_ARGS)
{
	return merge_states(fcinfo, 1, "rollup");
}

/* Take a state merged earlier back out: rollup's inverse transition. */
PG_FUNCTION_INFO_V1(loss_state_retract);
Datum
loss_state_retract(PG_FUNCTION_ARGS)
{
	return merge_states(fcinfo, -1, "rollup");
}

/* Text form: see summary.h. */
PG_FUNCTION_INFO_V1(loss_state_in);
Datum
loss_state_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	LossSummary s;
	int			version;

	if (!summary_parse(text, &s, &version))
	{
		if (version > SUMMARY_FORMAT_VERSION)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type %s: \"%s\"",
							"loss_state", text),
					 errdetail("It is of format version %d; this version of xent reads version %d.",
							   version, SUMMARY_FORMAT_VERSION)));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"loss_state", text),
				 errdetail("A loss_state reads (v1,rows,weighted rows,NaN weights,NaN losses,+Infinity losses,-Infinity losses,weight sum,loss sum), each sum 0 or hexadecimal digits times a power of 2, such as 0x1ap-3.")));
	}
	if (!summary_is_possible(&s))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"loss_state", text),
				 errdetail("No rows can produce these counts and sums.")));
	PG_RETURN_POINTER(pack(&s, 0));
}

PG_FUNCTION_INFO_V1(loss_state_out);
Datum
loss_state_out(PG_FUNCTION_ARGS)
{
	LossSummary s;
	char	   *text = palloc(SUMMARY_TEXT_MAX);

	unpack(state_arg(fcinfo, 0), &s);
	summary_format(&s, text);
	PG_RETURN_CSTRING(text);
}

/*
 * Binary form: the format version (int1), the six counts (int8), then each
 * sum as its span: lowest chunk and number of chunks (int2 each), then the
 * normalised chunks (int8), the top one signed.
 */
static void
send_sum(StringInfo buf, const ExactSum *sum)
{
	XsumSpan	span = xsum_span_of(sum, 0);
	int64		chunk[XSUM_CHUNKS];

	xsum_to_span(sum, span, chunk);
	pq_sendint16(buf, span.lo);
	pq_sendint16(buf, span.n);
	for (int i = 0; i < span.n; i++)
		pq_sendint64(buf, chunk[i]);
}

static bool
recv_sum(StringInfo buf, ExactSum *sum)
{
	XsumSpan	span = {0, 0, 0};
	int64		chunk[XSUM_CHUNKS];

	span.lo = (int16) pq_getmsgint(buf, 2);
	span.n = (int16) pq_getmsgint(buf, 2);
	if (span.lo < 0 || span.n < 0 || span.lo + span.n > XSUM_CHUNKS)
		return false;
	for (int i = 0; i < span.n; i++)
		chunk[i] = pq_getmsgint64(buf);
	if (!xsum_span_is_valid(&span, chunk))
		return false;
	xsum_add_span(sum, &span, chunk, 1);
	return true;
}

PG_FUNCTION_INFO_V1(loss_state_send);
Datum
loss_state_send(PG_FUNCTION_ARGS)
{
	LossSummary s;
	StringInfoData buf;

	unpack(state_arg(fcinfo, 0), &s);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SUMMARY_FORMAT_VERSION);
	pq_sendint64(&buf, s.n.rows);
	pq_sendint64(&buf, s.n.weighted);
	pq_sendint64(&buf, s.n.nan_weights);
	pq_sendint64(&buf, s.n.nan_losses);
	pq_sendint64(&buf, s.n.pos_inf);
	pq_sendint64(&buf, s.n.neg_inf);
	send_sum(&buf, &s.weight);
	send_sum(&buf, &s.loss);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(loss_state_recv);
Datum
loss_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	LossSummary s;

	if (version != SUMMARY_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external loss_state value"),
				 errdetail("It is of format version %d; this version of xent reads version %d.",
						   version, SUMMARY_FORMAT_VERSION)));
	summary_init(&s);
	s.n.rows = pq_getmsgint64(buf);
	s.n.weighted = pq_getmsgint64(buf);
	s.n.nan_weights = pq_getmsgint64(buf);
	s.n.nan_losses = pq_getmsgint64(buf);
	s.n.pos_inf = pq_getmsgint64(buf);
	s.n.neg_inf = pq_getmsgint64(buf);
	if (!recv_sum(buf, &s.weight) || !recv_sum(buf, &s.loss) ||
		!summary_is_possible(&s))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external loss_state value"),
				 errdetail("No rows can produce these counts and sums.")));
	PG_RETURN_POINTER(pack(&s, 0));
}

/* The final function of the mean-loss aggregates: see summary_mean(). */
PG_FUNCTION_INFO_V1(loss_state_mean);
Datum
loss_state_mean(PG_FUNCTION_ARGS)
{
	LossSummary s;
	double		mean;

	unpack(state_arg(fcinfo, 0), &s);
	if (!summary_mean(&s, &mean))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(mean);
}

/*
 * The final function of loss_agg and rollup: the state, with its spans
 * trimmed to the chunks in use, or NULL over no rows (as avg() is).
 */
PG_FUNCTION_INFO_V1(loss_state_final);
Datum
loss_state_final(PG_FUNCTION_ARGS)
{
	LossSummary s;

	unpack(state_arg(fcinfo, 0), &s);
	if (s.n.rows == 0)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(pack(&s, 0));
}

/* mean(state loss_state, base float8 DEFAULT NULL) */
PG_FUNCTION_INFO_V1(loss_state_mean_in_base);
Datum
loss_state_mean_in_base(PG_FUNCTION_ARGS)
{
	LossSummary s;
	double		log_base;
	double		mean;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	log_base = xent_get_log_base(fcinfo, 1, "mean");
	unpack(state_arg(fcinfo, 0), &s);
	if (!summary_mean(&s, &mean))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(mean / log_base);
}

static void
report_total_status(SummaryStatus status, const char *func)
{
	if (status == SUMMARY_OUT_OF_RANGE)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value out of range: overflow"),
				 errdetail("The %s of the loss_state is beyond the range of type double precision.",
						   func)));
}

PG_FUNCTION_INFO_V1(loss_state_total);
Datum
loss_state_total(PG_FUNCTION_ARGS)
{
	LossSummary s;
	double		total;
	SummaryStatus status;

	unpack(state_arg(fcinfo, 0), &s);
	if (!summary_total(&s, &total, &status))
		PG_RETURN_NULL();
	report_total_status(status, "total");
	PG_RETURN_FLOAT8(total);
}

PG_FUNCTION_INFO_V1(loss_state_num_rows);
Datum
loss_state_num_rows(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(state_arg(fcinfo, 0)->n.rows);
}

PG_FUNCTION_INFO_V1(loss_state_total_weight);
Datum
loss_state_total_weight(PG_FUNCTION_ARGS)
{
	LossSummary s;
	double		total;
	SummaryStatus status;

	unpack(state_arg(fcinfo, 0), &s);
	total = summary_total_weight(&s, &status);
	report_total_status(status, "total weight");
	PG_RETURN_FLOAT8(total);
}
