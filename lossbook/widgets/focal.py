"""Widgets of the lesson "Focal loss": how gamma and alpha move the total loss between easy and hard examples."""

from __future__ import annotations

import numpy as np

import lossbook as lb

from ..plots.focal import FocalCurvesPlot, FocalSharesPlot
from ._core import Explorer, register, slider

__all__ = ["focal_shares", "focal_data", "focal_groups", "focal_curves", "GROUPS", "EASY"]

#: An example is "easy" when the model gives its true class a probability p_t above this.
EASY = 0.9
#: The three groups of the lesson, in the order of ``focal_groups``.
GROUPS = ("easy negatives", "hard negatives", "positives")


def focal_data(n: int = 10_000, *, positive_rate: float = 0.01, seed: int = 0):
    """A seeded, imbalanced detection problem: labels ``y`` (0/1 floats) and a trained model's probabilities ``p``.

    Exactly ``round(n * positive_rate)`` examples are positives (objects), shuffled among the negatives
    (background). The model has learned the basics: its logits are normal around -3.2 (spread 0.7) for negatives,
    so most negatives are easy, and around 0 (spread 1.5) for positives, so most positives are still hard.

    >>> y, p = focal_data(n=1000, seed=0)
    >>> int(y.sum()), bool(((p > 0) & (p < 1)).all())
    (10, True)
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be an integer of at least 2, got {n!r}")
    if not 0.0 < positive_rate < 1.0:
        raise ValueError(f"positive_rate must be a fraction between 0 and 1 (0.01 is 1%), got {positive_rate!r}")
    rng = np.random.default_rng(seed)
    y = np.zeros(n)
    y[: max(1, round(n * positive_rate))] = 1.0
    rng.shuffle(y)
    logits = np.where(y == 1.0, rng.normal(0.0, 1.5, n), rng.normal(-3.2, 0.7, n))
    return y, lb.sigmoid(logits)


def focal_groups(y, p):
    """Boolean masks of the lesson's three groups, in the order of ``GROUPS``: easy negatives (``p_t > 0.9``),
    the other negatives, and all positives."""
    y = np.asarray(y)
    p_t = np.where(y == 1, p, 1 - p)
    negative = y == 0
    return negative & (p_t > EASY), negative & (p_t <= EASY), ~negative


def _shares(values, masks):
    total = float(values.sum())
    return np.array([values[m].sum() / total for m in masks]), total


def focal_curves(gammas=(0.0, 0.5, 1.0, 2.0, 5.0)):
    """The static figure: ``lb.focal`` of one positive example against ``p_t`` (no alpha) for several gammas."""
    pt = np.linspace(0.005, 1.0, 400)
    ones = np.ones_like(pt)
    return FocalCurvesPlot(pt, {g: lb.focal(ones, pt, alpha=None, gamma=g, reduction="none") for g in gammas})


@register
def focal_shares(gamma=2.0, alpha=0.25, n=10_000, seed=0):
    """Who pays in an imbalanced data set: slide gamma and alpha; bars show each group's share of the total loss."""
    y, p = focal_data(n, seed=seed)
    masks = focal_groups(y, p)
    bce = lb.binary_cross_entropy(y, p, reduction="none")
    bce_shares, bce_total = _shares(bce, masks)
    pt = np.linspace(0.005, 1.0, 300)
    ones, zeros = np.ones_like(pt), np.zeros_like(pt)
    plot = FocalSharesPlot(pt, lb.binary_cross_entropy(ones, pt, reduction="none"), GROUPS, bce_shares)
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
        parts = ", ".join(f"{name} ({c}) {100 * s:.1f}%" for name, c, s in zip(GROUPS, counts, shares))
        return (f"gamma = {g:.1f}, alpha = {a:.2f}: total focal loss = {total:.2f} "
                f"(cross-entropy total {bce_total:.2f})\nshare of the total: {parts}\n"
                f"with cross-entropy: " + ", ".join(f"{name} {100 * s:.1f}%" for name, s in zip(GROUPS, bce_shares)))

    return Explorer(plot, controls, frame, title="Focal loss: who pays?",
                    alt="Left: focal loss of one example against p_t, for a positive and a negative, with "
                        "cross-entropy for reference. Right: each group's share of the total loss, cross-entropy "
                        "beside focal loss.")
