"""Lesson 1.4, notebooks/week1/04-categorical-cross-entropy.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/categorical_cross_entropy.py (tests/test_plots.py, test_widgets.py and
test_exercises.py cover every lesson alike).
"""

import numpy as np
import pytest

import lossbook as lb
from lossbook.exercises import categorical_cross_entropy as exercises


def test_newsletter_cce_numbers():
    dog = [0, 1, 0]
    assert round(lb.categorical_cross_entropy(dog, [0.1, 0.7, 0.2]), 3) == 0.357
    assert round(lb.categorical_cross_entropy(dog, [0.6, 0.2, 0.2]), 3) == 1.609
    assert lb.sparse_categorical_cross_entropy(1, [0.1, 0.7, 0.2]) == pytest.approx(-np.log(0.7))


def test_softmax_bars_mark_only_the_true_class():
    plot = lb.plots.SoftmaxBarsPlot(["cat", "dog", "bird"])
    plot.png()
    n = plot.n_artists()
    for k in range(3):
        plot.set_state([0.1, 0.7, 0.2], true_class=k, loss=-np.log([0.1, 0.7, 0.2][k]))
        assert [bool(b.get_hatch()) for b in plot.bars] == [i == k for i in range(3)]
        assert plot.true_text.get_text() == f"true: {['cat', 'dog', 'bird'][k]}"
        plot.png()
    assert plot.n_artists() == n, "set_state must move artists, not create them"
    assert [round(b.get_height(), 3) for b in plot.bars] == [0.1, 0.7, 0.2]
    assert [t.get_text() for t in plot.values] == ["0.100", "0.700", "0.200"]


def test_softmax_bars_validate():
    plot = lb.plots.SoftmaxBarsPlot()
    with pytest.raises(ValueError, match="one probability per class"):
        plot.set_state([0.5, 0.5], 0, 0.69)
    with pytest.raises(ValueError, match="true_class"):
        plot.set_state([0.2, 0.3, 0.5], 3, 0.69)
    with pytest.raises(ValueError, match="at least 2"):
        lb.plots.SoftmaxBarsPlot(["cat"])


def test_softmax_widget_starts_at_the_newsletter_prediction():
    w = lb.widgets.softmax_cross_entropy()
    assert w.text == "probabilities: cat 0.100, dog 0.700, bird 0.200; true class dog: loss = -ln 0.700 = 0.357"


def test_softmax_widget_loss_follows_true_class_and_logits():
    w = lb.widgets.softmax_cross_entropy(cat=0.0, dog=0.0, bird=0.0, true_class="bird")
    assert w.text.endswith(f"loss = -ln 0.333 = {np.log(3):.3f}")
    w.set(bird=5.0)
    p = lb.softmax(np.array([0.0, 0.0, 5.0]))
    assert w.text.endswith(f"loss = -ln {p[2]:.3f} = {-np.log(p[2]):.3f}")
    w.set(true_class="cat")
    assert [bool(b.get_hatch()) for b in w.plot.bars] == [True, False, False]
    with pytest.raises(ValueError, match="true_class"):
        lb.widgets.softmax_cross_entropy(true_class="fish")


def test_cce_from_logits_catches_a_forgotten_softmax():
    feedback = exercises.cce_from_logits.evaluate(-np.log(exercises.LOGITS[1]))
    assert feedback.misconception == "forgot_softmax"
    assert exercises.cce_from_logits.evaluate(1.74).correct
    # far from a rounding edge: a learner who rounds the dog's probability to 3 decimals first is still right
    p_dog = round(float(lb.softmax(exercises.LOGITS)[1]), 3)
    assert round(-np.log(p_dog), 2) == round(exercises.cce_from_logits.answer.item(), 2)
    assert exercises.cce_from_logits.evaluate(round(-np.log(p_dog), 2)).correct


def test_cce_biggest_move_is_the_true_class_not_the_most_wrong_one():
    grad = lb.categorical_cross_entropy_with_logits_grad([1, 0, 0], np.log([0.3, 0.4, 0.3]))
    assert int(np.argmax(np.abs(grad))) == 0 and int(np.argmax(grad)) == 1
    assert exercises.cce_biggest_move.evaluate(0).correct
    assert exercises.cce_biggest_move.evaluate(1).misconception == "most_wrong_class"
    assert not exercises.cce_biggest_move.evaluate(2).correct


def test_cce_gradient_needs_the_softmax_first_and_names_the_usual_slips():
    z = np.array([0.5, 1.5, 0.0])  # the logits of the prompt
    p = np.exp(z) / np.exp(z).sum()  # the softmax, written out here rather than taken from lossbook
    assert "logits are cat 0.5, dog 1.5, bird 0.0" in exercises.cce_gradient.prompt
    assert exercises.cce_gradient.evaluate(np.round(p - [0, 0, 1], 2)).correct  # [0.23, 0.63, -0.86]
    assert exercises.cce_gradient.evaluate(z - [0, 0, 1]).misconception == "forgot_softmax"
    assert exercises.cce_gradient.evaluate([0.0, 0.0, -1 / p[2]]).misconception == "grad_wrt_probs"
    assert exercises.cce_gradient.evaluate([0, 0, 1] - p).misconception == "y_minus_p"
    # every entry is far from a rounding edge at 2 decimals
    assert np.all(np.abs(np.abs(p - [0, 0, 1]) * 100 % 1 - 0.5) > 0.3)


def test_cce_by_hand_names_summing_every_class():
    assert exercises.cce_by_hand.evaluate(-np.log([0.3, 0.3, 0.4]).sum()).misconception == "all_terms"


def test_cce_by_hand_hints_do_not_state_the_loss():
    ex = lb.exercises.categorical_cross_entropy.cce_by_hand
    assert not any("ln 0.4" in h or "0.916" in h for h in ex.hints)
    assert "logits themselves were the parameters" in lb.exercises.categorical_cross_entropy.cce_biggest_move.prompt
