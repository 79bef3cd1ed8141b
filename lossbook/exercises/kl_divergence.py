"""Exercises of ``notebooks/week2/07-kl-divergence.ipynb``: KL by hand, a guess about cross-entropy, and a KL
function that survives zeros.

>>> from lossbook.exercises import kl_divergence
>>> print(kl_divergence.kl_by_hand.evaluate(0.0872).headline)
0.0872 is right.
"""

import numpy as np

from ._engine import Case, FunctionExercise, Guess, Misconception, ValueExercise

_P = np.array([0.5, 0.5])
_Q = np.array([0.7, 0.3])
_LOADED = np.array([0.9, 0.1])


def _kl(p, q):
    """KL(p || q) with 0 log 0 = 0 (natural log), inf where q = 0 < p."""
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    mask = p > 0
    with np.errstate(divide="ignore"):
        return float(np.sum(p[mask] * (np.log(p[mask]) - np.log(q[mask]))))


kl_by_hand = ValueExercise(
    "A fair coin P = [0.5, 0.5] is modelled by Q = [0.7, 0.3]. What is KL(P || Q) = sum p * ln(p / q), in nats?",
    answer=_kl(_P, _Q),
    decimals=3,
    misconceptions=[
        Misconception("swapped_args", _kl(_Q, _P),
                      "That is KL(Q || P), the other direction. KL is not symmetric: in KL(P || Q) the weights are "
                      "P's probabilities, sum p * ln(p / q)."),
        Misconception("log10", _kl(_P, _Q) / np.log(10)),
        Misconception("cross_entropy", -np.sum(_P * np.log(_Q)),
                      "That is the cross-entropy H(P, Q) = -sum p ln q. KL subtracts the entropy of P from it: "
                      "KL = H(P, Q) - H(P)."),
        Misconception("lesson_model", _kl(_P, np.array([0.9, 0.1])),
                      "0.5108 is KL for the lesson's model Q = [0.9, 0.1]. This model is [0.7, 0.3]."),
    ],
    bad=[0.4, 0.0],
    hints=["One term per outcome, P(x) * ln(P(x) / Q(x)), with P's probabilities as the weights; then add them.",
           "The term for heads is negative (there Q is above P); that is allowed. Only the sum must be positive."],
    solution="0.5 ln(0.5/0.7) + 0.5 ln(0.5/0.3) = -0.1682 + 0.2554 = 0.0872 nats: a milder model than [0.9, 0.1], "
             "a much smaller KL.",
    solution_code="0.5 * np.log(0.5 / 0.7) + 0.5 * np.log(0.5 / 0.3)",
    on_correct="Swap the two and you get 0.0823 instead: KL depends on which distribution is the truth.",
)

cross_entropy_guess = Guess(
    "the cross-entropy H(P, P) of a loaded coin P = [0.9, 0.1] with itself, in nats",
    truth=-np.sum(_LOADED * np.log(_LOADED)),
    why="cross-entropy = entropy + KL. KL(P || P) is 0, but the entropy of this coin is -0.9 ln 0.9 - 0.1 ln 0.1 = "
    "0.325: even a perfect model pays for the coin's own randomness. Less than the fair coin's ln 2 = 0.693, because "
    "a loaded coin is easier to predict. That is why a classifier's loss need not reach 0 when the labels "
    "themselves are uncertain.",
    misconceptions=[
        Misconception("zero", 0.0, "0 is KL(P || P). Cross-entropy adds the entropy of P, which is not 0 for a coin "
                      "that is still random."),
        Misconception("fair_coin", np.log(2.0), "ln 2 = 0.693 is the entropy of a FAIR coin, the most uncertain "
                      "one. A 90/10 coin is more predictable, so its entropy is lower."),
        Misconception("log2_bits", -np.sum(_LOADED * np.log2(_LOADED)), "0.469 is the answer in bits (log base 2). "
                      "The course uses natural logs: 0.325 nats."),
    ],
    lo=0, hi=2, step=0.01,
)

kl_function = FunctionExercise(
    "Write kl(p, q): sum over outcomes of p * ln(p / q), for two NumPy arrays that each sum to 1. Outcomes with "
    "p = 0 contribute 0 (the limit of p ln p), even where q = 0 too.",
    reference=_kl,
    cases=[
        (np.array([0.5, 0.5]), np.array([0.9, 0.1])),
        (np.array([0.2, 0.3, 0.5]), np.array([0.1, 0.6, 0.3])),
        (np.array([0.25, 0.25, 0.25, 0.25]), np.array([0.25, 0.25, 0.25, 0.25])),
        Case(np.array([0.0, 0.5, 0.5]), np.array([0.2, 0.4, 0.4]), label="p has a zero"),
        Case(np.array([0.0, 1.0]), np.array([0.0, 1.0]), label="p and q both zero somewhere"),
    ],
    fn_name="kl",
    misconceptions=[
        Misconception("zero_times_log_zero",
                      lambda p, q: float(np.sum(p * np.log(p / q))),
                      "Your function gives nan where p = 0: 0 * log(0) is nan in NumPy. Skip those outcomes (their "
                      "contribution is 0) before you take the logarithm."),
        Misconception("log10", lambda p, q: _kl(p, q) / np.log(10)),
    ],
    hints=["Which outcomes add nothing to the sum? Leave them out before you take any logarithm, so that NumPy "
           "never has to compute 0 * log 0.",
           "A comparison such as p > 0 gives an array of True/False that can select entries of an array. Each term "
           "p * ln(p / q) needs the p AND the q of the same outcome: which arrays must you filter with it?"],
    solution_code="def kl(p, q):\n    mask = p > 0\n    return np.sum(p[mask] * np.log(p[mask] / q[mask]))",
)
