#!/usr/bin/env python3
"""Build a test environment pinned to a constraints file, check that installing lossbook changes nothing in it, and
run the package tests and every notebook there.

Usage: python tools/testenv.py colab|oldest [--python PYTHON] [--rebuild] [--skip-tests] [--skip-notebooks]

  colab   .venv-colab on Google Colab's preinstalled stack (tests/constraints-colab.txt): ipywidgets 7.7.1,
          widgetsnbextension 3.6, ipykernel 6.17, IPython 7.34, numpy 2.1, matplotlib 3.10, classic notebook 6.5.
  oldest  .venv-oldest on the low end of pyproject.toml's ranges (tests/constraints-oldest.txt).

The build installs the pinned stack and the test tools first, then checks what a learner's ``pip install`` of the
course would do there (``pip install --dry-run --report``): it must install lossbook and nothing else; then it
installs lossbook (editable) and checks with ``pip list`` that every other package is exactly as it was. The
environment is rebuilt only when its inputs change (the constraints file, pyproject.toml's dependencies and
requires-python, the test tools, the Python version). Then, in that environment:

- the package tests and doctests (``tests``, ``lossbook``), except the browser and JupyterHub tests (they drive the
  front ends and the deployment of the main environment) and nbval (it compares outputs exactly, which only the
  pinned environment produces);
- every notebook, top to bottom in a fresh kernel of that environment, with no error and nothing on stderr
  (tools/run_notebooks.py).

Runs the same on Windows (``python tools\\testenv.py colab``). Exit status 1 when any step fails.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENVS = {
    "colab": "tests/constraints-colab.txt",
    "oldest": "tests/constraints-oldest.txt",
}
# What the tests and the notebook runner need on top of the pinned stack; resolved under the same constraints, so
# none of them can move a pinned package.
TEST_TOOLS = ["ipykernel", "pytest", "hypothesis", "mpmath", "scipy", "scikit-learn", "nbclient", "nbformat"]
# lossbook's build backend, installed up front so that the editable install below needs no isolated build
# environment (half a minute each time); pip resolves lossbook's dependencies the same way either way.
BUILD = ["setuptools>=77", "wheel"]
# Not here: the browser tests (they drive the front ends from .venv), the JupyterHub test (a deployment of .venv),
# nbval (its exact outputs are the pinned set's). CI's "must not skip" switches are for .venv's run only.
PYTEST_ARGS = ["-q", "-p", "no:cacheprovider", "-o", "addopts=--doctest-modules", "-m", "not browser and not hub",
               "--ignore=tests/test_hub.py", "tests", "lossbook"]  # (test_hub imports the hub's own tools)
MAIN_ONLY = ("LOSSBOOK_REQUIRE_BROWSER", "LOSSBOOK_REQUIRE_HUB")


def env_python(env):
    return env / ("Scripts" if os.name == "nt" else "bin") / ("python.exe" if os.name == "nt" else "python")


def pinned_names(constraints):
    """The package names a constraints file pins (``name==version`` lines)."""
    names = []
    for line in constraints.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            names.append(line.split("==")[0].split(">")[0].split("<")[0].strip())
    return names


def step(title, command, **kwargs):
    print(f"--- {title}", flush=True)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, **kwargs)
    print(f"--- {title}: {'ok' if result.returncode == 0 else 'FAILED'} ({time.perf_counter() - start:.0f} s)",
          flush=True)
    return result


def installed(python):
    out = subprocess.run([str(python), "-m", "pip", "list", "--format=json"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return {p["name"].lower().replace("_", "-"): p["version"] for p in json.loads(out)}


def fingerprint(python_cmd, constraints):
    version = subprocess.run([python_cmd, "-c", "import sys; print(sys.version)"], check=True, capture_output=True,
                             text=True).stdout
    # Only what decides the environment: pyproject's dependencies and Python floor, not its pytest settings.
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    parts = [version, constraints.read_text(encoding="utf-8"), project.get("requires-python", ""),
             *project.get("dependencies", []), " ".join(TEST_TOOLS + BUILD)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def install_changes_nothing(python):
    """A learner's `pip install` of the course, tried first as a dry run, then for real: lossbook only."""
    with tempfile.TemporaryDirectory() as tmp:
        report_path = Path(tmp, "report.json")
        result = step("pip install --dry-run of the course on this stack",
                      [str(python), "-m", "pip", "install", "--quiet", "--dry-run", "--report", str(report_path),
                       "--no-build-isolation", "-e", "."])
        if result.returncode != 0:
            return False
        report = json.loads(report_path.read_text(encoding="utf-8"))
    would = sorted(f"{i['metadata']['name']} {i['metadata']['version']}" for i in report["install"])
    print("    it would install: " + ", ".join(would))
    if [w.split()[0].lower() for w in would] != ["lossbook"]:
        print("FAILED: installing the course would replace or add packages on this stack", file=sys.stderr)
        return False
    before = installed(python)
    if step("pip install -e . (the course)",
            [str(python), "-m", "pip", "install", "--quiet", "--no-build-isolation", "-e", "."]).returncode:
        return False
    after = installed(python)
    after.pop("lossbook", None)
    before.pop("lossbook", None)
    changed = {name: (before.get(name), after.get(name)) for name in set(before) | set(after)
               if before.get(name) != after.get(name)}
    if changed:
        print(f"FAILED: installing the course changed {changed}", file=sys.stderr)
        return False
    print(f"    installing the course changed nothing: the other {len(after)} packages are as they were")
    return True


def build(name, python_cmd, rebuild):
    env = ROOT / f".venv-{name}"
    constraints = ROOT / ENVS[name]
    stamp = env / ".lossbook-env"
    want = fingerprint(python_cmd, constraints)
    if not rebuild and stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == want:
        print(f"--- {env.name} is up to date (built from {ENVS[name]}; installing lossbook there changed nothing)")
        return env
    start = time.perf_counter()
    shutil.rmtree(env, ignore_errors=True)
    if step(f"create {env.name}", [python_cmd, "-m", "venv", str(env)]).returncode:
        return None
    python = env_python(env)
    stack = pinned_names(constraints)
    if step(f"install {', '.join(stack)} as pinned in {ENVS[name]}, and the test tools",
            [str(python), "-m", "pip", "install", "--quiet", "-c", str(constraints), *stack, *TEST_TOOLS,
             *BUILD]).returncode:
        return None
    if not install_changes_nothing(python):
        return None
    pins = installed(python)
    print("    " + ", ".join(f"{n} {pins.get(n.lower().replace('_', '-'), '?')}" for n in stack))
    stamp.write_text(want + "\n", encoding="utf-8")
    print(f"--- {env.name} built in {time.perf_counter() - start:.0f} s")
    return env


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("name", choices=sorted(ENVS))
    parser.add_argument("--python", default=sys.executable, help="the interpreter to build the environment with")
    parser.add_argument("--rebuild", action="store_true", help="rebuild even when the inputs did not change")
    parser.add_argument("--skip-tests", action="store_true")
    parser.add_argument("--skip-notebooks", action="store_true")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    env = build(args.name, args.python, args.rebuild)
    if env is None:
        return 1
    python = str(env_python(env))
    failed = []
    quiet_env = {k: v for k, v in os.environ.items() if k not in MAIN_ONLY}
    if not args.skip_tests and step(f"package tests in {env.name}", [python, "-m", "pytest", *PYTEST_ARGS],
                                    env=quiet_env).returncode:
        failed.append("package tests")
    if not args.skip_notebooks and step(f"every notebook in {env.name}",
                                        [python, "tools/run_notebooks.py", "notebooks"]).returncode:
        failed.append("notebooks")
    took = time.perf_counter() - start
    if failed:
        print(f"{env.name}: FAILED: {', '.join(failed)} ({took:.0f} s)", file=sys.stderr)
        return 1
    print(f"{env.name}: all passed ({took:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
