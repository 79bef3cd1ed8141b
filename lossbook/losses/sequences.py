r"""Sequence losses: Connectionist Temporal Classification (CTC) and the helpers a lesson needs to look inside it.

CTC scores a label sequence (say the characters ``"cat"``) against ``T`` frames of per-class scores without knowing
which frame belongs to which label. An *alignment* (a *path*) chooses one class per frame, a *blank* included; it
*collapses* to a label sequence by merging adjacent repeats and then dropping the blanks::

    path  _ c c _ a t t      (T = 7 frames, "_" is the blank)
    merge _ c _ a t
    drop  c a t

The loss is ``-log`` of the total probability of every path that collapses to the labels. The sum has exponentially
many terms, but the *forward-backward* recursion (dynamic programming on the *lattice* of frames times positions in
the extended label sequence ``_ c _ a _ t _``) computes it in ``O(T * L)`` steps.

Public names:

- :func:`ctc` and :func:`ctc_grad`: the loss and its gradient with respect to the logits.
- :func:`ctc_lattice`: the forward (alpha), backward (beta) and posterior lattices, for plotting.
- :func:`ctc_paths`: every valid alignment of a short sequence, enumerated (for the lesson's "sum over paths").
- :func:`ctc_collapse`: merge repeats, drop blanks.

Everything is computed in log space: the probability of a long sequence underflows float64 long before its logarithm
does (200 frames at probability 0.01 each is ``1e-400``, which is 0.0 in float64, but its log is a comfortable -921).
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np

from .._validation import as_float_array
from ..activations import log_softmax

__all__ = ["ctc", "ctc_grad", "ctc_lattice", "ctc_paths", "ctc_collapse", "CTCLattice"]

# ctc_paths refuses to enumerate more alignments than this unless told otherwise: the count grows combinatorially
# (labels [1, 2, 3] have 5,005 alignments in 12 frames, 100,947 in 20 and 67,945,521 in 60).
MAX_PATHS = 100_000


def ctc(labels, logits, *, blank=0):
    r"""Connectionist Temporal Classification loss of one sequence: ``-log p(labels | logits)``.

    .. math::

        \mathcal{L} = -\log \sum_{\pi \in \mathcal{B}^{-1}(\mathbf{l})} \prod_{t=0}^{T-1} y^t_{\pi_t},
        \qquad y^t = \mathrm{softmax}(\text{logits}_t)

    where :math:`\mathcal{B}` collapses a path (merge adjacent repeats, then drop blanks) and the sum runs over every
    path of length ``T`` that collapses to the labels. It is computed by the forward recursion in log space, in
    ``O(T * L)`` time, not by enumerating paths.

    Domain:

    - ``labels``: 1-D sequence of integer class labels in ``[0, C)``, none equal to ``blank`` (CTC inserts the
      blanks itself); may be empty, then the loss is ``-sum_t log y^t_blank``.
    - ``logits``: finite array of shape ``(T, C)``, unnormalised scores, one row per frame; the log-softmax over
      classes is applied inside.
    - ``blank``: integer class index in ``[0, C)``, default 0.

    Returns a Python float: ``inf`` when no alignment fits in ``T`` frames, that is when
    ``T < len(labels) + (number of adjacent equal labels)`` (each repeat needs a blank between its copies), and no
    ``RuntimeWarning`` is raised. There is no ``reduction`` argument: this is the summed loss of a single sequence
    (PyTorch's ``ctc_loss(..., reduction="sum")`` for a batch of one); average over a batch yourself.

    Two frames, two classes (0 is the blank), equal logits: every frame gives each class probability 1/2. The
    paths that collapse to ``[1]`` are ``(1, 1)``, ``(0, 1)`` and ``(1, 0)``, so ``p = 3/4``:

    >>> import lossbook as lb
    >>> import numpy as np
    >>> round(lb.ctc([1], np.zeros((2, 2))), 6)
    0.287682
    >>> import math
    >>> round(-math.log(3 / 4), 6)
    0.287682
    >>> lb.ctc([1, 1], np.zeros((2, 2)))  # "1 _ 1" needs three frames
    inf

    Reference: Graves, Fernández, Gomez and Schmidhuber, "Connectionist temporal classification: labelling
    unsegmented sequence data with recurrent neural networks", ICML 2006.
    """
    labels, logits, blank = _ctc_inputs(labels, logits, blank)
    ext = _extended(labels, blank)
    # log y^t_{l'_s}: the log-softmax of each frame (never log(0) for finite logits), at the extended labels' classes
    log_ye = log_softmax(logits, axis=1)[:, ext]
    alpha = _alpha(log_ye, _skips(ext, blank))
    # 0.0 - log p rather than -log p: a certain labelling gives 0.0, not -0.0; no alignment gives -(-inf) = inf
    return float(0.0 - _log_likelihood(alpha))


def ctc_grad(labels, logits, *, blank=0):
    r"""Gradient of :func:`ctc` with respect to the logits, shape ``(T, C)``.

    .. math::

        \frac{\partial \mathcal{L}}{\partial z^t_k} = y^t_k - \frac{1}{p(\mathbf{l} \mid z)}
        \sum_{s \,:\, l'_s = k} \alpha_t(s)\,\beta_t(s) / y^t_k
        = y^t_k - \gamma_t(k)

    where :math:`y^t = \mathrm{softmax}(z^t)` and :math:`\gamma_t(k)` is the posterior probability that frame ``t``
    emits class ``k``, given that the path collapses to the labels (the alpha-beta result of Graves et al. 2006,
    eq. 16). Each row is a softmax minus a probability distribution, so it sums to 0.

    Same arguments and domain as :func:`ctc`. When no alignment fits in ``T`` frames the loss is ``inf`` for every
    value of the logits, so there is no downhill direction: the gradient is then all **zeros** (what PyTorch returns
    with ``zero_infinity=True``), never NaN. (The same holds when every alignment has a probability below the float
    range, which needs logits about 1e308 apart.) ``reduction`` does not apply (one sequence).

    >>> import lossbook as lb
    >>> import numpy as np
    >>> g = lb.ctc_grad([1], np.zeros((2, 2)))  # softmax 1/2 minus occupation: blank 1/3, label 2/3
    >>> np.round(g * 6, 6)
    array([[ 1., -1.],
           [ 1., -1.]])
    >>> lb.ctc_grad([1, 1], np.zeros((2, 2)))  # infeasible: zeros
    array([[0., 0.],
           [0., 0.]])

    Reference: Graves, Fernández, Gomez and Schmidhuber, ICML 2006, section 4.2.
    """
    labels, logits, blank = _ctc_inputs(labels, logits, blank)
    log_y = log_softmax(logits, axis=1)
    lattice = _lattice(log_y, labels, blank)
    if lattice.loss == np.inf:
        # No alignment: the loss is inf whatever the logits. Zeros (PyTorch's zero_infinity=True), not NaN.
        return np.zeros(logits.shape)
    gamma = np.exp(lattice.log_posterior)
    # gamma_t(k) sums the positions that carry class k (every blank, and a label that occurs twice)
    occupation = np.zeros(logits.shape)
    for s, k in enumerate(lattice.extended_labels):
        occupation[:, k] += gamma[:, s]
    return np.exp(log_y) - occupation  # y^t_k - gamma_t(k), Graves eq. 16: each row sums to 1 - 1 = 0


def ctc_lattice(labels, logits, *, blank=0):
    r"""The CTC forward-backward lattices, for plotting where the probability mass flows.

    Rows are frames ``t = 0..T-1``, columns the positions ``s = 0..2L`` of the extended label sequence ``l'``
    (blank, label 1, blank, label 2, ..., blank). Graves et al. (2006), eq. 5-14:

    .. math::

        \alpha_t(s) = y^t_{l'_s} \big(\alpha_{t-1}(s) + \alpha_{t-1}(s-1) + [\text{skip}]\,\alpha_{t-1}(s-2)\big),
        \qquad \gamma_t(s) = \frac{\alpha_t(s)\,\beta_t(s)}{y^t_{l'_s}\, p(\mathbf{l} \mid z)}

    with the skip allowed onto a label that differs from the label two positions back. Every array holds natural
    logs (``-inf`` for an unreachable cell): plot ``np.exp(lattice.log_posterior)`` as an image, frames on one axis and
    ``lattice.extended_labels`` on the other.

    Same arguments and domain as :func:`ctc`. Returns a :class:`CTCLattice` named tuple
    ``(extended_labels, log_alpha, log_beta, log_posterior, loss)``.

    >>> import lossbook as lb
    >>> import numpy as np
    >>> lat = lb.ctc_lattice([1], np.zeros((2, 2)))
    >>> lat.extended_labels
    array([0, 1, 0])
    >>> np.round(np.exp(lat.log_posterior) * 3, 6)  # paths (1,1), (0,1), (1,0): positions visited, out of 3
    array([[1., 2., 0.],
           [0., 2., 1.]])

    Reference: Graves, Fernández, Gomez and Schmidhuber, ICML 2006, section 4.1.
    """
    labels, logits, blank = _ctc_inputs(labels, logits, blank)
    return _lattice(log_softmax(logits, axis=1), labels, blank)


class CTCLattice(NamedTuple):
    """What :func:`ctc_lattice` returns. All log-probabilities are natural logs; ``-inf`` marks an impossible cell."""

    extended_labels: np.ndarray
    """``l'``, shape ``(S,)`` with ``S = 2 * len(labels) + 1``: the labels with a blank before, between and after."""
    log_alpha: np.ndarray
    """``(T, S)``: log-probability of frames ``0..t`` summed over path prefixes at position ``s`` at frame ``t``."""
    log_beta: np.ndarray
    """``(T, S)``: log-probability of frames ``t..T-1`` summed over path suffixes from position ``s`` at frame ``t``
    (frame ``t`` included in both, as in Graves et al. 2006)."""
    log_posterior: np.ndarray
    """``(T, S)``: log of the probability that the path is at position ``s`` at frame ``t``, given the labels;
    ``exp`` of each row sums to 1 (all ``-inf`` when no alignment fits)."""
    loss: float
    """The CTC loss, equal to ``ctc(labels, logits, blank=blank)``."""


def ctc_collapse(path, *, blank=0):
    """Collapse a CTC path to its label sequence: merge adjacent repeats, then drop the blanks.

    Domain: ``path`` a 1-D sequence of non-negative integer class indices (may be empty); ``blank`` a non-negative
    integer. Returns a list of Python ints. The order matters: ``1 1`` merges to ``1``, but ``1 _ 1`` keeps both
    ones, because the blank separates them.

    >>> import lossbook as lb
    >>> lb.ctc_collapse([0, 3, 3, 0, 1, 2, 2])
    [3, 1, 2]
    >>> lb.ctc_collapse([1, 1, 0, 1])
    [1, 1]
    >>> lb.ctc_collapse([2, 2, 2], blank=2)
    []

    Reference: Graves, Fernández, Gomez and Schmidhuber, ICML 2006, section 3 (the map :math:`\\mathcal{B}`).
    """
    path = _as_int_sequence(path, "path", "class indices")
    blank = _check_blank(blank)
    if path.size == 0:
        return []
    keep = np.ones(path.size, dtype=bool)
    keep[1:] = path[1:] != path[:-1]  # first of each run of equal symbols
    merged = path[keep]
    return [int(k) for k in merged[merged != blank]]


def ctc_paths(labels, T, *, blank=0, max_paths=MAX_PATHS):
    """Every alignment (path) of ``T`` frames that collapses to ``labels``, one per row.

    Domain: ``labels`` a 1-D sequence of non-negative integer labels, none equal to ``blank`` (may be empty);
    ``T`` a positive integer (the number of frames); ``blank`` a non-negative integer. Returns an integer array of
    shape ``(n_paths, T)``, in lexicographic order of the lattice positions the paths visit (a path that lingers
    on earlier positions of the extended labels comes first). ``n_paths`` is 0 when ``T`` is too short. Raises
    ``ValueError`` when there would be more than ``max_paths`` paths: the count grows combinatorially with ``T``.

    With ``probs = lb.softmax(logits)``, the CTC probability is the sum over these rows of the products of
    ``probs[t, path[t]]``: ``np.exp(-lb.ctc(labels, logits))`` equals
    ``probs[np.arange(T), paths].prod(axis=1).sum()``.

    >>> import lossbook as lb
    >>> lb.ctc_paths([1], 2)
    array([[0, 1],
           [1, 1],
           [1, 0]])
    >>> lb.ctc_paths([1, 1], 3)
    array([[1, 0, 1]])
    >>> lb.ctc_paths([1, 2], 3).shape
    (5, 3)

    Reference: Graves, Fernández, Gomez and Schmidhuber, ICML 2006, section 3.
    """
    blank = _check_blank(blank)
    labels = _as_ctc_labels(labels, blank)
    if isinstance(T, (bool, np.bool_)) or not isinstance(T, (numbers.Integral, np.integer)) or T < 1:
        raise ValueError(f"T (the number of frames) must be a positive integer, got {T!r}")
    T = int(T)
    if isinstance(max_paths, bool) or not isinstance(max_paths, (numbers.Integral, np.integer)) or max_paths < 0:
        raise ValueError(f"max_paths must be a non-negative integer, got {max_paths!r}")
    ext = _extended(labels, blank)
    S = ext.size
    skip = _skips(ext, blank).tolist()

    # completions[t][s]: how many path suffixes lead from position s at frame t to a valid end (exact Python ints,
    # no overflow). The same recursion as beta, counting paths instead of summing probabilities.
    completions = [[0] * S for _ in range(T)]
    completions[T - 1][S - 1] = 1
    if S > 1:
        completions[T - 1][S - 2] = 1

    def successors(s):
        yield s  # stay
        if s + 1 < S:
            yield s + 1  # advance
        if s + 2 < S and skip[s + 2]:
            yield s + 2  # skip a blank between two different labels

    for t in range(T - 2, -1, -1):
        nxt = completions[t + 1]
        completions[t] = [sum(nxt[u] for u in successors(s)) for s in range(S)]
    starts = [s for s in (0, 1) if s < S]
    n_paths = sum(completions[0][s] for s in starts)
    if n_paths > max_paths:
        raise ValueError(
            f"labels of length {labels.size} have {n_paths:,} alignments in T={T} frames, more than "
            f"max_paths={max_paths:,}; use fewer frames or labels, or raise max_paths if you really want them all"
        )

    # Grow every partial path one frame at a time (all of them at once, as rows of an array), keeping only the moves
    # into cells from which a valid end is still reachable: no dead ends, so the work is O(n_paths * T).
    alive = np.array([[count > 0 for count in row] for row in completions])  # counts may exceed int64: compare first
    skip_ok = np.array(skip + [False, False])  # padded: skip_ok[s + 2] exists for every position s
    states = np.array([[s] for s in starts if alive[0, s]], dtype=np.intp).reshape(-1, 1)
    for t in range(1, T):
        last = states[:, -1]
        grown = []
        for move in (0, 1, 2):  # stay, advance, skip
            nxt = last + move
            ok = nxt < S
            if move == 2:
                ok &= skip_ok[nxt]  # only onto a label that differs from the one two positions back
            ok[ok] = alive[t, nxt[ok]]  # index alive only where nxt is a real position
            grown.append(np.column_stack([states[ok], nxt[ok]]))
        states = np.concatenate(grown)
    states = states[np.lexsort(states.T[::-1])]  # lexicographic order of the positions visited, frame 0 first
    return ext[states]


# --------------------------------------------------------------------------------------------------------------------
# Private helpers: the input checks, then the lattice (Graves et al. 2006, section 4.1)
# --------------------------------------------------------------------------------------------------------------------


def _ctc_inputs(labels, logits, blank):
    """The one preamble of ctc, ctc_grad and ctc_lattice, in this order: ``logits``, ``blank``, ``labels``."""
    logits = as_float_array(logits, "logits")
    if logits.ndim != 2:
        hint = " (one sequence at a time: for a batch, call ctc once per sequence)" if logits.ndim == 3 else ""
        raise ValueError(
            f"logits must be a 2-D array of shape (T, C): one row of C class scores per frame, but it has shape "
            f"{logits.shape}{hint}"
        )
    blank = _check_blank(blank, logits.shape[1])
    labels = _as_ctc_labels(labels, blank, logits.shape[1])
    return labels, logits, blank


def _check_blank(blank, n_classes=None) -> int:
    """``blank`` as a Python int, in ``[0, n_classes)`` when ``n_classes`` is given."""
    if isinstance(blank, (bool, np.bool_)) or not isinstance(blank, (numbers.Integral, np.integer)):
        raise TypeError(f"blank must be an integer class index (usually 0), got {blank!r}")
    blank = int(blank)
    if blank < 0:
        hint = f" (for the last class pass blank={n_classes - 1})" if n_classes is not None else ""
        raise ValueError(f"blank must be a class index >= 0, got {blank}; negative indices are not accepted{hint}")
    if n_classes is not None and blank >= n_classes:
        raise ValueError(
            f"blank must lie in [0, {n_classes}) for logits with {n_classes} classes (columns), got {blank}"
        )
    return blank


def _as_ctc_labels(labels, blank: int, n_classes=None) -> np.ndarray:
    """CTC labels as an ``intp`` array: whole numbers in ``[0, n_classes)`` (when given), none equal to ``blank``."""
    labels = _as_int_sequence(labels, "labels", "class labels", n_classes)
    if np.any(labels == blank):
        where = int(np.flatnonzero(labels == blank)[0])
        raise ValueError(
            f"labels must not contain the blank index {blank} (labels[{where}] == {blank}): CTC inserts the blanks "
            f"itself, between and around the labels. Remove it (labels[labels != {blank}]), or if {blank} is a real "
            "class, choose another blank= index"
        )
    return labels


def _as_int_sequence(value, name: str, what: str, n_classes=None) -> np.ndarray:
    """A 1-D sequence of whole numbers (possibly empty) in ``[0, n_classes)`` (when given) as an ``intp`` array;
    ``what`` names the thing in messages."""
    if isinstance(value, np.ma.MaskedArray):  # np.asarray would silently drop the mask
        raise TypeError(f"{name} is a masked array; CTC does not skip masked {what}, so pass only the ones that count "
                        f"({name}.compressed())")
    try:
        array = np.asarray(value)
    except Exception as err:  # ragged nested lists and the like
        raise TypeError(f"{name} could not be read as an array ({err}); pass a 1-D list of integer {what}") from None
    if array.dtype == object or array.dtype.kind in "USVOMmc":
        raise TypeError(f"{name} must hold integer {what}, but it has dtype {array.dtype}")
    if array.dtype.kind == "b":
        raise TypeError(f"{name} is boolean; pass integer {what} (e.g. {name}.astype(int))")
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be a 1-D sequence of integer {what} (one sequence), but it has shape {array.shape}; "
            "for a batch, call the function once per sequence"
        )
    if array.size == 0:
        return np.zeros(0, dtype=np.intp)  # np.asarray([]) is float64: an empty sequence is fine whatever its dtype
    if array.dtype.kind == "f":
        if not np.all(np.isfinite(array)) or not np.all(array == np.round(array)):
            raise ValueError(
                f"{name} must hold whole numbers (0, 1, 2, ...), but it holds non-integers: {what} are indices"
            )
    if array.min() < 0:
        raise ValueError(f"{name} must hold indices >= 0, but its smallest value is {array.min():g}")
    # Range checks before the cast to intp, which would wrap a uint64 2**64 - 1 to -1 and turn 1e20 into garbage.
    largest = int(array.max())  # exact: a Python int, for whole floats and 64-bit unsigned values alike
    if n_classes is not None and largest >= n_classes:
        raise ValueError(
            f"{name} must lie in [0, {n_classes}) for logits with {n_classes} classes (columns), but the largest is "
            f"{largest}; labels count from 0 (subtract 1 if yours count from 1)"
        )
    if largest > np.iinfo(np.intp).max:
        raise ValueError(
            f"{name} must hold indices up to {np.iinfo(np.intp).max} (a {np.dtype(np.intp).itemsize * 8}-bit "
            f"integer), but its largest value is {largest}"
        )
    return array.astype(np.intp)


def _extended(labels: np.ndarray, blank: int) -> np.ndarray:
    """The extended label sequence ``l'``: a blank before, between and after the labels; length ``2L + 1``."""
    ext = np.full(2 * labels.size + 1, blank, dtype=np.intp)
    ext[1::2] = labels
    return ext


def _skips(ext: np.ndarray, blank: int) -> np.ndarray:
    """``skip[s]``: may a path jump from position ``s - 2`` straight to ``s``?

    Only onto a label (never onto a blank) and only when that label differs from the one two positions back: between
    two equal labels (``[1, 1]``) the blank is compulsory, otherwise the path would collapse to a single ``1``.
    """
    skip = np.zeros(ext.size, dtype=bool)
    skip[2:] = (ext[2:] != blank) & (ext[2:] != ext[:-2])
    return skip


def _lattice(log_y: np.ndarray, labels: np.ndarray, blank: int) -> CTCLattice:
    """Alpha, beta and the log-posterior of every cell, from the log-softmax ``log_y`` of checked logits."""
    ext = _extended(labels, blank)
    skip = _skips(ext, blank)
    log_ye = log_y[:, ext]  # log y^t_{l'_s}: (T, S)
    alpha, beta = _alpha(log_ye, skip), _beta(log_ye, skip)
    log_p = _log_likelihood(alpha)
    if log_p == -np.inf:
        log_post = np.full(alpha.shape, -np.inf)  # no alignment at all: nothing to occupy
    else:
        log_post = _log_posterior(alpha, beta, log_ye)
    return CTCLattice(ext, alpha, beta, log_post, float(0.0 - log_p))


def _alpha(log_ye: np.ndarray, skip: np.ndarray) -> np.ndarray:
    r"""The forward variables in logs, Graves et al. (2006) eq. 5-7: ``alpha[t, s]`` is the log of the total
    probability of the path prefixes (frames ``0..t``) that are at position ``s`` of ``l'`` at frame ``t``::

        alpha[t, s] = log y^t_{l'_s} + logsumexp(alpha[t-1, s], alpha[t-1, s-1], alpha[t-1, s-2] if skip[s])

    ``log_ye[t, s] = log y^t_{l'_s}``; ``skip`` as :func:`_skips`.
    """
    T, S = log_ye.shape
    alpha = np.full((T, S), -np.inf)  # log 0: no prefix reaches the cell
    alpha[0, :2] = log_ye[0, :2]  # a path starts on the leading blank or on the first label
    # Two log-probabilities below -9e307 add up beyond the float range: -inf is then the correctly rounded log.
    with np.errstate(over="ignore"):
        for t in range(1, T):
            prev = alpha[t - 1]
            # stay on s or advance from s - 1: logaddexp(a, b) = log(e^a + e^b) stays in log space (-inf + -inf: -inf)
            stay_or_advance = np.logaddexp(prev, _shifted(prev, 1, -np.inf))
            jump = np.where(skip, _shifted(prev, 2, -np.inf), -np.inf)  # skip the blank from s - 2, where allowed
            alpha[t] = np.logaddexp(stay_or_advance, jump) + log_ye[t]
    return alpha


def _beta(log_ye: np.ndarray, skip: np.ndarray) -> np.ndarray:
    r"""The backward variables in logs, Graves et al. (2006) eq. 10-12 (frame ``t`` included): ``beta[t, s]`` is the
    log of the total probability of the path suffixes (frames ``t..T-1``) that leave position ``s`` at frame ``t``::

        beta[t, s] = log y^t_{l'_s} + logsumexp(beta[t+1, s], beta[t+1, s+1], beta[t+1, s+2] if skip[s+2])
    """
    T, S = log_ye.shape
    skip_ahead = _shifted(skip, -2, False)  # skip_ahead[s] = skip[s + 2]: may a path jump from s to s + 2?
    beta = np.full((T, S), -np.inf)
    beta[T - 1, -2:] = log_ye[T - 1, -2:]  # a path ends on the last label or on the trailing blank
    with np.errstate(over="ignore"):  # as in _alpha: a sum beyond the float range is -inf, correctly rounded
        for t in range(T - 2, -1, -1):
            nxt = beta[t + 1]
            stay_or_advance = np.logaddexp(nxt, _shifted(nxt, -1, -np.inf))  # stay on s or advance to s + 1
            jump = np.where(skip_ahead, _shifted(nxt, -2, -np.inf), -np.inf)  # skip the blank to s + 2, if allowed
            beta[t] = np.logaddexp(stay_or_advance, jump) + log_ye[t]
    return beta


def _log_likelihood(alpha: np.ndarray) -> float:
    """``log p(labels | logits)``: a complete path ends on the trailing blank or on the last label (the last two
    positions; the only one when there are no labels). ``-inf`` when no alignment fits."""
    return np.logaddexp.reduce(alpha[-1, -2:])


def _log_posterior(alpha, beta, log_ye):
    r"""``log gamma_t(s)``, the log-probability that the path is at position ``s`` at frame ``t`` given the labels,
    Graves et al. (2006) eq. 14-15: ``gamma_t(s) = alpha_t(s) beta_t(s) / y^t_{l'_s}``, divided by its sum over ``s``,
    which is ``p(labels | logits)`` at every frame ``t`` (each path is at exactly one position per frame)."""
    # Frame t's emission is in both alpha and beta, so it is divided out once. Where log y = -inf (a log-softmax below
    # the float range) beta is -inf too: subtract 0 there, as -inf - -inf would be NaN; the cell stays -inf.
    emission = np.where(np.isneginf(log_ye), 0.0, log_ye)
    # beta - log y first: two logs <= 0, no overflow; the sum then overflows only where its value lies below the
    # float range (-inf is correctly rounded there), never on the way to an in-range result.
    with np.errstate(over="ignore"):
        log_joint = alpha + (beta - emission)
    # Normalise each frame by its own total (a log-softmax over positions) rather than by log p: for huge logits,
    # alpha and beta carry rounding errors of the size of their magnitude (1e84 at 1e100), and log_joint - log p
    # could come out far above 0. Shifted by the row's maximum, the exponents are <= 0 with a 0 in every row.
    shifted = log_joint - np.max(log_joint, axis=1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


def _shifted(x: np.ndarray, k: int, fill) -> np.ndarray:
    """``x`` moved ``k`` places to the right (left for ``k < 0``), ``fill`` shifted in: ``out[s] = x[s - k]``."""
    out = np.full_like(x, fill)
    if k > 0:
        out[k:] = x[:-k]
    else:
        out[:k] = x[-k:]
    return out
