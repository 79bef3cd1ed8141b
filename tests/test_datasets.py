"""The lessons' seeded synthetic data sets (lossbook.datasets)."""

import numpy as np
import pytest

import lossbook as lb
from lossbook.datasets import (FOCAL_EASY, FOCAL_GROUPS, KL_GRID, MASK_FLOOR, OUTLIER_SIZE, bimodal, discrete_gaussian,
                               focal_data, focal_groups, house_prices, margin_data, noisy_labels, predicted_mask,
                               tumour_scan, two_blobs)
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


# -- the week-2 lessons' data: margins, focal loss, a tumour scan, distributions on a grid --------------------------
def test_margin_data_is_seeded_and_balanced():
    X, y = margin_data(n=40, seed=0)
    X2, y2 = margin_data(n=40, seed=0)
    np.testing.assert_array_equal(X, X2)
    assert X.shape == (40, 2) and set(y.tolist()) == {-1.0, 1.0} and y.sum() == 0
    with pytest.raises(ValueError, match="n must be"):
        margin_data(n=1)


def test_focal_data_is_imbalanced_seeded_and_mostly_easy():
    y, p = focal_data(n=10_000, seed=0)
    y2, p2 = focal_data(n=10_000, seed=0)
    np.testing.assert_array_equal(p, p2)
    assert int(y.sum()) == 100 and set(np.unique(y).tolist()) == {0.0, 1.0}
    easy_neg, hard_neg, pos = focal_groups(y, p)
    assert easy_neg.sum() + hard_neg.sum() + pos.sum() == len(y)
    bce = lb.binary_cross_entropy(y, p, reduction="none")
    assert bce[easy_neg].sum() / bce.sum() > 0.5  # the lesson's premise: easy negatives dominate cross-entropy
    with pytest.raises(ValueError, match="positive_rate"):
        focal_data(positive_rate=1.5)


def test_focal_groups_use_the_probability_of_the_true_class():
    y = np.array([0, 0, 0, 1, 1])
    p = np.array([0.05, 0.1, 0.5, 0.99, 0.2])  # p_t = 0.95, 0.9 (not above FOCAL_EASY), 0.5; positives either way
    easy, hard, positive = focal_groups(y, p)
    assert easy.tolist() == [True, False, False, False, False]
    assert hard.tolist() == [False, True, True, False, False]
    assert positive.tolist() == [False, False, False, True, True]
    assert len(FOCAL_GROUPS) == 3 and FOCAL_EASY == 0.9


def test_tumour_scan_is_small_and_imbalanced():
    target = tumour_scan()
    assert target.shape == (64, 64)
    assert set(np.unique(target)) == {0.0, 1.0}
    assert int(target.sum()) == 113
    assert 0.02 < target.mean() < 0.04


def test_predicted_mask_matches_the_target_when_centred_and_sharp():
    target = tumour_scan()
    p = predicted_mask(shift=0, blur=0)
    assert np.array_equal(p > 0.5, target == 1)
    assert p.min() == MASK_FLOOR and p.max() == 1 - MASK_FLOOR
    # radius 0 is "no tumour anywhere"
    assert np.all(predicted_mask(radius=0) == MASK_FLOOR)


def test_predicted_mask_rejects_bad_arguments():
    with pytest.raises(ValueError, match="radius"):
        predicted_mask(radius=-1)
    with pytest.raises(ValueError, match="blur"):
        predicted_mask(blur=float("nan"))
    with pytest.raises(ValueError, match="floor"):
        predicted_mask(floor=0.6)


def test_discrete_gaussian_and_bimodal_are_distributions():
    q = discrete_gaussian(0.5, 1.0)
    assert q.shape == KL_GRID.shape and q.sum() == pytest.approx(1.0)
    assert KL_GRID[np.argmax(q)] == pytest.approx(0.5)
    rows = discrete_gaussian([0.0, 1.0], [1.0, 2.0])
    assert rows.shape == (2, KL_GRID.size) and np.allclose(rows.sum(axis=1), 1.0)
    p = bimodal()
    assert p.sum() == pytest.approx(1.0) and np.allclose(p, p[::-1])  # symmetric about 0
    with pytest.raises(ValueError, match="width"):
        discrete_gaussian(0.0, 0.0)


# -- cats and dogs: the logistic-regression lessons --------------------------------------------------------------------------------------------------------------
def test_two_blobs_is_seeded_and_balanced():
    X, y = two_blobs(40, seed=3)
    X2, y2 = two_blobs(40, seed=3)
    assert X.shape == (40, 2) and y.shape == (40,)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert y.sum() == 20 and set(np.unique(y)) == {0.0, 1.0}
    assert X[y == 1].mean() > 0 > X[y == 0].mean()
    assert not np.array_equal(X, two_blobs(40, seed=4)[0])


@pytest.mark.parametrize("kwargs", [dict(n=5), dict(n=0), dict(n=True), dict(n_features=0), dict(spread=0.0)])
def test_two_blobs_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        two_blobs(**kwargs)


# -- CTC: the HELLO toy -------------------------------------------------------------------------------------------------
def test_ctc_toy_rows_are_distributions_and_spell_hello():
    toy = lb.datasets.ctc_toy()
    assert toy.word == "HELLO" and toy.classes[0] == "_"
    np.testing.assert_allclose(toy.probs.sum(axis=1), 1.0, atol=1e-12)
    best = toy.probs.argmax(axis=1)
    assert "".join(toy.classes[k] for k in lb.ctc_collapse(best)) == "HELLO"
    assert not toy.probs.flags.writeable


@pytest.mark.parametrize("word", ["", "A_B", 3])
def test_ctc_classes_rejects_bad_words(word):
    with pytest.raises(ValueError, match="word"):
        lb.datasets.ctc_classes(word)
