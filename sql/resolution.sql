-- Calls that resolve today and must keep resolving to the same functions:
-- the contract's Versions section lets no new overload make one of them
-- ambiguous or send it elsewhere.  Every xent function called as users call
-- it (untyped literals, ARRAY[] of numeric and int, boolean, int, bigint and
-- smallint labels, real[]), states written with their cast as the README
-- writes them, and PostgreSQL's own functions whose names a later xent
-- might be tempted to take, called with xent installed.  Each call is shown
-- with every function it resolves to (casts included), read from the
-- dependencies of a view over it, and with its value.
-- Only a call whose state argument is an untyped literal, such as
-- num_rows('(v1,1,0,0,0,0,0,0,0x2p-2)'), may become ambiguous once a second
-- state type shares the accessor's name: it is not listed.

-- The functions a query resolves to (aggregates, functions and casts, each
-- once, in the order the parser's tree names them), read from the rewrite
-- rule of a view over it; and its value.
CREATE FUNCTION resolved(query text, OUT functions text, OUT value text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'CREATE TEMP VIEW resolved_query AS ' || query;
    SELECT string_agg(f, ', ' ORDER BY first)
    INTO functions
    FROM (SELECT m[1]::oid::regprocedure::text AS f, min(n) AS first
          FROM pg_rewrite r,
               regexp_matches(r.ev_action::text, ':(?:funcid|aggfnoid) (\d+)', 'g')
                   WITH ORDINALITY AS x(m, n)
          WHERE r.ev_class = 'resolved_query'::regclass
          GROUP BY 1) named;
    EXECUTE 'SELECT v::text FROM resolved_query q(v)' INTO value;
    DROP VIEW resolved_query;
EXCEPTION WHEN OTHERS THEN
    functions := SQLSTATE || ': ' || SQLERRM;
    value := NULL;
END
$$;

CREATE TEMP TABLE calls (ord serial, query text);
INSERT INTO calls (query) VALUES
-- Distributions: untyped literals, ARRAY[] of numeric and int, real[].
($$SELECT entropy('{0.5,0.5}')$$),
($$SELECT entropy('{0.5,0.5}', 2)$$),
($$SELECT entropy('{1,3}', renormalize => true)$$),
($$SELECT entropy('{0.25,0.75}', base => 2, renormalize => false)$$),
($$SELECT entropy(ARRAY[0.5, 0.5])$$),
($$SELECT entropy(ARRAY[1, 3], renormalize => true)$$),
($$SELECT entropy('{0.5,0.5}'::real[])$$),
($$SELECT entropy('[0:1]={0.5,0.5}')$$),
($$SELECT cross_entropy('{0.5,0.5}'::float8[], '{0.25,0.75}')$$),
($$SELECT cross_entropy(ARRAY[0.5, 0.5], ARRAY[0.25, 0.75])$$),
($$SELECT cross_entropy(ARRAY[1, 1], ARRAY[1, 3], 2, true)$$),
($$SELECT cross_entropy(p => '{0.5,0.5}', q => '{0.25,0.75}')$$),
($$SELECT kl_div('{0.5,0.5}', '{0.25,0.75}')$$),
($$SELECT kl_div(ARRAY[0.5, 0.5], ARRAY[0.25, 0.75], base => 2)$$),
($$SELECT kl_div('{1,1}'::real[], '{1,3}'::real[], renormalize => true)$$),
($$SELECT js_div('{0.5,0.5}', '{0.25,0.75}')$$),
($$SELECT js_div(ARRAY[1, 0], ARRAY[0, 1], 2)$$),
-- Class labels: int, bigint, smallint, numeric-free literals.
($$SELECT cross_entropy(2, '{0.5,0.25,0.25}')$$),
($$SELECT cross_entropy(2, '{0.5,0.25,0.25}', 2)$$),
($$SELECT cross_entropy(2::bigint, ARRAY[0.5, 0.25, 0.25])$$),
($$SELECT cross_entropy(2::smallint, '{0.5,0.25,0.25}')$$),
($$SELECT cross_entropy(label => 1, q => '{0.5,0.5}')$$),
-- Binary losses: int, numeric, boolean labels.
($$SELECT bce(1, 0.9)$$),
($$SELECT bce(0.3, 0.9)$$),
($$SELECT bce(true, 0.9)$$),
($$SELECT bce(NULL, 0.5)$$),
($$SELECT bce(1 = 1, 0.9::real)$$),
($$SELECT bce_logits(1, 2.5)$$),
($$SELECT bce_logits(false, -1)$$),
($$SELECT bce_logits(0.25, 0)$$),
-- Logits.
($$SELECT softmax('{1,2,3}')$$),
($$SELECT softmax(ARRAY[1, 2, 3])$$),
($$SELECT log_softmax('{0,0}')$$),
($$SELECT log_softmax(ARRAY[1.5, '-Infinity'])$$),
($$SELECT cross_entropy_logits('{0.5,0.5}'::float8[], '{1,2}')$$),
($$SELECT cross_entropy_logits(ARRAY[0.5, 0.5], ARRAY[1, 2])$$),
($$SELECT cross_entropy_logits(1, '{1,2}')$$),
($$SELECT cross_entropy_logits(1::bigint, ARRAY[1.5, 2])$$),
-- Aggregates over columns of the types users have.
($$SELECT avg_bce(l, p) FROM (VALUES (1, 0.9), (0, 0.2)) t(l, p)$$),
($$SELECT avg_bce(l, p) FROM (VALUES (true, 0.9), (false, 0.2)) t(l, p)$$),
($$SELECT avg_bce(l, p, 1e-15) FROM (VALUES (1, 0.9), (0, 0.2)) t(l, p)$$),
($$SELECT avg_bce(l, p, 2.220446049250313e-16) FROM (VALUES (true, 1), (false, 0)) t(l, p)$$),
($$SELECT avg_bce_logits(l, z) FROM (VALUES (1, 2.5), (0, -1)) t(l, z)$$),
($$SELECT avg_bce_logits(l, z) FROM (VALUES (true, 2.5), (false, -1)) t(l, z)$$),
($$SELECT avg_cross_entropy(p, q) FROM (VALUES (ARRAY[0.5, 0.5], ARRAY[0.25, 0.75])) t(p, q)$$),
($$SELECT avg_cross_entropy(l, q) FROM (VALUES (1, '{0.5,0.5}'::float8[]), (2, '{0.25,0.75}')) t(l, q)$$),
($$SELECT avg_cross_entropy(l, q) FROM (VALUES (1::bigint, ARRAY[0.5, 0.5])) t(l, q)$$),
($$SELECT avg_kl_div(p, q) FROM (VALUES (ARRAY[0.5, 0.5], ARRAY[0.25, 0.75])) t(p, q)$$),
($$SELECT avg_kl_div(p, q) FROM (VALUES ('{0.5,0.5}'::real[], '{0.25,0.75}'::real[])) t(p, q)$$),
-- Summaries; a state is written with its cast.
($$SELECT loss_agg(x) FROM (VALUES (1), (2)) t(x)$$),
($$SELECT loss_agg(x, w) FROM (VALUES (1.0, 2.0), (4.0, 1.0), (7.0, 0.0)) AS t(x, w)$$),
($$SELECT loss_agg(bce(l, p)) FROM (VALUES (true, 0.9), (false, 0.2)) t(l, p)$$),
($$SELECT loss_agg(bce(l, p), w) FROM (VALUES (1, 0.9, 3), (0, 0.2, 1)) t(l, p, w)$$),
($$SELECT mean(loss_agg(bce(l, p))) FROM (VALUES (1, 0.9), (0, 0.2)) t(l, p)$$),
($$SELECT rollup(s) FROM (VALUES ('(v1,2,0,0,0,0,0,0,0x3p0)'::loss_state), ('(v1,1,0,0,0,0,0,0,0x2p-2)')) t(s)$$),
($$SELECT mean('(v1,2,0,0,0,0,0,0,0x3p0)'::loss_state)$$),
($$SELECT mean('(v1,2,0,0,0,0,0,0,0x3p0)'::loss_state, 2)$$),
($$SELECT mean('(v1,2,0,0,0,0,0,0,0x3p0)'::loss_state, base => 2)$$),
($$SELECT total('(v1,2,0,0,0,0,0,0,0x3p0)'::loss_state)$$),
($$SELECT num_rows('(v1,2,0,0,0,0,0,0,0x3p0)'::loss_state)$$),
($$SELECT total_weight('(v1,3,3,0,0,0,0,0xcp-2,0x18p-2)'::loss_state)$$),
($$SELECT avg_bce_accum(avg_bce_accum('(v1,0,0,0,0,0,0,0,0)'::loss_state, 1, 0.25), 0, 0.5)$$),
($$SELECT avg_bce_accum('(v1,0,0,0,0,0,0,0,0)'::loss_state, true, 0.25)$$),
($$SELECT avg_bce_accum('(v1,0,0,0,0,0,0,0,0)'::loss_state, 1, 0.25, 1e-15)$$),
($$SELECT avg_bce_retract('(v1,1,0,0,0,0,0,0,0x2p-2)'::loss_state, 1, 0.6065306597126334)$$),
($$SELECT avg_bce_logits_accum('(v1,0,0,0,0,0,0,0,0)'::loss_state, 1, 0)$$),
($$SELECT avg_cross_entropy_accum('(v1,0,0,0,0,0,0,0,0)'::loss_state, '{0.5,0.5}'::float8[], '{0.5,0.5}')$$),
($$SELECT avg_cross_entropy_accum('(v1,0,0,0,0,0,0,0,0)'::loss_state, 1, '{0.5,0.5}')$$),
($$SELECT avg_kl_div_accum('(v1,0,0,0,0,0,0,0,0)'::loss_state, '{0.5,0.5}', '{0.5,0.5}')$$),
($$SELECT loss_agg_accum('(v1,0,0,0,0,0,0,0,0)'::loss_state, 0.5)$$),
($$SELECT loss_agg_accum('(v1,0,0,0,0,0,0,0,0)'::loss_state, 0.5, 2)$$),
($$SELECT loss_agg_retract('(v1,1,0,0,0,0,0,0,0x2p-2)'::loss_state, 0.5)$$),
($$SELECT loss_state_combine('(v1,2,0,0,0,0,0,0,0x3p0)'::loss_state, '(v1,1,0,0,0,0,0,0,0x2p-2)'::loss_state)$$),
($$SELECT loss_state_retract('(v1,3,0,0,0,0,0,0,0xep-2)'::loss_state, '(v1,1,0,0,0,0,0,0,0x2p-2)'::loss_state)$$),
($$SELECT loss_state_mean('(v1,2,0,0,0,0,0,0,0x3p0)'::loss_state)$$),
($$SELECT loss_state_final('(v1,2,0,0,0,0,0,0,0x3p0)'::loss_state)$$),
-- Drift (xent 1.1).
($$SELECT psi('{0.5,0.5}', '{0.25,0.75}')$$),
($$SELECT psi(ARRAY[40, 60], ARRAY[25, 75], base => 2, renormalize => true)$$),
($$SELECT hellinger('{0.5,0.5}', '{0.25,0.75}')$$),
($$SELECT hellinger(ARRAY[1, 1], ARRAY[1, 3], true)$$),
($$SELECT js_distance('{0.5,0.5}', '{0.25,0.75}')$$),
($$SELECT js_distance(ARRAY[0.5, 0.5], ARRAY[0.25, 0.75], 2)$$),
($$SELECT tvd('{0.5,0.5}', '{0.25,0.75}')$$),
($$SELECT tvd('{2,2}'::real[], '{1,3}'::real[], renormalize => true)$$),
($$SELECT bin_counts(x, '{0.1,0.5}') FROM (VALUES (0.05), (0.3), (0.7)) t(x)$$),
($$SELECT bin_counts(x, ARRAY[1, 5]) FROM (VALUES (0), (3), (7)) t(x)$$),
($$SELECT bin_counts(x::real, ARRAY[0.1, 0.5]) FROM (VALUES (0.05), (0.3), (0.7)) t(x)$$),
($$SELECT bin_counts_final(bin_counts_combine(bin_counts_accum('{}', 0.3, '{0.5}'), '{4602678819172646912,1,0}'))$$),
-- PostgreSQL's own functions, called with xent installed.
($$SELECT avg(x) FROM (VALUES (1.5), (2.5)) t(x)$$),
($$SELECT avg(x) FROM (VALUES (1.5::float8), (2.5)) t(x)$$),
($$SELECT sum(x) FROM (VALUES (1.5::float8), (2.5)) t(x)$$),
($$SELECT count(*) FROM (VALUES (1), (2)) t(x)$$),
($$SELECT variance(x) FROM (VALUES (1.5::float8), (2.5)) t(x)$$),
($$SELECT var_pop(x) FROM (VALUES (1.5), (2.5)) t(x)$$),
($$SELECT stddev(x) FROM (VALUES (1.5::float8), (2.5)) t(x)$$),
($$SELECT stddev_pop(x) FROM (VALUES (1), (2)) t(x)$$),
($$SELECT corr(x, y) FROM (VALUES (1, 2), (2, 3.5), (3, 3)) t(x, y)$$),
($$SELECT mode() WITHIN GROUP (ORDER BY x) FROM (VALUES (1), (2), (2)) t(x)$$),
($$SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM (VALUES (1.0::float8), (2)) t(x)$$),
($$SELECT percentile_cont(ARRAY[0.1, 0.5, 0.9]) WITHIN GROUP (ORDER BY x) FROM generate_series(1, 10) x$$),
($$SELECT width_bucket(0.3, ARRAY[0.1, 0.5])$$),
($$SELECT width_bucket(0.3::float8, '{0.1,0.5}'::float8[])$$),
($$SELECT width_bucket(5.35, 0.024, 10.06, 5)$$),
($$SELECT ln(2)$$),
($$SELECT ln(2.0::float8)$$),
($$SELECT log(2, 8)$$),
($$SELECT log(100)$$),
($$SELECT exp(1)$$),
($$SELECT sqrt(2::float8)$$),
($$SELECT power(2, 0.5)$$),
($$SELECT min(x) FROM (VALUES (1), (2)) t(x)$$),
($$SELECT max(x::float8) FROM (VALUES (1), (2)) t(x)$$),
($$SELECT array_agg(x ORDER BY x) FROM (VALUES (2), (1)) t(x)$$),
($$SELECT string_agg(n::text, ',') FROM (SELECT count(*) FROM (VALUES (1, 2), (1, 3)) t(a, b) GROUP BY ROLLUP (a, b)) r(n)$$);

SELECT ord, query, functions, value
FROM calls, LATERAL resolved(query)
ORDER BY ord;

-- Ambiguous today, between an array and a label overload or the float8 and
-- boolean ones: a user writes a cast (or a typed NULL) here, as the README
-- does.  A later release may make these resolve, never the calls above fail.
SELECT query, functions AS error
FROM unnest(ARRAY[
    $$SELECT cross_entropy('{0.5,0.5}', '{0.25,0.75}')$$,
    $$SELECT cross_entropy_logits('{0.5,0.5}', '{1,2}')$$,
    $$SELECT cross_entropy('{0.5,0.5}', '{0.25,0.75}', NULL)$$,
    $$SELECT bce_logits(NULL, NULL)$$,
    $$SELECT bce(NULL, NULL)$$]) AS q(query),
     LATERAL resolved(query);

-- xent 1.2, information in columns: each value kind resolves to one
-- overload, int and smallint to bigint, varchar and untyped literals to
-- text; joint_freq_agg's nine overloads likewise, pair by pair.
SELECT query, functions, value
FROM unnest(ARRAY[
    $$SELECT freq_agg(x) FROM (VALUES (1), (2)) t(x)$$,
    $$SELECT freq_agg(x::smallint) FROM (VALUES (1), (2)) t(x)$$,
    $$SELECT freq_agg(x::varchar) FROM (VALUES ('a'), ('b')) t(x)$$,
    $$SELECT freq_agg('a')$$,
    $$SELECT freq_agg(true)$$,
    $$SELECT joint_freq_agg('a', 'b')$$,
    $$SELECT joint_freq_agg('a', 1)$$,
    $$SELECT joint_freq_agg(1, 'a')$$,
    $$SELECT joint_freq_agg(1, 2)$$,
    $$SELECT joint_freq_agg(true, 'a')$$,
    $$SELECT joint_freq_agg('a', false)$$,
    $$SELECT joint_freq_agg(2::smallint, true)$$,
    $$SELECT column_entropy(freq_agg('a'), 2)$$,
    $$SELECT mutual_information(joint_freq_agg(1, 'a'))$$,
    $$SELECT distinct_values('(v1,text,1,"a":1)'::freq_state)$$,
    $$SELECT rollup('(v1,bigint,1,1:1)'::freq_state)$$]) WITH ORDINALITY AS q(query, ord),
     LATERAL resolved(query)
ORDER BY ord;

-- xent 1.2, histograms and token log-likelihood: untyped array literals
-- resolve, as every array function's do.
SELECT query, functions, value
FROM unnest(ARRAY[
    $$SELECT nll('{-0.1,-2.3}')$$,
    $$SELECT perplexity('{-0.1,-2.3}')$$,
    $$SELECT ks('{1,2}', '{2,1}')$$,
    $$SELECT auc('{0,1,3}', '{2,1,0}')$$,
    $$SELECT chi2('{10,20}', '{20,10}')$$,
    $$SELECT wasserstein('{1,2}', '{2,1}', '{0}')$$,
    $$SELECT empty_bins('{0,1}', '{1,1}')$$,
    $$SELECT smooth('{0,1}', 0.5)$$,
    $$SELECT sum_counts('{1,2}')$$,
    $$SELECT nll(ARRAY[-0.5, -1])$$,
    $$SELECT ks(ARRAY[1, 2], ARRAY[2, 1])$$]) WITH ORDINALITY AS q(query, ord),
     LATERAL resolved(query)
ORDER BY ord;

-- xent 1.2, error bars and nll_agg: the variance and the standard error
-- of a loss_state (written with its cast: std_error has other state
-- types' overloads too), and nll_agg over typed and untyped arrays, with
-- and without units, each resolving to one function.
SELECT query, functions, value
FROM unnest(ARRAY[
    $$SELECT loss_variance(loss_agg(x)) FROM (VALUES (1.0), (2.0)) t(x)$$,
    $$SELECT std_error(loss_agg(x, 2)) FROM (VALUES (1.0), (2.0)) t(x)$$,
    $$SELECT loss_variance('(v1,2,0,0,0,0,0,0,0x3p0)'::loss_state)$$,
    $$SELECT std_error('(v2,2,0,0,0,0,0,0,0,0,0x3p0,0,0x5p0)'::loss_state)$$,
    $$SELECT num_rows(nll_agg('{-0.1,-2.3}'))$$,
    $$SELECT mean(nll_agg('{-0.5,-1.5}', 4))$$,
    $$SELECT mean(nll_agg(ARRAY[-0.5, -1.5]))$$,
    $$SELECT mean(nll_agg(ARRAY[-1, -3]), 2)$$,
    $$SELECT total_weight(nll_agg(ARRAY[-1, -3]::real[], 8::int))$$]) WITH ORDINALITY AS q(query, ord),
     LATERAL resolved(query)
ORDER BY ord;

-- xent 1.2, scoring a binary classifier: binary_agg and binary_agg_logits
-- take an int or boolean label and a numeric prediction and weight, each
-- call one overload; the accessors' names are new or take a state.
SELECT query, functions, value
FROM unnest(ARRAY[
    $$SELECT binary_agg(1, 0.9)$$,
    $$SELECT binary_agg(true, 0.9)$$,
    $$SELECT binary_agg(0, 0.2, 2)$$,
    $$SELECT binary_agg(false, 0.2, 2)$$,
    $$SELECT binary_agg(1, 1)$$,
    $$SELECT binary_agg_logits(1, 2)$$,
    $$SELECT binary_agg_logits(true, -0.5)$$,
    $$SELECT binary_agg_logits(0, 2, 0.5)$$,
    $$SELECT binary_agg_logits(false, 2, 0.5)$$,
    $$SELECT log_loss(binary_agg(1, 0.9), 2)$$,
    $$SELECT std_error(binary_agg(1, 0.9))$$,
    $$SELECT num_rows(binary_agg(1, 0.9))$$,
    $$SELECT rollup(s) FROM (SELECT binary_agg(1, 0.9) AS s) t$$]) WITH ORDINALITY AS q(query, ord),
     LATERAL resolved(query)
ORDER BY ord;

DROP FUNCTION resolved(text);
