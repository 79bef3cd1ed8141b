"""Binary cross-entropy lesson widget: a cat-or-dog photo, a predicted probability, the loss and its slope."""

from __future__ import annotations

import numpy as np

import lossbook as lb

from ..plots.binary_cross_entropy import BceSlopePlot
from ._args import arguments, choice, real
from ._controls import slider, toggle
from ._explorer import Explorer
from ._registry import register

__all__ = ["bce_cat_dog"]

_LABELS = {"cat": 1, "dog": 0}


@register
@arguments(p=real(0.01, 0.99), label=choice("cat", "dog"))
def bce_cat_dog(p=0.8, label="cat"):
    """Binary cross-entropy (left) and its gradient dL/dp (right) for one photo: slide p, toggle cat or dog.

    ``p`` is the model's probability that the photo is a cat; ``label`` is what the photo really is. The tangent on
    the left has the gradient as its slope (for a cat, -1/p; for a dog, 1/(1-p)).
    """
    if label not in _LABELS:
        raise ValueError(f"label must be 'cat' or 'dog', got {label!r}")
    x = np.linspace(0.005, 0.995, 397)
    # Both curves for both labels, computed once: a label toggle swaps data, a p step moves one point.
    curves = {y: (lb.binary_cross_entropy(np.full_like(x, y), x, reduction="none"),
                  lb.binary_cross_entropy_grad(np.full_like(x, y), x, reduction="none")) for y in (0, 1)}
    # The gradient axis is symlog and spans +-200, so the marker stays on the curve for every p of the slider.
    plot = BceSlopePlot(x, *curves[_LABELS[label]])
    controls = {
        "p": slider(p, 0.01, 0.99, 0.01, description="predicted probability of cat, p"),
        "label": toggle([("cat (y = 1)", "cat"), ("dog (y = 0)", "dog")], label, description="the photo is a"),
    }

    def frame(v, changed):
        y = _LABELS[v["label"]]
        if "label" in changed:
            plot.set_curves(x, *curves[y])
        loss = lb.binary_cross_entropy(y, v["p"])
        grad = lb.binary_cross_entropy_grad(y, v["p"])
        plot.set_point(v["p"], loss, grad, f"loss = {loss:.3f}", f"slope = {grad:.3f}")
        rule = f"-1/p = -1/{v['p']:.2f}" if y == 1 else f"1/(1-p) = 1/{1 - v['p']:.2f}"
        return (f"{v['label']} (y = {y}), p = {v['p']:.2f}: loss = {loss:.3f}, "
                f"gradient dL/dp = {grad:.3f} ({rule})")

    return Explorer(plot, controls, frame, title="Binary cross-entropy and its slope",
                    alt="Left: the binary cross-entropy over the predicted probability of cat, with the tangent at "
                        "the current p. Right: the gradient, the slope of that tangent.")
