/*
 * args.h
 *		Reading and checking the arguments of xent's SQL functions, and the
 *		errors that bad ones raise.  Every message names the SQL function, the
 *		argument and, for an element, its subscript.
 */
#ifndef XENT_ARGS_H
#define XENT_ARGS_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"

#include "core.h"

/* Elements handed to a kernel between two checks for interrupts. */
#define XENT_CHUNK 65536

/* The GUC xent.tolerance: how far from 1 a distribution's sum may be. */
extern double xent_tolerance;
/* xent.max_distinct_values: the most entries a frequency state takes from rows. */
extern int	xent_max_distinct_values;

/*
 * A real[] argument's elements are widened to double for the kernels: into
 * the XentArray itself when there are at most this many (the everyday vector
 * of class probabilities, for which a palloc would cost more than the
 * copy), else into palloc'd memory.
 */
#define XENT_INLINE_WIDENED 32

/*
 * A float8[] argument, detoasted and checked for shape and nulls.  values
 * may point into the struct: pass it by reference, never copy it.
 */
typedef struct XentArray
{
	const char *func;			/* SQL name of the function, for messages */
	const char *name;			/* the argument's name */
	ArrayType  *array;			/* detoasted; may be a copy */
	Datum		original;		/* the argument as passed, to tell a copy */
	const double *values;
	int			n;
	int			lbound;			/* subscript of values[0] */
	double	   *widened;		/* palloc'd widened real[] elements, or NULL */
	double		widened_inline[XENT_INLINE_WIDENED];
	/*
	 * An array stored with a 1-byte header (at most 127 bytes: up to a dozen
	 * elements, the everyday vector of class probabilities) is copied here
	 * with a 4-byte header and aligned, as detoasting it would copy it into
	 * palloc'd memory, which in such short calls costs more than the scoring.
	 */
	double		short_header_copy[17];
} XentArray;

/*
 * Read argument argno (not NULL) as a non-empty one-dimensional float8[]
 * without null elements.  It may also be a real[]: the planner support
 * function (support.c) passes one uncast where the query cast it to
 * float8[], and its elements are then read as the cast would have made them.
 */
extern void xent_get_array(FunctionCallInfo fcinfo, int argno,
						   const char *func, const char *name,
						   XentArray *array);
extern void xent_free_array(XentArray *array);
extern void xent_check_same_length(const XentArray *a, const XentArray *b);

/*
 * The divisor that turns natural logs into logs to argument argno's base:
 * 1 when the base is NULL.
 */
extern double xent_get_log_base(FunctionCallInfo fcinfo, int argno,
								const char *func);
extern bool xent_get_renormalize(FunctionCallInfo fcinfo, int argno);

/*
 * Errors for what a kernel's scan found: the first element of array that is
 * negative or infinite (there must be one), a sum too far from 1, or a sum
 * that cannot be divided by (0 or Infinity).
 */
extern void xent_report_invalid(const XentArray *array) pg_attribute_noreturn();
extern void xent_check_sum(const XentArray *array, double sum,
						   bool can_renormalize);

/*
 * The flags of xent_divergence (losses.h) and xent_check_sum, named: the
 * vectors taken as given or renormalised (divided by their sums), and
 * whether the SQL function has a renormalize argument that the hint of a
 * bad sum can name.
 */
#define XENT_AS_GIVEN false
#define XENT_RENORMALIZE true
#define XENT_HAS_RENORMALIZE_ARG true
#define XENT_NO_RENORMALIZE_ARG false
extern void xent_check_divisor(const XentArray *array, double sum);

/* Raise the error for whichever of p and q holds a bad element. */
extern void xent_report_invalid_pair(const XentArray *p,
									 const XentArray *q) pg_attribute_noreturn();

/*
 * Check a histogram's bounds as bin_counts does: no NaN, ascending (equal
 * neighbours allowed).
 */
extern void xent_check_bounds(const XentArray *bounds);

/* Check that label is a subscript of array; return its index in values. */
extern int	xent_label_index(const XentArray *array, int64 label);

/* A new float8[] shaped like array (same length and lower bound). */
extern ArrayType *xent_new_array_like(const XentArray *array, double **values);
/*
 * A new one-dimensional array of n zeroed 8-byte elements (float8 or int8)
 * from subscript lbound, with *values pointing at them.
 */
extern ArrayType *xent_new_flat_array(int n, int lbound, Oid elemtype,
									  void **values);
extern ArrayType *xent_new_float8_array(int n, int lbound, double **values);

#endif							/* XENT_ARGS_H */
