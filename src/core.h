/*
 * core.h
 *		The numeric core of xent: pure C over (const double *, length),
 *		knowing nothing of PostgreSQL, so it can be tested, fuzzed and
 *		vectorised on its own.  The fmgr layer validates structure (nulls,
 *		dimensions, lengths), feeds these kernels in chunks so that it can
 *		check for interrupts between them, and turns what they report into
 *		errors.
 *
 * All logarithms here are natural; the caller divides by log(base).
 */
#ifndef XENT_CORE_H
#define XENT_CORE_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * What no element of a probability vector may be: negative, or +-Infinity
 * (-Infinity is negative).  NaN is not invalid: it makes the result NaN, as
 * in PostgreSQL's float arithmetic.  Written with operators alone, so that
 * it applies to a double (true or false) and, lane by lane, to a GCC vector
 * of them (a mask): the one definition behind every check.
 */
#define XENT_INVALID_PROBABILITY(x) (((x) < 0.0) | ((x) == INFINITY))

/*
 * What passes over probability vectors found.  The kernels validate while
 * they compute: sums and flags are gathered in the same loop as the loss,
 * and only when a flag is up does the caller look for the element to blame.
 */
typedef struct XentScan
{
	double		sum_p;			/* sum of the first vector's elements */
	double		sum_q;			/* sum of the second vector's, if any */
	double		loss;			/* compensated sum of the kernel's terms */
	double		loss_comp;		/* its running compensation */
	bool		invalid;		/* an element < 0 or +-Infinity was seen */
	bool		nan;			/* a NaN was seen */
} XentScan;

extern void xent_scan_init(XentScan *scan);
extern double xent_scan_loss(const XentScan *scan);

/* Index of the first element that is < 0 or +-Infinity, or n if none. */
extern size_t xent_first_invalid(const double *x, size_t n);

/* out[i] = x[i] for n floats: exact, since every float is a double. */
extern void xent_widen_float4(const float *x, size_t n, double *out);

/*
 * The divergences of two probability vectors (entropy: of one).  A kernel
 * sums one term over the elements, with p' = p / p_div and q' = q / q_div,
 * and xent_divergence_value turns the sum into the divergence.
 */
typedef enum XentDivergence
{
	XENT_ENTROPY,				/* p' log p'; q unused */
	XENT_CROSS_ENTROPY,			/* p' log q' */
	XENT_KL,					/* p' log(p'/q'); +Infinity where q' = 0 */
	XENT_JS,					/* p' log(2p'/(p'+q')) + q' log(2q'/(p'+q')) */
	XENT_PSI,					/* (p'-q') log(p'/q'); +Infinity where one is 0 */
	XENT_HELLINGER,				/* (sqrt p' - sqrt q')^2, scaled (below) */
	XENT_TVD,					/* |p' - q'| */
	XENT_N_DIVERGENCES
} XentDivergence;

/*
 * Hellinger's terms are summed with each difference of square roots scaled
 * by this power of two, exactly, so squared by its square: a square near
 * the subnormal range would otherwise lose its bits, or all of them, before
 * the square root.  The scaled sum of valid input stays below 2^1002.
 */
#define XENT_HELLINGER_ROOT_SCALE 0x1p500

/*
 * A kernel of one divergence: adds to scan->loss the sum of its term over
 * n elements of p (and q), a part weighed by p' or q' counting 0 where that
 * weight is 0 (0 log 0 = 0), and updates the sums and flags from p and q as
 * given.  Not renormalising, the caller
 * passes p_div = q_div = 1, and dividing by 1 is exact.  Called chunk by
 * chunk, it carries the scan from one chunk to the next.
 */
typedef void (*XentTermsKernel) (const double *p, const double *q, size_t n,
								 double p_div, double q_div, XentScan *scan);

/*
 * One build of the kernels for one instruction set (isa.h), indexed by the
 * divergence.  To add a divergence: its XentDivergence above, its kernel
 * and its entry in the table at the end of divergence.c, its value in
 * xent_divergence_value (scan.c); then its SQL function (fn_divergence.c)
 * and its reference in fuzz/fuzz_divergence.c.
 */
typedef struct XentKernels
{
	const char *name;			/* "baseline", "avx2" or "avx512" */
	/* Sum and flags of x alone, into sum_p: the pass before renormalising. */
	void		(*scan_sum) (const double *x, size_t n, XentScan *scan);
	/*
	 * The natural log, log(1 + x) and exp of x[0..n), in place
	 * (elementary_blocks.h): the same bits in every build.
	 */
	void		(*log_block) (double *x, size_t n);
	void		(*log1p_block) (double *x, size_t n);
	void		(*exp_block) (double *x, size_t n);
	/* The sum of exp(z_i - max), and exp(z_i - max) / denominator. */
	double		(*sum_exp) (const double *z, size_t n, double max);
	void		(*softmax) (const double *z, size_t n, double max,
							double denominator, double *out);
	XentTermsKernel terms[XENT_N_DIVERGENCES];
} XentKernels;

/*
 * The build for this CPU, chosen at the first call, for vectors of every
 * length: with eight lanes in every build, the widest also does the fewest
 * operations for a vector of ten.
 */
extern const XentKernels *xent_kernels(void);

/*
 * Every build this CPU can run, the baseline first and xent_kernels()'s
 * choice last; *n is set to their number.  For the fuzzers, which must
 * reach them all.
 */
extern const XentKernels *const *xent_runnable_kernels(size_t *n);

static inline bool
xent_divergence_reads_q(XentDivergence kind)
{
	return kind != XENT_ENTROPY;
}

/*
 * The divergence, in nats, that a scan of all of p (and q) comes to: the
 * sum of the terms negated for entropy and cross entropy, halved for JS.
 */
extern double xent_divergence_value(XentDivergence kind, const XentScan *scan);

/*
 * Logits.  A logit vector may hold -Infinity (a masked class) but not
 * +Infinity or NaN; xent_logits_first_invalid finds the first such element.
 *
 * log(sum exp z_i) is kept in two parts, max + rest, with
 * rest = log1p(sum over the other elements of exp(z_i - max)), because
 * lse - z_i is best formed as (max - z_i) + rest: both non-negative, so
 * log-probabilities and losses keep full precision for logits in the
 * thousands.  The max must be finite (some logit is).
 */
typedef struct XentLse
{
	double		max;
	double		others;			/* sum of exp(z_i - max) over the others */
	double		rest;			/* log1p(others) */
} XentLse;

extern size_t xent_logits_first_invalid(const double *z, size_t n);

/*
 * log-sum-exp of z[0 .. n - 1] in chunks, as the SQL layer runs it between
 * interrupt checks: a first pass over every chunk in order
 * (xent_lse_max_chunk) finds the first largest element; the caller checks
 * that it is finite; a second pass (xent_lse_sum_chunk) adds exp(z_i - max)
 * over the others, chunk after chunk; xent_lse_finish forms rest.  The
 * max and argmax are the same however z is split into chunks; the sum of
 * the others is rounded chunk by chunk, so a split changes it by rounding
 * only (one chunk is the plain left-to-right sum).
 */
typedef struct XentLseScan
{
	size_t		argmax;
	double		max;
	double		others;
} XentLseScan;

extern void xent_lse_init(XentLseScan *scan);
/* Chunks z[off .. off + n - 1] are passed in order, z the whole vector. */
extern void xent_lse_max_chunk(XentLseScan *scan, const double *z, size_t off,
							   size_t n);
extern void xent_lse_sum_chunk(XentLseScan *scan, const double *z, size_t off,
							   size_t n);
extern XentLse xent_lse_finish(const XentLseScan *scan);
/* Index of the first largest element. */
extern size_t xent_argmax(const double *z, size_t n);
/* sum exp(z_i - max): the caller leaves the argmax out, so lse = max + log1p(sum). */
extern double xent_sum_exp(const double *z, size_t n, double max);
extern void xent_log_softmax(const double *z, size_t n, XentLse lse,
							 double *out);
extern void xent_softmax(const double *z, size_t n, XentLse lse, double *out);

/*
 * Cross entropy of p against softmax(z): sum p_i (lse - z_i), a sum of
 * non-negative terms, added to scan->loss along with p's sum and flags.
 */
extern void xent_logit_cross_entropy_terms(const double *p, const double *z,
										   size_t n, XentLse lse,
										   XentScan *scan);

/*
 * Histogram bins over bounds in ascending order (equal neighbours allowed,
 * no NaN): a value's bin is the number of bounds at or below it, 0 .. n,
 * exactly PostgreSQL's width_bucket(value, bounds).  NaN falls in the last
 * bin, as float8 ordering puts it above every number.
 */
extern size_t xent_bin(const double *bounds, size_t n, double value);
/* Index of the first bound that is NaN or below its predecessor, or n. */
extern size_t xent_bounds_first_unordered(const double *bounds, size_t n);

/* Binary cross entropy of a label in [0,1] and a probability or a logit. */
extern double xent_bce(double label, double prob);
extern double xent_bce_logit(double label, double logit);
/*
 * The logistic 1 / (1 + exp(-z)) of a logit, faithfully rounded (within
 * one unit in the last place; one and a half where long double is no wider
 * than double); 0 and 1 at -Infinity and +Infinity, NaN for NaN.
 */
extern double xent_logistic(double logit);

#endif							/* XENT_CORE_H */
