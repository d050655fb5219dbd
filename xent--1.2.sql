-- Built by the Makefile from xent--1.0.sql xent--1.0--1.1.sql xent--1.1--1.2.sql: do not edit.
/* xent--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION xent" to load this file. \quit

-- Scalar functions are not STRICT where optional arguments default to NULL:
-- a NULL base means natural log, a NULL renormalize means false.
--
-- Class labels are bigint: an int or smallint label reaches them by an
-- implicit cast, where int and bigint overloads side by side would make a
-- smallint label ambiguous.

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

CREATE FUNCTION cross_entropy(label bigint, q float8[], base float8 DEFAULT NULL)
RETURNS float8
AS 'MODULE_PATHNAME', 'cross_entropy_label'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cross_entropy(bigint, float8[], float8) IS
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

CREATE FUNCTION bce(label bool, prob float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'bce_bool'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bce(bool, float8) IS
'binary cross entropy of a boolean label (true = 1) and a probability';

CREATE FUNCTION bce_logits(label bool, logit float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'bce_logits_bool'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bce_logits(bool, float8) IS
'binary cross entropy of a boolean label (true = 1) and a logit, computed stably';

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

CREATE FUNCTION cross_entropy_logits(label bigint, logits float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'cross_entropy_logits_label'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cross_entropy_logits(bigint, float8[]) IS
'cross entropy of a class label (a subscript of logits) against softmax(logits), in nats';

-- The exact summary of a column of losses: the running state of every
-- aggregate below, and what loss_agg returns and rollup merges.

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

-- A varlena that holds only the chunks of its exact sums in use; PLAIN, as
-- it is small and updated in place, so never compressed nor moved out of line.
CREATE TYPE loss_state (
    INTERNALLENGTH = VARIABLE,
    INPUT = loss_state_in,
    OUTPUT = loss_state_out,
    RECEIVE = loss_state_recv,
    SEND = loss_state_send,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE loss_state IS
'exact summary of losses: (v1,rows,weighted rows,NaN weights,NaN losses,+Infinity losses,-Infinity losses,weight sum,loss sum)';

-- Accessors.

CREATE FUNCTION mean(state loss_state, base float8 DEFAULT NULL) RETURNS float8
AS 'MODULE_PATHNAME', 'loss_state_mean_in_base'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION mean(loss_state, float8) IS
'mean loss of a summary, sum(w * loss) / sum(w), each exact sum rounded once; in nats unless base is given';

CREATE FUNCTION total(state loss_state) RETURNS float8
AS 'MODULE_PATHNAME', 'loss_state_total'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION total(loss_state) IS
'total loss of a summary, sum(w * loss), rounded once';

CREATE FUNCTION num_rows(state loss_state) RETURNS bigint
AS 'MODULE_PATHNAME', 'loss_state_num_rows'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION num_rows(loss_state) IS
'number of rows a summary holds';

CREATE FUNCTION total_weight(state loss_state) RETURNS float8
AS 'MODULE_PATHNAME', 'loss_state_total_weight'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION total_weight(loss_state) IS
'sum of the weights of a summary''s rows (1 for a row without a weight), rounded once';

-- Support functions shared by the aggregates.

CREATE FUNCTION loss_state_combine(loss_state, loss_state) RETURNS loss_state
AS 'MODULE_PATHNAME', 'loss_state_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION loss_state_combine(loss_state, loss_state) IS
'merge two loss states exactly';

CREATE FUNCTION loss_state_retract(loss_state, loss_state) RETURNS loss_state
AS 'MODULE_PATHNAME', 'loss_state_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION loss_state_retract(loss_state, loss_state) IS
'take a loss state merged earlier back out of another, exactly';

CREATE FUNCTION loss_state_mean(loss_state) RETURNS float8
AS 'MODULE_PATHNAME', 'loss_state_mean'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION loss_state_mean(loss_state) IS
'final function of the mean-loss aggregates: mean(state)';

CREATE FUNCTION loss_state_final(loss_state) RETURNS loss_state
AS 'MODULE_PATHNAME', 'loss_state_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION loss_state_final(loss_state) IS
'final function of loss_agg and rollup: the state, or NULL over no rows';

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

CREATE FUNCTION avg_bce_accum(loss_state, bool, float8) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_bce_bool_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_bce_accum(loss_state, bool, float8) IS
'add a row''s binary cross entropy, boolean label, to a loss state';

CREATE FUNCTION avg_bce_retract(loss_state, bool, float8) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_bce_bool_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_bce_retract(loss_state, bool, float8) IS
'remove a row''s binary cross entropy, boolean label, from a loss state';

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

CREATE FUNCTION avg_bce_accum(loss_state, bool, float8, float8) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_bce_clipped_bool_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_bce_accum(loss_state, bool, float8, float8) IS
'add a row''s binary cross entropy, boolean label, prob clipped into [eps, 1-eps], to a loss state';

CREATE FUNCTION avg_bce_retract(loss_state, bool, float8, float8) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_bce_clipped_bool_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_bce_retract(loss_state, bool, float8, float8) IS
'remove a row''s binary cross entropy, boolean label, prob clipped into [eps, 1-eps], from a loss state';

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

CREATE FUNCTION avg_bce_logits_accum(loss_state, bool, float8) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_bce_logits_bool_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_bce_logits_accum(loss_state, bool, float8) IS
'add a row''s binary cross entropy from a logit, boolean label, to a loss state';

CREATE FUNCTION avg_bce_logits_retract(loss_state, bool, float8) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_bce_logits_bool_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_bce_logits_retract(loss_state, bool, float8) IS
'remove a row''s binary cross entropy from a logit, boolean label, from a loss state';

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

CREATE FUNCTION avg_cross_entropy_accum(loss_state, bigint, float8[]) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_cross_entropy_label_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_cross_entropy_accum(loss_state, bigint, float8[]) IS
'add a row''s class-label cross entropy to a loss state';

CREATE FUNCTION avg_cross_entropy_retract(loss_state, bigint, float8[]) RETURNS loss_state
AS 'MODULE_PATHNAME', 'avg_cross_entropy_label_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION avg_cross_entropy_retract(loss_state, bigint, float8[]) IS
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

CREATE FUNCTION loss_agg_accum(loss_state, float8) RETURNS loss_state
AS 'MODULE_PATHNAME', 'loss_agg_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION loss_agg_accum(loss_state, float8) IS
'add a row''s loss to a loss state';

CREATE FUNCTION loss_agg_retract(loss_state, float8) RETURNS loss_state
AS 'MODULE_PATHNAME', 'loss_agg_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION loss_agg_retract(loss_state, float8) IS
'remove a row''s loss from a loss state';

CREATE FUNCTION loss_agg_accum(loss_state, float8, float8) RETURNS loss_state
AS 'MODULE_PATHNAME', 'loss_agg_weighted_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION loss_agg_accum(loss_state, float8, float8) IS
'add a row''s loss with its weight to a loss state';

CREATE FUNCTION loss_agg_retract(loss_state, float8, float8) RETURNS loss_state
AS 'MODULE_PATHNAME', 'loss_agg_weighted_retract'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION loss_agg_retract(loss_state, float8, float8) IS
'remove a row''s loss with its weight from a loss state';

-- The aggregates: exact, parallel, and with moving-frame support.  The
-- initial state is the empty summary.

CREATE AGGREGATE avg_bce(label float8, prob float8) (
    SFUNC = avg_bce_accum, STYPE = loss_state, INITCOND = '(v1,0,0,0,0,0,0,0,0)',
    FINALFUNC = loss_state_mean, COMBINEFUNC = loss_state_combine,
    MSFUNC = avg_bce_accum, MINVFUNC = avg_bce_retract,
    MSTYPE = loss_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0)', MFINALFUNC = loss_state_mean,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE avg_bce(float8, float8) IS
'mean binary cross entropy over rows, summed exactly';

CREATE AGGREGATE avg_bce(label bool, prob float8) (
    SFUNC = avg_bce_accum, STYPE = loss_state, INITCOND = '(v1,0,0,0,0,0,0,0,0)',
    FINALFUNC = loss_state_mean, COMBINEFUNC = loss_state_combine,
    MSFUNC = avg_bce_accum, MINVFUNC = avg_bce_retract,
    MSTYPE = loss_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0)', MFINALFUNC = loss_state_mean,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE avg_bce(bool, float8) IS
'mean binary cross entropy of boolean labels over rows, summed exactly';

CREATE AGGREGATE avg_bce(label float8, prob float8, eps float8) (
    SFUNC = avg_bce_accum, STYPE = loss_state, INITCOND = '(v1,0,0,0,0,0,0,0,0)',
    FINALFUNC = loss_state_mean, COMBINEFUNC = loss_state_combine,
    MSFUNC = avg_bce_accum, MINVFUNC = avg_bce_retract,
    MSTYPE = loss_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0)', MFINALFUNC = loss_state_mean,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE avg_bce(float8, float8, float8) IS
'mean binary cross entropy over rows, prob clipped into [eps, 1-eps] first';

CREATE AGGREGATE avg_bce(label bool, prob float8, eps float8) (
    SFUNC = avg_bce_accum, STYPE = loss_state, INITCOND = '(v1,0,0,0,0,0,0,0,0)',
    FINALFUNC = loss_state_mean, COMBINEFUNC = loss_state_combine,
    MSFUNC = avg_bce_accum, MINVFUNC = avg_bce_retract,
    MSTYPE = loss_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0)', MFINALFUNC = loss_state_mean,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE avg_bce(bool, float8, float8) IS
'mean binary cross entropy of boolean labels, prob clipped into [eps, 1-eps] first';

CREATE AGGREGATE avg_bce_logits(label float8, logit float8) (
    SFUNC = avg_bce_logits_accum, STYPE = loss_state, INITCOND = '(v1,0,0,0,0,0,0,0,0)',
    FINALFUNC = loss_state_mean, COMBINEFUNC = loss_state_combine,
    MSFUNC = avg_bce_logits_accum, MINVFUNC = avg_bce_logits_retract,
    MSTYPE = loss_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0)', MFINALFUNC = loss_state_mean,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE avg_bce_logits(float8, float8) IS
'mean binary cross entropy from logits over rows, summed exactly';

CREATE AGGREGATE avg_bce_logits(label bool, logit float8) (
    SFUNC = avg_bce_logits_accum, STYPE = loss_state, INITCOND = '(v1,0,0,0,0,0,0,0,0)',
    FINALFUNC = loss_state_mean, COMBINEFUNC = loss_state_combine,
    MSFUNC = avg_bce_logits_accum, MINVFUNC = avg_bce_logits_retract,
    MSTYPE = loss_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0)', MFINALFUNC = loss_state_mean,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE avg_bce_logits(bool, float8) IS
'mean binary cross entropy of boolean labels from logits, summed exactly';

CREATE AGGREGATE avg_cross_entropy(p float8[], q float8[]) (
    SFUNC = avg_cross_entropy_accum, STYPE = loss_state, INITCOND = '(v1,0,0,0,0,0,0,0,0)',
    FINALFUNC = loss_state_mean, COMBINEFUNC = loss_state_combine,
    MSFUNC = avg_cross_entropy_accum, MINVFUNC = avg_cross_entropy_retract,
    MSTYPE = loss_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0)', MFINALFUNC = loss_state_mean,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE avg_cross_entropy(float8[], float8[]) IS
'mean cross entropy H(p,q) over rows, in nats, summed exactly';

CREATE AGGREGATE avg_cross_entropy(label bigint, q float8[]) (
    SFUNC = avg_cross_entropy_accum, STYPE = loss_state, INITCOND = '(v1,0,0,0,0,0,0,0,0)',
    FINALFUNC = loss_state_mean, COMBINEFUNC = loss_state_combine,
    MSFUNC = avg_cross_entropy_accum, MINVFUNC = avg_cross_entropy_retract,
    MSTYPE = loss_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0)', MFINALFUNC = loss_state_mean,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE avg_cross_entropy(bigint, float8[]) IS
'mean class-label cross entropy -log q[label] over rows, in nats, summed exactly';

CREATE AGGREGATE avg_kl_div(p float8[], q float8[]) (
    SFUNC = avg_kl_div_accum, STYPE = loss_state, INITCOND = '(v1,0,0,0,0,0,0,0,0)',
    FINALFUNC = loss_state_mean, COMBINEFUNC = loss_state_combine,
    MSFUNC = avg_kl_div_accum, MINVFUNC = avg_kl_div_retract,
    MSTYPE = loss_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0)', MFINALFUNC = loss_state_mean,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE avg_kl_div(float8[], float8[]) IS
'mean KL divergence D(p||q) over rows, in nats, summed exactly';

CREATE AGGREGATE loss_agg(loss float8) (
    SFUNC = loss_agg_accum, STYPE = loss_state, INITCOND = '(v1,0,0,0,0,0,0,0,0)',
    FINALFUNC = loss_state_final, COMBINEFUNC = loss_state_combine,
    MSFUNC = loss_agg_accum, MINVFUNC = loss_agg_retract,
    MSTYPE = loss_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0)', MFINALFUNC = loss_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE loss_agg(float8) IS
'exact summary of the losses over rows, for mean(), total() and rollup()';

CREATE AGGREGATE loss_agg(loss float8, weight float8) (
    SFUNC = loss_agg_accum, STYPE = loss_state, INITCOND = '(v1,0,0,0,0,0,0,0,0)',
    FINALFUNC = loss_state_final, COMBINEFUNC = loss_state_combine,
    MSFUNC = loss_agg_accum, MINVFUNC = loss_agg_retract,
    MSTYPE = loss_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0)', MFINALFUNC = loss_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE loss_agg(float8, float8) IS
'exact summary of the losses over rows with sample weights, for mean(), total() and rollup()';

-- Summaries merged: hourly states rolled up into days, exactly; its inverse
-- takes a state back out, so a moving frame costs O(1) a row.
CREATE AGGREGATE rollup(loss_state) (
    SFUNC = loss_state_combine, STYPE = loss_state, INITCOND = '(v1,0,0,0,0,0,0,0,0)',
    FINALFUNC = loss_state_final, COMBINEFUNC = loss_state_combine,
    MSFUNC = loss_state_combine, MINVFUNC = loss_state_retract,
    MSTYPE = loss_state, MINITCOND = '(v1,0,0,0,0,0,0,0,0)', MFINALFUNC = loss_state_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(loss_state) IS
'merge a column of loss states into one, exactly, as if their rows were aggregated together';

/* xent--1.0--1.1.sql: drift between distributions, and real[] arguments read natively */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION

-- real[] arguments read natively.  Where a call casts a real[] to float8[],
-- the planner asks this function, which passes the real[] uncast; the C
-- functions widen its elements exactly as the cast would, so results do not
-- change.  (real[] overloads would make untyped literals ambiguous.)

CREATE FUNCTION xent_real_array_support(internal) RETURNS internal
AS 'MODULE_PATHNAME', 'xent_real_array_support'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION xent_real_array_support(internal) IS
'planner support: pass a real[] cast to float8[] uncast, to be read natively';

ALTER FUNCTION entropy(float8[], float8, bool) SUPPORT xent_real_array_support;
ALTER FUNCTION cross_entropy(float8[], float8[], float8, bool) SUPPORT xent_real_array_support;
ALTER FUNCTION cross_entropy(bigint, float8[], float8) SUPPORT xent_real_array_support;
ALTER FUNCTION kl_div(float8[], float8[], float8, bool) SUPPORT xent_real_array_support;
ALTER FUNCTION js_div(float8[], float8[], float8, bool) SUPPORT xent_real_array_support;
ALTER FUNCTION softmax(float8[]) SUPPORT xent_real_array_support;
ALTER FUNCTION log_softmax(float8[]) SUPPORT xent_real_array_support;
ALTER FUNCTION cross_entropy_logits(float8[], float8[]) SUPPORT xent_real_array_support;
ALTER FUNCTION cross_entropy_logits(bigint, float8[]) SUPPORT xent_real_array_support;

-- Comparing two distributions, paired by position, with kl_div's checks.
-- Hellinger and total variation are not logarithmic: they take no base.

CREATE FUNCTION psi(p float8[], q float8[], base float8 DEFAULT NULL,
                    renormalize bool DEFAULT false)
RETURNS float8
AS 'MODULE_PATHNAME', 'psi'
LANGUAGE C IMMUTABLE PARALLEL SAFE
SUPPORT xent_real_array_support;
COMMENT ON FUNCTION psi(float8[], float8[], float8, bool) IS
'population stability index sum (p_i - q_i) log(p_i/q_i) = D(p||q) + D(q||p), in nats unless base is given';

CREATE FUNCTION hellinger(p float8[], q float8[], renormalize bool DEFAULT false)
RETURNS float8
AS 'MODULE_PATHNAME', 'hellinger'
LANGUAGE C IMMUTABLE PARALLEL SAFE
SUPPORT xent_real_array_support;
COMMENT ON FUNCTION hellinger(float8[], float8[], bool) IS
'Hellinger distance sqrt(1/2 sum (sqrt p_i - sqrt q_i)^2), between 0 and 1';

CREATE FUNCTION js_distance(p float8[], q float8[], base float8 DEFAULT NULL,
                            renormalize bool DEFAULT false)
RETURNS float8
AS 'MODULE_PATHNAME', 'js_distance'
LANGUAGE C IMMUTABLE PARALLEL SAFE
SUPPORT xent_real_array_support;
COMMENT ON FUNCTION js_distance(float8[], float8[], float8, bool) IS
'Jensen-Shannon distance sqrt(js_div(p, q, base)), a metric, as SciPy''s jensenshannon';

CREATE FUNCTION tvd(p float8[], q float8[], renormalize bool DEFAULT false)
RETURNS float8
AS 'MODULE_PATHNAME', 'tvd'
LANGUAGE C IMMUTABLE PARALLEL SAFE
SUPPORT xent_real_array_support;
COMMENT ON FUNCTION tvd(float8[], float8[], bool) IS
'total variation distance 1/2 sum |p_i - q_i|, between 0 and 1';

-- A histogram whose bins are width_bucket's.  Its state is a bigint[] (the
-- bounds' bits, then the counts), not internal: parallel plans and Citus
-- split it, and its text form is exact.

CREATE FUNCTION bin_counts_accum(bigint[], float8, float8[]) RETURNS bigint[]
AS 'MODULE_PATHNAME', 'bin_counts_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bin_counts_accum(bigint[], float8, float8[]) IS
'count a row''s value into the bin of its bounds';

CREATE FUNCTION bin_counts_combine(bigint[], bigint[]) RETURNS bigint[]
AS 'MODULE_PATHNAME', 'bin_counts_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bin_counts_combine(bigint[], bigint[]) IS
'add the counts of two bin_counts states over the same bounds';

CREATE FUNCTION bin_counts_final(bigint[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'bin_counts_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bin_counts_final(bigint[]) IS
'the counts of a bin_counts state, NULL over no rows';

CREATE AGGREGATE bin_counts(value float8, bounds float8[]) (
    SFUNC = bin_counts_accum, STYPE = bigint[], INITCOND = '{}',
    FINALFUNC = bin_counts_final, COMBINEFUNC = bin_counts_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE bin_counts(float8, float8[]) IS
'histogram of n + 1 counts for n bounds: count k is of the rows where width_bucket(value, bounds) = k - 1';

/* xent--1.1--1.2.sql: a binary classifier's scoreboard, error bars, calibration, token log-likelihood, histogram comparisons and information in columns */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION

-- ======================================================================
-- Error bars: loss_state v2 keeps the second moments (Uncertainty)
-- ======================================================================


-- ======================================================================
-- Scoring a binary classifier: binary_state
-- ======================================================================


-- ======================================================================
-- Calibration: calibration_state
-- ======================================================================


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

