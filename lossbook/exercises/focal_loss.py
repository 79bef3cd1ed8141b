"""Exercises of ``notebooks/week2/04-focal-loss.ipynb``: the focusing factor, a focal loss by hand, the p_t of a
400-fold cut.

>>> from lossbook.exercises import focal_loss
>>> focal_loss.confidence_for_a_cut.evaluate(0.95).status
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
    "gamma = 2? Give it to 5 decimals (3 significant figures).",
    answer=_ALPHA * (1 - _P) ** _GAMMA * _CE,
    rtol=1e-3,
    decimals=5,
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
    hints=["Three factors: the class weight alpha_t, the focusing factor (1 - p_t)^gamma and the cross-entropy "
           "-ln(p_t). Which class is this example, and so which alpha_t?",
           "For y = 1, p_t = p. Work out each factor on its own first (the cross-entropy needs a calculator or "
           "np.log), then multiply them."],
    solution="0.25 x 0.2^2 x (-ln 0.8) = 0.25 x 0.04 x 0.2231 = 0.002231.",
    solution_code="lb.focal(1, 0.8, alpha=0.25, gamma=2.0)",
)

_CUT = 400.0  # how many times smaller the loss should be, with gamma = 2

confidence_for_a_cut = ValueExercise(
    "With gamma = 2 (no alpha), how confident must the model be, what p_t, for an example's focal loss to be 400 "
    "times smaller than its cross-entropy? Round to 3 decimals.",
    answer=1.0 - 1.0 / np.sqrt(_CUT),
    decimals=3,
    misconceptions=[
        Misconception("gave_one_minus_pt", 1.0 / np.sqrt(_CUT),
                      "That is 1 - p_t, how wrong the model still is. The question asks for p_t itself."),
        Misconception("forgot_square", 1.0 - 1.0 / _CUT,
                      "That would be gamma = 1: (1 - p_t)^1 = 1/400. With gamma = 2 it is (1 - p_t)^2 = 1/400, "
                      "so take a square root first."),
        Misconception("forgot_square_and_flip", 1.0 / _CUT,
                      "That is 1/400 itself. Set (1 - p_t)^2 = 1/400, take the square root, then solve for p_t."),
    ],
    hints=["Focal loss is the cross-entropy times one factor. With gamma = 2 and no alpha, what is that factor, and "
           "what must it equal for a 400-fold cut?",
           "Set (1 - p_t)^2 = 1/400. Undo the square first, then turn 1 - p_t into p_t. Check: at p_t = 0.9 the cut "
           "is 100-fold, so your p_t must be higher than 0.9."],
    solution="(1 - p_t)^2 = 1/400, so 1 - p_t = 1/20 = 0.05 and p_t = 0.95. Every example more confident than that "
    "keeps less than a 400th of its cross-entropy.",
    solution_code="1 - 1 / np.sqrt(400)",
    on_correct="Halfway from 0.9 to 1 in p_t, and the cut grows from 100-fold to 400-fold: the factor (1 - p_t)^2 "
    "shrinks fast as p_t approaches 1.",
)
