"""Regression losses: mean squared error, mean absolute error and Huber, each with its analytic gradient.

Every function takes ``(y_true, y_pred)``: the actual values first, the predictions second. The gradient functions
return the derivative of the *reduced* loss with respect to ``y_pred``, with ``y_pred``'s shape.

Overflow policy: a residual so large that its square exceeds the float64 range (``|r| > 1.3e154`` for the squared
error) gives ``inf``, which is the correctly rounded answer, and no ``RuntimeWarning``. Huber's linear branch never
squares the residual, so Huber stays finite for every finite residual.
"""

from __future__ import annotations

import numpy as np

from .._validation import (
    as_float64,
    as_float_array,
    check_finite,
    check_reduction,
    check_same_shape,
    check_scalar,
    reduce,
    reduction_scale,
)

__all__ = ["mse", "mse_grad", "mae", "mae_grad", "huber", "huber_grad"]

# Block length for the "mean"/"sum" reductions: 65536 float64 values = 512 KiB, so the input slices and the two
# scratch buffers (2 MiB together at most) stay in the per-core L2 cache while every pass over a block runs, and no
# full-size temporary is allocated (page faults on fresh memory cost as much as the arithmetic here). Larger than
# the 8192 it used to be: each block costs a handful of Python-level calls, and at 8192 those calls were a third of
# the time.
_BLOCK = 1 << 16
# Dot products are cut into rows of this length (np.vecdot, one BLAS dot per row), below the 10000 elements at which
# OpenBLAS (the BLAS NumPy's wheels ship) starts threads for a dot product: every call stays on the calling thread.
_DOT_ROW = 8192

if hasattr(np, "vecdot"):  # NumPy >= 2.0

    def _rowdots(a, b):
        return np.vecdot(a, b)

else:  # pragma: no cover - NumPy 1.x

    def _rowdots(a, b):
        return np.einsum("ij,ij->i", a, b)


def _dot(a, b):
    """``sum(a*b)`` of two 1-D contiguous blocks, as BLAS dot products of at most ``_DOT_ROW`` elements each."""
    n = a.size
    split = n - n % _DOT_ROW
    total = 0.0
    if split:  # (k, _DOT_ROW) views, no copies: one dot per row, then the k partial sums
        total = float(np.add.reduce(_rowdots(a[:split].reshape(-1, _DOT_ROW), b[:split].reshape(-1, _DOT_ROW))))
    if split < n:
        total += float(np.dot(a[split:], b[split:]))
    return total


def _residual(y_true, y_pred, reduction):
    """Validate both arguments and the reduction; return ``r = y_pred - y_true`` as a fresh float64 array."""
    reduction = check_reduction(reduction)
    t = as_float_array(y_true, "y_true")
    p = as_float_array(y_pred, "y_pred")
    check_same_shape(t, p, "y_true", "y_pred")
    # Two finite numbers of opposite sign near 1.8e308 differ by more than the float64 range: inf is the right
    # rounding of that difference, so the overflow is expected, not an error.
    with np.errstate(over="ignore"):
        # A new array (also for 0-d input, where a bare subtraction would give a NumPy scalar): the inputs are never
        # written to, and every function below may work on r in place.
        r = np.subtract(p, t, out=np.empty(p.shape))
    return r, reduction


def _blockwise_total(y_true, y_pred, reduction, block_sum):
    """``mean`` or ``sum`` over all elements of a per-residual loss, computed block by block.

    ``block_sum(r, scratch)`` receives a block of residuals ``r = y_pred - y_true`` (its own buffer, free to
    overwrite) and a scratch buffer of the same length, and returns the block's total.

    Validation is complete but lazy: NaN and infinity propagate through every block sum, so a finite total proves
    both inputs finite; only a non-finite total pays for the element-wise check (which then either raises, naming
    the argument, or finds a genuine overflow whose correctly rounded total is inf).
    """
    t = as_float64(y_true, "y_true")
    p = as_float64(y_pred, "y_pred")
    check_same_shape(t, p, "y_true", "y_pred")
    t_flat, p_flat = t.reshape(-1), p.reshape(-1)  # views for contiguous input (copies otherwise; never written)
    n = t_flat.size
    r = np.empty(min(n, _BLOCK))
    scratch = np.empty(min(n, _BLOCK))
    total = 0.0
    # Non-finite input, or a residual or square beyond the float range, must not warn: it is sorted out below.
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, n, _BLOCK):
            stop = min(start + _BLOCK, n)
            r_block, s_block = r[: stop - start], scratch[: stop - start]
            np.subtract(p_flat[start:stop], t_flat[start:stop], out=r_block)
            total += float(block_sum(r_block, s_block))
    if not np.isfinite(total):
        check_finite(t, "y_true")
        check_finite(p, "y_pred")
        # The inputs are finite, so the total overflowed. A NaN can then only be inf - inf between two overflowed
        # partial sums of non-negative terms (Huber with a huge delta): the total itself is beyond the float range.
        total = np.inf
    return total / n if reduction == "mean" else total


def _mean_or_sum(values: np.ndarray, reduction: str):
    with np.errstate(over="ignore"):  # a sum of huge finite terms may round to inf; that is its correct value
        return reduce(values, reduction)


def mse(y_true, y_pred, *, reduction="mean"):
    r"""Mean squared error: the average squared distance between prediction and truth.

    .. math:: \mathrm{MSE}(y, \hat y) = \frac{1}{n} \sum_{i=1}^{n} (\hat y_i - y_i)^2

    Domain: ``y_true`` and ``y_pred`` are finite real arrays of the same shape. ``reduction`` is ``"mean"``
    (default), ``"sum"`` or ``"none"`` (one squared error per element).

    >>> import lossbook as lb
    >>> round(lb.mse([1.0], [0.4]), 4)          # one miss of 0.6 costs 0.36
    0.36
    >>> lb.mse([250_000.0], [270_000.0])        # a $20,000 miss squares to 400,000,000
    400000000.0
    >>> lb.mse([1.0, 2.0], [1.0, 4.0], reduction="none").tolist()
    [0.0, 4.0]

    Reference: Hastie, Tibshirani and Friedman, *The Elements of Statistical Learning*, 2nd ed. (2009), section 2.4.
    """
    if check_reduction(reduction) != "none":
        # sum(r*r) per block as a dot product: one pass, no array of squares. |r| > 1.3e154 squares to inf, the
        # correctly rounded value.
        return _blockwise_total(y_true, y_pred, reduction, lambda r, _: _dot(r, r))
    r, reduction = _residual(y_true, y_pred, reduction)
    with np.errstate(over="ignore"):
        np.multiply(r, r, out=r)  # r is our own fresh array: square it in place
    return reduce(r, reduction)


def mse_grad(y_true, y_pred, *, reduction="mean"):
    r"""Gradient of :func:`mse` with respect to ``y_pred``: :math:`\frac{2}{n}(\hat y - y)` for the mean.

    Same arguments as :func:`mse`; returns an array with ``y_pred``'s shape (``2*(y_pred - y_true)`` per element for
    ``reduction="none"`` or ``"sum"``).

    >>> import lossbook as lb
    >>> lb.mse_grad([1.0, 2.0], [1.0, 4.0]).tolist()
    [0.0, 2.0]

    Reference: Hastie, Tibshirani and Friedman, *The Elements of Statistical Learning*, 2nd ed. (2009), section 2.4.
    """
    r, reduction = _residual(y_true, y_pred, reduction)
    with np.errstate(over="ignore"):  # 2*r overflows only for |r| > 9e307: inf is then the right answer
        np.multiply(r, 2.0 * reduction_scale(r.size, reduction), out=r)
    return r


def mae(y_true, y_pred, *, reduction="mean"):
    r"""Mean absolute error: the average distance between prediction and truth.

    .. math:: \mathrm{MAE}(y, \hat y) = \frac{1}{n} \sum_{i=1}^{n} |\hat y_i - y_i|

    Domain: ``y_true`` and ``y_pred`` are finite real arrays of the same shape; ``reduction`` as in :func:`mse`.

    >>> import lossbook as lb
    >>> round(lb.mae([1.0], [0.4]), 4)
    0.6
    >>> lb.mae([250_000.0], [270_000.0])        # the same $20,000 miss costs 20,000, not 400,000,000
    20000.0

    Reference: Hastie, Tibshirani and Friedman, *The Elements of Statistical Learning*, 2nd ed. (2009), section 10.6.
    """
    if check_reduction(reduction) != "none":
        return _blockwise_total(y_true, y_pred, reduction, lambda r, _: np.add.reduce(np.abs(r, out=r)))
    r, reduction = _residual(y_true, y_pred, reduction)
    np.abs(r, out=r)
    return _mean_or_sum(r, reduction)


def mae_grad(y_true, y_pred, *, reduction="mean"):
    r"""Gradient of :func:`mae` with respect to ``y_pred``: :math:`\frac{1}{n}\,\mathrm{sign}(\hat y - y)`.

    At a perfect prediction (``r = 0``, the kink) the subgradient 0 is returned: ``sign(0) = 0``.

    >>> import lossbook as lb
    >>> lb.mae_grad([1.0, 2.0, 3.0, 4.0], [0.0, 2.0, 5.0, 4.5]).tolist()
    [-0.25, 0.0, 0.25, 0.25]

    Reference: Hastie, Tibshirani and Friedman, *The Elements of Statistical Learning*, 2nd ed. (2009), section 10.6.
    """
    r, reduction = _residual(y_true, y_pred, reduction)
    # sign(0) = 0: the subgradient at the kink. Into a separate array: NumPy's in-place np.sign is several times slower.
    g = np.sign(r, out=np.empty(r.shape))
    scale = reduction_scale(r.size, reduction)
    if scale != 1.0:
        np.multiply(g, scale, out=g)
    return g


def huber(y_true, y_pred, *, delta=1.0, reduction="mean"):
    r"""Huber loss: squared error for small residuals, absolute error (shifted to join smoothly) for large ones.

    .. math::

        L_\delta(r) = \begin{cases} \tfrac12 r^2 & |r| \le \delta \\
                                    \delta\,(|r| - \tfrac12\delta) & |r| > \delta \end{cases}
        \qquad r = \hat y - y

    Domain: ``y_true`` and ``y_pred`` finite real arrays of the same shape; ``delta > 0`` (keyword-only) is where the
    quadratic part hands over to the linear one. ``reduction`` as in :func:`mse`. Matches ``scipy.special.huber(delta,
    r)`` and PyTorch's ``huber_loss``. The quadratic branch is never evaluated where it could overflow, so
    ``huber(0, 1e200)`` is ``1e200 - 0.5``, not ``inf``.

    >>> import lossbook as lb
    >>> lb.huber([0.0, 0.0], [0.5, 3.0], reduction="none").tolist()   # 0.5*0.5**2 and 1*(3 - 0.5)
    [0.125, 2.5]
    >>> lb.huber([250_000.0], [270_000.0])       # the $20,000 miss grows only linearly
    19999.5
    >>> lb.huber([0.0], [1e200])
    1e+200

    Reference: Huber, "Robust Estimation of a Location Parameter", Annals of Mathematical Statistics 35 (1964).
    """
    delta = check_scalar(delta, "delta", low=0.0, low_open=True)
    if check_reduction(reduction) != "none":

        def block_sum(r, c):
            # With c = clip(r, -delta, delta):  r*c - 0.5*c**2  is 0.5*r**2 on the quadratic branch (c = r) and
            # delta*|r| - 0.5*delta**2 on the linear one (c = delta*sign(r)). So the block's total is two dot
            # products, with no square of an unclipped residual (no overflow at r = 1e200) and no np.where. Every
            # r*c >= c**2 >= 0, so subtracting half of the second sum from the first cannot cancel.
            # np.clip rather than np.minimum then np.maximum: one pass, and measured twice as fast on cached blocks
            # (NumPy's minimum/maximum with a scalar operand take a slower loop).
            np.clip(r, -delta, delta, out=c)
            return _dot(r, c) - 0.5 * _dot(c, c)

        return _blockwise_total(y_true, y_pred, reduction, block_sum)
    r, reduction = _residual(y_true, y_pred, reduction)
    a = np.abs(r, out=r)
    # With c = min(|r|, delta):  0.5*c**2 + delta*(|r| - c)  equals 0.5*r**2 on the quadratic branch (c = |r|) and
    # delta*(|r| - 0.5*delta) on the linear one (c = delta). Only the clipped c is squared, so nothing overflows,
    # and no np.where has to evaluate (and discard) the squared branch for every element.
    c = np.minimum(a, delta, out=np.empty(a.shape))  # out= keeps 0-d input an array, so the in-place steps work
    np.subtract(a, c, out=a)  # |r| - c: zero on the quadratic branch
    with np.errstate(over="ignore"):  # delta*|r| beyond 1.8e308 is genuinely inf (only for huge delta and r)
        np.multiply(a, delta, out=a)
        np.multiply(c, c, out=c)
        np.multiply(c, 0.5, out=c)
        np.add(a, c, out=a)
    return _mean_or_sum(a, reduction)


def huber_grad(y_true, y_pred, *, delta=1.0, reduction="mean"):
    r"""Gradient of :func:`huber` with respect to ``y_pred``: the residual clipped to ``[-delta, delta]``.

    .. math:: \frac{\partial L_\delta}{\partial \hat y} = \mathrm{clip}(r, -\delta, \delta)

    Continuous everywhere (both branches give ``±delta`` at ``|r| = delta``), divided by ``n`` for the mean.

    >>> import lossbook as lb
    >>> lb.huber_grad([0.0, 0.0, 0.0], [0.5, 3.0, -1e200], reduction="sum").tolist()
    [0.5, 1.0, -1.0]

    Reference: Huber, "Robust Estimation of a Location Parameter", Annals of Mathematical Statistics 35 (1964).
    """
    delta = check_scalar(delta, "delta", low=0.0, low_open=True)
    r, reduction = _residual(y_true, y_pred, reduction)
    np.clip(r, -delta, delta, out=r)
    scale = reduction_scale(r.size, reduction)
    if scale != 1.0:
        np.multiply(r, scale, out=r)
    return r
