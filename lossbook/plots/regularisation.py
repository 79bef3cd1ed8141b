"""Figures of the lesson "Regularisation": a degree-9 polynomial fitted with an L2 penalty of a chosen strength, its
weights, and the training and validation loss against the strength.

>>> import numpy as np
>>> plot = PenaltyPlot([-0.5, 0.5], [0.1, -0.2], [0.0], [0.3], strengths=[1e-3, 1e-1], train=[0.1, 0.2],
...                    val=[0.5, 0.3], free_weights=np.ones(3))
>>> plot.set_state(np.linspace(-1, 1, 5), np.zeros(5), np.zeros(3), 1e-2, 0.15, 0.4)
>>> plot.png()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import numpy as np

from ._base import FigurePlot
from .theme import COLORS, MUTED, OKABE_ITO, new_figure, style
from .training_and_validation_loss import _points

__all__ = ["PenaltyPlot"]

_MARK = dict(linestyle="none", markersize=9, markeredgecolor="black", markeredgewidth=0.7, zorder=5, clip_on=False)


class PenaltyPlot(FigurePlot):
    """Left: the data, the fit without a penalty (grey, dotted) and the fit with the current penalty. Middle: each
    weight without a penalty (hollow bars) and with it (filled). Right: training and validation MSE against the
    strength (both axes logarithmic), with the current strength marked on both curves.

    Axes are fixed when the plot is built, so nothing moves out of view as the strength slides.
    """

    def __init__(self, x_train, y_train, x_val, y_val, *, strengths, train, val, free_weights, free_curve=None,
                 noise_floor=None, figsize=(11.0, 3.6)):
        strengths = np.asarray(strengths, dtype=float)
        free_weights = np.asarray(free_weights, dtype=float)
        fig, (ax, wax, lax) = new_figure(1, 3, figsize=figsize, gridspec_kw={"width_ratios": [1.25, 0.9, 1.1]})
        super().__init__(fig)
        self.ax, self.wax, self.lax = ax, wax, lax

        ax.set(xlim=(-1.05, 1.05), ylim=(-2.5, 2.5), xlabel="x", ylabel="y", title="the model")
        _points(ax, x_train, y_train, x_val, y_val)
        if free_curve is not None:
            ax.plot(*free_curve, color=MUTED, linewidth=1.4, linestyle=(0, (1, 1.5)), label="no penalty")
        (self.model,) = ax.plot([], [], color=OKABE_ITO["vermillion"], linewidth=2.2, label="with the penalty")
        ax.legend(loc="lower right", fontsize=8)
        self.dynamic(self.model)

        k = np.arange(free_weights.size)
        top = 1.15 * max(float(np.abs(free_weights).max()), 1e-3)
        wax.set(xlim=(-0.7, k[-1] + 0.7), ylim=(-top, top), xlabel="weight number (degree)", ylabel="weight",
                title="the weights")
        wax.set_xticks(k)
        wax.tick_params(axis="x", labelsize=8)
        wax.axhline(0.0, color="black", linewidth=0.8)
        wax.bar(k, free_weights, width=0.75, fill=False, edgecolor=MUTED, linestyle="--", label="no penalty")
        self.bars = wax.bar(k, np.zeros_like(free_weights), width=0.55, color=COLORS[0], label="with the penalty")
        wax.legend(loc="lower left", fontsize=8)
        for bar in self.bars:
            self.dynamic(bar)

        lax.set_xscale("log")
        lax.set_yscale("log")
        pad = 10.0 ** 0.15   # a margin of 0.15 in the power, so a marker at either end of the slider sits inside
        lax.set(xlim=(strengths.min() / pad, strengths.max() * pad), ylim=(3e-3, 2.0),
                xlabel="penalty strength λ (log scale)",
                ylabel="MSE (log scale)", title="the two losses")
        if noise_floor is not None:
            lax.axhline(noise_floor, color=MUTED, linewidth=1.0, linestyle=(0, (1, 2)),
                        label=f"noise floor ({noise_floor:g})")
        lax.plot(strengths, train, **style(0), label="training loss")
        lax.plot(strengths, val, **style(1), label="validation loss")
        (self.train_mark,) = lax.plot([], [], marker="o", color=COLORS[0], **_MARK)
        (self.val_mark,) = lax.plot([], [], marker="s", color=COLORS[1], **_MARK)
        # beside the axes: inside, it would hide the training loss's marker near λ = 0.01 (the curves fill the rest)
        lax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize=8, frameon=False)
        self.dynamic(self.train_mark)
        self.dynamic(self.val_mark)

    def set_state(self, x, y_model, weights, strength, train, val):
        """The fitted curve ``(x, y_model)``, its ``weights``, and the current ``strength`` with its two losses."""
        self.model.set_data(x, y_model)
        top = self.wax.get_ylim()[1]
        for bar, w in zip(self.bars, weights):
            bar.set_height(float(np.clip(w, -top, top)))
        lo, hi = self.lax.get_ylim()
        self.train_mark.set_data([strength], [min(max(train, lo), hi)])
        self.val_mark.set_data([strength], [min(max(val, lo), hi)])
