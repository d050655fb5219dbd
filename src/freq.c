/*
 * freq.c
 *		The bytes of a frequency state described in freq.h: adding, merging,
 *		normalising and validating.
 */
#include <string.h>

#include "freq.h"

const StoredKind freq_kind = {FREQ_FORMAT_VERSION, FREQ_COUNTS, 0};

/* Recent runs shorter than this are never merged: a few rows' insertions. */
#define FREQ_MIN_RECENT 16

static inline size_t
slots_offset(void)
{
	return stored_header_size(&freq_kind);
}

static inline uint32_t *
slots(const void *state)
{
	return (uint32_t *) ((char *) state + slots_offset());
}

static inline uint32_t
read32(const uint8_t *p)
{
	uint32_t	v;

	memcpy(&v, p, sizeof(v));
	return v;
}

void
freq_bigint_bytes(int64_t value, uint8_t bytes[8])
{
	uint64_t	u = (uint64_t) value ^ ((uint64_t) 1 << 63);

	for (int i = 7; i >= 0; i--, u >>= 8)
		bytes[i] = (uint8_t) u;
}

int64_t
freq_bigint_value(const uint8_t bytes[8])
{
	uint64_t	u = 0;

	for (int i = 0; i < 8; i++)
		u = (u << 8) | bytes[i];
	return (int64_t) (u ^ ((uint64_t) 1 << 63));
}

const uint8_t *
freq_entry(const void *state, int64_t i)
{
	return (const uint8_t *) state + slots(state)[i];
}

int64_t
freq_entry_count(const uint8_t *entry)
{
	int64_t		count;

	memcpy(&count, entry, sizeof(count));
	return count;
}

void
freq_entry_key(const uint8_t *entry, int n_parts, FreqKey *key)
{
	const uint8_t *bytes = entry + sizeof(int64_t) + sizeof(uint32_t) * n_parts;

	key->n_parts = n_parts;
	for (int p = 0; p < n_parts; p++)
	{
		key->len[p] = read32(entry + sizeof(int64_t) + sizeof(uint32_t) * p);
		key->part[p] = bytes;
		bytes += key->len[p];
	}
}

static size_t
entry_size(const FreqKey *key)
{
	size_t		size = sizeof(int64_t) + sizeof(uint32_t) * key->n_parts;

	for (int p = 0; p < key->n_parts; p++)
		size += key->len[p];
	return size;
}

/* Eight bytes as a big-endian number, whose order is theirs bytewise. */
static inline uint64_t
load_big_endian(const uint8_t *p)
{
	uint64_t	v;

	memcpy(&v, p, sizeof(v));
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

/*
 * Bytewise order.  Bigint keys, eight bytes, are most of the comparisons a
 * row's search makes: two loads compare them for less than a call of
 * memcmp().
 */
static int
compare_bytes(const uint8_t *a, uint32_t a_len, const uint8_t *b, uint32_t b_len)
{
	int			c;

	if (a_len == 8 && b_len == 8)
	{
		uint64_t	x = load_big_endian(a);
		uint64_t	y = load_big_endian(b);

		return (x > y) - (x < y);
	}
	c = memcmp(a, b, a_len < b_len ? a_len : b_len);

	if (c != 0)
		return c;
	return (a_len > b_len) - (a_len < b_len);
}

static int
compare_keys(const FreqKey *a, const FreqKey *b)
{
	for (int p = 0; p < a->n_parts; p++)
	{
		int			c = compare_bytes(a->part[p], a->len[p],
									  b->part[p], b->len[p]);

		if (c != 0)
			return c;
	}
	return 0;
}

/*
 * Binary search of slots first .. first + n - 1 for key: the slot index of
 * the entry holding it, or -1 with *insert set to where it would go.
 */
static int64_t
search(const void *state, int64_t first, int64_t n, const FreqKey *key,
	   int64_t *insert)
{
	int64_t		lo = first,
				hi = first + n;

	while (lo < hi)
	{
		int64_t		mid = lo + (hi - lo) / 2;
		FreqKey		k;
		int			c;

		freq_entry_key(freq_entry(state, mid), key->n_parts, &k);
		c = compare_keys(key, &k);
		if (c == 0)
			return mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	*insert = lo;
	return -1;
}

static void *
new_state(int kinds, size_t size, const StoredAlloc *mem)
{
	void	   *state = mem->alloc(size, mem->arg);
	int64_t    *head = freq_head(state);

	memset((char *) state + STORED_VERSION_OFFSET, 0,
		   slots_offset() - STORED_VERSION_OFFSET);
	((uint8_t *) state)[STORED_VERSION_OFFSET] = FREQ_FORMAT_VERSION;
	head[FREQ_KINDS] = kinds;
	head[FREQ_DATA_START] = (int64_t) size;
	head[FREQ_SIZE] = (int64_t) size;
	return state;
}

void *
freq_new(int kinds, const StoredAlloc *mem)
{
	return new_state(kinds, slots_offset() + 256, mem);
}

static size_t
free_space(const void *state)
{
	const int64_t *head = freq_head(state);

	return (size_t) head[FREQ_DATA_START] - slots_offset() -
		sizeof(uint32_t) * (size_t) freq_n_entries(state);
}

/* A copy of state of size bytes (>= its own), its entries moved to the end. */
static void *
grow(const void *state, size_t size, const StoredAlloc *mem)
{
	const int64_t *head = freq_head(state);
	size_t		old_size = (size_t) head[FREQ_SIZE];
	size_t		data = old_size - (size_t) head[FREQ_DATA_START];
	int64_t		n = freq_n_entries(state);
	uint32_t	shift = (uint32_t) (size - old_size);
	void	   *result = mem->alloc(size, mem->arg);
	int64_t    *new_head = freq_head(result);
	uint32_t   *new_slots = slots(result);

	memcpy((char *) result + STORED_VERSION_OFFSET,
		   (const char *) state + STORED_VERSION_OFFSET,
		   slots_offset() - STORED_VERSION_OFFSET);
	memcpy((char *) result + size - data,
		   (const char *) state + head[FREQ_DATA_START], data);
	for (int64_t i = 0; i < n; i++)
		new_slots[i] = slots(state)[i] + shift;
	new_head[FREQ_DATA_START] = (int64_t) (size - data);
	new_head[FREQ_SIZE] = (int64_t) size;
	return result;
}

/*
 * Merge the recent run into the main one, through the free space (the
 * caller made sure it holds every slot).
 */
static void
merge_runs(void *state)
{
	int64_t    *head = freq_head(state);
	int64_t		m = head[FREQ_N_MAIN],
				r = head[FREQ_N_RECENT];
	uint32_t   *s = slots(state);
	uint32_t   *out = s + m + r;
	int64_t		i = 0,
				j = m,
				k = 0;
	int			n_parts = freq_n_parts_of((int) head[FREQ_KINDS]);

	while (i < m || j < m + r)
	{
		bool		take_main;

		if (i == m)
			take_main = false;
		else if (j == m + r)
			take_main = true;
		else
		{
			FreqKey		a,
						b;

			freq_entry_key(freq_entry(state, i), n_parts, &a);
			freq_entry_key(freq_entry(state, j), n_parts, &b);
			take_main = compare_keys(&a, &b) < 0;
		}
		out[k++] = take_main ? s[i++] : s[j++];
	}
	memmove(s, out, sizeof(uint32_t) * (size_t) (m + r));
	head[FREQ_N_MAIN] = m + r;
	head[FREQ_N_RECENT] = 0;
}

static bool
merge_due(int64_t m, int64_t r)
{
	return r >= FREQ_MIN_RECENT && r * r >= 4 * m;
}

/* Make room for a new entry of need bytes, and slot position pos in it. */
static FreqStatus
insert_entry(void **state, int64_t pos, const FreqKey *key, int64_t count,
			 bool recent, const StoredAlloc *mem)
{
	int64_t    *head = freq_head(*state);
	int64_t		n = freq_n_entries(*state);
	size_t		bytes = entry_size(key);
	size_t		need = bytes + sizeof(uint32_t);
	uint8_t    *entry;
	uint32_t   *s;

	/* Room for the merge of runs that this entry may make due. */
	if (recent && merge_due(head[FREQ_N_MAIN], head[FREQ_N_RECENT] + 1))
		need += sizeof(uint32_t) * (size_t) (n + 1);
	if (free_space(*state) < need)
	{
		size_t		size = (size_t) head[FREQ_SIZE];
		size_t		larger = size * 2 > size + need ? size * 2 : size + need;

		if (size + need > FREQ_MAX_SIZE)
			return FREQ_TOO_LARGE;
		if (larger > FREQ_MAX_SIZE)
			larger = FREQ_MAX_SIZE;
		*state = grow(*state, larger, mem);
		head = freq_head(*state);
	}
	head[FREQ_DATA_START] -= (int64_t) bytes;
	entry = (uint8_t *) *state + head[FREQ_DATA_START];
	memcpy(entry, &count, sizeof(count));
	for (int p = 0; p < key->n_parts; p++)
		memcpy(entry + sizeof(int64_t) + sizeof(uint32_t) * p, &key->len[p],
			   sizeof(uint32_t));
	entry += sizeof(int64_t) + sizeof(uint32_t) * key->n_parts;
	for (int p = 0; p < key->n_parts; p++)
	{
		memcpy(entry, key->part[p], key->len[p]);
		entry += key->len[p];
	}
	s = slots(*state);
	memmove(s + pos + 1, s + pos, sizeof(uint32_t) * (size_t) (n - pos));
	s[pos] = (uint32_t) head[FREQ_DATA_START];
	head[recent ? FREQ_N_RECENT : FREQ_N_MAIN]++;
	head[FREQ_ROWS] += count;
	if (recent && merge_due(head[FREQ_N_MAIN], head[FREQ_N_RECENT]))
		merge_runs(*state);
	return FREQ_OK;
}

/* Would count more rows pass what an int64 counts? */
static inline bool
rows_overflow(const int64_t *head, int64_t count)
{
	return head[FREQ_ROWS] > INT64_MAX - count;
}

static void
add_count(uint8_t *entry, int64_t count)
{
	int64_t		c = freq_entry_count(entry) + count;

	memcpy(entry, &c, sizeof(c));
}

FreqStatus
freq_add(void **state, const FreqKey *key, int64_t count, int64_t max_values,
		 const StoredAlloc *mem)
{
	int64_t    *head = freq_head(*state);
	int64_t		m = head[FREQ_N_MAIN],
				r = head[FREQ_N_RECENT];
	int64_t		found,
				pos;

	if (rows_overflow(head, count))
		return FREQ_COUNT_OVERFLOW;
	found = search(*state, 0, m, key, &pos);
	if (found < 0)
		found = search(*state, m, r, key, &pos);
	if (found >= 0)
	{
		add_count((uint8_t *) freq_entry(*state, found), count);
		head[FREQ_ROWS] += count;
		return FREQ_OK;
	}
	if (m + r >= max_values)
		return FREQ_TOO_MANY_VALUES;
	return insert_entry(state, pos, key, count, true, mem);
}

FreqStatus
freq_append(void **state, const FreqKey *key, int64_t count,
			const StoredAlloc *mem, bool *in_order)
{
	int64_t    *head = freq_head(*state);
	int64_t		m = head[FREQ_N_MAIN];

	*in_order = count > 0 && head[FREQ_N_RECENT] == 0;
	if (*in_order && m > 0)
	{
		FreqKey		last;

		freq_entry_key(freq_entry(*state, m - 1), key->n_parts, &last);
		*in_order = compare_keys(&last, key) < 0;
	}
	if (!*in_order)
		return FREQ_OK;
	if (rows_overflow(head, count))
		return FREQ_COUNT_OVERFLOW;
	return insert_entry(state, m, key, count, false, mem);
}

FreqStatus
freq_merge(void **state, const void *other, int64_t max_values,
		   const StoredAlloc *mem)
{
	int			kinds = (int) freq_head(other)[FREQ_KINDS];
	int			n_parts = freq_n_parts_of(kinds);
	int64_t		n = freq_n_entries(other);

	if (freq_head(*state)[FREQ_KINDS] != kinds)
		return FREQ_KIND_MISMATCH;
	if (freq_head(*state)[FREQ_ROWS] > INT64_MAX - freq_head(other)[FREQ_ROWS])
		return FREQ_COUNT_OVERFLOW;
	for (int64_t i = 0; i < n; i++)
	{
		const uint8_t *entry = freq_entry(other, i);
		FreqKey		key;
		FreqStatus	status;

		freq_entry_key(entry, n_parts, &key);
		status = freq_add(state, &key, freq_entry_count(entry), max_values, mem);
		if (status != FREQ_OK)
			return status;
	}
	return FREQ_OK;
}

void *
freq_normalize(const void *state, const StoredAlloc *mem)
{
	const int64_t *head = freq_head(state);
	int			kinds = (int) head[FREQ_KINDS];
	int			n_parts = freq_n_parts_of(kinds);
	int64_t		n = freq_n_entries(state);
	int64_t		m = head[FREQ_N_MAIN];
	size_t		data = (size_t) head[FREQ_SIZE] - (size_t) head[FREQ_DATA_START];
	size_t		start = slots_offset() + sizeof(uint32_t) * (size_t) n;
	void	   *result = new_state(kinds, start + data, mem);
	int64_t    *new_head = freq_head(result);
	uint32_t   *new_slots = slots(result);
	size_t		at = start;
	int64_t		i = 0,
				j = m;

	/* The two runs merged, each entry copied in order. */
	for (int64_t k = 0; k < n; k++)
	{
		const uint8_t *entry;
		FreqKey		key;
		size_t		bytes;

		if (i == m)
			entry = freq_entry(state, j++);
		else if (j == n)
			entry = freq_entry(state, i++);
		else
		{
			FreqKey		a,
						b;

			freq_entry_key(freq_entry(state, i), n_parts, &a);
			freq_entry_key(freq_entry(state, j), n_parts, &b);
			entry = compare_keys(&a, &b) < 0 ? freq_entry(state, i++) :
				freq_entry(state, j++);
		}
		freq_entry_key(entry, n_parts, &key);
		bytes = entry_size(&key);
		memcpy((char *) result + at, entry, bytes);
		new_slots[k] = (uint32_t) at;
		at += bytes;
	}
	new_head[FREQ_ROWS] = head[FREQ_ROWS];
	new_head[FREQ_N_MAIN] = n;
	new_head[FREQ_DATA_START] = (int64_t) start;
	return result;
}

static bool
kind_is_valid(int kind)
{
	return kind == FREQ_TEXT || kind == FREQ_BIGINT || kind == FREQ_BOOLEAN;
}

/* Is entry i of a state checked so far inside it, and its value of its kind? */
static bool
entry_is_valid(const void *state, size_t size, int64_t i, int kinds)
{
	int			n_parts = freq_n_parts_of(kinds);
	size_t		at = slots(state)[i];
	size_t		fixed = sizeof(int64_t) + sizeof(uint32_t) * n_parts;
	FreqKey		key;

	if (at < (size_t) freq_head(state)[FREQ_DATA_START] || at > size ||
		size - at < fixed)
		return false;
	freq_entry_key(freq_entry(state, i), n_parts, &key);
	at += fixed;
	for (int p = 0; p < n_parts; p++)
	{
		int			kind = (kinds >> (8 * p)) & 0xff;

		if (key.len[p] > size - at)
			return false;
		at += key.len[p];
		if (kind == FREQ_BIGINT && key.len[p] != 8)
			return false;
		if (kind == FREQ_BOOLEAN && (key.len[p] != 1 || key.part[p][0] > 1))
			return false;
	}
	return freq_entry_count(freq_entry(state, i)) > 0;
}

/* Are slots first .. first + n - 1 in strict order? */
static bool
run_is_ordered(const void *state, int64_t first, int64_t n, int n_parts)
{
	for (int64_t i = first + 1; i < first + n; i++)
	{
		FreqKey		a,
					b;

		freq_entry_key(freq_entry(state, i - 1), n_parts, &a);
		freq_entry_key(freq_entry(state, i), n_parts, &b);
		if (compare_keys(&a, &b) >= 0)
			return false;
	}
	return true;
}

bool
freq_is_valid(const void *state, size_t size)
{
	const int64_t *head;
	int			kinds,
				n_parts;
	int64_t		m,
				r,
				rows = 0;

	if (size < slots_offset())
		return false;
	head = freq_head(state);
	kinds = (int) (head[FREQ_KINDS] & 0xffff);
	if (((const uint8_t *) state)[STORED_VERSION_OFFSET] != FREQ_FORMAT_VERSION ||
		head[FREQ_KINDS] != kinds || !kind_is_valid(kinds & 0xff) ||
		((kinds >> 8) != 0 && !kind_is_valid(kinds >> 8)) ||
		head[FREQ_SIZE] != (int64_t) size)
		return false;
	n_parts = freq_n_parts_of(kinds);
	m = head[FREQ_N_MAIN];
	r = head[FREQ_N_RECENT];
	if (m < 0 || r < 0 || m + r < 1 ||
		(uint64_t) (m + r) > (size - slots_offset()) / sizeof(uint32_t) ||
		head[FREQ_DATA_START] < (int64_t) (slots_offset() + sizeof(uint32_t) * (size_t) (m + r)) ||
		head[FREQ_DATA_START] > (int64_t) size)
		return false;
	for (int64_t i = 0; i < m + r; i++)
	{
		if (!entry_is_valid(state, size, i, kinds))
			return false;
		if (freq_entry_count(freq_entry(state, i)) > INT64_MAX - rows)
			return false;
		rows += freq_entry_count(freq_entry(state, i));
	}
	if (rows != head[FREQ_ROWS] ||
		!run_is_ordered(state, 0, m, n_parts) ||
		!run_is_ordered(state, m, r, n_parts))
		return false;
	for (int64_t i = m; i < m + r; i++)
	{
		FreqKey		key;
		int64_t		pos;

		freq_entry_key(freq_entry(state, i), n_parts, &key);
		if (search(state, 0, m, &key, &pos) >= 0)
			return false;
	}
	return true;
}
