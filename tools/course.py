#!/usr/bin/env python3
"""The course's two steps on any OS, without make: ``python tools/course.py lab`` and ``python tools/course.py test``.

  lab           check this Python, create .venv and install the pinned course (first run, or when requirements.txt
                or pyproject.toml changed), run lb.doctor(), then open JupyterLab on 127.0.0.1 (token on)
  test          what `make test` runs: every test in .venv (package, doctests, notebooks under nbval, browser), then
                the package tests and every notebook on Colab's stack and on the ranges' low end (tools/testenv.py)
  doctor        lb.doctor() in .venv
  check-python  only check that this Python meets the course's floor (pyproject.toml's requires-python)

On Windows (PowerShell): ``py tools\\course.py lab``. `make lab` / `make test` do the same where make exists.
This file runs on any Python, so that an old one gets told what to install instead of a traceback.
"""

import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv")
WINDOWS = os.name == "nt"
PORT = os.environ.get("PORT", "8888")
# The Python to install when this one is too old: any release at or above the floor works; this one is Colab's too.
RECOMMENDED = "3.12"


def floor():
    """The Python floor, read from pyproject.toml's requires-python (the one place it is stated)."""
    with open(os.path.join(ROOT, "pyproject.toml")) as handle:
        match = re.search(r'^requires-python\s*=\s*">=\s*(\d+)\.(\d+)"', handle.read(), re.MULTILINE)
    return (int(match.group(1)), int(match.group(2)))


def python_too_old_message(version, where):
    need = "%d.%d" % floor()
    run = ("py -%s tools\\course.py lab" % RECOMMENDED) if WINDOWS else ("python%s tools/course.py lab" % RECOMMENDED)
    return "\n".join([
        "lossbook needs Python %s or newer; %s is Python %s." % (need, where, version),
        "Install one of these, then start the course again:",
        "  - Python %s from https://www.python.org/downloads/ (any %s or newer works), then, in this folder:"
        % (RECOMMENDED, need),
        "      %s" % run,
        "  - conda (Miniforge): conda env create -f environment.yml && conda activate lossbook && jupyter lab",
        "  - nothing at all: open the notebooks in Google Colab (README, \"Colab\").",
    ])


def check_python():
    if tuple(sys.version_info[:2]) < floor():
        print(python_too_old_message(".".join(map(str, sys.version_info[:3])), "this interpreter (%s)"
                                     % os.path.basename(sys.executable)))
        return False
    return True


def venv_python():
    return os.path.join(VENV, "Scripts", "python.exe") if WINDOWS else os.path.join(VENV, "bin", "python")


def run(*command):
    print("+ " + " ".join(command))
    sys.stdout.flush()
    return subprocess.call(list(command), cwd=ROOT)


def newer(stamp, *sources):
    """True when ``stamp`` exists and is newer than every source (as make decides)."""
    if not os.path.exists(stamp):
        return False
    return all(os.path.getmtime(stamp) >= os.path.getmtime(os.path.join(ROOT, s)) for s in sources)


def ensure_venv():
    python = venv_python()
    if os.path.exists(python):
        version = subprocess.check_output([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"])
        if tuple(int(p) for p in version.decode().split(".")) < floor():
            print("The course's .venv was made with an older Python; rebuilding it with this one.")
            import shutil

            shutil.rmtree(VENV)
    if not os.path.exists(python):
        if run(sys.executable, "-m", "venv", VENV) or run(python, "-m", "pip", "install", "--quiet", "--upgrade",
                                                          "pip"):
            return None
    return python


def install(python, stamp_name, requirements, *sources):
    stamp = os.path.join(VENV, stamp_name)
    if newer(stamp, requirements, *sources):
        return True
    if run(python, "-m", "pip", "install", "--quiet", "-r", requirements):
        return False
    open(stamp, "w").close()
    return True


def install_settings():
    """Copy the JupyterLab / Notebook 7 settings the course ships into .venv (as make lab does)."""
    import shutil

    folder = os.path.join(VENV, "share", "jupyter", "lab", "settings", "overrides.d")
    os.makedirs(folder, exist_ok=True)
    shutil.copy(os.path.join(ROOT, "jupyter-settings", "lossbook.json5"), folder)


def lab_installed():
    python = ensure_venv()
    if python is None or not install(python, ".lab-installed", "requirements.txt", "pyproject.toml"):
        return None
    return python


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] not in ("lab", "test", "doctor", "check-python"):
        print(__doc__)
        return 2
    if not check_python():
        return 1
    if args[0] == "check-python":
        return 0
    python = lab_installed()
    if python is None:
        return 1
    if args[0] == "doctor":
        return run(python, "-c", "import lossbook; lossbook.doctor()")
    if args[0] == "lab":
        install_settings()
        run(python, "-c", "import lossbook; lossbook.doctor(quiet=True)")
        root_flag = ["--allow-root"] if hasattr(os, "getuid") and os.getuid() == 0 else []
        return run(python, "-m", "jupyter", "lab", "--ServerApp.ip=127.0.0.1", "--ServerApp.port=" + PORT,
                   *(root_flag + [os.path.join("notebooks", "00-start-here.ipynb")]))
    # test: the pinned environment first, then the two others; every step runs, the status says if any failed
    if not install(python, ".test-installed", "requirements-dev.txt", os.path.join(".venv", ".lab-installed")):
        return 1
    status = run(python, "-m", "pytest")
    for name in ("colab", "oldest"):
        status = run(python, os.path.join("tools", "testenv.py"), name) or status
    return 1 if status else 0


if __name__ == "__main__":
    sys.exit(main())
