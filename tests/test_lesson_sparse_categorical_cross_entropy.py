"""Lesson 2.2, notebooks/week2/02-sparse-categorical-cross-entropy.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/sparse_categorical_cross_entropy.py (tests/test_plots.py, test_widgets.py and
test_exercises.py cover every lesson alike).
"""

import numpy as np

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
    fb = ex.evaluate(lambda labels, p: float(np.mean(-np.sum(np.log(np.clip(p, 1e-12, 1)), axis=-1))))
    assert fb.misconception == "whole_row"
