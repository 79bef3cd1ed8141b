"""Lesson 2.1, notebooks/week2/01-mae-and-huber.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/mae_and_huber.py (tests/test_plots.py, test_widgets.py and test_exercises.py
cover every lesson alike).
"""

import numpy as np
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
    # the outlier going down to 150 $k crosses the MAE line, so the line moves (down), but by far less than the MSE
    # line, and going further down (100 $k) moves it no more
    fits = {o: lb.fitting.fit_line(*house_prices(10, seed=0, outlier=o), loss="mae") for o in (600.0, 150.0, 100.0)}
    at70 = {o: s * 70 + c for o, (s, c) in fits.items()}
    assert 600.0 > at70[600.0] and 150.0 < at70[150.0]
    assert ex.mae_line_shift.answer == pytest.approx(at70[150.0] - at70[600.0], abs=1e-9)
    assert -20.0 < ex.mae_line_shift.answer < -5.0
    assert at70[100.0] == pytest.approx(at70[150.0], abs=1e-9)
    assert ex.mae_line_shift.evaluate(0).misconception == "never_moves"
    assert ex.mae_line_shift.evaluate(round(-ex.mae_line_shift.answer)).misconception == "sign"
    assert 20.0 < ex.mse_line_shift_guess.truth < 60.0
    # new numbers, not the lesson's delta = 1 table: the capped pull, with its sign
    assert ex.huber_gradient.answer == pytest.approx(float(lb.huber_grad(0.0, -5.0, delta=2.0)))
    assert ex.huber_gradient.evaluate(-5.0).misconception == "no_clip"
    assert ex.huber_gradient.evaluate(2.0).misconception == "slope_sign"


def test_mae_gradient_panel_has_no_segment_through_the_jump():
    plot = lb.widgets.robust_fits().plot
    r, g = plot.grad_curves["mae"].get_data()
    g = np.asarray(g, dtype=float)
    assert np.all(np.isnan(g[np.asarray(r) == 0.0]))  # the line breaks at r = 0 ...
    assert set(np.unique(g[~np.isnan(g)])) == {-1.0, 1.0}  # ... and never draws a value between -1 and 1
