"""JupyterLab in a real Chromium: the machinery behind tests/test_browser.py and benchmarks/bench_browser.py.

Not a test module (no ``test_`` prefix): it holds

* notebook discovery (every ``notebooks/**/*.ipynb``, or the folder / file named by ``LOSSBOOK_NOTEBOOKS``),
* ``LabServer``: JupyterLab on a free 127.0.0.1 port, token auth on, in a temporary copy of the notebooks, with its
  own config, settings and workspaces folders (no news, no update check, no restored workspace), stopped with its
  whole process group,
* finding Debian's Chromium and the flags it needs on a closed network,
* page helpers that open a notebook, run it, collect its errors, find its sliders, toggle buttons, dropdowns,
  checkboxes and "Lock in" buttons, and fingerprint widget outputs.

Both callers use Playwright's sync API; this module imports Playwright only inside functions, so it can be imported
(and the tests collected) where Playwright is not installed.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"

INSTALL_HINT = (
    "install Debian's Chromium (sudo apt-get install chromium) and the Python playwright package "
    "(pip install -r requirements-dev.txt); `playwright install` is not needed, the system Chromium is used"
)

# Debian's Chromium as root in a container, on a network that refuses outside connections: no sandbox, no GPU, and
# none of the background requests (component updates, sync, QUIC probes) that would otherwise hang or be refused.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
]

# JupyterLab settings every run starts from (app-settings overrides, so they are defaults, not user choices).
SETTINGS_OVERRIDES = {
    # No "would you like to receive news?" toast, no request to the news feed or the update check.
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    # The copy is throw-away: do not spend CPU writing it back while the test runs.
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    # Never ask before closing a tab with a running kernel.
    "@jupyterlab/notebook-extension:tracker": {"kernelShutdown": False},
}


# ----------------------------------------------------------------------------------------------------------------
# Notebooks


def notebook_root() -> Path:
    """The folder the notebooks are discovered in: ``$LOSSBOOK_NOTEBOOKS`` (a folder, or one notebook) or notebooks/."""
    env = os.environ.get("LOSSBOOK_NOTEBOOKS")
    return Path(env).resolve() if env else NOTEBOOKS


def discover_notebooks(root: Path | None = None) -> list[Path]:
    """Every ``*.ipynb`` under ``root`` (checkpoints excluded), sorted, relative to ``root``.

    If ``root`` is a single notebook, that notebook (relative to its folder).
    """
    root = notebook_root() if root is None else Path(root)
    if root.is_file():
        return [Path(root.name)]
    if not root.is_dir():
        return []
    found = [
        p.relative_to(root)
        for p in root.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]
    return sorted(found, key=lambda p: p.as_posix())


# ----------------------------------------------------------------------------------------------------------------
# Chromium and Playwright


def find_chromium() -> str | None:
    """Path of a Chromium binary: ``$LOSSBOOK_CHROMIUM``, Debian's /usr/lib/chromium/chromium, or one on PATH."""
    env = os.environ.get("LOSSBOOK_CHROMIUM")
    if env:
        return env if os.access(env, os.X_OK) else None
    candidates = [Path("/usr/lib/chromium/chromium")]
    candidates += [Path(p) for p in filter(None, (shutil.which(n) for n in ("chromium", "chromium-browser")))]
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return str(c)
    return None


def browser_unavailable() -> str | None:
    """Why the browser cannot run here (a message with the fix), or None when it can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return f"the Python package playwright is not installed: {INSTALL_HINT}"
    if find_chromium() is None:
        return f"Chromium not found: {INSTALL_HINT}"
    return None


def launch_chromium(playwright):
    """Launch the system Chromium headless through Playwright."""
    return playwright.chromium.launch(executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS)


# ----------------------------------------------------------------------------------------------------------------
# The server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """JupyterLab serving a temporary copy of some notebooks; use as a context manager.

    ``sources`` maps a folder name inside the served root to a notebook folder or a single notebook to copy there,
    e.g. ``{"notebooks": Path("notebooks")}``; notebooks are then addressed as ``"notebooks/00-start-here.ipynb"``.
    """

    def __init__(self, sources: dict[str, Path], *, startup_timeout: float = 90.0):
        self.sources = {name: Path(src) for name, src in sources.items()}
        self.startup_timeout = startup_timeout
        self.token = secrets.token_hex(24)
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self._tmp: tempfile.TemporaryDirectory | None = None
        self.root: Path | None = None
        self.log_path: Path | None = None

    # -- lifecycle

    def __enter__(self) -> LabServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="lossbook-lab-")
        home = Path(self._tmp.name)
        self.root = home / "root"
        self.root.mkdir()
        ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
        for name, src in self.sources.items():
            if src.is_dir():
                shutil.copytree(src, self.root / name, ignore=ignore)
            else:
                (self.root / name).mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, self.root / name / src.name)

        dirs = {d: home / d for d in ("config", "data", "runtime", "settings", "workspaces", "app-settings", "ipython")}
        for d in dirs.values():
            d.mkdir()
        (dirs["app-settings"] / "overrides.json").write_text(json.dumps(SETTINGS_OVERRIDES, indent=1))
        config = {
            "ServerApp": {
                "ip": "127.0.0.1",
                "port_retries": 0,
                "open_browser": False,
                "root_dir": str(self.root),
            },
            "LabApp": {
                "news_url": None,
                "check_for_updates_class": "jupyterlab.NeverCheckForUpdate",
                "expose_app_in_browser": True,  # window.jupyterapp, as galata uses it
                "app_settings_dir": str(dirs["app-settings"]),
                "user_settings_dir": str(dirs["settings"]),
                "workspaces_dir": str(dirs["workspaces"]),
            },
        }
        (dirs["config"] / "jupyter_server_config.json").write_text(json.dumps(config, indent=1))

        env = dict(os.environ)
        # tests/conftest.py sets MPLBACKEND=Agg for pytest; the kernels must get Matplotlib's inline backend instead.
        env.pop("MPLBACKEND", None)
        env.update(
            JUPYTER_CONFIG_DIR=str(dirs["config"]),
            JUPYTER_DATA_DIR=str(dirs["data"]),
            JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
            JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
            JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]),
            JUPYTER_PREFER_ENV_PATH="1",
            IPYTHONDIR=str(dirs["ipython"]),
            PYDEVD_DISABLE_FILE_VALIDATION="1",
            JUPYTER_PLATFORM_DIRS="1",
        )
        self.port = free_port()
        cmd = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--ServerApp.port={self.port}",
            f"--IdentityProvider.token={self.token}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log_path = home / "jupyterlab.log"
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                cmd, cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if self.proc.poll() is not None:
                log = self.log_tail()
                self.stop()
                raise RuntimeError(f"JupyterLab exited with {self.proc.returncode} while starting:\n{log}")
            try:
                if self.api("GET", "/api/status", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                log = self.log_tail()
                self.stop()
                raise RuntimeError(f"JupyterLab did not answer within {self.startup_timeout:.0f} s:\n{log}")
            time.sleep(0.25)

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            # Ask politely first: the server shuts its kernels down before it exits.
            try:
                self.api("POST", "/api/shutdown", timeout=5)
            except OSError:
                pass
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            for sig in (signal.SIGTERM, signal.SIGKILL):
                if proc.poll() is not None:
                    break
                try:
                    os.killpg(proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    continue
        if proc is not None:
            # Anything left in the server's process group (a kernel that ignored the shutdown) goes too.
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except (OSError, AttributeError):
            return "(no log)"

    # -- HTTP

    def api(self, method: str, path: str, *, token: bool = True, timeout: float = 10) -> tuple[int, object]:
        """A REST call; returns (status, decoded JSON or None). HTTP errors return their status, never raise."""
        req = urllib.request.Request(self.base_url + path, method=method)
        if token:
            req.add_header("Authorization", f"token {self.token}")
        if method != "GET":
            req.data = b""
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                body = resp.read()
                status = resp.status
        except urllib.error.HTTPError as e:
            return e.code, None
        try:
            return status, json.loads(body) if body else None
        except ValueError:
            return status, None

    def shutdown_kernels(self) -> None:
        """End every session and kernel, so the next notebook does not share the CPU with the last one's kernel."""
        status, sessions = self.api("GET", "/api/sessions")
        for s in sessions or []:
            self.api("DELETE", f"/api/sessions/{s['id']}")
        status, kernels = self.api("GET", "/api/kernels")
        for k in kernels or []:
            self.api("DELETE", f"/api/kernels/{k['id']}")

    def lab_url(self, path: str) -> str:
        """URL opening ``path`` (relative to the served root) in JupyterLab, with a fresh workspace and the token."""
        from urllib.parse import quote

        return f"{self.base_url}/lab/tree/{quote(path)}?reset&token={self.token}"


# ----------------------------------------------------------------------------------------------------------------
# Page helpers (Playwright sync API). All JavaScript runs against window.jupyterapp (expose_app_in_browser).

_JS_NOTEBOOK = """
(path) => {
  const app = window.jupyterapp;
  if (!app) return null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.content && w.content.model) return w;
  }
  return null;
}
"""

_JS_WATCH_KERNEL = (
    """
(path) => {
  const nb = (%s)(path);
  const kernel = nb.sessionContext.session.kernel;
  window.__lossbook = {errors: [], stderr: []};
  kernel.iopubMessage.connect((_, msg) => {
    const t = msg.header.msg_type, c = msg.content;
    if (t === 'error') window.__lossbook.errors.push(`${c.ename}: ${c.evalue}\\n${(c.traceback || []).join('\\n')}`);
    if (t === 'stream' && c.name === 'stderr') window.__lossbook.stderr.push(c.text);
  });
  return true;
}
"""
    % _JS_NOTEBOOK
)

_JS_STATE = (
    """
(path) => {
  const nb = (%s)(path);
  if (!nb) return {ready: false};
  const kernel = nb.sessionContext.session && nb.sessionContext.session.kernel;
  const cells = nb.content.widgets.filter(c => c.model.type === 'code');
  const code = cells.filter(c => c.model.sharedModel.getSource().trim() !== '');
  return {
    ready: !!kernel && nb.context.isReady,
    kernel: kernel ? kernel.status : null,
    running: cells.filter(c => c.model.executionState === 'running' || /\\*/.test(c.promptNode ? c.promptNode.textContent : '')).length,
    unexecuted: code.filter(c => c.model.executionCount === null).length,
    cells: code.length,
    dialogs: [...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText.trim().slice(0, 300)),
  };
}
"""
    % _JS_NOTEBOOK
)

_JS_PROBLEMS = (
    r"""
(path) => {
  const nb = (%s)(path);
  const node = nb.content.node;
  const problems = [];
  nb.content.widgets.forEach((cell, i) => {
    if (cell.model.type !== 'code') return;
    for (const out of cell.model.outputs.toJSON()) {
      if (out.output_type === 'error') problems.push(`cell ${i + 1}: error output ${out.ename}: ${out.evalue}`);
      if (out.output_type === 'stream' && out.name === 'stderr' && /Traceback/.test([].concat(out.text).join('')))
        problems.push(`cell ${i + 1}: Traceback on stderr: ${[].concat(out.text).join('').slice(-500)}`);
    }
  });
  for (const el of node.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')) {
    if (/Traceback|Error/.test(el.textContent)) problems.push(`error shown in the page: ${el.textContent.trim().slice(-500)}`);
  }
  for (const el of node.querySelectorAll('.jp-OutputArea-output')) {
    const t = el.textContent;
    if (/Error displaying widget/.test(t)) problems.push(`"Error displaying widget" in the page: ${t.trim().slice(0, 300)}`);
  }
  // A view that threw while rendering: ipywidgets shows its error widget ("Click to show javascript error.") with
  // the message behind a click.
  for (const el of node.querySelectorAll('.jupyter-widgets-error-widget')) {
    if (!/Failed to create view|Error/.test(el.innerText)) el.click();
    problems.push(`a widget failed to render (ipywidgets error widget): ${el.innerText.replace(/\s+/g, ' ').trim().slice(0, 600)}`);
  }
  const w = window.__lossbook || {errors: [], stderr: []};
  const plain = (s) => s.replace(/\u001b\[[0-9;]*m/g, '');
  for (const e of w.errors) problems.push(`kernel error message: ${plain(e).slice(-1200)}`);
  for (const s of w.stderr) if (/Traceback/.test(s)) problems.push(`Traceback on the kernel's stderr: ${plain(s).slice(-1200)}`);
  for (const d of document.querySelectorAll('.jp-Dialog')) problems.push(`dialog open: ${d.innerText.trim().slice(0, 300)}`);
  return [...new Set(problems)];
}
"""
    % _JS_NOTEBOOK
)

_JS_LOADING = (
    """
(path) => {
  const nb = (%s)(path);
  return [...nb.content.node.querySelectorAll('.jp-OutputArea-output')]
    .filter(el => el.textContent.trim() === 'Loading widget...').length;
}
"""
    % _JS_NOTEBOOK
)

# Every ipywidgets control a learner can operate in a lesson widget, by kind: the sliders (ipywidgets' IntSlider,
# FloatSlider, the range and selection sliders all carry .widget-slider), ToggleButtons, Dropdown, Checkbox.
CONTROL_CLASSES = {
    "slider": ".widget-slider",
    "toggle": ".widget-toggle-buttons",
    "dropdown": ".widget-dropdown",
    "checkbox": ".widget-checkbox",
}


def _fingerprint_js(exclude: str) -> str:
    """JS: a hash of every image source and the text of the output area around an element, ``exclude`` left out."""
    return """
(handle) => {
  const area = handle.closest('.jp-OutputArea-output') || handle.closest('.jp-Cell') || document.body;
  const parts = [];
  for (const img of area.querySelectorAll('img')) parts.push(img.getAttribute('src') || '');
  for (const cv of area.querySelectorAll('canvas')) { try { parts.push(cv.toDataURL()); } catch (e) {} }
  const clone = area.cloneNode(true);
  clone.querySelectorAll(%s).forEach(n => n.remove());
  parts.push(clone.textContent);
  const s = parts.join('\\u0001');
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return `${s.length}:${(h >>> 0).toString(16)}`;
}
""" % json.dumps(exclude).replace('"', "'")


# A fingerprint of what a slider drives: every image source and the text of the output area the slider lives in,
# with the slider widgets themselves (their own readouts move too) left out. Hashed in the page (image sources are
# data: or blob: URLs, possibly large).
JS_FINGERPRINT = _fingerprint_js(CONTROL_CLASSES["slider"])

# The same for any control: what the widget *shows* (figure, readout, any other text), with every control left out,
# so that a toggle, dropdown or checkbox counts as working only when the output it drives changes, not itself.
JS_OUTPUT_FINGERPRINT = _fingerprint_js(", ".join(CONTROL_CLASSES.values()))

# Sliders: ipywidgets' IntSlider, FloatSlider, the range and selection sliders (all carry .widget-slider and a
# noUiSlider handle). Vertical ones move with ArrowUp, horizontal ones with ArrowRight.
SLIDER_SELECTOR = ".jp-Notebook .jp-OutputArea-output .widget-slider"
HANDLE_SELECTOR = ".noUi-handle"

# The other controls (toggle buttons, dropdowns, checkboxes), in page order.
CONTROL_SELECTOR = ", ".join(
    f".jp-Notebook .jp-OutputArea-output {css}" for kind, css in CONTROL_CLASSES.items() if kind != "slider"
)
# The predict-then-reveal widget's button (lossbook.exercises): pressing it reveals the answer in the widget's Output.
LOCK_IN_SELECTOR = ".jp-Notebook .jp-OutputArea-output button.widget-button"
LOCK_IN_TEXT = "Lock in"


def open_notebook(page, server: LabServer, path: str, *, timeout: float = 60.0) -> None:
    """Load JupyterLab on ``path`` and wait for its kernel to be idle; start watching the kernel's iopub messages."""
    page.goto(server.lab_url(path), wait_until="domcontentloaded", timeout=timeout * 1000)
    page.wait_for_function(
        "(path) => { const s = (%s)(path); return s && s.ready && s.kernel === 'idle'; }" % _JS_STATE,
        arg=path,
        timeout=timeout * 1000,
        polling=100,
    )
    page.evaluate(_JS_WATCH_KERNEL, path)


def notebook_state(page, path: str) -> dict:
    return page.evaluate(_JS_STATE, path)


def run_all(page, path: str, *, timeout: float = 120.0) -> dict:
    """Run All Cells (the Run menu's command) and wait until the kernel is idle and every code cell has run."""
    page.evaluate(
        """(path) => { const nb = (%s)(path); window.jupyterapp.shell.activateById(nb.id);
                       window.__lossbook_runall = window.jupyterapp.commands.execute('notebook:run-all-cells'); }"""
        % _JS_NOTEBOOK,
        path,
    )
    deadline = time.monotonic() + timeout
    state: dict = {}
    while time.monotonic() < deadline:
        state = notebook_state(page, path)
        if state["dialogs"]:
            return state
        if state["kernel"] == "idle" and state["running"] == 0:
            if state["unexecuted"] == 0 or page.evaluate(_JS_PROBLEMS, path):
                # Settled: give queued comm messages and widget renders a moment to land.
                page.wait_for_timeout(100)
                if notebook_state(page, path)["kernel"] == "idle":
                    return state
        page.wait_for_timeout(100)
    state["timeout"] = True
    return state


def wait_for_widgets(page, path: str, *, grace: float = 10.0) -> int:
    """Wait up to ``grace`` seconds for every widget to render; return how many still show "Loading widget..."."""
    deadline = time.monotonic() + grace
    while True:
        n = page.evaluate(_JS_LOADING, path)
        if n == 0 or time.monotonic() > deadline:
            return n
        page.wait_for_timeout(100)


def problems(page, path: str) -> list[str]:
    """Error outputs, Tracebacks on stderr (in the page or sent by the kernel), "Error displaying widget", dialogs."""
    return page.evaluate(_JS_PROBLEMS, path)


def kernel_error_count(page) -> int:
    """How many error messages the kernel has sent since the notebook was opened (widget callbacks included)."""
    return page.evaluate("() => (window.__lossbook || {errors: []}).errors.length")


def wait_kernel_idle(page, path: str, *, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if notebook_state(page, path)["kernel"] == "idle":
            return True
        page.wait_for_timeout(50)
    return False


def slider_handles(page) -> list:
    """One Playwright locator per slider in the notebook: its first noUiSlider handle."""
    sliders = page.locator(SLIDER_SELECTOR)
    return [sliders.nth(i).locator(HANDLE_SELECTOR).first for i in range(sliders.count())]


def slider_describe(handle) -> dict:
    """The slider's label, readout, orientation, whether it is disabled, and its ARIA value / min / max."""
    return handle.evaluate(
        """(h) => {
             const s = h.closest('.widget-slider');
             const label = s.querySelector('.widget-label');
             const readout = s.querySelector('.widget-readout');
             return {
               label: label ? label.textContent.trim() : '',
               readout: readout ? (readout.value !== undefined ? readout.value : readout.textContent).trim()
                                : (h.getAttribute('aria-valuetext') || h.getAttribute('aria-valuenow') || ''),
               vertical: s.classList.contains('widget-vslider'),
               disabled: !!s.querySelector('[disabled]') || h.closest('.noUi-target').hasAttribute('disabled'),
               now: parseFloat(h.getAttribute('aria-valuenow')),
               min: parseFloat(h.getAttribute('aria-valuemin')),
               max: parseFloat(h.getAttribute('aria-valuemax')),
             };
           }"""
    )


def control_locators(page) -> list:
    """One Playwright locator per toggle-buttons, dropdown or checkbox widget in the notebook, in page order."""
    controls = page.locator(CONTROL_SELECTOR)
    return [controls.nth(i) for i in range(controls.count())]


def control_describe(control) -> dict:
    """A control's kind (toggle, dropdown, checkbox), label (its description), current value, options, disabled."""
    return control.evaluate(
        """(el) => {
             const clean = (t) => (t || '').replace(/\\u200b/g, '').replace(/\\s+/g, ' ').trim();
             const kind = el.classList.contains('widget-toggle-buttons') ? 'toggle'
                        : el.classList.contains('widget-dropdown') ? 'dropdown' : 'checkbox';
             // ToggleButtons and Dropdown: the description is the view's .widget-label; a Checkbox without indent
             // puts its description in the <label> around the input.
             const labelEl = kind === 'checkbox'
               ? (el.querySelector('.widget-label-basic') || el.querySelector('.widget-label'))
               : el.querySelector(':scope > .widget-label');
             const out = {kind, label: clean(labelEl && labelEl.textContent), value: '', options: [], disabled: false};
             if (kind === 'toggle') {
               const buttons = [...el.querySelectorAll('button')];
               out.options = buttons.map(b => clean(b.textContent));
               const active = buttons.find(b => b.classList.contains('mod-active'));
               out.value = active ? clean(active.textContent) : '';
               out.disabled = buttons.length > 0 && buttons.every(b => b.disabled);
             } else if (kind === 'dropdown') {
               const sel = el.querySelector('select');
               out.options = sel ? [...sel.options].map(o => clean(o.textContent)) : [];
               out.index = sel ? sel.selectedIndex : -1;
               out.value = sel && sel.selectedIndex >= 0 ? out.options[sel.selectedIndex] : '';
               out.disabled = !sel || sel.disabled;
             } else {
               const box = el.querySelector('input[type=checkbox]');
               out.options = ['unchecked', 'checked'];
               out.value = box && box.checked ? 'checked' : 'unchecked';
               out.disabled = !box || box.disabled;
             }
             return out;
           }"""
    )


def lock_in_buttons(page) -> list:
    """One locator per "Lock in" button of a predict-then-reveal widget."""
    buttons = page.locator(LOCK_IN_SELECTOR).filter(has_text=re.compile(rf"^\s*{LOCK_IN_TEXT}\s*$"))
    return [buttons.nth(i) for i in range(buttons.count())]


def revealed_text(button) -> str | None:
    """The text of the Output widget that belongs with a "Lock in" button (None when there is no such Output)."""
    return button.evaluate(
        """(b) => {
             let box = b.parentElement;
             while (box && !box.querySelector('.widget-output') && !box.classList.contains('jp-OutputArea-output'))
               box = box.parentElement;
             const out = box && box.querySelector('.widget-output');
             return out ? out.innerText.trim() : null;
           }"""
    )
