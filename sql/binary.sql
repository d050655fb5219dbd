-- bce and bce_logits.
SET extra_float_digits = 0;

SELECT close_to(bce(1, 0.9), -ln(0.9)) AS positive,
       close_to(bce(0, 0.9), -ln(0.1)) AS negative,
       bce(0.5, 0.5) = ln(2) AS fair,
       close_to(bce(0.3, 0.8), -(0.3 * ln(0.8) + 0.7 * ln(0.2))) AS soft_label;

-- Both ends of the unit interval keep full precision (log1p).
SELECT bce(0, 1e-300) AS tiny_prob_negative,
       close_to(bce(1, 1e-300), 300 * ln(10)) AS tiny_prob_positive,
       -- 1 - p is exact in float8 for p near 1, and exact enough in numeric.
       close_to(bce(1, p), -ln(1 - (1 - p)::numeric(40, 35))::float8) AS near_one_positive,
       close_to(bce(0, p), -ln((1 - p)::numeric(40, 35))::float8) AS near_one_negative
FROM (SELECT (1 - 1e-12)::float8 AS p) near_one;

-- Certain predictions: 0 when right, +Infinity when wrong.
SELECT bce(1, 1) AS right_1, bce(0, 0) AS right_0,
       bce(1, 0) AS wrong_1, bce(0, 1) AS wrong_0, bce(0.5, 0) AS soft_wrong;

-- NaN gives NaN; STRICT: NULL gives NULL.
SELECT bce('NaN', 0.5) AS nan_label, bce(1, 'NaN') AS nan_prob,
       bce(NULL, 0.5) IS NULL AS null_label, bce(1, NULL) IS NULL AS null_prob;

-- bce_logits equals bce of the sigmoid, and is stable for logits of +-1000.
SELECT bool_and(close_to(bce_logits(y, z), bce(y, 1 / (1 + exp(-z))), 1e-12)) AS matches_sigmoid
FROM unnest(ARRAY[0, 0.25, 1]) y, unnest(ARRAY[-2.5, 0, 0.1, 3]) z;
-- In the tails, where the sigmoid rounds to 1, against log1p(exp(-|z|)).
SELECT close_to(bce_logits(1, 30), ln(1 + exp(-30::numeric(50, 45)))::float8) AS tail_right,
       close_to(bce_logits(0, 30), 30 + ln(1 + exp(-30::numeric(50, 45)))::float8) AS tail_wrong,
       close_to(bce_logits(0, -30), bce_logits(1, 30)) AS symmetric;
SELECT bce_logits(1, 1000) AS right_confident, bce_logits(0, -1000) AS right_confident_0,
       bce_logits(1, -1000) AS wrong_confident, bce_logits(0, 1000) AS wrong_confident_0,
       bce_logits(0.5, 1000) AS soft, bce_logits(1, 0) = ln(2) AS zero_logit,
       close_to(bce_logits(1, 40), exp(-40::float8)) AS tail_precision;
-- Infinite logits are the limits; NaN gives NaN.
SELECT bce_logits(1, 'Infinity') AS right_inf, bce_logits(0, '-Infinity') AS right_neg_inf,
       bce_logits(0, 'Infinity') AS wrong_inf, bce_logits(1, '-Infinity') AS wrong_neg_inf,
       bce_logits(1, 'NaN') AS nan_logit, bce_logits(NULL, 1) IS NULL AS null_label;
