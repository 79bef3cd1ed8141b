"""Curves of a loss against the prediction: with the current point marked, and loss and gradient side by side."""

from __future__ import annotations

import numpy as np

from ._base import FigurePlot
from .theme import ACCENT, COLORS, MUTED, new_figure, style

__all__ = ["LossCurvePlot", "LossGradPlot"]

_POINT = dict(marker="o", markersize=9, color=ACCENT, markeredgecolor="white", markeredgewidth=1.5, linestyle="none", zorder=5)
_GUIDE = dict(color=MUTED, linewidth=1.0, linestyle=(0, (2, 2)), zorder=1)
_BOX = dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor=MUTED)


def _xy(x, y, what="curve"):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 1 or x.size < 2:
        raise ValueError(f"{what}: x must be a 1-D array of at least 2 values, got shape {x.shape}")
    if y.shape != x.shape:
        raise ValueError(f"{what}: y must have the shape of x {x.shape}, got {y.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{what}: x must be finite everywhere")
    return x, y


def _limits(values, lim, name):
    if lim is not None:
        lo, hi = (float(v) for v in lim)
        if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
            raise ValueError(f"{name} must be (low, high) with low < high, got {lim!r}")
        return lo, hi
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 0.0, 1.0
    lo, hi = float(finite.min()), float(finite.max())
    lo = min(lo, 0.0)
    pad = 0.05 * (hi - lo) if hi > lo else 1.0
    return lo - (pad if lo < 0 else 0.0), hi + pad


class LossCurvePlot(FigurePlot):
    """One loss curve against the prediction, with the current point, a guide line and a value box.

    ``set_curve`` replaces the curve (e.g. when the label changes), ``set_point`` moves the point. Neither creates
    an artist. A point above the y-limit is drawn on the top edge (the value box still shows the true value).
    """

    def __init__(self, x, y, *, xlabel="prediction", ylabel="loss", xlim=None, ylim=None, title="", figsize=(5.2, 3.2)):
        x, y = _xy(x, y, "LossCurvePlot")
        fig, ax = new_figure(figsize=figsize)
        super().__init__(fig)
        self.ax = ax
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)
        ax.set_xlim(_limits(x, xlim, "xlim"))
        ax.set_ylim(_limits(y, ylim, "ylim"))
        (self.curve,) = ax.plot(x, y, **style(0))
        self.dynamic(self.curve)
        self.guide = self.dynamic(ax.axvline(x[0], **_GUIDE))
        (self.point,) = ax.plot([x[0]], [y[0]], **_POINT)
        self.dynamic(self.point)
        self.label = self.dynamic(ax.text(0.97, 0.95, "", transform=ax.transAxes, ha="right", va="top", bbox=_BOX, zorder=6))

    def set_curve(self, x, y, *, rescale: bool = False):
        """Replace the curve's data; ``rescale=True`` also refits the y-limits (and redraws the background)."""
        x, y = _xy(x, y, "set_curve")
        self.curve.set_data(x, y)
        if rescale:
            self.ax.set_ylim(_limits(y, None, "ylim"))
            self.invalidate()

    def set_point(self, x, y, text: str = ""):
        """Move the current point to ``(x, y)`` and show ``text`` in the value box."""
        lo, hi = self.ax.get_ylim()
        self.point.set_data([x], [min(max(y, lo), hi)])
        self.guide.set_xdata([x, x])
        self.label.set_text(text)


class LossGradPlot(FigurePlot):
    """A loss (left) and its gradient (right) against the prediction, sharing the x-axis.

    Left: the loss curve, the current point and the tangent line through it, whose slope is the gradient. Right: the
    gradient curve, the zero line, and the current gradient value marked.
    """

    def __init__(self, x, loss, grad, *, xlabel="prediction", ylabel="loss", grad_label="gradient dL/dŷ",
                 xlim=None, ylim=None, grad_ylim=None, figsize=(8.0, 3.2)):
        x, loss = _xy(x, loss, "LossGradPlot loss")
        _, grad = _xy(x, grad, "LossGradPlot grad")
        fig, (ax, gax) = new_figure(1, 2, figsize=figsize)
        super().__init__(fig)
        self.ax, self.gax = ax, gax
        xl = _limits(x, xlim, "xlim")
        for a, yl, lab in ((ax, _limits(loss, ylim, "ylim"), ylabel), (gax, _limits(grad, grad_ylim, "grad_ylim"), grad_label)):
            a.set_xlim(xl)
            a.set_ylim(yl)
            a.set_xlabel(xlabel)
            a.set_ylabel(lab)
        gax.axhline(0.0, color="black", linewidth=0.8, zorder=1)
        self._tangent_half_width = 0.15 * (xl[1] - xl[0])
        (self.curve,) = ax.plot(x, loss, **style(0))
        (self.grad_curve,) = gax.plot(x, grad, color=COLORS[2], linestyle="-")
        (self.tangent,) = ax.plot([x[0], x[0]], [loss[0], loss[0]], **style(1), zorder=4)
        (self.point,) = ax.plot([x[0]], [loss[0]], **_POINT)
        (self.grad_point,) = gax.plot([x[0]], [grad[0]], **_POINT)
        self.grad_guide = gax.axvline(x[0], **_GUIDE)
        self.label = ax.text(0.97, 0.95, "", transform=ax.transAxes, ha="right", va="top", bbox=_BOX, zorder=6)
        self.grad_text = gax.text(0.97, 0.95, "", transform=gax.transAxes, ha="right", va="top", bbox=_BOX, zorder=6)
        for artist in (self.curve, self.grad_curve, self.tangent, self.point, self.grad_point, self.grad_guide,
                       self.label, self.grad_text):
            self.dynamic(artist)

    def set_curves(self, x, loss, grad):
        """Replace both curves (e.g. when the target or a hyperparameter changes)."""
        x, loss = _xy(x, loss, "set_curves loss")
        _, grad = _xy(x, grad, "set_curves grad")
        self.curve.set_data(x, loss)
        self.grad_curve.set_data(x, grad)

    def set_point(self, x, loss, grad, text: str = "", grad_text: str = ""):
        """Mark the prediction ``x`` with its ``loss`` and ``grad``; draw the tangent of slope ``grad``."""
        lo, hi = self.ax.get_ylim()
        glo, ghi = self.gax.get_ylim()
        h = self._tangent_half_width
        self.tangent.set_data([x - h, x + h], [loss - grad * h, loss + grad * h])
        self.point.set_data([x], [min(max(loss, lo), hi)])
        self.grad_point.set_data([x], [min(max(grad, glo), ghi)])
        self.grad_guide.set_xdata([x, x])
        self.label.set_text(text)
        self.grad_text.set_text(grad_text)
