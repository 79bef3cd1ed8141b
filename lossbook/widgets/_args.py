"""Checks for the arguments a learner edits in a "Try this" cell: a wrong type or an out-of-range value raises a
TypeError or ValueError that names the argument, the range the widget accepts and an example, before any figure or
NumPy code sees it (never an IndexError, an OverflowError or a warning from deep inside).

``@arguments(name=spec, ...)`` goes under ``@register``; a spec is one of :func:`real`, :func:`whole`, :func:`point`,
:func:`choice`, :func:`flag`, :func:`seed`. A checked value reaches the factory converted (``7.0`` stays an error for
a whole number: a float class index is a likelier slip than an intent).
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers

import numpy as np

__all__ = ["arguments", "real", "whole", "point", "choice", "flag", "seed"]


def _is_real(value) -> bool:
    return isinstance(value, (numbers.Real, np.floating, np.integer)) and not isinstance(value, (bool, np.bool_))


def real(low: float, high: float):
    """A finite number in [low, high] (a slider's range); returned as a float."""
    def check(value, name, default):
        if not _is_real(value):
            raise TypeError(f"{name} must be a number from {low:g} to {high:g}, got {value!r}; "
                            f"for example {name}={default!r}")
        value = float(value)
        if not (math.isfinite(value) and low <= value <= high):
            raise ValueError(f"{name}={value!r} is outside the range this widget shows, {low:g} to {high:g}; "
                             f"pick a number in that range (for example {name}={default!r})")
        return value
    return check


def whole(low: int, high: float):
    """A whole number (an int, not 7.0) in [low, high]; ``high`` may be ``math.inf``."""
    def check(value, name, default):
        upper = "" if high == math.inf else f" to {int(high)}"
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
            raise TypeError(f"{name} must be a whole number (an int such as {default!r}) from {low}{upper}, "
                            f"got {value!r}")
        value = int(value)
        if not low <= value <= high:
            raise ValueError(f"{name}={value!r} is out of range: use a whole number from {low}{upper} "
                             f"(for example {name}={default!r})")
        return value
    return check


def point(low: float, high: float):
    """Two finite numbers (x, y), each in [low, high]; returned as a tuple of floats."""
    def check(value, name, default):
        ok = isinstance(value, (tuple, list, np.ndarray)) and np.ndim(value) == 1 and len(value) == 2
        if not ok or not all(_is_real(v) for v in value):
            raise TypeError(f"{name} must be a point (x, y): two numbers from {low:g} to {high:g}, got {value!r}; "
                            f"for example {name}={tuple(default)!r}")
        x, y = float(value[0]), float(value[1])
        if not all(math.isfinite(v) and low <= v <= high for v in (x, y)):
            raise ValueError(f"{name}={value!r} is outside the picture: each coordinate must be from {low:g} to "
                             f"{high:g} (for example {name}={tuple(default)!r})")
        return (x, y)
    return check


def choice(*options):
    """One of ``options`` (compared with ==, type included: 1 is not '1')."""
    def check(value, name, default):
        if not any(type(value) is type(o) and value == o for o in options) and not (
                isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, (bool, np.bool_))
                and any(type(o) is int and value == o for o in options)):
            allowed = (f"{options[0]!r} or {options[1]!r}" if len(options) == 2 else f"one of {list(options)!r}")
            raise ValueError(f"{name} must be {allowed}, got {value!r}")
        return value
    return check


def flag():
    """True or False."""
    def check(value, name, default):
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{name} must be True or False, got {value!r}")
        return bool(value)
    return check


def seed():
    """A random seed: a whole number >= 0 (0.0 is refused: NumPy's generators take ints)."""
    inner = whole(0, math.inf)

    def check(value, name, default):
        if _is_real(value) and not isinstance(value, (numbers.Integral, np.integer)):
            raise TypeError(f"{name} must be a whole number >= 0 (an int such as {default!r}), got {value!r}; "
                            f"write {name}={int(value) if math.isfinite(value) and value >= 0 else default!r}")
        return inner(value, name, default)
    return check


def arguments(**specs):
    """Decorator: check each named argument of a widget factory with its spec before the factory runs."""
    def decorate(factory):
        signature = inspect.signature(factory)
        unknown = set(specs) - set(signature.parameters)
        if unknown:
            raise TypeError(f"@arguments names {sorted(unknown)}, which {factory.__name__} does not take")

        @functools.wraps(factory)
        def checked(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            for name, value in bound.arguments.items():
                if name in specs:
                    bound.arguments[name] = specs[name](value, name, signature.parameters[name].default)
            return factory(*bound.args, **bound.kwargs)

        checked.argument_specs = dict(specs)
        return checked
    return decorate
