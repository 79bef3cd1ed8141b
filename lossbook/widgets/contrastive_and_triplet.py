"""Widgets of the lesson "Contrastive and triplet": move embeddings of face photos in a 2-D plane and watch the loss
and the push on each point (minus the gradient, from ``lb.contrastive_grad`` and ``lb.triplet_grad``)."""

from __future__ import annotations

import numpy as np

import lossbook as lb

from ..plots.contrastive_and_triplet import EmbeddingPlot
from ._args import arguments, choice, point, real
from ._controls import slider, toggle
from ._explorer import Explorer
from ._registry import register

__all__ = ["contrastive_pair", "triplet_explorer"]

_ANCHOR = np.array([-0.5, 0.0])  # photo A of the pair stays here; sliders move photo B
_TRIPLET_ANCHOR = np.array([0.0, 0.0])  # the triplet's anchor stays at the origin; sliders move the other two


def _xy_slider(value, what, axis, reach=2.0):
    return slider(value, -reach, reach, 0.05, description=f"{what} {axis}")


_POSITIVE_REACH = 2.0  # the positive's sliders run from -2 to 2 on each axis
_MAX_MARGIN = 2.0
# The largest dashed circle (positive in a corner, margin at its top) has radius 2*sqrt(2) + 2 = 4.83: the plane's
# half-width leaves room for all of it, and the negative can go far enough (5 along an axis) to leave it.
_NEGATIVE_REACH = 5.0
_PLANE = 5.2
# Triplet pushes on the positive and the negative have length 1: drawn at 1 unit they are long enough to read on
# this wide plane (at the pair's 0.5 they would be mostly arrowhead), and the positive's push from the first frame's
# (1, 1), 1.41 from the anchor, stops short of the anchor's marker instead of ending under it.
_TRIPLET_ARROW_SCALE = 1.0


@register
@arguments(same=choice(0, 1), x=real(-2.0, 2.0), y=real(-2.0, 2.0), margin=real(0.2, 2.0))
def contrastive_pair(same=0, x=-0.1, y=0.3, margin=1.5):
    """Contrastive loss of one pair of face embeddings: photo A stays at (-0.5, 0), slide photo B; same person or
    not."""
    if same not in (0, 1):
        raise ValueError(f"same must be 1 (same person) or 0 (different people), got {same!r}")
    plot = EmbeddingPlot(["photo A", "photo B"], circles=1, circle_labels=["margin around A"], pairs=[(0, 1)],
                         pair_label="distance D (A to B)")
    # The pair toggle comes last: the margin slider acts on a different-people pair (for the same person the margin
    # plays no part and its circle is hidden), so the controls read top to bottom as photo B, margin, then the switch.
    controls = {
        "x": _xy_slider(x, "photo B", "feature 1"),
        "y": _xy_slider(y, "photo B", "feature 2"),
        "margin": slider(margin, 0.2, 2.0, 0.05, description="margin m"),
        "same": toggle([("different people", 0), ("same person", 1)], same, description="pair"),
    }

    def frame(v, changed):
        b = np.array([v["x"], v["y"]])
        m = v["margin"]
        loss = lb.contrastive(v["same"], _ANCHOR, b, margin=m)
        g_a, g_b = lb.contrastive_grad(v["same"], _ANCHOR, b, margin=m)
        dist = float(np.hypot(*(b - _ANCHOR)))
        points = np.array([_ANCHOR, b])
        plot.set_points(points)
        plot.set_circle(0, _ANCHOR, m, visible=v["same"] == 0)  # the margin plays no part for the same person
        plot.set_arrows(points, -np.array([g_a, g_b]))
        if v["same"] == 1:
            verdict = ("the pair sits on one point: nothing to fix" if loss == 0 else
                       "same person: both photos are pulled together")
        elif loss == 0:
            verdict = "outside the margin: satisfied, no push"
        else:
            verdict = "inside the margin: pushed apart"
        who = "same person" if v["same"] == 1 else "different people"
        return (f"{who}, photo B at ({b[0]:.2f}, {b[1]:.2f}): distance D = {dist:.3f}, margin m = {m:.2f}, "
                f"loss = {loss:.4f}\n"
                f"push on photo B = ({-g_b[0]:.3f}, {-g_b[1]:.3f}): {verdict}")

    return Explorer(plot, controls, frame, title="Contrastive loss: one pair",
                    alt="Two face embeddings in a plane, the margin circle around photo A, and arrows showing "
                        "which way the loss pushes each photo")


@register
@arguments(positive=point(-_POSITIVE_REACH, _POSITIVE_REACH), negative=point(-_NEGATIVE_REACH, _NEGATIVE_REACH),
           margin=real(0.1, _MAX_MARGIN))
def triplet_explorer(positive=(1.0, 1.0), negative=(1.5, -0.5), margin=1.0):
    """Triplet loss: the anchor stays at the origin; slide the positive (same person) and the negative (someone
    else)."""
    anchor = _TRIPLET_ANCHOR
    plot = EmbeddingPlot(["anchor", "positive", "negative"], circles=2, pairs=[(0, 1), (0, 2)],
                         pair_label="distances from the anchor",
                         circle_labels=["d(a,p) + margin", "d(a,p)"], lim=_PLANE,
                         arrow_scale=_TRIPLET_ARROW_SCALE)
    controls = {
        "px": _xy_slider(positive[0], "positive", "feature 1", _POSITIVE_REACH),
        "py": _xy_slider(positive[1], "positive", "feature 2", _POSITIVE_REACH),
        "nx": _xy_slider(negative[0], "negative", "feature 1", _NEGATIVE_REACH),
        "ny": _xy_slider(negative[1], "negative", "feature 2", _NEGATIVE_REACH),
        "margin": slider(margin, 0.1, _MAX_MARGIN, 0.05, description="margin m"),
    }

    def frame(v, changed):
        p = np.array([v["px"], v["py"]])
        n = np.array([v["nx"], v["ny"]])
        m = v["margin"]
        loss = lb.triplet(anchor, p, n, margin=m)
        grads = lb.triplet_grad(anchor, p, n, margin=m)
        d_ap, d_an = float(np.hypot(*(p - anchor))), float(np.hypot(*(n - anchor)))
        points = np.array([anchor, p, n])
        plot.set_points(points)
        plot.set_circle(0, anchor, d_ap + m)  # the negative must end up outside this circle
        plot.set_circle(1, anchor, d_ap)  # through the positive
        plot.set_arrows(points, -np.array(grads))
        verdict = "margin satisfied: loss 0, no push" if loss == 0 else "margin not met: positive pulled in, negative pushed out"
        return (f"positive at ({p[0]:.2f}, {p[1]:.2f}), negative at ({n[0]:.2f}, {n[1]:.2f})\n"
                f"d(anchor, positive) = {d_ap:.3f}, d(anchor, negative) = {d_an:.3f}, margin m = {m:.2f}\n"
                f"loss = max(0, {d_ap:.3f} - {d_an:.3f} + {m:.2f}) = {loss:.4f}: {verdict}")

    return Explorer(plot, controls, frame, title="Triplet loss: anchor, positive, negative",
                    alt="Anchor, positive and negative embeddings in a plane; a dashed circle of radius "
                        "d(anchor, positive) + margin that the negative must leave; arrows showing the push on each")
