"""Metric-learning losses on embeddings: contrastive (pairs) and triplet, with analytic gradients.

Rows are embeddings: the feature axis is the last one, every other axis indexes pairs (triplets). A 1-D input is one
row. Both losses are built on the Euclidean distance ``D = ||x1 - x2||`` between rows.

Numerics. ``np.sqrt(np.sum((x1 - x2)**2))`` fails at both ends of the float range: for embeddings around 1e155 the
squares overflow to inf (and ``x1 - x2`` itself overflows near 1e308), and for differences below about 1e-162 the
squares underflow to 0, so two distinct embeddings would be at distance 0. The distance here is computed as BLAS's
``dnrm2`` and ``np.hypot`` do it, by scaling: rows with huge entries are divided by a power of two first (exact, so it
changes no digit), and rows whose sum of squares is tiny are recomputed after dividing by their largest entry. Inputs
of ordinary size take the fast path and give exactly the textbook value.
"""

from __future__ import annotations

import numpy as np

from .._validation import (
    as_float64,
    as_float_array,
    check_binary,
    check_reduction,
    check_same_shape,
    check_scalar,
    finite_range,
    reduce,
    reduction_scale,
)

__all__ = ["contrastive", "contrastive_grad", "triplet", "triplet_grad"]

# Rows whose largest absolute entry exceeds 2**480 are rescaled before subtracting and squaring: below it a difference
# is at most 2**481 and a sum of d squares at most d * 2**962, far from overflow (2**1024) for any realistic d.
_HUGE = 2.0**480
# A sum of squares below 2**-600 may have lost its terms to underflow (squares of entries below ~1e-162 are 0 or
# subnormal); such rows are recomputed after dividing by their largest entry. Above it, the underflowed terms are
# smaller than 2**-1074 against a sum of at least 2**-600: they change nothing.
_TINY = 2.0**-600
# Forward distances are computed block by block, this many values at a time (512 KiB of float64): the difference of a
# block stays in cache for its sum of squares, and no full-size temporary is allocated.
_BLOCK = 1 << 16


def _row_scale(arrays, biggest_abs):
    """Per row, a power of two ``s >= 1`` with every ``|x|/s < 2`` (``s = 1`` unless a row holds values above 2**480).

    ``biggest_abs`` is the largest absolute value over all of ``arrays`` (known from validation). Returns the scalar
    1.0 when it is at most 2**480 (the common case: no further pass over the data).
    """
    if biggest_abs <= _HUGE:
        return 1.0
    biggest = np.max(np.abs(arrays[0]), axis=-1, keepdims=True)
    for a in arrays[1:]:
        biggest = np.maximum(biggest, np.max(np.abs(a), axis=-1, keepdims=True))
    _, exponent = np.frexp(biggest)  # biggest = m * 2**exponent with m in [0.5, 1)
    # 2**(exponent - 1) <= biggest: dividing by it is exact (a power of two) and leaves every entry below 2 in size.
    # It is never 2**1024 (which would overflow), because exponent <= 1024 for finite values.
    return np.where(biggest > _HUGE, np.ldexp(1.0, exponent - 1), 1.0)


def _scaled_difference(x1, x2, scale):
    """``x1 - x2`` in units of ``scale`` (a fresh array)."""
    if np.isscalar(scale):
        return x1 - x2  # no value above 2**480 anywhere: the difference cannot overflow
    return x1 / scale - x2 / scale  # exact power-of-two scaling, then entries < 2 in size: no overflow


def _sum_of_squares(x1, x2, scale):
    """``sum((x1 - x2)**2)`` per row in units of ``scale``, shape ``rows + (1,)``, one cache-sized block at a time."""
    features = x1.shape[-1]
    a, b = x1.reshape(-1, features), x2.reshape(-1, features)  # views for contiguous input; never written
    s = scale if np.isscalar(scale) else scale.reshape(-1, 1)
    n_rows = a.shape[0]
    step = max(1, _BLOCK // features)
    sq = np.empty(n_rows)
    scratch = np.empty((min(step, n_rows), features))
    for start in range(0, n_rows, step):
        stop = min(start + step, n_rows)
        diff = scratch[: stop - start]
        if np.isscalar(s):
            np.subtract(a[start:stop], b[start:stop], out=diff)  # no value above 2**480: cannot overflow
        else:
            # Exact power-of-two scaling, then entries < 2 in size: no overflow.
            np.divide(a[start:stop], s[start:stop], out=diff)
            diff -= b[start:stop] / s[start:stop]
        # Row-wise sum of squares without a temporary for the squares.
        np.einsum("ij,ij->i", diff, diff, out=sq[start:stop])
    return sq.reshape(x1.shape[:-1] + (1,))


def _distance(x1, x2, scale, *, direction=False):
    """``D = ||x1 - x2||`` per row (shape ``rows + (1,)``) in units of ``scale``; with ``direction=True`` also the
    unit vector ``(x1 - x2)/D`` (0 where ``D = 0``), the gradient of ``D`` with respect to ``x1``."""
    if direction:
        diff = _scaled_difference(x1, x2, scale)  # needed whole: it becomes the direction
        # Row-wise sum of squares without a (rows, features) temporary for the squares.
        sq = np.einsum("...i,...i->...", diff, diff)[..., None]
    else:
        diff = None
        sq = _sum_of_squares(x1, x2, scale)
    norm = np.sqrt(sq)
    small = sq < _TINY
    if np.any(small):
        # Recompute the rows whose squares may have underflowed: divide by the largest entry (so it becomes +-1 and
        # the sum of squares lies in [1, d]), then scale back.
        rows = small[..., 0]
        if diff is not None:
            d = diff[rows]
        else:
            d = _scaled_difference(x1[rows], x2[rows], scale if np.isscalar(scale) else scale[rows])
        big = np.max(np.abs(d), axis=-1, keepdims=True)
        safe = np.where(big > 0.0, big, 1.0)  # an all-zero row keeps norm 0; avoids 0/0
        norm[rows] = big * np.sqrt(np.sum((d / safe) ** 2, axis=-1, keepdims=True))
    if not direction:
        return norm
    # The gradient of a norm at 0 is 0 by the course's convention: dividing by 1 there leaves the zero vector.
    diff /= np.where(norm > 0.0, norm, 1.0)  # diff is our own temporary: reuse it
    return norm, diff


def _rows(value, name):
    """A finite float64 array of at least one axis, and its largest absolute value (from the finiteness check)."""
    x = as_float64(value, name)
    low, high = finite_range(x, name)  # one min and one max pass prove x finite and give the scale check its bound
    if x.ndim == 0:
        raise ValueError(
            f"{name} is a scalar, but embeddings are rows with the features along the last axis; pass a 1-D array "
            "for one embedding or a 2-D array (n, features) for a batch"
        )
    return x, max(high, -low)


def _prepare_contrastive(same, x1, x2, margin, reduction):
    reduction = check_reduction(reduction)
    margin = check_scalar(margin, "margin", low=0.0, low_open=True)
    x1, big1 = _rows(x1, "x1")
    x2, big2 = _rows(x2, "x2")
    check_same_shape(x1, x2, "x1", "x2")
    same = as_float_array(same, "same")
    if same.shape != x1.shape[:-1]:
        raise ValueError(
            f"same has shape {same.shape} but x1 has shape {x1.shape}: same needs one 0/1 flag per row of x1, i.e. "
            f"shape {x1.shape[:-1]} (the last axis of x1 is the feature axis)"
        )
    check_binary(same, "same", " (1 for a similar pair, 0 for a dissimilar one)")
    return same, x1, x2, max(big1, big2), margin, reduction


def _contrastive_parts(x1, x2, biggest_abs, margin, want_direction):
    scale = _row_scale((x1, x2), biggest_abs)
    dist_s, direction = _distance(x1, x2, scale, direction=True) if want_direction else (_distance(x1, x2, scale), None)
    dist_s = dist_s[..., 0]
    scale = scale if np.isscalar(scale) else scale[..., 0]
    # The hinge max(0, margin - D), computed in the scaled units: margin/scale <= margin, no overflow (scale >= 1).
    gap_s = np.maximum(margin / scale - dist_s, 0.0)
    return scale, dist_s, direction, gap_s


def contrastive(same, x1, x2, *, margin=1.0, reduction="mean"):
    r"""Contrastive loss on pairs of embeddings: pull similar pairs together, push dissimilar ones past a margin.

    .. math::

        L = y\,\tfrac12 D^2 + (1 - y)\,\tfrac12 \max(0, m - D)^2, \quad D = \lVert x_1 - x_2 \rVert_2

    Domain: ``same`` (``y``) holds 1 for a similar pair and 0 for a dissimilar one, one flag per row, shape
    ``x1.shape[:-1]`` (a scalar for 1-D ``x1``). ``x1`` and ``x2`` are embeddings of the same shape, features along the
    last axis. ``margin > 0``. One loss per row, then ``reduction``. The loss is finite unless ``D**2`` itself exceeds
    the float range (distances above about 1.3e154), where it is ``inf``.

    >>> import lossbook as lb
    >>> lb.contrastive(1, [0.0, 0.0], [3.0, 4.0])
    12.5
    >>> lb.contrastive(0, [0.0, 0.0], [0.3, 0.4], margin=1.0)
    0.125
    >>> lb.contrastive([1, 0], [[0.0, 0.0], [0.0, 0.0]], [[3.0, 4.0], [3.0, 4.0]], reduction="none").tolist()
    [12.5, 0.0]

    Reference: Hadsell, Chopra and LeCun, "Dimensionality reduction by learning an invariant mapping", CVPR 2006
    (their ``Y = 0`` is a similar pair; here ``same = 1`` is, so that the flag reads as "same").
    """
    same, x1, x2, biggest_abs, margin, reduction = _prepare_contrastive(same, x1, x2, margin, reduction)
    scale, dist_s, _, gap_s = _contrastive_parts(x1, x2, biggest_abs, margin, False)
    with np.errstate(over="ignore"):
        # Back to real units. Overflow here means D**2 > 1.8e308: inf is then the correctly rounded value.
        # A select, not y*a + (1-y)*b: 0*inf would be nan for a dissimilar pair at an enormous distance.
        # Selecting before squaring gives the same numbers with half the passes over the rows.
        values = np.where(same == 1.0, dist_s, gap_s)
        if not np.isscalar(scale):
            values *= scale  # a fresh array from np.where: safe to scale in place
        values = np.square(values, out=values)
        values *= 0.5
    return reduce(values, reduction)


def contrastive_grad(same, x1, x2, *, margin=1.0, reduction="mean"):
    r"""Gradient of :func:`contrastive` (after ``reduction``): the tuple ``(dL/dx1, dL/dx2)``, each shaped like ``x1``.

    .. math::

        \frac{\partial L}{\partial x_1} = y\,(x_1 - x_2) - (1 - y)\max(0, m - D)\,\frac{x_1 - x_2}{D},
        \qquad \frac{\partial L}{\partial x_2} = -\frac{\partial L}{\partial x_1}

    with ``(x1 - x2)/D`` taken as 0 where ``D = 0`` and the hinge inactive at ``D = m`` exactly.

    >>> import lossbook as lb
    >>> g1, g2 = lb.contrastive_grad(0, [0.0, 0.0], [0.3, 0.4])
    >>> g1.tolist(), g2.tolist()
    ([0.3, 0.4], [-0.3, -0.4])

    Reference: Hadsell, Chopra and LeCun, CVPR 2006, equations (4) and (5).
    """
    same, x1, x2, biggest_abs, margin, reduction = _prepare_contrastive(same, x1, x2, margin, reduction)
    scale, dist_s, direction, gap_s = _contrastive_parts(x1, x2, biggest_abs, margin, True)
    n_rows = dist_s.size
    # Per row: y*(x1 - x2) = y*D*u, and the dissimilar term -(1-y)*max(0, m - D)*u, with u = (x1 - x2)/D the unit
    # direction (0 at D = 0). Both written as (coefficient * scale) * u so that x1 - x2 is never formed unscaled.
    coef = np.where(same == 1.0, dist_s, -gap_s) * reduction_scale(n_rows, reduction)
    with np.errstate(over="ignore"):
        # Overflow only when D itself exceeds the float range (rows of opposite-signed values near 1e308).
        g1 = np.multiply(direction, (coef * scale)[..., None], out=direction)  # direction is a fresh temporary
    return g1, -g1


def _prepare_triplet(anchor, positive, negative, margin, reduction):
    reduction = check_reduction(reduction)
    margin = check_scalar(margin, "margin", low=0.0, low_open=True)
    a, big_a = _rows(anchor, "anchor")
    p, big_p = _rows(positive, "positive")
    n, big_n = _rows(negative, "negative")
    check_same_shape(a, p, "anchor", "positive")
    check_same_shape(a, n, "anchor", "negative")
    return a, p, n, max(big_a, big_p, big_n), margin, reduction


def _triplet_parts(a, p, n, biggest_abs, margin, want_direction):
    # One scale per triplet for all three rows, so that D(a, p) - D(a, n) is a difference of numbers in the same
    # units: with separate real-unit distances two infinities could meet and give nan.
    scale = _row_scale((a, p, n), biggest_abs)
    if want_direction:
        d_ap, u_ap = _distance(a, p, scale, direction=True)
        d_an, u_an = _distance(a, n, scale, direction=True)
    else:
        d_ap, d_an, u_ap, u_an = _distance(a, p, scale), _distance(a, n, scale), None, None
    scale = scale if np.isscalar(scale) else scale[..., 0]
    # margin/scale <= margin since scale >= 1: no overflow.
    z_s = d_ap[..., 0] - d_an[..., 0] + margin / scale
    return scale, z_s, u_ap, u_an


def triplet(anchor, positive, negative, *, margin=1.0, reduction="mean"):
    r"""Triplet loss: the anchor should be closer to the positive than to the negative, by at least ``margin``.

    .. math:: L = \max\left(0,\; \lVert a - p \rVert_2 - \lVert a - n \rVert_2 + m\right)

    Domain: ``anchor``, ``positive`` and ``negative`` are embeddings of the same shape, features along the last axis
    (a 1-D array is one triplet). ``margin > 0``. One loss per row, then ``reduction``. Finite for every finite input.

    This is ``torch.nn.functional.triplet_margin_loss(a, p, n, margin=m, p=2)`` except that PyTorch computes its
    distances as ``||a - p + eps||`` with ``eps=1e-6`` added to every component (to keep the gradient of the norm
    finite at 0); here the norm is exact and its gradient at 0 is 0. Per row the two differ by about
    ``eps*(sum(u_ap) - sum(u_an))`` with ``u`` the unit difference vectors: up to ``2e-6*sqrt(features)``.

    >>> import lossbook as lb
    >>> lb.triplet([0.0, 0.0], [3.0, 4.0], [6.0, 8.0])
    0.0
    >>> lb.triplet([0.0, 0.0], [3.0, 4.0], [0.0, 5.5], margin=1.0)
    0.5

    Reference: Schroff, Kalenichenko and Philbin, "FaceNet: A unified embedding for face recognition and clustering",
    CVPR 2015 (which uses squared distances; the course follows PyTorch's TripletMarginLoss and uses plain ones).
    """
    a, p, n, biggest_abs, margin, reduction = _prepare_triplet(anchor, positive, negative, margin, reduction)
    scale, z_s, _, _ = _triplet_parts(a, p, n, biggest_abs, margin, False)
    with np.errstate(over="ignore"):
        # Back to real units; overflow means the loss itself exceeds 1.8e308, only possible for near-max embeddings.
        values = scale * np.maximum(z_s, 0.0)
    return reduce(values, reduction)


def triplet_grad(anchor, positive, negative, *, margin=1.0, reduction="mean"):
    r"""Gradient of :func:`triplet` (after ``reduction``): the tuple ``(dL/da, dL/dp, dL/dn)``, each shaped like ``a``.

    Where the hinge is active (``L > 0``), with unit vectors :math:`u_{ap} = (a - p)/\lVert a - p \rVert` and
    :math:`u_{an} = (a - n)/\lVert a - n \rVert`:

    .. math::

        \frac{\partial L}{\partial a} = u_{ap} - u_{an}, \quad \frac{\partial L}{\partial p} = -u_{ap}, \quad
        \frac{\partial L}{\partial n} = u_{an}

    and 0 where it is not; the boundary ``L = 0`` counts as inactive and a unit vector of a zero difference is 0.

    >>> import lossbook as lb
    >>> ga, gp, gn = lb.triplet_grad([0.0, 0.0], [3.0, 4.0], [0.0, 5.5])
    >>> [[round(float(v), 6) for v in g] for g in (ga, gp, gn)]
    [[-0.6, 0.2], [0.6, 0.8], [0.0, -1.0]]

    Reference: Schroff, Kalenichenko and Philbin, CVPR 2015, section 3.
    """
    a, p, n, biggest_abs, margin, reduction = _prepare_triplet(anchor, positive, negative, margin, reduction)
    _, z_s, u_ap, u_an = _triplet_parts(a, p, n, biggest_abs, margin, True)
    # Strictly positive: the boundary z = 0 is inactive (subgradient 0), as everywhere in the course.
    active = (z_s > 0.0) * reduction_scale(z_s.size, reduction)
    active = active[..., None]
    # The distances' gradients are unit vectors, independent of the scaling: no overflow possible here.
    g_a = active * (u_ap - u_an)
    g_p = -active * u_ap
    g_n = active * u_an
    return g_a, g_p, g_n
