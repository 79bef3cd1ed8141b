"""Binary cross-entropy figures: the -log p curve with chosen probabilities marked ("confident and wrong costs most").

The live loss-and-gradient figure of the lesson is the generic :class:`lossbook.plots.LossGradPlot`; this module holds
only what is special to the lesson: a still picture of the cost of one cat photo at several predicted probabilities.

>>> plot = ConfidencePlot([0.9, 0.5, 0.1])
>>> plot.png()[:4]
b'\\x89PNG'
>>> plot
Binary cross-entropy -ln p for a cat (y = 1), marked at p = 0.9, 0.5, 0.1
"""

from __future__ import annotations

import numpy as np

from ..losses import binary_cross_entropy
from ._base import FigurePlot
from .curves import LossGradPlot
from .theme import ACCENT, MUTED, new_figure, style

__all__ = ["ConfidencePlot", "BceSlopePlot"]


class ConfidencePlot(FigurePlot):
    """The loss -ln p of a true cat (label 1) against the predicted probability p, with each of ``ps`` marked.

    Every marked point carries its loss as a label, computed by :func:`lossbook.binary_cross_entropy`. A static
    figure: nothing is dynamic, so each ``png()`` after the first reuses the cached picture.
    """

    def __init__(self, ps=(0.99, 0.9, 0.5, 0.1, 0.01), *, figsize=(6.0, 3.4)):
        ps = np.asarray(ps, dtype=float)
        if ps.ndim != 1 or ps.size == 0 or np.any((ps <= 0) | (ps >= 1)):
            raise ValueError(f"ps must be a 1-D list of probabilities strictly between 0 and 1, got {ps.tolist()}")
        self.ps = ps
        fig, ax = new_figure(figsize=figsize)
        super().__init__(fig)
        self.ax = ax
        x = np.linspace(0.005, 1.0, 400)
        losses = binary_cross_entropy(np.ones_like(ps), ps, reduction="none")
        top = max(5.0, float(losses.max()) * 1.15)
        # The floor sits a little below 0, so a point with a loss near 0 (p = 0.99) is drawn whole, not cut in half.
        ax.set(xlim=(0.0, 1.0), ylim=(-0.04 * top, top), xlabel="predicted probability of cat, p (0 to 1)",
               ylabel="loss -ln p (nats)")
        ax.set_title("The photo is a cat (y = 1): confident and wrong costs most")
        (self.curve,) = ax.plot(x, binary_cross_entropy(np.ones_like(x), x, reduction="none"), **style(0),
                                label="loss = -ln p")
        (self.points,) = ax.plot(ps, losses, "o", color=ACCENT, markersize=8, markeredgecolor="white",
                                 markeredgewidth=1.5, zorder=5, label="the probabilities in the table")
        # Labels: points on the left get theirs to the right; the crowded points on the right get theirs stacked
        # above them, higher for each larger p, with a thin line back to the point.
        high = sorted(p for p in ps if p >= 0.5)
        for p, loss in zip(ps, losses):
            text = f"p = {p:g}: loss {loss:.3f}"
            if p < 0.5:
                ax.annotate(text, (p, loss), xytext=(10, 2), textcoords="offset points", ha="left", va="center",
                            fontsize=9)
            else:
                rise = 22 + 22 * high.index(p)
                ax.annotate(text, (p, loss), xytext=(-4, rise), textcoords="offset points", ha="right",
                            va="bottom", fontsize=9, arrowprops=dict(arrowstyle="-", color=MUTED, linewidth=0.8))
        ax.legend(loc="upper right")

    def __repr__(self):
        marked = ", ".join(f"{p:g}" for p in self.ps)
        return f"Binary cross-entropy -ln p for a cat (y = 1), marked at p = {marked}"


class BceSlopePlot(LossGradPlot):
    """The lesson's loss-and-slope figure: :class:`LossGradPlot` with a gradient axis that holds every slope.

    For p in [0.01, 0.99] the slope dL/dp runs from -100 to 100 (-1/p for a cat, 1/(1-p) for a dog). A linear axis
    that shows the interesting middle (|slope| up to a few) would pin the marker to its edge for most of that range,
    so the gradient axis is *symlog*: linear between -1 and 1, logarithmic beyond, limits fixed at +-200 for the
    slider's whole range (far enough past +-100 that the dot at p = 0.01 or 0.99 is drawn whole). The slider's ends,
    p = 0.01 and 0.99, lie a few pixels from the panels' left and right edges, so both dots are drawn unclipped: they
    may overlap the frame, never lose half their disc to it. The tangent on the left is drawn thick and long enough to stand out from the curve. Both
    value boxes sit at the top centre, the one place neither label's curve reaches (a cat's curve climbs at the left,
    a dog's at the right).
    """

    GRAD_LIMIT = 200.0

    def __init__(self, x, loss, grad, *, xlabel="predicted probability of cat, p", figsize=(8.0, 3.2)):
        super().__init__(x, loss, grad, xlabel=xlabel, ylabel="loss (nats)",
                         grad_label="gradient dL/dp (symlog scale)", xlim=(0.0, 1.0), ylim=(0.0, 5.0),
                         grad_ylim=(-self.GRAD_LIMIT, self.GRAD_LIMIT), figsize=figsize)
        self.gax.set_yscale("symlog", linthresh=1.0)
        self.gax.set_ylim(-self.GRAD_LIMIT, self.GRAD_LIMIT)
        self.gax.set_yticks([-100, -10, -1, 0, 1, 10, 100])
        self.gax.set_yticklabels(["-100", "-10", "-1", "0", "1", "10", "100"])
        self._tangent_half_width = 0.22
        for dot in (self.point, self.grad_point):
            dot.set_clip_on(False)
        self.tangent.set_linewidth(3.0)
        for box in (self.label, self.grad_text):
            box.set_position((0.5, 0.95))
            box.set_horizontalalignment("center")
