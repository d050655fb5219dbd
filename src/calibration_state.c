/*
 * calibration_state.c
 *		The calibration_state type as SQL sees it: input and output, binary
 *		send and receive, calibration_agg's transitions (a binary row, or a
 *		top-label row from a vector of class probabilities), rollup's merge
 *		and retraction, and the accessors ece, reliability and
 *		brier_decomposition, over the core's stored bytes (calibration.h):
 *		detoasting, checks, and the core's statuses raised as errors.
 *
 * The state starts as NULL, not from an INITCOND: its bins come from the
 * first row's bounds.  So the transitions are not strict and skip a row
 * with a NULL input themselves; combine and rollup's functions are strict.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/float.h"

#include "args.h"
#include "calibration.h"
#include "loss_state.h"
#include "losses.h"
#include "sum_wire.h"

#define FUNC "calibration_agg"

static void *
alloc_state(size_t size, void *arg pg_attribute_unused())
{
	void	   *state = palloc(size);

	SET_VARSIZE(state, size);
	return state;
}

static const StoredAlloc state_memory = {alloc_state, NULL};

/* A state read from outside: a layout of this version, or an error. */
static void
check_layout(const void *state)
{
	Size		size = VARSIZE(state);

	if (size > STORED_VERSION_OFFSET &&
		stored_version(state) != CALIBRATION_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("calibration_state of format version %d is not supported",
						stored_version(state)),
				 errdetail("This version of xent reads format version %d.",
						   CALIBRATION_FORMAT_VERSION)));
	if (!calibration_layout_is_valid(state, size))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid calibration_state layout")));
}

static void *
state_arg(FunctionCallInfo fcinfo, int argno)
{
	void	   *state = PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));

	check_layout(state);
	return state;
}

/* A state unpacked, its bins in palloc'd memory. */
static void
unpack(const void *state, Calibration *c)
{
	c->bin = palloc(calibration_bins_size(calibration_n_bounds(state)));
	calibration_unpack(state, c);
}

static void
report_status(CalibrationStatus status, const char *func, double label,
			  double prob, double weight)
{
	switch (status)
	{
		case CALIBRATION_OK:
			return;
		case CALIBRATION_BAD_LABEL:
			xent_report_bad_label(func, label);
			break;
		case CALIBRATION_BAD_PROB:
			xent_report_bad_prob(func, prob);
			break;
		case CALIBRATION_BAD_WEIGHT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"weight\" of %s() must be finite and not negative",
							func),
					 errdetail("It is %s.", float8out_internal(weight))));
			break;
		case CALIBRATION_OTHER_BOUNDS:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s() can merge only calibration states of the same bounds",
							func)));
			break;
		case CALIBRATION_TOO_MANY_ROWS:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("calibration_state row count out of range"),
					 errdetail("A calibration_state counts at most " INT64_FORMAT " rows in a bin.",
							   PG_INT64_MAX)));
			break;
		case CALIBRATION_NOT_HELD:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("calibration_state does not hold what is to be removed"),
					 errdetail("%s() can remove only what was added to the state.",
							   func)));
			break;
	}
}

/* A first row's bounds: at most the most a state holds, as bin_counts' otherwise. */
static void
check_bounds(const XentArray *bounds)
{
	if (bounds->n > CALIBRATION_MAX_BOUNDS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("argument \"bounds\" of %s() has too many elements", FUNC),
				 errdetail("It has %d; a calibration_state holds at most %d bounds.",
						   bounds->n, CALIBRATION_MAX_BOUNDS)));
	xent_check_bounds(bounds);
}

/*
 * The state to add a row to (sign 1) or remove it from (-1), given the
 * row's bounds (argument bounds_arg): a new one on the first row, else
 * the group's, whose bounds the row's must equal.  NULL for a removal from
 * no state (which a window never asks).
 */
static void *
row_state(FunctionCallInfo fcinfo, int bounds_arg, int sign)
{
	XentArray	bounds;
	void	   *state;

	xent_get_array(fcinfo, bounds_arg, FUNC, "bounds", &bounds);
	if (PG_ARGISNULL(0))
	{
		if (sign < 0)
			report_status(CALIBRATION_NOT_HELD, FUNC, 0, 0, 0);
		check_bounds(&bounds);
		state = calibration_new(bounds.values, bounds.n, &state_memory);
	}
	else
	{
		state = xent_writable_state(fcinfo, check_layout);
		if (!calibration_same_bounds(calibration_bounds(state),
									 calibration_n_bounds(state),
									 bounds.values, bounds.n))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("every row of %s() must pass the same bounds", FUNC),
					 errdetail("This row passes %d bounds, not the %d of an earlier row, or other values.",
							   bounds.n, calibration_n_bounds(state))));
	}
	xent_free_array(&bounds);
	return state;
}

static Datum
add_row(FunctionCallInfo fcinfo, double label, double prob, int bounds_arg,
		bool weighted, int sign)
{
	double		weight = weighted ? PG_GETARG_FLOAT8(bounds_arg + 1) : 1.0;
	void	   *state = row_state(fcinfo, bounds_arg, sign);

	report_status(calibration_add_row(&state, label, prob, weight, weighted,
									  sign, &state_memory),
				  FUNC, label, prob, weight);
	PG_RETURN_POINTER(state);
}

/* Does the row have a NULL among its arguments 1 .. nargs - 1? */
static bool
row_has_null(FunctionCallInfo fcinfo)
{
	for (int i = 1; i < PG_NARGS(); i++)
		if (PG_ARGISNULL(i))
			return true;
	return false;
}

/* A row with a NULL input is skipped both ways: the state as it was. */
#define RETURN_STATE_IF_NULL_ROW() \
	do { \
		if (row_has_null(fcinfo)) \
		{ \
			if (PG_ARGISNULL(0)) \
				PG_RETURN_NULL(); \
			PG_RETURN_DATUM(PG_GETARG_DATUM(0)); \
		} \
	} while (0)

/* Binary rows: (state, label, prob, bounds [, weight]), label float8 or bool. */
#define BINARY_TRANSITION(name, label_expr, sign) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	RETURN_STATE_IF_NULL_ROW(); \
	return add_row(fcinfo, (label_expr), PG_GETARG_FLOAT8(2), 3, \
				   PG_NARGS() > 4, (sign)); \
}

BINARY_TRANSITION(calibration_agg_accum, PG_GETARG_FLOAT8(1), 1)
BINARY_TRANSITION(calibration_agg_retract, PG_GETARG_FLOAT8(1), -1)
BINARY_TRANSITION(calibration_agg_bool_accum, PG_GETARG_BOOL(1) ? 1.0 : 0.0, 1)
BINARY_TRANSITION(calibration_agg_bool_retract, PG_GETARG_BOOL(1) ? 1.0 : 0.0, -1)

/*
 * Top-label rows: (state, label bigint, probs float8[], bounds [, weight]).
 * label and probs are checked as cross_entropy(label, probs) checks them;
 * the row's probability is the largest of probs (at most 1: a vector within
 * the tolerance of summing to 1 may pass it by a hair), its label 1 when
 * label is the subscript of the first largest.
 */
static Datum
add_top_label_row(FunctionCallInfo fcinfo, int sign)
{
	XentArray	probs;
	int64		label = PG_GETARG_INT64(1);
	int			index;
	int			top = 0;
	double		confidence;
	double		hit;

	xent_get_array(fcinfo, 2, FUNC, "probs", &probs);
	index = xent_label_index(&probs, label);
	if (isnan(xent_label_cross_entropy(&probs, label)))
		confidence = hit = get_float8_nan();
	else
	{
		for (int i = 1; i < probs.n; i++)
			if (probs.values[i] > probs.values[top])
				top = i;
		confidence = Min(probs.values[top], 1.0);
		hit = top == index ? 1.0 : 0.0;
	}
	xent_free_array(&probs);
	return add_row(fcinfo, hit, confidence, 3, PG_NARGS() > 4, sign);
}

PG_FUNCTION_INFO_V1(calibration_agg_top_label_accum);
Datum
calibration_agg_top_label_accum(PG_FUNCTION_ARGS)
{
	RETURN_STATE_IF_NULL_ROW();
	return add_top_label_row(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(calibration_agg_top_label_retract);
Datum
calibration_agg_top_label_retract(PG_FUNCTION_ARGS)
{
	RETURN_STATE_IF_NULL_ROW();
	return add_top_label_row(fcinfo, -1);
}

static Datum
merge_states(FunctionCallInfo fcinfo, int sign)
{
	void	   *state = xent_writable_state(fcinfo, check_layout);
	void	   *other = state_arg(fcinfo, 1);

	report_status(calibration_merge(&state, other, sign, &state_memory),
				  "rollup", 0, 0, 0);
	PG_RETURN_POINTER(state);
}

/* Merge two states exactly: the combine function, and rollup's transition. */
PG_FUNCTION_INFO_V1(calibration_state_combine);
Datum
calibration_state_combine(PG_FUNCTION_ARGS)
{
	return merge_states(fcinfo, 1);
}

/* Take a state merged earlier back out: rollup's inverse transition. */
PG_FUNCTION_INFO_V1(calibration_state_retract);
Datum
calibration_state_retract(PG_FUNCTION_ARGS)
{
	return merge_states(fcinfo, -1);
}

/* The state trimmed to the limbs in use, or NULL over no rows. */
PG_FUNCTION_INFO_V1(calibration_state_final);
Datum
calibration_state_final(PG_FUNCTION_ARGS)
{
	Calibration c;
	bool		any = false;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	unpack(state_arg(fcinfo, 0), &c);
	for (int k = 0; k <= c.n; k++)
		any |= c.bin[k].rows > 0;
	if (!any)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(calibration_pack(&c, 0, &state_memory));
}

static void
report_bad_text(const char *text, int version)
{
	if (version > CALIBRATION_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"calibration_state", text),
				 errdetail("It is of format version %d; this version of xent reads version %d.",
						   version, CALIBRATION_FORMAT_VERSION)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"",
					"calibration_state", text),
			 errdetail("A calibration_state reads (v1,n,NaN rows,n bounds,then per bin rows,weight sum,weighted probability sum,weighted label sum), with 1 to %d bounds as hexadecimal floats and each sum 0 or hexadecimal digits times a power of 2, such as 0x1ap-3.",
					   CALIBRATION_MAX_BOUNDS)));
}

/* A state packed from what was read, if rows can produce it. */
static void *
pack_checked(const Calibration *c, int sqlstate, const char *text)
{
	void	   *state = calibration_pack(c, 0, &state_memory);

	if (!calibration_state_is_possible(state))
		ereport(ERROR,
				(errcode(sqlstate),
				 text ?
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"calibration_state", text) :
				 errmsg("invalid external calibration_state value"),
				 errdetail("No rows can produce these bounds, counts and sums.")));
	return state;
}

PG_FUNCTION_INFO_V1(calibration_state_in);
Datum
calibration_state_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	const char *rest;
	int			version;
	int			n;
	Calibration c;

	if (!calibration_parse_head(text, &version, &n, &rest))
		report_bad_text(text, version);
	c.bin = palloc(calibration_bins_size(n));
	if (!calibration_parse_rest(rest, n, &c))
		report_bad_text(text, version);
	PG_RETURN_POINTER(pack_checked(&c, ERRCODE_INVALID_TEXT_REPRESENTATION, text));
}

PG_FUNCTION_INFO_V1(calibration_state_out);
Datum
calibration_state_out(PG_FUNCTION_ARGS)
{
	Calibration c;
	char	   *text;

	unpack(state_arg(fcinfo, 0), &c);
	text = palloc(calibration_text_max(c.n));
	calibration_format(&c, text);
	PG_RETURN_CSTRING(text);
}

/*
 * Binary form: the format version (int1), n (int4), the NaN rows (int8),
 * the n bounds (float8), then per bin its rows (int8) and its three sums,
 * each as sum_wire.h sends it.
 */
PG_FUNCTION_INFO_V1(calibration_state_send);
Datum
calibration_state_send(PG_FUNCTION_ARGS)
{
	Calibration c;
	StringInfoData buf;

	unpack(state_arg(fcinfo, 0), &c);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, CALIBRATION_FORMAT_VERSION);
	pq_sendint32(&buf, c.n);
	pq_sendint64(&buf, c.nan_rows);
	for (int i = 0; i < c.n; i++)
		pq_sendfloat8(&buf, c.bounds[i]);
	for (int k = 0; k <= c.n; k++)
	{
		pq_sendint64(&buf, c.bin[k].rows);
		for (int j = 0; j < CALIBRATION_SUMS_PER_BIN; j++)
			xent_send_sum(&buf, &c.bin[k].sum[j]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static void
report_bad_binary(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid external calibration_state value"),
			 errdetail_internal("%s", detail)));
}

PG_FUNCTION_INFO_V1(calibration_state_recv);
Datum
calibration_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	Calibration c;

	if (version != CALIBRATION_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external calibration_state value"),
				 errdetail("It is of format version %d; this version of xent reads version %d.",
						   version, CALIBRATION_FORMAT_VERSION)));
	c.n = pq_getmsgint(buf, 4);
	if (c.n < 1 || c.n > CALIBRATION_MAX_BOUNDS)
		report_bad_binary("Its number of bounds is out of range.");
	c.bin = palloc(calibration_bins_size(c.n));
	c.nan_rows = pq_getmsgint64(buf);
	for (int i = 0; i < c.n; i++)
		c.bounds[i] = pq_getmsgfloat8(buf);
	for (int k = 0; k <= c.n; k++)
	{
		c.bin[k].rows = pq_getmsgint64(buf);
		for (int j = 0; j < CALIBRATION_SUMS_PER_BIN; j++)
		{
			xsum_init(&c.bin[k].sum[j]);
			if (!xent_recv_sum(buf, &c.bin[k].sum[j]))
				report_bad_binary("No rows can produce these bounds, counts and sums.");
		}
	}
	PG_RETURN_POINTER(pack_checked(&c, ERRCODE_INVALID_BINARY_REPRESENTATION, NULL));
}

/* ece(state calibration_state, norm text DEFAULT 'l1') */
PG_FUNCTION_INFO_V1(calibration_state_ece);
Datum
calibration_state_ece(PG_FUNCTION_ARGS)
{
	char	   *norm = text_to_cstring(PG_GETARG_TEXT_PP(1));
	CalibrationNorm which;
	Calibration c;
	double		ece;

	if (strcmp(norm, "l1") == 0)
		which = CALIBRATION_L1;
	else if (strcmp(norm, "l2") == 0)
		which = CALIBRATION_L2;
	else if (strcmp(norm, "max") == 0)
		which = CALIBRATION_MAX;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"norm\" of ece() must be 'l1', 'l2' or 'max'"),
				 errdetail("It is '%s'.", norm)));
	unpack(state_arg(fcinfo, 0), &c);
	if (!calibration_ece(&c, which, &ece))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(ece);
}

/* reliability(state calibration_state): the diagram's rows, in bin order. */
PG_FUNCTION_INFO_V1(calibration_state_reliability);
Datum
calibration_state_reliability(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Calibration c;

	InitMaterializedSRF(fcinfo, 0);
	unpack(state_arg(fcinfo, 0), &c);
	for (int k = 0; k <= c.n; k++)
	{
		CalibrationPoint point;
		Datum		values[7];
		bool		nulls[7] = {false};

		if (!calibration_point(&c, k, &point))
			continue;
		values[0] = Int32GetDatum(point.bin);
		values[1] = Float8GetDatum(point.lower);
		values[2] = Float8GetDatum(point.upper);
		values[3] = Int64GetDatum(point.rows);
		values[4] = Float8GetDatum(point.weight);
		values[5] = Float8GetDatum(point.mean_prob);
		values[6] = Float8GetDatum(point.mean_label);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* brier_decomposition(state calibration_state): one row, or NULL. */
PG_FUNCTION_INFO_V1(calibration_state_brier_decomposition);
Datum
calibration_state_brier_decomposition(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Calibration c;
	BrierDecomposition d;
	Datum		values[3];
	bool		nulls[3] = {false};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "brier_decomposition must return a row");
	unpack(state_arg(fcinfo, 0), &c);
	if (!calibration_brier_decomposition(&c, &d))
		PG_RETURN_NULL();
	values[0] = Float8GetDatum(d.reliability);
	values[1] = Float8GetDatum(d.resolution);
	values[2] = Float8GetDatum(d.uncertainty);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc),
													  values, nulls)));
}
