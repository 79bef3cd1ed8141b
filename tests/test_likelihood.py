"""Tests of the negative log-likelihoods (gaussian_nll, laplace_nll) and their gradients.

Expected values are worked out by hand (shown next to each row) or computed by SciPy's log-densities
(``scipy.stats.norm.logpdf``, ``scipy.stats.laplace.logpdf``), never from the implementation's own output.
"""

import math
import warnings

import numpy as np
import pytest
import scipy.stats

import lossbook as lb
from gradcheck import numerical_gradient  # tests/ is on the import path

LOSSES = {"gaussian_nll": (lb.gaussian_nll, lb.gaussian_nll_grad, "sigma"),
          "laplace_nll": (lb.laplace_nll, lb.laplace_nll_grad, "scale")}
HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


@pytest.mark.parametrize(
    "loss, y_true, y_pred, kwargs, expected",
    [
        (lb.gaussian_nll, 0.0, 0.0, {}, HALF_LOG_2PI),  # 0 + 0.5 ln(2 pi)
        (lb.gaussian_nll, [1.0, 3.0], [0.0, 0.0], {}, 2.5 + HALF_LOG_2PI),  # (1 + 9)/2 / 2
        (lb.gaussian_nll, [1.0, 3.0], [0.0, 0.0], {"reduction": "sum"}, 5.0 + 2 * HALF_LOG_2PI),
        (lb.gaussian_nll, [2.0], [0.0], {"sigma": 2.0}, 0.5 + HALF_LOG_2PI + math.log(2.0)),  # 4 / 8 + ln 2
        (lb.gaussian_nll, [0.0], [0.1], {"sigma": 0.1}, 0.5 + HALF_LOG_2PI + math.log(0.1)),  # negative: -0.8836
        (lb.gaussian_nll, [0.0], [0.0], {"sigma": 1e-300}, HALF_LOG_2PI - 300 * math.log(10)),  # sigma**2 underflows
        (lb.gaussian_nll, [0.0], [1e200], {}, np.inf),  # 0.5e400 rounds to inf: no warning
        (lb.gaussian_nll, [0.0], [1.0], {"sigma": 1e-200}, np.inf),  # (1e200)**2 / 2
        (lb.laplace_nll, 0.0, 0.0, {}, math.log(2.0)),  # ln(2b) with b = 1
        (lb.laplace_nll, [1.0, 3.0], [0.0, 0.0], {}, 2.0 + math.log(2.0)),  # MAE 2
        (lb.laplace_nll, [1.0, 3.0], [0.0, 0.0], {"reduction": "sum"}, 4.0 + 2 * math.log(2.0)),
        (lb.laplace_nll, [0.0], [-3.0], {"scale": 0.5}, 6.0),  # 3 / 0.5 + ln 1
        (lb.laplace_nll, [0.0], [0.0], {"scale": 1e300}, math.log(2.0) + 300 * math.log(10)),  # 2b would overflow
        (lb.laplace_nll, [0.0], [1.0], {"scale": 1e-320}, np.inf),  # 1 / 1e-320 overflows: inf, no warning
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
        assert got == pytest.approx(expected, rel=1e-14, abs=1e-15)


@pytest.mark.parametrize("width", [0.05, 0.3, 1.0, 7.5])
def test_values_are_scipys_negative_log_densities(width):
    rng = np.random.default_rng(1)
    y, mu = rng.normal(size=20), rng.normal(size=20)
    np.testing.assert_allclose(lb.gaussian_nll(y, mu, sigma=width, reduction="none"),
                               -scipy.stats.norm.logpdf(y, loc=mu, scale=width), rtol=1e-13)
    np.testing.assert_allclose(lb.laplace_nll(y, mu, scale=width, reduction="none"),
                               -scipy.stats.laplace.logpdf(y, loc=mu, scale=width), rtol=1e-13)


@pytest.mark.parametrize("width", [0.2, 1.0, 3.0])
def test_nll_is_mse_or_mae_scaled_and_shifted(width):
    """The lesson's claim: with a fixed width the NLL is the familiar loss times a factor, plus a constant."""
    rng = np.random.default_rng(2)
    y, mu = rng.normal(size=50), rng.normal(size=50)
    assert lb.gaussian_nll(y, mu, sigma=width) == pytest.approx(
        lb.mse(y, mu) / (2 * width**2) + 0.5 * math.log(2 * math.pi * width**2), rel=1e-13)
    assert lb.laplace_nll(y, mu, scale=width) == pytest.approx(lb.mae(y, mu) / width + math.log(2 * width), rel=1e-13)


@pytest.mark.parametrize("name", LOSSES)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("width", [0.3, 2.0])
def test_gradient_matches_finite_differences(name, reduction, width):
    loss, grad, key = LOSSES[name]
    rng = np.random.default_rng(3)
    y = rng.normal(size=(3, 4))
    mu = y + rng.choice([-1.0, 1.0], size=(3, 4)) * rng.uniform(0.1, 2.0, size=(3, 4))  # no residual near the kink
    total = (lambda p: float(np.sum(loss(y, p, **{key: width}, reduction="none")))) if reduction == "none" else (
        lambda p: loss(y, p, **{key: width}, reduction=reduction))
    np.testing.assert_allclose(grad(y, mu, **{key: width}, reduction=reduction), numerical_gradient(total, mu),
                               rtol=1e-6, atol=1e-9)


def test_specific_gradients():
    np.testing.assert_array_equal(lb.gaussian_nll_grad([1.0, 3.0], [0.0, 0.0], sigma=2.0), [-0.125, -0.375])  # r/4/2
    np.testing.assert_array_equal(lb.laplace_nll_grad([1.0, 2.0, 3.0], [0.0, 2.0, 5.0], scale=0.5, reduction="sum"),
                                  [-2.0, 0.0, 2.0])  # sign(0) = 0 at the kink
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert lb.gaussian_nll_grad([0.0], [1.0], sigma=1e-200).tolist() == [np.inf]
        assert lb.gaussian_nll_grad([0.0], [1e-300], sigma=1e-300).tolist() == pytest.approx([1e300], rel=1e-15)
        assert lb.laplace_nll_grad([0.0, 0.0], [1.0, 0.0], scale=1e-320, reduction="none").tolist() == [np.inf, 0.0]


@pytest.mark.parametrize("name", LOSSES)
def test_bad_input_names_the_argument(name):
    loss, grad, key = LOSSES[name]
    for f in (loss, grad):
        with pytest.raises(ValueError, match=f"{key} must be > 0"):
            f([1.0], [1.0], **{key: 0.0})
        with pytest.raises(ValueError, match=f"{key} must be > 0"):
            f([1.0], [1.0], **{key: -1.0})
        with pytest.raises(TypeError, match=f"{key} must be a real number"):
            f([1.0], [1.0], **{key: "1"})
        with pytest.raises(ValueError, match=f"{key} must be finite"):
            f([1.0], [1.0], **{key: np.inf})
        with pytest.raises(ValueError, match="y_pred contains NaN"):
            f([1.0], [np.nan])
        with pytest.raises(ValueError, match="shape"):
            f([[1.0], [2.0]], [1.0, 2.0])
        with pytest.raises(ValueError, match="y_true is empty"):
            f([], [])
        with pytest.raises(ValueError, match="reduction"):
            f([1.0], [1.0], reduction="batchmean")


@pytest.mark.parametrize("name", LOSSES)
def test_inputs_are_not_written_and_extremes_raise_no_warning(name):
    loss, grad, key = LOSSES[name]
    y = np.array([0.0, -1e308, 1e308, 5.0])
    p = np.array([1e-300, 1e308, -1e308, 5.0])
    before = (y.copy(), p.copy())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for width in (1e-300, 1.0, 1e300):
            for reduction in ("mean", "sum", "none"):
                value = loss(y, p, **{key: width}, reduction=reduction)
                assert not np.any(np.isnan(value))
                assert not np.any(np.isnan(grad(y, p, **{key: width}, reduction=reduction)))
    np.testing.assert_array_equal(y, before[0])
    np.testing.assert_array_equal(p, before[1])
