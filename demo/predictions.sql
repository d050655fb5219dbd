-- xent demo: a small store of model predictions, scored in place.
\set ON_ERROR_STOP on
\pset footer off
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS xent;
SELECT setseed(0.2026) \g /dev/null

-- Binary predictions: three models, seven days, a label and a probability
-- (and the logit behind it) per row.
CREATE TABLE predictions AS
SELECT model, ts, label, 1 / (1 + exp(-z)) AS prob, z AS logit
FROM (SELECT model, ts, label, skill * (2 * label - 1) + 4 * random() - 2 AS z
      FROM (SELECT m.model, m.skill,
                   timestamp '2026-11-01' + i * interval '14 minutes' AS ts,
                   (random() < 0.35)::int::float8 AS label
            FROM (VALUES ('logreg', 1.0), ('gbdt', 1.8), ('mlp', 2.4)) AS m(model, skill),
                 generate_series(0, 719) AS i) labelled) scored;

-- Three-class predictions: a true class and a probability vector per row.
CREATE TABLE classified AS
SELECT model, id, class, softmax(logits) AS probs, logits
FROM (SELECT m.model, c.id, c.class,
             ARRAY(SELECT CASE WHEN k = c.class THEN m.skill ELSE 0 END + 2 * random()
                   FROM generate_series(1, 3) AS k) AS logits
      FROM (SELECT id, 1 + floor(random() * 3)::int AS class
            FROM generate_series(1, 300) AS id) c,
           (VALUES ('logreg', 0.8), ('mlp', 2.0)) AS m(model, skill)) s;

\echo
\echo == Loss panel: mean binary cross entropy per model per day
SELECT model, ts::date AS day, count(*) AS n,
       round(avg_bce(label, prob)::numeric, 4) AS bce,
       round(avg_bce_logits(label, logit)::numeric, 4) AS bce_from_logits
FROM predictions
GROUP BY 1, 2
ORDER BY 1, 2
LIMIT 9;

\echo == Leaderboard: mean loss per model, also clipped as scikit-learn log_loss clips
SELECT model, round(avg_bce(label, prob)::numeric, 4) AS log_loss,
       round(avg_bce(label, prob, 1e-15)::numeric, 4) AS clipped_log_loss
FROM predictions GROUP BY model ORDER BY log_loss;

\echo == Rolling loss over the last 100 predictions, per model (O(1) per row)
SELECT model, ts, round(rolling::numeric, 4) AS rolling_bce
FROM (SELECT model, ts,
             avg_bce(label, prob) OVER (PARTITION BY model ORDER BY ts
                                        ROWS BETWEEN 99 PRECEDING AND CURRENT ROW) AS rolling,
             row_number() OVER (PARTITION BY model ORDER BY ts DESC) AS back
      FROM predictions) w
WHERE back = 1
ORDER BY model;

\echo == Multiclass: cross entropy of the true class, per model
SELECT model, round(avg_cross_entropy(class, probs)::numeric, 4) AS cross_entropy,
       round(avg(cross_entropy_logits(class, logits))::numeric, 4) AS from_logits,
       round(avg(entropy(probs, base => 2))::numeric, 4) AS mean_uncertainty_bits
FROM classified GROUP BY model ORDER BY model;

\echo == Per row: how far apart the two models are, in bits
SELECT a.id, a.class,
       (SELECT array_agg(round(x::numeric, 3)) FROM unnest(b.probs) x) AS mlp,
       (SELECT array_agg(round(x::numeric, 3)) FROM unnest(a.probs) x) AS logreg,
       round(kl_div(b.probs, a.probs, base => 2)::numeric, 4) AS kl_bits,
       round(js_div(b.probs, a.probs, base => 2)::numeric, 4) AS js_bits
FROM classified a JOIN classified b USING (id)
WHERE a.model = 'logreg' AND b.model = 'mlp'
ORDER BY a.id
LIMIT 5;

\echo == Bad input is an error that says where, never a crash
\set ON_ERROR_STOP off
SELECT kl_div('{0.5,0.5}', '{0.9,-0.1}');
SELECT entropy('{3,1}');
SELECT entropy('{3,1}', renormalize => true) AS entropy_of_counts;
