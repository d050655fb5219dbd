/*
 * pending_losses.h
 *		Rows of a mean-loss aggregate whose losses wait for their
 *		logarithms.  A row's logarithm costs more than everything else its
 *		transition does; taken one at a time it is the scalar xent_log, for a
 *		block of rows the build's vector kernel (core.h's log_block and its
 *		neighbours), which gives the same bits (elementary.h).  So the
 *		transition checks a row and files it here, and a full block, or
 *		whoever reads the state, takes the logarithms of all of them at once:
 *		each row's loss is the one xent_bce or xent_bce_logit gives it.
 *
 * A block holds the rows of one kind: binary cross entropy of a hard label
 * (0 or 1) and a probability, or of a label and a logit, neither NaN.  The
 * other rows (soft labels, NaN) take the scalar functions at once.
 */
#ifndef XENT_PENDING_LOSSES_H
#define XENT_PENDING_LOSSES_H

#include <stdbool.h>

#include "core.h"

/* Rows in a block: enough to amortise the kernel's call and tail. */
#define PENDING_ROWS 128

typedef struct PendingLosses
{
	bool		logits;			/* rows of (label, logit), else of (label, prob) */
	int			n_front;		/* rows in front[0 .. n_front) */
	int			n_back;			/* rows in back[0 .. n_back) */
	/*
	 * Probabilities: label 1 files prob in front (loss -log prob), label 0
	 * files -prob in back (loss -log1p(-prob)).  Logits: front holds the
	 * logits, back their labels.
	 */
	double		front[PENDING_ROWS];
	double		back[PENDING_ROWS];
} PendingLosses;

extern void pending_losses_init(PendingLosses *p, bool logits);

static inline bool
pending_losses_full(const PendingLosses *p)
{
	return p->n_front + p->n_back == PENDING_ROWS;
}

/*
 * File a row of hard label (0 or 1, as a bool: label == 1) and prob in
 * [0,1]; there must be room.  Without a branch on the label, which random
 * rows make a coin toss: both ends are written, and only one count moves.
 */
static inline void
pending_losses_add_prob(PendingLosses *p, bool label, double prob)
{
	p->front[p->n_front] = prob;
	p->back[p->n_back] = -prob;
	p->n_front += label;
	p->n_back += !label;
}

/* File a row of a label in [0,1] and a logit, neither NaN. */
static inline void
pending_losses_add_logit(PendingLosses *p, double label, double logit)
{
	p->front[p->n_front] = logit;
	p->back[p->n_front++] = label;
}

/*
 * The losses of the rows filed, into loss[0 .. n) (in no particular
 * order), with the logarithms of kernels; returns n and empties the block.
 */
extern int	pending_losses_take(PendingLosses *p, const XentKernels *kernels,
								double *loss);

#endif							/* XENT_PENDING_LOSSES_H */
