#!/usr/bin/env python3
"""What ``import lossbook`` costs a learner, beyond NumPy, in fresh interpreters.

Each run starts a new interpreter that imports NumPy and then lossbook (a module imported once is cached, so every
measurement needs its own process). The baseline, measured in the same run and the same processes, is NumPy's own
import. Prints medians and the ratio; nothing is asserted (speed is information here, not a test).

Usage: python benchmarks/bench_import.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

TIMER = """
import time
t0 = time.perf_counter()
import numpy
t1 = time.perf_counter()
import lossbook
t2 = time.perf_counter()
import lossbook.plots
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    numpy_s, lossbook_s, plots_s = [], [], []
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, "-c", TIMER], capture_output=True, text=True, check=True, timeout=120)
        a, b, c = map(float, out.stdout.split())
        numpy_s.append(a)
        lossbook_s.append(b)
        plots_s.append(c)
    n, lb_, pl = (statistics.median(x) * 1e3 for x in (numpy_s, lossbook_s, plots_s))
    print(f"import numpy (baseline)        median {n:7.1f} ms")
    print(f"import lossbook, beyond numpy  median {lb_:7.1f} ms   ratio to numpy's import {lb_ / n:.2f}")
    print(f"lossbook.plots (Matplotlib)    median {pl:7.1f} ms   ratio to numpy's import {pl / n:.2f}")
    print(f"({args.runs} fresh interpreters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
