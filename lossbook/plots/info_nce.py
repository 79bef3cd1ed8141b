"""Figures of the lesson "InfoNCE": one anchor and the batch's candidates on the unit circle with the push on each,
the softmax over the candidates, and the batch loss against the temperature.

>>> import numpy as np
>>> import lossbook as lb
>>> plot = lb.plots.InfoNCEPlot(max_n=4, loss_max=3.0)
>>> plot.set_batch(np.array([1.0, 0.0]), np.eye(2), positive=0)
>>> plot.set_softmax([0.7, 0.3], positive=0)
>>> plot.png()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ._base import FigurePlot
from .theme import COLORS, MUTED, new_figure, style

__all__ = ["InfoNCEPlot", "CircleBatchPlot", "PUSH_SCALE"]

#: Arrows on the circle are drawn at this multiple of each candidate's weight in the anchor's loss (1 = the radius).
PUSH_SCALE = 0.5

_POSITIVE, _NEGATIVE, _ANCHOR = COLORS[0], COLORS[1], "black"
_LIM = 1.35  # the circle panel shows [-_LIM, _LIM]: room for the index labels at radius _LABEL_RADIUS
_LABEL_RADIUS = 1.28
_ARROW_RADIUS = 1.08
_LABEL_GAP = 0.32  # radians: two labels at radius 1.2 closer than this would overlap


def _spread(a, b):
    """Two angles pulled apart symmetrically to at least ``_LABEL_GAP`` radians, so that their labels never overlap."""
    diff = np.angle(np.exp(1j * (b - a)))  # b - a in (-pi, pi]
    if abs(diff) >= _LABEL_GAP:
        return a, b
    mid, half = a + diff / 2, _LABEL_GAP / 2 * (1.0 if diff >= 0 else -1.0)
    return mid - half, mid + half


def _circle_axes(ax):
    theta = np.linspace(0.0, 2 * np.pi, 200)
    ax.plot(np.cos(theta), np.sin(theta), color=MUTED, linewidth=1.0)
    ax.set(xlim=(-_LIM, _LIM), ylim=(-_LIM, _LIM), xlabel="embedding feature 1", ylabel="embedding feature 2")
    ax.set_aspect("equal")


class InfoNCEPlot(FigurePlot):
    """Three panels for one anchor of a batch of up to ``max_n`` pairs.

    Left: the unit circle with the anchor (star, and its direction dashed from the centre), its positive (circle),
    the negatives (triangles), an arrow for the push the anchor's loss gives each candidate, and the indices of the
    positive and of the hardest negative (the most similar one). Middle: the softmax over the candidates (the
    positive's bar hatched) and the uniform guess 1/N. Right: the batch loss against the temperature on a log scale,
    with ln N (the loss when every candidate looks alike) and a marker at the current temperature.

    Parameters
    ----------
    max_n : int
        The largest batch the plot must hold (bars, labels and arrows are built once for it).
    loss_max : float
        The top of the loss axis: the largest loss any slider setting reaches (the widget computes it).
    t_range : (float, float)
        The temperatures shown on the right panel.
    """

    def __init__(self, max_n=16, *, loss_max=3.0, t_range=(0.01, 1.0), figsize=(10.5, 3.9)):
        if not (isinstance(max_n, int) and max_n >= 2):
            raise ValueError(f"max_n must be an integer of at least 2, got {max_n!r}")
        fig, (cax, bax, lax) = new_figure(1, 3, figsize=figsize, gridspec_kw={"width_ratios": [1.0, 1.15, 1.15]})
        super().__init__(fig)
        self.max_n = max_n
        self.cax, self.bax, self.lax = cax, bax, lax

        _circle_axes(cax)
        cax.set_title("one anchor and the batch")
        # Drawing order, bottom to top: the anchor's direction (a ray from the centre), the candidates, the anchor
        # star (so that a candidate on top of the anchor does not hide it), then the arrows, so that no marker
        # hides an arrow.
        (self.ray,) = cax.plot([0.0, 1.0], [0.0, 0.0], color=_ANCHOR, linewidth=1.0, linestyle=(0, (5, 3)), zorder=2)
        (self.anchor,) = cax.plot([1.0], [0.0], linestyle="none", marker="*", markersize=15, color=_ANCHOR,
                                  markeredgecolor="white", zorder=6)
        (self.positive,) = cax.plot([1.0], [0.0], linestyle="none", marker="o", markersize=10, color=_POSITIVE,
                                    markeredgecolor="white", markeredgewidth=1.2, zorder=5)
        (self.negatives,) = cax.plot([], [], linestyle="none", marker="^", markersize=8, color=_NEGATIVE,
                                     markeredgecolor="white", markeredgewidth=1.0, zorder=4)
        # Only two candidates carry their index (the bars in the middle panel number them all): the positive and
        # the hardest negative, outside the circle, pulled apart when they are close.
        self.positive_label = cax.text(0.0, 0.0, "", ha="center", va="center", fontsize=9, fontweight="bold",
                                       color=_POSITIVE, zorder=8)
        self.hardest_label = cax.text(0.0, 0.0, "", ha="center", va="center", fontsize=9, fontweight="bold",
                                      color=_NEGATIVE, zorder=8)
        zeros = np.zeros(max_n)
        self.quiver = cax.quiver(zeros, zeros, zeros, zeros, angles="xy", scale_units="xy", scale=1.0,
                                 color="black", width=0.013, headwidth=3.5, headlength=4.0, headaxislength=3.5,
                                 zorder=7, minlength=0.0)
        # Blitting draws the moving artists in the order they are registered (not by zorder): register them bottom
        # to top, in the drawing order above.
        for artist in (self.ray, self.negatives, self.positive, self.anchor, self.quiver, self.positive_label,
                       self.hardest_label):
            self.dynamic(artist)
        cax.legend(handles=[Line2D([], [], linestyle="none", marker="*", markersize=12, color=_ANCHOR, label="anchor"),
                            Line2D([], [], linestyle="none", marker="o", markersize=8, color=_POSITIVE,
                                   label="its positive"),
                            Line2D([], [], linestyle="none", marker="^", markersize=8, color=_NEGATIVE,
                                   label="negatives"),
                            Line2D([], [], color="black", linewidth=2.0, label="pull / push")],
                   loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=9, borderaxespad=0.0)

        bax.set(xlim=(-0.6, max_n - 0.4), ylim=(0.0, 1.0), xlabel="candidate j", ylabel="softmax probability",
                title="which candidate is the positive?")
        bax.set_xticks(range(0, max_n, 1 if max_n <= 16 else 2))
        bax.tick_params(axis="x", labelsize=8)
        self.bars = bax.bar(range(max_n), zeros, width=0.75, color=_NEGATIVE, edgecolor="white")
        for bar in self.bars:
            self.dynamic(bar)
        (self.uniform,) = bax.plot([-0.6, max_n - 0.4], [0.5, 0.5], color=MUTED, linewidth=1.5,
                                   linestyle=(0, (4, 2)))
        self.dynamic(self.uniform)
        bax.legend(handles=[Patch(facecolor=_POSITIVE, hatch="//", edgecolor="white", label="the positive"),
                            Patch(facecolor=_NEGATIVE, label="a negative"),
                            Line2D([], [], color=MUTED, linewidth=1.5, linestyle=(0, (4, 2)),
                                   label="1/N (no idea)")],
                   loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=9, borderaxespad=0.0)

        lax.set(xscale="log", xlim=t_range, ylim=(0.0, float(loss_max)), xlabel="temperature τ (log scale)",
                ylabel="loss (nats)", title="batch loss")
        (self.curve,) = lax.plot([], [], **style(0), label="InfoNCE of the batch")
        (self.ceiling,) = lax.plot(list(t_range), [0.0, 0.0], **style(1), linewidth=1.5, label="ln N")
        # clip_on=False: at either end of the slider the marker sits on the axis edge and stays whole
        (self.marker,) = lax.plot([], [], linestyle="none", marker="o", markersize=9, color=COLORS[0],
                                  markeredgecolor="black", zorder=5, clip_on=False)
        self.marker.set_in_layout(False)  # (unclipped artists would otherwise enter the layout, even when empty)
        for artist in (self.curve, self.ceiling, self.marker):
            self.dynamic(artist)
        lax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=9, borderaxespad=0.0)

    def set_batch(self, anchor, candidates, positive, push=None):
        """Place the anchor (a unit 2-vector), the ``n`` candidates (an ``(n, 2)`` array of unit rows) and the index
        labels of the positive and the hardest negative; ``positive`` is the index of the anchor's own positive. ``push`` (``(n, 2)``) draws an arrow
        at each candidate, scaled by ``PUSH_SCALE``; None or all zeros hides the arrows."""
        cand = np.asarray(candidates, dtype=float).reshape(-1, 2)
        n = len(cand)
        if not 1 <= n <= self.max_n or not 0 <= positive < n:
            raise ValueError(f"need 1 to {self.max_n} candidates and a positive index below their number, got "
                             f"{n} candidates and positive={positive!r}")
        anchor = np.asarray(anchor, dtype=float).ravel()
        self.ray.set_data([0.0, anchor[0]], [0.0, anchor[1]])
        self.anchor.set_data([anchor[0]], [anchor[1]])
        self.positive.set_data([cand[positive, 0]], [cand[positive, 1]])
        others = np.delete(cand, positive, axis=0)
        self.negatives.set_data(others[:, 0], others[:, 1])
        angle = np.arctan2(cand[:, 1], cand[:, 0])
        self.positive_label.set_text(str(positive))
        if n == 1:
            self.hardest_label.set_visible(False)
            self.positive_label.set_position(tuple(_LABEL_RADIUS * np.array([np.cos(angle[0]), np.sin(angle[0])])))
        else:
            rest = np.delete(np.arange(n), positive)
            hardest = int(rest[np.argmax(cand[rest] @ anchor)])  # the most similar negative: the largest softmax share
            a_pos, a_hard = _spread(angle[positive], angle[hardest])
            self.positive_label.set_position((_LABEL_RADIUS * np.cos(a_pos), _LABEL_RADIUS * np.sin(a_pos)))
            self.hardest_label.set_position((_LABEL_RADIUS * np.cos(a_hard), _LABEL_RADIUS * np.sin(a_hard)))
            self.hardest_label.set_text(str(hardest))
            self.hardest_label.set_visible(True)
        offsets = np.zeros((self.max_n, 2))
        uv = np.zeros((self.max_n, 2))
        # Each arrow starts just outside its candidate (at radius _ARROW_RADIUS, same angle), so that neither the
        # candidate's marker nor a close neighbour's hides it.
        offsets[:n] = _ARROW_RADIUS * cand
        if push is not None:
            uv[:n] = np.asarray(push, dtype=float).reshape(n, 2) * PUSH_SCALE
        self.quiver.set_offsets(offsets)
        self.quiver.set_UVC(uv[:, 0], uv[:, 1])
        self.quiver.set_visible(bool(np.any(uv != 0.0)))

    def set_softmax(self, probs, positive):
        """Bar heights: the softmax over the ``n`` candidates; the positive's bar hatched, bars beyond ``n`` hidden
        and the x-axis trimmed to the ``n`` candidates, and the uniform guess 1/n as a dashed line."""
        probs = np.asarray(probs, dtype=float).ravel()
        n = len(probs)
        for j, bar in enumerate(self.bars):
            bar.set_visible(j < n)
            bar.set_height(probs[j] if j < n else 0.0)
            mine = j == positive
            bar.set_facecolor(_POSITIVE if mine else _NEGATIVE)
            bar.set_hatch("//" if mine else None)
        self.uniform.set_ydata([1.0 / n, 1.0 / n])
        # the axis shows the n candidates only: no empty slots that would read as more candidates
        # (the ticks stay those of max_n: the ones beyond the limits are not drawn). The ticks, their labels and the
        # gridlines are part of the cached background, so a new n redraws it once.
        if self.bax.get_xlim() != (-0.6, n - 0.4):
            self.bax.set_xlim(-0.6, n - 0.4)
            self.invalidate()
        self.uniform.set_xdata([-0.6, n - 0.4])

    def set_curve(self, temperatures, losses, ceiling):
        """The batch loss against the temperature, and ``ceiling`` (ln N) as a dashed line."""
        self.curve.set_data(temperatures, losses)
        self.ceiling.set_ydata([ceiling, ceiling])

    def set_current(self, temperature, loss):
        """The marker at the current temperature on the loss curve."""
        self.marker.set_data([temperature], [loss])


class CircleBatchPlot(FigurePlot):
    """A static figure: the anchors (stars, drawn on top) and positives (rings) of a 2-D batch on the unit circle,
    each anchor labelled with its index outside the circle. An inset at the centre magnifies the stretch of the
    circle around ``zoom`` (two pair indices, by default the closest two anchors) and labels the positives there
    too, so that near-coinciding pairs stay readable."""

    def __init__(self, anchor, positive, *, zoom=None, title="the batch on the unit circle", figsize=(4.6, 4.6)):
        a, p = np.asarray(anchor, dtype=float), np.asarray(positive, dtype=float)
        if a.ndim != 2 or a.shape[1] != 2 or a.shape != p.shape:
            raise ValueError(f"anchor and positive must both have shape (n, 2), got {a.shape} and {p.shape}")
        a, p = a / np.linalg.norm(a, axis=1, keepdims=True), p / np.linalg.norm(p, axis=1, keepdims=True)
        if zoom is None and len(a) >= 2:
            cos = a @ a.T - 2.0 * np.eye(len(a))
            zoom = tuple(int(i) for i in np.unravel_index(np.argmax(cos), cos.shape))
        fig, ax = new_figure(figsize=figsize)
        super().__init__(fig)
        self.ax = ax
        _circle_axes(ax)
        ax.set_title(title)
        self._draw_points(ax, a, p, markersize=(13, 11))
        self.inset, box = None, None
        if zoom is not None:
            box = self._draw_inset(ax, a, p, list(zoom))
        for i, u in enumerate(a):
            ax.text(*(self._label_radius(u, box) * u), str(i), ha="center", va="center", fontsize=10,
                    color="#333333")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=9, borderaxespad=0.0)
        # The text of the figure (its alt text and its plain-text repr): stable from run to run, unlike an address.
        zoomed = "" if zoom is None else (f" The inset at the centre magnifies pairs {zoom[0]} and {zoom[1]}, "
                                          "with each positive's index beside it.")
        self.text = (f"{len(a)} anchors (stars) and their positives (rings) on the unit circle, each anchor labelled "
                     f"with its index.{zoomed}")

    @staticmethod
    def _label_radius(u, box, margin=0.1):
        """How far out along the unit vector ``u`` an anchor's index goes: 1.18, or further if that would put it
        within ``margin`` of the zoom box ``box`` (its centre and half-width), so labels do not crowd the box."""
        radius = 1.18
        if box is not None:
            centre, half = box
            while radius < 1.6 and np.all(np.abs(radius * u - centre) < half + margin):
                radius += 0.02
        return radius

    @staticmethod
    def _draw_points(ax, a, p, markersize):
        ax.plot(a[:, 0], a[:, 1], linestyle="none", marker="*", markersize=markersize[0], color=_ANCHOR,
                markeredgecolor="white", markeredgewidth=0.6, zorder=4, label="anchors (view 1)")
        ax.plot(p[:, 0], p[:, 1], linestyle="none", marker="o", markersize=markersize[1], markerfacecolor="none",
                markeredgecolor=_POSITIVE, markeredgewidth=2.0, zorder=3, label="positives (view 2)")

    def _draw_inset(self, ax, a, p, zoom):
        pts = np.concatenate([a[zoom], p[zoom]])
        centre, half = (pts.max(axis=0) + pts.min(axis=0)) / 2, max(np.ptp(pts, axis=0).max() / 2 + 0.06, 0.1)
        ins = ax.inset_axes([0.29, 0.29, 0.42, 0.42])
        ins.set_facecolor("white")
        for spine in ins.spines.values():
            spine.set_visible(True)
            spine.set_color(MUTED)
        theta = np.linspace(0.0, 2 * np.pi, 2000)
        ins.plot(np.cos(theta), np.sin(theta), color=MUTED, linewidth=1.0)
        self._draw_points(ins, a, p, markersize=(18, 17))
        out = centre / np.linalg.norm(centre)  # outward, away from the circle's centre
        for i in zoom:
            ins.text(*(a[i] + 0.45 * half * out), str(i), ha="center", va="center", fontsize=13, color="#333333",
                     fontweight="bold")
            ins.text(*(p[i] - 0.45 * half * out), str(i), ha="center", va="center", fontsize=13, color=_POSITIVE,
                     fontweight="bold")
        ins.set(xlim=(centre[0] - half, centre[0] + half), ylim=(centre[1] - half, centre[1] + half),
                xticks=[], yticks=[])
        ins.set_aspect("equal")
        ins.set_title(f"zoom: pairs {zoom[0]} and {zoom[1]}", fontsize=9, pad=2)
        ax.indicate_inset_zoom(ins, edgecolor=MUTED)
        self.inset = ins
        return centre, half

    def __repr__(self):
        return self.text
