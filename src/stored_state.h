/*
 * stored_state.h
 *		The bytes of a stored state, for every state type: a few counts and
 *		some exact sums, each sum held as the span of limbs it uses
 *		(exact_sum.h).  This file owns their layout, packing and unpacking,
 *		the layout check, adding a row's exact terms (in place, or in a
 *		wider copy), merging and retracting.  Plain C: memory comes from the
 *		caller's allocator (palloc in the extension, malloc in the fuzzers).
 *
 * Layout, in native byte order (what PostgreSQL stores as the varlena):
 *
 *	offset 0	4 bytes the host owns (PostgreSQL's varlena length word)
 *	offset 4	the format version (uint8), then 3 zero bytes
 *	offset 8	n_counts int64 counts, which the state type interprets
 *	then		n_sums span headers, XsumSpan {int16 lo, int16 n, int32 pending}
 *	then		the limbs of span 0, then of span 1, ... (int64 each)
 *
 * A state type is a StoredKind (version, number of counts, number of sums)
 * and rules of its own: which counts a row bumps and which exact terms it
 * adds to which sum, what rows can produce (its possibility test), its
 * accessors and its text and binary forms.  loss_state v1 is
 * {1, 6 counts, 2 sums} (summary.h); binary_state v1 {1, 11 counts, 8 sums}
 * (binary_summary.h).  A new state type reuses this owner:
 *	- it declares its kind: its version, its counts and its sums;
 *	  a type whose number of sums depends on the state (calibration bins
 *	  times three) keeps that number among its counts and builds the kind
 *	  from it for each state (at most STORED_MAX_SUMS sums);
 *	- per row it updates its counts in the state, forms the row's exact
 *	  terms (StoredTerms: each a double for one sum, such as w, or a group
 *	  of an exact product's limbs, such as w * loss's) and calls
 *	  stored_add_terms(); it merges by
 *	  adding the counts and calling stored_merge();
 *	- its accessors and output unpack into ExactSums (stored_unpack), and
 *	  its input packs what it read (stored_pack);
 *	- a later format that only adds fields (loss_state v2: a count and
 *	  two sums more) is a second kind with its own version: a v1 state is
 *	  unpacked with the v1 kind, the new fields left zero, and packed with
 *	  the v2 kind, so that v1 states read forever;
 *	- where the per-row cost matters, its inline fast paths use
 *	  stored_spans(), stored_limbs(), xsum_span_holds() and
 *	  xsum_span_add_parts() and fall back to stored_add_terms(), as
 *	  summary.h does for loss_state.
 */
#ifndef XENT_STORED_STATE_H
#define XENT_STORED_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exact_sum.h"

/* Bytes before the counts: the host's length word, the version, padding. */
#define STORED_HEAD 8
#define STORED_VERSION_OFFSET 4

/*
 * The most sums one state holds (calibration_state: three per bin, up to
 * 1001 bins; the span arrays on the stack take 8 bytes per sum), and exact
 * terms one row adds (a weighted binary_state row: up to 29).
 */
#define STORED_MAX_SUMS 4096
#define STORED_MAX_TERMS 32

/*
 * Spans that grow for a row, or are packed for rows to be added, reach
 * this many limbs beyond what they need on each side where they grow:
 * room for nearby magnitudes without another copy.
 */
#define STORED_GROWTH_MARGIN 1

typedef struct StoredKind
{
	uint8_t		version;
	int			n_counts;
	int			n_sums;
} StoredKind;

/*
 * Memory for a state: alloc(size, arg) returns size bytes, suitably
 * aligned for int64.  It may set the first 4 (the host's length word);
 * the core writes all the others.  A function that returns another state
 * than the one it was given leaves the old one to the caller (palloc'd
 * memory to its context; malloc'd memory to free).
 */
typedef struct StoredAlloc
{
	void	   *(*alloc) (size_t size, void *arg);
	void	   *arg;
} StoredAlloc;

/*
 * The exact terms a row adds to sum number sum[i]: a double value[i]
 * (first[i] < 0), or three limbs' parts from limb first[i], part[i] (a
 * group of a wide value, exact_sum.h: how a product wider than a double is
 * added exactly).
 */
typedef struct StoredTerms
{
	int			n;
	int			sum[STORED_MAX_TERMS];
	double		value[STORED_MAX_TERMS];
	int			first[STORED_MAX_TERMS];
	int64_t		part[STORED_MAX_TERMS][3];
} StoredTerms;

static inline void
stored_terms_add(StoredTerms *terms, int sum, double value)
{
	terms->sum[terms->n] = sum;
	terms->value[terms->n] = value;
	terms->first[terms->n] = -1;
	terms->n++;
}

/* A wide value's groups, one term each. */
static inline void
stored_terms_add_wide(StoredTerms *terms, int sum, const XsumWide *wide)
{
	for (int g = 0; g < wide->groups; g++)
	{
		int			t = terms->n++;

		terms->sum[t] = sum;
		terms->first[t] = wide->first + 3 * g;
		for (int i = 0; i < 3; i++)
			terms->part[t][i] = wide->part[g][i];
	}
}

/* Add term t, times sign, to an exact sum. */
static inline void
stored_term_add_to(const StoredTerms *terms, int t, ExactSum *sum, int sign)
{
	if (terms->first[t] < 0)
		xsum_add(sum, sign * terms->value[t]);
	else
		xsum_add_parts(sum, terms->first[t], terms->part[t], sign);
}

static inline size_t
stored_spans_offset(const StoredKind *kind)
{
	return STORED_HEAD + sizeof(int64_t) * kind->n_counts;
}

/* Bytes before the limbs. */
static inline size_t
stored_header_size(const StoredKind *kind)
{
	return stored_spans_offset(kind) + sizeof(XsumSpan) * kind->n_sums;
}

static inline uint8_t
stored_version(const void *state)
{
	return ((const uint8_t *) state)[STORED_VERSION_OFFSET];
}

static inline int64_t *
stored_counts(void *state)
{
	return (int64_t *) ((char *) state + STORED_HEAD);
}

static inline XsumSpan *
stored_spans(const StoredKind *kind, void *state)
{
	return (XsumSpan *) ((char *) state + stored_spans_offset(kind));
}

/* The limbs of sum number sum. */
static inline int64_t *
stored_limbs(const StoredKind *kind, void *state, int sum)
{
	const XsumSpan *spans = stored_spans(kind, state);
	int64_t    *limb = (int64_t *) ((char *) state + stored_header_size(kind));

	for (int i = 0; i < sum; i++)
		limb += spans[i].n;
	return limb;
}

/*
 * The limbs of sum number sum, found by walking on from the last sum found
 * (*at_sum, whose limbs are *at_limb; start from 0 and sum 0's limbs)
 * where sum lies at or after it, else from the first: a row's terms come
 * in the order of their sums, so that a row walks the spans once, rather
 * than once a term as stored_limbs() would.
 */
static inline int64_t *
stored_limbs_walk(const StoredKind *kind, void *state, int sum, int *at_sum,
				  int64_t **at_limb)
{
	const XsumSpan *spans = stored_spans(kind, state);

	if (sum < *at_sum)
	{
		*at_sum = 0;
		*at_limb = stored_limbs(kind, state, 0);
	}
	for (; *at_sum < sum; (*at_sum)++)
		*at_limb += spans[*at_sum].n;
	return *at_limb;
}

/* The size of a state whose spans are these. */
extern size_t stored_size(const StoredKind *kind, const XsumSpan *spans);

/*
 * Does a state of size bytes, read from outside, have a layout that this
 * kind can read: a whole header, spans inside the accumulator, and the
 * size they make?  (Whether rows can produce its values is the type's.)
 */
extern bool stored_layout_is_valid(const StoredKind *kind, const void *state,
								   size_t size);

/*
 * A new state holding counts and sums[0 .. n_sums - 1], its spans margin
 * limbs wider than the sums need (0 for a state to store, and
 * STORED_GROWTH_MARGIN for one that rows will be added to).
 */
extern void *stored_pack(const StoredKind *kind, const void *counts,
						 const ExactSum *const *sums, int margin,
						 const StoredAlloc *mem);
extern void stored_unpack(const StoredKind *kind, const void *state,
						  void *counts, ExactSum *const *sums);

/*
 * Add (sign 1) or remove (sign -1) a row's exact terms; the caller has
 * updated the counts.  In place while the terms land inside the spans;
 * else in a copy with wider spans, or, when carries are due, a copy
 * normalised through the whole accumulator.  Returns the state.
 */
extern void *stored_add_terms(const StoredKind *kind, void *state,
							  const StoredTerms *terms, int sign,
							  const StoredAlloc *mem);

/*
 * state's sums plus (sign 1) or minus (sign -1) other's, in place where
 * other's spans lie inside state's; the caller has merged the counts.
 * Returns the state.
 */
extern void *stored_merge(const StoredKind *kind, void *state,
						  const void *other, int sign,
						  const StoredAlloc *mem);

#endif							/* XENT_STORED_STATE_H */
