"""Figures of the lesson "Hinge and margins": a linear classifier with its margin on 2-D data, and hinge against
cross-entropy as functions of the margin ``y * s``."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Polygon

from ._base import FigurePlot
from .theme import COLORS, MUTED, OKABE_ITO, new_figure, style

__all__ = ["MarginPlot", "HingeVsBCEPlot"]

_REACH = 20.0  # half-length of the drawn lines: longer than the axes' diagonal


class MarginPlot(FigurePlot):
    """2-D points of two classes (+1: blue circles, -1: vermillion squares), a line ``w·x + b = 0``, the edges
    ``w·x + b = ±1`` of the margin band with the band between them shaded, and every point whose margin ``y·s`` is
    below 1 ringed; the ``max_labels`` largest losses get a number (text is the slow part of a frame) where it has
    room, beside its ring or joined to it by a thin line.
    """

    def __init__(self, X, y, *, lim=4.0, max_labels=3, figsize=(7.2, 4.6)):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        if X.ndim != 2 or X.shape[1] != 2 or y.shape != (X.shape[0],):
            raise ValueError(f"X must have shape (n, 2) and y shape (n,), got {X.shape} and {y.shape}")
        fig, ax = new_figure(figsize=figsize)
        super().__init__(fig)
        self.ax, self.X, self.y = ax, X, y
        ax.set(xlim=(-lim, lim), ylim=(-lim, lim), xlabel="feature x₁", ylabel="feature x₂", aspect="equal")
        self.band = self.dynamic(ax.add_patch(Polygon(np.zeros((4, 2)), closed=True, facecolor=OKABE_ITO["yellow"],
                                                      alpha=0.35, edgecolor="none", zorder=1,
                                                      label="margin band: |w·x + b| < 1")))
        pos, neg = y > 0, y < 0
        (self.pos_points,) = ax.plot(X[pos, 0], X[pos, 1], "o", color=COLORS[0], markeredgecolor="white",
                                     markersize=7, zorder=3, label="class +1")
        (self.neg_points,) = ax.plot(X[neg, 0], X[neg, 1], "s", color=COLORS[1], markeredgecolor="white",
                                     markersize=7, zorder=3, label="class -1")
        (self.boundary,) = ax.plot([0, 0], [0, 0], color="black", linewidth=2.0, zorder=2, label="w·x + b = 0")
        (self.plus,) = ax.plot([0, 0], [0, 0], color=COLORS[0], linestyle=(0, (5, 2)), linewidth=1.5, zorder=2,
                               label="w·x + b = +1")
        (self.minus,) = ax.plot([0, 0], [0, 0], color=COLORS[1], linestyle=(0, (5, 2, 1, 2)), linewidth=1.5, zorder=2,
                                label="w·x + b = -1")  # its own legend entry: the two edges differ in colour
        # Rings around the points that pay (inside the margin or on the wrong side); a ring's size grows with the
        # point's hinge loss.
        self.rings = ax.scatter(X[:, 0], X[:, 1], s=np.zeros(len(y)), facecolors="none", edgecolors="black",
                                linewidths=1.6, zorder=4, label="pays hinge loss (margin y·s < 1)")
        # A thin line from a ring to its number, drawn when the number sits a little away from the ring.
        self.leaders = [ax.plot([], [], color="black", linewidth=0.9, zorder=2.5)[0]
                        for _ in range(min(max_labels, len(y)))]
        self.texts = [ax.text(0, 0, "", fontsize=9, ha="left", va="bottom", zorder=5, clip_on=True,
                              bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor=MUTED, alpha=0.85))
                      for _ in range(min(max_labels, len(y)))]
        # beside the axes: inside them it would sit on the margin band or on points
        legend = ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, fontsize=8)
        legend.legend_handles[-1].set_sizes([120.0])
        # Dynamic artists are drawn in this order, over the band (registered first): the points are dynamic too, so
        # that the translucent band sits under them and they keep the legend's colours.
        for artist in (self.boundary, self.plus, self.minus, *self.leaders, self.pos_points, self.neg_points,
                       self.rings, *self.texts):
            self.dynamic(artist)

    @staticmethod
    def _line(w, level):
        """Two far-apart points of the line ``w·x = level`` (``level`` already includes ``-b``)."""
        norm2 = float(w @ w)
        base = w * (level / norm2)
        d = np.array([-w[1], w[0]]) / np.sqrt(norm2)
        return np.array([base - _REACH * d, base + _REACH * d])

    def set_classifier(self, w, b, hinge_values):
        """Draw the line and margins of ``s = w·x + b``; ring the points with a positive hinge loss (bigger ring,
        bigger loss) and write the loss next to the largest few."""
        w = np.asarray(w, dtype=float)
        zero, up, down = self._line(w, -b), self._line(w, 1.0 - b), self._line(w, -1.0 - b)
        self.boundary.set_data(zero[:, 0], zero[:, 1])
        self.plus.set_data(up[:, 0], up[:, 1])
        self.minus.set_data(down[:, 0], down[:, 1])
        self.band.set_xy(np.array([up[0], up[1], down[1], down[0]]))
        inside = hinge_values > 0.0
        # diameter in points: 9 (loss near 0) to 21 (loss 3 or more)
        diameter = np.where(inside, 9.0 + 4.0 * np.minimum(hinge_values, 3.0), 0.0)
        self.rings.set_sizes(diameter**2)
        order = np.argsort(-hinge_values, kind="stable")[: len(self.texts)]  # the largest losses get numbers
        placed = []
        for tag, leader, i in zip(self.texts, self.leaders, order):
            tag.set_text(f"{hinge_values[i]:.2f}")
            width = self._CHAR * len(tag.get_text()) + 2 * self._PAD
            found = self._label_spot(i, placed, diameter, width) if inside[i] else None  # beside its ring
            tag.set_visible(found is not None)
            leader.set_visible(False)
            if found is not None:
                spot, with_line = found
                tag.set_position(spot)
                x0, y0 = spot[0] - self._PAD, spot[1] - self._PAD  # the box's corner
                placed.append((x0, y0, width))
                centre = self.X[i]
                # the line ends on the box, a little inside the estimated box (the drawn one is a little narrower)
                if with_line:  # the box sits a little away from its ring
                    low = [x0 + 0.15 * width, y0 + self._PAD]
                    high = [x0 + 0.85 * width, y0 + self._HEIGHT - self._PAD]
                    near = np.clip(centre, low, high)
                    radius = diameter[i] / 2.0 / self._PT_PER_UNIT
                    start = centre + (near - centre) * (radius / float(np.hypot(*(near - centre))))
                    leader.set_data([start[0], near[0]], [start[1], near[1]])
                    leader.set_visible(True)

    # A number's box as drawn, in data units on the +-4 axes at fontsize 9: _CHAR per character (a little more than
    # a digit's width) plus the white box's padding, which reaches _PAD beyond the text on every side; _HEIGHT
    # includes the padding.
    # _PT_PER_UNIT: points per data unit (the axes are about 4 inches for 8 units), to turn a ring's size into a
    # radius. _GAP: the clear space kept between a box and any ring or marker (a ring's line is 1.6 points wide).
    _CHAR = 0.145
    _HEIGHT = 0.33
    _PAD = 0.04
    _PT_PER_UNIT = 36.0
    _GAP = 0.06
    # _CLEAR: how much nearer a number's box must be to its own ring than to any other ring, so that the number
    # cannot be read as a neighbour's (an unringed point pays nothing, so a number is not read as its loss).
    # _LEADER_MIN: a box farther than this beyond its ring gets a leader line.
    _CLEAR = 0.12
    _LEADER_MIN = 0.1

    def _label_spot(self, i, placed, diameters, w):
        """The anchor (lower-left corner of the text) of point ``i``'s number: beside its ring (right, above, left,
        below, then the corners), then the same places a little farther out (joined to the ring by a leader line), at
        the first place whose box keeps clear of every other point and ring and of the labels already placed, is
        clearly nearer its own ring than any other ring, and whose leader line crosses no other point. ``None`` where no
        such place exists: labels must not hide points or be read as a neighbour's. Returns the anchor and whether the
        number needs a leader line."""
        h, pad = self._HEIGHT, self._PAD
        reach = (np.maximum(diameters, 7.0) + 1.6) / 2.0 / self._PT_PER_UNIT + self._GAP  # marker or ring, and gap
        x, y = self.X[i]
        spots = []
        for r in reach[i] + np.array([0.0, 0.12, 0.25, 0.38]):
            d = 0.7 * r
            # box corners: the box spans [x0, x0 + w] x [y0, y0 + h]; the anchor is (x0 + pad, y0 + pad)
            spots += [(x + r, y - h / 2), (x - w / 2, y + r), (x - r - w, y - h / 2), (x - w / 2, y - r - h),
                      (x + d, y + d), (x + d, y - d - h), (x - d - w, y + d), (x - d - w, y - d - h)]
            # the directions in between: the box's centre moved out along each until its side is r away
            for a in np.radians(np.arange(22.5, 360.0, 45.0)):
                ux, uy = np.cos(a), np.sin(a)
                out = r + abs(ux) * w / 2 + abs(uy) * h / 2
                spots.append((x + out * ux - w / 2, y + out * uy - h / 2))
        others = np.arange(len(self.X)) != i
        for x0, y0 in spots:
            # distance from every point to the box (0 inside it), against that point's reach
            dx = np.maximum.reduce([x0 - self.X[:, 0], np.zeros(len(self.X)), self.X[:, 0] - (x0 + w)])
            dy = np.maximum.reduce([y0 - self.X[:, 1], np.zeros(len(self.X)), self.X[:, 1] - (y0 + h)])
            dist = np.hypot(dx, dy)
            clearance = dist - reach  # below 0: the box covers that point or ring
            covered = np.count_nonzero(others & (clearance < 0.0))
            # A number right beside its ring must be clearly nearer it than any other ring; one joined to its ring by
            # a leader line must keep clear of the other rings and its line must not cross another point.
            leader = dist[i] > diameters[i] / 2.0 / self._PT_PER_UNIT + self._LEADER_MIN
            own = 0.0 if leader else clearance[i]
            ambiguous = np.count_nonzero(others & (diameters > 0) & (clearance < own + self._CLEAR))
            crossed = leader and self._crosses(i, x0, y0, w, reach)
            clash = sum(x0 < px + pw + self._GAP and px < x0 + w + self._GAP and abs(py - y0) < h + self._GAP
                        for px, py, pw in placed)
            if clash == 0 and covered == 0 and ambiguous == 0 and not crossed:
                return (x0 + pad, y0 + pad), leader
        return None

    def _crosses(self, i, x0, y0, w, reach):
        """Whether the leader line from point ``i`` to the box at ``(x0, y0)`` (width ``w``) passes over another point
        or ring."""
        a = self.X[i]
        b = np.clip(a, [x0, y0], [x0 + w, y0 + self._HEIGHT])
        d = b - a
        t = np.clip((self.X - a) @ d / float(d @ d), 0.0, 1.0)
        dist = np.hypot(*(self.X - (a + t[:, None] * d)).T)
        others = np.arange(len(self.X)) != i
        return bool(np.any(others & (dist < reach)))


class HingeVsBCEPlot(FigurePlot):
    """Hinge, squared hinge and binary cross-entropy (from the score, in nats) against the margin ``m = y·s``.

    A static figure: it shows as a picture, and its ``repr`` is a one-line description (what nbval compares).
    """

    def __init__(self, m, hinge, squared_hinge, bce, *, figsize=(6.4, 3.4)):
        fig, ax = new_figure(figsize=figsize)
        super().__init__(fig)
        self.ax = ax
        m = np.asarray(m, dtype=float)
        ax.set(xlim=(m[0], m[-1]), ylim=(-0.05, 4.0), xlabel="margin m = y · s (score times label)",
               ylabel="loss")
        ax.axvspan(1.0, m[-1], color=OKABE_ITO["bluish_green"], alpha=0.08, zorder=0)
        ax.axvline(1.0, color=MUTED, linewidth=1.0, linestyle=(0, (2, 2)))
        ax.axvline(0.0, color="black", linewidth=0.8)
        ax.plot(m, hinge, **style(0), label="hinge max(0, 1 - m)")
        ax.plot(m, squared_hinge, **style(3), label="squared hinge")
        ax.plot(m, bce, **style(1), label="cross-entropy ln(1 + e⁻ᵐ)")
        ax.text(1.08, 3.7, "m ≥ 1: hinge is exactly 0", fontsize=9, va="top")
        ax.text(-0.1, 3.7, "wrong side ←", fontsize=9, va="top", ha="right")
        # above the axes, off the shaded m >= 1 band and the curves
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False, fontsize=9,
                  handlelength=3.6, columnspacing=1.2)
        self.text = ("Hinge, squared hinge and cross-entropy against the margin y·s: hinge and squared hinge reach 0 "
                     "at a margin of 1 and stay there; cross-entropy keeps shrinking and stays above 0 on this axis.")

    def __repr__(self):
        return self.text
