/* xent--1.1--1.2.sql: a binary classifier's scoreboard, error bars, calibration, token log-likelihood, histogram comparisons and information in columns */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION xent UPDATE TO '1.2'" to load this file. \quit

-- ======================================================================
-- Error bars: loss_state v2 keeps the second moments (Uncertainty)
-- ======================================================================

-- From 1.2 on, loss_agg's rows keep sum w^2 and sum w*loss^2 exactly, in
-- format v2 of loss_state; v1 states read as v2 states whose rows keep no
-- moment, and the mean-loss aggregates keep theirs in the v1 layout.
COMMENT ON TYPE loss_state IS
'exact summary of losses: (v2,rows,weighted rows,NaN weights,NaN losses,+Infinity losses,-Infinity losses,rows beyond range,rows without moment,weight sum,loss sum,squared weight sum,squared loss sum); v1 states, without the two counts and the two squared sums, read too';

CREATE FUNCTION loss_variance(state loss_state) RETURNS float8
AS 'MODULE_PATHNAME', 'loss_state_variance'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION loss_variance(loss_state) IS
'weighted sample variance of the losses, sum w (l - m)^2 / (sum w - sum w^2 / sum w); NULL for states without second moments';

CREATE FUNCTION std_error(state loss_state) RETURNS float8
AS 'MODULE_PATHNAME', 'loss_state_std_error'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION std_error(loss_state) IS
'standard error of mean(state), sqrt(loss_variance * sum w^2 / (sum w)^2)';


-- ======================================================================
-- Scoring a binary classifier: binary_state
-- ======================================================================

-- The exact summary of a binary classifier's labelled predictions: the
-- log loss's summary (as loss_agg(bce, weight) keeps it, second moments
-- included) and sum w y, sum w p, sum w y^2 and sum w (y - p)^2, all exact,
-- from which each accessor reads its score.

CREATE TYPE binary_state;

CREATE FUNCTION binary_state_in(cstring) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_state_in(cstring) IS 'input function of binary_state';

CREATE FUNCTION binary_state_out(binary_state) RETURNS cstring
AS 'MODULE_PATHNAME', 'binary_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_state_out(binary_state) IS 'output function of binary_state';

CREATE FUNCTION binary_state_recv(internal) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_state_recv(internal) IS 'binary input function of binary_state';

CREATE FUNCTION binary_state_send(binary_state) RETURNS bytea
AS 'MODULE_PATHNAME', 'binary_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_state_send(binary_state) IS 'binary output function of binary_state';

-- Small and updated in place, as loss_state: PLAIN.
CREATE TYPE binary_state (
    INTERNALLENGTH = VARIABLE,
    INPUT = binary_state_in,
    OUTPUT = binary_state_out,
    RECEIVE = binary_state_recv,
    SEND = binary_state_send,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE binary_state IS
'exact summary of a binary classifier''s labelled predictions: (v1,rows,weighted rows,NaN weights,NaN losses,+Infinity losses,-Infinity losses,rows beyond range,rows without moment,rows of positive weight,NaN labels,NaN probabilities,weight sum,loss sum,squared weight sum,squared loss sum,label sum,probability sum,squared label sum,Brier sum)';

-- Accessors.

CREATE FUNCTION log_loss(state binary_state, base float8 DEFAULT NULL) RETURNS float8
AS 'MODULE_PATHNAME', 'binary_state_log_loss'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION log_loss(binary_state, float8) IS
'mean binary cross entropy, sum w bce / sum w, in nats unless base is given; bit-identical to avg_bce and avg_bce_logits over the same rows';

CREATE FUNCTION brier(state binary_state) RETURNS float8
AS 'MODULE_PATHNAME', 'binary_state_brier'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION brier(binary_state) IS
'Brier score, sum w (y - p)^2 / sum w';

CREATE FUNCTION prevalence(state binary_state) RETURNS float8
AS 'MODULE_PATHNAME', 'binary_state_prevalence'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prevalence(binary_state) IS
'base rate of the labels, sum w y / sum w';

CREATE FUNCTION mean_prediction(state binary_state) RETURNS float8
AS 'MODULE_PATHNAME', 'binary_state_mean_prediction'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mean_prediction(binary_state) IS
'mean predicted probability, sum w p / sum w';

CREATE FUNCTION calibration_ratio(state binary_state) RETURNS float8
AS 'MODULE_PATHNAME', 'binary_state_calibration_ratio'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION calibration_ratio(binary_state) IS
'sum w p / sum w y: 1 for a calibrated model; NULL when sum w y is 0';

CREATE FUNCTION normalized_entropy(state binary_state) RETURNS float8
AS 'MODULE_PATHNAME', 'binary_state_normalized_entropy'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION normalized_entropy(binary_state) IS
'normalized entropy: log loss / H_b(prevalence); NULL when the prevalence is 0 or 1';

CREATE FUNCTION d2_log_loss(state binary_state) RETURNS float8
AS 'MODULE_PATHNAME', 'binary_state_d2_log_loss'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION d2_log_loss(binary_state) IS
'D^2 log loss score: 1 - log loss / log loss of always predicting the prevalence';

CREATE FUNCTION d2_brier(state binary_state) RETURNS float8
AS 'MODULE_PATHNAME', 'binary_state_d2_brier'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION d2_brier(binary_state) IS
'D^2 Brier score: 1 - Brier score / (mean(y^2) - prevalence^2)';

CREATE FUNCTION std_error(state binary_state) RETURNS float8
AS 'MODULE_PATHNAME', 'binary_state_std_error'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION std_error(binary_state) IS
'standard error of log_loss(state), as std_error(loss_state) defines it';

CREATE FUNCTION num_rows(state binary_state) RETURNS bigint
AS 'MODULE_PATHNAME', 'binary_state_num_rows'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION num_rows(binary_state) IS
'rows summarized in the state';

CREATE FUNCTION total_weight(state binary_state) RETURNS float8
AS 'MODULE_PATHNAME', 'binary_state_total_weight'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION total_weight(binary_state) IS
'total weight of the rows, sum w, rounded once (the rows without weights count 1 each)';

-- Support functions of the aggregates.

CREATE FUNCTION binary_state_combine(binary_state, binary_state) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_state_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_state_combine(binary_state, binary_state) IS
'combine function of the binary_state aggregates, and transition function of rollup: merges two states exactly';

CREATE FUNCTION binary_state_retract(binary_state, binary_state) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_state_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_state_retract(binary_state, binary_state) IS
'inverse transition function of rollup(binary_state): takes a state merged earlier back out, exactly';

CREATE FUNCTION binary_state_final(binary_state) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_state_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_state_final(binary_state) IS
'final function of the binary_state aggregates: the state, or NULL over no rows';

CREATE FUNCTION binary_agg_accum(binary_state, float8, float8) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_agg_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_agg_accum(binary_state, float8, float8) IS
'transition function of binary_agg(label float8, prob)';

CREATE FUNCTION binary_agg_retract(binary_state, float8, float8) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_agg_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_agg_retract(binary_state, float8, float8) IS
'inverse transition function of binary_agg(label float8, prob)';

CREATE FUNCTION binary_agg_accum(binary_state, float8, float8, float8) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_agg_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_agg_accum(binary_state, float8, float8, float8) IS
'transition function of binary_agg(label float8, prob, weight)';

CREATE FUNCTION binary_agg_retract(binary_state, float8, float8, float8) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_agg_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_agg_retract(binary_state, float8, float8, float8) IS
'inverse transition function of binary_agg(label float8, prob, weight)';

CREATE FUNCTION binary_agg_bool_accum(binary_state, boolean, float8) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_agg_bool_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_agg_bool_accum(binary_state, boolean, float8) IS
'transition function of binary_agg(label boolean, prob)';

CREATE FUNCTION binary_agg_bool_retract(binary_state, boolean, float8) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_agg_bool_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_agg_bool_retract(binary_state, boolean, float8) IS
'inverse transition function of binary_agg(label boolean, prob)';

CREATE FUNCTION binary_agg_bool_accum(binary_state, boolean, float8, float8) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_agg_bool_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_agg_bool_accum(binary_state, boolean, float8, float8) IS
'transition function of binary_agg(label boolean, prob, weight)';

CREATE FUNCTION binary_agg_bool_retract(binary_state, boolean, float8, float8) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_agg_bool_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_agg_bool_retract(binary_state, boolean, float8, float8) IS
'inverse transition function of binary_agg(label boolean, prob, weight)';

CREATE FUNCTION binary_agg_logits_accum(binary_state, float8, float8) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_agg_logits_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_agg_logits_accum(binary_state, float8, float8) IS
'transition function of binary_agg_logits(label float8, logit)';

CREATE FUNCTION binary_agg_logits_retract(binary_state, float8, float8) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_agg_logits_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_agg_logits_retract(binary_state, float8, float8) IS
'inverse transition function of binary_agg_logits(label float8, logit)';

CREATE FUNCTION binary_agg_logits_accum(binary_state, float8, float8, float8) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_agg_logits_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_agg_logits_accum(binary_state, float8, float8, float8) IS
'transition function of binary_agg_logits(label float8, logit, weight)';

CREATE FUNCTION binary_agg_logits_retract(binary_state, float8, float8, float8) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_agg_logits_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_agg_logits_retract(binary_state, float8, float8, float8) IS
'inverse transition function of binary_agg_logits(label float8, logit, weight)';

CREATE FUNCTION binary_agg_logits_bool_accum(binary_state, boolean, float8) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_agg_logits_bool_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_agg_logits_bool_accum(binary_state, boolean, float8) IS
'transition function of binary_agg_logits(label boolean, logit)';

CREATE FUNCTION binary_agg_logits_bool_retract(binary_state, boolean, float8) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_agg_logits_bool_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_agg_logits_bool_retract(binary_state, boolean, float8) IS
'inverse transition function of binary_agg_logits(label boolean, logit)';

CREATE FUNCTION binary_agg_logits_bool_accum(binary_state, boolean, float8, float8) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_agg_logits_bool_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_agg_logits_bool_accum(binary_state, boolean, float8, float8) IS
'transition function of binary_agg_logits(label boolean, logit, weight)';

CREATE FUNCTION binary_agg_logits_bool_retract(binary_state, boolean, float8, float8) RETURNS binary_state
AS 'MODULE_PATHNAME', 'binary_agg_logits_bool_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION binary_agg_logits_bool_retract(binary_state, boolean, float8, float8) IS
'inverse transition function of binary_agg_logits(label boolean, logit, weight)';

-- The aggregates: a float8 (soft) or boolean label, a probability or a
-- logit, with or without a sample weight.

CREATE AGGREGATE binary_agg(label float8, prob float8) (
    SFUNC = binary_agg_accum, STYPE = binary_state, INITCOND = '(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)',
    FINALFUNC = binary_state_final, COMBINEFUNC = binary_state_combine,
    MSFUNC = binary_agg_accum, MINVFUNC = binary_agg_retract,
    MSTYPE = binary_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)', MFINALFUNC = binary_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE binary_agg(float8, float8) IS
'exact summary of float8 labels against probabilities, for log_loss(), brier() and the other scores, and rollup()';

CREATE AGGREGATE binary_agg(label float8, prob float8, weight float8) (
    SFUNC = binary_agg_accum, STYPE = binary_state, INITCOND = '(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)',
    FINALFUNC = binary_state_final, COMBINEFUNC = binary_state_combine,
    MSFUNC = binary_agg_accum, MINVFUNC = binary_agg_retract,
    MSTYPE = binary_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)', MFINALFUNC = binary_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE binary_agg(float8, float8, float8) IS
'exact summary of float8 labels against probabilities, with sample weights, for log_loss(), brier() and the other scores, and rollup()';

CREATE AGGREGATE binary_agg(label boolean, prob float8) (
    SFUNC = binary_agg_bool_accum, STYPE = binary_state, INITCOND = '(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)',
    FINALFUNC = binary_state_final, COMBINEFUNC = binary_state_combine,
    MSFUNC = binary_agg_bool_accum, MINVFUNC = binary_agg_bool_retract,
    MSTYPE = binary_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)', MFINALFUNC = binary_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE binary_agg(boolean, float8) IS
'exact summary of boolean labels against probabilities, for log_loss(), brier() and the other scores, and rollup()';

CREATE AGGREGATE binary_agg(label boolean, prob float8, weight float8) (
    SFUNC = binary_agg_bool_accum, STYPE = binary_state, INITCOND = '(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)',
    FINALFUNC = binary_state_final, COMBINEFUNC = binary_state_combine,
    MSFUNC = binary_agg_bool_accum, MINVFUNC = binary_agg_bool_retract,
    MSTYPE = binary_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)', MFINALFUNC = binary_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE binary_agg(boolean, float8, float8) IS
'exact summary of boolean labels against probabilities, with sample weights, for log_loss(), brier() and the other scores, and rollup()';

CREATE AGGREGATE binary_agg_logits(label float8, logit float8) (
    SFUNC = binary_agg_logits_accum, STYPE = binary_state, INITCOND = '(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)',
    FINALFUNC = binary_state_final, COMBINEFUNC = binary_state_combine,
    MSFUNC = binary_agg_logits_accum, MINVFUNC = binary_agg_logits_retract,
    MSTYPE = binary_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)', MFINALFUNC = binary_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE binary_agg_logits(float8, float8) IS
'exact summary of float8 labels against logits (the probability is their logistic, rounded faithfully), for log_loss(), brier() and the other scores, and rollup()';

CREATE AGGREGATE binary_agg_logits(label float8, logit float8, weight float8) (
    SFUNC = binary_agg_logits_accum, STYPE = binary_state, INITCOND = '(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)',
    FINALFUNC = binary_state_final, COMBINEFUNC = binary_state_combine,
    MSFUNC = binary_agg_logits_accum, MINVFUNC = binary_agg_logits_retract,
    MSTYPE = binary_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)', MFINALFUNC = binary_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE binary_agg_logits(float8, float8, float8) IS
'exact summary of float8 labels against logits (the probability is their logistic, rounded faithfully), with sample weights, for log_loss(), brier() and the other scores, and rollup()';

CREATE AGGREGATE binary_agg_logits(label boolean, logit float8) (
    SFUNC = binary_agg_logits_bool_accum, STYPE = binary_state, INITCOND = '(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)',
    FINALFUNC = binary_state_final, COMBINEFUNC = binary_state_combine,
    MSFUNC = binary_agg_logits_bool_accum, MINVFUNC = binary_agg_logits_bool_retract,
    MSTYPE = binary_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)', MFINALFUNC = binary_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE binary_agg_logits(boolean, float8) IS
'exact summary of boolean labels against logits (the probability is their logistic, rounded faithfully), for log_loss(), brier() and the other scores, and rollup()';

CREATE AGGREGATE binary_agg_logits(label boolean, logit float8, weight float8) (
    SFUNC = binary_agg_logits_bool_accum, STYPE = binary_state, INITCOND = '(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)',
    FINALFUNC = binary_state_final, COMBINEFUNC = binary_state_combine,
    MSFUNC = binary_agg_logits_bool_accum, MINVFUNC = binary_agg_logits_bool_retract,
    MSTYPE = binary_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)', MFINALFUNC = binary_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE binary_agg_logits(boolean, float8, float8) IS
'exact summary of boolean labels against logits (the probability is their logistic, rounded faithfully), with sample weights, for log_loss(), brier() and the other scores, and rollup()';

-- Summaries merged: hourly states rolled up into days, exactly; its inverse
-- takes a state back out, so a moving frame costs O(1) a row.
CREATE AGGREGATE rollup(binary_state) (
    SFUNC = binary_state_combine, STYPE = binary_state, INITCOND = '(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)',
    FINALFUNC = binary_state_final, COMBINEFUNC = binary_state_combine,
    MSFUNC = binary_state_combine, MINVFUNC = binary_state_retract,
    MSTYPE = binary_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)', MFINALFUNC = binary_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(binary_state) IS
'merge a column of binary states into one, exactly, as if their rows were aggregated together';

-- ======================================================================
-- Calibration: calibration_state
-- ======================================================================

-- The exact summary of a classifier's calibration: per width_bucket bin of
-- the predicted probability, rows and the exact sums of w, w p and w y.
-- Not internal, so that parallel plans and Citus split calibration_agg and
-- ship the state as text, and users store it and roll it up.
CREATE TYPE calibration_state;

CREATE FUNCTION calibration_state_in(cstring) RETURNS calibration_state
AS 'MODULE_PATHNAME', 'calibration_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION calibration_state_in(cstring) IS 'input function of calibration_state';

CREATE FUNCTION calibration_state_out(calibration_state) RETURNS cstring
AS 'MODULE_PATHNAME', 'calibration_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION calibration_state_out(calibration_state) IS 'output function of calibration_state';

CREATE FUNCTION calibration_state_recv(internal) RETURNS calibration_state
AS 'MODULE_PATHNAME', 'calibration_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION calibration_state_recv(internal) IS 'binary input function of calibration_state';

CREATE FUNCTION calibration_state_send(calibration_state) RETURNS bytea
AS 'MODULE_PATHNAME', 'calibration_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION calibration_state_send(calibration_state) IS 'binary output function of calibration_state';

CREATE TYPE calibration_state (
    INTERNALLENGTH = VARIABLE,
    INPUT = calibration_state_in,
    OUTPUT = calibration_state_out,
    RECEIVE = calibration_state_recv,
    SEND = calibration_state_send,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE calibration_state IS
'exact summary of predicted probabilities and labels per bin of the probability, for ece(), reliability() and brier_decomposition()';

-- The transitions are not strict: the state starts NULL and takes its bins
-- from the first row's bounds; a row with a NULL input is skipped.
CREATE FUNCTION calibration_agg_accum(calibration_state, float8, float8, float8[]) RETURNS calibration_state
AS 'MODULE_PATHNAME', 'calibration_agg_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION calibration_agg_accum(calibration_state, float8, float8, float8[]) IS
'add a row''s label and probability to a calibration state';

CREATE FUNCTION calibration_agg_retract(calibration_state, float8, float8, float8[]) RETURNS calibration_state
AS 'MODULE_PATHNAME', 'calibration_agg_retract'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION calibration_agg_retract(calibration_state, float8, float8, float8[]) IS
'remove a row''s label and probability from a calibration state';

CREATE FUNCTION calibration_agg_accum(calibration_state, float8, float8, float8[], float8) RETURNS calibration_state
AS 'MODULE_PATHNAME', 'calibration_agg_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION calibration_agg_accum(calibration_state, float8, float8, float8[], float8) IS
'add a row''s label and probability with its weight to a calibration state';

CREATE FUNCTION calibration_agg_retract(calibration_state, float8, float8, float8[], float8) RETURNS calibration_state
AS 'MODULE_PATHNAME', 'calibration_agg_retract'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION calibration_agg_retract(calibration_state, float8, float8, float8[], float8) IS
'remove a row''s label and probability with its weight from a calibration state';

CREATE FUNCTION calibration_agg_accum(calibration_state, bool, float8, float8[]) RETURNS calibration_state
AS 'MODULE_PATHNAME', 'calibration_agg_bool_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION calibration_agg_accum(calibration_state, bool, float8, float8[]) IS
'add a row''s boolean label and probability to a calibration state';

CREATE FUNCTION calibration_agg_retract(calibration_state, bool, float8, float8[]) RETURNS calibration_state
AS 'MODULE_PATHNAME', 'calibration_agg_bool_retract'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION calibration_agg_retract(calibration_state, bool, float8, float8[]) IS
'remove a row''s boolean label and probability from a calibration state';

CREATE FUNCTION calibration_agg_accum(calibration_state, bool, float8, float8[], float8) RETURNS calibration_state
AS 'MODULE_PATHNAME', 'calibration_agg_bool_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION calibration_agg_accum(calibration_state, bool, float8, float8[], float8) IS
'add a row''s boolean label and probability with its weight to a calibration state';

CREATE FUNCTION calibration_agg_retract(calibration_state, bool, float8, float8[], float8) RETURNS calibration_state
AS 'MODULE_PATHNAME', 'calibration_agg_bool_retract'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION calibration_agg_retract(calibration_state, bool, float8, float8[], float8) IS
'remove a row''s boolean label and probability with its weight from a calibration state';

CREATE FUNCTION calibration_agg_accum(calibration_state, bigint, float8[], float8[]) RETURNS calibration_state
AS 'MODULE_PATHNAME', 'calibration_agg_top_label_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION calibration_agg_accum(calibration_state, bigint, float8[], float8[]) IS
'add a row''s top-label confidence and hit to a calibration state';

CREATE FUNCTION calibration_agg_retract(calibration_state, bigint, float8[], float8[]) RETURNS calibration_state
AS 'MODULE_PATHNAME', 'calibration_agg_top_label_retract'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION calibration_agg_retract(calibration_state, bigint, float8[], float8[]) IS
'remove a row''s top-label confidence and hit from a calibration state';

CREATE FUNCTION calibration_agg_accum(calibration_state, bigint, float8[], float8[], float8) RETURNS calibration_state
AS 'MODULE_PATHNAME', 'calibration_agg_top_label_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION calibration_agg_accum(calibration_state, bigint, float8[], float8[], float8) IS
'add a row''s top-label confidence and hit with its weight to a calibration state';

CREATE FUNCTION calibration_agg_retract(calibration_state, bigint, float8[], float8[], float8) RETURNS calibration_state
AS 'MODULE_PATHNAME', 'calibration_agg_top_label_retract'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION calibration_agg_retract(calibration_state, bigint, float8[], float8[], float8) IS
'remove a row''s top-label confidence and hit with its weight from a calibration state';

CREATE FUNCTION calibration_state_combine(calibration_state, calibration_state) RETURNS calibration_state
AS 'MODULE_PATHNAME', 'calibration_state_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION calibration_state_combine(calibration_state, calibration_state) IS
'merge two calibration states of the same bounds exactly';

CREATE FUNCTION calibration_state_retract(calibration_state, calibration_state) RETURNS calibration_state
AS 'MODULE_PATHNAME', 'calibration_state_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION calibration_state_retract(calibration_state, calibration_state) IS
'take a calibration state merged earlier back out of another, exactly';

CREATE FUNCTION calibration_state_final(calibration_state) RETURNS calibration_state
AS 'MODULE_PATHNAME', 'calibration_state_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION calibration_state_final(calibration_state) IS
'the calibration state trimmed for storing, or NULL over no rows';

CREATE AGGREGATE calibration_agg(label float8, prob float8, bounds float8[]) (
    SFUNC = calibration_agg_accum, STYPE = calibration_state,
    FINALFUNC = calibration_state_final, COMBINEFUNC = calibration_state_combine,
    MSFUNC = calibration_agg_accum, MINVFUNC = calibration_agg_retract,
    MSTYPE = calibration_state, MFINALFUNC = calibration_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE calibration_agg(float8, float8, float8[]) IS
'exact calibration summary of labels and predicted probabilities in width_bucket bins of the probability';

CREATE AGGREGATE calibration_agg(label float8, prob float8, bounds float8[], weight float8) (
    SFUNC = calibration_agg_accum, STYPE = calibration_state,
    FINALFUNC = calibration_state_final, COMBINEFUNC = calibration_state_combine,
    MSFUNC = calibration_agg_accum, MINVFUNC = calibration_agg_retract,
    MSTYPE = calibration_state, MFINALFUNC = calibration_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE calibration_agg(float8, float8, float8[], float8) IS
'exact calibration summary of labels and predicted probabilities with sample weights';

CREATE AGGREGATE calibration_agg(label bool, prob float8, bounds float8[]) (
    SFUNC = calibration_agg_accum, STYPE = calibration_state,
    FINALFUNC = calibration_state_final, COMBINEFUNC = calibration_state_combine,
    MSFUNC = calibration_agg_accum, MINVFUNC = calibration_agg_retract,
    MSTYPE = calibration_state, MFINALFUNC = calibration_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE calibration_agg(bool, float8, float8[]) IS
'exact calibration summary of boolean labels and predicted probabilities';

CREATE AGGREGATE calibration_agg(label bool, prob float8, bounds float8[], weight float8) (
    SFUNC = calibration_agg_accum, STYPE = calibration_state,
    FINALFUNC = calibration_state_final, COMBINEFUNC = calibration_state_combine,
    MSFUNC = calibration_agg_accum, MINVFUNC = calibration_agg_retract,
    MSTYPE = calibration_state, MFINALFUNC = calibration_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE calibration_agg(bool, float8, float8[], float8) IS
'exact calibration summary of boolean labels and predicted probabilities with sample weights';

CREATE AGGREGATE calibration_agg(label bigint, probs float8[], bounds float8[]) (
    SFUNC = calibration_agg_accum, STYPE = calibration_state,
    FINALFUNC = calibration_state_final, COMBINEFUNC = calibration_state_combine,
    MSFUNC = calibration_agg_accum, MINVFUNC = calibration_agg_retract,
    MSTYPE = calibration_state, MFINALFUNC = calibration_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE calibration_agg(bigint, float8[], float8[]) IS
'exact top-label calibration summary of class labels and class probability vectors';

CREATE AGGREGATE calibration_agg(label bigint, probs float8[], bounds float8[], weight float8) (
    SFUNC = calibration_agg_accum, STYPE = calibration_state,
    FINALFUNC = calibration_state_final, COMBINEFUNC = calibration_state_combine,
    MSFUNC = calibration_agg_accum, MINVFUNC = calibration_agg_retract,
    MSTYPE = calibration_state, MFINALFUNC = calibration_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE calibration_agg(bigint, float8[], float8[], float8) IS
'exact top-label calibration summary of class labels and class probability vectors with sample weights';

-- Calibration states merged: hourly states rolled up into days, exactly;
-- its inverse takes a state back out, so a moving frame costs O(1) a row.
CREATE AGGREGATE rollup(calibration_state) (
    SFUNC = calibration_state_combine, STYPE = calibration_state,
    FINALFUNC = calibration_state_final, COMBINEFUNC = calibration_state_combine,
    MSFUNC = calibration_state_combine, MINVFUNC = calibration_state_retract,
    MSTYPE = calibration_state, MFINALFUNC = calibration_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(calibration_state) IS
'merge a column of calibration states of the same bounds into one, exactly';

CREATE FUNCTION ece(state calibration_state, norm text DEFAULT 'l1') RETURNS float8
AS 'MODULE_PATHNAME', 'calibration_state_ece'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ece(calibration_state, text) IS
'expected calibration error over the bins: l1 (mean absolute gap), l2 (its root mean square) or max';

CREATE FUNCTION reliability(state calibration_state,
    OUT bin int, OUT lower float8, OUT upper float8, OUT rows bigint,
    OUT weight float8, OUT mean_prob float8, OUT mean_label float8)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'calibration_state_reliability'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION reliability(calibration_state) IS
'a reliability diagram: per bin of positive weight, its bounds, rows, weight, mean probability and mean label';

CREATE FUNCTION brier_decomposition(state calibration_state,
    OUT reliability float8, OUT resolution float8, OUT uncertainty float8)
AS 'MODULE_PATHNAME', 'calibration_state_brier_decomposition'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION brier_decomposition(calibration_state) IS
'the binned Murphy decomposition of the Brier score: reliability, resolution and uncertainty';


-- ======================================================================
-- Language models: token log-likelihood
-- ======================================================================

-- The token log-probabilities of a stored completion (natural log, each
-- <= 0), summed exactly and rounded once.

CREATE FUNCTION nll(logprobs float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'nll'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT xent_real_array_support;
COMMENT ON FUNCTION nll(float8[]) IS
'negative log-likelihood -sum logprobs of a sequence of tokens, the exact sum rounded once';

CREATE FUNCTION perplexity(logprobs float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'perplexity'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT xent_real_array_support;
COMMENT ON FUNCTION perplexity(float8[]) IS
'perplexity exp(nll(logprobs) / n) of a sequence of n tokens, +Infinity past the float8 range';


-- nll_agg (a loss_state aggregate)
-- One row per completion: its negative log-likelihood to the loss sum and
-- its units (by default its tokens) to the weight, exactly; no moments.

CREATE FUNCTION nll_agg_accum(loss_state, float8[]) RETURNS loss_state
AS 'MODULE_PATHNAME', 'nll_agg_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nll_agg_accum(loss_state, float8[]) IS
'transition function of nll_agg(logprobs)';

CREATE FUNCTION nll_agg_retract(loss_state, float8[]) RETURNS loss_state
AS 'MODULE_PATHNAME', 'nll_agg_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nll_agg_retract(loss_state, float8[]) IS
'inverse transition function of nll_agg(logprobs)';

CREATE FUNCTION nll_agg_accum(loss_state, float8[], float8) RETURNS loss_state
AS 'MODULE_PATHNAME', 'nll_agg_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nll_agg_accum(loss_state, float8[], float8) IS
'transition function of nll_agg(logprobs, units)';

CREATE FUNCTION nll_agg_retract(loss_state, float8[], float8) RETURNS loss_state
AS 'MODULE_PATHNAME', 'nll_agg_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nll_agg_retract(loss_state, float8[], float8) IS
'inverse transition function of nll_agg(logprobs, units)';

CREATE AGGREGATE nll_agg(logprobs float8[]) (
    SFUNC = nll_agg_accum, STYPE = loss_state, INITCOND = '(v2,0,0,0,0,0,0,0,0,0,0,0,0)',
    FINALFUNC = loss_state_final, COMBINEFUNC = loss_state_combine,
    MSFUNC = nll_agg_accum, MINVFUNC = nll_agg_retract,
    MSTYPE = loss_state, MINITCOND = '(v2,0,0,0,0,0,0,0,0,0,0,0,0)', MFINALFUNC = loss_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nll_agg(float8[]) IS
'exact summary of completions'' negative log-likelihoods per token: mean() is sum nll / sum tokens';

CREATE AGGREGATE nll_agg(logprobs float8[], units float8) (
    SFUNC = nll_agg_accum, STYPE = loss_state, INITCOND = '(v2,0,0,0,0,0,0,0,0,0,0,0,0)',
    FINALFUNC = loss_state_final, COMBINEFUNC = loss_state_combine,
    MSFUNC = nll_agg_accum, MINVFUNC = nll_agg_retract,
    MSTYPE = loss_state, MINITCOND = '(v2,0,0,0,0,0,0,0,0,0,0,0,0)', MFINALFUNC = loss_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nll_agg(float8[], float8) IS
'exact summary of completions'' negative log-likelihoods per unit (bytes, say): mean() is sum nll / sum units';

-- ======================================================================
-- Comparing histograms
-- ======================================================================

-- Two histograms of counts, as bin_counts returns them, paired by position.

CREATE FUNCTION auc(positives float8[], negatives float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'auc'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT xent_real_array_support;
COMMENT ON FUNCTION auc(float8[], float8[]) IS
'ROC AUC of a score binned by the same bounds for the positives and the negatives, a tie inside a bin counting 1/2';

CREATE FUNCTION ks(p float8[], q float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ks'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT xent_real_array_support;
COMMENT ON FUNCTION ks(float8[], float8[]) IS
'Kolmogorov-Smirnov distance max |F_p(k) - F_q(k)| of two histograms';

CREATE FUNCTION wasserstein(p float8[], q float8[], bounds float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'wasserstein'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT xent_real_array_support;
COMMENT ON FUNCTION wasserstein(float8[], float8[], float8[]) IS
'1-Wasserstein distance of two histograms over bounds, interior bins at their midpoints and the outer bins at the outer bounds';

CREATE FUNCTION chi2(p float8[], q float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'chi2'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT xent_real_array_support;
COMMENT ON FUNCTION chi2(float8[], float8[]) IS
'Pearson''s chi-square statistic of the 2 x k table of two histograms, without continuity correction';

CREATE FUNCTION empty_bins(p float8[], q float8[])
RETURNS int
AS 'MODULE_PATHNAME', 'empty_bins'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT xent_real_array_support;
COMMENT ON FUNCTION empty_bins(float8[], float8[]) IS
'bins empty in exactly one of two histograms: why psi is +Infinity, as a finite number';

CREATE FUNCTION smooth(counts float8[], pseudocount float8)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'smooth'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT xent_real_array_support;
COMMENT ON FUNCTION smooth(float8[], float8) IS
'a histogram with pseudocount added to every count';

-- The element-wise sum of histograms.  Its state is a numeric[], not
-- internal: parallel plans and Citus split it, and numeric adds the counts'
-- exact values.

CREATE FUNCTION sum_counts_accum(numeric[], float8[]) RETURNS numeric[]
AS 'MODULE_PATHNAME', 'sum_counts_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sum_counts_accum(numeric[], float8[]) IS
'add a histogram''s counts, exactly, to the sums of a sum_counts state';

CREATE FUNCTION sum_counts_combine(numeric[], numeric[]) RETURNS numeric[]
AS 'MODULE_PATHNAME', 'sum_counts_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sum_counts_combine(numeric[], numeric[]) IS
'add the sums of two sum_counts states';

CREATE FUNCTION sum_counts_final(numeric[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'sum_counts_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sum_counts_final(numeric[]) IS
'the sums of a sum_counts state, each rounded once; NULL over no rows';

CREATE AGGREGATE sum_counts(counts float8[]) (
    SFUNC = sum_counts_accum, STYPE = numeric[], INITCOND = '{}',
    FINALFUNC = sum_counts_final, COMBINEFUNC = sum_counts_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE sum_counts(float8[]) IS
'element-wise sum of histograms of the same length, exact: hourly bin_counts rolled up into days';


-- ======================================================================
-- Information in columns: freq_state and joint_freq_state
-- ======================================================================

-- The distinct values of a column with the count of each (freq_state), or
-- of two columns' pairs (joint_freq_state): text, bigint or boolean values,
-- kept as their bytes in value order (text bytewise, whatever the
-- collation), no OID in them, so a state means the same on every server.

CREATE TYPE freq_state;
CREATE TYPE joint_freq_state;

CREATE FUNCTION freq_state_in(cstring) RETURNS freq_state
AS 'MODULE_PATHNAME', 'freq_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION freq_state_in(cstring) IS 'input function of freq_state';

CREATE FUNCTION freq_state_out(freq_state) RETURNS cstring
AS 'MODULE_PATHNAME', 'freq_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION freq_state_out(freq_state) IS 'output function of freq_state';

CREATE FUNCTION freq_state_recv(internal) RETURNS freq_state
AS 'MODULE_PATHNAME', 'freq_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION freq_state_recv(internal) IS 'binary input function of freq_state';

CREATE FUNCTION freq_state_send(freq_state) RETURNS bytea
AS 'MODULE_PATHNAME', 'freq_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION freq_state_send(freq_state) IS 'binary output function of freq_state';

CREATE FUNCTION joint_freq_state_in(cstring) RETURNS joint_freq_state
AS 'MODULE_PATHNAME', 'joint_freq_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION joint_freq_state_in(cstring) IS 'input function of joint_freq_state';

CREATE FUNCTION joint_freq_state_out(joint_freq_state) RETURNS cstring
AS 'MODULE_PATHNAME', 'freq_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION joint_freq_state_out(joint_freq_state) IS 'output function of joint_freq_state';

CREATE FUNCTION joint_freq_state_recv(internal) RETURNS joint_freq_state
AS 'MODULE_PATHNAME', 'joint_freq_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION joint_freq_state_recv(internal) IS 'binary input function of joint_freq_state';

CREATE FUNCTION joint_freq_state_send(joint_freq_state) RETURNS bytea
AS 'MODULE_PATHNAME', 'freq_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION joint_freq_state_send(joint_freq_state) IS 'binary output function of joint_freq_state';

-- As large as the column's distinct values make them: compressible and
-- moved out of line like text.
CREATE TYPE freq_state (
    INTERNALLENGTH = VARIABLE,
    INPUT = freq_state_in,
    OUTPUT = freq_state_out,
    RECEIVE = freq_state_recv,
    SEND = freq_state_send,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE freq_state IS
'exact counts of the distinct values of a column: (v1,kind,n,value:count,...)';

CREATE TYPE joint_freq_state (
    INTERNALLENGTH = VARIABLE,
    INPUT = joint_freq_state_in,
    OUTPUT = joint_freq_state_out,
    RECEIVE = joint_freq_state_recv,
    SEND = joint_freq_state_send,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE joint_freq_state IS
'exact counts of the distinct pairs of values of two columns: (v1,kind,kind,n,(x,y):count,...)';

-- Support functions of the aggregates.

CREATE FUNCTION freq_state_add(freq_state, text) RETURNS freq_state
AS 'MODULE_PATHNAME', 'freq_state_add'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION freq_state_add(freq_state, text) IS
'transition function of freq_agg(text): count one value (NULL skipped)';

CREATE FUNCTION freq_state_add(freq_state, bigint) RETURNS freq_state
AS 'MODULE_PATHNAME', 'freq_state_add'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION freq_state_add(freq_state, bigint) IS
'transition function of freq_agg(bigint): count one value (NULL skipped)';

CREATE FUNCTION freq_state_add(freq_state, boolean) RETURNS freq_state
AS 'MODULE_PATHNAME', 'freq_state_add'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION freq_state_add(freq_state, boolean) IS
'transition function of freq_agg(boolean): count one value (NULL skipped)';

CREATE FUNCTION joint_freq_state_add(joint_freq_state, text, text) RETURNS joint_freq_state
AS 'MODULE_PATHNAME', 'joint_freq_state_add'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION joint_freq_state_add(joint_freq_state, text, text) IS
'transition function of joint_freq_agg(text, text): count one pair (skipped if either is NULL)';

CREATE FUNCTION joint_freq_state_add(joint_freq_state, text, bigint) RETURNS joint_freq_state
AS 'MODULE_PATHNAME', 'joint_freq_state_add'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION joint_freq_state_add(joint_freq_state, text, bigint) IS
'transition function of joint_freq_agg(text, bigint): count one pair (skipped if either is NULL)';

CREATE FUNCTION joint_freq_state_add(joint_freq_state, text, boolean) RETURNS joint_freq_state
AS 'MODULE_PATHNAME', 'joint_freq_state_add'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION joint_freq_state_add(joint_freq_state, text, boolean) IS
'transition function of joint_freq_agg(text, boolean): count one pair (skipped if either is NULL)';

CREATE FUNCTION joint_freq_state_add(joint_freq_state, bigint, text) RETURNS joint_freq_state
AS 'MODULE_PATHNAME', 'joint_freq_state_add'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION joint_freq_state_add(joint_freq_state, bigint, text) IS
'transition function of joint_freq_agg(bigint, text): count one pair (skipped if either is NULL)';

CREATE FUNCTION joint_freq_state_add(joint_freq_state, bigint, bigint) RETURNS joint_freq_state
AS 'MODULE_PATHNAME', 'joint_freq_state_add'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION joint_freq_state_add(joint_freq_state, bigint, bigint) IS
'transition function of joint_freq_agg(bigint, bigint): count one pair (skipped if either is NULL)';

CREATE FUNCTION joint_freq_state_add(joint_freq_state, bigint, boolean) RETURNS joint_freq_state
AS 'MODULE_PATHNAME', 'joint_freq_state_add'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION joint_freq_state_add(joint_freq_state, bigint, boolean) IS
'transition function of joint_freq_agg(bigint, boolean): count one pair (skipped if either is NULL)';

CREATE FUNCTION joint_freq_state_add(joint_freq_state, boolean, text) RETURNS joint_freq_state
AS 'MODULE_PATHNAME', 'joint_freq_state_add'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION joint_freq_state_add(joint_freq_state, boolean, text) IS
'transition function of joint_freq_agg(boolean, text): count one pair (skipped if either is NULL)';

CREATE FUNCTION joint_freq_state_add(joint_freq_state, boolean, bigint) RETURNS joint_freq_state
AS 'MODULE_PATHNAME', 'joint_freq_state_add'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION joint_freq_state_add(joint_freq_state, boolean, bigint) IS
'transition function of joint_freq_agg(boolean, bigint): count one pair (skipped if either is NULL)';

CREATE FUNCTION joint_freq_state_add(joint_freq_state, boolean, boolean) RETURNS joint_freq_state
AS 'MODULE_PATHNAME', 'joint_freq_state_add'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION joint_freq_state_add(joint_freq_state, boolean, boolean) IS
'transition function of joint_freq_agg(boolean, boolean): count one pair (skipped if either is NULL)';

CREATE FUNCTION freq_state_combine(freq_state, freq_state) RETURNS freq_state
AS 'MODULE_PATHNAME', 'freq_state_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION freq_state_combine(freq_state, freq_state) IS
'merge two freq_states of the same kinds exactly';

CREATE FUNCTION freq_state_final(freq_state) RETURNS freq_state
AS 'MODULE_PATHNAME', 'freq_state_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION freq_state_final(freq_state) IS
'final function of the freq_state aggregates: the state in its normal form, or NULL over no rows';

CREATE FUNCTION joint_freq_state_combine(joint_freq_state, joint_freq_state) RETURNS joint_freq_state
AS 'MODULE_PATHNAME', 'joint_freq_state_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION joint_freq_state_combine(joint_freq_state, joint_freq_state) IS
'merge two joint_freq_states of the same kinds exactly';

CREATE FUNCTION joint_freq_state_final(joint_freq_state) RETURNS joint_freq_state
AS 'MODULE_PATHNAME', 'joint_freq_state_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION joint_freq_state_final(joint_freq_state) IS
'final function of the joint_freq_state aggregates: the state in its normal form, or NULL over no rows';

-- The aggregates.

CREATE AGGREGATE freq_agg(text) (
    SFUNC = freq_state_add, STYPE = freq_state,
    FINALFUNC = freq_state_final, COMBINEFUNC = freq_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE freq_agg(text) IS
'exact count of each distinct value of a column (NULL skipped), as a freq_state';

CREATE AGGREGATE freq_agg(bigint) (
    SFUNC = freq_state_add, STYPE = freq_state,
    FINALFUNC = freq_state_final, COMBINEFUNC = freq_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE freq_agg(bigint) IS
'exact count of each distinct value of a column (NULL skipped), as a freq_state';

CREATE AGGREGATE freq_agg(boolean) (
    SFUNC = freq_state_add, STYPE = freq_state,
    FINALFUNC = freq_state_final, COMBINEFUNC = freq_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE freq_agg(boolean) IS
'exact count of each distinct value of a column (NULL skipped), as a freq_state';

CREATE AGGREGATE joint_freq_agg(text, text) (
    SFUNC = joint_freq_state_add, STYPE = joint_freq_state,
    FINALFUNC = joint_freq_state_final, COMBINEFUNC = joint_freq_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE joint_freq_agg(text, text) IS
'exact count of each distinct pair (x, y) (rows with a NULL skipped), as a joint_freq_state';

CREATE AGGREGATE joint_freq_agg(text, bigint) (
    SFUNC = joint_freq_state_add, STYPE = joint_freq_state,
    FINALFUNC = joint_freq_state_final, COMBINEFUNC = joint_freq_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE joint_freq_agg(text, bigint) IS
'exact count of each distinct pair (x, y) (rows with a NULL skipped), as a joint_freq_state';

CREATE AGGREGATE joint_freq_agg(text, boolean) (
    SFUNC = joint_freq_state_add, STYPE = joint_freq_state,
    FINALFUNC = joint_freq_state_final, COMBINEFUNC = joint_freq_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE joint_freq_agg(text, boolean) IS
'exact count of each distinct pair (x, y) (rows with a NULL skipped), as a joint_freq_state';

CREATE AGGREGATE joint_freq_agg(bigint, text) (
    SFUNC = joint_freq_state_add, STYPE = joint_freq_state,
    FINALFUNC = joint_freq_state_final, COMBINEFUNC = joint_freq_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE joint_freq_agg(bigint, text) IS
'exact count of each distinct pair (x, y) (rows with a NULL skipped), as a joint_freq_state';

CREATE AGGREGATE joint_freq_agg(bigint, bigint) (
    SFUNC = joint_freq_state_add, STYPE = joint_freq_state,
    FINALFUNC = joint_freq_state_final, COMBINEFUNC = joint_freq_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE joint_freq_agg(bigint, bigint) IS
'exact count of each distinct pair (x, y) (rows with a NULL skipped), as a joint_freq_state';

CREATE AGGREGATE joint_freq_agg(bigint, boolean) (
    SFUNC = joint_freq_state_add, STYPE = joint_freq_state,
    FINALFUNC = joint_freq_state_final, COMBINEFUNC = joint_freq_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE joint_freq_agg(bigint, boolean) IS
'exact count of each distinct pair (x, y) (rows with a NULL skipped), as a joint_freq_state';

CREATE AGGREGATE joint_freq_agg(boolean, text) (
    SFUNC = joint_freq_state_add, STYPE = joint_freq_state,
    FINALFUNC = joint_freq_state_final, COMBINEFUNC = joint_freq_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE joint_freq_agg(boolean, text) IS
'exact count of each distinct pair (x, y) (rows with a NULL skipped), as a joint_freq_state';

CREATE AGGREGATE joint_freq_agg(boolean, bigint) (
    SFUNC = joint_freq_state_add, STYPE = joint_freq_state,
    FINALFUNC = joint_freq_state_final, COMBINEFUNC = joint_freq_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE joint_freq_agg(boolean, bigint) IS
'exact count of each distinct pair (x, y) (rows with a NULL skipped), as a joint_freq_state';

CREATE AGGREGATE joint_freq_agg(boolean, boolean) (
    SFUNC = joint_freq_state_add, STYPE = joint_freq_state,
    FINALFUNC = joint_freq_state_final, COMBINEFUNC = joint_freq_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE joint_freq_agg(boolean, boolean) IS
'exact count of each distinct pair (x, y) (rows with a NULL skipped), as a joint_freq_state';

CREATE AGGREGATE rollup(freq_state) (
    SFUNC = freq_state_combine, STYPE = freq_state,
    FINALFUNC = freq_state_final, COMBINEFUNC = freq_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(freq_state) IS
'merge a column of freq_states into one, exactly, as if their rows were aggregated together';

CREATE AGGREGATE rollup(joint_freq_state) (
    SFUNC = joint_freq_state_combine, STYPE = joint_freq_state,
    FINALFUNC = joint_freq_state_final, COMBINEFUNC = joint_freq_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(joint_freq_state) IS
'merge a column of joint_freq_states into one, exactly, as if their rows were aggregated together';

-- The measures.

CREATE FUNCTION column_entropy(state freq_state, base float8 DEFAULT NULL) RETURNS float8
AS 'MODULE_PATHNAME', 'freq_state_column_entropy'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION column_entropy(freq_state, float8) IS
'entropy H(X) of the values'' empirical distribution; in nats unless base is given';

CREATE FUNCTION conditional_entropy(state joint_freq_state, base float8 DEFAULT NULL) RETURNS float8
AS 'MODULE_PATHNAME', 'joint_freq_state_conditional_entropy'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION conditional_entropy(joint_freq_state, float8) IS
'conditional entropy H(Y|X) of the pairs'' empirical distribution; in nats unless base is given';

CREATE FUNCTION mutual_information(state joint_freq_state, base float8 DEFAULT NULL) RETURNS float8
AS 'MODULE_PATHNAME', 'joint_freq_state_mutual_information'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION mutual_information(joint_freq_state, float8) IS
'mutual information I(X;Y) of the pairs'' empirical distribution; in nats unless base is given';

CREATE FUNCTION uncertainty_coefficient(state joint_freq_state) RETURNS float8
AS 'MODULE_PATHNAME', 'joint_freq_state_uncertainty_coefficient'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION uncertainty_coefficient(joint_freq_state) IS
'Theil''s U of Y given X, I(X;Y) / H(Y): 1 when x determines y, 0 when independent, NULL when H(Y) = 0';

CREATE FUNCTION distinct_values(state freq_state) RETURNS bigint
AS 'MODULE_PATHNAME', 'freq_state_distinct_values'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION distinct_values(freq_state) IS
'number of distinct values a freq_state counts';

CREATE FUNCTION distinct_values(state joint_freq_state) RETURNS bigint
AS 'MODULE_PATHNAME', 'freq_state_distinct_values'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION distinct_values(joint_freq_state) IS
'number of distinct pairs a joint_freq_state counts';

