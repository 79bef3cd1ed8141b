"""Overlap losses for segmentation: soft Dice and soft IoU (Jaccard), with analytic gradients.

Both compare a predicted soft mask ``p_pred`` (probabilities per pixel) with a target mask ``y_true`` through three
sums over the mask: the soft intersection ``I = sum(p*t)`` and the two areas ``P = sum(p)``, ``T = sum(t)``.

Numerics. The textbook forms ``1 - (2I + s)/(P + T + s)`` and ``1 - (I + s)/(P + T - I + s)`` subtract two nearly equal
numbers when the prediction is good, so a near-perfect mask loses its digits (and can even come out as ``-1e-17``).
Here both are rewritten over the same denominators with the numerator

    E = P + T - 2I = sum(p*(1 - t) + t*(1 - p)),

the soft symmetric difference: a sum of non-negative terms, so the loss is never negative and keeps full relative
precision down to a perfect mask (exactly 0). The IoU denominator ``P + T - I + s = E + I + s`` is a sum of
non-negative terms too.
"""

from __future__ import annotations

import numpy as np

from .._validation import (
    as_float_array,
    check_reduction,
    check_same_shape,
    check_scalar,
    check_unit_interval,
    normalize_axes,
    reduce,
    reduction_scale,
)

__all__ = ["dice", "dice_grad", "iou", "iou_grad"]


def dice(y_true, p_pred, *, smooth=1.0, axis=None, reduction="mean"):
    r"""Soft Dice loss between a target mask and a predicted soft mask.

    .. math::

        L = 1 - \frac{2I + s}{P + T + s}, \quad I = \sum_i p_i t_i,\; P = \sum_i p_i,\; T = \sum_i t_i

    computed as :math:`\sum_i \left(p_i(1-t_i) + t_i(1-p_i)\right) / (P + T + s)`, which is the same number but never
    negative and exact down to a perfect mask.

    Domain: ``y_true`` (the target mask, 0/1 or soft) and ``p_pred`` (predicted probabilities) lie in [0, 1] and have
    the same shape. ``smooth >= 0`` is added to numerator and denominator; with ``smooth=0`` a mask where both are all
    zeros is 0/0 and raises. ``axis``: ``None`` treats the whole array as one mask; an int or a tuple of ints sums over
    those axes and gives one loss per remaining index (e.g. ``axis=(1, 2)`` for a batch of ``(n, h, w)`` masks), which
    ``reduction`` then averages (``"mean"``), adds (``"sum"``) or returns (``"none"``). Result in [0, 1].

    >>> import lossbook as lb
    >>> lb.dice([1, 1, 0, 0], [1, 1, 0, 0])
    0.0
    >>> round(lb.dice([1, 1, 0, 0], [0.5, 0.5, 0.5, 0.5], smooth=0.0), 6)
    0.5
    >>> lb.dice([[1, 0], [0, 0]], [[1, 0], [1, 1]], smooth=0.0, axis=1, reduction="none").tolist()
    [0.0, 1.0]

    Reference: Milletari, Navab and Ahmadi, "V-Net: Fully convolutional neural networks for volumetric medical image
    segmentation", 3DV 2016 (soft Dice); Sudre et al., "Generalised Dice overlap as a deep learning loss function",
    DLMIA 2017 (the smoothing term).
    """
    t, p, smooth, axes, reduction = _masks(y_true, p_pred, smooth, axis, reduction)
    e, i = _mismatch_and_intersection(t, p, axes)
    den = _nonzero(e + 2.0 * i + smooth, "dice")  # P + T + s = E + 2I + s: non-negative terms, no subtraction
    return reduce(np.squeeze(e / den, axis=axes), reduction)


def dice_grad(y_true, p_pred, *, smooth=1.0, axis=None, reduction="mean"):
    r"""Gradient of :func:`dice` (after ``reduction``) with respect to ``p_pred``; same shape as ``p_pred``.

    .. math:: \frac{\partial L}{\partial p_i} = \frac{(1 - 2t_i) - L}{P + T + s}

    >>> import lossbook as lb
    >>> lb.dice_grad([1.0, 0.0], [0.5, 0.5], smooth=0.0).tolist()
    [-0.75, 0.25]

    Reference: Milletari et al., 3DV 2016, equation (2).
    """
    t, p, smooth, axes, reduction = _masks(y_true, p_pred, smooth, axis, reduction)
    e, i = _mismatch_and_intersection(t, p, axes)
    den = _nonzero(e + 2.0 * i + smooth, "dice")
    # Quotient rule on L = E/D with dE/dp = 1 - 2t and dD/dp = 1: (1 - 2t - L)/D, written (1 - L) - 2t, where 2t is
    # exact, and divided by D (never D**2, which could underflow).
    return np.asarray(((1.0 - e / den) - 2.0 * t) / den * reduction_scale(e.size, reduction))


def iou(y_true, p_pred, *, smooth=1.0, axis=None, reduction="mean"):
    r"""Soft IoU (Jaccard) loss between a target mask and a predicted soft mask.

    .. math::

        L = 1 - \frac{I + s}{P + T - I + s}, \quad I = \sum_i p_i t_i,\; P = \sum_i p_i,\; T = \sum_i t_i

    computed as :math:`\sum_i \left(p_i(1-t_i) + t_i(1-p_i)\right) / \left(\sum_i (p_i + t_i(1-p_i)) + s\right)`,
    the same number but never negative and exact down to a perfect mask.

    Domain: as :func:`dice`: ``y_true`` and ``p_pred`` in [0, 1] with the same shape, ``smooth >= 0`` (0/0 raises),
    ``axis`` ``None`` (one mask) or the axes to sum over, then ``reduction`` over the remaining masks. Result in [0, 1].
    For the same masks, ``iou >= dice`` (``iou = 2*dice/(1 + dice)`` when ``smooth=0``).

    >>> import lossbook as lb
    >>> lb.iou([1, 1, 0, 0], [1, 1, 0, 0])
    0.0
    >>> round(lb.iou([1, 1, 0, 0], [1, 0, 1, 0], smooth=0.0), 6)
    0.666667

    Reference: Rahman and Wang, "Optimizing intersection-over-union in deep neural networks for image segmentation",
    ISVC 2016; Jaccard, "The distribution of the flora in the alpine zone", New Phytologist 11 (1912).
    """
    t, p, smooth, axes, reduction = _masks(y_true, p_pred, smooth, axis, reduction)
    e, i = _mismatch_and_intersection(t, p, axes)
    den = _nonzero(e + i + smooth, "iou")  # the union P + T - I + s = E + I + s: no subtraction
    return reduce(np.squeeze(e / den, axis=axes), reduction)


def iou_grad(y_true, p_pred, *, smooth=1.0, axis=None, reduction="mean"):
    r"""Gradient of :func:`iou` (after ``reduction``) with respect to ``p_pred``; same shape as ``p_pred``.

    .. math:: \frac{\partial L}{\partial p_i} = \frac{(1 - 2t_i) - L\,(1 - t_i)}{P + T - I + s}

    >>> import lossbook as lb
    >>> lb.iou_grad([1.0, 0.0], [1.0, 0.0], smooth=0.0).tolist()
    [-1.0, 1.0]

    Reference: Rahman and Wang, ISVC 2016.
    """
    t, p, smooth, axes, reduction = _masks(y_true, p_pred, smooth, axis, reduction)
    e, i = _mismatch_and_intersection(t, p, axes)
    den = _nonzero(e + i + smooth, "iou")
    # Quotient rule on L = E/U with dE/dp = 1 - 2t and dU/dp = 1 - t: (1 - 2t - L*(1 - t))/U, written
    # (1 - t)*(1 - L) - t, and divided by U (never U**2, which could underflow).
    return np.asarray(((1.0 - t) * (1.0 - e / den) - t) / den * reduction_scale(e.size, reduction))


# ---------------------------------------------------------------------------------------------------------------------
# Private helpers


def _masks(y_true, p_pred, smooth, axis, reduction):
    """The one input check of this module, in one order for every loss, reduction and gradient: ``reduction``,
    ``smooth``, ``y_true`` (readable, not empty, finite), ``p_pred`` (the same), the shapes, ``y_true`` in [0, 1],
    ``p_pred`` in [0, 1], then ``axis``. Returns the masks as float64 arrays and the checked arguments."""
    reduction = check_reduction(reduction)
    smooth = check_scalar(smooth, "smooth", low=0.0)
    t = as_float_array(y_true, "y_true")
    p = as_float_array(p_pred, "p_pred")
    check_same_shape(t, p, "y_true", "p_pred")
    check_unit_interval(t, "y_true")
    check_unit_interval(p, "p_pred")
    return t, p, smooth, normalize_axes(axis, p.ndim), reduction


def _mismatch_and_intersection(t, p, axes):
    """Per mask (summed over ``axes``, kept as length-1 axes so they broadcast against the pixels):
    ``E = sum(p*(1 - t)) + sum(t*(1 - p))`` and ``I = sum(p*t)``."""
    # Predicted pixels outside the target plus target pixels the prediction misses: two sums of non-negative terms,
    # so E >= 0 exactly, with no cancellation, and E = 0 for a perfect mask.
    e = np.sum(p * (1.0 - t), axis=axes, keepdims=True) + np.sum(t * (1.0 - p), axis=axes, keepdims=True)
    return e, np.sum(p * t, axis=axes, keepdims=True)


def _nonzero(den, kind):
    """``den`` (the per-mask denominators), after refusing 0/0."""
    if np.any(den == 0.0):
        # Only possible with smooth=0 and a mask where both p_pred and y_true are all zero: the ratio is 0/0.
        raise ValueError(
            f"{kind} is 0/0 for a mask where both y_true and p_pred are all zeros and smooth=0; pass smooth > 0 "
            "(the default smooth=1.0 scores two empty masks as a perfect match)"
        )
    return den
