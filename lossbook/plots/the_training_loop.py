"""The training loop in one figure: the data with the model's decision boundary (left), the loss per step (right).

>>> import numpy as np
>>> from lossbook.datasets import two_blobs
>>> X, y = two_blobs(20, seed=0)
>>> plot = TrainingLoopPlot(X, y, max_steps=10)
>>> plot.set_state([1.0, 1.0], 0.0, [0.7, 0.5, 0.4])
>>> plot.png()[:4]
b'\\x89PNG'
>>> plot
Cats and dogs with the decision boundary after 2 steps, and the loss per step
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Polygon

from ._base import FigurePlot
from .theme import ACCENT, COLORS, MUTED, new_figure, style

__all__ = ["TrainingLoopPlot", "boundary_points", "cat_side"]


def boundary_points(w, b, xlim, ylim):
    """Two points on the line ``w[0]*x1 + w[1]*x2 + b = 0`` reaching beyond the box ``xlim`` x ``ylim``.

    Returns ``([x1a, x1b], [x2a, x2b])``, or two empty lists when ``w`` is (almost) zero: no boundary to draw.
    """
    w1, w2 = float(w[0]), float(w[1])
    span = 10.0 * max(xlim[1] - xlim[0], ylim[1] - ylim[0])
    if abs(w1) < 1e-12 and abs(w2) < 1e-12:
        return [], []
    if abs(w2) >= abs(w1):  # mostly horizontal: solve for x2
        x1 = np.array([xlim[0] - span, xlim[1] + span])
        return x1.tolist(), (-(b + w1 * x1) / w2).tolist()
    x2 = np.array([ylim[0] - span, ylim[1] + span])
    return (-(b + w2 * x2) / w1).tolist(), x2.tolist()


def cat_side(w, b, xlim, ylim):
    """The corners of the part of the box ``xlim`` x ``ylim`` where ``w[0]*x1 + w[1]*x2 + b > 0`` (the model says
    p > 0.5, cat): the box clipped by one half-plane. An empty (0, 2) array when no part of the box is on that side.
    """
    box = [(xlim[0], ylim[0]), (xlim[1], ylim[0]), (xlim[1], ylim[1]), (xlim[0], ylim[1])]
    w1, w2, b = float(w[0]), float(w[1]), float(b)
    side = [w1 * x + w2 * y + b for x, y in box]
    out = []
    for i, (corner, s) in enumerate(zip(box, side)):
        nxt, s_next = box[(i + 1) % 4], side[(i + 1) % 4]
        if s > 0:
            out.append(corner)
        if (s > 0) != (s_next > 0):  # the boundary crosses this edge: add the crossing point
            t = s / (s - s_next)
            out.append((corner[0] + t * (nxt[0] - corner[0]), corner[1] + t * (nxt[1] - corner[1])))
    return np.array(out, dtype=float).reshape(-1, 2)


class TrainingLoopPlot(FigurePlot):
    """Left: cats (label 1) and dogs (label 0) in the plane of the two features, the starting boundary (dashed, grey)
    and the current one, with the side the model calls cat (p > 0.5) lightly tinted. Right: the loss at steps 0..k
    on a log scale, with the latest step marked.

    ``set_state(w, b, losses, text)`` moves the boundary and replaces the curve; nothing else is redrawn.
    """

    def __init__(self, X, y, max_steps, *, start=None, loss_ylim=(0.05, 20.0), figsize=(9.0, 4.1)):
        X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
        if X.ndim != 2 or X.shape[1] != 2:
            raise ValueError(f"X must have two features (shape (n, 2)) to be drawn in the plane, got {X.shape}")
        fig, (ax, lax) = new_figure(1, 2, figsize=figsize)
        super().__init__(fig)
        self.ax, self.lax = ax, lax
        self.max_steps = int(max_steps)
        pad = 0.5
        self.xlim = (float(X[:, 0].min()) - pad, float(X[:, 0].max()) + pad)
        self.ylim = (float(X[:, 1].min()) - pad, float(X[:, 1].max()) + pad)
        ax.set(xlim=self.xlim, ylim=self.ylim, xlabel="feature 1 (scaled, no unit)", ylabel="feature 2 (scaled, no unit)")
        cat, dog = y == 1, y == 0
        # The side where the model says cat, tinted in the cats' colour, under the photos (zorder 0).
        self.cat_area = ax.add_patch(Polygon(np.zeros((0, 2)), closed=True, facecolor=COLORS[0], alpha=0.13,
                                             edgecolor="none", zorder=0, label="model says cat (p > 0.5)"))
        # Dogs are hollow squares drawn over the filled cats: a cat inside the dog cloud shows through a square that
        # overlaps it, and the square's outline stays visible on top.
        ax.plot(X[cat, 0], X[cat, 1], linestyle="none", marker="o", color=COLORS[0], markersize=6, zorder=2,
                label="cat (y = 1)")
        ax.plot(X[dog, 0], X[dog, 1], linestyle="none", marker="s", color=COLORS[1], markersize=5,
                markerfacecolor="none", zorder=3, label="dog (y = 0)")
        if start is not None:
            ax.plot(*boundary_points(start[0], start[1], self.xlim, self.ylim), color=MUTED, linewidth=1.2,
                    linestyle=(0, (3, 2)), label="boundary at the start")
        (self.boundary,) = ax.plot([], [], color="black", linewidth=2.2, label="boundary now (p = 0.5)")
        # Below the axes: inside, the moving boundary (and some photos) would pass under it.
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=8, frameon=False, borderaxespad=0.0)
        lo, hi = loss_ylim
        lax.set_yscale("log")
        lax.set(xlim=(0, self.max_steps), ylim=(lo, hi), xlabel="training step", ylabel="cross-entropy (mean)")
        self._lo, self._hi = lo, hi
        self._steps = np.arange(self.max_steps + 1, dtype=float)
        (self.curve,) = lax.plot([], [], **style(0))
        (self.last,) = lax.plot([], [], marker="o", color=ACCENT, markersize=7, linestyle="none", zorder=5)
        for artist in (self.cat_area, self.boundary, self.curve, self.last):
            self.dynamic(artist)
        self.k = 0

    def set_state(self, w, b, losses):
        """Draw the boundary of ``(w, b)`` and the loss curve ``losses`` (steps 0..len(losses) - 1).

        The numbers belong in the widget's readout: text redrawn on every frame would double the cost of a step.
        """
        losses = np.clip(np.asarray(losses, dtype=float), self._lo, self._hi)
        if losses.size > self.max_steps + 1:
            raise ValueError(f"at most {self.max_steps + 1} losses fit this plot, got {losses.size}")
        self.k = losses.size - 1
        self.boundary.set_data(*boundary_points(w, b, self.xlim, self.ylim))
        self.cat_area.set_xy(cat_side(w, b, self.xlim, self.ylim))
        self.curve.set_data(self._steps[: losses.size], losses)
        self.last.set_data(self._steps[self.k : self.k + 1], losses[-1:])

    def __repr__(self):
        return f"Cats and dogs with the decision boundary after {self.k} steps, and the loss per step"
