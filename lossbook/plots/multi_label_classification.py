"""Figures of the lesson "Multi-label classification": one softmax over the classes beside one sigmoid per class."""

from __future__ import annotations

import numpy as np

from ._base import FigurePlot
from .theme import COLORS, MUTED, new_figure

__all__ = ["SoftmaxOrSigmoidsPlot"]


class SoftmaxOrSigmoidsPlot(FigurePlot):
    """Left: the softmax probabilities of the classes (they sum to 1). Right: one sigmoid probability per class (each
    from 0 to 1 on its own), with the dotted 0.5 line above which a class counts as present (named in the legend).
    On both panels a hollow outline marks each class's label: 1 for a class in the photo, 0 for one that is not (the
    softmax panel's outline is the label split evenly, what a softmax would have to aim for)."""

    def __init__(self, classes, *, figsize=(8.6, 3.4)):
        fig, (sax, gax) = new_figure(1, 2, figsize=figsize, sharey=True)
        super().__init__(fig)
        self.sax, self.gax = sax, gax
        x = np.arange(len(classes))
        self.bars, self.targets, self.labels = [], [], []
        for ax, title, head, colour, hatch in ((sax, "one softmax over the classes", "softmax", COLORS[0], None),
                                               (gax, "one sigmoid per class", "sigmoid", COLORS[2], "//")):
            ax.set(ylim=(0.0, 1.25), xlim=(-0.6, len(classes) - 0.4), title=title)
            ax.set_xticks(x, classes)
            ax.set_yticks(np.arange(0.0, 1.01, 0.2))  # room above 1 for the value labels, no probability above 1
            ax.grid(axis="x", visible=False)
            bars = ax.bar(x, np.zeros(len(classes)), width=0.55, color=colour, edgecolor="black", linewidth=0.6,
                          hatch=hatch, label=f"{head} probability")
            targets = ax.bar(x, np.zeros(len(classes)), width=0.8, fill=False, edgecolor="black", linewidth=1.6,
                             linestyle=(0, (4, 2)), label="what the labels ask for")
            labels = [ax.text(xi, 0.0, "", ha="center", va="bottom", fontsize=10) for xi in x]
            self.bars.append(bars)
            self.targets.append(targets)
            self.labels.append(labels)
            for artist in (*bars, *targets, *labels):
                self.dynamic(artist)
        sax.set_ylabel("probability")
        # named in the legend, not by a text on the line, which a tall bar would cover
        self.threshold = gax.axhline(0.5, color=MUTED, linestyle=(0, (1, 2)), linewidth=1.5)
        self.sums = [sax.text(0.02, 0.985, "", transform=sax.transAxes, va="top", fontsize=10),
                     gax.text(0.02, 0.985, "", transform=gax.transAxes, va="top", fontsize=10)]
        for text in self.sums:
            self.dynamic(text)
        # one swatch per bar style: the softmax's plain blue bars, the sigmoids' hatched green bars, the outlines
        handles = [self.bars[0][0], self.bars[1][0], self.targets[0][0], self.threshold]
        fig.legend(handles, ["softmax probability", "sigmoid probability", "what the labels ask for",
                             "sigmoid: present above 0.5"], loc="outside lower center", ncol=4, fontsize=9,
                   frameon=False)

    def set_probabilities(self, softmax, sigmoids, soft_target, labels):
        """The two sets of probabilities, the softmax's even split of the labels, and the 0/1 labels."""
        for panel, (probs, target) in enumerate(((softmax, soft_target), (sigmoids, labels))):
            for bar, outline, text, p, t in zip(self.bars[panel], self.targets[panel], self.labels[panel], probs,
                                                 target):
                bar.set_height(p)
                outline.set_height(t)
                text.set_y(max(p, t) + 0.03)  # clear of the dashed outline's top edge
                text.set_text(f"{p:.2f}")
            self.sums[panel].set_text(f"sum = {np.sum(probs):.2f}")
