/*
 * scan.c
 *		What every build's kernels share: the scan they fill, the search for
 *		the element to blame when it flags one, and the divergence a finished
 *		scan comes to.
 */
#include <math.h>

#include "core.h"

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
		if (XENT_INVALID_PROBABILITY(x[i]))
			return i;
	return n;
}

double
xent_divergence_value(XentDivergence kind, const XentScan *scan)
{
	double		loss = xent_scan_loss(scan);
	double		js;

	switch (kind)
	{
		case XENT_ENTROPY:
		case XENT_CROSS_ENTROPY:
			/* 0.0 - x, not -x: a certain outcome has entropy 0, not -0. */
			return 0.0 - loss;
		case XENT_KL:
			return loss;
		case XENT_JS:
			/* Kept inside [0, ln 2] against rounding, so sqrt(JS) is defined. */
			js = 0.5 * loss;
			js = js > 0.0 ? js : 0.0;
			return js < M_LN2 ? js : M_LN2;
		case XENT_PSI:
			return loss;
		case XENT_HELLINGER:
			/*
			 * sqrt(1/2 sum), kept inside [0, 1] against rounding; the sum is
			 * scaled by the square of XENT_HELLINGER_ROOT_SCALE, and its
			 * square root by that scale, exactly.
			 */
			return sqrt(fmin(fmax(0.5 * loss, 0.0),
							 XENT_HELLINGER_ROOT_SCALE * XENT_HELLINGER_ROOT_SCALE)) /
				XENT_HELLINGER_ROOT_SCALE;
		case XENT_TVD:
			return fmin(fmax(0.5 * loss, 0.0), 1.0);
		case XENT_N_DIVERGENCES:
			break;
	}
	__builtin_unreachable();	/* kind is a divergence */
}
