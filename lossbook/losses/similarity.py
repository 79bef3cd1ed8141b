"""Metric-learning losses on embeddings: contrastive (pairs), triplet, InfoNCE and NT-Xent (a batch of many negatives),
with analytic gradients.

Rows are embeddings: the feature axis is the last one, every other axis indexes pairs (triplets). A 1-D input is one
row. Contrastive and triplet are built on the Euclidean distance ``D = ||x1 - x2||`` between rows; InfoNCE on the
cosine similarity of every anchor with every positive of a 2-D batch; NT-Xent on the cosine similarity of every view
with every other view of the 2N views of N images.

Numerics. ``np.sqrt(np.sum((x1 - x2)**2))`` fails at both ends of the float range: for embeddings around 1e155 the
squares overflow to inf (and ``x1 - x2`` itself overflows near 1e308), and for differences below about 1e-162 the
squares underflow to 0, so two distinct embeddings would be at distance 0. The distance here is computed as BLAS's
``dnrm2`` and ``np.hypot`` do it, by scaling: rows with huge entries are divided by a power of two first (exact, so it
changes no digit), and rows whose sum of squares is tiny are recomputed after multiplying by a power of two. Inputs of
ordinary size give exactly the textbook value.
"""

from __future__ import annotations

import numpy as np

from .._validation import (
    as_float_array,
    check_binary,
    check_reduction,
    check_same_shape,
    check_scalar,
    reduce,
    reduction_scale,
)
from .regression import _reduce  # the mean of non-negative values whose sum may overflow

__all__ = ["contrastive", "contrastive_grad", "triplet", "triplet_grad", "info_nce", "info_nce_grad", "nt_xent",
           "nt_xent_grad"]


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
    same, x1, x2, margin, reduction = _pairs(same, x1, x2, margin, reduction)
    scale = _row_scale(x1, x2)
    d, _ = _distance(x1, x2, scale)
    # The hinge max(0, m - D) in the scaled units: margin/scale <= margin (scale >= 1), no overflow. A select, not
    # y*a + (1 - y)*b: 0*inf would be nan for a dissimilar pair at an enormous distance.
    pulled = np.where(same == 1.0, d, np.maximum(margin / scale - d, 0.0))
    with np.errstate(over="ignore"):
        v = scale * pulled  # back to real units; beyond 1.8e308 only where D itself is
        # 0.5*v**2 as v*(0.5*v): v**2 may exceed 1.8e308 while v**2/2 does not. inf beyond, correctly rounded.
        return _reduce(v * (0.5 * v), reduction)


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
    same, x1, x2, margin, reduction = _pairs(same, x1, x2, margin, reduction)
    scale = _row_scale(x1, x2)
    d, u = _distance(x1, x2, scale)
    # y*(x1 - x2) = y*D*u and -(1 - y)*max(0, m - D)*u, with u the unit direction (0 at D = 0); D and the hinge are
    # in units of scale, so x1 - x2 is never formed unscaled.
    coef = np.where(same == 1.0, d, -np.maximum(margin / scale - d, 0.0)) * reduction_scale(d.size, reduction)
    with np.errstate(over="ignore"):  # scaled last: only a component beyond 1.8e308 overflows (to inf, correctly)
        g1 = (coef[..., None] * u) * np.expand_dims(scale, -1)
    return g1, -g1


def triplet(anchor, positive, negative, *, margin=1.0, reduction="mean"):
    r"""Triplet loss: the anchor should be closer to the positive than to the negative, by at least ``margin``.

    .. math:: L = \max\left(0,\; \lVert a - p \rVert_2 - \lVert a - n \rVert_2 + m\right)

    Domain: ``anchor``, ``positive`` and ``negative`` are embeddings of the same shape, features along the last axis
    (a 1-D array is one triplet). ``margin > 0``. One loss per row, then ``reduction``. Finite unless a loss itself
    exceeds 1.8e308 (embeddings near the float maximum), where it is ``inf``.

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
    a, p, n, margin, reduction = _triplets(anchor, positive, negative, margin, reduction)
    # One scale per triplet for all three rows, so that D(a, p) - D(a, n) is a difference in the same units: two
    # distances beyond the float range would otherwise meet as inf - inf = nan.
    scale = _row_scale(a, p, n)
    with np.errstate(over="ignore"):  # back to real units before adding the margin (margin/scale could underflow):
        # a difference of distances beyond 1.8e308 is +-inf, and the loss then inf or 0, both correctly rounded.
        z = scale * (_distance(a, p, scale)[0] - _distance(a, n, scale)[0]) + margin
    return _reduce(np.maximum(z, 0.0), reduction)


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
    a, p, n, margin, reduction = _triplets(anchor, positive, negative, margin, reduction)
    scale = _row_scale(a, p, n)
    d_ap, u_ap = _distance(a, p, scale)
    d_an, u_an = _distance(a, n, scale)
    with np.errstate(over="ignore"):  # z as in triplet: +-inf beyond 1.8e308, which only decides its sign
        z = scale * (d_ap - d_an) + margin
    # Strictly positive: the boundary z = 0 is inactive (subgradient 0), as everywhere in the course.
    active = (z > 0.0) * reduction_scale(d_ap.size, reduction)
    active = active[..., None]
    # Unit vectors, independent of the scaling: nothing here can overflow.
    return active * (u_ap - u_an), -active * u_ap, active * u_an


def info_nce(anchor, positive, *, temperature=0.1, symmetric=False, reduction="mean"):
    r"""InfoNCE: for each anchor, pick its own positive out of the whole batch of positives (cross-entropy).

    Row ``i`` of ``positive`` is the positive of row ``i`` of ``anchor``; the other ``N - 1`` rows of ``positive``
    are its negatives. Both are L2-normalised, so :math:`s_{ij} = \cos(a_i, p_j)`, divided by the temperature
    :math:`\tau`, and each row is a classification over the ``N`` candidates whose right answer is column ``i``:

    .. math::

        L_i = -\log \frac{e^{s_{ii}/\tau}}{\sum_{j=1}^{N} e^{s_{ij}/\tau}}
            = \log \sum_{j=1}^{N} e^{(s_{ij} - s_{ii})/\tau}

    When every similarity is equal (a network that cannot tell the candidates apart), :math:`L_i = \ln N`. With ``symmetric=True`` each row
    is the average of the two directions, anchor to positives and positive to anchors (CLIP's loss):
    :math:`\tfrac12 (L_i + L'_i)` with :math:`L'_i = \log \sum_j e^{(s_{ji} - s_{ii})/\tau}`.

    Domain: ``anchor`` and ``positive`` are 2-D, of the same shape ``(N, features)``, finite, with no all-zero row
    (it has no direction to normalise). ``temperature > 0`` (default 0.1; SimCLR's Table 5 compares 0.05, 0.1, 0.5
    and 1 for NT-Xent; CLIP learns it, starting at 0.07). One loss per row, then ``reduction``. Finite unless
    :math:`(s_{ij} - s_{ii})/\tau` itself exceeds 1.8e308 (a temperature below about 1e-308), where it is ``inf``.

    What this covers: InfoNCE with cosine similarities and in-batch negatives (``symmetric=False``, PyTorch's
    ``F.cross_entropy(a @ p.T / t, arange(N))`` on normalised rows; MoCo's form, except that MoCo draws its
    negatives from a queue of earlier batches) and CLIP (``symmetric=True``). CPC, where the name comes from, scores
    pairs with a learned bilinear product, with no normalising and no temperature: pass such scores to
    :func:`sparse_categorical_cross_entropy_with_logits` instead. SimCLR's NT-Xent
    is :func:`nt_xent`: it puts the 2N augmented views of N images in one batch, so each view's negatives are the
    other 2N - 2 views (same-side views included, itself excluded).

    >>> import lossbook as lb
    >>> round(lb.info_nce([[1.0, 0.0], [1.0, 0.0]], [[0.0, 1.0], [0.0, 1.0]]), 6)  # all equal: ln 2
    0.693147
    >>> round(lb.info_nce([[1.0, 0.0], [0.0, 1.0]], [[2.0, 0.0], [0.0, 3.0]], temperature=1.0), 6)
    0.313262

    References: van den Oord, Li and Vinyals, "Representation learning with contrastive predictive coding", 2018
    (InfoNCE); Chen, Kornblith, Norouzi and Hinton, "A simple framework for contrastive learning of visual
    representations" (SimCLR, NT-Xent), ICML 2020; Radford et al., "Learning transferable visual models from natural
    language supervision" (CLIP), ICML 2021.
    """
    a, p, temperature, symmetric, reduction = _batch(anchor, positive, temperature, symmetric, reduction)
    sim = _unit_rows(a, "anchor")[0] @ _unit_rows(p, "positive")[0].T  # cosine similarities, each in [-1, 1]
    rows, _ = _pick_own(sim, temperature)
    if symmetric:  # the other direction: each positive picks its anchor among all anchors (the columns of sim)
        rows = 0.5 * (rows + _pick_own(sim.T, temperature)[0])
    return reduce(rows, reduction)


def info_nce_grad(anchor, positive, *, temperature=0.1, symmetric=False, reduction="mean"):
    r"""Gradient of :func:`info_nce` (after ``reduction``): the tuple ``(dL/danchor, dL/dpositive)``, each shaped
    like ``anchor``.

    With :math:`P` the softmax of each row of :math:`S/\tau` (the model's probability for each candidate) and
    :math:`u_i, v_j` the normalised rows, the loss moves the similarities by
    :math:`\partial L_i / \partial s_{ij} = (P_{ij} - [i = j])/\tau`: the positive is pulled by
    :math:`(1 - P_{ii})/\tau`, each negative pushed by :math:`P_{ij}/\tau`, so the hardest negatives (the most
    similar) get the biggest share. Then through the normalisation :math:`u = x/\lVert x \rVert`:

    .. math::

        \frac{\partial L}{\partial x} = \frac{g - (g \cdot u)\,u}{\lVert x \rVert}, \qquad
        g = \frac{\partial L}{\partial u}

    only the part of the push that turns the embedding counts; its length does not matter to a cosine. With
    ``reduction="none"`` the gradient is that of the sum of the row losses (every row's loss depends on every
    positive, so there is no separate gradient per row).

    >>> import lossbook as lb
    >>> g_a, g_p = lb.info_nce_grad([[1.0, 0.0], [1.0, 0.0]], [[0.0, 1.0], [0.0, 1.0]])
    >>> g_a.tolist(), g_p.tolist()  # all similarities equal: every pull is cancelled by an equal push
    ([[0.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 0.0]])
    >>> g_a, g_p = lb.info_nce_grad([[1.0, 0.0], [0.0, 1.0]], [[1.0, 1.0], [0.0, 1.0]], temperature=1.0)
    >>> [round(float(g), 4) for g in g_a[0]]  # only a turn counts: 0 along the anchor (1, 0) itself
    [0.0, 0.0484]

    Reference: Chen et al. (SimCLR), ICML 2020, Table 2 (the gradient of NT-Xent and of other contrastive losses).
    """
    a, p, temperature, symmetric, reduction = _batch(anchor, positive, temperature, symmetric, reduction)
    u, r_a, e_a = _unit_rows(a, "anchor")
    v, r_p, e_p = _unit_rows(p, "positive")
    sim = u @ v.T
    _, probs = _pick_own(sim, temperature)
    weight = probs - np.eye(len(sim))  # tau * dL_i/ds_ij: P_ij for a negative, P_ii - 1 for the positive
    if symmetric:  # the two directions, half each; the column direction's softmax is over sim's columns
        weight = 0.5 * (weight + (_pick_own(sim.T, temperature)[1] - np.eye(len(sim))).T)
    weight = weight * reduction_scale(len(sim), reduction)
    # tau * dL/du and tau * dL/dv (tau is divided out last, with the norms, so nothing overflows on the way)
    return (_through_norm(weight @ v, u, r_a, e_a, temperature),
            _through_norm(weight.T @ u, v, r_p, e_p, temperature))


def nt_xent(z1, z2, *, temperature=0.1, reduction="mean"):
    r"""NT-Xent (SimCLR): the 2N views of N images in one batch; each view must pick its other view out of the rest.

    Row ``i`` of ``z1`` and row ``i`` of ``z2`` are two views of image ``i``. Stack them into 2N rows
    :math:`w_1, \dots, w_{2N}` (``z1`` first), L2-normalise each, and let :math:`s_{km} = \cos(w_k, w_m)`. View ``k``'s
    positive :math:`k^+` is the other view of its image; its candidates are all 2N views but itself, so it has one
    positive and 2N - 2 negatives (the other images' views from both sides):

    .. math::

        \ell_k = -\log \frac{e^{s_{kk^+}/\tau}}{\sum_{m \ne k} e^{s_{km}/\tau}}
               = \log \sum_{m \ne k} e^{(s_{km} - s_{kk^+})/\tau},
        \qquad L_i = \tfrac12 \left(\ell_i + \ell_{i+N}\right)

    One loss per image (the mean of its two views' losses), then ``reduction``: ``"mean"`` is SimCLR's
    :math:`\frac{1}{2N} \sum_k \ell_k`, ``"sum"`` is N times that. When every similarity between different views is
    equal (a network that cannot tell the views apart), each view picks among 2N - 1 alike candidates and :math:`L_i = \ln(2N - 1)`.

    Compared with :func:`info_nce` (one direction, N candidates per anchor, baseline ln N): NT-Xent adds the same-side
    views as negatives and scores both views of every image. With ``N = 1`` each view's only candidate is its
    positive and the loss is 0.

    Domain: ``z1`` and ``z2`` are 2-D, of the same shape ``(N, features)``, finite, with no all-zero row.
    ``temperature > 0`` (default 0.1; SimCLR's Table 5 compares 0.05, 0.1, 0.5 and 1 for NT-Xent). Finite unless
    :math:`(s_{km} - s_{kk^+})/\tau` itself exceeds 1.8e308 (a temperature below about 1e-308), where it is ``inf``.

    This is the loss of the SimCLR paper's Algorithm 1 and of the usual PyTorch recipe
    ``F.cross_entropy(sim / t, targets)`` on the 2N x 2N cosine table with its diagonal set to ``-inf`` and
    ``targets = [N, ..., 2N-1, 0, ..., N-1]``.

    >>> import lossbook as lb
    >>> import math
    >>> z = [[1.0, 0.0], [1.0, 0.0]]  # N = 2 images, every view alike: 3 candidates per view
    >>> round(lb.nt_xent(z, z), 6), round(math.log(3), 6)
    (1.098612, 1.098612)
    >>> round(lb.nt_xent([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]], temperature=1.0), 6)
    0.551445

    Reference: Chen, Kornblith, Norouzi and Hinton, "A simple framework for contrastive learning of visual
    representations" (SimCLR), ICML 2020, equation (1) and Algorithm 1.
    """
    z1, z2, temperature, reduction = _views(z1, z2, temperature, reduction)
    w = np.concatenate([_unit_rows(z1, "z1")[0], _unit_rows(z2, "z2")[0]])  # the 2N unit views, z1's first
    views, _ = _pick_other_view(w @ w.T, temperature)
    n = len(z1)
    return reduce(0.5 * (views[:n] + views[n:]), reduction)  # one loss per image: its two views' mean


def nt_xent_grad(z1, z2, *, temperature=0.1, reduction="mean"):
    r"""Gradient of :func:`nt_xent` (after ``reduction``): the tuple ``(dL/dz1, dL/dz2)``, each shaped like ``z1``.

    With :math:`P_{km}` the softmax of view ``k`` over its 2N - 1 candidates (:math:`P_{kk} = 0`) and :math:`\Pi`
    the table with a 1 at each view's positive, :math:`\partial L/\partial s_{km} = G_{km} = c\,(P_{km} -
    \Pi_{km})/(2\tau)`, the 2 because an image's loss is the mean of its two views', and :math:`c = 1/N` for
    ``"mean"``, 1 otherwise. Each similarity :math:`s_{km} = w_k \cdot w_m` involves two unit views, so
    :math:`\partial L/\partial w = (G + G^\top)\,w`; then, as in :func:`info_nce_grad`, only the part at right angles
    to each view counts: :math:`\partial L / \partial z = (g - (g \cdot w)\,w)/\lVert z \rVert` with
    :math:`g = \partial L/\partial w` for the view :math:`w` of row :math:`z`. With ``reduction="none"`` the gradient
    is that of the sum of the per-image losses.

    >>> import lossbook as lb
    >>> g1, g2 = lb.nt_xent_grad([[1.0, 0.0], [1.0, 0.0]], [[1.0, 0.0], [1.0, 0.0]])
    >>> g1.tolist(), g2.tolist()  # every view alike: nothing to turn
    ([[0.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 0.0]])
    >>> g1, g2 = lb.nt_xent_grad([[1.0, 0.0], [0.0, 1.0]], [[1.0, 1.0], [0.0, 1.0]], temperature=1.0)
    >>> [round(float(g), 4) for g in g1[0]]  # at right angles to the view (1, 0)
    [0.0, 0.0055]

    Reference: Chen et al. (SimCLR), ICML 2020, equation (1); the gradient is derived as for :func:`info_nce_grad`.
    """
    z1, z2, temperature, reduction = _views(z1, z2, temperature, reduction)
    u1, r1, e1 = _unit_rows(z1, "z1")
    u2, r2, e2 = _unit_rows(z2, "z2")
    w = np.concatenate([u1, u2])
    _, probs = _pick_other_view(w @ w.T, temperature)
    n = len(z1)
    # tau * dL/ds_km per view: P_km for a negative, P_kk+ - 1 for the positive, 0 for itself (P_kk = 0); halved,
    # since an image's loss is the mean of its two views', then scaled for the reduction over the N images
    weight = (probs - _other_view(n)) * (0.5 * reduction_scale(n, reduction))
    push = (weight + weight.T) @ w  # tau * dL/dw: s_km = w_k . w_m moves both w_k and w_m
    return (_through_norm(push[:n], u1, r1, e1, temperature),
            _through_norm(push[n:], u2, r2, e2, temperature))

# ---------------------------------------------------------------------------------------------------------------------
# Private helpers

# Rows whose largest absolute entry exceeds 2**480 are rescaled before subtracting and squaring: below it a difference
# is at most 2**481 and a sum of d squares at most d * 2**962, far from overflow (2**1024) for any realistic d.
_HUGE = 2.0**480
# A sum of squares below 2**-600 may have lost its terms to underflow (squares of entries below ~1e-162 are 0 or
# subnormal); such rows are recomputed from their entries times 2**600. Above it, the underflowed terms are smaller
# than 2**-1074 against a sum of at least 2**-600: they change nothing.
_TINY = 2.0**-600


def _pairs(same, x1, x2, margin, reduction):
    """The input check of the contrastive pair, in one order for the loss, every reduction and the gradient:
    ``reduction``, ``margin``, ``x1``, ``x2`` (each readable, not empty, finite, at least 1-D), their shapes, then
    ``same`` (readable, finite, one flag per row, only 0 and 1)."""
    reduction = check_reduction(reduction)
    margin = check_scalar(margin, "margin", low=0.0, low_open=True)
    x1, x2 = _rows(x1, "x1"), _rows(x2, "x2")
    check_same_shape(x1, x2, "x1", "x2")
    same = as_float_array(same, "same")
    if same.shape != x1.shape[:-1]:
        raise ValueError(
            f"same has shape {same.shape} but x1 has shape {x1.shape}: same needs one 0/1 flag per row of x1, i.e. "
            f"shape {x1.shape[:-1]} (the last axis of x1 is the feature axis)"
        )
    check_binary(same, "same", " (1 for a similar pair, 0 for a dissimilar one)")
    return same, x1, x2, margin, reduction


def _triplets(anchor, positive, negative, margin, reduction):
    """The input check of the triplet, in one order for the loss, every reduction and the gradient: ``reduction``,
    ``margin``, ``anchor``, ``positive``, ``negative`` (each readable, not empty, finite, at least 1-D), then the
    shapes of ``positive`` and ``negative`` against ``anchor``."""
    reduction = check_reduction(reduction)
    margin = check_scalar(margin, "margin", low=0.0, low_open=True)
    a, p, n = _rows(anchor, "anchor"), _rows(positive, "positive"), _rows(negative, "negative")
    check_same_shape(a, p, "anchor", "positive")
    check_same_shape(a, n, "anchor", "negative")
    return a, p, n, margin, reduction


def _rows(value, name):
    """A finite float64 array of at least one axis (the feature axis is the last one)."""
    x = as_float_array(value, name)
    if x.ndim == 0:
        raise ValueError(
            f"{name} is a scalar, but embeddings are rows with the features along the last axis; pass a 1-D array "
            "for one embedding or a 2-D array (n, features) for a batch"
        )
    return x


def _row_scale(*arrays):
    """Per row (shape ``rows``), a power of two ``s >= 1``: 1 unless the row holds a value above 2**480, else the one
    that leaves every ``|x|/s`` below 2. The plain float 1.0 when no value anywhere exceeds 2**480."""
    if max(max(np.max(x), -np.min(x)) for x in arrays) <= _HUGE:
        return 1.0  # every row's scale is 1: the row-by-row search below would find nothing
    biggest = np.max([np.max(np.abs(x), axis=-1) for x in arrays], axis=0)
    _, exponent = np.frexp(biggest)  # biggest = m * 2**exponent with m in [0.5, 1)
    # 2**(exponent - 1) <= biggest: dividing by it is exact (a power of two), and it is never 2**1024 (which would
    # overflow), because exponent <= 1024 for finite values.
    return np.where(biggest > _HUGE, np.ldexp(1.0, exponent - 1), 1.0)


def _distance(x1, x2, scale):
    """Per row, ``D = ||x1 - x2||`` in units of ``scale`` (shape ``rows``) and the unit direction ``(x1 - x2)/D``,
    the gradient of ``D`` with respect to ``x1`` (0 where ``D = 0``)."""
    s = np.expand_dims(scale, -1)  # one scale per row, broadcast over its features
    diff = x1 / s - x2 / s  # exact power-of-two scaling; in scaled rows every entry is below 2: no overflow
    squares = np.einsum("...i,...i->...", diff, diff)  # the row sums of squares, without an array of squares
    # Rows whose squares may have underflowed (sum below 2**-600, so every entry below 2**-300): the same sum for the
    # entries times 2**600 (exact, and now no square underflows), then scaled back. Other rows overflow here, unused.
    with np.errstate(over="ignore"):
        magnified = diff * 2.0**600
        tiny_rows = np.sqrt(np.einsum("...i,...i->...", magnified, magnified)) * 2.0**-600
    d = np.where(squares < _TINY, tiny_rows, np.sqrt(squares))
    # The gradient of a norm at 0 is 0 by the course's convention: dividing by 1 there leaves the zero vector.
    return d, diff / np.where(d > 0.0, d, 1.0)[..., None]


def _batch(anchor, positive, temperature, symmetric, reduction):
    """The input check of InfoNCE, in one order for the loss, every reduction and the gradient: ``reduction``,
    ``temperature``, ``symmetric``, ``anchor``, ``positive`` (each readable, not empty, finite, 2-D), their shapes."""
    reduction = check_reduction(reduction)
    temperature = check_scalar(temperature, "temperature", low=0.0, low_open=True)
    if not isinstance(symmetric, (bool, np.bool_)):
        raise TypeError(f"symmetric must be True (CLIP's two directions) or False (anchor to positives only), "
                        f"got {symmetric!r}")
    a, p = _rows(anchor, "anchor"), _rows(positive, "positive")
    for x, name in ((a, "anchor"), (p, "positive")):
        if x.ndim != 2:
            raise ValueError(
                f"{name} has shape {x.shape}, but InfoNCE needs a batch: a 2-D array (N, features) whose row i in "
                f"positive is the positive of row i in anchor" + (" (for one pair, write [[...]])" if x.ndim == 1
                                                                   else " (reshape to (-1, features))")
            )
    check_same_shape(a, p, "anchor", "positive")
    return a, p, temperature, bool(symmetric), reduction


def _unit_rows(x, name):
    """Each row scaled to length 1, with its length as ``r * 2**e`` (``r`` in [0.5, sqrt(features)]): the rows,
    ``r`` and ``e``. An all-zero row raises: it has no direction."""
    biggest = np.max(np.abs(x), axis=1)
    zero = np.flatnonzero(biggest == 0.0)
    if zero.size:
        raise ValueError(
            f"{name} row {int(zero[0])} is all zeros ({zero.size} such row{'s' if zero.size > 1 else ''}): a zero "
            f"vector has no direction, so it cannot be normalised for a cosine similarity; drop that row or give it "
            f"a non-zero embedding (all-zero outputs often mean a dead layer, e.g. a ReLU that never fires)"
        )
    _, e = np.frexp(biggest)  # biggest = m * 2**e with m in [0.5, 1)
    with np.errstate(under="ignore"):  # entries far below the row's largest may underflow: they add nothing to r
        scaled = np.ldexp(x, -e[:, None])  # exact power-of-two scaling: the largest |entry| is in [0.5, 1)
    r = np.sqrt(np.einsum("ij,ij->i", scaled, scaled))  # in [0.5, sqrt(features)]: no overflow, no underflow
    return scaled / r[:, None], r, e


def _pick_own(sim, temperature):
    """Per row of ``sim``, the cross-entropy of picking column ``i`` in row ``i`` at this temperature, and the
    softmax of the row (the probability of each candidate)."""
    gap = sim - np.diag(sim)[:, None]  # s_ij - s_ii in [-2, 2]: the positive's logit becomes exactly 0
    top = np.max(gap, axis=1, keepdims=True)  # >= 0, since the positive itself is a candidate
    with np.errstate(over="ignore", under="ignore"):
        # Shifted by the row's largest logit, every exponent is <= 0 (log-sum-exp): exp never overflows, and an
        # exponent below -1.8e308 (a tiny temperature) is -inf, whose exp is 0.
        weights = np.exp((gap - top) / temperature)
        total = np.sum(weights, axis=1)  # in [1, N]: the largest term is exp(0) = 1
        # top/tau beyond 1.8e308 only where the true loss is: inf, correctly rounded; never inf - inf
        rows = top[:, 0] / temperature + np.log(total)
    return rows, weights / total[:, None]


def _views(z1, z2, temperature, reduction):
    """The input check of NT-Xent, in one order for the loss, every reduction and the gradient: ``reduction``,
    ``temperature``, ``z1``, ``z2`` (each readable, not empty, finite, 2-D), their shapes."""
    reduction = check_reduction(reduction)
    temperature = check_scalar(temperature, "temperature", low=0.0, low_open=True)
    z1, z2 = _rows(z1, "z1"), _rows(z2, "z2")
    for x, name in ((z1, "z1"), (z2, "z2")):
        if x.ndim != 2:
            raise ValueError(
                f"{name} has shape {x.shape}, but NT-Xent needs a batch: a 2-D array (N, features) whose row i in z2 "
                f"is the second view of the image whose first view is row i in z1"
                + (" (for one image, write [[...]])" if x.ndim == 1 else " (reshape to (-1, features))")
            )
    check_same_shape(z1, z2, "z1", "z2")
    return z1, z2, temperature, reduction


def _other_view(n):
    """The 2N x 2N table with a 1 at each view's positive: view k < N pairs with k + N, and k + N with k."""
    return np.roll(np.eye(2 * n), n, axis=1)


def _pick_other_view(sim, temperature):
    """Per view (row of the 2N x 2N ``sim``), the cross-entropy of picking its other view among every view but
    itself at this temperature, and the softmax over those candidates (0 for the view itself)."""
    n = len(sim) // 2
    gap = sim - sim[np.arange(2 * n), np.roll(np.arange(2 * n), n)][:, None]  # s_km - s_kk+: the positive's is 0
    # A view is not its own candidate. -inf (not a large negative number) keeps it out exactly: -inf - top and
    # -inf / tau stay -inf, and exp(-inf) = 0, all without a warning; never inf - inf, since top is finite.
    np.fill_diagonal(gap, -np.inf)
    top = np.max(gap, axis=1, keepdims=True)  # >= 0, since the positive is a candidate (finite: 2N >= 2 views)
    with np.errstate(over="ignore", under="ignore"):
        # As in _pick_own: every exponent <= 0 after the shift, so exp never overflows; a very negative one is 0.
        weights = np.exp((gap - top) / temperature)
        total = np.sum(weights, axis=1)  # in [1, 2N - 1]: the largest term is exp(0) = 1
        rows = top[:, 0] / temperature + np.log(total)  # inf only where the true loss exceeds 1.8e308
    return rows, weights / total[:, None]


def _through_norm(push, unit, r, e, temperature):
    """``(push - (push . u) u) / (tau * ||x||)`` per row, with ``||x|| = r * 2**e``: the gradient with respect to
    the raw rows ``x`` of ``tau * dL/du = push``."""
    turn = push - np.einsum("ij,ij->i", push, unit)[:, None] * unit  # drop the part along u: a cosine ignores length
    mantissa, exponent = np.frexp(temperature)  # tau = mantissa * 2**exponent, mantissa in [0.5, 1)
    with np.errstate(over="ignore", under="ignore"):
        # Divide by the mantissas first (finite, both in [0.25, sqrt(features)]), then shift the exponent once: a
        # gradient beyond 1.8e308 is inf, one below the smallest float is 0, and 0 stays exactly 0 (never 0 * inf).
        return np.ldexp(turn / (r * mantissa)[:, None], -(e + exponent)[:, None])
