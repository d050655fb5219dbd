/*
 * lanes.h
 *		Vectors of XENT_LANES doubles (GCC's vector extensions) for the
 *		instruction-set-specific kernels: loads, masks, reductions in a fixed
 *		order, and the error-free transformations of error_free.h lane by lane.
 *
 * Every build (isa.h) has the same eight lanes: the compiler maps a vector
 * to one AVX-512 register, two AVX2 registers or four SSE2 registers (and
 * two NEON registers on arm64).  So the lanes' accumulators, the padding of
 * the last group and the order of the final reduction are the same in every
 * build, and with the same elementary functions (elementary.h) and every
 * operation rounded as written, every build gives the same bits.
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

#define XENT_LANES 8

/*
 * Every function that takes or returns a vdouble is inlined, always: a
 * vector wider than the build's registers would otherwise be passed through
 * memory.  So no vdouble crosses a call, and the calling convention that
 * GCC's -Wpsabi warns of never applies (the Makefiles turn it off).
 */
#define LANES_INLINE static inline __attribute__((always_inline))

typedef double vdouble __attribute__((vector_size(XENT_LANES * sizeof(double))));
/* What comparing vdoubles gives: all ones in a lane where it holds. */
typedef int64_t vmask __attribute__((vector_size(XENT_LANES * sizeof(int64_t))));
/* The same bits unsigned, for shifts. */
typedef uint64_t vbits __attribute__((vector_size(XENT_LANES * sizeof(uint64_t))));

LANES_INLINE vdouble
load_lanes(const double *x)
{
	vdouble		v;

	memcpy(&v, x, sizeof(v));
	return v;
}

LANES_INLINE void
store_lanes(double *x, vdouble v)
{
	memcpy(x, &v, sizeof(v));
}

/*
 * The group of XENT_LANES elements at x, zero-padded past the avail that
 * remain: in the kernels, 0 is a valid probability that adds nothing.
 */
LANES_INLINE vdouble
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
#if defined(XENT_AVX512)
	return (vdouble) _mm512_maskz_loadu_pd((__mmask8) ((1u << avail) - 1), x);
#elif defined(XENT_AVX2)
	{
		const __m256i low = _mm256_set_epi64x(3, 2, 1, 0);
		const __m256i high = _mm256_set_epi64x(7, 6, 5, 4);
		const __m256i n = _mm256_set1_epi64x((long long) avail);
		__m256d		halves[2];
		vdouble		v;

		halves[0] = _mm256_maskload_pd(x, _mm256_cmpgt_epi64(n, low));
		halves[1] = _mm256_maskload_pd(x + 4, _mm256_cmpgt_epi64(n, high));
		memcpy(&v, halves, sizeof(v));
		return v;
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

/* c in every lane. */
LANES_INLINE vdouble
splat_lanes(double c)
{
	return (vdouble) {0} + c;
}

/* Elements in the groups that cover m elements. */
static inline size_t
padded_length(size_t m)
{
	return (m + XENT_LANES - 1) / XENT_LANES * XENT_LANES;
}

/*
 * Comparisons lane by lane, all ones where they hold: GCC compares a vector
 * wider than the build's registers one element at a time through memory
 * (GCC 12), so AVX2 and SSE2 compare a register (elem_reg) at a time, and
 * so does every test of lanes here and in the kernels (a < b would cost
 * some forty instructions a group in those builds).  unordered(x, x) is
 * x != x.
 */
#if defined(XENT_AVX2)
typedef __m256d elem_reg;
#define ELEM_REG_COMPARE(a, b, avx_predicate, sse2_compare) \
	_mm256_cmp_pd(a, b, avx_predicate)
#define ELEM_REG_AND _mm256_and_pd
#define ELEM_REG_SET1 _mm256_set1_pd
#define ELEM_REG_MOVEMASK _mm256_movemask_pd
#elif defined(__x86_64__) && defined(__GNUC__) && !defined(XENT_AVX512)
typedef __m128d elem_reg;
#define ELEM_REG_COMPARE(a, b, avx_predicate, sse2_compare) sse2_compare(a, b)
#define ELEM_REG_AND _mm_and_pd
#define ELEM_REG_SET1 _mm_set1_pd
#define ELEM_REG_MOVEMASK _mm_movemask_pd
#endif

#ifdef ELEM_REG_COMPARE
#define ELEM_REGS ((int) (sizeof(vdouble) / sizeof(elem_reg)))
#define ELEM_COMPARE(name, op, avx_predicate, sse2_compare) \
LANES_INLINE vmask \
name##_lanes(vdouble a, vdouble b) \
{ \
	elem_reg	ra[ELEM_REGS]; \
	elem_reg	rb[ELEM_REGS]; \
	vmask		m; \
\
	memcpy(ra, &a, sizeof(a)); \
	memcpy(rb, &b, sizeof(b)); \
	_Pragma("GCC unroll 4") \
	for (int i = 0; i < ELEM_REGS; i++) \
		ra[i] = ELEM_REG_COMPARE(ra[i], rb[i], avx_predicate, sse2_compare); \
	memcpy(&m, ra, sizeof(m)); \
	return m; \
}
#else
#define ELEM_COMPARE(name, op, avx_predicate, sse2_compare) \
LANES_INLINE vmask \
name##_lanes(vdouble a, vdouble b) \
{ \
	return a op b; \
}
#endif

ELEM_COMPARE(less, <, _CMP_LT_OQ, _mm_cmplt_pd)
ELEM_COMPARE(less_equal, <=, _CMP_LE_OQ, _mm_cmple_pd)
ELEM_COMPARE(equal, ==, _CMP_EQ_OQ, _mm_cmpeq_pd)
ELEM_COMPARE(unordered, !=, _CMP_UNORD_Q, _mm_cmpunord_pd)
#undef ELEM_COMPARE

/*
 * The lanes below avail (all of them from XENT_LANES on), compared as
 * doubles: SSE2 has no comparison of 64-bit integers.
 */
LANES_INLINE vmask
lanes_below(size_t avail)
{
	const vdouble lane = {0, 1, 2, 3, 4, 5, 6, 7};

	return less_lanes(lane, splat_lanes(avail < XENT_LANES ? avail : XENT_LANES));
}

/* v where mask is set, else +0. */
LANES_INLINE vdouble
masked(vmask mask, vdouble v)
{
	return (vdouble) ((vmask) v & mask);
}

/* The lanes summed in a fixed order, the same in every build. */
LANES_INLINE double
sum_lanes(vdouble v)
{
	double		sum = 0.0;

	for (int i = 0; i < XENT_LANES; i++)
		sum += v[i];
	return sum;
}

/* Whether any lane of mask is set (each is all ones or all zeros). */
LANES_INLINE int
any_lane(vmask mask)
{
#if defined(XENT_AVX512)
	return _mm512_test_epi64_mask((__m512i) mask, (__m512i) mask) != 0;
#elif defined(ELEM_REG_COMPARE)
	elem_reg	regs[ELEM_REGS];
	int			any = 0;

	memcpy(regs, &mask, sizeof(mask));
	_Pragma("GCC unroll 4")
	for (int i = 0; i < ELEM_REGS; i++)
		any |= ELEM_REG_MOVEMASK(regs[i]);
	return any != 0;
#else
	int64_t		any = 0;

	for (int i = 0; i < XENT_LANES; i++)
		any |= mask[i];
	return any != 0;
#endif
}

/*
 * The polynomial c[0] x^(n-1) + ... + c[n-1] by Horner's rule, lane by
 * lane, a register at a time where a vector is wider than the registers:
 * a chain of products through memory would wait on every link.
 */
LANES_INLINE vdouble
horner_lanes(vdouble x, const double *c, int n)
{
#if defined(ELEM_REG_COMPARE)
	elem_reg	regs[ELEM_REGS];

	memcpy(regs, &x, sizeof(x));
	_Pragma("GCC unroll 4")
	for (int i = 0; i < ELEM_REGS; i++)
	{
		elem_reg	g = ELEM_REG_SET1(c[0]);

		for (int k = 1; k < n; k++)
			g = g * regs[i] + ELEM_REG_SET1(c[k]);
		regs[i] = g;
	}
	memcpy(&x, regs, sizeof(x));
	return x;
#else
	vdouble		g = splat_lanes(c[0]);

	for (int k = 1; k < n; k++)
		g = g * x + c[k];
	return g;
#endif
}

/*
 * Square roots lane by lane, in one instruction: a loop of sqrt() would call
 * libm for the errno that a negative argument sets, and the kernels take
 * roots of non-negative numbers only.
 */
LANES_INLINE vdouble
sqrt_lanes(vdouble x)
{
#if defined(XENT_AVX512)
	return (vdouble) _mm512_sqrt_pd((__m512d) x);
#elif defined(XENT_AVX2)
	__m256d		halves[2];

	memcpy(halves, &x, sizeof(x));
	halves[0] = _mm256_sqrt_pd(halves[0]);
	halves[1] = _mm256_sqrt_pd(halves[1]);
	memcpy(&x, halves, sizeof(x));
	return x;
#elif defined(__x86_64__) && defined(__GNUC__)
	__m128d		quarters[4];

	memcpy(quarters, &x, sizeof(x));
	for (int i = 0; i < 4; i++)
		quarters[i] = _mm_sqrt_pd(quarters[i]);
	memcpy(&x, quarters, sizeof(x));
	return x;
#else
	for (int i = 0; i < XENT_LANES; i++)
		x[i] = sqrt(x[i]);
	return x;
#endif
}

/* two_sum_error of error_free.h, lane by lane. */
LANES_INLINE vdouble
two_sum_error_lanes(vdouble a, vdouble b, vdouble s)
{
	vdouble		b_virtual = s - a;

	return (a - (s - b_virtual)) + (b - b_virtual);
}

/*
 * The rounding error of prod = fl(a * b) (Dekker's product, with Veltkamp's
 * splitting of each operand into halves of 26 bits): exact where the
 * splitting does not overflow and the partial products do not underflow.
 */
LANES_INLINE vdouble
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

/*
 * a - r b for the rounded quotient r = fl(a / b): the quotient's rounding
 * error times b, from Dekker's product: a - fl(r b) is exact by Sterbenz's
 * lemma, fl(r b) being within a factor 2 of a.  Exact but where the
 * residual underflows (a below about 2^-970: then off by a few units of
 * 2^-1074 at most) or where splitting r or b overflows (near 2^996: the
 * kernels keep r below 2^990, and b is a probability or the sum of two).
 * Every build forms it so, the baseline's without FMA too: a fused
 * multiply-add, exact where this is, would differ from it where the
 * residual underflows, and so would the builds' bits.
 */
LANES_INLINE vdouble
quotient_residual(vdouble a, vdouble b, vdouble r)
{
	vdouble		prod = r * b;

	return (a - prod) - dekker_product_error(r, b, prod);
}

#endif							/* XENT_LANES_H */
