"""Lesson 1.5, notebooks/week1/05-why-not-mse-for-classification.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/why_not_mse_for_classification.py (tests/test_plots.py, test_widgets.py and
test_exercises.py cover every lesson alike).
"""

import numpy as np
import pytest

import lossbook as lb
from pngcheck import assert_figure
from lossbook import models
from lossbook.datasets import two_blobs


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
    assert_figure(plot.png(), plot.pixel_size)


def test_static_lesson_figures_render_with_stable_reprs():
    X, y = two_blobs(20, n_features=1, seed=0)
    runs = [models.train_logistic(X, y, lr=1.0, steps=10, loss=loss, w0=[-4.0]) for loss in models.LOSSES]
    curves = lb.plots.LearningCurvesPlot([(name, r.accuracy, r.loss) for name, r in zip("ab", runs)])
    assert repr(curves) == "Learning curves (accuracy and loss against step): a, b"
    ws, bs = np.linspace(-6, 6, 13), np.linspace(-4, 4, 9)
    maps = [models.logistic_loss_grid(X[:, 0], y, ws, bs, loss=loss) for loss in models.LOSSES]
    pair = lb.plots.LandscapePairPlot(ws, bs, *maps, paths=[(r.w[:, 0], r.b) for r in runs], start=(-4.0, 0.0))
    for plot in (curves, pair):
        assert_figure(plot.png(), plot.pixel_size)
        assert "0x" not in repr(plot)


def test_landscape_pair_keeps_its_legend_off_the_maps():
    X, y = two_blobs(20, n_features=1, seed=0)
    ws, bs = np.linspace(-6, 6, 13), np.linspace(-4, 4, 9)
    maps = [models.logistic_loss_grid(X[:, 0], y, ws, bs, loss=loss) for loss in models.LOSSES]
    run = models.train_logistic(X, y, lr=1.0, steps=10, w0=[-4.0])
    pair = lb.plots.LandscapePairPlot(ws, bs, *maps, paths=[(run.w[:, 0], run.b)] * 2, start=(-4.0, 0.0))
    pair.png()
    assert [ax.get_legend() for ax in pair.axes] == [None, None] and len(pair.fig.legends) == 1
    legend_box = pair.fig.legends[0].get_window_extent()
    for ax in pair.axes:
        assert not legend_box.overlaps(ax.get_window_extent())


def test_mse_steepest_logit_is_where_the_lessons_slope_peaks():
    ex = lb.exercises.why_not_mse_for_classification.mse_steepest_logit
    z = np.linspace(-3, 3, 60001)
    slope = models.mse_on_probability_grad_logit(np.ones_like(z), z, reduction="none")
    assert ex.answer == pytest.approx(z[np.argmax(np.abs(slope))], abs=1e-4)
    assert ex.evaluate(-0.69).correct and ex.evaluate(0.0).misconception == "sigmoid_peak"


def test_mse_steepest_logit_hints_lead_to_a_search_not_to_the_answer():
    ex = lb.exercises.why_not_mse_for_classification.mse_steepest_logit
    hints = " ".join(ex.hints)
    assert "1/3" not in hints and "0.69" not in hints and "argmax" in hints
    z = np.linspace(-3, 3, 6001)  # the grid hint 2 describes: steps of 0.001
    slope = models.mse_on_probability_grad_logit(np.ones_like(z), z, reduction="none")
    assert ex.evaluate(round(float(z[np.argmax(np.abs(slope))]), 2)).correct


def test_mse_slope_dog_is_the_models_slope_and_clear_of_a_rounding_edge():
    ex = lb.exercises.why_not_mse_for_classification.mse_slope_dog
    assert ex.answer == pytest.approx(models.mse_on_probability_grad_logit(0, 1.95), rel=1e-12)
    thousandths = float(ex.answer) * 1000
    assert abs(thousandths - np.floor(thousandths) - 0.5) > 0.25  # a third of a step from the edge
    assert ex.evaluate(round(thousandths) / 1000).correct and not ex.evaluate(np.floor(thousandths) / 1000).correct
