"""The lessons' fits (lossbook.fitting): closed forms, exact and iterative line fits, searches, and the small
loss identities the lessons compare against (guessing baselines, label smoothing, MSE against cross-entropy per logit)."""

import math

import numpy as np
import pytest
from scipy.optimize import minimize

import lossbook as lb
from lossbook.datasets import KL_GRID, bimodal, discrete_gaussian
from lossbook.fitting import (baselines, best_gap, fit_gaussian, fit_line, least_squares_line, line_loss, logit_losses,
                              outlier_pull, smoothed_target)


def test_fit_gaussian_covers_forward_and_seeks_reverse():
    p = bimodal()
    m_f, w_f, kl_f = fit_gaussian(p, "forward")
    m_r, w_r, kl_r = fit_gaussian(p, "reverse")
    # forward KL is minimised by matching mean and standard deviation (moment matching), up to the grid step
    x = KL_GRID
    assert m_f == pytest.approx(float(np.sum(p * x)), abs=0.05)
    assert w_f == pytest.approx(float(np.sqrt(np.sum(p * x * x))), abs=0.05)
    # reverse KL sits on one mode, with the mode's own width
    assert abs(m_r) == pytest.approx(2.0) and w_r == pytest.approx(0.5, abs=0.05)
    assert kl_f == pytest.approx(lb.kl_divergence(p, discrete_gaussian(m_f, w_f)))
    assert kl_r == pytest.approx(lb.kl_divergence(discrete_gaussian(m_r, w_r), p))
    with pytest.raises(ValueError, match="direction"):
        fit_gaussian(p, "sideways")


def test_fit_gaussian_finds_a_gaussian_exactly_on_the_search_grid():
    p = discrete_gaussian(1.0, 1.5)
    for direction in ("forward", "reverse"):
        mean, width, kl = fit_gaussian(p, direction)
        assert (mean, width) == pytest.approx((1.0, 1.5)) and kl == pytest.approx(0.0, abs=1e-12)


def test_fit_gaussian_is_deterministic_and_takes_the_smaller_mean_on_a_tie():
    first = fit_gaussian(bimodal(), "reverse")
    assert fit_gaussian(bimodal(), "reverse") == first
    assert first[0] < 0  # the two bumps fit equally well: the left one wins


# -- straight lines ----------------------------------------------------------------------------------------------------
def test_least_squares_line_matches_polyfit_and_minimises_mse():
    rng = np.random.default_rng(0)
    x = rng.uniform(50, 200, 30)
    y = 3 * x + 10 + rng.normal(0, 5, 30)
    slope, intercept = least_squares_line(x, y)
    assert (slope, intercept) == pytest.approx(tuple(np.polyfit(x, y, 1)), rel=1e-10)
    best = lb.mse(y, slope * x + intercept)
    for ds, di in [(1e-3, 0), (-1e-3, 0), (0, 0.1), (0, -0.1)]:
        assert lb.mse(y, (slope + ds) * x + intercept + di) > best


def test_least_squares_line_bad_input():
    with pytest.raises(ValueError, match="different"):
        least_squares_line([1, 1, 1], [1, 2, 3])
    with pytest.raises(ValueError, match="same length"):
        least_squares_line([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="finite"):
        least_squares_line([1, 2, np.nan], [1, 2, 3])


# -- line fits under MSE, MAE and Huber ---------------------------------------------------------------------------------------------------------
@pytest.fixture
def line_data():
    rng = np.random.default_rng(0)
    x = np.linspace(0, 10, 15)
    y = 1.5 * x + 2 + rng.normal(0, 1, x.size)
    y[3] += 25  # an outlier
    return x, y


def test_mse_fit_is_least_squares(line_data):
    x, y = line_data
    np.testing.assert_allclose(fit_line(x, y, loss="mse"), np.polyfit(x, y, 1), rtol=1e-10)


@pytest.mark.parametrize("loss,delta", [("mae", 1.0), ("huber", 1.0), ("huber", 3.0), ("huber", 0.2)])
def test_robust_fits_minimise_their_loss(line_data, loss, delta):
    x, y = line_data
    slope, intercept = fit_line(x, y, loss=loss, delta=delta)
    best = line_loss(x, y, slope, intercept, loss=loss, delta=delta)
    ref = minimize(lambda p: line_loss(x, y, p[0], p[1], loss=loss, delta=delta), np.polyfit(x, y, 1),
                   method="Nelder-Mead", options=dict(xatol=1e-10, fatol=1e-12, maxiter=20000))
    assert best <= ref.fun + 1e-7
    # and no nearby line does better
    for ds, di in [(1e-3, 0), (-1e-3, 0), (0, 1e-2), (0, -1e-2)]:
        assert best <= line_loss(x, y, slope + ds, intercept + di, loss=loss, delta=delta) + 1e-12


def test_huber_with_a_huge_delta_is_least_squares_and_warm_start_agrees(line_data):
    x, y = line_data
    np.testing.assert_allclose(fit_line(x, y, loss="huber", delta=1e6), fit_line(x, y, loss="mse"), rtol=1e-9)
    cold = fit_line(x, y, loss="huber", delta=1.0)
    warm = fit_line(x, y, loss="huber", delta=1.0, start=(1.4, 2.1))
    np.testing.assert_allclose(cold, warm, rtol=1e-6, atol=1e-6)


def test_mae_line_ignores_how_far_the_outlier_is():
    x = np.arange(6.0)
    y = 2 * x + 1
    fits = [fit_line(x, np.append(y[:-1], top), loss="mae") for top in (50.0, 500.0)]
    assert fits[0] == pytest.approx(fits[1])
    assert fits[0] == pytest.approx((2.0, 1.0))


@pytest.mark.parametrize("kwargs", [dict(loss="l1"), dict(loss="huber", delta=0.0)])
def test_fit_line_rejects_bad_arguments(line_data, kwargs):
    with pytest.raises(ValueError):
        fit_line(*line_data, **kwargs)


def test_fit_line_rejects_bad_data():
    with pytest.raises(ValueError, match="vertical"):
        fit_line([1.0, 1.0], [0.0, 1.0])
    with pytest.raises(ValueError, match="same length"):
        fit_line([1.0, 2.0], [0.0])


def test_mse_fit_line_is_least_squares_line_exactly(line_data):
    assert fit_line(*line_data, loss="mse") == least_squares_line(*line_data)


def test_outlier_pull_is_each_gradient():
    assert outlier_pull(-300.0, 50.0) == {"mse": -600.0, "mae": -1.0, "huber": -50.0}
    assert outlier_pull(20.0, 50.0) == {"mse": 40.0, "mae": 1.0, "huber": 20.0}


# -- reading your loss: the guessing baselines -------------------------------------------------------------------------
@pytest.mark.parametrize("k", [2, 3, 10, 100])
def test_baselines_are_ln2_lnk_and_the_variance(k):
    b = baselines(k, 1.7)
    assert b["binary"] == pytest.approx(np.log(2), rel=1e-12)
    assert b["classes"] == pytest.approx(np.log(k), rel=1e-12)
    assert b["regression"] == pytest.approx(1.7, rel=1e-12)


# -- label smoothing ---------------------------------------------------------------------------------------------------
def test_smoothed_target_sums_to_one_and_matches_the_loss():
    target = smoothed_target(7, 10, 0.1)
    assert target.sum() == pytest.approx(1.0)
    assert target[7] == pytest.approx(0.91) and target[0] == pytest.approx(0.01)
    z = np.log(np.linspace(1, 2, 10) / np.linspace(1, 2, 10).sum())
    assert lb.sparse_categorical_cross_entropy_with_logits(7, z, label_smoothing=0.1) == pytest.approx(
        lb.categorical_cross_entropy_with_logits(target, z), rel=1e-12)


@pytest.mark.parametrize("eps", [0.05, 0.1, 0.3])
def test_best_gap_is_the_minimum_of_the_smoothed_loss(eps):
    gaps = np.linspace(0, 20, 40_001)
    z = np.zeros((gaps.size, 10))
    z[:, 3] = gaps
    loss = lb.sparse_categorical_cross_entropy_with_logits(np.full(gaps.size, 3), z, label_smoothing=eps,
                                                           reduction="none")
    assert gaps[np.argmin(loss)] == pytest.approx(best_gap(10, eps), abs=1e-3)
    # at the minimum the softmax equals the smoothed target
    row = np.zeros(10)
    row[3] = best_gap(10, eps)
    np.testing.assert_allclose(lb.softmax(row), smoothed_target(3, 10, eps), rtol=1e-12)
    assert best_gap(10, 0.0) == math.inf


# -- MSE against cross-entropy, per logit ------------------------------------------------------------------------------
def test_logit_losses_agree_with_lossbook():
    z = np.linspace(-8, 8, 17)
    m, c, gm, gc = logit_losses(1, z)
    p = lb.sigmoid(z)
    np.testing.assert_allclose(m, (p - 1) ** 2)
    np.testing.assert_allclose(c, -np.log(p), rtol=1e-10)
    np.testing.assert_allclose(gm, 2 * (p - 1) * p * (1 - p), rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(gc, p - 1, rtol=1e-10, atol=1e-15)
