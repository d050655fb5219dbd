-- reliability/load: the database the pgbench scripts run against.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS xent;
SELECT setseed(0.5);

-- 200000 predictions: binary label (some soft), prob (some exactly 0 or 1,
-- some 1e-300), logit up to +-1000, a class, and p, q, z of 3 to 10 classes.
CREATE TABLE preds AS
SELECT id, id % 20 AS grp,
       CASE WHEN id % 10 = 0 THEN random() ELSE (random() < 0.3)::int::float8 END AS label,
       CASE id % 50 WHEN 0 THEN 0 WHEN 1 THEN 1 WHEN 2 THEN 1e-300 ELSE random() END AS prob,
       CASE id % 100 WHEN 0 THEN 1000 WHEN 1 THEN -1000 ELSE 20 * random() - 10 END AS logit,
       1 + id % k AS class, p, q, z, c
FROM (SELECT id, k,
             (SELECT array_agg(w / s) FROM (SELECT w, sum(w) OVER () AS s FROM unnest(ws) w) x) AS p,
             (SELECT array_agg(w / s) FROM (SELECT w, sum(w) OVER () AS s FROM unnest(vs) w) x) AS q,
             ARRAY(SELECT 10 * random() - 5 FROM generate_series(1, k)) AS z,
             ARRAY(SELECT floor(random() * 100) FROM generate_series(1, k)) AS c
      FROM (SELECT id, k,
                   ARRAY(SELECT random() FROM generate_series(1, k)) AS ws,
                   ARRAY(SELECT 0.01 + random() FROM generate_series(1, k)) AS vs
            FROM (SELECT id, 3 + id % 8 AS k FROM generate_series(1, 200000) id) g) r) s;
-- a row of counts that are all 0 would be an error under renormalize
UPDATE preds SET c[1] = 1 WHERE NOT EXISTS (SELECT 1 FROM unnest(c) x WHERE x > 0);
ALTER TABLE preds ADD PRIMARY KEY (id);

-- 50 long vectors (10^4 elements, TOASTed) for scalar calls.
CREATE TABLE longs AS
SELECT id, p, q, z
FROM (SELECT id,
             (SELECT array_agg(w / s) FROM (SELECT w, sum(w) OVER () AS s
              FROM (SELECT random() AS w FROM generate_series(1, 10000)) d) x) AS p,
             (SELECT array_agg(w / s) FROM (SELECT w, sum(w) OVER () AS s
              FROM (SELECT 0.01 + random() AS w FROM generate_series(1, 10000)) d) x) AS q,
             ARRAY(SELECT 2000 * random() - 1000 FROM generate_series(1, 10000)) AS z
      FROM generate_series(1, 50) id) s;
ALTER TABLE longs ADD PRIMARY KEY (id);

-- One vector of 4 million elements (32 MB, out of line), for cancels.
CREATE TABLE huge (a float8[]);
ALTER TABLE huge ALTER a SET STORAGE EXTERNAL;
INSERT INTO huge SELECT array_fill(2.5e-7::float8, ARRAY[4000000]);

ANALYZE;

-- Every caught error, with the SQLSTATE the contract gives for it (logged,
-- so that it survives a crash and its recovery).
CREATE TABLE errlog (input int, fn text, expected text, got text);

-- Runs one statement that must fail and records how it failed.  WHEN OTHERS
-- does not catch a cancel: that is caught by name.
CREATE FUNCTION xr_expect(input int, fn text, expected text, query text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    got text := 'no error';
BEGIN
    BEGIN
        EXECUTE query;
    EXCEPTION
        WHEN query_canceled THEN got := SQLSTATE;
        WHEN OTHERS THEN got := SQLSTATE;
    END;
    INSERT INTO errlog VALUES (input, fn, expected, got);
END
$$;

-- Bad inputs, one per row of the contract's error table (and some more),
-- each with the SQLSTATE it must raise.
CREATE TABLE bad_inputs (id serial PRIMARY KEY, fn text, expected text, query text);
INSERT INTO bad_inputs (fn, expected, query) VALUES
 ('entropy', '2202E', $q$SELECT entropy('{{0.5,0.5},{0.5,0.5}}')$q$),
 ('kl_div', '2202E', $q$SELECT kl_div('{{0.5,0.5}}', '{0.5,0.5}')$q$),
 ('entropy', '22023', $q$SELECT entropy('{}'::float8[])$q$),
 ('kl_div', '22023', $q$SELECT kl_div('{0.5,0.5}', '{1}')$q$),
 ('js_div', '22023', $q$SELECT js_div(p, q || 0.0::float8) FROM preds WHERE id = 7$q$),
 ('entropy', '22004', $q$SELECT entropy('{0.5,NULL,0.5}')$q$),
 ('cross_entropy', '22004', $q$SELECT cross_entropy('{0.5,0.5}'::float8[], '{NULL,1}')$q$),
 ('kl_div', '2201E', $q$SELECT kl_div('{0.5,0.5}', '{0.9,-0.1}')$q$),
 ('entropy', '2201E', $q$SELECT entropy('{0.5,Infinity}')$q$),
 ('js_div', '2201E', $q$SELECT js_div('{-Infinity,1}', '{0.5,0.5}')$q$),
 ('entropy', '22023', $q$SELECT entropy('{3,1}')$q$),
 ('cross_entropy', '22023', $q$SELECT cross_entropy(c, q) FROM preds WHERE id = 11$q$),
 ('entropy', '22023', $q$SELECT entropy('{0,0}', renormalize => true)$q$),
 ('entropy', '22023', $q$SELECT entropy('{1e308,1e308}', renormalize => true)$q$),
 ('entropy', '22023', $q$SELECT entropy('{0.5,0.5}', base => 1)$q$),
 ('entropy', '22023', $q$SELECT entropy('{0.5,0.5}', base => 0)$q$),
 ('kl_div', '22023', $q$SELECT kl_div('{0.5,0.5}', '{0.5,0.5}', base => 'Infinity')$q$),
 ('js_div', '22023', $q$SELECT js_div('{0.5,0.5}', '{0.5,0.5}', base => 'NaN')$q$),
 ('bce', '22023', $q$SELECT bce(1.5, 0.5)$q$),
 ('bce', '22023', $q$SELECT bce(-0.1, 0.5)$q$),
 ('bce_logits', '22023', $q$SELECT bce_logits(2, 0.5)$q$),
 ('bce', '2201E', $q$SELECT bce(0.5, 1.5)$q$),
 ('bce', '2201E', $q$SELECT bce(1, -1e-300)$q$),
 ('avg_bce', '2201E', $q$SELECT avg_bce(label, prob * 2) FROM preds WHERE id BETWEEN 1 AND 1000$q$),
 ('avg_bce', '22023', $q$SELECT avg_bce(label, prob, 0.5) FROM preds WHERE id BETWEEN 1 AND 100$q$),
 ('avg_bce', '22023', $q$SELECT avg_bce(label, prob, -1e-9) FROM preds WHERE id BETWEEN 1 AND 100$q$),
 ('avg_bce_logits', '22023', $q$SELECT avg_bce_logits(label + 1, logit) FROM preds WHERE id BETWEEN 1 AND 100$q$),
 ('softmax', '22023', $q$SELECT softmax('{-Infinity,-Infinity}')$q$),
 ('softmax', '22023', $q$SELECT softmax('{1,Infinity}')$q$),
 ('log_softmax', '22023', $q$SELECT log_softmax('{1,NaN}')$q$),
 ('cross_entropy_logits', '22023', $q$SELECT cross_entropy_logits('{0.5,0.5}'::float8[], '{1,2,3}')$q$),
 ('cross_entropy_logits', '22023', $q$SELECT cross_entropy_logits(1, '{-Infinity}')$q$),
 ('cross_entropy', '2202E', $q$SELECT cross_entropy(4, '{0.5,0.5}')$q$),
 ('cross_entropy', '2202E', $q$SELECT cross_entropy(0, '{0.5,0.5}')$q$),
 ('cross_entropy_logits', '2202E', $q$SELECT cross_entropy_logits(3, '[0:1]={1,2}')$q$),
 ('avg_cross_entropy', '2202E', $q$SELECT avg_cross_entropy(class + 10, q) FROM preds WHERE id BETWEEN 1 AND 100$q$),
 ('avg_kl_div', '2201E', $q$SELECT avg_kl_div(p, array_prepend(-1::float8, q[2:])) FROM preds WHERE id BETWEEN 1 AND 100$q$),
 ('avg_cross_entropy', '22023', $q$SELECT avg_cross_entropy(p, q[2:]) FROM preds WHERE id BETWEEN 1 AND 100$q$),
 ('loss_state', '22P02', $q$SELECT '(1,2'::loss_state$q$),
 ('loss_state', '22P02', $q$SELECT '(1,0,0,zz)'::loss_state$q$),
 ('loss_state', '22P02', $q$SELECT '(-1,0,0,0x1p0)'::loss_state$q$);

-- Bad binary loss_states, through its receive function as COPY BINARY
-- reaches it: a negative row count, and a trailing byte.  (Files in the
-- data directory, written once here, only read under load.)
CREATE TABLE state_sink (s loss_state);
DO $$
DECLARE
    dir text := current_setting('data_directory');
BEGIN
    CREATE TEMP TABLE payload (x bytea);
    INSERT INTO payload
    SELECT overlay(loss_state_send('(2,0,0,0x3p0)') PLACING '\xffffffffffffffff' FROM 1 FOR 8);
    EXECUTE format('COPY payload TO %L (FORMAT binary)', dir || '/xr_negative_rows.bin');
    TRUNCATE payload;
    INSERT INTO payload SELECT loss_state_send('(2,0,0,0x3p0)') || '\x00'::bytea;
    EXECUTE format('COPY payload TO %L (FORMAT binary)', dir || '/xr_trailing_byte.bin');
    DROP TABLE payload;
    INSERT INTO bad_inputs (fn, expected, query) VALUES
     ('loss_state_recv', '22P03', format('COPY state_sink FROM %L (FORMAT binary)', dir || '/xr_negative_rows.bin')),
     ('loss_state_recv', '22P03', format('COPY state_sink FROM %L (FORMAT binary)', dir || '/xr_trailing_byte.bin'));
END
$$;

-- Runs the k-th bad input.
CREATE FUNCTION xr_bad(k int) RETURNS void
LANGUAGE sql AS $$
    SELECT xr_expect(id, fn, expected, query) FROM bad_inputs WHERE id = k
$$;

-- Twenty calls over 4 million elements (about 2 s) that a 200 ms
-- statement_timeout must stop: 57014, counted like the bad inputs.  (The
-- timer covers the whole top-level statement; 200 ms leaves ample time to
-- reach the EXCEPTION block even on a loaded machine, where an escaping
-- cancel would abort the pgbench client.)
CREATE FUNCTION xr_cancel() RETURNS void
LANGUAGE sql AS $$
    SELECT xr_expect(0, 'js_div under statement_timeout', '57014',
                     'SELECT sum(js_div(a, a)) FROM huge, generate_series(1, 20)')
$$;

