"""lossbook: the helper package of an interactive course on loss functions.

The numeric layer (every loss of the course and its analytic gradient, and the stable activations) is imported
eagerly and needs only NumPy. The figure, widget and exercise layers, and ``doctor()``, load on first use, so that
``import lossbook`` stays fast and does not import Matplotlib or ipywidgets.

>>> import lossbook as lb
>>> round(lb.binary_cross_entropy(1, 0.8), 4)
0.2231
"""

from __future__ import annotations

import importlib

from ._version import __version__
from .activations import *  # noqa: F401,F403
from .activations import __all__ as _activations_all
from .losses import *  # noqa: F401,F403
from .losses import __all__ as _losses_all

# name -> (module, attribute or None for the module itself); resolved by __getattr__ on first use.
_LAZY = {
    "plots": ("lossbook.plots", None),
    "widgets": ("lossbook.widgets", None),
    "exercises": ("lossbook.exercises", None),
    "lessons": ("lossbook.lessons", None),
    "datasets": ("lossbook.datasets", None),
    "fitting": ("lossbook.fitting", None),
    "models": ("lossbook.models", None),
    "choosing": ("lossbook.choosing", None),
    "frameworks": ("lossbook.frameworks", None),
    "naive": ("lossbook.naive", None),
    "doctor": ("lossbook._doctor", "doctor"),
}

__all__ = ["__version__", *_activations_all, *_losses_all, *_LAZY]


def __getattr__(name):
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'lossbook' has no attribute {name!r}") from None
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        if err.name not in ("ipywidgets", "matplotlib"):
            raise
        raise ModuleNotFoundError(f"lb.{name} needs {err.name}, which is not installed in this environment; run "
                                  "lb.doctor() for the one command that installs it", name=err.name) from err
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value  # cache: the next access is a plain attribute lookup
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
