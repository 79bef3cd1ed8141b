"""A live training curve: loss against step, appended to point by point without creating artists."""

from __future__ import annotations

import numpy as np

from ._base import FigurePlot
from .curves import _BOX
from .theme import new_figure, style

__all__ = ["TrainingCurvePlot"]


class TrainingCurvePlot(FigurePlot):
    """Loss against training step, for up to ``max_steps`` steps.

    The data live in a preallocated buffer: ``append`` writes one value and hands the line a view, so a long run
    costs no reallocation and no new artist. The axes are fixed at construction (x from 0 to ``max_steps``, y from
    ``ylim``); a loss outside the y-range is drawn on the edge, so a diverging run stays visible as a line along the
    top. ``logy=True`` (the default) shows the slow tail of a converging run.
    """

    def __init__(self, max_steps: int, *, ylim=(1e-3, 10.0), logy: bool = True, xlabel="step", ylabel="loss",
                 title="", figsize=(4.6, 3.2)):
        if isinstance(max_steps, bool) or not isinstance(max_steps, (int, np.integer)) or max_steps < 1:
            raise ValueError(f"max_steps must be a positive integer, got {max_steps!r}")
        lo, hi = (float(v) for v in ylim)
        if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi) or (logy and lo <= 0):
            raise ValueError(f"ylim must be (low, high) with low < high (and low > 0 for logy), got {ylim!r}")
        fig, ax = new_figure(figsize=figsize)
        super().__init__(fig)
        self.ax = ax
        self.max_steps = int(max_steps)
        self._steps = np.arange(self.max_steps + 1, dtype=float)
        self._values = np.empty(self.max_steps + 1)
        self._shown = np.empty(self.max_steps + 1)
        self.n = 0
        if logy:
            ax.set_yscale("log")
        # a little room right of the last step, so the end marker is drawn whole
        ax.set(xlim=(0, self.max_steps * 1.04), ylim=(lo, hi), xlabel=xlabel, ylabel=ylabel)
        ax.set_xticks([t for t in ax.get_xticks() if 0 <= t <= self.max_steps])
        if title:
            ax.set_title(title)
        (self.curve,) = ax.plot([], [], **style(0))
        (self.last,) = ax.plot([], [], **style(1, marker=True), markersize=7)
        self.last.set_linestyle("none")
        self.last.set_clip_on(False)  # a loss pinned to the top edge keeps its whole marker
        self.label = ax.text(0.97, 0.95, "", transform=ax.transAxes, ha="right", va="top", bbox=_BOX, zorder=6)
        for artist in (self.curve, self.last, self.label):
            self.dynamic(artist)

    @property
    def values(self) -> np.ndarray:
        """The losses appended so far (a copy)."""
        return self._values[: self.n].copy()

    def reset(self):
        """Forget every point."""
        self.n = 0
        self._refresh()

    def append(self, step, value, text: str | None = None):
        """Add one point. ``step`` must be the next step number (0, 1, 2, ...): the x-data are the step numbers."""
        if self.n > self.max_steps:
            raise ValueError(f"the curve is full ({self.max_steps + 1} points); make the plot with a larger max_steps")
        if step != self.n:
            raise ValueError(f"append the steps in order: expected step {self.n}, got {step}")
        self._values[self.n] = value
        lo, hi = self.ax.get_ylim()
        v = float(value)
        self._shown[self.n] = hi if not np.isfinite(v) else min(max(v, lo), hi)
        self.n += 1
        self._refresh(text)

    def set_curve(self, values, text: str = ""):
        """Replace the whole curve by ``values`` (loss at steps 0, 1, ..., len(values) - 1)."""
        values = np.asarray(values, dtype=float)
        if values.ndim != 1 or values.size > self.max_steps + 1:
            raise ValueError(f"values must be 1-D with at most {self.max_steps + 1} entries, got shape {values.shape}")
        n = values.size
        self._values[:n] = values
        lo, hi = self.ax.get_ylim()
        shown = self._shown[:n]
        np.clip(np.where(np.isfinite(values), values, hi), lo, hi, out=shown)
        self.n = n
        self._refresh(text)

    def _refresh(self, text=None):
        n = self.n
        self.curve.set_data(self._steps[:n], self._shown[:n])
        if n:
            self.last.set_data(self._steps[n - 1 : n], self._shown[n - 1 : n])
        else:
            self.last.set_data([], [])
        if text is not None:
            self.label.set_text(text)
        self._place_label()

    def _place_label(self):
        """Put the corner box in the top right, or the bottom right when the curve's last stretch runs high there."""
        n = self.n
        tail = self._shown[int(0.5 * self.max_steps) : n]  # the steps under the box (it spans the right half)
        lo, hi = self.ax.get_ylim()
        if self.ax.get_yscale() == "log":
            frac = (np.log(tail) - np.log(lo)) / (np.log(hi) - np.log(lo))
        else:
            frac = (tail - lo) / (hi - lo)
        high, low = bool(np.any(frac > 0.62)), bool(np.any(frac < 0.38))
        if high and not low:
            self.label.set_y(0.05)
            self.label.set_verticalalignment("bottom")
        else:
            self.label.set_y(0.95)
            self.label.set_verticalalignment("top")
