/*
 * divergence.c
 *		Entropy, cross entropy, KL and Jensen-Shannon divergence kernels.
 *
 * Each kernel walks its vectors in blocks of XENT_BLOCK: one loop gathers
 * the arguments of the logarithms together with the sums and validity flags,
 * xent_log_block takes the logarithms of the whole block, and a last loop
 * weighs and sums the terms.  Block sums are added with Neumaier's
 * compensation, so the error does not grow with the length of the vector.
 */
#include <float.h>
#include <math.h>

#include "core.h"
#include "vlog.h"

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

/* Not a probability: negative, or infinite (NaN is neither, and flagged apart). */
static inline int
is_invalid(double x)
{
	return (x < 0.0) | (fabs(x) == INFINITY);
}

static inline size_t
block_len(size_t n, size_t i)
{
	return n - i < XENT_BLOCK ? n - i : XENT_BLOCK;
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

void
xent_scan_sum(const double *x, size_t n, XentScan *scan)
{
	double		sum = 0.0;
	int			invalid = 0;
	int			nan = 0;

	for (size_t i = 0; i < n; i++)
	{
		sum += x[i];
		invalid |= is_invalid(x[i]);
		nan |= isnan(x[i]);
	}
	scan->sum_p += sum;
	scan->invalid |= invalid;
	scan->nan |= nan;
}

size_t
xent_first_invalid(const double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (is_invalid(x[i]))
			return i;
	return n;
}

void
xent_entropy_terms(const double *p, size_t n, double p_div, XentScan *scan)
{
	double		logs[XENT_BLOCK];
	int			invalid = 0;
	int			nan = 0;
	double		sum_p = 0.0;

	for (size_t i = 0; i < n; i += XENT_BLOCK)
	{
		size_t		m = block_len(n, i);
		const double *pb = p + i;
		double		block = 0.0;

		for (size_t j = 0; j < m; j++)
		{
			sum_p += pb[j];
			invalid |= is_invalid(pb[j]);
			nan |= isnan(pb[j]);
			logs[j] = pb[j] / p_div;
		}
		xent_log_block(logs, m);
		for (size_t j = 0; j < m; j++)
		{
			double		w = pb[j] / p_div;

			block += w > 0.0 ? w * logs[j] : 0.0;
		}
		loss_add(scan, block);
	}
	scan->sum_p += sum_p;
	scan->invalid |= invalid;
	scan->nan |= nan;
}

void
xent_cross_entropy_terms(const double *p, const double *q, size_t n,
						 double p_div, double q_div, XentScan *scan)
{
	double		logs[XENT_BLOCK];
	int			invalid = 0;
	int			nan = 0;
	double		sum_p = 0.0;
	double		sum_q = 0.0;

	for (size_t i = 0; i < n; i += XENT_BLOCK)
	{
		size_t		m = block_len(n, i);
		const double *pb = p + i;
		const double *qb = q + i;
		double		block = 0.0;

		for (size_t j = 0; j < m; j++)
		{
			sum_p += pb[j];
			sum_q += qb[j];
			invalid |= is_invalid(pb[j]) | is_invalid(qb[j]);
			nan |= isnan(pb[j]) | isnan(qb[j]);
			logs[j] = qb[j] / q_div;
		}
		xent_log_block(logs, m);
		for (size_t j = 0; j < m; j++)
		{
			double		w = pb[j] / p_div;

			block += w > 0.0 ? w * logs[j] : 0.0;
		}
		loss_add(scan, block);
	}
	scan->sum_p += sum_p;
	scan->sum_q += sum_q;
	scan->invalid |= invalid;
	scan->nan |= nan;
}

/*
 * log(a/b) for a > 0, when the quotient a/b is too large or too small to be
 * a normal double: the difference of the two logarithms, which cannot
 * overflow.
 */
static inline double
log_ratio_wide(double a, double b)
{
	return log(a) - log(b);
}

/*
 * KL terms p' log(p'/q').  log(p'/q') is taken as log(r) for the rounded
 * quotient r, plus the quotient's rounding error (p' - r q') / p', which an
 * fma gives exactly: without it, near p' = q' the rounding of r alone
 * would cost the term all its relative precision.  Where r is not a normal
 * double (q' subnormal or zero, or p' tiny against q') the block is redone
 * with the difference of logarithms.
 */
void
xent_kl_terms(const double *p, const double *q, size_t n,
			  double p_div, double q_div, XentScan *scan)
{
	double		logs[XENT_BLOCK];
	double		corr[XENT_BLOCK];
	int			invalid = 0;
	int			nan = 0;
	double		sum_p = 0.0;
	double		sum_q = 0.0;

	for (size_t i = 0; i < n; i += XENT_BLOCK)
	{
		size_t		m = block_len(n, i);
		const double *pb = p + i;
		const double *qb = q + i;
		double		block = 0.0;
		int			wide = 0;

		for (size_t j = 0; j < m; j++)
		{
			double		pj = pb[j] / p_div;
			double		qj = qb[j] / q_div;
			double		r = pj / qj;

			sum_p += pb[j];
			sum_q += qb[j];
			invalid |= is_invalid(pb[j]) | is_invalid(qb[j]);
			nan |= isnan(pb[j]) | isnan(qb[j]);
			wide |= (pj > 0.0) & !(r >= DBL_MIN && r <= DBL_MAX);
			logs[j] = r;
			corr[j] = fma(-r, qj, pj) / pj;
		}
		if (wide)
		{
			for (size_t j = 0; j < m; j++)
			{
				double		pj = pb[j] / p_div;
				double		qj = qb[j] / q_div;
				double		r = logs[j];

				if (!(pj > 0.0))
					continue;
				if (r >= DBL_MIN && r <= DBL_MAX)
					block += pj * (log(r) + corr[j]);
				else
					block += pj * log_ratio_wide(pj, qj);
			}
		}
		else
		{
			xent_log_block(logs, m);
			for (size_t j = 0; j < m; j++)
			{
				double		pj = pb[j] / p_div;

				block += pj > 0.0 ? pj * (logs[j] + corr[j]) : 0.0;
			}
		}
		loss_add(scan, block);
	}
	scan->sum_p += sum_p;
	scan->sum_q += sum_q;
	scan->invalid |= invalid;
	scan->nan |= nan;
}

/*
 * JS terms.  With s = p' + q' rounded and e its rounding error (Knuth's
 * two-sum), log(2p'/(p'+q')) = log(r) + (2p' - r s)/(2p') - e/s to first
 * order, r the rounded quotient 2p'/s.  Both quotients are at most 2, so
 * only underflow (one side tiny against the other) needs the wide path.
 */
void
xent_js_terms(const double *p, const double *q, size_t n,
			  double p_div, double q_div, XentScan *scan)
{
	double		log_p[XENT_BLOCK];
	double		log_q[XENT_BLOCK];
	double		corr_p[XENT_BLOCK];
	double		corr_q[XENT_BLOCK];
	int			invalid = 0;
	int			nan = 0;
	double		sum_p = 0.0;
	double		sum_q = 0.0;

	for (size_t i = 0; i < n; i += XENT_BLOCK)
	{
		size_t		m = block_len(n, i);
		const double *pb = p + i;
		const double *qb = q + i;
		double		block = 0.0;
		int			wide = 0;

		for (size_t j = 0; j < m; j++)
		{
			double		pj = pb[j] / p_div;
			double		qj = qb[j] / q_div;
			double		s = pj + qj;
			double		sb = s - pj;
			double		e = (pj - (s - sb)) + (qj - sb);
			double		rp = 2.0 * pj / s;
			double		rq = 2.0 * qj / s;

			sum_p += pb[j];
			sum_q += qb[j];
			invalid |= is_invalid(pb[j]) | is_invalid(qb[j]);
			nan |= isnan(pb[j]) | isnan(qb[j]);
			wide |= ((pj > 0.0) & (rp < DBL_MIN)) | ((qj > 0.0) & (rq < DBL_MIN));
			log_p[j] = rp;
			log_q[j] = rq;
			corr_p[j] = fma(-rp, s, 2.0 * pj) / (2.0 * pj) - e / s;
			corr_q[j] = fma(-rq, s, 2.0 * qj) / (2.0 * qj) - e / s;
		}
		if (wide)
		{
			for (size_t j = 0; j < m; j++)
			{
				double		pj = pb[j] / p_div;
				double		qj = qb[j] / q_div;
				double		s = pj + qj;
				double		p_term = 0.0;
				double		q_term = 0.0;

				if (pj > 0.0)
					p_term = pj * (log_p[j] >= DBL_MIN
								   ? log(log_p[j]) + corr_p[j]
								   : log_ratio_wide(2.0 * pj, s));
				if (qj > 0.0)
					q_term = qj * (log_q[j] >= DBL_MIN
								   ? log(log_q[j]) + corr_q[j]
								   : log_ratio_wide(2.0 * qj, s));
				block += p_term + q_term;
			}
		}
		else
		{
			xent_log_block(log_p, m);
			xent_log_block(log_q, m);
			for (size_t j = 0; j < m; j++)
			{
				double		pj = pb[j] / p_div;
				double		qj = qb[j] / q_div;

				/* One addition per pair, so swapping p and q changes nothing. */
				block += (pj > 0.0 ? pj * (log_p[j] + corr_p[j]) : 0.0) +
					(qj > 0.0 ? qj * (log_q[j] + corr_q[j]) : 0.0);
			}
		}
		loss_add(scan, block);
	}
	scan->sum_p += sum_p;
	scan->sum_q += sum_q;
	scan->invalid |= invalid;
	scan->nan |= nan;
}
