/*
 * fuzz_vlog.c
 *		Fuzz the block logarithm of src/vlog.c against libm's log, in every
 *		build of it that this CPU runs (the log_block of each kernel table
 *		that xent_runnable_kernels lists), whatever the dispatcher picks.
 *
 * Invariants, as vlog.c states them: the same values as libm's log for 0,
 * subnormals, 1, +Infinity, negatives and NaN, and within 1e-15 relatively
 * of it elsewhere; no element read or written outside the block (the
 * block is allocated to its exact length, for ASan).
 *
 * Input: block length (byte), then its elements (see fuzz_double).
 */
#include "fuzz_common.h"

#include "core.h"

static const XentKernels *const *builds;
static size_t n_builds;

static const double *current_x;
static size_t current_n;
static const char *current_build;

static void
describe(void)
{
	fprintf(stderr, "\tlog_block of the %s build\n", current_build);
	fuzz_print_array("x", current_x, current_n);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	builds = xent_runnable_kernels(&n_builds);
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

	for (size_t k = 0; k < n_builds; k++)
	{
		current_build = builds[k]->name;
		if (n > 0)
			memcpy(y, x, n * sizeof(double));
		builds[k]->log_block(y, n);
		for (size_t i = 0; i < n; i++)
		{
			double		want = log(x[i]);

			if (special(x[i]))
				FUZZ_CHECK(same_bits(y[i], want) || (isnan(y[i]) && isnan(want)),
						   "%s: log(%a) = %a, libm %a", current_build, x[i], y[i], want);
			else
				FUZZ_CHECK(fabs(y[i] - want) <= 1e-15 * fabs(want),
						   "%s: log(%a) = %a, libm %a, %.3g relatively apart",
						   current_build, x[i], y[i], want,
						   fabs(y[i] - want) / fabs(want));
		}
	}
	free(x);
	free(y);
	return 0;
}
