/*
 * fuzz_summary.c
 *		Fuzz the loss summary of src/summary.c and the stored bytes that the
 *		loss_state type keeps it in (src/stored_state.c), with programs of
 *		operations on two summaries: rows in (any loss, any weight), a row in
 *		and out again, merging and taking back out, text round trips, and
 *		readers fed arbitrary text.
 *
 * Each summary is kept twice: whole (LossSummary, the reference), and as
 * stored bytes that the shipped code changes (summary_state_add_row,
 * summary_state_merge), in memory from malloc.  After every step the two
 * must hold the same value, every summary the operations produce must be
 * one that summary_is_possible() accepts (input would take it back), and so
 * must every merge of two possible summaries; its text must read back to
 * the same summary, and a mean of finite losses must lie between the
 * smallest and the largest of them.
 *
 * Side 0 takes the mean-loss aggregates' rows, which keep no second
 * moment, into v1 bytes; side 1 takes loss_agg's, which keep it, into v2
 * bytes; merges mix them (v1 with v2 gives v2), and the variance read from
 * any summary must be NULL, NaN, +Infinity or a number >= 0.
 *
 * Input: the byte 'T' and then text for summary_parse alone, or a sequence
 * of operation bytes, each followed by its operands.
 */
#include "fuzz_state.h"

#include "summary.h"

typedef struct Side
{
	LossSummary whole;
	LossStateBytes *bytes;
	bool		moments;		/* do its rows keep their second moments? */
	double		min_loss;		/* of the finite losses of positive weight */
	double		max_loss;
	bool		bounds_known;	/* no row has been taken out */
} Side;

static size_t
bytes_size(const LossStateBytes *state)
{
	const StoredKind *kind = summary_kind_of(state);

	return stored_size(kind, stored_spans(kind, (void *) state));
}

static LossStateBytes *
bytes_copy(const LossStateBytes *state)
{
	LossStateBytes *copy = fuzz_alloc(bytes_size(state), NULL);

	memcpy(copy, state, bytes_size(state));
	return copy;
}

/* *state after the shipped code may have replaced it with given: free one. */
static void
settle(LossStateBytes *given, LossStateBytes *now)
{
	if (now != given)
		free(given);
}

static bool
same_summary(const LossSummary *a, const LossSummary *b)
{
	return memcmp(&a->n, &b->n, sizeof(a->n)) == 0 &&
		memcmp(&a->m, &b->m, sizeof(a->m)) == 0 &&
		same_sum(&a->weight, &b->weight) && same_sum(&a->loss, &b->loss) &&
		same_sum(&a->weight_sq, &b->weight_sq) &&
		same_sum(&a->loss_sq, &b->loss_sq);
}

static void
side_init(Side *side, bool moments)
{
	summary_init(&side->whole);
	side->moments = moments;
	if (!moments)
		side->whole.version = SUMMARY_V1;
	side->bytes = summary_pack(&side->whole, 0, &fuzz_memory);
	side->min_loss = INFINITY;
	side->max_loss = -INFINITY;
	side->bounds_known = true;
}

/*
 * A row in or out of both forms.  The inline paths of the transitions are
 * tried first, as loss_state.h does, and where one takes the row it must
 * leave the very bytes, pending counts and all, that the general path
 * (summary_state_add_row) leaves in a copy.
 */
static SummaryStatus
side_row(Side *side, double loss, double weight, bool weighted, int sign)
{
	RowTerms	terms;
	SummaryStatus status = summary_row_terms(loss, weight, weighted, &terms);
	LossStateBytes *general = bytes_copy(side->bytes);
	LossStateBytes *given = general;
	LossStateBytes *b = side->bytes;
	SummaryStatus shipped;
	bool		inline_took = false;

	bool		moments = side->moments &&
		!(sign < 0 && side->whole.version == SUMMARY_V1);

	if (status != SUMMARY_OK)
		;
	else if (side->moments)
	{
		if (sign > 0 && b->version == SUMMARY_FORMAT_VERSION)
			inline_took = weighted ?
				summary2_spans_add_weighted((LossStateBytes2 *) b, loss, weight) :
				summary2_spans_add_plain((LossStateBytes2 *) b, loss);
	}
	else if (b->version == SUMMARY_V1 && !weighted)
		inline_took = summary_spans_add_plain(&b->n, &b->loss,
											  summary_loss_limbs(b),
											  loss, sign);
	if (status == SUMMARY_OK && moments)
	{
		summary_row_moment_terms(loss, weight, &terms);
		side->whole.version = SUMMARY_FORMAT_VERSION;
	}
	if (status == SUMMARY_OK)
		status = counts_add_row(&side->whole, &terms, sign);
	FUZZ_CHECK(!inline_took || status == SUMMARY_OK,
			   "an inline path took a row the general one refuses");
	if (status == SUMMARY_OK)
		summary_add_terms(&side->whole, &terms, sign);

	shipped = side->moments ?
		summary_state_add_moment_row(&general, loss, weight, weighted, sign,
									 &fuzz_memory) :
		summary_state_add_row(&general, loss, weight, weighted, sign,
							  &fuzz_memory);
	settle(given, general);
	FUZZ_CHECK(shipped == status, "the stored bytes took the row with status %d, the summary %d",
			   shipped, status);
	if (inline_took)
	{
		FUZZ_CHECK(bytes_size(general) == bytes_size(side->bytes) &&
				   memcmp(general, side->bytes, bytes_size(general)) == 0,
				   "an inline path left other bytes than the general one");
		free(general);
	}
	else if (status == SUMMARY_OK)
	{
		free(side->bytes);
		side->bytes = general;
	}
	else
		free(general);
	if (status != SUMMARY_OK)
		return status;

	/* A finite loss of positive weight: one the mean lies among. */
	if (sign > 0 && terms.special == ROW_FINITE && (!weighted || weight > 0.0))
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
	LossSummary from_bytes;
	LossSummary again;
	char		text[SUMMARY_TEXT_MAX];
	int			version;
	double		mean;
	double		total;
	double		variance;
	double		std_error;
	SummaryStatus status = SUMMARY_OK;

	FUZZ_CHECK(stored_layout_is_valid(summary_kind_of(side->bytes), side->bytes,
									  bytes_size(side->bytes)),
			   "the stored bytes have a layout input would reject");
	summary_unpack(side->bytes, &from_bytes);
	FUZZ_CHECK(same_summary(&from_bytes, &side->whole) &&
			   from_bytes.version == side->whole.version,
			   "the stored bytes and the whole summary differ");
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
	if (summary_variance(&side->whole, &variance, &std_error))
		FUZZ_CHECK((isnan(variance) && isnan(std_error)) ||
				   (variance >= 0.0 && std_error >= 0.0),
				   "variance %a, standard error %a", variance, std_error);
	(void) summary_total(&side->whole, &total, &status);
	(void) summary_total_weight(&side->whole, &status);
}

/* The reference merge of other into s, whole. */
static SummaryStatus
whole_merge(LossSummary *s, const LossSummary *other, int sign)
{
	SummaryStatus status = counts_add(s, other, sign);
	void		(*add) (ExactSum *, const ExactSum *) =
		sign > 0 ? xsum_add_sum : xsum_sub_sum;

	if (status != SUMMARY_OK)
		return status;
	if (other->version != SUMMARY_V1)
		s->version = SUMMARY_FORMAT_VERSION;
	add(&s->weight, &other->weight);
	add(&s->loss, &other->loss);
	add(&s->weight_sq, &other->weight_sq);
	add(&s->loss_sq, &other->loss_sq);
	return SUMMARY_OK;
}

/* Merge (or take out) other into side, in both forms. */
static void
side_merge(Side *side, const Side *other, int sign)
{
	LossSummary before = side->whole;
	SummaryStatus status = whole_merge(&side->whole, &other->whole, sign);
	LossStateBytes *merged = bytes_copy(side->bytes);
	LossStateBytes *given = merged;
	SummaryStatus shipped = summary_state_merge(&merged, other->bytes, sign,
												&fuzz_memory);

	settle(given, merged);
	if (status == SUMMARY_OK && sign > 0)
		FUZZ_CHECK(summary_is_possible(&side->whole),
				   "a merge of two possible summaries is impossible");
	if (status == SUMMARY_OK && sign < 0 && !summary_is_possible(&side->whole))
	{
		/* loss_state raises an error here; the step is undone. */
		FUZZ_CHECK(!summary_state_surely_possible(merged),
				   "the quick test calls an impossible state possible");
		status = SUMMARY_NOT_HELD;
	}
	FUZZ_CHECK(shipped == status, "the stored bytes merged with status %d, the summary %d",
			   shipped, status);
	if (status != SUMMARY_OK)
	{
		FUZZ_CHECK(status == SUMMARY_NOT_HELD || same_summary(&before, &side->whole),
				   "a failed merge changed the summary");
		side->whole = before;
		free(merged);
		return;
	}
	free(side->bytes);
	side->bytes = merged;
	if (sign > 0)
	{
		side->min_loss = fmin(side->min_loss, other->min_loss);
		side->max_loss = fmax(side->max_loss, other->max_loss);
		side->bounds_known &= other->bounds_known;
	}
	else
		side->bounds_known = false;
}

/*
 * A state input accepts, merged with itself as rollup would merge two
 * copies of it: possible too, and its text reads back.
 */
static void
check_self_merge(const LossSummary *s)
{
	LossStateBytes *merged = summary_pack(s, 0, &fuzz_memory);
	LossStateBytes *given = merged;
	LossStateBytes *other = summary_pack(s, 0, &fuzz_memory);
	LossSummary sum;
	LossSummary again;
	char		text[SUMMARY_TEXT_MAX];
	int			version;

	if (summary_state_merge(&merged, other, 1, &fuzz_memory) == SUMMARY_OK)
	{
		summary_unpack(merged, &sum);
		summary_format(&sum, text);
		FUZZ_CHECK(summary_is_possible(&sum),
				   "merging \"%s\" with itself is impossible", text);
		FUZZ_CHECK(summary_parse(text, &again, &version) &&
				   same_summary(&again, &sum),
				   "\"%s\", a merge of possible states, does not read back", text);
	}
	settle(given, merged);
	free(merged);
	free(other);
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
		check_self_merge(&s);
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
	side_init(&side[0], false);
	side_init(&side[1], true);

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
	free(side[0].bytes);
	free(side[1].bytes);
	return 0;
}
