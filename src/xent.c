/*
 * xent.c
 *		Module entry: the magic block and the GUC xent.tolerance.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "args.h"

PG_MODULE_MAGIC;

double		xent_tolerance = 1e-6;

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
	MarkGUCPrefixReserved("xent");
}
