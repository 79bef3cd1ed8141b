"""CTC figures: the alignment lattice with every valid path drawn, and the live probability / posterior lattice.

The lattice has one column per frame and one row per position of the *extended* label sequence: the labels with a
blank ``_`` before, between and after them (``HELLO`` becomes ``_ H _ E _ L _ L _ O _``). A valid alignment is a
path from the top-left corner region to the bottom-right one that, from frame to frame, stays, moves down one row,
or skips a blank between two *different* letters.

>>> plot = CTCPathsPlot("HELLO", 8)
>>> plot
CTC lattice of HELLO in 8 frames: 11 positions, 66 valid paths
>>> plot.png()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import numpy as np

from ..datasets import BLANK_SYMBOL, ctc_classes
from ..losses.sequences import ctc_paths
from ._base import FigurePlot
from .theme import ACCENT, COLORS, MUTED, new_figure

__all__ = ["CTCPathsPlot", "CTCLatticePlot"]

BLANK_TICK = "blank"  # how the blank is named on an axis: a lone "_" tick is too easy to miss


def _positions(word):
    """Row labels of the lattice: the extended label sequence, as symbols."""
    ext = [BLANK_SYMBOL]
    for letter in word:
        ext += [letter, BLANK_SYMBOL]
    return ext


class CTCPathsPlot(FigurePlot):
    """Every valid alignment of ``word`` in ``T`` frames, drawn on the lattice (a still figure).

    Each path is a thin line through the cells it visits; ``highlight`` (a path of class indices, classes numbered
    as blank 0 then the word's letters in order of first appearance) is drawn thick. Cells that no valid path
    visits are shown hollow.
    """

    def __init__(self, word="HELLO", T=8, *, highlight=None, figsize=(6.4, 3.8)):
        classes = ctc_classes(word)
        labels = [classes.index(c) for c in word]
        self.word, self.T = word, int(T)
        paths = ctc_paths(labels, self.T)  # (n_paths, T), class indices
        self.n_paths = len(paths)
        rows = _positions(word)
        self.S = len(rows)
        # Turn each path of classes back into lattice positions: a path visits position s at frame t. Recompute the
        # positions by walking the extended sequence (a class alone is ambiguous: every blank is class 0).
        positions = _path_positions(paths, labels)
        fig, ax = new_figure(figsize=figsize)
        super().__init__(fig)
        self.ax = ax
        tt, ss = np.meshgrid(np.arange(self.T), np.arange(self.S))
        used = np.zeros((self.S, self.T), dtype=bool)
        for pos in positions:
            used[pos, np.arange(self.T)] = True
        ax.plot(tt[~used], ss[~used], "o", markerfacecolor="white", markeredgecolor=MUTED, markersize=6,
                linestyle="none", label="no valid path passes here")
        ax.plot(tt[used], ss[used], "o", color=COLORS[0], markersize=6, linestyle="none",
                label="on some valid path")
        # Each step between two cells drawn once, as thick as the number of valid paths that take it (faint
        # overlapping lines, one per path, were almost invisible).
        steps = {}
        for pos in positions:
            for t in range(self.T - 1):
                key = (t, int(pos[t]), int(pos[t + 1]))
                steps[key] = steps.get(key, 0) + 1
        most = max(steps.values(), default=1)
        for (t, a, b), count in steps.items():
            ax.plot([t, t + 1], [a, b], color=COLORS[0], linestyle="-", alpha=0.7, linewidth=0.8 + 4.2 * count / most,
                    solid_capstyle="round", zorder=1)
        ax.plot([], [], color=COLORS[0], linestyle="-", alpha=0.7, linewidth=3, label="a step of valid paths\n(thicker: more paths)")
        if highlight is not None:
            hp = _path_positions(np.asarray([highlight]), labels)
            ax.plot(np.arange(self.T), hp[0], color=ACCENT, linewidth=3, marker="o", markersize=7,
                    label="one path: " + " ".join(classes[k] for k in highlight))
        ax.set_yticks(range(self.S), [BLANK_TICK if r == BLANK_SYMBOL else r for r in rows])
        ax.set_xticks(range(self.T), [str(t + 1) for t in range(self.T)])
        ax.set(xlabel="frame (time step)", ylabel="position in the extended word",
               xlim=(-0.4, self.T - 0.6), ylim=(self.S - 0.5, -0.5))
        ax.set_title(f"{word} in {self.T} frames: {self.n_paths} valid paths")
        ax.grid(False)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)

    def __repr__(self):
        return f"CTC lattice of {self.word} in {self.T} frames: {self.S} positions, {self.n_paths} valid paths"


def _path_positions(paths, labels):
    """The lattice positions each path (a row of classes per frame) visits; a row that is no valid path raises.

    The positions are unique: from position ``s`` a frame's symbol either repeats ``ext[s]`` (stay), or is
    ``ext[s + 1]`` (advance), or is ``ext[s + 2]`` when a skip over a blank between two different letters is allowed.
    """
    labels = list(labels)
    S = 2 * len(labels) + 1
    ext = [0] * S
    ext[1::2] = labels
    out = []
    for path in np.asarray(paths):
        s, pos = -1, []
        for k in path:
            if s >= 0 and ext[s] == k:
                pass  # stay
            elif s + 1 < S and ext[s + 1] == k:
                s += 1
            elif s + 2 < S and k != 0 and ext[s + 2] == k and (s < 0 or ext[s] != k):
                s += 2
            else:
                raise ValueError(f"{list(path)} is not a valid alignment of labels {labels}")
            pos.append(s)
        if s < S - 2:
            raise ValueError(f"{list(path)} ends before the last label of {labels}")
        out.append(pos)
    return np.asarray(out, dtype=int)


class CTCLatticePlot(FigurePlot):
    """Live figure: per-frame probabilities (left) and the posterior occupation of the lattice (right).

    Left: one row per symbol (blank first), one column per frame, colour = probability the model gives that symbol
    in that frame; a box marks the cell a slider acts on. Right: one row per position of the extended label sequence,
    colour = probability that an alignment of the word is at that position at that frame, given the word (each
    column sums to 1). ``set_frame`` swaps both images' data and moves the box; nothing is created.
    """

    def __init__(self, word="HELLO", T=8, *, figsize=(8.2, 3.5)):
        classes = ctc_classes(word)
        rows = _positions(word)
        self.T, self.C, self.S = int(T), len(classes), len(rows)
        fig, (ax1, ax2) = new_figure(1, 2, figsize=figsize)
        super().__init__(fig)
        self.ax_probs, self.ax_post = ax1, ax2
        # pcolormesh, not imshow: a mesh of a few dozen cells draws in about a millisecond, while an image is
        # resampled to screen pixels on every frame (several times slower).
        kw = dict(vmin=0.0, vmax=1.0, cmap="cividis", shading="flat")
        self.im_probs = self.dynamic(ax1.pcolormesh(np.arange(self.T + 1) - 0.5, np.arange(self.C + 1) - 0.5,
                                                    np.zeros((self.C, self.T)), **kw))
        self.im_post = self.dynamic(ax2.pcolormesh(np.arange(self.T + 1) - 0.5, np.arange(self.S + 1) - 0.5,
                                                   np.zeros((self.S, self.T)), **kw))
        ax1.set_ylim(self.C - 0.5, -0.5)
        ax2.set_ylim(self.S - 0.5, -0.5)
        # One colour scale, two different probabilities: each title says what its colour means.
        for ax, ylabels, title in ((ax1, classes, "colour: p(symbol in this frame)"),
                                   (ax2, rows, f"colour: p(at this position | {word})")):
            ax.set_yticks(range(len(ylabels)), [BLANK_TICK if r == BLANK_SYMBOL else r for r in ylabels])
            ax.set_xticks(range(self.T), [str(t + 1) for t in range(self.T)])
            ax.set_xlabel("frame (time step)")
            ax.set_title(title, fontsize=11)
            ax.grid(False)
        ax1.set_ylabel("symbol")
        ax2.set_ylabel("position in the extended word")
        cbar = fig.colorbar(self.im_post, ax=ax2, fraction=0.06, pad=0.03)
        cbar.set_label("probability, 0 to 1 (both panels)")
        self.box = self.dynamic(ax1.add_patch(
            _rectangle((-0.5, -0.5), 1, 1, edgecolor=COLORS[1], facecolor="none", linewidth=3)))
        # No live title: text is the slowest thing to draw (glyph by glyph); the widget's readout carries the numbers.

    def set_frame(self, probs, posterior, cell):
        """Show ``probs`` (T, C) and ``posterior`` (T, S) and box the cell ``(frame index, symbol index)``."""
        self.im_probs.set_array(np.asarray(probs).T)
        self.im_post.set_array(np.asarray(posterior).T)
        t, k = cell
        self.box.set_xy((t - 0.5, k - 0.5))


def _rectangle(xy, w, h, **kw):
    from matplotlib.patches import Rectangle

    return Rectangle(xy, w, h, **kw)
