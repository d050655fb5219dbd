/*
 * state_text.c
 *		Reading the text forms of stored states, described in state_text.h.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "state_text.h"

void
text_skip_space(const char **p)
{
	while (isspace((unsigned char) **p))
		(*p)++;
}

bool
text_expect(const char **p, char c)
{
	text_skip_space(p);
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

bool
text_read_count(const char **p, int64_t *value)
{
	char	   *end;

	text_skip_space(p);
	if (!isdigit((unsigned char) **p))
		return false;
	errno = 0;
	*value = strtoll(*p, &end, 10);
	if (errno != 0)
		return false;
	*p = end;
	return true;
}

bool
text_read_sum(const char **p, ExactSum *sum)
{
	text_skip_space(p);
	return xsum_parse(*p, p, sum);
}
