"""Exercises of ``notebooks/week3/06-calibration.ipynb``: the ECE of a model that always says the base rate, an
overconfident model's cross-entropy, an ECE by hand, a temperature-scaled probability, and the probability label
smoothing teaches.

>>> from lossbook.exercises import calibration
>>> calibration.smoothing_target.evaluate(0.66).status
'correct'
"""

import numpy as np

from ..activations import sigmoid
from ..losses import binary_cross_entropy, expected_calibration_error
from ..datasets import forecasts
from ._engine import Guess, Misconception, ValueExercise

_Q, _Y = forecasts()

base_rate_ece = ValueExercise(
    "A model ignores its input and says the base rate, 50.41%, for every one of the 20,000 examples. What is its "
    "expected calibration error with 10 bins? Round to 4 decimals (or give more).",
    # all its predictions share one bin, whose mean prediction is the base rate: 0 up to rounding (about 6e-14)
    answer=round(expected_calibration_error(_Y, np.full_like(_Q, _Y.mean())), 10),
    atol=5e-5,
    decimals=4,
    misconceptions=[
        Misconception("useless_is_uncalibrated", 0.5,
                      "A useless model is not the same as an uncalibrated one: its one prediction, 50.41%, comes true "
                      "50.41% of the time, which is all the ECE asks."),
        Misconception("no_better_than_the_truth", round(expected_calibration_error(_Y, _Q), 4),
                      "0.0065 is the ECE of the true probabilities. A model that knows less can still score lower on "
                      "the ECE: it only compares predictions with frequencies, bin by bin."),
    ],
    hints=["Start with the bins: into which of the 10 bins does each of the 20,000 predictions fall?",
           "In each bin that holds predictions, compare its mean prediction with the share of its outcomes that "
           "happened."],
    solution="0: in the one filled bin the mean prediction is the base rate and so is the frequency. The ECE checks "
    "that predictions match frequencies, not that they tell the examples apart.",
    solution_code="lb.expected_calibration_error(y, np.full_like(q, y.mean()))",
)

sharp_guess = Guess(
    "the cross-entropy of the same model with its logits doubled (temperature 0.5: every prediction pushed towards "
    "0 or 1); the calibrated model scores 0.502",
    truth=binary_cross_entropy(_Y, sigmoid(2 * np.log(_Q / (1 - _Q)))),
    why="cross-entropy is a proper scoring rule: no forecast scores better, on average, than the true probabilities. "
    "Pushing them towards 0 and 1 makes the confident misses very expensive, so the loss rises to 0.569.",
    misconceptions=[
        Misconception("sharper_is_better", 0.45,
                      "Sharper predictions are not better when they are not true: the days the model now calls 95% "
                      "but happen only about 80% of the time cost more than the sharpness gains."),
    ],
    lo=0.3,
    hi=1.0,
    step=0.01,
)

ece_by_hand = ValueExercise(
    "A model's predictions fall into two bins. Bin A: 100 predictions with mean 0.2, and the outcome happened in 30% "
    "of them. Bin B: 300 predictions with mean 0.9, and the outcome happened in 85%. What is the expected "
    "calibration error? Round to 4 decimals (or give more).",
    decimals=4,
    answer=100 / 400 * 0.1 + 300 / 400 * 0.05,
    rtol=1e-3,
    misconceptions=[
        Misconception("unweighted", (0.1 + 0.05) / 2,
                      "That averages the two gaps equally. ECE weights each bin by its share of the predictions: "
                      "100/400 and 300/400."),
        Misconception("signed_gaps", abs(100 / 400 * 0.1 - 300 / 400 * 0.05),
                      "The gaps go in opposite directions (A too low, B too high), but ECE adds their sizes: "
                      "|0.3 - 0.2| and |0.85 - 0.9|, both positive."),
    ],
    hints=["Compute each bin's gap between its observed frequency and its mean prediction, as a size (ignore "
           "the sign).",
           "Each bin counts in proportion to how many of the 400 predictions it holds."],
    solution="0.25 x 0.1 + 0.75 x 0.05 = 0.025 + 0.0375 = 0.0625.",
    solution_code="100 / 400 * 0.1 + 300 / 400 * 0.05",
)

_LOGIT, _T = 2.4, 1.6

scaled_probability = ValueExercise(
    "Temperature scaling fitted T = 1.6 on validation data. A new example gets the logit 2.4 from the model. What "
    "probability does the scaled model give it? Round to 3 decimals (or give more).",
    decimals=3,
    answer=float(sigmoid(_LOGIT / _T)),
    rtol=1e-3,
    misconceptions=[
        Misconception("unscaled", float(sigmoid(_LOGIT)),
                      "0.917 is sigmoid(2.4), the model before scaling. The scaled model divides the logit by T first."),
        Misconception("multiplied", float(sigmoid(_LOGIT * _T)),
                      "That multiplies the logit by T. A temperature above 1 DIVIDES the logits: it makes the model "
                      "less sure, because T > 1 was fitted to an overconfident model."),
        Misconception("divided_probability", float(sigmoid(_LOGIT)) / _T,
                      "Temperature scaling divides the logit, not the probability: sigmoid(2.4 / 1.6)."),
    ],
    hints=["Divide the logit by the temperature before the sigmoid.",
           "A temperature above 1 pulls the probability towards 0.5: your answer lies between 0.5 and the unscaled "
           "sigmoid of 2.4."],
    solution="sigmoid(2.4 / 1.6) = sigmoid(1.5) = 1 / (1 + e^(-1.5)) = 0.8176.",
    solution_code="lb.sigmoid(2.4 / 1.6)",
)

_EPS, _RATE = 0.2, 0.7

smoothing_target = ValueExercise(
    "Two classes, label smoothing 0.2. A kind of example is positive 70% of the time (and the model cannot tell these "
    "examples apart). Which predicted probability of 'positive' gives them the smallest cross-entropy against the "
    "smoothed targets? Round to 2 decimals (or give more).",
    answer=(1 - _EPS) * _RATE + _EPS / 2,
    rtol=1e-3,
    misconceptions=[
        Misconception("unsmoothed", _RATE,
                      "0.7 is the best prediction against the plain labels. Against the smoothed targets the best "
                      "prediction is the AVERAGE smoothed target: (1 - 0.2) x 0.7 + 0.2 / 2."),
        Misconception("forgot_share", (1 - _EPS) * _RATE,
                      "0.56 takes away the 0.2 but forgets to give it back: each target also gets 0.2 / 2, because "
                      "the 0.2 is shared equally between the 2 classes."),
        Misconception("whole_eps", (1 - _EPS) * _RATE + _EPS,
                      "0.76 gives the whole 0.2 back to 'positive'. It is shared between the 2 classes: 0.2 / 2 each."),
        Misconception("always_positive", (1 - _EPS) + _EPS / 2,
                      "0.9 is the smoothed target of a positive. Here 30% of the examples are negatives, whose "
                      "smoothed target is 0.1."),
    ],
    hints=["The smoothed target is 0.9 for a positive and 0.1 for a negative. Cross-entropy is proper, so the best "
           "single prediction for a group of examples is their average target.",
           "Average the smoothed targets over the group, each counted as often as it occurs: the positives' target "
           "as often as positives occur."],
    solution="0.7 x 0.9 + 0.3 x 0.1 = 0.66, which is (1 - 0.2) x 0.7 + 0.2 / 2: the model learns to say 66% for "
    "something that happens 70% of the time.",
    solution_code="(1 - 0.2) * 0.7 + 0.2 / 2",
)
