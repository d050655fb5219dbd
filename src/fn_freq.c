/*
 * fn_freq.c
 *		freq_state and joint_freq_state as SQL sees them: input and output,
 *		binary send and receive, the transitions of freq_agg, joint_freq_agg
 *		and rollup, and the information measures, over the core's bytes
 *		(freq.h): detoasting, checking, and the core's statuses as errors.
 *
 * Text values are kept as their bytes in the database encoding.  The text
 * and binary forms carry them through the client encoding as text is
 * carried, so a state moves between databases (Citus nodes, dump and
 * restore) as its values would; its order is bytewise in the encoding of
 * the database that reads it, which input checks.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "args.h"
#include "freq.h"
#include "loss_state.h"

#define state_memory xent_state_memory

static const char *
type_name(int n_parts)
{
	return n_parts == 1 ? "freq_state" : "joint_freq_state";
}

static const char *
kind_name(int kind)
{
	switch (kind)
	{
		case FREQ_BIGINT:
			return "bigint";
		case FREQ_BOOLEAN:
			return "boolean";
		default:
			return "text";
	}
}

/* "text" or "(text, bigint)": the kinds a state holds, for messages. */
static char *
kinds_name(int kinds)
{
	if (freq_n_parts_of(kinds) == 1)
		return pstrdup(kind_name(kinds));
	return psprintf("(%s, %s)", kind_name(kinds & 0xff), kind_name(kinds >> 8));
}

/*
 * A state argument of n_parts parts, checked: stored states were written by
 * this code, and one it cannot read is a later version's or a damaged one.
 */
static void *
state_arg(FunctionCallInfo fcinfo, int argno, int n_parts)
{
	void	   *state = PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));
	Size		size = VARSIZE(state);

	if (size > STORED_VERSION_OFFSET &&
		((uint8 *) state)[STORED_VERSION_OFFSET] != FREQ_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s of format version %d is not supported",
						type_name(n_parts),
						((uint8 *) state)[STORED_VERSION_OFFSET]),
				 errdetail("This version of xent reads format version %d.",
						   FREQ_FORMAT_VERSION)));
	if (!freq_is_valid(state, size) ||
		freq_n_parts_of((int) freq_head(state)[FREQ_KINDS]) != n_parts)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid %s layout", type_name(n_parts))));
	return state;
}

/* A state argument of either type: its own header says which. */
static void *
any_state_arg(FunctionCallInfo fcinfo, int argno)
{
	void	   *state = PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));
	int			n_parts = VARSIZE(state) >= stored_header_size(&freq_kind) ?
		freq_n_parts_of((int) freq_head(state)[FREQ_KINDS]) : 1;

	state = state_arg(fcinfo, argno, n_parts);
	if (freq_head(state)[FREQ_N_RECENT] > 0)
		state = freq_normalize(state, &state_memory);
	return state;
}

/* A state argument with one run, its entries in value order. */
static void *
ordered_state_arg(FunctionCallInfo fcinfo, int argno, int n_parts)
{
	void	   *state = state_arg(fcinfo, argno, n_parts);

	if (freq_head(state)[FREQ_N_RECENT] > 0)
		state = freq_normalize(state, &state_memory);
	return state;
}

/*
 * State argument 0 to update: in place inside an aggregate, where it is
 * always one this code made, else a checked copy; NULL when it is NULL.
 */
static void *
writable_state(FunctionCallInfo fcinfo, int n_parts)
{
	if (PG_ARGISNULL(0))
		return NULL;
	if (AggCheckCallContext(fcinfo, NULL))
		return PG_GETARG_POINTER(0);
	return freq_normalize(state_arg(fcinfo, 0, n_parts), &state_memory);
}

static void
report_status(FreqStatus status, int n_parts, const char *func, int kinds,
			  int other_kinds)
{
	switch (status)
	{
		case FREQ_OK:
			return;
		case FREQ_KIND_MISMATCH:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s() cannot merge %s values into a %s of %s values",
							func, kinds_name(other_kinds), type_name(n_parts),
							kinds_name(kinds)),
					 errdetail("A %s holds values of one kind.",
							   type_name(n_parts))));
			break;
		case FREQ_TOO_MANY_VALUES:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s() found more than %d distinct %s",
							func, xent_max_distinct_values,
							n_parts == 1 ? "values" : "pairs"),
					 errhint("Raise the setting xent.max_distinct_values to allow more.")));
			break;
		case FREQ_COUNT_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s row count out of range", type_name(n_parts)),
					 errdetail("A %s counts at most " INT64_FORMAT " rows.",
							   type_name(n_parts), PG_INT64_MAX)));
			break;
		case FREQ_TOO_LARGE:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s() needs a %s larger than %zu bytes",
							func, type_name(n_parts), FREQ_MAX_SIZE)));
			break;
	}
}

static int
kind_of_type(Oid type)
{
	switch (type)
	{
		case INT8OID:
			return FREQ_BIGINT;
		case BOOLOID:
			return FREQ_BOOLEAN;
		case TEXTOID:
			return FREQ_TEXT;
		default:
			/* Only a function declared by hand over the C symbol gets here. */
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("values of type %s cannot be counted",
							format_type_be(type)),
					 errhint("freq_agg() and joint_freq_agg() count bigint, boolean and text values.")));
			return 0;
	}
}

/* The kinds of the transition's value arguments 1 .. n_parts, kept per call site. */
static int
argument_kinds(FunctionCallInfo fcinfo, int n_parts)
{
	int		   *kinds = fcinfo->flinfo->fn_extra;

	if (kinds == NULL)
	{
		kinds = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(int));
		*kinds = 0;
		for (int p = 0; p < n_parts; p++)
			*kinds |= kind_of_type(get_fn_expr_argtype(fcinfo->flinfo, p + 1))
				<< (8 * p);
		fcinfo->flinfo->fn_extra = kinds;
	}
	return *kinds;
}

/* The key of argument argno, of kind, its bytes in buf where not in the datum. */
static void
value_bytes(FunctionCallInfo fcinfo, int argno, int kind, uint8 *buf,
			FreqKey *key, int part)
{
	switch (kind)
	{
		case FREQ_BIGINT:
			freq_bigint_bytes(PG_GETARG_INT64(argno), buf);
			key->part[part] = buf;
			key->len[part] = 8;
			break;
		case FREQ_BOOLEAN:
			buf[0] = PG_GETARG_BOOL(argno) ? 1 : 0;
			key->part[part] = buf;
			key->len[part] = 1;
			break;
		default:
			{
				text	   *t = PG_GETARG_TEXT_PP(argno);

				key->part[part] = (const uint8 *) VARDATA_ANY(t);
				key->len[part] = VARSIZE_ANY_EXHDR(t);
			}
			break;
	}
}

/* Count a row of n_parts values: freq_agg's and joint_freq_agg's transition. */
static Datum
add_row(FunctionCallInfo fcinfo, int n_parts, const char *func)
{
	int			kinds = argument_kinds(fcinfo, n_parts);
	void	   *state;
	uint8		buf[2][8];
	FreqKey		key;

	for (int p = 0; p < n_parts; p++)
		if (PG_ARGISNULL(p + 1))
		{
			if (PG_ARGISNULL(0))
				PG_RETURN_NULL();
			PG_RETURN_DATUM(PG_GETARG_DATUM(0));
		}
	state = writable_state(fcinfo, n_parts);
	if (state == NULL)
		state = freq_new(kinds, &state_memory);
	else if (freq_head(state)[FREQ_KINDS] != kinds)
		report_status(FREQ_KIND_MISMATCH, n_parts, func,
					  (int) freq_head(state)[FREQ_KINDS], kinds);
	key.n_parts = n_parts;
	for (int p = 0; p < n_parts; p++)
		value_bytes(fcinfo, p + 1, (kinds >> (8 * p)) & 0xff, buf[p], &key, p);
	report_status(freq_add(&state, &key, 1, xent_max_distinct_values,
						   &state_memory),
				  n_parts, func, kinds, kinds);
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(freq_state_add);
Datum
freq_state_add(PG_FUNCTION_ARGS)
{
	return add_row(fcinfo, 1, "freq_agg");
}

PG_FUNCTION_INFO_V1(joint_freq_state_add);
Datum
joint_freq_state_add(PG_FUNCTION_ARGS)
{
	return add_row(fcinfo, 2, "joint_freq_agg");
}

/* Merge two states: rollup's transition and the combine function of all. */
static Datum
combine(FunctionCallInfo fcinfo, int n_parts)
{
	void	   *state,
			   *other;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	other = state_arg(fcinfo, 1, n_parts);
	state = writable_state(fcinfo, n_parts);
	if (state == NULL)
		state = freq_new((int) freq_head(other)[FREQ_KINDS], &state_memory);
	report_status(freq_merge(&state, other, xent_max_distinct_values,
							 &state_memory),
				  n_parts, "rollup", (int) freq_head(state)[FREQ_KINDS],
				  (int) freq_head(other)[FREQ_KINDS]);
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(freq_state_combine);
Datum
freq_state_combine(PG_FUNCTION_ARGS)
{
	return combine(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(joint_freq_state_combine);
Datum
joint_freq_state_combine(PG_FUNCTION_ARGS)
{
	return combine(fcinfo, 2);
}

/* The final function of the aggregates: the state in its normal form. */
static Datum
final(FunctionCallInfo fcinfo, int n_parts)
{
	PG_RETURN_POINTER(freq_normalize(state_arg(fcinfo, 0, n_parts),
									 &state_memory));
}

PG_FUNCTION_INFO_V1(freq_state_final);
Datum
freq_state_final(PG_FUNCTION_ARGS)
{
	return final(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(joint_freq_state_final);
Datum
joint_freq_state_final(PG_FUNCTION_ARGS)
{
	return final(fcinfo, 2);
}

/* Text form: see freq.h. */
static Datum
state_in(FunctionCallInfo fcinfo, int n_parts)
{
	const char *text = PG_GETARG_CSTRING(0);
	void	   *state;
	int			version;

	if (!freq_parse(text, n_parts, &state_memory, &state, &version))
	{
		if (version > FREQ_FORMAT_VERSION)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type %s: \"%s\"",
							type_name(n_parts), text),
					 errdetail("It is of format version %d; this version of xent reads version %d.",
							   version, FREQ_FORMAT_VERSION)));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						type_name(n_parts), text),
				 n_parts == 1 ?
				 errdetail("A freq_state reads (v1,kind,n,value:count,...): kind text, bigint or boolean, n entries in strictly ascending order of value (text bytewise), each count positive; text values in double quotes with \\\" and \\\\ escaped.") :
				 errdetail("A joint_freq_state reads (v1,kind,kind,n,(value,value):count,...): kinds text, bigint or boolean, n entries in strictly ascending order of pair (text bytewise), each count positive; text values in double quotes with \\\" and \\\\ escaped.")));
	}
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(freq_state_in);
Datum
freq_state_in(PG_FUNCTION_ARGS)
{
	return state_in(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(joint_freq_state_in);
Datum
joint_freq_state_in(PG_FUNCTION_ARGS)
{
	return state_in(fcinfo, 2);
}

PG_FUNCTION_INFO_V1(freq_state_out);
Datum
freq_state_out(PG_FUNCTION_ARGS)
{
	void	   *state = any_state_arg(fcinfo, 0);
	char	   *text = palloc(freq_text_size(state));

	freq_format(state, text);
	PG_RETURN_CSTRING(text);
}

/*
 * Binary form: the format version (int1), the kind of each part (int1),
 * the entries (int8), then each entry in value order: its count (int8),
 * then each part: text as a length (int4) and its bytes in the client
 * encoding, bigint as int8, boolean as int1 (0 or 1).
 */
PG_FUNCTION_INFO_V1(freq_state_send);
Datum
freq_state_send(PG_FUNCTION_ARGS)
{
	void	   *state = any_state_arg(fcinfo, 0);
	int			kinds = (int) freq_head(state)[FREQ_KINDS];
	int			n_parts = freq_n_parts_of(kinds);
	int64		n = freq_n_entries(state);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, FREQ_FORMAT_VERSION);
	for (int p = 0; p < n_parts; p++)
		pq_sendbyte(&buf, (kinds >> (8 * p)) & 0xff);
	pq_sendint64(&buf, n);
	for (int64 i = 0; i < n; i++)
	{
		const uint8 *entry = freq_entry(state, i);
		FreqKey		key;

		freq_entry_key(entry, n_parts, &key);
		pq_sendint64(&buf, freq_entry_count(entry));
		for (int p = 0; p < n_parts; p++)
			switch ((kinds >> (8 * p)) & 0xff)
			{
				case FREQ_BIGINT:
					pq_sendint64(&buf, freq_bigint_value(key.part[p]));
					break;
				case FREQ_BOOLEAN:
					pq_sendbyte(&buf, key.part[p][0]);
					break;
				default:
					pq_sendcountedtext(&buf, (const char *) key.part[p],
									   key.len[p], false);
					break;
			}
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static void
report_invalid_binary(int n_parts)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid external %s value", type_name(n_parts)),
			 errdetail("No rows can produce these values and counts.")));
}

static Datum
state_recv(FunctionCallInfo fcinfo, int n_parts)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	int			kinds = 0;
	int64		n;
	void	   *state;

	if (version != FREQ_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external %s value", type_name(n_parts)),
				 errdetail("It is of format version %d; this version of xent reads version %d.",
						   version, FREQ_FORMAT_VERSION)));
	for (int p = 0; p < n_parts; p++)
	{
		int			kind = pq_getmsgbyte(buf);

		if (kind != FREQ_TEXT && kind != FREQ_BIGINT && kind != FREQ_BOOLEAN)
			report_invalid_binary(n_parts);
		kinds |= kind << (8 * p);
	}
	n = pq_getmsgint64(buf);
	/* Every entry takes at least 9 bytes. */
	if (n < 1 || n > (buf->len - buf->cursor) / 9)
		report_invalid_binary(n_parts);
	state = freq_new(kinds, &state_memory);
	for (int64 i = 0; i < n; i++)
	{
		int64		count = pq_getmsgint64(buf);
		uint8		bytes[2][8];
		FreqKey		key;
		bool		in_order;

		key.n_parts = n_parts;
		for (int p = 0; p < n_parts; p++)
			switch ((kinds >> (8 * p)) & 0xff)
			{
				case FREQ_BIGINT:
					freq_bigint_bytes(pq_getmsgint64(buf), bytes[p]);
					key.part[p] = bytes[p];
					key.len[p] = 8;
					break;
				case FREQ_BOOLEAN:
					bytes[p][0] = pq_getmsgbyte(buf);
					if (bytes[p][0] > 1)
						report_invalid_binary(n_parts);
					key.part[p] = bytes[p];
					key.len[p] = 1;
					break;
				default:
					{
						int			len = pq_getmsgint(buf, 4);
						int			nbytes;

						if (len < 0 || len > buf->len - buf->cursor)
							report_invalid_binary(n_parts);
						key.part[p] = (const uint8 *) pq_getmsgtext(buf, len, &nbytes);
						key.len[p] = nbytes;
					}
					break;
			}
		if (freq_append(&state, &key, count, &state_memory, &in_order) != FREQ_OK ||
			!in_order)
			report_invalid_binary(n_parts);
	}
	PG_RETURN_POINTER(freq_normalize(state, &state_memory));
}

PG_FUNCTION_INFO_V1(freq_state_recv);
Datum
freq_state_recv(PG_FUNCTION_ARGS)
{
	return state_recv(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(joint_freq_state_recv);
Datum
joint_freq_state_recv(PG_FUNCTION_ARGS)
{
	return state_recv(fcinfo, 2);
}

/* distinct_values(freq_state) and distinct_values(joint_freq_state) */
PG_FUNCTION_INFO_V1(freq_state_distinct_values);
Datum
freq_state_distinct_values(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(freq_n_entries(any_state_arg(fcinfo, 0)));
}

/* column_entropy(freq_state, base float8 DEFAULT NULL) */
PG_FUNCTION_INFO_V1(freq_state_column_entropy);
Datum
freq_state_column_entropy(PG_FUNCTION_ARGS)
{
	double		log_base;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	log_base = xent_get_log_base(fcinfo, 1, "column_entropy");
	PG_RETURN_FLOAT8(freq_entropy(state_arg(fcinfo, 0, 1)) / log_base);
}

static void
joint_info(FunctionCallInfo fcinfo, FreqJointInfo *info)
{
	void	   *state = ordered_state_arg(fcinfo, 0, 2);
	int64		n = freq_n_entries(state);
	void	   *scratch = palloc((Size) n * FREQ_JOINT_SCRATCH);

	freq_joint_info(state, scratch, info);
	pfree(scratch);
}

/* conditional_entropy(joint_freq_state, base float8 DEFAULT NULL): H(Y|X) */
PG_FUNCTION_INFO_V1(joint_freq_state_conditional_entropy);
Datum
joint_freq_state_conditional_entropy(PG_FUNCTION_ARGS)
{
	double		log_base;
	FreqJointInfo info;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	log_base = xent_get_log_base(fcinfo, 1, "conditional_entropy");
	joint_info(fcinfo, &info);
	PG_RETURN_FLOAT8(info.h_y_given_x / log_base);
}

/* mutual_information(joint_freq_state, base float8 DEFAULT NULL): I(X;Y) */
PG_FUNCTION_INFO_V1(joint_freq_state_mutual_information);
Datum
joint_freq_state_mutual_information(PG_FUNCTION_ARGS)
{
	double		log_base;
	FreqJointInfo info;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	log_base = xent_get_log_base(fcinfo, 1, "mutual_information");
	joint_info(fcinfo, &info);
	PG_RETURN_FLOAT8(freq_mutual_information(&info) / log_base);
}

/* uncertainty_coefficient(joint_freq_state): Theil's U of Y given X */
PG_FUNCTION_INFO_V1(joint_freq_state_uncertainty_coefficient);
Datum
joint_freq_state_uncertainty_coefficient(PG_FUNCTION_ARGS)
{
	FreqJointInfo info;
	double		u;

	joint_info(fcinfo, &info);
	if (!freq_uncertainty_coefficient(&info, &u))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(u);
}
