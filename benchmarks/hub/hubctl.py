"""A real JupyterHub for a class on this machine: build its environment, create learners, start it, stop it.

    python benchmarks/hub/hubctl.py serve --learners 3     # a hub on 127.0.0.1 with 3 learners; Ctrl-C stops it
    python benchmarks/hub/hubctl.py build                  # only build (or check) the hub environment
    python benchmarks/hub/hubctl.py cleanup                # remove learner accounts left by a run that crashed

What it sets up (the same pieces as The Littlest JupyterHub, on loopback only):

* **The hub environment** (``benchmarks/hub/env/``, git-ignored, rebuilt only when its inputs change): a Python venv
  with ``jupyterhub`` and the course itself (``lossbook`` and everything in requirements.txt: JupyterLab, ipykernel,
  NumPy, Matplotlib, ipywidgets), plus ``configurable-http-proxy`` from npm in ``env/node``. The hub, the learners'
  single-user servers and their kernels all run from it, so a learner's kernel is the course's environment.
  The course's pins are used as upper bounds: the tested version wherever the interpreter allows it.
* **Learners are real system users** (``useradd``, a random password each, home 0700), authenticated by JupyterHub's
  default PAMAuthenticator and started by its default LocalProcessSpawner: each learner's server and kernels run as
  that learner's Unix user. Only root can do this; the accounts are deleted (with their homes) when the hub stops.
* **Each learner gets a copy of the course** through the spawner's ``pre_spawn_hook`` (see jupyterhub_config.py): the
  notebooks are copied to ``~/lossbook/`` on the first start, and never over a learner's own work afterwards.

The Python that runs this script needs only the standard library and psutil (the project's .venv has both).
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CONFIG = HERE / "jupyterhub_config.py"

#: What the hub environment adds to the course's own requirements.
HUB_REQUIREMENTS = ["jupyterhub==6.1.1", "setuptools>=77", "wheel"]
LAB_OVERRIDES = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}
#: Marks the accounts this script creates (the GECOS field), so cleanup never touches anyone else's.
ACCOUNT_MARK = "lossbook hub learner"


# ----------------------------------------------------------------------------------------------------------------
# The environment


def _others_can_traverse(path: Path) -> bool:
    """Whether a user other than the owner can reach ``path`` (every folder on the way has o+x)."""
    path = path.resolve()
    for p in [path, *path.parents]:
        try:
            if not p.stat().st_mode & stat.S_IXOTH:
                return False
        except OSError:
            return False
    return True


def default_env_dir() -> Path:
    """``benchmarks/hub/env`` when learners can reach it; otherwise a folder under the system's temp dir.

    The learners' servers run as other users, so the environment must be readable by them: a clone inside a
    private home (mode 0700) cannot hold it. ``$LOSSBOOK_HUB_ENV`` overrides both.
    """
    if os.environ.get("LOSSBOOK_HUB_ENV"):
        return Path(os.environ["LOSSBOOK_HUB_ENV"]).resolve()
    if _others_can_traverse(HERE):
        return HERE / "env"
    digest = hashlib.sha256(str(REPO).encode()).hexdigest()[:10]
    return Path(tempfile.gettempdir()) / f"lossbook-hub-{digest}" / "env"


def _runs_as_other_user(python: str) -> bool:
    """Whether ``python`` starts for an unprivileged user (``nobody``): its binary, libraries and stdlib readable."""
    if os.geteuid() != 0:
        return os.access(python, os.X_OK)
    try:
        nobody = pwd.getpwnam("nobody")
        r = subprocess.run(
            [python, "-c", "import encodings, venv, ensurepip"],
            user=nobody.pw_uid,
            group=nobody.pw_gid,
            extra_groups=[],
            capture_output=True,
            timeout=30,
            cwd="/",
        )
    except (OSError, subprocess.SubprocessError, KeyError, ValueError):
        return False
    return r.returncode == 0


def base_python() -> str:
    """An interpreter the learners can run: this one's base interpreter, else the system's python3.

    (A pyenv Python under /root, as on CI, cannot be run by other users; Debian's /usr/bin/python3 can.)
    """
    candidates = [os.path.realpath(getattr(sys, "_base_executable", sys.executable))]
    candidates += [p for p in ("/usr/bin/python3", "/usr/local/bin/python3") if os.path.exists(p)]
    for c in candidates:
        if _runs_as_other_user(c):
            return c
    raise RuntimeError(
        "no Python interpreter that other users can run was found (tried " + ", ".join(candidates) + "). "
        "Install the system's Python with its venv module (apt-get install python3-venv)."
    )


def _course_constraints() -> list[str]:
    """requirements.txt's pins as upper bounds (``numpy<=2.4.6``): the tested set wherever this Python allows it."""
    out = []
    for line in (REPO / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line and not line.startswith("-"):
            out.append(line.replace("==", "<="))
    return out


def _digest(paths, extra=()) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(str(p.relative_to(REPO)).encode())
        h.update(p.read_bytes())
    for e in extra:
        h.update(str(e).encode())
    return h.hexdigest()


def _run(cmd, log: Path, **kw) -> None:
    with open(log, "ab") as out:
        out.write(("\n$ " + " ".join(map(str, cmd)) + "\n").encode())
        out.flush()
        r = subprocess.run(list(map(str, cmd)), stdout=out, stderr=subprocess.STDOUT, **kw)
    if r.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{cmd[0]} failed (exit {r.returncode}); log {log}:\n{tail}")


def build_env(env_dir: Path | None = None, *, quiet: bool = False) -> Path:
    """Build the hub environment if its inputs changed (else reuse it); reinstall lossbook if its source changed.

    Returns the environment's folder. Raises RuntimeError (with the log's tail) if anything fails to install.
    """
    env_dir = Path(env_dir or default_env_dir())
    env_dir.parent.mkdir(parents=True, exist_ok=True)
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    python = base_python()
    version = subprocess.run([python, "-c", "import sys; print(sys.version)"], capture_output=True, text=True).stdout
    deps_inputs = [REPO / "requirements.txt", HERE / "package.json", HERE / "package-lock.json"]
    deps_stamp = _digest(deps_inputs, [python, version, *HUB_REQUIREMENTS])
    src_inputs = sorted((REPO / "lossbook").rglob("*.py")) + [REPO / "pyproject.toml"]
    src_stamp = _digest(src_inputs)

    lock_path = env_dir.parent / f".{env_dir.name}.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a test and a benchmark starting together build it once
        deps_file, src_file = env_dir / ".deps-stamp", env_dir / ".lossbook-stamp"
        log = env_dir.parent / f"{env_dir.name}-build.log"
        if not (deps_file.exists() and deps_file.read_text() == deps_stamp):
            t0 = time.monotonic()
            py = env_dir / "bin" / "python"
            base_file = env_dir / ".interpreter"
            # Same interpreter: update the environment in place (pip changes only what the new pins change);
            # otherwise, or if the environment is broken, build it from scratch.
            fresh = not (base_file.exists() and base_file.read_text() == python + version and py.exists())
            say(f"{'building' if fresh else 'updating'} the hub environment in {env_dir} "
                f"({'a few minutes' if fresh else 'under a minute, usually'}; log: {log})")
            log.write_text("")
            if fresh:
                shutil.rmtree(env_dir, ignore_errors=True)
                _run([python, "-m", "venv", env_dir], log)
                base_file.write_text(python + version)
            deps_file.unlink(missing_ok=True)
            cons = env_dir / "course-constraints.txt"
            cons.write_text("\n".join(_course_constraints()) + "\n")
            # Everything requirements.txt names (JupyterLab, ipykernel, NumPy, ...) within its pins, and the hub.
            names = [c.split("<=")[0] for c in _course_constraints()]
            _run([py, "-m", "pip", "install", "--quiet", "--upgrade", "--upgrade-strategy", "only-if-needed",
                  "-c", cons, *HUB_REQUIREMENTS, *names], log)
            node = env_dir / "node"
            node.mkdir(exist_ok=True)
            shutil.copy2(HERE / "package.json", node)
            shutil.copy2(HERE / "package-lock.json", node)
            _run(["npm", "ci", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"], log, cwd=node)
            src_file.unlink(missing_ok=True)
            deps_file.write_text(deps_stamp)
            say(f"hub environment ready in {time.monotonic() - t0:.0f} s")
        if not (src_file.exists() and src_file.read_text() == src_stamp):
            py = env_dir / "bin" / "python"
            # A real copy (not editable): the learners read it from the environment, not from this checkout. Built
            # from a scratch copy of the sources, so no build/ or egg-info lands in the working tree.
            with tempfile.TemporaryDirectory() as build:
                src = Path(build) / "src"
                shutil.copytree(REPO / "lossbook", src / "lossbook",
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
                for name in ("pyproject.toml", "README.md", "LICENSE"):
                    if (REPO / name).exists():
                        shutil.copy2(REPO / name, src / name)
                _run([py, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--force-reinstall",
                      "--no-cache-dir", src], log, cwd=build)
            src_file.write_text(src_stamp)
        # JupyterLab defaults for every learner (overrides.json is where a site sets them): no "would you like to be
        # notified about Jupyter news?" toast and no update check (a class needs neither; the server may be offline).
        settings = env_dir / "share" / "jupyter" / "lab" / "settings"
        settings.mkdir(parents=True, exist_ok=True)
        (settings / "overrides.json").write_text(json.dumps(LAB_OVERRIDES, indent=1))
        for p in (env_dir, env_dir / "bin" / "python"):
            if not _others_can_traverse(p):
                raise RuntimeError(f"the learners cannot reach the hub environment {env_dir}: set LOSSBOOK_HUB_ENV "
                                   "to a folder every user can read")
        fcntl.flock(lock, fcntl.LOCK_UN)
    return env_dir


def freeze_differences(env_dir: Path) -> list[str]:
    """Where the hub environment's versions differ from requirements.txt (e.g. a pin this Python cannot install)."""
    frozen = subprocess.run([env_dir / "bin" / "python", "-m", "pip", "freeze"], capture_output=True, text=True).stdout
    have = {}
    for line in frozen.splitlines():
        if "==" in line:
            name, ver = line.split("==", 1)
            have[name.lower().replace("_", "-")] = ver
    out = []
    for c in _course_constraints():
        name, ver = c.split("<=", 1)
        got = have.get(name.lower().replace("_", "-"))
        if got != ver:
            out.append(f"{name} {got} (course pins {ver})")
    return out


# ----------------------------------------------------------------------------------------------------------------
# Accounts


@dataclass
class Learner:
    name: str
    password: str

    @property
    def home(self) -> Path:
        return Path(pwd.getpwnam(self.name).pw_dir)

    @property
    def uid(self) -> int:
        return pwd.getpwnam(self.name).pw_uid


def _marked_accounts():
    return [p for p in pwd.getpwall() if p.pw_gecos.startswith(ACCOUNT_MARK)]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def kill_user_processes(uid: int) -> None:
    import psutil

    procs = [p for p in psutil.process_iter(["uids"]) if p.info["uids"] and p.info["uids"].real == uid]
    for p in procs:
        try:
            p.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(procs, timeout=10)


def delete_account(name: str) -> None:
    try:
        uid = pwd.getpwnam(name).pw_uid
    except KeyError:
        return
    kill_user_processes(uid)
    subprocess.run(["userdel", "--remove", name], capture_output=True)
    subprocess.run(["groupdel", name], capture_output=True)  # if userdel left the user's group behind


def cleanup_stale_accounts() -> list[str]:
    """Delete accounts this script created for a hub process that no longer runs; returns their names."""
    gone = []
    for p in _marked_accounts():
        try:
            owner = int(p.pw_gecos.rsplit("pid ", 1)[1])
        except (IndexError, ValueError):
            owner = 0
        if not owner or not _pid_alive(owner):
            delete_account(p.pw_name)
            gone.append(p.pw_name)
    return gone


def create_accounts(n: int, tag: str) -> list[Learner]:
    """``n`` system users ``lb<tag>-01``..., each with a random password and a private (0700) home."""
    learners = []
    try:
        for i in range(1, n + 1):
            name = f"lb{tag}-{i:02d}"
            password = secrets.token_urlsafe(12)
            subprocess.run(
                ["useradd", "--create-home", "--shell", "/bin/bash", "--comment", f"{ACCOUNT_MARK}, pid {os.getpid()}",
                 name],
                check=True, capture_output=True,
            )
            subprocess.run(["chpasswd"], input=f"{name}:{password}\n", text=True, check=True, capture_output=True)
            os.chmod(pwd.getpwnam(name).pw_dir, 0o700)
            learners.append(Learner(name, password))
    except (subprocess.CalledProcessError, OSError) as e:
        for lr in learners:
            delete_account(lr.name)
        detail = getattr(e, "stderr", b"") or b""
        raise RuntimeError(f"could not create learner accounts: {e} {detail.decode(errors='replace')}") from e
    return learners


# ----------------------------------------------------------------------------------------------------------------
# The hub


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def course_notebooks(root: Path | None = None) -> list[Path]:
    """Every lesson notebook (``notebooks/**/*.ipynb``, no checkpoints or hidden folders), relative, sorted."""
    root = Path(root or REPO / "notebooks")
    found = [p.relative_to(root) for p in root.rglob("*.ipynb")
             if not any(part.startswith(".") for part in p.relative_to(root).parts)]
    return sorted(found, key=lambda p: p.as_posix())


class Hub:
    """JupyterHub on 127.0.0.1 with ``learners`` fresh accounts; use as a context manager (needs root)."""

    def __init__(self, learners: int, *, env_dir: Path | None = None, course: Path | None = None,
                 startup_timeout: float = 120.0, quiet: bool = False):
        if os.geteuid() != 0:
            raise RuntimeError("the hub creates system users for its learners: run it as root")
        self.n = learners
        self.env_dir = Path(env_dir) if env_dir else None
        self.course = Path(course or REPO / "notebooks")
        self.startup_timeout = startup_timeout
        self.quiet = quiet
        self.tag = secrets.token_hex(2)
        self.learners: list[Learner] = []
        self.proc: subprocess.Popen | None = None
        self.runtime: Path | None = None
        self.port = self.api_token = None

    def __enter__(self) -> Hub:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.env_dir = build_env(self.env_dir, quiet=self.quiet)
        cleanup_stale_accounts()
        self.learners = create_accounts(self.n, self.tag)
        self.runtime = Path(tempfile.mkdtemp(prefix="lossbook-hub-"))
        self.port = free_port()
        self.api_token = secrets.token_hex(32)
        first = next((nb for nb in course_notebooks(self.course)), None)
        settings = {
            "env": str(self.env_dir),
            "course": str(self.course),
            "course_folder": "lossbook",
            "first_notebook": first.as_posix() if first else "",
            "learners": [lr.name for lr in self.learners],
            "port": self.port,
            "hub_port": free_port(),
            "proxy_api_port": free_port(),
            "runtime": str(self.runtime),
        }
        (self.runtime / "settings.json").write_text(json.dumps(settings, indent=1))
        env = {
            "PATH": f"{self.env_dir / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            "LANG": os.environ.get("LANG", "C.UTF-8"),
            "LOSSBOOK_HUB_SETTINGS": str(self.runtime / "settings.json"),
            "LOSSBOOK_HUB_API_TOKEN": self.api_token,
            # The proxy's own secret, shared by the hub and the proxy it starts.
            "CONFIGPROXY_AUTH_TOKEN": secrets.token_hex(32),
        }
        self.log_path = self.runtime / "jupyterhub.log"
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [self.env_dir / "bin" / "jupyterhub", "-f", CONFIG],
                cwd=self.runtime, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited with {self.proc.returncode} while starting:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/hub/api/", timeout=2) as r:
                    if r.status == 200:
                        break
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"JupyterHub did not answer within {self.startup_timeout:.0f} s:\n{self.log_tail()}")
            time.sleep(0.25)

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except (OSError, AttributeError):
            return "(no log)"

    def api(self, method: str, path: str, body=None, timeout: float = 30):
        """A hub REST call with the hub's own service token (admin of users and servers, no access to them)."""
        req = urllib.request.Request(self.url + "/hub/api" + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
        req.add_header("Authorization", f"token {self.api_token}")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                data = r.read()
                return r.status, (json.loads(data) if data else None)
        except urllib.error.HTTPError as e:
            return e.code, None

    def stop_servers(self, timeout: float = 120) -> None:
        """Stop every learner's server (through the hub) and wait until the hub reports them all stopped."""
        for lr in self.learners:
            self.api("DELETE", f"/users/{lr.name}/server")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, users = self.api("GET", "/users")
            if status == 200 and all(not u.get("servers") for u in users if u["name"].startswith(f"lb{self.tag}")):
                return
            time.sleep(0.5)
        raise RuntimeError("the learners' servers did not stop in time")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # the hub stops the learners' servers, then the proxy (cleanup_servers)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                pass
        if proc is not None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the proxy, if the hub could not stop it
            except (ProcessLookupError, PermissionError):
                pass
        for lr in self.learners:
            delete_account(lr.name)
        self.learners = []
        if self.runtime is not None:
            shutil.rmtree(self.runtime, ignore_errors=True)
            self.runtime = None


# ----------------------------------------------------------------------------------------------------------------
# Command line


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve", help="start a hub with N learners until Ctrl-C (or --minutes)")
    s.add_argument("--learners", type=int, default=3)
    s.add_argument("--minutes", type=float, default=60.0, help="stop by itself after this long (default 60)")
    sub.add_parser("build", help="build or check the hub environment")
    sub.add_parser("cleanup", help="delete learner accounts left behind by a hub that no longer runs")
    args = ap.parse_args(argv)
    if args.cmd == "build":
        env = build_env()
        diffs = freeze_differences(env)
        note = f"; differs from requirements.txt: {', '.join(diffs)}" if diffs else ""
        print(f"hub environment ready: {env}{note}")
        return 0
    if args.cmd == "cleanup":
        print("deleted:", ", ".join(cleanup_stale_accounts()) or "nothing")
        return 0
    with Hub(args.learners) as hub:
        print(f"JupyterHub: {hub.url}  (loopback only; stops in {args.minutes:g} min or on Ctrl-C)")
        for lr in hub.learners:
            print(f"  learner {lr.name}  password {lr.password}")
        try:
            deadline = time.monotonic() + args.minutes * 60
            while time.monotonic() < deadline and hub.proc.poll() is None:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        print("stopping: servers, proxy, hub, then the learner accounts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
