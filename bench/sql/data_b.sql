-- Workload B: :rows_b rows of two 10-element float8[] probability vectors
-- and a class label in 1..10, and the same rows with real[] vectors.
-- Small arrays stay inline in the heap tuple, so this measures per-call
-- overhead rather than detoasting.
-- Vectors come from a pool (see data_a.sql for why); here they are
-- normalised uniform randoms in (0, 1], so full-precision values.

\set ON_ERROR_STOP 1
SET work_mem = '256MB';

SELECT least(:rows_b, 50000) AS pool_b \gset

SELECT setseed(0.22);

CREATE UNLOGGED TABLE pool_b (v int PRIMARY KEY, vec float8[]);

INSERT INTO pool_b (v, vec)
SELECT v, array_agg(r / total ORDER BY i)
  FROM (SELECT v, i, r, sum(r) OVER (PARTITION BY v) AS total
          FROM (SELECT v, i, 1.0 - random() AS r    -- in (0, 1]: never 0
                  FROM generate_series(0, :pool_b - 1) AS v,
                       generate_series(1, 10) AS i) AS draws) AS w
 GROUP BY v;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pool_b
                WHERE abs((SELECT sum(x) FROM unnest(vec) AS x) - 1) > 1e-9
                   OR (SELECT min(x) FROM unnest(vec) AS x) <= 0) THEN
        RAISE EXCEPTION 'bench: pool_b holds an invalid probability vector';
    END IF;
END
$$;

CREATE UNLOGGED TABLE b (id int, label int, p float8[], q float8[]);

INSERT INTO b (id, label, p, q)
SELECT id, 1 + floor(random() * 10)::int, pp.vec, pq.vec
  FROM generate_series(1, :rows_b) AS id
  JOIN pool_b AS pp ON pp.v = (id::bigint * 7919) % :pool_b
  JOIN pool_b AS pq ON pq.v = (id::bigint * 104729 + 1) % :pool_b
 ORDER BY id;

CREATE UNLOGGED TABLE b_real AS
SELECT id, label, p::real[] AS p, q::real[] AS q FROM b ORDER BY id;

DROP TABLE pool_b;
