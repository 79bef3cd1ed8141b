"""Figures of the lesson "Sparse categorical cross-entropy": label smoothing as target bars and as a loss curve."""

from __future__ import annotations

import numpy as np

from ._base import FigurePlot
from .curves import _GUIDE, _POINT
from .theme import COLORS, MUTED, OKABE_ITO, new_figure, style

__all__ = ["SmoothingPlot"]


class SmoothingPlot(FigurePlot):
    """Label smoothing for one example of ``n_classes`` classes, in two panels.

    Left: the smoothed target of every class as bars (the true class in a darker colour) and the model's predicted
    probabilities as diamonds. Right: the smoothed cross-entropy against the model's confidence (the logit gap
    between the true class and every other class), with the unsmoothed curve as a grey reference, the current
    gap as a dot and the gap of lowest loss as a dashed line.
    """

    def __init__(self, n_classes: int, true_class: int, gaps, *, ylim=(0.0, 2.6), figsize=(8.6, 3.3)):
        if not 0 <= true_class < n_classes:
            raise ValueError(f"true_class must lie in [0, {n_classes}), got {true_class!r}")
        gaps = np.asarray(gaps, dtype=float)
        fig, (bax, ax) = new_figure(1, 2, figsize=figsize)
        super().__init__(fig)
        self.bax, self.ax = bax, ax
        classes = np.arange(n_classes)
        bax.set(xlim=(-0.7, n_classes - 0.3), ylim=(0.0, 1.08), xlabel="class (digit)", ylabel="probability")
        bax.set_xticks(classes)
        colours = [COLORS[0] if c == true_class else OKABE_ITO["sky_blue"] for c in classes]
        self.bars = bax.bar(classes, np.zeros(n_classes), width=0.7, color=colours, edgecolor="black", linewidth=0.6,
                            label="smoothed target")
        for bar in self.bars:
            self.dynamic(bar)
        (self.model,) = bax.plot(classes, np.zeros(n_classes), marker="D", markersize=6, color=COLORS[1],
                                 markeredgecolor="white", linestyle="none", label="model's p", zorder=5)
        self.dynamic(self.model)
        bax.legend(loc="upper left")
        bax.text(true_class, 1.02, "true", ha="center", va="bottom", fontsize=9)

        ax.set(xlim=(gaps[0], gaps[-1]), ylim=ylim, xlabel="confidence: logit gap, true class vs others",
               ylabel="loss (nats)")
        self.ax_ylim = ylim
        (self.reference,) = ax.plot(gaps, np.zeros_like(gaps), color=MUTED, linestyle=(0, (4, 2)), linewidth=1.5,
                                    label="no smoothing")
        (self.curve,) = ax.plot(gaps, np.zeros_like(gaps), **style(0), label="with smoothing")
        best_style = {**_GUIDE, "color": OKABE_ITO["bluish_green"], "linewidth": 1.6}
        self.best = ax.axvline(gaps[-1], **best_style, label="lowest loss")
        (self.point,) = ax.plot([gaps[0]], [0.0], **_POINT)
        ax.legend(loc="upper right")  # the "lowest loss" line runs near the middle
        for artist in (self.curve, self.best, self.point):
            self.dynamic(artist)

    def set_reference(self, gaps, loss):
        """The unsmoothed loss curve (drawn once, in the background)."""
        self.reference.set_data(gaps, loss)
        self.invalidate()

    def set_target(self, target):
        """Heights of the target bars, one per class."""
        for bar, h in zip(self.bars, target):
            bar.set_height(h)

    def set_curve(self, gaps, loss, best_gap=None):
        """The smoothed loss curve and the gap of lowest loss (``None``: no minimum on the axis, line hidden)."""
        self.curve.set_data(gaps, loss)
        if best_gap is None or not np.isfinite(best_gap):
            self.best.set_visible(False)
        else:
            self.best.set_visible(True)
            self.best.set_xdata([best_gap, best_gap])

    def set_model(self, gap, probabilities, loss):
        """The model's probabilities (diamonds) and its loss at ``gap`` (the dot; the value is in the readout: a
        text box would cost more than the rest of the frame)."""
        self.model.set_ydata(probabilities)
        lo, hi = self.ax_ylim
        self.point.set_data([gap], [min(max(loss, lo), hi)])
