"""The table of lessons (lossbook/lessons.py) and the tree agree: every piece of a lesson is found from its notebook's
name, the README's syllabus is the table, and the layers' packages refuse names that would hide one another."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from lossbook._flatten import flatten, public_modules
from lossbook.lessons import LAYERS, LESSONS, SHARED, Lesson, lesson, lesson_of_module, slug_of

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "lossbook"
NOTEBOOKS = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "notebooks").rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)


# -- the table ---------------------------------------------------------------------------------------------------------
def test_every_notebook_is_in_the_table_and_every_entry_has_its_notebook():
    listed = [entry.notebook for entry in LESSONS]
    assert sorted(listed) == NOTEBOOKS, (f"in the folder, not the table: {sorted(set(NOTEBOOKS) - set(listed))}; "
                                         f"in the table, no notebook: {sorted(set(listed) - set(NOTEBOOKS))}")


def test_table_is_in_teaching_order_and_numbers_follow_the_file_names():
    for entry in LESSONS:
        folder, name = entry.notebook.split("/")[-2:]
        position = int(name[:2])
        if entry.week == 0:
            assert (folder, position) == ("notebooks", 0), entry
        else:
            assert folder == f"week{entry.week}" and entry.number == f"{entry.week}.{position}", entry
    keys = [tuple(int(part) for part in entry.number.split(".")) for entry in LESSONS]
    assert keys == sorted(keys)


@pytest.mark.parametrize(("notebook", "slug"), [
    ("notebooks/week2/01-mae-and-huber.ipynb", "mae_and_huber"),
    ("notebooks/week1/02-mean-squared-error.ipynb", "mean_squared_error"),
    ("notebooks/00-start-here.ipynb", "start_here"),
    ("notebooks/week2/10-when-the-numbers-bite.ipynb", "when_the_numbers_bite"),
    ("notebooks/week1/06-the-training-loop.ipynb", "the_training_loop"),
])
def test_slug_is_the_file_name_without_its_number(notebook, slug):
    assert slug_of(notebook) == slug


@pytest.mark.parametrize("bad", ["notebooks/week2/focal-loss.ipynb", "notebooks/week2/04_focal_loss.ipynb",
                                 "week2/04-focal-loss.ipynb", "notebooks/week2/04-Focal-Loss.ipynb"])
def test_badly_named_notebooks_are_refused(bad):
    with pytest.raises(ValueError, match="is not named"):
        slug_of(bad)


def test_records_validate_their_fields():
    with pytest.raises(ValueError, match="number"):
        Lesson("2.04", "notebooks/week2/04-focal-loss.ipynb", "t", "w", "s")
    with pytest.raises(ValueError, match="section=None"):
        Lesson("3.1", "notebooks/week3/01-perplexity.ipynb", "t", "w", "a section", beyond_newsletter=True)
    assert lesson("2.4") is lesson("focal_loss")
    with pytest.raises(KeyError, match="no lesson"):
        lesson("9.9")


def test_the_table_imports_neither_matplotlib_nor_ipywidgets():
    code = ("import sys, lossbook.lessons as l; l.LESSONS[4].modules; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'ipywidgets')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "[]"


# -- one lesson, one name in every layer ----------------------------------------------------------------------------
@pytest.mark.parametrize("layer", LAYERS)
def test_every_module_of_a_layer_is_a_lessons_or_a_listed_shared_one(layer):
    slugs = {entry.slug for entry in LESSONS}
    public = sorted(p.stem for p in (PACKAGE / layer).glob("*.py") if not p.stem.startswith("_"))
    stray = [name for name in public if name not in slugs and name not in SHARED[layer]]
    assert not stray, (f"lossbook/{layer}: {stray} is neither a lesson's slug nor in lossbook.lessons.SHARED; "
                       "name a lesson's module after its notebook")
    assert not set(SHARED[layer]) & slugs


@pytest.mark.parametrize("entry", LESSONS, ids=[entry.slug for entry in LESSONS])
def test_a_lessons_modules_import_and_it_has_its_own_test_file(entry):
    for layer, module_name in entry.modules.items():
        module = importlib.import_module(module_name)
        assert Path(module.__file__) == PACKAGE / layer / f"{entry.slug}.py"
    if entry.modules:
        assert (REPO / entry.test).is_file(), f"lesson {entry.number} has {list(entry.modules)} but no {entry.test}"


def test_every_lesson_test_file_belongs_to_a_lesson():
    slugs = {entry.slug for entry in LESSONS}
    files = sorted(p.name for p in (REPO / "tests").glob("test_lesson_*.py"))
    assert files and all(name[len("test_lesson_"):-3] in slugs for name in files), files


def test_lesson_2_4_can_be_found_from_its_notebooks_name():
    focal = lesson("2.4")
    assert focal.notebook == "notebooks/week2/04-focal-loss.ipynb"
    assert focal.modules == {layer: f"lossbook.{layer}.focal_loss" for layer in LAYERS}
    assert focal.test == "tests/test_lesson_focal_loss.py"
    assert lesson_of_module("lossbook.widgets.focal_loss") is focal
    assert lesson_of_module("lossbook.widgets.curves") is None and lesson_of_module("lossbook.losses.overlap") is None


# -- the registries know their lesson ------------------------------------------------------------------------------
def test_every_registered_widget_knows_its_lesson():
    import lossbook as lb

    for name in lb.widgets.registered():
        factory = lb.widgets.REGISTRY[name]
        module = factory.__wrapped__.__module__
        expected = module.rsplit(".", 1)[-1]
        if expected in SHARED["widgets"]:
            assert factory.lesson is None, name
        else:
            assert factory.lesson == expected and lesson(expected), name
    assert lb.widgets.REGISTRY["focal_shares"].lesson == "focal_loss"


def test_every_exercise_knows_its_lesson_and_lessons_come_from_the_table():
    from lossbook import exercises

    assert exercises.lesson_modules() == [e.slug for e in LESSONS if "exercises" in e.modules]
    for name, exercise in exercises.all_exercises().items():
        assert exercise.lesson == name.split(".")[0], name
    assert exercises.focal_loss.by_hand.lesson == "focal_loss"


# -- the README's syllabus is the table ---------------------------------------------------------------------------
def _readme_rows():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Syllabus"):]
    section = section[:section.index("\n## ", 1)]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| # ")]
    return [[cell.strip() for cell in row.strip().strip("|").split(" | ")] for row in rows]


def test_readme_syllabus_matches_the_table_row_for_row():
    sys.path.insert(0, str(REPO / "tools"))
    try:
        syllabus = importlib.import_module("syllabus")
    finally:
        sys.path.remove(str(REPO / "tools"))
    rows = _readme_rows()
    assert len(rows) == len(LESSONS), f"README lists {len(rows)} lessons, the table {len(LESSONS)}"
    for cells, entry in zip(rows, LESSONS):
        number, link, what, section = cells
        title, target = re.fullmatch(r"\[(.+)\]\((.+)\)", link).groups()
        assert (number, title, target) == (entry.number, entry.title, entry.notebook), cells
        assert what == entry.what_you_do, cells
        assert section == syllabus.section_cell(entry), cells
        if entry.beyond_newsletter:
            assert section == syllabus.BEYOND
    assert syllabus.table().splitlines()[2:] == [f"| {' | '.join(cells)} |" for cells in rows]


# -- flattening into lb.plots / lb.widgets refuses collisions ----------------------------------------------------------
def _fake(name, **exports):
    module = types.ModuleType(name)
    module.__dict__.update(exports)
    module.__all__ = list(exports)
    return module


def test_flatten_refuses_a_name_defined_twice_and_names_both_sources():
    a = _fake("pkg.lesson_a", show=lambda: "a")
    b = _fake("pkg.lesson_b", show=lambda: "b")
    with pytest.raises(ImportError, match=r"'show' is defined by both pkg\.lesson_a and pkg\.lesson_b"):
        flatten({"__name__": "pkg"}, [a, b])


def test_flatten_refuses_a_name_that_would_shadow_a_module():
    # today's bug, rebuilt: a module training_loop exporting a function training_loop hides its own module
    loop = _fake("pkg.training_loop", training_loop=lambda: None)
    with pytest.raises(ImportError, match=r"'training_loop' from pkg\.training_loop would shadow the module "
                                          r"pkg\.training_loop"):
        flatten({"__name__": "pkg"}, [loop])
    other = _fake("pkg.focal_loss", curves=lambda: None)
    curves = _fake("pkg.curves", plot=lambda: None)
    with pytest.raises(ImportError, match=r"'curves' from pkg\.focal_loss would shadow the module pkg\.curves"):
        flatten({"__name__": "pkg"}, [other, curves])


def test_flatten_sees_modules_on_disk_and_copies_the_rest(tmp_path):
    (tmp_path / "focal_loss.py").write_text("")
    namespace = {"__name__": "pkg", "__path__": [str(tmp_path)]}
    with pytest.raises(ImportError, match="would shadow the module pkg.focal_loss"):
        flatten(namespace, [_fake("pkg._base", focal_loss=1)])
    names = flatten(namespace, [_fake("pkg._base", Base=1), _fake("pkg.curves", curve=2)])
    assert names == ["Base", "curve"] and namespace["curve"] == 2


def test_the_real_packages_flatten_without_collisions():
    import lossbook as lb

    for package in (lb.plots, lb.widgets):
        assert len(package.__all__) == len(set(package.__all__))
        assert not set(package.__all__) & set(public_modules(vars(package))), package.__name__
    assert isinstance(lb.widgets.the_training_loop, types.ModuleType)
    assert callable(lb.widgets.training_loop)


# -- the exercise engine and its widget do not import each other -----------------------------------------------------
def _module_level_imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {(node.module or "") for node in tree.body if isinstance(node, ast.ImportFrom)}


def test_no_import_cycle_between_the_exercise_engine_and_its_widget():
    folder = PACKAGE / "exercises"
    widget = _module_level_imports(folder / "_widget.py")
    engine = _module_level_imports(folder / "_engine.py")
    assert "_engine" not in widget, "_widget imports _engine, which imports _widget (in Guess.widget): a cycle"
    assert "_widget" not in engine
    assert "_feedback" in widget and "_feedback" in engine
    assert not {"_engine", "_widget"} & _module_level_imports(folder / "_feedback.py")
