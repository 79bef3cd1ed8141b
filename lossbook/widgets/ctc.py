"""CTC lesson widget: change what a tiny speech model hears in one frame and watch the lattice and the loss."""

from __future__ import annotations

import numpy as np

import lossbook as lb

from ..datasets import BLANK_SYMBOL, ctc_toy
from ..plots.ctc import CTCLatticePlot
from ._args import arguments, choice, real, whole
from ._controls import int_slider, slider, toggle
from ._explorer import Explorer
from ._registry import register

__all__ = ["ctc_hello"]


def _read(path, classes):
    """A path of class indices as symbols, and what it collapses to."""
    symbols = " ".join(classes[k] for k in path)
    word = "".join(classes[k] for k in lb.ctc_collapse(path))
    return symbols, word or "(nothing)"


@register
@arguments(frame=whole(1, 8), symbol=choice("_", "H", "E", "L", "O"), nudge=real(-6.0, 6.0))
def ctc_hello(frame=5, symbol="L", nudge=0.0):
    """Raise or lower one symbol's score in one frame of the "HELLO" toy; see the probabilities, lattice and loss.

    ``frame`` (1 to 8) and ``symbol`` (``"_"`` for the blank, or a letter of HELLO) pick one cell of the per-frame
    table; ``nudge`` is added to that cell's score (logit) before the softmax, so a positive nudge makes the symbol
    more likely in that frame and every other symbol of that frame less likely. The nudge applies to whichever cell
    is picked. Left panel: the probabilities; right panel: the posterior occupation of the CTC lattice (computed by
    :func:`lossbook.ctc_lattice`).
    """
    toy = ctc_toy()
    classes, labels = toy.classes, toy.labels
    T = toy.probs.shape[0]
    if symbol not in classes:
        raise ValueError(f"symbol must be one of {classes}, got {symbol!r}")
    base = np.log(toy.probs)  # logits whose softmax is exactly the table
    plot = CTCLatticePlot(toy.word, T)
    n_paths = len(lb.ctc_paths(labels, T))
    controls = {
        "frame": int_slider(frame, 1, T, description="frame"),
        "symbol": toggle([("blank" if c == BLANK_SYMBOL else c, c) for c in classes], symbol, description="symbol"),
        "nudge": slider(nudge, -6.0, 6.0, 0.1, description="extra score (logit) for it", readout_format="+.1f"),
    }

    def frame_(v, changed):
        t, k = v["frame"] - 1, classes.index(v["symbol"])
        logits = base.copy()
        logits[t, k] += v["nudge"]
        lattice = lb.ctc_lattice(labels, logits)
        probs = lb.softmax(logits)
        best = probs.argmax(axis=1)
        path, heard = _read(best, classes)
        name = "blank" if v["symbol"] == BLANK_SYMBOL else v["symbol"]
        plot.set_frame(probs, np.exp(lattice.log_posterior), (t, k))
        return (f"frame {t + 1}, {name}: extra score {v['nudge']:+.1f}, so p({name}) = {probs[t, k]:.3f} there\n"
                f"CTC loss = {lattice.loss:.3f}: p({toy.word}) = {np.exp(-lattice.loss):.4f}, summed over "
                f"{n_paths} paths\n"
                f"greedy reading (the likeliest symbol in each frame): {path}, which reads {heard}")

    return Explorer(plot, controls, frame_, title="CTC: what one frame hears",
                    alt="Left: the probability of each symbol in each of 8 frames, one cell boxed. Right: how "
                        "likely each position of the extended word is at each frame, given the word HELLO.")
