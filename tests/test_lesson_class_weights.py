"""Lesson 3.5, notebooks/week3/05-class-weights.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/class_weights.py and lossbook.models.fit_bias (tests/test_plots.py,
test_widgets.py and test_exercises.py cover every lesson alike).
"""

import numpy as np
import pytest

import lossbook as lb
from lossbook.models import fit_bias

BCE_GRAD = lb.binary_cross_entropy_with_logits_grad


def _data():
    y, p = lb.datasets.focal_data()
    return y, p, np.log(p / (1 - p))


def test_fit_bias_matches_the_closed_forms_of_a_constant_model():
    # All logits 0, k positives in n: cross-entropy's best constant is the rate k/n; pos_weight w counts each
    # positive w times, so the best probability is w*k / (w*k + n - k) (solved by hand from w*k*(1-q) = (n-k)*q).
    y, z = np.array([1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]), np.zeros(7)
    assert lb.sigmoid(fit_bias(BCE_GRAD, y, z)) == pytest.approx(2 / 7, abs=1e-12)
    assert lb.sigmoid(fit_bias(BCE_GRAD, y, z, pos_weight=5.0)) == pytest.approx(10 / 15, abs=1e-12)
    # the result is a minimum: the loss is higher a little to each side
    b = fit_bias(BCE_GRAD, y, z, pos_weight=5.0)
    loss = [lb.binary_cross_entropy_with_logits(y, z + b + d, pos_weight=5.0) for d in (-1e-3, 0.0, 1e-3)]
    assert loss[1] < loss[0] and loss[1] < loss[2]


def test_cross_entropy_keeps_the_mean_probability_and_weights_inflate_it():
    y, _, z = _data()
    q1 = lb.sigmoid(z + fit_bias(BCE_GRAD, y, z))
    assert q1.mean() == pytest.approx(y.mean(), rel=1e-9)   # the slope sum(q - y) is zero at the best bias
    q10 = lb.sigmoid(z + fit_bias(BCE_GRAD, y, z, pos_weight=10.0))
    assert q10.mean() > 5 * y.mean()
    # the weighted model at 0.5 flags what the plain model flags at a lower threshold
    b1, b10 = fit_bias(BCE_GRAD, y, z), fit_bias(BCE_GRAD, y, z, pos_weight=10.0)
    assert np.array_equal(q10 > 0.5, q1 > lb.sigmoid(b1 - b10)) and lb.sigmoid(b1 - b10) < 0.5


def test_fit_bias_rejects_bad_input():
    y, z = np.array([1.0, 0.0]), np.zeros(2)
    with pytest.raises(TypeError, match="grad must be a gradient function"):
        fit_bias("bce", y, z)
    with pytest.raises(ValueError, match="lo < hi"):
        fit_bias(BCE_GRAD, y, z, lo=1.0, hi=-1.0)
    with pytest.raises(ValueError, match="widen"):
        fit_bias(BCE_GRAD, y, z, lo=1.0, hi=2.0)


def test_two_class_weights_are_pos_weight():
    y, _, z = _data()
    labels = y.astype(int)
    row = lb.sparse_categorical_cross_entropy_with_logits(labels, np.stack([0 * z, z], axis=1), reduction="none")
    assert (np.array([1.0, 7.0])[labels] * row).mean() == pytest.approx(
        lb.binary_cross_entropy_with_logits(y, z, pos_weight=7.0), rel=1e-12)


def test_widget_readout_and_bars_match_the_numerics():
    y, p, z = _data()
    w = lb.widgets.class_weight_shares(pos_weight=99.0)
    loss = lb.binary_cross_entropy_with_logits(y, z, pos_weight=99.0, reduction="none")
    share = loss[y == 1].sum() / loss.sum()
    assert f"positives {100 * share:.1f}%" in w.text
    assert w.plot.bars[2].get_height() == pytest.approx(100 * share)
    q = lb.sigmoid(z + fit_bias(BCE_GRAD, y, z, pos_weight=99.0))
    assert f"mean predicted probability {100 * q.mean():.1f}%" in w.text
    w.set(pos_weight=1.0)
    assert "positives 15.7%" in w.text and "positives caught at 0.5: 8%" in w.text
    with pytest.raises(ValueError, match="pos_weight"):
        lb.widgets.class_weight_shares(pos_weight=0.5)
    with pytest.raises(TypeError, match="pos_weight"):
        lb.widgets.class_weight_shares(pos_weight="10")
    with pytest.raises(TypeError, match="seed"):
        lb.widgets.class_weight_shares(seed=0.0)
    with pytest.raises(ValueError, match="n="):
        lb.widgets.class_weight_shares(n=10)


def test_balanced_weights_give_the_shares_of_the_count_ratio():
    # scikit-learn's class_weight="balanced": n / (n_classes * count); only the ratio of the weights moves the shares
    y, _, z = _data()
    counts = np.bincount(y.astype(int))
    balanced = len(y) / (2 * counts)
    assert balanced[1] / balanced[0] == pytest.approx(counts[0] / counts[1])
    plain = lb.binary_cross_entropy_with_logits(y, z, reduction="none")
    scaled = balanced[y.astype(int)] * plain
    ratio = lb.binary_cross_entropy_with_logits(y, z, pos_weight=counts[0] / counts[1], reduction="none")
    assert scaled[y == 1].sum() / scaled.sum() == pytest.approx(ratio[y == 1].sum() / ratio.sum(), rel=1e-12)


def test_pytorch_weighted_mean_over_mini_batches_is_not_the_full_weighted_mean():
    # the divisor is the sum of the weights in each batch, so batches with more positives weigh each one less
    y, _, z = _data()
    labels, w = y.astype(int), np.array([1.0, 10.0])
    row = lb.sparse_categorical_cross_entropy_with_logits(labels, np.stack([0 * z, z], axis=1), reduction="none")
    batches = np.random.default_rng(0).permutation(len(y)).reshape(100, 100)
    divisors = w[labels[batches]].sum(axis=1)
    assert divisors.min() < divisors.max()
    batch_mean = ((w[labels] * row)[batches].sum(axis=1) / divisors).mean()
    full = (w[labels] * row).sum() / w[labels].sum()
    assert abs(batch_mean - full) > 0.01 * full
    # one batch holding everything gives the full weighted mean back
    one = batches.reshape(1, -1)
    assert ((w[labels] * row)[one].sum(axis=1) / w[labels[one]].sum(axis=1)).mean() == pytest.approx(full, rel=1e-12)


def test_exercises_name_the_count_ratio_and_the_denominator():
    ex = lb.exercises.class_weights
    assert ex.pytorch_mean.evaluate(5.1 / 4).misconception == "divided_by_count"
    # the weight for a threshold t multiplies the odds t / (1 - t) back to 1: w = (1 - t) / t, so 1 / (1 + w) = t
    assert 1 / (1 + ex.equivalent_threshold.answer) == pytest.approx(0.08, rel=1e-12)
    assert ex.equivalent_threshold.evaluate(1 / 0.08).misconception == "inverse_threshold"
    assert ex.equivalent_threshold.evaluate(11.5).status == "correct"
    assert ex.weighted_by_hand.evaluate(4 * np.log1p(np.e)).status == "correct"


def test_focal_mean_and_base_rate_lines_have_different_dash_styles():
    # the two flat lines sit close together (5.6% and 1%): they must not share a dash pattern
    plot = lb.widgets.class_weight_shares(pos_weight=10.0).plot
    lines = {line.get_label(): line for line in plot.ax.get_lines()}
    base = next(line for label, line in lines.items() if label.startswith("base rate"))
    def dashes(line):  # get_linestyle() reads "--" for every custom dash pattern: compare the patterns themselves
        return line.get_linestyle(), tuple(line._unscaled_dash_pattern[1] or ())

    assert dashes(lines["focal: mean probability"]) != dashes(base)
    assert dashes(lines["positives caught at 0.5"]) != dashes(base)


def test_base_rate_line_stands_clear_of_the_x_axis():
    # on a linear 0-100 axis a 1% line lies on the x axis; the log axis puts it well inside
    plot = lb.widgets.class_weight_shares(pos_weight=10.0).plot
    base = next(line for line in plot.ax.get_lines() if line.get_label().startswith("base rate"))
    lo, hi = plot.ax.get_ylim()
    assert plot.ax.get_yscale() == "log"
    assert lo * 1.5 < base.get_ydata()[0] < hi
    # the legend is outside the axes, so it covers no curve and no marker
    legend_box = plot.ax.get_legend().get_window_extent(plot.fig.canvas.get_renderer())
    assert legend_box.y1 < plot.ax.get_window_extent(plot.fig.canvas.get_renderer()).y0


def test_every_bar_carries_its_value():
    # the fixed cross-entropy and focal bars are labelled as well as the moving pos_weight bars
    plot = lb.widgets.class_weight_shares(pos_weight=10.0).plot
    bars = [bar for container in plot.bax.containers for bar in container]
    texts = {(round(t.get_position()[0], 6), t.get_text()) for t in plot.bax.texts}
    assert len(bars) == 9
    for bar in bars:
        centre = round(bar.get_x() + bar.get_width() / 2, 6)
        assert (centre, f"{bar.get_height():.0f}%") in texts
