/*
 * fuzz_calibration.c
 *		Fuzz the calibration summary of src/calibration.c and its stored
 *		bytes (src/stored_state.c with a kind built per state), with programs
 *		of operations on two states of the same bounds: rows in (any label,
 *		probability and weight), the last row taken out again, one state
 *		merged into the other and taken back out, text round trips, and the
 *		accessors; and the text reader fed arbitrary text.
 *
 * Invariants: every state the operations leave is one that
 * calibration_state_is_possible() accepts (input would take it back); a
 * row or a state added and taken out again leaves the same text; the text
 * reads back to the same text; the accessors' values are NaN or in [0, 1],
 * the l1 ECE at most the l2 and the l2 at most the max.
 *
 * Input: the byte 'T' and then text for the reader alone, or the number of
 * bounds and the bounds, then operation bytes, each followed by operands.
 */
#include "fuzz_common.h"

#include "calibration.h"

static void *
fuzz_alloc(size_t size, void *arg)
{
	char	   *state = malloc(size);
	int32_t		length = (int32_t) size;

	(void) arg;
	memset(state, 0xa5, size);
	memcpy(state, &length, sizeof(length));
	return state;
}

static const StoredAlloc fuzz_memory = {fuzz_alloc, NULL};

/* The text of a state, malloc'd. */
static char *
text_of(const void *state)
{
	Calibration c;
	char	   *text;

	c.bin = malloc(calibration_bins_size(calibration_n_bounds(state)));
	calibration_unpack(state, &c);
	text = malloc(calibration_text_max(c.n));
	calibration_format(&c, text);
	free(c.bin);
	return text;
}

/* Read text; a state packed from it, or NULL. */
static void *
read_text(const char *text)
{
	Calibration c;
	const char *rest;
	int			version;
	int			n;
	void	   *state = NULL;

	if (!calibration_parse_head(text, &version, &n, &rest))
		return NULL;
	c.bin = malloc(calibration_bins_size(n));
	if (calibration_parse_rest(rest, n, &c))
		state = calibration_pack(&c, 0, &fuzz_memory);
	free(c.bin);
	return state;
}

static void
check_state(const void *state)
{
	Calibration c;
	double		l1,
				l2,
				mx;
	BrierDecomposition d;
	char	   *text = text_of(state);
	void	   *back;
	char	   *again;

	FUZZ_CHECK(calibration_state_is_possible(state), "state %s", text);
	back = read_text(text);
	FUZZ_CHECK(back != NULL, "text does not read back: %s", text);
	again = text_of(back);
	FUZZ_CHECK(strcmp(text, again) == 0, "%s read back as %s", text, again);

	c.bin = malloc(calibration_bins_size(calibration_n_bounds(state)));
	calibration_unpack(state, &c);
	if (calibration_ece(&c, CALIBRATION_L1, &l1))
	{
		FUZZ_CHECK(calibration_ece(&c, CALIBRATION_L2, &l2) &&
				   calibration_ece(&c, CALIBRATION_MAX, &mx), "ece NULL");
		FUZZ_CHECK(isnan(l1) || (l1 >= 0 && l1 <= l2 * (1 + 4 * EPS) + UNDERFLOW_SLACK &&
								 l2 <= mx * (1 + 4 * EPS) + UNDERFLOW_SLACK && mx <= 1),
				   "ece %g %g %g of %s", l1, l2, mx, text);
		FUZZ_CHECK(calibration_brier_decomposition(&c, &d), "no decomposition");
		FUZZ_CHECK(isnan(d.reliability) ||
				   (d.reliability >= 0 && d.reliability <= 1 + 4 * EPS &&
					d.resolution >= 0 && d.resolution <= 1 + 4 * EPS &&
					d.uncertainty >= 0 && d.uncertainty <= 0.25 + EPS),
				   "decomposition %g %g %g of %s", d.reliability,
				   d.resolution, d.uncertainty, text);
	}
	free(c.bin);
	free(text);
	free(again);
	free(back);
}

/* *state after the shipped code may have replaced it: free the old one. */
static void
settle(void *given, void *now)
{
	if (now != given)
		free(given);
}

static void
fuzz_text(const uint8_t *data, size_t size)
{
	char	   *text = malloc(size + 1);
	void	   *state;

	memcpy(text, data, size);
	text[size] = '\0';
	state = read_text(text);
	if (state && calibration_state_is_possible(state))
		check_state(state);
	free(state);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzInput	in;
	double		bounds[8];
	int			n;
	void	   *side[2];
	int			steps = 0;

	if (size > 0 && data[0] == 'T')
	{
		fuzz_text(data + 1, size - 1);
		return 0;
	}
	fuzz_init(&in, data, size);
	n = 1 + fuzz_byte(&in) % 8;
	for (int i = 0; i < n; i++)
		bounds[i] = fuzz_double(&in);
	if (calibration_bounds_bad(bounds, n) != 0)
		return 0;
	side[0] = calibration_new(bounds, n, &fuzz_memory);
	side[1] = calibration_new(bounds, n, &fuzz_memory);

	while (!fuzz_exhausted(&in) && steps++ < 128)
	{
		uint8_t		op = fuzz_byte(&in);
		void	  **s = &side[op & 1];
		void	   *given = *s;
		char	   *before = text_of(*s);
		double		label = fuzz_double(&in);
		double		prob = fuzz_double(&in);
		double		weight = fuzz_double(&in);
		bool		weighted = op & 2;
		CalibrationStatus status;
		char	   *after;

		if ((op >> 2) % 2 == 0)
		{
			/* A row in, then out again: the same text. */
			status = calibration_add_row(s, label, prob, weight, weighted, 1,
										 &fuzz_memory);
			settle(given, *s);
			if (status != CALIBRATION_OK)
			{
				free(before);
				continue;
			}
			check_state(*s);
			if (op & 8)
			{
				given = *s;
				status = calibration_add_row(s, label, prob, weight, weighted,
											 -1, &fuzz_memory);
				settle(given, *s);
				FUZZ_CHECK(status == CALIBRATION_OK, "removal failed: %d", status);
				after = text_of(*s);
				FUZZ_CHECK(strcmp(before, after) == 0, "%s became %s", before, after);
				free(after);
			}
		}
		else
		{
			/* The other state merged in, then taken out: the same text. */
			void	   *other = side[!(op & 1)];

			status = calibration_merge(s, other, 1, &fuzz_memory);
			settle(given, *s);
			if (status == CALIBRATION_OK)
			{
				check_state(*s);
				given = *s;
				status = calibration_merge(s, other, -1, &fuzz_memory);
				settle(given, *s);
				FUZZ_CHECK(status == CALIBRATION_OK, "retraction failed: %d", status);
				after = text_of(*s);
				FUZZ_CHECK(strcmp(before, after) == 0, "%s became %s", before, after);
				free(after);
			}
		}
		free(before);
	}
	check_state(side[0]);
	check_state(side[1]);
	free(side[0]);
	free(side[1]);
	return 0;
}
