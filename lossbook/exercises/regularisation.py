"""Exercises of ``notebooks/week3/02-regularisation.ipynb``: a huge penalty, the L2 penalty by hand, a weight no data
holds up, a Keras L2 strength as PyTorch's weight_decay, and the validation MSE inside Keras's val_loss.

>>> from lossbook.exercises import regularisation
>>> regularisation.penalty_by_hand.evaluate(0.45).status
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
    "the training MSE of the degree-9 polynomial fitted with a huge penalty, strength 1000 (predicting the targets' "
    "mean everywhere scores 0.545, predicting 0 everywhere 0.620)",
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

# Two models with the same predictions on every training example (a feature copied into two equal columns): weight 3.0
# on one copy, or 1.5 on each. Same MSE, so the objectives differ by the penalties alone: 0.1 x (9 - 4.5) = 0.45.
_ALL_ON_ONE, _SHARED, _S = np.array([3.0, 0.0]), np.array([1.5, 1.5]), 0.1
_PROMPT_1 = (
    "A feature was copied by mistake, so two input columns are equal in every training example. One model puts weight "
    "3.0 on the first copy and 0 on the second; another puts 1.5 on each. Their predictions, and so their training "
    "MSEs, are the same. With an L2 penalty of strength 0.1, how much larger is the first model's objective (MSE plus "
    "penalty) than the second's? A negative number if it is smaller.")

penalty_by_hand = ValueExercise(
    _PROMPT_1,
    answer=l2_penalty(_ALL_ON_ONE, strength=_S) - l2_penalty(_SHARED, strength=_S),
    rtol=1e-3,
    misconceptions=[
        Misconception("l1_not_l2", 0.0,
                      "With absolute values (the L1 penalty, lasso) both models cost 0.1 x 3 = 0.3, so they tie. L2 "
                      "squares each weight first, and squares favour sharing."),
        Misconception("forgot_strength", float(_ALL_ON_ONE @ _ALL_ON_ONE - _SHARED @ _SHARED),
                      "4.5 is the difference of the sums of squared weights (9 against 4.5); the penalty is that "
                      "times the strength 0.1."),
        Misconception("wrong_sign", -float(_S * (_ALL_ON_ONE @ _ALL_ON_ONE - _SHARED @ _SHARED)),
                      "The first model, 3.0 on one copy, has the larger sum of squares (9 against 4.5), so its "
                      "objective is the larger one: the answer is positive."),
        Misconception("norm_not_squared", _S * (3.0 - float(np.sqrt(_SHARED @ _SHARED))),
                      "That compares the lengths of the weight vectors. L2 uses the squared length: no square root."),
    ],
    hints=["The MSEs are equal, so only the penalties differ: work out each model's penalty on its own.",
           "A penalty is the strength times the sum of the squared weights; a weight of 0 adds nothing."],
    solution="0.45: the first model's penalty is 0.1 x (3.0² + 0²) = 0.9, the second's 0.1 x (1.5² + 1.5²) = 0.45, and "
    "the MSEs are equal. So the L2 penalty prefers to share the weight between the two copies: ridge regression "
    "splits it evenly between equal columns.",
    solution_code="lb.l2_penalty([3.0, 0.0], strength=0.1) - lb.l2_penalty([1.5, 1.5], strength=0.1)",
)

weight_decay_strength = ValueExercise(
    "A Keras model puts kernel_regularizer=keras.regularizers.L2(0.0004) on each of its Dense layers and trains with "
    "plain SGD. You rebuild it in PyTorch with torch.optim.SGD, leaving the biases out of the decay with a parameter "
    "group. Which weight_decay gives the weight matrices exactly the same updates?",
    answer=2 * 0.0004,
    rtol=1e-6,
    misconceptions=[
        Misconception("same_number", 0.0004,
                      "L2(0.0004) adds 0.0004 x w² to the loss, whose gradient is 2 x 0.0004 x w; weight_decay=0.0004 "
                      "would add only 0.0004 x w. The 2 comes from differentiating w²."),
        Misconception("halved", 0.0002,
                      "That goes the wrong way: PyTorch's weight_decay is twice the strength of the penalty, not "
                      "half of it."),
    ],
    hints=["Work out what each framework adds to one kernel weight's gradient, as a number times w.",
           "Keras's L2(l2) adds the gradient of l2 x w²; PyTorch adds weight_decay x w. Set the two equal."],
    solution="0.0008: L2(0.0004) adds 2 x 0.0004 x w = 0.0008 w to each kernel weight's gradient, and "
    "weight_decay=0.0008 adds the same 0.0008 w. (Keras's kernel_regularizer leaves the biases alone, hence the "
    "parameter group.)",
    solution_code="2 * 0.0004",
)

_LR, _STRENGTH, _STEPS = 0.1, 0.05, 200

untouched_weight = ValueExercise(
    "One weight belongs to a feature that is 0 in every training example, so the loss never pulls on it: its "
    "gradient from the loss is 0 at every step. It starts at 1.0. Gradient descent runs with learning rate 0.1 on "
    "the loss plus lb.l2_penalty with strength 0.05. What is that weight after 200 steps?",
    answer=(1 - 2 * _LR * _STRENGTH) ** _STEPS,
    rtol=1e-3,
    decimals=3,
    misconceptions=[
        Misconception("one_step", 1 - 2 * _LR * _STRENGTH,
                      "0.99 is what is left after one step. Every one of the 200 steps multiplies the weight by "
                      "0.99 again."),
        Misconception("subtracted_each_step", 1 - _STEPS * 2 * _LR * _STRENGTH,
                      "Each step does not subtract the same amount: it removes 1% of what is left, so the weight "
                      "shrinks by a factor each step and never passes 0."),
        Misconception("no_data_no_change", 1.0,
                      "The penalty acts on every weight at every step, whether or not the data pulls on it: with "
                      "nothing pulling back, the weight decays towards 0."),
        Misconception("forgot_the_two", (1 - _LR * _STRENGTH) ** _STEPS,
                      "The penalty's gradient is 2 x strength x w, so each step's factor is 1 - 2 x 0.1 x 0.05 = 0.99, "
                      "not 0.995."),
    ],
    hints=["With the loss's gradient 0, one step is w <- w - lr x 2 x strength x w: the weight is multiplied by a "
           "factor.", "200 steps multiply it by that factor 200 times: a power."],
    solution="0.99^200 = 0.134: each step multiplies the weight by 1 - 2 x 0.1 x 0.05 = 0.99. This is the decay in "
    "weight decay: a weight that no data holds up shrinks geometrically towards 0 (it never quite reaches it).",
    solution_code="(1 - 2 * 0.1 * 0.05) ** 200",
)

_L2, _KERNEL_SQUARES, _VAL_LOSS = 0.001, 40.0, 0.215

keras_val_loss = ValueExercise(
    "A Keras regression model is compiled with loss=\"mse\", and its one regularised layer has "
    "kernel_regularizer=keras.regularizers.L2(0.001). At the end of an epoch the sum of that layer's squared kernel "
    "weights is 40, and Keras prints val_loss: 0.2150. What is the model's validation MSE?",
    answer=_VAL_LOSS - _L2 * _KERNEL_SQUARES,
    rtol=1e-3,
    decimals=3,
    misconceptions=[
        Misconception("val_loss_is_the_mse", _VAL_LOSS,
                      "Keras adds the regularisers' penalties to every loss it reports, val_loss included: 0.2150 "
                      "is the validation MSE plus the penalty."),
        Misconception("added_the_penalty", _VAL_LOSS + _L2 * _KERNEL_SQUARES,
                      "The penalty is already inside val_loss; take it out: subtract 0.001 x 40."),
        Misconception("pytorch_factor", _VAL_LOSS - 2 * _L2 * _KERNEL_SQUARES,
                      "Keras's L2(l2) adds l2 x sum(w²), with no factor 2 (the 2 is in PyTorch's weight_decay, "
                      "which shows up in no loss at all)."),
    ],
    hints=["val_loss = validation MSE + penalty, and the penalty is l2 x (sum of squared kernel weights).",
           "Work out the penalty from the prompt's numbers first; the MSE is what is left of val_loss without it."],
    solution="0.2150 - 0.001 x 40 = 0.175. Keras's val_loss is the objective on the validation data, penalty "
    "included; to see the plain validation MSE, also pass metrics=[\"mse\"] to compile and read val_mse.",
    solution_code="0.215 - 0.001 * 40",
)
