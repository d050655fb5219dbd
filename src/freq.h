/*
 * freq.h
 *		The bytes of a frequency state: the distinct values (or pairs of
 *		values) of a column and the exact count of each, for freq_state and
 *		joint_freq_state.  Plain C: memory comes from the caller's allocator.
 *
 * The head is stored_state.h's (the host's length word, the format
 * version, then counts: a kind with FREQ_COUNTS counts and no sums); after
 * it a slotted page:
 *
 *	head		FREQ_COUNTS int64: the kinds of the values (FREQ_KINDS), the
 *				rows (the sum of the counts), the entries of the main run and
 *				of the recent run, where the entries' bytes start, the size
 *	slots		uint32 offsets of the entries: the main run in value order,
 *				then the recent run in value order; no value is in both
 *	free space
 *	entries		from the data start to the end, each an int64 count (> 0),
 *				a uint32 length per part, then the parts' bytes
 *
 * A value's bytes order values as the user expects, whatever the collation:
 * text is its bytes in the database encoding, compared bytewise (shorter
 * first on a common prefix); bigint is 8 bytes big-endian with the sign bit
 * flipped; boolean one byte, 0 or 1.  A pair orders by its first part, then
 * its second.  So every state of the same rows lists the same entries in
 * the same order, whatever plan made it.
 *
 * Why two runs: an aggregate adds a row to a flat state (it must stay a
 * plain SQL value between calls).  A value already counted costs two binary
 * searches; a new one is inserted into the short recent run, whose slots
 * alone move, and the recent run is merged into the main one when it
 * reaches about twice the square root of the main run's length: O(sqrt n)
 * per new value, where one sorted run would cost O(n).  Free space is kept
 * between slots and entries so that most insertions happen in place; when
 * it runs out, a copy twice the size is made.  A normal state (what the
 * aggregates return and input makes) has one run, no free space, and its
 * entries laid out in value order: equal states are equal bytes.
 */
#ifndef XENT_FREQ_H
#define XENT_FREQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stored_state.h"

#define FREQ_FORMAT_VERSION 1

/* The kinds of values. */
#define FREQ_TEXT 1
#define FREQ_BIGINT 2
#define FREQ_BOOLEAN 3

/* counts[] of the head */
#define FREQ_KINDS 0			/* kind of part 0 | kind of part 1 << 8 */
#define FREQ_ROWS 1
#define FREQ_N_MAIN 2
#define FREQ_N_RECENT 3
#define FREQ_DATA_START 4
#define FREQ_SIZE 5
#define FREQ_COUNTS 6

/* The most bytes a state may take: PostgreSQL's largest allocation. */
#define FREQ_MAX_SIZE ((size_t) 0x3fffffff)

extern const StoredKind freq_kind;

typedef enum FreqStatus
{
	FREQ_OK,
	FREQ_KIND_MISMATCH,			/* values of another kind */
	FREQ_TOO_MANY_VALUES,		/* past the caller's limit on entries */
	FREQ_COUNT_OVERFLOW,		/* rows beyond int64 */
	FREQ_TOO_LARGE				/* bytes beyond FREQ_MAX_SIZE */
} FreqStatus;

/* A value, or a pair: each part's bytes in the order described above. */
typedef struct FreqKey
{
	int			n_parts;
	const uint8_t *part[2];
	uint32_t	len[2];
} FreqKey;

static inline int
freq_n_parts_of(int kinds)
{
	return (kinds >> 8) ? 2 : 1;
}

static inline int64_t *
freq_head(const void *state)
{
	return stored_counts((void *) state);
}

static inline int64_t
freq_n_entries(const void *state)
{
	return freq_head(state)[FREQ_N_MAIN] + freq_head(state)[FREQ_N_RECENT];
}

/* bigint's bytes: big-endian, sign bit flipped, so bytes order as numbers. */
extern void freq_bigint_bytes(int64_t value, uint8_t bytes[8]);
extern int64_t freq_bigint_value(const uint8_t bytes[8]);

/* A state with no entries, for values of these kinds, to add rows to. */
extern void *freq_new(int kinds, const StoredAlloc *mem);

/*
 * Add count (> 0) rows of key, in place where the state has room, else in
 * a larger copy (*state then points to it, the old one left to the
 * caller).  max_values bounds the entries.
 */
extern FreqStatus freq_add(void **state, const FreqKey *key, int64_t count,
						   int64_t max_values, const StoredAlloc *mem);

/*
 * Append key, which must order after every entry of a state that has only
 * a main run: how input builds a state.  false if it does not order after
 * them; else the status of freq_add.
 */
extern FreqStatus freq_append(void **state, const FreqKey *key, int64_t count,
							  const StoredAlloc *mem, bool *in_order);

/* Add every entry of other (of the same kinds, else FREQ_KIND_MISMATCH). */
extern FreqStatus freq_merge(void **state, const void *other,
							 int64_t max_values, const StoredAlloc *mem);

/* A normal copy of state: one run, no free space, entries in order. */
extern void *freq_normalize(const void *state, const StoredAlloc *mem);

/*
 * Can rows have produced this state of size bytes, read from outside:
 * a known version and kinds, slots and entries inside it, each run in
 * strict order, no value in both, counts > 0 summing to the rows, at least
 * one entry?
 */
extern bool freq_is_valid(const void *state, size_t size);

/* Entry i in slot order (of a normal state: value order). */
extern const uint8_t *freq_entry(const void *state, int64_t i);
extern int64_t freq_entry_count(const uint8_t *entry);
extern void freq_entry_key(const uint8_t *entry, int n_parts, FreqKey *key);

/*
 * Text form: (v1,KIND[,KIND],N,ENTRY,...), each ENTRY VALUE:COUNT or, for
 * pairs, (VALUE,VALUE):COUNT; text values in double quotes, " and \ escaped
 * with \; bigint in decimal; boolean false or true.  freq_format writes a
 * normal state into buf of freq_text_size() bytes.  freq_parse reads one
 * of n_parts parts into a normal state (false on any syntax error, or what
 * rows cannot produce; *version is set when the version was read).
 */
extern size_t freq_text_size(const void *state);
extern void freq_format(const void *state, char *buf);
extern bool freq_parse(const char *text, int n_parts, const StoredAlloc *mem,
					   void **state, int *version);

/*
 * Information measures of a normal state, in nats, each within a few
 * units in the last place of the exact value: the terms are non-negative,
 * each accurate to a few ulps, and added exactly, then rounded once.
 */
extern double freq_entropy(const void *state);

/* Of a pair state: H(Y), H(Y|X), and whether X and Y are exactly independent. */
typedef struct FreqJointInfo
{
	double		h_y;
	double		h_y_given_x;
	bool		independent;
} FreqJointInfo;

/* Scratch for freq_joint_info: bytes per entry. */
#define FREQ_JOINT_SCRATCH 32
extern void freq_joint_info(const void *state, void *scratch,
							FreqJointInfo *info);
extern double freq_mutual_information(const FreqJointInfo *info);
/* Theil's U; false where H(Y) = 0. */
extern bool freq_uncertainty_coefficient(const FreqJointInfo *info,
										 double *u);

#endif							/* XENT_FREQ_H */
