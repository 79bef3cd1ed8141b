"""Figures of the lesson "KL divergence": a fixed distribution P against a Gaussian Q you shape, both directions of
KL side by side; and a teacher's and a student's probabilities softened by a temperature (knowledge distillation).

The plots only draw: the distributions (``lossbook.datasets.bimodal``, ``discrete_gaussian`` on ``KL_GRID``) and
the best-fitting Gaussians (``lossbook.fitting.fit_gaussian``) are computed in the numeric layer and passed in.

>>> from lossbook.datasets import KL_GRID, bimodal
>>> plot = KLPlot(KL_GRID, bimodal())
>>> plot.set_kls(0.5, 9.0)   # a bar above kl_max is cut at the top
>>> plot.png()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import numpy as np

from ._base import FigurePlot
from .theme import COLORS, MUTED, OKABE_ITO, new_figure, style

__all__ = ["KLPlot", "DistillationPlot"]


class KLPlot(FigurePlot):
    """Left: P (filled, fixed) and the current Q, with the two best-fitting Gaussians as faint guides. Right: bars of
    KL(P‖Q) and KL(Q‖P) for the current Q, each with its value written above it (a bar above ``kl_max`` is cut
    there, and its label says so)."""

    def __init__(self, x, p, *, fits=(), ymax=None, kl_max=3.0, figsize=(8.6, 3.1)):
        x = np.asarray(x, dtype=float)
        p = np.asarray(p, dtype=float)
        fig, (ax, bax) = new_figure(1, 2, figsize=figsize, gridspec_kw={"width_ratios": [2.2, 1]})
        super().__init__(fig)
        self.ax, self.bax, self.x = ax, bax, x
        if ymax is None:  # room for the tallest curve, and for the legend above the bumps
            ymax = 1.35 * max([float(p.max())] + [float(np.max(q)) for _, q in fits])
        ax.set(xlim=(x[0], x[-1]), ylim=(0, ymax), xlabel="outcome x", ylabel="probability per grid point")
        ax.fill_between(x, p, color=OKABE_ITO["sky_blue"], alpha=0.45, linewidth=0)
        ax.plot(x, p, color=OKABE_ITO["blue"], linewidth=1.5, label="P (fixed)")
        # The two best fits: grey, dash-dot and dotted, unlike the dashed Q (which differs from them in colour alone
        # only for a reader who sees colour; tests/test_colour_vision.py checks this).
        for i, (label, q) in enumerate(fits):
            ax.plot(x, q, color=MUTED, linewidth=1.2, linestyle=((0, (6, 2, 1, 2)), (0, (1, 1.5)))[i % 2], label=label)
        (self.q_line,) = ax.plot(x, np.zeros_like(x), **style(1), label="Q (your sliders)")
        self.dynamic(self.q_line)
        # Above the axes, not inside: a narrow Q rises to the top of the axes anywhere along x.
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=8.5, frameon=False)
        self.kl_max = kl_max
        self.bars = bax.bar([0, 1], [0, 0], color=(COLORS[0], COLORS[1]), edgecolor="black", linewidth=0.8)
        for bar in self.bars:
            self.dynamic(bar)
        bax.set_xticks([0, 1], ["KL(P‖Q)", "KL(Q‖P)"])
        bax.set_ylim(0, 1.15 * kl_max)  # room for the value written above a full-height bar
        bax.set_ylabel("nats")
        bax.set_title("two directions", fontsize=11)
        # Each bar's value written above it; a bar cut at kl_max says so with an arrow.
        self.values = [bax.text(i, 0.0, "", ha="center", va="bottom", fontsize=9) for i in range(2)]
        for text in self.values:
            self.dynamic(text)

    def set_q(self, q):
        self.q_line.set_ydata(q)

    def set_kls(self, forward, reverse):
        for bar, text, value in zip(self.bars, self.values, (forward, reverse)):
            value = float(value)
            bar.set_height(min(value, self.kl_max))
            text.set_position((bar.get_x() + bar.get_width() / 2, min(value, self.kl_max)))
            text.set_text(f"{value:.2f}" if value <= self.kl_max else f"↑ {value:.1f} (cut)")


class DistillationPlot(FigurePlot):
    """Grouped bars: the teacher's and the student's probabilities over a few classes, at the current temperature."""

    def __init__(self, classes, *, figsize=(6.4, 3.0)):
        self.classes = list(classes)
        k = len(self.classes)
        fig, ax = new_figure(figsize=figsize)
        super().__init__(fig)
        self.ax = ax
        pos = np.arange(k)
        self.teacher = ax.bar(pos - 0.2, np.zeros(k), width=0.4, color=COLORS[0], edgecolor="black", linewidth=0.8,
                              label="teacher")
        self.student = ax.bar(pos + 0.2, np.zeros(k), width=0.4, color=COLORS[4], edgecolor="black", linewidth=0.8,
                              hatch="//", label="student")
        for bar in (*self.teacher, *self.student):
            self.dynamic(bar)
        ax.set_xticks(pos, self.classes)
        ax.set(ylim=(0, 1.0), ylabel="probability (softened by T)", xlabel="class")
        ax.legend(loc="upper right")

    def set_probs(self, teacher, student):
        for bars, probs in ((self.teacher, teacher), (self.student, student)):
            for bar, value in zip(bars, probs):
                bar.set_height(float(value))
