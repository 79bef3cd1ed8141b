"""Lesson 2.2, notebooks/week2/02-sparse-categorical-cross-entropy.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/sparse_categorical_cross_entropy.py (tests/test_plots.py, test_widgets.py and
test_exercises.py cover every lesson alike).
"""

import numpy as np
import pytest

import lossbook as lb


def test_label_smoothing_widget_readout():
    w = lb.widgets.label_smoothing(label_smoothing=0.1, gap=3.0)
    assert "target 0.910 for the true digit, 0.010 for each other digit" in w.text
    assert "lowest loss at gap 4.51" in w.text
    w.set(eps=0.0)
    assert "no smoothing: the loss keeps falling" in w.text
    assert not w.plot.best.get_visible()
    w.set(gap=12.0)
    assert "loss = 0.000" in w.text


def test_sparse_ce_exercise_recognises_the_whole_row_slip():
    ex = lb.exercises.sparse_categorical_cross_entropy.sparse_function
    fb = ex.evaluate(lambda labels, p: -np.sum(np.log(np.clip(p, 1e-12, 1)), axis=-1))
    assert fb.misconception == "whole_row"


def test_sparse_ce_exercise_wants_one_loss_per_row_and_a_finite_p0_row():
    ex = lb.exercises.sparse_categorical_cross_entropy.sparse_function

    def rows(labels, p, floor=1e-7):  # another floor than the reference's: any finite answer at p = 0 passes
        return -np.log(np.maximum(p[np.arange(len(labels)), labels], floor))

    assert ex.evaluate(rows).status == "correct"
    assert ex.evaluate(lambda labels, p: float(np.mean(rows(labels, p, 1e-12)))).misconception == "mean_not_rows"
    assert ex.evaluate(lambda labels, p: rows(labels, p, floor=0.0)).status != "correct"


def test_smoothing_exercise_applies_the_formula_backwards():
    ex = lb.exercises.sparse_categorical_cross_entropy.smoothing_target
    eps = float(ex.answer)
    # with that epsilon, lossbook's own smoothing targets 0.9 on the true class: the loss is lowest at p(true) = 0.9
    grid = np.linspace(0.0, 10.0, 100_001)
    logits = np.zeros((grid.size, 10))
    logits[:, 3] = grid
    loss = lb.sparse_categorical_cross_entropy_with_logits(np.full(grid.size, 3), logits, label_smoothing=eps,
                                                           reduction="none")
    assert lb.softmax(logits[np.argmin(loss)])[3] == pytest.approx(0.9, abs=1e-4)
    assert ex.evaluate(0.1).misconception == "forgot_own_share"


def test_label_smoothing_names_the_other_classes_target():
    w = lb.widgets.label_smoothing(label_smoothing=0.2)
    assert w.plot.others_text.get_text().endswith(f"{0.2 / 10:.3f}")


def test_label_smoothing_keeps_the_whole_curve_and_the_dot_in_view():
    w = lb.widgets.label_smoothing(label_smoothing=0.5, gap=12.0)
    top = w.plot.ax.get_ylim()[1]
    curve = w.plot.curve.get_ydata()
    assert curve.max() <= top  # the loss axis grew to hold the curve
    logits = np.r_[np.zeros(7), 12.0, np.zeros(2)]  # the 7 twelve above the other nine digits
    loss = lb.sparse_categorical_cross_entropy_with_logits(7, logits, label_smoothing=0.5)
    assert w.plot.point.get_ydata()[0] == pytest.approx(loss)  # the dot sits on its loss, not clamped at the top
    w.controls["eps"].value = 0.1
    assert w.plot.ax.get_ylim()[1] == pytest.approx(2.6)  # and shrinks back


def test_label_smoothing_legends_sit_above_the_axes():
    w = lb.widgets.label_smoothing(label_smoothing=0.01)  # lowest loss at gap 6.9, where the old legend sat
    w.plot.fig.canvas.draw()
    renderer = w.plot.fig.canvas.get_renderer()
    for ax in (w.plot.ax, w.plot.bax):
        legend = ax.get_legend().get_window_extent(renderer)
        assert legend.y0 >= ax.get_window_extent(renderer).y1 - 1


def test_label_smoothing_hides_the_lowest_loss_key_with_its_line():
    w = lb.widgets.label_smoothing(label_smoothing=0.0)
    texts = [t for t in w.plot.ax.get_legend().get_texts() if t.get_text() == "lowest loss"]
    assert len(texts) == 1 and not texts[0].get_visible()  # no line at smoothing 0, so no legend entry for it
    w.set(eps=0.1)
    assert w.plot.best.get_visible() and texts[0].get_visible()


def test_label_smoothing_dot_stays_whole_at_the_slider_ends():
    w = lb.widgets.label_smoothing(label_smoothing=0.0, gap=12.0)
    w.plot.fig.canvas.draw()
    renderer = w.plot.fig.canvas.get_renderer()
    box = w.plot.ax.get_window_extent(renderer)
    for gap in (0.0, 12.0):  # 12: the loss is 0.000, the bottom right corner
        w.set(gap=gap)
        x, y = w.plot.ax.transData.transform((gap, w.plot.point.get_ydata()[0]))
        radius = w.plot.point.get_markersize() / 72 * w.plot.fig.dpi / 2
        assert box.x0 + radius <= x <= box.x1 - radius and box.y0 + radius <= y
