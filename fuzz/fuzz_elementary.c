/*
 * fuzz_elementary.c
 *		Fuzz xent's own logarithm, log(1 + x) and exponential
 *		(src/elementary.h): the scalar instance, and the block functions of
 *		every build that this CPU runs (the tables that xent_runnable_kernels
 *		lists), whatever the dispatcher picks.
 *
 * Invariants, as elementary.h states them: every build's block gives, at
 * every position of the block (in a group of lanes or in the last short
 * group), the scalar function's very bits; and the scalar function is
 * faithful, within one unit in the last place of the value in long double,
 * whose 64-bit significand makes its own error negligible; the special
 * values are libm's (NaN for NaN alike).  No element is read or written
 * outside the block (it is allocated to its exact length, for ASan).
 *
 * Input: block length (byte), then its elements (see fuzz_double).
 */
#include "fuzz_common.h"

#include "core.h"
#include "elementary.h"

static const XentKernels *const *builds;
static size_t n_builds;

static const double *current_x;
static size_t current_n;
static const char *current_what;

static void
describe(void)
{
	fprintf(stderr, "\t%s\n", current_what);
	fuzz_print_array("x", current_x, current_n);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	builds = xent_runnable_kernels(&n_builds);
	fuzz_describe = describe;
	return 0;
}

/* One unit in the last place of a double of the magnitude of v. */
static long double
ulp_of(long double v)
{
	int			e;

	if (v == 0.0L)
		return 0x1p-1074L;
	frexpl(v, &e);
	return ldexpl(1.0L, e - 53 < -1074 ? -1074 : e - 53);
}

/*
 * got within one unit in the last place of want, or for a want beyond the
 * double range, what rounding it gives; special values as libm's.
 */
static void
check_faithful(const char *name, double x, double got, double libm, long double want)
{
	if (isnan(libm) || isinf(libm) || isinf(want) || fabsl(want) > DBL_MAX)
		FUZZ_CHECK(same_bits(got, libm) || (isnan(got) && isnan(libm)),
				   "%s(%a) = %a, libm %a", name, x, got, libm);
	else
		FUZZ_CHECK(fabsl((long double) got - want) < ulp_of(want),
				   "%s(%a) = %a, %.3Lg units in the last place from %La",
				   name, x, got, fabsl((long double) got - want) / ulp_of(want), want);
}

typedef struct Function
{
	const char *name;
	double		(*one) (double);
	size_t		block_offset;	/* of the block function in XentKernels */
} Function;

static double
log_one_value(double x)
{
	return xent_log(x);
}

static double
log1p_one_value(double x)
{
	return xent_log1p(x);
}

static double
exp_one_value(double x)
{
	return xent_exp(x);
}

static const Function functions[] = {
	{"log", log_one_value, offsetof(XentKernels, log_block)},
	{"log1p", log1p_one_value, offsetof(XentKernels, log1p_block)},
	{"exp", exp_one_value, offsetof(XentKernels, exp_block)},
};

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

	current_what = "the scalar functions against long double";
	for (size_t i = 0; i < n; i++)
	{
		check_faithful("log", x[i], xent_log(x[i]), log(x[i]), logl(x[i]));
		check_faithful("log1p", x[i], xent_log1p(x[i]), log1p(x[i]), log1pl(x[i]));
		check_faithful("exp", x[i], xent_exp(x[i]), exp(x[i]), expl(x[i]));
		/* Near 1 too, where probabilities' logarithms are small. */
		check_faithful("log", 1.0 + x[i], xent_log(1.0 + x[i]), log(1.0 + x[i]),
					   logl(1.0 + x[i]));
	}

	for (size_t f = 0; f < sizeof(functions) / sizeof(functions[0]); f++)
	{
		for (size_t k = 0; k < n_builds; k++)
		{
			void		(*block) (double *, size_t);

			memcpy(&block, (const char *) builds[k] + functions[f].block_offset,
				   sizeof(block));
			current_what = builds[k]->name;
			if (n > 0)
				memcpy(y, x, n * sizeof(double));
			block(y, n);
			for (size_t i = 0; i < n; i++)
				FUZZ_CHECK(same_bits(y[i], functions[f].one(x[i])) ||
						   (isnan(y[i]) && isnan(x[i])),
						   "%s build: %s(%a) at %zu of %zu = %a, scalar %a",
						   builds[k]->name, functions[f].name, x[i], i, n,
						   y[i], functions[f].one(x[i]));
		}
	}
	free(x);
	free(y);
	return 0;
}
