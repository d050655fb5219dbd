/*
 * fuzz_summary.c
 *		Fuzz the loss summary of src/summary.c, and the spans that the
 *		loss_state type keeps its exact sums in, with programs of operations
 *		on two summaries: rows in (any loss, any weight), a row in and out
 *		again, merging and taking back out, text round trips, and readers fed
 *		arbitrary text.
 *
 * Each summary is kept twice: whole (LossSummary), and as loss_state keeps
 * it, in spans that grow when a row lands outside them.  After every step
 * the two must hold the same value, every summary the operations produce
 * must be one that summary_is_possible() accepts (input would take it back),
 * its text must read back to the same summary, and a mean of finite losses
 * must lie between the smallest and the largest of them.
 *
 * Input: the byte 'T' and then text for summary_parse alone, or a sequence
 * of operation bytes, each followed by its operands.
 */
#include "fuzz_common.h"

#include "summary.h"

/* A summary as loss_state holds it: counts and two spans of chunks. */
typedef struct Spanned
{
	LossCounts	n;
	XsumSpan	weight;
	XsumSpan	loss;
	int64_t		weight_chunk[XSUM_CHUNKS];
	int64_t		loss_chunk[XSUM_CHUNKS];
} Spanned;

typedef struct Side
{
	LossSummary whole;
	Spanned		spans;
	double		min_loss;		/* of the finite losses of positive weight */
	double		max_loss;
	bool		bounds_known;	/* no row has been taken out */
} Side;

static void
unspan(const Spanned *s, LossSummary *out)
{
	summary_init(out);
	out->n = s->n;
	xsum_add_span(&out->weight, &s->weight, s->weight_chunk, 1);
	xsum_add_span(&out->loss, &s->loss, s->loss_chunk, 1);
}

static void
respan(Spanned *s, const LossSummary *from, int margin)
{
	s->n = from->n;
	s->weight = xsum_span_of(&from->weight, margin);
	s->loss = xsum_span_of(&from->loss, margin);
	xsum_to_span(&from->weight, s->weight, s->weight_chunk);
	xsum_to_span(&from->loss, s->loss, s->loss_chunk);
}

static bool
same_sum(const ExactSum *a, const ExactSum *b)
{
	ExactSum	x = *a;
	ExactSum	y = *b;

	xsum_normalize(&x);
	xsum_normalize(&y);
	return memcmp(x.chunk, y.chunk, sizeof(x.chunk)) == 0;
}

static bool
same_summary(const LossSummary *a, const LossSummary *b)
{
	return memcmp(&a->n, &b->n, sizeof(a->n)) == 0 &&
		same_sum(&a->weight, &b->weight) && same_sum(&a->loss, &b->loss);
}

static void
side_init(Side *side)
{
	summary_init(&side->whole);
	respan(&side->spans, &side->whole, 0);
	side->min_loss = INFINITY;
	side->max_loss = -INFINITY;
	side->bounds_known = true;
}

/* A row into spans, as loss_state_add_row() adds it; whole has taken it. */
static void
spans_row(Spanned *spans, const LossSummary *whole, const RowTerms *terms,
		  int sign)
{
	PlacedTerms placed;
	XsumSpan	weight_span;
	XsumSpan	loss_span;
	Spanned		wide;

	spans->n = whole->n;
	summary_place_terms(terms, &placed);
	weight_span = spans->weight;
	loss_span = spans->loss;
	switch (summary_spans_fit(&placed, &weight_span, &loss_span, 1))
	{
		case SPANS_FULL:
			respan(spans, whole, 1);
			break;
		case SPANS_WIDEN:
			wide = *spans;
			wide.weight = weight_span;
			wide.loss = loss_span;
			xsum_span_move(&spans->weight, spans->weight_chunk,
						   &wide.weight, wide.weight_chunk);
			xsum_span_move(&spans->loss, spans->loss_chunk,
						   &wide.loss, wide.loss_chunk);
			*spans = wide;
			/* fall through */
		case SPANS_HOLD:
			summary_spans_add(&placed, &spans->weight, spans->weight_chunk,
							  &spans->loss, spans->loss_chunk, sign);
			break;
	}
}

/*
 * A row in or out of both forms; the spans grow as loss_state's do.  The
 * inline paths of the transitions are tried first, as there, and where one
 * takes the row it must leave the very spans, pending counts and all, that
 * the general path would have.
 */
static SummaryStatus
side_row(Side *side, double loss, double weight, bool weighted, int sign)
{
	RowTerms	terms;
	SummaryStatus status = summary_row_terms(loss, weight, weighted, &terms);
	Spanned		general = side->spans;
	bool		inline_took;

	if (status != SUMMARY_OK)
		return status;
	if (!weighted)
		inline_took = summary_spans_add_plain(&side->spans.n,
											  &side->spans.loss,
											  side->spans.loss_chunk,
											  loss, sign);
	else
		inline_took = sign > 0 &&
			summary_spans_add_weighted(&side->spans.n,
									   &side->spans.weight,
									   side->spans.weight_chunk,
									   &side->spans.loss,
									   side->spans.loss_chunk, loss, weight);

	status = counts_add_row(&side->whole.n, &terms, sign);
	FUZZ_CHECK(!inline_took || status == SUMMARY_OK,
			   "an inline path took a row the general one refuses");
	if (status != SUMMARY_OK)
		return status;
	summary_add_terms(&side->whole, &terms, sign);
	spans_row(&general, &side->whole, &terms, sign);
	if (inline_took)
		FUZZ_CHECK(memcmp(&general, &side->spans, sizeof(Spanned)) == 0,
				   "an inline path left other spans than the general one");
	else
		side->spans = general;

	if (sign > 0 && terms.special == ROW_FINITE && terms.n_loss > 0)
	{
		side->min_loss = fmin(side->min_loss, loss);
		side->max_loss = fmax(side->max_loss, loss);
	}
	if (sign < 0)
		side->bounds_known = false;
	return SUMMARY_OK;
}

static void
check_side(const Side *side)
{
	LossSummary from_spans;
	LossSummary again;
	char		text[SUMMARY_TEXT_MAX];
	int			version;
	double		mean;
	double		total;
	SummaryStatus status = SUMMARY_OK;

	unspan(&side->spans, &from_spans);
	FUZZ_CHECK(same_summary(&from_spans, &side->whole),
			   "the spans and the whole summary differ");
	FUZZ_CHECK(summary_is_possible(&side->whole),
			   "rows produced a summary that input would reject");

	summary_format(&side->whole, text);
	FUZZ_CHECK(strlen(text) < SUMMARY_TEXT_MAX, "text too long");
	FUZZ_CHECK(summary_parse(text, &again, &version), "\"%s\" rejected", text);
	FUZZ_CHECK(same_summary(&again, &side->whole), "\"%s\" reads back differently", text);

	if (summary_mean(&side->whole, &mean) && isfinite(mean) &&
		side->bounds_known && side->min_loss <= side->max_loss)
	{
		/*
		 * Two roundings and a division: a few ulps outside at most; and a
		 * product w * loss that underflows loses up to 2^-1074 a row, which
		 * a small total weight magnifies.
		 */
		double		weight = summary_total_weight(&side->whole, &status);
		double		slack = 4 * DBL_EPSILON * fmax(fabs(side->min_loss), fabs(side->max_loss)) +
			2 * side->whole.n.rows * (DBL_TRUE_MIN / weight) + 1e-300;

		FUZZ_CHECK(mean >= side->min_loss - slack && mean <= side->max_loss + slack,
				   "mean %a outside [%a, %a]", mean, side->min_loss, side->max_loss);
	}
	(void) summary_total(&side->whole, &total, &status);
	(void) summary_total_weight(&side->whole, &status);
}

/* Merge (or take out) other into side, in both forms. */
static void
side_merge(Side *side, const Side *other, int sign)
{
	LossSummary before = side->whole;
	SummaryStatus status = summary_merge(&side->whole, &other->whole, sign);

	if (status != SUMMARY_OK)
	{
		FUZZ_CHECK(same_summary(&before, &side->whole), "a failed merge changed the summary");
		return;
	}
	if (sign < 0 && !summary_is_possible(&side->whole))
	{
		/* loss_state raises an error here; the step is undone. */
		side->whole = before;
		return;
	}
	/* In place where the other's spans lie inside, as loss_state merges. */
	if (xsum_span_can_merge(&side->spans.weight, &other->spans.weight) &&
		xsum_span_can_merge(&side->spans.loss, &other->spans.loss))
	{
		xsum_span_merge(&side->spans.weight, side->spans.weight_chunk,
						&other->spans.weight, other->spans.weight_chunk, sign);
		xsum_span_merge(&side->spans.loss, side->spans.loss_chunk,
						&other->spans.loss, other->spans.loss_chunk, sign);
		side->spans.n = side->whole.n;
	}
	else
		respan(&side->spans, &side->whole, 1);
	if (sign > 0)
	{
		side->min_loss = fmin(side->min_loss, other->min_loss);
		side->max_loss = fmax(side->max_loss, other->max_loss);
		side->bounds_known &= other->bounds_known;
	}
	else
		side->bounds_known = false;
}

static void
fuzz_text(const uint8_t *data, size_t size)
{
	/* Exactly size + 1 bytes: ASan sees any read past the NUL. */
	char	   *text = malloc(size + 1);
	char		canonical[SUMMARY_TEXT_MAX];
	LossSummary s;
	LossSummary again;
	int			version;

	memcpy(text, data, size);
	text[size] = '\0';
	if (summary_parse(text, &s, &version) && summary_is_possible(&s))
	{
		summary_format(&s, canonical);
		FUZZ_CHECK(summary_parse(canonical, &again, &version) &&
				   same_summary(&again, &s),
				   "\"%s\" and its canonical \"%s\" differ", text, canonical);
	}
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzInput	in;
	Side		side[2];
	int			steps = 0;

	if (size > 0 && data[0] == 'T')
	{
		fuzz_text(data + 1, size - 1);
		return 0;
	}
	fuzz_init(&in, data, size);
	side_init(&side[0]);
	side_init(&side[1]);

	while (!fuzz_exhausted(&in) && steps++ < 256)
	{
		uint8_t		op = fuzz_byte(&in);
		Side	   *s = &side[op & 1];
		double		loss;
		double		weight;
		bool		weighted;

		switch ((op >> 1) % 4)
		{
			case 0:				/* a row in */
				loss = fuzz_double(&in);
				weight = fuzz_double(&in);
				weighted = fuzz_byte(&in) & 1;
				(void) side_row(s, loss, weight, weighted, 1);
				break;
			case 1:				/* a row in and out again: no trace */
				{
					LossSummary before = s->whole;
					bool		known = s->bounds_known;
					double		lo = s->min_loss;
					double		hi = s->max_loss;

					loss = fuzz_double(&in);
					weight = fuzz_double(&in);
					weighted = fuzz_byte(&in) & 1;
					if (side_row(s, loss, weight, weighted, 1) == SUMMARY_OK)
					{
						FUZZ_CHECK(side_row(s, loss, weight, weighted, -1) == SUMMARY_OK,
								   "a row just added could not be taken out");
						FUZZ_CHECK(same_summary(&before, &s->whole),
								   "adding and removing %a (weight %a) left a trace",
								   loss, weight);
						s->bounds_known = known;
						s->min_loss = lo;
						s->max_loss = hi;
					}
				}
				break;
			case 2:				/* merge the other side in */
				side_merge(s, &side[!(op & 1)], 1);
				break;
			default:			/* take the other side out */
				side_merge(s, &side[!(op & 1)], -1);
				break;
		}
		check_side(s);
	}
	return 0;
}
