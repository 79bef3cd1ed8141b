r"""Textbook formulas, written the naive way ON PURPOSE: they overflow, divide inf by inf and take log(0).

**Do not use these for anything but teaching.** The lesson ``notebooks/week2/10-when-the-numbers-bite.ipynb``
puts each one beside lossbook's stable version (``lb.sigmoid``, ``lb.softmax``,
``lb.binary_cross_entropy_with_logits``, ``lb.sparse_categorical_cross_entropy_with_logits``) to show where the
straightforward formula breaks. Each function takes ``dtype`` (``"float64"`` or ``"float32"``) and computes in it,
so the lesson can show how much sooner float32 breaks.

NumPy's warnings (overflow, divide by zero, invalid value) are silenced inside these functions: the result itself
(``inf`` or ``nan``) is the lesson, and a learner should see it rather than a warning.

>>> import numpy as np
>>> from lossbook import naive
>>> naive.softmax([1000.0, 0.0])            # exp(1000) overflows: inf / inf
array([nan,  0.])
>>> float(naive.bce_with_logits(0, 40.0))     # 1 - sigmoid(40) rounds to 0, and -log(0) = inf
inf
>>> float(naive.sigmoid(17.0, dtype="float32"))  # float32 cannot tell sigmoid(17) from 1
1.0
"""

from __future__ import annotations

import numpy as np

__all__ = ["sigmoid", "softmax", "bce_with_logits", "softmax_ce", "DTYPES"]

DTYPES = ("float64", "float32")


def _as(z, dtype):
    if dtype not in DTYPES:
        raise ValueError(f"dtype must be one of {DTYPES}, got {dtype!r}")
    return np.asarray(z, dtype=dtype)


def sigmoid(z, *, dtype="float64"):
    """``1 / (1 + exp(-z))``, computed as written: ``exp(-z)`` overflows for ``z`` below about -709 (-88 in float32)."""
    z = _as(z, dtype)
    with np.errstate(all="ignore"):
        return 1 / (1 + np.exp(-z))


def softmax(z, *, dtype="float64"):
    """``exp(z) / sum(exp(z))`` over the last axis, with no shift by the maximum: ``inf / inf = nan`` for big scores."""
    z = _as(z, dtype)
    with np.errstate(all="ignore"):
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)


def bce_with_logits(y, z, *, dtype="float64"):
    """Binary cross-entropy of a logit the long way round: ``p = sigmoid(z)``, then ``-(y log p + (1-y) log(1-p))``.

    ``1 - p`` rounds to 0 once ``p`` rounds to 1 (``z`` above about 37 in float64, 17 in float32), and then
    ``log(0) = -inf``. The term that is multiplied by 0 can turn into ``0 * inf = nan`` the same way.
    """
    y = _as(y, dtype)
    p = sigmoid(z, dtype=dtype)
    with np.errstate(all="ignore"):
        return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def softmax_ce(label, z, *, dtype="float64"):
    """Cross-entropy ``-log(softmax(z)[label])`` with the naive softmax: ``-log(nan) = nan`` or ``-log(0) = inf``."""
    p = softmax(z, dtype=dtype)
    with np.errstate(all="ignore"):
        return -np.log(np.take(p, label, axis=-1))
