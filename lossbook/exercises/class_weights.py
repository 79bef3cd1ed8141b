"""Exercises of ``notebooks/week3/05-class-weights.ipynb``: the positives' share under pos_weight = 99, a weighted
loss by hand, the weight that stands for a given threshold, and PyTorch's weighted mean.

>>> from lossbook.exercises import class_weights
>>> class_weights.equivalent_threshold.evaluate(11.5).status
'correct'
"""

import numpy as np

from ..activations import softplus
from ..datasets import focal_data
from ..losses import binary_cross_entropy_with_logits
from ._engine import Guess, Misconception, ValueExercise

_Y, _P = focal_data()
_LOSS = binary_cross_entropy_with_logits(_Y, np.log(_P / (1 - _P)), pos_weight=99.0, reduction="none")
_PLAIN = binary_cross_entropy_with_logits(_Y, np.log(_P / (1 - _P)), reduction="none")

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
                      f"positive's loss ({_PLAIN[_Y == 1].mean():.2f} on average) is far bigger than a negative's "
                      f"({_PLAIN[_Y == 0].mean():.3f}), so with the count ratio the positives carry most of the "
                      "total."),
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
    "A positive example (y = 1) gets logit z = -1 and the loss uses pos_weight = 4. What is its weighted "
    "loss? Round to 3 decimals (or give more).",
    decimals=3,
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
    hints=["A positive's plain loss is -ln(sigmoid(z)), which is ln(1 + e^(-z)); pos_weight multiplies it.",
           "Mind the sign: with z = -1, the exponent -z is +1. The weight multiplies the whole loss; it does not go "
           "inside the logarithm."],
    solution="4 x ln(1 + e^1) = 4 x 1.3133 = 5.2530.",
    solution_code="lb.binary_cross_entropy_with_logits(1.0, -1.0, pos_weight=4.0)",
)

_T = 0.08  # the team's threshold: w = (1 - t) / t = 11.5, not a round number to guess

equivalent_threshold = ValueExercise(
    "A team wants to flag every example whose calibrated (matching how often the class occurs), unweighted "
    f"probability is above {_T}. They would rather train with pos_weight and keep the threshold 0.5. For a flexible "
    "model, which pos_weight w gives the same flags? Round to 1 decimal (or give more).",
    decimals=1,
    answer=(1 - _T) / _T,
    rtol=1e-3,
    misconceptions=[
        Misconception("inverse_threshold", 1 / _T,
                      f"{1 / _T:g} is 1 / {_T}, the inverse of the probability. The weight multiplies the ODDS, "
                      f"p / (1 - p), and the odds of {_T} are {_T} / {1 - _T:.2f}."),
        Misconception("threshold_ratio", 0.5 / _T,
                      f"{0.5 / _T:g} is 0.5 / {_T}, a ratio of probabilities. The weight multiplies the odds, "
                      f"p / (1 - p): odds 1 at 0.5 against odds {_T} / {1 - _T:.2f} at {_T}."),
        Misconception("wrong_direction", _T / (1 - _T),
                      f"A weight below 1 makes the model say 'positive' LESS easily. Flagging from {_T} up needs a "
                      "weight above 1."),
    ],
    hints=["For a flexible model the weight w multiplies every odds p / (1 - p) by w (section 5), and the weighted "
           "model's threshold 0.5 is odds 1.",
           "So the plain model's matching threshold is where its odds times w make 1. Work with the odds of the "
           "team's threshold, not with the probability itself."],
    solution=f"odds of {_T}: {_T} / {1 - _T:.2f} = 1/11.5, so w = 11.5. Check: 1 / (1 + 11.5) = {_T}. A weight of "
    "11.5 says a missed positive costs 11.5 times a false alarm.",
    solution_code=f"(1 - {_T}) / {_T}",
)

_LOSSES, _LABELS, _CLASS_W = np.array([0.2, 0.1, 0.3, 1.5]), np.array([0, 0, 0, 1]), np.array([1.0, 3.0])

pytorch_mean = ValueExercise(
    "Four examples with labels [0, 0, 0, 1] have cross-entropies [0.2, 0.1, 0.3, 1.5]. PyTorch's "
    "CrossEntropyLoss(weight=torch.tensor([1.0, 3.0])) with its default reduction 'mean': what does it return? "
    "Round to 3 decimals (or give more).",
    decimals=3,
    answer=float((_CLASS_W[_LABELS] * _LOSSES).sum() / _CLASS_W[_LABELS].sum()),
    rtol=1e-3,
    misconceptions=[
        Misconception("divided_by_count", float((_CLASS_W[_LABELS] * _LOSSES).sum() / 4),
                      "1.275 divides the weighted sum by the number of examples, 4. PyTorch's weighted 'mean' "
                      "divides by the sum of the weights of the examples' classes: 1 + 1 + 1 + 3 = 6."),
        Misconception("ignored_weights", float(_LOSSES.mean()),
                      "0.525 is the plain mean: the weight 3 of class 1 multiplies the last loss."),
    ],
    hints=["Multiply each example's loss by the weight of its true class. PyTorch's 'mean' then divides by the sum "
           "of those weights, not by the number of examples.",
           "The weights of the four examples are 1, 1, 1 and 3."],
    solution="(0.2 + 0.1 + 0.3 + 4.5) / (1 + 1 + 1 + 3) = 5.1 / 6 = 0.85.",
    solution_code="(0.2 + 0.1 + 0.3 + 3 * 1.5) / (1 + 1 + 1 + 3)",
)
