"""Lesson 1.6, notebooks/week1/06-the-training-loop.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/the_training_loop.py (tests/test_plots.py, test_widgets.py and test_exercises.py
cover every lesson alike).
"""

import numpy as np
import pytest

import lossbook as lb


def test_training_loop_widget_replays_the_cached_run(monkeypatch):
    import importlib

    # the module itself (the package re-exports a function of the same name); importing it also works when this
    # test runs alone, before anything else has loaded lossbook.widgets
    module = importlib.import_module("lossbook.widgets.the_training_loop")
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
    # dL/dw is X.T @ dz for two dog photos: the same number lossbook's gradient gives, through the chain rule
    X, z = np.array([[0.4], [2.0]]), np.log(np.array([0.7, 0.2]) / np.array([0.3, 0.8]))
    dz = lb.binary_cross_entropy_with_logits_grad(np.zeros(2), z)
    assert ex.weight_slope.answer == pytest.approx(float((X.T @ dz)[0]))
    assert abs(X[1, 0] * dz[1]) > abs(X[0, 0] * dz[0])   # the smaller mistake moves w more (bigger feature)


def test_the_divergence_paragraph_holds():
    """Section 5: at learning rate 1.2 the line fit diverges after a first dip; at 0.9 it settles; the edge is exactly
    1 (2 over the loss's largest curvature, 2 along the intercept); momentum 0.9 settles at 1.2."""
    from lossbook.fitting import RULES, line_mse, line_mse_grad, run_training
    from lossbook.widgets.training import toy_line

    x, y = toy_line()  # the widget's built-in problem, from its default start
    loss_fn, grad_fn, params0 = (lambda p: line_mse(p, x, y)), (lambda p: line_mse_grad(p, x, y)), (0.0, 0.5)
    final = {lr: run_training(loss_fn, grad_fn, params0, lr=lr, steps=30, update=RULES["gradient descent"])[-1]
             for lr in (0.9, 0.98, 1.1, 1.2)}
    start = run_training(loss_fn, grad_fn, params0, lr=0.9, steps=0, update=RULES["gradient descent"])[0]
    assert final[0.9] < 0.1 * start and final[0.98] < start
    assert final[1.1] > 100 * start and final[1.2] > 1e6 * start
    first = run_training(loss_fn, grad_fn, params0, lr=1.2, steps=3, update=RULES["gradient descent"])
    assert first[1] < first[0] < first[2] < first[3]            # a first dip, then each step overshoots further
    n = len(x)
    hessian = 2 / n * np.array([[np.sum(x * x), np.sum(x)], [np.sum(x), n]])
    assert 2 / np.linalg.eigvalsh(hessian).max() == pytest.approx(1.0)
    at_edge = run_training(loss_fn, grad_fn, params0, lr=1.0, steps=200, update=RULES["gradient descent"])
    assert np.isfinite(at_edge).all() and at_edge[-1] == pytest.approx(at_edge[-2], rel=1e-6) and at_edge[-1] > 1.0
    assert run_training(loss_fn, grad_fn, params0, lr=1.2, steps=30, update=RULES["momentum 0.9"])[-1] < 0.1 * start


def test_training_curve_box_keeps_off_the_curve_and_the_end_marker_shows_whole():
    w = lb.widgets.training_curve(lr=1.2, steps=30, max_steps=30)   # the lesson's first frame: a rising curve
    plot = w.plot
    assert plot.ax.get_xlim()[1] > 30 and not plot.last.get_clip_on()

    def box_clear_of_curve():
        plot.png()
        box = plot.label.get_window_extent(plot.fig.canvas.get_renderer())
        xy = plot.ax.transData.transform(np.column_stack(plot.curve.get_data()))
        return not any(box.contains(x, y) for x, y in xy)

    assert plot.label.get_verticalalignment() == "bottom" and box_clear_of_curve()   # the end is high: box low
    w.set(lr=0.5)                                                                      # falling: the box goes up
    assert plot.label.get_verticalalignment() == "top" and box_clear_of_curve()


def test_cat_side_is_the_part_of_the_box_where_the_model_says_cat():
    from lossbook.plots.the_training_loop import cat_side

    box = ((-1.0, 1.0), (-1.0, 1.0))
    corners = cat_side([1.0, 0.0], -0.5, *box)  # cat where x1 > 0.5: the strip from 0.5 to 1
    assert sorted(map(tuple, corners.round(12))) == [(0.5, -1.0), (0.5, 1.0), (1.0, -1.0), (1.0, 1.0)]
    assert cat_side([1.0, 0.0], -5.0, *box).shape == (0, 2)  # the boundary lies beyond the box: no cat side in it
    assert len(cat_side([0.0, 1.0], 5.0, *box)) == 4  # the whole box is cat
    from lossbook.widgets.the_training_loop import LOOP_DATA, LOOP_START

    w = lb.widgets.training_loop(lr=0.5, steps=20)
    inside = w.plot.cat_area.get_xy().mean(axis=0)  # inside the tinted area (the mean of a convex polygon's corners)
    history = lb.models.train_logistic(*lb.datasets.two_blobs(**LOOP_DATA), lr=0.5, steps=20, **LOOP_START)
    assert float(history.w[20] @ inside + history.b[20]) > 0  # the model says cat there


def test_training_loop_plot_shows_a_cat_under_a_dog():
    # the one cat inside the dog cloud sits almost on a dog: dogs are hollow and drawn over the filled cats
    w = lb.widgets.training_loop(lr=0.5, steps=20)
    cats, dogs = (line for line in w.plot.ax.lines if line.get_label() in ("cat (y = 1)", "dog (y = 0)"))
    assert cats.get_label() == "cat (y = 1)" and dogs.get_label() == "dog (y = 0)"
    assert dogs.get_markerfacecolor() == "none" and dogs.get_zorder() > cats.get_zorder()


def test_weight_slope_hints_leave_the_arithmetic_to_the_learner():
    ex = lb.exercises.the_training_loop.weight_slope
    hints = " ".join(ex.hints)
    assert "0.35" not in hints and "0.1." not in hints and "0.34" not in hints
