-- Workload C: :rows_c rows of a binary label, a predicted probability and
-- the matching logit, for the binary cross-entropy aggregates.
-- About 30% positives; logit = +-1 (by label) plus uniform noise in
-- (-6, 6), so the classifier is informative but far from perfect, and
-- prob = sigmoid(logit) stays well inside (0, 1).

\set ON_ERROR_STOP 1

SELECT setseed(0.33);

CREATE UNLOGGED TABLE c (label float8, prob float8, logit float8);

INSERT INTO c (label, prob, logit)
SELECT label, 1.0 / (1.0 + exp(-z)), z
  FROM (SELECT label, (2.0 * label - 1.0) + 12.0 * (r - 0.5) AS z
          FROM (SELECT (random() < 0.3)::int::float8 AS label,
                       random() AS r
                  FROM generate_series(1, :rows_c)) AS draws) AS s;
