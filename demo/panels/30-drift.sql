-- Drift panel: each model's score, day by day, against its first three days.
-- Hourly histograms are stored (as a dashboard would store them), rolled up
-- into days with sum_counts, and compared: psi with empty_bins beside it (a
-- finite alarm where psi is Infinity, which dashboards cannot draw), KS, and
-- the AUC of the score by label, all from the same histograms.
\set ON_ERROR_STOP on
\pset footer off

CREATE TABLE drift_bounds AS
SELECT model, percentile_cont(ARRAY[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
              WITHIN GROUP (ORDER BY prob) AS bounds
FROM predictions WHERE ts < '2026-11-04' GROUP BY model;

CREATE TABLE drift_hourly AS
SELECT p.model, date_trunc('hour', ts) AS hour,
       bin_counts(prob, bounds) AS counts,
       bin_counts(prob, bounds) FILTER (WHERE label = 1) AS positives,
       bin_counts(prob, bounds) FILTER (WHERE label = 0) AS negatives
FROM predictions p JOIN drift_bounds b USING (model)
GROUP BY 1, 2;

\echo 'Drift of the score, per model and day, against the first three days'
WITH daily AS (
    SELECT model, date_trunc('day', hour) AS day, sum_counts(counts) AS counts,
           sum_counts(positives) AS positives, sum_counts(negatives) AS negatives
    FROM drift_hourly GROUP BY 1, 2),
reference AS (
    SELECT model, sum_counts(counts) AS counts FROM drift_hourly
    WHERE hour < '2026-11-04' GROUP BY model)
SELECT d.model, d.day::date,
       round(CASE WHEN empty_bins(r.counts, d.counts) > 0 THEN NULL
                  ELSE psi(r.counts, d.counts, renormalize => true) END::numeric, 4) AS psi,
       empty_bins(r.counts, d.counts) AS empty_bins,
       round(psi(smooth(r.counts, 0.5), smooth(d.counts, 0.5), renormalize => true)::numeric, 4)
         AS psi_smoothed,
       round(ks(r.counts, d.counts)::numeric, 4) AS ks,
       round(auc(d.positives, d.negatives)::numeric, 4) AS auc
FROM daily d JOIN reference r USING (model)
WHERE d.day >= '2026-11-04'
ORDER BY d.model, d.day;
