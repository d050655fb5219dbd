/*
 * summary.h
 *		The exact summary of a column of losses, each with a weight (1 when
 *		the row carried none): the rules by which a row enters it, merging and
 *		removing, what a summary that rows can produce looks like, the mean,
 *		total and total weight read from it, and its text form.  Plain C: the
 *		loss_state type stores a summary, and the fuzzers drive this directly.
 *
 * Rules (the contract's "Summaries" section):
 *	- a weight must be finite and >= 0; a NaN weight is counted apart and
 *	  makes the mean NaN; a row of weight 0 adds nothing but its row;
 *	- of a row with positive weight, a NaN, +Infinity or -Infinity loss is
 *	  counted apart; a finite one adds w * loss to an exact sum, as the two
 *	  doubles fl(w * loss) and fma(w, loss, -fl(w * loss)), both exactly (the
 *	  second is exact unless the product is within 2^53 of the least
 *	  subnormal, where it is rounded to 2^-1074);
 *	- the weights of weighted rows are summed exactly apart, so that the
 *	  total weight is (rows without a weight) + that sum.
 */
#ifndef XENT_SUMMARY_H
#define XENT_SUMMARY_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "exact_sum.h"
#include "stored_state.h"

/* The version of the text and binary forms this code writes. */
#define SUMMARY_FORMAT_VERSION 1

typedef struct LossCounts
{
	int64_t		rows;			/* every row summarised */
	int64_t		weighted;		/* rows that carried a weight; the others weigh 1 */
	int64_t		nan_weights;	/* rows whose weight is NaN */
	int64_t		nan_losses;		/* rows of positive weight whose loss is NaN */
	int64_t		pos_inf;		/* ... whose loss is +Infinity */
	int64_t		neg_inf;		/* ... whose loss is -Infinity */
} LossCounts;

typedef struct LossSummary
{
	LossCounts	n;
	ExactSum	weight;			/* the finite weights of weighted rows */
	ExactSum	loss;			/* w * loss, finite loss and positive weight */
} LossSummary;

typedef enum SummaryStatus
{
	SUMMARY_OK,
	SUMMARY_BAD_WEIGHT,			/* negative or infinite weight */
	SUMMARY_PRODUCT_OVERFLOW,	/* w * loss beyond the double range */
	SUMMARY_TOO_MANY_ROWS,		/* more rows than an int64 counts */
	SUMMARY_NOT_HELD,			/* removing what the summary cannot hold */
	SUMMARY_OUT_OF_RANGE		/* a total beyond the double range */
} SummaryStatus;

/* Which count a row bumps besides rows (and weighted). */
typedef enum RowSpecial
{
	ROW_FINITE,
	ROW_NAN_WEIGHT,
	ROW_NAN_LOSS,
	ROW_POS_INF,
	ROW_NEG_INF
} RowSpecial;

/* The summary's exact sums, as stored_state.h numbers them. */
enum
{
	SUMMARY_WEIGHT_SUM,			/* the finite weights of weighted rows */
	SUMMARY_LOSS_SUM,			/* w * loss */
	SUMMARY_SUMS
};

/* What one row adds: its counts, and exact terms for the two sums. */
typedef struct RowTerms
{
	bool		weighted;
	RowSpecial	special;
	StoredTerms sums;			/* the weight, and one or two terms of w * loss */
} RowTerms;

/* The terms of a row; weight is ignored unless weighted. */
extern SummaryStatus summary_row_terms(double loss, double weight,
									   bool weighted, RowTerms *terms);
/*
 * Add (sign 1) or remove (sign -1) a row's or a summary's counts.  On
 * failure the counts are left as they were.
 */
extern SummaryStatus counts_add_row(LossCounts *n, const RowTerms *terms,
									int sign);
extern SummaryStatus counts_add(LossCounts *n, const LossCounts *other,
								int sign);
/* The row's terms added to (or removed from) the sums. */
extern void summary_add_terms(LossSummary *s, const RowTerms *terms, int sign);

/*
 * loss_state's bytes: the stored layout (stored_state.h) of summary_kind,
 * six counts and two sums, spelt out as a struct for the inline paths.
 */
typedef struct LossStateBytes
{
	int32_t		vl_len_;		/* the host's length word (a varlena header) */
	uint8_t		version;		/* SUMMARY_FORMAT_VERSION */
	uint8_t		reserved[3];
	LossCounts	n;
	XsumSpan	weight;
	XsumSpan	loss;
	int64_t		limb[];			/* weight.n limbs, then loss.n */
} LossStateBytes;

extern const StoredKind summary_kind;

static inline int64_t *
summary_weight_limbs(LossStateBytes *state)
{
	return state->limb;
}

static inline int64_t *
summary_loss_limbs(LossStateBytes *state)
{
	return state->limb + state->weight.n;
}

/* The stored bytes of a summary, spans margin limbs wider than it needs. */
extern LossStateBytes *summary_pack(const LossSummary *s, int margin,
									const StoredAlloc *mem);
extern void summary_unpack(const LossStateBytes *state, LossSummary *s);

/*
 * Add (sign 1) or remove (sign -1) a row in stored bytes, *state replaced
 * where it must grow (stored_state.h).  On an error status the row was not
 * added; a removal that leaves what no rows can produce is SUMMARY_NOT_HELD,
 * the state then left changed (the caller raises an error).
 */
extern SummaryStatus summary_state_add_row(LossStateBytes **state,
										   double loss, double weight,
										   bool weighted, int sign,
										   const StoredAlloc *mem);
/* Merge sign * other into *state, with the same rules. */
extern SummaryStatus summary_state_merge(LossStateBytes **state,
										 const LossStateBytes *other,
										 int sign, const StoredAlloc *mem);

/*
 * The common row, unweighted with a finite loss, added or removed in place
 * when it lands inside the loss span: what every mean-loss aggregate does
 * per row, so it is inline.  Returns false, changing nothing, for any other
 * row or when the span cannot take it; the general path then decides.
 */
static inline bool
summary_spans_add_plain(LossCounts *n, XsumSpan *loss_span,
						int64_t *loss_limb, double loss, int sign)
{
	int			first;
	int64_t		part[3];

	if (!(loss - loss == 0.0))	/* NaN or infinite */
		return false;
	if (sign > 0 ? n->rows == INT64_MAX : n->rows == 0)
		return false;
	if (xsum_parts(loss, &first, part))
	{
		if (!xsum_span_holds(loss_span, first) ||
			loss_span->pending >= XSUM_MAX_PENDING - 3)
			return false;
		xsum_span_add_parts(loss_span, loss_limb, first, part, sign);
	}
	n->rows += sign;
	return true;
}

/*
 * The common weighted row, a finite loss of finite positive weight, added
 * in place when its three terms (the weight, w * loss and the product's
 * rounding error, as summary_row_terms() forms them) land inside the
 * spans.  Returns false, changing nothing, for any other row or when the
 * spans cannot take it; the general path then decides.  Only adds: a
 * removal must also check what is left.
 */
static inline bool
summary_spans_add_weighted(LossCounts *n,
						   XsumSpan *weight_span, int64_t *weight_limb,
						   XsumSpan *loss_span, int64_t *loss_limb,
						   double loss, double weight)
{
	double		product;
	double		error;
	int			weight_first;
	int			product_first;
	int			error_first;
	int64_t		weight_part[3];
	int64_t		product_part[3];
	int64_t		error_part[3];
	bool		has_product;
	bool		has_error;

	/* Both finite, the weight positive, and a product that is finite. */
	if (!(weight > 0.0 && weight - weight == 0.0 && loss - loss == 0.0))
		return false;
	product = weight * loss;
	if (!(product - product == 0.0))
		return false;
	if (n->rows == INT64_MAX ||
		weight_span->pending >= XSUM_MAX_PENDING - 3 ||
		loss_span->pending >= XSUM_MAX_PENDING - 3)
		return false;
	error = fma(weight, loss, -product);

	/* The weight is not zero: it has parts (and the other two may not). */
	if (!xsum_parts(weight, &weight_first, weight_part) ||
		!xsum_span_holds(weight_span, weight_first))
		return false;
	has_product = xsum_parts(product, &product_first, product_part);
	if (has_product && !xsum_span_holds(loss_span, product_first))
		return false;
	has_error = xsum_parts(error, &error_first, error_part);
	if (has_error && !xsum_span_holds(loss_span, error_first))
		return false;

	xsum_span_add_parts(weight_span, weight_limb, weight_first,
						weight_part, 1);
	if (has_product)
		xsum_span_add_parts(loss_span, loss_limb, product_first,
							product_part, 1);
	if (has_error)
		xsum_span_add_parts(loss_span, loss_limb, error_first, error_part, 1);
	n->rows++;
	n->weighted++;
	return true;
}

extern void summary_init(LossSummary *s);

/*
 * Could rows produce this summary?  Counts within each other, a weight sum
 * that its finite weights can reach, and a loss sum that its rows of finite
 * loss can reach: at most the total weight times the largest double, and
 * at most 2^1024 for each such row (a row adds the exact product w * loss,
 * which is below 2^1024 or an error).  Both bounds add up when summaries
 * merge, so every merge of possible summaries is possible too, and its
 * sums (below 2^63 rows times 2^1024) stay inside the accumulator.
 */
extern bool summary_is_possible(const LossSummary *s);
/* The part of it that the counts alone decide. */
extern bool summary_counts_possible(const LossCounts *n);

/*
 * A span whose limbs all lie below this one holds less than 2^910, whatever
 * carries its int64 limbs hold: far inside what one row of finite loss
 * allows.
 */
#define SUMMARY_SMALL_SPAN_END 60

/*
 * A quick sufficient test for stored bytes: no weights, a row of finite
 * loss, and a loss span below limb SUMMARY_SMALL_SPAN_END.  When it
 * says no, summary_is_possible() decides.
 */
static inline bool
summary_state_surely_possible(const LossStateBytes *state)
{
	const LossCounts *n = &state->n;

	return n->weighted == 0 && state->weight.n == 0 &&
		summary_counts_possible(n) &&
		n->rows - n->nan_losses - n->pos_inf - n->neg_inf >= 1 &&
		state->loss.lo + state->loss.n <= SUMMARY_SMALL_SPAN_END;
}

/* Accessors.  Each returns false where the value is SQL NULL. */
extern bool summary_mean(const LossSummary *s, double *mean);
extern bool summary_total(const LossSummary *s, double *total,
						  SummaryStatus *status);
extern double summary_total_weight(const LossSummary *s,
								   SummaryStatus *status);

/*
 * Text form: (v1,rows,weighted,NaN weights,NaN losses,+Infinity losses,
 * -Infinity losses,weight sum,loss sum), each sum in exact_sum.h's form.
 */
#define SUMMARY_TEXT_MAX (2 * XSUM_TEXT_MAX + 8 * 24)
extern void summary_format(const LossSummary *s, char *buf);
/*
 * Read the whole of text (spaces allowed around each field).  Returns false
 * for malformed text; *version is then the version it names (for an error
 * message that says which it is), or 0 for none or one above
 * SUMMARY_VERSION_NAMED_MAX (no format has such a number: the text is
 * malformed, not of a later release).
 */
#define SUMMARY_VERSION_NAMED_MAX 999
extern bool summary_parse(const char *text, LossSummary *s, int *version);

#endif							/* XENT_SUMMARY_H */
