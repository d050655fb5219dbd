-- Error bars: the standard error of a mean loss, from the same exact
-- states the dashboards store per hour (hourly_loss, demo/predictions.sql),
-- and an error band mean +- 1.96 * std_error per model per day.
\echo
\echo == Error band: mean log loss per model per day, +- 1.96 standard errors, rolled up from the hourly states
SELECT day, model, round(mean(s)::numeric, 4) AS log_loss,
       round((mean(s) - 1.96 * std_error(s))::numeric, 4) AS low,
       round((mean(s) + 1.96 * std_error(s))::numeric, 4) AS high,
       num_rows(s) AS n
FROM (SELECT date_trunc('day', hour)::date AS day, model, rollup(log_loss) AS s
      FROM hourly_loss GROUP BY 1, 2) d
ORDER BY day, model;

\echo == Does a daily change say more than noise? The difference of two daily means against their combined error
SELECT model, day, round((mean(s) - lag(mean(s)) OVER w)::numeric, 4) AS change,
       round((1.96 * sqrt(std_error(s) ^ 2 + lag(std_error(s)) OVER w ^ 2))::numeric, 4) AS noise_band
FROM (SELECT date_trunc('day', hour)::date AS day, model, rollup(log_loss) AS s
      FROM hourly_loss GROUP BY 1, 2) d
WINDOW w AS (PARTITION BY model ORDER BY day)
ORDER BY model, day;

\echo == Token log-likelihood: perplexity and bits per token of stored completions, exactly (nll_agg)
SELECT model, round(exp(mean(s))::numeric, 3) AS perplexity,
       round(mean(s, base => 2)::numeric, 4) AS bits_per_token, total_weight(s) AS tokens
FROM (SELECT model, nll_agg(logprobs) AS s
      FROM (SELECT m.model, ARRAY(SELECT -m.spread * random() FROM generate_series(1, 40 + c % 7)) AS logprobs
            FROM (VALUES ('small', 3.0), ('large', 1.6)) AS m(model, spread),
                 generate_series(1, 50) AS c) completions
      GROUP BY model) q
ORDER BY model;

\echo == Scoreboard per model per day, from hourly binary states rolled up (gbdt misses once with certainty on the 4th: Infinity in its log loss and NE, not in its Brier score)
SELECT day, model, round(log_loss(s)::numeric, 4) AS log_loss, round(brier(s)::numeric, 4) AS brier,
       round(prevalence(s)::numeric, 3) AS prevalence, round(calibration_ratio(s)::numeric, 3) AS calibration,
       round(normalized_entropy(s)::numeric, 3) AS ne, round(d2_log_loss(s)::numeric, 3) AS d2_log_loss,
       round(d2_brier(s)::numeric, 3) AS d2_brier
FROM (SELECT hour::date AS day, model, rollup(s) AS s
      FROM (SELECT model, date_trunc('hour', ts) AS hour, binary_agg(label, prob) AS s
            FROM predictions GROUP BY 1, 2) hourly
      GROUP BY 1, 2) daily
ORDER BY day, model;
