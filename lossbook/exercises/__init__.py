"""Self-checking exercises: ``lb.exercises.<lesson slug>.<exercise>.check(answer)``.

The engine (``_engine.py``) knows nothing about any lesson; each lesson module only declares exercise objects.
A learner's notebook cell looks like::

    my_answer = ...   # your number here
    lb.exercises.start_here.squared_error.check(my_answer)

and every exercise also has ``.hint()`` (the next hint; ``.hint(2)`` a given one) and ``.solution()``.
An untouched exercise (``None`` or ``...``) gets a kind "not attempted yet" and never raises, so a notebook whose
exercises are left blank still runs clean (and under nbval). Feedback is plain text with an HTML rendering of the
same words, deterministic, with no memory addresses.

Author's guide
==============

Where exercises live
--------------------
One module per lesson, named after its notebook: the lesson's *slug* is the notebook's file name without its number,
dashes turned into underscores (``notebooks/week2/04-focal-loss.ipynb`` -> ``lossbook/exercises/focal_loss.py``,
``notebooks/00-start-here.ipynb`` -> ``start_here.py``). Name each exercise after what it asks (``by_hand``,
``bce_function``, ``bce_guess``) and bind it to a module-level name: that name is how notebooks reach it
(``lb.exercises.focal_loss.by_hand``) and how the tests find it. The module holds declarations and tiny reference
functions only; numerics come from ``lossbook`` (or plain NumPy). No plotting, no widgets. The engine is
``_engine.py`` (the exercise kinds), ``_feedback.py`` (what the learner sees) and ``_widget.py`` (the Guess slider).

Adding lesson 2.11, say ``notebooks/week2/11-huber-up-close.ipynb`` (slug ``huber_up_close``), step by step:

1. Add its row to ``LESSONS`` in ``lossbook/lessons.py`` and to the README's syllabus (a test compares the two).
   :func:`lesson_modules` reads that table, so an exercise module whose name is not a lesson's slug is an error.
2. Write the notebook ``notebooks/week2/11-huber-up-close.ipynb``.
3. Its figures in ``lossbook/plots/huber_up_close.py`` and its widgets in ``lossbook/widgets/huber_up_close.py``, if
   it has any (the widgets guide, ``lossbook/widgets/__init__.py``, shows how).
4. Its exercises in ``lossbook/exercises/huber_up_close.py`` (below). Nothing to register: every lesson's module is
   found by :func:`all_exercises`, and each exercise knows its lesson (``exercise.lesson == "huber_up_close"``).
5. Its own tests in ``tests/test_lesson_huber_up_close.py`` (a test requires that file once the lesson has a module
   in any layer). The generic exercise tests in ``tests/test_exercises.py`` cover the new exercises with no edit.

The three kinds
---------------
- :class:`ValueExercise` ``(prompt, answer, *, rtol=1e-3, decimals=None, probabilities=False, ...)``: a number or
  an array (see *Precision* below).
- :class:`FunctionExercise` ``(prompt, reference, cases, ...)``: the learner writes a function; it is called on
  every :class:`Case` (include edge cases: ``Case(1, 0.0, label="p = 0", only_finite=True)``) and compared with
  ``reference``.
- :class:`Guess` ``(question, truth, why, ...)``: predict, then reveal. ``.reveal(guess)`` says "Make a guess
  first" until the guess is a number, then shows the true value, how far off the guess was, and ``why``.
  ``.widget()`` is the slider + "Lock in" form.

All take ``hints=[...]`` (short, increasingly specific), ``solution="one sentence"``,
``solution_code="code shown in the solution"`` and ``on_correct="one sentence shown after a right answer"``.
``check``, ``hint``, ``solution`` and ``reveal`` display their feedback and return ``None``; ``evaluate(answer)``
returns the :class:`Feedback` (``.status``, ``.misconception``) for tests.

Naming the misconception
------------------------
List the specific wrong answers you expect, each as a :class:`Misconception` ``(key, example, message=None)``:
``key`` is a ``CATALOG`` key (``log10``, ``sum_vs_mean``, ``mean_vs_sum``, ``swapped_args``, ``missing_clip``,
``not_finite``, ``forgot_softmax``, ``sign``, ``slope_sign``, ``percent``) whose message is ready-made, or your own
key with a ``message``. ``example`` is that wrong answer (a value, or a buggy function for a function exercise); any
answer that agrees with it gets the message. Some mistakes are recognised with no declaration (``GENERIC``):

- nan/inf where the answer is finite: ``missing_clip`` (log(0), clip first) when the exercise takes a log, else
  ``not_finite`` (0/0, overflow). ``logs=True/False`` says which; by default the engine looks for log, ln or
  entropy in the prompt, hints and solution, and for ``np.log`` in a function exercise's reference.
- ``-answer`` (also rounded as asked: -0.36 for 0.3567): a sign message that fits the quantity.
  ``quantity="loss"`` with a positive answer says "this loss is positive here", and points at the minus sign in
  front of the log only when the exercise takes a log (``logs``, as for nan); a loss that is negative here (a
  Gaussian NLL can be) and ``"value"`` get the neutral "check each minus sign" (key ``sign`` for all three);
  ``"slope"`` says a slope can be negative: check which way the loss goes (key ``slope_sign``). By default the
  quantity is guessed from the prompt (gradient, slope, dL/d -> slope; loss, entropy, error, divergence -> loss);
  say it when the guess is wrong (a new weight after an update is a value).
- rows that do not sum to 1 when ``probabilities=True`` (``forgot_softmax``), ``100 * answer`` or ``answer / 100``
  (``percent``), and for two-argument functions, swapped arguments.

``bad=[...]`` lists further wrong answers that must simply be judged wrong.

Precision: what counts as right
-------------------------------
A value exercise states the precision it wants, and grades by it:

- ``decimals`` is the rounding asked for: by default the newsletter's 2, or more where 2 would round a small answer
  by over 5% (0.002231 wants 4: 0.0022). ``decimals=0`` asks for a whole number.
- The learner's decimals are counted on the number as typed (its shortest form, ``repr``: 4.67 has 2, 4.666 has
  3, 9486 and 9486.0 none; a float32 is read in its own precision; text and tensors by the number they hold).
- An answer written with MORE decimals than asked is right within the tolerance (``rtol=1e-3`` by default, about 3
  significant digits; ``atol`` for answers near 0): "0.3567 is right.", and 4.666 for 14/3 is right too; or when
  it rounds like the true value at ``decimals`` places ("right to 2 decimals").
- An answer written with the asked number of decimals, or fewer, is right only if it IS the true value rounded as
  asked, whatever the tolerance: 0.36 for -ln 0.7 gives "0.36 is right to 2 decimals; the exact value is 0.3567.",
  but 4.66 for 14/3 (4.6667) and 9486 for 9486.83 to the nearest whole number are wrong: "Close: the answer rounds
  to 4.67, not 4.66 (the exact value is 4.6667)." Fewer decimals count when they are that rounding (0.5 for 0.5003
  to 2 decimals is 0.50). In an array each value is judged by its own decimals.
- Rounding is judged on decimal digits: the learner's number rounds half away from zero, as taught at school (0.125
  to 2 decimals is 0.13), and an answer that lies on a half within floating-point error (0.525) may be rounded either
  way, so 0.52 and 0.53 are both right to 2 decimals.
- The engine cannot know a learner's intermediate steps: an answer computed from a rounded intermediate (p = 0.348
  instead of 0.34820, giving 1.0556 instead of 1.0550) can round differently and is then "close, but not right".
  So choose numbers whose answer is not near a rounding edge at the asked decimals (the third decimal well away
  from 5), or ask for more decimals, and say in the hints and solution to keep every digit until the end.
- Rounded to fewer places than asked ("1001 is right to the nearest whole number, but the question asks for 2
  decimals"), one step off at the asked decimals ("Close: the answer rounds to ..."), or within 2% without rounding
  right ("close, but not right to 2 decimals"), is wrong, with a word about precision rather than the plain "not it
  yet".
- Misconceptions are recognised within the tolerance and also rounded as asked: 0.67 (or 0.667) names the
  forgotten square of 0.6667, unless it is also the right answer. For a whole-number answer, a wrong value that is
  not whole is matched at the decimals it would be asked for (1.14 for 8/7).
- The engine appends the sentence "Round to 2 decimals (or give more decimals)." to the prompt unless the prompt
  already says (it mentions decimals, "nearest" or "whole number"). The notebook's question states the same
  precision.
- A whole-number answer (every value whole and not all zero: 100,000,000, -2) with the default ``decimals`` asks for
  no rounding (the rule on the learner's decimals does not apply): the sentence is "The answer is a whole number."
  An answer within the tolerance is right; one a
  fraction off (100,000,000.4, or 9.1 for 9) is wrong, with "close, but the answer is a whole number" as the reason.
- ``rtol=0`` makes an exact question (a count, a choice, an order, ``atol`` for slack): no rounding rule and no
  sentence; write in the prompt what form the answer takes ("a number from 0 to 4", "a list of four numbers").

Numbers in feedback are printed the way a person writes them: the learner's own digits (1000.69, not 1001; 1001,
not 1,001; separators from 10,000 up), whole-number lists as whole numbers ([1, 2, 3], not [1., 2., 3.]), and a
guess far off as a factor ("off by a factor of about 6e+307"), never "inf%".

Learner code and odd answers
----------------------------
Nothing a learner hands in raises out of ``check``, ``reveal`` or ``evaluate``. Each odd kind gets its own sentence:
text ("remove the quotes", and "without the quotes, 0.36 would be right" when it would), a PyTorch tensor that
tracks gradients (pass ``.item()`` or ``.detach().numpy()``; duck-typed, torch is never imported), a generator, a
dict, a set, a complex number or a datetime64 (saying what came back), 10**400 (too big for a float), an object
whose ``__array__`` raises. ``hint("2")`` or ``hint(True)`` explains how to ask for a hint.

A :class:`FunctionExercise` keeps a deep copy of every case argument (arrays read-only) and computes the reference's
results once, when it is built, from copies no learner code has seen. Every call of the learner's function (and of a
misconception's example) gets fresh deep copies, so a function that edits its input (``path.remove(0)``) spoils
nothing. Each case runs under ``_engine.TIME_LIMIT`` seconds (3): in the main thread of a POSIX process (a Jupyter
kernel) a SIGALRM interval timer stops the code; elsewhere (Windows, another thread, or when some other timer is
already set) a ``sys.settrace`` deadline does. Neither can stop a single long call into C (``np.ones(10**10)``)
before it returns, and the trace hook slows Python code while it runs. Running past the limit, raising, or
returning text, a dict, a generator, a complex number or the wrong shape each get a sentence that names the case.
Interrupting a check (the stop button) ends it with one "Stopped" line; the pure ``evaluate`` lets the
``KeyboardInterrupt`` through. Reference functions and examples are the author's: keep them quick and pure.

Tests come for free
-------------------
``tests/test_exercises.py`` runs over :func:`all_exercises`: for every exercise, the good answer (``answer``,
``reference`` or ``truth``) must be judged correct, every misconception's ``example`` must be recognised as that
misconception, every ``bad`` answer must be judged wrong, ``None`` and ``...`` must say "not attempted", and hints
and solution must render. An exercise with no misconception and no ``bad`` answer fails the suite: declare at least
one known-bad answer. ``tests/test_exercise_engine.py`` runs the same registry against every odd answer above and
against misbehaving functions (ones that edit their inputs, raise, return junk or never return), checks that grading
is unchanged afterwards, that an answer rounded to the stated decimals is right, and that no answer is printed in
its notebook before the exercise asks for it: give each exercise numbers of its own, so the learner applies the idea
rather than copying a printout, and put a predict-then-reveal question before the cell that shows the number.

A complete example (a lesson module, like ``lossbook/exercises/binary_cross_entropy.py``)
----------------------------------------------------------------------------------------
::

    import numpy as np

    from ._engine import Case, FunctionExercise, Guess, Misconception, ValueExercise

    bce_by_hand = ValueExercise(
        "The true label is 1 and the model says p = 0.8. What is the binary cross-entropy?",
        answer=-np.log(0.8),
        misconceptions=[Misconception("log10", -np.log10(0.8))],   # -answer (sign) is recognised on its own
        hints=["Only the term for the true class counts when y = 1.", "The loss is -log(p), natural log."],
        solution="-ln(0.8) = 0.2231",
        solution_code="-np.log(0.8)",
    )

    def _bce(y, p):
        p = np.clip(np.asarray(p, dtype=float), 1e-12, 1 - 1e-12)
        return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))

    bce_function = FunctionExercise(
        "Write bce(y_true, p_pred): the mean binary cross-entropy.",
        reference=_bce,
        cases=[
            (np.array([1.0, 0.0]), np.array([0.8, 0.3])),
            (np.array([1.0, 1.0, 0.0]), np.array([0.5, 0.9, 0.1])),
            Case(np.array([1.0, 0.0]), np.array([0.0, 1.0]), label="p = 0 and 1", only_finite=True),
        ],
        fn_name="bce",
        misconceptions=[
            Misconception("log10", lambda y, p: _bce(y, p) / np.log(10)),
            Misconception("sum_vs_mean", lambda y, p: _bce(y, p) * len(y)),
        ],
        hints=["Start from -(y*log(p) + (1-y)*log(1-p)) per example.", "np.clip(p, 1e-12, 1 - 1e-12) first."],
        solution_code="def bce(y_true, p_pred):\\n    p = np.clip(p_pred, 1e-12, 1 - 1e-12)\\n    ...",
    )

    bce_guess = Guess(
        "the loss at p = 0.2 when the true label is 1",
        truth=-np.log(0.2),
        why="cross-entropy charges -log(p) for the probability p given to the truth, and -log(0.2) is 1.61.",
        misconceptions=[Misconception("log10", -np.log10(0.2))],
        lo=0, hi=5,
    )

In the notebook::

    my_guess = None   # your guess: the loss at p = 0.2? commit a number, then run
    lb.exercises.binary_cross_entropy.bce_guess.reveal(my_guess)

Run ``pytest tests/test_exercises.py tests/test_lesson_<slug>.py`` after adding exercises: the first covers the
new ones automatically.
"""

from __future__ import annotations

import importlib

from ..lessons import LESSONS
from ._engine import (  # noqa: F401
    CATALOG,
    GENERIC,
    Case,
    Exercise,
    Feedback,
    FunctionExercise,
    Guess,
    Misconception,
    ValueExercise,
    fmt,
    is_unattempted,
)

__all__ = [
    "CATALOG",
    "GENERIC",
    "Case",
    "Exercise",
    "Feedback",
    "FunctionExercise",
    "Guess",
    "Misconception",
    "ValueExercise",
    "all_exercises",
    "lesson_modules",
]


def lesson_modules():
    """The lessons that have exercises: the slug of every lesson in ``lossbook.lessons.LESSONS`` with a module here."""
    return [entry.slug for entry in LESSONS if "exercises" in entry.modules]


def all_exercises():
    """Every exercise of every lesson module, as ``{"focal_loss.by_hand": exercise, ...}`` (sorted by name)."""
    found = {}
    for module_name in lesson_modules():
        module = importlib.import_module(f"{__name__}.{module_name}")
        for attr, value in vars(module).items():
            if isinstance(value, Exercise) and not attr.startswith("_"):
                found[f"{module_name}.{attr}"] = value
    return dict(sorted(found.items()))


def __getattr__(name):
    """``lb.exercises.focal_loss`` imports the lesson module on first use."""
    if name in lesson_modules():
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"lossbook.exercises has no lesson module {name!r}; there are: {', '.join(lesson_modules())}")


def __dir__():
    return sorted(set(globals()) | set(lesson_modules()))
