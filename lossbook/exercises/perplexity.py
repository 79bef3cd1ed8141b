"""Exercises of ``notebooks/week3/07-perplexity.ipynb``: guess the bigram model's held-out perplexity, a perplexity
by hand (a geometric mean), two models compared in bits, and a real loss against the ln V baseline of its tokeniser.

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

# Two models, same tokeniser, same test text: A reported as a perplexity, B as bits per token.
_PPL_A, _BITS_B = 18.0, 4.5

compare_in_bits = ValueExercise(
    "Two language models use the same tokeniser and are scored on the same test text. Paper A reports a perplexity "
    "of 18 per token; paper B reports a cross-entropy of 4.5 bits per token. How many bits per token lower is A's "
    "cross-entropy than B's (a negative number if A's is higher)? Round to 2 decimals (or give more).",
    answer=_BITS_B - math.log2(_PPL_A),
    decimals=2,
    misconceptions=[
        Misconception("wrong_sign", math.log2(_PPL_A) - _BITS_B,
                      "Right size, wrong sign: A's cross-entropy is the lower one, so A is the better model and the "
                      "answer is positive."),
        Misconception("nats", _BITS_B - math.log(_PPL_A),
                      "ln 18 is A's cross-entropy in nats, but B's is in bits. Put both in bits: A's is the power of "
                      "2 that gives 18."),
        Misconception("perplexity_gap", 2**_BITS_B - _PPL_A,
                      "That is the gap between the two perplexities (2 ** 4.5 against 18). The question asks for the "
                      "gap in bits per token."),
        Misconception("log10", _BITS_B - math.log10(_PPL_A),
                      "log10 18 is A's cross-entropy in base-10 units. Bits use log base 2: np.log2(18)."),
    ],
    hints=["Put both models in one unit first: turn A's perplexity into bits per token.",
           "2 ** bits = perplexity, so A's bits per token is the power of 2 that gives 18: between 4 (16) and 5 "
           "(32). Work it out (np.log2), then compare it with B's 4.5."],
    solution=f"A: log2 18 = {math.log2(_PPL_A):.3f} bits per token; B: 4.5. A's is lower by "
    f"{_BITS_B - math.log2(_PPL_A):.3f}, about 0.33 bits per token, so A is the better model: B's perplexity is "
    f"2 ** 4.5 = {2**_BITS_B:.1f}, above A's 18.",
    solution_code="4.5 - np.log2(18)",
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
