"""Lesson 1.3, notebooks/week1/03-binary-cross-entropy.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/binary_cross_entropy.py (tests/test_plots.py, test_widgets.py and
test_exercises.py cover every lesson alike).
"""

import numpy as np
import pytest

import lossbook as lb
from pngcheck import assert_figure
from lossbook.exercises import binary_cross_entropy as exercises


@pytest.mark.parametrize("p, expected", [(0.8, 0.2231), (0.2, 1.6094), (0.9, 0.1054)])
def test_newsletter_bce_numbers(p, expected):
    assert round(lb.binary_cross_entropy(1, p), 4) == expected


def test_logit_40_story():
    """sigmoid(40) is exactly 1.0; the probability form caps at 100; the logits form gives 40."""
    p = lb.sigmoid(40.0)
    assert p == 1.0
    assert lb.binary_cross_entropy(0, p) == 100.0
    assert lb.binary_cross_entropy_with_logits(0, 40.0) == 40.0


def test_confidence_plot_repr_is_stable_and_validates():
    plot = lb.plots.ConfidencePlot([0.9, 0.1])
    assert repr(plot) == "Binary cross-entropy -ln p for a cat (y = 1), marked at p = 0.9, 0.1"
    assert_figure(plot.png(), plot.pixel_size)
    for bad in ([0.0, 0.5], [1.0], [], [[0.5]]):
        with pytest.raises(ValueError, match="ps must be"):
            lb.plots.ConfidencePlot(bad)


def test_bce_widget_readout_shows_loss_and_slope():
    w = lb.widgets.bce_cat_dog(p=0.8, label="cat")
    assert w.text == "cat (y = 1), p = 0.80: loss = 0.223, gradient dL/dp = -1.250 (-1/p = -1/0.80)"
    w.set(p=0.2)
    assert "loss = 1.609" in w.text and "gradient dL/dp = -5.000" in w.text
    w.set(label="dog")
    assert w.text.startswith("dog (y = 0), p = 0.20: loss = 0.223, gradient dL/dp = 1.250")


def test_bce_widget_label_swaps_precomputed_curves():
    w = lb.widgets.bce_cat_dog(label="dog")
    x, loss = w.plot.curve.get_data()
    assert np.allclose(loss, -np.log(1 - x))
    w.set(label="cat")
    x, grad = w.plot.grad_curve.get_data()
    assert np.allclose(grad, -1 / x)
    with pytest.raises(ValueError, match="cat' or 'dog"):
        lb.widgets.bce_cat_dog(label=1)


def test_bce_dog_names_the_cat_term():
    assert exercises.bce_dog.evaluate(-np.log(0.3)).misconception == "cat_term"


def test_bce_guess_names_log10():
    assert exercises.bce_guess.evaluate(0.699).misconception == "log10"


def test_bce_function_needs_a_clip():
    def no_clip(y, p):
        return np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)))

    assert exercises.bce_function.evaluate(no_clip).misconception == "missing_clip"
