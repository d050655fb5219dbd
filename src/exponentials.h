/*
 * exponentials.h
 *		The logit functions' loops of exponentials in this build (isa.h),
 *		which its table of kernels exports (core.h: sum_exp, softmax).
 */
#ifndef XENT_EXPONENTIALS_H
#define XENT_EXPONENTIALS_H

#include <stddef.h>

#include "elementary.h"
#include "isa.h"

extern double ISA_SYMBOL(xent_sum_exp_lanes) (const double *z, size_t n, double max);
extern void ISA_SYMBOL(xent_softmax_lanes) (const double *z, size_t n, double max,
											double denominator, double *out);

#endif							/* XENT_EXPONENTIALS_H */
