/*
 * exact_sum.h
 *		An exact sum of doubles: a fixed-point accumulator (Kulisch's long
 *		accumulator) wide enough for every finite double, 2^-1074 to 2^1024,
 *		with 64 bits of headroom for carries.  Adding is exact, so adding and
 *		then subtracting a value restores the sum bit for bit, and the sum of
 *		the same values is the same in any order or grouping.
 *
 * The sum is sum over i of limb[i] * 2^(32 i - 1074).  Each addition puts
 * less than 2^32 into at most three limbs; carries are propagated lazily,
 * once at most every 2^30 additions, so an int64 limb never overflows.
 * Normalised, limbs 0 .. XSUM_LIMBS-2 lie in [0, 2^32) and the top limb
 * carries the sign: one representation per value.  (Limbs, not chunks: a
 * chunk is a block of array elements between interrupt checks, XENT_CHUNK.)
 */
#ifndef XENT_EXACT_SUM_H
#define XENT_EXACT_SUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XSUM_LIMB_BITS 32
#define XSUM_LIMBS 68			/* 2176 bits: 2098 for a double, the rest headroom */
#define XSUM_MAX_PENDING (1 << 30)

/* Longest text xsum_format writes, with its terminating NUL. */
#define XSUM_TEXT_MAX 600

typedef struct ExactSum
{
	int64_t		limb[XSUM_LIMBS];
	int64_t		pending;		/* additions since the last normalisation */
} ExactSum;

/*
 * A double as an integer and the unit of its lowest bit: |value| =
 * mantissa * 2^(unit - 1074), unit >= 0.  Returns the mantissa (0 for
 * zero) and sets *negative to the sign bit.
 */
static inline uint64_t
xsum_mantissa(double value, int *unit, bool *negative)
{
	uint64_t	bits;
	uint64_t	mantissa;
	int			exponent;

	__builtin_memcpy(&bits, &value, sizeof(bits));
	exponent = (int) ((bits >> 52) & 0x7ff);
	mantissa = bits & (((uint64_t) 1 << 52) - 1);
	if (exponent != 0)
		mantissa |= (uint64_t) 1 << 52;
	else
		exponent = 1;			/* subnormal: same scale as the least normal */
	*unit = exponent - 1;
	*negative = (bits >> 63) != 0;
	return mantissa;
}

/*
 * Where a finite double lands: its nonzero mantissa, signed, spread over
 * three consecutive limbs from *first.  Returns false for zero.
 */
static inline bool
xsum_parts(double value, int *first, int64_t part[3])
{
	uint64_t	low;
	int			unit;
	int			shift;
	bool		negative;
	int64_t		sign;
	uint64_t	mantissa = xsum_mantissa(value, &unit, &negative);

	if (mantissa == 0)
		return false;

	/* value = +-mantissa * 2^(unit - 1074). */
	shift = unit % XSUM_LIMB_BITS;
	*first = unit / XSUM_LIMB_BITS;
	sign = negative ? -1 : 1;
	/* The low 64 bits of mantissa << shift hold the first two parts. */
	low = mantissa << shift;
	part[0] = sign * (int64_t) (low & 0xffffffff);
	part[1] = sign * (int64_t) (low >> 32);
	part[2] = sign * (int64_t) ((mantissa >> 32) >> (32 - shift));
	return true;
}

/*
 * An exact value wider than a double, such as the product of two or three
 * doubles: parts of at most 32 bits, signed, over limbs first ..
 * first + 3 * groups - 1, in groups of three limbs that are added as
 * xsum_parts' three are (so a sum that takes a group counts one addition).
 * A product is formed from the mantissas in integers and spread straight
 * into limbs: no rounding, and no split into doubles.
 */
typedef struct XsumWide
{
	int			first;
	int			groups;			/* 0 for zero, else 1 or 2 */
	int64_t		part[2][3];
} XsumWide;

/* a * b as two 64-bit halves. */
static inline void
xsum_mul64(uint64_t a, uint64_t b, uint64_t *high, uint64_t *low)
{
#ifdef __SIZEOF_INT128__
	unsigned __int128 p = (unsigned __int128) a * b;

	*high = (uint64_t) (p >> 64);
	*low = (uint64_t) p;
#else
	uint64_t	a0 = a & 0xffffffff,
				a1 = a >> 32,
				b0 = b & 0xffffffff,
				b1 = b >> 32;
	uint64_t	p00 = a0 * b0,
				p01 = a0 * b1,
				p10 = a1 * b0;
	uint64_t	middle = (p00 >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);

	*low = (middle << 32) | (p00 & 0xffffffff);
	*high = a1 * b1 + (p01 >> 32) + (p10 >> 32) + (middle >> 32);
#endif
}

/*
 * word[0] + word[1] 2^64 + word[2] 2^128 (below 2^160) times
 * 2^(unit - 1074), unit >= 0, signed, as a wide value.  The value must lie
 * below 2^1038 (limb 65's top), as a product whose rounding is finite
 * does, so that its groups stay inside the accumulator.
 */
static inline void
xsum_wide_of(const uint64_t word[3], int unit, bool negative, XsumWide *wide)
{
	int			shift = unit % XSUM_LIMB_BITS;
	int64_t		sign = negative ? -1 : 1;
	uint64_t	s0 = word[0] << shift;
	uint64_t	s1 = (word[1] << shift) | ((word[0] >> (63 - shift)) >> 1);
	uint64_t	s2 = (word[2] << shift) | ((word[1] >> (63 - shift)) >> 1);

	wide->first = unit / XSUM_LIMB_BITS;
	wide->part[0][0] = sign * (int64_t) (s0 & 0xffffffff);
	wide->part[0][1] = sign * (int64_t) (s0 >> 32);
	wide->part[0][2] = sign * (int64_t) (s1 & 0xffffffff);
	wide->part[1][0] = sign * (int64_t) (s1 >> 32);
	wide->part[1][1] = sign * (int64_t) (s2 & 0xffffffff);
	wide->part[1][2] = sign * (int64_t) (s2 >> 32);
	wide->groups = (s1 >> 32 | s2) != 0 ? 2 : (s0 | s1) != 0 ? 1 : 0;
}

/*
 * a * b, exactly, as a wide value.  Returns false where the product has
 * bits below 2^-1074, which no limb holds.
 */
static inline bool
xsum_product2(double a, double b, XsumWide *wide)
{
	int			unit_a;
	int			unit_b;
	bool		negative_a;
	bool		negative_b;
	uint64_t	word[3] = {0, 0, 0};
	uint64_t	ma = xsum_mantissa(a, &unit_a, &negative_a);
	uint64_t	mb = xsum_mantissa(b, &unit_b, &negative_b);
	int			unit = unit_a + unit_b - 1074;

	if (ma == 0 || mb == 0)
	{
		*wide = (XsumWide) {0};
		return true;
	}
	if (unit < 0)
		return false;
	xsum_mul64(ma, mb, &word[1], &word[0]);
	xsum_wide_of(word, unit, negative_a != negative_b, wide);
	return true;
}

/*
 * a * b * b, exactly, as a wide value, where both a * b and a * b * b
 * have no bits below 2^-1074 (else false).
 */
static inline bool
xsum_product3(double a, double b, XsumWide *wide)
{
	int			unit_a;
	int			unit_b;
	bool		negative_a;
	bool		negative_b;
	uint64_t	word[3];
	uint64_t	high;
	uint64_t	low;
	uint64_t	upper_high;
	uint64_t	upper_low;
	uint64_t	ma = xsum_mantissa(a, &unit_a, &negative_a);
	uint64_t	mb = xsum_mantissa(b, &unit_b, &negative_b);
	int			unit = unit_a + 2 * unit_b - 2148;

	if (ma == 0 || mb == 0)
	{
		*wide = (XsumWide) {0};
		return true;
	}
	if (unit < 0 || unit_a + unit_b < 1074)
		return false;
	/* ma * mb below 2^106: then times mb, word by word. */
	xsum_mul64(ma, mb, &high, &low);
	xsum_mul64(low, mb, &word[1], &word[0]);
	xsum_mul64(high, mb, &upper_high, &upper_low);
	word[1] += upper_low;
	word[2] = upper_high + (word[1] < upper_low);
	xsum_wide_of(word, unit, negative_a, wide);
	return true;
}

extern void xsum_init(ExactSum *sum);
/* Add a finite double (the caller keeps infinities and NaN apart). */
extern void xsum_add(ExactSum *sum, double value);
/* Add parts (xsum_parts' or a wide value's group), times sign. */
extern void xsum_add_parts(ExactSum *sum, int first, const int64_t part[3],
						   int sign);
extern void xsum_add_sum(ExactSum *sum, const ExactSum *other);
extern void xsum_sub_sum(ExactSum *sum, const ExactSum *other);
extern void xsum_normalize(ExactSum *sum);
/* The exact sum rounded once to the nearest double (ties to even); may be +-Infinity. */
extern double xsum_round(const ExactSum *sum);
/*
 * The exact sum times 2^-scale (scale >= 0), rounded once: how a quotient of
 * two sums too large for a double is formed without changing its value.
 */
extern double xsum_round_scaled(const ExactSum *sum, int scale);
/* -1, 0 or 1 as the sum is negative, zero or positive. */
extern int	xsum_sign(const ExactSum *sum);
/*
 * Is |sum| <= bound * factor, exactly?  bound >= 0, factor a positive
 * finite double.
 */
extern bool xsum_within(const ExactSum *sum, const ExactSum *bound,
						double factor);

/*
 * A span: limbs lo .. lo + n - 1 of an accumulator, stored apart, the
 * others zero.  The top limb of a span carries the sign and any carries,
 * so the span's value is the sum of limb[i] * 2^(32 (lo + i) - 1074).
 * A state that sums losses of one magnitude needs a handful of limbs, not
 * sixty-eight: spans keep stored states small and let a row be added in
 * place while it lands inside the span.
 */
typedef struct XsumSpan
{
	int16_t		lo;
	int16_t		n;
	int32_t		pending;		/* additions since the limbs were normalised */
} XsumSpan;

/* Do limbs first .. first + 2 lie inside the span? */
static inline bool
xsum_span_holds(const XsumSpan *span, int first)
{
	return first >= span->lo && first + 2 < span->lo + span->n;
}

/* Do a wide value's limbs lie inside the span? */
static inline bool
xsum_span_holds_wide(const XsumSpan *span, const XsumWide *wide)
{
	return wide->groups == 0 ||
		(wide->first >= span->lo &&
		 wide->first + 3 * wide->groups <= span->lo + span->n);
}

/* Add a value's parts (xsum_parts), times sign, to a span that holds them. */
static inline __attribute__((always_inline)) void
xsum_span_add_parts(XsumSpan *span, int64_t *limb, int first,
					const int64_t part[3], int sign)
{
	limb += first - span->lo;
	limb[0] += sign * part[0];
	limb[1] += sign * part[1];
	limb[2] += sign * part[2];
	span->pending++;
}

/*
 * Add a wide value, times sign, to a span that holds it: one addition a
 * group.  Unrolled, and always inline, so that the value's parts stay in
 * registers on the transitions' fast paths.
 */
static inline __attribute__((always_inline)) void
xsum_span_add_wide(XsumSpan *span, int64_t *limb, const XsumWide *wide,
				   int sign)
{
	if (wide->groups > 0)
		xsum_span_add_parts(span, limb, wide->first, wide->part[0], sign);
	if (wide->groups > 1)
		xsum_span_add_parts(span, limb, wide->first + 3, wide->part[1], sign);
}

/*
 * The span covering span and limbs first .. last, widened by margin limbs
 * on a side where it grows (within the accumulator).
 */
extern XsumSpan xsum_span_widen(const XsumSpan *span, int first, int last,
								int margin);
/* Copy a span's limbs into a wider span that covers it; zero the rest. */
extern void xsum_span_move(const XsumSpan *from, const int64_t *from_limb,
						   const XsumSpan *to, int64_t *to_limb);

/*
 * dst += sign * src in place: possible if src lies inside dst and dst has
 * room for src's pending additions.
 */
extern bool xsum_span_can_merge(const XsumSpan *dst, const XsumSpan *src);
extern void xsum_span_merge(XsumSpan *dst, int64_t *dst_limb,
							const XsumSpan *src, const int64_t *src_limb,
							int sign);
/* sum += sign * span (sign 1 or -1). */
extern void xsum_add_span(ExactSum *sum, const XsumSpan *span,
						  const int64_t *limb, int sign);
/*
 * The span a sum needs: its nonzero limbs, widened by margin limbs on
 * each side (within the accumulator), for a span that rows will be added to.
 */
extern XsumSpan xsum_span_of(const ExactSum *sum, int margin);
/* Write sum's limbs in span's range to limb[0 .. span.n - 1]. */
extern void xsum_to_span(const ExactSum *sum, XsumSpan span, int64_t *limb);
/* Is a span as read from outside in range, normalised, with its top limb signed? */
extern bool xsum_span_is_valid(const XsumSpan *span, const int64_t *limb);

/*
 * Text form: "0" or [-]0x<hex digits>p<exponent>, the exact value
 * hex * 2^exponent, exponent >= -1074, without trailing zero digits; so the
 * same value always reads and writes the same text.
 */
extern void xsum_format(const ExactSum *sum, char *buf);
/*
 * Parse that form at str, setting *end past it.  Returns false for
 * malformed text or a value outside the accumulator's range.
 */
extern bool xsum_parse(const char *str, const char **end, ExactSum *sum);
/* Bits in the magnitude of the sum, in units of 2^-1074 (0 for zero). */
extern int	xsum_bit_length(const ExactSum *sum);
/* Is a normalised accumulator (as read from a binary message) in range? */
extern bool xsum_is_normalized(const ExactSum *sum);

/*
 * out[0 .. na + nb) += a[0 .. na) * b[0 .. nb), schoolbook, in 32-bit limbs
 * least significant first: the exact product of two magnitudes when out
 * starts zeroed.  out must not overlap a or b.
 */
static inline void
xent_limbs_multiply(const uint32_t *a, int na, const uint32_t *b, int nb,
					uint32_t *out)
{
	for (int i = 0; i < na; i++)
	{
		uint64_t	carry = 0;

		for (int j = 0; j < nb; j++)
		{
			uint64_t	t = (uint64_t) a[i] * b[j] + out[i + j] + carry;

			out[i + j] = (uint32_t) t;
			carry = t >> 32;
		}
		out[i + nb] = (uint32_t) carry;
	}
}

#endif							/* XENT_EXACT_SUM_H */
