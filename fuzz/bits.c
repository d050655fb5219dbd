/*
 * bits.c
 *		The same bits from every build of the kernels and every CPU: run the
 *		numeric core over the fuzz corpus and over fixed-seed random inputs
 *		and print every result as the hexadecimal bits of its double, one a
 *		line, each line naming the build that computed it.
 *
 * The divergence kernels and the elementary functions' blocks run in every
 * build this CPU has (xent_runnable_kernels); the driver fails when two of
 * them disagree on any bit.  What is built once (the logit functions, the
 * binary losses, the logistic, the scalar elementary functions, summaries
 * and histograms) prints under the build name "core".  Another CPU's run
 * of this program (scripts/test-portability runs an arm64 build under
 * qemu) must print the same lines but for the build names: its baseline
 * is compared with this one's, which equals every other build here.
 *
 * Each corpus file is decoded as its fuzz target decodes it (fuzz_common.h),
 * so that it means the same numbers; the targets whose inputs are programs
 * or text (summary, calibration, ...) are read as a stream of numbers
 * instead, which still makes them inputs of the shapes the fuzzers found.
 * A NaN prints as "NaN": its payload is not part of the contract.
 *
 * Usage: bits CORPUS_DIR  (fuzz/corpus), output on stdout; exit status 1
 * if two builds differ.
 */
#include "fuzz_common.h"
#include "fuzz_state.h"

#include <dirent.h>

#include "binary_summary.h"
#include "core.h"
#include "elementary.h"
#include "histograms.h"
#include "nll.h"
#include "summary.h"

/* Longest vector an input describes: past the kernels' blocks of 256. */
#define MAX_N 700
/* Random inputs per target, and their longest byte string. */
#define RANDOM_INPUTS 300
#define RANDOM_BYTES 512

static const XentKernels *const *builds;
static size_t n_builds;
static int	differences;

/* Where the results of the computation running now go. */
static FILE *results;

static void
put(const char *key, double v)
{
	uint64_t	bits;

	memcpy(&bits, &v, sizeof(bits));
	if (isnan(v))
		fprintf(results, "%s NaN\n", key);
	else
		fprintf(results, "%s %016llx\n", key, (unsigned long long) bits);
}

static void
put_array(const char *key, const double *x, size_t n)
{
	char		name[64];

	for (size_t i = 0; i < n; i++)
	{
		snprintf(name, sizeof(name), "%s[%zu]", key, i);
		put(name, x[i]);
	}
}

/* Print text, one line per result, each prefixed by the build and input. */
static void
print_lines(const char *build, const char *input, const char *text)
{
	const char *line = text;

	while (*line)
	{
		const char *end = strchr(line, '\n');

		printf("%s %s %.*s\n", build, input, (int) (end - line), line);
		line = end + 1;
	}
}

/*
 * Run what(kernels, arg) in every build, print each build's results and
 * count a difference where a build's differ from the baseline's.
 */
static void
per_build(const char *input, void (*what) (const XentKernels *, void *), void *arg)
{
	char	   *first = NULL;

	for (size_t k = 0; k < n_builds; k++)
	{
		char	   *text;
		size_t		len;

		results = open_memstream(&text, &len);
		what(builds[k], arg);
		fclose(results);
		print_lines(builds[k]->name, input, text);
		if (k == 0)
			first = text;
		else
		{
			if (strcmp(first, text) != 0)
			{
				fprintf(stderr, "bits: %s: the %s build differs from the %s build\n",
						input, builds[k]->name, builds[0]->name);
				differences++;
			}
			free(text);
		}
	}
	free(first);
}

/* Run what(arg) once, the same code in every build: "core". */
static void
once(const char *input, void (*what) (void *), void *arg)
{
	char	   *text;
	size_t		len;

	results = open_memstream(&text, &len);
	what(arg);
	fclose(results);
	print_lines("core", input, text);
	free(text);
}

/* A vector of numbers, read as fuzz_elementary reads its block. */
typedef struct Numbers
{
	double		x[MAX_N];
	size_t		n;
} Numbers;

static void
blocks_of(const XentKernels *k, void *arg)
{
	const Numbers *v = arg;
	double		y[MAX_N];

	memcpy(y, v->x, v->n * sizeof(double));
	k->log_block(y, v->n);
	put_array("log_block", y, v->n);
	memcpy(y, v->x, v->n * sizeof(double));
	k->log1p_block(y, v->n);
	put_array("log1p_block", y, v->n);
	memcpy(y, v->x, v->n * sizeof(double));
	k->exp_block(y, v->n);
	put_array("exp_block", y, v->n);
	/* The logit functions' loops, against the first element as the max. */
	put("sum_exp", k->sum_exp(v->x, v->n, v->n ? v->x[0] : 0.0));
	k->softmax(v->x, v->n, v->n ? v->x[0] : 0.0, 3.0, y);
	put_array("softmax", y, v->n);
}

/* The scalar functions, also near 1, as fuzz_elementary checks them. */
static void
scalars_of(void *arg)
{
	const Numbers *v = arg;

	for (size_t i = 0; i < v->n; i++)
	{
		/* the argument too, so that a difference names it */
		put("x", v->x[i]);
		put("log", xent_log(v->x[i]));
		put("log1p", xent_log1p(v->x[i]));
		put("exp", xent_exp(v->x[i]));
		put("log(1+x)", xent_log(1.0 + v->x[i]));
		put("logistic", xent_logistic(v->x[i]));
	}
}

/* The binary losses of consecutive triples (label, prob, logit). */
static void
binary_of(void *arg)
{
	const Numbers *v = arg;

	for (size_t i = 0; i + 2 < v->n; i += 3)
	{
		double		y = v->x[i];
		double		p = v->x[i + 1];
		double		z = v->x[i + 2];

		put("y", y);
		put("p", p);
		put("z", z);
		put("bce(y,p)", xent_bce(y, p));
		put("bce(p,y)", xent_bce(p, y));
		put("bce_logit(y,z)", xent_bce_logit(y, z));
		put("bce_logit(p,z)", xent_bce_logit(p, z));
		put("bce_logit(y,p)", xent_bce_logit(y, p));
		put("logistic(z)", xent_logistic(z));
	}
}

/*
 * A loss summary and a binary summary of the numbers as rows: (loss,
 * weight) and (label, prob, loss, weight), weighted where the weight is
 * >= 0, as the aggregates take them; printed as their text, whose sums
 * are exact and whose means are the rounded quotients.
 */
static void
summaries_of(void *arg)
{
	const Numbers *v = arg;
	LossSummary s;
	void	   *b;
	BinarySummary bs;
	char		text[BINARY_TEXT_MAX > SUMMARY_TEXT_MAX ? BINARY_TEXT_MAX : SUMMARY_TEXT_MAX];
	double		value;

	binary_init(&bs);
	b = binary_pack(&bs, STORED_GROWTH_MARGIN, &fuzz_memory);
	summary_init(&s);
	for (size_t i = 0; i + 1 < v->n; i += 2)
	{
		RowTerms	terms;
		BinaryRow	row;
		double		loss = v->x[i];
		double		weight = v->x[i + 1];
		bool		weighted = weight >= 0.0;
		double		label = fabs(loss) <= 1.0 ? fabs(loss) : 1.0;
		double		prob = fabs(weight) <= 1.0 ? fabs(weight) : 0.5;

		if (summary_row_terms(loss, weight, weighted, &terms) == SUMMARY_OK)
		{
			summary_row_moment_terms(loss, weight, &terms);
			s.version = SUMMARY_FORMAT_VERSION;
			if (counts_add_row(&s, &terms, 1) == SUMMARY_OK)
				summary_add_terms(&s, &terms, 1);
		}
		if (binary_row_terms(label, prob, xent_bce(label, prob), weight,
							 weighted, &row) == SUMMARY_OK)
		{
			void	   *given = b;

			if (binary_state_add_row(&b, &row, 1, &fuzz_memory) == SUMMARY_OK &&
				b != given)
				free(given);
		}
	}
	summary_format(&s, text);
	fprintf(results, "summary %s\n", text);
	if (summary_mean(&s, &value))
		put("summary_mean", value);
	binary_unpack(b, &bs);
	free(b);
	binary_format(&bs, text);
	fprintf(results, "binary %s\n", text);
	if (binary_log_loss(&bs, &value))
		put("binary_log_loss", value);
	if (binary_std_error(&bs, &value))
		put("binary_std_error", value);
	if (binary_normalized_entropy(&bs, &value))
		put("binary_normalized_entropy", value);
	if (binary_d2_log_loss(&bs, &value))
		put("binary_d2_log_loss", value);
	if (binary_d2_brier(&bs, &value))
		put("binary_d2_brier", value);
	if (binary_calibration_ratio(&bs, &value))
		put("binary_calibration_ratio", value);
}

/* Every input, whatever its target: its numbers through what is scalar. */
static void
numbers(const char *input, Numbers *v)
{
	per_build(input, blocks_of, v);
	once(input, scalars_of, v);
	once(input, binary_of, v);
	once(input, summaries_of, v);
}

/* The bytes as a stream of numbers (fuzz_double) while they last. */
static void
read_numbers(FuzzInput *in, Numbers *v)
{
	for (v->n = 0; v->n < MAX_N && !fuzz_exhausted(in); v->n++)
		v->x[v->n] = fuzz_double(in);
}

/* Divergence: decoded as fuzz_divergence decodes its input. */
typedef struct Pair
{
	double		p[MAX_N];
	double		q[MAX_N];
	size_t		n;
	size_t		split;
	double		p_div;
	double		q_div;
} Pair;

static void
scan_of(const char *key, const XentKernels *k, XentDivergence d,
		const Pair *v, double p_div, double q_div, size_t split)
{
	XentScan	scan;
	char		name[64];

	xent_scan_init(&scan);
	k->terms[d] (v->p, v->q, split, p_div, q_div, &scan);
	k->terms[d] (v->p + split, v->q + split, v->n - split, p_div, q_div, &scan);
	snprintf(name, sizeof(name), "%s/%d/value", key, (int) d);
	put(name, xent_divergence_value(d, &scan));
	snprintf(name, sizeof(name), "%s/%d/loss_comp", key, (int) d);
	put(name, scan.loss_comp);
	snprintf(name, sizeof(name), "%s/%d/sums", key, (int) d);
	put(name, scan.sum_p);
	put(name, scan.sum_q);
	fprintf(results, "%s/%d/flags %d %d\n", key, (int) d, scan.invalid, scan.nan);
}

static void
divergences_of(const XentKernels *k, void *arg)
{
	const Pair *v = arg;
	XentScan	scan;

	for (int d = 0; d < XENT_N_DIVERGENCES; d++)
	{
		scan_of("divided", k, d, v, v->p_div, v->q_div, v->n);
		scan_of("divided-split", k, d, v, v->p_div, v->q_div, v->split);
		scan_of("as-given", k, d, v, 1.0, 1.0, v->n);
		scan_of("as-given-split", k, d, v, 1.0, 1.0, v->split);
	}
	xent_scan_init(&scan);
	k->scan_sum(v->p, v->n, &scan);
	put("scan_sum", scan.sum_p);
}

static void
as_float(double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
	{
		float		f = (float) x[i];

		xent_widen_float4(&f, 1, &x[i]);
	}
}

static void
divergence_input(const char *input, FuzzInput *in)
{
	static Pair v;
	static Numbers both;
	uint8_t		mode = fuzz_byte(in);

	v.n = 1 + fuzz_u16(in) % (mode & 0x80 ? MAX_N : 24);
	v.split = fuzz_u16(in) % (v.n + 1);
	if (mode & 1)
	{
		/* fuzz_divergence's uniform vectors */
		for (size_t i = 0; i < v.n; i++)
			v.p[i] = v.q[i] = 1.0 / v.n;
		v.p_div = v.q_div = fuzz_weight(in);
	}
	else
	{
		v.p_div = fuzz_double(in);
		v.q_div = fuzz_double(in);
		switch ((mode >> 1) % 4)
		{
			case 0:
				fuzz_fill(in, v.p, v.n, fuzz_double);
				fuzz_fill(in, v.q, v.n, fuzz_double);
				break;
			case 1:
			case 2:
				fuzz_fill(in, v.p, v.n, fuzz_weight);
				fuzz_fill(in, v.q, v.n, fuzz_weight);
				break;
			case 3:
				fuzz_fill(in, v.p, v.n, fuzz_weight);
				fuzz_fill_near(in, v.p, v.q, v.n);
				break;
		}
		/* fuzz_divergence's REAL_ARRAYS */
		if ((mode & 0x78) == 0x78)
		{
			as_float(v.p, v.n);
			as_float(v.q, v.n);
		}
	}
	per_build(input, divergences_of, &v);
	both.n = 2 * v.n;
	memcpy(both.x, v.p, v.n * sizeof(double));
	memcpy(both.x + v.n, v.q, v.n * sizeof(double));
	both.n = both.n > MAX_N ? MAX_N : both.n;
	per_build(input, blocks_of, &both);
}

/* Logits: decoded as fuzz_logits decodes its input. */
typedef struct Logits
{
	double		z[MAX_N];
	double		p[MAX_N];
	size_t		n;
	size_t		label;
	size_t		split;
	bool		valid;			/* z is what the SQL layer accepts */
} Logits;

static void
logits_of(void *arg)
{
	const Logits *v = arg;
	double		out[MAX_N];
	XentLse		lse;
	XentScan	scan;

	fprintf(results, "first_invalid %zu argmax %zu\n",
			xent_logits_first_invalid(v->z, v->n), xent_argmax(v->z, v->n));
	if (!v->valid)
		return;
	lse = fuzz_lse_in_chunks(v->z, v->n, v->n, NULL);
	put("lse.max", lse.max);
	put("lse.others", lse.others);
	put("lse.rest", lse.rest);
	put("sum_exp", xent_sum_exp(v->z, v->n, lse.max));
	if (v->split > 0)
	{
		XentLse		chunked = fuzz_lse_in_chunks(v->z, v->n, v->split, NULL);

		put("lse_chunked.others", chunked.others);
		put("lse_chunked.rest", chunked.rest);
	}
	xent_softmax(v->z, v->n, lse, out);
	put_array("softmax", out, v->n);
	xent_log_softmax(v->z, v->n, lse, out);
	put_array("log_softmax", out, v->n);
	xent_scan_init(&scan);
	xent_logit_cross_entropy_terms(v->p, v->z, v->split, lse, &scan);
	xent_logit_cross_entropy_terms(v->p + v->split, v->z + v->split,
								   v->n - v->split, lse, &scan);
	put("cross_entropy", xent_scan_loss(&scan));
	put("cross_entropy.sum_p", scan.sum_p);
	put("cross_entropy_label", lse.max - v->z[v->label] + lse.rest);
}

static void
logits_input(const char *input, FuzzInput *in)
{
	static Logits v;
	static Numbers z;
	uint8_t		mode = fuzz_byte(in);
	bool		any_finite = false;

	v.n = 1 + fuzz_u16(in) % (mode & 0x80 ? 600 : 24);
	v.label = fuzz_u16(in) % v.n;
	v.split = fuzz_u16(in) % (v.n + 1);
	fuzz_fill(in, v.z, v.n, fuzz_double);
	memcpy(z.x, v.z, v.n * sizeof(double));
	z.n = v.n;
	v.valid = true;
	for (size_t i = 0; i < v.n; i++)
	{
		if ((mode & 1) && (isnan(v.z[i]) || v.z[i] == INFINITY))
			v.z[i] = -INFINITY;
		if (isnan(v.z[i]) || v.z[i] == INFINITY)
			v.valid = false;
		any_finite |= isfinite(v.z[i]);
	}
	v.valid &= any_finite;
	/* p: one-hot, or weights divided by their sum */
	if (mode & 2)
		for (size_t i = 0; i < v.n; i++)
			v.p[i] = i == v.label ? 1.0 : 0.0;
	else
	{
		double		w[MAX_N];
		XentScan	ws;

		fuzz_fill(in, w, v.n, fuzz_weight);
		xent_scan_init(&ws);
		builds[0]->scan_sum(w, v.n, &ws);
		for (size_t i = 0; i < v.n; i++)
			v.p[i] = w[i] / ws.sum_p;
		if (!(ws.sum_p > 0.0 && isfinite(ws.sum_p)))
			v.valid = false;
	}
	once(input, logits_of, &v);
	per_build(input, blocks_of, &z);
	once(input, scalars_of, &z);
}

/* Histograms: decoded as fuzz_histograms decodes its input. */
typedef struct Histograms
{
	double		p[48];
	double		q[48];
	double		bounds[48];
	size_t		n;
	size_t		split;
} Histograms;

static void
histograms_of(void *arg)
{
	const Histograms *v = arg;
	XentHistogramScan scan;
	XentNllScan nll;
	double		logprobs[48];

	for (int stat = XENT_AUC; stat <= XENT_CHI2; stat++)
	{
		double		value = NAN;

		xent_histogram_init(&scan, stat, v->bounds, v->n - 1);
		xent_histogram_total(&scan, v->p, v->q, v->split);
		xent_histogram_total(&scan, v->p + v->split, v->q + v->split, v->n - v->split);
		if (xent_histogram_begin(&scan))
		{
			xent_histogram_chunk(&scan, v->p, v->q, v->split);
			xent_histogram_chunk(&scan, v->p + v->split, v->q + v->split,
								 v->n - v->split);
			value = xent_histogram_finish(&scan);
		}
		fprintf(results, "stat %d ", stat);
		put("value", value);
	}
	for (size_t i = 0; i < v->n; i++)
		logprobs[i] = -v->p[i];
	xent_nll_init(&nll);
	xent_nll_chunk(&nll, logprobs, v->n);
	put("nll", xent_nll_value(&nll));
	put("perplexity", xent_perplexity_value(&nll));
}

static void
histograms_input(const char *input, FuzzInput *in)
{
	static Histograms v;

	v.n = 1 + fuzz_byte(in) % 48;
	for (size_t i = 0; i < v.n; i++)
		v.p[i] = fuzz_count(in);
	for (size_t i = 0; i < v.n; i++)
		v.q[i] = fuzz_count(in);
	for (size_t i = 0; i + 1 < v.n; i++)
	{
		v.bounds[i] = fuzz_double(in);
		if (isnan(v.bounds[i]))
			v.bounds[i] = 0.0;
	}
	qsort(v.bounds, v.n - 1, sizeof(double), fuzz_compare_doubles);
	v.split = fuzz_byte(in) % (v.n + 1);
	once(input, histograms_of, &v);
}

/* Elementary: a block length, then its elements, as fuzz_elementary reads. */
static void
elementary_input(const char *input, FuzzInput *in)
{
	static Numbers v;

	v.n = fuzz_byte(in) % 64;
	fuzz_fill(in, v.x, v.n, fuzz_double);
	numbers(input, &v);
}

/* Every other target: the bytes as numbers. */
static void
stream_input(const char *input, FuzzInput *in)
{
	static Numbers v;

	read_numbers(in, &v);
	numbers(input, &v);
}

typedef struct Target
{
	const char *name;
	void		(*run) (const char *input, FuzzInput *in);
} Target;

static const Target targets[] = {
	{"divergence", divergence_input},
	{"logits", logits_input},
	{"binary", stream_input},
	{"elementary", elementary_input},
	{"histograms", histograms_input},
	{"summary", stream_input},
	{"binary_state", stream_input},
	{"calibration", stream_input},
	{"freq", stream_input},
	{"exact_sum", stream_input},
	{"xsum_parse", stream_input},
};

#define N_TARGETS (sizeof(targets) / sizeof(targets[0]))

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/* Every file of dir/target->name, in name order, so every CPU reads alike. */
static void
corpus(const char *dir, const Target *target)
{
	char		path[4096];
	DIR		   *d;
	struct dirent *e;
	char	  **names = NULL;
	size_t		n = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, target->name);
	if ((d = opendir(path)) == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
		{
			names = realloc(names, (n + 1) * sizeof(char *));
			names[n++] = strdup(e->d_name);
		}
	closedir(d);
	qsort(names, n, sizeof(char *), cmp_name);
	for (size_t i = 0; i < n; i++)
	{
		FILE	   *f;
		uint8_t    *data = NULL;
		size_t		size = 0;
		char		input[4096];
		FuzzInput	in;
		int			c;

		snprintf(path, sizeof(path), "%s/%s/%s", dir, target->name, names[i]);
		if ((f = fopen(path, "rb")) == NULL)
		{
			perror(path);
			exit(2);
		}
		while ((c = getc(f)) != EOF)
		{
			data = realloc(data, size + 1);
			data[size++] = (uint8_t) c;
		}
		fclose(f);
		snprintf(input, sizeof(input), "%s/%s", target->name, names[i]);
		fuzz_init(&in, data, size);
		target->run(input, &in);
		free(data);
		free(names[i]);
	}
	free(names);
}

/* xorshift64: the same random inputs on every CPU. */
static uint64_t
next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static void
random_inputs(const Target *target, uint64_t seed)
{
	static uint8_t data[RANDOM_BYTES];

	for (int i = 0; i < RANDOM_INPUTS; i++)
	{
		size_t		size = next_random(&seed) % RANDOM_BYTES;
		char		input[128];
		FuzzInput	in;

		for (size_t j = 0; j < size; j++)
			data[j] = (uint8_t) (next_random(&seed) >> 56);
		snprintf(input, sizeof(input), "random/%s/%d", target->name, i);
		fuzz_init(&in, data, size);
		target->run(input, &in);
	}
}

/*
 * Doubles over the whole range: random bit patterns, and random numbers
 * in the ranges where the functions change regime, in blocks of 64.
 */
static void
random_doubles(uint64_t seed)
{
	static const double scales[][2] = {
		{-750.0, 750.0}, {0.0, 2.0}, {-1.0, 1.0}, {-1e-8, 1e-8}, {0.5, 1.5},
	};
	static Numbers v;

	for (int i = 0; i < 2000; i++)
	{
		char		input[128];

		v.n = 64;
		for (size_t j = 0; j < v.n; j++)
		{
			uint64_t	r = next_random(&seed);

			if (i % 2 == 0)
				memcpy(&v.x[j], &r, sizeof(double));
			else
			{
				const double *range = scales[(i / 2) % 5];

				v.x[j] = range[0] + (range[1] - range[0]) * ((r >> 11) * 0x1p-53);
			}
		}
		snprintf(input, sizeof(input), "random/doubles/%d", i);
		per_build(input, blocks_of, &v);
		once(input, scalars_of, &v);
	}
}

int
main(int argc, char **argv)
{
	if (argc != 2)
	{
		fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
		return 2;
	}
	/* fuzz_common.h's and fuzz_state.h's, for the fuzzers' checks only */
	(void) fuzz_describe;
	(void) same_sum;
	builds = xent_runnable_kernels(&n_builds);
	for (size_t t = 0; t < N_TARGETS; t++)
	{
		corpus(argv[1], &targets[t]);
		random_inputs(&targets[t], 0x9e3779b97f4a7c15ULL + t);
	}
	random_doubles(0x2545f4914f6cdd1dULL);
	fprintf(stderr, "bits: %zu builds (", n_builds);
	for (size_t k = 0; k < n_builds; k++)
		fprintf(stderr, "%s%s", k ? " " : "", builds[k]->name);
	fprintf(stderr, "), %d differences between them\n", differences);
	return differences ? 1 : 0;
}
