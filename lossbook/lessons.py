"""The table of lessons: one record per notebook, in teaching order. The README's syllabus, the notebook tests and the
widget and exercise registries all read it.

A lesson is known by its *slug*, its notebook's file name without the number, dashes turned into underscores:
``notebooks/week2/04-focal-loss.ipynb`` is ``focal_loss``. Every piece of the lesson carries that name:

=========================================  ==================================================================
``notebooks/week2/04-focal-loss.ipynb``    the narrative
``lossbook/plots/focal_loss.py``           its figures (if it has figures of its own)
``lossbook/widgets/focal_loss.py``         its widgets (if it has widgets of its own)
``lossbook/exercises/focal_loss.py``       its exercises (if it has exercises)
``tests/test_lesson_focal_loss.py``        the tests of those pieces (where it has any of the three)
=========================================  ==================================================================

The losses themselves are grouped by topic in ``lossbook/losses`` (focal loss is in ``classification.py``), and
helpers shared by several lessons live in the shared modules listed in :data:`SHARED` (generic curves, the loss
landscape, training curves) or in ``lossbook/datasets.py``, ``fitting.py``, ``models.py``, ``choosing.py``,
``frameworks.py`` and ``naive.py``.

A lesson that goes beyond the two newsletters has ``section=None`` and ``beyond_newsletter=True``; the README's
syllabus marks it "beyond the newsletters". This module imports neither Matplotlib nor ipywidgets.

>>> from lossbook.lessons import lesson
>>> focal = lesson("2.4")
>>> focal.slug, focal.notebook
('focal_loss', 'notebooks/week2/04-focal-loss.ipynb')
>>> focal.modules["widgets"]
'lossbook.widgets.focal_loss'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LAYERS", "SHARED", "Lesson", "LESSONS", "lesson", "lesson_of_module", "slug_of"]

_PACKAGE = Path(__file__).resolve().parent

#: The layers that hold per-lesson modules, bottom up (each imports only from the layers before it).
LAYERS = ("plots", "widgets", "exercises")

#: Public modules of a layer that belong to no single lesson (used by several, or generic).
SHARED = {
    "plots": ("theme", "curves", "landscape", "training"),
    "widgets": ("curves", "landscape", "training"),
    "exercises": (),
}

_NOTEBOOK = re.compile(r"notebooks/(?:week\d+/)?\d\d-([a-z0-9]+(?:-[a-z0-9]+)*)\.ipynb")
_NUMBER = re.compile(r"0|[1-9]\d*\.[1-9]\d*")


def slug_of(notebook: str) -> str:
    """The slug of a notebook path.

    ``"notebooks/week2/10-when-the-numbers-bite.ipynb"`` -> ``"when_the_numbers_bite"``.
    """
    match = _NOTEBOOK.fullmatch(notebook)
    if not match:
        raise ValueError(f"notebook {notebook!r} is not named notebooks/[weekN/]NN-words-with-dashes.ipynb")
    return match.group(1).replace("-", "_")


@dataclass(frozen=True)
class Lesson:
    """One lesson: its number, notebook (relative to the repository), title, what the learner does, and the
    newsletter section it mirrors (``None`` with ``beyond_newsletter=True`` for a lesson the newsletters do not cover;
    ``None`` alone for the course's start page)."""

    number: str
    notebook: str
    title: str
    what_you_do: str
    section: str | None
    beyond_newsletter: bool = False

    def __post_init__(self):
        if not _NUMBER.fullmatch(self.number):
            raise ValueError(f"lesson number {self.number!r} must read like '0' or '2.4'")
        slug_of(self.notebook)  # raises on a badly named notebook
        if self.beyond_newsletter and self.section is not None:
            raise ValueError(f"lesson {self.number}: a lesson beyond the newsletters has section=None")

    @property
    def slug(self) -> str:
        """The lesson's name in every layer: the notebook's file name without its number, dashes to underscores."""
        return slug_of(self.notebook)

    @property
    def week(self) -> int:
        """0 for the start page, else the number before the dot."""
        return int(self.number.split(".")[0])

    @property
    def modules(self) -> dict:
        """``{layer: module name}`` for each layer in :data:`LAYERS` that has a module named after this lesson."""
        return {layer: f"lossbook.{layer}.{self.slug}" for layer in LAYERS
                if (_PACKAGE / layer / f"{self.slug}.py").is_file()}

    @property
    def test(self) -> str | None:
        """``tests/test_lesson_<slug>.py`` if the lesson has a module of its own in any layer, else ``None``."""
        return f"tests/test_lesson_{self.slug}.py" if self.modules else None


def _week(n, rows, *, start=1, **common):
    """Week ``n``'s lessons, numbered n.start, n.start+1, ... (n.1, n.2, ... by default): rows of (file name without
    number, title, what you do, section); ``common`` goes to every row's :class:`Lesson` (``beyond_newsletter=True``
    for a week beyond the newsletters). ``start`` lets a block begin after lessons still to be written."""
    return [Lesson(f"{n}.{i}", f"notebooks/week{n}/{i:02d}-{name}.ipynb", *rest, **common)
            for i, (name, *rest) in enumerate(rows, start)]


#: Every lesson, in teaching order.
LESSONS: tuple = (
    Lesson("0", "notebooks/00-start-here.ipynb", "Start here",
           "how the course works, `lb.doctor()`, a first slider and exercise", None),
    *_week(1, [
        ("what-is-a-loss", "What a loss is", "the scorecard; forward → loss → backward → update",
         "What loss functions actually are; why we need them"),
        ("mean-squared-error", "Mean squared error", "house prices, why we square, fitting a line by hand",
         "1. Mean Squared Error"),
        ("binary-cross-entropy", "Binary cross-entropy", "cat vs dog at 0.8, 0.2, 0.9; logits and the sigmoid",
         "Binary cross-entropy; the cat-vs-dog walk-through"),
        ("categorical-cross-entropy", "Categorical cross-entropy", "cat / dog / bird, softmax from logits",
         "Categorical cross-entropy"),
        ("why-not-mse-for-classification", "Why not MSE for classification",
         "vanishing slopes, convexity, two learning curves", "Why not use MSE for classification?"),
        ("the-training-loop", "The loss inside the training loop", "a tiny classifier trained by gradient descent",
         "How loss connects to everything; practical example"),
        ("reading-your-loss", "Reading your loss", "baselines (ln 2, ln K, the variance), common mistakes",
         "Common mistakes; quick comparison; rule of thumb"),
    ]),
    *_week(2, [
        ("mae-and-huber", "Robust regression: MSE, MAE, Huber", "drag an outlier, three fitted lines",
         "1. Regression losses"),
        ("sparse-categorical-cross-entropy", "Sparse categorical cross-entropy",
         "integer labels, memory, label smoothing", "2. Classification losses"),
        ("hinge-and-margins", "Hinge and margins", "±1 labels, the margin of a linear classifier",
         "2. Classification losses (hinge)"),
        ("focal-loss", "Focal loss", "1% positives, gamma and alpha", "3. Specialized losses (focal)"),
        ("dice-and-iou", "Dice and IoU", "a tiny object in a mask; overlap vs pixel-wise BCE",
         "3. Specialized losses (Dice / IoU)"),
        ("contrastive-and-triplet", "Contrastive and triplet", "points pushed and pulled in an embedding space",
         "3. Specialized losses (contrastive / triplet)"),
        ("kl-divergence", "KL divergence", "two directions, entropy + KL, distillation",
         "3. Specialized losses (KL divergence)"),
        ("ctc", "CTC", "alignments, the lattice, every valid path", "3. Specialized losses (CTC)"),
        ("how-to-choose", "How to choose", "an interactive chooser; lossbook → PyTorch / Keras", "How to choose?"),
    ]),
    # Beyond the newsletters: section=None, beyond_newsletter=True (the README marks them so).
    Lesson("2.10", "notebooks/week2/10-when-the-numbers-bite.ipynb", "When the numbers bite",
           "log(0), clipping, log-sum-exp, overflow", None, beyond_newsletter=True),
    # Week 3, beyond the newsletters: what learners meet next. Rows in teaching order 3.1, 3.2, ...; each row's section
    # is None. Add a row together with its notebook (the tests require both).
    *_week(3, [
        ("training-and-validation-loss", "Training loss against validation loss",
         "overfitting, the gap, early stopping, noisy mini-batch curves", None),
        ("regularisation", "Regularisation", "the loss plus an L2 penalty, weight decay in the training loop", None),
        ("where-losses-come-from", "Where losses come from", "maximum likelihood: MSE, MAE and cross-entropy as "
         "negative log-likelihoods; a noise-model slider", None),
        ("multi-label-classification", "Multi-label classification",
         "a photo with a cat and a dog: one sigmoid and binary cross-entropy per class, not a softmax", None),
        ("class-weights", "Class weights", "pos_weight and class weights on 1% positives, beside focal loss", None),
        ("calibration", "Calibration", "reliability diagrams, a temperature slider, proper scoring rules, label smoothing",
         None),
        ("perplexity", "Perplexity", "exp of a language model's cross-entropy, the ln V baseline, a bigram model's "
         "smoothing slider", None),
        ("info-nce", "InfoNCE", "contrastive learning with many negatives: cross-entropy over a batch, the ln N "
         "baseline, a temperature slider, CLIP's two directions and SimCLR's NT-Xent", None),
    ], beyond_newsletter=True),
)

_BY_NUMBER = {entry.number: entry for entry in LESSONS}
_BY_SLUG = {entry.slug: entry for entry in LESSONS}
if len(_BY_NUMBER) != len(LESSONS) or len(_BY_SLUG) != len(LESSONS):  # pragma: no cover - a table edit gone wrong
    raise ImportError("lossbook.lessons: two lessons share a number or a slug")


def lesson(key: str) -> Lesson:
    """The lesson with this number (``"2.4"``) or slug (``"focal_loss"``)."""
    found = _BY_NUMBER.get(key) or _BY_SLUG.get(key)
    if found is None:
        raise KeyError(f"no lesson {key!r}; lessons: {', '.join(_BY_NUMBER)}")
    return found


def lesson_of_module(module_name: str) -> Lesson | None:
    """The lesson a module belongs to (``"lossbook.widgets.focal_loss"`` -> lesson 2.4); ``None`` for a shared one."""
    if not isinstance(module_name, str):  # code run by exec() may have no module name
        return None
    parts = module_name.split(".")
    if len(parts) == 3 and parts[0] == "lossbook" and parts[1] in LAYERS:
        return _BY_SLUG.get(parts[2])
    return None
