/*
 * summary.c
 *		The exact loss summary described in summary.h.
 */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exact_product.h"
#include "state_text.h"
#include "summary.h"

void
summary_init(LossSummary *s)
{
	s->version = SUMMARY_FORMAT_VERSION;
	memset(&s->n, 0, sizeof(s->n));
	memset(&s->m, 0, sizeof(s->m));
	xsum_init(&s->weight);
	xsum_init(&s->loss);
	xsum_init(&s->weight_sq);
	xsum_init(&s->loss_sq);
}

/*
 * Add a * b to sum number sum: the wide value *exact where it was formed
 * (formed), else as the doubles fl(a * b) and fma(a, b, -fl(a * b)), the
 * second rounded where it is below 2^-1074.
 */
static void
add_product(StoredTerms *terms, int sum, double a, double b,
			const XsumWide *exact, bool formed)
{
	double		product = a * b;

	if (formed)
	{
		stored_terms_add_wide(terms, sum, exact);
		return;
	}
	stored_terms_add(terms, sum, product);
	stored_terms_add(terms, sum, fma(a, b, -product));
}

SummaryStatus
summary_row_terms(double loss, double weight, bool weighted, RowTerms *terms)
{
	XsumWide	product;

	terms->weighted = weighted;
	terms->special = ROW_FINITE;
	terms->moment = MOMENT_NONE;
	terms->sums.n = 0;
	if (weighted)
	{
		if (isnan(weight))
		{
			terms->special = ROW_NAN_WEIGHT;
			return SUMMARY_OK;
		}
		if (weight < 0.0 || isinf(weight))
			return SUMMARY_BAD_WEIGHT;
		if (weight == 0.0)
			return SUMMARY_OK;	/* a row, and nothing else */
		stored_terms_add(&terms->sums, SUMMARY_WEIGHT_SUM, weight);
	}

	if (isnan(loss))
		terms->special = ROW_NAN_LOSS;
	else if (loss == INFINITY)
		terms->special = ROW_POS_INF;
	else if (loss == -INFINITY)
		terms->special = ROW_NEG_INF;
	else if (!weighted)
		stored_terms_add(&terms->sums, SUMMARY_LOSS_SUM, loss);
	else
	{
		if (isinf(weight * loss))
			return SUMMARY_PRODUCT_OVERFLOW;
		add_product(&terms->sums, SUMMARY_LOSS_SUM, weight, loss, &product,
					summary_loss_product(loss, weight, &product));
	}
	return SUMMARY_OK;
}

void
summary_row_moment_terms(double loss, double weight, RowTerms *terms)
{
	XsumWide	square;
	double		product;

	terms->moment = MOMENT_KEPT;
	/* Only a finite loss of positive weight adds terms. */
	if (terms->special != ROW_FINITE ||
		(terms->weighted && !(weight > 0.0)))
		return;
	terms->moment = summary_moment_of(loss, weight, terms->weighted);
	if (terms->moment != MOMENT_KEPT)
		return;
	if (!terms->weighted)
	{
		add_product(&terms->sums, SUMMARY_LOSS_SQ_SUM, loss, loss, &square,
					summary_loss_square(loss, 1.0, false, &square));
		return;
	}
	add_product(&terms->sums, SUMMARY_WEIGHT_SQ_SUM, weight, weight, &square,
				summary_weight_square(weight, &square));
	if (summary_loss_square(loss, weight, true, &square))
	{
		stored_terms_add_wide(&terms->sums, SUMMARY_LOSS_SQ_SUM, &square);
		return;
	}
	/* (fl(w * loss) + its error) * loss, each product as two doubles. */
	product = weight * loss;
	add_product(&terms->sums, SUMMARY_LOSS_SQ_SUM, product, loss, NULL, false);
	add_product(&terms->sums, SUMMARY_LOSS_SQ_SUM,
				fma(weight, loss, -product), loss, NULL, false);
}

static int64_t *
special_count(LossCounts *n, RowSpecial special)
{
	switch (special)
	{
		case ROW_NAN_WEIGHT:
			return &n->nan_weights;
		case ROW_NAN_LOSS:
			return &n->nan_losses;
		case ROW_POS_INF:
			return &n->pos_inf;
		case ROW_NEG_INF:
			return &n->neg_inf;
		case ROW_FINITE:
			break;
	}
	return NULL;
}

/* The count of rows with this moment, or NULL for rows that keep it. */
static int64_t *
moment_count(MomentCounts *m, RowMoment moment)
{
	switch (moment)
	{
		case MOMENT_BEYOND:
			return &m->beyond;
		case MOMENT_NONE:
			return &m->no_moment;
		case MOMENT_KEPT:
			break;
	}
	return NULL;
}

SummaryStatus
counts_add_row(LossSummary *s, const RowTerms *terms, int sign)
{
	LossCounts *n = &s->n;
	int64_t    *special = special_count(n, terms->special);
	int64_t    *moment = moment_count(&s->m, terms->moment);

	if (sign > 0)
	{
		if (n->rows == INT64_MAX)
			return SUMMARY_TOO_MANY_ROWS;
	}
	else if (n->rows == 0 || (terms->weighted && n->weighted == 0) ||
			 (special && *special == 0) || (moment && *moment == 0) ||
			 (!moment && n->rows == s->m.beyond + s->m.no_moment))
		return SUMMARY_NOT_HELD;

	n->rows += sign;
	if (terms->weighted)
		n->weighted += sign;
	if (special)
		*special += sign;
	if (moment)
		*moment += sign;
	return SUMMARY_OK;
}

SummaryStatus
counts_add(LossSummary *s, const LossSummary *other_summary, int sign)
{
	LossCounts *n = &s->n;
	const LossCounts *other = &other_summary->n;
	MomentCounts m;
	LossCounts	result;

	if (sign > 0)
	{
		if (__builtin_add_overflow(n->rows, other->rows, &result.rows))
			return SUMMARY_TOO_MANY_ROWS;
		/* Each of the others is at most its rows: none can overflow now. */
		result.weighted = n->weighted + other->weighted;
		result.nan_weights = n->nan_weights + other->nan_weights;
		result.nan_losses = n->nan_losses + other->nan_losses;
		result.pos_inf = n->pos_inf + other->pos_inf;
		result.neg_inf = n->neg_inf + other->neg_inf;
		m.beyond = s->m.beyond + other_summary->m.beyond;
		m.no_moment = s->m.no_moment + other_summary->m.no_moment;
	}
	else
	{
		result.rows = n->rows - other->rows;
		result.weighted = n->weighted - other->weighted;
		result.nan_weights = n->nan_weights - other->nan_weights;
		result.nan_losses = n->nan_losses - other->nan_losses;
		result.pos_inf = n->pos_inf - other->pos_inf;
		result.neg_inf = n->neg_inf - other->neg_inf;
		m.beyond = s->m.beyond - other_summary->m.beyond;
		m.no_moment = s->m.no_moment - other_summary->m.no_moment;
		if (result.rows < 0 || result.weighted < 0 || result.nan_weights < 0 ||
			result.nan_losses < 0 || result.pos_inf < 0 || result.neg_inf < 0 ||
			m.beyond < 0 || m.no_moment < 0 ||
			m.beyond + m.no_moment > result.rows)
			return SUMMARY_NOT_HELD;
	}
	*n = result;
	s->m = m;
	return SUMMARY_OK;
}

/* The sums of s, as stored_state.h numbers them. */
static void
summary_sums(LossSummary *s, ExactSum *sums[SUMMARY_SUMS])
{
	sums[SUMMARY_WEIGHT_SUM] = &s->weight;
	sums[SUMMARY_LOSS_SUM] = &s->loss;
	sums[SUMMARY_WEIGHT_SQ_SUM] = &s->weight_sq;
	sums[SUMMARY_LOSS_SQ_SUM] = &s->loss_sq;
}

void
summary_add_terms(LossSummary *s, const RowTerms *terms, int sign)
{
	ExactSum   *sums[SUMMARY_SUMS];

	summary_sums(s, sums);
	for (int i = 0; i < terms->sums.n; i++)
		stored_term_add_to(&terms->sums, i, sums[terms->sums.sum[i]], sign);
}

const StoredKind summary_kind_v1 = {
	.version = SUMMARY_V1,
	.n_counts = sizeof(LossCounts) / sizeof(int64_t),
	.n_sums = SUMMARY_V1_SUMS
};

const StoredKind summary_kind = {
	.version = SUMMARY_FORMAT_VERSION,
	.n_counts = (sizeof(LossCounts) + sizeof(MomentCounts)) / sizeof(int64_t),
	.n_sums = SUMMARY_SUMS
};

/* v2's counts are n and m, unpacked together. */
_Static_assert(offsetof(LossSummary, m) ==
			   offsetof(LossSummary, n) + sizeof(LossCounts),
			   "the moment counts right after the counts");
_Static_assert(offsetof(LossStateBytes2, m) == STORED_HEAD + sizeof(LossCounts),
			   "v2's moment counts after the counts");
_Static_assert(offsetof(LossStateBytes2, weight) ==
			   STORED_HEAD + sizeof(LossCounts) + sizeof(MomentCounts),
			   "v2's spans after the counts");
_Static_assert(offsetof(LossStateBytes2, limb) ==
			   offsetof(LossStateBytes2, weight) + SUMMARY_SUMS * sizeof(XsumSpan),
			   "v2's limbs after the spans");

/* The struct spells out the stored layout of summary_kind. */
_Static_assert(sizeof(LossCounts) == 6 * sizeof(int64_t),
			   "LossCounts is six int64 counts");
_Static_assert(offsetof(LossStateBytes, version) == STORED_VERSION_OFFSET,
			   "version where the stored layout has it");
_Static_assert(offsetof(LossStateBytes, n) == STORED_HEAD,
			   "counts where the stored layout has them");
_Static_assert(offsetof(LossStateBytes, weight) == STORED_HEAD + 6 * sizeof(int64_t),
			   "spans after the counts");
_Static_assert(offsetof(LossStateBytes, loss) ==
			   offsetof(LossStateBytes, weight) + sizeof(XsumSpan),
			   "the loss span after the weight span");
_Static_assert(offsetof(LossStateBytes, limb) ==
			   offsetof(LossStateBytes, weight) + SUMMARY_V1_SUMS * sizeof(XsumSpan),
			   "limbs after the spans");

LossStateBytes *
summary_pack(const LossSummary *s, int margin, const StoredAlloc *mem)
{
	const ExactSum *sums[SUMMARY_SUMS] = {&s->weight, &s->loss,
	&s->weight_sq, &s->loss_sq};

	return stored_pack(s->version == SUMMARY_V1 ? &summary_kind_v1 : &summary_kind,
					   &s->n, sums, margin, mem);
}

void
summary_unpack(const LossStateBytes *state, LossSummary *s)
{
	ExactSum   *sums[SUMMARY_SUMS];

	summary_init(s);
	summary_sums(s, sums);
	s->version = state->version;
	stored_unpack(summary_kind_of(state), state, &s->n, sums);
	/* A v1 state's rows keep no moment. */
	if (s->version == SUMMARY_V1)
		s->m.no_moment = s->n.rows;
}

/* The counts of stored bytes (v1's rows keep no moment). */
static void
state_counts(const LossStateBytes *state, LossSummary *counts)
{
	counts->n = state->n;
	if (state->version == SUMMARY_V1)
	{
		counts->m.beyond = 0;
		counts->m.no_moment = state->n.rows;
	}
	else
		counts->m = ((const LossStateBytes2 *) state)->m;
}

/* Store counts into bytes of their layout. */
static void
set_state_counts(LossStateBytes *state, const LossSummary *counts)
{
	state->n = counts->n;
	if (state->version != SUMMARY_V1)
		((LossStateBytes2 *) state)->m = counts->m;
}

/*
 * New v2 bytes, with room for rows, holding state's sums plus sign times
 * other's (if any) and a row's terms (if any), and the counts given: how
 * v1 bytes become v2, in one allocation.
 */
static LossStateBytes *
as_v2(const LossStateBytes *state, const LossSummary *counts,
	  const LossSummary *other, const RowTerms *terms, int sign,
	  const StoredAlloc *mem)
{
	LossSummary s;

	summary_unpack(state, &s);
	s.version = SUMMARY_FORMAT_VERSION;
	s.n = counts->n;
	s.m = counts->m;
	if (other)
	{
		void		(*add) (ExactSum *, const ExactSum *) =
			sign > 0 ? xsum_add_sum : xsum_sub_sum;

		add(&s.weight, &other->weight);
		add(&s.loss, &other->loss);
		add(&s.weight_sq, &other->weight_sq);
		add(&s.loss_sq, &other->loss_sq);
	}
	if (terms)
		summary_add_terms(&s, terms, sign);
	return summary_pack(&s, STORED_GROWTH_MARGIN, mem);
}

/*
 * After a removal (sign -1), only a state that rows can still produce may
 * leave: else SUMMARY_NOT_HELD.
 */
static SummaryStatus
check_after(const LossStateBytes *state, int sign)
{
	LossSummary s;

	if (sign > 0 || summary_state_surely_possible(state))
		return SUMMARY_OK;
	summary_unpack(state, &s);
	return summary_is_possible(&s) ? SUMMARY_OK : SUMMARY_NOT_HELD;
}

/*
 * A row in or out of stored bytes; moments says whether it keeps its
 * second moment (and v1 bytes then become v2).
 */
static SummaryStatus
state_add_row(LossStateBytes **state, double loss, double weight,
			  bool weighted, bool moments, int sign, const StoredAlloc *mem)
{
	RowTerms	terms;
	LossSummary counts;
	SummaryStatus status = summary_row_terms(loss, weight, weighted, &terms);

	if (status != SUMMARY_OK)
		return status;
	/*
	 * A v1 state holds no moment to take out: a row leaves it as it would
	 * have left it in 1.1, and it stays v1.
	 */
	if (moments && !(sign < 0 && (*state)->version == SUMMARY_V1))
		summary_row_moment_terms(loss, weight, &terms);
	/* The counts, checked and updated apart from the bytes, then stored. */
	state_counts(*state, &counts);
	status = counts_add_row(&counts, &terms, sign);
	if (status != SUMMARY_OK)
		return status;
	if (moments && (*state)->version == SUMMARY_V1 && sign > 0)
		*state = as_v2(*state, &counts, NULL, &terms, sign, mem);
	else
	{
		set_state_counts(*state, &counts);
		*state = stored_add_terms(summary_kind_of(*state), *state,
								  &terms.sums, sign, mem);
	}
	return check_after(*state, sign);
}

SummaryStatus
summary_state_add_row(LossStateBytes **state, double loss, double weight,
					  bool weighted, int sign, const StoredAlloc *mem)
{
	return state_add_row(state, loss, weight, weighted, false, sign, mem);
}

SummaryStatus
summary_state_add_moment_row(LossStateBytes **state, double loss,
							 double weight, bool weighted, int sign,
							 const StoredAlloc *mem)
{
	return state_add_row(state, loss, weight, weighted, true, sign, mem);
}

/*
 * Two v1 states merge as v1 (the mean-loss aggregates' parallel plans);
 * any other pair as v2.
 */
SummaryStatus
summary_state_merge(LossStateBytes **state, const LossStateBytes *other,
					int sign, const StoredAlloc *mem)
{
	LossSummary mine;
	LossSummary theirs;
	SummaryStatus status;

	state_counts(*state, &mine);
	state_counts(other, &theirs);
	status = counts_add(&mine, &theirs, sign);
	if (status != SUMMARY_OK)
		return status;
	if ((*state)->version != other->version)
	{
		summary_unpack(other, &theirs);
		*state = as_v2(*state, &mine, &theirs, NULL, sign, mem);
	}
	else
	{
		set_state_counts(*state, &mine);
		*state = stored_merge(summary_kind_of(*state), *state, other, sign,
							  mem);
	}
	return check_after(*state, sign);
}

SummaryStatus
summary_state_merge_summary(LossStateBytes **state, const LossSummary *other,
							int sign, const StoredAlloc *mem)
{
	LossSummary counts;
	SummaryStatus status;

	state_counts(*state, &counts);
	status = counts_add(&counts, other, sign);
	if (status != SUMMARY_OK)
		return status;
	*state = as_v2(*state, &counts, other, NULL, sign, mem);
	return check_after(*state, sign);
}

void
nll_scan_init(NllScan *scan)
{
	xsum_init(&scan->neg_sum);
	scan->nan = false;
	scan->neg_inf = false;
}

size_t
nll_scan_add(NllScan *scan, const double *logprob, size_t n)
{
	for (size_t i = 0; i < n; i++)
	{
		double		x = logprob[i];

		if (x > 0.0)
			return i;
		if (x - x == 0.0)
			xsum_add(&scan->neg_sum, -x);
		else if (isnan(x))
			scan->nan = true;
		else
			scan->neg_inf = true;
	}
	return n;
}

SummaryStatus
summary_nll_row(const NllScan *scan, double units, LossSummary *row)
{
	summary_init(row);
	row->n.rows = 1;
	row->n.weighted = 1;
	row->m.no_moment = 1;
	if (isnan(units))
	{
		row->n.nan_weights = 1;
		return SUMMARY_OK;
	}
	if (units < 0.0 || isinf(units))
		return SUMMARY_BAD_WEIGHT;
	if (units == 0.0)
		return SUMMARY_OK;		/* a row, and nothing else */
	xsum_add(&row->weight, units);
	if (scan->nan)
		row->n.nan_losses = 1;
	else if (scan->neg_inf)
		row->n.pos_inf = 1;
	else if (isinf(xsum_round(&scan->neg_sum)))
		return SUMMARY_OUT_OF_RANGE;
	else
		xsum_add_sum(&row->loss, &scan->neg_sum);
	return SUMMARY_OK;
}

/* An exact sum holding a count, for bounds: < 2^63, two exact doubles. */
void
summary_count_sum(int64_t count, ExactSum *sum)
{
	xsum_init(sum);
	xsum_add(sum, (double) (count & ~(int64_t) 0xffffffff));
	xsum_add(sum, (double) (count & 0xffffffff));
}

/* The total weight, exactly: one per unweighted row, plus the weight sum. */
void
summary_total_weight_sum(const LossSummary *s, ExactSum *total)
{
	summary_count_sum(s->n.rows - s->n.weighted, total);
	xsum_add_sum(total, &s->weight);
}

bool
summary_counts_possible(const LossCounts *n)
{
	if (n->rows < 0 || n->weighted < 0 || n->nan_weights < 0 ||
		n->nan_losses < 0 || n->pos_inf < 0 || n->neg_inf < 0 ||
		n->weighted > n->rows || n->nan_weights > n->weighted)
		return false;
	/* The rows whose weight is a number, and of those the non-finite losses. */
	return n->nan_losses <= n->rows - n->nan_weights &&
		n->pos_inf <= n->rows - n->nan_weights - n->nan_losses &&
		n->neg_inf <= n->rows - n->nan_weights - n->nan_losses - n->pos_inf;
}

/* Is |sum| < 2^1024 for each of rows rows, and sum >= 0? */
static bool
below_per_row(const ExactSum *sum, int64_t rows)
{
	ExactSum	bound;

	if (xsum_sign(sum) < 0)
		return false;
	summary_count_sum(rows, &bound);
	xsum_add_sum(&bound, &bound);
	return xsum_within(sum, &bound, 0x1p1023);
}

/*
 * The moments' counts and sums: rows beyond the range are rows of finite
 * loss, and only rows that keep a moment (at most the rows neither beyond
 * nor without one) add to the moment sums, each less than 2^1024; w^2
 * only weighted ones.  A v1 state has none.
 */
static bool
moments_possible(const LossSummary *s, int64_t finite_losses)
{
	const MomentCounts *m = &s->m;
	int64_t		kept;

	if (s->version == SUMMARY_V1)
		return m->beyond == 0 && m->no_moment == s->n.rows &&
			xsum_sign(&s->weight_sq) == 0 && xsum_sign(&s->loss_sq) == 0;
	if (m->beyond < 0 || m->no_moment < 0 || m->beyond > finite_losses ||
		m->no_moment > s->n.rows - m->beyond)
		return false;
	kept = s->n.rows - m->beyond - m->no_moment;
	return below_per_row(&s->loss_sq, kept) &&
		below_per_row(&s->weight_sq, kept < s->n.weighted ? kept : s->n.weighted);
}

bool
summary_is_possible(const LossSummary *s)
{
	const LossCounts *n = &s->n;
	int64_t		finite_weights;
	int64_t		finite_losses;
	int64_t		specials;
	ExactSum	bound;
	ExactSum	total;

	if (!summary_counts_possible(n))
		return false;
	specials = n->nan_losses + n->pos_inf + n->neg_inf;

	/* Weights are >= 0 and each at most the largest double. */
	finite_weights = n->weighted - n->nan_weights;
	if (xsum_sign(&s->weight) < 0)
		return false;
	summary_count_sum(finite_weights, &bound);
	if (!xsum_within(&s->weight, &bound, DBL_MAX))
		return false;

	/* A row of weight 0 counts no loss; with no weight at all, none does. */
	summary_total_weight_sum(s, &total);
	if (xsum_sign(&total) == 0 && (specials > 0 || xsum_sign(&s->loss) != 0))
		return false;

	/* Only rows of finite loss add to the loss sum. */
	finite_losses = n->rows - n->nan_weights - specials;
	if (finite_losses == 0 && xsum_sign(&s->loss) != 0)
		return false;

	if (!moments_possible(s, finite_losses))
		return false;

	/*
	 * Unweighted, each of those rows adds at most the largest double.
	 * Weighted, |sum of w * loss| is at most (sum of those w) times the
	 * largest double, and each row's exact product is below 2^1024:
	 * |sum| <= 2 * rows * 2^1023.  A v2 state's rows without a moment may
	 * be nll_agg's, which add a loss below 2^1024 whatever their units.
	 */
	summary_count_sum(finite_losses, &bound);
	if (n->weighted == 0)
		return xsum_within(&s->loss, &bound, DBL_MAX);
	if (!(s->version != SUMMARY_V1 && s->m.no_moment > 0) &&
		!xsum_within(&s->loss, &total, DBL_MAX))
		return false;
	xsum_add_sum(&bound, &bound);
	return xsum_within(&s->loss, &bound, 0x1p1023);
}

/* Bits of a sum above 2^-1074, beyond which a double would overflow. */
#define OVERFLOW_BITS (1074 + 1023)

/*
 * What the mean and the total share: NULL for no rows or no weight; NaN for
 * a NaN weight, a NaN loss, or +Infinity and -Infinity together; else an
 * infinite loss.  Returns 0 for NULL, 1 for *value set, 2 when the finite
 * sums decide.  Without weights the total weight is the row count, and the
 * exact sums of the weights are not formed at all.
 */
static int
special_outcome(const LossSummary *s, double *value)
{
	const LossCounts *n = &s->n;
	ExactSum	total;

	if (n->rows == 0)
		return 0;
	if (n->nan_weights > 0)
	{
		*value = NAN;
		return 1;
	}
	if (n->weighted > 0)
	{
		summary_total_weight_sum(s, &total);
		if (xsum_sign(&total) == 0)
			return 0;
	}
	if (n->nan_losses > 0 || (n->pos_inf > 0 && n->neg_inf > 0))
		*value = NAN;
	else if (n->pos_inf > 0)
		*value = INFINITY;
	else if (n->neg_inf > 0)
		*value = -INFINITY;
	else
		return 2;
	return 1;
}

double
summary_quotient(const ExactSum *num, const ExactSum *den)
{
	double		n = xsum_round(num);
	double		d = xsum_round(den);

	if (!(fabs(n) < 0x1p1023 && fabs(d) < 0x1p1023))
	{
		/*
		 * A rounded sum would overflow though the quotient need not: scale
		 * both by the same power of two first, which changes no bit of
		 * either rounding, so that the quotient is the same.
		 */
		int			num_excess = xsum_bit_length(num) - OVERFLOW_BITS;
		int			den_excess = xsum_bit_length(den) - OVERFLOW_BITS;
		int			scale = num_excess > den_excess ? num_excess : den_excess;

		if (scale < 0)
			scale = 0;
		n = xsum_round_scaled(num, scale);
		d = xsum_round_scaled(den, scale);
	}
	return n / d;
}

bool
summary_mean(const LossSummary *s, double *mean)
{
	ExactSum	total;
	double		loss;
	int			outcome = special_outcome(s, mean);

	if (outcome < 2)
		return outcome == 1;
	loss = xsum_round(&s->loss);
	/* Without weights the total weight is the row count, rounded once. */
	if (s->n.weighted == 0 && fabs(loss) < 0x1p1023)
		*mean = loss / (double) s->n.rows;
	else
	{
		summary_total_weight_sum(s, &total);
		*mean = summary_quotient(&s->loss, &total);
	}
	/* A mean of finite losses is at most the largest; only rounding could pass it. */
	if (isinf(*mean))
		*mean = copysign(DBL_MAX, *mean);
	return true;
}

/*
 * With S0 = sum w, S1 = sum w l, S2 = sum w l^2 and Q = sum w^2, the
 * variance sum w (l - m)^2 / (S0 - Q / S0) is (S0 S2 - S1^2) / (S0^2 - Q):
 * both differences are formed exactly (exact_product.h), so losses that
 * agree in all but their last digits keep their variance's digits, and
 * then divided, each read rounded once.  The standard error of the mean
 * is sqrt(variance Q / S0^2).  A numerator below 0 is possible only where
 * products underflowed past 2^-1074 (exact_sum.h): the variance is then 0.
 */
bool
summary_variance(const LossSummary *s, double *variance, double *std_error)
{
	double		mean;
	ExactSum	total;
	ExactSum	squares;
	ExactSum	one;
	ScaledValue numerator;
	ScaledValue denominator;
	ScaledValue q;
	ScaledValue s0;
	ScaledValue v;

	if (!summary_mean(s, &mean))
		return false;
	if (isnan(mean))
	{
		*variance = *std_error = NAN;
		return true;
	}
	if (isinf(mean) || s->m.beyond > 0)
	{
		*variance = *std_error = INFINITY;
		return true;
	}
	if (s->m.no_moment > 0)
		return false;
	summary_total_weight_sum(s, &total);
	summary_count_sum(s->n.rows - s->n.weighted, &squares);
	xsum_add_sum(&squares, &s->weight_sq);
	xsum_init(&one);
	xsum_add(&one, 1.0);
	if (xprod_diff(&total, &total, &squares, &one, &denominator) <= 0)
		return false;			/* fewer than two rows of positive weight */
	if (xprod_diff(&total, &s->loss_sq, &s->loss, &s->loss, &numerator) < 0)
		numerator.m = 0.0;
	v = scaled_div(numerator, denominator);
	*variance = scaled_value(v);
	(void) xprod_of_sum(&squares, &q);
	(void) xprod_of_sum(&total, &s0);
	*std_error = scaled_value(scaled_sqrt(scaled_div(scaled_mul(v, q),
													 scaled_mul(s0, s0))));
	return true;
}

bool
summary_total(const LossSummary *s, double *total, SummaryStatus *status)
{
	int			outcome = special_outcome(s, total);

	*status = SUMMARY_OK;
	if (outcome < 2)
		return outcome == 1;
	*total = xsum_round(&s->loss);
	if (isinf(*total))
		*status = SUMMARY_OUT_OF_RANGE;
	return true;
}

double
summary_total_weight(const LossSummary *s, SummaryStatus *status)
{
	ExactSum	total;
	double		result;

	*status = SUMMARY_OK;
	if (s->n.nan_weights > 0)
		return NAN;
	summary_total_weight_sum(s, &total);
	result = xsum_round(&total);
	if (isinf(result))
		*status = SUMMARY_OUT_OF_RANGE;
	return result;
}

void
summary_format(const LossSummary *s, char *buf)
{
	char		weight[XSUM_TEXT_MAX];
	char		loss[XSUM_TEXT_MAX];
	char		weight_sq[XSUM_TEXT_MAX];
	char		loss_sq[XSUM_TEXT_MAX];

	xsum_format(&s->weight, weight);
	xsum_format(&s->loss, loss);
	xsum_format(&s->weight_sq, weight_sq);
	xsum_format(&s->loss_sq, loss_sq);
	sprintf(buf, "(v%d,%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64
			",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%s,%s,%s,%s)",
			SUMMARY_FORMAT_VERSION, s->n.rows, s->n.weighted,
			s->n.nan_weights, s->n.nan_losses, s->n.pos_inf, s->n.neg_inf,
			s->m.beyond, s->m.no_moment, weight, loss, weight_sq, loss_sq);
}

bool
summary_parse(const char *text, LossSummary *s, int *version)
{
	const char *p = text;
	int64_t		v;

	summary_init(s);
	*version = 0;
	if (!text_expect(&p, '(') || !text_expect(&p, 'v') || !text_read_count(&p, &v))
		return false;
	*version = v > 0 && v <= SUMMARY_VERSION_NAMED_MAX ? (int) v : 0;
	if (v != SUMMARY_V1 && v != SUMMARY_FORMAT_VERSION)
		return false;
	s->version = (int) v;
	if (!text_expect(&p, ',') || !text_read_count(&p, &s->n.rows) ||
		!text_expect(&p, ',') || !text_read_count(&p, &s->n.weighted) ||
		!text_expect(&p, ',') || !text_read_count(&p, &s->n.nan_weights) ||
		!text_expect(&p, ',') || !text_read_count(&p, &s->n.nan_losses) ||
		!text_expect(&p, ',') || !text_read_count(&p, &s->n.pos_inf) ||
		!text_expect(&p, ',') || !text_read_count(&p, &s->n.neg_inf))
		return false;
	if (v == SUMMARY_V1)
		s->m.no_moment = s->n.rows;
	else if (!text_expect(&p, ',') || !text_read_count(&p, &s->m.beyond) ||
			 !text_expect(&p, ',') || !text_read_count(&p, &s->m.no_moment))
		return false;
	if (!text_expect(&p, ',') || !text_read_sum(&p, &s->weight) ||
		!text_expect(&p, ',') || !text_read_sum(&p, &s->loss))
		return false;
	if (v != SUMMARY_V1 &&
		(!text_expect(&p, ',') || !text_read_sum(&p, &s->weight_sq) ||
		 !text_expect(&p, ',') || !text_read_sum(&p, &s->loss_sq)))
		return false;
	if (!text_expect(&p, ')'))
		return false;
	text_skip_space(&p);
	return *p == '\0';
}
