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
 * renormalize argument, for the hint of a bad sum.  Calls name both flags
 * with the constants of args.h.
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

/*
 * Binary cross entropy, with label and prob (or logit) checked.  The
 * checks are inline, as the mean-loss aggregates make them on every row;
 * raising an error is a call.
 */
extern void xent_report_bad_label(const char *func, double label)
			pg_attribute_noreturn();
extern void xent_report_bad_prob(const char *func, double prob)
			pg_attribute_noreturn();
extern void xent_report_bad_eps(const char *func, double eps)
			pg_attribute_noreturn();

/* A soft label is a probability too; NaN passes, to give NaN. */
static inline void
xent_check_label(const char *func, double label)
{
	if (unlikely(label < 0.0 || label > 1.0))
		xent_report_bad_label(func, label);
}

/* label and prob both in [0,1] (or NaN): what xent_bce takes. */
static inline void
xent_check_bce_args(const char *func, double label, double prob)
{
	xent_check_label(func, label);
	if (unlikely(prob < 0.0 || prob > 1.0))
		xent_report_bad_prob(func, prob);
}

static inline double
xent_checked_bce(const char *func, double label, double prob)
{
	xent_check_bce_args(func, label, prob);
	return xent_bce(label, prob);
}

/* A binary label, argument 1 of a transition: float8, or boolean (true = 1). */
static inline double
xent_float8_label(FunctionCallInfo fcinfo)
{
	return PG_GETARG_FLOAT8(1);
}

static inline double
xent_bool_label(FunctionCallInfo fcinfo)
{
	return PG_GETARG_BOOL(1) ? 1.0 : 0.0;
}

static inline double
xent_checked_bce_logit(const char *func, double label, double logit)
{
	xent_check_label(func, label);
	return xent_bce_logit(label, logit);
}

static inline void
xent_check_eps(const char *func, double eps)
{
	if (unlikely(!(eps >= 0.0 && eps < 0.5)))
		xent_report_bad_eps(func, eps);
}

#endif							/* XENT_LOSSES_H */
