"""Exercises of ``notebooks/week2/02-sparse-categorical-cross-entropy.ipynb``: integer labels, memory, smoothing.

>>> from lossbook.exercises import sparse_categorical_cross_entropy
>>> sparse_categorical_cross_entropy.smoothing_target.evaluate(0.84).status
'correct'
"""

import numpy as np

from ._engine import Case, FunctionExercise, Guess, Misconception, ValueExercise

_N_CLASSES = 1_000

memory_guess = Guess(
    "how many times more memory the one-hot matrix needs than the integer labels, for 1,000 classes "
    "(both stored as 8-byte numbers)",
    truth=_N_CLASSES,
    why="a one-hot row stores all 1,000 numbers (999 zeros and a single 1) where the label stores one number, "
    "so the matrix is 1,000 times bigger, whatever the number of examples.",
    misconceptions=[
        Misconception("same", 1.0, "Both hold one 'answer' per example, but the one-hot matrix spells it out "
                      "with a number for every class."),
        Misconception("bytes", 8.0, "8 is the size of one number in bytes; both versions use 8-byte numbers, "
                      "so what differs is how many numbers each example needs."),
    ],
    lo=0,
    hi=2_000,
    step=10,
)


def _sparse_ce(labels, p):
    p = np.asarray(p, dtype=float)
    labels = np.asarray(labels)
    picked = p[np.arange(len(labels)), labels]
    return float(np.mean(-np.log(np.clip(picked, 1e-12, 1.0))))


_P2 = np.array([
    [0.01, 0.01, 0.02, 0.05, 0.01, 0.02, 0.01, 0.80, 0.02, 0.05],
    [0.05, 0.10, 0.60, 0.05, 0.05, 0.05, 0.02, 0.03, 0.03, 0.02],
])
_P3 = np.array([[0.7, 0.2, 0.1], [0.3, 0.3, 0.4], [0.1, 0.1, 0.8]])

sparse_function = FunctionExercise(
    "Write sparse_ce(labels, p): the mean of -log(p[i, labels[i]]) over the rows, without building a one-hot "
    "matrix.",
    reference=_sparse_ce,
    cases=[
        (np.array([7, 2]), _P2),
        (np.array([0, 2, 1]), _P3),
        (np.array([2]), np.array([[0.25, 0.25, 0.5]])),
        Case(np.array([0, 1]), np.array([[0.0, 1.0], [0.5, 0.5]]), label="the true class at p = 0", only_finite=True),
    ],
    fn_name="sparse_ce",
    misconceptions=[
        Misconception("sum_vs_mean", lambda labels, p: _sparse_ce(labels, p) * len(labels)),
        Misconception("log10", lambda labels, p: _sparse_ce(labels, p) / np.log(10)),
        Misconception("whole_row", lambda labels, p: float(np.mean(-np.sum(np.log(np.clip(p, 1e-12, 1)), axis=-1))),
                      "Your function adds up -log(p) over every class of a row. Only the true class counts: "
                      "pick p[i, labels[i]] (the one-hot zeros wipe out every other term)."),
    ],
    hints=["p[np.arange(len(labels)), labels] picks one probability per row: the one of the true class.",
           "Clip those probabilities away from 0 (np.clip(picked, 1e-12, 1)), take -np.log, then np.mean."],
    solution="Pick the true class's probability in each row with fancy indexing, then average -log of it.",
    solution_code="def sparse_ce(labels, p):\n"
                  "    picked = p[np.arange(len(labels)), labels]\n"
                  "    return np.mean(-np.log(np.clip(picked, 1e-12, 1)))",
    on_correct="That indexing trick is exactly what lossbook (and PyTorch, and Keras) do instead of a one-hot matrix.",
)

smoothing_target = ValueExercise(
    "Five classes, label smoothing ε = 0.2. What target probability does the TRUE class get?",
    answer=(1 - 0.2) + 0.2 / 5,
    rtol=1e-6,
    bad=[1.0, 0.2],
    misconceptions=[
        Misconception("forgot_own_share", 0.8,
                      "That is 1 - ε. The smoothing mass ε is spread over ALL five classes, the true one included, "
                      "so the true class gets its share ε/5 on top."),
        Misconception("others_share", 0.04,
                      "That is what each of the OTHER classes gets (ε/5). The question asks about the true class."),
        Misconception("ten_classes", (1 - 0.2) + 0.2 / 10,
                      "That spreads ε over ten classes, as in the lesson's digits. Here there are five."),
    ],
    hints=["Smoothing keeps a fraction 1 - ε of the one-hot target and spreads ε evenly over the 5 classes.",
           "True class: (1 - ε) * 1 + ε / 5."],
    solution="(1 - 0.2) + 0.2/5 = 0.84; every other class gets 0.2/5 = 0.04, and 0.84 + 4 x 0.04 = 1.",
    solution_code="(1 - 0.2) * 1 + 0.2 / 5",
)
