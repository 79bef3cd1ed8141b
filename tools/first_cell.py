#!/usr/bin/env python3
"""Every notebook's first code cell: use lossbook where it is installed, install it where it is missing (Colab).

Usage: python tools/first_cell.py [NOTEBOOK ...]          put the cell in these notebooks (default: every notebook),
                                                          before the first code cell, or in place of an older one
       python tools/first_cell.py --check [NOTEBOOK ...]  exit 1 if a notebook's first code cell is not the current one

The cell is derived from pyproject.toml, the one place the repository's public address is kept
(``[project.urls] Repository = "https://..."``). With an address, the cell installs the course from it with
``%pip`` (quietly, only when ``import lossbook`` fails) and says what it did; without one (today) it says what to do
instead, and no notebook links anywhere. "Open in Colab" links are derived from the same address
(:func:`colab_link`). Re-execute the notebooks afterwards (tools/execute_notebooks.py).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
MARK = "# Setup: "  # the first line of the cell, how it is recognised

WITH_ADDRESS = '''# Setup: use lossbook if this Python has it; install it if not (as in Colab), quietly.
try:
    import lossbook as lb
    print("lossbook is ready: it is already installed in this Python.")
except ModuleNotFoundError:
    %pip install -q "lossbook @ git+{url}"
    import importlib
    importlib.invalidate_caches()
    import lossbook as lb
    print("lossbook installed from {url} (nothing else changed).")'''

WITHOUT_ADDRESS = '''# Setup: use lossbook if this Python has it; if not (as in Colab), say how to install it.
try:
    import lossbook as lb
    print("lossbook is ready: it is already installed in this Python.")
except ModuleNotFoundError:
    print("lossbook is not installed in this Python. In Colab: upload the course's wheel\\n"
          "(made on a computer with the course: python -m pip wheel --no-deps -w dist .)\\n"
          "in the Files panel, run  %pip install -q lossbook-*.whl  in a cell, then run this cell again.\\n"
          "On your computer: open the course with make lab (see the course's README).")'''


def repository_url(pyproject=ROOT / "pyproject.toml"):
    """The repository's public address from ``[project.urls]``, or None while there is none."""
    urls = tomllib.loads(Path(pyproject).read_text(encoding="utf-8"))["project"].get("urls", {})
    for key in ("Repository", "Source", "Homepage"):
        if urls.get(key):
            return urls[key].rstrip("/")
    return None


def cell_source(url=None):
    return WITH_ADDRESS.format(url=url) if url else WITHOUT_ADDRESS


def colab_link(url, notebook, branch="main"):
    """"Open in Colab" for a notebook of a GitHub repository at ``url``; None without an address."""
    if not url or not url.startswith("https://github.com/"):
        return None
    relative = Path(notebook).resolve().relative_to(ROOT).as_posix()
    return f"https://colab.research.google.com/github/{url.removeprefix('https://github.com/')}/blob/{branch}/{relative}"


def notebooks():
    return sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def first_code_cell(nb):
    return next((c for c in nb.cells if c.cell_type == "code"), None)


def put(path, source):
    """Make ``source`` the notebook's first code cell; True when the file changed."""
    nb = nbformat.read(path, as_version=4)
    first = first_code_cell(nb)
    if first is not None and first.source.startswith(MARK):
        if first.source == source:
            return False
        first.source = source
        first.outputs, first.execution_count = [], None
    else:
        index = nb.cells.index(first) if first is not None else len(nb.cells)
        nb.cells.insert(index, nbformat.v4.new_code_cell(source))
    nbformat.write(nb, path)
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    source = cell_source(repository_url())
    books = [p.resolve() for p in args.notebooks] or notebooks()
    if args.check:
        wrong = [p for p in books if getattr(first_code_cell(nbformat.read(p, as_version=4)), "source", None)
                 != source]
        for path in wrong:
            print(f"{path.relative_to(ROOT)}: the first code cell is not the setup cell (python tools/first_cell.py)")
        return 1 if wrong else 0
    changed = [p for p in books if put(p, source)]
    for path in changed:
        print(f"{path.relative_to(ROOT)}: setup cell written; re-execute it")
    print(f"{len(changed)} of {len(books)} notebooks changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
