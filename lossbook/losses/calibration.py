r"""Calibration: do predicted probabilities match how often things happen?

The Brier score is a loss (with its gradient, under the contract's conventions); ``reliability_curve`` and
``expected_calibration_error`` are the two measurements a reliability diagram is made of. All take 0/1 outcomes (or
probabilities) ``y_true`` and predicted probabilities ``p_pred`` of the same shape, both in [0, 1].
"""

from __future__ import annotations

import numpy as np

from .._validation import as_probability_array, check_reduction, check_same_shape, reduce, reduction_scale

__all__ = ["brier_score", "brier_score_grad", "reliability_curve", "expected_calibration_error"]


def _inputs(y_true, p_pred):
    t = as_probability_array(y_true, "y_true")
    p = as_probability_array(p_pred, "p_pred")
    check_same_shape(t, p, "y_true", "p_pred")
    return t, p


def brier_score(y_true, p_pred, *, reduction="mean"):
    r"""Brier score: the squared error of a predicted probability against the outcome.

    .. math:: \mathrm{BS}(y, p) = (p - y)^2

    Domain: ``y_true`` in [0, 1] (0/1 outcomes, or probabilities), ``p_pred`` in [0, 1], same shape; ``reduction``
    ``"mean"`` (default), ``"sum"`` or ``"none"``. Like cross-entropy it is a *proper scoring rule*: when the outcome
    is 1 with probability ``q``, the expected score ``q(1-p)^2 + (1-q)p^2`` is smallest at ``p = q``. Unlike
    cross-entropy it is bounded: a certain, wrong prediction costs 1, not infinity. This is the binary form
    (scikit-learn's ``brier_score_loss``); Brier's original sums over both classes, which doubles it.

    >>> import lossbook as lb
    >>> round(lb.brier_score([1, 0], [0.8, 0.3]), 4)     # (0.2**2 + 0.3**2) / 2
    0.065

    Reference: G. W. Brier, "Verification of forecasts expressed in terms of probability", Monthly Weather Review 78
    (1950); Gneiting and Raftery, "Strictly proper scoring rules, prediction, and estimation", JASA 102 (2007).
    """
    reduction = check_reduction(reduction)
    t, p = _inputs(y_true, p_pred)
    return reduce((p - t) ** 2, reduction)


def brier_score_grad(y_true, p_pred, *, reduction="mean"):
    r"""Gradient of :func:`brier_score` with respect to ``p_pred``: :math:`2(p - y)`, divided by the number of
    elements for ``"mean"``; the shape of ``p_pred``.

    >>> import lossbook as lb
    >>> lb.brier_score_grad([1, 0], [0.8, 0.3]).round(4).tolist()      # 2 * (p - y) / 2
    [-0.2, 0.3]
    """
    reduction = check_reduction(reduction)
    t, p = _inputs(y_true, p_pred)
    grad = 2.0 * (p - t) * reduction_scale(p.size, reduction)
    return float(grad) if grad.ndim == 0 else grad


def _check_bins(bins):
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or bins < 1:
        raise ValueError(f"bins must be a whole number of at least 1 (10 is usual), got {bins!r}")
    return int(bins)


def reliability_curve(y_true, p_pred, *, bins=10):
    r"""The points of a reliability diagram: the predictions are sorted into ``bins`` equal-width bins of [0, 1]
    (the last one includes 1); for each bin, the mean predicted probability, the observed frequency of the outcome
    (the mean of ``y_true``) and the number of predictions in it.

    Returns three arrays of length ``bins``: ``mean_predicted``, ``frequency`` (both NaN for an empty bin, which
    a plot leaves out) and ``count``. A calibrated model has ``frequency`` close to ``mean_predicted`` in every bin:
    of the days it says "30% rain", it rains on about 30%.

    >>> import lossbook as lb
    >>> pred, freq, count = lb.reliability_curve([0, 0, 1, 1], [0.1, 0.2, 0.7, 0.9], bins=2)
    >>> pred.round(3).tolist(), freq.tolist(), count.tolist()
    ([0.15, 0.8], [0.0, 1.0], [2, 2])

    Reference: DeGroot and Fienberg, "The comparison and evaluation of forecasters", The Statistician 32 (1983);
    Guo et al., "On calibration of modern neural networks", ICML 2017.
    """
    bins = _check_bins(bins)
    t, p = _inputs(y_true, p_pred)
    t, p = t.ravel(), p.ravel()
    index = np.minimum((p * bins).astype(int), bins - 1)  # p = 1 falls into the last bin, not a bin of its own
    count = np.bincount(index, minlength=bins)
    filled = count > 0
    mean_predicted = np.full(bins, np.nan)
    frequency = np.full(bins, np.nan)
    mean_predicted[filled] = np.bincount(index, weights=p, minlength=bins)[filled] / count[filled]
    frequency[filled] = np.bincount(index, weights=t, minlength=bins)[filled] / count[filled]
    return mean_predicted, frequency, count


def expected_calibration_error(y_true, p_pred, *, bins=10):
    r"""Expected calibration error (ECE): the gap between the reliability curve and the diagonal, averaged over the
    bins with weights equal to their share of the predictions.

    .. math:: \mathrm{ECE} = \sum_{b} \frac{n_b}{n}\,\bigl|\,\bar y_b - \bar p_b\,\bigr|

    0 for a model whose mean prediction matches the frequency in every bin; it is a measurement, not a loss (it has
    no useful gradient), and its value depends on ``bins``.

    >>> import lossbook as lb
    >>> # two bins, each half of the predictions: 0.5*|0.5 - 0.15| + 0.5*|1 - 0.8|
    >>> round(lb.expected_calibration_error([0, 1, 1, 1], [0.1, 0.2, 0.7, 0.9], bins=2), 4)
    0.275

    Reference: Naeini, Cooper and Hauskrecht, "Obtaining well calibrated probabilities using Bayesian binning",
    AAAI 2015; Guo et al., ICML 2017.
    """
    mean_predicted, frequency, count = reliability_curve(y_true, p_pred, bins=bins)
    filled = count > 0
    return float(np.sum(count[filled] * np.abs(frequency[filled] - mean_predicted[filled])) / count.sum())
