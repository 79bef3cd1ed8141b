"""Every notebook in each front end learners open, in a real Chromium: JupyterLab 4 and Jupyter Notebook 7 (both
from .venv, ipywidgets 8), and the classic Notebook 6.5 with ipywidgets 7 and widgetsnbextension 3.6 (server and
kernel from .venv-colab, Google Colab's pinned stack: the nearest stand-in for Colab's renderer that runs here).

In each front end, every notebook runs without errors, every widget renders, every slider moves
and the output it drives changes; then every other control is used as a learner would (a different toggle button
clicked, another dropdown option selected, each checkbox clicked) and the output it drives must change too; and a
predict-then-reveal widget's "Lock in" button must reveal the answer. And the widgets must read well: every slider
track at least 150 px wide, every readout as wide as its panel, no output wider than its output area (see
``_layout_problems``).

One server per front end serves every notebook (a session-scoped, parametrized fixture: pytest runs all notebooks
in one front end before starting the next). ``-k lab``, ``-k notebook7`` or ``-k classic`` selects a front end.

The notebooks are the lessons of ``lossbook/lessons.py`` (or the folder or file named by ``LOSSBOOK_NOTEBOOKS``), so
a new lesson is covered once it is in the table, with no change here. The server serves a temporary copy: a run
never writes to the repository's notebooks.

Where Chromium or playwright is missing these tests skip, saying how to install them; with
``LOSSBOOK_REQUIRE_BROWSER=1`` (set by .ci/run) they fail instead. On a failure a full-page screenshot is saved in
test-artifacts/ and its path is in the message.
"""

from __future__ import annotations

import os
import re
import time
import warnings
from pathlib import Path

import pytest

import a11y
import a11y_checks

from lossbook.lessons import LESSONS
from lab_browser import (  # tests/ is on sys.path: pytest's rootdir-relative imports, no __init__.py
    REPO,
    browser_unavailable,
    control_describe,
    control_locators,
    discover_notebooks,
    kernel_error_count,
    launch_chromium,
    lock_in_buttons,
    notebook_root,
    open_notebook,
    problems,
    revealed_text,
    run_all,
    slider_describe,
    slider_handles,
    wait_for_widgets,
    wait_kernel_idle,
    FRONTENDS,
    JS_FINGERPRINT,
    JS_OUTPUT_FINGERPRINT,
    LabServer,
    layout_problems,
)

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts"
NOTEBOOK_ROOT = notebook_root()
# Every lesson of the table (lossbook/lessons.py), or what $LOSSBOOK_NOTEBOOKS names.
NOTEBOOKS = (discover_notebooks(NOTEBOOK_ROOT) if os.environ.get("LOSSBOOK_NOTEBOOKS")
             else [Path(entry.notebook).relative_to("notebooks") for entry in LESSONS])
SERVED = "notebooks"  # the folder the copy is served under

PRESSES = 3  # key presses per slider
WIDGET_GRACE = 10.0  # seconds a widget may show "Loading widget..." after Run All
OUTPUT_TIMEOUT = 15.0  # seconds for a slider's (or other control's) output to change
SELECT_TIMEOUT = 5.0  # seconds for a clicked toggle button / selected option / clicked checkbox to show as chosen


def _require_browser() -> None:
    # axe-core is needed where a front end is audited for accessibility (tests/a11y_checks.py)
    reason = browser_unavailable() or (a11y.axe_unavailable() if a11y_checks.AUDITED else None)
    if reason is None:
        return
    if os.environ.get("LOSSBOOK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"LOSSBOOK_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session", params=list(FRONTENDS))
def lab(request, browser):
    """One front end (JupyterLab 4, Notebook 7, classic Notebook with ipywidgets 7) on 127.0.0.1 with a token,
    serving a temporary copy of the notebooks. The classic Notebook's .venv-colab is built on first use."""
    frontend = request.param
    try:
        server = LabServer({SERVED: NOTEBOOK_ROOT}, frontend=frontend)  # a folder is copied whole, a notebook alone
        server.start()
    except RuntimeError as e:
        pytest.fail(f"{FRONTENDS[frontend]} could not start: {e}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser, lab):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    pg = context.new_page()
    pg.console_errors = []  # the browser console's errors: context for a failure message
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    try:
        yield pg
    finally:
        context.close()
        lab.shutdown_kernels()


def _screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception as e:  # a screenshot must never hide the real failure
        return Path(f"(screenshot failed: {e})")
    return path


def _fail(page, name: str, lines: list[str]) -> None:
    shot = _screenshot(page, name)
    try:
        shot_text = shot.relative_to(REPO).as_posix()
    except ValueError:
        shot_text = str(shot)
    console = getattr(page, "console_errors", [])
    context = "".join(f"\n    {c[:300]}" for c in console[:10]) if console else ""
    pytest.fail(
        f"{name}:\n  - " + "\n  - ".join(lines) + f"\nscreenshot: {shot_text}"
        + (f"\nbrowser console errors:{context}" if context else ""),
        pytrace=False,
    )


def test_server_requires_a_token(lab):
    """Every front end serves on loopback with its token required."""
    status, _ = lab.api("GET", "/api/contents", token=False)
    assert status in (401, 403), f"/api/contents without a token answered {status}"
    status, listing = lab.api("GET", "/api/contents")
    assert status == 200 and any(item["name"] == SERVED for item in listing["content"])


def _move_slider(page, path: str, i: int, handle) -> str | None:
    """Press keys on slider ``i``; return a problem or None when its output changed."""
    info = slider_describe(handle)
    name = f"slider {i + 1} ({info['label'] or 'no label'})"
    if info["disabled"]:
        return None
    if not wait_kernel_idle(page, path):
        return f"{name}: the kernel did not become idle before the slider was moved"
    handle.scroll_into_view_if_needed()
    before = handle.evaluate(JS_FINGERPRINT)
    errors_before = kernel_error_count(page)
    forward, backward = ("ArrowUp", "ArrowDown") if info["vertical"] else ("ArrowRight", "ArrowLeft")
    if info["now"] >= info["max"]:  # a slider already at its maximum moves the other way
        forward, backward = backward, forward
    moved = False
    for key in (forward, backward):
        for _ in range(PRESSES):
            handle.press(key)
        page.wait_for_timeout(50)
        if slider_describe(handle)["readout"] != info["readout"]:
            moved = True
            break
    if not moved:
        return f"{name}: {forward}/{backward} on its handle did not change its value (readout {info['readout']!r})"
    deadline = time.monotonic() + OUTPUT_TIMEOUT
    while time.monotonic() < deadline:
        if handle.evaluate(JS_FINGERPRINT) != before:
            return None
        if kernel_error_count(page) > errors_before:
            return f"{name}: moving it raised an error in the kernel"
        page.wait_for_timeout(50)
    after = slider_describe(handle)["readout"]
    return (
        f"{name}: value {info['readout']} -> {after}, but neither the figure nor the text of its output area "
        f"changed within {OUTPUT_TIMEOUT:.0f} s"
    )


def _wait_output_change(page, control, before: str, errors_before: int, name: str, what: str) -> str | None:
    """Wait for the output around ``control`` to differ from ``before``: a problem (saying what was done) or None."""
    deadline = time.monotonic() + OUTPUT_TIMEOUT
    while time.monotonic() < deadline:
        if control.evaluate(JS_OUTPUT_FINGERPRINT) != before:
            return None
        if kernel_error_count(page) > errors_before:
            return f"{name}: {what}, and that raised an error in the kernel"
        page.wait_for_timeout(50)
    return (
        f"{name}: {what}, but neither the figure nor the text of its output area changed "
        f"within {OUTPUT_TIMEOUT:.0f} s"
    )


def _settled_fingerprint(page, control, *, quiet: float = 0.15, limit: float = 3.0) -> str:
    """The output's fingerprint once it has stopped changing for ``quiet`` seconds (at most ``limit`` seconds): the
    kernel goes idle before the browser has applied the last update (image buffers are decoded asynchronously), and a
    late update from the previous control must not count as this control's effect."""
    fingerprint = control.evaluate(JS_OUTPUT_FINGERPRINT)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        page.wait_for_timeout(quiet * 1000)
        again = control.evaluate(JS_OUTPUT_FINGERPRINT)
        if again == fingerprint:
            break
        fingerprint = again
    return fingerprint


def _use_control(page, path: str, n: int, control) -> str | None:
    """Change toggle-buttons / dropdown / checkbox ``control`` (the ``n``-th of its kind) as a learner would; return a
    problem or None when the output it drives changed."""
    info = control_describe(control)
    name = f"{info['kind']} {n} ({info['label'] or 'no label'})"
    if info["disabled"] or len(info["options"]) < 2:  # nothing a learner can change
        return None
    if not wait_kernel_idle(page, path):
        return f"{name}: the kernel did not become idle before it was used"
    control.scroll_into_view_if_needed()
    before = _settled_fingerprint(page, control)
    errors_before = kernel_error_count(page)
    if info["kind"] == "toggle":
        button = control.locator("button:not(.mod-active):not([disabled])").first
        target = button.inner_text().strip()
        button.click()
        what = f"clicked {target!r} (was {info['value']!r})"
    elif info["kind"] == "dropdown":
        index = next(i for i in range(len(info["options"])) if i != info["index"])
        target = info["options"][index]
        control.locator("select").select_option(index=index)
        what = f"selected {target!r} (was {info['value']!r})"
    else:
        target = "unchecked" if info["value"] == "checked" else "checked"
        control.locator("input[type=checkbox]").click()
        what = f"clicked it ({info['value']} -> {target})"
    deadline = time.monotonic() + SELECT_TIMEOUT
    while control_describe(control)["value"] != target:
        if time.monotonic() > deadline:
            return f"{name}: {what}, but it still shows {control_describe(control)['value']!r}"
        page.wait_for_timeout(50)
    return _wait_output_change(page, control, before, errors_before, name, what)


def _lock_in(page, path: str, n: int, button) -> str | None:
    """Press a predict-then-reveal widget's "Lock in" button; return a problem or None when it revealed text."""
    name = f"Lock in button {n}"
    if button.is_disabled():
        return None
    if not wait_kernel_idle(page, path):
        return f"{name}: the kernel did not become idle before it was pressed"
    button.scroll_into_view_if_needed()
    before = revealed_text(button)
    if before is None:
        return f"{name}: not inside a widget box that could show the answer"
    errors_before = kernel_error_count(page)
    button.click()
    deadline = time.monotonic() + OUTPUT_TIMEOUT
    while time.monotonic() < deadline:
        text = revealed_text(button)
        if text and text != before:
            return None
        if kernel_error_count(page) > errors_before:
            return f"{name}: pressing it raised an error in the kernel"
        page.wait_for_timeout(50)
    return f"{name}: pressed, but no answer appeared in its output within {OUTPUT_TIMEOUT:.0f} s"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.as_posix() for p in NOTEBOOKS])
def test_notebook_in_browser(page, lab, notebook: Path):
    path = f"{SERVED}/{notebook.as_posix()}"
    name = f"{lab.frontend}: {notebook.as_posix()}"
    try:
        open_notebook(page, lab, path)
    except Exception as e:
        _fail(page, name, [f"the notebook did not open with an idle kernel: {type(e).__name__}: {e}"])

    state = run_all(page, path)
    if state.get("dialogs"):
        _fail(page, name, [f"a dialog is open: {d}" for d in state["dialogs"]])
    if state.get("timeout"):
        _fail(page, name, [f"Run All did not finish: {state}"])

    found = problems(page, path)
    if not found and state["unexecuted"]:
        found.append(f"{state['unexecuted']} code cell(s) did not run")
    loading = wait_for_widgets(page, path, grace=WIDGET_GRACE)
    if loading:
        found.append(f'{loading} widget(s) still show "Loading widget..." {WIDGET_GRACE:.0f} s after Run All')
    found += layout_problems(page)
    if found:
        _fail(page, name, found)

    handles = slider_handles(page)
    for i, handle in enumerate(handles):
        problem = _move_slider(page, path, i, handle)
        if problem:
            found.append(problem)
    counts: dict[str, int] = {}
    for control in control_locators(page):
        kind = control_describe(control)["kind"]
        counts[kind] = counts.get(kind, 0) + 1
        problem = _use_control(page, path, counts[kind], control)
        if problem:
            found.append(problem)
    buttons = lock_in_buttons(page)
    for i, button in enumerate(buttons):
        problem = _lock_in(page, path, i + 1, button)
        if problem:
            found.append(problem)
    print(
        f"\n{name}: exercised {len(handles)} slider(s), {counts.get('toggle', 0)} toggle(s), "
        f"{counts.get('dropdown', 0)} dropdown(s), {counts.get('checkbox', 0)} checkbox(es), "
        f"{len(buttons)} Lock in button(s)"
    )
    found += [p for p in problems(page, path) if p not in found]  # errors raised by the widgets' callbacks
    if found:
        _fail(page, name, found)

    if lab.frontend in a11y_checks.AUDITED:  # accessibility, in the same page after the same Run All
        found, notices, summary = a11y_checks.check(page, path, name)
        print(summary)
        for line in notices:
            print(f"  {line}")
        if notices:
            warnings.warn(a11y_checks.AccessibilityNotice(f"{name}: moderate/minor axe-core findings:\n"
                                                          + "\n".join(notices)))
        found += [p for p in problems(page, path) if p not in found]
        if found:
            _fail(page, name, found)

