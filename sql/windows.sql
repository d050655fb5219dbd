-- Moving window frames use the inverse transition: every frame must equal
-- a fresh computation over the same rows, bit for bit, whatever entered and
-- left before it: +Infinity, NaN, huge (700) and tiny (1e-300) losses.
CREATE TEMP TABLE stream AS
SELECT i AS ts,
       CASE WHEN i % 97 = 5 THEN 'NaN'::float8 ELSE 1 END AS label,
       CASE
           WHEN i % 53 = 3 THEN 0                       -- loss +Infinity
           WHEN i % 7 = 1 THEN exp(-700::float8)        -- loss 700
           WHEN i % 5 = 2 THEN 1 - 1e-300               -- loss 0
           ELSE 0.05 + 0.9 * ((i * 7919) % 1000) / 1000.0
       END AS prob,
       CASE WHEN i % 53 = 3 THEN '{1,0}'::float8[] ELSE '{0.5,0.5}'::float8[] END AS q,
       ((i * 104729) % 2000) / 100.0 - 10 AS logit
FROM generate_series(1, 400) i;
-- A row whose loss is tiny beside the huge ones: 1e-300.
INSERT INTO stream VALUES (401, 0, 1e-300, '{0.5,0.5}', -690.8);

SELECT count(*) AS frames,
       count(*) FILTER (WHERE moving IS NOT DISTINCT FROM fresh) AS identical,
       count(*) FILTER (WHERE moving = 'Infinity') AS infinite_frames,
       count(*) FILTER (WHERE moving = 'NaN') AS nan_frames
FROM (SELECT s.ts,
             avg_bce(label, prob) OVER (ORDER BY ts ROWS BETWEEN 9 PRECEDING AND CURRENT ROW) AS moving,
             (SELECT avg_bce(label, prob) FROM stream f WHERE f.ts BETWEEN s.ts - 9 AND s.ts) AS fresh
      FROM stream s) w;

SELECT count(*) FILTER (WHERE moving IS NOT DISTINCT FROM fresh) AS identical_logits,
       count(*) AS frames
FROM (SELECT s.ts,
             avg_bce_logits(label, logit) OVER (ORDER BY ts ROWS BETWEEN 3 PRECEDING AND 2 FOLLOWING) AS moving,
             (SELECT avg_bce_logits(label, logit) FROM stream f WHERE f.ts BETWEEN s.ts - 3 AND s.ts + 2) AS fresh
      FROM stream s) w;

SELECT count(*) FILTER (WHERE moving IS NOT DISTINCT FROM fresh) AS identical_ce_label,
       count(*) FILTER (WHERE moving = 'Infinity') AS infinite_frames
FROM (SELECT s.ts,
             avg_cross_entropy(2, q) OVER (ORDER BY ts ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS moving,
             (SELECT avg_cross_entropy(2, q) FROM stream f WHERE f.ts BETWEEN s.ts - 4 AND s.ts) AS fresh
      FROM stream s) w;

-- The last frames: 700 enters and leaves beside the 1e-300 loss, which
-- survives exactly once the huge ones have gone.
SELECT ts, label, prob, avg_bce(label, prob) OVER (ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS moving
FROM (VALUES (1, 0.0::float8, 1e-300::float8), (2, 1, exp(-700::float8)),
             (3, 0, 1e-300), (4, 0, 1e-300)) v(ts, label, prob)
ORDER BY ts;

-- A moving roll-up of states that carry NaN weights: the mean is NaN in
-- exactly the frames that hold such a state, and taking one back out
-- leaves no trace (each frame's state equals a fresh roll-up of its hours).
CREATE TEMP TABLE nan_hours AS
SELECT h AS hour,
       loss_agg(0.25 * (i % 4), CASE WHEN h IN (3, 4, 11) AND i % 5 = 0 THEN 'NaN'::float8 ELSE 1 + i % 3 END) AS s
FROM (SELECT i, i / 10 AS h FROM generate_series(0, 199) i) r
GROUP BY h;
SELECT hour, mean(moving) AS mean, moving::text = fresh::text AS identical
FROM (SELECT h.hour,
             rollup(s) OVER (ORDER BY hour ROWS 2 PRECEDING) AS moving,
             (SELECT rollup(s) FROM nan_hours f WHERE f.hour BETWEEN h.hour - 2 AND h.hour) AS fresh
      FROM nan_hours h) w
ORDER BY hour;
-- The inverse transition called directly: a state with NaN weights taken
-- back out of a merge gives the other state, bit for bit; one the state
-- does not hold is 22023.
SELECT loss_state_retract(loss_state_combine(a, b), b)::text = a::text AS nan_weights_retracted,
       mean(loss_state_retract(loss_state_combine(a, b), b)) AS mean,
       mean(loss_state_combine(a, b)) AS merged_mean
FROM (SELECT loss_agg(x, w) AS a FROM (VALUES (1.0, 2.0), (3.0, 1.0)) v(x, w)) sa,
     (SELECT loss_agg(x, w) AS b FROM (VALUES (5.0, 'NaN'), (7.0, 1.0)) v(x, w)) sb;
SELECT sqlstate_of($$SELECT loss_state_retract('(v1,2,2,0,0,0,0,0x3p0,0x5p0)', '(v1,1,1,1,0,0,0,0,0)')$$) AS unheld_nan_weight;
DROP TABLE nan_hours;
