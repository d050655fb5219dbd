-- real[] arguments (xent 1.1).  Where a call casts a real[] to float8[], a
-- planner support function passes the real[] uncast, and the function
-- widens its elements exactly as the cast would have: every result and
-- every error must be the same, to the bit, as through the cast.

-- The reference: the same cast where the planner cannot remove it.
CREATE FUNCTION widened(real[]) RETURNS float8[]
LANGUAGE plpgsql IMMUTABLE STRICT AS $$BEGIN RETURN $1::float8[]; END$$;

-- The cast is gone from every function over float8[] arguments...
CREATE TABLE real_vectors (id int, p real[], q real[], label bigint);
EXPLAIN (VERBOSE, COSTS OFF)
SELECT entropy(p), cross_entropy(p, q), cross_entropy(label, q), kl_div(p, q),
       js_div(p, q, 2), psi(p, q), hellinger(p, q), js_distance(p, q), tvd(p, q),
       softmax(p), log_softmax(p), cross_entropy_logits(p, q),
       cross_entropy_logits(label, q)
FROM real_vectors;
-- ...also from a cast written out, and from one argument of two.
EXPLAIN (VERBOSE, COSTS OFF)
SELECT entropy(p::float8[]), kl_div(p, '{0.5,0.5}') FROM real_vectors;
-- It stays where it is not float8(real): numeric[], int[], text.
EXPLAIN (VERBOSE, COSTS OFF)
SELECT entropy(p::numeric[]::float8[]), entropy(p::int[]), entropy(p::text::float8[])
FROM real_vectors;
-- Aggregates have no support functions: their cast stays, as before.
EXPLAIN (VERBOSE, COSTS OFF)
SELECT avg_cross_entropy(p, q), avg_kl_div(p, q) FROM real_vectors;

-- Random vectors, of lengths across the widening's inline buffer (32) and
-- up to 100, some with zeros, starting at subscripts other than 1; q as
-- logits for the logit functions.  Compared with the cast, bit for bit.
SELECT setseed(0.25);
INSERT INTO real_vectors
SELECT id,
       (SELECT array_agg(CASE WHEN i > 1 AND random() < 0.1 THEN 0 ELSE random() END::real)
          FROM generate_series(1, n) i),
       (SELECT array_agg(random()::real) FROM generate_series(1, n)),
       1 + id % n
FROM (SELECT id, 1 + (id * 7919) % 100 AS n FROM generate_series(1, 400) id) s;
UPDATE real_vectors SET p = '[0:2]={0.25,0.5,0.25}', q = '[0:2]={0.5,0.25,0.25}',
                        label = 0
 WHERE id = 1;
-- Normalised in float8 and stored as real, so sums are 1 only to about 1e-7.
UPDATE real_vectors
   SET p = (SELECT array_agg((x / s)::real) FROM unnest(p) x, (SELECT sum(y) s FROM unnest(p) y) t),
       q = (SELECT array_agg((x / s)::real) FROM unnest(q) x, (SELECT sum(y) s FROM unnest(q) y) t)
 WHERE id > 1;
SET xent.tolerance = 1e-5;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE entropy(p) IS DISTINCT FROM entropy(widened(p))) AS entropy,
       count(*) FILTER (WHERE entropy(p, 2) IS DISTINCT FROM entropy(widened(p), 2)) AS entropy_bits,
       count(*) FILTER (WHERE cross_entropy(p, q) IS DISTINCT FROM cross_entropy(widened(p), widened(q))) AS cross_entropy,
       count(*) FILTER (WHERE cross_entropy(label, q) IS DISTINCT FROM cross_entropy(label, widened(q))) AS labelled,
       count(*) FILTER (WHERE kl_div(p, q, renormalize => true) IS DISTINCT FROM kl_div(widened(p), widened(q), renormalize => true)) AS kl_div,
       count(*) FILTER (WHERE js_div(p, q) IS DISTINCT FROM js_div(widened(p), widened(q))) AS js_div,
       count(*) FILTER (WHERE psi(p, q) IS DISTINCT FROM psi(widened(p), widened(q))) AS psi,
       count(*) FILTER (WHERE hellinger(p, q) IS DISTINCT FROM hellinger(widened(p), widened(q))) AS hellinger,
       count(*) FILTER (WHERE js_distance(p, q) IS DISTINCT FROM js_distance(widened(p), widened(q))) AS js_distance,
       count(*) FILTER (WHERE tvd(p, q) IS DISTINCT FROM tvd(widened(p), widened(q))) AS tvd,
       count(*) FILTER (WHERE softmax(q) IS DISTINCT FROM softmax(widened(q))) AS softmax,
       count(*) FILTER (WHERE log_softmax(q) IS DISTINCT FROM log_softmax(widened(q))) AS log_softmax,
       count(*) FILTER (WHERE cross_entropy_logits(p, q) IS DISTINCT FROM cross_entropy_logits(widened(p), widened(q))) AS logits,
       count(*) FILTER (WHERE cross_entropy_logits(label, q) IS DISTINCT FROM cross_entropy_logits(label, widened(q))) AS logits_label
FROM real_vectors;
-- The aggregates cast, but loss_agg over the scalar function, which reads
-- the real[] natively, is the same mean to the bit.
EXPLAIN (VERBOSE, COSTS OFF)
SELECT mean(loss_agg(cross_entropy(p, q))) FROM real_vectors;
SELECT avg_cross_entropy(p, q) = mean(loss_agg(cross_entropy(p, q))) AS cross_entropy_mean,
       avg_cross_entropy(label, q) = mean(loss_agg(cross_entropy(label, q))) AS labelled_mean,
       avg_kl_div(p, q) = mean(loss_agg(kl_div(p, q))) AS kl_div_mean
FROM real_vectors;

-- The same in a parallel plan, and through a generic plan's parameter.
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT count(*) FILTER (WHERE kl_div(p, q) IS DISTINCT FROM kl_div(widened(p), widened(q))) AS parallel_mismatches
FROM real_vectors;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
SET plan_cache_mode = force_generic_plan;
PREPARE real_js(real[], real[]) AS SELECT js_div($1, $2);
EXPLAIN (VERBOSE, COSTS OFF) EXECUTE real_js('{0.5,0.5}', '{0.25,0.75}');
EXECUTE real_js('{0.5,0.5}', '{0.25,0.75}');
SELECT js_div(widened('{0.5,0.5}'), widened('{0.25,0.75}')) AS through_cast;
DEALLOCATE real_js;
RESET plan_cache_mode;

-- Longer than one chunk between interrupt checks (65536 elements).
SELECT entropy(p) = entropy(widened(p)) AS long_entropy,
       tvd(p, p) AS long_tvd
FROM (SELECT array_fill((1.0 / 100000)::real, ARRAY[100000]) AS p) s;

-- Specials: NaN gives NaN, -Infinity logits are masked classes, and a
-- NULL real[] gives NULL.
SELECT entropy('{NaN,0.5}'::real[]) AS nan_entropy,
       softmax('{-Infinity,0,0}'::real[]) AS masked_softmax,
       entropy(NULL::real[]) AS null_entropy,
       kl_div('{1}'::real[], NULL::real[]) AS null_kl;

-- Every error is the one the cast gives: the same SQLSTATE, message,
-- detail (element values are the widened floats) and hint.
SELECT query,
       sqlstate_of(query) AS error,
       sqlstate_of(query) = sqlstate_of(regexp_replace(query, '(''[^'']*''::real\[\])', 'widened(\1)', 'g'))
         AS same_as_cast
FROM (VALUES
    ($$SELECT entropy('{{0.5,0.5}}'::real[])$$),
    ($$SELECT entropy('{}'::real[])$$),
    ($$SELECT kl_div('{0.5,0.5}'::real[], '{1}'::real[])$$),
    ($$SELECT entropy('{0.5,NULL,0.5}'::real[])$$),
    ($$SELECT js_div('{0.5,0.5}'::real[], '[0:1]={0.5,NULL}'::real[])$$),
    ($$SELECT entropy('{0.1,-0.1,1}'::real[])$$),
    ($$SELECT hellinger('{Infinity,0}'::real[], '{0.5,0.5}'::real[])$$),
    ($$SELECT entropy('{0.1,0.2}'::real[])$$),
    ($$SELECT tvd('{0,0}'::real[], '{0.5,0.5}'::real[], renormalize => true)$$),
    ($$SELECT cross_entropy(3, '{0.5,0.5}'::real[])$$),
    ($$SELECT softmax('{-Infinity,-Infinity}'::real[])$$),
    ($$SELECT cross_entropy_logits('{0.5,0.5}'::real[], '{1,Infinity}'::real[])$$),
    ($$SELECT entropy('{0.5,0.5}'::real[], base => 1)$$)
) AS t(query);

-- Calls that resolved before still do, to the same function and value.
SELECT entropy('{0.5,0.5}') AS untyped,
       entropy(ARRAY[0.5, 0.5]) AS numeric_array,
       entropy(ARRAY[1]) AS int_array,
       cross_entropy(2, '{0.5,0.25,0.25}') AS untyped_label,
       kl_div(ARRAY[0.5, 0.5]::real[], '{0.25,0.75}') AS real_and_untyped;
-- A domain over real[] is read natively too, and a view stores the cast
-- as written, which the planner removes when the view is used.
CREATE DOMAIN real_probabilities AS real[] CHECK (array_ndims(VALUE) = 1);
CREATE VIEW real_entropies AS
SELECT id, entropy(p::real_probabilities) AS h FROM real_vectors;
SELECT pg_get_viewdef('real_entropies') LIKE '%::double precision[]%' AS view_keeps_cast;
EXPLAIN (VERBOSE, COSTS OFF) SELECT h FROM real_entropies;
SELECT count(*) FILTER (WHERE h IS DISTINCT FROM entropy(widened(p))) AS view_mismatches
FROM real_entropies JOIN real_vectors USING (id);
RESET xent.tolerance;

DROP VIEW real_entropies;
DROP DOMAIN real_probabilities;
DROP TABLE real_vectors;
DROP FUNCTION widened(real[]);
