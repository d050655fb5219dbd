/*
 * vlog.h
 *		Natural logarithm of a block of doubles, in place.  The kernels gather
 *		the arguments of their logarithms into blocks so that this one call
 *		is the place where a vector implementation can stand in for libm.
 *		Each build (isa.h) has its own, which its kernels call directly.
 */
#ifndef XENT_VLOG_H
#define XENT_VLOG_H

#include <stddef.h>

#include "isa.h"

/* How many logarithms the kernels hand over at once. */
#define XENT_BLOCK 256

extern void ISA_SYMBOL(xent_log_block) (double *x, size_t n);

#endif							/* XENT_VLOG_H */
