"""Lesson 3.4, notebooks/week3/04-multi-label-classification.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/multi_label_classification.py, and its place in lesson 2.9's chooser
(tests/test_plots.py, test_widgets.py and test_exercises.py cover every lesson alike).
"""

import numpy as np
import pytest
import scipy.special

import lossbook as lb
from lossbook import choosing


def test_bars_are_the_softmax_and_the_sigmoids_of_the_logits():
    w = lb.widgets.softmax_or_sigmoids(cat=3.0, dog=3.0, bird=-2.0, photo="a cat and a dog")
    z = np.array([3.0, 3.0, -2.0])
    softmax_bars, sigmoid_bars = ([b.get_height() for b in bars] for bars in w.plot.bars)
    np.testing.assert_allclose(softmax_bars, scipy.special.softmax(z), rtol=1e-12)
    np.testing.assert_allclose(sigmoid_bars, scipy.special.expit(z), rtol=1e-12)
    assert [b.get_height() for b in w.plot.targets[0]] == [0.5, 0.5, 0.0]
    assert [b.get_height() for b in w.plot.targets[1]] == [1.0, 1.0, 0.0]
    # the sigmoid side's loss: mean of -ln(sigmoid) for the two present classes and -ln(1 - sigmoid) for the bird
    expected = np.mean([-np.log(scipy.special.expit(3.0))] * 2 + [-np.log(1 - scipy.special.expit(-2.0))])
    assert f"binary cross-entropy {expected:.3f}" in w.text and "never below 0.693" in w.text


def test_a_logit_moves_the_other_softmax_bars_but_not_the_other_sigmoids():
    w = lb.widgets.softmax_or_sigmoids()
    before = [[b.get_height() for b in bars] for bars in w.plot.bars]
    w.set(dog=6.0)
    after = [[b.get_height() for b in bars] for bars in w.plot.bars]
    assert after[0][0] < before[0][0] and after[1][0] == before[1][0] and after[1][2] == before[1][2]
    assert sum(after[0]) == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("photo, floor", [("a cat", 0.0), ("a cat and a dog", np.log(2)),
                                          ("a cat, a dog and a bird", np.log(3))])
def test_the_softmax_floor_is_ln_of_the_number_of_labels(photo, floor):
    w = lb.widgets.softmax_or_sigmoids(photo=photo)
    assert f"never below {floor:.3f}" in w.text
    # and it is a floor: at the shared-out target itself the cross-entropy equals it
    labels = np.array(lb.widgets.PHOTOS[photo])
    target = labels / labels.sum()
    z = np.log(np.where(target > 0, target, 1e-300))
    assert lb.categorical_cross_entropy_with_logits(target, z) == pytest.approx(floor, abs=1e-9)


def test_bad_arguments():
    for kwargs, match in [({"cat": 7.0}, "cat is a logit"), ({"dog": True}, "dog is a logit"),
                          ({"bird": "1"}, "bird is a logit"), ({"photo": "a fish"}, "photo must be one of")]:
        with pytest.raises(ValueError, match=match):
            lb.widgets.softmax_or_sigmoids(**kwargs)


def test_the_chooser_offers_multilabel():
    rec = choosing.recommend("multilabel")
    assert rec.loss.key == "bce" and rec.loss.call == "lb.binary_cross_entropy_with_logits"
    assert "sigmoid" in rec.why and "per class" in rec.why
    assert ("multilabel", "always", rec.loss.name, rec.loss.call) in choosing.decision_table().rows
    w = lb.widgets.loss_chooser(problem="multilabel")
    assert w.text.startswith("multilabel\nUse Binary cross-entropy")
    assert "multilabel" in [value for _, value in w.controls["problem"].options]


def test_exercises_agree_with_lossbook():
    ex = lb.exercises.multi_label_classification
    assert ex.bce_by_hand.evaluate(lb.binary_cross_entropy([0, 1, 1], [0.2, 0.9, 0.6])).status == "correct"
    assert ex.softmax_guess.truth == pytest.approx(lb.softmax(np.array([3.0, 3.0, -2.0]))[0], rel=1e-12)
    # the floor for an uneven target is its entropy: lossbook's cross-entropy of the target against itself
    target = [0.5, 0.25, 0.25]
    assert ex.softmax_floor.evaluate(lb.categorical_cross_entropy(target, target)).status == "correct"
    assert ex.softmax_floor.evaluate(np.log(3)).misconception == "even_split"


def test_the_legend_names_both_bar_styles():
    w = lb.widgets.softmax_or_sigmoids()
    legend = w.plot.fig.legends[0]
    names = [t.get_text() for t in legend.get_texts()]
    assert names == ["softmax probability", "sigmoid probability", "what the labels ask for",
                     "sigmoid: present above 0.5"]
    # each swatch looks like the bars it stands for: the softmax's plain, the sigmoids' hatched in their own colour
    softmax_bar, sigmoid_bar = w.plot.bars[0][0], w.plot.bars[1][0]
    swatches = legend.legend_handles[:2]
    assert swatches[0].get_facecolor() == softmax_bar.get_facecolor() and not swatches[0].get_hatch()
    assert swatches[1].get_facecolor() == sigmoid_bar.get_facecolor() and swatches[1].get_hatch() == "//"
    assert "approaches 0, never reaches it" in w.text


def test_threshold_and_independence_exercises_name_their_misconceptions():
    ex = lb.exercises.multi_label_classification
    sigmoids = np.array([0.7, 0.45, 0.51, 0.93, 0.05])
    assert ex.labels_with_own_thresholds.evaluate(int(np.sum(sigmoids > 0.5))).misconception == "one_threshold"
    assert ex.labels_with_own_thresholds.evaluate(4).status == "correct"
    cat, dog = 0.8, 0.6                      # independent labels: a cat without a dog, or a dog without a cat
    assert ex.exactly_one_label.evaluate(round(cat * (1 - dog) + (1 - cat) * dog, 2)).status == "correct"
    assert ex.exactly_one_label.evaluate(round(cat * dog, 2)).misconception == "both"
    assert ex.exactly_one_label.evaluate(round(1 - cat * dog, 2)).misconception == "not_both"


def test_value_labels_stand_clear_of_the_dashed_outlines():
    # each bar's value sits above both its bar and its dashed outline, with a gap of a few pixels
    for kw in ({}, {"photo": "a cat"}, {"cat": 6.0, "dog": 6.0, "bird": 6.0, "photo": "a cat, a dog and a bird"}):
        plot = lb.widgets.softmax_or_sigmoids(**kw).plot
        plot.png()
        renderer = plot.canvas.get_renderer()
        for panel, ax in enumerate((plot.sax, plot.gax)):
            for bar, outline, text in zip(plot.bars[panel], plot.targets[panel], plot.labels[panel]):
                top = ax.transData.transform((0, max(bar.get_height(), outline.get_height())))[1]
                assert text.get_window_extent(renderer).y0 >= top + 2
                assert text.get_window_extent(renderer).y1 <= ax.bbox.y1
