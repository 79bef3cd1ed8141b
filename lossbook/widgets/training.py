"""Training curves: run N steps of an update rule and watch the loss; learning rate and steps on sliders.

The training itself (``run_training``, the update ``RULES``) and the default problem (``toy_line``, ``line_mse``)
live in the numeric layer, ``lossbook.fitting`` and ``lossbook.datasets``."""

from __future__ import annotations

import numpy as np

from ..datasets import toy_line
from ..fitting import RULES, line_mse, line_mse_grad, run_training
from ..plots.training import TrainingCurvePlot
from ._args import arguments, real, whole
from ._controls import dropdown, int_slider, slider
from ._explorer import Explorer
from ._registry import register

__all__ = ["training_curve"]

_LR_MAX = 1.5  # the learning-rate slider's top

def _number(value):
    """Three decimals for ordinary losses; three significant digits once a diverging run makes them huge."""
    return f"{value:.3f}" if abs(value) < 1e4 else f"{value:.3g}"


def _summary(losses):
    """The readout's sentence and the figure's short label (lines short enough for the corner box)."""
    finite = np.isfinite(losses)
    start = f"loss from {_number(losses[0])}"
    if not finite.all():
        step = int(np.argmin(finite))
        return f"{start}, diverged at step {step}", f"{start}\ndiverged at step {step}"
    end = f"to {_number(losses[-1])}"
    if losses[-1] > losses[0]:
        return f"{start} {end} (rising: the steps overshoot)", f"{start}\n{end}\nrising: steps overshoot"
    return f"{start} {end}", f"{start}\n{end}"


@register
@arguments(lr=real(0.01, 1.5), steps=whole(1, 10_000), max_steps=whole(1, 10_000))
def training_curve(lr=0.3, steps=30, rule="gradient descent", *, loss_fn=None, grad_fn=None, params0=(0.0, 0.5),
                   max_steps=100, ylim=None):
    """Train by an update rule and plot the loss per step. Defaults: a line fitted by MSE to a small data set.

    Pass ``loss_fn(params) -> float``, ``grad_fn(params) -> array`` and ``params0`` to train something else.
    """
    if rule not in RULES:
        raise ValueError(f"rule must be one of {list(RULES)}, got {rule!r}")
    if (loss_fn is None) != (grad_fn is None):
        raise ValueError("pass both loss_fn and grad_fn, or neither (for the built-in line-fitting problem)")
    default_problem = loss_fn is None
    if loss_fn is None:
        x, y = toy_line()
        loss_fn, grad_fn = (lambda p: line_mse(p, x, y)), (lambda p: line_mse_grad(p, x, y))
    if steps > max_steps:
        raise ValueError(f"steps={steps} is more than max_steps={max_steps}; pick steps from 1 to {max_steps} "
                         "(or raise max_steps)")
    if isinstance(params0, (str, bytes)) or np.ndim(params0) != 1 or not all(
            isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) and np.isfinite(v)
            for v in params0):
        raise TypeError(f"params0 must be a list of finite numbers, the starting parameters, got {params0!r}; "
                        "for example params0=(0.0, 0.5)")
    if default_problem and len(params0) != 2:
        raise ValueError(f"params0 must hold 2 numbers for the built-in line (slope, intercept), got {params0!r}; "
                         "for example params0=(0.0, 0.5)")
    if ylim is not None and not (np.shape(ylim) == (2,) and 0 < ylim[0] < ylim[1] < np.inf):
        raise ValueError(f"ylim must be None or (low, high) with 0 < low < high (the loss axis is logarithmic), "
                         f"got {ylim!r}")
    start = float(loss_fn(np.asarray(params0, dtype=float)))
    if ylim is None:  # room for the starting run and the slider's largest learning rate: a divergence stays in view
        runs = [run_training(loss_fn, grad_fn, params0, lr=rate, steps=max_steps, update=RULES[rule])
                for rate in (lr, _LR_MAX)]
        top = max([start] + [v for losses in runs for v in losses if np.isfinite(v)])
        ylim = (1e-3 * start, 10.0 * top) if start > 0 else (1e-3, 10.0 * max(top, 1.0))
    plot = TrainingCurvePlot(max_steps, ylim=ylim, title="")
    controls = {
        "lr": slider(lr, 0.01, _LR_MAX, 0.01, description="learning rate"),
        "steps": int_slider(steps, 1, max_steps, description="steps"),
        "rule": dropdown(list(RULES), rule, description="update rule"),
    }
    cache = {}

    def frame(v, changed):
        key = (v["lr"], v["rule"])
        if key not in cache:  # a change of `steps` alone reuses the full-length run: no recomputation
            cache.clear()
            cache[key] = run_training(loss_fn, grad_fn, params0, lr=v["lr"], steps=max_steps, update=RULES[v["rule"]])
        losses = cache[key][: v["steps"] + 1]
        summary, label = _summary(losses)
        plot.set_curve(losses, label)
        return f"{v['rule']}, learning rate = {v['lr']:.2f}, {v['steps']} steps: {summary}"

    return Explorer(plot, controls, frame, title="Training curve",
                    alt="Loss against training step on a log scale for the chosen learning rate and rule")
