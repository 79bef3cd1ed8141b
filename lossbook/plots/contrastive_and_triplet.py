"""Figures of the lesson "Contrastive and triplet": points in a 2-D embedding space, margin circles, and arrows that
show which way the loss pushes each point (minus the gradient).

>>> import lossbook as lb
>>> plot = lb.plots.EmbeddingPlot(["anchor", "positive"], circles=1)
>>> plot.set_points([[0.0, 0.0], [1.0, 0.5]])
>>> plot.set_arrows([[0.0, 0.0], [1.0, 0.5]], [[0.2, 0.0], [-0.2, 0.0]])
>>> plot.png()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from ._base import FigurePlot
from .theme import COLORS, MARKERS, MUTED, new_figure

__all__ = ["EmbeddingPlot", "ARROW_SCALE"]

#: Arrows are drawn at this multiple of minus the gradient's length, in embedding units: at 0.5 the two pulls on a
#: similar pair meet halfway.
ARROW_SCALE = 0.5



class EmbeddingPlot(FigurePlot):
    """Named points in a 2-D embedding plane, lines between chosen pairs, circles, and gradient arrows.

    Parameters
    ----------
    names : list of str
        One name per point (shown next to it); point ``i`` gets colour and marker ``i`` of the theme.
    circles : int
        How many circles to keep ready (``set_circle(i, centre, radius)`` places them; hidden until then).
    circle_labels : list of str, optional
        Legend entries for the circles, in order.
    pairs : list of (i, j)
        Points joined by a thin line (the distance the loss looks at).
    pair_label : str, optional
        Legend entry for those thin lines (none when omitted).
    lim : float
        The plane shown is ``[-lim, lim]`` on both axes.
    arrow_scale : float
        Arrows are drawn at this multiple of the push (default :data:`ARROW_SCALE`); the legend says which.
    """

    def __init__(self, names, *, circles=1, circle_labels=None, pairs=((0, 1),), pair_label=None, lim=2.5,
                 arrow_scale=ARROW_SCALE, figsize=(6.4, 3.9)):
        names = list(names)
        if not names:
            raise ValueError("names must list at least one point")
        fig, ax = new_figure(figsize=figsize)
        super().__init__(fig)
        self.ax = ax
        self.names = names
        self.arrow_scale = float(arrow_scale)
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        ax.set_xlabel("embedding feature 1")
        ax.set_ylabel("embedding feature 2")
        self.circles = []
        circle_styles = [(0, (5, 3)), (0, (1, 2)), "-"]
        for i in range(circles):
            c = Circle((0.0, 0.0), 1.0, fill=False, edgecolor=MUTED if i else "black", linewidth=1.4,
                       linestyle=circle_styles[i % len(circle_styles)], visible=False)
            ax.add_patch(c)
            self.circles.append(self.dynamic(c))
        self.pairs = [tuple(p) for p in pairs]
        self.lines = []
        for _ in self.pairs:
            (line,) = ax.plot([0, 0], [0, 0], color=MUTED, linewidth=1.0, linestyle=(0, (3, 2)))
            self.lines.append(self.dynamic(line))
        self.markers = []
        for i, name in enumerate(names):
            (m,) = ax.plot([0], [0], linestyle="none", marker=MARKERS[i % len(MARKERS)], markersize=11,
                           color=COLORS[i % len(COLORS)], markeredgecolor="white", markeredgewidth=1.5, zorder=7,
                           label=name)
            self.markers.append(self.dynamic(m))
        self.quiver = ax.quiver(np.zeros(len(names)), np.zeros(len(names)), np.zeros(len(names)),
                                np.zeros(len(names)), angles="xy", scale_units="xy", scale=1.0, color="black",
                                units="inches", width=0.02, headwidth=3.5, headlength=4.0, headaxislength=3.5,
                                zorder=6, minlength=0.0)
        # Shaft and head sizes in inches, not in data units, so that heads stay small on a wide plane; the markers
        # sit above the arrows (zorder 7 > 6), so an arrow never hides the point it starts from.
        self.dynamic(self.quiver)
        # Names in a legend rather than as moving labels: text is most of the cost of a frame, and a legend is drawn
        # once, into the cached background.
        handles = [Line2D([], [], linestyle="none", marker=MARKERS[i % len(MARKERS)], markersize=9,
                          color=COLORS[i % len(COLORS)], label=name) for i, name in enumerate(names)]
        push = "push (−gradient)" if self.arrow_scale == 1 else f"push (−gradient × {self.arrow_scale:g})"
        handles.append(Line2D([], [], color="black", linewidth=2.5, label=push))
        for i, label in enumerate(circle_labels or ()):
            handles.append(Line2D([], [], color=MUTED if i else "black", linewidth=1.4,
                                  linestyle=circle_styles[i % len(circle_styles)], label=label))
        if pair_label is not None and self.pairs:
            handles.append(Line2D([], [], color=MUTED, linewidth=1.0, linestyle=(0, (3, 2)), label=str(pair_label)))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=9, borderaxespad=0.0)
        self._points = np.zeros((len(names), 2))

    def set_points(self, points):
        """Move the points (an ``(n, 2)`` array, in the order of ``names``) and the lines between pairs."""
        pts = np.asarray(points, dtype=float).reshape(len(self.names), 2)
        self._points = pts
        for m, (x, y) in zip(self.markers, pts):
            m.set_data([x], [y])
        for line, (i, j) in zip(self.lines, self.pairs):
            line.set_data(pts[[i, j], 0], pts[[i, j], 1])

    def set_circle(self, i, centre, radius, visible=True):
        """Place circle ``i`` (e.g. the margin around a point)."""
        c = self.circles[i]
        c.set_center((float(centre[0]), float(centre[1])))
        c.set_radius(max(float(radius), 1e-9))
        c.set_visible(bool(visible))

    def set_arrows(self, points, push):
        """Draw an arrow at each point along ``push`` (minus the gradient), scaled by ``arrow_scale``; all-zero
        pushes hide the arrows (no stray dots)."""
        pts = np.asarray(points, dtype=float).reshape(-1, 2)
        push = np.asarray(push, dtype=float).reshape(-1, 2) * self.arrow_scale
        self.quiver.set_offsets(pts)
        self.quiver.set_UVC(push[:, 0], push[:, 1])
        self.quiver.set_visible(bool(np.any(push != 0.0)))
