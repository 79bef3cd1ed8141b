"""The controls: thin constructors with the course's defaults, and the layout helpers the explorer shares.

Every constructor gives continuous updates, a description with its unit (a screen reader announces it), and is
keyboard operable: ipywidgets 8 sliders take the arrow keys once focused, toggle buttons are ordinary buttons.
Bad ranges or options raise a ValueError/TypeError that names the control.
"""

from __future__ import annotations

import functools
from typing import Mapping

import ipywidgets as widgets

__all__ = ["slider", "int_slider", "toggle", "dropdown", "checkbox"]

_VALUE_CONTROLS = (widgets.ValueWidget,)
_DESCRIPTION_STYLE = {"description_width": "initial"}
# Wide enough that a long description ("positive-class weight α (alpha)") still leaves a usable slider track and a
# dropdown shows its longest option; never wider than the output area.
# (``100% - 4px``: ipywidgets gives every control a 2 px margin on each side.)
# In px, not rem: the classic Notebook (Bootstrap 3) sets the root font to 10 px, so 30rem was 300 px there, and a
# slider with a long description kept a 39 px track (ipywidgets 7's readout box takes 72 px of the rest).
_CONTROL_LAYOUT = {"width": "min(100% - 4px, 480px)"}
_PANEL_PX = 544  # the panel's width once it wraps below the figure (unless its readout needs more)
_ALIGN_MAX_EM = 16.0  # descriptions up to this width share one column (see Explorer._align_descriptions)

# ipywidgets draws descriptions, options and button labels at 13 px. Widths are measured with DejaVu Sans (shipped
# with Matplotlib), which is wider than the usual UI fonts (system-ui, Helvetica, Segoe UI): a width measured here
# never truncates a label into "lear..." in a browser.
_UI_FONT_PX = 13.0


@functools.lru_cache(maxsize=512)
def _text_em(text: str) -> float:
    """Width of ``text`` in em of the widgets' 13 px font, measured generously (see ``_UI_FONT_PX``)."""
    try:
        from matplotlib.font_manager import FontProperties, findfont, get_font

        font = get_font(findfont(FontProperties(family="DejaVu Sans")))
        font.set_size(_UI_FONT_PX, 72)
        font.set_text(text, 0.0)
        width_px = font.get_width_height()[0] / 64.0
    except Exception:  # no font at hand: a generous average advance
        width_px = 0.62 * _UI_FONT_PX * len(text)
    return width_px / _UI_FONT_PX


def _aligns(control) -> bool:
    """Whether ``control`` shows its description in a label column beside it (sliders, dropdowns, text boxes)."""
    style = getattr(control, "style", None)
    return (
        bool(getattr(control, "description", ""))
        and style is not None
        and style.has_trait("description_width")
        and not isinstance(control, (widgets.Checkbox, widgets.ToggleButtons, widgets.ToggleButton))
    )



def _panel_layout(label_px: float, readout: str) -> dict:
    """The layout of an explorer's panel (its controls and readout) beside or below the figure.

    The panel sits beside the figure when the output area has room for its *basis*, else wraps below the figure and
    grows to ``_PANEL_WIDTH`` (or the basis, if wider); it never gets wider than the output area. The basis is the
    widest of: the labels plus a usable slider (a track of at least 150 px, the value box and the margins: 260 px), and
    the readout's longest line (monospace, 0.62 em a character at 13 px, 4 characters of slack for values that grow),
    so the readout's lines do not wrap and no track shrinks to a stub (in the classic Notebook with ipywidgets 7 a
    too-narrow panel left 39 px tracks and a readout wrapped into a column).
    """
    longest = max((len(line) for line in readout.splitlines()), default=0)
    basis = round(max(288, label_px + 260, (longest + 4) * 0.62 * _UI_FONT_PX + 8))
    return {"flex": f"1 1 {basis}px", "min_width": f"min(100%, {basis}px)", "max_width": f"{max(basis, _PANEL_PX)}px"}


def _label(description: str, unit: str) -> str:
    if not isinstance(description, str) or not description.strip():
        raise ValueError("every control needs a non-empty description (a screen reader announces it)")
    return f"{description} ({unit})" if unit else description


def _check_range(value, low, high, step, what):
    for name, v in (("value", value), ("min", low), ("max", high), ("step", step)):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise TypeError(f"{what}: {name} must be a number, got {v!r}")
    if not low < high:
        raise ValueError(f"{what}: min must be below max, got min={low!r}, max={high!r}")
    if not low <= value <= high:
        raise ValueError(f"{what}: value={value!r} lies outside [min, max] = [{low!r}, {high!r}]")
    if not 0 < step <= high - low:
        raise ValueError(f"{what}: step must be positive and at most max - min, got step={step!r}")


def slider(value, min, max, step, *, description: str, unit: str = "", readout_format: str = ".2f"):  # noqa: A002
    """A ``FloatSlider`` with continuous updates and its unit in the description."""
    _check_range(value, min, max, step, f"slider {description!r}")
    return widgets.FloatSlider(
        value=value, min=min, max=max, step=step, description=_label(description, unit), continuous_update=True,
        readout=True, readout_format=readout_format, style=_DESCRIPTION_STYLE, layout=dict(_CONTROL_LAYOUT),
    )


def int_slider(value, min, max, step=1, *, description: str, unit: str = ""):  # noqa: A002
    """An ``IntSlider`` with continuous updates and its unit in the description."""
    for name, v in (("value", value), ("min", min), ("max", max), ("step", step)):
        if isinstance(v, bool) or not isinstance(v, int):
            raise TypeError(f"int slider {description!r}: {name} must be an int, got {v!r}")
    _check_range(value, min, max, step, f"int slider {description!r}")
    return widgets.IntSlider(
        value=value, min=min, max=max, step=step, description=_label(description, unit), continuous_update=True,
        style=_DESCRIPTION_STYLE, layout=dict(_CONTROL_LAYOUT),
    )


def _check_options(options, value, what):
    opts = list(options.values()) if isinstance(options, Mapping) else [o[1] if isinstance(o, tuple) else o for o in options]
    if not opts:
        raise ValueError(f"{what}: options is empty")
    if value not in opts:
        raise ValueError(f"{what}: value={value!r} is not one of the options {opts!r}")


def toggle(options, value, *, description: str):
    """``ToggleButtons`` for a few discrete choices (e.g. a label 0/1). ``options``: a list, ``(label, value)`` pairs or a dict."""
    _check_options(options, value, f"toggle {description!r}")
    opts = list(options.items()) if isinstance(options, Mapping) else list(options)
    style = dict(_DESCRIPTION_STYLE)
    # Buttons are 148 px wide by default: a longer label ("1 (the class scored z)") would end in "...". Widen every
    # button of this toggle to the longest label, so the buttons stay one size.
    labels = [str(o[0]) if isinstance(o, tuple) else str(o) for o in opts]
    widest = max(_text_em(t) for t in labels) + 2.0  # + the button's padding
    if widest * _UI_FONT_PX > 148:
        style["button_width"] = f"{widest:.1f}em"
    return widgets.ToggleButtons(options=opts, value=value, description=_label(description, ""), style=style)


def dropdown(options, value, *, description: str):
    """A ``Dropdown`` for a longer list of choices (e.g. which loss)."""
    _check_options(options, value, f"dropdown {description!r}")
    opts = list(options.items()) if isinstance(options, Mapping) else list(options)
    return widgets.Dropdown(options=opts, value=value, description=_label(description, ""), style=_DESCRIPTION_STYLE,
                            layout=dict(_CONTROL_LAYOUT))


def checkbox(value: bool, *, description: str):
    """A ``Checkbox`` for an on/off option."""
    if not isinstance(value, bool):
        raise TypeError(f"checkbox {description!r}: value must be True or False, got {value!r}")
    return widgets.Checkbox(value=value, description=_label(description, ""), indent=False, style=_DESCRIPTION_STYLE)

