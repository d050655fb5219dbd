-- Helpers for the tests that follow (the schedule runs this file first).

-- An error as one row: SQLSTATE, message, detail and hint.
CREATE FUNCTION sqlstate_of(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    msg text;
    detail text;
    hint text;
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL,
                            hint = PG_EXCEPTION_HINT;
    RETURN SQLSTATE || ': ' || msg
        || CASE WHEN detail <> '' THEN ' DETAIL: ' || detail ELSE '' END
        || CASE WHEN hint <> '' THEN ' HINT: ' || hint ELSE '' END;
END
$$;

-- x and y agree to a relative tolerance (or are both the same special value).
CREATE FUNCTION close_to(x float8, y float8, rel float8 DEFAULT 1e-12)
RETURNS bool
LANGUAGE sql IMMUTABLE AS $$
    SELECT x = y OR abs(x - y) <= rel * greatest(abs(x), abs(y))
$$;

-- A random probability vector of length n: uniform draws divided by their sum.
CREATE FUNCTION random_dist(n int) RETURNS float8[]
LANGUAGE sql VOLATILE AS $$
    SELECT array_agg(r / total) FROM (
        SELECT r, sum(r) OVER () AS total
        FROM (SELECT random() AS r FROM generate_series(1, n)) draws
    ) scaled
$$;

-- Its reference entropy, summed in numeric.
CREATE FUNCTION numeric_entropy(p float8[]) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$
    SELECT -sum(x::numeric * ln(x::numeric))::float8 FROM unnest(p) x WHERE x > 0
$$;
