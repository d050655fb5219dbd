/*
 * fuzz_divergence.c
 *		Fuzz the divergence kernels of src/divergence.c (with src/vlog.c
 *		under them): every divergence of every build's table that this CPU
 *		runs (xent_runnable_kernels), whatever the dispatcher picks.
 *
 * Every input runs every kernel on arbitrary doubles, where nothing may
 * crash, the validity flags and sums must say what the vectors hold, and
 * every build must give the baseline's bits (lanes.h, elementary.h).
 * Where the vectors are what the SQL layer lets through (finite, >= 0, and
 * either summing to 1 within xent.tolerance or renormalised by their sums),
 * the results are also checked against a long double reference computed
 * the plain way and against the identities of information theory.
 *
 * Input: mode byte, n (u16), split point (u16), arbitrary divisors, then
 * the elements of p and q (see fuzz_double).  With the mode bits
 * REAL_ARRAYS, p and q are rounded to floats and widened by
 * xent_widen_float4, as a real[] argument is.
 */
#include "fuzz_common.h"

#include "core.h"

/* Past two of the kernels' blocks of 256 logarithms, with a tail. */
#define MAX_N 700

/* For reports; and a new divergence must be named here to compile. */
static const char *const divergence_names[] = {
	[XENT_ENTROPY] = "entropy",
	[XENT_CROSS_ENTROPY] = "cross entropy",
	[XENT_KL] = "KL",
	[XENT_JS] = "JS",
	[XENT_PSI] = "PSI",
	[XENT_HELLINGER] = "Hellinger",
	[XENT_TVD] = "TVD",
};

_Static_assert(sizeof(divergence_names) / sizeof(divergence_names[0]) ==
			   XENT_N_DIVERGENCES, "every divergence needs a name and a reference");

static const XentKernels *const *builds;
static size_t n_builds;

/* What is being checked, for the report of a failure. */
static struct
{
	const char *what;
	const XentKernels *build;
	const double *p;
	const double *q;
	size_t		n;
	double		p_div;
	double		q_div;
	size_t		split;
} current;

static void
describe(void)
{
	fprintf(stderr, "\t%s, kernels of the %s build, n = %zu, split at %zu\n\tp_div = ",
			current.what, current.build ? current.build->name : "-", current.n,
			current.split);
	fuzz_print_double(current.p_div);
	fprintf(stderr, ", q_div = ");
	fuzz_print_double(current.q_div);
	fprintf(stderr, "\n");
	fuzz_print_array("p", current.p, current.n);
	if (current.q)
		fuzz_print_array("q", current.q, current.n);
}

static void
set_current(const char *what, const double *p, const double *q, size_t n,
			double p_div, double q_div, size_t split)
{
	current.what = what;
	current.build = NULL;
	current.p = p;
	current.q = q;
	current.n = n;
	current.p_div = p_div;
	current.q_div = q_div;
	current.split = split;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	builds = xent_runnable_kernels(&n_builds);
	fuzz_describe = describe;
	return 0;
}

/*
 * One kernel over p (and q), in one call or, when 0 < split < n, in two:
 * the SQL layer hands long vectors over in chunks, and the scan must carry
 * sums, flags and the compensated loss from one call to the next.  As the
 * SQL layer does, a divergence that does not read q gets NULL and 1.
 */
static XentScan
run_kernel(const XentKernels *build, XentDivergence kind, const double *p,
		   const double *q, size_t n, double p_div, double q_div, size_t split)
{
	XentScan	scan;
	size_t		bounds[3] = {0, split, n};

	current.build = build;
	if (!xent_divergence_reads_q(kind))
	{
		q = NULL;
		q_div = 1.0;
	}
	if (split == 0 || split >= n)
		bounds[1] = n;
	xent_scan_init(&scan);
	for (int c = 0; c < 2; c++)
	{
		size_t		off = bounds[c];
		size_t		m = bounds[c + 1] - off;

		if (m == 0)
			continue;			/* the SQL layer never passes an empty chunk */
		build->terms[kind] (p + off, q ? q + off : NULL, m, p_div, q_div, &scan);
	}
	return scan;
}

/* The sum of x as the chosen build's first pass takes it. */
static XentScan
scan_sum(const double *x, size_t n)
{
	XentScan	scan;

	xent_scan_init(&scan);
	xent_kernels()->scan_sum(x, n, &scan);
	return scan;
}

static bool
is_invalid(double x)
{
	return x < 0.0 || isinf(x);
}

static size_t
naive_first_invalid(const double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (is_invalid(x[i]))
			return i;
	return n;
}

static bool
any_nan(const double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (isnan(x[i]))
			return true;
	return false;
}

/*
 * A kernel's sum of x against a plain one: any order of summation is within
 * n units of rounding of the sum of magnitudes (Higham's gamma_n).  Only
 * where every element is finite: otherwise the order decides between
 * Infinity and NaN.
 */
static void
check_sum(const char *what, double got, const double *x, size_t n)
{
	long double sum = 0.0L;
	long double mag = 0.0L;

	for (size_t i = 0; i < n; i++)
	{
		if (!isfinite(x[i]))
			return;
		sum += x[i];
		mag += fabsl((long double) x[i]);
	}
	if (!isfinite(got) && mag >= DBL_MAX / 2)
		return;					/* a partial sum may overflow, in some order */
	FUZZ_CHECK(fabsl(got - sum) <= (n + 2) * EPS * mag,
			   "%s: sum %a, reference %La (n %zu)", what, got, sum, n);
}

/* The same bits, or NaN both: a NaN's sign and payload are not results. */
static bool
same_result(double a, double b)
{
	return same_bits(a, b) || (isnan(a) && isnan(b));
}

/*
 * A build's scan has the very bits of the baseline build's: the flags and
 * sums always, and with_loss, for the input that the SQL layer passes (the
 * divisors are the sums; an arbitrary divisor can put a quotient where the
 * baseline's product splitting overflows, lanes.h), the loss.
 */
static void
check_same_scan(const char *what, const XentScan *scan, const XentScan *base,
				bool with_loss)
{
	FUZZ_CHECK(same_result(scan->sum_p, base->sum_p) &&
			   same_result(scan->sum_q, base->sum_q) &&
			   (!with_loss || (same_result(scan->loss, base->loss) &&
							   same_result(scan->loss_comp, base->loss_comp))) &&
			   scan->invalid == base->invalid && scan->nan == base->nan,
			   "%s: %s build's scan (sum_p %a, sum_q %a, loss %a + %a) differs from the baseline's (%a, %a, %a + %a)",
			   what, current.build->name, scan->sum_p, scan->sum_q,
			   scan->loss, scan->loss_comp, base->sum_p, base->sum_q,
			   base->loss, base->loss_comp);
}

/*
 * Any doubles, any divisors: no crash (the sanitizers watch), and flags and
 * sums that describe p and q whatever the terms came to.
 */
static void
check_raw(const double *p, const double *q, size_t n, double p_div,
		  double q_div, size_t split)
{
	bool		p_invalid = naive_first_invalid(p, n) < n;
	bool		q_invalid = naive_first_invalid(q, n) < n;
	bool		p_nan = any_nan(p, n);
	bool		q_nan = any_nan(q, n);

	set_current("arbitrary input", p, q, n, p_div, q_div, split);
	FUZZ_CHECK(xent_first_invalid(p, n) == naive_first_invalid(p, n),
			   "xent_first_invalid %zu, expected %zu",
			   xent_first_invalid(p, n), naive_first_invalid(p, n));

	for (size_t b = 0; b < n_builds; b++)
	{
		const XentKernels *build = builds[b];
		XentScan	scan;
		static XentScan baseline[XENT_N_DIVERGENCES][2];

		current.build = build;
		xent_scan_init(&scan);
		build->scan_sum(p, n, &scan);
		FUZZ_CHECK(scan.invalid == p_invalid && scan.nan == p_nan,
				   "scan_sum flags invalid %d nan %d, expected %d %d",
				   scan.invalid, scan.nan, p_invalid, p_nan);
		check_sum("scan_sum", scan.sum_p, p, n);

		for (int k = 0; k < XENT_N_DIVERGENCES; k++)
		{
			bool		two = xent_divergence_reads_q(k);

			for (int chunked = 0; chunked < 2; chunked++)
			{
				scan = run_kernel(build, k, p, q, n, p_div, q_div,
								  chunked ? split : n);
				FUZZ_CHECK(scan.invalid == (p_invalid || (two && q_invalid)) &&
						   scan.nan == (p_nan || (two && q_nan)),
						   "%s kernel flags invalid %d nan %d, expected %d %d",
						   divergence_names[k], scan.invalid, scan.nan,
						   p_invalid || (two && q_invalid),
						   p_nan || (two && q_nan));
				check_sum(divergence_names[k], scan.sum_p, p, n);
				if (two)
					check_sum(divergence_names[k], scan.sum_q, q, n);
				(void) xent_scan_loss(&scan);
				if (b == 0)
					baseline[k][chunked] = scan;
				else
					check_same_scan(divergence_names[k], &scan,
									&baseline[k][chunked], false);
			}
		}
	}
}

/*
 * The terms of every kernel for p' = p / p_div and q' = q / q_div, then
 * everything else in long double: its 64-bit significand makes the
 * reference's own error negligible next to double's, provided no
 * logarithm's argument is rounded near 1 (there, log1p of an exact
 * difference).  Entropy and
 * cross entropy take the quotients rounded to double as their kernels do.
 * The kernels of KL and of the measures of a difference (JS, PSI,
 * Hellinger, TVD) carry the quotients' rounding errors, so that p' - q' is
 * exact: their references take it exactly too (exact_difference).  abs_terms are the
 * sums of the terms' magnitudes, which bound the error any summation may
 * make; for those four every term has one sign, and that is their value.
 */
typedef struct Reference
{
	/* Per divergence, the sum of its terms as core.h defines them. */
	long double terms[XENT_N_DIVERGENCES];	/* finite terms only */
	long double abs_terms[XENT_N_DIVERGENCES];
	bool		infinite[XENT_N_DIVERGENCES];	/* some term is infinite */
	/* Sums of the exact quotients, as KL and JS take them ... */
	long double sum_p;			/* sum p' */
	long double sum_q;			/* sum q' */
	long double diff;			/* sum (p' - q'): exact terms near p' = q' */
	long double abs_diff;		/* sum |p' - q'| */
	/* ... and of the rounded ones, as entropy and cross entropy take them. */
	long double rounded_sum_p;
	long double rounded_sum_q;
	long double rounded_diff;
	long double rounded_abs_diff;

	/*
	 * What renormalising may cost the measures of a difference beyond their
	 * summation: the kernels carry each quotient's rounding error, but that
	 * error is itself rounded, so p' - q' is off by up to 2 eps^2 (p' + q'),
	 * which each term passes on times its derivative in p' - q'.
	 */
	long double diff_slack[XENT_N_DIVERGENCES];
} Reference;

static void
add_term(Reference *ref, XentDivergence kind, long double t)
{
	ref->terms[kind] += t;
	ref->abs_terms[kind] += fabsl(t);
}


/*
 * p / p_div - q / q_div, exactly but for one long double rounding:
 * (p q_div - q p_div) / (p_div q_div), each product split into its double
 * and that double's error (fma), and the difference of the two doubles
 * exact in long double for products within a factor 2^11 (elsewhere the
 * difference does not cancel, and its rounding is harmless).  Each
 * quotient's operands are first scaled by the power of two that brings its
 * divisor near 1, which changes no quotient and keeps the products from
 * underflowing where the divisors are tiny.  Where p and q are then below
 * 2^400 (always, for the vectors the kernels are checked against), both are
 * scaled up by 2^600 more, so that neither product nor its error is
 * subnormal, and the difference scaled back.
 */
static long double
exact_difference(double p, double q, double p_div, double q_div)
{
	int			p_scale = -ilogb(p_div);
	int			q_scale = -ilogb(q_div);
	int			up;
	double		a;
	double		b;

	p = ldexp(p, p_scale);
	p_div = ldexp(p_div, p_scale);
	q = ldexp(q, q_scale);
	q_div = ldexp(q_div, q_scale);
	up = fmax(fabs(p), fabs(q)) < 0x1p400 ? 600 : 0;
	p = ldexp(p, up);
	q = ldexp(q, up);
	a = p * q_div;
	b = q * p_div;
	long double num = ((long double) a - b) +
		((long double) fma(p, q_div, -a) - fma(q, p_div, -b));

	return ldexpl(num / ((long double) p_div * q_div), -up);
}

/*
 * (1+t) log(1+t) + (1-t) log(1-t), t in [-1, 1]: by its series of positive
 * terms where the logarithms would cancel, else directly.
 */
static long double
ref_js_g(long double t)
{
	long double t2 = t * t;
	long double g = 0.0L;

	t = fabsl(t);				/* g is even: 1 - t = 0 at one end only */

	if (t2 < 0.0625L)
	{
		for (int k = 40; k >= 1; k--)
			g = g * t2 + 1.0L / (k * (2.0L * k - 1.0L));
		return g * t2;
	}
	g = (1.0L + t) * log1pl(t);
	if (t < 1.0L)
		g += (1.0L - t) * log1pl(-t);
	return g;
}

/*
 * How far the kernels' sqrt of a quotient x' rounded to a double may be
 * from the square root of the exact x: a subnormal quotient is within
 * 2^-1075 of x, no closer, and a square root moves by at most the root of
 * that, or by that over 2 sqrt(x).  0 for a quotient rounded as a normal
 * double, whose error is the kernels' own rounding.
 */
static long double
subnormal_root_error(double rounded, long double exact)
{
	const long double half_unit = 0x1p-1075L;

	if (rounded == exact || fabs(rounded) >= DBL_MIN)
		return 0.0L;
	return fminl(sqrtl(half_unit), half_unit / (2.0L * sqrtl(exact)));
}

static void
reference(const double *p, const double *q, size_t n, double p_div,
		  double q_div, Reference *ref)
{
	memset(ref, 0, sizeof(*ref));
	for (size_t i = 0; i < n; i++)
	{
		double		pi = p[i] / p_div;
		double		qi = q[i] / q_div;
		long double exact_p = (long double) p[i] / p_div;
		long double exact_q = (long double) q[i] / q_div;
		long double d = exact_difference(p[i], q[i], p_div, q_div);
		long double s = exact_p + exact_q;
		long double d_err = (p_div != 1.0 || q_div != 1.0) ?
			2.0L * EPS * EPS * s : 0.0L;

		/*
		 * The rounding error of a quotient below 2^-969 is in the subnormal
		 * range, where the kernels carry it only to a multiple of 2^-1074.
		 */
		if ((p_div != 1.0 || q_div != 1.0) &&
			(fabs(pi) < 0x1p-969 || fabs(qi) < 0x1p-969))
			d_err += 0x1p-1073L;

		ref->sum_p += exact_p;
		ref->sum_q += exact_q;
		ref->diff += d;
		ref->abs_diff += fabsl(d);
		ref->rounded_sum_p += pi;
		ref->rounded_sum_q += qi;
		ref->rounded_diff += (long double) pi - qi;
		ref->rounded_abs_diff += fabsl((long double) pi - qi);
		if (pi > 0.0)
		{
			add_term(ref, XENT_ENTROPY, pi * logl(pi));
			if (qi > 0.0)
			{
				add_term(ref, XENT_CROSS_ENTROPY, pi * logl(qi));
				long double log_ratio = fabsl(d) < 0.5L * exact_q ?
					log1pl(d / exact_q) : logl(exact_p / exact_q);

				add_term(ref, XENT_KL, exact_p * log_ratio);
				ref->diff_slack[XENT_KL] += d_err * exact_p / fminl(exact_p, exact_q);
			}
			else
			{
				/* p' log 0 = -Infinity: cross entropy and KL are +Infinity. */
				ref->infinite[XENT_CROSS_ENTROPY] = true;
				ref->infinite[XENT_KL] = true;
			}
		}
		/*
		 * JS's pair: p' log(2p'/s) + q' log(2q'/s) = s/2 g((p' - q')/s),
		 * whose derivative in p' - q' is atanh(t), capped where one side is 0.
		 */
		if (s > 0.0L)
		{
			long double t = d / s;

			add_term(ref, XENT_JS, 0.5L * s * ref_js_g(t));
			ref->diff_slack[XENT_JS] += d_err * fminl(fabsl(atanhl(t)), 40.0L);
		}
		if (pi > 0.0 && qi > 0.0)
		{
			long double log_ratio = fabsl(d) < 0.5L * exact_q ?
				log1pl(d / exact_q) : logl(exact_p / exact_q);

			add_term(ref, XENT_PSI, d * log_ratio);
			ref->diff_slack[XENT_PSI] +=
				d_err * (fabsl(log_ratio) + fabsl(d) / fminl(exact_p, exact_q));
		}
		else if (pi > 0.0 || qi > 0.0)
			ref->infinite[XENT_PSI] = true;
		if (s > 0.0L)
		{
			long double root_sum = sqrtl(exact_p) + sqrtl(exact_q);
			long double h = d * XENT_HELLINGER_ROOT_SCALE / root_sum;

			/*
			 * The kernels' scaled root difference is within e of h, so
			 * its square within 2 |h| e + e^2 of h^2: the second order
			 * matters where a subnormal quotient's rounding is as large
			 * as the difference itself.
			 */
			long double e = XENT_HELLINGER_ROOT_SCALE *
				(d_err / root_sum + subnormal_root_error(pi, exact_p) +
				 subnormal_root_error(qi, exact_q));

			add_term(ref, XENT_HELLINGER, h * h);
			ref->diff_slack[XENT_HELLINGER] += 2.0L * fabsl(h) * e + e * e;
		}
		add_term(ref, XENT_TVD, fabsl(d));
		ref->diff_slack[XENT_TVD] += d_err;
	}
}

/*
 * The log-sum inequality bounds the divergences of vectors that do not
 * quite sum to 1: D(p'||q') >= Sp log(Sp/Sq), which is 0 for true
 * distributions and about Sp - Sq for rounded ones.  Near Sp = Sq it is
 * formed from the sum of the differences, exact term by term, so that its
 * own error (*err) stays far below the kernels'.
 */
static long double
log_sum_floor(long double sum_p, long double sum_q, long double diff,
			  long double abs_diff, size_t n, long double *err)
{
	if (sum_p == 0.0L || sum_q == 0.0L)
	{
		*err = 0.0L;
		return 0.0L;			/* D >= 0 trivially; Sq = 0 is Infinity */
	}
	if (sum_p / sum_q > 0.5L && sum_p / sum_q < 2.0L)
	{
		*err = 4 * (n + 2) * LDBL_EPSILON * abs_diff;
		return sum_p * log1pl(diff / sum_q);
	}
	*err = 4 * (n + 2) * LDBL_EPSILON * sum_p;
	return sum_p * logl(sum_p / sum_q);
}

/*
 * How far a kernel's sum of n terms may be from the exact sum of the same
 * terms: each term is within a few units of rounding of its own value (a
 * logarithm within an ulp, a product, a correction), and recursive
 * summation in any order adds at most n units of the sum of magnitudes.
 * So (n + 8) eps times the sum of magnitudes, plus underflow slack.
 */
static double
tolerance(size_t n, long double abs_terms)
{
	return (double) ((n + 8) * EPS * abs_terms) + n * UNDERFLOW_SLACK;
}

/*
 * Inputs as the SQL layer passes them: finite, >= 0, divided by p_div and
 * q_div.  normalised: p' and q' sum to 1 up to the rounding of the division
 * (the renormalize path, or vectors divided by their sums beforehand).
 */
static void
check_valid(const double *p, const double *q, size_t n, double p_div,
			double q_div, size_t split, bool normalised)
{
	Reference	ref;
	double		tol[XENT_N_DIVERGENCES];
	long double kl_floor;
	long double kl_floor_err;
	long double h_floor;
	long double h_floor_err;
	long double js_ceiling;

	set_current(normalised ? "normalised probabilities" :
				"probabilities within xent.tolerance", p, q, n, p_div, q_div, split);
	reference(p, q, n, p_div, q_div, &ref);
	for (int k = 0; k < XENT_N_DIVERGENCES; k++)
		tol[k] = tolerance(n, ref.abs_terms[k]) + (double) ref.diff_slack[k];

	/*
	 * KL of the exact quotients, and cross entropy less entropy of the
	 * rounded ones, have each their log-sum floor.  JS is >= 0 (the same
	 * inequality, for p' and q' against their mean, whose sum is theirs)
	 * and at most (Sp + Sq)/2 ln 2 (each log <= ln 2).
	 */
	kl_floor = log_sum_floor(ref.sum_p, ref.sum_q, ref.diff, ref.abs_diff, n,
							 &kl_floor_err);
	h_floor = log_sum_floor(ref.rounded_sum_p, ref.rounded_sum_q,
							ref.rounded_diff, ref.rounded_abs_diff, n,
							&h_floor_err);
	js_ceiling = 0.5L * (ref.sum_p + ref.sum_q) * M_LN2;

	/*
	 * Every build, in one call and split in two chunks: each build's
	 * kernels carry the scan from chunk to chunk in code of their own.
	 */
	for (size_t round = 0; round < 2 * n_builds; round++)
	{
		const XentKernels *build = builds[round / 2];
		size_t		at = round % 2 ? split : n;
		XentScan	scan[XENT_N_DIVERGENCES];
		static XentScan baseline[XENT_N_DIVERGENCES][2];
		XentScan	swapped;
		double		h;
		double		x;
		double		d;
		double		j;
		double		j_swapped;
		double		js_value;
		double		renormalised_kl;

		/*
		 * Every divergence against its reference: valid input is never
		 * flagged and never gives NaN, and a term is infinite (q' = 0
		 * under p' > 0) exactly where the divergence is +Infinity.
		 */
		for (int k = 0; k < XENT_N_DIVERGENCES; k++)
		{
			double		loss;

			scan[k] = run_kernel(build, k, p, q, n, p_div, q_div, at);
			if (round < 2)
				baseline[k][round] = scan[k];
			else
				check_same_scan(divergence_names[k], &scan[k],
								&baseline[k][round % 2], true);
			loss = xent_scan_loss(&scan[k]);
			FUZZ_CHECK(!scan[k].invalid && !scan[k].nan, "%s: valid input flagged",
					   divergence_names[k]);
			FUZZ_CHECK(ref.infinite[k] ? xent_divergence_value(k, &scan[k]) == INFINITY :
					   isfinite(loss),
					   "%s: sum %.17g, reference %.17Lg, an infinite term: %d",
					   divergence_names[k], loss, ref.terms[k], ref.infinite[k]);
			if (!ref.infinite[k])
				FUZZ_CHECK(fabsl(loss - ref.terms[k]) <= tol[k],
						   "%s: sum %.17g, reference %.17Lg, tolerance %g (n %zu)",
						   divergence_names[k], loss, ref.terms[k], tol[k], n);
		}
		h = xent_divergence_value(XENT_ENTROPY, &scan[XENT_ENTROPY]);
		x = xent_divergence_value(XENT_CROSS_ENTROPY, &scan[XENT_CROSS_ENTROPY]);
		d = xent_divergence_value(XENT_KL, &scan[XENT_KL]);
		/* Unclamped, to see what the kernel gives. */
		j = 0.5 * xent_scan_loss(&scan[XENT_JS]);
		swapped = run_kernel(build, XENT_JS, q, p, n, q_div, p_div, at);
		j_swapped = 0.5 * xent_scan_loss(&swapped);

		/* JS is symmetric bit for bit: the README promises it. */
		FUZZ_CHECK(same_bits(j, j_swapped),
				   "JS(p,q) = %a but JS(q,p) = %a", j, j_swapped);

		FUZZ_CHECK(j >= -tol[XENT_JS] && j <= js_ceiling + tol[XENT_JS],
				   "JS = %.17g outside [0, %.17Lg] (tolerance %g)",
				   j, js_ceiling, tol[XENT_JS]);
		if (normalised)
		{
			/* p' <= 1, so every term of H is >= 0 and so is their sum. */
			FUZZ_CHECK(h >= -1e-15, "H(p) = %.17g < 0", h);
			FUZZ_CHECK(j <= M_LN2 + tol[XENT_JS], "JS = %.17g > ln 2", j);
		}
		/* What js_div returns is kept in [0, ln 2] whatever the rounding. */
		js_value = xent_divergence_value(XENT_JS, &scan[XENT_JS]);
		FUZZ_CHECK(js_value >= 0.0 && js_value <= M_LN2,
				   "JS value %a outside [0, ln 2]", js_value);

		if (ref.infinite[XENT_KL])
			continue;

		/*
		 * Gibbs: D >= 0 and H(p,q) >= H(p), up to the sums' own distance
		 * from 1 (kl_floor, h_floor) and each kernel's rounding.
		 */
		FUZZ_CHECK(d >= kl_floor - kl_floor_err - tol[XENT_KL],
				   "D(p||q) = %.17g below its floor %.17Lg (tolerance %g)",
				   d, kl_floor, tol[XENT_KL]);
		FUZZ_CHECK(x - h >= h_floor - h_floor_err -
				   (tol[XENT_CROSS_ENTROPY] + tol[XENT_ENTROPY] + EPS * fabs(x)),
				   "H(p,q) = %.17g < H(p) = %.17g (floor %.17Lg)",
				   x, h, h_floor);

		/*
		 * H(p,q) = H(p) + D(p||q) term by term, so the three sums can
		 * differ only by their own errors and the rounding of h + d; and,
		 * renormalising, by KL's taking the quotients exactly where the
		 * other two take them rounded: up to 2 eps sum p' in all.
		 */
		renormalised_kl = (p_div != 1.0 || q_div != 1.0) ?
			4 * EPS * (double) ref.sum_p : 0.0;
		FUZZ_CHECK(fabs(x - (h + d)) <=
				   tol[XENT_CROSS_ENTROPY] + tol[XENT_ENTROPY] + tol[XENT_KL] +
				   2 * EPS * (fabs(x) + fabs(h + d)) + renormalised_kl,
				   "H(p,q) = %.17g but H(p) + D(p||q) = %.17g + %.17g",
				   x, h, d);
	}
}

/*
 * The entropy of n equal weights, renormalised, is ln n: each p' is the
 * same u = c / S, so H = -n u log u = S' (ln n - ln S') with S' = n u,
 * which is 1 but for the rounding of S and of the quotient.
 */
static void
check_uniform(double c, size_t n, size_t split)
{
	double	   *p = malloc(n * sizeof(double));
	XentScan	scan;
	long double s;
	long double tol;

	for (size_t i = 0; i < n; i++)
		p[i] = c;
	scan = scan_sum(p, n);
	set_current("equal weights", p, NULL, n, scan.sum_p, 1.0, split);
	if (!(scan.sum_p > 0.0 && isfinite(scan.sum_p)))
	{
		free(p);
		return;					/* the SQL layer rejects this divisor */
	}
	s = (long double) n * (p[0] / scan.sum_p);	/* exact in long double */
	tol = fabsl(s - 1.0L) * (logl(n) + 2.0L) + (n + 8) * EPS * (logl(n) + 1.0L) +
		n * UNDERFLOW_SLACK;
	for (size_t round = 0; round < 2 * n_builds; round++)
	{
		XentScan	h_scan = run_kernel(builds[round / 2], XENT_ENTROPY, p, NULL,
										n, scan.sum_p, 1.0, round % 2 ? split : n);
		double		h = xent_divergence_value(XENT_ENTROPY, &h_scan);

		FUZZ_CHECK(fabsl(h - logl(n)) <= tol,
				   "entropy of %zu equal weights %a is %.17g, not ln n = %.17Lg",
				   n, c, h, logl(n));
	}
	free(p);
}

/* Divide x by its sum into out, as a user would before calling without renormalize. */
static bool
normalise_into(const double *x, size_t n, double *out)
{
	XentScan	scan = scan_sum(x, n);

	if (!(scan.sum_p > 0.0 && isfinite(scan.sum_p)))
		return false;
	for (size_t i = 0; i < n; i++)
		out[i] = x[i] / scan.sum_p;
	return true;
}

/*
 * The mode bits that make the vectors real[]s: all four spare ones, so that
 * one input in sixteen is, and few inputs of the corpus changed meaning.
 */
#define REAL_ARRAYS 0x78

/*
 * Round x to floats, as a real[] column would hold it, and widen those back
 * with xent_widen_float4, whose output must be exactly the floats.  The
 * floats are a buffer of exactly n, so that ASan sees any read past it.
 */
static void
as_real_array(double *x, size_t n)
{
	float	   *f = malloc(n * sizeof(float));

	for (size_t i = 0; i < n; i++)
		f[i] = (float) x[i];
	xent_widen_float4(f, n, x);
	for (size_t i = 0; i < n; i++)
		if (!(x[i] == (double) f[i] || (isnan(x[i]) && isnan(f[i]))))
		{
			fprintf(stderr, "widened float %zu of %zu is not the float\n", i, n);
			abort();
		}
	free(f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzInput	in;
	uint8_t		mode;
	size_t		n;
	size_t		split;
	double		p_div;
	double		q_div;
	double	   *p;
	double	   *q;
	double	   *pn;
	double	   *qn;
	XentScan	ps;
	XentScan	qs;

	fuzz_init(&in, data, size);
	mode = fuzz_byte(&in);
	/* Mostly short vectors, which run fast; long ones cross the blocks. */
	n = 1 + fuzz_u16(&in) % (mode & 0x80 ? MAX_N : 24);
	split = fuzz_u16(&in) % (n + 1);

	/* Exactly n elements each, so that ASan sees any read past the end. */
	p = malloc(n * sizeof(double));
	q = malloc(n * sizeof(double));
	pn = malloc(n * sizeof(double));
	qn = malloc(n * sizeof(double));

	if (mode & 1)
	{
		/* Uniform weights: entropy must be ln n. */
		check_uniform(fuzz_weight(&in), n, split);
		for (size_t i = 0; i < n; i++)
			p[i] = 1.0 / n;		/* rounded: sums to 1 only within n eps */
		check_valid(p, p, n, 1.0, 1.0, split, true);
		goto done;
	}

	p_div = fuzz_double(&in);
	q_div = fuzz_double(&in);
	switch ((mode >> 1) % 4)
	{
		case 0:
			/* Anything at all: only the raw checks apply, mostly. */
			fuzz_fill(&in, p, n, fuzz_double);
			fuzz_fill(&in, q, n, fuzz_double);
			break;
		case 1:
		case 2:
			/* Weights: histograms, probabilities, subnormals, zeros. */
			fuzz_fill(&in, p, n, fuzz_weight);
			fuzz_fill(&in, q, n, fuzz_weight);
			break;
		case 3:
			/* Nearly equal: where precision is hardest to keep. */
			fuzz_fill(&in, p, n, fuzz_weight);
			fuzz_fill_near(&in, p, q, n);
			break;
	}

	/* Now and then a real[], widened as the SQL layer widens one. */
	if ((mode & REAL_ARRAYS) == REAL_ARRAYS)
	{
		as_real_array(p, n);
		as_real_array(q, n);
	}

	/* Arbitrary divisors first (no crash), then what the SQL layer does. */
	check_raw(p, q, n, p_div, q_div, split);
	check_raw(p, q, n, 1.0, 1.0, split);

	if (naive_first_invalid(p, n) < n || naive_first_invalid(q, n) < n ||
		any_nan(p, n) || any_nan(q, n))
		goto done;

	ps = scan_sum(p, n);
	qs = scan_sum(q, n);

	/* As given, if the sums pass the loosest xent.tolerance (1: in [0, 2]). */
	if (ps.sum_p >= 0.0 && ps.sum_p <= 2.0 && qs.sum_p >= 0.0 && qs.sum_p <= 2.0)
		check_valid(p, q, n, 1.0, 1.0, split, false);

	/* renormalize => true: the kernels divide by the sums. */
	if (ps.sum_p > 0.0 && isfinite(ps.sum_p) &&
		qs.sum_p > 0.0 && isfinite(qs.sum_p))
		check_valid(p, q, n, ps.sum_p, qs.sum_p, split, true);

	/* Divided beforehand, then passed as probabilities. */
	if (normalise_into(p, n, pn) && normalise_into(q, n, qn))
		check_valid(pn, qn, n, 1.0, 1.0, split, true);

done:
	free(p);
	free(q);
	free(pn);
	free(qn);
	return 0;
}
