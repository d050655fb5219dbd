# src/core.mk: the numeric core's sources (plain C, no PostgreSQL), for the
# extension's Makefile and fuzz/Makefile alike, so that both build and test
# the same files.  Paths are relative to src/.
XENT_CORE_SRCS = kernels.c divergence.c logits.c binary.c exact_sum.c vlog.c

# Built a second time on x86-64, as <name>_avx2.o with XENT_AVX2_CFLAGS,
# for kernels.c to pick at run time; XENT_ISA_CPPFLAGS tells it they exist.
XENT_ISA_SRCS = divergence.c
ifeq ($(shell uname -m),x86_64)
XENT_AVX2_SRCS = $(XENT_ISA_SRCS)
XENT_ISA_CPPFLAGS = -DXENT_HAVE_AVX2
endif
XENT_AVX2_CFLAGS = -DXENT_AVX2 -mavx2 -mfma
