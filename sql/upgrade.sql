-- ALTER EXTENSION xent UPDATE from every earlier release, one release at a
-- time or straight to the newest, gives exactly the objects of a fresh
-- install of the default version: every function with its attributes, every
-- aggregate with its support functions, every type, every comment.  Each
-- database describes its xent as text, one row per object; the upgraded
-- ones' rows go through files to the fresh one, which compares.
\set regress_db :DBNAME
SET client_min_messages = warning;
DROP DATABASE IF EXISTS xent_stepwise;
DROP DATABASE IF EXISTS xent_from_1_0;
DROP DATABASE IF EXISTS xent_from_1_1;
DROP DATABASE IF EXISTS xent_fresh;
DROP DATABASE IF EXISTS xent_template;
RESET client_min_messages;

-- Both databases start from one that knows how to describe an extension.
CREATE DATABASE xent_template;
\c xent_template
CREATE FUNCTION extension_objects(ext name) RETURNS TABLE (object text)
LANGUAGE sql STABLE AS $$
    WITH member AS (
        SELECT d.classid, d.objid, d.objsubid
        FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
        WHERE d.deptype = 'e' AND e.extname = ext
    )
    SELECT format('member %s', pg_describe_object(classid, objid, objsubid))
    FROM member
    UNION ALL
    SELECT format('function %s: kind %s, volatility %s, strict %s, parallel %s, '
                  'security definer %s, leakproof %s, returns %s%s, arguments %s, '
                  'defaults %s, cost %s, rows %s, support %s, symbol %s, library %s, comment %L',
                  p.oid::regprocedure, p.prokind, p.provolatile, p.proisstrict,
                  p.proparallel, p.prosecdef, p.proleakproof,
                  CASE WHEN p.proretset THEN 'setof ' ELSE '' END, p.prorettype::regtype,
                  p.proargnames, pg_get_expr(p.proargdefaults, 0), p.procost, p.prorows, p.prosupport::regproc,
                  p.prosrc, p.probin, obj_description(p.oid, 'pg_proc'))
    FROM member JOIN pg_proc p ON classid = 'pg_proc'::regclass AND p.oid = objid
    UNION ALL
    SELECT format('aggregate %s: kind %s, transition %s, final %s, combine %s, '
                  'serial %s, deserial %s, moving %s, inverse %s, moving final %s, '
                  'final extra %s/%s, modify %s/%s, sort %s, state %s/%s, '
                  'space %s/%s, initial %L/%L',
                  a.aggfnoid::regprocedure, a.aggkind, a.aggtransfn::regprocedure,
                  a.aggfinalfn::regprocedure, a.aggcombinefn::regprocedure,
                  a.aggserialfn::regprocedure, a.aggdeserialfn::regprocedure,
                  a.aggmtransfn::regprocedure, a.aggminvtransfn::regprocedure,
                  a.aggmfinalfn::regprocedure, a.aggfinalextra, a.aggmfinalextra,
                  a.aggfinalmodify, a.aggmfinalmodify, a.aggsortop,
                  a.aggtranstype::regtype, a.aggmtranstype::regtype,
                  a.aggtransspace, a.aggmtransspace, a.agginitval, a.aggminitval)
    FROM member JOIN pg_aggregate a ON classid = 'pg_proc'::regclass AND a.aggfnoid = objid
    UNION ALL
    SELECT format('type %s: length %s, by value %s, kind %s, category %s, input %s, '
                  'output %s, receive %s, send %s, align %s, storage %s, comment %L',
                  t.oid::regtype, t.typlen, t.typbyval, t.typtype, t.typcategory,
                  t.typinput::regproc, t.typoutput::regproc, t.typreceive::regproc,
                  t.typsend::regproc, t.typalign, t.typstorage,
                  obj_description(t.oid, 'pg_type'))
    FROM member JOIN pg_type t ON classid = 'pg_type'::regclass AND t.oid = objid
$$;
\c :regress_db
CREATE DATABASE xent_stepwise TEMPLATE xent_template;
CREATE DATABASE xent_from_1_0 TEMPLATE xent_template;
CREATE DATABASE xent_from_1_1 TEMPLATE xent_template;
CREATE DATABASE xent_fresh TEMPLATE xent_template;

-- 1.0, updated one release at a time.
\c xent_stepwise
SET client_min_messages = warning;
CREATE EXTENSION xent VERSION '1.0';
RESET client_min_messages;
ALTER EXTENSION xent UPDATE TO '1.1';
SELECT extversion AS stepwise_1_1 FROM pg_extension WHERE extname = 'xent';
ALTER EXTENSION xent UPDATE;
SELECT extversion AS stepwise_newest FROM pg_extension WHERE extname = 'xent';
\copy (SELECT object FROM extension_objects('xent')) TO 'results/upgraded_stepwise.txt'

-- 1.0 and 1.1, each updated straight to the newest.
\c xent_from_1_0
SET client_min_messages = warning;
CREATE EXTENSION xent VERSION '1.0';
RESET client_min_messages;
ALTER EXTENSION xent UPDATE;
SELECT extversion AS from_1_0 FROM pg_extension WHERE extname = 'xent';
\copy (SELECT object FROM extension_objects('xent')) TO 'results/upgraded_from_1_0.txt'
\c xent_from_1_1
SET client_min_messages = warning;
CREATE EXTENSION xent VERSION '1.1';
RESET client_min_messages;
ALTER EXTENSION xent UPDATE;
SELECT extversion AS from_1_1 FROM pg_extension WHERE extname = 'xent';
\copy (SELECT object FROM extension_objects('xent')) TO 'results/upgraded_from_1_1.txt'

\c xent_fresh
SET client_min_messages = warning;
CREATE EXTENSION xent;
RESET client_min_messages;
SELECT extversion AS fresh FROM pg_extension WHERE extname = 'xent';
CREATE TEMP TABLE upgraded (path text, object text);
\copy upgraded (object) FROM 'results/upgraded_stepwise.txt'
UPDATE upgraded SET path = 'stepwise' WHERE path IS NULL;
\copy upgraded (object) FROM 'results/upgraded_from_1_0.txt'
UPDATE upgraded SET path = 'from 1.0' WHERE path IS NULL;
\copy upgraded (object) FROM 'results/upgraded_from_1_1.txt'
UPDATE upgraded SET path = 'from 1.1' WHERE path IS NULL;
-- Each path describes as many objects as the fresh install, members and
-- aggregates alike.
SELECT path, count(*) = (SELECT count(*) FROM extension_objects('xent')) AS same_count,
       count(*) FILTER (WHERE object LIKE 'member %') =
         (SELECT count(*) FROM extension_objects('xent') WHERE object LIKE 'member %') AS same_members
FROM upgraded GROUP BY path ORDER BY path;
-- Nothing in one and not in the other, on any path (no rows).
SELECT p.path, 'only fresh' AS side, f.object
FROM (SELECT DISTINCT path FROM upgraded) p, extension_objects('xent') f
WHERE NOT EXISTS (SELECT 1 FROM upgraded u WHERE u.path = p.path AND u.object = f.object)
UNION ALL
SELECT u.path, 'only upgraded', u.object
FROM upgraded u
WHERE u.object NOT IN (SELECT object FROM extension_objects('xent'))
ORDER BY 1, 2, 3;
-- What 1.1 added, by name.
SELECT object FROM extension_objects('xent')
WHERE object ~ '^member function (psi|hellinger|js_distance|tvd|bin_counts|xent_real_array_support)'
ORDER BY object;

\c :regress_db
DROP DATABASE xent_stepwise;
DROP DATABASE xent_from_1_0;
DROP DATABASE xent_from_1_1;
DROP DATABASE xent_fresh;
DROP DATABASE xent_template;
