"""Exercises of ``notebooks/week1/03-binary-cross-entropy.ipynb``: cat (label 1) or dog (label 0).

>>> from lossbook.exercises import binary_cross_entropy
>>> print(binary_cross_entropy.bce_dog.evaluate(0.3567))
Correct: 0.3567 is right.
For a dog only the (1 - p) term counts: the loss is -ln(1 - p).
"""

import numpy as np

from ._engine import Case, FunctionExercise, Guess, Misconception, ValueExercise

bce_guess = Guess(
    "the loss when the photo is a cat and the model gives it only p = 0.2",
    truth=-np.log(0.2),
    why="for a cat the loss is -ln p, and -ln 0.2 = 1.609: about seven times the 0.223 of p = 0.8, although p only "
    "moved from 0.8 to 0.2.",
    misconceptions=[
        Misconception("log10", -np.log10(0.2)),
        Misconception("one_minus_p", 0.8, "0.8 is 1 - p, how far the prediction is from 1. Cross-entropy does not "
                      "grow in a straight line: it takes the log, which shoots up as p heads to 0."),
    ],
    lo=0,
    hi=5,
    step=0.05,
)

# A dog photo (label 0) that the model gives a 30% chance of being a cat.
_P_DOG = 0.3

bce_dog = ValueExercise(
    "The photo is a dog (label 0) and the model says p = 0.3 (a 30% chance of cat). What is the binary "
    "cross-entropy?",
    answer=-np.log(1 - _P_DOG),
    misconceptions=[
        Misconception("cat_term", -np.log(_P_DOG),
                      "That is -ln(0.3), the loss the photo would cost if it were a cat. For a dog (y = 0) the first "
                      "term drops out and only -(1 - y) ln(1 - p) = -ln(1 - p) is left."),
        Misconception("log10", -np.log10(1 - _P_DOG)),
    ],
    bad=[0.3, 0.7],
    hints=["With y = 0, the term y ln p is zero. Which term is left?", "The loss is -ln(1 - p) = -ln(0.7)."],
    solution="-ln(1 - 0.3) = -ln 0.7 = 0.3567: a fairly confident 'dog' costs little.",
    solution_code="lb.binary_cross_entropy(0, 0.3)   # or -np.log(1 - 0.3)",
    on_correct="For a dog only the (1 - p) term counts: the loss is -ln(1 - p).",
)

bce_slope = ValueExercise(
    "The photo is a cat and the model says p = 0.5. What is the gradient dL/dp, the slope of the loss curve there?",
    answer=-1 / 0.5,
    misconceptions=[
        Misconception("loss_not_slope", -np.log(0.5),
                      "That is the loss at p = 0.5 (its height), not its slope. For a cat the slope of -ln p is "
                      "-1/p."),
        Misconception("one_over_p", 1 / 0.5, "Right size, wrong sign: the curve goes down as p grows, so its slope "
                      "is negative, -1/p."),
    ],
    bad=[-0.5, 0.5],
    hints=["Move the slider to p = 0.5 with the label on cat and read the slope.",
           "The slope of -ln p is -1/p."],
    solution="-1/p = -1/0.5 = -2: raising p a little lowers the loss about twice as fast.",
    solution_code="lb.binary_cross_entropy_grad(1, 0.5)",
    on_correct="Negative slope: raising p lowers the loss, so gradient descent pushes p up, towards the cat.",
)


def _bce(y_true, p_pred):
    p = np.clip(np.asarray(p_pred, dtype=float), 1e-12, 1 - 1e-12)
    y = np.asarray(y_true, dtype=float)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


bce_function = FunctionExercise(
    "Write bce(y_true, p_pred): the mean binary cross-entropy of a batch of photos (1 = cat, 0 = dog), "
    "safe when a probability is exactly 0 or 1.",
    reference=_bce,
    cases=[
        (np.array([1.0]), np.array([0.8])),
        (np.array([1.0, 0.0]), np.array([0.9, 0.3])),
        (np.array([1.0, 1.0, 0.0, 0.0]), np.array([0.2, 0.99, 0.01, 0.6])),
        Case(np.array([1.0, 0.0]), np.array([0.0, 1.0]), label="p = 0 and 1: wrong and certain", only_finite=True),
    ],
    fn_name="bce",
    misconceptions=[
        Misconception("log10", lambda y, p: _bce(y, p) / np.log(10)),
        Misconception("sum_vs_mean", lambda y, p: _bce(y, p) * len(y)),
    ],
    hints=["Per photo: -(y * np.log(p) + (1 - y) * np.log(1 - p)); then np.mean.",
           "Clip first, so log never sees 0: p = np.clip(p_pred, 1e-12, 1 - 1e-12)."],
    solution="Clip, take both terms, average.",
    solution_code=("def bce(y_true, p_pred):\n"
                   "    p = np.clip(p_pred, 1e-12, 1 - 1e-12)\n"
                   "    return np.mean(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))"),
)
