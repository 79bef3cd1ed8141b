"""Widget of the lesson "Dice and IoU": move, resize and blur a predicted tumour mask; watch pixel BCE, Dice and IoU."""

from __future__ import annotations

import lossbook as lb

from ..datasets import TUMOUR_RADIUS, predicted_mask, tumour_scan
from ..plots.dice_and_iou import OverlapPlot
from ._args import arguments, real
from ._controls import slider
from ._explorer import Explorer
from ._registry import register

__all__ = ["dice_iou_explorer"]


@register
@arguments(shift=real(0.0, 20.0), radius=real(0.0, 12.0), blur=real(0.0, 6.0))
def dice_iou_explorer(shift=3.0, radius=TUMOUR_RADIUS, blur=1.0):
    """A 64 x 64 scan with a small tumour (2.8% of the pixels) and a predicted soft mask you can shift, resize and
    blur; the pixel-wise binary cross-entropy, the soft Dice loss and the soft IoU loss of that prediction."""
    target = tumour_scan()
    n_tumour = int(target.sum())
    plot = OverlapPlot(target)
    controls = {
        "shift": slider(shift, 0.0, 20.0, 1.0, description="shift right", unit="px", readout_format=".0f"),
        "radius": slider(radius, 0.0, 12.0, 0.5, description="predicted radius", unit="px", readout_format=".1f"),
        "blur": slider(blur, 0.0, 6.0, 0.25, description="edge blur", unit="px"),
    }

    def frame(v, changed):
        # Every control changes the mask; the mask is 4096 pixels, so recomputing it costs well under a millisecond.
        p = predicted_mask(v["shift"], v["radius"], v["blur"])
        bce = lb.binary_cross_entropy(target, p)
        dice = lb.dice(target, p)
        iou = lb.iou(target, p)
        plot.set_prediction(p)
        plot.set_losses((bce, dice, iou))
        found = float((p * target).sum())
        return (f"shift = {v['shift']:.0f} px, radius = {v['radius']:.1f} px, blur = {v['blur']:.2f} px\n"
                f"pixel BCE = {bce:.3f}, Dice loss = {dice:.3f}, IoU loss = {iou:.3f}\n"
                f"tumour found (soft count): {found:.1f} of {n_tumour} pixels")

    return Explorer(plot, controls, frame, title="Dice and IoU on a tiny tumour",
                    alt="Left to right: the true tumour mask, the predicted probability map, their overlap "
                        "(found, missed, false alarm), and bars of pixel BCE, Dice loss and IoU loss")
