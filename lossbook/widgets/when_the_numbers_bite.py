"""Numerical-stability lesson widget: push a logit towards the extremes, compare naive and stable losses."""

from __future__ import annotations

import math

import numpy as np

import lossbook as lb

from .. import naive
from ..plots.when_the_numbers_bite import StabilityPlot
from ._args import arguments, choice, real
from ._controls import slider, toggle
from ._explorer import Explorer
from ._registry import register

__all__ = ["stability_lab"]


def _num(x) -> str:
    """A loss value for the readout: 3 decimals, or the words inf / nan, never -0.000."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return f"{x + 0.0:.3f}"  # + 0.0 turns -0.0 into 0.0


def _scores(z):
    """Two-class scores [z, 0] for every logit in ``z``: shape (n, 2)."""
    z = np.asarray(z, dtype=float)
    return np.stack([z, np.zeros_like(z)], axis=-1)


@register
@arguments(z=real(-100.0, 100.0), y=choice(0, 1))
def stability_lab(z=20.0, y=0, precision="float64"):
    """Binary and softmax cross-entropy of a logit ``z``, computed naively and stably, side by side.

    ``y`` is the true label (1: the class whose score is ``z``; 0: the other one), ``precision`` the float type the
    naive formulas compute in (lossbook's stable functions always use float64). Naive binary cross-entropy takes
    ``sigmoid(z)`` first and then its logs; naive softmax cross-entropy exponentiates the scores ``[z, 0]`` without
    subtracting the maximum (:mod:`lossbook.naive`).
    """
    if y not in (0, 1):
        raise ValueError(f"y must be 0 or 1, got {y!r}")
    if precision not in naive.DTYPES:
        raise ValueError(f"precision must be one of {naive.DTYPES}, got {precision!r}")
    grid = np.linspace(-100.0, 100.0, 801)
    scores = _scores(grid)
    # Every curve for every label and precision, once: a toggle swaps data, a z step moves markers.
    stable = {yy: (lb.binary_cross_entropy_with_logits(np.full_like(grid, yy), grid, reduction="none"),
                   lb.sparse_categorical_cross_entropy_with_logits(np.full(grid.size, 1 - yy), scores,
                                                                   reduction="none"))
              for yy in (0, 1)}
    naive_curves = {(yy, d): (naive.bce_with_logits(yy, grid, dtype=d), naive.softmax_ce(1 - yy, scores, dtype=d))
                    for yy in (0, 1) for d in naive.DTYPES}
    plot = StabilityPlot(grid)
    controls = {
        "z": slider(z, -100.0, 100.0, 0.5, description="logit z", readout_format=".1f"),
        "y": toggle([("1 (the class scored z)", 1), ("0 (the other class)", 0)], y, description="true label y"),
        "precision": toggle(list(naive.DTYPES), precision, description="naive maths in"),
    }

    def frame(v, changed):
        yy, d, zz = v["y"], v["precision"], v["z"]
        if changed & {"y", "precision"}:
            for panel in (0, 1):
                plot.set_curves(panel, grid, stable[yy][panel], naive_curves[yy, d][panel])
        s_bce = lb.binary_cross_entropy_with_logits(yy, zz)
        s_sce = lb.sparse_categorical_cross_entropy_with_logits([1 - yy], [[zz, 0.0]])
        n_bce = float(naive.bce_with_logits(yy, zz, dtype=d))
        n_sce = float(naive.softmax_ce(1 - yy, [zz, 0.0], dtype=d))
        plot.set_point(0, zz, s_bce, n_bce)
        plot.set_point(1, zz, s_sce, n_sce)
        return (f"z = {zz:.1f}, true label y = {yy}, naive maths in {d}\n"
                f"binary cross-entropy: naive {_num(n_bce)}, stable {_num(s_bce)}\n"
                f"softmax cross-entropy of [z, 0]: naive {_num(n_sce)}, stable {_num(s_sce)}")

    return Explorer(plot, controls, frame, title="Naive or stable: push the logit",
                    alt="Two panels over the logit z from -100 to 100: binary cross-entropy (left) and softmax "
                        "cross-entropy (right), each computed stably (solid) and naively (dashed); crosses along "
                        "the top mark where the naive formula gives inf or nan.")
