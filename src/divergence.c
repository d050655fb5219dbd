/*
 * divergence.c
 *		The divergence kernels (entropy, cross entropy, KL, Jensen-Shannon,
 *		PSI, Hellinger, total variation), and the table of them that this
 *		build (isa.h) exports.
 *
 * Each kernel walks its vectors in blocks of XENT_BLOCK: one loop gathers
 * the arguments of the logarithms together with the sums and validity flags,
 * the build's xent_log_block takes the logarithms of the whole block, and a
 * last loop weighs and sums the terms.  (Entropy, cross entropy and KL take
 * a vector of up to SHORT_IN_REGISTERS elements in one loop instead, with
 * the same logarithms in registers: the same values in the same order.  JS
 * always does, its block being five arrays that the narrower builds would
 * store and load again.)
 * The loops run XENT_LANES lanes at a time (lanes.h: eight in every build),
 * with one accumulator per lane instead of reassociating, and a zero-padded
 * last group, so every build gives the same bits.  Block sums are
 * added with Neumaier's compensation, so the error does not grow with the
 * length of the vector.
 */
#include <float.h>
#include <math.h>

#include "core.h"
#include "error_free.h"
#include "isa.h"
#include "lanes.h"
#include "elementary_blocks.h"
#include "exponentials.h"

/* Validity flags and sums, one lane each. */
typedef struct Lanes
{
	vdouble		sum_p;
	vdouble		sum_q;
	vmask		invalid;
	vmask		nan;
} Lanes;

/*
 * Quotients outside [2^-1000, 2^990] take the slow path: subnormal
 * quotients have lost bits, and Dekker's product (lanes.h) splits its
 * operands by multiplying them by 2^27 + 1, which must not overflow.
 */
#define RATIO_MIN 0x1p-1000
#define RATIO_MAX 0x1p990

/*
 * Vectors of up to this many elements take their logarithms in registers,
 * term by term, rather than through a block in memory: the same values,
 * without the stores, loads and second loop that a few groups do not repay.
 */
#define SHORT_IN_REGISTERS 32

/* Add one block's sum to the scan's compensated loss. */
static inline void
loss_add(XentScan *scan, double block_sum)
{
	compensated_add(&scan->loss, &scan->loss_comp, block_sum);
}

static inline size_t
block_len(size_t n, size_t i)
{
	return n - i < XENT_BLOCK ? n - i : XENT_BLOCK;
}

/* XENT_INVALID_PROBABILITY and isnan lane by lane, into the flags. */
LANES_INLINE void
flag(vmask *invalid, vmask *nan, vdouble x)
{
	*invalid |= less_lanes(x, splat_lanes(0.0)) | equal_lanes(x, splat_lanes(INFINITY));
	*nan |= unordered_lanes(x, x);
}

/* The lanes where v > 0 (not where v is NaN). */
LANES_INLINE vmask
positive(vdouble v)
{
	return less_lanes(splat_lanes(0.0), v);
}

/* Count a group of one vector, or of both, into the sums and flags. */
LANES_INLINE void
take_one(Lanes *lanes, vdouble x)
{
	lanes->sum_p += x;
	flag(&lanes->invalid, &lanes->nan, x);
}

LANES_INLINE void
take_pair(Lanes *lanes, vdouble x, vdouble y)
{
	lanes->sum_p += x;
	lanes->sum_q += y;
	flag(&lanes->invalid, &lanes->nan, x);
	flag(&lanes->invalid, &lanes->nan, y);
}


/* v where it is finite, else 0. */
LANES_INLINE vdouble
finite_or_zero(vdouble v)
{
	return masked(equal_lanes(v - v, splat_lanes(0.0)), v);
}

/*
 * The group of p and q at the start of p and q (zero-padded past the avail
 * elements that remain), counted as given into the sums and flags, and
 * returned divided by their divisors as *pj and *qj, with each quotient's
 * own rounding error:
 * p / p_div = *pj + *ep, exactly but for the rounding of *ep (0 when not
 * renormalising).  The differences p' - q' that PSI, Hellinger, TVD and JS
 * weigh need them: near p' = q' the roundings of p' and q' would otherwise
 * be all that is left of p' - q'.  The residual x - x' div is formed from
 * x and div scaled by the power of two that brings div near 1 (DivScale),
 * which changes no quotient and keeps the products from underflowing, or
 * Dekker's splitting from overflowing, when the divisor is near either end
 * of the double range.  Where it cannot be formed exactly all the same (an
 * element far above its divisor), it is dropped.
 */
typedef struct DivScale
{
	double		first;			/* 2^k = first * second: up to 2^1074 */
	double		second;
} DivScale;

static inline DivScale
div_scale(double div)
{
	DivScale	scale = {1.0, 1.0};
	int			k;

	/* The SQL layer divides only by a positive finite sum; no scale else. */
	if (!(div > 0.0 && div <= DBL_MAX))
		return scale;
	k = -ilogb(div);
	scale.first = ldexp(1.0, k / 2);
	scale.second = ldexp(1.0, k - k / 2);
	return scale;
}

LANES_INLINE vdouble
scaled(vdouble x, DivScale scale)
{
	return (x * scale.first) * scale.second;
}

LANES_INLINE void
take_exact_pair(Lanes *lanes, const double *p, const double *q, size_t avail,
				double p_div, double q_div, DivScale p_scale, DivScale q_scale,
				bool renormalize, vdouble *pj, vdouble *qj, vdouble *ep,
				vdouble *eq)
{
	vdouble		x = load_group(p, avail);
	vdouble		y = load_group(q, avail);
	vdouble		p_div_scaled;
	vdouble		q_div_scaled;

	take_pair(lanes, x, y);
	if (!renormalize)
	{
		*pj = x;
		*qj = y;
		*ep = (vdouble) {0};
		*eq = (vdouble) {0};
		return;
	}
	*pj = x / p_div;
	*qj = y / q_div;
	p_div_scaled = scaled((vdouble) {0} + p_div, p_scale);
	q_div_scaled = scaled((vdouble) {0} + q_div, q_scale);
	*ep = finite_or_zero(quotient_residual(scaled(x, p_scale), p_div_scaled, *pj) /
						 p_div_scaled);
	*eq = finite_or_zero(quotient_residual(scaled(y, q_scale), q_div_scaled, *qj) /
						 q_div_scaled);
}

/* x / div and its rounding error, one element at a time (slow paths). */
static inline double
exact_quotient(double x, double div, bool renormalize, double *error)
{
	DivScale	scale = div_scale(div);
	double		div_scaled = (div * scale.first) * scale.second;
	double		r;

	*error = 0.0;
	if (!renormalize)
		return x;
	r = x / div;
	*error = fma(-r, div_scaled, (x * scale.first) * scale.second) / div_scaled;
	if (!isfinite(*error))
		*error = 0.0;
	return r;
}

static void
fold_lanes(const Lanes *lanes, XentScan *scan)
{
	scan->sum_p += sum_lanes(lanes->sum_p);
	scan->sum_q += sum_lanes(lanes->sum_q);
	scan->invalid |= any_lane(lanes->invalid);
	scan->nan |= any_lane(lanes->nan);
}

static void
scan_sum(const double *x, size_t n, XentScan *scan)
{
	Lanes		lanes = {0};

	for (size_t i = 0; i < n; i += XENT_LANES)
		take_one(&lanes, load_group(x + i, n - i));
	fold_lanes(&lanes, scan);
}

/*
 * The kernels proper, each with a renormalize flag that is a constant in
 * every call (TABLE_ENTRY below), so that the compiler builds each twice
 * and the common case divides nothing.
 */
static inline __attribute__((always_inline)) void
entropy_terms(const double *p, const double *q __attribute__((unused)), size_t n,
			  double p_div, double q_div __attribute__((unused)), bool renormalize,
			  XentScan *scan)
{
	double		logs[XENT_BLOCK];
	Lanes		lanes = {0};

	if (n <= SHORT_IN_REGISTERS)
	{
		vdouble		block = {0};

		for (size_t j = 0; j < n; j += XENT_LANES)
		{
			vdouble		x = load_group(p + j, n - j);
			vdouble		w = renormalize ? x / p_div : x;

			take_one(&lanes, x);
			block += masked(positive(w), w * log_lanes(w));
		}
		loss_add(scan, sum_lanes(block));
		fold_lanes(&lanes, scan);
		return;
	}
	for (size_t i = 0; i < n; i += XENT_BLOCK)
	{
		size_t		m = block_len(n, i);
		vdouble		block = {0};

		for (size_t j = 0; j < m; j += XENT_LANES)
		{
			vdouble		x = load_group(p + i + j, m - j);

			take_one(&lanes, x);
			store_lanes(logs + j, renormalize ? x / p_div : x);
		}
		ISA_SYMBOL(xent_log_block) (logs, padded_length(m));
		for (size_t j = 0; j < m; j += XENT_LANES)
		{
			vdouble		w = load_group(p + i + j, m - j);

			if (renormalize)
				w /= p_div;
			block += masked(positive(w), w * load_lanes(logs + j));
		}
		loss_add(scan, sum_lanes(block));
	}
	fold_lanes(&lanes, scan);
}

static inline __attribute__((always_inline)) void
cross_entropy_terms(const double *p, const double *q, size_t n,
					double p_div, double q_div, bool renormalize,
					XentScan *scan)
{
	double		logs[XENT_BLOCK];
	Lanes		lanes = {0};

	if (n <= SHORT_IN_REGISTERS)
	{
		vdouble		block = {0};

		for (size_t j = 0; j < n; j += XENT_LANES)
		{
			vdouble		x = load_group(p + j, n - j);
			vdouble		y = load_group(q + j, n - j);
			vdouble		w = renormalize ? x / p_div : x;

			take_pair(&lanes, x, y);
			block += masked(positive(w),
							w * log_lanes(renormalize ? y / q_div : y));
		}
		loss_add(scan, sum_lanes(block));
		fold_lanes(&lanes, scan);
		return;
	}
	for (size_t i = 0; i < n; i += XENT_BLOCK)
	{
		size_t		m = block_len(n, i);
		vdouble		block = {0};

		for (size_t j = 0; j < m; j += XENT_LANES)
		{
			vdouble		x = load_group(p + i + j, m - j);
			vdouble		y = load_group(q + i + j, m - j);

			take_pair(&lanes, x, y);
			store_lanes(logs + j, renormalize ? y / q_div : y);
		}
		ISA_SYMBOL(xent_log_block) (logs, padded_length(m));
		for (size_t j = 0; j < m; j += XENT_LANES)
		{
			vdouble		w = load_group(p + i + j, m - j);

			if (renormalize)
				w /= p_div;
			block += masked(positive(w), w * load_lanes(logs + j));
		}
		loss_add(scan, sum_lanes(block));
	}
	fold_lanes(&lanes, scan);
}

/*
 * log(a/b) for a > 0 and a normal quotient r = fl(a/b): log(r) plus the
 * quotient's rounding error relative to a, (a - r b) / a, which one fused
 * multiply-add gives exactly.  Where a/b is not normal, the difference of
 * the two logarithms, which cannot overflow.  The slow path of the kernels
 * below, one element at a time: the baseline build calls libm's fma() here.
 */
static double
log_ratio(double a, double b)
{
	double		r = a / b;

	if (r >= RATIO_MIN && r <= RATIO_MAX)
		return xent_log(r) + fma(-r, b, a) / a;
	return xent_log(a) - xent_log(b);
}

/*
 * log(p'/q') of p' = x / x_div and q' = y / y_div, both > 0, given the
 * rounded quotients pj, qj and their rounding errors ep, eq (0 when not
 * renormalising): log_ratio of the rounded ones, plus, renormalising, each
 * quotient's relative error, which near p' = q' is as large as the
 * logarithm itself.  Where a quotient is near the subnormals its rounding
 * error is no longer small against it, and the logarithm is taken from the
 * operands instead: log x - log x_div, which are exact.
 */
static double
exact_log_ratio(double x, double x_div, double pj, double ep,
				double y, double y_div, double qj, double eq, bool renormalize)
{
	if (!renormalize)
		return log_ratio(pj, qj);
	if (pj >= RATIO_MIN && qj >= RATIO_MIN)
		return log_ratio(pj, qj) + ep / pj - eq / qj;
	return (xent_log(x) - xent_log(x_div)) - (xent_log(y) - xent_log(y_div));
}

/*
 * KL terms p' log(p'/q').  log(p'/q') is taken as log(r) for the rounded
 * quotient r, plus the quotient's rounding error (p' - r q') / p', exact
 * through quotient_residual: without it, near p' = q' the rounding of r
 * alone would cost the term all its relative precision (and renormalising,
 * so would the rounding of p' and q': their errors are added as well).  A
 * block where some r falls outside [RATIO_MIN, RATIO_MAX] (q' subnormal or
 * zero, or p' tiny against q'), or, renormalising, some q' falls below
 * RATIO_MIN, is redone one element at a time by exact_log_ratio.
 */
/*
 * One group of KL's terms: p' (*pj), the quotient r = p'/q' whose logarithm
 * the term takes, and the correction *c added to that logarithm.  Returns
 * the lanes whose quotient needs the slow path.
 */
LANES_INLINE vmask
kl_group(Lanes *lanes, const double *p, const double *q, size_t avail,
		 double p_div, double q_div, DivScale p_scale, DivScale q_scale,
		 bool renormalize, vdouble *pj, vdouble *r, vdouble *c)
{
	vdouble		qj;
	vdouble		ep;
	vdouble		eq;
	vmask		ok;

	take_exact_pair(lanes, p, q, avail, p_div, q_div, p_scale, q_scale,
					renormalize, pj, &qj, &ep, &eq);
	*r = *pj / qj;
	ok = less_equal_lanes(splat_lanes(RATIO_MIN), *r) &
		less_equal_lanes(*r, splat_lanes(RATIO_MAX));
	if (renormalize)			/* exact_log_ratio's bound */
		ok &= less_equal_lanes(splat_lanes(RATIO_MIN), qj);
	*c = quotient_residual(*pj, qj, *r) / *pj;
	if (renormalize)
		*c += ep / *pj - eq / qj;
	return positive(*pj) & ~ok;
}

static inline __attribute__((always_inline)) void
kl_terms(const double *p, const double *q, size_t n,
		 double p_div, double q_div, bool renormalize, XentScan *scan)
{
	const DivScale p_scale = div_scale(renormalize ? p_div : 1.0);
	const DivScale q_scale = div_scale(renormalize ? q_div : 1.0);
	double		logs[XENT_BLOCK];
	double		corr[XENT_BLOCK];
	Lanes		lanes = {0};

	/*
	 * A short vector in registers, unless some quotient needs the slow path:
	 * then its sums and flags are dropped, and the block below redoes it.
	 */
	if (n <= SHORT_IN_REGISTERS)
	{
		Lanes		short_lanes = {0};
		vdouble		block = {0};
		vmask		wide = {0};

		for (size_t j = 0; j < n; j += XENT_LANES)
		{
			vdouble		pj;
			vdouble		r;
			vdouble		c;

			wide |= kl_group(&short_lanes, p + j, q + j, n - j, p_div, q_div,
							 p_scale, q_scale, renormalize, &pj, &r, &c);
			block += masked(positive(pj), pj * (log_lanes(r) + c));
		}
		if (!any_lane(wide))
		{
			loss_add(scan, sum_lanes(block));
			fold_lanes(&short_lanes, scan);
			return;
		}
	}
	for (size_t i = 0; i < n; i += XENT_BLOCK)
	{
		size_t		m = block_len(n, i);
		vdouble		block = {0};
		vmask		wide = {0};

		for (size_t j = 0; j < m; j += XENT_LANES)
		{
			vdouble		pj;
			vdouble		r;
			vdouble		c;

			wide |= kl_group(&lanes, p + i + j, q + i + j, m - j, p_div, q_div,
							 p_scale, q_scale, renormalize, &pj, &r, &c);
			store_lanes(logs + j, r);
			store_lanes(corr + j, c);
		}
		if (any_lane(wide))
		{
			double		slow = 0.0;

			for (size_t j = 0; j < m; j++)
			{
				double		ep;
				double		eq;
				double		pj = exact_quotient(p[i + j], p_div, renormalize, &ep);
				double		qj = exact_quotient(q[i + j], q_div, renormalize, &eq);

				if (pj > 0.0)
					slow += pj * (qj > 0.0 ?
								  exact_log_ratio(p[i + j], p_div, pj, ep,
												  q[i + j], q_div, qj, eq, renormalize) :
								  log_ratio(pj, qj));
			}
			loss_add(scan, slow);
			continue;
		}
		ISA_SYMBOL(xent_log_block) (logs, padded_length(m));
		for (size_t j = 0; j < m; j += XENT_LANES)
		{
			vdouble		w = load_group(p + i + j, m - j);

			if (renormalize)
				w /= p_div;
			block += masked(positive(w), w * (load_lanes(logs + j) + load_lanes(corr + j)));
		}
		loss_add(scan, sum_lanes(block));
	}
	fold_lanes(&lanes, scan);
}

/*
 * JS of a pair near p' = q', from t = (p' - q')/(p' + q'):
 * p' log(2p'/(p'+q')) + q' log(2q'/(p'+q')) = (p'+q')/2 g(t) with
 * g(t) = (1+t) log(1+t) + (1-t) log(1-t) = sum over k >= 1 of
 * t^2k / (k (2k-1)), a series of positive terms.  The two logarithms
 * cancel to t^2 there, which would leave the pair with the relative
 * precision of t alone; the series keeps all of it.  For |t| < 1/4,
 * fourteen terms reach 2^-60 of the first.
 */
#define JS_SERIES_BELOW 0.25

LANES_INLINE vdouble
js_series(vdouble t)
{
	static const double c[] = {
		1.0 / 378, 1.0 / 325, 1.0 / 276, 1.0 / 231, 1.0 / 190, 1.0 / 153,
		1.0 / 120, 1.0 / 91, 1.0 / 66, 1.0 / 45, 1.0 / 28, 1.0 / 15,
		1.0 / 6, 1.0
	};
	vdouble		t2 = t * t;

	return horner_lanes(t2, c, sizeof(c) / sizeof(c[0])) * t2;
}

/* a where mask is set, else b. */
LANES_INLINE vdouble
select_lanes(vmask mask, vdouble a, vdouble b)
{
	return (vdouble) (((vmask) a & mask) | ((vmask) b & ~mask));
}

/*
 * One JS pair, one element at a time: the slow path, for blocks where a
 * quotient underflows.  Near p' = q', the series; elsewhere both
 * logarithms as in log_ratio, against s = p' + q' plus its rounding error e
 * (two-sum).
 */
static double
js_pair(double x, double y, double p_div, double q_div, bool renormalize)
{
	double		ep;
	double		eq;
	double		pj = exact_quotient(x, p_div, renormalize, &ep);
	double		qj = exact_quotient(y, q_div, renormalize, &eq);
	double		s = pj + qj;
	double		e = two_sum_error(pj, qj, s);
	double		t = s > 0.0 ? ((pj - qj) + (ep - eq)) / s : 0.0;
	double		p_term = 0.0;
	double		q_term = 0.0;

	if (t * t < JS_SERIES_BELOW * JS_SERIES_BELOW)
		return 0.5 * (s + (ep + eq)) * js_series((vdouble) {0} + t)[0];
	if (pj > 0.0)
		p_term = pj * (log_ratio(2.0 * pj, s) - e / s);
	if (qj > 0.0)
		q_term = qj * (log_ratio(2.0 * qj, s) - e / s);
	/* One addition per pair, so swapping p and q changes nothing. */
	return p_term + q_term;
}

/*
 * JS terms.  Far from p' = q' (|t| >= 1/4), with s = p' + q' rounded and e
 * its rounding error (two-sum), log(2p'/(p'+q')) = log(r) + (2p' - r s)/(2p')
 * - e/s to first order, r the rounded quotient 2p'/s; likewise for q'.  Near
 * it, the series of js_series.  Both quotients are at most 2, so only
 * underflow (one side tiny against the other) needs the slow path; a block
 * that does is summed again by js_pair, its logarithms in registers wasted.
 */
static inline __attribute__((always_inline)) void
js_terms(const double *p, const double *q, size_t n,
		 double p_div, double q_div, bool renormalize, XentScan *scan)
{
	const DivScale p_scale = div_scale(renormalize ? p_div : 1.0);
	const DivScale q_scale = div_scale(renormalize ? q_div : 1.0);
	Lanes		lanes = {0};

	for (size_t i = 0; i < n; i += XENT_BLOCK)
	{
		size_t		m = block_len(n, i);
		vdouble		block = {0};
		vmask		wide = {0};

		for (size_t j = 0; j < m; j += XENT_LANES)
		{
			vdouble		pj;
			vdouble		qj;
			vdouble		ep;
			vdouble		eq;
			vdouble		s;
			vdouble		e_s;
			vdouble		t;
			vdouble		p2;
			vdouble		q2;
			vdouble		rp;
			vdouble		rq;

			take_exact_pair(&lanes, p + i + j, q + i + j, m - j, p_div, q_div,
							p_scale, q_scale, renormalize, &pj, &qj, &ep, &eq);
			s = pj + qj;
			e_s = two_sum_error_lanes(pj, qj, s) / s;
			/* p' - q' is exact by Sterbenz's lemma where the series is used. */
			t = masked(positive(s), ((pj - qj) + (ep - eq)) / s);
			p2 = 2.0 * pj;
			q2 = 2.0 * qj;
			rp = p2 / s;
			rq = q2 / s;
			wide |= (positive(pj) & less_lanes(rp, splat_lanes(RATIO_MIN))) |
				(positive(qj) & less_lanes(rq, splat_lanes(RATIO_MIN)));
			/* One addition per pair, so swapping p and q changes nothing. */
			block += select_lanes(less_lanes(t * t, splat_lanes(JS_SERIES_BELOW * JS_SERIES_BELOW)),
								  0.5 * (s + (ep + eq)) * js_series(t),
								  masked(positive(pj), pj * (log_lanes(rp) + (quotient_residual(p2, s, rp) / p2 - e_s))) +
								  masked(positive(qj), qj * (log_lanes(rq) + (quotient_residual(q2, s, rq) / q2 - e_s))));
		}
		if (any_lane(wide))
		{
			double		slow = 0.0;

			for (size_t j = 0; j < m; j++)
				slow += js_pair(p[i + j], q[i + j], p_div, q_div, renormalize);
			loss_add(scan, slow);
			continue;
		}
		loss_add(scan, sum_lanes(block));
	}
	fold_lanes(&lanes, scan);
}

/*
 * One PSI term, one element at a time, of p' = x / x_div and q' = y / y_div:
 * 0 where both are 0, +Infinity where exactly one is, else (p' - q')
 * log(p'/q') with both quotients' rounding errors carried into the
 * difference and the logarithm.  Where a quotient is near the subnormals
 * its rounding error is no longer small against it, and the logarithm is
 * taken from the operands instead: log x - log x_div, which are exact.
 */
static double
psi_term(double x, double y, double x_div, double y_div, bool renormalize)
{
	double		ep;
	double		eq;
	double		pj = exact_quotient(x, x_div, renormalize, &ep);
	double		qj = exact_quotient(y, y_div, renormalize, &eq);
	double		diff = (pj - qj) + (ep - eq);
	double		log_ratio_pq;

	if (pj == 0.0 && qj == 0.0)
		return 0.0;
	if (pj == 0.0 || qj == 0.0)
		return INFINITY;
	log_ratio_pq = pj >= qj ?
		exact_log_ratio(x, x_div, pj, ep, y, y_div, qj, eq, renormalize) :
		-exact_log_ratio(y, y_div, qj, eq, x, x_div, pj, ep, renormalize);
	/* |diff| |log|: both factors have one sign, which swapping p, q keeps. */
	return fabs(diff) * fabs(log_ratio_pq);
}

/*
 * PSI terms (p' - q') log(p'/q') = (a - b) log(a/b), each >= 0, for a the
 * larger of p' and q' and b the smaller, so that swapping p and q changes
 * no bit: the difference with the quotients' rounding errors
 * (take_exact_pair), exact by Sterbenz's lemma near a = b, and log(a/b) as
 * the KL kernel takes it, log(r) plus the rounding error of r, plus those
 * of a and b.  So every term keeps its relative precision, however close p'
 * and q' are, and so does their sum.
 * A block with a zero on one side only, a quotient above RATIO_MAX, or
 * a smaller side below RATIO_MIN (where a quotient's rounding error is no
 * longer small against it) is redone one element at a time by psi_term.
 */
static inline __attribute__((always_inline)) void
psi_terms(const double *p, const double *q, size_t n,
		  double p_div, double q_div, bool renormalize, XentScan *scan)
{
	const DivScale p_scale = div_scale(renormalize ? p_div : 1.0);
	const DivScale q_scale = div_scale(renormalize ? q_div : 1.0);
	double		logs[XENT_BLOCK];
	double		corr[XENT_BLOCK];
	double		diff[XENT_BLOCK];
	Lanes		lanes = {0};

	for (size_t i = 0; i < n; i += XENT_BLOCK)
	{
		size_t		m = block_len(n, i);
		vdouble		block = {0};
		vmask		wide = {0};

		for (size_t j = 0; j < m; j += XENT_LANES)
		{
			vdouble		pj;
			vdouble		qj;
			vdouble		ep;
			vdouble		eq;
			vdouble		a;
			vdouble		b;
			vdouble		ea;
			vdouble		eb;
			vdouble		r;
			vmask		p_larger;
			vmask		live;

			take_exact_pair(&lanes, p + i + j, q + i + j, m - j, p_div, q_div,
							p_scale, q_scale, renormalize, &pj, &qj, &ep, &eq);
			p_larger = less_equal_lanes(qj, pj);
			a = select_lanes(p_larger, pj, qj);
			b = select_lanes(p_larger, qj, pj);
			ea = select_lanes(p_larger, ep, eq);
			eb = select_lanes(p_larger, eq, ep);
			live = positive(a);
			r = a / b;
			wide |= live & ~(less_equal_lanes(r, splat_lanes(RATIO_MAX)) &
							  less_equal_lanes(splat_lanes(RATIO_MIN), b));
			store_lanes(logs + j, r);
			store_lanes(corr + j, masked(live, quotient_residual(a, b, r) / a +
										 ea / a - eb / b));
			store_lanes(diff + j, masked(live, (a - b) + (ea - eb)));
		}
		if (any_lane(wide))
		{
			double		slow = 0.0;

			for (size_t j = 0; j < m; j++)
				slow += psi_term(p[i + j], q[i + j], p_div, q_div, renormalize);
			loss_add(scan, slow);
			continue;
		}
		ISA_SYMBOL(xent_log_block) (logs, padded_length(m));
		for (size_t j = 0; j < m; j += XENT_LANES)
		{
			vdouble		d = load_lanes(diff + j);

			block += masked(~equal_lanes(d, splat_lanes(0.0)), d * (load_lanes(logs + j) + load_lanes(corr + j)));
		}
		loss_add(scan, sum_lanes(block));
	}
	fold_lanes(&lanes, scan);
}

/*
 * Hellinger terms (sqrt p' - sqrt q')^2, formed as ((p' - q') / (sqrt p' +
 * sqrt q'))^2: the difference of the square roots would cancel near
 * p' = q', where p' - q' (with the quotients' errors) is exact.  0 where
 * both are 0.  The difference is scaled by XENT_HELLINGER_ROOT_SCALE first
 * (exactly, subnormal or not), so that no square underflows.
 */
static inline __attribute__((always_inline)) void
hellinger_terms(const double *p, const double *q, size_t n,
				double p_div, double q_div, bool renormalize, XentScan *scan)
{
	const DivScale p_scale = div_scale(renormalize ? p_div : 1.0);
	const DivScale q_scale = div_scale(renormalize ? q_div : 1.0);
	Lanes		lanes = {0};

	for (size_t i = 0; i < n; i += XENT_BLOCK)
	{
		size_t		m = block_len(n, i);
		vdouble		block = {0};

		for (size_t j = 0; j < m; j += XENT_LANES)
		{
			vdouble		pj;
			vdouble		qj;
			vdouble		ep;
			vdouble		eq;
			vdouble		root_sum;
			vdouble		h;

			take_exact_pair(&lanes, p + i + j, q + i + j, m - j, p_div, q_div,
							p_scale, q_scale, renormalize, &pj, &qj, &ep, &eq);
			root_sum = sqrt_lanes(masked(positive(pj), pj)) + sqrt_lanes(masked(positive(qj), qj));
			h = ((pj - qj) + (ep - eq)) * XENT_HELLINGER_ROOT_SCALE / root_sum;
			block += masked(positive(root_sum), h * h);
		}
		loss_add(scan, sum_lanes(block));
	}
	fold_lanes(&lanes, scan);
}

/* Total variation terms |p' - q'|, the difference with the quotients' errors. */
static inline __attribute__((always_inline)) void
tvd_terms(const double *p, const double *q, size_t n,
		  double p_div, double q_div, bool renormalize, XentScan *scan)
{
	const DivScale p_scale = div_scale(renormalize ? p_div : 1.0);
	const DivScale q_scale = div_scale(renormalize ? q_div : 1.0);
	const vmask magnitude = (vmask) {0} + INT64_MAX;
	Lanes		lanes = {0};

	for (size_t i = 0; i < n; i += XENT_BLOCK)
	{
		size_t		m = block_len(n, i);
		vdouble		block = {0};

		for (size_t j = 0; j < m; j += XENT_LANES)
		{
			vdouble		pj;
			vdouble		qj;
			vdouble		ep;
			vdouble		eq;

			take_exact_pair(&lanes, p + i + j, q + i + j, m - j, p_div, q_div,
							p_scale, q_scale, renormalize, &pj, &qj, &ep, &eq);
			block += (vdouble) ((vmask) ((pj - qj) + (ep - eq)) & magnitude);
		}
		loss_add(scan, sum_lanes(block));
	}
	fold_lanes(&lanes, scan);
}

/*
 * A kernel's entry in the table: the kernel built without dividing for
 * the common case, and with it when a divisor is not 1.
 */
#define TABLE_ENTRY(kernel) \
static void \
kernel##_entry(const double *p, const double *q, size_t n, \
			   double p_div, double q_div, XentScan *scan) \
{ \
	if (p_div == 1.0 && q_div == 1.0) \
		kernel(p, q, n, 1.0, 1.0, false, scan); \
	else \
		kernel(p, q, n, p_div, q_div, true, scan); \
}

TABLE_ENTRY(entropy_terms)
TABLE_ENTRY(cross_entropy_terms)
TABLE_ENTRY(kl_terms)
TABLE_ENTRY(js_terms)
TABLE_ENTRY(psi_terms)
TABLE_ENTRY(hellinger_terms)
TABLE_ENTRY(tvd_terms)

const XentKernels ISA_SYMBOL(xent_kernels) = {
	.name = XENT_ISA_NAME,
	.scan_sum = scan_sum,
	.log_block = ISA_SYMBOL(xent_log_block),
	.log1p_block = ISA_SYMBOL(xent_log1p_block),
	.exp_block = ISA_SYMBOL(xent_exp_block),
	.sum_exp = ISA_SYMBOL(xent_sum_exp_lanes),
	.softmax = ISA_SYMBOL(xent_softmax_lanes),
	.terms = {
		[XENT_ENTROPY] = entropy_terms_entry,
		[XENT_CROSS_ENTROPY] = cross_entropy_terms_entry,
		[XENT_KL] = kl_terms_entry,
		[XENT_JS] = js_terms_entry,
		[XENT_PSI] = psi_terms_entry,
		[XENT_HELLINGER] = hellinger_terms_entry,
		[XENT_TVD] = tvd_terms_entry,
	},
};
