"""The loss landscape of a two-parameter model: the surface is computed once, the sliders move a marker."""

from __future__ import annotations

import numpy as np

from ..datasets import toy_line
from ..fitting import line_mse, line_mse_grad, line_mse_grid
from ..plots.landscape import LandscapePlot
from ._args import arguments, real
from ._controls import slider
from ._explorer import Explorer
from ._registry import register

__all__ = ["loss_landscape"]


@register
@arguments(w=real(-1.0, 4.0), b=real(-2.5, 1.5))
def loss_landscape(w=0.0, b=0.5):
    """MSE of the line ``y = w*x + b`` on a small data set, over (w, b). Slide w and b; the gradient is in the readout."""
    x, y = toy_line()
    ws = np.linspace(-1.0, 4.0, 101)
    bs = np.linspace(-2.5, 1.5, 81)
    plot = LandscapePlot(ws, bs, line_mse_grid(ws, bs, x, y), xlabel="slope w", ylabel="intercept b", log=True)
    controls = {
        "w": slider(w, -1.0, 4.0, 0.05, description="slope w"),
        "b": slider(b, -2.5, 1.5, 0.05, description="intercept b"),
    }

    def frame(v, changed):
        params = (v["w"], v["b"])
        value, (gw, gb) = line_mse(params, x, y), line_mse_grad(params, x, y)
        plot.set_point(v["w"], v["b"], f"MSE = {value:.3f}")
        return f"w = {v['w']:.2f}, b = {v['b']:.2f}, MSE = {value:.3f}, gradient dL/dw = {gw:.3f}, dL/db = {gb:.3f}"

    return Explorer(plot, controls, frame, title="Loss landscape",
                    alt="Heat map of the mean squared error over slope and intercept, with the current parameters marked")
