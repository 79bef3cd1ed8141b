"""Closed-form fits the lessons compare a learner's hand-made fit against. Pure NumPy.

>>> from lossbook.fitting import least_squares_line
>>> least_squares_line([0, 1, 2], [1, 3, 5])
(2.0, 1.0)
"""

from __future__ import annotations

import numpy as np

__all__ = ["least_squares_line"]


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
