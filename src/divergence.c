/*
 * divergence.c
 *		Entropy, cross entropy, KL and Jensen-Shannon divergence kernels, and
 *		the table of them that this build (isa.h) exports.
 *
 * Each kernel walks its vectors in blocks of XENT_BLOCK: one loop gathers
 * the arguments of the logarithms together with the sums and validity flags,
 * the build's xent_log_block takes the logarithms of the whole block, and a
 * last loop weighs and sums the terms.  The loops run XENT_LANES lanes at a
 * time (lanes.h: two in the baseline build, four with AVX2), with one
 * accumulator per lane instead of reassociating, and a zero-padded last
 * group.  Block sums are added with Neumaier's compensation, so the error
 * does not grow with the length of the vector.
 */
#include <math.h>

#include "core.h"
#include "error_free.h"
#include "isa.h"
#include "lanes.h"
#include "vlog.h"

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
 * quotients have lost bits, and Dekker's product in the baseline build
 * splits its operands by multiplying them by 2^27 + 1, which must not
 * overflow.  The AVX2 build, which needs only the first bound, keeps both,
 * so that every build takes the same path for the same input.
 */
#define RATIO_MIN 0x1p-1000
#define RATIO_MAX 0x1p990

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

/*
 * The argument of a logarithm whose term is weighed by w: 1 where w is 0 or
 * less, since that term is discarded anyway.  log(0), log(NaN) and friends
 * send libmvec down a slow scalar path, and zero weights are common (one-hot
 * targets, the zero padding of the last group).
 */
static inline vdouble
log_arg(vdouble w, vdouble arg)
{
	const vdouble	ones = (vdouble) {0} + 1.0;
	vmask			keep = w > 0.0;

	return (vdouble) (((vmask) arg & keep) | ((vmask) ones & ~keep));
}

static inline void
flag(vmask *invalid, vmask *nan, vdouble x)
{
	*invalid |= XENT_INVALID_PROBABILITY(x);
	*nan |= x != x;
}

/* Count a group of one vector, or of both, into the sums and flags. */
static inline void
take_one(Lanes *lanes, vdouble x)
{
	lanes->sum_p += x;
	flag(&lanes->invalid, &lanes->nan, x);
}

static inline void
take_pair(Lanes *lanes, vdouble x, vdouble y)
{
	lanes->sum_p += x;
	lanes->sum_q += y;
	flag(&lanes->invalid, &lanes->nan, x);
	flag(&lanes->invalid, &lanes->nan, y);
}

/*
 * The group of p and q at the start of p and q (zero-padded past the avail
 * elements that remain), counted as given into the sums and flags, and
 * returned divided by their divisors as *pj and *qj.
 */
static inline void
take_divided_pair(Lanes *lanes, const double *p, const double *q, size_t avail,
				  double p_div, double q_div, bool renormalize,
				  vdouble *pj, vdouble *qj)
{
	vdouble		x = load_group(p, avail);
	vdouble		y = load_group(q, avail);

	take_pair(lanes, x, y);
	*pj = renormalize ? x / p_div : x;
	*qj = renormalize ? y / q_div : y;
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
entropy_terms(const double *p, const double *q, size_t n,
			  double p_div, double q_div, bool renormalize, XentScan *scan)
{
	double		logs[XENT_BLOCK];
	Lanes		lanes = {0};

	for (size_t i = 0; i < n; i += XENT_BLOCK)
	{
		size_t		m = block_len(n, i);
		vdouble		block = {0};

		for (size_t j = 0; j < m; j += XENT_LANES)
		{
			vdouble		x = load_group(p + i + j, m - j);

			take_one(&lanes, x);
			store_lanes(logs + j, log_arg(x, renormalize ? x / p_div : x));
		}
		ISA_SYMBOL(xent_log_block) (logs, padded_length(m));
		for (size_t j = 0; j < m; j += XENT_LANES)
		{
			vdouble		w = load_group(p + i + j, m - j);

			if (renormalize)
				w /= p_div;
			block += masked(w > 0.0, w * load_lanes(logs + j));
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

	for (size_t i = 0; i < n; i += XENT_BLOCK)
	{
		size_t		m = block_len(n, i);
		vdouble		block = {0};

		for (size_t j = 0; j < m; j += XENT_LANES)
		{
			vdouble		x = load_group(p + i + j, m - j);
			vdouble		y = load_group(q + i + j, m - j);

			take_pair(&lanes, x, y);
			store_lanes(logs + j, log_arg(x, renormalize ? y / q_div : y));
		}
		ISA_SYMBOL(xent_log_block) (logs, padded_length(m));
		for (size_t j = 0; j < m; j += XENT_LANES)
		{
			vdouble		w = load_group(p + i + j, m - j);

			if (renormalize)
				w /= p_div;
			block += masked(w > 0.0, w * load_lanes(logs + j));
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
		return log(r) + fma(-r, b, a) / a;
	return log(a) - log(b);
}

/*
 * KL terms p' log(p'/q').  log(p'/q') is taken as log(r) for the rounded
 * quotient r, plus the quotient's rounding error (p' - r q') / p', exact
 * through quotient_residual: without it, near p' = q' the rounding of r
 * alone would cost the term all its relative precision.  A block where some
 * r falls outside [RATIO_MIN, RATIO_MAX] (q' subnormal or zero, or p' tiny
 * against q') is redone one element at a time by log_ratio.
 */
static inline __attribute__((always_inline)) void
kl_terms(const double *p, const double *q, size_t n,
		 double p_div, double q_div, bool renormalize, XentScan *scan)
{
	double		logs[XENT_BLOCK];
	double		corr[XENT_BLOCK];
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
			vdouble		r;

			take_divided_pair(&lanes, p + i + j, q + i + j, m - j,
							  p_div, q_div, renormalize, &pj, &qj);
			r = pj / qj;
			wide |= (pj > 0.0) & ~((r >= RATIO_MIN) & (r <= RATIO_MAX));
			store_lanes(logs + j, log_arg(pj, r));
			store_lanes(corr + j, quotient_residual(pj, qj, r) / pj);
		}
		if (any_lane(wide))
		{
			double		slow = 0.0;

			for (size_t j = 0; j < m; j++)
			{
				double		pj = p[i + j] / p_div;

				if (pj > 0.0)
					slow += pj * log_ratio(pj, q[i + j] / q_div);
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
			block += masked(w > 0.0, w * (load_lanes(logs + j) + load_lanes(corr + j)));
		}
		loss_add(scan, sum_lanes(block));
	}
	fold_lanes(&lanes, scan);
}

/*
 * One JS pair, one element at a time: the slow path, for quotients that
 * underflow.  Both logarithms as in log_ratio, against s = p' + q' plus its
 * rounding error e (two-sum).
 */
static double
js_pair(double pj, double qj)
{
	double		s = pj + qj;
	double		e = two_sum_error(pj, qj, s);
	double		p_term = 0.0;
	double		q_term = 0.0;

	if (pj > 0.0)
		p_term = pj * (log_ratio(2.0 * pj, s) - e / s);
	if (qj > 0.0)
		q_term = qj * (log_ratio(2.0 * qj, s) - e / s);
	/* One addition per pair, so swapping p and q changes nothing. */
	return p_term + q_term;
}

/*
 * JS terms.  With s = p' + q' rounded and e its rounding error (two-sum),
 * log(2p'/(p'+q')) = log(r) + (2p' - r s)/(2p') - e/s to first order, r the
 * rounded quotient 2p'/s; likewise for q'.  Both quotients are at most 2,
 * so only underflow (one side tiny against the other) needs the slow path.
 */
static inline __attribute__((always_inline)) void
js_terms(const double *p, const double *q, size_t n,
		 double p_div, double q_div, bool renormalize, XentScan *scan)
{
	double		log_p[XENT_BLOCK];
	double		log_q[XENT_BLOCK];
	double		corr_p[XENT_BLOCK];
	double		corr_q[XENT_BLOCK];
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
			vdouble		s;
			vdouble		e_s;
			vdouble		p2;
			vdouble		q2;
			vdouble		rp;
			vdouble		rq;

			take_divided_pair(&lanes, p + i + j, q + i + j, m - j,
							  p_div, q_div, renormalize, &pj, &qj);
			s = pj + qj;
			e_s = two_sum_error_lanes(pj, qj, s) / s;
			p2 = 2.0 * pj;
			q2 = 2.0 * qj;
			rp = p2 / s;
			rq = q2 / s;
			wide |= ((pj > 0.0) & (rp < RATIO_MIN)) | ((qj > 0.0) & (rq < RATIO_MIN));
			store_lanes(log_p + j, log_arg(pj, rp));
			store_lanes(log_q + j, log_arg(qj, rq));
			store_lanes(corr_p + j, quotient_residual(p2, s, rp) / p2 - e_s);
			store_lanes(corr_q + j, quotient_residual(q2, s, rq) / q2 - e_s);
		}
		if (any_lane(wide))
		{
			double		slow = 0.0;

			for (size_t j = 0; j < m; j++)
				slow += js_pair(p[i + j] / p_div, q[i + j] / q_div);
			loss_add(scan, slow);
			continue;
		}
		ISA_SYMBOL(xent_log_block) (log_p, padded_length(m));
		ISA_SYMBOL(xent_log_block) (log_q, padded_length(m));
		for (size_t j = 0; j < m; j += XENT_LANES)
		{
			vdouble		pj = load_group(p + i + j, m - j);
			vdouble		qj = load_group(q + i + j, m - j);

			if (renormalize)
			{
				pj /= p_div;
				qj /= q_div;
			}
			/* One addition per pair, so swapping p and q changes nothing. */
			block += masked(pj > 0.0, pj * (load_lanes(log_p + j) + load_lanes(corr_p + j))) +
				masked(qj > 0.0, qj * (load_lanes(log_q + j) + load_lanes(corr_q + j)));
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

const XentKernels ISA_SYMBOL(xent_kernels) = {
	.name = XENT_ISA_NAME,
	.scan_sum = scan_sum,
	.log_block = ISA_SYMBOL(xent_log_block),
	.terms = {
		[XENT_ENTROPY] = entropy_terms_entry,
		[XENT_CROSS_ENTROPY] = cross_entropy_terms_entry,
		[XENT_KL] = kl_terms_entry,
		[XENT_JS] = js_terms_entry,
	},
};
