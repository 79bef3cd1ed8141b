"""The checking engine: exercise kinds, misconception recognition and the feedback they print.

Nothing here knows about any lesson. Each lesson's module, named after its notebook (``focal_loss.py`` for
``notebooks/week2/04-focal-loss.ipynb``), builds exercise objects from these classes; see the author's guide in
``lossbook/exercises/__init__.py``. What the learner sees (:class:`Feedback`, number formatting) is in
``_feedback.py``; the Guess widget, which needs ipywidgets, is in ``_widget.py`` and loads only when asked for.

Every public method that a learner calls (``check``, ``hint``, ``solution``, ``reveal``) *displays* its feedback
and returns ``None``, so the feedback shows wherever the call sits in a cell and never twice. The pure methods
(``evaluate``, ``evaluate_guess``) return a :class:`Feedback` for tests and tools.

Output is deterministic: numbers are printed to 4 significant digits, arrays with fixed print options, and no
object ``repr`` (with its memory address) is ever shown.
"""

from __future__ import annotations

import math
import sys
import warnings

import numpy as np

from ..lessons import lesson_of_module
from ._feedback import Feedback, _show, fmt, is_unattempted

__all__ = [
    "CATALOG",
    "Case",
    "Exercise",
    "Feedback",
    "FunctionExercise",
    "Guess",
    "Misconception",
    "ValueExercise",
    "fmt",
    "is_unattempted",
]

# ---------------------------------------------------------------------------------------------------------------
# The misconceptions the course names. Authors refer to them by key; a key not listed here needs its own message.
CATALOG = {
    "log10": "It looks like you used log base 10 (np.log10). Losses use the natural log, np.log (base e): "
    "log10(x) is ln(x) divided by 2.303.",
    "sum_vs_mean": "It looks like you added up the per-example losses instead of averaging them: divide by the "
    "number of examples (np.mean instead of np.sum).",
    "mean_vs_sum": "It looks like you averaged where a sum is wanted: this quantity adds up over the items "
    "(np.sum instead of np.mean).",
    "swapped_args": "It looks like the two arguments are swapped. The course's convention is actual first, "
    "prediction second: loss(y_true, y_pred).",
    "missing_clip": "Your answer contains nan or inf, which usually means log(0) somewhere. Clip the probabilities "
    "away from 0 and 1 before taking the log: p = np.clip(p, 1e-12, 1 - 1e-12).",
    "forgot_softmax": "These look like raw scores (logits), not probabilities: they do not add up to 1. "
    "Turn scores into probabilities with a softmax first: np.exp(z) / np.exp(z).sum().",
    "sign": "Right size, wrong sign. A loss is never negative: check the minus sign in front of the log, "
    "or the order of a subtraction.",
    "percent": "This looks like a percentage where a fraction is wanted, or the other way round: 25% is 0.25.",
}

# Misconceptions the engine recognises without being told, by the shape of the wrong answer.
GENERIC = ("missing_clip", "forgot_softmax", "sign", "percent", "swapped_args")



# ---------------------------------------------------------------------------------------------------------------
class Misconception:
    """A specific wrong answer the checker recognises, and what to say about it.

    ``key``: a ``CATALOG`` key (``"log10"``, ``"sum_vs_mean"``, ...) or your own short name. ``example``: a wrong
    answer that shows it (a number or array for value exercises, a buggy function for function exercises); the
    checker recognises any answer that agrees with the example, and the test suite checks that the example is
    recognised. ``message``: what to tell the learner (defaults to the catalogue's message for ``key``).
    """

    def __init__(self, key, example, message=None):
        if message is None:
            if key not in CATALOG:
                raise ValueError(f"misconception {key!r} is not in CATALOG; pass message='what to tell the learner'")
            message = CATALOG[key]
        self.key = key
        self.example = example
        self.message = message

    def __repr__(self):
        return f"Misconception({self.key!r})"


class Case:
    """One set of arguments a function exercise is called with.

    ``Case(1.0, 0.0, label="p = 0 (an edge case)")``. With ``only_finite=True`` the learner's result need only be
    finite there (not equal to the reference): use it for edge cases where any sensible clip is right.
    """

    def __init__(self, *args, label=None, only_finite=False):
        self.args = args
        self.label = label
        self.only_finite = only_finite

    def describe(self, name="f"):
        text = f"{name}({', '.join(fmt(a) for a in self.args)})"
        return f"{text} [{self.label}]" if self.label else text


# ---------------------------------------------------------------------------------------------------------------
def _module_of_caller():
    """The module that constructed an exercise (the first frame outside this file)."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame = frame.f_back
    return frame.f_globals.get("__name__") if frame is not None else None


def _to_array(value):
    """``value`` as a float array, or ``None`` when it is not numeric."""
    if callable(value) or isinstance(value, (str, bytes, dict, set)):
        return None
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None


def _close(got, want, rtol, atol):
    """Same shape (a size-1 array matches a scalar) and equal within tolerance; nan matches nan, inf matches inf."""
    if got is None or want is None:
        return False
    if got.shape != want.shape:
        if got.size == 1 and want.size == 1:
            got, want = got.reshape(()), want.reshape(())
        else:
            return False
    with np.errstate(all="ignore"):
        return bool(np.allclose(got, want, rtol=rtol, atol=atol, equal_nan=True))


def _quietly(fn, *args):
    """Call learner code with NumPy's warnings silenced: the checker, not a RuntimeWarning, explains the problem."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return fn(*args)


class Exercise:
    """Base class: a prompt, hints and a solution. Subclasses implement :meth:`evaluate`.

    Authors do not subclass this in lesson modules; they use :class:`ValueExercise`, :class:`FunctionExercise` and
    :class:`Guess`.
    """

    kind = "exercise"

    def __init__(self, prompt, *, hints=(), solution=None, solution_code=None, misconceptions=(), bad=(),
                 generic=GENERIC, on_correct="Nice work."):
        self.prompt = prompt
        self.on_correct = on_correct
        self.hints = tuple(hints)
        self.solution_text = solution
        self.solution_code = solution_code
        self.misconceptions = tuple(misconceptions)
        self.bad = tuple(bad)  # wrong answers with no named misconception: must be judged incorrect
        self.generic = tuple(generic)
        self._hints_shown = 0
        self._module = _module_of_caller()

    # -- naming: an exercise is known by the module attribute it is bound to, e.g. "focal_loss.by_hand" ------------
    @property
    def lesson(self):
        """The slug of the lesson whose module defines this exercise (see ``lossbook.lessons``), or ``None``."""
        owner = lesson_of_module(self._module or "")
        return owner.slug if owner else None

    @property
    def name(self):
        module = sys.modules.get(self._module or "")
        short = (self._module or "").rsplit(".", 1)[-1]
        for attr, value in vars(module).items() if module else ():
            if value is self:
                return f"{short}.{attr}"
        return short or "exercise"

    # -- what the learner calls -----------------------------------------------------------------------------------
    def check(self, answer):
        """Check ``answer`` and display the verdict (naming the likely misconception when one is recognised)."""
        _show(self.evaluate(answer))

    def hint(self, n=None):
        """Display hint ``n`` (1-based), or the next one not yet shown."""
        _show(self.hint_feedback(n))

    def solution(self):
        """Display the worked solution."""
        _show(self.solution_feedback())

    # -- pure versions, for tests and tools -------------------------------------------------------------------------
    def evaluate(self, answer) -> Feedback:  # pragma: no cover - abstract
        raise NotImplementedError

    def good_answer(self):  # pragma: no cover - abstract
        """A known-good answer (the test suite checks it is judged correct)."""
        raise NotImplementedError

    def hint_feedback(self, n=None) -> Feedback:
        total = len(self.hints)
        if total == 0:
            return Feedback("hint", "no hints for this one; .solution() shows the worked answer.")
        if n is None:
            n = min(self._hints_shown + 1, total)
        if not 1 <= n <= total:
            return Feedback("hint", f"there are {total} hints: try .hint(1) to .hint({total}), or .solution().")
        self._hints_shown = max(self._hints_shown, n)
        more = "Run .hint() again for the next one." if n < total else "That was the last hint; .solution() shows it all."
        return Feedback("hint", self.hints[n - 1], (more,), label=f"Hint {n} of {total}")

    def solution_feedback(self) -> Feedback:
        text = self.solution_text or "here is one way to do it:"
        return Feedback("solution", text, code=self.solution_code)

    def _unattempted(self, what="your answer"):
        return Feedback(
            "unattempted",
            f"replace the ... (or None) with {what}, then run the cell again.",
            ("No rush: .hint() gives a nudge and .solution() shows a worked answer.",),
        )

    def _named(self, mis, extra=()):
        return Feedback("incorrect", mis.message, (*extra, "Fix that and run the cell again, or ask for .hint()."),
                        misconception=mis.key)

    def _plain_wrong(self, details):
        return Feedback("incorrect", details[0], (*details[1:], "Try again, or ask for .hint()."))

    def __repr__(self):
        return f"{type(self).__name__} {self.name}: {self.prompt}"

    def _repr_html_(self):
        return Feedback("info", self.prompt, label=f"Exercise {self.name}")._repr_html_()


# ---------------------------------------------------------------------------------------------------------------
def _generic_value_mistake(kinds, got, want, *, probabilities, rtol=1e-6, atol=1e-12):
    """The generic misconception that explains ``got`` against the correct ``want`` (lists of arrays), or None."""
    finite_want = all(w is not None and np.all(np.isfinite(w)) for w in want)
    if "missing_clip" in kinds and finite_want and any(g is not None and not np.all(np.isfinite(g)) for g in got):
        return "missing_clip"
    if any(g is None for g in got) or any(w is None for w in want):
        return None
    nonzero = any(np.any(w != 0) for w in want)
    if "sign" in kinds and nonzero and all(_close(-g, w, rtol, atol) for g, w in zip(got, want)):
        return "sign"
    if "percent" in kinds and nonzero:
        for factor in (100.0, 0.01):
            if all(_close(g, w * factor, rtol, atol) for g, w in zip(got, want)):
                return "percent"
    if "forgot_softmax" in kinds and probabilities:
        if any(g.ndim >= 1 and not np.allclose(g.sum(axis=-1), 1.0, atol=1e-6) for g in got):
            return "forgot_softmax"
    return None


class ValueExercise(Exercise):
    """The learner computes a number or an array.

    ``answer``: the correct value. ``rtol``/``atol``: tolerance (default ``rtol=1e-3``: an answer rounded to 3
    significant digits passes). ``probabilities``:
    the answer is a probability vector (rows along the last axis sum to 1), which enables the forgot-softmax check.
    """

    kind = "value"

    def __init__(self, prompt, answer, *, rtol=1e-3, atol=1e-8, probabilities=False, **kwargs):
        super().__init__(prompt, **kwargs)
        self.answer = np.asarray(answer, dtype=float)
        self.rtol = rtol
        self.atol = atol
        self.probabilities = probabilities

    def good_answer(self):
        return self.answer.item() if self.answer.ndim == 0 else self.answer.copy()

    def evaluate(self, answer):
        if is_unattempted(answer):
            return self._unattempted("your number" if self.answer.ndim == 0 else "your array")
        got = _to_array(answer)
        if got is None:
            expected = "a number" if self.answer.ndim == 0 else "an array of numbers"
            hint = " Did you mean to call it?" if callable(answer) else ""
            return self._plain_wrong([f"expected {expected}, got {fmt(answer)}.{hint}"])
        if got.size == 1 and self.answer.size == 1:
            got = got.reshape(self.answer.shape)
        if _close(got, self.answer, self.rtol, self.atol):
            return Feedback("correct", f"{fmt(got)} is right.", (self.on_correct,))
        for mis in self.misconceptions:
            if _close(got, _to_array(mis.example), self.rtol, self.atol):
                return self._named(mis, (f"(Your answer: {fmt(got)}.)",))
        if got.shape != self.answer.shape:
            return self._plain_wrong([f"expected shape {self.answer.shape}, got shape {got.shape}.",
                                      "Check which axis you reduced over, and any reshape."])
        key = _generic_value_mistake(self.generic, [got], [self.answer], probabilities=self.probabilities,
                                     rtol=self.rtol, atol=self.atol)
        if key:
            return self._named(Misconception(key, None), (f"(Your answer: {fmt(got)}.)",))
        return self._plain_wrong([f"{fmt(got)} is not it yet."])


# ---------------------------------------------------------------------------------------------------------------
class FunctionExercise(Exercise):
    """The learner writes a function; it is called on every :class:`Case` and compared with ``reference``.

    ``reference``: a correct implementation. ``cases``: a list of :class:`Case` (or plain argument tuples), which
    should include edge cases. ``fn_name``: how the function is named in messages (default: the reference's name).
    Misconception examples are buggy functions; an answer that agrees with one on every case is named by it. With
    two arguments, the engine also recognises swapped arguments on its own.
    """

    kind = "function"

    def __init__(self, prompt, reference, cases, *, rtol=1e-6, atol=1e-9, probabilities=False, fn_name=None,
                 **kwargs):
        super().__init__(prompt, **kwargs)
        self.reference = reference
        self.cases = tuple(c if isinstance(c, Case) else Case(*c) for c in cases)
        if not self.cases:
            raise ValueError("a FunctionExercise needs at least one case")
        self.rtol = rtol
        self.atol = atol
        self.probabilities = probabilities
        self.fn_name = fn_name or getattr(reference, "__name__", "f")
        self._expected = None

    def good_answer(self):
        return self.reference

    def expected(self):
        if self._expected is None:
            self._expected = [_to_array(_quietly(self.reference, *c.args)) for c in self.cases]
        return self._expected

    def _outputs(self, fn):
        """The answer's outputs (arrays, or None for non-numeric), or the first exception with its case."""
        outs = []
        for case in self.cases:
            try:
                out = _quietly(fn, *_copies(case.args))
            except Exception as err:  # noqa: BLE001 - learner code may raise anything; we report it
                return None, (case, err)
            outs.append(out)
        return outs, None

    def _agrees(self, outs, other):
        return all(_close(_to_array(o), w, self.rtol, self.atol) for o, w in zip(outs, other))

    def evaluate(self, answer):
        if is_unattempted(answer):
            return self._unattempted(f"your function (def {self.fn_name}(...): ...)")
        if not callable(answer):
            return self._plain_wrong([f"expected a function (def {self.fn_name}(...): ...), got {fmt(answer)}.",
                                      "Pass the function itself, without calling it: check(my_function)."])
        outs, failure = self._outputs(answer)
        if failure is not None:
            case, err = failure
            if isinstance(err, NotImplementedError):
                return self._unattempted("the body of your function")
            return self._plain_wrong([f"your function raised {type(err).__name__} on {case.describe(self.fn_name)}: "
                                      f"{_short(err)}"])
        if all(o is None for o in outs):
            return Feedback("unattempted", "your function returns None. Write its body, ending with return ..., "
                            "then run the cell again.", ("Stuck? .hint() gives a nudge.",))
        want = self.expected()
        got = [_to_array(o) for o in outs]
        bad_case = self._first_mismatch(got, want)
        if bad_case is None:
            return Feedback("correct", f"your function passes all {len(self.cases)} cases, edge cases included.",
                            (self.on_correct,))
        for mis in self.misconceptions:
            try:
                theirs, _ = self._outputs(mis.example)
            except Exception:  # noqa: BLE001
                theirs = None
            if theirs is not None and self._agrees(outs, [_to_array(t) for t in theirs]):
                return self._named(mis)
        key = _generic_value_mistake(self.generic, got, want, probabilities=self.probabilities,
                                     rtol=self.rtol, atol=self.atol)
        if key is None and "swapped_args" in self.generic and all(len(c.args) == 2 for c in self.cases):
            try:
                swapped = [_to_array(_quietly(self.reference, c.args[1], c.args[0])) for c in self.cases]
            except Exception:  # noqa: BLE001 - the reference may reject swapped inputs; then it is not this
                swapped = None
            if swapped is not None and self._agrees(outs, swapped):
                key = "swapped_args"
        if key:
            return self._named(Misconception(key, None))
        case, got_i, want_i = bad_case
        return self._plain_wrong([f"on {case.describe(self.fn_name)} your function returns {fmt(got_i)}; "
                                  f"expected {fmt(want_i)}."])

    def _first_mismatch(self, got, want):
        for case, g, w in zip(self.cases, got, want):
            if case.only_finite:
                if g is None or not np.all(np.isfinite(g)) or (w is not None and g.shape != w.shape):
                    return case, g, w
            elif not _close(g, w, self.rtol, self.atol):
                return case, g, w
        return None


def _copies(args):
    """Fresh copies of array arguments, so learner code that writes to its inputs cannot spoil the next case."""
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)


def _short(err):
    text = str(err).strip().splitlines()[0] if str(err).strip() else "(no message)"
    return text if len(text) <= 120 else text[:117] + "..."


# ---------------------------------------------------------------------------------------------------------------
class Guess(Exercise):
    """Predict, then reveal: the learner commits a number before seeing the true value.

    ``question``: what to guess (shown in messages). ``truth``: the true value. ``why``: one sentence of why.
    ``close``: relative error that counts as "spot on" (default 10%). Misconceptions may name a typical wrong guess.
    ``lo``/``hi``: the slider range of the widget form.
    """

    kind = "guess"

    def __init__(self, question, truth, why, *, close=0.10, lo=None, hi=None, step=None, **kwargs):
        kwargs.setdefault("generic", ())
        super().__init__(question, **kwargs)
        self.truth = float(truth)
        self.why = why
        self.close = close
        span = abs(self.truth) if self.truth else 1.0
        self.lo = 0.0 if lo is None else float(lo)
        self.hi = float(hi) if hi is not None else float(max(self.truth, 0) + 2 * span)
        self.step = step if step is not None else (self.hi - self.lo) / 100

    def good_answer(self):
        return self.truth

    def reveal(self, guess):
        """Reveal the true value and how far ``guess`` was; only once a guess is committed."""
        _show(self.evaluate(guess))

    def check(self, answer):  # a guess is revealed, not graded
        self.reveal(answer)

    def evaluate(self, guess):
        if is_unattempted(guess):
            return Feedback("unattempted", "replace None with a number, then run the cell again.",
                            ("Nobody grades it; committing to a number is what makes the answer stick.",),
                            label="Make a guess first")
        got = _to_array(guess)
        if got is None or got.size != 1:
            return Feedback("unattempted", f"your guess should be one number, not {fmt(guess)}.",
                            label="Make a guess first")
        g = float(got.reshape(()))
        if not math.isfinite(g):
            return Feedback("unattempted", "your guess should be a finite number.", label="Make a guess first")
        off = g - self.truth
        rel = abs(off) / abs(self.truth) if self.truth else abs(off)
        if rel <= self.close:
            verdict = "spot on"
        elif rel <= 0.5:
            verdict = "close"
        else:
            verdict = "a long way off, which is exactly what this lesson is for"
        if off == 0:
            how = f"Your guess, {fmt(g)}, is exactly right."
        else:
            direction = "too high" if off > 0 else "too low"
            pct = f", {rel:.0%} off" if self.truth else ""
            how = f"Your guess, {fmt(g)}, was {fmt(abs(off))} {direction}{pct}: {verdict}."
        details, key = [how], None
        for mis in self.misconceptions:
            if _close(got.reshape(()), _to_array(mis.example), 1e-3, 1e-9):
                details.append(mis.message)
                key = mis.key
                break
        details.append(f"Why: {self.why}")
        return Feedback("reveal", f"{fmt(self.truth)}.", details, label="The answer", misconception=key)

    def widget(self):
        """The widget form: a guess slider and a "Lock in" button that then reveals (needs ipywidgets)."""
        from ._widget import guess_widget

        return guess_widget(self)
