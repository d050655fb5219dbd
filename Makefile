# xent: built with PGXS against the PostgreSQL that pg_config names.

EXTENSION = xent
MODULE_big = xent
PGFILEDESC = "xent - entropy, divergences and exact mean losses"

# The numeric core (plain C, no PostgreSQL; src/core.mk lists it) and the
# fmgr layer over it.
include src/core.mk
CORE_OBJS = $(patsubst %.c,src/%.o,$(XENT_CORE_SRCS)) \
	$(patsubst %.c,src/%_avx2.o,$(XENT_AVX2_SRCS))
GLUE_OBJS = src/xent.o src/args.o src/losses.o src/fn_divergence.o \
	src/fn_logits.o src/fn_binary.o src/loss_state.o src/loss_aggs.o
OBJS = $(CORE_OBJS) $(GLUE_OBJS)
PG_CPPFLAGS += $(XENT_ISA_CPPFLAGS)

DATA = $(wildcard xent--*.sql)

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

src/%_avx2.o: src/%.c $(wildcard src/*.h)
	$(CC) $(CFLAGS) $(XENT_AVX2_CFLAGS) $(CPPFLAGS) -c -o $@ $<

# The benchmark and the fuzzers: scripts of their own, never part of a build.
.PHONY: bench fuzz
bench:
	bench/run $(BENCH_ARGS)
fuzz:
	fuzz/run $(FUZZ_SECONDS)
