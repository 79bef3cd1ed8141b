"""Figures of the lesson "Perplexity": a bigram language model's perplexity against its smoothing, beside the
uniform guess's perplexity V, and the next-character probabilities the model gives after one character."""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D

from ._base import FigurePlot
from .theme import ACCENT, MUTED, OKABE_ITO, new_figure, style

__all__ = ["BigramSmoothingPlot"]


class BigramSmoothingPlot(FigurePlot):
    """Left: perplexity on the training and the held-out text against the smoothing ``k`` (log scale), the uniform
    guess's perplexity ``V`` as a dotted line, the current ``k`` marked on both curves. Right: the model's
    probability of each next character after ``after``, with the uniform ``1/V`` as a dotted line."""

    def __init__(self, smoothing, train, held_out, characters, *, after, bar_top, figsize=(10.0, 3.8)):
        fig, (ax, bax) = new_figure(1, 2, figsize=figsize, gridspec_kw={"width_ratios": [1, 1.25]})
        super().__init__(fig)
        self.ax, self.bax = ax, bax
        v = len(characters)
        ax.set(xscale="log", xlim=(smoothing[0], smoothing[-1]), ylim=(0.0, 1.15 * v),
               xlabel="smoothing k (added to every count)", ylabel="perplexity (choices per character)")
        ax.axhline(v, color=MUTED, linestyle=(0, (1, 1.5)), linewidth=1.5, label=f"uniform guess: V = {v}")
        ax.plot(smoothing, train, **style(0))
        ax.plot(smoothing, held_out, **style(1))
        # the circle drawn last and smaller, so it stays visible where the two curves meet (k near 100)
        (self.held_point,) = ax.plot([], [], "s", color=ACCENT, markersize=9, clip_on=False)
        (self.train_point,) = ax.plot([], [], "o", color=style(0)["color"], markersize=7, clip_on=False)
        # the legend shows each curve with the marker of its current point, so no key is drawn among the data;
        # under the dotted line at V (26 at most), above the curves (at most 10 left of k = 0.3)
        keys = [Line2D([], [], **style(0), marker="o", markersize=7, label="training text (marker: this k)"),
                Line2D([], [], **style(1), marker="s", markeredgecolor=ACCENT, markerfacecolor=ACCENT, markersize=9,
                       label="held-out text (marker: this k)")]
        ax.legend(handles=[ax.lines[0], *keys], loc="upper left", bbox_to_anchor=(0.0, 0.84), fontsize=9)
        self.dynamic(self.held_point)
        self.dynamic(self.train_point)

        x = np.arange(v)
        bax.set(xlim=(-0.7, v - 0.3), ylim=(0.0, bar_top), ylabel=f"P(next character | '{after}')",
                xlabel="next character (␣ is the space)")
        bax.set_xticks(x, [c if c != " " else "␣" for c in characters], fontsize=10)
        bax.grid(False, axis="x")  # vertical grid lines would compete with the thin bars
        bax.axhline(1.0 / v, color=MUTED, linestyle=(0, (1, 1.5)), linewidth=1.5, label=f"uniform 1/{v}")
        self.bars = bax.bar(x, np.zeros(v), width=0.8, color=OKABE_ITO["bluish_green"], edgecolor="black",
                            linewidth=0.5)
        for bar in self.bars:
            self.dynamic(bar)
        bax.legend(loc="upper left", fontsize=9)
        # the current values as plain text (no marker, so nothing looks like a data point), in the free space below
        # the legend and above the curves (which stay under 10 left of k = 0.3, and reach at most 22 at k = 100)
        self.values = {}
        for i, (name, point) in enumerate([("held-out text", self.held_point), ("training text", self.train_point)]):
            self.values[name] = self.dynamic(ax.text(0.03, 0.50 - 0.075 * i, "", transform=ax.transAxes, ha="left",
                                                     va="center", fontsize=9, color=point.get_color()))

    def set_state(self, k, train, held_out, row):
        """The current smoothing ``k`` with its two perplexities (marked on the curves and written as text under the
        legend), and the model's next-character row."""
        self.train_point.set_data([k], [train])
        self.held_point.set_data([k], [held_out])
        self.values["held-out text"].set_text(f"held-out text at this k: {held_out:.2f}")
        self.values["training text"].set_text(f"training text at this k: {train:.2f}")
        for bar, p in zip(self.bars, row):
            bar.set_height(p)
