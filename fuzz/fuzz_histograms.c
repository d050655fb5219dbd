/*
 * fuzz_histograms.c
 *		Fuzz the histogram comparisons of src/histograms.c and the token
 *		log-likelihood of src/nll.c, as the SQL layer drives them: counts
 *		finite and >= 0, fed in chunks whose split must not change a bit.
 *
 * Invariants: every result is in its range (ks, auc in [0, 1], chi2 and
 * wasserstein >= 0), NULL exactly where a side's counts are all 0,
 * ks(p, p) = chi2(p, p) = 0, ks, chi2 and wasserstein symmetric bit for
 * bit, auc(p, q) + auc(q, p) = 1 to a few roundings; nll is the exact sum
 * (checked against a double sum where that is exact: small integers), and
 * perplexity >= 1 where finite.
 *
 * Where every count is a whole number of a common unit and the totals are
 * small, the fast path's result must be the big integers' bit for bit.
 *
 * Input: a length byte, then the counts of p and q, bounds, a split, and a
 * byte that may turn the counts into whole units.
 */
#include "fuzz_common.h"

#include "histograms.h"
#include "nll.h"

#define MAX_BINS 48

static double p[MAX_BINS];
static double q[MAX_BINS];
static double bounds[MAX_BINS];
static size_t nbins;

static void
describe(void)
{
	fuzz_print_array("p", p, nbins);
	fuzz_print_array("q", q, nbins);
	fuzz_print_array("bounds", bounds, nbins - 1);
}

/*
 * With mode's low bit set, the counts become whole numbers of a common unit
 * (small, or up to about 2^40 with the next bit), as counted histograms
 * are: the fast path of histograms.c.  The rest of mode picks the unit.
 */
static void
whole_units(uint8_t mode)
{
	uint64_t	modulus = (mode & 2) ? (uint64_t) 1 << 40 : 1001;
	int			unit = (int) (mode >> 2) - 32;

	if (!(mode & 1))
		return;
	for (size_t i = 0; i < nbins; i++)
	{
		uint64_t	bits_p;
		uint64_t	bits_q;

		memcpy(&bits_p, &p[i], sizeof(bits_p));
		memcpy(&bits_q, &q[i], sizeof(bits_q));
		p[i] = ldexp((double) (bits_p % modulus), unit);
		q[i] = ldexp((double) (bits_q % modulus), unit);
	}
}

/*
 * The statistic of a, b, with the second pass split at split; NAN for NULL.
 * exact_only keeps to the big integers; *in_units says whether the fast
 * path of whole units was taken.
 */
static double
run_stat(XentHistogramStat stat, const double *a, const double *b,
		 size_t split, bool exact_only, bool *in_units)
{
	static XentHistogramScan scan;

	xent_histogram_init(&scan, stat, bounds, nbins - 1);
	scan.exact_only = exact_only;
	xent_histogram_total(&scan, a, b, split);
	xent_histogram_total(&scan, a + split, b + split, nbins - split);
	*in_units = false;
	if (!xent_histogram_begin(&scan))
		return NAN;
	*in_units = scan.in_units;
	xent_histogram_chunk(&scan, a, b, split);
	xent_histogram_chunk(&scan, a + split, b + split, nbins - split);
	return xent_histogram_finish(&scan);
}

/* run_stat's result, where the fast path applies the bits of the big integers. */
static double
stat_of(XentHistogramStat stat, const double *a, const double *b, size_t split)
{
	bool		in_units;
	bool		exact_in_units;
	double		result = run_stat(stat, a, b, split, false, &in_units);

	if (in_units)
	{
		double		exact = run_stat(stat, a, b, split, true, &exact_in_units);

		FUZZ_CHECK(!exact_in_units && memcmp(&result, &exact, sizeof(double)) == 0,
				   "stat %d: whole units give %.17g, big integers %.17g",
				   stat, result, exact);
	}
	return result;
}

static bool
all_zero(const double *a)
{
	for (size_t i = 0; i < nbins; i++)
		if (a[i] != 0.0)
			return false;
	return true;
}

static void
check_histograms(size_t split)
{
	bool		null = all_zero(p) || all_zero(q);

	for (int stat = XENT_AUC; stat <= XENT_CHI2; stat++)
	{
		double		pq = stat_of(stat, p, q, split);
		double		pq_whole = stat_of(stat, p, q, nbins);
		double		qp = stat_of(stat, q, p, split);

		FUZZ_CHECK(isnan(pq) == null, "stat %d: NULL %d", stat, (int) null);
		FUZZ_CHECK(memcmp(&pq, &pq_whole, sizeof(double)) == 0,
				   "stat %d: split %zu changes %.17g to %.17g", stat, split,
				   pq_whole, pq);
		if (null)
			continue;
		FUZZ_CHECK(pq >= 0.0, "stat %d: %.17g < 0", stat, pq);
		switch (stat)
		{
			case XENT_AUC:
				FUZZ_CHECK(pq <= 1.0, "auc %.17g", pq);
				FUZZ_CHECK(fabs(pq + qp - 1.0) <= 8 * EPS + UNDERFLOW_SLACK,
						   "auc %.17g + %.17g", pq, qp);
				break;
			case XENT_KS:
				FUZZ_CHECK(pq <= 1.0, "ks %.17g", pq);
				/* fall through */
			default:
				FUZZ_CHECK(memcmp(&pq, &qp, sizeof(double)) == 0,
						   "stat %d not symmetric: %.17g, %.17g", stat, pq, qp);
		}
	}
	if (!all_zero(p))
	{
		FUZZ_CHECK(stat_of(XENT_KS, p, p, split) == 0.0, "ks(p, p)");
		FUZZ_CHECK(stat_of(XENT_CHI2, p, p, split) == 0.0, "chi2(p, p)");
		FUZZ_CHECK(stat_of(XENT_WASSERSTEIN, p, p, split) == 0.0, "wasserstein(p, p)");
	}
}

/* nll over -p, in two chunks, against the double sum where it is exact. */
static void
check_nll(size_t split)
{
	static XentNllScan scan;
	double		logprobs[MAX_BINS];
	double		sum = 0.0;
	bool		small_integers = true;

	for (size_t i = 0; i < nbins; i++)
	{
		logprobs[i] = -p[i];
		sum += p[i];
		small_integers &= p[i] == floor(p[i]) && p[i] < 0x1p40;
	}
	xent_nll_init(&scan);
	FUZZ_CHECK(xent_nll_chunk(&scan, logprobs, split) == split, "nll: invalid");
	FUZZ_CHECK(xent_nll_chunk(&scan, logprobs + split, nbins - split) == nbins - split,
			   "nll: invalid");
	if (small_integers)
		FUZZ_CHECK(xent_nll_value(&scan) == sum, "nll %.17g, sum %.17g",
				   xent_nll_value(&scan), sum);
	FUZZ_CHECK(xent_nll_value(&scan) >= 0.0, "nll < 0");
	FUZZ_CHECK(!(xent_perplexity_value(&scan) < 1.0), "perplexity < 1: %.17g",
			   xent_perplexity_value(&scan));
	/* A positive log-probability is found where it is. */
	if (nbins > 1)
	{
		logprobs[split % nbins] = 0.5;
		xent_nll_init(&scan);
		FUZZ_CHECK(xent_nll_chunk(&scan, logprobs, nbins) == split % nbins,
				   "nll: invalid element not found");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzInput	in;
	size_t		split;

	fuzz_init(&in, data, size);
	fuzz_describe = describe;
	nbins = 1 + fuzz_byte(&in) % MAX_BINS;
	for (size_t i = 0; i < nbins; i++)
		p[i] = fuzz_count(&in);
	for (size_t i = 0; i < nbins; i++)
		q[i] = fuzz_count(&in);
	for (size_t i = 0; i + 1 < nbins; i++)
	{
		bounds[i] = fuzz_double(&in);
		if (isnan(bounds[i]))
			bounds[i] = 0.0;
	}
	qsort(bounds, nbins - 1, sizeof(double), fuzz_compare_doubles);
	split = fuzz_byte(&in) % (nbins + 1);
	whole_units(fuzz_byte(&in));
	check_histograms(split);
	check_nll(split);
	return 0;
}
