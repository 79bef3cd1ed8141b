"""Lesson 1.1, notebooks/week1/01-what-is-a-loss.ipynb: what is special about its modules,
lossbook/{plots,widgets,exercises}/what_is_a_loss.py (tests/test_plots.py, test_widgets.py and test_exercises.py
cover every lesson alike).
"""

import pytest

import lossbook as lb
from pngcheck import assert_figure
from lossbook.plots.what_is_a_loss import LOOP_STEPS, FlowDiagram



def test_flow_diagram_renders_and_describes_itself():
    d = FlowDiagram()
    assert_figure(d.png(), d.pixel_size)
    text = repr(d)
    positions = [text.index(name) for name, _ in LOOP_STEPS]
    assert positions == sorted(positions), "the description lists the steps in order"
    assert "0x" not in text
    with pytest.raises(ValueError, match="highlight"):
        FlowDiagram(highlight="nope")


def test_scorecard_scores_and_says_better_or_worse():
    w = lb.widgets.scorecard(answer=20.0, prediction=24.0)
    assert "squared error = 16.00" in w.text and "absolute error = 4.00" in w.text
    assert "Move the prediction" in w.text
    w.controls["prediction"].value = 22.0
    assert "Better" in w.text and "from 16.00 to 4.00" in w.text
    w.controls["prediction"].value = 18.0
    assert "Same score" in w.text
    w.controls["prediction"].value = 12.0
    assert "Worse" in w.text and "squared error = 64.00" in w.text
    # the hollow dot marks the previous prediction on both panels
    assert list(w.plot.ghosts[0].get_xdata()) == [18.0] and w.plot.ghosts[1].get_visible()


def test_scorecard_rejects_a_prediction_off_the_scale():
    with pytest.raises(ValueError, match="within 10"):
        lb.widgets.scorecard(answer=20.0, prediction=35.0)


def test_loop_order_answer_is_the_loop_of_the_diagram():
    from lossbook.exercises.what_is_a_loss import STEPS, loop_order

    order = [STEPS[int(i)] for i in loop_order.answer]
    assert order == [name for name, _ in LOOP_STEPS]


def test_backward_step_is_described_as_a_sensitivity_not_a_share_of_blame():
    what = dict(LOOP_STEPS)["backward propagation"].replace("\n", " ")
    assert "change" in what and "add" not in what


def test_scorecard_dot_takes_the_colour_of_its_curve():
    from matplotlib.colors import to_hex

    w = lb.widgets.scorecard(answer=20.0, prediction=24.0)
    for ax, point in zip(w.plot.axes, w.plot.points):
        curve = ax.lines[0]
        assert to_hex(point.get_markerfacecolor()) == to_hex(curve.get_color())
    assert to_hex(w.plot.points[0].get_markerfacecolor()) != to_hex(w.plot.points[1].get_markerfacecolor())
