"""How-to-choose figures: one card per loss (its curve against how wrong a prediction is), shown one at a time.

Every loss of the chooser gets a *card*: its curve against the natural "how wrong" quantity of its problem (the
miss for regression, the probability given to the true class for classification, the distance for similarity,
...), with one or two familiar losses for comparison. :func:`card_spec` computes the curves with lossbook.
:class:`ChooserPlot` draws the shown card on one shared axis, "how wrong the prediction is" from 0 (perfect) to 1
(very wrong), so that switching loss only swaps line data and, where the card's y-range differs, the y-axis limits;
moving the marker along one card is a blit.

>>> spec = card_spec("huber")
>>> spec.title, [label for label, _ in spec.curves]
('Huber', ['Huber (delta = 1)', 'MSE', 'MAE'])
>>> plot = ChooserPlot(["mse", "huber"])
>>> plot.show("huber", 0.5, "regression, outliers: Huber")
>>> plot.png()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from matplotlib.ticker import FixedLocator, MaxNLocator

from .. import choosing
from ..losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    contrastive,
    ctc,
    dice,
    focal,
    hinge,
    huber,
    iou,
    kl_divergence,
    mae,
    mse,
)
from ._base import FigurePlot
from .theme import ACCENT, MUTED, new_figure, style

__all__ = ["CardSpec", "card_spec", "ChooserPlot"]


class CardSpec(NamedTuple):
    """A card: ``x`` (ascending), ``curves`` ``[(label, y), ...]`` (the first is the loss itself), axis labels, and
    the x values of a perfect (``good``) and a very wrong (``bad``) prediction: wrongness w maps to
    ``good + w * (bad - good)``."""

    title: str
    x: np.ndarray
    curves: list
    xlabel: str
    ylabel: str
    good: float
    bad: float
    ylim: tuple

    def x_at(self, w):
        return self.good + w * (self.bad - self.good)

    def loss_at(self, w):
        return float(np.interp(self.x_at(w), self.x, self.curves[0][1]))


_P = np.linspace(0.01, 0.99, 197)  # a probability axis that stays off 0 and 1
_MISS = np.linspace(-3.0, 3.0, 241)

# The segmentation toy: a 1,000-pixel scan with a 20-pixel tumour. The model gives probability p to every tumour
# pixel and 0.01 to every background pixel.
_N_PIXELS, _N_TUMOUR, _BACKGROUND_P = 1000, 20, 0.01


def _scan(p):
    mask = np.zeros(_N_PIXELS)
    mask[:_N_TUMOUR] = 1.0
    pred = np.full((p.size, _N_PIXELS), _BACKGROUND_P)
    pred[:, :_N_TUMOUR] = p[:, None]
    return np.broadcast_to(mask, pred.shape), pred


def card_spec(key) -> CardSpec:
    """The curves of loss ``key`` (a key of :data:`lossbook.choosing.LOSSES`), computed with lossbook."""
    name = choosing.LOSSES[key].name
    zero = np.zeros_like(_MISS)
    if key in ("mse", "mae", "huber"):
        curves = {"mse": ("MSE", mse(zero, _MISS, reduction="none")),
                  "mae": ("MAE", mae(zero, _MISS, reduction="none")),
                  "huber": ("Huber (delta = 1)", huber(zero, _MISS, reduction="none"))}
        order = [key] + [k for k in ("mse", "mae", "huber") if k != key]
        title = {"mse": "MSE", "mae": "MAE", "huber": "Huber"}[key]
        return CardSpec(title, _MISS, [curves[k] for k in order], "miss: prediction - target", "loss",
                        0.0, 3.0, (0.0, 5.0))
    ones = np.ones_like(_P)
    bce = binary_cross_entropy(ones, _P, reduction="none")
    if key in ("bce", "cce", "sparse_cce"):
        label = "-ln p" if key == "bce" else "-ln p (softmax of the true class)"
        # For two classes (one probability p) MSE is exactly (1 - p)²; for several, MSE against a one-hot label
        # also charges the wrong classes' probabilities, so that card names only the part it draws.
        squared = "MSE (1 - p)²" if key == "bce" else "squared miss on the true class, (1 - p)²"
        return CardSpec(name, _P, [(label, bce), (squared, (1 - _P) ** 2)],
                        "probability given to the true class, p", "loss (nats)", 0.99, 0.01, (0.0, 5.0))
    if key == "hinge":
        margin = np.linspace(-2.0, 2.0, 161)   # y * s: positive on the right side of the boundary
        labels = np.ones_like(margin)
        return CardSpec(name, margin, [("hinge max(0, 1 - y s)", hinge(labels, margin, reduction="none")),
                                       ("cross-entropy on the logit, ln(1 + e^(-y s))",
                                        binary_cross_entropy_with_logits(labels, margin, reduction="none"))],
                        "margin y s (label -1/+1 times score)", "loss", 2.0, -2.0, (0.0, 5.0))
    if key == "focal":
        return CardSpec(name, _P, [("focal, gamma = 2, alpha off", focal(ones, _P, alpha=None, gamma=2.0, reduction="none")),
                                   ("cross-entropy -ln p", bce)],
                        "probability given to the true class, p", "loss (nats)", 0.99, 0.01, (0.0, 5.0))
    if key in ("dice", "iou"):
        mask, pred = _scan(_P)
        overlap = (dice if key == "dice" else iou)(mask, pred, axis=1, reduction="none")
        pixel_bce = binary_cross_entropy(mask, pred, reduction="none").mean(axis=1)
        return CardSpec(name, _P, [(f"{name} of the whole mask", overlap), ("per-pixel cross-entropy, mean",
                                                                            pixel_bce)],
                        f"probability on the {_N_TUMOUR} tumour pixels (of {_N_PIXELS})", "loss", 0.99, 0.01,
                        (0.0, 1.05))
    if key == "contrastive":
        d = np.linspace(0.0, 2.5, 201)[:, None]
        zeros = np.zeros_like(d)
        same = contrastive(np.ones(d.shape[0]), zeros, d, reduction="none")
        different = contrastive(np.zeros(d.shape[0]), zeros, d, reduction="none")
        return CardSpec(name, d[:, 0], [("similar pair", same), ("different pair (margin 1)", different)],
                        "distance between the two embeddings", "loss", 0.0, 2.5, (0.0, 3.2))
    if key == "triplet":
        from ..losses import triplet

        d = np.linspace(0.0, 3.0, 241)[:, None]
        zeros = np.zeros_like(d)
        loss = triplet(zeros, np.ones_like(d), d, reduction="none")
        return CardSpec(name, d[:, 0], [("triplet, d(anchor, positive) = 1", loss)],
                        "distance from the anchor to the negative", "loss", 3.0, 0.0, (0.0, 2.2))
    if key == "kl":
        target = np.array([0.7, 0.3])
        q = np.stack([_P, 1 - _P], axis=1)
        loss = kl_divergence(np.broadcast_to(target, q.shape), q, reduction="none")
        return CardSpec(name, _P, [("KL(P || Q), P = [0.7, 0.3]", loss)], "predicted Q = [q, 1 - q]: q",
                        "loss (nats)", 0.7, 0.01, (0.0, 3.0))
    if key == "ctc":
        path = [1, 1, 2, 3, 0]  # C C A T _ : 5 frames for the word CAT (classes: blank, C, A, T)
        losses = []
        for q in _P:
            probs = np.full((5, 4), (1 - q) / 3)
            probs[np.arange(5), path] = q
            losses.append(ctc([1, 2, 3], np.log(probs)))
        return CardSpec(name, _P, [("CTC of CAT in 5 frames", np.array(losses))],
                        "probability each frame gives to C C A T _", "loss (nats)", 0.99, 0.05, (0.0, 8.0))
    raise KeyError(f"no card for loss {key!r}")


class ChooserPlot(FigurePlot):
    """One axes, every card's curves precomputed on a shared "how wrong" axis (0 = perfect, 1 = very wrong).

    ``show(key, w, headline)`` swaps in loss ``key``'s curves and y-range (only when the key changes), moves the
    marker to wrongness ``w`` and sets the headline. Within one card the axes never change, so every frame is a blit. The key box (which
    curve is which) is text, slow to draw glyph by glyph, so it is part of the background, and the background is
    cached per loss: the first visit to a loss draws everything once, every later frame restores its bitmap.
    """

    N_COMPARE = 2
    N_YTICKS = 7  # every card gets this many y-tick positions (those above its top are not drawn): no new artist

    def __init__(self, keys=tuple(choosing.LOSSES), *, ylim=None, figsize=(6.2, 3.4)):
        """``ylim``: one y-range for every card, or None (the default) for each card's own ``CardSpec.ylim``."""
        self.specs = {key: card_spec(key) for key in keys}
        self.fixed_ylim = ylim
        self.ylim = ylim if ylim is not None else (0.0, 5.0)
        self.current = None
        fig, ax = new_figure(figsize=figsize)
        super().__init__(fig)
        self.ax = ax
        # xlim with a margin: the marker at wrongness 0 or 1 is drawn whole
        ax.set(xlim=(-0.02, 1.02), xlabel="how wrong the prediction is (0 = perfect, 1 = very wrong)",
               ylabel="loss")
        self._set_ylim(self.ylim)
        # The layout is fixed on the first frame; the y label sits at a fixed distance from the axes, with room for
        # the widest tick labels of any card ("0.75"), so a card with longer tick labels does not push it out.
        ax.yaxis.set_label_coords(-0.1, 0.5)
        (self.main,) = ax.plot([], [], **style(0), linewidth=2.6)
        self.compare = [ax.plot([], [], **dict(style(i + 1), color=MUTED, linewidth=1.4))[0]
                        for i in range(self.N_COMPARE)]
        (self.point,) = ax.plot([0.0], [0.0], "o", color=ACCENT, markersize=9, markeredgecolor="white",
                                markeredgewidth=1.5, zorder=5)
        self.key_text = ax.text(0.02, 0.97, "", transform=ax.transAxes, ha="left", va="top", fontsize=9,
                                bbox=dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor=MUTED))
        self.headline = fig.suptitle("Recommended", fontsize=12)  # text now: the layout keeps its row
        for artist in (self.main, *self.compare, self.point, self.headline):
            self.dynamic(artist)
        self._backgrounds = {}  # loss key -> cached background bitmap (with that loss's key box)

    def _set_ylim(self, ylim):
        """Set the y-range with a fixed number of y-tick positions (round steps from 0; any above the top are not
        drawn), so that a card with another range creates no tick artist."""
        top = float(ylim[1])
        ticks = [t for t in MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(0.0, top) if t <= top + 1e-9][: self.N_YTICKS]
        step = ticks[1] - ticks[0]
        ticks += [ticks[-1] + step * (i + 1) for i in range(self.N_YTICKS - len(ticks))]
        self.ax.set_ylim(ylim)
        self.ax.yaxis.set_major_locator(FixedLocator(ticks))
        self.ylim = tuple(ylim)

    @staticmethod
    def _on_wrongness_axis(spec, y):
        w = (spec.x - spec.good) / (spec.bad - spec.good)
        keep = (w >= -1e-9) & (w <= 1 + 1e-9)
        order = np.argsort(w[keep])
        return w[keep][order], np.asarray(y, dtype=float)[keep][order]

    def _off_top(self, spec, y):
        """For a curve that leaves the top of the axes: where it leaves and its value at wrongness 1, so that the
        key box still gives the numbers the picture cannot show ("" for a curve that stays inside)."""
        w, y = self._on_wrongness_axis(spec, y)
        above = y > self.ylim[1]
        if not above.any():
            return ""
        return f" (off the top from {w[above.argmax()]:.2f}; {y[-1]:.3g} at 1)"

    def show(self, key, w, headline):
        """Show loss ``key``'s card with the marker at wrongness ``w`` (0 to 1) and the given headline."""
        spec = self.specs[key]
        if key != self.current:
            self.current = key
            ylim = self.fixed_ylim if self.fixed_ylim is not None else spec.ylim
            if tuple(ylim) != self.ylim:
                self._set_ylim(ylim)
            self._background = self._backgrounds.get(key)  # None: the next frame draws (and caches) it
            self.main.set_data(*self._on_wrongness_axis(spec, spec.curves[0][1]))
            for line, curve in zip(self.compare, [*spec.curves[1:], None, None]):
                line.set_visible(curve is not None)
                if curve is not None:
                    line.set_data(*self._on_wrongness_axis(spec, curve[1]))
            rows = [f"solid: {spec.curves[0][0]}{self._off_top(spec, spec.curves[0][1])}"]
            rows += [f"{kind}, grey: {label}{self._off_top(spec, y)}" for kind, (label, y)
                     in zip(("dashed", "dotted"), spec.curves[1:])]
            rows.append(f"x: {spec.xlabel}, from {spec.good:g} to {spec.bad:g}")
            self.key_text.set_text("\n".join(rows))
        self.point.set_data([w], [min(spec.loss_at(w), self.ylim[1])])
        self.headline.set_text(headline)
        # a long headline (every box ticked) still fits on one line
        self.headline.set_fontsize(12 if len(headline) <= 64 else 10 if len(headline) <= 76 else 9)

    def draw(self):
        super().draw()
        self._backgrounds[self.current] = self._background
