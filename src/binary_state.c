/*
 * binary_state.c
 *		The binary_state type as SQL sees it: input and output, binary send
 *		and receive, the transitions of binary_agg and binary_agg_logits
 *		(from a probability or a logit, with a float8 or boolean label, with
 *		or without a weight), rollup's combine and inverse, and the
 *		accessors, over the core's summary (binary_summary.h) in the stored
 *		layout of stored_state.h.  The transitions are strict: a row with a
 *		NULL label, prediction or weight is skipped both ways.
 */
#include "postgres.h"

#include <math.h>

#include "libpq/pqformat.h"

#include "args.h"
#include "binary_summary.h"
#include "loss_state.h"
#include "losses.h"

static void
check_layout(const void *state)
{
	const StoredKind *kind = NULL;

	if (VARSIZE(state) >= STORED_HEAD &&
		stored_version(state) == BINARY_FORMAT_VERSION)
		kind = &binary_kind;
	xent_check_state_layout("binary_state", state, kind,
							BINARY_FORMAT_VERSION);
}

static void *
state_arg(FunctionCallInfo fcinfo, int argno)
{
	void	   *state = PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));

	check_layout(state);
	return state;
}

static void
summary_arg(FunctionCallInfo fcinfo, int argno, BinarySummary *s)
{
	binary_unpack(state_arg(fcinfo, argno), s);
}

/*
 * Add (sign 1) or remove (sign -1) the row of label, argument 2 (a
 * probability, or a logit where logits) and argument 3 (the weight, if
 * given).
 */
static Datum
add_row(FunctionCallInfo fcinfo, double label, bool logits, int sign)
{
	const char *func = logits ? "binary_agg_logits" : "binary_agg";
	double		prediction = PG_GETARG_FLOAT8(2);
	bool		weighted = PG_NARGS() > 3;
	double		weight = weighted ? PG_GETARG_FLOAT8(3) : 1.0;
	double		prob;
	double		loss;
	BinaryRow	row;
	void	   *state;

	if (logits)
	{
		loss = xent_checked_bce_logit(func, label, prediction);
		prob = xent_logistic(prediction);
	}
	else
	{
		loss = xent_checked_bce(func, label, prediction);
		prob = prediction;
	}
	xent_report_state_status(binary_row_terms(label, prob, loss, weight,
											  weighted, &row),
							 "binary_state", func, "row", loss, weight);
	state = xent_writable_state(fcinfo, check_layout);
	xent_report_state_status(binary_state_add_row(&state, &row, sign,
												  &xent_state_memory),
							 "binary_state", func, "row", loss, weight);
	PG_RETURN_POINTER(state);
}

#define BINARY_TRANSITIONS(name, label, logits) \
PG_FUNCTION_INFO_V1(name##_accum); \
Datum \
name##_accum(PG_FUNCTION_ARGS) \
{ \
	return add_row(fcinfo, label(fcinfo), logits, 1); \
} \
PG_FUNCTION_INFO_V1(name##_retract); \
Datum \
name##_retract(PG_FUNCTION_ARGS) \
{ \
	return add_row(fcinfo, label(fcinfo), logits, -1); \
}

BINARY_TRANSITIONS(binary_agg, xent_float8_label, false)
BINARY_TRANSITIONS(binary_agg_bool, xent_bool_label, false)
BINARY_TRANSITIONS(binary_agg_logits, xent_float8_label, true)
BINARY_TRANSITIONS(binary_agg_logits_bool, xent_bool_label, true)

/* Argument 0 plus (or minus) argument 1, both states. */
static Datum
merge_states(FunctionCallInfo fcinfo, int sign)
{
	void	   *state = xent_writable_state(fcinfo, check_layout);
	void	   *other = state_arg(fcinfo, 1);

	xent_report_state_status(binary_state_merge(&state, other, sign,
												&xent_state_memory),
							 "binary_state", "rollup", "state", 0.0, 0.0);
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(binary_state_combine);
Datum
binary_state_combine(PG_FUNCTION_ARGS)
{
	return merge_states(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(binary_state_retract);
Datum
binary_state_retract(PG_FUNCTION_ARGS)
{
	return merge_states(fcinfo, -1);
}

/* The state with its spans trimmed to the limbs in use, or NULL over no rows. */
PG_FUNCTION_INFO_V1(binary_state_final);
Datum
binary_state_final(PG_FUNCTION_ARGS)
{
	BinarySummary s;

	summary_arg(fcinfo, 0, &s);
	if (s.loss.n.rows == 0)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(binary_pack(&s, 0, &xent_state_memory));
}

static void
report_impossible(const char *text)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"",
					"binary_state", text),
			 errdetail("No rows can produce these counts and sums.")));
}

/* Text form: see binary_summary.h. */
PG_FUNCTION_INFO_V1(binary_state_in);
Datum
binary_state_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	BinarySummary s;
	int			version;

	if (!binary_parse(text, &s, &version))
	{
		if (version > BINARY_FORMAT_VERSION)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type %s: \"%s\"",
							"binary_state", text),
					 errdetail("It is of format version %d; this version of xent reads version %d.",
							   version, BINARY_FORMAT_VERSION)));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"binary_state", text),
				 errdetail("A binary_state reads (v1,rows,weighted rows,NaN weights,NaN losses,+Infinity losses,-Infinity losses,rows beyond range,rows without moment,rows of positive weight,NaN labels,NaN probabilities,weight sum,loss sum,squared weight sum,squared loss sum,label sum,probability sum,squared label sum,Brier sum), each sum 0 or hexadecimal digits times a power of 2, such as 0x1ap-3.")));
	}
	if (!binary_is_possible(&s))
		report_impossible(text);
	PG_RETURN_POINTER(binary_pack(&s, 0, &xent_state_memory));
}

PG_FUNCTION_INFO_V1(binary_state_out);
Datum
binary_state_out(PG_FUNCTION_ARGS)
{
	BinarySummary s;
	char	   *text = palloc(BINARY_TEXT_MAX);

	summary_arg(fcinfo, 0, &s);
	binary_format(&s, text);
	PG_RETURN_CSTRING(text);
}

/*
 * Binary form: the format version (int1), the eleven counts (int8) in the
 * text form's order, then the eight sums, each as loss_state sends one.
 */
PG_FUNCTION_INFO_V1(binary_state_send);
Datum
binary_state_send(PG_FUNCTION_ARGS)
{
	void	   *state = state_arg(fcinfo, 0);
	const int64 *count = stored_counts(state);
	BinarySummary s;
	StringInfoData buf;
	const ExactSum *sums[BINARY_SUMS] = {&s.loss.weight, &s.loss.loss,
		&s.loss.weight_sq, &s.loss.loss_sq, &s.label, &s.prob,
	&s.label_sq, &s.brier};

	binary_unpack(state, &s);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, BINARY_FORMAT_VERSION);
	for (int i = 0; i < binary_kind.n_counts; i++)
		pq_sendint64(&buf, count[i]);
	for (int i = 0; i < BINARY_SUMS; i++)
		xent_send_sum(&buf, sums[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(binary_state_recv);
Datum
binary_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	BinaryStoredCounts counts;
	int64	   *count = (int64 *) &counts;
	BinarySummary s;
	ExactSum   *sums[BINARY_SUMS] = {&s.loss.weight, &s.loss.loss,
		&s.loss.weight_sq, &s.loss.loss_sq, &s.label, &s.prob,
	&s.label_sq, &s.brier};
	bool		valid = true;

	if (version != BINARY_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external binary_state value"),
				 errdetail("It is of format version %d; this version of xent reads version %d.",
						   version, BINARY_FORMAT_VERSION)));
	binary_init(&s);
	for (int i = 0; i < binary_kind.n_counts; i++)
		count[i] = pq_getmsgint64(buf);
	s.loss.n = counts.n;
	s.loss.m = counts.m;
	s.b = counts.b;
	for (int i = 0; i < BINARY_SUMS && valid; i++)
		valid = xent_recv_sum(buf, sums[i]);
	if (!valid || !binary_is_possible(&s))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external binary_state value"),
				 errdetail("No rows can produce these counts and sums.")));
	PG_RETURN_POINTER(binary_pack(&s, 0, &xent_state_memory));
}

/* An accessor: the core's function of the summary, NULL where it says so. */
static Datum
accessor(FunctionCallInfo fcinfo,
		 bool (*read) (const BinarySummary *, double *))
{
	BinarySummary s;
	double		value;

	summary_arg(fcinfo, 0, &s);
	if (!read(&s, &value))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(value);
}

#define BINARY_ACCESSOR(name, read) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	return accessor(fcinfo, read); \
}

BINARY_ACCESSOR(binary_state_std_error, binary_std_error)
BINARY_ACCESSOR(binary_state_brier, binary_brier)
BINARY_ACCESSOR(binary_state_prevalence, binary_prevalence)
BINARY_ACCESSOR(binary_state_mean_prediction, binary_mean_prediction)
BINARY_ACCESSOR(binary_state_calibration_ratio, binary_calibration_ratio)
BINARY_ACCESSOR(binary_state_normalized_entropy, binary_normalized_entropy)
BINARY_ACCESSOR(binary_state_d2_log_loss, binary_d2_log_loss)
BINARY_ACCESSOR(binary_state_d2_brier, binary_d2_brier)

/* log_loss(state binary_state, base float8 DEFAULT NULL) */
PG_FUNCTION_INFO_V1(binary_state_log_loss);
Datum
binary_state_log_loss(PG_FUNCTION_ARGS)
{
	BinarySummary s;
	double		log_base;
	double		value;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	log_base = xent_get_log_base(fcinfo, 1, "log_loss");
	summary_arg(fcinfo, 0, &s);
	if (!binary_log_loss(&s, &value))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(value / log_base);
}

PG_FUNCTION_INFO_V1(binary_state_num_rows);
Datum
binary_state_num_rows(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(((const BinaryStoredCounts *)
					 stored_counts(state_arg(fcinfo, 0)))->n.rows);
}

PG_FUNCTION_INFO_V1(binary_state_total_weight);
Datum
binary_state_total_weight(PG_FUNCTION_ARGS)
{
	BinarySummary s;
	SummaryStatus status;
	double		total;

	summary_arg(fcinfo, 0, &s);
	total = summary_total_weight(&s.loss, &status);
	if (status == SUMMARY_OUT_OF_RANGE)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value out of range: overflow"),
				 errdetail("The total weight of the binary_state is beyond the range of type double precision.")));
	PG_RETURN_FLOAT8(total);
}
