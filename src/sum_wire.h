/*
 * sum_wire.h
 *		An exact sum in the binary form of the state types (send and
 *		receive): its span's lowest limb and number of limbs (int2 each),
 *		then the normalised limbs (int8), the top one signed.
 */
#ifndef XENT_SUM_WIRE_H
#define XENT_SUM_WIRE_H

#include "postgres.h"

#include "lib/stringinfo.h"

#include "exact_sum.h"

extern void xent_send_sum(StringInfo buf, const ExactSum *sum);
/* Adds the sum read to *sum; false for one out of range or not normalised. */
extern bool xent_recv_sum(StringInfo buf, ExactSum *sum);

#endif							/* XENT_SUM_WIRE_H */
