"""Lesson 2.7, notebooks/week2/07-kl-divergence.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/kl_divergence.py (tests/test_plots.py, test_widgets.py and test_exercises.py
cover every lesson alike).
"""

import numpy as np
import pytest

import lossbook as lb
from lossbook.datasets import bimodal, discrete_gaussian


def test_kl_explorer_readout_and_bars_match_the_numerics():
    w = lb.widgets.kl_explorer(mean=-2.0, width=0.5)
    p, q = bimodal(), discrete_gaussian(-2.0, 0.5)
    forward, reverse = lb.kl_divergence(p, q), lb.kl_divergence(q, p)
    assert f"KL(P||Q) = {forward:.3f} nats, KL(Q||P) = {reverse:.3f} nats" in w.text
    assert reverse < forward  # on one bump: the seeking direction is happy, the covering one is not
    assert [b.get_height() for b in w.plot.bars] == pytest.approx([min(forward, 3.0), reverse])


def test_the_two_directions_prefer_different_qs_by_a_wide_margin():
    """The lesson's contrast, visible in the numbers: Q on one bump against a wide Q centred between the bumps."""
    p = bimodal()
    one_bump, wide = discrete_gaussian(-2.0, 0.5), discrete_gaussian(0.0, 2.0)
    assert lb.kl_divergence(wide, p) > 2 * lb.kl_divergence(one_bump, p)   # seeking: the empty middle costs
    assert lb.kl_divergence(one_bump, p) == pytest.approx(np.log(2.0), abs=0.01)   # ignoring a bump: about ln 2
    assert lb.kl_divergence(p, one_bump) > 10 * lb.kl_divergence(p, wide)   # covering: the missed bump costs


def test_distillation_temperature_softens_the_teacher():
    w = lb.widgets.distillation_temperature(temperature=1.0)
    tops = [max(b.get_height() for b in w.plot.teacher)]
    w.controls["T"].value = 5.0
    tops.append(max(b.get_height() for b in w.plot.teacher))
    assert tops[1] < tops[0]  # the winning class's probability falls as T rises
    teacher = lb.softmax(lb.widgets.kl_divergence.TEACHER_LOGITS / 5.0)
    student = lb.softmax(lb.widgets.kl_divergence.STUDENT_LOGITS / 5.0)
    assert f"T² x KL = {25.0 * lb.kl_divergence(teacher, student):.4f}" in w.text


def test_kl_exercises_agree_with_lossbook():
    ex = lb.exercises.kl_divergence
    assert ex.kl_by_hand.answer == pytest.approx(lb.kl_divergence([0.5, 0.5], [0.7, 0.3]))
    assert ex.kl_by_hand.evaluate(lb.kl_divergence([0.7, 0.3], [0.5, 0.5])).misconception == "swapped_args"
    assert ex.cross_entropy_guess.truth == pytest.approx(lb.cross_entropy([0.9, 0.1], [0.9, 0.1]))
    for case in ex.kl_function.cases:
        assert ex.kl_function.reference(*case.args) == pytest.approx(lb.kl_divergence(*case.args))
    naive = ex.kl_function.misconceptions[0].example
    assert ex.kl_function.evaluate(naive).misconception == "zero_times_log_zero"


@pytest.mark.parametrize("mean", [-4.0, -2.0, 0.0, 2.0, 4.0])
def test_kl_explorer_q_stays_in_the_axes_and_a_cut_bar_says_so(mean):
    """The narrowest Q the width slider allows, anywhere along x, stays below the top of the axes; a KL bar taller
    than the panel is cut there and its label gives the true value."""
    w = lb.widgets.kl_explorer(mean=mean, width=lb.widgets.kl_divergence._MIN_WIDTH)
    q = np.asarray(w.plot.q_line.get_ydata())
    assert q.max() <= w.plot.ax.get_ylim()[1]
    forward = lb.kl_divergence(lb.datasets.bimodal(), q)
    assert forward > w.plot.kl_max  # far too narrow for two bumps
    assert w.plot.bars[0].get_height() == pytest.approx(w.plot.kl_max)
    assert f"{forward:.1f} (cut)" in w.plot.values[0].get_text()
