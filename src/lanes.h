/*
 * lanes.h
 *		Vectors of XENT_LANES doubles (GCC's vector extensions) for the
 *		instruction-set-specific kernels: loads, masks, reductions in a fixed
 *		order, and the error-free transformations of error_free.h lane by lane.
 *		The compiler maps a vector to registers of this build's instruction
 *		set (isa.h): two SSE2 lanes in the baseline build, four AVX2 lanes,
 *		eight AVX-512 lanes.
 */
#ifndef XENT_LANES_H
#define XENT_LANES_H

#include <math.h>
#include <stdint.h>
#include <string.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include "isa.h"

typedef double vdouble __attribute__((vector_size(XENT_LANES * sizeof(double))));
/* What comparing vdoubles gives: all ones in a lane where it holds. */
typedef int64_t vmask __attribute__((vector_size(XENT_LANES * sizeof(int64_t))));

static inline vdouble
load_lanes(const double *x)
{
	vdouble		v;

	memcpy(&v, x, sizeof(v));
	return v;
}

static inline void
store_lanes(double *x, vdouble v)
{
	memcpy(x, &v, sizeof(v));
}

/*
 * The group of XENT_LANES elements at x, zero-padded past the avail that
 * remain: in the kernels, 0 is a valid probability that adds nothing.
 */
static inline vdouble
load_group(const double *x, size_t avail)
{
	if (avail >= XENT_LANES)
		return load_lanes(x);
	/*
	 * A masked load where there is one: filling the lanes one by one
	 * through memory and reading them back as a vector stalls store
	 * forwarding, which in a vector of ten elements costs more than the
	 * arithmetic.
	 */
#if defined(__x86_64__) && defined(__GNUC__) && XENT_LANES == 8
	return (vdouble) _mm512_maskz_loadu_pd((__mmask8) ((1u << avail) - 1), x);
#elif defined(__x86_64__) && defined(__GNUC__) && XENT_LANES == 4
	{
		const __m256i lane = _mm256_set_epi64x(3, 2, 1, 0);

		return (vdouble) _mm256_maskload_pd(x, _mm256_cmpgt_epi64(_mm256_set1_epi64x((long long) avail), lane));
	}
#else
	{
		vdouble		padded = {0};

		for (size_t i = 0; i < avail; i++)
			padded[i] = x[i];
		return padded;
	}
#endif
}

/* Elements in the groups that cover m elements. */
static inline size_t
padded_length(size_t m)
{
	return (m + XENT_LANES - 1) / XENT_LANES * XENT_LANES;
}

/* v where mask is set, else +0. */
static inline vdouble
masked(vmask mask, vdouble v)
{
	return (vdouble) ((vmask) v & mask);
}

/*
 * The lanes summed in a fixed order.  The builds have different lane
 * counts (and libmvec's logs differ in the last bit between them), so a
 * value may differ by an ulp between CPUs with and without AVX2; on one
 * machine it is always the same.
 */
static inline double
sum_lanes(vdouble v)
{
	double		sum = 0.0;

	for (int i = 0; i < XENT_LANES; i++)
		sum += v[i];
	return sum;
}

static inline int
any_lane(vmask mask)
{
	int64_t		any = 0;

	for (int i = 0; i < XENT_LANES; i++)
		any |= mask[i];
	return any != 0;
}

/*
 * Square roots lane by lane, in one instruction: a loop of sqrt() would call
 * libm for the errno that a negative argument sets, and the kernels take
 * roots of non-negative numbers only.
 */
static inline vdouble
sqrt_lanes(vdouble x)
{
#if defined(__x86_64__) && defined(__GNUC__) && XENT_LANES == 8
	return (vdouble) _mm512_sqrt_pd((__m512d) x);
#elif defined(__x86_64__) && defined(__GNUC__) && XENT_LANES == 4
	return (vdouble) _mm256_sqrt_pd((__m256d) x);
#elif defined(__x86_64__) && defined(__GNUC__) && XENT_LANES == 2
	return (vdouble) _mm_sqrt_pd((__m128d) x);
#else
	for (int i = 0; i < XENT_LANES; i++)
		x[i] = sqrt(x[i]);
	return x;
#endif
}

/* two_sum_error of error_free.h, lane by lane. */
static inline vdouble
two_sum_error_lanes(vdouble a, vdouble b, vdouble s)
{
	vdouble		b_virtual = s - a;

	return (a - (s - b_virtual)) + (b - b_virtual);
}

#ifndef __FMA__
/*
 * The rounding error of prod = fl(a * b) (Dekker's product, with Veltkamp's
 * splitting of each operand into halves of 26 bits): exact where the
 * splitting does not overflow and the partial products do not underflow.
 */
static inline vdouble
dekker_product_error(vdouble a, vdouble b, vdouble prod)
{
	const double split = 134217729.0;	/* 2^27 + 1 */
	vdouble		ca = split * a;
	vdouble		ah = ca - (ca - a);
	vdouble		al = a - ah;
	vdouble		cb = split * b;
	vdouble		bh = cb - (cb - b);
	vdouble		bl = b - bh;

	return ((ah * bh - prod) + ah * bl + al * bh) + al * bl;
}
#endif

/*
 * a - r b for the rounded quotient r = fl(a / b): the quotient's rounding
 * error times b.  It is a double, so one fused multiply-add gives it
 * exactly, and that is what the AVX2 and AVX-512 builds do (both are built
 * with -mfma).  The baseline build has no FMA (and libm's fma() would be a
 * slow call per lane), so it forms the same value from Dekker's product:
 * a - fl(r b) is exact by Sterbenz's lemma, fl(r b) being within a factor 2
 * of a.  Both are exact but where
 * the residual underflows (a below about 2^-970: then each is off by a few
 * units of 2^-1074 at most) or, for Dekker's, where splitting r or b
 * overflows (near 2^996: the kernels keep r below 2^990, and b is a
 * probability or the sum of two).
 */
static inline vdouble
quotient_residual(vdouble a, vdouble b, vdouble r)
{
#ifdef __FMA__
	vdouble		residual;

	for (int i = 0; i < XENT_LANES; i++)
		residual[i] = fma(-r[i], b[i], a[i]);
	return residual;
#else
	vdouble		prod = r * b;

	return (a - prod) - dekker_product_error(r, b, prod);
#endif
}

#endif							/* XENT_LANES_H */
