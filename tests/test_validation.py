"""The shared input checks: the fast paths give the same verdicts and messages as the element-wise tests."""

import warnings

import numpy as np
import pytest

from lossbook._validation import as_probability_array, check_finite, finite_range

BAD = [
    ([1.0, np.nan, 2.0], "NaN"),
    ([1.0, np.inf], "infinity"),
    ([-np.inf, 0.0], "infinity"),
    ([np.inf, np.nan], "NaN"),  # both: NaN is named, as the element-wise test does
    ([np.inf, -np.inf], "infinity"),
    (np.float16([1.0, np.inf]), "infinity"),
    (np.float32([[np.nan]]), "NaN"),
    (np.float64(np.nan), "NaN"),  # 0-d
]
GOOD = [[1.0, -2.0], np.zeros((3, 0)), np.array(5.0), [True, False], np.arange(4), np.uint8([0, 255]),
        [1e308, -1e308], [5e-324], np.float16([65504.0])]


@pytest.mark.parametrize("value, bad", BAD)
def test_check_finite_rejects(value, bad):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning from reducing over NaN or inf
        with pytest.raises(ValueError, match=f"^x contains {bad}; every value must be a finite number"):
            check_finite(np.asarray(value), "x")


@pytest.mark.parametrize("value", GOOD)
def test_check_finite_accepts(value):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check_finite(value, "x")


@pytest.mark.parametrize("value, bad", BAD)
def test_finite_range_rejects_like_check_finite(value, bad):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=f"^x contains {bad}; every value must be a finite number"):
            finite_range(np.asarray(value), "x")


def test_finite_range_values():
    low, high = finite_range(np.array([[3.0, -2.0], [1.0, 7.5]]), "x")
    assert (low, high) == (-2.0, 7.5)
    assert type(low) is float and type(high) is float
    assert finite_range(np.array(4.0), "x") == (4.0, 4.0)
    assert finite_range(np.array([1e308, -1e308]), "x") == (-1e308, 1e308)
    assert finite_range(np.array([-0.0, 0.0]), "x")[0] == 0.0


@pytest.mark.parametrize(
    "value, pattern",
    [
        ([0.5, np.nan], "p contains NaN"),
        ([0.5, np.inf], "p contains infinity"),
        ([0.5, 1.5], r"p must hold probabilities in \[0, 1\], but it ranges from 0.5 to 1.5"),
        ([-1e-300, 0.5], "p must hold probabilities"),
        ([], "p is empty"),
    ],
)
def test_as_probability_array_rejects(value, pattern):
    with pytest.raises(ValueError, match=pattern):
        as_probability_array(value, "p")


def test_as_probability_array_accepts():
    got = as_probability_array([0, 1, 0.25, -0.0], "p")
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, [0.0, 1.0, 0.25, 0.0])


def test_as_labels_never_hands_back_a_writable_alias_of_the_input():
    from lossbook._validation import as_labels

    labels = np.array([0, 2, 1], dtype=np.intp)
    got = as_labels(labels, "labels", 3, (3,))
    assert got.dtype == np.intp and got.tolist() == [0, 2, 1]
    assert not got.flags.writeable  # no copy for intp input, but nothing can write through it
    got32 = as_labels(labels.astype(np.int32), "labels", 3, (3,))
    assert got32.dtype == np.intp and got32.tolist() == [0, 2, 1]
