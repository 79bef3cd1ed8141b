"""Exercises of ``notebooks/week2/04-focal-loss.ipynb``: the focusing factor, a focal loss by hand, alpha_t.

>>> from lossbook.exercises import focal_loss
>>> focal_loss.alpha_for_negatives.evaluate(0.9).status
'correct'
"""

import numpy as np

from ._engine import Guess, Misconception, ValueExercise

easy_example_guess = Guess(
    "how many times smaller gamma = 2 makes the loss of an easy example with p_t = 0.9 (no alpha)",
    truth=1.0 / (1.0 - 0.9) ** 2,
    why="the focal factor is (1 - p_t)^gamma = 0.1^2 = 0.01: the example keeps 1% of its cross-entropy, "
    "so its loss is 100 times smaller.",
    misconceptions=[
        Misconception("gamma_one", 10.0, "10 would be gamma = 1: (1 - 0.9)^1 = 0.1. Gamma is an exponent, so gamma "
                      "= 2 squares the factor."),
        Misconception("gamma_divides", 2.0, "Gamma is not a divisor: it is the exponent of (1 - p_t)."),
    ],
    lo=0,
    hi=200,
    step=1,
)

_P, _ALPHA, _GAMMA = 0.8, 0.25, 2.0
_CE = -np.log(_P)

by_hand = ValueExercise(
    "A positive example (y = 1) gets p = 0.8. What is its focal loss with the paper's defaults, alpha = 0.25 and "
    "gamma = 2?",
    answer=_ALPHA * (1 - _P) ** _GAMMA * _CE,
    rtol=1e-3,
    misconceptions=[
        Misconception("forgot_alpha", (1 - _P) ** _GAMMA * _CE,
                      "That leaves out alpha. A positive example is multiplied by alpha = 0.25 as well."),
        Misconception("negative_alpha", (1 - _ALPHA) * (1 - _P) ** _GAMMA * _CE,
                      "That uses 1 - alpha = 0.75, the weight of the NEGATIVE class. This example is a positive: "
                      "its weight is alpha = 0.25."),
        Misconception("p_not_miss", _ALPHA * _P**_GAMMA * _CE,
                      "The factor is (1 - p_t)^gamma, the probability the model got WRONG: 0.2 here, not 0.8. "
                      "That is what makes confident, correct examples cheap."),
        Misconception("log10", _ALPHA * (1 - _P) ** _GAMMA * -np.log10(_P)),
    ],
    hints=["For y = 1, p_t = p = 0.8. The cross-entropy is -ln(0.8).",
           "Multiply three things: alpha_t = 0.25, (1 - p_t)^2 = 0.04, and -ln(0.8)."],
    solution="0.25 x 0.2^2 x (-ln 0.8) = 0.25 x 0.04 x 0.2231 = 0.002231.",
    solution_code="lb.focal(1, 0.8, alpha=0.25, gamma=2.0)",
)

alpha_for_negatives = ValueExercise(
    "With alpha = 0.1, what weight alpha_t does a NEGATIVE example (y = 0) get?",
    answer=1 - 0.1,
    rtol=1e-6,
    bad=[1.0, 0.5, 0.75],
    misconceptions=[
        Misconception("positives_weight", 0.1,
                      "0.1 is alpha itself, the weight of the positives. Negatives get 1 - alpha."),
    ],
    hints=["alpha_t = alpha for y = 1, and 1 - alpha for y = 0."],
    solution="1 - 0.1 = 0.9: with alpha = 0.1 the negatives weigh nine times as much as the positives.",
    solution_code="1 - 0.1",
)
