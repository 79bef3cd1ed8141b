"""What is special about the figures, widgets and exercises of three lessons: why not MSE for classification
(week1/05), the training loop (week1/06) and robust regression (week2/01). The generic widget and exercise tests
already cover registration, rendering and known-good/known-bad answers."""

import numpy as np
import pytest

import lossbook as lb
from lossbook import models
from lossbook.datasets import house_prices, two_blobs
from lossbook.fitting import fit_line


# -- week1/05: MSE against cross-entropy -------------------------------------------------------------------------------
def test_logit_widget_shows_the_vanishing_mse_slope():
    w = lb.widgets.mse_vs_ce_logit(z=-6.0, label=1)
    assert "slope dL/dz: MSE -0.0049, cross-entropy -0.9975" in w.text
    w.set(z=6.0, y=0)  # a dog, confidently called a cat: the mirror image
    assert "slope dL/dz: MSE 0.0049, cross-entropy 0.9975" in w.text


def test_slice_plot_finds_mse_not_convex_and_cross_entropy_convex():
    X, y = two_blobs(60, n_features=1, seed=0)
    ws = np.linspace(-10, 10, 401)
    mse = models.logistic_loss_grid(X[:, 0], y, ws, [0.0], loss="mse")[0]
    ce = models.logistic_loss_grid(X[:, 0], y, ws, [0.0])[0]
    plot = lb.plots.LossSlicePlot(ws, mse, ce)
    assert plot.spans[0] and not plot.spans[1]
    assert "cross-entropy: bends up everywhere (convex)" in repr(plot)
    assert plot.png()[:4] == b"\x89PNG"


def test_static_lesson_figures_render_with_stable_reprs():
    X, y = two_blobs(20, n_features=1, seed=0)
    runs = [models.train_logistic(X, y, lr=1.0, steps=10, loss=loss, w0=[-4.0]) for loss in models.LOSSES]
    curves = lb.plots.LearningCurvesPlot([(name, r.accuracy, r.loss) for name, r in zip("ab", runs)])
    assert repr(curves) == "Learning curves (accuracy and loss against step): a, b"
    ws, bs = np.linspace(-6, 6, 13), np.linspace(-4, 4, 9)
    maps = [models.logistic_loss_grid(X[:, 0], y, ws, bs, loss=loss) for loss in models.LOSSES]
    pair = lb.plots.LandscapePairPlot(ws, bs, *maps, paths=[(r.w[:, 0], r.b) for r in runs], start=(-4.0, 0.0))
    for plot in (curves, pair):
        assert plot.png()[:4] == b"\x89PNG"
        assert "0x" not in repr(plot)


# -- week1/06: the training loop ---------------------------------------------------------------------------------------
def test_training_loop_widget_replays_the_cached_run(monkeypatch):
    import sys

    module = sys.modules["lossbook.widgets.training_loop"]  # the package re-exports a function of the same name
    w = lb.widgets.training_loop(lr=0.5, steps=20)
    assert "learning rate = 0.5, 20 steps: loss 0.228 (start 1.514" in w.text
    trainings = []
    original = module.train_logistic

    def counting(*args, **kwargs):
        trainings.append(kwargs["lr"])
        return original(*args, **kwargs)

    monkeypatch.setattr(module, "train_logistic", counting)
    w2 = lb.widgets.training_loop(lr=0.5, steps=20)
    for k in (0, 5, 50, 100):
        w2.controls["steps"].value = k
    assert trainings == [0.5], "moving the steps slider must not retrain"
    w2.controls["lr"].value = 2.0
    w2.controls["lr"].value = 0.5
    assert trainings == [0.5, 2.0], "a learning rate seen before comes from the cache"


def test_training_loop_widget_shows_the_overshoot_of_a_huge_learning_rate():
    w = lb.widgets.training_loop(lr=100.0, steps=1)
    loss = float(w.text.split("loss ")[1].split(" ")[0])
    assert loss > 1.514  # the first step made it worse


def test_boundary_points_lie_on_the_boundary():
    from lossbook.plots.training_loop import boundary_points

    for w, b in [((1.0, -2.0), 1.0), ((3.0, 0.1), -0.5), ((0.0, 1.0), 0.2)]:
        xs, ys = boundary_points(w, b, (-3, 3), (-3, 3))
        np.testing.assert_allclose(w[0] * np.array(xs) + w[1] * np.array(ys) + b, 0.0, atol=1e-9)
    assert boundary_points((0.0, 0.0), 1.0, (-3, 3), (-3, 3)) == ([], [])


def test_training_loop_exercise_numbers():
    ex = lb.exercises.training_loop
    assert ex.slope_ratio_guess.truth == pytest.approx(8.0)
    p = float(lb.sigmoid(1.0))
    assert ex.one_update.answer == pytest.approx(0.5 - 0.1 * (p - 1) * 2)


# -- week2/01: robust regression ---------------------------------------------------------------------------------------
def test_robust_widget_matches_the_fits_and_caps_the_pulls():
    w = lb.widgets.robust_fits(outlier=600.0, delta=50.0)
    x, y = house_prices(10, seed=0, outlier=600.0)
    for loss in ("mse", "mae", "huber"):
        slope, intercept = fit_line(x, y, loss=loss, delta=50.0)
        assert f"slope {slope:.2f} $k/m², price at 70 m² {slope * 70 + intercept:.0f} $k" in w.text
    assert "MAE line" in w.text and "outlier's pull -1.0" in w.text and "outlier's pull -50.0" in w.text
    w.set(outlier=900.0)
    assert "outlier's pull -1.0" in w.text and "outlier's pull -50.0" in w.text  # capped however far it goes


def test_robust_widget_warm_start_gives_the_cold_fit():
    w = lb.widgets.robust_fits(outlier=600.0, delta=50.0)
    for value in (700.0, 300.0, 950.0):
        w.controls["outlier"].value = value
    for value in (20.0, 150.0):
        w.controls["delta"].value = value
    cold = lb.widgets.robust_fits(outlier=950.0, delta=150.0)
    assert w.text == cold.text


def test_robust_regression_exercise_numbers():
    ex = lb.exercises.robust_regression
    assert ex.mae_line_shift.answer == pytest.approx(0.0, abs=1e-9)
    assert 20.0 < ex.mse_line_shift_guess.truth < 60.0
    assert ex.huber_gradient.answer == pytest.approx(float(lb.huber_grad(0.0, 3.0, delta=1.0)))
