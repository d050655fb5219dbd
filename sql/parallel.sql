-- Parallel plans combine loss states to the serial plan's result, bit for bit.
SELECT setseed(0.23);
CREATE TABLE scored AS
SELECT i % 7 AS grp,
       (random() < 0.3)::int::float8 AS label,
       random() AS prob,
       random() * 10 - 5 AS logit,
       1 + (i % 3) AS class,
       ARRAY[0.2, 0.3, 0.5]::float8[] AS p,
       (random() < 0.5) AS flag,
       CASE WHEN i % 100003 = 0 THEN 'NaN' ELSE random() * 4 END AS weight,
       ARRAY[a, b, 1 - a - b] AS q
FROM (SELECT i, 0.5 * random() AS a, 0.5 * random() AS b
      FROM generate_series(1, 200000) i) draws;
ANALYZE scored;

CREATE TEMP TABLE serial AS
SELECT avg_bce(label, prob) AS bce, avg_bce(label, prob, 1e-3) AS clipped,
       avg_bce_logits(label, logit) AS logits, avg_cross_entropy(p, q) AS ce,
       avg_cross_entropy(class, q) AS ce_label, avg_kl_div(p, q) AS kl,
       avg_bce(flag, prob) AS bce_bool,
       loss_agg(bce(label, prob))::text AS state, loss_agg(bce(label, prob), weight)::text AS weighted
FROM scored;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;

EXPLAIN (COSTS OFF)
SELECT avg_bce(label, prob), avg_bce(label, prob, 1e-3), avg_bce_logits(label, logit),
       avg_cross_entropy(p, q), avg_cross_entropy(class, q), avg_kl_div(p, q)
FROM scored;

SELECT s.bce = p.bce AS bce, s.clipped = p.clipped AS clipped,
       s.logits = p.logits AS logits, s.ce = p.ce AS ce,
       s.ce_label = p.ce_label AS ce_label, s.kl = p.kl AS kl,
       s.bce_bool = p.bce_bool AS bce_bool, s.state = p.state AS state,
       s.weighted = p.weighted AS weighted_state
FROM serial s,
     (SELECT avg_bce(label, prob) AS bce, avg_bce(label, prob, 1e-3) AS clipped,
             avg_bce_logits(label, logit) AS logits, avg_cross_entropy(p, q) AS ce,
             avg_cross_entropy(class, q) AS ce_label, avg_kl_div(p, q) AS kl,
             avg_bce(flag, prob) AS bce_bool,
             loss_agg(bce(label, prob))::text AS state, loss_agg(bce(label, prob), weight)::text AS weighted
      FROM scored) p;

-- Grouped, in parallel, against the serial grouping.
CREATE TEMP TABLE parallel_groups AS
SELECT grp, avg_bce(label, prob) AS bce FROM scored GROUP BY grp;
EXPLAIN (COSTS OFF) SELECT grp, avg_bce(label, prob) FROM scored GROUP BY grp;
SET max_parallel_workers_per_gather = 0;
SELECT bool_and(s.bce = g.bce) AS grouped_identical, count(*) AS groups
FROM (SELECT grp, avg_bce(label, prob) AS bce FROM scored GROUP BY grp) s
JOIN parallel_groups g USING (grp);

-- Roll-ups of stored states in parallel, and states that hold NaN: the
-- combine function must carry every count across workers.
SET max_parallel_workers_per_gather = 0;
CREATE TABLE scored_hourly AS
SELECT i % 1000 AS hour, loss_agg(bce(label, prob), weight) AS s
FROM (SELECT row_number() OVER () AS i, * FROM scored) r GROUP BY 1;
ANALYZE scored_hourly;
CREATE TEMP TABLE serial_rollup AS
SELECT rollup(s)::text AS all_hours, (SELECT rollup(s)::text FROM scored_hourly WHERE NOT mean(s) = 'NaN') AS no_nan
FROM scored_hourly;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT rollup(s) FROM scored_hourly;
SELECT rollup(s)::text = (SELECT all_hours FROM serial_rollup) AS rollup_identical,
       rollup(s)::text = (SELECT weighted FROM serial) AS equals_rows,
       mean(rollup(s)) AS mean_with_nan,
       (SELECT rollup(s)::text FROM scored_hourly WHERE NOT mean(s) = 'NaN') = (SELECT no_nan FROM serial_rollup) AS without_nan
FROM scored_hourly;
DROP TABLE scored_hourly;
