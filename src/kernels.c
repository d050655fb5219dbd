/*
 * kernels.c
 *		The entry points of core.h for the divergence kernels, dispatched to
 *		the build of divergence.c that this CPU runs best (four AVX2 lanes, or
 *		two SSE2 lanes on any x86-64), and the scan helpers they share.
 */
#include <math.h>

#include "core.h"
#include "kernels.h"

typedef struct KernelSet
{
	void		(*scan_sum) (const double *x, size_t n, XentScan *scan);
	void		(*entropy_terms) (const double *p, size_t n, double p_div,
								  XentScan *scan);
	void		(*cross_entropy_terms) (const double *p, const double *q,
										size_t n, double p_div, double q_div,
										XentScan *scan);
	void		(*kl_terms) (const double *p, const double *q, size_t n,
							 double p_div, double q_div, XentScan *scan);
	void		(*js_terms) (const double *p, const double *q, size_t n,
							 double p_div, double q_div, XentScan *scan);
} KernelSet;

static const KernelSet sse2_kernels = {
	scan_sum_sse2, entropy_terms_sse2, cross_entropy_terms_sse2,
	kl_terms_sse2, js_terms_sse2
};

#ifdef XENT_HAVE_AVX2
static const KernelSet avx2_kernels = {
	scan_sum_avx2, entropy_terms_avx2, cross_entropy_terms_avx2,
	kl_terms_avx2, js_terms_avx2
};
#endif

static const KernelSet *kernels;

/* The set for this CPU, chosen once. */
static inline const KernelSet *
chosen(void)
{
	if (kernels == NULL)
	{
		kernels = &sse2_kernels;
#ifdef XENT_HAVE_AVX2
		__builtin_cpu_init();
		if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
			kernels = &avx2_kernels;
#endif
	}
	return kernels;
}

void
xent_scan_sum(const double *x, size_t n, XentScan *scan)
{
	chosen()->scan_sum(x, n, scan);
}

void
xent_entropy_terms(const double *p, size_t n, double p_div, XentScan *scan)
{
	chosen()->entropy_terms(p, n, p_div, scan);
}

void
xent_cross_entropy_terms(const double *p, const double *q, size_t n,
						 double p_div, double q_div, XentScan *scan)
{
	chosen()->cross_entropy_terms(p, q, n, p_div, q_div, scan);
}

void
xent_kl_terms(const double *p, const double *q, size_t n,
			  double p_div, double q_div, XentScan *scan)
{
	chosen()->kl_terms(p, q, n, p_div, q_div, scan);
}

void
xent_js_terms(const double *p, const double *q, size_t n,
			  double p_div, double q_div, XentScan *scan)
{
	chosen()->js_terms(p, q, n, p_div, q_div, scan);
}

void
xent_scan_init(XentScan *scan)
{
	scan->sum_p = 0.0;
	scan->sum_q = 0.0;
	scan->loss = 0.0;
	scan->loss_comp = 0.0;
	scan->invalid = false;
	scan->nan = false;
}

double
xent_scan_loss(const XentScan *scan)
{
	/* Once a term is infinite the compensation is meaningless (Inf - Inf). */
	if (!isfinite(scan->loss))
		return scan->loss;
	return scan->loss + scan->loss_comp;
}

size_t
xent_first_invalid(const double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (x[i] < 0.0 || isinf(x[i]))
			return i;
	return n;
}
