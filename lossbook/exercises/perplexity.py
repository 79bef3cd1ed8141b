"""Exercises of ``notebooks/week3/07-perplexity.ipynb``: guess the bigram model's held-out perplexity, a perplexity
by hand (a geometric mean), from bits to perplexity, and a real loss against the ln V baseline of its tokeniser.

>>> from lossbook.exercises import perplexity
>>> perplexity.by_hand.evaluate(4.64).status
'correct'
"""

import math

import numpy as np

from ..datasets import CHARACTERS, encode_characters, toy_text
from ..losses import perplexity as _perplexity
from ..models import bigram_model, next_token_predictions
from ._engine import Guess, Misconception, ValueExercise

_TEXT = toy_text()
_TABLE = bigram_model(encode_characters(_TEXT.train), len(CHARACTERS), smoothing=0.1)
_HELD = encode_characters(_TEXT.held_out)
# no context: every position gets the training text's character frequencies (add-k, k = 0.1)
_COUNTS = np.bincount(encode_characters(_TEXT.train), minlength=len(CHARACTERS)) + 0.1
_UNIGRAM = _perplexity(_HELD[1:], np.tile(_COUNTS / _COUNTS.sum(), (len(_HELD) - 1, 1)))

held_out_guess = Guess(
    "the perplexity of the bigram model (smoothing k = 0.1) on the held-out text, per character; a uniform guess over "
    "the 27 characters scores 27, a model that is always sure and right scores 1",
    truth=_perplexity(*next_token_predictions(_TABLE, encode_characters(_TEXT.held_out))),
    why=f"knowing only how often each character occurs (no context, k = 0.1) would take 27 choices down to "
    f"{_UNIGRAM:.1f}; knowing the character before takes them to about 8: after 't' the model bets on 'h' and a "
    "space, after a space on 't', 'a', 'w', 'b'... English spelling is far from uniform. It cannot get near 1, "
    "because one character of context leaves many words open.",
    misconceptions=[
        Misconception("uniform", 27.0,
                      "27 is a model that learnt nothing: it spreads its probability evenly over the 27 characters. "
                      "Counting which character follows which already does much better."),
        Misconception("certain", 1.0,
                      "1 would mean the model is always sure and right. One character of context is not enough for "
                      "that: after a space, the story goes on with 't' a little over a quarter of the time, and the model can "
                      "only spread its bets."),
    ],
    lo=1.0,
    hi=27.0,
    step=0.5,
)

by_hand = ValueExercise(
    "A language model gives the three true next tokens of a short text the probabilities 0.5, 0.2 and 0.1. What "
    "is its perplexity on that text? Round to 2 decimals (or give more).",
    answer=(2 * 5 * 10) ** (1 / 3),
    rtol=1e-3,
    misconceptions=[
        Misconception("mean_of_inverses", (2 + 5 + 10) / 3,
                      "That is the plain average of the per-token perplexities 1/p = 2, 5 and 10. Perplexity averages "
                      "in log space: the exponential of the mean of -ln p, which is the geometric mean of 1/p."),
        Misconception("inverse_of_mean", 3 / (0.5 + 0.2 + 0.1),
                      "That is 1 over the average probability. Perplexity averages the logs: exp of the mean of "
                      "-ln p."),
        Misconception("no_exp", math.log(100) / 3,
                      "That is the cross-entropy in nats, the mean of -ln p. Perplexity is its exponential."),
    ],
    hints=["The per-token cross-entropies are -ln 0.5, -ln 0.2 and -ln 0.1.",
           "Average those three numbers, then undo the log with the exponential. Do not average 1/p itself."],
    solution="The mean cross-entropy is (ln 2 + ln 5 + ln 10) / 3 = ln(100) / 3 = 1.535 nats, so the perplexity is "
    "exp(1.535) = 4.64: the cube root of 2 x 5 x 10 = 100. The plain mean of 1/p, 5.67, would overstate it.",
    solution_code="np.exp(np.mean(-np.log([0.5, 0.2, 0.1])))",
)

from_bits = ValueExercise(
    "A paper reports a character-level language model at 1.5 bits per character (its cross-entropy in bits, with "
    "log base 2). What is its perplexity per character? Round to 2 decimals (or give more).",
    answer=2**1.5,
    rtol=1e-3,
    misconceptions=[
        Misconception("base_e", math.exp(1.5),
                      "exp(1.5) treats 1.5 as nats. A cross-entropy in bits goes back with base 2: the perplexity is "
                      "2 ** 1.5 (the same as exp(1.5 x ln 2))."),
        Misconception("squared", 1.5**2,
                      "That is 1.5 squared. The bits are the exponent: 2 ** 1.5."),
    ],
    hints=["Perplexity is the base raised to the cross-entropy in that base: e ** nats, or 2 ** bits.",
           "Check your answer: 1 bit is a perplexity of 2 (a fair coin), 2 bits a perplexity of 4; 1.5 bits lies "
           "between."],
    solution="2 ** 1.5 = 2.83: the model hesitates, on average, as much as between about 2.8 equally likely "
    "characters.",
    solution_code="2 ** 1.5",
)

_V, _LOSS = 50_257, 3.3  # GPT-2's vocabulary, and a realistic validation loss in nats per token

uniform_baseline = ValueExercise(
    "A language model uses GPT-2's tokeniser (the program that cuts text into tokens), whose vocabulary has 50,257 "
    "tokens. Its dashboard shows a validation loss of 3.3 nats per token. How many times smaller is its perplexity "
    "than that of a uniform guess over the vocabulary? Keep every digit of e^3.3 until the last step, then round to "
    "the nearest whole number.",
    answer=_V / math.exp(_LOSS),
    rtol=1e-3,
    decimals=0,  # the prompt asks for the nearest whole number: 1854, not 1853.64 to 2 decimals
    misconceptions=[
        Misconception("gap_in_nats", math.log(_V) - _LOSS,
                      "That is the gap in nats, ln 50,257 - 3.3. Nats are logs: the ratio of the perplexities is "
                      "the exponential of that gap."),
        Misconception("ratio_of_losses", math.log(_V) / _LOSS,
                      "That is the ratio of the two losses, ln 50,257 / 3.3. The question compares perplexities, "
                      "the exponentials of the losses."),
        Misconception("loss_as_perplexity", _V / _LOSS,
                      "That divides V by the loss itself. The loss is in nats; the model's perplexity is e^3.3."),
        Misconception("perplexity_only", math.exp(_LOSS),
                      "That is the model's perplexity, e^3.3. The question asks how many times smaller it is than "
                      "the uniform guess's."),
    ],
    hints=["The uniform guess over V tokens has perplexity V; the model's perplexity is e raised to its loss.",
           "A ratio of perplexities is the exponential of a difference of losses: the uniform guess's loss is "
           "ln V."],
    solution="The model's perplexity is e^3.3 = 27.11, the uniform guess's is 50,257: 50,257 / 27.11 = 1853.6, about 1854 times "
    "smaller, the same as exp(ln 50,257 - 3.3) = exp(7.52). The model hesitates between about 27 tokens where the "
    "uniform guess hesitates between all 50,257.",
    solution_code="50_257 / np.exp(3.3)",
)
