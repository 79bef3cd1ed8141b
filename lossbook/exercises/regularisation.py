"""Exercises of ``notebooks/week3/02-regularisation.ipynb``: a huge penalty, the L2 penalty by hand, PyTorch's
weight_decay as a strength, and the decay factor of one step.

>>> from lossbook.exercises import regularisation
>>> regularisation.penalty_by_hand.evaluate(0.525).status
'correct'
"""

import numpy as np

from ..datasets import wavy_data
from ..fitting import fit_polynomial, predict_polynomial
from ..losses import l2_penalty, mse
from ._engine import Guess, Misconception, ValueExercise

_DATA = wavy_data(seed=0)
_HUGE = fit_polynomial(_DATA.x_train, _DATA.y_train, 9, strength=1000.0)

huge_penalty_guess = Guess(
    "the training MSE of the degree-9 polynomial fitted with a huge penalty, strength 1000 (the training targets y "
    "have mean 0.27 and mean square 0.62)",
    truth=mse(_DATA.y_train, predict_polynomial(_HUGE, _DATA.x_train)),
    why="a penalty that strong pushes every weight to almost 0, the constant term too, so the polynomial is almost the "
    "line y = 0. Its MSE is then almost the mean of y², 0.620 (0.618 exactly: the weights are tiny, not 0). A heavy "
    "penalty buys small weights with a worse fit.",
    misconceptions=[
        Misconception("penalty_helps_fit", 0.0,
                      "The penalty never improves the fit to the training points: it pulls the weights away from the "
                      "best fit, towards 0. The bigger the strength, the higher the training MSE."),
        Misconception("predicts_the_mean", float(np.var(_DATA.y_train)),
                      "0.545 is the variance, the MSE of predicting the mean 0.27. Here the constant term is "
                      "penalised as well, so the model predicts about 0, not the mean: the mean of y², 0.62."),
    ],
    lo=0,
    hi=1.5,
    step=0.01,
)

_W, _S = np.array([0.5, -2.0, 1.0]), 0.1

penalty_by_hand = ValueExercise(
    "The weights are [0.5, -2.0, 1.0] and the strength is 0.1. What is the L2 penalty, strength times the sum of the "
    "squared weights?",
    answer=l2_penalty(_W, strength=_S),
    rtol=1e-3,
    misconceptions=[
        Misconception("l1_not_l2", _S * np.abs(_W).sum(),
                      "That sums the absolute values: the L1 penalty (lasso). L2 squares each weight first."),
        Misconception("forgot_strength", float(_W @ _W),
                      "5.25 is the sum of the squared weights; the penalty is that times the strength 0.1."),
        Misconception("norm_not_squared", _S * float(np.sqrt(_W @ _W)),
                      "That is the strength times the length of the weight vector. L2 uses the squared length: no "
                      "square root."),
    ],
    hints=["Square each weight: 0.25, 4, 1.", "Add them (5.25) and multiply by the strength."],
    solution="0.1 x (0.25 + 4 + 1) = 0.525.",
    solution_code="lb.l2_penalty([0.5, -2.0, 1.0], strength=0.1)",
)

weight_decay_strength = ValueExercise(
    "PyTorch's torch.optim.SGD(params, lr=0.1, weight_decay=0.01) adds 0.01 * w to every weight's gradient. Which "
    "strength of lb.l2_penalty has exactly that gradient?",
    answer=0.01 / 2,
    rtol=1e-6,
    misconceptions=[
        Misconception("same_number", 0.01,
                      "With strength 0.01 the penalty's gradient is 2 x 0.01 x w = 0.02 w, twice PyTorch's. The 2 "
                      "comes from differentiating w²."),
        Misconception("doubled", 0.02,
                      "The gradient of strength x w² is 2 x strength x w. To get 0.01 w, the strength is 0.01 / 2."),
    ],
    hints=["The gradient of strength x w² is 2 x strength x w.", "Solve 2 x strength = 0.01."],
    solution="0.005: 2 x 0.005 x w = 0.01 w. Keras's regularizers.L2(l2=...) uses the same convention as "
    "lb.l2_penalty, PyTorch's weight_decay is twice it.",
    solution_code="0.01 / 2",
)

_LR, _STRENGTH = 0.1, 0.05

decay_factor = ValueExercise(
    "Gradient descent with learning rate 0.1 on the loss plus lb.l2_penalty with strength 0.05. Written as weight "
    "decay, each step first multiplies every weight by a factor, then takes the loss's own gradient step. What is "
    "that factor?",
    answer=1 - 2 * _LR * _STRENGTH,
    rtol=1e-6,
    decimals=3,
    misconceptions=[
        Misconception("forgot_the_two", 1 - _LR * _STRENGTH,
                      "The penalty's gradient is 2 x strength x w, so the step removes lr x 2 x strength x w: "
                      "the factor is 1 - 2 x 0.1 x 0.05."),
        Misconception("forgot_lr", 1 - 2 * _STRENGTH,
                      "The penalty's gradient is scaled by the learning rate like every gradient: 1 - 0.1 x 2 x 0.05."),
    ],
    bad=[2 * _LR * _STRENGTH],
    hints=["w - lr x (gradient of the loss + 2 x strength x w) = (1 - 2 x lr x strength) w - lr x (gradient of the "
           "loss)."],
    solution="1 - 2 x 0.1 x 0.05 = 0.99: every step shrinks each weight by 1% before the loss pulls on it.",
    solution_code="1 - 2 * 0.1 * 0.05",
)
