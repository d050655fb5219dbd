/*
 * fuzz_exact_sum.c
 *		Fuzz the exact accumulator of src/exact_sum.c with programs of
 *		operations on a few accumulators: add, add and take away again,
 *		combine, normalise, a long history (the pending counter near its
 *		limit), states as received in binary, and checks.
 *
 * Each accumulator remembers the values added to it, so that a check can
 * rebuild the same sum in another order and grouping, and compare the
 * rounded sum with the C double sum where there are at most two values.
 * Independently of all that, xsum_round of any state must agree with
 * strtod() of its xsum_format text (glibc rounds hexadecimal input
 * correctly, subnormals and overflow included), and that text must parse
 * back to the same normalised limbs.
 *
 * Input: a sequence of operation bytes, each followed by its operands.
 */
#include "fuzz_common.h"

#include "exact_sum.h"

#define NACC 3
#define MAX_VALUES 4096			/* combining doubles lists: keep them bounded */
#define MAX_FULL_CHECKS 8		/* rebuilding is O(values): a few per input */

/*
 * Rows, in loss_state's terms: how many doubles each accumulator may hold.
 * The accumulator's range (exact_sum.h) is every sum of fewer than 2^63
 * doubles, and loss_state's int64 row count keeps it there; a combine that
 * would go past it is skipped, as the SQL layer could never ask for it.
 */
#define MAX_ROWS ((uint64_t) 1 << 62)

typedef struct Acc
{
	ExactSum	sum;
	double	   *values;			/* what was added, for the references */
	size_t		nvalues;
	bool		known;			/* values is the whole history */
	uint64_t	rows;			/* bound on the doubles it stands for */
} Acc;

static int	full_checks;

static void
acc_reset(Acc *acc)
{
	xsum_init(&acc->sum);
	acc->nvalues = 0;
	acc->known = true;
	acc->rows = 0;
}

static void
acc_remember(Acc *acc, double v)
{
	if (acc->nvalues < MAX_VALUES)
		acc->values[acc->nvalues++] = v;
	else
		acc->known = false;
}

/* A finite double: the aggregates keep Infinity and NaN apart. */
static double
fuzz_finite(FuzzInput *in)
{
	double		v = fuzz_double(in);

	if (!isfinite(v))
		v = copysign(DBL_MAX, v);
	return v;
}

static void
normalised_copy(const ExactSum *sum, ExactSum *out)
{
	*out = *sum;
	xsum_normalize(out);
}

static bool
same_value(const ExactSum *a, const ExactSum *b)
{
	ExactSum	na;
	ExactSum	nb;

	normalised_copy(a, &na);
	normalised_copy(b, &nb);
	return memcmp(na.limb, nb.limb, sizeof(na.limb)) == 0;
}

static void
print_limbs(const char *what, const ExactSum *sum)
{
	char	   *text = malloc(XSUM_TEXT_MAX);

	xsum_format(sum, text);
	fprintf(stderr, "%s: %s\n", what, text);
	free(text);
}

/*
 * Text round trip and rounding of any state in the accumulator's range:
 * format fits XSUM_TEXT_MAX (the buffer is exactly that long, so ASan
 * sees one byte more), parses back to the same limbs and the same text,
 * and rounds as strtod rounds the text.
 */
static void
check_text(const ExactSum *sum)
{
	char	   *text = malloc(XSUM_TEXT_MAX);
	char	   *again = malloc(XSUM_TEXT_MAX);
	ExactSum	norm;
	ExactSum	parsed;
	const char *end = NULL;
	double		rounded = xsum_round(sum);
	double		expected;
	size_t		len;

	normalised_copy(sum, &norm);
	FUZZ_CHECK(xsum_is_normalized(&norm), "a sum of fewer than 2^63 doubles is out of range");
	FUZZ_CHECK(same_bits(xsum_round(&norm), rounded),
			   "rounding depends on normalisation: %a vs %a",
			   xsum_round(&norm), rounded);

	xsum_format(sum, text);
	len = strlen(text);
	FUZZ_CHECK(len < XSUM_TEXT_MAX, "text of %zu bytes", len);
	FUZZ_CHECK(xsum_parse(text, &end, &parsed), "own text rejected: %s", text);
	FUZZ_CHECK(end == text + len, "parse stopped at %td of \"%s\"", end - text, text);
	FUZZ_CHECK(memcmp(parsed.limb, norm.limb, sizeof(norm.limb)) == 0 &&
			   parsed.pending == 0,
			   "\"%s\" parses to other limbs", text);
	xsum_format(&parsed, again);
	FUZZ_CHECK(strcmp(text, again) == 0, "\"%s\" formats back as \"%s\"", text, again);

	expected = strtod(text, NULL);
	FUZZ_CHECK(rounded == expected,
			   "xsum_round %a, strtod(\"%s\") %a", rounded, text, expected);
	free(text);
	free(again);
}

/* Checks that need the history: order, grouping, sign, small sums. */
static void
check_history(const Acc *acc)
{
	ExactSum	fresh;
	ExactSum	left;
	ExactSum	right;
	ExactSum	negated;
	double		rounded = xsum_round(&acc->sum);
	size_t		n = acc->nvalues;
	size_t		half = n / 2;

	if (!acc->known)
		return;

	/* The same values, backwards: the same limbs. */
	xsum_init(&fresh);
	for (size_t i = n; i-- > 0;)
		xsum_add(&fresh, acc->values[i]);
	if (!same_value(&fresh, &acc->sum))
	{
		print_limbs("in order", &acc->sum);
		print_limbs("backwards", &fresh);
		FUZZ_CHECK(false, "the sum of %zu values depends on their order", n);
	}

	/* Grouped in two halves and combined, as a parallel plan does. */
	xsum_init(&left);
	xsum_init(&right);
	for (size_t i = 0; i < half; i++)
		xsum_add(&left, acc->values[i]);
	for (size_t i = half; i < n; i++)
		xsum_add(&right, acc->values[i]);
	xsum_add_sum(&right, &left);
	FUZZ_CHECK(same_value(&right, &acc->sum),
			   "the sum of %zu values depends on their grouping", n);

	/* Rounding is symmetric: the negated values round to the negation. */
	xsum_init(&negated);
	for (size_t i = 0; i < n; i++)
		xsum_add(&negated, -acc->values[i]);
	FUZZ_CHECK(xsum_round(&negated) == -rounded,
			   "round(-S) = %a, round(S) = %a", xsum_round(&negated), rounded);

	/* What the hardware says for one or two values (0 == -0 here). */
	if (n == 0)
		FUZZ_CHECK(rounded == 0.0, "empty sum %a", rounded);
	else if (n == 1)
		FUZZ_CHECK(rounded == acc->values[0], "sum of %a alone is %a",
				   acc->values[0], rounded);
	else if (n == 2)
		FUZZ_CHECK(rounded == acc->values[0] + acc->values[1],
				   "%a + %a: exact sum rounds to %a, C says %a",
				   acc->values[0], acc->values[1], rounded,
				   acc->values[0] + acc->values[1]);
}

/*
 * A state as binary receive reads it: 67 limbs in [0, 2^32) and a signed
 * top limb.  Its top is kept below 2^16, so that it stands for at most
 * 2^62 rows of at most 2^1024 each and can still take more.
 */
static void
receive(FuzzInput *in, Acc *acc, bool raw)
{
	ExactSum	sum;

	xsum_init(&sum);
	for (int i = 0; i < XSUM_LIMBS; i++)
	{
		if (raw)
			sum.limb[i] = (int64_t) fuzz_u64(in);
		else if (i < XSUM_LIMBS - 1)
			sum.limb[i] = (int64_t) (uint32_t) (fuzz_u16(in) | (uint32_t) fuzz_u16(in) << 16);
		else
			sum.limb[i] = (int64_t) (int16_t) fuzz_u16(in) * 2 + (fuzz_byte(in) & 1);
	}
	if (!xsum_is_normalized(&sum))
	{
		FUZZ_CHECK(raw, "a normalised state rejected");
		return;					/* recv rejects it; that was the point */
	}
	if (raw && (sum.limb[XSUM_LIMBS - 1] >= (1 << 16) ||
				sum.limb[XSUM_LIMBS - 1] < -(1 << 16)))
	{
		check_text(&sum);		/* in range, but too big to add to */
		return;
	}
	acc->sum = sum;
	acc->nvalues = 0;
	acc->known = false;
	acc->rows = MAX_ROWS;
	check_text(&acc->sum);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzInput	in;
	Acc			accs[NACC];

	fuzz_init(&in, data, size);
	full_checks = 0;
	for (int i = 0; i < NACC; i++)
	{
		accs[i].values = malloc(MAX_VALUES * sizeof(double));
		acc_reset(&accs[i]);
	}

	while (!fuzz_exhausted(&in))
	{
		uint8_t		op = fuzz_byte(&in);
		Acc		   *acc = &accs[(op >> 4) % NACC];
		Acc		   *other = &accs[(op >> 6) % NACC];

		switch (op % 16)
		{
			case 0:
			case 1:
			case 2:
			case 3:
				{
					double		v = fuzz_finite(&in);

					xsum_add(&acc->sum, v);
					acc_remember(acc, v);
					acc->rows++;
					break;
				}
			case 4:
				{
					/* Add and take away: not a bit may change. */
					double		v = fuzz_finite(&in);
					ExactSum	before = acc->sum;

					xsum_add(&acc->sum, v);
					xsum_add(&acc->sum, -v);
					if (!same_value(&before, &acc->sum))
					{
						print_limbs("before", &before);
						print_limbs("after", &acc->sum);
						FUZZ_CHECK(false, "adding and removing %a changed the sum", v);
					}
					break;
				}
			case 5:
				{
					/* Combine: acc += other, maybe itself. */
					size_t		n_other = other->nvalues;

					if (acc->rows + other->rows >= MAX_ROWS * 2 - 1)
						break;
					xsum_add_sum(&acc->sum, &other->sum);
					acc->rows += other->rows;
					acc->known = acc->known && other->known;
					for (size_t i = 0; i < n_other && acc->known; i++)
						acc_remember(acc, other->values[i]);
					break;
				}
			case 6:
				check_text(&acc->sum);
				if (full_checks++ < MAX_FULL_CHECKS)
					check_history(acc);
				break;
			case 7:
				/*
				 * A long history: nearly 2^30 additions since the last
				 * normalisation.  Overstating the count only makes the next
				 * normalisation come sooner, which changes no value, so the
				 * state stays true to its values.
				 */
				acc->sum.pending = XSUM_MAX_PENDING - 1 - fuzz_byte(&in) % 4;
				break;
			case 8:
				{
					ExactSum	before = acc->sum;

					xsum_normalize(&acc->sum);
					FUZZ_CHECK(xsum_is_normalized(&acc->sum) &&
							   same_value(&before, &acc->sum),
							   "normalising changed or failed");
					break;
				}
			case 9:
				acc_reset(acc);
				break;
			case 10:
				receive(&in, acc, false);
				break;
			case 11:
				receive(&in, acc, true);
				break;
			default:
				/* Negative and tiny values, sparser op bytes: just add. */
				{
					double		v = -fuzz_finite(&in);

					xsum_add(&acc->sum, v);
					acc_remember(acc, v);
					acc->rows++;
				}
				break;
		}
	}

	for (int i = 0; i < NACC; i++)
	{
		check_text(&accs[i].sum);
		if (full_checks++ < MAX_FULL_CHECKS + NACC)
			check_history(&accs[i]);
		free(accs[i].values);
	}
	return 0;
}
