"""Numerically stable activations: sigmoid, softplus, softmax and friends.

Each one is finite for every finite input up to ``abs(z) = 1e300``: no overflow, no ``RuntimeWarning``. The trick is
always the same: never exponentiate a large positive number. Subtract the maximum first (softmax, log-sum-exp), or
exponentiate ``-abs(z)``, which lies in (0, 1] (sigmoid, softplus).
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_at_least_1d, check_axis

__all__ = ["sigmoid", "log_sigmoid", "softplus", "softmax", "log_softmax", "logsumexp"]


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
    return np.asarray(_sigmoid(as_float_array(z, "z")))  # a 0-d array for scalar input, as before


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
    return _log_sigmoid(as_float_array(z, "z"))


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
    z, axis = _row_input(z, axis, "summed")
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
    z, axis = _row_input(z, axis)
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
    z, axis = _row_input(z, axis)
    return _log_softmax(z, axis)


# ---------------------------------------------------------------------------------------------------------------------
# The formulas on checked float64 arrays (the losses call these directly, after their own input checks)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(z))  # in (0, 1]: it may underflow to 0 (harmless) but never overflows
    # 1/(1 + e^-z) for z >= 0 and e^z/(1 + e^z) for z < 0: the same value, without ever computing e^|z|
    return np.where(z >= 0.0, 1.0, e) / (1.0 + e)


def _softplus(z: np.ndarray) -> np.ndarray:
    # log(1 + e^z) = max(z, 0) + log1p(e^-|z|): the exponent is never positive, and log1p keeps the digits of
    # log(1 + tiny) that log(1 + tiny) would round away.
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def _log_sigmoid(z: np.ndarray) -> np.ndarray:
    return -_softplus(-z)  # log(1/(1 + e^-z)) = -log(1 + e^-z), without forming the sigmoid


def _shifted(z: np.ndarray, axis) -> np.ndarray:
    # z - max(z) is <= 0 with a 0 in every slice, so exp() of it cannot overflow. A gap beyond the float range
    # (|z| ~ 9e307 on both sides) gives -inf, and exp(-inf) = 0 is the right weight for it.
    with np.errstate(over="ignore"):
        return z - np.max(z, axis=axis, keepdims=True)


def _logsumexp(z: np.ndarray, axis) -> np.ndarray:
    m = np.max(z, axis=axis, keepdims=True)
    with np.errstate(over="ignore"):  # as in _shifted: a gap beyond the float range is -inf, its weight exp(-inf) = 0
        total = np.sum(np.exp(z - m), axis=axis, keepdims=True)
    # Shifted by the maximum, the sum lies in [1, C]: its log is safe (the largest term is exactly exp(0) = 1).
    return np.squeeze(m + np.log(total), axis=axis)


def _log_softmax(z: np.ndarray, axis) -> np.ndarray:
    shifted = _shifted(z, axis)
    # log(sum(exp(shifted))) is in [0, log C]: no overflow, and never log(0), because one term is exp(0) = 1.
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _softmax(z: np.ndarray, axis) -> np.ndarray:
    e = np.exp(_shifted(z, axis))  # in [0, 1]; the largest entry maps to exactly 1, so the sum is >= 1
    return e / np.sum(e, axis=axis, keepdims=True)


def _row_input(z, axis, what="classes"):
    """``z`` as a finite float64 array of at least one axis, and ``axis`` checked against it."""
    z = as_float_array(z, "z")
    check_at_least_1d(z, "z", what)
    return z, check_axis(axis, z.ndim)
