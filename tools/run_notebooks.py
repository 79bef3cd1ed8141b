#!/usr/bin/env python3
"""Run notebooks top to bottom in a fresh kernel of *this* Python, save nothing, and fail on any error or warning.

Usage: python tools/run_notebooks.py [NOTEBOOK_OR_FOLDER ...]   (default: notebooks)
       options: --timeout SECONDS (per cell, default 120)

This is the check for an environment other than the pinned one (Colab's stack, the ranges' low end): outputs are not
compared (nbval does that in the pinned environment, where they are exact); what must hold everywhere is that every
cell runs, and that nothing is written to stderr (a warning, a deprecation notice, a traceback). The kernel is this
interpreter's own ipykernel (checked in the kernel), so a kernelspec installed elsewhere cannot stand in for it.
Exit status 1 names every notebook and cell that failed.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from execute_notebooks import find_notebooks  # noqa: E402  (the same notebook discovery as `make execute`)

# Runs first, in the kernel: the kernel must be this interpreter, whatever kernelspecs are installed around it.
SAME_PYTHON = ("import sys as _s\n"
               "assert _s.prefix == {prefix!r}, 'kernel from another environment: ' + _s.prefix\n"
               "del _s")


def stderr_of(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream"
                   and o.get("name") == "stderr")


def run(path, timeout):
    """Execute one notebook in memory; return a list of problems (empty when clean)."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(SAME_PYTHON.format(prefix=sys.prefix)))
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(path.parent.resolve())}})
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as err:
        text = re.sub(r"\x1b\[[0-9;]*m", "", str(err))  # the traceback's terminal colours
        lines = [line for line in text.strip().splitlines() if line.strip()]
        return ["\n  ".join(lines[-4:]) if lines else type(err).__name__]
    problems = []
    for number, cell in enumerate(nb.cells[1:], start=1):
        if cell.cell_type == "code" and stderr_of(cell):
            problems.append(f"cell {number} wrote to stderr: {stderr_of(cell).strip()[:300]}")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", default=["notebooks"])
    parser.add_argument("--timeout", type=int, default=120, help="seconds per cell (default 120)")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # the debugger's frozen-modules note on stderr
    books = find_notebooks(args.targets)
    if not books:
        print("no notebooks found")
        return 1
    failed, start_all = [], time.perf_counter()
    for path in books:
        start = time.perf_counter()
        problems = run(path, args.timeout)
        took = time.perf_counter() - start
        if problems:
            failed.append(path)
            print(f"FAILED {path} ({took:.1f} s):\n  " + "\n  ".join(problems), file=sys.stderr)
        else:
            print(f"ok {path} ({took:.1f} s)")
    total = time.perf_counter() - start_all
    if failed:
        print(f"{len(failed)} of {len(books)} notebooks failed ({total:.0f} s)", file=sys.stderr)
        return 1
    print(f"{len(books)} notebooks ran clean: no error, nothing on stderr ({total:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
