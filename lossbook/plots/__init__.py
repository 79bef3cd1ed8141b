"""The figure layer: the course theme, and plot objects that build a figure once and update its artists in place.

Plot objects know nothing of widgets. Each one builds its figure in ``__init__``; its ``set_*`` methods only move
artists; ``png()`` renders the current state to PNG bytes (see :class:`FigurePlot`). Every public module in this
package is imported here and its ``__all__`` re-exported, so a new ``lossbook/plots/<topic>.py`` needs no edit to
this file: ``lb.plots.MyPlot`` just works.

>>> import lossbook as lb
>>> plot = lb.plots.LossCurvePlot([0.0, 1.0, 2.0], [1.0, 0.0, 1.0], xlabel="prediction")
>>> plot.set_point(0.5, 0.25, "loss = 0.25")
>>> plot.png()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import importlib
import pkgutil

from ._base import FigurePlot, encode_png
from .theme import *  # noqa: F401,F403
from .theme import __all__ as _theme_all

__all__ = ["FigurePlot", "encode_png", *_theme_all]

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _info.name.startswith("_") or _info.name == "theme":
        continue
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    for _name in getattr(_module, "__all__", ()):
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)
del _info, _module
