"""Exercises of ``notebooks/week1/01-what-is-a-loss.ipynb``: scoring one prediction, and the order of the loop.

>>> from lossbook.exercises import what_is_a_loss
>>> what_is_a_loss.squared_error_temperature.evaluate(9).status
'correct'
"""

import numpy as np

from ._engine import Guess, Misconception, ValueExercise

_ANSWER, _PREDICTION = 20.0, 17.0

squared_error_temperature = ValueExercise(
    "Tomorrow turns out 20 °C; the model predicted 17 °C. What is the squared error of this prediction?",
    answer=(_PREDICTION - _ANSWER) ** 2,
    rtol=1e-9,
    misconceptions=[
        Misconception("not_squared", abs(_PREDICTION - _ANSWER),
                      "That is the size of the miss (the absolute error). The squared error multiplies the miss by "
                      "itself."),
        Misconception("signed_miss", _PREDICTION - _ANSWER,
                      "That is the miss itself, with its sign. A score is never negative: square the miss, and the "
                      "minus sign goes away."),
        Misconception("doubled", 2 * abs(_PREDICTION - _ANSWER),
                      "That is the miss times 2. Squaring means the miss times itself: 3 x 3."),
    ],
    hints=["The miss is prediction minus answer: 17 - 20.", "Multiply the miss by itself; (-3) x (-3) is positive."],
    solution="The miss is -3 °C; squared, (-3)² = 9 (in °C², 'square degrees').",
    solution_code="(17 - 20) ** 2",
    on_correct="A 3-degree miss scores 9. Miss by 6 and it scores 36: four times as much for twice the miss.",
)

# The steps as the notebook lists them, shuffled: 0 weight update, 1 forward propagation, 2 backward propagation,
# 3 loss. The right order is forward, loss, backward, update.
STEPS = ("weight update", "forward propagation", "backward propagation", "loss")

loop_order = ValueExercise(
    "The steps of one round of learning are listed shuffled: 0 weight update, 1 forward propagation, "
    "2 backward propagation, 3 loss. Give their numbers in the order they happen, as a list of four numbers.",
    answer=np.array([1, 3, 2, 0], dtype=float),
    rtol=0,
    atol=1e-9,
    misconceptions=[
        Misconception("backward_before_loss", np.array([1, 2, 3, 0], dtype=float),
                      "Backward propagation cannot come before the loss: it works out how much each weight added "
                      "to the loss, so the loss has to be measured first."),
        Misconception("update_before_backward", np.array([1, 3, 0, 2], dtype=float),
                      "The update needs to know which way to move each weight, and that is what backward "
                      "propagation works out. Backward first, then update."),
        Misconception("loss_first", np.array([3, 1, 2, 0], dtype=float),
                      "The loss compares a prediction with the answer, so a prediction must exist first: forward "
                      "propagation makes it."),
    ],
    bad=[np.array([0, 1, 2, 3], dtype=float)],
    hints=["Start with the step that makes a prediction.",
           "A loss needs a prediction; backward propagation needs a loss; an update needs to know which way to move."],
    solution="forward propagation (1) -> loss (3) -> backward propagation (2) -> weight update (0): [1, 3, 2, 0].",
    solution_code="[1, 3, 2, 0]",
    on_correct="Each step needs what the step before it produced. Then the loop starts again.",
)

small_miss_guess = Guess(
    "the squared error when the answer is 20 °C and the prediction is 20.5 °C (a miss of half a degree)",
    truth=0.25,
    why="half times half is a quarter: squaring makes misses smaller than 1 even smaller, and misses bigger than 1 "
    "bigger. So the squared error barely cares about tiny misses and cares a lot about big ones.",
    misconceptions=[
        Misconception("not_squared", 0.5, "0.5 is the size of the miss (the absolute error), not its square."),
        Misconception("doubled", 1.0, "0.5 x 2 = 1 doubles the miss; squaring multiplies it by itself: 0.5 x 0.5."),
    ],
    lo=0,
    hi=2,
    step=0.05,
)
