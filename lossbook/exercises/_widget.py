"""The widget form of predict-then-reveal: a guess slider and a "Lock in" button that then reveals.

Needs ipywidgets; the engine itself does not. The widget's ``text/plain`` is a fixed sentence (no model ids), so a
notebook cell that shows it can be compared by nbval, and it reads sensibly where no kernel runs.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..widgets._a11y import show
from ._feedback import fmt


class GuessWidget(widgets.VBox):
    """A slider to set the guess, a button to lock it in, and the reveal: an HTML widget (not ipywidgets' Output,
    whose rendering differs between front ends and versions, e.g. VS Code with ipywidgets 8.1.9)."""

    def __init__(self, guess):
        self.guess = guess
        self.slider = widgets.FloatSlider(
            value=guess.lo, min=guess.lo, max=guess.hi, step=guess.step, description="Your guess",
            continuous_update=False, readout_format=".3g", style={"description_width": "initial"},
        )
        self.button = widgets.Button(description="Lock in", button_style="warning", tooltip="Reveal the answer")
        # A sentence that follows the slider (a live region, so screen readers hear the guess), then the reveal.
        self.status = widgets.HTML()
        self.reveal = widgets.HTML()
        self.slider.observe(self._on_slide, names="value")
        self.button.on_click(self._lock_in)
        self._on_slide()
        super().__init__([widgets.HBox([self.slider, self.button]), self.status, self.reveal])

    def _on_slide(self, _change=None):
        self._say(f"Your guess: {fmt(self.slider.value)}. Press Lock in to see the answer.")

    def _say(self, text):
        self.status.value = f'<div role="status" aria-live="polite">{html.escape(text)}</div>'

    def _lock_in(self, _button=None):
        self.slider.disabled = True
        self.button.disabled = True
        self._say(f"Locked in: {fmt(self.slider.value)}.")
        self.reveal.value = self.guess.evaluate(self.slider.value)._repr_html_()

    def __repr__(self):
        return f"Guess widget: {self.guess.prompt}. Drag the slider, then press Lock in."

    def _repr_mimebundle_(self, **kwargs):
        parent = getattr(super(), "_repr_mimebundle_", None)  # ipywidgets 7 (Colab's) has none: the same view
        bundle = (parent(**kwargs) if parent else None) or {"application/vnd.jupyter.widget-view+json": {
            "version_major": 2, "version_minor": 0, "model_id": self.model_id}}
        bundle["text/plain"] = repr(self)
        return bundle

    def _ipython_display_(self, **kwargs):
        show(self)  # the accessibility script first: it names the guess slider after its description


def guess_widget(guess):
    return GuessWidget(guess)
