"""lb.doctor(): every problem it can find is triggered here (versions and modules monkeypatched) with its fix."""

import re

import pytest

import lossbook
from lossbook import _doctor

GOOD = {
    "numpy": "2.4.6",
    "matplotlib": "3.11.2",
    "ipywidgets": "8.1.9",
    "jupyterlab_widgets": "3.0.17",
    "jupyterlab": "4.6.6",
    "lossbook": lossbook.__version__,
}
MACHINE_PATH = re.compile(r"(?<![\w.:/])/(?:[\w.+-]+/){2,}[\w.+-]*|\b[A-Z]:\\\\\w")


@pytest.fixture
def env(monkeypatch, tmp_path):
    """A healthy environment; tests change one thing each."""
    versions = dict(GOOD)
    # Not the course's own .venv, wherever the suite runs: the fix then reads "python -m pip install".
    monkeypatch.setattr(_doctor.sys, "prefix", str(tmp_path))
    monkeypatch.setattr(_doctor, "_python_version", lambda: (3, 11, 7))
    monkeypatch.setattr(_doctor, "_version", lambda dist: versions.get(dist))
    monkeypatch.setattr(_doctor, "_requirement", lambda dist, on: "~=3.0.17" if versions.get("ipywidgets") else None)
    monkeypatch.setattr(_doctor, "_labextension_version", lambda: "5.0.16")
    monkeypatch.setattr(_doctor, "_in_kernel", lambda: False)
    monkeypatch.setattr(_doctor, "_in_colab", lambda: False)
    return versions


def problems(report):
    return {f.key: str(f) for f in report.problems}


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
    assert lines[0].startswith("problem: NumPy 1.21.0 is older than the course needs (>= 1.22)")
    assert lines[-1] == "1 problem found: apply the fix, then run lb.doctor() again."
    assert not any(line.startswith("ok:") for line in lines)


def test_old_python(env, monkeypatch):
    monkeypatch.setattr(_doctor, "_python_version", lambda: (3, 8, 10))
    line = problems(_doctor.check())["python"]
    assert line.startswith("problem: Python 3.8.10 is older than the course needs (3.9 or newer)")
    assert "make clean && make lab" in line


@pytest.mark.parametrize(("dist", "label", "minimum"), [
    ("numpy", "NumPy", "1.22"), ("matplotlib", "Matplotlib", "3.6"), ("ipywidgets", "ipywidgets", "8.0"),
])
def test_missing_package(env, dist, label, minimum):
    env[dist] = None
    line = problems(_doctor.check())[dist]
    assert line == (f"problem: {label} is not installed in this environment — fix: "
                    f'python -m pip install "{dist}>={minimum}", then restart the kernel (Kernel > Restart Kernel)')


def test_ipywidgets_7_is_too_old(env):
    env["ipywidgets"] = "7.8.1"
    line = problems(_doctor.check())["ipywidgets"]
    assert "ipywidgets 7.8.1 is older than the course needs (>= 8.0)" in line
    assert 'pip install "ipywidgets>=8.0"' in line


def test_fix_uses_percent_pip_inside_a_kernel(env, monkeypatch):
    monkeypatch.setattr(_doctor, "_in_kernel", lambda: True)
    env["matplotlib"] = None
    assert '— fix: %pip install "matplotlib>=3.6"' in problems(_doctor.check())["matplotlib"]


def test_widget_extension_not_installed(env):
    env["jupyterlab_widgets"] = None
    line = problems(_doctor.check())["widget_extension"]
    assert "jupyterlab_widgets) is not installed in this environment, so sliders show as text" in line
    assert 'python -m pip install "jupyterlab_widgets~=3.0.17", then restart JupyterLab (make lab)' in line


def test_widget_labextension_missing(env, monkeypatch):
    monkeypatch.setattr(_doctor, "_labextension_version", lambda: None)
    line = problems(_doctor.check())["widget_extension"]
    assert "its JupyterLab extension (@jupyter-widgets/jupyterlab-manager) is missing" in line
    assert 'pip install --force-reinstall "jupyterlab_widgets~=3.0.17"' in line


def test_widget_extension_mismatch(env):
    env["jupyterlab_widgets"] = "1.1.7"  # the ipywidgets 7 generation
    line = problems(_doctor.check())["widget_extension"]
    assert "jupyterlab_widgets 1.1.7 does not match ipywidgets 8.1.9 (it needs jupyterlab_widgets~=3.0.17)" in line


def test_jupyterlab_not_in_this_environment(env):
    env["jupyterlab"] = None
    line = problems(_doctor.check())["jupyterlab"]
    assert "a kernel from another environment is the usual reason sliders don't render" in line
    assert "make lab" in line and '"jupyterlab>=4.0"' in line


def test_old_jupyterlab(env):
    env["jupyterlab"] = "3.6.7"
    assert 'JupyterLab 3.6.7 is older than the course needs (>= 4.0)' in problems(_doctor.check())["jupyterlab"]


def make_course(folder):
    (folder / "notebooks").mkdir(parents=True)
    (folder / "pyproject.toml").write_text('[project]\nname = "lossbook"\n')
    return folder


def test_lossbook_installed_copy_inside_a_course_folder(env, monkeypatch, tmp_path):
    course = make_course(tmp_path / "course")
    monkeypatch.setattr(_doctor, "_lossbook_root", lambda: tmp_path / "site-packages")
    monkeypatch.setattr(_doctor, "_cwd", lambda: course.resolve())
    line = problems(_doctor.check())["lossbook"]
    assert "is imported from another copy than this course folder's" in line
    assert '— fix: python -m pip install -e ., then restart the kernel' in line


def test_lossbook_installed_package_without_a_course_folder_is_fine(env, monkeypatch, tmp_path):
    monkeypatch.setattr(_doctor, "_lossbook_root", lambda: tmp_path / "site-packages")
    monkeypatch.setattr(_doctor, "_cwd", lambda: tmp_path.resolve())
    (finding,) = [f for f in _doctor.check() if f.key == "lossbook"]
    assert finding.ok and "(installed package)" in str(finding)


def test_colab_needs_no_jupyterlab(env, monkeypatch):
    env["jupyterlab"] = None
    monkeypatch.setattr(_doctor, "_in_colab", lambda: True)
    assert "jupyterlab" not in problems(_doctor.check())


def test_lossbook_stale_install_record(env):
    env["lossbook"] = "0.0.1"
    line = problems(_doctor.check())["lossbook"]
    assert f"install record says 0.0.1 but the course folder has {lossbook.__version__}" in line


def test_notebook_from_another_copy(env, monkeypatch, tmp_path):
    other = make_course(tmp_path / "other-course")
    monkeypatch.setattr(_doctor, "_in_kernel", lambda: True)
    monkeypatch.setattr(_doctor, "_cwd", lambda: (other / "notebooks").resolve())
    line = problems(_doctor.check())["lossbook"]
    assert "is imported from another copy than this course folder's" in line
    assert "— fix: %pip install -e .., then restart the kernel" in line


def test_this_checkout_is_recognised(env, monkeypatch):
    monkeypatch.setattr(_doctor, "_cwd", lambda: _doctor._lossbook_root() / "notebooks")
    (finding,) = [f for f in _doctor.check() if f.key == "lossbook"]
    assert finding.ok and str(finding) == f"ok: lossbook {lossbook.__version__}, this course's own copy"


def test_real_environment_output_has_no_paths_and_is_stable(capsys):
    first = lossbook.doctor()
    out1 = capsys.readouterr().out
    lossbook.doctor()
    out2 = capsys.readouterr().out
    assert out1 == out2 and out1.strip()
    assert not MACHINE_PATH.search(out1), out1
    assert len(out1.splitlines()) == len(first)


def test_every_problem_line_has_a_fix(env, monkeypatch):
    for dist in list(env):
        env[dist] = None
    monkeypatch.setattr(_doctor, "_python_version", lambda: (3, 7, 0))
    report = _doctor.check()
    assert len(report.problems) >= 6
    for finding in report.problems:
        assert " — fix: " in str(finding)
        assert not MACHINE_PATH.search(str(finding))


def test_version_parsing_and_specifiers():
    assert _doctor._vtuple("8.1.9") == (8, 1, 9)
    assert _doctor._vtuple("3.0.0rc1") == (3, 0, 0)
    assert _doctor._satisfies("3.0.17", "~=3.0.17") and not _doctor._satisfies("1.1.7", "~=3.0.17")


def test_fix_names_the_course_venv_when_run_from_it(monkeypatch, tmp_path):
    (tmp_path / ".venv").mkdir()
    monkeypatch.setattr(_doctor.sys, "prefix", str(tmp_path / ".venv"))
    assert _doctor._pip(False, root=tmp_path).endswith("python -m pip install")
    assert ".venv" in _doctor._pip(False, root=tmp_path)
    assert _doctor._pip(True, root=tmp_path) == "%pip install"
