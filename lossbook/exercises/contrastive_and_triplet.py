"""Exercises of ``notebooks/week2/06-contrastive-and-triplet.ipynb``: contrastive loss by hand, a guess about the
triplet margin, and a triplet-loss function.

>>> from lossbook.exercises import contrastive_and_triplet
>>> print(contrastive_and_triplet.contrastive_by_hand.evaluate(0.72).headline)
0.72 is right.
"""

import numpy as np

from ._engine import Case, FunctionExercise, Guess, Misconception, ValueExercise

_D, _M = 0.3, 1.5

contrastive_by_hand = ValueExercise(
    "Two photos of DIFFERENT people have embeddings at distance D = 0.3; the margin is m = 1.5. What is the "
    "contrastive loss 0.5 * max(0, m - D)**2?",
    answer=0.5 * max(0.0, _M - _D) ** 2,
    misconceptions=[
        Misconception("forgot_half", max(0.0, _M - _D) ** 2,
                      "You left out the 1/2 in front. Hadsell et al. write the loss with 1/2 so that its slope is "
                      "simply (m - D)."),
        Misconception("same_formula", 0.5 * _D**2,
                      "That is the formula for a SIMILAR pair (0.5 * D**2, which pulls the photos together). For "
                      "different people the loss is 0.5 * max(0, m - D)**2: it only charges pairs closer than m."),
        Misconception("not_squared", 0.5 * (_M - _D),
                      "Square the gap: 0.5 * (m - D)**2, not 0.5 * (m - D)."),
    ],
    bad=[1.2, 0.0],
    hints=["Different people: only the second term counts, 0.5 * max(0, m - D)**2.",
           "First compare D with m: is the pair inside the margin? If it is, max(0, m - D) is simply the gap "
           "m - D. Work out that gap, then put it into the formula."],
    solution="The gap to the margin is 1.5 - 0.3 = 1.2, so the loss is 0.5 x 1.2**2 = 0.72.",
    solution_code="0.5 * max(0, 1.5 - 0.3) ** 2",
    on_correct="Nine times the loss of the lesson's pair at D = 0.6, m = 1 (0.08) for a gap three times as big "
               "(1.2 against 0.4): the penalty is squared.",
)

triplet_guess = Guess(
    "the triplet loss when the anchor is 1.2 from the positive and only 1.0 from the negative, with margin 0.5",
    truth=max(0.0, 1.2 - 1.0 + 0.5),
    why="the loss is max(0, d(a,p) - d(a,n) + m) = max(0, 1.2 - 1.0 + 0.5) = 0.7. The negative is even closer than "
    "the positive, so the loss charges the whole shortfall: the 0.2 by which it is on the wrong side, plus the "
    "margin.",
    misconceptions=[
        Misconception("no_margin", 1.2 - 1.0,
                      "0.2 leaves out the margin: the negative must be farther than the positive BY the margin, so "
                      "the margin is added on top."),
        Misconception("swapped_roles", max(0.0, 1.0 - 1.2 + 0.5),
                      "0.3 swaps the two distances. The loss grows when the POSITIVE is far: d(a,p) - d(a,n) + m."),
    ],
    lo=0, hi=2, step=0.05,
)


def _triplet(anchor, positive, negative, margin):
    a, p, n = (np.asarray(v, dtype=float) for v in (anchor, positive, negative))
    return float(max(0.0, np.linalg.norm(a - p) - np.linalg.norm(a - n) + margin))


triplet_function = FunctionExercise(
    "Write triplet(anchor, positive, negative, margin): max(0, ||a - p|| - ||a - n|| + margin) for one triplet of "
    "embeddings (NumPy arrays), with Euclidean distances.",
    reference=_triplet,
    cases=[
        (np.array([0.0, 0.0]), np.array([3.0, 4.0]), np.array([0.0, 5.5]), 1.0),
        (np.array([0.0, 0.0]), np.array([1.0, 0.0]), np.array([4.0, 0.0]), 1.0),
        (np.array([1.0, 2.0, 3.0]), np.array([1.5, 2.0, 2.0]), np.array([1.0, 2.5, 3.0]), 0.2),
        Case(np.array([0.0, 0.0]), np.array([0.0, 0.0]), np.array([0.0, 0.0]), 0.5, label="all three equal"),
    ],
    fn_name="triplet",
    misconceptions=[
        Misconception("squared_distances",
                      lambda a, p, n, m: float(max(0.0, np.sum((a - p) ** 2) - np.sum((a - n) ** 2) + m)),
                      "Your function uses squared distances (as the FaceNet paper does). The course, like PyTorch's "
                      "TripletMarginLoss, uses plain Euclidean distances: np.linalg.norm(a - p)."),
        Misconception("no_hinge", lambda a, p, n, m: float(np.linalg.norm(a - p) - np.linalg.norm(a - n) + m),
                      "Your function can return negative numbers: wrap it in max(0, ...) so that a triplet that "
                      "already meets the margin costs exactly 0."),
        Misconception("swapped_roles", lambda a, p, n, m: float(max(0.0, np.linalg.norm(a - n)
                                                                    - np.linalg.norm(a - p) + m)),
                      "The positive and negative distances are swapped: the loss should grow when the POSITIVE is "
                      "far, d(a,p) - d(a,n) + margin."),
    ],
    hints=["np.linalg.norm(a - p) is the distance from the anchor to the positive.",
           "Compute the two distances first. Then ask what a triplet that already meets the margin must cost, "
           "and which Python or NumPy function keeps a number from going below 0."],
    solution_code="def triplet(anchor, positive, negative, margin):\n"
                  "    d_ap = np.linalg.norm(anchor - positive)\n"
                  "    d_an = np.linalg.norm(anchor - negative)\n"
                  "    return max(0.0, d_ap - d_an + margin)",
)
