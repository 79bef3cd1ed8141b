"""Widgets of the lesson "KL divergence": shape a Gaussian Q against a two-bump P and compare KL(P‖Q) with KL(Q‖P);
soften a teacher's and a student's probabilities with a temperature (knowledge distillation)."""

from __future__ import annotations

import functools

import numpy as np

import lossbook as lb

from ..datasets import KL_GRID, bimodal, discrete_gaussian
from ..fitting import fit_gaussian
from ..plots.kl_divergence import DistillationPlot, KLPlot
from ._args import arguments, real
from ._controls import slider
from ._explorer import Explorer
from ._registry import register

__all__ = ["kl_explorer", "distillation_temperature", "TEACHER_LOGITS", "STUDENT_LOGITS", "CLASSES"]

#: Knowledge distillation example: an image of a cat. The teacher is confident but knows a fox looks more like a cat
#: than a truck does; the student is a smaller model, still learning.
CLASSES = ("cat", "fox", "dog", "car", "truck")
TEACHER_LOGITS = np.array([7.0, 4.5, 4.0, 0.5, 0.0])
STUDENT_LOGITS = np.array([5.0, 1.5, 3.5, 2.0, 1.0])


@functools.lru_cache(maxsize=1)
def _best_fits():
    """(mean, width) of the best Gaussian for KL(P‖Q) and for KL(Q‖P), P the lesson's two bumps: a grid search of
    about a second, done once per session."""
    p = bimodal()
    return tuple(fit_gaussian(p, direction)[:2] for direction in ("forward", "reverse"))


_MIN_WIDTH = 0.4


@register
@arguments(mean=real(-4.0, 4.0), width=real(_MIN_WIDTH, 4.0))
def kl_explorer(mean=0.5, width=1.0):
    """A fixed two-bump P and a Gaussian Q you shape with its mean and width; KL(P‖Q) and KL(Q‖P) side by side, with
    the best Q for each direction drawn as a faint guide (precomputed by a grid search)."""
    p = bimodal()
    guides = [(label, discrete_gaussian(m, w)) for label, (m, w) in
              zip(("best Q for KL(P‖Q)", "best Q for KL(Q‖P)"), _best_fits())]
    # y up to the tallest Q the sliders can make (the narrowest width), so no Q ever leaves the axes
    plot = KLPlot(KL_GRID, p, fits=guides, ymax=1.05 * float(discrete_gaussian(0.0, _MIN_WIDTH).max()))
    controls = {
        "mean": slider(mean, -4.0, 4.0, 0.05, description="mean of Q"),
        "width": slider(width, _MIN_WIDTH, 4.0, 0.05, description="width of Q"),
    }

    def frame(v, changed):
        q = discrete_gaussian(v["mean"], v["width"])
        forward = lb.kl_divergence(p, q)
        reverse = lb.kl_divergence(q, p)
        plot.set_q(q)
        plot.set_kls(forward, reverse)
        return (f"Q: mean = {v['mean']:.2f}, width = {v['width']:.2f}\n"
                f"KL(P||Q) = {forward:.3f} nats, KL(Q||P) = {reverse:.3f} nats")

    return Explorer(plot, controls, frame, title="KL divergence: two directions",
                    alt="A two-bump distribution P, the Gaussian Q set by the sliders, the two best-fitting Gaussians "
                        "as faint lines, and bars of KL(P||Q) and KL(Q||P)")


@register
@arguments(temperature=real(1.0, 10.0))
def distillation_temperature(temperature=1.0):
    """Knowledge distillation: a teacher's and a student's class probabilities, both softened by the temperature T
    (softmax of logits / T); the distillation loss T² · KL(teacher_T ‖ student_T)."""
    plot = DistillationPlot(CLASSES)
    controls = {"T": slider(temperature, 1.0, 10.0, 0.25, description="temperature T")}

    def frame(v, changed):
        t = v["T"]
        teacher = lb.softmax(TEACHER_LOGITS / t)
        student = lb.softmax(STUDENT_LOGITS / t)
        kl = lb.kl_divergence(teacher, student)
        plot.set_probs(teacher, student)
        shown = ", ".join(f"{c} {pr:.2f}" for c, pr in zip(CLASSES, teacher))
        return (f"T = {t:.2f}: teacher says {shown}\n"
                f"KL(teacher || student) = {kl:.4f}, distillation loss T² x KL = {t * t * kl:.4f}")

    return Explorer(plot, controls, frame, title="Knowledge distillation: soften with a temperature",
                    alt="Bars of the teacher's and the student's probabilities for cat, fox, dog, car and truck, "
                        "softened by the temperature T")
