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

-- eps is one constant per aggregate.  A weight column passed there by
-- mistake, as avg_bce(label, prob, weight) for a weighted log loss, is
-- 22023 with a hint naming loss_agg(loss, weight), whether the weights
-- are below 0.5 (and so would pass as an eps) or not; the weighted mean
-- is what loss_agg gives.
SELECT sqlstate_of($$SELECT avg_bce(y, p, w) FROM (VALUES (1, 0.9, 0.3), (0, 0.2, 0.7)) v(y, p, w)$$) AS weights_3_7,
       sqlstate_of($$SELECT avg_bce(y, p, w) FROM (VALUES (1, 0.9, 0.3), (0, 0.2, 0.2)) v(y, p, w)$$) AS weights_3_2;
SELECT mean(loss_agg(bce(y, p), w)) AS weighted_log_loss
FROM (VALUES (1, 0.9, 0.3), (0, 0.2, 0.7)) v(y, p, w);
-- A constant eps across groups, both ways of grouping, and window frames
-- (forward and inverse transitions); a NULL eps skips its row.
SET enable_hashagg = off;
SELECT g, avg_bce(y, p, 0.1) AS sorted_groups
FROM (VALUES (1, 1, 0.99), (2, 0, 0.2), (1, 0, 0.3), (2, 1, 0.05)) v(g, y, p) GROUP BY g ORDER BY g;
RESET enable_hashagg;
SET enable_sort = off;
SELECT g, avg_bce(y, p, 0.1) AS hashed_groups
FROM (VALUES (1, 1, 0.99), (2, 0, 0.2), (1, 0, 0.3), (2, 1, 0.05)) v(g, y, p) GROUP BY g ORDER BY g;
RESET enable_sort;
SELECT i, avg_bce(i % 2, i / 10.0, 0.25) OVER (ORDER BY i ROWS 1 PRECEDING) AS moving,
       avg_bce(i % 2 = 1, i / 10.0, 0.25) OVER (PARTITION BY i % 3 ORDER BY i ROWS 1 PRECEDING) AS moving_bool
FROM generate_series(1, 6) i ORDER BY i;
SELECT avg_bce(y, p, e) AS null_eps_skipped
FROM (VALUES (1, 0.9, 0.1), (0, 0.2, NULL), (0, 0.3, 0.1)) v(y, p, e);
-- A different eps is an error across groups too, and in a window, from
-- the boolean label as from the float8 one; directly, outside an
-- aggregate, each call stands alone.  (This file shows floats to 15
-- digits: the one-ulp eps is 0.10000000000000002.)
SELECT sqlstate_of($$SELECT g, avg_bce(y, p, e) FROM (VALUES (1, 1, 0.9, 0.1), (2, 0, 0.2, 0.2)) v(g, y, p, e) GROUP BY g$$) AS across_groups,
       sqlstate_of($$SELECT avg_bce(y, p, e) OVER (ORDER BY p ROWS 1 PRECEDING) FROM (VALUES (true, 0.9, 0.1), (false, 0.2, 0.1), (true, 0.5, 0.01)) v(y, p, e)$$) AS window_bool,
       sqlstate_of($$SELECT avg_bce(y, p, e) FROM (VALUES (false, 0.9, 0.1), (true, 0.2, '0.10000000000000002'::float8)) v(y, p, e)$$) AS one_ulp_bool;
SELECT avg_bce_accum('(v1,0,0,0,0,0,0,0,0)', 1::float8, 0.5, e) AS direct_calls
FROM (VALUES (0.1), (0.2)) v(e);
-- An eps that is one value per run of the aggregate (a constant, a
-- parameter, an outer query's column) may differ between runs: each run of
-- a correlated subquery or a LATERAL join passes its own.  (eps-per-run)
SELECT e, (SELECT avg_bce(y, p, e) FROM (VALUES (1, 0.99), (0, 0.3)) v(y, p)) AS correlated
FROM (VALUES (0.1), (0.2)) o(e) ORDER BY e;
SELECT o.e, l.lateral_log_loss
FROM (VALUES (0.1), (0.2)) o(e),
     LATERAL (SELECT avg_bce(y, p, o.e) AS lateral_log_loss
              FROM (VALUES (1, 0.99), (0, 0.3)) v(y, p)) l
ORDER BY o.e;

-- An exact sum is rounded once, to nearest with ties to even, as IEEE
-- 754 adds: 1 + 2^-53 lies halfway between 1 and 1 + 2^-52 and rounds to
-- 1, as sum() gives too; 1 + 3 * 2^-53 lies halfway between 1 + 2^-52 and
-- 1 + 2^-51, and rounds to the latter, whose last bit is 0; a bit below the
-- half decides a near-tie, shown to the last digit.  (round-ties-away;
-- round-no-sticky)
SET extra_float_digits = 1;
SELECT total(loss_agg(x)) AS tie_to_even_down, sum(x) AS float8_sum
FROM (VALUES (1::float8), (2 ^ -53)) v(x);
SELECT total(loss_agg(x)) AS tie_to_even_up
FROM (VALUES (1 + 2 ^ -52), (2 ^ -53)) v(x);
SELECT total(loss_agg(x)) AS negative_tie
FROM (VALUES (-1::float8), (-(2 ^ -53))) v(x);
SELECT total(loss_agg(x)) AS just_above_tie
FROM (VALUES (1::float8), (2 ^ -53), (2 ^ -100)) v(x);
SET extra_float_digits = 0;
