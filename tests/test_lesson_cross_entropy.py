"""Lessons 03 (binary cross-entropy) and 04 (categorical cross-entropy): their figures, widgets and exercises.

The generic tests (tests/test_widgets.py, tests/test_exercises.py) already check that every widget builds, renders and
responds to every control, and that every exercise accepts its good answer and names its misconceptions. These
tests check what is special to the two lessons: the newsletter's numbers, the slope shown for each label, the
softmax bars, and the mistakes the exercises are meant to catch.
"""

import numpy as np
import pytest

import lossbook as lb
from lossbook.exercises import binary_ce, categorical_ce


# -- the newsletter's numbers, as the notebooks print them -------------------------------------------------------------
@pytest.mark.parametrize("p, expected", [(0.8, 0.2231), (0.2, 1.6094), (0.9, 0.1054)])
def test_newsletter_bce_numbers(p, expected):
    assert round(lb.binary_cross_entropy(1, p), 4) == expected


def test_newsletter_cce_numbers():
    dog = [0, 1, 0]
    assert round(lb.categorical_cross_entropy(dog, [0.1, 0.7, 0.2]), 3) == 0.357
    assert round(lb.categorical_cross_entropy(dog, [0.6, 0.2, 0.2]), 3) == 1.609
    assert lb.sparse_categorical_cross_entropy(1, [0.1, 0.7, 0.2]) == pytest.approx(-np.log(0.7))


def test_logit_40_story():
    """sigmoid(40) is exactly 1.0; the probability form caps at 100; the logits form gives 40."""
    p = lb.sigmoid(40.0)
    assert p == 1.0
    assert lb.binary_cross_entropy(0, p) == 100.0
    assert lb.binary_cross_entropy_with_logits(0, 40.0) == 40.0


# -- figures ------------------------------------------------------------------------------------------------------------
def test_confidence_plot_repr_is_stable_and_validates():
    plot = lb.plots.ConfidencePlot([0.9, 0.1])
    assert repr(plot) == "Binary cross-entropy -ln p for a cat (y = 1), marked at p = 0.9, 0.1"
    assert plot.png()[:4] == b"\x89PNG"
    for bad in ([0.0, 0.5], [1.0], [], [[0.5]]):
        with pytest.raises(ValueError, match="ps must be"):
            lb.plots.ConfidencePlot(bad)


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


# -- widgets ------------------------------------------------------------------------------------------------------------
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


# -- exercises: the mistakes each one is meant to catch -------------------------------------------------------------
def test_bce_dog_names_the_cat_term():
    assert binary_ce.bce_dog.evaluate(-np.log(0.3)).misconception == "cat_term"


def test_bce_guess_names_log10():
    assert binary_ce.bce_guess.evaluate(0.699).misconception == "log10"


def test_bce_function_needs_a_clip():
    def no_clip(y, p):
        return np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)))

    assert binary_ce.bce_function.evaluate(no_clip).misconception == "missing_clip"


def test_cce_from_logits_catches_a_forgotten_softmax():
    feedback = categorical_ce.cce_from_logits.evaluate(-np.log(categorical_ce.LOGITS[1]))
    assert feedback.misconception == "forgot_softmax"
    assert categorical_ce.cce_from_logits.evaluate(1.055).correct


def test_cce_gradient_names_the_probability_gradient_and_the_flipped_sign():
    assert categorical_ce.cce_gradient.evaluate([0.0, -1 / 0.7, 0.0]).misconception == "grad_wrt_probs"
    assert categorical_ce.cce_gradient.evaluate([-0.1, 0.3, -0.2]).misconception == "y_minus_p"
    assert categorical_ce.cce_gradient.evaluate([0.1, -0.3, 0.2]).correct


def test_cce_by_hand_names_summing_every_class():
    assert categorical_ce.cce_by_hand.evaluate(-np.log([0.25, 0.25, 0.5]).sum()).misconception == "all_terms"
