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
 * Where a finite double lands: its nonzero mantissa, signed, spread over
 * three consecutive limbs from *first.  Returns false for zero.
 */
static inline bool
xsum_parts(double value, int *first, int64_t part[3])
{
	uint64_t	bits;
	uint64_t	mantissa;
	uint64_t	low;
	int			exponent;
	int			shift;
	int64_t		sign;

	__builtin_memcpy(&bits, &value, sizeof(bits));
	exponent = (int) ((bits >> 52) & 0x7ff);
	mantissa = bits & (((uint64_t) 1 << 52) - 1);
	if (exponent != 0)
		mantissa |= (uint64_t) 1 << 52;
	else
		exponent = 1;			/* subnormal: same scale as the least normal */
	if (mantissa == 0)
		return false;

	/* value = +-mantissa * 2^(exponent - 1075): its lowest bit is unit 2^(exponent - 1). */
	shift = (exponent - 1) % XSUM_LIMB_BITS;
	*first = (exponent - 1) / XSUM_LIMB_BITS;
	sign = (bits >> 63) ? -1 : 1;
	/* The low 64 bits of mantissa << shift hold the first two parts. */
	low = mantissa << shift;
	part[0] = sign * (int64_t) (low & 0xffffffff);
	part[1] = sign * (int64_t) (low >> 32);
	part[2] = sign * (int64_t) ((mantissa >> 32) >> (32 - shift));
	return true;
}

extern void xsum_init(ExactSum *sum);
/* Add a finite double (the caller keeps infinities and NaN apart). */
extern void xsum_add(ExactSum *sum, double value);
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

/* Add a value's parts (xsum_parts), times sign, to a span that holds them. */
static inline void
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

#endif							/* XENT_EXACT_SUM_H */
