-- Helpers for bench/run: the rows' tables, timing, function detection,
-- memory readings.
-- They live in their own schema so that they never mix with xent's objects.

CREATE SCHEMA bench;

-- The benchmark's rows (filled by rows.sql) and their results.
CREATE TABLE bench.row (
    id          serial PRIMARY KEY,     -- the order of the printed table
    workload    text NOT NULL,          -- first column, e.g. 'A pglz'
    tbl         text NOT NULL,          -- @T@ in the queries
    workers     int NOT NULL,           -- parallel workers forced, 0: serial
    fn          text NOT NULL,          -- second column, e.g. 'kl_div(p,q)'
    xent_key    text NOT NULL,          -- 'name(argtypes)', for bench.has_fn
    xent_q      text,                   -- NULL: n/a
    floor_q     text NOT NULL,
    sql_q       text NOT NULL,
    py_q        text,                   -- NULL: n/a
    -- a real[] row: the workload of the same row over float8[], whose
    -- xent time it is compared with (the xent/float8 column)
    float8_twin text,
    UNIQUE (workload, fn)
);

-- Medians and run counts of xent, floor, SQL, PL/Python (NULL: n/a).
CREATE TABLE bench.result (
    id      int PRIMARY KEY REFERENCES bench.row,
    ms      float8[] NOT NULL,
    runs    int[] NOT NULL
);

-- Is there a function or aggregate with this key, 'name(argtypes)', that
-- takes exactly these argument types, possibly followed by parameters with
-- defaults?  (to_regprocedure needs the full signature, and xent's
-- functions carry optional base/renormalize parameters; a call that
-- resolves only through an implicit cast, say real[] to float8[], must not
-- count either.)
CREATE FUNCTION bench.has_fn(key text)
RETURNS boolean
LANGUAGE sql STABLE
AS $$
    WITH k(fname, argtypes) AS (
        SELECT split_part(key, '(', 1),
               ('{' || rtrim(split_part(key, '(', 2), ')') || '}')::regtype[]
    )
    SELECT EXISTS (
        SELECT 1
          FROM pg_proc AS pr, k
         WHERE pr.proname = k.fname
           AND pg_function_is_visible(pr.oid)
           AND pr.pronargs >= cardinality(k.argtypes)
           AND pr.pronargs - pr.pronargdefaults <= cardinality(k.argtypes)
           -- a slice always has lower bound 1, like argtypes
           AND (pr.proargtypes::oid[])[0:cardinality(k.argtypes) - 1]
               = k.argtypes::oid[])
$$;

-- Server-side execution time of one query, in ms, and how many parallel
-- workers it launched.  EXPLAIN ANALYZE runs the query to completion but
-- sends no rows to the client, and "Execution Time" excludes parsing and
-- planning; TIMING OFF keeps per-node clock reads out of the measurement.
CREATE FUNCTION bench.exec_ms(q text, OUT ms float8, OUT workers int)
LANGUAGE plpgsql
AS $$
DECLARE
    plan jsonb;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, FORMAT JSON) ' || q
       INTO plan;
    ms := (plan -> 0 ->> 'Execution Time')::float8;
    workers := coalesce(
        (jsonb_path_query_first(plan, 'lax $.**."Workers Launched"'))::int, 0);
END
$$;

-- Time the queries of one benchmark row side by side.
--   queries[i]  the query to time, or NULL for "n/a"
--   checks[i]   the same computation on a small subset, run once untimed
--               first: it pays first-call costs (loading a library,
--               importing NumPy) and its value is returned for comparison
--   warm        run once untimed before everything (to warm the cache)
--   maxruns     timed runs per query at most; the median is reported
--   budget_ms   a query is not run again once its timed runs add up to
--               more than this (0: no limit), so that a baseline taking
--               a minute per run does not take ten
-- Runs are interleaved (xent, floor, SQL, PL/Python, xent, floor, ...) so
-- that a slow spell of the machine hits every column alike rather than
-- just one of them.
CREATE FUNCTION bench.measure(queries text[], checks text[], warm text,
                              maxruns int, budget_ms float8)
RETURNS TABLE (idx int, median_ms float8, nruns int, max_workers int,
               check_value float8)
LANGUAGE plpgsql
AS $$
DECLARE
    n int := cardinality(queries);
    r int;
    i int;
    m record;
    times float8[] := array_fill(NULL::float8, ARRAY[n * maxruns]);
    total float8[] := array_fill(0::float8, ARRAY[n]);
    cnt int[] := array_fill(0, ARRAY[n]);
    wk int[] := array_fill(0, ARRAY[n]);
    cv float8[] := array_fill(NULL::float8, ARRAY[n]);
    v float8;
BEGIN
    IF warm IS NOT NULL THEN
        EXECUTE warm;
    END IF;
    FOR i IN 1 .. n LOOP
        IF queries[i] IS NOT NULL AND checks[i] IS NOT NULL THEN
            EXECUTE checks[i] INTO v;
            cv[i] := v;
        END IF;
    END LOOP;

    FOR r IN 1 .. maxruns LOOP
        FOR i IN 1 .. n LOOP
            CONTINUE WHEN queries[i] IS NULL;
            CONTINUE WHEN r > 1 AND budget_ms > 0 AND total[i] > budget_ms;
            m := bench.exec_ms(queries[i]);
            times[(i - 1) * maxruns + r] := m.ms;
            total[i] := total[i] + m.ms;
            cnt[i] := cnt[i] + 1;
            wk[i] := greatest(wk[i], m.workers);
        END LOOP;
    END LOOP;

    FOR i IN 1 .. n LOOP
        idx := i;
        nruns := cnt[i];
        max_workers := wk[i];
        check_value := cv[i];
        median_ms := NULL;
        IF queries[i] IS NOT NULL THEN
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t)
              INTO median_ms
              FROM unnest(times[(i - 1) * maxruns + 1 : i * maxruns]) AS t
             WHERE t IS NOT NULL;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;

-- A field of this backend's /proc/self/status, in kB (Linux only; NULL
-- elsewhere).  VmHWM is the peak resident set size of the process.
CREATE FUNCTION bench.proc_status_kb(field text)
RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
    status text;
BEGIN
    status := pg_read_file('/proc/self/status');
    RETURN (regexp_match(status, '(?:^|\n)' || field || ':\s*(\d+) kB'))[1]::bigint;
EXCEPTION
    WHEN undefined_file OR insufficient_privilege THEN
        RETURN NULL;
END
$$;

-- Load a table, its TOAST table and the TOAST index into shared buffers,
-- so that the timed runs read memory, not the kernel's page cache.
-- (A sequential scan of a table bigger than a quarter of shared_buffers
-- goes through a small ring of buffers and would never cache it itself.)
CREATE FUNCTION bench.prewarm(rel regclass)
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    toast oid;
    toastidx oid;
BEGIN
    IF to_regproc('pg_prewarm') IS NULL THEN
        RETURN;
    END IF;
    PERFORM pg_prewarm(rel);
    SELECT reltoastrelid INTO toast FROM pg_class WHERE oid = rel;
    IF toast <> 0 THEN
        PERFORM pg_prewarm(toast::regclass);
        FOR toastidx IN SELECT indexrelid FROM pg_index WHERE indrelid = toast
        LOOP
            PERFORM pg_prewarm(toastidx::regclass);
        END LOOP;
    END IF;
END
$$;

-- The peak memory, in kB, of the hash aggregates in a query's plan, as
-- EXPLAIN ANALYZE reports it (the hash table with its states).
CREATE FUNCTION bench.peak_hash_kb(query text)
RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
    plan jsonb;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || query INTO plan;
    RETURN (SELECT max(v::text::bigint)
              FROM jsonb_path_query(plan, 'strict $.**."Peak Memory Usage"') AS v);
END
$$;

-- Time one row of bench.row with bench.measure and keep its result.  The
-- check queries run the row's queries on the rows of the table's first two
-- pages (a cheap TID range scan, the same rows every time); the floor
-- query warms the cache.  Returns what deserves a note: a parallel row
-- that launched fewer workers than it asked for would be mislabelled, and
-- xent or PL/Python disagreeing with SQL on those pages computes something
-- else.
CREATE FUNCTION bench.time_row(row_id int, maxruns int, budget_ms float8)
RETURNS SETOF text
LANGUAGE plpgsql
AS $$
DECLARE
    r bench.row;
    names CONSTANT text[] := '{xent,floor,SQL,PL/Python}';
    subset text;
    queries text[];
    checks text[];
    ms float8[];
    runs int[];
    workers int[];
    cv float8[];
BEGIN
    SELECT * INTO STRICT r FROM bench.row WHERE id = row_id;
    PERFORM set_config('max_parallel_workers_per_gather', r.workers::text, true);
    IF r.workers > 0 THEN
        PERFORM set_config(g, '0', true)
           FROM unnest('{parallel_setup_cost,parallel_tuple_cost,min_parallel_table_scan_size,min_parallel_index_scan_size}'::text[]) AS g;
    END IF;

    subset := format('(SELECT * FROM %I WHERE ctid < ''(2,0)'') AS t', r.tbl);
    SELECT array_agg(replace(q, '@T@', quote_ident(r.tbl)) ORDER BY i),
           array_agg(replace(q, '@T@', subset) ORDER BY i)
      INTO queries, checks
      FROM unnest(ARRAY[r.xent_q, r.floor_q, r.sql_q, r.py_q]) WITH ORDINALITY AS u(q, i);

    SELECT array_agg(median_ms ORDER BY idx), array_agg(nruns ORDER BY idx),
           array_agg(max_workers ORDER BY idx), array_agg(check_value ORDER BY idx)
      INTO ms, runs, workers, cv
      FROM bench.measure(queries, checks, queries[2], maxruns, budget_ms);
    INSERT INTO bench.result VALUES (row_id, ms, runs);

    FOR i IN 1 .. 4 LOOP
        IF queries[i] IS NOT NULL AND workers[i] < r.workers THEN
            RETURN NEXT format('%s %s: %s launched only %s parallel workers',
                               r.workload, r.fn, names[i], workers[i]);
        END IF;
        IF i IN (1, 4) AND abs(cv[i] - cv[3]) > 1e-6 * greatest(abs(cv[3]), 1) THEN
            RETURN NEXT format('%s %s: %s gives %s on the first two pages, SQL gives %s',
                               r.workload, r.fn, names[i], cv[i], cv[3]);
        END IF;
    END LOOP;
END
$$;

-- A table's line in the progress: its rows, its size, and for the array
-- tables how p is actually stored (pg_column_compression() is NULL for an
-- uncompressed value).
CREATE FUNCTION bench.describe(rel regclass)
RETURNS text
LANGUAGE plpgsql
AS $f$
DECLARE
    n bigint;
    storage text := '';
BEGIN
    EXECUTE format('SELECT count(*) FROM %s', rel) INTO n;
    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = rel AND attname = 'p') THEN
        EXECUTE format($$SELECT ', p stored ' || string_agg(m || ' ' || k, ', ')
                           FROM (SELECT coalesce(pg_column_compression(p), 'uncompressed'),
                                        count(*)
                                   FROM %s GROUP BY 1) AS s(m, k)$$, rel)
           INTO storage;
    END IF;
    RETURN format('%s: %s rows, %s with TOAST%s',
                  rel, n, pg_size_pretty(pg_total_relation_size(rel)), storage);
END
$f$;

-- The results as in the CSV: medians in ms to three decimals, ratios of
-- those to two; NULL for n/a.
CREATE VIEW bench.results AS
WITH t AS (
    SELECT r.id, r.workload, r.fn, r.float8_twin, s.runs,
           round(s.ms[1]::numeric, 3) AS xent, round(s.ms[2]::numeric, 3) AS floor,
           round(s.ms[3]::numeric, 3) AS sql, round(s.ms[4]::numeric, 3) AS py
      FROM bench.row AS r JOIN bench.result AS s USING (id)
)
SELECT t.id, t.workload, t.fn AS function,
       t.xent AS xent_ms, t.floor AS floor_ms, t.sql AS sql_ms, t.py AS plpython_ms,
       round(t.xent / nullif(t.floor, 0), 2) AS xent_over_floor,
       round(t.sql / nullif(t.xent, 0), 2) AS sql_over_xent,
       round(t.py / nullif(t.xent, 0), 2) AS plpython_over_xent,
       t.runs[1] AS xent_runs, t.runs[2] AS floor_runs,
       t.runs[3] AS sql_runs, t.runs[4] AS plpython_runs,
       t.float8_twin,
       round(t.xent / nullif(twin.xent, 0), 2) AS xent_over_float8
  FROM t LEFT JOIN t AS twin ON twin.workload = t.float8_twin AND twin.fn = t.fn;
