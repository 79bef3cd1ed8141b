"""Input checking and reductions shared by every loss.

Every public loss goes through these helpers so that bad input fails the same way everywhere: a ``ValueError`` (or a
``TypeError`` for non-numeric input) whose message names the argument, says what was wrong and how to fix it. Nothing
here writes to its inputs; every array it returns is either a fresh float64 array or a read-only view of one.
"""

from __future__ import annotations

import numbers

import numpy as np

REDUCTIONS = ("mean", "sum", "none")
# Rows of a probability distribution must sum to one within this tolerance.
SUM_TOLERANCE = 1e-6


def as_float_array(value, name: str) -> np.ndarray:
    """Return ``value`` as a finite float64 array, or raise naming ``name``.

    Accepts anything ``np.asarray`` accepts whose dtype is boolean, integer or real floating point. Empty arrays,
    NaN and infinity are rejected: a loss of an empty batch or of a NaN prediction has no meaning a learner could use.
    """
    array = as_float64(value, name)
    check_finite(array, name)
    return array


def as_float64(value, name: str) -> np.ndarray:
    """:func:`as_float_array` without its pass over the data for NaN and infinity.

    For callers that establish finiteness more cheaply (a finite sum of something NaN and infinity propagate through
    proves every input value finite) and call :func:`check_finite` only when that shortcut fails.
    """
    array = as_numeric_array(value, name)
    if array.dtype.kind == "f" and array.dtype.itemsize > 8:
        check_float64_range(array, name)
    return np.asarray(array, dtype=np.float64)


def as_numeric_array(value, name: str) -> np.ndarray:
    """``value`` as a non-empty real NumPy array in its own dtype (not yet float64), or raise naming ``name``.

    The dtype is kept for callers whose checks depend on the precision the caller computed in (the row-sum tolerance
    of a probability distribution).
    """
    if isinstance(value, np.ma.MaskedArray):
        raise TypeError(
            f"{name} is a masked array; losses do not skip masked values, so pass only the values that count "
            f"({name}.compressed() for a flat array) or fill the masked ones ({name}.filled(value))"
        )
    try:
        array = np.asarray(value)
    except Exception as err:  # ragged nested lists and the like
        raise TypeError(f"{name} could not be read as an array ({err}); pass a number, a list of numbers or a NumPy array") from None
    if array.dtype == object or array.dtype.kind in "USVOMm":
        raise TypeError(
            f"{name} must be numeric, but it has dtype {array.dtype}; pass numbers (for example a list of floats), "
            "not strings or objects"
        )
    if array.dtype.kind == "c":
        raise TypeError(f"{name} is complex; losses are defined for real numbers only, pass the real part if that is what you mean")
    if array.size == 0:
        raise ValueError(f"{name} is empty (shape {array.shape}); a loss needs at least one value")
    return array


def check_float64_range(array: np.ndarray, name: str) -> None:
    """Reject finite values of a wider float type (``np.longdouble``) that float64 cannot hold: converted, they would
    become infinity and be reported as if the caller had passed one."""
    magnitude = np.abs(array[np.isfinite(array)])
    if magnitude.size and magnitude.max() > np.finfo(np.float64).max:
        shown = np.format_float_scientific(magnitude.max(), precision=3, trim="-")
        raise ValueError(
            f"{name} holds {shown} (dtype {array.dtype}), outside the float64 range (magnitudes up to 1.8e308) that "
            f"losses compute in; rescale {name} or pass float64 values"
        )


def check_finite(array: np.ndarray, name: str) -> None:
    """Reject NaN and infinity, naming ``name``."""
    values = np.asarray(array)
    if values.size and values.dtype.kind in "fiub":
        # Fast path: a finite minimum and maximum prove every value finite (NaN propagates through np.minimum and
        # np.maximum, +inf is the maximum, -inf the minimum). Two reductions without temporaries instead of a
        # boolean array the size of the input; anything else takes the element-wise test below, which also names
        # the culprit.
        if np.isfinite(np.minimum.reduce(values, axis=None)) and np.isfinite(np.maximum.reduce(values, axis=None)):
            return
    if not np.all(np.isfinite(array)):
        bad = "NaN" if np.isnan(array).any() else "infinity"
        raise ValueError(f"{name} contains {bad}; every value must be a finite number (check the step that produced {name})")


def finite_range(array: np.ndarray, name: str) -> tuple:
    """``(min, max)`` of a non-empty real array as Python floats, after rejecting NaN and infinity as
    :func:`check_finite` does (same message).

    One minimum and one maximum pass both prove finiteness and give the range, for callers that need the range
    anyway (a scale check for overflow, an interval check) and would otherwise pay for a third pass.
    """
    low = np.minimum.reduce(array, axis=None)
    high = np.maximum.reduce(array, axis=None)
    if not (np.isfinite(low) and np.isfinite(high)):  # NaN propagates to both; inf is the max or -inf the min
        check_finite(array, name)  # raises, saying whether it is NaN or infinity
    return float(low), float(high)


def check_same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Require identical shapes: ``(n, 1)`` against ``(n,)`` is a classic silent-broadcasting bug, so it raises."""
    if a.shape != b.shape:
        hint = ""
        if a.size == b.size:
            hint = f" (they hold the same number of values: reshape one, e.g. {name_b}.reshape({a.shape}))"
        raise ValueError(
            f"{name_a} has shape {a.shape} but {name_b} has shape {b.shape}; they must match exactly, "
            f"no broadcasting{hint}"
        )


def _span(array: np.ndarray, fmt: str = ".6g") -> str:
    """How a message says what an array holds: "it ranges from -1 to 1", or for one value (or all equal) "it is
    320000" / "every value is 320000" (never "ranges from 320000 to 320000")."""
    low, high = array.min(), array.max()
    if low == high:
        return f"it is {low:{fmt}}" if array.size == 1 else f"every value is {low:{fmt}}"
    return f"it ranges from {low:{fmt}} to {high:{fmt}}"


def check_unit_interval(array: np.ndarray, name: str) -> None:
    """Require every value in [0, 1]. For ``y_true`` the message says what labels are (a number to predict, such as a
    price, is regression); for a prediction it suggests the *_with_logits version or a sigmoid/softmax."""
    if array.min() < 0.0 or array.max() > 1.0:
        if name == "y_true":
            raise ValueError(
                f"y_true must hold labels in [0, 1]: 0/1 classes (or probabilities, for soft labels), but "
                f"{_span(array)}; if y_true holds numbers to predict (prices, "
                "temperatures), that is regression: use mean_squared_error (or mean_absolute_error / huber) instead"
            )
        raise ValueError(
            f"{name} must hold probabilities in [0, 1], but {_span(array)}; "
            "if these are raw scores (logits), use the *_with_logits version of this loss or apply a sigmoid/softmax first"
        )


def sum_tolerance(dtype, n_classes: int) -> float:
    """How far from 1 a row sum of probabilities in ``dtype`` may be: ``SUM_TOLERANCE`` (1e-6) for float64 (and
    integer or wider) input; for a lower precision (float32, float16), ``n_classes`` times its machine epsilon, the
    rounding a softmax computed in that precision can leave in the sum of its row (each of the ``n_classes``
    probabilities is rounded once)."""
    dtype = np.dtype(dtype)
    if dtype.kind != "f" or np.finfo(dtype).eps <= np.finfo(np.float64).eps:
        return SUM_TOLERANCE
    return max(SUM_TOLERANCE, float(np.finfo(dtype).eps) * n_classes)


def check_distribution(array: np.ndarray, name: str, dtype=None) -> None:
    """Require rows (the last axis) of numbers in [0, 1] summing to 1 within :func:`sum_tolerance`.

    ``dtype`` is the dtype the caller passed (before the conversion to float64); it sets the tolerance. The message
    prints the row's actual sum with the digits that show how far it is from 1.
    """
    check_unit_interval(array, name)
    dtype = np.dtype(np.float64 if dtype is None else dtype)
    n_classes = array.shape[-1] if array.ndim else 1
    tolerance = sum_tolerance(dtype, n_classes)
    sums = np.ravel(np.sum(array, axis=-1))
    worst = sums[np.argmax(np.abs(sums - 1.0))]
    if abs(worst - 1.0) > tolerance:
        precision = ""
        if tolerance > SUM_TOLERANCE or dtype.kind == "f" and dtype.itemsize < 8:  # float32 / float16 input
            precision = (
                f" ({dtype} input with {n_classes} classes may be off by {tolerance:.3g}; compute the probabilities "
                "in float64 for a tighter check)"
            )
        raise ValueError(
            f"each row of {name} must sum to 1 along the last axis (a probability distribution over classes), "
            f"but a row sums to {sum_repr(worst)}{precision}; did you forget a softmax? "
            "(or pass raw scores to the *_with_logits version)"
        )


def sum_repr(total: float) -> str:
    """A row sum with the digits that show how far it is from 1 (``.6g`` would print 1.0000015 as ``1``)."""
    gap = abs(total - 1.0)
    digits = 6 if gap == 0.0 or gap >= 1e-5 else min(17, 2 - int(np.floor(np.log10(gap))))
    return f"{total:.{digits}g}"


def as_distribution(value, name: str) -> np.ndarray:
    """Rows (the last axis) of a probability distribution as float64: numeric, non-empty, finite, in [0, 1], at least
    1-D, each row summing to 1 within the tolerance of the dtype ``value`` came in (:func:`sum_tolerance`)."""
    raw = as_numeric_array(value, name)
    array = as_probability_array(raw, name)
    check_at_least_1d(array, name)
    if np.max(np.abs(np.sum(array, axis=-1) - 1.0)) > SUM_TOLERANCE:  # one value per row: cheap
        check_distribution(array, name, raw.dtype)  # raises unless the tolerance of the input's dtype allows it
    return array


def check_at_least_1d(array: np.ndarray, name: str, what: str = "classes") -> None:
    if array.ndim < 1:
        raise ValueError(f"{name} must have at least one axis (the {what} axis is the last one), but it is a scalar")


def as_labels(value, name: str, n_classes: int, expected_shape: tuple) -> np.ndarray:
    """Integer class labels in ``[0, n_classes)`` with shape ``expected_shape``, as an ``intp`` array."""
    if isinstance(value, np.ma.MaskedArray):
        raise TypeError(f"{name} is a masked array; losses do not skip masked labels, so pass only the labels that count")
    try:
        array = np.asarray(value)
    except Exception as err:
        raise TypeError(f"{name} could not be read as an array ({err}); pass integer class labels") from None
    if array.dtype == object or array.dtype.kind in "USVOMmc":
        raise TypeError(f"{name} must hold integer class labels, but it has dtype {array.dtype}")
    if array.size == 0:
        raise ValueError(f"{name} is empty (shape {array.shape}); pass at least one label")
    if array.dtype.kind == "f":
        if not np.all(np.isfinite(array)) or not np.all(array == np.round(array)):
            raise ValueError(
                f"{name} must hold whole-number class labels (0, 1, 2, ...), but it holds non-integers; "
                "if these are one-hot or soft targets, use categorical_cross_entropy instead"
            )
    elif array.dtype.kind == "b":
        raise TypeError(f"{name} is boolean; pass integer class labels (e.g. {name}.astype(int))")
    if array.shape != tuple(expected_shape):
        hint = ""
        if array.shape == tuple(expected_shape) + (n_classes,):
            hint = " It looks one-hot: pass labels.argmax(axis=-1), or use categorical_cross_entropy."
        raise ValueError(
            f"{name} has shape {array.shape} but the predictions need {tuple(expected_shape)} "
            f"(one integer label per row of the predictions).{hint}"
        )
    if array.min() < 0 or array.max() >= n_classes:
        raise ValueError(
            f"{name} must lie in [0, {n_classes}) for {n_classes} classes, but {_span(array, 'g')}; labels count from 0 (subtract 1 if yours count from 1)"
        )
    labels = array.astype(np.intp, copy=False)
    if labels is array:
        # Already intp: no copy (it would cost a full-size allocation on every call), but a read-only view, so that
        # nothing downstream can write to the caller's array.
        labels = array.view()
        labels.flags.writeable = False
    return labels


def check_reduction(reduction) -> str:
    # isinstance first: an array compared with the strings would raise NumPy's own "truth value is ambiguous" error
    if not isinstance(reduction, str) or reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}, got {reduction!r}")
    return reduction


def check_scalar(value, name: str, *, low=None, high=None, low_open=False, high_open=False, allow_none=False):
    """A finite real hyperparameter within bounds; returns it as a float (or None when allowed)."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        kind = " or None" if allow_none else ""
        raise TypeError(f"{name} must be a real number{kind}, got {value!r}")
    try:
        as_float = float(value)
    except OverflowError:  # an int (or fraction) beyond the float range, such as 10**400
        as_float = None
    if as_float is None or (np.isinf(as_float) and np.isfinite(value)):  # too large, or a finite longdouble beyond it
        shown = (f"an integer with {len(str(abs(int(value))))} digits" if isinstance(value, numbers.Integral)
                 else np.format_float_scientific(value, precision=3, trim="-") if isinstance(value, np.floating) else f"{value}")
        raise ValueError(f"{name} must be a finite float64 number (magnitude up to 1.8e308), got {shown}; pass a smaller value")
    if not np.isfinite(as_float):
        raise ValueError(f"{name} must be finite, got {as_float}")
    value = as_float
    if low is not None and (value < low or (low_open and value == low)):
        bound = ">" if low_open else ">="
        raise ValueError(f"{name} must be {bound} {low:g}, got {value:g}")
    if high is not None and (value > high or (high_open and value == high)):
        bound = "<" if high_open else "<="
        raise ValueError(f"{name} must be {bound} {high:g}, got {value:g}")
    return value


def reduce(values: np.ndarray, reduction: str):
    """Apply a reduction. Scalars come back as Python floats, never 1-element arrays.

    A sum beyond the float range is ``inf`` (the correctly rounded value, without a warning); a mean never
    overflows when the values are finite (it is at most the largest of them).
    """
    if reduction == "none":
        return float(values) if values.ndim == 0 else values
    with np.errstate(over="ignore"):  # a total beyond 1.8e308 is inf, the correctly rounded sum
        total = np.sum(values)
    if reduction == "sum":
        return float(total)
    mean = total / values.size
    if np.isinf(mean) and np.all(np.isfinite(values)):  # the total overflowed, the mean does not: divide first
        mean = np.sum(values / values.size)
    return float(mean)


def reduction_scale(n_values: int, reduction: str) -> float:
    """The factor the per-value gradient is multiplied by: ``1/n`` for a mean, ``1`` otherwise."""
    return 1.0 / n_values if reduction == "mean" else 1.0


def normalize_axes(axis, ndim: int, name: str = "axis") -> tuple:
    """``axis`` (None, an int or a tuple of ints) as a sorted tuple of distinct non-negative axes of an ``ndim``-d array.

    ``None`` means every axis. Negative axes count from the end, as in NumPy. An axis out of range, a repeated axis or
    a non-integer raises, naming ``name``.
    """
    if axis is None:
        return tuple(range(ndim))
    items = axis if isinstance(axis, tuple) else (axis,)
    result = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (numbers.Integral, np.integer)):
            raise TypeError(f"{name} must be None, an int or a tuple of ints, got {axis!r}")
        item = int(item)
        if not -ndim <= item < ndim:
            raise ValueError(
                f"{name}={axis!r} is out of range for an array with {ndim} axes; use an axis in [{-ndim}, {ndim - 1}] "
                f"(or {name}=None for the whole array)"
            )
        item %= ndim
        if item in result:
            raise ValueError(f"{name}={axis!r} names axis {item} twice; list each axis once")
        result.append(item)
    if not result:
        raise ValueError(f"{name}=() selects no axis; use {name}=None for the whole array or name at least one axis")
    return tuple(sorted(result))


def check_axis(axis, ndim: int, name: str = "axis"):
    """``axis`` for a reduction over an ``ndim``-d array: ``None``, an int or a tuple of ints, each in range, as
    NumPy would take it; otherwise raise naming ``name`` (a single int comes back as an int, anything else as a
    sorted tuple)."""
    axes = normalize_axes(axis, ndim, name)
    return axes[0] if isinstance(axis, (numbers.Integral, np.integer)) else axes


def check_binary(array: np.ndarray, name: str, meaning: str = "") -> None:
    """Require every value to be exactly 0 or 1."""
    if not np.all((array == 0.0) | (array == 1.0)):
        bad = array[(array != 0.0) & (array != 1.0)].ravel()[0]
        raise ValueError(f"{name} must hold only 0 and 1{meaning}, but it holds {bad:g}; pass {name} as 0/1 flags")


def as_probability_array(value, name: str) -> np.ndarray:
    """A float64 array with every value finite and in [0, 1], checked with one min and one max pass.

    NaN propagates through ``min`` and ``max`` and fails both comparisons, and infinity is outside [0, 1], so a min
    and a max in range prove every value finite and in range; otherwise the usual checks raise the usual messages.
    """
    array = as_float64(value, name)
    low, high = array.min(), array.max()
    if not (low >= 0.0 and high <= 1.0):
        check_finite(array, name)
        check_unit_interval(array, name)
    return array
