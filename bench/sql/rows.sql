-- The rows bench/run times, in the order it prints them: rows of
-- bench.row (see helpers.sql).  A row is four queries over one table, in
-- which @T@ stands for the table:
--   xent_q   xent's function or aggregate; bench/run sets it to NULL (n/a)
--            when xent_key, the function it calls, is not in this build
--   floor_q  the cost of reading the input: floor_sum1 / floor_sum2 of
--            bench/floor over arrays, PostgreSQL's sum() over scalars
--   sql_q    the same computation in plain SQL
--   py_q     the same in PL/Python (bench/sql/plpython.sql), or NULL
-- The tables come from bench/sql/data_*.sql; a row is timed once bench/run
-- has loaded its table.  To add a row, add a line to one of the lists
-- below (or a new INSERT); to add a table, create it in a data_*.sql file.

-- Plain-SQL formulations, as a careful SQL user would write them.
-- p and q pair by position (unnest of two arrays), 0 log 0 = 0.
SELECT '(SELECT -sum(pi * ln(pi)) FROM unnest(p) AS u(pi) WHERE pi > 0)' AS entropy,
       '(SELECT -sum(pi * ln(qi)) FROM unnest(p, q) AS u(pi, qi) WHERE pi > 0)' AS ce,
       '(SELECT sum(pi * ln(pi / qi)) FROM unnest(p, q) AS u(pi, qi) WHERE pi > 0)' AS kl,
       '(SELECT 0.5 * sum(CASE WHEN pi > 0 THEN pi * ln(2 * pi / (pi + qi)) ELSE 0 END)
              + 0.5 * sum(CASE WHEN qi > 0 THEN qi * ln(2 * qi / (pi + qi)) ELSE 0 END)
           FROM unnest(p, q) AS u(pi, qi))' AS js,
       '(SELECT sum((pi - qi) * ln(pi / qi)) FROM unnest(p, q) AS u(pi, qi) WHERE pi > 0 AND qi > 0)' AS psi,
       'sqrt(0.5 * (SELECT sum((sqrt(pi) - sqrt(qi)) ^ 2) FROM unnest(p, q) AS u(pi, qi)))' AS hellinger,
       '(SELECT 0.5 * sum(abs(pi - qi)) FROM unnest(p, q) AS u(pi, qi))' AS tvd,
       -- log-sum-exp of the logits q, with the maximum subtracted for stability
       '(SELECT m.mx + ln(sum(exp(v.z - m.mx)))
           FROM unnest(q) AS v(z), (SELECT max(w) AS mx FROM unnest(q) AS w) AS m
          GROUP BY m.mx)' AS lse,
       '-(label * ln(prob) + (1 - label) * ln(1 - prob))' AS bce,
       '-(label * ln(least(greatest(prob, 1e-7), 1 - 1e-7))
          + (1 - label) * ln(1 - least(greatest(prob, 1e-7), 1 - 1e-7)))' AS bce_eps,
       'greatest(logit, 0) - logit * label + ln(1 + exp(-abs(logit)))' AS bce_logits
\gset sql_
SELECT format('(SELECT array_agg(exp(u.z - s.lse) ORDER BY u.i)
                  FROM unnest(q) WITH ORDINALITY AS u(z, i), (SELECT %s AS lse) AS s)',
              :'sql_lse') AS softmax,
       format('(SELECT array_agg(u.z - s.lse ORDER BY u.i)
                  FROM unnest(q) WITH ORDINALITY AS u(z, i), (SELECT %s AS lse) AS s)',
              :'sql_lse') AS log_softmax
\gset sql_

-- The divergences, summed over a table of two distributions p and q.
CREATE TEMP TABLE divergence AS
SELECT ord, fn, xent_key,
       format('SELECT sum(%s) FROM @T@', x) AS xent_q,
       format('SELECT sum(%s) FROM @T@', f) AS floor_q,
       format('SELECT sum(%s) FROM @T@', s) AS sql_q,
       format('SELECT sum(%s) FROM @T@', py) AS py_q
  FROM (VALUES
    (1, 'entropy(p)', 'entropy(float8[])',
        'entropy(p)', 'floor_sum1(p)', :'sql_entropy', 'bench.py_entropy(p)'),
    (2, 'cross_entropy(p,q)', 'cross_entropy(float8[],float8[])',
        'cross_entropy(p, q)', 'floor_sum2(p, q)', :'sql_ce', 'bench.py_cross_entropy(p, q)'),
    (3, 'kl_div(p,q)', 'kl_div(float8[],float8[])',
        'kl_div(p, q)', 'floor_sum2(p, q)', :'sql_kl', 'bench.py_kl_div(p, q)'),
    (4, 'js_div(p,q)', 'js_div(float8[],float8[])',
        'js_div(p, q)', 'floor_sum2(p, q)', :'sql_js', 'bench.py_js_div(p, q)'),
    (5, 'psi(p,q)', 'psi(float8[],float8[])',
        'psi(p, q)', 'floor_sum2(p, q)', :'sql_psi', 'bench.py_psi(p, q)'),
    (6, 'hellinger(p,q)', 'hellinger(float8[],float8[])',
        'hellinger(p, q)', 'floor_sum2(p, q)', :'sql_hellinger', 'bench.py_hellinger(p, q)'),
    (7, 'js_distance(p,q)', 'js_distance(float8[],float8[])',
        'js_distance(p, q)', 'floor_sum2(p, q)', 'sqrt(' || :'sql_js' || ')',
        'sqrt(bench.py_js_div(p, q))'),
    (8, 'tvd(p,q)', 'tvd(float8[],float8[])',
        'tvd(p, q)', 'floor_sum2(p, q)', :'sql_tvd', 'bench.py_tvd(p, q)')
  ) AS d(ord, fn, xent_key, x, f, s, py);

-- The rest of workload B: labels (a class in 1..10) and logits (q doubles
-- as a vector of logits; [1] keeps softmax's result a scalar).
CREATE TEMP TABLE b_only (ord, fn, xent_key, xent_q, floor_q, sql_q, py_q) AS VALUES
    (9, 'cross_entropy(label,q)', 'cross_entropy(bigint,float8[])',
        'SELECT sum(cross_entropy(label, q)) FROM @T@',
        'SELECT sum(floor_sum1(q)) FROM @T@',
        'SELECT sum(-ln(q[label])) FROM @T@',
        'SELECT sum(bench.py_cross_entropy(label, q)) FROM @T@'),
    (10, 'softmax(q)', 'softmax(float8[])',
        'SELECT sum((softmax(q))[1]) FROM @T@',
        'SELECT sum(floor_sum1(q)) FROM @T@',
        format('SELECT sum((%s)[1]) FROM @T@', :'sql_softmax'),
        'SELECT sum((bench.py_softmax(q))[1]) FROM @T@'),
    (11, 'log_softmax(q)', 'log_softmax(float8[])',
        'SELECT sum((log_softmax(q))[1]) FROM @T@',
        'SELECT sum(floor_sum1(q)) FROM @T@',
        format('SELECT sum((%s)[1]) FROM @T@', :'sql_log_softmax'),
        'SELECT sum((bench.py_log_softmax(q))[1]) FROM @T@'),
    (12, 'cross_entropy_logits(p,q)', 'cross_entropy_logits(float8[],float8[])',
        'SELECT sum(cross_entropy_logits(p, q)) FROM @T@',
        'SELECT sum(floor_sum2(p, q)) FROM @T@',
        format('SELECT sum(%s - (SELECT sum(pi * zi) FROM unnest(p, q) AS u(pi, zi))) FROM @T@',
               :'sql_lse'),
        'SELECT sum(bench.py_cross_entropy_logits(p, q)) FROM @T@'),
    (13, 'cross_entropy_logits(label,q)', 'cross_entropy_logits(bigint,float8[])',
        'SELECT sum(cross_entropy_logits(label, q)) FROM @T@',
        'SELECT sum(floor_sum1(q)) FROM @T@',
        format('SELECT sum(%s - q[label]) FROM @T@', :'sql_lse'),
        'SELECT sum(bench.py_cross_entropy_logits(label, q)) FROM @T@'),
    (14, 'avg_cross_entropy(p,q)', 'avg_cross_entropy(float8[],float8[])',
        'SELECT avg_cross_entropy(p, q) FROM @T@',
        'SELECT sum(floor_sum2(p, q)) FROM @T@',
        format('SELECT avg(%s) FROM @T@', :'sql_ce'),
        'SELECT avg(bench.py_cross_entropy(p, q)) FROM @T@'),
    (15, 'avg_cross_entropy(label,q)', 'avg_cross_entropy(bigint,float8[])',
        'SELECT avg_cross_entropy(label, q) FROM @T@',
        'SELECT sum(floor_sum1(q)) FROM @T@',
        'SELECT avg(-ln(q[label])) FROM @T@',
        'SELECT avg(bench.py_cross_entropy(label, q)) FROM @T@'),
    (16, 'avg_kl_div(p,q)', 'avg_kl_div(float8[],float8[])',
        'SELECT avg_kl_div(p, q) FROM @T@',
        'SELECT sum(floor_sum2(p, q)) FROM @T@',
        format('SELECT avg(%s) FROM @T@', :'sql_kl'),
        'SELECT avg(bench.py_kl_div(p, q)) FROM @T@'),
    -- The same mean as avg_cross_entropy, bit for bit, through the scalar
    -- function, which reads a real[] natively where the aggregate casts it.
    (17, 'mean(loss_agg(cross_entropy(p,q)))', 'loss_agg(float8)',
        'SELECT mean(loss_agg(cross_entropy(p, q))) FROM @T@',
        'SELECT sum(floor_sum2(p, q)) FROM @T@',
        format('SELECT avg(%s) FROM @T@', :'sql_ce'),
        'SELECT avg(bench.py_cross_entropy(p, q)) FROM @T@');

-- Workloads A and B.  A real[] table holds the same data as its twin,
-- cast (p::real[]).  Its queries are the same text: xent's calls resolve
-- to the same float8[] functions, through the implicit cast, and
-- floor_sum1 / floor_sum2 to their float4 variants.  Only one storage of A
-- has a twin, since each table of A adds minutes to a full run.
INSERT INTO bench.row (workload, tbl, workers, fn, xent_key, xent_q, floor_q, sql_q, py_q,
                       float8_twin)
SELECT t.workload, t.tbl, 0, v.fn, v.xent_key, v.xent_q, v.floor_q, v.sql_q, v.py_q, t.twin
  FROM (VALUES (1, 'A pglz', 'a_pglz', NULL),
               (2, 'A lz4', 'a_lz4', NULL),
               (3, 'A external', 'a_ext', NULL),
               (4, 'A real[] pglz', 'a_real_pglz', 'A pglz')) AS t(ord, workload, tbl, twin)
 CROSS JOIN divergence AS v
 ORDER BY t.ord, v.ord;

INSERT INTO bench.row (workload, tbl, workers, fn, xent_key, xent_q, floor_q, sql_q, py_q,
                       float8_twin)
SELECT t.workload, t.tbl, 0, v.fn, v.xent_key, v.xent_q, v.floor_q, v.sql_q, v.py_q, t.twin
  FROM (VALUES (1, 'B', 'b', NULL),
               (2, 'B real[]', 'b_real', 'B')) AS t(ord, workload, tbl, twin)
 CROSS JOIN (SELECT * FROM divergence UNION ALL SELECT * FROM b_only) AS v
 ORDER BY t.ord, v.ord;

-- Workload C: binary cross entropy over scalar rows.  Parallel rows force
-- two workers whatever the table size, so that the aggregates' combine
-- functions run too.
INSERT INTO bench.row (workload, tbl, workers, fn, xent_key, xent_q, floor_q, sql_q, py_q)
SELECT m.workload, 'c', m.workers, f.fn, f.xent_key, f.xent_q, f.floor_q, f.sql_q, f.py_q
  FROM (VALUES ('C serial', 0), ('C parallel(2)', 2)) AS m(workload, workers)
 CROSS JOIN (VALUES
    (1, 'avg_bce(label,prob)', 'avg_bce(float8,float8)',
        'SELECT avg_bce(label, prob) FROM @T@',
        'SELECT sum(prob) FROM @T@',
        format('SELECT avg(%s) FROM @T@', :'sql_bce'),
        'SELECT avg(bench.py_bce(label, prob)) FROM @T@'),
    (2, 'avg_bce(label,prob,eps)', 'avg_bce(float8,float8,float8)',
        'SELECT avg_bce(label, prob, 1e-7) FROM @T@',
        'SELECT sum(prob) FROM @T@',
        format('SELECT avg(%s) FROM @T@', :'sql_bce_eps'),
        'SELECT avg(bench.py_bce(label, prob, 1e-7)) FROM @T@'),
    (3, 'avg_bce_logits(label,logit)', 'avg_bce_logits(float8,float8)',
        'SELECT avg_bce_logits(label, logit) FROM @T@',
        'SELECT sum(logit) FROM @T@',
        format('SELECT avg(%s) FROM @T@', :'sql_bce_logits'),
        'SELECT avg(bench.py_bce_logits(label, logit)) FROM @T@')
  ) AS f(ord, fn, xent_key, xent_q, floor_q, sql_q, py_q)
 ORDER BY m.workers, f.ord;

-- xent's scalar functions under PostgreSQL's avg(): the difference to the
-- rows above is the price of the exact accumulator.
INSERT INTO bench.row (workload, tbl, workers, fn, xent_key, xent_q, floor_q, sql_q, py_q)
VALUES
    ('C serial', 'c', 0, 'avg(bce(label,prob))', 'bce(float8,float8)',
        'SELECT avg(bce(label, prob)) FROM @T@',
        'SELECT sum(prob) FROM @T@',
        format('SELECT avg(%s) FROM @T@', :'sql_bce'),
        'SELECT avg(bench.py_bce(label, prob)) FROM @T@'),
    ('C serial', 'c', 0, 'avg(bce_logits(label,logit))', 'bce_logits(float8,float8)',
        'SELECT avg(bce_logits(label, logit)) FROM @T@',
        'SELECT sum(logit) FROM @T@',
        format('SELECT avg(%s) FROM @T@', :'sql_bce_logits'),
        'SELECT avg(bench.py_bce_logits(label, logit)) FROM @T@');

-- Summaries: loss_agg against sum() over the same rows, and rollup of
-- stored states (one per group of C, as a dashboard stores one per hour,
-- bench/sql/data_c_states.sql) against sum() over a float8 column of the
-- same table of states.
INSERT INTO bench.row (workload, tbl, workers, fn, xent_key, xent_q, floor_q, sql_q)
SELECT m.workload, 'c', m.workers, f.fn, f.xent_key, f.xent_q, 'SELECT sum(prob) FROM @T@', f.sql_q
  FROM (VALUES ('C serial', 0), ('C parallel(2)', 2)) AS m(workload, workers)
 CROSS JOIN (VALUES
    (1, 'loss_agg(bce(label,prob))', 'loss_agg(float8)',
        'SELECT mean(loss_agg(bce(label, prob))) FROM @T@',
        format('SELECT sum(%s) / count(*) FROM @T@', :'sql_bce')),
    (2, 'loss_agg(bce(label,prob),weight)', 'loss_agg(float8,float8)',
        'SELECT mean(loss_agg(bce(label, prob), 1 + label)) FROM @T@',
        format('SELECT sum((1 + label) * %s) / sum(1 + label) FROM @T@', :'sql_bce'))
  ) AS f(ord, fn, xent_key, xent_q, sql_q)
 ORDER BY m.workers, f.ord;

INSERT INTO bench.row (workload, tbl, workers, fn, xent_key, xent_q, floor_q, sql_q)
VALUES
    ('C states serial', 'c_states', 0, 'rollup(loss_state)', 'loss_agg(float8)',
        'SELECT mean(rollup(s)) FROM @T@',
        'SELECT sum(total) FROM @T@',
        'SELECT sum(total) / sum(n) FROM @T@'),
    ('C states parallel(2)', 'c_states', 2, 'rollup(loss_state)', 'loss_agg(float8)',
        'SELECT mean(rollup(s)) FROM @T@',
        'SELECT sum(total) FROM @T@',
        'SELECT sum(total) / sum(n) FROM @T@');

-- Information in columns: freq_agg over 5 distinct values and over 10^4
-- against count(*) ... GROUP BY of the same values (the same counts, not
-- kept as one state), and joint_freq_agg with the label.
INSERT INTO bench.row (workload, tbl, workers, fn, xent_key, xent_q, floor_q, sql_q)
SELECT m.workload, 'c', m.workers, f.fn, f.xent_key, f.xent_q, 'SELECT sum(prob) FROM @T@', f.sql_q
  FROM (VALUES ('C serial', 0), ('C parallel(2)', 2)) AS m(workload, workers)
 CROSS JOIN (VALUES
    (1, 'freq_agg(5 values)', 'freq_agg(bigint)',
        'SELECT distinct_values(freq_agg(width_bucket(prob, 0, 1, 4))) FROM @T@',
        'SELECT count(*) FROM (SELECT width_bucket(prob, 0, 1, 4), count(*) FROM @T@ GROUP BY 1) g'),
    (2, 'freq_agg(10^4 values)', 'freq_agg(bigint)',
        'SELECT distinct_values(freq_agg((prob * 9999)::int)) FROM @T@',
        'SELECT count(*) FROM (SELECT (prob * 9999)::int, count(*) FROM @T@ GROUP BY 1) g'),
    (3, 'joint_freq_agg(10^4 values,label)', 'joint_freq_agg(bigint,bigint)',
        'SELECT distinct_values(joint_freq_agg((prob * 9999)::int, label::int)) FROM @T@',
        'SELECT count(*) FROM (SELECT (prob * 9999)::int, label, count(*) FROM @T@ GROUP BY 1, 2) g')
  ) AS f(ord, fn, xent_key, xent_q, sql_q)
 ORDER BY m.workers, f.ord;

-- Error bars and token log-likelihood (xent 1.2): loss_agg keeping its
-- second moments, read back as a standard error, and rollup of those
-- states, against sum() over the same rows.  (Their 1.1 timings are the
-- loss_agg rows above, run with a 1.1 build.)
INSERT INTO bench.row (workload, tbl, workers, fn, xent_key, xent_q, floor_q, sql_q)
SELECT m.workload, 'c', m.workers, f.fn, f.xent_key, f.xent_q, 'SELECT sum(prob) FROM @T@', f.sql_q
  FROM (VALUES ('C serial', 0), ('C parallel(2)', 2)) AS m(workload, workers)
 CROSS JOIN (VALUES
    (1, 'std_error(loss_agg(bce(label,prob)))', 'loss_variance(loss_state)',
        'SELECT std_error(loss_agg(bce(label, prob))) FROM @T@',
        format('SELECT stddev_samp(%s) / sqrt(count(*)) FROM @T@', :'sql_bce')),
    (2, 'std_error(loss_agg(bce(label,prob),weight))', 'loss_variance(loss_state)',
        'SELECT std_error(loss_agg(bce(label, prob), 1 + label)) FROM @T@',
        -- sqrt(variance * sum w^2 / (sum w)^2), the weighted sample variance
        -- from the weighted sums of l and l^2 in one pass.
        format('SELECT sqrt((swll - swl * swl / sw) / (sw - sw2 / sw) * sw2 / (sw * sw)) FROM (SELECT sum(w * l) AS swl, sum(w * l * l) AS swll, sum(w) AS sw, sum(w * w) AS sw2 FROM (SELECT 1 + label AS w, %s AS l FROM @T@) r) s', :'sql_bce'))
  ) AS f(ord, fn, xent_key, xent_q, sql_q)
 ORDER BY m.workers, f.ord;

-- Calibration (xent 1.2): calibration_agg over workload C's rows in ten
-- bins, and rollup of hourly-sized states, against sum(prob).
INSERT INTO bench.row (workload, tbl, workers, fn, xent_key, xent_q, floor_q, sql_q)
SELECT m.workload, 'c', m.workers, 'calibration_agg(label,prob,bounds)',
       'calibration_agg(float8,float8,float8[])',
       'SELECT ece(calibration_agg(label, prob, ''{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}'')) FROM @T@',
       'SELECT sum(prob) FROM @T@',
       'SELECT sum(abs(p - y)) / sum(n) FROM (SELECT sum(prob) AS p, sum(label) AS y, count(*) AS n FROM @T@ GROUP BY width_bucket(prob, ''{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}''::float8[])) b'
  FROM (VALUES ('C serial', 0), ('C parallel(2)', 2)) AS m(workload, workers);
INSERT INTO bench.row (workload, tbl, workers, fn, xent_key, xent_q, floor_q, sql_q)
VALUES
    ('C serial', 'c', 0, 'rollup(calibration_state)', 'calibration_agg(float8,float8,float8[])',
        'SELECT ece(rollup(s)) FROM (SELECT calibration_agg(label, prob, ''{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}'') AS s FROM @T@ GROUP BY (prob * 1000)::int) h',
        'SELECT sum(p) FROM (SELECT sum(prob) AS p FROM @T@ GROUP BY (prob * 1000)::int) h',
        'SELECT sum(abs(p - y)) / sum(n) FROM (SELECT sum(prob) AS p, sum(label) AS y, count(*) AS n FROM @T@ GROUP BY width_bucket(prob, ''{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}''::float8[])) b');

-- Comparing histograms (xent 1.2) on 10 bins (the vectors of B, as counts)
-- and on 100 bins (h100: integer counts, some bins empty), and nll over
-- 512-token arrays of log-probabilities (lm).  h100 and lm are small and
-- fixed, so they are made here, from pools as in data_a.sql; bench/run
-- times them with the first workload it loads, and drops them after it.
SELECT setseed(0.17);
CREATE UNLOGGED TABLE h100 AS
SELECT r.i, pool_p.c AS p, pool_q.c AS q
  FROM generate_series(0, 49999) AS r(i)
  JOIN (SELECT v, array_agg(floor(random() * random() * 40) ORDER BY k) AS c
          FROM generate_series(0, 499) v, generate_series(1, 100) k GROUP BY v) AS pool_p
    ON pool_p.v = r.i * 7 % 500
  JOIN (SELECT v, array_agg(floor(random() * random() * 40) ORDER BY k) AS c
          FROM generate_series(0, 499) v, generate_series(1, 100) k GROUP BY v) AS pool_q
    ON pool_q.v = r.i * 11 % 500;
CREATE UNLOGGED TABLE lm AS
SELECT r.i, pool.lp
  FROM generate_series(0, 49999) AS r(i)
  JOIN (SELECT v, array_agg(ln(1 - random()) ORDER BY k) AS lp
          FROM generate_series(0, 499) v, generate_series(1, 512) k GROUP BY v) AS pool
    ON pool.v = r.i * 7 % 500;

-- Cumulative sums of p and q (counts pk, qk in bin k from 0, totals tp, tq).
SELECT '(SELECT k - 1 AS k, pk, qk, sum(pk) OVER w AS sp, sum(qk) OVER w AS sq,
                sum(qk) OVER w - qk AS sq_before,
                sum(pk) OVER () AS tp, sum(qk) OVER () AS tq
           FROM unnest(p, q) WITH ORDINALITY AS u(pk, qk, k) WINDOW w AS (ORDER BY k))' AS cum
\gset sql_
INSERT INTO bench.row (workload, tbl, workers, fn, xent_key, xent_q, floor_q, sql_q)
SELECT t.workload, t.tbl, 0, f.fn, f.xent_key,
       replace(f.xent_q, '@B@', t.bounds), 'SELECT sum(floor_sum2(p, q)) FROM @T@',
       replace(f.sql_q, '@B@', t.bounds)
  FROM (VALUES (1, 'B histograms(10)', 'b', '''{1,2,3,4,5,6,7,8,9}''::float8[]'),
               (2, 'histograms(100)', 'h100',
                format('%L::float8[]', (SELECT array_agg(k) FROM generate_series(1, 99) k)))
       ) AS t(ord, workload, tbl, bounds)
 CROSS JOIN (VALUES
    (1, 'ks(p,q)', 'ks(float8[],float8[])', 'SELECT sum(ks(p, q)) FROM @T@',
        format('SELECT sum((SELECT max(abs(sp / tp - sq / tq)) FROM %s c)) FROM @T@', :'sql_cum')),
    (2, 'auc(p,q)', 'auc(float8[],float8[])', 'SELECT sum(auc(p, q)) FROM @T@',
        format('SELECT sum((SELECT sum(pk * (sq_before + qk / 2)) / (max(tp) * max(tq)) FROM %s c)) FROM @T@',
               :'sql_cum')),
    (3, 'wasserstein(p,q,bounds)', 'wasserstein(float8[],float8[],float8[])',
        'SELECT sum(wasserstein(p, q, @B@)) FROM @T@',
        format('SELECT sum((SELECT sum(abs(sp / tp - sq / tq)
                                      * (b[least(k + 2, cardinality(b))] - b[greatest(k, 1)]) / 2)
                              FROM %s c, (SELECT @B@ AS b) bb
                             WHERE k < cardinality(b))) FROM @T@', :'sql_cum')),
    (4, 'chi2(p,q)', 'chi2(float8[],float8[])', 'SELECT sum(chi2(p, q)) FROM @T@',
        format('SELECT sum((SELECT sum((pk * tq - qk * tp) ^ 2 / ((pk + qk) * tp * tq))
                              FROM %s c WHERE pk + qk > 0)) FROM @T@', :'sql_cum')),
    (5, 'empty_bins(p,q)', 'empty_bins(float8[],float8[])', 'SELECT sum(empty_bins(p, q)) FROM @T@',
        'SELECT sum((SELECT count(*) FILTER (WHERE (pk = 0) <> (qk = 0)) FROM unnest(p, q) AS u(pk, qk))) FROM @T@')
  ) AS f(ord, fn, xent_key, xent_q, sql_q)
 ORDER BY t.ord, f.ord;

INSERT INTO bench.row (workload, tbl, workers, fn, xent_key, xent_q, floor_q, sql_q)
VALUES
    ('LM 512 tokens', 'lm', 0, 'nll(logprobs)', 'nll(float8[])',
        'SELECT sum(nll(lp)) FROM @T@',
        'SELECT sum(floor_sum1(lp)) FROM @T@',
        'SELECT sum((SELECT -sum(x) FROM unnest(lp) AS x)) FROM @T@'),
    ('LM 512 tokens', 'lm', 0, 'perplexity(logprobs)', 'perplexity(float8[])',
        'SELECT sum(perplexity(lp)) FROM @T@',
        'SELECT sum(floor_sum1(lp)) FROM @T@',
        'SELECT sum((SELECT exp(-avg(x)) FROM unnest(lp) AS x)) FROM @T@');

-- A binary classifier's scoreboard (xent 1.2): binary_agg, plain and
-- weighted, against sum(prob) and against avg_bce's SQL; the bar is
-- binary_agg at most 1.3 times avg_bce's time (the avg_bce rows above).
-- rollup of stored binary states (bench/sql/data_c_states.sql) against
-- sum() over a float8 column of the same table.
INSERT INTO bench.row (workload, tbl, workers, fn, xent_key, xent_q, floor_q, sql_q)
SELECT m.workload, 'c', m.workers, f.fn, f.xent_key, f.xent_q, 'SELECT sum(prob) FROM @T@', f.sql_q
  FROM (VALUES ('C serial', 0), ('C parallel(2)', 2)) AS m(workload, workers)
 CROSS JOIN (VALUES
    (1, 'binary_agg(label,prob)', 'binary_agg(float8,float8)',
        'SELECT log_loss(binary_agg(label, prob)) FROM @T@',
        format('SELECT avg(%s) FROM @T@', :'sql_bce')),
    (2, 'binary_agg(label,prob,weight)', 'binary_agg(float8,float8,float8)',
        'SELECT log_loss(binary_agg(label, prob, 1 + label)) FROM @T@',
        format('SELECT sum((1 + label) * %s) / sum(1 + label) FROM @T@', :'sql_bce'))
  ) AS f(ord, fn, xent_key, xent_q, sql_q)
 ORDER BY m.workers, f.ord;

INSERT INTO bench.row (workload, tbl, workers, fn, xent_key, xent_q, floor_q, sql_q)
VALUES
    ('C states serial', 'c_binary_states', 0, 'rollup(binary_state)', 'binary_agg(float8,float8)',
        'SELECT mean_prediction(rollup(s)) FROM @T@',
        'SELECT sum(total) FROM @T@',
        'SELECT sum(total) / sum(n) FROM @T@'),
    ('C states parallel(2)', 'c_binary_states', 2, 'rollup(binary_state)', 'binary_agg(float8,float8)',
        'SELECT mean_prediction(rollup(s)) FROM @T@',
        'SELECT sum(total) FROM @T@',
        'SELECT sum(total) / sum(n) FROM @T@');
