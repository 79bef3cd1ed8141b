"""The checking engine: exercise kinds, misconception recognition and the feedback they print.

Nothing here knows about any lesson. Each lesson's module, named after its notebook (``focal_loss.py`` for
``notebooks/week2/04-focal-loss.ipynb``), builds exercise objects from these classes; see the author's guide in
``lossbook/exercises/__init__.py``. What the learner sees (:class:`Feedback`) is in ``_feedback.py``, whose ``fmt``
hands over to the number formatting here; the Guess widget, which needs ipywidgets, is in ``_widget.py`` and loads
only when asked for.

Every public method that a learner calls (``check``, ``hint``, ``solution``, ``reveal``) *displays* its feedback
and returns ``None``, so the feedback shows wherever the call sits in a cell and never twice. The pure methods
(``evaluate``, ``evaluate_guess``) return a :class:`Feedback` for tests and tools.

Output is deterministic: a number is printed as a person writes it (the learner's own digits when they are few,
else 4 significant digits and at least 2 decimals: 1000.69, not 1001), arrays with fixed print options, whole-number
lists as whole numbers, and no object ``repr`` (with its memory address) is ever shown.

Learner code never breaks the engine. Whatever comes back (text, a tensor, a generator, a number too big for a
float, an object whose ``__array__`` raises) is read by :func:`_read`, which never raises and says what came back.
A learner's function gets a deep copy of every case argument, runs under :data:`TIME_LIMIT` seconds per case (see
:func:`_time_limit`), and its exceptions become feedback. Expected values are computed once, when the exercise is
built, from copies no learner code has seen.
"""

from __future__ import annotations

import contextlib
import copy
import decimal
import math
import re
import signal
import sys
import threading
import time
import types
import warnings

import numpy as np

from ..lessons import lesson_of_module
from ._feedback import Feedback, _show, is_unattempted

__all__ = [
    "CATALOG",
    "Case",
    "Exercise",
    "Feedback",
    "FunctionExercise",
    "Guess",
    "Misconception",
    "TIME_LIMIT",
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
    "not_finite": "Your answer contains nan ('not a number') or inf, where the true answer is an ordinary number. "
    "NumPy gives inf for a division by zero or an overflow, and nan for 0/0, inf - inf or 0 x inf: look for the "
    "step where it first appears.",
    "forgot_softmax": "These look like raw scores (logits), not probabilities: they do not add up to 1. "
    "Turn scores into probabilities with a softmax first: np.exp(z) / np.exp(z).sum().",
    "sign": "Right size, wrong sign: this loss is positive here. Check the minus sign in front of the log, "
    "or the order of a subtraction.",
    "slope_sign": "Right size, wrong sign. A slope can be negative: it is negative where the loss goes down as the "
    "input grows. Check which way the loss goes at this point, and the order of a subtraction (p - y, not y - p).",
    "value_sign": "Right size, wrong sign: check each minus sign, and the order of every subtraction.",
    "percent": "This looks like a percentage where a fraction is wanted, or the other way round: 25% is 0.25.",
}

# Misconceptions the engine recognises without being told, by the shape of the wrong answer.
GENERIC = ("missing_clip", "forgot_softmax", "sign", "percent", "swapped_args")

# What the answer is, for the sign message: a loss that is positive here, a slope (which can be negative), anything
# else (neutral).
_SIGN_KEYS = {"loss": "sign", "slope": "slope_sign", "value": "value_sign"}
_SLOPE_WORDS = re.compile(r"\b(gradient|slope|derivative)\b|\bd[A-Za-z]/d[a-z]", re.IGNORECASE)
_LOG_WORDS = re.compile(r"\blog\b|\bln\b|np\.log|log\(|entropy|\bKL\b|focal", re.IGNORECASE)

TIME_LIMIT = 3.0
"""Seconds one case of a learner's function may run before the check stops it (tests lower it)."""


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
    The exercise keeps its own deep copy of the arguments; learner code only ever sees further copies.
    """

    def __init__(self, *args, label=None, only_finite=False):
        self.args = args
        self.label = label
        self.only_finite = only_finite

    def describe(self, name="f"):
        text = f"{name}({', '.join(fmt(a) for a in self.args)})"
        return f"{text} [{self.label}]" if self.label else text


# ---------------------------------------------------------------------------------------------------------------
# Numbers as the learner reads them: a number is shown the way a person would write it (1000.69, not 1001; 1001,
# not 1,001; 100,000,000 with separators from 10,000 up), whole-number lists as whole numbers ([1, 2], not
# [1., 2.]), and never "inf%". ``_feedback.fmt`` (the Guess widget's readout) calls this one.
def _fmt_scalar(x, decimals=None):
    """One float as a person writes it; ``decimals``: show exactly that many decimals (trailing zeros dropped)."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    ax = abs(x)
    if decimals is None and x == int(x) and ax < 1e15:
        return f"{int(x):,}" if ax >= 10_000 else str(int(x))
    if ax >= 1e15 or (ax < 1e-4 and decimals is None):
        return f"{x:.4g}"
    if decimals is None:
        short = repr(float(x))  # the shortest text that reads back as x: what the learner typed, usually
        if "e" not in short and len(short.lstrip("-").replace(".", "").lstrip("0")) <= 8:
            return _group(short)
        if ax < 1:
            digits = 4
            while digits < 12 and float(f"{x:.{digits}g}") == round(x) != x:  # 0.99998 is not "1"
                digits += 1
            return f"{x:.{digits}g}"
        decimals = max(2, 4 - len(str(int(ax))))  # 4 significant digits, but never fewer than 2 decimals
    text = f"{x:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return _group(text)


def _group(text):
    """Thousands separators for numbers of 10,000 and more (1000.5 stays as it is, 20000.5 -> 20,000.5)."""
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, dot, frac = digits.partition(".")
    if len(whole) > 4:
        whole = f"{int(whole):,}"
    return sign + whole + dot + frac


def fmt(value) -> str:
    """A short, deterministic rendering of a learner's value or an expected one (no memory addresses)."""
    if callable(value) and not isinstance(value, np.ndarray):
        return f"a function ({getattr(value, '__name__', type(value).__name__)})"
    reading = _read(value)
    if reading.array is None:
        return reading.what
    arr = reading.array
    if arr.ndim == 0:
        return _fmt_scalar(float(arr))
    if reading.integral:
        with np.printoptions(threshold=20, edgeitems=3):
            return np.array2string(arr.astype(np.int64) if np.all(np.isfinite(arr)) else arr, separator=", ")
    with np.printoptions(precision=4, suppress=True, threshold=20, edgeitems=3, floatmode="maxprec"):
        return np.array2string(arr, separator=", ")


def _fmt_ratio(ratio):
    """A relative error as a reader takes it in: '38% off' up to 10x, then 'about 60 times too big'."""
    if ratio < 10:
        return f"{ratio:.0%} off"
    return f"off by a factor of about {_fmt_scalar(float(f'{ratio:.2g}'))}"


# ---------------------------------------------------------------------------------------------------------------
# Reading learner values. Never raises: whatever comes back, the engine can say what it was.
class _Reading:
    """``array``: the value as a float array, or ``None``; ``what``: what it is in words (for messages);
    ``advice``: how to fix it; ``inner``: for text or a tensor, the number it holds (a float array) if any."""

    def __init__(self, array=None, what="", advice="", *, integral=False, inner=None, kind=None):
        self.array = array
        self.what = what
        self.advice = advice
        self.integral = integral
        self.inner = inner
        self.kind = kind


def _short_text(text, limit=40):
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _looks_like_tensor(value):
    """A PyTorch (or similar) tensor, by duck typing: the engine never imports torch."""
    kind = type(value)
    return hasattr(kind, "detach") and hasattr(value, "requires_grad")


def _parse_number_text(text):
    """The number inside a string such as '100000000', ' 0.36 ' or '1,000' (or None)."""
    cleaned = text.strip().replace(",", "").replace("_", "")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return np.asarray(number) if math.isfinite(number) else None


def _read(value) -> _Reading:  # noqa: C901 - one branch per odd kind of answer, each with its own message
    """Read a learner's value as numbers, or say what it is instead. Never raises."""
    try:
        if value is None or value is Ellipsis:
            return _Reading(None, "nothing (None)", "end the function with return ...", kind="none")
        if isinstance(value, (str, bytes)):
            text = value.decode(errors="replace") if isinstance(value, bytes) else value
            return _Reading(None, f"the text {_short_text(repr(text))}",
                            "remove the quotes, so that Python sees a number", inner=_parse_number_text(text),
                            kind="text")
        if _looks_like_tensor(value):
            inner = None
            with contextlib.suppress(Exception):
                inner = np.asarray(value.detach().cpu().numpy(), dtype=float)
            if getattr(value, "requires_grad", False) or inner is None:
                return _Reading(None, "a tensor that tracks gradients (a PyTorch tensor)",
                                "pass a plain number with .item(), or an array with .detach().numpy()",
                                inner=inner, kind="tensor")
            return _Reading(inner)
        if callable(value) and not isinstance(value, np.ndarray):
            return _Reading(None, fmt(value), "", kind="function")
        if isinstance(value, types.GeneratorType) or (hasattr(value, "__next__") and not hasattr(value, "__len__")):
            return _Reading(None, "a generator (an iterator), which gives its values one at a time",
                            "collect them first: list(...) or np.array(list(...))", kind="generator")
        if isinstance(value, dict):
            return _Reading(None, "a dict", "give the number (or list of numbers) itself, not a dict", kind="dict")
        if isinstance(value, (set, frozenset)):
            return _Reading(None, "a set (no fixed order)", "use a list, [ ... ], so the order is kept", kind="set")
        if isinstance(value, complex):
            return _Reading(None, f"a complex number ({value.real:.4g}{value.imag:+.4g}j)",
                            "in Python a negative number to a fractional power, like (-4) ** 0.5, is complex: "
                            "look for a square root or power of a negative number", kind="complex")
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**1023:
            return _Reading(None, f"a whole number with {len(str(abs(value)))} digits, too big for a float",
                            "the largest float is about 1.8e308: check the exponent (** binds tighter than *)",
                            kind="overflow")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raw = np.asarray(value)
            code = raw.dtype.kind
            if code in "biuf":
                return _Reading(raw.astype(float), integral=code in "biu")
            if code == "c":
                return _Reading(None, "complex numbers", "look for a square root or a power of a negative number",
                                kind="complex")
            if code in "mM":
                return _Reading(None, "a date or time (numpy datetime64/timedelta64)",
                                "give a plain number", kind="datetime")
            if code in "US":
                inner = None
                with contextlib.suppress(Exception):
                    inner = raw.astype(float)
                return _Reading(None, "text (strings in quotes)", "remove the quotes around the numbers",
                                inner=inner, kind="text")
            if code == "O":
                if any(isinstance(item, str) for item in raw.ravel()[:1000]):
                    return _Reading(None, "a mix of numbers and text", "remove the quotes around the numbers",
                                    kind="text")
                try:
                    return _Reading(raw.astype(float), integral=all(isinstance(v, int) for v in raw.ravel()))
                except OverflowError:
                    return _Reading(None, "a number too big for a float",
                                    "the largest float is about 1.8e308: check the exponent", kind="overflow")
        return _Reading(None, f"a {type(value).__name__}", "give a number, or a list or array of numbers",
                        kind="other")
    except Exception as err:  # noqa: BLE001 - an answer's own __array__, __len__ ... may raise anything
        return _Reading(None, f"a {type(value).__name__} that NumPy could not read as numbers "
                        f"({type(err).__name__}: {_short(err)})", "give a plain number, list or array",
                        kind="unreadable")


def _to_array(value):
    """``value`` as a float array, or ``None`` when it is not numeric (never raises)."""
    return _read(value).array


# ---------------------------------------------------------------------------------------------------------------
# Running learner code: warnings silenced, a deep copy of every argument, a time limit.
class _TimeUp(BaseException):
    """Raised inside learner code when its time is up (a BaseException, so `except Exception` cannot swallow it)."""


_FORCE_TRACE = False  # tests set this to exercise the portable fallback on a POSIX main thread


@contextlib.contextmanager
def _time_limit(seconds):
    """Raise :class:`_TimeUp` in the running code once ``seconds`` have passed.

    In the main thread of a POSIX process (a Jupyter kernel, a script, pytest) it is a SIGALRM interval timer
    (``signal.setitimer``), unless a timer is already set (by pytest-timeout, say), which it leaves alone.
    Elsewhere (Windows, a non-main thread) it is a ``sys.settrace`` hook that checks the clock on every line and
    call of Python code. Neither can stop one long call into C (``np.ones(10**10)``, ``10 ** 10 ** 9``): the limit
    fires when that call returns. The trace hook also slows learner code a few times and replaces a debugger's
    trace hook for the duration of the call.
    """
    if seconds is None or seconds <= 0:
        yield
        return
    if (not _FORCE_TRACE and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0):
        armed = [True]

        def on_alarm(signum, frame):
            if armed[0]:
                raise _TimeUp

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            armed[0] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    deadline = time.monotonic() + seconds

    def tracer(frame, event, arg):
        if time.monotonic() > deadline:
            raise _TimeUp
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        yield
    finally:
        sys.settrace(previous)


class _Run:
    """What one call of learner code did: returned ``value``, raised ``error``, or ran out of time."""

    def __init__(self, value=None, error=None, timed_out=False):
        self.value = value
        self.error = error
        self.timed_out = timed_out


def _run(fn, args, *, limit=True):
    """Call ``fn`` on deep copies of ``args``, quietly and under the time limit. Only KeyboardInterrupt escapes."""
    try:
        fresh = copy.deepcopy(args)
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            with _time_limit(TIME_LIMIT if limit else None):
                value = fn(*fresh)
        return _Run(value)
    except _TimeUp:
        return _Run(timed_out=True)
    except (Exception, SystemExit) as err:  # noqa: BLE001 - learner code may raise anything; we report it
        return _Run(error=err)


def _short(err):
    try:
        text = str(err).strip()
    except Exception:  # noqa: BLE001 - an exception's own __str__ may fail
        text = ""
    text = text.splitlines()[0] if text else "(no message)"
    return text if len(text) <= 120 else text[:117] + "..."


def _frozen(args):
    """A deep copy of case arguments with every array read-only: the exercise's own copy, never handed out."""
    args = copy.deepcopy(args)
    for a in args:
        if isinstance(a, np.ndarray):
            a.setflags(write=False)
    return args


# ---------------------------------------------------------------------------------------------------------------
def _module_of_caller():
    """The module that constructed an exercise (the first frame outside this file)."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame = frame.f_back
    return frame.f_globals.get("__name__") if frame is not None else None


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


_VALUE_SIGN = "Right size, wrong sign: check each minus sign, and the order of every subtraction."
_LOSS_SIGN_LOG = CATALOG["sign"]
_LOSS_SIGN_PLAIN = ("Right size, wrong sign: this loss is positive here, so a minus sign has crept in. Check each "
                    "one, and the order of every subtraction.")
_LOSS_WORDS = re.compile(r"\bloss\b|entropy|squared error|\bMSE\b|\bBCE\b|divergence|\bKL\b", re.IGNORECASE)


def _quantity_of(prompt):
    """What a prompt asks for, for the sign message: ``slope``, ``loss`` or ``value``."""
    text = re.sub(r"gradient descent", "", prompt, flags=re.IGNORECASE)
    if _SLOPE_WORDS.search(text):
        return "slope"
    if _LOSS_WORDS.search(text):
        return "loss"
    return "value"


class Exercise:
    """Base class: a prompt, hints and a solution. Subclasses implement :meth:`_evaluate`.

    Authors do not subclass this in lesson modules; they use :class:`ValueExercise`, :class:`FunctionExercise` and
    :class:`Guess`. ``quantity`` (``"loss"``, ``"slope"`` or ``"value"``; guessed from the prompt when ``None``)
    picks the sign message: a loss that is positive here (naming the log only when ``logs``), a slope that can be
    negative, or a neutral one. ``logs`` (guessed from the prompt, hints and
    solution when ``None``) says whether a nan/inf answer most likely comes from log(0), which names the missing clip.
    """

    kind = "exercise"

    def __init__(self, prompt, *, hints=(), solution=None, solution_code=None, misconceptions=(), bad=(),
                 generic=GENERIC, on_correct="Nice work.", quantity=None, logs=None):
        self.prompt = prompt
        self.on_correct = on_correct
        self.hints = tuple(hints)
        self.solution_text = solution
        self.solution_code = solution_code
        self.misconceptions = tuple(misconceptions)
        self.bad = tuple(bad)  # wrong answers with no named misconception: must be judged incorrect
        self.generic = tuple(generic)
        if quantity not in (None, *_SIGN_KEYS):
            raise ValueError(f"quantity must be one of {sorted(_SIGN_KEYS)} or None, not {quantity!r}")
        self.quantity = quantity or _quantity_of(prompt)
        text = " ".join([prompt, *self.hints, solution or "", solution_code or ""])
        self.logs = bool(_LOG_WORDS.search(text)) if logs is None else bool(logs)
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
        try:
            feedback = self.evaluate(answer)
        except KeyboardInterrupt:
            feedback = _stopped()
        _show(feedback)

    def hint(self, n=None):
        """Display hint ``n`` (1-based), or the next one not yet shown."""
        _show(self.hint_feedback(n))

    def solution(self):
        """Display the worked solution."""
        _show(self.solution_feedback())

    # -- pure versions, for tests and tools -------------------------------------------------------------------------
    def evaluate(self, answer) -> Feedback:
        """The verdict on ``answer`` as a :class:`Feedback`. Never raises (except KeyboardInterrupt)."""
        try:
            return self._evaluate(answer)
        except KeyboardInterrupt:
            raise
        except Exception as err:  # noqa: BLE001 - the last safety net: a learner sees a sentence, never a traceback
            headline = f"the checker could not make sense of this answer ({type(err).__name__}: {_short(err)})."
            feedback = Feedback("incorrect", headline, ("Give a plain number, list or array (or a function, where "
                                                        "one is asked for), then run the cell again.",))
            feedback.fallback = True  # tests look for this: it means the engine missed a case
            return feedback

    def _evaluate(self, answer) -> Feedback:  # pragma: no cover - abstract
        raise NotImplementedError

    def good_answer(self):  # pragma: no cover - abstract
        """A known-good answer (the test suite checks it is judged correct)."""
        raise NotImplementedError

    def hint_feedback(self, n=None) -> Feedback:
        total = len(self.hints)
        if total == 0:
            return Feedback("hint", "no hints for this one; .solution() shows the worked answer.")
        if n is not None:
            number = _hint_number(n)
            if number is None:
                quotes = " without quotes" if isinstance(n, str) else ""
                return Feedback("hint", f"give the hint's number{quotes}, .hint(1) to .hint({total}), or just .hint() "
                                "for the next one.")
            n = number
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

    def _generic(self, key):
        """The Misconception for a generic key, worded for this exercise (a slope's sign, a nan without a log)."""
        if key == "sign":
            if self.quantity == "slope":
                return Misconception("slope_sign", None)
            if self.quantity == "loss" and self._positive():  # only then may the message say "positive here"
                return Misconception("sign", None, _LOSS_SIGN_LOG if self.logs else _LOSS_SIGN_PLAIN)
            return Misconception("sign", None, _VALUE_SIGN)
        if key == "missing_clip" and not self.logs:
            return Misconception("not_finite", None)
        return Misconception(key, None)

    def _positive(self):
        """True when every expected value is positive (the sign message may then say the loss is positive here)."""
        return False

    def _plain_wrong(self, details):
        return Feedback("incorrect", details[0], (*details[1:], "Try again, or ask for .hint()."))

    def __repr__(self):
        return f"{type(self).__name__} {self.name}: {self.prompt}"

    def _repr_html_(self):
        return Feedback("info", self.prompt, label=f"Exercise {self.name}")._repr_html_()


def _hint_number(n):
    """A hint number given as 2, 2.0 or np.int64(2); None for anything else (True, "2", 1.5, a list ...)."""
    if isinstance(n, (bool, np.bool_)):
        return None
    if isinstance(n, (int, np.integer)):
        return int(n)
    if isinstance(n, (float, np.floating)) and math.isfinite(n) and float(n).is_integer():
        return int(n)
    return None


def _stopped():
    return Feedback("unattempted", "you interrupted the check, so it did not finish. Run the cell again when you are "
                    "ready.", label="Stopped")


# ---------------------------------------------------------------------------------------------------------------
def _generic_value_mistake(kinds, got, want, *, probabilities, rtol=1e-6, atol=1e-12, decimals=None):
    """The generic misconception that explains ``got`` against the correct ``want`` (lists of arrays), or None.

    ``decimals``: the sign mistake is also recognised at that rounding (-0.36 for 0.3567 to 2 decimals).
    """
    finite_want = all(w is not None and np.all(np.isfinite(w)) for w in want)
    if "missing_clip" in kinds and finite_want and any(g is not None and not np.all(np.isfinite(g)) for g in got):
        return "missing_clip"
    if any(g is None for g in got) or any(w is None for w in want):
        return None
    nonzero = any(np.any(w != 0) for w in want)
    if "sign" in kinds and nonzero and all(_close(-g, w, rtol, atol) for g, w in zip(got, want)):
        return "sign"
    if ("sign" in kinds and nonzero and decimals is not None
            and all(g.shape == w.shape and np.all(_is_rounding_of(-g, w, decimals)) for g, w in zip(got, want))
            and not all(np.all(_is_rounding_of(g, w, decimals)) for g, w in zip(got, want))):
        return "sign"
    if "percent" in kinds and nonzero:
        for factor in (100.0, 0.01):
            if all(_close(g, w * factor, rtol, atol) for g, w in zip(got, want)):
                return "percent"
    if "forgot_softmax" in kinds and probabilities:
        with np.errstate(all="ignore"):
            if any(g.ndim >= 1 and not np.allclose(g.sum(axis=-1), 1.0, atol=1e-6) for g in got):
                return "forgot_softmax"
    return None


def _round_half_away(x, places):
    """``x`` rounded to ``places`` decimals as a person rounds the digits they typed: 0.525 -> 0.53, -0.525 -> -0.53.

    (``np.round`` rounds the binary double, and exact halves to even: 0.525 -> 0.52, 0.125 -> 0.12.) The learner's
    number is read at its shortest decimal form (``repr``), so 0.525 counts as the tie it looks like.
    """
    x = np.asarray(x, dtype=float)
    step = decimal.Decimal(1).scaleb(-places)

    def one(v):
        if not math.isfinite(v) or abs(v) >= 1e15:
            return float(v)  # a double this large has no decimals left to round
        exact = decimal.Decimal(repr(float(v)))
        return float(exact.quantize(step, rounding=decimal.ROUND_HALF_UP, context=decimal.Context(prec=60)))

    return np.vectorize(one, otypes=[float])(x) if x.size else x


def _roundings(want, places):
    """Both correct roundings of ``want`` to ``places`` decimals: (lower, upper), the same unless ``want`` is a tie.

    An answer that lies on a half (0.525 to 2 decimals) within floating-point error may be rounded either way: 0.52
    (half to even, as NumPy does) and 0.53 (half away from zero, as taught at school) are both right.
    """
    want = np.asarray(want, dtype=float)
    scaled = want * 10.0 ** places
    nearest = np.round(scaled)
    low = np.floor(scaled)
    tie = np.abs(scaled - low - 0.5) <= 1e-9 * np.maximum(1.0, np.abs(scaled))
    down = np.where(tie, low, nearest) / 10.0 ** places
    up = np.where(tie, low + 1.0, nearest) / 10.0 ** places
    return down, up


def _given_decimals(shown, got):
    """How many decimals the learner wrote, value by value (an int array shaped like ``got``).

    A float is read at its shortest text (``np.format_float_positional(unique=True)``: 4.67 has 2 decimals, 4.666
    has 3, 9486.0 and 9486 none, 1e-05 has 5), in its own precision (a float32 4.67 has 2 as well); integers, and
    anything whose own type cannot be read (text, a tensor's inner number), are read from ``got``, the float64 value.
    """
    raw = None
    with contextlib.suppress(Exception):
        candidate = np.asarray(shown)
        if candidate.dtype.kind in "biuf" and candidate.size == got.size:
            raw = candidate.reshape(got.shape)
    if raw is None:
        raw = got
    if raw.dtype.kind in "biu":
        return np.zeros(got.shape, dtype=int)

    def one(v):
        if not np.isfinite(v):
            return 0
        text = np.format_float_positional(v, unique=True, trim="-")
        return len(text.partition(".")[2])

    return np.vectorize(one, otypes=[int])(raw) if raw.size else np.zeros(got.shape, dtype=int)


def _is_rounding_of(got, value, places):
    """Per value: ``got`` is ``value`` rounded to ``places`` decimals (either neighbour when ``value`` is a tie)."""
    down, up = _roundings(value, places)
    tol = 0.1 ** (places + 6)
    with np.errstate(all="ignore"):
        return np.isclose(got, down, rtol=1e-12, atol=tol) | np.isclose(got, up, rtol=1e-12, atol=tol)


def _default_decimals(answer):
    """The newsletter's 2 decimals, or more where 2 would round a small answer by more than 5%."""
    values = answer[np.isfinite(answer) & (answer != 0)]
    for decimals in range(2, 9):
        if np.all(np.abs(np.round(values, decimals) - values) <= 0.05 * np.abs(values)):
            return decimals
    return 8


def _is_whole(answer):
    """True when every value of a non-zero answer is a whole number (100,000,000; -2; [3, 0, 1])."""
    finite = answer[np.isfinite(answer)]
    return bool(finite.size and np.any(finite != 0) and np.all(finite == np.round(finite))
                and np.all(np.abs(finite) < 1e15))


def _plural(n, word):
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _to_places(places):
    """'2 decimals', '1 decimal', or 'the nearest whole number' for 0."""
    return "the nearest whole number" if places == 0 else _plural(places, "decimal")


class ValueExercise(Exercise):
    """The learner computes a number or an array.

    ``answer``: the correct value. Precision policy (see the author's guide), with ``decimals`` the rounding asked
    for (default: 2, the newsletter's rounding, or more for small answers): an answer written with more decimals than
    that is right within ``rtol``/``atol`` (default ``rtol=1e-3``, about 3 significant digits) or when it rounds
    like the answer at ``decimals``; one written with ``decimals`` or fewer is right only if it is the answer rounded
    to ``decimals`` (either neighbour on a tie), which the feedback says ("right to 2 decimals; the exact value is
    ..."), and one step off gets "Close: the answer rounds to ...". Misconceptions match within the tolerance or
    rounded as asked. The prompt states that precision: the
    engine appends "Round to N decimals (or give more decimals)." unless the prompt already says (decimals, nearest,
    whole number). A whole-number answer (100,000,000; -2) with the default ``decimals`` gets "The answer is a whole
    number." instead, and an answer a fraction off it is wrong, with that sentence as the reason. ``rtol=0``
    makes an exact question (a count, a choice, an order): no rounding, no sentence appended, so say in the prompt
    what form the answer takes. ``probabilities``: the answer is a probability vector (rows along the last axis sum
    to 1), which enables the forgot-softmax check.
    """

    kind = "value"

    def __init__(self, prompt, answer, *, rtol=1e-3, atol=1e-8, decimals=None, probabilities=False, **kwargs):
        super().__init__(prompt, **kwargs)
        self.answer = np.asarray(answer, dtype=float)
        self.rtol = rtol
        self.atol = atol
        self.probabilities = probabilities
        self.exact = rtol == 0 and decimals is None
        self.decimals = None if self.exact else (_default_decimals(self.answer) if decimals is None else int(decimals))
        self.whole = not self.exact and decimals is None and _is_whole(self.answer)
        if self.whole:
            self.decimals = 0
        self.question = prompt
        if self.decimals is not None and not re.search(r"\bdecimal|\bsignificant|\bnearest|\bwhole number", prompt,
                                                       re.IGNORECASE):
            if self.whole:
                self.prompt = f"{prompt} The answer is a whole number."
            else:
                wanted = "a whole number" if self.decimals == 0 else _plural(self.decimals, "decimal")
                self.prompt = f"{prompt} Round to {wanted} (or give more decimals)."

    def good_answer(self):
        return self.answer.item() if self.answer.ndim == 0 else self.answer.copy()

    def _positive(self):
        finite = self.answer[np.isfinite(self.answer)]
        return bool(finite.size and np.all(finite >= 0) and np.any(finite > 0))

    def _evaluate(self, answer):
        if is_unattempted(answer):
            return self._unattempted("your number" if self.answer.ndim == 0 else "your array")
        reading = _read(answer)
        if reading.array is None:
            return self._refused(answer, reading)
        return self._grade(reading.array, answer)

    def _refused(self, answer, reading):
        expected = "a number" if self.answer.ndim == 0 else "an array of numbers"
        if reading.kind == "function":
            return self._plain_wrong([f"expected {expected}, got {reading.what}. Did you mean to call it?"])
        if reading.kind in ("text", "tensor"):
            details = []
            if reading.inner is not None and self._grade(reading.inner, reading.inner).correct:
                what = "Without the quotes" if reading.kind == "text" else "As a plain number"
                details.append(f"{what}, {fmt(reading.inner)} would be right.")
            return self._plain_wrong([f"expected {expected}, got {reading.what}: {reading.advice}.", *details])
        return self._plain_wrong([f"expected {expected}, got {reading.what}: {reading.advice}."])

    def _grade(self, got, shown):  # noqa: C901 - the precision policy, one verdict per kind of near miss
        want = self.answer
        if got.size == 1 and want.size == 1:
            got = got.reshape(want.shape)
        mine = fmt(shown)
        # An answer written with no more decimals than asked must be the answer rounded as asked (9486 is not 9486.83
        # to the nearest whole number; 4.66 is not 4.6667 to 2 decimals); one with more is judged by the tolerance.
        coarse = None
        if (self.decimals is not None and not self.whole and got.shape == want.shape
                and np.all(np.isfinite(got))):
            coarse = _given_decimals(shown, got) <= self.decimals
            if not np.any(coarse):
                coarse = None
        if coarse is None:
            if _close(got, want, self.rtol, self.atol):
                return Feedback("correct", f"{mine} is right.", (self.on_correct,))
            places = self._decimals_right(got)
            if places is not None and places >= self.decimals and not self.whole:
                return Feedback("correct", f"{mine} is right to {_to_places(places)}; the exact value is "
                                f"{self._exact_text()}.", (self.on_correct,))
        else:
            rounded = _is_rounding_of(got, want, self.decimals)
            with np.errstate(all="ignore"):
                fine = (np.isclose(got, want, rtol=self.rtol, atol=self.atol)
                        | _is_rounding_of(_round_half_away(got, self.decimals), want, self.decimals))
            if np.all(np.where(coarse, rounded, fine)):
                if _close(got, want, self.rtol, self.atol):
                    return Feedback("correct", f"{mine} is right.", (self.on_correct,))
                return Feedback("correct", f"{mine} is right to {_to_places(self.decimals)}; the exact value "
                                f"is {self._exact_text()}.", (self.on_correct,))
            places = self._decimals_right(got)
        for mis in self.misconceptions:
            if _close(got, _to_array(mis.example), self.rtol, self.atol):
                return self._named(mis, (f"(Your answer: {mine}.)",))
        if self.decimals is not None:  # the misconception's value rounded as asked (0.67 for 0.6667)
            for mis in self.misconceptions:
                example = _to_array(mis.example)
                if example is None or example.shape != got.shape or not np.all(np.isfinite(example)):
                    continue
                # a whole-number answer asks for no rounding: a wrong value that is not whole is rounded as such a
                # value would be asked for (1.14 for 8/7)
                at = _default_decimals(example) if self.whole else self.decimals
                if np.all(_is_rounding_of(got, example, at)):
                    return self._named(mis, (f"(Your answer: {mine}.)",))
        if got.shape != want.shape:
            return self._plain_wrong([f"expected shape {want.shape}, got shape {got.shape}.",
                                      "Check which axis you reduced over, and any reshape."])
        key = _generic_value_mistake(self.generic, [got], [want], probabilities=self.probabilities,
                                     rtol=self.rtol, atol=self.atol, decimals=None if self.whole else self.decimals)
        if key:
            return self._named(self._generic(key), (f"(Your answer: {mine}.)",))
        if self.whole and np.all(np.isfinite(got)):
            with np.errstate(all="ignore"):
                near = np.all(np.abs(got - want) <= 0.02 * np.abs(want)) or places is not None
            if near:
                return self._plain_wrong([f"{mine} is close, but the answer is a whole number.",
                                          "Keep every digit until the last step; the exact value comes out whole."])
            return self._plain_wrong([f"{mine} is not it yet."])
        if coarse is not None and want.ndim == 0 and not np.all(_given_decimals(shown, got) < self.decimals):
            # written to the asked decimals, one step off the right rounding: say what it rounds to
            down, up = _roundings(want, self.decimals)
            step = 0.1 ** self.decimals
            with np.errstate(all="ignore"):
                one_off = min(abs(float(got) - float(down)), abs(float(got) - float(up))) <= step * (1 + 1e-9)
            if one_off:
                # at the asked decimals, trailing zeros kept: "rounds to 0.140" when 3 decimals were asked
                right = _group(f"{float(down):.{self.decimals}f}")
                if float(up) != float(down):
                    right += f" or {_group(f'{float(up):.{self.decimals}f}')}"
                return self._plain_wrong([f"Close: the answer rounds to {right}, not {mine} (the exact value is "
                                          f"{self._exact_text()}).",
                                          "Keep every digit until the last step, then round."])
        if places is not None and places < self.decimals:
            return self._plain_wrong([f"{mine} is right to {_to_places(places)}, but the question asks for "
                                      f"{_plural(self.decimals, 'decimal')}.",
                                      "Keep every digit until the last step, then round."])
        if self.decimals is not None and np.all(np.isfinite(got)):
            with np.errstate(all="ignore"):
                near = np.all(np.abs(got - want) <= 0.02 * np.abs(want))
            if near:
                return self._plain_wrong([f"{mine} is close, but not right to {_to_places(self.decimals)}.",
                                          "Keep every digit until the last step, then round (0.3567 rounds to "
                                          "0.36, not 0.35)."])
        return self._plain_wrong([f"{mine} is not it yet."])

    def _decimals_right(self, got):
        """The most decimals to which ``got`` rounds like the answer (None: not even to a whole number)."""
        want = self.answer
        if self.decimals is None or got.shape != want.shape or not np.all(np.isfinite(got)):
            return None
        with np.errstate(all="ignore"):
            for places in range(self.decimals + 6, -1, -1):
                down, up = _roundings(want, places)
                if np.any(np.maximum(np.abs(down - want), np.abs(up - want)) > 0.2 * np.abs(want)):
                    return None  # rounded so far (0.69 to 1) that it no longer says much about the answer
                # the learner's extra digits are rounded away only down to the asked precision: 0.125 is 0.13 to 2
                # decimals, but 4.6 (asked for 2 decimals) is not "4.667 to the nearest whole number", though it rounds to 5
                mine = _round_half_away(got, places) if places >= self.decimals else got
                tol = 0.1 ** (places + 6)
                if np.all(np.isclose(mine, down, rtol=1e-12, atol=tol) | np.isclose(mine, up, rtol=1e-12, atol=tol)):
                    return places
        return None

    def _exact_text(self):
        places = self.decimals + 2
        if self.answer.ndim == 0:
            return _fmt_scalar(float(self.answer), decimals=places)
        with np.printoptions(precision=places, suppress=True, threshold=20, edgeitems=3, floatmode="maxprec"):
            return np.array2string(self.answer, separator=", ")


# ---------------------------------------------------------------------------------------------------------------
class FunctionExercise(Exercise):
    """The learner writes a function; it is called on every :class:`Case` and compared with ``reference``.

    ``reference``: a correct implementation. ``cases``: a list of :class:`Case` (or plain argument tuples), which
    should include edge cases. ``fn_name``: how the function is named in messages (default: the reference's name).
    Misconception examples are buggy functions; an answer that agrees with one on every case is named by it. With
    two arguments, the engine also recognises swapped arguments on its own.

    The exercise keeps a deep copy of each case's arguments (arrays made read-only) and computes the expected
    values once, here; every call of learner code (and of misconception examples) gets fresh deep copies, under
    :data:`TIME_LIMIT` seconds per case.
    """

    kind = "function"

    def __init__(self, prompt, reference, cases, *, rtol=1e-6, atol=1e-9, probabilities=False, fn_name=None,
                 **kwargs):
        super().__init__(prompt, **kwargs)
        self.reference = reference
        given = tuple(c if isinstance(c, Case) else Case(*c) for c in cases)
        if not given:
            raise ValueError("a FunctionExercise needs at least one case")
        self.cases = tuple(Case(*_frozen(c.args), label=c.label, only_finite=c.only_finite) for c in given)
        self.rtol = rtol
        self.atol = atol
        self.probabilities = probabilities
        self.fn_name = fn_name or getattr(reference, "__name__", "f")
        if kwargs.get("logs") is None:  # the reference takes a log: then a nan/inf most likely comes from log(0)
            code = getattr(reference, "__code__", None)
            self.logs = self.logs or bool(code and {"log", "log1p", "log_softmax", "logsumexp"} & set(code.co_names))
        runs = [_run(reference, c.args, limit=False) for c in self.cases]
        self._expected_raw = tuple(r.value if r.error is None else None for r in runs)
        self._expected = [_to_array(v) for v in self._expected_raw]
        self._reference_errors = tuple(r.error for r in runs)  # a broken reference shows in the tests
        self._example_outputs = {}
        self._swapped = None

    def good_answer(self):
        return self.reference

    def _positive(self):
        values = [w[np.isfinite(w)] for w in self._expected if w is not None]
        return bool(len(values) == len(self._expected) and all(np.all(v >= 0) for v in values)
                    and any(np.any(v > 0) for v in values))

    def expected(self):
        """The reference's results on the cases (float arrays), computed once from untouched copies."""
        return self._expected

    def _outputs(self, fn):
        """The raw outputs of ``fn`` on every case, or ``(None, (case, error or "timeout"))`` at the first failure."""
        outs = []
        for case in self.cases:
            run = _run(fn, case.args)
            if run.timed_out:
                return None, (case, "timeout")
            if run.error is not None:
                return None, (case, run.error)
            outs.append(run.value)
        return outs, None

    def _outputs_of_example(self, mis):
        """A misconception example's results (float arrays), computed once; None if it fails on some case."""
        key = id(mis)
        if key not in self._example_outputs:
            outs, failure = self._outputs(mis.example)
            self._example_outputs[key] = None if failure else [_to_array(o) for o in outs]
        return self._example_outputs[key]

    def _swapped_outputs(self):
        if self._swapped is None:
            runs = [_run(self.reference, (c.args[1], c.args[0]), limit=False) for c in self.cases]
            self._swapped = [None if r.error else _to_array(r.value) for r in runs]
        return self._swapped

    def _agrees(self, got, other):
        return other is not None and all(_close(g, w, self.rtol, self.atol) for g, w in zip(got, other))

    def _evaluate(self, answer):
        if is_unattempted(answer):
            return self._unattempted(f"your function (def {self.fn_name}(...): ...)")
        if not callable(answer):
            return self._plain_wrong([f"expected a function (def {self.fn_name}(...): ...), got {fmt(answer)}.",
                                      "Pass the function itself, without calling it: check(my_function)."])
        outs, failure = self._outputs(answer)
        if failure is not None:
            case, err = failure
            if err == "timeout":
                seconds = _fmt_scalar(float(TIME_LIMIT))
                return self._plain_wrong([f"your function was still running after {seconds} seconds on "
                                          f"{case.describe(self.fn_name)}, so the check stopped it.",
                                          "Look for a loop that never ends: a while loop whose condition never "
                                          "becomes false, or an index that never moves on."])
            if isinstance(err, NotImplementedError):
                return self._unattempted("the body of your function")
            return self._plain_wrong([f"your function raised {type(err).__name__} on {case.describe(self.fn_name)}: "
                                      f"{_short(err)}"])
        if all(o is None for o in outs):
            return Feedback("unattempted", "your function returns None. Write its body, ending with return ..., "
                            "then run the cell again.", ("Stuck? .hint() gives a nudge.",))
        readings = [_read(o) for o in outs]
        for case, reading in zip(self.cases, readings):
            if reading.array is None:
                return self._plain_wrong([f"on {case.describe(self.fn_name)} your function returns {reading.what}, "
                                          f"not numbers: {reading.advice}."])
        got = [r.array for r in readings]
        want = self.expected()
        bad_case = self._first_mismatch(got, want)
        if bad_case is None:
            return Feedback("correct", f"your function passes all {len(self.cases)} cases, edge cases included.",
                            (self.on_correct,))
        for mis in self.misconceptions:
            if self._agrees(got, self._outputs_of_example(mis)):
                return self._named(mis)
        index, case = bad_case
        got_i, want_i = got[index], want[index]
        shape = ""
        if want_i is not None and got_i.shape != want_i.shape and not (got_i.size == 1 and want_i.size == 1):
            shape = f" (shape {got_i.shape}, where {want_i.shape} is expected)"
            return self._plain_wrong([f"on {case.describe(self.fn_name)} your function returns {fmt(outs[index])}"
                                      f"{shape}; expected {fmt(self._expected_raw[index])}."])
        key = _generic_value_mistake(self.generic, got, want, probabilities=self.probabilities,
                                     rtol=self.rtol, atol=self.atol)
        if key is None and "swapped_args" in self.generic and all(len(c.args) == 2 for c in self.cases):
            if self._agrees(got, self._swapped_outputs()):
                key = "swapped_args"
        if key:
            return self._named(self._generic(key))
        return self._plain_wrong([f"on {case.describe(self.fn_name)} your function returns {fmt(outs[index])}; "
                                  f"expected {fmt(self._expected_raw[index])}."])

    def _first_mismatch(self, got, want):
        for index, (case, g, w) in enumerate(zip(self.cases, got, want)):
            if case.only_finite:
                if g is None or not np.all(np.isfinite(g)) or (w is not None and g.shape != w.shape):
                    return index, case
            elif not _close(g, w, self.rtol, self.atol):
                return index, case
        return None


# ---------------------------------------------------------------------------------------------------------------
class Guess(Exercise):
    """Predict, then reveal: the learner commits a number before seeing the true value.

    ``question``: what to guess (shown in messages). ``truth``: the true value. ``why``: one sentence of why.
    ``close``: relative error that counts as "spot on" (default 10%); within ``near`` (25%) a guess is "close", within
    twice that "some way off".
    Misconceptions may name a typical wrong guess: a guess that lands on one is told so and why, never "close".
    ``lo``/``hi``: the slider range of the widget form.
    """

    kind = "guess"
    near = 0.25

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
        try:
            feedback = self.evaluate(guess)
        except KeyboardInterrupt:
            feedback = _stopped()
        _show(feedback)

    def check(self, answer):  # a guess is revealed, not graded
        self.reveal(answer)

    def _evaluate(self, guess):
        if is_unattempted(guess):
            return Feedback("unattempted", "replace None with a number, then run the cell again.",
                            ("Nobody grades it; committing to a number is what makes the answer stick.",),
                            label="Make a guess first")
        reading = _read(guess)
        got = reading.array
        if got is None and reading.kind not in ("other", "function"):
            return Feedback("unattempted", f"your guess is {reading.what}: {reading.advice}.",
                            label="Make a guess first")
        if got is None or got.size != 1:
            return Feedback("unattempted", f"your guess should be one number, not {fmt(guess)}.",
                            label="Make a guess first")
        g = float(got.reshape(()))
        if not math.isfinite(g):
            return Feedback("unattempted", "your guess should be a finite number.", label="Make a guess first")
        with np.errstate(all="ignore"):
            off = g - self.truth
            rel = abs(off) / abs(self.truth) if self.truth else abs(off)
        slip = next((mis for mis in self.misconceptions
                     if _close(got.reshape(()), _to_array(mis.example), 1e-3, 1e-9)), None)
        if rel <= self.close:
            verdict = "spot on"
        elif slip is not None:  # a named slip is never "close", however near it lands: the reason follows
            verdict = "the number this common slip gives"
        elif rel <= self.near:
            verdict = "close"
        elif rel <= 2 * self.near:
            verdict = "some way off"
        else:
            verdict = "a long way off, which is exactly what this lesson is for"
        if off == 0:
            how = f"Your guess, {fmt(guess)}, is exactly right."
        else:
            direction = "too high" if off > 0 else "too low"
            if not self.truth:
                pct = ""
            elif math.isfinite(rel):
                pct = f", {_fmt_ratio(rel)}"
            else:  # a guess near 1e308 against a small truth: the ratio itself overflows
                pct = f", off by a factor of about 1e+{round(math.log10(abs(g)) - math.log10(abs(self.truth)))}"
            how = f"Your guess, {fmt(guess)}, was {_fmt_scalar(abs(off))} {direction}{pct}: {verdict}."
        details, key = [how], None
        if slip is not None:
            details.append(slip.message)
            key = slip.key
        details.append(f"Why: {self.why}")
        return Feedback("reveal", f"{fmt(self.truth)}.", details, label="The answer", misconception=key)

    def widget(self):
        """The widget form: a guess slider and a "Lock in" button that then reveals (needs ipywidgets)."""
        from ._widget import guess_widget

        return guess_widget(self)
