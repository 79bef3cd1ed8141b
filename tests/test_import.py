"""``import lossbook`` is light: it does not pull in Matplotlib or ipywidgets (each check runs in a fresh interpreter,
since a module imported once is cached for good). How long the import takes is measured by
benchmarks/bench_import.py, not here: a timed test only measures how busy the machine is.
"""

import json
import subprocess
import sys

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
