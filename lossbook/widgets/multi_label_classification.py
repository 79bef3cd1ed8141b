"""Widgets of the lesson "Multi-label classification": a softmax beside one sigmoid per class, on a photo that may
show several animals."""

from __future__ import annotations

import numbers

import numpy as np

import lossbook as lb

from ..plots.multi_label_classification import SoftmaxOrSigmoidsPlot
from ._controls import dropdown, slider
from ._explorer import Explorer
from ._registry import register

__all__ = ["softmax_or_sigmoids", "ANIMALS", "PHOTOS"]

ANIMALS = ("cat", "dog", "bird")
#: what a photo shows -> its multi-hot labels over ANIMALS
PHOTOS = {
    "a cat": (1.0, 0.0, 0.0),
    "a dog": (0.0, 1.0, 0.0),
    "a cat and a dog": (1.0, 1.0, 0.0),
    "a cat, a dog and a bird": (1.0, 1.0, 1.0),
}
LOGIT_RANGE = (-6.0, 6.0)


@register
def softmax_or_sigmoids(cat=3.0, dog=3.0, bird=-2.0, photo="a cat and a dog"):
    """Slide the three logits: a softmax turns them into probabilities that compete (they sum to 1), one sigmoid per
    class into independent yes/no probabilities. The readout gives each head's loss on the photo's labels."""
    for name, value in (("cat", cat), ("dog", dog), ("bird", bird)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not (
                LOGIT_RANGE[0] <= value <= LOGIT_RANGE[1]):
            raise ValueError(f"{name} is a logit from {LOGIT_RANGE[0]:g} to {LOGIT_RANGE[1]:g}, got {value!r}")
    if photo not in PHOTOS:
        raise ValueError(f"photo must be one of {list(PHOTOS)}, got {photo!r}")
    plot = SoftmaxOrSigmoidsPlot(ANIMALS)
    controls = {name: slider(float(value), *LOGIT_RANGE, 0.1, description=f"logit of {name}", readout_format=".1f")
                for name, value in (("cat", cat), ("dog", dog), ("bird", bird))}
    controls["photo"] = dropdown(list(PHOTOS), photo, description="the photo shows")

    def frame(v, changed):
        z = np.array([v[name] for name in ANIMALS])
        labels = np.array(PHOTOS[v["photo"]])
        split = labels / labels.sum()  # the only target a softmax can aim for: the labels shared out to sum to 1
        softmax, sigmoids = lb.softmax(z), lb.sigmoid(z)
        plot.set_probabilities(softmax, sigmoids, split, labels)
        ce = lb.categorical_cross_entropy_with_logits(split, z)
        # the entropy of the split, ln(number of labels): the lowest the softmax's cross-entropy can go (+ 0.0: no -0)
        floor = float(-np.sum(split[split > 0] * np.log(split[split > 0]))) + 0.0
        bce = lb.binary_cross_entropy_with_logits(labels, z)  # the mean over the three classes
        listing = lambda p: ", ".join(f"{a} {q:.2f}" for a, q in zip(ANIMALS, p))  # noqa: E731
        return (f"The photo shows {v['photo']}.\n"
                f"Softmax: {listing(softmax)} (sum {softmax.sum():.2f})\n"
                f"  cross-entropy {ce:.3f}, never below {floor:.3f} (target {', '.join(f'{s:.2g}' for s in split)})\n"
                f"Sigmoids: {listing(sigmoids)} (sum {sigmoids.sum():.2f})\n"
                f"  binary cross-entropy {bce:.3f} (mean of 3 classes; approaches 0, never reaches it)")

    return Explorer(plot, controls, frame, title="One softmax, or one sigmoid per class?",
                    alt="Two bar charts of the probabilities of cat, dog and bird from the same three logits. Left: "
                        "a softmax, whose bars always add up to 1. Right: one sigmoid per class, each bar on its "
                        "own, with a line at 0.5. Dashed outlines show what the labels ask for.")
