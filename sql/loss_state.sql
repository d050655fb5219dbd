-- The loss_state type: its text form is exact, versioned and the same
-- whatever extra_float_digits says; binary send and receive; combining and
-- taking back out; rejecting states that cannot be; and no function that
-- returns a state returning one that input would reject.

-- Build states with the transition functions, as an aggregate would.
CREATE TEMP TABLE states AS
SELECT 'a' AS name, avg_bce_accum(avg_bce_accum('(v1,0,0,0,0,0,0,0,0)', 1, 0.25), 0, 0.5) AS s
UNION ALL
SELECT 'b', avg_bce_accum(avg_bce_accum(avg_bce_accum('(v1,0,0,0,0,0,0,0,0)', 1, 0.1), 1, 0), 0.5, 0.5)
UNION ALL
SELECT 'c', avg_bce_accum('(v1,0,0,0,0,0,0,0,0)', 'NaN'::float8, 0.5)
UNION ALL
SELECT 'd', '(v1,0,0,0,0,0,0,0,0)'::loss_state
UNION ALL
SELECT 'e', loss_agg_accum(loss_agg_accum(loss_agg_accum('(v1,0,0,0,0,0,0,0,0)', 0.1, 3), '-Infinity', 0.5), 2.5, 'NaN')
UNION ALL
SELECT 'g', loss_agg_accum(loss_agg_accum('(v1,0,0,0,0,0,0,0,0)', 'Infinity'), -2.5)
UNION ALL
SELECT 'f', loss_agg(x, w) FROM (VALUES (1e-30, 1e-10), (700, 0.1), (-3, 2), (1e30, 1e-3)) v(x, w);

SET extra_float_digits = 0;
SELECT name, s::text AS at_0 FROM states ORDER BY name;
CREATE TEMP TABLE at_0 AS SELECT name, s::text AS t FROM states;
SET extra_float_digits = 3;
SELECT name, s::text = t AS same_text_at_3, s::text::loss_state::text = t AS round_trips
FROM states JOIN at_0 USING (name) ORDER BY name;
RESET extra_float_digits;

-- The text form is the exact sum: 1 + 2 as 0x3p0, and the mean is 3/2.
SELECT mean('(v1,2,0,0,0,0,0,0,0x3p0)') AS mean_of_text,
       mean('(v1,2,0,0,0,0,0,0,0x6p-1)') AS same_value_other_digits,
       '( v1 , 2 , 0 , 0 , 0 , 0 , 0 , 0 , 0x6p-1 )'::loss_state AS canonical;
SELECT mean(s) = (SELECT avg_bce(1, 0.25)) AS one_row_mean
FROM (SELECT avg_bce_accum('(v1,0,0,0,0,0,0,0,0)', 1, 0.25) AS s) one;

-- Combining states merges them exactly; a state combined from text equals
-- the aggregate over all the rows.
SELECT loss_state_combine(a.s, b.s) AS a_and_b,
       mean(loss_state_combine(a.s::text::loss_state, b.s::text::loss_state))
         = (SELECT avg_bce(y, p) FROM (VALUES (1, 0.25), (0, 0.5), (1, 0.1), (1, 0), (0.5, 0.5)) v(y, p))
         AS combined_equals_whole
FROM states a, states b WHERE a.name = 'a' AND b.name = 'b';
-- A NaN held by either side survives the merge, and so does its count.
SELECT mean(loss_state_combine(c.s, a.s)) AS nan_wins, mean(loss_state_combine(a.s, c.s)) AS either_side,
       loss_state_combine(c.s, loss_state_combine(a.s, c.s)) AS two_nans,
       mean(loss_state_retract(loss_state_combine(c.s, a.s), c.s)) = mean(a.s) AS nan_taken_out,
       mean(d.s) IS NULL AS empty_is_null
FROM states a, states c, states d WHERE a.name = 'a' AND c.name = 'c' AND d.name = 'd';

-- Row counts cannot overflow: 22003.
SELECT sqlstate_of($$SELECT loss_state_combine('(v1,9223372036854775807,0,0,0,0,0,0,0)', '(v1,1,0,0,0,0,0,0,0)')$$) AS combine_overflow,
       sqlstate_of($$SELECT avg_bce_accum('(v1,9223372036854775807,0,0,0,0,0,0,0)', 1, 0.5)$$) AS accum_overflow;

-- Removing what was added restores the state bit for bit.
SELECT avg_bce_retract(avg_bce_accum(a.s, 1, exp(-700::float8)), 1, exp(-700::float8))::text = a.s::text
       AS retract_restores,
       loss_state_retract(loss_state_combine(a.s, f.s), f.s)::text = a.s::text AS state_retract_restores
FROM states a, states f WHERE a.name = 'a' AND f.name = 'f';
SELECT avg_bce_retract(avg_bce_retract(s, 0, 0.5), 1, 0.25) AS back_to_zero
FROM states WHERE name = 'a';
-- Removing what a state does not hold is an error, never a state that
-- input would reject: 22023.  (A removal that leaves a state some rows
-- could have produced cannot be told from a right one, and is taken.)
SELECT t AS removal, sqlstate_of(t) AS error
FROM (VALUES
    ($$SELECT avg_bce_retract('(v1,1,0,0,0,0,0,0,0x1p0)', 1, 0.5)$$),
    ($$SELECT avg_bce_retract('(v1,0,0,0,0,0,0,0,0)', 1, 0.5)$$),
    ($$SELECT avg_bce_retract('(v1,1,0,0,0,0,0,0,0x1p0)', 'NaN'::float8, 0.5)$$),
    ($$SELECT avg_bce_retract('(v1,1,0,0,0,0,0,0,0x1p0)', true, 0.5)$$),
    ($$SELECT avg_bce_retract('(v1,1,0,0,0,0,0,0,0x1p0)', 1, 0)$$),
    ($$SELECT loss_agg_retract('(v1,1,0,0,0,0,0,0,0x1p0)', 1, 1)$$),
    ($$SELECT loss_agg_retract('(v1,1,1,0,0,0,0,0x1p0,0x1p0)', 5, 2)$$),
    ($$SELECT loss_agg_retract('(v1,2,1,0,0,0,0,0x1p0,0x1p0)', 5, 1)$$),
    ($$SELECT loss_state_retract('(v1,1,0,0,0,0,0,0,0x1p0)', '(v1,2,0,0,0,0,0,0,0x1p0)')$$),
    ($$SELECT loss_state_retract('(v1,2,0,0,0,0,0,0,0x3p0)', '(v1,1,1,0,0,0,0,0x1p0,0x1p0)')$$),
    ($$SELECT loss_state_retract('(v1,1,0,0,0,0,0,0,0x1p0)', '(v1,1,0,0,1,0,0,0,0)')$$)
) AS cases(t);
-- What the transitions return always reads back.
SELECT count(*) AS states, bool_and(s::text::loss_state::text = s::text) AS all_read_back
FROM (SELECT avg_bce_retract(s, 1, 0.25) AS s FROM states WHERE name = 'a'
      UNION ALL SELECT loss_agg_retract(s, 2.5, 'NaN') FROM states WHERE name = 'e'
      UNION ALL SELECT loss_agg_retract('(v1,2,1,0,0,0,0,0x1p0,0x1p0)', 5, 1)
      UNION ALL SELECT loss_state_retract('(v1,2,0,0,0,0,0,0,0x3p0)', '(v1,1,0,0,0,0,0,0,0x4p0)')
      UNION ALL SELECT loss_agg_accum(s, 1e308, 1) FROM states WHERE name = 'f'
      UNION ALL SELECT loss_state_combine(a.s, b.s) FROM states a, states b) produced;

-- Binary send and receive, through COPY.
COPY (SELECT name, s FROM states) TO STDOUT WITH (FORMAT binary) \g results/loss_state.bin
CREATE TEMP TABLE received (name text, s loss_state);
\copy received FROM 'results/loss_state.bin' WITH (FORMAT binary)
SELECT name, r.s::text = s.s::text AS binary_round_trip
FROM received r JOIN states s USING (name) ORDER BY name;
-- The binary form starts with the format version, then the counts.
SELECT encode(loss_state_send('(v1,2,0,0,0,0,0,0,0x3p0)'), 'hex') AS binary_form;

-- Binary states that cannot be are rejected: 22P03.  Format version 3,
-- a row count of -1, and a span beyond the accumulator.
CREATE TEMP TABLE raw (s bytea);
INSERT INTO raw VALUES (decode('03' || repeat('00', 48) || '0000000000000000', 'hex'));
COPY raw TO STDOUT WITH (FORMAT binary) \g results/loss_state_v2.bin
INSERT INTO raw VALUES (decode('01' || repeat('ff', 8) || repeat('00', 40) || '0000000000000000', 'hex'));
DELETE FROM raw WHERE get_byte(s, 0) = 3;
COPY raw TO STDOUT WITH (FORMAT binary) \g results/loss_state_bad.bin
DELETE FROM raw;
INSERT INTO raw VALUES (decode('01' || repeat('00', 48) || '00000000' || '00400005' || repeat('00', 40), 'hex'));
COPY raw TO STDOUT WITH (FORMAT binary) \g results/loss_state_span.bin
CREATE TEMP TABLE bad_received (s loss_state);
\set VERBOSITY sqlstate
\copy bad_received FROM 'results/loss_state_v2.bin' WITH (FORMAT binary)
\copy bad_received FROM 'results/loss_state_bad.bin' WITH (FORMAT binary)
\copy bad_received FROM 'results/loss_state_span.bin' WITH (FORMAT binary)
\set VERBOSITY default

-- Text states that cannot be are rejected: 22P02.
SELECT t, sqlstate_of(format('SELECT %L::loss_state', t)) AS error
FROM (VALUES
    ('(v1,1,0,0,0,0,0,0,0x1p0'),
    ('(v1,0,0,0,0'),
    ('(v1,0,0,0,0,0,0,0,'),
    ('(v1,'),
    ('(v'),
    ('('),
    (''),
    ('(1,0,0,0x1p0)'),
    ('(v3,1,0,0,0,0,0,0,0x1p0)'),
    ('(v0,1,0,0,0,0,0,0,0x1p0)'),
    ('(v1,1,0,0,0,0,0)'),
    ('(v1,-1,0,0,0,0,0,0,0)'),
    ('(v1,1,0,0,1,1,0,0,0)'),
    ('(v1,1,2,0,0,0,0,0x1p0,0)'),
    ('(v1,1,1,1,1,0,0,0,0)'),
    ('(v1,2,0,0,2,0,0,0,0x1p0)'),
    ('(v1,0,0,0,0,0,0,0,0x1p0)'),
    ('(v1,1,1,0,0,0,0,0,0x1p0)'),
    ('(v1,1,1,0,0,1,0,0,0)'),
    ('(v1,1,1,0,0,0,0,-0x1p0,0)'),
    ('(v1,1,0,0,0,0,0,0x1p0,0)'),
    ('(v1,1,0,0,0,0,0,0,0x1fffp1012)'),
    ('(v1,1,1,0,0,0,0,0x1p-1,0x1fffffffffffffp970)'),
    ('(v1,2,0,0,0,0,0,0,0x1p1025)'),
    ('(v1,1,0,0,0,0,0,0,0x1p-1075)'),
    ('(v1,1,0,0,0,0,0,0,0x1p99999)'),
    -- just inside the accumulator's range as a magnitude, not when negative
    ('(v1,1,1,0,0,0,0,0x1p0,-0x1ffffffffffffffffffffffffffffffp971)'),
    ('(v1,1,0,0,0,0,0,0,0xzp0)'),
    ('(v1,1,0,0,0,0,0,0,-0)'),
    ('(v1,1,0,0,0,0,0,0,0x1p0) trailing'),
    ('(v1,99999999999999999999,0,0,0,0,0,0,0)'),
    (' ( v1 , 1 , 0 , 0 , 0 , 0 , 0 , 0 , 0x1p0 ) '),
    ('(v1,1,0,0,0,0,0,0,0x1fffffffffffffp971)'),
    ('(v1,1,1,0,0,0,0,0x1p-1,0x1fffffffffffffp969)'),
    ('(v1,3,2,1,0,1,1,0x1p2,-0x1p0)'),
    ('(v1,3,2,1,0,1,0,0x1p2,-0x1p0)')
) AS cases(t);

-- A weighted state's loss sum is bounded by what its rows of finite loss
-- can reach, each an exact product w * loss below 2^1024, as well as by its
-- total weight times the largest double: one row with a loss sum of 2^1087
-- cannot be (its weight alone would allow it).  NULL: accepted.
SELECT t, sqlstate_of(format('SELECT %L::loss_state', t)) AS error
FROM (VALUES
    ('(v1,1,1,0,0,0,0,0x1p1023,0x1p1087)'),
    ('(v1,1,1,0,0,0,0,0x1p1023,0x1p1024)'),
    ('(v1,1,1,0,0,0,0,0x1p1023,0x10000000000001p972)'),
    ('(v1,2,2,0,0,0,0,0x1p1023,0x1p1025)'),
    ('(v1,2,2,0,1,0,0,0x1p1023,0x1p1025)'),
    ('(v1,3,2,1,0,0,0,0x1p1023,0x1p1025)'),
    ('(v1,3,2,0,0,0,0,0x1p1023,0x1p1025)'),
    ('(v1,3,2,0,0,0,0,0x1p1023,0x10000000000001p973)')
) AS cases(t);
-- States at that limit, with as many rows as two of them can hold: their
-- roll-up, and a row added to them, are states that input reads back.
CREATE TEMP TABLE edge AS
SELECT '(v1,4611686018427387903,4611686018427387903,0,0,0,0,0x3fffffffffffffffp1023,0x3fffffffffffffffp1024)'::loss_state AS s
UNION ALL
SELECT '(v1,4611686018427387903,4611686018427387903,0,0,0,0,0x3fffffffffffffffp1023,-0x3fffffffffffffffp1024)';
SELECT r::text::loss_state::text = r::text AS reads_back, num_rows(r), mean(r)
FROM (SELECT rollup(s) AS r FROM edge UNION ALL SELECT rollup(s) FROM (SELECT s FROM edge LIMIT 1) e, generate_series(1, 2)) rolled;
SELECT loss_agg_accum(s, 1.7976931348623157e308, 1)::text::loss_state IS NOT NULL AS weighted_row,
       loss_agg_accum(s, 1.7976931348623157e308)::text::loss_state IS NOT NULL AS plain_row,
       avg_bce_accum(s, 1, 0.5)::text::loss_state IS NOT NULL AS bce_row
FROM edge;
DROP TABLE edge;

-- Removing a row whose loss is NaN or infinite from a state that holds no
-- such row (it holds other special rows) is 22023, weighted or not; a row
-- of weight 0 adds only its row whatever its loss, so it comes out of any
-- weighted state.
SELECT c, sqlstate_of('SELECT ' || c) AS error
FROM (VALUES
    ($$loss_agg_retract('(v1,2,0,0,0,1,0,0,0x1p0)', 'NaN')$$),
    ($$loss_agg_retract('(v1,2,0,0,1,0,0,0,0x1p0)', 'Infinity')$$),
    ($$loss_agg_retract('(v1,2,0,0,0,1,0,0,0x1p0)', '-Infinity')$$),
    ($$loss_agg_retract('(v1,2,2,0,0,0,1,0x1p1,0x1p0)', 'NaN', 1)$$),
    ($$loss_agg_retract('(v1,2,2,0,1,0,0,0x1p1,0x1p0)', 'Infinity', 1)$$),
    ($$loss_agg_retract('(v1,2,2,0,0,1,0,0x1p1,0x1p0)', '-Infinity', 1)$$),
    ($$loss_agg_retract('(v1,2,2,0,0,0,0,0x1p1,0x1p0)', 1, 'NaN')$$),
    ($$avg_bce_retract('(v1,2,0,0,1,0,0,0,0x1p0)', 1, 0)$$),
    ($$avg_bce_retract('(v1,2,0,0,0,1,0,0,0x1p0)', 'NaN'::float8, 0.5)$$)
) AS cases(c);
SELECT loss_agg_retract('(v1,2,2,0,0,0,0,0x1p1,0x1p0)', 'NaN', 0)::text AS zero_weight_nan,
       loss_agg_retract('(v1,2,2,0,0,0,0,0x1p1,0x1p0)', 'Infinity', 0)::text AS zero_weight_inf,
       loss_agg_retract('(v1,2,2,0,1,0,0,0x1p0,0)', 'NaN', 1)::text AS held_nan,
       loss_agg_retract('(v1,2,0,0,0,0,1,0,0x1p0)', '-Infinity')::text AS held_neg_inf;

-- Inside an aggregate, a row that lands inside the state's spans is added
-- by an inline path; any other row, and every direct call of a transition,
-- takes the general one.  Both reach the same state: the aggregates against
-- the same rows folded by direct calls.  The rows cross many magnitudes
-- (so the spans widen between runs of in-place rows), and mix zeros,
-- specials, weights with and without a rounding error in w * loss, and
-- weights of zero and NaN.
CREATE TEMP TABLE mixed AS
SELECT i,
       CASE WHEN i % 13 = 0 THEN 0
            WHEN i % 29 = 0 THEN 'NaN'
            WHEN i % 31 = 0 THEN 'Infinity'
            ELSE (i % 7 - 2) * 10::float8 ^ ((i * 37) % 601 - 300) END AS loss,
       CASE WHEN i % 17 = 0 THEN 0
            WHEN i % 43 = 0 THEN 'NaN'
            WHEN i % 3 = 0 THEN 0.1 * i
            ELSE 1 + i % 2 END AS w,
       (i % 3 = 0)::int::float8 AS label,
       CASE WHEN i % 11 = 0 THEN 0 ELSE 10::float8 ^ -(i % 320) END AS prob,
       (i % 9 - 4) * 10::float8 ^ (i % 5) AS logit
FROM generate_series(1, 400) i;
-- The transitions of avg_bce and avg_bce_logits, in aggregates that return
-- the state.
CREATE AGGREGATE pg_temp.bce_state(float8, float8) (
    SFUNC = avg_bce_accum, STYPE = loss_state, INITCOND = '(v1,0,0,0,0,0,0,0,0)');
CREATE AGGREGATE pg_temp.clipped_state(float8, float8, float8) (
    SFUNC = avg_bce_accum, STYPE = loss_state, INITCOND = '(v1,0,0,0,0,0,0,0,0)');
CREATE AGGREGATE pg_temp.logits_state(float8, float8) (
    SFUNC = avg_bce_logits_accum, STYPE = loss_state, INITCOND = '(v1,0,0,0,0,0,0,0,0)');
WITH RECURSIVE fold AS (
    SELECT 0 AS i, '(v1,0,0,0,0,0,0,0,0)'::loss_state AS plain,
           '(v1,0,0,0,0,0,0,0,0)'::loss_state AS weighted,
           '(v1,0,0,0,0,0,0,0,0)'::loss_state AS bce,
           '(v1,0,0,0,0,0,0,0,0)'::loss_state AS clipped,
           '(v1,0,0,0,0,0,0,0,0)'::loss_state AS logits
    UNION ALL
    SELECT m.i, loss_agg_accum(f.plain, m.loss),
           loss_agg_accum(f.weighted, m.loss, m.w),
           avg_bce_accum(f.bce, m.label, m.prob),
           avg_bce_accum(f.clipped, m.label, m.prob, 1e-7),
           avg_bce_logits_accum(f.logits, m.label, m.logit)
    FROM fold f JOIN mixed m ON m.i = f.i + 1
), folded AS (SELECT * FROM fold ORDER BY i DESC LIMIT 1)
SELECT a.plain = f.plain::text AS plain, a.weighted = f.weighted::text AS weighted,
       a.bce = f.bce::text AS bce, a.clipped = f.clipped::text AS clipped,
       a.logits = f.logits::text AS logits, a.rows
FROM folded f,
     (SELECT loss_agg(loss)::text AS plain, loss_agg(loss, w)::text AS weighted,
             pg_temp.bce_state(label, prob)::text AS bce,
             pg_temp.clipped_state(label, prob, 1e-7)::text AS clipped,
             pg_temp.logits_state(label, logit)::text AS logits,
             count(*) AS rows
      FROM mixed) a;
