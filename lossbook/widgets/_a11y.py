"""Accessible names and alternative text for the widgets, in every front end the course supports.

ipywidgets draws a slider's description beside its handle but does not tie the two: the handle (``role="slider"``)
has no accessible name, and a screen reader says only "slider, 0.5". Its ``Image`` has no alternative text. What the
course does about it, and where each part holds:

* **Figure alt text.** The explorer's picture is a :class:`FigureImage`: an ``Image`` with a ``tooltip`` (and the empty
  ``description`` that ipywidgets 8's tooltip code reads; without it the view fails to render). ipywidgets 8
  (JupyterLab 4, Notebook 7, VS Code) renders the tooltip as the ``<img>``'s ``title``, which is its accessible name.
  The explorer sets it on every step: the figure's one-sentence description, then the readout's current numbers.
* **Slider names, and alt text where ipywidgets 7 draws no title.** :data:`SCRIPT`, a few lines of JavaScript shown
  as an ``application/javascript`` output beside every lossbook widget (:func:`show`). It ties each slider handle to
  its visible description (``aria-labelledby``) and copies each lossbook figure's text into the image's ``alt``
  (from the ``title``, or in ipywidgets 7, where there is no title, from a hidden copy in the readout), and keeps
  doing so as widgets appear or change. Front ends run it only in trusted outputs; outputs a learner's own run made
  are trusted, so it runs after Run All. It does nothing in ipywidgets 7's sliders (jQuery UI handles carry no
  ``role="slider"``).
* **Keyboard.** Every control is a native button, checkbox, ``<select>`` or a slider handle that takes the arrow
  keys. Notebook 7 hands arrow keys to its own cell navigation first, and both JupyterLab 4 and Notebook 7 take
  ArrowDown from a ``<select>``: the settings the course ships (``jupyter-settings/lossbook.json5``) keep those keys
  for the focused control.
"""

from __future__ import annotations

import traitlets
import ipywidgets as widgets

__all__ = ["FigureImage", "SCRIPT", "show"]

# Kept small and dependency-free: runs once per page (window.lossbookA11y guards it), then on every change of the page
# at most once per animation frame.
SCRIPT = """\
(function () {
  "use strict";
  if (window.lossbookA11y) { window.lossbookA11y(); return; }
  var made = 0, queued = false;
  function name() {
    queued = false;
    var handles = document.querySelectorAll('.widget-slider [role="slider"]:not([aria-labelledby]):not([aria-label])');
    for (var i = 0; i < handles.length; i++) {
      var box = handles[i].closest('.widget-slider'), label = box && box.querySelector('.widget-label');
      if (!label || !label.textContent.trim()) continue;
      if (!label.id) label.id = 'lossbook-label-' + (++made);
      handles[i].setAttribute('aria-labelledby', label.id);
    }
    var figures = document.querySelectorAll('.lossbook-explorer');
    for (var j = 0; j < figures.length; j++) {
      var img = figures[j].querySelector('img'), copy = figures[j].querySelector('.lossbook-alt');
      var text = img && (img.getAttribute('title') || (copy && copy.textContent));
      if (text && img.getAttribute('alt') !== text) img.setAttribute('alt', text);
    }
  }
  window.lossbookA11y = name;
  new MutationObserver(function () { if (!queued) { queued = true; requestAnimationFrame(name); } })
    .observe(document.body, {childList: true, subtree: true, attributes: true, attributeFilter: ['title']});
  name();
})();
"""


class FigureImage(widgets.Image):
    """An ``ipywidgets.Image`` whose ``tooltip`` is its alternative text (the ``<img>``'s title in ipywidgets 8)."""

    # ipywidgets 8's DOMWidgetView.updateTooltip reads ``description``, which Image lacks: the view fails to render
    # without it. Declared here (with the tooltip, which ipywidgets 7's Image lacks) so both versions accept it.
    description = traitlets.Unicode("").tag(sync=True)
    tooltip = traitlets.Unicode(None, allow_none=True).tag(sync=True)


def show(widget, metadata=None) -> None:
    """Display ``widget`` after :data:`SCRIPT` (two outputs), with ``metadata`` (``{mimetype: {...}}``) on its bundle:
    what a lossbook widget's ``_ipython_display_`` does."""
    from IPython.display import display

    display({"application/javascript": SCRIPT}, raw=True)
    if not hasattr(widgets.Widget, "_repr_mimebundle_"):  # ipywidgets 7 displays itself
        widgets.Widget._ipython_display_(widget)
        return
    display(widget._repr_mimebundle_(), metadata=metadata or {}, raw=True)
