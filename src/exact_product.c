/*
 * exact_product.c
 *		Products of exact sums, described in exact_product.h.
 */
#include <math.h>
#include <string.h>

#include "exact_product.h"

/* A nonnegative integer in 32-bit limbs, least significant first. */
typedef struct BigInt
{
	int			n;				/* limbs in use, the top one nonzero (0 for 0) */
	uint32_t	limb[XPROD_LIMBS];
} BigInt;

static void
trim(BigInt *x)
{
	while (x->n > 0 && x->limb[x->n - 1] == 0)
		x->n--;
}

/* |sum| as a BigInt in units of 2^-1074; returns the sum's sign. */
static int
sum_magnitude(const ExactSum *sum, BigInt *x)
{
	ExactSum	mag = *sum;
	int			sign = xsum_sign(sum);

	if (sign < 0)
	{
		xsum_init(&mag);
		xsum_sub_sum(&mag, sum);
	}
	xsum_normalize(&mag);
	/* Normalised and not negative: every limb, the top one too, in [0, 2^32). */
	for (int i = 0; i < XSUM_LIMBS; i++)
		x->limb[i] = (uint32_t) mag.limb[i];
	x->n = XSUM_LIMBS;
	trim(x);
	return sign;
}

static void
multiply(const BigInt *a, const BigInt *b, BigInt *p)
{
	memset(p->limb, 0, sizeof(p->limb));
	p->n = a->n + b->n;
	xent_limbs_multiply(a->limb, a->n, b->limb, b->n, p->limb);
	trim(p);
}

static int
compare(const BigInt *a, const BigInt *b)
{
	if (a->n != b->n)
		return a->n > b->n ? 1 : -1;
	for (int i = a->n - 1; i >= 0; i--)
		if (a->limb[i] != b->limb[i])
			return a->limb[i] > b->limb[i] ? 1 : -1;
	return 0;
}

/* a - b into d, a >= b. */
static void
subtract(const BigInt *a, const BigInt *b, BigInt *d)
{
	int64_t		borrow = 0;

	for (int i = 0; i < a->n; i++)
	{
		int64_t		t = (int64_t) a->limb[i] - (i < b->n ? b->limb[i] : 0) - borrow;

		borrow = t < 0;
		d->limb[i] = (uint32_t) (t + (borrow ? ((int64_t) 1 << 32) : 0));
	}
	d->n = a->n;
	trim(d);
}

/* x * 2^unit as a ScaledValue: its top 64 bits, rounded once to a double. */
static ScaledValue
big_scaled(const BigInt *x, int unit)
{
	ScaledValue v = {0.0, 0};
	uint64_t	top;
	int			low;

	if (x->n == 0)
		return v;
	low = x->n >= 2 ? x->n - 2 : 0;
	top = x->limb[low];
	if (x->n >= 2)
		top |= (uint64_t) x->limb[low + 1] << 32;
	/* Normalise to 64 bits, drawing bits from the limb below. */
	if (low > 0)
	{
		int			shift = __builtin_clzll(top);

		if (shift > 0)
			top = (top << shift) | (x->limb[low - 1] >> (32 - shift));
		v.e = 32 * low - shift + unit;
	}
	else
		v.e = unit;
	v.m = (double) top;
	return v;
}

int
xprod_of_sum(const ExactSum *a, ScaledValue *value)
{
	BigInt		x;
	int			sign = sum_magnitude(a, &x);

	*value = big_scaled(&x, -1074);
	return sign;
}

int
xprod_diff(const ExactSum *a, const ExactSum *b,
		   const ExactSum *c, const ExactSum *d, ScaledValue *value)
{
	BigInt		x;
	BigInt		y;
	BigInt		ab;
	BigInt		cd;
	int			sign_ab;
	int			sign_cd;
	int			order;

	sign_ab = sum_magnitude(a, &x) * sum_magnitude(b, &y);
	multiply(&x, &y, &ab);
	sign_cd = sum_magnitude(c, &x) * sum_magnitude(d, &y);
	multiply(&x, &y, &cd);

	/* Signed magnitudes: add where the signs differ, else subtract. */
	if (sign_cd == 0 || sign_ab == 0 || sign_ab != sign_cd)
	{
		/* |ab - cd| = |ab| + |cd| where they differ in sign. */
		BigInt	   *big = &ab;
		const BigInt *small = &cd;
		uint64_t	carry = 0;
		int			sign = sign_ab != 0 ? sign_ab : -sign_cd;

		if (cd.n > ab.n)
		{
			big = &cd;
			small = &ab;
		}
		for (int i = 0; i < big->n; i++)
		{
			uint64_t	t = (uint64_t) big->limb[i] +
				(i < small->n ? small->limb[i] : 0) + carry;

			big->limb[i] = (uint32_t) t;
			carry = t >> 32;
		}
		if (carry)
			big->limb[big->n++] = (uint32_t) carry;
		*value = big_scaled(big, -2148);
		return sign;
	}
	order = compare(&ab, &cd);
	if (order >= 0)
		subtract(&ab, &cd, &x);
	else
		subtract(&cd, &ab, &x);
	*value = big_scaled(&x, -2148);
	return order * sign_ab;
}

ScaledValue
scaled_mul(ScaledValue x, ScaledValue y)
{
	ScaledValue r;

	/* Mantissas below 2^64: their product below 2^128, no overflow. */
	r.m = x.m * y.m;
	r.e = r.m == 0.0 ? 0 : x.e + y.e;
	return r;
}

ScaledValue
scaled_div(ScaledValue x, ScaledValue y)
{
	ScaledValue r;

	r.m = x.m / y.m;
	r.e = r.m == 0.0 ? 0 : x.e - y.e;
	return r;
}

ScaledValue
scaled_sqrt(ScaledValue x)
{
	ScaledValue r;

	if (x.e % 2 != 0)
	{
		x.m *= 2.0;
		x.e -= 1;
	}
	r.m = sqrt(x.m);
	r.e = x.e / 2;
	return r;
}

double
scaled_value(ScaledValue x)
{
	int			e;
	double		f = frexp(x.m, &e);

	/* Past the exponent range of ldexp's int: certainly out of range. */
	if (x.m == 0.0)
		return 0.0;
	if ((long) x.e + e > 2000)
		return INFINITY;
	if ((long) x.e + e < -2000)
		return 0.0;
	return ldexp(f, x.e + e);
}
