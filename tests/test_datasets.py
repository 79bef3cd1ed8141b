"""The lessons' seeded synthetic data sets (lossbook.datasets) and the closed-form fits (lossbook.fitting)."""

import numpy as np
import pytest

import lossbook as lb
from lossbook.datasets import OUTLIER_SIZE, house_prices, noisy_labels
from lossbook.fitting import least_squares_line


def test_house_prices_is_seeded_and_shaped():
    size, price = house_prices(n=10, seed=0)
    again = house_prices(n=10, seed=0)
    assert np.array_equal(size, again[0]) and np.array_equal(price, again[1])
    assert size.shape == price.shape == (10,)
    assert size.dtype == price.dtype == np.float64
    assert size.min() == 50 and size.max() == 200
    assert not np.array_equal(price, house_prices(n=10, seed=1)[1])


def test_house_prices_follow_the_line_within_the_noise():
    size, price = house_prices(n=400, seed=3)
    slope, intercept = least_squares_line(size, price)
    assert slope == pytest.approx(2.5, abs=0.1)
    assert intercept == pytest.approx(40, abs=15)
    assert np.std(price - (intercept + slope * size)) == pytest.approx(25, rel=0.15)


def test_house_prices_outlier_is_appended():
    size, price = house_prices(n=10, seed=0)
    size_o, price_o = house_prices(n=10, seed=0, outlier=650.0)
    assert np.array_equal(size_o[:-1], size) and np.array_equal(price_o[:-1], price)
    assert size_o[-1] == OUTLIER_SIZE and price_o[-1] == 650.0


@pytest.mark.parametrize("kwargs", [{"n": 1}, {"n": 2.5}, {"n": True}, {"outlier": float("nan")}])
def test_house_prices_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        house_prices(**kwargs)


def test_noisy_labels_flip_about_the_asked_fraction():
    clean, observed = noisy_labels(n=20_000, noise=0.1, seed=0)
    assert clean.mean() == 0.5
    assert set(np.unique(observed)) <= {0, 1}
    assert (clean != observed).mean() == pytest.approx(0.1, abs=0.01)
    assert np.array_equal(noisy_labels(n=50, noise=0.0, seed=2)[0], noisy_labels(n=50, noise=0.0, seed=2)[1])


@pytest.mark.parametrize("noise", [-0.1, 0.6])
def test_noisy_labels_bad_noise(noise):
    with pytest.raises(ValueError, match="noise"):
        noisy_labels(noise=noise)


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
