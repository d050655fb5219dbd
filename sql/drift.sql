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
