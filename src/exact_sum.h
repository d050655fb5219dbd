/*
 * exact_sum.h
 *		An exact sum of doubles: a fixed-point accumulator (Kulisch's long
 *		accumulator) wide enough for every finite double, 2^-1074 to 2^1024,
 *		with 64 bits of headroom for carries.  Adding is exact, so adding and
 *		then subtracting a value restores the sum bit for bit, and the sum of
 *		the same values is the same in any order or grouping.
 *
 * The sum is sum over i of chunk[i] * 2^(32 i - 1074).  Each addition puts
 * less than 2^32 into at most three chunks; carries are propagated lazily,
 * once at most every 2^30 additions, so an int64 chunk never overflows.
 * Normalised, chunks 0 .. XSUM_CHUNKS-2 lie in [0, 2^32) and the top chunk
 * carries the sign: one representation per value.
 */
#ifndef XENT_EXACT_SUM_H
#define XENT_EXACT_SUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XSUM_CHUNK_BITS 32
#define XSUM_CHUNKS 68			/* 2176 bits: 2098 for a double, the rest headroom */
#define XSUM_MAX_PENDING (1 << 30)

/* Longest text xsum_format writes, with its terminating NUL. */
#define XSUM_TEXT_MAX 600

typedef struct ExactSum
{
	int64_t		chunk[XSUM_CHUNKS];
	int64_t		pending;		/* additions since the last normalisation */
} ExactSum;

extern void xsum_init(ExactSum *sum);
/* Add a finite double (the caller keeps infinities and NaN apart). */
extern void xsum_add(ExactSum *sum, double value);
extern void xsum_add_sum(ExactSum *sum, const ExactSum *other);
extern void xsum_normalize(ExactSum *sum);
/* The exact sum rounded once to the nearest double (ties to even); may be +-Infinity. */
extern double xsum_round(const ExactSum *sum);

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
