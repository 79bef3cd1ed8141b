"""Jupyter front ends in a real Chromium: the machinery behind tests/test_browser.py (with tests/a11y_checks.py) and
benchmarks/bench_browser.py.

Three front ends (``FRONTENDS``), each started by ``LabServer(sources, frontend=...)``:

* ``"lab"``: JupyterLab 4 from the running interpreter's environment (.venv);
* ``"notebook7"``: Jupyter Notebook 7 (``jupyter notebook``) from the same environment;
* ``"classic"``: the classic Notebook 6.5 with ipywidgets 7 and widgetsnbextension 3.6, server *and* kernel from
  .venv-colab (Google Colab's pinned stack, built by tools/testenv.py; ``classic_python()`` builds it on first use).
  It is the nearest stand-in for Colab's own renderer that runs here.

Not a test module (no ``test_`` prefix): it holds

* notebook discovery (every ``notebooks/**/*.ipynb``, or the folder / file named by ``LOSSBOOK_NOTEBOOKS``),
* ``LabServer``: one of the front ends on a free 127.0.0.1 port, token auth on, in a temporary copy of the notebooks,
  with its own config, settings and workspaces folders (no news, no update check, no restored workspace), stopped
  with its whole process group,
* finding Debian's Chromium and the flags it needs on a closed network,
* page helpers that open a notebook, run it, collect its errors, find its sliders, toggle buttons, dropdowns,
  checkboxes and "Lock in" buttons, fingerprint widget outputs and measure the widgets' layout. They take the page
  and the notebook's path only: the JavaScript finds out which front end the page is (``window.jupyterapp`` in
  JupyterLab and Notebook 7, ``window.Jupyter.notebook`` in the classic Notebook), and the CSS selectors match both
  DOMs (``.jp-OutputArea-output`` / ``.output_subarea``; ipywidgets 8's noUiSlider / ipywidgets 7's jQuery UI slider).

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

# The settings the course ships for JupyterLab and Notebook 7 (keyboard use of the widgets): what `make lab` installs.
COURSE_SETTINGS = REPO / "jupyter-settings" / "lossbook.json5"


def settings_overrides() -> dict:
    """SETTINGS_OVERRIDES plus the course's own jupyter-settings/lossbook.json5 (JSON with ``//`` comment lines)."""
    merged = dict(SETTINGS_OVERRIDES)
    if COURSE_SETTINGS.is_file():
        text = "\n".join(line for line in COURSE_SETTINGS.read_text(encoding="utf-8").splitlines()
                         if not line.lstrip().startswith("//"))
        for plugin, values in json.loads(text).items():
            merged[plugin] = {**merged.get(plugin, {}), **values}
    return merged


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
# Front ends

FRONTENDS = {
    "lab": "JupyterLab 4 (ipywidgets 8)",
    "notebook7": "Jupyter Notebook 7 (ipywidgets 8)",
    "classic": "classic Notebook 6.5 with ipywidgets 7 (Colab's stack, .venv-colab)",
}
COLAB_ENV = REPO / ".venv-colab"


def _env_python(env: Path) -> Path:
    return env / ("Scripts" if os.name == "nt" else "bin") / ("python.exe" if os.name == "nt" else "python")


def classic_python(*, build: bool = True) -> tuple[str | None, str]:
    """The interpreter of .venv-colab, which serves the classic Notebook and runs its kernels: (path, versions) or
    (None, why not). With ``build``, ``tools/testenv.py colab`` builds or refreshes it first (a no-op when its inputs
    did not change; a few minutes the first time)."""
    if build:
        cmd = [sys.executable, str(REPO / "tools" / "testenv.py"), "colab", "--skip-tests", "--skip-notebooks"]
        proc = subprocess.run(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if proc.returncode != 0:
            return None, f"tools/testenv.py colab could not build .venv-colab:\n{proc.stdout[-3000:]}"
    python = _env_python(COLAB_ENV)
    if not python.is_file():
        return None, ".venv-colab does not exist: python tools/testenv.py colab builds it"
    probe = (
        "import json, notebook, ipywidgets, widgetsnbextension, ipykernel;"
        "print(json.dumps([notebook.__version__, ipywidgets.__version__, widgetsnbextension.__version__,"
        " ipykernel.__version__]))"
    )
    proc = subprocess.run([str(python), "-c", probe], cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0:
        return None, f".venv-colab lacks the classic Notebook stack: {proc.stderr.strip()[-600:]}"
    nb, ipw, ext, ipk = json.loads(proc.stdout)
    if not (nb.startswith("6.") and ipw.startswith("7.") and ext.startswith("3.")):
        return None, f".venv-colab has notebook {nb}, ipywidgets {ipw}, widgetsnbextension {ext}: not a classic stack"
    return str(python), f"notebook {nb}, ipywidgets {ipw}, widgetsnbextension {ext}, ipykernel {ipk}"


# ----------------------------------------------------------------------------------------------------------------
# The server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """A Jupyter front end serving a temporary copy of some notebooks; use as a context manager.

    ``sources`` maps a folder name inside the served root to a notebook folder or a single notebook to copy there,
    e.g. ``{"notebooks": Path("notebooks")}``; notebooks are then addressed as ``"notebooks/00-start-here.ipynb"``.
    ``frontend`` is one of ``FRONTENDS``; ``python`` the interpreter that serves it (and whose kernel runs the
    notebooks): the running one by default, .venv-colab's for ``"classic"`` (see ``classic_python``).
    """

    def __init__(self, sources: dict[str, Path], *, frontend: str = "lab", python: str | None = None,
                 startup_timeout: float = 90.0):
        if frontend not in FRONTENDS:
            raise ValueError(f"frontend must be one of {sorted(FRONTENDS)}, got {frontend!r}")
        self.frontend = frontend
        if python is None and frontend == "classic":
            python, why = classic_python()
            if python is None:
                raise RuntimeError(why)
        self.python = python or sys.executable
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
        (dirs["app-settings"] / "overrides.json").write_text(json.dumps(settings_overrides(), indent=1))
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
        if self.frontend == "notebook7":
            # Notebook 7 takes the same settings under its app's name; where JupyterLab is installed too (as here),
            # JupyterLab's extension serves /lab/api/settings for both, so LabApp's section stays.
            config["JupyterNotebookApp"] = {k: v for k, v in config["LabApp"].items()
                                            if k not in ("news_url", "check_for_updates_class")}
        if self.frontend == "classic":  # the classic Notebook is its own server (notebook 6), with its own config
            config = {"NotebookApp": {"ip": "127.0.0.1", "port_retries": 0, "open_browser": False,
                                      "notebook_dir": str(self.root)}}
            (dirs["config"] / "jupyter_notebook_config.json").write_text(json.dumps(config, indent=1))
        else:
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
        app = "NotebookApp" if self.frontend == "classic" else "ServerApp"
        cmd = [
            self.python,
            "-m",
            "jupyterlab" if self.frontend == "lab" else "notebook",
            "--no-browser",
            f"--{app}.port={self.port}",
            f"--{app}.token={self.token}" if self.frontend == "classic" else f"--IdentityProvider.token={self.token}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log_path = home / f"{self.frontend}.log"
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                cmd, cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if self.proc.poll() is not None:
                log = self.log_tail()
                self.stop()
                raise RuntimeError(f"{FRONTENDS[self.frontend]} exited with {self.proc.returncode} while starting:\n{log}")
            try:
                if self.api("GET", "/api/status", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                log = self.log_tail()
                self.stop()
                raise RuntimeError(f"{FRONTENDS[self.frontend]} did not answer within {self.startup_timeout:.0f} s:\n{log}")
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
        """URL opening ``path`` (relative to the served root) in this front end, with the token (and in JupyterLab a
        fresh workspace)."""
        from urllib.parse import quote

        if self.frontend == "lab":
            return f"{self.base_url}/lab/tree/{quote(path)}?reset&token={self.token}"
        return f"{self.base_url}/notebooks/{quote(path)}?token={self.token}"


# ----------------------------------------------------------------------------------------------------------------
# Page helpers (Playwright sync API). In JupyterLab and Notebook 7 the JavaScript goes through window.jupyterapp
# (expose_app_in_browser), in the classic Notebook through window.Jupyter.notebook; _JS_NB hides the difference.

# Where a notebook's outputs are, in each DOM: one output (the element a widget view is rendered into) and the
# notebook around them.
OUTPUT_CSS = ":is(.jp-OutputArea-output, .output_subarea)"
NOTEBOOK_CSS = ":is(.jp-Notebook, #notebook-container)"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

# nb(path): {kind: 'jp' | 'classic', node, codeCells: [{source, outputs, running, count}], dialogs, status, ready}
_JS_NB = r"""
const nb = (path) => {
  const app = window.jupyterapp;
  if (app) {
    let w = null;
    for (const x of app.shell.widgets('main')) if (x.context && x.context.path === path && x.content && x.content.model) w = x;
    if (!w) return null;
    const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
    const cells = w.content.widgets.filter(c => c.model.type === 'code');
    return {
      kind: 'jp', w, node: w.content.node, kernel,
      ready: !!kernel && w.context.isReady,
      status: kernel ? kernel.status : null,
      codeCells: cells.map(c => ({
        source: c.model.sharedModel.getSource(),
        outputs: c.model.outputs.toJSON(),
        running: c.model.executionState === 'running' || /\*/.test(c.promptNode ? c.promptNode.textContent : ''),
        count: c.model.executionCount,
      })),
      dialogs: [...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText.trim().slice(0, 300)),
      runAll: () => { app.shell.activateById(w.id); return app.commands.execute('notebook:run-all-cells'); },
    };
  }
  const J = window.Jupyter;
  if (!J || !J.notebook || J.notebook.notebook_path !== path) return null;
  const n = J.notebook, kernel = n.kernel;
  const icon = document.querySelector('#kernel_indicator_icon');
  const cells = n.get_cells().filter(c => c.cell_type === 'code');
  const watch = window.__lossbook;
  return {
    kind: 'classic', node: document.querySelector('#notebook-container'), kernel,
    ready: !!(n._fully_loaded && kernel && kernel.is_connected()),
    status: !(kernel && kernel.is_connected()) ? null
          : icon && icon.classList.contains('kernel_idle_icon') ? 'idle' : 'busy',
    codeCells: cells.map(c => ({
      source: c.get_text(),
      outputs: c.output_area.outputs,
      running: c.element[0].classList.contains('running') || /\*/.test(c.element.find('.input_prompt').text()),
      // the classic Notebook keeps a saved notebook's prompt numbers: a cell counts as run once the kernel has
      // echoed its code (execute_input) since Run All
      count: watch && watch.inputs !== undefined ? (watch.inputs.includes(c.get_text()) ? 1 : null) : c.input_prompt_number,
    })),
    dialogs: [...document.querySelectorAll('.modal.in .modal-dialog, .modal.show .modal-dialog')]
      .map(d => d.innerText.trim().slice(0, 300)),
    runAll: () => { window.__lossbook.inputs = []; n.execute_all_cells(); },
  };
};
"""


def _with_nb(function: str) -> str:
    """A JS expression: ``function`` (an arrow function's source) with ``nb(path)`` in scope."""
    return "(() => {\n%s\nreturn %s;\n})()" % (_JS_NB, function.strip())


_JS_WATCH_KERNEL = _with_nb(r"""
(path) => {
  const s = nb(path);
  window.__lossbook = {errors: [], stderr: []};
  const record = (msg) => {
    const t = msg.header.msg_type, c = msg.content;
    if (t === 'error') window.__lossbook.errors.push(`${c.ename}: ${c.evalue}\n${(c.traceback || []).join('\n')}`);
    if (t === 'stream' && c.name === 'stderr') window.__lossbook.stderr.push(c.text);
    if (t === 'execute_input' && window.__lossbook.inputs) window.__lossbook.inputs.push(c.code);
  };
  if (s.kind === 'jp') {
    s.kernel.iopubMessage.connect((_, msg) => record(msg));
  } else {
    // notebook 6's kernel dispatches every iopub message through this method (kernel.js _finish_ws_message)
    const k = s.kernel, orig = k._handle_iopub_message;
    k._handle_iopub_message = function (msg) { try { record(msg); } catch (e) {} return orig.apply(this, arguments); };
  }
  return true;
}
""")

_JS_STATE = _with_nb(r"""
(path) => {
  const s = nb(path);
  if (!s) return {ready: false};
  const code = s.codeCells.filter(c => c.source.trim() !== '');
  return {
    ready: s.ready,
    kernel: s.status,
    running: s.codeCells.filter(c => c.running).length,
    unexecuted: code.filter(c => c.count === null || c.count === undefined).length,
    cells: code.length,
    dialogs: s.dialogs,
  };
}
""")

_JS_PROBLEMS = _with_nb(r"""
(path) => {
  const s = nb(path);
  const node = s.node;
  const problems = [];
  s.codeCells.forEach((cell, i) => {
    for (const out of cell.outputs) {
      if (out.output_type === 'error') problems.push(`code cell ${i + 1}: error output ${out.ename}: ${out.evalue}`);
      if (out.output_type === 'stream' && out.name === 'stderr' && /Traceback/.test([].concat(out.text).join('')))
        problems.push(`code cell ${i + 1}: Traceback on stderr: ${[].concat(out.text).join('').slice(-500)}`);
    }
  });
  for (const el of node.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .output_stderr')) {
    if (/Traceback|Error/.test(el.textContent)) problems.push(`error shown in the page: ${el.textContent.trim().slice(-500)}`);
  }
  for (const el of node.querySelectorAll('.jp-OutputArea-output, .output_subarea')) {
    const t = el.textContent;
    if (/Error displaying widget/.test(t)) problems.push(`"Error displaying widget" in the page: ${t.trim().slice(0, 300)}`);
    if (/Widget Javascript not detected|could not be displayed because the widget state could not be found/.test(t))
      problems.push(`a widget did not render (no widget manager): ${t.trim().slice(0, 300)}`);
  }
  // A view that threw while rendering: ipywidgets shows its error widget ("Click to show javascript error.") with
  // the message behind a click.
  for (const el of node.querySelectorAll('.jupyter-widgets-error-widget')) {
    if (!/Failed to create view|Error/.test(el.innerText)) el.click();
    problems.push(`a widget failed to render (ipywidgets error widget): ${el.innerText.replace(/\s+/g, ' ').trim().slice(0, 600)}`);
  }
  const w = window.__lossbook || {errors: [], stderr: []};
  const plain = (x) => x.replace(/\u001b\[[0-9;]*m/g, '');
  for (const e of w.errors) problems.push(`kernel error message: ${plain(e).slice(-1200)}`);
  for (const x of w.stderr) if (/Traceback/.test(x)) problems.push(`Traceback on the kernel's stderr: ${plain(x).slice(-1200)}`);
  for (const d of s.dialogs) problems.push(`dialog open: ${d}`);
  return [...new Set(problems)];
}
""")

# Widget outputs not rendered (yet): JupyterLab and Notebook 7 show "Loading widget..." until the view is there; the
# classic Notebook shows nothing, so there it is the outputs that carry a widget view without a rendered view.
_JS_LOADING = _with_nb(r"""
(path) => {
  const s = nb(path);
  const outs = [...s.node.querySelectorAll('.jp-OutputArea-output, .output_subarea')];
  const loading = outs.filter(el => el.textContent.trim() === 'Loading widget...').length;
  if (s.kind === 'jp') return loading;
  const views = s.codeCells.reduce((n, c) => n + c.outputs.filter(o => o.data && o.data['%s']).length, 0);
  const shown = outs.filter(el => el.querySelector(':scope > .jupyter-widgets, :scope > .widget-container, .jupyter-widgets')).length;
  return loading + Math.max(0, views - shown);
}
""" % WIDGET_MIME)

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
  const area = handle.closest('.jp-OutputArea-output, .output_subarea') || handle.closest('.jp-Cell, .cell') || document.body;
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

# Sliders: ipywidgets' IntSlider, FloatSlider, the range and selection sliders (all carry .widget-slider; a
# noUiSlider handle in ipywidgets 8, a jQuery UI one in ipywidgets 7). Vertical ones move with ArrowUp, horizontal
# ones with ArrowRight.
SLIDER_SELECTOR = f"{NOTEBOOK_CSS} {OUTPUT_CSS} .widget-slider"
HANDLE_SELECTOR = ".noUi-handle, .ui-slider-handle"

# The other controls (toggle buttons, dropdowns, checkboxes), in page order.
CONTROL_SELECTOR = ", ".join(
    f"{NOTEBOOK_CSS} {OUTPUT_CSS} {css}" for kind, css in CONTROL_CLASSES.items() if kind != "slider"
)
# The predict-then-reveal widget's button (lossbook.exercises): pressing it reveals the answer in the widget's Output.
LOCK_IN_SELECTOR = f"{NOTEBOOK_CSS} {OUTPUT_CSS} button.widget-button"
LOCK_IN_TEXT = "Lock in"


def open_notebook(page, server: LabServer, path: str, *, timeout: float = 120.0) -> None:
    """Load the server's front end on ``path`` and wait for its kernel to be idle; start watching the kernel's iopub
    messages."""
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
    page.evaluate(_with_nb("(path) => { window.__lossbook_runall = nb(path).runAll(); return true; }"), path)
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
               // ipywidgets 8: a noUiSlider with a disabled attribute; 7: a jQuery UI slider with ui-slider-disabled
               disabled: !!s.querySelector('[disabled], .ui-slider-disabled, .ui-state-disabled')
                         || !!(h.closest('.noUi-target') && h.closest('.noUi-target').hasAttribute('disabled')),
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
    """The text that a "Lock in" button's widget shows beside its controls (the status and the revealed answer: HTML
    widgets, or an Output widget in older versions); None when the button is not inside a widget box."""
    return button.evaluate(
        """(b) => {
             let box = b.parentElement;
             while (box && !box.classList.contains('widget-box') && !box.classList.contains('jp-OutputArea-output')
                    && !box.classList.contains('output_subarea'))
               box = box.parentElement;
             if (!box || !box.classList.contains('widget-box')) return null;
             // the outermost box of this widget (the button may sit in an inner row)
             while (box.parentElement && box.parentElement.classList.contains('widget-box')) box = box.parentElement;
             const clone = box.cloneNode(true);
             clone.querySelectorAll('button, .widget-slider, .widget-readout, script, style').forEach(n => n.remove());
             return clone.textContent.replace(/\\s+/g, ' ').trim();
           }"""
    )


# ----------------------------------------------------------------------------------------------------------------
# Layout: does each lesson widget read well in this front end?

MIN_TRACK_PX = 150  # a slider track shorter than this cannot be set with the mouse to the step the lesson asks for
MIN_READOUT_PX = 280  # the readout's lines ("p = 0.30, loss = 1.204  ...") fit on one line each from here

# Per lesson widget (an Explorer: an HBox holding an Image and a panel that ends with the .lossbook-readout): the
# boxes of its output area, the figure, the panel, the readout, every slider track, every control and every
# description label.
_JS_LAYOUT = r"""
() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width}; };
  const out = [];
  for (const readout of document.querySelectorAll('.lossbook-readout')) {
    const panel = readout.parentElement;
    const widget = panel.parentElement;
    const area = widget.closest('.jp-OutputArea-output, .output_subarea');
    if (!area || !area.offsetParent) continue;  // not shown (a collapsed output)
    const img = widget.querySelector(':scope > img, :scope > .widget-image');
    const labels = [...widget.querySelectorAll('.widget-label')].filter(l => l.offsetParent && l.textContent.trim());
    out.push({
      area: box(area), areaOverflow: area.scrollWidth - area.clientWidth,
      widget: box(widget), widgetOverflow: widget.scrollWidth - widget.clientWidth,
      figure: img ? box(img) : null, panel: box(panel), readout: box(readout),
      title: (panel.querySelector('b') || {}).textContent || '',
      tracks: [...widget.querySelectorAll('.widget-hslider')].map(s => ({
        label: (s.querySelector('.widget-label') || {}).textContent || '',
        track: box(s.querySelector('.noUi-target, .ui-slider') || s),
      })),
      controls: [...panel.children].filter(c => c !== readout).map(c => ({cls: c.className, box: box(c)})),
      cut: labels.filter(l => l.scrollWidth > l.clientWidth + 1).map(l => l.textContent.trim()),
      // the readout's text lines, and the lines they take on screen (more: a line wrapped)
      lines: (() => { const d = readout.querySelector('[role=status]');
                      return d ? d.textContent.replace(/\n$/, '').split('\n').length : 0; })(),
      shown: (() => { const d = readout.querySelector('[role=status]');
                      return d ? Math.round(d.getBoundingClientRect().height / parseFloat(getComputedStyle(d).lineHeight)) : 0; })(),
    });
  }
  return out;
}
"""


def widget_layouts(page) -> list[dict]:
    """The measured layout of every lesson widget on the page (boxes in CSS px; see ``_JS_LAYOUT``)."""
    return page.evaluate(_JS_LAYOUT)


def layout_problems(page) -> list[str]:
    """What makes a lesson widget read badly: a slider track under MIN_TRACK_PX, a readout narrower than its panel
    (or than MIN_READOUT_PX when the panel has room for it) or whose lines wrap in a panel narrower than the output
    area, anything wider than the output area,
    a control that sticks out of its panel, a description cut short."""
    found = []
    for n, w in enumerate(widget_layouts(page), 1):
        name = f"widget {n}" + (f" ({w['title'].strip()})" if w["title"].strip() else "")
        for t in w["tracks"]:
            if t["track"]["width"] < MIN_TRACK_PX:
                found.append(f"{name}: the track of slider {t['label'].strip()!r} is {t['track']['width']:.0f} px "
                             f"wide (at least {MIN_TRACK_PX} px wanted)")
        want = min(w["panel"]["width"] - 2, max(MIN_READOUT_PX, 0.95 * w["panel"]["width"]))
        if w["readout"]["width"] < want:
            found.append(f"{name}: the readout is {w['readout']['width']:.0f} px wide in a "
                         f"{w['panel']['width']:.0f} px panel (at least {want:.0f} px wanted)")
        if w["panel"]["width"] < min(MIN_READOUT_PX, w["area"]["width"] - 2):
            found.append(f"{name}: the control panel is {w['panel']['width']:.0f} px wide in a "
                         f"{w['area']['width']:.0f} px output area")
        for key in ("areaOverflow", "widgetOverflow"):
            if w[key] > 1:
                where = "output area" if key == "areaOverflow" else "widget"
                found.append(f"{name}: the {where} overflows horizontally by {w[key]:.0f} px (a scrollbar)")
        right = w["area"]["right"] + 1
        for part in ("widget", "figure", "panel", "readout"):
            if w[part] and w[part]["right"] > right:
                found.append(f"{name}: its {part} ends {w[part]['right'] - right + 1:.0f} px beyond the output area")
        for c in w["controls"]:
            if c["box"]["right"] > w["panel"]["right"] + 1:
                found.append(f"{name}: a control ({c['cls'].split()[-1]}) ends "
                             f"{c['box']['right'] - w['panel']['right']:.0f} px beyond its panel")
        # A line longer than the whole output area wraps; any other wrap means the panel could have been wider.
        if w["shown"] > w["lines"] and w["readout"]["width"] < w["area"]["width"] - 24:
            found.append(f"{name}: the readout's {w['lines']} line(s) wrap onto {w['shown']} in its "
                         f"{w['readout']['width']:.0f} px")
        for label in w["cut"]:
            found.append(f"{name}: the description {label!r} is cut short")
    return found


def screenshot_widgets(page, folder: Path, prefix: str) -> list[Path]:
    """A screenshot of every lesson widget on the page (``prefix``-1.png, ...), for a person to look at."""
    folder.mkdir(parents=True, exist_ok=True)
    shots = []
    readouts = page.locator(".lossbook-readout")
    for i in range(readouts.count()):
        widget = readouts.nth(i).locator("xpath=../..")
        widget.scroll_into_view_if_needed()
        path = folder / f"{prefix}-{i + 1}.png"
        widget.screenshot(path=str(path))
        shots.append(path)
    return shots
