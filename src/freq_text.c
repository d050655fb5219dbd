/*
 * freq_text.c
 *		The text form of a frequency state (freq.h): writing a normal state
 *		and reading one back, exactly.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "freq.h"

static const char *const kind_names[] = {NULL, "text", "bigint", "boolean"};

static int
kind_of_part(int kinds, int part)
{
	return (kinds >> (8 * part)) & 0xff;
}

size_t
freq_text_size(const void *state)
{
	int			kinds = (int) freq_head(state)[FREQ_KINDS];
	int			n_parts = freq_n_parts_of(kinds);
	int64_t		n = freq_n_entries(state);
	/* "(v1," kinds "," 20 digits ")" and the NUL */
	size_t		size = 4 + 16 + 22 + 2;

	for (int64_t i = 0; i < n; i++)
	{
		FreqKey		key;

		freq_entry_key(freq_entry(state, i), n_parts, &key);
		/* ",(" ",)" ":" and 20 digits of count */
		size += 5 + 20;
		for (int p = 0; p < n_parts; p++)
			size += 2 * (size_t) key.len[p] + 22;
	}
	return size;
}

static char *
format_value(char *out, int kind, const uint8_t *bytes, uint32_t len)
{
	switch (kind)
	{
		case FREQ_BIGINT:
			return out + sprintf(out, "%" PRId64, freq_bigint_value(bytes));
		case FREQ_BOOLEAN:
			return out + sprintf(out, "%s", bytes[0] ? "true" : "false");
		default:
			*out++ = '"';
			for (uint32_t i = 0; i < len; i++)
			{
				if (bytes[i] == '"' || bytes[i] == '\\')
					*out++ = '\\';
				*out++ = (char) bytes[i];
			}
			*out++ = '"';
			return out;
	}
}

void
freq_format(const void *state, char *buf)
{
	int			kinds = (int) freq_head(state)[FREQ_KINDS];
	int			n_parts = freq_n_parts_of(kinds);
	int64_t		n = freq_n_entries(state);
	char	   *out = buf;

	out += sprintf(out, "(v%d", FREQ_FORMAT_VERSION);
	for (int p = 0; p < n_parts; p++)
		out += sprintf(out, ",%s", kind_names[kind_of_part(kinds, p)]);
	out += sprintf(out, ",%" PRId64, n);
	for (int64_t i = 0; i < n; i++)
	{
		const uint8_t *entry = freq_entry(state, i);
		FreqKey		key;

		freq_entry_key(entry, n_parts, &key);
		*out++ = ',';
		if (n_parts > 1)
			*out++ = '(';
		for (int p = 0; p < n_parts; p++)
		{
			if (p > 0)
				*out++ = ',';
			out = format_value(out, kind_of_part(kinds, p), key.part[p],
							   key.len[p]);
		}
		if (n_parts > 1)
			*out++ = ')';
		out += sprintf(out, ":%" PRId64, freq_entry_count(entry));
	}
	strcpy(out, ")");
}

/* Reading: a cursor over the text, and where values are unescaped to. */
typedef struct Reader
{
	const char *at;
	uint8_t    *scratch;		/* as long as the text */
} Reader;

static bool
expect(Reader *r, char c)
{
	if (*r->at != c)
		return false;
	r->at++;
	return true;
}

/* A decimal int64, with an optional minus sign, no leading + or spaces. */
static bool
read_int64(Reader *r, int64_t *value)
{
	bool		negative = *r->at == '-';
	uint64_t	limit = negative ? (uint64_t) INT64_MAX + 1 : (uint64_t) INT64_MAX;
	uint64_t	u = 0;
	const char *start;

	if (negative)
		r->at++;
	start = r->at;
	while (*r->at >= '0' && *r->at <= '9')
	{
		unsigned	digit = (unsigned) (*r->at - '0');

		if (u > (limit - digit) / 10)
			return false;
		u = u * 10 + digit;
		r->at++;
	}
	if (r->at == start || (r->at - start > 1 && *start == '0'))
		return false;
	*value = negative ? (int64_t) (0 - u) : (int64_t) u;
	return true;
}

static bool
read_word(Reader *r, const char *word)
{
	size_t		len = strlen(word);

	if (strncmp(r->at, word, len) != 0)
		return false;
	r->at += len;
	return true;
}

static bool
read_kind(Reader *r, int *kind)
{
	for (int k = FREQ_TEXT; k <= FREQ_BOOLEAN; k++)
		if (read_word(r, kind_names[k]))
		{
			*kind = k;
			return true;
		}
	return false;
}

/* One value of kind into *bytes, *len (in r->scratch or in buf). */
static bool
read_value(Reader *r, int kind, uint8_t *buf, const uint8_t **bytes,
		   uint32_t *len)
{
	int64_t		v;

	switch (kind)
	{
		case FREQ_BIGINT:
			if (!read_int64(r, &v))
				return false;
			freq_bigint_bytes(v, buf);
			*bytes = buf;
			*len = 8;
			return true;
		case FREQ_BOOLEAN:
			if (read_word(r, "true"))
				buf[0] = 1;
			else if (read_word(r, "false"))
				buf[0] = 0;
			else
				return false;
			*bytes = buf;
			*len = 1;
			return true;
		default:
			if (!expect(r, '"'))
				return false;
			*bytes = r->scratch;
			*len = 0;
			while (*r->at != '"')
			{
				if (*r->at == '\0')
					return false;
				if (*r->at == '\\')
				{
					r->at++;
					if (*r->at != '"' && *r->at != '\\')
						return false;
				}
				r->scratch[(*len)++] = (uint8_t) *r->at++;
			}
			r->scratch += *len;
			r->at++;
			return true;
	}
}

bool
freq_parse(const char *text, int n_parts, const StoredAlloc *mem,
		   void **state, int *version)
{
	size_t		text_len = strlen(text);
	Reader		r = {text, NULL};
	int			kinds = 0;
	int64_t		n,
				v;

	*version = 0;
	*state = NULL;
	if (!read_word(&r, "(v") || !read_int64(&r, &v))
		return false;
	*version = v > 0 && v < 256 ? (int) v : 256;
	if (v != FREQ_FORMAT_VERSION)
		return false;
	for (int p = 0; p < n_parts; p++)
	{
		int			kind;

		if (!expect(&r, ',') || !read_kind(&r, &kind))
			return false;
		kinds |= kind << (8 * p);
	}
	/* Every entry takes at least 3 characters. */
	if (!expect(&r, ',') || !read_int64(&r, &n) || n < 1 ||
		(uint64_t) n > text_len / 3)
		return false;
	r.scratch = mem->alloc(text_len + 1, mem->arg);
	*state = freq_new(kinds, mem);
	for (int64_t i = 0; i < n; i++)
	{
		uint8_t		buf[2][8];
		FreqKey		key;
		int64_t		count;
		bool		in_order;

		key.n_parts = n_parts;
		if (!expect(&r, ',') || (n_parts > 1 && !expect(&r, '(')))
			return false;
		for (int p = 0; p < n_parts; p++)
			if ((p > 0 && !expect(&r, ',')) ||
				!read_value(&r, kind_of_part(kinds, p), buf[p],
							&key.part[p], &key.len[p]))
				return false;
		if ((n_parts > 1 && !expect(&r, ')')) || !expect(&r, ':') ||
			!read_int64(&r, &count) ||
			freq_append(state, &key, count, mem, &in_order) != FREQ_OK ||
			!in_order)
			return false;
	}
	if (!expect(&r, ')') || *r.at != '\0')
		return false;
	*state = freq_normalize(*state, mem);
	return true;
}
