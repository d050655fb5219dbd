/*
 * fuzz_common.h
 *		What every fuzz target shares: turning libFuzzer's bytes into the
 *		numbers the kernels take, and failing loudly when an invariant breaks.
 *
 * Raw bits alone reach NaN, infinities and the extreme exponents easily but
 * almost never 0, 1, a probability or two nearly equal numbers, which is
 * where the kernels branch and where precision is lost.  So every number
 * starts with a "shape" byte choosing between raw bits and a few families of
 * interesting values; the fuzzer learns the shapes that find new code.
 *
 * Bytes past the end of the input read as 0, so every input decodes to
 * something and a short input means short arrays, not a rejected run.
 */
#ifndef XENT_FUZZ_COMMON_H
#define XENT_FUZZ_COMMON_H

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

/* One unit in the last place of 1: the rounding unit of the tolerances. */
#define EPS DBL_EPSILON

/*
 * What each term of a sum may lose to underflow: a product or quotient
 * that lands among the subnormals is exact only to 2^-1074, and no term
 * the kernels add is meaningful at 1e-300.  It keeps the tolerances sound
 * for vectors of subnormal weights without weakening them anywhere else.
 */
#define UNDERFLOW_SLACK 1e-300

/*
 * What the target is working on, printed when an invariant fails so that
 * the report carries a reproducer in C: each target points this at a
 * function that prints its decoded input.
 */
static void (*fuzz_describe) (void);

/*
 * An invariant that must hold.  On failure, say which and with what
 * numbers, then abort(): libFuzzer catches SIGABRT and saves the input.
 */
#define FUZZ_CHECK(cond, ...) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "\nxent fuzz: invariant failed: %s\n\tat %s:%d: ", \
					#cond, __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
			if (fuzz_describe) \
				fuzz_describe(); \
			abort(); \
		} \
	} while (0)

/* A double as a C constant, exact (hexadecimal), NaN and infinities too. */
static inline void
fuzz_print_double(double v)
{
	if (isnan(v))
		fprintf(stderr, "NAN");
	else if (isinf(v))
		fprintf(stderr, v > 0 ? "INFINITY" : "-INFINITY");
	else
		fprintf(stderr, "%a", v);
}

/* An array as a C initialiser. */
static inline void
fuzz_print_array(const char *name, const double *a, size_t n)
{
	fprintf(stderr, "\tdouble %s[%zu] = {", name, n);
	for (size_t i = 0; i < n; i++)
	{
		fprintf(stderr, "%s%s", i ? ", " : "", i % 4 ? "" : "\n\t\t");
		fuzz_print_double(a[i]);
	}
	fprintf(stderr, "\n\t};\n");
}

typedef struct FuzzInput
{
	const uint8_t *data;
	size_t		size;
	size_t		pos;
} FuzzInput;

static inline void
fuzz_init(FuzzInput *in, const uint8_t *data, size_t size)
{
	in->data = data;
	in->size = size;
	in->pos = 0;
}

static inline bool
fuzz_exhausted(const FuzzInput *in)
{
	return in->pos >= in->size;
}

static inline uint8_t
fuzz_byte(FuzzInput *in)
{
	return in->pos < in->size ? in->data[in->pos++] : 0;
}

static inline uint16_t
fuzz_u16(FuzzInput *in)
{
	uint16_t	v = fuzz_byte(in);

	return (uint16_t) (v | (uint16_t) fuzz_byte(in) << 8);
}

static inline uint64_t
fuzz_u64(FuzzInput *in)
{
	uint64_t	v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t) fuzz_byte(in) << (8 * i);
	return v;
}

/* Any double at all, NaN payloads and subnormals included. */
static inline double
fuzz_raw_double(FuzzInput *in)
{
	uint64_t	bits = fuzz_u64(in);
	double		v;

	memcpy(&v, &bits, sizeof(v));
	return v;
}

/* The values where floating point changes behaviour. */
static const double fuzz_specials[] = {
	0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 0.25, 0.1,
	DBL_MIN, DBL_TRUE_MIN, DBL_MAX, -DBL_MAX,
	INFINITY, -INFINITY, NAN, DBL_EPSILON,
	1.0 - DBL_EPSILON / 2, 1.0 + DBL_EPSILON, 1e-300, 1e300,
	708.0, 709.8, 745.2, -745.2,
	1e-16, 1e-12, 0.9999999, 1e-6,
	2.2250738585072009e-308,	/* largest subnormal */
	4.9406564584124654e-324 * 3, M_LN2, 1000.0
};

#define FUZZ_NSPECIALS (sizeof(fuzz_specials) / sizeof(fuzz_specials[0]))

/*
 * A double of a shape the next byte chooses: raw bits, a special value, a
 * small integer (counts), a short mantissa at any binary exponent (tiny,
 * subnormal and huge weights), a value a few units in the last place from a
 * special one, or a decimal fraction in [0, 1].
 */
static inline double
fuzz_double(FuzzInput *in)
{
	uint8_t		shape = fuzz_byte(in);

	switch (shape % 8)
	{
		case 0:
		case 1:
			return fuzz_raw_double(in);
		case 2:
			return fuzz_specials[fuzz_byte(in) % FUZZ_NSPECIALS];
		case 3:
			return (double) (int8_t) fuzz_byte(in);
		case 4:
			{
				uint16_t	mantissa = fuzz_u16(in);
				int			exponent = (int) (fuzz_u16(in) % 2200) - 1100;
				double		v = ldexp((double) mantissa, exponent);

				return (shape & 0x80) ? -v : v;
			}
		case 5:
			{
				double		v = fuzz_specials[fuzz_byte(in) % FUZZ_NSPECIALS];
				int			steps = (int8_t) fuzz_byte(in);

				for (; steps > 0; steps--)
					v = nextafter(v, INFINITY);
				for (; steps < 0; steps++)
					v = nextafter(v, -INFINITY);
				return v;
			}
		case 6:
			return fuzz_u16(in) / 65535.0;
		default:
			return (double) fuzz_byte(in) / 16.0;
	}
}

/*
 * A finite, non-negative weight: what a probability vector or a histogram
 * holds once the SQL layer has rejected negative, infinite and NaN elements.
 */
static inline double
fuzz_weight(FuzzInput *in)
{
	double		v = fuzz_double(in);

	if (!isfinite(v))
		return 1.0;
	return fabs(v);
}

/*
 * Fill a[0..n) from the input with gen; once the input runs out, repeat
 * the values read so far (or 1s, if none), so that a few bytes can still
 * describe a long vector, and long vectors cross the kernels' block edges.
 */
static inline void
fuzz_fill(FuzzInput *in, double *a, size_t n, double (*gen) (FuzzInput *))
{
	size_t		have = 0;

	for (size_t i = 0; i < n; i++)
	{
		if (!fuzz_exhausted(in))
			a[have++] = gen(in);
		else if (have == 0)
			a[i] = 1.0;
		else
			a[i] = a[i % have];
	}
}

/* Bitwise equality, so that a NaN equals itself and -0 differs from 0. */
static inline bool
same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof(a)) == 0;
}

/* |a - b| <= tol, with equal infinities equal. */
static inline bool
close_enough(double a, double b, double tol)
{
	if (a == b)
		return true;
	return fabs(a - b) <= tol;
}

/* A count as the SQL layer lets one through: finite and >= 0. */
static inline double
fuzz_count(FuzzInput *in)
{
	double		x = fabs(fuzz_double(in));

	return isfinite(x) ? x : 1.0;
}

/* For qsort: doubles in ascending order. */
static inline int
fuzz_compare_doubles(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return (x > y) - (x < y);
}

/* q near p: the same weights moved a few units in the last place, or not. */
static inline void
fuzz_fill_near(FuzzInput *in, const double *p, double *q, size_t n)
{
	for (size_t i = 0; i < n; i++)
	{
		int			steps = (int8_t) fuzz_byte(in);

		q[i] = p[i];
		if (steps == -128)
			q[i] = 0.0;			/* a class the model rules out */
		for (; steps > 0; steps--)
			q[i] = nextafter(q[i], INFINITY);
		for (; steps < 0 && q[i] > 0.0; steps++)
			q[i] = nextafter(q[i], 0.0);
		if (!isfinite(q[i]))
			q[i] = p[i];
	}
}

/*
 * log-sum-exp by the core's scan, in chunks of chunk elements; the argmax
 * it found into *argmax unless that is NULL.
 */
static inline XentLse
fuzz_lse_in_chunks(const double *z, size_t n, size_t chunk, size_t *argmax)
{
	XentLseScan scan;

	xent_lse_init(&scan);
	for (size_t off = 0; off < n; off += chunk)
		xent_lse_max_chunk(&scan, z, off, n - off < chunk ? n - off : chunk);
	for (size_t off = 0; off < n; off += chunk)
		xent_lse_sum_chunk(&scan, z, off, n - off < chunk ? n - off : chunk);
	if (argmax)
		*argmax = scan.argmax;
	return xent_lse_finish(&scan);
}

#endif							/* XENT_FUZZ_COMMON_H */
