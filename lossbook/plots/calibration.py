"""Figures of the lesson "Calibration": a reliability diagram that follows a temperature slider."""

from __future__ import annotations

import numpy as np

from ._base import FigurePlot
from .theme import COLORS, MUTED, new_figure, style

__all__ = ["ReliabilityPlot"]


class ReliabilityPlot(FigurePlot):
    """Left: the reliability diagram (observed frequency against mean predicted probability per bin, the diagonal
    for a calibrated model). Right: how many predictions fall into each bin, on an axis up to ``top_share`` percent."""

    def __init__(self, bins, *, top_share=100.0, figsize=(9.0, 3.6)):
        fig, (ax, hax) = new_figure(1, 2, figsize=figsize)
        super().__init__(fig)
        self.ax, self.hax = ax, hax
        ax.set(xlim=(0.0, 1.0), ylim=(0.0, 1.0), xlabel="mean predicted probability in the bin",
               ylabel="observed frequency in the bin")
        ax.plot([0, 1], [0, 1], color=MUTED, linestyle=(0, (1, 1.5)), linewidth=1.5, label="calibrated")
        (self.curve,) = ax.plot([], [], **style(0, marker=True), label="this model")
        ax.legend(loc="upper left", fontsize=9)
        self.dynamic(self.curve)
        self.edges = np.linspace(0.0, 1.0, bins + 1)
        # top_share: the largest share (%) any bin can reach over the slider's range, so no bar leaves the axes
        hax.set(xlim=(0.0, 1.0), ylim=(0.0, float(top_share)), xlabel="predicted probability (bin)",
                ylabel="share of predictions (%)")
        self.bars = hax.bar(self.edges[:-1], np.zeros(bins), width=1.0 / bins, align="edge", color=COLORS[1],
                            edgecolor="black", linewidth=0.6)
        for bar in self.bars:
            self.dynamic(bar)
        self.note = ax.text(0.97, 0.05, "", ha="right", va="bottom", fontsize=9, color="black")
        self.dynamic(self.note)

    def set_curve(self, mean_predicted, frequency, count, note=""):
        """One reliability curve (NaN bins are left out) and the bins' shares of the predictions."""
        filled = count > 0
        self.curve.set_data(mean_predicted[filled], frequency[filled])
        for bar, share in zip(self.bars, 100 * count / count.sum()):
            bar.set_height(share)
        self.note.set_text(note)
