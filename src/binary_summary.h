/*
 * binary_summary.h
 *		The exact summary of a binary classifier's labelled predictions (the
 *		contract's "Scoring a binary classifier"): the log loss's summary
 *		(summary.h's, with its second moments, by its rules for weights and
 *		special values) and four exact sums more, sum w y, sum w p,
 *		sum w y^2 and sum w (y - p)^2, from which the Brier score, the base
 *		rate, the calibration ratio, normalized entropy and the D^2 scores
 *		are read.  Plain C: the binary_state type stores it, and the fuzzers
 *		drive it directly.
 *
 * Rules:
 *	- a row's loss is its BCE, formed by the caller (xent_bce from a
 *	  probability, xent_bce_logit from a logit, so that the log loss is the
 *	  mean-loss aggregates' to the bit), and enters the loss summary with
 *	  its weight as a loss_agg(loss, weight) row does (a v2 row that keeps
 *	  its moment);
 *	- a row of positive weight (1 without a weight) is counted, and adds
 *	  w y, w p, w y^2 and w (y - p)^2 exactly, each product split into
 *	  doubles with fma: y^2 = a + b, then w a and w b; y - p = s + e
 *	  exactly (a two-sum: y - p need not be a double), so
 *	  (y - p)^2 = s^2 + 2 s e + e^2, each product two doubles, each of those
 *	  times w two more.  Every split is exact unless a product falls within
 *	  2^53 of the least subnormal, where fma's remainder is rounded to a
 *	  multiple of 2^-1074 (as loss_state's products): still one value per
 *	  row, so every grouping gives the same bits;
 *	- a NaN label or probability is counted apart and adds nothing to the
 *	  sums it is in (the label to w y, w y^2 and the Brier sum; the
 *	  probability to w p and the Brier sum): each accessor is NaN where a
 *	  NaN is in one of its sums, as loss_state's mean is;
 *	- a row of weight 0 adds nothing but its row; a NaN weight is counted
 *	  apart and makes every accessor NaN.
 */
#ifndef XENT_BINARY_SUMMARY_H
#define XENT_BINARY_SUMMARY_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "exact_sum.h"
#include "stored_state.h"
#include "summary.h"

#define BINARY_FORMAT_VERSION 1

typedef struct BinaryCounts
{
	int64_t		positive;		/* rows of positive weight (1 without one) */
	int64_t		nan_labels;		/* ... whose label is NaN */
	int64_t		nan_probs;		/* ... whose probability is NaN */
} BinaryCounts;

typedef struct BinarySummary
{
	LossSummary loss;			/* the BCE of each row: weights, sum w l, moments */
	BinaryCounts b;
	ExactSum	label;			/* sum w y */
	ExactSum	prob;			/* sum w p */
	ExactSum	label_sq;		/* sum w y^2 */
	ExactSum	brier;			/* sum w (y - p)^2 */
} BinarySummary;

/* The sums, as stored_state.h numbers them: the loss summary's first. */
enum
{
	BINARY_LABEL_SUM = SUMMARY_SUMS,
	BINARY_PROB_SUM,
	BINARY_LABEL_SQ_SUM,
	BINARY_BRIER_SUM,
	BINARY_SUMS
};

/* The stored counts, in order: the loss summary's eight, then these three. */
typedef struct BinaryStoredCounts
{
	LossCounts	n;
	MomentCounts m;
	BinaryCounts b;
} BinaryStoredCounts;

#define BINARY_COUNTS (sizeof(BinaryStoredCounts) / sizeof(int64_t))

extern const StoredKind binary_kind;

/* What one row adds. */
typedef struct BinaryRow
{
	RowTerms	terms;			/* its counts for the loss summary, and every term */
	bool		positive;
	bool		nan_label;
	bool		nan_prob;
} BinaryRow;

/* w * x as exact terms of sum (x alone without a weight); a 0 adds none. */
static inline void
binary_add_weighted(StoredTerms *terms, int sum, double x, double w,
					bool weighted)
{
	double		product;

	if (x == 0.0)
		return;
	if (!weighted)
	{
		stored_terms_add(terms, sum, x);
		return;
	}
	product = w * x;
	stored_terms_add(terms, sum, product);
	stored_terms_add(terms, sum, fma(w, x, -product));
}

/* w * a * b: a * b split into two doubles, each times w. */
static inline void
binary_add_weighted_product(StoredTerms *terms, int sum, double a, double b,
							double w, bool weighted)
{
	double		product = a * b;

	binary_add_weighted(terms, sum, product, w, weighted);
	binary_add_weighted(terms, sum, fma(a, b, -product), w, weighted);
}

/*
 * The terms of this state's own four sums for a row of positive weight
 * (w ignored unless weighted): a NaN label or probability adds nothing to
 * the sums it is in.
 */
static inline void
binary_own_terms(double label, double prob, double w, bool weighted,
				 StoredTerms *terms)
{
	bool		nan_label = isnan(label);
	bool		nan_prob = isnan(prob);

	if (!nan_label)
	{
		binary_add_weighted(terms, BINARY_LABEL_SUM, label, w, weighted);
		binary_add_weighted_product(terms, BINARY_LABEL_SQ_SUM, label, label,
									w, weighted);
	}
	if (!nan_prob)
		binary_add_weighted(terms, BINARY_PROB_SUM, prob, w, weighted);
	if (!nan_label && !nan_prob)
	{
		/* y - p = s + e exactly (a two-sum), so (y - p)^2 = s^2 + 2se + e^2. */
		double		s = label - prob;
		double		back = s - label;
		double		e = (label - (s - back)) + (-prob - back);

		binary_add_weighted_product(terms, BINARY_BRIER_SUM, s, s, w,
									weighted);
		if (e != 0.0)
		{
			binary_add_weighted_product(terms, BINARY_BRIER_SUM, 2.0 * s, e,
										w, weighted);
			binary_add_weighted_product(terms, BINARY_BRIER_SUM, e, e, w,
										weighted);
		}
	}
}

/*
 * The row of a label and a probability in [0, 1] (or NaN) and the row's
 * loss; weight is ignored unless weighted.  SUMMARY_BAD_WEIGHT for a
 * negative or infinite weight, SUMMARY_PRODUCT_OVERFLOW where w * loss
 * overflows.
 */
extern SummaryStatus binary_row_terms(double label, double prob, double loss,
									  double weight, bool weighted,
									  BinaryRow *row);

extern void binary_init(BinarySummary *s);
extern void *binary_pack(const BinarySummary *s, int margin,
						 const StoredAlloc *mem);
extern void binary_unpack(const void *state, BinarySummary *s);

/*
 * A row in (sign 1) or out (sign -1) of stored bytes, *state replaced where
 * it must grow; a state merged in or out likewise.  On an error status
 * nothing was added; a removal that leaves what no rows can produce is
 * SUMMARY_NOT_HELD, the state then left changed (the caller raises an
 * error).
 */
extern SummaryStatus binary_state_add_row(void **state, const BinaryRow *row,
										  int sign, const StoredAlloc *mem);
extern SummaryStatus binary_state_merge(void **state, const void *other,
										int sign, const StoredAlloc *mem);

/*
 * Could rows produce this summary?  The loss summary's test (summary.h),
 * and: no -Infinity loss (a BCE is >= 0) and a loss sum >= 0; rows of
 * positive weight at least the unweighted rows and at most the rows of a
 * weight that is a number, none exactly when the total weight is 0 (and
 * then the four sums 0); NaN labels and probabilities each at most the
 * NaN losses, which are at most both together (a BCE is NaN exactly where
 * its label or probability is); each of the four sums within
 * [0, total weight] (y, p, y^2 and (y - p)^2 all lie in [0, 1]), give or
 * take 2^-1070 a row for the rounding of underflowing remainders.
 */
extern bool binary_is_possible(const BinarySummary *s);

/*
 * Accessors (the contract's formulas).  Each returns false where the
 * value is SQL NULL.
 */
extern bool binary_log_loss(const BinarySummary *s, double *value);
extern bool binary_std_error(const BinarySummary *s, double *value);
extern bool binary_brier(const BinarySummary *s, double *value);
extern bool binary_prevalence(const BinarySummary *s, double *value);
extern bool binary_mean_prediction(const BinarySummary *s, double *value);
extern bool binary_calibration_ratio(const BinarySummary *s, double *value);
extern bool binary_normalized_entropy(const BinarySummary *s, double *value);
extern bool binary_d2_log_loss(const BinarySummary *s, double *value);
extern bool binary_d2_brier(const BinarySummary *s, double *value);

/*
 * Text form: (v1,rows,weighted,NaN weights,NaN losses,+Infinity losses,
 * -Infinity losses,rows beyond,rows without moment,rows of positive
 * weight,NaN labels,NaN probabilities,weight sum,loss sum,squared weight
 * sum,squared loss sum,label sum,probability sum,squared label sum,Brier
 * sum), each sum in exact_sum.h's form.
 */
#define BINARY_TEXT_MAX (8 * XSUM_TEXT_MAX + 16 * 24)
extern void binary_format(const BinarySummary *s, char *buf);
/* As summary_parse(): *version the version the text names, else 0. */
extern bool binary_parse(const char *text, BinarySummary *s, int *version);

#endif							/* XENT_BINARY_SUMMARY_H */
