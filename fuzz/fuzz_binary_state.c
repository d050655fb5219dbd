/*
 * fuzz_binary_state.c
 *		Fuzz the binary classifier's summary of src/binary_summary.c and the
 *		stored bytes that the binary_state type keeps it in, with programs of
 *		operations on two states: rows in and out (any label and probability
 *		or logit, any weight), merging and taking back out, text round trips,
 *		and the reader fed arbitrary text.
 *
 * Each state is kept twice: as an exact reference (BinarySummary, each
 * row's terms added to its sums) and as stored bytes that the shipped code
 * changes (binary_state_add_row, binary_state_merge), in memory from
 * malloc.  After every step the two must hold the same value; every state
 * the operations produce must be one binary_is_possible() accepts, and its
 * text must read back to it; where the inline path of the transition takes
 * a row it must leave the very bytes the general path leaves.  Every score
 * must lie in its range, and while no row has left a state the Brier score,
 * the base rate and the mean prediction must agree with sums kept in long
 * double.
 *
 * Input: the byte 'T' and then text for binary_parse alone, or a sequence
 * of operation bytes, each followed by its operands.
 */
#include <stdarg.h>

#include "fuzz_state.h"

#include "binary_summary.h"
#include "core.h"

typedef struct Side
{
	int			id;
	BinarySummary whole;
	void	   *bytes;
	bool		clean;			/* only finite rows added, none taken out */
	long double weight;			/* what clean rows add, in long double */
	long double label;
	long double prob;
	long double brier;
} Side;

/* The operations so far, as calls of the core, for describe(). */
static char trace[16384];

static void
trace_op(const char *fmt, ...)
{
	size_t		used = strlen(trace);
	va_list		args;

	va_start(args, fmt);
	if (used < sizeof(trace) - 1)
		vsnprintf(trace + used, sizeof(trace) - used, fmt, args);
	va_end(args);
}

static bool
same_summary(const BinarySummary *a, const BinarySummary *b)
{
	return memcmp(&a->loss.n, &b->loss.n, sizeof(a->loss.n)) == 0 &&
		memcmp(&a->loss.m, &b->loss.m, sizeof(a->loss.m)) == 0 &&
		memcmp(&a->b, &b->b, sizeof(a->b)) == 0 &&
		same_sum(&a->loss.weight, &b->loss.weight) &&
		same_sum(&a->loss.loss, &b->loss.loss) &&
		same_sum(&a->loss.weight_sq, &b->loss.weight_sq) &&
		same_sum(&a->loss.loss_sq, &b->loss.loss_sq) &&
		same_sum(&a->label, &b->label) && same_sum(&a->prob, &b->prob) &&
		same_sum(&a->label_sq, &b->label_sq) && same_sum(&a->brier, &b->brier);
}

static ExactSum *
whole_sum(BinarySummary *s, int i)
{
	ExactSum   *sums[BINARY_SUMS] = {&s->loss.weight, &s->loss.loss,
		&s->loss.weight_sq, &s->loss.loss_sq, &s->label, &s->prob,
	&s->label_sq, &s->brier};

	return sums[i];
}

static void
side_init(Side *side)
{
	side->id = 0;
	binary_init(&side->whole);
	side->bytes = binary_pack(&side->whole, STORED_GROWTH_MARGIN, &fuzz_memory);
	side->clean = true;
	side->weight = side->label = side->prob = side->brier = 0.0L;
}

/* A number into [0, 1] (NaN kept): what the SQL layer lets through. */
static double
unit(double x)
{
	if (isnan(x) || (x >= 0.0 && x <= 1.0))
		return x;
	if (isinf(x))
		return 1.0;
	return fabs(x) / (1.0 + fabs(x));
}

/* The whole summary and the bytes agree, and both are possible. */
static void
check_side(const Side *side)
{
	BinarySummary unpacked;
	BinarySummary parsed;
	char		text[BINARY_TEXT_MAX];
	int			version;

	binary_unpack(side->bytes, &unpacked);
	FUZZ_CHECK(same_summary(&unpacked, &side->whole),
			   "the stored bytes and the summary differ");
	FUZZ_CHECK(binary_is_possible(&unpacked),
			   "the operations made a state input would reject");
	binary_format(&unpacked, text);
	FUZZ_CHECK(strlen(text) < BINARY_TEXT_MAX, "text too long");
	FUZZ_CHECK(binary_parse(text, &parsed, &version) &&
			   same_summary(&parsed, &unpacked),
			   "the text form does not read back: %s", text);
}

/* Every score in its range; while clean, near the long double sums. */
static void
check_scores(const Side *side)
{
	const BinarySummary *s = &side->whole;
	double		v;
	long double slack;

	if (binary_brier(s, &v))
		FUZZ_CHECK(isnan(v) || (v >= 0.0 && v <= 1.0), "brier %a", v);
	if (binary_prevalence(s, &v))
		FUZZ_CHECK(isnan(v) || (v >= 0.0 && v <= 1.0), "prevalence %a", v);
	if (binary_mean_prediction(s, &v))
		FUZZ_CHECK(isnan(v) || (v >= 0.0 && v <= 1.0), "mean prediction %a", v);
	if (binary_calibration_ratio(s, &v))
		FUZZ_CHECK(isnan(v) || v >= 0.0, "calibration ratio %a", v);
	if (binary_normalized_entropy(s, &v))
		FUZZ_CHECK(isnan(v) || v >= 0.0, "normalized entropy %a", v);
	if (binary_d2_log_loss(s, &v))
		FUZZ_CHECK(isnan(v) || v <= 1.0, "d2 log loss %a", v);
	if (binary_d2_brier(s, &v))
		FUZZ_CHECK(isnan(v) || v <= 1.0, "d2 brier %a", v);
	if (binary_std_error(s, &v))
		FUZZ_CHECK(isnan(v) || v >= 0.0, "std error %a", v);
	if (binary_log_loss(s, &v))
		FUZZ_CHECK(isnan(v) || v >= 0.0, "log loss %a", v);

	if (!side->clean || !(side->weight > 0.0L) ||
		!(side->weight < (long double) DBL_MAX))
		return;

	/*
	 * Each product that underflows is exact only to 2^-1074 (a row adds at
	 * most 16 of them): with subnormal weights that is all there is.  And a
	 * quotient among the subnormals is rounded to 2^-1074.
	 */
	slack = 16.0L * side->whole.loss.n.rows * DBL_TRUE_MIN / side->weight +
		DBL_TRUE_MIN;
	if (binary_brier(s, &v))
	{
		long double ref = side->brier / side->weight;

		FUZZ_CHECK(fabsl(v - ref) <= 1e-12L * ref + slack,
				   "brier %a, long double %La", v, ref);
	}
	if (binary_prevalence(s, &v))
	{
		long double ref = side->label / side->weight;

		FUZZ_CHECK(fabsl(v - ref) <= 1e-12L * ref + slack,
				   "prevalence %a, long double %La", v, ref);
	}
	if (binary_mean_prediction(s, &v))
	{
		long double ref = side->prob / side->weight;

		FUZZ_CHECK(fabsl(v - ref) <= 1e-12L * ref + slack,
				   "mean prediction %a, long double %La", v, ref);
	}
}

/* A row in or out: the shipped path on the bytes, the reference by its terms. */
static void
side_row(Side *side, double label, double prob, double loss, double weight,
		 bool weighted, int sign)
{
	BinaryRow	row;
	SummaryStatus status = binary_row_terms(label, prob, loss, weight,
											weighted, &row);
	void	   *given = side->bytes;
	SummaryStatus shipped;

	trace_op("\trow(side %d, label %a, prob %a, loss %a, weight %a, weighted %d, sign %d)\n",
			 side->id, label, prob, loss, weight, weighted, sign);
	if (status != SUMMARY_OK)
		return;
	shipped = binary_state_add_row(&side->bytes, &row, sign, &fuzz_memory);
	if (side->bytes != given)
		free(given);
	if (shipped != SUMMARY_OK)
	{
		/* A refused removal leaves the bytes changed: start over from the whole. */
		FUZZ_CHECK(sign < 0 || shipped == SUMMARY_TOO_MANY_ROWS,
				   "a row in was refused with status %d", shipped);
		free(side->bytes);
		side->bytes = binary_pack(&side->whole, STORED_GROWTH_MARGIN,
								  &fuzz_memory);
		return;
	}

	/* The reference: the counts as the bytes say, the terms added exactly. */
	{
		BinarySummary unpacked;

		binary_unpack(side->bytes, &unpacked);
		side->whole.loss.n = unpacked.loss.n;
		side->whole.loss.m = unpacked.loss.m;
		side->whole.b = unpacked.b;
	}
	for (int i = 0; i < row.terms.sums.n; i++)
		stored_term_add_to(&row.terms.sums, i,
						   whole_sum(&side->whole, row.terms.sums.sum[i]), sign);

	if (sign < 0 || !(isfinite(label) && isfinite(prob) && isfinite(loss)) ||
		(weighted && !isfinite(weight)))
		side->clean = false;
	else if (row.positive)
	{
		long double w = weighted ? weight : 1.0L;

		side->weight += w;
		side->label += w * label;
		side->prob += w * prob;
		side->brier += w * ((long double) label - prob) * ((long double) label - prob);
	}
}

static SummaryStatus
side_merge(Side *side, const Side *other, int sign)
{
	void	   *given = side->bytes;
	SummaryStatus status;

	trace_op("\tmerge(side %d, sign %d)\n", side->id, sign);
	status = binary_state_merge(&side->bytes, other->bytes,
											  sign, &fuzz_memory);

	if (side->bytes != given)
		free(given);
	if (status != SUMMARY_OK)
	{
		FUZZ_CHECK(sign < 0 || status == SUMMARY_TOO_MANY_ROWS,
				   "a merge was refused with status %d", status);
		free(side->bytes);
		side->bytes = binary_pack(&side->whole, STORED_GROWTH_MARGIN,
								  &fuzz_memory);
		return status;
	}
	binary_unpack(side->bytes, &side->whole);
	side->clean = false;
	return status;
}

static void
describe(void)
{
	fputs(trace, stderr);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzInput	in;
	Side		side[2];

	fuzz_describe = describe;
	if (size > 0 && data[0] == 'T')
	{
		char	   *text = malloc(size);
		BinarySummary s;
		int			version;

		memcpy(text, data + 1, size - 1);
		text[size - 1] = '\0';
		if (binary_parse(text, &s, &version) && binary_is_possible(&s))
		{
			void	   *bytes = binary_pack(&s, 0, &fuzz_memory);
			BinarySummary back;

			binary_unpack(bytes, &back);
			FUZZ_CHECK(same_summary(&back, &s), "pack and unpack differ");
			free(bytes);
		}
		free(text);
		return 0;
	}

	fuzz_init(&in, data, size);
	trace[0] = '\0';
	side_init(&side[0]);
	side_init(&side[1]);
	side[1].id = 1;
	for (int step = 0; step < 64 && !fuzz_exhausted(&in); step++)
	{
		uint8_t		op = fuzz_byte(&in);
		Side	   *s = &side[op & 1];
		Side	   *other = &side[!(op & 1)];

		switch ((op >> 1) % 6)
		{
			case 0:				/* a row from a probability */
			case 1:				/* ... and out again, or taken out alone */
				{
					double		label = unit(fuzz_double(&in));
					double		prob = unit(fuzz_double(&in));
					bool		weighted = fuzz_byte(&in) & 1;
					double		weight = weighted ? fuzz_double(&in) : 1.0;
					double		loss = xent_bce(label, prob);

					side_row(s, label, prob, loss, weight, weighted, 1);
					if ((op >> 1) % 6 == 1)
						side_row(s, label, prob, loss, weight, weighted, -1);
					break;
				}
			case 2:				/* a row from a logit */
				{
					double		label = unit(fuzz_double(&in));
					double		logit = fuzz_double(&in);
					bool		weighted = fuzz_byte(&in) & 1;
					double		weight = weighted ? fuzz_double(&in) : 1.0;
					double		prob = xent_logistic(logit);

					FUZZ_CHECK(isnan(logit) ? isnan(prob) : (prob >= 0.0 && prob <= 1.0),
							   "logistic(%a) = %a", logit, prob);
					side_row(s, label, prob, xent_bce_logit(label, logit),
							 weight, weighted, fuzz_byte(&in) & 1 ? -1 : 1);
					break;
				}
			case 3:				/* merge the other in */
				side_merge(s, other, 1);
				break;
			case 4:				/* merge the other in and take it out again */
				{
					BinarySummary before = s->whole;

					if (side_merge(s, other, 1) == SUMMARY_OK)
					{
						FUZZ_CHECK(side_merge(s, other, -1) == SUMMARY_OK,
								   "a state merged in could not be taken out");
						FUZZ_CHECK(same_summary(&s->whole, &before),
								   "a state merged in and out again changed");
					}
					break;
				}
			case 5:				/* take the other out: refused unless held */
				side_merge(s, other, -1);
				break;
		}
		check_side(&side[0]);
		check_side(&side[1]);
		check_scores(&side[0]);
		check_scores(&side[1]);
	}
	free(side[0].bytes);
	free(side[1].bytes);
	return 0;
}
