-- Edges that only rounding reaches: js_div's clamp into [0, ln 2], and the
-- exact reach of xent.tolerance.

-- 1. js_div below 0.  For nearly equal vectors the exact divergence is
-- about 1e-33 and the terms cancel to within an ulp of each; rounding can
-- leave the sum of the terms slightly negative (about -5e-33 for each pair
-- below without the clamp, on both the SSE2 and the AVX2 kernels).  js_div
-- must still be >= 0, so that sqrt(js_div), the Jensen-Shannon distance, is
-- defined (PostgreSQL's sqrt raises an error below 0, where SciPy returns
-- NaN: its issues 20083 and 20779).  The last pair is SciPy's, which xent's
-- kernels happen to round upwards.
CREATE TEMP TABLE near_pairs (p float8[], q float8[]);
INSERT INTO near_pairs VALUES
    ('{0.52509545484074605,0.47490454515925401}', '{0.52509545484074605,0.47490454515925395}'),
    ('{0.43574576536773552,0.56425423463226443}', '{0.43574576536773557,0.56425423463226432}'),
    ('{0.68857871830378548,0.31142128169621452}', '{0.68857871830378559,0.31142128169621447}'),
    ('{0.48463874683989788,0.51536125316010206}', '{0.48463874683989794,0.51536125316010195}'),
    ('{0.47815795034140918,0.13421911572963854,0.38762293392895236}',
     '{0.47815795034140912,0.13421911572963857,0.38762293392895231}'),
    ('{0.17013903617714593,0.31556517420026536,0.30362343097718869,0.21067235864540007}',
     '{0.1701390361771459,0.31556517420026536,0.30362343097718869,0.2106723586454001}'),
    ('{0.36338524648564874,0.1447654136738924,0.10034195075407246,0.39150738908638644}',
     '{0.36338524648564879,0.1447654136738924,0.10034195075407244,0.39150738908638638}'),
    ('{0.49999999999999994,0.5}', '{0.5,0.49999999999999994}');
SELECT count(*) AS pairs,
       bool_and(js_div(p, q) >= 0 AND js_div(p, q) < 1e-30) AS js_tiny_not_negative,
       bool_and(js_div(q, p) >= 0 AND js_div(q, p) < 1e-30) AS swapped,
       bool_and(js_div(p, q, base => 2) >= 0) AS in_bits
FROM near_pairs;
SELECT bool_and(sqrt(js_div(p, q)) < 1e-15) AS distance_defined FROM near_pairs;

-- 2. js_div above ln 2.  Disjoint vectors give exactly ln 2 when both sum to
-- 1; a sum inside the tolerance but above 1 adds its excess (here 1.0000005
-- times ln 2 for the second half), which the clamp takes back to ln 2.
SELECT js_div('{1,0}', '{0,1.0000005}') = ln(2) AS js_is_ln2,
       js_div('{1.0000005,0}', '{0,1.0000005}') = ln(2) AS both_above,
       js_div('{1,0}', '{0,1.0000005}', base => 2) = 1 AS js_is_one_bit,
       sqrt(js_div('{1,0}', '{0,1.0000005}', base => 2)) = 1 AS distance_is_one;

-- 3. xent.tolerance is how far the sum may be from 1, no more: under the
-- default 1e-6, 1 +- 5e-7 passes and 1 +- 2e-6 fails, for the scalar
-- functions, the label forms and the aggregates alike.
SHOW xent.tolerance;
SELECT entropy('{0.5,0.5000005}') > 0 AS above_within,
       entropy('{0.5,0.4999995}') > 0 AS below_within,
       cross_entropy(1, '{0.5,0.5000005}') > 0 AS label_within,
       cross_entropy_logits('{0.5,0.5000005}'::float8[], '{1,2}') > 0 AS logits_within;
SELECT call, split_part(sqlstate_of(call), ' HINT:', 1) AS error
FROM (VALUES ($$SELECT entropy('{0.5,0.500002}')$$),
             ($$SELECT kl_div('{0.5,0.5}', '{0.5,0.499998}')$$),
             ($$SELECT cross_entropy(1, '{0.5,0.500002}')$$),
             ($$SELECT avg_kl_div(p, q) FROM (VALUES ('{0.5,0.500002}'::float8[], '{0.5,0.5}'::float8[])) v(p, q)$$)) c(call);
SELECT avg_kl_div(p, q) >= 0 AS aggregate_within
FROM (VALUES ('{0.5,0.5000005}'::float8[], '{0.5,0.4999995}'::float8[])) v(p, q);

-- The same under a tolerance of one's own.
SET xent.tolerance = 1e-3;
SELECT entropy('{0.5,0.5005}') > 0 AS above_within,
       js_div('{0.5,0.4995}', '{0.5,0.5}') >= 0 AS below_within;
SELECT call, split_part(sqlstate_of(call), ' HINT:', 1) AS error
FROM (VALUES ($$SELECT entropy('{0.5,0.502}')$$),
             ($$SELECT js_div('{0.5,0.5}', '{0.5,0.498}')$$)) c(call);
RESET xent.tolerance;
