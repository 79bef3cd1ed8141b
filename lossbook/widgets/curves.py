"""Widgets for a loss against the prediction: one loss with its current point, and loss beside its gradient."""

from __future__ import annotations

import numpy as np
from matplotlib.transforms import blended_transform_factory

import lossbook as lb

from ..plots.curves import LossCurvePlot, LossGradPlot
from ._args import arguments, choice, real
from ._controls import dropdown, slider, toggle
from ._explorer import Explorer
from ._registry import register

__all__ = ["loss_curve", "bce_curve", "loss_and_gradient"]

# Regression losses shown by the generic widgets: name -> readable title. Only those present in lossbook are offered.
_REGRESSION = {"mse": "squared error", "mae": "absolute error", "huber": "Huber (delta = 1)"}


def _loss_function(name):
    fn = getattr(lb, name, None)
    if fn is None or not callable(fn):
        raise ValueError(f"lossbook has no loss named {name!r}; choose one of {_available(_REGRESSION)}")
    return fn


def _available(table):
    return [name for name in table if callable(getattr(lb, name, None))]


@register
@arguments(target=real(-2.0, 2.0), prediction=real(-4.0, 4.0))
def loss_curve(loss="mse", target=0.0, prediction=1.5):
    """A regression loss of one prediction against the prediction: move the prediction, the target, switch losses."""
    names = _available(_REGRESSION)
    if loss not in names:
        raise ValueError(f"loss must be one of {names}, got {loss!r}")
    x = np.linspace(-4.0, 4.0, 321)
    plot = LossCurvePlot(x, 0.0 * x, xlabel="prediction ŷ", ylabel="loss", ylim=(0.0, 8.0))
    # The value box sits at the top centre: the curve and the dot reach the top only at the x-axis's ends (a miss of
    # 6), never near ŷ = 0, where the loss is at most that of a miss of 2.
    plot.label.set_position((0.5, 0.95))
    plot.label.set_horizontalalignment("center")
    # The target, where the loss is 0: a dashed black line and its name beside it, halfway up (x in data units, y in
    # axes units). Created once here and moved with the target slider (set_xdata, set_x). The line stops below the
    # value box (a target near 0 would cross it). Halfway up, the curve and the dot are a miss of at least 3 away (the
    # loss there is half the axis: 18.2 for the squared error, 3.0 for the others), well clear of the name.
    marker = blended_transform_factory(plot.ax.transData, plot.ax.transAxes)
    target_line = plot.dynamic(plot.ax.axvline(target, ymax=0.84, color="black", linewidth=1.2,
                                               linestyle=(0, (5, 3)), zorder=2))
    target_name = plot.dynamic(plot.ax.text(target, 0.5, " target y", transform=marker, ha="left", va="center",
                                            fontsize=9, zorder=6,
                                            bbox=dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none")))
    controls = {
        "y_hat": slider(prediction, -4.0, 4.0, 0.05, description="prediction ŷ"),
        "y": slider(target, -2.0, 2.0, 0.05, description="target y"),
        "loss": dropdown({_REGRESSION[n]: n for n in names}, loss, description="loss"),
    }

    def frame(v, changed):
        fn = _loss_function(v["loss"])
        if "loss" in changed:
            # Fixed per loss, for the sliders' whole range: the largest miss they allow is 6 (ŷ = 4, y = -2), so the
            # axis reaches the loss of that miss (36 for the squared error, 6 and 5.5 for the others) and no point or
            # curve ever leaves it. Seven ticks for every loss (switching losses creates no artist); the floor sits a
            # little below 0 so that a dot at loss 0 is drawn whole.
            top = float(np.ceil(fn(-2.0, 4.0)))
            plot.ax.set_yticks(np.linspace(0.0, top, 7))
            plot.ax.set_ylim(-0.03 * top, 1.04 * top)
            plot.invalidate()
        if changed & {"y", "loss"}:  # the curve depends on the target and the loss, not on the prediction
            plot.set_curve(x, fn(np.full_like(x, v["y"]), x, reduction="none"))
        if "y" in changed:
            target_line.set_xdata([v["y"], v["y"]])
            target_name.set_x(v["y"])
        value = fn(v["y"], v["y_hat"])
        plot.set_point(v["y_hat"], value, f"loss = {value:.3f}")
        # The readout names the loss as the dropdown does ("squared error"), not by its function name ("mse").
        return f"{_REGRESSION[v['loss']]}: target y = {v['y']:.2f}, prediction = {v['y_hat']:.2f}, loss = {value:.3f}"

    return Explorer(plot, controls, frame, title="A loss against the prediction",
                    alt="The chosen loss as a curve over the prediction, with the target (a dashed line, where the "
                    "loss is 0) and the current prediction marked")


@register
@arguments(p=real(0.01, 0.99), label=choice(0, 1))
def bce_curve(p=0.7, label=1):
    """Binary cross-entropy of one prediction against the predicted probability p, for label 0 or 1."""
    if label not in (0, 1):
        raise ValueError(f"label must be 0 or 1, got {label!r}")
    x = np.linspace(0.001, 0.999, 400)
    plot = LossCurvePlot(x, 0.0 * x, xlabel="predicted probability p of class 1", ylabel="binary cross-entropy",
                         xlim=(0.0, 1.0), ylim=(0.0, 5.0))
    controls = {
        "p": slider(p, 0.01, 0.99, 0.01, description="predicted p"),
        "y": toggle([("label 0", 0), ("label 1", 1)], label, description="true label"),
    }

    def frame(v, changed):
        if "y" in changed:  # the curve depends on the label only
            plot.set_curve(x, lb.binary_cross_entropy(np.full_like(x, v["y"]), x, reduction="none"))
        loss = lb.binary_cross_entropy(v["y"], v["p"])
        grad = lb.binary_cross_entropy_grad(v["y"], v["p"])
        plot.set_point(v["p"], loss, f"loss = {loss:.3f}\nslope = {grad:.3f}")
        return f"label y = {v['y']}, predicted p = {v['p']:.2f}, loss = {loss:.3f}, gradient dL/dp = {grad:.3f}"

    return Explorer(plot, controls, frame, title="Binary cross-entropy",
                    alt="Binary cross-entropy over the predicted probability for the chosen label, current p marked")


@register
@arguments(target=real(-2.0, 2.0), prediction=real(-4.0, 4.0))
def loss_and_gradient(loss="huber", target=0.0, prediction=1.5):
    """A regression loss and its gradient side by side; the tangent at the current prediction has the gradient as slope."""
    names = [n for n in _available(_REGRESSION) if callable(getattr(lb, n + "_grad", None))]
    if loss not in names:
        raise ValueError(f"loss must be one of {names}, got {loss!r}")
    x = np.linspace(-4.0, 4.0, 321)
    plot = LossGradPlot(x, 0.0 * x, 0.0 * x, xlabel="prediction ŷ", ylim=(0.0, 8.0), grad_ylim=(-8.5, 8.5))
    controls = {
        "y_hat": slider(prediction, -4.0, 4.0, 0.05, description="prediction ŷ"),
        "y": slider(target, -2.0, 2.0, 0.05, description="target y"),
        "loss": dropdown({_REGRESSION[n]: n for n in names}, loss, description="loss"),
    }

    def frame(v, changed):
        fn, grad_fn = _loss_function(v["loss"]), _loss_function(v["loss"] + "_grad")
        if changed & {"y", "loss"}:
            y = np.full_like(x, v["y"])
            plot.set_curves(x, fn(y, x, reduction="none"), grad_fn(y, x, reduction="none"))
        value, grad = fn(v["y"], v["y_hat"]), grad_fn(v["y"], v["y_hat"])
        plot.set_point(v["y_hat"], value, grad, f"loss = {value:.3f}", f"gradient = {grad:.3f}")
        return (f"{v['loss']}: target y = {v['y']:.2f}, prediction = {v['y_hat']:.2f}, "
                f"loss = {value:.3f}, gradient = {grad:.3f}")

    return Explorer(plot, controls, frame, title="Loss and gradient",
                    alt="Left: the loss over the prediction with the tangent at the current point. Right: its gradient.")
