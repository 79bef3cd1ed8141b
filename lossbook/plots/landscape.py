"""A loss landscape over two parameters: the surface is drawn once, only the current point (and path) move."""

from __future__ import annotations

import numpy as np

from ._base import FigurePlot
from .curves import _BOX, _POINT
from .theme import OKABE_ITO, new_figure

__all__ = ["LandscapePlot"]


class LandscapePlot(FigurePlot):
    """Filled contours of ``Z[i, j] = loss(w1[j], w2[i])``, drawn once into the cached background.

    ``set_point`` moves the current-parameters marker, ``set_path`` draws a trajectory (e.g. of gradient descent).
    The minimum of the grid is marked with a white cross. ``log=True`` colours by ``log10`` of the loss, which shows
    the shape of steep valleys better.
    """

    def __init__(self, w1, w2, Z, *, xlabel="w₁", ylabel="w₂", levels=14, log=False, title="", figsize=(4.6, 3.6)):
        w1 = np.asarray(w1, dtype=float)
        w2 = np.asarray(w2, dtype=float)
        Z = np.asarray(Z, dtype=float)
        if w1.ndim != 1 or w2.ndim != 1 or w1.size < 2 or w2.size < 2:
            raise ValueError(f"w1 and w2 must be 1-D grids of at least 2 values, got shapes {w1.shape} and {w2.shape}")
        if Z.shape != (w2.size, w1.size):
            raise ValueError(f"Z must have shape (len(w2), len(w1)) = {(w2.size, w1.size)} (rows follow w2), got {Z.shape}")
        if not np.all(np.isfinite(Z)):
            raise ValueError("Z must be finite everywhere; clip the loss before plotting it")
        if log and Z.min() <= 0:
            raise ValueError("log=True needs a positive loss everywhere on the grid")
        fig, ax = new_figure(figsize=figsize)
        super().__init__(fig)
        self.ax = ax
        shown = np.log10(Z) if log else Z
        extent = (w1[0], w1[-1], w2[0], w2[-1])
        # Filled bands rather than a smooth image: easier to read as "contours", and flat colours keep each PNG frame
        # small (a smooth gradient compresses several times worse).
        self.surface = ax.contourf(w1, w2, shown, levels=levels)
        ax.contour(self.surface, colors="white", linewidths=0.5, alpha=0.6, negative_linestyles="solid")
        cbar = fig.colorbar(self.surface, ax=ax, shrink=0.9)
        cbar.set_label("log₁₀ loss" if log else "loss")
        i, j = np.unravel_index(np.argmin(Z), Z.shape)
        self.minimum = (float(w1[j]), float(w2[i]))
        ax.plot([w1[j]], [w2[i]], marker="X", markersize=9, color="white", markeredgecolor="black", linestyle="none")
        ax.set(xlabel=xlabel, ylabel=ylabel, xlim=extent[:2], ylim=extent[2:])
        ax.grid(False)
        if title:
            ax.set_title(title)
        (self.path,) = ax.plot([], [], color=OKABE_ITO["orange"], linewidth=1.5, marker=".", markersize=4, zorder=4)
        (self.point,) = ax.plot([w1[0]], [w2[0]], **_POINT)
        self.label = ax.text(0.03, 0.96, "", transform=ax.transAxes, ha="left", va="top", bbox=_BOX, zorder=6)
        for artist in (self.path, self.point, self.label):
            self.dynamic(artist)

    def set_point(self, w1, w2, text: str = ""):
        """Move the marker to ``(w1, w2)`` and show ``text`` in the value box."""
        self.point.set_data([w1], [w2])
        self.label.set_text(text)

    def set_path(self, w1s, w2s):
        """Draw a trajectory through the points ``(w1s[k], w2s[k])`` (empty lists hide it)."""
        self.path.set_data(np.asarray(w1s, dtype=float), np.asarray(w2s, dtype=float))
