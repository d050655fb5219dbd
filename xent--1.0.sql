/* xent--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION xent" to load this file. \quit

-- Scalar functions are not STRICT where optional arguments default to NULL:
-- a NULL base means natural log, a NULL renormalize means false.

CREATE FUNCTION entropy(p float8[], base float8 DEFAULT NULL,
                        renormalize bool DEFAULT false)
RETURNS float8
AS 'MODULE_PATHNAME', 'entropy'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION entropy(float8[], float8, bool) IS
'entropy H(p) = -sum p_i log p_i of a probability vector, in nats unless base is given';

CREATE FUNCTION cross_entropy(p float8[], q float8[], base float8 DEFAULT NULL,
                              renormalize bool DEFAULT false)
RETURNS float8
AS 'MODULE_PATHNAME', 'cross_entropy'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cross_entropy(float8[], float8[], float8, bool) IS
'cross entropy H(p,q) = -sum p_i log q_i, in nats unless base is given';

CREATE FUNCTION cross_entropy(label int, q float8[], base float8 DEFAULT NULL)
RETURNS float8
AS 'MODULE_PATHNAME', 'cross_entropy_label'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cross_entropy(int, float8[], float8) IS
'cross entropy -log q[label] of a class label, a subscript of q';

CREATE FUNCTION kl_div(p float8[], q float8[], base float8 DEFAULT NULL,
                       renormalize bool DEFAULT false)
RETURNS float8
AS 'MODULE_PATHNAME', 'kl_div'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION kl_div(float8[], float8[], float8, bool) IS
'Kullback-Leibler divergence D(p||q) = sum p_i log(p_i/q_i), in nats unless base is given';

CREATE FUNCTION js_div(p float8[], q float8[], base float8 DEFAULT NULL,
                       renormalize bool DEFAULT false)
RETURNS float8
AS 'MODULE_PATHNAME', 'js_div'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION js_div(float8[], float8[], float8, bool) IS
'Jensen-Shannon divergence of p and q, between 0 and ln 2 nats (1 bit)';

CREATE FUNCTION bce(label float8, prob float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'bce'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bce(float8, float8) IS
'binary cross entropy -(y log p + (1-y) log(1-p)) of a label y in [0,1] and a probability p';

CREATE FUNCTION bce_logits(label float8, logit float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'bce_logits'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bce_logits(float8, float8) IS
'binary cross entropy of a label y in [0,1] and a logit, computed stably without forming the probability';

CREATE FUNCTION softmax(logits float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'softmax'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION softmax(float8[]) IS
'softmax of a logit vector, stably; -Infinity logits are masked classes of probability 0';

CREATE FUNCTION log_softmax(logits float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'log_softmax'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION log_softmax(float8[]) IS
'log of the softmax of a logit vector, stably; -Infinity logits stay -Infinity';

CREATE FUNCTION cross_entropy_logits(p float8[], logits float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'cross_entropy_logits'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cross_entropy_logits(float8[], float8[]) IS
'cross entropy of p against softmax(logits), in nats, without forming the softmax';

CREATE FUNCTION cross_entropy_logits(label int, logits float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'cross_entropy_logits_label'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cross_entropy_logits(int, float8[]) IS
'cross entropy of a class label (a subscript of logits) against softmax(logits), in nats';

-- The running state of the mean-loss aggregates.

CREATE TYPE loss_state;

CREATE FUNCTION loss_state_in(cstring) RETURNS loss_state
AS 'MODULE_PATHNAME', 'loss_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION loss_state_in(cstring) IS 'input function of loss_state';

CREATE FUNCTION loss_state_out(loss_state) RETURNS cstring
AS 'MODULE_PATHNAME', 'loss_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION loss_state_out(loss_state) IS 'output function of loss_state';

CREATE FUNCTION loss_state_recv(internal) RETURNS loss_state
AS 'MODULE_PATHNAME', 'loss_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION loss_state_recv(internal) IS 'binary input function of loss_state';

CREATE FUNCTION loss_state_send(loss_state) RETURNS bytea
AS 'MODULE_PATHNAME', 'loss_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION loss_state_send(loss_state) IS 'binary output function of loss_state';

CREATE TYPE loss_state (
    INTERNALLENGTH = 576,
    INPUT = loss_state_in,
    OUTPUT = loss_state_out,
    RECEIVE = loss_state_recv,
    SEND = loss_state_send,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE loss_state IS
'running state of a mean loss: (rows, +Infinity losses, NaN losses, exact sum of the finite losses)';

CREATE FUNCTION loss_state_combine(loss_state, loss_state) RETURNS loss_state
AS 'MODULE_PATHNAME', 'loss_state_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION loss_state_combine(loss_state, loss_state) IS
'merge two loss states exactly';

CREATE FUNCTION loss_state_mean(loss_state) RETURNS float8
AS 'MODULE_PATHNAME', 'loss_state_mean'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION loss_state_mean(loss_state) IS
'mean loss of a loss state: the exact sum rounded once, divided by the count; NULL for no rows';

-- Transition functions: a forward (accum) and an inverse (retract) each.

CREATE FUNCTION avg_bce_accum(loss_state, float8, float8) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_bce_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_bce_accum(loss_state, float8, float8) IS
'add a row''s binary cross entropy to a loss state';

CREATE FUNCTION avg_bce_retract(loss_state, float8, float8) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_bce_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_bce_retract(loss_state, float8, float8) IS
'remove a row''s binary cross entropy from a loss state';

CREATE FUNCTION avg_bce_accum(loss_state, float8, float8, float8) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_bce_clipped_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_bce_accum(loss_state, float8, float8, float8) IS
'add a row''s binary cross entropy, prob clipped into [eps, 1-eps], to a loss state';

CREATE FUNCTION avg_bce_retract(loss_state, float8, float8, float8) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_bce_clipped_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_bce_retract(loss_state, float8, float8, float8) IS
'remove a row''s binary cross entropy, prob clipped into [eps, 1-eps], from a loss state';

CREATE FUNCTION avg_bce_logits_accum(loss_state, float8, float8) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_bce_logits_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_bce_logits_accum(loss_state, float8, float8) IS
'add a row''s binary cross entropy from a logit to a loss state';

CREATE FUNCTION avg_bce_logits_retract(loss_state, float8, float8) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_bce_logits_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_bce_logits_retract(loss_state, float8, float8) IS
'remove a row''s binary cross entropy from a logit from a loss state';

CREATE FUNCTION avg_cross_entropy_accum(loss_state, float8[], float8[]) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_cross_entropy_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_cross_entropy_accum(loss_state, float8[], float8[]) IS
'add a row''s cross entropy to a loss state';

CREATE FUNCTION avg_cross_entropy_retract(loss_state, float8[], float8[]) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_cross_entropy_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_cross_entropy_retract(loss_state, float8[], float8[]) IS
'remove a row''s cross entropy from a loss state';

CREATE FUNCTION avg_cross_entropy_accum(loss_state, int, float8[]) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_cross_entropy_label_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_cross_entropy_accum(loss_state, int, float8[]) IS
'add a row''s class-label cross entropy to a loss state';

CREATE FUNCTION avg_cross_entropy_retract(loss_state, int, float8[]) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_cross_entropy_label_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_cross_entropy_retract(loss_state, int, float8[]) IS
'remove a row''s class-label cross entropy from a loss state';

CREATE FUNCTION avg_kl_div_accum(loss_state, float8[], float8[]) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_kl_div_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_kl_div_accum(loss_state, float8[], float8[]) IS
'add a row''s KL divergence to a loss state';

CREATE FUNCTION avg_kl_div_retract(loss_state, float8[], float8[]) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_kl_div_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_kl_div_retract(loss_state, float8[], float8[]) IS
'remove a row''s KL divergence from a loss state';

-- The mean-loss aggregates: exact, parallel, and with moving-frame support.

CREATE AGGREGATE avg_bce(label float8, prob float8) (
    SFUNC = avg_bce_accum, STYPE = loss_state, INITCOND = '(0,0,0,0)',
    FINALFUNC = loss_state_mean, COMBINEFUNC = loss_state_combine,
    MSFUNC = avg_bce_accum, MINVFUNC = avg_bce_retract,
    MSTYPE = loss_state, MINITCOND = '(0,0,0,0)', MFINALFUNC = loss_state_mean,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE avg_bce(float8, float8) IS
'mean binary cross entropy over rows, summed exactly';

CREATE AGGREGATE avg_bce(label float8, prob float8, eps float8) (
    SFUNC = avg_bce_accum, STYPE = loss_state, INITCOND = '(0,0,0,0)',
    FINALFUNC = loss_state_mean, COMBINEFUNC = loss_state_combine,
    MSFUNC = avg_bce_accum, MINVFUNC = avg_bce_retract,
    MSTYPE = loss_state, MINITCOND = '(0,0,0,0)', MFINALFUNC = loss_state_mean,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE avg_bce(float8, float8, float8) IS
'mean binary cross entropy over rows, prob clipped into [eps, 1-eps] first';

CREATE AGGREGATE avg_bce_logits(label float8, logit float8) (
    SFUNC = avg_bce_logits_accum, STYPE = loss_state, INITCOND = '(0,0,0,0)',
    FINALFUNC = loss_state_mean, COMBINEFUNC = loss_state_combine,
    MSFUNC = avg_bce_logits_accum, MINVFUNC = avg_bce_logits_retract,
    MSTYPE = loss_state, MINITCOND = '(0,0,0,0)', MFINALFUNC = loss_state_mean,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE avg_bce_logits(float8, float8) IS
'mean binary cross entropy from logits over rows, summed exactly';

CREATE AGGREGATE avg_cross_entropy(p float8[], q float8[]) (
    SFUNC = avg_cross_entropy_accum, STYPE = loss_state, INITCOND = '(0,0,0,0)',
    FINALFUNC = loss_state_mean, COMBINEFUNC = loss_state_combine,
    MSFUNC = avg_cross_entropy_accum, MINVFUNC = avg_cross_entropy_retract,
    MSTYPE = loss_state, MINITCOND = '(0,0,0,0)', MFINALFUNC = loss_state_mean,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE avg_cross_entropy(float8[], float8[]) IS
'mean cross entropy H(p,q) over rows, in nats, summed exactly';

CREATE AGGREGATE avg_cross_entropy(label int, q float8[]) (
    SFUNC = avg_cross_entropy_accum, STYPE = loss_state, INITCOND = '(0,0,0,0)',
    FINALFUNC = loss_state_mean, COMBINEFUNC = loss_state_combine,
    MSFUNC = avg_cross_entropy_accum, MINVFUNC = avg_cross_entropy_retract,
    MSTYPE = loss_state, MINITCOND = '(0,0,0,0)', MFINALFUNC = loss_state_mean,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE avg_cross_entropy(int, float8[]) IS
'mean class-label cross entropy -log q[label] over rows, in nats, summed exactly';

CREATE AGGREGATE avg_kl_div(p float8[], q float8[]) (
    SFUNC = avg_kl_div_accum, STYPE = loss_state, INITCOND = '(0,0,0,0)',
    FINALFUNC = loss_state_mean, COMBINEFUNC = loss_state_combine,
    MSFUNC = avg_kl_div_accum, MINVFUNC = avg_kl_div_retract,
    MSTYPE = loss_state, MINITCOND = '(0,0,0,0)', MFINALFUNC = loss_state_mean,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE avg_kl_div(float8[], float8[]) IS
'mean KL divergence D(p||q) over rows, in nats, summed exactly';
