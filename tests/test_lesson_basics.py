"""What is special about the week-1 basics lessons' figures, widgets and exercises (01 what a loss is, 02 mean squared
error, 07 reading your loss). The generic widget and exercise tests cover registration, rendering and answers."""

import numpy as np
import pytest

import lossbook as lb
from lossbook.plots.what_is_a_loss import LOOP_STEPS, FlowDiagram

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# -- 01 what a loss is -----------------------------------------------------------------------------------------------
def test_flow_diagram_renders_and_describes_itself():
    d = FlowDiagram()
    assert d.png()[:8] == PNG_MAGIC
    text = repr(d)
    positions = [text.index(name) for name, _ in LOOP_STEPS]
    assert positions == sorted(positions), "the description lists the steps in order"
    assert "0x" not in text
    with pytest.raises(ValueError, match="highlight"):
        FlowDiagram(highlight="nope")


def test_scorecard_scores_and_says_better_or_worse():
    w = lb.widgets.scorecard(answer=20.0, prediction=24.0)
    assert "squared error = 16.00" in w.text and "absolute error = 4.00" in w.text
    assert "Move the prediction" in w.text
    w.controls["prediction"].value = 22.0
    assert "Better" in w.text and "from 16.00 to 4.00" in w.text
    w.controls["prediction"].value = 18.0
    assert "Same score" in w.text
    w.controls["prediction"].value = 12.0
    assert "Worse" in w.text and "squared error = 64.00" in w.text
    # the hollow dot marks the previous prediction on both panels
    assert list(w.plot.ghosts[0].get_xdata()) == [18.0] and w.plot.ghosts[1].get_visible()


def test_scorecard_rejects_a_prediction_off_the_scale():
    with pytest.raises(ValueError, match="within 10"):
        lb.widgets.scorecard(answer=20.0, prediction=35.0)


def test_loop_order_answer_is_the_loop_of_the_diagram():
    from lossbook.exercises.what_is_a_loss import STEPS, loop_order

    order = [STEPS[int(i)] for i in loop_order.answer]
    assert order == [name for name, _ in LOOP_STEPS]


# -- 02 mean squared error -------------------------------------------------------------------------------------------
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
    import lossbook.widgets.mse as module

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
    assert "a 70 m² flat at 650 $k" in w.text


# -- 07 reading your loss --------------------------------------------------------------------------------------------
def test_loss_check_verdicts():
    w = lb.widgets.loss_check(loss=0.5, task="binary")
    assert "ln 2 = 0.693" in w.text and "72% of that: better than guessing" in w.text
    w.set(task="classes", k=10, loss=2.5)
    assert "ln 10 = 2.303" in w.text and "no better than guessing" in w.text
    w.set(task="regression", variance=2.0, loss=0.5)
    assert "R² = 1 - MSE/variance = 0.75" in w.text
    assert list(w.plot.loss_point.get_ydata()) == [w.plot.rows["regression"]]


def test_loss_check_redraws_baselines_only_when_k_or_variance_move(monkeypatch):
    import lossbook.widgets.reading_loss as module

    w = lb.widgets.loss_check()
    calls = []
    original = module.baselines
    monkeypatch.setattr(module, "baselines", lambda k, v: calls.append((k, v)) or original(k, v))
    w.controls["loss"].value = 1.2
    w.controls["task"].value = "regression"
    assert calls == []
    w.controls["k"].value = 20
    assert calls == [(20, 2.0)]
    assert w.plot.good["classes"].get_width() == pytest.approx(np.log(20))


def test_baseline_plot_fixed_rows_cannot_move():
    from lossbook.plots.reading_loss import BaselinePlot

    plot = BaselinePlot(fixed={"binary": (0.7, "ln 2")})
    with pytest.raises(ValueError, match="fixed"):
        plot.set_baseline("binary", 1.0, "x")
    with pytest.raises(ValueError, match="fixed rows"):
        BaselinePlot(fixed={"nope": (1.0, "")})


def test_noise_floor_minimum_is_at_one_minus_noise_and_equals_the_entropy():
    w = lb.widgets.noise_floor(noise=0.2, confidence=0.8)
    h = -(0.2 * np.log(0.2) + 0.8 * np.log(0.8))
    assert f"Floor (the best possible, at confidence 0.80) = {h:.3f}" in w.text
    assert "you are 0.000 above it" in w.text
    x, y = w.plot.curve.get_data()
    assert x[np.argmin(y)] == pytest.approx(0.8, abs=2e-3)
    w.controls["confidence"].value = 0.99
    assert "you are 0.000 above it" not in w.text


def test_comparison_table_rows_and_both_renderings():
    table = lb.plots.comparison_table()
    text = repr(table)
    for name in ("MSE", "Binary cross-entropy", "Categorical cross-entropy"):
        assert name in text and name in table._repr_html_()
    assert text.count("0 to ∞") == 3
    assert [row[1] for row in table.rows] == ["regression", "classification", "classification"]
    with pytest.raises(ValueError, match="every row"):
        lb.plots.Table(["a", "b"], [["only one"]])
