/*
 * exact_product.h
 *		Products of exact sums (exact_sum.h), exactly: a * b - c * d formed
 *		as a multiprecision integer, so that a variance's numerator
 *		sum(w) sum(w l^2) - sum(w l)^2 keeps every digit however much its two
 *		products cancel, then read as a double mantissa and a power of two,
 *		so that quotients and square roots of such values can be formed
 *		without overflow.  Plain C, for the state types' accessors.
 *
 * Method: each sum, normalised, is an integer times 2^-1074 of at most
 * 32 * XSUM_LIMBS bits; its magnitude's 32-bit limbs are multiplied by
 * schoolbook multiplication into 64 * XSUM_LIMBS bits (unit 2^-2148) and
 * the two products subtracted, all in integers: no rounding at all.  Only
 * the reading rounds, once (to 64 bits, then to a double: under 2^-52
 * relative).
 */
#ifndef XENT_EXACT_PRODUCT_H
#define XENT_EXACT_PRODUCT_H

#include <stdbool.h>
#include <stdint.h>

#include "exact_sum.h"

#define XPROD_LIMBS (2 * XSUM_LIMBS + 1)	/* a product, and a carry */

/* A value m * 2^e: m in [2^52, 2^64) or 0; sign apart. */
typedef struct ScaledValue
{
	double		m;
	int			e;
} ScaledValue;

/*
 * a * b - c * d, exactly, where a, b, c, d are exact sums; returns its
 * sign (-1, 0, 1) and sets *value to its magnitude.
 */
extern int	xprod_diff(const ExactSum *a, const ExactSum *b,
					   const ExactSum *c, const ExactSum *d,
					   ScaledValue *value);
/* An exact sum's magnitude as a ScaledValue (its sign returned). */
extern int	xprod_of_sum(const ExactSum *a, ScaledValue *value);

/* x * y and x / y (y not 0), without overflow of the exponent's range. */
extern ScaledValue scaled_mul(ScaledValue x, ScaledValue y);
extern ScaledValue scaled_div(ScaledValue x, ScaledValue y);
/* The square root. */
extern ScaledValue scaled_sqrt(ScaledValue x);
/* As a double, +Infinity past the range. */
extern double scaled_value(ScaledValue x);

#endif							/* XENT_EXACT_PRODUCT_H */
