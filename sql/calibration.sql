-- calibration_state: calibration_agg, rollup, ece, reliability and
-- brier_decomposition (xent 1.2).

-- A small table computed by hand: bins below and from 0.5.
--   bin 0: p 0.1, 0.2, 0.3 with y 0, 0, 1: p̄ 0.2, ȳ 1/3, gap 2/15
--   bin 1: p 0.6, 0.8, 0.7 with y 1, 1, 0: p̄ 0.7, ȳ 2/3, gap 1/30
-- l1 = (3 · 2/15 + 3 · 1/30) / 6 = 1/12; max = 2/15;
-- l2 = sqrt((4/225 + 1/900) / 2) = sqrt(17/1800);
-- reliability 17/1800, resolution (1/36 + 1/36) / 2 = 1/36, uncertainty 1/4.
CREATE TABLE hand (y float8, p float8, flag bool);
INSERT INTO hand VALUES (0, 0.1, false), (0, 0.2, false), (1, 0.3, true),
    (1, 0.6, true), (1, 0.8, true), (0, 0.7, false);
CREATE TABLE hand_state AS SELECT calibration_agg(y, p, '{0.5}') AS s FROM hand;
SELECT s FROM hand_state;
SELECT (reliability(s)).* FROM hand_state;
SELECT close_to(ece(s), 1/12.0, 1e-15) AS l1, close_to(ece(s, 'max'), 2/15.0, 1e-15) AS max,
       close_to(ece(s, 'l2'), sqrt(17/1800.0), 1e-15) AS l2
FROM hand_state;
SELECT close_to(reliability, 17/1800.0, 1e-13) AS reliability,
       close_to(resolution, 1/36.0, 1e-13) AS resolution,
       close_to(uncertainty, 0.25, 1e-13) AS uncertainty
FROM hand_state, brier_decomposition(s);
-- Boolean labels give the same state.
SELECT calibration_agg(flag, p, '{0.5}')::text = (SELECT s::text FROM hand_state) AS same
FROM hand;

-- Binning is width_bucket's: values on a bound go above it, equal bounds
-- leave an empty bin, 0 and 1 land in the outer bins.
SELECT bin, lower, upper, rows, (SELECT count(*) FROM (VALUES (0.0), (0.2), (0.2), (0.5), (1.0)) v(x)
                                 WHERE width_bucket(x::float8, '{0.2,0.5,0.5}'::float8[]) = bin) AS width_bucket_rows
FROM reliability((SELECT calibration_agg(0.5, x::float8, '{0.2,0.5,0.5}')
                  FROM (VALUES (0.0), (0.2), (0.2), (0.5), (1.0)) v(x)));

-- Weights: weight 2 counts as the row twice; weight 0 only as a row.
SELECT (reliability(calibration_agg(y, p, '{0.5}', w))).*
FROM (VALUES (1.0, 0.4, 2.0), (0.0, 0.4, 1.0), (1.0, 0.9, 0.0), (1.0, 0.8, 1.0)) v(y, p, w);
-- Rows with a NULL input are skipped; no rows: NULL.
SELECT calibration_agg(y, p, '{0.5}') IS NULL AS none FROM hand WHERE false;
SELECT calibration_agg(y, p, b) IS NULL AS none
FROM (VALUES (NULL::float8, 0.5::float8, '{0.5}'::float8[]), (1, NULL, '{0.5}'), (1, 0.5, NULL)) v(y, p, b);
SELECT ece(calibration_agg(y, p, '{0.5}', w)) AS zero_weight_is_null
FROM (VALUES (1.0, 0.4, 0.0)) v(y, p, w);

-- NaN anywhere: every accessor NaN, reliability's numbers NaN.
SELECT ece(s), ece(s, 'l2'), ece(s, 'max'), (brier_decomposition(s)).*
FROM (SELECT calibration_agg(y, p, '{0.5}', w) AS s
      FROM (VALUES (1.0, 0.4, 1.0), (1.0, 'NaN', 1.0)) v(y, p, w)) t;
SELECT (reliability(calibration_agg(y, p, '{0.5}', w))).*
FROM (VALUES (1.0, 0.4, 'NaN'), (1.0, 0.9, 1.0)) v(y, p, w);

-- Top-label calibration: confidence max(probs), hit when label is the first maximum.
SELECT (reliability(calibration_agg(label, probs, '{0.5}'))).*
FROM (VALUES (1::bigint, '{0.4,0.4,0.2}'::float8[]), (2, '{0.4,0.4,0.2}'),
             (3, '{0.1,0.1,0.8}'), (1, '[0:2]={0.9,0.05,0.05}')) v(label, probs);
SELECT ece(calibration_agg(label, probs, '{0.5}', 2.0)) = ece(calibration_agg(label, probs, '{0.5}'))
FROM (VALUES (1::bigint, '{0.4,0.4,0.2}'::float8[]), (3, '{0.1,0.1,0.8}')) v(label, probs);
SELECT ece(calibration_agg(1::bigint, '{0.5,NaN}'::float8[], '{0.5}')) AS nan_probs;
-- A tie is a hit for the first maximum only.
SELECT mean_label FROM reliability((SELECT calibration_agg(1::bigint, '{0.4,0.4,0.2}'::float8[], '{0.5}')));
SELECT mean_label FROM reliability((SELECT calibration_agg(2::bigint, '{0.4,0.4,0.2}'::float8[], '{0.5}')));
-- A weighted row adds w p exactly: 3 times the double 0.1 is
-- 0.3000000000000000166533453693773481063544750213623046875, the sum of
-- the rounded product and its error.
SELECT calibration_agg(1, 0.1, '{0.5}', 3) AS exact_product;

-- Every error, with its SQLSTATE.
SELECT q, sqlstate_of(q) FROM unnest(ARRAY[
    $$SELECT calibration_agg(1.5, 0.5, '{0.5}')$$,
    $$SELECT calibration_agg(1, 1.5, '{0.5}')$$,
    $$SELECT calibration_agg(1, -0.1, '{0.5}')$$,
    $$SELECT calibration_agg(1, 0.5, '{0.5}', -1)$$,
    $$SELECT calibration_agg(1, 0.5, '{0.5}', 'Infinity')$$,
    $$SELECT calibration_agg(1, 0.5, '{}')$$,
    $$SELECT calibration_agg(1, 0.5, '{{0.5}}')$$,
    $$SELECT calibration_agg(1, 0.5, '{0.5,NULL}')$$,
    $$SELECT calibration_agg(1, 0.5, '{0.5,NaN}')$$,
    $$SELECT calibration_agg(1, 0.5, '{0.5,0.4}')$$,
    $$SELECT calibration_agg(1, 0.5, array_fill(0.5::float8, ARRAY[1001]))$$,
    $$SELECT calibration_agg(1, 0.5, b) FROM (VALUES ('{0.5}'::float8[]), ('{0.6}')) v(b)$$,
    $$SELECT calibration_agg(1, 0.5, b) FROM (VALUES ('{0.5}'::float8[]), ('{0.5,0.6}')) v(b)$$,
    $$SELECT calibration_agg(4::bigint, '{0.5,0.5}'::float8[], '{0.5}')$$,
    $$SELECT calibration_agg(1::bigint, '{0.5,-0.5,1}'::float8[], '{0.5}')$$,
    $$SELECT calibration_agg(1::bigint, '{0.5,0.6}'::float8[], '{0.5}')$$,
    $$SELECT calibration_agg(1::bigint, '{{0.5,0.5}}'::float8[], '{0.5}')$$,
    $$SELECT ece(s, 'l3') FROM hand_state$$,
    $$SELECT rollup(s) FROM (SELECT calibration_agg(1, 0.5, '{0.5}') UNION ALL SELECT calibration_agg(1, 0.5, '{0.6}')) v(s)$$,
    $$SELECT calibration_state_retract(calibration_agg(1, 0.5, '{0.5}'), calibration_agg(1, 0.2, '{0.5}'))$$,
    $$SELECT calibration_agg_retract(calibration_agg(1, 0.5, '{0.5}'), 0, 0.7, '{0.5}')$$,
    $$SELECT calibration_agg_retract(NULL, 0, 0.7, '{0.5}')$$
]) AS q;

-- Text and binary forms: exact, versioned, and input rejects what no rows make.
SET extra_float_digits = -15;
SELECT s::text::calibration_state::text = (SELECT s::text FROM hand_state) AS exact_whatever_digits
FROM hand_state;
RESET extra_float_digits;
SELECT '(v1,2,0,-inf,0x1p-1,1,0x1p+0,0x1p-3,0,1,0x1p+0,0x1p-1,0x1p+0,0,0,0,0)'::calibration_state AS infinite_bound;
SELECT q, sqlstate_of(q) FROM unnest(ARRAY[
    $$SELECT '(v2,1,0,0x1p-1,0,0,0,0,0,0,0,0)'::calibration_state$$,
    $$SELECT '(v1,1,0,0x1p-1,0,0,0,0,0,0,0)'::calibration_state$$,
    $$SELECT '(v1,0,0)'::calibration_state$$,
    $$SELECT '(v1,1001,0)'::calibration_state$$,
    $$SELECT '(v1,2,0,0x1p-1,0x1p-2,0,0,0,0,0,0,0,0,0,0,0,0)'::calibration_state$$,
    $$SELECT '(v1,1,0,nan,0,0,0,0,0,0,0,0)'::calibration_state$$,
    $$SELECT '(v1,1,0,0x1p-1,0,0x1p+0,0,0,0,0,0,0)'::calibration_state$$,
    $$SELECT '(v1,1,0,0x1p-1,1,0x1p+0,0x1p+1,0,0,0,0,0)'::calibration_state$$,
    $$SELECT '(v1,1,0,0x1p-1,1,0x1p+0,0,0x3p-1,0,0,0,0)'::calibration_state$$,
    $$SELECT '(v1,1,0,0x1p-1,1,-0x1p+0,0,0,0,0,0,0)'::calibration_state$$,
    $$SELECT '(v1,1,1,0x1p-1,0,0,0,0,0,0,0,0)'::calibration_state$$,
    $$SELECT '(v1,1,0,0x1p-1,-1,0,0,0,0,0,0,0)'::calibration_state$$,
    $$SELECT '(v1,1,0,0x1p-1,1,1,1,1,0,0,0,0) x'::calibration_state$$
]) AS q;
-- The binary form.
CREATE TABLE sent AS SELECT calibration_state_send(s) AS b FROM hand_state;
SELECT encode(b, 'hex') FROM sent;

-- Rollup = the rows aggregated at once, bit for bit; and a moving window.
SELECT setseed(0.16);
CREATE TABLE cal_scored AS
SELECT i % 24 AS hour, (random() < 0.3)::int::float8 AS y, random() AS p,
       random() * 3 AS w, 1 + (i % 3) AS class, ARRAY[a, b, 1 - a - b] AS q
FROM (SELECT i, 0.5 * random() AS a, 0.5 * random() AS b
      FROM generate_series(1, 30000) i) draws;
ANALYZE cal_scored;
CREATE TABLE cal_hourly AS
SELECT hour, calibration_agg(y, p, '{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}', w) AS s,
       calibration_agg(class, q, '{0.4,0.5,0.6}') AS top
FROM cal_scored GROUP BY hour;
SELECT (SELECT rollup(s)::text FROM cal_hourly)
       = (SELECT calibration_agg(y, p, '{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}', w)::text FROM cal_scored) AS rollup_is_direct,
       (SELECT rollup(top)::text FROM cal_hourly)
       = (SELECT calibration_agg(class, q, '{0.4,0.5,0.6}')::text FROM cal_scored) AS top_rollup_is_direct;
-- Window frames: the inverse leaves no trace.
SELECT bool_and(moving = direct) AS windows_exact FROM (
    SELECT rollup(s) OVER (ORDER BY hour ROWS 3 PRECEDING)::text AS moving,
           (SELECT rollup(h2.s)::text FROM cal_hourly h2 WHERE h2.hour BETWEEN h.hour - 3 AND h.hour) AS direct
    FROM cal_hourly h) t;
SELECT bool_and(moving = direct) AS row_windows_exact FROM (
    SELECT calibration_agg(y, p, '{0.3,0.6}', w) OVER (ORDER BY hour, p ROWS 50 PRECEDING)::text AS moving,
           row_number() OVER (ORDER BY hour, p) AS n, hour, p
    FROM cal_scored WHERE hour < 2) m
JOIN LATERAL (
    SELECT calibration_agg(y, p, '{0.3,0.6}', w)::text AS direct FROM (
        SELECT y, p, w, row_number() OVER (ORDER BY hour, p) AS n FROM cal_scored WHERE hour < 2) r
    WHERE r.n BETWEEN m.n - 50 AND m.n) d ON true;

-- Against the exact numeric reference, over the rows.
WITH bins AS (
    SELECT width_bucket(p, '{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}'::float8[]) AS k,
           sum(w::numeric) AS wk, sum(w::numeric * p::numeric) AS pk, sum(w::numeric * y::numeric) AS yk
    FROM cal_scored GROUP BY 1),
tot AS (SELECT sum(wk) AS w, sum(yk) AS yt FROM bins),
ref AS (
    SELECT sum(abs(pk - yk)) / w AS l1,
           sqrt(sum((pk - yk) ^ 2 / wk) / w) AS l2,
           max(abs(pk - yk) / wk) AS mx,
           sum((pk - yk) ^ 2 / wk) / w AS rel,
           sum(wk * (yk / wk - yt / w) ^ 2) / w AS res,
           (yt / w) * (1 - yt / w) AS unc
    FROM bins, tot GROUP BY w, yt)
SELECT close_to(ece(s), l1::float8, 1e-15) AS l1, close_to(ece(s, 'l2'), l2::float8, 1e-15) AS l2,
       close_to(ece(s, 'max'), mx::float8, 1e-15) AS max,
       close_to(d.reliability, rel::float8, 1e-13) AS reliability,
       close_to(d.resolution, res::float8, 1e-13) AS resolution,
       close_to(d.uncertainty, unc::float8, 1e-13) AS uncertainty
FROM ref, (SELECT rollup(s) AS s FROM cal_hourly) r, brier_decomposition(s) d;
-- reliability()'s means against numeric.
SELECT bool_and(close_to(r.mean_prob, (b.pk / b.wk)::float8, 1e-15)
                AND close_to(r.mean_label, (b.yk / b.wk)::float8, 1e-15)
                AND r.rows = b.n) AS means_exact
FROM reliability((SELECT rollup(s) FROM cal_hourly)) r
JOIN (SELECT width_bucket(p, '{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}'::float8[]) AS k, count(*) AS n,
             sum(w::numeric) AS wk, sum(w::numeric * p::numeric) AS pk, sum(w::numeric * y::numeric) AS yk
      FROM cal_scored GROUP BY 1) b ON b.k = r.bin;
-- Brier identity: labels 0/1 and equal predictions within a bin.
SELECT close_to(reliability - resolution + uncertainty,
                (SELECT avg((y - round(p * 10) / 10) ^ 2) FROM cal_scored), 1e-13) AS murphy
FROM brier_decomposition((SELECT calibration_agg(y, round(p * 10) / 10, '{0.05,0.15,0.25,0.35,0.45,0.55,0.65,0.75,0.85,0.95}') FROM cal_scored));

-- Parallel plans give the cal_serial plan's bits.
CREATE TEMP TABLE cal_serial AS
SELECT calibration_agg(y, p, '{0.25,0.5,0.75}', w)::text AS s,
       calibration_agg(class, q, '{0.5}')::text AS top FROM cal_scored;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT calibration_agg(y, p, '{0.25,0.5,0.75}', w) FROM cal_scored;
SELECT calibration_agg(y, p, '{0.25,0.5,0.75}', w)::text = (SELECT s FROM cal_serial) AS parallel_same,
       calibration_agg(class, q, '{0.5}')::text = (SELECT top FROM cal_serial) AS top_parallel_same
FROM cal_scored;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- Golden states of format v1 (golden/calibration_state-v1.*) read back the same.
CREATE TABLE golden_text (name text, state calibration_state);
\copy golden_text FROM PROGRAM 'cat "$PG_ABS_SRCDIR/golden/calibration_state-v1.txt"'
CREATE TABLE golden_binary (name text, state calibration_state);
\copy golden_binary FROM PROGRAM 'cat "$PG_ABS_SRCDIR/golden/calibration_state-v1.bin"' (FORMAT binary)
SELECT t.name, t.state::text = b.state::text AS same, ece(t.state)::text AS l1,
       ece(t.state, 'l2')::text AS l2, ece(t.state, 'max')::text AS max,
       (brier_decomposition(t.state)).*
FROM golden_text t JOIN golden_binary b USING (name) ORDER BY t.name;

DROP TABLE hand, hand_state, sent, cal_scored, cal_hourly, golden_text, golden_binary;
