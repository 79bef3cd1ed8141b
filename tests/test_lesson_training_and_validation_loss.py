"""Lesson 3.1, notebooks/week3/01-training-and-validation-loss.ipynb: its data set (lossbook.datasets.wavy_data), its
training routine and early stopping (lossbook.fitting), and what is special about
lossbook/{plots,widgets,exercises}/training_and_validation_loss.py."""

import numpy as np
import pytest

import lossbook as lb
from lossbook.datasets import WAVY_NOISE, wavy_data
from lossbook.fitting import early_stop, fit_polynomial, polynomial_features, predict_polynomial, train_polynomial


# -- the data ------------------------------------------------------------------------------------------------------
def test_wavy_data_is_seeded_sorted_and_noisy_around_the_wave():
    a, b = wavy_data(seed=3), wavy_data(seed=3)
    assert all(np.array_equal(u, v) for u, v in zip(a, b))
    assert not np.array_equal(a.y_train, wavy_data(seed=4).y_train)
    d = wavy_data(n_train=20, n_val=5000, seed=1)
    assert d.x_train.shape == (20,) and d.x_val.shape == (5000,)
    assert np.all(np.diff(d.x_val) >= 0) and np.abs(d.x_val).max() <= 1
    residual = d.y_val - np.sin(np.pi * d.x_val)
    assert np.std(residual) == pytest.approx(WAVY_NOISE, rel=0.05)  # 5000 draws: within a few percent
    exact = wavy_data(n_train=5, n_val=5, noise=0.0)
    np.testing.assert_allclose(exact.y_train, np.sin(np.pi * exact.x_train))


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n_train": 1}, "n must be an integer of at least 2"), ({"n_val": 0}, "n must be an integer of at least 1"),
    ({"noise": -0.1}, "noise must be a standard deviation"), ({"noise": float("nan")}, "noise must be"),
])
def test_wavy_data_refuses_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        wavy_data(**kwargs)


# -- polynomials -----------------------------------------------------------------------------------------------------
def test_features_are_scaled_legendre_polynomials_with_mean_square_one():
    x = np.array([-1.0, -0.3, 0.5, 1.0])
    by_hand = np.stack([np.ones_like(x), x, (3 * x**2 - 1) / 2, (5 * x**3 - 3 * x) / 2], axis=1)  # textbook P0..P3
    np.testing.assert_allclose(polynomial_features(x, 3), by_hand * np.sqrt([1, 3, 5, 7]), rtol=1e-13)
    grid = np.linspace(-1, 1, 200_001)
    np.testing.assert_allclose((polynomial_features(grid, 6) ** 2).mean(axis=0), 1.0, rtol=1e-4)
    with pytest.raises(ValueError, match="degree must be a whole number"):
        polynomial_features(x, 2.5)


def test_fit_polynomial_is_least_squares_and_recovers_an_exact_polynomial():
    x = np.linspace(-1, 1, 9)
    y = 1 - 2 * x + 0.5 * x**3
    np.testing.assert_allclose(predict_polynomial(fit_polynomial(x, y, 3), x), y, atol=1e-12)
    d = wavy_data()
    w = fit_polynomial(d.x_train, d.y_train, 3)
    np.testing.assert_allclose(predict_polynomial(w, d.x_train),  # numpy's own least-squares polynomial
                               np.polynomial.Polynomial.fit(d.x_train, d.y_train, 3)(d.x_train), atol=1e-10)


# -- training ----------------------------------------------------------------------------------------------------------
def test_full_batch_training_is_the_gradient_descent_loop_on_lossbooks_mse_grad():
    d = wavy_data()
    c = train_polynomial(d, 4, lr=0.05, steps=20)
    A = polynomial_features(d.x_train, 4)
    w = np.zeros(5)
    for k in range(21):
        np.testing.assert_allclose(c.weights[k], w, rtol=1e-12, atol=1e-15)
        assert c.train[k] == pytest.approx(lb.mse(d.y_train, A @ w), rel=1e-12)
        w = w - 0.05 * A.T @ lb.mse_grad(d.y_train, A @ w)
    np.testing.assert_allclose(c.batch, c.train, rtol=1e-12)
    val = [lb.mse(d.y_val, predict_polynomial(row, d.x_val)) for row in c.weights]
    np.testing.assert_allclose(c.val, val, rtol=1e-12)


def test_long_training_approaches_the_least_squares_fit_and_overfits():
    d = wavy_data()
    c = train_polynomial(d, 3, lr=0.05, steps=3000)
    np.testing.assert_allclose(c.weights[-1], fit_polynomial(d.x_train, d.y_train, 3), atol=1e-6)
    nine = train_polynomial(d, 9, lr=0.05, steps=3000)
    best = int(np.argmin(nine.val))
    assert 0 < best < 1000 and nine.val[-1] > 5 * nine.val[best]  # the lesson's story: down, then up
    assert np.all(np.diff(nine.train) <= 1e-15)  # full-batch gradient descent on a convex loss never goes up


def test_mini_batches_cycle_through_every_point_once_per_epoch():
    d = wavy_data()
    c = train_polynomial(d, 2, lr=0.05, steps=2, batch_size=4, seed=0)
    A = polynomial_features(d.x_train, 2)
    # Re-derive the three batches of the first epoch from the recorded weights and batch losses.
    rng = np.random.default_rng(0)
    order = rng.permutation(12)
    for k in range(3):
        rows = order[4 * k: 4 * k + 4]
        assert c.batch[k] == pytest.approx(lb.mse(d.y_train[rows], A[rows] @ c.weights[k]), rel=1e-12)
    assert not np.allclose(c.batch, c.train)
    again = train_polynomial(d, 2, lr=0.05, steps=2, batch_size=4, seed=0)
    np.testing.assert_array_equal(c.batch, again.batch)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"lr": 0.0}, "lr must be a positive number"), ({"steps": -1}, "steps must be a whole number"),
    ({"batch_size": 13}, "batch_size must be None"), ({"batch_size": 0}, "batch_size must be None"),
    ({"lr": 5.0}, "training diverged at step"),
])
def test_training_refuses_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        train_polynomial(wavy_data(), 9, **{"steps": 100, **kwargs})


# -- early stopping --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("val", "patience", "expected"), [
    ([0.9, 0.6, 0.5, 0.52, 0.48, 0.49, 0.51, 0.53, 0.55], 3, (7, 4)),
    ([0.9, 0.6, 0.5, 0.52, 0.48, 0.49, 0.51, 0.53, 0.55], 1, (3, 2)),
    ([3.0, 2.0, 1.0], 1, (2, 2)),              # never waits: the last step, which is also the best
    ([1.0, 1.0, 1.0], 2, (2, 0)),              # a tie is no new low
    ([0.5], 5, (0, 0)),
])
def test_early_stop_by_hand(val, patience, expected):
    assert early_stop(val, patience=patience) == expected


def test_early_stop_refuses_bad_arguments():
    with pytest.raises(ValueError, match="patience must be a whole number"):
        early_stop([1.0, 2.0], patience=0)
    with pytest.raises(ValueError, match="val must be a non-empty 1-D array"):
        early_stop([], patience=2)


# -- figures and widget ----------------------------------------------------------------------------------------------
def test_capacity_curves_match_least_squares_fits():
    fig = lb.widgets.capacity_curves(max_degree=10)
    assert "lowest at degree 5 (0.089)" in repr(fig)
    d = wavy_data()
    w = fit_polynomial(d.x_train, d.y_train, 5)
    assert lb.mse(d.y_val, predict_polynomial(w, d.x_val)) == pytest.approx(0.089, abs=5e-4)


def test_train_val_curves_readout_follows_the_recorded_run():
    w = lb.widgets.train_val_curves(steps=3000, degree=9)
    c = train_polynomial(wavy_data(), 9, lr=0.05, steps=3000)
    best = int(np.argmin(c.val))
    assert f"validation MSE {c.val[-1]:.3f}" in w.text and f"at step {best}" in w.text
    np.testing.assert_allclose(w.plot.val.get_ydata(), np.clip(c.val, *lb.plots.LOSS_YLIM))
    w.set(steps=100)
    assert "step 100:" in w.text and len(w.plot.train.get_xdata()) == 101
    assert "mini-batch" not in w.text and len(w.plot.batch.get_xdata()) == 0
    w.set(batch="mini-batches of 4")
    assert "This step's mini-batch MSE" in w.text and len(w.plot.batch.get_xdata()) == 101


def test_the_loss_axis_and_key_follow_the_batch_mode():
    """Full batch: a tighter axis (no full-batch loss goes below the exact degree-10 fit's training MSE) and no
    mini-batch entry in the key; mini-batches: the wide axis and the entry."""
    d = wavy_data()
    w10 = fit_polynomial(d.x_train, d.y_train, 10)
    assert lb.plots.FULL_BATCH_YLIM[0] < lb.mse(d.y_train, predict_polynomial(w10, d.x_train))
    w = lb.widgets.train_val_curves(steps=3000, degree=10)
    keys = [t.get_text() for t in w.plot.key.get_texts()]
    assert w.plot.lax.get_ylim() == pytest.approx(lb.plots.FULL_BATCH_YLIM) and "each mini-batch" not in keys
    assert w.plot.train.get_ydata().min() > lb.plots.FULL_BATCH_YLIM[0]  # nothing rides the lower edge
    w.set(batch="mini-batches of 4")
    keys = [t.get_text() for t in w.plot.key.get_texts()]
    assert w.plot.lax.get_ylim() == pytest.approx(lb.plots.LOSS_YLIM) and "each mini-batch" in keys
    assert sum(legend.get_visible() for legend in w.plot.lax.artists if hasattr(legend, "get_texts")) == 1
    w.set(batch="full batch")
    assert w.plot.lax.get_ylim() == pytest.approx(lb.plots.FULL_BATCH_YLIM)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"degree": 11}, "degree must be a whole number from 1 to 10"), ({"steps": 5000}, "steps must be"),
    ({"batch": "all"}, "batch must be one of"), ({"max_steps": 5}, "max_steps must be"),
])
def test_train_val_curves_refuses_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        lb.widgets.train_val_curves(**kwargs)


def test_exercises_name_the_expected_mistakes():
    ex = lb.exercises.training_and_validation_loss
    assert ex.early_stopping.evaluate([8, 8]).misconception == "keeps_last"
    assert ex.diagnose.evaluate([1, 2, 2]).misconception == "gap_means_overfitting"
    assert ex.diagnose.evaluate([1, 0, 1]).misconception == "trusts_the_training_loss"
    assert ex.noise_floor_guess.truth == pytest.approx(0.0625)


def test_below_the_floor_by_the_expected_amount_is_named_as_healthy():
    ex = lb.exercises.training_and_validation_loss
    assert ex.diagnose.evaluate([2, 0, 2]).misconception == "below_floor_is_overfitting"


def test_diagnose_runs_fit_their_story():
    """A sits at the healthy p/n values; B has the bigger gap yet is underfitting; C is near its (tiny) expected
    training loss while its validation loss is far above a healthy fit's."""
    ex = lb.exercises.training_and_validation_loss
    floor = WAVY_NOISE**2
    (pa, ta, va), (pb, tb, vb), (pc, tc, vc) = (ex.RUNS[k] for k in "ABC")
    assert ta == pytest.approx(floor * (1 - pa / 30), abs=0.002)
    assert va == pytest.approx(floor * (1 + pa / 30), abs=0.003)
    assert vb - tb > 3 * (va - ta) and tb > 3.5 * floor
    assert floor * (1 - pc / 30) / 2 < tc < floor * (1 - pc / 30) and vc > 5 * floor * (1 + pc / 30)


def test_the_widget_tip_names_the_stretch_where_the_overfit_curve_leaves_the_frame():
    """Lesson 3.1's tip: at step 3000 the degree-9 curve leaves the frame (|y| > 2.5) inside the widest gap between
    training points x = -0.92 and -0.46, and beyond the last training point; nowhere else (not in the wider gap from
    -0.46 to 0.09)."""
    d = wavy_data()
    assert np.round(d.x_train[2:4], 2).tolist() == [-0.92, -0.46]
    c = train_polynomial(d, 9, lr=0.05, steps=3000)
    grid = np.linspace(-1, 1, 2001)
    out = grid[np.abs(predict_polynomial(c.weights[-1], grid)) > 2.5]
    assert out.size and np.all(((out > d.x_train[2]) & (out < d.x_train[3])) | (out > d.x_train[-1]))


def test_the_loss_axes_hold_every_mini_batch_loss_of_the_widget():
    """The right panel's y-range covers every loss the widget can show at max_steps=3000 (no clipping)."""
    d = wavy_data()
    lo, hi = lb.plots.LOSS_YLIM
    for degree in (1, 9, 10):
        c = train_polynomial(d, degree, lr=0.05, steps=3000, batch_size=4, seed=0)
        assert lo < c.batch.min() and max(c.val.max(), c.batch.max()) < hi


def test_a_healthy_least_squares_fit_trains_below_the_floor_by_p_over_n():
    """The lesson's claim: with the truth inside the model, the expected training MSE is sigma^2 (1 - p/n)."""
    rng = np.random.default_rng(1)
    n, degree, sigma = 20, 3, 0.5
    truth = np.array([0.3, -1.0, 0.5, 0.2])  # a cubic: the model can represent it exactly
    train = []
    for _ in range(4000):
        x = rng.uniform(-1, 1, n)
        y = polynomial_features(x, degree) @ truth + sigma * rng.standard_normal(n)
        train.append(lb.mse(y, predict_polynomial(fit_polynomial(x, y, degree), x)))
    expected = sigma**2 * (1 - (degree + 1) / n)
    # the standard error of the mean of 4000 draws of sigma^2 chi^2_{n-p}/n is about 0.0013 here
    assert np.mean(train) == pytest.approx(expected, abs=0.005)
    assert np.mean(train) < sigma**2 - 0.03


def test_the_table_of_section_6_classifies_the_exercise_runs_and_the_lessons_degrees():
    """The table's rules, read against the floor only: 'about right' is under twice the floor on validation and
    below it on training (degrees 3 and 5 of the lesson's data, run A); 'several times the floor on validation, far
    below it on training' is overfitting (degree 9, run C); several times the floor on both is underfitting (run B)."""
    ex = lb.exercises.training_and_validation_loss
    floor = WAVY_NOISE**2
    (_, ta, va), (_, tb, vb), (_, tc, vc) = (ex.RUNS[k] for k in "ABC")
    assert ta < floor < va < 2 * floor
    assert tb > 3 * floor and vb > 3 * floor
    assert tc < floor / 5 and vc > 5 * floor
    d = wavy_data()
    for degree in (3, 5):
        w = fit_polynomial(d.x_train, d.y_train, degree)
        assert lb.mse(d.y_train, predict_polynomial(w, d.x_train)) < floor
        assert 1.35 * floor < lb.mse(d.y_val, predict_polynomial(w, d.x_val)) < 2 * floor
    w = fit_polynomial(d.x_train, d.y_train, 9)
    assert lb.mse(d.y_train, predict_polynomial(w, d.x_train)) < floor / 5
    assert lb.mse(d.y_val, predict_polynomial(w, d.x_val)) > 20 * floor


def test_the_cubic_own_error_is_a_small_part_of_degree_3s_excess_over_the_floor():
    """Section 7: the closest cubic to sin(pi x) on [-1, 1] misses it by an MSE of about 0.0044, under a tenth of
    degree 3's validation excess over the floor (0.1105 - 0.0625)."""
    x = np.linspace(-1, 1, 100_001)
    own = lb.mse(np.sin(np.pi * x), predict_polynomial(fit_polynomial(x, np.sin(np.pi * x), 3), x))
    d = wavy_data()
    excess = lb.mse(d.y_val, predict_polynomial(fit_polynomial(d.x_train, d.y_train, 3), d.x_val)) - WAVY_NOISE**2
    assert 0.003 < own < 0.006 and own < excess / 10
