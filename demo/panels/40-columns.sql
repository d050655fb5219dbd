-- Categorical drift: the entropy of a column per day, and how much a
-- feature tells about the label, from exact frequency states stored per
-- day and rolled up into the week.
\echo
\echo == Categorical panel: entropy of the binned prediction (bits) and its mutual information with the label, per model per day
CREATE TABLE daily_columns AS
SELECT model, ts::date AS day,
       freq_agg(width_bucket(prob, 0, 1, 5)) AS bins,
       joint_freq_agg(width_bucket(prob, 0, 1, 5), label = 1) AS bins_label
FROM predictions
GROUP BY 1, 2;
SELECT day,
       round(column_entropy(rollup(bins) FILTER (WHERE model = 'logreg'), 2)::numeric, 3) AS logreg_h,
       round(column_entropy(rollup(bins) FILTER (WHERE model = 'mlp'), 2)::numeric, 3) AS mlp_h,
       round(mutual_information(rollup(bins_label) FILTER (WHERE model = 'logreg'), 2)::numeric, 3) AS logreg_mi,
       round(mutual_information(rollup(bins_label) FILTER (WHERE model = 'mlp'), 2)::numeric, 3) AS mlp_mi
FROM daily_columns
GROUP BY day
ORDER BY day;

\echo
\echo == The week rolled up from the daily states: the uncertainty coefficient of the label given the binned prediction (mlp separates the classes at 0.5)
SELECT model, distinct_values(rollup(bins)) AS bins_used,
       round(column_entropy(rollup(bins), 2)::numeric, 3) AS entropy_bits,
       round(uncertainty_coefficient(rollup(bins_label))::numeric, 3) AS label_explained
FROM daily_columns
GROUP BY model
ORDER BY label_explained;
