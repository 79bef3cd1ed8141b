"""Figures of the lesson "What a loss is": the learning loop as a diagram, and the scorecard of one prediction."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ._base import FigurePlot
from .curves import _GUIDE, _POINT
from .theme import ACCENT, MUTED, OKABE_ITO, new_figure, style

__all__ = ["FlowDiagram", "ScorecardPlot", "LOOP_STEPS"]

#: The four steps of one round of learning, in order: (name, what it does).
LOOP_STEPS = (
    ("forward propagation", "input → layers →\na prediction"),
    ("loss", "compare with the\nanswer: one number,\nhow wrong"),
    ("backward propagation", "how would the loss\nchange if each\nweight moved?"),
    ("weight update", "nudge each weight to\nmake the loss smaller"),
)


class FlowDiagram(FigurePlot):
    """The learning loop drawn as four boxes joined by arrows, with the loss box highlighted.

    A static figure: it shows as a picture in a notebook, and as a text description (its ``repr``) to screen readers
    and to nbval.
    """

    def __init__(self, *, highlight: str = "loss", figsize=(8.4, 2.6)):
        names = [name for name, _ in LOOP_STEPS]
        if highlight not in names:
            raise ValueError(f"highlight must be one of {names}, got {highlight!r}")
        fig, ax = new_figure(figsize=figsize)
        super().__init__(fig)
        self.ax = ax
        ax.set(xlim=(0, 4), ylim=(-0.42, 0.92), aspect="auto")
        ax.axis("off")
        centres = [0.5 + i for i in range(4)]
        w, h, y0 = 0.88, 0.72, 0.16
        for i, ((name, what), cx) in enumerate(zip(LOOP_STEPS, centres)):
            hot = name == highlight
            ax.add_patch(FancyBboxPatch(
                (cx - w / 2, y0), w, h, boxstyle="round,pad=0.02,rounding_size=0.06",
                facecolor=OKABE_ITO["yellow"] if hot else "#EEF5FB",
                edgecolor=ACCENT if hot else OKABE_ITO["blue"], linewidth=3.0 if hot else 1.5))
            title = f"{i + 1}. " + name.replace(" ", "\n", 1)  # "backward propagation" needs two lines
            # Title at the top of the box, what the step does right under it: no empty band between them.
            ax.text(cx, y0 + h - 0.05, title, ha="center", va="top", fontsize=11, fontweight="bold")
            ax.text(cx, y0 + h - 0.36, what, ha="center", va="top", fontsize=10)
        arrow = dict(arrowstyle="-|>", mutation_scale=16, color="black", linewidth=1.6)
        for a, b in zip(centres, centres[1:]):
            ax.add_patch(FancyArrowPatch((a + w / 2, y0 + h / 2), (b - w / 2, y0 + h / 2), **arrow))
        # The way back: after the update, the next round starts with a new forward pass.
        ax.add_patch(FancyArrowPatch((centres[-1], y0 - 0.02), (centres[0], y0 - 0.02),
                                     connectionstyle="arc3,rad=-0.18", linestyle=(0, (5, 2)), **arrow))
        ax.text(2.0, -0.3, "repeat, round after round: the loss should go down", ha="center", va="center",
                fontsize=11)
        self.text = ("The learning loop: " + " → ".join(f"{i + 1}. {n}" for i, n in enumerate(names))
                     + f", then back to 1. The {highlight} box is highlighted.")

    def __repr__(self):
        return self.text


class ScorecardPlot(FigurePlot):
    """Squared error (left) and absolute error (right) of one prediction against a fixed answer.

    Each panel shows the score for every prediction as a curve, the answer as a dashed line, the current prediction
    as a filled dot and the previous one as a hollow dot (so a move reads as better or worse at a glance).
    """

    def __init__(self, answer: float, lo: float, hi: float, *, unit: str = "°C", figsize=(8.0, 3.2)):
        if not lo < answer < hi:
            raise ValueError(f"need lo < answer < hi, got lo={lo!r}, answer={answer!r}, hi={hi!r}")
        fig, axes = new_figure(1, 2, figsize=figsize)
        super().__init__(fig)
        self.axes = axes
        x = np.linspace(lo, hi, 401)
        far = max(answer - lo, hi - answer)
        # No value boxes in the panels: the widget's readout shows both scores, and two text artists per frame would
        # cost more than everything else in a step.
        self.points, self.ghosts, self.guides = [], [], []
        panels = (((x - answer) ** 2, f"squared error ({unit}²)", far**2),
                  (np.abs(x - answer), f"absolute error ({unit})", far))
        for i, (ax, (y, ylabel, top)) in enumerate(zip(axes, panels)):
            ax.set(xlim=(lo, hi), ylim=(0, 1.08 * top), xlabel=f"prediction ({unit})", ylabel=ylabel)
            ax.plot(x, y, **style(i))
            ax.axvline(answer, color="black", linewidth=1.2, linestyle=(0, (4, 2)), zorder=1)
            ax.text(answer, 0.55 * top, "answer", ha="center", va="center", fontsize=9, rotation=90,
                    bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none"))
            (ghost,) = ax.plot([answer], [0.0], marker="o", markersize=9, markerfacecolor="white",
                               markeredgecolor=MUTED, markeredgewidth=1.5, linestyle="none", zorder=4)
            # The current prediction's dot takes its curve's colour (blue on the squared error, the second colour on
            # the absolute error), with a black rim so it stands out from the line it sits on.
            (point,) = ax.plot([answer], [0.0], **{**_POINT, "color": style(i)["color"], "markeredgecolor": "black",
                                                   "markersize": 10})
            guide = ax.axvline(answer, **_GUIDE)
            for artist in (ghost, guide, point):
                self.dynamic(artist)
            self.ghosts.append(ghost)
            self.points.append(point)
            self.guides.append(guide)

    def set_prediction(self, prediction, scores, previous=None, previous_scores=None):
        """Mark ``prediction`` with its two ``scores``; the hollow dot marks ``previous`` (hidden when None)."""
        for i in range(2):
            self.points[i].set_data([prediction], [scores[i]])
            self.guides[i].set_xdata([prediction, prediction])
            if previous is None:
                self.ghosts[i].set_visible(False)
            else:
                self.ghosts[i].set_visible(True)
                self.ghosts[i].set_data([previous], [previous_scores[i]])
