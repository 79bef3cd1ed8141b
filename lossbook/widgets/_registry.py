"""The registry: every public widget factory registers, so that tests and the benchmark cover every widget.

A factory registered from a lesson's module (``lossbook/widgets/<slug>.py``) knows its lesson: ``REGISTRY[name].lesson``
is the lesson's slug (see ``lossbook.lessons``), and ``None`` for a widget of a shared module.
"""

from __future__ import annotations

import functools
import inspect

from ..lessons import lesson_of_module
from ._explorer import Explorer

__all__ = ["register", "REGISTRY", "registered", "build"]


REGISTRY: dict = {}


def register(factory=None, *, name: str | None = None):
    """Decorator for a public widget factory: ``@register`` or ``@register(name="...")``.

    The factory must be callable with no arguments (every parameter has a default: tests and the benchmark build it
    that way) and must return an :class:`Explorer`. The registered name defaults to the function's name.
    """
    if factory is None:
        return functools.partial(register, name=name)
    if not callable(factory):
        raise TypeError(f"@register decorates a widget factory function, got {factory!r}")
    key = name or factory.__name__
    missing = [p.name for p in inspect.signature(factory).parameters.values()
               if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    if missing:
        raise TypeError(f"widget factory {key!r} must be callable with no arguments; give defaults to {missing}")
    if key in REGISTRY and REGISTRY[key].__wrapped__ is not factory:
        existing = REGISTRY[key].__wrapped__
        if (existing.__module__, existing.__qualname__) != (factory.__module__, factory.__qualname__):
            raise ValueError(f"a widget named {key!r} is already registered (by {existing.__module__}); pick another name")

    @functools.wraps(factory)
    def build_widget(*args, **kwargs):
        widget = factory(*args, **kwargs)
        if not isinstance(widget, Explorer):
            raise TypeError(f"widget factory {key!r} must return a lossbook.widgets.Explorer, got {type(widget).__name__}")
        widget.name = key
        return widget

    owner = lesson_of_module(factory.__module__)
    build_widget.lesson = owner.slug if owner else None  # the lesson whose module defines it, None if shared
    REGISTRY[key] = build_widget
    return build_widget


def registered() -> list:
    """The names of every registered widget, sorted."""
    return sorted(REGISTRY)


def build(name: str, **kwargs):
    """Build the registered widget ``name`` with ``kwargs``."""
    try:
        factory = REGISTRY[name]
    except KeyError:
        raise KeyError(f"no widget named {name!r}; registered widgets: {registered()}") from None
    return factory(**kwargs)
