"""lossbook/losses/regularisation.py: the L2 penalty and its gradient (values by hand, finite differences, bad input,
no warnings at the float64 limits)."""

import warnings

import numpy as np
import pytest
from gradcheck import numerical_gradient  # tests/ is on the import path, as for lab_browser

import lossbook as lb


@pytest.mark.parametrize(("weights", "strength", "expected"), [
    ([3.0, -4.0], 0.1, 2.5),                      # 0.1 * (9 + 16)
    ([0.5, -2.0, 1.0], 0.1, 0.525),               # 0.1 * (0.25 + 4 + 1)
    ([[1.0, 2.0], [3.0, 4.0]], 1.0, 30.0),        # any shape: every weight counts
    (7.0, 0.5, 24.5),
    ([1e200], 0.0, 0.0),                          # strength 0: no penalty at all
    ([0.0, 0.0], 3.0, 0.0),
    ([1e154], 1.0, 1e308),
    ([1e155], 1.0, np.inf),                       # beyond float64: the correctly rounded inf
])
def test_values_by_hand(weights, strength, expected):
    value = lb.l2_penalty(weights, strength=strength)
    assert isinstance(value, float)
    assert value == pytest.approx(expected, rel=1e-15)


def test_gradient_by_hand_and_shape():
    g = lb.l2_penalty_grad([[3.0, -4.0]], strength=0.25)
    assert g.shape == (1, 2)
    np.testing.assert_allclose(g, [[1.5, -2.0]], rtol=1e-15)
    assert lb.l2_penalty_grad(2.0, strength=1.0).shape == ()
    assert np.isinf(lb.l2_penalty_grad([1e308], strength=1.0)[0])


@pytest.mark.parametrize("strength", [0.0, 0.01, 3.0])
def test_gradient_matches_finite_differences(strength):
    w = np.random.default_rng(0).normal(size=(3, 4))
    numeric = numerical_gradient(lambda v: lb.l2_penalty(v, strength=strength), w)
    np.testing.assert_allclose(lb.l2_penalty_grad(w, strength=strength), numeric, rtol=1e-7, atol=1e-10)


def test_weight_decay_is_the_penalty_gradient_with_half_the_strength():
    # PyTorch: SGD(weight_decay=wd) adds wd * w to the gradient; that is the gradient of strength * sum(w**2) at wd / 2.
    w = np.array([0.3, -1.2, 2.0])
    np.testing.assert_allclose(lb.l2_penalty_grad(w, strength=0.01 / 2), 0.01 * w, rtol=1e-15)


@pytest.mark.parametrize(("weights", "strength", "error", "pattern"), [
    ([1.0], -0.1, ValueError, "strength must be >= 0"),
    ([1.0], float("inf"), ValueError, "strength must be finite"),
    ([1.0], None, TypeError, "strength must be a real number"),
    ([1.0], "0.1", TypeError, "strength must be a real number"),
    ([], 0.1, ValueError, "weights is empty"),
    ([np.nan], 0.1, ValueError, "weights"),
    (["a"], 0.1, TypeError, "weights must be numeric"),
])
def test_bad_input_names_the_argument(weights, strength, error, pattern):
    for f in (lb.l2_penalty, lb.l2_penalty_grad):
        with pytest.raises(error, match=pattern):
            f(weights, strength=strength)


def test_strength_is_keyword_only_and_inputs_are_not_written():
    with pytest.raises(TypeError):
        lb.l2_penalty([1.0], 0.1)  # noqa: the strength must be named
    w = np.array([1.0, -2.0])
    w.setflags(write=False)
    lb.l2_penalty(w, strength=0.1)
    lb.l2_penalty_grad(w, strength=0.1)
    np.testing.assert_array_equal(w, [1.0, -2.0])


def test_no_warnings_at_the_extremes():
    big = np.array([1.7e308, -1.7e308, 5e-324])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for strength in (0.0, 1e-300, 1.0, 1e300):
            lb.l2_penalty(big, strength=strength)
            lb.l2_penalty_grad(big, strength=strength)
