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
-- One certain and wrong prediction: gbdt gave a fraud probability 0.
INSERT INTO predictions VALUES ('gbdt', '2026-11-04 12:00', 1, 0, '-Infinity');

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
\echo == Loss panel: mean binary cross entropy per model per day (gbdt misses once, with certainty, on the 4th)
SELECT ts::date AS day, count(*) FILTER (WHERE model = 'mlp') AS n,
       round(avg_bce(label, prob) FILTER (WHERE model = 'logreg')::numeric, 4) AS logreg,
       round(avg_bce(label, prob) FILTER (WHERE model = 'gbdt')::numeric, 4) AS gbdt,
       round(avg_bce(label, prob) FILTER (WHERE model = 'mlp')::numeric, 4) AS mlp,
       round(avg_bce_logits(label, logit) FILTER (WHERE model = 'mlp')::numeric, 4) AS mlp_from_logits
FROM predictions
GROUP BY 1
ORDER BY 1;

\echo == Leaderboard: mean loss per model; clipped as scikit-learn log_loss clips, at float64's epsilon, a certain miss costs -ln(2.220446049250313e-16)
SELECT model, round(avg_bce(label, prob)::numeric, 4) AS log_loss,
       round(avg_bce(label, prob, 2.220446049250313e-16)::numeric, 4) AS clipped_log_loss
FROM predictions GROUP BY model ORDER BY clipped_log_loss;

\echo == Dashboards: one exact state per model per hour, stored; days and the week rolled up from it
CREATE TABLE hourly_loss AS
SELECT model, date_trunc('hour', ts) AS hour,
       loss_agg(bce(label, prob)) AS log_loss,
       -- class-balanced: fraud rows weighted up so that both classes weigh the same
       loss_agg(bce(label, prob), CASE WHEN label = 1 THEN 0.65 / 0.35 ELSE 1 END) AS balanced
FROM predictions WHERE model <> 'gbdt'
GROUP BY 1, 2;
SELECT date_trunc('day', hour)::date AS day,
       round(mean(rollup(log_loss) FILTER (WHERE model = 'logreg'))::numeric, 4) AS logreg,
       round(mean(rollup(log_loss) FILTER (WHERE model = 'mlp'))::numeric, 4) AS mlp,
       round(mean(rollup(balanced) FILTER (WHERE model = 'mlp'))::numeric, 4) AS mlp_balanced,
       sum(num_rows(log_loss)) AS rows_summarized
FROM hourly_loss GROUP BY 1 ORDER BY 1;
SELECT model, num_rows(rollup(log_loss)) AS week_rows,
       round(mean(rollup(log_loss))::numeric, 4) AS week_log_loss,
       round(mean(rollup(log_loss), base => 2)::numeric, 4) AS week_bits,
       mean(rollup(log_loss)) = (SELECT avg_bce(label, prob) FROM predictions p WHERE p.model = h.model)
         AS same_bits_as_the_rows,
       max(pg_column_size(log_loss)) AS bytes_per_state
FROM hourly_loss h GROUP BY model ORDER BY model;

\echo == The last 24 hours, a moving mean from the stored hourly states (O(1) per hour)
SELECT model, hour, round(last_24h::numeric, 4) AS last_24h
FROM (SELECT model, hour,
             mean(rollup(log_loss) OVER (PARTITION BY model ORDER BY hour ROWS 23 PRECEDING)) AS last_24h,
             row_number() OVER (PARTITION BY model ORDER BY hour DESC) AS back
      FROM hourly_loss) w
WHERE back <= 3
ORDER BY model, hour;

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

\echo == Drift: a feature against its first two days, binned on their deciles (amounts grow from the 6th)
CREATE TABLE transactions AS
SELECT timestamp '2026-11-01' + i * interval '1 minute' AS ts,
       exp(2 + random() * 3) * CASE WHEN i >= 5 * 1440 THEN 1.6 ELSE 1 END AS amount
FROM generate_series(0, 7 * 1440 - 1) AS i;
WITH bins AS (
    SELECT percentile_cont(ARRAY[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
             WITHIN GROUP (ORDER BY amount) AS bounds
    FROM transactions WHERE ts < '2026-11-03'
), reference AS (
    SELECT bin_counts(amount, bounds) AS counts
    FROM transactions, bins WHERE ts < '2026-11-03'
), daily AS (
    SELECT ts::date AS day, bin_counts(amount, bounds) AS counts
    FROM transactions, bins GROUP BY 1
)
SELECT day, d.counts AS histogram,
       round(psi(r.counts, d.counts, renormalize => true)::numeric, 4) AS psi,
       -- half a count in every bin keeps PSI finite where a bin empties
       round(psi(ARRAY(SELECT c + 0.5 FROM unnest(r.counts) WITH ORDINALITY u(c, k) ORDER BY k),
                 ARRAY(SELECT c + 0.5 FROM unnest(d.counts) WITH ORDINALITY u(c, k) ORDER BY k),
                 renormalize => true)::numeric, 4) AS psi_smoothed,
       round(js_distance(r.counts, d.counts, base => 2, renormalize => true)::numeric, 4) AS js_distance
FROM daily d, reference r
ORDER BY day;

\echo == Bad input is an error that says where, never a crash
\set ON_ERROR_STOP off
SELECT kl_div('{0.5,0.5}', '{0.9,-0.1}');
SELECT entropy('{3,1}');
SELECT entropy('{3,1}', renormalize => true) AS entropy_of_counts;
