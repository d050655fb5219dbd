-- Mean-loss aggregates over a table of stored predictions.
SET extra_float_digits = 0;
SELECT setseed(0.11);

CREATE TABLE predictions AS
SELECT i AS id,
       (ARRAY['baseline', 'boosted'])[1 + i % 2] AS model,
       date '2026-11-01' + (i % 3) AS day,
       (random() < 0.4)::int::float8 AS label,
       0.01 + 0.98 * random() AS prob,
       random() * 8 - 4 AS logit,
       1 + (i % 3) AS class,
       random_dist(3) AS p,
       random_dist(3) AS q
FROM generate_series(1, 600) i;
-- Rows with NULLs are skipped, as avg() skips them.
INSERT INTO predictions VALUES
    (601, 'baseline', '2026-11-01', NULL, 0.5, NULL, NULL, NULL, '{0.2,0.3,0.5}'),
    (602, 'boosted', '2026-11-02', 1, NULL, 0.5, 2, '{0.2,0.3,0.5}', NULL);

-- Each aggregate agrees with avg() of its scalar function.
SELECT close_to(avg_bce(label, prob), avg(bce(label, prob))) AS avg_bce,
       close_to(avg_bce_logits(label, logit), avg(bce_logits(label, logit))) AS avg_bce_logits,
       close_to(avg_cross_entropy(p, q), avg(cross_entropy(p, q))) AS avg_cross_entropy,
       close_to(avg_cross_entropy(class, q), avg(cross_entropy(class, q))) AS avg_cross_entropy_label,
       close_to(avg_kl_div(p, q), avg(kl_div(p, q))) AS avg_kl_div
FROM predictions;

-- NULL rows are not counted: the same means as without them.
SELECT avg_bce(label, prob) = (SELECT avg_bce(label, prob) FROM predictions WHERE id <= 600) AS bce_skips_nulls,
       avg_kl_div(p, q) = (SELECT avg_kl_div(p, q) FROM predictions WHERE id <= 600) AS kl_skips_nulls
FROM predictions;

-- Zero rows give NULL.
SELECT avg_bce(label, prob) AS bce, avg_bce(label, prob, 1e-7) AS clipped,
       avg_bce_logits(label, logit) AS logits, avg_cross_entropy(p, q) AS ce,
       avg_cross_entropy(class, q) AS ce_label, avg_kl_div(p, q) AS kl
FROM predictions WHERE false;
SELECT avg_bce(label, prob) FROM predictions WHERE label IS NULL;

-- Grouped: a loss table per model per day.
SELECT model, day, count(*) AS n,
       round(avg_bce(label, prob)::numeric, 10) AS bce,
       close_to(avg_bce(label, prob), avg(bce(label, prob))) AS agrees
FROM predictions
WHERE id <= 600
GROUP BY model, day
ORDER BY model, day;

-- Clipping as scikit-learn's log_loss does: prob into [eps, 1-eps].
SELECT avg_bce(y, p, 1e-15) AS clipped_certain_miss,
       close_to(avg_bce(y, p, 1e-15), -ln(1e-15) / 2) AS is_ln_eps_over_2,
       avg_bce(y, p) AS unclipped
FROM (VALUES (1.0, 0.0), (1.0, 1.0)) v(y, p);
SELECT close_to(avg_bce(label, prob, 0.1),
                avg(bce(label, least(greatest(prob, 0.1), 0.9)))) AS clip_matches,
       avg_bce(label, prob, 0) = avg_bce(label, prob) AS eps_zero_is_unclipped
FROM predictions WHERE prob IS NOT NULL;

-- Exact summation: the order of the rows cannot change the mean, where a
-- float8 sum loses the small losses that come after a large one.
CREATE TEMP TABLE lopsided AS
SELECT i, 1.0::float8 AS y, CASE WHEN i = 1 THEN exp(-700::float8) ELSE 1 - 1e-14 END AS p
FROM generate_series(1, 1001) i;
SELECT avg_bce(y, p ORDER BY i) = avg_bce(y, p ORDER BY i DESC) AS order_free,
       avg(bce(y, p) ORDER BY i) <> avg(bce(y, p) ORDER BY i DESC) AS float_sum_is_not,
       close_to(avg_bce(y, p), (700 + 1000 * bce(1, 1 - 1e-14)) / 1001, 1e-15) AS exact
FROM lopsided;

-- +Infinity and NaN losses: NaN wins, as in avg().
SELECT avg_bce(y, p) AS with_infinity FROM (VALUES (1, 0.0), (1, 0.5)) v(y, p);
SELECT avg_bce(y, p) AS with_nan FROM (VALUES (1.0, 0.0), ('NaN', 0.5)) v(y, p);
SELECT avg_kl_div(p, q) AS kl_infinity
FROM (VALUES ('{0.5,0.5}'::float8[], '{1,0}'::float8[])) v(p, q);
