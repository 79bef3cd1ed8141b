"""Categorical cross-entropy lesson widget: three logits, their softmax as bars, and the loss of the true class."""

from __future__ import annotations

import numpy as np

import lossbook as lb

from ..plots.categorical_cross_entropy import SoftmaxBarsPlot
from ._args import arguments, choice, real
from ._controls import slider, toggle
from ._explorer import Explorer
from ._registry import register

__all__ = ["softmax_cross_entropy"]

_CLASSES = ("cat", "dog", "bird")
_LN7, _LN2 = float(np.log(7.0)), float(np.log(2.0))  # logits ln 1, ln 7, ln 2 -> probabilities 0.1, 0.7, 0.2


@register
@arguments(cat=real(-5.0, 5.0), dog=real(-5.0, 5.0), bird=real(-5.0, 5.0), true_class=choice("cat", "dog", "bird"))
def softmax_cross_entropy(cat=0.0, dog=_LN7, bird=_LN2, true_class="dog"):
    """Slide the three logits (raw scores); watch softmax turn them into probabilities and the loss follow.

    The defaults are the logits ln 1, ln 7 and ln 2 (the sliders show them as 0.00, 1.95 and 0.69), so the
    probabilities start at the newsletter's 0.1 / 0.7 / 0.2 with the photo a dog.
    """
    if true_class not in _CLASSES:
        raise ValueError(f"true_class must be one of {_CLASSES}, got {true_class!r}")
    plot = SoftmaxBarsPlot(_CLASSES)
    controls = {name: slider(value, -5.0, 5.0, 0.05, description=f"logit for {name}")
                for name, value in zip(_CLASSES, (cat, dog, bird))}
    controls["true_class"] = toggle(list(_CLASSES), true_class, description="the photo is a")

    def frame(v, changed):
        z = np.array([v[name] for name in _CLASSES])
        k = _CLASSES.index(v["true_class"])
        probs = lb.softmax(z)
        loss = lb.sparse_categorical_cross_entropy_with_logits(k, z)
        plot.set_state(probs, k, loss)
        shown = ", ".join(f"{name} {p:.3f}" for name, p in zip(_CLASSES, probs))
        return f"probabilities: {shown}; true class {v['true_class']}: loss = -ln {probs[k]:.3f} = {loss:.3f}"

    return Explorer(plot, controls, frame, title="Softmax and categorical cross-entropy",
                    alt="Left: the softmax probability of each class as a bar, the true class hatched. Right: the "
                        "loss -ln q against the probability q of the true class, with the current q marked.")
