/*
 * dispatch.c
 *		The one choice of a build of the kernels (isa.h) for this CPU: the
 *		last of the builds, in the order below, whose instructions the CPU
 *		reports, made once at the first call.
 */
#include "core.h"
#include "isa.h"

typedef struct Build
{
	const XentKernels *kernels;
	bool		(*cpu_runs) (void);	/* NULL: every CPU of the architecture */
} Build;

#ifdef XENT_HAVE_AVX2
static bool
cpu_has_avx2(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#endif

#ifdef XENT_HAVE_AVX512
static bool
cpu_has_avx512(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
}
#endif

/* Baseline first, then each build that needs more of the CPU. */
static const Build builds[] = {
	{&xent_kernels_baseline, NULL},
#ifdef XENT_HAVE_AVX2
	{&xent_kernels_avx2, cpu_has_avx2},
#endif
#ifdef XENT_HAVE_AVX512
	{&xent_kernels_avx512, cpu_has_avx512},
#endif
};

#define N_BUILDS (sizeof(builds) / sizeof(builds[0]))

static const XentKernels *runnable[N_BUILDS];
static size_t n_runnable;

const XentKernels *const *
xent_runnable_kernels(size_t *n)
{
	if (n_runnable == 0)
	{
		for (size_t i = 0; i < N_BUILDS; i++)
			if (builds[i].cpu_runs == NULL || builds[i].cpu_runs())
				runnable[n_runnable++] = builds[i].kernels;
	}
	*n = n_runnable;
	return runnable;
}

const XentKernels *
xent_kernels(void)
{
	size_t		n;
	const XentKernels *const *all = xent_runnable_kernels(&n);

	return all[n - 1];
}
