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


def test_exercises_name_the_count_ratio_and_the_denominator():
    ex = lb.exercises.class_weights
    assert ex.pytorch_mean.evaluate(5.1 / 4).misconception == "divided_by_count"
    assert ex.equivalent_threshold.evaluate(0.25).misconception == "odds_not_probability"
    assert ex.weighted_by_hand.evaluate(4 * np.log1p(np.e)).status == "correct"
