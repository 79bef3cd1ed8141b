"""Lesson 2.10, notebooks/week2/10-when-the-numbers-bite.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/when_the_numbers_bite.py (tests/test_plots.py, test_widgets.py and
test_exercises.py cover every lesson alike).
"""

import warnings

import numpy as np
import pytest

import lossbook as lb


def test_naive_formulas_break_where_the_lesson_says_and_stay_quiet():
    from lossbook import naive

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the naive module silences NumPy: the inf/nan is the lesson, not a warning
        assert np.isnan(naive.softmax([1000.0, 0.0])[0])
        assert naive.sigmoid(-1000.0) == 0.0
        assert np.isinf(naive.bce_with_logits(0, 40.0)) and np.isfinite(naive.bce_with_logits(0, 30.0))
        assert np.isnan(naive.bce_with_logits(1, 50.0))  # 0 * log(0)
        assert naive.sigmoid(17.0, dtype="float32") == 1.0 and naive.sigmoid(16.0, dtype="float32") < 1.0
        assert np.isinf(naive.softmax_ce(1, [89.0, 0.0], dtype="float32"))
        assert np.isfinite(naive.softmax_ce(1, [88.0, 0.0], dtype="float32"))
    with pytest.raises(ValueError, match="dtype"):
        naive.sigmoid(1.0, dtype="float16")


def test_naive_agrees_with_stable_for_ordinary_logits():
    from lossbook import naive

    z = np.linspace(-10, 10, 41)
    for y in (0, 1):
        np.testing.assert_allclose(naive.bce_with_logits(y, z),
                                   lb.binary_cross_entropy_with_logits(np.full_like(z, y), z, reduction="none"),
                                   rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(naive.softmax([[1.0, 2.0, 3.0]]), lb.softmax([[1.0, 2.0, 3.0]]), rtol=1e-12)


def test_stability_lab_readout_shows_the_break():
    w = lb.widgets.stability_lab(z=40.0, y=0)
    assert "binary cross-entropy: naive inf, stable 40.000" in w.text
    assert "softmax cross-entropy of [z, 0]: naive 40.000, stable 40.000" in w.text
    w.set(precision="float32", z=95.0)
    assert "softmax cross-entropy of [z, 0]: naive inf, stable 95.000" in w.text
    w.set(y=1, precision="float64", z=-20.0)
    assert "-0.000" not in w.text and "naive 20.000, stable 20.000" in w.text


def test_stability_plot_marks_broken_logits_with_crosses():
    w = lb.widgets.stability_lab()
    crosses = w.plot.broken[0].get_xdata()
    assert len(crosses) and 36 < crosses.min() <= 40  # float64, y = 0: 1 - sigmoid(z) == 0 from ~37
    assert len(w.plot.broken[1].get_xdata()) == 0  # the naive softmax survives up to z = 100 in float64


def test_stability_exercises():
    from lossbook.exercises import when_the_numbers_bite as exercises

    assert exercises.keras_clip_guess.truth == pytest.approx(4 * np.log(10))
    fb = exercises.softmax_function.evaluate(lambda z: np.exp(z) / np.exp(z).sum())
    assert fb.misconception == "no_shift"
    assert exercises.logsumexp_by_hand.evaluate(1000).misconception == "dropped_the_log2"
