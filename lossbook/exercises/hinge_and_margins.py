"""Exercises of ``notebooks/week2/03-hinge-and-margins.ipynb``: the margin, the hinge, the multiclass hinge.

>>> from lossbook.exercises import hinge_and_margins
>>> hinge_and_margins.multiclass_by_hand.evaluate(1.8).status
'correct'
"""

import numpy as np

from ._engine import Case, FunctionExercise, Guess, Misconception, ValueExercise

inside_margin_guess = Guess(
    "the hinge loss of a point with label +1 and score 0.4 (it is on the right side of the boundary)",
    truth=1.0 - 0.4,
    why="being on the right side is not enough: the hinge wants y·s of at least 1, and 1 - 1 x 0.4 = 0.6 is the "
    "shortfall.",
    misconceptions=[
        Misconception("right_side_is_enough", 0.0, "Zero would be the loss of a point whose margin y·s is at least 1. "
                      "At 0.4 the point is right, but too close to the boundary."),
        Misconception("forgot_the_one", -0.4, "The hinge is max(0, 1 - y·s): the 1 is the margin it asks for."),
    ],
    lo=0,
    hi=2,
    step=0.05,
)


def _hinge(y, s):
    return float(np.mean(np.maximum(0.0, 1.0 - np.asarray(y, dtype=float) * np.asarray(s, dtype=float))))


hinge_function = FunctionExercise(
    "Write hinge(y, s): the mean of max(0, 1 - y*s), for labels y of -1 or +1 and scores s.",
    reference=_hinge,
    cases=[
        (np.array([1.0, 1.0, -1.0]), np.array([2.0, 0.5, 0.5])),
        (np.array([-1.0, 1.0]), np.array([-3.0, 1.0])),
        (np.array([1.0, -1.0, -1.0, 1.0]), np.array([-0.2, 0.1, -1.5, 4.0])),
        Case(np.array([1.0, -1.0]), np.array([5.0, -5.0]), label="both far beyond the margin band"),
    ],
    fn_name="hinge",
    misconceptions=[
        Misconception("no_max", lambda y, s: float(np.mean(1.0 - np.asarray(y) * np.asarray(s))),
                      "Your function forgets the max(0, ...): a point far beyond the margin band then earns a negative "
                      "loss and pays for mistakes elsewhere. Clip at 0 with np.maximum(0, 1 - y*s)."),
        Misconception("sum_vs_mean", lambda y, s: _hinge(y, s) * len(y)),
        Misconception("no_label", lambda y, s: float(np.mean(np.maximum(0.0, 1.0 - np.asarray(s)))),
                      "Your function ignores the label: it is y*s, the score times the label, that must reach 1 "
                      "(a -1 point wants a score of -1 or less)."),
    ],
    hints=["y*s (the point's margin) is positive when the point is on the right side, and at least 1 when it is on or "
           "beyond the edge of the margin band.",
           ("Each point pays its shortfall below 1, and never less than 0: which NumPy function takes the larger of two "
            "values element by element? Then average over the points.")],
    solution="Clip the shortfall 1 - y*s at zero and average.",
    solution_code="def hinge(y, s):\n    return np.mean(np.maximum(0, 1 - y * s))",
)

# cat, dog, horse scores for a picture of a horse: new numbers (the lesson's table has a 0.7, a 2.0 and a 0.00), and
# the true class loses, to the stronger of its two rivals.
_SCORES = np.array([0.9, 2.4, 1.6])
_HORSE = 2

multiclass_by_hand = ValueExercise(
    "A picture of a horse gets the scores cat 0.9, dog 2.4, horse 1.6. What is the Crammer-Singer multiclass hinge "
    "loss?",
    answer=max(0.0, 1.0 + 2.4 - 1.6),
    rtol=1e-6,
    misconceptions=[
        Misconception("sum_over_rivals", max(0.0, 1.0 + 0.9 - 1.6) + max(0.0, 1.0 + 2.4 - 1.6),
                      "That adds a hinge for every wrong class (the Weston-Watkins form; PyTorch's "
                      "nn.MultiMarginLoss does that, then divides by the number of classes). Crammer-Singer only "
                      "looks at the strongest rival: max over the wrong classes first, then one hinge."),
        Misconception("forgot_margin", 2.4 - 1.6,
                      "That is how far the horse is behind the dog. The multiclass hinge asks the true class to WIN by "
                      "at least 1, so add the 1: max(0, 1 + rival - true)."),
        Misconception("weakest_rival", max(0.0, 1.0 + 0.9 - 1.6),
                      "That uses the cat, the weaker rival. The loss looks at the strongest wrong class, the dog."),
        Misconception("first_class_is_true", max(0.0, 1.0 + 2.4 - 0.9),
                      "That treats the cat as the true class. The picture is a horse: its score is 1.6."),
    ],
    hints=["Find the highest score among the WRONG classes (cat and dog).",
           "The loss is max(0, 1 + that rival's score - the horse's score)."],
    solution="The strongest rival is the dog at 2.4: max(0, 1 + 2.4 - 1.6) = 1.8. The horse loses by 0.8 and "
    "should have won by 1, so it pays 0.8 + 1.",
    solution_code="lb.multiclass_hinge(2, [0.9, 2.4, 1.6])",
)
