/*
 * precision.c
 *		Measure xent's own logarithm, log(1 + x) and exponential
 *		(src/elementary.h) against MPFR at 200 bits: the largest error in
 *		units in the last place of each function over each region of its
 *		arguments, and where it occurs.  Every point also goes through the
 *		eight-lane instance, which must give the scalar function's very bits.
 *
 * Usage: precision [--points N] [--seed S] [--corpus DIR] [--checksum]
 *
 * The regions: the whole range of the arguments, every binade drawn as
 * often as every other (random significands); the hard regions (log near 1
 * and near the edges of its argument reduction, log1p near 0 and near -1,
 * subnormal arguments, exp near 0, near its overflow and where its results
 * are subnormal); the special values; every double of the fuzz corpus
 * (decoded as fuzz_elementary does, and every 8 bytes at every offset).
 * Where the exact result is no finite nonzero double (NaN, an infinity, an
 * exact 0, or beyond what rounds to DBL_MAX), the result must be libm's, bit for bit
 * (any NaN for NaN).  N is the number of random points per function,
 * shared among its regions; the points depend on S alone, not on the
 * number of threads (OMP_NUM_THREADS).
 *
 * Prints one row per function and region and ends with "precision: N
 * passed, M failed" (rows); a row fails if an error reaches one unit in the
 * last place, a special value differs from libm's or the lanes differ from
 * the scalar function.  Exits non-zero if any fails.
 *
 * --checksum measures nothing: it prints a hash of every result's bits per
 * function, the same on every build of this program (scripts/test-elementary
 * compares its baseline, AVX2 and AVX-512 builds).
 */
#include <dirent.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <mpfr.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elementary.h"
#include "fuzz_common.h"

/* The reference's precision, in bits. */
#define REFERENCE_BITS 200

/* Points drawn at once, one chunk per task: a multiple of the lanes. */
#define CHUNK 4096

typedef struct Function
{
	const char *name;
	double		(*one) (double);
	int			(*reference) (mpfr_ptr, mpfr_srcptr, mpfr_rnd_t);
	double		(*libm) (double);
} Function;

/* SplitMix64's mixing of its state into an output. */
static uint64_t
mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A random number generator of 64-bit state (SplitMix64), one per chunk. */
static uint64_t
next_random(uint64_t *state)
{
	return mix(*state += 0x9e3779b97f4a7c15ULL);
}

/* Uniform in [0, 1). */
static double
random_unit(uint64_t *state)
{
	return (double) (next_random(state) >> 11) * 0x1p-53;
}

static double
from_bits(uint64_t bits)
{
	double		v;

	memcpy(&v, &bits, sizeof(v));
	return v;
}

static uint64_t
to_bits(double v)
{
	uint64_t	bits;

	memcpy(&bits, &v, sizeof(bits));
	return bits;
}

/*
 * A positive double of the biased exponent field e (0: subnormal) and a
 * random significand.
 */
static double
in_binade(uint64_t *state, uint64_t e)
{
	return from_bits(e << 52 | (next_random(state) & 0xfffffffffffffULL));
}

/* Within 2^20 units in the last place of v, either side. */
static double
near(uint64_t *state, double v)
{
	int64_t		delta = (int64_t) (next_random(state) % (2 << 20)) - (1 << 20);

	return from_bits(to_bits(v) + (uint64_t) delta);
}

/* -v or v, at random. */
static double
either_sign(uint64_t *state, double v)
{
	return next_random(state) & 1 ? -v : v;
}

/* 2^-k for k from 1 to 60 in turn with point i, times a random [0, 1). */
static double
small_offset(uint64_t *state, uint64_t i)
{
	return ldexp(random_unit(state), -(int) (1 + i % 60));
}

/* The thresholds of elementary_body.h's exp, and exp's least normal result. */
#define EXP_OVERFLOW 0x1.62e42fefa39efp9
#define EXP_UNDERFLOW -0x1.74910d52d3051p9
#define EXP_SUBNORMAL -0x1.6232bdd7abcd2p9	/* log(DBL_MIN) */

/*
 * The generators of the regions: the i-th point of a region, from a random
 * state.  Those of the whole range cycle through the binades with i.
 */
static double
log_whole(uint64_t *state, uint64_t i)
{
	return in_binade(state, i % 2047);
}

static double
log_near_one(uint64_t *state, uint64_t i)
{
	return 1.0 + either_sign(state, small_offset(state, i));
}

/* The edges of the reduction to [sqrt(2)/2, sqrt(2)), in every binade. */
static double
log_reduction_edge(uint64_t *state, uint64_t i)
{
	return near(state, ldexp(M_SQRT1_2, (int) (i % 2045) - 1021));
}

static double
subnormal(uint64_t *state, uint64_t i)
{
	(void) i;
	return in_binade(state, 0);
}

/* Positive in every binade, and in every binade of (-1, 0). */
static double
log1p_whole(uint64_t *state, uint64_t i)
{
	if (i % 2 == 0)
		return in_binade(state, i / 2 % 2047);
	return -in_binade(state, i / 2 % 1023);
}

/*
 * |x| from 2^-1074 to 1, both signs: every binade, and half the points in
 * the 60 binades below 1, where the sum 1 + x still holds x's bits.
 */
static double
near_zero(uint64_t *state, uint64_t i)
{
	uint64_t	e = i % 2 ? i / 2 % 1023 : 1022 - i / 2 % 60;

	return either_sign(state, in_binade(state, e));
}

static double
log1p_near_minus_one(uint64_t *state, uint64_t i)
{
	return -1.0 + small_offset(state, i);
}

/*
 * |x| below 2048, every binade, both signs: the range of finite nonzero
 * results and beyond; one point in 16 anywhere at all.
 */
static double
exp_whole(uint64_t *state, uint64_t i)
{
	uint64_t	e = i % 16 == 15 ? i / 16 % 2047 : i % 1034;

	return either_sign(state, in_binade(state, e));
}

static double
exp_overflow(uint64_t *state, uint64_t i)
{
	if (i % 2)
		return near(state, EXP_OVERFLOW);
	return 708.0 + 2.0 * random_unit(state);
}

/* Subnormal results, and the edges where results turn subnormal and 0. */
static double
exp_underflow(uint64_t *state, uint64_t i)
{
	switch (i % 4)
	{
		case 0:
			return near(state, EXP_UNDERFLOW);
		case 1:
			return near(state, EXP_SUBNORMAL);
		default:
			return -746.0 + 38.0 * random_unit(state);
	}
}

typedef struct Region
{
	const char *name;
	double		(*generate) (uint64_t *state, uint64_t i);
	int			share;			/* of the function's points, in percent */
} Region;

#define MAX_REGIONS 4

static const Function functions[] = {
	{"log", xent_log, mpfr_log, log},
	{"log1p", xent_log1p, mpfr_log1p, log1p},
	{"exp", xent_exp, mpfr_exp, exp},
};

#define N_FUNCTIONS (sizeof(functions) / sizeof(functions[0]))

/*
 * The eight-lane instance of functions[f] at x[0..XENT_LANES): called
 * directly, as the kernels call it, since no vdouble may cross a call
 * (lanes.h).
 */
static void
lanes_of(size_t f, const double *x, double *y)
{
	vdouble		v = load_lanes(x);

	switch (f)
	{
		case 0:
			v = log_lanes(v);
			break;
		case 1:
			v = log1p_lanes(v);
			break;
		default:
			v = exp_lanes(v);
			break;
	}
	store_lanes(y, v);
}

static const Region regions[N_FUNCTIONS][MAX_REGIONS] = {
	{{"whole range", log_whole, 40}, {"near 1", log_near_one, 30},
	{"reduction edges", log_reduction_edge, 15}, {"subnormals", subnormal, 15}},
	{{"whole range", log1p_whole, 40}, {"near 0", near_zero, 30},
	{"near -1", log1p_near_minus_one, 15}, {"subnormals", subnormal, 15}},
	{{"whole range", exp_whole, 40}, {"near 0", near_zero, 20},
	{"overflow", exp_overflow, 20}, {"underflow", exp_underflow, 20}},
};

/* Every function takes these too; their results must be libm's. */
static const double specials[] = {
	0.0, -0.0, INFINITY, -INFINITY, NAN, -NAN, 1.0, -1.0, 2.0, 0.5, -2.0,
	DBL_MIN, -DBL_MIN, DBL_TRUE_MIN, -DBL_TRUE_MIN, DBL_MAX, -DBL_MAX,
	DBL_EPSILON, -DBL_EPSILON / 2, 1e-300, -1e-300, 1e300, -1e300,
	-1.0 - DBL_EPSILON, -1.0 + DBL_EPSILON / 2, 0x1p54, 0x1p54 - 2.0,
	EXP_OVERFLOW, 0x1.62e42fefa39fp9, 710.0, EXP_UNDERFLOW,
	-0x1.74910d52d3052p9, -746.0, EXP_SUBNORMAL, -708.0, M_LN2, -M_LN2,
	M_SQRT1_2, M_SQRT2,
};

/* What one function over one region gave. */
typedef struct Result
{
	uint64_t	points;
	double		max_ulp;
	double		max_at;
	uint64_t	not_libm;		/* special results not libm's, wrong zeros */
	double		not_libm_at;
	uint64_t	lanes_differ;	/* lanes not the scalar function's bits */
	double		lanes_differ_at;
	uint64_t	checksum;
} Result;

/* The reference's working variables, one set per thread. */
typedef struct Reference
{
	mpfr_t		x;
	mpfr_t		y;
	mpfr_t		diff;
} Reference;

static bool
same_result(double a, double b)
{
	return same_bits(a, b) || (isnan(a) && isnan(b));
}

/*
 * got's error in units in the last place of the exact result: the unit of
 * the binade the exact result lies in (2^-1074 among the subnormals).
 * Negative where the exact result is no finite nonzero double and got is
 * libm's value, infinite where it is not, or where got is a 0 of the wrong
 * sign.
 */
static double
ulp_error(const Function *f, double x, double got, Reference *r)
{
	mpfr_exp_t	ulp_exponent;

	mpfr_set_d(r->x, x, MPFR_RNDN);
	f->reference(r->y, r->x, MPFR_RNDN);
	if (!mpfr_number_p(r->y) || mpfr_zero_p(r->y) ||
		isinf(mpfr_get_d(r->y, MPFR_RNDN)))
		return same_result(got, f->libm(x)) ? -1.0 : INFINITY;
	/* An underflow to 0 keeps the exact result's sign. */
	if (!isfinite(got) || (got == 0.0 && !signbit(got) != !mpfr_signbit(r->y)))
		return INFINITY;
	/* The exact result is m 2^e, 1/2 <= |m| < 1: its unit is 2^(e - 53). */
	ulp_exponent = mpfr_get_exp(r->y) - DBL_MANT_DIG;
	if (ulp_exponent < DBL_MIN_EXP - DBL_MANT_DIG)
		ulp_exponent = DBL_MIN_EXP - DBL_MANT_DIG;
	mpfr_set_d(r->diff, got, MPFR_RNDN);
	mpfr_sub(r->diff, r->diff, r->y, MPFR_RNDN);
	mpfr_mul_2si(r->diff, r->diff, -ulp_exponent, MPFR_RNDN);
	return fabs(mpfr_get_d(r->diff, MPFR_RNDN));
}

/* FNV-1a over a result's bits. */
static uint64_t
add_to_checksum(uint64_t sum, double v)
{
	uint64_t	bits = to_bits(v);

	for (int i = 0; i < 8; i++)
		sum = (sum ^ (bits >> (8 * i) & 0xff)) * 0x100000001b3ULL;
	return sum;
}

/*
 * n arguments (a multiple of the lanes, padded by the caller) through f,
 * scalar and in lanes, into res; measured against the reference unless r
 * is NULL.
 */
static void
measure(const Function *f, const double *x, size_t n, Reference *r, Result *res)
{
	for (size_t i = 0; i < n; i += XENT_LANES)
	{
		double		lanes[XENT_LANES];

		lanes_of(f - functions, x + i, lanes);

		for (size_t j = 0; j < XENT_LANES && i + j < n; j++)
		{
			double		arg = x[i + j];
			double		got = f->one(arg);

			res->points++;
			res->checksum = add_to_checksum(res->checksum, got);
			if (!same_bits(lanes[j], got) && res->lanes_differ++ == 0)
				res->lanes_differ_at = arg;
			if (r)
			{
				double		err = ulp_error(f, arg, got, r);

				if (isinf(err) && res->not_libm++ == 0)
					res->not_libm_at = arg;
				if (err > res->max_ulp || res->points == 1)
				{
					res->max_ulp = err;
					res->max_at = arg;
				}
			}
		}
	}
}

static void
merge(Result *into, const Result *from)
{
	if (from->points == 0)
		return;
	if (into->points == 0 || from->max_ulp > into->max_ulp)
	{
		into->max_ulp = from->max_ulp;
		into->max_at = from->max_at;
	}
	if (into->not_libm == 0)
		into->not_libm_at = from->not_libm_at;
	if (into->lanes_differ == 0)
		into->lanes_differ_at = from->lanes_differ_at;
	into->points += from->points;
	into->not_libm += from->not_libm;
	into->lanes_differ += from->lanes_differ;
	/* Order-free, so that the threads' order does not matter. */
	into->checksum += from->checksum;
}

static void
reference_init(Reference *r)
{
	mpfr_inits2(REFERENCE_BITS, r->x, r->y, r->diff, (mpfr_ptr) 0);
}

static void
reference_clear(Reference *r)
{
	mpfr_clears(r->x, r->y, r->diff, (mpfr_ptr) 0);
}

/*
 * count points of a region, in chunks whose random states are drawn from
 * the stream (of the seed, function and region) and the chunk alone.
 */
static void
run_region(const Function *f, const Region *region, uint64_t count,
		   uint64_t stream, bool reference, Result *total)
{
	uint64_t	chunks = (count + CHUNK - 1) / CHUNK;

#pragma omp parallel
	{
		Reference	r;
		Result		mine = {0};
		double	   *x = malloc(CHUNK * sizeof(double));

		reference_init(&r);
#pragma omp for schedule(dynamic)
		for (uint64_t c = 0; c < chunks; c++)
		{
			uint64_t	state = mix(mix(stream) + c);
			size_t		n = count - c * CHUNK < CHUNK ? count - c * CHUNK : CHUNK;
			Result		chunk = {0};

			for (size_t i = 0; i < n; i++)
				x[i] = region->generate(&state, c * CHUNK + i);
			for (size_t i = n; i % XENT_LANES; i++)
				x[i] = 1.0;
			measure(f, x, n, reference ? &r : NULL, &chunk);
			merge(&mine, &chunk);
		}
#pragma omp critical
		merge(total, &mine);
		reference_clear(&r);
		free(x);
	}
}

/* The corpus's doubles, appended to *values. */
typedef struct Values
{
	double	   *v;
	size_t		n;
	size_t		cap;
} Values;

static void
append(Values *values, double v)
{
	if (values->n == values->cap)
	{
		values->cap = values->cap ? 2 * values->cap : 1024;
		values->v = realloc(values->v, values->cap * sizeof(double));
		if (!values->v)
		{
			perror("realloc");
			exit(2);
		}
	}
	values->v[values->n++] = v;
}

/*
 * Every double of one corpus file: as fuzz_elementary decodes it (with
 * 1 + x, which it takes the logarithm of too), and the raw bits of every
 * 8 bytes at every offset.
 */
static void
read_corpus_file(const char *path, Values *values)
{
	FILE	   *file = fopen(path, "rb");
	uint8_t    *data = NULL;
	size_t		size = 0;
	size_t		cap = 0;
	size_t		got;
	FuzzInput	in;
	double		x[64];
	size_t		n;

	if (!file)
	{
		perror(path);
		exit(2);
	}
	do
	{
		if (size == cap)
		{
			cap = cap ? 2 * cap : 4096;
			data = realloc(data, cap);
			if (!data)
			{
				perror("realloc");
				exit(2);
			}
		}
		got = fread(data + size, 1, cap - size, file);
		size += got;
	} while (got > 0);
	fclose(file);

	fuzz_init(&in, data, size);
	n = fuzz_byte(&in) % 64;
	fuzz_fill(&in, x, n, fuzz_double);
	for (size_t i = 0; i < n; i++)
	{
		append(values, x[i]);
		append(values, 1.0 + x[i]);
	}
	for (size_t i = 0; i + 8 <= size; i++)
	{
		uint64_t	bits;

		memcpy(&bits, data + i, sizeof(bits));
		append(values, from_bits(bits));
	}
	free(data);
}

static void
read_corpus(const char *dir, Values *values)
{
	DIR		   *d = opendir(dir);
	struct dirent *entry;

	if (!d)
	{
		perror(dir);
		exit(2);
	}
	while ((entry = readdir(d)) != NULL)
	{
		char		path[4096];

		if (entry->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, entry->d_name);
		read_corpus_file(path, values);
	}
	closedir(d);
}

/* Fixed values, in one thread, padded to a multiple of the lanes. */
static void
run_values(const Function *f, const double *v, size_t n, bool reference,
		   Result *res)
{
	size_t		padded = padded_length(n);
	double	   *x = malloc((padded ? padded : 1) * sizeof(double));
	Reference	r;

	memcpy(x, v, n * sizeof(double));
	for (size_t i = n; i < padded; i++)
		x[i] = 1.0;
	reference_init(&r);
	measure(f, x, n, reference ? &r : NULL, res);
	reference_clear(&r);
	free(x);
}

static int	passed;
static int	failed;

/* v, exactly, in a column of width characters. */
static void
print_double(double v, int width)
{
	printf(isnan(v) || isinf(v) ? "%-*g" : "%-*a", width, v);
}

static void
report(const Function *f, const char *region, const Result *res, bool reference)
{
	bool		ok = res->lanes_differ == 0 &&
		(!reference || (res->not_libm == 0 && res->max_ulp < 1.0));

	if (!reference)
	{
		printf("%-6s %-16s %12" PRIu64 "  checksum %016" PRIx64 "\n",
			   f->name, region, res->points, res->checksum);
		if (res->lanes_differ)
		{
			printf("  lanes differ from the scalar function at %" PRIu64 " points, first ",
				   res->lanes_differ);
			print_double(res->lanes_differ_at, 0);
			printf("\n");
		}
	}
	else
	{
		printf("%-6s %-16s %12" PRIu64 "  %8.4f  ", f->name, region,
			   res->points, res->max_ulp < 0 ? 0.0 : res->max_ulp);
		print_double(res->max_at, 24);
		printf("  %s\n", ok ? "ok" : "FAILED");
		if (res->not_libm)
		{
			printf("  not libm's special value, or a 0 of the wrong sign, at %" PRIu64 " points, first ",
				   res->not_libm);
			print_double(res->not_libm_at, 0);
			printf("\n");
		}
		if (res->lanes_differ)
		{
			printf("  lanes differ from the scalar function at %" PRIu64 " points, first ",
				   res->lanes_differ);
			print_double(res->lanes_differ_at, 0);
			printf("\n");
		}
	}
	if (ok)
		passed++;
	else
		failed++;
}

static void
usage(void)
{
	fprintf(stderr, "usage: precision [--points N] [--seed S] [--corpus DIR] [--checksum]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	uint64_t	points = 2000000;
	uint64_t	seed = 1;
	const char *corpus = NULL;
	bool		reference = true;
	Values		corpus_values = {0};

	for (int i = 1; i < argc; i++)
	{
		if (strcmp(argv[i], "--points") == 0 && i + 1 < argc)
			points = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--corpus") == 0 && i + 1 < argc)
			corpus = argv[++i];
		else if (strcmp(argv[i], "--checksum") == 0)
			reference = false;
		else
			usage();
	}
	/* A row as soon as it is measured, through a pipe too: a long run. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* fuzz_common.h's report of a failing input: no fuzzer's input here. */
	fuzz_describe = NULL;
	if (corpus)
		read_corpus(corpus, &corpus_values);

	if (reference)
		printf("%-6s %-16s %12s  %8s  %s\n", "", "region", "points",
			   "max ulp", "at");
	for (size_t f = 0; f < N_FUNCTIONS; f++)
	{
		Result		res;

		for (int k = 0; k < MAX_REGIONS; k++)
		{
			const Region *region = &regions[f][k];

			memset(&res, 0, sizeof(res));
			run_region(&functions[f], region,
					   points * (uint64_t) region->share / 100,
					   (seed * N_FUNCTIONS + f) * MAX_REGIONS + k, reference, &res);
			report(&functions[f], region->name, &res, reference);
		}
		memset(&res, 0, sizeof(res));
		run_values(&functions[f], specials, sizeof(specials) / sizeof(specials[0]),
				   reference, &res);
		report(&functions[f], "special values", &res, reference);
		if (corpus)
		{
			memset(&res, 0, sizeof(res));
			run_values(&functions[f], corpus_values.v, corpus_values.n,
					   reference, &res);
			report(&functions[f], "fuzz corpus", &res, reference);
		}
	}
	printf("precision: %d passed, %d failed\n", passed, failed);
	free(corpus_values.v);
	return failed > 0;
}
