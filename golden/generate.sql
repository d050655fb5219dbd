-- Writes the golden states into the current directory, from rows, with the
-- xent installed in the database psql connects to: loss_state at every
-- version (format v1 by 1.0 and 1.1, v2 from 1.2 on, with states of its
-- own), the bin_counts state from 1.1 on.  golden/README says how the
-- files were made and how a new format joins them.
\set ON_ERROR_STOP on
SELECT extversion >= '1.1' AS has_bin_counts FROM pg_extension WHERE extname = 'xent' \gset

CREATE TEMP TABLE golden_loss_state (name text, state loss_state);

-- The aggregates' initial state, of no rows (no aggregate returns it: they
-- give NULL over no rows; a dashboard writes it for an hour without rows).
INSERT INTO golden_loss_state VALUES ('no_rows', '(v1,0,0,0,0,0,0,0,0)');
INSERT INTO golden_loss_state
SELECT 'one_row', loss_agg(0.5::float8);
INSERT INTO golden_loss_state
SELECT 'bce', loss_agg(bce(i % 3 = 0, 0.05 + 0.9 * ((i * 37) % 101) / 100.0))
FROM generate_series(1, 200) i;
INSERT INTO golden_loss_state
SELECT 'bce_weighted', loss_agg(bce(i % 3 = 0, 0.05 + 0.9 * ((i * 37) % 101) / 100.0), 0.1 * (1 + i % 7))
FROM generate_series(1, 200) i;
INSERT INTO golden_loss_state
SELECT 'many_rows', loss_agg(bce_logits((i % 5)::float8 / 4, (i % 41 - 20) * 0.37))
FROM generate_series(1, 100000) i;
-- NaN, +Infinity and -Infinity losses, counted apart from the finite sum.
INSERT INTO golden_loss_state
SELECT 'specials', loss_agg(x)
FROM (VALUES (1.5), ('NaN'), ('Infinity'), ('Infinity'), ('-Infinity'), (2.25)) v(x);
INSERT INTO golden_loss_state
SELECT 'infinity', loss_agg(x)
FROM (VALUES (0.25), ('Infinity'), (0.75)) v(x);
-- With weights: a NaN weight, a zero weight on a NaN loss, an infinite loss.
INSERT INTO golden_loss_state
SELECT 'specials_weighted', loss_agg(x, w)
FROM (VALUES (1.5, 2), ('NaN', 0), (3, 'NaN'), ('Infinity', 0.5), (0.125, 0)) v(x, w);
INSERT INTO golden_loss_state
SELECT 'zero_weight', loss_agg(x, w)
FROM (VALUES (1.5, 0), (2.5, 0)) v(x, w);
-- Negative losses (log-likelihoods) and a sum that cancels to a small one.
INSERT INTO golden_loss_state
SELECT 'negative', loss_agg(x)
FROM (VALUES (-0.5), (-1.25), (1e300), (-1e300), (0.1)) v(x);
-- Subnormal terms, and weighted products within 2^53 of the least one.
INSERT INTO golden_loss_state
SELECT 'tiny', loss_agg(x)
FROM (VALUES (5e-324), (1e-310), (2.2250738585072014e-308), (1e-300)) v(x);
INSERT INTO golden_loss_state
SELECT 'tiny_weighted', loss_agg(x, w)
FROM (VALUES (1e-160, 1e-160), (3e-170, 7e-150), (5e-324, 0.75), (1e-300, 1e-10)) v(x, w);
-- Sums beyond the largest double: the mean is scaled, total is 22003.
INSERT INTO golden_loss_state
SELECT 'huge', loss_agg(x)
FROM (VALUES (1.7e308), (1.7e308), (1.7976931348623157e308), (1.7e308)) v(x);
INSERT INTO golden_loss_state
SELECT 'huge_weighted', loss_agg(x, w)
FROM (VALUES (1e300, 1e8), (1.5e300, 1e8), (1e300, 1.7e8), (3, 1e300)) v(x, w);
-- Every magnitude at once: the widest span of chunks.
INSERT INTO golden_loss_state
SELECT 'wide', loss_agg(x, w)
FROM (VALUES (1e308, 1.5), (1e-308, 1), (5e-324, 1), (1, 1e-300), (1e-20, 1e20)) v(x, w);
-- Weighted and unweighted states rolled up together.
INSERT INTO golden_loss_state
SELECT 'mixed', rollup(s) FROM (
    SELECT loss_agg(x) FROM (VALUES (0.5), (0.7)) v(x)
    UNION ALL
    SELECT loss_agg(x, w) FROM (VALUES (0.2, 3), (0.9, 0.5)) v(x, w)
) t(s);

-- Format v2 (xent 1.2): loss_agg keeps second moments; states whose rows
-- keep none, or whose w * loss^2 is beyond the double range, or whose
-- losses cancel to their last digits in the variance, and nll_agg's.
SELECT loss_agg(1)::text LIKE '(v2,%' AS writes_v2 \gset
\if :writes_v2
INSERT INTO golden_loss_state
SELECT 'beyond', loss_agg(x) FROM (VALUES (1e200), (2.5), (3)) v(x);
INSERT INTO golden_loss_state
SELECT 'no_moment_weighted', loss_agg(x, w) FROM (VALUES (1e-200, 1e200), (2, 0.5), (4, 1)) v(x, w);
INSERT INTO golden_loss_state
SELECT 'close', loss_agg(1 + x * 2.220446049250313e-16)
FROM (VALUES (0), (1), (1), (2), (3), (5), (8)) v(x);
INSERT INTO golden_loss_state
SELECT 'avg_bce_rows', avg_bce_accum(avg_bce_accum('(v1,0,0,0,0,0,0,0,0)'::loss_state, 1, 0.25), 0, 0.5);
INSERT INTO golden_loss_state
SELECT 'nll', nll_agg(lp) FROM (VALUES ('{-0.1,-2.3,-0.7}'::float8[]), ('{}'), ('{-0.05}')) v(lp);
INSERT INTO golden_loss_state
SELECT 'nll_units', nll_agg(lp, u) FROM (VALUES ('{-0.1,-2.3}'::float8[], 9), ('{-1}', 0), ('{}', 2.5)) v(lp, u);
INSERT INTO golden_loss_state
SELECT 'with_v1', rollup(s) FROM (VALUES ('(v1,2,0,0,0,0,0,0,0x3p0)'::loss_state),
    ((SELECT loss_agg(x) FROM (VALUES (0.5), (2)) v(x)))) t(s);
\copy (SELECT name, state FROM golden_loss_state) TO 'loss_state-v2.txt'
\copy (SELECT name, state FROM golden_loss_state) TO 'loss_state-v2.bin' (FORMAT binary)
\else
\copy (SELECT name, state FROM golden_loss_state) TO 'loss_state-v1.txt'
\copy (SELECT name, state FROM golden_loss_state) TO 'loss_state-v1.bin' (FORMAT binary)
\endif

\if :has_bin_counts
-- bin_counts' state as its aggregate keeps it: no final function.
CREATE AGGREGATE pg_temp.bin_counts_state(float8, float8[]) (
    SFUNC = bin_counts_accum, STYPE = bigint[], INITCOND = '{}');
CREATE TEMP TABLE golden_bin_counts (name text, state bigint[]);
INSERT INTO golden_bin_counts
SELECT 'deciles', pg_temp.bin_counts_state(i / 1000.0, '{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}')
FROM generate_series(0, 999) i;
-- Values outside the bounds, on them, infinite and NaN.
INSERT INTO golden_bin_counts
SELECT 'outside', pg_temp.bin_counts_state(x, '{-1,0,1}')
FROM (VALUES (-2), (-1), (0), (0.5), (1), (7), ('-Infinity'), ('Infinity'), ('NaN')) v(x);
-- Equal neighbours leave an empty bin; -0 and 0 keep their own bits.
INSERT INTO golden_bin_counts
SELECT 'equal_bounds', pg_temp.bin_counts_state(x, '{-0,0,1,1,2}')
FROM (VALUES (-0.5), (0), (0.5), (1), (1.5), (2), (3)) v(x);
INSERT INTO golden_bin_counts
SELECT 'extreme_bounds', pg_temp.bin_counts_state(x, '{-1.7976931348623157e308,5e-324,1.7976931348623157e308}')
FROM (VALUES (-1e308), (0), (5e-324), (1e-300), (1.7976931348623157e308)) v(x);
INSERT INTO golden_bin_counts
SELECT 'one_bound', pg_temp.bin_counts_state(0.3, '{0.3}');

\copy (SELECT name, state FROM golden_bin_counts) TO 'bin_counts-1.1.txt'
\copy (SELECT name, state FROM golden_bin_counts) TO 'bin_counts-1.1.bin' (FORMAT binary)
\endif

-- freq_state and joint_freq_state (xent 1.2): values of every kind, text
-- that needs escaping and non-ASCII text (the database is UTF8).
SELECT count(*) > 0 AS has_freq_state FROM pg_type WHERE typname = 'freq_state' \gset
\if :has_freq_state
CREATE TEMP TABLE golden_freq_state (name text, state freq_state);
INSERT INTO golden_freq_state
SELECT 'text', freq_agg(v) FROM (VALUES ('a,b'), ('"q"'), ('back\slash'), (E'new\nline'),
    (''), ('é'), ('日本'), ('B'), ('a'), ('a'), (' '), (':')) t(v);
INSERT INTO golden_freq_state
SELECT 'bigint', freq_agg(v) FROM (VALUES (9223372036854775807), (-9223372036854775808),
    (0), (-1), (1), (1), (42)) t(v);
INSERT INTO golden_freq_state
SELECT 'boolean', freq_agg(i % 3 = 0) FROM generate_series(1, 100) i;
INSERT INTO golden_freq_state
SELECT 'many', freq_agg((i * 7919) % 1000) FROM generate_series(1, 10000) i;
CREATE TEMP TABLE golden_joint_freq_state (name text, state joint_freq_state);
INSERT INTO golden_joint_freq_state
SELECT 'text_bigint', joint_freq_agg(v, length(v)) FROM (VALUES ('a,b'), ('"q"'), ('é'),
    (E'new\nline'), (''), ('a'), ('a')) t(v);
INSERT INTO golden_joint_freq_state
SELECT 'bigint_boolean', joint_freq_agg(i % 7, i % 3 = 0) FROM generate_series(1, 100) i;
INSERT INTO golden_joint_freq_state
SELECT 'boolean_text', joint_freq_agg(i % 2 = 0, (i % 5)::text) FROM generate_series(1, 50) i;

\copy (SELECT name, state FROM golden_freq_state) TO 'freq_state-v1.txt'
\copy (SELECT name, state FROM golden_freq_state) TO 'freq_state-v1.bin' (FORMAT binary)
\copy (SELECT name, state FROM golden_joint_freq_state) TO 'joint_freq_state-v1.txt'
\copy (SELECT name, state FROM golden_joint_freq_state) TO 'joint_freq_state-v1.bin' (FORMAT binary)
\endif
-- calibration_state format v1, from 1.2 on.
SELECT extversion >= '1.2' AS has_calibration FROM pg_extension WHERE extname = 'xent' \gset
\if :has_calibration
CREATE TEMP TABLE golden_calibration (name text, state calibration_state);
INSERT INTO golden_calibration
SELECT 'deciles', calibration_agg((i % 3 = 0), (i % 1000) / 1000.0, '{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}')
FROM generate_series(1, 1000) i;
INSERT INTO golden_calibration
SELECT 'weighted', calibration_agg((i % 7) / 6.0, (i % 101) / 100.0, '{0.25,0.5,0.75}', 1e-3 * i)
FROM generate_series(1, 500) i;
INSERT INTO golden_calibration
SELECT 'extreme_bounds', calibration_agg(1, x, '{-Infinity,5e-324,0.5,0.5,Infinity}', w)
FROM (VALUES (0.0, 1e300), (0.25, 1e-300), (0.5, 0.0), (1.0, 3.0)) v(x, w);
INSERT INTO golden_calibration
SELECT 'top_label', calibration_agg(1 + i % 3, ARRAY[0.5, 0.3, 0.2]::float8[], '{0.4,0.6}')
FROM generate_series(1, 10) i;
INSERT INTO golden_calibration
SELECT 'nan_row', calibration_agg(1, x, '{0.5}')
FROM (VALUES (0.25::float8), ('NaN')) v(x);

\copy (SELECT name, state FROM golden_calibration) TO 'calibration_state-v1.txt'
\copy (SELECT name, state FROM golden_calibration) TO 'calibration_state-v1.bin' (FORMAT binary)
\endif

-- binary_state (xent 1.2): hard and soft labels, weights, logits, every
-- special row (NaN label, probability and weight, weight 0, a certain
-- wrong prediction), extreme weights and subnormal probabilities.
SELECT count(*) > 0 AS has_binary_state FROM pg_type WHERE typname = 'binary_state' \gset
\if :has_binary_state
CREATE TEMP TABLE golden_binary_state (name text, state binary_state);
INSERT INTO golden_binary_state
SELECT 'hard', binary_agg(i % 3 = 0, ((i * 37) % 100) / 100.0) FROM generate_series(1, 100) i;
INSERT INTO golden_binary_state
SELECT 'soft_weighted', binary_agg((i % 5) / 4.0, ((i * 53) % 97 + 1) / 99.0, (i % 7) / 3.0)
FROM generate_series(1, 60) i;
INSERT INTO golden_binary_state
SELECT 'logits', binary_agg_logits(i % 2, (i - 20) * 1.75, 1 + i % 3)
FROM generate_series(1, 40) i;
INSERT INTO golden_binary_state
SELECT 'infinite_logits', binary_agg_logits(y, z)
FROM (VALUES (1::float8, 'Infinity'::float8), (0, '-Infinity'), (1, '-Infinity'), (0.5, 0)) t(y, z);
INSERT INTO golden_binary_state
SELECT 'specials', binary_agg(y, p, w)
FROM (VALUES ('NaN'::float8, 0.5::float8, 1::float8), (1, 'NaN', 2), (1, 0.5, 'NaN'),
             (0, 0.25, 0), (1, 0, 1), (0, 0.75, 1)) t(y, p, w);
INSERT INTO golden_binary_state
SELECT 'extremes', binary_agg(y, p, w)
FROM (VALUES (1::float8, 5e-324::float8, 1e300::float8), (0, 1e-300, 1e-300), (1, 1 - 1e-16, 1.7e308),
             (0.3, 0.9999999999999999, 5e-324)) t(y, p, w);
INSERT INTO golden_binary_state
SELECT 'one_row', binary_agg(true, 0.8);

\copy (SELECT name, state FROM golden_binary_state) TO 'binary_state-v1.txt'
\copy (SELECT name, state FROM golden_binary_state) TO 'binary_state-v1.bin' (FORMAT binary)
\endif
