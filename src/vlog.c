/*
 * vlog.c
 *		Natural logarithm of a block of doubles, in place, through glibc's
 *		vector math library (libmvec) on x86-64 glibc targets: eight lanes in
 *		the AVX-512 build, four in the AVX2 build, two (SSE2) in the baseline
 *		build.  Elsewhere (other CPUs, x32, C libraries other than glibc,
 *		which alone has libmvec), libm one value at a time.  The Makefile
 *		links -lmvec for the same targets: x86_64-*-gnu.
 *
 * libmvec's log agrees with libm's to within 4 units in the last place (the
 * regression and fuzz tests hold it to 1e-15 relative), and returns the very
 * same values for 0, subnormals, 1, +Infinity, negatives and NaN: its
 * special cases fall back to the scalar routine.
 */
#include <math.h>

#include "vlog.h"

#ifdef XENT_HAVE_LIBMVEC

#if defined(XENT_AVX512)

void
ISA_SYMBOL(xent_log_block) (double *x, size_t n)
{
	size_t		i = 0;

	for (; i + 8 <= n; i += 8)
		_mm512_storeu_pd(x + i, _ZGVeN8v_log(_mm512_loadu_pd(x + i)));
	for (; i < n; i++)
		x[i] = log(x[i]);
}

#elif defined(XENT_AVX2)

void
ISA_SYMBOL(xent_log_block) (double *x, size_t n)
{
	size_t		i = 0;

	for (; i + 4 <= n; i += 4)
		_mm256_storeu_pd(x + i, _ZGVdN4v_log(_mm256_loadu_pd(x + i)));
	for (; i < n; i++)
		x[i] = log(x[i]);
}

#else							/* SSE2, which every x86-64 has */

void
ISA_SYMBOL(xent_log_block) (double *x, size_t n)
{
	size_t		i = 0;

	for (; i + 2 <= n; i += 2)
		_mm_storeu_pd(x + i, _ZGVbN2v_log(_mm_loadu_pd(x + i)));
	for (; i < n; i++)
		x[i] = log(x[i]);
}

#endif

#else							/* no libmvec */

void
ISA_SYMBOL(xent_log_block) (double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		x[i] = log(x[i]);
}

#endif
