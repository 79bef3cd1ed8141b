"""Widgets of the lesson "Sparse categorical cross-entropy": label smoothing, its targets and its loss."""

from __future__ import annotations

import math

import numpy as np

import lossbook as lb

from ..fitting import best_gap, smoothed_target
from ..plots.sparse_categorical_cross_entropy import SmoothingPlot
from ._args import arguments, real, whole
from ._controls import slider
from ._explorer import Explorer
from ._registry import register

__all__ = ["label_smoothing"]


def _gap_logits(gaps, n_classes, true_class):
    """Logits with ``gap`` on the true class and 0 elsewhere: one row per gap."""
    logits = np.zeros((np.size(gaps), n_classes))
    logits[:, true_class] = gaps
    return logits


@register
@arguments(label_smoothing=real(0.0, 0.5), gap=real(0.0, 12.0), true_class=whole(0, 999), n_classes=whole(2, 1000))
def label_smoothing(label_smoothing=0.1, gap=3.0, true_class=7, n_classes=10):
    """Label smoothing on one digit: slide the smoothing and the model's confidence; watch targets and loss."""
    if true_class >= n_classes:
        raise ValueError(f"true_class={true_class} does not exist with n_classes={n_classes}: classes are numbered "
                         f"0 to {n_classes - 1}; pick true_class from 0 to {n_classes - 1} (or raise n_classes)")
    gaps = np.linspace(0.0, 12.0, 241)
    logits = _gap_logits(gaps, n_classes, true_class)
    labels = np.full(gaps.size, true_class)
    plot = SmoothingPlot(n_classes, true_class, gaps)
    plot.set_reference(gaps, lb.sparse_categorical_cross_entropy_with_logits(labels, logits, reduction="none"))
    controls = {
        "eps": slider(label_smoothing, 0.0, 0.5, 0.01, description="label smoothing ε"),
        "gap": slider(gap, 0.0, 12.0, 0.1, description="confidence (logit gap)", readout_format=".1f"),
    }
    state = {}

    def frame(v, changed):
        eps = v["eps"]
        if "eps" in changed:  # targets, curve and minimum depend on the smoothing only
            state["target"] = smoothed_target(true_class, n_classes, eps)
            state["best"] = best_gap(n_classes, eps)
            plot.set_target(state["target"])
            curve = lb.sparse_categorical_cross_entropy_with_logits(labels, logits, label_smoothing=eps,
                                                                    reduction="none")
            plot.set_curve(gaps, curve, state["best"] if state["best"] <= gaps[-1] else None)
        row = _gap_logits(v["gap"], n_classes, true_class)[0]
        p = lb.softmax(row)
        loss = lb.sparse_categorical_cross_entropy_with_logits(true_class, row, label_smoothing=eps)
        plot.set_model(v["gap"], p, loss)
        t = state["target"]
        best = state["best"]
        where = ("no smoothing: the loss keeps falling as the gap grows" if not math.isfinite(best)
                 else f"lowest loss at gap {best:.2f}, where p(true) = {t[true_class]:.3f}")
        return (f"label smoothing = {eps:.2f}: target {t[true_class]:.3f} for the true digit, "
                f"{t[(true_class + 1) % n_classes]:.3f} for each other digit\n"
                f"logit gap = {v['gap']:.1f}: p(true) = {p[true_class]:.3f}, loss = {loss:.3f}\n{where}")

    return Explorer(plot, controls, frame, title="Label smoothing",
                    alt="Left: the smoothed target of each digit as bars and the model's probabilities as diamonds. "
                        "Right: the loss against the model's confidence, with its lowest point marked.")
