"""The exercise engine, and every exercise of every lesson module against a known-good and known-bad answer.

The registry tests parametrise over ``lossbook.exercises.all_exercises()``, so exercises that lesson authors add
later are covered without touching this file.
"""

import re

import numpy as np
import pytest

from lossbook import exercises
from lossbook.exercises import (
    CATALOG,
    Case,
    Feedback,
    FunctionExercise,
    Guess,
    Misconception,
    ValueExercise,
)

REGISTRY = exercises.all_exercises()
CHECKED = {name: ex for name, ex in REGISTRY.items() if not isinstance(ex, Guess)}
GUESSES = {name: ex for name, ex in REGISTRY.items() if isinstance(ex, Guess)}
BAD_CASES = [
    pytest.param(ex, mis, id=f"{name}-{mis.key}")
    for name, ex in REGISTRY.items()
    for mis in ex.misconceptions
]
PLAIN_BAD = [pytest.param(ex, bad, id=f"{name}-bad{i}") for name, ex in REGISTRY.items() for i, bad in enumerate(ex.bad)]
ADDRESS = re.compile(r"0x[0-9a-fA-F]{4,}")


def assert_stable_text(feedback):
    assert isinstance(feedback, Feedback)
    text, page = str(feedback), feedback._repr_html_()
    assert text == repr(feedback)
    assert not ADDRESS.search(text) and not ADDRESS.search(page)
    assert "object at" not in text
    assert feedback.headline in text


# -- the registry: every exercise of every lesson module ------------------------------------------------------------
def test_registry_finds_the_start_here_exercises():
    assert "start_here.squared_error" in REGISTRY
    assert "start_here.squared_error_guess" in REGISTRY


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_exercise_is_reachable_by_its_name(name):
    module, attr = name.split(".")
    ex = getattr(getattr(exercises, module), attr)
    assert ex is REGISTRY[name]
    assert ex.name == name


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_good_answer_is_judged_correct(name):
    ex = REGISTRY[name]
    fb = ex.evaluate(ex.good_answer())
    assert fb.status == ("reveal" if isinstance(ex, Guess) else "correct"), str(fb)
    assert_stable_text(fb)


@pytest.mark.parametrize("name", sorted(CHECKED))
def test_every_checker_declares_a_known_bad_answer(name):
    ex = CHECKED[name]
    assert ex.misconceptions or ex.bad, f"{name}: declare at least one Misconception(...) or bad=[...]"


@pytest.mark.parametrize(("ex", "mis"), BAD_CASES)
def test_misconception_example_is_named(ex, mis):
    fb = ex.evaluate(mis.example)
    assert fb.misconception == mis.key, f"{ex.name}: expected {mis.key!r}, got:\n{fb}"
    assert mis.message in str(fb)
    if not isinstance(ex, Guess):
        assert fb.status == "incorrect"


@pytest.mark.parametrize(("ex", "bad"), PLAIN_BAD)
def test_plain_bad_answer_is_wrong(ex, bad):
    assert ex.evaluate(bad).status == "incorrect"


@pytest.mark.parametrize("name", sorted(REGISTRY))
@pytest.mark.parametrize("blank", [None, ...], ids=["None", "Ellipsis"])
def test_untouched_exercise_is_kind_and_does_not_raise(name, blank):
    fb = REGISTRY[name].evaluate(blank)
    assert fb.status == "unattempted"
    assert_stable_text(fb)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_hints_and_solution_render(name):
    ex = REGISTRY[name]
    if not isinstance(ex, Guess):
        assert ex.hints, f"{name}: give at least one hint"
        assert ex.solution_text or ex.solution_code, f"{name}: give a solution"
    for n in range(1, len(ex.hints) + 1):
        assert_stable_text(ex.hint_feedback(n))
    assert_stable_text(ex.solution_feedback())


@pytest.mark.parametrize("name", sorted(CHECKED))
def test_learner_facing_calls_print_and_return_none(name, capsys):
    ex = CHECKED[name]
    assert ex.check(None) is None
    assert "Not attempted yet" in capsys.readouterr().out


# -- the engine: value exercises ------------------------------------------------------------------------------------
@pytest.fixture
def bce_value():
    return ValueExercise(
        "BCE for y = 1, p = 0.8",
        answer=-np.log(0.8),
        misconceptions=[Misconception("log10", -np.log10(0.8))],
        hints=["one", "two"],
        solution="-ln 0.8",
    )


def test_value_tolerance(bce_value):
    assert bce_value.evaluate(0.2231).correct
    assert bce_value.evaluate(np.float32(0.22314355)).correct
    assert bce_value.evaluate(np.array([0.2231435513])).correct  # a 1-element array counts as the number
    assert not bce_value.evaluate(0.25).correct


def test_value_names_log10_sign_percent_and_clip(bce_value):
    assert bce_value.evaluate(0.09691).misconception == "log10"
    assert bce_value.evaluate(np.log(0.8)).misconception == "sign"
    assert bce_value.evaluate(22.314355).misconception == "percent"
    assert bce_value.evaluate(np.inf).misconception == "missing_clip"
    assert bce_value.evaluate(np.nan).misconception == "missing_clip"
    assert "np.clip" in str(bce_value.evaluate(np.inf))


def test_value_rejects_non_numbers_kindly(bce_value):
    fb = bce_value.evaluate("0.22")
    assert fb.status == "incorrect" and "expected a number" in fb.headline
    fb = bce_value.evaluate(np.log)
    assert "Did you mean to call it?" in fb.headline
    assert not ADDRESS.search(str(fb))


def test_array_shape_and_softmax():
    z = np.array([2.0, 1.0, 0.1])
    probs = np.exp(z) / np.exp(z).sum()
    ex = ValueExercise("softmax of [2, 1, 0.1]", answer=probs, probabilities=True, bad=[[1 / 3] * 3])
    assert ex.evaluate(probs.tolist()).correct
    assert ex.evaluate(z).misconception == "forgot_softmax"
    assert ex.evaluate(probs * 100).misconception == "percent"  # sums to 100: a percentage, not raw scores
    assert ex.evaluate(probs.reshape(3, 1)).headline.startswith("expected shape (3,)")
    assert ex.evaluate([1 / 3] * 3).status == "incorrect"


def test_sum_vs_mean_declared():
    losses = np.array([0.1, 0.5, 0.9])
    ex = ValueExercise("mean loss", answer=losses.mean(), misconceptions=[Misconception("sum_vs_mean", losses.sum())])
    fb = ex.evaluate(1.5)
    assert fb.misconception == "sum_vs_mean" and "np.mean instead of np.sum" in str(fb)


def test_own_misconception_needs_a_message():
    with pytest.raises(ValueError, match="message="):
        Misconception("my_own_key", 1.0)
    assert Misconception("my_own_key", 1.0, "say this").message == "say this"
    assert set(CATALOG) >= {"log10", "sum_vs_mean", "swapped_args", "missing_clip", "forgot_softmax", "sign",
                            "percent"}


def test_hints_advance_and_stop(bce_value, capsys):
    bce_value.hint()
    bce_value.hint()
    bce_value.hint()
    out = capsys.readouterr().out
    assert out.count("Hint 1 of 2") == 1 and out.count("Hint 2 of 2") == 2
    assert "there are 2 hints" in str(bce_value.hint_feedback(7))


def test_feedback_html_escapes_and_matches_text():
    fb = Feedback("incorrect", "a < b & c", ("detail",), code="x = 1 < 2")
    page = fb._repr_html_()
    assert "a &lt; b &amp; c" in page and "x = 1 &lt; 2" in page and "Not quite" in page
    assert str(fb) == "Not quite: a < b & c\ndetail\n\n    x = 1 < 2"


def test_output_is_deterministic(bce_value):
    assert str(bce_value.evaluate(0.3)) == str(bce_value.evaluate(0.3))
    assert repr(bce_value).startswith("ValueExercise")
    assert not ADDRESS.search(repr(bce_value))


# -- the engine: function exercises ---------------------------------------------------------------------------------
def _bce(y, p):
    p = np.clip(np.asarray(p, dtype=float), 1e-12, 1 - 1e-12)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


@pytest.fixture
def bce_function():
    return FunctionExercise(
        "write bce(y_true, p_pred)",
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
        hints=["per example first"],
        solution_code="def bce(y_true, p_pred): ...",
    )


def test_function_good_answers(bce_function):
    def with_other_clip(y, p):
        p = np.clip(p, 1e-7, 1 - 1e-7)  # a different (sensible) clip still passes the edge case
        return np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)))

    assert bce_function.evaluate(_bce).correct
    assert bce_function.evaluate(with_other_clip).correct


def test_function_missing_clip_is_named_without_a_warning(bce_function, recwarn):
    def unclipped(y, p):
        return np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)))

    fb = bce_function.evaluate(unclipped)
    assert fb.misconception == "missing_clip", str(fb)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_function_swapped_arguments_recognised_on_its_own(bce_function):
    fb = bce_function.evaluate(lambda y, p: _bce(p, y))
    assert fb.misconception == "swapped_args" and "loss(y_true, y_pred)" in str(fb)


def test_function_declared_misconceptions(bce_function):
    assert bce_function.evaluate(lambda y, p: _bce(y, p) / np.log(10)).misconception == "log10"
    assert bce_function.evaluate(lambda y, p: _bce(y, p) * len(y)).misconception == "sum_vs_mean"
    assert bce_function.evaluate(lambda y, p: -_bce(y, p)).misconception == "sign"


def test_function_stub_exception_and_wrong_type(bce_function):
    def stub(y_true, p_pred):
        ...  # the learner has not started

    def todo(y_true, p_pred):
        raise NotImplementedError

    assert bce_function.evaluate(stub).status == "unattempted"
    assert bce_function.evaluate(todo).status == "unattempted"
    fb = bce_function.evaluate(lambda y, p: y[5])
    assert fb.status == "incorrect" and "raised IndexError on bce([1., 0.], [0.8, 0.3])" in fb.headline
    fb = bce_function.evaluate(0.5)
    assert "expected a function" in fb.headline


def test_function_wrong_answer_shows_the_first_failing_case(bce_function):
    fb = bce_function.evaluate(lambda y, p: 0.5)
    assert fb.status == "incorrect" and fb.misconception is None
    assert "on bce([1., 0.], [0.8, 0.3]) your function returns 0.5; expected" in fb.headline


def test_function_inputs_are_copied_for_each_case(bce_function):
    def vandal(y, p):
        result = _bce(y, p)
        p[:] = -1.0  # writes to its input; the next case must still get fresh arrays
        return result

    assert bce_function.evaluate(vandal).correct
    assert bce_function.cases[0].args[1].tolist() == [0.8, 0.3]


def test_forgot_softmax_in_a_function():
    def softmax(z):
        e = np.exp(z - np.max(z))
        return e / e.sum()

    ex = FunctionExercise("softmax", softmax, [(np.array([2.0, 1.0, 0.1]),), (np.array([0.0, 0.0]),)],
                          probabilities=True, bad=[lambda z: z / 3])
    assert ex.evaluate(softmax).correct
    assert ex.evaluate(lambda z: z).misconception == "forgot_softmax"


# -- the engine: predict-then-reveal ---------------------------------------------------------------------------------
@pytest.fixture
def guess():
    return Guess("the loss at p = 0.2", truth=-np.log(0.2), why="-log(0.2) is 1.61.",
                 misconceptions=[Misconception("log10", -np.log10(0.2))], lo=0, hi=5)


def test_guess_waits_for_a_guess(guess, capsys):
    assert guess.reveal(None) is None
    out = capsys.readouterr().out
    assert out.startswith("Make a guess first") and "1.609" not in out
    assert guess.evaluate(...).status == "unattempted"
    assert guess.evaluate("one").status == "unattempted"
    assert guess.evaluate(np.nan).status == "unattempted"


def test_guess_reveals_truth_distance_and_why(guess):
    text = str(guess.evaluate(1.0))
    assert text.startswith("The answer: 1.609.")
    assert "Your guess, 1, was 0.6094 too low, 38% off: some way off." in text
    assert text.endswith("Why: -log(0.2) is 1.61.")
    assert "spot on" in str(guess.evaluate(1.6))
    assert "19% off: close." in str(guess.evaluate(1.3))
    assert "too high" in str(guess.evaluate(4))
    assert guess.evaluate(0.69897).misconception == "log10"


def test_guess_widget_locks_in_and_reveals(guess):
    pytest.importorskip("ipywidgets")
    w = guess.widget()
    assert w._repr_mimebundle_()["text/plain"].startswith("Guess widget: the loss at p = 0.2")
    w.slider.value = 2.0
    assert "Your guess: 2." in w.status.value  # moving the slider changes the text beside it
    w.button.click()
    assert w.slider.disabled and w.button.disabled
    assert "Locked in: 2." in w.status.value


# -- the author's guide: its complete example must keep working -----------------------------------------------------
def test_authors_guide_example_runs_and_passes_its_own_checks():
    import textwrap
    import types

    doc = exercises.__doc__
    start = doc.index("A complete example")
    block = doc[doc.index("::\n", start) + 3: doc.index("In the notebook::", start)]
    source = textwrap.dedent(block).replace("from ._engine import", "from lossbook.exercises._engine import")
    module = types.ModuleType("lossbook.exercises.guide_example")
    exec(compile(source, "guide_example", "exec"), module.__dict__)  # noqa: S102 - our own docstring
    found = {k: v for k, v in vars(module).items() if isinstance(v, exercises.Exercise)}
    assert set(found) == {"bce_by_hand", "bce_function", "bce_guess"}
    for ex in found.values():
        assert ex.evaluate(ex.good_answer()).status in ("correct", "reveal")
        for mis in ex.misconceptions:
            assert ex.evaluate(mis.example).misconception == mis.key
    assert found["bce_by_hand"].evaluate(np.log(0.8)).misconception == "sign"
    assert str(found["bce_guess"].evaluate(None)).startswith("Make a guess first")
