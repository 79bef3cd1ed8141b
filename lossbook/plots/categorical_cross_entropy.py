"""Categorical cross-entropy figure: softmax probabilities as bars, and the loss of the true class's probability.

Left: one bar per class (its probability, printed above it); the true class's bar is hatched and outlined in black,
so it stands out without colour. Right: the loss -ln q against q, the probability given to the true class, with the
current q marked: the loss depends on that one bar only.

>>> plot = SoftmaxBarsPlot(["cat", "dog", "bird"])
>>> plot.set_state([0.1, 0.7, 0.2], true_class=1, loss=0.357)
>>> plot.png()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import numpy as np

from ._base import FigurePlot
from .curves import _BOX, _GUIDE, _POINT
from .theme import COLORS, MUTED, new_figure, style

__all__ = ["SoftmaxBarsPlot"]

_TRUE_HATCH = "//"


class SoftmaxBarsPlot(FigurePlot):
    """Probabilities per class as bars (true class hatched) beside the curve -ln q with the current q marked.

    ``set_state(probs, true_class, loss)`` moves every dynamic artist; it creates none.
    """

    def __init__(self, classes=("cat", "dog", "bird"), *, figsize=(8.0, 3.3), loss_max=5.0):
        self.classes = [str(c) for c in classes]
        if len(self.classes) < 2:
            raise ValueError(f"classes must name at least 2 classes, got {self.classes}")
        n = len(self.classes)
        fig, (ax, lax) = new_figure(1, 2, figsize=figsize)
        super().__init__(fig)
        self.ax, self.lax = ax, lax
        x = np.arange(n)
        ax.set(xlim=(-0.6, n - 0.4), ylim=(0.0, 1.26), xlabel="class", ylabel="probability (softmax)")
        ax.set_yticks(np.linspace(0.0, 1.0, 6))
        ax.set_xticks(x, self.classes)
        ax.grid(axis="x", visible=False)
        self.bars = list(ax.bar(x, np.full(n, 1.0 / n), width=0.6, color=[COLORS[i % len(COLORS)] for i in range(n)],
                                edgecolor="white", linewidth=2.0))
        self.values = [ax.text(i, 1.0 / n + 0.02, "", ha="center", va="bottom", fontsize=10) for i in range(n)]
        self.true_text = ax.text(0, 1.18, "true class", ha="center", va="center", fontsize=9,
                                 bbox=dict(_BOX, edgecolor="black"))
        # Right: the loss as a function of the true class's probability q.
        q = np.linspace(0.005, 1.0, 400)
        lax.set(xlim=(0.0, 1.0), ylim=(0.0, loss_max), xlabel="probability of the true class, q",
                ylabel="loss -ln q (nats)")
        lax.plot(q, -np.log(q), **style(0))
        self.guide = lax.axvline(1.0 / n, **_GUIDE)
        (self.point,) = lax.plot([1.0 / n], [np.log(n)], **_POINT)
        self.loss_text = lax.text(0.97, 0.95, "", transform=lax.transAxes, ha="right", va="top", bbox=_BOX, zorder=6)
        lax.text(0.03, 0.04, "only this one probability counts", transform=lax.transAxes, color=MUTED, fontsize=9)
        for artist in (*self.bars, *self.values, self.true_text, self.guide, self.point, self.loss_text):
            self.dynamic(artist)

    def set_state(self, probs, true_class: int, loss: float):
        """Show ``probs`` (one per class) with ``true_class`` highlighted, and mark its ``loss`` on the curve."""
        probs = np.asarray(probs, dtype=float)
        if probs.shape != (len(self.classes),):
            raise ValueError(f"probs must hold one probability per class ({len(self.classes)}), got shape {probs.shape}")
        if not 0 <= true_class < len(self.classes):
            raise ValueError(f"true_class must be an index in [0, {len(self.classes)}), got {true_class!r}")
        for i, (bar, text, p) in enumerate(zip(self.bars, self.values, probs)):
            bar.set_height(p)
            is_true = i == true_class
            bar.set_hatch(_TRUE_HATCH if is_true else "")
            bar.set_edgecolor("black" if is_true else "white")
            text.set_position((i, p + 0.02))
            text.set_text(f"{p:.3f}")
        q = float(probs[true_class])
        self.true_text.set_x(true_class)
        self.true_text.set_text(f"true: {self.classes[true_class]}")
        lo, hi = self.lax.get_ylim()
        self.guide.set_xdata([q, q])
        self.point.set_data([q], [min(max(loss, lo), hi)])
        self.loss_text.set_text(f"q = {q:.3f}\nloss = {loss:.3f}")
