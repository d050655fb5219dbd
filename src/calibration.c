/*
 * calibration.c
 *		The exact calibration summary described in calibration.h.
 */
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calibration.h"
#include "core.h"

/* Bits of a sum above 2^-1074 beyond which its rounding could overflow. */
#define ROUNDING_BITS (1074 + 1023)

StoredKind
calibration_kind(int n)
{
	StoredKind	kind = {
		.version = CALIBRATION_FORMAT_VERSION,
		.n_counts = CALIBRATION_HEAD_COUNTS + 2 * n + 1,
		.n_sums = CALIBRATION_SUMS_PER_BIN * (n + 1)
	};

	return kind;
}

_Static_assert(CALIBRATION_SUMS_PER_BIN * (CALIBRATION_MAX_BOUNDS + 1) <= STORED_MAX_SUMS,
			   "the most bins fit in a stored state");

int
calibration_n_bounds(const void *state)
{
	return (int) stored_counts((void *) state)[0];
}

const double *
calibration_bounds(const void *state)
{
	return (const double *) (stored_counts((void *) state) + CALIBRATION_HEAD_COUNTS);
}

static int64_t *
nan_rows(void *state)
{
	return stored_counts(state) + 1;
}

static int64_t *
bin_rows(void *state, int n)
{
	return stored_counts(state) + CALIBRATION_HEAD_COUNTS + n;
}

bool
calibration_layout_is_valid(const void *state, size_t size)
{
	int64_t		n;
	StoredKind	kind;

	if (size < STORED_HEAD + sizeof(int64_t))
		return false;
	n = stored_counts((void *) state)[0];
	if (n < 1 || n > CALIBRATION_MAX_BOUNDS)
		return false;
	kind = calibration_kind((int) n);
	return stored_layout_is_valid(&kind, state, size);
}

size_t
calibration_size(const void *state)
{
	StoredKind	kind = calibration_kind(calibration_n_bounds(state));

	return stored_size(&kind, stored_spans(&kind, (void *) state));
}

size_t
calibration_bounds_bad(const double *bounds, int n)
{
	size_t		i = xent_bounds_first_unordered(bounds, n);

	return i == (size_t) n ? 0 : i + 1;
}

/*
 * Every row compares its bounds with its state's: the same bytes, which
 * memcmp() tells at a fraction of the cost of a loop, are the same bounds;
 * other bytes may still be equal values (0 and -0).
 */
bool
calibration_same_bounds(const double *a, int na, const double *b, int nb)
{
	if (na != nb)
		return false;
	if (memcmp(a, b, sizeof(double) * na) == 0)
		return true;
	for (int i = 0; i < na; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

size_t
calibration_bins_size(int n)
{
	return sizeof(CalibrationBin) * (n + 1);
}

/* Where the bin's three spans and the limbs of the first of them are. */
static int64_t *
bin_limbs(const StoredKind *kind, void *state, int k)
{
	return stored_limbs(kind, state, CALIBRATION_SUMS_PER_BIN * k);
}

/*
 * Calls fn for every bin with its rows and its sums unpacked, walking the
 * limbs once; stops where fn returns false, and returns what it returned.
 */
typedef bool (*BinVisitor) (int k, int64_t rows, const ExactSum sum[3],
							void *arg);

static bool
visit_bins(const void *state, BinVisitor fn, void *arg)
{
	void	   *s = (void *) state;
	int			n = calibration_n_bounds(state);
	StoredKind	kind = calibration_kind(n);
	const XsumSpan *spans = stored_spans(&kind, s);
	const int64_t *limb = bin_limbs(&kind, s, 0);
	const int64_t *rows = bin_rows(s, n);
	ExactSum	sum[CALIBRATION_SUMS_PER_BIN];

	for (int k = 0; k <= n; k++)
	{
		for (int j = 0; j < CALIBRATION_SUMS_PER_BIN; j++)
		{
			const XsumSpan *span = &spans[CALIBRATION_SUMS_PER_BIN * k + j];

			xsum_init(&sum[j]);
			xsum_add_span(&sum[j], span, limb, 1);
			limb += span->n;
		}
		if (!fn(k, rows[k], sum, arg))
			return false;
	}
	return true;
}

static void *
pack_counts_and_sums(int n, const int64_t *counts, const ExactSum *const *sums,
					 int margin, const StoredAlloc *mem)
{
	StoredKind	kind = calibration_kind(n);

	return stored_pack(&kind, counts, sums, margin, mem);
}

/* The counts of a state with these bounds and NaN rows, the bins' rows after. */
static void
head_counts(int n, int64_t nan, const double *bounds, int64_t *counts)
{
	counts[0] = n;
	counts[1] = nan;
	memcpy(counts + CALIBRATION_HEAD_COUNTS, bounds, sizeof(double) * n);
}

void *
calibration_new(const double *bounds, int n, const StoredAlloc *mem)
{
	int64_t		counts[CALIBRATION_HEAD_COUNTS + 2 * CALIBRATION_MAX_BOUNDS + 1] = {0};
	const ExactSum *sums[STORED_MAX_SUMS];
	ExactSum	zero;

	xsum_init(&zero);
	head_counts(n, 0, bounds, counts);
	for (int i = 0; i < CALIBRATION_SUMS_PER_BIN * (n + 1); i++)
		sums[i] = &zero;
	return pack_counts_and_sums(n, counts, sums, STORED_GROWTH_MARGIN, mem);
}

void *
calibration_pack(const Calibration *c, int margin, const StoredAlloc *mem)
{
	int64_t		counts[CALIBRATION_HEAD_COUNTS + 2 * CALIBRATION_MAX_BOUNDS + 1];
	const ExactSum *sums[STORED_MAX_SUMS];

	head_counts(c->n, c->nan_rows, c->bounds, counts);
	for (int k = 0; k <= c->n; k++)
	{
		counts[CALIBRATION_HEAD_COUNTS + c->n + k] = c->bin[k].rows;
		for (int j = 0; j < CALIBRATION_SUMS_PER_BIN; j++)
			sums[CALIBRATION_SUMS_PER_BIN * k + j] = &c->bin[k].sum[j];
	}
	return pack_counts_and_sums(c->n, counts, sums, margin, mem);
}

static bool
unpack_bin(int k, int64_t rows, const ExactSum sum[3], void *arg)
{
	CalibrationBin *bin = &((Calibration *) arg)->bin[k];

	bin->rows = rows;
	memcpy(bin->sum, sum, sizeof(bin->sum));
	return true;
}

void
calibration_unpack(const void *state, Calibration *c)
{
	c->n = calibration_n_bounds(state);
	c->nan_rows = *nan_rows((void *) state);
	memcpy(c->bounds, calibration_bounds(state), sizeof(double) * c->n);
	visit_bins(state, unpack_bin, c);
}

/*
 * Could rows have left these in a bin: 0 <= Σ w <= rows times the largest
 * double (rows rounded up, so the bound is never below the true one), and
 * 0 <= Σ w p, Σ w y <= Σ w?
 */
static bool
bin_is_possible(int k, int64_t rows, const ExactSum sum[3],
				void *arg __attribute__((unused)))
{
	const ExactSum *weight = &sum[CALIBRATION_WEIGHT_SUM];
	ExactSum	bound;

	xsum_init(&bound);
	if (rows > 0)
		xsum_add(&bound, nextafter((double) rows, INFINITY));
	if (rows < 0 || xsum_sign(weight) < 0 ||
		!xsum_within(weight, &bound, DBL_MAX))
		return false;
	for (int j = CALIBRATION_PROB_SUM; j <= CALIBRATION_LABEL_SUM; j++)
		if (xsum_sign(&sum[j]) < 0 || !xsum_within(&sum[j], weight, 1.0))
			return false;
	(void) k;
	return true;
}

/* Counts >= 0, and NaN rows at most the rows of the bins. */
static bool
counts_are_possible(const void *state)
{
	void	   *s = (void *) state;
	int			n = calibration_n_bounds(state);
	const int64_t *rows = bin_rows(s, n);
	int64_t		nan = *nan_rows(s);
	int64_t		left = nan;

	if (nan < 0)
		return false;
	for (int k = 0; k <= n; k++)
	{
		if (rows[k] < 0)
			return false;
		left -= left < rows[k] ? left : rows[k];
	}
	return left == 0;
}

bool
calibration_state_is_possible(const void *state)
{
	int			n = calibration_n_bounds(state);

	return n >= 1 && n <= CALIBRATION_MAX_BOUNDS &&
		calibration_bounds_bad(calibration_bounds(state), n) == 0 &&
		counts_are_possible(state) &&
		visit_bins(state, bin_is_possible, NULL);
}

/* One bin's sums, unpacked from stored bytes. */
static bool
bin_state_is_possible(void *state, int k)
{
	int			n = calibration_n_bounds(state);
	StoredKind	kind = calibration_kind(n);
	const XsumSpan *spans = stored_spans(&kind, state);
	const int64_t *limb = bin_limbs(&kind, state, k);
	ExactSum	sum[CALIBRATION_SUMS_PER_BIN];

	for (int j = 0; j < CALIBRATION_SUMS_PER_BIN; j++)
	{
		const XsumSpan *span = &spans[CALIBRATION_SUMS_PER_BIN * k + j];

		xsum_init(&sum[j]);
		xsum_add_span(&sum[j], span, limb, 1);
		limb += span->n;
	}
	return bin_is_possible(k, bin_rows(state, n)[k], sum, NULL) &&
		counts_are_possible(state);
}

/* w * x as exact terms: x itself unweighted, else the product's two doubles. */
static void
add_product(StoredTerms *terms, int sum, double w, double x, bool weighted)
{
	double		product;

	if (!weighted)
	{
		stored_terms_add(terms, sum, x);
		return;
	}
	/* w is finite and x in [0, 1]: the product is finite. */
	product = w * x;
	stored_terms_add(terms, sum, product);
	stored_terms_add(terms, sum, fma(w, x, -product));
}

/*
 * Add the terms in place when each lands inside its span (the common row,
 * at a cost independent of the number of bins); false, changing nothing,
 * when one does not.
 */
static bool
add_in_place(const StoredKind *kind, void *state, const StoredTerms *terms,
			 int sign)
{
	XsumSpan   *spans = stored_spans(kind, state);
	int			first[STORED_MAX_TERMS];
	int64_t		part[STORED_MAX_TERMS][3];
	bool		has[STORED_MAX_TERMS];
	int			at_sum = 0;
	int64_t    *at_limb = stored_limbs(kind, state, 0);

	for (int i = 0; i < terms->n; i++)
	{
		const XsumSpan *span = &spans[terms->sum[i]];

		has[i] = xsum_parts(terms->value[i], &first[i], part[i]);
		if (span->pending >= XSUM_MAX_PENDING - 3 ||
			(has[i] && !xsum_span_holds(span, first[i])))
			return false;
	}
	for (int i = 0; i < terms->n; i++)
		if (has[i])
			xsum_span_add_parts(&spans[terms->sum[i]],
								stored_limbs_walk(kind, state, terms->sum[i],
												  &at_sum, &at_limb),
								first[i], part[i], sign);
	return true;
}

CalibrationStatus
calibration_add_row(void **state, double label, double prob, double weight,
					bool weighted, int sign, const StoredAlloc *mem)
{
	int			n = calibration_n_bounds(*state);
	StoredKind	kind = calibration_kind(n);
	int			k;
	bool		is_nan;
	int64_t    *rows;
	int64_t    *nan;
	StoredTerms terms;

	if (!isnan(label) && !(label >= 0.0 && label <= 1.0))
		return CALIBRATION_BAD_LABEL;
	if (!isnan(prob) && !(prob >= 0.0 && prob <= 1.0))
		return CALIBRATION_BAD_PROB;
	if (weighted && !isnan(weight) && !(weight >= 0.0 && weight < INFINITY))
		return CALIBRATION_BAD_WEIGHT;
	is_nan = isnan(label) || isnan(prob) || (weighted && isnan(weight));

	k = (int) xent_bin(calibration_bounds(*state), n, prob);
	rows = &bin_rows(*state, n)[k];
	nan = nan_rows(*state);
	if (sign > 0 ? *rows == INT64_MAX || (is_nan && *nan == INT64_MAX)
		: *rows == 0 || (is_nan && *nan == 0))
		return sign > 0 ? CALIBRATION_TOO_MANY_ROWS : CALIBRATION_NOT_HELD;
	*rows += sign;
	if (is_nan)
		*nan += sign;

	terms.n = 0;
	if (!is_nan && (!weighted || weight > 0.0))
	{
		int			sum = CALIBRATION_SUMS_PER_BIN * k;
		double		w = weighted ? weight : 1.0;

		stored_terms_add(&terms, sum + CALIBRATION_WEIGHT_SUM, w);
		add_product(&terms, sum + CALIBRATION_PROB_SUM, w, prob, weighted);
		add_product(&terms, sum + CALIBRATION_LABEL_SUM, w, label, weighted);
	}
	if (!add_in_place(&kind, *state, &terms, sign))
		*state = stored_add_terms(&kind, *state, &terms, sign, mem);
	if (sign < 0 && !bin_state_is_possible(*state, k))
		return CALIBRATION_NOT_HELD;
	return CALIBRATION_OK;
}

CalibrationStatus
calibration_merge(void **state, const void *other, int sign,
				  const StoredAlloc *mem)
{
	int			n = calibration_n_bounds(*state);
	StoredKind	kind = calibration_kind(n);
	int64_t    *counts = stored_counts(*state) + 1;
	const int64_t *other_counts = stored_counts((void *) other) + 1;
	int64_t		merged[1 + CALIBRATION_MAX_BOUNDS + 1];

	if (!calibration_same_bounds(calibration_bounds(*state), n,
								 calibration_bounds(other),
								 calibration_n_bounds(other)))
		return CALIBRATION_OTHER_BOUNDS;
	/* The NaN rows, then the bins' rows (the bounds between are skipped). */
	for (int i = 0; i < n + 2; i++)
	{
		int			at = i == 0 ? 0 : n + i;

		if (sign > 0 ? __builtin_add_overflow(counts[at], other_counts[at], &merged[i])
			: __builtin_sub_overflow(counts[at], other_counts[at], &merged[i]))
			return CALIBRATION_TOO_MANY_ROWS;
		if (merged[i] < 0)
			return CALIBRATION_NOT_HELD;
	}
	for (int i = 0; i < n + 2; i++)
		counts[i == 0 ? 0 : n + i] = merged[i];
	*state = stored_merge(&kind, *state, other, sign, mem);
	if (sign < 0 && !calibration_state_is_possible(*state))
		return CALIBRATION_NOT_HELD;
	return CALIBRATION_OK;
}

/* num / den, each rounded once, both first scaled alike where one would overflow. */
static int
common_scale(const ExactSum *num, const ExactSum *den)
{
	int			num_bits = xsum_bit_length(num);
	int			den_bits = xsum_bit_length(den);
	int			excess = (num_bits > den_bits ? num_bits : den_bits) - ROUNDING_BITS;

	return excess > 0 ? excess : 0;
}

static double
ratio(const ExactSum *num, const ExactSum *den)
{
	int			scale = common_scale(num, den);

	return xsum_round_scaled(num, scale) / xsum_round_scaled(den, scale);
}

/* A value as the sum of two doubles, hi the nearest to it. */
typedef struct DoubleDouble
{
	double		hi;
	double		lo;
} DoubleDouble;

/*
 * The exact sum times 2^-scale to about 106 bits (to 53 when scaled: a
 * total weight beyond 2^1023 leaves precision for no finer difference).
 */
static DoubleDouble
double_double(const ExactSum *sum, int scale)
{
	DoubleDouble d = {xsum_round_scaled(sum, scale), 0.0};

	if (scale == 0)
	{
		ExactSum	rest = *sum;

		xsum_add(&rest, -d.hi);
		d.lo = xsum_round(&rest);
	}
	return d;
}

/* num / den to about 100 bits, for differences of ratios without cancellation. */
static DoubleDouble
precise_ratio(const ExactSum *num, const ExactSum *den)
{
	int			scale = common_scale(num, den);
	DoubleDouble a = double_double(num, scale);
	DoubleDouble b = double_double(den, scale);
	DoubleDouble q;
	double		residual;

	q.hi = a.hi / b.hi;
	/* a.hi - q.hi * b.hi exactly, then what the low parts add. */
	residual = fma(-q.hi, b.hi, a.hi);
	residual = (residual + a.lo) - q.hi * b.lo;
	q.lo = residual / b.hi;
	return q;
}

/*
 * Σ share[i] x[i]², summed exactly after scaling by the largest |x[i]|, so
 * that gaps below 1e-154 do not underflow when squared: the largest, times
 * itself, times that sum.
 */
static double
mean_square(const double *share, const double *x, int n)
{
	ExactSum	acc;
	double		top = 0.0;

	for (int i = 0; i < n; i++)
		if (fabs(x[i]) > top)
			top = fabs(x[i]);
	if (top == 0.0)
		return 0.0;
	xsum_init(&acc);
	for (int i = 0; i < n; i++)
	{
		double		y = x[i] / top;

		xsum_add(&acc, share[i] * (y * y));
	}
	return xsum_round(&acc) * top * top;
}

/* The same, its square root, without forming the square of the largest. */
static double
root_mean_square(const double *share, const double *x, int n)
{
	double		top = 0.0;
	double		unit[CALIBRATION_MAX_BOUNDS + 1];

	for (int i = 0; i < n; i++)
		if (fabs(x[i]) > top)
			top = fabs(x[i]);
	if (top == 0.0)
		return 0.0;
	for (int i = 0; i < n; i++)
		unit[i] = x[i] / top;
	return sqrt(mean_square(share, unit, n)) * top;
}

/*
 * What every accessor shares: 0 for NULL (no rows, or no weight), 1 for
 * NaN (a NaN row), 2 with *total the total weight when the sums decide.
 */
static int
outcome(const Calibration *c, ExactSum *total, double *value)
{
	bool		any = false;

	xsum_init(total);
	for (int k = 0; k <= c->n; k++)
	{
		any |= c->bin[k].rows > 0;
		xsum_add_sum(total, &c->bin[k].sum[CALIBRATION_WEIGHT_SUM]);
	}
	if (!any)
		return 0;
	if (c->nan_rows > 0)
	{
		*value = NAN;
		return 1;
	}
	return xsum_sign(total) > 0 ? 2 : 0;
}

/* A bin's Σ w p − Σ w y, exactly. */
static void
bin_gap(const CalibrationBin *bin, ExactSum *gap)
{
	*gap = bin->sum[CALIBRATION_PROB_SUM];
	xsum_sub_sum(gap, &bin->sum[CALIBRATION_LABEL_SUM]);
}

bool
calibration_ece(const Calibration *c, CalibrationNorm norm, double *ece)
{
	ExactSum	total;
	ExactSum	acc;
	ExactSum	gap;
	double		share[CALIBRATION_MAX_BOUNDS + 1];
	double		mean_gap[CALIBRATION_MAX_BOUNDS + 1];
	int			bins = 0;
	int			o = outcome(c, &total, ece);

	if (o < 2)
		return o == 1;
	xsum_init(&acc);
	*ece = 0.0;
	for (int k = 0; k <= c->n; k++)
	{
		const CalibrationBin *bin = &c->bin[k];
		const ExactSum *weight = &bin->sum[CALIBRATION_WEIGHT_SUM];

		if (xsum_sign(weight) == 0)
			continue;
		bin_gap(bin, &gap);
		/* W_k |p̄_k − ȳ_k| is |Σ w p − Σ w y|: summed exactly for l1. */
		if (xsum_sign(&gap) < 0)
			xsum_sub_sum(&acc, &gap);
		else
			xsum_add_sum(&acc, &gap);
		share[bins] = ratio(weight, &total);
		mean_gap[bins] = ratio(&gap, weight);
		if (fabs(mean_gap[bins]) > *ece)
			*ece = fabs(mean_gap[bins]);
		bins++;
	}
	if (norm == CALIBRATION_L1)
		*ece = ratio(&acc, &total);
	else if (norm == CALIBRATION_L2)
		*ece = root_mean_square(share, mean_gap, bins);
	return true;
}

bool
calibration_point(const Calibration *c, int k, CalibrationPoint *point)
{
	const CalibrationBin *bin = &c->bin[k];
	const ExactSum *weight = &bin->sum[CALIBRATION_WEIGHT_SUM];

	point->bin = k;
	point->lower = k == 0 ? -INFINITY : c->bounds[k - 1];
	point->upper = k == c->n ? INFINITY : c->bounds[k];
	point->rows = bin->rows;
	if (c->nan_rows > 0)
	{
		point->weight = point->mean_prob = point->mean_label = NAN;
		return bin->rows > 0;
	}
	if (xsum_sign(weight) <= 0)
		return false;
	point->weight = xsum_round(weight);
	point->mean_prob = ratio(&bin->sum[CALIBRATION_PROB_SUM], weight);
	point->mean_label = ratio(&bin->sum[CALIBRATION_LABEL_SUM], weight);
	return true;
}

bool
calibration_brier_decomposition(const Calibration *c, BrierDecomposition *d)
{
	ExactSum	total;
	ExactSum	labels;
	ExactSum	misses;
	ExactSum	gap;
	DoubleDouble prevalence;
	double		share[CALIBRATION_MAX_BOUNDS + 1];
	double		mean_gap[CALIBRATION_MAX_BOUNDS + 1];
	double		spread[CALIBRATION_MAX_BOUNDS + 1];
	int			bins = 0;
	int			o = outcome(c, &total, &d->reliability);

	if (o < 2)
	{
		d->resolution = d->uncertainty = d->reliability;
		return o == 1;
	}
	xsum_init(&labels);
	for (int k = 0; k <= c->n; k++)
		xsum_add_sum(&labels, &c->bin[k].sum[CALIBRATION_LABEL_SUM]);
	prevalence = precise_ratio(&labels, &total);
	for (int k = 0; k <= c->n; k++)
	{
		const CalibrationBin *bin = &c->bin[k];
		const ExactSum *weight = &bin->sum[CALIBRATION_WEIGHT_SUM];
		DoubleDouble mean_label;

		if (xsum_sign(weight) == 0)
			continue;
		share[bins] = ratio(weight, &total);
		bin_gap(bin, &gap);
		mean_gap[bins] = ratio(&gap, weight);
		/* ȳ_k − ȳ from two ratios to 100 bits: no cancellation. */
		mean_label = precise_ratio(&bin->sum[CALIBRATION_LABEL_SUM], weight);
		spread[bins] = (mean_label.hi - prevalence.hi) + (mean_label.lo - prevalence.lo);
		bins++;
	}
	d->reliability = mean_square(share, mean_gap, bins);
	d->resolution = mean_square(share, spread, bins);
	/* ȳ (1 − ȳ), with 1 − ȳ as (W − Σ w y) / W, exactly subtracted. */
	misses = total;
	xsum_sub_sum(&misses, &labels);
	d->uncertainty = ratio(&labels, &total) * ratio(&misses, &total);
	return true;
}

size_t
calibration_text_max(int n)
{
	return 64 + (size_t) n * 32 +
		(size_t) (n + 1) * (CALIBRATION_SUMS_PER_BIN * XSUM_TEXT_MAX + 24);
}

void
calibration_format(const Calibration *c, char *buf)
{
	char	   *p = buf;

	p += sprintf(p, "(v%d,%d,%" PRId64, CALIBRATION_FORMAT_VERSION, c->n,
				 c->nan_rows);
	/* %a is exact; infinities print as inf and -inf. */
	for (int i = 0; i < c->n; i++)
		p += sprintf(p, ",%a", c->bounds[i]);
	for (int k = 0; k <= c->n; k++)
	{
		p += sprintf(p, ",%" PRId64, c->bin[k].rows);
		for (int j = 0; j < CALIBRATION_SUMS_PER_BIN; j++)
		{
			*p++ = ',';
			xsum_format(&c->bin[k].sum[j], p);
			p += strlen(p);
		}
	}
	strcpy(p, ")");
}

/*
 * The text reader.  It never steps past the terminating NUL: every step
 * looks at the character it is on before moving.
 */
static const char *
after_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* The separator c, spaces allowed before it, and spaces after it. */
static bool
take(const char **p, char c)
{
	const char *q = after_space(*p);

	if (*q != c)
		return false;
	*p = after_space(q + 1);
	return true;
}

/* A non-negative int64 in decimal digits. */
static bool
read_int(const char **p, int64_t *value)
{
	char	   *end;

	if (!(**p >= '0' && **p <= '9'))
		return false;
	errno = 0;
	*value = strtoll(*p, &end, 10);
	*p = end;
	return errno == 0;
}

/* ",<non-negative int64>" */
static bool
take_count(const char **p, int64_t *value)
{
	return take(p, ',') && read_int(p, value);
}

bool
calibration_parse_head(const char *text, int *version, int *n,
					   const char **rest)
{
	const char *p = text;
	int64_t		v;
	int64_t		bounds;

	*version = 0;
	if (!take(&p, '(') || *p != 'v')
		return false;
	p++;
	if (!read_int(&p, &v))
		return false;
	*version = v > 0 && v <= CALIBRATION_VERSION_NAMED_MAX ? (int) v : 0;
	if (v != CALIBRATION_FORMAT_VERSION || !take_count(&p, &bounds) ||
		bounds < 1 || bounds > CALIBRATION_MAX_BOUNDS)
		return false;
	*n = (int) bounds;
	*rest = p;
	return true;
}

bool
calibration_parse_rest(const char *rest, int n, Calibration *c)
{
	const char *p = rest;

	c->n = n;
	if (!take_count(&p, &c->nan_rows))
		return false;
	for (int i = 0; i < n; i++)
	{
		char	   *end;

		if (!take(&p, ','))
			return false;
		c->bounds[i] = strtod(p, &end);
		if (end == p)
			return false;
		p = end;
	}
	for (int k = 0; k <= n; k++)
	{
		if (!take_count(&p, &c->bin[k].rows))
			return false;
		for (int j = 0; j < CALIBRATION_SUMS_PER_BIN; j++)
			if (!take(&p, ',') || !xsum_parse(p, &p, &c->bin[k].sum[j]))
				return false;
	}
	return take(&p, ')') && *p == '\0';
}
