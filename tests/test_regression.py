"""Tests of the regression losses (mse, mae, huber) and their gradients.

Expected values are worked out by hand (shown next to each row) or taken from scipy.special.huber, never from the
implementation's own output.
"""

import warnings

import numpy as np
import pytest
import scipy.special
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lossbook as lb
from gradcheck import numerical_gradient  # tests/ is on the import path, as for lab_browser

LOSSES = {"mse": (lb.mse, lb.mse_grad), "mae": (lb.mae, lb.mae_grad), "huber": (lb.huber, lb.huber_grad)}


# ------------------------------------------------------------------------------------------------------------------
# A table of specific values, worked out by hand


@pytest.mark.parametrize(
    "loss, y_true, y_pred, kwargs, expected",
    [
        (lb.mse, [1.0], [0.4], {}, 0.36),  # the newsletter: (0.4 - 1)^2
        (lb.mse, [250_000.0], [270_000.0], {}, 400_000_000.0),  # a $20,000 miss squares to 400,000,000
        (lb.mse, [0.0, 0.0], [3.0, 4.0], {}, 12.5),  # (9 + 16) / 2
        (lb.mse, [0.0, 0.0], [3.0, 4.0], {"reduction": "sum"}, 25.0),
        (lb.mse, [[1.0, 2.0], [3.0, 4.0]], [[1.0, 2.0], [3.0, 6.0]], {}, 1.0),  # 4 / 4 elements
        (lb.mse, 2.0, -1.0, {}, 9.0),  # scalars
        (lb.mse, [0.0], [1e150], {}, 1e300),
        (lb.mse, [0.0], [1e200], {}, np.inf),  # 1e400 rounds to inf: the correct float64 answer, no warning
        (lb.mae, [1.0], [0.4], {}, 0.6),
        (lb.mae, [250_000.0], [270_000.0], {}, 20_000.0),
        (lb.mae, [0.0, 0.0], [3.0, -4.0], {}, 3.5),
        (lb.mae, [0.0, 0.0], [3.0, -4.0], {"reduction": "sum"}, 7.0),
        (lb.mae, [-1e300], [1e300], {}, 2e300),
        (lb.huber, [0.0], [0.5], {}, 0.125),  # 0.5 * 0.25
        (lb.huber, [0.0], [3.0], {}, 2.5),  # 1 * (3 - 0.5)
        (lb.huber, [0.0], [-3.0], {}, 2.5),
        (lb.huber, [0.0], [1.0], {}, 0.5),  # the boundary: both branches give 0.5
        (lb.huber, [0.0], [3.0], {"delta": 2.0}, 4.0),  # 2 * (3 - 1)
        (lb.huber, [0.0], [1.5], {"delta": 2.0}, 1.125),  # 0.5 * 2.25
        (lb.huber, [0.0], [1.0], {"delta": 1e-3}, 9.995e-4),  # 1e-3 * (1 - 5e-4)
        (lb.huber, [250_000.0], [270_000.0], {}, 19_999.5),
        (lb.huber, [0.0], [1e200], {}, 1e200),  # 1e200 - 0.5 rounds to 1e200; the square is never formed
        (lb.huber, [0.0], [-1e200], {}, 1e200),
        (lb.huber, [1e300], [-1e300], {}, 2e300),
        (lb.huber, [0.0, 0.0], [0.5, 3.0], {"reduction": "sum"}, 2.625),
        (lb.huber, [0.0, 0.0], [1e155, -1e200], {"delta": 1e160}, np.inf),  # 0.5*1e310 overflows: inf, not NaN
    ],
)
def test_specific_values(loss, y_true, y_pred, kwargs, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = loss(y_true, y_pred, **kwargs)
    assert isinstance(got, float)
    if np.isinf(expected):
        assert got == expected
    else:
        assert got == pytest.approx(expected, rel=1e-15, abs=0)


@pytest.mark.parametrize(
    "grad, y_true, y_pred, kwargs, expected",
    [
        (lb.mse_grad, [1.0, 2.0], [1.0, 4.0], {}, [0.0, 2.0]),  # 2 * r / 2
        (lb.mse_grad, [1.0, 2.0], [1.0, 4.0], {"reduction": "sum"}, [0.0, 4.0]),
        (lb.mse_grad, [1.0], [0.4], {}, [-1.2]),
        (lb.mae_grad, [1.0, 2.0, 3.0, 4.0], [0.0, 2.0, 5.0, 4.5], {}, [-0.25, 0.0, 0.25, 0.25]),  # sign(0) = 0
        (lb.mae_grad, [0.0], [1e-300], {"reduction": "none"}, [1.0]),
        (lb.huber_grad, [0.0] * 4, [0.5, 3.0, -1e200, 1.0], {"reduction": "sum"}, [0.5, 1.0, -1.0, 1.0]),
        (lb.huber_grad, [0.0] * 2, [0.5, 3.0], {"delta": 2.0}, [0.25, 1.0]),  # clip(r, -2, 2) / 2
    ],
)
def test_specific_gradients(grad, y_true, y_pred, kwargs, expected):
    got = grad(y_true, y_pred, **kwargs)
    assert got.shape == np.shape(y_pred)
    np.testing.assert_allclose(got, expected, rtol=1e-15, atol=0)


def test_scalar_gradient_shape():
    g = lb.mse_grad(1.0, 0.4)
    assert np.shape(g) == ()
    assert float(g) == pytest.approx(-1.2, rel=1e-15)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_none_keeps_shape(name):
    loss, grad = LOSSES[name]
    y = np.arange(6.0).reshape(2, 3)
    assert loss(y, y + 2.0, reduction="none").shape == (2, 3)
    assert grad(y, y + 2.0, reduction="none").shape == (2, 3)


# ------------------------------------------------------------------------------------------------------------------
# Cross-checks


@pytest.mark.parametrize("delta", [0.1, 1.0, 2.5, 1e3])
def test_huber_matches_scipy(delta):
    rng = np.random.default_rng(0)
    y_true = rng.normal(size=200) * 3
    y_pred = rng.normal(size=200) * 3
    expected = scipy.special.huber(delta, y_pred - y_true)
    np.testing.assert_allclose(lb.huber(y_true, y_pred, delta=delta, reduction="none"), expected, rtol=1e-13)
    assert lb.huber(y_true, y_pred, delta=delta) == pytest.approx(expected.mean(), rel=1e-13)


def test_mse_mae_match_sklearn():
    from sklearn.metrics import mean_absolute_error, mean_squared_error

    rng = np.random.default_rng(1)
    y_true, y_pred = rng.normal(size=(2, 300))
    assert lb.mse(y_true, y_pred) == pytest.approx(mean_squared_error(y_true, y_pred), rel=1e-13)
    assert lb.mae(y_true, y_pred) == pytest.approx(mean_absolute_error(y_true, y_pred), rel=1e-13)


# ------------------------------------------------------------------------------------------------------------------
# Gradients against central finite differences, every reduction, away from the kinks




def away_from_kinks(rng, shape, kinks, gap=1e-2):
    """Residuals whose absolute value stays at least ``gap`` away from every kink."""
    r = rng.normal(scale=2.0, size=shape)
    for k in kinks:
        near = np.abs(np.abs(r) - k) < gap
        r[near] += 3 * gap
    return r


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize(
    "name, kwargs, kinks",
    [("mse", {}, []), ("mae", {}, [0.0]), ("huber", {}, [0.0, 1.0]), ("huber", {"delta": 0.3}, [0.3])],
)
def test_gradient_matches_finite_differences(name, kwargs, kinks, reduction):
    loss, grad = LOSSES[name]
    rng = np.random.default_rng(2)
    y_true = rng.normal(size=(3, 4))
    y_pred = y_true + away_from_kinks(rng, (3, 4), kinks)

    def total(p):
        value = loss(y_true, p, reduction=reduction, **kwargs)
        return float(np.sum(value))  # for "none": the element-wise derivatives are those of the sum

    expected = numerical_gradient(total, y_pred)
    np.testing.assert_allclose(grad(y_true, y_pred, reduction=reduction, **kwargs), expected, rtol=1e-6, atol=1e-9)


# ------------------------------------------------------------------------------------------------------------------
# Properties

finite = st.floats(min_value=-1e150, max_value=1e150, allow_nan=False, allow_infinity=False)
huge = st.floats(min_value=-1e300, max_value=1e300, allow_nan=False, allow_infinity=False)


def pairs(elements):
    return hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5).flatmap(
        lambda shape: st.tuples(hnp.arrays(np.float64, shape, elements=elements), hnp.arrays(np.float64, shape, elements=elements))
    )


@given(pairs(finite), st.sampled_from(["mean", "sum", "none"]))
def test_finite_non_negative_no_warning_inputs_untouched(pair, reduction):
    y_true, y_pred = pair
    before = (y_true.copy(), y_pred.copy())
    y_true.setflags(write=False)  # any write to an input would raise
    y_pred.setflags(write=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name, (loss, grad) in LOSSES.items():
            value = np.asarray(loss(y_true, y_pred, reduction=reduction))
            g = grad(y_true, y_pred, reduction=reduction)
            assert np.all(np.isfinite(value)), name
            assert np.all(value >= 0), name
            assert g.shape == y_pred.shape and np.all(np.isfinite(g)), name
    np.testing.assert_array_equal(y_true, before[0])
    np.testing.assert_array_equal(y_pred, before[1])


@given(pairs(huge), st.floats(min_value=1e-300, max_value=1e3))
def test_huber_and_mae_finite_for_huge_residuals(pair, delta):
    y_true, y_pred = pair
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isfinite(lb.mae(y_true, y_pred))
        assert np.isfinite(lb.huber(y_true, y_pred, delta=delta))  # at most 1e3 * 2e300 per element, summed over <= 125
        assert np.all(np.abs(lb.huber_grad(y_true, y_pred, delta=delta, reduction="none")) <= delta)


@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=6), elements=huge))
def test_zero_at_a_perfect_prediction(y):
    for name, (loss, grad) in LOSSES.items():
        assert loss(y, y.copy()) == 0.0, name
        assert np.all(loss(y, y.copy(), reduction="none") == 0.0), name
        assert np.all(grad(y, y.copy()) == 0.0), name  # sign(0) = 0 for mae


def test_mse_overflow_gives_inf_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert lb.mse([0.0], [1e200]) == np.inf
        assert lb.mse([0.0], [1e200], reduction="none")[0] == np.inf
        assert lb.mse_grad([0.0], [1e200], reduction="sum")[0] == 2e200


# ------------------------------------------------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize("name", sorted(LOSSES))
@pytest.mark.parametrize(
    "y_true, y_pred, error, words",
    [
        (np.zeros((3, 1)), np.zeros(3), ValueError, ["y_true", "y_pred", "(3, 1)", "reshape"]),
        ([], [], ValueError, ["y_true", "empty"]),
        ([1.0, np.nan], [1.0, 2.0], ValueError, ["y_true", "NaN"]),
        ([1.0, 2.0], [1.0, np.inf], ValueError, ["y_pred", "infinity"]),
        (["a", "b"], [1.0, 2.0], TypeError, ["y_true", "numeric"]),
        ([1.0, 2.0], "12", TypeError, ["y_pred"]),
    ],
)
def test_bad_input(name, y_true, y_pred, error, words):
    for f in LOSSES[name]:
        with pytest.raises(error) as info:
            f(y_true, y_pred)
        for word in words:
            assert word in str(info.value)


@pytest.mark.parametrize("f", [f for pair in LOSSES.values() for f in pair])
def test_bad_reduction(f):
    with pytest.raises(ValueError, match="reduction"):
        f([1.0], [2.0], reduction="average")


@pytest.mark.parametrize("f", [lb.huber, lb.huber_grad])
@pytest.mark.parametrize("delta", [0.0, -1.0, np.nan])
def test_bad_delta(f, delta):
    with pytest.raises(ValueError, match="delta"):
        f([1.0], [2.0], delta=delta)


@pytest.mark.parametrize("f", [lb.huber, lb.huber_grad])
@pytest.mark.parametrize("delta", [None, True, "1", [1.0]])
def test_delta_of_the_wrong_type(f, delta):
    with pytest.raises(TypeError, match="delta must be a real number"):
        f([1.0], [2.0], delta=delta)


def test_delta_is_keyword_only():
    with pytest.raises(TypeError):
        lb.huber([1.0], [2.0], 1.0)


# ------------------------------------------------------------------------------------------------------------------
# Large inputs: totals of many elements, a bad value near the end, non-contiguous input


@pytest.mark.parametrize("n", [1, 8191, 8193, 65536, 65537, 3 * 65536 + 12345])
def test_large_totals_match_elementwise(n):
    rng = np.random.default_rng(n)
    y_true, y_pred = rng.normal(size=n) * 3, rng.normal(size=n) * 3
    r = y_pred - y_true
    for delta in (0.5, 1.0, 1e3):
        expected = scipy.special.huber(delta, r)
        assert lb.huber(y_true, y_pred, delta=delta) == pytest.approx(expected.mean(), rel=1e-12)
        assert lb.huber(y_true, y_pred, delta=delta, reduction="sum") == pytest.approx(expected.sum(), rel=1e-12)
    assert lb.mse(y_true, y_pred) == pytest.approx(np.mean(r * r), rel=1e-12)
    assert lb.mae(y_true, y_pred) == pytest.approx(np.mean(np.abs(r)), rel=1e-12)


@pytest.mark.parametrize("name", sorted(LOSSES))
@pytest.mark.parametrize("where", ["y_true", "y_pred"])
@pytest.mark.parametrize("bad, word", [(np.nan, "NaN"), (np.inf, "infinity"), (-np.inf, "infinity")])
def test_bad_value_near_the_end(name, where, bad, word):
    n = 3 * 65536 + 7
    y_true, y_pred = np.zeros(n), np.ones(n)
    (y_true if where == "y_true" else y_pred)[n - 3] = bad
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for reduction in ("mean", "sum"):
            with pytest.raises(ValueError, match=f"{where} contains {word}"):
                LOSSES[name][0](y_true, y_pred, reduction=reduction)


def test_bad_values_in_both_name_y_true_first():
    n = 2 * 65536
    y_true, y_pred = np.zeros(n), np.zeros(n)
    y_true[-1], y_pred[5] = np.nan, np.inf
    with pytest.raises(ValueError, match="y_true contains NaN"):
        lb.huber(y_true, y_pred)


def test_non_contiguous_input():
    rng = np.random.default_rng(3)
    base_t, base_p = rng.normal(size=(700, 400)), rng.normal(size=(700, 400))
    t, p = base_t[::2, ::3], base_p.T[::3, ::2].T  # strided views of different layouts
    r = np.ascontiguousarray(p) - np.ascontiguousarray(t)
    assert lb.huber(t, p, delta=0.7) == pytest.approx(scipy.special.huber(0.7, r).mean(), rel=1e-12)
    assert lb.mse(t, p, reduction="sum") == pytest.approx(np.sum(r * r), rel=1e-12)


def test_huber_many_huge_residuals_finite():
    n = 65536 + 5
    y_pred = np.full(n, 1e200)
    y_pred[::2] = -1e200
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert lb.huber(np.zeros(n), y_pred, reduction="sum") == pytest.approx(n * (1e200 - 0.5), rel=1e-12)


# ------------------------------------------------------------------------------------------------------------------
# One order of checks for every reduction and for the gradient: reduction, delta, y_true, y_pred, then the shapes


@pytest.mark.parametrize("name", sorted(LOSSES))
@pytest.mark.parametrize(
    "y_true, y_pred, kwargs, error, pattern",
    [
        ([np.nan, 1.0], [1.0, 2.0, 3.0], {}, ValueError, "y_true contains NaN"),  # before the shapes
        ([np.inf], ["a"], {}, ValueError, "y_true contains infinity"),  # before y_pred is read
        ([1.0, 2.0], [np.nan, 1.0, 2.0], {}, ValueError, "y_pred contains NaN"),  # before the shapes
        ([1.0], [np.nan], {"reduction": "avg"}, ValueError, "reduction must be one of"),  # the reduction first
        (["a"], [1.0, 2.0], {}, TypeError, "y_true must be numeric"),
        ([1.0, 2.0], [1.0, 2.0, 3.0], {}, ValueError, "y_true has shape"),
    ],
)
def test_first_error_is_the_same_for_every_reduction_and_the_gradient(name, y_true, y_pred, kwargs, error, pattern):
    for f in LOSSES[name]:
        for reduction in ("mean", "sum", "none"):
            with pytest.raises(error, match=pattern):
                f(y_true, y_pred, **{"reduction": reduction, **kwargs})


@pytest.mark.parametrize("f", [lb.huber, lb.huber_grad])
def test_reduction_is_checked_before_delta(f):
    with pytest.raises(ValueError, match="reduction"):
        f([1.0], [2.0], delta=0.0, reduction="avg")
    with pytest.raises(ValueError, match="delta"):
        f([np.nan], [2.0], delta=0.0)  # delta before the values


@pytest.mark.parametrize("f", [lb.huber, lb.huber_grad])
@pytest.mark.parametrize("delta", [10**400, -(10**400)], ids=["10**400", "-10**400"])
def test_huge_integer_delta_names_delta(f, delta):
    with pytest.raises(ValueError, match="delta"):
        f([1.0], [2.0], delta=delta)


# ------------------------------------------------------------------------------------------------------------------
# Finite inputs near the float64 limit: no RuntimeWarning, and the correctly rounded value (inf only beyond 1.8e308)

M = 1.7e308


@pytest.mark.parametrize(
    "loss, y_true, y_pred, kwargs, expected",
    [
        (lb.mae, [0.0, 0.0], [M, M], {}, M),  # the sum 3.4e308 overflows, the mean does not
        (lb.mae, [0.0, 0.0], [M, M], {"reduction": "sum"}, np.inf),
        (lb.mae, [M], [-M], {}, np.inf),  # |r| = 3.4e308 itself
        (lb.mae, [M, -M], [M, -M], {}, 0.0),
        (lb.mse, [0.0, 0.0], [1e154, 1e154], {}, 1e308),  # each square 1e308, their sum 2e308
        (lb.mse, [M, -M], [-M, M], {}, np.inf),
        (lb.huber, [0.0, 0.0], [M, M], {}, M - 0.5),  # rounds to M
        (lb.huber, [0.0, 0.0], [M, -M], {"reduction": "sum"}, np.inf),
        (lb.huber, [-M], [M], {}, np.inf),
        (lb.huber, [0.0], [1.0], {"delta": M}, 0.5),
        (lb.huber, [0.0, 0.0], [1e154, 1e154], {"delta": 1e200}, 0.5e308),  # the quadratic branch, mean of 2
    ],
)
def test_near_the_float_limit(loss, y_true, y_pred, kwargs, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = loss(y_true, y_pred, **kwargs)
    assert got == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("name", sorted(LOSSES))
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_no_warning_at_the_float_limit(name, reduction):
    rng = np.random.default_rng(9)
    y_true = rng.choice([-1.0, 1.0], size=(4, 5)) * rng.uniform(0.5, 1.0, size=(4, 5)) * np.finfo(float).max
    y_pred = rng.choice([-1.0, 1.0], size=(4, 5)) * rng.uniform(0.5, 1.0, size=(4, 5)) * np.finfo(float).max
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for f in LOSSES[name]:
            out = np.asarray(f(y_true, y_pred, reduction=reduction))
            assert not np.any(np.isnan(out))
