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
 *	  counted apart; a finite one adds w * loss to an exact sum, formed
 *	  exactly in integers from the two mantissas (a product with bits below
 *	  2^-1074, which no limb holds, is added as the two doubles
 *	  fl(w * loss) and fma(w, loss, -fl(w * loss)), the second then rounded
 *	  to 2^-1074);
 *	- the weights of weighted rows are summed exactly apart, so that the
 *	  total weight is (rows without a weight) + that sum;
 *	- from format v2 on, a row that keeps its second moment (loss_agg's)
 *	  adds w^2 (weighted rows only: an unweighted row's is the 1 its row
 *	  counts) and w * loss^2 to two more exact sums, formed the same way
 *	  (where w * loss or w * loss^2 has bits below 2^-1074, w * loss^2 is
 *	  added as (fl(w * loss) + error) * loss, four doubles); a row whose
 *	  w * loss^2 is beyond the double range adds neither and is counted
 *	  apart (its variance is +Infinity), and a row whose w^2 is beyond it
 *	  keeps no moment.  The mean-loss aggregates' rows keep none (their
 *	  state stays in the v1 layout, which has no room for it), nor do
 *	  nll_agg's, nor the rows of a v1 state read as v2: the count of rows
 *	  without a moment makes the variance NULL.
 */
#ifndef XENT_SUMMARY_H
#define XENT_SUMMARY_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "exact_sum.h"
#include "stored_state.h"

/*
 * The version of the text and binary forms this code writes, and the
 * layout of the stored bytes of states that keep no moments.
 */
#define SUMMARY_FORMAT_VERSION 2
#define SUMMARY_V1 1

typedef struct LossCounts
{
	int64_t		rows;			/* every row summarised */
	int64_t		weighted;		/* rows that carried a weight; the others weigh 1 */
	int64_t		nan_weights;	/* rows whose weight is NaN */
	int64_t		nan_losses;		/* rows of positive weight whose loss is NaN */
	int64_t		pos_inf;		/* ... whose loss is +Infinity */
	int64_t		neg_inf;		/* ... whose loss is -Infinity */
} LossCounts;

/* The counts format v2 adds. */
typedef struct MomentCounts
{
	int64_t		beyond;			/* rows whose w * loss^2 is beyond the double range */
	int64_t		no_moment;		/* rows that keep no second moment */
} MomentCounts;

typedef struct LossSummary
{
	int			version;		/* the format it is read from and packs into */
	LossCounts	n;
	MomentCounts m;				/* right after n: v2 stores them as 8 counts */
	ExactSum	weight;			/* the finite weights of weighted rows */
	ExactSum	loss;			/* w * loss, finite loss and positive weight */
	ExactSum	weight_sq;		/* w^2 of weighted rows that keep a moment */
	ExactSum	loss_sq;		/* w * loss^2 of rows that keep a moment */
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

/* What a row adds to the second moments. */
typedef enum RowMoment
{
	MOMENT_KEPT,				/* its terms, if any */
	MOMENT_BEYOND,				/* w * loss^2 beyond the double range */
	MOMENT_NONE					/* a row that keeps no moment */
} RowMoment;

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
	SUMMARY_V1_SUMS,
	SUMMARY_WEIGHT_SQ_SUM = SUMMARY_V1_SUMS,	/* w^2 */
	SUMMARY_LOSS_SQ_SUM,		/* w * loss^2 */
	SUMMARY_SUMS
};

/* What one row adds: its counts, and exact terms for the two sums. */
typedef struct RowTerms
{
	bool		weighted;
	RowSpecial	special;
	RowMoment	moment;
	StoredTerms sums;			/* the weight, w * loss, and w^2, w * loss^2 */
} RowTerms;

/*
 * The terms of a row; weight is ignored unless weighted.  Its moment is
 * MOMENT_NONE; summary_row_moment_terms() adds the moment's terms to a
 * row that keeps one.
 */
extern SummaryStatus summary_row_terms(double loss, double weight,
									   bool weighted, RowTerms *terms);
extern void summary_row_moment_terms(double loss, double weight,
									 RowTerms *terms);

/*
 * Does a row of finite loss and finite positive weight (weighted) or
 * weight 1, whose w * loss is finite, keep its second moment?
 * MOMENT_BEYOND where w * loss^2, as fl(fl(w * loss) * loss), is beyond
 * the double range, MOMENT_NONE where fl(w^2) is.
 */
static inline RowMoment
summary_moment_of(double loss, double weight, bool weighted)
{
	double		product = weighted ? weight * loss : loss;
	double		loss_sq = product * loss;
	double		weight_sq = weight * weight;

	if (!(loss_sq - loss_sq == 0.0))
		return MOMENT_BEYOND;
	if (weighted && !(weight_sq - weight_sq == 0.0))
		return MOMENT_NONE;
	return MOMENT_KEPT;
}

/*
 * The exact products of such a row, formed in integers (exact_sum.h's
 * wide values), as the inline paths and the general one both add them:
 * w * loss (weighted rows), w^2 and w * loss^2.  Each returns false where
 * its product has bits below 2^-1074: the general path then adds that
 * product as doubles, as the rules above say, and the inline paths leave
 * the row to it.
 */
static inline bool
summary_loss_product(double loss, double weight, XsumWide *product)
{
	return xsum_product2(weight, loss, product);
}

static inline bool
summary_weight_square(double weight, XsumWide *square)
{
	return xsum_product2(weight, weight, square);
}

static inline bool
summary_loss_square(double loss, double weight, bool weighted,
					XsumWide *square)
{
	return weighted ? xsum_product3(weight, loss, square) :
		xsum_product2(loss, loss, square);
}

/*
 * Add (sign 1) or remove (sign -1) a row's or a summary's counts.  On
 * failure the counts are left as they were.
 */
extern SummaryStatus counts_add_row(LossSummary *s, const RowTerms *terms,
									int sign);
extern SummaryStatus counts_add(LossSummary *s, const LossSummary *other,
								int sign);
/* The row's terms added to (or removed from) the sums. */
extern void summary_add_terms(LossSummary *s, const RowTerms *terms, int sign);

/*
 * loss_state's bytes in format v1: the stored layout (stored_state.h) of
 * summary_kind_v1, six counts and two sums, spelt out as a struct for the
 * inline paths.  The mean-loss aggregates keep their states so; their
 * version byte says which layout a state's bytes have.
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

/*
 * Format v2's bytes (summary_kind): the same head, the two moment counts,
 * and four sums.
 */
typedef struct LossStateBytes2
{
	int32_t		vl_len_;
	uint8_t		version;		/* 2 */
	uint8_t		reserved[3];
	LossCounts	n;
	MomentCounts m;
	XsumSpan	weight;
	XsumSpan	loss;
	XsumSpan	weight_sq;
	XsumSpan	loss_sq;
	int64_t		limb[];			/* the four spans' limbs, in that order */
} LossStateBytes2;

extern const StoredKind summary_kind_v1;
extern const StoredKind summary_kind;

/* The kind of stored bytes, by their version byte (1 or 2). */
static inline const StoredKind *
summary_kind_of(const LossStateBytes *state)
{
	return state->version == SUMMARY_V1 ? &summary_kind_v1 : &summary_kind;
}

static inline int64_t *
summary_loss_limbs(LossStateBytes *state)
{
	return state->limb + state->weight.n;
}

/*
 * The stored bytes of a summary in the layout of its version, spans margin
 * limbs wider than it needs; unpacking v1 bytes gives a v2 summary.
 */
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
/*
 * The same for a row that keeps its second moment (loss_agg's): v1 bytes
 * become v2 first.
 */
extern SummaryStatus summary_state_add_moment_row(LossStateBytes **state,
												  double loss, double weight,
												  bool weighted, int sign,
												  const StoredAlloc *mem);
/*
 * Merge a summary of rows in or out (a v2 summary, as nll_agg forms a
 * row's), with the same rules.
 */
extern SummaryStatus summary_state_merge_summary(LossStateBytes **state,
												 const LossSummary *other,
												 int sign,
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
 * Are the spans of v2 bytes far enough from carries that a row's
 * additions (at most two a span) leave them as the general path would,
 * which normalises every span when any is this close?
 */
static inline bool
summary2_spans_have_room(const LossStateBytes2 *state)
{
	return state->weight.pending < XSUM_MAX_PENDING - 3 &&
		state->loss.pending < XSUM_MAX_PENDING - 3 &&
		state->weight_sq.pending < XSUM_MAX_PENDING - 3 &&
		state->loss_sq.pending < XSUM_MAX_PENDING - 3;
}

/*
 * summary_spans_add_plain() for v2 bytes, adding only: a row of finite
 * loss, its moment kept, in place when its terms (the loss, and loss^2
 * as summary_loss_square() forms it) land inside the spans.  Returns
 * false, changing nothing, otherwise; the general path then decides.
 */
static inline bool
summary2_spans_add_plain(LossStateBytes2 *state, double loss)
{
	int64_t    *loss_limb = state->limb + state->weight.n;
	int64_t    *lsq_limb = loss_limb + state->loss.n + state->weight_sq.n;
	XsumWide	square;
	int			first;
	int64_t		part[3];
	bool		has_loss;

	if (!(loss - loss == 0.0) || state->n.rows == INT64_MAX ||
		summary_moment_of(loss, 1.0, false) != MOMENT_KEPT ||
		!summary_loss_square(loss, 1.0, false, &square) ||
		!summary2_spans_have_room(state))
		return false;
	has_loss = xsum_parts(loss, &first, part);
	if ((has_loss && !xsum_span_holds(&state->loss, first)) ||
		!xsum_span_holds_wide(&state->loss_sq, &square))
		return false;
	if (has_loss)
		xsum_span_add_parts(&state->loss, loss_limb, first, part, 1);
	xsum_span_add_wide(&state->loss_sq, lsq_limb, &square, 1);
	state->n.rows++;
	return true;
}

/*
 * The same for a row of finite loss and finite positive weight: the
 * weight, and w * loss, w^2 and w * loss^2 as summary_loss_product() and
 * its neighbours form them.
 */
static inline bool
summary2_spans_add_weighted(LossStateBytes2 *state, double loss,
							double weight)
{
	int64_t    *weight_limb = state->limb;
	int64_t    *loss_limb = weight_limb + state->weight.n;
	int64_t    *sq_limb = loss_limb + state->loss.n;
	int64_t    *lsq_limb = sq_limb + state->weight_sq.n;
	double		product;
	XsumWide	loss_product;
	XsumWide	weight_sq;
	XsumWide	loss_sq;
	int			first;
	int64_t		part[3];

	if (!(weight > 0.0 && weight - weight == 0.0 && loss - loss == 0.0))
		return false;
	product = weight * loss;
	if (!(product - product == 0.0) || state->n.rows == INT64_MAX ||
		summary_moment_of(loss, weight, true) != MOMENT_KEPT ||
		!summary_loss_product(loss, weight, &loss_product) ||
		!summary_weight_square(weight, &weight_sq) ||
		!summary_loss_square(loss, weight, true, &loss_sq) ||
		!summary2_spans_have_room(state))
		return false;
	/* The weight is not zero: it has parts. */
	if (!xsum_parts(weight, &first, part) ||
		!xsum_span_holds(&state->weight, first) ||
		!xsum_span_holds_wide(&state->loss, &loss_product) ||
		!xsum_span_holds_wide(&state->weight_sq, &weight_sq) ||
		!xsum_span_holds_wide(&state->loss_sq, &loss_sq))
		return false;
	xsum_span_add_parts(&state->weight, weight_limb, first, part, 1);
	xsum_span_add_wide(&state->loss, loss_limb, &loss_product, 1);
	xsum_span_add_wide(&state->weight_sq, sq_limb, &weight_sq, 1);
	xsum_span_add_wide(&state->loss_sq, lsq_limb, &loss_sq, 1);
	state->n.rows++;
	state->n.weighted++;
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
/*
 * Format v2 adds: no more rows without a moment, and beyond, than rows;
 * moment sums >= 0 and below 2^1024 for each row that adds to them.  With
 * rows without a moment in a v2 state (nll_agg's add a completion's
 * negative log-likelihood and its units, not w * loss), a loss sum is
 * bounded only by 2^1024 for each row of finite loss.
 */
/* The part of it that the counts alone decide. */
extern bool summary_counts_possible(const LossCounts *n);

/*
 * A span whose limbs all lie below this one holds less than 2^910, whatever
 * carries its int64 limbs hold: far inside what one row of finite loss
 * allows.
 */
#define SUMMARY_SMALL_SPAN_END 60

/*
 * A quick sufficient test for stored bytes: v1, no weights, a row of finite
 * loss, and a loss span below limb SUMMARY_SMALL_SPAN_END.  When it
 * says no, summary_is_possible() decides.
 */
static inline bool
summary_state_surely_possible(const LossStateBytes *state)
{
	const LossCounts *n = &state->n;

	return state->version == SUMMARY_V1 &&
		n->weighted == 0 && state->weight.n == 0 &&
		summary_counts_possible(n) &&
		n->rows - n->nan_losses - n->pos_inf - n->neg_inf >= 1 &&
		state->loss.lo + state->loss.n <= SUMMARY_SMALL_SPAN_END;
}

/*
 * nll_agg's rows: one completion's token log-probabilities, scanned in
 * chunks (its negation summed exactly, NaN and -Infinity noted), then one
 * row that adds the exact negative sum to the loss sum and its units to
 * the weight, keeping no moment (summary_nll_row).
 */
typedef struct NllScan
{
	ExactSum	neg_sum;
	bool		nan;
	bool		neg_inf;
} NllScan;

extern void nll_scan_init(NllScan *scan);
/* Returns the index of the first element above 0 (or +Infinity), else n. */
extern size_t nll_scan_add(NllScan *scan, const double *logprob, size_t n);
/*
 * The row: SUMMARY_BAD_WEIGHT for units negative or infinite,
 * SUMMARY_OUT_OF_RANGE for a negative log-likelihood beyond the double
 * range.  NaN units count as a NaN weight; 0 units add only the row.
 */
extern SummaryStatus summary_nll_row(const NllScan *scan, double units,
									 LossSummary *row);

/*
 * Exact sums that state types' accessors share: a count as an exact sum,
 * and a summary's total weight (one per unweighted row plus the weights).
 */
extern void summary_count_sum(int64_t count, ExactSum *sum);
extern void summary_total_weight_sum(const LossSummary *s, ExactSum *total);
/*
 * num / den, each exact sum rounded once (both first scaled by the same
 * power of two where a rounded sum would overflow); den not 0.
 */
extern double summary_quotient(const ExactSum *num, const ExactSum *den);

/* Accessors.  Each returns false where the value is SQL NULL. */
extern bool summary_mean(const LossSummary *s, double *mean);
/*
 * The weighted sample variance of the losses and the standard error of
 * their mean (the contract's Uncertainty section): false where NULL.
 */
extern bool summary_variance(const LossSummary *s, double *variance,
							 double *std_error);
extern bool summary_total(const LossSummary *s, double *total,
						  SummaryStatus *status);
extern double summary_total_weight(const LossSummary *s,
								   SummaryStatus *status);

/*
 * Text form: (v2,rows,weighted,NaN weights,NaN losses,+Infinity losses,
 * -Infinity losses,rows beyond,rows without moment,weight sum,loss sum,
 * squared weight sum,squared loss sum), each sum in exact_sum.h's form;
 * v1's, which input reads too, has neither the two counts nor the two
 * sums after the loss sum.  Output writes v2, whatever the bytes' layout.
 */
#define SUMMARY_TEXT_MAX (4 * XSUM_TEXT_MAX + 12 * 24)
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
