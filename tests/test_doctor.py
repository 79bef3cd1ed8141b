"""lb.doctor(): every problem it can find is triggered here (versions and modules faked) with its one fix."""

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import lossbook
from lossbook import _doctor

ROOT = Path(__file__).resolve().parent.parent
GOOD = {
    "numpy": "2.4.6",
    "matplotlib": "3.11.2",
    "ipywidgets": "8.1.9",
    "jupyterlab_widgets": "3.0.17",
    "widgetsnbextension": "4.0.16",
    "jupyterlab": "4.6.6",
    "notebook": None,
    "lossbook": lossbook.__version__,
}
# What each ipywidgets release declares for its front-end packages (from their wheels' metadata).
DECLARED = {
    "8": {"jupyterlab_widgets": "~=3.0.17", "widgetsnbextension": "~=4.0.16"},
    "7.8": {"jupyterlab_widgets": "<3,>=1.0.0", "widgetsnbextension": "~=3.6.10"},
    "7.7": {"jupyterlab_widgets": ">=1.0.0", "widgetsnbextension": "~=3.6.0"},
}
# Colab's preinstalled stack (tests/constraints-colab.txt); pip resolves jupyterlab_widgets to 3.x beside it.
COLAB = {"numpy": "2.1.3", "matplotlib": "3.10.0", "ipywidgets": "7.7.1", "widgetsnbextension": "3.6.10",
         "jupyterlab_widgets": "3.0.17", "jupyterlab": None, "notebook": "6.5.7"}
MACHINE_PATH = re.compile(r"(?<![\w.:/])/(?:[\w.+-]+/){2,}[\w.+-]*|\b[A-Z]:\\\\\w")
KERNEL_RESTART = "then restart the kernel (Kernel > Restart Kernel)"


def declared(versions, on):
    widgets = versions.get("ipywidgets")
    if widgets is None:
        return None
    for prefix, table in DECLARED.items():
        if widgets.startswith(prefix):
            return table[on]
    return None


@pytest.fixture
def env(monkeypatch, tmp_path):
    """A healthy JupyterLab environment outside the course folder; tests change one thing each."""
    versions = dict(GOOD)
    monkeypatch.setattr(_doctor, "_executable", lambda: "/opt/py/bin/python3")
    monkeypatch.setattr(_doctor, "_windows", lambda: False)
    monkeypatch.setattr(_doctor, "_python_version", lambda: (3, 11, 7))
    monkeypatch.setattr(_doctor, "_version", lambda dist: versions.get(dist))
    monkeypatch.setattr(_doctor, "_requirement", lambda dist, on: declared(versions, on))
    monkeypatch.setattr(_doctor, "_labextension_version", lambda: "5.0.16")
    monkeypatch.setattr(_doctor, "_in_kernel", lambda: False)
    monkeypatch.setattr(_doctor, "_in_colab", lambda: False)
    monkeypatch.delenv("VSCODE_PID", raising=False)
    monkeypatch.delenv("VSCODE_CWD", raising=False)
    return versions


def problems(report):
    return {f.key: str(f) for f in report.problems}


def fixes(report):
    return [f.fix for f in report.problems]


def test_healthy_environment(env, capsys):
    report = lossbook.doctor()
    out = capsys.readouterr().out
    assert report.ok and len(report) == 7
    assert all(line.startswith("ok: ") for line in out.splitlines())
    assert "ok: ipywidgets 8.1.9" in out
    assert repr(report) == "All 7 checks passed: the course is ready."


def test_quiet_prints_nothing_when_healthy(env, capsys):
    lossbook.doctor(quiet=True)
    assert capsys.readouterr().out == ""


def test_quiet_prints_only_problems(env, capsys):
    env["numpy"] = "1.21.0"
    report = lossbook.doctor(quiet=True)
    lines = capsys.readouterr().out.splitlines()
    assert len(report.problems) == 1
    assert lines[0] == "problem: NumPy 1.21.0 is older than the course needs (>= 2.0). Fix:"
    assert lines[-1] == "1 problem found: apply the fix, then run lb.doctor() again."
    assert not any(line.startswith("ok:") for line in lines)


def test_the_fix_is_one_command_alone_on_its_line_and_the_restart_on_the_next(env):
    env["matplotlib"] = None
    lines = problems(_doctor.check())["matplotlib"].splitlines()
    assert lines == ["problem: Matplotlib is not installed in this environment. Fix:",
                     '    /opt/py/bin/python3 -m pip install "matplotlib>=3.8.4"',
                     f"  {KERNEL_RESTART}"]


def test_old_python_names_the_floor_and_one_command(env, monkeypatch):
    monkeypatch.setattr(_doctor, "_python_version", lambda: (3, 9, 6))  # macOS's own python3
    finding = _doctor.check().problems[0]
    assert finding.key == "python"
    assert str(finding).startswith("problem: Python 3.9.6 is older than the course needs (3.11 or newer)")
    assert "python.org" in finding.what and "Colab" in finding.what
    assert finding.fix == "python3.12 tools/course.py lab"
    monkeypatch.setattr(_doctor, "_windows", lambda: True)
    assert _doctor.check().problems[0].fix == "py -3.12 tools\\course.py lab"


@pytest.mark.parametrize(("dist", "label", "minimum"), [
    ("numpy", "NumPy", "2.0"), ("matplotlib", "Matplotlib", "3.8.4"),
])
def test_missing_package(env, dist, label, minimum):
    env[dist] = None
    (finding,) = _doctor.check().problems
    assert finding.what == f"{label} is not installed in this environment"
    assert finding.fix == f'/opt/py/bin/python3 -m pip install "{dist}>={minimum}"'
    assert finding.then == KERNEL_RESTART


def test_fix_uses_percent_pip_inside_a_kernel(env, monkeypatch):
    monkeypatch.setattr(_doctor, "_in_kernel", lambda: True)
    env["matplotlib"] = None
    assert fixes(_doctor.check()) == ['%pip install "matplotlib>=3.8.4"']


def test_terminal_fix_quotes_the_interpreter_on_posix(env, monkeypatch):
    monkeypatch.setattr(_doctor, "_executable", lambda: "/Users/Ann Lee/py 3/bin/python3")
    env["numpy"] = None
    assert fixes(_doctor.check()) == ["'/Users/Ann Lee/py 3/bin/python3' -m pip install \"numpy>=2.0\""]


def test_terminal_fix_quotes_the_interpreter_on_windows(env, monkeypatch):
    monkeypatch.setattr(_doctor, "_windows", lambda: True)
    monkeypatch.setattr(_doctor, "_executable", lambda: "C:\\Program Files\\Python312\\python.exe")
    env["numpy"] = None
    assert fixes(_doctor.check()) == ['& "C:\\Program Files\\Python312\\python.exe" -m pip install "numpy>=2.0"']
    monkeypatch.setattr(_doctor, "_executable", lambda: "C:\\Python312\\python.exe")
    assert fixes(_doctor.check()) == ['C:\\Python312\\python.exe -m pip install "numpy>=2.0"']


def test_fix_names_the_course_venv_relative_to_the_course_folder(env, monkeypatch):
    monkeypatch.setattr(_doctor, "_executable", lambda: "/home/ann/course/.venv/bin/python")
    assert _doctor._pip(False, root="/home/ann/course") == ".venv/bin/python -m pip install"
    assert _doctor._pip(False, root="/home/ann/other") == "/home/ann/course/.venv/bin/python -m pip install"
    assert _doctor._pip(True, root="/home/ann/course") == "%pip install"
    monkeypatch.setattr(_doctor, "_windows", lambda: True)
    monkeypatch.setattr(_doctor, "_executable", lambda: "C:\\course\\.venv\\Scripts\\python.exe")
    assert _doctor._pip(False, root="C:\\course") == ".venv\\Scripts\\python.exe -m pip install"


def test_ipywidgets_7_beside_jupyterlab_4_gets_one_fix_that_does_not_fight(env):
    """ipywidgets 7.8.5 wants jupyterlab_widgets<3; JupyterLab 4 needs jupyterlab_widgets 3, which belongs to
    ipywidgets 8. The old doctor printed two fixes (ipywidgets>=8, and jupyterlab_widgets<3) that undid each other."""
    env["ipywidgets"] = "7.8.5"
    report = _doctor.check()
    (finding,) = report.problems
    assert finding.key == "ipywidgets" and "ipywidgets 7 generation" in finding.what
    assert finding.fix == '/opt/py/bin/python3 -m pip install "ipywidgets>=8,<9" "jupyterlab_widgets>=3,<4"'
    assert "restart JupyterLab" in finding.then
    assert "--force-reinstall" not in str(report) and "<3\"" not in str(report)
    (waiting,) = [f for f in report if f.key == "widget_extension"]
    assert waiting.ok is None and str(waiting).startswith("waits: ")
    # Applying that one command (pip resolves ipywidgets 8.1.9 and its jupyterlab_widgets) leaves nothing to fix.
    env.update(ipywidgets="8.1.9", jupyterlab_widgets="3.0.17")
    assert _doctor.check().ok


def test_missing_ipywidgets_beside_jupyterlab_installs_the_matching_pair(env):
    env["ipywidgets"] = None
    assert fixes(_doctor.check()) == [
        '/opt/py/bin/python3 -m pip install "ipywidgets>=8,<9" "jupyterlab_widgets>=3,<4"']


def test_widget_extension_not_installed(env):
    env["jupyterlab_widgets"] = None
    (finding,) = _doctor.check().problems
    assert "jupyterlab_widgets) is not installed in this environment, so sliders show as text" in finding.what
    assert finding.fix == '/opt/py/bin/python3 -m pip install "jupyterlab_widgets~=3.0.17"'
    assert finding.then.startswith("then restart JupyterLab")


def test_widget_extension_mismatch_is_fixed_towards_ipywidgets(env):
    env["jupyterlab_widgets"] = "1.1.7"  # the ipywidgets 7 generation, beside ipywidgets 8
    (finding,) = _doctor.check().problems
    assert finding.what == ("jupyterlab_widgets 1.1.7 does not match ipywidgets 8.1.9 "
                            "(it needs jupyterlab_widgets~=3.0.17)")
    assert finding.fix == '/opt/py/bin/python3 -m pip install "jupyterlab_widgets~=3.0.17"'


def test_widget_labextension_missing_reinstalls_that_one_package_only(env, monkeypatch):
    monkeypatch.setattr(_doctor, "_labextension_version", lambda: None)
    (finding,) = _doctor.check().problems
    assert "its JupyterLab extension (@jupyter-widgets/jupyterlab-manager) is missing" in finding.what
    assert finding.fix == '/opt/py/bin/python3 -m pip install --force-reinstall --no-deps "jupyterlab_widgets==3.0.17"'


def test_colab_stack_reads_as_healthy(env, monkeypatch, capsys):
    env.update(COLAB)
    monkeypatch.setattr(_doctor, "_in_colab", lambda: True)
    monkeypatch.setattr(_doctor, "_in_kernel", lambda: True)
    report = lossbook.doctor()
    out = capsys.readouterr().out
    assert report.ok, out
    assert "ok: ipywidgets 7.7.1" in out and "running in Google Colab" in out


def test_classic_notebook_with_ipywidgets_7_reads_as_healthy(env):
    env.update(COLAB)  # .venv-colab outside Colab: the classic Notebook 6.5 with widgetsnbextension 3.6
    report = _doctor.check()
    assert report.ok, str(report)
    assert "widgetsnbextension 3.6.10, matches ipywidgets 7.7.1" in str(report)


def test_classic_notebook_widget_extension_mismatch(env):
    env.update(COLAB, widgetsnbextension="4.0.16")
    (finding,) = _doctor.check().problems
    assert finding.what == ("widgetsnbextension 4.0.16 does not match ipywidgets 7.7.1 "
                            "(it needs widgetsnbextension~=3.6.0)")
    assert finding.fix == '/opt/py/bin/python3 -m pip install "widgetsnbextension~=3.6.0"'
    assert finding.then.startswith("then restart Jupyter Notebook")


def test_classic_notebook_widget_extension_missing(env):
    env.update(COLAB, widgetsnbextension=None)
    (finding,) = _doctor.check().problems
    assert finding.what == ("the classic Notebook's widget extension (widgetsnbextension) is not installed in this "
                            "environment, so sliders show as text")
    assert finding.fix == '/opt/py/bin/python3 -m pip install "widgetsnbextension~=3.6.0"'
    assert finding.then.startswith("then restart Jupyter Notebook")


def test_ipywidgets_older_than_the_floor_outside_jupyterlab(env):
    env.update(COLAB, ipywidgets="7.6.5")
    report = _doctor.check()
    assert fixes(report) == ['/opt/py/bin/python3 -m pip install "ipywidgets>=7.7"']
    assert [f.key for f in report if f.ok is None] == ["widget_extension"]


def test_no_front_end_in_this_environment(env):
    env.update(jupyterlab=None, notebook=None)
    (finding,) = _doctor.check().problems
    assert finding.key == "front_end"
    assert "a kernel from another environment is the usual reason sliders don't render" in finding.what
    assert finding.fix == '/opt/py/bin/python3 -m pip install "jupyterlab>=4.0"'


def test_no_front_end_and_ipywidgets_7_installs_a_consistent_set_in_one_command(env):
    env.update(COLAB, notebook=None)
    assert fixes(_doctor.check()) == [
        '/opt/py/bin/python3 -m pip install "jupyterlab>=4.0" "ipywidgets>=8,<9" "jupyterlab_widgets>=3,<4"']


def test_vscode_brings_its_own_front_end(env, monkeypatch):
    env.update(jupyterlab=None, notebook=None)
    monkeypatch.setenv("VSCODE_PID", "1234")
    assert _doctor.check().ok


def test_old_jupyterlab(env):
    env["jupyterlab"] = "3.6.7"
    (finding,) = _doctor.check().problems
    assert finding.what == "JupyterLab 3.6.7 is older than the course needs (>= 4.0)"


def make_course(folder):
    (folder / "notebooks").mkdir(parents=True)
    (folder / "pyproject.toml").write_text('[project]\nname = "lossbook"\n')
    return folder


def test_lossbook_installed_copy_inside_a_course_folder(env, monkeypatch, tmp_path):
    course = make_course(tmp_path / "course")
    monkeypatch.setattr(_doctor, "_lossbook_root", lambda: tmp_path / "site-packages")
    monkeypatch.setattr(_doctor, "_cwd", lambda: course.resolve())
    (finding,) = _doctor.check().problems
    assert "is imported from another copy than this course folder's" in finding.what
    assert finding.fix == "/opt/py/bin/python3 -m pip install -e ."


def test_lossbook_installed_package_without_a_course_folder_is_fine(env, monkeypatch, tmp_path):
    monkeypatch.setattr(_doctor, "_lossbook_root", lambda: tmp_path / "site-packages")
    monkeypatch.setattr(_doctor, "_cwd", lambda: tmp_path.resolve())
    (finding,) = [f for f in _doctor.check() if f.key == "lossbook"]
    assert finding.ok and "(installed package)" in str(finding)


def test_lossbook_stale_install_record(env):
    env["lossbook"] = "0.0.1"
    line = problems(_doctor.check())["lossbook"]
    assert f"install record says 0.0.1 but the course folder has {lossbook.__version__}" in line


def test_notebook_from_another_copy(env, monkeypatch, tmp_path):
    other = make_course(tmp_path / "other-course")
    monkeypatch.setattr(_doctor, "_in_kernel", lambda: True)
    monkeypatch.setattr(_doctor, "_cwd", lambda: (other / "notebooks").resolve())
    (finding,) = _doctor.check().problems
    assert finding.fix == "%pip install -e .." and finding.then == KERNEL_RESTART


def test_this_checkout_is_recognised(env, monkeypatch):
    monkeypatch.setattr(_doctor, "_cwd", lambda: _doctor._lossbook_root() / "notebooks")
    (finding,) = [f for f in _doctor.check() if f.key == "lossbook"]
    assert finding.ok and str(finding) == f"ok: lossbook {lossbook.__version__}, this course's own copy"


def test_every_problem_has_one_command_alone_on_its_line(env, monkeypatch):
    for dist in list(env):
        env[dist] = None
    monkeypatch.setattr(_doctor, "_python_version", lambda: (3, 7, 0))
    report = _doctor.check()
    assert len(report.problems) >= 4
    for finding in report.problems:
        lines = str(finding).splitlines()
        assert lines[0].endswith(". Fix:") and lines[1] == f"    {finding.fix}"
        assert "restart" not in finding.fix and " then " not in finding.fix


def test_real_environment_output_is_stable(capsys):
    first = lossbook.doctor()
    out1 = capsys.readouterr().out
    lossbook.doctor()
    out2 = capsys.readouterr().out
    assert out1 == out2 and out1.strip()
    if first.ok:  # a problem's terminal fix may name this interpreter; healthy output names no folder
        assert not MACHINE_PATH.search(out1), out1


def test_version_parsing_and_specifiers():
    assert _doctor._vtuple("8.1.9") == (8, 1, 9)
    assert _doctor._vtuple("3.0.0rc1") == (3, 0, 0)
    assert _doctor._satisfies("3.0.17", "~=3.0.17") and not _doctor._satisfies("1.1.7", "~=3.0.17")
    assert not _doctor._satisfies("3.0.17", "<3,>=1.0.0")


def test_declared_requirements_are_read_in_old_and_new_metadata_styles(monkeypatch):
    lines = ['jupyterlab-widgets (>=1.0.0) ; python_version>="3.6"', "widgetsnbextension (~=3.6.0)",
             'pytest (>=3.6.0) ; extra == "test"', "jupyterlab_widgets~=3.0.17"]
    monkeypatch.setattr(_doctor.importlib.metadata, "requires", lambda dist: lines)
    assert _doctor._requirement("ipywidgets", "jupyterlab_widgets") == ">=1.0.0"
    assert _doctor._requirement("ipywidgets", "widgetsnbextension") == "~=3.6.0"
    assert _doctor._requirement("ipywidgets", "pytest") is None


def test_one_statement_of_what_the_course_needs():
    """pyproject.toml, the README and doctor() state the same Python floor and the same package floors."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floor = ".".join(map(str, _doctor.MIN_PYTHON))
    assert project["requires-python"] == f">={floor}"
    assert sorted(project["dependencies"]) == sorted(f"{d}>={m}" for d, (_, m) in _doctor.REQUIREMENTS.items())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = set(re.findall(r"Python (3\.\d+) or newer", readme))
    assert stated == {floor}, stated
    for name, path in (("colab", "tests/constraints-colab.txt"), ("oldest", "tests/constraints-oldest.txt")):
        pins = dict(line.split("==") for line in (ROOT / path).read_text().splitlines()
                    if "==" in line and not line.startswith("#"))
        for dist, (_, minimum) in _doctor.REQUIREMENTS.items():
            assert _doctor._vtuple(pins[dist]) >= _doctor._vtuple(minimum), (name, dist)
        if name == "oldest":  # the low end really is the floor
            assert {d: pins[d] for d in _doctor.REQUIREMENTS} == {
                "numpy": "2.0.0", "matplotlib": "3.8.4", "ipywidgets": "7.7.0"}


def test_widgets_without_ipywidgets_point_to_doctor():
    code = textwrap.dedent("""
        import sys
        sys.modules["ipywidgets"] = None  # as if it were not installed
        import lossbook as lb
        try:
            lb.widgets.loss_curve
        except ImportError as err:
            print(type(err).__name__, err)
    """)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.startswith("ModuleNotFoundError") and "lb.doctor()" in out and "ipywidgets" in out, out
