-- The binary cross-entropy aggregates keep a block of rows whose
-- logarithms wait, in an expanded state (buffered_state.h), once a group
-- has 64 rows.  Whatever reads the state must get the rows pending too,
-- and every result must be, bit for bit, the exact mean of the same
-- per-row losses as bce() and bce_logits() give them: mean(loss_agg(...)),
-- and a window aggregate, never buffered, are the references.
SET extra_float_digits = 0;
SELECT setseed(0.29);

-- Hard labels mostly; soft labels, NaN, NULL, and probabilities of 0 and 1
-- (infinite and zero losses) among them, and infinite logits.
CREATE TABLE mixed AS
SELECT i AS id, i % 17 AS grp,
       CASE WHEN i % 101 = 0 THEN 0.25
            WHEN i % 211 = 0 THEN 'NaN'
            WHEN i % 307 = 0 THEN NULL
            ELSE (random() < 0.3)::int END::float8 AS label,
       CASE WHEN i % 409 = 0 THEN 0
            WHEN i % 503 = 0 THEN 1
            WHEN i % 601 = 0 THEN 'NaN'
            WHEN i % 701 = 0 THEN NULL
            ELSE random() END::float8 AS prob,
       CASE WHEN i % 809 = 0 THEN 'Infinity'
            WHEN i % 907 = 0 THEN '-Infinity'
            WHEN i % 1009 = 0 THEN 'NaN'
            ELSE random() * 40 - 20 END::float8 AS logit
FROM generate_series(1, 30000) i;
-- Without NaN or infinite losses, which a mean hides its sum behind.
CREATE TABLE clean AS
SELECT * FROM mixed
WHERE label <> 'NaN' AND prob > 0 AND prob < 1
  AND logit > '-Infinity' AND logit < 'Infinity';
ANALYZE mixed, clean;

CREATE FUNCTION bits_equal(a float8, b float8) RETURNS bool
LANGUAGE sql IMMUTABLE AS $$ SELECT a IS NOT DISTINCT FROM b $$;

-- One aggregate over all rows, each overload.
SELECT bits_equal(avg_bce(label, prob), mean(loss_agg(bce(label, prob)))) AS bce,
       bits_equal(avg_bce(label > 0.5, prob), mean(loss_agg(bce(label > 0.5, prob)))) AS bce_bool,
       bits_equal(avg_bce(label, prob, 1e-7),
                  mean(loss_agg(bce(label, least(greatest(prob, 1e-7), 1 - 1e-7::float8))))) AS clipped,
       bits_equal(avg_bce(label > 0.5, prob, 0.01),
                  mean(loss_agg(bce(label > 0.5, least(greatest(prob, 0.01), 1 - 0.01::float8))))) AS clipped_bool,
       bits_equal(avg_bce_logits(label, logit), mean(loss_agg(bce_logits(label, logit)))) AS logits,
       bits_equal(avg_bce_logits(label > 0.5, logit),
                  mean(loss_agg(bce_logits(label > 0.5, logit)))) AS logits_bool
FROM clean;
SELECT avg_bce(label, prob) AS bce_infinite,
       bits_equal(avg_bce(label, prob), mean(loss_agg(bce(label, prob)))) AS bce_same,
       avg_bce_logits(label, logit) AS logits_infinite,
       bits_equal(avg_bce_logits(label, logit), mean(loss_agg(bce_logits(label, logit)))) AS logits_same
FROM mixed WHERE label <> 'NaN' AND prob <> 'NaN' AND logit <> 'NaN';
SELECT avg_bce(label, prob) AS bce_nan, avg_bce_logits(label, logit) AS logits_nan,
       count(label) AS labels
FROM mixed;

-- Against a window aggregate over the whole partition (never buffered).
SELECT bool_and(bits_equal(plain, windowed)) AS identical, count(*) AS groups
FROM (SELECT grp, avg_bce(label, prob) AS plain,
             max(w) AS windowed
      FROM (SELECT grp, label, prob,
                   avg_bce(label, prob) OVER (PARTITION BY grp) AS w
            FROM clean) r
      GROUP BY grp) g;

-- Groups sorted and hashed, of some 1700 rows.
SET enable_hashagg = off;
CREATE TEMP TABLE sorted_big AS
SELECT grp, avg_bce(label, prob) AS bce, avg_bce_logits(label, logit) AS logits,
       mean(loss_agg(bce(label, prob))) AS bce_ref,
       mean(loss_agg(bce_logits(label, logit))) AS logits_ref
FROM clean GROUP BY grp;
SELECT bool_and(bits_equal(bce, bce_ref) AND bits_equal(logits, logits_ref)) AS sorted_identical
FROM sorted_big;
RESET enable_hashagg;
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT grp, avg_bce(label, prob) FROM clean GROUP BY grp;
SELECT bool_and(bits_equal(s.bce, h.bce) AND bits_equal(s.logits, h.logits)) AS hashed_identical,
       count(*) AS groups
FROM sorted_big s
JOIN (SELECT grp, avg_bce(label, prob) AS bce, avg_bce_logits(label, logit) AS logits
      FROM clean GROUP BY grp) h USING (grp);

-- A hash aggregate buffers a group once it has 1024 rows.  Groups of 1500
-- rows one after another, with little work_mem: the buffered groups fill
-- it, and the later groups spill to disk, to make their states anew in
-- another batch.
CREATE TEMP TABLE runs AS
SELECT (k - 1) / 1500 AS g, label, prob, logit
FROM (SELECT row_number() OVER (ORDER BY id, r) AS k, label, prob, logit
      FROM clean, generate_series(1, 3) r) n;
CREATE FUNCTION hash_batches(query text) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, FORMAT JSON) ' || query INTO plan;
    RETURN (plan -> 0 -> 'Plan' ->> 'HashAgg Batches')::int;
END
$$;
SET work_mem = '64kB';
SELECT hash_batches('SELECT g, avg_bce(label, prob), avg_bce_logits(label, logit) FROM runs GROUP BY g') > 1 AS spills;
CREATE TEMP TABLE spilled AS
SELECT g, avg_bce(label, prob) AS bce, avg_bce_logits(label, logit) AS logits
FROM runs GROUP BY g;
RESET work_mem;
RESET enable_sort;
SELECT bool_and(bits_equal(s.bce, r.bce) AND bits_equal(s.logits, r.logits)) AS spilled_identical,
       count(*) AS groups
FROM spilled s
JOIN (SELECT DISTINCT g, avg_bce(label, prob) OVER (PARTITION BY g) AS bce,
             avg_bce_logits(label, logit) OVER (PARTITION BY g) AS logits
      FROM runs) r USING (g);

-- Grouping sets, FILTER, ORDER BY and DISTINCT inside the aggregate.
SELECT bool_and(bits_equal(a, b)) AS grouping_sets_identical, count(*) AS sets
FROM (SELECT grp, avg_bce(label, prob) AS a, mean(loss_agg(bce(label, prob))) AS b
      FROM clean GROUP BY ROLLUP (grp)) r;
SELECT bits_equal(avg_bce(label, prob ORDER BY id DESC),
                  avg_bce(label, prob) FILTER (WHERE id > 0)) AS ordered_filtered,
       bits_equal(avg_bce(DISTINCT label, prob),
                  (SELECT avg_bce(label, prob) FROM (SELECT DISTINCT label, prob FROM clean) d)) AS distinct_rows
FROM clean;

-- Moving frames wider than a buffer, against fresh plain aggregates.
SELECT count(*) AS frames,
       count(*) FILTER (WHERE bits_equal(moving, fresh)) AS identical
FROM (SELECT m.id,
             avg_bce(label, prob) OVER (ORDER BY id RANGE BETWEEN 199 PRECEDING AND CURRENT ROW) AS moving,
             (SELECT avg_bce(label, prob) FROM clean f WHERE f.id BETWEEN m.id - 199 AND m.id) AS fresh
      FROM clean m WHERE m.id <= 1200) w;

-- Parallel plans: partial states, flattened in the workers, combined.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT avg_bce(label, prob) FROM clean;
SELECT bits_equal(avg_bce(label, prob), (SELECT max(w) FROM (SELECT avg_bce(label, prob) OVER () AS w FROM clean) x)) AS parallel_bce,
       bits_equal(avg_bce_logits(label, logit), (SELECT max(w) FROM (SELECT avg_bce_logits(label, logit) OVER () AS w FROM clean) x)) AS parallel_logits
FROM clean;
SELECT bool_and(bits_equal(p.bce, s.bce)) AS parallel_groups_identical
FROM (SELECT grp, avg_bce(label, prob) AS bce FROM clean GROUP BY grp) p
JOIN sorted_big s USING (grp);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- A bad row after a buffer's worth of good ones raises its own error at
-- once, naming it, as without buffering.
SELECT avg_bce(label, prob) FROM (SELECT label, prob FROM clean WHERE id <= 1000
                                  UNION ALL SELECT 1, 1.5) r;
SELECT avg_bce(label, prob) FROM (SELECT label, prob FROM clean WHERE id <= 1000
                                  UNION ALL SELECT 2, 0.5) r;
SELECT avg_bce(label, prob, eps) FROM (SELECT label, prob, 0.01 AS eps FROM clean WHERE id <= 1000
                                       UNION ALL SELECT 1, 0.5, 0.02) r;
SELECT avg_bce_logits(label, logit) FROM (SELECT label, logit FROM clean WHERE id <= 1000
                                          UNION ALL SELECT -1, 0.5) r;
