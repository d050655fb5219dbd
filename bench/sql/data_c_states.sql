-- The states of workload C for the summaries: one loss_state per group of
-- :groups (plain and weighted), as a dashboard stores one per hour, with
-- the sum and count of the same losses for the floor and the SQL baseline.
-- Needs table c and xent's loss_agg.

\set ON_ERROR_STOP 1
SET work_mem = '2GB';

CREATE TEMP TABLE c_g AS SELECT *, (row_number() OVER ()) % :groups AS g FROM c;
CREATE UNLOGGED TABLE c_states AS
SELECT g, loss_agg(bce(label, prob)) AS s, loss_agg(bce(label, prob), 1 + label) AS ws,
       sum(bce(label, prob)) AS total, count(*) AS n
  FROM c_g GROUP BY g;

-- binary_state (xent 1.2): one per group too, with the sum of the
-- probabilities for the floor.
SELECT bench.has_fn('binary_agg(float8,float8)') AS has_binary \gset
\if :has_binary
CREATE UNLOGGED TABLE c_binary_states AS
SELECT g, binary_agg(label, prob) AS s, sum(prob) AS total, count(*) AS n
  FROM c_g GROUP BY g;
\endif
