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
 */
#ifndef XENT_ELEMENTARY_H
#define XENT_ELEMENTARY_H

#include <math.h>
#include <stdint.h>

#include "lanes.h"

/* A vector of one double: the scalar instance, in scalar instructions. */
typedef double vdouble1 __attribute__((vector_size(sizeof(double))));
typedef int64_t vmask1 __attribute__((vector_size(sizeof(int64_t))));
typedef uint64_t vbits1 __attribute__((vector_size(sizeof(uint64_t))));

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
