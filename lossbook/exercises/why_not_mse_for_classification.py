"""Exercises of ``notebooks/week1/05-why-not-mse-for-classification.ipynb``: slopes at the logit under both losses.

>>> from lossbook.exercises import why_not_mse_for_classification
>>> why_not_mse_for_classification.mse_steepest_logit.evaluate(-0.69).status
'correct'
"""

import numpy as np

from ._engine import Guess, Misconception, ValueExercise

# For a cat (y = 1), MSE's slope at the logit is 2(p - 1) p (1 - p) = -2 p (1 - p)^2. Its size peaks where
# (1 - p)(1 - 3p) = 0 inside (0, 1), at p = 1/3, that is at the logit z = ln(p / (1 - p)) = ln(1/2) = -0.6931.
_PEAK_Z = float(np.log(0.5))

mse_steepest_logit = ValueExercise(
    "For a cat photo (y = 1), at which logit z is MSE's slope dL/dz = 2(p - y)·p(1 - p) largest in size? (A "
    "numerical search over z is fine.)",
    answer=_PEAK_Z,
    quantity="value",  # a logit, not a slope
    misconceptions=[
        Misconception("sigmoid_peak", 0.0,
                      "z = 0 is where the sigmoid's own slope p(1 - p) peaks. MSE's slope also has the factor "
                      "(p - y), which grows as z falls and the cat gets more wrong, so the peak lies left of 0."),
        Misconception("dog_mirror", -_PEAK_Z,
                      "That is the mirror image, the peak for a dog (y = 0). For a cat the slope is largest where "
                      "the answer is mildly wrong: p below 0.5, so z below 0."),
        Misconception("probability_not_logit", 1 / 3,
                      "1/3 is the probability p at the peak. The question asks for the logit: z = ln(p / (1 - p))."),
    ],
    bad=[-6.0, 0.5],
    hints=["No calculus needed: make a fine grid of logits with np.linspace, compute p = lb.sigmoid(z) and the "
           "slope 2(p - 1)·p(1 - p) at every one, and find the z where the slope's size is largest (np.argmax of "
           "its absolute value).",
           "For 2 decimals the grid needs steps well below 0.01, say 0.001: about 6,000 points over -3 to 3, which "
           "holds the peak (the widget puts it between -2 and 0)."],
    solution="A search over z finds the peak at z = -0.69. Calculus says why: the slope's size is 2p(1 - p)², "
             "which peaks where its own slope, 2(1 - p)(1 - 3p), is 0, at p = 1/3, so z = ln((1/3) / (2/3)) = "
             "ln 0.5 = -0.69. A mildly wrong cat gets MSE's strongest push; a more confidently wrong one gets less.",
    solution_code="z = np.linspace(-3, 3, 60001)\np = lb.sigmoid(z)\nz[np.argmax(np.abs(2 * (p - 1) * p * (1 - p)))]",
    on_correct="Left of that point the cat is more wrong, yet MSE pushes less: the sigmoid's flat end wins.",
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

# A dog (y = 0) scored at logit 1.95: p = sigmoid(1.95) = 0.875, confident and wrong. MSE's slope at the logit is
# 2 (p - y) p (1 - p), the lesson's chain-rule product, here for a dog (the mirror of the lesson's cat).
_DOG_Z = 1.95  # slope 0.19092: 0.00042 from the rounding edge 0.1905, and cut short it reads 0.190, not 0.191;
# the widget's slider moves in steps of 0.1, so it cannot land on 1.95
_DOG_P = 1.0 / (1.0 + np.exp(-_DOG_Z))

mse_slope_dog = ValueExercise(
    "A dog photo (y = 0) gets the logit z = 1.95: confident, and wrong. Mirror section 2's cat: what is MSE's slope "
    "with respect to the logit, dL/dz?",
    answer=2 * (_DOG_P - 0) * _DOG_P * (1 - _DOG_P),
    decimals=3,  # 0.191 at 3 decimals
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
    hints=["The chain rule is the same as for the cat: MSE's slope with respect to p, times the sigmoid's slope "
           "p(1 - p). Only the label changes: y = 0.",
           "p = lb.sigmoid(1.95) (keep all its digits: rounding p to 0.88 first moves the third decimal); then multiply "
           "2, (p - 0) and p(1 - p)."],
    solution="p = sigmoid(1.95) = 0.87544; 2 x 0.87544 x (0.87544 x 0.12456) = 0.1909, so 0.191. Cross-entropy's "
    "slope here is p - y = 0.875, more than four and a half times larger.",
    solution_code="p = lb.sigmoid(1.95)\n2 * (p - 0) * p * (1 - p)",
    on_correct="Positive: lower the logit, towards dog. But only 0.191, against cross-entropy's 0.875: the flat end of "
    "the sigmoid hides most of the mistake from MSE.",
)
