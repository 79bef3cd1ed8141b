"""Cross-references in the notebooks' narrative point at lessons that exist, under their right titles.

Checked in every markdown cell of every lesson in ``lossbook.lessons.LESSONS``:

- "lesson N.M" names an existing lesson; where a title in italics follows it ("lesson 1.2, *Mean squared error*"
  or "lesson 1.2 (*Mean squared error*)"), it is that lesson's title;
- an old-style two-digit reference ("lesson 03", "notebook 09") is ambiguous across weeks and is refused;
- a notebook named by file ("`04-categorical-cross-entropy.ipynb`" or "`02-mean-squared-error`") exists;
- the "**Next:**" line, where it names a notebook, names the lesson that follows in the table first;
- every ``lb.exercises.<module>.<exercise>`` the narrative mentions (the "Stuck?" commands) exists.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lossbook.lessons import LESSONS

ROOT = Path(__file__).resolve().parent.parent
BY_NUMBER = {lesson.number: lesson for lesson in LESSONS}
CHECKED = list(LESSONS)
FILE_STEMS = {Path(lesson.notebook).stem: lesson for lesson in LESSONS}

LESSON_REF = re.compile(r"\b[Ll]essons? (\d+\.\d+)(?:(?:, | \()\*([^*]+)\*)?")
OLD_STYLE = re.compile(r"\b(?:[Ll]esson|[Nn]otebook) (\d\d)\b")
FILE_REF = re.compile(r"`(\d\d-[a-z0-9-]+?)(?:\.ipynb)?`")
NEXT = re.compile(r"\*\*Next:\*\*(.*)", re.S)


def _markdown(lesson):
    cells = json.loads((ROOT / lesson.notebook).read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def _squash(text):
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("lesson", CHECKED, ids=lambda lesson: lesson.number)
def test_cross_references_name_existing_lessons(lesson):
    problems = []
    for text in map(_squash, _markdown(lesson)):
        for number, title in LESSON_REF.findall(text):
            target = BY_NUMBER.get(number)
            if target is None:
                problems.append(f"lesson {number} does not exist")
            elif title and title.strip().lower() != target.title.lower():
                problems.append(f"lesson {number} is titled {target.title!r}, not {title!r}")
        for ref in OLD_STYLE.findall(text):
            problems.append(f"'{ref}' is ambiguous across weeks: write 'lesson N.M' (and its title)")
        for stem in FILE_REF.findall(text):
            if stem not in FILE_STEMS:
                problems.append(f"no notebook {stem}.ipynb in the table of lessons")
    assert not problems, f"{lesson.notebook}: " + "; ".join(problems)


@pytest.mark.parametrize("lesson", [c for c in CHECKED if c is not LESSONS[-1]], ids=lambda lesson: lesson.number)
def test_next_names_the_following_lesson(lesson):
    following = LESSONS[LESSONS.index(lesson) + 1]
    for text in map(_squash, _markdown(lesson)):
        match = NEXT.search(text)
        if not match:
            continue
        refs = [(m.start(), FILE_STEMS.get(m.group(1))) for m in FILE_REF.finditer(match.group(1))]
        refs += [(m.start(), BY_NUMBER.get(m.group(1))) for m in LESSON_REF.finditer(match.group(1))]
        if refs:
            target = min(refs, key=lambda r: r[0])[1]  # the first lesson named
            assert target is following, (f"{lesson.notebook}: 'Next' names {target.notebook}, but the lesson after "
                                         f"{lesson.number} is {following.number}, {following.notebook}")


def test_the_patterns_catch_what_they_should():
    """The checker itself: a wrong number, a wrong title and an old-style reference are caught."""
    text = "see lesson 1.2, *Mean squared error*, lesson 9.9, lesson 1.3 (*Focal loss*) and lesson 03"
    found = LESSON_REF.findall(text)
    assert ("1.2", "Mean squared error") in found and ("9.9", "") in found and ("1.3", "Focal loss") in found
    assert "9.9" not in BY_NUMBER and BY_NUMBER["1.3"].title != "Focal loss"
    assert OLD_STYLE.findall(text) == ["03"]
    assert FILE_REF.findall("`04-categorical-cross-entropy.ipynb` and `02-mean-squared-error`") == [
        "04-categorical-cross-entropy", "02-mean-squared-error"]


EXERCISE_REF = re.compile(r"lb\.exercises\.([a-z_]+)\.([a-z_0-9]+)")


@pytest.mark.parametrize("lesson", CHECKED, ids=lambda lesson: lesson.number)
def test_exercise_commands_in_the_narrative_exist(lesson):
    import importlib

    missing = []
    for text in _markdown(lesson):
        for module, name in EXERCISE_REF.findall(text):
            try:
                found = hasattr(importlib.import_module(f"lossbook.exercises.{module}"), name)
            except ImportError:
                found = False
            if not found:
                missing.append(f"lb.exercises.{module}.{name}")
    assert not missing, f"{lesson.notebook} mentions exercises that do not exist: {missing}"
