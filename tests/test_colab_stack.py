"""What keeps the course working on Google Colab's stack, checked from the main environment (no Colab needed).

The environment itself (Colab's pinned versions, the package tests, every notebook) is `make test-colab`
(tools/testenv.py); here: the ranges accept those versions, the code uses only what ipywidgets 7.7 and 8 both offer,
every notebook starts with the setup cell derived from pyproject.toml, and no link is invented.
"""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import first_cell  # noqa: E402

BOOKS = first_cell.notebooks()
SOURCES = sorted((ROOT / "lossbook").rglob("*.py"))


def pins(name):
    text = (ROOT / "tests" / f"constraints-{name}.txt").read_text(encoding="utf-8")
    return dict(line.split("==") for line in text.splitlines() if "==" in line and not line.startswith("#"))


@pytest.mark.parametrize("stack", ["colab", "oldest"])
def test_the_ranges_accept_the_stack_as_it_is(stack):
    """Installing the course there needs no upgrade of these (tools/testenv.py proves it with pip itself)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    versions = pins(stack)
    for line in project["dependencies"]:
        requirement = Requirement(line)
        assert requirement.specifier.contains(versions[requirement.name]), (stack, line, versions[requirement.name])


# Names that exist in ipywidgets 8 only (its user migration guide and changelog): using one breaks Colab's 7.7.1.
IPYWIDGETS_8_ONLY = ["description_allow_html", "TagsInput", "ColorsInput", "FloatsInput", "IntsInput", "Stack(",
                     "NaiveDatetimePicker", "TimePicker", "DatetimePicker", "border_left", "border_right",
                     "border_top", "border_bottom", "HTMLStyle", "LabelStyle", "TextStyle", "CheckboxStyle",
                     "handle_color", "text_color", "font_variant"]


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(ROOT)) for p in SOURCES])
def test_code_uses_only_what_ipywidgets_7_and_8_share(path):
    text = path.read_text(encoding="utf-8")
    used = [name for name in IPYWIDGETS_8_ONLY if name in text]
    assert not used, f"{path.name} uses {used}, which ipywidgets 7.7 (Colab) lacks"
    # ipywidgets 8 dropped dict options and description_tooltip; 7.7 lacks tooltip on anything but Button.
    assert "description_tooltip" not in text
    assert not re.search(r"options\s*=\s*\{", text), "dict options: ipywidgets 8 refuses them"


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(ROOT)) for p in SOURCES])
def test_no_widget_uses_the_output_widget(path):
    """The Output widget is what rendered differently from ipywidgets 8.1.9 in VS Code (vscode-jupyter#17504)."""
    assert not re.search(r"\bOutput\(", path.read_text(encoding="utf-8")), path.name


@pytest.mark.parametrize("path", BOOKS, ids=[str(p.relative_to(ROOT / "notebooks")) for p in BOOKS])
def test_every_notebook_starts_with_the_setup_cell(path):
    first = first_cell.first_code_cell(nbformat.read(path, as_version=4))
    assert first is not None and first.source == first_cell.cell_source(first_cell.repository_url()), (
        "run: python tools/first_cell.py, then re-execute the notebook")


def test_links_are_derived_from_the_one_address():
    url = first_cell.repository_url()
    texts = [(ROOT / "README.md").read_text(encoding="utf-8")] + [p.read_text(encoding="utf-8") for p in BOOKS]
    colab = {m for t in texts for m in re.findall(r"https://colab\.research\.google\.com/[^\s\"')\]]+", t)}
    if url is None:
        assert not colab, "an Open-in-Colab link without a public address in pyproject.toml"
        assert "git+" not in first_cell.cell_source(url)
    else:
        assert all(link.startswith(first_cell.colab_link(url, BOOKS[0]).split("/blob/")[0]) for link in colab)


def run_setup_cell(source, hide_lossbook):
    """The setup cell's plain-Python part, in a fresh interpreter, with or without lossbook importable."""
    code = ("import sys\n" + ("sys.modules['lossbook'] = None\n" if hide_lossbook else "") +
            "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("%")))
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def test_setup_cell_says_what_it_did():
    source = first_cell.cell_source(None)
    assert run_setup_cell(source, hide_lossbook=False) == "lossbook is ready: it is already installed in this Python.\n"
    told = run_setup_cell(source, hide_lossbook=True)
    assert "not installed" in told and "%pip install -q lossbook-*.whl" in told and "make lab" in told
    with_address = first_cell.cell_source("https://example.org/course")
    assert '%pip install -q "lossbook @ git+https://example.org/course"' in with_address
    assert all(len(s.splitlines()) <= 15 for s in (source, with_address))
