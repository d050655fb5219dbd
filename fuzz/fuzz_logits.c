/*
 * fuzz_logits.c
 *		Fuzz the logit kernels of src/logits.c: the checks and the pieces of
 *		log-sum-exp, softmax, log_softmax and the cross entropy against
 *		softmax(z), by distribution and by class label.
 *
 * log-sum-exp is the core's chunked scan (xent_lse_*), which src/losses.c
 * runs chunk by chunk between interrupt checks: here in one chunk, and
 * again in chunks of a size the input picks, which must find the same max
 * and argmax and a sum of the others equal up to rounding.
 *
 * Input: mode byte, n (u16), class label (u16), split point (u16), then
 * the logits and the weights of p (see fuzz_double).
 */
#include "fuzz_common.h"

#include "core.h"

#define MAX_N 600

/* What is being checked, for the report of a failure. */
static struct
{
	const double *z;
	const double *p;
	size_t		n;
	size_t		label;
	size_t		split;
} current;

static void
describe(void)
{
	fprintf(stderr, "\tn = %zu, label index %zu, split at %zu\n",
			current.n, current.label, current.split);
	fuzz_print_array("z", current.z, current.n);
	if (current.p)
		fuzz_print_array("p", current.p, current.n);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_describe = describe;
	return 0;
}

/* +Infinity and NaN are errors; -Infinity is a masked class. */
static bool
is_bad_logit(double z)
{
	return isnan(z) || z == INFINITY;
}

static void
check_raw(const double *z, size_t n)
{
	size_t		bad = n;
	size_t		argmax;

	for (size_t i = 0; i < n; i++)
		if (is_bad_logit(z[i]))
		{
			bad = i;
			break;
		}
	FUZZ_CHECK(xent_logits_first_invalid(z, n) == bad,
			   "xent_logits_first_invalid %zu, expected %zu",
			   xent_logits_first_invalid(z, n), bad);

	/* Whatever the input, the argmax is a subscript. */
	argmax = xent_argmax(z, n);
	FUZZ_CHECK(argmax < n, "xent_argmax %zu of %zu", argmax, n);
}

/*
 * The scan in chunks of another size: the same max and argmax (the first
 * largest, which the sum leaves out), and others summed in another order
 * of the same n - 1 terms in [0, 1], each rounded: within n eps of it.
 */
static void
check_chunked(const double *z, size_t n, size_t chunk, XentLse whole,
			  size_t whole_argmax)
{
	size_t		argmax;
	XentLse		lse = fuzz_lse_in_chunks(z, n, chunk, &argmax);

	FUZZ_CHECK(argmax == whole_argmax && same_bits(lse.max, whole.max),
			   "max %a at %zu in chunks of %zu, %a at %zu in one",
			   lse.max, argmax, chunk, whole.max, whole_argmax);
	FUZZ_CHECK(fabs(lse.others - whole.others) <= 2.0 * n * EPS * whole.others,
			   "others %a in chunks of %zu, %a in one", lse.others, chunk,
			   whole.others);
	if (chunk >= n)
		FUZZ_CHECK(same_bits(lse.others, whole.others) && same_bits(lse.rest, whole.rest),
				   "one chunk of %zu and one of %zu differ", chunk, n);
}

/* Cross entropy of p against softmax(z), in one call or two. */
static XentScan
logit_cross_entropy(const double *p, const double *z, size_t n, XentLse lse,
					size_t split)
{
	XentScan	scan;

	xent_scan_init(&scan);
	if (split == 0 || split >= n)
		xent_logit_cross_entropy_terms(p, z, n, lse, &scan);
	else
	{
		xent_logit_cross_entropy_terms(p, z, split, lse, &scan);
		xent_logit_cross_entropy_terms(p + split, z + split, n - split, lse,
									   &scan);
	}
	return scan;
}

/*
 * Logits without +Infinity or NaN, at least one finite: what the SQL layer
 * accepts.  p is a probability vector (weights divided by their sum).
 */
static void
check_valid(const double *z, const double *p, size_t n, size_t label,
			size_t split)
{
	size_t		argmax = xent_argmax(z, n);
	size_t		scan_argmax;
	XentLse		lse;
	double	   *sm = malloc(n * sizeof(double));
	double	   *ls = malloc(n * sizeof(double));
	long double ref_others = 0.0L;
	long double ref_rest;
	long double sum_sm = 0.0L;
	double		tol;

	/* The argmax is the first largest element. */
	for (size_t i = 0; i < n; i++)
	{
		FUZZ_CHECK(z[i] <= z[argmax], "z[%zu] = %a > z[argmax %zu] = %a",
				   i, z[i], argmax, z[argmax]);
		if (i < argmax)
			FUZZ_CHECK(z[i] < z[argmax], "argmax %zu is not the first", argmax);
	}

	lse = fuzz_lse_in_chunks(z, n, n, &scan_argmax);
	FUZZ_CHECK(isfinite(lse.max), "max %a", lse.max);
	FUZZ_CHECK(scan_argmax == argmax, "the scan's argmax %zu, xent_argmax %zu",
			   scan_argmax, argmax);
	check_chunked(z, n, split % n + 1, lse, argmax);

	/* Each other exp(z_i - max) is in [0, 1], and rounding is monotone. */
	FUZZ_CHECK(lse.others >= 0.0 && lse.others <= (double) (n - 1),
			   "sum of exp over the others %a (n %zu)", lse.others, n);
	FUZZ_CHECK(lse.rest >= 0.0 && lse.rest <= log((double) n) * (1 + 4 * EPS),
			   "log1p(others) %a (n %zu)", lse.rest, n);

	/*
	 * logsumexp >= max, and its part log1p(others) close to the long double
	 * reference: each exp(z_i - max) is off by eps (1 + |z_i - max|/2)
	 * relatively, the argument's rounding included, which is at most
	 * eps (e_i + 1/(2e)) absolutely; summing adds n eps; log1p divides
	 * the error by 1 + others and adds an ulp of its own.  The reference
	 * keeps max apart too: max + rest would round rest away for large max.
	 */
	for (size_t i = 0; i < n; i++)
		if (i != argmax)
			ref_others += expl((long double) z[i] - lse.max);
	ref_rest = log1pl(ref_others);
	FUZZ_CHECK(lse.max + lse.rest >= lse.max, "logsumexp < max");
	tol = EPS * (2.0 * n + 2.0 + (double) ref_rest);
	FUZZ_CHECK(fabsl(lse.rest - ref_rest) <= tol,
			   "log1p(others) = %.17g, reference %.17Lg (n %zu)",
			   lse.rest, ref_rest, n);

	/* In one call, or in two as the SQL layer's chunks would. */
	if (split == 0 || split >= n)
	{
		xent_softmax(z, n, lse, sm);
		xent_log_softmax(z, n, lse, ls);
	}
	else
	{
		xent_softmax(z, split, lse, sm);
		xent_softmax(z + split, n - split, lse, sm + split);
		xent_log_softmax(z, split, lse, ls);
		xent_log_softmax(z + split, n - split, lse, ls + split);
	}

	for (size_t i = 0; i < n; i++)
	{
		long double d = (long double) z[i] - lse.max;
		long double ref_ls = d - ref_rest;
		long double ref_sm = expl(ref_ls);

		FUZZ_CHECK(sm[i] >= 0.0 && sm[i] <= 1.0, "softmax[%zu] = %a", i, sm[i]);
		FUZZ_CHECK(sm[i] <= sm[argmax], "softmax[%zu] = %a > softmax[argmax]",
				   i, sm[i]);
		FUZZ_CHECK(ls[i] <= 0.0, "log_softmax[%zu] = %a > 0", i, ls[i]);
		FUZZ_CHECK(!isnan(ls[i]) && !isnan(sm[i]), "NaN at %zu", i);
		if (z[i] == -INFINITY)
		{
			/* A masked class: probability 0, log-probability -Infinity. */
			FUZZ_CHECK(sm[i] == 0.0 && ls[i] == -INFINITY,
					   "masked class %zu: softmax %a, log_softmax %a",
					   i, sm[i], ls[i]);
			continue;
		}
		sum_sm += sm[i];

		/*
		 * Against the reference: z_i - max rounds with an error of
		 * eps/2 |z_i - max|, exp and the division add a few eps, the
		 * denominator's error is that of logsumexp.
		 */
		FUZZ_CHECK(fabsl(sm[i] - ref_sm) <=
				   ref_sm * EPS * (4.0 + fabsl(d) + 2.0 * n) + UNDERFLOW_SLACK,
				   "softmax[%zu] = %.17g, reference %.17Lg", i, sm[i], ref_sm);
		if (ref_ls < -DBL_MAX / 2)
		{
			/* z_i - max overflows: -Infinity is the rounded value. */
			FUZZ_CHECK(ls[i] < -DBL_MAX / 4,
					   "log_softmax[%zu] = %.17g, reference %.17Lg", i, ls[i], ref_ls);
			continue;
		}
		FUZZ_CHECK(fabsl(ls[i] - ref_ls) <=
				   EPS * (4.0 + fabsl(d) + fabsl(ref_ls) + 2.0 * n),
				   "log_softmax[%zu] = %.17g, reference %.17Lg", i, ls[i], ref_ls);
	}
	/* The argmax's log-probability is exactly -log1p(others). */
	FUZZ_CHECK(ls[argmax] == -lse.rest, "log_softmax[argmax] = %a, rest %a",
			   ls[argmax], lse.rest);

	/*
	 * softmax sums to 1: the denominator is 1 plus the sum of the very
	 * numerators it divides, so only n + 2 roundings stand between them,
	 * and our sum of them adds n more.
	 */
	FUZZ_CHECK(fabsl(sum_sm - 1.0L) <= (2.0 * n + 8.0) * EPS,
			   "softmax sums to 1 + %Lg (n %zu)", sum_sm - 1.0L, n);

	/* Cross entropy by class label: (max - z[k]) + rest = -log_softmax[k]. */
	{
		double		ce = (lse.max - z[label]) + lse.rest;

		FUZZ_CHECK(ce >= 0.0, "cross_entropy_logits(label) = %a < 0", ce);
		FUZZ_CHECK(ce == -ls[label], "cross_entropy_logits(label) %a != -log_softmax %a",
				   ce, ls[label]);
	}

	/* Cross entropy of a distribution p. */
	{
		XentScan	scan = logit_cross_entropy(p, z, n, lse, split);
		double		ce = xent_scan_loss(&scan);
		bool		masked_hit = false;
		bool		spans_range = false;
		long double ref = 0.0L;
		long double sum_p = 0.0L;
		long double err_sm = 0.0L;
		long double abs_x = 0.0L;
		bool		sm_tiny = false;

		FUZZ_CHECK(!scan.invalid && !scan.nan, "valid p flagged");
		FUZZ_CHECK(!isnan(ce), "cross_entropy_logits is NaN");
		FUZZ_CHECK(ce >= 0.0, "cross_entropy_logits = %a < 0", ce);
		for (size_t i = 0; i < n; i++)
		{
			if (!(p[i] > 0.0))
				continue;
			sum_p += p[i];
			if (z[i] == -INFINITY)
				masked_hit = true;
			else if (lse.max - z[i] > DBL_MAX / 2)
				spans_range = true;
			else
			{
				ref += p[i] * (((long double) lse.max - z[i]) + ref_rest);
				err_sm += p[i] * EPS * (4.0 + fabsl((long double) z[i] - lse.max) + 2.0 * n);
				abs_x += p[i] * fabs(log(sm[i]));
			}
			if (sm[i] < 1e-290)
				sm_tiny = true;
		}
		if (masked_hit)
		{
			/* A masked class with p_i > 0 costs Infinity. */
			FUZZ_CHECK(ce == INFINITY, "masked class under p > 0: %a", ce);
			goto done;
		}
		/*
		 * Logits more than DBL_MAX apart: max - z_i overflows, and the loss
		 * is Infinity even where p_i (max - z_i) would be a (huge) double.
		 * Beyond what any model emits; accepted, and not measured.
		 */
		if (spans_range || ref > DBL_MAX / 4)
			goto done;

		/*
		 * Terms p_i ((max - z_i) + rest) are >= 0, each within a few eps of
		 * its value plus p_i times the error of rest; summing adds n eps.
		 */
		tol = EPS * ((n + 4.0) * ref + sum_p * (2.0 * n + 4.0 + lse.rest)) +
			n * UNDERFLOW_SLACK;
		FUZZ_CHECK(fabsl(ce - ref) <= tol,
				   "cross_entropy_logits %.17g, reference %.17Lg, tolerance %g",
				   ce, ref, tol);

		/*
		 * The same as cross entropy against the softmax probabilities, where
		 * they are normal numbers: each log softmax_i is off by the
		 * relative error of softmax_i.
		 */
		if (!sm_tiny)
		{
			XentScan	xs;
			double		x;
			double		tol_x;

			xent_scan_init(&xs);
			xent_kernels()->terms[XENT_CROSS_ENTROPY] (p, sm, n, 1.0, 1.0, &xs);
			x = xent_divergence_value(XENT_CROSS_ENTROPY, &xs);
			tol_x = tol + (double) err_sm + (n + 8) * EPS * (double) abs_x +
				n * UNDERFLOW_SLACK;
			FUZZ_CHECK(fabs(x - ce) <= tol_x,
					   "cross_entropy(p, softmax) %.17g, cross_entropy_logits %.17g, tolerance %g",
					   x, ce, tol_x);
		}
	}
done:
	free(sm);
	free(ls);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzInput	in;
	uint8_t		mode;
	size_t		n;
	size_t		label;
	size_t		split;
	double	   *z;
	double	   *w;
	double	   *p;
	XentScan	ws;
	bool		any_finite = false;

	fuzz_init(&in, data, size);
	mode = fuzz_byte(&in);
	/* Mostly short vectors, which run fast; long ones cross the chunks. */
	n = 1 + fuzz_u16(&in) % (mode & 0x80 ? MAX_N : 24);
	label = fuzz_u16(&in) % n;
	split = fuzz_u16(&in) % (n + 1);

	z = malloc(n * sizeof(double));
	w = malloc(n * sizeof(double));
	p = malloc(n * sizeof(double));
	fuzz_fill(&in, z, n, fuzz_double);
	current.z = z;
	current.p = NULL;
	current.n = n;
	current.label = label;
	current.split = split;
	check_raw(z, n);

	/* Mostly, make the logits acceptable: bad ones become masked classes. */
	if (mode & 1)
		for (size_t i = 0; i < n; i++)
			if (is_bad_logit(z[i]))
				z[i] = -INFINITY;

	for (size_t i = 0; i < n; i++)
	{
		if (is_bad_logit(z[i]))
			goto done;
		if (isfinite(z[i]))
			any_finite = true;
	}
	if (!any_finite)
		goto done;				/* the SQL layer rejects all -Infinity */

	/* p: weights divided by their sum; or one-hot, as a label would be. */
	if (mode & 2)
	{
		for (size_t i = 0; i < n; i++)
			p[i] = i == label ? 1.0 : 0.0;
	}
	else
	{
		fuzz_fill(&in, w, n, fuzz_weight);
		xent_scan_init(&ws);
		xent_kernels()->scan_sum(w, n, &ws);
		if (!(ws.sum_p > 0.0 && isfinite(ws.sum_p)))
			goto done;
		for (size_t i = 0; i < n; i++)
			p[i] = w[i] / ws.sum_p;
	}
	current.p = p;
	check_valid(z, p, n, label, split);

done:
	free(z);
	free(w);
	free(p);
	return 0;
}
