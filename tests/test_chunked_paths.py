"""The chunked fast paths of the classification and distribution losses against the original code they short-cut.

Each fast path returns None whenever an input is not as it needs it, and the original code then runs. So forcing
the fast path off (monkeypatching it to return None) gives the reference: for valid input both must give the same
value (to rounding: the chunked sums add in another order), and for invalid input the same exception with the same
message. The inputs span several chunks (65,536 values), with a ragged last chunk, a bad value in a late chunk,
bad values in both arguments (the first argument's error must win), and non-contiguous views.
"""

import warnings

import numpy as np
import pytest

import lossbook as lb
from lossbook.losses import classification as cls
from lossbook.losses import distributions as dist

ROWS, C = 20_011, 10  # 200,110 values: four chunks, the last one ragged
N = 3 * 65_536 + 123

# loss -> (module, name of the fast-path function it calls)
FAST = {
    "sparse_categorical_cross_entropy": (cls, "_sparse_probabilities_fast"),
    "sparse_categorical_cross_entropy_grad": (cls, "_sparse_probabilities_fast"),
    "categorical_cross_entropy": (cls, "_categorical_fast"),
    "hinge": (cls, "_hinge_total_fast"),
    "multiclass_hinge": (cls, "_crammer_singer_values_fast"),
    "binary_cross_entropy_with_logits": (cls, "_bce_logits_total_fast"),
    "kl_divergence": (dist, "_kl_rows_fast"),
}


def _rows(rng, rows=ROWS, cols=C):
    return lb.softmax(rng.normal(size=(rows, cols)) * 2)


def _inputs(name, rng):
    """Valid arguments for ``name`` spanning several chunks."""
    if name.startswith("sparse"):
        return rng.integers(0, C, ROWS), _rows(rng)
    if name == "categorical_cross_entropy":
        return _rows(rng), _rows(rng)  # soft targets
    if name == "multiclass_hinge":
        return rng.integers(0, C, ROWS), rng.normal(size=(ROWS, C))
    if name == "kl_divergence":
        return _rows(rng), _rows(rng)
    if name == "hinge":
        return np.where(rng.random(N) > 0.5, 1.0, -1.0), rng.normal(size=N) * 2
    if name == "binary_cross_entropy_with_logits":
        return rng.random(N), rng.normal(size=N) * 5
    raise AssertionError(name)


def _both(name, monkeypatch, *args, **kwargs):
    """(fast result or exception, slow result or exception) for lb.<name>(*args, **kwargs)."""
    f = getattr(lb, name)
    results = []
    for force_slow in (False, True):
        with monkeypatch.context() as m:
            if force_slow:
                module, fast = FAST[name]
                m.setattr(module, fast, lambda *a, **k: None)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    results.append(f(*args, **kwargs))
            except (ValueError, TypeError) as err:
                results.append(err)
    return results


@pytest.mark.parametrize("name", list(FAST))
def test_fast_path_is_taken_for_valid_input(name, monkeypatch):
    module, fast = FAST[name]
    calls = []
    original = getattr(module, fast)
    monkeypatch.setattr(module, fast, lambda *a: calls.append(original(*a)) or calls[-1])
    getattr(lb, name)(*_inputs(name, np.random.default_rng(1)))
    assert calls and calls[0] is not None


@pytest.mark.parametrize("name", list(FAST))
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_same_values_as_the_original_code(name, reduction, monkeypatch):
    args = _inputs(name, np.random.default_rng(len(name)))
    fast, slow = _both(name, monkeypatch, *args, reduction=reduction)
    np.testing.assert_allclose(fast, slow, rtol=1e-12, atol=0)
    if reduction == "none":
        assert np.shape(fast) == np.shape(slow)


@pytest.mark.parametrize("name", list(FAST))
def test_non_contiguous_input(name, monkeypatch):
    rng = np.random.default_rng(7)
    args = list(_inputs(name, rng))
    # Every float argument as a strided view: every other element (1-D), every other row and column (2-D).
    for i, a in enumerate(args):
        if a.dtype.kind == "f":
            big = np.repeat(a, 2, axis=0)
            view = big[::2] if a.ndim == 1 else np.repeat(big, 2, axis=1)[::2, ::2]
            assert not view.flags.c_contiguous
            np.testing.assert_array_equal(view, a)
            args[i] = view
    fast, slow = _both(name, monkeypatch, *args)
    np.testing.assert_allclose(fast, slow, rtol=1e-12)


def _spoil(name, args, which, kind):
    """Put a bad value of ``kind`` in a late chunk of argument ``which`` (0 or 1)."""
    args = [np.array(a, copy=True) for a in args]
    a = args[which]
    if a.dtype.kind != "f":  # labels
        bad = {"nan": C, "inf": -1, "range": C + 5, "sum": C}[kind]
        a[-3] = bad
        return args
    flat = a.reshape(-1)
    pos = flat.size - 17
    value = {"nan": np.nan, "inf": np.inf, "range": 1.5, "sum": None}[kind]
    if value is None:  # in range but the row no longer sums to 1
        if a.ndim == 2:
            a[-2, :] = 0.05
        else:
            flat[pos] = 0.5 if name != "hinge" else 0.0
    else:
        if name == "hinge" and which == 0 and kind == "range":
            value = 0.5
        flat[pos] = value
    return args


@pytest.mark.parametrize("name", list(FAST))
@pytest.mark.parametrize("which", [0, 1])
@pytest.mark.parametrize("kind", ["nan", "inf", "range", "sum"])
def test_bad_value_in_a_late_chunk_raises_as_before(name, which, kind, monkeypatch):
    args = _spoil(name, _inputs(name, np.random.default_rng(3)), which, kind)
    fast, slow = _both(name, monkeypatch, *args)
    if isinstance(slow, Exception):
        assert type(fast) is type(slow) and str(fast) == str(slow)
    else:  # this spoiling is not an error for this loss (e.g. logits out of [0, 1])
        np.testing.assert_allclose(fast, slow, rtol=1e-12)


@pytest.mark.parametrize("name", list(FAST))
@pytest.mark.parametrize("first, second", [("nan", "inf"), ("inf", "range"), ("range", "nan"), ("sum", "nan")])
def test_errors_in_both_arguments_keep_their_order(name, first, second, monkeypatch):
    args = _inputs(name, np.random.default_rng(5))
    args = _spoil(name, args, 0, first)
    args = _spoil(name, args, 1, second)
    fast, slow = _both(name, monkeypatch, *args)
    if isinstance(slow, Exception):
        assert type(fast) is type(slow) and str(fast) == str(slow)
    else:
        np.testing.assert_allclose(fast, slow, rtol=1e-12)


@pytest.mark.parametrize("name", list(FAST))
def test_shape_and_type_errors_keep_their_order(name, monkeypatch):
    a, b = _inputs(name, np.random.default_rng(9))
    a_bad = np.array(a, copy=True)
    if a_bad.dtype.kind == "f":
        a_bad.reshape(-1)[-5] = np.nan
    cases = [(a, b[:-1]), (a_bad, b[:-1]), (a_bad, "x"), (a, "x"), ("x", b), (a, b.reshape(-1)[:0])]
    for args in cases:
        fast, slow = _both(name, monkeypatch, *args)
        assert isinstance(slow, Exception), args
        assert type(fast) is type(slow) and str(fast) == str(slow)


def test_kl_chunks_with_zeros_and_inf(monkeypatch):
    rng = np.random.default_rng(11)
    p, q = _rows(rng), _rows(rng)
    p[-5] = 0.0
    p[-5, 3] = 1.0  # a one-hot row in the last chunk: 0*log(0/q) = 0 for the others
    q[-7] = 0.0
    q[-7, 0] = 1.0  # q = 0 where p > 0: inf for that row, without a warning
    fast, slow = _both("kl_divergence", monkeypatch, p, q, reduction="none")
    np.testing.assert_allclose(fast, slow, rtol=1e-12)
    assert np.isinf(fast[-7]) and np.all(np.isfinite(np.delete(fast, -7)))


def test_bce_logits_huge_logits_in_late_chunk(monkeypatch):
    t = np.zeros(N)
    z = np.full(N, -3.0)
    t[-4], z[-4] = 1.0, -1e300  # wrong and certain: 1e300
    t[-3], z[-3] = 0.5, 1e300  # softplus(z) - z/2 = 5e299
    fast, slow = _both("binary_cross_entropy_with_logits", monkeypatch, t, z, reduction="sum")
    assert fast == pytest.approx(slow, rel=1e-12)


@pytest.mark.parametrize("name", ["sparse_categorical_cross_entropy", "sparse_categorical_cross_entropy_grad",
                                  "categorical_cross_entropy", "multiclass_hinge", "kl_divergence"])
def test_row_strided_views(name, monkeypatch):
    # Rows of a bigger array: reshape keeps a strided view (no copy), so the chunks are not C-contiguous.
    args = [np.repeat(a, 2, axis=0)[::2] if a.dtype.kind == "f" else a for a in _inputs(name, np.random.default_rng(2))]
    assert all(not a.flags.c_contiguous for a in args if a.dtype.kind == "f")
    fast, slow = _both(name, monkeypatch, *args)
    np.testing.assert_allclose(fast, slow, rtol=1e-12)
