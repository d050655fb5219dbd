/*
 * losses.h
 *		Checked losses in nats: what one row costs, shared by the scalar SQL
 *		functions and the mean-loss aggregates, raising errors that name the
 *		calling SQL function.  Each checks its arguments, runs the core's
 *		kernels over them in chunks (checking for interrupts in between) and
 *		turns what the kernels report into errors.
 */
#ifndef XENT_LOSSES_H
#define XENT_LOSSES_H

#include "args.h"

/*
 * The divergence of p and q (q is NULL for entropy), after checking both as
 * probability vectors.  can_renormalize says whether the SQL function has a
 * renormalize argument, for the hint of a bad sum.
 */
extern double xent_divergence(XentDivergence kind, const XentArray *p,
							  const XentArray *q, bool renormalize,
							  bool can_renormalize);

/* -log q[label], label a subscript of q. */
extern double xent_label_cross_entropy(const XentArray *q, int64 label);

/*
 * A logit vector checked (no +Infinity or NaN, some element finite) and
 * its log-sum-exp: what softmax and the logit cross entropies divide by.
 */
extern XentLse xent_checked_logsumexp(const XentArray *logits);

/* Cross entropy of p, or of one class label, against softmax(logits). */
extern double xent_logits_cross_entropy(const XentArray *p,
										const XentArray *logits);
extern double xent_label_logits_cross_entropy(const XentArray *logits,
											  int64 label);

/* Binary cross entropy, with label and prob (or logit) checked. */
extern double xent_checked_bce(const char *func, double label, double prob);
extern double xent_checked_bce_logit(const char *func, double label,
									 double logit);
extern void xent_check_eps(const char *func, double eps);

#endif							/* XENT_LOSSES_H */
