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
    hints=["With y = 0, the term y ln p is zero. Which term is left?", "Put p = 0.3 into -ln(1 - p): first work out 1 - p, then take its natural log with np.log (not "
           "np.log10), and flip the sign."],
    solution="-ln(1 - 0.3) = -ln 0.7 = 0.3567: a fairly confident 'dog' costs little.",
    solution_code="lb.binary_cross_entropy(0, 0.3)   # or -np.log(1 - 0.3)",
    on_correct="For a dog only the (1 - p) term counts: the loss is -ln(1 - p).",
)

# A dog photo (label 0) at p = 0.875: a point the widget's slider (steps of 0.01) cannot reach, so the slope comes
# from the dog's rule, not from the readout.
_P_SLOPE = 0.875

bce_slope = ValueExercise(
    "The photo is a dog (label 0) and the model says p = 0.875. What is the gradient dL/dp, the slope of the loss "
    "curve there?",
    answer=1 / (1 - _P_SLOPE),
    misconceptions=[
        Misconception("cat_rule", -1 / _P_SLOPE,
                      "That is -1/p, the slope for a cat. For a dog the loss is -ln(1 - p), and its slope is "
                      "1/(1 - p)."),
        Misconception("wrong_sign", -1 / (1 - _P_SLOPE),
                      "Right size, wrong sign: for a dog the loss rises as p (the probability of cat) grows, so the "
                      "slope is positive, 1/(1 - p)."),
        Misconception("loss_not_slope", -np.log(1 - _P_SLOPE),
                      "That is the loss at p = 0.875 (its height), not its slope. For a dog the slope of "
                      "-ln(1 - p) is 1/(1 - p)."),
        Misconception("one_over_p", 1 / _P_SLOPE,
                      "That is 1/p. The dog's loss depends on 1 - p, so its slope is 1/(1 - p)."),
    ],
    hints=["Which rule applies? The photo is a dog, so the loss is -ln(1 - p); the lesson gives its slope.",
           "For a dog the slope is 1/(1 - p). Work out 1 - p first; as a fraction it is easy to turn upside "
           "down."],
    solution="1/(1 - p) = 1/0.125 = 8: positive, because raising p (calling the dog more of a cat) raises the loss; "
    "and steep, because the model is already 87.5% sure of the wrong answer.",
    solution_code="lb.binary_cross_entropy_grad(0, 0.875)   # or 1 / (1 - 0.875)",
    on_correct="Positive slope: gradient descent pushes p down, towards 'dog'. Eight times steeper than at p = 0, "
    "where the dog is called correctly.",
)


def _bce(y_true, p_pred):
    p = np.clip(np.asarray(p_pred, dtype=float), 1e-12, 1 - 1e-12)
    y = np.asarray(y_true, dtype=float)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


bce_function = FunctionExercise(
    "Write bce(y_true, p_pred): the mean binary cross-entropy of a batch (several photos scored together; 1 = cat, "
    "0 = dog), "
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
    hints=["For one photo only one term is on: which one when y = 1, and which when y = 0? The formula at the top of "
           "the lesson switches between them, and the mean averages over the batch.",
           "np.log(0) is minus infinity. Keep p a tiny margin away from exactly 0 and 1 before taking any log "
           "(NumPy's np.clip does that)."],
    solution="Clip, take both terms, average.",
    solution_code=("def bce(y_true, p_pred):\n"
                   "    p = np.clip(p_pred, 1e-12, 1 - 1e-12)\n"
                   "    return np.mean(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))"),
)
