-- Language models (xent 1.2): nll and perplexity of a sequence of token
-- log-probabilities.

-- By hand: -(-0.1 - 2.3) = 2.4, perplexity exp(1.2).
SELECT nll('{-0.1,-2.3}') AS nll, perplexity('{-0.1,-2.3}') AS perplexity,
       perplexity('{-0.1,-2.3}') = exp(1.2::float8) AS perplexity_by_hand,
       nll('{0,-0}') AS certain, perplexity('{0,0,0}') AS one,
       nll(ARRAY[-ln(2::float8)]) = ln(2::float8) AS one_bit;
-- A token the model gave probability 0: +Infinity.  NaN: NaN (over Infinity).
SELECT nll('{-1,-Infinity}') AS nll, perplexity('{-1,-Infinity}') AS perplexity,
       nll('{NaN,-1}') AS nan, perplexity('{-Infinity,NaN}') AS nan_over_infinity,
       nll(NULL) IS NULL AS null_array;
-- The exact sum, rounded once: 1e16 + 1 + 1 = 10000000000000002, which
-- float8 arithmetic rounds to 1e16 one step at a time.
SELECT nll('{-1e16,-1,-1}') AS nll,
       (SELECT -sum(x) FROM unnest('{-1e16,-1,-1}'::float8[]) x) AS float8_sum;
-- The mean is the exact sum divided by n, rounded once: here the rounded
-- sum over 3 is an ulp off it (513.691015950899), and perplexity's
-- exponential of a mean near 514 would show that ulp.
SELECT perplexity('{-1540.3092732337204,-8.474337369372328e-14,-0.763774618976614}')
         = exp(513.6910159508991::float8) AS correctly_rounded_mean;
-- Long arrays, in chunks between interrupt checks.
SELECT nll(array_fill(-0.5::float8, ARRAY[200001])) AS nll,
       perplexity(array_fill(-0.5::float8, ARRAY[200001])) = exp(0.5::float8) AS perplexity;
-- Past the float8 range: nll is 22003, perplexity +Infinity.
SELECT sqlstate_of($$SELECT nll('{-1e308,-1e308}')$$) AS nll,
       perplexity('{-1e308,-1e308}') AS perplexity,
       perplexity('{-709,-710}') AS just_below, perplexity('{-710,-710}') AS just_above;
-- real[] through the support function; any lower bound; numeric[] by cast.
SELECT nll('{-0.5,-0.25}'::real[]) AS real_array, nll('[0:1]={-0.5,-0.25}') AS lower_bound,
       nll(ARRAY[-0.5, -0.25]) AS numeric_array;

-- Every error.
SELECT sqlstate_of(q) FROM unnest(ARRAY[
    $$SELECT nll('{-1,0.5}')$$,
    $$SELECT nll('{-1,Infinity}')$$,
    $$SELECT perplexity('{1e-300}')$$,
    $$SELECT nll('{-1,NULL}')$$,
    $$SELECT perplexity('{}')$$,
    $$SELECT nll('{{-1}}')$$,
    $$SELECT nll('{NaN,1}')$$
]) AS q;

-- Exact references in numeric on random log-probabilities, with the
-- contract's bounds: nll within an ulp of rounding once (here: equal to the
-- numeric sum cast to float8), perplexity within (2 + |nll / n|) 2^-52
-- relative of exp of the exact mean.
SELECT setseed(0.23);
CREATE TEMP TABLE completions AS
SELECT i, array_agg(ln(random()) * (1 + (i % 5) * 40) ORDER BY k) AS lp
FROM generate_series(1, 200) i, generate_series(1, 1 + i % 97) k
GROUP BY i;
SELECT count(*) AS arrays,
       bool_and(nll(lp) = r.total::float8) AS nll_rounded_once,
       bool_and(abs(perplexity(lp)::text::numeric - exp(r.total / r.n))
                <= (2 + abs(r.total / r.n)) * 2 ^ -52::numeric * exp(r.total / r.n)) AS perplexity_within_bound
FROM completions,
-- the doubles' exact values: sum_counts' state holds them
LATERAL (SELECT sum(s) AS total, cardinality(lp) AS n
         FROM unnest(sum_counts_accum('{}', ARRAY(SELECT -x FROM unnest(lp) x))) s) r
WHERE r.total / r.n < 700;
