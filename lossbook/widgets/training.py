"""Training curves: run N steps of an update rule and watch the loss; learning rate and steps on sliders."""

from __future__ import annotations

import numpy as np

from ..plots.training import TrainingCurvePlot
from . import _toy
from ._core import Explorer, dropdown, int_slider, register, slider

__all__ = ["RULES", "run_training", "training_curve"]

# The loss value beyond which a run counts as diverged (and stops, before anything overflows).
DIVERGED = 1e12


def _gradient_descent(params, grad, lr, state):
    return params - lr * grad, state


def _momentum(params, grad, lr, state):
    velocity = 0.9 * (0.0 if state is None else state) + grad
    return params - lr * velocity, velocity


# name -> update(params, grad, lr, state) -> (new params, new state); state starts as None.
RULES = {"gradient descent": _gradient_descent, "momentum 0.9": _momentum}


def run_training(loss_fn, grad_fn, params0, *, lr, steps, update=_gradient_descent):
    """Run ``steps`` updates from ``params0``; return the losses at steps 0..steps (``inf`` after a divergence).

    ``update(params, grad, lr, state) -> (params, state)`` is the rule (see ``RULES``). A run whose loss exceeds
    ``DIVERGED`` or whose parameters stop being finite is stopped there; the remaining entries are ``inf``.
    """
    if not (isinstance(lr, (int, float)) and lr > 0 and np.isfinite(lr)):
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    params = np.array(params0, dtype=float)
    losses = np.full(steps + 1, np.inf)
    state = None
    for k in range(steps + 1):
        value = float(loss_fn(params))
        if not np.isfinite(value) or value > DIVERGED:
            break
        losses[k] = value
        if k == steps:
            break
        with np.errstate(over="ignore", invalid="ignore"):
            params, state = update(params, np.asarray(grad_fn(params), dtype=float), lr, state)
        if not np.all(np.isfinite(params)):
            break
    return losses


def _summary(losses):
    finite = np.isfinite(losses)
    if finite.all():
        return f"loss from {losses[0]:.3f} to {losses[-1]:.3f}"
    return f"loss from {losses[0]:.3f}, diverged at step {int(np.argmin(finite))}"


@register
def training_curve(lr=0.3, steps=30, rule="gradient descent", *, loss_fn=None, grad_fn=None, params0=(0.0, 0.5),
                   max_steps=100, ylim=None):
    """Train by an update rule and plot the loss per step. Defaults: a line fitted by MSE to a small data set.

    Pass ``loss_fn(params) -> float``, ``grad_fn(params) -> array`` and ``params0`` to train something else.
    """
    if rule not in RULES:
        raise ValueError(f"rule must be one of {list(RULES)}, got {rule!r}")
    if (loss_fn is None) != (grad_fn is None):
        raise ValueError("pass both loss_fn and grad_fn, or neither (for the built-in line-fitting problem)")
    if loss_fn is None:
        loss_fn, grad_fn = _toy.loss, _toy.grad
    start = float(loss_fn(np.asarray(params0, dtype=float)))
    if ylim is None:
        ylim = (1e-3 * start, 10.0 * start) if start > 0 else (1e-3, 10.0)
    plot = TrainingCurvePlot(max_steps, ylim=ylim, title="")
    controls = {
        "lr": slider(lr, 0.01, 1.5, 0.01, description="learning rate"),
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
        summary = _summary(losses)
        plot.set_curve(losses, summary.replace(", ", "\n"))
        return f"{v['rule']}, learning rate = {v['lr']:.2f}, {v['steps']} steps: {summary}"

    return Explorer(plot, controls, frame, title="Training curve",
                    alt="Loss against training step on a log scale for the chosen learning rate and rule")
