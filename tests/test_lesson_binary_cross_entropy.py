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


@pytest.mark.parametrize("label", ["cat", "dog"])
def test_bce_widget_slope_marker_stays_on_the_curve_over_the_whole_slider(label):
    """The gradient axis holds every slope of p in [0.01, 0.99] (up to 100 in size): the marker is never pinned."""
    w = lb.widgets.bce_cat_dog(label=label)
    assert w.plot.gax.get_yscale() == "symlog"
    lo, hi = w.plot.gax.get_ylim()
    y = {"cat": 1, "dog": 0}[label]
    for p in (0.01, 0.05, 0.5, 0.95, 0.99):
        w.set(p=p)
        grad = lb.binary_cross_entropy_grad(y, p)
        assert lo < grad < hi
        assert w.plot.grad_point.get_ydata()[0] == pytest.approx(grad)


def test_confidence_plot_floor_sits_below_zero_so_a_tiny_loss_is_drawn_whole():
    plot = lb.plots.ConfidencePlot([0.99, 0.5])
    plot.png()
    bottom = plot.ax.get_ylim()[0]
    radius_px = plot.points.get_markersize() / 2 * plot.fig.dpi / 72
    to_px = plot.ax.transData.transform
    loss = lb.binary_cross_entropy(1, 0.99)
    assert to_px((0.99, loss))[1] - to_px((0.99, bottom))[1] > radius_px


def test_bce_slope_asks_for_a_point_the_slider_cannot_reach_and_names_the_cat_rule():
    ex = exercises.bce_slope
    assert ex.good_answer() == pytest.approx(lb.binary_cross_entropy_grad(0, 0.875))
    assert abs(0.875 * 100 - round(0.875 * 100)) > 0.1  # not on the slider's 0.01 grid
    assert ex.evaluate(-1 / 0.875).misconception == "cat_rule"
    assert ex.evaluate(-8.0).misconception == "wrong_sign"


def test_bce_function_first_hint_is_conceptual_not_the_code():
    first = exercises.bce_function.hints[0]
    assert "np.log" not in first and "np.mean" not in first


@pytest.mark.parametrize("label, p", [("cat", 0.01), ("dog", 0.99)])
def test_bce_widget_dots_are_drawn_whole_at_the_sliders_ends(label, p):
    """At p = 0.01 or 0.99 the slope is +-100: the dot sits a full radius inside the gradient axis's y-limits, and
    neither dot is clipped by the panels' left or right edge (p lies a few pixels from it)."""
    w = lb.widgets.bce_cat_dog(p=p, label=label)
    plot = w.plot
    plot.png()
    radius_px = plot.grad_point.get_markersize() / 2 * plot.fig.dpi / 72
    to_px = plot.gax.transData.transform
    lo, hi = plot.gax.get_ylim()
    grad = plot.grad_point.get_ydata()[0]
    assert abs(grad) == pytest.approx(100.0)
    y_px = to_px((p, grad))[1]
    assert min(y_px - to_px((p, lo))[1], to_px((p, hi))[1] - y_px) > radius_px
    for dot in (plot.point, plot.grad_point):
        assert not dot.get_clip_on()
