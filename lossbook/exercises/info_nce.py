"""Exercises of ``notebooks/week3/08-info-nce.ipynb``: the loss of a network that has learnt nothing (a guess), InfoNCE
of one anchor by hand, NT-Xent of one view by hand, where a small temperature sends the push (a guess), and an
InfoNCE function.

>>> from lossbook.exercises import info_nce
>>> print(info_nce.by_hand.evaluate(0.3307).headline)
0.3307 is right.
"""

import numpy as np

from ._engine import Case, FunctionExercise, Guess, Misconception, ValueExercise

_N = 32
untrained_guess = Guess(
    f"the InfoNCE loss of a batch of N = {_N} pairs when the network gives every candidate the same similarity",
    truth=np.log(_N),
    why=f"every one of the {_N} candidates gets softmax probability 1/{_N}, so each anchor pays -ln(1/{_N}) = "
        f"ln {_N} = {np.log(_N):.3f}, whatever the temperature: the uniform guess of lesson 1.7 with K = N.",
    misconceptions=[
        Misconception("log10", np.log10(_N)),
        Misconception("probability", 1 / _N,
                      f"1/{_N} is the probability each candidate gets; the loss is minus its log, -ln(1/{_N})."),
        Misconception("bits", np.log2(_N),
                      f"{np.log2(_N):g} is log base 2 (bits). The loss uses the natural log: ln {_N}."),
        Misconception("negatives_only", np.log(_N - 1),
                      f"There are {_N - 1} negatives, but the softmax runs over all {_N} candidates, the positive "
                      f"included: ln {_N}."),
    ],
    lo=0, hi=6, step=0.05,
)

# One anchor: cosine similarity 0.8 to its positive, 0.2 and -0.4 to the two negatives; temperature 0.5.
_S, _T = np.array([0.8, 0.2, -0.4]), 0.5


def _minus_log_first(logits):
    return float(-(logits[0] - np.log(np.sum(np.exp(logits)))))


by_hand = ValueExercise(
    "One anchor, three candidates. Its cosine similarity to its positive is 0.8, to the two negatives 0.2 and -0.4; "
    "the temperature is 0.5. What is this anchor's InfoNCE loss, -ln(softmax probability of the positive)? Round to "
    "4 decimals (or give more).",
    answer=_minus_log_first(_S / _T),
    decimals=4,
    misconceptions=[
        Misconception("no_temperature", _minus_log_first(_S),
                      "That is the loss at temperature 1: divide every similarity by 0.5 first (logits 1.6, 0.4, "
                      "-0.8)."),
        Misconception("times_temperature", _minus_log_first(_S * _T),
                      "You multiplied by the temperature; InfoNCE divides by it: s / 0.5, which doubles each "
                      "similarity."),
        Misconception("log10", _minus_log_first(_S / _T) / np.log(10)),
        Misconception("positive_left_out", float(-(_S[0] / _T - np.log(np.sum(np.exp(_S[1:] / _T))))),
                      "The sum under the log runs over ALL candidates, the positive included: "
                      "e^1.6 + e^0.4 + e^-0.8."),
    ],
    hints=["First divide each similarity by the temperature. These are the logits of a classifier with 3 classes, "
           "the 3 candidates.",
           "Then take the positive's softmax probability: e to its logit over the sum of e to every candidate's "
           "logit, its own included. The loss is minus the natural log of that probability."],
    solution="Logits 1.6, 0.4, -0.8; the positive's softmax probability is e^1.6 / (e^1.6 + e^0.4 + e^-0.8) = "
             f"{np.exp(1.6) / np.sum(np.exp(_S / _T)):.4f}, and -ln of it is {_minus_log_first(_S / _T):.4f}.",
    solution_code="logits = np.array([0.8, 0.2, -0.4]) / 0.5\n-(logits[0] - np.log(np.sum(np.exp(logits))))",
    on_correct=f"The positive already wins (probability {np.exp(-_minus_log_first(_S / _T)):.2f}), so the loss is "
               "well below ln 3 = 1.10, the loss of three candidates that look alike.",
)

# NT-Xent for one view of a batch of N = 2 images (4 views): cosine 0.9 with its other view, 0.3 with image 1's first
# view (a same-side negative, which InfoNCE would not see) and 0.2 with image 1's second view; temperature 0.5.
_V = np.array([0.9, 0.3, 0.2])

nt_xent_by_hand = ValueExercise(
    "NT-Xent for one view. A batch of N = 2 images gives 4 views. The first view of image 0 has cosine similarity "
    "1 with itself, 0.9 with image 0's second view, 0.3 with image 1's first view and 0.2 with image 1's second "
    "view; the temperature is 0.5. Choose this view's candidates, then give its NT-Xent loss. Round to 4 decimals "
    "(or give more).",
    answer=_minus_log_first(_V / _T),
    decimals=4,
    misconceptions=[
        Misconception("info_nce", _minus_log_first(_V[[0, 2]] / _T),
                      "That is InfoNCE's loss for this anchor: its candidates are only the second views. NT-Xent's "
                      "candidates are every view but itself, so image 1's first view (0.3) is a negative too."),
        Misconception("itself_included", float(-(_V[0] / _T - np.log(np.exp(1 / _T) + np.sum(np.exp(_V / _T))))),
                      "You counted the view itself (cosine 1, logit 2) among its candidates. NT-Xent leaves it out: "
                      "it would always be the most similar."),
        Misconception("no_temperature", _minus_log_first(_V),
                      "That is the loss at temperature 1: divide every similarity by 0.5 first (logits 1.8, 0.6, "
                      "0.4)."),
        Misconception("log10", _minus_log_first(_V / _T) / np.log(10)),
    ],
    hints=["First list this view's candidates, the views of the batch it chooses among (section 9 of the lesson "
           "says which those are), with their cosine similarities.",
           "Then divide each candidate's cosine by the temperature to get its logit. The loss is minus the natural "
           "log of the positive's softmax probability: e to its logit over the sum of e to every candidate's logit."],
    solution="Logits 1.8, 0.6, 0.4 (the view itself is not a candidate); the positive's softmax probability is "
             f"e^1.8 / (e^1.8 + e^0.6 + e^0.4) = {np.exp(1.8) / np.sum(np.exp(_V / _T)):.4f}, and -ln of it is "
             f"{_minus_log_first(_V / _T):.4f}.",
    solution_code="logits = np.array([0.9, 0.3, 0.2]) / 0.5\n-(logits[0] - np.log(np.sum(np.exp(logits))))",
    on_correct=f"InfoNCE would charge the same anchor {_minus_log_first(_V[[0, 2]] / _T):.4f}: the same-side view of "
               "image 1 is one more negative, so NT-Xent's loss is higher.",
)

# Similarities: positive 0.9, a hard negative 0.85, an easy one 0.3; at temperature 0.05.
_HARD, _EASY, _T_SMALL = 0.85, 0.3, 0.05


def _hard_share(t):
    return float(1.0 / (1.0 + np.exp((_EASY - _HARD) / t)))  # P_hard / (P_hard + P_easy)


hardest_guess = Guess(
    "an anchor's similarities are 0.9 to its positive, 0.85 to a hard negative and 0.3 to an easy one. At "
    "temperature 0.05, what fraction of the two negatives' total push weight goes to the hard one",
    truth=_hard_share(_T_SMALL),
    close=0.02,  # the share is near 1: a guess of 0.9 is not "spot on"
    why=f"each negative is pushed in proportion to its softmax probability, so the hard one's share is "
        f"e^(0.85/0.05) / (e^(0.85/0.05) + e^(0.3/0.05)) = 1 / (1 + e^-11) = {_hard_share(_T_SMALL):.5f}: "
        f"essentially all of it. At temperature 1 it would be {_hard_share(1.0):.2f}. A small temperature makes "
        f"the loss care about the hardest negatives only.",
    misconceptions=[
        Misconception("equal_shares", 0.5,
                      "The push is not shared equally: each negative gets its softmax probability, and the "
                      "temperature makes those very unequal."),
        Misconception("no_temperature", _hard_share(1.0),
                      f"{_hard_share(1.0):.2f} is the share at temperature 1. At 0.05 the gap of 0.55 in similarity "
                      f"becomes a gap of 11 in the logits."),
    ],
    lo=0, hi=1, step=0.01,
)


def _info_nce(anchor, positive, temperature):
    a = anchor / np.linalg.norm(anchor, axis=1, keepdims=True)
    p = positive / np.linalg.norm(positive, axis=1, keepdims=True)
    logits = a @ p.T / temperature
    top = logits.max(axis=1, keepdims=True)
    log_softmax = logits - top - np.log(np.sum(np.exp(logits - top), axis=1, keepdims=True))
    return float(-np.mean(np.diag(log_softmax)))


def _columns(anchor, positive, temperature):  # the other direction: positives picking anchors
    return _info_nce(positive, anchor, temperature)


def _unnormalised(anchor, positive, temperature):
    logits = anchor @ positive.T / temperature
    top = logits.max(axis=1, keepdims=True)
    return float(-np.mean(np.diag(logits - top - np.log(np.sum(np.exp(logits - top), axis=1, keepdims=True)))))


_rng = np.random.default_rng(38)
info_nce_function = FunctionExercise(
    "Write info_nce(anchor, positive, temperature): the mean InfoNCE loss of a batch. anchor and positive are NumPy "
    "arrays of shape (N, D); row i of positive is the positive of row i of anchor. Normalise every row to length 1, "
    "divide the N x N cosine similarities by the temperature, and average -log softmax of each row's entry i.",
    reference=_info_nce,
    cases=[
        (np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.2], [0.3, 1.0]]), 0.5),
        (np.array([[3.0, 4.0], [-1.0, 0.0], [0.0, 2.0]]), np.array([[1.0, 1.0], [-2.0, 0.5], [1.0, 3.0]]), 0.1),
        (_rng.normal(size=(5, 4)), _rng.normal(size=(5, 4)), 1.0),
        Case(np.array([[2.0, 0.0], [0.0, 3.0]]), np.array([[0.0, 5.0], [4.0, 0.0]]), 0.01,
             label="every anchor nearest a negative, tiny temperature", only_finite=True),
    ],
    fn_name="info_nce",
    misconceptions=[
        Misconception("unnormalised", _unnormalised,
                      "Your function uses the raw dot products. InfoNCE as in SimCLR and CLIP works on cosine "
                      "similarities: divide each row by np.linalg.norm(row) first."),
        Misconception("no_temperature", lambda a, p, t: _info_nce(a, p, 1.0),
                      "The temperature is missing: divide the similarities by it before the softmax."),
        Misconception("sum_vs_mean", lambda a, p, t: _info_nce(a, p, t) * len(a)),
        Misconception("columns", _columns,
                      "Your softmax runs down the columns (each positive picking its anchor). For this question "
                      "each ROW is one anchor's choice among the positives: softmax along axis=1."),
    ],
    hints=["It is sparse cross-entropy in disguise: row i of the N x N table of similarities / temperature is anchor "
           "i's logits over the N candidates, and its right answer is column i, the diagonal.",
           "Three steps: divide each row by its length (np.linalg.norm with axis=1, keepdims=True); take the "
           "log-softmax of each row, subtracting the row's maximum before np.exp; average minus the diagonal."],
    solution_code="def info_nce(anchor, positive, temperature):\n"
                  "    a = anchor / np.linalg.norm(anchor, axis=1, keepdims=True)\n"
                  "    p = positive / np.linalg.norm(positive, axis=1, keepdims=True)\n"
                  "    logits = a @ p.T / temperature\n"
                  "    top = logits.max(axis=1, keepdims=True)\n"
                  "    log_softmax = logits - top - np.log(np.exp(logits - top).sum(axis=1, keepdims=True))\n"
                  "    return -np.mean(np.diag(log_softmax))",
)
