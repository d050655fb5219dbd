/*
 * elementary_body.h
 *		The algorithms of elementary.h, written once over a vector type of
 *		doubles (ELEM_T), its mask type (ELEM_M), its unsigned bits (ELEM_U)
 *		and a suffix for the names (ELEM_NAME), which the includer defines
 *		before each inclusion, with a lookup16 of that suffix.  Only
 *		additions, subtractions, multiplications, comparisons, table loads
 *		and bit operations, each rounded as written (the core is built with
 *		-ffp-contract=off): so a lane of any width, a one-lane scalar and
 *		another CPU give the same bits for the same argument.  No division:
 *		a vector division costs more than all the rest.  Integers are
 *		shifted right logically only and never compared, which SSE2 does in
 *		vector registers too.
 *
 * Each function takes a fast path when every lane's argument is in the
 * range where no special case arises, and otherwise the same arithmetic
 * with the special lanes replaced: the path does not change a lane's bits.
 *
 * No include guard: elementary.h includes it once per vector type.
 */

/*
 * Comparisons of a vector with a vector or a double, through the
 * includer's: a op b as LT(a, b) and so on, a double as SPLAT(c).
 */
#define LT(a, b) ELEM_NAME(less) (a, b)
#define LE(a, b) ELEM_NAME(less_equal) (a, b)
#define EQ(a, b) ELEM_NAME(equal) (a, b)
/* A double in every lane. */
#define SPLAT(c) ((ELEM_T) {0} + (c))

/* x where mask is set, else y. */
LANES_INLINE ELEM_T
ELEM_NAME(elem_select) (ELEM_M mask, ELEM_T x, ELEM_T y)
{
	return (ELEM_T) (((ELEM_M) x & mask) | ((ELEM_M) y & ~mask));
}

/*
 * log(u) for a positive, finite, normal u, minus k_scaled (0, or 54 for an
 * argument scaled by 2^54) times log 2; with with_c (a constant), the
 * logarithm of u + c instead, for a c below half a unit in the last place
 * of u (log1p's rounding error): ELEM_WITH_C for u below 2^54 in every lane,
 * ELEM_WITH_C_BELOW_2_54 for any u, where c is lost from 2^54 on.
 *
 * u = 2^k z with z in [0.703125, 1.40625); the top bits of z pick c and
 * 1/c from elementary_tables.h, and log u = k log 2 + log c + log1p(r)
 * with r = z/c - 1 = z (1/c) - 1, |r| <= 2^-5.  z (1/c) - 1 is formed
 * exactly as r + r_lo: z's upper 43 bits times the ten bits of 1/c is
 * exact and within a factor two of 1 (Sterbenz), z's lower 10 bits times
 * 1/c is exact, and their sum's error is r_lo (Fast2Sum: where the smaller
 * is the larger in magnitude, the sum is exact).  log1p(r) = r - r^2/2 +
 * r^3 Q(r), Q of degree 7 fitted to it on [-2^-5, 2^-5] (Chebyshev
 * interpolation at 200 bits: relative error below 2^-60).  k ln2_hi +
 * log(c)_hi is exact (the table's comment says why), and t = that + r
 * with its error e1 (Fast2Sum: log c is 0 or larger than |r| in every
 * interval); everything small is added to e1, then t last, so the only
 * rounding that counts is the final one: the error is below 0.52 units in
 * the last place.  log(1 + c/u) is c/u, taken as c 2^-k (1/c) (1 - r):
 * its relative error, about r^2 <= 2^-10, is below 2^-63 of the result.
 * Where x is about 2^-53, c is nearly as large as the result, so it is
 * added to t exactly (Fast2Sum: t is 0 or at least a unit in the last
 * place of u), its error to e1, and c (r + c/2) to the small terms.
 */
#ifndef ELEM_WITH_C
#define ELEM_WITHOUT_C 0
#define ELEM_WITH_C 1
#define ELEM_WITH_C_BELOW_2_54 2
#endif

LANES_INLINE ELEM_T
ELEM_NAME(log_core) (ELEM_T u, ELEM_U k_scaled, ELEM_T c, const int with_c)
{
	const double Q0 = 0x1.555555555554ap-2;
	const double Q1 = -0x1.fffffffffffebp-3;
	const double Q2 = 0x1.9999999a544f2p-3;
	const double Q3 = -0x1.55555556007cap-3;
	const double Q4 = 0x1.24923a90676c8p-3;
	const double Q5 = -0x1.ffffe5458f8e3p-4;
	const double Q6 = 0x1.c7d6e9a44158dp-4;
	const double Q7 = -0x1.9a44881f1c5b5p-4;
	const double ln2_hi = 0x1.62e42feep-1;	/* 32 bits: k ln2_hi is exact */
	const double ln2_lo = 0x1.a39ef35793c76p-33;
	/* 1.5 * 2^52, where adding an integer below 2^51 to the bits adds it. */
	const double magic = 0x1.8p52;
	/* Added to u's bits: 1 - 0.703125 in the bits, so k + 1023 is on top. */
	const uint64_t to_one = 0x0009800000000000ULL;
	const uint64_t mantissa_bits = 0x000fffffffffffffULL;
	const uint64_t z_low_bits = 0x3fe6800000000000ULL;	/* 0.703125 */
	const ELEM_T zero = {0};
	ELEM_U		bits = (ELEM_U) u;
	ELEM_U		biased = bits + to_one;
	ELEM_U		k_biased = biased >> 52; /* k + 1023 */
	ELEM_M		index = (ELEM_M) ((biased >> 48) & 15);
	ELEM_T		z = (ELEM_T) ((biased & mantissa_bits) + z_low_bits);
	ELEM_T		kd = (ELEM_T) (k_biased - k_scaled + (ELEM_U) SPLAT(magic)) -
		(magic + 1023.0);
	ELEM_T		z_hi = (ELEM_T) ((ELEM_U) z & ~(uint64_t) 0x3ff);
	ELEM_T		inv_c = ELEM_NAME(lookup16) (elem_log_invc, index);
	ELEM_T		a = z_hi * inv_c - 1.0;
	ELEM_T		b = (z - z_hi) * inv_c;
	ELEM_T		r = a + b;
	ELEM_T		r_lo = (a - r) + b;
	ELEM_T		w = kd * ln2_hi + ELEM_NAME(lookup16) (elem_log_logc_hi, index);
	ELEM_T		t = w + r;
	ELEM_T		e1 = (w - t) + r;
	ELEM_T		r2 = r * r;
	ELEM_T		r4 = r2 * r2;
	ELEM_T		q = ((Q0 + r * Q1) + r2 * (Q2 + r * Q3)) +
		r4 * ((Q4 + r * Q5) + r2 * (Q6 + r * Q7));
	ELEM_T		tail = r2 * (r * q - 0.5);
	ELEM_T		small = (r_lo + (kd * ln2_lo + ELEM_NAME(lookup16) (elem_log_logc_lo, index))) +
		tail;

	if (with_c)
	{
		/*
		 * 2^-k, a double for u below 2^54; beyond, c/u is below 2^-54
		 * and log u above 37: no c.
		 */
		ELEM_T		scale = (ELEM_T) ((2046 - k_biased) << 52);
		ELEM_T		c_over_z = c * scale * inv_c;
		ELEM_T		t_c;

		if (with_c == ELEM_WITH_C_BELOW_2_54)
			c_over_z = ELEM_NAME(elem_select) (LT(u, SPLAT(0x1p54)), c_over_z, zero);
		t_c = t + c_over_z;

		e1 = e1 + ((t - t_c) + c_over_z);
		t = t_c;
		small = small - c_over_z * (r + 0.5 * c_over_z);
	}
	return t + (e1 + small);
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
	ELEM_M		subnormal;
	ELEM_T		y;

	if (ELEM_NAME(all_within) (x, 0x1p-1022, DBL_MAX))
		return ELEM_NAME(log_core) (x, (ELEM_U) zero, zero, ELEM_WITHOUT_C);
	subnormal = LT(x, SPLAT(0x1p-1022));
	y = ELEM_NAME(log_core) (ELEM_NAME(elem_select) (subnormal, x * 0x1p54, x),
							 (ELEM_U) subnormal & 54, zero, ELEM_WITHOUT_C);
	y = ELEM_NAME(elem_select) (EQ(x, SPLAT(INFINITY)), x, y);
	y = ELEM_NAME(elem_select) (EQ(x, SPLAT(0.0)), zero - INFINITY, y);
	return ELEM_NAME(elem_select) (LT(x, SPLAT(0.0)) | ELEM_NAME(unordered) (x, x), zero + NAN, y);
}

/*
 * log(1 + x) for x near 0 as well: u = 1 + x rounded, and c the rounding's
 * error, exactly (Knuth's TwoSum, with no comparison); log_core adds c/u.
 * -1 gives -Infinity, below -1 NaN, and +-0 itself.
 */
LANES_INLINE ELEM_T
ELEM_NAME(log1p) (ELEM_T x)
{
	const ELEM_T zero = {0};
	ELEM_T		u = 1.0 + x;
	ELEM_T		x_in_u = u - 1.0;
	ELEM_T		c = (1.0 - (u - x_in_u)) + (x - x_in_u);
	ELEM_T		y;

	if (ELEM_NAME(all_within) (x, -0x1.fffffffffffffp-1, 0x1p53))
	{
		y = ELEM_NAME(log_core) (u, (ELEM_U) zero, c, ELEM_WITH_C);
		return ELEM_NAME(elem_select) (EQ(x, SPLAT(0.0)), x, y);
	}
	/* u = 0 (x = -1) and the rest: their lanes are replaced below. */
	u = ELEM_NAME(elem_select) (LE(SPLAT(0x1p-1022), u) & LE(u, SPLAT(DBL_MAX)),
								u, zero + 1.0);
	y = ELEM_NAME(log_core) (u, (ELEM_U) zero, c, ELEM_WITH_C_BELOW_2_54);
	y = ELEM_NAME(elem_select) (EQ(x, SPLAT(INFINITY)), x, y);
	y = ELEM_NAME(elem_select) (EQ(x, SPLAT(-1.0)), zero - INFINITY, y);
	y = ELEM_NAME(elem_select) (EQ(x, SPLAT(0.0)), x, y);
	return ELEM_NAME(elem_select) (LT(x, SPLAT(-1.0)) | ELEM_NAME(unordered) (x, x), zero + NAN, y);
}

/*
 * e^x = 2^e y for |x| <= 746: y (in [0.97, 2)) is the return value and
 * e + 2^13 goes to *e_biased.
 */
LANES_INLINE ELEM_T
ELEM_NAME(exp_core) (ELEM_T x, ELEM_U *e_biased)
{
	const double E0 = 0x1.0000000000001p-1;
	const double E1 = 0x1.5555555555556p-3;
	const double E2 = 0x1.55555554e9305p-5;
	const double E3 = 0x1.11111110e100ap-7;
	const double E4 = 0x1.6c17ed6b7a752p-10;
	const double E5 = 0x1.a01b0c4a27193p-13;
	const double sixteen_over_ln2 = 0x1.71547652b82fep4;
	const double ln2_16_hi = 0x1.62e42fefp-5;	/* 33 bits */
	const double ln2_16_lo = 0x1.473de6af278edp-38;
	const double magic = 0x1.8p52;
	/* Added to k: a multiple of 16 times 2^13, so k >> 4 is e + 2^13. */
	const uint64_t k_bias = 16 << 13;
	ELEM_T		shifted = x * sixteen_over_ln2 + magic;
	ELEM_T		kd = shifted - magic;
	ELEM_U		k_biased = (ELEM_U) shifted - ((ELEM_U) SPLAT(magic) - k_bias);
	ELEM_M		j = (ELEM_M) (k_biased & 15);
	ELEM_T		r = (x - kd * ln2_16_hi) - kd * ln2_16_lo;
	ELEM_T		r2 = r * r;
	ELEM_T		p = r + r2 * (((E0 + r * E1) + r2 * (E2 + r * E3)) +
							  (r2 * r2) * (E4 + r * E5));
	ELEM_T		t_hi = ELEM_NAME(lookup16) (elem_exp2_hi, j);

	*e_biased = k_biased >> 4;
	return t_hi + (ELEM_NAME(lookup16) (elem_exp2_lo, j) + t_hi * p);
}

/*
 * e^x: x = k ln(2)/16 + r, k the nearest integer to 16 x / ln 2 and |r|
 * at most about ln(2)/32, with ln(2)/16 as a high part of 33 bits (k times
 * it is exact, and so is x minus that) and a low part.  e^x = 2^e
 * 2^(j/16) e^r with k = 16 e + j; 2^(j/16) = T_hi + T_lo from
 * elementary_tables.h, and e^r = 1 + p, p = r + r^2 E(r), E of degree 5
 * fitted to (e^r - 1 - r) / r^2 (absolute error of p below 2^-64).  The
 * result before scaling, T_hi + (T_lo + T_hi p), is in [0.97, 2) with an
 * error below 0.52 units in the last place, all but the last addition's
 * rounding being far smaller.  2^e goes into the exponent; where the
 * result is subnormal or overflows (outside |x| <= 704) it is applied as
 * two powers of two, one exact and one rounding once.  +Infinity above
 * log(DBL_MAX), 0 below the log of half the least subnormal, NaN for NaN.
 */
LANES_INLINE ELEM_T
ELEM_NAME(exp) (ELEM_T x)
{
	ELEM_T		xr;
	ELEM_T		y;
	ELEM_U		e_biased;
	ELEM_U		half_e;

	if (ELEM_NAME(all_within) (x, -704.0, 704.0))
	{
		y = ELEM_NAME(exp_core) (x, &e_biased);
		/* e + 2^13 shifted into the exponent adds e: 2^13 << 52 is 2^65. */
		return (ELEM_T) ((ELEM_U) y + (e_biased << 52));
	}
	/* Past these, e^x is 0 or overflows as surely; NaN stays NaN. */
	xr = ELEM_NAME(elem_select) (LT(SPLAT(710.0), x), SPLAT(710.0), x);
	xr = ELEM_NAME(elem_select) (LT(xr, SPLAT(-746.0)), SPLAT(-746.0), xr);
	y = ELEM_NAME(exp_core) (xr, &e_biased);
	/* 2^floor(e/2) into the exponent, then 2^(e - floor(e/2)) multiplied. */
	half_e = e_biased >> 1;		/* floor(e/2) + 2^12 */
	y = (ELEM_T) ((ELEM_U) y + (half_e << 52)) *
		(ELEM_T) ((e_biased - half_e - 4096 + 1023) << 52);
	return ELEM_NAME(elem_select) (ELEM_NAME(unordered) (x, x), x, y);
}

#undef LT
#undef LE
#undef EQ
#undef SPLAT
