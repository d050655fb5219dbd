/*
 * pending_losses.c
 *		A block of rows' losses, their logarithms taken together: see
 *		pending_losses.h.
 */
#include "pending_losses.h"

#include "binary_terms.h"

void
pending_losses_init(PendingLosses *p, bool logits)
{
	p->logits = logits;
	p->n_front = 0;
	p->n_back = 0;
}

/*
 * The arithmetic of xent_bce and xent_bce_logit (binary.c) around the same
 * logarithms: 0.0 - log, and the linear part plus log1p(exp(-|z|)).
 */
int
pending_losses_take(PendingLosses *p, const XentKernels *kernels,
					double *loss)
{
	int			n = 0;

	if (p->logits)
	{
		for (int i = 0; i < p->n_front; i++)
			loss[i] = -fabs(p->front[i]);
		kernels->exp_block(loss, p->n_front);
		kernels->log1p_block(loss, p->n_front);
		for (int i = 0; i < p->n_front; i++)
			loss[i] = xent_bce_logit_linear(p->back[i], p->front[i]) + loss[i];
		n = p->n_front;
	}
	else
	{
		kernels->log_block(p->front, p->n_front);
		kernels->log1p_block(p->back, p->n_back);
		for (int i = 0; i < p->n_front; i++)
			loss[n++] = 0.0 - p->front[i];
		for (int i = 0; i < p->n_back; i++)
			loss[n++] = 0.0 - p->back[i];
	}
	p->n_front = 0;
	p->n_back = 0;
	return n;
}
