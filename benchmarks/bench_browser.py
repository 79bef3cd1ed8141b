"""Slider latency in a real browser, in each front end: keydown on a slider's handle -> first frame in which its
output differs.

Front ends (``--frontends``, default all three; see tests/lab_browser.py): JupyterLab 4 and Jupyter Notebook 7 (from
.venv, ipywidgets 8) and the classic Notebook 6.5 with ipywidgets 7 (server and kernel from .venv-colab, Colab's stack;
built on first use by tools/testenv.py). In each, in one server + Chromium session, the same run measures:

* the course: every slider of every course notebook (the lessons, or the folder / notebook in $LOSSBOOK_NOTEBOOKS or
  given on the command line);
* the baselines, plain code that redraws a whole Matplotlib figure on every move:
  - ``@interact`` (benchmarks/reference-interact.ipynb): ``plt`` and the inline backend inside ``@interact``. Not in
    the classic Notebook: with ipywidgets 7 and today's matplotlib-inline it shows its figure but not its slider;
  - ``slider + Image`` (benchmarks/reference-image-slider.ipynb): a ``FloatSlider`` whose observer rebuilds the
    figure, ``savefig``s it to PNG and sets an ``Image``'s value. It runs in every front end, so it is the baseline
    that the ratios use in all three (and the only one in the classic Notebook).

For each slider: open the notebook, Run All, then press an arrow key on its handle N times (pausing between presses
and waiting for the kernel to be idle, so presses never queue); measure inside the page: ``performance.now()`` in a
capture-phase keydown listener is t0; a MutationObserver marks the slider's output area dirty and a
requestAnimationFrame loop checks, each frame, whether what it renders differs from before the press (text outside the
slider itself, or an image source whose new image has loaded). Two latencies per press: **any** (first frame with any
visible change: for lossbook's widgets usually the readout) and **figure** (first frame showing the new figure).

Prints per front end and notebook the median and 95th percentile, per-slider medians, then one table: per front end
the baselines' and the course's medians and the course's ratio to the baseline measured in the same front end and
run. Then times nbval over the course notebooks (wall time). Targets, reported not asserted: course median <= 0.55x
the baseline, nbval under 3 minutes.

    python benchmarks/bench_browser.py                          # every front end, every course notebook
    python benchmarks/bench_browser.py -n 5 --no-nbval --frontends classic
    LOSSBOOK_NOTEBOOKS=some/folder python benchmarks/bench_browser.py

Needs Debian's Chromium (apt-get install chromium) and the playwright Python package; not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))

from lab_browser import (  # noqa: E402
    FRONTENDS,
    LabServer,
    browser_unavailable,
    discover_notebooks,
    launch_chromium,
    notebook_root,
    open_notebook,
    problems,
    run_all,
    slider_describe,
    slider_handles,
    wait_for_widgets,
    wait_kernel_idle,
)

REFERENCE = HERE / "reference-interact.ipynb"
REFERENCE_IMAGE = HERE / "reference-image-slider.ipynb"
# The baselines: name -> (notebook, front ends it runs in). The ratios use "slider + Image" (it runs everywhere).
BASELINES = {
    "@interact": (REFERENCE, ("lab", "notebook7")),
    "slider + Image": (REFERENCE_IMAGE, ("lab", "notebook7", "classic")),
}
RATIO_BASELINE = "slider + Image"
TARGET_RATIO = 0.55
TARGET_NBVAL_SECONDS = 180

# Arms one measurement on a slider handle; the key press itself comes from Playwright (a trusted event, as a
# learner's). Resolves window.__lossbookBench with {any, figure} in ms after the keydown (null: no change in time).
JS_ARM = """
(handle, timeoutMs) => {
  const area = handle.closest('.jp-OutputArea-output, .output_subarea') || handle.closest('.jp-Cell, .cell') || document.body;
  const inSlider = (node) => {
    const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return !!(el && el.closest('.widget-slider'));
  };
  const texts = () => {
    const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
    const out = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!inSlider(n)) out.push(n.data);
    return out.join('\\u0001');
  };
  const images = () => [...area.querySelectorAll('img')];
  const sources = () => images().map(i => i.getAttribute('src') || '').join('\\u0001');
  const loaded = () => images().every(i => i.complete && i.naturalWidth > 0);
  const text0 = texts(), src0 = sources();
  const hasFigure = images().length > 0;
  const m = {t0: null, any: null, figure: null};
  let dirty = false, done = false;
  const observer = new MutationObserver(records => {
    if (m.t0 !== null && records.some(r => !inSlider(r.target))) dirty = true;
  });
  observer.observe(area, {subtree: true, childList: true, attributes: true, characterData: true});
  const onKey = () => { if (m.t0 === null) m.t0 = performance.now(); };
  window.addEventListener('keydown', onKey, true);
  window.__lossbookBench = new Promise(resolve => {
    const finish = () => {
      done = true;
      observer.disconnect();
      window.removeEventListener('keydown', onKey, true);
      resolve({any: m.any, figure: m.figure, hasFigure, pressed: m.t0 !== null});
    };
    const start = performance.now();
    const frame = () => {
      if (done) return;
      const now = performance.now();
      if (m.t0 !== null && dirty) {
        dirty = false;
        const srcChanged = sources() !== src0;
        const imgReady = loaded();
        const figureShown = srcChanged && imgReady;
        if (m.any === null && (figureShown || texts() !== text0)) m.any = now - m.t0;
        if (m.figure === null && figureShown) m.figure = now - m.t0;
        if (srcChanged && !imgReady) dirty = true;  // no mutation when an image finishes loading: look again
      }
      if ((m.any !== null && (m.figure !== null || !hasFigure)) || now - start > timeoutMs) return finish();
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  return true;
}
"""


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in [0, 100]) of a non-empty list."""
    xs = sorted(values)
    k = (len(xs) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def measure_slider(page, path: str, handle, presses: int, pause: float, timeout: float) -> dict:
    info = slider_describe(handle)
    if info["disabled"]:
        return {"label": info["label"], "skipped": "disabled", "any": [], "figure": []}
    forward, backward = ("ArrowUp", "ArrowDown") if info["vertical"] else ("ArrowRight", "ArrowLeft")
    key = forward
    handle.scroll_into_view_if_needed()
    handle.focus()
    result = {"label": info["label"], "any": [], "figure": [], "timeouts": 0}
    flips = 0
    while len(result["any"]) + result["timeouts"] < presses:
        wait_kernel_idle(page, path)
        page.wait_for_timeout(pause * 1000)
        now = slider_describe(handle)
        if (key == forward and now["now"] >= now["max"]) or (key == backward and now["now"] <= now["min"]):
            key = backward if key == forward else forward  # at the end of its range: go back
        before = now["readout"]
        handle.evaluate(JS_ARM, timeout * 1000)
        handle.press(key)
        m = page.evaluate("() => window.__lossbookBench")
        if slider_describe(handle)["readout"] == before:  # did not move (a step the readout does not show?)
            key = backward if key == forward else forward
            flips += 1
            if flips > 2:
                result["skipped"] = "the slider does not move with the arrow keys"
                break
            continue
        flips = 0
        if m["any"] is None:
            result["timeouts"] += 1
            continue
        result["any"].append(m["any"])
        if m["figure"] is not None:
            result["figure"].append(m["figure"])
    return result


def bench_notebook(browser, server: LabServer, path: str, args) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        t = time.perf_counter()
        try:
            open_notebook(page, server, path)
        except Exception as e:  # noqa: BLE001 - one notebook that does not open must not end the whole run
            return {"path": path, "error": f"did not open with an idle kernel: {type(e).__name__}: {e}", "sliders": []}
        state = run_all(page, path)
        loading = wait_for_widgets(page, path, grace=30.0)  # a loaded machine renders slowly
        opened = time.perf_counter() - t
        found = problems(page, path)
        if state.get("timeout") or state.get("dialogs") or loading or found:
            return {"path": path, "error": {"state": state, "loading": loading, "problems": found}, "sliders": []}
        sliders = [
            measure_slider(page, path, h, args.presses, args.pause, args.timeout) for h in slider_handles(page)
        ]
        return {"path": path, "open_and_run_s": opened, "sliders": sliders}
    finally:
        context.close()
        server.shutdown_kernels()


def summarize(values: list[float]) -> str:
    if not values:
        return "        -         -     0"
    return f"{statistics.median(values):9.1f} {percentile(values, 95):9.1f} {len(values):5d}"


def time_nbval(notebooks_dir: Path) -> tuple[float, int]:
    # pyproject's addopts already name the sanitize file (nbval refuses it twice) and add doctests: replace them.
    cmd = [
        sys.executable, "-m", "pytest", "-o", "addopts=", "--nbval", str(notebooks_dir), "-p", "no:cacheprovider",
        "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", "-q",
    ]  # fmt: skip
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    elapsed = time.perf_counter() - t
    tail = proc.stdout.strip().splitlines()[-1:] or [""]
    print(f"  {tail[0]}")
    return elapsed, proc.returncode


def pooled(result: dict, kind: str) -> list[float]:
    return [v for s in result.get("sliders", []) for v in s[kind]]


def median_or_nan(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def print_details(results: list[dict]) -> None:
    print(f"\n{'notebook / slider':<58} {'any: med':>9} {'p95':>9} {'n':>5}   {'figure: med':>11} {'p95':>9} {'n':>5}")
    for r in results:
        if "error" in r:
            print(f"{r['path']:<58} FAILED to run: {r['error']}")
            continue
        print(f"{r['path']:<58} {summarize(pooled(r, 'any'))}   {summarize(pooled(r, 'figure'))}")
        for i, s in enumerate(r["sliders"], 1):
            note = f"  ({s['skipped']})" if s.get("skipped") else ""
            note += f"  ({s['timeouts']} press(es) without a change)" if s.get("timeouts") else ""
            print(f"    {i:>2}. {s['label'][:48]:<50} {summarize(s['any'])}   {summarize(s['figure'])}{note}")


def bench_frontend(frontend: str, root: Path, course: list[Path], args) -> dict:
    """Every baseline that runs in ``frontend`` and every course notebook, in one server and one Chromium."""
    from playwright.sync_api import sync_playwright

    sources = {"course": root, **{f"baseline{i}": nb for i, (nb, _) in enumerate(BASELINES.values())}}
    baselines = {name: f"baseline{i}/{nb.name}" for i, (name, (nb, where)) in enumerate(BASELINES.items())
                 if frontend in where}
    out = {"frontend": frontend, "baselines": {}, "course": []}
    with LabServer(sources, frontend=frontend) as server, sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            todo = [(name, path) for name, path in baselines.items()] + [(None, f"course/{nb.as_posix()}") for nb in course]
            for name, path in todo:
                t = time.perf_counter()
                r = bench_notebook(browser, server, path, args)
                r["wall_s"] = time.perf_counter() - t
                if name:
                    out["baselines"][name] = r
                else:
                    out["course"].append(r)
                print(f"  {frontend}: measured {path} ({len(r['sliders'])} slider(s), {r['wall_s']:.1f} s)", flush=True)
        finally:
            browser.close()
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("notebooks", nargs="?", type=Path, help="a folder of notebooks or one notebook (default: the course)")
    ap.add_argument("-n", "--presses", type=int, default=15, help="key presses per slider (default 15)")
    ap.add_argument("--pause", type=float, default=0.3, help="seconds between presses, after the kernel is idle")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for a press's output to change")
    ap.add_argument("--frontends", default=",".join(FRONTENDS),
                    help=f"comma-separated, of {', '.join(FRONTENDS)} (default: all)")
    ap.add_argument("--no-nbval", action="store_true", help="skip timing nbval")
    ap.add_argument("--json", type=Path, help="also write the raw measurements here (e.g. benchmarks/results/)")
    args = ap.parse_args(argv)
    frontends = [f.strip() for f in args.frontends.split(",") if f.strip()]
    unknown = [f for f in frontends if f not in FRONTENDS]
    if unknown:
        ap.error(f"unknown front end(s) {unknown}; choose from {list(FRONTENDS)}")

    reason = browser_unavailable()
    if reason:
        print(f"bench_browser: cannot run: {reason}", file=sys.stderr)
        return 2
    if args.notebooks:
        root = args.notebooks.resolve()
        course = discover_notebooks(root)
    elif os.environ.get("LOSSBOOK_NOTEBOOKS"):
        root = notebook_root()
        course = discover_notebooks(root)
    else:  # the lessons' table, as the tests read it
        from lossbook.lessons import LESSONS

        root = REPO / "notebooks"
        course = [Path(entry.notebook).relative_to("notebooks") for entry in LESSONS]
    print(f"{len(course)} course notebook(s) in {root.name}, {args.presses} presses per slider, "
          f"front ends: {', '.join(frontends)}\n")

    runs = []
    for frontend in frontends:
        t = time.perf_counter()
        run = bench_frontend(frontend, root, course, args)
        run["wall_s"] = time.perf_counter() - t
        runs.append(run)

    failed = []
    for run in runs:
        print(f"\n=== {FRONTENDS[run['frontend']]}")
        print_details([{**r, "path": f"baseline {name}: {r['path']}"} for name, r in run["baselines"].items()]
                      + run["course"])
        failed += [f"{run['frontend']}: {r['path']}" for r in [*run["baselines"].values(), *run["course"]] if "error" in r]

    ms = "ms"
    print(f"\nSlider latency, keydown -> first frame that shows the change (median over every press; 'figure': the new"
          f" figure on screen). Ratios: the course over the '{RATIO_BASELINE}' baseline of the same front end and run.")
    head = (f"{'front end':<11} {'baseline':<16} {'baseline any':>12} {'figure':>8}   {'course any':>10} {'figure':>8}"
            f"   {'ratio any':>9} {'figure':>7}")
    print(head)
    print("-" * len(head))
    summary = []
    for run in runs:
        course_ok = [r for r in run["course"] if "error" not in r]
        c_any = median_or_nan([v for r in course_ok for v in pooled(r, "any")])
        c_fig = median_or_nan([v for r in course_ok for v in pooled(r, "figure")])
        for name, r in run["baselines"].items():
            b_any, b_fig = median_or_nan(pooled(r, "any")), median_or_nan(pooled(r, "figure"))
            ratio_any, ratio_fig = c_any / b_any, c_fig / b_fig
            print(f"{run['frontend']:<11} {name:<16} {b_any:10.1f}{ms} {b_fig:6.1f}{ms}   {c_any:8.1f}{ms} "
                  f"{c_fig:6.1f}{ms}   {ratio_any:8.2f}x {ratio_fig:6.2f}x")
            summary.append({"frontend": run["frontend"], "baseline": name, "baseline_any_ms": b_any,
                            "baseline_figure_ms": b_fig, "course_any_ms": c_any, "course_figure_ms": c_fig})
        if run["frontend"] == "classic":
            print(f"{'':<11} (no @interact baseline in the classic Notebook: with ipywidgets 7 and today's "
                  "matplotlib-inline it shows its figure but not its slider)")
    for row in summary:
        if row["baseline"] == RATIO_BASELINE:
            ratio = row["course_any_ms"] / row["baseline_any_ms"]
            print(f"{row['frontend']}: course median {ratio:.2f}x the {RATIO_BASELINE} baseline "
                  f"(target <= {TARGET_RATIO}x: {'met' if ratio <= TARGET_RATIO else 'NOT met'})")
    if failed:
        print(f"notebooks that failed to run in the browser: {failed}")

    nbval = None
    if not args.no_nbval:
        if course:
            print(f"\nnbval over {root.name} ...", flush=True)
            seconds, rc = time_nbval(root)
            nbval = {"seconds": seconds, "returncode": rc}
            verdict = "met" if seconds < TARGET_NBVAL_SECONDS else "NOT met"
            verdict = verdict if rc == 0 else f"nbval FAILED (exit {rc}), so the time is not comparable"
            print(f"nbval wall time: {seconds:.1f} s (target < {TARGET_NBVAL_SECONDS} s: {verdict})")
        else:
            print("\nnbval: no notebook to time")

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"runs": runs, "summary": summary, "nbval": nbval}, indent=1))
        print(f"raw measurements: {args.json}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
