/*
 * fuzz_binary.c
 *		Fuzz the binary cross entropy kernels of src/binary.c: xent_bce from
 *		a probability and xent_bce_logit from a logit; and the blocks of rows
 *		whose logarithms the aggregates take together (pending_losses.h),
 *		which must give each row the same bits, in every kernel build.
 *
 * Any label, probability or logit: no crash, NaN in gives NaN out.  Where
 * the SQL layer lets them through (label and prob in [0, 1], any logit),
 * the loss is >= 0, never -0, never NaN, and within a few units of
 * rounding of a long double reference computed another way.
 *
 * Input: label, prob, logit (see fuzz_double), repeated while bytes last.
 */
#include "fuzz_common.h"

#include "core.h"
#include "pending_losses.h"

/*
 * -(y log p + (1-y) log(1-p)) in long double, straight from the definition
 * (log1pl for log(1-p): 1 - p itself would round away a tiny p).
 */
static long double
ref_bce(double y, double p)
{
	long double a = y == 0.0 ? 0.0L : y * logl(p);
	long double b = y == 1.0 ? 0.0L : (1.0L - y) * log1pl(-(long double) p);

	return -(a + b);
}

/*
 * The same from a logit, as y log(1 + e^-z) + (1-y) log(1 + e^z): the
 * textbook identities -log sigmoid(z) = log1p(e^-z) and
 * -log(1 - sigmoid(z)) = log1p(e^z), free of the kernel's max/abs split.
 * long double's exponent reaches e^11356, so no double logit overflows
 * this but +-Infinity, handled apart.
 */
static long double
ref_bce_logit(double y, double z)
{
	long double a = y == 0.0 ? 0.0L : y * log1pl(expl(-(long double) z));
	long double b = y == 1.0 ? 0.0L : (1.0L - y) * log1pl(expl((long double) z));

	return a + b;
}

static void
check_bce(double y, double p)
{
	double		loss = xent_bce(y, p);
	long double ref;

	if (isnan(y) || isnan(p))
	{
		FUZZ_CHECK(isnan(loss), "bce(%a, %a) = %a, not NaN", y, p, loss);
		return;
	}
	if (!(y >= 0.0 && y <= 1.0 && p >= 0.0 && p <= 1.0))
		return;					/* an error in SQL; no crash is all we ask */

	/* Both logarithms are <= 0 and both weights >= 0. */
	FUZZ_CHECK(!isnan(loss) && loss >= 0.0 && !signbit(loss),
			   "bce(%a, %a) = %a", y, p, loss);

	/*
	 * Two logarithms within an ulp each, two products, 1 - y and one
	 * addition of terms of one sign: 8 eps is generous.  A certain,
	 * wrong prediction is Infinity both ways.
	 */
	ref = ref_bce(y, p);
	if (isinf(ref) || ref > DBL_MAX)
		FUZZ_CHECK(loss == INFINITY, "bce(%a, %a) = %a, reference %Lg",
				   y, p, loss, ref);
	else
		FUZZ_CHECK(fabsl(loss - ref) <= 8 * EPS * ref + UNDERFLOW_SLACK,
				   "bce(%a, %a) = %.17g, reference %.17Lg", y, p, loss, ref);

	/*
	 * Gibbs for two outcomes: the loss is least where the prediction is
	 * the label itself.
	 */
	{
		double		best = xent_bce(y, y);

		FUZZ_CHECK(loss >= best - 16 * EPS * (best + loss) - UNDERFLOW_SLACK,
				   "bce(%a, %a) = %.17g < bce(y, y) = %.17g", y, p, loss, best);
	}
}

static void
check_bce_logit(double y, double z)
{
	double		loss = xent_bce_logit(y, z);
	long double ref;

	if (isnan(y) || isnan(z))
	{
		FUZZ_CHECK(isnan(loss), "bce_logit(%a, %a) = %a, not NaN", y, z, loss);
		return;
	}
	if (!(y >= 0.0 && y <= 1.0))
		return;

	FUZZ_CHECK(!isnan(loss) && loss >= 0.0 && !signbit(loss),
			   "bce_logit(%a, %a) = %a", y, z, loss);

	/* Infinite logits give the limits: 0 when the label agrees. */
	if (isinf(z))
	{
		bool		agrees = z > 0 ? y == 1.0 : y == 0.0;

		FUZZ_CHECK(agrees ? loss == 0.0 : loss == INFINITY,
				   "bce_logit(%a, %a) = %a", y, z, loss);
		return;
	}

	/*
	 * Every term the kernel adds is >= 0 (no cancellation), each within a
	 * few eps: relatively 8 eps, plus underflow where e^-|z| is subnormal.
	 */
	ref = ref_bce_logit(y, z);
	FUZZ_CHECK(fabsl(loss - ref) <= 8 * EPS * ref + UNDERFLOW_SLACK,
			   "bce_logit(%a, %a) = %.17g, reference %.17Lg", y, z, loss, ref);

	/*
	 * bce_logit(y, z) = bce(y, sigmoid(z)) where sigmoid(z) is a good
	 * double: for |z| <= 30, p = 1/(1 + e^-z) is within 3 eps, 1 - p within
	 * 3 eps p/(1-p) <= 3 eps e^z relatively, and each log turns a relative
	 * error into an absolute one.
	 */
	if (fabs(z) <= 30.0)
	{
		double		p = 1.0 / (1.0 + exp(-z));
		double		via_prob = xent_bce(y, p);
		double		tol = 4 * EPS * (1.0 + exp(fabs(z))) + 8 * EPS * (loss + via_prob);

		FUZZ_CHECK(fabs(loss - via_prob) <= tol,
				   "bce_logit(%a, %a) = %.17g but bce(y, sigmoid(z) = %a) = %.17g",
				   y, z, loss, p, via_prob);
	}
}

/*
 * A row that a mean-loss aggregate files for a block of logarithms, taken
 * by each build this CPU runs: copies enough to fill whole lanes and a
 * tail, each the bits xent_bce or xent_bce_logit gives the row alone.
 */
#define PENDING_COPIES 19

static void
check_pending_block(PendingLosses *pending, const XentKernels *build,
					double want, const char *func, double y, double x)
{
	double		loss[PENDING_ROWS];
	int			n = pending_losses_take(pending, build, loss);

	FUZZ_CHECK(n == PENDING_COPIES, "%d pending losses", n);
	for (int i = 0; i < n; i++)
		FUZZ_CHECK(same_bits(loss[i], want),
				   "pending %s(%a, %a) = %a in %s, alone %a",
				   func, y, x, loss[i], build->name, want);
}

static void
check_pending(double y, double p, double z)
{
	size_t		n_builds;
	const XentKernels *const *builds = xent_runnable_kernels(&n_builds);
	bool		hard_row = (y == 0.0 || y == 1.0) && p >= 0.0 && p <= 1.0;
	bool		logit_row = y >= 0.0 && y <= 1.0 && !isnan(z);
	PendingLosses pending;

	for (size_t b = 0; b < n_builds; b++)
	{
		if (hard_row)
		{
			pending_losses_init(&pending, false);
			for (int i = 0; i < PENDING_COPIES; i++)
				pending_losses_add_prob(&pending, y == 1.0, p);
			check_pending_block(&pending, builds[b], xent_bce(y, p), "bce", y, p);
		}
		if (logit_row)
		{
			pending_losses_init(&pending, true);
			for (int i = 0; i < PENDING_COPIES; i++)
				pending_losses_add_logit(&pending, y, z);
			check_pending_block(&pending, builds[b], xent_bce_logit(y, z),
								"bce_logit", y, z);
		}
	}
}

static double current_y;
static double current_p;
static double current_z;

static void
describe(void)
{
	fprintf(stderr, "\tlabel ");
	fuzz_print_double(current_y);
	fprintf(stderr, ", prob ");
	fuzz_print_double(current_p);
	fprintf(stderr, ", logit ");
	fuzz_print_double(current_z);
	fprintf(stderr, "\n");
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_describe = describe;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzInput	in;

	fuzz_init(&in, data, size);
	do
	{
		double		y = fuzz_double(&in);
		double		p = fuzz_double(&in);
		double		z = fuzz_double(&in);

		current_y = y;
		current_p = p;
		current_z = z;
		check_bce(y, p);
		check_bce(p, y);
		check_bce_logit(y, z);
		check_bce_logit(p, z);
		check_bce_logit(y, p);
		check_pending(y, p, z);
		check_pending(p, y, z);
	} while (!fuzz_exhausted(&in));
	return 0;
}
