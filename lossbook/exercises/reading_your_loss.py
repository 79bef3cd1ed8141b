"""Exercises of ``notebooks/week1/07-reading-your-loss.ipynb``: baselines, the right loss for the task, and what a
regression loss means against the variance.

>>> from lossbook.exercises import reading_your_loss
>>> reading_your_loss.which_loss.evaluate([0, 1, 0, 1, 0, 1]).status
'correct'
"""

import numpy as np

from ._engine import Guess, Misconception, ValueExercise

# Exercise 1 is a judgement, not the ln K rule copied: a 1,000-class model at loss 6.5 after one epoch. The baseline
# ln 1,000 = 6.9078 is never printed in the lesson (only ln 2, ln 3 and ln 10 are), and the gap is 0.41.
_EPOCH_LOSS, _IMAGENET_K = 6.5, 1000

below_baseline = Guess(
    "how far below the guessing baseline an ImageNet classifier (1,000 classes) is when it reports a cross-entropy "
    "of 6.5 after its first epoch (baseline minus loss; negative if it is above the baseline)",
    truth=np.log(_IMAGENET_K) - _EPOCH_LOSS,
    why="the baseline of a uniform guess over 1,000 classes is ln 1,000 = 6.91, so 6.5 is 0.41 below it: the model "
    "has learned something, but not much. Averaged the way cross-entropy averages (a geometric mean, e^-6.5), it "
    "gives the true class e^0.41 = 1.5 times the probability of a blind guess: 1.5 in 1,000 instead of 1 in 1,000.",
    misconceptions=[
        Misconception("log10", np.log10(_IMAGENET_K) - _EPOCH_LOSS,
                      "3 is log base 10 of 1,000; losses use the natural log, and ln 1,000 = 6.91."),
        Misconception("ten_classes", np.log(10.0) - _EPOCH_LOSS,
                      "2.303 = ln 10 is the baseline for ten classes. With 1,000 classes the guess is spread "
                      "thinner, so the baseline is higher: ln 1,000."),
    ],
    lo=-5,
    hi=5,
    step=0.05,
)

# The tasks of which_loss, in order, and the right loss (0 = MSE, 1 = cross-entropy). The rain item looks like a
# number (a chance) but what is recorded is rain or no rain, a category; the digit looks like a number too.
TASKS = ("tomorrow's temperature", "spam or not", "a house's price", "which digit, 0 to 9", "a person's age",
         "whether it rains tomorrow, given as a chance of rain")
_RIGHT = np.array([0, 1, 0, 1, 0, 1], dtype=float)

which_loss = ValueExercise(
    "For each task, 0 for MSE or 1 for cross-entropy: tomorrow's temperature; spam or not; a house's price; "
    "which digit, 0 to 9; a person's age; whether it rains tomorrow, which the model gives as a chance of rain "
    "(such as 0.3). Answer with a list of six numbers.",
    answer=_RIGHT,
    rtol=0,
    atol=1e-9,
    misconceptions=[
        Misconception("rule_swapped", 1 - _RIGHT,
                      "Every choice is swapped. Predicting a number (a temperature, a price, an age) -> MSE; "
                      "predicting a category (spam, a digit, rain) -> cross-entropy."),
        Misconception("digits_are_numbers", np.array([0, 1, 0, 0, 0, 1], dtype=float),
                      "A digit looks like a number, but here it is a category: guessing 7 when the answer is 8 is "
                      "no 'closer' than guessing 1. Categories -> cross-entropy."),
        Misconception("chance_is_a_number", np.array([0, 1, 0, 1, 0, 0], dtype=float),
                      "The model's output, a chance of rain, is a number, but what it is scored against is what "
                      "happened: rain or no rain, a category. A probability of a yes/no answer -> cross-entropy."),
        Misconception("both_traps", np.array([0, 1, 0, 0, 0, 0], dtype=float),
                      "Two tasks only look like numbers: a digit is a label (7 is no 'closer' to 8 than 1 is), and "
                      "rain is recorded as yes or no."),
    ],
    bad=[np.zeros(6), np.ones(6)],
    hints=["Ask what is recorded as the true answer: a number on a scale, or one of a few categories? Look at the "
           "truth, not at the model's output.",
           "For the digit: is guessing 7 when the answer is 8 any 'closer' than guessing 1?"],
    solution="[0, 1, 0, 1, 0, 1]: temperature, price and age are numbers -> MSE; spam, the digit and rain are "
             "categories -> cross-entropy. The chance of rain is the model's prediction; the truth it is scored "
             "against is rain or no rain.",
    solution_code="[0, 1, 0, 1, 0, 1]",
)

# A model worse than predicting the mean: MSE 2.5 on targets of variance 2.0 gives R² = 1 - 2.5/2 = -0.25 (the
# loss_check widget starts at MSE 0.5 with variance 2.0, whose R² it prints, so the exercise uses other numbers).
_MSE, _VARIANCE = 2.5, 2.0

variance_explained = ValueExercise(
    "A regression model scores MSE 2.5 on a test set whose targets have variance 2.0 (the MSE of always predicting "
    "their mean). Is it better than always predicting the mean? Give its R².",
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
    hints=["Section 2 defines R² as the share of the variance a model removes. Compare first: is this model's MSE "
           "above or below the baseline's?",
           "R² = 1 - MSE / variance. A model whose MSE is above the variance removes less than nothing, so its R² "
           "is below 0."],
    solution="1 - 2.5 / 2.0 = -0.25. Negative: the model is worse than the do-nothing baseline of predicting the "
             "mean. R² runs from 1 (perfect) through 0 (no better than the mean) to below 0 (worse).",
    solution_code="1 - 2.5 / 2.0",
    on_correct="A negative R² is a model that does worse than always predicting the mean: above the baseline, not "
               "below it.",
)
