-- Every row of the contract's error table, with its SQLSTATE, message,
-- detail and hint: each names the function, the argument and, for an
-- element, its subscript.
SELECT query, sqlstate_of(query) AS error
FROM (VALUES
    -- 2202E: more than one dimension
    ($$SELECT entropy('{{0.5,0.5},{0.5,0.5}}')$$),
    ($$SELECT kl_div('{0.5,0.5}', '{{0.5,0.5}}')$$),
    ($$SELECT softmax('{{1,2}}')$$),
    -- 22023: empty array
    ($$SELECT entropy('{}')$$),
    ($$SELECT cross_entropy('{0.5,0.5}'::float8[], '{}')$$),
    ($$SELECT cross_entropy(1, '{}')$$),
    ($$SELECT log_softmax('{}')$$),
    -- 22023: p and q of different lengths
    ($$SELECT cross_entropy('{0.5,0.5}'::float8[], '{0.25,0.25,0.5}')$$),
    ($$SELECT kl_div('{1}', '{0.5,0.5}')$$),
    ($$SELECT js_div('{0.5,0.5}', '{1}')$$),
    ($$SELECT cross_entropy_logits('{0.5,0.5}'::float8[], '{1,2,3}')$$),
    -- 22004: NULL element
    ($$SELECT entropy('{0.5,NULL,0.5}')$$),
    ($$SELECT kl_div('{0.5,0.5}', '[0:1]={0.5,NULL}')$$),
    ($$SELECT softmax('{1,NULL}')$$),
    ($$SELECT cross_entropy(1, '{NULL,1}')$$),
    -- 2201E: negative or infinite probability
    ($$SELECT entropy('{0.5,-0.5,1}')$$),
    ($$SELECT entropy('{Infinity,0}')$$),
    ($$SELECT cross_entropy('{0.5,0.5}'::float8[], '{-Infinity,1}')$$),
    ($$SELECT kl_div('{0.5,0.5}', '[3:4]={1.5,-0.5}')$$),
    ($$SELECT js_div('{-0.1,1.1}', '{0.5,0.5}')$$),
    ($$SELECT entropy('{2,-1}', renormalize => true)$$),
    ($$SELECT cross_entropy(1, '{1,-0}')$$),
    ($$SELECT cross_entropy(2, '{-1,2}')$$),
    -- 22023: sum not 1 within tolerance, with a hint naming renormalize
    ($$SELECT entropy('{0.5,0.6}')$$),
    ($$SELECT cross_entropy('{0.5,0.5}'::float8[], '{1,2}')$$),
    ($$SELECT kl_div('{0,0}', '{0.5,0.5}')$$),
    ($$SELECT js_div('{0.5,0.5}', '{0.3,0.3}')$$),
    ($$SELECT cross_entropy(1, '{0.5,0.4}')$$),
    ($$SELECT cross_entropy_logits('{0.5,0.4}'::float8[], '{1,2}')$$),
    -- 22023: a zero sum cannot be renormalised
    ($$SELECT entropy('{0,0}', renormalize => true)$$),
    ($$SELECT kl_div('{1,1}', '{0,0}', renormalize => true)$$),
    ($$SELECT entropy('{1e308,1e308}', renormalize => true)$$),
    -- 22023: bad base
    ($$SELECT entropy('{1}', base => 1)$$),
    ($$SELECT entropy('{1}', base => 0)$$),
    ($$SELECT kl_div('{1}', '{1}', base => -2)$$),
    ($$SELECT js_div('{1}', '{1}', base => 'Infinity')$$),
    ($$SELECT cross_entropy('{1}'::float8[], '{1}', 'NaN')$$),
    ($$SELECT cross_entropy(1, '{1}', 1)$$),
    -- 22023: label outside [0,1]
    ($$SELECT bce(1.5, 0.5)$$),
    ($$SELECT bce(-1, 0.5)$$),
    ($$SELECT bce_logits(2, 0)$$),
    ($$SELECT avg_bce(y, p) FROM (VALUES (1.0, 0.5), (-0.5, 0.5)) v(y, p)$$),
    ($$SELECT avg_bce_logits(y, z) FROM (VALUES ('Infinity'::float8, 1.0)) v(y, z)$$),
    -- 22023: eps outside [0, 0.5)
    ($$SELECT avg_bce(1, 0.5, 0.5)$$),
    ($$SELECT avg_bce(1, 0.5, -1e-9)$$),
    ($$SELECT avg_bce(1, 0.5, 'NaN')$$),
    -- 22023: all logits -Infinity
    ($$SELECT softmax('{-Infinity,-Infinity}')$$),
    ($$SELECT cross_entropy_logits(1, '{-Infinity}')$$),
    -- 22023: +Infinity or NaN logit
    ($$SELECT log_softmax('{1,Infinity}')$$),
    ($$SELECT softmax('[0:2]={1,2,NaN}')$$),
    ($$SELECT cross_entropy_logits('{0.5,0.5}'::float8[], '{NaN,1}')$$),
    -- 2201E: prob outside [0,1] in bce and avg_bce
    ($$SELECT bce(1, 1.5)$$),
    ($$SELECT bce(0, -1e-300)$$),
    ($$SELECT bce(0, 'Infinity')$$),
    ($$SELECT avg_bce(y, p) FROM (VALUES (1.0, 2.0)) v(y, p)$$),
    ($$SELECT avg_bce(y, p, 0.01) FROM (VALUES (1.0, -0.5)) v(y, p)$$),
    -- 2202E: class label not a subscript of the array
    ($$SELECT cross_entropy(0, '{0.5,0.5}')$$),
    ($$SELECT cross_entropy(3, '{0.5,0.5}')$$),
    ($$SELECT cross_entropy(3, '[0:2]={0.5,0.25,0.25}')$$),
    ($$SELECT cross_entropy(-2147483648, '{1}')$$),
    ($$SELECT cross_entropy_logits(5, '{1,2}')$$),
    ($$SELECT avg_cross_entropy(l, q) FROM (VALUES (2, '{1}'::float8[])) v(l, q)$$),
    -- aggregates name themselves
    ($$SELECT avg_kl_div(p, q) FROM (VALUES ('{0.5,0.5}'::float8[], '{2,-1}'::float8[])) v(p, q)$$),
    ($$SELECT avg_cross_entropy(p, q) FROM (VALUES ('{0.5,0.5}'::float8[], '{0.2,0.2}'::float8[])) v(p, q)$$)
) AS cases(query);

-- loss_state input rejects what no rows can produce (22P02): more NaN
-- weights than rows with a weight (possible-nan-weights); an unweighted
-- loss sum beyond the largest double times the rows of finite loss, here
-- one of two, the other NaN (possible-special-bound).  The same sum with
-- two rows of finite loss, and the largest double with one, can be.
SELECT t, sqlstate_of(format('SELECT %L::loss_state', t)) AS error
FROM (VALUES
    ('(v1,1,0,1,0,0,0,0,0)'),
    ('(v1,2,1,2,0,0,0,0,0)'),
    ('(v1,2,0,0,1,0,0,0,0x1fffffffffffffp972)'),
    ('(v1,2,0,0,0,0,0,0,0x1fffffffffffffp972)'),
    ('(v1,2,0,0,1,0,0,0,0x1fffffffffffffp971)')
) AS cases(t);
