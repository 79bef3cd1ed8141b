"""Overlap losses for segmentation: soft Dice and soft IoU (Jaccard), with analytic gradients.

Both compare a predicted soft mask ``p_pred`` (probabilities per pixel) with a target mask ``y_true`` through three
sums over the mask: the soft intersection ``I = sum(p*t)`` and the two areas ``P = sum(p)``, ``T = sum(t)``.

Numerics. The textbook forms ``1 - (2I + s)/(P + T + s)`` and ``1 - (I + s)/(P + T - I + s)`` subtract two nearly equal
numbers when the prediction is good, so a near-perfect mask loses its digits (and can even come out as ``-1e-17``).
Here both are rewritten over the same denominators with the numerator

    E = P + T - 2I = sum(p*(1 - t) + t*(1 - p)),

the soft symmetric difference: a sum of non-negative terms, so the loss is never negative and keeps full relative
precision down to a perfect mask (exactly 0). The IoU denominator ``P + T - I + s = sum(p + t*(1 - p)) + s`` is a sum of
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


def _prepare(y_true, p_pred, smooth, axis, reduction):
    reduction = check_reduction(reduction)
    smooth = check_scalar(smooth, "smooth", low=0.0)
    t = as_float_array(y_true, "y_true")
    p = as_float_array(p_pred, "p_pred")
    check_same_shape(t, p, "y_true", "p_pred")
    check_unit_interval(t, "y_true")
    check_unit_interval(p, "p_pred")
    axes = normalize_axes(axis, p.ndim)
    return t, p, smooth, axes, reduction


def _as_masks(x, axes):
    """``x`` as a 2-D array ``(masks, pixels)``: the summed axes moved last and flattened (a view when possible)."""
    kept = [i for i in range(x.ndim) if i not in axes]
    y = np.transpose(x, kept + list(axes))
    return y.reshape(-1, int(np.prod([x.shape[i] for i in axes], dtype=np.int64))), kept


def _from_masks(g, shape, axes, kept):
    """Undo :func:`_as_masks` on an array of per-pixel values (the gradient)."""
    order = kept + list(axes)
    g = g.reshape(tuple(shape[i] for i in order))
    return np.transpose(g, np.argsort(order))


def _sums(t, p, kind, smooth):
    """Per-mask numerator ``E`` and denominator of 2-D ``(masks, pixels)`` arrays."""
    # E = sum(p*(1-t)) + sum(t*(1-p)): every product is >= 0 for p, t in [0, 1], so E >= 0 exactly, with no
    # cancellation (einsum forms each row's dot product without an (n, pixels) temporary for the product).
    one_minus_p = 1.0 - p
    t_miss = np.einsum("ij,ij->i", t, one_minus_p)  # sum(t*(1-p)): target pixels the prediction misses
    e = np.einsum("ij,ij->i", p, 1.0 - t) + t_miss
    if kind == "dice":
        den = p.sum(axis=1) + t.sum(axis=1) + smooth
    else:
        # The union P + T - I summed as P + sum(t*(1-p)): no subtraction of the (large) intersection.
        den = p.sum(axis=1) + t_miss + smooth
    if np.any(den == 0.0):
        # Only possible with smooth=0 and a mask where both p_pred and y_true are all zero: the ratio is 0/0.
        raise ValueError(
            f"{kind} is 0/0 for a mask where both y_true and p_pred are all zeros and smooth=0; pass smooth > 0 "
            "(the default smooth=1.0 scores two empty masks as a perfect match)"
        )
    return e, den


def _values(t, p, smooth, axes, kind):
    t2, kept = _as_masks(t, axes)
    p2, _ = _as_masks(p, axes)
    e, den = _sums(t2, p2, kind, smooth)
    return (e / den).reshape(tuple(p.shape[i] for i in kept))


def _grad(t, p, smooth, axes, reduction, kind):
    t2, kept = _as_masks(t, axes)
    p2, _ = _as_masks(p, axes)
    e, den = _sums(t2, p2, kind, smooth)
    loss = (e / den)[:, None]
    # Quotient rule on L = E / D, written as (E' - L*D')/D so that D**2 (which could underflow) is never formed.
    # dE/dp = 1 - 2t for both losses; dD/dp = 1 for Dice and 1 - t for IoU.
    if kind == "dice":
        g = (1.0 - 2.0 * t2) - loss
    else:
        g = (1.0 - t2) * (1.0 - loss) - t2  # = (1 - 2t) - L*(1 - t)
    # Each pixel belongs to exactly one mask, so "none" needs no scaling and "sum" neither; "mean" divides by the
    # number of masks (1 when axis=None, in which case "none" is that one mask's gradient).
    g /= (den / reduction_scale(den.size, reduction))[:, None]
    return _from_masks(g, p.shape, axes, kept)


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
    t, p, smooth, axes, reduction = _prepare(y_true, p_pred, smooth, axis, reduction)
    return reduce(_values(t, p, smooth, axes, "dice"), reduction)


def dice_grad(y_true, p_pred, *, smooth=1.0, axis=None, reduction="mean"):
    r"""Gradient of :func:`dice` (after ``reduction``) with respect to ``p_pred``; same shape as ``p_pred``.

    .. math:: \frac{\partial L}{\partial p_i} = \frac{(1 - 2t_i) - L}{P + T + s}

    >>> import lossbook as lb
    >>> lb.dice_grad([1.0, 0.0], [0.5, 0.5], smooth=0.0).tolist()
    [-0.75, 0.25]

    Reference: Milletari et al., 3DV 2016, equation (2).
    """
    t, p, smooth, axes, reduction = _prepare(y_true, p_pred, smooth, axis, reduction)
    return _grad(t, p, smooth, axes, reduction, "dice")


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
    t, p, smooth, axes, reduction = _prepare(y_true, p_pred, smooth, axis, reduction)
    return reduce(_values(t, p, smooth, axes, "iou"), reduction)


def iou_grad(y_true, p_pred, *, smooth=1.0, axis=None, reduction="mean"):
    r"""Gradient of :func:`iou` (after ``reduction``) with respect to ``p_pred``; same shape as ``p_pred``.

    .. math:: \frac{\partial L}{\partial p_i} = \frac{(1 - 2t_i) - L\,(1 - t_i)}{P + T - I + s}

    >>> import lossbook as lb
    >>> lb.iou_grad([1.0, 0.0], [1.0, 0.0], smooth=0.0).tolist()
    [-1.0, 1.0]

    Reference: Rahman and Wang, ISVC 2016.
    """
    t, p, smooth, axes, reduction = _prepare(y_true, p_pred, smooth, axis, reduction)
    return _grad(t, p, smooth, axes, reduction, "iou")
