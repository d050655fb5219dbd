# xent: built with PGXS against the PostgreSQL that pg_config names.

EXTENSION = xent
MODULE_big = xent
PGFILEDESC = "xent - entropy, divergences and exact mean losses"

# The numeric core (plain C, no PostgreSQL) and the fmgr layer over it.
CORE_OBJS = src/divergence.o src/logits.o src/binary.o src/exact_sum.o src/vlog.o
GLUE_OBJS = src/xent.o src/args.o src/fn_divergence.o src/fn_logits.o \
	src/fn_binary.o src/loss_state.o src/loss_aggs.o
OBJS = $(CORE_OBJS) $(GLUE_OBJS)

DATA = $(wildcard xent--*.sql)

REGRESS = setup values identities errors binary logits aggregates parallel \
	windows loss_state trusted
REGRESS_OPTS = --load-extension=xent

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)
