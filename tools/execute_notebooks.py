#!/usr/bin/env python3
"""Re-execute notebooks in a fresh kernel, top to bottom, and save them with their outputs.

Usage: python tools/execute_notebooks.py [NOTEBOOK_OR_FOLDER ...]   (default: notebooks)
       options: --timeout SECONDS (per cell, default 120)

Each notebook runs in its own folder (so relative paths behave as in JupyterLab), with the kernelspec set to
``python3``. Volatile metadata (execution timings) is removed so that a re-run shows only real changes in a diff.
On an error the notebook is not saved, the error is printed, and the script exits 1 after trying the others.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
VOLATILE_CELL_METADATA = ("execution", "ExecuteTime", "collapsed", "scrolled")


def find_notebooks(targets):
    books = []
    for target in map(Path, targets):
        if target.is_dir():
            books.extend(sorted(p for p in target.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts))
        elif target.suffix == ".ipynb" and target.is_file():
            books.append(target)
        else:
            raise SystemExit(f"not a notebook or folder: {target}")
    return books


def clean(nb):
    """Fixed kernelspec, no timings; outputs and widget state stay."""
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.setdefault("language_info", {})["name"] = "python"
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                output.get("metadata", {}).pop("execution", None)
    return nb


def execute(path, timeout):
    nb = nbformat.read(path, as_version=4)
    clean(nb)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent.resolve())}},
        record_timing=False,
        allow_errors=False,
    )
    client.execute()
    clean(nb)
    nbformat.validate(nb)
    nbformat.write(nb, path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", default=["notebooks"])
    parser.add_argument("--timeout", type=int, default=120, help="seconds per cell (default 120)")
    args = parser.parse_args(argv)
    # Deterministic kernels: a fixed hash seed, a headless Matplotlib outside the inline backend, no debugger
    # warning about frozen modules on stderr.
    os.environ.setdefault("PYTHONHASHSEED", "0")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    books = find_notebooks(args.targets)
    if not books:
        print("no notebooks found")
        return 1
    failed = []
    for path in books:
        start = time.perf_counter()
        try:
            execute(path, args.timeout)
        except (CellExecutionError, CellTimeoutError) as err:
            failed.append(path)
            print(f"FAILED {path} after {time.perf_counter() - start:.1f} s (not saved):\n{err}\n", file=sys.stderr)
            continue
        print(f"{path}: {time.perf_counter() - start:.1f} s")
    if failed:
        print(f"{len(failed)} of {len(books)} notebooks failed: " + ", ".join(map(str, failed)), file=sys.stderr)
        return 1
    print(f"{len(books)} notebooks executed and saved")
    return 0


if __name__ == "__main__":
    sys.exit(main())
