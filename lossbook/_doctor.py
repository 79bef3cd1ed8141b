"""``lb.doctor()``: check the environment the course runs in, and say exactly how to fix what is wrong.

Everything is checked in *this* Python (in a notebook: the kernel's environment), because the classic cause of
"the sliders don't show" is a kernel from one environment talking to a front end from another. What the course needs
is stated once, in :data:`REQUIREMENTS` and :data:`FRONT_ENDS` (pyproject.toml says the same; the tests check that they
agree). Each problem comes with one command for *this* interpreter, alone on its line so that it can be copied
whole (``%pip install ...`` in a kernel, the interpreter's own ``python -m pip install ...`` in a terminal), and what
to do after it on a line of its own. The fixes never fight: when ipywidgets itself must change, the widget
extension's finding waits for it. Output names packages and versions; a folder of this machine appears only in a
terminal fix outside the course's own environments (the interpreter to run), and is the same on every run.

>>> from lossbook._doctor import Finding
>>> print(Finding(False, "NumPy is not installed", '%pip install "numpy>=2.0"', "then restart the kernel"))
problem: NumPy is not installed. Fix:
    %pip install "numpy>=2.0"
  then restart the kernel
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import shlex
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

__all__ = ["Finding", "Report", "doctor", "REQUIREMENTS", "FRONT_ENDS", "MIN_PYTHON"]

# What the course needs, in one place. pyproject.toml's requires-python and dependencies state the same floors
# (tests/test_doctor.py checks it); they accept Google Colab's preinstalled stack (ipywidgets 7.7.1, numpy 2.1, ...).
MIN_PYTHON = (3, 11)
RECOMMENDED_PYTHON = "3.12"  # what to install when this Python is too old (tools/course.py says the same)
REQUIREMENTS = {
    "numpy": ("NumPy", "2.0"),
    "matplotlib": ("Matplotlib", "3.8.4"),
    "ipywidgets": ("ipywidgets", "7.7"),
}
# The front ends that show the widgets, and what each needs next to the kernel. JupyterLab 4 (and Notebook 7, built
# on it) show widgets through jupyterlab_widgets 3, which belongs to ipywidgets 8: both move together, in one command.
FRONT_ENDS = {
    "jupyterlab": {"label": "JupyterLab", "minimum": "4.0", "ipywidgets": "8",
                   "install": '"ipywidgets>=8,<9" "jupyterlab_widgets>=3,<4"'},
    # The classic Notebook (notebook < 7) shows widgets through widgetsnbextension, whichever generation ipywidgets is.
    "notebook": {"label": "the classic Jupyter Notebook", "extension": "widgetsnbextension"},
}
WIDGET_EXTENSION = ("@jupyter-widgets", "jupyterlab-manager")
RESTART_KERNEL = "then restart the kernel (Kernel > Restart Kernel)"
RESTART_LAB = "then restart JupyterLab (Ctrl+C where it runs, then start it again) and reload the page"
RESTART_NOTEBOOK = "then restart Jupyter Notebook (Ctrl+C where it runs, then start it again) and reload the page"


class Finding:
    """One finding: ``ok`` (True, False for a problem, None for a check that waits on another), ``what`` was found
    and, for a problem, the ``fix`` (one command) and what to do ``then``."""

    __slots__ = ("ok", "what", "fix", "then", "key")

    def __init__(self, ok, what, fix=None, then=None, key=None):
        self.ok = ok
        self.what = what
        self.fix = fix
        self.then = then
        self.key = key

    def __str__(self):
        if self.ok:
            return f"ok: {self.what}"
        if self.ok is None:
            return f"waits: {self.what}"
        lines = [f"problem: {self.what}" + (". Fix:" if self.fix else "")]
        if self.fix:
            lines.append(f"    {self.fix}")
        if self.then:
            lines.append(f"  {self.then}")
        return "\n".join(lines)

    __repr__ = __str__


class Report(list):
    """The findings, in a fixed order. ``report.ok`` is True when there is no problem; ``report.problems`` lists them."""

    @property
    def problems(self):
        return [f for f in self if f.ok is False]

    @property
    def ok(self):
        return not self.problems

    def __str__(self):
        return "\n".join(str(f) for f in self)

    def summary(self):
        n = len(self.problems)
        if n == 0:
            return f"All {len(self)} checks passed: the course is ready."
        return f"{n} problem{'s' if n > 1 else ''} found: apply the fix, then run lb.doctor() again."

    def __repr__(self):
        return self.summary()


# -- probes (small functions, so that tests can replace them) -----------------------------------------------------
def _python_version():
    return tuple(sys.version_info[:3])


def _version(dist):
    """The installed version of a distribution in this environment, or None."""
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _importable(module):
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _requirement(dist, on):
    """The version specifier that ``dist`` declares for ``on`` (e.g. ``~=3.0.17``, ``<3,>=1.0.0``), or None."""
    try:
        requires = importlib.metadata.requires(dist) or []
    except importlib.metadata.PackageNotFoundError:
        return None
    wanted = re.sub(r"[-_.]+", "_", on.lower())
    for line in requires:
        requirement, _, marker = line.partition(";")
        if "extra" in marker:
            continue
        match = re.match(r"\s*([A-Za-z0-9_.-]+)\s*(?:\[[^]]*\])?\s*\(?\s*([^)]*?)\s*\)?\s*$", requirement)
        if match and re.sub(r"[-_.]+", "_", match.group(1).lower()) == wanted:
            return match.group(2).replace(" ", "") or None
    return None


def _labextension_version():
    """The version of the widget manager JupyterLab loads from this environment, or None when it is absent."""
    for base in _data_dirs():
        manifest = base.joinpath("labextensions", *WIDGET_EXTENSION, "package.json")
        if manifest.is_file():
            import json

            try:
                return json.loads(manifest.read_text(encoding="utf-8")).get("version", "unknown")
            except (OSError, ValueError):
                return "unknown"
    return None


def _data_dirs():
    return [Path(sys.prefix, "share", "jupyter")]


def _in_kernel():
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def _in_colab():
    return "google.colab" in sys.modules


def _lossbook_root():
    """The folder lossbook is imported from, one level up (the course checkout, if it is one)."""
    return Path(__file__).resolve().parent.parent


def _is_course_root(folder):
    project = folder / "pyproject.toml"
    try:
        return project.is_file() and 'name = "lossbook"' in project.read_text(encoding="utf-8") and (
            folder / "notebooks").is_dir()
    except OSError:
        return False


def _course_root_around(start):
    """The course checkout that ``start`` (a working directory) lies in, or None."""
    for folder in [start, *start.parents][:5]:
        if _is_course_root(folder):
            return folder
    return None


def _cwd():
    return Path.cwd().resolve()


def _executable():
    return sys.executable


def _windows():
    return os.name == "nt"


# -- helpers ------------------------------------------------------------------------------------------------------
def _vtuple(text):
    """``"8.1.9"`` -> ``(8, 1, 9)``; ``"3.0.0rc1"`` -> ``(3, 0, 0)``; unreadable -> ``()``."""
    match = re.match(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?", str(text))
    return tuple(int(g) for g in match.groups() if g is not None) if match else ()


def _satisfies(version, spec):
    """Does ``version`` meet ``spec`` (a PEP 440 specifier such as ``~=3.0.17``)? True when it cannot be told."""
    try:
        from packaging.specifiers import SpecifierSet

        return SpecifierSet(spec).contains(version, prereleases=True)
    except Exception:  # noqa: BLE001 - no packaging, or an odd specifier: fall back to the major version
        major = [c for c in spec if c.isdigit()][:1]
        return not major or _vtuple(version)[:1] == (int(major[0]),)


def _quote(path, windows):
    """A path as a shell reads it: POSIX quoting, or PowerShell's call operator for a Windows path with spaces."""
    if windows:
        return f'& "{path}"' if re.search(r"[\s&()'`$;,]", path) else path
    return shlex.quote(path)


def _python_command(root=None):
    """How to run *this* interpreter from a terminal: relative inside the course folder (the course's own
    environments, run from that folder), else its full path, quoted for the shell of the OS."""
    executable, windows = _executable(), _windows()
    if root is not None:
        flavour = PureWindowsPath if windows else PurePosixPath
        parts, base = flavour(executable).parts, flavour(root).parts
        if parts[:len(base)] == base and len(parts) > len(base):
            return _quote(("\\" if windows else "/").join(parts[len(base):]), windows)
    return _quote(executable, windows)


def _pip(in_kernel, root=None):
    """The start of a pip command for *this* environment, as a learner can type it where they are."""
    if in_kernel:
        return "%pip install"
    return f"{_python_command(root)} -m pip install"


def _restart(in_kernel, front_end=None):
    """What to do after a fix: restart what loaded the old code."""
    if front_end == "jupyterlab":
        return RESTART_LAB
    if front_end == "notebook":
        return RESTART_NOTEBOOK
    return RESTART_KERNEL


# -- the checks ---------------------------------------------------------------------------------------------------
def _floor():
    return ".".join(map(str, MIN_PYTHON))


def _check_python():
    v = _python_version()
    shown = ".".join(map(str, v))
    if v[:2] >= MIN_PYTHON:
        return Finding(True, f"Python {shown}", key="python")
    need = _floor()
    new = RECOMMENDED_PYTHON
    fix = f"py -{new} tools\\course.py lab" if _windows() else f"python{new} tools/course.py lab"
    return Finding(False, f"Python {shown} is older than the course needs ({need} or newer): install Python {new} "
                   "(python.org; or conda with the course's environment.yml; or open the course in Colab), then, in "
                   "the course folder, rebuild its environment with it", fix, key="python")


def _front_end():
    """Which front end this environment serves the widgets to: 'colab', 'jupyterlab', 'notebook', 'vscode' or None."""
    if _in_colab():
        return "colab"
    if _version("jupyterlab") is not None:  # JupyterLab itself, or Notebook 7 (built on it)
        return "jupyterlab"
    notebook = _version("notebook")
    if notebook is not None and _vtuple(notebook)[:1] < (7,):
        return "notebook"
    if any(name in os.environ for name in ("VSCODE_PID", "VSCODE_CWD")):
        return "vscode"
    return None


def _check_package(dist, pip, in_kernel, front_end):
    label, minimum = REQUIREMENTS[dist]
    version = _version(dist)
    install = f'"{dist}>={minimum}"'
    then = _restart(in_kernel)
    if dist == "ipywidgets" and front_end == "jupyterlab":
        lab = FRONT_ENDS["jupyterlab"]
        minimum, install, then = lab["ipywidgets"], lab["install"], _restart(in_kernel, "jupyterlab")
        if version is not None and _vtuple(version) < _vtuple(minimum):
            return Finding(False, f"ipywidgets {version} is the ipywidgets 7 generation, but JupyterLab "
                           f"{_version('jupyterlab')} in this environment shows widgets with ipywidgets 8 and its "
                           "jupyterlab_widgets 3 (both change in one command)", f"{pip} {install}", then, key=dist)
    if version is None:
        return Finding(False, f"{label} is not installed in this environment", f"{pip} {install}", then, key=dist)
    if _vtuple(version) < _vtuple(minimum):
        return Finding(False, f"{label} {version} is older than the course needs (>= {minimum})", f"{pip} {install}",
                       then, key=dist)
    return Finding(True, f"{label} {version}", key=dist)


def _check_widget_extension(pip, in_kernel, front_end, ipywidgets_ok):
    key = "widget_extension"
    widgets = _version("ipywidgets")
    if front_end == "colab":
        return Finding(True, f"Google Colab's own widget front end (ipywidgets {widgets or '?'})", key=key)
    if front_end == "vscode":
        return Finding(True, f"VS Code's Jupyter extension brings its own widget front end (ipywidgets {widgets})",
                       key=key)
    if front_end is None:
        return Finding(None, "the widget extension is checked once a front end is in this environment (below)",
                       key=key)
    if not ipywidgets_ok:
        return Finding(None, "the widget extension is checked once ipywidgets is fixed (above)", key=key)
    if front_end == "notebook":
        dist, where = "widgetsnbextension", "the classic Notebook's widget extension"
    else:
        dist, where = "jupyterlab_widgets", "the JupyterLab widget extension"
    spec = _requirement("ipywidgets", dist) or (">=3.6" if front_end == "notebook" else ">=3,<4")
    installed = _version(dist)
    then = _restart(in_kernel, front_end)
    if installed is None:
        return Finding(False, f"{where} ({dist}) is not installed in this environment, so sliders show as text",
                       f'{pip} "{dist}{spec}"', then, key=key)
    if not _satisfies(installed, spec):
        return Finding(False, f"{dist} {installed} does not match ipywidgets {widgets} (it needs {dist}{spec})",
                       f'{pip} "{dist}{spec}"', then, key=key)
    if front_end == "notebook":
        return Finding(True, f"classic Notebook widget extension: widgetsnbextension {installed}, matches "
                       f"ipywidgets {widgets}", key=key)
    extension = _labextension_version()
    if extension is None:
        return Finding(False, f"jupyterlab_widgets {installed} is installed but its JupyterLab extension "
                       "(@jupyter-widgets/jupyterlab-manager) is missing from this environment",
                       f'{pip} --force-reinstall --no-deps "jupyterlab_widgets=={installed}"', then, key=key)
    return Finding(True, f"JupyterLab widget extension: jupyterlab_widgets {installed} "
                   f"(@jupyter-widgets/jupyterlab-manager {extension}), matches ipywidgets {widgets}", key=key)


def _check_front_end(pip, in_kernel, front_end):
    key = "front_end"
    if front_end == "colab":
        return Finding(True, "running in Google Colab, whose own front end shows the widgets", key=key)
    if front_end == "vscode":
        return Finding(True, "running in VS Code (its widget rendering is not tested by the course)", key=key)
    if front_end == "notebook":
        return Finding(True, f"the classic Jupyter Notebook {_version('notebook')} in the same environment", key=key)
    lab = FRONT_ENDS["jupyterlab"]
    version = _version("jupyterlab")
    widgets = _version("ipywidgets")
    # One command that leaves this environment complete, whatever ipywidgets it has now.
    install = f'"jupyterlab>={lab["minimum"]}"' + (
        "" if widgets and _vtuple(widgets) >= _vtuple(lab["ipywidgets"]) else f' {lab["install"]}')
    if version is None:
        return Finding(False, "no Jupyter front end is installed in the environment this code runs in: a kernel from "
                       "another environment is the usual reason sliders don't render; install JupyterLab here and "
                       "open the course with it (make lab, or python tools/course.py lab, does both)",
                       f"{pip} {install}", RESTART_LAB, key=key)
    if _vtuple(version) < _vtuple(lab["minimum"]):
        return Finding(False, f"JupyterLab {version} is older than the course needs (>= {lab['minimum']})",
                       f"{pip} {install}", RESTART_LAB, key=key)
    return Finding(True, f"JupyterLab {version} in the same environment", key=key)


def _check_lossbook(pip, in_kernel):
    from ._version import __version__

    root = _lossbook_root()
    own = _is_course_root(root)
    here = _course_root_around(_cwd())  # the course folder we are working in (a notebook's folder, or make's)
    then = _restart(in_kernel)
    if here is not None and (not own or here.resolve() != root.resolve()):
        relative = os.path.relpath(here, _cwd())
        target = "." if relative == "." else relative
        return [Finding(False, f"lossbook {__version__} is imported from another copy than this course folder's, "
                        "so changes to the course will not show", f"{pip} -e {target}", then, key="lossbook")]
    if not own:  # an installed package with no course folder around (Colab, a plain pip install): fine
        return [Finding(True, f"lossbook {__version__} (installed package)", key="lossbook")]
    recorded = _version("lossbook")
    if recorded is not None and recorded != __version__:
        return [Finding(False, f"lossbook's install record says {recorded} but the course folder has {__version__}; "
                        "in the course folder, run", f"{pip} -e .", then, key="lossbook")]
    return [Finding(True, f"lossbook {__version__}, this course's own copy", key="lossbook")]


def check():
    """Run every check and return the :class:`Report` (prints nothing)."""
    in_kernel = _in_kernel()
    root = _lossbook_root()
    pip = _pip(in_kernel, root if _is_course_root(root) else None)
    front_end = _front_end()
    report = Report([_check_python()])
    report.extend(_check_package(dist, pip, in_kernel, front_end) for dist in REQUIREMENTS)
    ipywidgets_ok = report[-1].ok
    report.append(_check_widget_extension(pip, in_kernel, front_end, ipywidgets_ok))
    report.append(_check_front_end(pip, in_kernel, front_end))
    report.extend(_check_lossbook(pip, in_kernel))
    return report


def doctor(quiet=False):
    """Check the environment the course runs in; print each finding (only problems when ``quiet``).

    Returns the :class:`Report` (a list of :class:`Finding`); its repr is a one-line summary, so in a notebook the
    findings are followed by "All 7 checks passed ..." or by how many problems there are.
    """
    report = check()
    for finding in report:
        if not (quiet and finding.ok is not False):
            print(finding)
    if quiet and not report.ok:
        print(report.summary())
    return report
