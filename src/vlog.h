/*
 * vlog.h
 *		Natural logarithm of a block of doubles, in place.  The kernels gather
 *		the arguments of their logarithms into blocks so that this one call
 *		is the place where a vector implementation can stand in for libm.
 *		Each build (isa.h) has its own, which its kernels call directly.
 *		And the logarithms of one vector of lanes, in registers, for vectors
 *		too short for a block to pay.
 */
#ifndef XENT_VLOG_H
#define XENT_VLOG_H

#include <math.h>
#include <stddef.h>

#include "isa.h"
#include "lanes.h"

/* How many logarithms the kernels hand over at once. */
#define XENT_BLOCK 256

extern void ISA_SYMBOL(xent_log_block) (double *x, size_t n);

/*
 * glibc's vector math library (libmvec) is there on x86-64 glibc targets,
 * which the Makefile links with -lmvec.
 */
#if defined(__x86_64__) && !defined(__ILP32__) && defined(__GLIBC__) && \
	defined(__GNUC__)
#define XENT_HAVE_LIBMVEC 1
/* Each build declares the one its registers hold. */
#if XENT_LANES == 8
extern __m512d _ZGVeN8v_log(__m512d x);
#elif XENT_LANES == 4
extern __m256d _ZGVdN4v_log(__m256d x);
#else
extern __m128d _ZGVbN2v_log(__m128d x);
#endif
#endif

/* The lanes' logarithms: what xent_log_block gives for the same values. */
static inline vdouble
log_lanes(vdouble x)
{
#if defined(XENT_HAVE_LIBMVEC) && XENT_LANES == 8
	return (vdouble) _ZGVeN8v_log((__m512d) x);
#elif defined(XENT_HAVE_LIBMVEC) && XENT_LANES == 4
	return (vdouble) _ZGVdN4v_log((__m256d) x);
#elif defined(XENT_HAVE_LIBMVEC) && XENT_LANES == 2
	return (vdouble) _ZGVbN2v_log((__m128d) x);
#else
	for (int i = 0; i < XENT_LANES; i++)
		x[i] = log(x[i]);
	return x;
#endif
}

#endif							/* XENT_VLOG_H */
