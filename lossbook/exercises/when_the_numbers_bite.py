"""Exercises of ``notebooks/week2/10-when-the-numbers-bite.ipynb``: a clipped log, log-sum-exp, a stable softmax.

>>> from lossbook.exercises import when_the_numbers_bite
>>> when_the_numbers_bite.logsumexp_by_hand.evaluate(1000.6931).status
'correct'
"""

import numpy as np

from ..activations import softmax as _stable_softmax
from ._engine import Case, FunctionExercise, Guess, Misconception, ValueExercise

KERAS_EPSILON = 1e-7  # Keras clips probabilities to [1e-7, 1 - 1e-7] before its logs

keras_clip_guess = Guess(
    "the binary cross-entropy Keras reports for a cat (y = 1) that the model gives probability exactly 0, after "
    "keras.config.set_epsilon(1e-4), which changes Keras's epsilon from its default 1e-7 to 1e-4",
    truth=-np.log(1e-4),
    why="the clip replaces p = 0 by 1e-4, and -ln(1e-4) = 4 ln(10) = 9.21, lower than the 16.12 of the default "
        "epsilon 1e-7. The cap is whatever the epsilon makes it: a made-up number, the same for every p below "
        "epsilon, so the loss no longer says how wrong the prediction was.",
    misconceptions=[
        Misconception("default_epsilon", -np.log(KERAS_EPSILON), "16.12 is the cap for Keras's default epsilon, "
                      "1e-7. With epsilon 1e-4 the clipped probability is bigger, so the cap is lower: -ln(1e-4)."),
        Misconception("pytorch_clamp", 100.0, "100 is PyTorch's answer: it clamps the log itself at -100. Keras "
                      "clips the probability instead, at epsilon."),
        Misconception("log10", -np.log10(1e-4), "4 is -log10(1e-4). Losses use the natural log: "
                      "-ln(1e-4) = 4 x 2.303."),
    ],
    lo=0,
    hi=120,
    step=0.5,
)

logsumexp_by_hand = ValueExercise(
    "Scores z = [1000, 1000]. What is log-sum-exp, ln(e^1000 + e^1000)? (Naively, e^1000 overflows.)",
    answer=1000 + np.log(2),
    rtol=1e-6,
    misconceptions=[
        Misconception("dropped_the_log2", 1000.0,
                      "Close: the maximum is 1000, but both terms count. Subtract it: ln(e^0 + e^0) = ln 2, so "
                      "the answer is 1000 + ln 2."),
        Misconception("added_scores", 2000.0,
                      "Log-sum-exp is not the sum of the scores: ln(e^a + e^b) is close to the larger of a and b."),
    ],
    hints=["Take the biggest score out: ln(e^a + e^b) = m + ln(e^(a-m) + e^(b-m)), with m the maximum.",
           "Here m = 1000. What are the two shifted scores, and what is e to that power? Add them, take the log, "
           "and add m back."],
    solution="m + ln(e^0 + e^0) = 1000 + ln 2 = 1000.6931",
    solution_code="1000 + np.log(2)        # or lb.logsumexp([1000.0, 1000.0])",
    on_correct="That shift by the maximum is the whole trick behind lb.logsumexp, lb.softmax and "
               "lb.log_softmax.",
)


def _softmax(z):
    return _stable_softmax(np.asarray(z, dtype=float))


def _naive_softmax(z):
    e = np.exp(np.asarray(z, dtype=float))
    return e / e.sum()


def _shift_by_min(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.min())
    return e / e.sum()


softmax_function = FunctionExercise(
    "Write softmax(z) for a 1-D array of scores that works even for huge scores: no overflow, no nan.",
    reference=_softmax,
    cases=[
        (np.array([1.0, 2.0, 3.0]),),
        (np.array([0.0, 0.0]),),
        Case(np.array([1000.0, 0.0]), label="a huge score"),
        Case(np.array([-1000.0, -1001.0]), label="two very negative scores"),
    ],
    fn_name="softmax",
    probabilities=True,
    misconceptions=[
        Misconception("no_shift", _naive_softmax,
                      "That is the textbook formula: exp(1000) overflows to inf and inf / inf is nan. Subtract the "
                      "largest score from every score before exponentiating; the result is unchanged."),
        Misconception("shift_by_min", _shift_by_min,
                      "Subtracting a constant is the right idea, but subtract the maximum, not the minimum: "
                      "shifting by the minimum leaves the big exponents big."),
    ],
    hints=["softmax(z) equals softmax(z - c) for any number c. Which c keeps every exponent at most 0?",
           "Try c = the largest score on the checker's [1000, 0]: which shifted scores do you get, and what does "
           "np.exp give for them? Then ask what the naive formula did with its exponentials."],
    solution="Shift by the maximum, then exponentiate and normalise.",
    solution_code="def softmax(z):\n    e = np.exp(z - np.max(z))\n    return e / e.sum()",
    on_correct="Your softmax is as safe as lb.softmax: the largest exponent is exactly e^0 = 1.",
)
