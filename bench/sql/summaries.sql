-- The summaries line of bench/run: bytes per state, and the peak memory of
-- GROUP BY over the :groups groups of C as EXPLAIN ANALYZE reports it for
-- the hash aggregate (work_mem large enough not to spill).  Needs c and
-- c_states (data_c_states.sql).

\set ON_ERROR_STOP 1
SET max_parallel_workers_per_gather = 0;
SET work_mem = '2GB';
SET enable_sort = off;

CREATE TEMP TABLE c_g AS SELECT *, (row_number() OVER ()) % :groups AS g FROM c;
SELECT format('summaries: a loss_state of %s rows takes %s bytes (%s weighted);'
              ' GROUP BY over %s groups, hash aggregate peak memory: loss_agg %s kB,'
              ' weighted %s kB, avg_bce %s kB, sum() and count() %s kB',
              (SELECT count(*) FROM c) / :groups,
              round(avg(pg_column_size(s))), round(avg(pg_column_size(ws))), :groups,
              bench.peak_hash_kb('SELECT g, loss_agg(bce(label, prob)) FROM c_g GROUP BY g'),
              bench.peak_hash_kb('SELECT g, loss_agg(bce(label, prob), 1 + label) FROM c_g GROUP BY g'),
              bench.peak_hash_kb('SELECT g, avg_bce(label, prob) FROM c_g GROUP BY g'),
              bench.peak_hash_kb('SELECT g, sum(prob), count(*) FROM c_g GROUP BY g'))
  FROM c_states;
