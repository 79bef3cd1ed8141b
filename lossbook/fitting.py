"""Fits the lessons compare a learner's hand-made fit against: closed forms, and brute-force searches that are sure
to find the best candidate on a grid. Pure NumPy.

>>> from lossbook.fitting import least_squares_line
>>> least_squares_line([0, 1, 2], [1, 3, 5])
(2.0, 1.0)
"""

from __future__ import annotations

import numpy as np

from .datasets import KL_GRID, discrete_gaussian
from .losses.distributions import kl_divergence
from .losses.regression import mse, mse_grad

__all__ = ["least_squares_line", "fit_gaussian", "line_mse", "line_mse_grad", "line_mse_grid",
           "run_training", "RULES", "DIVERGED", "gradient_descent_update", "momentum_update"]


def least_squares_line(x, y):
    """The straight line ``y ≈ slope * x + intercept`` with the smallest mean squared error: ``(slope, intercept)``.

    The textbook formulas: ``slope = cov(x, y) / var(x)`` and ``intercept = mean(y) - slope * mean(x)``
    (centred first, which keeps them accurate when x is far from 0).

    Parameters
    ----------
    x, y : array_like, 1-D, same length (at least 2), with at least two different x values.

    Returns
    -------
    (slope, intercept) : tuple of float
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 1 or y.shape != x.shape or x.size < 2:
        raise ValueError(f"x and y must be 1-D arrays of the same length (at least 2), "
                         f"got shapes {x.shape} and {y.shape}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("x and y must be finite (no nan or inf)")
    dx = x - x.mean()
    sxx = float(dx @ dx)
    if sxx == 0.0:
        raise ValueError("x must hold at least two different values: a vertical line has no slope")
    slope = float(dx @ (y - y.mean())) / sxx
    intercept = float(y.mean() - slope * x.mean())
    return slope, intercept


def fit_gaussian(p, direction, *, means=np.linspace(-4.0, 4.0, 161), widths=np.linspace(0.3, 4.0, 75), x=KL_GRID):
    """The Gaussian Q (``lossbook.datasets.discrete_gaussian`` on the grid ``x``) that minimises KL(P‖Q)
    (``direction="forward"``) or KL(Q‖P) (``"reverse"``), searched over every pair of ``means`` and ``widths``.
    Returns ``(mean, width, kl)``.

    A brute-force search (12,075 candidates by default), not gradient descent: slow for big problems, but it finds
    the best candidate on the grid for sure, so the mode-seeking answer is not an accident of the starting point.
    Ties (the two modes of a symmetric P) go to the first candidate, the one with the smaller mean.

    >>> from lossbook.datasets import bimodal
    >>> mean, width, kl = fit_gaussian(bimodal(), "forward")
    >>> abs(mean) < 0.1 and width > 1.5   # KL(P||Q) covers both bumps with one wide Gaussian
    True
    >>> mean, width, kl = fit_gaussian(bimodal(), "reverse")
    >>> round(mean, 2), round(width, 2)   # KL(Q||P) picks one bump (the left one: ties go to the smaller mean)
    (-2.0, 0.7)
    """
    if direction not in ("forward", "reverse"):
        raise ValueError(f"direction must be 'forward' (KL(P||Q)) or 'reverse' (KL(Q||P)), got {direction!r}")
    p = np.asarray(p, dtype=float)
    m, w = np.meshgrid(np.asarray(means, dtype=float), np.asarray(widths, dtype=float), indexing="ij")
    q = discrete_gaussian(m.ravel(), w.ravel(), x)
    pp = np.broadcast_to(p, q.shape)
    kl = kl_divergence(pp, q, reduction="none") if direction == "forward" else kl_divergence(q, pp, reduction="none")
    best = int(np.argmin(kl))
    return float(m.ravel()[best]), float(w.ravel()[best]), float(kl[best])


# -- a line trained by gradient descent: the loss-landscape and training-curve widgets ----------------------------------
def line_mse(params, x, y):
    """MSE of the line ``w*x + b`` on the points ``(x, y)``, with ``params = (w, b)``.

    >>> line_mse((2.0, 1.0), [0.0, 1.0], [1.0, 4.0])   # predictions 1 and 3: errors 0 and 1
    0.5
    """
    x = np.asarray(x, dtype=float)
    return mse(y, params[0] * x + params[1])


def line_mse_grad(params, x, y):
    """``(dL/dw, dL/db)`` of ``line_mse``: the chain rule through ``mse_grad`` (the gradient with respect to the
    predictions), times ``x`` for the slope and 1 for the intercept.

    >>> line_mse_grad((2.0, 1.0), [0.0, 1.0], [1.0, 4.0]).tolist()   # dL/dŷ = (0, -1)
    [-1.0, -1.0]
    """
    x = np.asarray(x, dtype=float)
    g = mse_grad(y, params[0] * x + params[1])
    return np.array([np.dot(g, x), np.sum(g)])


def line_mse_grid(w, b, x, y):
    """``line_mse`` over a grid, vectorised (one call for the whole grid): ``Z[i, j] = line_mse((w[j], b[i]), x, y)``.

    >>> line_mse_grid(np.array([1.0, 2.0]), np.array([1.0]), [0.0, 1.0], [1.0, 3.0]).tolist()
    [[0.5, 0.0]]
    """
    x = np.asarray(x, dtype=float)
    pred = np.asarray(w)[None, :, None] * x + np.asarray(b)[:, None, None]
    return mse(np.broadcast_to(y, pred.shape), pred, reduction="none").mean(axis=-1)


#: The loss value beyond which a run counts as diverged (and stops, before anything overflows).
DIVERGED = 1e12


def gradient_descent_update(params, grad, lr, state):
    """One plain gradient-descent step: ``params - lr * grad`` (no state)."""
    return params - lr * grad, state


def momentum_update(params, grad, lr, state):
    """One heavy-ball momentum step (coefficient 0.9): the state is the velocity, ``0.9 * velocity + grad``."""
    velocity = 0.9 * (0.0 if state is None else state) + grad
    return params - lr * velocity, velocity


#: name -> update(params, grad, lr, state) -> (new params, new state); state starts as None.
RULES = {"gradient descent": gradient_descent_update, "momentum 0.9": momentum_update}


def run_training(loss_fn, grad_fn, params0, *, lr, steps, update=gradient_descent_update):
    """Run ``steps`` updates from ``params0``; return the losses at steps 0..steps (``inf`` after a divergence).

    ``update(params, grad, lr, state) -> (params, state)`` is the rule (see ``RULES``). A run whose loss exceeds
    ``DIVERGED`` or whose parameters stop being finite is stopped there; the remaining entries are ``inf``.

    >>> run_training(lambda p: float(p @ p), lambda p: 2 * p, [1.0], lr=0.25, steps=3).tolist()
    [1.0, 0.25, 0.0625, 0.015625]
    >>> run_training(lambda p: float(p @ p), lambda p: 2 * p, [1.0], lr=2.0, steps=2).tolist()   # |p| triples
    [1.0, 9.0, 81.0]
    """
    if not (isinstance(lr, (int, float)) and lr > 0 and np.isfinite(lr)):
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    params = np.array(params0, dtype=float)
    losses = np.full(steps + 1, np.inf)
    state = None
    for k in range(steps + 1):
        value = float(loss_fn(params))
        if not np.isfinite(value) or value > DIVERGED:
            break
        losses[k] = value
        if k == steps:
            break
        with np.errstate(over="ignore", invalid="ignore"):
            params, state = update(params, np.asarray(grad_fn(params), dtype=float), lr, state)
        if not np.all(np.isfinite(params)):
            break
    return losses
