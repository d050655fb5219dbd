-- The benchmark's floor: detoast the arrays and sum their elements.
-- Any function that reads every element of its input pays at least this.
-- Loaded by bench/run after `make -C bench/floor install`.

CREATE FUNCTION floor_sum1(float8[]) RETURNS float8
    AS '$libdir/xent_bench_floor', 'floor_sum1_float8'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION floor_sum2(float8[], float8[]) RETURNS float8
    AS '$libdir/xent_bench_floor', 'floor_sum2_float8'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION floor_sum1(real[]) RETURNS float8
    AS '$libdir/xent_bench_floor', 'floor_sum1_float4'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION floor_sum2(real[], real[]) RETURNS float8
    AS '$libdir/xent_bench_floor', 'floor_sum2_float4'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
