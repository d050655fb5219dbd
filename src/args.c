/*
 * args.c
 *		Argument checks and their errors, shared by every SQL function.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/float.h"

#include "args.h"
#include "elementary.h"

static const double *widen_float4(const float *data, XentArray *array);

/*
 * The array in datum, detoasted: what DatumGetArrayTypeP gives, but for an
 * array with a 1-byte header copied into array->short_header_copy, exactly
 * as heap_tuple_untoast_attr would copy it into palloc'd memory.
 */
static ArrayType *
detoast_array(Datum datum, XentArray *array)
{
	struct varlena *value = (struct varlena *) DatumGetPointer(datum);
	struct varlena *copy = (struct varlena *) array->short_header_copy;
	Size		data_size;

	/* (A TOAST pointer has a 1-byte header too.) */
	if (!VARATT_IS_SHORT(value) || VARATT_IS_EXTERNAL(value))
		return DatumGetArrayTypeP(datum);
	data_size = VARSIZE_SHORT(value) - VARHDRSZ_SHORT;
	StaticAssertStmt(sizeof(array->short_header_copy) >=
					 VARATT_SHORT_MAX - VARHDRSZ_SHORT + VARHDRSZ,
					 "a short varlena must fit in short_header_copy");
	SET_VARSIZE(copy, data_size + VARHDRSZ);
	memcpy(VARDATA(copy), VARDATA_SHORT(value), data_size);
	return (ArrayType *) copy;
}

void
xent_get_array(FunctionCallInfo fcinfo, int argno, const char *func,
			   const char *name, XentArray *array)
{
	Datum		original = PG_GETARG_DATUM(argno);
	ArrayType  *a = detoast_array(original, array);
	int			ndim = ARR_NDIM(a);
	const char *data;

	array->func = func;
	array->name = name;
	array->array = a;
	array->original = original;

	if (ndim > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"%s\" of %s() must be a one-dimensional array",
						name, func),
				 errdetail("It has %d dimensions.", ndim)));
	if (ndim == 0 || ARR_DIMS(a)[0] == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" of %s() must not be empty",
						name, func)));
	/*
	 * The SQL signatures admit float8[], and support.c real[]; anything else
	 * is a bug.
	 */
	if (ARR_ELEMTYPE(a) != FLOAT8OID && ARR_ELEMTYPE(a) != FLOAT4OID)
		elog(ERROR, "%s(): argument \"%s\" is neither float8[] nor real[]",
			 func, name);

	array->n = ARR_DIMS(a)[0];
	array->lbound = ARR_LBOUND(a)[0];
	if (ARR_HASNULL(a))
	{
		bits8	   *bitmap = ARR_NULLBITMAP(a);

		for (int i = 0; i < array->n; i++)
			if (!(bitmap[i / 8] & (1 << (i % 8))))
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("argument \"%s\" of %s() must not contain nulls",
								name, func),
						 errdetail("Element %s[%d] is null.",
								   name, array->lbound + i)));
	}
	/*
	 * float8 and float4 are stored unboxed and aligned: read them in place.
	 * (The offset is ARR_DATA_OFFSET's, with types that do not mix
	 * signedness.)
	 */
	data = (const char *) a + (ARR_HASNULL(a) ? (Size) a->dataoffset :
							   ARR_OVERHEAD_NONULLS(1));
	array->widened = NULL;
	if (ARR_ELEMTYPE(a) == FLOAT8OID)
		array->values = (const double *) data;
	else
		array->values = widen_float4((const float *) data, array);
}

/*
 * The elements of a real[] as doubles, where the kernels can read them.  A
 * long array is widened in chunks, between checks for interrupts; a
 * huge allocation, since a real[] of more than 2^27 elements widens to more
 * than MaxAllocSize.
 */
static const double *
widen_float4(const float *data, XentArray *array)
{
	double	   *values = array->widened_inline;

	if (array->n > XENT_INLINE_WIDENED)
	{
		array->widened = MemoryContextAllocHuge(CurrentMemoryContext,
												(Size) array->n * sizeof(double));
		values = array->widened;
	}
	for (size_t off = 0; off < (size_t) array->n; off += XENT_CHUNK)
	{
		CHECK_FOR_INTERRUPTS();
		xent_widen_float4(data + off, Min(XENT_CHUNK, (size_t) array->n - off),
						  values + off);
	}
	return values;
}

void
xent_free_array(XentArray *array)
{
	if (array->widened)
		pfree(array->widened);
	if ((Pointer) array->array != DatumGetPointer(array->original) &&
		(Pointer) array->array != (Pointer) array->short_header_copy)
		pfree(array->array);
}

void
xent_check_same_length(const XentArray *a, const XentArray *b)
{
	if (a->n != b->n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("arguments \"%s\" and \"%s\" of %s() must have the same length",
						a->name, b->name, a->func),
				 errdetail("\"%s\" has %d elements and \"%s\" has %d.",
						   a->name, a->n, b->name, b->n)));
}

double
xent_get_log_base(FunctionCallInfo fcinfo, int argno, const char *func)
{
	double		base;

	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return 1.0;
	base = PG_GETARG_FLOAT8(argno);
	if (!(base > 0.0 && base != 1.0 && isfinite(base)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"base\" of %s() must be positive, finite and not 1",
						func),
				 errdetail("It is %s.", float8out_internal(base))));
	return xent_log(base);
}

bool
xent_get_renormalize(FunctionCallInfo fcinfo, int argno)
{
	return PG_NARGS() > argno && !PG_ARGISNULL(argno) && PG_GETARG_BOOL(argno);
}

void
xent_report_invalid(const XentArray *array)
{
	size_t		i = xent_first_invalid(array->values, array->n);

	if (i >= (size_t) array->n)
		elog(ERROR, "%s(): no invalid element in \"%s\"",
			 array->func, array->name);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_ARGUMENT_FOR_LOG),
			 errmsg("argument \"%s\" of %s() must contain only finite non-negative probabilities",
					array->name, array->func),
			 errdetail("Element %s[%d] is %s.", array->name,
					   array->lbound + (int) i,
					   float8out_internal(array->values[i]))));
}

void
xent_report_invalid_pair(const XentArray *p, const XentArray *q)
{
	if (xent_first_invalid(p->values, p->n) < (size_t) p->n)
		xent_report_invalid(p);
	xent_report_invalid(q);
}

void
xent_check_sum(const XentArray *array, double sum, bool can_renormalize)
{
	if (fabs(sum - 1.0) <= xent_tolerance)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("argument \"%s\" of %s() must sum to 1",
					array->name, array->func),
			 errdetail("Its elements sum to %s, more than xent.tolerance (%g) away from 1.",
					   float8out_internal(sum), xent_tolerance),
			 can_renormalize ?
			 errhint("Divide it by its sum first (renormalize => true does that), or raise xent.tolerance.") :
			 errhint("Divide it by its sum first, or raise xent.tolerance.")));
}

void
xent_check_divisor(const XentArray *array, double sum)
{
	if (sum > 0.0 && isfinite(sum))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("argument \"%s\" of %s() cannot be renormalized",
					array->name, array->func),
			 errdetail("Its elements sum to %s.", float8out_internal(sum))));
}

int
xent_label_index(const XentArray *array, int64 label)
{
	/* Bounds in int64: neither can wrap, whatever the label. */
	if (label < array->lbound || label > (int64) array->lbound + array->n - 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("label " INT64_FORMAT " is not a subscript of argument \"%s\" of %s()",
						label, array->name, array->func),
				 errdetail("The subscripts of \"%s\" run from %d to %d.",
						   array->name, array->lbound,
						   array->lbound + array->n - 1)));
	return (int) (label - array->lbound);
}

ArrayType *
xent_new_flat_array(int n, int lbound, Oid elemtype, void **values)
{
	/* float8 and int8 alike: 8 bytes an element, stored unboxed. */
	Size		size = ARR_OVERHEAD_NONULLS(1) + (Size) n * 8;
	ArrayType  *result = (ArrayType *) palloc0(size);

	SET_VARSIZE(result, size);
	result->ndim = 1;
	result->dataoffset = 0;
	result->elemtype = elemtype;
	ARR_DIMS(result)[0] = n;
	ARR_LBOUND(result)[0] = lbound;
	*values = (char *) result + ARR_OVERHEAD_NONULLS(1);
	return result;
}

ArrayType *
xent_new_float8_array(int n, int lbound, double **values)
{
	return xent_new_flat_array(n, lbound, FLOAT8OID, (void **) values);
}

ArrayType *
xent_new_array_like(const XentArray *array, double **values)
{
	return xent_new_float8_array(array->n, array->lbound, values);
}
