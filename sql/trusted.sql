-- xent is trusted: a database owner without superuser can create it.
DROP EXTENSION xent CASCADE;
CREATE ROLE regress_xent_owner;
DO $$ BEGIN
    EXECUTE format('GRANT CREATE ON DATABASE %I TO regress_xent_owner', current_database());
END $$;
SET ROLE regress_xent_owner;
CREATE SCHEMA regress_xent_schema;
CREATE EXTENSION xent SCHEMA regress_xent_schema;
SELECT regress_xent_schema.entropy('{0.5,0.5}', base => 2) AS bits;
-- The version is the control file's default, whatever number that is.
SELECT extname, extversion = (SELECT default_version FROM pg_available_extensions
                              WHERE name = 'xent') AS default_version,
       extrelocatable
FROM pg_extension WHERE extname = 'xent';
-- Every function, aggregate and type explains itself.
SELECT pg_describe_object(classid, objid, 0) AS without_comment
FROM pg_depend
WHERE refclassid = 'pg_extension'::regclass
  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'xent')
  AND deptype = 'e'
  AND obj_description(objid, classid::regclass::name) IS NULL;
DROP EXTENSION xent;
DROP SCHEMA regress_xent_schema;
RESET ROLE;
DO $$ BEGIN
    EXECUTE format('REVOKE CREATE ON DATABASE %I FROM regress_xent_owner', current_database());
END $$;
DROP ROLE regress_xent_owner;
CREATE EXTENSION xent;
