-- Parallel plans combine loss states to the serial plan's result, bit for bit.
SELECT setseed(0.23);
CREATE TABLE scored AS
SELECT i % 7 AS grp,
       (random() < 0.3)::int::float8 AS label,
       random() AS prob,
       random() * 10 - 5 AS logit,
       1 + (i % 3) AS class,
       ARRAY[0.2, 0.3, 0.5]::float8[] AS p,
       ARRAY[a, b, 1 - a - b] AS q
FROM (SELECT i, 0.5 * random() AS a, 0.5 * random() AS b
      FROM generate_series(1, 200000) i) draws;
ANALYZE scored;

CREATE TEMP TABLE serial AS
SELECT avg_bce(label, prob) AS bce, avg_bce(label, prob, 1e-3) AS clipped,
       avg_bce_logits(label, logit) AS logits, avg_cross_entropy(p, q) AS ce,
       avg_cross_entropy(class, q) AS ce_label, avg_kl_div(p, q) AS kl
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
       s.ce_label = p.ce_label AS ce_label, s.kl = p.kl AS kl
FROM serial s,
     (SELECT avg_bce(label, prob) AS bce, avg_bce(label, prob, 1e-3) AS clipped,
             avg_bce_logits(label, logit) AS logits, avg_cross_entropy(p, q) AS ce,
             avg_cross_entropy(class, q) AS ce_label, avg_kl_div(p, q) AS kl
      FROM scored) p;

-- Grouped, in parallel, against the serial grouping.
CREATE TEMP TABLE parallel_groups AS
SELECT grp, avg_bce(label, prob) AS bce FROM scored GROUP BY grp;
EXPLAIN (COSTS OFF) SELECT grp, avg_bce(label, prob) FROM scored GROUP BY grp;
SET max_parallel_workers_per_gather = 0;
SELECT bool_and(s.bce = g.bce) AS grouped_identical, count(*) AS groups
FROM (SELECT grp, avg_bce(label, prob) AS bce FROM scored GROUP BY grp) s
JOIN parallel_groups g USING (grp);
