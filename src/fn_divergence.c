/*
 * fn_divergence.c
 *		The SQL functions over probability vectors: entropy, cross_entropy,
 *		kl_div and js_div, and the drift between two distributions (xent 1.1):
 *		psi, hellinger, js_distance and tvd.
 */
#include "postgres.h"

#include <math.h>

#include "utils/float.h"

#include "losses.h"

/* Logarithmic divergences take a base; distances like Hellinger's do not. */
typedef enum BaseArg
{
	WITHOUT_BASE,
	WITH_BASE
} BaseArg;

/*
 * A divergence of the arguments (p[, q][, base], renormalize), in the base
 * where the function has one (log_base is then its logarithm, else 1).
 * Returns false for a NULL result.
 */
static bool
divergence_of_args(FunctionCallInfo fcinfo, XentDivergence kind,
				   const char *func, BaseArg base_arg, double *result,
				   double *log_base)
{
	bool		has_base = base_arg == WITH_BASE;
	int			nvectors = xent_divergence_reads_q(kind) ? 2 : 1;
	XentArray	p;
	XentArray	q;

	if (PG_ARGISNULL(0) || (nvectors == 2 && PG_ARGISNULL(1)))
		return false;
	*log_base = has_base ? xent_get_log_base(fcinfo, nvectors, func) : 1.0;
	xent_get_array(fcinfo, 0, func, "p", &p);
	if (nvectors == 2)
		xent_get_array(fcinfo, 1, func, "q", &q);

	*result = xent_divergence(kind, &p, nvectors == 2 ? &q : NULL,
							  xent_get_renormalize(fcinfo, nvectors + has_base),
							  XENT_HAS_RENORMALIZE_ARG);

	xent_free_array(&p);
	if (nvectors == 2)
		xent_free_array(&q);
	return true;
}

static Datum
divergence_function(FunctionCallInfo fcinfo, XentDivergence kind,
					const char *func, BaseArg base_arg)
{
	double		result;
	double		log_base;

	if (!divergence_of_args(fcinfo, kind, func, base_arg, &result, &log_base))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(result / log_base);
}

PG_FUNCTION_INFO_V1(entropy);
Datum
entropy(PG_FUNCTION_ARGS)
{
	return divergence_function(fcinfo, XENT_ENTROPY, "entropy", WITH_BASE);
}

PG_FUNCTION_INFO_V1(cross_entropy);
Datum
cross_entropy(PG_FUNCTION_ARGS)
{
	return divergence_function(fcinfo, XENT_CROSS_ENTROPY, "cross_entropy", WITH_BASE);
}

PG_FUNCTION_INFO_V1(kl_div);
Datum
kl_div(PG_FUNCTION_ARGS)
{
	return divergence_function(fcinfo, XENT_KL, "kl_div", WITH_BASE);
}

PG_FUNCTION_INFO_V1(js_div);
Datum
js_div(PG_FUNCTION_ARGS)
{
	return divergence_function(fcinfo, XENT_JS, "js_div", WITH_BASE);
}

/* Population stability index: D(p||q) + D(q||p), in the base. */
PG_FUNCTION_INFO_V1(psi);
Datum
psi(PG_FUNCTION_ARGS)
{
	return divergence_function(fcinfo, XENT_PSI, "psi", WITH_BASE);
}

/* Hellinger distance, in [0, 1]; no base. */
PG_FUNCTION_INFO_V1(hellinger);
Datum
hellinger(PG_FUNCTION_ARGS)
{
	return divergence_function(fcinfo, XENT_HELLINGER, "hellinger", WITHOUT_BASE);
}

/* Total variation distance, in [0, 1]; no base. */
PG_FUNCTION_INFO_V1(tvd);
Datum
tvd(PG_FUNCTION_ARGS)
{
	return divergence_function(fcinfo, XENT_TVD, "tvd", WITHOUT_BASE);
}

/*
 * Jensen-Shannon distance, sqrt(js_div(p, q, base)): SciPy's jensenshannon.
 * js_div is kept inside [0, ln 2], so the square root is always defined.
 */
PG_FUNCTION_INFO_V1(js_distance);
Datum
js_distance(PG_FUNCTION_ARGS)
{
	double		js;
	double		log_base;

	if (!divergence_of_args(fcinfo, XENT_JS, "js_distance", WITH_BASE, &js,
							&log_base))
		PG_RETURN_NULL();
	/* SciPy gives NaN: ln(base) < 0 makes the divergence negative. */
	if (log_base < 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"base\" of js_distance() must be greater than 1"),
				 errdetail("It is %s.", float8out_internal(PG_GETARG_FLOAT8(2))),
				 errhint("In a base below 1 the Jensen-Shannon divergence is negative, and has no square root.")));
	PG_RETURN_FLOAT8(sqrt(js / log_base));
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
