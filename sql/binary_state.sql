-- Scoring a binary classifier (xent 1.2): binary_state, its aggregates,
-- rollup and accessors.  exact_numeric() is sql/uncertainty.sql's (the
-- schedule runs it first): a double's exact value as numeric.
SET extra_float_digits = 0;

-- The scores of a state against exact numeric references over the same
-- rows (doubles converted exactly; bce as the rows' rounded losses).
CREATE FUNCTION binary_reference(y float8[], p float8[], w float8[])
RETURNS TABLE (log_loss numeric, brier numeric, prevalence numeric, mean_prediction numeric,
               calibration_ratio numeric, normalized_entropy numeric, d2_log_loss numeric,
               d2_brier numeric)
LANGUAGE sql IMMUTABLE AS $$
    WITH r AS (SELECT exact_numeric(a) AS y, exact_numeric(b) AS p, exact_numeric(c) AS w,
                      exact_numeric(bce(a, b)) AS l
               FROM unnest(y, p, w) AS u(a, b, c)),
         s AS (SELECT sum(w) AS s0, sum(w * y) AS y1, sum(w * y * y) AS y2, sum(w * p) AS p1,
                      sum(w * (y - p) * (y - p)) AS b, sum(w * l) AS ll FROM r),
         m AS (SELECT s.*, y1 / s0 AS ybar, ll / s0 AS logloss FROM s),
         h AS (SELECT m.*, -(ybar * ln(ybar) + (1 - ybar) * ln(1 - ybar)) AS hb FROM m)
    SELECT logloss, b / s0, ybar, p1 / s0, p1 / y1, logloss / hb, 1 - logloss / hb,
           1 - b * s0 / (s0 * y2 - y1 * y1)
    FROM h
$$;

-- Hand values: labels 1, 0, 1, 0 against 0.9, 0.2, 0.6, 0.4.  Brier
-- (0.01 + 0.04 + 0.16 + 0.16) / 4 = 0.0925; prevalence 1/2; mean
-- prediction 2.1/4 = 0.525; calibration ratio 2.1/2 = 1.05; NE the log loss
-- over ln 2; D^2 Brier 1 - 0.0925/0.25 = 0.63, as scikit-learn's
-- brier_score_loss and d2_brier_score give; d2_log_loss_score 1 - NE.
CREATE TEMP TABLE hand (y float8, p float8, w float8);
INSERT INTO hand VALUES (1, 0.9, 1), (0, 0.2, 2), (1, 0.6, 0.5), (0, 0.4, 1);
SELECT binary_agg(y, p) FROM hand;
SELECT log_loss(s), brier(s), prevalence(s), mean_prediction(s), calibration_ratio(s),
       normalized_entropy(s), d2_log_loss(s), d2_brier(s), num_rows(s), total_weight(s)
FROM (SELECT binary_agg(y, p) AS s FROM hand) q;
SELECT log_loss(s) = (SELECT avg_bce(y, p) FROM hand) AS log_loss_is_avg_bce,
       normalized_entropy(s) = log_loss(s) / ln(2) AS ne_over_ln2,
       log_loss(s, 2) = log_loss(s) / ln(2) AS bits,
       d2_log_loss(s) = 1 - normalized_entropy(s) AS d2_is_1_minus_ne,
       close_to(brier(s), 0.0925, 1e-15) AS brier_hand, close_to(d2_brier(s), 0.63, 1e-15) AS d2_brier_hand,
       close_to(mean_prediction(s), 0.525, 1e-15) AS mean_prediction_hand
FROM (SELECT binary_agg(y, p) AS s FROM hand) q;
-- Weighted: weights 1, 2, 0.5, 1.  Brier (0.01 + 0.08 + 0.08 + 0.16) / 4.5.
SELECT brier(s), prevalence(s), mean_prediction(s), calibration_ratio(s), total_weight(s),
       log_loss(s) = (SELECT mean(loss_agg(bce(y, p), w)) FROM hand) AS log_loss_is_weighted_mean,
       std_error(s) = (SELECT std_error(loss_agg(bce(y, p), w)) FROM hand) AS std_error_is_loss_states,
       close_to(brier(s), 0.33 / 4.5, 1e-15) AS brier_hand
FROM (SELECT binary_agg(y, p, w) AS s FROM hand) q;
-- Boolean labels and logits.
SELECT binary_agg(y = 1, p)::text = binary_agg(y, p)::text AS bool_same,
       binary_agg(y = 1, p, w)::text = binary_agg(y, p, w)::text AS bool_weighted_same,
       binary_agg_logits(y = 1, ln(p / (1 - p)))::text = binary_agg_logits(y, ln(p / (1 - p)))::text AS bool_logits_same
FROM hand;
-- A logit of 0 is the probability 1/2, exactly; the logistic of +-Infinity is 1 and 0.
SELECT mean_prediction(binary_agg_logits(1, 0)) AS half,
       mean_prediction(binary_agg_logits(1, 'Infinity')) AS one,
       mean_prediction(binary_agg_logits(1, '-Infinity')) AS zero,
       log_loss(binary_agg_logits(1, '-Infinity')) AS certain_and_wrong,
       log_loss(binary_agg_logits(0, '-Infinity')) AS certain_and_right;

-- Untyped literals resolve (labels int or boolean, predictions numeric).
SELECT binary_agg(1, 0.9)::text = binary_agg(1::float8, 0.9::float8)::text AS int_numeric,
       binary_agg(true, 0.9, 2)::text = binary_agg(1::float8, 0.9::float8, 2::float8)::text AS bool_weight,
       num_rows(binary_agg_logits(0, -2)) AS logits_rows;

-- Random rows: the log loss is avg_bce's, bit for bit, and every score is
-- within the contract's tolerance of the exact numeric value.
SELECT setseed(0.42);
CREATE TEMP TABLE rows_ AS
SELECT k, k % 7 AS g, k % 24 AS hour,
       CASE WHEN k % 3 = 0 THEN round(random()::numeric, 2)::float8 ELSE (random() < 0.3)::int::float8 END AS y,
       CASE WHEN k % 11 = 0 THEN 0.5 ELSE random() END AS p,
       (random() * 8 - 4) AS z, random() * 3 AS w
FROM generate_series(1, 3000) k;
SELECT count(*) AS groups,
       bool_and(log_loss(s) = ab) AS log_loss_is_avg_bce,
       bool_and(log_loss(sw) = mw) AS weighted_is_mean_loss_agg,
       bool_and(std_error(sw) = sew) AS std_error_is_loss_states,
       bool_and(log_loss(sl) = abl) AS logits_is_avg_bce_logits,
       bool_and(log_loss(slw) = mlw) AS weighted_logits_is_mean_loss_agg
FROM (SELECT g, binary_agg(y, p) AS s, avg_bce(y, p) AS ab,
             binary_agg(y, p, w) AS sw, mean(loss_agg(bce(y, p), w)) AS mw, std_error(loss_agg(bce(y, p), w)) AS sew,
             binary_agg_logits(y, z) AS sl, avg_bce_logits(y, z) AS abl,
             binary_agg_logits(y, z, w) AS slw, mean(loss_agg(bce_logits(y, z), w)) AS mlw
      FROM rows_ GROUP BY g) q;
SELECT count(*) AS groups,
       bool_and(close_to(log_loss(s), (r).log_loss::float8, 1e-15)) AS log_loss,
       bool_and(close_to(brier(s), (r).brier::float8, 1e-15)) AS brier,
       bool_and(close_to(prevalence(s), (r).prevalence::float8, 1e-15)) AS prevalence,
       bool_and(close_to(mean_prediction(s), (r).mean_prediction::float8, 1e-15)) AS mean_prediction,
       bool_and(close_to(calibration_ratio(s), (r).calibration_ratio::float8, 1e-15)) AS calibration_ratio,
       bool_and(close_to(normalized_entropy(s), (r).normalized_entropy::float8, 1e-14)) AS normalized_entropy,
       bool_and(abs(d2_log_loss(s) - (r).d2_log_loss::float8) <= 1e-14 * (1 - (r).d2_log_loss::float8)) AS d2_log_loss,
       bool_and(abs(d2_brier(s) - (r).d2_brier::float8) <= 1e-14 * (1 - (r).d2_brier::float8)) AS d2_brier
FROM (SELECT g, binary_agg(y, p, w) AS s, binary_reference(array_agg(y), array_agg(p), array_agg(w)) AS r
      FROM rows_ GROUP BY g
      UNION ALL
      SELECT g + 100, binary_agg(y, p), binary_reference(array_agg(y), array_agg(p), array_fill(1::float8, ARRAY[count(*)::int]))
      FROM rows_ GROUP BY g) q;
-- The logits' probabilities are their logistic, rounded faithfully: within
-- half a unit in the last place and a sliver of the exact value (numeric
-- exp of the exact logit), so within p * 2^-53 (a unit is at least that).
SELECT count(*) AS logits,
       bool_and(abs(exact_numeric(p) - 1 / (1 + exp(-exact_numeric(z)))) / exact_numeric(p) * 2.0::numeric ^ 53 <= 1) AS faithful
FROM (SELECT z, (SELECT mean_prediction(binary_agg_logits(1, x)) FROM (VALUES (z)) v(x)) AS p
      FROM (SELECT z * 5 AS z FROM rows_ WHERE k <= 500
            UNION ALL VALUES (-700), (-30), (36.7), (40), (1e-20), (-1e-20)) t) q;

-- Near-certain predictions, whose Brier terms are nowhere near a double:
-- (1 - 1e-17)^2 and (1e-300)^2 exactly, so d2_brier and brier stay exact.
SELECT close_to(brier(s), (r).brier::float8, 1e-15) AS brier_exact,
       close_to(d2_brier(s), (r).d2_brier::float8, 1e-15) AS d2_brier_exact,
       close_to(normalized_entropy(s), (r).normalized_entropy::float8, 1e-14) AS ne_exact
FROM (SELECT binary_agg(y, p) AS s, binary_reference(array_agg(y), array_agg(p), array_fill(1::float8, ARRAY[count(*)::int])) AS r
      FROM (VALUES (1.0::float8, 1e-17::float8), (0, 1e-300), (1, 0.999999999999), (0.25, 0.3), (0, 0.7)) t(y, p)) q;
-- Soft labels 0.25, 0.75 against 0.3, 0.6: Brier (0.05^2 + 0.15^2) / 2 =
-- 0.0125 against mean(y^2) - ybar^2 = 0.3125 - 0.25, kept exactly.
SELECT d2_brier(s), close_to(d2_brier(s), 1 - 0.0125 / 0.0625, 1e-15) AS soft_hand
FROM (SELECT binary_agg(y, p) AS s FROM (VALUES (0.25::float8, 0.3::float8), (0.75, 0.6)) t(y, p)) q;

-- Every sum is exact: the state's text form, read as numeric, is the sum
-- over the rows of w y, w p, w y^2 and w (y - p)^2 computed in numeric
-- (y - p is not a double in general: 1 - 0.3, 1 - 1e-17).
CREATE FUNCTION state_sum(s binary_state, field int) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    t text := split_part(trim(both '()' from s::text), ',', field);
    neg bool := left(t, 1) = '-';
    mant numeric := 0;
    e int;
    d text;
BEGIN
    IF t = '0' THEN RETURN 0; END IF;
    t := ltrim(t, '-');
    e := split_part(t, 'p', 2)::int;
    FOREACH d IN ARRAY regexp_split_to_array(substr(split_part(t, 'p', 1), 3), '') LOOP
        mant := mant * 16 + ('x' || lpad(d, 8, '0'))::bit(32)::int;
    END LOOP;
    mant := mant * CASE WHEN e >= 0 THEN power(2::numeric, e)
                        ELSE power(5::numeric, -e) * ('1e' || e)::numeric END;
    RETURN CASE WHEN neg THEN -mant ELSE mant END;
END $$;
SELECT count(*) AS groups,
       bool_and(state_sum(s, 17) = y1 AND state_sum(s, 18) = p1 AND state_sum(s, 19) = y2 AND state_sum(s, 20) = b) AS sums_exact,
       bool_and(state_sum(sw, 17) = wy1 AND state_sum(sw, 18) = wp1 AND state_sum(sw, 19) = wy2 AND state_sum(sw, 20) = wb) AS weighted_sums_exact
FROM (SELECT g, binary_agg(y, p) AS s, binary_agg(y, p, w) AS sw,
             sum(ey) AS y1, sum(ep) AS p1, sum(ey * ey) AS y2, sum((ey - ep) * (ey - ep)) AS b,
             sum(ew * ey) AS wy1, sum(ew * ep) AS wp1, sum(ew * ey * ey) AS wy2, sum(ew * (ey - ep) * (ey - ep)) AS wb
      FROM (SELECT g, y, p, w, exact_numeric(y) AS ey, exact_numeric(p) AS ep, exact_numeric(w) AS ew FROM rows_
            UNION ALL
            SELECT 7, y, p, 1.5, exact_numeric(y), exact_numeric(p), 1.5
            FROM (VALUES (1::float8, 0.3::float8), (1, 1e-17), (0.1, 0.7), (0.3, 1e-100)) t(y, p)) r
      GROUP BY g) q;
-- A rare positive (one in 10^6 of the weight): NE and D^2 log loss keep
-- their digits, H_b(ybar) taken without the cancellation of log(1 - ybar).
SELECT close_to(normalized_entropy(s), (r).normalized_entropy::float8, 1e-14) AS ne_exact,
       abs(d2_log_loss(s) - (r).d2_log_loss::float8) <= 1e-14 * (1 - (r).d2_log_loss::float8) AS d2_exact
FROM (SELECT binary_agg(y, p, w) AS s, binary_reference(array_agg(y), array_agg(p), array_agg(w)) AS r
      FROM (VALUES (1::float8, 0.001::float8, 1::float8), (0, 0.0001, 999999), (0, 0.002, 0.5)) t(y, p, w)) q;

-- NULL: no rows, total weight 0, sum w y = 0 (calibration ratio), ybar 0
-- or 1 (NE and D^2 log loss), equal labels (D^2 Brier), one row of
-- positive weight (both D^2).
SELECT binary_agg(y, p) AS no_rows FROM hand WHERE false;
SELECT log_loss(s), brier(s), prevalence(s), mean_prediction(s), calibration_ratio(s),
       normalized_entropy(s), d2_log_loss(s), d2_brier(s), std_error(s), num_rows(s), total_weight(s)
FROM (SELECT binary_agg(y, p, 0) AS s FROM hand) q;
SELECT prevalence(s), calibration_ratio(s), normalized_entropy(s), d2_log_loss(s), d2_brier(s)
FROM (SELECT binary_agg(0, p) AS s FROM hand) q;
SELECT prevalence(s), calibration_ratio(s), normalized_entropy(s), d2_log_loss(s), d2_brier(s)
FROM (SELECT binary_agg(1, p) AS s FROM hand) q;
SELECT normalized_entropy(s), d2_log_loss(s), d2_brier(s), std_error(s)
FROM (SELECT binary_agg(y, p, CASE WHEN p = 0.6 THEN 1 ELSE 0 END) AS s FROM hand) q;
SELECT normalized_entropy(s) AS one_soft_row, d2_log_loss(s), d2_brier(s)
FROM (SELECT binary_agg(0.25, 0.5) AS s) q;
-- Rows with a NULL label, prediction or weight are skipped.
SELECT num_rows(binary_agg(y, p, w)) AS skipped
FROM (VALUES (NULL::float8, 0.5::float8, 1::float8), (1, NULL, 1), (1, 0.5, NULL), (1, 0.5, 1)) t(y, p, w);
-- NaN and Infinity, per sum: a NaN label makes what reads the labels NaN,
-- a NaN probability what reads the predictions; a NaN weight everything.
SELECT log_loss(s), brier(s), prevalence(s), mean_prediction(s), calibration_ratio(s),
       normalized_entropy(s), d2_log_loss(s), d2_brier(s), std_error(s)
FROM (SELECT binary_agg(y, p) AS s FROM (VALUES ('NaN'::float8, 0.5::float8), (1, 0.5), (0, 0.2)) t(y, p)) q;
SELECT log_loss(s), brier(s), prevalence(s), mean_prediction(s), calibration_ratio(s),
       normalized_entropy(s), d2_log_loss(s), d2_brier(s), std_error(s)
FROM (SELECT binary_agg(y, p) AS s FROM (VALUES (1::float8, 'NaN'::float8), (1, 0.5), (0, 0.2)) t(y, p)) q;
SELECT log_loss(s), brier(s), prevalence(s), mean_prediction(s), calibration_ratio(s),
       normalized_entropy(s), d2_log_loss(s), d2_brier(s), std_error(s), total_weight(s)
FROM (SELECT binary_agg(y, p, w) AS s FROM (VALUES (1::float8, 0.5::float8, 'NaN'::float8), (1, 0.5, 1), (0, 0.2, 1)) t(y, p, w)) q;
-- A certain wrong prediction: the log loss is +Infinity, the others finite.
SELECT log_loss(s), brier(s), prevalence(s), normalized_entropy(s), d2_log_loss(s), d2_brier(s), std_error(s)
FROM (SELECT binary_agg(y, p) AS s FROM (VALUES (1::float8, 0::float8), (0, 0.5), (1, 0.5)) t(y, p)) q;
SELECT log_loss(s) AS logit_nan, mean_prediction(s), prevalence(s)
FROM (SELECT binary_agg_logits(y, z) AS s FROM (VALUES (1::float8, 'NaN'::float8), (0, 1)) t(y, z)) q;

-- Errors: a label outside [0, 1] 22023, a probability outside it 2201E
-- (as avg_bce), a weight negative or infinite 22023, a bad base 22023.
SELECT sqlstate_of($$SELECT binary_agg(1.5, 0.5)$$) AS label_above;
SELECT sqlstate_of($$SELECT binary_agg(-0.5, 0.5, 1)$$) AS label_below;
SELECT sqlstate_of($$SELECT binary_agg_logits(2, 0.5)$$) AS logits_label;
SELECT sqlstate_of($$SELECT binary_agg(1, 1.5)$$) AS prob_above;
SELECT sqlstate_of($$SELECT binary_agg(true, -0.1)$$) AS prob_below;
SELECT sqlstate_of($$SELECT binary_agg(1, 'Infinity')$$) AS prob_infinite;
SELECT sqlstate_of($$SELECT binary_agg(1, 0.5, -1)$$) AS negative_weight;
SELECT sqlstate_of($$SELECT binary_agg_logits(1, 0.5, 'Infinity')$$) AS infinite_weight;
SELECT sqlstate_of($$SELECT log_loss(binary_agg(1, 0.5), 1)$$) AS base_one;
SELECT sqlstate_of($$SELECT log_loss(binary_agg(1, 0.5), -2)$$) AS base_negative;

-- Roll-ups equal direct aggregation, bit for bit; windows with the inverse
-- equal fresh aggregation of each frame.
SELECT (SELECT binary_agg(y, p, w)::text FROM rows_) =
       (SELECT rollup(s)::text FROM (SELECT binary_agg(y, p, w) AS s FROM rows_ GROUP BY hour) h) AS weighted_rollup_same,
       (SELECT binary_agg(y, p)::text FROM rows_) =
       (SELECT rollup(s)::text FROM (SELECT binary_agg(y, p) AS s FROM rows_ GROUP BY hour) h) AS rollup_same,
       (SELECT binary_agg_logits(y, z)::text FROM rows_) =
       (SELECT rollup(s)::text FROM (SELECT binary_agg_logits(y, z) AS s FROM rows_ GROUP BY hour) h) AS logits_rollup_same;
SELECT count(*) FILTER (WHERE moving::text = fresh::text) AS identical, count(*) AS frames
FROM (SELECT k, binary_agg(y, p, w) OVER (ORDER BY k ROWS BETWEEN 7 PRECEDING AND CURRENT ROW) AS moving,
             (SELECT binary_agg(y, p, w) FROM rows_ f WHERE f.k BETWEEN t.k - 7 AND t.k) AS fresh
      FROM rows_ t WHERE k <= 300) w;
SELECT count(*) FILTER (WHERE moving::text = fresh::text) AS identical, count(*) AS frames
FROM (SELECT k, binary_agg_logits(y > 0.5, z * 100) OVER (ORDER BY k ROWS 5 PRECEDING) AS moving,
             (SELECT binary_agg_logits(y > 0.5, z * 100) FROM rows_ f WHERE f.k BETWEEN t.k - 5 AND t.k) AS fresh
      FROM rows_ t WHERE k <= 300) w;
-- Special rows leave a moving frame without a trace.
CREATE TEMP TABLE specials AS
SELECT k, CASE WHEN k % 9 = 0 THEN 'NaN' ELSE (k % 2)::float8 END AS y,
       CASE WHEN k % 13 = 0 THEN 'NaN' WHEN k % 10 = 0 THEN 0 ELSE 0.25 + (k % 5) / 10.0 END::float8 AS p,
       CASE WHEN k % 17 = 0 THEN 'NaN'::float8 WHEN k % 7 = 0 THEN 0 ELSE 1 + k % 3 END AS w
FROM generate_series(1, 120) k;
SELECT count(*) FILTER (WHERE moving::text = fresh::text) AS identical, count(*) AS frames
FROM (SELECT k, binary_agg(y, p, w) OVER (ORDER BY k ROWS 3 PRECEDING) AS moving,
             (SELECT binary_agg(y, p, w) FROM specials f WHERE f.k BETWEEN t.k - 3 AND t.k) AS fresh
      FROM specials t) w;
SELECT count(*) FILTER (WHERE moving::text = fresh::text) AS identical, count(*) AS frames
FROM (SELECT hour, rollup(s) OVER (ORDER BY hour ROWS 3 PRECEDING) AS moving,
             (SELECT rollup(s) FROM (SELECT hour AS h, binary_agg(y, p, w) AS s FROM rows_ GROUP BY hour) f
              WHERE f.h BETWEEN t.hour - 3 AND t.hour) AS fresh
      FROM (SELECT hour, binary_agg(y, p, w) AS s FROM rows_ GROUP BY hour) t) w;

-- Parallel plans give the serial state, bit for bit.
CREATE TABLE par_binary AS
SELECT k, (random() < 0.2)::int::float8 AS y, random() AS p, random() * 8 - 4 AS z, random() AS w
FROM generate_series(1, 100000) k;
ANALYZE par_binary;
CREATE TEMP TABLE par_binary_serial AS
SELECT binary_agg(y, p)::text AS plain, binary_agg(y, p, w)::text AS weighted,
       binary_agg_logits(y, z)::text AS logits
FROM par_binary;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT binary_agg(y, p) FROM par_binary;
SELECT s.plain = p.plain AS plain_same, s.weighted = p.weighted AS weighted_same, s.logits = p.logits AS logits_same
FROM par_binary_serial s,
     (SELECT binary_agg(y, p)::text AS plain, binary_agg(y, p, w)::text AS weighted,
             binary_agg_logits(y, z)::text AS logits FROM par_binary) p;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
DROP TABLE par_binary;

-- Text and binary forms: exact, and they read back.
CREATE TEMP TABLE binary_states AS
SELECT 'weighted' AS name, binary_agg(y, p, w) AS s FROM rows_
UNION ALL SELECT 'plain', binary_agg(y, p) FROM rows_
UNION ALL SELECT 'logits', binary_agg_logits(y, z * 100) FROM rows_
UNION ALL SELECT 'specials', binary_agg(y, p, w) FROM specials;
COPY (SELECT name, s FROM binary_states) TO STDOUT WITH (FORMAT binary) \g results/binary_state.bin
CREATE TEMP TABLE binary_received (name text, s binary_state);
\copy binary_received FROM 'results/binary_state.bin' WITH (FORMAT binary)
SELECT name, r.s::text = s.s::text AS binary_round_trip, s.s::text::binary_state::text = s.s::text AS text_round_trip,
       log_loss(r.s) IS NOT DISTINCT FROM log_loss(s.s) AS same_log_loss
FROM binary_received r JOIN binary_states s USING (name) ORDER BY name;
SELECT encode(binary_state_send('(v1,1,0,0,0,0,0,0,0,1,0,0,0,0x1p-1,0,0x1p-2,0x1p0,0x1p-1,0x1p0,0x1p-2)'), 'hex') AS binary_form;
-- Text reads with spaces around each field.
SELECT ' ( v1 , 1,0,0,0,0,0,0,0,1,0,0,0,0x1p-1,0,0x1p-2,0x1p0,0x1p-1,0x1p0, 0x1p-2 ) '::binary_state AS spaced;

-- Input rejects what no rows can produce: 22P02.  Possible: the first (one
-- row of label 1, prob 1/2, and a hand-made loss of 1/2) and one row whose
-- label and probability are both NaN.
SELECT t, sqlstate_of(format('SELECT %L::binary_state', t)) AS error
FROM (VALUES
    ('(v1,1,0,0,0,0,0,0,0,1,0,0,0,0x1p-1,0,0x1p-2,0x1p0,0x1p-1,0x1p0,0x1p-2)'),
    ('(v1,1,0,0,0,0,0,0,0,0,0,0,0,0x1p-1,0,0x1p-2,0x1p0,0x1p-1,0x1p0,0x1p-2)'),
    ('(v1,1,0,0,0,0,0,0,0,2,0,0,0,0x1p-1,0,0x1p-2,0x1p0,0x1p-1,0x1p0,0x1p-2)'),
    ('(v1,1,0,0,0,0,0,0,0,1,0,0,0,0x1p-1,0,0x1p-2,0x1p1,0x1p-1,0x1p0,0x1p-2)'),
    ('(v1,1,0,0,0,0,0,0,0,1,0,0,0,0x1p-1,0,0x1p-2,0x1p0,0x3p-1,0x1p0,0x1p-2)'),
    ('(v1,1,0,0,0,0,0,0,0,1,0,0,0,0x1p-1,0,0x1p-2,0x1p0,0x1p-1,0x3p0,0x1p-2)'),
    ('(v1,1,0,0,0,0,0,0,0,1,0,0,0,0x1p-1,0,0x1p-2,0x1p0,0x1p-1,0x1p0,-0x1p-2)'),
    ('(v1,1,0,0,0,0,0,0,0,1,0,0,0,0x1p-1,0,0x1p-2,-0x1p0,0x1p-1,0x1p0,0x1p-2)'),
    ('(v1,1,0,0,0,0,0,0,0,1,0,0,0,-0x1p-1,0,0x1p-2,0x1p0,0x1p-1,0x1p0,0x1p-2)'),
    ('(v1,1,0,0,0,0,1,0,0,1,0,0,0,0,0,0,0x1p0,0x1p-1,0x1p0,0x1p-2)'),
    ('(v1,1,0,0,1,0,0,0,0,1,1,1,0,0,0,0,0,0,0,0)'),
    ('(v1,2,0,0,2,0,0,0,0,2,1,0,0,0,0,0,0,0,0,0)'),
    ('(v1,1,0,0,1,0,0,0,0,1,0,0,0,0,0,0,0x1p0,0x1p-1,0x1p0,0x1p-2)'),
    ('(v1,1,0,0,0,0,0,0,0,1,1,0,0,0x1p-1,0,0x1p-2,0,0x1p-1,0,0)'),
    ('(v1,1,1,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0)'),
    ('(v1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0x1p-3,0,0,0)'),
    ('(v1,1,1,1,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0)'),
    ('(v1,1,0,0,0,0,0,0,0,1,0,0,0,0x1p-1,0,0x1p-2,0x1p0,0x1p-1,0x1p0)'),
    ('(v1,1,0,0,0,0,0,0,0,1,0,0,0,0x1p-1,0,0x1p-2,0x1p0,0x1p-1,0x1p0,0x1p-2,0)'),
    ('(v1,1,0,0,0,0,0,0,0,1,0,0,0,0x1p-1,0,0x1p-2,0x1p0,0x1p-1,0x1p0,0x1p-2) x'),
    ('(v2,1,0,0,0,0,0,0,0,1,0,0,0,0x1p-1,0,0x1p-2,0x1p0,0x1p-1,0x1p0,0x1p-2)'),
    ('(v1,-1,0,0,0,0,0,0,0,1,0,0,0,0x1p-1,0,0x1p-2,0x1p0,0x1p-1,0x1p0,0x1p-2)')
) AS cases(t);
-- Binary input likewise, 22P03: bytes of a bytea column read back as a
-- binary_state through binary COPY (a field is its length and its bytes).
-- The first is possible: one row of label 0 and probability 0.
CREATE TEMP TABLE raw_states AS
SELECT name, decode(hex, 'hex') AS b FROM (VALUES
    ('good', '01' || '0000000000000001' || repeat('0000000000000000', 7) || '0000000000000001' || repeat('0000000000000000', 2) || repeat('00000000', 8)),
    ('version_2', '02' || repeat('0000000000000000', 11) || repeat('00000000', 8)),
    ('no_positive_rows', '01' || '0000000000000001' || repeat('0000000000000000', 10) || repeat('00000000', 8)),
    ('span_out_of_range', '01' || '0000000000000001' || repeat('0000000000000000', 7) || '0000000000000001' || repeat('0000000000000000', 2) || '00440001' || '0000000000000001' || repeat('00000000', 7))
) AS t(name, hex);
CREATE TEMP TABLE raw_received (s binary_state);
COPY (SELECT b FROM raw_states WHERE name = 'good') TO STDOUT WITH (FORMAT binary) \g results/binary_state_good.bin
COPY (SELECT b FROM raw_states WHERE name = 'version_2') TO STDOUT WITH (FORMAT binary) \g results/binary_state_v2.bin
COPY (SELECT b FROM raw_states WHERE name = 'no_positive_rows') TO STDOUT WITH (FORMAT binary) \g results/binary_state_impossible.bin
COPY (SELECT b FROM raw_states WHERE name = 'span_out_of_range') TO STDOUT WITH (FORMAT binary) \g results/binary_state_span.bin
\set VERBOSITY sqlstate
\copy raw_received FROM 'results/binary_state_good.bin' WITH (FORMAT binary)
\copy raw_received FROM 'results/binary_state_v2.bin' WITH (FORMAT binary)
\copy raw_received FROM 'results/binary_state_impossible.bin' WITH (FORMAT binary)
\copy raw_received FROM 'results/binary_state_span.bin' WITH (FORMAT binary)
\set VERBOSITY default
SELECT s, log_loss(s), brier(s) FROM raw_received;

-- Merging: a removal the state does not hold is 22023; a row count past
-- an int64 is 22003; a transition called from SQL takes a hand-made state.
SELECT sqlstate_of($$SELECT binary_agg_retract('(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)', 1, 0.5)$$) AS row_not_held;
SELECT sqlstate_of($$SELECT binary_state_retract('(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)', binary_agg(1, 0.5))$$) AS state_not_held;
SELECT binary_agg_accum('(v1,1,0,0,0,0,0,0,0,1,0,0,0,0x1p-1,0,0x1p-2,0x1p0,0x1p-1,0x1p0,0x1p-2)', 0, 0.5) AS hand_made_plus_row;
SELECT binary_agg_retract(binary_agg_accum('(v1,1,0,0,0,0,0,0,0,1,0,0,0,0x1p-1,0,0x1p-2,0x1p0,0x1p-1,0x1p0,0x1p-2)', 0, 0.25, 2), 0, 0.25, 2) AS row_in_and_out;
SELECT sqlstate_of($$SELECT binary_agg_retract('(v1,1,0,0,0,0,0,0,0,1,0,0,0,0x1p-1,0,0x1p-2,0x1p0,0x1p-1,0x1p0,0x1p-2)', 0, 0.5)$$) AS other_row_not_held;
SELECT sqlstate_of($$SELECT binary_agg_accum('(v1,9223372036854775807,0,0,0,0,0,0,0,9223372036854775807,0,0,0,0,0,0,0,0,0,0)', 0, 0)$$) AS too_many_rows;
SELECT sqlstate_of($$SELECT rollup(s) FROM (VALUES ('(v1,9223372036854775807,0,0,0,0,0,0,0,9223372036854775807,0,0,0,0,0,0,0,0,0,0)'::binary_state), ('(v1,1,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0)')) t(s)$$) AS rollup_too_many_rows;

-- Golden states (golden/README): every later release reads them with the
-- same scores, bit for bit, and writes them back as the same text and bytes.
CREATE TEMP TABLE golden_binary_text (ord serial, name text, state text);
\copy golden_binary_text (name, state) FROM PROGRAM 'cat "$PG_ABS_SRCDIR/golden/binary_state-v1.txt"'
CREATE TEMP TABLE golden_binary (ord serial, name text, state binary_state);
\copy golden_binary (name, state) FROM PROGRAM 'cat "$PG_ABS_SRCDIR/golden/binary_state-v1.bin"' (FORMAT binary)
SELECT name, num_rows(b.state), encode(float8send(total_weight(b.state)), 'hex') AS weight,
       encode(float8send(log_loss(b.state)), 'hex') AS log_loss, encode(float8send(brier(b.state)), 'hex') AS brier,
       encode(float8send(prevalence(b.state)), 'hex') AS prevalence,
       encode(float8send(mean_prediction(b.state)), 'hex') AS mean_prediction,
       g.state::binary_state::text = g.state AS text_same, b.state::text = g.state AS binary_same
FROM golden_binary b JOIN golden_binary_text g USING (ord, name) ORDER BY ord;
SELECT name, encode(float8send(calibration_ratio(state)), 'hex') AS calibration_ratio,
       encode(float8send(normalized_entropy(state)), 'hex') AS normalized_entropy,
       encode(float8send(d2_log_loss(state)), 'hex') AS d2_log_loss,
       encode(float8send(d2_brier(state)), 'hex') AS d2_brier,
       encode(float8send(std_error(state)), 'hex') AS std_error
FROM golden_binary ORDER BY ord;
COPY (SELECT name, state FROM golden_binary ORDER BY ord) TO STDOUT (FORMAT binary) \g results/binary_state-v1.bin
CREATE TEMP TABLE golden_binary_bytes (file text);
\copy golden_binary_bytes FROM PROGRAM 'cmp -s "$PG_ABS_SRCDIR/golden/binary_state-v1.bin" results/binary_state-v1.bin && echo "binary_state-v1.bin same" || echo "binary_state-v1.bin differs"'
SELECT file FROM golden_binary_bytes;
