/*
 * loss_state.c
 *		The loss_state type as SQL sees it: input and output, binary send and
 *		receive, the transitions every summarising aggregate shares (a row in,
 *		a row out, a state merged in or taken out) and the accessors, over
 *		the core's stored bytes (summary.h, stored_state.h): detoasting, the
 *		aggregate-context check, and the core's statuses raised as errors.
 */
#include "postgres.h"

#include <math.h>

#include "libpq/pqformat.h"
#include "utils/float.h"

#include "args.h"
#include "buffered_state.h"
#include "loss_state.h"
#include "sum_wire.h"

static void *
alloc_state(size_t size, void *arg pg_attribute_unused())
{
	void	   *state = palloc(size);

	SET_VARSIZE(state, size);
	return state;
}

const StoredAlloc xent_state_memory = {alloc_state, NULL};

#define state_memory xent_state_memory

/* A new state holding s, its spans no wider than s needs: one to store. */
static LossState *
pack(const LossSummary *s)
{
	return summary_pack(s, 0, &state_memory);
}

/*
 * Stored states were written by this code; a layout it does not know is a
 * later version's or a damaged one, and must not be read as this one.
 */
void
xent_check_state_layout(const char *type, const void *state,
						const StoredKind *kind, int last_version)
{
	Size		size = VARSIZE(state);

	if (size >= STORED_HEAD && kind == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s of format version %d is not supported",
						type, stored_version(state)),
				 errdetail("This version of xent reads format versions 1 to %d.",
						   last_version)));
	if (kind == NULL || !stored_layout_is_valid(kind, state, size))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid %s layout", type)));
}

static void
check_layout(const LossState *state)
{
	const StoredKind *kind = NULL;

	if (VARSIZE(state) >= stored_header_size(&summary_kind_v1) &&
		(state->version == SUMMARY_V1 ||
		 state->version == SUMMARY_FORMAT_VERSION))
		kind = summary_kind_of(state);
	else if (VARSIZE(state) < stored_header_size(&summary_kind_v1))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid loss_state layout")));
	xent_check_state_layout("loss_state", state, kind,
							SUMMARY_FORMAT_VERSION);
}

/*
 * A state argument to read: a buffered one's own bytes once its pending
 * rows are in, without the copy that detoasting would flatten it into.
 */
static LossState *
state_arg(FunctionCallInfo fcinfo, int argno)
{
	BufferedState *buffered = buffered_state_of(PG_GETARG_DATUM(argno));
	LossState  *state;

	if (buffered != NULL)
	{
		buffered_state_flush(buffered);
		return buffered->flat;
	}
	state = (LossState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));

	check_layout(state);
	return state;
}

void *
xent_writable_state(FunctionCallInfo fcinfo, void (*check) (const void *))
{
	void	   *state;

	if (AggCheckCallContext(fcinfo, NULL))
		return PG_GETARG_POINTER(0);
	state = PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
	check(state);
	return state;
}

static void
check_loss_state(const void *state)
{
	check_layout((const LossState *) state);
}

/*
 * State argument 0, writable: in place inside an aggregate, where the state
 * is always one this code made (from INITCOND or a transition), else a
 * checked copy.  A buffered state (only an aggregate's own) gives its
 * bytes, its pending rows added first, and *buffered; else *buffered is
 * NULL.
 */
static LossState *
writable_state(FunctionCallInfo fcinfo, BufferedState **buffered)
{
	*buffered = NULL;
	if (AggCheckCallContext(fcinfo, NULL))
		*buffered = buffered_state_of(PG_GETARG_DATUM(0));
	if (*buffered != NULL)
	{
		buffered_state_flush(*buffered);
		return (*buffered)->flat;
	}
	return (LossState *) xent_writable_state(fcinfo, check_loss_state);
}

/* Where a writable state's new bytes go. */
static const StoredAlloc *
memory_for(const BufferedState *buffered)
{
	return buffered != NULL ? &buffered->mem : &state_memory;
}

/* The state to return: a buffered one keeps the new bytes. */
static Datum
result_state(LossState *state, BufferedState *buffered)
{
	if (buffered == NULL)
		PG_RETURN_POINTER(state);
	buffered_state_replace(buffered, state);
	return EOHPGetRWDatum(&buffered->hdr);
}

static void
report_too_many_rows(const char *type)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s row count out of range", type),
			 errdetail("A %s counts at most " INT64_FORMAT " rows.",
					   type, PG_INT64_MAX)));
}

static void
report_not_held(const char *type, const char *func, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s does not hold the %s to be removed", type, what),
			 errdetail("%s() can remove only what was added to the state.",
					   func)));
}

void
xent_report_state_status(SummaryStatus status, const char *type,
						 const char *func, const char *what, double loss,
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
			report_too_many_rows(type);
			break;
		case SUMMARY_NOT_HELD:
			report_not_held(type, func, what);
			break;
	}
}

static void
report_row_status(SummaryStatus status, const char *func, double loss,
				  double weight)
{
	xent_report_state_status(status, "loss_state", func, "row", loss, weight);
}

/* A row in or out, keeping its second moment or not. */
static Datum
add_row(FunctionCallInfo fcinfo, const char *func, double loss, double weight,
		bool weighted, bool moment, int sign)
{
	BufferedState *buffered;
	LossState  *state = writable_state(fcinfo, &buffered);
	SummaryStatus status = (moment ? summary_state_add_moment_row :
							summary_state_add_row) (&state, loss, weight,
													weighted, sign,
													memory_for(buffered));

	report_row_status(status, func, loss, weight);
	return result_state(state, buffered);
}

Datum
loss_state_add_row(FunctionCallInfo fcinfo, const char *func, double loss,
				   double weight, bool weighted, int sign)
{
	return add_row(fcinfo, func, loss, weight, weighted, false, sign);
}

Datum
loss_state_add_moment_row(FunctionCallInfo fcinfo, const char *func,
						  double loss, double weight, bool weighted, int sign)
{
	return add_row(fcinfo, func, loss, weight, weighted, true, sign);
}

Datum
loss_state_merge_rows(FunctionCallInfo fcinfo, const LossSummary *rows,
					  int sign, const char *func, double loss, double weight)
{
	BufferedState *buffered;
	LossState  *state = writable_state(fcinfo, &buffered);
	SummaryStatus status = summary_state_merge_summary(&state, rows, sign,
													   memory_for(buffered));

	report_row_status(status, func, loss, weight);
	return result_state(state, buffered);
}

/* Argument 0 plus (or minus) argument 1, both states. */
static Datum
merge_states(FunctionCallInfo fcinfo, int sign, const char *func)
{
	BufferedState *buffered;
	LossState  *state = writable_state(fcinfo, &buffered);
	LossState  *other = state_arg(fcinfo, 1);
	SummaryStatus status = summary_state_merge(&state, other, sign,
											   memory_for(buffered));

	xent_report_state_status(status, "loss_state", func, "state", 0.0, 0.0);
	return result_state(state, buffered);
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
					 errdetail("It is of format version %d; this version of xent reads versions 1 to %d.",
							   version, SUMMARY_FORMAT_VERSION)));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"loss_state", text),
				 errdetail("A loss_state reads (v2,rows,weighted rows,NaN weights,NaN losses,+Infinity losses,-Infinity losses,rows beyond range,rows without moment,weight sum,loss sum,squared weight sum,squared loss sum), or in format v1 without the two counts and two sums after the -Infinity and loss fields, each sum 0 or hexadecimal digits times a power of 2, such as 0x1ap-3.")));
	}
	if (!summary_is_possible(&s))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"loss_state", text),
				 errdetail("No rows can produce these counts and sums.")));
	PG_RETURN_POINTER(pack(&s));
}

PG_FUNCTION_INFO_V1(loss_state_out);
Datum
loss_state_out(PG_FUNCTION_ARGS)
{
	LossSummary s;
	char	   *text = palloc(SUMMARY_TEXT_MAX);

	summary_unpack(state_arg(fcinfo, 0), &s);
	summary_format(&s, text);
	PG_RETURN_CSTRING(text);
}

/*
 * Binary form: the format version (int1), the six counts (int8), in v2 the
 * two moment counts (int8), then each sum (two, in v2 four) as sum_wire.h
 * sends it.
 */
PG_FUNCTION_INFO_V1(loss_state_send);
Datum
loss_state_send(PG_FUNCTION_ARGS)
{
	LossSummary s;
	StringInfoData buf;

	summary_unpack(state_arg(fcinfo, 0), &s);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SUMMARY_FORMAT_VERSION);
	pq_sendint64(&buf, s.n.rows);
	pq_sendint64(&buf, s.n.weighted);
	pq_sendint64(&buf, s.n.nan_weights);
	pq_sendint64(&buf, s.n.nan_losses);
	pq_sendint64(&buf, s.n.pos_inf);
	pq_sendint64(&buf, s.n.neg_inf);
	pq_sendint64(&buf, s.m.beyond);
	pq_sendint64(&buf, s.m.no_moment);
	xent_send_sum(&buf, &s.weight);
	xent_send_sum(&buf, &s.loss);
	xent_send_sum(&buf, &s.weight_sq);
	xent_send_sum(&buf, &s.loss_sq);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(loss_state_recv);
Datum
loss_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	LossSummary s;

	if (version != SUMMARY_V1 && version != SUMMARY_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external loss_state value"),
				 errdetail("It is of format version %d; this version of xent reads versions 1 to %d.",
						   version, SUMMARY_FORMAT_VERSION)));
	summary_init(&s);
	s.version = version;
	s.n.rows = pq_getmsgint64(buf);
	s.n.weighted = pq_getmsgint64(buf);
	s.n.nan_weights = pq_getmsgint64(buf);
	s.n.nan_losses = pq_getmsgint64(buf);
	s.n.pos_inf = pq_getmsgint64(buf);
	s.n.neg_inf = pq_getmsgint64(buf);
	if (version == SUMMARY_V1)
		s.m.no_moment = s.n.rows;
	else
	{
		s.m.beyond = pq_getmsgint64(buf);
		s.m.no_moment = pq_getmsgint64(buf);
	}
	if (!xent_recv_sum(buf, &s.weight) || !xent_recv_sum(buf, &s.loss) ||
		(version != SUMMARY_V1 &&
		 (!xent_recv_sum(buf, &s.weight_sq) || !xent_recv_sum(buf, &s.loss_sq))) ||
		!summary_is_possible(&s))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external loss_state value"),
				 errdetail("No rows can produce these counts and sums.")));
	PG_RETURN_POINTER(pack(&s));
}

/* The final function of the mean-loss aggregates: see summary_mean(). */
PG_FUNCTION_INFO_V1(loss_state_mean);
Datum
loss_state_mean(PG_FUNCTION_ARGS)
{
	LossSummary s;
	double		mean;

	summary_unpack(state_arg(fcinfo, 0), &s);
	if (!summary_mean(&s, &mean))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(mean);
}

/*
 * The final function of loss_agg and rollup: the state, with its spans
 * trimmed to the limbs in use, or NULL over no rows (as avg() is).
 */
PG_FUNCTION_INFO_V1(loss_state_final);
Datum
loss_state_final(PG_FUNCTION_ARGS)
{
	LossSummary s;

	summary_unpack(state_arg(fcinfo, 0), &s);
	if (s.n.rows == 0)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(pack(&s));
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
	summary_unpack(state_arg(fcinfo, 0), &s);
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

	summary_unpack(state_arg(fcinfo, 0), &s);
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

	summary_unpack(state_arg(fcinfo, 0), &s);
	total = summary_total_weight(&s, &status);
	report_total_status(status, "total weight");
	PG_RETURN_FLOAT8(total);
}

/* loss_variance(loss_state) and std_error(loss_state): summary_variance(). */
static Datum
variance_accessor(FunctionCallInfo fcinfo, bool std_error)
{
	LossSummary s;
	double		variance;
	double		error;

	summary_unpack(state_arg(fcinfo, 0), &s);
	if (!summary_variance(&s, &variance, &error))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(std_error ? error : variance);
}

PG_FUNCTION_INFO_V1(loss_state_variance);
Datum
loss_state_variance(PG_FUNCTION_ARGS)
{
	return variance_accessor(fcinfo, false);
}

PG_FUNCTION_INFO_V1(loss_state_std_error);
Datum
loss_state_std_error(PG_FUNCTION_ARGS)
{
	return variance_accessor(fcinfo, true);
}
