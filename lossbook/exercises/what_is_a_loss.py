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
                      "That is the miss times 2. Squaring means the miss times itself, not times 2."),
    ],
    hints=["The miss is prediction minus answer: 17 - 20.", "Multiply the miss by itself (** 2 in Python). What happens to the minus sign when you multiply a "
           "negative number by a negative number?"],
    solution="The miss is -3 °C; squared, (-3)² = 9 (in °C², 'square degrees').",
    solution_code="(17 - 20) ** 2",
    on_correct="A 3-degree miss scores 9. Miss by 6 and it scores 36: four times as much for twice the miss.",
)

# The loop in a new setting: learning to throw darts. The four moves, shuffled: 0 shift your aim a little,
# 1 measure how far from the bullseye the dart landed, 2 throw the dart, 3 work out which way your aim should move.
# They are the four steps of the loop (forward, loss, backward, update) in the order 2, 1, 3, 0.
STEPS = ("weight update", "loss", "forward propagation", "backward propagation")
MOVES = ("shift your aim a little", "measure how far from the bullseye the dart landed", "throw the dart",
         "work out which way your aim should move")

loop_order = ValueExercise(
    "Learning to throw darts is the same loop. The four moves, shuffled: 0 shift your aim a little, 1 measure how far "
    "from the bullseye the dart landed, 2 throw the dart, 3 work out which way your aim should move. Give their "
    "numbers in the order one round of learning does them, starting from step 1 of the loop, as a list of four "
    "numbers.",
    answer=np.array([2, 1, 3, 0], dtype=float),
    rtol=0,
    atol=1e-9,
    misconceptions=[
        Misconception("backward_before_loss", np.array([2, 3, 1, 0], dtype=float),
                      "You cannot tell which way to move your aim before you know where the dart landed: measure "
                      "the miss (the loss) first, then work out the direction (backward propagation)."),
        Misconception("update_before_backward", np.array([2, 1, 0, 3], dtype=float),
                      "Shifting your aim needs a direction, and working out that direction is backward propagation. "
                      "Direction first, then the shift (the weight update)."),
        Misconception("loss_first", np.array([1, 2, 3, 0], dtype=float),
                      "There is nothing to measure until a dart has landed: throwing it is the forward propagation, "
                      "the prediction, and it comes first."),
        Misconception("rotation_from_loss", np.array([1, 3, 0, 2], dtype=float),
                      "Your moves go round in the right cycle, but you start by measuring the miss, and there is "
                      "nothing to measure until a dart has landed. A round starts at step 1 of the loop, the "
                      "prediction (forward propagation): which move is that?"),
        Misconception("rotation_from_backward", np.array([3, 0, 2, 1], dtype=float),
                      "Your moves go round in the right cycle, but you start at working out the direction. A round "
                      "starts at step 1 of the loop, the prediction (forward propagation): which move is that?"),
        Misconception("rotation_from_update", np.array([0, 2, 1, 3], dtype=float),
                      "Your moves go round in the right cycle, but you start by shifting your aim. A round starts at "
                      "step 1 of the loop, the prediction (forward propagation): which move is that?"),
    ],
    bad=[np.array([0, 1, 2, 3], dtype=float), np.array([1, 3, 2, 0], dtype=float)],
    hints=["Which move is the prediction (forward propagation)? Which is the loss?",
           "Forward propagation -> loss -> backward propagation -> weight update. Match each move to one step."],
    solution="throw the dart (2, forward propagation) -> measure the miss (1, loss) -> work out which way to move your "
    "aim (3, backward propagation) -> shift your aim (0, weight update): [2, 1, 3, 0].",
    solution_code="[2, 1, 3, 0]",
    on_correct="Each move needs what the one before it produced. Then the next dart: the loop starts again.",
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
