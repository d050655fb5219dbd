-- The memory line of bench/run: the peak memory of avg_bce over the :rows_c
-- rows of C.
-- Mid-query memory cannot be read from SQL, but the kernel keeps the
-- backend's peak resident set (VmHWM).  The aggregate runs over the first
-- tenth of the table and then over all of it, with the same plan (a TID
-- range scan), after a full scan has touched every shared buffer and a
-- one-page run has loaded the library and filled the catalog caches.  In
-- constant memory, ten times the rows leave the peak where it was.

\set ON_ERROR_STOP 1
SET max_parallel_workers_per_gather = 0;

SELECT pg_relation_size('c') / current_setting('block_size')::int + 1 AS pages \gset
SELECT sum(prob) FROM c \g /dev/null
SELECT avg_bce(label, prob) FROM c WHERE ctid < '(1,0)' \g /dev/null
SELECT bench.proc_status_kb('VmHWM') AS h0 \gset
SELECT avg_bce(label, prob) FROM c WHERE ctid < format('(%s,0)', greatest(:pages / 10, 1))::tid \g /dev/null
SELECT bench.proc_status_kb('VmHWM') AS h1 \gset
SELECT avg_bce(label, prob) FROM c WHERE ctid < format('(%s,0)', :pages)::tid \g /dev/null
-- VmHWM is NULL where /proc cannot be read: then no line
SELECT format('memory: avg_bce(label,prob) over C (serial): backend peak RSS %s kB before,'
              ' +%s kB after a tenth of the %s rows, +%s kB more after all of them',
              h0, h1 - h0, :rows_c, h2 - h1)
  FROM (SELECT NULLIF(:'h0', '')::bigint, NULLIF(:'h1', '')::bigint,
               bench.proc_status_kb('VmHWM')) AS v(h0, h1, h2)
 WHERE h0 IS NOT NULL AND h1 IS NOT NULL AND h2 IS NOT NULL;
