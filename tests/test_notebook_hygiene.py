"""Hygiene of the committed notebooks: executed top to bottom, outputs stored, nothing machine-specific, short cells.

nbval (``pytest --nbval``) re-runs each notebook and compares outputs; this file checks what nbval cannot: that the
stored outputs are worth comparing. Each check is parametrised per notebook, so a failure names the notebook.
Fix most failures with ``make execute`` (re-runs every notebook in a fresh kernel and saves it).

The rules follow the course's shared notebook checker; the project keeps its own copy here, plus three of its own:
at least 80% of code cells course-wide are compared by nbval, every notebook opens with a markdown cell that states
its learning goals, and no code cell is longer than 15 lines (a cell does one thing).
"""

import json
import re
from pathlib import Path

import pytest

from lossbook.lessons import LESSONS

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
START_HERE = NOTEBOOKS / "00-start-here.ipynb"
# The notebooks of the table of lessons (lossbook/lessons.py); test_every_notebook_is_a_lesson_in_the_table checks
# that the folder holds exactly these.
BOOKS = [REPO / entry.notebook for entry in LESSONS]
IDS = [str(p.relative_to(NOTEBOOKS)) for p in BOOKS]

# an absolute path of at least three parts (not a URL, not a relative path): it names somebody's machine
MACHINE_PATH = re.compile(r"(?<![\w.:/])/(?:[\w.+-]+/){2,}[\w.+-]*|\b[A-Z]:\\\\\w")
MEMORY_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")
MARKERS = ("NBVAL_IGNORE_OUTPUT", "NBVAL_SKIP")
MAX_BYTES = 2_000_000
MAX_CODE_LINES = 15
MIN_COMPARED = 0.80
GOALS = re.compile(r"learning goals?|you will|you'll|by the end|in this (notebook|lesson)", re.IGNORECASE)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell):
    return "".join(cell.get("source", ""))


def code_cells(nb):
    """(1-based index among all cells, cell) for every code cell."""
    return [(i, c) for i, c in enumerate(nb.get("cells", []), start=1) if c.get("cell_type") == "code"]


def unchecked(cell):
    return any(marker in source(cell) for marker in MARKERS)


def text_of(output):
    if output.get("output_type") == "stream":
        return "".join(output.get("text", ""))
    data = output.get("data", {})
    return "".join(data.get("text/plain", "")) + "".join(data.get("text/html", ""))


def outputs(nb):
    for index, cell in code_cells(nb):
        for output in cell.get("outputs", []):
            yield index, cell, output


notebook = pytest.mark.parametrize("path", BOOKS, ids=IDS)


def test_start_here_exists():
    assert START_HERE.is_file(), "notebooks/00-start-here.ipynb is missing: it is where every learner begins"


def test_every_notebook_is_a_lesson_in_the_table():
    on_disk = sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    assert sorted(BOOKS) == on_disk, ("notebooks and lossbook/lessons.py disagree: add the lesson's row to LESSONS "
                                      f"(missing: {sorted(set(on_disk) - set(BOOKS))}, "
                                      f"no notebook: {sorted(set(BOOKS) - set(on_disk))})")


@notebook
def test_size(path):
    size = path.stat().st_size
    assert size <= MAX_BYTES, f"{size} bytes; keep notebooks under {MAX_BYTES} (smaller figures, fewer frames)"


@notebook
def test_nbval_markers_are_exact(path):
    # nbval honours a marker only when the comment is exactly the marker: "# NBVAL_IGNORE_OUTPUT (why)" is ignored,
    # so the cell would be compared after all. Put the reason on a line of its own.
    bad = [(index, line.strip()) for index, cell in code_cells(load(path)) for line in source(cell).splitlines()
           if "NBVAL_" in line and line.strip().lstrip("#").strip() not in ("NBVAL_IGNORE_OUTPUT", "NBVAL_SKIP",
                                                                         "NBVAL_CHECK_OUTPUT", "NBVAL_RAISES_EXCEPTION")]
    assert not bad, f"nbval would not see these markers (cell, line): {bad}; write the marker alone on its line"


@notebook
def test_kernelspec_is_python3(path):
    kernel = load(path).get("metadata", {}).get("kernelspec", {}).get("name")
    assert kernel == "python3", f"kernelspec name is {kernel!r}; use 'python3' so any learner's kernel runs it"


@notebook
def test_executed_top_to_bottom_with_outputs_stored(path):
    problems, expected = [], 1
    for index, cell in code_cells(load(path)):
        count = cell.get("execution_count")
        if count is None:
            if cell.get("outputs"):
                problems.append(f"cell {index}: outputs stored but no execution count")
            elif source(cell).strip():
                problems.append(f"cell {index}: never executed")
            continue
        if count != expected:
            problems.append(f"cell {index}: execution count {count}, expected {expected}")
            expected = count
        expected += 1
    assert not problems, "; ".join(problems) + " (run `make execute`: a fresh kernel, top to bottom)"


@notebook
def test_no_error_outputs(path):
    errors = [f"cell {i}: {o.get('ename')}: {o.get('evalue', '')[:80]}"
              for i, _, o in outputs(load(path)) if o.get("output_type") == "error"]
    assert not errors, "stored errors: " + "; ".join(errors)


@notebook
def test_no_warnings_on_stderr(path):
    warned = [f"cell {i}: {text_of(o).strip()[:80]}" for i, _, o in outputs(load(path))
              if o.get("name") == "stderr" and "Warning" in text_of(o)]
    assert not warned, "a warning reaches the learner (and nbval compares stderr): " + "; ".join(warned)


@notebook
def test_no_machine_paths(path):
    found = [f"cell {i}: {MACHINE_PATH.search(text_of(o)).group(0)}" for i, _, o in outputs(load(path))
             if MACHINE_PATH.search(text_of(o))]
    assert not found, "outputs show a machine path: " + "; ".join(found)


@notebook
def test_no_memory_addresses_in_compared_cells(path):
    found = [f"cell {i}" for i, cell, o in outputs(load(path))
             if MEMORY_ADDRESS.search(text_of(o)) and not unchecked(cell)]
    assert not found, ("outputs hold a memory address, which changes every run (give the object a stable repr, or "
                       "end the cell with plt.show() / assign to _): " + ", ".join(found))


@notebook
def test_first_cell_is_markdown_with_learning_goals(path):
    cells = load(path).get("cells", [])
    assert cells and cells[0].get("cell_type") == "markdown", "the first cell must be markdown (title and goals)"
    text = source(cells[0])
    assert text.lstrip().startswith("#"), "the first cell should open with a title (# ...)"
    assert GOALS.search(text), "the first cell should state the learning goals ('In this notebook you will ...')"


@notebook
def test_code_cells_are_short(path):
    long = []
    for index, cell in code_cells(load(path)):
        lines = [line for line in source(cell).splitlines() if line.strip()]
        if len(lines) > MAX_CODE_LINES:
            long.append(f"cell {index} ({len(lines)} lines)")
    assert not long, (f"code cells longer than {MAX_CODE_LINES} lines (a cell does one thing; move helpers into "
                      "lossbook): " + ", ".join(long))


def test_nbval_compares_most_code_cells_course_wide():
    if not BOOKS:
        pytest.skip("no notebooks yet")
    total = compared = 0
    per_book = []
    for path in BOOKS:
        cells = [c for _, c in code_cells(load(path)) if source(c).strip()]
        ignored = sum(unchecked(c) for c in cells)
        total += len(cells)
        compared += len(cells) - ignored
        if ignored:
            per_book.append(f"{path.relative_to(NOTEBOOKS)}: {ignored} of {len(cells)} unchecked")
    share = compared / total if total else 1.0
    assert share >= MIN_COMPARED, (f"nbval compares {compared} of {total} code cells ({share:.0%}); keep "
                                   f"NBVAL_IGNORE_OUTPUT/NBVAL_SKIP for live widgets only ({'; '.join(per_book)})")
