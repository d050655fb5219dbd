-- Golden states: every stored-state format that a release of xent has
-- written, kept as files in golden/ (made from rows by golden/generate.sql;
-- golden/README says how) and read back here through the types' text and
-- binary input.  Every accessor's value is shown with its double's bits, so
-- a release that reads a stored state differently fails here; and a state
-- read back and written out again gives the file's text and bytes exactly.
-- The files are read by psql (\copy ... FROM PROGRAM, with pg_regress's
-- PG_ABS_SRCDIR), so the server needs no access to the source tree.
SET extra_float_digits = 3;

-- A double at full precision with its bits, NULL, or an error's SQLSTATE.
CREATE FUNCTION golden_value(query text, s anyelement) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    x float8;
BEGIN
    EXECUTE query INTO x USING s;
    RETURN coalesce(x::text || ' ' || encode(float8send(x), 'hex'), 'NULL');
EXCEPTION WHEN OTHERS THEN
    RETURN 'error ' || SQLSTATE;
END
$$;

-- The bytes COPY (FORMAT binary) writes for rows of (name text, state):
-- the signature, no flags, no extension, then each row as two fields (each
-- its length and its bytes), then -1.
CREATE FUNCTION golden_copy_bytes(names text[], sent bytea[]) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
    SELECT decode('5047434f50590aff0d0a00', 'hex') || int4send(0) || int4send(0)
        || string_agg(int2send(2::int2)
                      || int4send(octet_length(convert_to(n, 'UTF8'))) || convert_to(n, 'UTF8')
                      || int4send(octet_length(b)) || b, ''::bytea ORDER BY i)
        || int2send((-1)::int2)
    FROM unnest(names, sent) WITH ORDINALITY AS r(n, b, i)
$$;

-- loss_state format v1 (xent 1.0 and 1.1 write it), from text and binary.
CREATE TEMP TABLE v1_text (ord serial, name text, state text);
\copy v1_text (name, state) FROM PROGRAM 'cat "$PG_ABS_SRCDIR/golden/loss_state-v1.txt"'
CREATE TEMP TABLE v1_from_text (ord serial, name text, state loss_state);
\copy v1_from_text (name, state) FROM PROGRAM 'cat "$PG_ABS_SRCDIR/golden/loss_state-v1.txt"'
CREATE TEMP TABLE v1_from_binary (ord serial, name text, state loss_state);
\copy v1_from_binary (name, state) FROM PROGRAM 'cat "$PG_ABS_SRCDIR/golden/loss_state-v1.bin"' (FORMAT binary)
CREATE TEMP TABLE v1_bytes (hex text);
\copy v1_bytes FROM PROGRAM 'od -An -v -tx1 "$PG_ABS_SRCDIR/golden/loss_state-v1.bin" | tr -d " \n"'

SELECT name, state FROM v1_text ORDER BY ord;

-- Each accessor of each state, from the text form.
SELECT name, num_rows(state), accessor, golden_value(query, state) AS value
FROM v1_from_text,
     LATERAL (VALUES ('total_weight', 'SELECT total_weight($1)'),
                     ('total', 'SELECT total($1)'),
                     ('mean', 'SELECT mean($1)'),
                     ('mean base 2', 'SELECT mean($1, base => 2)')) AS a(accessor, query)
ORDER BY ord, accessor;

-- The binary form reads as the same states, name by name (no rows).
SELECT t.name, t.state AS from_text, b.state AS from_binary
FROM v1_from_text t FULL JOIN v1_from_binary b USING (ord)
WHERE t.name IS DISTINCT FROM b.name
   OR loss_state_send(t.state) IS DISTINCT FROM loss_state_send(b.state);

-- Written out again: the file's text, at every extra_float_digits (no rows),
-- and the file's bytes.
SELECT name, g.state AS golden, t.state AS written
FROM v1_text g JOIN v1_from_text t USING (ord, name)
WHERE g.state IS DISTINCT FROM t.state::text;
SET extra_float_digits = 0;
SELECT name, g.state AS golden, t.state AS written
FROM v1_text g JOIN v1_from_binary t USING (ord, name)
WHERE g.state IS DISTINCT FROM t.state::text;
SET extra_float_digits = 3;
SELECT golden_copy_bytes(array_agg(name ORDER BY ord), array_agg(loss_state_send(state) ORDER BY ord))
       = decode(hex, 'hex') AS same_bytes, octet_length(decode(hex, 'hex')) AS bytes
FROM v1_from_binary, v1_bytes
GROUP BY hex;

-- Rolled up: the merge of stored states, pinned too; all of them, and
-- those without NaN or Infinity (so that the mean is scaled past the huge
-- sums).
SELECT rollup(state) AS all_states FROM v1_from_text;
SELECT num_rows(s), accessor, golden_value(query, s) AS value
FROM (SELECT rollup(state) FROM v1_from_binary
      WHERE name NOT IN ('specials', 'infinity', 'specials_weighted')) r(s),
     LATERAL (VALUES ('total_weight', 'SELECT total_weight($1)'),
                     ('total', 'SELECT total($1)'),
                     ('mean', 'SELECT mean($1)')) AS a(accessor, query)
ORDER BY accessor;

-- loss_state format v2 (xent 1.2 writes it): the same, with the variance
-- and standard error that its second moments give, and rolled up with the
-- v1 states (NULL variance where one is included).
CREATE TEMP TABLE v2_text (ord serial, name text, state text);
\copy v2_text (name, state) FROM PROGRAM 'cat "$PG_ABS_SRCDIR/golden/loss_state-v2.txt"'
CREATE TEMP TABLE v2_from_text (ord serial, name text, state loss_state);
\copy v2_from_text (name, state) FROM PROGRAM 'cat "$PG_ABS_SRCDIR/golden/loss_state-v2.txt"'
CREATE TEMP TABLE v2_from_binary (ord serial, name text, state loss_state);
\copy v2_from_binary (name, state) FROM PROGRAM 'cat "$PG_ABS_SRCDIR/golden/loss_state-v2.bin"' (FORMAT binary)
CREATE TEMP TABLE v2_bytes (hex text);
\copy v2_bytes FROM PROGRAM 'od -An -v -tx1 "$PG_ABS_SRCDIR/golden/loss_state-v2.bin" | tr -d " \n"'

SELECT name, state FROM v2_text ORDER BY ord;

SELECT name, num_rows(state), accessor, golden_value(query, state) AS value
FROM v2_from_text,
     LATERAL (VALUES ('total_weight', 'SELECT total_weight($1)'),
                     ('total', 'SELECT total($1)'),
                     ('mean', 'SELECT mean($1)'),
                     ('loss_variance', 'SELECT loss_variance($1)'),
                     ('std_error', 'SELECT std_error($1)')) AS a(accessor, query)
ORDER BY ord, accessor;

-- Binary reads as text; both write the files again (no rows, no rows, true).
SELECT t.name, t.state AS from_text, b.state AS from_binary
FROM v2_from_text t FULL JOIN v2_from_binary b USING (ord)
WHERE t.name IS DISTINCT FROM b.name
   OR loss_state_send(t.state) IS DISTINCT FROM loss_state_send(b.state);
SET extra_float_digits = 0;
SELECT name, g.state AS golden, t.state AS written
FROM v2_text g JOIN v2_from_binary t USING (ord, name)
WHERE g.state IS DISTINCT FROM t.state::text;
SET extra_float_digits = 3;
SELECT golden_copy_bytes(array_agg(name ORDER BY ord), array_agg(loss_state_send(state) ORDER BY ord))
       = decode(hex, 'hex') AS same_bytes, octet_length(decode(hex, 'hex')) AS bytes
FROM v2_from_binary, v2_bytes
GROUP BY hex;

-- Rolled up: the v2 states of finite losses whose rows keep their
-- moments, alone, then with the same v1 states (NULL variance: their rows
-- keep none).
SELECT accessor, golden_value(query, s) AS value
FROM (SELECT rollup(state) FROM v2_from_binary
      WHERE name IN ('one_row', 'bce', 'bce_weighted', 'many_rows',
                     'zero_weight', 'tiny', 'mixed', 'close')) r(s),
     LATERAL (VALUES ('total_weight', 'SELECT total_weight($1)'),
                     ('mean', 'SELECT mean($1)'),
                     ('loss_variance', 'SELECT loss_variance($1)'),
                     ('std_error', 'SELECT std_error($1)')) AS a(accessor, query)
ORDER BY accessor;
SELECT num_rows(s), mean(s), loss_variance(s), std_error(s)
FROM (SELECT rollup(state) FROM (SELECT name, state FROM v1_from_binary
      UNION ALL SELECT name, state FROM v2_from_binary) u
      WHERE name IN ('one_row', 'bce', 'bce_weighted', 'many_rows',
                     'zero_weight', 'tiny', 'mixed', 'close')) r(s);

-- The bin_counts state (xent 1.1): a bigint[] of the bounds' bits, then the
-- counts.
CREATE TEMP TABLE bins_text (ord serial, name text, state text);
\copy bins_text (name, state) FROM PROGRAM 'cat "$PG_ABS_SRCDIR/golden/bin_counts-1.1.txt"'
CREATE TEMP TABLE bins_from_text (ord serial, name text, state bigint[]);
\copy bins_from_text (name, state) FROM PROGRAM 'cat "$PG_ABS_SRCDIR/golden/bin_counts-1.1.txt"'
CREATE TEMP TABLE bins_from_binary (ord serial, name text, state bigint[]);
\copy bins_from_binary (name, state) FROM PROGRAM 'cat "$PG_ABS_SRCDIR/golden/bin_counts-1.1.bin"' (FORMAT binary)
CREATE TEMP TABLE bins_bytes (hex text);
\copy bins_bytes FROM PROGRAM 'od -An -v -tx1 "$PG_ABS_SRCDIR/golden/bin_counts-1.1.bin" | tr -d " \n"'

-- The counts, and a state merged with itself.
SELECT name, bin_counts_final(state) AS counts,
       bin_counts_final(bin_counts_combine(state, state)) AS doubled
FROM bins_from_text ORDER BY ord;

-- Binary reads as text does; both write the files again (no rows, then true).
SELECT name, t.state AS from_text, b.state AS from_binary
FROM bins_from_text t FULL JOIN bins_from_binary b USING (ord, name)
WHERE t.state IS DISTINCT FROM b.state;
SELECT name, g.state AS golden, t.state AS written
FROM bins_text g JOIN bins_from_binary t USING (ord, name)
WHERE g.state IS DISTINCT FROM t.state::text;
SELECT golden_copy_bytes(array_agg(name ORDER BY ord), array_agg(array_send(state) ORDER BY ord))
       = decode(hex, 'hex') AS same_bytes, octet_length(decode(hex, 'hex')) AS bytes
FROM bins_from_binary, bins_bytes
GROUP BY hex;

-- A stored state merges with one computed now from rows over the same
-- bounds: its bounds' bits are what today's bin_counts makes of them.
CREATE AGGREGATE golden_bin_state(float8, float8[]) (
    SFUNC = bin_counts_accum, STYPE = bigint[], INITCOND = '{}');
SELECT name, bin_counts_final(bin_counts_combine(state, now)) AS merged
FROM bins_from_binary,
     LATERAL (SELECT golden_bin_state(x, bounds) FROM (VALUES
                ('deciles', '{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}'::float8[], 0.55::float8),
                ('outside', '{-1,0,1}', 'NaN'),
                ('equal_bounds', '{-0,0,1,1,2}', 1),
                ('extreme_bounds', '{-1.7976931348623157e308,5e-324,1.7976931348623157e308}', 0),
                ('one_bound', '{0.3}', 0.3)) AS r(n, bounds, x)
              WHERE n = name) AS now(now)
ORDER BY ord;

DROP AGGREGATE golden_bin_state(float8, float8[]);
DROP FUNCTION golden_copy_bytes(text[], bytea[]);
DROP FUNCTION golden_value(text, anyelement);
RESET extra_float_digits;
