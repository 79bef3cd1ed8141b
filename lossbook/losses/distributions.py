"""Losses between probability distributions: Kullback-Leibler divergence, plus entropy and cross-entropy for the KL
lesson (``cross_entropy(p, q) = entropy(p) + kl_divergence(p, q)``).

Every function here takes distributions over the last axis (each row non-negative and summing to 1 within 1e-6 for
float64 input) and is exact: no clamping of logarithms. That is the difference from :func:`categorical_cross_entropy`,
the training loss, which clamps ``log(p)`` at -100 as PyTorch does.

Numerics. The term ``p*log(p/q)`` is taken as 0 where ``p = 0`` (its limit) and computed elsewhere as
``p*(log(p) - log(q))``: the ratio ``p/q`` can overflow for a tiny ``q`` while both logarithms are finite. Where
``q = 0 < p``, ``log(q) = -inf`` gives the mathematically right ``inf``. This is what ``scipy.special.rel_entr``
computes, without needing SciPy.
"""

from __future__ import annotations

import numpy as np

from .._validation import (
    as_float_array,
    check_at_least_1d,
    check_reduction,
    check_same_shape,
    reduce,
    reduction_scale,
    sum_repr,
    sum_tolerance,
)

__all__ = ["kl_divergence", "kl_divergence_grad", "entropy", "cross_entropy", "cross_entropy_grad"]


def kl_divergence(p_true, q_pred, *, reduction="mean"):
    r"""Kullback-Leibler divergence of the predicted distribution ``q_pred`` from the true one ``p_true``, per row.

    .. math:: D_{\mathrm{KL}}(p \,\Vert\, q) = \sum_j p_j \log\frac{p_j}{q_j}, \qquad 0 \log\frac{0}{q} = 0

    Domain: ``p_true`` and ``q_pred`` have the same shape; each row (last axis) is a probability distribution: values
    in [0, 1] summing to 1 within 1e-6 (for float32 or float16 input, within a tolerance that grows with the number of
    classes and the precision's epsilon). Natural logarithm (nats). One value per row, then ``reduction``. The result
    is ``inf`` where some ``q_j = 0`` with ``p_j > 0`` (``q`` says impossible what ``p`` says happens), otherwise
    finite and >= 0 up to rounding: rows that sum to 1 only within the tolerance can give a tiny negative value, of the
    size of that tolerance. Not symmetric: ``kl_divergence(p, q) != kl_divergence(q, p)`` in general.

    >>> import lossbook as lb
    >>> lb.kl_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    >>> round(lb.kl_divergence([1.0, 0.0], [0.5, 0.5]), 6)  # log(2)
    0.693147
    >>> lb.kl_divergence([0.5, 0.5], [1.0, 0.0])
    inf

    Reference: Kullback and Leibler, "On information and sufficiency", Ann. Math. Statist. 22 (1951); Cover and
    Thomas, *Elements of Information Theory* (2006), section 2.3.
    """
    p, q, reduction = _distribution_pair(p_true, q_pred, reduction)
    used = p > 0.0  # the classes p gives a chance; the others contribute 0*log(0/q) = 0
    # p*(log p - log q), not p*log(p/q): p/q overflows for a tiny q, the two logs do not.
    terms = p * (_log_where(p, used) - _log_where(q, used))
    return reduce(np.sum(terms, axis=-1), reduction)


def kl_divergence_grad(p_true, q_pred, *, reduction="mean"):
    r"""Gradient of :func:`kl_divergence` (after ``reduction``) with respect to ``q_pred``; same shape as ``q_pred``.

    .. math:: \frac{\partial D_{\mathrm{KL}}}{\partial q_j} = -\frac{p_j}{q_j}

    It is 0 where ``p_j = 0`` (whatever ``q_j``) and ``-inf`` where ``q_j = 0 < p_j``: there the loss is infinite and
    falls without bound as ``q_j`` grows. The gradient ignores the constraint that ``q`` sums to 1 (for a ``q`` that
    is a softmax of logits ``z``, the chain rule gives ``softmax(z) - p`` per row).

    >>> import lossbook as lb
    >>> lb.kl_divergence_grad([1.0, 0.0], [0.5, 0.5]).tolist()
    [-2.0, 0.0]
    >>> lb.kl_divergence_grad([0.5, 0.5], [1.0, 0.0]).tolist()
    [-0.5, -inf]

    Reference: Cover and Thomas, *Elements of Information Theory* (2006), section 2.3.
    """
    p, q, reduction = _distribution_pair(p_true, q_pred, reduction)
    used = p > 0.0
    # -inf where q = 0 < p, and for a subnormal q where p/q exceeds the float range: the correctly rounded value,
    # not a bug to warn about. Dividing by 1 where p = 0 avoids 0/0; those entries are 0.
    with np.errstate(divide="ignore", over="ignore"):
        grad = np.where(used, -p / np.where(used, q, 1.0), 0.0)
    return grad * reduction_scale(int(np.prod(p.shape[:-1])), reduction)


def entropy(p, *, reduction="mean"):
    r"""Shannon entropy of each row of ``p``, in nats: the average surprise of outcomes drawn from ``p``.

    .. math:: H(p) = -\sum_j p_j \log p_j, \qquad 0 \log 0 = 0

    Domain: each row (last axis) of ``p`` is a probability distribution (values in [0, 1] summing to 1 within 1e-6 for
    float64 input). One value per row, in ``[0, log C]`` for ``C`` classes, then ``reduction``. A helper for the KL
    lesson, not a loss: it has no prediction argument and no gradient function.

    >>> import lossbook as lb
    >>> lb.entropy([1.0, 0.0])
    0.0
    >>> round(lb.entropy([0.25, 0.25, 0.25, 0.25]), 6)  # log(4)
    1.386294

    Reference: Shannon, "A mathematical theory of communication", Bell System Technical Journal 27 (1948).
    """
    reduction = check_reduction(reduction)
    p = _distribution(p, "p")
    # -p*log(p) >= 0 for p in [0, 1]; 0 at p = 0, its limit (where 0*log(0) would be 0*(-inf) = nan).
    terms = -p * _log_where(p, p > 0.0)
    return reduce(np.sum(terms, axis=-1), reduction)


def cross_entropy(p_true, q_pred, *, reduction="mean"):
    r"""Exact cross-entropy between two distributions, per row: ``entropy(p) + kl_divergence(p, q)``.

    .. math:: H(p, q) = -\sum_j p_j \log q_j, \qquad 0 \log q = 0

    Domain: as :func:`kl_divergence`: both arguments are rows of probability distributions of the same shape. ``inf``
    where some ``q_j = 0`` with ``p_j > 0``. Unlike :func:`categorical_cross_entropy` (the training loss) it does not
    clamp the logarithm at -100 and requires ``p_true`` to be a distribution: it is the information-theory quantity.

    >>> import lossbook as lb
    >>> round(lb.cross_entropy([0.5, 0.5], [0.5, 0.5]), 6)  # = entropy, since KL(p || p) = 0
    0.693147
    >>> round(lb.cross_entropy([1.0, 0.0], [0.25, 0.75]), 6)  # log(4)
    1.386294

    Reference: Goodfellow, Bengio and Courville, *Deep Learning* (2016), section 3.13; Cover and Thomas, *Elements of
    Information Theory* (2006), section 2.3.
    """
    p, q, reduction = _distribution_pair(p_true, q_pred, reduction)
    # log q only where p > 0: there 0*log(q) would be 0*(-inf) = nan for q = 0, and the term's limit is 0.
    terms = -p * _log_where(q, p > 0.0)
    return reduce(np.sum(terms, axis=-1), reduction)


def cross_entropy_grad(p_true, q_pred, *, reduction="mean"):
    r"""Gradient of :func:`cross_entropy` (after ``reduction``) with respect to ``q_pred``: ``-p/q``, the same as
    :func:`kl_divergence_grad` (the two differ by ``entropy(p)``, which does not depend on ``q``).

    .. math:: \frac{\partial H(p, q)}{\partial q_j} = -\frac{p_j}{q_j}

    0 where ``p_j = 0``, ``-inf`` where ``q_j = 0 < p_j``.

    >>> import lossbook as lb
    >>> lb.cross_entropy_grad([[1.0, 0.0], [0.0, 1.0]], [[0.5, 0.5], [0.75, 0.25]], reduction="sum").tolist()
    [[-2.0, 0.0], [0.0, -4.0]]

    Reference: Goodfellow, Bengio and Courville, *Deep Learning* (2016), section 6.2.2.
    """
    # H(p, q) = H(p) + KL(p || q) and H(p) does not depend on q: the same gradient, the same checks.
    return kl_divergence_grad(p_true, q_pred, reduction=reduction)


# --------------------------------------------------------------------------------------------------------------------
# Private helpers: the input checks (one preamble for a pair of distributions, one for a single one) and the log
# --------------------------------------------------------------------------------------------------------------------


def _distribution_pair(p_true, q_pred, reduction):
    """The one preamble of every two-argument function here, in this order: reduction, ``p_true``, ``q_pred``, shapes."""
    reduction = check_reduction(reduction)
    p = _distribution(p_true, "p_true")
    q = _distribution(q_pred, "q_pred")
    check_same_shape(p, q, "p_true", "q_pred")
    return p, q, reduction


def _distribution(value, name):
    """``value`` as float64 rows (the last axis) of a probability distribution, or raise naming ``name``."""
    x = as_float_array(value, name)
    check_at_least_1d(x, name, "classes")
    # The shared messages point at *_with_logits versions, which do not exist here: say what to do instead.
    if x.min() < 0.0 or x.max() > 1.0:
        raise ValueError(
            f"{name} must hold probabilities in [0, 1], but it ranges from {x.min():.6g} to {x.max():.6g}; "
            f"if these are raw scores (logits), pass lb.softmax({name}) instead"
        )
    sums = np.ravel(x.sum(axis=-1))
    worst = sums[np.argmax(np.abs(sums - 1.0))]
    dtype = np.asarray(value).dtype  # the precision the caller computed in sets the tolerance
    tolerance = sum_tolerance(dtype, x.shape[-1])
    if abs(worst - 1.0) > tolerance:
        precision = ""
        if dtype.kind == "f" and dtype.itemsize < 8:  # float32 / float16 input: how far it may be off, how to do better
            precision = (f" ({dtype} input with {x.shape[-1]} classes may be off by {tolerance:.3g}; compute the "
                         "probabilities in float64 for a tighter check)")
        raise ValueError(
            f"each row of {name} must sum to 1 along the last axis (a probability distribution), but a row sums to "
            f"{sum_repr(worst)}{precision}; did you forget a softmax? (divide counts by their row sums, or pass "
            f"lb.softmax(scores) for raw scores)"
        )
    return x


def _log_where(x, mask):
    """``log(x)`` where ``mask`` holds (``-inf`` there if ``x == 0``: the right limit, without a warning), 0 elsewhere."""
    with np.errstate(divide="ignore"):
        return np.where(mask, np.log(x), 0.0)
