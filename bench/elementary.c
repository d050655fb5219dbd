/*
 * elementary.c
 *		Micro-benchmark of xent's own log, log1p and exp (src/elementary.h)
 *		against glibc's: libmvec's vector functions of the width of each
 *		build (_ZGVbN2v_ for SSE2, _ZGVdN4v_ for AVX2, _ZGVeN8v_ for AVX-512)
 *		and libm's scalar ones.  A measuring tool, not a test: it prints
 *		nanoseconds per element, the best of several repetitions over a
 *		block that stays in the L1 cache, and checks nothing.
 *
 * The file is compiled once per kernel build, with core.mk's flags for it
 * (nothing for the baseline, XENT_AVX2_CFLAGS, XENT_AVX512_CFLAGS), each
 * object naming its timings with ISA_SYMBOL, and once more with
 * -DBENCH_MAIN for main(); bench/README.md gives the commands.  Only the
 * builds this CPU runs are timed.
 */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "elementary.h"
#include "isa.h"

#define BENCH_N 4096			/* elements per block: 32 kB each way */
#define BENCH_PASSES 64			/* passes over the block per repetition */
#define BENCH_REPS 9			/* repetitions: the best is printed */

typedef void (*BenchFn) (const double *x, double *y, size_t n);

typedef struct BenchRow
{
	const char *name;			/* log, log1p, exp */
	BenchFn		xent_lanes;		/* eight lanes of the build */
	BenchFn		libmvec;		/* libmvec of the build's width */
	BenchFn		xent_one;		/* the scalar instance, in the build */
	BenchFn		libm;			/* libm's scalar function */
} BenchRow;

#ifndef BENCH_MAIN

#if defined(XENT_AVX512)
typedef __m512d mvec;
#define MVEC_NAME(f) _ZGVeN8v_##f
#elif defined(XENT_AVX2)
typedef __m256d mvec;
#define MVEC_NAME(f) _ZGVdN4v_##f
#else
typedef __m128d mvec;
#define MVEC_NAME(f) _ZGVbN2v_##f
#endif

#define MVEC_LANES (sizeof(mvec) / sizeof(double))

/* One function's four loops in this build; n is a multiple of 8. */
#define BENCH_FUNCTION(f, libm_f) \
extern mvec MVEC_NAME(libm_f) (mvec); \
static void \
f##_xent_lanes(const double *x, double *y, size_t n) \
{ \
	for (size_t i = 0; i < n; i += XENT_LANES) \
		store_lanes(y + i, f##_lanes(load_lanes(x + i))); \
} \
static void \
f##_libmvec(const double *x, double *y, size_t n) \
{ \
	for (size_t i = 0; i < n; i += MVEC_LANES) \
	{ \
		mvec		v; \
\
		memcpy(&v, x + i, sizeof(v)); \
		v = MVEC_NAME(libm_f) (v); \
		memcpy(y + i, &v, sizeof(v)); \
	} \
} \
static void \
f##_xent_one(const double *x, double *y, size_t n) \
{ \
	for (size_t i = 0; i < n; i++) \
		y[i] = xent_##f(x[i]); \
} \
static void \
f##_libm(const double *x, double *y, size_t n) \
{ \
	for (size_t i = 0; i < n; i++) \
		y[i] = libm_f(x[i]); \
}

BENCH_FUNCTION(log, log)
BENCH_FUNCTION(log1p, log1p)
BENCH_FUNCTION(exp, exp)

const BenchRow ISA_SYMBOL(bench_rows)[3] = {
	{"log", log_xent_lanes, log_libmvec, log_xent_one, log_libm},
	{"log1p", log1p_xent_lanes, log1p_libmvec, log1p_xent_one, log1p_libm},
	{"exp", exp_xent_lanes, exp_libmvec, exp_xent_one, exp_libm},
};

#else							/* BENCH_MAIN */

extern const BenchRow bench_rows_baseline[3];
extern const BenchRow bench_rows_avx2[3];
extern const BenchRow bench_rows_avx512[3];

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Best time per element of fn over x, in nanoseconds. */
static double
time_fn(BenchFn fn, const double *x, double *y)
{
	double		best = 1e300;

	for (int rep = 0; rep < BENCH_REPS; rep++)
	{
		double		start = now_ns();
		double		elapsed;

		for (int pass = 0; pass < BENCH_PASSES; pass++)
			fn(x, y, BENCH_N);
		elapsed = (now_ns() - start) / ((double) BENCH_PASSES * BENCH_N);
		if (elapsed < best)
			best = elapsed;
	}
	return best;
}

/*
 * Arguments where the functions are used: probabilities and their
 * complements for log and log1p (spread over many binades), logits for exp.
 */
static void
fill(const char *name, double *x)
{
	for (size_t i = 0; i < BENCH_N; i++)
	{
		double		u = (rand() + 1.0) / ((double) RAND_MAX + 2.0);

		if (name[3] == '1')		/* log1p: -p */
			x[i] = -u;
		else if (name[0] == 'l')	/* log: p, down to about 1e-30 */
			x[i] = u * ldexp(1.0, -(rand() % 100));
		else					/* exp: logits */
			x[i] = 60.0 * u - 40.0;
	}
}

int
main(void)
{
	static double x[BENCH_N];
	static double y[BENCH_N];
	const struct
	{
		const char *name;
		const BenchRow *rows;
		int			runs;
	}			builds[] = {
		{"baseline (SSE2, libmvec 2 lanes)", bench_rows_baseline, 1},
		{"avx2 (libmvec 4 lanes)", bench_rows_avx2,
		__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")},
		{"avx512 (libmvec 8 lanes)", bench_rows_avx512,
		__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma")},
	};

	printf("ns per element, best of %d repetitions of %d passes over %d elements\n",
		   BENCH_REPS, BENCH_PASSES, BENCH_N);
	printf("%-34s %-6s %8s %8s %8s %8s\n", "build", "fn",
		   "xent", "libmvec", "xent1", "libm");
	for (size_t b = 0; b < sizeof(builds) / sizeof(builds[0]); b++)
	{
		if (!builds[b].runs)
			continue;
		for (int f = 0; f < 3; f++)
		{
			const BenchRow *row = &builds[b].rows[f];

			srand(12345);
			fill(row->name, x);
			printf("%-34s %-6s %8.3f %8.3f %8.3f %8.3f\n", builds[b].name,
				   row->name, time_fn(row->xent_lanes, x, y),
				   time_fn(row->libmvec, x, y), time_fn(row->xent_one, x, y),
				   time_fn(row->libm, x, y));
		}
	}
	return 0;
}

#endif							/* BENCH_MAIN */
