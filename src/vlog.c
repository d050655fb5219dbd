/*
 * vlog.c
 *		Natural logarithm of a block of doubles, in place, through glibc's
 *		vector math library (libmvec) where the CPU allows: four lanes with
 *		AVX2, else two with SSE2.  Chosen once, at the first call, from what
 *		the CPU reports, so the library runs on any x86-64 and is never built
 *		with -march=native.  Elsewhere (other CPUs, x32, C libraries other than
 *		glibc, which alone has libmvec), libm one value at a time.  The
 *		Makefile links -lmvec for the same targets: x86_64-*-gnu.
 *
 * libmvec's log agrees with libm's to within 4 units in the last place (the
 * regression and fuzz tests hold it to 1e-15 relative), and returns the very
 * same values for 0, subnormals, 1, +Infinity, negatives and NaN: its
 * special cases fall back to the scalar routine.
 */
#include <math.h>

#include "vlog.h"

#if defined(__x86_64__) && !defined(__ILP32__) && defined(__GLIBC__) && \
	defined(__GNUC__)

#include <immintrin.h>

extern __m128d _ZGVbN2v_log(__m128d x);
/* Declared for AVX2 callers only: clang rejects a __m256d ABI elsewhere. */
__attribute__((target("avx2"))) extern __m256d _ZGVdN4v_log(__m256d x);

static void
log_block_sse2(double *x, size_t n)
{
	size_t		i = 0;

	for (; i + 2 <= n; i += 2)
		_mm_storeu_pd(x + i, _ZGVbN2v_log(_mm_loadu_pd(x + i)));
	for (; i < n; i++)
		x[i] = log(x[i]);
}

__attribute__((target("avx2,fma")))
static void
log_block_avx2(double *x, size_t n)
{
	size_t		i = 0;

	for (; i + 4 <= n; i += 4)
		_mm256_storeu_pd(x + i, _ZGVdN4v_log(_mm256_loadu_pd(x + i)));
	for (; i < n; i++)
		x[i] = log(x[i]);
}

static void log_block_choose(double *x, size_t n);

static void (*log_block) (double *x, size_t n) = log_block_choose;

/* The first call picks the implementation for all that follow. */
static void
log_block_choose(double *x, size_t n)
{
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
		log_block = log_block_avx2;
	else
		log_block = log_block_sse2;
	log_block(x, n);
}

void
xent_log_block(double *x, size_t n)
{
	log_block(x, n);
}

#else							/* no libmvec */

void
xent_log_block(double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		x[i] = log(x[i]);
}

#endif
