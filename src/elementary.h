/*
 * elementary.h
 *		xent's own natural logarithm, log(1 + x) and exponential, for a
 *		vector of lanes (lanes.h) and for one double: the same algorithm, in
 *		elementary_body.h, instantiated for both, so that every build of the
 *		kernels (isa.h), the scalar code and another architecture give the
 *		same bits for the same argument.  libm's and glibc's vector math
 *		library's functions differ between their builds in the last bit, and
 *		between versions of the C library, and would make a roll-up on
 *		another CPU differ from direct aggregation here.
 *
 * Each is faithfully rounded (error below one unit in the last place),
 * which scripts/test-elementary measures against a 200-bit reference.
 *
 * What the body needs of each type, which differs between builds in its
 * instructions but never in its bits, is here, named by the instance's
 * suffix: lookup16 (a table's entry per lane), the comparisons less,
 * less_equal, equal and unordered (lanes.h's for the lanes), and all_within
 * (the fast paths' test).
 */
#ifndef XENT_ELEMENTARY_H
#define XENT_ELEMENTARY_H

#include <float.h>
#include <math.h>
#include <stdint.h>

#include "elementary_tables.h"
#include "lanes.h"

/* A vector of one double: the scalar instance, in scalar instructions. */
typedef double vdouble1 __attribute__((vector_size(sizeof(double))));
typedef int64_t vmask1 __attribute__((vector_size(sizeof(int64_t))));
typedef uint64_t vbits1 __attribute__((vector_size(sizeof(uint64_t))));

/*
 * table[index] lane by lane, for a table of sixteen doubles: one
 * permutation of the table's two registers on AVX-512, a gather on AVX2,
 * loads elsewhere.  Loads are exact: the same bits every way.
 */
LANES_INLINE vdouble
lookup16_lanes(const double *table, vmask index)
{
#if defined(XENT_AVX512)
	return (vdouble) _mm512_permutex2var_pd(_mm512_load_pd(table), (__m512i) index,
											_mm512_load_pd(table + 8));
#elif defined(XENT_AVX2)
	__m256i		indices[2];
	__m256d		halves[2];
	vdouble		v;

	memcpy(indices, &index, sizeof(index));
	halves[0] = _mm256_i64gather_pd(table, indices[0], sizeof(double));
	halves[1] = _mm256_i64gather_pd(table, indices[1], sizeof(double));
	memcpy(&v, halves, sizeof(v));
	return v;
#else
	vdouble		v;

	for (int i = 0; i < XENT_LANES; i++)
		v[i] = table[index[i]];
	return v;
#endif
}

LANES_INLINE vdouble1
lookup16_one(const double *table, vmask1 index)
{
	return (vdouble1) {table[index[0]]};
}


LANES_INLINE vmask1
less_one(vdouble1 a, vdouble1 b)
{
	return a < b;
}

LANES_INLINE vmask1
less_equal_one(vdouble1 a, vdouble1 b)
{
	return a <= b;
}

LANES_INLINE vmask1
equal_one(vdouble1 a, vdouble1 b)
{
	return a == b;
}

LANES_INLINE vmask1
unordered_one(vdouble1 a, vdouble1 b)
{
	return a != b;
}

/*
 * Whether lo <= x <= hi in every lane (not where x is NaN): the fast paths'
 * test, in one comparison per register and bound and a test of the
 * comparisons' bits.
 */
LANES_INLINE int
all_within_lanes(vdouble x, double lo, double hi)
{
#if defined(XENT_AVX512)
	return (_mm512_cmp_pd_mask(_mm512_set1_pd(lo), (__m512d) x, _CMP_LE_OQ) &
			_mm512_cmp_pd_mask((__m512d) x, _mm512_set1_pd(hi), _CMP_LE_OQ)) == 0xff;
#elif defined(ELEM_REG_COMPARE)
	const int	every = (1 << (XENT_LANES / ELEM_REGS)) - 1;
	elem_reg	regs[ELEM_REGS];
	int			all = every;

	memcpy(regs, &x, sizeof(x));
	_Pragma("GCC unroll 4")
	for (int i = 0; i < ELEM_REGS; i++)
		all &= ELEM_REG_MOVEMASK(ELEM_REG_AND(ELEM_REG_COMPARE(ELEM_REG_SET1(lo), regs[i],
															   _CMP_LE_OQ, _mm_cmple_pd),
											  ELEM_REG_COMPARE(regs[i], ELEM_REG_SET1(hi),
															   _CMP_LE_OQ, _mm_cmple_pd)));
	return all == every;
#else
	int			all = 1;

	for (int i = 0; i < XENT_LANES; i++)
		all &= lo <= x[i] && x[i] <= hi;
	return all;
#endif
}

LANES_INLINE int
all_within_one(vdouble1 x, double lo, double hi)
{
	return lo <= x[0] && x[0] <= hi;
}

#define ELEM_T vdouble
#define ELEM_M vmask
#define ELEM_U vbits
#define ELEM_NAME(name) name##_lanes
#include "elementary_body.h"
#undef ELEM_T
#undef ELEM_M
#undef ELEM_U
#undef ELEM_NAME

#define ELEM_T vdouble1
#define ELEM_M vmask1
#define ELEM_U vbits1
#define ELEM_NAME(name) name##_one
#include "elementary_body.h"
#undef ELEM_T
#undef ELEM_M
#undef ELEM_U
#undef ELEM_NAME

static inline double
xent_log(double x)
{
	return log_one((vdouble1) {x})[0];
}

static inline double
xent_log1p(double x)
{
	return log1p_one((vdouble1) {x})[0];
}

static inline double
xent_exp(double x)
{
	return exp_one((vdouble1) {x})[0];
}

#endif							/* XENT_ELEMENTARY_H */
