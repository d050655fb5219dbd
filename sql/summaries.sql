-- Summaries: loss_agg keeps the exact state, rollup merges stored states,
-- and the accessors read them (the contract's "Summaries" section).

-- Predictions of two models over two days, hour by hour.
SELECT setseed(0.5);
CREATE TABLE preds AS
SELECT i, model, '2026-11-01'::timestamp + (i % 48) * interval '1 hour' + (i % 7) * interval '1 minute' AS ts,
       (random() < 0.3) AS is_fraud,
       CASE WHEN i % 101 = 0 THEN 0.0 ELSE random() END AS prob,   -- a few certain predictions
       random() * 3 AS weight
FROM generate_series(1, 4000) i, (VALUES ('a'), ('b')) m(model);
ANALYZE preds;

-- mean(loss_agg(loss)) is the mean-loss aggregate of the same loss, bit for bit.
SELECT mean(loss_agg(bce(is_fraud, prob))) = avg_bce(is_fraud, prob) AS bce,
       mean(loss_agg(bce(is_fraud::int, least(prob + 0.01, 1)))) = avg_bce(is_fraud::int, least(prob + 0.01, 1)) AS bce_float_label,
       mean(loss_agg(bce_logits(is_fraud, prob * 20 - 10))) = avg_bce_logits(is_fraud, prob * 20 - 10) AS bce_logits,
       mean(loss_agg(cross_entropy(1 + i % 3, ARRAY[0.2, 0.3, 0.5]))) = avg_cross_entropy(1 + i % 3, ARRAY[0.2, 0.3, 0.5]) AS ce_label,
       mean(loss_agg(kl_div(ARRAY[prob, 1 - prob], '{0.5,0.5}'))) = avg_kl_div(ARRAY[prob, 1 - prob], '{0.5,0.5}') AS kl,
       mean(loss_agg(cross_entropy(ARRAY[prob, 1 - prob], '{0.25,0.75}'))) = avg_cross_entropy(ARRAY[prob, 1 - prob], '{0.25,0.75}') AS ce
FROM preds WHERE prob > 0;
-- With the certain, wrong predictions: Infinity either way.
SELECT mean(loss_agg(bce(is_fraud, prob))) AS mean, avg_bce(is_fraud, prob) AS avg_bce FROM preds WHERE is_fraud;

-- The accessors: rows, total weight, total, mean in nats and bits.
SELECT num_rows(s), total_weight(s), total(s), mean(s), mean(s, 2) AS bits,
       mean(s, base => 2) = mean(s) / ln(2) AS bits_by_name, mean(s, NULL) = mean(s) AS null_base
FROM (SELECT loss_agg(x) AS s FROM (VALUES (1.0), (2.0), (4.5)) v(x)) t;
SELECT mean(NULL::loss_state) AS null_state, mean('(v1,0,0,0,0,0,0,0,0)') AS empty_mean,
       total('(v1,0,0,0,0,0,0,0,0)') AS empty_total, num_rows('(v1,0,0,0,0,0,0,0,0)'::loss_state) AS empty_rows,
       total_weight('(v1,0,0,0,0,0,0,0,0)'::loss_state) AS empty_weight;
-- Over no rows loss_agg and rollup are NULL, as avg() is; NULL losses are skipped.
SELECT loss_agg(x) IS NULL AS no_rows FROM (SELECT 1.0 WHERE false) v(x);
SELECT rollup(s) IS NULL AS no_states FROM (SELECT loss_agg(x) AS s FROM (SELECT 1.0 WHERE false) v(x)) t;
SELECT loss_agg(x) AS one_row_of_two FROM (VALUES (0.5), (NULL)) v(x);
SELECT sqlstate_of($$SELECT mean(loss_agg(x), 1) FROM (VALUES (1.0)) v(x)$$) AS bad_base;

-- Weights: sum(w * loss) / sum(w); a row of weight 0 counts, adds nothing.
SELECT loss_agg(x, w) AS state, mean(loss_agg(x, w)), total(loss_agg(x, w)),
       total_weight(loss_agg(x, w)), num_rows(loss_agg(x, w))
FROM (VALUES (1.0, 2.0), (4.0, 1.0), (7.0, 0.0), ('Infinity', 0), ('NaN', 0)) v(x, w);
-- scikit-learn's log_loss with sample_weight: [1, 0] against [0.9, 0.2], weights [3, 1].
SELECT mean(loss_agg(bce(y, p), w)) AS weighted_log_loss,
       close_to(mean(loss_agg(bce(y, p), w)), (3 * -ln(0.9::float8) + -ln(0.8::float8)) / 4, 1e-15) AS by_hand
FROM (VALUES (1, 0.9, 3), (0, 0.2, 1)) v(y, p, w);
-- Integer weights are repeated rows: a power of two scales both sums
-- exactly, so the mean is the same to the bit; other weights round once more.
SELECT mean(loss_agg(x, 4)) = mean(loss_agg(x)) AS weight_4,
       total(loss_agg(x, 2)) = 2 * total(loss_agg(x)) AS doubled_total,
       close_to(mean(loss_agg(x, 3)), mean(loss_agg(x)), 1e-15) AS weight_3
FROM (SELECT random() AS x FROM generate_series(1, 1000)) v;
-- NULL weight or loss: the row is skipped.
SELECT num_rows(loss_agg(x, w)) FROM (VALUES (1.0, NULL), (NULL, 1.0), (2.0, 1.0)) v(x, w);
-- A NaN weight makes the mean, total and total weight NaN; NaN, +Infinity
-- and -Infinity losses of positive weight are counted apart.
SELECT mean(s), total(s), total_weight(s), s
FROM (SELECT loss_agg(x, w) AS s FROM (VALUES (1.0, 1.0), (2.0, 'NaN')) v(x, w)) t;
SELECT x AS losses, mean(loss_agg(l)), total(loss_agg(l))
FROM (VALUES ('{1,NaN}'::float8[]), ('{1,Infinity}'), ('{1,-Infinity}'), ('{Infinity,-Infinity}')) v(x),
     LATERAL unnest(x) l
GROUP BY x ORDER BY x::text;
-- Zero total weight: NULL, as no rows.
SELECT mean(loss_agg(x, 0)), total(loss_agg(x, 0)), total_weight(loss_agg(x, 0)), num_rows(loss_agg(x, 0))
FROM (VALUES (1.0), ('Infinity')) v(x);
-- Bad weights: negative, infinite.  A product beyond float8: 22003.
SELECT sqlstate_of($$SELECT loss_agg(1, -1)$$) AS negative,
       sqlstate_of($$SELECT loss_agg(1, '-0.0')$$) AS minus_zero,
       sqlstate_of($$SELECT loss_agg(1, 'Infinity')$$) AS infinite,
       sqlstate_of($$SELECT loss_agg(1, '-Infinity')$$) AS minus_infinite,
       sqlstate_of($$SELECT loss_agg(1e300, 1e10)$$) AS product_overflow;

-- Sums whose rounding would overflow: both sums are scaled by the same
-- power of two first, so a mean within range comes out.
SELECT avg_bce_logits(1, z) AS two_rows_of_1e308,
       mean(loss_agg(-z)) AS same_by_loss_agg
FROM (VALUES (-1e308::float8), (-1e308)) v(z);
SELECT mean(loss_agg(x, w)) AS weights_overflow, total_weight(loss_agg(x, 1)) AS fine
FROM (VALUES (0.5, 1e308), (1.5, 1e308)) v(x, w);
-- The total weight alone would overflow (the loss sum is small): the mean
-- is still the quotient of the exact sums, near 2e-10, not 0; bit for bit
-- the mean with every weight halved (both sums halve exactly).
SELECT mean(loss_agg(x, w)) AS only_weight_overflows,
       mean(loss_agg(x, w)) = mean(loss_agg(x, w / 2)) AS same_as_halved
FROM (VALUES (1e-10, 1e308), (3e-10, 1e308)) v(x, w);
SELECT mean(rollup(s)) AS rolled_up
FROM (SELECT loss_agg(1e-10, 1.5e308) AS s UNION ALL SELECT loss_agg(3e-10, 1.5e308)) states;
SELECT mean(loss_agg(x, w)) AS both_overflow
FROM (VALUES (1e308, 1.5), (1.1e308, 1.5), (-1e300, 1e8)) v(x, w);
SELECT sqlstate_of($$SELECT total(loss_agg(x)) FROM (VALUES (1e308::float8), (1e308)) v(x)$$) AS total_overflow,
       sqlstate_of($$SELECT total_weight(loss_agg(1, w)) FROM (VALUES (1e308::float8), (1e308)) v(w)$$) AS weight_overflow;
-- The largest finite mean of finite losses stays finite.
SELECT mean(loss_agg(x, w)) = 1.7976931348623157e308 AS largest
FROM (VALUES (1.7976931348623157e308, 0.5), (1.7976931348623157e308, 0.25)) v(x, w);

-- Dashboards: store one state per model per hour, roll it up into days.
CREATE TABLE hourly AS
SELECT model, date_trunc('hour', ts) AS hour, loss_agg(bce(is_fraud, prob), weight) AS weighted,
       loss_agg(bce(is_fraud, prob)) AS plain
FROM preds GROUP BY 1, 2;
SELECT model, day, num_rows(d.plain) AS n, mean(d.plain) = r.plain AS plain_equal,
       mean(d.weighted) = r.weighted AS weighted_equal, mean(d.weighted) IS NOT NULL AS has_mean
FROM (SELECT model, date_trunc('day', hour) AS day, rollup(plain) AS plain, rollup(weighted) AS weighted
      FROM hourly GROUP BY 1, 2) d
JOIN (SELECT model, date_trunc('day', ts) AS day, avg_bce(is_fraud, prob) AS plain,
             mean(loss_agg(bce(is_fraud, prob), weight)) AS weighted
      FROM preds GROUP BY 1, 2) r USING (model, day)
ORDER BY 1, 2;
-- Weekly, from the same hourly states: one row per model.
SELECT model, num_rows(rollup(plain)) AS n, round(mean(rollup(plain))::numeric, 6) AS mean_loss
FROM hourly GROUP BY model ORDER BY model;
-- The roll-up of the roll-up, and the state itself, equal the direct aggregate's.
SELECT (SELECT rollup(d)::text FROM (SELECT rollup(plain) AS d FROM hourly GROUP BY model, date_trunc('day', hour)) days)
       = (SELECT loss_agg(bce(is_fraud, prob))::text FROM preds) AS state_equal;
-- Weighted and unweighted states roll up together: an unweighted row weighs 1.
SELECT mean(rollup(s)) = (SELECT mean(loss_agg(x, w)) FROM (VALUES (1.0, 1.0), (2.0, 1.0), (10.0, 0.5)) v(x, w)) AS mixed,
       total_weight(rollup(s)) AS weight, num_rows(rollup(s)) AS n
FROM (SELECT loss_agg(x) AS s FROM (VALUES (1.0), (2.0)) v(x)
      UNION ALL SELECT loss_agg(10.0, 0.5)) states;

-- A 24-hour moving mean from stored states: rollup's inverse takes each
-- hour back out exactly.  Every frame equals a fresh aggregate of its rows,
-- through +Infinity, NaN, huge (700) and tiny (1e-300) losses.
CREATE TEMP TABLE hours AS
SELECT h AS hour, loss_agg(loss, w) AS s
FROM (SELECT i / 5 AS h,
             CASE WHEN i % 211 = 7 THEN 'Infinity'
                  WHEN i % 307 = 11 THEN 'NaN'
                  WHEN i % 13 = 1 THEN 700
                  WHEN i % 17 = 2 THEN 1e-300
                  ELSE random() END AS loss,
             CASE WHEN i % 9 = 0 THEN 0 ELSE 0.5 + random() END AS w
      FROM generate_series(0, 999) i) r
GROUP BY h;
SELECT count(*) AS frames,
       count(*) FILTER (WHERE moving::text = fresh::text) AS identical_states,
       count(*) FILTER (WHERE mean(moving) IS NOT DISTINCT FROM mean(fresh)) AS identical_means,
       count(*) FILTER (WHERE mean(moving) = 'Infinity') AS infinite,
       count(*) FILTER (WHERE mean(moving) = 'NaN') AS nan
FROM (SELECT h.hour,
             rollup(s) OVER (ORDER BY hour ROWS 23 PRECEDING) AS moving,
             (SELECT rollup(s) FROM hours f WHERE f.hour BETWEEN h.hour - 23 AND h.hour) AS fresh
      FROM hours h) w;
-- loss_agg slides too, weighted.
SELECT count(*) FILTER (WHERE moving::text = fresh::text) AS identical, count(*) AS frames
FROM (SELECT i, loss_agg(x, w) OVER (ORDER BY i ROWS BETWEEN 5 PRECEDING AND 2 FOLLOWING) AS moving,
             (SELECT loss_agg(x, w) FROM (SELECT i AS j, CASE WHEN i % 11 = 0 THEN 700 ELSE 1.0 / i END AS x,
                                                 CASE WHEN i % 7 = 0 THEN 0 ELSE i END AS w
                                          FROM generate_series(1, 100) i) f
              WHERE f.j BETWEEN t.i - 5 AND t.i + 2) AS fresh
      FROM (SELECT i, CASE WHEN i % 11 = 0 THEN 700 ELSE 1.0 / i END AS x,
                   CASE WHEN i % 7 = 0 THEN 0 ELSE i END AS w
            FROM generate_series(1, 100) i) t) w;

-- A state's size: the limbs in use, not a whole accumulator (format v2: four sums).
SELECT pg_column_size(plain) <= 256 AS plain_small, pg_column_size(weighted) <= 384 AS weighted_small
FROM hourly WHERE model = 'a' ORDER BY hour LIMIT 1;
DROP TABLE hourly, preds;
