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

-- Arrays read from a table: the short ones are stored with a 1-byte header
-- (up to 127 bytes: a dozen float8 fit), which xent copies aligned itself,
-- and the long ones are detoasted.  The same values and errors as the
-- literals.
CREATE TABLE stored_arrays (id int, a float8[]);
INSERT INTO stored_arrays VALUES
    (1, '{0.25,0.25,0.5}'),
    (2, '[0:11]={0.125,0.125,0.0625,0.0625,0.0625,0.0625,0.0625,0.0625,0.0625,0.0625,0.125,0.125}'),
    (3, '[0:2]={0.5,NULL,0.5}'),
    (4, '{{0.5,0.5}}'),
    (5, '{0.5,-0.5,1}'),
    (6, (SELECT array_agg(1.0 / 1000) FROM generate_series(1, 1000)));
SELECT id, pg_column_size(a) AS stored_bytes,
       sqlstate_of(format('SELECT entropy(a) FROM stored_arrays WHERE id = %s', id)) AS from_table,
       sqlstate_of(format('SELECT entropy(%L::float8[])', a)) AS from_literal,
       CASE WHEN id IN (1, 2, 6) THEN entropy(a) = entropy(a::text::float8[]) END
         AS same_value
FROM stored_arrays t ORDER BY id;
SELECT cross_entropy(11, a) = -ln(0.125) AS label_in_short_copy
FROM stored_arrays WHERE id = 2;
DROP TABLE stored_arrays;

-- js_div's slow path, taken for a block where one side is tiny against
-- the other (1e-310 against 0.5: the quotient 2p'/(p'+q') underflows),
-- still counts a zero of either vector as 0 log 0 = 0, never 0 * -Infinity.
-- Exactly: half of ln 2 from the pair (0.5, 0) and half from (1e-310, 0.5),
-- less about 1e-307.  (js-slow-zero)
SELECT close_to(js_div('{1e-310,0.5,0.5}', '{0.5,0.5,0}'), ln(2) / 2) AS slow_path_zero_in_q,
       close_to(js_div('{0.5,0.5,0}', '{1e-310,0.5,0.5}'), ln(2) / 2) AS slow_path_zero_in_p;
