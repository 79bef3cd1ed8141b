"""Exercises of ``notebooks/week1/06-the-training-loop.ipynb``: a weight's slope over two photos, one update.

>>> from lossbook.exercises import the_training_loop
>>> the_training_loop.weight_slope.evaluate(0.34).status
'correct'
"""

import numpy as np

from ._engine import Guess, Misconception, ValueExercise

# Two dog photos (y = 0) with one feature each; the loss is the mean over the two, so dz = (p - y) / 2, and
# dL/dw = X.T @ dz = x_A dz_A + x_B dz_B. Photo B is less wrong but has the larger feature, so it moves w more.
_XS, _PS = np.array([0.4, 2.0]), np.array([0.7, 0.2])
_DZS = (_PS - 0.0) / 2

weight_slope = ValueExercise(
    "Two dog photos (y = 0), one feature each, and the loss is the mean cross-entropy over the two. Photo A has "
    "x = 0.4 and the model calls it 70% cat (p = 0.7); photo B has x = 2 and p = 0.2. What is the slope of the loss "
    "for the weight, dL/dw?",
    answer=float(_XS @ _DZS),
    quantity="slope",
    misconceptions=[
        Misconception("sum_not_mean", float(_XS @ (_PS - 0.0)),
                      "That is the slope of the *summed* loss. The loss is the mean over the 2 photos, so each "
                      "photo's slope at the logit is (p - y) / 2."),
        Misconception("forgot_x", float(_DZS.sum()),
                      "That adds the slopes at the logits, as for the bias. For the weight, each photo's slope is "
                      "multiplied by its feature value x (z = w·x + b): X.T @ dz."),
        Misconception("only_photo_a", float(_XS[0] * _DZS[0]),
                      "That is photo A's share only. dL/dw adds the shares of both photos."),
    ],
    bad=[0.7, 0.2],
    hints=["Per photo, the slope at the logit is (p - y) / 2 (the mean over 2 photos); for a dog, y = 0.",
           "dL/dw = X.T @ dz: multiply each photo's slope at the logit by that photo's own x, then add the two "
           "products."],
    solution="dz = [0.7, 0.2] / 2 = [0.35, 0.1]; dL/dw = 0.4 x 0.35 + 2 x 0.1 = 0.14 + 0.2 = 0.34.",
    solution_code="X = np.array([[0.4], [2.0]]); dz = (np.array([0.7, 0.2]) - 0) / 2\nX.T @ dz",
    on_correct="Photo B is the smaller mistake, yet it moves the weight more (0.2 against 0.14): its feature is five "
               "times larger. A photo's pull on a weight is its p - y times its feature value.",
)

slope_ratio_guess = Guess(
    "how many times bigger the slope of the loss at the logit, dL/dz, is for a dog the model calls 70% cat "
    "(p = 0.7) than for a dog it calls 5% cat (p = 0.05)",
    truth=(0.7 - 0.0) / (0.05 - 0.0),
    why="the slope at the logit is p - y, and for a dog y = 0, so it is p itself: 0.7 against 0.05, fourteen times "
    "as much. The confident mistake gets fixed far more aggressively than the nearly-right prediction.",
    misconceptions=[
        Misconception("loss_ratio", np.log(1 - 0.7) / np.log(1 - 0.05),
                      "That is the ratio of the losses (1.20 / 0.051). The slope at the logit is p - y, not the loss."),
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
