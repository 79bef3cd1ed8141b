"""Exercises of ``notebooks/week1/05-why-not-mse-for-classification.ipynb``: slopes at the logit under both losses.

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

# A dog (y = 0) scored at logit 2.5: p = sigmoid(2.5) = 0.924, confident and wrong. MSE's slope at the logit is
# 2 (p - y) p (1 - p), the lesson's chain-rule product, here for a dog (the mirror of the lesson's cat).
_DOG_Z = 2.5
_DOG_P = 1.0 / (1.0 + np.exp(-_DOG_Z))

mse_slope_dog = ValueExercise(
    "A dog photo (y = 0) gets the logit z = 2.5, so p = sigmoid(2.5) = 0.924: confident, and wrong. What is MSE's "
    "slope with respect to the logit, dL/dz = 2(p - y)·p(1 - p)?",
    answer=2 * (_DOG_P - 0) * _DOG_P * (1 - _DOG_P),
    decimals=3,  # 0.13 at 2 decimals is also 0.130 at 3; asking for 3 keeps the feedback plain
    misconceptions=[
        Misconception("forgot_sigmoid", 2 * (_DOG_P - 0),
                      "That is MSE's slope with respect to p, 2(p - y). The logit sits behind the sigmoid: multiply "
                      "by the sigmoid's own slope, p(1 - p)."),
        Misconception("forgot_two", (_DOG_P - 0) * _DOG_P * (1 - _DOG_P),
                      "Close: the slope of (p - y)² is 2(p - y), so keep the factor 2."),
        Misconception("cat_label", 2 * (_DOG_P - 1) * _DOG_P * (1 - _DOG_P),
                      "That uses y = 1, a cat. The photo is a dog: y = 0, so p - y is p itself."),
        Misconception("cross_entropy", _DOG_P - 0,
                      "That is cross-entropy's slope, p - y. MSE's has the extra factors 2 and p(1 - p)."),
    ],
    hints=["p - y = 0.924 - 0 and p(1 - p) = 0.924 x 0.076: compute p from z = 2.5 with lb.sigmoid to keep the digits.",
           "Multiply 2, (p - y) and p(1 - p)."],
    solution="p = sigmoid(2.5) = 0.92414; 2 x 0.92414 x (0.92414 x 0.07586) = 0.1296. Cross-entropy's slope here is "
    "p - y = 0.924, about seven times larger.",
    solution_code="p = lb.sigmoid(2.5)\n2 * (p - 0) * p * (1 - p)",
    on_correct="Positive: lower the logit, towards dog. But only 0.13, against cross-entropy's 0.92: the flat end of "
    "the sigmoid hides most of the mistake from MSE.",
)
