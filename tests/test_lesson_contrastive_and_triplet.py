"""Lesson 2.6, notebooks/week2/06-contrastive-and-triplet.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/contrastive_and_triplet.py (tests/test_plots.py, test_widgets.py and
test_exercises.py cover every lesson alike).
"""

import numpy as np
import pytest

import lossbook as lb

def _arrows(plot):
    """(offsets, U, V) of the plot's quiver, in embedding units (the plot's arrow scale undone)."""
    q = plot.quiver
    return np.asarray(q.get_offsets()), np.asarray(q.U) / plot.arrow_scale, np.asarray(q.V) / plot.arrow_scale


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
    assert not w.plot.circles[0].get_visible()  # the margin plays no part for the same person
    w.controls["same"].value = 0
    assert w.plot.circles[0].get_visible()


@pytest.mark.parametrize("widget", [lb.widgets.contrastive_pair, lb.widgets.triplet_explorer])
def test_markers_sit_above_the_arrows_and_arrows_are_longer_than_their_heads(widget):
    """An arrow never hides the point it starts from, and its first frame shows shafts, not only heads."""
    w = widget()
    plot = w.plot
    assert all(m.get_zorder() > plot.quiver.get_zorder() for m in plot.markers)
    _, u, v = _arrows(plot)
    drawn = np.hypot(u, v) * plot.arrow_scale  # data units
    x0, x1 = plot.ax.get_xlim()
    inches_per_unit = plot.ax.get_window_extent().width / plot.fig.dpi / (x1 - x0)
    head = plot.quiver.headlength * plot.quiver.width  # inches (the quiver's units)
    moving = drawn[drawn > 0]
    assert moving.size and np.all(moving * inches_per_unit > 1.5 * head)


def test_triplet_explorer_arrows_circles_and_zero_when_satisfied():
    w = lb.widgets.triplet_explorer(positive=(0.5, 0.5), negative=(0.6, -0.4), margin=0.5)
    a, p, n = np.array([0.0, 0.0]), np.array([0.5, 0.5]), np.array([0.6, -0.4])  # the anchor at the origin
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
    ex = lb.exercises.contrastive_and_triplet
    assert ex.contrastive_by_hand.evaluate(0.72).status == "correct"
    assert ex.contrastive_by_hand.evaluate(1.44).misconception == "forgot_half"
    assert ex.contrastive_by_hand.answer == pytest.approx(lb.contrastive(0, [0.0, 0.0], [0.3, 0.0], margin=1.5))
    assert ex.contrastive_by_hand.evaluate(0.71).status != "correct"  # 0.72 exactly: no rounding tie
    assert ex.triplet_guess.truth == pytest.approx(lb.triplet([0.0, 0.0], [1.2, 0.0], [0.0, 1.0], margin=0.5))
    assert ex.triplet_guess.evaluate(0.2).misconception == "no_margin"
    for case in ex.triplet_function.cases:
        a, p, n, m = case.args
        assert ex.triplet_function.reference(a, p, n, m) == pytest.approx(lb.triplet(a, p, n, margin=m))


@pytest.mark.parametrize("positive", [(-2.0, -2.0), (2.0, 2.0), (2.0, -2.0), (-2.0, 2.0)])
def test_triplet_circles_stay_in_the_axes_and_the_negative_can_leave_them(positive):
    """At the sliders' extremes (a positive in a corner, the largest margin) the dashed circle stays inside the
    axes, the picture still follows the sliders, and the negative can still be moved outside the circle."""
    w = lb.widgets.triplet_explorer(positive=positive, margin=2.0)
    x0, x1 = w.plot.ax.get_xlim()
    y0, y1 = w.plot.ax.get_ylim()
    for circle in w.plot.circles:
        (cx, cy), r = circle.center, circle.get_radius()
        assert x0 <= cx - r and cx + r <= x1 and y0 <= cy - r and cy + r <= y1
    nx = w.controls["nx"]
    w.set(nx=nx.max if positive[0] < 0 else nx.min, ny=0.0)  # as far from the positive as the slider goes
    assert "= 0.0000: margin satisfied" in w.text
    w.set(margin=0.5)  # the picture keeps following the sliders
    assert w.plot.circles[0].get_radius() == pytest.approx(np.hypot(*positive) + 0.5)


def test_triplet_explorer_refuses_a_point_that_is_not_two_numbers():
    with pytest.raises(TypeError, match=r"positive must be a point \(x, y\)"):
        lb.widgets.triplet_explorer(positive=(0,))


@pytest.mark.parametrize("widget", [lb.widgets.contrastive_pair, lb.widgets.triplet_explorer])
def test_the_grey_distance_lines_are_named_in_the_legend(widget):
    labels = [t.get_text() for t in widget().plot.ax.get_legend().get_texts()]
    assert any(label.startswith("distance") for label in labels)


def test_triplet_first_frame_push_on_the_positive_stops_short_of_the_anchor():
    """The arrow drawn from the positive ends outside the anchor's marker (about 0.25 units across at this size)."""
    w = lb.widgets.triplet_explorer()
    offsets, u, v = _arrows(w.plot)
    tip = offsets[1] + np.array([u[1], v[1]]) * w.plot.arrow_scale
    assert np.linalg.norm(tip - offsets[0]) > 0.3


@pytest.mark.parametrize("n, bound", [(2, 3e-6), (128, 2.3e-5)])
def test_pytorch_eps_moves_the_triplet_loss_by_at_most_two_eps_sqrt_n(n, bound):
    """The lesson's note: PyTorch's pairwise distance is ||x - y + eps||, eps = 1e-6; the worst case (both
    differences along the all-ones direction, opposite signs) moves the loss by 2 eps sqrt(n)."""
    eps, ones = 1e-6, np.ones(n) / np.sqrt(n)
    a, p, n_ = np.zeros(n), 1.0 * ones, -2.0 * ones   # a - p = -ones, a - n = +2 ones
    torch_like = max(0.0, np.linalg.norm(a - p + eps) - np.linalg.norm(a - n_ + eps) + 5.0)
    shift = abs(torch_like - lb.triplet(a, p, n_, margin=5.0))
    assert 0.8 * bound < shift < bound
    rng = np.random.default_rng(1)
    for _ in range(200):
        a, p, n_ = rng.normal(size=(3, n))
        torch_like = max(0.0, np.linalg.norm(a - p + eps) - np.linalg.norm(a - n_ + eps) + 50.0)
        assert abs(torch_like - lb.triplet(a, p, n_, margin=50.0)) <= 2 * eps * np.sqrt(n) + 1e-12
