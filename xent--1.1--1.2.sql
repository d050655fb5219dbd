/* xent--1.1--1.2.sql: a binary classifier's scoreboard, error bars, calibration, token log-likelihood, histogram comparisons and information in columns */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION xent UPDATE TO '1.2'" to load this file. \quit

-- ======================================================================
-- Error bars: loss_state v2 keeps the second moments (Uncertainty)
-- ======================================================================


-- ======================================================================
-- Scoring a binary classifier: binary_state
-- ======================================================================


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


-- ======================================================================
-- Comparing histograms
-- ======================================================================


-- ======================================================================
-- Information in columns: freq_state and joint_freq_state
-- ======================================================================

