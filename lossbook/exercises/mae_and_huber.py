"""Exercises of ``notebooks/week2/01-mae-and-huber.ipynb``: how far each line follows an outlier, Huber's gradient.

>>> from lossbook.exercises import mae_and_huber
>>> mae_and_huber.mae_line_shift.evaluate(-10).status
'correct'
"""

import numpy as np

from ..datasets import OUTLIER_SIZE, house_prices
from ..fitting import fit_line
from ._engine import Guess, Misconception, ValueExercise


def _price_at_outlier(outlier, loss, delta=50.0):
    """The price a line fitted by ``loss`` predicts for the outlier's flat (70 m²), with the outlier at ``outlier``."""
    x, y = house_prices(10, seed=0, outlier=outlier)
    slope, intercept = fit_line(x, y, loss=loss, delta=delta)
    return slope * OUTLIER_SIZE + intercept


def _shift(loss, to=800.0):
    return _price_at_outlier(to, loss) - _price_at_outlier(600.0, loss)


mse_line_shift_guess = Guess(
    "how many $k the MSE line's price for the 70 m² flat goes up when the outlier's price goes from 600 to 800 $k",
    truth=_shift("mse"),
    why="least squares gives every point a pull proportional to its residual, so a 200 $k move of one point drags the "
    "line at that point by a fixed share of it (here about a fifth: the other ten houses hold the rest). Move the "
    "outlier by 2000 $k instead and the line moves ten times as far: there is no limit.",
    misconceptions=[
        Misconception("follows_fully", 200.0,
                      "The line does not follow the outlier all the way: the other ten houses pull back."),
        Misconception("does_not_move", 0.0, "That is what MAE does. Least squares always moves."),
    ],
    lo=0,
    hi=200,
    step=1,
)

mae_line_shift = ValueExercise(
    "The other way: the outlier's price goes DOWN from 600 to 150 $k. First predict: does the MAE "
    "line's price for the 70 m² flat change, and which way? Then find the change in $k, to the nearest $k (negative "
    "if it goes down), with lb.fitting.fit_line as in section 3's cell.",
    answer=_shift("mae", to=150.0),
    rtol=0,
    atol=0.5,
    misconceptions=[
        Misconception("never_moves", 0.0,
                      "Upwards the MAE line did not move: the outlier stayed above it, so its pull stayed -1. Going "
                      "down to 150 $k it crosses the line, its pull flips from -1 to +1, and the line moves."),
        Misconception("like_mse", _shift("mse", to=150.0),
                      "That is how far the MSE line moves: it follows the outlier by a share of its 450 $k drop. The "
                      "MAE line only feels that the outlier changed sides."),
        Misconception("sign", -_shift("mae", to=150.0),
                      "Right size, wrong direction: the outlier went down, so the line's price at the flat goes down "
                      "too. Give the change as new minus old."),
        Misconception("follows_fully", -450.0,
                      "The MAE line does not follow the outlier: its pull is capped at 1, like every other point's."),
    ],
    bad=[37.7],
    hints=["MAE's gradient for one point is sign(r): it changes only when the point changes side of the line. Is the "
           "outlier above the MAE line at 600 $k? Is it at 150 $k?",
           "In section 3's cell, replace the outliers [600.0, 800.0] with [600.0, 150.0] and keep only loss='mae'."],
    solution="-10: at 600 $k the outlier is above the MAE line (its pull is -1); at 150 $k it is below it (pull +1). "
    "With one pull flipped, the best line is a different one, and its price at the flat drops from 224.9 to 215.0 "
    "$k. How far the outlier went below does not matter: 100 $k gives the same line.",
    solution_code="for outlier in [600.0, 150.0]:\n    s, c = lb.fitting.fit_line(*house_prices(10, seed=0, "
    "outlier=outlier), loss='mae')\n    print(outlier, round(s * 70 + c, 1))",
    on_correct="MAE listens to which side a point is on, not how far away it is: moving the outlier further down, "
    "to 100 $k, changes nothing more.",
)

huber_gradient = ValueExercise(
    "Huber loss with delta = 2. A prediction is 5 below the actual value: r = -5 (prediction minus actual). What is "
    "the gradient of the loss with respect to the prediction?",
    answer=-2.0,
    rtol=1e-9,
    misconceptions=[
        Misconception("no_clip", -5.0,
                      "That is the gradient inside the threshold, r. Here |r| = 5 is beyond delta = 2, where the Huber "
                      "loss grows in a straight line, so its gradient is capped at delta in size."),
        Misconception("mse_gradient", -10.0, "That is MSE's gradient, 2r. Huber's is r, clipped to [-delta, delta]."),
        Misconception("mae_gradient", -1.0,
                      "That is MAE's gradient, sign(r). Huber's cap is delta, and delta is 2 here, not 1."),
        Misconception("loss_not_gradient", 8.0,
                      "That is the Huber loss itself: delta * (|r| - delta/2) = 2 * (5 - 1) = 8. The question asks "
                      "for its slope."),
    ],
    hints=["Is |r| = 5 inside or outside delta = 2? That decides which piece of the Huber loss you are on.",
           "Outside delta the Huber loss is a straight line whose slope has the size of delta; r's sign gives the "
           "slope's sign."],
    solution="|r| = 5 > delta = 2, so the loss is on its straight part, delta * (|r| - delta/2), whose slope is "
    "delta * sign(r) = 2 * (-1) = -2.",
    solution_code="lb.huber_grad(0.0, -5.0, delta=2.0)",
    on_correct="Like MAE far away (a fixed pull, here of size delta), like MSE close by (a pull that fades to 0 at "
    "the target).",
)
