"""Losses between probability distributions: Kullback-Leibler divergence, plus entropy and cross-entropy for the KL
lesson (``cross_entropy(p, q) = entropy(p) + kl_divergence(p, q)``).

Every function here takes distributions over the last axis (each row non-negative and summing to 1 within 1e-6) and
is exact: no clamping of logarithms. That is the difference from :func:`categorical_cross_entropy`, the training loss,
which clamps ``log(p)`` at -100 as PyTorch does.

Numerics. The term ``p*log(p/q)`` is taken as 0 where ``p = 0`` (its limit) and computed elsewhere as
``p*(log(p) - log(q))``: the ratio ``p/q`` can overflow for a tiny ``q`` while both logarithms are finite. ``log(q)``
is evaluated only where ``p > 0`` and set to ``-inf`` where ``q = 0``, which gives the mathematically right ``inf``
without a divide-by-zero ``RuntimeWarning``. This is what ``scipy.special.rel_entr`` computes, without needing SciPy.
"""

from __future__ import annotations

import numpy as np

from .._validation import (
    SUM_TOLERANCE,
    as_float_array,
    check_at_least_1d,
    check_reduction,
    check_same_shape,
    reduce,
    reduction_scale,
)
from .classification import _CHUNK, _chunks, _fast_rows, _row_sums, _sums_to_one

__all__ = ["kl_divergence", "kl_divergence_grad", "entropy", "cross_entropy", "cross_entropy_grad"]


def _distribution(value, name):
    x = as_float_array(value, name)
    check_at_least_1d(x, name, "classes")
    # The shared messages point at *_with_logits versions, which do not exist here: say what to do instead.
    if x.min() < 0.0 or x.max() > 1.0:
        raise ValueError(
            f"{name} must hold probabilities in [0, 1], but it ranges from {x.min():.6g} to {x.max():.6g}; "
            f"if these are raw scores (logits), pass lb.softmax({name}) instead"
        )
    sums = x.sum(axis=-1)
    worst = np.argmax(np.ravel(np.abs(sums - 1.0)))
    if abs(np.ravel(sums)[worst] - 1.0) > SUM_TOLERANCE:
        raise ValueError(
            f"each row of {name} must sum to 1 along the last axis (a probability distribution), but a row sums to "
            f"{np.ravel(sums)[worst]:.6g}; did you forget a softmax? (divide counts by their row sums, or pass "
            f"lb.softmax(scores) for raw scores)"
        )
    return x


def _prepare(p_true, q_pred, reduction):
    reduction = check_reduction(reduction)
    p = _distribution(p_true, "p_true")
    q = _distribution(q_pred, "q_pred")
    check_same_shape(p, q, "p_true", "q_pred")
    return p, q, reduction


def _log_where(x, mask):
    """``log(x)`` where ``mask`` holds (``-inf`` there if ``x == 0``), 0 elsewhere, without a divide-by-zero warning."""
    out = np.zeros_like(x)
    # log is evaluated only where mask is true and x > 0; where mask is true and x == 0, log(0) = -inf is the limit.
    np.log(x, out=out, where=mask & (x > 0.0))
    out[mask & (x == 0.0)] = -np.inf
    return out


def _neg_p_over_q(p, q, scale):
    """``-p/q * scale``: 0 where p = 0 (whatever q), -inf where q = 0 < p."""
    g = np.zeros_like(p)
    positive = p > 0.0
    with np.errstate(divide="ignore", over="ignore"):
        # q = 0 < p gives -inf (the loss is inf there and falls without bound as q grows); p/q can also exceed the
        # float range for a subnormal q, where -inf is the correctly rounded value. Neither is a bug to warn about.
        np.divide(-p, q, out=g, where=positive)
    return g * scale


def _kl_rows_fast(p_true, q_pred):
    """Per-row KL divergence with every check of :func:`_prepare` fused into one chunked pass over both inputs, or
    None to fall back: the slow path then raises with its messages in its order (or computes).

    Chunks of at most 65,536 values stay in cache while they are checked (range, row sums) and used. A chunk where
    every p and q is positive (the usual case: softmax outputs) takes ``p*(log p - log q)`` directly, with no masks;
    a chunk holding a zero takes the masked form of the slow path (0*log(0/q) = 0, inf where q = 0 < p).
    """
    fast = _fast_rows(p_true, "p_true", q_pred, "q_pred")
    if fast is None:
        return None
    p2, q2, row_shape = fast
    rows, cols = p2.shape
    step = max(1, _CHUNK // cols)
    values = np.empty(rows)
    sums = np.empty(min(step, rows))
    log_p, log_q = np.empty((min(step, rows), cols)), np.empty((min(step, rows), cols))
    minimum, maximum = np.minimum.reduce, np.maximum.reduce
    for _, pb, qb, out, sums_n, lp, lq in _chunks(step, (p2, q2, values), (sums, log_p, log_q)):
        # NaN propagates through min and max and fails the comparisons; inf lies outside [0, 1].
        p_low, q_low = minimum(pb, axis=None), minimum(qb, axis=None)
        if not (p_low >= 0.0 and maximum(pb, axis=None) <= 1.0 and q_low >= 0.0 and maximum(qb, axis=None) <= 1.0):
            return None
        if not (_sums_to_one(_row_sums(pb, sums_n)) and _sums_to_one(_row_sums(qb, sums_n))):
            return None
        if p_low > 0.0 and q_low > 0.0:
            np.log(pb, out=lp)  # p*(log p - log q) rather than p*log(p/q): p/q overflows for tiny q, the logs do not
            np.log(qb, out=lq)
            np.subtract(lp, lq, out=lp)
            np.multiply(lp, pb, out=lp)
            _row_sums(lp, out)
        else:
            positive = pb > 0.0  # the slow path's form: log only where p > 0, -inf where q = 0 < p, no warning
            out[...] = np.sum(pb * (_log_where(pb, positive) - _log_where(qb, positive)), axis=-1)
    return values.reshape(row_shape)


def kl_divergence(p_true, q_pred, *, reduction="mean"):
    r"""Kullback-Leibler divergence of the predicted distribution ``q_pred`` from the true one ``p_true``, per row.

    .. math:: D_{\mathrm{KL}}(p \,\Vert\, q) = \sum_j p_j \log\frac{p_j}{q_j}, \qquad 0 \log\frac{0}{q} = 0

    Domain: ``p_true`` and ``q_pred`` have the same shape; each row (last axis) is a probability distribution: values
    in [0, 1] summing to 1 within 1e-6. Natural logarithm (nats). One value per row, then ``reduction``. The result is
    ``inf`` where some ``q_j = 0`` with ``p_j > 0`` (``q`` says impossible what ``p`` says happens), otherwise finite
    and >= 0 up to rounding: rows that sum to 1 only within the tolerance can give a tiny negative value, of the size
    of that tolerance. Not symmetric: ``kl_divergence(p, q) != kl_divergence(q, p)`` in general.

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
    reduction = check_reduction(reduction)
    values = _kl_rows_fast(p_true, q_pred)
    if values is not None:
        return reduce(values, reduction)
    p, q, reduction = _prepare(p_true, q_pred, reduction)
    positive = p > 0.0
    # p*(log p - log q) rather than p*log(p/q): p/q overflows for tiny q, the two logs do not.
    terms = p * (_log_where(p, positive) - _log_where(q, positive))
    # Where p = 0 both logs are 0 by construction, so the term is 0*0 = 0 (the limit), never 0*inf = nan.
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
    p, q, reduction = _prepare(p_true, q_pred, reduction)
    n_rows = int(np.prod(p.shape[:-1]))
    return _neg_p_over_q(p, q, reduction_scale(n_rows, reduction))


def entropy(p, *, reduction="mean"):
    r"""Shannon entropy of each row of ``p``, in nats: the average surprise of outcomes drawn from ``p``.

    .. math:: H(p) = -\sum_j p_j \log p_j, \qquad 0 \log 0 = 0

    Domain: each row (last axis) of ``p`` is a probability distribution (values in [0, 1] summing to 1 within 1e-6).
    One value per row, in ``[0, log C]`` for ``C`` classes, then ``reduction``. A helper for the KL lesson, not a loss:
    it has no prediction argument and no gradient function.

    >>> import lossbook as lb
    >>> lb.entropy([1.0, 0.0])
    0.0
    >>> round(lb.entropy([0.25, 0.25, 0.25, 0.25]), 6)  # log(4)
    1.386294

    Reference: Shannon, "A mathematical theory of communication", Bell System Technical Journal 27 (1948).
    """
    reduction = check_reduction(reduction)
    p = _distribution(p, "p")
    # -p*log(p) >= 0 for p in [0, 1]; taken as 0 at p = 0, its limit (log evaluated only where p > 0).
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
    p, q, reduction = _prepare(p_true, q_pred, reduction)
    # log q only where p > 0: 0*log(0) would be 0*(-inf) = nan, and the term's limit is 0.
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
    p, q, reduction = _prepare(p_true, q_pred, reduction)
    n_rows = int(np.prod(p.shape[:-1]))
    return _neg_p_over_q(p, q, reduction_scale(n_rows, reduction))
