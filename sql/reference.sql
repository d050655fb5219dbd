-- Differential test: every function and aggregate of the contract against
-- an exact reference computed in numeric, on seeded random inputs.
--
-- The reference takes each double at its EXACT value.  float8::numeric in
-- PostgreSQL 15 rounds to 15 significant digits (1e-300 would become a
-- different number, 1 - 1e-12 loses 3 of its digits), so ref_exact() decodes
-- the IEEE-754 bits instead: sign, 11-bit exponent, 52-bit fraction, value
-- m * 2^e, with 2^e for e < 0 written exactly as 5^-e * 10^e.  Logarithms
-- of a double are ln(m) + e ln 2 with ln(m) taken to 50 decimals (m < 2^53),
-- logarithms of other numerics are scaled by a power of two into [1/2, 2)
-- first, log1p of a small argument is its series, and exp is taken with 50
-- significant digits.  The reference is thus good to ~1e-45, far below the
-- 1e-12 it checks.  Only booleans and counts are printed; the query after
-- the summary lists any failing case (none when all is well).
--
-- Tolerances, per function:
-- * entropy, cross_entropy (both forms), bce, bce_logits,
--   cross_entropy_logits (both forms), softmax, log_softmax and the
--   aggregates of the same losses: 1e-12 relative.  Their terms all have
--   one sign (and the aggregates sum exactly and round once), so nothing
--   cancels and a few ulps of each term is all a correct code loses.
-- * kl_div, js_div and avg_kl_div: 1e-12 of the sum of the absolute values
--   of the terms (|p_i log(p_i/q_i)|, and for JS both halves), not of the
--   result.  For nearly equal vectors the terms are ~|p_i - q_i| while
--   their sum is ~(p_i - q_i)^2 / q_i: that cancellation is in the
--   definition, and no double computation of a term is better than an ulp
--   of the term.  Vectors that are far apart get, in effect, relative 1e-12.
-- * everywhere, also an absolute 4 * 2^-1074 (2e-323): a result in the
--   subnormal range (softmax of a logit 740 below the largest, bce_logits
--   with a logit of +-740, log1p(e^-1000) that underflows to 0) cannot carry
--   a relative precision, only an absolute one of a few subnormal ulps.
-- * base => 2 / 10 and renormalize => true: the same bounds as without.
-- * avg_bce with eps clips prob to [eps, 1 - eps] with 1 - eps rounded to a
--   double, as xent and scikit-learn's log_loss both do; the reference
--   clips to that same double.
SELECT setseed(0.7071);

-- The IEEE-754 fields of a finite double: x = m * 2^e exactly.  (The
-- helpers are PL/pgSQL: a SQL function with a CASE is not inlined, and
-- calling it costs far more than the arithmetic.)
CREATE FUNCTION ref_bits(x float8, OUT m bigint, OUT e int)
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    b bigint := ('x' || encode(float8send(x), 'hex'))::bit(64)::bigint;
    be int := (b >> 52) & 2047;
BEGIN
    m := b & 4503599627370495;                      -- the 52 fraction bits
    IF be = 0 THEN
        e := -1074;                                 -- subnormal
    ELSE
        m := m + 4503599627370496;                  -- the implicit 1
        e := be - 1075;
    END IF;
    IF b < 0 THEN
        m := -m;
    END IF;
END
$$;

-- 2^k exactly, also for negative k (2^-k = 5^k / 10^k).
CREATE FUNCTION ref_pow2(k int) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
    IF k >= 0 THEN
        RETURN trunc(2::numeric ^ k);
    END IF;
    RETURN trunc(5::numeric ^ (-k)) * ('1e' || k)::numeric;
END
$$;

-- The exact value of a double as numeric (Infinity and NaN as themselves).
CREATE FUNCTION ref_exact(x float8) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    f record;
BEGIN
    IF x IN ('Infinity', '-Infinity', 'NaN') THEN
        RETURN x::numeric;
    END IF;
    f := ref_bits(x);
    RETURN f.m * ref_pow2(f.e);
END
$$;

CREATE FUNCTION ref_ln2() RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT 0.6931471805599453094172321214581765680755001343602552541206800094933936219696947156058633269964186875
$$;

-- ln of a double x >= 0 (ln 0 = -Infinity): ln(m) + e ln 2, ln(m) to 50
-- decimals (m < 2^53), m odd so that ln 1 is exactly 0.
CREATE FUNCTION ref_ln(x float8) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    f record;
    m bigint;
    e int;
BEGIN
    IF x = 0 THEN
        RETURN '-Infinity';
    END IF;
    f := ref_bits(x);
    m := f.m;
    e := f.e;
    WHILE m % 2 = 0 LOOP
        m := m / 2;
        e := e + 1;
    END LOOP;
    RETURN ln(m::numeric(70, 50)) + e * ref_ln2();
END
$$;

-- ln of a positive numeric: x = y * 2^k with y in [1/2, 2), ln y to 55 decimals.
CREATE FUNCTION ref_nln(x numeric) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    k int := floor(ln(x::float8) / 0.6931471805599453);
BEGIN
    RETURN ln(round(x * ref_pow2(-k), 55)) + k * ref_ln2();
END
$$;

-- ln(1 + x) for x > -1: where |x| < 1e-4, the series on x rounded to 60
-- significant digits, to the term below 1e-50 x.
CREATE FUNCTION ref_log1p(x numeric) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    digits int;
    t numeric;
    pw numeric;
    r numeric := 0;
BEGIN
    IF abs(x) >= 1e-4 THEN
        RETURN ref_nln(1 + x);
    END IF;
    IF abs(x) < 1e-200 THEN
        RETURN x;           -- x - x^2/2 + ...: relative error below 1e-200
    END IF;
    digits := ceil(-log(abs(x::float8)));
    t := round(x, 60 + digits);
    pw := t;
    FOR j IN 1 .. 1 + 50 / digits LOOP
        r := r + (CASE WHEN j % 2 = 1 THEN pw ELSE -pw END) / j;
        pw := round(pw * t, 60 + digits);
    END LOOP;
    RETURN r;
END
$$;

-- exp(x) for x <= 0 to 50 significant digits; 0 below -800 (e^-800 < 1e-347,
-- far below half the smallest subnormal double).
CREATE FUNCTION ref_exp(x numeric) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
    IF x < -800 THEN
        RETURN 0;
    END IF;
    RETURN exp(round(x, 50 + ceil(-x * 0.4343)::int));
END
$$;

-- xent's answer x against the reference: within rel * scale of it, plus
-- the subnormal floor; an infinite or NaN reference must be met exactly.
CREATE FUNCTION ref_ok(x float8, ref numeric, scale numeric, rel numeric DEFAULT 1e-12)
RETURNS bool
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN ref IN ('Infinity', '-Infinity', 'NaN') OR x IN ('Infinity', '-Infinity', 'NaN')
                THEN x::numeric = ref
                ELSE abs(ref_exact(x) - ref) <= rel * abs(scale) + 2e-323 END
$$;

-- The helpers themselves: exact where float8::numeric is not.
SELECT ref_exact(1e-300) = 1e-300::float8::numeric AS rounded_cast_equal,
       ref_exact(0.1) = 0.1000000000000000055511151231257827021181583404541015625 AS tenth_exact,
       ref_exact(5e-324) = ref_pow2(-1074) AS smallest_subnormal,
       ref_exact(-1.5) = -1.5 AS negative,
       ref_exact(2^1023) = ref_pow2(1023) AS huge,
       abs(ref_ln(1e-300) - ln(ref_exact(1e-300))) < 1e-45 AS ln_tiny,
       abs(ref_nln(ref_exact(3)) - ln(3::numeric(70, 60))) < 1e-45 AS nln,
       abs(ref_log1p(-1e-20) - ln(1 - 1e-20::numeric(90, 80))) < 1e-60 AS log1p_series,
       abs(ref_exp(-700) - exp((-700)::numeric(500, 360))) < 1e-345 AS exp_deep;

---------------------------------------------------------------------------
-- Distributions p, q: kinds x lengths 1 .. 10^4.
-- random:       uniform draws, normalised
-- wide:         10^(-300 r) draws, so elements span 1e-300 .. 1, with
--               zeros in p (every 7th) and in q (every 14th, so inside p's)
-- near_one:     p = (1 - 1e-12, tiny...), q = (1 - 1e-9, tiny...)
-- near_uniform: p within 1e-6 of uniform, q = p (1 + 1e-9 r) renormalised
-- ulp:          q = p with each element moved by one or two ulps
-- q_zero:       q has a zero where p does not (cross entropy, KL: Infinity)
CREATE FUNCTION ref_draws(n int, kind text) RETURNS float8[]
LANGUAGE sql VOLATILE AS $$
    SELECT array_agg(w / total ORDER BY i) FROM (
        SELECT i, w, sum(w) OVER () AS total FROM (
            SELECT i, CASE kind
                        WHEN 'wide_p' THEN CASE WHEN i % 7 = 0 AND n > 1 THEN 0 ELSE 10 ^ (-300 * random()) END
                        WHEN 'wide_q' THEN CASE WHEN i % 14 = 0 AND n > 1 THEN 0 ELSE 10 ^ (-300 * random()) END
                        WHEN 'uniform' THEN 1 + 1e-6 * random()
                        ELSE random() END AS w
            FROM generate_series(1, n) i) d) s
$$;

-- (1 - rest, rest...) with the rest summing to about 'rest'.
CREATE FUNCTION ref_near_one(n int, rest float8) RETURNS float8[]
LANGUAGE sql VOLATILE AS $$
    SELECT CASE WHEN n = 1 THEN ARRAY[1::float8]
                ELSE (1 - (SELECT sum(x) FROM unnest(tail) x)) || tail END
    FROM (SELECT array_agg(rest * w / total ORDER BY i) AS tail FROM (
              SELECT i, w, sum(w) OVER () AS total FROM (
                  SELECT i, 10 ^ (-20 * random()) AS w FROM generate_series(2, n) i) d) s) t
$$;

CREATE TEMP TABLE dpair (id serial, kind text, n int, p float8[], q float8[]);

INSERT INTO dpair (kind, n, p, q)
SELECT 'random', n, ref_draws(n, 'random'), ref_draws(n, 'random')
FROM unnest(ARRAY[1, 2, 3, 10, 100, 1000, 10000]) n;
INSERT INTO dpair (kind, n, p, q)
SELECT 'wide', n, ref_draws(n, 'wide_p'), ref_draws(n, 'wide_q')
FROM unnest(ARRAY[1, 2, 3, 10, 100, 1000, 10000]) n;
INSERT INTO dpair (kind, n, p, q)
SELECT 'near_one', n, ref_near_one(n, 1e-12), ref_near_one(n, 1e-9)
FROM unnest(ARRAY[1, 2, 3, 10, 1000]) n;
INSERT INTO dpair (kind, n, p, q)
SELECT 'near_uniform', n, p,
       (SELECT array_agg(y / total ORDER BY i)
        FROM (SELECT i, y, sum(y) OVER () AS total
              FROM (SELECT i, x * (1 + 1e-9 * random()) AS y
                    FROM unnest(p) WITH ORDINALITY u(x, i)) v) w)
FROM (SELECT n, ref_draws(n, 'uniform') AS p
      FROM unnest(ARRAY[2, 10, 1000]) n) s;
INSERT INTO dpair (kind, n, p, q)
SELECT 'ulp', n, p,
       ARRAY(SELECT x * (1 + (floor(random() * 5) - 2) * 2 ^ -52)
             FROM unnest(p) WITH ORDINALITY u(x, i) ORDER BY i)
FROM (SELECT n, ref_draws(n, 'random') AS p
      FROM unnest(ARRAY[2, 10, 1000]) n) s;
INSERT INTO dpair (kind, n, p, q)
SELECT 'q_zero', n, ref_draws(n, 'random'),
       (SELECT array_agg(CASE WHEN i = 2 THEN 0 ELSE x / (1 - q[2]) END ORDER BY i)
        FROM unnest(q) WITH ORDINALITY u(x, i))
FROM (SELECT n, ref_draws(n, 'random') AS q
      FROM unnest(ARRAY[2, 10, 100]) n) s;

-- Element by element: exact values and logarithms.
CREATE TEMP TABLE delem AS
SELECT id, i, p, q, xp, xq, ref_ln(p) AS lp, ref_ln(q) AS lq,
       CASE WHEN p + q > 0 THEN ref_nln(xp + xq) END AS lpq
FROM (SELECT id, i, a AS p, b AS q, ref_exact(a) AS xp, ref_exact(b) AS xq
      FROM dpair, unnest(p, q) WITH ORDINALITY AS u(a, b, i)) e;

-- The reference of each pair: H(p), H(p,q), D(p||q), JS(p,q), and for D
-- and JS the sum of the absolute values of their terms.
CREATE TEMP TABLE dref AS
SELECT id,
       -sum(CASE WHEN p > 0 THEN xp * lp ELSE 0 END) AS h,
       CASE WHEN bool_or(p > 0 AND q = 0) THEN 'Infinity'
            ELSE -sum(CASE WHEN p > 0 THEN xp * lq ELSE 0 END) END AS ce,
       CASE WHEN bool_or(p > 0 AND q = 0) THEN 'Infinity'
            ELSE sum(CASE WHEN p > 0 THEN xp * (lp - lq) ELSE 0 END) END AS kl,
       sum(CASE WHEN p > 0 AND q > 0 THEN abs(xp * (lp - lq)) ELSE 0 END) AS kl_terms,
       sum(CASE WHEN p > 0 THEN xp * (lp - lpq + ref_ln2()) ELSE 0 END
           + CASE WHEN q > 0 THEN xq * (lq - lpq + ref_ln2()) ELSE 0 END) / 2 AS js,
       sum(CASE WHEN p > 0 THEN abs(xp * (lp - lpq + ref_ln2())) ELSE 0 END
           + CASE WHEN q > 0 THEN abs(xq * (lq - lpq + ref_ln2())) ELSE 0 END) / 2 AS js_terms
FROM delem
GROUP BY id;

-- One class label per pair (a subscript of q; its 2nd element for q_zero,
-- where q is 0: Infinity), and the same q with lower bound 0 (built through
-- text, which round-trips a double exactly at extra_float_digits 1).
SET extra_float_digits = 1;
CREATE TEMP TABLE dlabel AS
SELECT id, label, q AS lq_arr, ('[0:' || n - 1 || ']=' || q::text)::float8[] AS lq_arr0
FROM (SELECT id, n, q, CASE WHEN kind = 'q_zero' THEN 2
                            ELSE 1 + floor(random() * n)::int END AS label
      FROM dpair) s;

-- One row per comparison: function, case, xent's value x, reference r.
CREATE TEMP TABLE checks (fn text, ok bool, x float8, r numeric, detail text, s numeric);

INSERT INTO checks
SELECT fn, ref_ok(x, r, s), x, r, format('id=%s n=%s kind=%s', id, n, kind), s
FROM dpair JOIN dref USING (id),
LATERAL (VALUES
    ('entropy', entropy(p), h, h),
    ('entropy base 2', entropy(p, 2), h / ref_ln2(), h / ref_ln2()),
    ('cross_entropy(p,q)', cross_entropy(p, q), ce, ce),
    ('cross_entropy(p,q) base 10', cross_entropy(p, q, 10), ce / ref_nln(10), ce / ref_nln(10)),
    ('kl_div', kl_div(p, q), kl, kl_terms),
    ('kl_div base 2', kl_div(p, q, 2), kl / ref_ln2(), kl_terms / ref_ln2()),
    ('js_div', js_div(p, q), js, js_terms),
    ('js_div base 2', js_div(p, q, base => 2), js / ref_ln2(), js_terms / ref_ln2())
) AS v(fn, x, r, s);

-- Drift (xent 1.1): every term of PSI, Hellinger and total variation has
-- one sign, and JS distance is the root of a sum of pairs that have one
-- sign, so all four are held to 1e-12 of their own value, nearly equal
-- vectors ('ulp', 'near_uniform', 'near_one') included.  Hellinger's
-- reference takes the square roots in float8: they only scale a term, by
-- less than 1e-15.
CREATE TEMP TABLE ddrift AS
SELECT id,
       CASE WHEN bool_or((p > 0) <> (q > 0)) THEN 'Infinity'
            ELSE sum(CASE WHEN p > 0 THEN (xp - xq) * (lp - lq) ELSE 0 END) END AS psi,
       sqrt(sum(CASE WHEN p + q > 0
                     THEN ((xp - xq) / (sqrt(p)::numeric + sqrt(q)::numeric)) ^ 2
                     ELSE 0 END) / 2) AS hellinger,
       sum(abs(xp - xq)) / 2 AS tvd
FROM delem GROUP BY id;

-- Hellinger where half the sum of the squared root differences is
-- subnormal, or nearly: held to 1e-12 of its own value all the same.
INSERT INTO checks
SELECT 'hellinger, squares underflowing', ref_ok(x, r, r), x, r, format('p=%s q=%s', p, q), r
FROM (SELECT p, q, hellinger(p, q) AS x,
             sqrt(sum((sqrt(ref_exact(a)) - sqrt(ref_exact(b))) ^ 2) / 2) AS r
      FROM (VALUES ('{5e-324,1}'::float8[], '{0,1}'::float8[]),
                   ('{1e-320,1}', '{0,1}'),
                   ('{2.2e-308,1}', '{2.2250738585072014e-308,1}'),
                   ('{1,0,1e-300}', '{1,1e-310,0}')) v(p, q),
           unnest(p, q) AS u(a, b)
      GROUP BY p, q) s;

INSERT INTO checks
SELECT fn, ref_ok(x, r, r), x, r, format('id=%s n=%s kind=%s', id, n, kind), r
FROM dpair JOIN dref USING (id) JOIN ddrift USING (id),
LATERAL (VALUES
    ('psi', psi(p, q), psi),
    ('psi base 2', psi(p, q, 2), psi / ref_ln2()),
    ('hellinger', hellinger(p, q), hellinger),
    ('tvd', tvd(p, q), tvd),
    ('js_distance', js_distance(p, q), sqrt(greatest(js, 0))),
    ('js_distance base 2', js_distance(p, q, 2), sqrt(greatest(js, 0) / ref_ln2()))
) AS v(fn, x, r);

INSERT INTO checks
SELECT fn, ref_ok(x, r, r), x, r, format('id=%s label=%s', e.id, label), r
FROM dlabel d JOIN delem e ON e.id = d.id AND e.i = d.label,
LATERAL (VALUES
    ('cross_entropy(label,q)', cross_entropy(label, lq_arr), -lq),
    ('cross_entropy(label,q) lower bound 0', cross_entropy(label - 1, lq_arr0), -lq),
    ('cross_entropy(label,q) base 2', cross_entropy(label, lq_arr, 2), -lq / ref_ln2())
) AS v(fn, x, r);

-- renormalize => true on counts and scaled histograms: the reference divides
-- by the exact sum, p_i = c_i / S, to 80 decimals (the dividend given a scale
-- of 100 first: numeric division keeps no more digits than its operands).
CREATE TEMP TABLE counts AS
SELECT k, c, d, sc, sd, ref_nln(sc) AS lsc, ref_nln(sd) AS lsd
FROM (SELECT k, c, d, (SELECT sum(ref_exact(x)) FROM unnest(c) x) AS sc,
             (SELECT sum(ref_exact(x)) FROM unnest(d) x) AS sd
      FROM (SELECT k, ARRAY(SELECT floor(random() * 1000) * scale FROM generate_series(1, n)) AS c,
             ARRAY(SELECT (1 + floor(random() * 1000)) * scale FROM generate_series(1, n)) AS d
      FROM (SELECT k, 1 + 7 * k * k AS n, (ARRAY[1, 0.37, 1e-200, 3e200])[1 + k % 4] AS scale
            FROM generate_series(1, 8) k) s) t) u;

-- Drift on counts, renormalised, and on nearly proportional histograms
-- (d = 3 c + 0, 1 or 2, c about 1e9), where p' - q' is all in the quotients'
-- last bits.  (Counts sum exactly in double; the measures are exact to the
-- vectors divided by their sums as doubles, see the README's Precision.)
INSERT INTO counts
SELECT k, c, d, sc, sd, ref_nln(sc), ref_nln(sd)
FROM (SELECT k, c, d, (SELECT sum(ref_exact(x)) FROM unnest(c) x) AS sc,
             (SELECT sum(ref_exact(x)) FROM unnest(d) x) AS sd
      FROM (SELECT k, c, ARRAY(SELECT 3 * x + floor(random() * 3)
                               FROM unnest(c) WITH ORDINALITY u(x, i) ORDER BY i) AS d
            FROM (SELECT k, ARRAY(SELECT 1e9 + floor(random() * 1e6)
                                  FROM generate_series(1, 10 * k)) AS c
                  FROM generate_series(9, 11) k) s) t) u;

INSERT INTO checks
SELECT fn, ref_ok(x, r, s), x, r, format('k=%s', k), s
FROM (SELECT k, c, d,
             -sum(CASE WHEN a > 0 THEN pa * ln_pa ELSE 0 END) AS h,
             -sum(CASE WHEN a > 0 THEN pa * ln_pb ELSE 0 END) AS ce,
             sum(CASE WHEN a > 0 THEN pa * (ln_pa - ln_pb) ELSE 0 END) AS kl,
             sum(CASE WHEN a > 0 THEN abs(pa * (ln_pa - ln_pb)) ELSE 0 END) AS kl_terms,
             sum(CASE WHEN a > 0 THEN pa * (ln_pa - ln_m) ELSE 0 END + pb * (ln_pb - ln_m)) / 2 AS js,
             sum(CASE WHEN a > 0 THEN abs(pa * (ln_pa - ln_m)) ELSE 0 END
                 + abs(pb * (ln_pb - ln_m))) / 2 AS js_terms,
             CASE WHEN bool_or((a > 0) <> (b > 0)) THEN 'Infinity'
                  ELSE sum(CASE WHEN a > 0 THEN (pa - pb) * (ln_pa - ln_pb) ELSE 0 END) END AS psi,
             sqrt(sum(CASE WHEN a + b > 0
                           THEN ((pa - pb) / (sqrt(pa::float8)::numeric + sqrt(pb::float8)::numeric)) ^ 2
                           ELSE 0 END) / 2) AS hellinger,
             sum(abs(pa - pb)) / 2 AS tvd
      FROM (SELECT k, c, d, a, b, pa, pb,
                   CASE WHEN a > 0 THEN ref_ln(a) - lsc END AS ln_pa,
                   CASE WHEN b > 0 THEN ref_ln(b) - lsd END AS ln_pb,
                   ref_nln(pa + pb) - ref_ln2() AS ln_m
            FROM (SELECT k, c, d, lsc, lsd, a, b,
                         round((ref_exact(a) + 0::numeric(101, 100)) / sc, 80) AS pa,
                         round((ref_exact(b) + 0::numeric(101, 100)) / sd, 80) AS pb
                  FROM counts, unnest(c, d) AS u(a, b)) e) f
      GROUP BY k, c, d) r,
LATERAL (VALUES
    ('entropy renormalize', entropy(c, renormalize => true), h, h),
    ('cross_entropy(p,q) renormalize', cross_entropy(c, d, renormalize => true), ce, ce),
    ('kl_div renormalize', kl_div(c, d, renormalize => true), kl, kl_terms),
    ('js_div renormalize', js_div(c, d, renormalize => true), js, js_terms),
    -- the measures of a difference, held to their own value
    ('psi renormalize', psi(c, d, renormalize => true), psi, psi),
    ('hellinger renormalize', hellinger(c, d, renormalize => true), hellinger, hellinger),
    ('tvd renormalize', tvd(c, d, renormalize => true), tvd, tvd),
    ('js_distance renormalize', js_distance(c, d, renormalize => true),
     sqrt(greatest(js, 0)), sqrt(greatest(js, 0)))
) AS v(fn, x, r, s);

---------------------------------------------------------------------------
-- Labels and probabilities, one row each, for bce and avg_bce: labels 0, 1
-- and soft; probs uniform, down to 1e-300, near 1 (1 - 10^-16r), small,
-- and one ulp below 1; logits up to +-1000, some beyond +-700 where
-- e^-|z| is subnormal or underflows, some tiny.  Every label kind meets
-- every prob kind and every logit kind (i % 4, i / 4 % 6, i / 24 % 7).
CREATE TEMP TABLE brow AS
SELECT i, i % 5 AS g, y, prob, z
FROM (SELECT i,
             CASE i % 4 WHEN 0 THEN 0 WHEN 1 THEN 1 WHEN 2 THEN random() ELSE 0.25 END AS y,
             CASE i / 4 % 6 WHEN 0 THEN random()
                        WHEN 1 THEN 10 ^ (-300 * random())
                        WHEN 2 THEN 1 - 10 ^ (-16 * random())
                        WHEN 3 THEN 1e-6 * random()
                        WHEN 4 THEN 1 - 2 ^ -53
                        ELSE 0.5 END AS prob,
             CASE i / 24 % 7 WHEN 0 THEN 2000 * random() - 1000
                        WHEN 1 THEN 20 * random() - 10
                        WHEN 2 THEN (CASE WHEN random() < 0.5 THEN -1 ELSE 1 END) * (700 + 50 * random())
                        WHEN 3 THEN 1000
                        WHEN 4 THEN -1000
                        WHEN 5 THEN 1e-300 * random()
                        ELSE 0 END AS z
      FROM generate_series(1, 3000) i) s;
-- Certain predictions, right (0) and wrong (Infinity), in a group of their own.
INSERT INTO brow VALUES (3001, 5, 0, 0, -1000), (3002, 5, 1, 1, 1000),
                        (3003, 5, 0, 1, 0), (3004, 5, 1, 0, 0), (3005, 5, 0.5, 0, 0);

CREATE TEMP TABLE bref AS
SELECT i, g, y, prob, z,
       -- -(y ln p + (1-y) ln(1-p)), with 0 * ln 0 = 0
       CASE WHEN (y > 0 AND prob = 0) OR (y < 1 AND prob = 1) THEN 'Infinity'
            ELSE -(CASE WHEN y > 0 THEN xy * ref_ln(prob) ELSE 0 END
                   + CASE WHEN y < 1 THEN (1 - xy) * ref_log1p(-ref_exact(prob)) ELSE 0 END) END AS bce,
       -- max(z,0) - z y + log1p(exp(-|z|))
       greatest(xz, 0) - xz * xy + ref_log1p(ref_exp(-abs(xz))) AS bce_logits
FROM (SELECT *, ref_exact(y) AS xy, ref_exact(z) AS xz FROM brow) s;

INSERT INTO checks
SELECT fn, ref_ok(x, r, r), x, r, format('i=%s y=%s prob=%s z=%s', i, y, prob, z), r
FROM bref,
LATERAL (VALUES ('bce', bce(y, prob), bce), ('bce_logits', bce_logits(y, z), bce_logits)) AS v(fn, x, r);

-- Clipped: prob into [eps, 1 - eps], 1 - eps the double xent and
-- scikit-learn both use.
CREATE TEMP TABLE bclip AS
SELECT i, g, y, prob, eps,
       CASE WHEN y > 0 THEN -xy * ref_ln(c) ELSE 0 END
       + CASE WHEN y < 1 THEN -(1 - xy) * ref_log1p(-ref_exact(c)) ELSE 0 END AS bce
FROM (SELECT i, g, y, prob, eps, ref_exact(y) AS xy,
             least(greatest(prob, eps), 1 - eps) AS c
      FROM brow, unnest(ARRAY[1e-15, 1e-7, 0.1]) eps) s;

INSERT INTO checks
SELECT fn, ref_ok(x, r, r), x, r, format('g=%s', g), r
FROM (SELECT g, avg_bce(y, prob) AS a, avg(bce) AS ra,
             avg_bce_logits(y, z) AS al, avg(bce_logits) AS ral
      FROM bref GROUP BY g) s,
LATERAL (VALUES ('avg_bce(label,prob)', a, ra), ('avg_bce_logits', al, ral)) AS v(fn, x, r);

-- eps is one constant per aggregate call: one call for each.
INSERT INTO checks
SELECT 'avg_bce(label,prob,eps)', ref_ok(x, r, r), x, r, format('g=%s eps=%s', g, eps), r
FROM (SELECT g, avg_bce(y, prob, 1e-15) FILTER (WHERE eps = 1e-15) AS x_1e15,
             avg(bce) FILTER (WHERE eps = 1e-15) AS r_1e15,
             avg_bce(y, prob, 1e-7) FILTER (WHERE eps = 1e-7) AS x_1e7,
             avg(bce) FILTER (WHERE eps = 1e-7) AS r_1e7,
             avg_bce(y, prob, 0.1) FILTER (WHERE eps = 0.1) AS x_01,
             avg(bce) FILTER (WHERE eps = 0.1) AS r_01
      FROM bclip GROUP BY g) s,
LATERAL (VALUES (1e-15, x_1e15, r_1e15), (1e-7, x_1e7, r_1e7), (0.1, x_01, r_01)) AS v(eps, x, r);

-- Mean losses over the distribution pairs, grouped by kind.
INSERT INTO checks
SELECT fn, ref_ok(x, r, s), x, r, format('kind=%s', kind), s
FROM (SELECT kind,
             avg_cross_entropy(dp.p, dp.q) AS ace, avg(ce) AS rce,
             avg_kl_div(dp.p, dp.q) AS akl, avg(kl) AS rkl, avg(kl_terms) AS rkl_terms,
             avg_cross_entropy(dl.label, dl.lq_arr) AS acl, avg(-e.lq) AS rcl
      FROM dpair dp JOIN dref USING (id) JOIN dlabel dl USING (id)
                    JOIN delem e ON e.id = dp.id AND e.i = dl.label
      GROUP BY kind) s,
LATERAL (VALUES ('avg_cross_entropy(p,q)', ace, rce, rce),
                ('avg_kl_div', akl, rkl, rkl_terms),
                ('avg_cross_entropy(label,q)', acl, rcl, rcl)) AS v(fn, x, r, s);

-- Weighted summaries: mean(loss_agg(loss, w)) against sum(w loss) / sum(w)
-- and total() against sum(w loss), both in numeric with every double taken
-- exactly.  Weights uniform, down to 1e-300, up to 1e300, zero, and
-- integers; losses every bce of the rows above (0 to 700, and Infinity).
-- Each exact sum is rounded once, so the mean is within 1.5 ulps of the
-- quotient (1e-15 relative is checked) and the total within half an ulp
-- (2^-53); a product within 2^53 of the least subnormal loses its rounding
-- error below 2^-1074, which the absolute floor covers.
CREATE TEMP TABLE wrow AS
SELECT i, i % 37 AS g, bce(y, prob) AS loss,
       CASE i % 5 WHEN 0 THEN random()
                  WHEN 1 THEN 10 ^ (-300 * random())
                  WHEN 2 THEN 1e300 * random()
                  WHEN 3 THEN 0
                  ELSE i END AS w
FROM brow;
CREATE TEMP TABLE wref AS
SELECT g, sum(ref_exact(w) * ref_exact(loss)) FILTER (WHERE w > 0 AND loss < 'Infinity') AS wl,
       sum(ref_exact(w)) AS ws, bool_or(w > 0 AND loss = 'Infinity') AS infinite
FROM wrow GROUP BY g;
INSERT INTO checks
SELECT 'mean(loss_agg(loss,weight))',
       CASE WHEN infinite THEN m = 'Infinity'
            ELSE abs(ref_exact(m) * ws - wl) <= 1e-15 * abs(wl) + 2e-323 * ws END,
       m, CASE WHEN infinite THEN 'Infinity' ELSE wl / ws END, format('g=%s', g), wl / ws
FROM (SELECT g, mean(loss_agg(loss, w)) AS m FROM wrow GROUP BY g) x JOIN wref USING (g);
INSERT INTO checks
SELECT 'total(loss_agg(loss,weight))', ref_ok(t, CASE WHEN infinite THEN 'Infinity' ELSE wl END, wl, 1 / 2::numeric ^ 53),
       t, wl, format('g=%s', g), wl
FROM (SELECT g, total(loss_agg(loss, w)) AS t FROM wrow GROUP BY g) x JOIN wref USING (g);

---------------------------------------------------------------------------
-- Logit vectors: uniform in +-1000, small, masked (-Infinity, with p = 0
-- there), one dominant logit 2000 above the rest, logits 1e-9 apart near
-- 1000, and logits 700..750 below the largest (subnormal softmax).  p is a
-- random distribution over the unmasked classes, label an unmasked class.
CREATE TEMP TABLE lvec AS
SELECT id, kind, n, z, label,
       (SELECT array_agg(CASE WHEN zi = '-Infinity' THEN 0 ELSE w / total END ORDER BY i)
        FROM (SELECT i, zi, w, sum(w) FILTER (WHERE zi > '-Infinity') OVER () AS total
              FROM unnest(z, ws) WITH ORDINALITY u(zi, w, i)) t) AS p
FROM (SELECT row_number() OVER () AS id, kind, n, z,
             ARRAY(SELECT random() FROM generate_series(1, n)) AS ws,
             CASE WHEN kind = 'masked' THEN 3 * floor(random() * n / 3)::int + 1
                  ELSE 1 + floor(random() * n)::int END AS label
      FROM (SELECT kind, n, ARRAY(
                SELECT CASE kind
                         WHEN 'uniform' THEN 2000 * random() - 1000
                         WHEN 'small' THEN 6 * random() - 3
                         WHEN 'masked' THEN CASE WHEN i % 3 = 0 THEN '-Infinity' ELSE 4 * random() END
                         WHEN 'dominant' THEN CASE WHEN i = 1 THEN 1000 ELSE -1000 + random() END
                         WHEN 'close' THEN 1000 - 1e-9 * random()
                         ELSE CASE WHEN i = 1 THEN 0 ELSE -700 - 50 * random() END
                       END
                FROM generate_series(1, n) i) AS z
            FROM (VALUES ('uniform', ARRAY[1, 2, 5, 100, 1000]),
                         ('small', ARRAY[2, 10, 1000]),
                         ('masked', ARRAY[3, 10, 100]),
                         ('dominant', ARRAY[2, 10, 100]),
                         ('close', ARRAY[2, 10, 1000]),
                         ('subnormal', ARRAY[2, 10, 100])) k(kind, ns),
                 unnest(ns) n) g) s;
-- A masked class with p > 0, and a masked label: Infinity.
INSERT INTO lvec VALUES (100, 'masked_p', 3, '{1,2,-Infinity}', 3, '{0.5,0.25,0.25}');

CREATE TEMP TABLE lelem AS
SELECT id, i, zi, xz, ref_exp(xz - max(xz) OVER (PARTITION BY id)) AS t
FROM (SELECT id, i, zi, ref_exact(zi) AS xz
      FROM lvec, unnest(z) WITH ORDINALITY u(zi, i)) e;

-- logsumexp(z) = M + L, L = log1p(S1), S1 the sum of e^(z_i - M) over all
-- but one argmax.
CREATE TEMP TABLE lref AS
SELECT id, m, s1, ref_log1p(s1) AS l
FROM (SELECT id, m, coalesce(sum(t) FILTER (WHERE i <> am), 0) AS s1
      FROM (SELECT id, i, t, max(xz) OVER (PARTITION BY id) AS m,
                   first_value(i) OVER (PARTITION BY id ORDER BY xz DESC, i) AS am
            FROM lelem) s
      GROUP BY id, m) t;

INSERT INTO checks
SELECT fn, ref_ok(x, r, r), x, r, format('id=%s kind=%s i=%s', v.id, kind, e.i), r
FROM lvec v JOIN lref USING (id),
LATERAL unnest(softmax(z), log_softmax(z)) WITH ORDINALITY o(s, ls, i),
LATERAL (SELECT * FROM lelem e WHERE e.id = v.id AND e.i = o.i) e,
LATERAL (VALUES ('softmax', s, t / (1 + s1)),
                ('log_softmax', ls, (xz - m) - l)) AS c(fn, x, r);

INSERT INTO checks
SELECT fn, ref_ok(x, r, r), x, r, format('id=%s kind=%s', id, kind), r
FROM (SELECT v.id, kind, z, p, label,
             CASE WHEN bool_or(pi > 0 AND e.zi = '-Infinity') THEN 'Infinity'
                  ELSE sum(CASE WHEN pi > 0 THEN ref_exact(pi) * ((m - xz) + l) ELSE 0 END) END AS cep,
             max(CASE WHEN o.i = label THEN (m - xz) + l END) AS cel
      FROM lvec v JOIN lref USING (id)
                  CROSS JOIN LATERAL unnest(p) WITH ORDINALITY o(pi, i)
                  JOIN lelem e ON e.id = v.id AND e.i = o.i
      GROUP BY v.id, kind, z, p, label) s,
LATERAL (VALUES ('cross_entropy_logits(p,logits)', cross_entropy_logits(p, z), cep),
                ('cross_entropy_logits(label,logits)', cross_entropy_logits(label, z), cel)) AS c(fn, x, r);

---------------------------------------------------------------------------
-- Every function and aggregate, with how many cases it met: all within
-- their bound.
SELECT fn, count(*) AS cases, bool_and(ok) AS ok FROM checks GROUP BY fn ORDER BY fn;

-- Any case outside its bound, with xent's value and the reference (none).
SELECT fn, detail, x,
       CASE WHEN abs(r) > 1e-300 THEN r::float8::text ELSE left(r::text, 40) || '...' END AS reference
FROM checks WHERE ok IS NOT TRUE ORDER BY fn, detail LIMIT 20;

-- Why ref_exact: with float8::numeric's 15 significant digits, p and q
-- that differ in their last bits become equal, and the reference KL of the
-- 'ulp' pairs misses by far more than 1e-12 of its terms.
SELECT bool_and(abs(rounded - kl) <= 1e-12 * kl_terms) AS rounded_cast_within_bound,
       bool_and(ref_ok(kl_div(p, q), kl, kl_terms)) AS exact_within_bound
FROM dpair JOIN dref USING (id),
LATERAL (SELECT sum(a::numeric * (ln(a::numeric(80, 60)) - ln(b::numeric(80, 60)))) AS rounded
         FROM unnest(p, q) u(a, b)) k
WHERE kind = 'ulp';

RESET extra_float_digits;
DROP FUNCTION ref_ok(float8, numeric, numeric, numeric), ref_exp(numeric),
    ref_log1p(numeric), ref_nln(numeric), ref_ln(float8), ref_ln2(),
    ref_exact(float8), ref_pow2(int), ref_bits(float8), ref_draws(int, text),
    ref_near_one(int, float8);
