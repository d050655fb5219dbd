-- PL/Python baselines: the same computations the way a Python user would
-- write them in the database, with NumPy for the vector ones (plain math
-- for the scalar ones, where NumPy would only add overhead).
-- PL/Python hands a float8[] to Python as a list; converting that list is
-- part of the cost a user of PL/Python pays, so it is measured too.
-- Zero handling follows the contract (0 log 0 = 0).
-- (PL/Python arguments are globals of the function body: assigning to one
-- would make it local and unbound, hence the fresh names below.)

CREATE FUNCTION bench.py_entropy(p float8[]) RETURNS float8
LANGUAGE plpython3u IMMUTABLE STRICT PARALLEL SAFE
AS $$
import numpy as np
a = np.asarray(p, dtype=np.float64)
a = a[a > 0]
return float(-np.dot(a, np.log(a)))
$$;

CREATE FUNCTION bench.py_cross_entropy(p float8[], q float8[]) RETURNS float8
LANGUAGE plpython3u IMMUTABLE STRICT PARALLEL SAFE
AS $$
import numpy as np
a = np.asarray(p, dtype=np.float64)
b = np.asarray(q, dtype=np.float64)
nz = a > 0
return float(-np.dot(a[nz], np.log(b[nz])))
$$;

CREATE FUNCTION bench.py_kl_div(p float8[], q float8[]) RETURNS float8
LANGUAGE plpython3u IMMUTABLE STRICT PARALLEL SAFE
AS $$
import numpy as np
a = np.asarray(p, dtype=np.float64)
b = np.asarray(q, dtype=np.float64)
nz = a > 0
return float(np.dot(a[nz], np.log(a[nz] / b[nz])))
$$;

CREATE FUNCTION bench.py_psi(p float8[], q float8[]) RETURNS float8
LANGUAGE plpython3u IMMUTABLE STRICT PARALLEL SAFE
AS $$
import numpy as np
a = np.asarray(p, dtype=np.float64)
b = np.asarray(q, dtype=np.float64)
nz = (a > 0) & (b > 0)
return float(np.dot(a[nz] - b[nz], np.log(a[nz] / b[nz])))
$$;

CREATE FUNCTION bench.py_hellinger(p float8[], q float8[]) RETURNS float8
LANGUAGE plpython3u IMMUTABLE STRICT PARALLEL SAFE
AS $$
import numpy as np
a = np.asarray(p, dtype=np.float64)
b = np.asarray(q, dtype=np.float64)
return float(np.sqrt(0.5 * np.sum((np.sqrt(a) - np.sqrt(b)) ** 2)))
$$;

CREATE FUNCTION bench.py_tvd(p float8[], q float8[]) RETURNS float8
LANGUAGE plpython3u IMMUTABLE STRICT PARALLEL SAFE
AS $$
import numpy as np
a = np.asarray(p, dtype=np.float64)
b = np.asarray(q, dtype=np.float64)
return float(0.5 * np.sum(np.abs(a - b)))
$$;

CREATE FUNCTION bench.py_js_div(p float8[], q float8[]) RETURNS float8
LANGUAGE plpython3u IMMUTABLE STRICT PARALLEL SAFE
AS $$
import numpy as np
a = np.asarray(p, dtype=np.float64)
b = np.asarray(q, dtype=np.float64)
m = 0.5 * (a + b)
na, nb = a > 0, b > 0
return float(0.5 * np.dot(a[na], np.log(a[na] / m[na]))
             + 0.5 * np.dot(b[nb], np.log(b[nb] / m[nb])))
$$;

-- label is an SQL subscript; the lists PL/Python builds start at 0
CREATE FUNCTION bench.py_cross_entropy(label int, q float8[]) RETURNS float8
LANGUAGE plpython3u IMMUTABLE STRICT PARALLEL SAFE
AS $$
import math
return -math.log(q[label - 1])
$$;

CREATE FUNCTION bench.py_softmax(z float8[]) RETURNS float8[]
LANGUAGE plpython3u IMMUTABLE STRICT PARALLEL SAFE
AS $$
import numpy as np
a = np.asarray(z, dtype=np.float64)
e = np.exp(a - a.max())
return (e / e.sum()).tolist()
$$;

CREATE FUNCTION bench.py_log_softmax(z float8[]) RETURNS float8[]
LANGUAGE plpython3u IMMUTABLE STRICT PARALLEL SAFE
AS $$
import numpy as np
a = np.asarray(z, dtype=np.float64)
m = a.max()
return (a - (m + np.log(np.exp(a - m).sum()))).tolist()
$$;

CREATE FUNCTION bench.py_cross_entropy_logits(p float8[], z float8[]) RETURNS float8
LANGUAGE plpython3u IMMUTABLE STRICT PARALLEL SAFE
AS $$
import numpy as np
a = np.asarray(p, dtype=np.float64)
b = np.asarray(z, dtype=np.float64)
m = b.max()
return float(m + np.log(np.exp(b - m).sum()) - np.dot(a, b))
$$;

CREATE FUNCTION bench.py_cross_entropy_logits(label int, z float8[]) RETURNS float8
LANGUAGE plpython3u IMMUTABLE STRICT PARALLEL SAFE
AS $$
import numpy as np
b = np.asarray(z, dtype=np.float64)
m = b.max()
return float(m + np.log(np.exp(b - m).sum()) - b[label - 1])
$$;

CREATE FUNCTION bench.py_bce(label float8, prob float8) RETURNS float8
LANGUAGE plpython3u IMMUTABLE STRICT PARALLEL SAFE
AS $$
import math
return -(label * math.log(prob) + (1.0 - label) * math.log1p(-prob))
$$;

CREATE FUNCTION bench.py_bce(label float8, prob float8, eps float8) RETURNS float8
LANGUAGE plpython3u IMMUTABLE STRICT PARALLEL SAFE
AS $$
import math
x = min(max(prob, eps), 1.0 - eps)
return -(label * math.log(x) + (1.0 - label) * math.log1p(-x))
$$;

CREATE FUNCTION bench.py_bce_logits(label float8, logit float8) RETURNS float8
LANGUAGE plpython3u IMMUTABLE STRICT PARALLEL SAFE
AS $$
import math
return max(logit, 0.0) - logit * label + math.log1p(math.exp(-abs(logit)))
$$;
