-- Labels of other types: boolean binary labels, bigint class labels, and
-- every call the README shows with an untyped literal or an ARRAY[...] of
-- numeric or int still resolving as before.

-- Boolean labels give what 1 and 0 give.
SELECT bce(true, 0.9) = bce(1, 0.9) AS bce_true, bce(false, 0.9) = bce(0, 0.9) AS bce_false,
       bce_logits(true, -3) = bce_logits(1, -3) AS logits_true,
       bce_logits(false, 3) = bce_logits(0, 3) AS logits_false,
       bce(NULL::bool, 0.5) IS NULL AS null_label;
SELECT avg_bce(y, p) = avg_bce(y::int, p) AS avg_bce,
       avg_bce(y, p, 0.05) = avg_bce(y::int, p, 0.05) AS avg_bce_eps,
       avg_bce_logits(y, 10 * p - 5) = avg_bce_logits(y::int, 10 * p - 5) AS avg_bce_logits,
       avg_bce(y, p) AS value
FROM (VALUES (true, 0.9), (false, 0.2), (true, 0.0), (NULL, 0.5)) v(y, p) WHERE p > 0;
-- A numeric prob column, as the issue's users have it.
CREATE TEMP TABLE fraud (is_fraud boolean, prob numeric);
INSERT INTO fraud VALUES (true, 0.9), (false, 0.2);
SELECT avg_bce(is_fraud, prob), avg_bce(is_fraud, prob, 1e-15), avg_bce_logits(is_fraud, prob) FROM fraud;
-- Windows over boolean labels use the inverse transition.
SELECT i, avg_bce(i % 3 = 0, 0.25 + i / 20.0) OVER (ORDER BY i ROWS 2 PRECEDING) AS moving
FROM generate_series(1, 5) i;
-- Errors name the aggregate, whatever the label type.
SELECT sqlstate_of($$SELECT bce(true, 1.5)$$) AS prob_out_of_range,
       sqlstate_of($$SELECT avg_bce(true, 0.5, 0.5)$$) AS bad_eps;

-- bigint class labels, beyond int's range too.
SELECT cross_entropy(2::bigint, '{0.5,0.25,0.25}') = cross_entropy(2, '{0.5,0.25,0.25}') AS bigint_label,
       cross_entropy(2::smallint, '{0.5,0.25,0.25}') = cross_entropy(2, '{0.5,0.25,0.25}') AS smallint_label,
       cross_entropy_logits(2::bigint, '{1,2}') = cross_entropy_logits(2, '{1,2}') AS logits,
       avg_cross_entropy(c, '{0.5,0.25,0.25}') = avg_cross_entropy(c::int, '{0.5,0.25,0.25}') AS aggregate
FROM (VALUES (1::bigint), (3)) v(c);
-- Subscripts are int: a label beyond int's range is never one.
SELECT sqlstate_of($$SELECT cross_entropy_logits(3000000000, '{1,2}')$$) AS beyond_int,
       sqlstate_of($$SELECT cross_entropy(9223372036854775807, '[-5:-4]={0.5,0.5}')$$) AS huge,
       sqlstate_of($$SELECT cross_entropy(-9223372036854775808, '[-5:-4]={0.5,0.5}')$$) AS huge_negative,
       sqlstate_of($$SELECT avg_cross_entropy(4::bigint, '{0.5,0.5}')$$) AS aggregate;

-- Every call the README shows with an untyped literal or an ARRAY of
-- numeric or int resolves, to the function of float8 arrays and labels.
SELECT entropy('{0.25,0.25,0.25,0.25}', base => 2) AS entropy_literal,
       entropy(ARRAY[0.5, 0.5]) AS numeric_array,
       entropy(ARRAY[1, 3], renormalize => true) AS int_array,
       entropy('{3,1}', renormalize => true) AS counts,
       cross_entropy('{0.25,0.25,0.25,0.25}'::float8[], '{0.5,0.125,0.125,0.25}', base => 2) AS ce,
       cross_entropy(ARRAY[0.5, 0.5], ARRAY[0.25, 0.75]) AS ce_numeric,
       cross_entropy(2, '{0.5,0.25,0.25}') AS ce_label,
       cross_entropy(0, '[0:2]={0.5,0.25,0.25}') AS ce_label_0;
-- (KL rounded: its last bit depends on the CPU's vector lanes.)
SELECT round(kl_div('{0.7,0.2,0.1}', '{0.5,0.2,0.3}')::numeric, 15) AS kl, kl_div(ARRAY[1, 0], ARRAY[0.5, 0.5]) AS kl_int,
       js_div('{1,0}', '{0,1}', base => 2) AS js,
       bce(1, 0.9) AS bce, bce(0, 1e-300) AS bce_tiny, bce('1', 0.9) AS bce_untyped,
       bce_logits(1, -1000) AS bce_logits;
SELECT softmax('{1,2,3}'), log_softmax('[0:2]={1,2,-Infinity}'), softmax(ARRAY[1, 2]),
       cross_entropy_logits('{0,1}'::float8[], '{1000,-1000}') AS cel,
       cross_entropy_logits(1, '{1000,-1000}') AS cel_label;
SELECT avg_bce(label, prob) FROM (VALUES (1, 0.9), (0, 0.2), (1, NULL)) AS t(label, prob);
SELECT avg_cross_entropy(class, probs)
FROM (VALUES (1, '{0.5,0.25,0.25}'::float8[]), (3, '{0.5,0.25,0.25}')) AS t(class, probs);
-- The one call a boolean overload makes ambiguous: both arguments untyped NULL.
SELECT sqlstate_of($$SELECT bce(NULL, NULL)$$) AS untyped_nulls, bce(NULL, NULL::float8) AS typed;

-- A varying eps is 22023 with a boolean label too, and a NULL eps skips
-- the row; true = 1 and false = 0 under the same constant eps.
SELECT sqlstate_of($$SELECT avg_bce(y, p, e) FROM (VALUES (true, 0.9, 0.01), (false, 0.2, 0.02)) v(y, p, e)$$) AS varying_eps,
       avg_bce(y, p, e) = avg_bce(y::int, p, e) AS same_as_int
FROM (VALUES (true, 0.9, 0.01), (false, 0.2, NULL), (false, 0.999, 0.01)) v(y, p, e);
