"""The figure layer: the course theme, and plot objects that build a figure once and update its artists in place.

Plot objects know nothing of widgets. Each one builds its figure in ``__init__``; its ``set_*`` methods only move
artists; ``png()`` renders the current state to PNG bytes (see :class:`FigurePlot`).

A lesson's figures live in a module named after its notebook (``notebooks/week2/04-focal-loss.ipynb`` ->
``focal_loss.py``); figures several lessons use are in the shared modules ``curves.py``, ``landscape.py`` and
``training.py``, and the theme in ``theme.py`` (see ``lossbook.lessons``). Every public module is imported here and
its ``__all__`` re-exported, so a new ``lossbook/plots/<slug>.py`` needs no edit to this file: ``lb.plots.MyPlot``
just works. A name exported by two modules, or one equal to a module's name, is an ImportError at import time.
The widgets guide (``lossbook/widgets/__init__.py``) walks through adding a lesson's figure.

>>> import lossbook as lb
>>> plot = lb.plots.LossCurvePlot([0.0, 1.0, 2.0], [1.0, 0.0, 1.0], xlabel="prediction")
>>> plot.set_point(0.5, 0.25, "loss = 0.25")
>>> type(plot.png()).__name__  # the current frame, PNG-encoded
'bytes'
"""

from __future__ import annotations

import importlib

from .._flatten import flatten, public_modules

# The base and the theme first, then every public module (lesson modules named after their notebooks, and the shared
# ones listed in lossbook.lessons.SHARED). A name defined twice, or one that would hide a module, is an ImportError.
__all__ = flatten(globals(), [importlib.import_module(f"{__name__}.{name}")
                              for name in ("_base", "theme", *(m for m in public_modules(globals()) if m != "theme"))])
