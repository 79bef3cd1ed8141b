"""Lesson 3.8, notebooks/week3/08-info-nce.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/info_nce.py and lb.datasets.circle_pairs (tests/test_plots.py, test_widgets.py and
test_exercises.py cover every lesson alike; the loss itself is tested in tests/test_info_nce.py).
"""

import math

import numpy as np
import pytest

import lossbook as lb
from gradcheck import numerical_gradient
from lossbook.widgets.info_nce import anchor_push


def test_circle_pairs_unit_rows_prefixes_and_spread():
    a, p = lb.datasets.circle_pairs(n=16, seed=0)
    assert a.shape == p.shape == (16, 2)
    assert np.allclose(np.hypot(*a.T), 1.0) and np.allclose(np.hypot(*p.T), 1.0)
    small_a, small_p = lb.datasets.circle_pairs(n=8, seed=0)  # a batch grows by adding images
    assert np.array_equal(a[:8], small_a) and np.array_equal(p[:8], small_p)
    exact_a, exact_p = lb.datasets.circle_pairs(n=5, spread=0.0, seed=3)
    assert np.allclose(exact_a, exact_p)  # no noise: each positive on its anchor
    angles = np.arctan2(*lb.datasets.circle_pairs(n=4000, seed=1)[0].T[::-1])
    assert abs(np.mean(np.cos(angles))) < 0.05 and abs(np.mean(np.sin(angles))) < 0.05  # around the whole circle
    assert not np.array_equal(lb.datasets.circle_pairs(n=4, seed=1)[0], lb.datasets.circle_pairs(n=4, seed=2)[0])
    # the docstring's count: a positive beats every other image's SECOND view for 9 anchors of 16 (all 8 of the
    # first 8 pairs); against every other view, first views included, only 6 do
    sim = a @ p.T
    wins = [sim[i, i] > np.delete(sim[i], i).max() for i in range(16)]
    small = small_a @ small_p.T
    assert sum(wins) == 9 and all(small[i, i] > np.delete(small[i], i).max() for i in range(8))
    views = np.vstack([a, p])
    assert sum(sim[i, i] > np.delete(views @ a[i], [i, 16 + i]).max() for i in range(16)) == 6


@pytest.mark.parametrize("kwargs, pattern", [({"n": 1}, "n must be"), ({"spread": -0.1}, "spread"),
                                             ({"spread": "0.2"}, "spread"), ({"seed": 0.5}, "seed")])
def test_circle_pairs_bad_arguments(kwargs, pattern):
    with pytest.raises((ValueError, TypeError), match=pattern):
        lb.datasets.circle_pairs(**kwargs)


def test_anchor_push_is_the_softmax_and_the_gradient_direction():
    a, p = lb.datasets.circle_pairs(n=6, seed=0)
    t, i = 0.2, 2
    probs, push = anchor_push(a, p, i, t)
    assert np.allclose(probs, lb.softmax(a[i] @ p.T / t))
    lengths = np.hypot(*push.T)
    assert lengths[i] == pytest.approx(1 - probs[i]) and np.allclose(np.delete(lengths, i), np.delete(probs, i))
    assert np.sum(np.delete(lengths, i)) == pytest.approx(lengths[i])  # the pushes add up to the pull
    # each arrow is minus the gradient of anchor i's own loss, rescaled by tau / sin(angle): the same direction
    for j in range(6):
        def row_loss(pj, j=j):
            q = p.copy()
            q[j] = pj
            return lb.info_nce(a, q, temperature=t, reduction="none")[i]
        g = numerical_gradient(row_loss, p[j])
        tangent = g - (g @ p[j]) * p[j]  # the part that turns the (unit) candidate
        cosine = (-tangent @ push[j]) / (np.linalg.norm(tangent) * np.linalg.norm(push[j]))
        assert cosine == pytest.approx(1.0, abs=1e-6)


def test_widget_readout_bars_arrows_and_curve():
    w = lb.widgets.info_nce_temperature(temperature=0.1, n=8, anchor=4)
    a, p = lb.datasets.circle_pairs(n=8, seed=0)
    rows = lb.info_nce(a, p, temperature=0.1, reduction="none")
    probs = lb.softmax(a[4] @ p.T / 0.1)
    assert f"batch loss {np.mean(rows):.3f}" in w.text and f"ln N = {math.log(8):.3f}" in w.text
    assert f"-ln {probs[4]:.3f} = {rows[4]:.3f}" in w.text
    heights = [bar.get_height() for bar in w.plot.bars]
    assert np.allclose(heights[:8], probs) and not any(bar.get_visible() for bar in w.plot.bars[8:])
    assert w.plot.bars[4].get_hatch() == "//" and w.plot.bars[3].get_hatch() is None
    assert w.plot.uniform.get_ydata()[0] == pytest.approx(1 / 8)
    # the bar axis shows the 8 candidates only, not 16 slots
    assert 7 < w.plot.bax.get_xlim()[1] < 8
    assert max(w.plot.uniform.get_xdata()) < 8
    assert w.plot.ceiling.get_ydata()[0] == pytest.approx(math.log(8))
    assert w.plot.marker.get_ydata()[0] == pytest.approx(np.mean(rows))
    # a bigger batch: the ceiling and the curve move, the softmax gets 16 bars, and the curve stays in the axes
    w.set(n=16, temperature=0.01)
    assert w.plot.ceiling.get_ydata()[0] == pytest.approx(math.log(16))
    assert all(bar.get_visible() for bar in w.plot.bars)
    assert 15 < w.plot.bax.get_xlim()[1] < 16
    top = w.plot.lax.get_ylim()[1]
    for k in range(2, 17):
        w.set(n=k)
        assert np.max(w.plot.curve.get_ydata()) < top and math.log(k) < top


def test_widget_softmax_sharpens_as_the_temperature_falls():
    w = lb.widgets.info_nce_temperature(temperature=1.0, n=8, anchor=4)
    soft = max(bar.get_height() for bar in w.plot.bars)
    w.set(temperature=0.01)
    sharp = max(bar.get_height() for bar in w.plot.bars)
    assert sharp > soft + 0.2
    assert "the easiest 0.0000" in w.text  # far negatives get no push at a low temperature


def test_widget_anchor_beyond_the_batch_and_bad_arguments():
    w = lb.widgets.info_nce_temperature(n=8, anchor=4)
    w.set(anchor=12)
    assert "anchor 12 is not in a batch of 8: showing anchor 7" in w.text
    with pytest.raises(ValueError, match="anchor must be below the batch size"):
        lb.widgets.info_nce_temperature(n=4, anchor=6)
    with pytest.raises(ValueError, match="temperature"):
        lb.widgets.info_nce_temperature(temperature=0.0)


def test_exercises():
    ex = lb.exercises.info_nce
    assert ex.untrained_guess.truth == pytest.approx(lb.info_nce(np.ones((32, 2)), np.ones((32, 2))))
    assert ex.untrained_guess.evaluate(math.log10(32)).misconception == "log10"
    # by hand: an anchor at (1, 0), candidates at the angles whose cosines are 0.8, 0.2, -0.4
    cosines = np.array([0.8, 0.2, -0.4])
    cands = np.column_stack([cosines, np.sqrt(1 - cosines**2)])
    anchors = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, -1.0]])  # rows 1 and 2 only fill the batch
    by_lb = lb.info_nce(anchors, cands, temperature=0.5, reduction="none")[0]
    assert ex.by_hand.evaluate(by_lb).status == "correct"
    assert ex.by_hand.evaluate(lb.info_nce(anchors, cands, temperature=1.0, reduction="none")[0]).misconception \
        == "no_temperature"
    assert ex.hardest_guess.truth == pytest.approx(1 / (1 + math.exp(-11)))
    for case in ex.info_nce_function.cases:
        a, p, t = case.args
        assert ex.info_nce_function.reference(a, p, t) == pytest.approx(lb.info_nce(a, p, temperature=t), rel=1e-12)


def test_circle_panel_labels_only_the_positive_and_the_hardest_negative_apart():
    w = lb.widgets.info_nce_temperature(temperature=0.1, n=16, anchor=9)
    a, p = lb.datasets.circle_pairs(n=16, seed=0)
    hardest = int(np.delete(np.arange(16), 9)[np.argmax(np.delete(p @ a[9], 9))])
    plot = w.plot
    assert plot.positive_label.get_text() == "9" and plot.hardest_label.get_text() == str(hardest)
    assert hardest == 3 and f"hardest negative {hardest}" in w.text  # the panel and the readout name the same one
    # the two labels are outside the circle and at least the label gap apart, though their candidates are close
    pos, hard = np.array(plot.positive_label.get_position()), np.array(plot.hardest_label.get_position())
    assert np.hypot(*pos) > 1.15 and np.hypot(*hard) > 1.15
    gap = abs(np.angle(np.exp(1j * (np.arctan2(*pos[::-1]) - np.arctan2(*hard[::-1])))))
    assert gap >= 0.32 - 1e-12
    # every arrow starts outside the circle, so no marker (anchor star included) covers it
    assert np.all(np.hypot(*plot.quiver.get_offsets()[:16].T) > 1.05)
    # the anchor's direction is drawn from the centre; the loss marker is not clipped at the slider's ends
    assert np.allclose(np.array(plot.ray.get_data())[:, 1], a[9])
    assert plot.marker.get_clip_on() is False


def test_batch_of_two_readout_has_one_negative():
    w = lb.widgets.info_nce_temperature(temperature=0.1, n=2, anchor=0)
    assert "the push on its one negative, 1" in w.text and "negatives together" not in w.text
    assert w.plot.hardest_label.get_text() == "1"


def test_lesson_2_9_chooser_points_to_info_nce_for_embeddings():
    pairs, triplets = lb.choosing.recommend("pairs"), lb.choosing.recommend("triplets")
    assert "lb.info_nce" in pairs.why and "lb.nt_xent" in pairs.why and 'lesson 3.8, "InfoNCE"' in pairs.why
    assert 'lesson 3.8, "InfoNCE"' in triplets.why
    assert callable(lb.info_nce) and callable(lb.nt_xent)  # the calls named there exist


def test_nt_xent_by_hand_is_what_lb_nt_xent_charges_that_view():
    from lossbook.losses.similarity import _pick_other_view

    # four unit views in 4-D whose first view has cosines 0.9 (its other view), 0.3 and 0.2 (image 1's two views)
    e = np.eye(4)
    w0, w1 = e[0], 0.3 * e[0] + math.sqrt(1 - 0.09) * e[1]
    w2, w3 = 0.9 * e[0] + math.sqrt(1 - 0.81) * e[2], 0.2 * e[0] + math.sqrt(1 - 0.04) * e[3]
    z1, z2 = np.array([w0, w1]), np.array([w2, w3])
    views, _ = _pick_other_view(np.vstack([z1, z2]) @ np.vstack([z1, z2]).T, 0.5)
    ex = lb.exercises.info_nce.nt_xent_by_hand
    assert ex.evaluate(views[0]).status == "correct"
    assert lb.nt_xent(z1, z2, temperature=0.5, reduction="none")[0] == pytest.approx(0.5 * (views[0] + views[2]))
    one_way = lb.info_nce(z1, z2, temperature=0.5, reduction="none")[0]  # InfoNCE: no same-side negative
    assert ex.evaluate(one_way).misconception == "info_nce"


def test_circle_batch_plot_draws_stars_above_rings_and_magnifies_the_closest_anchors():
    anchor, positive = lb.datasets.circle_pairs(n=8, seed=0)
    plot = lb.plots.CircleBatchPlot(anchor, positive)
    angles = np.arctan2(anchor[:, 1], anchor[:, 0])
    gaps = np.abs(np.angle(np.exp(1j * (angles[:, None] - angles[None, :])))) + 10.0 * np.eye(len(angles))
    i, j = sorted(np.unravel_index(np.argmin(gaps), gaps.shape))
    assert f"pairs {i} and {j}" in repr(plot)
    for ax in (plot.ax, plot.inset):
        stars = [line for line in ax.lines if line.get_marker() == "*"]
        rings = [line for line in ax.lines if line.get_marker() == "o"]
        assert len(stars) == len(rings) == 1 and stars[0].get_zorder() > rings[0].get_zorder()
    x0, x1 = plot.inset.get_xlim()
    y0, y1 = plot.inset.get_ylim()
    for k in (i, j):
        for point in (anchor[k], positive[k]):
            assert x0 < point[0] < x1 and y0 < point[1] < y1
    labels = [text.get_position() for text in plot.ax.texts]     # the anchors' indices outside the circle
    assert len(labels) == len(anchor)
    for x, y in labels:                                           # none crowds the zoomed box
        assert not (x0 - 0.08 < x < x1 + 0.08 and y0 - 0.08 < y < y1 + 0.08)
    assert "joined by" not in repr(plot)


def test_batch_size_slider_redraws_the_candidate_ticks():
    # The candidate numbers under the bars are part of the cached background: after the batch size changes, the frame
    # must be the one a widget built at that size draws (not 16 bars under the labels 0-7, or 4 under 0-15).
    w = lb.widgets.info_nce_temperature()
    n_artists = w.plot.n_artists()
    for n, anchor in [(16, 9), (4, 2), (8, 5)]:
        w.set(n=n, anchor=anchor)
        lo, hi = w.plot.bax.get_xlim()
        shown = [t for t in w.plot.bax.get_xticks() if lo <= t <= hi]
        assert shown == list(range(n))
        assert sum(bar.get_visible() for bar in w.plot.bars) == n
        fresh = lb.widgets.info_nce_temperature(n=n, anchor=anchor, temperature=w.values["temperature"])
        assert w.png == fresh.png, f"stale background after n={n}"
    assert w.plot.n_artists() == n_artists


def test_widget_draws_the_anchor_star_above_the_candidates_and_below_the_arrows():
    # anchor 13 of the batch of 16 sits almost on negative 0: its star must not hide under that triangle
    w = lb.widgets.info_nce_temperature(n=16, anchor=13)
    plot = w.plot
    assert plot.anchor.get_marker() == "*"
    assert plot.anchor.get_zorder() > max(plot.positive.get_zorder(), plot.negatives.get_zorder())
    assert plot.anchor.get_zorder() < plot.quiver.get_zorder()
    # blitting draws the moving artists in registration order: on the circle panel it must follow the zorders
    order = [artist.get_zorder() for artist in plot._dynamic if artist.axes is plot.anchor.axes]
    assert order == sorted(order) and plot.anchor in plot._dynamic
