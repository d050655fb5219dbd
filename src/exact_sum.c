/*
 * exact_sum.c
 *		The long accumulator described in exact_sum.h.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exact_sum.h"

#define Max(a, b) ((a) > (b) ? (a) : (b))
#define Min(a, b) ((a) < (b) ? (a) : (b))
#define LIMB_MASK ((int64_t) 0xffffffff)
#define TOP (XSUM_LIMBS - 1)
/*
 * Every reachable sum is below 2^TOP_LIMIT_BITS units of 2^-1074 in
 * magnitude: fewer than 2^64 doubles (two for each of fewer than 2^63 rows
 * that an int64 counts), each below 2^1024.
 */
#define TOP_LIMIT_BITS 2162
#define TOP_LIMIT ((int64_t) 1 << (TOP_LIMIT_BITS - XSUM_LIMB_BITS * TOP))

void
xsum_init(ExactSum *sum)
{
	memset(sum, 0, sizeof(*sum));
}

void
xsum_add(ExactSum *sum, double value)
{
	int			first;
	int64_t		part[3];

	if (xsum_parts(value, &first, part))
		xsum_add_parts(sum, first, part, 1);
}

void
xsum_add_parts(ExactSum *sum, int first, const int64_t part[3], int sign)
{
	sum->limb[first] += sign * part[0];
	sum->limb[first + 1] += sign * part[1];
	sum->limb[first + 2] += sign * part[2];
	if (++sum->pending >= XSUM_MAX_PENDING)
		xsum_normalize(sum);
}

void
xsum_add_sum(ExactSum *sum, const ExactSum *other)
{
	for (int i = 0; i < XSUM_LIMBS; i++)
		sum->limb[i] += other->limb[i];
	sum->pending += other->pending + 1;
	if (sum->pending >= XSUM_MAX_PENDING)
		xsum_normalize(sum);
}

void
xsum_sub_sum(ExactSum *sum, const ExactSum *other)
{
	for (int i = 0; i < XSUM_LIMBS; i++)
		sum->limb[i] -= other->limb[i];
	sum->pending += other->pending + 1;
	if (sum->pending >= XSUM_MAX_PENDING)
		xsum_normalize(sum);
}

void
xsum_normalize(ExactSum *sum)
{
	for (int i = 0; i < TOP; i++)
	{
		/* Arithmetic shift: a negative limb borrows from the next. */
		int64_t		carry = sum->limb[i] >> XSUM_LIMB_BITS;

		sum->limb[i] &= LIMB_MASK;
		sum->limb[i + 1] += carry;
	}
	sum->pending = 0;
}

bool
xsum_is_normalized(const ExactSum *sum)
{
	for (int i = 0; i < TOP; i++)
		if (sum->limb[i] < 0 || sum->limb[i] > LIMB_MASK)
			return false;
	return sum->limb[TOP] > -TOP_LIMIT && sum->limb[TOP] < TOP_LIMIT &&
		sum->pending == 0;
}

/* Normalised magnitude of sum into mag; returns true if the sum is negative. */
static bool
magnitude(const ExactSum *sum, ExactSum *mag)
{
	bool		negative;

	*mag = *sum;
	xsum_normalize(mag);
	negative = mag->limb[TOP] < 0;
	if (negative)
	{
		for (int i = 0; i < XSUM_LIMBS; i++)
			mag->limb[i] = -mag->limb[i];
		xsum_normalize(mag);
	}
	return negative;
}

/* Index of the highest limb of a normalised magnitude that is not 0, or -1. */
static int
top_limb(const ExactSum *mag)
{
	for (int i = TOP; i >= 0; i--)
		if (mag->limb[i] != 0)
			return i;
	return -1;
}

int
xsum_bit_length(const ExactSum *sum)
{
	ExactSum	mag;
	int			top;

	magnitude(sum, &mag);
	top = top_limb(&mag);
	if (top < 0)
		return 0;
	return top * XSUM_LIMB_BITS + 64 - __builtin_clzll((uint64_t) mag.limb[top]);
}

/* Bits [low, low + 64) of a normalised magnitude, low >= 0. */
static uint64_t
bits_at(const ExactSum *mag, int low)
{
	int			i = low / XSUM_LIMB_BITS;
	int			shift = low % XSUM_LIMB_BITS;
	uint64_t	w0 = (uint64_t) mag->limb[i];
	uint64_t	w1 = i + 1 < XSUM_LIMBS ? (uint64_t) mag->limb[i + 1] : 0;
	uint64_t	w2 = i + 2 < XSUM_LIMBS ? (uint64_t) mag->limb[i + 2] : 0;

	return (w0 >> shift) | (w1 << (32 - shift)) |
		(shift ? w2 << (64 - shift) : 0);
}

/* Are any bits below bit `low` set? */
static bool
bits_below(const ExactSum *mag, int low)
{
	int			i = low / XSUM_LIMB_BITS;

	for (int j = 0; j < i; j++)
		if (mag->limb[j] != 0)
			return true;
	return (mag->limb[i] & (((int64_t) 1 << (low % XSUM_LIMB_BITS)) - 1)) != 0;
}

double
xsum_round(const ExactSum *sum)
{
	return xsum_round_scaled(sum, 0);
}

/*
 * The magnitude, an integer in units of 2^-1074, is rounded to a multiple of
 * 2^r: a double's 53 bits below its leading bit, or the least subnormal
 * (2^-1074, scaled: 2^scale units) if that is coarser.  The rounded value
 * then has at most 53 bits and ldexp is exact.
 */
double
xsum_round_scaled(const ExactSum *sum, int scale)
{
	ExactSum	mag;
	bool		negative = magnitude(sum, &mag);
	int			top = top_limb(&mag);
	int			high;
	int			r;
	uint64_t	mantissa;
	double		result;

	if (top < 0)
		return 0.0;
	high = top * XSUM_LIMB_BITS + 63 - __builtin_clzll((uint64_t) mag.limb[top]);
	r = Max(high - 52, scale);
	if (r > high + 1)
		return negative ? -0.0 : 0.0;	/* below half the least unit */
	if (r == 0)
		mantissa = bits_at(&mag, 0);	/* at most 53 bits: exact */
	else
	{
		uint64_t	with_half = bits_at(&mag, r - 1);
		bool		sticky = bits_below(&mag, r - 1);

		mantissa = with_half >> 1;
		if ((with_half & 1) && (sticky || (mantissa & 1)))
			mantissa++;
	}
	/* A carry out of the 53 bits (mantissa = 2^53) is still exact in a double. */
	result = ldexp((double) mantissa, r - 1074 - scale);
	return negative ? -result : result;
}

int
xsum_sign(const ExactSum *sum)
{
	ExactSum	norm = *sum;

	xsum_normalize(&norm);
	if (norm.limb[TOP] < 0)
		return -1;
	for (int i = 0; i <= TOP; i++)
		if (norm.limb[i] != 0)
			return 1;
	return 0;
}

/*
 * |sum| <= bound * factor.  Bit lengths settle all but a narrow band; there
 * both sides are formed exactly as integers in 32-bit limbs, wide enough for
 * a sum times any double's mantissa and power of two, and compared.
 */
#define WIDE_LIMBS (XSUM_LIMBS + 2 + (1074 + 53) / XSUM_LIMB_BITS + 2)

/* wide |= limbs << shift; wide has room for it. */
static void
shift_into(const uint32_t *limbs, int n, int shift, uint32_t *wide)
{
	int			q = shift / XSUM_LIMB_BITS;
	int			r = shift % XSUM_LIMB_BITS;

	for (int i = 0; i < n; i++)
	{
		uint64_t	v = (uint64_t) limbs[i] << r;

		wide[i + q] |= (uint32_t) v;
		wide[i + q + 1] |= (uint32_t) (v >> 32);
	}
}

bool
xsum_within(const ExactSum *sum, const ExactSum *bound, double factor)
{
	ExactSum	a;
	ExactSum	b;
	int			exponent;
	uint64_t	m;
	int			a_bits;
	int			band;
	uint32_t	a_limbs[XSUM_LIMBS];
	uint32_t	product[XSUM_LIMBS + 2] = {0};
	uint32_t	left[WIDE_LIMBS] = {0};
	uint32_t	right[WIDE_LIMBS] = {0};

	magnitude(sum, &a);
	magnitude(bound, &b);
	a_bits = xsum_bit_length(&a);
	if (a_bits == 0)
		return true;
	if (xsum_bit_length(&b) == 0)
		return false;

	/* factor = m * 2^exponent with m an odd integer below 2^53. */
	m = (uint64_t) ldexp(frexp(factor, &exponent), 53);
	exponent -= 53;
	while ((m & 1) == 0)
	{
		m >>= 1;
		exponent++;
	}
	/* 2^(band - 2) <= bound * factor < 2^band, and 2^(a_bits - 1) <= |sum|. */
	band = xsum_bit_length(&b) + (64 - __builtin_clzll(m)) + exponent;
	if (a_bits <= band - 2)
		return true;
	if (a_bits > band)
		return false;

	/* product = bound * m, schoolbook over m's two limbs. */
	for (int j = 0; j < 2; j++)
	{
		uint64_t	m_limb = j == 0 ? (m & 0xffffffff) : (m >> 32);
		uint64_t	carry = 0;

		for (int i = 0; i < XSUM_LIMBS; i++)
		{
			uint64_t	t = (uint64_t) b.limb[i] * m_limb + product[i + j] + carry;

			product[i + j] = (uint32_t) t;
			carry = t >> 32;
		}
		product[XSUM_LIMBS + j] += (uint32_t) carry;
	}
	for (int i = 0; i < XSUM_LIMBS; i++)
		a_limbs[i] = (uint32_t) a.limb[i];

	/* |sum| * 2^max(0, -exponent) against product * 2^max(0, exponent). */
	shift_into(a_limbs, XSUM_LIMBS, exponent < 0 ? -exponent : 0, left);
	shift_into(product, XSUM_LIMBS + 2, exponent > 0 ? exponent : 0, right);
	for (int i = WIDE_LIMBS - 1; i >= 0; i--)
		if (left[i] != right[i])
			return left[i] < right[i];
	return true;
}

XsumSpan
xsum_span_widen(const XsumSpan *span, int first, int last, int margin)
{
	XsumSpan	wide = *span;
	int			lo = span->lo;
	int			hi = span->lo + span->n - 1;

	if (span->n == 0)
	{
		lo = first - margin;
		hi = last + margin;
	}
	if (first < lo)
		lo = first - margin;
	if (last > hi)
		hi = last + margin;
	wide.lo = (int16_t) Max(lo, 0);
	wide.n = (int16_t) (Min(hi, TOP) - wide.lo + 1);
	return wide;
}

void
xsum_span_move(const XsumSpan *from, const int64_t *from_limb,
			   const XsumSpan *to, int64_t *to_limb)
{
	memset(to_limb, 0, to->n * sizeof(int64_t));
	for (int i = 0; i < from->n; i++)
		to_limb[from->lo - to->lo + i] = from_limb[i];
}

bool
xsum_span_can_merge(const XsumSpan *dst, const XsumSpan *src)
{
	if (src->n > 0 &&
		(src->lo < dst->lo || src->lo + src->n > dst->lo + dst->n))
		return false;
	return (int64_t) dst->pending + src->pending + 1 < XSUM_MAX_PENDING;
}

void
xsum_span_merge(XsumSpan *dst, int64_t *dst_limb, const XsumSpan *src,
				const int64_t *src_limb, int sign)
{
	for (int i = 0; i < src->n; i++)
		dst_limb[src->lo - dst->lo + i] += sign * src_limb[i];
	dst->pending += src->pending + 1;
}

/* sum += sign * span */
void
xsum_add_span(ExactSum *sum, const XsumSpan *span, const int64_t *limb,
			  int sign)
{
	for (int i = 0; i < span->n; i++)
		sum->limb[span->lo + i] += sign * limb[i];
	sum->pending += span->pending + 1;
	if (sum->pending >= XSUM_MAX_PENDING)
		xsum_normalize(sum);
}

/*
 * A normalised sum is zero above its highest significant limb if it is
 * positive, and all ones (0xffffffff, then -1 at the top) if negative: the
 * span's top limb stands for all of that, signed.
 */
XsumSpan
xsum_span_of(const ExactSum *sum, int margin)
{
	ExactSum	norm = *sum;
	XsumSpan	span = {0, 0, 0};
	int64_t		fill;
	int			lo = 0;
	int			hi = TOP;

	xsum_normalize(&norm);
	fill = norm.limb[TOP] < 0 ? LIMB_MASK : 0;
	while (lo <= TOP && norm.limb[lo] == 0)
		lo++;
	if (lo > TOP)
		return span;			/* zero: no limbs */
	while (hi > lo && norm.limb[hi] == (hi == TOP ? (fill ? -1 : 0) : fill))
		hi--;
	/* A negative top limb needs its sign bit: limb - 2^32 must be < 0, which it is. */
	lo = Max(lo - margin, 0);
	hi = Min(hi + margin, TOP);
	span.lo = (int16_t) lo;
	span.n = (int16_t) (hi - lo + 1);
	return span;
}

void
xsum_to_span(const ExactSum *sum, XsumSpan span, int64_t *limb)
{
	ExactSum	norm = *sum;
	int			top = span.lo + span.n - 1;

	xsum_normalize(&norm);
	for (int i = 0; i < span.n; i++)
		limb[i] = norm.limb[span.lo + i];
	/* Everything above the top limb is 0 or all ones (-1 in total). */
	if (span.n > 0 && top < TOP && norm.limb[TOP] < 0)
		limb[span.n - 1] -= (int64_t) 1 << XSUM_LIMB_BITS;
}

bool
xsum_span_is_valid(const XsumSpan *span, const int64_t *limb)
{
	int			top = span->lo + span->n - 1;

	if (span->lo < 0 || span->n < 0 || top > TOP || span->pending != 0)
		return false;
	if (span->n == 0)
		return span->lo == 0;
	for (int i = 0; i < span->n - 1; i++)
		if (limb[i] < 0 || limb[i] > LIMB_MASK)
			return false;
	if (top == TOP)
		return limb[span->n - 1] > -TOP_LIMIT && limb[span->n - 1] < TOP_LIMIT;
	return limb[span->n - 1] >= -((int64_t) 1 << XSUM_LIMB_BITS) &&
		limb[span->n - 1] <= LIMB_MASK;
}

void
xsum_format(const ExactSum *sum, char *buf)
{
	ExactSum	mag;
	bool		negative = magnitude(sum, &mag);
	int			top = top_limb(&mag);
	char	   *p = buf;
	char	   *digits;
	int			exponent = -1074;

	if (top < 0)
	{
		strcpy(buf, "0");
		return;
	}
	if (negative)
		*p++ = '-';
	*p++ = '0';
	*p++ = 'x';
	digits = p;
	p += sprintf(p, "%x", (unsigned int) mag.limb[top]);
	for (int i = top - 1; i >= 0; i--)
		p += sprintf(p, "%08x", (unsigned int) mag.limb[i]);
	/* Trailing zero digits move into the exponent: one text per value. */
	while (p - digits > 1 && p[-1] == '0')
	{
		p--;
		exponent += 4;
	}
	sprintf(p, "p%d", exponent);
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool
xsum_parse(const char *str, const char **end, ExactSum *sum)
{
	const char *p = str;
	const char *digits;
	const char *last;
	bool		negative = false;
	long		exponent;
	long		bit;
	char	   *after;

	xsum_init(sum);
	if (*p == '-')
	{
		negative = true;
		p++;
	}
	if (*p == '0' && p[1] != 'x' && p[1] != 'X')
	{
		/* plain zero */
		*end = p + 1;
		return !negative;
	}
	if (p[0] != '0' || (p[1] != 'x' && p[1] != 'X'))
		return false;
	p += 2;
	while (*p == '0')			/* leading zeros do not count toward the range */
		p++;
	digits = p;
	while (hex_value(*p) >= 0)
		p++;
	last = p;
	if (*p != 'p' && *p != 'P')
		return false;
	p++;
	if (!(isdigit((unsigned char) *p) || ((*p == '-' || *p == '+') &&
										  isdigit((unsigned char) p[1]))))
		return false;
	errno = 0;
	exponent = strtol(p, &after, 10);
	if (errno != 0 || exponent < -1074 || exponent > TOP_LIMIT_BITS)
		return false;
	*end = after;

	if (last == digits)
		return true;			/* 0x0p... is zero */
	bit = exponent + 1074;
	if (bit + 4 * (last - digits - 1) + 32 - __builtin_clz(hex_value(*digits))
		> TOP_LIMIT_BITS)
		return false;
	for (const char *d = last - 1; d >= digits; d--, bit += 4)
		sum->limb[bit / XSUM_LIMB_BITS] +=
			(int64_t) hex_value(*d) << (bit % XSUM_LIMB_BITS);
	if (negative)
		for (int i = 0; i < XSUM_LIMBS; i++)
			sum->limb[i] = -sum->limb[i];
	xsum_normalize(sum);

	/*
	 * The test above keeps the magnitude below 2^TOP_LIMIT_BITS, but a
	 * negative sum within 2^(32 TOP) of that borrows its top limb down to
	 * -TOP_LIMIT: out of range all the same.
	 */
	return xsum_is_normalized(sum);
}
