/*
 * support.c
 *		real[] arguments read natively.  xent's functions take float8[], and a
 *		real[] reaches them through PostgreSQL's implicit cast, which builds a
 *		float8[] of twice the size element by element.  This planner support
 *		function takes such a cast out of a call and passes the real[] itself;
 *		args.c then widens its elements as the cast would have, exactly, so
 *		every result stays the same.  (Overloads over real[] would do the
 *		same, but make untyped literals and numeric[] arguments ambiguous.)
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "nodes/supportnodes.h"
#include "utils/fmgroids.h"

/*
 * The real[] (or domain over one) under expr, if expr is the cast of it to
 * float8[]: float8(real) of each element.  Otherwise NULL.
 */
static Node *
real_array_under_cast(Node *expr)
{
	ArrayCoerceExpr *cast;
	FuncExpr   *element_cast;

	if (!IsA(expr, ArrayCoerceExpr))
		return NULL;
	cast = (ArrayCoerceExpr *) expr;
	if (cast->resulttype != FLOAT8ARRAYOID || !IsA(cast->elemexpr, FuncExpr))
		return NULL;
	element_cast = (FuncExpr *) cast->elemexpr;
	/* float8(real) applies only to a real, so cast->arg is a real[]. */
	if (element_cast->funcid != F_FLOAT8_FLOAT4 ||
		list_length(element_cast->args) != 1 ||
		!IsA(linitial(element_cast->args), CaseTestExpr))
		return NULL;
	return (Node *) cast->arg;
}

PG_FUNCTION_INFO_V1(xent_real_array_support);
Datum
xent_real_array_support(PG_FUNCTION_ARGS)
{
	Node	   *request = (Node *) PG_GETARG_POINTER(0);
	FuncExpr   *call;
	FuncExpr   *uncast;
	List	   *args = NIL;
	bool		changed = false;
	ListCell   *lc;

	if (!IsA(request, SupportRequestSimplify))
		PG_RETURN_POINTER(NULL);

	call = ((SupportRequestSimplify *) request)->fcall;
	foreach(lc, call->args)
	{
		Node	   *arg = (Node *) lfirst(lc);
		Node	   *real_array = real_array_under_cast(arg);

		if (real_array != NULL)
		{
			arg = real_array;
			changed = true;
		}
		args = lappend(args, arg);
	}
	if (!changed)
		PG_RETURN_POINTER(NULL);

	/* The same call, with the arguments uncast (fcall lives on the stack). */
	uncast = makeNode(FuncExpr);
	*uncast = *call;
	uncast->args = args;
	PG_RETURN_POINTER(uncast);
}
