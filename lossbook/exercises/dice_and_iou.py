"""Exercises of ``notebooks/week2/05-dice-and-iou.ipynb``: Dice by hand, a guess about the empty prediction, Dice
from IoU.

>>> from lossbook.exercises import dice_and_iou
>>> print(dice_and_iou.dice_by_hand.evaluate(0.25).headline)
0.25 is right.
"""

import numpy as np

from ..datasets import predicted_mask, tumour_scan
from ..losses import binary_cross_entropy
from ._engine import Guess, Misconception, ValueExercise

# Eight pixels; the tumour covers 4 of them. The prediction marks 4 pixels, 3 of them on the tumour.
_TARGET = np.array([1, 1, 1, 1, 0, 0, 0, 0], dtype=float)
_PRED = np.array([1, 1, 1, 0, 1, 0, 0, 0], dtype=float)
_I = float(np.sum(_TARGET * _PRED))  # 3
_P, _T = float(_PRED.sum()), float(_TARGET.sum())  # 4, 4

dice_by_hand = ValueExercise(
    "The tumour covers 4 pixels. The prediction marks 4 pixels, 3 of them on the tumour (one tumour pixel missed, "
    "one false alarm). What is the Dice LOSS, with no smoothing (smooth = 0)?",
    answer=1.0 - 2.0 * _I / (_P + _T),
    misconceptions=[
        Misconception("score_not_loss", 2.0 * _I / (_P + _T),
                      "That is the Dice score (the overlap, 1 = perfect). The loss is 1 minus the score, so that "
                      "smaller is better."),
        Misconception("iou_not_dice", 1.0 - _I / (_P + _T - _I),
                      "That is the IoU loss: intersection over union. Dice counts the intersection twice and divides "
                      "by the two areas added up: 2I / (P + T)."),
        Misconception("forgot_two", 1.0 - _I / (_P + _T),
                      "You left out the 2 in 2I / (P + T). Without it a perfect prediction would score only 0.5, "
                      "not 1."),
    ],
    bad=[0.125, 0.75 * 0.5],
    hints=["Count three things: I = pixels in both masks, P = pixels predicted, T = tumour pixels.",
           "Dice score = 2I / (P + T); the loss is 1 minus that."],
    solution="I = 3, P = 4, T = 4: Dice score = 2 x 3 / (4 + 4) = 0.75, so the Dice loss is 1 - 0.75 = 0.25.",
    solution_code="1 - 2 * 3 / (4 + 4)",
    on_correct="Two mistakes out of eight pixels cost a quarter: Dice looks only at the tumour and the prediction, "
    "never at the pixels both agree are background.",
)

_N_PIXELS, _N_TUMOUR = 64 * 64, 113

nothing_guess = Guess(
    "the Dice loss (smooth = 1) of a prediction that says 'no tumour' in every one of the 4,096 pixels, when the "
    "tumour covers 113 of them",
    truth=1.0 - 1.0 / (_N_TUMOUR + 1.0),
    why="with nothing predicted the intersection is 0, so the Dice score is (0 + 1) / (0 + 113 + 1) = 0.009 and the "
    "loss 0.991: almost the worst possible, however many background pixels are right.",
    misconceptions=[
        Misconception("pixel_fraction", _N_TUMOUR / _N_PIXELS,
                      "0.028 is the share of pixels that are wrong. That is what pixel accuracy (and, roughly, "
                      "pixel-wise BCE) sees; Dice ignores the easy background."),
        Misconception("zero", 0.0, "A loss of 0 would mean a perfect match, but this prediction finds nothing."),
    ],
    lo=0, hi=1, step=0.01,
)

_J = 0.4

dice_from_iou = ValueExercise(
    "Two hard (0/1) masks have an IoU score of 0.4: the shared area is 40% of the union. What is their Dice SCORE? "
    "Turn section 6's formula J = D / (2 - D) around. Give it to 3 decimals.",
    answer=2.0 * _J / (1.0 + _J),
    decimals=3,
    misconceptions=[
        Misconception("same", _J, "Dice and IoU are not the same number: for an overlap between 0 and 1, Dice is "
                      "always the larger score, because its denominator P + T counts the shared pixels twice."),
        Misconception("forward_formula", _J / (2.0 - _J),
                      "That puts the IoU score into J = D / (2 - D) as if it were D: it turns a Dice score into IoU. "
                      "Here IoU is known and Dice is asked for, so solve for D."),
        Misconception("loss_not_score", 1.0 - 2.0 * _J / (1.0 + _J),
                      "That is the Dice loss (1 minus the score). The question asks for the score."),
    ],
    bad=[0.6, 0.8],
    hints=["Multiply both sides of J = D / (2 - D) by (2 - D), then gather the terms with D on one side.",
           "Once D stands alone on one side, test your formula before using it: a perfect match, J = 1, must "
           "give D = 1, and no overlap, J = 0, must give D = 0."],
    solution="J (2 - D) = D, so 2J = D (1 + J) and D = 2J / (1 + J) = 2 x 0.4 / 1.4 = 0.571.",
    solution_code="J = 0.4\n2 * J / (1 + J)",
    on_correct="Dice is the gentler score: the same masks get 0.4 from IoU but 0.571 from Dice.",
)


# Section 5's two predictions: the lazy one (0.01 everywhere) and the tumour's shape drawn one radius (6 px) too far
# to the right. The lesson prints the lazy one's pixel BCE first; the learner guesses the other's.
_SCAN = tumour_scan()
_LAZY_BCE = binary_cross_entropy(_SCAN, np.full_like(_SCAN, 0.01))
misplaced_bce_guess = Guess(
    f"the pixel-wise BCE of the prediction that found the tumour but drew it 6 px to the right (the lazy model that "
    f"finds nothing scores {_LAZY_BCE:.3f})",
    truth=binary_cross_entropy(_SCAN, predicted_mask(shift=6)),
    why="the misplaced disc is confidently wrong on two crescents: nearly 70 missed tumour pixels at p near 0 and "
    "about as many false alarms at p near 1, each costing about 6 nats. The lazy model pays -ln 0.01 = 4.6 on each "
    "of the 113 tumour pixels and almost nothing elsewhere. About 130 dear mistakes outweigh 113 cheaper ones, so "
    "BCE ranks the prediction that found the tumour worse.",
    misconceptions=[
        Misconception("lazy_value", _LAZY_BCE,
                      "That is the lazy model's number. The question is whether finding the tumour, slightly "
                      "misplaced, lowers it or raises it."),
    ],
    lo=0, hi=0.5, step=0.005,
)
