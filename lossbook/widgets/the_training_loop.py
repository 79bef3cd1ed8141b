"""The training loop, live: a logistic cat-vs-dog classifier trained by gradient descent, learning rate and steps on
sliders, the decision boundary moving and the loss falling."""

from __future__ import annotations

import numpy as np

from ..datasets import two_blobs
from ..models import train_logistic
from ..plots.the_training_loop import TrainingLoopPlot
from ._args import arguments, real, whole
from ._controls import int_slider, slider
from ._explorer import Explorer
from ._registry import register

__all__ = ["training_loop", "LOOP_DATA", "LOOP_START"]

#: The data set and the (bad) starting model of the training-loop lesson.
LOOP_DATA = dict(n=60, seed=1)
LOOP_START = dict(w0=(1.0, -2.0), b0=1.0)


@register
@arguments(lr=real(0.1, 100.0), steps=whole(0, 10_000), max_steps=whole(1, 10_000))
def training_loop(lr=0.5, steps=20, *, max_steps=100):
    """Gradient descent on a two-feature logistic model: slide the learning rate and the number of steps.

    Each learning rate is trained once for ``max_steps`` steps and cached; moving the steps slider only slices that
    run, so every slider step costs a few milliseconds.
    """
    if steps > max_steps:
        raise ValueError(f"steps={steps} is more than max_steps={max_steps}; pick steps from 0 to {max_steps} "
                         "(or raise max_steps)")
    X, y = two_blobs(**LOOP_DATA)
    plot = TrainingLoopPlot(X, y, max_steps, start=(LOOP_START["w0"], LOOP_START["b0"]))
    controls = {
        "lr": slider(lr, 0.1, 100.0, 0.1, description="learning rate", readout_format=".1f"),
        "steps": int_slider(steps, 0, max_steps, description="steps"),
    }
    cache = {}

    def run(lr):
        key = round(lr, 6)
        if key not in cache:
            if len(cache) >= 64:
                cache.clear()
            cache[key] = train_logistic(X, y, lr=key, steps=max_steps, **LOOP_START)
        return cache[key]

    def frame(v, changed):
        history = run(v["lr"])
        k = v["steps"]
        losses = history.loss[: k + 1]
        acc = history.accuracy[k]
        w, b = history.w[k], history.b[k]
        plot.set_state(w, b, losses)
        trend = "highest so far" if k and losses[-1] >= losses[:-1].max() else f"lowest {losses.min():.3f}"
        return (f"learning rate = {v['lr']:.1f}, {k} steps: loss {losses[-1]:.3f} (start {losses[0]:.3f}, {trend}), "
                f"accuracy {acc:.0%}, weights w = ({w[0]:.2f}, {w[1]:.2f}), bias b = {b:.2f}")

    return Explorer(plot, controls, frame, title="The training loop",
                    alt="Left: cats and dogs in the plane with the model's decision boundary. Right: the loss against "
                        "the training step, on a log scale")
