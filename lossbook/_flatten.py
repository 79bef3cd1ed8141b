"""Flattening a layer's modules into its package namespace (``lb.plots.X``, ``lb.widgets.x``), refusing collisions.

``lossbook.plots`` and ``lossbook.widgets`` re-export the ``__all__`` of every module they hold, so a notebook says
``lb.widgets.focal_curves()`` without naming the module. Two modules exporting one name, or a name equal to a public
submodule's (which would shadow ``lb.widgets.<module>``), would make one of them silently unreachable: both raise an
ImportError that names the two sources.
"""

from __future__ import annotations

import pkgutil

__all__ = ["flatten", "public_modules"]


def public_modules(namespace: dict) -> list:
    """The short names of a package's public submodules (not starting with ``_``), sorted.

    ``namespace``: the package's ``globals()`` (its ``__path__`` is searched).
    """
    return sorted(info.name for info in pkgutil.iter_modules(namespace["__path__"]) if not info.name.startswith("_"))


def flatten(namespace: dict, modules) -> list:
    """Copy every name in each module's ``__all__`` into ``namespace`` (a package's ``globals()``); return the names.

    ``modules``: the modules to flatten, in order. Raises ImportError when a name is exported twice, or when it
    equals the short name of a public submodule of the package (``namespace["__name__"]``).
    """
    package = namespace["__name__"]
    modules = list(modules)
    submodules = {name: f"{package}.{name}" for name in
                  (info.name for info in pkgutil.iter_modules(namespace.get("__path__", ())))}
    submodules.update({m.__name__.rsplit(".", 1)[-1]: m.__name__ for m in modules})
    submodules = {name: full for name, full in submodules.items() if not name.startswith("_")}
    owner: dict = {}
    for module in modules:
        for name in getattr(module, "__all__", ()):
            if name in owner and owner[name] != module.__name__:
                raise ImportError(f"{package}: the name {name!r} is defined by both {owner[name]} and "
                                  f"{module.__name__}; rename one of them (lb.{package.split('.')[-1]}.{name} "
                                  "must mean one thing)")
            if name in submodules:
                raise ImportError(f"{package}: the name {name!r} from {module.__name__} would shadow the module "
                                  f"{submodules[name]}; rename the function or the module")
            owner[name] = module.__name__
    exported = []
    for module in modules:
        for name in getattr(module, "__all__", ()):
            namespace[name] = getattr(module, name)
            if name not in exported:
                exported.append(name)
    return exported
