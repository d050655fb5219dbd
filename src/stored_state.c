/*
 * stored_state.c
 *		The bytes of a stored state described in stored_state.h.
 */
#include <string.h>

#include "stored_state.h"

/* A row's terms, each worked out once: which sum, where it lands. */
typedef struct PlacedTerms
{
	int			n;
	int			sum[STORED_MAX_TERMS];
	int			first[STORED_MAX_TERMS];
	int64_t		part[STORED_MAX_TERMS][3];
} PlacedTerms;

typedef enum SpanFit
{
	SPANS_HOLD,					/* add in place */
	SPANS_WIDEN,				/* move to the wider spans, then add */
	SPANS_FULL					/* carries are due: normalise the whole sums */
} SpanFit;

size_t
stored_size(const StoredKind *kind, const XsumSpan *spans)
{
	size_t		size = stored_header_size(kind);

	for (int i = 0; i < kind->n_sums; i++)
		size += sizeof(int64_t) * spans[i].n;
	return size;
}

bool
stored_layout_is_valid(const StoredKind *kind, const void *state, size_t size)
{
	const XsumSpan *spans;

	if (size < stored_header_size(kind))
		return false;
	spans = stored_spans(kind, (void *) state);
	for (int i = 0; i < kind->n_sums; i++)
		if (spans[i].n < 0 || spans[i].lo < 0 ||
			spans[i].lo + spans[i].n > XSUM_LIMBS)
			return false;
	return size == stored_size(kind, spans);
}

/*
 * A new state with these spans, its version, and head (counts and all
 * before them) from counts; the limbs are the caller's to write.
 */
static void *
stored_start(const StoredKind *kind, const void *counts, const XsumSpan *spans,
			 const StoredAlloc *mem)
{
	size_t		size = stored_size(kind, spans);
	char	   *state = mem->alloc(size, mem->arg);

	memset(state + STORED_VERSION_OFFSET, 0,
		   STORED_HEAD - STORED_VERSION_OFFSET);
	state[STORED_VERSION_OFFSET] = (char) kind->version;
	memcpy(stored_counts(state), counts, sizeof(int64_t) * kind->n_counts);
	memcpy(stored_spans(kind, state), spans, sizeof(XsumSpan) * kind->n_sums);
	return state;
}

void *
stored_pack(const StoredKind *kind, const void *counts,
			const ExactSum *const *sums, int margin, const StoredAlloc *mem)
{
	XsumSpan	spans[STORED_MAX_SUMS];
	void	   *state;

	for (int i = 0; i < kind->n_sums; i++)
		spans[i] = xsum_span_of(sums[i], margin);
	state = stored_start(kind, counts, spans, mem);
	for (int i = 0; i < kind->n_sums; i++)
		xsum_to_span(sums[i], spans[i], stored_limbs(kind, state, i));
	return state;
}

void
stored_unpack(const StoredKind *kind, const void *state, void *counts,
			  ExactSum *const *sums)
{
	void	   *s = (void *) state;
	const XsumSpan *spans = stored_spans(kind, s);

	memcpy(counts, stored_counts(s), sizeof(int64_t) * kind->n_counts);
	for (int i = 0; i < kind->n_sums; i++)
	{
		xsum_init(sums[i]);
		xsum_add_span(sums[i], &spans[i], stored_limbs(kind, s, i), 1);
	}
}

/*
 * Sum number i of state, plus sign times other's (if any) and the terms of
 * it (if any), into *sum.
 */
static void
combined_sum(const StoredKind *kind, void *state, const void *other,
			 const StoredTerms *terms, int sign, int i, ExactSum *sum)
{
	xsum_init(sum);
	xsum_add_span(sum, &stored_spans(kind, state)[i],
				  stored_limbs(kind, state, i), 1);
	if (other)
		xsum_add_span(sum, &stored_spans(kind, (void *) other)[i],
					  stored_limbs(kind, (void *) other, i), sign);
	if (terms)
		for (int t = 0; t < terms->n; t++)
			if (terms->sum[t] == i)
				stored_term_add_to(terms, t, sum, sign);
}

/*
 * A new state of state's counts and sums, plus sign times other's sums and
 * the terms, normalised, with the growth margin: one accumulator on the
 * stack at a time, formed twice (for its span, then for its limbs).
 */
static void *
stored_repack(const StoredKind *kind, void *state, const void *other,
			  const StoredTerms *terms, int sign, const StoredAlloc *mem)
{
	XsumSpan	spans[STORED_MAX_SUMS];
	ExactSum	sum;
	void	   *result;

	for (int i = 0; i < kind->n_sums; i++)
	{
		combined_sum(kind, state, other, terms, sign, i, &sum);
		spans[i] = xsum_span_of(&sum, STORED_GROWTH_MARGIN);
	}
	result = stored_start(kind, stored_counts(state), spans, mem);
	for (int i = 0; i < kind->n_sums; i++)
	{
		combined_sum(kind, state, other, terms, sign, i, &sum);
		xsum_to_span(&sum, spans[i], stored_limbs(kind, result, i));
	}
	return result;
}

static void
place_terms(const StoredTerms *terms, PlacedTerms *placed)
{
	placed->n = 0;
	for (int i = 0; i < terms->n; i++)
	{
		int			p = placed->n;

		if (terms->first[i] >= 0)
		{
			placed->first[p] = terms->first[i];
			memcpy(placed->part[p], terms->part[i], sizeof(placed->part[p]));
		}
		else if (!xsum_parts(terms->value[i], &placed->first[p],
							 placed->part[p]))
			continue;
		placed->sum[placed->n++] = terms->sum[i];
	}
}

/*
 * Can the spans take the placed terms?  Where they must widen, wide is set
 * to a copy of the spans, widened.  A state may hold thousands of sums, of
 * which a row touches a few: the spans are copied only when one must widen.
 */
static SpanFit
spans_fit(const StoredKind *kind, const XsumSpan *spans,
		  const PlacedTerms *placed, XsumSpan *wide)
{
	int			i;

	for (i = 0; i < kind->n_sums; i++)
		if (spans[i].pending >= XSUM_MAX_PENDING - 3)
			return SPANS_FULL;
	for (i = 0; i < placed->n; i++)
		if (!xsum_span_holds(&spans[placed->sum[i]], placed->first[i]))
			break;
	if (i == placed->n)
		return SPANS_HOLD;
	memcpy(wide, spans, sizeof(XsumSpan) * kind->n_sums);
	for (; i < placed->n; i++)
	{
		XsumSpan   *span = &wide[placed->sum[i]];

		if (!xsum_span_holds(span, placed->first[i]))
			*span = xsum_span_widen(span, placed->first[i],
									placed->first[i] + 2,
									STORED_GROWTH_MARGIN);
	}
	return SPANS_WIDEN;
}

/* A copy of state with the wider spans wide, its limbs moved into them. */
static void *
stored_widen(const StoredKind *kind, void *state, const XsumSpan *wide,
			 const StoredAlloc *mem)
{
	void	   *result = stored_start(kind, stored_counts(state), wide, mem);
	const XsumSpan *spans = stored_spans(kind, state);

	for (int i = 0; i < kind->n_sums; i++)
		xsum_span_move(&spans[i], stored_limbs(kind, state, i),
					   &wide[i], stored_limbs(kind, result, i));
	return result;
}

void *
stored_add_terms(const StoredKind *kind, void *state, const StoredTerms *terms,
				 int sign, const StoredAlloc *mem)
{
	PlacedTerms placed;
	XsumSpan	wide[STORED_MAX_SUMS];
	XsumSpan   *spans;
	int			at_sum = 0;
	int64_t    *at_limb;

	place_terms(terms, &placed);
	switch (spans_fit(kind, stored_spans(kind, state), &placed, wide))
	{
		case SPANS_FULL:
			return stored_repack(kind, state, NULL, terms, sign, mem);
		case SPANS_WIDEN:
			/* A wider state is new memory, which the caller adopts. */
			state = stored_widen(kind, state, wide, mem);
			break;
		case SPANS_HOLD:
			break;
	}
	spans = stored_spans(kind, state);
	at_limb = stored_limbs(kind, state, 0);
	for (int i = 0; i < placed.n; i++)
		xsum_span_add_parts(&spans[placed.sum[i]],
							stored_limbs_walk(kind, state, placed.sum[i],
											 &at_sum, &at_limb),
							placed.first[i], placed.part[i], sign);
	return state;
}

void *
stored_merge(const StoredKind *kind, void *state, const void *other, int sign,
			 const StoredAlloc *mem)
{
	XsumSpan   *spans = stored_spans(kind, state);
	const XsumSpan *other_spans = stored_spans(kind, (void *) other);

	for (int i = 0; i < kind->n_sums; i++)
		if (!xsum_span_can_merge(&spans[i], &other_spans[i]))
			return stored_repack(kind, state, other, NULL, sign, mem);
	for (int i = 0; i < kind->n_sums; i++)
	{
		const int64_t *other_limbs = stored_limbs(kind, (void *) other, i);

		xsum_span_merge(&spans[i], stored_limbs(kind, state, i),
						&other_spans[i], other_limbs, sign);
	}
	return state;
}
