"""Lesson 2.5, notebooks/week2/05-dice-and-iou.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/dice_and_iou.py (tests/test_plots.py, test_widgets.py and test_exercises.py cover
every lesson alike).
"""

import numpy as np
import pytest

import lossbook as lb
from lossbook.datasets import TUMOUR_RADIUS, predicted_mask, tumour_scan
from lossbook.plots import dice_and_iou as overlap_plots


def test_overlap_colours_found_missed_false_alarm():
    t = np.array([[1.0, 1.0, 0.0, 0.0]])
    p = np.array([[1.0, 0.0, 1.0, 0.0]])
    rgb = overlap_plots.overlap_rgb(t, p)
    assert np.allclose(rgb[0, 0], overlap_plots._FOUND)
    assert np.allclose(rgb[0, 1], overlap_plots._MISSED)
    assert np.allclose(rgb[0, 2], overlap_plots._FALSE)
    assert np.allclose(rgb[0, 3], 1.0)


def test_lazy_prediction_has_small_bce_but_near_worst_dice():
    target = tumour_scan()
    nothing = np.full_like(target, 0.01)
    assert lb.binary_cross_entropy(target, nothing) < 0.2
    assert lb.dice(target, nothing) > 0.95
    # and BCE prefers "nothing" over "found, one radius off"; Dice the other way round
    off = predicted_mask(shift=6)
    assert lb.binary_cross_entropy(target, off) > lb.binary_cross_entropy(target, nothing)
    assert lb.dice(target, off) < lb.dice(target, nothing)


def test_iou_is_d_over_two_minus_d_for_hard_masks():
    target = tumour_scan()
    for shift in range(0, 14, 3):
        hard = (predicted_mask(shift=shift, blur=0) > 0.5).astype(float)
        d = 1 - lb.dice(target, hard, smooth=0.0)
        j = 1 - lb.iou(target, hard, smooth=0.0)
        assert j == pytest.approx(d / (2 - d), abs=1e-12)


def test_dice_iou_explorer_readout_matches_the_numerics():
    w = lb.widgets.dice_iou_explorer(shift=6.0)
    target = tumour_scan()
    p = predicted_mask(6.0, TUMOUR_RADIUS, 1.0)
    assert f"Dice loss = {lb.dice(target, p):.3f}" in w.text
    assert f"IoU loss = {lb.iou(target, p):.3f}" in w.text
    assert f"pixel BCE = {lb.binary_cross_entropy(target, p):.3f}" in w.text
    # the bars show the same numbers
    heights = [bar.get_height() for bar in w.plot.bars]
    assert heights[1] == pytest.approx(lb.dice(target, p))
    assert heights[2] == pytest.approx(lb.iou(target, p))


def test_dice_iou_explorer_empty_prediction_is_near_worst():
    w = lb.widgets.dice_iou_explorer(radius=0.0)
    assert "tumour found (soft count): 0.1 of 113 pixels" in w.text
    dice = float(w.text.split("Dice loss = ")[1].split(",")[0])
    assert dice > 0.95


def test_overlap_exercises_name_the_usual_slips():
    ex = lb.exercises.dice_and_iou
    assert ex.dice_by_hand.evaluate(0.25).status == "correct"
    assert ex.dice_by_hand.evaluate(0.75).misconception == "score_not_loss"
    assert ex.dice_by_hand.evaluate(0.4).misconception == "iou_not_dice"
    assert ex.dice_from_iou.evaluate(0.8 / 1.4).status == "correct"
    assert ex.dice_from_iou.evaluate(0.4 / 1.6).misconception == "forward_formula"
    assert ex.dice_from_iou.evaluate(0.57).status != "correct"  # 3 decimals asked: 0.571
    assert ex.nothing_guess.evaluate(113 / 4096).misconception == "pixel_fraction"
    target = np.zeros(4096)
    target[:113] = 1
    assert ex.nothing_guess.truth == pytest.approx(lb.dice(target, np.zeros(4096)))


def test_misplaced_bce_guess_is_the_section_5_number_and_above_the_lazy_one():
    guess = lb.exercises.dice_and_iou.misplaced_bce_guess
    target = tumour_scan()
    lazy = lb.binary_cross_entropy(target, np.full_like(target, 0.01))
    assert guess.truth == pytest.approx(lb.binary_cross_entropy(target, predicted_mask(shift=6)))
    assert guess.truth > lazy  # the point of the guess: BCE prefers the model that finds nothing
    assert guess.evaluate(lazy).misconception == "lazy_value"


def test_bar_panel_keeps_bce_apart_and_names_the_units():
    plot = lb.widgets.dice_iou_explorer().plot
    b_ax = plot.axes[3]
    labels = [t.get_text() for t in b_ax.get_xticklabels()]
    assert "nats" in labels[0] and all("0 to 1" in label for label in labels[1:])
    # the dashed "worst = 1" line starts right of the BCE bar (x = 0), at the divider x = 0.5
    x_lo, x_hi = b_ax.get_xlim()
    start = x_lo + plot.worst_line.get_xdata()[0] * (x_hi - x_lo)
    assert start == pytest.approx(0.5)
