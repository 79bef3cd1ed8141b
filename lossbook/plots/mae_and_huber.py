"""Robust regression in one figure: three fitted lines and one draggable outlier (left), and each loss's gradient
against the residual with the outlier's residual marked (right, one small panel per loss).

>>> import numpy as np
>>> plot = RobustFitPlot([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], outlier_x=2.0, x_range=(0.0, 4.0), y_range=(0.0, 10.0),
...                      r_max=10.0, delta_max=3.0)
>>> plot.set_fits(5.0, {"mse": (1.0, 0.5), "mae": (1.0, 0.0), "huber": (1.0, 0.2)})
>>> plot.png()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import numpy as np

from ._base import FigurePlot
from .curves import _BOX, _POINT
from .theme import COLORS, MUTED, new_figure, style

__all__ = ["RobustFitPlot", "FIT_NAMES"]

#: The three fits, in drawing order, with their labels.
FIT_NAMES = {"mse": "MSE (least squares)", "mae": "MAE", "huber": "Huber"}
_GRAD_LABELS = {"mse": "MSE: 2r", "mae": "MAE: sign(r)", "huber": "Huber: r, clipped to ±δ"}


class RobustFitPlot(FigurePlot):
    """Left: the ordinary points (static), the outlier (moves) and the MSE, MAE and Huber lines (move).
    Right: three stacked panels, the gradient of each loss against the residual r = prediction - actual, with the
    outlier's residual under that loss's own line marked.

    ``set_fits(outlier_y, fits)`` moves the outlier and the lines (``fits``: name -> ``(slope, intercept)``) and the
    residual markers; ``set_huber_curve(r, grad)`` redraws the Huber gradient (it depends on delta).
    """

    def __init__(self, x, y, *, outlier_x, x_range, y_range, r_max, delta_max, xlabel="x", ylabel="y",
                 r_label="residual r", figsize=(9.6, 4.2)):
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        fig, first = new_figure(figsize=figsize)
        super().__init__(fig)
        first.remove()
        grid = fig.add_gridspec(3, 2, width_ratios=(1.55, 1.0))
        self.ax = ax = fig.add_subplot(grid[:, 0])
        self.gaxes = {name: fig.add_subplot(grid[i, 1]) for i, name in enumerate(FIT_NAMES)}
        self.outlier_x = float(outlier_x)
        ax.set(xlim=x_range, ylim=y_range, xlabel=xlabel, ylabel=ylabel)
        ax.plot(x, y, linestyle="none", marker="o", color="black", markersize=5, label="houses")
        (self.outlier,) = ax.plot([outlier_x], [y_range[0]], **{**_POINT, "markersize": 10}, label="the outlier")
        self.xs = np.array(x_range, dtype=float)
        self.lines = {}
        for i, (name, label) in enumerate(FIT_NAMES.items()):
            (self.lines[name],) = ax.plot(self.xs, [0.0, 0.0], **style(i), label=label)
        # upper right: the outlier (at the left, up to the top of the price axis) never runs under the legend
        ax.legend(loc="upper right", fontsize=8)
        r = np.linspace(-r_max, r_max, 401)
        limits = {"mse": 2.2 * r_max, "mae": 1.5, "huber": 1.2 * delta_max}
        # sign(r) jumps at r = 0 and takes no value in between: a gap (NaN) instead of a vertical segment, and a dot
        # at (0, 0), the value lossbook (like PyTorch) uses there (hollow, so it is not taken for the outlier).
        r_gap = np.insert(r, np.searchsorted(r, 0.0), 0.0)
        mae_curve = np.where(r_gap == 0.0, np.nan, np.sign(r_gap))
        curves = {"mse": 2 * r, "mae": mae_curve, "huber": np.clip(r, -delta_max, delta_max)}
        grids = {"mse": r, "mae": r_gap, "huber": r}
        self.grad_curves, self.grad_points = {}, {}
        for i, (name, gax) in enumerate(self.gaxes.items()):
            gax.set(xlim=(-r_max, r_max), ylim=(-limits[name], limits[name]))
            gax.axhline(0.0, color=MUTED, linewidth=0.8, zorder=1)
            gax.axvline(0.0, color=MUTED, linewidth=0.8, zorder=1)
            (self.grad_curves[name],) = gax.plot(grids[name], curves[name], color=COLORS[i],
                                                 linestyle=style(i)["linestyle"])
            if name == "mae":
                gax.plot([0.0], [0.0], "o", color=COLORS[i], markerfacecolor="white", markersize=4, zorder=3)
            (self.grad_points[name],) = gax.plot([0.0], [0.0], **{**_POINT, "markersize": 7})
            gax.text(0.02, 0.92, _GRAD_LABELS[name], transform=gax.transAxes, ha="left", va="top", fontsize=9,
                     bbox=_BOX)
            gax.set_ylabel("gradient", fontsize=9)
            gax.tick_params(labelsize=8)
            if name != "huber":
                gax.tick_params(labelbottom=False)
        self.gaxes["huber"].set_xlabel(r_label, fontsize=9)
        self.dynamic(self.outlier)
        self.dynamic(self.grad_curves["huber"])
        for artist in (*self.lines.values(), *self.grad_points.values()):
            self.dynamic(artist)

    def set_huber_curve(self, r, grad):
        """Redraw the Huber gradient curve (after delta changed)."""
        self.grad_curves["huber"].set_data(r, grad)

    def set_fits(self, outlier_y, fits, grads=None):
        """Move the outlier to ``outlier_y``, draw each line of ``fits`` and mark the outlier's residual under it.

        ``grads`` (name -> gradient at the outlier's residual) places the markers on the gradient panels; without it
        the markers sit on the zero line.
        """
        self.outlier.set_data([self.outlier_x], [outlier_y])
        for name, (slope, intercept) in fits.items():
            self.lines[name].set_data(self.xs, slope * self.xs + intercept)
            r = slope * self.outlier_x + intercept - outlier_y
            gax = self.gaxes[name]
            lo, hi = gax.get_ylim()
            rlo, rhi = gax.get_xlim()
            g = 0.0 if grads is None else grads[name]
            self.grad_points[name].set_data([min(max(r, rlo), rhi)], [min(max(g, lo), hi)])
