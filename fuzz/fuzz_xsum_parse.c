/*
 * fuzz_xsum_parse.c
 *		Fuzz xsum_parse, the reader of the exact sum's text form, on
 *		arbitrary bytes: it reads loss_state input typed by any user, so no
 *		text may crash it or make it read past the terminating NUL.
 *
 * Where it accepts a text, the state must be normalised and in range, must
 * round as strtod() rounds the same text (glibc reads hexadecimal floats
 * with any number of digits, correctly rounded), and must format to a
 * canonical text that parses back to the same limbs.
 *
 * Input: the text itself (a NUL-terminated copy; a NUL inside ends it).
 */
#include "fuzz_common.h"

#include "exact_sum.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Exactly size + 1 bytes: ASan sees any read past the NUL. */
	char	   *text = malloc(size + 1);
	char	   *prefix;
	char	   *canonical = malloc(XSUM_TEXT_MAX);
	const char *end = NULL;
	const char *end2 = NULL;
	ExactSum	sum;
	ExactSum	again;
	double		rounded;
	double		expected;
	size_t		consumed;

	memcpy(text, data, size);
	text[size] = '\0';

	if (!xsum_parse(text, &end, &sum))
		goto done;

	consumed = end - text;
	FUZZ_CHECK(end > text && consumed <= strlen(text),
			   "parse accepted \"%s\" ending at %td", text, end - text);
	FUZZ_CHECK(xsum_is_normalized(&sum), "parse of \"%s\" not normalised", text);

	/*
	 * What was read is [-]0x<hex>p<exponent> or 0: C's own hexadecimal
	 * floating syntax, so strtod reads the same value and rounds it once.
	 * The copy keeps strtod from reading on past what parse took.
	 */
	prefix = malloc(consumed + 1);
	memcpy(prefix, text, consumed);
	prefix[consumed] = '\0';
	rounded = xsum_round(&sum);
	expected = strtod(prefix, NULL);
	FUZZ_CHECK(rounded == expected,
			   "\"%s\" rounds to %a, strtod says %a", prefix, rounded, expected);
	free(prefix);

	/* The canonical text: fits, and reads back to the same limbs. */
	xsum_format(&sum, canonical);
	FUZZ_CHECK(strlen(canonical) < XSUM_TEXT_MAX, "text too long");
	FUZZ_CHECK(xsum_parse(canonical, &end2, &again) && *end2 == '\0',
			   "canonical text \"%s\" rejected", canonical);
	FUZZ_CHECK(memcmp(again.limb, sum.limb, sizeof(sum.limb)) == 0,
			   "\"%s\" and its canonical \"%s\" differ", text, canonical);

done:
	free(text);
	free(canonical);
	return 0;
}
