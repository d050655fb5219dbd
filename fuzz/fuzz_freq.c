/*
 * fuzz_freq.c
 *		Fuzz the frequency states of src/freq.c, src/freq_text.c and
 *		src/freq_info.c: a list of values (or pairs) decoded from the input
 *		is counted in input order, in reverse order, and in two halves
 *		merged; the three states, normalised, must be the same bytes (so no
 *		plan changes a state or a measure), every state must pass the
 *		validity check that input applies, its text must read back to the
 *		same bytes, and the measures must lie where they must (H(Y|X) in
 *		[0, H(Y)], exactly 0 and U exactly 1 where y is x).
 *
 * Input: the byte 'T' and then text for freq_parse alone; else a byte of
 * kinds, a byte bounding the entries, then values, each from a few bytes
 * (text from a small alphabet with the characters that need escaping, so
 * that values repeat).
 */
#include "fuzz_common.h"

#include "freq.h"

/* Every allocation of one run, freed at its end. */
#define MAX_BLOCKS 4096
static void *blocks[MAX_BLOCKS];
static int	n_blocks;

static void *
arena_alloc(size_t size, void *arg)
{
	void	   *p = malloc(size);

	(void) arg;
	FUZZ_CHECK(p != NULL && n_blocks < MAX_BLOCKS, "out of memory");
	memset(p, 0xa5, size);
	blocks[n_blocks++] = p;
	return p;
}

static void
arena_free(void)
{
	while (n_blocks > 0)
		free(blocks[--n_blocks]);
}

static const StoredAlloc mem = {arena_alloc, NULL};

#define MAX_VALUES 256

typedef struct Value
{
	FreqKey		key;
	uint8_t		bytes[2][8];
} Value;

static Value values[MAX_VALUES];
static int	n_values;

static size_t
state_size(const void *state)
{
	return (size_t) freq_head(state)[FREQ_SIZE];
}

static void
describe(void)
{
	fprintf(stderr, "%d values\n", n_values);
}

static void
decode_part(const uint8_t *data, size_t size, size_t *at, int kind,
			Value *v, int p)
{
	static const char alphabet[] = "ab\"\\,\n:(";
	uint8_t		b = *at < size ? data[(*at)++] : 0;

	switch (kind)
	{
		case FREQ_BIGINT:
			if (b & 0x80)
			{
				uint64_t	u = 0;

				for (int i = 0; i < 8; i++)
					u = (u << 8) | (*at < size ? data[(*at)++] : 0);
				freq_bigint_bytes((int64_t) u, v->bytes[p]);
			}
			else
				freq_bigint_bytes((int64_t) (b % 9) - 4, v->bytes[p]);
			v->key.len[p] = 8;
			break;
		case FREQ_BOOLEAN:
			v->bytes[p][0] = b & 1;
			v->key.len[p] = 1;
			break;
		default:
			v->key.len[p] = b % 4;
			for (uint32_t i = 0; i < v->key.len[p]; i++)
				v->bytes[p][i] = (uint8_t) alphabet[(b >> (2 + i)) % 8 ^ (i & 1)];
			break;
	}
	v->key.part[p] = v->bytes[p];
}

/* Count values[from .. to) (step ±1) into a state; false past the limit. */
static bool
count_values(void **state, int kinds, int from, int to, int64_t limit)
{
	int			step = from <= to ? 1 : -1;

	*state = freq_new(kinds, &mem);
	for (int i = from; i != to; i += step)
	{
		FreqStatus	status = freq_add(state, &values[i].key, 1, limit, &mem);

		if (status == FREQ_TOO_MANY_VALUES)
			return false;
		FUZZ_CHECK(status == FREQ_OK, "status %d", (int) status);
	}
	return true;
}

static void
check_same(const void *a, const void *b, const char *what)
{
	FUZZ_CHECK(state_size(a) == state_size(b) &&
			   memcmp((const char *) a + 4, (const char *) b + 4,
					  state_size(a) - 4) == 0, "%s differ", what);
}

static void
check_text(const void *normal, int n_parts)
{
	char	   *text = arena_alloc(freq_text_size(normal), NULL);
	void	   *back;
	int			version;

	freq_format(normal, text);
	FUZZ_CHECK(freq_parse(text, n_parts, &mem, &back, &version),
			   "own text rejected: %s", text);
	check_same(normal, back, "text round trip");
}

static void
check_measures(const void *normal, int n_parts, bool y_is_x)
{
	if (n_parts == 1)
	{
		double		h = freq_entropy(normal);

		FUZZ_CHECK(h >= 0.0 && h <= log((double) freq_n_entries(normal)) * (1 + 1e-12) + 1e-300,
				   "entropy %g", h);
	}
	else
	{
		void	   *scratch = arena_alloc((size_t) freq_n_entries(normal) * FREQ_JOINT_SCRATCH, NULL);
		FreqJointInfo info;
		double		u;

		freq_joint_info(normal, scratch, &info);
		FUZZ_CHECK(info.h_y_given_x >= 0.0 &&
				   info.h_y_given_x <= info.h_y * (1 + 1e-12),
				   "H(Y|X) %g, H(Y) %g", info.h_y_given_x, info.h_y);
		if (y_is_x)
			FUZZ_CHECK(info.h_y_given_x == 0.0 &&
					   freq_mutual_information(&info) == info.h_y &&
					   (!freq_uncertainty_coefficient(&info, &u) || u == 1.0),
					   "y = x but H(Y|X) %g", info.h_y_given_x);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t		at = 2;
	int			kinds,
				n_parts;
	bool		y_is_x;
	int64_t		limit;
	void	   *forward,
			   *backward,
			   *half,
			   *other;
	bool		fits;

	fuzz_describe = describe;
	if (size >= 1 && data[0] == 'T')
	{
		char	   *text = arena_alloc(size, NULL);
		void	   *state;
		int			version;

		memcpy(text, data + 1, size - 1);
		text[size - 1] = '\0';
		for (int parts = 1; parts <= 2; parts++)
			if (freq_parse(text, parts, &mem, &state, &version))
			{
				FUZZ_CHECK(freq_is_valid(state, state_size(state)), "parsed state invalid");
				check_text(state, parts);
			}
		arena_free();
		return 0;
	}
	if (size < 2)
		return 0;
	n_parts = (data[0] & 1) + 1;
	kinds = 1 + (data[0] >> 1) % 3;
	if (n_parts == 2)
		kinds |= (1 + (data[0] >> 3) % 3) << 8;
	y_is_x = n_parts == 2 && (data[0] & 0x40) && (kinds & 0xff) == (kinds >> 8);
	limit = 1 + data[1];
	for (n_values = 0; n_values < MAX_VALUES && at < size; n_values++)
	{
		Value	   *v = &values[n_values];

		v->key.n_parts = n_parts;
		decode_part(data, size, &at, kinds & 0xff, v, 0);
		if (y_is_x)
		{
			memcpy(v->bytes[1], v->bytes[0], 8);
			v->key.len[1] = v->key.len[0];
			v->key.part[1] = v->bytes[1];
		}
		else if (n_parts == 2)
			decode_part(data, size, &at, kinds >> 8, v, 1);
	}
	if (n_values == 0)
		return 0;

	fits = count_values(&forward, kinds, 0, n_values, limit);
	FUZZ_CHECK(count_values(&backward, kinds, n_values - 1, -1, limit) == fits,
			   "the limit depends on the order");
	if (fits)
	{
		void	   *normal = freq_normalize(forward, &mem);

		FUZZ_CHECK(freq_is_valid(forward, state_size(forward)), "state invalid");
		FUZZ_CHECK(freq_is_valid(normal, state_size(normal)), "normal state invalid");
		check_same(normal, freq_normalize(backward, &mem), "orders");
		FUZZ_CHECK(count_values(&half, kinds, 0, n_values / 2, limit) &&
				   count_values(&other, kinds, n_values / 2, n_values, limit),
				   "a half past the limit");
		if (n_values / 2 > 0)
		{
			FUZZ_CHECK(freq_merge(&half, other, limit, &mem) == FREQ_OK, "merge failed");
			check_same(normal, freq_normalize(half, &mem), "merged halves");
		}
		check_text(normal, n_parts);
		check_measures(normal, n_parts, y_is_x);
	}
	arena_free();
	return 0;
}
