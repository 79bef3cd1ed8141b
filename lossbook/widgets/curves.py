"""Widgets for a loss against the prediction: one loss with its current point, and loss beside its gradient."""

from __future__ import annotations

import numpy as np

import lossbook as lb

from ..plots.curves import LossCurvePlot
from ._core import Explorer, dropdown, register, slider

__all__ = ["loss_curve"]

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
def loss_curve(loss="mse", target=0.0, prediction=1.5):
    """A regression loss of one prediction against the prediction: move the prediction, the target, switch losses."""
    names = _available(_REGRESSION)
    if loss not in names:
        raise ValueError(f"loss must be one of {names}, got {loss!r}")
    x = np.linspace(-4.0, 4.0, 321)
    plot = LossCurvePlot(x, 0.0 * x, xlabel="prediction ŷ", ylabel="loss", ylim=(0.0, 8.0))
    controls = {
        "y_hat": slider(prediction, -4.0, 4.0, 0.05, description="prediction ŷ"),
        "y": slider(target, -2.0, 2.0, 0.05, description="target y"),
        "loss": dropdown({_REGRESSION[n]: n for n in names}, loss, description="loss"),
    }

    def frame(v, changed):
        fn = _loss_function(v["loss"])
        if changed & {"y", "loss"}:  # the curve depends on the target and the loss, not on the prediction
            plot.set_curve(x, fn(np.full_like(x, v["y"]), x, reduction="none"))
        value = fn(v["y"], v["y_hat"])
        plot.set_point(v["y_hat"], value, f"loss = {value:.3f}")
        return f"{v['loss']}: target y = {v['y']:.2f}, prediction = {v['y_hat']:.2f}, loss = {value:.3f}"

    return Explorer(plot, controls, frame, title="A loss against the prediction",
                    alt="The chosen loss as a curve over the prediction, with the current prediction marked")
