/*
 * xent.c
 *		Module entry: the magic block and the GUCs xent.tolerance and
 *		xent.max_distinct_values.
 */
#include "postgres.h"

#include <limits.h>

#include "fmgr.h"
#include "utils/guc.h"

#include "args.h"

PG_MODULE_MAGIC;

double		xent_tolerance = 1e-6;
int			xent_max_distinct_values = 1000000;

void		_PG_init(void);

void
_PG_init(void)
{
	DefineCustomRealVariable("xent.tolerance",
							 "How far from 1 the sum of a probability vector may be.",
							 "Vectors whose sum differs from 1 by more are rejected, unless renormalize => true.",
							 &xent_tolerance,
							 1e-6, 0.0, 1.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
	DefineCustomIntVariable("xent.max_distinct_values",
							"How many distinct values (or pairs) one frequency state may hold.",
							"freq_agg, joint_freq_agg and rollup stop with an error past it, rather than take the server's memory.",
							&xent_max_distinct_values,
							1000000, 1, INT_MAX,
							PGC_USERSET, 0,
							NULL, NULL, NULL);
	MarkGUCPrefixReserved("xent");
}
