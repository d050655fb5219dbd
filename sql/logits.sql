-- softmax, log_softmax and cross_entropy_logits.
SET extra_float_digits = 0;

SELECT softmax('{1,2,3}') AS p, log_softmax('{1,2,3}') AS log_p;
SELECT softmax('{0,0,0,0}') AS uniform,
       (SELECT sum(x) FROM unnest(softmax('{-3.5,0.25,7,1e-3}')) x) AS sums_to_one;

-- Stable: shifting every logit changes nothing, even by 1000.
SELECT softmax('{1000,1001,1002}') = softmax('{0,1,2}') AS shift_invariant,
       log_softmax('{-1000,0,1000}') AS extremes;

-- -Infinity logits are masked classes; the shape and lower bound are kept.
SELECT softmax('[0:2]={0,-Infinity,0}') AS masked,
       log_softmax('[0:2]={0,-Infinity,0}') AS masked_log;
SELECT softmax(NULL) IS NULL AS null_array;

-- Cross entropy against logits: logsumexp(z) - sum p_i z_i, exact at +-1000.
SELECT cross_entropy_logits('{1,0}'::float8[], '{1000,-1000}') AS right,
       cross_entropy_logits('{0,1}'::float8[], '{1000,-1000}') AS wrong,
       cross_entropy_logits(1, '{1000,-1000}') AS label_right,
       cross_entropy_logits(2, '{1000,-1000}') AS label_wrong,
       cross_entropy_logits(1, '{0,0}') = ln(2) AS label_fair,
       cross_entropy_logits(0, '[0:1]={0,0}') = ln(2) AS zero_based;
-- A masked class with p = 0 adds nothing; with p > 0 it costs +Infinity.
SELECT cross_entropy_logits('{1,0}'::float8[], '{0,-Infinity}') AS masked_zero,
       cross_entropy_logits('{0.5,0.5}'::float8[], '{0,-Infinity}') AS masked_positive,
       cross_entropy_logits(2, '{0,-Infinity}') AS label_masked;
-- NaN in p gives NaN; NULL gives NULL.
SELECT cross_entropy_logits('{NaN,1}'::float8[], '{0,1}') AS nan_p,
       cross_entropy_logits(NULL::int, '{1}') IS NULL AS null_label;

-- Consistent with cross_entropy of the softmax, and with log_softmax.
SELECT setseed(0.7);
SELECT bool_and(close_to(cross_entropy_logits(p, z), cross_entropy(p, softmax(z)), 1e-10))
           AS matches_softmax,
       bool_and(close_to(cross_entropy_logits(3, z), -(log_softmax(z))[3], 1e-14))
           AS label_matches_log_softmax,
       bool_and(close_to(cross_entropy_logits(3, z), cross_entropy(3, softmax(z)), 1e-10))
           AS label_matches_softmax
FROM (SELECT random_dist(n) AS p,
             ARRAY(SELECT random() * 20 - 10 FROM generate_series(1, n)) AS z
      FROM generate_series(3, 40) n) r;

-- Long vectors: the sum of the terms is compensated, so its error does not
-- grow with the length (10^6 equal terms; the exact value is ln 10^6).
SELECT close_to(cross_entropy_logits(array_fill(1e-6::float8, ARRAY[1000000]),
                                     array_fill(0::float8, ARRAY[1000000])),
                ln(1e6::numeric)::float8, 1e-15) AS long_vector_exact;

-- Logits at the ends of the double range: max - z_i overflows, but the
-- term weighed by p_i does not (0.5 (1e308 + 1e308) = 1e308); where the
-- cross entropy itself passes the range, it is Infinity.
SELECT cross_entropy_logits('{0.5,0.5}'::float8[], '{1e308,-1e308}') AS half_each,
       cross_entropy_logits('{0,1}'::float8[], '{1e308,-1e308}') AS beyond,
       cross_entropy_logits(2, '{1e308,-1e308}') AS label_beyond;

-- cross_entropy_logits with logits of +-1e308: max - z_i overflows, but
-- weighed by p_i it need not: 0.5 * 1e308 - 0.5 * -1e308 is 1e308 exactly.
-- (logit-overflow-guard)
SELECT cross_entropy_logits('{0.5,0.5}'::float8[], '{1e308,-1e308}') AS opposite_huge_logits;
