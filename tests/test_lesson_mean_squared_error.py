"""Lesson 1.2, notebooks/week1/02-mean-squared-error.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/mean_squared_error.py (tests/test_plots.py, test_widgets.py and test_exercises.py
cover every lesson alike).
"""

import numpy as np
import pytest

import lossbook as lb


def test_mse_fit_readout_matches_the_numerics():
    from lossbook.datasets import house_prices
    from lossbook.fitting import least_squares_line

    w = lb.widgets.mse_fit(slope=2.0, intercept=40.0, outlier=220.0)
    size, price = house_prices(n=10, seed=0, outlier=220.0)
    mse = lb.mse(price, 2.0 * size + 40.0)
    assert f"MSE = {mse:,.0f} ($k)²" in w.text
    b, a = least_squares_line(size, price)
    assert f"price = {b:.2f} × size + {a:.0f} ($k)" in w.text.splitlines()[1]


def test_mse_fit_squares_are_square_on_screen_and_have_the_residual_as_side():
    w = lb.widgets.mse_fit(slope=1.0, intercept=100.0)
    plot = w.plot
    w.png  # noqa: B018 - the layout is fixed before the first draw; rendering must not move the axes
    to_px = plot.ax.transData.transform
    fitted = 1.0 * plot.size + 100.0
    for verts, r in zip(plot.squares.get_paths(), plot.price - fitted):
        corners = to_px(verts.vertices[:4])
        width = abs(corners[1, 0] - corners[0, 0])
        height = abs(corners[2, 1] - corners[1, 1])
        assert width == pytest.approx(height, rel=1e-6, abs=1e-6)
        assert abs(verts.vertices[2, 1] - verts.vertices[1, 1]) == pytest.approx(abs(r))


def test_mse_fit_outlier_moves_the_best_line_and_only_the_outlier_refits(monkeypatch):
    import lossbook.widgets.mean_squared_error as module

    w = lb.widgets.mse_fit(outlier=220.0)
    best_before = w.plot.best.get_ydata().copy()
    calls = []
    original = module.least_squares_line
    monkeypatch.setattr(module, "least_squares_line", lambda x, y: calls.append(1) or original(x, y))
    w.controls["slope"].value = 2.5
    w.controls["intercept"].value = 60.0
    assert calls == [], "moving your line must not refit the least-squares line"
    w.controls["outlier"].value = 650.0
    assert calls == [1]
    assert not np.allclose(w.plot.best.get_ydata(), best_before)
    assert "the 70 m² flat you can move: 650 $k" in w.text


def test_mse_by_hand_is_lossbooks_mse_and_catches_the_skipped_zero():
    from lossbook.exercises import mean_squared_error as exercises

    misses = exercises.MISSES
    assert np.any(misses == 0.0), "one house is priced exactly"
    assert exercises.mse_by_hand.good_answer() == pytest.approx(lb.mse(np.zeros(misses.size), misses))
    assert exercises.mse_by_hand.evaluate(np.sum(misses**2) / 3).misconception == "skipped_zero"


def test_mse_fit_squares_are_outlined_so_overlaps_stay_readable():
    w = lb.widgets.mse_fit(outlier=650.0)
    face = w.plot.squares.get_facecolor()[0]
    assert face[3] < 0.3, "a light fill: an overlap shows as a darker patch"
    assert w.plot.squares.get_linewidth()[0] >= 1.0


def test_the_flat_is_hollow_so_the_house_under_it_shows():
    w = lb.widgets.mse_fit()
    assert w.plot.outlier.get_markerfacecolor() == "none"
