"""Lesson 2.8, notebooks/week2/08-ctc.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/ctc.py (tests/test_plots.py, test_widgets.py and test_exercises.py cover every
lesson alike).
"""

import numpy as np
import pytest

import lossbook as lb


def test_ctc_toy_loss_equals_the_sum_over_enumerated_paths():
    toy = lb.datasets.ctc_toy()
    paths = lb.ctc_paths(toy.labels, 8)
    total = toy.probs[np.arange(8), paths].prod(axis=1).sum()
    assert len(paths) == 66
    assert lb.ctc(toy.labels, np.log(toy.probs)) == pytest.approx(-np.log(total), rel=1e-12)


def test_paths_plot_draws_every_path_and_rejects_an_invalid_highlight():
    plot = lb.plots.CTCPathsPlot("HELLO", 8, highlight=[1, 2, 3, 3, 0, 3, 4, 0])
    assert plot.n_paths == 66 and plot.S == 11
    with pytest.raises(ValueError, match="not a valid alignment"):
        lb.plots.CTCPathsPlot("HELLO", 8, highlight=[1, 2, 3, 3, 3, 3, 4, 0])  # no blank between the L's


def test_path_positions_are_unique_and_follow_the_moves():
    from lossbook.plots.ctc import _path_positions

    labels = [1, 2, 3, 3, 4]
    pos = _path_positions(lb.ctc_paths(labels, 8), labels)
    assert pos.shape == (66, 8)
    assert len({tuple(p) for p in pos}) == 66  # one position sequence per path
    steps = np.diff(pos, axis=1)
    assert steps.min() >= 0 and steps.max() <= 2
    assert set(pos[:, 0]) <= {0, 1} and set(pos[:, -1]) <= {9, 10}


def test_ctc_hello_readout_matches_the_numerics():
    w = lb.widgets.ctc_hello()
    toy = lb.datasets.ctc_toy()
    assert f"CTC loss = {lb.ctc(toy.labels, np.log(toy.probs)):.3f}" in w.text
    assert w.text.endswith("reads HELLO")
    w.set(symbol="L", frame=5, nudge=4.0)  # the pause between the L's now hears an L: the word reads HELO
    assert w.text.endswith("reads HELO")
    logits = np.log(toy.probs)
    logits[4, 3] += 4.0
    assert f"CTC loss = {lb.ctc(toy.labels, logits):.3f}" in w.text


def test_ctc_hello_posterior_columns_sum_to_one():
    w = lb.widgets.ctc_hello(nudge=2.0)
    post = np.asarray(w.plot.im_post.get_array()).reshape(11, 8)
    np.testing.assert_allclose(post.sum(axis=0), 1.0, atol=1e-9)


def test_ctc_exercises_name_the_repeat_blank_slip():
    from lossbook.exercises import ctc

    assert ctc.coffee_min_frames.evaluate(6).misconception == "forgot_repeat_blank"
    assert ctc.coffee_min_frames.evaluate(7).misconception == "one_double_letter"
    # the answer is the shortest recording with any path, computed independently by listing paths
    coffee = [1, 2, 3, 3, 4, 4]
    shortest = next(t for t in range(1, 20) if len(lb.ctc_paths(coffee, t)) > 0)
    assert ctc.coffee_min_frames.evaluate(shortest).correct
    assert lb.ctc(coffee, np.zeros((shortest - 1, 5))) == np.inf
    assert ctc.cat_paths_guess.truth == 7
    assert ctc.collapse_function.evaluate(lb.ctc_collapse).correct


def test_lattice_widget_titles_say_what_each_shared_colour_means():
    """Both panels share one colour bar, so each title names its own probability (they differ)."""
    plot = lb.widgets.ctc_hello().plot
    left, right = plot.ax_probs.get_title(), plot.ax_post.get_title()
    assert "p(symbol" in left and "HELLO" in right and left != right
