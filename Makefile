# xent: built with PGXS against the PostgreSQL that pg_config names.

EXTENSION = xent
MODULE_big = xent
PGFILEDESC = "xent - entropy, divergences and exact mean losses"

# The numeric core (plain C, no PostgreSQL) and the fmgr layer over it.
# divergence.c is built once for any x86-64 and once for AVX2; kernels.c
# picks one at run time, so no -march=native is ever needed.
CORE_OBJS = src/kernels.o src/divergence.o src/logits.o src/binary.o \
	src/exact_sum.o src/vlog.o
GLUE_OBJS = src/xent.o src/args.o src/losses.o src/fn_divergence.o \
	src/fn_logits.o src/fn_binary.o src/loss_state.o src/loss_aggs.o
OBJS = $(CORE_OBJS) $(GLUE_OBJS)

DATA = $(wildcard xent--*.sql)

ifeq ($(shell uname -m),x86_64)
CORE_OBJS += src/divergence_avx2.o
PG_CPPFLAGS += -DXENT_HAVE_AVX2
endif

# Error-free transformations need every operation rounded as written:
# no contraction into fma, and never -ffast-math or -fassociative-math.
PG_CFLAGS += -ffp-contract=off
# glibc's vector math library (log), part of libc6 on Debian.
SHLIB_LINK += -lmvec -lm

REGRESS = setup values identities errors binary logits aggregates parallel \
	windows loss_state trusted reference limits
REGRESS_OPTS = --load-extension=xent

# No LLVM bitcode: JIT inlining would recompile the kernels with clang's
# own floating-point contraction, and buys nothing for calls into libmvec.
override with_llvm = no

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

src/divergence_avx2.o: src/divergence.c src/core.h src/kernels.h src/vlog.h
	$(CC) $(CFLAGS) -DXENT_AVX2 -mavx2 -mfma $(CPPFLAGS) -c -o $@ $<

# The benchmark and the fuzzers: scripts of their own, never part of a build.
.PHONY: bench fuzz
bench:
	bench/run $(BENCH_ARGS)
fuzz:
	fuzz/run $(FUZZ_SECONDS)
