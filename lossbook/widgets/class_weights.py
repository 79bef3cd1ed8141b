"""Widgets of the lesson "Class weights": what ``pos_weight`` does to who pays, and to the retrained model's
probabilities, beside focal loss on the same 1% data."""

from __future__ import annotations

import numpy as np

import lossbook as lb

from ..datasets import FOCAL_GROUPS, focal_data, focal_groups
from ..models import fit_bias
from ..plots.class_weights import ClassWeightsPlot
from ._args import arguments, real, seed, whole
from ._controls import slider
from ._explorer import Explorer
from ._registry import register

__all__ = ["class_weight_shares"]

_FOCAL = {"alpha": 0.25, "gamma": 2.0}


def _shares(values, masks):
    return np.array([values[m].sum() for m in masks]) / values.sum()


def _retrained(y, z, grad, **options):
    """Mean predicted probability and share of positives above 0.5 after retraining the bias under a loss."""
    q = lb.sigmoid(z + fit_bias(grad, y, z, **options))
    return float(q.mean()), float((q[y == 1] > 0.5).mean())


@register
@arguments(pos_weight=real(1.0, 100.0), n=whole(1_000, 100_000), seed=seed())
def class_weight_shares(pos_weight=10.0, n=10_000, seed=0):
    """Slide ``pos_weight``: the bars show each group's share of the weighted cross-entropy (beside plain
    cross-entropy and focal loss); the curves show what retraining the model's bias with that weight does.
    ``n`` and ``seed`` go to ``lb.datasets.focal_data``."""
    y, p = focal_data(n, seed=seed)
    z = np.log(p / (1 - p))  # the model's logits (the sigmoid's inverse)
    masks = focal_groups(y, p)
    bce = lb.binary_cross_entropy_with_logits_grad, lb.binary_cross_entropy_with_logits
    ce_shares = _shares(bce[1](y, z, reduction="none"), masks)
    focal_shares = _shares(lb.focal_with_logits(y, z, reduction="none", **_FOCAL), masks)
    weights = np.geomspace(1.0, 100.0, 25)
    curves = np.array([_retrained(y, z, bce[0], pos_weight=w) for w in weights])
    focal_mean, focal_recall = _retrained(y, z, lb.focal_with_logits_grad, **_FOCAL)
    plot = ClassWeightsPlot(FOCAL_GROUPS, ce_shares, focal_shares, weights, curves[:, 0], curves[:, 1],
                            focal_mean, focal_recall, float(y.mean()))
    controls = {"pos_weight": slider(pos_weight, 1.0, 100.0, 1.0, description="positive-class weight (pos_weight)",
                                     readout_format=".0f")}

    def frame(v, changed):
        w = v["pos_weight"]
        shares = _shares(bce[1](y, z, pos_weight=w, reduction="none"), masks)
        plot.set_shares(shares)
        mean, recall = _retrained(y, z, bce[0], pos_weight=w)
        plot.set_point(w, mean, recall)
        parts = ", ".join(f"{name} {100 * s:.1f}%" for name, s in zip(FOCAL_GROUPS, shares))
        return (f"pos_weight = {w:.0f}: share of the total: {parts}\n"
                f"retrained: mean predicted probability {100 * mean:.1f}% (base rate {100 * y.mean():.1f}%), "
                f"positives caught at 0.5: {100 * recall:.0f}%\n"
                f"focal (gamma 2, alpha 0.25): positives {100 * focal_shares[2]:.1f}% of the total, "
                f"mean probability {100 * focal_mean:.1f}%, caught {100 * focal_recall:.0f}%")

    return Explorer(plot, controls, frame, title="Class weights against focal loss",
                    alt="Left: each group's share of the total loss, plain cross-entropy beside cross-entropy with "
                        "pos_weight and focal loss. Right: after retraining the model's bias, the mean predicted "
                        "probability and the share of positives caught at 0.5, against pos_weight, with focal "
                        "loss's values as flat lines.")
