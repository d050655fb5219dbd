-- Comparing histograms (xent 1.2): auc, ks, wasserstein, chi2, empty_bins,
-- smooth, and sum_counts, the exact roll-up of histograms.

-- References in numeric, over the counts' exact values (x::text::numeric
-- reads a double's shortest round-trip digits).
CREATE FUNCTION exact(x float8) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$ SELECT x::text::numeric $$;
-- x within rel of the numeric reference ref.
CREATE FUNCTION near(x float8, ref numeric, rel numeric DEFAULT 1e-15)
RETURNS bool LANGUAGE sql IMMUTABLE AS $$
    SELECT abs(exact(x) - ref) <= rel * abs(ref)
$$;
-- Counts with their cumulative sums (through and before each bin) and totals.
CREATE FUNCTION cum(p float8[], q float8[])
RETURNS TABLE (k bigint, pk numeric, qk numeric, sp numeric, sq numeric,
               sq_before numeric, tp numeric, tq numeric)
LANGUAGE sql IMMUTABLE AS $$
    SELECT k, pk, qk, sum(pk) OVER w, sum(qk) OVER w, sum(qk) OVER w - qk,
           sum(pk) OVER (), sum(qk) OVER ()
    FROM (SELECT k, exact(x) AS pk, exact(y) AS qk
          FROM unnest(p, q) WITH ORDINALITY AS u(x, y, k)) c
    WINDOW w AS (ORDER BY k)
$$;
CREATE FUNCTION num_auc(p float8[], q float8[]) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT sum(pk * (sq_before + qk / 2)) / (max(tp) * max(tq)) FROM cum(p, q)
$$;
CREATE FUNCTION num_ks(p float8[], q float8[]) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT max(abs(sp / tp - sq / tq)) FROM cum(p, q)
$$;
CREATE FUNCTION num_chi2(p float8[], q float8[]) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    -- Pearson's sum of (observed - expected)^2 / expected over both rows.
    SELECT sum((pk - tp * (pk + qk) / (tp + tq)) ^ 2 / (tp * (pk + qk) / (tp + tq))
             + (qk - tq * (pk + qk) / (tp + tq)) ^ 2 / (tq * (pk + qk) / (tp + tq)))
    FROM cum(p, q) WHERE pk + qk > 0
$$;
CREATE FUNCTION num_wasserstein(p float8[], q float8[], bounds float8[]) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    WITH b AS (SELECT k, exact(x) AS x FROM unnest(bounds) WITH ORDINALITY u(x, k)),
         n AS (SELECT count(*) AS n FROM b),
         -- c_0 = bounds[1], c_k the midpoints, c_n = bounds[n]
         c AS (SELECT 0 AS k, x AS c FROM b WHERE k = 1
               UNION ALL SELECT b1.k, (b1.x + b2.x) / 2 FROM b b1 JOIN b b2 ON b2.k = b1.k + 1
               UNION ALL SELECT n, x FROM b, n WHERE k = n)
    SELECT sum(abs(sp / tp - sq / tq) * (c2.c - c1.c))
    FROM cum(p, q) f JOIN c c1 ON c1.k = f.k - 1 JOIN c c2 ON c2.k = f.k
$$;

-- By hand.  A score in bins scored 1, 2, 3: positives (0, 1, 3), negatives
-- (2, 1, 0).  Of the 4 x 3 pairs the positive ranks higher in 11 and ties
-- in 1: AUC = 11.5 / 12, as scikit-learn's roc_auc_score of y = [1, 1, 1, 1,
-- 0, 0, 0] and scores [2, 3, 3, 3, 1, 1, 2] gives it.
SELECT auc('{0,1,3}', '{2,1,0}') AS auc,
       near(auc('{0,1,3}', '{2,1,0}'), 11.5 / 12) AS auc_by_hand,
       auc('{1,0}', '{0,1}') AS perfect, auc('{0,1}', '{1,0}') AS inverted,
       auc('{3}', '{5}') AS one_bin_ties;
-- Each numerator and denominator is rounded once from its exact value: the
-- numerator 2^54 + 2 + 2^-99 rounds up to 2^54 + 4 (its low bits break the
-- tie), over the denominator 2 (2^53 + 2) rounded once, so AUC is 1 to
-- the double.
SELECT auc('{0,0,0,1}', ARRAY[2::float8 ^ 53, 2::float8 ^ -100, 0, 2]) AS auc_rounded_once;
-- KS: cumulative shares (1/3, 1) against (2/3, 1).  Wasserstein over bounds
-- {0, 10}: all of p at the point 0, all of q at the point 10.
SELECT ks('{1,2}', '{2,1}') AS ks, near(ks('{1,2}', '{2,1}'), 1 / 3.0) AS ks_by_hand,
       wasserstein('{1,0,0}', '{0,0,1}', '{0,10}') AS moved_all,
       wasserstein('{1,2,3}', '{3,2,1}', '{0,1}') AS w,
       -- points 0, 0.5, 1; gaps 2/6 and 2/6, each moved 0.5
       near(wasserstein('{1,2,3}', '{3,2,1}', '{0,1}'), 1 / 3.0) AS w_by_hand,
       wasserstein('{1,2}', '{2,1}', '{5}') AS one_bound_is_0;
-- chi2 of the table [[10, 20, 30], [20, 20, 10]]: SciPy's
-- chi2_contingency(..., correction=False) statistic, 451/36 by hand.
SELECT chi2('{10,20,30}', '{20,20,10}') AS chi2,
       near(chi2('{10,20,30}', '{20,20,10}'), 451 / 36.0) AS chi2_by_hand,
       chi2('{10,20,30,0}', '{20,20,10,0}') = chi2('{10,20,30}', '{20,20,10}') AS empty_on_both_sides_adds_0,
       chi2('{1,2,3}', '{2,4,6}') AS proportional;
SELECT empty_bins('{0,1,2,0}', '{1,0,2,0}') AS two, empty_bins('{1,2}', '{3,4}') AS none,
       smooth('{0,1,2}', 0.5) AS smoothed, smooth('[0:1]={0,1}', 0) AS as_given;

-- Where either side is all zeros: NULL (auc: either class empty).  A NULL
-- argument: NULL.  NaN anywhere: NaN.
SELECT ks('{0,0}', '{1,2}') IS NULL AS ks, chi2('{1,2}', '{0,0}') IS NULL AS chi2,
       wasserstein('{0,0}', '{1,2}', '{1}') IS NULL AS wasserstein,
       auc('{0,0}', '{1,2}') IS NULL AS auc_no_positives, auc('{1,2}', '{0,0}') IS NULL AS auc_no_negatives,
       ks(NULL, '{1}') IS NULL AS null_arg, wasserstein('{1,2}', '{1,2}', NULL) IS NULL AS null_bounds,
       smooth('{1}', NULL) IS NULL AS null_pseudocount;
SELECT ks('{NaN,1}', '{1,2}') AS ks, auc('{1,2}', '{1,NaN}') AS auc, chi2('{NaN}', '{1}') AS chi2,
       wasserstein('{1,NaN}', '{1,2}', '{0}') AS w, smooth('{NaN,1}', 1) AS smoothed,
       empty_bins('{NaN,0}', '{0,0}') AS nan_is_not_empty;
-- real[] through the support function, and any lower bound.
SELECT ks('{1,2}'::real[], '{2,1}'::real[]) = ks('{1,2}', '{2,1}') AS real_arrays,
       chi2('[0:2]={10,20,30}', '{20,20,10}') = chi2('{10,20,30}', '{20,20,10}') AS lower_bound;

-- Every error.
SELECT sqlstate_of(q) FROM unnest(ARRAY[
    $$SELECT ks('{{1,2}}', '{1,2}')$$,
    $$SELECT ks('{}', '{}')$$,
    $$SELECT ks('{1,2}', '{1,2,3}')$$,
    $$SELECT ks('{1,NULL}', '{1,2}')$$,
    $$SELECT ks('{1,-1}', '{1,2}')$$,
    $$SELECT ks('{1,2}', '{1,Infinity}')$$,
    $$SELECT auc('{1,-2}', '{1,2}')$$,
    $$SELECT auc('{1,2}', '{{1,2}}')$$,
    $$SELECT auc('{1}', '{1,2}')$$,
    $$SELECT chi2('{1,2}', '{-Infinity,2}')$$,
    $$SELECT chi2('{1,2}', '{NULL,2}')$$,
    $$SELECT chi2('{}', '{1}')$$,
    $$SELECT empty_bins('{1,-0.5}', '{1,2}')$$,
    $$SELECT empty_bins('{1}', '{1,2}')$$,
    $$SELECT empty_bins('{{1}}', '{1}')$$,
    $$SELECT wasserstein('{1,2}', '{1,2}', '{NaN}')$$,
    $$SELECT wasserstein('{1,2,3}', '{1,2,3}', '{2,1}')$$,
    $$SELECT wasserstein('{1,2}', '{1,2}', '{NULL}')$$,
    $$SELECT wasserstein('{1,2}', '{1,2}', '{{1}}')$$,
    $$SELECT wasserstein('{1,2}', '{1,2}', '{}')$$,
    $$SELECT wasserstein('{1,2,3}', '{1,2,3}', '{1}')$$,
    $$SELECT wasserstein('{1,2}', '{1,-2}', '{1}')$$,
    $$SELECT smooth('{1,2}', -1)$$,
    $$SELECT smooth('{1,2}', 'Infinity')$$,
    $$SELECT smooth('{1,2}', 'NaN')$$,
    $$SELECT smooth('{-1,2}', 1)$$,
    $$SELECT smooth('{1e308,2}', 1e308)$$,
    $$SELECT smooth('{}', 1)$$
]) AS q;

-- Exact references on random counts: integers with empty bins, and
-- fractions (smoothed or weighted counts), on 2 to 40 bins.
SELECT setseed(0.17);
CREATE TEMP TABLE hists AS
SELECT i, p, q, b
FROM generate_series(1, 60) i,
LATERAL (SELECT array_agg(CASE WHEN i % 2 = 0 THEN floor(random() * 4)
                               ELSE round(random()::numeric, 3)::float8 END ORDER BY k) AS p,
                array_agg(CASE WHEN i % 2 = 0 THEN floor(random() * 4)
                               ELSE round(random()::numeric, 3)::float8 END ORDER BY k) AS q
         FROM generate_series(1, 2 + i % 39) k WHERE i > 0) h,
LATERAL (SELECT array_agg(round((k + random())::numeric, 2)::float8 ORDER BY k) AS b
         FROM generate_series(1, 1 + i % 39) k WHERE i > 0) bb;
SELECT count(*) AS pairs,
       bool_and(auc(p, q) IS NULL OR near(auc(p, q), num_auc(p, q))) AS auc,
       bool_and(ks(p, q) IS NULL OR near(ks(p, q), num_ks(p, q))
                OR (ks(p, q) = 0 AND num_ks(p, q) = 0)) AS ks,
       bool_and(chi2(p, q) IS NULL OR near(chi2(p, q), num_chi2(p, q))
                OR (chi2(p, q) = 0 AND num_chi2(p, q) = 0)) AS chi2,
       bool_and(wasserstein(p, q, b) IS NULL OR near(wasserstein(p, q, b), num_wasserstein(p, q, b))
                OR (wasserstein(p, q, b) = 0 AND num_wasserstein(p, q, b) = 0)) AS wasserstein,
       count(*) FILTER (WHERE ks(p, q) IS NULL) AS with_null
FROM hists;

-- Identities on the same data.
SELECT bool_and(ks(p, p) = 0 OR ks(p, p) IS NULL) AS ks_self_0,
       bool_and(ks(p, smooth(p, 0)) IS NOT DISTINCT FROM ks(p, p)) AS smooth_0_is_identity,
       -- integer counts times 3 are exact, and so proportional
       bool_and(ks(p, ARRAY(SELECT 3 * x FROM unnest(p) x)) = 0) FILTER (WHERE i % 2 = 0) AS ks_scaled_exactly_0,
       bool_and(chi2(p, ARRAY(SELECT 3 * x FROM unnest(p) x)) = 0) FILTER (WHERE i % 2 = 0) AS chi2_scaled_exactly_0,
       bool_and(abs(auc(p, q) + auc(q, p) - 1) <= 1e-15) AS auc_symmetry,
       bool_and(wasserstein(p, q, b) IS NOT DISTINCT FROM wasserstein(q, p, b)) AS w_symmetric,
       bool_and(ks(p, q) IS NOT DISTINCT FROM ks(q, p)) AS ks_symmetric,
       bool_and(chi2(p, q) IS NOT DISTINCT FROM chi2(q, p)) AS chi2_symmetric,
       bool_and(empty_bins(p, q) = empty_bins(q, p)) AS empty_bins_symmetric
FROM hists WHERE p <> '{0,0}';
-- Where an empty bin makes psi Infinity, Jeffreys smoothing keeps it finite,
-- and empty_bins counts why.
SELECT count(*) AS infinite_psi,
       bool_and(empty_bins(p, q) > 0) AS alarmed,
       bool_and(psi(smooth(p, 0.5), smooth(q, 0.5), renormalize => true) < 'Infinity') AS smoothed_finite
FROM (SELECT p, q FROM hists
      WHERE i % 2 = 0 AND (SELECT sum(x) FROM unnest(p) x) > 0
        AND (SELECT sum(x) FROM unnest(q) x) > 0 OFFSET 0) nonzero
WHERE psi(p, q, renormalize => true) = 'Infinity';

-- sum_counts: element-wise and exact; NULL over no rows; NULL rows skipped.
SELECT sum_counts(c) FROM (VALUES ('{1,2.5,0.1}'::float8[]), (NULL), ('{2,3,0.2}')) t(c);
SELECT sum_counts(c) IS NULL AS no_rows FROM (VALUES ('{1}'::float8[])) t(c) WHERE false;
-- A thousand rows of the double 0.1: the exact sum, rounded once, is 100;
-- float8 arithmetic drifts.  Two of the least subnormal sum exactly too.
SELECT sum_counts(ARRAY[0.1::float8]) AS exact_tenths,
       sum_counts(ARRAY[0.1::float8]) = ARRAY[(1000 * 0.1000000000000000055511151231257827021181583404541015625)::float8] AS by_numeric,
       sum(0.1::float8) AS float8_tenths
FROM generate_series(1, 1000);
SELECT sum_counts(c) = '{1e-323}' AS subnormals
FROM (VALUES ('{5e-324}'::float8[]), ('{5e-324}')) t(c);
SELECT left(sqlstate_of($$SELECT sum_counts(c) FROM (VALUES ('{1e308}'::float8[]), ('{1e308}')) t(c)$$), 5) AS beyond_range;

-- Hourly bin_counts rolled up into days equal bin_counts over the days' rows.
CREATE TEMP TABLE scores AS
SELECT timestamp '2025-01-01' + i * interval '7 minutes' AS ts, (i * 0.6180339887) % 1 AS score
FROM generate_series(1, 2000) i;
CREATE TEMP TABLE hourly AS
SELECT date_trunc('hour', ts) AS hour, bin_counts(score, '{0.1,0.25,0.5,0.75,0.9}') AS counts
FROM scores GROUP BY 1;
SELECT count(*) AS days,
       bool_and(d.counts = r.counts) AS rollup_equals_direct
FROM (SELECT date_trunc('day', hour) AS day, sum_counts(counts) AS counts FROM hourly GROUP BY 1) d
JOIN (SELECT date_trunc('day', ts) AS day, bin_counts(score, '{0.1,0.25,0.5,0.75,0.9}') AS counts
      FROM scores GROUP BY 1) r USING (day);

-- Parallel = serial, with fractional counts (a table of its own: a
-- temporary one is never scanned in parallel).
CREATE TABLE histogram_rows AS
SELECT g % 7 AS grp, ARRAY[random(), floor(random() * 5), random() * 1e-3] AS c
FROM generate_series(1, 30000) g;
ANALYZE histogram_rows;
CREATE TEMP TABLE serial AS SELECT grp, sum_counts(c) AS s FROM histogram_rows GROUP BY grp;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT grp, sum_counts(c) FROM histogram_rows GROUP BY grp;
SELECT count(*) AS groups, bool_and(p.s = s.s) AS parallel_equals_serial
FROM (SELECT grp, sum_counts(c) AS s FROM histogram_rows GROUP BY grp) p JOIN serial s USING (grp);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
DROP TABLE histogram_rows;

-- Errors of sum_counts, and states not of its making (a direct call).
SELECT sqlstate_of(q) FROM unnest(ARRAY[
    $$SELECT sum_counts(c) FROM (VALUES ('{1,2}'::float8[]), ('{1}')) t(c)$$,
    $$SELECT sum_counts(c) FROM (VALUES ('{1,-2}'::float8[])) t(c)$$,
    $$SELECT sum_counts(c) FROM (VALUES ('{1,Infinity}'::float8[])) t(c)$$,
    $$SELECT sum_counts(c) FROM (VALUES ('{1,NULL}'::float8[])) t(c)$$,
    $$SELECT sum_counts(c) FROM (VALUES ('{{1,2}}'::float8[])) t(c)$$,
    $$SELECT sum_counts(c) FROM (VALUES ('{}'::float8[])) t(c)$$,
    $$SELECT sum_counts_accum('{-1}', '{1}')$$,
    $$SELECT sum_counts_accum('{Infinity}', '{1}')$$,
    $$SELECT sum_counts_accum('{NULL}', '{1}')$$,
    $$SELECT sum_counts_accum('{{1}}', '{1}')$$,
    $$SELECT sum_counts_combine('{1}', '{1,2}')$$,
    $$SELECT sum_counts_combine('{1}', '{-0.5}')$$,
    $$SELECT sum_counts_final('{-Infinity}')$$
]) AS q;
SELECT sum_counts_accum('{0.5}', '{0.25}') AS direct,
       sum_counts_combine('{}', '{1.5}') AS with_empty,
       sum_counts_final('{NaN,2}') AS nan_state,
       sum_counts_final('{}') IS NULL AS no_rows;
