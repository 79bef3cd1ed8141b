"""How to choose a loss: the newsletter's decision list as data, and a function that applies it.

The rules (``RULES``) are plain data: a problem type, the conditions under which the rule applies, the loss it
recommends, alternatives, and why. :func:`recommend` returns the first rule that fits; :func:`decision_table`
renders the same rules as a table, so the chooser and the table cannot disagree. No plotting here.

Week 2's "How to Choose?": regression -> MSE, MAE or Huber; binary classification -> binary cross-entropy;
multi-class -> categorical cross-entropy (with softmax); imbalanced data -> focal, Dice; similarity learning ->
contrastive / triplet; probabilistic models -> KL divergence; speech / OCR -> CTC.
Beyond week 2 (lesson 3.4): several labels per example -> one sigmoid and binary cross-entropy per class; (lesson
3.5): several classes, one of them rare -> softmax cross-entropy with a weight per class (lossbook's focal loss is the
two-class, sigmoid form); (lesson 3.8): embeddings from matched pairs with many negatives per batch -> InfoNCE
(lb.info_nce) or SimCLR's NT-Xent (lb.nt_xent), named in the similarity rules.
Hinge (lesson 2.3) is in ``LOSSES``, so that the framework names table covers it, but no rule recommends it: it
trains scores, not probabilities.

>>> from lossbook import choosing
>>> r = choosing.recommend("regression", outliers=True)
>>> r.loss.name
'Huber'
>>> choosing.recommend("binary").loss.call
'lb.binary_cross_entropy_with_logits'
>>> r = choosing.recommend("multiclass", imbalanced=True)
>>> r.loss.key, r.variant
('cce', 'class-weighted')
>>> choosing.recommend("multilabel").loss.key
'bce'
"""

from __future__ import annotations

import html
import textwrap
from typing import NamedTuple

__all__ = [
    "Loss",
    "Rule",
    "Recommendation",
    "Table",
    "LOSSES",
    "PROBLEMS",
    "FLAGS",
    "RULES",
    "recommend",
    "decision_table",
]


class Loss(NamedTuple):
    """A loss of the course: a short key, its name, the lossbook call, and one line on what it measures."""

    key: str
    name: str
    call: str
    what: str


LOSSES = {loss.key: loss for loss in (
    Loss("mse", "Mean squared error (MSE)", "lb.mse", "the average squared miss"),
    Loss("mae", "Mean absolute error (MAE)", "lb.mae", "the average size of the miss"),
    Loss("huber", "Huber", "lb.huber", "squared for small misses, absolute for big ones (past delta)"),
    Loss("bce", "Binary cross-entropy", "lb.binary_cross_entropy_with_logits",
         "-ln of the probability given to the true class, from a logit"),
    Loss("cce", "Categorical cross-entropy (with softmax)", "lb.categorical_cross_entropy_with_logits",
         "-ln of the softmax probability of the true class; one-hot labels"),
    Loss("sparse_cce", "Sparse categorical cross-entropy", "lb.sparse_categorical_cross_entropy_with_logits",
         "the same, with integer class labels"),
    Loss("hinge", "Hinge", "lb.hinge", "max(0, 1 - y s) for labels -1/+1: zero once the score s is on the right side "
         "by a margin of 1; trains scores, not probabilities"),
    Loss("focal", "Focal", "lb.focal_with_logits", "cross-entropy scaled down on easy, well-classified examples"),
    Loss("dice", "Dice", "lb.dice", "1 - overlap of predicted and true masks (soft Dice)"),
    Loss("iou", "IoU (Jaccard)", "lb.iou", "1 - intersection over union of the masks"),
    Loss("contrastive", "Contrastive", "lb.contrastive", "pull similar pairs together, push others past a margin"),
    Loss("triplet", "Triplet", "lb.triplet", "anchor closer to a positive than to a negative, by a margin"),
    Loss("kl", "KL divergence", "lb.kl_divergence", "how far a predicted distribution is from a target one"),
    Loss("ctc", "CTC", "lb.ctc", "-ln of the summed probability of every alignment of a label sequence"),
)}

PROBLEMS = {
    "regression": "predict a number (a price, a temperature)",
    "binary": "two classes (spam or not)",
    "multiclass": "several classes, one per example (cat, dog or bird)",
    "multilabel": "any number of labels per example (a photo with a cat and a dog)",
    "segmentation": "label every pixel of an image (tumour or not)",
    "pairs": "similarity from pairs (same person or not)",
    "triplets": "similarity from triplets (anchor, positive, negative)",
    "distributions": "match a probability distribution (VAEs, distillation)",
    "sequence": "a label sequence without alignment (speech, OCR)",
}

# The yes/no conditions of the chooser, and the problems they change the choice for.
FLAGS = {
    "imbalanced": ("one class is rare", ("binary", "multiclass", "segmentation")),
    "outliers": ("some targets are wild (outliers)", ("regression",)),
    "integer_labels": ("labels are class numbers, not one-hot", ("multiclass",)),
}


class Rule(NamedTuple):
    """If the problem is ``problem`` and every flag in ``when`` has its value, use ``loss`` (else try the next rule);
    ``variant`` (optional) says how to use it, e.g. ``"class-weighted"``."""

    problem: str
    when: dict
    loss: str
    also: tuple
    why: str
    variant: str = ""


RULES = (
    Rule("regression", {"outliers": True}, "huber", ("mae",),
         "For small misses, half the squared miss (shaped like MSE); past delta it grows only linearly, so a few "
         "wild targets cannot dominate the average; MAE is even more robust but has a kink at 0."),
    Rule("regression", {}, "mse", ("mae", "huber"),
         "For numbers, the average squared miss: smooth, and hardest on big misses."),
    Rule("binary", {"imbalanced": True}, "focal", ("bce",),
         "Binary cross-entropy with the easy, plentiful examples scaled down by (1 - p_t)^gamma, so the rare class "
         "is not drowned out (binary cross-entropy with pos_weight is the simpler alternative)."),
    Rule("binary", {}, "bce", (),
         "For two classes: -ln of the probability given to the true class; confident mistakes cost most."),
    Rule("multiclass", {"imbalanced": True, "integer_labels": True}, "sparse_cce", ("cce",),
         "Softmax cross-entropy with a weight for each example's true class, larger for the rare class (lesson "
         "3.5, \"Class weights\"), in its sparse form, which takes the class number instead of a one-hot vector "
         "(PyTorch's CrossEntropyLoss(weight=...) takes either; Keras: class_weight in fit).", "class-weighted"),
    Rule("multiclass", {"imbalanced": True}, "cce", ("sparse_cce",),
         "Keep the softmax and its cross-entropy, and multiply each example's loss by a weight for its true class, "
         "larger for the rare class (lesson 3.5, \"Class weights\"; PyTorch's CrossEntropyLoss(weight=...), "
         "Keras's class_weight in fit). A softmax focal loss (Keras's CategoricalFocalCrossentropy) is the other "
         "answer. lossbook's lb.focal_with_logits is the two-class (sigmoid) form: using it here would mean one "
         "sigmoid per class instead of the softmax (as RetinaNet does), a different model.",
         "class-weighted"),
    Rule("multiclass", {"integer_labels": True}, "sparse_cce", ("cce",),
         "Categorical cross-entropy that takes the class number directly instead of a one-hot vector."),
    Rule("multiclass", {}, "cce", ("sparse_cce",),
         "For one class out of several: softmax turns scores into probabilities, and the loss is -ln of the "
         "true class's probability."),
    Rule("multilabel", {}, "bce", (),
         "One sigmoid and one binary cross-entropy per class (multi-hot labels), averaged: each label is its own "
         "yes/no question, where a softmax would make the classes share one unit of probability."),
    Rule("segmentation", {"imbalanced": True}, "dice", ("iou", "bce"),
         "Scores the overlap with the tumour against the sizes of both masks; correctly predicted background does not "
         "enter it, so a tiny tumour is not outweighed by the huge, easy background (often added to a per-pixel "
         "binary cross-entropy)."),
    Rule("segmentation", {}, "bce", ("dice",),
         "A per-pixel binary cross-entropy, averaged: fine while both classes cover a fair share of the image."),
    Rule("pairs", {}, "contrastive", ("triplet",),
         "For pairs labelled same / different: same pairs are pulled together, different ones pushed past a "
         "margin. If your data are matched pairs only (two views of one image, a photo and its caption), InfoNCE uses "
         "every other pair in the same batch as a negative, many at once (lesson 3.8, \"InfoNCE\": lb.info_nce, "
         "and SimCLR's form lb.nt_xent)."),
    Rule("triplets", {}, "triplet", ("contrastive",),
         "For (anchor, positive, negative): the positive must be closer to the anchor than the negative, by a "
         "margin. To compare each anchor with many negatives at once, the rest of its batch, use InfoNCE (lesson "
         "3.8, \"InfoNCE\")."),
    Rule("distributions", {}, "kl", (),
         "Compares whole probability distributions: the VAE's latent term, or a student matching a teacher in "
         "knowledge distillation."),
    Rule("sequence", {}, "ctc", (),
         "Sums over every alignment of the label sequence to the frames, so nobody has to say which frame holds "
         "which letter."),
)


class Recommendation(NamedTuple):
    """What :func:`recommend` returns: the loss, alternatives, the reason and notes about flags that did not apply."""

    problem: str
    loss: Loss
    also: tuple
    why: str
    notes: tuple
    variant: str = ""

    def __str__(self):
        how = f", {self.variant}" if self.variant else ""
        lines = [f"Use {self.loss.name}{how} ({self.loss.call}).", f"Why: {self.why}"]
        if self.also:
            lines.append("Also worth a look: " + ", ".join(LOSSES[k].name for k in self.also) + ".")
        lines.extend(self.notes)
        return "\n".join(lines)


def recommend(problem, *, imbalanced=False, outliers=False, integer_labels=False) -> Recommendation:
    """The newsletter's decision list applied to one problem: the first rule of ``RULES`` that fits.

    ``problem`` is a key of ``PROBLEMS``; the flags are the conditions of ``FLAGS``. A flag that is set but does not
    change the choice for this problem gets a note saying so.

    >>> print(recommend("regression", imbalanced=True))
    Use Mean squared error (MSE) (lb.mse).
    Why: For numbers, the average squared miss: smooth, and hardest on big misses.
    Also worth a look: Mean absolute error (MAE), Huber.
    Note: "one class is rare" does not change the choice for this problem.
    """
    if problem not in PROBLEMS:
        raise ValueError(f"problem must be one of {list(PROBLEMS)}, got {problem!r}")
    flags = {"imbalanced": imbalanced, "outliers": outliers, "integer_labels": integer_labels}
    for name, value in flags.items():
        if not isinstance(value, bool):
            raise TypeError(f"{name} must be True or False, got {value!r}")
    notes = tuple(f'Note: "{FLAGS[name][0]}" does not change the choice for this problem.'
                  for name, value in flags.items() if value and problem not in FLAGS[name][1])
    for rule in RULES:
        if rule.problem == problem and all(flags[k] == v for k, v in rule.when.items()):
            return Recommendation(problem, LOSSES[rule.loss], rule.also, rule.why, notes, rule.variant)
    raise AssertionError(f"no rule for {problem!r}")  # pragma: no cover - every problem has a catch-all rule


class Table:
    """A small table that shows as HTML in JupyterLab and as plain text elsewhere (and to nbval).

    The plain text is an aligned grid when it fits in :attr:`WIDTH` characters, else one block per row.
    """

    def __init__(self, columns, rows, *, title=""):
        self.columns = tuple(columns)
        self.rows = tuple(tuple(str(c) for c in row) for row in rows)
        if any(len(r) != len(self.columns) for r in self.rows):
            raise ValueError("every row needs one cell per column")
        self.title = title

    def __len__(self):
        return len(self.rows)

    #: Widest plain-text line: a table wider than this is printed one row at a time, its long cells wrapped.
    WIDTH = 100

    def __repr__(self):
        widths = [max(len(c), *(len(r[i]) for r in self.rows)) for i, c in enumerate(self.columns)]
        line = lambda cells: " | ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
        out = [self.title] if self.title else []
        if sum(widths) + 3 * (len(widths) - 1) <= self.WIDTH:
            out += [line(self.columns), "-+-".join("-" * w for w in widths)]
            out += [line(r) for r in self.rows]
            return "\n".join(out)
        # Too wide to read as a grid: each row becomes a small block, headed by its first cell.
        label = max(len(c) for c in self.columns[1:]) + 2
        for row in self.rows:
            out += ["", row[0]]
            for column, cell in zip(self.columns[1:], row[1:]):
                out += textwrap.wrap(cell, self.WIDTH, initial_indent="  " + f"{column}:".ljust(label),
                                     subsequent_indent=" " * (label + 2), break_long_words=False,
                                     break_on_hyphens=False)
        return "\n".join(out)

    def _repr_html_(self):
        esc = html.escape
        # An empty corner is a plain cell: a header cell with no text names nothing for a screen reader.
        head = "".join(f"<th style='text-align:left'>{esc(c)}</th>" if c else "<td></td>" for c in self.columns)
        body = "".join("<tr>" + "".join(f"<td style='text-align:left'>{esc(c)}</td>" for c in r) + "</tr>"
                       for r in self.rows)
        # color: inherit: the classic Notebook's Bootstrap greys captions to #777 (4.5:1 on white is the floor for text).
        caption = (f"<caption style='text-align:left; color: inherit'><b>{esc(self.title)}</b></caption>"
                   if self.title else "")
        # A wide table scrolls sideways in its own box, which the keyboard reaches (Tab, then the arrow keys) and a
        # screen reader names after the caption; data-lm-suppress-shortcuts leaves those keys to the box in JupyterLab
        # and Notebook 7 (they would move to another cell).
        label = html.escape(self.title or "table of " + ", ".join(c for c in self.columns if c), quote=True)
        return (f'<div role="region" aria-label="{label}" tabindex="0" data-lm-suppress-shortcuts="true" '
                f'style="overflow-x: auto; max-width: 100%">'
                f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def decision_table() -> Table:
    """Every rule of ``RULES`` as a row: problem, condition, loss, lossbook call.

    >>> len(decision_table()) == len(RULES)
    True
    """
    rows = []
    for rule in RULES:
        alone = sum(r.problem == rule.problem for r in RULES) == 1
        when = ", ".join(FLAGS[k][0] for k, v in rule.when.items() if v) or ("always" if alone else "otherwise")
        loss = LOSSES[rule.loss]
        name = f"{loss.name}, {rule.variant}" if rule.variant else loss.name
        rows.append((rule.problem, when, name, loss.call))
    return Table(("problem", "when", "loss", "in lossbook"), rows, title="How to choose (week 2)")
