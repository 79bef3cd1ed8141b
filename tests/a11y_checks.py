"""The accessibility checks the browser test runs on every notebook it opens in an audited front end, as far as a
machine can tell that a notebook is usable without a mouse and without sight of the screen:

1. **axe-core** (the engine behind the browsers' own accessibility audits, installed from npm into tests/node_modules,
   see tests/a11y.py) runs over every output of the notebook after Run All, and again after every control has been
   used (a "Lock in" reveals new text). No serious or critical finding is allowed: images without alternative text,
   controls without a name, regions that scroll but cannot be reached by keyboard... The moderate and minor ones are
   printed, and reported as warnings in pytest's summary.
2. **Keyboard.** In each output, Tab moves through every control in document order, and the order follows the reading
   order on screen (top to bottom, left to right within a row). Each control is then operated with keys alone, and
   must keep the focus: arrow keys move a slider (and the widget's readout or figure changes), ArrowDown picks the
   next option of a dropdown, Space presses a toggle button or ticks a checkbox, Enter presses "Lock in" (and the
   answer appears), ArrowRight scrolls a table that is wider than its output.

Not a test module: tests/test_browser.py calls :func:`check` in the same page, after the same Run All, so each
notebook runs once per front end. The audited front ends are JupyterLab 4 and Notebook 7 (``AUDITED``), started by
tests/lab_browser.py with the settings the course ships (jupyter-settings/lossbook.json5).
"""

from __future__ import annotations

import os
import time

import a11y  # tests/ is on sys.path (pytest's rootdir-relative imports)
from lab_browser import FRONTENDS, JS_OUTPUT_FINGERPRINT, kernel_error_count, revealed_text, wait_kernel_idle

# The front ends audited: JupyterLab 4 and Notebook 7 (ipywidgets 8). The classic Notebook with ipywidgets 7 is not
# (yet): its jQuery UI slider handles are unnamed <span>s without a slider role, which the course does not patch
# (``LOSSBOOK_A11Y_FRONTENDS=lab,notebook7,classic`` audits it anyway).
AUDITED = [f for f in os.environ.get("LOSSBOOK_A11Y_FRONTENDS", "lab,notebook7").split(",") if f in FRONTENDS]

KEY_TIMEOUT = 5.0  # seconds for a control to show the effect of a key
OUTPUT_TIMEOUT = 15.0  # seconds for a widget's output to change after a key


class AccessibilityNotice(UserWarning):
    """A moderate or minor axe-core finding: listed, not failed."""


def _audit(page, when: str, notices: list[str]) -> list[str]:
    """Run axe-core over the outputs; return the serious/critical findings as problem lines, collect the rest."""
    result = a11y.run_axe(page)
    if result["outputs"] == 0:
        return [f"{when}: no output to audit (nothing matched {a11y.OUTPUT_SELECTOR!r})"]
    minor = a11y.describe(result["violations"], ("moderate", "minor"), limit=2)
    notices += [f"{when}: {line}" for line in minor]
    failing = a11y.describe(result["violations"], a11y.FAILING_IMPACTS)
    return [f"axe-core, {when}: {line}" for line in failing]


# ---------------------------------------------------------------------------------------------------------------------
# Keyboard

_JS_AREAS = """
([selector]) => [...document.querySelectorAll(selector)].map((area, i) => [i, area]).filter(([i, area]) =>
  area.querySelector('button, input, select, textarea, [tabindex], a[href]')).map(([i]) => i)
"""

_JS_RECT = """
(el) => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }
"""

# What a key did to a control: its value as the control shows it, and whether it still has the focus.
_JS_CONTROL_STATE = """
(el) => ({
  focused: document.activeElement === el,
  // A slider's aria-valuenow is rounded to one decimal (noUiSlider): 0.50 -> 0.51 would not show. Its valuetext is
  // the value as ipywidgets formats it.
  value: el.getAttribute('role') === 'slider' ? (el.getAttribute('aria-valuetext') || el.getAttribute('aria-valuenow'))
       : el.tagName === 'SELECT' ? String(el.selectedIndex)
       : el.type === 'checkbox' ? String(el.checked)
       : el.closest('.widget-toggle-buttons') ? String(el.classList.contains('mod-active'))
       : '',
  atMax: el.getAttribute('role') === 'slider'
       ? parseFloat(el.getAttribute('aria-valuenow')) >= parseFloat(el.getAttribute('aria-valuemax'))
       : el.tagName === 'SELECT' ? el.selectedIndex === el.options.length - 1 : false,
  vertical: el.getAttribute('aria-orientation') === 'vertical',
  active: el.classList.contains('mod-active'),
  disabled: !!el.disabled || el.closest('[disabled]') !== null,
})
"""


def _reading_order(page, stops) -> list[str]:
    """Tab stops of one output must run top to bottom, and left to right within a row."""
    found = []
    rects = [a11y.stop_locator(page, s["index"]).evaluate(_JS_RECT) for s in stops]
    for (a, ra), (b, rb) in zip(zip(stops, rects), zip(stops[1:], rects[1:])):
        same_row = rb["top"] < ra["bottom"] - 2 and ra["top"] < rb["bottom"] - 2
        if (same_row and rb["left"] < ra["left"] - 2) or (not same_row and rb["top"] < ra["top"]):
            found.append(
                f"focus order is not the reading order: {b['kind']} {b['name']!r} comes after {a['kind']} "
                f"{a['name']!r} in the Tab order but sits {'left of' if same_row else 'above'} it"
            )
    return found


def _tab_through(page, area: int, stops) -> list[str]:
    """Focus the first control of output ``area``, press Tab, and require the focus to visit every stop in order."""
    a11y.focus_stop(page, stops[0]["index"])
    visited = [a11y.focused_index(page)]
    for _ in stops[1:]:
        page.keyboard.press("Tab")
        visited.append(a11y.focused_index(page))
    expected = [s["index"] for s in stops]
    if visited == expected:
        return []
    names = {s["index"]: f"{s['kind']} {s['name']!r}" for s in stops}
    return [
        f"output {area + 1}: Tab visits {[names.get(i, 'something outside the output') for i in visited]}, "
        f"expected {[names[i] for i in expected]}"
    ]


def _wait(page, predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        page.wait_for_timeout(50)
    return predicate()


def _operate(page, path: str, stop: dict) -> str | None:
    """Operate one control with keys alone; return a problem or None."""
    kind, name = stop["kind"], f"{stop['kind']} {stop['name']!r}"
    control = a11y.stop_locator(page, stop["index"])
    state = control.evaluate(_JS_CONTROL_STATE)
    if state["disabled"] or kind in ("slider readout", "link") or (kind == "toggle button" and state["active"]):
        return None
    if kind == "region" and not control.evaluate("(el) => el.scrollWidth > el.clientWidth + 1"):
        return None  # a table box that fits: nothing to scroll
    if not wait_kernel_idle(page, path):
        return f"{name}: the kernel did not become idle before it was used"
    a11y.focus_stop(page, stop["index"])
    before_output = control.evaluate(JS_OUTPUT_FINGERPRINT)
    before_answer = revealed_text(control) if kind == "button" else None
    errors = kernel_error_count(page)
    if kind == "slider":
        key = ("ArrowDown" if state["atMax"] else "ArrowUp") if state["vertical"] else (
            "ArrowLeft" if state["atMax"] else "ArrowRight")
    elif kind == "dropdown":
        key = "ArrowUp" if state["atMax"] else "ArrowDown"
    elif kind == "region":
        key = "ArrowRight"
    elif kind in ("toggle button", "checkbox"):
        key = "Space"
    elif kind == "button":
        key = "Enter"
    else:
        return f"{name}: no keyboard check for this kind of control"
    page.keyboard.press(key)
    if not control.evaluate(_JS_CONTROL_STATE)["focused"] and kind != "button":
        where = page.evaluate(
            "() => { const a = document.activeElement; return a ? String(a.className || a.tagName) : 'nothing'; }"
        )
        return f"{name}: {key} moved the focus away from it (to {where[:80]!r}): the notebook took the key"
    if kind == "button":
        if before_answer is None:
            return None  # a button that reveals nothing: pressing it is all there is to check
        if not _wait(page, lambda: (revealed_text(control) or "") not in ("", before_answer), OUTPUT_TIMEOUT):
            return f"{name}: {key} did not reveal the answer within {OUTPUT_TIMEOUT:.0f} s"
        return None
    if kind == "region":
        if not _wait(page, lambda: control.evaluate("(el) => el.scrollLeft") > 0, KEY_TIMEOUT):
            return f"{name}: it scrolls sideways, but {key} did not scroll it"
        return None
    if not _wait(page, lambda: control.evaluate(_JS_CONTROL_STATE)["value"] != state["value"], KEY_TIMEOUT):
        return f"{name}: {key} did not change it (still {state['value']})"
    if not _wait(page, lambda: control.evaluate(JS_OUTPUT_FINGERPRINT) != before_output, OUTPUT_TIMEOUT):
        if kernel_error_count(page) > errors:
            return f"{name}: {key} raised an error in the kernel"
        return f"{name}: {key} changed it, but the widget's readout and figure did not change"
    return None


def _keyboard(page, path: str) -> tuple[list[str], dict[str, int]]:
    """Tab through and operate every control of every output; returns (problems, how many controls of each kind)."""
    found: list[str] = []
    counts: dict[str, int] = {}
    for area in page.evaluate(_JS_AREAS, [a11y.OUTPUT_SELECTOR]):
        page.evaluate(
            "([sel, i]) => document.querySelectorAll(sel)[i].scrollIntoView({block: 'start'})",
            [a11y.OUTPUT_SELECTOR, area],
        )
        stops = [s for s in a11y.tab_stops(page) if s["area"] == area]
        if not stops:
            continue
        for s in stops:
            counts[s["kind"]] = counts.get(s["kind"], 0) + 1
        unnamed = [s for s in stops if not s["name"] and s["kind"] not in ("slider readout",)]
        found += [f"output {area + 1}: {s['kind']} {s['index']} has no accessible name" for s in unnamed]
        found += _tab_through(page, area, stops)
        found += _reading_order(page, stops)
        for stop in stops:
            problem = _operate(page, path, stop)
            if problem:
                found.append(f"output {area + 1}: {problem}")
    return found, counts


def check(page, path: str, name: str) -> tuple[list[str], list[str], str]:
    """Audit the outputs with axe-core, then Tab through and operate every control with keys, then audit again.

    Returns ``(problems, notices, summary)``: serious or critical findings and keyboard failures; moderate and minor
    axe-core findings (listed, not failed); one line saying what was checked.
    """
    notices: list[str] = []
    found = _audit(page, "after Run All", notices)
    keyboard, counts = _keyboard(page, path)
    found += keyboard
    found += _audit(page, "after every control was used", notices)
    summary = (f"{name}: axe-core {a11y.axe_version()}; keyboard: "
               + (", ".join(f"{n} {k}(s)" for k, n in sorted(counts.items())) or "no controls"))
    return found, notices, summary
