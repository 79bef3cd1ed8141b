"""Widgets of the lesson "Focal loss": how gamma and alpha move the total loss between easy and hard examples."""

from __future__ import annotations

import numpy as np

import lossbook as lb

from ..datasets import FOCAL_GROUPS, focal_data, focal_groups
from ..plots.focal_loss import FocalCurvesPlot, FocalSharesPlot
from ._args import _is_real, arguments, real, seed, whole
from ._controls import slider
from ._explorer import Explorer
from ._registry import register

__all__ = ["focal_shares", "focal_curves"]


def _shares(values, masks):
    total = float(values.sum())
    return np.array([values[m].sum() / total for m in masks]), total


_MAX_CURVES = 7  # the line styles that stay distinguishable (the eighth repeats the first)


def _gamma_list(value, name, default):
    """1 to 7 gammas, each a number from 0 to 10: a learner edits this tuple in a "Try this" cell."""
    example = f"for example {name}=(0.0, 1.0, 2.0)"
    if _is_real(value):
        value = (value,)
    try:
        if isinstance(value, (str, bytes)):
            raise TypeError
        gammas = tuple(value)
    except TypeError:
        raise TypeError(f"{name} must be a tuple of numbers, got {value!r}; {example}") from None
    if not 1 <= len(gammas) <= _MAX_CURVES:
        raise ValueError(f"{name} must hold 1 to {_MAX_CURVES} gammas (one curve each), got {len(gammas)}; {example}")
    for g in gammas:
        if not _is_real(g):
            raise TypeError(f"each of {name} must be a number from 0 to 10, got {g!r}; {example}")
        if not 0.0 <= float(g) <= 10.0:  # also refuses nan
            raise ValueError(f"each of {name} must be a number from 0 to 10, got {g!r}; {example}")
    return tuple(float(g) for g in gammas)


@arguments(gammas=_gamma_list)
def focal_curves(gammas=(0.0, 0.5, 1.0, 2.0, 5.0)):
    """The static figure: ``lb.focal`` of one positive example against ``p_t`` (no alpha) for several gammas."""
    pt = np.linspace(0.005, 1.0, 400)
    ones = np.ones_like(pt)
    return FocalCurvesPlot(pt, {g: lb.focal(ones, pt, alpha=None, gamma=g, reduction="none") for g in gammas})


@register
@arguments(gamma=real(0.0, 5.0), alpha=real(0.0, 1.0), n=whole(1000, 1_000_000), seed=seed())
def focal_shares(gamma=2.0, alpha=0.25, n=10_000, seed=0):
    """Who pays in an imbalanced data set: slide gamma and alpha; bars show each group's share of the total loss."""
    y, p = focal_data(n, seed=seed)
    masks = focal_groups(y, p)
    bce = lb.binary_cross_entropy(y, p, reduction="none")
    bce_shares, bce_total = _shares(bce, masks)
    pt = np.linspace(0.005, 1.0, 300)
    ones, zeros = np.ones_like(pt), np.zeros_like(pt)
    plot = FocalSharesPlot(pt, lb.binary_cross_entropy(ones, pt, reduction="none"), FOCAL_GROUPS, bce_shares)
    controls = {
        "gamma": slider(gamma, 0.0, 5.0, 0.1, description="focusing γ (gamma)", readout_format=".1f"),
        "alpha": slider(alpha, 0.0, 1.0, 0.05, description="positive-class weight α (alpha)"),
    }
    counts = [int(m.sum()) for m in masks]

    def frame(v, changed):
        g, a = v["gamma"], v["alpha"]
        # one positive at p = p_t, one negative at p = 1 - p_t: the same p_t, weighted by alpha and 1 - alpha
        plot.set_curves(pt, lb.focal(ones, pt, alpha=a, gamma=g, reduction="none"),
                        lb.focal(zeros, 1.0 - pt, alpha=a, gamma=g, reduction="none"))
        values = lb.focal(y, p, alpha=a, gamma=g, reduction="none")
        shares, total = _shares(values, masks) if values.sum() > 0 else (np.zeros(3), 0.0)
        plot.set_shares(shares)
        parts = ", ".join(f"{name} ({c}) {100 * s:.1f}%" for name, c, s in zip(FOCAL_GROUPS, counts, shares))
        return (f"gamma = {g:.1f}, alpha = {a:.2f}: total focal loss = {total:.2f} "
                f"(cross-entropy total {bce_total:.2f})\nshare of the total: {parts}\n"
                f"with cross-entropy: " + ", ".join(f"{name} {100 * s:.1f}%" for name, s in zip(FOCAL_GROUPS, bce_shares)))

    return Explorer(plot, controls, frame, title="Focal loss: who pays?",
                    alt="Left: focal loss of one example against p_t, for a positive and a negative, with "
                        "cross-entropy for reference. Right: each group's share of the total loss, cross-entropy "
                        "beside focal loss.")
