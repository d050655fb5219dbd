/*
 * fn_divergence.c
 *		entropy, cross_entropy, kl_div and js_div: the SQL functions over
 *		probability vectors.
 */
#include "postgres.h"

#include "losses.h"

/* A divergence of the arguments (p[, q], base, renormalize) in the base. */
static Datum
divergence_function(FunctionCallInfo fcinfo, XentDivergence kind,
					const char *func)
{
	int			nvectors = xent_divergence_reads_q(kind) ? 2 : 1;
	XentArray	p;
	XentArray	q;
	double		log_base;
	double		result;

	if (PG_ARGISNULL(0) || (nvectors == 2 && PG_ARGISNULL(1)))
		PG_RETURN_NULL();
	log_base = xent_get_log_base(fcinfo, nvectors, func);
	xent_get_array(fcinfo, 0, func, "p", &p);
	if (nvectors == 2)
		xent_get_array(fcinfo, 1, func, "q", &q);

	result = xent_divergence(kind, &p, nvectors == 2 ? &q : NULL,
							 xent_get_renormalize(fcinfo, nvectors + 1), true);

	xent_free_array(&p);
	if (nvectors == 2)
		xent_free_array(&q);
	PG_RETURN_FLOAT8(result / log_base);
}

PG_FUNCTION_INFO_V1(entropy);
Datum
entropy(PG_FUNCTION_ARGS)
{
	return divergence_function(fcinfo, XENT_ENTROPY, "entropy");
}

PG_FUNCTION_INFO_V1(cross_entropy);
Datum
cross_entropy(PG_FUNCTION_ARGS)
{
	return divergence_function(fcinfo, XENT_CROSS_ENTROPY, "cross_entropy");
}

PG_FUNCTION_INFO_V1(kl_div);
Datum
kl_div(PG_FUNCTION_ARGS)
{
	return divergence_function(fcinfo, XENT_KL, "kl_div");
}

PG_FUNCTION_INFO_V1(js_div);
Datum
js_div(PG_FUNCTION_ARGS)
{
	return divergence_function(fcinfo, XENT_JS, "js_div");
}

/* cross_entropy(label bigint, q float8[], base float8) */
PG_FUNCTION_INFO_V1(cross_entropy_label);
Datum
cross_entropy_label(PG_FUNCTION_ARGS)
{
	XentArray	q;
	double		log_base;
	double		result;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	log_base = xent_get_log_base(fcinfo, 2, "cross_entropy");
	xent_get_array(fcinfo, 1, "cross_entropy", "q", &q);
	result = xent_label_cross_entropy(&q, PG_GETARG_INT64(0));
	xent_free_array(&q);
	PG_RETURN_FLOAT8(result / log_base);
}
