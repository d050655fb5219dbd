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

#include <stdbool.h>
#include <stddef.h>

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

/*
 * Sum and flags only: pass one of a renormalised call, and the check of a
 * vector that is indexed by a class label.  Touches sum_p alone.
 */
extern void xent_scan_sum(const double *x, size_t n, XentScan *scan);

/* Index of the first element that is < 0 or +-Infinity, or n if none. */
extern size_t xent_first_invalid(const double *x, size_t n);

/*
 * Loss kernels.  Each adds to scan->loss the sum over this chunk of its
 * term, with p' = p / p_div and q' = q / q_div (1 when not renormalising;
 * dividing by 1 is exact), and updates sums and flags from p and q as given.
 *
 *	 entropy:		p' log p'			(0 where p' = 0)
 *	 cross entropy:	p' log q'			(0 where p' = 0)
 *	 KL:			p' log(p'/q')		(0 where p' = 0; +Infinity where q' = 0)
 *	 JS:			p' log(2p'/(p'+q')) + q' log(2q'/(p'+q'))
 *
 * Entropy and cross entropy are the negated sums.
 */
extern void xent_entropy_terms(const double *p, size_t n, double p_div,
							   XentScan *scan);
extern void xent_cross_entropy_terms(const double *p, const double *q,
									 size_t n, double p_div, double q_div,
									 XentScan *scan);
extern void xent_kl_terms(const double *p, const double *q, size_t n,
						  double p_div, double q_div, XentScan *scan);
extern void xent_js_terms(const double *p, const double *q, size_t n,
						  double p_div, double q_div, XentScan *scan);

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

/* Binary cross entropy of a label in [0,1] and a probability or a logit. */
extern double xent_bce(double label, double prob);
extern double xent_bce_logit(double label, double logit);

#endif							/* XENT_CORE_H */
