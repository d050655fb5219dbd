-- Drift between two distributions (xent 1.1): psi, hellinger, js_distance,
-- tvd, and bin_counts, the histogram whose bins are width_bucket's.

-- The disease example: p = (0.7, 0.2, 0.1) against q = (0.5, 0.2, 0.3).
-- PSI = 0.2 ln 1.4 + 0.2 ln 3; total variation 0.2.
SELECT psi('{0.7,0.2,0.1}', '{0.5,0.2,0.3}') AS psi,
       close_to(psi('{0.7,0.2,0.1}', '{0.5,0.2,0.3}'), 0.2 * ln(1.4::float8) + 0.2 * ln(3::float8), 1e-15) AS psi_by_hand,
       close_to(psi('{0.7,0.2,0.1}', '{0.5,0.2,0.3}'),
                kl_div('{0.7,0.2,0.1}', '{0.5,0.2,0.3}') + kl_div('{0.5,0.2,0.3}', '{0.7,0.2,0.1}'), 1e-15) AS psi_is_kl_both_ways,
       psi('{0.7,0.2,0.1}', '{0.5,0.2,0.3}', base => 2) = psi('{0.7,0.2,0.1}', '{0.5,0.2,0.3}') / ln(2) AS psi_bits,
       tvd('{0.7,0.2,0.1}', '{0.5,0.2,0.3}') AS tvd;
SELECT hellinger('{0.7,0.2,0.1}', '{0.5,0.2,0.3}') AS hellinger,
       close_to(hellinger('{0.7,0.2,0.1}', '{0.5,0.2,0.3}'),
                sqrt(0.5 * ((sqrt(0.7) - sqrt(0.5)) ^ 2 + (sqrt(0.1) - sqrt(0.3)) ^ 2))::float8, 1e-14) AS hellinger_by_hand,
       js_distance('{0.7,0.2,0.1}', '{0.5,0.2,0.3}') AS js_distance,
       js_distance('{0.7,0.2,0.1}', '{0.5,0.2,0.3}') = sqrt(js_div('{0.7,0.2,0.1}', '{0.5,0.2,0.3}')) AS sqrt_of_js,
       js_distance('{0.7,0.2,0.1}', '{0.5,0.2,0.3}', 2) = sqrt(js_div('{0.7,0.2,0.1}', '{0.5,0.2,0.3}', 2)) AS sqrt_of_js_bits;

-- Disjoint distributions are as far apart as can be; equal ones not at all.
SELECT hellinger('{1,0}', '{0,1}') AS hellinger, tvd('{1,0}', '{0,1}') AS tvd,
       js_distance('{1,0}', '{0,1}', base => 2) AS js_bits, psi('{1,0}', '{0,1}') AS psi;
SELECT psi(p, p), hellinger(p, p), js_distance(p, p), tvd(p, p)
FROM (VALUES ('{0.25,0.25,0.5,0}'::float8[])) v(p);

-- Zero rules: a bin empty on both sides adds nothing; on one side only,
-- PSI is Infinity (every other measure stays finite).
SELECT psi('{0.5,0.5,0}', '{0.4,0.6,0}') = psi('{0.5,0.5}', '{0.4,0.6}') AS both_empty,
       psi('{0.5,0.5,0}', '{0.4,0.5,0.1}') AS one_empty,
       psi('{0.5,0.4,0.1}', '{0.5,0.5,0}') AS other_empty,
       hellinger('{0.5,0.5,0}', '{0.4,0.5,0.1}') < 1 AS hellinger_finite,
       tvd('{0.5,0.5,0}', '{0.4,0.5,0.1}') AS tvd;

-- Symmetric, bounded, and PSI = D(p||q) + D(q||p), on seeded random pairs.
SELECT setseed(0.42);
CREATE TEMP TABLE pairs AS
SELECT i, random_dist(n) AS p, random_dist(n) AS q
FROM generate_series(1, 300) i, LATERAL (SELECT 2 + (i * 7) % 200 AS n) len;
SELECT count(*) AS pairs,
       bool_and(psi(p, q) = psi(q, p)) AS psi_symmetric,
       bool_and(hellinger(p, q) = hellinger(q, p)) AS hellinger_symmetric,
       bool_and(js_distance(p, q) = js_distance(q, p)) AS js_symmetric,
       bool_and(tvd(p, q) = tvd(q, p)) AS tvd_symmetric,
       bool_and(close_to(psi(p, q), kl_div(p, q) + kl_div(q, p), 1e-12)) AS psi_is_kl_both_ways,
       bool_and(hellinger(p, q) BETWEEN 0 AND 1 AND tvd(p, q) BETWEEN 0 AND 1
                AND js_distance(p, q, 2) BETWEEN 0 AND 1) AS bounded,
       -- Hellinger^2 <= TVD <= sqrt(2) Hellinger, Le Cam's inequalities
       bool_and(hellinger(p, q) ^ 2 <= tvd(p, q) * (1 + 1e-12)
                AND tvd(p, q) <= sqrt(2) * hellinger(p, q) * (1 + 1e-12)) AS le_cam
FROM pairs;

-- Nearly equal: no NaN and no negative value (SciPy issues 20083, 20779),
-- and the tiny values right (the reference test holds them to 1e-12).
SELECT js_distance(p, q) AS js_distance, hellinger(p, q) AS hellinger,
       psi(p, q) AS psi, tvd(p, q) AS tvd
FROM (VALUES ('{0.5,0.5}'::float8[], ARRAY[0.5 + 1e-12, 0.5 - 1e-12])) v(p, q);
SELECT js_distance('{1.0,0.0}', '{0.9999999999999999,1e-16}') > 0 AS scipy_20083_not_nan;

-- Counts and histograms: renormalize => true, as kl_div.
SELECT close_to(psi('{30,20}', '{25,25}', renormalize => true), psi('{0.6,0.4}', '{0.5,0.5}'), 1e-15) AS psi_counts,
       tvd('{30,20}', '{25,25}', renormalize => true) AS tvd_counts,
       close_to(hellinger('{3,1}', '{1,1}', renormalize => true), hellinger('{0.75,0.25}', '{0.5,0.5}'), 1e-15) AS hellinger_counts,
       js_distance('{2,0}', '{0,5}', 2, true) AS js_counts_bits;

-- NULL arrays give NULL, NaN gives NaN, NULL base and renormalize the defaults.
SELECT psi(NULL, '{1}') IS NULL AS psi_null, hellinger('{1}', NULL) IS NULL AS hellinger_null,
       js_distance('{0.5,0.5}', '{NaN,0.5}') AS js_nan, tvd('{NaN,1}', '{0,1}') AS tvd_nan,
       psi('{0.5,0.5}', '{0.4,0.6}', NULL, NULL) = psi('{0.5,0.5}', '{0.4,0.6}') AS defaults;

-- Every error, with its SQLSTATE: kl_div's checks.
SELECT q AS call, sqlstate_of(q) AS error FROM (VALUES
    ($$SELECT psi('{{0.5,0.5}}', '{0.5,0.5}')$$),
    ($$SELECT hellinger('{}', '{}')$$),
    ($$SELECT tvd('{0.5,0.5}', '{1}')$$),
    ($$SELECT js_distance('{0.5,NULL}', '{0.5,0.5}')$$),
    ($$SELECT psi('{0.5,0.5}', '{1.5,-0.5}')$$),
    ($$SELECT tvd('{0.5,Infinity}', '{0.5,0.5}')$$),
    ($$SELECT hellinger('{0.5,0.6}', '{0.5,0.5}')$$),
    ($$SELECT psi('{0.5,0.5}', '{0.5,0.5}', base => 1)$$),
    ($$SELECT js_distance('{0.5,0.5}', '{0.5,0.5}', base => -2)$$),
    ($$SELECT tvd('{0,0}', '{1,1}', renormalize => true)$$),
    ($$SELECT hellinger('{0.5,0.5}', '{0.5,0.5}', 2)$$)
) AS calls(q);

---------------------------------------------------------------------------
-- bin_counts(value, bounds): count k is of the rows whose
-- width_bucket(value, bounds) is k - 1.  Values with NULL, NaN, +-Infinity,
-- values on the bounds, and a duplicated bound (an empty bin).
CREATE TEMP TABLE vals AS
SELECT i % 3 AS g,
       CASE WHEN i % 50 = 0 THEN NULL
            WHEN i % 47 = 0 THEN 'NaN'
            WHEN i % 43 = 0 THEN 'Infinity'
            WHEN i % 41 = 0 THEN '-Infinity'
            WHEN i % 7 = 0 THEN (i % 5)::float8          -- on a bound
            ELSE random() * 6 - 1 END AS x
FROM generate_series(1, 5000) i;
CREATE TEMP TABLE by_width_bucket AS
SELECT g, array_agg(coalesce(c, 0)::float8 ORDER BY k) AS counts
FROM (SELECT DISTINCT g FROM vals) groups
CROSS JOIN generate_series(0, 6) k
LEFT JOIN (SELECT g, width_bucket(x, '{0,1,1,2,3,4}'::float8[]) AS k, count(*) AS c
           FROM vals WHERE x IS NOT NULL GROUP BY 1, 2) w USING (g, k)
GROUP BY g;
SELECT g, bin_counts(x, '{0,1,1,2,3,4}') AS counts,
       bin_counts(x, '{0,1,1,2,3,4}') = (SELECT counts FROM by_width_bucket w WHERE w.g = v.g) AS as_width_bucket
FROM vals v GROUP BY g ORDER BY g;
-- One bound; bounds from a column; infinite bounds; -0 is 0.
SELECT bin_counts(x, '{0}') AS one_bound,
       bin_counts(x, '{-Infinity,Infinity}') AS infinite_bounds,
       bin_counts(x, '{-0.0,1}') = bin_counts(x, '{0,1}') AS minus_zero
FROM (VALUES (-1.0), (0.0), (-0.0), (0.5), (1.0), ('-Infinity'), ('Infinity'), ('NaN')) v(x);
-- Over no rows (or only NULL values): NULL.
SELECT bin_counts(x, '{0,1}') IS NULL AS no_rows FROM (VALUES (NULL::float8)) v(x);

-- Bounds: one-dimensional, non-empty, no NULL, no NaN, ascending, and the
-- same in every row of a group.
SELECT q AS call, sqlstate_of(q) AS error FROM (VALUES
    ($$SELECT bin_counts(1, '{{0,1}}')$$),
    ($$SELECT bin_counts(1, '{}')$$),
    ($$SELECT bin_counts(1, '{0,NULL}')$$),
    ($$SELECT bin_counts(1, '{0,NaN}')$$),
    ($$SELECT bin_counts(1, '{1,0}')$$),
    ($$SELECT bin_counts(x, b) FROM (VALUES (1, '{0,1}'::float8[]), (2, '{0,2}')) v(x, b)$$),
    ($$SELECT bin_counts(x, b) FROM (VALUES (1, '{0,1}'::float8[]), (2, '{0,1,2}')) v(x, b)$$),
    ($$SELECT bin_counts_accum('{1,2}', 1, '{0}')$$),
    ($$SELECT bin_counts_final('{0,0,-1}')$$)
) AS calls(q);

-- In parallel: the combine function adds the workers' counts.
CREATE TABLE drift_rows AS
SELECT i % 4 AS day, (i * 7919 % 10000) / 1000.0 + CASE WHEN i % 4 = 3 THEN 1.5 ELSE 0 END AS x
FROM generate_series(1, 200000) i;
ANALYZE drift_rows;
CREATE TEMP TABLE serial_counts AS
SELECT bin_counts(x, '{1,2,3,4,5,6,7,8,9}') AS counts FROM drift_rows;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT bin_counts(x, '{1,2,3,4,5,6,7,8,9}') FROM drift_rows;
SELECT bin_counts(x, '{1,2,3,4,5,6,7,8,9}') = (SELECT counts FROM serial_counts) AS parallel_equals_serial,
       bin_counts(x, '{1,2,3,4,5,6,7,8,9}') AS counts
FROM drift_rows;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- The usual drift query: bounds from the reference window's deciles, each
-- day binned on them, and PSI (and JS distance) of each day against the
-- reference; day 3 has shifted.
WITH reference AS (
    SELECT percentile_cont(ARRAY[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
             WITHIN GROUP (ORDER BY x) AS bounds
    FROM drift_rows WHERE day = 0
), binned AS (
    SELECT day, bin_counts(x, bounds) AS counts
    FROM drift_rows, reference GROUP BY day
)
SELECT b.day, b.counts[1] AS first_bin,
       round(psi(r.counts, b.counts, renormalize => true)::numeric, 4) AS psi,
       -- an empty bin makes PSI infinite: half a row added to every bin
       -- (Jeffreys' smoothing) keeps it finite, and ranks the shift first
       round(psi(ARRAY(SELECT c + 0.5 FROM unnest(r.counts) WITH ORDINALITY u(c, k) ORDER BY k),
                 ARRAY(SELECT c + 0.5 FROM unnest(b.counts) WITH ORDINALITY u(c, k) ORDER BY k),
                 renormalize => true)::numeric, 4) AS psi_smoothed,
       round(js_distance(r.counts, b.counts, base => 2, renormalize => true)::numeric, 4) AS js_distance
FROM binned b, binned r WHERE r.day = 0 ORDER BY b.day;
DROP TABLE drift_rows;

-- Hellinger where the squares of the root differences underflow: the
-- terms are scaled by a power of two before they are squared, so the
-- distance keeps its digits (sqrt(2^-1075) is 1.5717e-162, not 0).
SELECT hellinger('{5e-324,1}', '{0,1}') AS smallest_subnormal,
       hellinger('{5e-324,1}', '{0,1}') = sqrt(2::float8) * 2 ^ -538 AS exact,
       hellinger('{1e-320,1}', '{0,1}') AS subnormal,
       close_to(hellinger('{1e-320,1}', '{0,1}'), sqrt(1e-320::float8) / sqrt(2::float8), 1e-15) AS subnormal_by_hand,
       hellinger('{2.2e-308,1}', '{2.2250738585072014e-308,1}') AS near_dbl_min,
       hellinger('{0.5,0.5}', '{0.5,0.5}') AS equal, hellinger('{1,0}', '{0,1}') AS disjoint;

-- js_distance in a base below 1 would be the root of a negative number:
-- 22023 (SciPy returns NaN), equal vectors included; a base above 1 is fine.
SELECT sqlstate_of($$SELECT js_distance('{0.5,0.5}', '{0.9,0.1}', 0.5)$$) AS base_half,
       sqlstate_of($$SELECT js_distance('{0.5,0.5}', '{0.5,0.5}', 1e-300)$$) AS base_tiny_equal,
       sqlstate_of($$SELECT js_distance('{0.5,0.5}', '{0.9,0.1}', 1)$$) AS base_one,
       js_distance('{0.5,0.5}', '{0.9,0.1}', 1.0000001) > 0 AS base_just_above_one,
       js_distance('{0.5,0.5}', '{0.9,0.1}', NULL) = js_distance('{0.5,0.5}', '{0.9,0.1}') AS null_base_natural;

-- bin_counts' support functions check every state they did not make
-- themselves as input would: bounds without NaN and ascending, counts
-- >= 0 (22023); a count past bigint's range is 22003 in the transition as
-- in the combine.  (4607182418800017408 is the bits of 1.0, 4611686018427387904
-- of 2.0, 9221120237041090560 of NaN.)
SELECT t, sqlstate_of(t) AS error
FROM (VALUES
    ($$SELECT bin_counts_accum('{4607182418800017408,9223372036854775807,0}', 0.5, '{1}')$$),
    ($$SELECT bin_counts_accum('{4607182418800017408,0,9223372036854775807}', 1.5, '{1}')$$),
    ($$SELECT bin_counts_accum('{4607182418800017408,9223372036854775806,0}', 0.5, '{1}')$$),
    ($$SELECT bin_counts_accum('{9221120237041090560,0,0}', 0.5, '{NaN}')$$),
    ($$SELECT bin_counts_accum('{4611686018427387904,4607182418800017408,0,0,0}', 0.5, '{2,1}')$$),
    ($$SELECT bin_counts_accum('{4607182418800017408,-1,0}', 0.5, '{1}')$$),
    ($$SELECT bin_counts_combine('{9221120237041090560,0,0}', '{9221120237041090560,0,0}')$$),
    ($$SELECT bin_counts_combine('{4607182418800017408,1,1}', '{4611686018427387904,4607182418800017408,0,0,0}')$$),
    ($$SELECT bin_counts_combine('{}', '{4607182418800017408,0,-1}')$$),
    ($$SELECT bin_counts_combine('{4607182418800017408,9223372036854775807,0}', '{4607182418800017408,1,0}')$$),
    ($$SELECT bin_counts_final('{4611686018427387904,4607182418800017408,0,0,0}')$$),
    ($$SELECT bin_counts_final('{9221120237041090560,0,0}')$$),
    ($$SELECT bin_counts_final('{4607182418800017408,0,-3}')$$)
) AS cases(t);

-- Combining two states, as a parallel plan or Citus does: the counts add
-- where the bounds agree, bit for bit (-0 equals 0, as a row's bounds
-- would); bounds that differ in a value or in their number are 22023, and
-- the empty state (no rows) is the identity on either side.
SELECT bin_counts_combine('{4607182418800017408,1,2}', '{4607182418800017408,3,4}') AS same_bounds,
       bin_counts_combine('{0,5,6}', '{-9223372036854775808,1,1}') AS zero_and_minus_zero,
       bin_counts_combine('{}', '{4607182418800017408,3,4}') AS empty_left,
       bin_counts_combine('{4607182418800017408,3,4}', '{}') AS empty_right,
       bin_counts_combine('{}', '{}') AS both_empty;
SELECT sqlstate_of($$SELECT bin_counts_combine('{4607182418800017408,1,2}', '{4611686018427387904,1,2}')$$) AS other_bound,
       sqlstate_of($$SELECT bin_counts_combine('{4607182418800017408,1,2}', '{4607182418800017408,4611686018427387904,1,2,3}')$$) AS more_bounds,
       sqlstate_of($$SELECT bin_counts_combine('{4607182418800017408,4611686018427387904,1,2,3}', '{4607182418800017408,1,2}')$$) AS fewer_bounds;
-- The combine is what a parallel plan's leader runs: its result is that
-- of the rows aggregated at once.
SELECT bin_counts_final(bin_counts_combine(
           bin_counts_accum(bin_counts_accum('{}', 0.1, '{0.25,0.5}'), 0.3, '{0.25,0.5}'),
           bin_counts_accum('{}', 0.7, '{0.25,0.5}'))) AS combined,
       (SELECT bin_counts(x, '{0.25,0.5}') FROM (VALUES (0.1), (0.3), (0.7)) v(x)) AS serial;
