"""Regression losses: mean squared error, mean absolute error and Huber, each with its analytic gradient.

Every function takes ``(y_true, y_pred)``: the actual values first, the predictions second. The gradient functions
return the derivative of the *reduced* loss with respect to ``y_pred``, with ``y_pred``'s shape.

Overflow policy: a residual so large that its square exceeds the float64 range (``|r| > 1.3e154`` for the squared
error) gives ``inf``, which is the correctly rounded answer, and no ``RuntimeWarning``. Huber's linear branch never
squares the residual, so Huber stays finite for every finite residual. A mean whose sum exceeds the range is taken
over the values divided by their count (two losses of 1.7e308 average to 1.7e308); a mean over values that are
themselves beyond the range (a squared residual of 1.4e154, or ``|y_pred - y_true| > 1.8e308``) stays ``inf``.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_float_array, check_reduction, check_same_shape, check_scalar, reduce, reduction_scale

__all__ = ["mse", "mse_grad", "mae", "mae_grad", "huber", "huber_grad"]


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
    r, reduction = _residual(y_true, y_pred, reduction)
    with np.errstate(over="ignore"):  # |r| > 1.3e154 squares beyond 1.8e308: inf is the correctly rounded value
        return _reduce(r**2, reduction)


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
    with np.errstate(over="ignore"):  # 2*r beyond 1.8e308 (|r| > 9e307) is inf, its correctly rounded value
        return np.asarray(2.0 * reduction_scale(r.size, reduction) * r)  # an array also for 0-d input


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
    r, reduction = _residual(y_true, y_pred, reduction)
    return _reduce(np.abs(r), reduction)


def mae_grad(y_true, y_pred, *, reduction="mean"):
    r"""Gradient of :func:`mae` with respect to ``y_pred``: :math:`\frac{1}{n}\,\mathrm{sign}(\hat y - y)`.

    At a perfect prediction (``r = 0``, the kink) the subgradient 0 is returned: ``sign(0) = 0``.

    >>> import lossbook as lb
    >>> lb.mae_grad([1.0, 2.0, 3.0, 4.0], [0.0, 2.0, 5.0, 4.5]).tolist()
    [-0.25, 0.0, 0.25, 0.25]

    Reference: Hastie, Tibshirani and Friedman, *The Elements of Statistical Learning*, 2nd ed. (2009), section 10.6.
    """
    r, reduction = _residual(y_true, y_pred, reduction)
    # sign(0) = 0: the subgradient at the kink.
    return np.asarray(np.sign(r) * reduction_scale(r.size, reduction))


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
    r, delta, reduction = _residual(y_true, y_pred, reduction, delta=delta)
    # With c = clip(r, -delta, delta), c*(r - c/2) is r**2/2 where |r| <= delta (c = r) and delta*(|r| - delta/2)
    # beyond (c = +-delta): both branches in one expression that never squares an unclipped residual.
    c = np.clip(r, -delta, delta)
    with np.errstate(over="ignore"):  # delta*|r| beyond 1.8e308 is genuinely inf (only for huge delta and r)
        return _reduce(c * (r - 0.5 * c), reduction)


def huber_grad(y_true, y_pred, *, delta=1.0, reduction="mean"):
    r"""Gradient of :func:`huber` with respect to ``y_pred``: the residual clipped to ``[-delta, delta]``.

    .. math:: \frac{\partial L_\delta}{\partial \hat y} = \mathrm{clip}(r, -\delta, \delta)

    Continuous everywhere (both branches give ``±delta`` at ``|r| = delta``), divided by ``n`` for the mean.

    >>> import lossbook as lb
    >>> lb.huber_grad([0.0, 0.0, 0.0], [0.5, 3.0, -1e200], reduction="sum").tolist()
    [0.5, 1.0, -1.0]

    Reference: Huber, "Robust Estimation of a Location Parameter", Annals of Mathematical Statistics 35 (1964).
    """
    r, delta, reduction = _residual(y_true, y_pred, reduction, delta=delta)
    return np.asarray(np.clip(r, -delta, delta) * reduction_scale(r.size, reduction))


# ---------------------------------------------------------------------------------------------------------------------
# Private helpers


def _residual(y_true, y_pred, reduction, **delta):
    """The one input check of this module, in one order for every loss, reduction and gradient: ``reduction``, then
    ``delta`` (Huber's, passed as ``delta=``), then ``y_true`` (readable, not empty, finite), ``y_pred`` (the same),
    then the shapes.

    Returns ``r = y_pred - y_true`` as a float64 array, the checked ``delta`` when given, and the ``reduction``.
    """
    reduction = check_reduction(reduction)
    hyperparameters = [check_scalar(value, name, low=0.0, low_open=True) for name, value in delta.items()]
    t = as_float_array(y_true, "y_true")
    p = as_float_array(y_pred, "y_pred")
    check_same_shape(t, p, "y_true", "y_pred")
    # Two finite numbers of opposite sign near 1.8e308 differ by more than the float range: inf is the correctly
    # rounded difference, not an error.
    with np.errstate(over="ignore"):
        r = np.asarray(p - t)
    return (r, *hyperparameters, reduction)


def _reduce(values, reduction):
    """:func:`reduce` for non-negative values whose sum may exceed the float range while their mean does not.

    ``mean([1.7e308, 1.7e308])`` is 1.7e308: when the sum overflows, the values are divided by their count first.
    A sum beyond 1.8e308 is inf, its correctly rounded value, without a warning.
    """
    if reduction == "none":
        return reduce(values, reduction)
    with np.errstate(over="ignore"):
        total = np.sum(values)
    if reduction == "mean":
        total = total / values.size if np.isfinite(total) else np.sum(values / values.size)
    return float(total)
