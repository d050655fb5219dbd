-- ALTER EXTENSION xent UPDATE from 1.0 gives exactly the objects of a fresh
-- install of the default version: every function with its attributes, every
-- aggregate with its support functions, every type, every comment.  Each of
-- two databases describes its xent as text, one row per object; the
-- upgraded one's rows go through a file to the fresh one, which compares.
\set regress_db :DBNAME
SET client_min_messages = warning;
DROP DATABASE IF EXISTS xent_upgraded;
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
CREATE DATABASE xent_upgraded TEMPLATE xent_template;
CREATE DATABASE xent_fresh TEMPLATE xent_template;

\c xent_upgraded
SET client_min_messages = warning;
CREATE EXTENSION xent VERSION '1.0';
RESET client_min_messages;
SELECT extversion AS installed FROM pg_extension WHERE extname = 'xent';
ALTER EXTENSION xent UPDATE;
SELECT extversion AS updated FROM pg_extension WHERE extname = 'xent';
\copy (SELECT object FROM extension_objects('xent')) TO 'results/upgraded_objects.txt'

\c xent_fresh
SET client_min_messages = warning;
CREATE EXTENSION xent;
RESET client_min_messages;
SELECT extversion AS fresh FROM pg_extension WHERE extname = 'xent';
CREATE TEMP TABLE upgraded (object text);
\copy upgraded FROM 'results/upgraded_objects.txt'
SELECT count(*) AS objects, count(*) FILTER (WHERE object LIKE 'member %') AS members,
       count(*) FILTER (WHERE object LIKE 'aggregate %') AS aggregates
FROM extension_objects('xent');
-- Nothing in one and not in the other (no rows).
(SELECT 'only fresh' AS side, object FROM extension_objects('xent')
 EXCEPT SELECT 'only fresh', object FROM upgraded)
UNION ALL
(SELECT 'only upgraded', object FROM upgraded
 EXCEPT SELECT 'only upgraded', object FROM extension_objects('xent'));
-- What 1.1 added, by name.
SELECT object FROM extension_objects('xent')
WHERE object ~ '^member function (psi|hellinger|js_distance|tvd|bin_counts|xent_real_array_support)'
ORDER BY object;

\c :regress_db
DROP DATABASE xent_upgraded;
DROP DATABASE xent_fresh;
DROP DATABASE xent_template;
