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

