"""Exercises of ``notebooks/week1/02-mean-squared-error.ipynb``: MSE by hand, where big misses hide, and RMSE.

>>> from lossbook.exercises import mean_squared_error
>>> mean_squared_error.mse_by_hand.evaluate(650).misconception
'sum_vs_mean'
"""

import numpy as np

from ._engine import Guess, Misconception, ValueExercise

# Four houses, misses (prediction - actual) in thousands of dollars; one of them is priced exactly.
MISSES = np.array([5.0, 0.0, -15.0, 20.0])

mse_by_hand = ValueExercise(
    "A model prices four houses and misses by +5, 0, -15 and +20 thousand dollars (the second house is priced "
    "exactly). What is its MSE, in ($k)²?",
    answer=np.mean(MISSES**2),
    decimals=1,
    misconceptions=[
        Misconception("sum_vs_mean", np.sum(MISSES**2)),
        Misconception("skipped_zero", np.sum(MISSES**2) / 3,
                      "That divides by 3, leaving out the house priced exactly. A perfect prediction is still a "
                      "prediction: its squared miss, 0, counts in the average, so divide by all 4 houses."),
        Misconception("forgot_square", np.mean(MISSES),
                      "That is the average miss without squaring: the -15 cancels part of the others. Square each "
                      "miss first, then average."),
        Misconception("mae", np.mean(np.abs(MISSES)),
                      "That is the mean absolute error (the average size of a miss). MSE squares each miss before "
                      "averaging."),
        Misconception("square_of_mean", np.mean(MISSES) ** 2,
                      "That is the square of the average miss. MSE is the other way round: square each miss, then "
                      "take the average."),
    ],
    hints=["Square each miss first; the signs disappear, and the exact house contributes 0.",
           "Then average: add the four squares and divide by the number of houses, including the exact one."],
    solution="(5² + 0² + 15² + 20²) / 4 = (25 + 0 + 225 + 400) / 4 = 650 / 4 = 162.5 ($k)².",
    solution_code="np.mean(np.array([5, 0, -15, 20]) ** 2)   # or lb.mse([0, 0, 0, 0], [5, 0, -15, 20])",
    on_correct="The $20k miss alone supplies 400 of the 650: the biggest miss dominates, and the exact house still "
    "counts in the average.",
)

concentrated_miss_guess = Guess(
    "how many times bigger model B's MSE is. Five houses: model A misses each by $8k; model B prices four "
    "exactly and misses the fifth by $40k (both miss by $40k in total)",
    truth=(40.0**2 / 5) / (8.0**2),
    why="A's squared misses are 64 each, an MSE of 64; B's are 0, 0, 0, 0 and 1,600, an MSE of 320. The same total "
    "miss costs five times more when it sits on one house of five: MSE prefers many small misses to one big one.",
    misconceptions=[
        Misconception("same_total", 1.0,
                      "Equal is what the mean absolute error says (both are 8 $k). Squaring charges the one big "
                      "miss 1,600 against 5 x 64 = 320."),
        Misconception("one_against_one", 25.0,
                      "40² / 8² = 25 compares one miss with one miss; but A has five misses of 8 (320 in all) "
                      "against B's single 1,600."),
    ],
    lo=0,
    hi=30,
    step=0.5,
)

rmse_from_mse = ValueExercise(
    "A house-price model's MSE over a set of houses is 90,000,000 square dollars. What is its RMSE (root mean "
    "squared error), in dollars, to the nearest dollar?",
    answer=np.sqrt(90_000_000.0),
    decimals=0,
    misconceptions=[
        Misconception("in_thousands", np.sqrt(90_000_000.0) / 1000,
                      "That is the RMSE in thousands of dollars ($k). The question asks in dollars: multiply by "
                      "1,000, or take the square root of 90,000,000 directly."),
        Misconception("halved", 90_000_000.0 / 2,
                      "That halves the MSE. The 'root' in RMSE is the square root, which undoes the squaring: "
                      "take the square root of the MSE."),
        Misconception("no_root", 90_000_000.0,
                      "That is the MSE itself, in square dollars. Take its square root to get back to dollars."),
    ],
    hints=["RMSE = square root of the MSE.",
           "In Python, np.sqrt takes a square root. To check your result: which whole number of dollars, squared, "
           "gives 100,000,000? The RMSE is a little below it."],
    solution="sqrt(90,000,000) = 9,487 dollars: a typical size of miss, weighted towards the big ones (the RMSE is "
    "never below the average size of a miss, and big misses pull it up), in units you can compare with a price.",
    solution_code="np.sqrt(90_000_000)",
    on_correct="Back in dollars, which you can compare with a house price. That is why people report RMSE.",
)
