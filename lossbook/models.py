"""Tiny models the lessons train: pure NumPy on top of lossbook's losses. No plotting, no widgets.

A logistic-regression classifier (``LogisticRegression``): ``forward`` gives the logits, ``backward`` the gradients
of the loss with respect to the weights and the bias (the chain rule through
``lb.binary_cross_entropy_with_logits_grad`` or through ``lb.mse_grad`` and the sigmoid), ``step`` the
gradient-descent update. ``train_logistic`` runs the loop and returns the whole history, which is what a widget
slices when a "steps" slider moves. Its data (``two_blobs``) is in ``lossbook.datasets``; the straight-line fits
under MSE, MAE and Huber (``fit_line``) are in ``lossbook.fitting``.

>>> import numpy as np
>>> from lossbook.datasets import two_blobs
>>> from lossbook.models import LogisticRegression
>>> X, y = two_blobs(n=40, seed=0)
>>> model = LogisticRegression(n_features=2)
>>> round(model.loss(X, y), 4)           # all weights 0: p = 0.5 for every photo, the loss is ln 2
0.6931
>>> for _ in range(100):
...     model.step(X, y, lr=0.5)
>>> model.loss(X, y) < 0.3
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import sigmoid
from .losses import binary_cross_entropy_with_logits, binary_cross_entropy_with_logits_grad, mse, mse_grad

__all__ = [
    "LOSSES",
    "LogisticRegression",
    "History",
    "train_logistic",
    "accuracy",
    "mse_on_probability_grad_logit",
    "logistic_loss_grid",
    "fit_bias",
    "bigram_model",
    "next_token_predictions",
    "fit_temperature",
]

#: The losses a ``LogisticRegression`` can be trained with.
LOSSES = ("cross_entropy", "mse")


# ---------------------------------------------------------------------------------------------------------------------
# Logistic regression
# ---------------------------------------------------------------------------------------------------------------------
def _check_loss(loss):
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")


def accuracy(y, p) -> float:
    """The share of examples whose predicted probability ``p`` lands on the right side of 0.5 (p = 0.5 counts as dog)."""
    return float(np.mean((np.asarray(p) > 0.5) == (np.asarray(y) > 0.5)))


def mse_on_probability_grad_logit(y, z, *, reduction="mean"):
    """Gradient of ``mse(y, sigmoid(z))`` with respect to the logits ``z``: ``2(p - y) * p(1 - p) / n`` (chain rule).

    ``lb.mse_grad`` gives the slope with respect to the probability, ``2(p - y)/n``; the sigmoid's own slope is
    ``p(1 - p)``, which is nearly 0 when ``|z|`` is large, however wrong the prediction.

    >>> round(float(mse_on_probability_grad_logit(1.0, -6.0)), 6)     # a cat, confidently called a dog
    -0.004921
    """
    z = np.asarray(z, dtype=float)
    p = sigmoid(z)
    return mse_grad(np.asarray(y, dtype=float), p, reduction=reduction) * (p * (1.0 - p))


class LogisticRegression:
    """``p = sigmoid(X @ w + b)``: one weight per feature and a bias, trained by gradient descent.

    Parameters
    ----------
    n_features : int
        How many features (columns of ``X``).
    w, b : optional
        Starting weights (default zeros) and bias (default 0).
    loss : ``"cross_entropy"`` (default) or ``"mse"``
        The loss ``loss``/``backward``/``step`` use. ``"mse"`` is the mean squared error between the label and the
        *probability*, the mistake the week-1 lesson examines.

    The loop is visible in the method names: ``forward`` (logits), ``loss``, ``backward`` (gradients), ``step``
    (update). ``step`` is ``backward`` followed by ``w -= lr * dw; b -= lr * db``.

    >>> model = LogisticRegression(n_features=1, w=[2.0], b=0.0)
    >>> X, y = np.array([[1.0]]), np.array([1.0])
    >>> model.forward(X).tolist()
    [2.0]
    >>> dw, db = model.backward(X, y)      # cross-entropy: dL/dz = p - y = sigmoid(2) - 1
    >>> round(float(db), 4)
    -0.1192
    """

    def __init__(self, n_features: int = 2, *, w=None, b: float = 0.0, loss: str = "cross_entropy"):
        _check_loss(loss)
        self.w = np.zeros(n_features) if w is None else np.array(w, dtype=float).reshape(-1)
        if self.w.size != n_features:
            raise ValueError(f"w must hold one weight per feature ({n_features}), got {self.w.size}")
        self.b = float(b)
        self.loss_name = loss

    def __repr__(self):
        w = ", ".join(f"{v:.3f}" for v in self.w)
        return f"LogisticRegression(w=[{w}], b={self.b:.3f}, loss={self.loss_name!r})"

    def copy(self):
        return LogisticRegression(self.w.size, w=self.w.copy(), b=self.b, loss=self.loss_name)

    def _X(self, X):
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != self.w.size:
            raise ValueError(f"X must have shape (n, {self.w.size}) (one row per example), got {X.shape}")
        return X

    def forward(self, X):
        """The logits ``z = X @ w + b``, one per row of ``X``."""
        return self._X(X) @ self.w + self.b

    def predict_proba(self, X):
        """The probability of "cat" (label 1) for each row: ``sigmoid(forward(X))``."""
        return sigmoid(self.forward(X))

    def loss(self, X, y) -> float:
        """The mean loss over the examples (cross-entropy from the logits, or MSE on the probabilities)."""
        z = self.forward(X)
        y = np.asarray(y, dtype=float)
        if self.loss_name == "cross_entropy":
            return float(binary_cross_entropy_with_logits(y, z))
        return float(mse(y, sigmoid(z)))

    def backward(self, X, y):
        """``(dL/dw, dL/db)``: the slope of the loss per logit, pushed back through ``z = X @ w + b``."""
        X = self._X(X)
        z = X @ self.w + self.b
        y = np.asarray(y, dtype=float)
        if self.loss_name == "cross_entropy":
            dz = binary_cross_entropy_with_logits_grad(y, z)  # (p - y) / n
        else:
            dz = mse_on_probability_grad_logit(y, z)  # 2 (p - y) p (1 - p) / n
        return X.T @ dz, float(np.sum(dz))

    def step(self, X, y, lr: float):
        """One gradient-descent update with learning rate ``lr`` (changes ``w`` and ``b`` in place)."""
        dw, db = self.backward(X, y)
        self.w = self.w - lr * dw
        self.b = self.b - lr * db


@dataclass(frozen=True)
class History:
    """What ``train_logistic`` records at steps 0, 1, ..., ``steps`` (index k: the model *before* update k+1).

    ``w`` has shape ``(steps + 1, n_features)``; ``b``, ``loss`` (the loss trained on) and ``accuracy`` have shape
    ``(steps + 1,)``. ``cross_entropy`` is the cross-entropy at each step whatever the training loss, so runs with
    different losses can be compared on one scale.
    """

    w: np.ndarray
    b: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    cross_entropy: np.ndarray

    @property
    def steps(self) -> int:
        return self.loss.size - 1

    def model(self, k: int, loss: str = "cross_entropy") -> LogisticRegression:
        """The model as it was after ``k`` updates."""
        return LogisticRegression(self.w.shape[1], w=self.w[k], b=self.b[k], loss=loss)

    def first_step_reaching(self, accuracy: float):
        """The first step whose accuracy is at least ``accuracy`` (a share, 0 to 1), or ``None`` if no step reaches it.

        >>> import numpy as np
        >>> History(w=np.zeros((3, 1)), b=np.zeros(3), loss=np.zeros(3), accuracy=np.array([0.2, 0.85, 0.9]),
        ...         cross_entropy=np.zeros(3)).first_step_reaching(0.8)
        1
        """
        if not 0.0 <= accuracy <= 1.0:
            raise ValueError(f"accuracy must be a share between 0 and 1 (0.8 for 80%), got {accuracy!r}")
        hit = np.flatnonzero(self.accuracy >= accuracy)
        return int(hit[0]) if hit.size else None


def train_logistic(X, y, *, lr: float, steps: int, loss: str = "cross_entropy", w0=None, b0: float = 0.0) -> History:
    """Gradient descent on a ``LogisticRegression`` from ``(w0, b0)``; the history of every step.

    The same loop a learner writes by hand: forward, loss, backward, update, ``steps`` times. Fast enough to run in
    a slider callback (a few milliseconds for 200 steps on 60 examples).

    >>> from lossbook.datasets import two_blobs
    >>> X, y = two_blobs(n=40, seed=0)
    >>> h = train_logistic(X, y, lr=0.5, steps=50)
    >>> h.w.shape, bool(h.loss[-1] < h.loss[0])
    ((51, 2), True)
    """
    _check_loss(loss)
    if not (isinstance(lr, (int, float, np.floating)) and lr > 0 and np.isfinite(lr)):
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    model = LogisticRegression(X.shape[1], w=w0, b=b0, loss=loss)
    X = model._X(X)
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must hold one label per row of X, shape ({X.shape[0]},), got {y.shape}")
    ws = np.empty((steps + 1, X.shape[1]))
    bs = np.empty(steps + 1)
    w, b, n = model.w.copy(), model.b, X.shape[0]
    # The loop of LogisticRegression.step, without re-validating the same arrays on every step (a widget runs 200
    # steps per slider move). The slope per logit is written out: (p - y)/n for cross-entropy, which is exactly
    # lb.binary_cross_entropy_with_logits_grad, and 2(p - y)p(1 - p)/n for MSE (tests check both against lossbook).
    for k in range(steps + 1):
        ws[k], bs[k] = w, b
        if k == steps:
            break
        p = 0.5 + 0.5 * np.tanh(0.5 * (X @ w + b))  # sigmoid, without overflow for any logit
        dz = (p - y) / n if loss == "cross_entropy" else 2.0 * (p - y) * p * (1.0 - p) / n
        w = w - lr * (X.T @ dz)
        b = b - lr * float(dz.sum())
    # Losses and accuracies of every step at once: (steps + 1, n) logits.
    Z = ws @ X.T + bs[:, None]
    Y = np.broadcast_to(y, Z.shape)
    ce = binary_cross_entropy_with_logits(Y, Z, reduction="none").mean(axis=1)
    P = sigmoid(Z)
    trained = ce if loss == "cross_entropy" else mse(Y, P, reduction="none").mean(axis=1)
    acc = np.mean((P > 0.5) == (Y > 0.5), axis=1)
    return History(w=ws, b=bs, loss=trained, accuracy=acc, cross_entropy=ce)


def logistic_loss_grid(x, y, ws, bs, *, loss: str = "cross_entropy"):
    """The loss of the one-feature model ``sigmoid(w*x + b)`` over a grid: ``Z[i, j]`` at ``(ws[j], bs[i])``.

    One vectorised call for the whole grid (what a landscape figure needs, computed once).

    >>> x, y = np.array([1.0, -1.0]), np.array([1.0, 0.0])
    >>> Z = logistic_loss_grid(x, y, np.array([0.0, 1.0]), np.array([0.0]))
    >>> Z.shape, round(float(Z[0, 0]), 4)
    ((1, 2), 0.6931)
    """
    _check_loss(loss)
    x = np.asarray(x, dtype=float).reshape(-1)
    y = np.asarray(y, dtype=float).reshape(-1)
    ws = np.asarray(ws, dtype=float)
    bs = np.asarray(bs, dtype=float)
    z = ws[None, :, None] * x + bs[:, None, None]
    Y = np.broadcast_to(y, z.shape)
    if loss == "cross_entropy":
        return binary_cross_entropy_with_logits(Y, z, reduction="none").mean(axis=-1)
    return mse(Y, sigmoid(z), reduction="none").mean(axis=-1)


# ---------------------------------------------------------------------------------------------------------------------
# Retraining only the bias (lesson 3.5, class weights)
# ---------------------------------------------------------------------------------------------------------------------
def fit_bias(grad, y, z, *, lo: float = -30.0, hi: float = 30.0, **options) -> float:
    """The bias ``b`` that a model with fixed scores ``z`` learns under a loss: the zero of the slope
    ``sum(grad(y, z + b))`` in ``[lo, hi]``, found by regula falsi in its Illinois form (a bracket that always
    holds the zero, narrowed along the secant; about ten steps to 1e-12).

    ``grad`` is a lossbook gradient with respect to the logits, such as ``lb.binary_cross_entropy_with_logits_grad``
    or ``lb.focal_with_logits_grad``; ``options`` go to it (``pos_weight=9.0``, ``alpha=0.25, gamma=2.0``). The slope
    must be negative at ``lo`` and positive at ``hi``: the loss falls, then rises, as the bias grows. For a convex loss
    (cross-entropy, weighted or not) the zero is the minimum.

    >>> import numpy as np, lossbook as lb
    >>> y, z = np.array([1.0, 0.0, 0.0, 0.0]), np.zeros(4)
    >>> b = fit_bias(lb.binary_cross_entropy_with_logits_grad, y, z)
    >>> round(float(lb.sigmoid(b)), 6)       # one positive in four: cross-entropy learns p = 1/4
    0.25
    >>> b3 = fit_bias(lb.binary_cross_entropy_with_logits_grad, y, z, pos_weight=3.0)
    >>> round(float(lb.sigmoid(b3)), 6)      # the positive counted 3 times: 3 of 6, p = 1/2
    0.5
    """
    if not callable(grad):
        raise TypeError("grad must be a gradient function such as lb.binary_cross_entropy_with_logits_grad, "
                        f"got {grad!r}")
    z = np.asarray(z, dtype=float)
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"lo and hi must be finite with lo < hi, got lo={lo!r}, hi={hi!r}")

    def slope(b):
        return float(np.sum(grad(y, z + b, reduction="none", **options)))

    f_lo, f_hi = slope(lo), slope(hi)
    if not f_lo < 0.0 < f_hi:
        raise ValueError(f"the loss's slope must be negative at lo={lo!r} and positive at hi={hi!r} "
                         "(its minimum inside); widen [lo, hi]")
    b, kept = lo, 0
    for _ in range(200):
        previous, b = b, (lo * f_hi - hi * f_lo) / (f_hi - f_lo)  # where the secant crosses zero
        f_b = slope(b)
        if f_b == 0.0 or abs(b - previous) < 1e-12:
            break
        if f_b > 0.0:
            hi, f_hi = b, f_b
            f_lo = f_lo / 2 if kept == 1 else f_lo  # Illinois: an end kept twice counts half, so it moves
            kept = 1
        else:
            lo, f_lo = b, f_b
            f_hi = f_hi / 2 if kept == -1 else f_hi
            kept = -1
    return b


def fit_temperature(y, z, *, lo: float = 0.05, hi: float = 20.0) -> float:
    """Temperature scaling (Guo et al., 2017): the one number ``T`` in ``[lo, hi]`` that minimises the binary
    cross-entropy of ``sigmoid(z / T)`` against the outcomes ``y``; fit it on validation data, not training data.

    In ``s = 1 / T`` the loss is convex (a logistic regression with one weight and no bias), so its slope
    ``sum((sigmoid(s z) - y) z)`` only rises: bisection on ``s`` finds its zero. ``T > 1`` means the logits were too
    big (an overconfident model), ``T < 1`` too small. Dividing every logit by the same positive ``T`` keeps their
    order and signs, so the decisions at 0.5 and the ranking do not change; only the probabilities do. If the best
    ``T`` lies outside ``[lo, hi]`` (the logits carry no signal, or point the wrong way), this is a ValueError.

    >>> import numpy as np, lossbook as lb
    >>> q, y = lb.datasets.forecasts(seed=0)
    >>> z = np.log(q / (1 - q))                      # calibrated logits
    >>> round(fit_temperature(y, 3 * z), 2)          # three times too big: T near 3 (a finite sample)
    2.95

    Reference: C. Guo, G. Pleiss, Y. Sun and K. Q. Weinberger, "On calibration of modern neural networks", ICML 2017.
    """
    z = np.asarray(z, dtype=float)
    if not (np.isfinite(lo) and np.isfinite(hi) and 0 < lo < hi):
        raise ValueError(f"lo and hi must be finite with 0 < lo < hi, got lo={lo!r}, hi={hi!r}")

    def slope(s):  # d/ds of the summed cross-entropy of sigmoid(s z): sum((p - y) z)
        return float(np.sum(binary_cross_entropy_with_logits_grad(y, s * z, reduction="none") * z))

    s_lo, s_hi = 1.0 / hi, 1.0 / lo
    if not slope(s_lo) < 0.0 < slope(s_hi):
        raise ValueError(f"the best temperature is not between lo={lo!r} and hi={hi!r}: do the logits z carry any "
                         "signal about y (and point the right way)? Otherwise widen [lo, hi]")
    for _ in range(100):  # each step halves the bracket; 100 steps reach the limit of float64
        mid = 0.5 * (s_lo + s_hi)
        if slope(mid) > 0.0:
            s_hi = mid
        else:
            s_lo = mid
    return 1.0 / (0.5 * (s_lo + s_hi))


# ---------------------------------------------------------------------------------------------------------------------
# A bigram language model (lesson 3.7, "Perplexity")
# ---------------------------------------------------------------------------------------------------------------------
def _check_tokens(tokens, vocab_size, name="tokens"):
    t = np.asarray(tokens)
    if t.ndim != 1 or t.size < 2 or t.dtype.kind not in "iu":
        raise ValueError(f"{name} must be a 1-D array of at least 2 integer token ids (encode_characters gives one), "
                         f"got shape {t.shape} and dtype {t.dtype}")
    if t.min() < 0 or t.max() >= vocab_size:
        raise ValueError(f"{name} must lie in [0, vocab_size) = [0, {vocab_size}), got ids from {t.min()} to {t.max()}")
    return t


def bigram_model(tokens, vocab_size: int, *, smoothing: float = 1.0) -> np.ndarray:
    r"""A bigram language model fitted by counting, with add-k smoothing: a ``(V, V)`` table whose row ``a`` is the
    probability of every next token after token ``a``.

    .. math:: P(b \mid a) = \frac{\operatorname{count}(a\,b) + k}{\operatorname{count}(a\,\cdot) + kV}

    ``count(a b)`` counts the places where ``b`` follows ``a`` in ``tokens``, ``count(a .)`` every token after an
    ``a``; ``k = smoothing > 0`` is added to every count, so no pair has probability 0. A small ``k`` trusts the
    counts (a pair never seen gets almost nothing); a large one pulls every row towards the uniform ``1/V``.
    This is the maximum-likelihood fit (the counts' shares) when ``k`` goes to 0.

    >>> import numpy as np
    >>> table = bigram_model(np.array([0, 1, 0, 1, 1]), 2, smoothing=1.0)
    >>> table.tolist()            # after 0: (0+1)/(2+2), (2+1)/(2+2); after 1: (1+1)/(2+2), (1+1)/(2+2)
    [[0.25, 0.75], [0.5, 0.5]]

    Reference: Jurafsky and Martin, *Speech and Language Processing* (3rd ed. draft), chapter 3 (n-gram language
    models, add-k smoothing).
    """
    if isinstance(vocab_size, bool) or not isinstance(vocab_size, (int, np.integer)) or vocab_size < 2:
        raise ValueError(f"vocab_size must be a whole number of at least 2, got {vocab_size!r}")
    if isinstance(smoothing, bool) or not isinstance(smoothing, (int, float, np.floating)) \
            or not 0 < smoothing < np.inf:
        raise ValueError(f"smoothing must be a positive finite number (add-k smoothing; 1.0 is Laplace's), "
                         f"got {smoothing!r}")
    t = _check_tokens(tokens, vocab_size)
    counts = np.zeros((vocab_size, vocab_size))
    np.add.at(counts, (t[:-1], t[1:]), 1.0)  # one count per neighbouring pair (a, b)
    return (counts + smoothing) / (counts.sum(axis=1, keepdims=True) + smoothing * vocab_size)


def next_token_predictions(table, tokens):
    """What a bigram ``table`` predicts along ``tokens``: the labels (every token after the first) and, for each, the
    row of probabilities the model gave after the token before it. These are the inputs of ``lb.perplexity``.

    >>> import numpy as np
    >>> labels, rows = next_token_predictions(np.array([[0.25, 0.75], [0.5, 0.5]]), np.array([0, 1, 1]))
    >>> labels.tolist(), rows.tolist()
    ([1, 1], [[0.25, 0.75], [0.5, 0.5]])
    """
    table = np.asarray(table, dtype=float)
    if table.ndim != 2 or table.shape[0] != table.shape[1]:
        raise ValueError(f"table must be a square (V, V) array from bigram_model, got shape {table.shape}")
    t = _check_tokens(tokens, table.shape[0])
    return t[1:], table[t[:-1]]
