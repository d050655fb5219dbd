-- Limits: a fifty-million-element array is answered correctly, and a long
-- call stops promptly on statement_timeout with SQLSTATE 57014; arrays give
-- bit-identical answers however PostgreSQL stores or builds them.

-- 1. Fifty million elements (400 MB), stored lz4-compressed in a temporary
-- table (no WAL; lz4 decompresses 400 MB in a fraction of a second, where
-- pglz takes several).  The backend's peak is about 0.8 GB (the array and
-- its copy as INSERT builds the row); the part takes 2 to 4 s.
CREATE TEMP TABLE big (a float8[] COMPRESSION lz4);
INSERT INTO big SELECT array_fill(2e-8::float8, ARRAY[50000000]);
SELECT array_length(a, 1) AS n, pg_column_compression(a) AS compression,
       abs(entropy(a) - ln(5e7::float8)) < 1e-9 AS entropy_is_ln_n
FROM big;

-- statement_timeout.  Each call below takes its array from a subquery that
-- detoasts it (a || '{}' is a itself, in memory; decompressing 400 MB takes
-- longer than the timeout, and cannot be interrupted), and is followed in
-- the select list by nextval() on a sequence, which is not transactional.
-- The executor checks for interrupts before it fetches a row, not between
-- computing the subquery's row and projecting ours, so the first check
-- after the timer fires is xent's own, in its first chunk: if it is there,
-- the call stops at once and nextval() never runs.  Without it the call
-- would run to its end, nextval() would run, and the cancel would land
-- only at the executor's next check.
CREATE SEQUENCE lim_after;
CREATE TEMP TABLE cancels (call text, outcome text, stopped_inside_xent bool);
-- Runs one call, catching the cancel (which PL/pgSQL's WHEN OTHERS does not
-- catch) and recording how it ended.
CREATE FUNCTION lim_cancel(call text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    outcome text := 'completed';
BEGIN
    PERFORM setval('lim_after', 1, false);
    BEGIN
        EXECUTE format('SELECT %s, nextval(''lim_after'')
                        FROM (SELECT a || ''{}''::float8[] AS x FROM big OFFSET 0) s', call);
    EXCEPTION WHEN query_canceled THEN
        outcome := SQLSTATE || ': ' || SQLERRM;
    END;
    INSERT INTO cancels SELECT call, outcome, NOT is_called FROM lim_after;
END
$$;

-- Each under a 100 ms statement_timeout (the timer covers one top-level
-- statement): xent's probability kernels, its renormalising pass, softmax,
-- log_softmax and both logit cross entropies.
SET statement_timeout = '100ms';
SELECT lim_cancel('entropy(x)');
SELECT lim_cancel('js_div(x, x)');
SELECT lim_cancel('kl_div(x, x, renormalize => true)');
SELECT lim_cancel('softmax(x)');
SELECT lim_cancel('log_softmax(x)');
SELECT lim_cancel('cross_entropy_logits(x, x)');
SELECT lim_cancel('cross_entropy_logits(1, x)');
RESET statement_timeout;

SELECT * FROM cancels ORDER BY call;

DROP FUNCTION lim_cancel(text);
DROP SEQUENCE lim_after;
DROP TABLE big, cancels;

-- 2. Storage.  The same vectors p, q (probabilities) and z (logits) of
-- 50000 elements (quantised, so that they compress) stored pglz- and
-- lz4-compressed, EXTERNAL (out of line, uncompressed), as a slice of a
-- larger stored array, and built in the query by ARRAY(SELECT ...) and
-- array_agg; and of 7 elements stored inline (a short, unaligned header),
-- as ARRAY[...] of subscripts, and sliced.  Every answer must be identical
-- (=, bit for bit), whatever the storage or the alignment of the data.
SELECT setseed(0.314);
-- Stored uncompressed, so that each table below compresses its copy its
-- own way (a compressed value is copied as it is).
CREATE TEMP TABLE src (n int, p float8[], q float8[], z float8[]);
ALTER TABLE src ALTER p SET STORAGE EXTERNAL, ALTER q SET STORAGE EXTERNAL,
                ALTER z SET STORAGE EXTERNAL;
INSERT INTO src
SELECT n, (SELECT array_agg(w / total ORDER BY i) FROM (SELECT i, w, sum(w) OVER () AS total
           FROM (SELECT i, 1 + floor(random() * 8) AS w FROM generate_series(1, n) i) d) s),
          (SELECT array_agg(w / total ORDER BY i) FROM (SELECT i, w, sum(w) OVER () AS total
           FROM (SELECT i, 1 + floor(random() * 8) AS w FROM generate_series(1, n) i) d) s),
          ARRAY(SELECT floor(random() * 16) - 8 FROM generate_series(1, n))
FROM unnest(ARRAY[7, 50000]) n;

CREATE TEMP TABLE st_pglz (n int, p float8[] COMPRESSION pglz, q float8[] COMPRESSION pglz,
                           z float8[] COMPRESSION pglz);
CREATE TEMP TABLE st_lz4 (n int, p float8[] COMPRESSION lz4, q float8[] COMPRESSION lz4,
                          z float8[] COMPRESSION lz4);
CREATE TEMP TABLE st_external (n int, p float8[], q float8[], z float8[]);
ALTER TABLE st_external ALTER p SET STORAGE EXTERNAL, ALTER q SET STORAGE EXTERNAL,
                        ALTER z SET STORAGE EXTERNAL;
-- The vectors inside larger ones: 1000 elements before, 1000 after.
CREATE TEMP TABLE st_padded (n int, p float8[], q float8[], z float8[]);
INSERT INTO st_pglz SELECT n, p, q, z FROM src WHERE n > 7;
INSERT INTO st_lz4 SELECT n, p, q, z FROM src WHERE n > 7;
INSERT INTO st_external SELECT n, p, q, z FROM src WHERE n > 7;
INSERT INTO st_padded
SELECT n, pad || p || pad, pad || q || pad, pad || z || pad
FROM src, LATERAL (SELECT array_fill(0.5::float8, ARRAY[1000]) AS pad) f WHERE n > 7;
CREATE TEMP TABLE st_inline AS SELECT n, p, q, z FROM src WHERE n = 7;

-- How each is stored: compression, and whether it is out of line (in the
-- table's TOAST relation, the heap itself one page).
SELECT t AS stored, pg_column_compression(p) AS compression,
       pg_relation_size(reltoastrelid) > 0 AS out_of_line,
       pg_relation_size(c.oid) = 8192 AS heap_one_page
FROM (SELECT 'source' AS t, p, 'src'::regclass AS rel FROM src WHERE n > 7
      UNION ALL SELECT 'pglz', p, 'st_pglz'::regclass FROM st_pglz
      UNION ALL SELECT 'lz4', p, 'st_lz4'::regclass FROM st_lz4
      UNION ALL SELECT 'external', p, 'st_external'::regclass FROM st_external
      UNION ALL SELECT 'padded', p, 'st_padded'::regclass FROM st_padded
      UNION ALL SELECT 'inline', p, 'st_inline'::regclass FROM st_inline) s
JOIN pg_class c ON c.oid = rel
ORDER BY 1;

-- Each form as (n, p, q, z), the arrays reaching xent as stored.
CREATE TEMP VIEW forms AS
SELECT 'ARRAY(SELECT ...)' AS form, n,
       ARRAY(SELECT x FROM unnest(p) x) AS p, ARRAY(SELECT x FROM unnest(q) x) AS q,
       ARRAY(SELECT x FROM unnest(z) x) AS z
FROM src
UNION ALL
SELECT 'array_agg', n,
       (SELECT array_agg(x ORDER BY i) FROM unnest(p) WITH ORDINALITY u(x, i)),
       (SELECT array_agg(x ORDER BY i) FROM unnest(q) WITH ORDINALITY u(x, i)),
       (SELECT array_agg(x ORDER BY i) FROM unnest(z) WITH ORDINALITY u(x, i))
FROM src
UNION ALL SELECT 'pglz', n, p, q, z FROM st_pglz
UNION ALL SELECT 'lz4', n, p, q, z FROM st_lz4
UNION ALL SELECT 'external', n, p, q, z FROM st_external
UNION ALL SELECT 'slice of a larger array', n, p[1001:1000 + n], q[1001:1000 + n], z[1001:1000 + n]
FROM st_padded
UNION ALL SELECT 'inline', n, p, q, z FROM st_inline
UNION ALL SELECT 'ARRAY[...]', n, ARRAY[p[1], p[2], p[3], p[4], p[5], p[6], p[7]],
                 ARRAY[q[1], q[2], q[3], q[4], q[5], q[6], q[7]],
                 ARRAY[z[1], z[2], z[3], z[4], z[5], z[6], z[7]]
FROM st_inline;

-- Every function on each form, as one float8[] (= compares element by
-- element), and every array aggregate over the form's one row.
CREATE TEMP TABLE answers AS
SELECT form, n, scalar, aggregate
FROM (SELECT form, n,
             ARRAY[entropy(p), entropy(p, base => 2), cross_entropy(p, q), kl_div(p, q),
                   js_div(p, q), js_div(q, p), cross_entropy(3, q), cross_entropy_logits(p, z),
                   cross_entropy_logits(3, z), entropy(q, renormalize => true),
                   kl_div(q, p, renormalize => true)]
             || softmax(z) || log_softmax(z) AS scalar
      FROM forms) s
JOIN (SELECT form, n,
             ARRAY[avg_cross_entropy(p, q), avg_kl_div(p, q), avg_cross_entropy(3, q)] AS aggregate
      FROM forms GROUP BY form, n) a USING (form, n);

SELECT a.n, a.form, a.scalar = b.scalar AS scalars_identical,
       a.aggregate = b.aggregate AS aggregates_identical,
       array_length(a.scalar, 1) AS answers
FROM answers a JOIN answers b ON b.n = a.n AND b.form = 'ARRAY(SELECT ...)'
ORDER BY a.n, a.form;

-- Slices arr[2:5] of stored arrays (inline, and out of line), against the
-- same elements built with ARRAY[...].
SELECT t.n,
       entropy(p[2:5], renormalize => true) = entropy(ARRAY[p[2], p[3], p[4], p[5]], renormalize => true)
           AS entropy_slice,
       kl_div(p[2:5], q[3:6], renormalize => true)
           = kl_div(ARRAY[p[2], p[3], p[4], p[5]], ARRAY[q[3], q[4], q[5], q[6]], renormalize => true)
           AS kl_slice,
       softmax(z[2:5]) = softmax(ARRAY[z[2], z[3], z[4], z[5]]) AS softmax_slice,
       cross_entropy_logits(2, z[2:5]) = cross_entropy_logits(2, ARRAY[z[2], z[3], z[4], z[5]])
           AS label_slice
FROM (SELECT n, p, q, z FROM st_inline UNION ALL SELECT n, p, q, z FROM st_external) t
ORDER BY t.n;

DROP VIEW forms;
DROP TABLE src, st_pglz, st_lz4, st_external, st_padded, st_inline, answers;
