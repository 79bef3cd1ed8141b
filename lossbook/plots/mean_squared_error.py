"""Figure of the lesson "Mean squared error": a line through house prices, each squared miss drawn as a square."""

from __future__ import annotations

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgb

from ._base import FigurePlot
from .curves import _BOX
from .theme import ACCENT, COLORS, OKABE_ITO, new_figure, style

__all__ = ["SquaredResidualPlot"]


class SquaredResidualPlot(FigurePlot):
    """Houses (size against price), a line of your own, the least-squares line, and a square on every miss.

    Each miss (residual) is the vertical gap between a house and the line; its square is drawn with that gap as its
    side, the horizontal side scaled so that the square *looks* square on screen (the axes have different units).
    The area of each square is the house's squared error, and the MSE is the average area.

    ``xlim``/``ylim`` are fixed at construction; the axes are placed by hand (no layout engine), so the on-screen
    scale of each axis is known before the first draw.
    """

    def __init__(self, size, price, *, xlim=(30.0, 230.0), ylim=(0.0, 750.0), outlier_index=None,
                 xlabel="floor area (m²)", ylabel="price ($k)", figsize=(6.4, 4.9)):
        size = np.asarray(size, dtype=float)
        price = np.asarray(price, dtype=float)
        if size.ndim != 1 or size.shape != price.shape or size.size < 2:
            raise ValueError(f"size and price must be 1-D and of the same length, got {size.shape} and {price.shape}")
        fig, ax = new_figure(figsize=figsize, layout=None)
        fig.subplots_adjust(left=0.13, right=0.97, bottom=0.25, top=0.97)  # room for the legend below the axes
        super().__init__(fig)
        self.ax = ax
        ax.set(xlim=xlim, ylim=ylim, xlabel=xlabel, ylabel=ylabel)
        # Pixels per data unit along each axis: a residual of r ($k) is r * py pixels tall, so its square is
        # r * py / px data units wide.
        box = ax.get_position()
        width_px, height_px = box.width * fig.bbox.width, box.height * fig.bbox.height
        self.aspect = (height_px / (ylim[1] - ylim[0])) / (width_px / (xlim[1] - xlim[0]))
        self.xlim = tuple(float(v) for v in xlim)
        self.n = size.size
        self.outlier_index = outlier_index
        self._x = np.linspace(*xlim, 2)
        # Big squares overlap their neighbours (houses are 17 m² apart): a light fill and a firm outline keep each
        # square readable on its own, and an overlap shows as a darker patch rather than hiding a square.
        self.squares = PolyCollection(np.zeros((self.n, 4, 2)), facecolor=(*to_rgb(OKABE_ITO["sky_blue"]), 0.22),
                                      edgecolor=OKABE_ITO["blue"], linewidth=1.3, zorder=2)
        ax.add_collection(self.squares)
        ordinary = np.ones(self.n, dtype=bool)
        if outlier_index is not None:
            ordinary[outlier_index] = False
        (self.houses,) = ax.plot(size[ordinary], price[ordinary], "o", color="black", markersize=6, zorder=7,
                                 label="house")
        # Hollow, so that a house at a nearby size and price (and its square) stays visible through it; the houses
        # are drawn after it (below), so the 67 m² house next to the default flat shows whole on top of its outline.
        (self.outlier,) = ax.plot([], [], "D", markersize=11, markerfacecolor="none", markeredgecolor=ACCENT,
                                  markeredgewidth=2.2, zorder=6, label="the 70 m² flat (you move its price)")
        (self.line,) = ax.plot(self._x, 0 * self._x, **style(0), zorder=4, label="your line")
        (self.best,) = ax.plot(self._x, 0 * self._x, color=COLORS[2], linestyle=(0, (5, 2)), linewidth=1.8,
                               zorder=3, label="least-squares line")
        self.label = ax.text(0.97, 0.97, "", transform=ax.transAxes, ha="right", va="top", bbox=_BOX, zorder=7,
                             fontsize=10)
        handles = [self.line, self.best, self.houses] + ([self.outlier] if outlier_index is not None else [])
        # Below the axes: inside, the line you move (and its squares) could pass under it.
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=9, frameon=False,
                  borderaxespad=0.0)
        # Drawn in this order, each over the ones before: the houses over the lines, the squares and the flat.
        for artist in (self.squares, self.best, self.line, self.outlier, self.houses, self.label):
            self.dynamic(artist)
        self.size, self.price = size, price

    def square_vertices(self, fitted):
        """The four corners of each house's square: from the house to the line vertically, then sideways."""
        r = self.price - fitted
        width = np.abs(r) * self.aspect
        # Draw to the right, unless that leaves the axes; then to the left.
        side = np.where(self.size + width <= self.xlim[1], 1.0, -1.0)
        x0, x1 = self.size, self.size + side * width
        return np.stack([np.stack([x0, self.price], -1), np.stack([x1, self.price], -1),
                         np.stack([x1, fitted], -1), np.stack([x0, fitted], -1)], axis=1)

    def set_line(self, slope, intercept, text=""):
        """Your line ``price = slope * size + intercept``: the line, the squares and the text box."""
        fitted = slope * self.size + intercept
        self.line.set_ydata(slope * self._x + intercept)
        self.squares.set_verts(self.square_vertices(fitted))
        self.label.set_text(text)

    def set_best(self, slope, intercept):
        """The least-squares line."""
        self.best.set_ydata(slope * self._x + intercept)

    def set_outlier_price(self, price):
        """Move the outlier house (``outlier_index``) to ``price``; call ``set_line`` afterwards for its square."""
        if self.outlier_index is None:
            raise ValueError("this plot has no outlier (outlier_index=None)")
        self.price = self.price.copy()
        self.price[self.outlier_index] = price
        self.outlier.set_data([self.size[self.outlier_index]], [price])
