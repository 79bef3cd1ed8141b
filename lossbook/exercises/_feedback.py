"""What the engine shows: the :class:`Feedback` object, its display, and the number formatting it uses.

Kept apart from the engine so that the Guess widget (``_widget.py``, which needs ipywidgets) and the engine
(``_engine.py``, which does not) both import it, and neither imports the other at module level: the engine loads
the widget only when ``Guess.widget()`` is called.
"""

from __future__ import annotations

import html

__all__ = ["Feedback", "fmt", "is_unattempted"]

_COLOURS = {  # Okabe-Ito, colour-blind safe; every status also carries a word, never colour alone
    "correct": "#009E73",
    "incorrect": "#D55E00",
    "unattempted": "#0072B2",
    "hint": "#0072B2",
    "solution": "#CC79A7",
    "reveal": "#E69F00",
    "info": "#999999",
}


def is_unattempted(answer) -> bool:
    """True for the placeholders a notebook ships with: ``None`` and ``...`` (Ellipsis)."""
    return answer is None or answer is Ellipsis


def fmt(value) -> str:
    """A short, deterministic rendering of a number or array, the same as the engine's feedback uses.

    The engine holds the formatting (and the reader that never raises on an odd value); it is imported here on first
    use, so this module still loads without it and neither module imports the other at module level.
    """
    from ._engine import fmt as engine_fmt

    return engine_fmt(value)


# ---------------------------------------------------------------------------------------------------------------
class Feedback:
    """What the engine says: a status, a one-line headline, optional detail lines and optional code.

    ``str(feedback)`` (also its ``repr``, the ``text/plain`` that nbval compares) and ``_repr_html_`` carry the same
    words. ``status`` is one of ``correct``, ``incorrect``, ``unattempted``, ``hint``, ``solution``, ``reveal``,
    ``info``; ``misconception`` is the recognised key (see ``CATALOG``) or ``None``.
    """

    _LABELS = {
        "correct": "Correct",
        "incorrect": "Not quite",
        "unattempted": "Not attempted yet",
        "hint": "Hint",
        "solution": "Solution",
        "reveal": "Reveal",
        "info": "Exercise",
    }

    def __init__(self, status, headline, details=(), *, code=None, misconception=None, label=None):
        self.status = status
        self.headline = headline
        self.details = tuple(details)
        self.code = code
        self.misconception = misconception
        self.label = label or self._LABELS[status]

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __str__(self):
        lines = [f"{self.label}: {self.headline}", *self.details]
        if self.code:
            lines.append("")
            lines.extend("    " + line for line in self.code.strip("\n").splitlines())
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self):
        colour = _COLOURS[self.status]
        parts = [
            f'<div class="lossbook-feedback lossbook-{self.status}" style="border-left: 4px solid {colour}; '
            f'padding: 0.3em 0.8em; margin: 0.2em 0;">',
            # The label in the theme's text colour: the Okabe-Ito hues reach only 3-4:1 on white, short of the 4.5:1
            # text needs; the coloured border and the word carry the status.
            f'<strong>{html.escape(self.label)}:</strong> {html.escape(self.headline)}',
        ]
        parts.extend(f"<br>{html.escape(line)}" for line in self.details)
        if self.code:
            parts.append(f'<pre style="margin: 0.4em 0 0;">{html.escape(self.code.strip(chr(10)))}</pre>')
        parts.append("</div>")
        return "".join(parts)


def _show(feedback):
    """Display with both mimetypes in IPython; print the plain text anywhere else."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython ships with every kernel
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(feedback)
    else:
        print(feedback)
