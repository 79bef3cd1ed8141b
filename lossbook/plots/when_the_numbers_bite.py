"""Numerical-stability figure: a loss computed the naive way and the stable way, side by side, as a logit grows.

Where the naive formula returns ``inf`` or ``nan``, its curve stops and a row of crosses along the top edge marks
the broken logits, so the failure is visible rather than silently missing from the picture.

>>> import numpy as np
>>> z = np.linspace(-100, 100, 5)
>>> plot = StabilityPlot(z, cross_every=1)
>>> plot.set_curves(0, z, z, np.array([0, 0, 1, np.inf, np.nan]))
>>> plot.broken[0].get_xdata().tolist()
[50.0, 100.0]
"""

from __future__ import annotations

import numpy as np

from ._base import FigurePlot
from .theme import ACCENT, COLORS, MUTED, new_figure, style

__all__ = ["StabilityPlot"]

_TITLES = ("binary cross-entropy of a logit z", "softmax cross-entropy of scores [z, 0]")


class StabilityPlot(FigurePlot):
    """Two panels (binary cross-entropy, softmax cross-entropy), each with a stable and a naive curve over ``z``.

    ``set_curves(panel, z, stable, naive)`` replaces a panel's curves (when the label or the precision changes);
    ``set_point(panel, z, stable, naive)`` moves the current logit's markers. Neither creates an artist.
    """

    def __init__(self, z, *, ylim=(-4.0, 140.0), cross_every=8, figsize=(8.4, 3.7)):
        z = np.asarray(z, dtype=float)
        self.cross_every = int(cross_every)  # one cross per this many grid points: a row, not a smear
        fig, axes = new_figure(1, 2, figsize=figsize, sharey=True)
        super().__init__(fig)
        self.axes = axes
        self.top = ylim[1] - 0.03 * (ylim[1] - ylim[0])
        self.stable, self.naive, self.broken, self.guide, self.p_stable, self.p_naive = [], [], [], [], [], []
        for i, ax in enumerate(axes):
            ax.set(xlim=(z[0], z[-1]), ylim=ylim, xlabel="logit z (score for class 1)", title=_TITLES[i])
            self.guide.append(self.dynamic(ax.axvline(0.0, color=MUTED, linewidth=1.0, linestyle=(0, (2, 2)))))
            (s,) = ax.plot(z, np.zeros_like(z), **style(0), label="stable (lossbook)")
            (n,) = ax.plot(z, np.zeros_like(z), color=COLORS[1], linestyle=(0, (5, 2)), linewidth=2.4,
                           label="naive formula")
            (b,) = ax.plot([], [], "x", color=COLORS[1], markersize=6, markeredgewidth=1.5,
                           label="naive gives inf or nan")
            (ps,) = ax.plot([0], [0], "o", color=COLORS[0], markersize=10, markeredgecolor="white", zorder=5)
            (pn,) = ax.plot([0], [0], "s", color=ACCENT, markersize=7, markeredgecolor="white", zorder=6)
            for artist, bag in ((s, self.stable), (n, self.naive), (b, self.broken), (ps, self.p_stable),
                                (pn, self.p_naive)):
                bag.append(self.dynamic(artist))
        axes[0].set_ylabel("loss (nats)")
        # Below the panels, outside both: inside, the legend would hide the moving z guide over part of its range.
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncol=3, fontsize=9, frameon=False)

    def set_curves(self, panel, z, stable, naive):
        """Replace panel ``panel``'s stable and naive curves; the naive curve's inf/nan become crosses on top."""
        z = np.asarray(z, dtype=float)
        naive = np.asarray(naive, dtype=float)
        bad = ~np.isfinite(naive)
        self.stable[panel].set_data(z, stable)
        self.naive[panel].set_data(z, np.where(bad, np.nan, naive))  # Matplotlib leaves a gap at nan
        crosses = z[bad & (np.arange(z.size) % self.cross_every == 0)]
        self.broken[panel].set_data(crosses, np.full(crosses.shape, self.top))

    def set_point(self, panel, z, stable, naive):
        """Mark the current logit ``z`` on panel ``panel``; a naive value of inf/nan is drawn on the top edge."""
        self.guide[panel].set_xdata([z, z])
        self.p_stable[panel].set_data([z], [stable])
        self.p_naive[panel].set_data([z], [naive if np.isfinite(naive) else self.top])
