/*
 * divergence.c
 *		Entropy, cross entropy, KL and Jensen-Shannon divergence kernels.
 *
 * Each kernel walks its vectors in blocks of XENT_BLOCK: one loop gathers
 * the arguments of the logarithms together with the sums and validity flags,
 * xent_log_block takes the logarithms of the whole block, and a last loop
 * weighs and sums the terms.  The loops run four lanes at a time (GCC's
 * vector extensions: SSE2 pairs on any x86-64, one AVX register where the
 * compiler may use it), with one accumulator per lane instead of
 * reassociating, and a zero-padded last group: 0 is a valid probability that
 * adds nothing.  Block sums are added with Neumaier's compensation, so the
 * error does not grow with the length of the vector.
 *
 * The file is built twice: for any x86-64 with two lanes (SSE2), and with
 * XENT_AVX2 defined, four lanes and -mavx2; kernels.c picks one at run time.
 *
 * The error-free transformations below (two-sum, Dekker's product) need
 * every operation rounded as written: this file is built with
 * -ffp-contract=off and never with -ffast-math or -fassociative-math.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core.h"
#include "kernels.h"
#include "vlog.h"

#ifdef XENT_AVX2
#define LANES 4
#define KERNEL(name) name##_avx2
#else
#define LANES 2
#define KERNEL(name) name##_sse2
#endif

typedef double v4d __attribute__((vector_size(LANES * sizeof(double))));
typedef int64_t v4i __attribute__((vector_size(LANES * sizeof(int64_t))));

/* Validity flags and sums, one lane each. */
typedef struct Lanes
{
	v4d			sum_p;
	v4d			sum_q;
	v4i			invalid;
	v4i			nan;
} Lanes;

/*
 * Quotients outside [2^-1000, 2^990] take the slow path: Dekker's product
 * splits its operands by multiplying them by 2^27 + 1, which must not
 * overflow, and subnormal quotients have lost bits.
 */
#define RATIO_MIN 0x1p-1000
#define RATIO_MAX 0x1p990

/* Neumaier's compensated addition of one block sum. */
static inline void
loss_add(XentScan *scan, double v)
{
	double		t = scan->loss + v;

	if (fabs(scan->loss) >= fabs(v))
		scan->loss_comp += (scan->loss - t) + v;
	else
		scan->loss_comp += (v - t) + scan->loss;
	scan->loss = t;
}

static inline size_t
block_len(size_t n, size_t i)
{
	return n - i < XENT_BLOCK ? n - i : XENT_BLOCK;
}

static inline v4d
load4(const double *x)
{
	v4d			v;

	memcpy(&v, x, sizeof(v));
	return v;
}

static inline void
store4(double *x, v4d v)
{
	memcpy(x, &v, sizeof(v));
}

/* The group of four at x, zero-padded past the avail elements that remain. */
static inline v4d
load_group(const double *x, size_t avail)
{
	v4d			padded = {0};

	if (avail >= LANES)
		return load4(x);
	for (size_t i = 0; i < avail; i++)
		padded[i] = x[i];
	return padded;
}

/* v where mask is set, else +0. */
static inline v4d
masked(v4i mask, v4d v)
{
	return (v4d) ((v4i) v & mask);
}

/*
 * The argument of a logarithm whose term is weighed by w: 1 where w is 0 or
 * less, since that term is discarded anyway.  log(0), log(NaN) and friends
 * send libmvec down a slow scalar path, and zero weights are common (one-hot
 * targets, the zero padding of the last group).
 */
static inline v4d
log_arg(v4d w, v4d arg)
{
	const v4d	ones = (v4d) {0} + 1.0;
	v4i			keep = w > 0.0;

	return (v4d) (((v4i) arg & keep) | ((v4i) ones & ~keep));
}

/*
 * The lanes summed in a fixed order.  The two builds have different lane
 * counts (and libmvec's two logs differ in the last bit), so a value may
 * differ by an ulp between CPUs with and without AVX2; on one machine it
 * is always the same.
 */
static inline double
sum_lanes(v4d v)
{
	double		sum = 0.0;

	for (int i = 0; i < LANES; i++)
		sum += v[i];
	return sum;
}

static inline int
any_lane(v4i mask)
{
	int64_t		any = 0;

	for (int i = 0; i < LANES; i++)
		any |= mask[i];
	return any != 0;
}

static inline void
flag(v4i *invalid, v4i *nan, v4d x)
{
	*invalid |= (x < 0.0) | (x == INFINITY) | (x == -INFINITY);
	*nan |= x != x;
}

/* Count a group of one vector, or of both, into the sums and flags. */
static inline void
take_one(Lanes *lanes, v4d x)
{
	lanes->sum_p += x;
	flag(&lanes->invalid, &lanes->nan, x);
}

static inline void
take_pair(Lanes *lanes, v4d x, v4d y)
{
	lanes->sum_p += x;
	lanes->sum_q += y;
	flag(&lanes->invalid, &lanes->nan, x);
	flag(&lanes->invalid, &lanes->nan, y);
}

static void
fold_lanes(const Lanes *lanes, XentScan *scan)
{
	scan->sum_p += sum_lanes(lanes->sum_p);
	scan->sum_q += sum_lanes(lanes->sum_q);
	scan->invalid |= any_lane(lanes->invalid);
	scan->nan |= any_lane(lanes->nan);
}

/*
 * The rounding error of a * b, exactly (Dekker): a * b = prod + error, for
 * operands below RATIO_MAX, whose splitting cannot overflow.
 */
static inline v4d
product_error(v4d a, v4d b, v4d prod)
{
	const double split = 134217729.0;	/* 2^27 + 1 */
	v4d			ca = split * a;
	v4d			ah = ca - (ca - a);
	v4d			al = a - ah;
	v4d			cb = split * b;
	v4d			bh = cb - (cb - b);
	v4d			bl = b - bh;

	return ((ah * bh - prod) + ah * bl + al * bh) + al * bl;
}

void
KERNEL(scan_sum) (const double *x, size_t n, XentScan *scan)
{
	Lanes		lanes = {0};

	for (size_t i = 0; i < n; i += LANES)
	{
		v4d			v = load_group(x + i, n - i);

		take_one(&lanes, v);
	}
	fold_lanes(&lanes, scan);
}

/*
 * The kernels proper.  renormalize is a constant at each call site below, so
 * the compiler builds each kernel twice and the common case divides nothing.
 */
static inline __attribute__((always_inline)) void
entropy_terms(const double *p, size_t n, double p_div, bool renormalize,
			  XentScan *scan)
{
	double		logs[XENT_BLOCK];
	Lanes		lanes = {0};

	for (size_t i = 0; i < n; i += XENT_BLOCK)
	{
		size_t		m = block_len(n, i);
		v4d			block = {0};

		for (size_t j = 0; j < m; j += LANES)
		{
			v4d			x = load_group(p + i + j, m - j);

			take_one(&lanes, x);
			store4(logs + j, log_arg(x, renormalize ? x / p_div : x));
		}
		xent_log_block(logs, (m + LANES - 1) / LANES * LANES);
		for (size_t j = 0; j < m; j += LANES)
		{
			v4d			w = load_group(p + i + j, m - j);

			if (renormalize)
				w /= p_div;
			block += masked(w > 0.0, w * load4(logs + j));
		}
		loss_add(scan, sum_lanes(block));
	}
	fold_lanes(&lanes, scan);
}

void
KERNEL(entropy_terms) (const double *p, size_t n, double p_div, XentScan *scan)
{
	if (p_div == 1.0)
		entropy_terms(p, n, 1.0, false, scan);
	else
		entropy_terms(p, n, p_div, true, scan);
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
		v4d			block = {0};

		for (size_t j = 0; j < m; j += LANES)
		{
			v4d			x = load_group(p + i + j, m - j);
			v4d			y = load_group(q + i + j, m - j);

			take_pair(&lanes, x, y);
			store4(logs + j, log_arg(x, renormalize ? y / q_div : y));
		}
		xent_log_block(logs, (m + LANES - 1) / LANES * LANES);
		for (size_t j = 0; j < m; j += LANES)
		{
			v4d			w = load_group(p + i + j, m - j);

			if (renormalize)
				w /= p_div;
			block += masked(w > 0.0, w * load4(logs + j));
		}
		loss_add(scan, sum_lanes(block));
	}
	fold_lanes(&lanes, scan);
}

void
KERNEL(cross_entropy_terms) (const double *p, const double *q, size_t n,
						 double p_div, double q_div, XentScan *scan)
{
	if (p_div == 1.0 && q_div == 1.0)
		cross_entropy_terms(p, q, n, 1.0, 1.0, false, scan);
	else
		cross_entropy_terms(p, q, n, p_div, q_div, true, scan);
}

/*
 * log(a/b) for a > 0 and a normal quotient r = fl(a/b): log(r) plus the
 * quotient's rounding error relative to a, (a - r b) / a, which fma gives
 * exactly.  Where a/b is not normal, the difference of the two logarithms,
 * which cannot overflow.  The slow path of the kernels below.
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
 * through Dekker's product: without it, near p' = q' the rounding of r
 * alone would cost the term all its relative precision.  A block where some
 * r falls outside [2^-1000, 2^1000] (q' subnormal or zero, or p' tiny
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
		v4d			block = {0};
		v4i			wide = {0};

		for (size_t j = 0; j < m; j += LANES)
		{
			v4d			x = load_group(p + i + j, m - j);
			v4d			y = load_group(q + i + j, m - j);
			v4d			pj = renormalize ? x / p_div : x;
			v4d			qj = renormalize ? y / q_div : y;
			v4d			r = pj / qj;
			v4d			prod = r * qj;

			take_pair(&lanes, x, y);
			wide |= (pj > 0.0) & ~((r >= RATIO_MIN) & (r <= RATIO_MAX));
			store4(logs + j, log_arg(pj, r));
			/* p' - prod is exact (Sterbenz): prod is within a factor 2 of p'. */
			store4(corr + j, ((pj - prod) - product_error(r, qj, prod)) / pj);
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
		xent_log_block(logs, (m + LANES - 1) / LANES * LANES);
		for (size_t j = 0; j < m; j += LANES)
		{
			v4d			w = load_group(p + i + j, m - j);

			if (renormalize)
				w /= p_div;
			block += masked(w > 0.0, w * (load4(logs + j) + load4(corr + j)));
		}
		loss_add(scan, sum_lanes(block));
	}
	fold_lanes(&lanes, scan);
}

void
KERNEL(kl_terms) (const double *p, const double *q, size_t n,
			  double p_div, double q_div, XentScan *scan)
{
	if (p_div == 1.0 && q_div == 1.0)
		kl_terms(p, q, n, 1.0, 1.0, false, scan);
	else
		kl_terms(p, q, n, p_div, q_div, true, scan);
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
	double		sb = s - pj;
	double		e = (pj - (s - sb)) + (qj - sb);
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
		size_t		padded = (m + LANES - 1) / LANES * LANES;
		v4d			block = {0};
		v4i			wide = {0};

		for (size_t j = 0; j < m; j += LANES)
		{
			v4d			x = load_group(p + i + j, m - j);
			v4d			y = load_group(q + i + j, m - j);
			v4d			pj = renormalize ? x / p_div : x;
			v4d			qj = renormalize ? y / q_div : y;
			v4d			s = pj + qj;
			v4d			sb = s - pj;
			v4d			e_s = ((pj - (s - sb)) + (qj - sb)) / s;
			v4d			p2 = 2.0 * pj;
			v4d			q2 = 2.0 * qj;
			v4d			rp = p2 / s;
			v4d			rq = q2 / s;
			v4d			prod_p = rp * s;
			v4d			prod_q = rq * s;

			take_pair(&lanes, x, y);
			wide |= ((pj > 0.0) & (rp < RATIO_MIN)) | ((qj > 0.0) & (rq < RATIO_MIN));
			store4(log_p + j, log_arg(pj, rp));
			store4(log_q + j, log_arg(qj, rq));
			store4(corr_p + j, ((p2 - prod_p) - product_error(rp, s, prod_p)) / p2 - e_s);
			store4(corr_q + j, ((q2 - prod_q) - product_error(rq, s, prod_q)) / q2 - e_s);
		}
		if (any_lane(wide))
		{
			double		slow = 0.0;

			for (size_t j = 0; j < m; j++)
				slow += js_pair(p[i + j] / p_div, q[i + j] / q_div);
			loss_add(scan, slow);
			continue;
		}
		xent_log_block(log_p, padded);
		xent_log_block(log_q, padded);
		for (size_t j = 0; j < m; j += LANES)
		{
			v4d			pj = load_group(p + i + j, m - j);
			v4d			qj = load_group(q + i + j, m - j);

			if (renormalize)
			{
				pj /= p_div;
				qj /= q_div;
			}
			/* One addition per pair, so swapping p and q changes nothing. */
			block += masked(pj > 0.0, pj * (load4(log_p + j) + load4(corr_p + j))) +
				masked(qj > 0.0, qj * (load4(log_q + j) + load4(corr_q + j)));
		}
		loss_add(scan, sum_lanes(block));
	}
	fold_lanes(&lanes, scan);
}

void
KERNEL(js_terms) (const double *p, const double *q, size_t n,
			  double p_div, double q_div, XentScan *scan)
{
	if (p_div == 1.0 && q_div == 1.0)
		js_terms(p, q, n, 1.0, 1.0, false, scan);
	else
		js_terms(p, q, n, p_div, q_div, true, scan);
}
