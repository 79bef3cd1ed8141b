"""The widget form of predict-then-reveal: a guess slider and a "Lock in" button that then reveals.

Needs ipywidgets; the engine itself does not. The widget's ``text/plain`` is a fixed sentence (no model ids), so a
notebook cell that shows it can be compared by nbval, and it reads sensibly where no kernel runs.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ._feedback import _show, fmt


class GuessWidget(widgets.VBox):
    """A slider to set the guess, a button to lock it in, and an output area for the reveal."""

    def __init__(self, guess):
        self.guess = guess
        self.slider = widgets.FloatSlider(
            value=guess.lo, min=guess.lo, max=guess.hi, step=guess.step, description="Your guess",
            continuous_update=False, readout_format=".3g", style={"description_width": "initial"},
        )
        self.button = widgets.Button(description="Lock in", button_style="warning", tooltip="Reveal the answer")
        # A sentence that follows the slider (a live region, so screen readers hear the guess), then the reveal.
        self.status = widgets.HTML()
        self.output = widgets.Output()
        self.slider.observe(self._on_slide, names="value")
        self.button.on_click(self._lock_in)
        self._on_slide()
        super().__init__([widgets.HBox([self.slider, self.button]), self.status, self.output])

    def _on_slide(self, _change=None):
        self._say(f"Your guess: {fmt(self.slider.value)}. Press Lock in to see the answer.")

    def _say(self, text):
        self.status.value = f'<div role="status" aria-live="polite">{html.escape(text)}</div>'

    def _lock_in(self, _button=None):
        self.slider.disabled = True
        self.button.disabled = True
        self._say(f"Locked in: {fmt(self.slider.value)}.")
        self.output.clear_output()
        with self.output:
            _show(self.guess.evaluate(self.slider.value))

    def __repr__(self):
        return f"Guess widget: {self.guess.prompt}. Drag the slider, then press Lock in."

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)
        return bundle


def guess_widget(guess):
    return GuessWidget(guess)
