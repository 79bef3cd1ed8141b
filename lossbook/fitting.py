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

__all__ = ["least_squares_line", "fit_gaussian"]


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
