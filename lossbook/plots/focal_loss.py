"""Figures of the lesson "Focal loss": the loss against p_t for several gammas, and who contributes to the total."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgba

from ._base import FigurePlot
from .theme import MUTED, OKABE_ITO, new_figure, style

__all__ = ["FocalCurvesPlot", "FocalSharesPlot"]

_PT_LABEL = "p_t: probability given to the true class"


class FocalCurvesPlot(FigurePlot):
    """Focal loss ``(1 - p_t)**gamma * -ln(p_t)`` against ``p_t`` for several gammas (Lin et al. 2017, Figure 1).

    Left: the whole range on a linear axis. Right: the easy end (``p_t`` from 0.9 to 1) on a logarithmic axis, where
    the linear axis would show every curve as 0: there each power of ten is one step, so a loss 100 times smaller
    sits two steps lower.

    A static figure: it shows as a picture, and its ``repr`` is a one-line description (what nbval compares).
    """

    def __init__(self, pt, curves, *, figsize=(9.0, 3.6)):
        fig, (ax, lax) = new_figure(1, 2, figsize=figsize)
        super().__init__(fig)
        self.ax, self.log_ax = ax, lax
        pt = np.asarray(pt, dtype=float)
        ax.set(xlim=(0.0, 1.0), ylim=(0.0, 5.0), xlabel=_PT_LABEL, ylabel="loss (nats)", title="all of p_t")
        ax.axvspan(0.9, 1.0, color=OKABE_ITO["bluish_green"], alpha=0.1, zorder=0)
        ax.text(0.95, 2.5, "easy: p_t > 0.9", fontsize=9, ha="center", va="center", rotation=90)
        easy = (pt >= 0.9) & (pt < 1.0)  # the loss is exactly 0 at p_t = 1: no place on a log axis
        for i, (gamma, loss) in enumerate(curves.items()):
            label = f"γ = {gamma:g}" + (" (cross-entropy)" if gamma == 0 else "")
            ax.plot(pt, loss, **style(i), label=label)
            lax.plot(pt[easy], np.asarray(loss, dtype=float)[easy], **style(i))
        ax.legend(loc="upper center", fontsize=9)
        lax.set_yscale("log")
        lax.set(xlim=(0.9, 1.0), ylim=(1e-13, 1.0), xlabel="p_t (easy end only)", ylabel="loss (nats, log scale)",
                title="the easy end, log scale")
        lax.set_facecolor(to_rgba(OKABE_ITO["bluish_green"], 0.06))  # the left panel's shaded easy band
        self.text = ("Focal loss against p_t for gamma = " + ", ".join(f"{g:g}" for g in curves)
                     + ": the larger gamma, the flatter the curve near p_t = 1 (easy examples cost almost nothing), "
                     "while at small p_t every curve stays high. A second panel shows p_t from 0.9 to 1 on a log "
                     "scale, where the gaps between the curves are the factors (1 - p_t)^gamma.")

    def __repr__(self):
        return self.text


class FocalSharesPlot(FigurePlot):
    """Left: focal loss against ``p_t`` for the current gamma (cross-entropy in grey for reference). Right: each
    group's share of the total loss, cross-entropy (hatched, grey) beside focal loss (coloured); both with percentages.
    """

    def __init__(self, pt, bce_curve, groups, bce_shares, *, figsize=(8.6, 3.4)):
        fig, (ax, bax) = new_figure(1, 2, figsize=figsize)
        super().__init__(fig)
        self.ax, self.bax = ax, bax
        ax.set(xlim=(0.0, 1.0), ylim=(0.0, 4.0), xlabel=_PT_LABEL, ylabel="loss of one example (nats)")
        # Dotted: the focal curves are solid and dashed, so the reference differs from both without its colour.
        ax.plot(pt, bce_curve, color=MUTED, linestyle=(0, (1, 1.5)), linewidth=1.5, label="cross-entropy")
        (self.curve,) = ax.plot(pt, np.zeros_like(pt), **style(0), label="focal, positive")
        (self.neg_curve,) = ax.plot(pt, np.zeros_like(pt), **style(1), label="focal, negative")
        ax.legend(loc="upper right", fontsize=9)
        self.dynamic(self.curve)
        self.dynamic(self.neg_curve)

        x = np.arange(len(groups))
        bax.set(ylim=(0.0, 105.0), ylabel="share of the total loss (%)", xlim=(-0.6, len(groups) - 0.4))
        bax.set_xticks(x, groups)
        bax.tick_params(axis="x", labelsize=9)
        bce_pct = 100 * np.asarray(bce_shares, dtype=float)
        bax.bar(x - 0.2, bce_pct, width=0.38, color="#DDDDDD", edgecolor=MUTED, hatch="//", label="cross-entropy")
        for xi, pct in zip(x, bce_pct):  # static: the cross-entropy shares do not move with the sliders
            bax.text(xi - 0.2, pct + 1.0, f"{pct:.0f}%", ha="center", va="bottom", fontsize=9, color="#555555")
        self.bars = bax.bar(x + 0.2, np.zeros(len(groups)), width=0.38, color=OKABE_ITO["sky_blue"],
                            edgecolor="black", linewidth=0.6, label="focal")
        self.labels = [bax.text(xi + 0.2, 0.0, "", ha="center", va="bottom", fontsize=9) for xi in x]
        bax.legend(loc="upper left", fontsize=9)
        for artist in (*self.bars, *self.labels):
            self.dynamic(artist)

    def set_curves(self, pt, positive, negative):
        """Focal loss of one positive and of one negative example against ``p_t`` (they differ only by alpha)."""
        self.curve.set_data(pt, positive)
        self.neg_curve.set_data(pt, negative)

    def set_shares(self, shares):
        """Each group's share of the focal total (fractions summing to 1)."""
        for bar, text, share in zip(self.bars, self.labels, shares):
            bar.set_height(100 * share)
            text.set_y(100 * share + 1.0)
            text.set_text(f"{100 * share:.0f}%")
