"""Exercises of ``notebooks/week2/08-ctc.ipynb``: the shortest alignment, counting alignments, collapsing a path.

>>> from lossbook.exercises import ctc
>>> ctc.coffee_min_frames.evaluate(8).status
'correct'
>>> ctc.cat_paths_guess.truth
7.0
"""

from ..losses.sequences import ctc_collapse, ctc_paths
from ._engine import Case, FunctionExercise, Guess, Misconception, ValueExercise

coffee_min_frames = ValueExercise(
    "A speech model outputs one symbol per frame (a letter or the blank). What is the smallest number of frames "
    "in which CTC can produce the word COFFEE?",
    answer=8,
    rtol=0,
    atol=1e-9,
    misconceptions=[
        Misconception("forgot_repeat_blank", 6,
                      "Six frames give C O F F E E, but adjacent repeats merge: C O F F E E collapses to COFE. Each "
                      "double letter needs a blank between its copies, and that blank needs a frame of its own."),
        Misconception("one_double_letter", 7,
                      "COFFEE has two double letters, FF and EE: each needs its own compulsory blank."),
        Misconception("every_blank", 13,
                      "That is the length of the extended word _ C _ O _ F _ F _ E _ E _. The blanks at the ends "
                      "and between different letters are optional; only the ones between equal letters are "
                      "required."),
        Misconception("blanks_between_all", 11,
                      "A blank between every pair of letters works, but only the blanks between two equal letters "
                      "are compulsory: C O F _ F E _ E is enough."),
    ],
    hints=["Collapsing merges adjacent equal symbols, then drops the blanks. What does C O F F E E collapse to?",
           "Write COFFEE out and mark each place where a letter is followed by the same letter. What must sit between "
           "those two copies, and does it take a frame of its own?"],
    solution="6 letters + 1 blank between the two F's + 1 between the two E's = 8 frames: C O F _ F E _ E is the "
             "only alignment that short.",
    solution_code="len(lb.ctc_paths([1, 2, 3, 3, 4, 4], 8))   # C=1, O=2, F=3, E=4: 1 path; with 7 frames, 0",
    on_correct="In general: the number of letters plus the number of adjacent equal pairs. One frame fewer and "
               "the loss is inf.",
)

cat_paths_guess = Guess(
    "how many different alignments (paths) of 4 frames collapse to the word CAT",
    truth=len(ctc_paths([1, 2, 3], 4)),
    why="4 frames for 3 letters leave one spare frame. It can hold a blank in one of 4 places (_CAT, C_AT, CA_T, "
        "CAT_) or repeat one of the 3 letters (CCAT, CAAT, CATT): 4 + 3 = 7.",
    misconceptions=[
        Misconception("blanks_only", 4, "Those are the paths with a blank. A spare frame can also repeat a letter: "
                      "C C A T collapses to CAT too."),
        Misconception("repeats_only", 3, "Those are the paths that repeat a letter. The spare frame can also be a "
                      "blank, in any of 4 places."),
    ],
    lo=0,
    hi=20,
    step=1,
)


def _collapse(path):
    return ctc_collapse(path)


def _drop_then_merge(path):
    kept = [k for k in path if k != 0]
    return [k for i, k in enumerate(kept) if i == 0 or k != kept[i - 1]]


def _drop_only(path):
    return [k for k in path if k != 0]


def _merge_only(path):
    return [k for i, k in enumerate(path) if i == 0 or k != path[i - 1]]


collapse_function = FunctionExercise(
    "Write collapse(path): the label sequence a CTC path stands for. path is a list of class indices, one per "
    "frame, with 0 the blank. Return a list of class indices.",
    reference=_collapse,
    cases=[
        ([1, 1, 2, 0, 3],),
        ([0, 3, 3, 0, 1, 2, 2],),
        Case([1, 2, 3, 3, 0, 3, 4, 0], label="HELLO: L L _ L"),
        Case([1, 1, 0, 1], label="a repeat kept apart by a blank"),
        Case([0, 0, 0], label="only blanks"),
    ],
    fn_name="collapse",
    misconceptions=[
        Misconception("drop_then_merge", _drop_then_merge,
                      "The order matters: merge adjacent repeats first, then drop the blanks. Dropping blanks first "
                      "brings the two L's of L _ L together, and they merge into one."),
        Misconception("drop_only", _drop_only,
                      "Blanks are gone, but adjacent repeats must also merge: 1 1 2 stands for 1 2. A letter that "
                      "lasts several frames is still one letter."),
        Misconception("merge_only", _merge_only,
                      "Repeats are merged, but the blanks (0) must be dropped as well: they mark 'no new letter'."),
    ],
    hints=["Two steps: merge runs of the same symbol into one, then remove every 0.",
           "A symbol starts a new run when it differs from the one just before it (the first symbol always does). "
           "Keep the first symbol of each run, then drop the 0s from what you kept."],
    solution="Merge adjacent repeats, then drop the blanks.",
    solution_code="def collapse(path):\n"
                  "    merged = [k for i, k in enumerate(path) if i == 0 or k != path[i - 1]]\n"
                  "    return [k for k in merged if k != 0]",
    on_correct="That is CTC's collapse map B, the same as lb.ctc_collapse.",
)

__all__ = ["coffee_min_frames", "cat_paths_guess", "collapse_function"]
