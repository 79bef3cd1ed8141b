"""MSE against cross-entropy for one example, as a function of its logit: both losses and both slopes side by side."""

from __future__ import annotations

import numpy as np

import lossbook as lb

from ..fitting import logit_losses
from ..plots.why_not_mse_for_classification import LogitLossesPlot
from ._args import arguments, choice, real
from ._controls import slider, toggle
from ._explorer import Explorer
from ._registry import register

__all__ = ["mse_vs_ce_logit"]


@register
@arguments(z=real(-8.0, 8.0), label=choice(0, 1))
def mse_vs_ce_logit(z=-6.0, label=1):
    """One photo's logit z on a slider, its label on a toggle: MSE and cross-entropy, and their slopes dL/dz."""
    if label not in (0, 1):
        raise ValueError(f"label must be 0 (dog) or 1 (cat), got {label!r}")
    grid = np.linspace(-8.0, 8.0, 321)
    plot = LogitLossesPlot(grid)
    controls = {
        "z": slider(z, -8.0, 8.0, 0.1, description="logit z"),
        "y": toggle([("dog (0)", 0), ("cat (1)", 1)], label, description="true label"),
    }

    def frame(v, changed):
        if "y" in changed:  # the four curves depend on the label only
            plot.set_label(grid, *logit_losses(v["y"], grid))
        m, c, gm, gc = (float(a) for a in logit_losses(v["y"], v["z"]))
        p = float(lb.sigmoid(v["z"]))
        plot.set_point(v["z"], (m, c), (gm, gc))
        animal = "cat" if v["y"] == 1 else "dog"
        return (f"a {animal} (y = {v['y']}), logit z = {v['z']:.1f}, p = {p:.3f}: MSE = {m:.3f}, "
                f"cross-entropy = {c:.3f}; slope dL/dz: MSE {gm:.4f}, cross-entropy {gc:.4f}")

    return Explorer(plot, controls, frame, title="MSE or cross-entropy, by the logit",
                    alt="Left: MSE and cross-entropy of one example against its logit. Right: their slopes, with the "
                        "current logit marked on all four curves")
