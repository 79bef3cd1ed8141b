"""Exercises of ``notebooks/week1/07-reading-your-loss.ipynb``: baselines, the right loss for the task, and what a
regression loss means against the variance.

>>> from lossbook.exercises import reading_your_loss
>>> reading_your_loss.which_loss.evaluate([0, 1, 0, 1, 0]).status
'correct'
"""

import numpy as np

from ._engine import Guess, Misconception, ValueExercise

uniform_guess = Guess(
    "the categorical cross-entropy of an ImageNet classifier (1,000 classes) that has learned nothing and gives "
    "each class probability 1/1,000",
    truth=np.log(1000.0),
    why="the true class always gets probability 1/1,000, and cross-entropy charges -ln(1/1,000) = ln 1,000 = 6.91. "
    "Any ImageNet model whose loss is above that is doing worse than not trying.",
    misconceptions=[
        Misconception("log10", np.log10(1000.0), "3 is log base 10 of 1,000; losses use the natural log: ln 1,000."),
        Misconception("probability", 0.001, "0.001 is the probability given to the true class; the loss is "
                      "-ln(0.001)."),
        Misconception("ten_classes", np.log(10.0),
                      "2.303 = ln 10 is the baseline for ten classes. With 1,000 classes the guess is spread "
                      "thinner, so the baseline is higher: ln 1,000."),
    ],
    lo=0,
    hi=10,
    step=0.05,
)

# The tasks of which_loss, in order, and the right loss (0 = MSE, 1 = cross-entropy).
TASKS = ("tomorrow's temperature", "spam or not", "a house's price", "which digit, 0 to 9", "a person's age")
_RIGHT = np.array([0, 1, 0, 1, 0], dtype=float)

which_loss = ValueExercise(
    "For each task, 0 for MSE or 1 for cross-entropy: tomorrow's temperature; spam or not; a house's price; "
    "which digit, 0 to 9; a person's age. Answer with a list of five numbers.",
    answer=_RIGHT,
    rtol=0,
    atol=1e-9,
    misconceptions=[
        Misconception("rule_swapped", 1 - _RIGHT,
                      "Every choice is swapped. Predicting a number (a temperature, a price, an age) -> MSE; "
                      "predicting a category (spam, a digit) -> cross-entropy."),
        Misconception("digits_are_numbers", np.array([0, 1, 0, 0, 0], dtype=float),
                      "A digit looks like a number, but here it is a category: guessing 7 when the answer is 8 is "
                      "no 'closer' than guessing 1. Categories -> cross-entropy."),
    ],
    bad=[np.zeros(5), np.ones(5)],
    hints=["Ask: is the answer a number on a scale, or one of a few categories?",
           "Temperature, price and age are numbers; spam and digit are categories (a digit is a label here)."],
    solution="[0, 1, 0, 1, 0]: numbers -> MSE, categories -> cross-entropy.",
    solution_code="[0, 1, 0, 1, 0]",
)

# A model worse than predicting the mean: MSE 2.5 on targets of variance 2.0 gives R² = 1 - 2.5/2 = -0.25 (the
# loss_check widget starts at MSE 0.5 with variance 2.0, whose R² it prints, so the exercise uses other numbers).
_MSE, _VARIANCE = 2.5, 2.0

variance_explained = ValueExercise(
    "A regression model scores MSE 2.5 on a test set whose targets have variance 2.0 (the MSE of always predicting "
    "their mean). What is its R² = 1 - MSE / variance?",
    answer=1 - _MSE / _VARIANCE,
    quantity="value",  # R², a share, not a loss
    rtol=1e-6,
    misconceptions=[
        Misconception("ratio_only", _MSE / _VARIANCE,
                      "That is MSE / variance, the share of the baseline's loss that is left. R² is 1 minus that."),
        Misconception("clipped_at_zero", 0.0,
                      "R² is not clipped at 0: 1 - 2.5 / 2.0 is below 0. A negative R² means the model does worse "
                      "than always predicting the mean."),
        Misconception("sign_dropped", -(1 - _MSE / _VARIANCE),
                      "Check the sign: MSE / variance is 1.25, more than 1, so 1 minus it is negative."),
    ],
    bad=[_VARIANCE - _MSE, 1.0],
    hints=["First MSE / variance: 2.5 / 2.0. Is it more or less than 1?", "Then 1 minus that; it may be negative."],
    solution="1 - 2.5 / 2.0 = -0.25. Negative: the model is worse than the do-nothing baseline of predicting the "
             "mean. R² runs from 1 (perfect) through 0 (no better than the mean) to below 0 (worse).",
    solution_code="1 - 2.5 / 2.0",
    on_correct="A negative R² is a model that does worse than always predicting the mean: above the baseline, not "
               "below it.",
)
