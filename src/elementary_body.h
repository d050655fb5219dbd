/*
 * elementary_body.h
 *		The algorithms of elementary.h, written once over a vector type of
 *		doubles (ELEM_T), its mask type (ELEM_M) and a suffix for the names
 *		(ELEM_NAME), which the includer defines before each inclusion.  Only
 *		additions, subtractions, multiplications, divisions, comparisons and
 *		bit operations, each rounded as written (the core is built with
 *		-ffp-contract=off): so a lane of any width, a one-lane scalar and
 *		another CPU give the same bits for the same argument.
 *
 * No include guard: elementary.h includes it once per vector type.
 */

/* x where mask is set, else y. */
LANES_INLINE ELEM_T
ELEM_NAME(elem_select) (ELEM_M mask, ELEM_T x, ELEM_T y)
{
	return (ELEM_T) (((ELEM_M) x & mask) | ((ELEM_M) y & ~mask));
}

/*
 * log(u) + c / u for a positive, finite, normal u and a correction c far
 * below u: the logarithm of u + c.  With u = 2^k z, z in [sqrt(2)/2,
 * sqrt(2)) and f = z - 1 (exact), log z = log(1 + f) = 2 atanh(s) with
 * s = f / (2 + f), and 2 atanh(s) = 2s + s R(s^2), R a minimax polynomial
 * in s^2 of degree 7 on the interval's s: Sun's fdlibm's Lg1..Lg7.  The
 * sum is arranged as fdlibm's does, f - (f^2/2 - s (f^2/2 + R)), so that
 * the largest part, f, is added last; k ln 2 is added as a high part
 * exact in the product (ln2_hi has 32 bits) and a low part added with the
 * small terms.  k_scaled (0, or -54 for an argument scaled by 2^54) is
 * added to k, exactly.  The error is below one unit in the last place.
 */
LANES_INLINE ELEM_T
ELEM_NAME(log_core) (ELEM_T u, ELEM_T c_over_u, ELEM_T k_scaled)
{
	const double Lg1 = 0x1.5555555555593p-1;
	const double Lg2 = 0x1.999999997fa04p-2;
	const double Lg3 = 0x1.2492494229359p-2;
	const double Lg4 = 0x1.c71c51d8e78afp-3;
	const double Lg5 = 0x1.7466496cb03dep-3;
	const double Lg6 = 0x1.39a09d078c69fp-3;
	const double Lg7 = 0x1.2f112df3e5244p-3;
	const double ln2_hi = 0x1.62e42feep-1;
	const double ln2_lo = 0x1.a39ef35793c76p-33;
	/* The bits of sqrt(2)/2: z's lower end. */
	const int64_t z_low = 0x3fe6a09e667f3bcdLL;
	/* 1.5 * 2^52, where adding an integer k below 2^51 to the bits adds k. */
	const double magic = 0x1.8p52;
	ELEM_M		bits = (ELEM_M) u;
	ELEM_M		offset = bits - z_low;
	ELEM_M		k = offset >> 52;	/* arithmetic: k is negative below 1 */
	ELEM_T		z = (ELEM_T) (bits - (offset & ~(int64_t) 0xfffffffffffffLL));
	ELEM_T		kd = ((ELEM_T) (k + (ELEM_M) ((ELEM_T) {0} + magic)) - magic) + k_scaled;
	ELEM_T		f = z - 1.0;
	ELEM_T		s = f / (2.0 + f);
	ELEM_T		s2 = s * s;
	ELEM_T		s4 = s2 * s2;
	ELEM_T		even = s4 * (Lg2 + s4 * (Lg4 + s4 * Lg6));
	ELEM_T		odd = s2 * (Lg1 + s4 * (Lg3 + s4 * (Lg5 + s4 * Lg7)));
	ELEM_T		r = odd + even;
	ELEM_T		half_f2 = 0.5 * f * f;

	return kd * ln2_hi -
		((half_f2 - (s * (half_f2 + r) + (kd * ln2_lo + c_over_u))) - f);
}

/*
 * The natural logarithm: -Infinity for +-0, NaN for a negative argument or
 * NaN, +Infinity for +Infinity; a subnormal argument is scaled by 2^54
 * first.
 */
LANES_INLINE ELEM_T
ELEM_NAME(log) (ELEM_T x)
{
	const ELEM_T zero = {0};
	ELEM_M		subnormal = x < 0x1p-1022;
	ELEM_T		scaled = ELEM_NAME(elem_select) (subnormal, x * 0x1p54, x);
	ELEM_T		y = ELEM_NAME(log_core) (scaled, zero,
										 ELEM_NAME(elem_select) (subnormal, zero - 54.0, zero));

	y = ELEM_NAME(elem_select) (x == INFINITY, x, y);
	y = ELEM_NAME(elem_select) (x == 0.0, zero - INFINITY, y);
	return ELEM_NAME(elem_select) ((x < 0.0) | (x != x), zero + NAN, y);
}

/*
 * log(1 + x) for x near 0 as well: u = 1 + x rounded, and c the rounding's
 * error, exact where it is formed (fdlibm's log1p: 1 - (u - x) once u >= 2,
 * x - (u - 1) below, where u - 1 is exact), divided by u.  Beyond 2^54 the
 * 1 is lost and c is 0.  -1 gives -Infinity, below -1 NaN, and +-0 itself.
 */
LANES_INLINE ELEM_T
ELEM_NAME(log1p) (ELEM_T x)
{
	const ELEM_T zero = {0};
	ELEM_T		u = 1.0 + x;
	ELEM_T		c = ELEM_NAME(elem_select) (u >= 2.0, 1.0 - (u - x), x - (u - 1.0));
	ELEM_M		tiny_u = u < 0x1p-1022;	/* u = 0: x = -1 */
	ELEM_T		y;

	c = ELEM_NAME(elem_select) (u < 0x1p54, c, zero);
	/* u = 0 would divide by zero: its lane is replaced below. */
	u = ELEM_NAME(elem_select) (tiny_u, zero + 1.0, u);
	y = ELEM_NAME(log_core) (u, c / u, zero);
	y = ELEM_NAME(elem_select) (x == INFINITY, x, y);
	y = ELEM_NAME(elem_select) (x == -1.0, zero - INFINITY, y);
	y = ELEM_NAME(elem_select) (x == 0.0, x, y);
	return ELEM_NAME(elem_select) ((x < -1.0) | (x != x), zero + NAN, y);
}

/*
 * e^x: x = k ln 2 + r, k the nearest integer to x / ln 2 and |r| at most
 * about ln(2)/2, r held as hi - lo with k ln2_hi exact; e^r from fdlibm's
 * rational form 1 + 2r / (c - r) with c = r - r^2 P(r^2) (P1..P5, minimax),
 * rearranged as 1 - ((lo - r c / (2 - c)) - hi); then 2^k put into the
 * exponent.  Where the result is subnormal it is formed as 2^(k + 1000)
 * e^r, exact, times 2^-1000: one rounding.  Its error is below one unit
 * in the last place.  +Infinity above log(DBL_MAX), 0 below the log of half
 * the least subnormal, NaN for NaN.
 */
LANES_INLINE ELEM_T
ELEM_NAME(exp) (ELEM_T x)
{
	const double P1 = 0x1.555555555553ep-3;
	const double P2 = -0x1.6c16c16bebd93p-9;
	const double P3 = 0x1.1566aaf25de2cp-14;
	const double P4 = -0x1.bbd41c5d26bf1p-20;
	const double P5 = 0x1.6376972bea4d0p-25;
	const double ln2_hi = 0x1.62e42feep-1;
	const double ln2_lo = 0x1.a39ef35793c76p-33;
	const double inv_ln2 = 0x1.71547652b82fep0;
	const double magic = 0x1.8p52;
	const double overflow = 0x1.62e42fefa39efp9;	/* 709.78...: log(DBL_MAX) */
	const double underflow = -0x1.74910d52d3051p9;	/* -745.13... */
	const ELEM_T zero = {0};
	ELEM_M		in_range = (x <= overflow) & (x >= underflow);
	ELEM_T		xr = ELEM_NAME(elem_select) (in_range, x, zero);
	ELEM_T		shifted = xr * inv_ln2 + magic;
	ELEM_T		kd = shifted - magic;
	ELEM_M		k = (ELEM_M) shifted - (ELEM_M) (zero + magic);
	ELEM_T		hi = xr - kd * ln2_hi;
	ELEM_T		lo = kd * ln2_lo;
	ELEM_T		r = hi - lo;
	ELEM_T		r2 = r * r;
	ELEM_T		c = r - r2 * (P1 + r2 * (P2 + r2 * (P3 + r2 * (P4 + r2 * P5))));
	ELEM_T		y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
	ELEM_M		subnormal = k < -1021;
	ELEM_T		normal_result = (ELEM_T) ((ELEM_M) y + (ELEM_M) ((ELEM_U) k << 52));
	ELEM_T		subnormal_result = (ELEM_T) ((ELEM_M) y + (ELEM_M) ((ELEM_U) (k + 1000) << 52)) * 0x1p-1000;

	y = ELEM_NAME(elem_select) (subnormal, subnormal_result, normal_result);
	y = ELEM_NAME(elem_select) (x > overflow, zero + INFINITY, y);
	y = ELEM_NAME(elem_select) (x < underflow, zero, y);
	return ELEM_NAME(elem_select) (x != x, x, y);
}
