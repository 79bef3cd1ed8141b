"""Lesson 2.4, notebooks/week2/04-focal-loss.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/focal_loss.py (tests/test_plots.py, test_widgets.py and test_exercises.py cover
every lesson alike).
"""

import numpy as np
import pytest

import lossbook as lb


def test_focal_shares_readout_and_bars_match_the_numerics():
    w = lb.widgets.focal_shares(gamma=2.0, alpha=0.25)
    y, p = lb.datasets.focal_data()
    loss = lb.focal(y, p, alpha=0.25, gamma=2.0, reduction="none")
    shares = [loss[m].sum() / loss.sum() for m in lb.datasets.focal_groups(y, p)]
    assert f"total focal loss = {loss.sum():.2f}" in w.text
    assert f"positives (100) {100 * shares[2]:.1f}%" in w.text
    np.testing.assert_allclose([b.get_height() for b in w.plot.bars], 100 * np.array(shares))
    # alpha = 0.5 and gamma = 0 reproduce cross-entropy's shares
    w.set(gamma=0.0, alpha=0.5)
    first, rest = w.text.split("\n", 1)
    ours = rest.split("\n")[0].replace("share of the total: ", "")
    assert [s.split()[-1] for s in ours.split(", ")] == [s.split()[-1] for s in rest.split("\n")[1].split(", ")]


def test_focal_curves_figure_and_gamma_zero_is_cross_entropy():
    fig = lb.widgets.focal_curves()
    assert "gamma = 0, 0.5, 1, 2, 5" in repr(fig)
    y, p = lb.datasets.focal_data(n=500, seed=3)
    assert lb.focal(y, p, alpha=None, gamma=0.0) == pytest.approx(lb.binary_cross_entropy(y, p), rel=1e-14)


def test_focal_exercise_names_the_wrong_alpha():
    assert lb.exercises.focal_loss.by_hand.evaluate(0.75 * 0.04 * -np.log(0.8)).misconception == "negative_alpha"
    assert lb.exercises.focal_loss.by_hand.evaluate(lb.focal(1, 0.8, alpha=0.25, gamma=2.0)).status == "correct"


@pytest.mark.parametrize("gammas, error", [((-1.0,), ValueError), ("x", TypeError), ((), ValueError),
                                          ((1.0, "a"), TypeError), (tuple(range(8)), ValueError),
                                          ((float("nan"),), ValueError)])
def test_focal_curves_refuses_bad_gammas_with_a_message_naming_them(gammas, error):
    with pytest.raises(error, match="gammas"):
        lb.widgets.focal_curves(gammas=gammas)


def test_focal_curves_takes_one_to_seven_gammas():
    assert "gamma = 3" in repr(lb.widgets.focal_curves(gammas=3))
    fig = lb.widgets.focal_curves(gammas=tuple(range(7)))
    assert len(fig.ax.get_legend().get_texts()) == 7


def test_confidence_exercise_inverts_the_focusing_factor():
    ex = lb.exercises.focal_loss.confidence_for_a_cut
    pt = ex.answer
    ce, fl = lb.binary_cross_entropy(1, pt), lb.focal(1, pt, alpha=None, gamma=2.0)
    assert ce / fl == pytest.approx(400.0, rel=1e-9)
    assert ex.evaluate(1 - pt).misconception == "gave_one_minus_pt"
    # 4 decimals of the by-hand answer (0.0022) keep only 2 significant digits: not enough
    assert lb.exercises.focal_loss.by_hand.evaluate(0.0022).status != "correct"


def test_focal_curves_show_the_easy_end_on_a_log_axis():
    fig = lb.widgets.focal_curves(gammas=(0.0, 2.0))
    assert fig.log_ax.get_yscale() == "log" and fig.log_ax.get_xlim() == (0.9, 1.0)
    ce, focal2 = (line.get_ydata() for line in fig.log_ax.get_lines())
    np.testing.assert_allclose(focal2 / ce, (1 - fig.log_ax.get_lines()[0].get_xdata()) ** 2, rtol=1e-9)
    assert fig.log_ax.get_ylim()[0] <= focal2.min()  # the smallest easy loss stays in view


def test_focal_shares_label_both_kinds_of_bar():
    w = lb.widgets.focal_shares(gamma=2.0, alpha=0.25)
    texts = [t.get_text() for t in w.plot.bax.texts if t.get_text()]
    assert len(texts) == 6 and all(t.endswith("%") for t in texts)
