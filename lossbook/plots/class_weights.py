"""Figures of the lesson "Class weights": who pays under a weighted loss, and what retraining with it does to the
model's probabilities."""

from __future__ import annotations

import numpy as np

from ._base import FigurePlot
from .theme import COLORS, MUTED, new_figure, style

__all__ = ["ClassWeightsPlot"]


class ClassWeightsPlot(FigurePlot):
    """Left: each group's share of the total loss under plain cross-entropy (grey, hatched), cross-entropy with
    ``pos_weight`` (coloured, moves) and focal loss (white, dotted hatch). Right: after retraining the model's bias
    under each ``pos_weight`` (x axis, log scale), the mean predicted probability and the positives caught at 0.5
    (curves), focal loss's values (flat lines), the base rate, and the current weight (markers in their curves'
    colours).
    """

    def __init__(self, groups, ce_shares, focal_shares, weights, mean_prob, recall, focal_mean, focal_recall,
                 base_rate, *, figsize=(9.6, 4.4)):
        fig, (bax, ax) = new_figure(1, 2, figsize=figsize)
        super().__init__(fig)
        self.bax, self.ax = bax, ax
        x = np.arange(len(groups))
        bax.set(ylim=(0.0, 120.0), ylabel="share of the total loss (%)", xlim=(-0.6, len(groups) - 0.4))
        bax.set_xticks(x, groups)
        bax.set_yticks(np.arange(0, 101, 20))  # room above 100 for the legend, but no share above 100%
        bax.tick_params(axis="x", labelsize=9)
        ce_bars = bax.bar(x - 0.27, 100 * np.asarray(ce_shares), width=0.26, color="#DDDDDD", edgecolor=MUTED,
                          hatch="//", label="cross-entropy")
        # one colour for the three pos_weight bars, the one their legend swatch shows (the x labels name the groups)
        self.bars = bax.bar(x, np.zeros(len(groups)), width=0.26, color=COLORS[0], edgecolor="black",
                            linewidth=0.6, label="with pos_weight")
        focal_bars = bax.bar(x + 0.27, 100 * np.asarray(focal_shares), width=0.26, color="white", edgecolor="black",
                             hatch="..", label="focal (γ 2, α 0.25)")
        # every bar carries its value: the fixed cross-entropy and focal bars once, the pos_weight bars as they move
        self.fixed_labels = [bax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + 1.0,
                                      f"{bar.get_height():.0f}%", ha="center", va="bottom", fontsize=8)
                             for bar in (*ce_bars, *focal_bars)]
        self.labels = [bax.text(xi, 0.0, "", ha="center", va="bottom", fontsize=8) for xi in x]
        bax.legend(loc="upper left", fontsize=8, ncol=3)
        for artist in (*self.bars, *self.labels):
            self.dynamic(artist)

        weights = np.asarray(weights, dtype=float)
        # a log y axis too: the base rate (1%) and focal's mean probability (5.6%) would sit on the x axis of a
        # linear 0-100 scale; from 0.5% up every line is apart and visible
        ax.set(xscale="log", yscale="log", xlim=(weights[0], weights[-1]), ylim=(0.5, 100.0),
               xlabel="pos_weight (log scale)", ylabel="caught, or mean probability (%, log scale)",
               title="after retraining the bias")
        ax.set_yticks([1, 2, 5, 10, 20, 50, 100], ["1", "2", "5", "10", "20", "50", "100"])
        ax.set_xticks([1, 10, 100], ["1", "10", "100"])
        ax.minorticks_off()
        ax.plot(weights, 100 * np.asarray(recall), **style(0), label="positives caught at 0.5")
        ax.plot(weights, 100 * np.asarray(mean_prob), **style(1), label="mean predicted probability")
        ax.axhline(100 * focal_recall, color=COLORS[0], linestyle=(0, (1, 1.5)), linewidth=1.5,
                   label="focal: caught")
        ax.axhline(100 * focal_mean, color=COLORS[1], linestyle=(0, (5, 1.5, 1, 1.5, 1, 1.5)), linewidth=1.5,
                   label="focal: mean probability")  # a pattern of its own: in greyscale it looks like 'caught'
        # grey, long dashes: unlike the solid "caught" curve and the dash-dot-dot of "focal: mean probability"
        ax.axhline(100 * base_rate, color=MUTED, linestyle=(0, (10, 3)), linewidth=1.2,
                   label=f"base rate ({100 * base_rate:.0f}% positives)")
        # the current weight: each marker in its own curve's colour, with a black edge to stand out on the line
        (self.recall_point,) = ax.plot([weights[0]], [100 * recall[0]], "o", color=COLORS[0], markeredgecolor="black",
                                       markeredgewidth=1.2, markersize=9, clip_on=False)
        (self.mean_point,) = ax.plot([weights[0]], [100 * mean_prob[0]], "s", color=COLORS[1], markeredgecolor="black",
                                     markeredgewidth=1.2, markersize=8, clip_on=False)
        # below the axes: inside, any corner would cover a curve or the current weight's marker
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=8, ncol=2)
        self.dynamic(self.recall_point)
        self.dynamic(self.mean_point)

    def set_shares(self, shares):
        """Each group's share of the weighted total (fractions summing to 1)."""
        for bar, text, share in zip(self.bars, self.labels, shares):
            bar.set_height(100 * share)
            text.set_y(100 * share + 1.0)
            text.set_text(f"{100 * share:.0f}%")

    def set_point(self, weight, mean_prob, recall):
        """Mark the current ``pos_weight``'s retrained mean probability and recall."""
        self.recall_point.set_data([weight], [100 * recall])
        self.mean_point.set_data([weight], [100 * mean_prob])
