"""``lb.doctor()``: check the environment the course runs in, and say exactly how to fix what is wrong.

Everything is checked in *this* Python (in a notebook: the kernel's environment), because the classic cause of
"the sliders don't show" is a kernel from one environment talking to a JupyterLab from another. Each finding is
one line, ``ok: what`` or ``problem: what — fix: a command you can copy``. Output names packages and versions,
never a folder of this machine, and is the same on every run in the same environment.

>>> from lossbook._doctor import Finding
>>> print(Finding(False, "NumPy is not installed", '%pip install "numpy>=1.22"'))
problem: NumPy is not installed — fix: %pip install "numpy>=1.22"
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import sys
from pathlib import Path

__all__ = ["Finding", "Report", "doctor"]

MIN_PYTHON = (3, 9)
# Lower bounds as in pyproject.toml; the pinned, tested set is requirements.txt.
NEEDS = {
    "numpy": ("NumPy", "1.22"),
    "matplotlib": ("Matplotlib", "3.6"),
    "ipywidgets": ("ipywidgets", "8.0"),
    "jupyterlab": ("JupyterLab", "4.0"),
}
WIDGET_EXTENSION = ("@jupyter-widgets", "jupyterlab-manager")
RESTART = "then restart the kernel (Kernel > Restart Kernel)"


class Finding:
    """One line of the report: ``ok`` (a bool), ``what`` was found and, for a problem, the ``fix``."""

    __slots__ = ("ok", "what", "fix", "key")

    def __init__(self, ok, what, fix=None, key=None):
        self.ok = ok
        self.what = what
        self.fix = fix
        self.key = key

    def __str__(self):
        if self.ok:
            return f"ok: {self.what}"
        return f"problem: {self.what}" + (f" — fix: {self.fix}" if self.fix else "")

    __repr__ = __str__


class Report(list):
    """The findings, in a fixed order. ``report.ok`` is True when there is no problem; ``report.problems`` lists them."""

    @property
    def problems(self):
        return [f for f in self if not f.ok]

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
    """The version specifier that ``dist`` declares for ``on`` (e.g. ``~=3.0.17``), or None."""
    try:
        requires = importlib.metadata.requires(dist) or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for line in requires:
        req = line.split(";")[0].strip()
        name = req.split("~")[0].split("=")[0].split(">")[0].split("<")[0].split("!")[0].strip()
        if name.lower().replace("-", "_") == on.lower().replace("-", "_"):
            return req[len(name):].strip() or None
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


def _pip(in_kernel, root=None):
    """How to run pip in *this* environment, as a learner can type it where they are."""
    if in_kernel:
        return "%pip install"
    if root is not None and Path(sys.prefix).resolve() == (root / ".venv").resolve():
        return ".venv\\Scripts\\python -m pip install" if os.name == "nt" else ".venv/bin/python -m pip install"
    return "python -m pip install"


# -- the checks ---------------------------------------------------------------------------------------------------
def _check_python():
    v = _python_version()
    shown = ".".join(map(str, v))
    if v[:2] >= MIN_PYTHON:
        return Finding(True, f"Python {shown}", key="python")
    need = ".".join(map(str, MIN_PYTHON))
    return Finding(False, f"Python {shown} is older than the course needs ({need} or newer)",
                   f"install Python {need}+ (python.org or your package manager), then: make clean && make lab",
                   key="python")


def _check_package(dist, pip):
    label, minimum = NEEDS[dist]
    version = _version(dist)
    spec = f'"{dist}>={minimum}"'
    if version is None:
        return Finding(False, f"{label} is not installed in this environment", f"{pip} {spec}, {RESTART}", key=dist)
    if _vtuple(version) < _vtuple(minimum):
        return Finding(False, f"{label} {version} is older than the course needs (>= {minimum})",
                       f"{pip} {spec}, {RESTART}", key=dist)
    return Finding(True, f"{label} {version}", key=dist)


def _check_widget_extension(pip):
    widgets = _version("ipywidgets")
    lab_widgets = _version("jupyterlab_widgets")
    spec = _requirement("ipywidgets", "jupyterlab_widgets") if widgets else None
    install = f'"jupyterlab_widgets{spec}"' if spec else '"jupyterlab_widgets>=3"'
    fix = f"{pip} --force-reinstall {install}, then restart JupyterLab (make lab)"
    if lab_widgets is None:
        return Finding(False, "the JupyterLab widget extension (jupyterlab_widgets) is not installed in this "
                       "environment, so sliders show as text", f"{pip} {install}, then restart JupyterLab (make lab)",
                       key="widget_extension")
    extension = _labextension_version()
    if extension is None:
        return Finding(False, f"jupyterlab_widgets {lab_widgets} is installed but its JupyterLab extension "
                       "(@jupyter-widgets/jupyterlab-manager) is missing from this environment", fix,
                       key="widget_extension")
    if widgets and spec and not _satisfies(lab_widgets, spec):
        return Finding(False, f"jupyterlab_widgets {lab_widgets} does not match ipywidgets {widgets} "
                       f"(it needs jupyterlab_widgets{spec})", fix, key="widget_extension")
    return Finding(True, f"JupyterLab widget extension: jupyterlab_widgets {lab_widgets} "
                   f"(@jupyter-widgets/jupyterlab-manager {extension}), matches ipywidgets {widgets or '?'}",
                   key="widget_extension")


def _check_jupyterlab(pip):
    label, minimum = NEEDS["jupyterlab"]
    if _in_colab():
        return Finding(True, "running in Google Colab, whose own front end shows the widgets", key="jupyterlab")
    version = _version("jupyterlab")
    if version is None:
        return Finding(False, "JupyterLab is not installed in the environment this code runs in: a kernel from "
                       "another environment is the usual reason sliders don't render",
                       f"start the course with make lab (its JupyterLab and kernel share one environment), "
                       f'or {pip} "jupyterlab>={minimum}"', key="jupyterlab")
    if _vtuple(version) < _vtuple(minimum):
        return Finding(False, f"JupyterLab {version} is older than the course needs (>= {minimum})",
                       f'{pip} "jupyterlab>={minimum}", then restart JupyterLab (make lab)', key="jupyterlab")
    return Finding(True, f"JupyterLab {version} in the same environment", key="jupyterlab")


def _check_lossbook(pip, in_kernel):
    from ._version import __version__

    root = _lossbook_root()
    own = _is_course_root(root)
    here = _course_root_around(_cwd())  # the course folder we are working in (a notebook's folder, or make's)
    if here is not None and (not own or here.resolve() != root.resolve()):
        relative = os.path.relpath(here, _cwd())
        target = "." if relative == "." else relative
        return [Finding(False, f"lossbook {__version__} is imported from another copy than this course folder's, "
                        "so changes to the course will not show", f"{pip} -e {target}, {RESTART}", key="lossbook")]
    if not own:  # an installed package with no course folder around (Colab, a plain pip install): fine
        return [Finding(True, f"lossbook {__version__} (installed package)", key="lossbook")]
    recorded = _version("lossbook")
    if recorded is not None and recorded != __version__:
        return [Finding(False, f"lossbook's install record says {recorded} but the course folder has {__version__}",
                        f"from the course folder: {pip} -e ., {RESTART}", key="lossbook")]
    return [Finding(True, f"lossbook {__version__}, this course's own copy", key="lossbook")]


def check():
    """Run every check and return the :class:`Report` (prints nothing)."""
    in_kernel = _in_kernel()
    pip = _pip(in_kernel, _lossbook_root())
    report = Report([_check_python()])
    report.extend(_check_package(dist, pip) for dist in ("numpy", "matplotlib", "ipywidgets"))
    report.append(_check_widget_extension(pip))
    report.append(_check_jupyterlab(pip))
    report.extend(_check_lossbook(pip, in_kernel))
    return report


def doctor(quiet=False):
    """Check the environment the course runs in; print one line per finding (only problems when ``quiet``).

    Returns the :class:`Report` (a list of :class:`Finding`); its repr is a one-line summary, so in a notebook the
    findings are followed by "All 7 checks passed ..." or by how many problems there are.
    """
    report = check()
    for finding in report:
        if not (quiet and finding.ok):
            print(finding)
    if quiet and not report.ok:
        print(report.summary())
    return report
