"""Lesson 0, Start here (notebooks/00-start-here.ipynb): what is special about its own pieces.

- lossbook/exercises/start_here.py

Its slider is the shared ``loss_curve`` (tests/test_widgets.py). The generic exercise tests (tests/test_exercises.py)
already check that every exercise accepts its good answer and names its misconceptions; these check that the start
page's answers are the package's own numbers, so the first lesson and lossbook cannot disagree.
"""

import numpy as np
import pytest

import lossbook as lb
from lossbook.exercises import start_here as exercises


def test_squared_error_is_lossbooks_mse_of_one_house():
    assert exercises.squared_error.good_answer() == pytest.approx(lb.mse([250_000.0], [260_000.0]))
    assert exercises.squared_error.evaluate(10_000).misconception == "not_squared"
    # the notebook demonstrates the "doubled" slip: its message must not give the answer away
    doubled = exercises.squared_error.evaluate(20_000)
    assert doubled.misconception == "doubled"
    assert "100,000,000" not in str(doubled) and "10,000 x 10,000" not in str(doubled)


def test_mean_squared_error_is_lossbooks_mse_and_names_the_missing_square():
    misses = np.array([1.0, -2.0, 3.0])
    assert exercises.mean_squared_error.good_answer() == pytest.approx(lb.mse(np.zeros(3), misses))
    assert exercises.mean_squared_error.evaluate(np.mean(misses)).misconception == "forgot_square"
    assert exercises.mean_squared_error.evaluate(lb.mae(np.zeros(3), misses)).misconception == "mae"


def test_mse_function_reference_agrees_with_lossbook_on_every_case():
    ex = exercises.mse_function
    for case in ex.cases:
        assert ex.reference(*case.args) == pytest.approx(lb.mse(*case.args), rel=1e-12)
    assert ex.evaluate(lambda y_true, y_pred: lb.mse(y_true, y_pred)).correct


def test_guess_truth_is_the_ratio_of_two_squared_errors():
    ratio = lb.mse([0.0], [25_000.0]) / lb.mse([0.0], [10_000.0])
    assert exercises.squared_error_guess.truth == pytest.approx(ratio)
    assert exercises.squared_error_guess.evaluate(2.5).misconception == "linear"
    lo, hi, step = exercises.squared_error_guess.lo, exercises.squared_error_guess.hi, exercises.squared_error_guess.step
    assert lo <= ratio <= hi and ((ratio - lo) / step) == pytest.approx(round((ratio - lo) / step))  # on the slider


def test_loss_curve_marks_the_target_and_moves_the_mark_without_new_artists():
    """The dashed target line sits at the target y, where the curve touches 0, and follows the target slider."""
    w = lb.widgets.loss_curve(loss="mse", target=0.0, prediction=1.5)
    marks = [a for a in w.plot.ax.lines if a.get_linestyle() == "--" and a.get_color() == "black"]
    assert len(marks) == 1
    (mark,) = marks
    names = [t for t in w.plot.ax.texts if t.get_text().strip() == "target y"]
    assert len(names) == 1
    count = len(w.plot.ax.get_children())
    for y in [-2.0, 1.25, 2.0]:
        w.set(y=y, y_hat=-4.0)
        assert list(mark.get_xdata()) == [y, y] and names[0].get_position()[0] == y
        curve_x, curve_y = w.plot.curve.get_data()
        assert curve_x[np.argmin(curve_y)] == pytest.approx(y, abs=0.026)  # the curve's lowest point is at the mark
    w.set(loss="mae")
    assert list(mark.get_xdata()) == [2.0, 2.0]
    assert len(w.plot.ax.get_children()) == count
