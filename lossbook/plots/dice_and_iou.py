"""Figures of the lesson "Dice and IoU": a made-up scan with a small tumour, a predicted soft mask, where they overlap,
and three losses of the same prediction side by side.

The scan and the predicted masks come from the numeric layer (``lossbook.datasets.tumour_scan``,
``predicted_mask``), so that the widget and the notebook use exactly the same pixels; this module only draws them.

>>> from lossbook.datasets import predicted_mask, tumour_scan
>>> rgb = overlap_rgb(tumour_scan(), predicted_mask(shift=6))
>>> rgb.shape, float(rgb.min()) >= 0.0, float(rgb.max()) <= 1.0
((64, 64, 3), True, True)
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Patch

from ._base import FigurePlot
from .theme import MUTED, OKABE_ITO, new_figure

__all__ = ["OverlapPlot", "overlap_rgb"]

# Overlap colours (Okabe-Ito): found tumour, missed tumour, false alarm; background white.
_FOUND = np.array([0x00, 0x9E, 0x73]) / 255.0  # bluish green
_MISSED = np.array([0xD5, 0x5E, 0x00]) / 255.0  # vermillion
_FALSE = np.array([0x56, 0xB4, 0xE9]) / 255.0  # sky blue
_WHITE = np.ones(3)


def overlap_rgb(target, p, out=None):
    """An RGB picture of the overlap: green where the prediction finds the tumour, vermillion where it misses it,
    sky blue for false alarms, white for agreed background; soft predictions blend the colours."""
    found = (p * target)[..., None]
    missed = ((1.0 - p) * target)[..., None]
    false = (p * (1.0 - target))[..., None]
    rgb = _WHITE + found * (_FOUND - _WHITE) + missed * (_MISSED - _WHITE) + false * (_FALSE - _WHITE)
    if out is None:
        return np.clip(rgb, 0.0, 1.0)
    np.clip(rgb, 0.0, 1.0, out=out)
    return out


class OverlapPlot(FigurePlot):
    """Four panels in two rows: the true mask and the predicted soft mask on top; their overlap and bars of three
    losses below.

    ``set_prediction(p)`` redraws the two images (``set_data``: no new artists); ``set_losses(values)`` sets the
    bars, whose axis runs from 0 to 1.05 (a taller bar is cut at the top). The pixel BCE bar is in nats, with no upper
    bound; a vertical line keeps it apart from the Dice and IoU bars, which run from 0 to 1.
    """

    LOSS_NAMES = ("pixel BCE", "Dice loss", "IoU loss")

    @staticmethod
    def _window(target, half=24, lead=6):
        """The pixels shown: a (2 half)-pixel square around the object, ``lead`` pixels to its right (the way the
        widget shifts the prediction), kept inside the image; ``None`` for an empty mask."""
        rows, cols = np.nonzero(target > 0.5)
        if rows.size == 0:
            return None
        h, w = target.shape
        cy, cx = int(round(rows.mean())), int(round(cols.mean())) + lead
        x0 = min(max(cx - half, 0), max(w - 2 * half, 0))
        y0 = min(max(cy - half, 0), max(h - 2 * half, 0))
        return (x0, min(x0 + 2 * half, w) - 1), (y0, min(y0 + 2 * half, h) - 1)

    def __init__(self, target, *, figsize=(8.4, 7.2), zoom=True):
        target = np.asarray(target, dtype=float)
        if target.ndim != 2:
            raise ValueError(f"target must be a 2-D mask, got shape {target.shape}")
        self.target = target
        # Two rows, so that each picture is big: the true mask and the prediction on top, the overlap and the bars
        # of the losses below (the overlap sits next to the numbers it explains).
        fig, grid = new_figure(2, 2, figsize=figsize)
        super().__init__(fig)
        (t_ax, p_ax), (o_ax, b_ax) = grid
        self.axes = (t_ax, p_ax, o_ax, b_ax)
        shown = dict(interpolation="nearest", origin="upper")
        t_ax.imshow(target, cmap="gray_r", vmin=0, vmax=1.6, **shown)
        t_ax.set_title("true mask")
        self.pred_image = self.dynamic(p_ax.imshow(np.zeros_like(target), cmap="cividis", vmin=0, vmax=1, **shown))
        p_ax.set_title("predicted p(tumour)")
        bar = fig.colorbar(self.pred_image, ax=p_ax, shrink=0.85, pad=0.03, ticks=[0, 0.5, 1])
        bar.ax.tick_params(labelsize=8)
        bar.set_label("p", fontsize=9)
        self._rgb = np.ones(target.shape + (3,))
        self.overlap_image = self.dynamic(o_ax.imshow(self._rgb, **shown))
        o_ax.set_title("overlap")
        window = self._window(target) if zoom else None  # a small object gets the whole panel, not 12 px of it
        for ax in (t_ax, p_ax, o_ax):
            if window is None:
                ax.set_xticks([0, 32, 63])
                ax.set_yticks([0, 32, 63])
            else:
                (x0, x1), (y0, y1) = window
                ax.set_xlim(x0 - 0.5, x1 + 0.5)
                ax.set_ylim(y1 + 0.5, y0 - 0.5)  # image rows run downwards
            ax.grid(False)
            ax.tick_params(labelsize=8)
            ax.set_xlabel("pixel (x)", fontsize=9)
            ax.set_ylabel("pixel (y)", fontsize=9)
        o_ax.legend(handles=[Patch(color=_FOUND, label="found"), Patch(color=_MISSED, label="missed"),
                             Patch(color=_FALSE, label="false alarm")],
                    loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, fontsize=9, frameon=False,
                    handlelength=1.2, columnspacing=1.0, handletextpad=0.4)
        # Colours the overlap picture does not use (its green, vermillion and sky blue mean found, missed and false
        # alarm): a bar must not seem to stand for one of those.
        colours = (MUTED, OKABE_ITO["blue"], OKABE_ITO["reddish_purple"])
        # No hatching: each bar is named on the x-axis, and hatches would double the cost of drawing the bars.
        self.bars = b_ax.bar(range(3), [0, 0, 0], color=colours, edgecolor="black", linewidth=0.8)
        for bar in self.bars:
            self.dynamic(bar)
        # BCE is in nats with no upper bound; Dice and IoU run from 0 to 1. A line keeps the BCE bar apart, the tick
        # labels name the units, and the dashed "1 = worst" line spans only the two bounded losses.
        units = ("\n(nats, no maximum)", "\n(0 to 1)", "\n(0 to 1)")
        b_ax.set_xticks(range(3), [name + unit for name, unit in zip(self.LOSS_NAMES, units)], fontsize=8)
        b_ax.set_xlim(-0.6, 2.6)
        b_ax.set_ylim(0, 1.05)
        b_ax.set_yticks(np.linspace(0, 1, 11), minor=True)
        b_ax.grid(True, which="minor", axis="y", color="#EEEEEE", linewidth=0.6)
        b_ax.set_ylabel("loss (0 = perfect)")
        b_ax.axvline(0.5, color=MUTED, linewidth=1.0)
        self.worst_line = b_ax.axhline(1.0, xmin=(0.5 + 0.6) / 3.2, color=MUTED, linewidth=0.8,
                                       linestyle=(0, (2, 2)))
        b_ax.text(2.55, 1.0, "worst Dice, IoU", fontsize=8, color=MUTED, ha="right", va="bottom")
        b_ax.set_title("three losses")

    def set_prediction(self, p):
        """Show the predicted soft mask ``p`` (same shape as the target) and its overlap with the target."""
        self.pred_image.set_data(p)
        overlap_rgb(self.target, p, out=self._rgb)
        self.overlap_image.set_data(self._rgb)

    def set_losses(self, values):
        """Set the three bars (pixel BCE, Dice loss, IoU loss). The exact values are in the widget's readout: text
        is the most expensive thing to draw, so the bars carry no labels of their own."""
        top = self.axes[3].get_ylim()[1]
        for bar, value in zip(self.bars, values):
            bar.set_height(min(float(value), top))
