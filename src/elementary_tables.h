/*
 * elementary_tables.h
 *		The tables of elementary_body.h's logarithm and exponential, sixteen
 *		entries each: few enough for two AVX-512 registers, from which a
 *		lane's entry is one permutation (elementary.h's lookup16).
 *
 * The logarithm splits its reduced argument z in [0.703125, 1.40625) into
 * sixteen intervals by the top four bits of z's offset from 0.703125 (in
 * the bits of the double: below 1 an interval is 2^-5 wide, above it
 * 2^-4).  For each, 1/c is 2 / (the interval's ends' sum) rounded to ten
 * significant bits, so that z's upper 43 bits times 1/c are exact; and
 * log(c) = -log(1/c) is a high part that is a multiple of 2^-42, so that
 * k ln2_hi + log(c)_hi is exact for every k, and a low part.  The
 * exponential's entries are 2^(j/16) as a double and the rest.  Every
 * value was rounded from a 200-bit one (Python's mpmath).
 */
#ifndef XENT_ELEMENTARY_TABLES_H
#define XENT_ELEMENTARY_TABLES_H

/* 1/c: ten significant bits, 1 for the interval holding 1 */
static const double elem_log_invc[16] __attribute__((aligned(64))) = {
	0x1.6400000000000p+0, 0x1.5580000000000p+0,
	0x1.4780000000000p+0, 0x1.3b00000000000p+0,
	0x1.2f80000000000p+0, 0x1.2480000000000p+0,
	0x1.1a80000000000p+0, 0x1.1100000000000p+0,
	0x1.0880000000000p+0, 0x1.0000000000000p+0,
	0x1.e200000000000p-1, 0x1.c700000000000p-1,
	0x1.af00000000000p-1, 0x1.9980000000000p-1,
	0x1.8600000000000p-1, 0x1.7480000000000p-1
};

/* log(c) = -log(1/c), rounded to a multiple of 2^-42 */
static const double elem_log_logc_hi[16] __attribute__((aligned(64))) = {
	-0x1.51aad872e0000p-2, -0x1.27161913f8000p-2,
	-0x1.f871b28956000p-3, -0x1.a8becfc882000p-3,
	-0x1.5c94007598000p-3, -0x1.10f8e42254000p-3,
	-0x1.9375e55594000p-4, -0x1.0759835990000p-4,
	-0x1.0b94f7c198000p-5, 0x0.0p+0,
	0x1.eea31c0068000p-5, 0x1.e3707ee304000p-4,
	0x1.60b3100b0a000p-3, 0x1.c97f8079d4000p-3,
	0x1.16b5ccbad0000p-2, 0x1.45b8c0a17e000p-2
};

/* the rest of log(c), rounded to double */
static const double elem_log_logc_lo[16] __attribute__((aligned(64))) = {
	0x1.f4bd8db0a7cc1p-44, -0x1.4f4f1f61564b4p-44,
	0x1.f75fd6a526efep-44, -0x1.e3185cf21b9cfp-44,
	0x1.a8d948cd23322p-44, 0x1.93b3843396307p-45,
	-0x1.eddc37380c364p-44, 0x1.b8ecfe4b59987p-44,
	0x1.e89896f022783p-45, 0x0.0p+0,
	0x1.c3dd83606d891p-44, 0x1.0f684e6766abdp-45,
	-0x1.71456c988f814p-44, 0x1.3b161a8c6e6c5p-45,
	-0x1.23299042d74bfp-44, -0x1.d9120e7d0a853p-47
};

/* 2^(j/16) rounded to double */
static const double elem_exp2_hi[16] __attribute__((aligned(64))) = {
	0x1.0000000000000p+0, 0x1.0b5586cf9890fp+0,
	0x1.172b83c7d517bp+0, 0x1.2387a6e756238p+0,
	0x1.306fe0a31b715p+0, 0x1.3dea64c123422p+0,
	0x1.4bfdad5362a27p+0, 0x1.5ab07dd485429p+0,
	0x1.6a09e667f3bcdp+0, 0x1.7a11473eb0187p+0,
	0x1.8ace5422aa0dbp+0, 0x1.9c49182a3f090p+0,
	0x1.ae89f995ad3adp+0, 0x1.c199bdd85529cp+0,
	0x1.d5818dcfba487p+0, 0x1.ea4afa2a490dap+0
};

/* the rest of 2^(j/16), rounded to double */
static const double elem_exp2_lo[16] __attribute__((aligned(64))) = {
	0x0.0p+0, 0x1.8a62e4adc610bp-54,
	-0x1.19041b9d78a76p-55, 0x1.9b07eb6c70573p-54,
	0x1.6f46ad23182e4p-55, 0x1.ada0911f09ebcp-55,
	0x1.d4397afec42e2p-56, 0x1.6324c054647adp-54,
	-0x1.bdd3413b26456p-54, -0x1.41577ee04992fp-55,
	0x1.6e9f156864b27p-54, 0x1.c7c46b071f2bep-56,
	0x1.7a1cd345dcc81p-54, 0x1.11065895048ddp-55,
	0x1.2ed02d75b3707p-55, -0x1.e9c23179c2893p-54
};

#endif							/* XENT_ELEMENTARY_TABLES_H */
