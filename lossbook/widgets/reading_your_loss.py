"""Widgets of the lesson "Reading your loss": is this loss good (against a guessing baseline), and the floor that
label noise puts under cross-entropy."""

from __future__ import annotations

import numpy as np

import lossbook as lb

from ..fitting import baselines
from ..plots.reading_your_loss import TASKS, BaselinePlot, NoiseFloorPlot
from ._args import arguments, choice, real, whole
from ._controls import int_slider, slider, toggle
from ._explorer import Explorer
from ._registry import register

__all__ = ["loss_check", "noise_floor"]


def _verdict(task, loss, base, k, variance):
    # The verdict follows the number the learner reads (R² to 2 decimals, the share to whole percent), so the
    # readout can never say "R² = 0.00: better than guessing" when the loss equals the baseline.
    if task == "regression":
        r2 = 1.0 - loss / base
        head = (f"Regression, targets with variance {variance:.2f}: always predicting their mean scores "
                f"MSE = {base:.3f}.")
        score = f"Your MSE {loss:.3f} gives R² = 1 - MSE/variance = {r2:.2f}"
        gain = round(r2, 2)
    else:
        what = ("Two balanced classes: a coin flip (p = 0.5) scores ln 2" if task == "binary"
                else f"{k} classes: a uniform guess (1/{k} each) scores ln {k}")
        head = f"{what} = {base:.3f}."
        score = f"Your loss {loss:.3f} is {loss / base:.0%} of that"
        gain = 100 - round(100 * loss / base)
    if gain > 0:
        tail = ": better than guessing, so the model has learned something. How good is good enough depends on " \
               "the problem: compare with your starting loss and with other models."
    elif gain == 0:
        tail = ": the same as guessing. The model has not learned anything useful yet."
    else:
        tail = ": worse than guessing. A model that learned nothing would score lower."
    return f"{head}\n{score}{tail}"


@register
@arguments(loss=real(0.0, 5.0), task=choice("binary", "classes", "regression"), k=whole(2, 100), variance=real(0.1, 4.0))
def loss_check(loss=0.5, task="binary", k=10, variance=2.0):
    """Is this loss good? Compare a loss value with the guessing baseline of its task."""
    if task not in TASKS:
        raise ValueError(f"task must be one of {list(TASKS)}, got {task!r}")
    ln2 = baselines(2, 1.0)["binary"]  # the two-class baseline never changes: drawn once
    plot = BaselinePlot(xmax=5.0, fixed={"binary": (ln2, f"ln 2 = {ln2:.3f}")})
    controls = {
        "loss": slider(loss, 0.0, 5.0, 0.01, description="your loss"),
        "task": toggle([("two classes", "binary"), ("K classes", "classes"), ("regression", "regression")], task,
                       description="task"),
        "k": int_slider(k, 2, 100, 1, description="K, number of classes"),
        "variance": slider(variance, 0.1, 4.0, 0.05, description="variance of the targets"),
    }
    state = {}

    def frame(v, changed):
        if changed & {"k", "variance"}:  # the baselines depend on K and the variance only
            state["base"] = baselines(v["k"], v["variance"])
            b = state["base"]
            plot.set_baseline("classes", b["classes"], f"ln {v['k']} = {b['classes']:.3f}")
            plot.set_baseline("regression", b["regression"], f"variance = {b['regression']:.2f}")
        b = state["base"]
        base = b[v["task"]]
        plot.set_loss(v["task"], v["loss"])
        verdict = _verdict(v["task"], v["loss"], base, v["k"], v["variance"])
        return (f"{verdict}\nBaselines: two classes {b['binary']:.3f}, {v['k']} classes {b['classes']:.3f}, "
                f"regression {b['regression']:.3f}.")

    return Explorer(plot, controls, frame, title="Is this loss good?",
                    alt="For each task, a bar from 0 to the loss of guessing; your loss is a vertical line, the chosen "
                        "task highlighted")


def _noise_top(highest: float) -> float:
    """The loss axis's top for a curve whose highest point is ``highest``: the next multiple of 0.5 at or above
    1.25 times it. The whole curve (and so the point, which lies on it) stays in view with room above, and a small
    curve is not squashed into the bottom of an axis sized for the largest noise (0.4 reaches 2.76)."""
    return float(np.ceil(1.25 * highest / 0.5) * 0.5)


@register
@arguments(noise=real(0.0, 0.4), confidence=real(0.5, 0.999))
def noise_floor(noise=0.1, confidence=0.9):
    """Binary cross-entropy on labels of which a fraction ``noise`` is flipped, against the confidence a model gives
    the clean label. Its lowest point, at confidence 1 - noise, is the floor no model can go below."""
    q = np.linspace(0.5, 0.999, 400)
    plot = NoiseFloorPlot(q, 0.0 * q, xlabel="confidence: probability given to the clean label",
                          ylabel="average binary cross-entropy", xlim=(0.5, 1.0), ylim=(0.0, 1.0))
    plot.point.set_clip_on(False)  # at confidence 0.999 the point sits on the right edge: drawn whole
    controls = {
        "noise": slider(noise, 0.0, 0.4, 0.01, description="labels flipped", unit="fraction"),
        "confidence": slider(confidence, 0.5, 0.999, 0.001, description="confidence", readout_format=".3f"),
    }
    state = {}

    def frame(v, changed):
        e = v["noise"]
        if "noise" in changed:  # the curve and the floor depend on the noise only
            # A fraction 1 - e of labels agree with the clean label and e disagree: the average loss is the
            # cross-entropy with the soft label 1 - e.
            curve = lb.binary_cross_entropy(np.full_like(q, 1 - e), q, reduction="none")
            plot.set_top(_noise_top(curve.max()))  # the axis follows the noise: the curve fills it, never leaves it
            plot.set_curve(q, curve)
            state["floor"] = lb.binary_cross_entropy(1 - e, 1 - e)
            plot.set_floor(state["floor"])
        loss = lb.binary_cross_entropy(1 - e, v["confidence"])
        plot.set_point(v["confidence"], loss, f"loss = {loss:.3f}\nfloor = {state['floor']:.3f}")
        return (f"{e:.0%} of labels flipped; confidence {v['confidence']:.3f}: average loss = {loss:.3f}.\n"
                f"Floor (the best possible, at confidence {1 - e:.2f}) = {state['floor']:.3f}; "
                f"you are {loss - state['floor']:.3f} above it.")

    return Explorer(plot, controls, frame, title="Why the loss does not reach 0: label noise",
                    alt="Average binary cross-entropy on noisy labels against the confidence in the clean label, "
                        "with the floor as a horizontal line")
