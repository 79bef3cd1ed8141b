"""The explorer: an ``Explorer`` wires named controls to one plot object and a readout.

Each change of a control runs one *step*:

1. ``frame(values, changed)`` is called with the current values of every control (a dict) and the set of control
   names that changed since the last step. It recomputes only what depends on ``changed``, moves the plot's artists
   (``plot.set_...``; cheap, nothing is drawn yet) and returns the readout as plain text.
2. The readout (an ``ipywidgets.HTML`` live region, ``role="status" aria-live="polite"``) gets that text first, so a
   screen reader hears the numbers without waiting for the picture.
3. The plot renders the frame through the Agg canvas to PNG bytes (blitting over a cached background), which go into
   an ``ipywidgets.Image``. No ipympl, no pyplot, no figure is ever rebuilt.

The explorer's ``_repr_mimebundle_`` returns the live widget view *and* a PNG of the current frame *and* the readout as
``text/plain``: JupyterLab shows the live widget, GitHub and nbviewer (no kernel) show the picture, and nbval, which
skips widget views and images, compares only the stable readout text. Displayed in a notebook, the explorer first
shows a small accessibility script (``lossbook.widgets._a11y``: it names every slider after its description), and the
picture carries the figure's description plus the current readout as its alternative text.
"""

from __future__ import annotations

import base64
import functools
import html
import time
from typing import Callable, Mapping

import ipywidgets as widgets

from ._a11y import FigureImage, show
from ._controls import _ALIGN_MAX_EM, _UI_FONT_PX, _VALUE_CONTROLS, _aligns, _panel_layout, _text_em

__all__ = ["Explorer"]


def _sentence(text: str) -> str:
    text = " ".join(str(text).split())
    return text if text.endswith((".", "!", "?")) else text + "."


class Explorer(widgets.HBox):
    """Named controls + one plot object + a readout, wired so that each change redraws only what changed.

    Parameters
    ----------
    plot : lossbook.plots.FigurePlot
        Built once by the factory; ``frame`` moves its artists.
    controls : dict[str, ipywidgets.ValueWidget]
        Named controls, shown in this order. Drive them from code with ``explorer.controls["p"].value = 0.3``.
    frame : callable(values: dict, changed: set[str]) -> str
        Recompute what depends on ``changed``, update the plot's artists, return the readout as plain text
        (numbers a screen reader can read: ``"p = 0.30, loss = 1.204"``). The first call has every name in ``changed``.
    title : str, optional
        A heading shown above the controls.
    alt : str, optional
        A sentence saying what the figure shows. It becomes the image's alternative text, followed by the readout
        (``explorer.alt_text``), on every step.
    """

    def __init__(self, plot, controls: Mapping, frame: Callable, *, title: str = "", alt: str = ""):
        if not hasattr(plot, "png") or not callable(plot.png):
            raise TypeError(f"plot must be a lossbook.plots plot object with a png() method, got {type(plot).__name__}")
        if not isinstance(controls, Mapping) or not controls:
            raise TypeError("controls must be a non-empty dict {name: ipywidgets control}")
        for name, control in controls.items():
            if not isinstance(name, str) or not name.isidentifier():
                raise ValueError(f"control names must be identifiers (they become keys of frame's values), got {name!r}")
            if not isinstance(control, _VALUE_CONTROLS):
                raise TypeError(f"control {name!r} must be an ipywidgets value widget (slider, toggle, ...), got {type(control).__name__}")
        if not callable(frame):
            raise TypeError("frame must be a function frame(values, changed) -> readout text")
        self.plot = plot
        self.controls = dict(controls)
        self.name = ""
        self._frame = frame
        self._pending = None  # a set while .set() batches changes
        self.text = ""
        self.png = b""
        self.last_step_seconds = 0.0
        self.readout = widgets.HTML(layout={"min_height": "3em", "width": "calc(100% - 4px)"})
        self.readout.add_class("lossbook-readout")
        width, height = plot.pixel_size
        # The picture's alternative text (see lossbook.widgets._a11y): this sentence, then the readout, kept current.
        self.alt = _sentence(alt or title or "A figure")
        self.alt_text = self.alt
        self.image = FigureImage(format="png", layout={"width": f"{width}px", "max_width": "calc(100% - 4px)", "height": "auto"})
        heading = [widgets.HTML(f"<b>{html.escape(title)}</b>")] if title else []
        label_px = self._align_descriptions() * _UI_FONT_PX
        # The panel sits beside the figure when there is room for it, else wraps below (see _panel_layout; sized again
        # once the first readout is known). Spacing is a gap, not a margin: a wrapped panel is exactly as wide as the
        # output area (no scrollbar).
        panel = widgets.VBox([*heading, *self.controls.values(), self.readout], layout=_panel_layout(label_px, ""))
        super().__init__([self.image, panel], layout={"flex_flow": "row wrap", "align_items": "flex-start",
                                                      "grid_gap": "0.5rem 1rem"})
        self.add_class("lossbook-explorer")  # what the accessibility script (lossbook.widgets._a11y) looks for
        for name, control in self.controls.items():
            control.observe(functools.partial(self._on_change, name), names="value")
        self.step(set(self.controls))  # the first frame: the widget shows a picture before anyone touches it
        panel.layout = widgets.Layout(**_panel_layout(label_px, self.text))  # room for the readout's lines

    def _align_descriptions(self):
        """One description width for every slider and dropdown, so their tracks and boxes start in one column.

        ``description_width="initial"`` (the constructors' default) sizes each label to its own text: every slider
        then starts somewhere else. A width set here is the longest description measured generously, so none is cut.
        A control whose description width was set explicitly (not ``"initial"``) keeps it, and so does one whose
        description is longer than ``_ALIGN_MAX_EM`` (on a narrow screen, the column would leave the others no room).
        Returns the width (em) of the widest description beside a control, for the panel's layout.
        """
        beside = [c for c in self.controls.values() if _aligns(c)]
        widest = max((_text_em(c.description) + 1.0 for c in beside), default=0.0)  # + slack for font differences
        aligned = [c for c in beside if c.style.description_width in ("", "initial")
                   and _text_em(c.description) <= _ALIGN_MAX_EM]  # a very long one would squeeze every other control
        if len(aligned) < 2:
            return widest
        width = max(_text_em(c.description) for c in aligned) + 1.0
        for control in aligned:
            control.style.description_width = f"{width:.1f}em"
        return widest

    # -- state --------------------------------------------------------------------------------------------------------
    @property
    def values(self) -> dict:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def set(self, **values):
        """Set several controls at once, then run a single step (not one per control)."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise KeyError(f"no control named {sorted(unknown)}; this widget has {list(self.controls)}")
        self._pending = set()
        try:
            for name, value in values.items():
                self.controls[name].value = value
            changed = self._pending
        finally:
            self._pending = None
        if changed:
            self.step(changed)

    def _on_change(self, name, change):
        if self._pending is not None:
            self._pending.add(name)
            return
        self.step({name})

    def step(self, changed):
        """Run one step for the controls in ``changed``: frame -> readout -> PNG."""
        start = time.perf_counter()
        text = self._frame(self.values, set(changed))
        if not isinstance(text, str):
            raise TypeError(f"frame must return the readout text (a str), got {type(text).__name__}")
        self.text = text
        self.alt_text = f"{self.alt} Now: " + "; ".join(line.strip() for line in text.splitlines() if line.strip())
        # Readout first: the live region is announced while the picture is still being rendered.
        self.readout.value = (
            # line-height: the HTML widget's own is one control row (28 px), which double-spaces a readout of several
            # lines. No colour is set: the text takes the theme's (dark on light, light on dark).
            '<div role="status" aria-live="polite" aria-atomic="true" '
            'style="font-family: var(--jp-code-font-family, monospace); white-space: pre-wrap; line-height: 1.45">'
            f"{html.escape(text)}</div>"
            # A hidden copy of the figure's text, for front ends that draw no title on the image (ipywidgets 7).
            f'<span class="lossbook-alt" hidden>{html.escape(self.alt_text)}</span>'
        )
        self.image.tooltip = self.alt_text
        self.png = self.plot.png()
        self.image.value = self.png
        self.last_step_seconds = time.perf_counter() - start

    # -- display ------------------------------------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs):
        # ipywidgets 8 builds the live view; ipywidgets 7 (Colab's) has no _repr_mimebundle_: the same view, built here.
        parent = getattr(super(), "_repr_mimebundle_", None)
        data = (parent(**kwargs) if parent else None) or {"application/vnd.jupyter.widget-view+json": {
            "version_major": 2, "version_minor": 0, "model_id": self.model_id}}
        data["text/plain"] = self.text
        data["image/png"] = base64.b64encode(self.png).decode("ascii")
        return data

    def _ipython_display_(self, **kwargs):
        # The accessibility script first (it names the sliders), then the widget; where no widget is drawn (GitHub,
        # nbviewer) the picture shows, with the figure's text as its alt (nbconvert reads it from the metadata).
        show(self, metadata={"image/png": {"alt": self.alt_text}})

    def __repr__(self):
        return f"<lossbook explorer {self.name or type(self.plot).__name__}: {self.text}>"
