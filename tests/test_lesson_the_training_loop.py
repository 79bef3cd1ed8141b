"""Lesson 1.6, notebooks/week1/06-the-training-loop.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/the_training_loop.py (tests/test_plots.py, test_widgets.py and test_exercises.py
cover every lesson alike).
"""

import numpy as np
import pytest

import lossbook as lb


def test_training_loop_widget_replays_the_cached_run(monkeypatch):
    import sys

    module = sys.modules["lossbook.widgets.the_training_loop"]  # the package re-exports a function of the same name
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
    from lossbook.plots.the_training_loop import boundary_points

    for w, b in [((1.0, -2.0), 1.0), ((3.0, 0.1), -0.5), ((0.0, 1.0), 0.2)]:
        xs, ys = boundary_points(w, b, (-3, 3), (-3, 3))
        np.testing.assert_allclose(w[0] * np.array(xs) + w[1] * np.array(ys) + b, 0.0, atol=1e-9)
    assert boundary_points((0.0, 0.0), 1.0, (-3, 3), (-3, 3)) == ([], [])


def test_training_loop_exercise_numbers():
    ex = lb.exercises.the_training_loop
    assert ex.slope_ratio_guess.truth == pytest.approx(0.7 / 0.05)
    p = float(lb.sigmoid(1.0))
    assert ex.one_update.answer == pytest.approx(0.5 - 0.1 * (p - 1) * 2)


def test_the_divergence_paragraph_holds():
    """Section 5: at learning rate 1.2 the line fit diverges; at 0.9 it settles; the edge lies close to 1."""
    from lossbook.fitting import RULES, line_mse, line_mse_grad, run_training
    from lossbook.widgets.training import toy_line

    x, y = toy_line()  # the widget's built-in problem, from its default start
    loss_fn, grad_fn, params0 = (lambda p: line_mse(p, x, y)), (lambda p: line_mse_grad(p, x, y)), (0.0, 0.5)
    final = {lr: run_training(loss_fn, grad_fn, params0, lr=lr, steps=30, update=RULES["gradient descent"])[-1]
             for lr in (0.9, 0.98, 1.1, 1.2)}
    start = run_training(loss_fn, grad_fn, params0, lr=0.9, steps=0, update=RULES["gradient descent"])[0]
    assert final[0.9] < 0.1 * start and final[0.98] < start
    assert final[1.1] > 100 * start and final[1.2] > 1e6 * start
