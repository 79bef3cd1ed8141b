"""Exercises of ``notebooks/week1/06-the-training-loop.ipynb``: the slope of the bad cat prediction, one update.

>>> from lossbook.exercises import the_training_loop
>>> the_training_loop.bad_dog_slope.evaluate(0.7).status
'correct'
"""

import numpy as np

from ._engine import Guess, Misconception, ValueExercise

bad_dog_slope = ValueExercise(
    "A dog photo (y = 0) gets p = 0.7: the model is 70% sure it is a cat. With cross-entropy, what is the slope of "
    "the loss with respect to the logit, dL/dz, that the backward pass starts from?",
    answer=0.7 - 0.0,
    rtol=1e-6,
    quantity="slope",
    misconceptions=[
        Misconception("loss_not_slope", -np.log(1 - 0.7),
                      "That is the loss (-ln 0.3 = 1.20), not its slope. The backward pass starts from the slope, "
                      "which for cross-entropy at the logit is p - y."),
        Misconception("slope_wrt_p", 1 / (1 - 0.7),
                      "That is the slope with respect to the probability p (1/(1 - p) for a dog). At the logit the "
                      "sigmoid's slope multiplies it, leaving p - y."),
        Misconception("cat_formula", 0.7 - 1.0,
                      "That is p - 1, the slope for a cat. The photo is a dog, so y = 0 and the slope is p - 0."),
    ],
    hints=["For cross-entropy with a sigmoid output, the slope at the logit is the prediction minus the label.",
           "p - y with y = 0 for a dog."],
    solution="p - y = 0.7 - 0 = 0.7: positive, so the update lowers the logit (towards 'dog').",
    solution_code="0.7 - 0",
    on_correct="Plus: lowering the logit lowers the loss, so gradient descent pushes it down, towards 'dog'.",
)

slope_ratio_guess = Guess(
    "how many times bigger the push on the logit is for a dog the model calls 70% cat (p = 0.7) than for a dog it "
    "calls 5% cat (p = 0.05)",
    truth=(0.7 - 0.0) / (0.05 - 0.0),
    why="the push is the slope p - y, and for a dog y = 0, so the push is p itself: 0.7 against 0.05, fourteen times "
    "as much. The confident mistake gets fixed far more aggressively than the nearly-right prediction.",
    misconceptions=[
        Misconception("loss_ratio", np.log(1 - 0.7) / np.log(1 - 0.05),
                      "That is the ratio of the losses (1.20 / 0.051). The push is the slope, p - y, not the loss."),
        Misconception("cats_ratio", 8.0, "8 was the ratio for the two cats in the lesson. Work out p - y for these "
                      "two dogs."),
    ],
    lo=0,
    hi=40,
    step=0.5,
)

# One update by hand: one feature x = 2, weight 0.5, bias 0, a cat (y = 1), learning rate 0.1.
_X, _W, _LR = 2.0, 0.5, 0.1
_P = 1 / (1 + np.exp(-(_W * _X)))
_DZ = _P - 1.0

one_update = ValueExercise(
    "One photo with one feature x = 2, a cat (y = 1). The model has weight w = 0.5 and bias b = 0, and the learning "
    "rate is 0.1. After one step of gradient descent on the cross-entropy, what is the new weight w?",
    answer=_W - _LR * _DZ * _X,
    rtol=1e-4,
    quantity="value",  # a weight, not a loss
    misconceptions=[
        Misconception("plus_not_minus", _W + _LR * _DZ * _X,
                      "The weight moved the wrong way: gradient descent *subtracts* learning rate x slope "
                      "(w - lr * dL/dw), so it goes downhill."),
        Misconception("forgot_x", _W - _LR * _DZ,
                      "That uses the slope at the logit, dL/dz, as if it were the slope for the weight. Since "
                      "z = w * x + b, the chain rule multiplies by x: dL/dw = (p - y) * x."),
        Misconception("forgot_lr", _W - _DZ * _X, "The learning rate (0.1) scales the step: w - 0.1 * dL/dw."),
    ],
    hints=["Forward: z = 0.5 * 2 + 0 = 1, and p = sigmoid(1).",
           "Backward: dL/dz = p - 1, and dL/dw = (p - 1) * x. Update: w - 0.1 * dL/dw."],
    solution="z = 1, p = sigmoid(1) = 0.7311, dL/dz = -0.2689, dL/dw = -0.5379, new w = 0.5 + 0.0538 = 0.5538.",
    solution_code="p = lb.sigmoid(0.5 * 2)\nw = 0.5 - 0.1 * (p - 1) * 2",
    on_correct="The weight grew, so the next forward pass gives this cat a higher probability.",
)
