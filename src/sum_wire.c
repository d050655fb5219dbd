/*
 * sum_wire.c
 *		The binary form of an exact sum described in sum_wire.h.
 */
#include "postgres.h"

#include "libpq/pqformat.h"

#include "sum_wire.h"

void
xent_send_sum(StringInfo buf, const ExactSum *sum)
{
	XsumSpan	span = xsum_span_of(sum, 0);
	int64		limb[XSUM_LIMBS];

	xsum_to_span(sum, span, limb);
	pq_sendint16(buf, span.lo);
	pq_sendint16(buf, span.n);
	for (int i = 0; i < span.n; i++)
		pq_sendint64(buf, limb[i]);
}

bool
xent_recv_sum(StringInfo buf, ExactSum *sum)
{
	XsumSpan	span = {0, 0, 0};
	int64		limb[XSUM_LIMBS];

	span.lo = (int16) pq_getmsgint(buf, 2);
	span.n = (int16) pq_getmsgint(buf, 2);
	if (span.lo < 0 || span.n < 0 || span.lo + span.n > XSUM_LIMBS)
		return false;
	for (int i = 0; i < span.n; i++)
		limb[i] = pq_getmsgint64(buf);
	if (!xsum_span_is_valid(&span, limb))
		return false;
	xsum_add_span(sum, &span, limb, 1);
	return true;
}
