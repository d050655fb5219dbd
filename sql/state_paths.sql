-- The per-row paths of the stored-state aggregates (stored_state.h):
-- terms added in place to a sum found by walking the spans from the last
-- one, spans copied only when one must widen, bounds compared bytewise
-- first, bigint keys compared as numbers.  None may change a result: a
-- state over all rows must equal, in its text form, the rollup of states
-- over parts of them, and the values must be the ones of their definition.
SET extra_float_digits = 0;
SELECT setseed(0.41);

CREATE TABLE paths_rows AS
SELECT i AS id, i % 7 AS part,
       (random() < 0.3)::int::float8 AS y,
       CASE WHEN i % 97 = 0 THEN 0 WHEN i % 89 = 0 THEN 1
            ELSE random() END::float8 AS p,
       CASE WHEN i % 13 = 0 THEN 1e-300 WHEN i % 11 = 0 THEN 1e300
            ELSE 1 + random() END::float8 AS w
FROM generate_series(1, 20000) i;

-- binary_agg: eight sums a row, which widen as tiny and huge weights come.
SELECT (SELECT binary_agg(y, p, w)::text FROM paths_rows)
       = (SELECT rollup(s)::text
            FROM (SELECT binary_agg(y, p, w) AS s FROM paths_rows GROUP BY part) g)
       AS binary_weighted_is_rollup,
       (SELECT binary_agg(y, p)::text FROM paths_rows)
       = (SELECT rollup(s)::text
            FROM (SELECT binary_agg(y, p) AS s FROM paths_rows GROUP BY part) g)
       AS binary_is_rollup;

-- calibration_agg over 99 bins: a row's three sums lie far into the state.
CREATE TABLE paths_bounds AS
SELECT array_agg(i / 100.0 ORDER BY i)::float8[] AS b FROM generate_series(1, 99) i;
SELECT (SELECT calibration_agg(y, p, b, w)::text FROM paths_rows, paths_bounds)
       = (SELECT rollup(s)::text
            FROM (SELECT calibration_agg(y, p, b, w) AS s
                    FROM paths_rows, paths_bounds GROUP BY part) g)
       AS calibration_is_rollup,
       abs((SELECT ece(calibration_agg(y, p, b)) FROM paths_rows, paths_bounds)
           - (SELECT sum(abs(sp - sy)) / sum(n)
                FROM (SELECT sum(p) AS sp, sum(y) AS sy, count(*) AS n
                        FROM paths_rows, paths_bounds GROUP BY width_bucket(p, b)) g))
       < 1e-12 AS ece_is_definition;

-- Bounds of other bytes but equal values (-0 and 0) are the same bounds;
-- other values are not.
SELECT ece(calibration_agg(y, p, CASE WHEN id % 2 = 0 THEN '{-0,0.5}'
                                      ELSE '{0,0.5}' END::float8[]))
       = ece(calibration_agg(y, p, '{0,0.5}')) AS zero_bounds_are_equal
  FROM paths_rows;
SELECT calibration_agg(y, p, CASE WHEN id = 5 THEN '{0.25,0.5}'
                                  ELSE '{0.25,0.75}' END::float8[])
  FROM paths_rows;

-- freq_agg over bigint paths_keys across the whole range, negative ones among
-- them: sorted in numeric order, each counted.
CREATE TABLE paths_keys AS
SELECT (ARRAY[-9223372036854775808, -4294967296, -256, -1, 0, 1, 255, 256,
              4294967296, 9223372036854775807])[1 + i % 10]::bigint AS k
  FROM generate_series(1, 1000) i;
SELECT freq_agg(k) FROM paths_keys;
SELECT freq_agg(k)::text = (SELECT rollup(s)::text
                              FROM (SELECT freq_agg(k) AS s FROM paths_keys
                                     GROUP BY k % 3) g) AS freq_is_rollup
  FROM paths_keys;

DROP TABLE paths_rows, paths_bounds, paths_keys;
