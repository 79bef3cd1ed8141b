"""Lesson 3.6, notebooks/week3/06-calibration.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/calibration.py (tests/test_plots.py, test_widgets.py and test_exercises.py cover
every lesson alike)."""

import numpy as np
import pytest

import lossbook as lb
from lossbook.widgets.calibration import forecasts


def test_forecasts_are_seeded_and_calibrated():
    q, y = forecasts()
    q2, y2 = forecasts()
    assert np.array_equal(q, q2) and np.array_equal(y, y2)
    assert lb.expected_calibration_error(y, q) < 0.02


def test_widget_readout_and_curve_follow_the_temperature():
    q, y = forecasts()
    w = lb.widgets.reliability_diagram(temperature=1.0)
    assert "calibrated" in w.text and f"cross-entropy {lb.binary_cross_entropy(y, q):.4f}" in w.text
    w.set(temperature=0.5)
    p = lb.sigmoid(2 * np.log(q / (1 - q)))
    assert "overconfident" in w.text and f"ECE {lb.expected_calibration_error(y, p):.3f}" in w.text
    pred, freq, _ = lb.reliability_curve(y, p)
    np.testing.assert_allclose(w.plot.curve.get_xdata(), pred)
    assert freq[0] > pred[0] and freq[-1] < pred[-1]   # overconfident: above the diagonal left, below right
    with pytest.raises(ValueError, match="temperature"):
        lb.widgets.reliability_diagram(temperature=0.0)


def test_smoothing_exercise_names_the_forgotten_share():
    assert lb.exercises.calibration.smoothing_target.evaluate(0.8).misconception == "forgot_share"
    assert lb.exercises.calibration.ece_by_hand.evaluate(0.075).misconception == "unweighted"
