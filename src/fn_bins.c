/*
 * fn_bins.c
 *		bin_counts(value, bounds): a histogram aggregate whose bins are
 *		exactly PostgreSQL's width_bucket(value, bounds), for drift between
 *		a reference window and a recent one (xent 1.1).
 *
 * Its state is a bigint[], not internal, so that parallel plans and Citus
 * split it with the combine function and Citus ships it as text, which for
 * bigint is exact: the n bounds as the bits of their doubles, then the n + 1
 * counts.  The empty array is the state of no rows.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "utils/array.h"
#include "utils/float.h"

#include "args.h"

#define FUNC "bin_counts"

/* Bounds and counts of a state with n bounds, read in place. */
typedef struct BinState
{
	ArrayType  *array;
	int			n;
	int64	   *bounds;			/* n doubles' bits */
	int64	   *counts;			/* n + 1 */
} BinState;

static ArrayType *
new_state(const double *bounds, int n)
{
	void	   *values;
	ArrayType  *a = xent_new_flat_array(2 * n + 1, 1, INT8OID, &values);

	memcpy(values, bounds, n * sizeof(double));
	return a;
}

/*
 * Read a state: false for the empty one.  A state not of this shape can come
 * only from a user's own call of the support functions; it is an error,
 * never a crash.
 */
static bool
read_state(ArrayType *a, BinState *state)
{
	int			len;

	if (ARR_NDIM(a) == 0)
		return false;
	len = ARR_DIMS(a)[0];
	if (ARR_NDIM(a) != 1 || ARR_HASNULL(a) || ARR_ELEMTYPE(a) != INT8OID ||
		len < 3 || len % 2 == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid %s state", FUNC),
				 errdetail("A state holds the n bounds and then n + 1 counts, with no nulls.")));
	state->array = a;
	state->n = (len - 1) / 2;
	state->bounds = (int64 *) ARR_DATA_PTR(a);
	state->counts = state->bounds + state->n;
	return true;
}

/*
 * A state that did not come from this aggregate's own transitions (a user's
 * call of a support function, a state shipped from elsewhere) is checked as
 * a row's bounds are, and its counts are >= 0: a hand-made state must not
 * pass NaN or descending bounds, or negative counts, on to a histogram.
 */
static void
validate_state(const BinState *state)
{
	const double *bounds = (const double *) state->bounds;
	size_t		i = xent_bounds_first_unordered(bounds, state->n);

	if (i < (size_t) state->n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid %s state", FUNC),
				 isnan(bounds[i]) ?
				 errdetail("Bound %d is NaN.", (int) i + 1) :
				 errdetail("Bound %d is %s, less than bound %d, %s.", (int) i + 1,
						   float8out_internal(bounds[i]), (int) i,
						   float8out_internal(bounds[i - 1]))));
	for (int k = 0; k <= state->n; k++)
		if (state->counts[k] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid %s state", FUNC),
					 errdetail("Count %d is negative.", k + 1)));
}

static void
report_count_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s count out of range", FUNC)));
}

/*
 * The bounds of a histogram, as bin_counts takes them (checked in full on
 * the first row of a group) and wasserstein too.
 */
void
xent_check_bounds(const XentArray *bounds)
{
	size_t		i = xent_bounds_first_unordered(bounds->values, bounds->n);

	if (i == (size_t) bounds->n)
		return;
	if (isnan(bounds->values[i]))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" of %s() must not contain NaN",
						bounds->name, bounds->func),
				 errdetail("Element %s[%d] is NaN.", bounds->name,
						   bounds->lbound + (int) i)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("argument \"%s\" of %s() must be in ascending order",
					bounds->name, bounds->func),
			 errdetail("Element %s[%d] is %s, less than %s[%d], %s.",
					   bounds->name, bounds->lbound + (int) i,
					   float8out_internal(bounds->values[i]),
					   bounds->name, bounds->lbound + (int) i - 1,
					   float8out_internal(bounds->values[i - 1]))));
}

/* Do a row's bounds equal the group's (as numbers: -0 is 0)? */
static void
check_same_bounds(const BinState *state, const double *bounds, int n)
{
	const double *group = (const double *) state->bounds;

	if (n == state->n &&
		memcmp(group, bounds, n * sizeof(double)) == 0)
		return;
	for (int i = 0; i < Min(n, state->n); i++)
		if (group[i] != bounds[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("every row of %s() must pass the same bounds", FUNC),
					 errdetail("Bound %d is %s in this row and %s in an earlier one.",
							   i + 1, float8out_internal(bounds[i]),
							   float8out_internal(group[i]))));
	if (n != state->n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("every row of %s() must pass the same bounds", FUNC),
				 errdetail("This row passes %d bounds and an earlier one %d.",
						   n, state->n)));
}

/* bin_counts_accum(state bigint[], value float8, bounds float8[]) */
PG_FUNCTION_INFO_V1(bin_counts_accum);
Datum
bin_counts_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	double		value = PG_GETARG_FLOAT8(1);
	XentArray	bounds;
	BinState	state;
	int64	   *count;

	xent_get_array(fcinfo, 2, FUNC, "bounds", &bounds);
	if (!read_state(a, &state))
	{
		/* The first row: its bounds become the group's. */
		xent_check_bounds(&bounds);
		read_state(new_state(bounds.values, bounds.n), &state);
	}
	else
	{
		/*
		 * Inside an aggregate the state is its own, made from checked bounds
		 * and counted up from 0, and updated in place; a direct call's state
		 * may be anything, and is checked (once: it has one row) and copied.
		 */
		if (!AggCheckCallContext(fcinfo, NULL))
		{
			read_state(PG_GETARG_ARRAYTYPE_P_COPY(0), &state);
			validate_state(&state);
		}
		check_same_bounds(&state, bounds.values, bounds.n);
	}
	count = &state.counts[xent_bin((const double *) state.bounds, state.n, value)];
	if (unlikely(pg_add_s64_overflow(*count, 1, count)))
		report_count_overflow();
	xent_free_array(&bounds);
	PG_RETURN_ARRAYTYPE_P(state.array);
}

/* bin_counts_combine(bigint[], bigint[]): counts added, bounds the same. */
PG_FUNCTION_INFO_V1(bin_counts_combine);
Datum
bin_counts_combine(PG_FUNCTION_ARGS)
{
	BinState	state;
	BinState	other;

	bool		has_other = read_state(PG_GETARG_ARRAYTYPE_P(1), &other);
	bool		has_state = read_state(PG_GETARG_ARRAYTYPE_P(0), &state);

	/*
	 * Both states are checked, whatever their source: adding their counts
	 * costs as much.
	 */
	if (has_other)
		validate_state(&other);
	if (has_state)
		validate_state(&state);
	if (!has_other)
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	if (!has_state)
		PG_RETURN_DATUM(PG_GETARG_DATUM(1));
	check_same_bounds(&state, (const double *) other.bounds, other.n);
	if (!AggCheckCallContext(fcinfo, NULL))
		read_state(PG_GETARG_ARRAYTYPE_P_COPY(0), &state);
	for (int i = 0; i <= state.n; i++)
		if (pg_add_s64_overflow(state.counts[i], other.counts[i], &state.counts[i]))
			report_count_overflow();
	PG_RETURN_ARRAYTYPE_P(state.array);
}

/* bin_counts_final(bigint[]): the n + 1 counts as float8[], NULL over no rows. */
PG_FUNCTION_INFO_V1(bin_counts_final);
Datum
bin_counts_final(PG_FUNCTION_ARGS)
{
	BinState	state;
	ArrayType  *result;
	double	   *out;

	if (!read_state(PG_GETARG_ARRAYTYPE_P(0), &state))
		PG_RETURN_NULL();
	validate_state(&state);
	result = xent_new_float8_array(state.n + 1, 1, &out);
	for (int i = 0; i <= state.n; i++)
		out[i] = (double) state.counts[i];
	PG_RETURN_ARRAYTYPE_P(result);
}
