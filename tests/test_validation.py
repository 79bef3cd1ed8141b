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


def test_unit_interval_messages_name_the_fix():
    """A y_true out of [0, 1] is a regression target (say so); a prediction out of [0, 1] is raw scores (logits)."""
    with pytest.raises(ValueError) as info:
        as_probability_array([320000.0], "y_true")
    message = str(info.value)
    assert "0/1" in message and "mean_squared_error" in message and "regression" in message
    assert "sigmoid" not in message and "logits" not in message
    with pytest.raises(ValueError) as info:
        as_probability_array([3.0], "p_pred")
    assert "logits" in str(info.value) and "sigmoid/softmax" in str(info.value)


@pytest.mark.parametrize(("value", "says"), [
    (320000.0, "but it is 320000;"),
    ([320000.0, 320000.0], "but every value is 320000;"),
    ([-2.0, 320000.0], "but it ranges from -2 to 320000;"),
])
def test_a_single_or_constant_value_is_named_once(value, says):
    """One value (or all equal) reads "it is 320000", not "it ranges from 320000 to 320000"."""
    for name in ("y_true", "p_pred"):
        with pytest.raises(ValueError) as info:
            as_probability_array(value, name)
        assert says in str(info.value) and "320000 to 320000" not in str(info.value)


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


# ------------------------------------------------------------------------------------------------------------------
# Arguments that used to get NumPy's or Python's error (or none): each now names the argument


@pytest.mark.parametrize("value", [10**400, -(10**400)])
def test_check_scalar_names_a_huge_integer(value):
    from lossbook._validation import check_scalar

    with pytest.raises(ValueError, match=r"^delta must be a finite float64 number .* an integer with 401 digits"):
        check_scalar(value, "delta", low=0.0)


@pytest.mark.parametrize("call, name", [
    (lambda lb: lb.huber(1.0, 2.0, delta=10**400), "delta"),
    (lambda lb: lb.triplet([[1.0]], [[1.0]], [[2.0]], margin=10**400), "margin"),
    (lambda lb: lb.contrastive([1.0], [[1.0]], [[2.0]], margin=10**400), "margin"),
    (lambda lb: lb.dice([1.0], [1.0], smooth=10**400), "smooth"),
    (lambda lb: lb.iou_grad([1.0], [1.0], smooth=10**400), "smooth"),
    (lambda lb: lb.focal_grad(1.0, 0.5, gamma=10**400), "gamma"),
])
def test_every_loss_reports_a_huge_integer_hyperparameter_by_name(call, name):
    import lossbook as lb

    with pytest.raises(ValueError, match=f"^{name} must be a finite float64 number"):
        call(lb)


LONGDOUBLE_IS_WIDER = np.finfo(np.longdouble).max > np.finfo(np.float64).max


@pytest.mark.skipif(not LONGDOUBLE_IS_WIDER, reason="np.longdouble is float64 on this platform: 1e400 cannot be made")
def test_longdouble_beyond_float64_is_named_as_such():
    from lossbook._validation import as_float_array, check_scalar

    big = np.longdouble("1e400")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "overflow encountered in cast"
        with pytest.raises(ValueError, match=r"^x holds 1e\+400 \(dtype float\d+\), outside the float64 range"):
            as_float_array(np.array([1.0, big], dtype=np.longdouble), "x")
        with pytest.raises(ValueError, match=r"^gamma must be a finite float64 number .* got 1e\+400"):
            check_scalar(big, "gamma")
        # infinity itself is still called infinity, and longdouble within range is accepted
        with pytest.raises(ValueError, match="^x contains infinity"):
            as_float_array(np.array([np.inf], dtype=np.longdouble), "x")
        assert as_float_array(np.array([1e300], dtype=np.longdouble), "x").tolist() == [1e300]


def test_masked_arrays_are_refused():
    from lossbook._validation import as_float_array, as_labels

    with pytest.raises(TypeError, match=r"^y_pred is a masked array; losses do not skip masked values"):
        as_float_array(np.ma.masked_array([1.0, 2.0], mask=[False, True]), "y_pred")
    with pytest.raises(TypeError, match=r"^labels is a masked array"):
        as_labels(np.ma.masked_array([0, 1]), "labels", 2, (2,))
    import lossbook as lb

    with pytest.raises(TypeError, match="^y_true is a masked array"):
        lb.mse(np.ma.masked_array([1.0, 2.0], mask=[False, True]), [1.0, 1.0])


@pytest.mark.parametrize("reduction", [np.array(["mean", "sum"]), np.array(["mean"]), ["mean"], ("sum",), 1])
def test_check_reduction_refuses_non_strings_with_its_own_message(reduction):
    from lossbook._validation import check_reduction

    with pytest.raises(ValueError, match=r"^reduction must be one of \('mean', 'sum', 'none'\), got "):
        check_reduction(reduction)
    assert check_reduction(np.str_("sum")) == "sum"


def test_mean_of_finite_values_never_overflows():
    from lossbook._validation import reduce

    values = np.array([1.7e308, 1.7e308, 0.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert reduce(values, "mean") == pytest.approx(1.7e308 / 3 * 2, rel=1e-15)
        assert reduce(values, "sum") == np.inf  # the correctly rounded sum, without a warning
        assert reduce(np.array([1.0, 2.0]), "mean") == 1.5


def test_sum_tolerance_follows_dtype_and_classes():
    from lossbook._validation import SUM_TOLERANCE, sum_tolerance

    assert sum_tolerance(np.float64, 10_000) == SUM_TOLERANCE == 1e-6  # the contract's float64 tolerance
    assert sum_tolerance(np.int64, 3) == SUM_TOLERANCE
    assert sum_tolerance(np.longdouble, 10) == SUM_TOLERANCE
    assert sum_tolerance(np.float32, 2) == SUM_TOLERANCE  # 2 * 1.2e-7 is below 1e-6
    assert sum_tolerance(np.float32, 10_000) == pytest.approx(10_000 * 2.0**-23)
    assert sum_tolerance(np.float16, 10) == pytest.approx(10 * 2.0**-10)


@pytest.mark.parametrize("row, shown", [([0.5, 0.5000015], "1.0000015"), ([0.5, 0.4], "0.9"), ([0.6, 0.6], "1.2"),
                                        ([0.5, 0.50000001, 0.0], None)])
def test_check_distribution_prints_the_sum_with_its_digits(row, shown):
    from lossbook._validation import as_distribution

    if shown is None:  # within 1e-6: accepted
        assert as_distribution(row, "p").shape == (3,)
        return
    with pytest.raises(ValueError, match=rf"a row sums to {shown.replace('.', '[.]')}; did you forget a softmax\?"):
        as_distribution([row], "p")
