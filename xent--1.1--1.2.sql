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


-- ======================================================================
-- Calibration: calibration_state
-- ======================================================================


-- ======================================================================
-- Language models: token log-likelihood
-- ======================================================================


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


-- ======================================================================
-- Information in columns: freq_state and joint_freq_state
-- ======================================================================

