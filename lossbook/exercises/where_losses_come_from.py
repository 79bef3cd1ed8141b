"""Exercises of ``notebooks/week3/03-where-losses-come-from.ipynb``: the best prediction under Laplace noise, a
Gaussian and a Laplace negative log-likelihood by hand, and the noise width that maximum likelihood picks.

>>> from lossbook.exercises import where_losses_come_from
>>> where_losses_come_from.best_sigma.evaluate(0.52).status
'correct'
"""

import numpy as np

from ._engine import Guess, Misconception, ValueExercise

_LATE = np.array([3.0, 4.0, 5.0, 6.0, 17.0])  # minutes a bus was late on five days

median_guess = Guess(
    "the single prediction with the lowest Laplace negative log-likelihood for a bus that was 3, 4, 5, 6 and 17 "
    "minutes late",
    truth=float(np.median(_LATE)),
    why="the Laplace NLL is MAE / b plus a constant, and the MAE is lowest at the median, the middle value once the "
    "days are sorted: 5 minutes. Moving the "
    "prediction towards 17 brings it closer to one day and further from four, so the 17 pulls no harder than any "
    "other day above the middle. The mean, 7, is where MSE (the Gaussian NLL) is lowest: squaring lets the 17 pull "
    "hard.",
    misconceptions=[
        Misconception("mean", float(np.mean(_LATE)),
                      "7 is the mean, the minimiser of MSE, which is what Gaussian noise gives. Laplace noise gives "
                      "MAE, whose minimiser is the median."),
        Misconception("midrange", 10.0, "10 is halfway between the smallest and the largest; the MAE counts every "
                      "day, not only the two extremes."),
    ],
    lo=0,
    hi=20,
    step=0.5,
)

_Y, _PRED, _SIGMA = 5.0, 4.0, 0.5
_SQUARE = (_PRED - _Y) ** 2 / (2 * _SIGMA**2)  # 2.0
_CONST = 0.5 * np.log(2 * np.pi * _SIGMA**2)  # 0.2258

gaussian_by_hand = ValueExercise(
    "The truth is 5, the prediction 4, and the noise is Gaussian with sigma = 0.5. What is the negative "
    "log-likelihood of this one value, in nats (natural log)?",
    answer=_SQUARE + _CONST,
    rtol=1e-3,
    misconceptions=[
        Misconception("no_constant", _SQUARE,
                      "That is only the squared part, r^2 / (2 sigma^2). A true negative log-likelihood also has "
                      "the constant 0.5 ln(2 pi sigma^2)."),
        Misconception("sigma_not_squared", (_PRED - _Y) ** 2 / (2 * _SIGMA) + _CONST,
                      "Divide by 2 sigma^2 = 2 x 0.25 = 0.5, not by 2 sigma: sigma is a standard deviation, and the "
                      "formula uses the variance."),
        Misconception("no_half", (_PRED - _Y) ** 2 / _SIGMA**2 + _CONST,
                      "The square is halved: r^2 / (2 sigma^2)."),
        Misconception("log10", _SQUARE + 0.5 * np.log10(2 * np.pi * _SIGMA**2)),
    ],
    hints=["NLL = r^2 / (2 sigma^2) + 0.5 ln(2 pi sigma^2), with r = prediction - truth = -1.",
           "Work out the two parts separately, then add them. Both need sigma^2, so square sigma = 0.5 first; the "
           "second uses the natural logarithm (np.log in NumPy, ln on a calculator), not log10."],
    solution="1 / (2 x 0.25) + 0.5 ln(2 pi x 0.25) = 2 + 0.2258 = 2.2258.",
    solution_code="lb.gaussian_nll(5.0, 4.0, sigma=0.5)",
)

_B = 2.0
laplace_by_hand = ValueExercise(
    "The truth is 3, the prediction 1, and the noise is Laplace with scale b = 2. What is the negative "
    "log-likelihood of this one value, in nats?",
    answer=abs(1.0 - 3.0) / _B + np.log(2 * _B),
    rtol=1e-3,
    misconceptions=[
        Misconception("no_constant", abs(1.0 - 3.0) / _B,
                      "That is only |r| / b. A true negative log-likelihood also has the constant ln(2b)."),
        Misconception("ln_b", abs(1.0 - 3.0) / _B + np.log(_B),
                      "The Laplace density is exp(-|r|/b) / (2b), so the constant is ln(2b) = ln 4, not ln b."),
        Misconception("squared", (1.0 - 3.0) ** 2 / _B + np.log(2 * _B),
                      "Laplace noise gives the absolute residual |r|, not its square: that is what makes it MAE."),
        Misconception("log10", abs(1.0 - 3.0) / _B + np.log10(2 * _B)),
    ],
    hints=["NLL = |r| / b + ln(2b).",
           "|r| is the distance between the truth and the prediction, whichever is larger; 2b is twice the scale. Use "
           "the natural logarithm (np.log in NumPy), not log10."],
    solution="2 / 2 + ln 4 = 1 + 1.3863 = 2.3863.",
    solution_code="lb.laplace_nll(3.0, 1.0, scale=2.0)",
)

_RESIDUALS = np.array([0.4, -0.8, 0.2, 0.6, -0.4])
_MSE = float(np.mean(_RESIDUALS**2))  # 0.272

best_sigma = ValueExercise(
    "A regression model's residuals on five examples are 0.4, -0.8, 0.2, 0.6 and -0.4. If the model also learns one "
    "width sigma for its Gaussian noise, which sigma gives the lowest negative log-likelihood?",
    answer=float(np.sqrt(_MSE)),
    rtol=1e-3,
    misconceptions=[
        Misconception("variance", _MSE, "0.272 is the mean squared residual: the best sigma^2, the variance. Sigma is "
                      "its square root."),
        Misconception("mean_absolute", float(np.mean(np.abs(_RESIDUALS))),
                      "That is the mean absolute residual, the best scale b of Laplace noise. For Gaussian noise the "
                      "best sigma^2 is the mean squared residual."),
        Misconception("n_minus_one", float(np.sqrt(np.sum(_RESIDUALS**2) / (_RESIDUALS.size - 1))),
                      "Dividing by n - 1 = 4 is the usual correction for the estimate's low bias, but the question "
                      "asks for the lowest NLL: maximum likelihood divides by n = 5."),
    ],
    hints=["Section 6 found the width with the lowest NLL for the thermometer's residuals: which quantity of the "
           "residuals does the best sigma^2 equal?",
           "Square each residual and average the five squares. The question asks for sigma, not sigma^2."],
    solution="MSE = (0.16 + 0.64 + 0.04 + 0.36 + 0.16) / 5 = 1.36 / 5 = 0.272, so sigma = sqrt(0.272) = 0.52.",
    solution_code="np.sqrt(np.mean(np.array([0.4, -0.8, 0.2, 0.6, -0.4]) ** 2))",
)
