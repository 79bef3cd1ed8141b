"""Central finite differences: the independent check every analytic gradient of lossbook is tested against.

Imported by the test modules as ``from gradcheck import numerical_gradient`` (tests/ is on pytest's import path,
as for ``lab_browser``); not a test module itself.
"""

import numpy as np


def numerical_gradient(f, x, h=None, *, rel_step=1e-6):
    """The gradient of the scalar function ``f`` at ``x`` by central differences, one coordinate at a time.

    ``h`` is an absolute step; without it each coordinate steps by ``rel_step * max(1, |x_i|)``, so large inputs
    are not perturbed below their rounding. Dividing by ``xp[i] - xm[i]`` (the step actually taken, after rounding)
    rather than by ``2h`` removes the representation error of the step itself.
    """
    x = np.array(x, dtype=float)  # a copy: the caller's array is never perturbed
    g = np.empty_like(x)
    for i in np.ndindex(x.shape):
        step = h if h is not None else rel_step * max(1.0, abs(x[i]))
        xp, xm = x.copy(), x.copy()
        xp[i] += step
        xm[i] -= step
        g[i] = (f(xp) - f(xm)) / (xp[i] - xm[i])
    return g
