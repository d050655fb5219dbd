-- Identities on random vectors of length 2 to 10^4, seeded so a failure
-- reproduces.
SELECT setseed(0.42);

CREATE TEMP TABLE pairs AS
SELECT n, trial, random_dist(n) AS p, random_dist(n) AS q
FROM unnest(ARRAY[2, 3, 5, 10, 100, 1000, 10000]) AS n,
     generate_series(1, 4) AS trial;

-- H(p,q) = H(p) + D(p||q); D >= 0; 0 <= JS <= ln 2 and symmetric;
-- H(p) <= ln n; and the same identity holds in bits.
SELECT n,
       bool_and(close_to(cross_entropy(p, q), entropy(p) + kl_div(p, q))) AS ce_is_h_plus_kl,
       bool_and(close_to(cross_entropy(p, q, 2), entropy(p, 2) + kl_div(p, q, 2))) AS in_bits,
       bool_and(kl_div(p, q) >= 0) AS kl_nonnegative,
       bool_and(js_div(p, q) BETWEEN 0 AND ln(2)) AS js_bounded,
       bool_and(js_div(p, q) = js_div(q, p)) AS js_symmetric,
       bool_and(entropy(p) <= ln(n) + 1e-12) AS h_at_most_ln_n,
       bool_and(kl_div(p, p) = 0) AS kl_self_zero,
       bool_and(close_to(entropy(p), numeric_entropy(p))) AS h_matches_numeric
FROM pairs
GROUP BY n
ORDER BY n;

-- JS against its definition through m = (p+q)/2.
SELECT bool_and(close_to(js_div(p, q),
                         0.5 * kl_div(p, m) + 0.5 * kl_div(q, m), 1e-10)) AS js_by_definition
FROM (SELECT p, q, (SELECT array_agg((a + b) / 2 ORDER BY i)
                    FROM unnest(p, q) WITH ORDINALITY AS u(a, b, i)) AS m
      FROM pairs) s;

-- Renormalising counts is dividing first.
SELECT bool_and(close_to(entropy(c, renormalize => true),
                         entropy((SELECT array_agg(x / s ORDER BY i)
                                  FROM unnest(c) WITH ORDINALITY AS u(x, i)))))
       AS renormalize_divides
FROM (SELECT c, (SELECT sum(x) FROM unnest(c) x) AS s
      FROM (SELECT ARRAY(SELECT floor(random() * 100)::float8 + 1
                         FROM generate_series(1, n)) AS c
            FROM generate_series(2, 60) n) counts) sums;
