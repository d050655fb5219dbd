# fuzz/bits.mk: the bits driver (bits.c) over the numeric core, for one
# compiler: the native one, or a cross compiler (CC=aarch64-linux-gnu-gcc),
# whose target triple picks the builds as the extension's Makefile does
# (src/core.mk: the AVX2 and AVX-512 builds on x86-64 only).  No
# sanitizers: the point is the bits of the shipped flags, -O2 without
# contraction or fast math and without -march, as PGXS builds the core.
# scripts/test-portability runs it.
#
#   make -f bits.mk [CC=...] [BUILD=dir]     builds BUILD/bits

SRC = ../src
BUILD = build/bits-$(XENT_TARGET)
CC = gcc
XENT_TARGET := $(shell $(CC) -dumpmachine)

include $(SRC)/core.mk
OBJS = $(patsubst %.c,$(BUILD)/%.o,$(XENT_CORE_SRCS)) \
	$(patsubst %.c,$(BUILD)/%_avx2.o,$(XENT_AVX2_SRCS)) \
	$(patsubst %.c,$(BUILD)/%_avx512.o,$(XENT_AVX512_SRCS))
CORE_HEADERS = $(wildcard $(SRC)/*.h)

CFLAGS = -O2 -ffp-contract=off -fno-fast-math -Wall -Wno-psabi -I$(SRC)
DEFS = $(XENT_ISA_CPPFLAGS)

.PHONY: all
.SECONDARY: $(OBJS)
all: $(BUILD)/bits

$(BUILD)/%_avx2.o: $(SRC)/%.c $(CORE_HEADERS) $(SRC)/core.mk bits.mk
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(DEFS) $(XENT_AVX2_CFLAGS) -c -o $@ $<

$(BUILD)/%_avx512.o: $(SRC)/%.c $(CORE_HEADERS) $(SRC)/core.mk bits.mk
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(DEFS) $(XENT_AVX512_CFLAGS) -c -o $@ $<

$(BUILD)/%.o: $(SRC)/%.c $(CORE_HEADERS) $(SRC)/core.mk bits.mk
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(DEFS) -c -o $@ $<

$(BUILD)/bits: bits.c fuzz_common.h fuzz_state.h $(OBJS) $(CORE_HEADERS) bits.mk
	$(CC) $(CFLAGS) $(DEFS) -o $@ bits.c $(OBJS) -lm
