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

#define CHUNK_MASK ((int64_t) 0xffffffff)
#define TOP (XSUM_CHUNKS - 1)
/*
 * Every reachable sum is below 2^TOP_LIMIT_BITS units of 2^-1074 in
 * magnitude: fewer than 2^63 doubles (an int64 counts them), each below
 * 2^1024.
 */
#define TOP_LIMIT_BITS 2161
#define TOP_LIMIT ((int64_t) 1 << (TOP_LIMIT_BITS - XSUM_CHUNK_BITS * TOP))

void
xsum_init(ExactSum *sum)
{
	memset(sum, 0, sizeof(*sum));
}

void
xsum_add(ExactSum *sum, double value)
{
	uint64_t	bits;
	uint64_t	mantissa;
	int			exponent;
	int			position;
	int			shift;
	int64_t		sign;
	int64_t    *c;

	memcpy(&bits, &value, sizeof(bits));
	exponent = (int) ((bits >> 52) & 0x7ff);
	mantissa = bits & (((uint64_t) 1 << 52) - 1);
	if (exponent != 0)
		mantissa |= (uint64_t) 1 << 52;
	else
		exponent = 1;			/* subnormal: same scale as the least normal */
	if (mantissa == 0)
		return;

	/* value = +-mantissa * 2^(exponent - 1075); its lowest bit sits here: */
	position = exponent - 1;
	shift = position % XSUM_CHUNK_BITS;
	c = &sum->chunk[position / XSUM_CHUNK_BITS];
	sign = (bits >> 63) ? -1 : 1;

	c[0] += sign * (int64_t) ((mantissa << shift) & CHUNK_MASK);
	c[1] += sign * (int64_t) ((mantissa >> (32 - shift)) & CHUNK_MASK);
	c[2] += sign * (int64_t) ((mantissa >> 32) >> (32 - shift));

	if (++sum->pending >= XSUM_MAX_PENDING)
		xsum_normalize(sum);
}

void
xsum_add_sum(ExactSum *sum, const ExactSum *other)
{
	for (int i = 0; i < XSUM_CHUNKS; i++)
		sum->chunk[i] += other->chunk[i];
	sum->pending += other->pending + 1;
	if (sum->pending >= XSUM_MAX_PENDING)
		xsum_normalize(sum);
}

void
xsum_normalize(ExactSum *sum)
{
	for (int i = 0; i < TOP; i++)
	{
		/* Arithmetic shift: a negative chunk borrows from the next. */
		int64_t		carry = sum->chunk[i] >> XSUM_CHUNK_BITS;

		sum->chunk[i] &= CHUNK_MASK;
		sum->chunk[i + 1] += carry;
	}
	sum->pending = 0;
}

bool
xsum_is_normalized(const ExactSum *sum)
{
	for (int i = 0; i < TOP; i++)
		if (sum->chunk[i] < 0 || sum->chunk[i] > CHUNK_MASK)
			return false;
	return sum->chunk[TOP] > -TOP_LIMIT && sum->chunk[TOP] < TOP_LIMIT &&
		sum->pending == 0;
}

/* Normalised magnitude of sum into mag; returns true if the sum is negative. */
static bool
magnitude(const ExactSum *sum, ExactSum *mag)
{
	bool		negative;

	*mag = *sum;
	xsum_normalize(mag);
	negative = mag->chunk[TOP] < 0;
	if (negative)
	{
		for (int i = 0; i < XSUM_CHUNKS; i++)
			mag->chunk[i] = -mag->chunk[i];
		xsum_normalize(mag);
	}
	return negative;
}

/* Index of the highest chunk of a normalised magnitude that is not 0, or -1. */
static int
top_chunk(const ExactSum *mag)
{
	for (int i = TOP; i >= 0; i--)
		if (mag->chunk[i] != 0)
			return i;
	return -1;
}

int
xsum_bit_length(const ExactSum *sum)
{
	ExactSum	mag;
	int			top;

	magnitude(sum, &mag);
	top = top_chunk(&mag);
	if (top < 0)
		return 0;
	return top * XSUM_CHUNK_BITS + 64 - __builtin_clzll((uint64_t) mag.chunk[top]);
}

/* Bits [low, low + 64) of a normalised magnitude, low >= 0. */
static uint64_t
bits_at(const ExactSum *mag, int low)
{
	int			i = low / XSUM_CHUNK_BITS;
	int			shift = low % XSUM_CHUNK_BITS;
	uint64_t	w0 = (uint64_t) mag->chunk[i];
	uint64_t	w1 = i + 1 < XSUM_CHUNKS ? (uint64_t) mag->chunk[i + 1] : 0;
	uint64_t	w2 = i + 2 < XSUM_CHUNKS ? (uint64_t) mag->chunk[i + 2] : 0;

	return (w0 >> shift) | (w1 << (32 - shift)) |
		(shift ? w2 << (64 - shift) : 0);
}

/* Are any bits below bit `low` set? */
static bool
bits_below(const ExactSum *mag, int low)
{
	int			i = low / XSUM_CHUNK_BITS;

	for (int j = 0; j < i; j++)
		if (mag->chunk[j] != 0)
			return true;
	return (mag->chunk[i] & (((int64_t) 1 << (low % XSUM_CHUNK_BITS)) - 1)) != 0;
}

double
xsum_round(const ExactSum *sum)
{
	ExactSum	mag;
	bool		negative = magnitude(sum, &mag);
	int			top = top_chunk(&mag);
	int			high;
	uint64_t	top64;
	uint64_t	mantissa;
	double		result;

	if (top < 0)
		return 0.0;
	high = top * XSUM_CHUNK_BITS + 63 - __builtin_clzll((uint64_t) mag.chunk[top]);

	if (high < 64)
	{
		/* At most 64 significant bits, all in chunks 0 and 1. */
		top64 = (uint64_t) mag.chunk[0] | ((uint64_t) mag.chunk[1] << 32);
		if (high <= 52)
		{
			/* Fewer than 54 bits: exact, and ldexp is exact for subnormals here. */
			result = ldexp((double) top64, -1074);
			return negative ? -result : result;
		}
		top64 <<= 63 - high;
		mantissa = top64 >> 11;
		if ((top64 & 0x400) && ((top64 & 0x3ff) || (mantissa & 1)))
			mantissa++;
	}
	else
	{
		bool		sticky;

		top64 = bits_at(&mag, high - 63);
		sticky = (top64 & 0x3ff) != 0 || bits_below(&mag, high - 63);
		mantissa = top64 >> 11;
		if ((top64 & 0x400) && (sticky || (mantissa & 1)))
			mantissa++;
	}
	/* A carry out of the 53 bits (mantissa = 2^53) is still exact in a double. */
	result = ldexp((double) mantissa, high - 52 - 1074);
	return negative ? -result : result;
}

void
xsum_format(const ExactSum *sum, char *buf)
{
	ExactSum	mag;
	bool		negative = magnitude(sum, &mag);
	int			top = top_chunk(&mag);
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
	p += sprintf(p, "%x", (unsigned int) mag.chunk[top]);
	for (int i = top - 1; i >= 0; i--)
		p += sprintf(p, "%08x", (unsigned int) mag.chunk[i]);
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
		sum->chunk[bit / XSUM_CHUNK_BITS] +=
			(int64_t) hex_value(*d) << (bit % XSUM_CHUNK_BITS);
	if (negative)
		for (int i = 0; i < XSUM_CHUNKS; i++)
			sum->chunk[i] = -sum->chunk[i];
	xsum_normalize(sum);
	return true;
}
