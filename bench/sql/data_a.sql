-- Workload A: :rows_a rows of two 1000-element float8[] probability vectors,
-- stored three ways (pglz, lz4, external = uncompressed out of line), and
-- the same vectors as real[] (pglz).
--
-- Drawing 2 x 1000 randoms per row in SQL takes minutes at 100,000 rows,
-- so the vectors come from a pool of at most 2000 distinct ones, assigned
-- to rows by two different strides.  Each row still owns its own TOAST
-- copy, so reading it costs the same as reading distinct data.
--
-- A vector is a normalised histogram: 1000 counts in 1..64 divided by
-- their total.  That gives positive entries summing to 1 within rounding,
-- with few distinct values per vector, so TOAST compression really
-- engages.  (Full-precision random doubles do not compress: pglz gives
-- up on them and stores them raw, and the three tables would be alike.)

\set ON_ERROR_STOP 1
SET work_mem = '256MB';

SELECT least(:rows_a, 2000) AS pool_a \gset

SELECT setseed(0.11);

CREATE UNLOGGED TABLE pool_a (v int PRIMARY KEY, vec float8[], vec4 real[]);
-- Uncompressed on purpose: a value copied out of a compressed column keeps
-- its compression method when inserted into another table, and then the
-- lz4 table would hold pglz data.
ALTER TABLE pool_a ALTER vec SET STORAGE EXTERNAL, ALTER vec4 SET STORAGE EXTERNAL;

INSERT INTO pool_a (v, vec)
SELECT v, array_agg(c / total ORDER BY i)
  FROM (SELECT v, i, c, sum(c) OVER (PARTITION BY v) AS total
          FROM (SELECT v, i, 1 + floor(random() * 64) AS c
                  FROM generate_series(0, :pool_a - 1) AS v,
                       generate_series(1, 1000) AS i) AS counts) AS w
 GROUP BY v;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pool_a
                WHERE abs((SELECT sum(x) FROM unnest(vec) AS x) - 1) > 1e-9
                   OR (SELECT min(x) FROM unnest(vec) AS x) <= 0) THEN
        RAISE EXCEPTION 'bench: pool_a holds an invalid probability vector';
    END IF;
END
$$;

UPDATE pool_a SET vec4 = vec::real[];

-- The tables are UNLOGGED only to skip writing WAL while loading; reading
-- them costs the same as reading a logged table.
CREATE UNLOGGED TABLE a_pglz (id int, p float8[], q float8[]);
ALTER TABLE a_pglz ALTER p SET COMPRESSION pglz, ALTER q SET COMPRESSION pglz;

CREATE UNLOGGED TABLE a_lz4 (id int, p float8[], q float8[]);
ALTER TABLE a_lz4 ALTER p SET COMPRESSION lz4, ALTER q SET COMPRESSION lz4;

CREATE UNLOGGED TABLE a_ext (id int, p float8[], q float8[]);
ALTER TABLE a_ext ALTER p SET STORAGE EXTERNAL, ALTER q SET STORAGE EXTERNAL;

CREATE UNLOGGED TABLE a_real_pglz (id int, p real[], q real[]);
ALTER TABLE a_real_pglz ALTER p SET COMPRESSION pglz, ALTER q SET COMPRESSION pglz;

-- Strides are primes, so each one walks the whole pool, and p and q of a
-- row differ.
CREATE TEMP VIEW a_source AS
SELECT id, pp.vec AS p, pq.vec AS q, pp.vec4 AS p4, pq.vec4 AS q4
  FROM generate_series(1, :rows_a) AS id
  JOIN pool_a AS pp ON pp.v = (id::bigint * 7919) % :pool_a
  JOIN pool_a AS pq ON pq.v = (id::bigint * 104729 + 1) % :pool_a;

INSERT INTO a_pglz SELECT id, p, q FROM a_source ORDER BY id;
INSERT INTO a_lz4 SELECT id, p, q FROM a_source ORDER BY id;
INSERT INTO a_ext SELECT id, p, q FROM a_source ORDER BY id;
INSERT INTO a_real_pglz SELECT id, p4, q4 FROM a_source ORDER BY id;

DROP VIEW a_source;
DROP TABLE pool_a;
