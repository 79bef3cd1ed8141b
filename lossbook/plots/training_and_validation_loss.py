"""Figures of the lesson "Training loss against validation loss": a polynomial fitted to a few training points and
checked on validation points, with both loss curves; and the two losses against the polynomial's degree.

>>> import numpy as np
>>> plot = TrainValPlot([-0.5, 0.5], [0.1, -0.2], [0.0], [0.3], max_steps=10)
>>> plot.set_state(np.linspace(-1, 1, 5), np.zeros(5), [0.5, 0.4], [0.6, 0.5], best=(1, 0.5))
>>> plot.png()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import numpy as np
from matplotlib.legend import Legend
from matplotlib.ticker import FixedLocator

from ._base import FigurePlot
from .theme import COLORS, MUTED, OKABE_ITO, new_figure, style

__all__ = ["TrainValPlot", "CapacityPlot", "LOSS_YLIM", "FULL_BATCH_YLIM"]

#: The loss axes' range (log scale) with mini-batches: from under the smallest mini-batch MSE the widget can show
#: (about 5e-6, degree 10 with mini-batches of 4) to above the largest validation MSE.
LOSS_YLIM = (2e-6, 5.0)
#: The range in full-batch training: no loss on all 12 training points can fall below the exact least-squares fit's
#: (0.0057 at degree 10, the widget's largest), so the axis starts at 3e-3 and the curves get the room.
FULL_BATCH_YLIM = (3e-3, 5.0)
_X_LABEL = "x"
_TRAIN = dict(color=COLORS[0], linestyle="-")
_VAL = dict(color=COLORS[1], linestyle=(0, (5, 2)))


def _points(ax, x_train, y_train, x_val, y_val):
    ax.plot(x_val, y_val, linestyle="none", marker="o", markersize=4, markerfacecolor="white",
            markeredgecolor=MUTED, label="validation points")
    ax.plot(x_train, y_train, linestyle="none", marker="s", markersize=7, color=COLORS[0],
            markeredgecolor="white", label="training points")


class TrainValPlot(FigurePlot):
    """Left: training points (filled squares), validation points (hollow circles) and the model's curve. Right: the
    training and validation MSE against the step, on a log scale, up to the current step, with the lowest validation
    loss so far marked, and (for mini-batch training) the loss of each mini-batch as a thin line.

    The axes are fixed for each mode: x from 0 to ``max_steps``, the losses within ``FULL_BATCH_YLIM`` in full-batch
    training and within ``LOSS_YLIM`` with mini-batches (a value beyond either end is drawn on the edge), the model's curve within y from -2.5 to 2.5 (a wilder curve is cut off at
    the frame, which is itself the sign of overfitting).
    """

    def __init__(self, x_train, y_train, x_val, y_val, *, max_steps, noise_floor=None, figsize=(9.6, 3.7)):
        if isinstance(max_steps, bool) or not isinstance(max_steps, (int, np.integer)) or max_steps < 1:
            raise ValueError(f"max_steps must be a positive integer, got {max_steps!r}")
        fig, (ax, lax) = new_figure(1, 2, figsize=figsize)
        super().__init__(fig)
        self.ax, self.lax = ax, lax
        ax.set(xlim=(-1.05, 1.05), ylim=(-2.5, 2.5), xlabel=_X_LABEL, ylabel="y", title="the model")
        _points(ax, x_train, y_train, x_val, y_val)
        (self.model,) = ax.plot([], [], color=OKABE_ITO["vermillion"], linewidth=2.2, label="model")
        ax.legend(loc="lower right", fontsize=8.5, ncol=1)
        self.dynamic(self.model)

        lax.set_yscale("log")
        lax.set(xlim=(0, int(max_steps)), ylim=FULL_BATCH_YLIM, xlabel="training step", ylabel="MSE (log scale)",
                title="the two losses")
        if noise_floor is not None:
            lax.axhline(noise_floor, color=MUTED, linewidth=1.0, linestyle=(0, (1, 2)),
                        label=f"noise floor ({noise_floor:g})")
        (self.batch,) = lax.plot([], [], color=OKABE_ITO["sky_blue"], linewidth=0.5, alpha=0.7,
                                 label="each mini-batch")
        (self.train,) = lax.plot([], [], **_TRAIN, label="training loss")
        (self.val,) = lax.plot([], [], **_VAL, label="validation loss")
        (self.best,) = lax.plot([], [], linestyle="none", marker="*", markersize=13, color=COLORS[2],
                                markeredgecolor="black", markeredgewidth=0.6, label="lowest validation loss")
        # Fixed tick positions and both keys built once, so that switching the mode creates no artist: Matplotlib
        # makes one tick per location its locator returns, and a new legend each time one is asked for.
        lax.yaxis.set_major_locator(FixedLocator(10.0 ** np.arange(-6, 1)))
        lax.yaxis.set_minor_locator(FixedLocator([m * 10.0**k for k in range(-6, 1) for m in range(2, 10)]))
        handles, labels = lax.get_legend_handles_labels()
        key = dict(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize=8.5, frameon=False)
        self._keys = {True: Legend(lax, handles, labels, **key),
                      False: Legend(lax, *zip(*[(h, t) for h, t in zip(handles, labels) if h is not self.batch]),
                                    **key)}
        for legend in self._keys.values():
            lax.add_artist(legend)
            legend.set_clip_on(False)  # add_artist clips to the axes; the key sits below them
        self._mini = None
        self._legend(mini=False)
        for artist in (self.batch, self.train, self.val, self.best):
            self.dynamic(artist)

    def _legend(self, *, mini):
        """Fix the loss axis and the key for the mode: the mini-batch line is listed only when it is drawn."""
        if mini == self._mini:
            return
        self._mini = mini
        self.lax.set_ylim(*(LOSS_YLIM if mini else FULL_BATCH_YLIM))
        for shown, legend in self._keys.items():
            legend.set_visible(shown == mini)
        self.invalidate()  # new limits and key: the cached background is redrawn

    @property
    def key(self):
        """The legend of the loss panel that is shown now (the one with or without the mini-batch entry)."""
        return self._keys[self._mini]

    def _shown(self, values):
        lo, hi = self.lax.get_ylim()
        values = np.asarray(values, dtype=float)
        return np.clip(np.where(np.isfinite(values), values, hi), lo, hi)  # off-scale values ride the edge

    def set_state(self, x, y_model, train, val, *, best, batch=None):
        """The model's curve ``(x, y_model)``, both losses at steps 0..k, the best point ``(step, loss)``, and the
        mini-batch losses (``None``: full-batch training, no separate line)."""
        self._legend(mini=batch is not None)
        self.model.set_data(x, y_model)
        steps = np.arange(len(train))
        self.train.set_data(steps, self._shown(train))
        self.val.set_data(steps, self._shown(val))
        self.best.set_data([best[0]], self._shown([best[1]]))
        if batch is None:
            self.batch.set_data([], [])
        else:
            self.batch.set_data(steps, self._shown(batch))


class CapacityPlot(FigurePlot):
    """The training and validation MSE of the best-fitting polynomial of each degree (a static figure; its ``repr``
    is a one-line description, which is what nbval compares)."""

    def __init__(self, degrees, train, val, *, noise_floor=None, figsize=(6.4, 3.4)):
        degrees = np.asarray(degrees)
        fig, ax = new_figure(figsize=figsize)
        super().__init__(fig)
        self.ax = ax
        ax.set_yscale("log")
        ax.set(xlabel="degree of the polynomial (capacity)", ylabel="MSE (log scale)",
               xlim=(degrees.min() - 0.3, degrees.max() + 0.3), ylim=(1e-3, 1e2))
        ax.set_xticks(degrees)
        if noise_floor is not None:
            ax.axhline(noise_floor, color=MUTED, linewidth=1.0, linestyle=(0, (1, 2)),
                       label=f"noise floor ({noise_floor:g})")
        ax.plot(degrees, np.clip(train, 1e-3, 1e2), **style(0, marker=True), label="training loss")
        ax.plot(degrees, np.clip(val, 1e-3, 1e2), **style(1, marker=True), label="validation loss")
        ax.legend(loc="upper left", fontsize=9)
        best = int(np.argmin(val))
        self.text = (f"Training and validation MSE of the best-fitting polynomial of degree {degrees.min()} to "
                     f"{degrees.max()}: the training loss falls with every degree, the validation loss is lowest at "
                     f"degree {degrees[best]} ({val[best]:.3f}) and rises beyond it.")

    def __repr__(self):
        return self.text
