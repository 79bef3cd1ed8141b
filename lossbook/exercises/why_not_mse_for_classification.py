"""Exercises of ``notebooks/week1/05-why-not-mse-for-classification.ipynb``: slopes at the logit, bounded MSE.

>>> from lossbook.exercises import why_not_mse_for_classification
>>> why_not_mse_for_classification.ce_slope_at_p04.evaluate(-0.6).status
'correct'
"""

import numpy as np

from ._engine import Guess, Misconception, ValueExercise

# A cat (y = 1) at p = 0.4: the cross-entropy's slope with respect to the logit is p - y.
ce_slope_at_p04 = ValueExercise(
    "A cat photo (y = 1) gets p = 0.4. With cross-entropy, what is the slope of the loss with respect to the logit, "
    "dL/dz?",
    answer=0.4 - 1.0,
    rtol=1e-6,
    misconceptions=[
        Misconception("slope_wrt_p", -1 / 0.4,
                      "That is the slope with respect to the probability p (-1/p). With respect to the logit z, the "
                      "sigmoid's slope p(1 - p) multiplies it, and what is left is simply p - y."),
        Misconception("used_mse", 2 * (0.4 - 1.0) * 0.4 * 0.6,
                      "That is the MSE's slope, 2(p - y) p(1 - p). The question asks for cross-entropy's: p - y."),
        Misconception("loss_not_slope", -np.log(0.4),
                      "That is the loss itself (-ln 0.4), not its slope. The slope with respect to the logit is p - y."),
    ],
    hints=["With a sigmoid output, cross-entropy's slope with respect to the logit is remarkably simple.",
           "It is p - y: the prediction minus the label."],
    solution="p - y = 0.4 - 1 = -0.6. Negative: raising the logit (towards 'cat') lowers the loss.",
    solution_code="0.4 - 1",
    on_correct="The slope is the size of the mistake itself: no sigmoid factor to shrink it.",
)

_P3 = 1.0 / (1.0 + np.exp(3.0))  # sigmoid(-3)

slope_ratio_guess = Guess(
    "how many times larger cross-entropy's slope is than MSE's, for a cat at logit z = -3 (p = 0.047)",
    truth=(1 - _P3) / (2 * (1 - _P3) * _P3 * (1 - _P3)),
    why="the ratio is 1 / (2 p (1 - p)). At p = 0.047, p(1 - p) is about 0.045, so MSE's slope is about 11 times "
    "weaker: less dramatic than the 203 times at z = -6, but still weakest for the examples that are most wrong.",
    misconceptions=[
        Misconception("same_as_z6", 203.0, "203 is the ratio at z = -6. At z = -3 the sigmoid is less flat, so the "
                      "factor p(1 - p) that weakens MSE's slope is bigger, and the ratio smaller."),
        Misconception("about_equal", 1.0, "Both losses do shrink as p gets right, but here p is badly wrong; the "
                      "difference is the sigmoid's slope, which only MSE keeps."),
        Misconception("loss_ratio", float(-np.log(_P3) / (1 - _P3) ** 2), "That is about the ratio of the losses "
                      "(3.05 against 0.91). The slopes differ more than the losses do."),
    ],
    lo=0,
    hi=60,
    step=0.5,
)

mse_bound = ValueExercise(
    "With a label y of 0 or 1 and a probability p between 0 and 1, what is the largest MSE one example can get?",
    answer=1.0,
    rtol=1e-9,
    misconceptions=[
        Misconception("unbounded", np.inf,
                      "That is cross-entropy's answer: -ln p grows without limit as p goes to 0. MSE on a "
                      "probability is (p - y) squared, and p - y is never bigger than 1 in size."),
        Misconception("newsletter_example", 0.36,
                      "0.36 is the MSE at p = 0.4. Push p all the way to the wrong end (p = 0 for a cat)."),
    ],
    bad=[0.25, 2.0],
    hints=["The worst case is a cat (y = 1) called a certain dog (p = 0).", "(0 - 1) squared."],
    solution="(p - y)² is largest when p = 0 and y = 1 (or the other way round): (0 - 1)² = 1.",
    solution_code="(0 - 1) ** 2",
    on_correct="However wrong and however confident, MSE charges at most 1; cross-entropy's charge has no ceiling.",
)
