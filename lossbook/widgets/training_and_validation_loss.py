"""Widgets of the lesson "Training loss against validation loss": a polynomial trained step by step on 12 points and
checked on 200 others; slide the step, the degree (capacity) and full-batch against mini-batch training."""

from __future__ import annotations

import numpy as np

from ..datasets import WAVY_NOISE, wavy_data
from ..fitting import fit_polynomial, predict_polynomial, train_polynomial
from ..losses import mse
from ..plots.training_and_validation_loss import CapacityPlot, TrainValPlot
from ._controls import int_slider, toggle
from ._explorer import Explorer
from ._registry import register

__all__ = ["train_val_curves", "capacity_curves", "BATCH_MODES"]

#: The batch choices of ``train_val_curves``: label -> batch size (``None``: every training point at each step).
BATCH_MODES = {"full batch": None, "mini-batches of 4": 4}


def _whole(value, name, low, high):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    return int(value)


def capacity_curves(max_degree=10, *, seed=0):
    """The static figure: training and validation MSE of the best-fitting (least-squares) polynomial of each degree
    from 0 to ``max_degree`` on ``wavy_data(seed=seed)``."""
    max_degree = _whole(max_degree, "max_degree", 1, 10)
    d = wavy_data(seed=seed)
    degrees = np.arange(max_degree + 1)
    weights = [fit_polynomial(d.x_train, d.y_train, k) for k in degrees]
    train = np.array([mse(d.y_train, predict_polynomial(w, d.x_train)) for w in weights])
    val = np.array([mse(d.y_val, predict_polynomial(w, d.x_val)) for w in weights])
    return CapacityPlot(degrees, train, val, noise_floor=WAVY_NOISE**2)


@register
def train_val_curves(steps=3000, degree=9, batch="full batch", *, max_steps=3000, lr=0.05, seed=0):
    """Both loss curves while a polynomial trains: slide the step, the degree and the batch size."""
    max_steps = _whole(max_steps, "max_steps", 10, 20_000)
    steps = _whole(steps, "steps", 0, max_steps)
    degree = _whole(degree, "degree", 1, 10)
    if batch not in BATCH_MODES:
        raise ValueError(f"batch must be one of {list(BATCH_MODES)}, got {batch!r}")
    # checked here, before any control exists, as train_polynomial checks it (it runs only at the first frame)
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.integer, np.floating)) or not 0 < lr < np.inf:
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    d = wavy_data(seed=seed)
    grid = np.linspace(-1.0, 1.0, 201)
    plot = TrainValPlot(d.x_train, d.y_train, d.x_val, d.y_val, max_steps=max_steps, noise_floor=WAVY_NOISE**2)
    controls = {
        "steps": int_slider(steps, 0, max_steps, 10, description="training steps"),
        "degree": int_slider(degree, 1, 10, description="degree (capacity)"),
        "batch": toggle(list(BATCH_MODES), batch, description="each step uses"),
    }
    runs = {}

    def frame(v, changed):
        key = (v["degree"], v["batch"])
        if key not in runs:  # one training run per (degree, batch); moving `steps` only slices it
            c = train_polynomial(d, v["degree"], lr=lr, steps=max_steps, batch_size=BATCH_MODES[v["batch"]],
                                 seed=seed)
            runs[key] = (c, np.minimum.accumulate(c.val))
        c, lowest = runs[key]
        k = v["steps"]
        best = int(np.argmin(c.val[: k + 1]))
        mini = BATCH_MODES[v["batch"]] is not None
        plot.set_state(grid, predict_polynomial(c.weights[k], grid), c.train[: k + 1], c.val[: k + 1],
                       best=(best, lowest[k]), batch=c.batch[: k + 1] if mini else None)
        gap = c.val[k] - c.train[k]
        text = (f"degree {v['degree']}, {v['batch']}, step {k}: training MSE {c.train[k]:.3f}, "
                f"validation MSE {c.val[k]:.3f} (gap {gap:.3f}).\n"
                f"Lowest validation MSE so far: {lowest[k]:.3f} at step {best}")
        text += "." if best == k else f"; early stopping would keep the model of step {best}."
        if mini:
            text += f"\nThis step's mini-batch MSE: {c.batch[k]:.3f}."
        return text

    return Explorer(plot, controls, frame, title="Training loss against validation loss",
                    alt="Left: 12 training points, 200 validation points and the polynomial after the chosen number "
                        "of steps. Right: training and validation MSE against the step on a log scale, the lowest "
                        "validation loss marked with a star.")
