"""Lesson 2.3, notebooks/week2/03-hinge-and-margins.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/hinge_and_margins.py (tests/test_plots.py, test_widgets.py and test_exercises.py
cover every lesson alike).
"""

import numpy as np

import lossbook as lb
from pngcheck import assert_figure


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
    assert 1 <= len(shown) <= min(len(plot.texts), np.count_nonzero(values > 0))  # a number without room is hidden
    worst = np.sort(values)[::-1][: len(plot.texts)]
    assert {t.get_text() for t in shown} <= {f"{v:.2f}" for v in worst}


def test_hinge_vs_bce_figure_is_static_and_described():
    fig = lb.widgets.hinge_vs_bce()
    assert "stays above 0 on this axis" in repr(fig)
    assert_figure(fig.png(), fig.pixel_size)


def test_multiclass_exercise_names_the_weston_watkins_slip():
    ex = lb.exercises.hinge_and_margins.multiclass_by_hand
    assert ex.evaluate(lb.multiclass_hinge(2, [0.9, 2.4, 1.6])).status == "correct"
    assert ex.evaluate(0.3 + 1.8).misconception == "sum_over_rivals"
    assert ex.evaluate(0.3).misconception == "weakest_rival"
    # new numbers: neither the lesson's table (0.00, 0.70, 2.00) nor a score in the prompt is the answer
    assert ex.answer not in (0.0, 0.7, 2.0, 0.9, 2.4, 1.6)


def test_angle_is_the_direction_of_w_and_the_boundary_runs_at_right_angles_to_it():
    w = lb.widgets.hinge_margin(angle=30.0)
    assert w.controls["angle"].description.startswith("direction of w")
    assert "w points at 30 degrees" in w.text
    xs, ys = w.plot.boundary.get_data()
    direction = np.array([xs[1] - xs[0], ys[1] - ys[0]])
    normal = np.array([np.cos(np.radians(30.0)), np.sin(np.radians(30.0))])
    assert abs(direction @ normal) < 1e-9 * np.linalg.norm(direction)


def test_hinge_vs_bce_legend_samples_are_long_enough_to_tell_dashes_apart():
    legend = lb.widgets.hinge_vs_bce().ax.get_legend()
    assert legend.handlelength >= 3.0


def test_margin_plot_loss_numbers_never_cover_a_point_or_ring_and_sit_beside_their_own():
    """Measured on the drawn figure (the text boxes' pixel extents), over many boundaries: no number's box reaches
    another point's marker or ring, no two boxes overlap, each box stays inside the axes and within about one box
    height of its own ring, and is either clearly nearer its own ring than any other ring or joined to it by a line."""
    import matplotlib.pyplot as plt

    X, y = lb.datasets.margin_data()
    shown = leaders_absent = 0
    for angle in range(0, 360, 10):
        for offset, half_width in ((0.0, 1.0), (0.8, 0.4), (-0.5, 2.0)):
            plot = lb.plots.MarginPlot(X, y)
            w = np.array([np.cos(np.radians(angle)), np.sin(np.radians(angle))]) / half_width
            values = lb.hinge(y, X @ w + offset, reduction="none")
            plot.set_classifier(w, offset, values)
            fig = plot.fig
            fig.canvas.draw()
            renderer = fig.canvas.get_renderer()
            px = plot.ax.transData.transform(X)
            reach = (np.maximum(np.sqrt(plot.rings.get_sizes()), 7.0) + 1.6) / 2.0 * fig.dpi / 72.0
            axes_box = plot.ax.get_window_extent(renderer)
            boxes = []
            ringed = plot.rings.get_sizes() > 0
            for tag, leader, i in zip(plot.texts, plot.leaders, np.argsort(-values, kind="stable")):
                if not tag.get_visible():
                    assert not leader.get_visible()
                    continue
                shown += 1
                plot.ax.draw_artist(tag)
                box = tag.get_bbox_patch().get_window_extent(renderer)
                assert tag.get_text() == f"{values[i]:.2f}"
                dx = np.maximum.reduce([box.x0 - px[:, 0], np.zeros(len(X)), px[:, 0] - box.x1])
                dy = np.maximum.reduce([box.y0 - px[:, 1], np.zeros(len(X)), px[:, 1] - box.y1])
                gap = np.hypot(dx, dy) - reach
                others = np.arange(len(X)) != i
                assert np.all(gap[others] > 0), (angle, offset, half_width, tag.get_text())
                assert gap[i] < box.height * 1.5, (angle, offset, half_width, tag.get_text())
                if leader.get_visible():  # a line from the edge of its own ring to the box tells whose number it is
                    ends = plot.ax.transData.transform(np.column_stack(leader.get_data()))
                    ring_radius = np.sqrt(plot.rings.get_sizes()[i]) / 2.0 * fig.dpi / 72.0
                    assert abs(np.hypot(*(ends[0] - px[i])) - ring_radius) < 1.0
                    assert box.padded(1.0).contains(*ends[1])
                else:  # no line: the box is clearly nearer its own ring than any other ring
                    assert np.all(gap[others & ringed] > gap[i] + 2.0), (angle, offset, half_width, tag.get_text())
                    leaders_absent += 1
                assert axes_box.x0 <= box.x0 <= box.x1 <= axes_box.x1
                assert axes_box.y0 <= box.y0 <= box.y1 <= axes_box.y1
                assert not any(box.overlaps(other) for other in boxes)
                boxes.append(box)
            plt.close(fig)
    assert shown > 150  # most frames show numbers: the rule hides only those that have no clear place
    assert 0 < leaders_absent < shown  # both kinds occur: right beside the ring, and a little away with a line
