"""Figures of the lesson "Reading your loss": a loss against the guessing baselines, the label-noise floor, and the
comparison table of the week's losses."""

from __future__ import annotations

import html

import numpy as np
from matplotlib.patches import Rectangle

from ._base import FigurePlot
from .curves import LossCurvePlot
from .theme import ACCENT, MUTED, OKABE_ITO, new_figure

__all__ = ["BaselinePlot", "NoiseFloorPlot", "Table", "TASKS", "comparison_table"]

#: The three tasks of the baseline ruler, top to bottom: key -> (row label, what the baseline guesses).
TASKS = {
    "binary": ("two classes", "coin flip"),
    "classes": ("K classes", "uniform guess"),
    "regression": ("regression", "predict the mean"),
}


class BaselinePlot(FigurePlot):
    """One row per task: the stretch from 0 to the guessing baseline (better than guessing) and beyond it (no better),
    with the loss being judged drawn as a vertical line across every row and the chosen task highlighted."""

    def __init__(self, *, xmax: float = 5.0, fixed=None, figsize=(7.4, 3.0)):
        """``fixed``: ``{task: (baseline, text)}`` for rows whose baseline never changes (drawn once, not per frame)."""
        fixed = dict(fixed or {})
        unknown = set(fixed) - set(TASKS)
        if unknown:
            raise ValueError(f"fixed rows must be among {list(TASKS)}, got {sorted(unknown)}")
        fig, ax = new_figure(figsize=figsize)
        super().__init__(fig)
        self.ax = ax
        self.xmax = float(xmax)
        self._loss_x = None  # where the loss line stands (None: not drawn yet); the row labels keep clear of it
        self.rows = {key: 2 - i for i, key in enumerate(TASKS)}
        # the key goes under the axis label, where the moving loss line cannot cross it
        ax.set(xlim=(0, self.xmax), ylim=(-0.6, 2.6),
               xlabel="loss (the vertical line: your loss)\nsolid teal: better than the baseline   hatched: no better "
                      "than guessing\nyellow strips: the row of the task you chose")
        ax.set_yticks(list(self.rows.values()), [f"{label}\n({guess})" for label, guess in TASKS.values()])
        ax.grid(False, axis="y")
        # The chosen task's row is framed by two yellow strips, above and below its bar: a band across the bar would
        # tint the bar itself (it is drawn over the cached background) and make its green paler than the others'.
        self.highlight = [self.dynamic(ax.add_patch(Rectangle((0, dy), self.xmax, 0.21, facecolor=OKABE_ITO["yellow"],
                                                              alpha=0.45, edgecolor="none", zorder=0)))
                          for dy in (-0.45, 0.24)]
        self.good, self.marks = {}, {}
        for key, y in self.rows.items():
            # Static: the whole row hatched ("no better than guessing"), drawn once into the cached background.
            ax.add_patch(Rectangle((0, y - 0.22), self.xmax, 0.44, facecolor="white", edgecolor=MUTED, hatch="///",
                                   linewidth=0.0, zorder=1))
            # Dynamic: an opaque bar from 0 to the baseline on top of it ("better than guessing"); cheap to redraw.
            self.good[key] = ax.add_patch(Rectangle((0, y - 0.22), 1.0, 0.44, facecolor="#7FCEB9",
                                                    edgecolor=OKABE_ITO["bluish_green"], linewidth=1.0, zorder=1))
            # A label on a white ground, so the vertical line of "your loss" interrupts it rather than crossing it.
            self.marks[key] = ax.text(1.0, y + 0.27, "", ha="center", va="bottom", fontsize=9, zorder=6,
                                      bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"})
            if key in fixed:
                self.set_baseline(key, *fixed[key])
            else:
                self.dynamic(self.good[key])
        self.fixed = set(fixed)
        self.loss_line = self.dynamic(ax.axvline(0.5, color=ACCENT, linewidth=2.5, zorder=4))
        (self.loss_point,) = ax.plot([0.5], [2], "o", color=ACCENT, markersize=10, markeredgecolor="black", zorder=5,
                                     clip_on=False)  # drawn whole at loss 0 and at the right edge
        self.dynamic(self.loss_point)
        for key in self.rows:  # every baseline label goes above the line and the highlight (drawn in this order)
            self.dynamic(self.marks[key])

    def set_baseline(self, task: str, value: float, text: str):
        """Draw the baseline of ``task`` at ``value`` (clipped to the axes), labelled ``text`` (not for fixed rows)."""
        if task in getattr(self, "fixed", ()):
            raise ValueError(f"the {task!r} row was fixed at construction; its baseline cannot move")
        shown = min(max(float(value), 0.0), self.xmax)
        self.good[task].set_width(shown)
        self.marks[task].set_text(text)
        self._place_mark(task)

    def _place_mark(self, task):
        """Centre a row's label over its baseline, or, where the loss line would run through it, beside the line."""
        mark, y = self.marks[task], self.rows[task] + 0.27
        half = 0.5 * len(mark.get_text()) * 0.058 * 5.0 / self.xmax + 0.05  # 9 pt characters, in data units
        centre = min(max(self.good[task].get_width(), half), self.xmax - half)
        x, gap = self._loss_x, 0.12  # clear of the 2.5 pt line and the label's white box
        if x is None or abs(x - centre) >= half + gap:
            mark.set_position((centre, y))
            mark.set_horizontalalignment("center")
        elif (x >= centre and x - gap - 2 * half >= 0) or x + gap + 2 * half > self.xmax:
            mark.set_position((x - gap, y))  # the label ends just left of the line
            mark.set_horizontalalignment("right")
        else:
            mark.set_position((x + gap, y))  # the label starts just right of the line
            mark.set_horizontalalignment("left")

    def set_loss(self, task: str, loss: float):
        """The loss being judged, on the row of ``task`` (highlighted). Its value is in the widget's readout: one text
        artist fewer per frame keeps a step fast."""
        x = min(max(float(loss), 0.0), self.xmax)
        y = self.rows[task]
        self.loss_line.set_xdata([x, x])
        self.loss_point.set_data([x], [y])
        for strip, dy in zip(self.highlight, (-0.45, 0.24)):
            strip.set_y(y + dy)
        self._loss_x = x
        for key in self.rows:
            self._place_mark(key)


class NoiseFloorPlot(LossCurvePlot):
    """Expected binary cross-entropy on noisy labels against the confidence given to the clean label, with the
    floor (the lowest value any prediction reaches) as a horizontal line."""

    def __init__(self, x, y, **kwargs):
        super().__init__(x, y, **kwargs)
        self.ax.set_yticks(np.linspace(*self.ax.get_ylim(), 6))  # six ticks, as set_top keeps them
        self.floor = self.dynamic(self.ax.axhline(0.0, color=OKABE_ITO["bluish_green"], linewidth=1.8,
                                                  linestyle=(0, (6, 2, 1, 2)), zorder=2))
        # The floor's value goes in the value box (set_point's text): one text artist per frame, not two.
        self.ax.text(0.02, 0.97, "dash-dot line: the floor", transform=self.ax.transAxes, ha="left", va="top",
                     fontsize=9, color="black")

    def set_floor(self, value: float):
        """Move the floor line to ``value``."""
        self.floor.set_ydata([value, value])

    def set_top(self, top: float):
        """Set the loss axis to run from 0 to ``top`` (the whole figure is redrawn on the next frame if it changed)."""
        if float(top) != self.ax.get_ylim()[1]:
            self.ax.set_ylim(0.0, float(top))
            self.ax.set_yticks(np.linspace(0.0, float(top), 6))  # always six ticks: a new top creates no artist
            self.invalidate()


class Table:
    """A small table that shows as HTML in JupyterLab and as aligned plain text to nbval and screen readers.

    ``Table(["a", "b"], [[1, 2], [3, 4]])``; cells are shown with ``str``.
    """

    def __init__(self, header, rows, *, caption: str = ""):
        self.header = [str(h) for h in header]
        self.rows = [[str(c) for c in row] for row in rows]
        if any(len(row) != len(self.header) for row in self.rows):
            raise ValueError(f"every row needs {len(self.header)} cells, one per header")
        self.caption = caption

    def __repr__(self):
        widths = [max(len(r[i]) for r in [self.header, *self.rows]) for i in range(len(self.header))]
        line = lambda cells: " | ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
        out = [line(self.header), "-+-".join("-" * w for w in widths)] + [line(r) for r in self.rows]
        return "\n".join(([self.caption] if self.caption else []) + out)

    def _repr_html_(self):
        # An empty corner is a plain cell: a header cell with no text names nothing for a screen reader.
        head = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>" if h else "<td></td>" for h in self.header)
        body = "".join("<tr>" + "".join(f"<td style='text-align:left'>{html.escape(c)}</td>" for c in r) + "</tr>"
                       for r in self.rows)
        # color: inherit: the classic Notebook's Bootstrap greys captions to #777 (4.5:1 on white is the floor for text).
        caption = f"<caption style='color: inherit'>{html.escape(self.caption)}</caption>" if self.caption else ""
        # A wide table scrolls sideways in its own box, which the keyboard reaches (Tab, then the arrow keys) and a
        # screen reader names after the caption; data-lm-suppress-shortcuts leaves those keys to the box in JupyterLab
        # and Notebook 7 (they would move to another cell).
        label = html.escape(self.caption or "table of " + ", ".join(c for c in self.header if c), quote=True)
        return (f'<div role="region" aria-label="{label}" tabindex="0" data-lm-suppress-shortcuts="true" '
                f'style="overflow-x: auto; max-width: 100%">'
                f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def comparison_table() -> Table:
    """The week's three losses side by side, as the newsletter's quick-comparison table.

    The "perfect prediction" column is computed by lossbook (each loss at a prediction equal to the truth); the
    upper end is infinity because each loss grows without limit as the prediction gets worse (for the
    cross-entropies, -log p as p goes to 0; lossbook caps each log at -100 to stay finite, as PyTorch does).
    """
    import lossbook as lb

    perfect = {
        "MSE": lb.mse([3.0, -1.0], [3.0, -1.0]),
        "Binary cross-entropy": lb.binary_cross_entropy([1.0, 0.0], [1.0, 0.0]),
        "Categorical cross-entropy": lb.categorical_cross_entropy([[0.0, 1.0, 0.0]], [[0.0, 1.0, 0.0]]),
    }
    about = {
        "MSE": ("regression", "continuous values (prices, temperature)"),
        "Binary cross-entropy": ("classification", "two classes (cat vs dog)"),
        "Categorical cross-entropy": ("classification", "several classes (cat vs dog vs bird)"),
    }
    rows = [[name, *about[name], f"{value:g}", f"{value:g} to ∞"] for name, value in perfect.items()]
    return Table(["loss", "problem type", "use case", "perfect prediction scores", "range"], rows)
