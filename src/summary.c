/*
 * summary.c
 *		The exact loss summary described in summary.h.
 */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"

void
summary_init(LossSummary *s)
{
	memset(&s->n, 0, sizeof(s->n));
	xsum_init(&s->weight);
	xsum_init(&s->loss);
}

SummaryStatus
summary_row_terms(double loss, double weight, bool weighted, RowTerms *terms)
{
	double		product;

	terms->weighted = weighted;
	terms->special = ROW_FINITE;
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
		product = weight * loss;
		if (isinf(product))
			return SUMMARY_PRODUCT_OVERFLOW;
		stored_terms_add(&terms->sums, SUMMARY_LOSS_SUM, product);
		/* The product's rounding error, exactly: a fused multiply-add. */
		stored_terms_add(&terms->sums, SUMMARY_LOSS_SUM,
						 fma(weight, loss, -product));
	}
	return SUMMARY_OK;
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

SummaryStatus
counts_add_row(LossCounts *n, const RowTerms *terms, int sign)
{
	int64_t    *special = special_count(n, terms->special);

	if (sign > 0)
	{
		if (n->rows == INT64_MAX)
			return SUMMARY_TOO_MANY_ROWS;
	}
	else if (n->rows == 0 || (terms->weighted && n->weighted == 0) ||
			 (special && *special == 0))
		return SUMMARY_NOT_HELD;

	n->rows += sign;
	if (terms->weighted)
		n->weighted += sign;
	if (special)
		*special += sign;
	return SUMMARY_OK;
}

SummaryStatus
counts_add(LossCounts *n, const LossCounts *other, int sign)
{
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
	}
	else
	{
		result.rows = n->rows - other->rows;
		result.weighted = n->weighted - other->weighted;
		result.nan_weights = n->nan_weights - other->nan_weights;
		result.nan_losses = n->nan_losses - other->nan_losses;
		result.pos_inf = n->pos_inf - other->pos_inf;
		result.neg_inf = n->neg_inf - other->neg_inf;
		if (result.rows < 0 || result.weighted < 0 || result.nan_weights < 0 ||
			result.nan_losses < 0 || result.pos_inf < 0 || result.neg_inf < 0)
			return SUMMARY_NOT_HELD;
	}
	*n = result;
	return SUMMARY_OK;
}

/* The two sums of s, as stored_state.h numbers them. */
static void
summary_sums(LossSummary *s, ExactSum *sums[SUMMARY_SUMS])
{
	sums[SUMMARY_WEIGHT_SUM] = &s->weight;
	sums[SUMMARY_LOSS_SUM] = &s->loss;
}

void
summary_add_terms(LossSummary *s, const RowTerms *terms, int sign)
{
	ExactSum   *sums[SUMMARY_SUMS];

	summary_sums(s, sums);
	for (int i = 0; i < terms->sums.n; i++)
		xsum_add(sums[terms->sums.sum[i]], sign * terms->sums.value[i]);
}

const StoredKind summary_kind = {
	.version = SUMMARY_FORMAT_VERSION,
	.n_counts = sizeof(LossCounts) / sizeof(int64_t),
	.n_sums = SUMMARY_SUMS
};

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
			   offsetof(LossStateBytes, weight) + SUMMARY_SUMS * sizeof(XsumSpan),
			   "limbs after the spans");

LossStateBytes *
summary_pack(const LossSummary *s, int margin, const StoredAlloc *mem)
{
	const ExactSum *sums[SUMMARY_SUMS] = {&s->weight, &s->loss};

	return stored_pack(&summary_kind, &s->n, sums, margin, mem);
}

void
summary_unpack(const LossStateBytes *state, LossSummary *s)
{
	ExactSum   *sums[SUMMARY_SUMS];

	summary_sums(s, sums);
	stored_unpack(&summary_kind, state, &s->n, sums);
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

SummaryStatus
summary_state_add_row(LossStateBytes **state, double loss, double weight,
					  bool weighted, int sign, const StoredAlloc *mem)
{
	RowTerms	terms;
	SummaryStatus status = summary_row_terms(loss, weight, weighted, &terms);

	if (status == SUMMARY_OK)
		status = counts_add_row(&(*state)->n, &terms, sign);
	if (status != SUMMARY_OK)
		return status;
	*state = stored_add_terms(&summary_kind, *state, &terms.sums, sign, mem);
	return check_after(*state, sign);
}

SummaryStatus
summary_state_merge(LossStateBytes **state, const LossStateBytes *other,
					int sign, const StoredAlloc *mem)
{
	SummaryStatus status = counts_add(&(*state)->n, &other->n, sign);

	if (status != SUMMARY_OK)
		return status;
	*state = stored_merge(&summary_kind, *state, other, sign, mem);
	return check_after(*state, sign);
}

/* An exact sum holding a count, for bounds: < 2^63, two exact doubles. */
static void
count_sum(int64_t count, ExactSum *sum)
{
	xsum_init(sum);
	xsum_add(sum, (double) (count & ~(int64_t) 0xffffffff));
	xsum_add(sum, (double) (count & 0xffffffff));
}

/* The total weight, exactly: one per unweighted row, plus the weight sum. */
static void
total_weight_sum(const LossSummary *s, ExactSum *total)
{
	count_sum(s->n.rows - s->n.weighted, total);
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
	count_sum(finite_weights, &bound);
	if (!xsum_within(&s->weight, &bound, DBL_MAX))
		return false;

	/* A row of weight 0 counts no loss; with no weight at all, none does. */
	total_weight_sum(s, &total);
	if (xsum_sign(&total) == 0 && (specials > 0 || xsum_sign(&s->loss) != 0))
		return false;

	/* Only rows of finite loss add to the loss sum. */
	finite_losses = n->rows - n->nan_weights - specials;
	if (finite_losses == 0 && xsum_sign(&s->loss) != 0)
		return false;

	/*
	 * Unweighted, each of those rows adds at most the largest double.
	 * Weighted, |sum of w * loss| is at most (sum of those w) times the
	 * largest double, and each row's exact product is below 2^1024:
	 * |sum| <= 2 * rows * 2^1023.
	 */
	count_sum(finite_losses, &bound);
	if (n->weighted == 0)
		return xsum_within(&s->loss, &bound, DBL_MAX);
	if (!xsum_within(&s->loss, &total, DBL_MAX))
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
		total_weight_sum(s, &total);
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

bool
summary_mean(const LossSummary *s, double *mean)
{
	ExactSum	total;
	double		loss;
	double		weight;
	int			outcome = special_outcome(s, mean);

	if (outcome < 2)
		return outcome == 1;
	loss = xsum_round(&s->loss);
	if (s->n.weighted == 0)
		weight = (double) s->n.rows;	/* rounded once, as the exact sum would be */
	else
	{
		total_weight_sum(s, &total);
		weight = xsum_round(&total);
	}
	if (!(fabs(loss) < 0x1p1023 && weight < 0x1p1023))
	{
		/*
		 * A rounded sum would overflow though the mean need not: scale both
		 * by the same power of two first, which changes no bit of either
		 * rounding, so that the quotient is the same.
		 */
		int			loss_excess;
		int			weight_excess;
		int			scale;

		total_weight_sum(s, &total);
		loss_excess = xsum_bit_length(&s->loss) - OVERFLOW_BITS;
		weight_excess = xsum_bit_length(&total) - OVERFLOW_BITS;
		scale = loss_excess > weight_excess ? loss_excess : weight_excess;
		if (scale < 0)
			scale = 0;
		loss = xsum_round_scaled(&s->loss, scale);
		weight = xsum_round_scaled(&total, scale);
	}
	*mean = loss / weight;
	/* A mean of finite losses is at most the largest; only rounding could pass it. */
	if (isinf(*mean))
		*mean = copysign(DBL_MAX, *mean);
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
	total_weight_sum(s, &total);
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

	xsum_format(&s->weight, weight);
	xsum_format(&s->loss, loss);
	sprintf(buf, "(v%d,%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64
			",%" PRId64 ",%" PRId64 ",%s,%s)",
			SUMMARY_FORMAT_VERSION, s->n.rows, s->n.weighted,
			s->n.nan_weights, s->n.nan_losses, s->n.pos_inf, s->n.neg_inf,
			weight, loss);
}

/*
 * The reader never steps past the terminating NUL: every step looks at the
 * character it is on before moving.
 */
static void
skip_space(const char **p)
{
	while (isspace((unsigned char) **p))
		(*p)++;
}

static bool
expect(const char **p, char c)
{
	skip_space(p);
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

/* A non-negative int64 in decimal digits. */
static bool
read_count(const char **p, int64_t *value)
{
	char	   *end;

	skip_space(p);
	if (!isdigit((unsigned char) **p))
		return false;
	errno = 0;
	*value = strtoll(*p, &end, 10);
	if (errno != 0)
		return false;
	*p = end;
	return true;
}

static bool
read_sum(const char **p, ExactSum *sum)
{
	skip_space(p);
	return xsum_parse(*p, p, sum);
}

bool
summary_parse(const char *text, LossSummary *s, int *version)
{
	const char *p = text;
	int64_t		v;

	summary_init(s);
	*version = 0;
	if (!expect(&p, '(') || !expect(&p, 'v') || !read_count(&p, &v))
		return false;
	*version = v > 0 && v <= SUMMARY_VERSION_NAMED_MAX ? (int) v : 0;
	if (v != SUMMARY_FORMAT_VERSION)
		return false;
	if (!expect(&p, ',') || !read_count(&p, &s->n.rows) ||
		!expect(&p, ',') || !read_count(&p, &s->n.weighted) ||
		!expect(&p, ',') || !read_count(&p, &s->n.nan_weights) ||
		!expect(&p, ',') || !read_count(&p, &s->n.nan_losses) ||
		!expect(&p, ',') || !read_count(&p, &s->n.pos_inf) ||
		!expect(&p, ',') || !read_count(&p, &s->n.neg_inf) ||
		!expect(&p, ',') || !read_sum(&p, &s->weight) ||
		!expect(&p, ',') || !read_sum(&p, &s->loss) ||
		!expect(&p, ')'))
		return false;
	skip_space(&p);
	return *p == '\0';
}
