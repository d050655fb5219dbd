/*
 * binary_summary.c
 *		The exact summary of a binary classifier described in
 *		binary_summary.h.
 */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "binary_summary.h"
#include "exact_product.h"
#include "state_text.h"

const StoredKind binary_kind = {
	.version = BINARY_FORMAT_VERSION,
	.n_counts = BINARY_COUNTS,
	.n_sums = BINARY_SUMS
};

_Static_assert(sizeof(BinaryStoredCounts) ==
			   sizeof(LossCounts) + sizeof(MomentCounts) + sizeof(BinaryCounts),
			   "the stored counts are int64s without padding");

void
binary_init(BinarySummary *s)
{
	summary_init(&s->loss);
	memset(&s->b, 0, sizeof(s->b));
	xsum_init(&s->label);
	xsum_init(&s->prob);
	xsum_init(&s->label_sq);
	xsum_init(&s->brier);
}

SummaryStatus
binary_row_terms(double label, double prob, double loss, double weight,
				 bool weighted, BinaryRow *row)
{
	StoredTerms *terms = &row->terms.sums;
	SummaryStatus status = summary_row_terms(loss, weight, weighted,
											 &row->terms);

	if (status != SUMMARY_OK)
		return status;
	summary_row_moment_terms(loss, weight, &row->terms);
	row->positive = row->terms.special != ROW_NAN_WEIGHT &&
		(!weighted || weight > 0.0);
	row->nan_label = row->positive && isnan(label);
	row->nan_prob = row->positive && isnan(prob);
	if (row->positive)
		binary_own_terms(label, prob, weight, weighted, terms);
	return SUMMARY_OK;
}

/* The sums of s, as stored_state.h numbers them. */
static void
binary_sums(BinarySummary *s, ExactSum *sums[BINARY_SUMS])
{
	sums[SUMMARY_WEIGHT_SUM] = &s->loss.weight;
	sums[SUMMARY_LOSS_SUM] = &s->loss.loss;
	sums[SUMMARY_WEIGHT_SQ_SUM] = &s->loss.weight_sq;
	sums[SUMMARY_LOSS_SQ_SUM] = &s->loss.loss_sq;
	sums[BINARY_LABEL_SUM] = &s->label;
	sums[BINARY_PROB_SUM] = &s->prob;
	sums[BINARY_LABEL_SQ_SUM] = &s->label_sq;
	sums[BINARY_BRIER_SUM] = &s->brier;
}

void *
binary_pack(const BinarySummary *s, int margin, const StoredAlloc *mem)
{
	BinaryStoredCounts counts = {s->loss.n, s->loss.m, s->b};
	ExactSum   *sums[BINARY_SUMS];

	binary_sums((BinarySummary *) s, sums);
	return stored_pack(&binary_kind, &counts, (const ExactSum *const *) sums,
					   margin, mem);
}

void
binary_unpack(const void *state, BinarySummary *s)
{
	BinaryStoredCounts counts;
	ExactSum   *sums[BINARY_SUMS];

	binary_init(s);
	binary_sums(s, sums);
	stored_unpack(&binary_kind, state, &counts, sums);
	s->loss.n = counts.n;
	s->loss.m = counts.m;
	s->b = counts.b;
}

static BinaryStoredCounts *
state_counts(void *state)
{
	return (BinaryStoredCounts *) stored_counts(state);
}

/* After a removal, only a state that rows can still produce may leave. */
static SummaryStatus
check_after(const void *state, int sign)
{
	BinarySummary s;

	if (sign > 0)
		return SUMMARY_OK;
	binary_unpack(state, &s);
	return binary_is_possible(&s) ? SUMMARY_OK : SUMMARY_NOT_HELD;
}

/* b plus sign times other: false where a removal finds too few. */
static bool
add_own_counts(BinaryCounts *b, const BinaryCounts *other, int sign)
{
	b->positive += sign * other->positive;
	b->nan_labels += sign * other->nan_labels;
	b->nan_probs += sign * other->nan_probs;
	return b->positive >= 0 && b->nan_labels >= 0 && b->nan_probs >= 0;
}

/*
 * The loss summary's counts and these, plus sign times other's: the loss
 * summary's rules, then this state's own counts (a removal must find
 * them).  On failure nothing changes.
 */
static SummaryStatus
add_counts(BinaryStoredCounts *counts, const LossSummary *other_loss,
		   const BinaryCounts *other, int sign)
{
	LossSummary loss;
	BinaryCounts b = counts->b;
	SummaryStatus status;

	loss.n = counts->n;
	loss.m = counts->m;
	status = counts_add(&loss, other_loss, sign);
	if (status != SUMMARY_OK)
		return status;
	/* The rows did not overflow, nor can these counts, each at most its rows. */
	if (!add_own_counts(&b, other, sign))
		return SUMMARY_NOT_HELD;
	/* Each of this state's counts is at most its rows: none overflows. */
	counts->n = loss.n;
	counts->m = loss.m;
	counts->b = b;
	return SUMMARY_OK;
}

SummaryStatus
binary_state_add_row(void **state, const BinaryRow *row, int sign,
					 const StoredAlloc *mem)
{
	BinaryStoredCounts *counts = state_counts(*state);
	BinaryCounts b = counts->b;
	BinaryCounts mine = {row->positive, row->nan_label, row->nan_prob};
	LossSummary loss;
	SummaryStatus status;

	loss.n = counts->n;
	loss.m = counts->m;
	status = counts_add_row(&loss, &row->terms, sign);
	if (status != SUMMARY_OK)
		return status;
	if (!add_own_counts(&b, &mine, sign))
		return SUMMARY_NOT_HELD;
	counts->n = loss.n;
	counts->m = loss.m;
	counts->b = b;
	*state = stored_add_terms(&binary_kind, *state, &row->terms.sums, sign,
							  mem);
	return check_after(*state, sign);
}

SummaryStatus
binary_state_merge(void **state, const void *other, int sign,
				   const StoredAlloc *mem)
{
	const BinaryStoredCounts *theirs =
		(const BinaryStoredCounts *) stored_counts((void *) other);
	LossSummary other_loss;
	SummaryStatus status;

	other_loss.n = theirs->n;
	other_loss.m = theirs->m;
	status = add_counts(state_counts(*state), &other_loss, &theirs->b, sign);
	if (status != SUMMARY_OK)
		return status;
	*state = stored_merge(&binary_kind, *state, other, sign, mem);
	return check_after(*state, sign);
}

/* Is -slack <= sum <= bound + slack? */
static bool
within(const ExactSum *sum, const ExactSum *bound, double slack)
{
	ExactSum	t = *sum;

	xsum_add(&t, slack);
	if (xsum_sign(&t) < 0)
		return false;
	t = *bound;
	xsum_add(&t, slack);
	xsum_sub_sum(&t, sum);
	return xsum_sign(&t) >= 0;
}

bool
binary_is_possible(const BinarySummary *s)
{
	const LossCounts *n = &s->loss.n;
	const BinaryCounts *b = &s->b;
	const ExactSum *sums[] = {&s->label, &s->prob, &s->label_sq, &s->brier};
	ExactSum	total;
	double		slack;

	if (s->loss.version != SUMMARY_FORMAT_VERSION ||
		!summary_is_possible(&s->loss))
		return false;
	if (n->neg_inf != 0 || xsum_sign(&s->loss.loss) < 0)
		return false;
	/* Special losses are counted only for rows of positive weight. */
	if (b->positive < n->rows - n->weighted ||
		b->positive > n->rows - n->nan_weights ||
		n->nan_losses + n->pos_inf > b->positive)
		return false;
	if (b->nan_labels < 0 || b->nan_probs < 0 ||
		b->nan_labels > n->nan_losses || b->nan_probs > n->nan_losses ||
		n->nan_losses - b->nan_labels > b->nan_probs)
		return false;
	summary_total_weight_sum(&s->loss, &total);
	if ((xsum_sign(&total) == 0) != (b->positive == 0))
		return false;
	slack = ldexp((double) b->positive, -1070);
	for (int i = 0; i < 4; i++)
	{
		if (b->positive == 0 ? xsum_sign(sums[i]) != 0
			: !within(sums[i], &total, slack))
			return false;
	}
	return true;
}

/*
 * What every accessor but the log loss's shares: NULL for no rows or no
 * weight; NaN for a NaN weight, or where nan says a NaN is in the sums it
 * reads.  Returns 0 for NULL, 1 for *value set, 2 when the sums decide.
 */
static int
outcome(const BinarySummary *s, bool nan, double *value)
{
	if (s->loss.n.rows == 0)
		return 0;
	if (s->loss.n.nan_weights > 0)
	{
		*value = NAN;
		return 1;
	}
	if (s->b.positive == 0)
		return 0;
	if (nan)
	{
		*value = NAN;
		return 1;
	}
	return 2;
}

/*
 * sum / total weight, under outcome()'s rules: a mean of values in [0, 1],
 * so in [0, 1] (underflowing remainders, rounded to 2^-1074, may leave a
 * sum a hair outside; binary_is_possible() allows them).
 */
static bool
weighted_mean(const BinarySummary *s, const ExactSum *sum, bool nan,
			  double *value)
{
	ExactSum	total;
	int			result = outcome(s, nan, value);

	if (result < 2)
		return result == 1;
	summary_total_weight_sum(&s->loss, &total);
	*value = fmin(fmax(summary_quotient(sum, &total), 0.0), 1.0);
	return true;
}

bool
binary_log_loss(const BinarySummary *s, double *value)
{
	return summary_mean(&s->loss, value);
}

bool
binary_std_error(const BinarySummary *s, double *value)
{
	double		variance;

	return summary_variance(&s->loss, &variance, value);
}

bool
binary_prevalence(const BinarySummary *s, double *value)
{
	return weighted_mean(s, &s->label, s->b.nan_labels > 0, value);
}

bool
binary_mean_prediction(const BinarySummary *s, double *value)
{
	return weighted_mean(s, &s->prob, s->b.nan_probs > 0, value);
}

static bool
any_nan(const BinarySummary *s)
{
	return s->b.nan_labels > 0 || s->b.nan_probs > 0;
}

bool
binary_brier(const BinarySummary *s, double *value)
{
	return weighted_mean(s, &s->brier, any_nan(s), value);
}

bool
binary_calibration_ratio(const BinarySummary *s, double *value)
{
	int			result = outcome(s, any_nan(s), value);

	if (result < 2)
		return result == 1;
	if (xsum_sign(&s->label) <= 0)
		return false;
	*value = fmax(summary_quotient(&s->prob, &s->label), 0.0);
	return true;
}

/*
 * H_b(ybar) in nats, ybar = sum w y / sum w: false where ybar is 0 or 1.
 * ybar and 1 - ybar are each the quotient of exact sums (sum w (1 - y) =
 * sum w - sum w y, exactly), so neither loses digits near 0; the log of
 * the larger, at least 1/2, is log1p of minus the smaller, which keeps its
 * digits near 1.  Both terms are >= 0: no cancellation.  (An entropy
 * that rounds to 0 makes NE +Infinity: its true value is beyond the range.)
 */
static bool
base_rate_entropy(const BinarySummary *s, double *entropy)
{
	ExactSum	total;
	ExactSum	rest;
	double		a;
	double		b;

	summary_total_weight_sum(&s->loss, &total);
	rest = total;
	xsum_sub_sum(&rest, &s->label);
	if (xsum_sign(&s->label) <= 0 || xsum_sign(&rest) <= 0)
		return false;
	a = summary_quotient(&s->label, &total);
	b = summary_quotient(&rest, &total);
	if (a > b)
	{
		double		t = a;

		a = b;
		b = t;
	}
	/*
	 * A base rate within 2^-1074 or so of 0 or 1 (weights of very different
	 * magnitudes) rounds the smaller to 0, whose term is 0 * log 0 = 0.
	 */
	*entropy = (a == 0.0 ? 0.0 : 0.0 - a * log(a)) + (0.0 - b * log1p(-a));
	return true;
}

bool
binary_normalized_entropy(const BinarySummary *s, double *value)
{
	double		log_loss;
	double		entropy;

	if (!summary_mean(&s->loss, &log_loss))
		return false;
	if (isnan(log_loss))
	{
		*value = log_loss;
		return true;
	}
	if (!base_rate_entropy(s, &entropy))
		return false;
	*value = log_loss / entropy;
	return true;
}

bool
binary_d2_log_loss(const BinarySummary *s, double *value)
{
	if (!binary_normalized_entropy(s, value))
		return false;
	if (!isnan(*value) && s->b.positive < 2)
		return false;
	*value = 1.0 - *value;
	return true;
}

/*
 * 1 - brier / (mean(y^2) - ybar^2) = 1 - S0 B / (S0 Y2 - Y1^2), with
 * S0 = sum w, B = sum w (y - p)^2, Y1 = sum w y, Y2 = sum w y^2: the
 * reference's numerator formed exactly (exact_product.h), however much it
 * cancels, and the ratio of the products read with one rounding each.
 */
bool
binary_d2_brier(const BinarySummary *s, double *value)
{
	ExactSum	total;
	ScaledValue reference;
	ScaledValue brier;
	ScaledValue weight;
	int			result = outcome(s, any_nan(s), value);

	if (result < 2)
		return result == 1;
	if (s->b.positive < 2)
		return false;
	summary_total_weight_sum(&s->loss, &total);
	if (xprod_diff(&total, &s->label_sq, &s->label, &s->label,
				   &reference) <= 0)
		return false;
	/* Underflowing remainders may leave the Brier sum a hair below 0. */
	if (xprod_of_sum(&s->brier, &brier) < 0)
		brier.m = 0.0;
	(void) xprod_of_sum(&total, &weight);
	*value = 1.0 - scaled_value(scaled_div(scaled_mul(brier, weight),
										   reference));
	return true;
}

void
binary_format(const BinarySummary *s, char *buf)
{
	const ExactSum *sums[BINARY_SUMS] = {&s->loss.weight, &s->loss.loss,
		&s->loss.weight_sq, &s->loss.loss_sq, &s->label, &s->prob,
	&s->label_sq, &s->brier};
	const LossCounts *n = &s->loss.n;

	buf += sprintf(buf, "(v%d,%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64
				   ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64
				   ",%" PRId64 ",%" PRId64,
				   BINARY_FORMAT_VERSION, n->rows, n->weighted, n->nan_weights,
				   n->nan_losses, n->pos_inf, n->neg_inf, s->loss.m.beyond,
				   s->loss.m.no_moment, s->b.positive, s->b.nan_labels,
				   s->b.nan_probs);
	for (int i = 0; i < BINARY_SUMS; i++)
	{
		*buf++ = ',';
		xsum_format(sums[i], buf);
		buf += strlen(buf);
	}
	strcpy(buf, ")");
}

bool
binary_parse(const char *text, BinarySummary *s, int *version)
{
	const char *p = text;
	int64_t		v;
	BinaryStoredCounts counts;
	int64_t    *count = (int64_t *) &counts;
	ExactSum   *sums[BINARY_SUMS];

	binary_init(s);
	binary_sums(s, sums);
	*version = 0;
	if (!text_expect(&p, '(') || !text_expect(&p, 'v') ||
		!text_read_count(&p, &v))
		return false;
	*version = v > 0 && v <= SUMMARY_VERSION_NAMED_MAX ? (int) v : 0;
	if (v != BINARY_FORMAT_VERSION)
		return false;
	for (int i = 0; i < binary_kind.n_counts; i++)
		if (!text_expect(&p, ',') || !text_read_count(&p, &count[i]))
			return false;
	for (int i = 0; i < BINARY_SUMS; i++)
		if (!text_expect(&p, ',') || !text_read_sum(&p, sums[i]))
			return false;
	if (!text_expect(&p, ')'))
		return false;
	text_skip_space(&p);
	s->loss.n = counts.n;
	s->loss.m = counts.m;
	s->b = counts.b;
	return *p == '\0';
}
