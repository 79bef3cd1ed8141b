"""Week 2, specialised losses: what is special about the figures, widgets and exercises of the lessons
05-dice-and-iou, 06-contrastive-and-triplet and 07-kl-divergence (the generic widget and exercise tests cover the rest).
"""

import numpy as np
import pytest

import lossbook as lb
from lossbook.datasets import TUMOUR_RADIUS, bimodal, discrete_gaussian, predicted_mask, tumour_scan
from lossbook.plots import overlap as overlap_plots

# ---------------------------------------------------------------------------------------------------------------------
# 05: Dice and IoU
# ---------------------------------------------------------------------------------------------------------------------


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
    ex = lb.exercises.overlap
    assert ex.dice_by_hand.evaluate(0.25).status == "correct"
    assert ex.dice_by_hand.evaluate(0.75).misconception == "score_not_loss"
    assert ex.dice_by_hand.evaluate(0.4).misconception == "iou_not_dice"
    assert ex.iou_from_dice.evaluate(0.8 / 1.2).status == "correct"
    assert ex.nothing_guess.evaluate(113 / 4096).misconception == "pixel_fraction"
    target = np.zeros(4096)
    target[:113] = 1
    assert ex.nothing_guess.truth == pytest.approx(lb.dice(target, np.zeros(4096)))


# ---------------------------------------------------------------------------------------------------------------------
# 06: contrastive and triplet
# ---------------------------------------------------------------------------------------------------------------------


def _arrows(plot):
    """(offsets, U, V) of the plot's quiver, in embedding units (ARROW_SCALE undone)."""
    from lossbook.plots.similarity import ARROW_SCALE

    q = plot.quiver
    return np.asarray(q.get_offsets()), np.asarray(q.U) / ARROW_SCALE, np.asarray(q.V) / ARROW_SCALE


def test_contrastive_arrows_are_minus_the_gradient():
    w = lb.widgets.contrastive_pair(same=0, x=-0.2, y=0.25, margin=1.0)
    a, b = np.array([-0.5, 0.0]), np.array([-0.2, 0.25])
    g_a, g_b = lb.contrastive_grad(0, a, b, margin=1.0)
    offsets, u, v = _arrows(w.plot)
    assert np.allclose(offsets, [a, b])
    assert np.allclose(np.c_[u, v], -np.array([g_a, g_b]))
    assert w.plot.quiver.get_visible()
    assert f"loss = {lb.contrastive(0, a, b, margin=1.0):.4f}" in w.text
    # the margin circle is centred on photo A with radius m
    assert w.plot.circles[0].get_radius() == pytest.approx(1.0)
    assert np.allclose(w.plot.circles[0].center, a)


def test_contrastive_outside_the_margin_has_zero_loss_and_no_arrows():
    w = lb.widgets.contrastive_pair(same=0, x=1.5, y=0.0, margin=1.0)
    assert "loss = 0.0000" in w.text and "no push" in w.text
    assert not w.plot.quiver.get_visible()
    # the same pair as "same person" is pulled together
    w.controls["same"].value = 1
    assert "pulled together" in w.text
    _, u, _ = _arrows(w.plot)
    assert u[0] > 0 > u[1]  # A moves right towards B, B left towards A


def test_triplet_explorer_arrows_circles_and_zero_when_satisfied():
    w = lb.widgets.triplet_explorer(positive=(0.5, 0.5), negative=(0.6, -0.4), margin=0.5)
    a, p, n = np.array([-0.5, 0.0]), np.array([0.5, 0.5]), np.array([0.6, -0.4])
    grads = lb.triplet_grad(a, p, n, margin=0.5)
    _, u, v = _arrows(w.plot)
    assert np.allclose(np.c_[u, v], -np.array(grads))
    d_ap = np.linalg.norm(p - a)
    assert w.plot.circles[0].get_radius() == pytest.approx(d_ap + 0.5)
    assert w.plot.circles[1].get_radius() == pytest.approx(d_ap)
    w.set(nx=2.0, ny=-2.0)  # far outside the dashed circle
    assert "loss = max(0," in w.text and "= 0.0000: margin satisfied" in w.text
    assert not w.plot.quiver.get_visible()


def test_similarity_exercises():
    ex = lb.exercises.similarity
    assert ex.contrastive_by_hand.evaluate(0.08).status == "correct"
    assert ex.contrastive_by_hand.evaluate(0.16).misconception == "forgot_half"
    assert ex.triplet_guess.truth == pytest.approx(lb.triplet([0.0, 0.0], [1.0, 0.0], [0.0, 1.5], margin=1.0))
    assert ex.triplet_guess.evaluate(0.0).misconception == "farther_is_enough"
    for case in ex.triplet_function.cases:
        a, p, n, m = case.args
        assert ex.triplet_function.reference(a, p, n, m) == pytest.approx(lb.triplet(a, p, n, margin=m))


# ---------------------------------------------------------------------------------------------------------------------
# 07: KL divergence
# ---------------------------------------------------------------------------------------------------------------------


def test_kl_explorer_readout_and_bars_match_the_numerics():
    w = lb.widgets.kl_explorer(mean=-2.0, width=0.7)
    p, q = bimodal(), discrete_gaussian(-2.0, 0.7)
    forward, reverse = lb.kl_divergence(p, q), lb.kl_divergence(q, p)
    assert f"KL(P||Q) = {forward:.3f} nats, KL(Q||P) = {reverse:.3f} nats" in w.text
    assert reverse < forward  # on one bump: the seeking direction is happy, the covering one is not
    assert [b.get_height() for b in w.plot.bars] == pytest.approx([min(forward, 3.0), reverse])


def test_distillation_temperature_softens_the_teacher():
    w = lb.widgets.distillation_temperature(temperature=1.0)
    tops = [max(b.get_height() for b in w.plot.teacher)]
    w.controls["T"].value = 5.0
    tops.append(max(b.get_height() for b in w.plot.teacher))
    assert tops[1] < tops[0]  # the winning class's probability falls as T rises
    teacher = lb.softmax(lb.widgets.kl.TEACHER_LOGITS / 5.0)
    student = lb.softmax(lb.widgets.kl.STUDENT_LOGITS / 5.0)
    assert f"T² x KL = {25.0 * lb.kl_divergence(teacher, student):.4f}" in w.text


def test_kl_exercises_agree_with_lossbook():
    ex = lb.exercises.kl
    assert ex.kl_by_hand.answer == pytest.approx(lb.kl_divergence([0.5, 0.5], [0.9, 0.1]))
    assert ex.kl_by_hand.evaluate(lb.kl_divergence([0.9, 0.1], [0.5, 0.5])).misconception == "swapped_args"
    assert ex.cross_entropy_guess.truth == pytest.approx(lb.cross_entropy([0.5, 0.5], [0.5, 0.5]))
    for case in ex.kl_function.cases:
        assert ex.kl_function.reference(*case.args) == pytest.approx(lb.kl_divergence(*case.args))
    naive = ex.kl_function.misconceptions[0].example
    assert ex.kl_function.evaluate(naive).misconception == "zero_times_log_zero"
