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
    as_float64,
    check_finite,
    check_reduction,
    check_same_shape,
    check_scalar,
    check_unit_interval,
    normalize_axes,
    reduce,
    reduction_scale,
)

__all__ = ["dice", "dice_grad", "iou", "iou_grad"]


# Work is done in blocks of at most this many pixels (512 KiB of float64 per array): the slices of y_true and p_pred,
# the scratch buffer and the gradient block stay in cache while every pass over them runs (range checks, the sums,
# the gradient's arithmetic), so each costs one trip through memory instead of one per operation, and no full-size
# temporary is allocated (page faults on fresh memory cost as much as this arithmetic).
_BLOCK = 1 << 16
# Row dot products go to BLAS (np.vecdot); masks longer than this are cut into pieces of this length, below the
# 10000 elements at which OpenBLAS starts threads for a dot product, so the call stays on the calling thread.
_MAX_COLS = 8192

if hasattr(np, "vecdot"):  # NumPy >= 2.0

    def _rowdot(a, b, out):
        """``out[i] = sum_j a[i, j]*b[i, j]`` (a BLAS dot product per row, no temporary for the products)."""
        return np.vecdot(a, b, out=out)

else:  # pragma: no cover - NumPy 1.x

    def _rowdot(a, b, out):
        return np.einsum("ij,ij->i", a, b, out=out)


def _prepare(y_true, p_pred, smooth, axis, reduction):
    """Every check of the contract except the ones on values (finite, in [0, 1]): those are fused into the passes of
    :func:`_core`, which raises with the same messages. Errors come in the same order as checking everything first."""
    reduction = check_reduction(reduction)
    smooth = check_scalar(smooth, "smooth", low=0.0)
    t = as_float64(y_true, "y_true")
    p = None
    try:
        p = as_float64(p_pred, "p_pred")
        check_same_shape(t, p, "y_true", "p_pred")
        axes = normalize_axes(axis, p.ndim)
    except (TypeError, ValueError):
        # Something later in the list failed: first raise whatever an earlier check of the values would have raised.
        _check_values(t, p)
        raise
    return t, p, smooth, axes, reduction


def _check_values(t, p):
    """The value checks in their documented order; raises on the first failure (``p`` may be missing or misshapen)."""
    check_finite(t, "y_true")
    if p is not None:
        check_finite(p, "p_pred")
        if p.shape == t.shape:
            check_unit_interval(t, "y_true")
            check_unit_interval(p, "p_pred")


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


def _row_sums(t, p):
    """Per row of 2-D ``t``, ``p`` (at most ``_MAX_COLS`` columns): ``E = sum(p*(1-t)) + sum(t*(1-p))`` and
    ``I = sum(p*t)``, block by block. Returns ``None`` as soon as a block holds a value outside [0, 1] (NaN, inf)."""
    rows, cols = t.shape
    step = max(1, _BLOCK // cols)
    e, inter, miss = np.empty(rows), np.empty(rows), np.empty(rows)
    scratch = np.empty((min(step, rows), cols))
    minimum = np.minimum.reduce
    for start in range(0, rows, step):
        stop = min(start + step, rows)
        tb, pb, u = t[start:stop], p[start:stop], scratch[: stop - start]
        # Range check fused with the work: x in [0, 1] exactly when min(x) >= 0 and min(1 - x) >= 0 (1 - x rounds
        # to a negative number for every x > 1, the smallest being 1 - 2**-52). NaN propagates through the minimum
        # and fails the comparison; inf gives 1 - inf = -inf. -0.0 >= 0 passes, as it does for check_unit_interval.
        np.subtract(1.0, pb, out=u)
        if not (minimum(pb, axis=None) >= 0.0 and minimum(u, axis=None) >= 0.0):
            return None
        _rowdot(tb, u, out=miss[start:stop])  # sum(t*(1-p)) >= 0: target pixels the prediction misses
        np.subtract(1.0, tb, out=u)
        if not (minimum(tb, axis=None) >= 0.0 and minimum(u, axis=None) >= 0.0):
            return None
        _rowdot(pb, u, out=e[start:stop])  # sum(p*(1-t)) >= 0: predicted pixels outside the target
        _rowdot(tb, pb, out=inter[start:stop])  # I >= 0
    # E as a sum of two sums of non-negative terms: no cancellation, E >= 0 exactly, and E = 0 for a perfect mask.
    e += miss
    return e, inter


def _core(t, p, smooth, axes, kind):
    """Validate the values and return the masks' layout and per-mask sums: ``t2, kept, E, den``."""
    t2, kept = _as_masks(t, axes)
    p2, _ = _as_masks(p, axes)
    masks, pixels = t2.shape
    sums = None
    with np.errstate(invalid="ignore", over="ignore"):  # invalid input (inf, NaN) is found and reported below
        if pixels <= _MAX_COLS:
            sums = _row_sums(t2, p2)
        else:
            # Long masks: each mask's pixels as a (pieces, _MAX_COLS) matrix plus a shorter tail, whose row sums
            # add up to the mask's sums (views for contiguous input).
            e, inter = np.zeros(masks), np.zeros(masks)
            split = pixels - pixels % _MAX_COLS
            for k in range(masks):
                pieces = [(t2[k, :split].reshape(-1, _MAX_COLS), p2[k, :split].reshape(-1, _MAX_COLS))]
                if split < pixels:
                    pieces.append((t2[k, None, split:], p2[k, None, split:]))
                for tk, pk in pieces:
                    part = _row_sums(tk, pk)
                    if part is None:
                        break
                    e[k] += part[0].sum()
                    inter[k] += part[1].sum()
                else:
                    continue
                break
            else:
                sums = e, inter
    if sums is None:
        _check_values(t, p)  # raises: some value is NaN, infinite or outside [0, 1]
        raise AssertionError("unreachable: a block failed the range check but the full checks passed")
    e, inter = sums
    # Dice: P + T = E + 2I; IoU: the union P + T - I = E + I. Sums of non-negative terms: no subtraction at all.
    den = e + (2.0 * inter if kind == "dice" else inter) + smooth
    if np.any(den == 0.0):
        # Only possible with smooth=0 and a mask where both p_pred and y_true are all zero: the ratio is 0/0.
        raise ValueError(
            f"{kind} is 0/0 for a mask where both y_true and p_pred are all zeros and smooth=0; pass smooth > 0 "
            "(the default smooth=1.0 scores two empty masks as a perfect match)"
        )
    return t2, kept, e, den


def _values(t, p, smooth, axes, kind):
    _, kept, e, den = _core(t, p, smooth, axes, kind)
    return (e / den).reshape(tuple(p.shape[i] for i in kept))


def _grad(t, p, smooth, axes, reduction, kind):
    t2, kept, e, den = _core(t, p, smooth, axes, kind)
    one_minus_loss = 1.0 - e / den  # in [0, 1]
    # Each pixel belongs to exactly one mask, so "none" needs no scaling and "sum" neither; "mean" divides by the
    # number of masks (1 when axis=None, in which case "none" is that one mask's gradient).
    scale = reduction_scale(den.size, reduction)
    with np.errstate(over="ignore"):
        divisor = den / scale
    # A smooth near the float maximum can overflow den*masks: then divide by den and scale separately (rare).
    overflowed = not np.all(np.isfinite(divisor))
    masks, pixels = t2.shape
    g2 = np.empty((masks, pixels))
    if pixels <= _BLOCK:
        step = _BLOCK // pixels
        blocks = ((slice(i, i + step), slice(None)) for i in range(0, masks, step))
    else:
        blocks = ((slice(k, k + 1), slice(j, j + _BLOCK)) for k in range(masks) for j in range(0, pixels, _BLOCK))
    for rows, cols in blocks:
        tb, gb = t2[rows, cols], g2[rows, cols]
        # Quotient rule on L = E / D, written as (E' - L*D')/D so that D**2 (which could underflow) is never formed.
        # dE/dp = 1 - 2t for both losses; dD/dp = 1 for Dice and 1 - t for IoU.
        if kind == "dice":
            np.multiply(tb, -2.0, out=gb)  # -2t, exact
            gb += one_minus_loss[rows, None]  # (1 - L) - 2t = (1 - 2t) - L
        else:
            np.subtract(1.0, tb, out=gb)
            gb *= one_minus_loss[rows, None]
            gb -= tb  # (1 - t)*(1 - L) - t = (1 - 2t) - L*(1 - t)
        if overflowed:
            gb /= den[rows, None]
            gb *= scale
        else:
            gb /= divisor[rows, None]
    return _from_masks(g2, p.shape, axes, kept)


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
