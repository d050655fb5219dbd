-- Helpers for bench/run: timing, function detection, memory readings.
-- They live in their own schema so that they never mix with xent's objects.

CREATE SCHEMA bench;

-- Is there a function or aggregate named fname that takes exactly these
-- argument types, possibly followed by parameters with defaults?
-- (to_regprocedure needs the full signature, and xent's functions carry
-- optional base/renormalize parameters; a call that resolves only through
-- an implicit cast, say real[] to float8[], must not count either.)
CREATE FUNCTION bench.has_fn(fname text, argtypes regtype[])
RETURNS boolean
LANGUAGE sql STABLE
AS $$
    SELECT EXISTS (
        SELECT 1
          FROM pg_proc AS pr
         WHERE pr.proname = fname
           AND pg_function_is_visible(pr.oid)
           AND pr.pronargs >= cardinality(argtypes)
           AND pr.pronargs - pr.pronargdefaults <= cardinality(argtypes)
           -- a slice always has lower bound 1, like argtypes
           AND (pr.proargtypes::oid[])[0:cardinality(argtypes) - 1]
               = argtypes::oid[])
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
