"""Exercises of ``notebooks/00-start-here.ipynb``: a first taste of checking, hints and predict-then-reveal.

>>> from lossbook.exercises import start_here
>>> print(start_here.squared_error.evaluate(100_000_000))
Correct: 100,000,000 is right.
Squaring turns a $10k miss into 100 million: one big miss outweighs many small ones.
"""

import numpy as np

from ._engine import FunctionExercise, Guess, Misconception, ValueExercise

# A house worth $250,000; the model says $260,000.
_PRICE, _PREDICTED = 250_000.0, 260_000.0

squared_error = ValueExercise(
    "A house sells for $250,000 and the model predicted $260,000: a $10k miss. What is the squared error, in "
    "square dollars?",
    answer=(_PREDICTED - _PRICE) ** 2,
    rtol=1e-9,
    bad=[1_000_000, 100_000],
    misconceptions=[
        Misconception("not_squared", _PREDICTED - _PRICE,
                      "That is the size of the miss itself (the absolute error). Squared error multiplies the "
                      "miss by itself: 10,000 x 10,000."),
        Misconception("doubled", 2 * (_PREDICTED - _PRICE),
                      "That is the miss times two. Squaring means the miss times itself, not times 2."),
        Misconception("in_thousands", ((_PREDICTED - _PRICE) / 1000) ** 2,
                      "That is the square of 10, the miss counted in thousands of dollars: 100 in ($k)². The "
                      "question works in dollars, so the miss is 10,000 dollars: square that."),
    ],
    hints=["First find the miss: prediction minus actual.", "Now multiply the miss by itself (** 2 in Python)."],
    solution="The miss is 10,000 dollars; squared, 100,000,000 'square dollars'. Squaring makes big misses "
    "very expensive.",
    solution_code="(260_000 - 250_000) ** 2",
    on_correct="Squaring turns a $10k miss into 100 million: one big miss outweighs many small ones.",
)

_MISSES = np.array([1.0, -2.0, 3.0])

mean_squared_error = ValueExercise(
    "Three predictions miss by +1, -2 and +3. What is their mean squared error?",
    answer=np.mean(_MISSES**2),
    misconceptions=[
        Misconception("sum_vs_mean", np.sum(_MISSES**2)),
        Misconception("forgot_square", np.mean(_MISSES),
                      "That is the average miss, without squaring: the -2 cancels part of the others. Square "
                      "each miss first, then average."),
        Misconception("mae", np.mean(np.abs(_MISSES)),
                      "That is the mean absolute error (the average size of the miss). Squared error squares "
                      "each miss before averaging."),
    ],
    hints=["Square each miss first; a negative miss squared is positive.", "Average the squares: add them and divide by how many there are."],
    solution="(1 + 4 + 9) / 3 = 4.667",
    solution_code="np.mean(np.array([1, -2, 3]) ** 2)",
)


def _mse(y_true, y_pred):
    return float(np.mean((np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float)) ** 2))


mse_function = FunctionExercise(
    "Write mse(y_true, y_pred): the mean of the squared misses.",
    reference=_mse,
    cases=[
        (np.array([250.0, 300.0]), np.array([260.0, 290.0])),
        (np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0])),
        (np.array([0.0]), np.array([-4.0])),
        (np.array([-1.0, 5.0, 2.5, 0.0]), np.array([1.0, 4.0, 2.5, -3.0])),
    ],
    fn_name="mse",
    misconceptions=[
        Misconception("sum_vs_mean", lambda y_true, y_pred: _mse(y_true, y_pred) * len(y_true)),
        Misconception("mae", lambda y_true, y_pred: float(np.mean(np.abs(np.subtract(y_pred, y_true)))),
                      "Your function returns the mean absolute error: square each miss instead of taking its "
                      "size (** 2 rather than np.abs)."),
    ],
    hints=["The misses are y_pred - y_true, one per example.", "Square them (** 2), then np.mean."],
    solution="Subtract, square, average.",
    solution_code="def mse(y_true, y_pred):\n    return np.mean((y_pred - y_true) ** 2)",
)

squared_error_guess = Guess(
    "the squared error of a $25k miss, compared with a $10k miss (how many times bigger?)",
    truth=6.25,
    why="the miss is 2.5 times bigger, and squaring multiplies that by itself: 2.5 x 2.5 = 6.25.",
    misconceptions=[
        Misconception("linear", 2.5, "Two and a half times the miss, two and a half times the loss is how the "
                      "absolute error behaves; the squared error grows faster."),
    ],
    lo=0,
    hi=10,
    step=0.25,
)
