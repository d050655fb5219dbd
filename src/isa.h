/*
 * isa.h
 *		The builds of the instruction-set-specific files of the core
 *		(divergence.c, elementary_blocks.c and exponentials.c, as core.mk
 *		lists them).  Each is compiled
 *		once for the baseline of the architecture, which every CPU of it runs
 *		(SSE2 on x86-64), and on x86-64 again with XENT_AVX2 defined and
 *		-mavx2 -mfma, and with XENT_AVX512 defined and -mavx512f -mfma.  A
 *		build names what it exports with ISA_SYMBOL, so the
 *		builds link side by side, and dispatch.c picks one at run time: the
 *		library never needs -march=native.
 */
#ifndef XENT_ISA_H
#define XENT_ISA_H

#include "core.h"

#if defined(XENT_AVX512)
#define XENT_ISA_NAME "avx512"
#define ISA_SYMBOL(name) name##_avx512
#elif defined(XENT_AVX2)
#define XENT_ISA_NAME "avx2"
#define ISA_SYMBOL(name) name##_avx2
#else
#define XENT_ISA_NAME "baseline"
#define ISA_SYMBOL(name) name##_baseline
#endif

/* Every build's kernels, for the dispatcher. */
extern const XentKernels xent_kernels_baseline;
#ifdef XENT_HAVE_AVX2
extern const XentKernels xent_kernels_avx2;
#endif
#ifdef XENT_HAVE_AVX512
extern const XentKernels xent_kernels_avx512;
#endif

#endif							/* XENT_ISA_H */
