"""Week 2 classification lessons: sparse categorical cross-entropy, hinge and margins, focal loss.

The generic widget and exercise tests cover registration, rendering and known-good/known-bad answers; these check
what is special about each lesson's figures, widgets and helpers.
"""

import numpy as np
import pytest

import lossbook as lb


# ---------------------------------------------------------------------------------------------------------------------
# Sparse categorical cross-entropy and label smoothing


def test_label_smoothing_widget_readout():
    w = lb.widgets.label_smoothing(label_smoothing=0.1, gap=3.0)
    assert "target 0.910 for the true digit, 0.010 for each other digit" in w.text
    assert "lowest loss at gap 4.51" in w.text
    w.set(eps=0.0)
    assert "no smoothing: the loss keeps falling" in w.text
    assert not w.plot.best.get_visible()
    w.set(gap=12.0)
    assert "loss = 0.000" in w.text


def test_sparse_ce_exercise_recognises_the_whole_row_slip():
    ex = lb.exercises.sparse_ce.sparse_function
    fb = ex.evaluate(lambda labels, p: float(np.mean(-np.sum(np.log(np.clip(p, 1e-12, 1)), axis=-1))))
    assert fb.misconception == "whole_row"


# ---------------------------------------------------------------------------------------------------------------------
# Hinge and margins


def test_hinge_margin_readout_matches_the_numerics():
    w = lb.widgets.hinge_margin(angle=30.0, offset=0.5, half_width=0.5)
    X, y = lb.datasets.margin_data()
    s = X @ (np.array([np.cos(np.radians(30)), np.sin(np.radians(30))]) / 0.5) + 0.5
    losses = lb.hinge(y, s, reduction="none")
    assert f"total hinge loss = {losses.sum():.2f}" in w.text
    assert f"margin violations: {np.count_nonzero(losses > 0)} points" in w.text
    assert f"of which {np.count_nonzero(y * s < 0)} on the wrong side" in w.text


def test_margin_plot_rings_exactly_the_violators_and_lines_are_at_the_right_levels():
    X, y = lb.datasets.margin_data()
    plot = lb.plots.MarginPlot(X, y)
    w, b = np.array([0.6, 0.8]) * 2.0, -0.3
    values = lb.hinge(y, X @ w + b, reduction="none")
    plot.set_classifier(w, b, values)
    assert np.array_equal(plot.rings.get_sizes() > 0, values > 0)
    for line, level in ((plot.boundary, 0.0), (plot.plus, 1.0), (plot.minus, -1.0)):
        pts = np.column_stack(line.get_data())
        np.testing.assert_allclose(pts @ w + b, level, atol=1e-9)
    shown = [t for t in plot.texts if t.get_visible()]
    assert len(shown) == min(len(plot.texts), np.count_nonzero(values > 0))
    assert {t.get_text() for t in shown} <= {f"{v:.2f}" for v in values}


def test_hinge_vs_bce_figure_is_static_and_described():
    fig = lb.widgets.hinge_vs_bce()
    assert "never reaches 0" in repr(fig)
    assert fig.png()[:4] == b"\x89PNG"


def test_multiclass_exercise_names_the_weston_watkins_slip():
    ex = lb.exercises.hinge.multiclass_by_hand
    assert ex.evaluate(lb.multiclass_hinge(1, [2.0, 2.5, 2.2])).status == "correct"
    assert ex.evaluate(1.2).misconception == "sum_over_rivals"


# ---------------------------------------------------------------------------------------------------------------------
# Focal loss


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
    assert lb.exercises.focal.by_hand.evaluate(0.75 * 0.04 * -np.log(0.8)).misconception == "negative_alpha"
    assert lb.exercises.focal.by_hand.evaluate(lb.focal(1, 0.8, alpha=0.25, gamma=2.0)).status == "correct"
