/* xent--1.0--1.1.sql: drift between distributions, and real[] arguments read natively */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION xent UPDATE TO '1.1'" to load this file. \quit

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
