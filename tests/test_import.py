"""``import lossbook`` is light: it does not pull in Matplotlib or ipywidgets, and costs little beyond NumPy.

Each measurement runs in a fresh interpreter (a module imported once is cached for good). The timing test takes the
minimum of several runs: on a busy shared machine the noise only ever adds time, so the minimum is the honest
estimate of the cost, and a generous budget keeps the test from flaking.
"""

import json
import subprocess
import sys

RUNS = 5
BUDGET_S = 0.050


def _run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_import_does_not_load_plotting_or_widgets():
    out = _run(
        "import sys, json, lossbook\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('matplotlib', 'ipywidgets', 'IPython', 'scipy', 'torch'))))"
    )
    assert json.loads(out) == []


def test_lazy_layers_still_load_on_first_use():
    out = _run("import sys, lossbook\nlossbook.plots\nprint('matplotlib' in sys.modules)")
    assert out.strip() == "True"


_TIMER = """
import time
t0 = time.perf_counter()
import numpy
t1 = time.perf_counter()
{extra}
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def test_import_cost_beyond_numpy():
    costs = []
    for _ in range(RUNS):
        # numpy is imported first in the same fresh process, so the second interval is lossbook's own cost
        _, cost = map(float, _run(_TIMER.format(extra="import lossbook")).split())
        costs.append(cost)
    assert min(costs) < BUDGET_S, f"import lossbook took {min(costs) * 1e3:.1f} ms beyond numpy (min of {RUNS}: {costs})"
