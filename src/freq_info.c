/*
 * freq_info.c
 *		Entropy, conditional entropy and mutual information of the counts of
 *		a normal frequency state (freq.h).
 *
 * Every measure is a sum of terms -(n/N) log(n/m) with 0 < n <= m <= N,
 * each >= 0: no cancellation.  Each term is accurate to a few units in the
 * last place (log(n/m) is taken as log1p(-(m-n)/m) where n/m > 1/2, whose
 * difference m - n is exact), and the terms are added exactly and rounded
 * once, so the order of the terms cannot change the result, and a group of
 * one value (n = m) adds exactly 0.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "elementary.h"
#include "exact_sum.h"
#include "freq.h"

/* -(n/N) log(n/m), 0 < n <= m <= N */
static double
term(int64_t n, int64_t m, int64_t total)
{
	double		p = (double) n / (double) total;
	double		log_ratio;

	if (n <= m - n)
		log_ratio = xent_log((double) n / (double) m);
	else
		log_ratio = xent_log1p(-((double) (m - n) / (double) m));
	return -p * log_ratio + 0.0;
}

double
freq_entropy(const void *state)
{
	int64_t		total = freq_head(state)[FREQ_ROWS];
	int64_t		n = freq_n_entries(state);
	ExactSum	sum;

	xsum_init(&sum);
	for (int64_t i = 0; i < n; i++)
		xsum_add(&sum, term(freq_entry_count(freq_entry(state, i)), total, total));
	return xsum_round(&sum);
}

/* An entry of a pair state seen by its second part. */
typedef struct YRef
{
	const uint8_t *y;
	uint32_t	len;
	uint32_t	index;
	int64_t		count;
	int64_t		n_y;			/* filled in: the rows of its y */
} YRef;

static int
compare_y(const void *a, const void *b)
{
	const YRef *x = a,
			   *y = b;
	int			c = memcmp(x->y, y->y, x->len < y->len ? x->len : y->len);

	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

static int
compare_index(const void *a, const void *b)
{
	const YRef *x = a,
			   *y = b;

	return (x->index > y->index) - (x->index < y->index);
}

static bool
same_x(const FreqKey *a, const FreqKey *b)
{
	return a->len[0] == b->len[0] &&
		memcmp(a->part[0], b->part[0], a->len[0]) == 0;
}

void
freq_joint_info(const void *state, void *scratch, FreqJointInfo *info)
{
	int64_t		total = freq_head(state)[FREQ_ROWS];
	int64_t		n = freq_n_entries(state);
	YRef	   *ref = scratch;
	ExactSum	h_y,
				h_y_given_x;
	int64_t		group;

	/* H(Y): the entries grouped by y, in byte order of y. */
	for (int64_t i = 0; i < n; i++)
	{
		FreqKey		key;

		freq_entry_key(freq_entry(state, i), 2, &key);
		ref[i].y = key.part[1];
		ref[i].len = key.len[1];
		ref[i].index = (uint32_t) i;
		ref[i].count = freq_entry_count(freq_entry(state, i));
	}
	qsort(ref, (size_t) n, sizeof(YRef), compare_y);
	xsum_init(&h_y);
	for (int64_t i = 0; i < n; i = group)
	{
		int64_t		n_y = 0;

		for (group = i; group < n && compare_y(&ref[i], &ref[group]) == 0; group++)
			n_y += ref[group].count;
		for (int64_t k = i; k < group; k++)
			ref[k].n_y = n_y;
		xsum_add(&h_y, term(n_y, total, total));
	}
	qsort(ref, (size_t) n, sizeof(YRef), compare_index);

	/*
	 * H(Y|X): the entries grouped by x, as they lie; and whether every
	 * n_xy N = n_x n_y (then every pair is present, and X and Y are
	 * independent).
	 */
	xsum_init(&h_y_given_x);
	info->independent = true;
	for (int64_t i = 0; i < n; i = group)
	{
		FreqKey		first,
					key;
		int64_t		n_x = 0;

		freq_entry_key(freq_entry(state, i), 2, &first);
		for (group = i; group < n; group++)
		{
			freq_entry_key(freq_entry(state, group), 2, &key);
			if (!same_x(&first, &key))
				break;
			n_x += ref[group].count;
		}
		for (int64_t k = i; k < group; k++)
		{
			xsum_add(&h_y_given_x, term(ref[k].count, n_x, total));
			if ((unsigned __int128) ref[k].count * (uint64_t) total !=
				(unsigned __int128) n_x * (uint64_t) ref[k].n_y)
				info->independent = false;
		}
	}
	info->h_y = xsum_round(&h_y);
	info->h_y_given_x = xsum_round(&h_y_given_x);
}

/*
 * I(X;Y) = H(Y) - H(Y|X): within a few ulps of H(Y) (the contract's
 * 1e-12 H(Y)), exactly H(Y) where y is a function of x, exactly 0 where X
 * and Y are independent, and never below 0.
 */
double
freq_mutual_information(const FreqJointInfo *info)
{
	double		mi = info->h_y - info->h_y_given_x;

	if (info->independent || mi < 0.0)
		return 0.0;
	return mi;
}

/*
 * U = 1 - H(Y|X) / H(Y): exactly 1 where H(Y|X) = 0 (y a function of x),
 * exactly 0 where independent, in [0, 1]; each entropy within a few ulps,
 * so their ratio (<= 1, up to rounding) is within a few ulps absolute.
 */
bool
freq_uncertainty_coefficient(const FreqJointInfo *info, double *u)
{
	if (info->h_y == 0.0)
		return false;
	if (info->independent)
		*u = 0.0;
	else
	{
		*u = 1.0 - info->h_y_given_x / info->h_y;
		if (*u < 0.0)
			*u = 0.0;
	}
	return true;
}
