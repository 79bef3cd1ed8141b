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
from ..activations import _log_softmax

__all__ = ["ctc", "ctc_grad", "ctc_lattice", "ctc_paths", "ctc_collapse", "CTCLattice"]

# ctc_paths refuses to enumerate more alignments than this unless told otherwise: the count grows combinatorially
# (labels [1, 2, 3] have 5,005 alignments in 12 frames, 100,947 in 20 and 67,945,521 in 60).
MAX_PATHS = 100_000


# --------------------------------------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------------------------------------


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


def _as_int_sequence(value, name: str, what: str) -> np.ndarray:
    """A 1-D sequence of whole numbers (possibly empty) as an ``intp`` array; ``what`` names the thing in messages."""
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
    return array.astype(np.intp)


def _as_ctc_labels(labels, blank: int, n_classes=None) -> np.ndarray:
    labels = _as_int_sequence(labels, "labels", "class labels")
    if labels.size and n_classes is not None and labels.max() >= n_classes:
        raise ValueError(
            f"labels must lie in [0, {n_classes}) for logits with {n_classes} classes (columns), but the largest is "
            f"{labels.max()}; labels count from 0 (subtract 1 if yours count from 1)"
        )
    if np.any(labels == blank):
        where = int(np.flatnonzero(labels == blank)[0])
        raise ValueError(
            f"labels must not contain the blank index {blank} (labels[{where}] == {blank}): CTC inserts the blanks "
            f"itself, between and around the labels. Remove it (labels[labels != {blank}]), or if {blank} is a real "
            "class, choose another blank= index"
        )
    return labels


def _as_ctc_logits(logits) -> np.ndarray:
    logits = as_float_array(logits, "logits")
    if logits.ndim != 2:
        hint = " (one sequence at a time: for a batch, call ctc once per sequence)" if logits.ndim == 3 else ""
        raise ValueError(
            f"logits must be a 2-D array of shape (T, C): one row of C class scores per frame, but it has shape "
            f"{logits.shape}{hint}"
        )
    return logits


def _check_inputs(labels, logits, blank):
    logits = _as_ctc_logits(logits)
    blank = _check_blank(blank, logits.shape[1])
    labels = _as_ctc_labels(labels, blank, logits.shape[1])
    return labels, logits, blank


# --------------------------------------------------------------------------------------------------------------------
# The lattice
# --------------------------------------------------------------------------------------------------------------------


def _extend(labels: np.ndarray, blank: int) -> np.ndarray:
    """The extended label sequence ``l'``: a blank before, between and after the labels; length ``2L + 1``."""
    ext = np.full(2 * labels.size + 1, blank, dtype=np.intp)
    ext[1::2] = labels
    return ext


def _skip_mask(ext: np.ndarray, blank: int) -> np.ndarray:
    """``skip[s]``: may a path jump from position ``s - 2`` straight to ``s``?

    Only onto a label (never onto a blank) and only when that label differs from the one two positions back: between
    two equal labels (``[1, 1]``) the blank is compulsory, otherwise the path would collapse to a single ``1``.
    """
    skip = np.zeros(ext.size, dtype=bool)
    skip[2:] = (ext[2:] != blank) & (ext[2:] != ext[:-2])
    return skip


def _forward(emit: np.ndarray, skip: np.ndarray, start: np.ndarray) -> np.ndarray:
    r"""The CTC forward recursion in log space over a lattice of shape ``(T, N)``; returns the ``(T, N)`` lattice.

    ``emit[t, n]`` is the log-probability that frame ``t`` emits the symbol of position ``n`` and ``skip[n]`` says
    whether a path may jump from ``n - 2`` to ``n``; paths start at the positions where ``start`` is True. This is
    Graves et al. (2006), eq. 5-7:

        alpha[t, n] = emit[t, n] + logsumexp(alpha[t-1, n], alpha[t-1, n-1], alpha[t-1, n-2] if skip[n])

    For one lattice, paths start at position 0 (the leading blank) or 1 (the first label). ``emit`` may hold
    ``-inf`` (a position no path may use); the caller uses that to run two independent lattices side by side in one
    row (see :func:`_forward_backward`).
    """
    T, N = emit.shape
    # Two leading columns of -inf stand for the (impossible) positions -2 and -1, so that "stay", "advance by one"
    # and "skip two" are the same three slices for every n, n = 0 and 1 included: no special cases in the loop.
    # Each frame is one contiguous row, so every slice below is contiguous (NumPy's fastest inner loop).
    lattice = np.full((T, N + 2), -np.inf)
    # 0 where the skip is allowed, -inf where it is not: adding it to the source disables the transition without a
    # branch. -inf + -inf = -inf and finite + -inf = -inf, never NaN (NaN would need inf - inf, which cannot occur).
    skip_add = np.where(skip, 0.0, -np.inf)
    # Frame 0: a path starts with the leading blank or with the first label, nowhere else.
    lattice[0, 2:][start] = emit[0, start]

    here = lattice[:, 2:]  # position n
    one_back = lattice[:, 1:-1]  # position n - 1 (-inf for n = 0)
    two_back = lattice[:, :-2]  # position n - 2 (-inf for n = 0, 1)
    jump = np.empty(N)  # scratch, reused on every frame: no allocation inside the loop
    for t in range(1, T):
        cur = here[t]
        # stay at n, or advance from n - 1. np.logaddexp(a, b) = log(e^a + e^b) computed stably; with both -inf it
        # returns -inf without a warning (no max-shift of our own, so no -inf - -inf = NaN to guard against).
        np.logaddexp(here[t - 1], one_back[t - 1], out=cur)
        # skip from n - 2, where allowed (skip_add is 0 there, -inf elsewhere)
        np.add(two_back[t - 1], skip_add, out=jump)
        np.logaddexp(cur, jump, out=cur)
        # emit frame t's symbol: multiply by y_t(l'_n), i.e. add its log. A -inf emission pins the cell at -inf.
        np.add(cur, emit[t], out=cur)
    return here


def _forward_backward(lpe: np.ndarray, lpe_rev: np.ndarray, skip: np.ndarray, skip_rev: np.ndarray):
    r"""Log-space alpha and beta lattices, both of shape ``(T, S)``.

    ``lpe[t, s] = log y_t(l'_s)`` (the log-probabilities gathered at the extended labels), ``lpe_rev`` the same for
    the reversed problem (``lpe[::-1, ::-1]``), ``skip``/``skip_rev`` the skip masks of ``l'`` and of ``l'`` reversed.

    beta (Graves et al. 2006, eq. 10-12, frame ``t`` included) is the forward recursion run backwards. Running
    backwards over ``l'`` is running forwards over ``l'`` reversed (the reverse of an extended sequence is the extended
    sequence of the reversed labels, and the skip rule is symmetric), so both recursions share one lattice row:
    ``[alpha (S) | two cells pinned at -inf | reversed beta (S)]``, and advance together in one Python loop over
    time, half the interpreter overhead of two loops. The two -inf cells separate them: they play the part of
    positions -2 and -1 for the second lattice, and since they never leave -inf nothing flows from one into the other.
    """
    T, S = lpe.shape
    emit = np.empty((T, 2 * S + 2))
    emit[:, :S] = lpe
    emit[:, S : S + 2] = -np.inf  # the separator: any value + -inf = -inf, so these cells stay -inf
    emit[:, S + 2 :] = lpe_rev
    skip_both = np.concatenate([skip, [False, False], skip_rev])
    start = np.zeros(2 * S + 2, dtype=bool)
    start[:2] = start[S + 2 : S + 4] = True  # positions 0 and 1 of each lattice (position 1 exists when S > 1)
    start[S : S + 2] = False  # when S == 1 the slice above also reached into the separator: never start there
    both = _forward(emit, skip_both, start)
    alpha = both[:, :S]
    beta = both[::-1, S + 2 :][:, ::-1]  # undo both reversals: frames and positions
    return alpha, beta


def _ctc_core(labels: np.ndarray, logits: np.ndarray, blank: int, *, want_grad: bool, want_lattice: bool = False):
    """The loss, and when asked the gradient and the lattices, in one forward-backward pass. Inputs already checked."""
    T, C = logits.shape
    ext = _extend(labels, blank)
    S = ext.size
    skip = _skip_mask(ext, blank)
    ext_rev = ext[::-1]
    skip_rev = _skip_mask(ext_rev, blank)

    log_probs = _log_softmax(logits, axis=1)  # (T, C), stable: never log(0) for finite logits
    lpe = log_probs[:, ext]  # gather the extended labels' columns once: (T, S)

    if not want_grad and not want_lattice:
        # The value needs alpha only: one lattice of width S instead of two side by side.
        start = np.zeros(S, dtype=bool)
        start[:2] = True  # the leading blank and (when there are labels) the first label
        alpha, beta = _forward(lpe, skip, start), None
    else:
        lpe_rev = log_probs[::-1][:, ext_rev]  # the same gather for the reversed problem (beta)
        alpha, beta = _forward_backward(lpe, lpe_rev, skip, skip_rev)

    # A complete path ends at the trailing blank (S - 1) or at the last label (S - 2).
    log_p = alpha[T - 1, S - 1] if S == 1 else np.logaddexp(alpha[T - 1, S - 1], alpha[T - 1, S - 2])
    loss = float(-log_p)  # +inf when no alignment fits: log_p = logaddexp(-inf, -inf) = -inf, no warning

    result = {"loss": loss}
    if want_grad or want_lattice:
        feasible = bool(np.isfinite(log_p))
        if feasible:
            # Posterior occupation gamma[t, s] = P(path is at position s at frame t | labels), Graves eq. 14:
            # alpha * beta / (y_t(l'_s) * p), in logs. Frame t's emission is in both alpha and beta, hence the
            # subtraction of lpe once. lpe is -inf only where the log-softmax overflows (logits ~1e308 apart); there
            # beta is -inf too and -inf - -inf would be NaN, so subtract 0 instead: the cell stays -inf (unoccupied).
            # Everything else is finite or -inf, and log_p is finite here: no NaN, no warning.
            lpe_safe = np.where(np.isneginf(lpe), 0.0, lpe)
            log_post = alpha + beta - lpe_safe - log_p
        else:
            log_post = np.full((T, S), -np.inf)  # no path at all: nothing to occupy
        if want_grad:
            if feasible:
                post = np.exp(log_post)
                # Several positions can carry the same class (every blank, repeated labels): sum them per class.
                # A (S, C) one-hot matrix does the scatter-add as one small matrix product.
                onehot = np.zeros((S, C))
                onehot[np.arange(S), ext] = 1.0
                # d loss / d logits = softmax - posterior class occupation (Graves eq. 16); rows sum to 1 - 1 = 0.
                result["grad"] = np.exp(log_probs) - post @ onehot
            else:
                # Infeasible (T too short): the loss is +inf whatever the logits, so no direction lowers it. We return
                # zeros, as PyTorch's ctc_loss(zero_infinity=True) does, rather than NaN/inf that would poison training.
                # (The same happens if every alignment has probability exactly 0, which needs logits ~1e308 apart.)
                result["grad"] = np.zeros((T, C))
        if want_lattice:
            result["lattice"] = CTCLattice(ext, alpha.copy(), beta.copy(), log_post, loss)
    return result


# --------------------------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------------------------


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
    labels, logits, blank = _check_inputs(labels, logits, blank)
    return _ctc_core(labels, logits, blank, want_grad=False)["loss"]


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
    with ``zero_infinity=True``), never NaN. ``reduction`` does not apply (one sequence).

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
    labels, logits, blank = _check_inputs(labels, logits, blank)
    return _ctc_core(labels, logits, blank, want_grad=True)["grad"]


def _ctc_value_and_grad(labels, logits, *, blank=0):
    """Both at once, from one forward-backward pass (not public: for benchmarks and training loops in lessons)."""
    labels, logits, blank = _check_inputs(labels, logits, blank)
    result = _ctc_core(labels, logits, blank, want_grad=True)
    return result["loss"], result["grad"]


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
    labels, logits, blank = _check_inputs(labels, logits, blank)
    return _ctc_core(labels, logits, blank, want_grad=False, want_lattice=True)["lattice"]


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
    ext = _extend(labels, blank)
    S = ext.size
    skip = _skip_mask(ext, blank).tolist()

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
