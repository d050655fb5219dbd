/*
 * calibration.h
 *		The exact summary of a classifier's calibration: per bin of the
 *		predicted probability (PostgreSQL's width_bucket bins over a list of
 *		bounds), the rows, and the exact sums of their weights, of weight
 *		times probability and of weight times label.  The rules by which a
 *		row enters it, merging and removing, what rows can produce, the
 *		expected calibration error, the reliability diagram and the binned
 *		Murphy decomposition read from it, and its text form.  Plain C: the
 *		calibration_state type stores it, and the fuzzers drive this directly.
 *
 * Rules (the contract's "Calibration" section):
 *	- a label must lie in [0, 1], a probability in [0, 1], a weight be
 *	  finite and >= 0; a NaN label, probability or weight makes the row a
 *	  NaN row: it counts in its bin (NaN falls in the last bin, as
 *	  width_bucket puts it) and in the NaN rows, and adds to no sum;
 *	- a row of weight 0 adds nothing but its row; a row without a weight
 *	  weighs 1;
 *	- a row of positive weight adds w, w * p and w * y to its bin's sums, each
 *	  product as the two doubles fl(w * x) and fma(w, x, -fl(w * x)).
 *
 * Stored bytes: the layout of stored_state.h with a kind built per state
 * from its number of bounds n (at most CALIBRATION_MAX_BOUNDS):
 *	counts	n, the NaN rows, the n bounds (the bits of their doubles), then
 *			the rows of each of the n + 1 bins;
 *	sums	for each bin, Σ w, Σ w p and Σ w y.
 */
#ifndef XENT_CALIBRATION_H
#define XENT_CALIBRATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exact_sum.h"
#include "stored_state.h"

#define CALIBRATION_FORMAT_VERSION 1

/*
 * The most bounds a state holds: 1001 bins of three sums each, within
 * STORED_MAX_SUMS; a state of that many bins takes about 40 kB before its
 * limbs.
 */
#define CALIBRATION_MAX_BOUNDS 1000

/* A bin's exact sums, as stored_state.h numbers them within the bin. */
enum
{
	CALIBRATION_WEIGHT_SUM,		/* Σ w */
	CALIBRATION_PROB_SUM,		/* Σ w p */
	CALIBRATION_LABEL_SUM,		/* Σ w y */
	CALIBRATION_SUMS_PER_BIN
};

/* Counts before the bounds: n and the NaN rows. */
#define CALIBRATION_HEAD_COUNTS 2

typedef enum CalibrationStatus
{
	CALIBRATION_OK,
	CALIBRATION_BAD_LABEL,		/* outside [0, 1] */
	CALIBRATION_BAD_PROB,		/* outside [0, 1] */
	CALIBRATION_BAD_WEIGHT,		/* negative or infinite */
	CALIBRATION_OTHER_BOUNDS,	/* merging states of different bounds */
	CALIBRATION_TOO_MANY_ROWS,	/* more rows than an int64 counts */
	CALIBRATION_NOT_HELD		/* removing what the state cannot hold */
} CalibrationStatus;

typedef struct CalibrationBin
{
	int64_t		rows;
	ExactSum	sum[CALIBRATION_SUMS_PER_BIN];
} CalibrationBin;

/* A state unpacked: bin points at n + 1 bins in the caller's memory. */
typedef struct Calibration
{
	int			n;
	int64_t		nan_rows;
	double		bounds[CALIBRATION_MAX_BOUNDS];
	CalibrationBin *bin;
} Calibration;

/* The stored kind of a state of n bounds. */
extern StoredKind calibration_kind(int n);
/* The number of bounds stored bytes hold (check the layout first). */
extern int	calibration_n_bounds(const void *state);
/* A layout that a state of this size can have (not yet its values). */
extern bool calibration_layout_is_valid(const void *state, size_t size);
extern size_t calibration_size(const void *state);

/*
 * Bounds a state can take: 0 if they can, else 1 + the index of the first
 * NaN or descending bound (the caller checks n).
 */
extern size_t calibration_bounds_bad(const double *bounds, int n);
/* Are a's bounds the same numbers as b's? */
extern bool calibration_same_bounds(const double *a, int na,
									const double *b, int nb);
/* The stored bounds of a state, in place. */
extern const double *calibration_bounds(const void *state);

/* A state of no rows over these (checked) bounds, to add rows to. */
extern void *calibration_new(const double *bounds, int n,
							 const StoredAlloc *mem);

/*
 * Add (sign 1) or remove (sign -1) a row, *state replaced where it must
 * grow.  weight is ignored unless weighted.  On an error status nothing
 * changed, except that a removal leaving what no rows can produce is
 * CALIBRATION_NOT_HELD with the state changed (the caller raises an error).
 */
extern CalibrationStatus calibration_add_row(void **state, double label,
											 double prob, double weight,
											 bool weighted, int sign,
											 const StoredAlloc *mem);
/* Merge sign * other into *state, with the same rules. */
extern CalibrationStatus calibration_merge(void **state, const void *other,
										   int sign, const StoredAlloc *mem);

/* The bytes of c's bins, for unpacking: n + 1 of them. */
extern size_t calibration_bins_size(int n);
extern void calibration_unpack(const void *state, Calibration *c);
/* The stored bytes of c, spans margin limbs wider than it needs. */
extern void *calibration_pack(const Calibration *c, int margin,
							  const StoredAlloc *mem);

/*
 * Could rows produce it?  Bounds as a row passes them; counts >= 0 whose
 * total is an int64, NaN rows at most that; per bin, 0 <= Σ w <= rows
 * times the largest double, and 0 <= Σ w p, Σ w y <= Σ w (each row's exact
 * products lie between 0 and w).  Every merge of possible states is
 * possible, and its sums stay inside the accumulator.
 */
extern bool calibration_is_possible(const Calibration *c);
extern bool calibration_state_is_possible(const void *state);

/* Rows summarised: false when they are beyond an int64 (never, if possible). */
extern int64_t calibration_rows(const Calibration *c);

/*
 * Accessors: each returns false where the value is SQL NULL (no rows, or
 * a total weight of 0), NaN where the state holds a NaN row.
 */
typedef enum CalibrationNorm
{
	CALIBRATION_L1,
	CALIBRATION_L2,
	CALIBRATION_MAX
} CalibrationNorm;

extern bool calibration_ece(const Calibration *c, CalibrationNorm norm,
							double *ece);

/* A row of the reliability diagram. */
typedef struct CalibrationPoint
{
	int			bin;			/* 0 .. n, as width_bucket numbers it */
	double		lower;			/* -Infinity for bin 0 */
	double		upper;			/* +Infinity for bin n */
	int64_t		rows;
	double		weight;
	double		mean_prob;
	double		mean_label;
} CalibrationPoint;

/*
 * Is bin k in the diagram: a bin of positive weight, or, where the state
 * holds a NaN row, any bin with rows (whose numbers are then NaN)?
 */
extern bool calibration_point(const Calibration *c, int k,
							  CalibrationPoint *point);

typedef struct BrierDecomposition
{
	double		reliability;
	double		resolution;
	double		uncertainty;
} BrierDecomposition;

extern bool calibration_brier_decomposition(const Calibration *c,
											BrierDecomposition *d);

/*
 * Text form: (v1,n,NaN rows,bound 1,...,bound n,then for each bin its
 * rows,Σ w,Σ w p,Σ w y), each bound a C99 hexadecimal float (exact) or
 * -inf/inf, each sum in exact_sum.h's form.  Parsing reads the head (the
 * version and n) first, so that the caller can allocate the bins.
 */
extern size_t calibration_text_max(int n);
extern void calibration_format(const Calibration *c, char *buf);
/*
 * Read "(v<version>,<n>": *version is the version named (0 if none, or
 * one above CALIBRATION_VERSION_NAMED_MAX), *rest where the rest starts.
 * Returns false unless it is this format with 1 <= n <= the most bounds.
 */
#define CALIBRATION_VERSION_NAMED_MAX 999
extern bool calibration_parse_head(const char *text, int *version, int *n,
								   const char **rest);
/* The rest, into c (c->bin allocated for n + 1 bins). */
extern bool calibration_parse_rest(const char *rest, int n, Calibration *c);

#endif							/* XENT_CALIBRATION_H */
