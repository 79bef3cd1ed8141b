"""Alternative text and accessible names, outside the browser: what the figures, the explorers and the tables hand to
the front end. (tests/a11y_checks.py, run by tests/test_browser.py, checks what the browser makes of it.)"""

from __future__ import annotations

import base64
import html
import re
import urllib.parse

import ipywidgets
import pytest

import lossbook as lb
from lossbook.widgets import _a11y

SENTENCE = re.compile(r"^\S.{15,}[.!?]$", re.S)  # at least a few words, ending like a sentence


def _img(html_text: str) -> dict:
    """The attributes of the one <img> in ``html_text``."""
    tags = re.findall(r"<img\s[^>]*>", html_text)
    assert len(tags) == 1, html_text[:300]
    return {k: html.unescape(v) for k, v in re.findall(r'(\w[\w-]*)="([^"]*)"', tags[0])}


@pytest.mark.parametrize("name", lb.widgets.registered())
def test_every_explorer_image_says_what_it_shows_and_follows_the_readout(name):
    widget = lb.widgets.build(name)
    assert isinstance(widget.image, _a11y.FigureImage)
    assert SENTENCE.match(widget.alt), f"{name}: alt {widget.alt!r} is not a sentence"
    assert widget.image.tooltip == widget.alt_text  # the <img>'s title in ipywidgets 8
    assert widget.alt_text.startswith(widget.alt) and widget.text.splitlines()[0].strip() in widget.alt_text
    assert "lossbook-explorer" in widget._dom_classes
    assert html.escape(widget.alt_text) in widget.readout.value  # the hidden copy the script uses in ipywidgets 7
    # Kept current: move the first control that can move, and the text follows the new readout.
    for control in widget.controls.values():
        before = widget.text
        if hasattr(control, "max") and not isinstance(control.value, tuple):
            control.value = control.min if control.value != control.min else control.max
        elif getattr(control, "options", None):
            values = [o[1] if isinstance(o, tuple) else o for o in control.options]
            others = [v for v in values if v != control.value]
            if not others:
                continue
            control.value = others[0]
        else:
            control.value = not control.value
        if widget.text != before:
            assert widget.image.tooltip == widget.alt_text
            assert widget.text.splitlines()[0].strip() in widget.alt_text
            break


def test_a_static_figure_shows_as_html_with_its_alt_text_and_the_same_png():
    plot = lb.plots.ConfidencePlot([0.99, 0.5, 0.01])
    data, metadata = plot._repr_mimebundle_()
    img = _img(data["text/html"])
    assert img["alt"] == plot.describe() == metadata["image/png"]["alt"]
    assert repr(plot).rstrip(".") in img["alt"] and SENTENCE.match(img["alt"])
    assert data["text/plain"] == repr(plot)  # what nbval compares is unchanged
    src = img["src"]
    assert src.startswith("data:image/png;base64,") and "/" not in src.split(",", 1)[1]
    png = base64.b64decode(urllib.parse.unquote(src.split(",", 1)[1]))  # as a browser reads the data: URL
    assert png == base64.b64decode(data["image/png"]) == plot.png()
    assert (int(img["width"]), int(img["height"])) == plot.pixel_size


def test_a_figure_without_its_own_description_is_described_from_its_axes():
    plot = lb.plots.LossCurvePlot([0.0, 1.0, 2.0], [1.0, 0.0, 1.0], xlabel="prediction")
    assert plot.describe() == "A figure: loss against prediction."
    plot.alt = "The loss is smallest at a prediction of 1"
    assert plot.describe() == "The loss is smallest at a prediction of 1."


def test_widgets_display_the_accessibility_script_before_themselves(monkeypatch):
    shown = []
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append((obj, kw)))
    widget = lb.widgets.build("loss_curve")
    widget._ipython_display_()
    (script, kw1), *rest = shown
    assert script == {"application/javascript": _a11y.SCRIPT} and kw1["raw"]
    if not hasattr(ipywidgets.Widget, "_repr_mimebundle_"):
        # ipywidgets 7 (Colab's) displays the widget itself, through its own reference to display (not patched here)
        assert rest == []
        return
    ((bundle, kw2),) = rest
    assert "application/vnd.jupyter.widget-view+json" in bundle and bundle["text/plain"] == widget.text
    assert kw2["metadata"] == {"image/png": {"alt": widget.alt_text}}


def test_the_script_names_sliders_after_their_labels_and_copies_the_figure_text():
    # What it looks for and what it sets (its behaviour in a page is tests/a11y_checks.py's).
    for needle in ('[role="slider"]', ".widget-label", "aria-labelledby", ".lossbook-explorer", ".lossbook-alt",
                   "setAttribute('alt'", "MutationObserver", "window.lossbookA11y"):
        assert needle in _a11y.SCRIPT


@pytest.mark.parametrize("make", ["choosing.decision_table", "frameworks.conventions_table", "frameworks.names_table"])
def test_tables_scroll_in_a_named_focusable_box_and_have_no_empty_header(make):
    import importlib

    module, function = make.split(".")
    table = getattr(importlib.import_module(f"lossbook.{module}"), function)()
    text = table._repr_html_()
    box = re.match(r'<div role="region" aria-label="([^"]+)" tabindex="0"', text)
    assert box and box.group(1) == html.escape(table.title, quote=True)
    assert not re.search(r"<th[^>]*>\s*</th>", text)
