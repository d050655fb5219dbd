/*
 * fn_sum_counts.c
 *		sum_counts(counts float8[]): the element-wise sum of histograms of
 *		the same length (xent 1.2), so that hourly bin_counts roll up into
 *		days, exactly.
 *
 * Its state is a numeric[]: not internal, so parallel plans and Citus split
 * it with the combine function, and PostgreSQL's own exact text and binary
 * forms (which no extension release changes, and which Citus ships as
 * text).  A float8[] state would round sums of counts that are not
 * integers (smoothed or weighted ones), and a bigint[] one could hold only
 * integers; every finite double is a decimal of at most 1074 fractional
 * digits, and numeric adds them exactly.  The final function rounds each
 * sum once to the nearest double (numeric's cast to float8 does).  The
 * empty array is the state of no rows.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/numeric.h"

#include "args.h"

#define FUNC "sum_counts"

/* A state's sums, deconstructed; n = 0 for the state of no rows. */
typedef struct SumState
{
	Datum	   *sums;
	int			n;
} SumState;

static void
report_invalid_state(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid %s state", FUNC),
			 errdetail_internal("%s", detail)));
}

/*
 * Read a state.  One not made by this aggregate's own functions (a direct
 * call's, a state shipped from elsewhere) is checked: one-dimensional, no
 * nulls, every sum >= 0 and not infinite (NaN is a NaN count's sum).
 */
static void
read_state(ArrayType *a, SumState *state)
{
	bool	   *nulls;
	Datum		zero;

	state->n = 0;
	state->sums = NULL;
	if (ARR_NDIM(a) == 0)
		return;
	if (ARR_NDIM(a) != 1 || ARR_ELEMTYPE(a) != NUMERICOID)
		report_invalid_state("A state is a one-dimensional numeric[].");
	deconstruct_array(a, NUMERICOID, -1, false, TYPALIGN_INT,
					  &state->sums, &nulls, &state->n);
	zero = NumericGetDatum(int64_to_numeric(0));
	for (int i = 0; i < state->n; i++)
	{
		Numeric		sum;

		if (nulls[i])
			report_invalid_state("A state has no nulls.");
		sum = DatumGetNumeric(state->sums[i]);
		if (numeric_is_nan(sum))
			continue;
		if (numeric_is_inf(sum) ||
			DatumGetInt32(DirectFunctionCall2(numeric_cmp, state->sums[i], zero)) < 0)
			report_invalid_state("Its sums are finite and not negative.");
	}
}

/*
 * The decimal digits of m base^k (base 2 or 5), most significant first,
 * into buf (NUL ended): m 2^k, or with the point k digits from the right,
 * m 2^-k.  Base 10^9 limbs, multiplied by less than 2^31 at a time.
 */
static void
decimal_digits(uint64 m, int base, int k, char *buf)
{
	uint32		limb[90];		/* 5^1074 2^53 < 10^810 */
	int			n = 0;
	char	   *out = buf;

	for (; m > 0; m /= 1000000000)
		limb[n++] = (uint32) (m % 1000000000);
	while (k > 0)
	{
		int			step = Min(k, base == 5 ? 13 : 30);
		uint64		factor = 1;
		uint64		carry = 0;

		for (int i = 0; i < step; i++)
			factor *= base;
		for (int i = 0; i < n; i++)
		{
			uint64		t = limb[i] * factor + carry;

			limb[i] = (uint32) (t % 1000000000);
			carry = t / 1000000000;
		}
		for (; carry > 0; carry /= 1000000000)
			limb[n++] = (uint32) (carry % 1000000000);
		k -= step;
	}
	out += sprintf(out, "%u", limb[n - 1]);
	for (int i = n - 2; i >= 0; i--)
		out += sprintf(out, "%09u", limb[i]);
}

/* A finite double >= 0, or NaN, as a numeric of exactly its value. */
static Datum
exact_numeric(double x)
{
	char		digits[820];
	char		buf[1100 + 820];
	int			exponent;
	uint64		mantissa;
	int			shift;
	int			fraction_digits;
	int			len;

	if (isnan(x))
		return DirectFunctionCall3(numeric_in, CStringGetDatum("NaN"),
								   ObjectIdGetDatum(InvalidOid),
								   Int32GetDatum(-1));
	if (x == floor(x) && x < 0x1p63)
		return NumericGetDatum(int64_to_numeric((int64) x));
	/*
	 * x = mantissa 2^-fraction_digits with an odd mantissa: a fraction of
	 * exactly fraction_digits decimal fraction digits, or where that is
	 * negative, an integer.
	 */
	mantissa = (uint64) ldexp(frexp(x, &exponent), 53);
	shift = __builtin_ctzll(mantissa);
	fraction_digits = 53 - exponent - shift;
	if (fraction_digits < 0)
	{
		decimal_digits(mantissa >> shift, 2, -fraction_digits, buf);
		return DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
								   ObjectIdGetDatum(InvalidOid),
								   Int32GetDatum(-1));
	}
	decimal_digits(mantissa >> shift, 5, fraction_digits, digits);
	len = strlen(digits);
	if (len > fraction_digits)
	{
		memcpy(buf, digits, len - fraction_digits);
		buf[len - fraction_digits] = '.';
		strcpy(buf + len - fraction_digits + 1, digits + len - fraction_digits);
	}
	else
	{
		strcpy(buf, "0.");
		memset(buf + 2, '0', fraction_digits - len);
		strcpy(buf + 2 + fraction_digits - len, digits);
	}
	return DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
							   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

static ArrayType *
build_state(Datum *sums, int n)
{
	return construct_array(sums, n, NUMERICOID, -1, false, TYPALIGN_INT);
}

static void
check_same_length(int state_n, int other_n, const char *what)
{
	if (state_n != other_n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("every %s of %s() must have the same length", what, FUNC),
				 errdetail("One has %d elements and an earlier one %d.",
						   other_n, state_n)));
}

/* sum_counts_accum(state numeric[], counts float8[]) */
PG_FUNCTION_INFO_V1(sum_counts_accum);
Datum
sum_counts_accum(PG_FUNCTION_ARGS)
{
	SumState	state;
	XentArray	counts;
	Datum	   *sums;

	read_state(PG_GETARG_ARRAYTYPE_P(0), &state);
	xent_get_array(fcinfo, 1, FUNC, "counts", &counts);
	if (state.n > 0)
		check_same_length(state.n, counts.n, "histogram");
	sums = palloc(counts.n * sizeof(Datum));
	for (int off = 0; off < counts.n; off += XENT_CHUNK)
	{
		int			len = Min(XENT_CHUNK, counts.n - off);

		CHECK_FOR_INTERRUPTS();
		if (xent_first_invalid(counts.values + off, len) < (size_t) len)
			xent_report_invalid(&counts);
		for (int i = off; i < off + len; i++)
		{
			sums[i] = exact_numeric(counts.values[i]);
			if (state.n > 0)
				sums[i] = DirectFunctionCall2(numeric_add, state.sums[i], sums[i]);
		}
	}
	PG_RETURN_ARRAYTYPE_P(build_state(sums, counts.n));
}

/* sum_counts_combine(numeric[], numeric[]): the sums added. */
PG_FUNCTION_INFO_V1(sum_counts_combine);
Datum
sum_counts_combine(PG_FUNCTION_ARGS)
{
	SumState	state;
	SumState	other;

	read_state(PG_GETARG_ARRAYTYPE_P(0), &state);
	read_state(PG_GETARG_ARRAYTYPE_P(1), &other);
	if (other.n == 0)
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	if (state.n == 0)
		PG_RETURN_DATUM(PG_GETARG_DATUM(1));
	check_same_length(state.n, other.n, "histogram");
	for (int i = 0; i < state.n; i++)
	{
		if (i % XENT_CHUNK == 0)
			CHECK_FOR_INTERRUPTS();
		state.sums[i] = DirectFunctionCall2(numeric_add, state.sums[i],
											other.sums[i]);
	}
	PG_RETURN_ARRAYTYPE_P(build_state(state.sums, state.n));
}

/* sum_counts_final(numeric[]): each sum rounded once; NULL over no rows. */
PG_FUNCTION_INFO_V1(sum_counts_final);
Datum
sum_counts_final(PG_FUNCTION_ARGS)
{
	SumState	state;
	ArrayType  *result;
	double	   *out;

	read_state(PG_GETARG_ARRAYTYPE_P(0), &state);
	if (state.n == 0)
		PG_RETURN_NULL();
	result = xent_new_float8_array(state.n, 1, &out);
	for (int i = 0; i < state.n; i++)
	{
		if (i % XENT_CHUNK == 0)
			CHECK_FOR_INTERRUPTS();
		out[i] = DatumGetFloat8(DirectFunctionCall1(numeric_float8, state.sums[i]));
	}
	PG_RETURN_ARRAYTYPE_P(result);
}
