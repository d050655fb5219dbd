# xent: built with PGXS against the PostgreSQL that pg_config names.

EXTENSION = xent
# The release, written here and nowhere else it can be derived from:
# xent.control's default_version must agree (the build stops if not), and
# META.json and debian/changelog are checked against it by `make
# versioncheck`, which scripts/test and `make dist` run.
EXTVERSION = 1.2
MODULE_big = xent
PGFILEDESC = "xent - entropy, divergences and exact mean losses"

# The numeric core (plain C, no PostgreSQL; src/core.mk lists it, once
# XENT_TARGET below is known) and the fmgr layer over it.
GLUE_OBJS = src/xent.o src/args.o src/losses.o src/fn_divergence.o \
	src/fn_logits.o src/fn_binary.o src/fn_bins.o src/loss_state.o \
	src/loss_aggs.o src/support.o src/fn_freq.o src/nll_agg.o \
	src/sum_wire.o src/calibration_state.o src/fn_histograms.o \
	src/fn_sum_counts.o src/fn_nll.o src/binary_state.o src/buffered_state.o

# The scripts in the source directory, where PGXS installs DATA from: the
# frozen install script of 1.0 and every upgrade from it.
DATA = $(filter-out xent--$(EXTVERSION).sql,$(notdir $(wildcard $(srcdir)/xent--*.sql)))
# This version's install script is built, not written: 1.0's and each
# upgrade after it, in order.  So a fresh CREATE EXTENSION and an ALTER
# EXTENSION ... UPDATE from 1.0 create the same objects from the same text,
# which the upgrade test checks.
XENT_UPGRADES = xent--1.0--1.1.sql xent--1.1--1.2.sql
DATA_built = xent--$(EXTVERSION).sql

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)

# What the build is for, asked of the compiler PGXS will run (CC from the
# command line, else PostgreSQL's own), never of the machine it runs on.
XENT_CC := $(if $(filter command line,$(origin CC)),$(CC),$(shell $(PG_CONFIG) --cc))
XENT_TARGET := $(shell $(XENT_CC) -dumpmachine 2>/dev/null)

# Which instruction sets the core is built for follows from XENT_TARGET.
include $(dir $(firstword $(MAKEFILE_LIST)))src/core.mk
CORE_OBJS = $(patsubst %.c,src/%.o,$(XENT_CORE_SRCS)) \
	$(patsubst %.c,src/%_avx2.o,$(XENT_AVX2_SRCS)) \
	$(patsubst %.c,src/%_avx512.o,$(XENT_AVX512_SRCS))
OBJS = $(CORE_OBJS) $(GLUE_OBJS)
PG_CPPFLAGS += $(XENT_ISA_CPPFLAGS)
SHLIB_LINK += -lm

REGRESS = setup values identities errors binary logits aggregates parallel \
	calibration \
	windows loss_state summaries labels drift real_arrays trusted reference edges \
	golden histograms nll resolution columns uncertainty binary_state buffered \
	state_paths upgrade
REGRESS_OPTS = --load-extension=xent
# 50-million-element arrays, about 0.8 GB per backend: not for `make
# installcheck` on a user's own server, but `make installcheck-limits`,
# which scripts/test runs in its throwaway cluster.
REGRESS_LIMITS = limits

# No LLVM bitcode: JIT inlining would recompile the kernels with clang's
# own floating-point contraction.
override with_llvm = no

include $(PGXS)

# Correctness needs every operation rounded as written: the error-free
# transformations of the kernels break if a multiply and an add are fused
# (fp-contract), and -ffast-math's reassociation, reciprocals and
# finite-only assumptions break them and the NaN and Infinity checks.
# -fno-fast-math resets all of those (GCC and clang alike) whoever set
# them.  These go last on every compile line: PGXS's rule is
# $(CC) $(CFLAGS) $(CPPFLAGS), CFLAGS already holding COPT, PROFILE and
# PG_CFLAGS (and dpkg-buildflags' CFLAGS, which pg_buildext passes as
# COPT), and override keeps them even when CPPFLAGS is given to make.
XENT_FP_FLAGS = -fno-fast-math -ffp-contract=off
override CPPFLAGS += $(XENT_FP_FLAGS)
# The eight lanes of lanes.h are wider than the baseline's and AVX2's
# registers; GCC warns at every function that takes them that passing them
# would follow a changed convention, though lanes.h inlines every one.
override CPPFLAGS += -Wno-psabi
# And last on the link line: GCC 12 links crtfastmath.o, which turns on
# flush-to-zero for the whole backend, into a shared library whenever
# -ffast-math or -funsafe-math-optimizations is still in force there.
override SHLIB_LINK += -fno-fast-math -fno-unsafe-math-optimizations
# -Ofast links it too, and only a later -O could undo that: refuse it.
ifneq ($(filter -Ofast,$(CFLAGS) $(LDFLAGS)),)
$(error xent cannot be built with -Ofast: it links crtfastmath.o, which flushes subnormals to zero in the whole server; use -O3)
endif

# One version: the control file must name the release this Makefile builds.
XENT_CONTROL_VERSION := $(shell sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" $(srcdir)/xent.control)
ifneq ($(XENT_CONTROL_VERSION),$(EXTVERSION))
$(error xent.control has default_version '$(XENT_CONTROL_VERSION)' but the Makefile's EXTVERSION is '$(EXTVERSION)'; make them agree)
endif

src/%_avx2.o: src/%.c
	$(CC) $(CFLAGS) $(XENT_AVX2_CFLAGS) $(CPPFLAGS) -c -o $@ $<

src/%_avx512.o: src/%.c
	$(CC) $(CFLAGS) $(XENT_AVX512_CFLAGS) $(CPPFLAGS) -c -o $@ $<

# PGXS tracks no headers (Debian's PostgreSQL is built without
# --enable-depend): every object depends on all of them, so that a changed
# struct can never leave a stale object reading the old layout.
$(OBJS): $(wildcard $(srcdir)/src/*.h)

# Out of the source tree (pg_buildext builds in build-15/ with VPATH set),
# the objects' directory must exist first.  An absolute name, so that
# VPATH does not find the source tree's src/ instead.
$(OBJS): | $(CURDIR)/src
$(CURDIR)/src:
	$(MKDIR_P) $@

xent--$(EXTVERSION).sql: xent--1.0.sql $(XENT_UPGRADES)
	{ echo '-- Built by the Makefile from $(notdir $^): do not edit.'; \
	  cat $<; \
	  for f in $(wordlist 2,$(words $^),$^); do echo; sed '/^\\echo /d' $$f; done; \
	} > $@

.PHONY: installcheck-limits
installcheck-limits: submake $(REGRESS_PREP)
	$(pg_regress_installcheck) $(REGRESS_OPTS) $(REGRESS_LIMITS)

# META.json and debian/changelog must name EXTVERSION too.
.PHONY: versioncheck dist
versioncheck:
	$(srcdir)/scripts/versioncheck $(EXTVERSION)

# The source archive for PGXN, of the commit checked out (HEAD; changes not
# committed are not in it): dist/xent-$(EXTVERSION).zip, unpacking to
# xent-$(EXTVERSION)/.
dist: versioncheck
	$(MKDIR_P) dist
	git -C $(srcdir) archive --format=zip --prefix=xent-$(EXTVERSION)/ \
		-o $(CURDIR)/dist/xent-$(EXTVERSION).zip HEAD

# The benchmark and the fuzzers: scripts of their own, never part of a build.
.PHONY: bench fuzz
bench:
	bench/run $(BENCH_ARGS)
fuzz:
	fuzz/run $(FUZZ_SECONDS)
