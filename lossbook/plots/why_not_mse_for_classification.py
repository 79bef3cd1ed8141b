"""Figures of "why not MSE for classification": both losses and both slopes against the logit, a slice and a map of
each loss over the parameters of a logistic model, and the learning curves of the same model trained both ways.

Every figure takes numbers computed elsewhere (``lossbook`` and ``lossbook.models``) and only draws them.

>>> import numpy as np
>>> z = np.linspace(-8, 8, 161)
>>> plot = LogitLossesPlot(z)
>>> plot.set_label(z, np.zeros_like(z), np.zeros_like(z), np.zeros_like(z), np.zeros_like(z))
>>> plot.png()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import numpy as np

from ._base import FigurePlot
from .curves import _GUIDE, _POINT
from .theme import COLORS, MUTED, OKABE_ITO, new_figure, style

__all__ = ["LogitLossesPlot", "LossSlicePlot", "LandscapePairPlot", "LearningCurvesPlot"]

_NAMES = ("MSE on the probability", "cross-entropy")


def _series(i):
    return dict(color=COLORS[i], linestyle=style(i)["linestyle"])


class LogitLossesPlot(FigurePlot):
    """Left: MSE (on the probability) and cross-entropy against the logit z. Right: their slopes dL/dz.

    ``set_label`` replaces the four curves (they depend on the label only); ``set_point`` marks the current logit
    on all four. The default limits hold every value the widget's logit slider (-8 to 8) reaches; points beyond
    other limits are drawn on the edge. The values themselves are in the widget's readout: text drawn on every
    frame would double the cost of a step.
    """

    def __init__(self, z, *, loss_ylim=(0.0, 8.5), grad_ylim=(-1.1, 1.1), figsize=(9.0, 3.4)):
        z = np.asarray(z, dtype=float)
        fig, (ax, gax) = new_figure(1, 2, figsize=figsize)
        super().__init__(fig)
        self.ax, self.gax = ax, gax
        ax.set(xlim=(z[0], z[-1]), ylim=loss_ylim, xlabel="logit z (the score before the sigmoid)",
               ylabel="loss of one example")
        gax.set(xlim=(z[0], z[-1]), ylim=grad_ylim, xlabel="logit z (the score before the sigmoid)",
                ylabel="slope dL/dz")
        gax.axhline(0.0, color="black", linewidth=0.8, zorder=1)
        self.curves = [ax.plot(z, 0 * z, **_series(i), label=_NAMES[i])[0] for i in range(2)]
        self.grads = [gax.plot(z, 0 * z, **_series(i), label=_NAMES[i])[0] for i in range(2)]
        marker = dict(_POINT)
        self.points = [ax.plot([z[0]], [0.0], **marker)[0] for _ in range(2)]
        self.grad_points = [gax.plot([z[0]], [0.0], **marker)[0] for _ in range(2)]
        self.guides = [a.axvline(z[0], **_GUIDE) for a in (ax, gax)]
        ax.legend(loc="upper center", fontsize=9)
        gax.legend(loc="lower right", fontsize=9)
        for artist in (*self.curves, *self.grads, *self.points, *self.grad_points, *self.guides):
            self.dynamic(artist)

    def set_label(self, z, mse, ce, mse_grad, ce_grad):
        """Replace the curves: the losses and slopes over the grid ``z`` for the current label."""
        for line, values in zip((*self.curves, *self.grads), (mse, ce, mse_grad, ce_grad)):
            line.set_data(z, values)

    def set_point(self, z, losses, grads):
        """Mark logit ``z`` with its two losses and two slopes."""
        lo, hi = self.ax.get_ylim()
        glo, ghi = self.gax.get_ylim()
        for point, v in zip(self.points, losses):
            point.set_data([z], [min(max(v, lo), hi)])
        for point, v in zip(self.grad_points, grads):
            point.set_data([z], [min(max(v, glo), ghi)])
        for guide in self.guides:
            guide.set_xdata([z, z])


def _concave_spans(x, y):
    """``(start, end)`` intervals of ``x`` where ``y`` bends down (negative second difference)."""
    bends_down = np.diff(y, 2) < -1e-12 * max(1.0, float(np.ptp(y)))
    spans, start = [], None
    for i, flag in enumerate(bends_down, start=1):
        if flag and start is None:
            start = x[i]
        if not flag and start is not None:
            spans.append((start, x[i]))
            start = None
    if start is not None:
        spans.append((start, x[-2]))
    return spans


class LossSlicePlot(FigurePlot):
    """The loss of a logistic model along one parameter (a slice), MSE left and cross-entropy right.

    Where a curve bends down (its slope decreases: the curve is not convex there) the background is shaded. A convex
    curve, one that only ever bends up, has no shading: it has one valley and no flat shelves to get stuck on.
    """

    def __init__(self, w, mse, ce, *, xlabel="weight w (bias fixed at 0)", figsize=(9.0, 3.2)):
        w, mse, ce = (np.asarray(a, dtype=float) for a in (w, mse, ce))
        fig, axes = new_figure(1, 2, figsize=figsize)
        super().__init__(fig)
        self.axes = axes
        self.spans = []
        for i, (ax, values) in enumerate(zip(axes, (mse, ce))):
            spans = _concave_spans(w, values)
            self.spans.append(spans)
            for k, (a, b) in enumerate(spans):
                ax.axvspan(a, b, color=OKABE_ITO["yellow"], alpha=0.35, zorder=0,
                           label="bends down: not convex" if k == 0 else None)
            ax.plot(w, values, **_series(i), label=_NAMES[i])
            ax.set(xlim=(w[0], w[-1]), ylim=(0, float(values.max()) * 1.1), xlabel=xlabel, ylabel="mean loss")
            ax.set_title(("MSE on the probability" if i == 0 else "cross-entropy") + " along the slice", fontsize=11)
            ax.legend(loc="upper right", fontsize=9)

    def __repr__(self):
        parts = []
        for name, spans in zip(("MSE", "cross-entropy"), self.spans):
            if spans:
                where = ", ".join(f"w from {a:.1f} to {b:.1f}" for a, b in spans)
                parts.append(f"{name}: bends down (not convex) for {where}")
            else:
                parts.append(f"{name}: bends up everywhere (convex)")
        return "Loss along a slice of the weight. " + "; ".join(parts)


class LandscapePairPlot(FigurePlot):
    """Filled contours of two losses over (weight, bias), side by side, each with a training path drawn on it."""

    def __init__(self, ws, bs, Z_mse, Z_ce, *, paths=None, start=None, levels=14, figsize=(9.4, 3.6)):
        ws, bs = np.asarray(ws, dtype=float), np.asarray(bs, dtype=float)
        fig, axes = new_figure(1, 2, figsize=figsize)
        super().__init__(fig)
        self.axes = axes
        for i, (ax, Z) in enumerate(zip(axes, (Z_mse, Z_ce))):
            Z = np.asarray(Z, dtype=float)
            surface = ax.contourf(ws, bs, Z, levels=levels)
            ax.contour(surface, colors="white", linewidths=0.5, alpha=0.6, negative_linestyles="solid")
            fig.colorbar(surface, ax=ax, shrink=0.9).set_label("mean loss")
            ax.set(xlabel="weight w", ylabel="bias b", xlim=(ws[0], ws[-1]), ylim=(bs[0], bs[-1]))
            ax.set_title(_NAMES[i], fontsize=11)
            ax.grid(False)
            if paths is not None:
                pw, pb = paths[i]
                ax.plot(pw, pb, color=OKABE_ITO["orange"], linewidth=1.8, marker="o", markersize=4,
                        markevery=10, zorder=4, label="gradient descent")
                ax.plot([pw[-1]], [pb[-1]], marker="s", color=OKABE_ITO["orange"], markeredgecolor="black",
                        linestyle="none", zorder=5, label="where it ends")
            if start is not None:
                ax.plot([start[0]], [start[1]], **{**_POINT, "marker": "o"}, label="the bad start")
        handles, labels = axes[0].get_legend_handles_labels()
        if handles:  # one legend for both maps, below them: on a map it would hide part of the loss surface
            fig.legend(handles, labels, loc="outside lower center", ncol=len(handles), fontsize=9, frameon=False)
        self._text = "Loss maps over weight and bias: MSE on the probability (left), cross-entropy (right)"

    def __repr__(self):
        return self._text


class LearningCurvesPlot(FigurePlot):
    """Accuracy (left) and loss (right) against the training step for several runs, one style per run."""

    def __init__(self, runs, *, figsize=(9.0, 3.2)):
        fig, (ax, lax) = new_figure(1, 2, figsize=figsize)
        super().__init__(fig)
        self.ax, self.lax = ax, lax
        n = 1
        for i, (name, accuracy, loss) in enumerate(runs):
            steps = np.arange(len(accuracy))
            n = max(n, len(accuracy) - 1)
            ax.plot(steps, 100 * np.asarray(accuracy), **_series(i), label=name)
            lax.plot(steps, loss, **_series(i), label=name)
        ax.set(xlim=(0, n), ylim=(0, 100), xlabel="training step", ylabel="accuracy (% of examples)")
        lax.set(xlim=(0, n), ylim=(0, None), xlabel="training step", ylabel="training loss (its own loss)")
        ax.axhline(50, color=MUTED, linewidth=1.0, linestyle=(0, (2, 2)), zorder=1)
        ax.legend(loc="lower right", fontsize=9)
        lax.legend(loc="upper right", fontsize=9)
        self._names = [name for name, *_ in runs]

    def __repr__(self):
        return "Learning curves (accuracy and loss against step): " + ", ".join(self._names)

