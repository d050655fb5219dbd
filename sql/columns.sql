-- Information in columns: freq_state, joint_freq_state, their aggregates
-- and measures.

-- Hand values: {a, a, b} has H = ln 3 - (2/3) ln 2.
SELECT freq_agg(v) FROM (VALUES ('a'), ('a'), ('b'), (NULL)) t(v);
SELECT column_entropy(freq_agg(v)), ln(3) - 2.0 / 3 * ln(2) AS by_hand,
       column_entropy(freq_agg(v), 2) AS bits, distinct_values(freq_agg(v))
FROM (VALUES ('a'), ('a'), ('b')) t(v);
-- One value: 0 exactly; four equal ones: 2 bits exactly.
SELECT column_entropy(freq_agg(v)) FROM (VALUES (7), (7), (7)) t(v);
SELECT column_entropy(freq_agg(v), 2) FROM generate_series(1, 4) v;
-- Zero rows, or only NULLs: NULL, as avg() is.
SELECT freq_agg(v) IS NULL AS no_rows FROM (SELECT 1::bigint WHERE false) t(v);
SELECT joint_freq_agg(x, y) IS NULL AS only_nulls
FROM (VALUES (1, NULL::text), (NULL, 'a')) t(x, y);

-- Each kind, and the calls that resolve to them: int reaches bigint,
-- varchar and an untyped literal text, boolean stays boolean.
SELECT freq_agg(v) FROM (VALUES (3), (-1), (3), (NULL)) t(v);
SELECT freq_agg(v) FROM (VALUES (9223372036854775807), (-9223372036854775808), (0)) t(v);
SELECT freq_agg(v) FROM (VALUES ('b'::varchar), ('a')) t(v);
SELECT freq_agg('literal');
SELECT freq_agg(v) FROM (VALUES (true), (false), (true)) t(v);
SELECT freq_agg(v::text) FROM (VALUES (1.50), (2.25), (1.50)) t(v);
SELECT joint_freq_agg('a', 1), joint_freq_agg(1, 'a'), joint_freq_agg('a', 'b'),
       joint_freq_agg(true, 2), joint_freq_agg(2::smallint, false);

-- Text values of every sort round-trip exactly through the text and the
-- binary forms, in byte order (not the collation's: 'B' < 'a').
CREATE TEMP TABLE awkward (v text);
INSERT INTO awkward VALUES ('a,b'), ('"q"'), ('back\slash'), (E'new\nline'),
    (''), ('é'), ('日本'), ('B'), ('a'), ('(v1,text,1,"a":1)'), (' '), (':'), ('a');
SELECT freq_agg(v) FROM awkward;
SELECT s::text::freq_state::text = s::text AS text_round_trip,
       freq_state_recv_ok
FROM (SELECT freq_agg(v) AS s FROM awkward) t,
     LATERAL (SELECT freq_state_send(s) = freq_state_send(s::text::freq_state) AS freq_state_recv_ok) b;
SELECT joint_freq_agg(v, length(v)) FROM awkward;
SELECT s::text::joint_freq_state::text = s::text AS joint_round_trip
FROM (SELECT joint_freq_agg(v, v) AS s FROM awkward) t;

-- Joint states by hand: x determines y.
CREATE TEMP TABLE pairs (x text, y text);
INSERT INTO pairs VALUES ('a', 'u'), ('a', 'u'), ('b', 'v'), ('c', 'v');
SELECT joint_freq_agg(x, y) FROM pairs;
SELECT conditional_entropy(s), mutual_information(s), uncertainty_coefficient(s),
       mutual_information(s) = column_entropy(freq_agg_y) AS mi_is_h_y,
       conditional_entropy(s, 2) AS h_y_given_x_bits, distinct_values(s)
FROM (SELECT joint_freq_agg(x, y) AS s, freq_agg(y) AS freq_agg_y FROM pairs) t;
-- The other way: H(X|Y) = (2/4)·0 + (2/4)·ln 2.
SELECT conditional_entropy(joint_freq_agg(y, x)), ln(2) / 2 AS by_hand,
       uncertainty_coefficient(joint_freq_agg(y, x))
FROM pairs;
-- Independent: 0 exactly; y constant: U NULL (H(Y) = 0).
SELECT mutual_information(s), uncertainty_coefficient(s), conditional_entropy(s) = column_entropy(fy)
FROM (SELECT joint_freq_agg(x, y) AS s, freq_agg(y) AS fy
      FROM generate_series(1, 3) x, generate_series(1, 4) y) t;
SELECT mutual_information(joint_freq_agg(x, 1)), uncertainty_coefficient(joint_freq_agg(x, 1)),
       conditional_entropy(joint_freq_agg(x, 1))
FROM generate_series(1, 5) x;
-- NULL states, bases.
SELECT column_entropy(NULL), conditional_entropy(NULL), mutual_information(NULL),
       uncertainty_coefficient(NULL), distinct_values(NULL::freq_state);
SELECT sqlstate_of($$SELECT column_entropy('(v1,bigint,1,1:1)'::freq_state, 1)$$);
SELECT sqlstate_of($$SELECT mutual_information('(v1,bigint,bigint,1,(1,1):1)'::joint_freq_state, -2)$$);
SELECT sqlstate_of($$SELECT conditional_entropy('(v1,bigint,bigint,1,(1,1):1)'::joint_freq_state, 'NaN')$$);

-- Exact references in numeric: scikit-learn's mutual_info_score (nats),
-- sum over pairs of p_xy ln(p_xy / (p_x p_y)), and the entropies, on
-- random data with skewed counts.
CREATE TEMP TABLE draws AS
SELECT (random() * 20)::int AS x,
       ((random() * 20)::int % 7 + (random() * 3)::int)::text AS y,
       random() < 0.9 AS flag
FROM generate_series(1, 5000);
UPDATE draws SET y = (x % 5)::text WHERE random() < 0.5;
CREATE TEMP TABLE reference AS
WITH n AS (SELECT count(*)::numeric AS n FROM draws),
     xy AS (SELECT x, y, count(*)::numeric AS c FROM draws GROUP BY x, y),
     px AS (SELECT x, sum(c) AS c FROM xy GROUP BY x),
     py AS (SELECT y, sum(c) AS c FROM xy GROUP BY y)
SELECT (SELECT -sum(c / n * ln(c / n)) FROM px, n) AS h_x,
       (SELECT -sum(c / n * ln(c / n)) FROM py, n) AS h_y,
       (SELECT -sum(xy.c / n * ln(xy.c / px.c)) FROM xy JOIN px USING (x), n) AS h_y_given_x,
       (SELECT sum(xy.c / n * ln(xy.c * n / (px.c * py.c)))
        FROM xy JOIN px USING (x) JOIN py USING (y), n) AS mi;
SELECT close_to(column_entropy(freq_agg(x)), h_x::float8) AS h_x,
       close_to(column_entropy(freq_agg(y)), h_y::float8) AS h_y,
       close_to(conditional_entropy(joint_freq_agg(x, y)), h_y_given_x::float8) AS h_y_given_x,
       abs(mutual_information(joint_freq_agg(x, y)) - mi::float8) <= 1e-12 * h_y::float8 AS mi,
       abs(uncertainty_coefficient(joint_freq_agg(x, y)) - (mi / h_y)::float8) <= 1e-12 AS u
FROM draws, reference GROUP BY h_x, h_y, h_y_given_x, mi;
-- A skewed column: 1 row in 10^6 differs, so H is tiny and log(n/N) near 0.
SELECT close_to(column_entropy('(v1,boolean,2,false:1,true:999999)'),
                (-(0.000001 * ln(0.000001) + 0.999999 * ln(0.999999)))::float8) AS skewed;

-- Identities: I(X;X) = H(X) and U(X,X) = 1 exactly; H(Y|X) = H(X,Y) - H(X);
-- I(X;Y) = I(Y;X); Theil's U is I(X;Y)/H(Y).
SELECT mutual_information(joint_freq_agg(x, x)) = column_entropy(freq_agg(x)) AS i_xx,
       uncertainty_coefficient(joint_freq_agg(x, x)) = 1 AS u_xx,
       close_to(conditional_entropy(joint_freq_agg(x, y)),
                column_entropy(freq_agg(x::text || '|' || y)) - column_entropy(freq_agg(x))) AS chain,
       abs(mutual_information(joint_freq_agg(x, y)) - mutual_information(joint_freq_agg(y, x)))
           <= 1e-12 * column_entropy(freq_agg(y)) AS symmetric,
       abs(uncertainty_coefficient(joint_freq_agg(x, y))
           - mutual_information(joint_freq_agg(x, y)) / column_entropy(freq_agg(y))) <= 1e-12 AS theil,
       conditional_entropy(joint_freq_agg(x, x % 3)) = 0 AS function_of_x
FROM draws;

-- Roll-ups: states by group merged give the state of all rows, byte for
-- byte, whatever the grouping.
CREATE TEMP TABLE grouped AS
SELECT x % 4 AS g, freq_agg(y) AS f, joint_freq_agg(x, y) AS j FROM draws GROUP BY 1;
SELECT (SELECT rollup(f) FROM grouped)::text = (SELECT freq_agg(y) FROM draws)::text AS freq_rollup,
       (SELECT rollup(j) FROM grouped)::text = (SELECT joint_freq_agg(x, y) FROM draws)::text AS joint_rollup,
       (SELECT freq_state_send(rollup(f)) FROM (SELECT f FROM grouped ORDER BY g DESC) t)
           = (SELECT freq_state_send(freq_agg(y)) FROM draws) AS any_order;
SELECT rollup(f) IS NULL AS rollup_of_nothing FROM grouped WHERE false;

-- Parallel plans give the same bytes as serial ones.
CREATE TABLE columns_big AS
SELECT i, (i * 7919 % 1000)::text AS v, i % 13 AS w FROM generate_series(1, 200000) i;
ANALYZE columns_big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT freq_agg(v) FROM columns_big;
CREATE TEMP TABLE in_parallel AS
SELECT freq_agg(v) AS f, joint_freq_agg(w, v) AS j FROM columns_big;
SET max_parallel_workers_per_gather = 0;
SELECT f::text = (SELECT freq_agg(v) FROM columns_big)::text AS freq_parallel,
       j::text = (SELECT joint_freq_agg(w, v) FROM columns_big)::text AS joint_parallel,
       float8send(column_entropy(f)) = (SELECT float8send(column_entropy(freq_agg(v))) FROM columns_big) AS bits
FROM in_parallel;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
DROP TABLE columns_big;

-- Many distinct values: the two runs merge in order.
SELECT distinct_values(freq_agg(i)), distinct_values(freq_agg(i::text)),
       column_entropy(freq_agg(i % 1000)) = ln(1000) AS uniform
FROM generate_series(1, 100000) i;
SELECT freq_agg(i) FROM (SELECT i FROM generate_series(40, 1, -1) i) t;

-- The limit on distinct values: 54000, with a hint; rollup too.
SET xent.max_distinct_values = 3;
SELECT distinct_values(freq_agg(i)) FROM generate_series(1, 3) i;
SELECT sqlstate_of($$SELECT freq_agg(i) FROM generate_series(1, 4) i$$);
SELECT sqlstate_of($$SELECT joint_freq_agg(i, i) FROM generate_series(1, 4) i$$);
SELECT sqlstate_of($$SELECT rollup(s) FROM (VALUES ('(v1,bigint,2,1:1,2:1)'::freq_state),
                                               ('(v1,bigint,2,3:1,4:1)')) t(s)$$);
SELECT sqlstate_of($$SET xent.max_distinct_values = 0$$);
RESET xent.max_distinct_values;
SHOW xent.max_distinct_values;

-- Kinds do not mix: 22023.
SELECT sqlstate_of($$SELECT rollup(s) FROM (VALUES ('(v1,bigint,1,1:1)'::freq_state),
                                               ('(v1,text,1,"1":1)')) t(s)$$);
SELECT sqlstate_of($$SELECT rollup(s) FROM (VALUES ('(v1,bigint,text,1,(1,"a"):1)'::joint_freq_state),
                                               ('(v1,bigint,bigint,1,(1,2):1)')) t(s)$$);
SELECT sqlstate_of($$SELECT freq_state_add('(v1,bigint,1,1:1)', 'a'::text)$$);
SELECT sqlstate_of($$SELECT joint_freq_state_add('(v1,bigint,bigint,1,(1,1):1)', 1::bigint, true)$$);

-- The support functions called directly: a checked copy, not the argument.
SELECT freq_state_add('(v1,bigint,2,1:1,5:1)', 3::bigint),
       freq_state_add(NULL, true), freq_state_add('(v1,boolean,1,true:1)', NULL::boolean),
       freq_state_combine('(v1,text,1,"b":2)', '(v1,text,2,"a":1,"b":1)'),
       freq_state_combine(NULL, '(v1,text,1,"b":2)'),
       joint_freq_state_add('(v1,text,boolean,1,("a",true):1)', 'a', false),
       joint_freq_state_combine('(v1,text,boolean,1,("a",true):1)', NULL);

-- Counts are int64: 22003 past it.
SELECT sqlstate_of($$SELECT freq_state_add('(v1,bigint,1,1:9223372036854775807)', 1::bigint)$$);
SELECT sqlstate_of($$SELECT freq_state_combine('(v1,bigint,1,1:9223372036854775807)', '(v1,bigint,1,2:1)')$$);
SELECT column_entropy('(v1,bigint,2,1:9223372036854775806,2:1)') > 0 AS huge_counts;

-- Input rejects what rows cannot produce: 22P02, with the form in the
-- detail (shown once), or the version it cannot read.
SELECT sqlstate_of($$SELECT '(v1,text,2,"b":1,"a":1)'::freq_state$$) AS unsorted;
SELECT sqlstate_of($$SELECT '(v1,text,text,2,("a","b"):1,("a","a"):1)'::joint_freq_state$$) AS unsorted_pairs;
SELECT sqlstate_of($$SELECT '(v2,text,1,"a":1)'::freq_state$$) AS later_version;
SELECT t, split_part(sqlstate_of(format($f$SELECT %L::freq_state$f$, t)), $f$:$f$, 1) AS freq_state,
       split_part(sqlstate_of(format($f$SELECT %L::joint_freq_state$f$, t)), $f$:$f$, 1) AS joint_freq_state
FROM (VALUES
    ('(v1,text,2,"a":1,"a":1)'),
    ('(v1,bigint,2,2:1,-1:1)'),
    ('(v1,boolean,2,true:1,false:1)'),
    ('(v1,text,1,"a":0)'),
    ('(v1,text,1,"a":-1)'),
    ('(v1,text,0)'),
    ('(v1,bigint,1,"a":1)'),
    ('(v1,text,1,1:1)'),
    ('(v1,boolean,1,t:1)'),
    ('(v1,integer,1,1:1)'),
    ('(v1,text,2,"a":1)'),
    ('(v1,text,1,"a":1,"b":1)'),
    ('(v1,text,1,"a\n":1)'),
    ('(v1,text,1,"a)'),
    ('(v1,bigint,1,9223372036854775808:1)'),
    ('(v1,bigint,1,-9223372036854775809:1)'),
    ('(v1,bigint,1,01:1)'),
    ('(v1,bigint,1,+1:1)'),
    ('(v1,bigint,2,1:9223372036854775807,2:1)'),
    ('(v1,text,1,"a":1) '),
    ('(v1,text,1,"a":1'),
    ('(v0,text,1,"a":1)'),
    ('(v1,text,text,1,"a":1)'),
    ('(v1,text,text,1,("a","b"):1)'),
    ('(v1,text,text,1,("a"):1)'),
    ('(v1,text,text,2,("a","b"):1,("a","b"):2)'),
    ('(v1,bigint,boolean,1,(1,false):1)'),
    ('(v1,bigint,boolean,1,(1,2):1)'),
    (''),
    ('(')
) v(t);

-- Binary forms round-trip through COPY, and binary input rejects what
-- rows cannot produce: 22P03.  The form: version, kinds, entries, then
-- each count and value.
SELECT encode(freq_state_send('(v1,bigint,2,-1:2,5:1)'), 'hex') AS bigint_form,
       encode(joint_freq_state_send('(v1,text,boolean,1,("é",true):3)'), 'hex') AS pair_form;
CREATE TEMP TABLE states AS
SELECT 1 AS k, freq_agg(v) AS f, joint_freq_agg(v, v || 'x') AS j FROM awkward
UNION ALL SELECT 2, freq_agg(x), joint_freq_agg(flag, x) FROM draws
UNION ALL SELECT 3, freq_agg(flag), joint_freq_agg(x, flag) FROM draws;
COPY states TO STDOUT WITH (FORMAT binary) \g results/columns.bin
CREATE TEMP TABLE states_back (LIKE states);
\copy states_back FROM 'results/columns.bin' WITH (FORMAT binary)
SELECT k, a.f::text = b.f::text AS freq_same, a.j::text = b.j::text AS joint_same
FROM states a JOIN states_back b USING (k) ORDER BY k;
CREATE TEMP TABLE raw (s bytea);
INSERT INTO raw VALUES
    (decode('02' || '02' || '0000000000000001' || '0000000000000001' || '0000000000000005', 'hex')),
    (decode('01' || '02' || '0000000000000001' || '0000000000000000' || '0000000000000005', 'hex')),
    (decode('01' || '02' || '0000000000000002' || '0000000000000001' || '0000000000000005'
                                               || '0000000000000001' || '0000000000000003', 'hex')),
    (decode('01' || '03' || '0000000000000001' || '0000000000000001' || '02', 'hex')),
    (decode('01' || '07' || '0000000000000001' || '0000000000000001' || '02', 'hex')),
    (decode('01' || '01' || '0000000000000001' || '0000000000000001' || '00000005' || '61', 'hex')),
    (decode('01' || '01' || '0000000000000000', 'hex'));
\set VERBOSITY sqlstate
CREATE TEMP TABLE bad_received (s freq_state);
CREATE TEMP TABLE raw_one (s bytea);
INSERT INTO raw_one SELECT s FROM raw LIMIT 1 OFFSET 0;
COPY raw_one TO STDOUT WITH (FORMAT binary) \g results/columns_bad.bin
\copy bad_received FROM 'results/columns_bad.bin' WITH (FORMAT binary)
TRUNCATE raw_one; INSERT INTO raw_one SELECT s FROM raw LIMIT 1 OFFSET 1;
COPY raw_one TO STDOUT WITH (FORMAT binary) \g results/columns_bad.bin
\copy bad_received FROM 'results/columns_bad.bin' WITH (FORMAT binary)
TRUNCATE raw_one; INSERT INTO raw_one SELECT s FROM raw LIMIT 1 OFFSET 2;
COPY raw_one TO STDOUT WITH (FORMAT binary) \g results/columns_bad.bin
\copy bad_received FROM 'results/columns_bad.bin' WITH (FORMAT binary)
TRUNCATE raw_one; INSERT INTO raw_one SELECT s FROM raw LIMIT 1 OFFSET 3;
COPY raw_one TO STDOUT WITH (FORMAT binary) \g results/columns_bad.bin
\copy bad_received FROM 'results/columns_bad.bin' WITH (FORMAT binary)
TRUNCATE raw_one; INSERT INTO raw_one SELECT s FROM raw LIMIT 1 OFFSET 4;
COPY raw_one TO STDOUT WITH (FORMAT binary) \g results/columns_bad.bin
\copy bad_received FROM 'results/columns_bad.bin' WITH (FORMAT binary)
TRUNCATE raw_one; INSERT INTO raw_one SELECT s FROM raw LIMIT 1 OFFSET 5;
COPY raw_one TO STDOUT WITH (FORMAT binary) \g results/columns_bad.bin
\copy bad_received FROM 'results/columns_bad.bin' WITH (FORMAT binary)
TRUNCATE raw_one; INSERT INTO raw_one SELECT s FROM raw LIMIT 1 OFFSET 6;
COPY raw_one TO STDOUT WITH (FORMAT binary) \g results/columns_bad.bin
\copy bad_received FROM 'results/columns_bad.bin' WITH (FORMAT binary)
\set VERBOSITY default
SELECT count(*) AS none_received FROM bad_received;

-- Golden states (golden/README): every later release reads them with the
-- same measures, and writes them back as the same text and bytes.
CREATE TEMP TABLE golden_freq_text (ord serial, name text, state text);
\copy golden_freq_text (name, state) FROM PROGRAM 'cat "$PG_ABS_SRCDIR/golden/freq_state-v1.txt"'
CREATE TEMP TABLE golden_freq (ord serial, name text, state freq_state);
\copy golden_freq (name, state) FROM PROGRAM 'cat "$PG_ABS_SRCDIR/golden/freq_state-v1.bin"' (FORMAT binary)
CREATE TEMP TABLE golden_joint_text (ord serial, name text, state text);
\copy golden_joint_text (name, state) FROM PROGRAM 'cat "$PG_ABS_SRCDIR/golden/joint_freq_state-v1.txt"'
CREATE TEMP TABLE golden_joint (ord serial, name text, state joint_freq_state);
\copy golden_joint (name, state) FROM PROGRAM 'cat "$PG_ABS_SRCDIR/golden/joint_freq_state-v1.bin"' (FORMAT binary)
SELECT name, distinct_values(b.state), encode(float8send(column_entropy(b.state)), 'hex') AS entropy_bits,
       g.state::freq_state::text = g.state AS text_same, b.state::text = g.state AS binary_same
FROM golden_freq b JOIN golden_freq_text g USING (ord, name) ORDER BY ord;
SELECT name, distinct_values(b.state),
       encode(float8send(conditional_entropy(b.state)), 'hex') AS conditional_bits,
       encode(float8send(mutual_information(b.state)), 'hex') AS mutual_bits,
       encode(float8send(uncertainty_coefficient(b.state)), 'hex') AS u_bits,
       g.state::joint_freq_state::text = g.state AS text_same, b.state::text = g.state AS binary_same
FROM golden_joint b JOIN golden_joint_text g USING (ord, name) ORDER BY ord;
COPY (SELECT name, state FROM golden_freq ORDER BY ord) TO STDOUT (FORMAT binary) \g results/freq_state-v1.bin
COPY (SELECT name, state FROM golden_joint ORDER BY ord) TO STDOUT (FORMAT binary) \g results/joint_freq_state-v1.bin
CREATE TEMP TABLE golden_bytes (file text);
\copy golden_bytes FROM PROGRAM 'for f in freq_state-v1.bin joint_freq_state-v1.bin; do cmp -s "$PG_ABS_SRCDIR/golden/$f" "results/$f" && echo "$f same" || echo "$f differs"; done'
SELECT file FROM golden_bytes;

-- The transition function's C symbol, declared by hand over a type it does
-- not count: an error with its SQLSTATE, never XX000.
CREATE FUNCTION pg_temp.freq_state_add_date(freq_state, date) RETURNS freq_state
AS '$libdir/xent', 'freq_state_add' LANGUAGE C;
SELECT sqlstate_of($$SELECT pg_temp.freq_state_add_date(NULL, date '2026-01-01')$$);
