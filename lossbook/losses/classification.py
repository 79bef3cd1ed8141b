"""Classification losses: binary and categorical cross-entropy (from probabilities and from logits), sparse labels,
hinge losses and the focal loss, each with its analytic gradient.

Every function takes the actual labels first and the prediction second. The gradient functions return the derivative
of the *reduced* loss with respect to the prediction argument (probabilities, logits or scores), as an array of its
shape (0-d for a scalar prediction, hence the ``np.asarray`` around some results: NumPy arithmetic on 0-d arrays
gives scalars).

Two numerical policies run through the module:

* From probabilities (``p_pred``), every log is clamped at -100, PyTorch's choice: a prediction of exactly 0 for a
  true class costs 100, not ``inf``. Gradients divide by ``p`` (or ``p*(1-p)``) clamped at ``1e-12``.
* From logits, nothing is ever exponentiated that could overflow: ``log(sigmoid(z)) = -softplus(-z)`` and
  ``log_softmax(z) = z - logsumexp(z)``, so logits of ``±1e300`` give finite losses and gradients.

Each loss reads its inputs through one checking helper per input kind (``_binary_inputs``, ``_sign_inputs``,
``_row_inputs``, ``_label_inputs``; defined after the losses), so the checks run in one order for every reduction
and for the gradient.
"""

from __future__ import annotations

import numpy as np

from .._validation import (
    as_distribution,
    as_float_array,
    as_labels,
    as_probability_array,
    check_at_least_1d,
    check_reduction,
    check_same_shape,
    check_scalar,
    reduce,
    reduction_scale,
)
from ..activations import _log_sigmoid, _log_softmax, _shifted, _sigmoid, _softmax

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "categorical_cross_entropy",
    "categorical_cross_entropy_grad",
    "categorical_cross_entropy_with_logits",
    "categorical_cross_entropy_with_logits_grad",
    "sparse_categorical_cross_entropy",
    "sparse_categorical_cross_entropy_grad",
    "sparse_categorical_cross_entropy_with_logits",
    "sparse_categorical_cross_entropy_with_logits_grad",
    "hinge",
    "hinge_grad",
    "squared_hinge",
    "squared_hinge_grad",
    "multiclass_hinge",
    "multiclass_hinge_grad",
    "focal",
    "focal_grad",
    "focal_with_logits",
    "focal_with_logits_grad",
]

LOG_CLAMP = -100.0  # PyTorch's floor for log(p) in binary_cross_entropy: p = 0 costs 100, not inf
DENOMINATOR_CLAMP = 1e-12  # PyTorch's floor for p*(1-p) (and p) in the gradients' denominators
_TINY = np.finfo(np.float64).tiny  # smallest normal float64: a positive floor that changes no normal number


# ---------------------------------------------------------------------------------------------------------------------
# Binary cross-entropy


def binary_cross_entropy(y_true, p_pred, *, reduction="mean"):
    r"""Binary cross-entropy (log loss) of predicted probabilities.

    .. math:: \mathrm{BCE}(y, p) = -\bigl(y \log p + (1 - y) \log(1 - p)\bigr)

    Domain: ``y_true`` in [0, 1] (0/1 labels or soft targets), ``p_pred`` in [0, 1], same shape. Each log is clamped
    at -100 (PyTorch's policy), so ``p_pred`` of exactly 0 or 1 costs at most 100. ``reduction`` is ``"mean"``
    (default), ``"sum"`` or ``"none"`` (one value per element). For raw scores use
    :func:`binary_cross_entropy_with_logits`.

    >>> import lossbook as lb
    >>> round(lb.binary_cross_entropy(1, 0.8), 4)    # a cat, predicted "cat" at 0.8
    0.2231
    >>> round(lb.binary_cross_entropy(1, 0.2), 4)    # the same cat at 0.2
    1.6094
    >>> round(lb.binary_cross_entropy(1, 0.9), 4)    # -ln 0.9
    0.1054
    >>> round(lb.binary_cross_entropy(1, 0.7), 4)    # a dog at 70%
    0.3567
    >>> lb.binary_cross_entropy(1, 0.0)              # a certain, wrong prediction: clamped at 100
    100.0

    Reference: Bishop, *Pattern Recognition and Machine Learning* (2006), section 4.3.2; PyTorch ``BCELoss``.
    """
    t, p, reduction = _binary_inputs(y_true, p_pred, reduction)
    return reduce(_bce(t, p), reduction)


def binary_cross_entropy_grad(y_true, p_pred, *, reduction="mean"):
    r"""Gradient of :func:`binary_cross_entropy` with respect to ``p_pred``.

    .. math:: \frac{\partial\,\mathrm{BCE}}{\partial p} = \frac{p - y}{\max(p(1 - p),\ 10^{-12})}

    divided by ``n`` for the mean. The clamp (PyTorch's) keeps the gradient finite at ``p = 0`` or ``1``.

    >>> import lossbook as lb
    >>> round(float(lb.binary_cross_entropy_grad(1, 0.8)), 4)   # -1/0.8
    -1.25

    Reference: Bishop, *Pattern Recognition and Machine Learning* (2006), section 4.3.2; PyTorch ``BCELoss``.
    """
    t, p, reduction = _binary_inputs(y_true, p_pred, reduction)
    return np.asarray(_bce_grad(t, p) * reduction_scale(p.size, reduction))


def binary_cross_entropy_with_logits(y_true, logits, *, pos_weight=None, reduction="mean"):
    r"""Binary cross-entropy computed from logits (raw scores), stable for every finite logit.

    .. math::

        \mathrm{BCE}(y, z) = -\bigl(w\,y \log\sigma(z) + (1 - y)\log(1 - \sigma(z))\bigr)
                           = w\,y\,\mathrm{softplus}(-z) + (1 - y)\,\mathrm{softplus}(z)

    with :math:`w` = ``pos_weight`` (1 by default, so the loss is :math:`\mathrm{softplus}(z) - yz`). It never forms
    :math:`\sigma(z)`: ``log(sigmoid(z)) = -softplus(-z)``.

    Domain: ``y_true`` in [0, 1], ``logits`` any finite reals of the same shape; ``pos_weight`` (keyword-only) a
    number >= 0 or an array broadcastable to the logits (one weight per class, as PyTorch's
    ``BCEWithLogitsLoss``); ``reduction`` as in :func:`binary_cross_entropy`.

    >>> import lossbook as lb, math
    >>> round(lb.binary_cross_entropy_with_logits(1, math.log(0.8 / 0.2)), 4)   # the cat at 0.8 again
    0.2231
    >>> lb.binary_cross_entropy_with_logits([1.0, 0.0], [1e300, -1e300])           # right and certain: 0, no overflow
    0.0
    >>> lb.binary_cross_entropy_with_logits(1, -1e300)                             # wrong and certain: 1e300
    1e+300

    Reference: PyTorch ``BCEWithLogitsLoss``; optax ``sigmoid_binary_cross_entropy``.
    """
    t, z, reduction = _binary_inputs(y_true, logits, reduction, "logits")
    return reduce(_bce_logits(t, z, _pos_weight(pos_weight, z.shape)), reduction)


def binary_cross_entropy_with_logits_grad(y_true, logits, *, pos_weight=None, reduction="mean"):
    r"""Gradient of :func:`binary_cross_entropy_with_logits` with respect to the logits.

    .. math:: \frac{\partial\,\mathrm{BCE}}{\partial z} = \sigma(z) - y
              \qquad\text{or, with } w = \text{pos\_weight:}\quad (1 + (w - 1)y)\,\sigma(z) - w\,y

    divided by ``n`` for the mean. Derived from the smooth formula, not from a piecewise stable form.

    >>> import lossbook as lb
    >>> float(lb.binary_cross_entropy_with_logits_grad(1, 0.0))    # sigmoid(0) - 1
    -0.5
    >>> float(lb.binary_cross_entropy_with_logits_grad(1, 0.0, pos_weight=3.0))   # 3*0.5 - 3
    -1.5

    Reference: PyTorch ``BCEWithLogitsLoss``; optax ``sigmoid_binary_cross_entropy``.
    """
    t, z, reduction = _binary_inputs(y_true, logits, reduction, "logits")
    w = _pos_weight(pos_weight, z.shape)
    # sigmoid(z) - y as (1 - y)*sigmoid(z) - y*sigmoid(-z): no cancellation where sigmoid(z) rounds to 1
    return np.asarray(((1.0 - t) * _sigmoid(z) - w * t * _sigmoid(-z)) * reduction_scale(z.size, reduction))


# ---------------------------------------------------------------------------------------------------------------------
# Categorical cross-entropy (one-hot or soft targets)


def categorical_cross_entropy(y_true, p_pred, *, reduction="mean"):
    r"""Categorical cross-entropy of predicted class probabilities, one value per row.

    .. math:: \mathrm{CE}(y, p) = -\sum_{c=1}^{C} y_c \log p_c

    Domain: ``p_pred`` has the classes on its last axis and each row is a probability distribution (values in
    [0, 1] summing to 1 within 1e-6 for float64 input, within ``C`` times the machine epsilon for float32 or float16
    input; it is *not* renormalised); ``y_true`` has the same shape, one-hot or soft, with values in [0, 1]. Logs are clamped at -100. ``reduction``: ``"mean"`` over rows (default), ``"sum"`` or
    ``"none"`` (one value per row). For raw scores use :func:`categorical_cross_entropy_with_logits`.

    >>> import lossbook as lb
    >>> round(lb.categorical_cross_entropy([0, 1, 0], [0.1, 0.8, 0.1]), 4)   # the cat at 0.8, among three classes
    0.2231
    >>> round(lb.categorical_cross_entropy([1, 0, 0], [0.4, 0.35, 0.25]), 4)  # -log(0.4)
    0.9163

    Reference: Goodfellow, Bengio and Courville, *Deep Learning* (2016), section 6.2.2.3.
    """
    t, p, _, reduction = _row_inputs(y_true, p_pred, reduction)
    with np.errstate(divide="ignore"):  # log(0) = -inf where a class has probability 0, clamped next
        log_p = np.maximum(np.log(p), LOG_CLAMP)  # the clamp also makes 0 * log(0) = 0 * -100 = 0, not NaN
    return reduce(0.0 - np.sum(t * log_p, axis=-1), reduction)  # 0 - x, not -x: a perfect prediction shows 0.0


def categorical_cross_entropy_grad(y_true, p_pred, *, reduction="mean"):
    r"""Gradient of :func:`categorical_cross_entropy` with respect to ``p_pred``: :math:`-y_c / \max(p_c, 10^{-12})`.

    Divided by the number of rows for the mean. (No renormalisation, so no softmax-style coupling between classes.)

    >>> import lossbook as lb
    >>> lb.categorical_cross_entropy_grad([0, 1], [0.5, 0.5]).tolist()
    [0.0, -2.0]

    Reference: Goodfellow, Bengio and Courville, *Deep Learning* (2016), section 6.2.2.3.
    """
    t, p, _, reduction = _row_inputs(y_true, p_pred, reduction)
    # p = 0 would divide by zero: clamped. 0 - x, not -x: a class with target 0 has gradient 0.0, not -0.0
    return 0.0 - t / np.maximum(p, DENOMINATOR_CLAMP) * _row_scale(p.shape, reduction)


def categorical_cross_entropy_with_logits(y_true, logits, *, label_smoothing=0.0, reduction="mean"):
    r"""Categorical (softmax) cross-entropy computed from logits, with optional label smoothing.

    .. math::

        \mathrm{CE}(y, z) = -\sum_{c=1}^{C} \tilde y_c \log\mathrm{softmax}(z)_c, \qquad
        \tilde y = (1 - \varepsilon)\,y + \varepsilon / C

    ``log_softmax(z) = z - logsumexp(z)`` is never formed from a softmax, so logits of ``±1e300`` are fine.

    Domain: ``logits`` finite reals with the classes on the last axis; ``y_true`` the same shape, one-hot or soft,
    values in [0, 1]; ``label_smoothing`` :math:`\varepsilon` in [0, 1] (keyword-only). ``reduction`` as in
    :func:`categorical_cross_entropy`. Equals PyTorch's ``cross_entropy`` with probability targets.

    >>> import lossbook as lb, math
    >>> round(lb.categorical_cross_entropy_with_logits([0, 1, 0], [math.log(0.1), math.log(0.8), math.log(0.1)]), 4)
    0.2231
    >>> lb.categorical_cross_entropy_with_logits([0, 1], [0.0, 1e300])
    0.0

    Reference: Szegedy et al., "Rethinking the Inception Architecture for Computer Vision", CVPR 2016 (label
    smoothing); optax ``softmax_cross_entropy``.
    """
    t, z, eps, reduction = _row_inputs(y_true, logits, reduction, "logits", label_smoothing)
    y_s = (1.0 - eps) * t + eps / z.shape[-1]
    log_p = _log_softmax(z, -1)  # z - logsumexp(z), never the log of a softmax that rounded to 0
    with np.errstate(over="ignore"):  # a row total beyond 1.8e308 is inf, the correctly rounded value
        return reduce(0.0 - np.sum(_weighted(y_s, log_p), axis=-1), reduction)


def categorical_cross_entropy_with_logits_grad(y_true, logits, *, label_smoothing=0.0, reduction="mean"):
    r"""Gradient of :func:`categorical_cross_entropy_with_logits` with respect to the logits.

    .. math:: \frac{\partial\,\mathrm{CE}}{\partial z} = \mathrm{softmax}(z)\sum_c \tilde y_c - \tilde y

    (``softmax(z) - y`` for one-hot targets without smoothing), divided by the number of rows for the mean.

    >>> import lossbook as lb
    >>> lb.categorical_cross_entropy_with_logits_grad([0, 1], [0.0, 0.0]).tolist()
    [0.5, -0.5]

    Reference: Szegedy et al., "Rethinking the Inception Architecture for Computer Vision", CVPR 2016 (label
    smoothing); optax ``softmax_cross_entropy``.
    """
    t, z, eps, reduction = _row_inputs(y_true, logits, reduction, "logits", label_smoothing)
    y_s = (1.0 - eps) * t + eps / z.shape[-1]
    smoothed_sum = (1.0 - eps) * np.sum(t, axis=-1, keepdims=True) + eps  # sum(y_s): exactly 1 for one-hot rows
    e = np.exp(_shifted(z, -1))  # softmax(z) = e/sum(e), with e in [0, 1]: exp(z - max z) cannot overflow
    return (e * (smoothed_sum / np.sum(e, axis=-1, keepdims=True)) - y_s) * _row_scale(z.shape, reduction)


# ---------------------------------------------------------------------------------------------------------------------
# Sparse categorical cross-entropy (integer labels; never expanded to one-hot)


def sparse_categorical_cross_entropy(labels, p_pred, *, reduction="mean"):
    r"""Categorical cross-entropy with integer class labels: :math:`-\log p_{y}` per row.

    .. math:: \mathrm{CE}(y, p) = -\log p_{y}, \qquad y \in \{0, \dots, C - 1\}

    Domain: ``p_pred`` as in :func:`categorical_cross_entropy` (rows summing to 1), ``labels`` integers in
    ``[0, C)`` with ``p_pred``'s shape minus its last axis. The label picks one probability per row
    (``np.take_along_axis``); no one-hot matrix is built. Logs clamped at -100.

    >>> import lossbook as lb
    >>> round(lb.sparse_categorical_cross_entropy(0, [0.4, 0.35, 0.25]), 4)        # -log(0.4)
    0.9163
    >>> round(lb.sparse_categorical_cross_entropy([1, 0], [[0.3, 0.7], [0.7, 0.3]]), 4)   # the dog at 70%, twice
    0.3567

    Reference: Goodfellow, Bengio and Courville, *Deep Learning* (2016), section 6.2.2.3.
    """
    idx, p, _, reduction = _label_inputs(labels, p_pred, reduction)
    with np.errstate(divide="ignore"):  # log(0) = -inf for a true class predicted at 0, clamped next
        log_p = np.maximum(np.log(np.take_along_axis(p, idx, axis=-1)[..., 0]), LOG_CLAMP)
    return reduce(0.0 - log_p, reduction)  # 0 - x, not -x: a perfect prediction shows 0.0, not -0.0


def sparse_categorical_cross_entropy_grad(labels, p_pred, *, reduction="mean"):
    r"""Gradient of :func:`sparse_categorical_cross_entropy` w.r.t. ``p_pred``: :math:`-1/\max(p_y, 10^{-12})` at
    the true class, 0 elsewhere; divided by the number of rows for the mean.

    >>> import lossbook as lb
    >>> lb.sparse_categorical_cross_entropy_grad(1, [0.5, 0.5]).tolist()
    [0.0, -2.0]

    Reference: Goodfellow, Bengio and Courville, *Deep Learning* (2016), section 6.2.2.3.
    """
    idx, p, _, reduction = _label_inputs(labels, p_pred, reduction)
    g = np.zeros(p.shape)
    # -1/p_y at the true class only; p_y = 0 would divide by zero, so it is clamped as in the dense version
    picked = np.maximum(np.take_along_axis(p, idx, axis=-1), DENOMINATOR_CLAMP)
    np.put_along_axis(g, idx, -_row_scale(p.shape, reduction) / picked, axis=-1)
    return g


def sparse_categorical_cross_entropy_with_logits(labels, logits, *, label_smoothing=0.0, reduction="mean"):
    r"""Softmax cross-entropy from logits with integer class labels, with optional label smoothing.

    .. math::

        \mathrm{CE}(y, z) = -(1 - \varepsilon)\log\mathrm{softmax}(z)_y
                            - \frac{\varepsilon}{C}\sum_{c=1}^{C}\log\mathrm{softmax}(z)_c

    Domain: ``logits`` finite reals with the classes on the last axis, ``labels`` integers in ``[0, C)`` with the
    logits' shape minus the last axis, ``label_smoothing`` in [0, 1]. Equals PyTorch's ``cross_entropy`` with class
    indices.

    >>> import lossbook as lb, math
    >>> round(lb.sparse_categorical_cross_entropy_with_logits(1, [math.log(0.3), math.log(0.7)]), 4)  # dog at 70%
    0.3567
    >>> lb.sparse_categorical_cross_entropy_with_logits(0, [-1e300, 1e300])      # certain and wrong
    2e+300

    Reference: Szegedy et al., CVPR 2016 (label smoothing); PyTorch ``CrossEntropyLoss``.
    """
    idx, z, eps, reduction = _label_inputs(labels, logits, reduction, "logits", label_smoothing)
    log_p = _log_softmax(z, -1)  # z - logsumexp(z), never the log of a softmax that rounded to 0
    true_class = np.take_along_axis(log_p, idx, axis=-1)[..., 0]  # picked by the label: no one-hot matrix
    with np.errstate(over="ignore"):  # a row total beyond 1.8e308 is inf, the correctly rounded value
        every_class = np.sum(log_p, axis=-1)
    # -sum(y_s*log_p) with y_s = (1 - eps)*onehot + eps/C, as its two terms
    return reduce(0.0 - (_weighted(1.0 - eps, true_class) + _weighted(eps / z.shape[-1], every_class)), reduction)


def sparse_categorical_cross_entropy_with_logits_grad(labels, logits, *, label_smoothing=0.0, reduction="mean"):
    r"""Gradient of :func:`sparse_categorical_cross_entropy_with_logits` w.r.t. the logits:
    :math:`\mathrm{softmax}(z) - \varepsilon/C - (1 - \varepsilon)\,[c = y]`, divided by the rows for the mean.

    >>> import lossbook as lb
    >>> lb.sparse_categorical_cross_entropy_with_logits_grad(1, [0.0, 0.0]).tolist()
    [0.5, -0.5]

    Reference: Szegedy et al., CVPR 2016 (label smoothing); PyTorch ``CrossEntropyLoss``.
    """
    idx, z, eps, reduction = _label_inputs(labels, logits, reduction, "logits", label_smoothing)
    g = _softmax(z, -1) - eps / z.shape[-1]  # the smoothed targets of a row sum to exactly 1
    np.put_along_axis(g, idx, np.take_along_axis(g, idx, axis=-1) - (1.0 - eps), axis=-1)  # the label's own term
    return g * _row_scale(z.shape, reduction)


# ---------------------------------------------------------------------------------------------------------------------
# Hinge losses (margin classifiers)


def hinge(y_true, scores, *, reduction="mean"):
    r"""Hinge loss of a margin classifier (the linear SVM's loss).

    .. math:: L(y, s) = \max(0,\ 1 - y\,s), \qquad y \in \{-1, +1\}

    Domain: ``y_true`` exactly -1 or +1 (0/1 labels raise: convert with ``2*y - 1``), ``scores`` finite reals of the
    same shape (raw decision values, not probabilities). ``reduction``: ``"mean"`` (default), ``"sum"``, ``"none"``.

    >>> import lossbook as lb
    >>> lb.hinge([1, 1, -1], [2.0, 0.5, 0.5], reduction="none").tolist()   # safe, inside the margin, wrong side
    [0.0, 0.5, 1.5]

    Reference: Cortes and Vapnik, "Support-Vector Networks", Machine Learning 20 (1995).
    """
    y, s, reduction = _sign_inputs(y_true, scores, reduction)
    return reduce(np.maximum(1.0 - y * s, 0.0), reduction)


def hinge_grad(y_true, scores, *, reduction="mean"):
    r"""Gradient of :func:`hinge` w.r.t. the scores: :math:`-y` where :math:`y s < 1`, else 0 (exactly at the margin
    the hinge counts as inactive, subgradient 0); divided by ``n`` for the mean.

    >>> import lossbook as lb
    >>> lb.hinge_grad([1, 1, -1], [1.0, 0.5, 0.5], reduction="sum").tolist()
    [0.0, -1.0, 1.0]

    Reference: Cortes and Vapnik, "Support-Vector Networks", Machine Learning 20 (1995).
    """
    y, s, reduction = _sign_inputs(y_true, scores, reduction)
    active = 1.0 - y * s > 0.0  # strictly inside the margin: y*s = 1 is the kink, subgradient 0
    return np.where(active, -y * reduction_scale(s.size, reduction), 0.0)


def squared_hinge(y_true, scores, *, reduction="mean"):
    r"""Squared hinge loss: the hinge squared, smooth at the margin.

    .. math:: L(y, s) = \max(0,\ 1 - y\,s)^2, \qquad y \in \{-1, +1\}

    Domain as in :func:`hinge`. A score so wrong that its slack exceeds 1.3e154 squares to ``inf`` (no warning).

    >>> import lossbook as lb
    >>> lb.squared_hinge([1, 1, -1], [2.0, 0.5, 0.5], reduction="none").tolist()
    [0.0, 0.25, 2.25]

    Reference: Rennie and Srebro, "Loss Functions for Preference Levels", IJCAI 2005 workshop; scikit-learn's
    ``LinearSVC`` default loss.
    """
    y, s, reduction = _sign_inputs(y_true, scores, reduction)
    with np.errstate(over="ignore"):  # a slack beyond 1.3e154 squares to inf, the correctly rounded value
        return reduce(np.maximum(1.0 - y * s, 0.0) ** 2, reduction)


def squared_hinge_grad(y_true, scores, *, reduction="mean"):
    r"""Gradient of :func:`squared_hinge` w.r.t. the scores: :math:`-2y\max(0, 1 - ys)`, divided by ``n`` for the
    mean.

    >>> import lossbook as lb
    >>> lb.squared_hinge_grad([1, -1], [0.5, 0.5], reduction="sum").tolist()
    [-1.0, 3.0]

    Reference: Rennie and Srebro, "Loss Functions for Preference Levels", IJCAI 2005 workshop; scikit-learn's
    ``LinearSVC`` default loss.
    """
    y, s, reduction = _sign_inputs(y_true, scores, reduction)
    slack = np.maximum(1.0 - y * s, 0.0)
    with np.errstate(over="ignore"):  # 2*slack beyond 1.8e308 is inf, the correctly rounded value
        g = slack * y * (-2.0 * reduction_scale(s.size, reduction))
    return np.asarray(g + 0.0)  # -0.0 + 0.0 = +0.0: where the slack is 0 the subgradient is 0, not -0.0


def multiclass_hinge(labels, scores, *, reduction="mean"):
    r"""Crammer-Singer multiclass hinge loss: the true class must beat the best other class by a margin of 1.

    .. math:: L(y, s) = \max\bigl(0,\ 1 + \max_{j \ne y} s_j - s_y\bigr)

    Domain: ``scores`` finite reals with the classes on the last axis (at least 2), ``labels`` integers in ``[0, C)``
    with the scores' shape minus the last axis. One value per row; ``reduction`` averages over rows by default.

    >>> import lossbook as lb
    >>> lb.multiclass_hinge([0, 1], [[3.0, 1.0, 0.5], [1.0, 1.2, 0.0]], reduction="none").tolist()
    [0.0, 0.8]

    Reference: Crammer and Singer, "On the Algorithmic Implementation of Multiclass Kernel-based Vector Machines",
    JMLR 2 (2001).
    """
    idx, s, _, reduction = _label_inputs(labels, scores, reduction, "scores", min_classes=2)
    _, values = _crammer_singer(idx, s)
    return reduce(values, reduction)


def multiclass_hinge_grad(labels, scores, *, reduction="mean"):
    r"""Gradient of :func:`multiclass_hinge` w.r.t. the scores: in a row with a positive loss, +1 at the best rival
    class and -1 at the true class; 0 elsewhere and in rows exactly at the margin. Divided by the rows for the mean.

    >>> import lossbook as lb
    >>> lb.multiclass_hinge_grad([1], [[1.0, 1.2, 0.0]], reduction="sum").tolist()
    [[1.0, -1.0, 0.0]]

    Reference: Crammer and Singer, "On the Algorithmic Implementation of Multiclass Kernel-based Vector Machines",
    JMLR 2 (2001).
    """
    idx, s, _, reduction = _label_inputs(labels, scores, reduction, "scores", min_classes=2)
    rival, values = _crammer_singer(idx, s)
    weight = ((values > 0.0) * _row_scale(s.shape, reduction))[..., None]  # the margin itself counts as inactive
    g = np.zeros(s.shape)
    np.put_along_axis(g, rival, weight, axis=-1)
    np.put_along_axis(g, idx, -weight, axis=-1)
    return g + 0.0  # -0.0 + 0.0 = +0.0: an inactive row's gradient is 0, not the -0.0 of a negated zero weight


# ---------------------------------------------------------------------------------------------------------------------
# Focal loss


def focal(y_true, p_pred, *, alpha=0.25, gamma=2.0, reduction="mean"):
    r"""Focal loss (Lin et al. 2017) from probabilities: cross-entropy down-weighted on examples already right.

    .. math::

        \mathrm{FL}(y, p) = \alpha_t\,(1 - p_t)^{\gamma}\,\mathrm{BCE}(y, p), \qquad
        p_t = p\,y + (1 - p)(1 - y), \quad \alpha_t = \alpha\,y + (1 - \alpha)(1 - y)

    which is :math:`-\alpha_t (1 - p_t)^\gamma \log p_t` for 0/1 labels (torchvision's ``sigmoid_focal_loss`` form,
    which also accepts soft labels). Domain: ``y_true`` and ``p_pred`` in [0, 1], same shape; ``alpha`` in [0, 1] or
    ``None`` (no class weighting); ``gamma >= 0``. ``gamma=0, alpha=None`` is exactly
    :func:`binary_cross_entropy`. The BCE logs are clamped at -100 as there.

    >>> import lossbook as lb
    >>> round(lb.focal(1, 0.9, alpha=None, gamma=0.0), 4)          # plain cross-entropy: -ln 0.9
    0.1054
    >>> round(lb.focal(1, 0.9, alpha=None, gamma=2.0), 6)          # an easy example: 0.1**2 * 0.10536
    0.001054
    >>> round(lb.focal(1, 0.2, alpha=None, gamma=2.0), 4)          # a hard one keeps most of its loss: 0.64 * 1.6094
    1.03

    Reference: Lin, Goyal, Girshick, He and Dollar, "Focal Loss for Dense Object Detection", ICCV 2017.
    """
    t, p, alpha, gamma, reduction = _focal_inputs(y_true, p_pred, alpha, gamma, reduction)
    miss = (1.0 - t) * p + t * (1.0 - p)  # 1 - p_t, a sum of non-negative terms: no cancellation
    # miss**0 = 1 (also at a perfect prediction, 0**0), so gamma = 0 is binary cross-entropy
    return reduce(_alpha_t(alpha, t) * miss**gamma * _bce(t, p), reduction)


def focal_grad(y_true, p_pred, *, alpha=0.25, gamma=2.0, reduction="mean"):
    r"""Gradient of :func:`focal` with respect to ``p_pred``.

    .. math::

        \frac{\partial\,\mathrm{FL}}{\partial p} = \alpha_t\Bigl[(1 - p_t)^\gamma\,
            \frac{p - y}{\max(p(1 - p), 10^{-12})}
            + \gamma\,(1 - 2y)\,(1 - p_t)^{\gamma}\,\frac{\mathrm{BCE}}{1 - p_t}\Bigr]

    The second term is written as :math:`(1 - p_t)^\gamma \cdot \mathrm{BCE}/(1 - p_t)` rather than with
    :math:`(1 - p_t)^{\gamma - 1}`, which is infinite at a perfect prediction when ``gamma < 1``;
    :math:`\mathrm{BCE}/(1 - p_t)` stays near 1 there. With ``gamma=0, alpha=None`` it is
    :func:`binary_cross_entropy_grad` exactly.

    >>> import lossbook as lb
    >>> round(float(lb.focal_grad(1, 0.5, alpha=None, gamma=0.0)), 6)   # -1/0.5
    -2.0

    Reference: Lin, Goyal, Girshick, He and Dollar, "Focal Loss for Dense Object Detection", ICCV 2017.
    """
    t, p, alpha, gamma, reduction = _focal_inputs(y_true, p_pred, alpha, gamma, reduction)
    miss = (1.0 - t) * p + t * (1.0 - p)  # 1 - p_t, a sum of non-negative terms: no cancellation
    weight = _alpha_t(alpha, t) * miss**gamma  # alpha_t*(1 - p_t)**gamma, in [0, 1]
    # BCE/(1 - p_t) instead of (1 - p_t)**(gamma - 1); where 1 - p_t = 0, BCE = 0 too and the floor gives 0, not NaN
    ce_ratio = _bce(t, p) / np.maximum(miss, _TINY)
    with np.errstate(over="ignore"):  # only for 1 - p_t = 1 and a huge gamma: the slope is beyond the float range
        g = weight * _bce_grad(t, p) + gamma * weight * (1.0 - 2.0 * t) * ce_ratio
    return np.asarray(g * reduction_scale(p.size, reduction))


def focal_with_logits(y_true, logits, *, alpha=0.25, gamma=2.0, reduction="mean"):
    r"""Focal loss (Lin et al. 2017) from logits, stable for every finite logit.

    .. math::

        \mathrm{FL}(y, z) = \alpha_t\,(1 - p_t)^{\gamma}\,\mathrm{BCE}(y, z), \qquad p = \sigma(z)

    with :math:`p_t`, :math:`\alpha_t` as in :func:`focal` and the cross-entropy computed as in
    :func:`binary_cross_entropy_with_logits`. The factor :math:`(1 - p_t)^\gamma` is computed as
    :math:`\exp(\gamma \log(1 - p_t))` with :math:`\log(1 - p_t)` from ``log_sigmoid``, so it is right even where
    :math:`\sigma(z)` rounds to 0 or 1. Domain: ``y_true`` in [0, 1], ``logits`` finite reals, same shape; ``alpha``
    in [0, 1] or ``None``; ``gamma >= 0``. This is torchvision's ``sigmoid_focal_loss``.

    >>> import lossbook as lb, math
    >>> round(lb.focal_with_logits(1, math.log(9.0), alpha=None, gamma=0.0), 4)   # p = 0.9: -ln 0.9
    0.1054
    >>> lb.focal_with_logits([1.0, 0.0], [1e300, -1e300])
    0.0

    Reference: Lin, Goyal, Girshick, He and Dollar, "Focal Loss for Dense Object Detection", ICCV 2017; torchvision
    ``ops.sigmoid_focal_loss``.
    """
    t, z, alpha, gamma, reduction = _focal_inputs(y_true, logits, alpha, gamma, reduction, "logits")
    # 1 - p_t from sigmoid(z) and sigmoid(-z), each to full relative precision, even where sigmoid(z) rounds to 1
    miss = (1.0 - t) * _sigmoid(z) + t * _sigmoid(-z)
    return reduce(_alpha_t(alpha, t) * miss**gamma * _bce_logits(t, z), reduction)


def focal_with_logits_grad(y_true, logits, *, alpha=0.25, gamma=2.0, reduction="mean"):
    r"""Gradient of :func:`focal_with_logits` with respect to the logits.

    .. math::

        \frac{\partial\,\mathrm{FL}}{\partial z} = \alpha_t (1 - p_t)^\gamma\Bigl[(p - y)
            + \gamma\,(1 - 2y)\,\mathrm{BCE}\,\frac{p(1 - p)}{1 - p_t}\Bigr]

    using :math:`\partial(1 - p_t)/\partial z = (1 - 2y)\,p(1 - p)`. Written with :math:`(1 - p_t)^\gamma` and the
    bounded ratio :math:`p(1-p)/(1-p_t)` (it is ``p`` or ``1 - p`` for hard labels), never
    :math:`(1 - p_t)^{\gamma - 1}`, so it stays finite for ``gamma < 1`` and saturated logits.

    >>> import lossbook as lb
    >>> float(lb.focal_with_logits_grad(1, 0.0, alpha=None, gamma=0.0))    # sigmoid(0) - 1
    -0.5

    Reference: Lin, Goyal, Girshick, He and Dollar, "Focal Loss for Dense Object Detection", ICCV 2017; torchvision
    ``ops.sigmoid_focal_loss``.
    """
    t, z, alpha, gamma, reduction = _focal_inputs(y_true, logits, alpha, gamma, reduction, "logits")
    p, q = _sigmoid(z), _sigmoid(-z)  # sigmoid(z) and 1 - sigmoid(z), both to full relative precision
    miss = (1.0 - t) * p + t * q  # 1 - p_t, a sum of non-negative terms: no cancellation
    weight = _alpha_t(alpha, t) * miss**gamma  # alpha_t*(1 - p_t)**gamma, in [0, 1]
    # p(1 - p)/(1 - p_t) is bounded (p or 1 - p for hard labels); the floor turns 0/0 into 0 where 1 - p_t underflows
    ce_ratio = _bce_logits(t, z) * (p * q / np.maximum(miss, _TINY))
    # (1 - y)*p - y*q is sigmoid(z) - y without cancellation where p rounds to 1
    g = weight * ((1.0 - t) * p - t * q) + gamma * weight * (1.0 - 2.0 * t) * ce_ratio
    return np.asarray(g * reduction_scale(z.size, reduction))


# ---------------------------------------------------------------------------------------------------------------------
# Private helpers: the input checks (one per input kind) and the shared formulas


def _binary_inputs(y_true, pred, reduction, pred_name="p_pred"):
    """The checks of the element-wise losses, in this order: ``reduction``; ``y_true`` numeric, non-empty, finite, in
    [0, 1]; the prediction likewise (in [0, 1] for ``p_pred``, any finite value for ``logits``); equal shapes."""
    reduction = check_reduction(reduction)
    t = as_probability_array(y_true, "y_true")
    pred = as_probability_array(pred, pred_name) if pred_name == "p_pred" else as_float_array(pred, pred_name)
    check_same_shape(t, pred, "y_true", pred_name)
    return t, pred, reduction


def _focal_inputs(y_true, pred, alpha, gamma, reduction, pred_name="p_pred"):
    """``alpha`` (in [0, 1] or None) and ``gamma`` (>= 0) first, then the checks of :func:`_binary_inputs`."""
    alpha = check_scalar(alpha, "alpha", low=0.0, high=1.0, allow_none=True)
    gamma = check_scalar(gamma, "gamma", low=0.0)
    t, pred, reduction = _binary_inputs(y_true, pred, reduction, pred_name)
    return t, pred, alpha, gamma, reduction


def _sign_inputs(y_true, scores, reduction):
    """The checks of the hinge losses: ``reduction``; ``y_true`` and ``scores`` finite, same shape; ``y_true`` -1/+1."""
    reduction = check_reduction(reduction)
    y = as_float_array(y_true, "y_true")
    s = as_float_array(scores, "scores")
    check_same_shape(y, s, "y_true", "scores")
    if np.any(np.abs(y) != 1.0):
        if np.all((y == 0.0) | (y == 1.0)):
            raise ValueError(
                "y_true must hold -1 or +1 for the hinge losses, but it holds 0/1 labels; convert them with "
                "y_true = 2*y - 1 (0 -> -1, 1 -> +1)"
            )
        raise ValueError(
            "y_true must hold exactly -1 or +1 for the hinge losses (the sign of the true class), but it holds "
            f"values between {y.min():g} and {y.max():g}; for 0/1 labels use 2*y - 1"
        )
    return y, s, reduction


def _row_inputs(y_true, pred, reduction, pred_name="p_pred", label_smoothing=0.0):
    """The checks of the row-wise losses with one-hot or soft targets, in this order: ``reduction``;
    ``label_smoothing`` in [0, 1]; ``y_true`` in [0, 1]; the prediction at least 1-D (for ``p_pred``: in [0, 1], rows
    summing to 1); equal shapes."""
    reduction = check_reduction(reduction)
    eps = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)
    t = as_probability_array(y_true, "y_true")
    pred = _rows(pred, pred_name)
    check_same_shape(t, pred, "y_true", pred_name)
    return t, pred, eps, reduction


def _label_inputs(labels, pred, reduction, pred_name="p_pred", label_smoothing=0.0, min_classes=1):
    """The checks of the row-wise losses with integer labels, in this order: ``reduction``; ``label_smoothing`` in
    [0, 1]; the prediction as in :func:`_row_inputs`; ``labels`` integers in ``[0, C)``, one per row; at least
    ``min_classes`` classes. The labels come back with a trailing axis of length 1, ready for take_along_axis."""
    reduction = check_reduction(reduction)
    eps = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)
    pred = _rows(pred, pred_name)
    idx = as_labels(labels, "labels", pred.shape[-1], pred.shape[:-1])
    if pred.shape[-1] < min_classes:
        raise ValueError(
            f"{pred_name} must have at least {min_classes} classes on its last axis for a multiclass hinge, "
            f"got shape {pred.shape}"
        )
    return idx[..., None], pred, eps, reduction


def _rows(pred, name):
    """Row-wise predictions, classes on the last axis: probability distributions for ``p_pred``, else finite."""
    if name == "p_pred":
        return as_distribution(pred, name)
    pred = as_float_array(pred, name)
    check_at_least_1d(pred, name)
    return pred


def _pos_weight(pos_weight, shape):
    """``pos_weight`` as a float (1.0 if None) or a float64 array broadcastable to ``shape`` (PyTorch: per class)."""
    if pos_weight is None:
        return 1.0
    if np.ndim(pos_weight) == 0:
        return check_scalar(pos_weight if not isinstance(pos_weight, np.ndarray) else pos_weight.item(), "pos_weight", low=0.0)
    w = as_float_array(pos_weight, "pos_weight")
    if w.min() < 0:
        raise ValueError(f"pos_weight must be >= 0 (a weight on the positive examples), but it has {w.min():g}")
    try:
        broadcast = np.broadcast_shapes(w.shape, shape)
    except ValueError:
        broadcast = None
    if broadcast != tuple(shape):
        raise ValueError(
            f"pos_weight has shape {w.shape}, which does not broadcast to the logits' shape {tuple(shape)}; pass a "
            "number, or one weight per class (shape (C,) for logits of shape (n, C))"
        )
    return w


def _bce(t, p):
    """Element-wise ``-(t*log p + (1-t)*log(1-p))``, each log clamped at -100."""
    with np.errstate(divide="ignore"):  # log(0) = -inf at p = 0 or 1, clamped on the same line
        log_p = np.maximum(np.log(p), LOG_CLAMP)
        log_q = np.maximum(np.log1p(-p), LOG_CLAMP)  # log1p(-p) keeps the digits of log(1 - p) for tiny p
    # Two products rather than t*(log_p - log_q) + log_q, which for t = 1 would cancel and lose a tiny loss
    return -t * log_p - (1.0 - t) * log_q


def _bce_grad(t, p):
    """Element-wise ``(p - t)/max(p*(1-p), 1e-12)``."""
    return (p - t) / np.maximum(p * (1.0 - p), DENOMINATOR_CLAMP)  # p*(1-p) = 0 at a saturated prediction


def _bce_logits(t, z, w=1.0):
    """Element-wise ``-(w*t*log sigmoid(z) + (1-t)*log(1 - sigmoid(z)))``, optax's form."""
    # log(1 - sigmoid(z)) = log_sigmoid(-z): neither log is taken of a sigmoid that rounded to 0 or 1
    with np.errstate(over="ignore"):  # pos_weight*|z| beyond 1.8e308 is inf, the correctly rounded value
        return -w * t * _log_sigmoid(z) - (1.0 - t) * _log_sigmoid(-z)


def _weighted(w, log_p):
    """``w*log_p``, but 0 where the weight ``w`` is 0, even where ``log_p`` is -inf (a logit gap beyond the float
    range): a class without target weight adds nothing, where 0 * -inf would be NaN."""
    return w * np.where(w > 0.0, log_p, 0.0)


def _alpha_t(alpha, t):
    """``alpha*y + (1 - alpha)*(1 - y)``, or 1 for no class weighting."""
    return 1.0 if alpha is None else alpha * t + (1.0 - alpha) * (1.0 - t)


def _crammer_singer(idx, s):
    """The best rival class of each row (first maximiser: a valid subgradient at ties) and ``max(0, 1 + s_rival -
    s_true)``."""
    others = s.copy()
    np.put_along_axis(others, idx, -np.inf, axis=-1)  # exclude the true class from the max over j != y
    rival = np.argmax(others, axis=-1)[..., None]
    with np.errstate(over="ignore"):  # score gaps beyond 1.8e308 are genuinely inf
        gap = np.take_along_axis(s, rival, axis=-1) - np.take_along_axis(s, idx, axis=-1)
    return rival, np.maximum(1.0 + gap[..., 0], 0.0)


def _row_scale(shape, reduction):
    """Gradient factor for a row-wise loss on predictions of ``shape``: 1/(number of rows) for the mean."""
    return reduction_scale(int(np.prod(shape[:-1])), reduction)
