"""lossbook/losses/calibration.py: the Brier score and its gradient, the reliability curve and the expected
calibration error. Expected values are worked out by hand in the comments, not taken from the code under test."""

import warnings

import numpy as np
import pytest
from gradcheck import numerical_gradient

import lossbook as lb

# (y, p, Brier score (p - y)**2 by hand)
BRIER = [
    (1.0, 1.0, 0.0),
    (1.0, 0.0, 1.0),          # a certain, wrong forecast costs 1, not infinity
    (0.0, 0.3, 0.09),
    (1.0, 0.8, 0.04),
    (0.25, 0.75, 0.25),       # a soft target
    (1.0, 1e-300, 1.0),
]


@pytest.mark.parametrize(("y", "p", "expected"), BRIER)
def test_brier_score_table(y, p, expected):
    assert lb.brier_score(y, p) == pytest.approx(expected, rel=1e-15, abs=1e-300)


def test_brier_reductions_and_type():
    y, p = [1.0, 0.0, 1.0], [0.8, 0.3, 0.5]
    per = lb.brier_score(y, p, reduction="none")
    np.testing.assert_allclose(per, [0.04, 0.09, 0.25], rtol=1e-14)
    assert lb.brier_score(y, p, reduction="sum") == pytest.approx(0.38, rel=1e-14)
    assert type(lb.brier_score(y, p)) is float and lb.brier_score(y, p) == pytest.approx(0.38 / 3, rel=1e-14)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_brier_gradient_matches_finite_differences(reduction):
    rng = np.random.default_rng(0)
    y = (rng.random((3, 4)) < 0.5).astype(float)
    p = rng.uniform(0.05, 0.95, (3, 4))
    grad = lb.brier_score_grad(y, p, reduction=reduction)
    if reduction == "none":
        np.testing.assert_allclose(grad, 2 * (p - y), rtol=1e-14)
        return
    numeric = numerical_gradient(lambda q: lb.brier_score(y, q, reduction=reduction), p)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)


def test_brier_is_proper_expected_score_is_smallest_at_the_true_probability():
    # outcome 1 with probability q: expected score q(1-p)^2 + (1-q)p^2, whose derivative 2(p - q) vanishes at p = q
    grid = np.linspace(0, 1, 1001)
    for q in (0.1, 0.3, 0.75):
        expected = q * lb.brier_score(np.ones_like(grid), grid, reduction="none") + \
            (1 - q) * lb.brier_score(np.zeros_like(grid), grid, reduction="none")
        assert grid[np.argmin(expected)] == pytest.approx(q, abs=1e-12)


def test_reliability_curve_by_hand():
    y = [0, 0, 1, 1, 1, 0]
    p = [0.05, 0.15, 0.55, 0.65, 1.0, 0.95]
    pred, freq, count = lb.reliability_curve(y, p, bins=2)
    # bin [0, 0.5): 0.05, 0.15 -> mean 0.1, outcomes 0, 0; bin [0.5, 1]: 0.55, 0.65, 1.0, 0.95 -> mean 0.7875, 3 of 4
    np.testing.assert_allclose(pred, [0.1, 0.7875], rtol=1e-14)
    np.testing.assert_allclose(freq, [0.0, 0.75], rtol=1e-14)
    assert count.tolist() == [2, 4]
    # ECE = 2/6 * |0 - 0.1| + 4/6 * |0.75 - 0.7875| = 0.0333... + 0.025
    assert lb.expected_calibration_error(y, p, bins=2) == pytest.approx(2 / 6 * 0.1 + 4 / 6 * 0.0375, rel=1e-13)


def test_empty_bins_are_nan_and_ignored():
    pred, freq, count = lb.reliability_curve([1, 0], [0.95, 0.92], bins=10)
    assert count.tolist() == [0] * 9 + [2]
    assert np.isnan(pred[:9]).all() and np.isnan(freq[:9]).all()
    assert lb.expected_calibration_error([1, 0], [0.95, 0.92], bins=10) == pytest.approx(abs(0.5 - 0.935), rel=1e-13)


def test_a_calibrated_forecaster_has_a_small_ece_and_an_overconfident_one_does_not():
    rng = np.random.default_rng(1)
    q = rng.uniform(0, 1, 200_000)
    y = (rng.random(q.size) < q).astype(float)
    assert lb.expected_calibration_error(y, q) < 0.01
    sharp = lb.sigmoid(3 * np.log(q / (1 - q)))   # logits tripled: too sure of itself
    assert lb.expected_calibration_error(y, sharp) > 0.1


def test_bad_input_says_what_and_how():
    with pytest.raises(ValueError, match="p_pred"):
        lb.brier_score([1, 0], [1.2, 0.1])
    with pytest.raises(ValueError, match="y_true"):
        lb.brier_score([2, 0], [0.5, 0.1])
    with pytest.raises(ValueError, match="shape"):
        lb.brier_score([1, 0], [0.5, 0.1, 0.2])
    with pytest.raises(ValueError, match="reduction"):
        lb.brier_score_grad([1], [0.5], reduction="avg")
    for bins in (0, 2.5, True):
        with pytest.raises(ValueError, match="bins must be a whole number"):
            lb.reliability_curve([1], [0.5], bins=bins)
    with pytest.raises(TypeError):
        lb.expected_calibration_error(["a"], [0.5])


def test_no_warnings_at_the_extremes_and_inputs_untouched():
    y = np.array([0.0, 1.0, 1.0, 0.0])
    p = np.array([0.0, 1.0, 5e-324, 1.0])
    before = p.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert lb.brier_score(y, p, reduction="sum") == pytest.approx(2.0)
        lb.brier_score_grad(y, p)
        lb.reliability_curve(y, p, bins=3)
        lb.expected_calibration_error(y, p, bins=1)
    np.testing.assert_array_equal(p, before)
