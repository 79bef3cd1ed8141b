"""Lesson 1.7, notebooks/week1/07-reading-your-loss.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/reading_your_loss.py (tests/test_plots.py, test_widgets.py and test_exercises.py
cover every lesson alike).
"""

import numpy as np
import pytest

import lossbook as lb


def test_loss_check_verdicts():
    w = lb.widgets.loss_check(loss=0.5, task="binary")
    assert "ln 2 = 0.693" in w.text and "72% of that: better than guessing" in w.text
    w.set(task="classes", k=10, loss=2.5)
    assert "ln 10 = 2.303" in w.text and "worse than guessing" in w.text
    w.set(task="regression", variance=2.0, loss=0.5)
    assert "R² = 1 - MSE/variance = 0.75" in w.text
    w.set(task="regression", variance=0.5, loss=0.5)  # the loss equals the baseline: R² = 0.00 is no gain
    assert "R² = 1 - MSE/variance = 0.00: the same as guessing" in w.text and "better" not in w.text
    w.set(task="regression", variance=0.5, loss=0.499)  # below the baseline, but not by as much as R² shows
    assert "R² = 1 - MSE/variance = 0.00: the same as guessing" in w.text
    assert list(w.plot.loss_point.get_ydata()) == [w.plot.rows["regression"]]


def test_loss_check_redraws_baselines_only_when_k_or_variance_move(monkeypatch):
    import lossbook.widgets.reading_your_loss as module

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
    from lossbook.plots.reading_your_loss import BaselinePlot

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


def test_noise_floor_keeps_curve_and_point_in_view_over_the_sliders_whole_range():
    w = lb.widgets.noise_floor()
    worst = lb.binary_cross_entropy(1 - 0.4, 0.999)   # the sliders' far corner: most noise, most confidence
    assert worst > 2.0  # the curve's height varies a lot with the noise: one fixed axis would squash small noises
    for noise in (0.0, 0.1, 0.11, 0.12, 0.2, 0.3, 0.4):
        for confidence in (0.5, 0.9, 0.999):
            w.set(noise=noise, confidence=confidence)
            top = w.plot.ax.get_ylim()[1]
            highest = np.max(w.plot.curve.get_ydata())
            assert highest < top and w.plot.point.get_ydata()[0] < top and not w.plot.point.get_clip_on()
            assert highest > 0.5 * top, (noise, highest, top)  # the curve fills most of the axis, not its bottom
            assert w.plot.point.get_ydata()[0] == pytest.approx(lb.binary_cross_entropy(1 - noise, confidence))
    w.set(noise=0.4, confidence=0.999)
    assert w.plot.ax.get_ylim()[1] > worst


def test_loss_check_labels_keep_clear_of_the_loss_line_and_bars_keep_their_colour():
    w = lb.widgets.loss_check()
    plot = w.plot
    renderer = plot.fig.canvas.get_renderer()
    for loss in (0.0, 0.5, 0.69, 1.2, 2.0, 2.3, 4.0, 5.0):
        for task in ("binary", "classes", "regression"):
            w.set(loss=loss, task=task)
            plot.png()
            x_px = plot.ax.transData.transform((min(loss, 5.0), 0))[0]
            for key, mark in plot.marks.items():
                box = mark.get_window_extent(renderer)
                assert not box.x0 - 1 <= x_px <= box.x1 + 1, (loss, task, key, mark.get_text())
                assert box.x0 >= plot.ax.bbox.x0 - 1 and box.x1 <= plot.ax.bbox.x1 + 1
            # the highlight frames the chosen row above and below its bar, never over it
            bar = plot.good[task]
            for strip in plot.highlight:
                lo, hi = strip.get_y(), strip.get_y() + strip.get_height()
                assert hi <= bar.get_y() + 1e-9 or lo >= bar.get_y() + bar.get_height() - 1e-9


def test_exercise_one_judges_a_loss_against_a_baseline_the_lesson_never_prints():
    from lossbook.exercises import reading_your_loss as ex

    assert ex.below_baseline.truth == pytest.approx(np.log(1000) - 6.5)  # 0.408: below, so it learned a little
    assert ex.below_baseline.evaluate(np.log10(1000) - 6.5).misconception == "log10"
    assert "e^0.41 = 1.5 times" in ex.below_baseline.why and np.exp(np.log(1000) - 6.5) == pytest.approx(1.5, abs=0.01)


def test_which_loss_has_six_tasks_and_names_each_trap():
    from lossbook.exercises import reading_your_loss as ex

    assert len(ex.TASKS) == 6 and ex.which_loss.evaluate([0, 1, 0, 1, 0, 1]).correct
    assert ex.which_loss.evaluate([0, 1, 0, 1, 0, 0]).misconception == "chance_is_a_number"
    assert ex.which_loss.evaluate([0, 1, 0, 0, 0, 1]).misconception == "digits_are_numbers"
    assert not ex.which_loss.evaluate([0, 1, 0, 1, 0]).correct
    # the second hint names one case only: it must not hand over the whole list
    assert "rain" not in ex.which_loss.hints[1] and "age" not in ex.which_loss.hints[1]


def test_r_squared_exercise_leaves_the_formula_to_the_learner():
    ex = lb.exercises.reading_your_loss.variance_explained
    assert "1 - MSE / variance" not in ex.prompt and "R²" in ex.prompt
    assert "2.5 / 2.0" not in ex.hints[0] and "-0.25" not in " ".join(ex.hints)


def test_binary_baseline_label_keeps_clear_of_the_loss_line():
    w = lb.widgets.loss_check(loss=0.5)
    fig = w.plot.fig
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    label = w.plot.marks["binary"].get_bbox_patch().get_window_extent(renderer)
    line = w.plot.loss_line.get_window_extent(renderer)
    assert label.x0 - line.x1 > 8  # pixels of white between the line and the label's white box (4.6 at the old gap)
