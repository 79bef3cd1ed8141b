"""Exercises of ``notebooks/week2/02-sparse-categorical-cross-entropy.ipynb``: integer labels, memory, smoothing.

>>> from lossbook.exercises import sparse_categorical_cross_entropy
>>> sparse_categorical_cross_entropy.smoothing_target.evaluate(0.111).status
'correct'
"""

import numpy as np

from ._engine import Case, FunctionExercise, Guess, Misconception, ValueExercise

_N_CLASSES = 1_000

memory_guess = Guess(
    "how many times more memory the one-hot matrix needs than the integer labels, for 1,000 classes "
    "(labels as 4-byte int32, one-hot entries as 8-byte float64)",
    truth=2 * _N_CLASSES,
    why="a one-hot row stores all 1,000 numbers (999 zeros and a single 1) where the label stores one number, and "
    "each of those numbers takes 8 bytes against the label's 4: 1,000 x 2 = 2,000 times the memory, whatever the "
    "number of examples.",
    misconceptions=[
        Misconception("same", 1.0, "Both hold one 'answer' per example, but the one-hot matrix spells it out "
                      "with a number for every class."),
        Misconception("numbers_only", float(_N_CLASSES), "1,000 is how many more numbers the one-hot matrix "
                      "holds; each of them also takes 8 bytes against the label's 4."),
        Misconception("bytes_only", 2.0, "8 bytes against 4 is only the size of one number; the one-hot matrix "
                      "also stores 1,000 numbers per example where the label stores one."),
    ],
    lo=0,
    hi=4_000,
    step=10,
)


def _sparse_ce_rows(labels, p):
    """One loss per row, -log of the true class's probability, floored at 1e-12 (any small floor passes the p = 0
    case, which asks only for a finite number)."""
    p = np.asarray(p, dtype=float)
    labels = np.asarray(labels)
    picked = p[np.arange(len(labels)), labels]
    return -np.log(np.clip(picked, 1e-12, 1.0))


_P2 = np.array([
    [0.01, 0.01, 0.02, 0.05, 0.01, 0.02, 0.01, 0.80, 0.02, 0.05],
    [0.05, 0.10, 0.60, 0.05, 0.05, 0.05, 0.02, 0.03, 0.03, 0.02],
])
_P3 = np.array([[0.7, 0.2, 0.1], [0.3, 0.3, 0.4], [0.1, 0.1, 0.8]])

sparse_function = FunctionExercise(
    "Write sparse_ce(labels, p) that returns one loss PER ROW (an array with one number for each row, like "
    "reduction='none'), not their mean: -log of p[i, labels[i]] for each row i, without building a one-hot matrix. "
    "A row whose true class has probability exactly 0 must give a large finite number, not inf.",
    reference=_sparse_ce_rows,
    cases=[
        (np.array([7, 2]), _P2),
        (np.array([0, 2, 1]), _P3),
        (np.array([2]), np.array([[0.25, 0.25, 0.5]])),
        Case(np.array([0, 1]), np.array([[0.0, 1.0], [0.5, 0.5]]), label="the true class at p = 0", only_finite=True),
    ],
    fn_name="sparse_ce",
    misconceptions=[
        Misconception("mean_not_rows", lambda labels, p: float(np.mean(_sparse_ce_rows(labels, p))),
                      "Your function returns the mean over the rows, one number. This time the question wants every "
                      "row's own loss: leave out the np.mean."),
        Misconception("log10", lambda labels, p: _sparse_ce_rows(labels, p) / np.log(10)),
        Misconception("whole_row", lambda labels, p: -np.sum(np.log(np.clip(p, 1e-12, 1)), axis=-1),
                      "Your function adds up -log(p) over every class of a row. Only the true class counts: "
                      "pick p[i, labels[i]] (the one-hot zeros wipe out every other term)."),
    ],
    hints=["Fancy indexing picks one entry per row when you index with two arrays of the same length: the row "
           "numbers and, for each row, its column. Section 1 wrote its row numbers for exactly 5 rows; the checker's "
           "batches have 1 to 3 rows, so build them from the arguments.",
           "-log(0) is inf. Before the log, raise every picked probability to a tiny floor: which NumPy function "
           "keeps numbers inside a range?"],
    solution="Pick the true class's probability in each row with fancy indexing, floor it away from 0 so that "
    "a row at p = 0 costs a large finite number, and return -log of each, without averaging.",
    solution_code="def sparse_ce(labels, p):\n"
                  "    picked = p[np.arange(len(labels)), labels]\n"
                  "    return -np.log(np.clip(picked, 1e-12, 1))",
    on_correct="lossbook picks the true class's probability by index the same way; PyTorch and TensorFlow also work "
    "from the integer label and never build a one-hot matrix. lossbook's and PyTorch's reduction='none' return one "
    "loss per row, as yours does.",
)

_EPS_TARGET, _C10 = 0.9, 10  # what the true class should get, and the number of classes

smoothing_target = ValueExercise(
    "Ten classes. Which label smoothing ε gives the TRUE class a target of exactly 0.9? Round to 3 decimals.",
    answer=(1 - _EPS_TARGET) / (1 - 1 / _C10),
    decimals=3,
    bad=[0.9, 0.01],
    misconceptions=[
        Misconception("forgot_own_share", 1 - _EPS_TARGET,
                      "With ε = 0.1 the true class gets 1 - 0.1 + 0.1/10 = 0.91, not 0.9: it also receives its own "
                      "share ε/10 of the spread mass. Solve 1 - ε + ε/10 = 0.9 for ε."),
        Misconception("plus_share", (1 - _EPS_TARGET) / (1 + 1 / _C10),
                      "Check the sign: the true class keeps 1 - ε and then GETS ε/10 back, so its target is "
                      "1 - ε(1 - 1/10), not 1 - ε(1 + 1/10)."),
        Misconception("five_classes", (1 - _EPS_TARGET) / (1 - 1 / 5),
                      "That spreads ε over five classes. Here there are ten."),
    ],
    hints=["Write the true class's target as a formula in ε (section 3 gives it for C classes), with C = 10, and set "
           "it equal to 0.9.",
           "The ε terms combine into one: ε times (1 - 1/10). Is the ε you find a little above or a little below "
           "0.1? Check it in the formula."],
    solution="1 - ε + ε/10 = 0.9, so ε (1 - 1/10) = 0.1 and ε = 0.1 / 0.9 = 0.111. Each other class then gets "
    "0.111/10 = 0.0111, and 0.9 + 9 x 0.0111 = 1.",
    solution_code="(1 - 0.9) / (1 - 1 / 10)",
)
