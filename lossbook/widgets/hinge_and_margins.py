"""Widgets of the lesson "Hinge and margins": a 2-D linear classifier whose boundary and margin band you move."""

from __future__ import annotations

import math

import numpy as np

import lossbook as lb

from ..datasets import margin_data
from ..plots.hinge_and_margins import HingeVsBCEPlot, MarginPlot
from ._args import arguments, real, seed, whole
from ._controls import slider
from ._explorer import Explorer
from ._registry import register

__all__ = ["hinge_margin", "hinge_vs_bce"]


def _weights(angle_deg, half_width):
    """``w`` pointing at ``angle_deg`` with length ``1 / half_width`` (the margin lines sit ``half_width`` away)."""
    a = math.radians(angle_deg)
    return np.array([math.cos(a), math.sin(a)]) / half_width


def hinge_vs_bce(m=None):
    """The static figure: hinge, squared hinge and cross-entropy from lossbook against the margin ``m = y·s``."""
    m = np.linspace(-3.0, 4.0, 281) if m is None else np.asarray(m, dtype=float)
    ones = np.ones_like(m)  # label +1, so the score equals the margin
    return HingeVsBCEPlot(m, lb.hinge(ones, m, reduction="none"), lb.squared_hinge(ones, m, reduction="none"),
                          lb.binary_cross_entropy_with_logits(ones, m, reduction="none"))


@register
@arguments(angle=real(-180.0, 180.0), offset=real(-3.0, 3.0), half_width=real(0.2, 2.5), n=whole(4, 2000), seed=seed())
def hinge_margin(angle=45.0, offset=0.0, half_width=1.0, n=40, seed=0):
    """A linear classifier on 2-D data: turn ``w`` (``angle`` is the direction ``w`` points in, in degrees; the boundary
    runs at right angles to it), shift the boundary, widen the margin band; read the hinge loss."""
    X, y = margin_data(n, seed=seed)
    plot = MarginPlot(X, y)
    controls = {
        "angle": slider(angle, -180.0, 180.0, 1.0, description="direction of w", unit="degrees",
                        readout_format=".0f"),
        "offset": slider(offset, -3.0, 3.0, 0.05, description="offset b"),
        "half_width": slider(half_width, 0.2, 2.5, 0.05, description="band half-width 1/|w|"),
    }

    def frame(v, changed):
        w = _weights(v["angle"], v["half_width"])
        s = X @ w + v["offset"]
        values = lb.hinge(y, s, reduction="none")
        total = float(values.sum())
        inside = int(np.count_nonzero(values > 0))
        wrong = int(np.count_nonzero(y * s < 0))
        plot.set_classifier(w, v["offset"], values)
        return (f"w points at {v['angle']:.0f} degrees (the boundary runs at right angles to it), offset b = "
                f"{v['offset']:.2f}, band half-width = "
                f"{v['half_width']:.2f} (|w| = {1 / v['half_width']:.2f})\n"
                f"total hinge loss = {total:.2f} (mean {total / len(y):.3f} over {len(y)} points)\n"
                f"margin violations: {inside} points with a margin y·s below 1, of which {wrong} on the wrong side")

    return Explorer(plot, controls, frame, title="Hinge loss and the margin",
                    alt="Two classes of points, a straight decision boundary with the dashed edges of the margin band on each "
                        "side; points with a margin y·s below 1 are ringed (a bigger ring for a bigger loss), and up "
                        "to three of the biggest losses carry their number.")
