"""Numerically stable activations: sigmoid, softplus, softmax and friends.

Each one is finite for every finite input up to ``abs(z) = 1e300``: no overflow, no ``RuntimeWarning``. The trick is
always the same: never exponentiate a large positive number. Subtract the maximum first (softmax, log-sum-exp), or
exponentiate ``-abs(z)``, which lies in (0, 1] (sigmoid, softplus).
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_at_least_1d

__all__ = ["sigmoid", "log_sigmoid", "softplus", "softmax", "log_softmax", "logsumexp"]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # exp(-|z|) is in (0, 1]: it can underflow to 0 (harmless, NumPy ignores underflow) but never overflow.
    e = np.abs(z, out=np.empty(z.shape))  # out= keeps 0-d input an array, so the steps below can work in place
    np.negative(e, out=e)
    np.exp(e, out=e)
    d = np.add(e, 1.0, out=np.empty(z.shape))
    # For z >= 0: 1 / (1 + e^-z). For z < 0: e^z / (1 + e^z), the same value without computing e^-z = e^|z|.
    # The numerator is 1 or e: max(e, 1) = 1 where z >= 0 and max(e, 0) = e where z < 0 (e <= 1). This picks the
    # branch without np.where, which would build both candidate arrays and cost several times as much.
    np.maximum(e, z >= 0, out=e)
    np.divide(e, d, out=e)
    return e


def _softplus(z: np.ndarray) -> np.ndarray:
    # log(1 + e^z) = max(z, 0) + log1p(e^-|z|): the exponent is never positive, and log1p keeps the digits of
    # log(1 + tiny) that log(1 + tiny) would round away.
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def _logsumexp(z: np.ndarray, axis: int) -> np.ndarray:
    m = np.max(z, axis=axis, keepdims=True)
    # Shifting by the maximum makes the largest exponent exactly 0, so the sum lies in [1, C] and its log is safe.
    # The shift of a very negative entry can exceed the float range only beyond |z| ~ 9e307; exp(-inf) = 0 is right then.
    with np.errstate(over="ignore"):
        s = np.sum(np.exp(z - m), axis=axis, keepdims=True)
    return np.squeeze(m + np.log(s), axis=axis)


def _log_softmax(z: np.ndarray, axis: int) -> np.ndarray:
    m = np.max(z, axis=axis, keepdims=True)
    with np.errstate(over="ignore"):
        shifted = z - m  # <= 0 everywhere, with a 0 in every row
    # log(sum(exp(shifted))) is in [0, log C]: no overflow, and log(0) cannot happen because one term is exp(0) = 1.
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _softmax(z: np.ndarray, axis: int) -> np.ndarray:
    m = np.max(z, axis=axis, keepdims=True)
    with np.errstate(over="ignore"):
        e = np.exp(z - m)  # in [0, 1], the row's maximum maps to exactly 1
    return e / np.sum(e, axis=axis, keepdims=True)


def sigmoid(z):
    r"""The logistic function, squashing any real number into (0, 1).

    .. math:: \sigma(z) = \frac{1}{1 + e^{-z}}

    Domain: ``z`` any finite real array. Saturates to exactly 0.0 or 1.0 in float64 beyond ``|z| ~ 37`` (1.0) and
    ``z ~ -745`` (0.0).

    >>> import lossbook as lb
    >>> float(lb.sigmoid(0.0))
    0.5
    >>> [round(float(v), 4) for v in lb.sigmoid([-1e300, -2.0, 2.0, 1e300])]
    [0.0, 0.1192, 0.8808, 1.0]

    Reference: Goodfellow, Bengio and Courville, *Deep Learning* (2016), section 3.10.
    """
    return _sigmoid(as_float_array(z, "z"))


def log_sigmoid(z):
    r"""The logarithm of the sigmoid, computed without forming the sigmoid: :math:`\log\sigma(z) = -\mathrm{softplus}(-z)`.

    Domain: ``z`` any finite real array. Finite everywhere (``log_sigmoid(-1e300) = -1e300``, not ``-inf``).

    >>> import lossbook as lb
    >>> round(float(lb.log_sigmoid(0.0)), 6)
    -0.693147
    >>> float(lb.log_sigmoid(-1000.0))
    -1000.0

    Reference: Goodfellow, Bengio and Courville, *Deep Learning* (2016), section 3.10.
    """
    return -_softplus(-as_float_array(z, "z"))


def softplus(z):
    r"""The smooth ReLU :math:`\mathrm{softplus}(z) = \log(1 + e^{z})`, stable for every finite ``z``.

    >>> import lossbook as lb
    >>> round(float(lb.softplus(0.0)), 6)
    0.693147
    >>> float(lb.softplus(1e300))
    1e+300

    Reference: Dugas et al., "Incorporating second-order functional knowledge for better option pricing", NeurIPS 2000.
    """
    return _softplus(as_float_array(z, "z"))


def logsumexp(z, axis=-1):
    r"""``log(sum(exp(z)))`` along ``axis``, shifted by the maximum so that it never overflows.

    .. math:: \mathrm{LSE}(z) = m + \log \sum_j e^{z_j - m}, \quad m = \max_j z_j

    >>> import lossbook as lb
    >>> round(float(lb.logsumexp([1.0, 2.0, 3.0])), 6)
    3.407606
    >>> float(lb.logsumexp([1e300, 1e300])) == 1e300
    True

    Reference: Blanchard, Higham and Higham, "Accurately computing the log-sum-exp and softmax functions", IMA J. Numer.
    Anal. 41 (2021).
    """
    z = as_float_array(z, "z")
    check_at_least_1d(z, "z", "summed")
    return _logsumexp(z, axis)


def softmax(z, axis=-1):
    r"""Turn scores (logits) into probabilities that sum to 1 along ``axis``.

    .. math:: \mathrm{softmax}(z)_i = \frac{e^{z_i - m}}{\sum_j e^{z_j - m}}, \quad m = \max_j z_j

    Subtracting the maximum does not change the result (softmax is shift-invariant) and keeps every exponent <= 0.

    >>> import lossbook as lb
    >>> [round(float(p), 4) for p in lb.softmax([2.0, 1.0, 0.1])]
    [0.659, 0.2424, 0.0986]
    >>> [float(p) for p in lb.softmax([1e300, 0.0])]
    [1.0, 0.0]

    Reference: Bridle, "Probabilistic interpretation of feedforward classification network outputs", 1990.
    """
    z = as_float_array(z, "z")
    check_at_least_1d(z, "z")
    return _softmax(z, axis)


def log_softmax(z, axis=-1):
    r"""The logarithm of the softmax, computed as ``z - logsumexp(z)`` so that it never takes ``log(0)``.

    .. math:: \log\mathrm{softmax}(z)_i = (z_i - m) - \log \sum_j e^{z_j - m}

    >>> import lossbook as lb
    >>> [round(float(v), 4) for v in lb.log_softmax([2.0, 1.0, 0.1])]
    [-0.417, -1.417, -2.317]
    >>> [float(v) for v in lb.log_softmax([0.0, -1000.0])]
    [0.0, -1000.0]

    Reference: Blanchard, Higham and Higham, IMA J. Numer. Anal. 41 (2021).
    """
    z = as_float_array(z, "z")
    check_at_least_1d(z, "z")
    return _log_softmax(z, axis)
