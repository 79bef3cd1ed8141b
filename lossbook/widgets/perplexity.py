"""Widgets of the lesson "Perplexity": slide the add-k smoothing of a character-level bigram model and watch its
perplexity on the training and the held-out text, against the uniform guess's perplexity V = 27."""

from __future__ import annotations

import numpy as np

from ..datasets import CHARACTERS, encode_characters, toy_text
from ..losses import perplexity
from ..models import bigram_model, next_token_predictions
from ..plots.perplexity import BigramSmoothingPlot
from ._args import arguments, choice, real
from ._controls import slider
from ._explorer import Explorer
from ._registry import register

__all__ = ["bigram_smoothing", "SMOOTHING_RANGE"]

#: The slider's range, as powers of ten: k from 0.001 (trust the counts) to 100 (close to a uniform guess).
SMOOTHING_RANGE = (-3.0, 2.0)


@register
@arguments(log_smoothing=real(*SMOOTHING_RANGE), after=choice(*CHARACTERS[1:]))
def bigram_smoothing(log_smoothing=-1.0, after="t"):
    """A bigram model of the story's characters, fitted with add-k smoothing: slide k (as a power of ten)."""
    text = toy_text()
    train, held = encode_characters(text.train), encode_characters(text.held_out)
    v = len(CHARACTERS)
    exponents = np.round(np.arange(SMOOTHING_RANGE[0], SMOOTHING_RANGE[1] + 0.05, 0.1), 1)  # the slider's stops
    tables = {e: bigram_model(train, v, smoothing=10.0**e) for e in exponents}
    scores = {e: (perplexity(*next_token_predictions(t, train)), perplexity(*next_token_predictions(t, held)))
              for e, t in tables.items()}
    row = CHARACTERS.index(after)
    top = max(t[row].max() for t in tables.values())
    plot = BigramSmoothingPlot(10.0**exponents, [scores[e][0] for e in exponents], [scores[e][1] for e in exponents],
                         CHARACTERS, after=after, bar_top=float(np.ceil(11 * top) / 10))
    controls = {"log_smoothing": slider(log_smoothing, *SMOOTHING_RANGE, 0.1, description="smoothing, log10 k",
                                        readout_format=".1f")}

    def frame(values, changed):
        e = round(float(values["log_smoothing"]), 1)
        table = tables.get(e)
        if table is None:  # a value between the stops (set from code)
            table = bigram_model(train, v, smoothing=10.0**e)
            tables[e], scores[e] = table, (perplexity(*next_token_predictions(table, train)),
                                           perplexity(*next_token_predictions(table, held)))
        k, (ppl_train, ppl_held) = 10.0**e, scores[e]
        best = int(np.argmax(table[row]))
        name = "a space" if CHARACTERS[best] == " " else f"'{CHARACTERS[best]}'"
        plot.set_state(k, ppl_train, ppl_held, table[row])
        return (f"k = {k:.3g} (10 to the power {e:.1f}): perplexity {ppl_train:.2f} on the training text, "
                f"{ppl_held:.2f} on the held-out text; a uniform guess over the V = {v} characters scores {v}.\n"
                f"After '{after}' the model's likeliest next character is {name}, at {table[row][best]:.2f}.")

    return Explorer(plot, controls, frame, title="Perplexity of a bigram model against its smoothing",
                    alt="Left: perplexity on the training text and on the held-out text against the smoothing k on a "
                        "log scale, with a dotted line at 27 for a uniform guess. Right: the model's probability of "
                        "each next character after one character, with a dotted line at 1/27.")
