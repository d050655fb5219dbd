/*
 * kernels.h
 *		The divergence kernels of divergence.c, once per instruction set.
 *		kernels.c exports them under the names of core.h and picks a set at
 *		the first call from what the CPU reports.
 */
#ifndef XENT_KERNELS_H
#define XENT_KERNELS_H

#include "core.h"

#define XENT_DECLARE_KERNELS(isa) \
extern void scan_sum_##isa(const double *x, size_t n, XentScan *scan); \
extern void entropy_terms_##isa(const double *p, size_t n, double p_div, \
								XentScan *scan); \
extern void cross_entropy_terms_##isa(const double *p, const double *q, \
									  size_t n, double p_div, double q_div, \
									  XentScan *scan); \
extern void kl_terms_##isa(const double *p, const double *q, size_t n, \
						   double p_div, double q_div, XentScan *scan); \
extern void js_terms_##isa(const double *p, const double *q, size_t n, \
						   double p_div, double q_div, XentScan *scan);

XENT_DECLARE_KERNELS(sse2)
#ifdef XENT_HAVE_AVX2
XENT_DECLARE_KERNELS(avx2)
#endif

#endif							/* XENT_KERNELS_H */
