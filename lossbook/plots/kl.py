"""Figures of the lesson "KL divergence": a fixed distribution P against a Gaussian Q you shape, both directions of
KL side by side; and a teacher's and a student's probabilities softened by a temperature (knowledge distillation).

The distributions are discretised on a grid (``GRID``: 241 points from -6 to 6), so every KL here is the ordinary
sum ``lb.kl_divergence`` computes. ``fit_gaussian`` finds, on a grid of means and widths, the Gaussian Q that
minimises KL(P‖Q) or KL(Q‖P): the precomputed fits of the mode-covering / mode-seeking picture.

>>> from lossbook.plots.kl import bimodal, fit_gaussian
>>> p = bimodal()
>>> round(float(p.sum()), 12)
1.0
>>> mean, width, kl = fit_gaussian(p, "forward")
>>> abs(mean) < 0.1 and width > 1.5   # KL(P||Q) covers both modes with one wide Gaussian
True
"""

from __future__ import annotations

import numpy as np

import lossbook as lb

from ._base import FigurePlot
from .theme import COLORS, MUTED, OKABE_ITO, new_figure, style

__all__ = ["KLPlot", "DistillationPlot", "GRID", "discrete_gaussian", "bimodal", "fit_gaussian"]

#: The outcomes: 241 points from -6 to 6 (spacing 0.05).
GRID = np.linspace(-6.0, 6.0, 241)
#: The bimodal P: two equal bumps at -2 and +2, each of width 0.7.
MODES, MODE_WIDTH = (-2.0, 2.0), 0.7


def discrete_gaussian(mean, width, x=GRID):
    """A Gaussian bump of ``mean`` and ``width`` (standard deviation) on the points ``x``, normalised to sum to 1.

    ``mean`` and ``width`` may be arrays of the same shape: the result then has one row per (mean, width).
    Computed as a softmax of ``-(x - mean)**2 / (2 width**2)``, so it never divides by an underflowed sum.
    """
    mean = np.asarray(mean, dtype=float)[..., None]
    width = np.asarray(width, dtype=float)[..., None]
    if np.any(width <= 0) or not np.all(np.isfinite(width)):
        raise ValueError("width must be positive and finite")
    return lb.softmax(-0.5 * ((np.asarray(x, dtype=float) - mean) / width) ** 2, axis=-1)


def bimodal(x=GRID):
    """The lesson's P: half the probability in a bump at -2, half in a bump at +2 (each of width 0.7)."""
    return 0.5 * discrete_gaussian(MODES[0], MODE_WIDTH, x) + 0.5 * discrete_gaussian(MODES[1], MODE_WIDTH, x)


def fit_gaussian(p, direction, *, means=np.linspace(-4.0, 4.0, 161), widths=np.linspace(0.3, 4.0, 75), x=GRID):
    """The Gaussian Q (on the grid ``x``) that minimises KL(P‖Q) (``direction="forward"``) or KL(Q‖P)
    (``"reverse"``), searched over every pair of ``means`` and ``widths``. Returns ``(mean, width, kl)``.

    A brute-force search (12,075 candidates by default), not gradient descent: slow for big problems, but it finds
    the best candidate on the grid for sure, so the mode-seeking answer is not an accident of the starting point.
    Ties (the two modes of a symmetric P) go to the first candidate, the one with the smaller mean.
    """
    if direction not in ("forward", "reverse"):
        raise ValueError(f"direction must be 'forward' (KL(P||Q)) or 'reverse' (KL(Q||P)), got {direction!r}")
    p = np.asarray(p, dtype=float)
    m, w = np.meshgrid(np.asarray(means, dtype=float), np.asarray(widths, dtype=float), indexing="ij")
    q = discrete_gaussian(m.ravel(), w.ravel(), x)
    pp = np.broadcast_to(p, q.shape)
    kl = lb.kl_divergence(pp, q, reduction="none") if direction == "forward" else lb.kl_divergence(q, pp, reduction="none")
    best = int(np.argmin(kl))
    return float(m.ravel()[best]), float(w.ravel()[best]), float(kl[best])


class KLPlot(FigurePlot):
    """Left: P (filled, fixed) and the current Q, with the two best-fitting Gaussians as faint guides. Right: bars of
    KL(P‖Q) and KL(Q‖P) for the current Q (a bar above the axis is cut at the top; the readout has the value)."""

    def __init__(self, x, p, *, fits=(), ymax=None, kl_max=3.0, figsize=(8.6, 3.1)):
        x = np.asarray(x, dtype=float)
        p = np.asarray(p, dtype=float)
        fig, (ax, bax) = new_figure(1, 2, figsize=figsize)
        ax.get_gridspec().set_width_ratios([2.2, 1])
        super().__init__(fig)
        self.ax, self.bax, self.x = ax, bax, x
        if ymax is None:  # room for the tallest curve, and for the legend above the bumps
            ymax = 1.35 * max([float(p.max())] + [float(np.max(q)) for _, q in fits])
        ax.set(xlim=(x[0], x[-1]), ylim=(0, ymax), xlabel="outcome x", ylabel="probability per grid point")
        ax.fill_between(x, p, color=OKABE_ITO["sky_blue"], alpha=0.45, linewidth=0)
        ax.plot(x, p, color=OKABE_ITO["blue"], linewidth=1.5, label="P (fixed)")
        for i, (label, q) in enumerate(fits):
            ax.plot(x, q, color=MUTED, linewidth=1.2, linestyle=((0, (4, 2)), (0, (1, 1.5)))[i % 2], label=label)
        (self.q_line,) = ax.plot(x, np.zeros_like(x), **style(1), label="Q (your sliders)")
        self.dynamic(self.q_line)
        ax.legend(loc="upper left", fontsize=8.5)
        self.kl_max = kl_max
        self.bars = bax.bar([0, 1], [0, 0], color=(COLORS[0], COLORS[1]), edgecolor="black", linewidth=0.8)
        for bar in self.bars:
            self.dynamic(bar)
        bax.set_xticks([0, 1], ["KL(P‖Q)", "KL(Q‖P)"])
        bax.set_ylim(0, kl_max)
        bax.set_ylabel("nats")
        bax.set_title("two directions", fontsize=11)

    def set_q(self, q):
        self.q_line.set_ydata(q)

    def set_kls(self, forward, reverse):
        for bar, value in zip(self.bars, (forward, reverse)):
            bar.set_height(min(float(value), self.kl_max))


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
