"""Exercises of ``notebooks/week3/05-class-weights.ipynb``: the positives' share under pos_weight = 99, a weighted
loss by hand, the threshold a weight stands for, and PyTorch's weighted mean.

>>> from lossbook.exercises import class_weights
>>> class_weights.equivalent_threshold.evaluate(0.2).status
'correct'
"""

import numpy as np

from ..activations import softplus
from ..datasets import focal_data
from ..losses import binary_cross_entropy_with_logits
from ._engine import Guess, Misconception, ValueExercise

_Y, _P = focal_data()
_LOSS = binary_cross_entropy_with_logits(_Y, np.log(_P / (1 - _P)), pos_weight=99.0, reduction="none")

weighted_share_guess = Guess(
    "the positives' share of the total loss with pos_weight = 99, the ratio of negatives to positives (with plain "
    "cross-entropy they carry 15.7%), in percent",
    truth=100 * _LOSS[_Y == 1].sum() / _LOSS.sum(),
    why="each positive's loss is multiplied by 99, so the positives' 15.7 parts become 1554 parts against the "
    "negatives' 84.3: 1554 / (1554 + 84.3) = 94.8%. The weight evens out the COUNTS (99 negatives per positive), "
    "but each positive already cost far more than an easy negative, so the positives now dominate.",
    misconceptions=[
        Misconception("counts_not_losses", 50.0,
                      "50% would be right if every example cost the same. The ratio 99 evens out the counts, but a "
                      "positive's loss (0.92 on average) is far bigger than a negative's (0.006), so weighting by the "
                      "count ratio overshoots."),
        Misconception("weight_times_share", 99.0,
                      "The share cannot be 99 x 15.7%: shares are fractions of the NEW total, which grows too. "
                      "Compute 99 x 15.7 / (99 x 15.7 + 84.3)."),
    ],
    lo=0,
    hi=100,
    step=1,
)

_Z, _W = -1.0, 4.0

weighted_by_hand = ValueExercise(
    "A positive example (y = 1) gets logit z = -1 and the loss uses pos_weight = 4. What is its loss, "
    "pos_weight x ln(1 + e^(-z))? Round to 3 decimals (or give more).",
    answer=float(binary_cross_entropy_with_logits(1.0, _Z, pos_weight=_W)),
    rtol=1e-3,
    misconceptions=[
        Misconception("forgot_weight", float(softplus(-_Z)),
                      "1.313 is the plain cross-entropy, -ln(sigmoid(-1)). A positive's loss is multiplied by "
                      "pos_weight = 4."),
        Misconception("negative_formula", _W * float(softplus(_Z)),
                      "That is 4 x ln(1 + e^z), the loss of a NEGATIVE with this logit. A positive pays "
                      "-ln(sigmoid(z)) = ln(1 + e^(-z)) = ln(1 + e^1)."),
        Misconception("log10", _W * float(np.log10(1 + np.exp(-_Z)))),
    ],
    hints=["For y = 1 the loss is -ln(sigmoid(z)) = ln(1 + e^(-z)); with z = -1 that is ln(1 + e) = 1.3133.",
           "Multiply by the weight 4."],
    solution="4 x ln(1 + e^1) = 4 x 1.3133 = 5.2530.",
    solution_code="lb.binary_cross_entropy_with_logits(1.0, -1.0, pos_weight=4.0)",
)

equivalent_threshold = ValueExercise(
    "Suppose retraining with pos_weight = 4 raises every logit by exactly ln 4. The weighted model flags an example "
    "when its probability passes 0.5. At what threshold on the UNWEIGHTED model's probability are the same examples "
    "flagged? Round to 2 decimals (or give more).",
    answer=1 / (1 + 4),
    rtol=1e-3,
    misconceptions=[
        Misconception("odds_not_probability", 1 / 4,
                      "1/4 is the unweighted model's ODDS at the threshold, p / (1 - p) = 1/4. As a probability that "
                      "is p = 1/(1 + 4)."),
        Misconception("divided_the_threshold", 0.5 / 4,
                      "The weight does not divide the probability: it multiplies the odds. Odds 1 (p = 0.5) for the "
                      "weighted model are odds 1/4 for the unweighted one."),
        Misconception("wrong_direction", 4 / 5,
                      "The weighted model says 'positive' more easily, so the matching threshold on the unweighted "
                      "model is LOWER than 0.5, not higher."),
    ],
    hints=["The weighted model is at 0.5 where its logit is 0, so the unweighted logit there is -ln 4.",
           "sigmoid(-ln 4) = 1 / (1 + e^(ln 4)) = 1 / (1 + 4)."],
    solution="sigmoid(-ln 4) = 1 / (1 + 4) = 0.2: pos_weight w stands for the threshold 1 / (1 + w).",
    solution_code="lb.sigmoid(-np.log(4.0))",
)

_LOSSES, _LABELS, _CLASS_W = np.array([0.2, 0.1, 0.3, 1.5]), np.array([0, 0, 0, 1]), np.array([1.0, 3.0])

pytorch_mean = ValueExercise(
    "Four examples with labels [0, 0, 0, 1] have cross-entropies [0.2, 0.1, 0.3, 1.5]. PyTorch's "
    "CrossEntropyLoss(weight=torch.tensor([1.0, 3.0])) with its default reduction 'mean': what does it return? "
    "Round to 3 decimals (or give more).",
    answer=float((_CLASS_W[_LABELS] * _LOSSES).sum() / _CLASS_W[_LABELS].sum()),
    rtol=1e-3,
    misconceptions=[
        Misconception("divided_by_count", float((_CLASS_W[_LABELS] * _LOSSES).sum() / 4),
                      "1.275 divides the weighted sum by the number of examples, 4. PyTorch's weighted 'mean' "
                      "divides by the sum of the weights of the examples' classes: 1 + 1 + 1 + 3 = 6."),
        Misconception("ignored_weights", float(_LOSSES.mean()),
                      "0.525 is the plain mean: the weight 3 of class 1 multiplies the last loss."),
    ],
    hints=["Weight each loss by its class's weight: 0.2, 0.1, 0.3 and 3 x 1.5 = 4.5; the sum is 5.1.",
           "Divide by the sum of those weights, 1 + 1 + 1 + 3."],
    solution="(0.2 + 0.1 + 0.3 + 4.5) / (1 + 1 + 1 + 3) = 5.1 / 6 = 0.85.",
    solution_code="(0.2 + 0.1 + 0.3 + 3 * 1.5) / (1 + 1 + 1 + 3)",
)
