-- Bugs that scripts/mutate planted and the rest of the suite let through:
-- each query below kills the mutation of scripts/mutations.txt named in
-- its comment, and checks what the contract says there.

-- 1. js_div's slow path, taken for a block where one side is tiny against
-- the other (1e-310 against 0.5: the quotient 2p'/(p'+q') underflows),
-- still counts a zero of either vector as 0 log 0 = 0, never 0 * -Infinity.
-- Exactly: half of ln 2 from the pair (0.5, 0) and half from (1e-310, 0.5),
-- less about 1e-307.  (js-slow-zero)
SELECT close_to(js_div('{1e-310,0.5,0.5}', '{0.5,0.5,0}'), ln(2) / 2) AS slow_path_zero_in_q,
       close_to(js_div('{0.5,0.5,0}', '{1e-310,0.5,0.5}'), ln(2) / 2) AS slow_path_zero_in_p;

-- 2. cross_entropy_logits with logits of +-1e308: max - z_i overflows, but
-- weighed by p_i it need not: 0.5 * 1e308 - 0.5 * -1e308 is 1e308 exactly.
-- (logit-overflow-guard)
SELECT cross_entropy_logits('{0.5,0.5}'::float8[], '{1e308,-1e308}') AS opposite_huge_logits;

-- 3. An exact sum is rounded once, to nearest with ties to even, as IEEE
-- 754 adds: 1 + 2^-53 lies halfway between 1 and 1 + 2^-52 and rounds to
-- 1, as sum() gives too; 1 + 3 * 2^-53 lies halfway between 1 + 2^-52 and
-- 1 + 2^-51, and rounds to the latter, whose last bit is 0; a bit below the
-- half decides a near-tie.  (round-ties-away; round-no-sticky)
SELECT total(loss_agg(x)) AS tie_to_even_down, sum(x) AS float8_sum
FROM (VALUES (1::float8), (2 ^ -53)) v(x);
SELECT total(loss_agg(x)) AS tie_to_even_up
FROM (VALUES (1 + 2 ^ -52), (2 ^ -53)) v(x);
SELECT total(loss_agg(x)) AS negative_tie
FROM (VALUES (-1::float8), (-(2 ^ -53))) v(x);
SELECT total(loss_agg(x)) AS just_above_tie
FROM (VALUES (1::float8), (2 ^ -53), (2 ^ -100)) v(x);

-- 4. loss_state input rejects what no rows can produce (22P02): more NaN
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
