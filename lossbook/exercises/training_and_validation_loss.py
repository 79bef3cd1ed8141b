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
    hints=["A new low is a loss lower than every loss before it. Go through the epochs in order and mark each one "
           "that sets a new low (a loss equal to the lowest so far is no new low).",
           "Keep a count: set it to 0 at every new low and add 1 for each epoch without one. Training stops when "
           "the count reaches the patience. Which weights are worth keeping at that moment: the latest, or others?"],
    solution="[8, 5]: the last new low is 0.39 at epoch 5; epochs 6, 7 and 8 bring none, so training stops at epoch 8 "
    "and keeps the weights of epoch 5.",
    solution_code="lb.fitting.early_stop([0.80, 0.55, 0.42, 0.40, 0.41, 0.39, 0.40, 0.42, 0.45, 0.47], patience=3)",
)

# Three models trained on the same 30 points, on data whose noise floor is 0.0625: (weights, training MSE, validation
# MSE). The lesson's table reads each against the floor. A: a little below it on training, a little above on
# validation (about right; also the healthy p/n values of the optional section 7, 0.046 and 0.079 for p = 8). B: far
# above the floor on both, with a bigger gap than A's: the gap-means-overfitting trap. C: training far below the floor,
# validation almost ten times it: overfitting, even though with 25 weights on 30 points a tiny training loss is
# expected (0.0625 x (1 - 25/30) = 0.0104).
_N_RUNS = 30
RUNS = {"A": (8, 0.047, 0.081), "B": (2, 0.24, 0.36), "C": (25, 0.006, 0.60)}
_DIAGNOSIS = np.array([1, 0, 2], dtype=float)  # the codes follow the lesson's table: 0, 1, 2 from stiff to wild


def _healthy(p, n=_N_RUNS, floor=_NOISE**2):
    return floor * (1 - p / n), floor * (1 + p / n)


diagnose = ValueExercise(
    "Three models trained on the same 30 points, of data whose noise floor is 0.0625 (training MSE, validation MSE): "
    "A, with 8 weights (0.047, 0.081); B, with 2 weights (0.24, 0.36); C, with 25 weights (0.006, 0.60). For each "
    "write 0 for underfitting, 1 for about right or 2 for overfitting (use the table above), as a list of "
    "three numbers.",
    answer=_DIAGNOSIS,
    rtol=0,
    atol=1e-9,
    misconceptions=[
        Misconception("gap_means_overfitting", np.array([1, 2, 2], dtype=float),
                      "B has the bigger gap (0.12, against A's 0.034), but a gap is not the test. B's training loss "
                      "is almost four times the floor: with 2 weights it cannot follow even the training points. "
                      "That is underfitting, whatever the gap."),
        Misconception("below_floor_is_overfitting", np.array([2, 0, 2], dtype=float),
                      "A's training loss is below the floor, but only a little, and its validation loss is only a "
                      "little above it: every fit follows some of its training noise, so a healthy one sits a "
                      "little below the floor on training and a little above on validation. That is A."),
        Misconception("trusts_the_training_loss", np.array([1, 0, 1], dtype=float),
                      "C's training loss, 0.006, looks excellent, but its validation loss, 0.60, is almost ten times "
                      "the floor. The validation loss decides: C has memorised the noise of its training points."),
    ],
    bad=[np.zeros(3), np.full(3, 2.0)],
    hints=["Place each of the six losses against the floor, 0.0625: far above, a little above, a little below, or "
           "far below? Then find the row of the table that matches each model's pair.",
           "Look at where the training loss sits before you look at the gap: a gap can come from underfitting too."],
    solution="[1, 0, 2]: A is a little below the floor on training and a little above it on validation (about "
    "right; section 7's formulas give 0.046 and 0.079 for 8 weights on 30 points); B is several times the floor on "
    "both (underfitting), its gap notwithstanding; C is far below the floor on training and almost ten times it on "
    "validation (overfitting).",
    solution_code="[1, 0, 2]",
)
