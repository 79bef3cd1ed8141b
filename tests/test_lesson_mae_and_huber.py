"""Lesson 2.1, notebooks/week2/01-mae-and-huber.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/mae_and_huber.py (tests/test_plots.py, test_widgets.py and test_exercises.py
cover every lesson alike).
"""

import pytest

import lossbook as lb
from lossbook.datasets import house_prices
from lossbook.fitting import fit_line


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
    ex = lb.exercises.mae_and_huber
    assert ex.mae_line_shift.answer == pytest.approx(0.0, abs=1e-9)
    assert 20.0 < ex.mse_line_shift_guess.truth < 60.0
    # new numbers, not the lesson's delta = 1 table: the capped pull, with its sign
    assert ex.huber_gradient.answer == pytest.approx(float(lb.huber_grad(0.0, -5.0, delta=2.0)))
    assert ex.huber_gradient.evaluate(-5.0).misconception == "no_clip"
    assert ex.huber_gradient.evaluate(2.0).misconception == "slope_sign"
