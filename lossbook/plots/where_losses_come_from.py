"""Figures of the lesson "Where losses come from": a noise model's density over the data, and its negative
log-likelihood beside the familiar loss (MSE or MAE) as functions of the prediction."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import FormatStrFormatter, LinearLocator

from ._base import FigurePlot
from .theme import ACCENT, MUTED, new_figure, style

__all__ = ["LikelihoodPlot"]


class LikelihoodPlot(FigurePlot):
    """Left: the noise density centred on the best prediction, with each reading's likelihood drawn as a stem (its
    height is the density at the reading). Right: the mean negative log-likelihood and the familiar loss (MSE or MAE)
    against the prediction, with the prediction where each is lowest.

    ``xlim`` is the range of values and predictions shown; ``loss_top`` fixes the right y-axis (the widget sets it to
    cover its sliders' whole range, so nothing important leaves the axes). ``density_top`` is the left y-axis's first
    top; from then on the left axis follows the density drawn, 1.1 times its peak, so a wide bell fills the panel as
    well as a narrow one and no stem is ever cut.
    """

    def __init__(self, readings, grid, *, xlim, density_top, loss_top, unit="", figsize=(9.4, 3.6)):
        fig, (ax, lax) = new_figure(1, 2, figsize=figsize)
        super().__init__(fig)
        self.ax, self.lax = ax, lax
        readings = np.asarray(readings, dtype=float)
        suffix = f" ({unit})" if unit else ""
        ax.set(xlim=xlim, ylim=(0.0, density_top), xlabel=f"value of a reading{suffix}",
               ylabel="density of a reading")
        # five evenly spaced ticks whatever the top: the axis follows the width, and a fixed number of ticks means
        # moving a slider creates no artist (Matplotlib makes one tick per location its locator returns)
        ax.yaxis.set_major_locator(LinearLocator(5))
        ax.yaxis.set_major_formatter(FormatStrFormatter("%.2f"))
        # small dots with a white rim, so readings 0.1 apart (20.3 and 20.4) stay two dots
        (self.dots,) = ax.plot(readings, np.zeros_like(readings), "o", color="black", markersize=5.5,
                               markeredgecolor="white", markeredgewidth=0.8, clip_on=False, zorder=5,
                               label="the readings")
        (self.density,) = ax.plot(grid, np.zeros_like(grid), **style(0), label="density")
        self.stems = ax.vlines(readings, 0.0, np.zeros_like(readings), color=ACCENT, linewidth=2.5,
                               label="likelihood of each reading")
        # the dotted centre line behind the stems: the mean 20.39 sits on the stem of 20.4, which must stay visible
        self.centre = ax.axvline(0.0, color=MUTED, linestyle=(0, (1, 2)), linewidth=1.5, zorder=1)
        # legends above the axes: the curves move everywhere inside them
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=9, frameon=False)

        self.unit = unit
        lax.set(xlim=xlim, ylim=(0.0, loss_top), xlabel=f"prediction{suffix}", ylabel=self._ylabel("MSE"))
        (self.nll,) = lax.plot(grid, np.zeros_like(grid), **style(0), label="negative log-likelihood (nats)")
        (self.loss,) = lax.plot(grid, np.zeros_like(grid), **style(1), label="MSE")
        self.best = lax.axvline(0.0, color=MUTED, linestyle=(0, (1, 2)), linewidth=1.5)
        # each curve's lowest point in the curve's own colour (a circle on the NLL, a diamond on the familiar loss)
        (self.nll_min,) = lax.plot([0.0], [0.0], "o", color=style(0)["color"], markeredgecolor="white", markersize=9,
                                   zorder=5)
        (self.loss_min,) = lax.plot([0.0], [0.0], "D", color=style(1)["color"], markeredgecolor="white",
                                    markersize=8, zorder=5)
        self.legend = lax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=1, fontsize=9, frameon=False)
        # where the NLL leaves the top (narrow noise): a triangle at each exit and a note of how high it goes
        self.loss_top = float(loss_top)
        (self.exits,) = lax.plot([], [], "^", color=style(0)["color"], markersize=9, clip_on=False, zorder=6)
        self.off_top = lax.text(0.5, 0.97, "", transform=lax.transAxes, ha="center", va="top", fontsize=9,
                                bbox=dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor=MUTED))
        for artist in (self.exits, self.off_top):  # they come and go: the layout must not follow them
            artist.set_in_layout(False)
        # the dots last on the left: drawn over the stems and the dotted centre line
        for artist in (self.centre, self.density, self.stems, self.dots, self.nll, self.loss, self.best, self.nll_min,
                       self.loss_min, self.exits, self.off_top):
            self.dynamic(artist)

    def _ylabel(self, loss_name):
        """The right axis holds two quantities in different units: say both (only the minima's places compare)."""
        unit = self.unit or "data units"
        return f"average over the readings\nNLL in nats, {loss_name} in {unit}{'²' if loss_name == 'MSE' else ''}"

    def set_density(self, grid, density, readings, heights, centre):
        """The noise density over ``grid`` centred on ``centre``, and each reading's likelihood (its height)."""
        self.density.set_data(grid, density)
        top = 1.1 * float(max(np.max(density), np.max(heights)))
        if not np.isclose(top, self.ax.get_ylim()[1], rtol=1e-6):  # a new width: the axis follows it
            self.ax.set_ylim(0.0, top)
            self.invalidate()
        self.stems.set_segments([[(x, 0.0), (x, h)] for x, h in zip(readings, heights)])
        self.centre.set_xdata([centre, centre])

    def set_losses(self, grid, nll, loss, loss_name, best, at_best):
        """The mean NLL and the familiar loss over the predictions ``grid``; ``best`` is where both are lowest and
        ``at_best`` their two values there."""
        self.nll.set_data(grid, nll)
        self.loss.set_data(grid, loss)
        label = self.legend.get_texts()[1]
        if label.get_text() != loss_name:  # the legend is part of the cached background: redraw it
            label.set_text(loss_name)
            self.loss.set_label(loss_name)
            self.lax.set_ylabel(self._ylabel(loss_name))
            self.invalidate()
        self.best.set_xdata([best, best])
        self.nll_min.set_data([best], [at_best[0]])
        self.loss_min.set_data([best], [at_best[1]])
        nll = np.asarray(nll, dtype=float)
        above = nll > self.loss_top
        if above.any():  # the exits: where the curve crosses the top edge
            edges = np.flatnonzero(np.diff(above.astype(int)))
            xs = [grid[k + 1] if above[k + 1] else grid[k] for k in edges]
            self.exits.set_data(xs, [self.loss_top] * len(xs))
            self.off_top.set_text(f"▲ NLL leaves the top here: up to {nll.max():.0f} nats")
        else:
            self.exits.set_data([], [])
            self.off_top.set_text("")
