-- Calibration panel: a reliability diagram per model, drawn in text.  Each
-- bin of the predicted probability shows its mean prediction (p) and the
-- share of positives in it (y) as bars of '#', one per 2.5 points; a
-- calibrated model's two bars are the same length.
\echo
\echo == Calibration panel: reliability diagram of logreg (deciles of the probability): where the two bars of a bin differ, its predictions are off
SELECT r.bin, format('[%s, %s)', round(greatest(r.lower, 0)::numeric, 1),
                     round(least(r.upper, 1)::numeric, 1)) AS probability,
       r.rows,
       rpad(repeat('#', round(40 * r.mean_prob)::int), 40) || ' p ' || round(r.mean_prob::numeric, 2) AS mean_prediction,
       rpad(repeat('#', round(40 * r.mean_label)::int), 40) || ' y ' || round(r.mean_label::numeric, 2) AS share_positive
FROM reliability((SELECT calibration_agg(label, prob, '{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}')
                  FROM predictions WHERE model = 'logreg')) AS r
ORDER BY r.bin;

\echo
\echo == Calibration panel: expected calibration error and Brier decomposition per model, from daily states rolled up
WITH daily AS (
    SELECT model, ts::date AS day,
           calibration_agg(label, prob, '{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}') AS s
    FROM predictions GROUP BY 1, 2)
SELECT model, round(ece(rollup(s))::numeric, 4) AS ece,
       round(ece(rollup(s), 'max')::numeric, 4) AS mce,
       round((brier_decomposition(rollup(s))).reliability::numeric, 4) AS reliability,
       round((brier_decomposition(rollup(s))).resolution::numeric, 4) AS resolution,
       round((brier_decomposition(rollup(s))).uncertainty::numeric, 4) AS uncertainty
FROM daily GROUP BY model ORDER BY model;

\echo
\echo == Calibration panel: top-label calibration of the three-class models
SELECT model, round(ece(calibration_agg(class, probs, '{0.4,0.5,0.6,0.7,0.8,0.9}'))::numeric, 4) AS top_label_ece
FROM classified GROUP BY model ORDER BY model;
