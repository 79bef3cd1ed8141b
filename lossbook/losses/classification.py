"""Classification losses: binary and categorical cross-entropy (from probabilities and from logits), sparse labels,
hinge losses and the focal loss, each with its analytic gradient.

Every function takes the actual labels first and the prediction second. The gradient functions return the derivative
of the *reduced* loss with respect to the prediction argument (probabilities, logits or scores), with its shape.

Two numerical policies run through the module:

* From probabilities (``p_pred``), every log is clamped at -100, PyTorch's choice: a prediction of exactly 0 for a
  true class costs 100, not ``inf``. Gradients divide by ``p`` (or ``p*(1-p)``) clamped at ``1e-12``.
* From logits, nothing is ever exponentiated that could overflow: ``log(sigmoid(z)) = -softplus(-z)`` and
  ``log_softmax(z) = z - logsumexp(z)``, so logits of ``±1e300`` give finite losses and gradients.
"""

from __future__ import annotations

import numpy as np

from .._validation import (
    SUM_TOLERANCE,
    as_float64,
    as_float_array,
    as_labels,
    as_probability_array,
    check_at_least_1d,
    check_distribution,
    check_reduction,
    check_same_shape,
    check_scalar,
    reduce,
    reduction_scale,
)

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "categorical_cross_entropy",
    "categorical_cross_entropy_grad",
    "categorical_cross_entropy_with_logits",
    "categorical_cross_entropy_with_logits_grad",
    "sparse_categorical_cross_entropy",
    "sparse_categorical_cross_entropy_grad",
    "sparse_categorical_cross_entropy_with_logits",
    "sparse_categorical_cross_entropy_with_logits_grad",
    "hinge",
    "hinge_grad",
    "squared_hinge",
    "squared_hinge_grad",
    "multiclass_hinge",
    "multiclass_hinge_grad",
    "focal",
    "focal_grad",
    "focal_with_logits",
    "focal_with_logits_grad",
]

LOG_CLAMP = -100.0  # PyTorch's floor for log(p) in binary_cross_entropy: p = 0 costs 100, not inf
DENOMINATOR_CLAMP = 1e-12  # PyTorch's floor for p*(1-p) (and p) in the gradients' denominators
_TINY = np.finfo(np.float64).tiny  # smallest normal float64: a positive floor that changes no normal number


# ---------------------------------------------------------------------------------------------------------------------
# Validation


def _probabilities(value, name):
    """A finite float64 array with every value in [0, 1] (one min and one max pass prove both)."""
    return as_probability_array(value, name)


def _pair(y_true, pred, reduction, *, true_name="y_true", pred_name="p_pred", true_unit=True, pred_unit=True):
    reduction = check_reduction(reduction)
    t = _probabilities(y_true, true_name) if true_unit else as_float_array(y_true, true_name)
    p = _probabilities(pred, pred_name) if pred_unit else as_float_array(pred, pred_name)
    check_same_shape(t, p, true_name, pred_name)
    return t, p, reduction


def _rows(pred, name, *, distribution):
    """Row-wise predictions: at least 1-D, the classes on the last axis."""
    if not distribution:
        p = as_float_array(pred, name)
        check_at_least_1d(p, name)
        return p
    p = as_probability_array(pred, name)
    check_at_least_1d(p, name)
    if np.max(np.abs(np.add.reduce(p, axis=-1) - 1.0)) > SUM_TOLERANCE:  # one value per row: small
        check_distribution(p, name)  # raises, with the row's sum and the softmax hint
    return p


def _sign_labels(y_true, scores, reduction):
    y, s, reduction = _pair(y_true, scores, reduction, pred_name="scores", true_unit=False, pred_unit=False)
    if np.any(np.abs(y) != 1.0):
        if np.all((y == 0.0) | (y == 1.0)):
            raise ValueError(
                "y_true must hold -1 or +1 for the hinge losses, but it holds 0/1 labels; convert them with "
                "y_true = 2*y - 1 (0 -> -1, 1 -> +1)"
            )
        raise ValueError(
            "y_true must hold exactly -1 or +1 for the hinge losses (the sign of the true class), but it holds "
            f"values between {y.min():g} and {y.max():g}; for 0/1 labels use 2*y - 1"
        )
    return y, s, reduction


def _label_smoothing(label_smoothing):
    return check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)


def _focal_params(alpha, gamma):
    alpha = check_scalar(alpha, "alpha", low=0.0, high=1.0, allow_none=True)
    gamma = check_scalar(gamma, "gamma", low=0.0)
    return alpha, gamma


def _row_scale(values_shape, reduction):
    """Gradient factor for a row-wise loss: 1/(number of rows) for the mean."""
    n_rows = int(np.prod(values_shape)) if len(values_shape) else 1
    return reduction_scale(n_rows, reduction)


# ---------------------------------------------------------------------------------------------------------------------
# Array-level building blocks (inputs already validated; every function returns fresh arrays)


def _clamped_logs(p):
    """``max(log p, -100)`` and ``max(log(1 - p), -100)``."""
    with np.errstate(divide="ignore"):  # log(0) = -inf is expected at p = 0 or 1 and clamped on the next line
        log_p = np.log(p, out=np.empty(p.shape))
        np.maximum(log_p, LOG_CLAMP, out=log_p)
        # log1p(-p) keeps the digits of log(1 - p) for tiny p, which 1 - p would round away.
        log_q = np.negative(p, out=np.empty(p.shape))
        np.log1p(log_q, out=log_q)
        np.maximum(log_q, LOG_CLAMP, out=log_q)
    return log_p, log_q


def _bce_values(t, p):
    """Element-wise ``-(t*log p + (1-t)*log(1-p))`` with the clamped logs."""
    log_p, log_q = _clamped_logs(p)
    # Two products rather than t*(log_p - log_q) + log_q: for t = 1 this gives log_p exactly, where the shorter form
    # would cancel log_q against itself and lose the digits of a tiny loss.
    np.multiply(log_p, t, out=log_p)
    one_minus_t = np.subtract(1.0, t, out=np.empty(t.shape))
    np.multiply(log_q, one_minus_t, out=log_q)
    np.add(log_p, log_q, out=log_p)
    np.subtract(0.0, log_p, out=log_p)  # 0 - x rather than -x: a perfect prediction shows 0.0, not -0.0
    return log_p


def _exp_neg_abs(z):
    """``exp(-|z|)``, in (0, 1]: never overflows (it may underflow to 0, which is harmless)."""
    e = np.abs(z, out=np.empty(z.shape))
    np.negative(e, out=e)
    np.exp(e, out=e)
    return e


def _sigmoids(z, e):
    """``sigmoid(z)`` and ``sigmoid(-z)`` from ``e = exp(-|z|)``, both to full relative precision."""
    d = np.add(e, 1.0, out=np.empty(z.shape))
    # Numerators: 1 on the side where the exponent was -|z|, e on the other. max(e, bool) picks 1 or e without
    # np.where (e <= 1), and neither value is computed as 1 - (the other), which would cancel.
    positive = np.greater_equal(z, 0.0, out=np.empty(z.shape, dtype=bool))
    s_pos = np.maximum(e, positive, out=np.empty(z.shape))
    np.divide(s_pos, d, out=s_pos)
    np.logical_not(positive, out=positive)
    s_neg = np.maximum(e, positive, out=np.empty(z.shape))
    np.divide(s_neg, d, out=s_neg)
    return s_pos, s_neg


def _sigmoid_minus_target(t, z, w=None):
    """``(1 + (w - 1)*y)*sigmoid(z) - w*y`` (``sigmoid(z) - y`` for ``w = 1``), written as
    ``(1 - y)*sigmoid(z) - w*y*sigmoid(-z)``.

    The same number, but without the cancellation of ``sigmoid(z) - 1`` when ``sigmoid(z)`` rounds to 1: for a hard
    label and a saturated logit the gradient keeps its tiny true value (``-sigmoid(-40) = -4.2e-18``), not 0.
    """
    s_pos, s_neg = _sigmoids(z, _exp_neg_abs(z))
    np.multiply(s_neg, t, out=s_neg)
    if w is not None:
        np.multiply(s_neg, w, out=s_neg)
    g = np.subtract(1.0, t, out=np.empty(z.shape))
    np.multiply(g, s_pos, out=g)
    np.subtract(g, s_neg, out=g)
    return g


def _bce_logits_values(t, z, e=None):
    """Element-wise ``softplus(z) - t*z`` as ``(max(z, 0) - t*z) + log1p(exp(-|z|))``.

    For hard labels the bracket is exact (it is 0 or |z|), so a confident right answer keeps its tiny loss
    ``log1p(e^-|z|)`` instead of having it rounded away against ``|z|``. Pass ``e = exp(-|z|)`` if it is at hand
    (it is not modified); otherwise it is computed in the buffer that held ``t*z``.
    """
    tz = np.multiply(t, z, out=np.empty(z.shape))
    values = np.maximum(z, 0.0, out=np.empty(z.shape))
    np.subtract(values, tz, out=values)
    if e is None:
        tail = np.abs(z, out=tz)
        np.negative(tail, out=tail)
        np.exp(tail, out=tail)
    else:
        tail = e
    np.log1p(tail, out=tz)  # log1p: exp(-|z|) may be far below machine epsilon
    np.add(values, tz, out=values)
    return values


def _rowdot(a, b):
    """Sum of ``a*b`` over the last axis without a temporary array."""
    return np.einsum("...i,...i->...", a, b)


def _shifted(z):
    """``z - max(z)`` along the last axis: <= 0, with a 0 in every row, so exp() of it cannot overflow."""
    m = np.max(z, axis=-1, keepdims=True)
    with np.errstate(over="ignore"):  # only beyond |z| ~ 9e307 can z - m leave the float range; -inf then is right
        return np.subtract(z, m, out=np.empty(z.shape))


def _exp_in_place(shifted):
    """Overwrite ``shifted`` with its exponential; return the row sums, which lie in [1, C] (no log of 0)."""
    e = np.exp(shifted, out=shifted)
    return np.add.reduce(e, axis=-1)


# ---------------------------------------------------------------------------------------------------------------------
# Chunked fast paths
#
# The hot losses run over their inputs chunk by chunk: at most _CHUNK values (512 KiB of float64) of each input and of
# each scratch buffer, so every pass over a chunk (the range checks, the row sums, the arithmetic) reads the L2 cache
# instead of main memory, and no full-size temporary is allocated (page faults on fresh memory cost as much as this
# arithmetic). Validation is fused into the chunk loop. A fast path returns None whenever anything is not as the fast
# path needs it (an input that cannot be read, a shape mismatch, a value failing a check, a non-finite total): the
# caller then runs the original code, whose checks raise with the documented messages in the documented order (or,
# if nothing was wrong after all, compute the answer the slow way). So the fast paths can never change which error
# is raised, only how quickly a valid input is accepted.

_CHUNK = 1 << 16
# Row sums go through BLAS (a matrix-vector product with a vector of ones) in pieces of at most this many values:
# below the 2304*4 elements from which OpenBLAS runs a gemv on several threads, so the call stays on this thread.
_GEMV_PIECE = 8192


def _fast_arrays(*pairs):
    """``as_float64`` of each ``(value, name)``; None if any fails (the caller's slow path then raises in order)."""
    try:
        return [as_float64(value, name) for value, name in pairs]
    except (TypeError, ValueError):
        return None


# The three ways a fast path reads its inputs. Each returns None where the fast path cannot run (the slow path then
# raises, or computes). The reshaped arrays are views for contiguous input (copies otherwise) and are never written.


def _fast_flat(a, a_name, b, b_name):
    """Two element-wise arguments of the same shape, as 1-D float64 arrays."""
    arrays = _fast_arrays((a, a_name), (b, b_name))
    if arrays is None or arrays[0].shape != arrays[1].shape:
        return None
    return arrays[0].reshape(-1), arrays[1].reshape(-1)


def _fast_rows(a, a_name, b, b_name):
    """Two row-wise arguments of the same shape (at least 1-D, classes on the last axis), as 2-D ``(rows, classes)``
    float64 arrays, and the shape of one value per row."""
    arrays = _fast_arrays((a, a_name), (b, b_name))
    if arrays is None or arrays[1].ndim < 1 or arrays[0].shape != arrays[1].shape:
        return None
    cols = arrays[1].shape[-1]
    return arrays[0].reshape(-1, cols), arrays[1].reshape(-1, cols), arrays[1].shape[:-1]


def _fast_labelled_rows(labels, pred, pred_name, min_classes):
    """Row-wise predictions with at least ``min_classes`` classes on the last axis and their integer labels: the
    predictions as a float64 array and as 2-D ``(rows, classes)``, the labels flat (one per row)."""
    arrays = _fast_arrays((pred, pred_name))
    if arrays is None or arrays[0].ndim < 1 or arrays[0].shape[-1] < min_classes:
        return None
    p = arrays[0]
    cols = p.shape[-1]
    try:
        idx = as_labels(labels, "labels", cols, p.shape[:-1]).reshape(-1)
    except (TypeError, ValueError):
        return None  # the slow path raises: any error in the predictions' values first, as documented, then this one
    return p, p.reshape(-1, cols), idx


def _chunks(step, arrays, scratch=()):
    """Walk ``arrays`` (aligned on their first axis: rows of a 2-D array, values of a 1-D one) ``step`` entries at a
    time. Yields ``start``, then that chunk of each array, then the first as many entries of each ``scratch`` buffer
    (allocated once by the caller for the longest chunk, reused by every chunk); the last chunk may be shorter."""
    size = arrays[0].shape[0]
    for start in range(0, size, step):
        n = min(step, size - start)
        chunk = [start]  # plain appends: half the per-chunk overhead of building it from comprehensions
        for a in arrays:
            chunk.append(a[start : start + n])
        for b in scratch:
            chunk.append(b[:n])
        yield chunk


def _in_unit_interval(x):
    """Every value of ``x`` in [0, 1]: NaN propagates through the minimum and maximum and fails both comparisons, and
    infinity lies outside the interval, so this also proves ``x`` finite. -0.0 >= 0 passes, as in check_unit_interval."""
    return bool(np.minimum.reduce(x, axis=None) >= 0.0) and bool(np.maximum.reduce(x, axis=None) <= 1.0)


def _row_sums(x2, out):
    """``out[i] = sum(x2[i])`` for a 2-D chunk, by BLAS gemv (NumPy's add.reduce over a short last axis pays a
    per-row overhead: 7x slower for 10 classes). np.dot rather than np.matmul: the same gemv, less call overhead."""
    rows, cols = x2.shape
    if cols > _GEMV_PIECE:  # long rows: add.reduce is efficient there, and a single long gemv row could thread
        return np.add.reduce(x2, axis=-1, out=out)
    ones = np.ones(cols)
    step = max(1, _GEMV_PIECE // cols)
    for start in range(0, rows, step):
        np.dot(x2[start : start + step], ones, out=out[start : start + step])
    return out


# The bounds of check_distribution's test |s - 1| <= SUM_TOLERANCE, as the widest interval of floats [low, high] with
# the same verdict: s - 1 is exact for s in [0.5, 2] (Sterbenz), so s passes exactly when 1 - tol <= s <= 1 + tol in
# real arithmetic; rounding 1 -/+ tol inward gives the float bounds. Two reductions instead of three passes.
_SUM_HIGH = 1.0 + SUM_TOLERANCE if (1.0 + SUM_TOLERANCE) - 1.0 <= SUM_TOLERANCE else np.nextafter(1.0 + SUM_TOLERANCE, 0.0)
_SUM_LOW = 1.0 - SUM_TOLERANCE if 1.0 - (1.0 - SUM_TOLERANCE) <= SUM_TOLERANCE else np.nextafter(1.0 - SUM_TOLERANCE, 2.0)


def _sums_to_one(sums):
    """The tolerance test of check_distribution on a chunk's row sums (NaN fails both comparisons)."""
    return bool(np.minimum.reduce(sums) >= _SUM_LOW) and bool(np.maximum.reduce(sums) <= _SUM_HIGH)


def _sparse_probabilities_fast(labels, p_pred, use):
    """Validate ``p_pred`` (every value in [0, 1], every row summing to 1) and ``labels``, handing each chunk's
    picked probabilities to ``use(start, labels, picked)`` (``picked[i]``: the probability row ``start + i`` gives
    its label ``labels[i]``; a scratch buffer, free to overwrite). Returns ``p``, or None to fall back.

    One pass over ``p_pred``, chunk by chunk: the range check, the row sums, the gather of the picked column and
    ``use`` all run while the chunk is in cache, with no full-size temporary (only the picked column needs a log,
    but every probability must be checked, and reading them is most of the cost). If a later chunk fails, whatever
    ``use`` did with earlier ones is discarded by the caller, which falls back.
    """
    fast = _fast_labelled_rows(labels, p_pred, "p_pred", 1)
    if fast is None:
        return None
    p, p2, idx = fast
    rows, cols = p2.shape
    step = max(1, _CHUNK // cols)
    size = min(step, rows)
    picked, sums = np.empty(size), np.empty(size)
    offsets = np.arange(0, size * cols, cols, dtype=np.intp)  # where each row starts in a flat chunk
    where = np.empty(size, dtype=np.intp)
    chunks = _chunks(step, (p2, idx), (picked, sums, offsets, where))
    for start, block, labels_n, picked_n, sums_n, offsets_n, where_n in chunks:
        if not (_in_unit_interval(block) and _sums_to_one(_row_sums(block, sums_n))):
            return None
        if block.flags.c_contiguous:
            np.add(offsets_n, labels_n, out=where_n)
            # mode="clip" only to let take write straight into out (mode="raise" buffers it): every label is already
            # known to lie in [0, cols), so nothing is clipped.
            np.take(block.reshape(-1), where_n, out=picked_n, mode="clip")
        else:
            picked_n[...] = block[np.arange(picked_n.size), labels_n]
        use(p, start, labels_n, picked_n)
    return p


def _categorical_fast(y_true, p_pred):
    """Per-row ``-sum(y*max(log p, -100))`` with every check of categorical_cross_entropy fused into one chunked pass,
    or None to fall back (the slow path then raises, or computes)."""
    fast = _fast_rows(y_true, "y_true", p_pred, "p_pred")
    if fast is None:
        return None
    t2, p2, row_shape = fast
    rows, cols = p2.shape
    step = max(1, _CHUNK // cols)
    values = np.empty(rows)
    log_p = np.empty((min(step, rows), cols))
    with np.errstate(divide="ignore"):  # log(0) = -inf where a class has probability 0; clamped below
        for _, tb, pb, out, logs in _chunks(step, (t2, p2, values), (log_p,)):
            if not (_in_unit_interval(tb) and _in_unit_interval(pb) and _sums_to_one(_row_sums(pb, out))):
                return None
            np.log(pb, out=logs)
            np.maximum(logs, LOG_CLAMP, out=logs)  # the clamp also makes 0 * log(0) = 0 * -100 = 0, not NaN
            np.multiply(logs, tb, out=logs)
            _row_sums(logs, out)  # overwrites the row sums checked above: they are no longer needed
    np.subtract(0.0, values, out=values)  # 0 - x: a perfect prediction shows 0.0, not -0.0
    return values.reshape(row_shape)


def _hinge_total_fast(y_true, scores):
    """``(sum(max(0, 1 - y*s)), n)`` with every check of the hinge losses fused into one chunked pass, or None to fall
    back (the slow path then raises, or computes)."""
    fast = _fast_flat(y_true, "y_true", scores, "scores")
    if fast is None:
        return None
    y1, s1 = fast
    n = y1.size
    buf = np.empty(min(n, _CHUNK))
    total = 0.0
    with np.errstate(over="ignore", invalid="ignore"):  # huge slacks may sum to inf (the right value); NaN is caught
        for _, yb, sb, b in _chunks(_CHUNK, (y1, s1), (buf,)):
            np.abs(yb, out=b)
            # |y| == 1 everywhere exactly when min(|y|) >= 1 and max(|y|) <= 1; NaN fails both, so y is also finite.
            if not (np.minimum.reduce(b) >= 1.0 and np.maximum.reduce(b) <= 1.0):
                return None
            np.multiply(yb, sb, out=b)  # y*s = ±s exactly: finite exactly when s is
            if not np.isfinite(np.add.reduce(b)):  # NaN and inf propagate; a finite sum proves the chunk finite
                if not np.all(np.isfinite(sb)):
                    return None
                # finite scores whose sum overflowed: nothing wrong, carry on
            np.subtract(1.0, b, out=b)
            np.maximum(b, 0.0, out=b)
            total += float(np.add.reduce(b))
    return total, n


def _crammer_singer_values_fast(labels, scores):
    """Per-row ``max(0, 1 + max_{j != y} s_j - s_y)`` with the checks of multiclass_hinge fused into one chunked
    pass, or None to fall back (the slow path then raises, or computes)."""
    fast = _fast_labelled_rows(labels, scores, "scores", 2)
    if fast is None:
        return None
    s, s2, idx = fast
    rows, cols = s2.shape
    step = max(1, _CHUNK // cols)
    values = np.empty(rows)
    buf = np.empty(min(step, rows) * cols)
    true = np.empty(min(step, rows))
    where = np.empty(min(step, rows), dtype=np.intp)
    ramp = np.arange(min(step, rows), dtype=np.intp)
    with np.errstate(over="ignore"):  # score gaps beyond 1.8e308 are genuinely inf
        for _, sb, labels_n, out, true_n, where_n, ramp_n in _chunks(step, (s2, idx, values), (true, where, ramp)):
            n = sb.shape[0]
            # The chunk transposed, classes by rows: the max over classes then runs along contiguous rows of the
            # buffer (NumPy's reduction over a short last axis pays per row: 4x slower for 10 classes).
            bt = buf[: cols * n].reshape(cols, n)
            np.copyto(bt, sb.T)
            # A finite minimum and maximum prove the chunk finite (NaN propagates, inf is an extreme).
            if not (np.isfinite(np.minimum.reduce(bt, axis=None)) and np.isfinite(np.maximum.reduce(bt, axis=None))):
                return None
            w = np.multiply(labels_n, n, out=where_n)
            np.add(w, ramp_n, out=w)  # flat position of (label, row) in bt
            flat = bt.reshape(-1)
            np.take(flat, w, out=true_n, mode="clip")  # mode="clip": no buffering; every position is in range
            flat[w] = -np.inf  # exclude the true class from the max over j != y
            rival = np.maximum.reduce(bt, axis=0, out=out)
            np.subtract(rival, true_n, out=rival)
            np.add(rival, 1.0, out=rival)  # 1 + (rival - true): the same rounding as the slow path
            np.maximum(rival, 0.0, out=rival)
    return values.reshape(s.shape[:-1])


def _bce_logits_total_fast(y_true, logits):
    """``(sum(softplus(z) - y*z), n)`` (no pos_weight) with the checks fused into one chunked pass, or None to fall
    back (the slow path then raises, or computes).

    ``y_true`` is range-checked per chunk; the logits' finiteness follows from a finite total: a NaN logit gives a
    NaN term, +inf gives inf - inf = NaN (or inf*0 = NaN), -inf gives inf or NaN, and every term is >= 0, so nothing
    can cancel an inf. Finite logits never make a term overflow (each is at most |z| + log 2).
    """
    fast = _fast_flat(y_true, "y_true", logits, "logits")
    if fast is None:
        return None
    t1, z1 = fast
    n = t1.size
    size = min(n, _CHUNK)
    tail, values, tz = np.empty(size), np.empty(size), np.empty(size)
    total = 0.0
    # Non-finite logits make NaN or inf below (caught by the total); nothing may warn on the way.
    with np.errstate(over="ignore", invalid="ignore"):
        for _, tb, zb, a, v, c in _chunks(_CHUNK, (t1, z1), (tail, values, tz)):
            if not _in_unit_interval(tb):
                return None
            # The form of _bce_logits_values: (max(z, 0) - y*z) + log1p(exp(-|z|)). For hard labels the bracket is
            # exact (0 or |z|), so a confident right answer keeps its tiny loss instead of rounding it away.
            np.abs(zb, out=a)
            np.negative(a, out=a)
            np.exp(a, out=a)  # exp(-|z|) in (0, 1]: never overflows
            np.log1p(a, out=a)  # log1p: exp(-|z|) may be far below machine epsilon
            np.multiply(tb, zb, out=c)
            np.maximum(zb, 0.0, out=v)
            np.subtract(v, c, out=v)
            np.add(v, a, out=v)
            total += float(np.add.reduce(v))
    if not np.isfinite(total):
        return None  # a non-finite logit (the slow path names it), or a sum beyond the float range (it computes inf)
    return total, n


# ---------------------------------------------------------------------------------------------------------------------
# Binary cross-entropy


def binary_cross_entropy(y_true, p_pred, *, reduction="mean"):
    r"""Binary cross-entropy (log loss) of predicted probabilities.

    .. math:: \mathrm{BCE}(y, p) = -\bigl(y \log p + (1 - y) \log(1 - p)\bigr)

    Domain: ``y_true`` in [0, 1] (0/1 labels or soft targets), ``p_pred`` in [0, 1], same shape. Each log is clamped
    at -100 (PyTorch's policy), so ``p_pred`` of exactly 0 or 1 costs at most 100. ``reduction`` is ``"mean"``
    (default), ``"sum"`` or ``"none"`` (one value per element). For raw scores use
    :func:`binary_cross_entropy_with_logits`.

    >>> import lossbook as lb
    >>> round(lb.binary_cross_entropy(1, 0.8), 4)    # a cat, predicted "cat" at 0.8
    0.2231
    >>> round(lb.binary_cross_entropy(1, 0.2), 4)    # the same cat at 0.2
    1.6094
    >>> round(lb.binary_cross_entropy(1, 0.9), 4)    # -ln 0.9
    0.1054
    >>> round(lb.binary_cross_entropy(1, 0.7), 4)    # a dog at 70%
    0.3567
    >>> lb.binary_cross_entropy(1, 0.0)              # a certain, wrong prediction: clamped at 100
    100.0

    Reference: Bishop, *Pattern Recognition and Machine Learning* (2006), section 4.3.2; PyTorch ``BCELoss``.
    """
    t, p, reduction = _pair(y_true, p_pred, reduction)
    return reduce(_bce_values(t, p), reduction)


def binary_cross_entropy_grad(y_true, p_pred, *, reduction="mean"):
    r"""Gradient of :func:`binary_cross_entropy` with respect to ``p_pred``.

    .. math:: \frac{\partial\,\mathrm{BCE}}{\partial p} = \frac{p - y}{\max(p(1 - p),\ 10^{-12})}

    divided by ``n`` for the mean. The clamp (PyTorch's) keeps the gradient finite at ``p = 0`` or ``1``.

    >>> import lossbook as lb
    >>> round(float(lb.binary_cross_entropy_grad(1, 0.8)), 4)   # -1/0.8
    -1.25

    Reference: Bishop, *Pattern Recognition and Machine Learning* (2006), section 4.3.2; PyTorch ``BCELoss``.
    """
    t, p, reduction = _pair(y_true, p_pred, reduction)
    numerator = np.subtract(p, t, out=np.empty(p.shape))
    denominator = np.subtract(1.0, p, out=np.empty(p.shape))
    np.multiply(denominator, p, out=denominator)
    np.maximum(denominator, DENOMINATOR_CLAMP, out=denominator)  # p*(1-p) = 0 at a saturated prediction
    np.divide(numerator, denominator, out=numerator)
    scale = reduction_scale(p.size, reduction)
    if scale != 1.0:
        np.multiply(numerator, scale, out=numerator)
    return numerator


def _pos_weight(pos_weight, shape):
    """``pos_weight`` as a float (scalar) or a float64 array broadcastable to ``shape`` (PyTorch: per class)."""
    if pos_weight is None:
        return None
    if np.ndim(pos_weight) == 0:
        return check_scalar(pos_weight if not isinstance(pos_weight, np.ndarray) else pos_weight.item(), "pos_weight", low=0.0)
    w = as_float_array(pos_weight, "pos_weight")
    if w.min() < 0:
        raise ValueError(f"pos_weight must be >= 0 (a weight on the positive examples), but it has {w.min():g}")
    try:
        broadcast = np.broadcast_shapes(w.shape, shape)
    except ValueError:
        broadcast = None
    if broadcast != tuple(shape):
        raise ValueError(
            f"pos_weight has shape {w.shape}, which does not broadcast to the logits' shape {tuple(shape)}; pass a "
            "number, or one weight per class (shape (C,) for logits of shape (n, C))"
        )
    return w


def binary_cross_entropy_with_logits(y_true, logits, *, pos_weight=None, reduction="mean"):
    r"""Binary cross-entropy computed from logits (raw scores), stable for every finite logit.

    .. math::

        \mathrm{BCE}(y, z) = -\bigl(w\,y \log\sigma(z) + (1 - y)\log(1 - \sigma(z))\bigr)
                           = w\,y\,\mathrm{softplus}(-z) + (1 - y)\,\mathrm{softplus}(z)

    with :math:`w` = ``pos_weight`` (1 by default, so the loss is :math:`\mathrm{softplus}(z) - yz`). It never forms
    :math:`\sigma(z)`: ``log(sigmoid(z)) = -softplus(-z)``.

    Domain: ``y_true`` in [0, 1], ``logits`` any finite reals of the same shape; ``pos_weight`` (keyword-only) a
    number >= 0 or an array broadcastable to the logits (one weight per class, as PyTorch's
    ``BCEWithLogitsLoss``); ``reduction`` as in :func:`binary_cross_entropy`.

    >>> import lossbook as lb, math
    >>> round(lb.binary_cross_entropy_with_logits(1, math.log(0.8 / 0.2)), 4)   # the cat at 0.8 again
    0.2231
    >>> lb.binary_cross_entropy_with_logits([1.0, 0.0], [1e300, -1e300])           # right and certain: 0, no overflow
    0.0
    >>> lb.binary_cross_entropy_with_logits(1, -1e300)                             # wrong and certain: 1e300
    1e+300

    Reference: PyTorch ``BCEWithLogitsLoss``; optax ``sigmoid_binary_cross_entropy``.
    """
    if pos_weight is None and check_reduction(reduction) != "none":
        fast = _bce_logits_total_fast(y_true, logits)
        if fast is not None:
            total, n = fast
            return total / n if reduction == "mean" else total
    t, z, reduction = _pair(y_true, logits, reduction, pred_name="logits", pred_unit=False)
    w = _pos_weight(pos_weight, z.shape)
    if w is None:
        return reduce(_bce_logits_values(t, z), reduction)
    e = _exp_neg_abs(z)
    # PyTorch's form (1 - y)*z + l*softplus(-z) with l = 1 + (w - 1)*y, softplus(-z) = max(-z, 0) + log1p(e).
    # Grouping ((1 - y)*z + l*max(-z, 0)) + l*log1p(e): for hard labels the bracket is exact (0 or a multiple of |z|).
    lw = np.multiply(t, np.subtract(w, 1.0), out=np.empty(z.shape))
    np.add(lw, 1.0, out=lw)
    values = np.subtract(1.0, t, out=np.empty(z.shape))
    np.multiply(values, z, out=values)
    tail = np.minimum(z, 0.0, out=np.empty(z.shape))
    np.negative(tail, out=tail)  # max(-z, 0)
    np.multiply(tail, lw, out=tail)
    np.add(values, tail, out=values)
    np.log1p(e, out=e)
    np.multiply(e, lw, out=e)
    np.add(values, e, out=values)
    return reduce(values, reduction)


def binary_cross_entropy_with_logits_grad(y_true, logits, *, pos_weight=None, reduction="mean"):
    r"""Gradient of :func:`binary_cross_entropy_with_logits` with respect to the logits.

    .. math:: \frac{\partial\,\mathrm{BCE}}{\partial z} = \sigma(z) - y
              \qquad\text{or, with } w = \text{pos\_weight:}\quad (1 + (w - 1)y)\,\sigma(z) - w\,y

    divided by ``n`` for the mean. Derived from the smooth formula, not from a piecewise stable form.

    >>> import lossbook as lb
    >>> float(lb.binary_cross_entropy_with_logits_grad(1, 0.0))    # sigmoid(0) - 1
    -0.5
    >>> float(lb.binary_cross_entropy_with_logits_grad(1, 0.0, pos_weight=3.0))   # 3*0.5 - 3
    -1.5

    Reference: PyTorch ``BCEWithLogitsLoss``; optax ``sigmoid_binary_cross_entropy``.
    """
    t, z, reduction = _pair(y_true, logits, reduction, pred_name="logits", pred_unit=False)
    w = _pos_weight(pos_weight, z.shape)
    g = _sigmoid_minus_target(t, z, w)
    scale = reduction_scale(z.size, reduction)
    if scale != 1.0:
        np.multiply(g, scale, out=g)
    return g


# ---------------------------------------------------------------------------------------------------------------------
# Categorical cross-entropy (one-hot or soft targets)


def categorical_cross_entropy(y_true, p_pred, *, reduction="mean"):
    r"""Categorical cross-entropy of predicted class probabilities, one value per row.

    .. math:: \mathrm{CE}(y, p) = -\sum_{c=1}^{C} y_c \log p_c

    Domain: ``p_pred`` has the classes on its last axis and each row is a probability distribution (values in
    [0, 1] summing to 1 within 1e-6; it is *not* renormalised); ``y_true`` has the same shape, one-hot or soft, with
    values in [0, 1]. Logs are clamped at -100. ``reduction``: ``"mean"`` over rows (default), ``"sum"`` or
    ``"none"`` (one value per row). For raw scores use :func:`categorical_cross_entropy_with_logits`.

    >>> import lossbook as lb
    >>> round(lb.categorical_cross_entropy([0, 1, 0], [0.1, 0.8, 0.1]), 4)   # the cat at 0.8, among three classes
    0.2231
    >>> round(lb.categorical_cross_entropy([1, 0, 0], [0.4, 0.35, 0.25]), 4)  # -log(0.4)
    0.9163

    Reference: Goodfellow, Bengio and Courville, *Deep Learning* (2016), section 6.2.2.3.
    """
    reduction = check_reduction(reduction)
    values = _categorical_fast(y_true, p_pred)
    if values is not None:
        return reduce(values, reduction)
    t = _probabilities(y_true, "y_true")
    p = _rows(p_pred, "p_pred", distribution=True)
    check_same_shape(t, p, "y_true", "p_pred")
    with np.errstate(divide="ignore"):  # log(0) = -inf where a class has probability 0; clamped next
        log_p = np.log(p, out=np.empty(p.shape))
    np.maximum(log_p, LOG_CLAMP, out=log_p)  # the clamp also makes 0 * log(0) = 0 * -100 = 0, not NaN
    values = np.subtract(0.0, _rowdot(t, log_p))  # einsum: the class sum without a y*log(p) temporary; 0 - x: no -0.0
    return reduce(values, reduction)


def categorical_cross_entropy_grad(y_true, p_pred, *, reduction="mean"):
    r"""Gradient of :func:`categorical_cross_entropy` with respect to ``p_pred``: :math:`-y_c / \max(p_c, 10^{-12})`.

    Divided by the number of rows for the mean. (No renormalisation, so no softmax-style coupling between classes.)

    >>> import lossbook as lb
    >>> lb.categorical_cross_entropy_grad([0, 1], [0.5, 0.5]).tolist()
    [0.0, -2.0]

    Reference: Goodfellow, Bengio and Courville, *Deep Learning* (2016), section 6.2.2.3.
    """
    reduction = check_reduction(reduction)
    t = _probabilities(y_true, "y_true")
    p = _rows(p_pred, "p_pred", distribution=True)
    check_same_shape(t, p, "y_true", "p_pred")
    g = np.maximum(p, DENOMINATOR_CLAMP, out=np.empty(p.shape))  # p = 0 would divide by zero
    np.divide(t, g, out=g)
    np.multiply(g, -_row_scale(p.shape[:-1], reduction), out=g)
    g += 0.0  # -0.0 + 0.0 == +0.0: a class with target 0 has gradient 0, not the -0.0 the sign flip left
    return g


def categorical_cross_entropy_with_logits(y_true, logits, *, label_smoothing=0.0, reduction="mean"):
    r"""Categorical (softmax) cross-entropy computed from logits, with optional label smoothing.

    .. math::

        \mathrm{CE}(y, z) = -\sum_{c=1}^{C} \tilde y_c \log\mathrm{softmax}(z)_c, \qquad
        \tilde y = (1 - \varepsilon)\,y + \varepsilon / C

    ``log_softmax(z) = z - logsumexp(z)`` is never formed from a softmax, so logits of ``±1e300`` are fine.

    Domain: ``logits`` finite reals with the classes on the last axis; ``y_true`` the same shape, one-hot or soft,
    values in [0, 1]; ``label_smoothing`` :math:`\varepsilon` in [0, 1] (keyword-only). ``reduction`` as in
    :func:`categorical_cross_entropy`. Equals PyTorch's ``cross_entropy`` with probability targets.

    >>> import lossbook as lb, math
    >>> round(lb.categorical_cross_entropy_with_logits([0, 1, 0], [math.log(0.1), math.log(0.8), math.log(0.1)]), 4)
    0.2231
    >>> lb.categorical_cross_entropy_with_logits([0, 1], [0.0, 1e300])
    0.0

    Reference: Szegedy et al., "Rethinking the Inception Architecture for Computer Vision", CVPR 2016 (label
    smoothing); optax ``softmax_cross_entropy``.
    """
    reduction = check_reduction(reduction)
    eps = _label_smoothing(label_smoothing)
    t, z = _soft_logit_inputs(y_true, logits)
    n_classes = z.shape[-1]
    shifted = _shifted(z)
    # -sum(y_s * (shifted - log_total)) = log_total*sum(y_s) - sum(y_s*shifted), with y_s = (1-eps)*y + eps/C.
    # Both sums are over the original (unsmoothed) y, so no smoothed copy of y_true is made. Every term is >= 0
    # (log_total >= 0, shifted <= 0), so nothing cancels.
    y_shift = _rowdot(t, shifted)
    shift_sum = np.add.reduce(shifted, axis=-1) if eps > 0.0 else None
    log_total = np.log(_exp_in_place(shifted))
    values = (1.0 - eps) * (log_total * np.add.reduce(t, axis=-1) - y_shift)
    if eps > 0.0:
        values = values + (eps / n_classes) * (n_classes * log_total - shift_sum)
    return reduce(np.asarray(values, dtype=np.float64), reduction)


def categorical_cross_entropy_with_logits_grad(y_true, logits, *, label_smoothing=0.0, reduction="mean"):
    r"""Gradient of :func:`categorical_cross_entropy_with_logits` with respect to the logits.

    .. math:: \frac{\partial\,\mathrm{CE}}{\partial z} = \mathrm{softmax}(z)\sum_c \tilde y_c - \tilde y

    (``softmax(z) - y`` for one-hot targets without smoothing), divided by the number of rows for the mean.

    >>> import lossbook as lb
    >>> lb.categorical_cross_entropy_with_logits_grad([0, 1], [0.0, 0.0]).tolist()
    [0.5, -0.5]

    Reference: Szegedy et al., "Rethinking the Inception Architecture for Computer Vision", CVPR 2016 (label
    smoothing); optax ``softmax_cross_entropy``.
    """
    reduction = check_reduction(reduction)
    eps = _label_smoothing(label_smoothing)
    t, z = _soft_logit_inputs(y_true, logits)
    n_classes = z.shape[-1]
    g = _shifted(z)
    total = _exp_in_place(g)
    smoothed_sum = (1.0 - eps) * np.sum(t, axis=-1) + eps  # sum over classes of y_s
    np.multiply(g, (smoothed_sum / total)[..., None], out=g)  # softmax(z) * sum(y_s), one division per row
    if eps > 0.0:
        np.subtract(g, eps / n_classes, out=g)
        np.subtract(g, np.multiply(t, 1.0 - eps), out=g)
    else:
        np.subtract(g, t, out=g)
    scale = _row_scale(z.shape[:-1], reduction)
    if scale != 1.0:
        np.multiply(g, scale, out=g)
    return g


# ---------------------------------------------------------------------------------------------------------------------
# Sparse categorical cross-entropy (integer labels; never expanded to one-hot)


def _soft_logit_inputs(y_true, logits):
    """Validated ``(y_true, logits)`` of the categorical cross-entropy with logits, shared by the loss and its
    gradient: targets in [0, 1] (one-hot or soft), logits as rows of scores, shapes identical."""
    t = _probabilities(y_true, "y_true")
    z = _rows(logits, "logits", distribution=False)
    check_same_shape(t, z, "y_true", "logits")
    return t, z


def _sparse_inputs(labels, pred, pred_name, *, distribution):
    p = _rows(pred, pred_name, distribution=distribution)
    idx = as_labels(labels, "labels", p.shape[-1], p.shape[:-1])
    return idx[..., None], p  # idx with a trailing axis of length 1, ready for take_along_axis


def sparse_categorical_cross_entropy(labels, p_pred, *, reduction="mean"):
    r"""Categorical cross-entropy with integer class labels: :math:`-\log p_{y}` per row.

    .. math:: \mathrm{CE}(y, p) = -\log p_{y}, \qquad y \in \{0, \dots, C - 1\}

    Domain: ``p_pred`` as in :func:`categorical_cross_entropy` (rows summing to 1), ``labels`` integers in
    ``[0, C)`` with ``p_pred``'s shape minus its last axis. The label picks one probability per row
    (``np.take_along_axis``); no one-hot matrix is built. Logs clamped at -100.

    >>> import lossbook as lb
    >>> round(lb.sparse_categorical_cross_entropy(0, [0.4, 0.35, 0.25]), 4)        # -log(0.4)
    0.9163
    >>> round(lb.sparse_categorical_cross_entropy([1, 0], [[0.3, 0.7], [0.7, 0.3]]), 4)   # the dog at 70%, twice
    0.3567

    Reference: Goodfellow, Bengio and Courville, *Deep Learning* (2016), section 6.2.2.3.
    """
    reduction = check_reduction(reduction)
    values = None
    total = 0.0

    def use(p, start, _, picked):
        nonlocal values, total
        # -max(log p_y, -100) for the chunk's rows, while they are in cache
        with np.errstate(divide="ignore"):  # log(0) = -inf for a true class predicted at 0; clamped next
            np.log(picked, out=picked)
        np.maximum(picked, LOG_CLAMP, out=picked)
        np.subtract(0.0, picked, out=picked)  # 0 - x: a perfect prediction shows 0.0, not -0.0
        if reduction != "none":
            total += float(np.add.reduce(picked))
        else:
            if values is None:  # first chunk: p is valid so far, its shape known
                values = np.empty(p.shape[:-1])
            values.reshape(-1)[start : start + picked.size] = picked

    p = _sparse_probabilities_fast(labels, p_pred, use)
    if p is not None:
        if reduction == "none":
            return reduce(values, reduction)
        n_rows = p.size // p.shape[-1]
        return total / n_rows if reduction == "mean" else total
    idx, p = _sparse_inputs(labels, p_pred, "p_pred", distribution=True)
    picked = np.take_along_axis(p, idx, axis=-1)[..., 0]
    with np.errstate(divide="ignore"):  # log(0) = -inf for a true class predicted at 0; clamped next
        values = np.log(picked)
    values = np.subtract(0.0, np.maximum(values, LOG_CLAMP))  # 0 - x: a perfect prediction shows 0.0, not -0.0
    return reduce(np.asarray(values, dtype=np.float64), reduction)


def sparse_categorical_cross_entropy_grad(labels, p_pred, *, reduction="mean"):
    r"""Gradient of :func:`sparse_categorical_cross_entropy` w.r.t. ``p_pred``: :math:`-1/\max(p_y, 10^{-12})` at
    the true class, 0 elsewhere; divided by the number of rows for the mean.

    >>> import lossbook as lb
    >>> lb.sparse_categorical_cross_entropy_grad(1, [0.5, 0.5]).tolist()
    [0.0, -2.0]

    Reference: Goodfellow, Bengio and Courville, *Deep Learning* (2016), section 6.2.2.3.
    """
    reduction = check_reduction(reduction)
    g = None
    scale = None

    def use(p, start, labels_n, picked):
        nonlocal g, scale
        if g is None:  # first chunk: p is valid so far, its shape known
            g = np.zeros(p.shape)  # fresh and C-ordered: row i's label sits at flat position i*C + label
            scale = -_row_scale(g.shape[:-1], reduction)
        cols = g.shape[-1]
        np.maximum(picked, DENOMINATOR_CLAMP, out=picked)  # p_y = 0 would divide by zero: clamp as the dense version
        np.divide(scale, picked, out=picked)
        rows = g.reshape(-1, cols)[start : start + picked.size]  # a contiguous view of the chunk's rows
        positions = np.arange(0, picked.size * cols, cols, dtype=np.intp)
        np.add(positions, labels_n, out=positions)
        np.put(rows, positions, picked)

    if _sparse_probabilities_fast(labels, p_pred, use) is not None:
        return g
    idx, p = _sparse_inputs(labels, p_pred, "p_pred", distribution=True)
    picked = np.take_along_axis(p, idx, axis=-1)
    g = np.zeros(p.shape)
    # p_y = 0 would divide by zero: clamp as the dense version does.
    np.put_along_axis(g, idx, -_row_scale(p.shape[:-1], reduction) / np.maximum(picked, DENOMINATOR_CLAMP), axis=-1)
    return g


def sparse_categorical_cross_entropy_with_logits(labels, logits, *, label_smoothing=0.0, reduction="mean"):
    r"""Softmax cross-entropy from logits with integer class labels, with optional label smoothing.

    .. math::

        \mathrm{CE}(y, z) = -(1 - \varepsilon)\log\mathrm{softmax}(z)_y
                            - \frac{\varepsilon}{C}\sum_{c=1}^{C}\log\mathrm{softmax}(z)_c

    Domain: ``logits`` finite reals with the classes on the last axis, ``labels`` integers in ``[0, C)`` with the
    logits' shape minus the last axis, ``label_smoothing`` in [0, 1]. Equals PyTorch's ``cross_entropy`` with class
    indices.

    >>> import lossbook as lb, math
    >>> round(lb.sparse_categorical_cross_entropy_with_logits(1, [math.log(0.3), math.log(0.7)]), 4)  # dog at 70%
    0.3567
    >>> lb.sparse_categorical_cross_entropy_with_logits(0, [-1e300, 1e300])      # certain and wrong
    2e+300

    Reference: Szegedy et al., CVPR 2016 (label smoothing); PyTorch ``CrossEntropyLoss``.
    """
    reduction = check_reduction(reduction)
    eps = _label_smoothing(label_smoothing)
    idx, z = _sparse_inputs(labels, logits, "logits", distribution=False)
    n_classes = z.shape[-1]
    shifted = _shifted(z)
    # log_softmax(z)_y = shifted_y - log_total: picked from the row, no one-hot matrix.
    picked = np.take_along_axis(shifted, idx, axis=-1)[..., 0]
    shift_sum = np.add.reduce(shifted, axis=-1) if eps > 0.0 else None
    log_total = np.log(_exp_in_place(shifted))
    values = (1.0 - eps) * (log_total - picked)
    if eps > 0.0:
        # sum_c log_softmax(z)_c = sum(shifted) - C*log_total; every shifted value is <= 0, so the sum cannot cancel.
        values = values + (eps / n_classes) * (n_classes * log_total - shift_sum)
    return reduce(np.asarray(values, dtype=np.float64), reduction)


def sparse_categorical_cross_entropy_with_logits_grad(labels, logits, *, label_smoothing=0.0, reduction="mean"):
    r"""Gradient of :func:`sparse_categorical_cross_entropy_with_logits` w.r.t. the logits:
    :math:`\mathrm{softmax}(z) - \varepsilon/C - (1 - \varepsilon)\,[c = y]`, divided by the rows for the mean.

    >>> import lossbook as lb
    >>> lb.sparse_categorical_cross_entropy_with_logits_grad(1, [0.0, 0.0]).tolist()
    [0.5, -0.5]

    Reference: Szegedy et al., CVPR 2016 (label smoothing); PyTorch ``CrossEntropyLoss``.
    """
    reduction = check_reduction(reduction)
    eps = _label_smoothing(label_smoothing)
    idx, z = _sparse_inputs(labels, logits, "logits", distribution=False)
    n_classes = z.shape[-1]
    g = _shifted(z)
    total = _exp_in_place(g)
    np.divide(g, total[..., None], out=g)  # softmax; the smoothed targets of a row sum to exactly 1
    if eps > 0.0:
        np.subtract(g, eps / n_classes, out=g)
    at_label = np.take_along_axis(g, idx, axis=-1)
    np.put_along_axis(g, idx, at_label - (1.0 - eps), axis=-1)
    scale = _row_scale(z.shape[:-1], reduction)
    if scale != 1.0:
        np.multiply(g, scale, out=g)
    return g


# ---------------------------------------------------------------------------------------------------------------------
# Hinge losses (margin classifiers)


def _hinge_slack(y, s):
    """``max(0, 1 - y*s)`` as a fresh array."""
    slack = np.multiply(y, s, out=np.empty(s.shape))
    np.subtract(1.0, slack, out=slack)
    np.maximum(slack, 0.0, out=slack)
    return slack


def hinge(y_true, scores, *, reduction="mean"):
    r"""Hinge loss of a margin classifier (the linear SVM's loss).

    .. math:: L(y, s) = \max(0,\ 1 - y\,s), \qquad y \in \{-1, +1\}

    Domain: ``y_true`` exactly -1 or +1 (0/1 labels raise: convert with ``2*y - 1``), ``scores`` finite reals of the
    same shape (raw decision values, not probabilities). ``reduction``: ``"mean"`` (default), ``"sum"``, ``"none"``.

    >>> import lossbook as lb
    >>> lb.hinge([1, 1, -1], [2.0, 0.5, 0.5], reduction="none").tolist()   # safe, inside the margin, wrong side
    [0.0, 0.5, 1.5]

    Reference: Cortes and Vapnik, "Support-Vector Networks", Machine Learning 20 (1995).
    """
    if check_reduction(reduction) != "none":
        fast = _hinge_total_fast(y_true, scores)
        if fast is not None:
            total, n = fast
            return total / n if reduction == "mean" else total
    y, s, reduction = _sign_labels(y_true, scores, reduction)
    return reduce(_hinge_slack(y, s), reduction)


def hinge_grad(y_true, scores, *, reduction="mean"):
    r"""Gradient of :func:`hinge` w.r.t. the scores: :math:`-y` where :math:`y s < 1`, else 0 (exactly at the margin
    the hinge counts as inactive, subgradient 0); divided by ``n`` for the mean.

    >>> import lossbook as lb
    >>> lb.hinge_grad([1, 1, -1], [1.0, 0.5, 0.5], reduction="sum").tolist()
    [0.0, -1.0, 1.0]

    Reference: Cortes and Vapnik, "Support-Vector Networks", Machine Learning 20 (1995).
    """
    y, s, reduction = _sign_labels(y_true, scores, reduction)
    active = _hinge_slack(y, s) > 0.0  # strictly inside the margin: y*s = 1 is the kink, subgradient 0
    g = np.zeros(s.shape)
    np.multiply(y, -reduction_scale(s.size, reduction), out=g, where=active)  # -y where active; 0 (not -0) elsewhere
    return g


def squared_hinge(y_true, scores, *, reduction="mean"):
    r"""Squared hinge loss: the hinge squared, smooth at the margin.

    .. math:: L(y, s) = \max(0,\ 1 - y\,s)^2, \qquad y \in \{-1, +1\}

    Domain as in :func:`hinge`. A score so wrong that its slack exceeds 1.3e154 squares to ``inf`` (no warning).

    >>> import lossbook as lb
    >>> lb.squared_hinge([1, 1, -1], [2.0, 0.5, 0.5], reduction="none").tolist()
    [0.0, 0.25, 2.25]

    Reference: Rennie and Srebro, "Loss Functions for Preference Levels", IJCAI 2005 workshop; scikit-learn's
    ``LinearSVC`` default loss.
    """
    y, s, reduction = _sign_labels(y_true, scores, reduction)
    slack = _hinge_slack(y, s)
    with np.errstate(over="ignore"):  # slack > 1.3e154 squares to inf, the correctly rounded value
        np.multiply(slack, slack, out=slack)
        return reduce(slack, reduction)


def squared_hinge_grad(y_true, scores, *, reduction="mean"):
    r"""Gradient of :func:`squared_hinge` w.r.t. the scores: :math:`-2y\max(0, 1 - ys)`, divided by ``n`` for the
    mean.

    >>> import lossbook as lb
    >>> lb.squared_hinge_grad([1, -1], [0.5, 0.5], reduction="sum").tolist()
    [-1.0, 3.0]

    Reference: Rennie and Srebro, "Loss Functions for Preference Levels", IJCAI 2005 workshop; scikit-learn's
    ``LinearSVC`` default loss.
    """
    y, s, reduction = _sign_labels(y_true, scores, reduction)
    g = _hinge_slack(y, s)
    np.multiply(g, y, out=g)
    with np.errstate(over="ignore"):  # 2*slack beyond 9e307 is inf, the correctly rounded value
        np.multiply(g, -2.0 * reduction_scale(s.size, reduction), out=g)
    g += 0.0  # -0.0 + 0.0 == +0.0: where the slack is 0 the subgradient is 0, not the -0.0 the sign flip left
    return g


def _crammer_singer(labels, scores):
    idx, s = _sparse_inputs(labels, scores, "scores", distribution=False)
    if s.shape[-1] < 2:
        raise ValueError(f"scores must have at least 2 classes on its last axis for a multiclass hinge, got shape {s.shape}")
    true_score = np.take_along_axis(s, idx, axis=-1)
    others = s.copy()
    np.put_along_axis(others, idx, -np.inf, axis=-1)  # exclude the true class from the max over j != y
    rival = np.argmax(others, axis=-1)[..., None]  # first maximiser: a valid subgradient choice at ties
    rival_score = np.take_along_axis(s, rival, axis=-1)
    with np.errstate(over="ignore"):  # score gaps beyond 1.8e308 are genuinely inf
        slack = 1.0 + (rival_score - true_score)[..., 0]
    return idx, rival, np.maximum(slack, 0.0), s.shape


def multiclass_hinge(labels, scores, *, reduction="mean"):
    r"""Crammer-Singer multiclass hinge loss: the true class must beat the best other class by a margin of 1.

    .. math:: L(y, s) = \max\bigl(0,\ 1 + \max_{j \ne y} s_j - s_y\bigr)

    Domain: ``scores`` finite reals with the classes on the last axis (at least 2), ``labels`` integers in ``[0, C)``
    with the scores' shape minus the last axis. One value per row; ``reduction`` averages over rows by default.

    >>> import lossbook as lb
    >>> lb.multiclass_hinge([0, 1], [[3.0, 1.0, 0.5], [1.0, 1.2, 0.0]], reduction="none").tolist()
    [0.0, 0.8]

    Reference: Crammer and Singer, "On the Algorithmic Implementation of Multiclass Kernel-based Vector Machines",
    JMLR 2 (2001).
    """
    reduction = check_reduction(reduction)
    values = _crammer_singer_values_fast(labels, scores)
    if values is not None:
        return reduce(values, reduction)
    _, _, values, _ = _crammer_singer(labels, scores)
    return reduce(values, reduction)


def multiclass_hinge_grad(labels, scores, *, reduction="mean"):
    r"""Gradient of :func:`multiclass_hinge` w.r.t. the scores: in a row with a positive loss, +1 at the best rival
    class and -1 at the true class; 0 elsewhere and in rows exactly at the margin. Divided by the rows for the mean.

    >>> import lossbook as lb
    >>> lb.multiclass_hinge_grad([1], [[1.0, 1.2, 0.0]], reduction="sum").tolist()
    [[1.0, -1.0, 0.0]]

    Reference: Crammer and Singer, "On the Algorithmic Implementation of Multiclass Kernel-based Vector Machines",
    JMLR 2 (2001).
    """
    reduction = check_reduction(reduction)
    idx, rival, values, shape = _crammer_singer(labels, scores)
    weight = (values > 0.0) * _row_scale(shape[:-1], reduction)  # the margin itself counts as inactive
    g = np.zeros(shape)
    np.put_along_axis(g, rival, weight[..., None], axis=-1)
    np.put_along_axis(g, idx, -weight[..., None], axis=-1)
    g += 0.0  # -0.0 + 0.0 == +0.0: an inactive row's gradient is 0, not the -0.0 that negating a zero weight left
    return g


# ---------------------------------------------------------------------------------------------------------------------
# Focal loss


def _alpha_t(alpha, t):
    """``alpha*y + (1 - alpha)*(1 - y)``, or None for no class weighting."""
    if alpha is None:
        return None
    a = np.multiply(t, 2.0 * alpha - 1.0, out=np.empty(t.shape))
    np.add(a, 1.0 - alpha, out=a)
    return a


def _miss(t, p, q):
    """``1 - p_t = p*(1 - y) + (1 - p)*y`` from ``p`` and ``q = 1 - p`` (both given to full precision): a sum of
    non-negative terms, so it never cancels."""
    miss = np.subtract(1.0, t, out=np.empty(t.shape))
    np.multiply(miss, p, out=miss)
    np.add(miss, np.multiply(q, t), out=miss)
    return miss


def focal(y_true, p_pred, *, alpha=0.25, gamma=2.0, reduction="mean"):
    r"""Focal loss (Lin et al. 2017) from probabilities: cross-entropy down-weighted on examples already right.

    .. math::

        \mathrm{FL}(y, p) = \alpha_t\,(1 - p_t)^{\gamma}\,\mathrm{BCE}(y, p), \qquad
        p_t = p\,y + (1 - p)(1 - y), \quad \alpha_t = \alpha\,y + (1 - \alpha)(1 - y)

    which is :math:`-\alpha_t (1 - p_t)^\gamma \log p_t` for 0/1 labels (torchvision's ``sigmoid_focal_loss`` form,
    which also accepts soft labels). Domain: ``y_true`` and ``p_pred`` in [0, 1], same shape; ``alpha`` in [0, 1] or
    ``None`` (no class weighting); ``gamma >= 0``. ``gamma=0, alpha=None`` is exactly
    :func:`binary_cross_entropy`. The BCE logs are clamped at -100 as there.

    >>> import lossbook as lb
    >>> round(lb.focal(1, 0.9, alpha=None, gamma=0.0), 4)          # plain cross-entropy: -ln 0.9
    0.1054
    >>> round(lb.focal(1, 0.9, alpha=None, gamma=2.0), 6)          # an easy example: 0.1**2 * 0.10536
    0.001054
    >>> round(lb.focal(1, 0.2, alpha=None, gamma=2.0), 4)          # a hard one keeps most of its loss: 0.64 * 1.6094
    1.03

    Reference: Lin, Goyal, Girshick, He and Dollar, "Focal Loss for Dense Object Detection", ICCV 2017.
    """
    alpha, gamma = _focal_params(alpha, gamma)
    t, p, reduction = _pair(y_true, p_pred, reduction)
    values = _bce_values(t, p)
    if gamma != 0.0:  # gamma = 0: the factor is exactly 1 (and 0**0 must not become exp(0 * -inf) = NaN)
        q = np.subtract(1.0, p)
        miss = _miss(t, p, q)
        with np.errstate(divide="ignore"):  # log(0) = -inf at a perfect prediction: exp(gamma * -inf) = 0 is right
            np.log(miss, out=miss)
        np.multiply(miss, gamma, out=miss)
        np.exp(miss, out=miss)  # (1 - p_t)**gamma in log space
        np.multiply(values, miss, out=values)
    a = _alpha_t(alpha, t)
    if a is not None:
        np.multiply(values, a, out=values)
    return reduce(values, reduction)


def focal_grad(y_true, p_pred, *, alpha=0.25, gamma=2.0, reduction="mean"):
    r"""Gradient of :func:`focal` with respect to ``p_pred``.

    .. math::

        \frac{\partial\,\mathrm{FL}}{\partial p} = \alpha_t\Bigl[(1 - p_t)^\gamma\,
            \frac{p - y}{\max(p(1 - p), 10^{-12})}
            + \gamma\,(1 - 2y)\,(1 - p_t)^{\gamma}\,\frac{\mathrm{BCE}}{1 - p_t}\Bigr]

    The second term is written as :math:`(1 - p_t)^\gamma \cdot \mathrm{BCE}/(1 - p_t)` rather than with
    :math:`(1 - p_t)^{\gamma - 1}`, which is infinite at a perfect prediction when ``gamma < 1``;
    :math:`\mathrm{BCE}/(1 - p_t)` stays near 1 there. With ``gamma=0, alpha=None`` it is
    :func:`binary_cross_entropy_grad` exactly.

    >>> import lossbook as lb
    >>> round(float(lb.focal_grad(1, 0.5, alpha=None, gamma=0.0)), 6)   # -1/0.5
    -2.0

    Reference: Lin, Goyal, Girshick, He and Dollar, "Focal Loss for Dense Object Detection", ICCV 2017.
    """
    alpha, gamma = _focal_params(alpha, gamma)
    t, p, reduction = _pair(y_true, p_pred, reduction)
    g = binary_cross_entropy_grad(t, p, reduction="none")
    if gamma != 0.0:
        ce = _bce_values(t, p)
        q = np.subtract(1.0, p)
        miss = _miss(t, p, q)
        # BCE / (1 - p_t): where 1 - p_t = 0 the prediction is perfect, BCE = 0 too, and the floor gives 0, not NaN.
        np.divide(ce, np.maximum(miss, _TINY), out=ce)
        with np.errstate(divide="ignore"):  # log(0) = -inf at a perfect prediction: the factor is exactly 0 there
            np.log(miss, out=miss)
        np.multiply(miss, gamma, out=miss)
        np.exp(miss, out=miss)  # (1 - p_t)**gamma, in log space
        np.multiply(ce, gamma * (1.0 - 2.0 * t), out=ce)
        np.add(g, ce, out=g)
        np.multiply(g, miss, out=g)
    a = _alpha_t(alpha, t)
    if a is not None:
        np.multiply(g, a, out=g)
    scale = reduction_scale(p.size, reduction)
    if scale != 1.0:
        np.multiply(g, scale, out=g)
    return g


def _log_miss_logits(t, z, e, s_pos, s_neg):
    """``log(1 - p_t)`` from logits: ``1 - p_t = (1 - y)*sigmoid(z) + y*sigmoid(-z)``, to full precision.

    Both sigmoids are exact to rounding, so the log of their weighted sum is too, unless the sum underflows (a
    saturated logit with a hard label); those few elements are redone in log space with ``log_sigmoid``.
    """
    miss = _miss(t, s_pos, s_neg)
    log_miss = np.maximum(miss, _TINY, out=np.empty(miss.shape))  # the floor only matters on the elements redone below
    np.log(log_miss, out=log_miss)
    small = np.flatnonzero(miss < 1e-290)
    if small.size:
        zs, ts, es = z.flat[small], t.flat[small], np.log1p(e.flat[small])
        log_sig_pos = -(np.maximum(-zs, 0.0) + es)  # log(sigmoid(z)) = -softplus(-z)
        log_sig_neg = -(np.maximum(zs, 0.0) + es)  # log(sigmoid(-z)) = -softplus(z)
        with np.errstate(divide="ignore"):  # log(0) = -inf for a hard label; logaddexp(-inf, x) = x is exact
            log_miss.flat[small] = np.logaddexp(np.log1p(-ts) + log_sig_pos, np.log(ts) + log_sig_neg)
    return miss, log_miss


def focal_with_logits(y_true, logits, *, alpha=0.25, gamma=2.0, reduction="mean"):
    r"""Focal loss (Lin et al. 2017) from logits, stable for every finite logit.

    .. math::

        \mathrm{FL}(y, z) = \alpha_t\,(1 - p_t)^{\gamma}\,\mathrm{BCE}(y, z), \qquad p = \sigma(z)

    with :math:`p_t`, :math:`\alpha_t` as in :func:`focal` and the cross-entropy computed as in
    :func:`binary_cross_entropy_with_logits`. The factor :math:`(1 - p_t)^\gamma` is computed as
    :math:`\exp(\gamma \log(1 - p_t))` with :math:`\log(1 - p_t)` from ``log_sigmoid``, so it is right even where
    :math:`\sigma(z)` rounds to 0 or 1. Domain: ``y_true`` in [0, 1], ``logits`` finite reals, same shape; ``alpha``
    in [0, 1] or ``None``; ``gamma >= 0``. This is torchvision's ``sigmoid_focal_loss``.

    >>> import lossbook as lb, math
    >>> round(lb.focal_with_logits(1, math.log(9.0), alpha=None, gamma=0.0), 4)   # p = 0.9: -ln 0.9
    0.1054
    >>> lb.focal_with_logits([1.0, 0.0], [1e300, -1e300])
    0.0

    Reference: Lin, Goyal, Girshick, He and Dollar, "Focal Loss for Dense Object Detection", ICCV 2017; torchvision
    ``ops.sigmoid_focal_loss``.
    """
    alpha, gamma = _focal_params(alpha, gamma)
    t, z, reduction = _pair(y_true, logits, reduction, pred_name="logits", pred_unit=False)
    e = _exp_neg_abs(z)
    values = _bce_logits_values(t, z, e)
    if gamma != 0.0:  # gamma = 0: the factor is exactly 1
        s_pos, s_neg = _sigmoids(z, e)
        _, log_miss = _log_miss_logits(t, z, e, s_pos, s_neg)
        np.multiply(log_miss, gamma, out=log_miss)
        np.exp(log_miss, out=log_miss)
        np.multiply(values, log_miss, out=values)
    a = _alpha_t(alpha, t)
    if a is not None:
        np.multiply(values, a, out=values)
    return reduce(values, reduction)


def focal_with_logits_grad(y_true, logits, *, alpha=0.25, gamma=2.0, reduction="mean"):
    r"""Gradient of :func:`focal_with_logits` with respect to the logits.

    .. math::

        \frac{\partial\,\mathrm{FL}}{\partial z} = \alpha_t (1 - p_t)^\gamma\Bigl[(p - y)
            + \gamma\,(1 - 2y)\,\mathrm{BCE}\,\frac{p(1 - p)}{1 - p_t}\Bigr]

    using :math:`\partial(1 - p_t)/\partial z = (1 - 2y)\,p(1 - p)`. Written with :math:`(1 - p_t)^\gamma` and the
    bounded ratio :math:`p(1-p)/(1-p_t)` (it is ``p`` or ``1 - p`` for hard labels), never
    :math:`(1 - p_t)^{\gamma - 1}`, so it stays finite for ``gamma < 1`` and saturated logits.

    >>> import lossbook as lb
    >>> float(lb.focal_with_logits_grad(1, 0.0, alpha=None, gamma=0.0))    # sigmoid(0) - 1
    -0.5

    Reference: Lin, Goyal, Girshick, He and Dollar, "Focal Loss for Dense Object Detection", ICCV 2017; torchvision
    ``ops.sigmoid_focal_loss``.
    """
    alpha, gamma = _focal_params(alpha, gamma)
    t, z, reduction = _pair(y_true, logits, reduction, pred_name="logits", pred_unit=False)
    e = _exp_neg_abs(z)
    s_pos, s_neg = _sigmoids(z, e)
    g = _sigmoid_minus_target(t, z)  # d BCE / dz = sigmoid(z) - y, without cancellation at saturated logits
    if gamma != 0.0:
        ce = _bce_logits_values(t, z, e)
        miss, log_miss = _log_miss_logits(t, z, e, s_pos, s_neg)
        # p(1-p)/(1-p_t): where 1 - p_t underflows to 0 (hard label, saturated logit), p(1-p) is 0 as well and the
        # floor turns 0/0 into 0; the term it multiplies (BCE, about 1 - p_t) vanishes there anyway.
        ratio = np.multiply(s_pos, s_neg, out=np.empty(z.shape))
        np.divide(ratio, np.maximum(miss, _TINY, out=miss), out=ratio)
        np.multiply(ce, ratio, out=ce)
        np.multiply(ce, gamma * (1.0 - 2.0 * t), out=ce)
        np.add(g, ce, out=g)
        np.multiply(log_miss, gamma, out=log_miss)
        np.exp(log_miss, out=log_miss)  # (1 - p_t)**gamma
        np.multiply(g, log_miss, out=g)
    a = _alpha_t(alpha, t)
    if a is not None:
        np.multiply(g, a, out=g)
    scale = reduction_scale(z.size, reduction)
    if scale != 1.0:
        np.multiply(g, scale, out=g)
    return g
