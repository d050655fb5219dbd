/*
 * histograms.h
 *		Comparing two histograms of counts (xent 1.2): the plain-C core of
 *		auc, ks, wasserstein, chi2 and empty_bins, knowing nothing of
 *		PostgreSQL.
 *
 * Every statistic is a ratio of sums of products of the counts and their
 * exact (cumulative) sums.  Its numerator and denominator are formed exactly
 * as big integers (XentBig), each rounded once, and then divided: so a
 * difference of cumulative shares, F_p(k) - F_q(k) = (S_p(k) Q - S_q(k) P) /
 * (P Q), keeps its digits however close the shares are, and ks(p, c p) is
 * exactly 0 for any scale c.
 *
 * The counts given to the core are finite and >= 0 (the caller checks them,
 * and answers NaN for a NaN before calling it).  The caller feeds the counts
 * in chunks, in order, twice: once for the totals (xent_histogram_total),
 * then, after xent_histogram_begin, for the statistic
 * (xent_histogram_chunk), checking for interrupts between chunks.
 */
#ifndef XENT_HISTOGRAMS_H
#define XENT_HISTOGRAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exact_sum.h"

/*
 * A non-negative big integer times a power of two: the sum of
 * limb[i] * 2^(32 (lo + i)), times a scale the caller keeps track of
 * (2^-1074 for each factor that is an exact sum of doubles).  A product of
 * d such factors lies in limbs 0 .. d XSUM_LIMBS + d of that scale, whatever
 * their magnitudes: wide enough for chi2's numerator, the square of a
 * difference of two products of two factors.
 */
#define XENT_BIG_LIMBS (4 * XSUM_LIMBS + 8)

typedef struct XentBig
{
	int			lo;				/* power of 2^32 of limb[0] */
	int			n;				/* limbs in use; 0 for zero */
	uint32_t	limb[XENT_BIG_LIMBS];
} XentBig;

/*
 * An unsigned 128-bit integer aligned as a double: the scan is palloc'd,
 * and palloc aligns to 8 bytes, where __int128 would want 16.
 */
typedef unsigned __int128 XentUnits128 __attribute__((aligned(8)));

typedef enum XentHistogramStat
{
	XENT_AUC,					/* p the positives, q the negatives */
	XENT_KS,
	XENT_WASSERSTEIN,
	XENT_CHI2
} XentHistogramStat;

typedef struct XentHistogramScan
{
	XentHistogramStat stat;
	ExactSum	total_p;		/* the first pass: P and Q, once not in units */
	ExactSum	total_q;
	ExactSum	cum_p;			/* the second: the cumulative sums so far */
	ExactSum	cum_q;
	XentBig		big_p;			/* P and Q, exactly */
	XentBig		big_q;
	XentBig		den;			/* P Q (auc: 2 P Q) */
	XentBig		num;			/* ks: the largest |S_p Q - S_q P|; auc: the numerator */
	ExactSum	terms;			/* wasserstein and chi2: the sum of the terms */
	bool		infinite;		/* wasserstein: a share moves to an infinite bound */
	size_t		done;			/* counts of the second pass so far */
	/*
	 * The fast path: where every count is a whole number of units 2^unit and
	 * the totals in units are small enough (xent_histogram_begin), the sums
	 * and products are exact in 64- and 128-bit integers, and the numerator
	 * and denominator, each rounded once, are the very ones of the big
	 * integers: the same bits.  exact_only, set after xent_histogram_init,
	 * keeps to the big integers (for the fuzzer's comparison).
	 */
	bool		exact_only;
	bool		counting;		/* the first pass still has every count in units */
	bool		in_units;		/* the fast path is taken */
	int			unit;			/* the least exponent of a count's lowest bit */
	double		per_unit;		/* 2^-unit */
	uint64_t	units_p;		/* P and Q in units (while counting, so far) */
	uint64_t	units_q;
	uint64_t	cum_units_p;	/* the cumulative sums so far in units */
	uint64_t	cum_units_q;
	XentUnits128 units_num;		/* num and den in units */
	XentUnits128 units_den;
	/* wasserstein: its n + 1 bounds' widths come from the n bounds */
	const double *bounds;
	size_t		nbounds;
} XentHistogramScan;

extern void xent_histogram_init(XentHistogramScan *scan, XentHistogramStat stat,
								const double *bounds, size_t nbounds);
/* The first pass over a chunk of both histograms. */
extern void xent_histogram_total(XentHistogramScan *scan, const double *p,
								 const double *q, size_t n);
/* After the first pass: false where the statistic is NULL (a total is 0). */
extern bool xent_histogram_begin(XentHistogramScan *scan);
/* The second pass over a chunk, from the first element on. */
extern void xent_histogram_chunk(XentHistogramScan *scan, const double *p,
								 const double *q, size_t n);
extern double xent_histogram_finish(const XentHistogramScan *scan);

/* Bins empty on exactly one side (a NaN count is not empty). */
extern size_t xent_empty_bins(const double *p, const double *q, size_t n);

/*
 * The width wasserstein gives bin k of n + 1 (0-based) over n bounds: the
 * distance from the point of bin k to that of bin k + 1, for k < n.
 */
extern double xent_wasserstein_width(const double *bounds, size_t n, size_t k);

#endif							/* XENT_HISTOGRAMS_H */
