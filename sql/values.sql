-- Values against hand computations.
SET extra_float_digits = 0;

-- In bits: P = (1/4,1/4,1/4,1/4) has H = 2, Q = (1/2,1/8,1/8,1/4) has
-- H = 1.75, H(P,Q) = 2.25 and H(Q,P) = 2.
SELECT entropy('{0.25,0.25,0.25,0.25}', base => 2) AS h_p,
       entropy('{0.5,0.125,0.125,0.25}', base => 2) AS h_q,
       cross_entropy('{0.25,0.25,0.25,0.25}'::float8[], '{0.5,0.125,0.125,0.25}', base => 2) AS h_pq,
       cross_entropy('{0.5,0.125,0.125,0.25}'::float8[], '{0.25,0.25,0.25,0.25}', base => 2) AS h_qp,
       kl_div('{0.25,0.25,0.25,0.25}', '{0.5,0.125,0.125,0.25}', base => 2) AS d_pq,
       kl_div('{0.5,0.125,0.125,0.25}', '{0.25,0.25,0.25,0.25}', base => 2) AS d_qp;

-- A fair coin: ln 2 nats, 1 bit, log10(2) hartleys.
SELECT entropy('{0.5,0.5}') AS nats, close_to(entropy('{0.5,0.5}'), ln(2)) AS is_ln2,
       entropy('{0.5,0.5}', 2) AS bits, entropy('{0.5,0.5}', 10) AS hartleys,
       close_to(entropy('{0.5,0.5}', 10), log(2)) AS is_log10_2;
SELECT entropy(array_fill(0.1::float8, ARRAY[10]), base => 10) AS uniform_10_in_hartleys;

-- Three diseases: p = (0.7,0.2,0.1), q = (0.5,0.2,0.3).  KL is not symmetric.
SELECT kl_div('{0.7,0.2,0.1}', '{0.5,0.2,0.3}') AS d_pq,
       close_to(kl_div('{0.7,0.2,0.1}', '{0.5,0.2,0.3}'),
                0.7 * ln(0.7 / 0.5) + 0.1 * ln(0.1 / 0.3)) AS d_pq_by_hand,
       kl_div('{0.5,0.2,0.3}', '{0.7,0.2,0.1}') AS d_qp,
       close_to(kl_div('{0.5,0.2,0.3}', '{0.7,0.2,0.1}'),
                0.5 * ln(0.5 / 0.7) + 0.3 * ln(0.3 / 0.1)) AS d_qp_by_hand;

-- Jensen-Shannon: symmetric, 0 for equal vectors, 1 bit for disjoint ones.
SELECT js_div('{0.7,0.2,0.1}', '{0.5,0.2,0.3}') AS js_pq,
       js_div('{0.7,0.2,0.1}', '{0.5,0.2,0.3}') = js_div('{0.5,0.2,0.3}', '{0.7,0.2,0.1}') AS symmetric,
       close_to(js_div('{0.7,0.2,0.1}', '{0.5,0.2,0.3}'),
                0.5 * (0.7 * ln(0.7 / 0.6) + 0.5 * ln(0.5 / 0.6))
                + 0.5 * (0.1 * ln(0.1 / 0.2) + 0.3 * ln(0.3 / 0.2))) AS by_hand,
       js_div('{0.3,0.7}', '{0.3,0.7}') AS equal,
       js_div('{1,0}', '{0,1}', base => 2) AS disjoint_bits,
       js_div('{1,0}', '{0,1}') = ln(2) AS disjoint_is_ln2;

-- Zeros: 0 log 0 = 0; p > 0 where q = 0 is +Infinity; a certain outcome has
-- entropy 0, not -0.
SELECT entropy('{1,0,0}') AS certain,
       entropy('{0,0.5,0,0.5}', 2) AS zeros_skipped,
       cross_entropy('{0,1}'::float8[], '{0,1}') AS zero_against_zero,
       cross_entropy('{0.5,0.5}'::float8[], '{1,0}') AS ce_infinite,
       kl_div('{0.5,0.5}', '{1,0}') AS kl_infinite,
       kl_div('{1,0}', '{0.5,0.5}') = ln(2) AS kl_p_zero,
       js_div('{0.5,0.5}', '{1,0}') < ln(2) AS js_finite;

-- NaN anywhere gives NaN; NULL arrays give NULL; NULL base and renormalize
-- are the defaults.
SELECT entropy('{NaN,1}') AS h_nan,
       cross_entropy('{0.5,0.5}'::float8[], '{NaN,0.5}') AS ce_nan,
       kl_div('{0,1}', '{0.5,NaN}') AS kl_nan_where_p_is_0,
       js_div('{NaN,0}', '{0.5,0.5}') AS js_nan,
       entropy('{NaN,1e6}') AS nan_skips_sum_check;
SELECT entropy(NULL) IS NULL AS h_null,
       cross_entropy(NULL::float8[], '{1}') IS NULL AS ce_null_p,
       kl_div('{1}', NULL) IS NULL AS kl_null_q,
       js_div(NULL, NULL) IS NULL AS js_null,
       entropy('{0.5,0.5}', base => NULL) = ln(2) AS null_base_is_nats,
       entropy('{0.5,0.5}', NULL, NULL) = ln(2) AS null_renormalize_is_false;

-- Any lower bound: elements pair by position.
SELECT entropy('[0:2]={0.5,0.25,0.25}', 2) AS h_from_0,
       kl_div('[-5:-4]={0.25,0.75}', '[7:8]={0.5,0.5}')
         = kl_div('{0.25,0.75}', '{0.5,0.5}') AS bounds_ignored;

-- Subnormal q: p/q would overflow; the divergence stays finite and exact.
SELECT close_to(kl_div('{0.5,0.5}', ARRAY[1, 5e-324]),
                0.5 * ln(0.5) + 0.5 * (ln(0.5) - ln('5e-324'::float8::numeric)::float8)) AS kl_subnormal_q,
       close_to(kl_div(ARRAY[1e-310, 1], ARRAY[0.5, 0.5]),
                1e-310 * (ln('1e-310'::float8::numeric) - ln(0.5))::float8 + ln(2)) AS kl_subnormal_p;

-- Quotients near the top of the range (p/q about 2.5e300) take the slow path.
SELECT close_to(kl_div('{0.5,0.5}', '{1,2e-301}'),
                0.5 * ln(0.5) + 0.5 * (ln(0.5) - ln('2e-301'::float8::numeric)::float8)) AS kl_huge_ratio;

-- renormalize => true accepts counts and histograms, from any numeric array.
SELECT entropy('{1,1,2}', renormalize => true) = entropy('{0.25,0.25,0.5}') AS counts,
       entropy(ARRAY[1, 1, 2], 2, true) AS int_array_bits,
       entropy(ARRAY[1.5, 1.5]::numeric[], renormalize => true) = ln(2) AS numeric_array,
       entropy(ARRAY[3, 1]::real[], renormalize => true) = entropy('{0.75,0.25}') AS real_array,
       kl_div('{10,30}', '{2,2}', renormalize => true) = kl_div('{0.25,0.75}', '{0.5,0.5}') AS kl_counts,
       cross_entropy('{1,1}'::float8[], '{5,15}', 2, true) AS ce_counts,
       js_div('{1,0}', '{0,7}', 2, true) AS js_counts,
       entropy('{1e300,1e300}', renormalize => true) = ln(2) AS huge_counts;

-- The tolerance GUC: 1e-6 by default, settable.
SHOW xent.tolerance;
SELECT entropy('{0.5,0.5000009}') > 0 AS within_default_tolerance;
SET xent.tolerance = 0.1;
SELECT entropy('{0.5,0.55}', 2) AS loose;
SET xent.tolerance = 0;
SELECT entropy('{0.25,0.25,0.25,0.25}', 2) AS exact_sum_passes_zero_tolerance;
RESET xent.tolerance;

-- Precision near p = q (p = 1/2 +- 2^-20, exact in float8 and in numeric):
-- KL is second order in the difference while its terms are first order, so
-- the terms' rounding (1e-22 here) bounds it; the quotient's own rounding,
-- which would cost six digits more, is corrected.
SELECT close_to(kl_div(ARRAY[0.5 + d, 0.5 - d], '{0.5,0.5}'),
                ((0.5 + d) * ln(1 + 2 * d) + (0.5 - d) * ln(1 - 2 * d))::float8,
                1e-9) AS kl_near_equal,
       close_to(js_div(ARRAY[0.5 + d, 0.5 - d], '{0.5,0.5}'),
                (0.5 * ((0.5 + d) * ln((0.5 + d) / (0.5 + d / 2)) + (0.5 - d) * ln((0.5 - d) / (0.5 - d / 2)))
                 + 0.5 * (0.5 * ln(0.5 / (0.5 + d / 2)) + 0.5 * ln(0.5 / (0.5 - d / 2))))::float8,
                1e-6) AS js_near_equal,
       kl_div('{0.3,0.7}', '{0.3,0.7}') AS kl_equal
FROM (SELECT 0.00000095367431640625::numeric(60, 50) AS d) delta;
