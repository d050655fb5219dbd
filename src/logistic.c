/*
 * logistic.c
 *		The logistic function 1 / (1 + e^-z), faithfully rounded, with the
 *		same bits on every CPU: in double arithmetic, with fma where a
 *		product's rounding error is needed (fma is correctly rounded in every
 *		C library and instruction set), never in a wider format, whose width
 *		differs between CPUs (x86's long double has 64 bits of mantissa,
 *		arm64's 113) and with it the last bit.
 *
 * A faithful result needs the value before its one rounding within half a
 * unit in the last place: e^-|z| is formed as a double-double within about
 * 2^-58 relatively, and the quotient's rounding error is added back.
 */
#include <math.h>

#include "core.h"
#include "elementary.h"

/* hi + lo, |lo| at most half a unit in the last place of hi. */
typedef struct DoubleDouble
{
	double		hi;
	double		lo;
} DoubleDouble;

static inline DoubleDouble
two_sum(double a, double b)
{
	double		s = a + b;
	double		b_virtual = s - a;
	DoubleDouble r = {s, (a - (s - b_virtual)) + (b - b_virtual)};

	return r;
}

/* 1/n! for n = 3 .. 14: Taylor's series of e^r past 1 + r + r^2/2. */
static const double inverse_factorials[] = {
	1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
	1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600,
	1.0 / 6227020800.0, 1.0 / 87178291200.0,
};

#define N_INVERSE_FACTORIALS (sizeof(inverse_factorials) / sizeof(inverse_factorials[0]))

/*
 * e^x for -700 <= x <= 0 as a double-double within about 2^-58.  x = k ln 2
 * + r_hi + r_lo, k ln2_hi exact (ln2_hi has 32 bits) and r_hi + r_lo exact
 * but for k ln2_lo's rounding (below 2^-75); |r_hi| <= ln(2)/2 or so.
 * e^r_hi = 1 + r_hi + r_hi^2/2 + r_hi^3 (1/3! + ... + r_hi^11/14!): the
 * first three exactly (r_hi^2 by fma), the series' tail, below 0.007 and
 * truncated below 2^-62, in double; e^r_lo = 1 + r_lo.  Then 2^k, exactly:
 * k >= -1010, so the result and its low part stay clear of the subnormals.
 */
static DoubleDouble
exp_double_double(double x)
{
	const double ln2_hi = 0x1.62e42feep-1;
	const double ln2_lo = 0x1.a39ef35793c76p-33;
	const double inv_ln2 = 0x1.71547652b82fep0;
	const double magic = 0x1.8p52;	/* rounds x / ln 2 to an integer */
	double		k = (x * inv_ln2 + magic) - magic;
	DoubleDouble r = two_sum(x - k * ln2_hi, -(k * ln2_lo));
	double		square = r.hi * r.hi;
	double		square_error = fma(r.hi, r.hi, -square);
	double		tail = 0.0;
	DoubleDouble one_plus_r;
	DoubleDouble head;
	DoubleDouble e;

	for (int i = (int) N_INVERSE_FACTORIALS - 1; i >= 0; i--)
		tail = inverse_factorials[i] + r.hi * tail;
	tail *= square * r.hi;

	one_plus_r = two_sum(1.0, r.hi);
	head = two_sum(one_plus_r.hi, 0.5 * square);
	e = two_sum(head.hi, one_plus_r.lo + head.lo + 0.5 * square_error + tail);
	/* e^(r_hi + r_lo) = e^r_hi (1 + r_lo): r_lo^2 is below 2^-106. */
	e.lo += e.hi * r.lo;
	e.hi = ldexp(e.hi, (int) k);
	e.lo = ldexp(e.lo, (int) k);
	return e;
}

double
xent_logistic(double logit)
{
	double		margin = fabs(logit);
	DoubleDouble t;
	DoubleDouble d;
	double		q;

	if (isnan(logit))
		return logit;
	/* e^-z below 2^-54: 1 / (1 + e^-z) rounds to 1. */
	if (logit >= 38.0)
		return 1.0;
	/* e^z / (1 + e^z) is e^z within e^z relatively: e^z's rounding. */
	if (logit < -700.0)
		return xent_exp(logit);

	t = exp_double_double(-margin);
	d = two_sum(1.0, t.hi);
	d.lo += t.lo;
	if (logit >= 0.0)
	{
		/* 1 / d: the quotient's remainder 1 - q d.hi, exact by fma. */
		q = 1.0 / d.hi;
		return q + (fma(-q, d.hi, 1.0) - q * d.lo) / d.hi;
	}
	/* t / d, likewise. */
	q = t.hi / d.hi;
	return q + ((fma(-q, d.hi, t.hi) + t.lo) - q * d.lo) / d.hi;
}
