-- The loss_state type: its text form is exact and the same whatever
-- extra_float_digits says; binary send and receive; combining; rejecting
-- states that cannot be.

-- Build states with the transition functions, as an aggregate would.
CREATE TEMP TABLE states AS
SELECT 'a' AS name, avg_bce_accum(avg_bce_accum('(0,0,0,0)', 1, 0.25), 0, 0.5) AS s
UNION ALL
SELECT 'b', avg_bce_accum(avg_bce_accum(avg_bce_accum('(0,0,0,0)', 1, 0.1), 1, 0), 0.5, 0.5)
UNION ALL
SELECT 'c', avg_bce_accum('(0,0,0,0)', 'NaN', 0.5)
UNION ALL
SELECT 'd', '(0,0,0,0)'::loss_state;

SET extra_float_digits = 0;
SELECT name, s::text AS at_0 FROM states ORDER BY name;
CREATE TEMP TABLE at_0 AS SELECT name, s::text AS t FROM states;
SET extra_float_digits = 3;
SELECT name, s::text = t AS same_text_at_3, s::text::loss_state::text = t AS round_trips
FROM states JOIN at_0 USING (name) ORDER BY name;
RESET extra_float_digits;

-- The text form is the exact sum: 1 + 2 as 0x3p0, and the mean is 3/2.
SELECT loss_state_mean('(2,0,0,0x3p0)') AS mean_of_text,
       loss_state_mean('(2,0,0,0x6p-1)') AS same_value_other_digits,
       '(2,0,0,0x6p-1)'::loss_state AS canonical;
SELECT loss_state_mean(s) = (SELECT avg_bce(1, 0.25)) AS one_row_mean
FROM (SELECT avg_bce_accum('(0,0,0,0)', 1, 0.25) AS s) one;

-- Combining states merges them exactly; a state combined from text equals
-- the aggregate over all the rows.
SELECT loss_state_combine(a.s, b.s) AS a_and_b,
       loss_state_mean(loss_state_combine(a.s::text::loss_state, b.s::text::loss_state))
         = (SELECT avg_bce(y, p) FROM (VALUES (1, 0.25), (0, 0.5), (1, 0.1), (1, 0), (0.5, 0.5)) v(y, p))
         AS combined_equals_whole
FROM states a, states b WHERE a.name = 'a' AND b.name = 'b';
SELECT loss_state_mean(loss_state_combine(c.s, a.s)) AS nan_wins,
       loss_state_mean(d.s) IS NULL AS empty_is_null
FROM states a, states c, states d WHERE a.name = 'a' AND c.name = 'c' AND d.name = 'd';

-- Row counts cannot overflow.
SELECT sqlstate_of($$SELECT loss_state_combine('(9223372036854775807,0,0,0)', '(1,0,0,0)')$$) AS count_overflow;

-- Removing what was added restores the state bit for bit.
SELECT avg_bce_retract(avg_bce_accum(s, 1, exp(-700::float8)), 1, exp(-700::float8))::text = s::text
       AS retract_restores
FROM states WHERE name = 'a';
SELECT avg_bce_retract(avg_bce_retract(s, 0, 0.5), 1, 0.25) AS back_to_zero
FROM states WHERE name = 'a';

-- Binary send and receive, through COPY.
COPY (SELECT name, s FROM states) TO STDOUT WITH (FORMAT binary) \g results/loss_state.bin
CREATE TEMP TABLE received (name text, s loss_state);
\copy received FROM 'results/loss_state.bin' WITH (FORMAT binary)
SELECT name, r.s::text = s.s::text AS binary_round_trip
FROM received r JOIN states s USING (name) ORDER BY name;

-- A binary state that cannot be (a row count of -1) is rejected: 22P03.
CREATE TEMP TABLE raw (s bytea);
INSERT INTO raw VALUES (decode(repeat('ff', 8) || repeat('00', 70 * 8), 'hex'));
COPY raw TO STDOUT WITH (FORMAT binary) \g results/loss_state_bad.bin
CREATE TEMP TABLE bad_received (s loss_state);
\set VERBOSITY sqlstate
\copy bad_received FROM 'results/loss_state_bad.bin' WITH (FORMAT binary)
\set VERBOSITY default

-- States that cannot be are rejected.
SELECT t, sqlstate_of(format('SELECT %L::loss_state', t)) AS error
FROM (VALUES
    ('(1,0,0,0x1p0'),
    ('1,0,0,0'),
    ('(1,0,0)'),
    ('(-1,0,0,0)'),
    ('(1,1,1,0)'),
    ('(2,2,0,0x1p0)'),
    ('(0,0,0,0x1p0)'),
    ('(1,0,0,0x1p-1075)'),
    ('(1,0,0,0x1p99999)'),
    ('(1,0,0,0x1p1086)'),
    ('(2,0,0,0x1p1024)'),
    ('(1,0,0,0xzp0)'),
    ('(1,0,0,-0)'),
    ('(1,0,0,0x1p0) trailing'),
    ('(99999999999999999999,0,0,0)'),
    (' ( 1 , 0 , 0 , 0x1p0 ) ')
) AS cases(t);
