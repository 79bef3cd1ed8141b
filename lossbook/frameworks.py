"""From lossbook to your framework: the PyTorch and Keras names of each loss, and the conventions that differ.

Plain data, rendered as tables in ``notebooks/week2/09-how-to-choose.ipynb``. The PyTorch facts were checked
against PyTorch 2 (the values agree with lossbook's to float rounding; see the notebook and the tests' comments).
The Keras facts are Keras 3's documented class names and defaults, stated conservatively: where Keras has no
built-in, the table says so rather than guess. lossbook itself does not import either framework.

>>> from lossbook import frameworks
>>> frameworks.pytorch_name("huber")
'torch.nn.HuberLoss(delta=1.0)'
>>> frameworks.keras_name("triplet")
'no built-in in Keras core'
"""

from __future__ import annotations

from typing import NamedTuple

from .choosing import LOSSES, Table

__all__ = ["Spelling", "SPELLINGS", "CONVENTIONS", "pytorch_name", "keras_name", "names_table", "conventions_table"]

NO_KERAS = "no built-in in Keras core"


class Spelling(NamedTuple):
    """One loss in three libraries, with the catch worth knowing when you move between them."""

    key: str
    pytorch: str
    keras: str
    note: str   # the catches, one per line ("\n" between them)


SPELLINGS = (
    Spelling("mse", "torch.nn.MSELoss()", "keras.losses.MeanSquaredError()", ""),
    Spelling("mae", "torch.nn.L1Loss()", "keras.losses.MeanAbsoluteError()", "PyTorch calls it L1."),
    Spelling("huber", "torch.nn.HuberLoss(delta=1.0)", "keras.losses.Huber(delta=1.0)",
             "PyTorch's SmoothL1Loss(beta) is Huber with delta = beta, divided by beta (they agree when beta = delta = 1)."),
    Spelling("bce", "torch.nn.BCEWithLogitsLoss(pos_weight=None)",
             "keras.losses.BinaryCrossentropy(from_logits=True)",
             "On probabilities instead of logits: torch.nn.BCELoss() (logs clamped at -100, like "
             "lb.binary_cross_entropy), or Keras's default from_logits=False (p clipped to [1e-7, 1 - 1e-7]).\n"
             "One exception, with Keras's TensorFlow backend: probabilities that come straight from a Keras sigmoid "
             "layer are not clipped; Keras uses that layer's logits instead."),
    Spelling("cce", "torch.nn.CrossEntropyLoss(label_smoothing=0.0)",
             "keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.0)",
             "CrossEntropyLoss takes logits (it applies log-softmax itself) and integer labels or class "
             "probabilities; Keras's default is from_logits=False (probabilities, one-hot labels)."),
    Spelling("sparse_cce", "torch.nn.CrossEntropyLoss()",
             "keras.losses.SparseCategoricalCrossentropy(from_logits=True)",
             "In PyTorch the same class takes integer labels; torch.nn.NLLLoss() takes log-probabilities instead "
             "of logits."),
    Spelling("hinge", "no class by that name in PyTorch core (see the note)",
             "keras.losses.Hinge() (also SquaredHinge(), and CategoricalHinge() for several classes)",
             "Keras's Hinge and SquaredHinge want labels -1/+1 and convert 0/1 labels themselves; lb.hinge raises on "
             "0/1 labels instead.\n"
             "Keras's CategoricalHinge (one-hot labels) computes max(0, 1 + max(0, best wrong score) - true score): "
             "the same as lb.multiclass_hinge whenever the best wrong score is at least 0.\n"
             "PyTorch core has no class named for the two-class hinge; one line does it: torch.clamp(1 - y * s, "
             "min=0).mean(), with y in {-1, +1} (MarginRankingLoss(margin=1.0) with zeros as its second input "
             "computes the same).\n"
             "PyTorch's MultiMarginLoss() is a different multi-class hinge: it adds max(0, 1 - true score + s_j) over "
             "every wrong class j and divides by the number of classes, where lb.multiclass_hinge keeps only the "
             "best wrong class.\n"
             "A trap: torch.nn.HingeEmbeddingLoss is not the hinge loss of class scores. It is meant for a distance x "
             "between two inputs, labelled +1 (similar: loss x) or -1 (dissimilar: loss max(0, margin - x)), like "
             "contrastive loss."),
    Spelling("focal", "torchvision.ops.sigmoid_focal_loss (torchvision; see the note)",
             "keras.losses.BinaryFocalCrossentropy(from_logits=True, apply_class_balancing=True)",
             "PyTorch's is torchvision.ops.sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2): in torchvision "
             "rather than torch, with reduction='none' by default.\n"
             "Keras's defaults are alpha=0.25, gamma=2.0, but it uses alpha only with apply_class_balancing=True "
             "(its default is False).\n"
             "lossbook applies alpha=0.25 by default (alpha=None switches it off).\n"
             "All three are the binary (sigmoid) form. For several classes they are used one-vs-rest: one sigmoid "
             "per class, each answering its own yes/no question (this class, or the rest?).\n"
             "The softmax form is Keras's CategoricalFocalCrossentropy(from_logits=True)."),
    Spelling("dice", "no built-in in PyTorch core (MONAI and segmentation_models_pytorch have one)",
             "keras.losses.Dice()", "Smoothing terms differ between libraries; check before comparing numbers."),
    Spelling("iou", "no built-in in PyTorch core", "keras.losses.Tversky(alpha=1.0, beta=1.0)",
             "With alpha = beta = 1, Keras's Tversky loss is 1 - TP / (TP + FP + FN), with soft counts: TP sums p "
             "over the true mask, FP sums p outside it, FN sums 1 - p over it.\n"
             "That denominator is the soft union, so this is the soft IoU; Tversky's defaults, alpha = beta = 0.5, "
             "give Dice.\n"
             "Smoothing terms differ between libraries (Keras adds its epsilon, 1e-7 by default, to the denominator; lb.iou adds smooth=1.0); "
             "check before comparing numbers."),
    Spelling("contrastive", "no built-in in PyTorch core (CosineEmbeddingLoss is a cosine-similarity cousin)",
             NO_KERAS, ""),
    Spelling("triplet", "torch.nn.TripletMarginLoss(margin=1.0, p=2.0)", NO_KERAS,
             "Arguments: (anchor, positive, negative), as in lb.triplet."),
    Spelling("kl", "torch.nn.KLDivLoss(reduction='batchmean')", "keras.losses.KLDivergence()",
             "PyTorch's input is log Q (log-probabilities) and its target is P: kl_div(log_q, p) = KL(P || Q), "
             "the reverse of the notation's order. Its default reduction='mean' also divides by the number of "
             "classes; 'batchmean' gives the true KL per example."),
    Spelling("ctc", "torch.nn.CTCLoss(blank=0, zero_infinity=False)", "keras.losses.CTC()",
             "PyTorch takes log-probabilities of shape (T, N, C) plus the input and target lengths; its default "
             "reduction='mean' divides each sequence's loss by its target length. lb.ctc is one sequence, summed "
             "(PyTorch's reduction='sum' for a batch of one)."),
)

CONVENTIONS = (
    ("argument order", "loss(y_true, y_pred)", "loss(input, target): prediction first", "loss(y_true, y_pred)"),
    ("default reduction", "reduction='mean'", "reduction='mean'", "reduction='sum_over_batch_size' (the mean over "
     "the batch)"),
    ("binary cross-entropy on", "probabilities (lb.binary_cross_entropy) or logits (..._with_logits)",
     "BCELoss: probabilities; BCEWithLogitsLoss: logits", "from_logits=False (probabilities) unless you say True"),
    ("multi-class cross-entropy on", "probabilities or logits (..._with_logits)",
     "CrossEntropyLoss: logits and integer labels", "from_logits=False (probabilities) unless you say True"),
    ("log(0) guard", "logs clamped at -100", "BCELoss: logs clamped at -100",
     "p clipped to [1e-7, 1 - 1e-7]; on the TensorFlow backend, straight after a Keras sigmoid/softmax, its logits are used instead"),
)


def _spelling(key):
    for s in SPELLINGS:
        if s.key == key:
            return s
    raise KeyError(f"no loss {key!r}; known: {[s.key for s in SPELLINGS]}")


def pytorch_name(key) -> str:
    """How loss ``key`` (a key of :data:`lossbook.choosing.LOSSES`) is spelled in PyTorch."""
    return _spelling(key).pytorch


def keras_name(key) -> str:
    """How loss ``key`` is spelled in Keras 3, or that Keras core has none."""
    return _spelling(key).keras


def names_table(*, notes=False) -> Table:
    """One row per loss: lossbook, PyTorch, Keras (and the catch, with ``notes=True``).

    >>> len(names_table()) == len(SPELLINGS)
    True
    """
    columns = ["loss", "lossbook", "PyTorch", "Keras 3"] + (["watch out"] if notes else [])
    rows = [[LOSSES[s.key].name, LOSSES[s.key].call, s.pytorch, s.keras]
            + ([s.note.replace("\n", " ") or "-"] if notes else [])
            for s in SPELLINGS]
    return Table(columns, rows, title="The same losses in PyTorch and Keras")


def conventions_table() -> Table:
    """Where the three libraries differ: argument order, reduction, probabilities or logits, the log(0) guard."""
    return Table(("", "lossbook", "PyTorch", "Keras 3"), CONVENTIONS, title="Conventions that differ")
