"""Kernel-side cost of one slider step, for every registered widget and every control.

Drives each control through ~30 values the way the frontend does (assigning ``.value``), and times the whole step:
the observe callback, the readout update and the PNG render. Prints per widget the median, the 95th percentile and
the worst step in ms, and a baseline measured in the same run: an ``@interact``-style full redraw (a new pyplot
figure, plot, render to PNG, close) of a comparable figure. Target: median <= 30 ms per step for every widget.

Usage: python benchmarks/bench_widgets.py [widget names...]
"""

from __future__ import annotations

import io
import os
import sys
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import ipywidgets as widgets  # noqa: E402
import numpy as np  # noqa: E402

import lossbook as lb  # noqa: E402

TARGET_MS = 30.0
N_VALUES = 30


def _values(control, n=N_VALUES):
    """n values for ``control``, sweeping its range up and down, never repeating the current value consecutively."""
    if isinstance(control, (widgets.FloatSlider, widgets.IntSlider)):
        lo, hi, step = control.min, control.max, control.step
        grid = np.arange(lo, hi + step / 2, step)
        idx = np.linspace(0, len(grid) - 1, n).round().astype(int)
        vals = [grid[i] for i in idx]
        if isinstance(control, widgets.IntSlider):
            vals = [int(v) for v in vals]
        else:
            vals = [float(round(v, 10)) for v in vals]
        # Alternate direction so consecutive values always differ, as a dragged handle does.
        return vals[::2] + vals[1::2][::-1]
    if isinstance(control, widgets.Checkbox):
        return [not control.value if i % 2 == 0 else control.value for i in range(n)]
    options = [o[1] if isinstance(o, tuple) else o for o in control.options]
    return [options[i % len(options)] for i in range(1, n + 1)]


def bench_widget(name):
    w = lb.widgets.build(name)
    times = []
    per_control = {}
    for cname, control in w.controls.items():
        start_value = control.value
        ct = []
        last = control.value
        for v in _values(control):
            if v == last:
                continue
            t0 = time.perf_counter()
            control.value = v  # what the frontend's comm message does: observers run, readout, render
            ct.append(time.perf_counter() - t0)
            last = v
        control.value = start_value
        per_control[cname] = np.median(ct) * 1e3
        times.extend(ct)
    t = np.array(times) * 1e3
    return t, per_control, w


def baseline(n=N_VALUES):
    """An @interact-style step: a new pyplot figure, plot the curve and point, render to PNG bytes, close."""
    import matplotlib.pyplot as plt

    x = np.linspace(0.001, 0.999, 400)
    times = []
    for p in np.linspace(0.05, 0.95, n):
        t0 = time.perf_counter()
        fig, ax = plt.subplots(figsize=(5.2, 3.2), dpi=90, layout="constrained")
        ax.plot(x, -np.log(x))
        ax.plot([p], [-np.log(p)], "o")
        ax.axvline(p, ls=":")
        ax.set(xlabel="predicted p", ylabel="loss", ylim=(0, 5), title=f"loss = {-np.log(p):.3f}")
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        plt.close(fig)
        times.append(time.perf_counter() - t0)
    return np.array(times) * 1e3


def main(names):
    names = names or lb.widgets.registered()
    base = baseline()
    base_median = float(np.median(base))
    print(f"baseline (@interact-style full redraw): median {base_median:.1f} ms, p95 {np.percentile(base, 95):.1f} ms, "
          f"worst {base.max():.1f} ms")
    print(f"{'widget':<22} {'steps':>5} {'median':>8} {'p95':>8} {'worst':>8} {'x faster':>9} {'png KB':>7}  per control (median ms)")
    failed = []
    for name in names:
        t, per_control, w = bench_widget(name)
        med = float(np.median(t))
        if med > TARGET_MS:
            failed.append(name)
        controls = ", ".join(f"{k} {v:.1f}" for k, v in per_control.items())
        print(f"{name:<22} {len(t):>5} {med:>8.1f} {np.percentile(t, 95):>8.1f} {t.max():>8.1f} "
              f"{base_median / med:>9.1f} {len(w.png) / 1024:>7.1f}  {controls}")
    print(f"target: median <= {TARGET_MS:.0f} ms per step: " + ("met by every widget" if not failed else f"MISSED by {failed}"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
