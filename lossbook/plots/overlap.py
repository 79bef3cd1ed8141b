"""Figures of the lesson "Dice and IoU": a made-up scan with a small tumour, a predicted soft mask, where they overlap,
and three losses of the same prediction side by side.

The scan and the predicted masks are small NumPy helpers here (``tumour_scan``, ``predicted_mask``), so that the
widget and the notebook use exactly the same pixels.

>>> from lossbook.plots.overlap import tumour_scan, predicted_mask
>>> target = tumour_scan()
>>> target.shape, int(target.sum())
((64, 64), 113)
>>> p = predicted_mask(shift=0, radius=6, blur=0)
>>> float(p.min()), float(p.max())
(0.001, 0.999)
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Patch

from ._base import FigurePlot
from .theme import MUTED, OKABE_ITO, new_figure

__all__ = ["OverlapPlot", "tumour_scan", "predicted_mask", "overlap_rgb", "SCAN_SIZE", "TUMOUR_CENTRE", "TUMOUR_RADIUS"]

#: Side of the square scan in pixels, and the tumour: a disc of radius 6 px (113 pixels, 2.8% of the scan).
SCAN_SIZE = 64
TUMOUR_CENTRE = (30, 36)  # (row, column)
TUMOUR_RADIUS = 6.0
#: A network's output passes through a sigmoid, so it is never exactly 0 or 1: the made-up model says 0.1% where it
#: sees nothing and 99.9% where it is sure.
FLOOR = 0.001

_ROWS, _COLS = np.mgrid[0:SCAN_SIZE, 0:SCAN_SIZE].astype(float)

# Overlap colours (Okabe-Ito): found tumour, missed tumour, false alarm; background white.
_FOUND = np.array([0x00, 0x9E, 0x73]) / 255.0  # bluish green
_MISSED = np.array([0xD5, 0x5E, 0x00]) / 255.0  # vermillion
_FALSE = np.array([0x56, 0xB4, 0xE9]) / 255.0  # sky blue
_WHITE = np.ones(3)


def _disc(shift, radius, blur):
    """A disc at the tumour's centre moved ``shift`` px to the right: 1 inside, 0 outside, a linear rim ``blur`` px wide."""
    dist = np.hypot(_ROWS - TUMOUR_CENTRE[0], _COLS - TUMOUR_CENTRE[1] - shift)
    if blur <= 0:
        return (dist <= radius).astype(float)
    return np.clip((radius - dist) / blur + 0.5, 0.0, 1.0)


def tumour_scan():
    """The target mask: a 64 x 64 scan, 1 on the tumour (a disc of radius 6 px, 113 pixels), 0 elsewhere."""
    return _disc(0.0, TUMOUR_RADIUS, 0.0)


def predicted_mask(shift=0.0, radius=TUMOUR_RADIUS, blur=1.0, *, floor=FLOOR):
    """A made-up model's soft mask: the probability of "tumour" per pixel.

    A disc of ``radius`` px, moved ``shift`` px to the right of the true tumour, with an edge that fades over ``blur``
    px (0: a sharp edge). Probabilities run from ``floor`` (sure it is background) to ``1 - floor`` (sure it is
    tumour); ``radius=0`` is the prediction "no tumour anywhere".
    """
    for name, value in (("shift", shift), ("radius", radius), ("blur", blur)):
        if not np.isfinite(value) or (name != "shift" and value < 0):
            raise ValueError(f"{name} must be a finite number{'' if name == 'shift' else ' >= 0'} (pixels), got {value!r}")
    if not 0.0 <= floor < 0.5:
        raise ValueError(f"floor must lie in [0, 0.5), got {floor!r}")
    disc = _disc(float(shift), float(radius), float(blur)) if radius > 0 else np.zeros((SCAN_SIZE, SCAN_SIZE))
    return floor + (1.0 - 2.0 * floor) * disc


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
    """Four panels: the true mask, the predicted soft mask, their overlap, and bars of three losses.

    ``set_prediction(p)`` redraws the two images (``set_data``: no new artists); ``set_losses(values)`` sets the
    bars, whose axis runs from 0 to 1.05 (a taller bar is cut at the top).
    """

    LOSS_NAMES = ("pixel BCE", "Dice loss", "IoU loss")

    def __init__(self, target, *, figsize=(8.8, 2.5)):
        target = np.asarray(target, dtype=float)
        if target.ndim != 2:
            raise ValueError(f"target must be a 2-D mask, got shape {target.shape}")
        self.target = target
        fig, axes = new_figure(1, 4, figsize=figsize)
        axes[0].get_gridspec().set_width_ratios([1, 1, 1, 1.25])
        super().__init__(fig)
        self.axes = axes
        t_ax, p_ax, o_ax, b_ax = axes
        shown = dict(interpolation="nearest", origin="upper")
        t_ax.imshow(target, cmap="gray_r", vmin=0, vmax=1.6, **shown)
        t_ax.set_title("true mask")
        self.pred_image = self.dynamic(p_ax.imshow(np.zeros_like(target), cmap="cividis", vmin=0, vmax=1, **shown))
        p_ax.set_title("predicted p(tumour)")
        self._rgb = np.ones(target.shape + (3,))
        self.overlap_image = self.dynamic(o_ax.imshow(self._rgb, **shown))
        o_ax.set_title("overlap")
        for ax in (t_ax, p_ax, o_ax):
            ax.set_xticks([0, 32, 63])
            ax.set_yticks([0, 32, 63])
            ax.grid(False)
            ax.tick_params(labelsize=8)
        t_ax.set_xlabel("pixel (x)", fontsize=9)
        t_ax.set_ylabel("pixel (y)", fontsize=9)
        o_ax.legend(handles=[Patch(color=_FOUND, label="found"), Patch(color=_MISSED, label="missed"),
                             Patch(color=_FALSE, label="false alarm")],
                    loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=3, fontsize=7.5, frameon=False,
                    handlelength=1.0, columnspacing=0.6, handletextpad=0.3)
        colours = (OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"])
        # No hatching: each bar is named on the x-axis, and hatches would double the cost of drawing the bars.
        self.bars = b_ax.bar(range(3), [0, 0, 0], color=colours, edgecolor="black", linewidth=0.8)
        for bar in self.bars:
            self.dynamic(bar)
        b_ax.set_xticks(range(3), self.LOSS_NAMES, fontsize=9)
        b_ax.set_ylim(0, 1.05)
        b_ax.set_yticks(np.linspace(0, 1, 11), minor=True)
        b_ax.grid(True, which="minor", axis="y", color="#EEEEEE", linewidth=0.6)
        b_ax.set_ylabel("loss (0 = perfect)")
        b_ax.axhline(1.0, color=MUTED, linewidth=0.8, linestyle=(0, (2, 2)))
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
