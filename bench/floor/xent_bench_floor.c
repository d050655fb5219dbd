/*-------------------------------------------------------------------------
 *
 * xent_bench_floor.c
 *	  The benchmark's floor: the cost of getting an array's bytes.
 *
 * Each function detoasts its arguments (which decompresses or fetches
 * out-of-line values as needed) and sums the elements straight from
 * ARR_DATA_PTR.  No scoring function that reads every element can be
 * cheaper, so xent's time divided by this one is the price of the
 * arithmetic itself.
 *
 * This module is not part of the extension; see the Makefile.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(floor_sum1_float8);
PG_FUNCTION_INFO_V1(floor_sum2_float8);
PG_FUNCTION_INFO_V1(floor_sum1_float4);
PG_FUNCTION_INFO_V1(floor_sum2_float4);

/*
 * Return the element count of a detoasted array, after checking that its
 * data area really is a dense run of elements of the expected type.
 * A NULL element would leave a bitmap and holes, so reading ARR_DATA_PTR
 * as a plain C array would then be wrong: refuse it rather than guess.
 */
static int
floor_nitems(ArrayType *a, Oid elemtype)
{
	if (ARR_ELEMTYPE(a) != elemtype)
		elog(ERROR, "floor: unexpected array element type %u",
			 ARR_ELEMTYPE(a));
	if (ARR_HASNULL(a))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("floor: array must not contain nulls")));
	return ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a));
}

/*
 * Four independent partial sums: one running sum would make every
 * addition wait for the previous one (floating-point addition is not
 * reassociated without -ffast-math), and the floor should be limited by
 * memory and detoasting, not by the latency of an add.
 */
static double
floor_sum_float8(const float8 *x, int n)
{
	double		s0 = 0.0,
				s1 = 0.0,
				s2 = 0.0,
				s3 = 0.0;
	int			i = 0;

	for (; i + 4 <= n; i += 4)
	{
		s0 += x[i];
		s1 += x[i + 1];
		s2 += x[i + 2];
		s3 += x[i + 3];
	}
	for (; i < n; i++)
		s0 += x[i];
	return (s0 + s1) + (s2 + s3);
}

static double
floor_sum_float4(const float4 *x, int n)
{
	double		s0 = 0.0,
				s1 = 0.0,
				s2 = 0.0,
				s3 = 0.0;
	int			i = 0;

	for (; i + 4 <= n; i += 4)
	{
		s0 += x[i];
		s1 += x[i + 1];
		s2 += x[i + 2];
		s3 += x[i + 3];
	}
	for (; i < n; i++)
		s0 += x[i];
	return (s0 + s1) + (s2 + s3);
}

Datum
floor_sum1_float8(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	int			n = floor_nitems(a, FLOAT8OID);
	double		result;

	result = floor_sum_float8((const float8 *) ARR_DATA_PTR(a), n);

	PG_FREE_IF_COPY(a, 0);
	PG_RETURN_FLOAT8(result);
}

Datum
floor_sum2_float8(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *b = PG_GETARG_ARRAYTYPE_P(1);
	int			na = floor_nitems(a, FLOAT8OID);
	int			nb = floor_nitems(b, FLOAT8OID);
	double		result;

	result = floor_sum_float8((const float8 *) ARR_DATA_PTR(a), na) +
		floor_sum_float8((const float8 *) ARR_DATA_PTR(b), nb);

	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	PG_RETURN_FLOAT8(result);
}

Datum
floor_sum1_float4(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	int			n = floor_nitems(a, FLOAT4OID);
	double		result;

	result = floor_sum_float4((const float4 *) ARR_DATA_PTR(a), n);

	PG_FREE_IF_COPY(a, 0);
	PG_RETURN_FLOAT8(result);
}

Datum
floor_sum2_float4(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *b = PG_GETARG_ARRAYTYPE_P(1);
	int			na = floor_nitems(a, FLOAT4OID);
	int			nb = floor_nitems(b, FLOAT4OID);
	double		result;

	result = floor_sum_float4((const float4 *) ARR_DATA_PTR(a), na) +
		floor_sum_float4((const float4 *) ARR_DATA_PTR(b), nb);

	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	PG_RETURN_FLOAT8(result);
}
