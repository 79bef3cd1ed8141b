"""Lesson 3.6, notebooks/week3/06-calibration.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/calibration.py, lb.datasets.forecasts and lossbook.models.fit_temperature
(tests/test_plots.py, test_widgets.py and test_exercises.py cover every lesson alike)."""

import numpy as np
import pytest

import lossbook as lb
from lossbook.datasets import forecasts
from lossbook.models import fit_temperature


def _logits(q):
    return np.log(q / (1 - q))


def test_forecasts_are_seeded_calibrated_and_checked():
    q, y = forecasts()
    q2, y2 = forecasts()
    assert np.array_equal(q, q2) and np.array_equal(y, y2)
    assert not np.array_equal(q, forecasts(seed=1)[0])
    assert q.shape == y.shape == (20_000,) and 0.005 <= q.min() and q.max() <= 0.995
    assert set(np.unique(y)) == {0.0, 1.0}
    assert lb.expected_calibration_error(y, q) < 0.02
    with pytest.raises(ValueError, match="n must be"):
        forecasts(n=0)
    with pytest.raises(TypeError, match="seed"):
        forecasts(seed=0.0)


def test_a_constant_base_rate_forecast_has_ece_zero_but_a_worse_proper_score():
    q, y = forecasts()
    base = np.full_like(q, y.mean())
    assert lb.expected_calibration_error(y, base) < 1e-12 < lb.expected_calibration_error(y, q)
    assert lb.binary_cross_entropy(y, base) > lb.binary_cross_entropy(y, q) + 0.1
    assert lb.brier_score(y, base) > lb.brier_score(y, q) + 0.05


def test_fit_temperature_recovers_a_known_stretch_and_is_a_minimum():
    q, y = forecasts()
    z = _logits(q)
    for stretch in (0.5, 2.0, 3.0):
        assert fit_temperature(y, stretch * z) == pytest.approx(stretch * fit_temperature(y, z), rel=1e-9)
        assert fit_temperature(y, stretch * z) == pytest.approx(stretch, rel=0.05)
    t = fit_temperature(y, 2 * z)
    loss = [lb.binary_cross_entropy_with_logits(y, 2 * z / (t * f)) for f in (0.999, 1.0, 1.001)]
    assert loss[1] < loss[0] and loss[1] < loss[2]


def test_fit_temperature_refuses_logits_without_signal():
    q, y = forecasts()
    with pytest.raises(ValueError, match="best temperature"):
        fit_temperature(y, -_logits(q))                  # pointing the wrong way
    with pytest.raises(ValueError, match="lo and hi"):
        fit_temperature(y, _logits(q), lo=0.0)


def test_widget_readout_and_curve_follow_the_temperature_and_bins():
    q, y = forecasts()
    w = lb.widgets.reliability_diagram(temperature=1.0)
    assert "calibrated" in w.text and f"cross-entropy {lb.binary_cross_entropy(y, q):.4f}" in w.text
    w.set(temperature=0.5)
    p = lb.sigmoid(2 * _logits(q))
    assert "overconfident" in w.text and f"ECE (10 bins) {lb.expected_calibration_error(y, p):.3f}" in w.text
    pred, freq, _ = lb.reliability_curve(y, p)
    np.testing.assert_allclose(w.plot.curve.get_xdata(), pred)
    assert freq[0] > pred[0] and freq[-1] < pred[-1]   # overconfident: above the diagonal left, below right
    w50 = lb.widgets.reliability_diagram(temperature=1.0, bins=50)
    assert len(w50.plot.bars) == 50
    assert f"ECE (50 bins) {lb.expected_calibration_error(y, q, bins=50):.3f}" in w50.text
    # the histogram's axis holds the fullest bin at both ends of the slider, with room to spare but not 0-100
    for bins in (2, 10, 50):
        wb = lb.widgets.reliability_diagram(temperature=0.25, bins=bins)
        top = wb.plot.hax.get_ylim()[1]
        for t in (0.25, 4.0):
            wb.set(temperature=t)
            assert max(bar.get_height() for bar in wb.plot.bars) < top
        assert top < 100 and top - max(bar.get_height() for bar in wb.plot.bars) < 60
    with pytest.raises(ValueError, match="temperature"):
        lb.widgets.reliability_diagram(temperature=0.0)
    with pytest.raises(TypeError, match="bins"):
        lb.widgets.reliability_diagram(bins=10.0)


def test_exercises_name_their_misconceptions():
    ex = lb.exercises.calibration
    assert ex.smoothing_target.evaluate(0.56).misconception == "forgot_share"
    # the answer is where the expected cross-entropy against the smoothed targets (0.9 for 70%, 0.1 for 30%) is lowest
    grid = np.linspace(0.01, 0.99, 9801)
    expected = (0.7 * lb.binary_cross_entropy(np.full_like(grid, 0.9), grid, reduction="none")
                + 0.3 * lb.binary_cross_entropy(np.full_like(grid, 0.1), grid, reduction="none"))
    assert ex.smoothing_target.answer == pytest.approx(grid[np.argmin(expected)], abs=1e-4)
    assert ex.ece_by_hand.evaluate(0.075).misconception == "unweighted"
    assert ex.scaled_probability.evaluate(lb.sigmoid(2.4 * 1.6)).misconception == "multiplied"
    assert ex.scaled_probability.evaluate(0.818).status == "correct"
    assert ex.base_rate_ece.evaluate(0.0).status == "correct" and ex.base_rate_ece.evaluate(1e-3).status != "correct"
    assert ex.base_rate_ece.evaluate(0.5).misconception == "useless_is_uncalibrated"
