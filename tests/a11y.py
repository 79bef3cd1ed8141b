"""Accessibility checks in a real browser: axe-core over a notebook's outputs, and walking its controls by keyboard.

Not a test module (no ``test_`` prefix); tests/a11y_checks.py and tests/test_browser.py use it. axe-core is the engine behind the
browsers' own accessibility audits. It comes from the npm registry, pinned in tests/package.json and
tests/package-lock.json, and is installed into tests/node_modules by ``npm ci --prefix tests`` (``.ci/run`` and
``make test`` do it). The page gets the installed file; nothing is fetched at run time.

Front ends: JupyterLab 4 and Notebook 7 mark each output ``.jp-OutputArea-output``; the classic Notebook marks it
``.output_subarea``. Every selector here accepts both.
"""

from __future__ import annotations

import json
from pathlib import Path

TESTS = Path(__file__).resolve().parent
AXE_JS = TESTS / "node_modules" / "axe-core" / "axe.min.js"
AXE_INSTALL_HINT = (
    "install it with `npm ci --prefix tests` (needs Node.js and npm; axe-core is pinned in tests/package.json)"
)

# A rendered output, in JupyterLab 4 / Notebook 7 and in the classic Notebook.
OUTPUT_SELECTOR = ".jp-OutputArea-output, .output_subarea"
# Findings at these impacts fail the audit; the others are listed in the test's output.
FAILING_IMPACTS = ("serious", "critical")


def axe_unavailable() -> str | None:
    """Why axe-core cannot be loaded (a message with the fix), or None."""
    if not AXE_JS.is_file():
        missing = AXE_JS.relative_to(TESTS.parent).as_posix()
        return f"axe-core is not installed ({missing} is missing): {AXE_INSTALL_HINT}"
    return None


def axe_version() -> str:
    return json.loads((AXE_JS.parent / "package.json").read_text())["version"]


def inject_axe(page) -> str:
    """Load the installed axe-core into ``page`` (once); returns the version the page reports."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # evaluate, not a <script> tag: the page's Content-Security-Policy cannot refuse it.
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;true")
    return page.evaluate("() => window.axe.version")


_JS_RUN_AXE = """
async ([selector]) => {
  const targets = [...document.querySelectorAll(selector)];
  if (targets.length === 0) return {outputs: 0, violations: []};
  const result = await window.axe.run({include: targets}, {resultTypes: ['violations']});
  return {
    outputs: targets.length,
    violations: result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 300),
                                summary: (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300)})),
    })),
  };
}
"""


def run_axe(page, selector: str = OUTPUT_SELECTOR) -> dict:
    """Run axe-core (every rule it runs by default: WCAG 2.x A and AA, and best practices) over the elements matching
    ``selector``. Returns ``{"outputs": how many elements were audited, "violations": [...]}``; each violation has
    ``id``, ``impact``, ``help``, ``helpUrl`` and ``nodes`` (``target``, ``html``, ``summary``)."""
    inject_axe(page)
    return page.evaluate(_JS_RUN_AXE, [selector])


def count_nodes(violations, impacts=FAILING_IMPACTS) -> dict[str, int]:
    """``{rule id: number of offending elements}`` for the violations at ``impacts``."""
    counts: dict[str, int] = {}
    for v in violations:
        if v["impact"] in impacts:
            counts[v["id"]] = counts.get(v["id"], 0) + len(v["nodes"])
    return counts


def describe(violations, impacts, *, limit: int = 4) -> list[str]:
    """One line per violation at ``impacts`` (rule, impact, count, help) and up to ``limit`` offending elements."""
    lines = []
    for v in violations:
        if v["impact"] not in impacts:
            continue
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} element(s)): {v['help']}")
        for n in v["nodes"][:limit]:
            lines.append(f"    {n['target']}: {n['html'][:160]}")
            if n["summary"]:
                lines.append(f"      {n['summary'][:200]}")
        if len(v["nodes"]) > limit:
            lines.append(f"    ... and {len(v['nodes']) - limit} more")
    return lines


# ---------------------------------------------------------------------------------------------------------------------
# Keyboard


# The controls a learner operates in a lesson's outputs, as the browser sees them: every element that takes focus from
# the Tab key (tabindex >= 0, or natively focusable and not disabled), visible, in document order. Each gets a
# data-a11y-index so the test can tell where the focus is.
_JS_TAB_STOPS = """
([selector]) => {
  const focusable = 'a[href], button, input, select, textarea, [tabindex], [contenteditable="true"]';
  const visible = (el) => {
    if (el.closest('[hidden], [aria-hidden="true"]')) return false;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const stops = [];
  for (const area of document.querySelectorAll(selector)) {
    for (const el of area.querySelectorAll(focusable)) {
      // A contenteditable element (a slider's readout) is a Tab stop although its tabIndex property reads -1.
      const tabbable = el.isContentEditable ? !(el.getAttribute('tabindex') || '').startsWith('-') : el.tabIndex >= 0;
      if (el.disabled || !tabbable || !visible(el)) continue;
      if (el.closest('[disabled]')) continue;
      stops.push(el);
    }
  }
  document.querySelectorAll('[data-a11y-index]').forEach(el => el.removeAttribute('data-a11y-index'));
  return stops.map((el, i) => {
    el.setAttribute('data-a11y-index', String(i));
    const area = el.closest(selector);
    return {index: i, area: [...document.querySelectorAll(selector)].indexOf(area), kind: kindOf(el), name: nameOf(el)};
  });
  function kindOf(el) {
    if (el.getAttribute('role') === 'slider') return 'slider';
    if (el.classList.contains('widget-readout')) return 'slider readout';
    if (el.tagName === 'SELECT') return 'dropdown';
    if (el.tagName === 'INPUT' && el.type === 'checkbox') return 'checkbox';
    if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') return 'text box';
    if (el.tagName === 'BUTTON' && el.closest('.widget-toggle-buttons')) return 'toggle button';
    if (el.tagName === 'BUTTON') return 'button';
    if (el.tagName === 'A') return 'link';
    return (el.getAttribute('role') || el.tagName.toLowerCase());
  }
  function nameOf(el) {
    const byId = (ids) => ids.split(/\\s+/).map(id => document.getElementById(id)).filter(Boolean)
                             .map(n => n.textContent).join(' ');
    const t = el.getAttribute('aria-label')
            || (el.getAttribute('aria-labelledby') && byId(el.getAttribute('aria-labelledby')))
            || (el.labels && el.labels.length && [...el.labels].map(l => l.textContent).join(' '))
            || (el.tagName === 'BUTTON' ? el.textContent : '')
            || el.getAttribute('alt') || el.getAttribute('title') || '';
    return t.replace(/\\u200b/g, '').replace(/\\s+/g, ' ').trim();
  }
}
"""


def tab_stops(page, selector: str = OUTPUT_SELECTOR) -> list[dict]:
    """Every Tab stop in the outputs, in document order: ``index``, ``area`` (which output), ``kind``, ``name``."""
    return page.evaluate(_JS_TAB_STOPS, [selector])


def focused_index(page) -> int | None:
    """The ``data-a11y-index`` of the focused element (see :func:`tab_stops`), or None when focus is elsewhere."""
    value = page.evaluate(
        "() => { const a = document.activeElement; return a ? a.getAttribute('data-a11y-index') : null; }"
    )
    return None if value is None else int(value)


def focus_stop(page, index: int) -> None:
    page.evaluate(
        "(i) => { const el = document.querySelector(`[data-a11y-index=\"${i}\"]`); "
        "el.scrollIntoView({block: 'center'}); el.focus(); }",
        index,
    )


def stop_locator(page, index: int):
    return page.locator(f'[data-a11y-index="{index}"]')
