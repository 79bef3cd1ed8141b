"""Exercises of ``notebooks/week3/01-training-and-validation-loss.ipynb``: the noise floor of the validation loss,
early stopping with patience, and reading a pair of loss values.

>>> from lossbook.exercises import training_and_validation_loss as ex
>>> ex.early_stopping.evaluate([8, 5]).status
'correct'
"""

import numpy as np

from ..fitting import early_stop
from ._engine import Guess, Misconception, ValueExercise

_NOISE = 0.25

noise_floor_guess = Guess(
    "the lowest validation MSE a model can expect on data whose noise has standard deviation 0.25, even a model that "
    "knows the true curve exactly",
    truth=_NOISE**2,
    why="the noise is new on every point, so nothing can predict it: even the true curve misses each validation point "
    "by its noise, and the average squared miss is the noise's variance, 0.25² = 0.0625.",
    misconceptions=[
        Misconception("sd_not_variance", _NOISE,
                      "0.25 is the typical miss (the standard deviation). MSE averages the squared misses: 0.25²."),
        Misconception("perfect_is_zero", 0.0,
                      "A perfect model of the curve still misses every noisy point: its MSE is the noise's "
                      "variance, not 0 (lesson 1.7, 'Reading your loss', met the same floor for labels)."),
    ],
    lo=0,
    hi=0.5,
    step=0.0025,
)

# Validation losses after each epoch; patience 3 (the example of the early-stopping exercise).
VAL_LOSSES = (0.80, 0.55, 0.42, 0.40, 0.41, 0.39, 0.40, 0.42, 0.45, 0.47)
_STOP, _BEST = early_stop(VAL_LOSSES, patience=3)

early_stopping = ValueExercise(
    "After each epoch the validation loss is 0.80, 0.55, 0.42, 0.40, 0.41, 0.39, 0.40, 0.42, 0.45, 0.47 (epochs 0 to "
    "9). Early stopping with patience 3 stops once 3 epochs have passed without a new lowest validation loss, and "
    "keeps the weights of the lowest one. Answer [the epoch where training stops, the epoch whose weights are kept].",
    answer=[_STOP, _BEST],
    rtol=0,
    atol=1e-9,
    misconceptions=[
        Misconception("first_rise", [4, 3],
                      "That stops at the first rise. With patience 3 it waits: the loss may reach a new low again, "
                      "and here it does, at epoch 5 (0.39)."),
        Misconception("keeps_last", [_STOP, _STOP],
                      "Early stopping keeps the best weights, not the last ones: by the stopping epoch the model has "
                      "already been getting worse for 3 epochs."),
        Misconception("runs_to_the_end", [9, _BEST],
                      "It stops before the end: 3 epochs without a new low after epoch 5 is epoch 8."),
    ],
    hints=["Mark the epochs where the loss reaches a new low: 0, 1, 2, 3, then 5.",
           "After the low at epoch 5, count 3 epochs without a new low: 6, 7, 8."],
    solution="[8, 5]: the last new low is 0.39 at epoch 5; epochs 6, 7 and 8 bring none, so training stops at epoch 8 "
    "and keeps the weights of epoch 5.",
    solution_code="lb.fitting.early_stop([0.80, 0.55, 0.42, 0.40, 0.41, 0.39, 0.40, 0.42, 0.45, 0.47], patience=3)",
)

# Three finished runs of a model with 6 weights trained on 50 points, on data whose noise floor is 0.0625:
# (training MSE, validation MSE). A healthy fit sits near 0.0625 x (1 - 6/50) = 0.055 and 0.0625 x (1 + 6/50) = 0.070.
RUNS = {"A": (0.30, 0.32), "B": (0.01, 0.45), "C": (0.055, 0.072)}
_DIAGNOSIS = np.array([0, 1, 2], dtype=float)

diagnose = ValueExercise(
    "Three finished runs of a model with 6 weights, trained on 50 points of data whose noise floor is 0.0625 "
    "(training MSE, validation MSE): A (0.30, 0.32), B (0.01, 0.45), C (0.055, 0.072). For each write 0 for "
    "underfitting, 1 for overfitting or 2 for about right, as a list of three numbers.",
    answer=_DIAGNOSIS,
    rtol=0,
    atol=1e-9,
    misconceptions=[
        Misconception("gap_backwards", np.array([1, 0, 2], dtype=float),
                      "A and B are swapped. Overfitting is a low training loss with a much higher validation loss "
                      "(a big gap: B); underfitting is both losses high and close together (A)."),
        Misconception("lowest_training_wins", np.array([0, 2, 1], dtype=float),
                      "The lowest training loss (B) is not the best model: its validation loss, the one that says "
                      "how it does on new data, is the worst of the three."),
        Misconception("below_floor_is_overfitting", np.array([0, 1, 1], dtype=float),
                      "C's training loss is below the floor, but only by the expected amount: a healthy fit with p = 6 "
                      "weights on n = 50 points averages 0.0625 x (1 - 6/50) = 0.055 on training and about "
                      "0.0625 x (1 + 6/50) = 0.070 on validation. That is C."),
    ],
    bad=[np.zeros(3), np.full(3, 2.0)],
    hints=["Compare each run's two numbers with each other, and with what a healthy fit scores: 0.0625 x (1 - p/n) "
           "on training and about 0.0625 x (1 + p/n) on validation.",
           "Both high and close: the model is too simple. Training far below the floor, validation high: it learned "
           "the noise."],
    solution="[0, 1, 2]: A is high on both (underfitting); B is far below the floor on training and high on "
    "validation (overfitting); C is just below the floor on training and just above it on validation, by the "
    "amounts a healthy fit with 6 weights on 50 points shows (0.055 and about 0.070).",
    solution_code="[0, 1, 2]",
)
