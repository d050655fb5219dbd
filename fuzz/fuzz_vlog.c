/*
 * fuzz_vlog.c
 *		Fuzz the block logarithm of src/vlog.c against libm's log.
 *
 * src/vlog.c picks its implementation once, from what the CPU reports, so
 * through its entry point a fuzzer reaches only one of them.  This target
 * compiles vlog.c into itself (#include, not a copy) to call each
 * implementation directly, as well as the entry point.
 *
 * Invariants, as vlog.c states them: the same values as libm's log for 0,
 * subnormals, 1, +Infinity, negatives and NaN, and within 1e-15 relatively
 * of it elsewhere; no element read or written outside the block (the
 * block is allocated to its exact length, for ASan).
 *
 * Input: block length (byte), then its elements (see fuzz_double).
 */
#include "fuzz_common.h"

#include "vlog.c"

typedef struct LogImpl
{
	const char *name;
	void		(*log_block) (double *x, size_t n);
} LogImpl;

static LogImpl impls[3];
static int	n_impls;

static const double *current_x;
static size_t current_n;
static const char *current_impl;

static void
describe(void)
{
	fprintf(stderr, "\t%s\n", current_impl);
	fuzz_print_array("x", current_x, current_n);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	impls[n_impls++] = (LogImpl) {"xent_log_block", xent_log_block};
#if defined(__x86_64__) && defined(__GNUC__)
	impls[n_impls++] = (LogImpl) {"log_block_sse2", log_block_sse2};
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
		impls[n_impls++] = (LogImpl) {"log_block_avx2", log_block_avx2};
#endif
	fuzz_describe = describe;
	return 0;
}

/* Where vlog.c promises libm's very value. */
static bool
special(double x)
{
	return !(x > 0.0) || isinf(x) || x < DBL_MIN || x == 1.0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzInput	in;
	size_t		n;
	double	   *x;
	double	   *y;

	fuzz_init(&in, data, size);
	n = fuzz_byte(&in) % 64;	/* 0 too: a block may be empty */
	x = malloc(n ? n * sizeof(double) : 1);
	y = malloc(n ? n * sizeof(double) : 1);
	fuzz_fill(&in, x, n, fuzz_double);
	current_x = x;
	current_n = n;

	for (int k = 0; k < n_impls; k++)
	{
		current_impl = impls[k].name;
		if (n > 0)
			memcpy(y, x, n * sizeof(double));
		impls[k].log_block(y, n);
		for (size_t i = 0; i < n; i++)
		{
			double		want = log(x[i]);

			if (special(x[i]))
				FUZZ_CHECK(same_bits(y[i], want) || (isnan(y[i]) && isnan(want)),
						   "%s: log(%a) = %a, libm %a", impls[k].name, x[i], y[i], want);
			else
				FUZZ_CHECK(fabs(y[i] - want) <= 1e-15 * fabs(want),
						   "%s: log(%a) = %a, libm %a, %.3g relatively apart",
						   impls[k].name, x[i], y[i], want,
						   fabs(y[i] - want) / fabs(want));
		}
	}
	free(x);
	free(y);
	return 0;
}
