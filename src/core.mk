# src/core.mk: the numeric core's sources (plain C, no PostgreSQL), for the
# extension's Makefile and fuzz/Makefile alike, so that both build and test
# the same files.  Paths are relative to src/.
XENT_CORE_SRCS = dispatch.c scan.c divergence.c elementary_blocks.c \
	exponentials.c logits.c binary.c pending_losses.c \
	bins.c exact_sum.c exact_product.c stored_state.c state_text.c summary.c \
	widen.c freq.c freq_text.c freq_info.c calibration.c histograms.c nll.c \
	binary_summary.c logistic.c

# Built once per instruction set (isa.h): as listed above for the baseline,
# and for x86-64 targets again as <name>_avx2.o with XENT_AVX2_CFLAGS and as
# <name>_avx512.o with XENT_AVX512_CFLAGS, for the dispatcher to pick at run
# time; XENT_ISA_CPPFLAGS tells it which exist.  The includer sets XENT_TARGET first: its compiler's target
# triple (cc -dumpmachine), not the machine the build runs on; and its
# compiler as XENT_CC or CC.
XENT_ISA_SRCS = divergence.c elementary_blocks.c exponentials.c
ifneq ($(filter x86_64-%,$(XENT_TARGET)),)
XENT_AVX2_SRCS = $(XENT_ISA_SRCS)
XENT_AVX512_SRCS = $(XENT_ISA_SRCS)
XENT_ISA_CPPFLAGS = -DXENT_HAVE_AVX2 -DXENT_HAVE_AVX512
# The eight lanes of lanes.h are two registers in the AVX2 build, and GCC
# keeps such a vector in memory, copying it in pieces of 16 bytes: a
# 32-byte load of two 16-byte stores then waits for them to retire, at
# every step of every kernel (twice the time of the whole kernel).  GCC 12
# copies whole registers when asked; a compiler that does not know the
# flags (clang, for the fuzzers) builds the same code without them.  Moves
# only: the same arithmetic, so the same bits.
XENT_AVX2_MOVES := $(shell $(or $(XENT_CC),$(CC)) -mmove-max=256 -mstore-max=256 \
	-E -x c /dev/null >/dev/null 2>&1 && echo -mmove-max=256 -mstore-max=256)
endif
XENT_AVX2_CFLAGS = -DXENT_AVX2 -mavx2 -mfma $(XENT_AVX2_MOVES)
XENT_AVX512_CFLAGS = -DXENT_AVX512 -mavx512f -mfma
