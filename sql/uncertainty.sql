-- Error bars (xent 1.2): loss_state format v2 keeps sum w^2 and sum w*l^2
-- exactly, for loss_variance and std_error; and nll_agg, a loss_state
-- aggregate of token log-probabilities whose rows keep no moment.
SET extra_float_digits = 0;

-- A double's exact value as numeric (x::numeric keeps only 15 digits):
-- mantissa times 2^e, 2^-k written as 5^k * 10^-k.
CREATE FUNCTION exact_numeric(x float8) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT sign(x)::numeric * m * CASE WHEN e >= 0 THEN power(2::numeric, e)
                                       ELSE power(5::numeric, -e) * ('1e' || e)::numeric END
    FROM (SELECT (bits & 4503599627370495) + CASE WHEN ex > 0 THEN 4503599627370496 ELSE 0 END AS m,
                 greatest(ex, 1) - 1075 AS e
          FROM (SELECT bits, ((bits >> 52) & 2047)::int AS ex
                FROM (SELECT ('x' || encode(float8send(x), 'hex'))::bit(64)::bigint AS bits) b) c) d
$$;
-- The exact numeric reference: weighted sample variance and standard error.
CREATE FUNCTION ref_variance(l float8[], w float8[]) RETURNS TABLE (variance numeric, std_error numeric)
LANGUAGE sql IMMUTABLE AS $$
    WITH r AS (SELECT exact_numeric(x) AS x, exact_numeric(y) AS w FROM unnest(l, w) AS u(x, y)),
         s AS (SELECT sum(w) AS s0, sum(w * x) AS s1, sum(w * x * x) AS s2, sum(w * w) AS q FROM r)
    SELECT round((s0 * s2 - s1 * s1) / (s0 * s0 - q), 400),
           sqrt(round((s0 * s2 - s1 * s1) / (s0 * s0 - q), 400) * q / (s0 * s0))
    FROM s
$$;

SELECT exact_numeric(0.1::float8) = 0.1000000000000000055511151231257827021181583404541015625 AS exact_reference;

-- Hand values: {1, 2, 4} has mean 7/3, variance 7/3, standard error sqrt(7/9).
SELECT mean(s), loss_variance(s), std_error(s), std_error(s) = sqrt(7.0::float8 / 9) AS se_is_sqrt_7_9
FROM (SELECT loss_agg(x) AS s FROM (VALUES (1.0::float8), (2), (4)) t(x)) q;
-- Weighted: weights 2, 1, 0.5 on 1, 2, 4 (a weight of 2 is not two rows:
-- the denominator is sum w - sum w^2 / sum w).
SELECT loss_variance(s) AS variance, std_error(s),
       close_to(loss_variance(s), (SELECT variance FROM ref_variance('{1,2,4}', '{2,1,0.5}'))::float8, 1e-15) AS variance_exact,
       close_to(std_error(s), (SELECT std_error FROM ref_variance('{1,2,4}', '{2,1,0.5}'))::float8, 1e-15) AS se_exact
FROM (SELECT loss_agg(x, w) AS s FROM (VALUES (1.0::float8, 2.0::float8), (2, 1), (4, 0.5)) t(x, w)) q;

-- Losses that agree in all but their last digits: the variance keeps its
-- digits (the naive sum w l^2 / sum w - mean^2 gives 0 or noise here).
SELECT close_to(loss_variance(s), (SELECT variance FROM ref_variance(l, w))::float8, 1e-12) AS variance_exact,
       close_to(std_error(s), (SELECT std_error FROM ref_variance(l, w))::float8, 1e-12) AS se_exact,
       loss_variance(s) > 0 AS positive
FROM (SELECT loss_agg(x, y) AS s, array_agg(x) AS l, array_agg(y) AS w
      FROM (SELECT 1e6 + k * 2.0::float8 ^ (-32) AS x, 1 + (k % 3) AS y FROM generate_series(0, 99) k) t) q;
SELECT close_to(loss_variance(s), (SELECT variance FROM ref_variance(l, array_fill(1::float8, ARRAY[n])))::float8, 1e-12) AS unweighted_exact
FROM (SELECT loss_agg(x) AS s, array_agg(x) AS l, count(*)::int AS n
      FROM (SELECT 0.1 + k * 2.0::float8 ^ (-55) AS x FROM generate_series(0, 40) k) t) q;
-- Random losses of many magnitudes, weighted: against numeric.
SELECT setseed(0.16);
SELECT bool_and(close_to(v, rv, 1e-12) AND close_to(se, rse, 1e-12)) AS all_exact, count(*) AS groups
FROM (SELECT loss_variance(s) AS v, std_error(s) AS se, (r).variance::float8 AS rv, (r).std_error::float8 AS rse
      FROM (SELECT g, loss_agg(x, w) AS s, ref_variance(array_agg(x), array_agg(w)) AS r
            FROM (SELECT k % 10 AS g, exp(random() * 20 - 10) AS x, random() * 3 AS w
                  FROM generate_series(1, 3000) k) t GROUP BY g) q) z;

-- NULL: no rows, one row, total weight 0, or only one row of positive weight.
SELECT loss_variance(loss_agg(x)) AS no_rows FROM (SELECT 1.0::float8 WHERE false) t(x);
SELECT loss_variance(loss_agg(x)) AS one_row, std_error(loss_agg(x)) AS one_row_se FROM (VALUES (3.0::float8)) t(x);
SELECT loss_variance(loss_agg(x, w)) AS weight_0, loss_variance(loss_agg(x, w + 0.5 * (x = 1)::int)) AS one_positive
FROM (VALUES (1.0::float8, 0.0::float8), (2, 0)) t(x, w);
-- NaN where the mean is NaN, +Infinity where it is infinite or a row's
-- w l^2 is beyond the float8 range (loss_agg and mean raise no error).
SELECT loss_variance(loss_agg(x)) AS nan_loss, std_error(loss_agg(x)) AS nan_se
FROM (VALUES (1.0::float8), ('NaN'), (2)) t(x);
SELECT loss_variance(loss_agg(x, w)) AS nan_weight FROM (VALUES (1.0::float8, 'NaN'::float8), (2, 1), (3, 1)) t(x, w);
SELECT loss_variance(loss_agg(x)) AS inf_loss, loss_variance(loss_agg(-x)) AS neg_inf_loss
FROM (VALUES (1.0::float8), ('Infinity'), (2)) t(x);
SELECT mean(s), loss_variance(s) AS beyond, std_error(s) AS beyond_se, s
FROM (SELECT loss_agg(x) AS s FROM (VALUES (1e200::float8), (1), (2)) t(x)) q;
SELECT mean(s), loss_variance(s) AS beyond_weighted, s
FROM (SELECT loss_agg(x, w) AS s FROM (VALUES (1e150::float8, 1e10::float8), (1, 1)) t(x, w)) q;
-- NaN first, then +Infinity, then NULL: a NaN row beside a row beyond the range.
SELECT loss_variance(loss_agg(x)) AS nan_and_beyond FROM (VALUES (1e200::float8), ('NaN')) t(x);
SELECT loss_variance(s) AS inf_in_v1 FROM (SELECT '(v1,2,0,0,0,1,0,0,0x4p-2)'::loss_state AS s) q;
-- A weight whose square is beyond the range keeps no moment: NULL.
SELECT loss_variance(loss_agg(x, w)) AS huge_weight FROM (VALUES (1.0::float8, 1e200::float8), (2, 1)) t(x, w);

-- v1 states (1.0 and 1.1) read as v2 states whose rows keep no moment:
-- NULL, and so is a roll-up that includes one.
SELECT loss_variance('(v1,3,0,0,0,0,0,0,0x1cp-2)'::loss_state) AS v1_state,
       '(v1,3,0,0,0,0,0,0,0x1cp-2)'::loss_state AS written_as_v2,
       mean('(v1,3,0,0,0,0,0,0,0x1cp-2)'::loss_state);
SELECT loss_variance(rollup(s)) AS rollup_with_v1, num_rows(rollup(s))
FROM (SELECT loss_agg(x) AS s FROM generate_series(1, 3) x
      UNION ALL SELECT '(v1,3,0,0,0,0,0,0,0x1cp-2)') q;
-- The mean-loss aggregates keep no moment: their transition's state is NULL there.
SELECT loss_variance(avg_bce_accum(avg_bce_accum('(v1,0,0,0,0,0,0,0,0)', 1, 0.5), 0, 0.25)) AS avg_state;
-- ... and their mean stays loss_agg's, bit for bit.
SELECT setseed(0.5);
SELECT mean(loss_agg(bce(y, p))) = avg_bce(y, p) AS bce_same,
       mean(loss_agg(bce_logits(y, z))) = avg_bce_logits(y, z) AS logits_same
FROM (SELECT (random() < 0.4)::int::float8 AS y, random() AS p, random() * 20 - 10 AS z
      FROM generate_series(1, 5000)) t;

-- Roll-ups equal the direct state, bit for bit; windows with the inverse
-- equal fresh aggregation, frame by frame.
CREATE TEMP TABLE losses AS
SELECT k, k % 24 AS hour, exp(random() * 6 - 3) AS x, CASE WHEN k % 5 = 0 THEN 0 ELSE random() * 2 END AS w
FROM generate_series(1, 2000) k;
SELECT (SELECT loss_agg(x, w)::text FROM losses) =
       (SELECT rollup(s)::text FROM (SELECT loss_agg(x, w) AS s FROM losses GROUP BY hour) h) AS weighted_rollup_same,
       (SELECT loss_agg(x)::text FROM losses) =
       (SELECT rollup(s)::text FROM (SELECT loss_agg(x) AS s FROM losses GROUP BY hour) h) AS rollup_same;
SELECT count(*) FILTER (WHERE moving::text = fresh::text) AS identical, count(*) AS frames
FROM (SELECT k, loss_agg(x, w) OVER (ORDER BY k ROWS BETWEEN 7 PRECEDING AND CURRENT ROW) AS moving,
             (SELECT loss_agg(x, w) FROM losses f WHERE f.k BETWEEN t.k - 7 AND t.k) AS fresh
      FROM losses t WHERE k <= 200) w;
SELECT count(*) FILTER (WHERE moving::text = fresh::text) AS identical, count(*) AS frames
FROM (SELECT k, loss_agg(CASE WHEN k % 50 = 0 THEN 1e200 ELSE x END) OVER (ORDER BY k ROWS 5 PRECEDING) AS moving,
             (SELECT loss_agg(CASE WHEN k % 50 = 0 THEN 1e200 ELSE x END) FROM losses f WHERE f.k BETWEEN t.k - 5 AND t.k) AS fresh
      FROM losses t WHERE k <= 200) w;
SELECT count(*) FILTER (WHERE moving::text = fresh::text) AS identical, count(*) AS frames
FROM (SELECT hour, rollup(s) OVER (ORDER BY hour ROWS 3 PRECEDING) AS moving,
             (SELECT rollup(s) FROM (SELECT hour AS h, loss_agg(x, w) AS s FROM losses GROUP BY hour) f
              WHERE f.h BETWEEN t.hour - 3 AND t.hour) AS fresh
      FROM (SELECT hour, loss_agg(x, w) AS s FROM losses GROUP BY hour) t) w;

-- Text and binary forms of v2: exact, and they read back.
CREATE TEMP TABLE v2_states AS
SELECT 'weighted' AS name, loss_agg(x, w) AS s FROM losses
UNION ALL SELECT 'plain', loss_agg(x) FROM losses
UNION ALL SELECT 'beyond', loss_agg(x) FROM (VALUES (1e200::float8), (1)) t(x)
UNION ALL SELECT 'nll', nll_agg(ARRAY[-0.5, -1.25]);
COPY (SELECT name, s FROM v2_states) TO STDOUT WITH (FORMAT binary) \g results/uncertainty.bin
CREATE TEMP TABLE v2_received (name text, s loss_state);
\copy v2_received FROM 'results/uncertainty.bin' WITH (FORMAT binary)
SELECT name, r.s::text = s.s::text AS binary_round_trip, s.s::text::loss_state::text = s.s::text AS text_round_trip
FROM v2_received r JOIN v2_states s USING (name) ORDER BY name;
SELECT encode(loss_state_send('(v2,2,0,0,0,0,0,0,0,0,0x3p0,0,0x5p0)'), 'hex') AS v2_binary_form;

-- Input rejects v2 states that no rows can produce: 22P02 (the first is
-- possible: rows 1 and 2).
SELECT t, sqlstate_of(format('SELECT %L::loss_state', t)) AS error
FROM (VALUES
    ('(v2,2,0,0,0,0,0,0,0,0,0x3p0,0,0x5p0)'),
    ('(v2,2,0,0,0,0,0,0,3,0,0x3p0,0,0)'),
    ('(v2,2,0,0,0,0,0,3,0,0,0x3p0,0,0)'),
    ('(v2,2,0,0,0,0,0,1,2,0,0x3p0,0,0)'),
    ('(v2,2,0,0,0,0,0,0,2,0,0x3p0,0,0x5p0)'),
    ('(v2,2,0,0,0,0,0,0,0,0,0x3p0,0,-0x5p0)'),
    ('(v2,2,0,0,0,0,0,0,0,0,0x3p0,0x1p0,0x5p0)'),
    ('(v2,2,0,0,1,0,0,2,0,0,0x3p0,0,0)'),
    ('(v2,2,0,0,0,0,0,0,0,0,0x3p0,0,0x1p1030)'),
    ('(v2,2,0,0,0,0,0,0,0,0,0x3p0,0)'),
    ('(v2,2,0,0,0,0,0,0,0x3p0,0,0x5p0)'),
    ('(v3,2,0,0,0,0,0,0,0,0,0x3p0,0,0x5p0)')
) AS cases(t);

-- Parallel plans give the serial state, bit for bit.
CREATE TABLE par_losses AS
SELECT k, exp(random() * 4 - 2) AS x, random() AS w, ARRAY[-random(), -random(), -random()] AS lp
FROM generate_series(1, 100000) k;
ANALYZE par_losses;
CREATE TEMP TABLE par_serial AS
SELECT loss_agg(x)::text AS plain, loss_agg(x, w)::text AS weighted, nll_agg(lp)::text AS nll,
       nll_agg(lp, w)::text AS nll_units
FROM par_losses;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT loss_agg(x), nll_agg(lp) FROM par_losses;
SELECT s.plain = p.plain AS plain_same, s.weighted = p.weighted AS weighted_same,
       s.nll = p.nll AS nll_same, s.nll_units = p.nll_units AS nll_units_same
FROM par_serial s,
     (SELECT loss_agg(x)::text AS plain, loss_agg(x, w)::text AS weighted, nll_agg(lp)::text AS nll,
             nll_agg(lp, w)::text AS nll_units FROM par_losses) p;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
DROP TABLE par_losses;

-- nll_agg: one row per completion; mean is sum nll / sum units, exactly.
SELECT s, mean(s), exp(mean(s)) AS perplexity, mean(s, base => 2) AS bits_per_token,
       num_rows(s), total_weight(s) AS tokens, total(s) AS nll, loss_variance(s) AS no_moment
FROM (SELECT nll_agg(lp) AS s FROM (VALUES (ARRAY[-0.5, -1.5]::float8[]), (ARRAY[-1.0]), (ARRAY[]::float8[])) t(lp)) q;
-- With units (bytes, say): sum nll / sum units.
SELECT mean(nll_agg(lp, bytes)) AS per_byte, mean(nll_agg(lp, bytes), base => 2) AS bits_per_byte,
       total_weight(nll_agg(lp, bytes)) AS bytes
FROM (VALUES (ARRAY[-0.5, -1.5]::float8[], 8.0::float8), (ARRAY[-1.0], 4), (ARRAY[]::float8[], 4)) t(lp, bytes);
-- Against numeric, on long completions whose terms would lose digits in float.
CREATE TEMP TABLE long_completions AS
SELECT array_agg(CASE WHEN j % 2 = 0 THEN -1e10 ELSE -random() * 1e-6 END) AS lp
FROM generate_series(1, 20) i, generate_series(1, 301) j GROUP BY i;
SELECT close_to(mean(nll_agg(lp)), (SELECT -sum(x::numeric) / count(*) FROM long_completions, unnest(lp) x)::float8, 1e-15) AS exact_mean,
       total(nll_agg(lp)) = (SELECT -sum(x::numeric) FROM long_completions, unnest(lp) x)::float8 AS total_rounded_once
FROM long_completions;
-- Edge rows: an empty array with default units adds its row and nothing
-- else; 0 units likewise; -Infinity makes the loss +Infinity; NaN, NaN; a
-- NULL array or units skips the row.
SELECT nll_agg(lp) AS empty_only, mean(nll_agg(lp)) AS empty_mean FROM (VALUES (ARRAY[]::float8[]), ('{}')) t(lp);
SELECT nll_agg(lp, 0) AS zero_units FROM (VALUES (ARRAY[-1.0, -2.0])) t(lp);
SELECT mean(nll_agg(lp)) AS neg_inf FROM (VALUES (ARRAY[-1.0, '-Infinity']::float8[]), (ARRAY[-2.0])) t(lp);
SELECT mean(nll_agg(lp)) AS nan_logprob FROM (VALUES (ARRAY[-1.0, 'NaN']::float8[]), (ARRAY['-Infinity']::float8[])) t(lp);
SELECT mean(nll_agg(lp, u)) AS nan_units FROM (VALUES (ARRAY[-1.0], 'NaN'::float8), (ARRAY[-2.0], 1)) t(lp, u);
SELECT num_rows(nll_agg(lp, u)) AS null_skipped FROM (VALUES (NULL::float8[], 1.0::float8), (ARRAY[-2.0], NULL), (ARRAY[-2.0], 2)) t(lp, u);
SELECT mean(nll_agg(lp)) AS lower_bound FROM (VALUES ('[5:6]={-1,-3}'::float8[])) t(lp);
-- Errors.
SELECT sqlstate_of($$SELECT nll_agg(lp) FROM (VALUES (ARRAY[-1.0, 0.5])) t(lp)$$) AS positive;
SELECT sqlstate_of($$SELECT nll_agg(lp) FROM (VALUES ('[3:4]={-1,Infinity}'::float8[])) t(lp)$$) AS pos_infinity;
SELECT sqlstate_of($$SELECT nll_agg(lp) FROM (VALUES (ARRAY[-1.0, NULL])) t(lp)$$) AS null_element;
SELECT sqlstate_of($$SELECT nll_agg(lp) FROM (VALUES ('{{-1},{-2}}'::float8[])) t(lp)$$) AS two_dims;
SELECT sqlstate_of($$SELECT nll_agg(lp, -1) FROM (VALUES (ARRAY[-1.0])) t(lp)$$) AS negative_units;
SELECT sqlstate_of($$SELECT nll_agg(lp, 'Infinity') FROM (VALUES (ARRAY[-1.0])) t(lp)$$) AS infinite_units;
SELECT sqlstate_of($$SELECT nll_agg(lp) FROM (VALUES (ARRAY[-1e308, -1e308])) t(lp)$$) AS nll_overflow;
-- Windows with the inverse, and roll-ups, equal fresh aggregation.
CREATE TEMP TABLE completions AS
SELECT k, k % 6 AS hour, CASE WHEN k % 17 = 0 THEN ARRAY[]::float8[]
                              ELSE array_agg(-random() * 3) END AS lp, 1 + k % 5 AS bytes
FROM generate_series(1, 120) k, generate_series(1, 7) j GROUP BY k;
SELECT count(*) FILTER (WHERE moving::text = fresh::text) AS identical, count(*) AS frames
FROM (SELECT k, nll_agg(lp, bytes) OVER (ORDER BY k ROWS 4 PRECEDING) AS moving,
             (SELECT nll_agg(lp, bytes) FROM completions f WHERE f.k BETWEEN t.k - 4 AND t.k) AS fresh
      FROM completions t) w;
SELECT (SELECT nll_agg(lp)::text FROM completions) =
       (SELECT rollup(s)::text FROM (SELECT nll_agg(lp) AS s FROM completions GROUP BY hour) h) AS rollup_same,
       (SELECT loss_variance(rollup(s)) FROM (SELECT nll_agg(lp) AS s FROM completions GROUP BY hour
                                            UNION ALL SELECT loss_agg(1.0)) h) AS rollup_with_nll;
-- A removal the state does not hold is 22023.
SELECT sqlstate_of($$SELECT nll_agg_retract('(v2,0,0,0,0,0,0,0,0,0,0,0,0)', ARRAY[-1.0])$$) AS not_held;

-- Many weighted rows of losses near 1000, against the exact reference:
-- the variance's cancellation magnifies any error in a row's exact
-- w * loss^2 (such as a carry lost between its words) far past 1e-12.
WITH d AS (SELECT 1000 + ((i * 7919) % 10007) / 10007.0::float8 * 0.9 AS l,
                  0.5 + ((i * 104729) % 997) / 997.0::float8 AS w
           FROM generate_series(1, 20000) i),
     a AS (SELECT loss_agg(l, w) AS s, array_agg(l) AS ls, array_agg(w) AS ws FROM d)
SELECT close_to(loss_variance(s), (SELECT variance FROM ref_variance(ls, ws))::float8, 1e-12) AS many_rows_exact
FROM a;

-- Rows of every magnitude, added in place while they land inside the spans
-- and widening them otherwise, give the state that the same rows, each
-- summarized alone and rolled up, give.
WITH d AS (SELECT i, (1 + i % 7) * power(10::float8, (i * 13) % 61 - 30) AS x, 0.25 + i % 5 AS w
           FROM generate_series(1, 300) i)
SELECT (SELECT loss_agg(x, w ORDER BY i)::text FROM d)
       = (SELECT rollup(s)::text FROM (SELECT loss_agg(x, w) AS s FROM d GROUP BY i) t) AS weighted_in_place,
       (SELECT loss_agg(x ORDER BY i)::text FROM d)
       = (SELECT rollup(s)::text FROM (SELECT loss_agg(x) AS s FROM d GROUP BY i) t) AS plain_in_place;
