"""The widget layer. The generic tests run over every registered widget, so lesson widgets are covered on arrival."""

import base64
import html
import inspect
import re
import textwrap
import warnings

import ipywidgets as widgets
import numpy as np
import pytest

import lossbook as lb
from pngcheck import assert_figure

NAMES = lb.widgets.registered()


def _other_value(control):
    """A valid value for ``control`` different from its current one (as a user could pick it)."""
    if isinstance(control, (widgets.FloatSlider, widgets.IntSlider)):
        lo, hi, step = control.min, control.max, control.step
        for frac in (0.37, 0.81, 0.12):
            v = lo + round(frac * (hi - lo) / step) * step
            v = int(v) if isinstance(control, widgets.IntSlider) else float(v)
            if abs(v - control.value) > step / 2:
                return v
    if isinstance(control, widgets.Checkbox):
        return not control.value
    if hasattr(control, "options"):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        others = [v for v in values if v != control.value]
        assert others, "a choice control with a single option"
        return others[0]
    raise AssertionError(f"don't know how to drive {type(control).__name__}")


def test_there_are_registered_widgets():
    assert "loss_curve" in NAMES


@pytest.fixture(params=NAMES)
def widget(request):
    return lb.widgets.build(request.param)


def test_mimebundle_has_live_view_picture_and_stable_text(widget):
    bundle = widget._repr_mimebundle_()
    assert set(bundle) >= {"application/vnd.jupyter.widget-view+json", "image/png", "text/plain"}
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == widget.model_id
    assert base64.b64decode(bundle["image/png"]) == widget.png  # the static picture is the current frame
    text = bundle["text/plain"]
    assert text == widget.text and text.strip()
    assert not re.search(r"0x[0-9a-f]{6,}|[0-9a-f]{32}|model_id|<", text), text
    # Building the same widget again gives the same text and the same picture: nbval and git diffs stay quiet.
    again = lb.widgets.build(widget.name)
    assert again.text == text
    assert again.png == widget.png


def test_first_frame_renders_without_a_frontend(widget):
    assert_figure(widget.png, widget.plot.pixel_size)  # decoded: the plot's size, opaque, not blank
    assert widget.image.value == widget.png
    assert widget.image.format == "png"
    # The readout is HTML-escaped text: unescaped, it holds the plain readout whatever characters it uses (<, >, &, ').
    assert widget.readout.value and widget.text in html.unescape(widget.readout.value)


def test_readout_is_a_polite_live_region(widget):
    assert 'role="status"' in widget.readout.value
    assert 'aria-live="polite"' in widget.readout.value


def test_controls_are_described_and_continuous(widget):
    assert widget.controls
    for name, control in widget.controls.items():
        assert control.description.strip(), name
        if isinstance(control, (widgets.FloatSlider, widgets.IntSlider)):
            assert control.continuous_update is True, name
            assert not control.disabled, name
        assert control in widget.children[1].children, f"control {name!r} is not shown"


def test_every_control_changes_readout_and_picture(widget):
    for name, control in widget.controls.items():
        text, png, plot_draws = widget.text, widget.png, widget.plot.frames_rendered
        control.value = _other_value(control)
        assert widget.text != text, f"{widget.name}: moving {name!r} did not change the readout"
        assert widget.png != png, f"{widget.name}: moving {name!r} did not change the picture"
        assert widget.image.value == widget.png
        assert widget.plot.frames_rendered == plot_draws + 1, "one change must render exactly one frame"


def test_driving_controls_creates_no_artist_and_no_pyplot_figure(widget):
    import matplotlib.pyplot as plt

    n = widget.plot.n_artists()
    for control in widget.controls.values():
        control.value = _other_value(control)
    assert widget.plot.n_artists() == n
    assert plt.get_fignums() == []


def test_set_runs_one_step_for_several_controls(widget):
    new = {name: _other_value(c) for name, c in widget.controls.items()}
    frames = widget.plot.frames_rendered
    widget.set(**new)
    assert widget.plot.frames_rendered == frames + 1
    assert widget.values == new
    with pytest.raises(KeyError, match="no control named"):
        widget.set(not_a_control=1)


def test_loss_curve_readout_matches_the_numerics():
    w = lb.widgets.loss_curve(loss="mse", target=0.5, prediction=1.5)
    assert w.text == "squared error: target y = 0.50, prediction = 1.50, loss = 1.000"
    w.controls["loss"].value = "mae"
    assert w.text.endswith("loss = 1.000")
    w.controls["y_hat"].value = -0.5
    assert w.text.endswith("loss = 1.000") and "prediction = -0.50" in w.text


@pytest.mark.parametrize("loss", ["mse", "mae", "huber"])
def test_loss_curve_keeps_curve_and_point_inside_the_axes_over_the_sliders_whole_range(loss):
    """Target in [-2, 2], prediction in [-4, 4]: a miss of up to 6 (a squared error of 36) stays on the axes."""
    w = lb.widgets.loss_curve(loss="mse")
    w.set(loss=loss)
    fn = getattr(lb, loss)
    for y, y_hat in [(-2.0, 4.0), (2.0, -4.0), (-1.0, 3.5), (0.0, 0.0)]:
        w.set(y=y, y_hat=y_hat)
        lo, hi = w.plot.ax.get_ylim()
        assert lo < 0.0 < fn(y, y_hat) < hi or fn(y, y_hat) == 0.0
        assert w.plot.point.get_ydata()[0] == pytest.approx(fn(y, y_hat))  # drawn at its value, not pinned
        assert np.max(w.plot.curve.get_ydata()) < hi


def test_frame_recomputes_only_what_changed(monkeypatch):
    calls = []
    real = lb.mse

    def counting(*args, **kwargs):
        calls.append(kwargs.get("reduction", "mean"))
        return real(*args, **kwargs)

    monkeypatch.setattr(lb, "mse", counting)
    w = lb.widgets.loss_curve(loss="mse")
    calls.clear()
    w.controls["y_hat"].value = 0.25
    assert calls == ["mean"], "moving the prediction must not recompute the whole curve"
    calls.clear()
    w.controls["y"].value = 1.0
    assert calls.count("none") == 1


# -- bad arguments ----------------------------------------------------------------------------------------------------
def test_bad_widget_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="loss must be one of"):
        lb.widgets.loss_curve(loss="nope")
    with pytest.raises(ValueError, match="outside"):
        lb.widgets.loss_curve(prediction=100.0)
    with pytest.raises(KeyError, match="registered widgets"):
        lb.widgets.build("no_such_widget")


def test_control_helpers_validate():
    with pytest.raises(ValueError, match="min must be below max"):
        lb.widgets.slider(0.5, 1.0, 0.0, 0.1, description="p")
    with pytest.raises(ValueError, match="step"):
        lb.widgets.slider(0.5, 0.0, 1.0, 0.0, description="p")
    with pytest.raises(ValueError, match="description"):
        lb.widgets.slider(0.5, 0.0, 1.0, 0.1, description="")
    with pytest.raises(TypeError, match="must be an int"):
        lb.widgets.int_slider(1.5, 0, 10, description="n")
    with pytest.raises(ValueError, match="not one of the options"):
        lb.widgets.toggle([0, 1], 2, description="y")
    s = lb.widgets.slider(0.5, 0.0, 1.0, 0.01, description="p", unit="probability")
    assert s.description == "p (probability)" and s.continuous_update


def test_explorer_and_register_validate():
    plot = lb.plots.LossCurvePlot([0.0, 1.0], [0.0, 1.0])
    s = lb.widgets.slider(0.5, 0.0, 1.0, 0.1, description="p")
    with pytest.raises(TypeError, match="png"):
        lb.widgets.Explorer(object(), {"p": s}, lambda v, c: "")
    with pytest.raises(TypeError, match="non-empty dict"):
        lb.widgets.Explorer(plot, {}, lambda v, c: "")
    with pytest.raises(TypeError, match="value widget"):
        lb.widgets.Explorer(plot, {"p": widgets.Button()}, lambda v, c: "")
    with pytest.raises(TypeError, match="readout text"):
        lb.widgets.Explorer(plot, {"p": s}, lambda v, c: 1.0)
    with pytest.raises(TypeError, match="callable with no arguments"):
        lb.widgets.register(lambda p: None)

    def not_an_explorer():
        return widgets.HTML("x")

    factory = lb.widgets.register(not_an_explorer, name="_test_not_an_explorer")
    try:
        with pytest.raises(TypeError, match="must return a lossbook.widgets.Explorer"):
            factory()
    finally:
        del lb.widgets.REGISTRY["_test_not_an_explorer"]


def test_the_authors_guide_example_works():
    """The guide in lossbook/widgets/__init__.py is what lesson authors copy: it must run as written."""
    blocks = re.findall(r"::\n\n((?:(?:    .*)?\n)+)", lb.widgets.__doc__)
    assert len(blocks) == 3
    plot_src, widget_src, test_src = (textwrap.dedent(b) for b in blocks)
    import sys
    import types

    module = types.ModuleType("lossbook.plots.huber_up_close")
    exec(compile(plot_src, "guide-plot", "exec"), module.__dict__)
    sys.modules["lossbook.plots.huber_up_close"] = module
    ns = {}
    try:
        exec(compile(widget_src, "guide-widget", "exec"), ns)
        assert "huber_demo" in lb.widgets.REGISTRY
        w = ns["huber_demo"]()
        assert w.name == "huber_demo"
        assert_figure(w.png, w.plot.pixel_size)
        test_ns = {"lb": types.SimpleNamespace(widgets=types.SimpleNamespace(huber_demo=ns["huber_demo"]))}
        exec(compile(test_src, "guide-test", "exec"), test_ns)
        test_ns["test_huber_demo_is_quadratic_inside_delta"]()
        n = w.plot.n_artists()
        text, png = w.text, w.png
        w.controls["delta"].value = 0.5
        assert w.text != text and w.png != png and w.plot.n_artists() == n
    finally:
        lb.widgets.REGISTRY.pop("huber_demo", None)
        sys.modules.pop("lossbook.plots.huber_up_close", None)


# -- the reusable lesson widgets --------------------------------------------------------------------------------------
def test_bce_curve_readout_and_label_toggle():
    w = lb.widgets.bce_curve(p=0.8, label=1)
    assert w.text == "label y = 1, predicted p = 0.80, loss = 0.223, gradient dL/dp = -1.250"
    curve_before = w.plot.curve.get_ydata().copy()
    w.controls["y"].value = 0
    assert w.text == "label y = 0, predicted p = 0.80, loss = 1.609, gradient dL/dp = 5.000"
    assert not np.array_equal(w.plot.curve.get_ydata(), curve_before)
    with pytest.raises(ValueError, match="label must be 0 or 1"):
        lb.widgets.bce_curve(label=2)


def test_loss_and_gradient_tangent_has_the_gradient_as_slope():
    w = lb.widgets.loss_and_gradient(loss="mse", target=0.0, prediction=1.0)
    assert w.text.endswith("loss = 1.000, gradient = 2.000")
    (x0, x1), (y0, y1) = w.plot.tangent.get_data()
    assert (y1 - y0) / (x1 - x0) == pytest.approx(2.0)


def test_landscape_surface_is_computed_once_and_sliders_move_the_marker_only():
    w = lb.widgets.loss_landscape()
    draws = w.plot.full_draws
    w.set(w=2.0, b=-0.5)
    w.controls["w"].value = 1.0
    assert w.plot.full_draws == draws, "moving the parameters must not redraw the surface"
    assert list(w.plot.point.get_xdata()) == [1.0]
    assert w.plot.minimum == pytest.approx((2.0, -0.5), abs=0.15)


def test_landscape_gradient_matches_finite_differences():
    from lossbook.datasets import toy_line
    from lossbook.fitting import line_mse, line_mse_grad

    x, y = toy_line()
    p, h = np.array([0.7, 0.2]), 1e-6
    numeric = [(line_mse(p + h * e, x, y) - line_mse(p - h * e, x, y)) / (2 * h) for e in np.eye(2)]
    assert line_mse_grad(p, x, y) == pytest.approx(numeric, rel=1e-6)


def test_training_curve_converges_diverges_and_reuses_the_run():
    w = lb.widgets.training_curve(lr=0.3, steps=50)
    losses = w.plot.values
    assert len(losses) == 51 and losses[-1] < 0.1 * losses[0]
    w.controls["lr"].value = 1.5
    assert "diverged at step" in w.text
    from lossbook.widgets import training

    calls = []
    real = training.run_training
    training.run_training = lambda *a, **k: calls.append(1) or real(*a, **k)
    try:
        w.controls["steps"].value = 10
    finally:
        training.run_training = real
    assert calls == [] and len(w.plot.values) == 11


def test_run_training_with_a_given_rule_and_bad_arguments():
    from lossbook.fitting import RULES, run_training

    losses = run_training(lambda p: float(p @ p), lambda p: 2 * p, [1.0, 0.0], lr=0.25, steps=3,
                          update=RULES["gradient descent"])
    assert losses == pytest.approx([1.0, 0.25, 0.0625, 0.015625])
    with pytest.raises(ValueError, match="lr must be"):
        run_training(lambda p: 0.0, lambda p: p, [0.0], lr=-1, steps=3)
    with pytest.raises(ValueError, match="steps must be"):
        run_training(lambda p: 0.0, lambda p: p, [0.0], lr=0.1, steps=2.5)
    with pytest.raises(ValueError, match="rule must be one of"):
        lb.widgets.training_curve(rule="adam")
    with pytest.raises(ValueError, match="both loss_fn and grad_fn"):
        lb.widgets.training_curve(loss_fn=lambda p: 0.0)


def test_training_curve_readout_stays_readable_when_a_run_diverges():
    # lr = 1.2 overshoots on the built-in line fit: the loss grows by orders of magnitude, shown compactly.
    text = lb.widgets.training_curve(lr=1.2, steps=30).text
    assert "e+" in text and "rising" in text
    assert not re.search(r"\d{7,}", text)  # no raw 9-digit numbers
    assert "rising" not in lb.widgets.training_curve(lr=0.3, steps=30).text


def _bad_values(default):
    """(wrong type, out of range) for an argument whose default is ``default``; None where there is none."""
    if isinstance(default, bool):
        return "yes", None
    if isinstance(default, int):
        return 7.0 if default != 7 else 8.0, -1
    if isinstance(default, float):
        return "x", float("inf")
    if isinstance(default, str):
        return 3, "no such option"
    if isinstance(default, tuple):
        return "ab", (default[0],)
    return None, None


_ARGUMENT_CASES = [
    (name, parameter.name, kind, value)
    for name in sorted(lb.widgets.REGISTRY)
    for parameter in inspect.signature(lb.widgets.REGISTRY[name]).parameters.values()
    for kind, value in zip(("wrong type", "out of range"), _bad_values(parameter.default))
    if value is not None
]


@pytest.mark.parametrize("name, argument, kind, value", _ARGUMENT_CASES)
def test_a_bad_argument_names_itself(name, argument, kind, value):
    """What a learner types in a "Try this" cell: a wrong type or an out-of-range value for any argument of any
    widget is a TypeError/ValueError naming that argument, never an IndexError, OverflowError or a warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises((TypeError, ValueError)) as info:
            lb.widgets.REGISTRY[name](**{argument: value})
    assert argument in str(info.value), f"{name}({argument}={value!r}): {info.value}"


@pytest.mark.parametrize("call, argument", [
    (lambda: lb.widgets.label_smoothing(true_class=10), "true_class"),
    (lambda: lb.widgets.label_smoothing(true_class=7.0), "true_class"),
    (lambda: lb.widgets.training_loop(max_steps=0), "max_steps"),
    (lambda: lb.widgets.training_loop(max_steps=float("inf")), "max_steps"),
    (lambda: lb.widgets.training_loop(steps=50, max_steps=30), "max_steps"),
    (lambda: lb.widgets.training_curve(params0=(0,)), "params0"),
    (lambda: lb.widgets.training_curve(params0=(0.0, float("nan"))), "params0"),
    (lambda: lb.widgets.triplet_explorer(positive=(0,)), "positive"),
    (lambda: lb.widgets.triplet_explorer(positive=(-3.0, 0.0)), "positive"),
    (lambda: lb.widgets.focal_shares(seed=0.0), "seed"),
    (lambda: lb.widgets.hinge_margin(seed=0.0), "seed"),
    (lambda: lb.widgets.scorecard(answer="x"), "answer"),
])
def test_the_issue_s_try_this_slips(call, argument):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises((TypeError, ValueError), match=argument):
            call()
