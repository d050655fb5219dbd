/*
 * histograms.c
 *		auc, ks, wasserstein, chi2 and empty_bins over two histograms of
 *		counts: exact sums, exact products of them as big integers, and
 *		one rounding of each numerator and denominator (histograms.h).
 */
#include <math.h>
#include <string.h>

#include "histograms.h"

/* Every exact sum of doubles is an integer times 2^-1074. */
#define SUM_SCALE 1074

static void
big_zero(XentBig *b)
{
	b->lo = 0;
	b->n = 0;
}

/* Drop zero limbs at both ends, so that the top limb is nonzero. */
static void
big_trim(XentBig *b)
{
	int			skip = 0;

	while (b->n > 0 && b->limb[b->n - 1] == 0)
		b->n--;
	while (skip < b->n && b->limb[skip] == 0)
		skip++;
	if (skip > 0)
	{
		memmove(b->limb, b->limb + skip, (b->n - skip) * sizeof(uint32_t));
		b->n -= skip;
		b->lo += skip;
	}
	if (b->n == 0)
		b->lo = 0;
}

/* A non-negative exact sum, normalised in place (its value is unchanged). */
static void
big_from_sum(XentBig *b, ExactSum *sum)
{
	int			first = 0;
	int			last = XSUM_LIMBS - 1;

	xsum_normalize(sum);
	while (last >= 0 && sum->limb[last] == 0)
		last--;
	if (last < 0)
	{
		big_zero(b);
		return;
	}
	while (sum->limb[first] == 0)
		first++;
	b->lo = first;
	b->n = last - first + 1;
	for (int i = 0; i < b->n; i++)
		b->limb[i] = (uint32_t) sum->limb[first + i];
}

/* A finite double >= 0, in the same units as an exact sum. */
static void
big_from_double(XentBig *b, double x)
{
	int64_t		part[3];
	int			first;

	if (!xsum_parts(x, &first, part))
	{
		big_zero(b);
		return;
	}
	b->lo = first;
	b->n = 3;
	for (int i = 0; i < 3; i++)
		b->limb[i] = (uint32_t) part[i];
	big_trim(b);
}

/* r = a * b; r is neither a nor b. */
static void
big_mul(XentBig *r, const XentBig *a, const XentBig *b)
{
	if (a->n == 0 || b->n == 0)
	{
		big_zero(r);
		return;
	}
	r->lo = a->lo + b->lo;
	r->n = a->n + b->n;
	memset(r->limb, 0, r->n * sizeof(uint32_t));
	for (int i = 0; i < a->n; i++)
	{
		uint64_t	carry = 0;

		for (int j = 0; j < b->n; j++)
		{
			uint64_t	t = (uint64_t) a->limb[i] * b->limb[j] +
				r->limb[i + j] + carry;

			r->limb[i + j] = (uint32_t) t;
			carry = t >> 32;
		}
		r->limb[i + b->n] = (uint32_t) carry;
	}
	big_trim(r);
}

static uint32_t
big_limb_at(const XentBig *b, int position)
{
	int			i = position - b->lo;

	return i >= 0 && i < b->n ? b->limb[i] : 0;
}

/* -1, 0 or 1 as a is less than, equal to or greater than b. */
static int
big_cmp(const XentBig *a, const XentBig *b)
{
	int			top_a = a->lo + a->n;
	int			top_b = b->lo + b->n;

	if (a->n == 0 || b->n == 0)
		return (a->n > 0) - (b->n > 0);
	if (top_a != top_b)
		return top_a < top_b ? -1 : 1;
	for (int pos = top_a - 1; pos >= a->lo || pos >= b->lo; pos--)
	{
		uint32_t	x = big_limb_at(a, pos);
		uint32_t	y = big_limb_at(b, pos);

		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

/* r = a + b, or with sign -1 r = a - b where a >= b; r is neither. */
static void
big_add(XentBig *r, const XentBig *a, const XentBig *b, int sign)
{
	int			lo;
	int			top;
	int64_t		carry = 0;

	if (b->n == 0)
	{
		*r = *a;
		return;
	}
	if (a->n == 0)
	{
		*r = *b;				/* sign is 1: a - b with a >= b = 0 is 0 */
		return;
	}
	lo = a->lo < b->lo ? a->lo : b->lo;
	top = a->lo + a->n > b->lo + b->n ? a->lo + a->n : b->lo + b->n;
	r->lo = lo;
	r->n = top - lo + 1;
	for (int pos = lo; pos <= top; pos++)
	{
		int64_t		t = (int64_t) big_limb_at(a, pos) +
			sign * (int64_t) big_limb_at(b, pos) + carry;

		r->limb[pos - lo] = (uint32_t) t;
		carry = t >> 32;		/* arithmetic: -1 for a borrow */
	}
	big_trim(r);
}

/* |a - b| */
static void
big_distance(XentBig *r, const XentBig *a, const XentBig *b)
{
	if (big_cmp(a, b) >= 0)
		big_add(r, a, b, -1);
	else
		big_add(r, b, a, -1);
}

/*
 * b rounded once to the nearest double m (ties to even), b = m 2^*exponent:
 * the top three limbs as a 96-bit integer whose lowest bit also records
 * whether any limb below them is nonzero, which is all that rounding to 53
 * bits needs of them.
 */
static double
big_round(const XentBig *b, int *exponent)
{
	int			t = b->n - 1;
	unsigned __int128 top;
	bool		sticky = false;

	*exponent = 0;
	if (b->n == 0)
		return 0.0;
	top = ((unsigned __int128) b->limb[t] << 64) |
		((unsigned __int128) big_limb_at(b, b->lo + t - 1) << 32) |
		big_limb_at(b, b->lo + t - 2);
	for (int i = 0; i < t - 2; i++)
		sticky |= b->limb[i] != 0;
	*exponent = 32 * (b->lo + t - 2);
	return (double) (top | sticky);
}

/* num / den times 2^shift, each rounded once, then divided. */
static double
big_quotient(const XentBig *num, const XentBig *den, int shift)
{
	int			e_num;
	int			e_den;
	double		m_num = big_round(num, &e_num);
	double		m_den = big_round(den, &e_den);

	if (m_num == 0.0)
		return 0.0;
	return ldexp(m_num / m_den, e_num - e_den + shift);
}

void
xent_histogram_init(XentHistogramScan *scan, XentHistogramStat stat,
					const double *bounds, size_t nbounds)
{
	scan->stat = stat;
	xsum_init(&scan->total_p);
	xsum_init(&scan->total_q);
	xsum_init(&scan->cum_p);
	xsum_init(&scan->cum_q);
	xsum_init(&scan->terms);
	big_zero(&scan->num);
	scan->infinite = false;
	scan->done = 0;
	scan->bounds = bounds;
	scan->nbounds = nbounds;
}

void
xent_histogram_total(XentHistogramScan *scan, const double *p,
					 const double *q, size_t n)
{
	for (size_t i = 0; i < n; i++)
	{
		xsum_add(&scan->total_p, p[i]);
		xsum_add(&scan->total_q, q[i]);
	}
}

bool
xent_histogram_begin(XentHistogramScan *scan)
{
	big_from_sum(&scan->big_p, &scan->total_p);
	big_from_sum(&scan->big_q, &scan->total_q);
	if (scan->big_p.n == 0 || scan->big_q.n == 0)
		return false;
	big_mul(&scan->den, &scan->big_p, &scan->big_q);
	return true;
}

/* |S_p Q - S_q P| for the cumulative sums so far. */
static void
share_gap(XentHistogramScan *scan, XentBig *gap)
{
	XentBig		s;
	XentBig		sp_q;
	XentBig		sq_p;

	big_from_sum(&s, &scan->cum_p);
	big_mul(&sp_q, &s, &scan->big_q);
	big_from_sum(&s, &scan->cum_q);
	big_mul(&sq_p, &s, &scan->big_p);
	big_distance(gap, &sp_q, &sq_p);
}

double
xent_wasserstein_width(const double *bounds, size_t n, size_t k)
{
	double		hi = bounds[k + 1 < n ? k + 1 : n - 1];
	double		lo = bounds[k > 0 ? k - 1 : 0];

	/* Halved first, so that no difference overflows; equal bounds: 0. */
	return hi == lo ? 0.0 : hi * 0.5 - lo * 0.5;
}

/* Pos_i (2 C_i + neg_i), C_i the negatives below bin i, into the numerator. */
static void
auc_bin(XentHistogramScan *scan, double pos, double neg)
{
	XentBig		twice_below;
	XentBig		count;
	XentBig		term;
	XentBig		sum;

	/* cum_q holds 2 C_i: neg is added twice, once before the term. */
	xsum_add(&scan->cum_q, neg);
	if (pos > 0.0)
	{
		big_from_sum(&twice_below, &scan->cum_q);
		big_from_double(&count, pos);
		big_mul(&term, &count, &twice_below);
		big_add(&sum, &scan->num, &term, 1);
		scan->num = sum;
	}
	xsum_add(&scan->cum_q, neg);
}

/* (p_i Q - q_i P)^2 / ((p_i + q_i) P Q), into the terms. */
static void
chi2_bin(XentHistogramScan *scan, double p, double q)
{
	XentBig		a;
	XentBig		b;
	XentBig		pq;
	XentBig		qp;
	XentBig		gap;
	XentBig		square;
	XentBig		den;
	ExactSum	column;

	if (p == 0.0 && q == 0.0)
		return;
	big_from_double(&a, p);
	big_mul(&pq, &a, &scan->big_q);
	big_from_double(&a, q);
	big_mul(&qp, &a, &scan->big_p);
	big_distance(&gap, &pq, &qp);
	if (gap.n == 0)
		return;
	big_mul(&square, &gap, &gap);
	xsum_init(&column);
	xsum_add(&column, p);
	xsum_add(&column, q);
	big_from_sum(&b, &column);
	big_mul(&den, &b, &scan->den);
	/* The square has four factors of 2^-1074, the denominator three. */
	xsum_add(&scan->terms, big_quotient(&square, &den, -SUM_SCALE));
}

void
xent_histogram_chunk(XentHistogramScan *scan, const double *p,
					 const double *q, size_t n)
{
	for (size_t i = 0; i < n; i++, scan->done++)
	{
		XentBig		gap;

		switch (scan->stat)
		{
			case XENT_AUC:
				auc_bin(scan, p[i], q[i]);
				break;
			case XENT_CHI2:
				chi2_bin(scan, p[i], q[i]);
				break;
			case XENT_KS:
			case XENT_WASSERSTEIN:
				xsum_add(&scan->cum_p, p[i]);
				xsum_add(&scan->cum_q, q[i]);
				/* A bin empty on both sides leaves the gap as it was. */
				if (p[i] == 0.0 && q[i] == 0.0 && scan->stat == XENT_KS)
					break;
				if (scan->stat == XENT_KS)
				{
					share_gap(scan, &gap);
					if (big_cmp(&gap, &scan->num) > 0)
						scan->num = gap;
				}
				else if (scan->done < scan->nbounds)
				{
					double		width = xent_wasserstein_width(scan->bounds,
															   scan->nbounds,
															   scan->done);

					if (width == 0.0)
						break;
					share_gap(scan, &gap);
					if (gap.n == 0)
						break;
					if (isinf(width))
						scan->infinite = true;
					else
						xsum_add(&scan->terms,
								 big_quotient(&gap, &scan->den, 0) * width);
				}
				break;
		}
	}
}

double
xent_histogram_finish(const XentHistogramScan *scan)
{
	switch (scan->stat)
	{
		case XENT_AUC:
			/* The numerator counts each pair twice, a tie once. */
			return big_quotient(&scan->num, &scan->den, -1);
		case XENT_KS:
			return big_quotient(&scan->num, &scan->den, 0);
		case XENT_WASSERSTEIN:
			return scan->infinite ? INFINITY : xsum_round(&scan->terms);
		case XENT_CHI2:
			return xsum_round(&scan->terms);
	}
	return NAN;
}

size_t
xent_empty_bins(const double *p, const double *q, size_t n)
{
	size_t		count = 0;

	for (size_t i = 0; i < n; i++)
		count += (p[i] == 0.0) != (q[i] == 0.0);
	return count;
}
