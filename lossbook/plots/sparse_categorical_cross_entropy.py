"""Figures of the lesson "Sparse categorical cross-entropy": label smoothing as target bars and as a loss curve."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Patch

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

    def __init__(self, n_classes: int, true_class: int, gaps, *, ylim=(-0.1, 2.6), figsize=(8.6, 3.3)):
        if not 0 <= true_class < n_classes:
            raise ValueError(f"true_class must lie in [0, {n_classes}), got {true_class!r}")
        gaps = np.asarray(gaps, dtype=float)
        fig, (bax, ax) = new_figure(1, 2, figsize=figsize)
        super().__init__(fig)
        self.bax, self.ax = bax, ax
        classes = np.arange(n_classes)
        # A little room below 0: a diamond at probability 0 stays whole, not half under the axis.
        bax.set(xlim=(-0.7, n_classes - 0.3), ylim=(-0.04, 1.08), xlabel="class (digit)", ylabel="probability")
        colours = [COLORS[0] if c == true_class else OKABE_ITO["sky_blue"] for c in classes]
        self.bars = bax.bar(classes, np.zeros(n_classes), width=0.7, color=colours, edgecolor="black", linewidth=0.6,
                            label="smoothed target")
        for bar in self.bars:
            self.dynamic(bar)
        (self.model,) = bax.plot(classes, np.zeros(n_classes), marker="D", markersize=6, color=COLORS[1],
                                 markeredgecolor="white", linestyle="none", label="model's p", zorder=5)
        self.dynamic(self.model)
        # Above the axes, like the right panel's: inside, some class's bar or diamond could run under it (with two
        # classes and the true one first, say).
        # The legend names both bar colours (the true class's bar is darker than the others).
        bar_keys = [Patch(facecolor=COLORS[0], edgecolor="black", linewidth=0.6, label="target, true class"),
                    Patch(facecolor=OKABE_ITO["sky_blue"], edgecolor="black", linewidth=0.6, label="target, others")]
        bax.legend(handles=[self.model, *bar_keys], loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3,
                   frameon=False, fontsize=9, handlelength=1.2, columnspacing=0.9)
        # The other classes' targets (0.01 at smoothing 0.1) are slivers on a 0-to-1 axis, under the diamonds: say
        # their value in words, top left, above every bar and diamond but the true class's.
        self.true_class = true_class
        self.others_text = self.dynamic(bax.text(0.02, 0.97, "", transform=bax.transAxes, ha="left", va="top",
                                                 fontsize=9, bbox=dict(boxstyle="round,pad=0.2", facecolor="white",
                                                                       edgecolor=MUTED, alpha=0.9)))
        if n_classes <= 20:  # the true class is named under its bar, where no diamond can cover the word
            bax.set_xticks(classes, [f"{c}\ntrue" if c == true_class else str(c) for c in classes])

        # Room beyond the slider's ends (and below loss 0, the default ylim): the dot stays whole at gap 0, at gap 12
        # and at a loss of 0.
        pad = 0.03 * (gaps[-1] - gaps[0])
        ax.set(xlim=(gaps[0] - pad, gaps[-1] + pad), ylim=ylim, xlabel="confidence: logit gap, true class vs others",
               ylabel="loss (nats)")
        self.ax_ylim = ylim
        (self.reference,) = ax.plot(gaps, np.zeros_like(gaps), color=MUTED, linestyle=(0, (4, 2)), linewidth=1.5,
                                    label="no smoothing")
        (self.curve,) = ax.plot(gaps, np.zeros_like(gaps), **style(0), label="with smoothing")
        best_style = {**_GUIDE, "color": OKABE_ITO["bluish_green"], "linewidth": 1.6}
        self.best = ax.axvline(gaps[-1], **best_style, label="lowest loss")
        (self.point,) = ax.plot([gaps[0]], [0.0], **_POINT, label="loss at this gap")
        # Above the axes: the "lowest loss" line sweeps the whole width as the smoothing moves (gap 4.5 at 0.1, 6.9
        # at 0.01), so no corner inside the axes is safe from it.
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False, fontsize=9,
                  handlelength=1.8, columnspacing=1.0)
        for artist in (self.curve, self.best, self.point):
            self.dynamic(artist)
        # The legend's "lowest loss" entry, hidden with the line (at smoothing 0 there is no lowest loss).
        legend = ax.get_legend()
        at = [t.get_text() for t in legend.get_texts()].index("lowest loss")
        self._best_key = (legend.get_texts()[at], legend.legend_handles[at])

    def set_reference(self, gaps, loss):
        """The unsmoothed loss curve (drawn once, in the background)."""
        self.reference.set_data(gaps, loss)
        self.invalidate()

    def set_target(self, target):
        """Heights of the target bars, one per class; the others' target also in words (their bars are slivers)."""
        for bar, h in zip(self.bars, target):
            bar.set_height(h)
        others = np.delete(np.asarray(target, dtype=float), self.true_class)
        self.others_text.set_text(f"target of each other class: {others.max():.3f}" if others.size else "")

    def set_curve(self, gaps, loss, best_gap=None):
        """The smoothed loss curve and the gap of lowest loss (``None``: no minimum on the axis, line and its legend
        entry hidden).

        The loss axis keeps its lower limit and grows, never below the ``ylim`` it was built with, until the whole
        curve fits: a large smoothing lifts the right end of the curve (5.4 at 0.5 and gap 12).
        """
        self.curve.set_data(gaps, loss)
        lo, hi = self.ax_ylim
        # the next whole unit above 1.05 x the highest loss: few distinct limits, so few full redraws while dragging
        need = 1.05 * float(np.max(loss))
        top = hi if need <= hi else float(np.ceil(need))
        if top != self.ax.get_ylim()[1]:
            self.ax.set_ylim(lo, top)
            self.invalidate()
        shown = best_gap is not None and bool(np.isfinite(best_gap))
        if shown != self.best.get_visible():
            self.best.set_visible(shown)
            for key in self._best_key:  # the legend is part of the cached background: redraw it once
                key.set_visible(shown)
            self.invalidate()
        if shown:
            self.best.set_xdata([best_gap, best_gap])

    def set_model(self, gap, probabilities, loss):
        """The model's probabilities (diamonds) and its loss at ``gap`` (the dot; the value is in the readout: a
        text box would cost more than the rest of the frame)."""
        self.model.set_ydata(probabilities)
        lo, hi = self.ax.get_ylim()
        self.point.set_data([gap], [min(max(loss, lo), hi)])
