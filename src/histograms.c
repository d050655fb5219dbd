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

/*
 * The fast path's totals in units stay below these: below 2^62, the
 * products |S_p Q - S_q P|, P Q and auc's numerator stay below 2^125; chi2
 * squares a difference of products, so its totals stay below 2^31.
 */
#define UNITS_LIMIT ((uint64_t) 1 << 62)
#define CHI2_UNITS_LIMIT ((uint64_t) 1 << 31)
/*
 * No count yet: above every exponent of a double's lowest bit.  A unit
 * stays within [-1022, 960]: 2^-unit is then a normal double, by which a
 * count scales exactly, and a total below 2^62 units is a finite double.
 */
#define NO_UNIT 2000
#define MIN_UNIT (-1022)
#define MAX_UNIT 960

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
	xent_limbs_multiply(a->limb, a->n, b->limb, b->n, r->limb);
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

/* The exponent of the lowest set bit of a finite x != 0. */
static int
lowest_bit_exponent(double x)
{
	int			unit;
	bool		negative;
	uint64_t	mantissa = xsum_mantissa(x, &unit, &negative);

	return unit - SUM_SCALE + __builtin_ctzll(mantissa);
}

/*
 * num / den, each rounded once, then divided, as big_quotient does: both
 * are below 2^128 and the quotient is far from overflow and underflow, so
 * the powers of two big_quotient takes apart change no bit.
 */
static double
units_quotient(unsigned __int128 num, unsigned __int128 den)
{
	if (num == 0)
		return 0.0;
	return (double) num / (double) den;
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
	scan->exact_only = false;
	scan->in_units = false;
	scan->counting = true;
	scan->unit = NO_UNIT;
	scan->units_p = 0;
	scan->units_q = 0;
	scan->bounds = bounds;
	scan->nbounds = nbounds;
}

/* A total in units into the exact sum, exactly: two parts of 32 bits. */
static void
add_units(ExactSum *sum, uint64_t units, int unit)
{
	xsum_add(sum, ldexp((double) (units & ~(uint64_t) 0xffffffff), unit));
	xsum_add(sum, ldexp((double) (units & 0xffffffff), unit));
}

/* The first pass leaves the units: the totals so far into the exact sums. */
static void
stop_counting(XentHistogramScan *scan)
{
	if (scan->units_p != 0 || scan->units_q != 0)
	{
		add_units(&scan->total_p, scan->units_p, scan->unit);
		add_units(&scan->total_q, scan->units_q, scan->unit);
	}
	scan->counting = false;
}

/*
 * A bin's counts into the totals in units, the unit lowered (and the totals
 * scaled up) where a count needs it; false where they do not fit.
 */
static bool
count_in_units(XentHistogramScan *scan, double p, double q)
{
	int			unit = scan->unit;
	double		p_units;
	double		q_units;

	if (p != 0.0 && lowest_bit_exponent(p) < unit)
		unit = lowest_bit_exponent(p);
	if (q != 0.0 && lowest_bit_exponent(q) < unit)
		unit = lowest_bit_exponent(q);
	if (unit == NO_UNIT)
		return true;			/* both 0 */
	if (unit < scan->unit)
	{
		int			shift = scan->unit == NO_UNIT ? 0 : scan->unit - unit;

		if (unit < MIN_UNIT || unit > MAX_UNIT || shift >= 62 ||
			scan->units_p >= UNITS_LIMIT >> shift ||
			scan->units_q >= UNITS_LIMIT >> shift)
			return false;
		scan->units_p <<= shift;
		scan->units_q <<= shift;
		scan->unit = unit;
		scan->per_unit = ldexp(1.0, -unit);
	}
	p_units = p * scan->per_unit;
	q_units = q * scan->per_unit;
	if (p_units >= (double) UNITS_LIMIT || q_units >= (double) UNITS_LIMIT ||
		scan->units_p + (uint64_t) p_units >= UNITS_LIMIT ||
		scan->units_q + (uint64_t) q_units >= UNITS_LIMIT)
		return false;
	scan->units_p += (uint64_t) p_units;
	scan->units_q += (uint64_t) q_units;
	return true;
}

void
xent_histogram_total(XentHistogramScan *scan, const double *p,
					 const double *q, size_t n)
{
	for (size_t i = 0; i < n; i++)
	{
		if (scan->counting)
		{
			if (count_in_units(scan, p[i], q[i]))
				continue;
			stop_counting(scan);
		}
		xsum_add(&scan->total_p, p[i]);
		xsum_add(&scan->total_q, q[i]);
	}
}

bool
xent_histogram_begin(XentHistogramScan *scan)
{
	uint64_t	limit = scan->stat == XENT_CHI2 ? CHI2_UNITS_LIMIT : UNITS_LIMIT;

	if (scan->counting && !scan->exact_only &&
		scan->units_p < limit && scan->units_q < limit)
	{
		if (scan->units_p == 0 || scan->units_q == 0)
			return false;
		scan->in_units = true;
		scan->cum_units_p = 0;
		scan->cum_units_q = 0;
		scan->units_num = 0;
		scan->units_den = (unsigned __int128) scan->units_p * scan->units_q;
		return true;
	}
	if (scan->counting)
		stop_counting(scan);
	big_from_sum(&scan->big_p, &scan->total_p);
	big_from_sum(&scan->big_q, &scan->total_q);
	if (scan->big_p.n == 0 || scan->big_q.n == 0)
		return false;
	big_mul(&scan->den, &scan->big_p, &scan->big_q);
	return true;
}

/* A count in units, exactly (the fast path). */
static uint64_t
in_units(const XentHistogramScan *scan, double count)
{
	return (uint64_t) (count * scan->per_unit);
}

/* |S_p Q - S_q P| in units (squared units), for the fast path. */
static unsigned __int128
units_gap(const XentHistogramScan *scan)
{
	unsigned __int128 sp_q = (unsigned __int128) scan->cum_units_p * scan->units_q;
	unsigned __int128 sq_p = (unsigned __int128) scan->cum_units_q * scan->units_p;

	return sp_q >= sq_p ? sp_q - sq_p : sq_p - sp_q;
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

/* The counts of a bin into the cumulative sums. */
static void
add_cumulative(XentHistogramScan *scan, double p, double q)
{
	if (scan->in_units)
	{
		scan->cum_units_p += in_units(scan, p);
		scan->cum_units_q += in_units(scan, q);
		return;
	}
	xsum_add(&scan->cum_p, p);
	xsum_add(&scan->cum_q, q);
}

/* ks: the gap of the cumulative sums so far, if the largest yet, into num. */
static void
ks_bin(XentHistogramScan *scan)
{
	XentBig		gap;

	if (scan->in_units)
	{
		unsigned __int128 units = units_gap(scan);

		if (units > scan->units_num)
			scan->units_num = units;
		return;
	}
	share_gap(scan, &gap);
	if (big_cmp(&gap, &scan->num) > 0)
		scan->num = gap;
}

/*
 * |F_p - F_q| of the cumulative sums so far, rounded as big_quotient rounds
 * it; false where it is 0.
 */
static bool
share_distance(XentHistogramScan *scan, double *distance)
{
	XentBig		gap;

	if (scan->in_units)
	{
		unsigned __int128 units = units_gap(scan);

		*distance = units_quotient(units, scan->units_den);
		return units != 0;
	}
	share_gap(scan, &gap);
	*distance = big_quotient(&gap, &scan->den, 0);
	return gap.n != 0;
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
	if (scan->in_units)
	{
		uint64_t	neg_units = in_units(scan, neg);

		scan->cum_units_q += neg_units;
		scan->units_num += (unsigned __int128) in_units(scan, pos) *
			scan->cum_units_q;
		scan->cum_units_q += neg_units;
		return;
	}
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

/*
 * chi2_bin in units: totals below 2^31 keep the gap below 2^62, its square
 * below 2^124 and the denominator below 2^94.  The term is then in units,
 * as chi2_bin's is in units 2^-1074, and scaling it last rounds as
 * big_quotient's shift rounds.
 */
static void
chi2_bin_in_units(XentHistogramScan *scan, uint64_t p, uint64_t q)
{
	uint64_t	pq = p * scan->units_q;
	uint64_t	qp = q * scan->units_p;
	uint64_t	gap = pq >= qp ? pq - qp : qp - pq;
	double		term;

	if (gap == 0)
		return;
	term = units_quotient((unsigned __int128) gap * gap,
						  (unsigned __int128) (p + q) * scan->units_den);
	xsum_add(&scan->terms, scan->unit == 0 ? term : ldexp(term, scan->unit));
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
	if (scan->in_units)
	{
		chi2_bin_in_units(scan, in_units(scan, p), in_units(scan, q));
		return;
	}
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
		double		distance;

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
				add_cumulative(scan, p[i], q[i]);
				/* A bin empty on both sides leaves the gap as it was. */
				if (p[i] == 0.0 && q[i] == 0.0 && scan->stat == XENT_KS)
					break;
				if (scan->stat == XENT_KS)
					ks_bin(scan);
				else if (scan->done < scan->nbounds)
				{
					double		width = xent_wasserstein_width(scan->bounds,
															   scan->nbounds,
															   scan->done);

					if (width == 0.0)
						break;
					if (!share_distance(scan, &distance))
						break;
					if (isinf(width))
						scan->infinite = true;
					else
						xsum_add(&scan->terms, distance * width);
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
			if (scan->in_units)
				return units_quotient(scan->units_num, scan->units_den) * 0.5;
			return big_quotient(&scan->num, &scan->den, -1);
		case XENT_KS:
			if (scan->in_units)
				return units_quotient(scan->units_num, scan->units_den);
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
