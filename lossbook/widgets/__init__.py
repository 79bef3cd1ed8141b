'''The widget layer: sliders wired to figures. ``lb.widgets.<name>()`` returns a live widget with a static first frame.

Every widget is an :class:`Explorer`: named controls, one plot object from ``lossbook.plots``, and a readout. A change
of a control calls the widget's ``frame(values, changed)``, which moves artists and returns the readout text; the
explorer then updates the readout (an ARIA live region) first and the picture second (a PNG rendered by blitting:
about 5 ms a step). In a notebook, make the widget the last value of a cell. It shows live in JupyterLab, as a picture
on GitHub/nbviewer, and as its readout text to nbval (mark the cell ``# NBVAL_IGNORE_OUTPUT`` only if the readout
can vary between runs). Drive it from code: ``w.controls["p"].value = 0.3`` or ``w.set(p=0.3, y=0)``;
``w.text`` is the readout, ``w.png`` the current frame.

Where things are
================
``_controls.py`` (``slider``, ``int_slider``, ``toggle``, ``dropdown``, ``checkbox``), ``_explorer.py``
(``Explorer``) and ``_registry.py`` (``register``, ``REGISTRY``, ``registered``, ``build``) are the machinery; every
name is re-exported here. Every other module is either a lesson's, named after its notebook (the lesson's *slug*:
``notebooks/week2/04-focal-loss.ipynb`` -> ``focal_loss.py``), or shared by several lessons (``curves.py``,
``landscape.py``, ``training.py``; listed in ``lossbook.lessons.SHARED``). Each module's ``__all__`` is re-exported
here, so notebooks call ``lb.widgets.focal_curves()`` without naming the module; a name exported twice, or one equal
to a module's name, is an ImportError at import time (name a widget after what it shows, not after its lesson).

How to add a lesson widget in ~40 lines
=======================================

Say next year's lesson 2.11 is ``notebooks/week2/11-huber-up-close.ipynb``. Its slug is ``huber_up_close``, and
every piece of the lesson carries that name:

- ``lossbook/lessons.py``: add its row to ``LESSONS`` (number, notebook, title, what you do, newsletter section, or
  ``None`` with ``beyond_newsletter=True``), and the same row to the README's syllabus (a test compares the two).
- ``lossbook/plots/huber_up_close.py``, ``lossbook/widgets/huber_up_close.py``, ``lossbook/exercises/huber_up_close.py``
  (each only if the lesson needs one; the exercises guide is in ``lossbook/exercises/__init__.py``).
- ``tests/test_lesson_huber_up_close.py``: the tests of what is special about those pieces.

Nothing else to edit: every public module of ``lossbook/plots`` and ``lossbook/widgets`` is imported automatically,
and ``@register`` puts the widget in ``lb.widgets.REGISTRY`` (with ``.lesson == "huber_up_close"``), so the generic
tests in ``tests/test_widgets.py`` and ``benchmarks/bench_widgets.py`` cover it at once.

1. The figure, ``lossbook/plots/huber_up_close.py``. Subclass ``FigurePlot``; build every artist once in ``__init__``; fix
   the axis limits there; mark with ``self.dynamic(artist)`` each artist that changes between frames (the rest is
   drawn once and cached). Update methods only call ``set_data`` / ``set_text`` / ``set_xdata``: never ``ax.plot``,
   ``ax.clear`` or ``tight_layout`` there. If you must change axis limits, call ``self.invalidate()`` afterwards.
   Make figures with ``new_figure`` (never pyplot) and colours/line styles with ``style(i)``::

       # lossbook/plots/huber_up_close.py
       import numpy as np
       from lossbook.plots import ACCENT, FigurePlot, new_figure, style

       __all__ = ["HuberPlot"]

       class HuberPlot(FigurePlot):
           """Huber loss against the residual, with the current residual marked."""

           def __init__(self, r):
               fig, self.ax = new_figure(figsize=(5, 3))
               super().__init__(fig)
               self.ax.set(xlabel="residual ŷ - y", ylabel="loss", xlim=(r[0], r[-1]), ylim=(0, 4))
               (self.mse,) = self.ax.plot(r, 0.5 * r**2, **style(1), label="½ r²")  # static: cached background
               (self.curve,) = self.ax.plot(r, 0 * r, **style(0), label="Huber")
               (self.point,) = self.ax.plot([0], [0], "o", color=ACCENT, markersize=9)
               self.ax.legend(loc="upper center")
               self.dynamic(self.curve)  # changes when delta changes
               self.dynamic(self.point)  # changes every frame

           def set_curve(self, r, loss):
               self.curve.set_data(r, loss)

           def set_point(self, r, loss):
               self.point.set_data([r], [loss])

2. The widget, ``lossbook/widgets/huber_up_close.py``: a factory decorated with ``@register`` whose arguments all have
   defaults. It builds the plot and the controls, and defines ``frame(values, changed)``, which recomputes only what
   depends on the names in ``changed`` (the first call gets every name), updates the plot and returns the readout:
   plain text, fixed formatting (``:.3f``), words a screen reader can say::

       # lossbook/widgets/huber_up_close.py
       import numpy as np
       import lossbook as lb
       from lossbook.plots.huber_up_close import HuberPlot
       from lossbook.widgets import Explorer, register, slider

       __all__ = ["huber_demo"]

       @register
       def huber_demo(residual=1.5, delta=1.0):
           """Huber loss: slide the residual and the threshold delta."""
           r = np.linspace(-3, 3, 301)
           plot = HuberPlot(r)
           controls = {
               "r": slider(residual, -3, 3, 0.05, description="residual"),
               "delta": slider(delta, 0.1, 3, 0.05, description="delta"),
           }

           def frame(v, changed):
               if "delta" in changed:  # the curve depends on delta only
                   plot.set_curve(r, lb.huber(np.zeros_like(r), r, delta=v["delta"], reduction="none"))
               loss = lb.huber(0.0, v["r"], delta=v["delta"])
               plot.set_point(v["r"], loss)
               return f"residual = {v['r']:.2f}, delta = {v['delta']:.2f}, Huber loss = {loss:.3f}"

           return Explorer(plot, controls, frame, title="Huber loss", alt="Huber loss against the residual")

3. A test in ``tests/test_lesson_huber_up_close.py`` for what is special about *your* widget (the generic tests in
   ``tests/test_widgets.py`` already check that it builds, renders, and that every control changes readout and
   picture)::

       def test_huber_demo_is_quadratic_inside_delta():
           w = lb.widgets.huber_demo(residual=0.5, delta=1.0)
           assert "Huber loss = 0.125" in w.text

In the notebook: ``lb.widgets.huber_demo()`` as the last line of a cell. Check speed with
``python benchmarks/bench_widgets.py huber_demo`` (target: median under 30 ms a step).
'''

from __future__ import annotations

import importlib

from .._flatten import flatten, public_modules

# The machinery first, then every public module: a name defined twice, or one that hides a module, is an ImportError.
__all__ = flatten(globals(), [importlib.import_module(f"{__name__}.{name}")
                              for name in ("_controls", "_explorer", "_registry", *public_modules(globals()))])
